import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A broker connection opened with a parameter of a helper (`amqp.connect(url)` in `open(url)`), which another helper
 * fills with its own parameter's default (`send(queue, body, url = "amqp://…")`): where it connects is that default when
 * the callers leave the address out, and what they pass otherwise, as for a database connection.
 */

/** An orders service: src/broker.ts holds the helpers, src/server.ts sends with `call`. */
const orders = (defaultUrl: string, call: string): Tree =>
  service("services/orders", ["express", "amqplib"], {
    "src/broker.ts": `import amqp from "amqplib";\nasync function open(url: string) {\n  return (await amqp.connect(url)).createChannel();\n}\nexport async function send(queue: string, body: object, url = ${defaultUrl}) {\n  const channel = await open(url);\n  channel.sendToQueue(queue, Buffer.from(JSON.stringify(body)));\n}\n`,
    "src/server.ts": `import express from "express";\nimport { send } from "./broker";\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  await ${call};\n  res.end();\n});\napp.listen(3000);\n`,
  });

ruleTester("hardcoded-endpoint", {
  valid: [
    { name: "the callers pass the address from the environment", files: orders(`"amqp://rabbit-host"`, `send("orders", req.body, process.env.AMQP_URL!)`) },
    { name: "the default is an environment lookup with a fallback (allowFallbacks)", files: orders(`process.env.AMQP_URL ?? "amqp://rabbit-host"`, `send("orders", req.body)`) },
  ],
  invalid: [
    {
      name: "the callers leave the address out: the default written in the code is where it connects",
      files: orders(`"amqp://rabbit-host"`, `send("orders", req.body)`),
      errors: [{ messageId: "broker", file: "services/orders/src/broker.ts", line: 3, data: { host: "rabbit-host", system: "amqp" } }],
    },
  ],
});
