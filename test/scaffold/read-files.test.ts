import { describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { readFiles } from "../../src/scaffold/read-files.js";

/** What an upgrade reads of the service on disk: the files as they are, and nothing in place of the others. */
describe("readFiles", () => {
  it("reads each named file with its bytes and permission bits", () => {
    const root = tempDir();
    mkdirSync(join(root, "bin"));
    writeFileSync(join(root, "README.md"), "# orders\n");
    writeFileSync(join(root, "bin", "run"), Buffer.from([0, 1, 255]));
    chmodSync(join(root, "bin", "run"), 0o755);
    chmodSync(join(root, "README.md"), 0o644);
    const files = readFiles(root, ["README.md", "bin/run"]);
    expect([...files.keys()]).toEqual(["README.md", "bin/run"]);
    expect(files.get("README.md")).toEqual({ content: Buffer.from("# orders\n"), mode: 0o644 });
    expect(files.get("bin/run")).toEqual({ content: Buffer.from([0, 1, 255]), mode: 0o755 });
  });

  it("leaves out a missing file, a folder or a link where a file was, and a path through a file", () => {
    const root = tempDir();
    writeFileSync(join(root, "kept.txt"), "kept");
    mkdirSync(join(root, "now-a-folder"));
    symlinkSync(join(root, "kept.txt"), join(root, "now-a-link"));
    writeFileSync(join(root, "plain"), "a file");
    const files = readFiles(root, ["kept.txt", "gone.txt", "now-a-folder", "now-a-link", "plain/below", "missing/below"]);
    expect([...files.keys()]).toEqual(["kept.txt"]);
  });

  it("does not hide an error other than a missing file (a name longer than the file system allows)", () => {
    const root = tempDir();
    expect(() => readFiles(root, ["x".repeat(300)])).toThrow(expect.objectContaining({ code: "ENAMETOOLONG" }));
  });
});
