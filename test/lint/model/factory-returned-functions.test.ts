import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

// Written for this test: a workspace whose `@mill/bus` package wraps kafkajs in a factory that hands back the functions it
// defines (`return { start, post }`, `post(topic, body)` sending on its parameter); the ledger service makes its producer
// with it at module level and its handlers call `producer.post("entry-booked", …)` after writing their table.
const workspace = (factoryBody: string): Tree => ({
  "package.json": { name: "mill", private: true, workspaces: ["apps/*", "packages/*"] },
  "packages/bus/package.json": { name: "@mill/bus", main: "src/index.ts", dependencies: { kafkajs: "*" } },
  "packages/bus/src/index.ts": `export { busProducer } from "./producer";\n`,
  "packages/bus/src/producer.ts": `import { Kafka } from "kafkajs";\n\nexport const busProducer = (kafka: Kafka) => {\n  const producer = kafka.producer();\n${factoryBody}\n};\n`,
  "apps/ledger/package.json": { name: "ledger", scripts: { start: "node dist/index.js" }, dependencies: { express: "*", pg: "*", kafkajs: "*", "@mill/bus": "*" } },
  "apps/ledger/src/bus.ts": `import { Kafka } from "kafkajs";\nimport { busProducer } from "@mill/bus";\n\nconst kafka = new Kafka({ clientId: "ledger", brokers: [process.env.KAFKA_BROKER!] });\nexport const producer = busProducer(kafka);\n`,
  "apps/ledger/src/index.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { producer } from "./bus";\n\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.post("/v1/entries", async (req, res) => {\n  await pool.query("insert into entries (amount) values ($1)", [req.body.amount]);\n  await producer.post("entry-booked", { amount: req.body.amount });\n  res.status(201).end();\n});\napp.listen(4400);\n`,
});

const topics = (tree: Tree) =>
  lintTree(tree, { only: "dual-write" })
    .model.topics.filter((t) => !t.topic.includes("{"))
    .map((t) => `${t.service} ${t.role} ${t.topic} ${t.location.file}:${t.location.line}`);

describe("[I] a factory that returns the functions it defines, its result kept by a module and called by name", () => {
  it("a call of the returned helper publishes the topic its caller passes, at the call", () => {
    const tree = workspace(`  const start = async () => producer.connect();\n  const post = async (topic: string, body: object) => producer.send({ topic, messages: [{ value: JSON.stringify(body) }] });\n  return { start, post };`);
    expect(topics(tree)).toEqual(["ledger produce entry-booked apps/ledger/src/index.ts:9"]);
    const result = lintTree(tree, { only: "dual-write" });
    expect(result.findings.map((f) => `${f.ruleId} ${f.location.file.split("/").slice(-3).join("/")}:${f.location.line}`)).toEqual(["dual-write ledger/src/index.ts:9"]);
  });

  it("also a function declared in the factory, or written in the returned object", () => {
    const declared = workspace(`  async function post(topic: string, body: object) {\n    await producer.send({ topic, messages: [{ value: JSON.stringify(body) }] });\n  }\n  return { post };`);
    expect(topics(declared)).toEqual(["ledger produce entry-booked apps/ledger/src/index.ts:9"]);
    const written = workspace(`  return {\n    post: async (topic: string, body: object) => producer.send({ topic, messages: [{ value: JSON.stringify(body) }] }),\n  };`);
    expect(topics(written)).toEqual(["ledger produce entry-booked apps/ledger/src/index.ts:9"]);
  });
});
