import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The spawned-CLI tests run the built package (bin/ → dist/). `npm test` builds
 * first (pretest); when the tests run alone (`npx vitest run test/lint`) and
 * src/ is newer than dist/, build once, under a lock so parallel test files
 * never write dist/ at the same time.
 */

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function newest(dir: string, ext: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path, ext));
    else if (entry.name.endsWith(ext)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

function isStale(): boolean {
  try {
    return newest(join(ROOT, "src"), ".ts") > newest(join(ROOT, "dist"), ".js");
  } catch {
    return true;
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function ensureBuilt(): void {
  if (!isStale()) return;
  const lock = join(ROOT, ".tmp", "arch-lint-test-build.lock");
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) throw new Error(`could not take ${lock}; remove it if no test is running`);
      sleep(100);
    }
  }
  try {
    if (isStale()) execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json")], { cwd: ROOT });
  } finally {
    rmdirSync(lock);
  }
}
