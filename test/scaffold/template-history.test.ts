import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { applyTemplatePatch, makeTemplatePatch, readTemplateFolder, rebuildVersion, removeFolder } from "../../src/scaffold/template-history.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";
import { planService } from "../../src/scaffold/plan.js";

const BUILTIN = join(import.meta.dirname, "../../templates/service");
const REPO = join(import.meta.dirname, "../..");
/** The commit of the built-in template's 0.1.0 release, which history/0.1.0.patch was made from. */
const RELEASE_0_1_0 = "9431897";

const files = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([path, content]) => [path, { content, mode: 0o644 }]));

function gitHas(commit: string): boolean {
  try {
    execFileSync("git", ["cat-file", "-e", `${commit}^{commit}`], { cwd: REPO, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("template history patches", () => {
  it("turn the newer files into the older ones: changed, removed, added back, rewritten whole", () => {
    const newer = files({ "template.yaml": "version: 2\n", "files/a": "1\n2\n3\n4\n5\n6\n7\n8\n", "files/new": "only in 2\n", "files/rewritten": "x\ny\nz\n" });
    const older = files({ "template.yaml": "version: 1\n", "files/a": "1\n2\n3\n4\n5\n6\n7\nold 8\n", "files/gone": "only in 1\n", "files/rewritten": "p\n" });
    const patch = makeTemplatePatch(newer, older, "test");
    expect(patch).toContain("# removed: files/new\n");
    expect(patch).not.toContain("only in 2");
    expect(applyTemplatePatch(newer, patch, "test.patch")).toEqual(older);
  });

  it("refuse, naming the file, a template that changed since the patch was made", () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const newer = files({ "files/a": `${lines.join("\n")}\n` });
    const patch = makeTemplatePatch(newer, files({ "files/a": `${lines.join("\n").replace("line 39", "old 39")}\n` }), "test");
    expect(patch).toContain("--- a/files/a");
    expect(() => applyTemplatePatch(files({ "files/a": "changed since\n" }), patch, "h/1.patch")).toThrow(
      "h/1.patch: files/a has changed since the patch was made; the history no longer matches the template (regenerate it with scripts/template-history.mjs)",
    );
  });

  it("rebuild the built-in template's 0.1.0, which renders, from the files it had at its release", () => {
    let rebuilt: string | undefined;
    try {
      rebuilt = rebuildVersion(BUILTIN, loadTemplateSpec(BUILTIN).version, "0.1.0");
    } catch (error) {
      throw new Error(`${(error as Error).message}; run: npm run build && node scripts/template-history.mjs templates/service ${RELEASE_0_1_0}`);
    }
    expect(rebuilt).toBeDefined();
    try {
      const spec = loadTemplateSpec(rebuilt!);
      expect(spec.version).toBe("0.1.0");
      const tree = planService({ spec, name: "orders", answers: { port: 3000, description: "d" }, toolVersion: "0.1.0" });
      expect(tree.paths()).toContain("src/app.ts");
      if (gitHas(RELEASE_0_1_0)) {
        // --full-tree: pathspecs from the top of the repository, wherever REPO is inside it (Stryker's sandbox is a subfolder of it).
        const atRelease = execFileSync("git", ["ls-tree", "-r", "--full-tree", "--name-only", RELEASE_0_1_0, "--", "templates/service/template.yaml", "templates/service/files"], { cwd: REPO, encoding: "utf8" })
          .split("\n").filter(Boolean);
        const expected = new Map(atRelease.map((path) => [path.slice("templates/service/".length), execFileSync("git", ["show", `${RELEASE_0_1_0}:${path}`], { cwd: REPO, encoding: "utf8" })]));
        const actual = new Map([...readTemplateFolder(rebuilt!)].map(([path, file]) => [path, file.content]));
        // Fails when templates/service changes and history/0.1.0.patch was not made again from the release:
        // npm run build && node scripts/template-history.mjs templates/service 9431897
        expect(actual, "templates/service changed since history/0.1.0.patch was made; run: npm run build && node scripts/template-history.mjs templates/service 9431897").toEqual(expected);
      }
    } finally {
      removeFolder(rebuilt!);
    }
  });

  it("say undefined for a version the history does not reach", () => {
    expect(rebuildVersion(BUILTIN, "0.2.0", "0.0.9")).toBeUndefined();
  });
});
