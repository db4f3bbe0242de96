import { posix } from "node:path";
import type { ComposeService } from "../discover/compose.js";
import type { ArchModel, FileFacts, HttpCallFact, LibraryInfo, Framework, LiteralHost, Location, MiddlewareStep, ModelCall, ModelEdge, ModelRoute, ProtoService, ServiceInfo, Value } from "../types.js";
import type { Ctx } from "./context.js";
import { buildDatastores } from "./datastores.js";
import { fileBorrowers, fileUsers, ownersOf } from "./ownership.js";
import { ModuleResolver, resolveExport } from "./resolve.js";
import { lookupConstant, redact, renderValue, UNRESOLVED, type Rendered } from "./values.js";
import { literalHostOf } from "./literal-hosts.js";
import { buildTracers } from "./tracing.js";
import { buildTopics } from "./topics.js";
import { buildGrpcCalls } from "./grpc.js";
import { buildCrossImports } from "./cross-imports.js";
import { markBreakers } from "./guards.js";
import { breakerRoots } from "./breaker-roots.js";
import { buildBrokers } from "./brokers.js";
import { inheritedMethod } from "./inheritance.js";
import { buildArgumentCalls } from "./argument-calls.js";
import { buildFlowCalls } from "./value-flow.js";

/**
 * Joins per-file facts into the architecture model: which service owns
 * which routes (with mount prefixes followed across files), which call
 * reaches which service and route (URLs resolved through env), which
 * datastore each service connects to, which tables and topics it touches.
 */

export interface ModelInput {
  services: ServiceInfo[];
  /** Packages that run nothing themselves; defaults to none. */
  libraries?: LibraryInfo[];
  /** Every docker compose entry (datastore containers too): the host aliases of one container; defaults to none. */
  compose?: readonly ComposeService[];
  facts: ReadonlyMap<string, FileFacts>;
  resolver: ModuleResolver;
  /** Env that applies to every service (root .env, config `env`). */
  globalEnv: Record<string, string>;
  /** Folders holding a package.json, for the imports between one package's own entries; defaults to none. */
  packageDirs?: readonly string[];
  /** The gRPC services of the .proto files; defaults to none. */
  protos?: readonly ProtoService[];
  filesParsed: number;
  filesUnparsed?: number;
  filesSkipped: number;
}

const URL_SUFFIXES = ["_SERVICE_BASE_URL", "_SERVICE_URL", "_BASE_URL", "_API_URL", "_URL", "_HOST", "_SERVICE_HOST", "_ENDPOINT", "_ADDR"];

export function buildModel(input: ModelInput): ArchModel {
  const { services, facts, resolver } = input;
  const libraries = input.libraries ?? [];
  const fileService = ownersOf(services, facts.keys(), libraries);
  const serviceByName = new Map(services.map((s) => [s.name, s]));
  // One merged env per service: asked for once per file and per value rendered.
  const envs = new Map<string | undefined, Record<string, string>>();
  const envService = new Map<Record<string, string>, string>();
  const envOf = (service: string | undefined): Record<string, string> => {
    let env = envs.get(service);
    if (!env) {
      env = { ...input.globalEnv, ...(service ? serviceByName.get(service)?.env : {}) };
      envs.set(service, env);
      if (service) envService.set(env, service);
    }
    return env;
  };
  const sourceOf = (name: string, env: Record<string, string>): string | undefined => {
    const service = envService.get(env);
    return service ? serviceByName.get(service)?.envSources[name] : undefined;
  };
  const usersOf = fileUsers({ facts, resolver, fileService, libraries });
  const ctx: Ctx = {
    facts,
    resolver,
    fileService,
    envOf,
    services,
    serviceByName,
    hosts: indexHosts(services),
    sourceOf,
    importedRefs: new Map(),
    libraries,
    usersOf,
    borrowersOf: fileBorrowers({ facts, resolver, fileService }),
    compose: input.compose ?? [],
  };
  const guardEdges: ModelEdge[] = [];
  const routes = buildRoutes(ctx, guardEdges);
  const edges = buildEdges(ctx);
  for (const edge of guardEdges) (edges[edge.from] ??= []).push(edge);
  const breakers = breakerRoots({ facts, resolve: (file, ref, className) => resolveRef(ctx, file, ref, className) });
  for (const edge of breakers.edges) (edges[edge.from] ??= []).push(edge);
  const calls = buildCalls(ctx, routes);
  calls.push(
    ...buildArgumentCalls(
      {
        facts,
        fileService,
        resolveCallee: (file, callee) => resolveRef(ctx, file, callee, callee.className),
        resolveUrl: (file, service, url, method) => {
          const rendered = renderValue(ctx, file, url, envOf(service));
          return { url: redact(rendered.text), ...resolveTarget(ctx, service, rendered, method, routes) };
        },
        locationKey,
      },
      calls,
    ),
  );
  const flow = buildFlowCalls({
    facts,
    fileService,
    resolveCallee: (file, callee) => resolveRef(ctx, file, callee, callee.className),
    resolveModule: (file, specifier) => resolver.resolve(file, specifier),
    resolveUrl: (file, service, url, method) => {
      const rendered = renderValue(ctx, file, url, envOf(service || undefined));
      return { url: redact(rendered.text), ...resolveTarget(ctx, service, rendered, method, routes) };
    },
    literalHost: (file, url) => literalHostOf(ctx, file, url),
    locationKey,
  });
  mergeCalls(calls, flow.calls);
  const datastores = buildDatastores(ctx);
  const tables: ArchModel["tables"] = [];
  for (const f of facts.values()) {
    if (!f.tables.length) continue;
    const owner = fileService[f.file];
    // A library's queries (and migrations) are made by every service that imports it.
    for (const service of owner !== undefined ? [owner] : ctx.usersOf(f.file).map((user) => user.service)) {
      for (const t of f.tables) tables.push({ service, table: t.table, access: t.access, migration: t.migration, location: t.location });
    }
  }
  const writes: NonNullable<ArchModel["writes"]> = [];
  for (const f of facts.values()) {
    if (!f.writes?.length) continue;
    const owner = fileService[f.file];
    // A library's repository writes for every service that imports it.
    for (const service of owner !== undefined ? [owner] : ctx.usersOf(f.file).map((user) => user.service)) {
      for (const w of f.writes) writes.push({ service, ...w, inFunction: `${f.file}#${w.inFunction}` });
    }
  }
  const allTopics = buildTopics({
    facts,
    fileService,
    resolver,
    render: (file, value) => renderValue(ctx, file, value, envOf(fileService[file])),
    resolveHandler: (file, ref) => resolveRef(ctx, file, ref, undefined),
  });
  const grpc = buildGrpcCalls({
    topics: allTopics,
    facts,
    services,
    fileService,
    protos: input.protos ?? [],
    resolver,
    render: (file, value) => renderValue(ctx, file, value, envOf(fileService[file])).text,
    resolveAddress: (file, service, address) => resolveAddress(ctx, file, service, address),
  });
  calls.push(...grpc.calls);
  markBreakers(calls, edges, breakers.roots);
  const topics = grpc.topics;
  return {
    services,
    libraries,
    routes,
    calls,
    datastores,
    tables,
    topics,
    writes,
    imports: buildCrossImports({ facts, resolver, services, libraries, fileService, packageDirs: input.packageDirs ?? [] }),
    tracers: buildTracers(ctx),
    brokers: buildBrokers(ctx),
    edges,
    ...(flow.unfollowed.length ? { unfollowed: flow.unfollowed } : {}),
    fileService,
    stats: { filesParsed: input.filesParsed, ...(input.filesUnparsed ? { filesUnparsed: input.filesUnparsed } : {}), filesSkipped: input.filesSkipped },
  };
}

