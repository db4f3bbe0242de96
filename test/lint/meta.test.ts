import { existsSync, readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/lint/rules/index.js";
import { buildConfigSchema } from "../../src/lint/config.js";
import { COMMITTED_SCHEMA } from "../../src/lint/schema-file.js";

/** Keeps rules, their docs, their tests and the shipped schema in step (after eslint's checkRuleFiles). */

const root = new URL("../../", import.meta.url);
const SECTIONS = ["What it checks", "Why it matters", "Examples", "Options", "How to fix", "How to suppress", "When not to use it"];

describe("[M] rules, docs, tests and schema agree", () => {
  it("every rule file is in the registry", () => {
    const files = readdirSync(new URL("src/lint/rules/", root)).filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.replace(/\.ts$/, ""));
    expect(RULES.map((r) => r.meta.id).sort()).toEqual(files.sort());
  });

  for (const rule of RULES) {
    const id = rule.meta.id;
    describe(id, () => {
      it("has tests", () => {
        expect(existsSync(new URL(`test/lint/rules/${id}.test.ts`, root)), `Missing tests for rule ${id}`).toBe(true);
      });

      it("has a doc page with front matter and the fixed sections in order", () => {
        const url = new URL(`docs/rules/${id}.md`, root);
        expect(existsSync(url), `Missing documentation for rule ${id}`).toBe(true);
        const text = readFileSync(url, "utf8");
        const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "";
        expect(/description: "(.*)"/.exec(front)?.[1]).toBe(rule.meta.description);
        expect(/severity: (\w+)/.exec(front)?.[1]).toBe(rule.meta.defaultSeverity);
        const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        expect(headings).toEqual(SECTIONS);
        const options = Object.keys(rule.meta.options);
        const optionHeadings = [...text.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
        expect(optionHeadings).toEqual(options);
        if (!options.length) expect(text).toContain("This rule has no options.");
        expect(text).toContain(`arch-lint-disable-next-line ${id} -- `);
      });
    });
  }

  it("the committed schema equals the one composed from the rules (regenerate: node bin/arch-lint.js --print-schema > src/lint/arch-lint.schema.json)", () => {
    expect(JSON.parse(JSON.stringify(buildConfigSchema()))).toEqual(COMMITTED_SCHEMA);
  });
});
