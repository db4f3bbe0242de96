import { describe, expect, it } from "vitest";
import { readSuppressions } from "../../../src/lint/extract/suppressions.js";
import { lintTree, service } from "../helpers.js";

describe("[U] suppression comments", () => {
  it("next-line and block directives with reasons", () => {
    const s = readSuppressions(`// arch-lint-disable-next-line unversioned-route -- legacy clients\nx;\n/* arch-lint-disable shared-database */\ny;\n/* arch-lint-enable shared-database */\n`, "a.ts");
    expect(s.map((d) => [d.kind, d.rules, d.justification, d.fromLine, d.toLine])).toEqual([
      ["next-line", ["unversioned-route"], "legacy clients", 2, 2],
      ["block", ["shared-database"], undefined, 3, 5],
    ]);
  });

  it("an indented directive is placed at its comment: the line it is on and the column its // starts at", () => {
    const s = readSuppressions(`function list() {\n    // arch-lint-disable-next-line unprotected-call -- bounded by the caller\n  return get();\n}\n`, "a.ts");
    expect(s.map((d) => [d.location.line, d.location.column, d.fromLine])).toEqual([[2, 5, 3]]);
  });

  it("the same words in a string or a doc comment are not a directive", () => {
    expect(readSuppressions(`const help = \`Suppress: // arch-lint-disable-next-line <rule-id> -- reason\`;\n/**\n * \`// arch-lint-disable-next-line rule -- reason\`\n */\nfoo(); // arch-lint-disable-next-line x\n`, "a.ts")).toEqual([]);
  });

  it("suppresses a finding, records the reason, and reports unused directives", () => {
    const result = lintTree(
      service("services/a", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\n// arch-lint-disable-next-line unversioned-route -- kept for old mobile apps\napp.get("/legacy", (req, res) => {});\n// arch-lint-disable-next-line sync-call-chain\napp.get("/v1/ok", (req, res) => {});\n`,
      }),
    );
    expect(result.findings.map((f) => [f.ruleId, f.suppressed])).toEqual([["unversioned-route", { kind: "inSource", justification: "kept for old mobile apps" }]]);
    expect(result.diagnostics.filter((d) => d.kind === "unused-suppression").map((d) => d.line)).toEqual([5]);
  });
});
