import { describe, expect, it } from "vitest";
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { FailureError } from "../../src/shared/errors.js";
import { applyTemplatePatch, historyVersions, makeTemplatePatch, readTemplateFolder, rebuildVersion, removeFolder } from "../../src/scaffold/template-history.js";

/** A template's history/ on its own: which patches count, the order they apply in, modes, and the errors when they no longer match. */

type Files = Map<string, { content: string; mode: number }>;
const files = (entries: Record<string, string | { content: string; mode: number }>): Files =>
  new Map(Object.entries(entries).map(([path, file]) => [path, typeof file === "string" ? { content: file, mode: 0o644 } : file]));

function templateFolder(entries: Record<string, string>, history: Record<string, string> = {}): string {
  const dir = tempDir("create-service-history-");
  for (const [path, content] of Object.entries(entries)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  if (Object.keys(history).length > 0) mkdirSync(join(dir, "history"));
  for (const [name, content] of Object.entries(history)) writeFileSync(join(dir, "history", name), content);
  return dir;
}

describe("historyVersions", () => {
  it("lists the versions of the .patch files named by a version, newest first by semver", () => {
    const dir = templateFolder({ "template.yaml": "v" }, { "0.2.0.patch": "", "0.10.0.patch": "", "0.9.1.patch": "", "notes.patch": "", "0.3.0.diff": "", "README.md": "" });
    expect(historyVersions(dir)).toEqual(["0.10.0", "0.9.1", "0.2.0"]);
  });

  it("is empty without a history folder", () => {
    expect(historyVersions(templateFolder({ "template.yaml": "v" }))).toEqual([]);
  });
});

describe("rebuildVersion", () => {
  const v3 = { "template.yaml": "version: 3\n", "files/a.txt": "three\n" };
  const v2 = { "template.yaml": "version: 2\n", "files/a.txt": "two\n" };
  const v1 = { "template.yaml": "version: 1\n", "files/a.txt": "one\n", "files/only-in-1.txt": "old\n" };

  function threeVersions(): string {
    return templateFolder(v3, {
      "2.0.0.patch": makeTemplatePatch(files(v3), files(v2), "2.0.0"),
      "1.0.0.patch": makeTemplatePatch(files(v2), files(v1), "1.0.0"),
    });
  }

  it("applies the patches from the current version down, in order, to reach an older one", () => {
    const dir = threeVersions();
    const out = rebuildVersion(dir, "3.0.0", "1.0.0")!;
    try {
      expect(new Map([...readTemplateFolder(out)].map(([path, file]) => [path, file.content]))).toEqual(new Map(Object.entries(v1)));
    } finally {
      removeFolder(out);
    }
    const middle = rebuildVersion(dir, "3.0.0", "2.0.0")!;
    expect(new Map([...readTemplateFolder(middle)].map(([path, file]) => [path, file.content]))).toEqual(new Map(Object.entries(v2)));
    removeFolder(middle);
    expect(existsSync(middle)).toBe(false);
  });

  it("ignores patches of versions at or above the current one", () => {
    const dir = threeVersions();
    // As if the template were still at 2.0.0: the 2.0.0 patch would turn 3 into 2, so it must not be applied to 2.
    writeFileSync(join(dir, "template.yaml"), v2["template.yaml"]);
    writeFileSync(join(dir, "files", "a.txt"), v2["files/a.txt"]);
    const out = rebuildVersion(dir, "2.0.0", "1.0.0")!;
    expect(readTemplateFolder(out).get("files/a.txt")?.content).toBe("one\n");
    removeFolder(out);
  });

  it("is undefined for a version between two patches, or the current version itself", () => {
    const dir = threeVersions();
    expect(rebuildVersion(dir, "3.0.0", "1.5.0")).toBeUndefined();
    expect(rebuildVersion(dir, "3.0.0", "3.0.0")).toBeUndefined();
  });

  it("keeps file modes, and makes an empty files/ for a version that had none", () => {
    const dir = templateFolder({ "template.yaml": "version: 2\n", "files/run.sh": "#!/bin/sh\n" });
    chmodSync(join(dir, "files", "run.sh"), 0o755);
    mkdirSync(join(dir, "history"));
    writeFileSync(join(dir, "history", "1.0.0.patch"), makeTemplatePatch(readTemplateFolder(dir), files({ "template.yaml": "version: 1\n", "files/run.sh": { content: "#!/bin/sh\necho 1\n", mode: 0o755 } }), "1.0.0"));
    const out = rebuildVersion(dir, "2.0.0", "1.0.0")!;
    expect(statSync(join(out, "files", "run.sh")).mode & 0o777).toBe(0o755);
    removeFolder(out);

    writeFileSync(join(dir, "history", "0.1.0.patch"), makeTemplatePatch(files({ "template.yaml": "version: 1\n", "files/run.sh": "#!/bin/sh\necho 1\n" }), files({ "template.yaml": "version: 0\n" }), "0.1.0"));
    const bare = rebuildVersion(dir, "2.0.0", "0.1.0")!;
    expect(readdirSync(bare).sort()).toEqual(["files", "template.yaml"]);
    expect(readdirSync(join(bare, "files"))).toEqual([]);
    removeFolder(bare);
  });
});

describe("applyTemplatePatch errors", () => {
  it("names a file the patch removes that is not there", () => {
    const patch = makeTemplatePatch(files({ "files/new.txt": "n\n" }), files({}), "h");
    expect(patch).toContain("# removed: files/new.txt\n");
    expect(() => applyTemplatePatch(files({}), patch, "history/1.0.0.patch")).toThrow(
      new FailureError("history/1.0.0.patch: files/new.txt is not in the template it applies to; the history no longer matches the template (regenerate it with scripts/template-history.mjs)"),
    );
  });

  it("names a file the patch edits that is not there", () => {
    const patch = makeTemplatePatch(files({ "files/a.txt": "1\n2\n3\n4\n5\n6\n7\n8\n9\n" }), files({ "files/a.txt": "1\n2\n3\n4\n5\n6\n7\n8\nnine\n" }), "h");
    expect(() => applyTemplatePatch(files({}), patch, "p")).toThrow(
      new FailureError("p: files/a.txt is not in the template it applies to; the history no longer matches the template (regenerate it with scripts/template-history.mjs)"),
    );
  });

  it("keeps the newer version's mode for a file removed and added whole, and 644 for one only the older had", () => {
    const newer = files({ "files/run.sh": { content: "x\ny\nz\n", mode: 0o755 } });
    const older = files({ "files/run.sh": { content: "p\n", mode: 0o755 }, "files/old.txt": "o\n" });
    const patch = makeTemplatePatch(newer, older, "h");
    expect(patch).toContain("# removed: files/run.sh\n");
    expect(applyTemplatePatch(newer, patch, "p")).toEqual(new Map([["files/run.sh", { content: "p\n", mode: 0o755 }], ["files/old.txt", { content: "o\n", mode: 0o644 }]]));
  });

  it("a patch of an unchanged template is its header alone, and changes nothing", () => {
    const same = files({ "template.yaml": "v\n", "files/a": "a\n" });
    const patch = makeTemplatePatch(same, same, "0.1.0 from abc");
    expect(patch).toBe("# 0.1.0 from abc\n");
    expect(applyTemplatePatch(same, patch, "p")).toEqual(same);
  });
});

describe("readTemplateFolder", () => {
  it("reads template.yaml and files/ (nested, sorted), and nothing else", () => {
    const dir = templateFolder({ "template.yaml": "v\n", "files/b/z.txt": "z", "files/a.txt": "a", "history/1.0.0.patch": "", "README.md": "r" });
    expect([...readTemplateFolder(dir).keys()]).toEqual(["template.yaml", "files/a.txt", "files/b/z.txt"]);
  });

  it("is empty for a folder with neither", () => {
    expect(readTemplateFolder(templateFolder({ "README.md": "r" })).size).toBe(0);
  });
});
