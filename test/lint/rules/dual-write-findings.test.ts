import { describe, expect, it } from "vitest";
import { isOutboxTable } from "../../../src/lint/rules/dual-write.js";
import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * What a reader of a dual-write finding sees (its message, each hop of its evidence, the data) and how findings
 * are told apart (one per write and publish, a fingerprint each).
 */

/** A payments service (express, pg, kafkajs); `body` starts at line 7 of src/server.ts. */
const payments = (body: string, deps = ["express", "pg", "kafkajs"]): Tree => ({
  "docker-compose.yml": `services:\n  payments:\n    build: ./services/payments\n`,
  ...service("services/payments", deps, {
    "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { Kafka } from "kafkajs";\nconst db = new Pool({ connectionString: process.env.DATABASE_URL });\nconst events = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nconst app = express();\n${body}\napp.listen(3000);\n`,
  }),
});

const ADVICE = "a crash between them leaves the database and the event stream disagreeing; write the event to an outbox table in the same transaction and let a relay publish it, or publish from change data capture";

/** A ledger worker (kafkajs, pg) whose one consumer takes `topics`; `extra` starts at line 7 of src/worker.ts. */
const ledger = (topics: string[], callback: string, extra = ""): Tree => ({
  "docker-compose.yml": `services:\n  ledger:\n    build: ./services/ledger\n`,
  ...service("services/ledger", ["kafkajs", "pg"], {
    "src/worker.ts": `import { Kafka } from "kafkajs";\nimport { Pool } from "pg";\nconst db = new Pool();\nconst kafka = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] });\nconst events = kafka.producer();\nconst consumer = kafka.consumer({ groupId: "ledger" });\n${extra}await consumer.subscribe({ topics: ${JSON.stringify(topics)} });\nawait consumer.run({ eachMessage: ${callback} });\n`,
  }),
});

/** Writes an entry and publishes that it did: one message's work, in a named function the callback calls. */
const BOOK = `async function book(id: string) {\n  await db.query("INSERT INTO entries (id) VALUES ($1)", [id]);\n  await events.send({ topic: "entry-booked", messages: [{ value: id }] });\n}\n`;

/** A payments service whose server.ts (`body` from line 4) imports from the ledger service's folder, which holds `ledgerCode`. */
const acrossServices = (body: string, ledgerCode: string): Tree => ({
  "docker-compose.yml": `services:\n  payments:\n    build: ./services/payments\n  ledger:\n    build: ./services/ledger\n`,
  ...service("services/payments", ["express", "pg", "kafkajs"], {
    "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { Kafka } from "kafkajs";\n${body}\n`,
  }),
  ...service("services/ledger", ["express", "pg", "kafkajs"], {
    "src/shared.ts": ledgerCode,
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/entries", (req, res) => res.json([]));\napp.listen(3001);\n`,
  }),
});

