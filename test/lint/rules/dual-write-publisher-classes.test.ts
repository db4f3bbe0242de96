import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A publisher class told its topic when it is made (`new EventPublisher("order-placed")`), whose `publish(data)` sends
 * to `this.topic`: each call of the method on such an instance is that publish, on that topic, at the call.
 */

/** An orders service (express, pg, kafkajs): src/publisher.ts holds the class (`ctor` is its constructor); `routes` start at line 6 of src/server.ts. */
const orders = (ctor: string, routes: string, extra: Record<string, string> = {}): Tree => ({
  "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n`,
  ...service("services/orders", ["express", "pg", "kafkajs"], {
    "src/publisher.ts": `import { Kafka } from "kafkajs";\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nexport class EventPublisher {\n  ${ctor}\n  async publish(payload: object) {\n    await producer.send({ topic: this.topic, messages: [{ value: JSON.stringify(payload) }] });\n  }\n}\n`,
    "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { EventPublisher } from "./publisher";\nconst db = new Pool();\nconst app = express();\n${routes}\napp.listen(3000);\n`,
    ...extra,
  }),
});

const parameterProperty = "constructor(private readonly topic: string) {}";
const assigned = "private readonly topic: string;\n  constructor(topic: string) {\n    this.topic = topic;\n  }";

ruleTester("dual-write", {
  valid: [
    {
      name: "a route that only publishes through the instance writes nothing",
      files: orders(parameterProperty, `const orderPlaced = new EventPublisher("order-placed");\napp.post("/v1/orders/notify", async (req, res) => {\n  await orderPlaced.publish(req.body);\n  res.end();\n});\napp.post("/v1/orders", async (req, res) => {\n  await db.query("INSERT INTO orders (id) VALUES ($1)", [req.body.id]);\n  res.end();\n});`),
    },
  ],
  invalid: [
    {
      name: "an instance a module constant holds (a parameter property): the finding is at the call, on the topic it was made with",
      files: orders(parameterProperty, `const orderPlaced = new EventPublisher("order-placed");\napp.post("/v1/orders", async (req, res) => {\n  await db.query("INSERT INTO orders (id) VALUES ($1)", [req.body.id]);\n  await orderPlaced.publish(req.body);\n  res.end();\n});`),
      errors: [{ messageId: "dualWrite", file: "services/orders/src/server.ts", line: 9, data: { topic: "order-placed", system: "kafka" } }],
    },
    {
      name: "an instance made where it is called, the topic assigned in the constructor",
      files: orders(assigned, `app.post("/v1/refunds", async (req, res) => {\n  await db.query("INSERT INTO refunds (id) VALUES ($1)", [req.body.id]);\n  await new EventPublisher("refund-made").publish(req.body);\n  res.end();\n});`),
      errors: [{ messageId: "dualWrite", file: "services/orders/src/server.ts", line: 8, data: { topic: "refund-made", system: "kafka" } }],
    },
    {
      name: "an instance another module makes and exports",
      files: orders(
        parameterProperty,
        `import { shipped } from "./events";\napp.post("/v1/shipments", async (req, res) => {\n  await db.query("INSERT INTO shipments (id) VALUES ($1)", [req.body.id]);\n  await shipped.publish(req.body);\n  res.end();\n});`,
        { "src/events.ts": `import { EventPublisher } from "./publisher";\nexport const shipped = new EventPublisher("order-shipped");\n` },
      ),
      errors: [{ messageId: "dualWrite", file: "services/orders/src/server.ts", line: 9, data: { topic: "order-shipped", system: "kafka" } }],
    },
  ],
});
