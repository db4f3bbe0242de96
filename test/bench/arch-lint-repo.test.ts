import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scannedSources } from "../lint/bench/arch-lint.mjs";

/**
 * `npm run bench -- arch-lint --repo <folder>`: the raw-parse baseline must parse exactly the files the scan reads
 * in that folder, or the ratio compares two different workloads.
 */

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "bench-repo-"));
  made.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe("the arch-lint bench on a repository of your own", () => {
  it("parses the source files the scan walks, and none of the folders or files it leaves out", async () => {
    const root = tree({
      "services/orders/src/server.ts": "export {}",
      "services/orders/src/view.tsx": "export {}",
      "services/orders/src/legacy.cjs": "module.exports = {}",
      "services/orders/test/server.test.ts": "export {}",
      "services/orders/node_modules/express/index.js": "module.exports = {}",
      "services/orders/dist/server.js": "export {}",
      "services/orders/src/generated.ts": "export {}",
      "services/orders/package.json": "{}",
      "services/orders/README.md": "# orders",
      ".gitignore": "services/orders/src/generated.ts\n",
    });
    const sources = (await scannedSources(root)).map((file: string) => file.slice(root.length + 1)).sort();
    expect(sources).toEqual(["services/orders/src/legacy.cjs", "services/orders/src/server.ts", "services/orders/src/view.tsx"]);
  });

  it("refuses --repo with another suite, or a folder that is not there, before measuring anything", () => {
    const bench = (...args: string[]) => spawnSync(process.execPath, ["scripts/bench.mjs", ...args], { encoding: "utf8" });
    const otherSuite = bench("create-service", "--repo", tmpdir());
    expect(otherSuite.status).toBe(2);
    expect(otherSuite.stderr).toContain("--repo applies to the arch-lint suite only");
    const missing = bench("arch-lint", "--repo", join(tmpdir(), "no-such-folder-for-the-bench"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("is not a folder");
    expect(missing.stdout).toBe("");
  });
});
