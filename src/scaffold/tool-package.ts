import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FailureError } from "../shared/errors.js";

/**
 * A generated service runs the arch-lint of the create-service that generated
 * it, as a devDependency its lockfile pins with an integrity hash: never a
 * package fetched at run time. A release installed from a registry is named by
 * its exact version. A development build (a checkout, or `npm link` and
 * `npx <path>`, which run the checkout) is on no registry, so it is packed into
 * the service and depended on as `file:<tarball>`: `npm ci` then installs it
 * from the service's own repository and checks it against the lockfile.
 */

export interface VendoredTool {
  /** Where the tarball goes in the service, relative to its root. */
  path: string;
  /** The tarball's bytes; called only when a rendered file names `path`, so other templates pay nothing. */
  load: () => Buffer;
}

/** Path segments are compared, so a folder merely named like "my_node_modules" does not count. */
export function isInstalledPackage(packageRoot: string): boolean {
  return packageRoot.split(/[\\/]/).includes("node_modules");
}

export function vendoredToolPath(version: string): string {
  return `vendor/create-service-${version}.tgz`;
}

/** undefined for an installed release (the service names its version); the packed checkout otherwise. */
export function vendoredToolFor(packageRoot: string, version: string): VendoredTool | undefined {
  if (isInstalledPackage(packageRoot)) return undefined;
  return { path: vendoredToolPath(version), load: () => packPackage(packageRoot) };
}

/** `npm pack` of the package as it is now (no build first: the running CLI is that build). */
export function packPackage(packageRoot: string): Buffer {
  const destination = mkdtempSync(join(tmpdir(), "create-service-pack-"));
  try {
    const stdout = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", destination], {
      cwd: packageRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
    if (!packed) throw new Error("npm pack printed no file name");
    return readFileSync(join(destination, packed.filename));
  } catch (error) {
    const said = error && typeof error === "object" && "stderr" in error ? String((error as { stderr: unknown }).stderr).trim().split("\n").at(-1) : undefined;
    const reason = said || (error instanceof Error ? error.message : String(error));
    throw new FailureError(`cannot pack create-service from ${packageRoot.replace(/[\\/]+$/, "")} to vendor it into the service (${reason}); run npm install there and retry`);
  } finally {
    rmSync(destination, { recursive: true, force: true });
  }
}
