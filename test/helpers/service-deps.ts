import { createHash } from "node:crypto";
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { execa } from "execa";
import { inject } from "vitest";
import { hostEnv } from "./host-env.js";

/**
 * One real `npm install` per dependency set of the generated services per test run, shared by
 * every service that has that set: the option sets differ mostly in files, and the tests of a
 * generated service, not its install, are what each set is there for.
 *
 * A dependency set is what npm's install reads from the service: its package.json without the
 * fields that only describe it (name, version, description), its .npmrc, and the content of
 * every local file a `file:` spec points at. Its hash names the folder the set is installed in
 * (under the per-run folder test/global-setup.ts makes), so a template change to any of these
 * makes a new install by itself, and nothing is keyed by hand.
 *
 * `installServiceDependencies(dir)` installs the set once (under a lock: test files run in
 * parallel) and gives the service a package-lock.json copied from it and a node_modules of hard
 * links to it; the `npm install` the caller runs next in the service then finds everything in
 * place. Every file in node_modules is a link except .package-lock.json, which npm rewrites in
 * place, and which is written last so that npm trusts it (it must be newer than the folders).
 */

const INSTALL_TIMEOUT = 300_000;
/** package.json fields npm does not read to install: they differ between services with the same dependencies. */
const DESCRIPTIVE_FIELDS = ["name", "version", "description"];

export interface SharedInstall {
  /** What the set's one real `npm install` printed (stdout and stderr). */
  output: string;
  /** The folder the set is installed in. */
  folder: string;
}

/** npm's install environment: the host's (HOME for its .npmrc, proxies), a lockfile with each package's URL, offline first. */
export function installEnv(): Record<string, string> {
  // npm's default lockfile, with each package's resolved URL, whatever this machine's ~/.npmrc says
  // (omit-lockfile-registry-resolved): without the URLs `npm ci` looks every package up in its metadata,
  // and offline-first it may take a stale cached copy that lacks the locked version (ETARGET).
  return { ...hostEnv(), ...registryEnv() };
}

/**
 * npm settings every test install needs from a registry it does not own: each package's URL in the
 * lockfile (see installEnv), offline first, and a request that hangs given up after a minute and
 * retried, rather than waited on for npm's five-minute default until the test's own timeout.
 */
export function registryEnv(): Record<string, string> {
  return { npm_config_omit_lockfile_registry_resolved: "false", npm_config_prefer_offline: "true", npm_config_fetch_timeout: "60000", npm_config_fetch_retries: "3" };
}

/** The `file:` specs of a manifest's dependency lists, as paths relative to the package. */
function localSpecs(manifest: Record<string, unknown>): string[] {
  const paths: string[] = [];
  for (const field of ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]) {
    for (const spec of Object.values((manifest[field] ?? {}) as Record<string, string>)) {
      if (typeof spec !== "string" || !spec.startsWith("file:")) continue;
      const path = spec.slice("file:".length);
      if (isAbsolute(path) || relative(".", path).startsWith("..")) throw new Error(`${spec}: a generated service must carry what a file: spec points at inside its own folder`);
      paths.push(path);
    }
  }
  return paths.sort();
}

/** Every regular file under `path` (or path itself), relative to `base`, sorted. */
function filesUnder(base: string, path: string): string[] {
  const absolute = join(base, path);
  if (!lstatSync(absolute).isDirectory()) return [path];
  return readdirSync(absolute)
    .sort()
    .flatMap((entry) => filesUnder(base, join(path, entry)));
}

