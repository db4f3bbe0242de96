import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CREATE_SERVICE_BIN, runCreateService } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";
import { asUserWithoutOverride, privilegeDropUnavailable } from "../helpers/privileges.js";

/**
 * `--force` replaces the files the template names as one unit: after a Ctrl-C, a SIGTERM or a failed
 * write at any point, the folder is byte for byte either as it was or completely written, and the
 * user's other files are never touched.
 */

const FAULT_HOOK = fileURLToPath(new URL("../helpers/fs-fault-hook.mjs", import.meta.url));
const OPTIONS = ["--yes", "--force", "--skip-git", "--skip-install", "--publishes", "order.created", "--consumes", "inventory.reserved", "--calls", "inventory"];

/** A folder a user generated into before and then worked in: files the template names, and their own. */
function usersFolder(parent: string): string {
  const target = join(parent, "orders");
  mkdirSync(join(target, "src", "http"), { recursive: true });
  mkdirSync(join(target, "test"), { recursive: true });
  mkdirSync(join(target, "docs"), { recursive: true });
  writeFileSync(join(target, "package.json"), '{ "name": "orders", "private": true }\n');
  writeFileSync(join(target, "README.md"), "# orders\n\nOur notes.\n");
  writeFileSync(join(target, "src", "http", "app.ts"), "export const edited = true;\n");
  writeFileSync(join(target, "src", "mine.ts"), "export const mine = 1;\n");
  writeFileSync(join(target, "test", "mine.test.ts"), "// the user's own test\n");
  writeFileSync(join(target, "docs", "runbook.md"), "restart it\n");
  writeFileSync(join(target, ".env"), "SECRET=1\n", { mode: 0o600 });
  // A file the template names, as a link: it is replaced (or restored) as the link, never followed.
  symlinkSync("README.md", join(target, "Dockerfile"));
  return target;
}

