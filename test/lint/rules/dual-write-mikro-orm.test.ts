import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * An Express parcels service on MikroORM (PostgreSQL) and Kafka: the route forks the entity manager, changes rows
 * through it (`body`), and may announce the parcel. MikroORM writes when its unit of work is flushed; `persist` queues
 * an entity for that flush, so an outbox entity persisted beside the parcel travels in the same transaction.
 */
const parcels = (body: string): Tree =>
  service("parcels", ["express", "@mikro-orm/core", "@mikro-orm/postgresql", "kafkajs"], {
    "src/entities.ts": `import { Entity, PrimaryKey, Property } from "@mikro-orm/core";\n@Entity({ tableName: "parcels" })\nexport class Parcel {\n  @PrimaryKey() id!: string;\n  @Property() weight!: number;\n  constructor(id: string, weight: number) {\n    this.id = id;\n    this.weight = weight;\n  }\n}\n@Entity({ tableName: "outbox" })\nexport class OutboxRecord {\n  @PrimaryKey() id!: string;\n  @Property() topic!: string;\n  @Property({ type: "json" }) payload!: unknown;\n  constructor(id: string, topic: string, payload: unknown) {\n    this.id = id;\n    this.topic = topic;\n    this.payload = payload;\n  }\n}\n`,
    "src/server.ts": `import express from "express";\nimport { MikroORM } from "@mikro-orm/postgresql";\nimport { Kafka } from "kafkajs";\nimport { OutboxRecord, Parcel } from "./entities";\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nasync function main() {\n  const orm = await MikroORM.init({ clientUrl: process.env.DATABASE_URL, entities: [Parcel, OutboxRecord] });\n  const app = express();\n  app.use(express.json());\n  app.post("/v1/parcels", async (req, res) => {\n    const em = orm.em.fork();\n${body}\n    res.status(201).end();\n  });\n  app.listen(3000);\n  // The relay: outside any request, it publishes what the outbox holds.\n  setInterval(async () => {\n    const records = await orm.em.fork().find(OutboxRecord, {});\n    for (const record of records) await producer.send({ topic: "parcel-registered", messages: [{ value: JSON.stringify(record.payload) }] });\n  }, 1000);\n}\nvoid main();\n`,
  });

const SEND = `    await producer.send({ topic: "parcel-registered", messages: [{ value: JSON.stringify(req.body) }] });`;
const FOUND = { messageId: "dualWrite", file: "parcels/src/server.ts", data: { service: "parcels", system: "kafka", topic: "parcel-registered" } };

ruleTester("dual-write", {
  valid: [
    {
      name: "the parcel and an outbox record are persisted and flushed together; a relay publishes the record",
      files: parcels(`    em.persist(new Parcel(req.body.id, req.body.weight));\n    em.persist(new OutboxRecord(req.body.id, "parcel-registered", req.body));\n    await em.flush();`),
    },
  ],
  invalid: [
    { name: "persistAndFlush, then a send", files: parcels(`    await em.persistAndFlush(new Parcel(req.body.id, req.body.weight));\n${SEND}`), errors: [FOUND] },
    { name: "persist and flush, then a send", files: parcels(`    const parcel = new Parcel(req.body.id, req.body.weight);\n    em.persist(parcel);\n    await em.flush();\n${SEND}`), errors: [FOUND] },
    { name: "a native update, then a send", files: parcels(`    await em.nativeUpdate(Parcel, { id: req.body.id }, { weight: req.body.weight });\n${SEND}`), errors: [FOUND] },
  ],
});
