import { describe, expect, it } from "vitest";
import { buildBaseline } from "../../../src/lint/baseline.js";
import { starterConfig } from "../../../src/lint/init.js";
import { REPORTERS } from "../../../src/lint/report/index.js";
import { where } from "../../../src/lint/rule.js";
import { lintTree, service } from "../helpers.js";

/** Two services, neither traced; orders calls catalogue at an address written into the code. */
const tree = {
  ...service("services/catalogue", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(8080);\n` }),
  ...service("services/orders", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/orders", async (req, res) => res.json(await (await fetch("http://catalogue:8080/v1/items")).json()));\napp.listen(3000);\n`,
  }),
};
const ctx = { cwd: "/repo", color: false, toolVersion: "0.1.0" };

describe("[I] hardcoded-endpoint and missing-tracing in init, every format and the baseline", () => {
  // Scanned in each test, not in the describe body: a scan at collection runs outside any test, and mutation testing
  // could not tell which test covers the code it reaches.
  const scan = () => {
    const result = lintTree(tree);
    const ours = result.findings.filter((f) => f.ruleId === "hardcoded-endpoint" || f.ruleId === "missing-tracing");
    return { result, ours };
  };

  it("finds both kinds in the tree", () => {
    const { ours } = scan();
    expect(ours.map((f) => `${f.ruleId} ${f.data.service}`).sort()).toEqual(["hardcoded-endpoint orders", "missing-tracing catalogue", "missing-tracing orders"]);
  });

  it("init writes both rules with their default severity and options", () => {
    const { result } = scan();
    const config = starterConfig(result.model.services);
    expect(config).toContain("  hardcoded-endpoint:\n    severity: warn\n    options:\n      allowFallbacks: true\n      allowHosts: []\n");
    expect(config).toContain("  missing-tracing:\n    severity: warn\n    options:\n      modules: []\n");
  });

  it("sarif lists both rules with their help and reports their results", () => {
    const { result } = scan();
    const run = JSON.parse(REPORTERS.get("sarif")!(result, ctx)).runs[0];
    const rules = run.tool.driver.rules as { id: string; help: { text: string } }[];
    for (const id of ["hardcoded-endpoint", "missing-tracing"]) expect(rules.find((rule) => rule.id === id)?.help.text).toContain(`# ${id}`);
    expect((run.results as { ruleId: string; level: string }[]).filter((r) => r.ruleId === "hardcoded-endpoint" || r.ruleId === "missing-tracing").map((r) => r.level)).toEqual(["warning", "warning", "warning"]);
  });

  it("markdown, github and json carry them", () => {
    const { result } = scan();
    const markdown = REPORTERS.get("markdown")!(result, ctx);
    const github = REPORTERS.get("github")!(result, ctx);
    const json = JSON.parse(REPORTERS.get("json")!(result, ctx)) as { findings: { ruleId: string }[] };
    for (const id of ["hardcoded-endpoint", "missing-tracing"]) {
      expect(markdown).toContain(id);
      expect(github).toMatch(new RegExp(`::warning file=[^\\n]*title=arch-lint ${id}::`));
      expect(json.findings.some((f) => f.ruleId === id)).toBe(true);
    }
  });

  it("the baseline records them, one fingerprint each, and keeps them known after lines move", () => {
    const { ours } = scan();
    const { baseline } = buildBaseline(ours, (finding) => where(finding.location));
    expect(baseline.entries.map((entry) => entry.rule).sort()).toEqual(["hardcoded-endpoint", "missing-tracing", "missing-tracing"]);
    const moved = lintTree({ ...tree, "services/orders/src/server.ts": `// moved down\n\n${tree["services/orders/src/server.ts"]}` }).findings.filter((f) => f.ruleId === "hardcoded-endpoint");
    expect(moved.map((f) => f.fingerprint)).toEqual(ours.filter((f) => f.ruleId === "hardcoded-endpoint").map((f) => f.fingerprint));
  });
});
