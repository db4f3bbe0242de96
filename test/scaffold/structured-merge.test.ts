import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mergeJsonText } from "../../src/scaffold/json-merge.js";
import { mergeYamlText } from "../../src/scaffold/yaml-merge.js";
import { gitMergeFile } from "../../src/scaffold/merge-file.js";
import { FailureError } from "../../src/shared/errors.js";

/** The three merges an upgrade uses, each stated on small inputs: by key for JSON and YAML, by line with git. */

describe("mergeJsonText: values", () => {
  it("a change to the whole document by both is a conflict of the whole document, keeping theirs", () => {
    expect(mergeJsonText("1", "2", "3")).toEqual({ content: "2", conflicts: ["(the whole document)"] });
  });

  it("lists are values, not merged item by item", () => {
    const merged = mergeJsonText('{"a": [1]}', '{"a": [1, 2]}', '{"a": [1, 3]}');
    expect(merged?.conflicts).toEqual(["a"]);
    expect(JSON.parse(merged!.content)).toEqual({ a: [1, 2] });
  });

  it("a key the template removed and the owner left alone goes", () => {
    expect(JSON.parse(mergeJsonText('{"a": 1, "b": 2}', '{"a": 5, "b": 2}', '{"a": 1}')!.content)).toEqual({ a: 5 });
  });

  it("a key the template added first goes first; one it added after another goes after that one", () => {
    const merged = mergeJsonText('{"m": 1, "z": 1}', '{"z": 1, "m": 1, "mine": 1}', '{"first": 0, "m": 1, "afterM": 0, "z": 2}');
    expect(Object.keys(JSON.parse(merged!.content))).toEqual(["first", "z", "m", "afterM", "mine"]);
    expect(JSON.parse(merged!.content)).toEqual({ first: 0, z: 2, m: 1, afterM: 0, mine: 1 });
  });

  it("two objects that both replaced a non-object are merged key by key", () => {
    for (const old of ["null", "1", "[1]"]) {
      const merged = mergeJsonText(`{"a": ${old}}`, '{"a": {"x": 1}}', '{"a": {"y": 2}}');
      // The template's key has no neighbour before it in the template, so it goes first.
      expect(merged, old).toEqual({ content: '{\n  "a": {\n    "y": 2,\n    "x": 1\n  }\n}', conflicts: [] });
    }
  });

  it("a key both added with different values is a conflict named by its path", () => {
    expect(mergeJsonText('{"a": {}}', '{"a": {"k": 1}}', '{"a": {"k": 2}}')?.conflicts).toEqual(["a.k"]);
  });

  it("the same change by both is no conflict", () => {
    expect(mergeJsonText('{"a": 1}', '{"a": 2}', '{"a": 2, "b": 3}')).toEqual({ content: '{\n  "a": 2,\n  "b": 3\n}', conflicts: [] });
  });

  it("undefined when any one of the three is not JSON", () => {
    expect(mergeJsonText("{", "{}", "{}")).toBeUndefined();
    expect(mergeJsonText("{}", "{}", "{")).toBeUndefined();
  });
});

describe("mergeJsonText: the owner's layout", () => {
  it("keeps a tab indent, CRLF line ends and the final newline", () => {
    const theirs = '{\r\n\t"a": 2\r\n}\r\n';
    expect(mergeJsonText('{"a": 1}', theirs, '{"a": 1, "b": 3}')!.content).toBe('{\r\n\t"a": 2,\r\n\t"b": 3\r\n}\r\n');
  });

  it("keeps a four-space indent of a list, and no final newline when there was none", () => {
    expect(mergeJsonText('{"l": [1]}', '{\n    "l": [1],\n    "x": 1\n}', '{"l": [1], "y": 2}')!.content).toBe('{\n    "l": [\n        1\n    ],\n    "y": 2,\n    "x": 1\n}');
    expect(mergeJsonText("[1]", "[\n    1, 2\n]\n", "[1]")!.content).toBe("[\n    1,\n    2\n]\n");
  });

  it("the indent is read from the document's first line only, not from a nested object further on", () => {
    expect(mergeJsonText('{"a": 1}', '{"a": 2, "b": {\n      "c": 1}}', '{"a": 1, "d": 1}')!.content).toBe('{\n  "a": 2,\n  "d": 1,\n  "b": {\n    "c": 1\n  }\n}');
  });

  it("a one-line document gets two spaces", () => {
    expect(mergeJsonText('{"a": 1}', '{"a": 2}', '{"a": 1, "b": 1}')!.content).toBe('{\n  "a": 2,\n  "b": 1\n}');
  });
});

