import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A billing worker on NATS JetStream pull consumers: its setup declares the PAYMENTS stream and a durable consumer
 * filtered to one subject (`jsm.streams.add`, `jsm.consumers.add`), and the worker fetches that consumer by stream and
 * durable name (`js.consumers.get(STREAM, "billing")`), then either loops over `consume()` in the function that fetched
 * it or hands `consume({ callback })` a function. The subjects come from the configuration, not from the fetch.
 */
const SETUP = `import { AckPolicy, type NatsConnection } from "nats";\nexport const STREAM = "PAYMENTS";\nexport async function declare(nc: NatsConnection) {\n  const jsm = await nc.jetstreamManager();\n  await jsm.streams.add({ name: STREAM, subjects: ["payments.captured", "payments.refunded"] });\n  await jsm.consumers.add(STREAM, { durable_name: "billing", filter_subject: "payments.captured", ack_policy: AckPolicy.Explicit });\n}\n`;

const HEAD = `import { connect } from "nats";\nimport { Pool } from "pg";\nimport { STREAM, declare } from "./setup";\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`;

const LOOP = `${HEAD}async function run() {\n  const nc = await connect({ servers: process.env.NATS_URL });\n  await declare(nc);\n  const js = nc.jetstream();\n  const consumer = await js.consumers.get(STREAM, "billing");\n  for await (const m of await consumer.consume()) {\n    await pool.query("INSERT INTO invoices (payment) VALUES ($1)", [m.seq]);\n    js.publish("invoices.issued", m.data);\n    m.ack();\n  }\n}\nvoid run();\n`;

const CALLBACK = (durable: string) => `${HEAD}async function run() {\n  const nc = await connect({ servers: process.env.NATS_URL });\n  await declare(nc);\n  const js = nc.jetstream();\n  const consumer = await js.consumers.get(STREAM, "${durable}");\n  await consumer.consume({\n    callback: async (m) => {\n      await pool.query("UPDATE invoices SET refunded = true WHERE payment = $1", [m.seq]);\n      js.publish("invoices.refunded", m.data);\n      m.ack();\n    },\n  });\n}\nvoid run();\n`;

const billing = (worker: string): Tree => ({
  "docker-compose.yml": `services:\n  billing:\n    build: ./billing\n`,
  ...service("billing", ["nats", "pg"], { "src/setup.ts": SETUP, "src/server.ts": worker }),
});

ruleTester("dual-write", {
  valid: [
    {
      name: "a pull consumer's loop that only writes; the publish is made at boot, outside it",
      files: billing(`${LOOP.replace(`    js.publish("invoices.issued", m.data);\n`, "")}async function announce() {\n  const nc = await connect({ servers: process.env.NATS_URL });\n  nc.publish("billing.started");\n}\nvoid announce();\n`),
    },
  ],
  invalid: [
    {
      name: "a pull consumer's loop that writes, then publishes: the consumer's filter subject is what it takes",
      files: billing(LOOP),
      errors: [{ messageId: "dualWrite", file: "billing/src/server.ts", line: 12, data: { service: "billing", system: "nats", topic: "invoices.issued" } }],
    },
    {
      name: "a pull consumer's callback that writes, then publishes",
      files: billing(CALLBACK("billing")),
      errors: [{ messageId: "dualWrite", file: "billing/src/server.ts", line: 13, data: { service: "billing", system: "nats", topic: "invoices.refunded" } }],
    },
  ],
});

describe("[I] NATS JetStream pull consumers read through the scan's stream and consumer configuration", () => {
  const consumed = (tree: Tree) => lintTree(tree).model.topics.filter((t) => t.role === "consume").map((t) => `${t.system} ${t.topic}`).sort();

  it("a durable consumer with a filter subject takes that subject; one the setup does not declare takes its stream's", () => {
    expect(consumed(billing(LOOP))).toEqual(["nats payments.captured"]);
    expect(consumed(billing(CALLBACK("audit")))).toEqual(["nats payments.captured", "nats payments.refunded"]);
  });

  it("no diagnostic once the subjects are known; one when no configuration of the scan names the stream", () => {
    const said = (tree: Tree) => lintTree(tree).diagnostics.filter((d) => d.message.includes("JetStream")).map((d) => d.message);
    expect(said(billing(LOOP))).toEqual([]);
    const undeclared = billing(LOOP.replace(`  await declare(nc);\n`, "").replace("STREAM, \"billing\"", "\"ORDERS\", \"billing\""));
    expect(said(undeclared)).toHaveLength(1);
  });
});