/** Every entry under `root` with its kind, mode and content hash (or link target): "byte for byte". */
function snapshot(root: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(root, prefix)).sort()) {
    const relative = prefix ? `${prefix}/${name}` : name;
    const path = join(root, relative);
    const stats = lstatSync(path);
    const mode = (stats.mode & 0o7777).toString(8);
    if (stats.isSymbolicLink()) out[relative] = `link -> ${readlinkSync(path)}`;
    else if (stats.isDirectory()) {
      out[relative] = `folder ${mode}`;
      Object.assign(out, snapshot(root, relative));
    } else out[relative] = `file ${mode} ${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
  }
  return out;
}

interface Scenario {
  parent: string;
  target: string;
  before: Record<string, string>;
}

function scenario(): Scenario {
  const parent = tempDir();
  const target = usersFolder(parent);
  return { parent, target, before: snapshot(target) };
}

/** What a run that nobody interrupts leaves, generated into a copy of the same folder. */
async function completeState(): Promise<Record<string, string>> {
  const { target } = scenario();
  const run = await runCreateService(["orders", ...OPTIONS, "--dir", target], { cwd: target });
  expect(run.stderr).toBe("");
  expect(run.exitCode).toBe(0);
  return snapshot(target);
}

interface Fault {
  at: number;
  signal?: "SIGINT" | "SIGTERM";
  errno?: string;
}

async function runWithFault(s: Scenario, fault: Fault, countFile?: string) {
  return execa(process.execPath, ["--import", FAULT_HOOK, CREATE_SERVICE_BIN, "orders", ...OPTIONS, "--dir", s.target], {
    cwd: s.parent,
    env: {
      NO_COLOR: "1",
      FS_FAULT_ROOT: s.parent,
      FS_FAULT_AT: String(fault.at),
      ...(fault.signal ? { FS_FAULT_SIGNAL: fault.signal } : {}),
      ...(fault.errno ? { FS_FAULT_ERRNO: fault.errno } : {}),
      ...(countFile ? { FS_FAULT_COUNT_FILE: countFile } : {}),
    },
    reject: false,
    stdin: "ignore",
  });
}

/** `count` points spread from the first change to the last, both included. */
function spread(total: number, count: number): number[] {
  const points = Array.from({ length: count }, (_, i) => 1 + Math.round((i * (total - 1)) / (count - 1)));
  return [...new Set(points)];
}

/** Runs `jobs` two at a time (the test machines have two cores). */
async function inPairs<T>(jobs: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < jobs.length; i += 2) results.push(...(await Promise.all(jobs.slice(i, i + 2).map((job) => job()))));
  return results;
}

/** Nothing of ours may stay beside the target: no staging folder, no folder of set-aside files. */
const leftovers = (parent: string): string[] => readdirSync(parent).filter((name) => name !== "orders");

describe("create-service --force: all or nothing", () => {
  it("a signal at any point of the write leaves the folder as it was or complete, and the process stops", { timeout: 240_000 }, async () => {
    const complete = await completeState();
    const calibration = scenario();
    const countFile = join(tempDir(), "count");
    const counted = await runWithFault(calibration, { at: 0 }, countFile);
    expect(counted.exitCode).toBe(0);
    expect(snapshot(calibration.target)).toEqual(complete);
    const total = Number(readFileSync(countFile, "utf8"));
    expect(total).toBeGreaterThan(100);

    const faults: Fault[] = spread(total, 10).flatMap((at) => [{ at, signal: "SIGINT" as const }, { at, signal: "SIGTERM" as const }]);
    const outcomes = await inPairs(faults.map((fault) => async () => {
      const s = scenario();
      const run = await runWithFault(s, fault);
      const after = snapshot(s.target);
      const state = JSON.stringify(after) === JSON.stringify(s.before) ? "as before" : JSON.stringify(after) === JSON.stringify(complete) ? "complete" : "half-written";
      return { fault: `${fault.signal} at change ${fault.at} of ${total}`, state, leftovers: leftovers(s.parent), exitCode: run.exitCode, signal: run.signal ?? undefined, stderr: String(run.stderr) };
    }));
    // It stopped: it did not carry on to git and npm as if nothing happened.
    const stopped = ({ exitCode, signal }: { exitCode?: number; signal?: string }) => exitCode === 130 || exitCode === 143 || signal !== undefined;
    expect(outcomes.filter((outcome) => outcome.state === "half-written" || outcome.leftovers.length > 0 || !stopped(outcome))).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.state === "complete").length).toBeGreaterThan(0);
    // A run stopped after a complete write says so, and what is left to run.
    for (const outcome of outcomes.filter((o) => o.state === "complete" && o.signal === undefined)) {
      expect(outcome.stderr, outcome.fault).toMatch(/^create-service: interrupted; the files are written completely in .*orders$/);
    }
  });

  it("a signal from outside at 10 moments of the run leaves the folder as it was or complete", { timeout: 240_000 }, async () => {
    const started = Date.now();
    const complete = await completeState();
    const duration = Date.now() - started;
    const moments = Array.from({ length: 10 }, (_, i) => ({ delay: Math.round((i * duration * 1.2) / 9), signal: i % 2 === 0 ? "SIGINT" : "SIGTERM" } as const));
    const outcomes = await inPairs(moments.map(({ delay, signal }) => async () => {
      const s = scenario();
      const child = execa(process.execPath, [CREATE_SERVICE_BIN, "orders", ...OPTIONS, "--dir", s.target], { cwd: s.parent, env: { NO_COLOR: "1" }, reject: false, stdin: "ignore" });
      await new Promise((done) => setTimeout(done, delay));
      child.kill(signal);
      await child;
      const after = JSON.stringify(snapshot(s.target));
      const state = after === JSON.stringify(s.before) ? "as before" : after === JSON.stringify(complete) ? "complete" : "half-written";
      return { moment: `${signal} after ${delay} ms`, state, leftovers: leftovers(s.parent) };
    }));
    expect(outcomes.filter((outcome) => outcome.state === "half-written" || outcome.leftovers.length > 0)).toEqual([]);
  });

  it("a write that fails at any point puts every replaced file back and removes every new one", { timeout: 240_000 }, async () => {
    const calibration = scenario();
    const countFile = join(tempDir(), "count");
    await runWithFault(calibration, { at: 0 }, countFile);
    const total = Number(readFileSync(countFile, "utf8"));
    const outcomes = await inPairs(spread(total, 10).map((at) => async () => {
      const s = scenario();
      const run = await runWithFault(s, { at, errno: "EIO" });
      const unchanged = JSON.stringify(snapshot(s.target)) === JSON.stringify(s.before);
      return { fault: `EIO at change ${at} of ${total}`, exitCode: run.exitCode, stderr: String(run.stderr), unchanged, leftovers: leftovers(s.parent) };
    }));
    // Exit 0 means the fault hit a clean-up step after the service was complete (removals are never failed).
    const failed = outcomes.filter((outcome) => outcome.exitCode !== 0);
    expect(outcomes.filter((outcome) => outcome.leftovers.length > 0)).toEqual([]);
    expect(failed.filter((outcome) => !outcome.unchanged)).toEqual([]);
    for (const outcome of failed) {
      expect(outcome.exitCode, outcome.fault).toBe(1);
      expect(outcome.stderr, outcome.fault).toMatch(/^create-service: cannot write .*; nothing was (written|changed)$/);
    }
    expect(failed.length).toBeGreaterThan(6);
  });

  it.skipIf(privilegeDropUnavailable)("a file it may not replace (a read-only folder) rolls back everything it had replaced", async () => {
    const s = scenario();
    // The template writes test/*.ts after most other files (paths are sorted), so many are replaced first.
    chmodSync(join(s.target, "test"), 0o555);
    const before = snapshot(s.target);
    const run = await execa(...asUserWithoutOverride(process.execPath, [CREATE_SERVICE_BIN, "orders", ...OPTIONS, "--dir", s.target]), { cwd: s.parent, reject: false, stdin: "ignore", env: { NO_COLOR: "1" } });
    expect(snapshot(s.target)).toEqual(before);
    expect(leftovers(s.parent)).toEqual([]);
    expect(String(run.stderr)).toMatch(/^create-service: cannot write .*\/orders\/test\/[a-z.-]+: permission denied; nothing was changed; choose a --dir in a folder you can write to$/);
    expect(run.exitCode).toBe(2);
  });
});
