import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { FailureError, UsageError } from "../../src/shared/errors.js";
import { commitTree, describeWriteError, inspectTarget, targetProblem } from "../../src/scaffold/commit.js";
import { SwapError } from "../../src/scaffold/swap-in.js";
import { EXECUTABLE_MODE, VirtualTree } from "../../src/scaffold/virtual-tree.js";
import { rejection } from "../helpers/rejection.js";

const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

function sampleTree(): VirtualTree {
  const tree = new VirtualTree();
  tree.write("package.json", '{ "name": "orders" }\n');
  tree.write("src/app.ts", "export const app = 1;\n");
  tree.write("src/routes/v1/orders.ts", "export {};\n");
  tree.write("scripts/smoke.sh", "#!/bin/sh\n", EXECUTABLE_MODE);
  tree.write("assets/blob.bin", BINARY);
  return tree;
}

/** Every file under `root` as relative POSIX paths, sorted; folders are implied. */
function listFiles(root: string, prefix = ""): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(root, relative) : [relative];
    })
    .sort();
}

const stagingLeftovers = (parent: string): string[] => readdirSync(parent).filter((name) => name.includes(".create-service-"));


/** A valid tree whose write fails: a file name longer than any file system allows (ENAMETOOLONG). */
function unwritableTree(): VirtualTree {
  const tree = new VirtualTree();
  tree.write("a.txt", "a");
  tree.write(`src/${"x".repeat(300)}.ts`, "x");
  return tree;
}

describe("inspectTarget and targetProblem", () => {
  it("tells missing, empty, not-empty and not-a-folder apart", async () => {
    const root = tempDir();
    mkdirSync(join(root, "empty"));
    mkdirSync(join(root, "full"));
    writeFileSync(join(root, "full", ".hidden"), "");
    writeFileSync(join(root, "file"), "");
    symlinkSync(join(root, "empty"), join(root, "link"));
    expect(await inspectTarget(join(root, "missing"))).toBe("missing");
    expect(await inspectTarget(join(root, "empty"))).toBe("empty");
    expect(await inspectTarget(join(root, "full"))).toBe("not-empty");
    expect(await inspectTarget(join(root, "file"))).toBe("not-a-folder");
    expect(await inspectTarget(join(root, "file", "below"))).toBe("blocked");
    expect(await inspectTarget(join(root, "link"))).toBe("not-a-folder");
  });

  it("an error it does not expect is passed on, not taken for a state", async () => {
    const error = await rejection(inspectTarget(join(tempDir(), "x".repeat(300))));
    expect((error as NodeJS.ErrnoException).code).toBe("ENAMETOOLONG");
  });

  it("refuses a target it may not read, even with force", () => {
    expect(targetProblem("/x/orders", "no-access", true)).toBe(
      "cannot write /x/orders: permission denied (it or a parent folder cannot be read); choose a --dir in a folder you can write to",
    );
  });

  it("refuses a non-folder always and a non-empty folder without force", () => {
    expect(targetProblem("/x/orders", "not-a-folder", true)).toBe("/x/orders exists and is not a folder; choose another --dir");
    expect(targetProblem("/x/file/orders", "blocked", true)).toBe("/x/file/orders cannot be created: a file stands where one of its parent folders should be; choose another --dir");
    expect(targetProblem("/x/orders", "not-empty", false)).toBe(
      "/x/orders already exists and is not empty; choose another --dir, or pass --force to write into it",
    );
    expect(targetProblem("/x/orders", "not-empty", true)).toBeUndefined();
    expect(targetProblem("/x/orders", "empty", false)).toBeUndefined();
    expect(targetProblem("/x/orders", "missing", false)).toBeUndefined();
  });
});

