import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A kafkajs producer wrapped by a helper that is handed the whole record, `producer.send(record)`: each caller's
 * `{ topic, messages }` names the topic; a caller whose topic arch-lint cannot name still publishes, on a topic it
 * cannot name, rather than not at all.
 */

/** A warehouse service (express, pg, kafkajs): src/producer.ts wraps the producer; `handler` starts at line 6 of src/server.ts. */
const warehouse = (handler: string): Tree => ({
  "docker-compose.yml": `services:\n  warehouse:\n    build: ./services/warehouse\n`,
  ...service("services/warehouse", ["express", "pg", "kafkajs"], {
    "src/producer.ts": `import { Kafka, type ProducerRecord } from "kafkajs";\nexport class EventProducer {\n  private producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\n  async produce(record: ProducerRecord) {\n    await this.producer.send(record);\n  }\n}\n`,
    "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { EventProducer } from "./producer";\nconst db = new Pool();\nconst events = new EventProducer();\n${handler}\n`,
  }),
});

ruleTester("dual-write", {
  valid: [
    {
      name: "a route that only hands a record to the helper writes nothing; the route that writes publishes nothing",
      files: warehouse(`const app = express();\napp.post("/v1/stock", async (req, res) => {\n  await events.produce({ topic: "stock-requested", messages: [{ value: req.body.sku }] });\n  res.end();\n});\napp.put("/v1/stock/:sku", async (req, res) => {\n  await db.query("UPDATE stock SET count = $2 WHERE sku = $1", [req.params.sku, req.body.count]);\n  res.end();\n});\napp.listen(3000);`),
    },
  ],
  invalid: [
    {
      name: "the caller names the topic in the record it hands over: the finding is at the call, with that topic",
      files: warehouse(`const app = express();\napp.post("/v1/stock", async (req, res) => {\n  await db.query("UPDATE stock SET reserved = reserved + 1 WHERE sku = $1", [req.body.sku]);\n  await events.produce({ topic: "stock-reserved", messages: [{ value: req.body.sku }] });\n  res.end();\n});\napp.listen(3000);`),
      errors: [{ messageId: "dualWrite", file: "services/warehouse/src/server.ts", line: 9, data: { topic: "stock-reserved", system: "kafka" } }],
    },
    {
      name: "a topic the caller reads from the request: the helper's publish, on a topic arch-lint cannot name",
      files: warehouse(`const app = express();\napp.post("/v1/stock", async (req, res) => {\n  await db.query("UPDATE stock SET reserved = reserved + 1 WHERE sku = $1", [req.body.sku]);\n  await events.produce({ topic: req.body.topic, messages: [{ value: req.body.sku }] });\n  res.end();\n});\napp.listen(3000);`),
      errors: [{ messageId: "dualWrite", file: "services/warehouse/src/producer.ts", line: 5, data: { system: "kafka" } }],
    },
  ],
});
