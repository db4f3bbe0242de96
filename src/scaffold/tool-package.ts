import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { FailureError } from "../shared/errors.js";
import { cachedPack } from "./pack-cache.js";

/**
 * A generated service runs the arch-lint of the create-service that generated
 * it, as a devDependency its lockfile pins with an integrity hash: never a
 * package fetched at run time. A copy that npm installed from a registry is
 * named by its exact version. Any other copy (this checkout, which `npm link`
 * and `npx <path>` run too, or a global or local install of a packed tarball)
 * may be on no registry, or the registry may hold something else under its
 * name and version, so it packs itself into the service and is named
 * `file:<tarball>`: `npm ci` then installs it from the service's own
 * repository and checks it against the lockfile.
 */

export interface VendoredTool {
  /** Where the tarball goes in the service, relative to its root. */
  path: string;
  /** The tarball's bytes; called only when a rendered file names `path`, so other templates pay nothing. */
  load: () => Buffer;
}

export const TOOL_NAME = "create-service";

export function vendoredToolPath(version: string): string {
  return `vendor/${TOOL_NAME}-${version}.tgz`;
}

/** undefined when npm installed this copy from a registry (the service names its version); the packed copy otherwise. */
export function vendoredToolFor(packageRoot: string, version: string): VendoredTool | undefined {
  if (installedFromRegistry(packageRoot, version)) return undefined;
  // A checkout keeps its packed tarball between runs; an installed copy is packed once per generation.
  const checkout = !pathSegments(packageRoot).includes("node_modules");
  const pack = () => packPackage(packageRoot);
  return { path: vendoredToolPath(version), load: checkout ? () => cachedPack(packageRoot, pack) : pack };
}

const pathSegments = (path: string): string[] => path.replace(/[\\/]+$/, "").split(/[\\/]/);

/**
 * Whether the lockfile npm wrote when it installed the package at `packageRoot`
 * (the hidden node_modules/.package-lock.json of the project or of npx's
 * cache) says it came from a registry. A global install keeps no lockfile, so
 * it counts as not known, and the copy is packed: that always works.
 */
export function installedFromRegistry(packageRoot: string, version: string): boolean {
  const segments = pathSegments(packageRoot);
  // The lockfile's keys are paths from the project root, the folder above the first node_modules.
  const first = segments.indexOf("node_modules");
  if (first <= 0) return false;
  const installRoot = segments.slice(0, first).join("/");
  const key = segments.slice(first).join("/");
  for (const lockfile of [join(installRoot, "node_modules", ".package-lock.json"), join(installRoot, "package-lock.json")]) {
    const lock = readJson(lockfile);
    if (lock !== undefined) return lockSaysRegistry(lock, key, version);
  }
  return false;
}

/**
 * A registry entry: the version we are, an integrity hash, and either no
 * `resolved` (npm's omit-lockfile-registry-resolved) or a registry tarball URL
 * (`.../create-service/-/create-service-<version>.tgz`), not file:, git or a link.
 */
export function lockSaysRegistry(lock: unknown, key: string, version: string): boolean {
  const packages = (lock as { packages?: Record<string, { version?: unknown; resolved?: unknown; integrity?: unknown; link?: unknown }> })?.packages;
  const entry = packages?.[key];
  if (!entry || entry.link || entry.version !== version || typeof entry.integrity !== "string") return false;
  if (entry.resolved === undefined) return true;
  return typeof entry.resolved === "string" && /^https?:\/\//.test(entry.resolved) && entry.resolved.endsWith(`/${TOOL_NAME}/-/${TOOL_NAME}-${version}.tgz`);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

/** What npm runs when it installs a dependency from a tarball; the packed copy is built already and needs none. */
const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepare"];

/**
 * The package as `npm pack` publishes it (no build first: the running CLI is
 * that build), less its install scripts: from a tarball npm would run
 * `prepare`, which builds from sources the package does not ship, or warn at
 * every first install that it did not (allowScripts cannot name a file: spec
 * portably: npm keys it by its absolute path).
 */
export function packPackage(packageRoot: string): Buffer {
  const work = mkdtempSync(join(tmpdir(), "create-service-pack-"));
  try {
    const listed = npmPack(packageRoot, ["--dry-run"]);
    const copy = join(work, "package");
    for (const { path } of listed.files) {
      mkdirSync(dirname(join(copy, path)), { recursive: true });
      copyFileSync(join(packageRoot, path), join(copy, path));
    }
    const manifest = JSON.parse(readFileSync(join(copy, "package.json"), "utf8")) as { scripts?: Record<string, string> };
    for (const script of INSTALL_SCRIPTS) delete manifest.scripts?.[script];
    writeFileSync(join(copy, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const packed = npmPack(copy, ["--pack-destination", work]);
    return readFileSync(join(work, packed.filename));
  } catch (error) {
    const said = error && typeof error === "object" && "stderr" in error ? String((error as { stderr: unknown }).stderr).trim().split("\n").at(-1) : undefined;
    const reason = said || (error instanceof Error ? error.message : String(error));
    throw new FailureError(`cannot pack create-service from ${packageRoot.replace(/[\\/]+$/, "")} to vendor it into the service (${reason}); run npm install there and retry`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function npmPack(cwd: string, args: string[]): { filename: string; files: Array<{ path: string }> } {
  const stdout = execFileSync("npm", ["pack", "--ignore-scripts", "--json", ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!packed) throw new Error("npm pack printed no result");
  return packed;
}