describe("commitTree: a new target", () => {
  it("writes every file with its bytes and mode, and leaves no staging folder", async () => {
    const parent = tempDir();
    const target = join(parent, "orders");
    const tree = sampleTree();
    const result = await commitTree(tree, target, { force: false });
    expect(result).toEqual({ target, written: tree.paths(), replaced: [] });
    expect(listFiles(target)).toEqual(tree.paths());
    for (const [path, file] of tree.entries()) {
      expect(readFileSync(join(target, path)), path).toEqual(file.content);
      expect(statSync(join(target, path)).mode & 0o777, path).toBe(file.mode);
    }
    expect(readFileSync(join(target, "assets/blob.bin"))).toEqual(BINARY);
    expect(statSync(join(target, "scripts/smoke.sh")).mode & 0o777).toBe(0o755);
    expect(readdirSync(parent)).toEqual(["orders"]);
  });

  it("keeps executables executable under a strict umask", async () => {
    const previous = process.umask(0o077);
    try {
      const target = join(tempDir(), "orders");
      await commitTree(sampleTree(), target, { force: false });
      expect(statSync(join(target, "scripts/smoke.sh")).mode & 0o777).toBe(0o755);
      expect(statSync(join(target, "package.json")).mode & 0o777).toBe(0o644);
    } finally {
      process.umask(previous);
    }
  });

  it("creates missing parent folders", async () => {
    const root = tempDir();
    const target = join(root, "a", "b", "orders");
    await commitTree(sampleTree(), target, { force: false });
    expect(listFiles(target)).toEqual(sampleTree().paths());
    expect(readdirSync(join(root, "a", "b"))).toEqual(["orders"]);
  });

  it("accepts an existing empty folder", async () => {
    const parent = tempDir();
    const target = join(parent, "orders");
    mkdirSync(target);
    const result = await commitTree(sampleTree(), target, { force: false });
    expect(result.replaced).toEqual([]);
    expect(listFiles(target)).toEqual(sampleTree().paths());
    expect(readdirSync(parent)).toEqual(["orders"]);
  });

  it("removes its signal handlers afterwards", async () => {
    const before = [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
    await commitTree(sampleTree(), join(tempDir(), "orders"), { force: false });
    await rejection(commitTree(unwritableTree(), join(tempDir(), "orders"), { force: false }));
    expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual(before);
  });
});

describe("commitTree: an existing, non-empty target", () => {
  function existingService(): string {
    const target = join(tempDir(), "orders");
    mkdirSync(join(target, "src"), { recursive: true });
    writeFileSync(join(target, "package.json"), "old package.json\n");
    writeFileSync(join(target, "src", "app.ts"), "old app\n");
    writeFileSync(join(target, "src", "mine.ts"), "user code\n");
    writeFileSync(join(target, "NOTES.md"), "user notes\n");
    return target;
  }

  it("is refused without force, and nothing changes", async () => {
    const target = existingService();
    const before = listFiles(target);
    const error = await rejection(commitTree(sampleTree(), target, { force: false }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`${target} already exists and is not empty; choose another --dir, or pass --force to write into it`);
    expect(listFiles(target)).toEqual(before);
    expect(readFileSync(join(target, "package.json"), "utf8")).toBe("old package.json\n");
    expect(stagingLeftovers(join(target, ".."))).toEqual([]);
  });

  it("with force, replaces generated files, lists them, and keeps the user's other files", async () => {
    const target = existingService();
    const tree = sampleTree();
    const result = await commitTree(tree, target, { force: true });
    expect(result).toEqual({ target, written: tree.paths(), replaced: ["package.json", "src/app.ts"] });
    expect(readFileSync(join(target, "package.json"), "utf8")).toBe('{ "name": "orders" }\n');
    expect(readFileSync(join(target, "src/app.ts"), "utf8")).toBe("export const app = 1;\n");
    expect(readFileSync(join(target, "src/mine.ts"), "utf8")).toBe("user code\n");
    expect(readFileSync(join(target, "NOTES.md"), "utf8")).toBe("user notes\n");
    expect(listFiles(target)).toEqual([...tree.paths(), "NOTES.md", "src/mine.ts"].sort());
    expect(statSync(join(target, "scripts/smoke.sh")).mode & 0o777).toBe(0o755);
    expect(stagingLeftovers(join(target, ".."))).toEqual([]);
  });

  it("with force, refuses a file where a folder must go, before anything moves", async () => {
    const target = existingService();
    writeFileSync(join(target, "scripts"), "a file named scripts\n");
    const before = listFiles(target);
    const error = await rejection(commitTree(sampleTree(), target, { force: true }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      `cannot write scripts/smoke.sh: ${join(target, "scripts")} is a file in the way; move it or choose another --dir`,
    );
    expect(listFiles(target)).toEqual(before);
    expect(readFileSync(join(target, "package.json"), "utf8")).toBe("old package.json\n");
    expect(readFileSync(join(target, "scripts"), "utf8")).toBe("a file named scripts\n");
    expect(stagingLeftovers(join(target, ".."))).toEqual([]);
  });

  it("with force, refuses a folder where a file must go, before anything moves", async () => {
    const target = existingService();
    mkdirSync(join(target, "src", "routes", "v1", "orders.ts"), { recursive: true });
    const error = await rejection(commitTree(sampleTree(), target, { force: true }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      `cannot write src/routes/v1/orders.ts: ${join(target, "src/routes/v1/orders.ts")} is a folder in the way; move it or choose another --dir`,
    );
    expect(readFileSync(join(target, "package.json"), "utf8")).toBe("old package.json\n");
    expect(existsSync(join(target, "scripts"))).toBe(false);
  });

  it("with force, treats a symlinked folder as in the way rather than writing through it", async () => {
    const target = existingService();
    const elsewhere = tempDir();
    symlinkSync(elsewhere, join(target, "assets"));
    const error = await rejection(commitTree(sampleTree(), target, { force: true }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`cannot write assets/blob.bin: ${join(target, "assets")} is a file in the way; move it or choose another --dir`);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("with force, a failed write leaves the target as it was and no staging folder", async () => {
    const target = existingService();
    const before = listFiles(target);
    const error = await rejection(commitTree(unwritableTree(), target, { force: true }));
    expect(error).toBeInstanceOf(FailureError);
    expect(listFiles(target)).toEqual(before);
    expect(existsSync(join(target, "a.txt"))).toBe(false);
    expect(stagingLeftovers(join(target, ".."))).toEqual([]);
  });
});

describe("commitTree: targets it must refuse", () => {
  it("a target that is a file", async () => {
    const target = join(tempDir(), "orders");
    writeFileSync(target, "I am a file\n");
    const error = await rejection(commitTree(sampleTree(), target, { force: true }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`${target} exists and is not a folder; choose another --dir`);
    expect(readFileSync(target, "utf8")).toBe("I am a file\n");
  });

  it.skipIf(!existsSync("/proc/self"))("a target where the file system refuses mkdir with ENOENT (under /proc): one line, no endless retry", async () => {
    // Node's own recursive mkdir retries such a folder forever; commitTree makes folders one level at a time.
    const target = "/proc/create-service-test/orders";
    const error = await rejection(commitTree(sampleTree(), target, { force: false }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`cannot write /proc/create-service-test: the file system refused to create /proc/create-service-test; choose a --dir in a folder you can write to`);
  });

  it("a target below a file", async () => {
    const root = tempDir();
    writeFileSync(join(root, "file"), "x");
    const target = join(root, "file", "sub", "orders");
    const error = await rejection(commitTree(sampleTree(), target, { force: false }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`${target} cannot be created: a file stands where one of its parent folders should be; choose another --dir`);
    expect(readdirSync(root)).toEqual(["file"]);
  });
});

describe("commitTree: a failed write", () => {
  it("leaves no target, no staging folder, and removes the parent folders it created", async () => {
    const root = tempDir();
    const target = join(root, "new", "deeper", "orders");
    const error = await rejection(commitTree(unwritableTree(), target, { force: false }));
    expect(error).toBeInstanceOf(FailureError);
    expect(error.message).toMatch(new RegExp(`^cannot write ${target.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: .*ENAMETOOLONG.*; nothing was written$`));
    expect(existsSync(join(root, "new"))).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  it("keeps parent folders that existed before", async () => {
    const root = tempDir();
    mkdirSync(join(root, "existing"));
    writeFileSync(join(root, "existing", "keep.txt"), "keep");
    const target = join(root, "existing", "new", "orders");
    await rejection(commitTree(unwritableTree(), target, { force: false }));
    expect(readdirSync(join(root, "existing"))).toEqual(["keep.txt"]);
  });

  it("leaves an existing empty target empty", async () => {
    const parent = tempDir();
    const target = join(parent, "orders");
    mkdirSync(target);
    await rejection(commitTree(unwritableTree(), target, { force: false }));
    expect(readdirSync(target)).toEqual([]);
    expect(readdirSync(parent)).toEqual(["orders"]);
  });

  it("cleans up when the tree itself clashes on disk (a path that is both a file and a folder)", async () => {
    const root = tempDir();
    const target = join(root, "made", "orders");
    // VirtualTree refuses such a tree; a hand-made one reaches the disk and must fail there.
    const file = { content: Buffer.from("x"), mode: 0o644 };
    const clashing = {
      paths: () => ["a", "a/b"],
      entries: () => [["a", file], ["a/b", file]],
    } as unknown as VirtualTree;
    const error = await rejection(commitTree(clashing, target, { force: false }));
    expect(error).toBeInstanceOf(FailureError);
    expect(error.message).toMatch(/^cannot write .*; nothing was written$/);
    expect(readdirSync(root)).toEqual([]);
  });
});

describe("describeWriteError: what a failed write says", () => {
  const failure = (code: string, message = `${code}: it failed`) => Object.assign(new Error(message), { code });
  const said = (error: Error) => [error.constructor.name, error.message];

  it("permission denied or a read-only file system: choose another --dir (exit 2)", () => {
    expect(said(describeWriteError(failure("EACCES"), "/x/orders"))).toEqual(["UsageError", "cannot write /x/orders: permission denied; choose a --dir in a folder you can write to"]);
    expect(said(describeWriteError(failure("EPERM"), "/x/orders"))).toEqual(["UsageError", "cannot write /x/orders: permission denied; choose a --dir in a folder you can write to"]);
    expect(said(describeWriteError(failure("EROFS"), "/x/orders"))).toEqual(["UsageError", "cannot write /x/orders: read-only file system; choose a --dir in a folder you can write to"]);
  });

  it("during a --force swap it names the file, and says the swap was undone", () => {
    const swap = new SwapError("/x/orders/src/app.ts", failure("EACCES"));
    expect(said(describeWriteError(swap, "/x/orders"))).toEqual(["UsageError", "cannot write /x/orders/src/app.ts: permission denied; nothing was changed; choose a --dir in a folder you can write to"]);
    const full = new SwapError("/x/orders/src/app.ts", failure("ENOSPC"));
    expect(said(describeWriteError(full, "/x/orders"))).toEqual(["FailureError", "cannot write /x/orders/src/app.ts: no space left on the device; nothing was changed"]);
    const other = new SwapError("/x/orders/src/app.ts", failure("EIO", "EIO: i/o error"));
    expect(said(describeWriteError(other, "/x/orders"))).toEqual(["FailureError", "cannot write /x/orders/src/app.ts: EIO: i/o error; nothing was changed"]);
  });

  it("a file where a folder is needed: choose another --dir", () => {
    expect(said(describeWriteError(failure("ENOTDIR"), "/x/orders"))).toEqual(["UsageError", "cannot write /x/orders: a file stands where a folder is needed; choose another --dir"]);
  });

  it("a full disk or anything else is a failure (exit 1) saying nothing was written", () => {
    expect(said(describeWriteError(failure("ENOSPC"), "/x/orders"))).toEqual(["FailureError", "cannot write /x/orders: no space left on the device; nothing was written"]);
    expect(said(describeWriteError(failure("EIO", "EIO: i/o error"), "/x/orders"))).toEqual(["FailureError", "cannot write /x/orders: EIO: i/o error; nothing was written"]);
  });

  it("an error that is already one line for the user is passed on as it is", () => {
    const usage = new UsageError("cannot write a: b is a file in the way; move it or choose another --dir");
    const failed = new FailureError("cannot write x: undoing the replace failed too");
    expect(describeWriteError(usage, "/x/orders")).toBe(usage);
    expect(describeWriteError(failed, "/x/orders")).toBe(failed);
  });
});
