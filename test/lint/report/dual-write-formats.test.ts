import { describe, expect, it } from "vitest";
import { buildBaseline } from "../../../src/lint/baseline.js";
import { starterConfig } from "../../../src/lint/init.js";
import { REPORTERS } from "../../../src/lint/report/index.js";
import { buildGraph } from "../../../src/lint/report/graph.js";
import { graphDot } from "../../../src/lint/report/graph-dot.js";
import { where } from "../../../src/lint/rule.js";
import { lintTree, service } from "../helpers.js";

/** orders inserts a row and sends an event to Kafka in one handler; it also consumes a topic it does not write for. */
const server = `import express from "express";\nimport { Pool } from "pg";\nimport { Kafka } from "kafkajs";\nconst pool = new Pool();\nconst producer = new Kafka({ brokers: ["kafka:9092"] }).producer();\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  await pool.query("INSERT INTO orders (id) VALUES ($1)", [req.body.id]);\n  await producer.send({ topic: "order-created", messages: [] });\n  res.json({});\n});\napp.listen(3000);\n`;
const tree = service("services/orders", ["express", "pg", "kafkajs"], { "src/server.ts": server });
const ctx = { cwd: "/repo", color: false, toolVersion: "0.1.0" };

describe("dual-write in init, every format, the graph and the baseline", () => {
  // Scanned in each test, not in the describe body: a scan at collection runs outside any test, and mutation testing
  // could not tell which test covers the code it reaches.
  const scan = () => {
    const result = lintTree(tree);
    const ours = result.findings.filter((f) => f.ruleId === "dual-write");
    return { result, ours };
  };

  it("finds the dual write", () => {
    const { ours } = scan();
    expect(ours.map((f) => `${f.data.service} ${f.data.target} ${f.data.topic} ${where(f.location)}`)).toEqual(["orders orders order-created services/orders/src/server.ts:9"]);
  });

  it("init writes the rule with its default severity", () => {
    const { result } = scan();
    expect(starterConfig(result.model.services)).toContain("\n  dual-write: error\n");
  });

  it("sarif lists the rule with its help and reports its result as an error", () => {
    const { result } = scan();
    const run = JSON.parse(REPORTERS.get("sarif")!(result, ctx)).runs[0];
    expect((run.tool.driver.rules as { id: string; help: { text: string } }[]).find((rule) => rule.id === "dual-write")?.help.text).toContain("# dual-write");
    expect((run.results as { ruleId: string; level: string }[]).filter((r) => r.ruleId === "dual-write").map((r) => r.level)).toEqual(["error"]);
  });

  it("markdown, github and json carry it", () => {
    const { result } = scan();
    expect(REPORTERS.get("markdown")!(result, ctx)).toContain("dual-write");
    expect(REPORTERS.get("github")!(result, ctx)).toMatch(/::error file=[^\n]*title=arch-lint dual-write::/);
    expect((JSON.parse(REPORTERS.get("json")!(result, ctx)) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === "dual-write")).toBe(true);
  });

  it("the graph draws the publish of the dual write in red", () => {
    const { result } = scan();
    const edge = buildGraph(result).edges.find((e) => e.kind === "produce");
    expect(edge?.offending).toBe(true);
    expect(graphDot(result)).toMatch(/"service:orders" -> "topic:kafka:order-created" \[[^\]]*class="produce offending"[^\]]*color="#d33"/);
  });

  it("the baseline records it and keeps it known after lines move", () => {
    const { ours } = scan();
    const { baseline } = buildBaseline(ours, (finding) => where(finding.location));
    expect(baseline.entries.map((entry) => entry.rule)).toEqual(["dual-write"]);
    const moved = lintTree({ ...tree, "services/orders/src/server.ts": `// moved down\n\n${server}` }).findings.filter((f) => f.ruleId === "dual-write");
    expect(moved.map((f) => f.fingerprint)).toEqual(ours.map((f) => f.fingerprint));
  });
});
