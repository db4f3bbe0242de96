import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A course library published to npm (not in the repository) whose Kafka base classes are named for factories
 * (`ProducerFactory`, `ConsumerFactory`): each service subclasses them, sets `topic`, and sends with `sendBatch`. The
 * route saves through a TypeORM repository its data-source module exports (`export const bookRepo =
 * source.getRepository(Book)`), so the route file itself imports no ORM.
 */

const client = `import { Kafka } from "kafkajs";\nexport const kafka = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] });\n`;
const dataSource = `import { DataSource } from "typeorm";\nexport const source = new DataSource({ type: "postgres", url: process.env.DATABASE_URL });\nexport const bookRepo = source.getRepository("Book");\n`;
const producer = `import { ProducerFactory, Topics } from "@shelf/shared";\nimport { kafka } from "./client";\nexport class BookShelvedProducer extends ProducerFactory<{ id: string }> {\n  readonly topic = Topics.BookShelved;\n  constructor() {\n    super(kafka);\n  }\n}\n`;
const consumer = `import { ConsumerFactory, Topics } from "@shelf/shared";\nimport { bookRepo } from "../db/source";\nimport { kafka } from "./client";\nimport { BookShelvedProducer } from "./book-shelved-producer";\nexport class LoanEndedConsumer extends ConsumerFactory<{ id: string }> {\n  readonly topic = Topics.LoanEnded;\n  constructor() {\n    super(kafka, "library");\n  }\n  async onMessage(data: { id: string }) {\n${"{{consume}}"}\n  }\n}\n`;

function library(route: string, onMessage = `    await bookRepo.save({ id: data.id, lent: false });`): Tree {
  return {
    "docker-compose.yml": `services:\n  library:\n    build: ./library\n`,
    ...service("library", ["express", "kafkajs", "typeorm", "pg", "@shelf/shared"], {
      "src/server.ts": `import express from "express";\nimport { bookRepo } from "./db/source";\nimport { BookShelvedProducer } from "./events/book-shelved-producer";\nimport { LoanEndedConsumer } from "./events/loan-ended-consumer";\nconst app = express();\napp.post("/v1/books", async (req, res) => {\n${route}\n  res.status(201).end();\n});\napp.listen(3000, () => new LoanEndedConsumer().listen());\n`,
      "src/db/source.ts": dataSource,
      "src/events/client.ts": client,
      "src/events/book-shelved-producer.ts": producer,
      "src/events/loan-ended-consumer.ts": consumer.replace("{{consume}}", onMessage),
    }),
  };
}

const SAVE = `  await bookRepo.save(req.body);`;
const SEND = `  const shelved = new BookShelvedProducer();\n  await shelved.sendBatch([{ id: req.body.id }]);`;

ruleTester("dual-write", {
  valid: [
    {
      name: "a route that only sends its batch, and a consumer that only saves",
      files: library(SEND),
    },
  ],
  invalid: [
    {
      name: "a route that saves through the imported repository, then sends a batch through the factory-named producer",
      files: library(`${SAVE}\n${SEND}`),
      errors: [{ messageId: "dualWrite", data: { service: "library", system: "kafka", target: "bookRepo" } }],
    },
    {
      name: "a consumer of the factory-named base that saves, then sends (its onMessage is the handler)",
      files: library(`  res.locals.ok = true;`, `    await bookRepo.save({ id: data.id, lent: false });\n    await new BookShelvedProducer().sendBatch([{ id: data.id }]);`),
      errors: [{ messageId: "dualWrite", data: { service: "library", system: "kafka", target: "bookRepo" } }],
    },
  ],
});
