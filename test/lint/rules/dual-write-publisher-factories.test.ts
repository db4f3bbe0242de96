import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A publisher factory: a function given the topic (`makePublisher({ topic })`) returns the function that publishes,
 * which a start-up function stores in an exported `let` (or a module constant holds) and the handlers call. The
 * factory's own publish runs in the function it returns, which no handler's call reaches: each call of the variable
 * is that publish, on the topic the factory was given where the variable was set.
 */

/** A shared package `bus-kit`, imported by its name: `makePublisher` returns a kafkajs sender for `shop.<topic>`. */
const busKit: Tree = {
  "package.json": { name: "shop", private: true, workspaces: ["packages/*", "services/*"] },
  "packages/bus-kit/package.json": { name: "bus-kit", main: "src/index.ts", dependencies: { kafkajs: "*" } },
  "packages/bus-kit/src/index.ts": `import { Kafka } from "kafkajs";
const producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();
export interface PublisherOptions { topic: string }
export async function makePublisher(options: PublisherOptions) {
  await producer.connect();
  const { topic } = options;
  return async (payload: object) => {
    await producer.send({ topic: \`shop.\${topic}\`, messages: [{ value: JSON.stringify(payload) }] });
  };
}
`,
};

/** The orders service: src/events.ts sets `orderPlaced` at start-up; `routes` start at line 7 of src/server.ts. */
const orders = (routes: string): Tree => ({
  ...busKit,
  "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n`,
  ...service("services/orders", ["express", "mongodb", "bus-kit"], {
    "src/events.ts": `import { makePublisher } from "bus-kit";\nexport let orderPlaced: (order: object) => Promise<void>;\nexport async function startEvents() {\n  orderPlaced = await makePublisher({ topic: "order-placed" });\n}\n`,
    "src/server.ts": `import express from "express";\nimport { MongoClient } from "mongodb";\nimport { orderPlaced, startEvents } from "./events";\nconst db = new MongoClient(process.env.MONGO_URL!).db("orders");\nconst app = express();\nstartEvents();\n${routes}\napp.listen(3000);\n`,
  }),
});

/** A service whose own module makes an amqplib publisher per exchange and keeps one in a constant; `routes` start at line 12. */
const shipping = (routes: string): Tree => ({
  "docker-compose.yml": `services:\n  shipping:\n    build: ./services/shipping\n`,
  ...service("services/shipping", ["express", "pg", "amqplib"], {
    "src/server.ts": `import express from "express";
import amqp from "amqplib";
import { Pool } from "pg";
const db = new Pool();
let channel: amqp.Channel;
function publisherFor(exchange: string) {
  return (message: object) => channel.publish(exchange, "", Buffer.from(JSON.stringify(message)));
}
const shipped = publisherFor("shipments");
const app = express();
app.use(express.json());
${routes}
app.listen(3000);
`,
  }),
});

ruleTester("dual-write", {
  valid: [
    {
      name: "a route that only calls the publisher writes nothing; the route that writes publishes nothing",
      files: orders(`app.post("/v1/orders/notify", async (req, res) => {\n  await orderPlaced(req.body);\n  res.end();\n});\napp.post("/v1/orders", async (req, res) => {\n  await db.collection("orders").insertOne(req.body);\n  res.end();\n});`),
    },
  ],
  invalid: [
    {
      name: "an insert, then the publisher a start-up function stored: the finding is at the call, on the topic the factory was given",
      files: orders(`app.post("/v1/orders", async (req, res) => {\n  await db.collection("orders").insertOne(req.body);\n  await orderPlaced(req.body);\n  res.status(201).end();\n});`),
      errors: [{ messageId: "dualWrite", file: "services/orders/src/server.ts", line: 9, data: { topic: "shop.order-placed", system: "kafka" } }],
    },
    {
      name: "a module constant holding the publisher a function of the same module returns",
      files: shipping(`app.post("/v1/shipments", async (req, res) => {\n  await db.query("INSERT INTO shipments (id) VALUES ($1)", [req.body.id]);\n  shipped(req.body);\n  res.end();\n});`),
      errors: [{ messageId: "dualWrite", file: "services/shipping/src/server.ts", line: 14, data: { topic: "shipments", system: "amqp" } }],
    },
  ],
});
