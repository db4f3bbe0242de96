import type { FileFacts, LibraryInfo, Location, ServiceInfo } from "../types.js";
import { ModuleResolver, resolveExport } from "./resolve.js";

/**
 * Which service a file belongs to, and, for a file no service owns (a library's,
 * a shared folder's), which services use it: every service one of whose files
 * imports it, directly or through other such files, with the imports that lead there.
 */

/**
 * The service each file belongs to: the one with the deepest root that holds it
 * (the first listed when two share a root). A file under a library's root belongs
 * to no service even when a service's folder holds the library's (the repository
 * root's service holds `libs/common`): the library belongs to its users.
 * Looked up by the file's own folders, deepest first, rather than by trying every
 * service on every file.
 */
export function ownersOf(services: readonly ServiceInfo[], files: Iterable<string>, libraries: readonly LibraryInfo[] = []): Record<string, string> {
  const ownerOf = ownerFinder(services, libraries);
  const owners: Record<string, string> = {};
  for (const file of files) {
    const owner = ownerOf(file);
    if (owner) owners[file] = owner;
  }
  return owners;
}

/**
 * The same lookup for one file at a time: the service that owns it, null for a library's file,
 * undefined for a file outside every service and library.
 */
export function ownerFinder(services: readonly ServiceInfo[], libraries: readonly LibraryInfo[] = []): (file: string) => string | null | undefined {
  const byRoot = new Map<string, string | null>();
  // One of several entries of a package owns its entry file; the package's other files are shared, like a library's.
  const byEntry = new Map<string, string>();
  for (const service of services) if (service.entry !== undefined) byEntry.set(service.entry, service.name);
  // So does each deployment of a package that runs some of its Moleculer services (model/moleculer-services.ts).
  for (const service of services) for (const file of service.ownedFiles ?? []) byEntry.set(file, service.name);
  for (const service of services) if ((service.entry !== undefined || service.ownedFiles !== undefined) && !byRoot.has(service.root)) byRoot.set(service.root, null);
  for (const service of services) if (!byRoot.has(service.root)) byRoot.set(service.root, service.name);
  for (const library of libraries) if (!byRoot.has(library.root)) byRoot.set(library.root, null);
  return (file) => {
    if (byEntry.size) {
      const entry = byEntry.get(file);
      if (entry !== undefined) return entry;
    }
    let owner = byRoot.get(file);
    for (let end = file.lastIndexOf("/"); owner === undefined && end > 0; end = file.lastIndexOf("/", end - 1)) owner = byRoot.get(file.slice(0, end));
    return owner === undefined ? byRoot.get("") : owner;
  };
}

/** A service that uses a file it does not own, and the imports that lead from the service to the file. */
export interface FileUser {
  service: string;
  via: Location[];
}

export interface UsersInput {
  facts: ReadonlyMap<string, FileFacts>;
  resolver: ModuleResolver;
  fileService: Readonly<Record<string, string>>;
  libraries: readonly LibraryInfo[];
  /** Files each service's runner loads besides its own (ServiceInfo.loads): used by it as if its own files imported them. */
  loads?: ReadonlyMap<string, { files: readonly string[]; location: Location }>;
}

/**
 * `usersOf(file)`: the services that use an unowned file, each with its shortest
 * import chain. A named import is followed to the file that defines the name
 * (through a barrel's re-exports), so importing `RmqModule` from `@app/common`
 * does not make a service a user of the library's database module; from there
 * every import of the library's own files is followed. A library file no import
 * reaches (schema.prisma) is used by whoever uses another file of its library.
 * Computed on the first question, once.
 */
export function fileUsers(input: UsersInput): (file: string) => readonly FileUser[] {
  let index: Map<string, FileUser[]> | undefined;
  return (file) => {
    index ??= indexUsers(input);
    return index.get(file) ?? [];
  };
}

const CODE = /\.[cm]?[jt]sx?$/;

