import { NOT_HOOKED, TRACING_MODULE } from "../extract/tracing.js";
import type { Location, ModelTracer } from "../types.js";
import type { Ctx } from "./context.js";

/**
 * The tracing SDKs each service loads in its code (extract/tracing.ts): from its own files, and from a library's
 * files for every service that imports them (with the imports that lead there). A module imported only for its
 * side effect (`import "@acme/observability"`, `import "./tracing"`) is followed to the files it resolves to, as
 * such an import brings no name the import graph of the model follows.
 */
export function buildTracers(ctx: Ctx): ModelTracer[] {
  const tracers: ModelTracer[] = [];
  const loadsApp = new Map<string, string | null>();
  /** The tracer, with the app module its load site loads first (see ModelTracer.after). */
  let importers: Map<string, Location[]> | undefined;
  const withOrder = (tracer: ModelTracer): ModelTracer => {
    const site = tracer.via?.[0] ?? tracer.location;
    importers ??= importersOf(ctx);
    const after = appLoadedBefore(ctx, site.file, site.line, loadsApp) ?? loadedLate(ctx, site.file, importers, loadsApp, 0, new Set([site.file]));
    const unimported = !importers.has(site.file);
    return after || unimported ? { ...tracer, ...(after ? { after } : {}), ...(unimported ? { unimported: true as const } : {}) } : tracer;
  };
  for (const f of ctx.facts.values()) {
    if (!f.tracing) continue;
    const owner = ctx.fileService[f.file];
    const users = owner !== undefined ? [{ service: owner, via: [] as Location[] }] : ctx.usersOf(f.file);
    for (const user of users) {
      for (const { module, line } of f.tracing) {
        tracers.push(withOrder({ service: user.service, module, location: { file: f.file, line, column: 1 }, ...(user.via.length ? { via: user.via } : {}) }));
        if (owner === undefined || TRACING_MODULE.test(module)) continue;
        const behind = tracerBehind(ctx, f.file, module, 0);
        if (behind) tracers.push(withOrder({ service: owner, module: behind.module, location: behind.location, via: [{ file: f.file, line, column: 1 }, ...behind.via] }));
      }
    }
  }
  return tracers;
}

/**
 * Modules a tracer must load before: servers and the HTTP stack its instrumentations patch when they are required.
 * A module loaded earlier keeps its unpatched code, so the spans of the requests it serves are never made.
 */
const APP_MODULE = /^(express|fastify|koa|koa-router|@koa\/router|@nestjs\/core|@nestjs\/platform-express|@nestjs\/platform-fastify|@hapi\/hapi|hapi|restify|hono|@hono\/node-server|@apollo\/server|apollo-server(-[\w-]+)?|@grpc\/grpc-js|socket\.io|moleculer|@feathersjs\/feathers|(node:)?(http|https|http2))$/;

/**
 * The first application module `file` loads before `line`: a server framework or the HTTP stack by name, else a
 * module of the project that loads one (`import { app } from "./app"` before `import "./tracing"`), two levels deep.
 */
function appLoadedBefore(ctx: Ctx, file: string, line: number, cache: Map<string, string | null>): { module: string; location: Location } | undefined {
  const f = ctx.facts.get(file);
  if (!f) return undefined;
  const earlier = f.imports.filter((imported) => imported.line !== undefined && imported.line < line && !imported.unused);
  const framework = earlier.find((imported) => APP_MODULE.test(imported.specifier));
  if (framework) return { module: framework.specifier, location: { file, line: framework.line!, column: 1 } };
  for (const imported of earlier) {
    if (!imported.specifier.startsWith(".")) continue;
    const target = ctx.resolver.resolve(file, imported.specifier);
    if (target && target !== file && appModuleOf(ctx, target, cache, 0)) return { module: imported.specifier, location: { file, line: imported.line!, column: 1 } };
  }
  return undefined;
}

