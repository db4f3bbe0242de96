import { posix } from "node:path";
import type { FileFacts, ServiceInfo } from "../types.js";
import type { Ctx } from "./context.js";

/**
 * Routers a file exports for another module to mount (`export { router as uploadRouter }`, a plugin function
 * `module.exports = fp(paymentsPlugin)`, a NestJS controller class a module lists) in a file that nothing loads: no file of the scan imports, requires or
 * re-exports it (its one import commented out, `// app.use(uploadRouter)`), it listens on no port, and no start
 * command of its service runs it. Such a router is never mounted, so its routes are not served.
 *
 * A module may also be loaded by a path built at run time (`require(path.join(dir, file))` over a folder, a loader
 * package such as require-all or consign): in a service whose code does that anywhere, or that uses a library that
 * does, every file may be loaded, and nothing is left out. Apps the file makes and starts (or hands to a serverless
 * adapter) are not exported routers, and stay. Returns the routers' node keys (`file#ownerId`).
 */
export function unloadedRouters(ctx: Ctx): Set<string> {
  return routersNotImported(ctx).unloaded;
}

/**
 * The exported routers no file imports, in two kinds: those nothing loads (`unloaded`, as above) and those a path built
 * at run time may load (`runTime`: their service, or a library it uses, loads modules that way), by node key.
 */
export function routersNotImported(ctx: Ctx): { unloaded: Set<string>; runTime: Set<string>; runTimeOnly: (file: string) => boolean; runs: (file: string) => boolean } {
  const candidates: FileFacts[] = [];
  for (const f of ctx.facts.values()) {
    if (f.routes.length && !f.listens?.length && ctx.fileService[f.file] !== undefined && (exportsAnOwner(f) || classHeldOwners(f).size || exportsNothing(f))) candidates.push(f);
  }
  const unloaded = new Set<string>();
  const runTime = new Set<string>();
  // Resolving every import is left until a question needs it: it also records the imports that reach no file.
  let loadedOnce: ReturnType<typeof loadedFiles> | undefined;
  const runTimeLoaders = servicesLoadingAtRunTime(ctx);
  const loadsAtRunTime = (service: string) => runTimeLoaders === "all" || runTimeLoaders.has(service);
  const isLoaded = (file: string): boolean => (loadedOnce ??= loadedFiles(ctx, loadsAtRunTime)).has(file);
  // A file of a service that loads modules by paths built at run time, which no file imports by name.
  const runTimeOnly = (file: string): boolean => {
    const service = ctx.fileService[file];
    return service !== undefined && (runTimeLoaders === "all" || runTimeLoaders.has(service)) && !isLoaded(file) && !startedBy(ctx.serviceByName.get(service), file);
  };
  // Whether a file's code runs at all (see loadedFiles); any file of a service that loads modules at run time may.
  const runs = (file: string): boolean => {
    const service = ctx.fileService[file];
    return service === undefined || loadsAtRunTime(service) || (loadedOnce ??= loadedFiles(ctx, loadsAtRunTime)).runs(file);
  };
  if (!candidates.length) return { unloaded, runTime, runTimeOnly, runs };
  const listingModules = servicesListingControllers(ctx);
  let reach: ReturnType<typeof runTimeReach> | undefined;
  for (const f of candidates) {
    const service = ctx.fileService[f.file]!;
    if (isLoaded(f.file) || startedBy(ctx.serviceByName.get(service), f.file)) continue;
    if (runTimeLoaders === "all" || (runTimeLoaders.has(service) && (reach ??= runTimeReach(ctx)).mayLoad(service, f.file))) {
      // Also the router an exported class holds (`export default class extends BaseRouter { router = Router() }`), which
      // the loader makes an instance of.
      const exported = new Set([...Object.values(f.exports), ...classHeldOwners(f)]);
      for (const route of f.routes) if (exported.has(ownerOf(route))) runTime.add(`${f.file}#${ownerOf(route)}`);
      continue;
    }
    const orphan = exportsNothing(f);
    // Also the router an exported class holds (`export class CrudRouter { router = Router() }`): a file nothing loads
    // makes no instance of it.
    const held = classHeldOwners(f);
    if (!exportsAnOwner(f) && !orphan && !held.size) continue;
    const exported = new Set([...Object.values(f.exports), ...held]);
    for (const route of f.routes) {
      const owner = ownerOf(route);
      if ((!orphan && !exported.has(owner)) || !IMPORTED_TO_SERVE.has(route.framework)) continue;
      // A Nest controller is served when a module lists it: judged only in a service whose modules list controllers.
      if (route.framework === "nest" && !listingModules.has(service)) continue;
      unloaded.add(`${f.file}#${owner}`);
    }
  }
  return { unloaded, runTime, runTimeOnly, runs };
}

