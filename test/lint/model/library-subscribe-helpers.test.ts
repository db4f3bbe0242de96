import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

// Written for this test: a shared package whose broker class subscribes to the queue its caller names and runs the
// function it is given for each message; two services subscribe through the one instance it exports.
const SHARED_BUS = `import amqp from "amqplib";\nclass Bus {\n  private channel: any;\n  async open() {\n    this.channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();\n  }\n  async send(queue: string, body: unknown) {\n    this.channel.sendToQueue(queue, Buffer.from(JSON.stringify(body)));\n  }\n  async listen(queue: string, onMessage: (text: string) => Promise<void>) {\n    await this.channel.assertQueue(queue);\n    this.channel.consume(queue, async (msg: any) => {\n      await onMessage(msg.content.toString());\n      this.channel.ack(msg);\n    });\n  }\n}\nconst bus = new Bus();\nexport default bus;\n`;

function tree(handlers: { stock: string; mailer: string }): Tree {
  return {
    "package.json": { name: "depot", private: true, workspaces: ["packages/*", "services/*"] },
    "packages/bus/package.json": { name: "@depot/bus", main: "src/index.ts", dependencies: { amqplib: "*" } },
    "packages/bus/src/index.ts": `export { default as bus } from "./bus";\n`,
    "packages/bus/src/bus.ts": SHARED_BUS,
    ...service("services/stock", ["express", "pg", "@depot/bus"], {
      "src/main.ts": `import express from "express";\nimport { bus } from "@depot/bus";\nimport { onOrderPlaced } from "./handlers";\nconst app = express();\napp.get("/v1/stock", (req, res) => res.json([]));\nasync function start() {\n  await bus.open();\n  ${handlers.stock}\n  app.listen(3000);\n}\nvoid start();\n`,
      "src/handlers.ts": `import { Pool } from "pg";\nimport { bus } from "@depot/bus";\nconst db = new Pool({ connectionString: process.env.DATABASE_URL });\nexport async function onOrderPlaced(text: string) {\n  const order = JSON.parse(text);\n  await db.query("UPDATE stock SET quantity = quantity - 1 WHERE item = $1", [order.item]);\n  await bus.send("stock-reserved", order);\n}\n`,
    }),
    ...service("services/mailer", ["express", "@depot/bus"], {
      "src/main.ts": `import express from "express";\nimport { bus } from "@depot/bus";\nconst app = express();\napp.get("/v1/health", (req, res) => res.json({}));\nbus.open().then(() => ${handlers.mailer});\napp.listen(3001);\n`,
    }),
    "docker-compose.yml": "services:\n  stock:\n    build: ./services/stock\n  mailer:\n    build: ./services/mailer\n  rabbit:\n    image: rabbitmq:3\n",
  };
}

const subscriptions = (result: ReturnType<typeof lintTree>) =>
  result.model.topics
    .filter((t) => t.role === "consume" && !t.topic.includes("{"))
    .map((t) => `${t.service} ${t.system} ${t.topic} ${t.inFunction ?? "(no handler)"} ${t.location.file}:${t.location.line}`)
    .sort();

describe("[I] a subscribe helper of a shared package, told its queue and handler by each service", () => {
  it("subscribes, in each calling service, to the queue the call names, handled by the function the call hands over", () => {
    const result = lintTree(tree({ stock: `await bus.listen("order-placed", onOrderPlaced);`, mailer: `bus.listen("stock-reserved", async (text) => console.log(text))` }));
    expect(subscriptions(result)).toEqual([
      "mailer amqp stock-reserved services/mailer/src/main.ts#fn@L5C52 services/mailer/src/main.ts:5",
      "stock amqp order-placed services/stock/src/handlers.ts#fn:onOrderPlaced services/stock/src/main.ts:8",
    ]);
    // The library's own subscription names no queue of its own: no notice that its topic is not fixed.
    expect(result.diagnostics.map((d) => d.message)).not.toContainEqual(expect.stringContaining("from values its own code does not fix"));
  });

  it("the handler's write and publish are a dual write while handling that message", () => {
    const result = lintTree(tree({ stock: `await bus.listen("order-placed", onOrderPlaced);`, mailer: `bus.listen("stock-reserved", async (text) => console.log(text))` }));
    const found = result.findings.filter((f) => f.ruleId === "dual-write").map((f) => f.message);
    expect(found).toEqual([expect.stringContaining("stock writes stock (sql UPDATE) and publishes stock-reserved (amqp) as two separate operations while handling message order-placed (amqp)")]);
  });

  it("a queue the helper binds in passing (its dead letters) is subscribed at the call, handled by no function of the caller", () => {
    const withDeadLetters = tree({ stock: `await bus.listen("order-placed", onOrderPlaced, "stock.dlx");`, mailer: `bus.listen("stock-reserved", async (text) => console.log(text), "mailer.dlx")` });
    withDeadLetters["packages/bus/src/bus.ts"] = SHARED_BUS.replace("async listen(queue: string, onMessage: (text: string) => Promise<void>) {\n    await this.channel.assertQueue(queue);", "async listen(queue: string, onMessage: (text: string) => Promise<void>, deadLetters: string) {\n    await this.channel.bindQueue(\"parked\", deadLetters, \"\");\n    await this.channel.assertQueue(queue);");
    expect(withDeadLetters["packages/bus/src/bus.ts"]).not.toBe(SHARED_BUS);
    const result = lintTree(withDeadLetters);
    expect(subscriptions(result).filter((line) => line.includes(".dlx"))).toEqual(["mailer amqp mailer.dlx (no handler) services/mailer/src/main.ts:5", "stock amqp stock.dlx (no handler) services/stock/src/main.ts:8"]);
    // The handler still handles its one queue: the dual write is while handling that message.
    expect(result.findings.filter((f) => f.ruleId === "dual-write").map((f) => f.message)).toEqual([expect.stringContaining("while handling message order-placed (amqp):")]);
  });

  it("a call that names its queue by a value the caller does not fix subscribes to no topic of its own", () => {
    const result = lintTree(tree({ stock: `await bus.listen(process.argv[2]!, onOrderPlaced);`, mailer: `bus.listen("stock-reserved", async (text) => console.log(text))` }));
    expect(subscriptions(result)).toEqual(["mailer amqp stock-reserved services/mailer/src/main.ts#fn@L5C52 services/mailer/src/main.ts:5"]);
    // What the stock service receives there is not known: said, not silently dropped.
    expect(result.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/^stock: the subscription at packages\/bus\/src\/bus\.ts:\d+ \(a library stock uses\) names its topic \{queue\}/));
    expect(result.diagnostics.map((d) => d.message)).not.toContainEqual(expect.stringMatching(/^mailer: the subscription at packages\/bus/));
  });
});
