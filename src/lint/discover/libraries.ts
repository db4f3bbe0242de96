import { posix } from "node:path";
import type { LibraryInfo, ServiceInfo } from "../types.js";
import { dedupeNames } from "./names.js";
import { unscoped, type PackageInfo, type PackageRole } from "./packages.js";
import type { MonorepoProject } from "./projects.js";

/**
 * What services import rather than run: the libraries nest-cli.json and Nx declare, and the packages
 * that start nothing (see packageRole). What a library defines is used by the services that import it.
 */
export function librariesOf(
  packages: readonly PackageInfo[],
  roles: ReadonlyMap<string, PackageRole>,
  projects: readonly MonorepoProject[],
  services: ReadonlyMap<string, ServiceInfo>,
  holders: ReadonlySet<string>,
): LibraryInfo[] {
  const byRoot = new Map<string, LibraryInfo>();
  const packageAt = new Map(packages.map((pkg) => [pkg.dir, pkg]));
  for (const project of projects) {
    if (project.type !== "library" || services.has(project.root)) continue;
    const packageName = packageAt.get(project.root)?.name;
    byRoot.set(project.root, { name: project.name, root: project.root, ...(packageName ? { packageName } : {}), location: project.location });
  }
  const applications = new Set(projects.filter((project) => project.type === "application").map((project) => project.root));
  for (const pkg of packages) {
    if (pkg.dir === "" || byRoot.has(pkg.dir) || services.has(pkg.dir) || holders.has(pkg.dir) || applications.has(pkg.dir)) continue;
    if (roles.get(pkg.dir) !== "library") continue;
    byRoot.set(pkg.dir, { name: unscoped(pkg.name) ?? posix.basename(pkg.dir), root: pkg.dir, ...(pkg.name ? { packageName: pkg.name } : {}), location: { file: pkg.file, line: 1, column: 1 } });
  }
  const libraries = [...byRoot.values()].sort((a, b) => a.root.localeCompare(b.root));
  dedupeNames(libraries);
  return libraries;
}