ruleTester("dual-write", {
  valid: [
    {
      name: "a publish made by code imported from another service's folder is not the route's service's publish (cross-service-import reports the import)",
      files: acrossServices(
        `import { announce } from "../../ledger/src/shared";\nconst db = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.post("/v1/payments", async (req, res) => {\n  await db.query("INSERT INTO payments (id) VALUES ($1)", [req.body.id]);\n  await announce(req.body.id);\n  res.end();\n});\napp.listen(3000);`,
        `import { Kafka } from "kafkajs";\nconst events = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nexport async function announce(id: string) {\n  await events.send({ topic: "payment-made", messages: [{ value: id }] });\n}\n`,
      ),
    },
    {
      name: "a write made by code imported from another service's folder is not the route's service's write",
      files: acrossServices(
        `import { book } from "../../ledger/src/shared";\nconst events = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nconst app = express();\napp.post("/v1/payments", async (req, res) => {\n  await book(req.body.id);\n  await events.send({ topic: "payment-made", messages: [{ value: req.body.id }] });\n  res.end();\n});\napp.listen(3000);`,
        `import { Pool } from "pg";\nconst db = new Pool({ connectionString: process.env.DATABASE_URL });\nexport async function book(id: string) {\n  await db.query("INSERT INTO entries (id) VALUES ($1)", [id]);\n}\n`,
      ),
    },
  ],
  invalid: [
    {
      name: "a route: the message names the service, the table and library, the topic and broker, and the route; the evidence walks from the route to the write and to the publish",
      files: payments(
        `async function record(id: string) {\n  await db.query("INSERT INTO payments (id) VALUES ($1)", [id]);\n}\nasync function announce(id: string) {\n  await events.send({ topic: "payment-made", messages: [{ value: id }] });\n}\napp.post("/v1/payments", async (req, res) => {\n  await record(req.body.id);\n  await announce(req.body.id);\n  res.status(201).end();\n});`,
      ),
      errors: [
        {
          messageId: "dualWrite",
          file: "services/payments/src/server.ts",
          line: 11,
          data: { service: "payments", target: "payments", topic: "payment-made", system: "kafka" },
          message: `payments writes payments (sql INSERT) and publishes payment-made (kafka) as two separate operations while handling POST /v1/payments: ${ADVICE}`,
          evidence: ["payments POST /v1/payments is handled here", "calls record()", "writes payments (sql INSERT)", "calls announce()", "publishes payment-made (kafka)"],
        },
      ],
    },
    {
      name: "a write whose table is not known is a write to its datastore (data.target empty)",
      files: payments(
        `import { getRepository } from "typeorm";\nclass Payment {}\napp.post("/v1/payments", async (req, res) => {\n  await getRepository(Payment).save(req.body);\n  await events.send({ topic: "payment-made", messages: [{ value: req.body.id }] });\n  res.status(201).end();\n});`,
        ["express", "pg", "kafkajs", "typeorm"],
      ),
      errors: [
        {
          messageId: "dualWrite",
          line: 11,
          data: { service: "payments", target: "", topic: "payment-made", system: "kafka" },
          message: `payments writes its datastore (typeorm save) and publishes payment-made (kafka) as two separate operations while handling POST /v1/payments: ${ADVICE}`,
          evidence: ["payments POST /v1/payments is handled here", "writes its datastore (typeorm save)", "publishes payment-made (kafka)"],
        },
      ],
    },
    {
      name: "a publish helper told its topic by each caller: the finding names the caller's topic, where the caller passes it",
      files: payments(
        `async function announce(topic: string, body: object) {\n  await events.send({ topic, messages: [{ value: JSON.stringify(body) }] });\n}\napp.post("/v1/payments", async (req, res) => {\n  await db.query("INSERT INTO payments (id) VALUES ($1)", [req.body.id]);\n  await announce("payment-made", req.body);\n  res.status(201).end();\n});\napp.post("/v1/refunds", async (req, res) => {\n  await db.query("INSERT INTO refunds (id) VALUES ($1)", [req.body.id]);\n  await announce(req.body.kind, req.body);\n  res.status(201).end();\n});`,
      ),
      errors: [
        // A caller that passes no literal leaves the helper's publish as it is.
        { messageId: "dualWrite", line: 8, data: { target: "refunds", topic: "{topic}" } },
        {
          messageId: "dualWrite",
          line: 12,
          data: { service: "payments", target: "payments", topic: "payment-made", system: "kafka" },
          evidence: ["payments POST /v1/payments is handled here", "writes payments (sql INSERT)", "publishes payment-made (kafka)"],
        },
      ],
    },
    {
      name: "a consumer of one topic is handling that message",
      files: ledger(["payment-made"], `async ({ message }) => {\n  await book(String(message.value));\n}`, BOOK),
      errors: [
        {
          messageId: "dualWrite",
          line: 9,
          message: `ledger writes entries (sql INSERT) and publishes entry-booked (kafka) as two separate operations while handling message payment-made (kafka): ${ADVICE}`,
          evidence: ["ledger message payment-made (kafka) is handled here", "calls book()", "writes entries (sql INSERT)", "calls book()", "publishes entry-booked (kafka)"],
        },
      ],
    },
    {
      name: "a consumer of two topics is handling messages of the first and 1 more topic",
      files: ledger(["payment-made", "payment-refunded"], `async ({ message }) => {\n  await book(String(message.value));\n}`, BOOK),
      errors: [{ messageId: "dualWrite", line: 9, message: `ledger writes entries (sql INSERT) and publishes entry-booked (kafka) as two separate operations while handling messages of payment-made (kafka) and 1 more topic: ${ADVICE}` }],
    },
    {
      name: "a consumer of three topics: and 2 more topics",
      files: ledger(["payment-made", "payment-refunded", "payment-voided"], `async ({ message }) => {\n  await book(String(message.value));\n}`, BOOK),
      errors: [{ messageId: "dualWrite", line: 9, message: `ledger writes entries (sql INSERT) and publishes entry-booked (kafka) as two separate operations while handling messages of payment-made (kafka) and 2 more topics: ${ADVICE}` }],
    },
    {
      name: "two routes reaching one function that writes and publishes: one finding, from the first route",
      files: payments(
        `async function settle(id: string) {\n  await db.query("UPDATE payments SET settled = true WHERE id = $1", [id]);\n  await events.send({ topic: "payment-settled", messages: [{ value: id }] });\n}\napp.post("/v1/payments/:id/settle", async (req, res) => {\n  await settle(req.params.id);\n  res.end();\n});\napp.post("/v1/settlements", async (req, res) => {\n  await settle(req.body.id);\n  res.end();\n});`,
      ),
      errors: [{ messageId: "dualWrite", line: 9, evidence: ["payments POST /v1/payments/:id/settle is handled here", "calls settle()", "writes payments (sql UPDATE)", "calls settle()", "publishes payment-settled (kafka)"] }],
    },
    {
      name: "two routes of one file writing two tables of one library and publishing one topic: two findings, a fingerprint each",
      files: payments(
        `app.post("/v1/payments", async (req, res) => {\n  await db.query("INSERT INTO payments (id) VALUES ($1)", [req.body.id]);\n  await events.send({ topic: "payment-events", messages: [{ value: req.body.id }] });\n  res.end();\n});\napp.post("/v1/refunds", async (req, res) => {\n  await db.query("INSERT INTO refunds (id) VALUES ($1)", [req.body.id]);\n  await events.send({ topic: "payment-events", messages: [{ value: req.body.id }] });\n  res.end();\n});`,
      ),
      errors: [
        { messageId: "dualWrite", line: 9, data: { target: "payments", topic: "payment-events" } },
        { messageId: "dualWrite", line: 14, data: { target: "refunds", topic: "payment-events" } },
      ],
    },
  ],
});

