import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A publisher subclass that only names its topic, an instance of it made beside it at the module's top, and a helper that
 * publishes through the instance (`export const announce = (data) => seatPublisher.publish(data)`): `publish` is the base
 * class's, declared in another module of the repository, so nothing in the subclass's own file declares it.
 */

const base = `import { Kafka } from "kafkajs";\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nexport abstract class BasePublisher<T> {\n  protected abstract readonly topic: string;\n  async publish(data: T): Promise<void> {\n    await producer.send({ topic: this.topic, messages: [{ value: JSON.stringify(data) }] });\n  }\n}\n`;
const subclass = `import { BasePublisher } from "./base-publisher";\nexport class SeatBookedPublisher extends BasePublisher<{ id: string }> {\n  protected readonly topic = "seat.booked";\n}\nconst seatBookedPublisher = new SeatBookedPublisher();\nexport const announceSeatBooked = async (data: { id: string }): Promise<void> => seatBookedPublisher.publish(data);\n`;

function cinema(route: string): Tree {
  return {
    "docker-compose.yml": `services:\n  cinema:\n    build: ./cinema\n`,
    ...service("cinema", ["express", "kafkajs", "pg"], {
      "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { announceSeatBooked } from "./events/seat-booked-publisher";\nconst db = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.post("/v1/seats", async (req, res) => {\n${route}\n  res.status(201).end();\n});\napp.listen(3000);\n`,
      "src/events/base-publisher.ts": base,
      "src/events/seat-booked-publisher.ts": subclass,
    }),
  };
}

ruleTester("dual-write", {
  valid: [
    {
      name: "a route that only books the seat in its database",
      files: cinema(`  await db.query("INSERT INTO seats (id) VALUES ($1)", [req.body.id]);`),
    },
  ],
  invalid: [
    {
      name: "a route that books the seat, then announces it through the helper around the subclass's instance (acc26b)",
      files: cinema(`  await db.query("INSERT INTO seats (id) VALUES ($1)", [req.body.id]);\n  await announceSeatBooked({ id: req.body.id });`),
      errors: [{ messageId: "dualWrite", data: { service: "cinema", system: "kafka", topic: "seat.booked" } }],
    },
  ],
});
