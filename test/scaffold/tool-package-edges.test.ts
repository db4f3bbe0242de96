import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { FailureError } from "../../src/shared/errors.js";
import { installedFromRegistry, lockSaysRegistry, packPackage, vendoredToolFor, vendoredToolPath } from "../../src/scaffold/tool-package.js";
import { cachedPack, packKey } from "../../src/scaffold/pack-cache.js";

const INTEGRITY = "sha512-AAAA";
const KEY = "node_modules/create-service";
const lockWith = (entry: Record<string, unknown>) => ({ packages: { [KEY]: entry } });

/** A small package to pack: a bin, a file outside its "files", and every install script npm would run. */
function smallPackage(root: string): string {
  mkdirSync(join(root, "bin"), { recursive: true });
  writeFileSync(join(root, "bin", "tool.js"), "#!/usr/bin/env node\n");
  writeFileSync(join(root, "notes.txt"), "not in files");
  const scripts = { preinstall: "x", install: "x", postinstall: "x", prepare: "x", test: "vitest" };
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "small-tool", version: "1.0.0", files: ["bin"], scripts }));
  return root;
}

function tarList(tarball: Buffer): string[] {
  const folder = tempDir();
  writeFileSync(join(folder, "p.tgz"), tarball);
  return execFileSync("tar", ["-tzf", "p.tgz"], { cwd: folder, encoding: "utf8" }).split("\n").filter(Boolean).sort();
}
function tarManifest(tarball: Buffer): { scripts?: Record<string, string> } {
  const folder = tempDir();
  writeFileSync(join(folder, "p.tgz"), tarball);
  return JSON.parse(execFileSync("tar", ["-xzOf", "p.tgz", "package/package.json"], { cwd: folder, encoding: "utf8" })) as { scripts?: Record<string, string> };
}

describe("lockSaysRegistry: edges", () => {
  it.each([
    ["plain http", "http://registry.example/create-service/-/create-service-1.2.3.tgz", true],
    ["a registry URL of another version", "https://registry.npmjs.org/create-service/-/create-service-1.2.4.tgz", false],
    ["a registry URL of another package", "https://registry.npmjs.org/other/-/create-service-1.2.3.tgz", false],
    ["not a web URL", "ftp://registry.example/create-service/-/create-service-1.2.3.tgz", false],
    ["the URL's ending inside a longer path", "https://x/y?z=/create-service/-/create-service-1.2.3.tgz.sig", false],
  ])("resolved %s: %j", (_title, resolved, expected) => {
    expect(lockSaysRegistry(lockWith({ version: "1.2.3", resolved, integrity: INTEGRITY }), KEY, "1.2.3")).toBe(expected);
  });

  it("no: a resolved that is not text, an integrity that is not text, or a lock without packages", () => {
    expect(lockSaysRegistry(lockWith({ version: "1.2.3", resolved: 1, integrity: INTEGRITY }), KEY, "1.2.3")).toBe(false);
    expect(lockSaysRegistry(lockWith({ version: "1.2.3", integrity: true }), KEY, "1.2.3")).toBe(false);
    expect(lockSaysRegistry({ lockfileVersion: 3 }, KEY, "1.2.3")).toBe(false);
  });
});

describe("installedFromRegistry: which lockfile", () => {
  it("falls back to the project's package-lock.json when node_modules has no hidden lockfile", () => {
    const project = tempDir();
    mkdirSync(join(project, KEY), { recursive: true });
    writeFileSync(join(project, "package-lock.json"), JSON.stringify(lockWith({ version: "1.2.3", integrity: INTEGRITY })));
    expect(installedFromRegistry(join(project, KEY), "1.2.3")).toBe(true);
  });

  it("believes the hidden lockfile first, and skips one that does not parse", () => {
    const project = tempDir();
    mkdirSync(join(project, KEY), { recursive: true });
    writeFileSync(join(project, "package-lock.json"), JSON.stringify(lockWith({ version: "1.2.3", integrity: INTEGRITY })));
    writeFileSync(join(project, "node_modules", ".package-lock.json"), JSON.stringify(lockWith({ version: "1.2.3", resolved: "file:../x.tgz", integrity: INTEGRITY })));
    expect(installedFromRegistry(join(project, KEY), "1.2.3")).toBe(false);
    writeFileSync(join(project, "node_modules", ".package-lock.json"), "{ truncated");
    expect(installedFromRegistry(join(project, KEY), "1.2.3")).toBe(true);
  });

  it("is false for a relative path that starts at node_modules (no project above it)", () => {
    expect(installedFromRegistry("node_modules/create-service", "1.2.3")).toBe(false);
  });
});

