import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { planService } from "../../src/scaffold/plan.js";
import { commitTree } from "../../src/scaffold/commit.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";
import { MANIFEST_FILE, type Manifest } from "../../src/scaffold/manifest.js";
import { readFiles } from "../../src/scaffold/read-files.js";
import { gitMergeFile } from "../../src/scaffold/merge-file.js";
import { planUpgrade, type FileDecision } from "../../src/scaffold/upgrade-plan.js";
import { mergeJsonText } from "../../src/scaffold/json-merge.js";
import { tempDir } from "../helpers/temp.js";
import { editAsOwner, writeTinyTemplateV1, writeTinyTemplateV2 } from "./upgrade-fixture.js";

const TOOL_VERSION = "0.0.0-test";
const merge = gitMergeFile({ theirs: "yours", base: "tiny 0.1.0", ours: "template tiny 0.2.0" });

async function upgradeScenario() {
  const v1 = loadTemplateSpec(writeTinyTemplateV1());
  const v2 = loadTemplateSpec(writeTinyTemplateV2());
  const base = planService({ spec: v1, name: "orders", answers: { description: "Takes orders" }, toolVersion: TOOL_VERSION });
  const service = join(tempDir(), "orders");
  await commitTree(base, service, { force: false });
  editAsOwner(service);
  const recorded = (JSON.parse(base.readText(MANIFEST_FILE)!) as Manifest).files;
  const ours = planService({ spec: v2, name: "orders", answers: { description: "Takes orders", logLevel: "info" }, toolVersion: TOOL_VERSION });
  const theirs = readFiles(service, new Set([...Object.keys(recorded), ...ours.paths()]));
  return planUpgrade({ base, ours, theirs, recorded, mergeText: merge });
}

const byPath = (decisions: FileDecision[]) => Object.fromEntries(decisions.map((decision) => [decision.path, decision]));
const text = (decision: FileDecision | undefined) => decision?.after?.content.toString("utf8");

describe("planUpgrade", () => {
  it("decides every file by who changed it", async () => {
    const plan = await upgradeScenario();
    const decided = byPath(plan.decisions);
    expect(Object.fromEntries(plan.decisions.map((decision) => [decision.path, decision.outcome]))).toEqual({
      "README.md": "updated",
      "compose.yaml": "merged",
      "migrations/0001_init.sql": "kept",
      "migrations/0002_more.sql": "added",
      "package.json": "merged",
      "scripts/run.sh": "updated",
      "src/conflict.ts": "conflict",
      "src/deleted.ts": "deleted",
      "src/merged.ts": "merged",
      "src/new.ts": "added",
      "src/old-edited.ts": "kept",
      "src/old.ts": "removed",
      "src/owner-only.ts": "kept",
    });
    // Updated from the new render, with the new option's value and the executable bit.
    expect(text(decided["README.md"])).toBe("# orders\n\nTakes orders\n\nLog level: info\n");
    expect(decided["scripts/run.sh"]!.after!.mode & 0o111).not.toBe(0);
    // Both edits in one file: the owner's line 2 and the template's line 18.
    expect(text(decided["src/merged.ts"])).toContain("export const line2 = 200; // ours");
    expect(text(decided["src/merged.ts"])).toContain("export const line18 = 1800;");
    // The same line changed by both: git's standard markers around both versions.
    expect(text(decided["src/conflict.ts"])).toBe("<<<<<<< yours\nexport const timeout = 2000;\n=======\nexport const timeout = 5000;\n>>>>>>> template tiny 0.2.0\n");
    expect(decided["src/conflict.ts"]!.reason).toBe("1 conflict marked with <<<<<<< and >>>>>>>");
    // package.json by key: the template's bump and the owner's new dependency, no conflict.
    expect(JSON.parse(text(decided["package.json"])!).dependencies).toEqual({ fastify: "5.2.0", pino: "9.0.0", zod: "4.0.0" });
    // YAML too, written into the owner's document: their comment stays.
    expect(text(decided["compose.yaml"])).toBe('# Local run of orders.\nservices:\n  app:\n    image: node:24\n    environment:\n      LOG_LEVEL: warn\n      FEATURE_X: "on" # ours\n');
    // An applied migration is never edited; a new one is added.
    expect(decided["migrations/0001_init.sql"]!.after!.content.toString()).toBe("CREATE TABLE items (id int);\n");
    expect(decided["migrations/0001_init.sql"]!.reason).toMatch(/^an applied migration is never edited/);
    expect(decided["src/deleted.ts"]!.after).toBeUndefined();
    expect(decided["src/old-edited.ts"]!.reason).toBe("the template no longer has it, but you changed it: yours is kept");
    expect(decided["src/owner-only.ts"]!.after!.content.toString()).toBe("export const mine = true;\n");
    // Only what changes is written, and the new manifest with it; the owner's own file is never named.
    expect(plan.write.paths()).toEqual([MANIFEST_FILE, "README.md", "compose.yaml", "migrations/0002_more.sql", "package.json", "scripts/run.sh", "src/conflict.ts", "src/merged.ts", "src/new.ts"]);
    expect(plan.remove).toEqual(["src/old.ts"]);
    expect((JSON.parse(plan.write.readText(MANIFEST_FILE)!) as Manifest).template.version).toBe("0.2.0");
  });
});

describe("mergeJsonText", () => {
  const base = '{\n  "a": 1,\n  "deps": { "x": "1" }\n}\n';
  it("takes each side's change to a different key, and the template's new key after its neighbour", () => {
    const merged = mergeJsonText(base, '{\n    "a": 2,\n    "deps": { "x": "1", "mine": "3" }\n}\n', '{\n  "a": 1,\n  "deps": { "w": "0", "x": "2" },\n  "b": true\n}\n');
    expect(merged).toEqual({ content: '{\n    "a": 2,\n    "deps": {\n        "w": "0",\n        "x": "2",\n        "mine": "3"\n    },\n    "b": true\n}\n', conflicts: [] });
  });

  it("keeps the owner's value where both changed one key, and names it", () => {
    const merged = mergeJsonText(base, '{ "a": 1, "deps": { "x": "5" } }', '{ "a": 1, "deps": { "x": "2" } }');
    expect(merged?.conflicts).toEqual(["deps.x"]);
    expect(JSON.parse(merged!.content)).toEqual({ a: 1, deps: { x: "5" } });
  });

  it("a key the owner deleted stays deleted unless the template changed it (then it is a conflict)", () => {
    expect(JSON.parse(mergeJsonText(base, '{ "deps": { "x": "1" } }', base)!.content)).toEqual({ deps: { x: "1" } });
    expect(mergeJsonText(base, '{ "deps": { "x": "1" } }', '{ "a": 9, "deps": { "x": "1" } }')!.conflicts).toEqual(["a"]);
  });

  it("gives up (undefined) on a file that is not JSON, so the caller merges it by line", () => {
    expect(mergeJsonText(base, "{ // a comment\n}", base)).toBeUndefined();
  });
});
