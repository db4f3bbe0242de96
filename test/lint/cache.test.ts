import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/lint/config.js";
import { lint } from "../../src/lint/engine.js";
import { FactsCache, contentHash } from "../../src/lint/sources.js";
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
    expect(stored.version).toBe("1.0.0");
    expect(Object.keys(stored.entries)).toEqual(["services/a/src/server.ts"]);
    expect(run().findings).toEqual(first.findings);

    const cache = new FactsCache(cacheFile, "1.0.0");
    const text = readFileSync(join(root, "services/a/src/server.ts"), "utf8");
    expect(cache.get("services/a/src/server.ts", contentHash(text))).toBeDefined();
    expect(new FactsCache(cacheFile, "2.0.0").get("services/a/src/server.ts", contentHash(text))).toBeUndefined();

    writeFileSync(join(root, "services/a/src/server.ts"), text.replace('"/a"', '"/v1/a"'));
    expect(run().findings).toEqual([]);
  });
});
