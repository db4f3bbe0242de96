import { describe, expect, it } from "vitest";
import { REPORTERS } from "../../../src/lint/report/index.js";
import { github } from "../../../src/lint/report/github.js";
import { cannedResult, ctx } from "./canned.js";

describe("[U] reporters on a canned result", () => {
  it("sarif: 2.1.0 shape GitHub code scanning accepts", () => {
    const log = JSON.parse(REPORTERS.get("sarif")!(cannedResult(), ctx));
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe("arch-lint");
    expect(run.tool.driver.rules.map((r: { id: string; helpUri: string; help: { text: string } }) => [r.id, Boolean(r.helpUri), Boolean(r.help.text)])).toEqual([
      ["shared-database", true, true],
      ["unversioned-route", true, true],
    ]);
    expect(run.results).toHaveLength(3);
    const [first, second, third] = run.results;
    expect(first).toMatchObject({
      ruleId: "shared-database",
      ruleIndex: 0,
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: "services/users/src/db.ts" }, region: { startLine: 2, startColumn: 3 } } }],
      partialFingerprints: { "archLintFingerprint/v1": "0123456789abcdef" },
    });
    expect(first.relatedLocations).toHaveLength(2);
    expect(second.level).toBe("warning");
    expect(third.suppressions).toEqual([{ kind: "inSource", justification: "old clients" }]);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toContain("syntax error");
    for (const result of run.results) {
      expect(Object.keys(result).sort()).toEqual(expect.arrayContaining(["level", "locations", "message", "partialFingerprints", "ruleId"]));
      expect(result.message.text.length).toBeGreaterThan(0);
    }
  });

  it("sarif: no helpUri or informationUri without a known repository; help from the rule's page, else its description", () => {
    const result = cannedResult();
    result.rules = [
      { id: "shared-database", description: "Each service owns its data.", defaultSeverity: "error", help: "# shared-database\n\n## What it checks" },
      { id: "unversioned-route", description: "Routes are versioned.", defaultSeverity: "error" },
    ];
    const driver = JSON.parse(REPORTERS.get("sarif")!(result, ctx)).runs[0].tool.driver;
    expect(driver.informationUri).toBeUndefined();
    expect(driver.rules.map((r: { helpUri?: string }) => r.helpUri)).toEqual([undefined, undefined]);
    expect(driver.rules[0].help).toEqual({ text: "# shared-database\n\n## What it checks", markdown: "# shared-database\n\n## What it checks" });
    expect(driver.rules[1].help).toEqual({ text: "Routes are versioned.", markdown: "Routes are versioned." });
    const markdown = REPORTERS.get("markdown")!(result, ctx);
    expect(markdown).not.toContain("](undefined)");
  });

  it("sarif: results is present even when empty (SARIF §3.14.23)", () => {
    const empty = { ...cannedResult(), findings: [] };
    expect(JSON.parse(REPORTERS.get("sarif")!(empty, ctx)).runs[0].results).toEqual([]);
  });

  it("github: errors first, escaped properties and data, suppressed left out", () => {
    const lines = github(cannedResult(), ctx).trim().split("\n");
    expect(lines[0]).toBe(
      "::error file=services/users/src/db.ts,line=2,col=3,title=arch-lint shared-database::orders and users connect to the same datastore postgres://db:5432/shop, 100%25 sure%0Aservices/orders/src/db.ts:4 orders connects%0Aservices/users/src/db.ts:2 users connects",
    );
    expect(lines[1]).toMatch(/^::warning file=services\/orders\/src\/app.ts,line=7,col=3,title=arch-lint unversioned-route::GET \/a has no version$/);
    expect(lines.some((l) => l.includes("/legacy"))).toBe(false);
    expect(lines[2]).toMatch(/^::notice file=services\/orders\/src\/broken.ts,line=3::/);
  });

  it("stylish: grouped by file, counts, no colour codes when colour is off", () => {
    const text = REPORTERS.get("stylish")!(cannedResult(), ctx);
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toContain("✖ 2 problems (1 error, 1 warning)");
    expect(text).toContain("1 finding suppressed inline");
    expect(REPORTERS.get("stylish")!(cannedResult(), { ...ctx, color: true })).toMatch(/\u001b\[31m/);
  });

  it("json: documented top-level shape and paths relative to cwd", () => {
    const out = JSON.parse(REPORTERS.get("json")!(cannedResult(), { ...ctx, cwd: "/repo/services" }));
    expect(Object.keys(out)).toEqual(["version", "tool", "summary", "findings", "diagnostics"]);
    expect(out.findings[0].location.file).toBe("users/src/db.ts");
    expect(out.summary).toMatchObject({ errors: 1, warnings: 1, suppressed: 1 });
  });

  it("markdown: a table with rule links and evidence", () => {
    const text = REPORTERS.get("markdown")!(cannedResult(), ctx);
    expect(text).toContain("### ❌ arch-lint: 1 error, 1 warning");
    expect(text).toContain("| error | [shared-database](https://example.test/docs/rules/shared-database.md) | `services/users/src/db.ts:2` |");
    expect(text).toContain("1. `services/orders/src/db.ts:4` orders connects");
  });
});
