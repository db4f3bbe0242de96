import { ruleTester, type Tree } from "../helpers.js";

/**
 * A service whose only route looks like a probe (`GET /`) still takes part in a trace when another service of the
 * repository calls it: the request crosses it, and an untraced callee is where the trace stops.
 */

const front = (target: string): Tree => ({
  "docker-compose.yml": "services:\n  front:\n    build: ./front\n  greeter:\n    build: ./greeter\n",
  "front/package.json": { name: "front", main: "server.js", scripts: { start: "node -r ./tracing.js server.js" }, dependencies: { express: "*", "@opentelemetry/sdk-node": "*" } },
  "front/tracing.js": `const { NodeSDK } = require("@opentelemetry/sdk-node");\nnew NodeSDK().start();\n`,
  "front/server.js": `const app = require("express")();\napp.get("/v1/welcome", async (req, res) => {\n  const r = await fetch("${target}", { signal: AbortSignal.timeout(500) });\n  res.send(await r.text());\n});\napp.listen(3000);\n`,
});

const greeter: Tree = {
  "greeter/package.json": { name: "greeter", main: "server.js", scripts: { start: "node server.js" }, dependencies: { express: "*" } },
  "greeter/server.js": `const app = require("express")();\napp.get("/", (req, res) => res.send("hello"));\napp.listen(3000);\n`,
};

ruleTester("missing-tracing", {
  valid: [
    { name: "a root route nobody calls is a probe: the untraced service is not judged", files: { ...front("https://example.com/"), ...greeter } },
    {
      name: "a call from code no service owns (a script at the repository's top) is no hop of a trace",
      files: { ...front("https://example.com/"), ...greeter, "smoke.js": `fetch("http://greeter:3000/").then((r) => console.log(r.status));\n` },
    },
    {
      name: "a health check another service makes is no request to trace",
      files: {
        ...front("http://greeter:3000/healthz"),
        ...greeter,
        "greeter/server.js": `const app = require("express")();\napp.get("/healthz", (req, res) => res.send("ok"));\napp.listen(3000);\n`,
      },
    },
  ],
  invalid: [
    {
      name: "the root route another service calls puts its service on the request's path",
      files: { ...front("http://greeter:3000/"), ...greeter },
      errors: [
        {
          messageId: "missing",
          file: "greeter/server.js",
          line: 1,
          message:
            "greeter serves GET / (front calls it) but starts no distributed tracing: no tracing SDK is loaded by its code, its start command (greeter/package.json:5) or NODE_OPTIONS; start OpenTelemetry before the app (node --import ./telemetry.js)",
        },
      ],
    },
    {
      name: "a service whose routes were not read, known only as called: reported at its own entry, the call as evidence",
      files: {
        ...front("http://greeter:3000/hello"),
        "greeter/package.json": { name: "greeter", main: "server.js", scripts: { start: "node server.js" }, dependencies: {} },
        "greeter/server.js": `require("http").createServer((req, res) => res.end("hello")).listen(3000);\n`,
      },
      errors: [
        {
          messageId: "missing",
          file: "greeter/server.js",
          line: 1,
          message:
            "greeter is called by front (GET http://greeter:3000/hello) but starts no distributed tracing: no tracing SDK is loaded by its code, its start command (greeter/package.json:5) or NODE_OPTIONS; start OpenTelemetry before the app (node --import ./telemetry.js)",
          evidence: ["greeter is called by front (GET http://greeter:3000/hello)", "the entry greeter/server.js loads no tracing SDK", "started with `node server.js`, which preloads no tracer"],
        },
      ],
    },
    {
      name: "a service known only as called, without an entry: reported at a topic of its own code, not at one of a shared library it uses",
      files: {
        ...front("http://greeter:3000/hello"),
        "package.json": { name: "shop", private: true, workspaces: ["front", "greeter", "common/*"] },
        // The library sorts first, so its topic comes first in the model: the finding must still be in greeter's code.
        "common/bus/package.json": { name: "@shop/bus", main: "index.js", dependencies: { kafkajs: "*" } },
        "common/bus/index.js": `const { Kafka } = require("kafkajs");\nconst consumer = new Kafka({ brokers: [process.env.KAFKA] }).consumer({ groupId: "audit" });\nexports.start = async () => {\n  await consumer.subscribe({ topic: "audit" });\n  await consumer.run({ eachMessage: async () => {} });\n};\n`,
        "greeter/package.json": { name: "greeter", dependencies: { kafkajs: "*", "@shop/bus": "*" } },
        "greeter/lib/consume.js": `const bus = require("@shop/bus");\nconst { Kafka } = require("kafkajs");\nconst consumer = new Kafka({ brokers: [process.env.KAFKA] }).consumer({ groupId: "greeter" });\nexports.start = async () => {\n  await bus.start();\n  await consumer.subscribe({ topic: "greetings" });\n  await consumer.run({ eachMessage: async () => {} });\n};\n`,
      },
      errors: [{ messageId: "missing", file: "greeter/lib/consume.js", line: 6 }],
    },
  ],
});