/** The files that make up a service's dependency set and the hash of their content, the set's name. */
export function dependencySet(serviceDir: string): { key: string; files: Map<string, Buffer> } {
  const manifest = JSON.parse(readFileSync(join(serviceDir, "package.json"), "utf8")) as Record<string, unknown>;
  const files = new Map<string, Buffer>();
  const installed = Object.fromEntries(Object.entries(manifest).filter(([field]) => !DESCRIPTIVE_FIELDS.includes(field)));
  files.set("package.json", Buffer.from(`${JSON.stringify({ name: "dependency-set", version: "0.0.0", ...installed }, null, 2)}\n`));
  if (existsSync(join(serviceDir, ".npmrc"))) files.set(".npmrc", readFileSync(join(serviceDir, ".npmrc")));
  for (const spec of localSpecs(manifest)) {
    if (!existsSync(join(serviceDir, spec))) throw new Error(`package.json depends on file:${spec}, which is not in ${serviceDir}`);
    for (const file of filesUnder(serviceDir, spec)) files.set(file, readFileSync(join(serviceDir, file)));
  }
  const hash = createHash("sha256");
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${path}\0${content.length}\0`).update(content);
  return { key: hash.digest("hex").slice(0, 16), files };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, "pid"), "utf8"));
  } catch {
    return true; // just taken: its holder has not written its pid yet
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Runs `work` while holding `lock` (a folder: mkdir is atomic), across the test processes. */
async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + INSTALL_TIMEOUT + 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (!holderAlive(lock)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`waited too long for ${lock}; remove it if no test is running`);
      else await sleep(200);
    }
  }
  writeFileSync(join(lock, "pid"), String(process.pid));
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Installs the set once per run; later calls (from any test file) get the same install. */
async function sharedInstall(serviceDir: string): Promise<SharedInstall> {
  const { key, files } = dependencySet(serviceDir);
  const folder = join(inject("serviceDepsRoot"), key);
  const done = join(folder, "install-output.txt");
  return withLock(`${folder}.lock`, async () => {
    if (!existsSync(done)) {
      rmSync(folder, { recursive: true, force: true });
      for (const [path, content] of files) {
        mkdirSync(dirname(join(folder, path)), { recursive: true });
        writeFileSync(join(folder, path), content);
      }
      const result = await execa("npm", ["install", "--no-audit", "--no-fund"], { cwd: folder, env: installEnv(), extendEnv: false, reject: false, all: true, stdin: "ignore", timeout: INSTALL_TIMEOUT });
      const output = String(result.all);
      if (result.exitCode !== 0) throw new Error(`npm install of the dependency set ${key} (in ${folder}) ${result.timedOut ? "timed out" : `exited with ${result.exitCode}`}:\n${output.slice(-4000)}`);
      writeFileSync(done, output);
    }
    return { output: readFileSync(done, "utf8"), folder };
  });
}

/** Hard links every file of `from` into `to` (a new folder); symbolic links are made again as they are. */
function linkTree(from: string, to: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else linkSync(source, target);
  }
}

/**
 * Gives the service at `serviceDir` its dependency set's package-lock.json and node_modules, installing
 * the set first if no test of this run has; returns that install. The caller runs `npm install` in the
 * service next, as a user would, which finds everything in place.
 */
export async function installServiceDependencies(serviceDir: string): Promise<SharedInstall> {
  const modules = join(serviceDir, "node_modules");
  if (existsSync(modules) || existsSync(join(serviceDir, "package-lock.json"))) throw new Error(`${serviceDir} already has node_modules or a package-lock.json`);
  const install = await sharedInstall(serviceDir);
  const source = join(install.folder, "node_modules");
  linkTree(source, modules);
  // npm writes its hidden lockfile in place: a copy, so that the shared one stays as installed, and the
  // last file written, so that npm finds it newer than the folders and trusts it instead of reading
  // every package again.
  const hidden = join(modules, ".package-lock.json");
  rmSync(hidden, { force: true });
  copyFileSync(join(source, ".package-lock.json"), hidden);
  // The lockfile's root is the service, as its own install would have written it.
  const lock = JSON.parse(readFileSync(join(install.folder, "package-lock.json"), "utf8")) as Record<string, unknown> & { packages: Record<string, Record<string, unknown>> };
  const { name, version } = JSON.parse(readFileSync(join(serviceDir, "package.json"), "utf8")) as { name: string; version: string };
  const root = { ...lock.packages[""], name, version };
  writeFileSync(join(serviceDir, "package-lock.json"), `${JSON.stringify({ ...lock, name, version, packages: { ...lock.packages, "": root } }, null, 2)}\n`);
  return install;
}
