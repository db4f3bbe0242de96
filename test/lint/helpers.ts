import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp.js";
import { defaultConfig, parseConfig, type LintConfig } from "../../src/lint/config.js";
import { lint } from "../../src/lint/engine.js";
import { EXTRACTORS, extractFile } from "../../src/lint/extract/index.js";
import { RULES } from "../../src/lint/rules/index.js";
import type { ArchModel, FileFacts, Finding, LintResult } from "../../src/lint/types.js";

/** A tiny monorepo: path → content. Objects are written as JSON, strings as they are. */
export type Tree = Record<string, string | object>;

export function writeTree(root: string, files: Tree): void {
  for (const [path, content] of Object.entries(files)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
}

/**
 * Writes the tree to a temp folder and lints it in-process. `only` turns every other rule off: a rule's test
 * then runs that rule alone, so it neither pays for the others nor counts as covering their code (mutation testing
 * runs a mutant only against the tests that reach it).
 */
export function lintTree(files: Tree, opts: { config?: unknown; rules?: Record<string, unknown>; only?: string } = {}): LintResult {
  const root = tempDir("arch-lint-test-");
  writeTree(root, files);
  const others = opts.only ? Object.fromEntries(RULES.filter((rule) => rule.meta.id !== opts.only).map((rule) => [rule.meta.id, "off"])) : {};
  const rules = { ...others, ...opts.rules };
  const config: LintConfig = opts.config || Object.keys(rules).length ? parseConfig({ ...(opts.config as object), rules: { ...(opts.config as { rules?: object } | undefined)?.rules, ...rules } }, undefined, root) : defaultConfig(root);
  return lint({ cwd: root, paths: ["."], config });
}

/** Facts of one source text, for extractor tests. */
export function facts(code: string, file = "src/app.ts"): FileFacts {
  return extractFile(file, code, EXTRACTORS);
}

/** A service folder: package.json with the given dependencies plus the files. */
export function service(dir: string, deps: string[], files: Record<string, string>): Tree {
  const tree: Tree = { [`${dir}/package.json`]: { name: dir.split("/").pop(), main: "src/server.ts", dependencies: Object.fromEntries(deps.map((d) => [d, "*"])) } };
  for (const [path, content] of Object.entries(files)) tree[`${dir}/${path}`] = content;
  return tree;
}

export interface ExpectedFinding {
  messageId: string;
  file?: string;
  line?: number;
  /** Number of evidence hops. */
  hops?: number;
  severity?: "error" | "warn";
  data?: Record<string, string | number>;
  /** The message, exactly: what a reader of the report sees. */
  message?: string;
  /** Each evidence hop's message, in order. */
  evidence?: string[];
}

export interface RuleCase {
  name: string;
  files: Tree;
  options?: Record<string, unknown>;
  /** What the scan must have understood of the files, exactly, besides what the rule reads at least (see `READS`). */
  understood?: Understood;
}

/** Parts of the model a case states exactly. */
export interface Understood {
  /** How many routes were extracted. */
  routes?: number;
  /** Each call as `caller → target` (`?` when it did not resolve to a service), sorted; gRPC stub calls included. */
  calls?: string[];
  /** How many datastore connections were found. */
  datastores?: number;
}

/**
 * What each rule reads: a case where the scan found none of it proves nothing about the rule
 * (no finding because nothing was extracted), so every case must show at least this much.
 */
const READS: Record<string, (model: ArchModel) => string | undefined> = {
  "unversioned-route": (model) => (model.routes.length ? undefined : "no route was extracted"),
  "sync-call-chain": (model) => (model.calls.some((call) => call.targetService) ? undefined : "no call was resolved to a service"),
  "shared-database": (model) => (model.datastores.length ? undefined : "no datastore was found"),
  "hardcoded-endpoint": (model) => (model.calls.length || model.datastores.length || model.brokers?.length ? undefined : "no call, datastore or broker was found"),
  "missing-tracing": (model) => (model.routes.length || model.calls.some((call) => call.targetService) || model.topics.some((topic) => topic.system === "grpc") ? undefined : "no route, call or gRPC method was found"),
  "dual-write": (model) => (model.writes?.length && (model.topics.some((topic) => topic.role === "produce") || model.unnamedTopics?.some((u) => u.publish)) ? undefined : "no write or no publish was found"),
  "cross-service-import": (model) => (model.services.length >= 2 ? undefined : "fewer than two services were found"),
};

/** The calls of a model as `caller → target`, sorted: what `Understood.calls` states. */
export function callPairs(model: ArchModel): string[] {
  return model.calls.map((call) => `${call.service} → ${call.targetService ?? "?"}`).sort();
}

/** Fails unless the scan understood what the rule reads, and exactly what the case states. */
export function expectUnderstood(ruleId: string, result: LintResult, understood: Understood = {}): void {
  const missing = READS[ruleId]?.(result.model);
  expect(missing, `the scan did not understand the case's files, so its findings prove nothing: ${missing}\n${result.summary}`).toBeUndefined();
  if (understood.routes !== undefined) expect(result.model.routes.map((route) => route.id), "routes").toHaveLength(understood.routes);
  if (understood.calls !== undefined) expect(callPairs(result.model), "calls").toEqual(understood.calls);
  if (understood.datastores !== undefined) expect(result.model.datastores.map((store) => store.identity ?? "unresolved"), "datastores").toHaveLength(understood.datastores);
}

/**
 * eslint-style: `valid` cases must produce no finding of the rule, `invalid` ones exactly the listed ones.
 * Either way the scan must first have understood the files (`expectUnderstood`): a valid case whose
 * routes or calls were never extracted would pass on an empty model.
 */
export function ruleTester(ruleId: string, cases: { valid: RuleCase[]; invalid: (RuleCase & { errors: ExpectedFinding[] })[] }): void {
  const run = (c: RuleCase): Finding[] => {
    const rules = c.options ? { [ruleId]: { options: c.options } } : {};
    const result = lintTree(c.files, { rules, only: ruleId });
    expectUnderstood(ruleId, result, c.understood);
    return result.findings.filter((f) => f.ruleId === ruleId);
  };
  describe(ruleId, () => {
    describe("valid", () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          expect(run(c).map((f) => f.message)).toEqual([]);
        });
      }
    });
    describe("invalid", () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          const found = run(c);
          expect(found.map((f) => f.messageId), found.map((f) => f.message).join("\n")).toEqual(c.errors.map((e) => e.messageId));
          // A baseline tells findings apart by fingerprint: two with one fingerprint would be accepted or reported together.
          expect(new Set(found.map((f) => f.fingerprint)).size, "each finding has a fingerprint of its own").toBe(found.length);
          c.errors.forEach((expected, index) => {
            const finding = found[index]!;
            if (expected.file) expect(finding.location.file).toBe(expected.file);
            if (expected.line) expect(finding.location.line).toBe(expected.line);
            if (expected.hops !== undefined) expect(finding.evidence).toHaveLength(expected.hops);
            if (expected.severity) expect(finding.severity).toBe(expected.severity);
            if (expected.data) expect(finding.data).toMatchObject(expected.data);
            if (expected.message !== undefined) expect(finding.message).toBe(expected.message);
            if (expected.evidence) expect(finding.evidence.map((hop) => hop.message)).toEqual(expected.evidence);
            expect(finding.fingerprint).toMatch(/^[0-9a-f]{16}$/);
            for (const hop of finding.evidence) expect(hop.location.line).toBeGreaterThan(0);
          });
        });
      }
    });
  });
}
