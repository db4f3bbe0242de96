import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Tests that spawn the CLIs run the built package (bin/ → dist/), so dist/
 * must be built from the src/ under test: test/global-setup.ts calls
 * `ensureBuilt()` once before any test file runs, whether the run is
 * `npm test` or `npx vitest run test/cli/x.test.ts`. It builds only when an
 * input of the build is newer than everything in dist/ (tsc rewrites every
 * output on each build), and under a lock, so that two runs started together
 * never write dist/ at the same time.
 */

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What `tsc -p tsconfig.build.json` reads: every file under src/ (.ts and .json), the two configs, and package.json (its "type"). */
const INPUTS = ["src", "tsconfig.json", "tsconfig.build.json", "package.json"];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** Why dist/ needs a build, or undefined when it is up to date. */
export function staleBecause(root = ROOT): string | undefined {
  let built: number;
  try {
    built = newest(join(root, "dist"));
  } catch {
    return "dist/ does not exist";
  }
  const changed = INPUTS.find((input) => newest(join(root, input)) > built);
  return changed === undefined ? undefined : `${changed} is newer than dist/`;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Builds dist/ when it is older than its sources; returns whether it built. */
export function ensureBuilt(root = ROOT): boolean {
  if (staleBecause(root) === undefined) return false;
  const lock = join(root, ".tmp", "test-build.lock");
  mkdirSync(join(root, ".tmp"), { recursive: true });
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
    if (staleBecause(root) === undefined) return false;
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    return true;
  } catch (error) {
    const output = error instanceof Error && "stdout" in error ? `${String(error.stdout)}${String((error as { stderr?: unknown }).stderr ?? "")}` : String(error);
    throw new Error(`npm run build failed, so the tests that run the CLIs cannot run:\n${output.trim()}`);
  } finally {
    rmdirSync(lock);
  }
}
