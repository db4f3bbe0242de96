import { describe, expect, it } from "vitest";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { SwapError, swapIn } from "../../src/scaffold/swap-in.js";
import { tempDir } from "../helpers/temp.js";

/**
 * swapIn on real folders: `--force` into a folder the user has, and an upgrade's
 * removals. A swap fails here on a staged file that is missing (rename ENOENT),
 * after the steps before it were done, so every undo is seen.
 */

/** Every file under `root` with its text, folders implied by the paths. */
function snapshot(root: string, prefix = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, snapshot(root, relative));
    else if (entry.isSymbolicLink()) files[relative] = `link ${relative}`;
    else files[relative] = readFileSync(join(root, relative), "utf8");
  }
  return files;
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function setUp(target: Record<string, string>, staged: Record<string, string>) {
  const root = tempDir();
  const paths = { target: join(root, "orders"), staging: join(root, "staging"), aside: join(root, "aside") };
  mkdirSync(paths.target);
  mkdirSync(paths.staging);
  write(paths.target, target);
  write(paths.staging, staged);
  return { root, ...paths };
}

describe("swapIn: a swap that succeeds", () => {
  it("places every staged file, makes the folders they need, returns the replaced paths, and removes the set-aside folder", () => {
    const s = setUp({ "a.txt": "old a\n", "mine.txt": "user\n" }, { "a.txt": "new a\n", "src/deep/b.ts": "b\n", "c.txt": "c\n" });
    const replaced = swapIn(s.staging, s.target, ["a.txt", "src/deep/b.ts", "c.txt"], s.aside);
    expect(replaced).toEqual(["a.txt"]);
    expect(snapshot(s.target)).toEqual({ "a.txt": "new a\n", "src/deep/b.ts": "b\n", "c.txt": "c\n", "mine.txt": "user\n" });
    expect(existsSync(s.aside)).toBe(false);
  });

  it("takes the removals out, skipping those already gone", () => {
    const s = setUp({ "old.ts": "old\n", "src/older.ts": "older\n", "keep.ts": "keep\n" }, { "new.ts": "new\n" });
    const replaced = swapIn(s.staging, s.target, ["new.ts"], s.aside, ["old.ts", "src/older.ts", "never-there.ts"]);
    expect(replaced).toEqual([]);
    expect(snapshot(s.target)).toEqual({ "keep.ts": "keep\n", "new.ts": "new\n" });
    expect(existsSync(s.aside)).toBe(false);
  });

  it("replaces a dangling link the user has, and says it was replaced", () => {
    const s = setUp({}, { "a.txt": "new\n" });
    symlinkSync(join(s.root, "nowhere"), join(s.target, "a.txt"));
    expect(swapIn(s.staging, s.target, ["a.txt"], s.aside)).toEqual(["a.txt"]);
    expect(lstatSync(join(s.target, "a.txt")).isFile()).toBe(true);
    expect(readFileSync(join(s.target, "a.txt"), "utf8")).toBe("new\n");
  });

  it("removes a dangling link an upgrade removes", () => {
    const s = setUp({}, {});
    symlinkSync(join(s.root, "nowhere"), join(s.target, "old.ts"));
    swapIn(s.staging, s.target, [], s.aside, ["old.ts"]);
    expect(readdirSync(s.target)).toEqual([]);
  });
});

describe("swapIn: a step that fails undoes every step before it", () => {
  it("replaced files come back with their bytes, new files and the folders made for them go, and the error names the failing path", () => {
    const before = { "a.txt": "old a\n", "src/keep.ts": "user\n" };
    const s = setUp(before, { "a.txt": "new a\n", "src/new/b.ts": "b\n", "lib/x/c.ts": "c\n" });
    let error: unknown;
    try {
      swapIn(s.staging, s.target, ["a.txt", "src/new/b.ts", "lib/x/c.ts", "missing/d.ts"], s.aside);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SwapError);
    expect((error as SwapError).path).toBe(join(s.target, "missing/d.ts"));
    expect((error as SwapError).message).toMatch(/ENOENT/);
    expect(snapshot(s.target)).toEqual(before);
    expect(readdirSync(s.target).sort()).toEqual(["a.txt", "src"]);
    expect(readdirSync(join(s.target, "src"))).toEqual(["keep.ts"]);
    expect(existsSync(s.aside)).toBe(false);
  });

  it("a file the user has at a failing path is put back", () => {
    const before = { "a.txt": "old a\n", "b.txt": "old b\n" };
    const s = setUp(before, { "a.txt": "new a\n" });
    expect(() => swapIn(s.staging, s.target, ["a.txt", "b.txt"], s.aside)).toThrow(SwapError);
    expect(snapshot(s.target)).toEqual(before);
  });

  it("removals are put back too", () => {
    const before = { "old.ts": "old\n", "src/older.ts": "older\n" };
    const s = setUp(before, {});
    expect(() => swapIn(s.staging, s.target, ["new.ts"], s.aside, ["old.ts", "src/older.ts"])).toThrow(SwapError);
    expect(snapshot(s.target)).toEqual(before);
    expect(existsSync(s.aside)).toBe(false);
  });

  it("an existing set-aside folder is refused before anything moves", () => {
    const before = { "a.txt": "old a\n", "old.ts": "old\n" };
    const s = setUp(before, { "a.txt": "new a\n" });
    mkdirSync(s.aside);
    writeFileSync(join(s.aside, "someone-elses.txt"), "x");
    expect(() => swapIn(s.staging, s.target, ["a.txt"], s.aside, ["old.ts"])).toThrow(SwapError);
    expect(snapshot(s.target)).toEqual(before);
  });
});