/**
 * Frameworks whose routers serve only once code imports and mounts them. Not tsoa (its controllers are found by the
 * globs of tsoa.json), routing-controllers (a folder glob), inversify or hapi (left alone: other loading conventions).
 */
const IMPORTED_TO_SERVE: ReadonlySet<string> = new Set(["express", "fastify", "koa", "hono", "restify", "nest"]);

/** The services some of whose NestJS modules list controllers (`@Module({ controllers: [...] })`). */
function servicesListingControllers(ctx: Ctx): Set<string> {
  const services = new Set<string>();
  for (const f of ctx.facts.values()) {
    const service = ctx.fileService[f.file];
    if (service !== undefined && Object.values(f.nest.moduleControllers ?? {}).some((list) => list.length)) services.add(service);
  }
  return services;
}

/** What holds the route: its router or plugin function; a NestJS route's controller class (which a module must import to list it). */
export function ownerOf(route: FileFacts["routes"][number]): string {
  return route.framework === "nest" && route.controller ? `class:${route.controller}` : route.owner;
}

/** The routers the file's exported classes hold in a field (FileFacts.classFields). */
function classHeldOwners(f: FileFacts): Set<string> {
  const owners = new Set<string>();
  if (!f.classFields) return owners;
  const exported = new Set(Object.values(f.exports));
  for (const [key, owner] of Object.entries(f.classFields)) if (exported.has(`class:${key.slice(0, key.indexOf("."))}`)) owners.add(owner);
  return owners;
}

/**
 * A file that exports nothing and re-exports nothing (`const router = express(); router.get(…)` left unfinished, never
 * exported nor listened on): what it registers routes on is no other module's to mount, so unless something loads the
 * file or starts it, they are not served either.
 */
function exportsNothing(f: FileFacts): boolean {
  return Object.keys(f.exports).length === 0 && !f.reexports.length;
}

function exportsAnOwner(f: FileFacts): boolean {
  const exported = new Set(Object.values(f.exports));
  return f.routes.some((route) => exported.has(ownerOf(route)));
}

/**
 * Every file some file of the scan that runs imports, requires, re-exports or names in a `require("…")` or `import("…")`. A
 * specifier that resolves to no file (an alias of a bundler or `NODE_PATH`, `require("routes/upload")`) is taken to
 * load every file whose path ends like it: the resolver not knowing a path is no proof that nothing loads the file.
 */
