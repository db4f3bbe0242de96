import { describe, expect, it } from "vitest";
import { EXECUTABLE_MODE, FILE_MODE, VirtualTree, normalizeTreePath } from "../../src/scaffold/virtual-tree.js";

describe("normalizeTreePath", () => {
  it.each([
    ["a/b", "a/b"],
    ["./a//b/", "a/b"],
    ["a/./b", "a/b"],
    ["a\\b\\c.ts", "a/b/c.ts"],
    ["..foo/bar", "..foo/bar"],
    ["a/..b", "a/..b"],
    [".gitignore", ".gitignore"],
  ])("%j -> %j", (path, normalized) => {
    expect(normalizeTreePath(path)).toBe(normalized);
  });

  it.each(["..", "../x", "a/../b", "a/..", "a\\..\\b", "/abs", "//x", "\\abs", "C:\\x", "c:/x"])("refuses %j, which would leave the target", (path) => {
    expect(() => normalizeTreePath(path)).toThrow(`path ${JSON.stringify(path)} would leave the target folder`);
  });

  it.each(["", ".", "./", "/", "//"])("refuses the empty path %j", (path) => {
    expect(() => normalizeTreePath(path)).toThrow("empty path in the generated tree");
  });
});

describe("VirtualTree", () => {
  it("lists entries sorted by path (code-unit order), whatever the write order", () => {
    const tree = new VirtualTree();
    for (const path of ["src/z.ts", "README.md", "src/a.ts", ".gitignore", "a-b", "a/b", "a.b", "B.md"]) tree.write(path, path);
    expect(tree.paths()).toEqual([".gitignore", "B.md", "README.md", "a-b", "a.b", "a/b", "src/a.ts", "src/z.ts"]);
    expect(tree.entries().map(([path]) => path)).toEqual(tree.paths());
    expect(tree.size).toBe(8);
  });

  it("stores text as UTF-8 and buffers as given, with the mode", () => {
    const tree = new VirtualTree();
    tree.write("text.txt", "héllo");
    tree.write("bin/run", Buffer.from([0, 1, 255]), EXECUTABLE_MODE);
    expect(tree.read("text.txt")).toEqual(Buffer.from("héllo", "utf8"));
    expect(tree.readText("text.txt")).toBe("héllo");
    expect(tree.read("bin/run")).toEqual(Buffer.from([0, 1, 255]));
    expect(tree.entries()).toEqual([
      ["bin/run", { content: Buffer.from([0, 1, 255]), mode: 0o755 }],
      ["text.txt", { content: Buffer.from("héllo"), mode: 0o644 }],
    ]);
    expect(FILE_MODE).toBe(0o644);
  });

  it("normalises paths on write, read and exists", () => {
    const tree = new VirtualTree();
    tree.write("./src//app.ts", "x");
    expect(tree.paths()).toEqual(["src/app.ts"]);
    expect(tree.exists("src\\app.ts")).toBe(true);
    expect(tree.readText("./src/app.ts")).toBe("x");
    expect(tree.exists("src")).toBe(false);
    expect(tree.read("missing")).toBeUndefined();
    expect(tree.readText("missing")).toBeUndefined();
  });

  it("replaces a file written twice", () => {
    const tree = new VirtualTree();
    tree.write("a.txt", "one");
    tree.write("./a.txt", "two", EXECUTABLE_MODE);
    expect(tree.size).toBe(1);
    expect(tree.entries()).toEqual([["a.txt", { content: Buffer.from("two"), mode: EXECUTABLE_MODE }]]);
  });

  it("refuses a file under a file", () => {
    const tree = new VirtualTree();
    tree.write("src/app.ts", "x");
    expect(() => tree.write("src/app.ts/inner.ts", "y")).toThrow("cannot write src/app.ts/inner.ts: src/app.ts is a file");
    tree.write("a", "x");
    expect(() => tree.write("a/b/c", "y")).toThrow("cannot write a/b/c: a is a file");
  });

  it("refuses a file where a folder already is", () => {
    const tree = new VirtualTree();
    tree.write("src/deep/app.ts", "x");
    expect(() => tree.write("src", "y")).toThrow("cannot write src: it is already a folder");
    expect(() => tree.write("./src/deep/", "y")).toThrow("cannot write src/deep: it is already a folder");
    expect(tree.paths()).toEqual(["src/deep/app.ts"]);
  });

  it("does not mistake a sibling with a common prefix for a folder", () => {
    const tree = new VirtualTree();
    tree.write("src-old/a.ts", "x");
    tree.write("src", "y");
    tree.write("a.ts", "z");
    tree.write("a.ts.map", "w");
    expect(tree.paths()).toEqual(["a.ts", "a.ts.map", "src", "src-old/a.ts"]);
  });

  it("refuses paths that would leave the target", () => {
    const tree = new VirtualTree();
    expect(() => tree.write("../evil", "x")).toThrow('path "../evil" would leave the target folder');
    expect(() => tree.write("/etc/passwd", "x")).toThrow('path "/etc/passwd" would leave the target folder');
    expect(tree.size).toBe(0);
  });
});
