import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ChunkReader } from "../../src/lint/read-ahead.js";
import { processReadSources, processSources } from "../../src/lint/sources.js";
import { tempDir } from "../helpers/temp.js";

/**
 * Reading ahead in a second thread changes nothing but speed: the same facts,
 * counts and diagnostics, in file order. From the TypeScript sources the
 * reader thread cannot start (there is no reader.js beside them), which
 * exercises the path where the main thread reads every chunk itself.
 */
describe("read-ahead", () => {
  it("gives the batch the sequential read gives", () => {
    const root = tempDir("arch-lint-read-ahead-");
    const entries = [];
    for (let i = 0; i < 9; i++) {
      const rel = `f${i}.ts`;
      const text =
        i % 3 === 0 ? `import express from "express";\nconst app = express();\napp.get("/v1/items/${i}", (req, res) => {});\n` : i % 3 === 1 ? `export const n${i} = ${i};\n` : `export function (\n  fetch("/v1/x"\n`;
      writeFileSync(join(root, rel), text);
      entries.push({ rel, abs: join(root, rel) });
    }
    writeFileSync(join(root, "bin.ts"), Buffer.from([0x89, 0x50, 0x00, 0x00]));
    entries.push({ rel: "bin.ts", abs: join(root, "bin.ts") });
    entries.push({ rel: "missing.ts", abs: join(root, "missing.ts") });
    const options = { maxFileSize: 1_000_000, prefilter: true };

    const reader = new ChunkReader(entries, options, 2);
    const ahead = processReadSources(entries, options, reader);
    reader.close();
    const sequential = processSources(entries, options);
    expect(ahead).toEqual(sequential);
    expect(ahead.facts.map((f) => f.file)).toEqual(["f0.ts", "f2.ts", "f3.ts", "f5.ts", "f6.ts", "f8.ts"]);
    expect(ahead.diagnostics.map((d) => `${d.kind} ${d.file}`)).toEqual(["parse-error f2.ts", "parse-error f5.ts", "parse-error f8.ts", "binary bin.ts", "unreadable missing.ts"]);
  });
});
