import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A publish helper handed a whole producer record (`emit({ topic, messages })`, sending `record.topic`): a caller that
 * chooses the topic itself (`const topic = accepted ? "ticket.accepted" : "ticket.rejected"`) is still where its
 * handler publishes, after its write, as a caller that writes the topic out is.
 */

const bus = `import { Kafka, ProducerRecord } from "kafkajs";\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nexport async function emit(record: ProducerRecord): Promise<void> {\n  await producer.send(record);\n}\n`;

function box(route: string): Tree {
  return {
    "docker-compose.yml": `services:\n  box-office:\n    build: ./box-office\n`,
    ...service("box-office", ["express", "pg", "kafkajs"], {
      "src/bus.ts": bus,
      "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { emit } from "./bus";\nconst db = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\n${route}\napp.listen(3000);\n`,
    }),
  };
}

const chosen = `app.post("/v1/tickets/:id/review", async (req, res) => {\n  await db.query("UPDATE tickets SET accepted = $1 WHERE id = $2", [req.body.accepted, req.params.id]);\n  const topic = req.body.accepted ? "ticket.accepted" : "ticket.rejected";\n  await emit({ topic, messages: [{ value: req.params.id }] });\n  res.end();\n});`;

ruleTester("dual-write", {
  valid: [
    {
      name: "the chosen topic published by a route that writes nothing, the write in another",
      files: box(
        `app.post("/v1/tickets/:id/review", async (req, res) => {\n  const topic = req.body.accepted ? "ticket.accepted" : "ticket.rejected";\n  await emit({ topic, messages: [{ value: req.params.id }] });\n  res.end();\n});\napp.delete("/v1/tickets/:id", async (req, res) => {\n  await db.query("DELETE FROM tickets WHERE id = $1", [req.params.id]);\n  res.end();\n});`,
      ),
    },
  ],
  invalid: [
    {
      name: "the topic chosen by a ternary where the helper is called: the call is the publish",
      files: box(chosen),
      errors: [{ messageId: "dualWrite", file: "box-office/src/server.ts", line: 9, data: { service: "box-office", topic: `{req.body.accepted ? "ticket.accepted" : "ticket.rejected"}` } }],
    },
    {
      name: "the topic written out at the call, as before",
      files: box(chosen.replace(`  const topic = req.body.accepted ? "ticket.accepted" : "ticket.rejected";\n`, "").replace("{ topic, messages", `{ topic: "ticket.reviewed", messages`)),
      errors: [{ messageId: "dualWrite", file: "box-office/src/server.ts", line: 8, data: { service: "box-office", topic: "ticket.reviewed" } }],
    },
    {
      name: "a topic read from the request is no name the caller chose: the helper's publish, as before",
      files: box(chosen.replace(`req.body.accepted ? "ticket.accepted" : "ticket.rejected"`, "req.body.topic")),
      errors: [{ messageId: "dualWrite", file: "box-office/src/bus.ts", line: 4, data: { service: "box-office" } }],
    },
  ],
});
