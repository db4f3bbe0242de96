import { chmodSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/lint/config.js";
import { lint } from "../../src/lint/engine.js";
import { UsageError } from "../../src/shared/errors.js";
import { tempDir } from "../helpers/temp.js";
import { service, writeTree } from "./helpers.js";

/** Odd input never stops a scan: each odd file becomes a diagnostic and the rest is still linted. */
describe("[I] odd input", () => {
  it("syntax errors, a 5 MB file, binary and non-UTF-8 files, symlink loops and broken links (a link to a parent folder is no loop: see symlinks.test.ts)", () => {
    const root = tempDir("arch-lint-odd-");
    writeTree(root, {
      ...service("services/a", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/unversioned", (req, res) => {});\n`,
        "src/broken.ts": `export function (\n  app.get("/also-unversioned", h);\n}}}\n`,
      }),
    });
    writeFileSync(join(root, "services/a/src/generated.js"), `// generated\nexport const data = ${JSON.stringify("x".repeat(5 * 1024 * 1024))};\n`);
    writeFileSync(join(root, "services/a/src/image.js"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
    writeFileSync(join(root, "services/a/src/latin1.ts"), Buffer.from("export const s = 'caf\xe9';\n", "latin1"));
    mkdirSync(join(root, "services/a/src/loop"));
    symlinkSync("..", join(root, "services/a/src/loop/parent"));
    symlinkSync("self", join(root, "services/a/src/self"));
    symlinkSync("nowhere.ts", join(root, "services/a/src/dangling.ts"));

    const result = lint({ cwd: root, paths: ["."], config: defaultConfig(root) });
    const kinds = result.diagnostics.map((d) => `${d.kind} ${d.file}`).sort();
    expect(kinds).toEqual([
      "binary services/a/src/image.js",
      "not-utf8 services/a/src/latin1.ts",
      "parse-error services/a/src/broken.ts",
      "symlink-loop services/a/src/self",
      "too-large services/a/src/generated.js",
      "unreadable services/a/src/dangling.ts",
    ]);
    // The scan went on: the good file's finding is there, and the broken file still gave what it could.
    expect(result.findings.map((f) => f.data.path)).toContain("/unversioned");
    expect(result.summary).toMatch(/2 files parsed, 3 skipped, 6 diagnostics$/);
  });

  it("ignores node_modules, build output and .gitignore'd paths", () => {
    const root = tempDir("arch-lint-ignore-");
    const route = (path: string) => `import express from "express";\nconst app = express();\napp.get("${path}", (req, res) => {});\n`;
    writeTree(root, {
      ...service("services/a", ["express"], { "src/server.ts": route("/v1/ok") }),
      ".gitignore": "generated/\n*.tmp.ts\n",
      "services/a/node_modules/x/index.js": route("/from-node-modules"),
      "services/a/dist/server.js": route("/from-dist"),
      "services/a/generated/api.ts": route("/from-generated"),
      "services/a/src/scratch.tmp.ts": route("/from-tmp"),
      "services/a/src/.gitignore": "local.ts\n",
      "services/a/src/local.ts": route("/from-nested-gitignore"),
    });
    const result = lint({ cwd: root, paths: ["."], config: defaultConfig(root) });
    expect(result.model.routes.map((r) => r.path)).toEqual(["/v1/ok"]);
    expect(result.findings).toEqual([]);
  });

  it("a config ignore pattern removes files", () => {
    const root = tempDir("arch-lint-ignore-");
    writeTree(root, service("services/a", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/x", (req, res) => {});\n` }));
    const config = { ...defaultConfig(root), ignore: ["services/a/src/server.ts"] };
    expect(lint({ cwd: root, paths: ["."], config }).findings).toEqual([]);
  });
});

describe("[I] minified or bundled output", () => {
  // One statement per line as people write them, or the same code run together as a minifier leaves it.
  const statements = (count: number) => Array.from({ length: count }, (_, i) => `app.get("/bundled${i}", function (req, res) { return res.json({ index: ${i} }); });`);
  const written = (count: number) => `import express from "express";\nconst app = express();\n${statements(count).join("\n")}\n`;
  const minified = (count: number, lineLength: number) => {
    const text = statements(count).join("");
    const lines = [];
    for (let at = 0; at < text.length; at += lineLength) lines.push(text.slice(at, at + lineLength));
    return `import express from "express";const app=express();\n${lines.join("\n")}\n`;
  };

  it("is skipped with a diagnostic that says why, and the service's own files are still linted", () => {
    const root = tempDir("arch-lint-minified-");
    writeTree(root, {
      ...service("services/a", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/own", (req, res) => {});\n` }),
      "services/a/public/js/app.js": minified(400, 5_000),
    });
    const result = lint({ cwd: root, paths: ["."], config: defaultConfig(root) });
    expect(result.diagnostics.map((d) => `${d.kind} ${d.file}`)).toEqual(["minified services/a/public/js/app.js"]);
    expect(result.diagnostics[0]!.message).toMatch(/^skipped: minified or bundled code \(\d+% of its \d+ characters on lines over 1000 characters long\)/);
    expect(result.model.routes.map((r) => r.path)).toEqual(["/v1/own"]);
    expect(result.summary).toMatch(/1 file parsed, 1 skipped, 1 diagnostic$/);
  });

  it("is told apart by its lines, not its size: large written code, short minified files and a few long lines are read", async () => {
    const { minifiedShare } = await import("../../src/lint/read.js");
    expect(written(400).length).toBeGreaterThan(20_000);
    expect(minifiedShare(written(400))).toBe(0);
    expect(minifiedShare(minified(400, 5_000))).toBeGreaterThan(0.95);
    // Under 20,000 characters a file is read whatever its lines: too small for a minifier to matter.
    expect(minified(200, 5_000).length).toBeLessThan(20_000);
    expect(minifiedShare(minified(200, 5_000))).toBe(0);
    // Lines of exactly 1,000 characters are not long; 1,001 are.
    expect(minifiedShare(minified(400, 1_000))).toBe(0);
    expect(minifiedShare(minified(400, 1_001))).toBeGreaterThan(0.95);
    // A long data line in written code: under the 80% share, so the file is read.
    const withData = `${written(300)}export const logo = "${"A".repeat(40_000)}";\n`;
    expect(minifiedShare(withData)).toBeGreaterThan(0.5);
    expect(minifiedShare(withData)).toBeLessThan(0.8);
  });
});

describe("[I] file names that are not UTF-8", () => {
  /** A path whose last name is Latin-1 bytes (0xE9 is é there, and no UTF-8). */
  const latin1 = (dir: string, name: string) => Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(name, "latin1")]);

  it("are read through their bytes, shown with \\xNN, and the diagnostic names the encoding, not ENOENT", () => {
    const root = tempDir("arch-lint-names-");
    writeTree(root, service("services/caf", ["express"], {}));
    const src = join(root, "services/caf/src");
    mkdirSync(src, { recursive: true });
    writeFileSync(latin1(src, "server.ts"), `import express from "express";\nconst app = express();\napp.get("/orders", (req, res) => res.json([]));\napp.listen(3000);\n`);
    writeFileSync(latin1(src, "caf\xe9.ts"), `export const reach = () => fetch("http://inventory:3000/v1/stock");\n`);
    mkdirSync(latin1(src, "d\xe9p\xf4t"));
    writeFileSync(Buffer.concat([latin1(src, "d\xe9p\xf4t"), Buffer.from("/routes.ts")]), `import express from "express";\nconst app = express();\napp.get("/stock", (req, res) => res.json([]));\napp.listen(3001);\n`);
    // The file system keeps the bytes as they are (a name Node cannot decode comes back with U+FFFD).
    expect(readdirSync(src).sort()).toEqual(["caf\ufffd.ts", "d\ufffdp\ufffdt", "server.ts"]);

    const result = lint({ cwd: root, paths: ["."], config: defaultConfig(root) });
    expect(result.diagnostics).toEqual([
      { kind: "not-utf8", file: "services/caf/src/caf\\xe9.ts", message: "the name is not valid UTF-8 (the bytes it cannot decode are shown as \\xNN); read through its raw bytes; rename it in UTF-8 for reports that name it exactly" },
      { kind: "not-utf8", file: "services/caf/src/d\\xe9p\\xf4t", message: "the name is not valid UTF-8 (the bytes it cannot decode are shown as \\xNN); scanned through its raw bytes; rename it in UTF-8 for reports that name it exactly" },
    ]);
    expect(result.model.routes.map((r) => `${r.location.file} ${r.path}`).sort()).toEqual(["services/caf/src/d\\xe9p\\xf4t/routes.ts /stock", "services/caf/src/server.ts /orders"]);
    expect(result.model.calls.map((c) => c.location.file)).toEqual(["services/caf/src/caf\\xe9.ts"]);
    expect(result.summary).toMatch(/3 files parsed, 0 skipped, 2 diagnostics$/);
  });
});

describe("[I] folders and files the user may not read (EACCES)", () => {
  /**
   * Root reads everything, so as root the scan runs with the effective user
   * id of nobody (process.seteuid, given back right after): the kernel then
   * refuses for real. Without seteuid (Windows, a worker thread) there is no
   * way to stage it, and the test is skipped.
   */
  const isRoot = process.getuid?.() === 0;
  const canDrop = typeof process.seteuid === "function" && typeof process.geteuid === "function";
  it.skipIf(process.platform === "win32" || (isRoot && !canDrop))("become diagnostics naming the fix, and the scan goes on", () => {
    const root = tempDir("arch-lint-eacces-");
    writeTree(root, {
      ...service("services/a", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/a", (req, res) => res.json([]));\napp.listen(3000);\n` }),
      ...service("services/b", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/b", (req, res) => res.json([]));\n` }),
      "services/a/src/secret.ts": `export const s = fetch("http://b:3000/v1/b");\n`,
    });
    // Readable by the user the scan runs as; then one folder and one file that are not.
    for (const dir of [root, join(root, "services"), join(root, "services/a"), join(root, "services/a/src"), join(root, "services/b")]) chmodSync(dir, 0o755);
    chmodSync(join(root, "services/b"), 0o000);
    chmodSync(join(root, "services/a/src/secret.ts"), 0o000);
    const config = defaultConfig(root);
    let result;
    const euid = process.geteuid?.();
    if (isRoot) process.seteuid!(65534);
    try {
      result = lint({ cwd: root, paths: ["."], config });
    } finally {
      if (isRoot) process.seteuid!(euid!);
      chmodSync(join(root, "services/b"), 0o755);
    }
    expect(statSync(root).uid).toBe(process.getuid?.());
    expect(result.diagnostics).toEqual([
      { kind: "unreadable", file: "services/a/src/secret.ts", message: "cannot read (EACCES); skipped: give the user running arch-lint read access, or ignore the file" },
      { kind: "unreadable", file: "services/b", message: "cannot read folder (EACCES); skipped: give the user running arch-lint read access, or ignore the folder" },
    ]);
    expect(result.model.routes.map((r) => r.path)).toEqual(["/v1/a"]);
  });

  it.skipIf(process.platform === "win32" || (isRoot && !canDrop))("a scanned folder that cannot be read is a usage error (exit 2), not an empty scan", () => {
    const base = tempDir("arch-lint-eacces-");
    const root = join(base, "repo");
    writeTree(root, service("services/a", ["express"], { "src/server.ts": "" }));
    chmodSync(base, 0o755);
    chmodSync(root, 0o000);
    const euid = process.geteuid?.();
    if (isRoot) process.seteuid!(65534);
    let error: unknown;
    try {
      lint({ cwd: base, paths: ["repo"], config: defaultConfig(base) });
    } catch (thrown) {
      error = thrown;
    } finally {
      if (isRoot) process.seteuid!(euid!);
      chmodSync(root, 0o755);
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`cannot read the folder ${root} (EACCES); run arch-lint as a user who can read it, or scan another folder`);
  });
});

describe("[U] reading files", () => {
  it("a file that cannot be read becomes an 'unreadable' diagnostic (EISDIR here; EACCES in the test above)", async () => {
    const { readText } = await import("../../src/lint/sources.js");
    const dir = tempDir("arch-lint-read-");
    const diagnostics: { kind: string; message: string }[] = [];
    expect(readText({ rel: "x.ts", abs: dir }, 1_000_000, diagnostics as never)).toBeUndefined();
    expect(diagnostics).toEqual([{ kind: "unreadable", file: "x.ts", message: "cannot read (EISDIR)" }]);
  });

  it("byte order marks, U+FFFD, NUL and sizes near the limit are judged as a strict decoder of the bytes would", async () => {
    const { readText } = await import("../../src/lint/sources.js");
    const dir = tempDir("arch-lint-read-");
    const read = (bytes: Buffer | string, max = 1_000_000) => {
      const abs = join(dir, "f.ts");
      writeFileSync(abs, bytes);
      const diagnostics: { kind: string; message: string }[] = [];
      const text = readText({ rel: "f.ts", abs }, max, diagnostics as never);
      return diagnostics.length ? diagnostics.map((d) => `${d.kind}: ${d.message}`).join("; ") : text;
    };
    expect(read("\ufeffconst a = 1;")).toBe("const a = 1;");
    expect(read("\ufeff\ufeffx")).toBe("x");
    expect(read("const replacement = '\ufffd';")).toBe("const replacement = '\ufffd';");
    expect(read(Buffer.from([0x61, 0xff, 0x62]))).toBe("not-utf8: skipped: not valid UTF-8");
    expect(read(Buffer.from([0x61, 0x00, 0x62]))).toBe("binary: skipped: binary content");
    expect(read(`${"a".repeat(8000)}\0`)).toBe(`${"a".repeat(8000)}\0`);
    expect(read("é".repeat(4), 8)).toBe("é".repeat(4));
    expect(read("é".repeat(5), 8)).toBe("too-large: skipped: 10 bytes is over maxFileSize (8)");
    expect(read("abcdefghij", 9)).toBe("too-large: skipped: 10 bytes is over maxFileSize (9)");
  });
});
