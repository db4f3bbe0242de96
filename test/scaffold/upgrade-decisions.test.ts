import { describe, expect, it } from "vitest";
import { MANIFEST_FILE, sha256, type Manifest } from "../../src/scaffold/manifest.js";
import { gitMergeFile } from "../../src/scaffold/merge-file.js";
import { planUpgrade, type FileDecision } from "../../src/scaffold/upgrade-plan.js";
import { EXECUTABLE_MODE, FILE_MODE, VirtualTree, type TreeFile } from "../../src/scaffold/virtual-tree.js";

/**
 * planUpgrade file by file, on trees written by hand: one path per case, so each
 * decision (and what it writes or removes) is stated on its own.
 */

const merge = gitMergeFile({ theirs: "yours", base: "base", ours: "template" });

interface Versions {
  /** What the recorded version rendered; undefined when it cannot give the file. */
  base?: string | Buffer;
  /** What the manifest says was generated (defaults to `base`); undefined when the manifest does not name it. */
  recorded?: string | Buffer;
  theirs?: string | Buffer;
  theirsMode?: number;
  ours?: string | Buffer;
  oursMode?: number;
}

function plan(path: string, versions: Versions, opts: { manifest?: boolean } = {}) {
  const base = new VirtualTree();
  const ours = new VirtualTree();
  const theirs = new Map<string, TreeFile>();
  const recorded: Manifest["files"] = {};
  const bytes = (content: string | Buffer) => (typeof content === "string" ? Buffer.from(content) : content);
  if (versions.base !== undefined) base.write(path, versions.base);
  const generated = "recorded" in versions ? versions.recorded : versions.base;
  if (generated !== undefined) recorded[path] = { sha256: sha256(bytes(generated)), mode: "644" };
  if (versions.theirs !== undefined) theirs.set(path, { content: bytes(versions.theirs), mode: versions.theirsMode ?? FILE_MODE });
  if (versions.ours !== undefined) ours.write(path, versions.ours, versions.oursMode ?? FILE_MODE);
  if (opts.manifest !== false) ours.write(MANIFEST_FILE, '{"manifestVersion":1}\n');
  return planUpgrade({ base, ours, theirs, recorded, mergeText: merge });
}

function only(result: ReturnType<typeof plan>): FileDecision {
  expect(result.decisions).toHaveLength(1);
  return result.decisions[0]!;
}

const text = (file: TreeFile | undefined) => file?.content.toString("utf8");
const written = (result: ReturnType<typeof plan>) => result.write.paths().filter((path) => path !== MANIFEST_FILE);

describe("planUpgrade: a file the manifest does not name", () => {
  it("new in the template and absent on disk: added and written", () => {
    const result = plan("src/new.ts", { ours: "new\n" });
    expect(only(result)).toEqual({ path: "src/new.ts", outcome: "added", after: { content: Buffer.from("new\n"), mode: FILE_MODE } });
    expect(written(result)).toEqual(["src/new.ts"]);
    expect(result.remove).toEqual([]);
  });

  it("the owner already has the same file: unchanged, nothing written", () => {
    const result = plan("src/new.ts", { ours: "same\n", theirs: "same\n" });
    expect(only(result)).toMatchObject({ outcome: "unchanged" });
    expect(only(result).reason).toBeUndefined();
    expect(written(result)).toEqual([]);
  });

  it("the owner has a different file there: a conflict that keeps theirs and writes nothing", () => {
    const result = plan("src/new.ts", { ours: "template's\n", theirs: "mine\n" });
    const decision = only(result);
    expect(decision.outcome).toBe("conflict");
    expect(decision.reason).toBe("the template adds this file, but you already have one: yours is kept, compare it with the template's");
    expect(text(decision.before)).toBe("mine\n");
    expect(text(decision.after)).toBe("mine\n");
    expect(written(result)).toEqual([]);
  });
});

describe("planUpgrade: a file the owner deleted", () => {
  it("still in the template: stays deleted, said why, nothing written", () => {
    const result = plan("src/gone.ts", { base: "v1\n", ours: "v2\n" });
    const decision = only(result);
    expect(decision).toEqual({ path: "src/gone.ts", outcome: "deleted", reason: "you deleted it; it stays deleted" });
    expect(written(result)).toEqual([]);
    expect(result.remove).toEqual([]);
  });

  it("gone from the template too: unchanged, without a reason", () => {
    const result = plan("src/gone.ts", { base: "v1\n" });
    expect(only(result)).toEqual({ path: "src/gone.ts", outcome: "unchanged" });
    expect(result.remove).toEqual([]);
  });
});

