import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A kafkajs worker that subscribes and runs its consumer in two callbacks of a retry helper (`await withRetry(() =>
 * consumer.subscribe({ topic }))`, then `await withRetry(() => consumer.run({ eachMessage }))`): the eachMessage
 * callback is the subscribed topic's handler, whose write and send pair up.
 */

const worker = (eachMessage: string): Tree => ({
  "docker-compose.yml": `services:\n  ledger:\n    build: ./ledger\n`,
  ...service("ledger", ["kafkajs", "pg"], {
    "src/server.ts": `import { startWorker } from "./worker";\nvoid startWorker();\n`,
    "src/retry.ts": `export async function withRetry<T>(fn: () => Promise<T>, tries = 3): Promise<T> {\n  for (let i = 1; ; i++) {\n    try {\n      return await fn();\n    } catch (error) {\n      if (i >= tries) throw error;\n    }\n  }\n}\n`,
    "src/worker.ts": `import { Kafka } from "kafkajs";\nimport { Pool } from "pg";\nimport { withRetry } from "./retry";\nconst kafka = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] });\nconst db = new Pool({ connectionString: process.env.DATABASE_URL });\nexport async function startWorker() {\n  const consumer = kafka.consumer({ groupId: "ledger" });\n  const producer = kafka.producer();\n  await withRetry(async () => {\n    await consumer.subscribe({ topic: "payment.taken", fromBeginning: false });\n  });\n  await withRetry(async () => {\n    await consumer.run({\n      eachMessage: async ({ message }) => {\n${eachMessage}\n      },\n    });\n  });\n}\nexport async function rebuild(body: string) {\n  await db.query("INSERT INTO entries (body) VALUES ($1)", [body]);\n}\n`,
  }),
});

const WRITE = `        await db.query("INSERT INTO entries (body) VALUES ($1)", [String(message.value)]);`;
const SEND = `        await producer.send({ topic: "entry.booked", messages: [{ value: String(message.value) }] });`;

ruleTester("dual-write", {
  valid: [{ name: "a split consumer whose handler only announces (the file's write is made elsewhere)", files: worker(SEND) }],
  invalid: [
    {
      name: "a split consumer whose handler books the entry and then announces it (acc26b)",
      files: worker(`${WRITE}\n${SEND}`),
      errors: [{ messageId: "dualWrite", data: { service: "ledger", system: "kafka", topic: "entry.booked" } }],
    },
  ],
});