function indexUsers({ facts, resolver, fileService, libraries, loads }: UsersInput): Map<string, FileUser[]> {
  const users = new Map<string, FileUser[]>();
  const unowned = (file: string | undefined): file is string => file !== undefined && fileService[file] === undefined && facts.has(file);
  if (![...facts.keys()].some((file) => fileService[file] === undefined)) return users;

  // Per service, breadth first from the unowned files its own files import: the first chain found is a shortest one.
  const bySeed = new Map<string, { file: string; via: Location[] }[]>();
  for (const f of facts.values()) {
    const service = fileService[f.file];
    if (service === undefined) continue;
    for (const imported of f.imports) {
      // An import the file never uses brings nothing of the library into the service.
      if (imported.unused) continue;
      const target = resolver.resolve(f.file, imported.specifier);
      if (!unowned(target)) continue;
      let entry = target;
      if (imported.imported !== "*") {
        const defined = resolveExport(facts, resolver, target, imported.imported);
        if (defined) {
          if (!unowned(defined.file)) continue;
          entry = defined.file;
        } else if (facts.get(target)!.reexports.some((reexport) => reexport.name === "*")) {
          // Not in any file the scan parsed behind the barrel: defined where there is nothing to attribute.
          continue;
        }
      }
      const seeds = bySeed.get(service) ?? [];
      seeds.push({ file: entry, via: [{ file: f.file, line: imported.line ?? 1, column: 1 }] });
      bySeed.set(service, seeds);
    }
    // A require in a branch or a function (`if (remote) store = require("../store/remote") else store = require("../store/mysql")`),
    // an `import()`: the whole module, loaded where that code runs. (Side-effect imports, `import "./tracing"`, are
    // the tracers' own question: model/tracing.ts.)
    for (const reference of f.moduleReferences ?? []) {
      if (f.bareImports?.includes(reference.specifier)) continue;
      const target = resolver.resolve(f.file, reference.specifier);
      if (!unowned(target)) continue;
      bySeed.set(service, [...(bySeed.get(service) ?? []), { file: target, via: [{ file: f.file, line: reference.line, column: 1 }] }]);
    }
  }
  for (const [service, loaded] of loads ?? []) {
    for (const file of loaded.files) if (unowned(file)) bySeed.set(service, [...(bySeed.get(service) ?? []), { file, via: [loaded.location] }]);
  }
  // Library files no import reaches (a Prisma schema), by library root.
  const libraryRoots = new Set(libraries.map((library) => library.root));
  const libraryOf = (file: string): string | undefined => {
    for (let end = file.lastIndexOf("/"); end > 0; end = file.lastIndexOf("/", end - 1)) if (libraryRoots.has(file.slice(0, end))) return file.slice(0, end);
    return undefined;
  };
  const unimported = new Map<string, string[]>();
  for (const file of facts.keys()) {
    const library = unowned(file) && !CODE.test(file) ? libraryOf(file) : undefined;
    if (library !== undefined) unimported.set(library, [...(unimported.get(library) ?? []), file]);
  }

  for (const [service, seeds] of bySeed) {
    const reached = new Map<string, Location[]>();
    const queue: { file: string; via: Location[] }[] = [];
    for (const seed of seeds) {
      if (reached.has(seed.file)) continue;
      reached.set(seed.file, seed.via);
      queue.push(seed);
    }
    for (let at = 0; at < queue.length; at++) {
      const next = queue[at]!;
      const f = facts.get(next.file)!;
      // An import is a hop of its own; a barrel's re-export passes the name on (no line of its own to show).
      const hops = [
        ...f.imports.filter((i) => !i.unused).map((i) => ({ specifier: i.specifier, line: i.line, name: i.imported })),
        ...f.reexports.map((r) => ({ specifier: r.specifier, line: undefined, name: "*" })),
        ...(f.moduleReferences ?? []).filter((r) => !f.bareImports?.includes(r.specifier)).map((r) => ({ specifier: r.specifier, line: r.line as number | undefined, name: "*" })),
      ];
      for (const hop of hops) {
        let target = resolver.resolve(next.file, hop.specifier);
        if (!unowned(target)) continue;
        // A named import inside the library brings the module that defines the name, as a service's own import does:
        // `import { ReqId } from "@app/common"` in one of its files is not the whole barrel (its database module among it).
        if (hop.name !== "*") {
          const defined = resolveExport(facts, resolver, target, hop.name);
          if (defined) {
            if (!unowned(defined.file)) continue;
            target = defined.file;
          } else if (facts.get(target)!.reexports.some((reexport) => reexport.name === "*")) continue;
        }
        if (reached.has(target)) continue;
        const via = hop.line === undefined ? next.via : [...next.via, { file: next.file, line: hop.line, column: 1 }];
        reached.set(target, via);
        queue.push({ file: target, via });
      }
    }
    if (unimported.size) {
      const byLibrary = new Map<string, Location[]>();
      for (const [file, via] of reached) {
        const library = libraryOf(file);
        if (library !== undefined && unimported.has(library) && (byLibrary.get(library)?.length ?? Infinity) > via.length) byLibrary.set(library, via);
      }
      for (const [library, via] of byLibrary) for (const file of unimported.get(library)!) if (!reached.has(file)) reached.set(file, via);
    }
    for (const [file, via] of reached) {
      const list = users.get(file) ?? [];
      list.push({ service, via });
      users.set(file, list);
    }
  }
  return users;
}