describe("planUpgrade: a file the template no longer has", () => {
  it("untouched by the owner: removed", () => {
    const result = plan("src/old.ts", { base: "v1\n", theirs: "v1\n" });
    expect(only(result)).toMatchObject({ outcome: "removed" });
    expect(only(result).after).toBeUndefined();
    expect(only(result).reason).toBeUndefined();
    expect(result.remove).toEqual(["src/old.ts"]);
    expect(written(result)).toEqual([]);
  });

  it("changed by the owner: kept, and said why", () => {
    const result = plan("src/old.ts", { base: "v1\n", theirs: "mine\n" });
    expect(only(result)).toMatchObject({ outcome: "kept", reason: "the template no longer has it, but you changed it: yours is kept" });
    expect(text(only(result).after)).toBe("mine\n");
    expect(result.remove).toEqual([]);
  });

  it("an applied migration, even untouched: kept", () => {
    const result = plan("migrations/0001_init.sql", { base: "CREATE TABLE a (id int);\n", theirs: "CREATE TABLE a (id int);\n" });
    expect(only(result)).toMatchObject({ outcome: "kept", reason: "an applied migration is never removed" });
    expect(result.remove).toEqual([]);
  });
});

describe("planUpgrade: a file in all three", () => {
  it("the owner's file already equals the new render: unchanged", () => {
    const result = plan("src/a.ts", { base: "v1\n", theirs: "v2\n", ours: "v2\n" });
    expect(only(result)).toMatchObject({ outcome: "unchanged" });
    expect(written(result)).toEqual([]);
  });

  it("only the executable bit differs: the file is not the same, and the template's mode is written", () => {
    const result = plan("scripts/run.sh", { base: "#!/bin/sh\n", theirs: "#!/bin/sh\n", ours: "#!/bin/sh\n", oursMode: EXECUTABLE_MODE });
    expect(only(result)).toMatchObject({ outcome: "updated", after: { mode: EXECUTABLE_MODE } });
    expect(written(result)).toEqual(["scripts/run.sh"]);
    expect(result.write.file("scripts/run.sh")!.mode).toBe(EXECUTABLE_MODE);
  });

  it("permission bits other than the executable ones do not make a file different", () => {
    const result = plan("src/a.ts", { base: "v1\n", theirs: "v1\n", theirsMode: 0o600, ours: "v1\n" });
    expect(only(result)).toMatchObject({ outcome: "unchanged" });
    expect(written(result)).toEqual([]);
  });

  it("untouched by the owner, changed by the template: updated to the new render", () => {
    const result = plan("src/a.ts", { base: "v1\n", theirs: "v1\n", ours: "v2\n" });
    expect(only(result)).toEqual({
      path: "src/a.ts",
      outcome: "updated",
      before: { content: Buffer.from("v1\n"), mode: FILE_MODE },
      after: { content: Buffer.from("v2\n"), mode: FILE_MODE },
    });
    expect(text(result.write.file("src/a.ts"))).toBe("v2\n");
  });

  it("changed by the owner only: kept", () => {
    const result = plan("src/a.ts", { base: "v1\n", theirs: "mine\n", ours: "v1\n" });
    expect(only(result)).toMatchObject({ outcome: "kept", reason: "changed by you only" });
    expect(written(result)).toEqual([]);
  });

  it("a migration the template changed is kept as the owner has it", () => {
    const result = plan("migrations/0001_init.sql", { base: "CREATE TABLE a (id int);\n", theirs: "CREATE TABLE a (id int);\n", ours: "CREATE TABLE a (id bigint);\n" });
    expect(only(result)).toMatchObject({
      outcome: "kept",
      reason: "an applied migration is never edited; the template changed it, so add a new migration if you need the change",
    });
    expect(text(only(result).after)).toBe("CREATE TABLE a (id int);\n");
    expect(written(result)).toEqual([]);
  });

  it("a migration only the owner changed is left as it is, without a reason", () => {
    const result = plan("migrations/0001_init.sql", { base: "CREATE TABLE a (id int);\n", theirs: "CREATE TABLE a (id text);\n", ours: "CREATE TABLE a (id int);\n" });
    expect(only(result)).toMatchObject({ outcome: "unchanged" });
    expect(only(result).reason).toBeUndefined();
    expect(text(only(result).after)).toBe("CREATE TABLE a (id text);\n");
    expect(written(result)).toEqual([]);
  });
});

