import { posix } from "node:path";
import type { FileFacts, Framework, Location, MiddlewareStep, ModelEdge, ModelRoute, RouteFact, Value } from "../types.js";
import { routerUseTargets } from "./router-uses.js";
import type { Ctx } from "./context.js";
import { resolveExport } from "./resolve.js";
import { classOfInstance } from "./instance-classes.js";
import { lookupConstant, renderValue, UNRESOLVED } from "./values.js";
import { middlewareChainId, resolveRef } from "./call-graph.js";
import { guardLetsThrough } from "./guard-gates.js";
import { unusedFactoryRouters } from "./unused-factories.js";
import { ownerOf as routeOwnerOf, routersNotImported } from "./unloaded-routers.js";

/**
 * The model's routes: each route fact placed under its service, with the prefixes of the mounts,
 * autoloads and framework settings that lead to it followed across files, and its guards and middleware.
 */

const IMPORT_IN_PATH = /\$\{import:([^#}]+)#([^}]+)\}/g;
const ENV_IN_PATH = /\$\{env:([^|}]+)(?:\|([^}]*))?\}/g;

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
function guardedHandler(ctx: Ctx, location: Location, chain: readonly Location[], guards: readonly Guards[], handler: string | undefined, edges: ModelEdge[], marks?: readonly string[]): string {
  const from = `${location.file}#route@L${location.line}C${location.column}@${chain.map((mount) => `${mount.line}:${mount.column}`).join(">")}`;
  for (const { file, steps } of guards) {
    for (const step of steps) {
      const to = step.handler ? `${file}#${step.handler}` : step.handlerRef ? resolveRef(ctx, file, step.handlerRef, undefined) : undefined;
      if (to && !guardLetsThrough(ctx, to, marks)) edges.push({ from, to, awaited: false, parallel: false, location: step.location });
      // `app.use(gate)` with a router another module exports: the functions that router uses for every request.
      if (!to && step.handlerRef) {
        for (const inner of routerUseTargets(ctx, file, step.handlerRef, (at, ref) => resolveRef(ctx, at, ref, undefined))) edges.push({ from, to: inner, awaited: false, parallel: false, location: step.location });
      }
    }
  }
  if (handler) edges.push({ from, to: handler, awaited: false, parallel: false, location });
  return from;
}

/** Routes a file declares that no process serves (model/unloaded-routers.ts), for a diagnostic: never left out silently. */
export interface UnservedRoutes {
  service: string;
  location: Location;
  message: string;
}

export function buildRoutes(ctx: Ctx, guardEdges: ModelEdge[], unserved: UnservedRoutes[] = []): ModelRoute[] {
  const { facts, resolver } = ctx;
  /** Global node key (`file#id`) → its mounts into parents. */
  const parents = new Map<string, { parent: string; prefix: string; location: Location; guards?: Guards }[]>();
  const prefixes = new Map<string, string>();
  const frameworks = new Map<string, Framework>();
  const mountParents = new Set<string>();
  const notAppParents = new Set<string>();
  /**
   * Mounts a run-time loader makes of what it loaded, under a path it builds at run time (`router.use("/" + folder,
   * loaded)` in a loop over `readdirSync`): the routers it loads from its folder hang there, under a part not known.
   */
  const runTimeMounts: { service: string; dir: string; parent: string; prefix: string; location: Location }[] = [];

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
    !path.includes("${")
      ? path
      : path
          .replace(IMPORT_IN_PATH, (_, specifier: string, name: string) => {
            const constant = lookupConstant(ctx, file, specifier, name);
            return constant ? renderValue(ctx, constant.file, constant.value, ctx.envOf(ctx.fileService[file])).text : UNRESOLVED;
          })
          // `process.env.API_PREFIX || "/api/v1"`: the service's env, else the fallback the code gives.
          .replace(ENV_IN_PATH, (_, name: string, fallback: string | undefined) => ctx.envOf(ctx.fileService[file])[name] ?? fallback ?? UNRESOLVED);

  /** Where a mount's child was found (`app.use("/v1", routes.router)`): no function of that name is looked for there. */
  const mountedAt = new Set<string>();
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
      // `const userRouter = new UserRoutes().router` (or `.getRouter()`), mounted here or exported and mounted elsewhere.
      if (child && !mount.child.returned && !mount.child.field) child = instanceMemberNode(facts, resolver, child) ?? child;
      if (child && mount.child.returned) {
        // The router a factory function returns.
        const hash = child.indexOf("#");
        const returned = facts.get(child.slice(0, hash))?.returns[child.slice(hash + 1)];
        child = returned ? `${child.slice(0, hash)}#${returned}` : undefined;
      }
      if (child && mount.child.method) child = methodReturn(facts, resolver, child, mount.child.method);
      if (child && mount.child.field) {
        const field = mount.child.field;
        const classKey = instanceClassKey(facts, resolver, child) ?? child;
        // `new V1Routes().routes` with `get routes() { …; return this.router }`: what the getter returns.
        child = classField(facts, classKey, field) ?? (classKey.includes("#class:") ? methodReturn(facts, resolver, classKey, field) : undefined);
        // import routes from "./routes" with `module.exports = { router }`: the module's own export of that name.
        if (!child && mount.child.kind === "import" && mount.child.name === "default") {
          const target = resolver.resolve(f.file, mount.child.specifier);
          const found = target ? resolveExport(facts, resolver, target, field) : undefined;
          child = found ? `${found.file}#${found.id}` : undefined;
        }
      }
      // `const api = createApi()` whose function returns no app (an axios instance): the caller's object is none.
      if (!child && mount.child.returned && parent && !mount.prefix) notAppParents.add(parent);
      const service = ctx.fileService[f.file];
      if (f.loadsAtRunTime !== undefined && parent && service !== undefined && mount.prefix.includes(UNRESOLVED) && !(mount.child.kind === "local" && f.apps[mount.child.id])) {
        runTimeMounts.push({ service, dir: posix.dirname(f.file), parent, prefix: fixPath(f.file, mount.prefix), location: mount.location });
      }
      if (!parent || !child || parent === child) continue;
      mountedAt.add(`${f.file}:${mount.location.line}`);
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
      if (autoload.classRouters) {
        // Routers the service's classes hold in that field and nothing else mounts: the controllers the loop mounts.
        const service = ctx.fileService[f.file];
        const field = `var:this.${autoload.classRouters}@`;
        for (const target of facts.values()) {
          if (service === undefined || ctx.fileService[target.file] !== service) continue;
          for (const id of Object.keys(target.apps)) {
            const child = `${target.file}#${id}`;
            if (id.startsWith(field) && child !== parent && !parents.has(child)) mount(child, autoload.prefix);
          }
        }
        continue;
      }
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

  const unusedRouters = unusedFactoryRouters(ctx);
  const { unloaded, runTime, runTimeOnly, runs } = routersNotImported(ctx);
  // Mounted only by routers in files whose code never runs (a router index nothing running imports): mounted nowhere.
  const mountedWhereRuns = (owner: string) => (parents.get(owner) ?? []).some((mount) => runs(mount.parent.slice(0, mount.parent.indexOf("#"))));
  const inherited = versionsOfSubclasses(ctx, runTimeOnly);
  const nestByService = nestSettings(facts, ctx);
  const frameworkPrefixes = frameworkPrefixesByService(facts, ctx);

  const ownerOf = (file: string, id: string) => {
    const owner = nodeKey(file, id);
    // An imported object is a route owner only when it is an app or router (an axios instance's `api.post("/x", body)` is a call).
    if (owner && id.startsWith("imp:") && !frameworks.has(owner) && !parents.has(owner) && !mountParents.has(owner)) return { id, full: [], framework: undefined };
    if (owner && notAppParents.has(owner) && !frameworks.has(owner) && !parents.has(owner)) return { id, full: [], framework: undefined };
    // A router only an unused factory builds is never mounted: its routes are not served.
    if (owner && unusedRouters.has(owner) && !parents.has(owner)) return { id, full: [], framework: undefined };
    // A router a file exports and no file loads: never mounted, so not served (said in a diagnostic below).
    if (owner && unloaded.has(owner) && !mountedWhereRuns(owner)) return { id, full: [], framework: undefined, unloaded: true };
    // A router a path built at run time loads from a version's folder (`routers/v1/shop.ts` over `readdirSync`, each
    // mounted at `/<folder>/<file>`): under that version, the rest of its mount not known.
    const version = owner && !parents.has(owner) ? (runTime.has(owner) ? versionFolder(file) : inherited.get(owner)) : undefined;
    if (version) return { id, full: [{ prefix: `/{?}/${version}/{?}`, chain: [] }], framework: frameworkOf(owner!) };
    // Loaded at run time by a loader that mounts what it loads under a path it builds then: under that loader's mounts,
    // then a part not known (so unversioned-route does not judge where the version would go, and says so).
    const loaders = owner && !parents.has(owner) && runTime.has(owner) ? runTimeMounts.filter((m) => m.service === ctx.fileService[file] && (m.dir === "." || file.startsWith(`${m.dir}/`))) : [];
    if (loaders.length) {
      const full = loaders.flatMap((m) => prefixesOf(m.parent, new Set([m.parent])).map((above): MountPath => ({ ...above, prefix: joinPaths(above.prefix, m.prefix), chain: [...above.chain, m.location] })));
      return { id, full, framework: frameworkOf(loaders[0]!.parent) };
    }
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
    let notServed: string[] | undefined;
    for (const { service, via } of users) {
      const add = (route: ModelRoute) => routes.push(via ? { ...route, via } : route);
      let lastOwner: ReturnType<typeof ownerOf> | undefined;
      for (const route of f.routes) {
        // A chain of middleware, or a handler a factory makes at this registration (its calls made with these arguments): a function of the route's own.
        const handler = route.middleware || route.madeBy ? middlewareChainId(f.file, route.location) : route.handler ? `${f.file}#${route.handler}` : route.handlerRef ? resolveRef(ctx, f.file, route.handlerRef, undefined) : undefined;
        // An AdonisJS route naming a method its controller lacks (a resource's create and edit forms in a JSON API): the
        // framework answers such a request with an error, so no route is served there.
        if (route.framework === "adonis" && !handler && route.handlerRef?.object && controllerRead(ctx, f, route.handlerRef.object)) continue;
        if (route.mountedUse) {
          const answers = answersAtUse(ctx, f.file, route);
          // Not found: whether it answers or passes the request on is not known, and no route is made of it; said, not dropped unseen.
          if (answers === undefined && owner !== undefined && !mountedAt.has(`${f.file}:${route.location.line}`)) unserved.push({ service: owner, location: route.location, message: `${owner}: app.use("${route.path}", ${route.handlerRef?.object ? `${route.handlerRef.object}.` : ""}${route.handlerRef?.name}) at ${f.file}:${route.location.line} may answer every request under ${route.path}, but the function it names was not found: whether it is a route or middleware is not known, so it is not checked as a route` });
          if (!answers) continue;
        }
        // A proxy a function of the project makes for this mount: the route is that function's forwarding; other middleware is none.
        if (route.madeProxy) {
          // The function itself, not the chain of middleware before it that `handler` may stand for.
          const made = route.handlerRef ? resolveRef(ctx, f.file, route.handlerRef, undefined) : route.handler ? `${f.file}#${route.handler}` : undefined;
          if (!made || !makesProxy(ctx, made)) continue;
        }
        const { method, location } = route;
        if (route.framework === "nest") {
          // A controller class in a file no module imports: no module lists it, so Nest serves none of its routes.
          if (unloaded.has(`${f.file}#${routeOwnerOf(route)}`)) {
            (notServed ??= []).push(`${method} ${joinPaths(fixPath(f.file, route.path))}`);
            continue;
          }
          const nest = nestByService.get(service) ?? {};
          const versioning = nest.uri ?? nest.request;
          // A GraphQL endpoint (GraphQLModule) is served outside the global prefix and versions.
          // A version another module's constant holds (`@Version(API_VERSION.V1)`) is read there, as paths are.
          const version = versioning && !route.versionNeutral && !route.graphql ? (route.version !== undefined ? symbolicVersion(ctx, f.file, route.version) : versioning.defaultVersion) : undefined;
          const versionSegment = version && nest.uri ? `${nest.uri.prefix ?? "v"}${version}` : "";
          // Nest's order: global prefix, version, RouterModule path, controller and method paths.
          const modulePath = route.controller ? nest.controllerPaths?.get(route.controller) : undefined;
          const own = joinPaths(modulePath ?? "", fixPath(f.file, route.path));
          const prefix = nest.globalPrefix && !route.graphql && !prefixExcluded(nest.globalPrefixExclude, method, own) ? nest.globalPrefix : "";
          const path = joinPaths(prefix, versionSegment, own);
          const id = routeId(service, method, path);
          if (!isNewRoute(seenIds, id, route.graphql ? ONE_ENDPOINT : location)) continue;
          // app.useGlobalGuards(new AuthGuard()), APP_GUARD providers: before every route, the route's own guards after.
          const guarded = nest.globalGuards ? guardedHandler(ctx, location, [], nest.globalGuards, handler, guardEdges, route.nestMarks) : handler;
          const built = modelRoute(id, service, route.framework, method, location, guarded, path, version || undefined, []);
          add(route.probe ? { ...built, probe: true } : route.takesInput ? { ...built, takesInput: true } : route.graphql ? { ...built, graphql: true } : built);
          continue;
        }
        // A file's routes mostly hang on one router: its key, prefixes and framework are looked up once.
        if (route.owner !== lastOwner?.id) lastOwner = ownerOf(f.file, route.owner);
        const { full, framework: ownerFramework } = lastOwner;
        if ("unloaded" in lastOwner) {
          (notServed ??= []).push(`${route.method} ${fixPath(f.file, route.path)}`);
          continue;
        }
        const framework = ownerFramework ?? route.framework;
        const ownPath = fixPath(f.file, route.path);
        // tsoa.json's routes.basePath, inversify's rootPath: before whatever mounts the controller.
        const base = frameworkPrefixes.get(service)?.[route.framework];
        for (const mounted of full) {
          const { prefix, guards } = mounted;
          const chain = base ? [base.location, ...mounted.chain] : mounted.chain;
          // A library's router mounted by several services: each gets the mounts made in its own files.
          if (via && chain.some((mount) => ctx.fileService[mount.file] !== undefined && ctx.fileService[mount.file] !== service)) continue;
          const above = base ? joinPaths(fixPath(base.location.file, base.prefix), prefix) : prefix;
          const path = ownPath === "" || ownPath === "/" ? joinPaths(above) : joinPaths(above, ownPath);
          const id = routeId(service, method, path);
          if (!isNewRoute(seenIds, id, route.graphql ? ONE_ENDPOINT : location)) continue;
          const guarded = guards ? guardedHandler(ctx, location, chain, guards, handler, guardEdges) : handler;
          const version = route.version ?? (guards?.some((g) => g.steps.some((step) => step.version)) ? "header" : undefined);
          const built = modelRoute(id, service, framework, method, location, guarded, path, version, chain);
          const marked = route.catchAll ? { ...built, catchAll: true as const } : route.graphql ? { ...built, graphql: true as const } : route.rpc ? { ...built, rpc: route.rpc } : built;
          add(route.encoreEndpoint ? { ...marked, encoreEndpoint: route.encoreEndpoint } : marked);
        }
      }
    }
    if (notServed?.length && owner !== undefined) {
      const unique = [...new Set(notServed)];
      const shown = `${unique.slice(0, 3).join(", ")}${unique.length > 3 ? `, +${unique.length - 3} more` : ""}`;
      unserved.push({
        service: owner,
        location: f.routes[0]!.location,
        message: `${f.file} ${Object.keys(f.exports).length || f.reexports.length ? "exports" : "makes (and exports nothing)"} a ${f.routes[0]!.framework === "nest" ? "controller" : "router"} with ${unique.length === 1 ? "a route" : `${unique.length} routes`} (${shown}), but no file of ${owner} loads it (nothing that runs imports or requires it, no start command runs it): not served, so not checked`,
      });
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

/** A global prefix the settings give, when it renders to text for this service (its env, or the code's default). */
function renderedPrefix(ctx: Ctx, file: string, value: Value, service: string): string | undefined {
  const rendered = renderValue(ctx, file, value, ctx.envOf(service));
  return rendered.complete && !rendered.text.includes(UNRESOLVED) ? rendered.text : undefined;
}

/**
 * A NestJS version as the facts keep it: text, or symbolic where another module's constant or the environment holds it
 * (`${import:…}`, `${env:…}`), read here as paths are. What cannot be read (`configService.get(Config.VERSION)`) is
 * `{?}`: the route has a version, which one is not known, so where it goes is not judged (version-position.ts).
 */
function symbolicVersion(ctx: Ctx, file: string, version: string): string {
  if (!version.includes("${")) return version;
  const rendered = version
    .replace(IMPORT_IN_PATH, (_, specifier: string, name: string) => {
      const constant = lookupConstant(ctx, file, specifier, name);
      return constant ? renderValue(ctx, constant.file, constant.value, ctx.envOf(ctx.fileService[file])).text : UNRESOLVED;
    })
    .replace(ENV_IN_PATH, (_, name: string, fallback: string | undefined) => ctx.envOf(ctx.fileService[file])[name] ?? fallback ?? UNRESOLVED);
  return rendered.includes("${") ? UNRESOLVED : rendered;
}

/** A service's NestJS settings, wherever in its files they are made. */
function nestSettings(facts: ReadonlyMap<string, FileFacts>, ctx: Ctx): Map<string, NestSettings> {
  const byService = new Map<string, NestSettings & { moduleControllers: Record<string, string[]>; modulePaths: Record<string, string> }>();
  for (const f of facts.values()) {
    const service = ctx.fileService[f.file];
    const { globalPrefixExclude, uriVersioning, requestVersioning, moduleControllers, modulePaths, globalGuards } = f.nest;
    const globalPrefix = f.nest.globalPrefix ?? (f.nest.globalPrefixValue && service ? renderedPrefix(ctx, f.file, f.nest.globalPrefixValue, service) : undefined);
    if (!service || (!globalPrefix && !uriVersioning && !requestVersioning && !moduleControllers && !modulePaths && !globalGuards)) continue;
    const entry = byService.get(service) ?? { moduleControllers: {}, modulePaths: {} };
    if (globalGuards) (entry.globalGuards ??= []).push({ file: f.file, steps: globalGuards });
    if (globalPrefix !== undefined) entry.globalPrefix = globalPrefix;
    if (globalPrefixExclude) entry.globalPrefixExclude = globalPrefixExclude;
    if (uriVersioning) entry.uri = uriVersioning.defaultVersion === undefined ? uriVersioning : { ...uriVersioning, defaultVersion: symbolicVersion(ctx, f.file, uriVersioning.defaultVersion) };
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
/** Where a GraphQL endpoint is set up does not make another one: several modules' `GraphQLModule.forRoot` serve one `/graphql`. */
const ONE_ENDPOINT: Location = { file: "", line: 0, column: 0 };

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

/**
 * The router a base class holds (`class CrudRouter { router = Router(); … this.router.get("/:id", …) }`), served by
 * each subclass a path built at run time loads from a version's folder (`routers/v1/shop.ts`: `class extends
 * CrudRouter`): under that version, when all such subclasses are of one version. By the base's router node key.
 */
function versionsOfSubclasses(ctx: Ctx, runTimeOnly: (file: string) => boolean): Map<string, string> {
  const versions = new Map<string, string | null>();
  for (const f of ctx.facts.values()) {
    if (!f.classBases) continue;
    const version = versionFolder(f.file);
    if (!version || !runTimeOnly(f.file)) continue;
    for (const base of Object.values(f.classBases)) {
      if (!("specifier" in base)) continue;
      const target = ctx.resolver.resolve(f.file, base.specifier);
      const found = target ? resolveExport(ctx.facts, ctx.resolver, target, base.name) : undefined;
      if (!found?.id.startsWith("class:")) continue;
      const className = found.id.slice("class:".length);
      for (const [key, owner] of Object.entries(ctx.facts.get(found.file)?.classFields ?? {})) {
        if (!key.startsWith(`${className}.`)) continue;
        const node = `${found.file}#${owner}`;
        const known = versions.get(node);
        versions.set(node, known === undefined || known === version ? version : null);
      }
    }
  }
  return new Map([...versions].filter((entry): entry is [string, string] => entry[1] !== null));
}

/** The class node key of an exported instance (`file#class:Routes`), see classOfInstance. */
function instanceClassKey(facts: ReadonlyMap<string, FileFacts>, resolver: Ctx["resolver"], key: string): string | undefined {
  const hash = key.indexOf("#");
  const found = classOfInstance(facts, resolver, key.slice(0, hash), key.slice(hash + 1));
  return found ? `${found.file}#class:${found.className}` : undefined;
}

/** The version a folder of the file's path is named after (`src/routers/v1/shop.ts` gives v1). */
function versionFolder(file: string): string | undefined {
  const folders = file.split("/").slice(0, -1);
  return folders.reverse().find((folder) => /^v\d+(\.\d+)?$/i.test(folder));
}

/**
 * A module-level constant holding a member of a fresh instance (FileFacts.instanceMembers), for its node key
 * (`file#const:userRouter`, or `file#fn:userRouter` as a mount names a local it cannot bind): the router the class
 * keeps in that field, or that its method returns (`getRouter() { return this.router }`).
 */
function instanceMemberNode(facts: ReadonlyMap<string, FileFacts>, resolver: Ctx["resolver"], key: string): string | undefined {
  const hash = key.indexOf("#");
  const file = key.slice(0, hash);
  const member = facts.get(file)?.instanceMembers?.[key.slice(hash + 1).replace(/^(?:const|fn):/, "")];
  if (!member) return undefined;
  const found = classOfInstance(facts, resolver, file, `instance:${member.className}`);
  if (!found) return undefined;
  if (member.field) return classField(facts, `${found.file}#class:${found.className}`, member.field);
  const returned = facts.get(found.file)?.returns[`fn:${found.className}.${member.method}`];
  return returned ? `${found.file}#${returned}` : undefined;
}

/**
 * What a method of a class instance returns (`orderRoutes.routes()` with `routes() { return this.router }`), for the
 * node key of the instance (`file#const:orderRoutes`) or of its class (`file#class:OrderRoutes`). A node that is no
 * class instance (koa's own `router.routes()`) is itself the child.
 */
function methodReturn(facts: ReadonlyMap<string, FileFacts>, resolver: Ctx["resolver"], key: string, method: string): string | undefined {
  const classKey = key.slice(key.indexOf("#") + 1).startsWith("class:") ? key : instanceClassKey(facts, resolver, key);
  if (!classKey) return key;
  const hash = classKey.indexOf("#");
  const returned = facts.get(classKey.slice(0, hash))?.returns[`fn:${classKey.slice(hash + 1 + "class:".length)}.${method}`];
  return returned ? `${classKey.slice(0, hash)}#${returned}` : undefined;
}

/** The app object a class holds in a field, for a node key of the class (`file#class:OrderRoutes`): undefined when it holds none. */
function classField(facts: ReadonlyMap<string, FileFacts>, classKey: string, field: string): string | undefined {
  const hash = classKey.indexOf("#");
  const id = classKey.slice(hash + 1);
  if (!id.startsWith("class:")) return undefined;
  const file = classKey.slice(0, hash);
  const object = facts.get(file)?.classFields?.[`${id.slice("class:".length)}.${field}`];
  return object ? `${file}#${object}` : undefined;
}

/** Whether the function (`file#fn:proxyTo`) makes a proxy itself (a call of client "proxy" made in it). */
function makesProxy(ctx: Ctx, key: string): boolean {
  const hash = key.indexOf("#");
  const fn = key.slice(hash + 1);
  return ctx.facts.get(key.slice(0, hash))?.calls.some((call) => call.proxy !== undefined && call.inFunction === fn) ?? false;
}

/**
 * `app.use(path, controller.getBook)` (extract/use-routes.ts): a route when the function named is found and takes no
 * `next` (it answers; middleware would pass the request on); undefined when that function is not found.
 */
function answersAtUse(ctx: Ctx, file: string, route: RouteFact): boolean | undefined {
  const resolved = route.handlerRef ? resolveRef(ctx, file, route.handlerRef, undefined) : undefined;
  if (!resolved) return undefined;
  const hash = resolved.indexOf("#");
  const fn = ctx.facts.get(resolved.slice(0, hash))?.functions.find((candidate) => candidate.id === resolved.slice(hash + 1));
  return fn === undefined ? undefined : !fn.takesNext;
}

/** The controller module an AdonisJS route names (the import extract/adonis.ts gives its file) is one the scan read. */
function controllerRead(ctx: Ctx, f: FileFacts, local: string): boolean {
  const imported = f.imports.find((fact) => fact.local === local);
  const target = imported ? ctx.resolver.resolve(f.file, imported.specifier) : undefined;
  return target !== undefined && ctx.facts.has(target);
}
