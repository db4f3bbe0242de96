import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/lint/config.js";
import { lint } from "../../src/lint/engine.js";
import { FactsCache, contentHash } from "../../src/lint/sources.js";
import { scannerFingerprint } from "../../src/lint/scanner-fingerprint.js";
import { tempDir } from "../helpers/temp.js";
import { service, writeTree } from "./helpers.js";

describe("[I] --cache: facts of unchanged files are reused", () => {
  it("same findings from the cache; an edited file is extracted again; another version starts empty", () => {
    const root = tempDir("arch-lint-cache-");
    writeTree(root, service("services/a", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/a", (req, res) => res.end());\n` }));
    const cacheFile = join(root, "cache/facts.json");
    const run = (version = "1.0.0") => lint({ cwd: root, paths: ["."], config: defaultConfig(root), cacheFile, toolVersion: version });

    const first = run();
    const stored = JSON.parse(readFileSync(cacheFile, "utf8")) as { version: string; entries: Record<string, { hash: string }> };
    // The version and the scanner's build: a rebuilt checkout of one version does not reuse the old extractors' facts.
    expect(stored.version).toBe(`1.0.0+${scannerFingerprint()}`);
    expect(Object.keys(stored.entries)).toEqual(["services/a/src/server.ts"]);
    expect(run().findings).toEqual(first.findings);

    const cache = new FactsCache(cacheFile, stored.version);
    const text = readFileSync(join(root, "services/a/src/server.ts"), "utf8");
    expect(cache.get("services/a/src/server.ts", contentHash(text))).toBeDefined();
    expect(new FactsCache(cacheFile, "2.0.0").get("services/a/src/server.ts", contentHash(text))).toBeUndefined();

    writeFileSync(join(root, "services/a/src/server.ts"), text.replace('"/a"', '"/v1/a"'));
    expect(run().findings).toEqual([]);
  });
});

describe("[U] the scanner's fingerprint", () => {
  it("is the same for the same files, and changes when one of them changes or a file is added", () => {
    const dir = tempDir("arch-lint-fingerprint-");
    writeFileSync(join(dir, "walk.js"), "export const a = 1;\n");
    writeTree(dir, { "rules/one.js": "export default {};\n" });
    const before = scannerFingerprint(dir);
    expect(scannerFingerprint(dir)).toBe(before);
    writeFileSync(join(dir, "rules/one.js"), "export default { changed: true };\n");
    const edited = scannerFingerprint(dir);
    expect(edited).not.toBe(before);
    writeFileSync(join(dir, "rules/two.js"), "export default {};\n");
    expect(scannerFingerprint(dir)).not.toBe(edited);
  });

  it("of a folder that is not there is still a key, never an error", () => {
    expect(scannerFingerprint(join(tempDir("arch-lint-fingerprint-"), "missing"))).toMatch(/^[\w-]+$/);
  });
});