/**
 * For each service owning the files of a program that other compose entries run alike (ServiceInfo.replicated), those
 * others, each with its compose entry as the evidence: they borrow every file the owner has.
 */
export function replicasOf(services: readonly ServiceInfo[], fileService: Readonly<Record<string, string>>): Map<string, FileUser[]> {
  const result = new Map<string, FileUser[]>();
  const groups = new Map<string, ServiceInfo[]>();
  for (const service of services) if (service.replicated) groups.set(service.root, [...(groups.get(service.root) ?? []), service]);
  if (!groups.size) return result;
  const owners = new Set(Object.values(fileService));
  for (const group of groups.values()) {
    const owner = group.find((service) => owners.has(service.name));
    if (owner) result.set(owner.name, group.filter((service) => service !== owner).map((service) => ({ service: service.name, via: [service.location] })));
  }
  return result;
}

/**
 * `borrowersOf(file)`: the other services whose own files import a file that one service owns
 * (a single package whose entries deploy as several services: the orders entry imports the
 * gateway's `src/lib/db.ts`). Importing it opens what it opens, so its connection is the
 * importer's too. Direct imports only (a named import followed to the module that defines the
 * name), each with the import as its evidence. Computed on the first question, once.
 */
export function fileBorrowers({ facts, resolver, fileService, replicas }: Omit<UsersInput, "libraries"> & { replicas?: ReadonlyMap<string, readonly FileUser[]> }): (file: string) => readonly FileUser[] {
  let index: Map<string, FileUser[]> | undefined;
  const build = (): Map<string, FileUser[]> => {
    const borrowers = new Map<string, FileUser[]>();
    // The other replicas of a program (ServiceInfo.replicated) run every file of it that the first owns.
    if (replicas?.size) {
      for (const file of facts.keys()) {
        const others = replicas.get(fileService[file] ?? "");
        if (others?.length) borrowers.set(file, [...others]);
      }
    }
    for (const f of facts.values()) {
      const service = fileService[f.file];
      if (service === undefined) continue;
      for (const imported of f.imports) {
        if (imported.unused || !imported.specifier.startsWith(".")) continue;
        let target = resolver.resolve(f.file, imported.specifier);
        if (target === undefined || !facts.has(target)) continue;
        if (imported.imported !== "*" && imported.imported !== "default") target = resolveExport(facts, resolver, target, imported.imported)?.file ?? target;
        const owner = fileService[target];
        if (owner === undefined || owner === service) continue;
        const list = borrowers.get(target) ?? [];
        if (list.some((user) => user.service === service)) continue;
        list.push({ service, via: [{ file: f.file, line: imported.line ?? 1, column: 1 }] });
        borrowers.set(target, list);
      }
    }
    return borrowers;
  };
  return (file) => {
    index ??= build();
    return index.get(file) ?? [];
  };
}