describe("planUpgrade: both changed a text file", () => {
  const base = "a\nb\nc\nd\ne\nf\n";

  it("different lines: merged, in the owner's mode", () => {
    const result = plan("src/a.sh", { base, theirs: "A\nb\nc\nd\ne\nf\n", theirsMode: EXECUTABLE_MODE, ours: "a\nb\nc\nd\ne\nF\n" });
    expect(only(result)).toMatchObject({ outcome: "merged", after: { content: Buffer.from("A\nb\nc\nd\ne\nF\n"), mode: EXECUTABLE_MODE } });
    expect(only(result).reason).toBeUndefined();
    expect(written(result)).toEqual(["src/a.sh"]);
  });

  it("two regions both changed: two conflicts, counted in the plural", () => {
    const result = plan("src/a.ts", { base, theirs: "A\nb\nc\nd\ne\nF\n", ours: "1\nb\nc\nd\ne\n6\n" });
    expect(only(result)).toMatchObject({ outcome: "conflict", reason: "2 conflicts marked with <<<<<<< and >>>>>>>" });
    expect(text(only(result).after)).toContain("<<<<<<< yours\nA\n=======\n1\n>>>>>>> template\n");
  });

  it("the recorded version cannot give the file: merged with an empty base, and said so", () => {
    const result = plan("src/a.ts", { recorded: base, theirs: "a\nb\nc\nd\ne\nf\nmine\n", ours: "a\nb\nc\nd\ne\nf\ntemplate\n" });
    expect(only(result)).toMatchObject({
      outcome: "conflict",
      reason: "1 conflict marked with <<<<<<< and >>>>>>>; the recorded template version could not be rendered for this file, so the merge had no common base",
    });
  });

  it("the recorded version renders the file differently from its hash: merged, and said to check", () => {
    const result = plan("src/a.ts", { base, recorded: "something else\n", theirs: "A\nb\nc\nd\ne\nf\n", ours: "a\nb\nc\nd\ne\nF\n" });
    expect(only(result)).toMatchObject({
      outcome: "merged",
      reason: "the recorded template version renders this file differently from when it was generated: check the merge",
    });
    expect(text(only(result).after)).toBe("A\nb\nc\nd\ne\nF\n");
  });

  it("a binary file on either side: a conflict that keeps theirs", () => {
    const result = plan("assets/logo.png", { base: Buffer.from([1, 2, 3]), theirs: Buffer.from([1, 0, 3]), ours: Buffer.from([1, 2, 4]) });
    expect(only(result)).toMatchObject({ outcome: "conflict", reason: "a binary file both you and the template changed: yours is kept" });
    expect(only(result).after!.content).toEqual(Buffer.from([1, 0, 3]));
    expect(written(result)).toEqual([]);
  });

  it("a zero byte past the first 8000 does not make a file binary", () => {
    const long = "x".repeat(8000);
    const result = plan("src/a.txt", { base: `a\nb\nc\nd\n${long}\0\n`, theirs: `A\nb\nc\nd\n${long}\0\n`, ours: `a\nb\nc\nd\n${long}\0\nnew\n` });
    expect(only(result)).toMatchObject({ outcome: "merged" });
  });
});