function loadedFiles(ctx: Ctx, loadsAtRunTime: (service: string) => boolean): { has(file: string): boolean; runs(file: string): boolean } {
  const importers = new Map<string, string[]>();
  const tails: string[] = [];
  const add = (from: string, specifier: string) => {
    const target = ctx.resolver.resolve(from, specifier);
    if (target !== undefined) {
      if (target !== from) {
        const list = importers.get(target);
        if (list) list.push(from);
        else importers.set(target, [from]);
      }
      return;
    }
    const relative = specifier.startsWith(".") ? posix.join(posix.dirname(from), specifier) : specifier.replace(/^(~|@|#)\//, "");
    // A package's name (`express`, `@nestjs/core`) names no file of the scan: only paths with a folder in them are kept.
    if (relative.includes("/") && !/^@[^/]+\/[^/]+$/.test(relative)) tails.push(`/${stemOf(relative)}`);
  };
  for (const f of ctx.facts.values()) {
    for (const i of f.imports) add(f.file, i.specifier);
    for (const specifier of f.bareImports ?? []) add(f.file, specifier);
    for (const r of f.reexports) add(f.file, r.specifier);
    for (const r of f.moduleReferences ?? []) add(f.file, r.specifier);
  }
  // Whether a file runs at all, so that what it imports is loaded: a module that only exports (`module.exports =
  // router`), that nothing running imports, that listens on nothing and that no start command names (a router index whose
  // one import in the app is commented out) loads nothing either. Files in doubt run: scripts that export nothing (run
  // by hand), entries by their name at the top of a service, files outside any service or of a service that loads
  // modules by paths built at run time, and cycles of modules.
  const running = new Map<string, boolean>();
  const runs = (file: string): boolean => {
    const known = running.get(file);
    if (known !== undefined) return known;
    running.set(file, true);
    const f = ctx.facts.get(file);
    const service = ctx.fileService[file];
    const inDoubt = !f || service === undefined || loadsAtRunTime(service) || f.listens?.length || exportsNothing(f) || topEntry(ctx.serviceByName.get(service), file) || tails.some((tail) => `/${stemOf(file)}`.endsWith(tail) || `/${stemOf(file)}`.endsWith(`${tail}/index`));
    const result = !!inDoubt || (importers.get(file) ?? []).some((from) => from !== file && runs(from));
    running.set(file, result);
    return result;
  };
  return {
    runs,
    has: (file) => (importers.get(file) ?? []).some(runs) || tails.some((tail) => `/${stemOf(file)}`.endsWith(tail) || `/${stemOf(file)}`.endsWith(`${tail}/index`)),
  };
}

/** Folders a service's entry sits in by habit, below its root: what `node index.js` or a platform (Vercel's `api/`, Netlify's functions) starts without naming it. */
const ENTRY_FOLDERS = new Set(["", "src", "app", "server", "lib", "dist", "build", "bin", "source", "api", "functions", "netlify/functions", "lambda", "handlers"]);

/** A file a start command names, or one named as entries are at the top of its service (`index.js`, `src/server.ts`), not deeper (`routes/index.js`). */
function topEntry(service: ServiceInfo | undefined, file: string): boolean {
  if (!service) return false;
  const inRoot = service.root === "" ? file : file.startsWith(`${service.root}/`) ? file.slice(service.root.length + 1) : undefined;
  if (inRoot === undefined) return true;
  const folder = posix.dirname(inRoot);
  if (ENTRY_STEMS.test(posix.basename(file).replace(/\.[cm]?[jt]sx?$/, ""))) return ENTRY_FOLDERS.has(folder === "." ? "" : folder);
  return startedBy(service, file);
}

/** A path without its source extension: `src/routes/upload.ts` → `src/routes/upload`. */
function stemOf(path: string): string {
  return path.replace(/\.[cm]?[jt]sx?$/, "");
}

/** Packages that load a folder's modules by their file names: require-all, require-directory, consign, a glob… */
const LOADER_PACKAGE = /^(require-(all|dir|directory|glob|tree)|glob|fast-glob|globby|tiny-glob|consign|express-load|auto-load|express-enrouten|express-routemagic|express-file-routing|@fastify\/autoload|fastify-autoload|koa-router-loader|koa-autoload|directory-import|import-modules)$/;

/** A file that loads a folder's modules through a loader package or an autoload, whatever folders its own paths name. */
function loadsByName(f: FileFacts): boolean {
  return f.autoloads.length > 0 || f.imports.some((i) => LOADER_PACKAGE.test(i.specifier));
}

/** The services some of whose code loads modules by a path built at run time; "all" when a library's code does. */
function servicesLoadingAtRunTime(ctx: Ctx): Set<string> | "all" {
  const services = new Set<string>();
  for (const f of ctx.facts.values()) {
    if (f.loadsAtRunTime === undefined && !loadsByName(f)) continue;
    const service = ctx.fileService[f.file];
    if (service === undefined) return "all";
    services.add(service);
  }
  return services;
}

/**
 * Which files a service's loads by run-time paths can reach: those in the folders the paths name, at least as many
 * names below as the path adds (`path.join(__dirname, version, file)` in routers/index.ts reaches routers/v1/users.ts,
 * not a base router routers/crud.ts beside it). A service with a load whose path names no folder, a loader package or
 * autoload may load any of its files.
 */
function runTimeReach(ctx: Ctx): { mayLoad: (service: string, file: string) => boolean } {
  const folders = new Map<string, { dir: string; depth: number }[] | "any">();
  for (const f of ctx.facts.values()) {
    const service = ctx.fileService[f.file];
    const byName = loadsByName(f);
    if (service === undefined || (f.loadsAtRunTime === undefined && !byName)) continue;
    const known = folders.get(service);
    if (known === "any") continue;
    const loads = f.runTimeFolders ?? [];
    if (byName || !loads.length || loads.some((load) => load === null)) {
      folders.set(service, "any");
      continue;
    }
    const here = posix.dirname(f.file);
    folders.set(service, [...(known ?? []), ...loads.map((load) => ({ dir: posix.normalize(posix.join(here, load!.folder)), depth: load!.depth }))]);
  }
  return {
    mayLoad: (service, file) => {
      const known = folders.get(service);
      if (known === undefined || known === "any") return true;
      return known.some(({ dir, depth }) => {
        const below = dir === "." ? file : file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : undefined;
        return below !== undefined && below.split("/").length >= depth;
      });
    },
  };
}

/** Names of files a platform or a package's `main` starts without a command naming them (`export default app` in `src/index.ts` for wrangler or Bun). */
const ENTRY_STEMS = /^(index|main|server|app|worker|handler|lambda|functions?|entry|start|bootstrap)$/i;

/** A start command of the service names the file (`fastify start app.js`, `node dist/routes/index.js` for `src/routes/index.ts`), or its name is an entry's. */
function startedBy(service: ServiceInfo | undefined, file: string): boolean {
  if (!service) return false;
  const stem = (path: string) => posix.basename(path).replace(/\.[cm]?[jt]sx?$/, "");
  const own = stem(file);
  if (ENTRY_STEMS.test(own)) return true;
  if (service.entry && stem(service.entry) === own) return true;
  return (service.starts ?? []).some((start) => start.command.split(/[\s'"=]+/).some((word) => /[\w-]/.test(word) && stem(word) === own));
}
