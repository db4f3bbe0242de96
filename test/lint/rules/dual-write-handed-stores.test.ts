import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * An orders service in the functional style: its store is a module object of functions typed with an interface of
 * the same module (`export const ledger: Ledger = { record, settle }`), and the route hands that object to the use
 * case, which writes through its parameter (`store.record(order)`) and then publishes. The parameter's type names an
 * interface, not a value: what runs is the member of the object its module builds with that interface.
 */
const orders = (useCase: string, typeImport = `import type { Ledger } from "./store/ledger";`): Tree =>
  service("orders", ["express", "pg", "kafkajs"], {
    "src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`,
    "src/kafka.ts": `import { Kafka } from "kafkajs";\nconst kafka = new Kafka({ clientId: "orders", brokers: [process.env.KAFKA_BROKER ?? "kafka:9092"] });\nexport const producer = kafka.producer();\n`,
    "src/store/ledger.ts": `import { pool } from "../db";\n\nexport interface Ledger {\n  record(order: { sku: string }): Promise<number>;\n  settle(id: number): Promise<void>;\n}\n\nconst record = async (order: { sku: string }): Promise<number> => {\n  const { rows } = await pool.query("INSERT INTO orders (sku) VALUES ($1) RETURNING id", [order.sku]);\n  return rows[0].id;\n};\n\nconst settle = async (id: number): Promise<void> => {\n  await pool.query("UPDATE orders SET settled = true WHERE id = $1", [id]);\n};\n\nexport const ledger: Ledger = { record, settle };\n`,
    "src/place-order.ts": `${typeImport}\nimport { producer } from "./kafka";\n\nexport const placeOrder = async (input: { sku: string }, store: Ledger) => {\n${useCase}\n};\n`,
    "src/app.ts": `import express from "express";\nimport { ledger } from "./store/ledger";\nimport { placeOrder } from "./place-order";\n\nconst app = express();\napp.use(express.json());\napp.post("/v1/orders", async (req, res) => {\n    const id = await placeOrder(req.body, ledger);\n    res.status(201).json({ id });\n});\napp.post("/v1/orders/ping", async (_req, res) => {\n    await producer.send({ topic: "orders.ping", messages: [{ value: "ping" }] });\n    res.status(202).end();\n});\napp.listen(3000);\n`,
  });

ruleTester("dual-write", {
  valid: [
    {
      name: "a use case that only writes through the store it is handed",
      files: orders(`  const id = await store.record(input);\n  await store.settle(id);\n  return id;`),
    },
    {
      name: "a use case that publishes and calls a member the handed store does not have",
      files: orders(`  await store.audit?.(input);\n  await producer.send({ topic: "orders.placed", messages: [{ value: input.sku }] });\n  return 1;`),
    },
  ],
  invalid: [
    {
      name: "a use case that writes through the store it is handed, then publishes",
      files: orders(`  const id = await store.record(input);\n  await producer.send({ topic: "orders.placed", messages: [{ value: String(id) }] });\n  return id;`),
      errors: [{ messageId: "dualWrite", file: "orders/src/place-order.ts", line: 6, data: { service: "orders", target: "orders", topic: "orders.placed", system: "kafka" } }],
    },
    {
      // The interface imported as a value, as code without `import type` writes it: the same member runs.
      name: "a use case typed with the interface imported by name, which writes through the store, then publishes",
      files: orders(`  const id = await store.record(input);\n  await producer.send({ topic: "orders.placed", messages: [{ value: String(id) }] });\n  return id;`, `import { Ledger } from "./store/ledger";`),
      errors: [{ messageId: "dualWrite", file: "orders/src/place-order.ts", line: 6, data: { service: "orders", target: "orders", topic: "orders.placed", system: "kafka" } }],
    },
  ],
});