describe("vendoredToolFor and packPackage on a small package", () => {
  it("names the tarball by version", () => {
    expect(vendoredToolPath("1.2.3")).toBe("vendor/create-service-1.2.3.tgz");
  });

  it("is undefined for a copy npm installed from a registry", () => {
    const project = tempDir();
    mkdirSync(join(project, KEY), { recursive: true });
    writeFileSync(join(project, "node_modules", ".package-lock.json"), JSON.stringify(lockWith({ version: "1.2.3", integrity: INTEGRITY })));
    expect(vendoredToolFor(join(project, KEY), "1.2.3")).toBeUndefined();
  });

  it("packs what npm would publish, less the install scripts; an installed copy is packed each time and nothing is cached", { timeout: 60_000 }, () => {
    const project = tempDir();
    const root = smallPackage(join(project, KEY));
    const vendored = vendoredToolFor(root, "1.0.0");
    expect(vendored?.path).toBe("vendor/create-service-1.0.0.tgz");
    const tarball = vendored!.load();
    expect(tarList(tarball)).toEqual(["package/bin/tool.js", "package/package.json"]);
    expect(tarManifest(tarball).scripts).toEqual({ test: "vitest" });
    expect(existsSync(join(root, "node_modules"))).toBe(false);
  });

  it("keeps a checkout's tarball in its node_modules/.cache", { timeout: 60_000 }, () => {
    const root = smallPackage(tempDir());
    const vendored = vendoredToolFor(root, "1.0.0")!;
    const tarball = vendored.load();
    expect(tarList(tarball)).toEqual(["package/bin/tool.js", "package/package.json"]);
    const cache = join(root, "node_modules", ".cache", "create-service-pack");
    expect(readdirSync(cache)).toEqual([`${packKey(root)}.tgz`]);
  });

  it("says what npm said when the folder cannot be packed, in one line", () => {
    const empty = tempDir();
    let caught: unknown;
    try {
      packPackage(`${empty}/`);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FailureError);
    const message = (caught as Error).message;
    expect(message).toMatch(new RegExp(`^cannot pack create-service from ${empty.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} to vendor it into the service \\(npm error .+\\); run npm install there and retry$`));
    expect(message).not.toContain("\n");
  });
});

describe("cachedPack and packKey: edges", () => {
  function bounded(): string {
    const root = tempDir();
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "p", version: "1.0.0", files: ["dist", "LICENSE.md", "missing"] }));
    mkdirSync(join(root, "dist", "deep"), { recursive: true });
    writeFileSync(join(root, "dist", "deep", "a.js"), "a");
    return root;
  }

  it("keeps one tarball, under the current key, replacing an older one", () => {
    const root = bounded();
    const cache = join(root, "node_modules", ".cache", "create-service-pack");
    cachedPack(root, () => Buffer.from("one"));
    const first = packKey(root);
    writeFileSync(join(root, "dist", "deep", "a.js"), "changed");
    expect(cachedPack(root, () => Buffer.from("two")).toString()).toBe("two");
    expect(readdirSync(cache)).toEqual([`${packKey(root)}.tgz`]);
    expect(packKey(root)).not.toBe(first);
  });

  it("still packs when the cache cannot be written", () => {
    const root = bounded();
    writeFileSync(join(root, "node_modules"), "a file where the cache folder would go");
    let packs = 0;
    expect(cachedPack(root, () => Buffer.from(`packed ${++packs}`)).toString()).toBe("packed 1");
    expect(cachedPack(root, () => Buffer.from(`packed ${++packs}`)).toString()).toBe("packed 2");
  });

  it("changes with a file's mode, a deep file, and a listed file that appears", async () => {
    const { chmodSync } = await import("node:fs");
    const root = bounded();
    const keys = [packKey(root)];
    chmodSync(join(root, "dist", "deep", "a.js"), 0o755);
    keys.push(packKey(root));
    writeFileSync(join(root, "missing"), "now here");
    keys.push(packKey(root));
    writeFileSync(join(root, "dist", "b.js"), "b");
    keys.push(packKey(root));
    expect(new Set(keys).size).toBe(4);
    expect(keys.every((key) => /^[0-9a-f]{32}$/.test(key ?? ""))).toBe(true);
  });

  it("tells apart content moved from one file to another", () => {
    const root = bounded();
    writeFileSync(join(root, "dist", "x.js"), "ab");
    writeFileSync(join(root, "dist", "y.js"), "");
    const before = packKey(root);
    writeFileSync(join(root, "dist", "x.js"), "a");
    writeFileSync(join(root, "dist", "y.js"), "b");
    expect(packKey(root)).not.toBe(before);
  });

  it("is undefined without a readable package.json, or with a files entry that is a glob or a path", () => {
    expect(packKey(tempDir())).toBeUndefined();
    const root = tempDir();
    writeFileSync(join(root, "package.json"), "{ broken");
    expect(packKey(root)).toBeUndefined();
    for (const files of [["dist/cli"], ["*.js"], [3], "dist"]) {
      writeFileSync(join(root, "package.json"), JSON.stringify({ files }));
      expect(packKey(root), JSON.stringify(files)).toBeUndefined();
    }
    writeFileSync(join(root, "package.json"), JSON.stringify({ files: ["dist_1.x-y"] }));
    expect(packKey(root)).toMatch(/^[0-9a-f]{32}$/);
  });
});