describe("planUpgrade: both changed a JSON or YAML file", () => {
  const base = '{\n  "a": 1,\n  "b": 2\n}\n';

  it("the same key: the owner's value is kept and the key named", () => {
    const result = plan("package.json", { base, theirs: '{\n  "a": 5,\n  "b": 2\n}\n', ours: '{\n  "a": 9,\n  "b": 2\n}\n' });
    expect(only(result)).toMatchObject({ outcome: "conflict", reason: "both changed a: your values are kept" });
    expect(text(only(result).after)).toBe('{\n  "a": 5,\n  "b": 2\n}\n');
    // The owner's file is already that, byte for byte: nothing to write.
    expect(written(result)).toEqual([]);
  });

  it("the same key, with the base not as recorded: both said", () => {
    const result = plan("package.json", { base, recorded: "{}\n", theirs: '{\n  "a": 5,\n  "b": 2\n}\n', ours: '{\n  "a": 9,\n  "b": 2\n}\n' });
    expect(only(result).reason).toBe("both changed a: your values are kept; the recorded template version renders this file differently from when it was generated: check the merge");
  });

  it("neighbouring keys: a line conflict, but merged by key", () => {
    const result = plan("package.json", { base, theirs: '{\n  "a": 5,\n  "b": 2\n}\n', ours: '{\n  "a": 1,\n  "b": 7\n}\n' });
    expect(only(result)).toMatchObject({ outcome: "merged" });
    expect(only(result).reason).toBeUndefined();
    expect(text(only(result).after)).toBe('{\n  "a": 5,\n  "b": 7\n}\n');
  });

  it("a clean line merge keeps the owner's layout where it means the same", () => {
    const spaced = '{\n  "a": 1,\n\n  "x": 0,\n  "y": 0,\n  "z": 0,\n\n  "b": 2\n}\n';
    const result = plan("config.json", { base: spaced, theirs: spaced.replace('"a": 1', '"a": 5'), ours: spaced.replace('"b": 2', '"b": 7') });
    expect(only(result)).toMatchObject({ outcome: "merged" });
    expect(text(only(result).after)).toBe('{\n  "a": 5,\n\n  "x": 0,\n  "y": 0,\n  "z": 0,\n\n  "b": 7\n}\n');
  });

  it("two keys both changed are named together", () => {
    const result = plan("package.json", { base, theirs: '{\n  "a": 5,\n  "b": 6\n}\n', ours: '{\n  "a": 9,\n  "b": 7\n}\n' });
    expect(only(result).reason).toBe("both changed a, b: your values are kept");
  });

  it("a clean line merge that means something else than the merge by key loses to it (a key both added in different places)", () => {
    const result = plan("package.json", { base: '{\n  "a": 1,\n  "m": 1,\n  "n": 1,\n  "o": 1,\n  "b": 2\n}\n', theirs: '{\n  "x": 1,\n  "a": 1,\n  "m": 1,\n  "n": 1,\n  "o": 1,\n  "b": 2\n}\n', ours: '{\n  "a": 1,\n  "m": 1,\n  "n": 1,\n  "o": 1,\n  "b": 2,\n  "x": 2\n}\n' });
    expect(only(result)).toMatchObject({ outcome: "conflict", reason: "both changed x: your values are kept" });
    expect(JSON.parse(text(only(result).after)!)).toEqual({ x: 1, a: 1, m: 1, n: 1, o: 1, b: 2 });
  });

  it("the same in YAML, where the line merge would give a duplicate key", () => {
    const yamlBase = "a: 1\nm: 1\nn: 1\no: 1\nb: 2\n";
    const result = plan("compose.yaml", { base: yamlBase, theirs: `x: 1\n${yamlBase}`, ours: `${yamlBase}x: 2\n` });
    expect(only(result)).toMatchObject({ outcome: "conflict", reason: "both changed x: your values are kept" });
    expect(text(only(result).after)).toBe(`x: 1\n${yamlBase}`);
  });

  it(".yml files are merged by key too", () => {
    const result = plan("deploy/app.yml", { base: "a: 1\nb: 2\n", theirs: "a: 5\nb: 2\n", ours: "a: 1\nb: 7\n" });
    expect(only(result)).toMatchObject({ outcome: "merged" });
    expect(text(only(result).after)).toBe("a: 5\nb: 7\n");
  });

  it(".yaml files name the key both changed", () => {
    const result = plan("compose.yaml", { base: "a: 1\nb: 2\n", theirs: "a: 5\nb: 2\n", ours: "a: 9\nb: 2\n" });
    expect(only(result)).toMatchObject({ outcome: "conflict", reason: "both changed a: your values are kept" });
    expect(text(only(result).after)).toBe("a: 5\nb: 2\n");
  });

  it("without a base the JSON is merged by line, with markers", () => {
    const result = plan("package.json", { recorded: base, theirs: '{\n  "a": 5,\n  "b": 2\n}\n', ours: '{\n  "a": 9,\n  "b": 2\n}\n' });
    expect(only(result).outcome).toBe("conflict");
    expect(only(result).reason).toMatch(/^1 conflict marked with <<<<<<< and >>>>>>>; the recorded template version could not be rendered/);
    expect(text(only(result).after)).toContain("<<<<<<< yours");
  });

  it("a .json file that is not JSON is merged by line", () => {
    const notJson = "a\nb\nc\nd\ne\nf\n";
    const result = plan("odd.json", { base: notJson, theirs: "A\nb\nc\nd\ne\nf\n", ours: "a\nb\nc\nd\ne\nF\n" });
    expect(only(result)).toMatchObject({ outcome: "merged" });
    expect(text(only(result).after)).toBe("A\nb\nc\nd\ne\nF\n");
  });
});

describe("planUpgrade: order", () => {
  it("decides the paths in sorted order, whichever side names them", () => {
    const recorded = { "z.ts": { sha256: sha256(Buffer.from("z\n")), mode: "644" }, "b.ts": { sha256: sha256(Buffer.from("b\n")), mode: "644" } };
    const ours = new VirtualTree();
    ours.write("m.ts", "m\n");
    ours.write("a.ts", "a\n");
    const result = planUpgrade({ base: new VirtualTree(), ours, theirs: new Map(), recorded, mergeText: merge });
    expect(result.decisions.map((decision) => decision.path)).toEqual(["a.ts", "b.ts", "m.ts", "z.ts"]);
  });
});

describe("planUpgrade: the manifest", () => {
  it("the new manifest is written, and never decided as a file", () => {
    const result = plan("src/a.ts", { base: "v1\n", theirs: "v1\n", ours: "v1\n" });
    expect(result.decisions.map((decision) => decision.path)).toEqual(["src/a.ts"]);
    expect(result.write.paths()).toEqual([MANIFEST_FILE]);
  });

  it("without one in the new render, nothing is written for it", () => {
    const result = plan("src/a.ts", { base: "v1\n", theirs: "v1\n", ours: "v1\n" }, { manifest: false });
    expect(result.write.paths()).toEqual([]);
  });
});
