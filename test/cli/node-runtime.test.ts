import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import semver from "semver";
import { REPO_ROOT } from "../helpers/cli.js";

/**
 * The repository runs on its own Node 24 (tools/dev-node) so that the README's quick start works on
 * a machine whose node is older. These tests pin the parts of that promise that can break without
 * anyone noticing: the engines range against what our dependencies declare (the guard that
 * engine-strict used to give), the pinned binaries against engines, and npm putting ours first.
 */

const readJson = (path: string) => JSON.parse(readFileSync(join(REPO_ROOT, path), "utf8"));
const packageJson = readJson("package.json");
const lockfile = readJson("package-lock.json");
const devNode = readJson("tools/dev-node/package.json");
const ENGINES: string = packageJson.engines.node;

interface LockedPackage {
  path: string;
  version: string;
  dev?: boolean;
  optional?: boolean;
  engines?: { node?: string };
}

const lockedPackages: LockedPackage[] = Object.entries(lockfile.packages as Record<string, Omit<LockedPackage, "path">>)
  .filter(([path]) => path.startsWith("node_modules/"))
  .map(([path, entry]) => ({ path, ...entry }));

/** The release just below a range's floor on the same line (24.15.0 → 24.14.999). */
function justBelow(version: string): string {
  const { major, minor, patch } = semver.parse(version)!;
  if (patch > 0) return `${major}.${minor}.${patch - 1}`;
  if (minor > 0) return `${major}.${minor - 1}.999`;
  return `${major - 1}.999.999`;
}

describe("engines", () => {
  const runtime = lockedPackages.filter((entry) => !entry.dev && entry.engines?.node);

  it("promises nothing that a runtime dependency does not support", () => {
    const narrower = runtime.filter((entry) => !semver.subset(ENGINES, entry.engines!.node!)).map((entry) => `${entry.path} ${entry.engines!.node}`);
    expect(narrower).toEqual([]);
  });

  it("refuses no release that every runtime dependency supports (each floor is a dependency's floor)", () => {
    const floors = ENGINES.split("||").map((part) => semver.minVersion(part.trim())!.version);
    const needless = floors.filter((floor) => runtime.every((entry) => semver.satisfies(justBelow(floor), entry.engines!.node!)));
    expect(needless).toEqual([]);
  });

  it("is met by every Node binary that tools/dev-node pins", () => {
    const pinned = Object.entries(devNode.optionalDependencies as Record<string, string>);
    expect(pinned.length).toBeGreaterThan(0);
    for (const [name, version] of pinned) {
      expect(semver.satisfies(version, ENGINES), `${name}@${version}`).toBe(true);
      expect(lockfile.packages[`node_modules/${name}`]?.version, `${name} in package-lock.json`).toBe(version);
    }
  });
});

/** The npm that runs this test (npm sets npm_execpath for its scripts), else the one on PATH. */
async function npmCli(): Promise<string> {
  if (process.env.npm_execpath?.endsWith(".js")) return process.env.npm_execpath;
  const { stdout } = await execa("npm", ["prefix", "-g"]);
  return join(stdout.trim(), "lib", "node_modules", "npm", "bin", "npm-cli.js");
}

describe("npm scripts and npx in this repository", () => {
  const platformPackage = `node-${process.platform}-${process.arch}`;
  const pinnedHere: string | undefined = devNode.optionalDependencies[platformPackage];

  it.runIf(pinnedHere !== undefined)("run on the pinned Node even when the shell's node is an old one", async () => {
    const fakeBin = await mkdtemp(join(tmpdir(), "old-node-"));
    try {
      // The shell's `node`: an old release that would fail anything we run.
      await writeFile(join(fakeBin, "node"), "#!/bin/sh\necho 'v20.0.0 (the shell node)'\nexit 1\n");
      await chmod(join(fakeBin, "node"), 0o755);
      // npm itself still needs a node to start: run its CLI with ours, as the machine's npm would run with its own.
      const npm = await npmCli();
      const env = { ...process.env, PATH: [fakeBin, ...(process.env.PATH ?? "").split(delimiter).filter((dir) => !dir.includes("node_modules"))].join(delimiter) };
      const exec = await execa(process.execPath, [npm, "exec", "--", "node", "-p", "process.version"], { cwd: REPO_ROOT, env, reject: false, stdin: "ignore" });
      expect(exec.stdout.trim()).toBe(`v${pinnedHere}`);
      const bin = await execa(process.execPath, [npm, "exec", "--", "create-service", "--version"], { cwd: REPO_ROOT, env, reject: false, stdin: "ignore" });
      expect(bin.exitCode, bin.stderr).toBe(0);
      expect(bin.stdout.trim()).toBe(packageJson.version);
    } finally {
      await rm(fakeBin, { recursive: true, force: true });
    }
  });
});