// ---------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------

const IMPORT_IN_PATH = /\$\{import:([^#}]+)#([^}]+)\}/g;

/** Joins path pieces with single slashes: ("/v1/", "/users", "") → "/v1/users". Called once per route and mount: kept cheap. */
function joinPaths(...parts: string[]): string {
  let out = "";
  for (const part of parts) {
    let start = 0;
    let end = part.length;
    while (start < end && part.charCodeAt(start) === 47) start++;
    while (end > start && part.charCodeAt(end - 1) === 47) end--;
    if (end > start) out += `/${part.slice(start, end)}`;
  }
  return out || "/";
}

/** The middleware a mount puts before its child's routes (`app.use(auth)` earlier on the parent), with the file that mounts it. */
interface Guards {
  file: string;
  steps: readonly MiddlewareStep[];
}

/** One way down the mounts to a router: its full prefix, the mounts on the way, the middleware they put before it. */
interface MountPath {
  prefix: string;
  chain: Location[];
  guards?: Guards[];
}

/**
 * The function a route runs when mounts put middleware before it: each guard in the order the mounts run them,
 * then the route's own handler. Not a function of the code, named after the route and the mounts it came through.
 * Like a route's own middleware list, not awaited one after another (sync-call-chain's `sequential` is about a
 * handler's own calls).
 */
function guardedHandler(ctx: Ctx, location: Location, chain: readonly Location[], guards: readonly Guards[], handler: string | undefined, edges: ModelEdge[]): string {
  const from = `${location.file}#route@L${location.line}C${location.column}@${chain.map((mount) => `${mount.line}:${mount.column}`).join(">")}`;
  for (const { file, steps } of guards) {
    for (const step of steps) {
      const to = step.handler ? `${file}#${step.handler}` : step.handlerRef ? resolveRef(ctx, file, step.handlerRef, undefined) : undefined;
      if (to) edges.push({ from, to, awaited: false, parallel: false, location: step.location });
    }
  }
  if (handler) edges.push({ from, to: handler, awaited: false, parallel: false, location });
  return from;
}

function buildRoutes(ctx: Ctx, guardEdges: ModelEdge[]): ModelRoute[] {
  const { facts, resolver } = ctx;
  /** Global node key (`file#id`) → its mounts into parents. */
  const parents = new Map<string, { parent: string; prefix: string; location: Location; guards?: Guards }[]>();
  const prefixes = new Map<string, string>();
  const frameworks = new Map<string, Framework>();
  const mountParents = new Set<string>();
  const notAppParents = new Set<string>();

  const nodeKey = (file: string, id: string): string | undefined => {
    if (!id.startsWith("imp:")) return `${file}#${id}`;
    const hash = id.lastIndexOf("#");
    const specifier = id.slice(4, hash);
    const name = id.slice(hash + 1);
    const target = resolver.resolve(file, specifier);
    if (!target) return undefined;
    const found = resolveExport(facts, resolver, target, name);
    return found ? `${found.file}#${found.id}` : undefined;
  };
  const fixPath = (file: string, path: string): string =>
    !path.includes("${import:")
      ? path
      : path.replace(IMPORT_IN_PATH, (_, specifier: string, name: string) => {
      const constant = lookupConstant(ctx, file, specifier, name);
      return constant ? renderValue(ctx, constant.file, constant.value, ctx.envOf(ctx.fileService[file])).text : UNRESOLVED;
    });

  for (const f of facts.values()) {
    for (const [id, framework] of Object.entries(f.apps)) frameworks.set(`${f.file}#${id}`, framework);
    for (const [id, prefix] of Object.entries(f.objectPrefixes)) prefixes.set(`${f.file}#${id}`, fixPath(f.file, prefix));
    for (const mount of f.mounts) {
      const parent = nodeKey(f.file, mount.parent);
      let child: string | undefined;
      if (mount.child.kind === "local") child = `${f.file}#${mount.child.id}`;
      else {
        const target = resolver.resolve(f.file, mount.child.specifier);
        const found = target ? resolveExport(facts, resolver, target, mount.child.name) : undefined;
        child = found ? `${found.file}#${found.id}` : undefined;
      }
      if (child && mount.child.returned) {
        // The router a factory function returns.
        const hash = child.indexOf("#");
        const returned = facts.get(child.slice(0, hash))?.returns[child.slice(hash + 1)];
        child = returned ? `${child.slice(0, hash)}#${returned}` : undefined;
      }
      // `const api = createApi()` whose function returns no app (an axios instance): the caller's object is none.
      if (!child && mount.child.returned && parent && !mount.prefix) notAppParents.add(parent);
      if (!parent || !child || parent === child) continue;
      mountParents.add(parent);
      const list = parents.get(child) ?? [];
      const prefix = fixPath(f.file, mount.prefix);
      list.push(mount.middleware ? { parent, prefix, location: mount.location, guards: { file: f.file, steps: mount.middleware } } : { parent, prefix, location: mount.location });
      parents.set(child, list);
    }
  }

  // @fastify/autoload: each plugin file under the folder, prefixed by its sub-folders (and its own `autoPrefix`).
  // routing-controllers: each controller class of the folder's files, under the route prefix.
  for (const f of facts.values()) {
    for (const autoload of f.autoloads) {
      const parent = nodeKey(f.file, autoload.parent);
      if (!parent) continue;
      const mount = (child: string, prefix: string) => {
        const list = parents.get(child) ?? [];
        list.push({ parent, prefix, location: autoload.location });
        parents.set(child, list);
      };
      for (const target of facts.values()) {
        if (!target.file.startsWith(`${autoload.dir}/`)) continue;
        const rest = target.file.slice(autoload.dir.length + 1);
        if (autoload.controllers) {
          if (!autoload.controllers.recursive && rest.includes("/")) continue;
          for (const id of Object.values(target.exports)) if (id.startsWith("class:")) mount(`${target.file}#${id}`, autoload.prefix);
          continue;
        }
        if (!target.exports.default) continue;
        const folders = autoload.dirNames === false ? [] : rest.split("/").slice(0, -1);
        // A plugin's own `autoPrefix` takes the place of its folder's name.
        const autoPrefix = target.constants.autoPrefix?.parts;
        if (autoPrefix?.length === 1 && autoPrefix[0]!.kind === "text") folders.splice(-1, 1, autoPrefix[0]!.text);
        mount(`${target.file}#${target.exports.default}`, joinPaths(autoload.prefix, ...folders));
      }
    }
  }

  /** Every full prefix of a node, with the mounts that led there, outermost first. */
  const memo = new Map<string, MountPath[]>();
  const prefixesOf = (node: string, seen: Set<string>): MountPath[] => {
    if (seen.size === 1 && memo.has(node)) return memo.get(node)!;
    const computed = prefixesUncached(node, seen);
    if (seen.size === 1) memo.set(node, computed);
    return computed;
  };
  const prefixesUncached = (node: string, seen: Set<string>): MountPath[] => {
    const own = prefixes.get(node) ?? "";
    const ups = parents.get(node);
    if (!ups?.length || seen.size > 30) return [{ prefix: own, chain: [] }];
    const result: MountPath[] = [];
    for (const up of ups) {
      if (seen.has(up.parent)) continue;
      const next = new Set(seen).add(up.parent);
      for (const above of prefixesOf(up.parent, next)) {
        const path: MountPath = { prefix: joinPaths(above.prefix, up.prefix, own), chain: [...above.chain, up.location] };
        // app.use(auth) before app.use("/api", router): auth runs before every route below that mount.
        if (above.guards || up.guards) path.guards = up.guards ? [...(above.guards ?? []), up.guards] : above.guards;
        result.push(path);
        if (result.length >= 20) return result;
      }
    }
    return result.length ? result : [{ prefix: own, chain: [] }];
  };

  /** The framework of the app a node hangs on: its own, else the first one up its mounts. */
  const frameworkOf = (node: string): Framework | undefined => {
    let current: string | undefined = node;
    for (let depth = 0; current && depth < 20; depth++) {
      const known = frameworks.get(current);
      if (known) return known;
      current = parents.get(current)?.[0]?.parent;
    }
    return undefined;
  };

  const nestByService = nestSettings(facts, ctx);
  const frameworkPrefixes = frameworkPrefixesByService(facts, ctx);

  const ownerOf = (file: string, id: string) => {
    const owner = nodeKey(file, id);
    // An imported object is a route owner only when it is an app or router (an axios instance's `api.post("/x", body)` is a call).
    if (owner && id.startsWith("imp:") && !frameworks.has(owner) && !parents.has(owner) && !mountParents.has(owner)) return { id, full: [], framework: undefined };
    if (owner && notAppParents.has(owner) && !frameworks.has(owner) && !parents.has(owner)) return { id, full: [], framework: undefined };
    const full = owner ? (memo.get(owner) ?? prefixesOf(owner, new Set([owner]))) : [{ prefix: "", chain: [] }];
    return { id, full, framework: owner ? frameworkOf(owner) : undefined };
  };
  const routes: ModelRoute[] = [];
  const seenIds = new Set<string>();
  for (const f of facts.values()) {
    if (!f.routes.length) continue;
    const owner = ctx.fileService[f.file];
    // A library's routes are served by every service that imports them (a shared health controller).
    const users: readonly { service: string; via?: Location[] }[] = owner ? [{ service: owner }] : ctx.usersOf(f.file);
    for (const { service, via } of users) {
      const add = (route: ModelRoute) => routes.push(via ? { ...route, via } : route);
      let lastOwner: ReturnType<typeof ownerOf> | undefined;
      for (const route of f.routes) {
        const handler = route.middleware ? middlewareChainId(f.file, route.location) : route.handler ? `${f.file}#${route.handler}` : route.handlerRef ? resolveRef(ctx, f.file, route.handlerRef, undefined) : undefined;
        const { method, location } = route;
        if (route.framework === "nest") {
          const nest = nestByService.get(service) ?? {};
          const versioning = nest.uri ?? nest.request;
          const version = versioning && !route.versionNeutral ? (route.version ?? versioning.defaultVersion) : undefined;
          const versionSegment = version && nest.uri ? `${nest.uri.prefix ?? "v"}${version}` : "";
          // Nest's order: global prefix, version, RouterModule path, controller and method paths.
          const modulePath = route.controller ? nest.controllerPaths?.get(route.controller) : undefined;
          const own = joinPaths(modulePath ?? "", route.path);
          const prefix = nest.globalPrefix && !prefixExcluded(nest.globalPrefixExclude, method, own) ? nest.globalPrefix : "";
          const path = joinPaths(prefix, versionSegment, own);
          const id = routeId(service, method, path);
          if (!isNewRoute(seenIds, id, location)) continue;
          // app.useGlobalGuards(new AuthGuard()), APP_GUARD providers: before every route, the route's own guards after.
          const guarded = nest.globalGuards ? guardedHandler(ctx, location, [], nest.globalGuards, handler, guardEdges) : handler;
          const built = modelRoute(id, service, route.framework, method, location, guarded, path, version || undefined, []);
          add(route.probe ? { ...built, probe: true } : route.takesInput ? { ...built, takesInput: true } : built);
          continue;
        }
        // A file's routes mostly hang on one router: its key, prefixes and framework are looked up once.
        if (route.owner !== lastOwner?.id) lastOwner = ownerOf(f.file, route.owner);
        const { full, framework: ownerFramework } = lastOwner;
        const framework = ownerFramework ?? route.framework;
        const ownPath = fixPath(f.file, route.path);
        // tsoa.json's routes.basePath, inversify's rootPath: before whatever mounts the controller.
        const base = frameworkPrefixes.get(service)?.[route.framework];
        for (const mounted of full) {
          const { prefix, guards } = mounted;
          const chain = base ? [base.location, ...mounted.chain] : mounted.chain;
          // A library's router mounted by several services: each gets the mounts made in its own files.
          if (via && chain.some((mount) => ctx.fileService[mount.file] !== undefined && ctx.fileService[mount.file] !== service)) continue;
          const above = base ? joinPaths(base.prefix, prefix) : prefix;
          const path = ownPath === "" || ownPath === "/" ? joinPaths(above) : joinPaths(above, ownPath);
          const id = routeId(service, method, path);
          if (!isNewRoute(seenIds, id, location)) continue;
          const guarded = guards ? guardedHandler(ctx, location, chain, guards, handler, guardEdges) : handler;
          const version = route.version ?? (guards?.some((g) => g.steps.some((step) => step.version)) ? "header" : undefined);
          const built = modelRoute(id, service, framework, method, location, guarded, path, version, chain);
          add(route.catchAll ? { ...built, catchAll: true } : built);
        }
      }
    }
  }
  return routes;
}

/**
 * `setGlobalPrefix("api", { exclude })` leaves out the routes it lists: a path as Nest matches it (the controller and
 * method paths, `*` and `(.*)` for anything, `:id` for one segment), for every method or the one given.
 */
function prefixExcluded(excludes: readonly { path: string; method?: string }[] | undefined, method: string, path: string): boolean {
  if (!excludes) return false;
  const trimmed = path.replace(/^\/+|\/+$/g, "");
  return excludes.some((entry) => {
    if (entry.method && entry.method !== method) return false;
    const pattern = entry.path
      .replace(/^\/+|\/+$/g, "")
      .split(/(\(\.\*\)|\*|:[\w$]+)/)
      .map((piece) => (piece === "(.*)" || piece === "*" ? ".*" : piece.startsWith(":") ? "[^/]+" : piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    return new RegExp(`^${pattern}$`).test(trimmed);
  });
}

interface NestSettings {
  globalPrefix?: string;
  globalPrefixExclude?: { path: string; method?: string }[];
  uri?: { defaultVersion?: string; prefix?: string };
  /** Versions from a header, the media type or a custom extractor: the path carries none. */
  request?: { defaultVersion?: string };
  /** Controller class → the RouterModule path of the module that declares it. */
  controllerPaths?: Map<string, string>;
  /** Guards of every route of the app, with the file that sets each. */
  globalGuards?: Guards[];
}

/** Each service's framework prefixes (tsoa.json's basePath, inversify's rootPath), wherever in its files they are set. */
function frameworkPrefixesByService(facts: ReadonlyMap<string, FileFacts>, ctx: Ctx): Map<string, NonNullable<FileFacts["frameworkPrefixes"]>> {
  const byService = new Map<string, NonNullable<FileFacts["frameworkPrefixes"]>>();
  for (const f of facts.values()) {
    const service = f.frameworkPrefixes && ctx.fileService[f.file];
    if (service) byService.set(service, { ...byService.get(service), ...f.frameworkPrefixes });
  }
  return byService;
}

/** A service's NestJS settings, wherever in its files they are made. */
function nestSettings(facts: ReadonlyMap<string, FileFacts>, ctx: Ctx): Map<string, NestSettings> {
  const byService = new Map<string, NestSettings & { moduleControllers: Record<string, string[]>; modulePaths: Record<string, string> }>();
  for (const f of facts.values()) {
    const service = ctx.fileService[f.file];
    const { globalPrefix, globalPrefixExclude, uriVersioning, requestVersioning, moduleControllers, modulePaths, globalGuards } = f.nest;
    if (!service || (!globalPrefix && !uriVersioning && !requestVersioning && !moduleControllers && !modulePaths && !globalGuards)) continue;
    const entry = byService.get(service) ?? { moduleControllers: {}, modulePaths: {} };
    if (globalGuards) (entry.globalGuards ??= []).push({ file: f.file, steps: globalGuards });
    if (globalPrefix !== undefined) entry.globalPrefix = globalPrefix;
    if (globalPrefixExclude) entry.globalPrefixExclude = globalPrefixExclude;
    if (uriVersioning) entry.uri = uriVersioning;
    if (requestVersioning) entry.request = requestVersioning;
    Object.assign(entry.moduleControllers, moduleControllers);
    Object.assign(entry.modulePaths, modulePaths);
    byService.set(service, entry);
  }
  for (const entry of byService.values()) {
    for (const [module, path] of Object.entries(entry.modulePaths)) {
      for (const controller of entry.moduleControllers[module] ?? []) (entry.controllerPaths ??= new Map()).set(controller, path);
    }
  }
  return byService;
}

function routeId(service: string, method: string, path: string): string {
  return `${service} ${method} ${path}`;
}

/** The same route found twice (a router mounted twice at one path) is kept once. */
function isNewRoute(seen: Set<string>, id: string, location: Location): boolean {
  const key = `${id} ${location.file}:${location.line}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/**
 * One route of the model, built in one go (no spread copies: there is one per
 * route of the repository), its keys in the order reports have always shown.
 */
function modelRoute(
  id: string,
  service: string,
  framework: Framework,
  method: string,
  location: Location,
  handler: string | undefined,
  path: string,
  version: string | undefined,
  mountChain: Location[],
): ModelRoute {
  if (version) {
    return handler
      ? { id, service, framework, method, location, handler, path, version, mountChain }
      : { id, service, framework, method, location, path, version, mountChain };
  }
  return handler ? { id, service, framework, method, location, handler, path, mountChain } : { id, service, framework, method, location, path, mountChain };
}

// ---------------------------------------------------------------------------
// Function call graph
// ---------------------------------------------------------------------------

const functionIdCache = new WeakMap<FileFacts, Set<string>>();
const methodCache = new WeakMap<FileFacts, Map<string, string[]>>();

/** Methods of a file by their own name: `fn:Class.find` and `fn:obj.find` under "find". */
function methodsByName(facts: FileFacts): Map<string, string[]> {
  let index = methodCache.get(facts);
  if (!index) {
    index = new Map();
    for (const fn of facts.functions) {
      const dot = fn.id.lastIndexOf(".");
      if (!fn.id.startsWith("fn:") || dot < 0) continue;
      const name = fn.id.slice(dot + 1);
      const list = index.get(name) ?? [];
      list.push(fn.id);
      index.set(name, list);
    }
    methodCache.set(facts, index);
  }
  return index;
}

const importCache = new WeakMap<FileFacts, Map<string, FileFacts["imports"][number]>>();

/** A file's imports by local name (the first import of a name wins, as a linear search would). */
function importsByLocal(facts: FileFacts): Map<string, FileFacts["imports"][number]> {
  let index = importCache.get(facts);
  if (!index) {
    index = new Map();
    for (const fact of facts.imports) if (!index.has(fact.local)) index.set(fact.local, fact);
    importCache.set(facts, index);
  }
  return index;
}

function functionIds(facts: FileFacts): Set<string> {
  let ids = functionIdCache.get(facts);
  if (!ids) {
    ids = new Set(facts.functions.map((fn) => fn.id));
    functionIdCache.set(facts, ids);
  }
  return ids;
}

function hasFn(target: FileFacts, id: string): boolean {
  return functionIds(target).has(id);
}

/** `prefix.name` as a method of the file, else any method of that name in it. */
function methodIn(target: FileFacts, prefix: string | undefined, name: string): string | undefined {
  if (prefix && hasFn(target, `fn:${prefix}.${name}`)) return `${target.file}#fn:${prefix}.${name}`;
  const any = methodsByName(target).get(name)?.[0];
  return any ? `${target.file}#${any}` : undefined;
}

/** Resolves `name` / `object.name` seen in `file` to a global function id. */
/** The services whose code sets `axios.defaults.timeout`, with where: it bounds every axios call the service makes. */
function axiosDefaultsTimeouts(ctx: Ctx): Map<string, Location> {
  const found = new Map<string, Location>();
  for (const f of ctx.facts.values()) {
    const service = ctx.fileService[f.file];
    if (f.axiosDefaultsTimeout && service !== undefined && !found.has(service)) found.set(service, f.axiosDefaultsTimeout);
  }
  return found;
}

/**
 * A client class of the project that guards every request it makes (create-service's ServiceClient: an opossum
 * breaker around its attempts, an abort signal on each): the module that defines it makes timed requests, and
 * puts something behind a breaker.
 */
function clientClassGuards(ctx: Ctx, file: string, through: { specifier: string; name: string }): { timeout?: string; breaker?: Location } | undefined {
  const target = ctx.resolver.resolve(file, through.specifier);
  const defined = target ? (resolveExport(ctx.facts, ctx.resolver, target, through.name)?.file ?? target) : undefined;
  const facts = defined ? ctx.facts.get(defined) : undefined;
  if (!facts) return undefined;
  const breaker = facts.breakers?.[0]?.location;
  return { ...(facts.timedRequests ? { timeout: `the timeout of ${through.name} (${facts.file})` } : {}), ...(breaker ? { breaker } : {}) };
}

function resolveRef(ctx: Ctx, file: string, ref: { object?: string; name: string; local?: string }, className: string | undefined): string | undefined {
  const { facts, resolver } = ctx;
  const f = facts.get(file);
  if (!f) return undefined;
  if (ref.local) return `${file}#${ref.local}`;
  if (!ref.object) {
    if (hasFn(f, `fn:${ref.name}`)) return `${file}#fn:${ref.name}`;
    return resolveImported(ctx, file, f, ref.name);
  }
  if (ref.object === "this") {
    if (!className) return undefined;
    if (hasFn(f, `fn:${className}.${ref.name}`)) return `${file}#fn:${className}.${ref.name}`;
    // this.save() defined by the class's base (class OrderService extends BaseService).
    return f.classBases?.[className] ? inheritedMethod(facts, resolver, file, className, ref.name, hasFn) : undefined;
  }
  if (ref.object.startsWith("this.") || (ref.object.includes(".") && !importsByLocal(f).get(ref.object.slice(0, ref.object.indexOf("."))))) {
    // this.usersService.find(), deps.service.find(): a method `find` of a class this file imports by name (dependency injection).
    for (const imported of f.imports) {
      if (!imported.specifier.startsWith(".")) continue;
      const target = resolver.resolve(file, imported.specifier);
      const targetFacts = target ? facts.get(target) : undefined;
      if (targetFacts && hasFn(targetFacts, `fn:${imported.local}.${ref.name}`)) return `${targetFacts.file}#fn:${imported.local}.${ref.name}`;
    }
    // this.ordersRepository.create() where OrdersRepository (imported by name, the member named after it) inherits create from its base.
    // Named alike but for case and plurals: `orderRepository: OrdersRepository`.
    const alike = (name: string) => name.replace(/^_+/, "").toLowerCase().replace(/s/g, "");
    const member = alike(ref.object.slice(ref.object.lastIndexOf(".") + 1));
    for (const imported of f.imports) {
      if (!imported.specifier.startsWith(".") || alike(imported.local) !== member) continue;
      const target = resolver.resolve(file, imported.specifier);
      const targetFacts = target ? facts.get(target) : undefined;
      if (!targetFacts?.classBases?.[imported.imported]) continue;
      const inherited = inheritedMethod(facts, resolver, targetFacts.file, imported.imported, ref.name, hasFn);
      if (inherited) return inherited;
    }
    // @inject("IFlightClient") private flights: IFlightClient: a type imported from the module that implements it
    // (no value of that name there). The method of that name in such a module, when exactly one has it.
    let implemented: string | undefined;
    for (const imported of f.imports) {
      if (!imported.specifier.startsWith(".")) continue;
      const target = resolver.resolve(file, imported.specifier);
      const targetFacts = target ? facts.get(target) : undefined;
      if (!targetFacts || resolveExport(facts, resolver, target!, imported.imported)) continue;
      const methods = methodsByName(targetFacts).get(ref.name);
      if (!methods) continue;
      if (methods.length > 1 || (implemented && implemented !== `${targetFacts.file}#${methods[0]}`)) return undefined;
      implemented = `${targetFacts.file}#${methods[0]}`;
    }
    return implemented;
  }
  if (importsByLocal(f).get(ref.object)) return resolveImported(ctx, file, f, ref.object, ref.name);
  return methodIn(f, ref.object, ref.name);
}

/** A function reached through an import: `local()`, or `local.member()` on an imported object or namespace. */
function resolveImported(ctx: Ctx, file: string, f: FileFacts, local: string, member?: string): string | undefined {
  const imported = importsByLocal(f).get(local);
  if (!imported) return undefined;
  const target = ctx.resolver.resolve(file, imported.specifier);
  if (!target) return undefined;
  // The answer depends only on the module, the binding and the member: `pool.query()` in a
  // thousand files that import the same pool is resolved once.
  let byImported = ctx.importedRefs.get(target);
  if (!byImported) ctx.importedRefs.set(target, (byImported = new Map()));
  let byMember = byImported.get(imported.imported);
  if (!byMember) byImported.set(imported.imported, (byMember = new Map()));
  const key = member ?? "";
  if (byMember.has(key)) return byMember.get(key);
  const found = resolveImportedUncached(ctx, target, imported.imported, member);
  byMember.set(key, found);
  return found;
}

/** A function's id: named (`fn:list`) or, for an anonymous one a module exports (`exports.auth = function () {}`), by position. */
function isFunctionId(id: string | undefined): boolean {
  return id !== undefined && (id.startsWith("fn:") || id.startsWith("fn@"));
}

function resolveImportedUncached(ctx: Ctx, target: string, imported: string, member: string | undefined): string | undefined {
  const { facts, resolver } = ctx;
  if (imported === "*") {
    if (!member) return undefined;
    const found = resolveExport(facts, resolver, target, member);
    return found && isFunctionId(found.id) ? `${found.file}#${found.id}` : undefined;
  }
  const found = resolveExport(facts, resolver, target, imported);
  if (!found) {
    // const ctrl = require("./ctrl") over `exports.get = async (req, res) => …`: no default export, the
    // module's exports object is what require gives, so ctrl.get is the export named get.
    if (imported !== "default" || !member) return undefined;
    const property = resolveExport(facts, resolver, target, member);
    return property && isFunctionId(property.id) ? `${property.file}#${property.id}` : undefined;
  }
  if (!member) return isFunctionId(found.id) ? `${found.file}#${found.id}` : undefined;
  if (imported === "default" && found.id === "const:default") {
    // module.exports = { getOrder: async (req, res) => ... }; controller.getOrder: the function under that key.
    const property = resolveExport(facts, resolver, found.file, member);
    if (property && isFunctionId(property.id)) return `${property.file}#${property.id}`;
  }
  const targetFacts = facts.get(found.file);
  if (!targetFacts) return undefined;
  const holder = found.id.replace(/^(var|const|class|instance|fn):/, "").replace(/@\d+$/, "");
  return methodIn(targetFacts, holder, member);
}

/**
 * The function a route with middleware runs (`router.get(path, auth, validate, handler)`): it calls
 * each middleware, then the handler. Not a function of the code, named after the route's place.
 */
function middlewareChainId(file: string, location: Location): string {
  return `${file}#route@L${location.line}C${location.column}`;
}

/** Edges from a route's middleware chain to each of its functions, in the order they run. */
function middlewareEdges(ctx: Ctx, f: FileFacts, edges: Record<string, ModelEdge[]>): void {
  for (const route of f.routes) {
    if (!route.middleware) continue;
    const from = middlewareChainId(f.file, route.location);
    const steps = [...route.middleware, { handler: route.handler, handlerRef: route.handlerRef, location: route.location }];
    for (const step of steps) {
      const to = step.handler ? `${f.file}#${step.handler}` : step.handlerRef ? resolveRef(ctx, f.file, step.handlerRef, undefined) : undefined;
      // Not awaited: a middleware's call before the handler's is not reported as one awaited after another.
      if (to) (edges[from] ??= []).push({ from, to, awaited: false, parallel: false, location: step.location });
    }
  }
}

function buildEdges(ctx: Ctx): Record<string, ModelEdge[]> {
  const edges: Record<string, ModelEdge[]> = {};
  for (const f of ctx.facts.values()) {
    if (f.routes.length) middlewareEdges(ctx, f, edges);
    for (const callee of f.callees) {
      if (!callee.from) continue;
      const to = callee.command ? commandHandler(ctx, f.file, callee.command) : resolveRef(ctx, f.file, callee, callee.className);
      if (!to) continue;
      const from = `${f.file}#${callee.from}`;
      if (from === to) continue;
      const { awaited, parallel, location, after } = callee;
      (edges[from] ??= []).push(after ? { from, to, awaited, parallel, after: locationKey(after), location } : { from, to, awaited, parallel, location });
    }
  }
  return edges;
}

const commandIndexes = new WeakMap<Ctx, Map<string, string[]>>();

/**
 * The handler method a command or query sent from `file` runs (`commandBus.execute(new PlaceOrder())` → the
 * `execute` of the `@CommandHandler(PlaceOrder)` class): by the command class's name, the handler of the sender's
 * service (or of a library), else the only one in the repository.
 */
function commandHandler(ctx: Ctx, file: string, command: string): string | undefined {
  let index = commandIndexes.get(ctx);
  if (!index) {
    index = new Map();
    for (const f of ctx.facts.values()) for (const handler of f.commandHandlers ?? []) index.set(handler.command, [...(index.get(handler.command) ?? []), `${f.file}#${handler.fn}`]);
    commandIndexes.set(ctx, index);
  }
  const handlers = index.get(command);
  if (!handlers) return undefined;
  const service = ctx.fileService[file];
  const own = handlers.filter((id) => {
    const owner = ctx.fileService[id.slice(0, id.indexOf("#"))];
    return owner === undefined || owner === service;
  });
  return own.length === 1 ? own[0] : handlers.length === 1 ? handlers[0] : undefined;
}

/** `file:line:column`: a call's id, and what a callback's edge names as the call it runs after. */
export function locationKey(location: Location): string {
  return `${location.file}:${location.line}:${location.column}`;
}

// ---------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const URL_PATTERN = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#]*)(?::([^/?#]*))?([^?#]*)/i;

function buildCalls(ctx: Ctx, routes: ModelRoute[]): ModelCall[] {
  const calls: ModelCall[] = [];
  const nestModules = nestHttpModules(ctx);
  const axiosDefaults = axiosDefaultsTimeouts(ctx);
  for (const f of ctx.facts.values()) {
    const service = ctx.fileService[f.file] ?? "";
    const env = ctx.envOf(service || undefined);
    for (const call of f.calls) {
      let value = call.url;
      // The file the base URL is written in, when another file writes it (a client instance, a NestJS module): where its host comes from.
      let baseFile: string | undefined;
      let timeout = call.timeout;
      if (!timeout && call.httpServiceClass && nestModules.get(`${f.file}#class:${call.httpServiceClass}`)?.timeout) timeout = "the HttpModule's timeout";
      const nestModule = call.nestHttpClass ? nestModules.get(`${f.file}#class:${call.nestHttpClass}`) : undefined;
      if (nestModule?.base) {
        value = { parts: [...nestModule.base.parts, ...value.parts] };
        baseFile = nestModule.file;
      }
      if (call.instance) {
        // A call through an instance imported from another module: prepend its base, or drop it when the import is no client.
        const target = ctx.resolver.resolve(f.file, call.instance.specifier);
        const exported = target ? resolveExport(ctx.facts, ctx.resolver, target, call.instance.name) : undefined;
        const client = exported ? ctx.facts.get(exported.file)?.clients[exported.id] : undefined;
        if (!client) continue;
        if (client.base) {
          value = { parts: [...client.base.parts, ...value.parts] };
          baseFile = exported!.file;
        }
        if (client.timeout && !timeout) timeout = `the timeout of the instance ${call.instance.name} (${exported!.file})`;
      }
      const rendered = renderValue(ctx, f.file, value, env);
      const target = resolveTarget(ctx, service, rendered, call.method, routes);
      const literalHost = literalHostOf(ctx, baseFile ?? f.file, value, false, f.file);
      // Code outside any service (a shared client package) runs with the env of whichever service calls it:
      // the services that import it, or every service when none does (its callers are not known).
      let perService: ModelCall["perService"];
      if (!service && rendered.envNames.length) {
        perService = {};
        const users = ctx.usersOf(f.file);
        const callers = users.length ? users.map((user) => ctx.serviceByName.get(user.service)!) : ctx.services;
        for (const caller of callers) {
          const own = renderValue(ctx, f.file, value, ctx.envOf(caller.name));
          const resolved = resolveTarget(ctx, caller.name, own, call.method, routes);
          perService[caller.name] = {
            url: redact(own.text),
            ...(resolved.service ? { targetService: resolved.service } : {}),
            ...(resolved.route ? { targetRoute: resolved.route } : {}),
            resolution: resolved.resolution,
          };
        }
      }
      const classGuards = call.through ? clientClassGuards(ctx, f.file, call.through) : undefined;
      if (!timeout && classGuards?.timeout) timeout = classGuards.timeout;
      const defaults = call.client === "axios" && !timeout ? axiosDefaults.get(service) : undefined;
      if (defaults) timeout = `axios.defaults.timeout (${defaults.file}:${defaults.line})`;
      calls.push({
        id: locationKey(call.location),
        service,
        client: call.client,
        method: call.method,
        url: redact(rendered.text),
        ...(target.service ? { targetService: target.service } : {}),
        ...(target.route ? { targetRoute: target.route } : {}),
        resolution: target.resolution,
        ...(call.inFunction ? { inFunction: `${f.file}#${call.inFunction}` } : {}),
        awaited: call.awaited,
        parallel: call.parallel,
        ...(literalHost ? { literalHost } : {}),
        ...(timeout || classGuards?.breaker ? { guards: { ...(timeout ? { timeout } : {}), ...(classGuards?.breaker ? { breaker: classGuards.breaker } : {}) } } : {}),
        ...(perService ? { perService } : {}),
        location: call.location,
      });
    }
  }
  calls.push(...helperCalls(ctx, routes));
  return calls;
}

/**
 * Calls the value flow made (model/value-flow.ts): one at a place no call was found yet is added; one where a call
 * is already known replaces it when it finds a service (it read what the callers pass, the known call only what
 * the function itself writes, such as a fallback they override).
 */
function mergeCalls(calls: ModelCall[], made: readonly ModelCall[]): void {
  if (!made.length) return;
  const at = new Map<string, number>();
  calls.forEach((call, index) => at.set(call.id, index));
  for (const call of made) {
    const index = at.get(call.id);
    if (index === undefined) {
      at.set(call.id, calls.push(call) - 1);
      continue;
    }
    const known = calls[index]!;
    if (call.targetService) calls[index] = known.guards && !call.guards ? { ...call, guards: known.guards } : call;
  }
}

/**
 * A helper that makes the request with the URL its callers give it (`async function getJson(url) { return axios.get(url) }`,
 * in this file or another): at each call that passes a URL (`getJson(\`${USERS_URL}/v1/users/${id}\`)`) the caller makes
 * that request, with the helper's client and method and the caller's env. The helper's own call stays as it is (unresolved).
 */
function helperCalls(ctx: Ctx, routes: ModelRoute[]): ModelCall[] {
  const helpers = new Map<string, HttpCallFact>();
  for (const f of ctx.facts.values()) for (const call of f.calls) if (call.urlParam !== undefined && call.inFunction) helpers.set(`${f.file}#${call.inFunction}`, call);
  if (!helpers.size) return [];
  const made: ModelCall[] = [];
  for (const f of ctx.facts.values()) {
    const service = ctx.fileService[f.file] ?? "";
    for (const callee of f.callees) {
      if (!callee.urlArgs || !callee.from) continue;
      const to = resolveRef(ctx, f.file, callee, callee.className);
      const helper = to ? helpers.get(to) : undefined;
      const arg = helper && callee.urlArgs.find((a) => a.index === helper.urlParam);
      if (!helper || !arg) continue;
      const rendered = renderValue(ctx, f.file, { parts: [...arg.url.parts, ...helper.url.parts.slice(1)] }, ctx.envOf(service || undefined));
      const target = resolveTarget(ctx, service, rendered, helper.method, routes);
      made.push({
        id: locationKey(callee.location),
        service,
        client: helper.client,
        method: helper.method,
        url: redact(rendered.text),
        ...(target.service ? { targetService: target.service } : {}),
        ...(target.route ? { targetRoute: target.route } : {}),
        resolution: target.resolution,
        inFunction: `${f.file}#${callee.from}`,
        awaited: callee.awaited,
        parallel: callee.parallel,
        location: callee.location,
      });
    }
  }
  return made;
}

/**
 * `HttpModule.register({ baseURL, timeout })` of a NestJS module, by the classes it provides (`file#class:Name`):
 * the base URL its HttpService calls are relative to, whether they have a timeout, and the module's file.
 */
function nestHttpModules(ctx: Ctx): Map<string, { base?: Value; timeout?: true; file: string }> {
  const bases = new Map<string, { base?: Value; timeout?: true; file: string }>();
  for (const f of ctx.facts.values()) {
    for (const { base, timeout, classes } of f.nest.httpBases ?? []) {
      for (const ref of classes) {
        let key = `${f.file}#class:${ref.name}`;
        if (ref.specifier) {
          const target = ctx.resolver.resolve(f.file, ref.specifier);
          const found = target ? resolveExport(ctx.facts, ctx.resolver, target, ref.imported ?? ref.name) : undefined;
          if (!found) continue;
          key = `${found.file}#${found.id}`;
        }
        bases.set(key, { ...(base ? { base } : {}), ...(timeout ? { timeout } : {}), file: f.file });
      }
    }
  }
  return bases;
}

/**
 * Where a gRPC address leads: `payment:50051`, `dns:///payment.shop.svc.cluster.local:50051` or an env var,
 * resolved as an HTTP URL's host is (compose and Kubernetes names, the <NAME>_ADDR convention).
 */
function resolveAddress(ctx: Ctx, file: string, service: string, address: Value): { text: string; service?: string; resolution: string; byConvention: boolean; literalHost?: LiteralHost } {
  const rendered = renderValue(ctx, file, address, ctx.envOf(service || undefined));
  const literalHost = literalHostOf(ctx, file, address, true);
  const target = rendered.text.replace(/^dns:(?:\/\/[^/]*\/)?/, "");
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `grpc://${target}`;
  const resolved = resolveTarget(ctx, service, { ...rendered, text: url }, "GRPC", []);
  return { text: redact(rendered.text), ...(resolved.service ? { service: resolved.service } : {}), resolution: resolved.resolution, byConvention: resolved.resolution.includes("<NAME>_URL convention"), ...(literalHost ? { literalHost } : {}) };
}

const codePortsCache = new WeakMap<Ctx, Map<string, Set<number>>>();

/** The ports each service's own code listens on (`app.listen(5555)`), with its env for `process.env.PORT || 5555`. */
function codePorts(ctx: Ctx): Map<string, Set<number>> {
  let ports = codePortsCache.get(ctx);
  if (ports) return ports;
  ports = new Map();
  for (const f of ctx.facts.values()) {
    const service = ctx.fileService[f.file];
    if (!service || !f.listens) continue;
    for (const { port } of f.listens) {
      const n = Number(renderValue(ctx, f.file, port, ctx.envOf(service)).text);
      if (!Number.isInteger(n) || n <= 0) continue;
      const set = ports.get(service) ?? new Set<number>();
      set.add(n);
      ports.set(service, set);
    }
  }
  codePortsCache.set(ctx, ports);
  return ports;
}

/** Services by lower-cased host name; a host two services answer to belongs to the first (in model order). */
function indexHosts(services: readonly ServiceInfo[]): Map<string, ServiceInfo> {
  const index = new Map<string, ServiceInfo>();
  for (const service of services) for (const host of service.hosts) if (!index.has(host.toLowerCase())) index.set(host.toLowerCase(), service);
  return index;
}

/** `USERS_SERVICE_URL` → ["users-service", "users", "user"]. */
export function namesFromEnv(name: string): string[] {
  const suffix = URL_SUFFIXES.find((s) => name.endsWith(s));
  if (!suffix) return [];
  const stem = name.slice(0, -suffix.length).toLowerCase().replace(/_/g, "-");
  if (!stem) return [];
  const bare = stem.replace(/-(service|svc|api)$/, "");
  // USERS_SERVICE_URL may name users, user, users-service or user-service: singular and plural before the suffix.
  const stems = new Set([stem, bare, ...[stem, bare].map((n) => (n.endsWith("s") ? n.slice(0, -1) : `${n}s`))]);
  const names = new Set<string>();
  for (const n of stems) if (n) for (const name of [n, `${n}-service`, `${n}-api`]) names.add(name);
  return [...names];
}

/** A service or host name as namesFromEnv spells its candidates: `order_service` is `order-service`. */
function dashed(name: string): string {
  return name.toLowerCase().replace(/_/g, "-");
}

function resolveTarget(ctx: Ctx, self: string, rendered: Rendered, method: string, routes: ModelRoute[]): { service?: string; route?: string; resolution: string } {
  const match = URL_PATTERN.exec(rendered.text);
  let service: ServiceInfo | undefined;
  let resolution = "";
  let path = "";
  const notes = rendered.notes.length ? ` (${rendered.notes.join(", ")})` : "";
  if (match) {
    const host = match[2] ?? "";
    const port = Number(match[3]);
    path = match[4] ?? "";
    const named = hostName(host);
    if (named && !service) {
      // http://user%s with a `.namespace` suffix known only at run time, a Kubernetes DNS name.
      service = ctx.hosts.get(named.name);
      if (service) resolution = `host ${host} (${named.why})${notes}`;
    }
    if (!service && (host.includes("${") || host.includes("{"))) resolution = `the host ${host} did not resolve${notes}`;
    else if (!service) {
      service = ctx.hosts.get(host.toLowerCase());
      if (!service && (/^(localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal)$/.test(host) || (IPV4.test(host) && port !== 80 && port !== 443)) && Number.isInteger(port)) {
        // Only when exactly one other service listens there: many services share 3000 inside their containers.
        // An IP address with a port (the one machine every service runs on, 10.0.0.5:3001) is read the same way.
        const listening = ctx.services.filter((s) => s.ports.includes(port) || codePorts(ctx).get(s.name)?.has(port));
        if (listening.length === 1 && listening[0]!.name !== self) service = listening[0];
      }
      resolution = service ? `host ${host}${notes}` : `host ${host} is not a known service${notes}`;
    }
  }
  if (!service && rendered.missingEnv.length) {
    const name = rendered.missingEnv[0]!;
    const candidates = namesFromEnv(name);
    service = ctx.services.find((s) => candidates.includes(dashed(s.name)) || candidates.includes(dashed(posix.basename(s.root))) || s.hosts.some((h) => candidates.includes(dashed(h))));
    resolution = service ? `${name} (by the <NAME>_URL convention)` : `${name} is not set for this service`;
    const afterEnv = rendered.text.split(`\${${name}}`)[1];
    if (afterEnv !== undefined) path = afterEnv.replace(/^[^/]*/, "");
  }
  if (!service && !match) {
    // `${config.cartServiceUrl}/v1/carts`, `${this.usersApi}/x`: a base the code gets at run time (a parameter, a
    // config object passed in) whose name says which service it is, as a <NAME>_URL variable's does.
    const named = byNameOfBase(ctx, self, rendered.text);
    if (named) {
      service = named.service;
      resolution = `${named.name} (by the <NAME>_URL convention, its value set at run time)`;
      path = named.path;
    }
  }
  if (!service && match) {
    // A host outside the repository (host.docker.internal, a load balancer): the variable's name may still say which service it is.
    for (const name of rendered.envNames) {
      const candidates = namesFromEnv(name);
      const byName = ctx.services.find((s) => s.name !== self && (candidates.includes(dashed(s.name)) || candidates.includes(dashed(posix.basename(s.root))) || s.hosts.some((h) => candidates.includes(dashed(h)))));
      if (byName) {
        service = byName;
        resolution = `${name} (by the <NAME>_URL convention; ${resolution})`;
        break;
      }
    }
  }
  if (!match && !service) resolution ||= "the URL did not resolve to a host";
  if (!service) return { resolution };
  const route = matchRoute(routes, service.name, method, path);
  return { service: service.name, ...(route ? { route } : {}), resolution };
}

/** A URL that starts with a value known only at run time, `{config.cartServiceAddr}/v1/carts`: the service its name names. */
function byNameOfBase(ctx: Ctx, self: string, text: string): { service: ServiceInfo; name: string; path: string } | undefined {
  const lead = /^\{([\w$.]+)\}(.*)$/.exec(text);
  if (!lead) return undefined;
  const name = lead[1]!;
  const last = name.slice(name.lastIndexOf(".") + 1);
  const envLike = last.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
  const candidates = namesFromEnv(envLike);
  if (!candidates.length) return undefined;
  const service = ctx.services.find((s) => s.name !== self && (candidates.includes(s.name) || s.hosts.some((h) => candidates.includes(h.toLowerCase()))));
  return service ? { service, name, path: lead[2]! } : undefined;
}

const KUBERNETES_DNS = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.[a-z0-9-]+\.svc(?:\.cluster\.local)?\.?$/;
/** A label, then parts known at run time only: `catalogue{domain}`, and `catalogue{domain}{req.url}` when a proxy appends the incoming path. */
const LABEL_THEN_UNKNOWN = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\$?\{[^}]*\})+$/;

/**
 * The service name inside a host that is not itself a service's host: `catalogue.shop.svc.cluster.local`
 * (a Kubernetes Service in namespace shop), `catalogue{domain}` (a label followed by a suffix set at run
 * time, as `util.format("http://catalogue%s", domain)` builds it).
 */
function hostName(host: string): { name: string; why: string } | undefined {
  const lower = host.toLowerCase();
  const dns = KUBERNETES_DNS.exec(lower);
  if (dns) return { name: dns[1]!, why: "a Kubernetes Service DNS name" };
  const prefix = LABEL_THEN_UNKNOWN.exec(lower);
  if (prefix) return { name: prefix[1]!, why: `the host's first label, the rest set at run time` };
  return undefined;
}

function segmentsOf(path: string): string[] {
  return path.split("?")[0]!.split("/").filter(Boolean);
}

const DYNAMIC_CALL_SEGMENT = /[{}$]/;

interface IndexedRoute {
  route: ModelRoute;
  segments: string[];
  /** Position in the model's route list: of two equally good matches, the earlier wins. */
  order: number;
}

/** Per service, its routes by number of path segments; routes ending in `*` match any length and are kept apart. */
const routeIndexes = new WeakMap<ModelRoute[], Map<string, { byLength: Map<number, IndexedRoute[]>; wildcard: IndexedRoute[] }>>();

function routeIndex(routes: ModelRoute[]): Map<string, { byLength: Map<number, IndexedRoute[]>; wildcard: IndexedRoute[] }> {
  let index = routeIndexes.get(routes);
  if (!index) {
    index = new Map();
    routes.forEach((route, order) => {
      let entry = index!.get(route.service);
      if (!entry) index!.set(route.service, (entry = { byLength: new Map(), wildcard: [] }));
      const segments = segmentsOf(route.path);
      const indexed = { route, segments, order };
      if (segments[segments.length - 1] === "*") entry.wildcard.push(indexed);
      else {
        const list = entry.byLength.get(segments.length);
        if (list) list.push(indexed);
        else entry.byLength.set(segments.length, [indexed]);
      }
    });
    routeIndexes.set(routes, index);
  }
  return index;
}

export function matchRoute(routes: ModelRoute[], service: string, method: string, path: string): string | undefined {
  const entry = routeIndex(routes).get(service);
  if (!entry) return undefined;
  const callSegments = segmentsOf(path);
  let best: { id: string; score: number; order: number } | undefined;
  for (const candidates of [entry.byLength.get(callSegments.length) ?? [], entry.wildcard]) {
    for (const { route, segments: routeSegments, order } of candidates) {
      if (route.method !== "ALL" && method !== "ALL" && route.method !== method) continue;
      let score = 0;
      let ok = true;
      for (let i = 0; i < routeSegments.length; i++) {
        const r = routeSegments[i]!;
        const c = callSegments[i];
        if (r === "*" && i === routeSegments.length - 1) break;
        if (c === undefined) {
          ok = false;
          break;
        }
        if (r.startsWith(":") || (r.startsWith("{") && r.endsWith("}"))) continue;
        // `appeals${query}`: what is written before the unknown part still has to be the route's.
        if (DYNAMIC_CALL_SEGMENT.test(c)) {
          if (r.startsWith(c.slice(0, c.search(DYNAMIC_CALL_SEGMENT)))) continue;
          ok = false;
          break;
        }
        if (r !== c) {
          ok = false;
          break;
        }
        score++;
      }
      if (ok && (!best || score > best.score || (score === best.score && order < best.order))) best = { id: route.id, score, order };
    }
  }
  return best?.id;
}