/** Where each project file is imported from: the importing file and the import's line. */
function importersOf(ctx: Ctx): Map<string, Location[]> {
  const out = new Map<string, Location[]>();
  for (const f of ctx.facts.values()) {
    for (const imported of f.imports) {
      if (imported.unused || imported.line === undefined || !imported.specifier.startsWith(".")) continue;
      const target = ctx.resolver.resolve(f.file, imported.specifier);
      if (!target || target === f.file) continue;
      const list = out.get(target);
      const at = { file: f.file, line: imported.line, column: 1 };
      if (list) list.push(at);
      else out.set(target, [at]);
    }
    // `import "./boot"`: a side-effect import, whose line is not kept (line 0: where it loads is not known); `import("./boot")`
    // and a require the imports do not list load it too, from a place not judged here either.
    for (const specifier of [...(f.bareImports ?? []), ...(f.moduleReferences ?? []).map((reference) => reference.specifier)]) {
      if (!specifier.startsWith(".")) continue;
      const target = ctx.resolver.resolve(f.file, specifier);
      if (target && target !== f.file) out.set(target, [...(out.get(target) ?? []), { file: f.file, line: 0, column: 1 }]);
    }
  }
  return out;
}

/**
 * The application module loaded before `file` itself is: the tracer's file (`middleware/feed.js` importing the tracing
 * set-up first) is loaded by a module that imported `express` first (`index.js`: express, then `./middleware/feed.js`).
 * A module is loaded once, by its first importer, which this cannot tell: it is late only when every module importing
 * it loads the app first (itself, or through its own importers, up to three levels); a file nothing imports (the
 * entry) loads nothing before it, nor does one a side-effect import loads (`import "./boot"`, whose line is not kept).
 */
function loadedLate(ctx: Ctx, file: string, importers: ReadonlyMap<string, Location[]>, cache: Map<string, string | null>, depth: number, seen: Set<string>): { module: string; location: Location } | undefined {
  const by = importers.get(file)?.filter((at) => !seen.has(at.file));
  if (!by?.length || depth > 2) return undefined;
  let first: { module: string; location: Location } | undefined;
  for (const at of by) {
    // Loaded by a side-effect import at a line not known: it may come before the app, so it is not judged late.
    if (at.line === 0) return undefined;
    const after = appLoadedBefore(ctx, at.file, at.line, cache) ?? loadedLate(ctx, at.file, importers, cache, depth + 1, new Set([...seen, at.file]));
    if (!after) return undefined;
    first ??= after;
  }
  return first;
}

/** Does the project module load a server framework or the HTTP stack, itself or through the project modules it imports (two levels)? */
function appModuleOf(ctx: Ctx, file: string, cache: Map<string, string | null>, depth: number): boolean {
  const known = cache.get(file);
  if (known !== undefined) return known !== null;
  cache.set(file, null);
  const f = ctx.facts.get(file);
  let found: string | undefined;
  for (const imported of f?.imports ?? []) {
    if (imported.unused) continue;
    if (APP_MODULE.test(imported.specifier)) found = imported.specifier;
    else if (depth < 2 && imported.specifier.startsWith(".")) {
      const target = ctx.resolver.resolve(file, imported.specifier);
      if (target && appModuleOf(ctx, target, cache, depth + 1)) found = imported.specifier;
    }
    if (found) break;
  }
  cache.set(file, found ?? null);
  return found !== undefined;
}

/** A known tracer the module loads, at most three side-effect imports away. */
function tracerBehind(ctx: Ctx, file: string, module: string, depth: number): { module: string; location: Location; via: Location[] } | undefined {
  const target = ctx.resolver.resolve(file, module);
  const facts = target ? ctx.facts.get(target) : undefined;
  if (!facts?.tracing || depth > 2) return undefined;
  // The tracer that hooks module loading when the file loads several (sdk-node beside sdk-trace-base's span processor):
  // it is the one whose load order matters.
  const known = facts.tracing.filter(({ module: inner }) => TRACING_MODULE.test(inner));
  const hooked = known.filter(({ module: inner }) => !NOT_HOOKED.test(inner));
  // The SDK or an agent that starts tracing over a single instrumentation it is given.
  const chosen = hooked.find(({ module: inner }) => !inner.startsWith("@opentelemetry/instrumentation")) ?? hooked[0] ?? known[0];
  if (chosen) return { module: chosen.module, location: { file: facts.file, line: chosen.line, column: 1 }, via: [] };
  for (const { module: inner, line } of facts.tracing) {
    const found = tracerBehind(ctx, facts.file, inner, depth + 1);
    if (found) return { ...found, via: [{ file: facts.file, line, column: 1 }, ...found.via] };
  }
  return undefined;
}