describe("mergeYamlText", () => {
  const base = "# ours\nservices:\n  app:\n    image: node:24 # pinned\n    environment:\n      A: \"1\"\n      B: \"2\"\n";

  it("writes the template's changes into the owner's document, comments and quoting kept", () => {
    const theirs = base.replace('A: "1"', 'A: "10" # mine');
    const ours = base.replace("node:24", "node:26").replace('B: "2"', 'B: "2"\n      C: "3"');
    expect(mergeYamlText(base, theirs, ours)).toEqual({
      content: "# ours\nservices:\n  app:\n    image: node:26 # pinned\n    environment:\n      A: \"10\" # mine\n      B: \"2\"\n      C: \"3\"\n",
      conflicts: [],
    });
  });

  it("takes out a key the template removed", () => {
    const ours = base.replace('      B: "2"\n', "");
    expect(mergeYamlText(base, base, ours)!.content).toBe(ours);
  });

  it("a key both changed keeps the owner's value and is named by its path", () => {
    const merged = mergeYamlText(base, base.replace("node:24", "node:22"), base.replace("node:24", "node:26"));
    expect(merged).toEqual({ content: base.replace("node:24", "node:22"), conflicts: ["services.app.image"] });
  });

  it("a key that was empty becomes the template's mapping", () => {
    expect(mergeYamlText("a:\nb: 1\n", "a:\nb: 2\n", "a:\n  x: 1\nb: 1\n")).toEqual({ content: "a:\n  x: 1\nb: 2\n", conflicts: [] });
  });

  it("a document that is one value is replaced as a whole", () => {
    expect(mergeYamlText("1\n", "1\n", "2\n")).toEqual({ content: "2\n", conflicts: [] });
    expect(mergeYamlText("a: 1\n", "a: 1\n", "- x\n")).toEqual({ content: "- x\n", conflicts: [] });
  });

  it.each([
    ["two documents", "a: 1\n---\nb: 2\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["an unclosed list", "a: [\n"],
  ])("undefined for %s in any of the three", (_what, bad) => {
    expect(mergeYamlText(bad, "a: 1\n", "a: 1\n")).toBeUndefined();
    expect(mergeYamlText("a: 1\n", bad, "a: 1\n")).toBeUndefined();
    expect(mergeYamlText("a: 1\n", "a: 1\n", bad)).toBeUndefined();
  });
});

describe("gitMergeFile", () => {
  const merge = gitMergeFile({ theirs: "yours", base: "base", ours: "template 0.2.0" });

  it("counts the conflict regions and labels the markers", () => {
    const merged = merge(Buffer.from("a\nb\nc\nd\ne\nf\n"), Buffer.from("A\nb\nc\nd\ne\nF\n"), Buffer.from("1\nb\nc\nd\ne\n6\n"));
    expect(merged.conflicts).toBe(2);
    expect(merged.content.toString()).toBe("<<<<<<< yours\nA\n=======\n1\n>>>>>>> template 0.2.0\nb\nc\nd\ne\n<<<<<<< yours\nF\n=======\n6\n>>>>>>> template 0.2.0\n");
  });

  it("a clean merge has no conflicts", () => {
    expect(merge(Buffer.from("a\nb\nc\n"), Buffer.from("A\nb\nc\n"), Buffer.from("a\nb\nC\n"))).toEqual({ content: Buffer.from("A\nb\nC\n"), conflicts: 0 });
  });

  it("counts past 127 conflicts as 127, git's cap, without failing", () => {
    const lines = (mark: string) => Buffer.from(Array.from({ length: 130 }, (_, i) => `${mark}${i}\nsame\nsame\nsame\nsame\n`).join(""));
    expect(merge(lines("base"), lines("yours"), lines("template")).conflicts).toBe(127);
  });

  it("merges files larger than a megabyte", () => {
    const big = "x".repeat(100).concat("\n").repeat(20_000);
    const merged = merge(Buffer.from(`a\n${big}z\n`), Buffer.from(`A\n${big}z\n`), Buffer.from(`a\n${big}Z\n`));
    expect(merged.conflicts).toBe(0);
    expect(merged.content.length).toBe(big.length + 4);
  });

  it("leaves no temporary folder behind", () => {
    const tmp = mkdtempSync(join(tmpdir(), "merge-tmp-"));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      merge(Buffer.from("a\n"), Buffer.from("b\n"), Buffer.from("c\n"));
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("without git, one line that says to install it", () => {
    const path = process.env.PATH;
    process.env.PATH = "";
    try {
      expect(() => merge(Buffer.from("a\n"), Buffer.from("b\n"), Buffer.from("c\n"))).toThrow(
        new FailureError("git is needed to merge files both you and the template changed; install git and run the upgrade again"),
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