describe("isOutboxTable", () => {
  it("takes outbox as a word of a table or model name, in any case", () => {
    const names = ["outbox", "orders_outbox", "outbox_events", "sales.outbox", "events.outbox.v2", "OutboxMessage", "OrderOutbox", "order_outboxes"];
    expect(names.filter((name) => !isOutboxTable(name))).toEqual([]);
  });
  it("leaves out names where outbox is part of another word, and no name", () => {
    const names = [undefined, "", "orders", "layoutbox_items", "fight_outboxing_scores", "layoutbox.sizes"];
    expect(names.filter((name) => isOutboxTable(name))).toEqual([]);
  });
});

/** Writes a ledger entry. */
const WRITE = `await db.query("INSERT INTO entries (id) VALUES ($1)", [String(message.value)]);`;
/** Answers a question about an entry. */
const PUBLISH = `await events.send({ topic: "entry-answered", messages: [{ value: "1" }] });`;

/**
 * A consumer of several topics usually dispatches on the topic: a write and a publish that part in its callback (or in
 * an inline function within it) may answer two different messages, so they count only when they part in a named
 * function. The pairs of writes and publishes a handler reaches are tried up to 400.
 */
ruleTester("dual-write", {
  valid: [
    {
      name: "a named callback for two topics that writes for one and publishes for the other",
      files: ledger(["payment-made", "entry-asked"], "route", `async function route({ topic, message }: any) {\n  if (topic === "payment-made") ${WRITE}\n  else ${PUBLISH}\n}\n`),
    },
    {
      name: "the dispatch on the topic inside an inline function the callback runs through a retry helper",
      files: ledger(
        ["payment-made", "entry-asked"],
        `async ({ topic, message }) => {\n  await retry(async () => {\n    if (topic === "payment-made") ${WRITE}\n    else ${PUBLISH}\n  });\n}`,
        `async function retry(run: () => Promise<void>) {\n  await run();\n}\n`,
      ),
    },
    {
      name: "each topic handled by a named function of its own, one writing and one publishing",
      files: ledger(
        ["payment-made", "entry-asked"],
        `async ({ topic, message }) => {\n  if (topic === "payment-made") await record(message);\n  else await answer();\n}`,
        `async function record(message: any) {\n  ${WRITE}\n}\nasync function answer() {\n  ${PUBLISH}\n}\n`,
      ),
    },
    {
      name: "more than 400 pairs before the one that parts in a named function: the search gives up",
      files: ledger(["payment-made", "entry-asked", "entries-recounted"], `async ({ topic, message }) => {\n  if (topic === "entries-recounted") {\n${manyWrites(20)}\n  } else if (topic === "entry-asked") {\n${manyPublishes(19)}\n  } else await book(String(message.value));\n}`, BOOK),
    },
    {
      name: "an @EventPattern in a gRPC microservice: a gRPC server runs only its rpc methods, so the method handles no message",
      files: {
        "docker-compose.yml": `services:\n  ledger:\n    build: ./services/ledger\n`,
        ...service("services/ledger", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "@nestjs/typeorm", "typeorm"], {
          "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { LedgerModule } from "./ledger.module";\nNestFactory.createMicroservice(LedgerModule, { transport: Transport.GRPC, options: { package: "ledger", protoPath: "ledger.proto" } }).then((app) => app.listen());\n`,
          "src/ledger.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { LedgerController } from "./ledger.controller";\n@Module({ imports: [ClientsModule.register([{ name: "EVENTS", transport: Transport.KAFKA, options: { client: { brokers: ["kafka:9092"] } } }])], controllers: [LedgerController] })\nexport class LedgerModule {}\n`,
          "src/ledger.controller.ts": `import { Controller, Inject } from "@nestjs/common";\nimport { ClientKafka, EventPattern } from "@nestjs/microservices";\nimport { InjectRepository } from "@nestjs/typeorm";\nimport { Repository } from "typeorm";\n@Controller()\nexport class LedgerController {\n  constructor(@InjectRepository(Object) private readonly entryRepository: Repository<object>, @Inject("EVENTS") private readonly events: ClientKafka) {}\n  @EventPattern("payment_made")\n  async paid(payment: object) {\n    await this.entryRepository.save(payment);\n    this.events.emit("entry_booked", payment);\n  }\n}\n`,
        }),
      },
    },
  ],
  invalid: [
    {
      name: "400 pairs, the last of which parts in a named function: reported",
      files: ledger(["payment-made", "entry-asked", "entries-recounted"], `async ({ topic, message }) => {\n  if (topic === "entries-recounted") {\n${manyWrites(19)}\n  } else if (topic === "entry-asked") {\n${manyPublishes(19)}\n  } else await book(String(message.value));\n}`, BOOK),
      errors: [{ messageId: "dualWrite", line: 9, data: { target: "entries", topic: "entry-booked" } }],
    },
  ],
});

/** `count` writes, one a line. */
function manyWrites(count: number): string {
  return Array.from({ length: count }, (_, i) => `    await db.query("UPDATE entries SET counted = true WHERE shard = ${i}");`).join("\n");
}

/** `count` publishes, one a line. */
function manyPublishes(count: number): string {
  return Array.from({ length: count }, (_, i) => `    await events.send({ topic: "entry-answered-${i}", messages: [] });`).join("\n");
}
