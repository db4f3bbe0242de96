import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A shared library's publish whose topic its own code takes from a table at run time (`ROUTES[kind]`): no topic of the
 * model comes from it, but it is a publish all the same, so a handler that writes its database and then calls the
 * library's helper is a dual write. Written for acc21a.
 */

const BUS = `import { Kafka } from "kafkajs";
const producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();
const ROUTES: Record<string, string[]> = { "invoice.issued": ["billing-events", "audit-events"] };
export async function announce(kind: string, body: unknown) {
  for (const topic of ROUTES[kind] ?? []) {
    await producer.send({ topic, messages: [{ value: JSON.stringify(body) }] });
  }
}
`;

const invoices = (handler: string): Tree => ({
  "docker-compose.yml": `services:\n  invoices:\n    build: ./services/invoices\n`,
  "packages/bus/package.json": { name: "@acme/bus", main: "src/index.ts", dependencies: { kafkajs: "*" } },
  "packages/bus/src/index.ts": BUS,
  ...service("services/invoices", ["express", "pg", "@acme/bus"], {
    "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { announce } from "@acme/bus";\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\n${handler}app.listen(3000);\n`,
  }),
});

const WRITES_THEN_ANNOUNCES = `app.post("/v1/invoices", async (req, res) => {\n  const { rows } = await pool.query("INSERT INTO invoices (total) VALUES ($1) RETURNING id", [req.body.total]);\n  await announce("invoice.issued", rows[0]);\n  res.status(201).json(rows[0]);\n});\n`;

describe("[U] a library's publish on a topic chosen at run time (acc21a)", () => {
  it("is no topic of the model, and its diagnostic says a write beside it is still reported", () => {
    const { model, diagnostics } = lintTree(invoices(WRITES_THEN_ANNOUNCES));
    expect(model.topics.filter((t) => t.role === "produce")).toEqual([]);
    expect(diagnostics.filter((d) => d.message.includes("from values its own code does not fix")).map((d) => d.message.replace(/^.*?so no topic/, "so no topic"))).toEqual([
      "so no topic of invoices comes from it: what it sends there is not checked (a write beside it is still reported by dual-write)",
    ]);
  });
});

ruleTester("dual-write", {
  valid: [
    {
      name: "a route that only announces, and one that only writes",
      files: invoices(`app.post("/v1/invoices/resend", async (req, res) => {\n  await announce("invoice.issued", req.body);\n  res.end();\n});\napp.post("/v1/invoices", async (req, res) => {\n  await pool.query("INSERT INTO invoices (total) VALUES ($1)", [req.body.total]);\n  res.end();\n});\n`),
    },
  ],
  invalid: [
    {
      name: "a route that writes the database and then publishes through the library's helper, whose topic is read from a table",
      files: invoices(WRITES_THEN_ANNOUNCES),
      // Reported at the service's own call of the library's helper: the line its team changes.
      errors: [{ messageId: "dualWrite", file: "services/invoices/src/server.ts", line: 8, data: { service: "invoices", target: "invoices", system: "kafka" } }],
    },
  ],
});
