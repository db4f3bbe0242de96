import type { FileFacts, LibraryInfo, ModelImport, ServiceInfo } from "../types.js";
import { ownerFinder } from "./ownership.js";
import type { ModuleResolver } from "./resolve.js";

/**
 * Imports by one service's code of a file in another service's folder. The imported file is
 * looked up among all the scan's source files, parsed or not (a plain types or helpers file has
 * nothing to extract, yet importing it couples the two builds all the same).
 *
 * Not counted:
 * - a file of a library (a package or project that runs nothing): sharing through one is the fix;
 * - test code (a test may drive another service's code on purpose; it ships in no image);
 * - two services of one package, one of whose folders holds the other's (a package whose entries
 *   deploy as several services): it shares its own code by design, nothing there is built apart.
 *   A service whose folder is inside another's but which is a package of its own (a workspace
 *   under the gateway's `src/services/`) is judged like any other;
 * - two services of one Encore.ts app (each a folder with an encore.service.ts, under the app's one package.json): Encore
 *   builds the app as one, and its services subscribe to each other's topics by importing them;
 * - type-only imports (`import type`): erased from the build's output, they are not even recorded.
 *
 * A file in no service's and no library's folder (a `verifyAuth.js` at the repository's top that two services require)
 * is followed: what it imports from a service's folder, itself or through other such files, the importing service
 * builds with too, so an import of it that leads into another service's folder counts, said with the file it went through.
 */

export interface CrossImportsInput {
  facts: ReadonlyMap<string, FileFacts>;
  resolver: ModuleResolver;
  services: readonly ServiceInfo[];
  libraries: readonly LibraryInfo[];
  fileService: Readonly<Record<string, string>>;
  /** Folders that hold a package.json (workspace members, each service's own package). */
  packageDirs: readonly string[];
}

export const TEST_FILE = /(^|\/)(__tests__|__mocks__|tests?|e2e|specs?)\/|\.(test|spec|e2e-spec|e2e)\.[cm]?[jt]sx?$/;

export function buildCrossImports({ facts, resolver, services, libraries, fileService, packageDirs }: CrossImportsInput): ModelImport[] {
  if (services.length < 2) return [];
  const ownerOf = ownerFinder(services, libraries);
  const byName = new Map(services.map((service) => [service.name, service]));
  const packageOf = nearestPackage(packageDirs);
  const found: ModelImport[] = [];
  const reachOfLoose = new Map<string, string[]>();
  for (const f of facts.values()) {
    const service = fileService[f.file];
    if (service === undefined || (!f.imports.length && !f.moduleReferences) || TEST_FILE.test(f.file)) continue;
    const root = byName.get(service)!.root;
    const seen = new Set<string>();
    for (const imported of f.moduleReferences ? [...f.imports, ...f.moduleReferences] : f.imports) {
      const target = resolver.resolve(f.file, imported.specifier);
      if (target === undefined || seen.has(target)) continue;
      const owner = ownerOf(target);
      const reached = owner === undefined ? looseReach(target).map((file) => ({ file, owner: ownerOf(file)! })) : owner ? [{ file: target, owner }] : [];
      for (const { file, owner: targetService } of reached) {
        if (targetService === service || seen.has(file)) continue;
        const other = byName.get(targetService)!;
        if (nested(root, other.root) && packageOf(root) === packageOf(other.root)) continue;
        // Services of one Encore app are built as one from its one package, and reach each other's topics and types by import.
        if (sameEncoreApp(byName.get(service)!, other, packageOf)) continue;
        seen.add(file);
        found.push({
          service,
          location: { file: f.file, line: imported.line ?? 1, column: 1 },
          specifier: imported.specifier,
          target: file,
          targetService,
          via: viaOf(imported.specifier, other),
          ...(file !== target ? { through: target } : {}),
        });
      }
    }
  }
  return found;

  /** The services' files a file outside every service and library leads to, itself or through other such files (test files left out). */
  function looseReach(start: string): string[] {
    const known = reachOfLoose.get(start);
    if (known) return known;
    const out: string[] = [];
    const visited = new Set([start]);
    const queue = [start];
    while (queue.length && visited.size <= MAX_LOOSE_FILES) {
      const file = queue.shift()!;
      const fileFacts = facts.get(file);
      if (!fileFacts || TEST_FILE.test(file)) continue;
      for (const imported of fileFacts.imports) {
        const next = resolver.resolve(file, imported.specifier);
        if (next === undefined || visited.has(next)) continue;
        visited.add(next);
        const owner = ownerOf(next);
        if (owner === undefined) queue.push(next);
        else if (owner && !TEST_FILE.test(next)) out.push(next);
      }
    }
    reachOfLoose.set(start, out);
    return out;
  }
}

/** How many shared files outside the services one import is followed through, at most. */
const MAX_LOOSE_FILES = 50;

/** Does one of the two folders hold the other (or are they the same)? */
function nested(a: string, b: string): boolean {
  return a === b || a === "" || b === "" || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/** The folder of the package a folder is part of: the deepest package folder that holds it. */
function nearestPackage(packageDirs: readonly string[]): (folder: string) => string | undefined {
  const dirs = new Set(packageDirs);
  return (folder) => {
    for (let at = folder; ; at = at.slice(0, Math.max(0, at.lastIndexOf("/")))) {
      if (dirs.has(at)) return at;
      if (at === "") return undefined;
    }
  };
}

function viaOf(specifier: string, target: ServiceInfo): ModelImport["via"] {
  if (specifier.startsWith(".")) return "relative";
  const name = target.packageName;
  return name && (specifier === name || specifier.startsWith(`${name}/`)) ? "package" : "alias";
}

function sameEncoreApp(one: ServiceInfo, other: ServiceInfo, packageOf: (dir: string) => string | undefined): boolean {
  return one.sources.includes("encore") && other.sources.includes("encore") && packageOf(one.root) === packageOf(other.root);
}
