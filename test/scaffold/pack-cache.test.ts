import { describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { cachedPack, packKey } from "../../src/scaffold/pack-cache.js";

function makePackage(files: unknown = ["dist"]): string {
  const root = tempDir();
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "p", version: "1.0.0", files }));
  mkdirSync(join(root, "dist", "cli"), { recursive: true });
  writeFileSync(join(root, "dist", "cli", "main.js"), "one");
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "src", "main.ts"), "source");
  return root;
}

describe("packKey: the hash of every file a pack could hold", () => {
  it("changes with a file under package.json files, a top-level file or a mode; not with a file npm never packs", () => {
    const root = makePackage();
    const first = packKey(root);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    writeFileSync(join(root, "src", "main.ts"), "edited source");
    expect(packKey(root)).toBe(first);
    writeFileSync(join(root, "dist", "cli", "main.js"), "two");
    const rebuilt = packKey(root);
    expect(rebuilt).not.toBe(first);
    writeFileSync(join(root, "README.md"), "# p");
    expect(packKey(root)).not.toBe(rebuilt);
  });

  it("is undefined without a plain files list (npm would pack an unbounded set)", () => {
    expect(packKey(makePackage(null))).toBeUndefined();
    expect(packKey(makePackage(["dist/**/*.js"]))).toBeUndefined();
  });
});

describe("cachedPack", () => {
  it("packs once per content, and again after a change", () => {
    const root = makePackage();
    let packs = 0;
    const pack = () => Buffer.from(`tarball ${++packs}`);
    expect(cachedPack(root, pack).toString()).toBe("tarball 1");
    expect(cachedPack(root, pack).toString()).toBe("tarball 1");
    writeFileSync(join(root, "dist", "cli", "main.js"), "rebuilt");
    expect(cachedPack(root, pack).toString()).toBe("tarball 2");
    expect(packs).toBe(2);
  });

  it("packs every time when nothing bounds the package", () => {
    const root = makePackage(null);
    let packs = 0;
    const pack = () => Buffer.from(`tarball ${++packs}`);
    cachedPack(root, pack);
    cachedPack(root, pack);
    expect(packs).toBe(2);
  });
});
