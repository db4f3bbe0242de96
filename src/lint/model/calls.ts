import { posix } from "node:path";
import type { FileFacts, HttpCallFact, LiteralHost, ModelCall, ModelRoute, ServiceInfo, Value } from "../types.js";
import type { Ctx } from "./context.js";
import { resolveExport } from "./resolve.js";
import { redact, renderValue, type Rendered } from "./values.js";
import { literalHostOf } from "./literal-hosts.js";
import { axiosDefaultsTimeouts, clientClassGuards, locationKey, resolveRef } from "./call-graph.js";
import { matchRoute } from "./match-route.js";
import { platformApp } from "./platform-hosts.js";
import { daprInvocation, pathOfUrl, serviceOfAppId } from "./dapr.js";
import { nameStem } from "../discover/placement.js";
import { madeClientOf } from "./typed-clients.js";
import { madeClient } from "./made-clients.js";
import { rpcCalleeCalls } from "./rpc-callees.js";
import { exclusiveArms } from "../extract/arms.js";

/**
 * The model's HTTP calls: each call fact's URL rendered through env and constants, and the service
 * and route it reaches (by host, env variable name, base name or convention).
 */

/**
 * Endings of a variable that holds a service's address, its name before them: `ORDERS_SERVICE_URL`, and the bare
 * `BILLING_SERVICE_API` / `PAYMENT_API` / `USERS_SERVICE` some repositories give the whole base URL.
 */
const URL_SUFFIXES = ["_SERVICE_BASE_URL", "_SERVICE_URL", "_BASE_URL", "_API_URL", "_URL", "_SERVICE_URI", "_API_URI", "_URI", "_HOST", "_SERVICE_HOST", "_ENDPOINT", "_ADDR", "_ADDRESS", "_SERVICE_IP", "_IP", "_SERVICE_API", "_API", "_SERVICE"];

/** Clients whose calls are read from a method chain alone (no HTTP verb): kept only through a client of their own kind. */
const RPC_CLIENTS = new Set<HttpCallFact["client"]>(["trpc", "connect", "ts-rest", "hono"]);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** An IPv6 address as a URL writes it, in brackets (`[fd00::8]`, `[::1]`). */
const IPV6 = /^\[[0-9a-f:.]+\]$/i;
const URL_PATTERN = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]/?#]*\]|[^/:?#]*)(?::([^/?#]*))?([^?#]*)/i;

export function buildCalls(ctx: Ctx, routes: ModelRoute[]): ModelCall[] {
  const calls: ModelCall[] = [];
  const nestModules = nestHttpModules(ctx);
  const axiosDefaults = axiosDefaultsTimeouts(ctx);
  for (const f of ctx.facts.values()) {
    const service = ctx.fileService[f.file] ?? "";
    const env = ctx.envOf(service || undefined);
    // One place may make several calls (a call in a loop over a literal list of hosts): each its own id after the first.
    const idsAt = new Map<string, number>();
    const rpc = rpcCalleeCalls(ctx, f);
    for (const call of rpc.length ? [...f.calls, ...rpc] : f.calls) {
      let value = call.url;
      // The file the base URL is written in, when another file writes it (a client instance, a NestJS module): where its host comes from.
      let baseFile: string | undefined;
      // The URL as the calling file names its imports, when the base comes from another module (`value` keeps them as written there).
      let forRender: Value | undefined;
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
        const exportedFacts = exported ? ctx.facts.get(exported.file) : undefined;
        // `export const users = clientFor(process.env.USERS_URL)` there: the client that function returns (made-clients.ts).
        const client = exportedFacts?.clients[exported!.id] ?? (exportedFacts && exported!.id.startsWith("const:") ? madeClient(ctx, exportedFacts, exported!.id.slice("const:".length)) : undefined);
        if (!client) continue;
        // A procedure chain of an RPC library (`orders.byId.query()`, extract/trpc.ts) is a call only through that library's client.
        if (RPC_CLIENTS.has(call.client) && client.client !== call.client) continue;
        if (client.base) {
          // The base is written in the module that makes the instance: its relative imports (`env.usersUrl` of `../env`) are that module's.
          forRender = { parts: [...importsAsSeenFrom(ctx, client.base, exported!.file, f.file).parts, ...value.parts] };
          value = { parts: [...client.base.parts, ...value.parts] };
          baseFile = exported!.file;
        }
        if (client.timeout && !timeout) timeout = `the timeout of the instance ${call.instance.name} (${exported!.file})`;
      }
      let client = call.client;
      if (call.made) {
        // Through a constant a function of the project made: the client it returns, else no call at all.
        const made = madeClient(ctx, f, call.made);
        if (!made) continue;
        client = made.client;
        const absolute = value.parts[0]?.kind === "text" && /^[a-z][a-z0-9+.-]*:\/\//i.test(value.parts[0].text);
        if (made.base && !absolute) {
          forRender = undefined;
          value = { parts: [...made.base.parts, ...value.parts] };
          baseFile = made.file;
        }
        if (made.timeout && !timeout) timeout = `the timeout of the client ${call.made} (${made.file})`;
      }
      let typedNote: string | undefined;
      if (call.typedClient) {
        // A client the class is handed, typed with its library's class: the one instance the service makes.
        const made = madeClientOf(ctx, service, call.client);
        if (typeof made === "object") {
          forRender = undefined;
          value = made.base;
          baseFile = made.file;
          if (made.timeout && !timeout) timeout = `the timeout of the ${call.client} client made in ${made.file}`;
        } else typedNote = made === "several" ? `the class is handed a ${call.client} client, and ${service || "its service"} makes several` : `the class is handed a ${call.client} client that ${service || "its service"} never makes`;
      }
      const rendered = renderValue(ctx, f.file, forRender ?? value, env);
      const daprAppId = call.daprAppId ? renderValue(ctx, f.file, call.daprAppId, env).text : undefined;
      let target = call.encore ? encoreTarget(ctx, call.encore, routes) : resolveTarget(ctx, service, rendered, call.method, routes, daprAppId);
      // `${this.baseUrl}/users/create` in a method of UserManagementClient: the client class is named for the service it calls.
      const byClass = target.service ? undefined : byClientClass(ctx, service, call.inFunction, rendered.text);
      if (byClass) {
        const route = matchRoute(routes, byClass.service.name, call.method, byClass.path);
        target = { service: byClass.service.name, ...(route ? { route } : {}), resolution: `${byClass.name} (its base set at run time; the client class ${byClass.className} is named for the service)` };
      }
      // `getInstancesByAppId("orders")` asked in the same function and branch: the instance the registry answers with.
      const looked = target.service ? undefined : byRegistryLookup(ctx, f, service, call);
      if (looked) {
        const route = matchRoute(routes, looked.service.name, call.method, pathOfRendered(rendered.text));
        target = { service: looked.service.name, ...(route ? { route } : {}), resolution: `${looked.registry} asked for "${looked.name}" at line ${looked.line} (an instance looked up by its name at run time)` };
      }
      const daprApp = daprAppId ?? daprInvocation(rendered.text)?.appId;
      // An Encore call names a service, not a host: Encore routes it wherever that service runs.
      const literalHost = call.encore ? undefined : literalHostOf(ctx, baseFile ?? f.file, value, false, f.file);
      // Code outside any service (a shared client package) runs with the env of whichever service calls it:
      // the services that import it, or every service when none does (its callers are not known).
      let perService: ModelCall["perService"];
      if (!service && rendered.envNames.length) {
        perService = {};
        const users = ctx.usersOf(f.file);
        const callers = users.length ? users.map((user) => ctx.serviceByName.get(user.service)!) : ctx.services;
        for (const caller of callers) {
          const own = renderValue(ctx, f.file, forRender ?? value, ctx.envOf(caller.name));
          const resolved = resolveTarget(ctx, caller.name, own, call.method, routes, daprAppId);
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
      const defaults = client === "axios" && !timeout ? axiosDefaults.get(service) : undefined;
      if (defaults) timeout = `axios.defaults.timeout (${defaults.file}:${defaults.line})`;
      // Through the sidecar, the target app's Dapr resiliency policy bounds the call too.
      const resiliency = daprApp && target.service ? ctx.serviceByName.get(target.service)?.daprResiliency : undefined;
      if (!timeout && resiliency?.timeout) timeout = resiliency.timeout;
      const breaker = classGuards?.breaker ?? (resiliency?.breaker ? resiliency.location : undefined);
      const place = locationKey(call.location);
      const nth = idsAt.get(place) ?? 0;
      idsAt.set(place, nth + 1);
      calls.push({
        id: nth ? `${place}#${nth}` : place,
        service,
        client,
        method: call.method,
        url: redact(rendered.text),
        ...(target.service ? { targetService: target.service } : {}),
        ...(target.route ? { targetRoute: target.route } : {}),
        resolution: typedNote ? `${target.resolution} (${typedNote})` : target.resolution,
        ...(call.inFunction ? { inFunction: `${f.file}#${call.inFunction}` } : {}),
        awaited: call.awaited,
        parallel: call.parallel,
        ...(call.arms ? { arms: call.arms } : {}),
        ...(call.fired ? { fired: true as const } : {}),
        ...(literalHost ? { literalHost } : {}),
        ...(timeout || breaker ? { guards: { ...(timeout ? { timeout } : {}), ...(breaker ? { breaker } : {}) } } : {}),
        ...(call.proxy ? { proxy: call.proxy } : {}),
        ...(daprApp ? { dapr: { appId: daprApp } } : {}),
        ...(perService ? { perService } : {}),
        ...(!service && literalHost ? usedByOf(ctx, f.file) : {}),
        location: call.location,
      });
    }
  }
  calls.push(...helperCalls(ctx, routes));
  inheritTimeouts(calls);
  return calls;
}

/**
 * A request made at a call site through a helper (ModelCall.madeFrom) is the helper's request: what bounds the helper's
 * call bounds it too, wherever that bound is written (the helper's options, its instance, the HttpModule of its class).
 */
function inheritTimeouts(calls: ModelCall[]): void {
  let byId: Map<string, ModelCall> | undefined;
  for (const call of calls) {
    if (!call.madeFrom || call.guards?.timeout) continue;
    byId ??= new Map(calls.map((c) => [c.id, c]));
    const timeout = byId.get(call.madeFrom)?.guards?.timeout;
    if (timeout) call.guards = { ...call.guards, timeout };
  }
}

/**
 * Calls the value flow made (model/value-flow.ts): one at a place no call was found yet is added; one where a call
 * is already known replaces it when it finds a service (it read what the callers pass, the known call only what
 * the function itself writes, such as a fallback they override).
 */
export function mergeCalls(calls: ModelCall[], made: readonly ModelCall[]): void {
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
    // The known call's guards and branches are the same place's: kept when the value flow's call does not say.
    if (call.targetService) calls[index] = { ...call, ...(known.guards && !call.guards ? { guards: known.guards } : {}), ...(known.arms && !call.arms ? { arms: known.arms } : {}) };
  }
  inheritTimeouts(calls);
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
      const url: Value = { parts: [...arg.url.parts, ...helper.url.parts.slice(1)] };
      const rendered = renderValue(ctx, f.file, url, ctx.envOf(service || undefined));
      // getJson("http://localhost:7474/friends"): the address the caller writes is written into the code all the same.
      const literalHost = literalHostOf(ctx, f.file, url);
      // request(options) in the helper: the method the caller's options name, when they name one.
      const method = arg.method ?? helper.method;
      const target = resolveTarget(ctx, service, rendered, method, routes);
      made.push({
        id: locationKey(callee.location),
        madeFrom: locationKey(helper.location),
        service,
        client: helper.client,
        method,
        url: redact(rendered.text),
        ...(target.service ? { targetService: target.service } : {}),
        ...(target.route ? { targetRoute: target.route } : {}),
        resolution: target.resolution,
        inFunction: `${f.file}#${callee.from}`,
        awaited: callee.awaited,
        parallel: callee.parallel,
        ...(callee.arms ? { arms: callee.arms } : {}),
        location: callee.location,
        ...(literalHost ? { literalHost } : {}),
        // Made through breaker.fire(url): the breaker runs the helper, so this request is behind it.
        ...(callee.fired ? { guards: { breaker: callee.location } } : {}),
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
export function resolveAddress(ctx: Ctx, file: string, service: string, address: Value): { text: string; service?: string; resolution: string; byConvention: boolean; literalHost?: LiteralHost } {
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
    const env = ctx.envOf(service);
    for (const { port } of f.listens) {
      // `process.env.APP_PORT || 3000` with APP_PORT=3006 only in .env.example: the value rendering takes the code's
      // default, yet the example is the port the repository's other services are written against (a gateway's
      // `http://localhost:3006`). Both are ports it may listen on; a copy of the env is one no example marks.
      for (const text of new Set([renderValue(ctx, f.file, port, env).text, renderValue(ctx, f.file, port, { ...env }).text])) {
        const n = Number(text);
        if (!Number.isInteger(n) || n <= 0) continue;
        const set = ports.get(service) ?? new Set<number>();
        set.add(n);
        ports.set(service, set);
      }
    }
  }
  codePortsCache.set(ctx, ports);
  return ports;
}

/** Services by lower-cased host name; a host two services answer to belongs to the first (in model order). */
export function indexHosts(services: readonly ServiceInfo[]): Map<string, ServiceInfo> {
  const index = new Map<string, ServiceInfo>();
  for (const service of services) for (const host of service.hosts) if (!index.has(host.toLowerCase())) index.set(host.toLowerCase(), service);
  return index;
}

/**
 * The service a host names, seen from the calling service: when several compose projects of the repository each
 * have a service of that name (variants of one system side by side, `examples/a/` and `examples/b/`), the one in the
 * caller's own project is the container its code reaches; otherwise the first in model order.
 */
export function serviceOfHost(ctx: Pick<Ctx, "hosts" | "services" | "serviceByName">, self: string, host: string): ServiceInfo | undefined {
  const key = host.toLowerCase();
  const first = ctx.hosts.get(key);
  if (!first) return undefined;
  const project = ctx.serviceByName.get(self)?.composeProject?.folder;
  if (project === undefined || first.composeProject?.folder === project) return first;
  return ctx.services.find((s) => s.composeProject?.folder === project && s.hosts.some((h) => h.toLowerCase() === key)) ?? first;
}

/**
 * Of several services listening on one port, the one whose folder shares the most leading folders with the caller's:
 * two copies of one system side by side (`shop/orders` and `shop-v2/orders`, each with its own `payments` on 4001) each
 * reach their own sibling on localhost. Undefined when no single service is nearest (flat repositories whose services
 * all listen on 3000 inside their containers stay unresolved).
 */
function nearestInFolders(caller: ServiceInfo | undefined, listening: readonly ServiceInfo[]): ServiceInfo | undefined {
  if (!caller || listening.length < 2) return undefined;
  const shared = (root: string): number => {
    const a = caller.root.split("/").filter(Boolean);
    const b = root.split("/").filter(Boolean);
    let n = 0;
    while (n < a.length - 1 && n < b.length - 1 && a[n] === b[n]) n++;
    return n;
  };
  const depths = listening.map((s) => shared(s.root));
  const best = Math.max(...depths);
  const nearest = listening.filter((_, i) => depths[i] === best);
  return best > 0 && nearest.length === 1 ? nearest[0] : undefined;
}

/** `USERS_SERVICE_URL` → ["users-service", "users", "user"]; `SERVICE_USERS_URL` → the same and "service-users". */
export function namesFromEnv(name: string): string[] {
  const suffix = URL_SUFFIXES.find((s) => name.endsWith(s));
  if (!suffix) return [];
  const stem = name.slice(0, -suffix.length).toLowerCase().replace(/_/g, "-");
  if (!stem) return [];
  // ORDERS_ADAPTOR_URL, ORDERS_CLIENT_URL: the client the calling code makes for the service is named after it too.
  // SERVICE_USERS_URL, SVC_BILLING_URL: the word that says it is a service written first.
  const bare = stem.replace(/-(service|svc|api|adaptor|adapter|client)$/, "").replace(/^(service|svc)-(?=.)/, "");
  // USERS_SERVICE_URL may name users, user, users-service or user-service: singular and plural before the suffix.
  const stems = new Set([stem, bare, ...[stem, bare].map((n) => (n.endsWith("s") ? n.slice(0, -1) : `${n}s`))]);
  const names = new Set<string>();
  for (const n of stems) if (n) for (const name of [n, `${n}-service`, `${n}-api`, `${n}-service-api`]) names.add(name);
  return [...names];
}

/**
 * Whether a service or host name is one of namesFromEnv's candidates, also written without its separators
 * (`SERVICEA_URL` for service-a: a variable's name cannot hold a dash, and `SERVICE_A_URL` reads as another word).
 */
function namedByEnv(candidates: readonly string[], name: string): boolean {
  const written = dashed(name);
  if (candidates.includes(written)) return true;
  const bare = written.replace(/-/g, "");
  if (bare.length < 4) return false;
  if (bare !== written && candidates.some((candidate) => candidate === bare)) return true;
  // `AUTH_SERVICE_URL` for a service in a folder `AuthService` (named `authservice`): the candidate written without its dash.
  return bare === written && candidates.some((candidate) => candidate.includes("-") && candidate.replace(/-/g, "") === bare);
}

/** A service or host name as namesFromEnv spells its candidates: `order_service` is `order-service`. */
function dashed(name: string): string {
  return name.toLowerCase().replace(/_/g, "-");
}

export function resolveTarget(ctx: Ctx, self: string, rendered: Rendered, method: string, routes: ModelRoute[], daprAppId?: string): { service?: string; route?: string; resolution: string } {
  const notes = rendered.notes.length ? ` (${rendered.notes.join(", ")})` : "";
  const dapr = daprAppId !== undefined ? { appId: daprAppId, path: pathOfUrl(rendered.text) } : daprInvocation(rendered.text);
  if (dapr) return resolveDapr(ctx, self, dapr, method, routes, notes);
  const match = URL_PATTERN.exec(rendered.text);
  let service: ServiceInfo | undefined;
  let resolution = "";
  let path = "";
  if (match) {
    let host = match[2] ?? "";
    // `https://task-worker-7m56.onrender.com${route}`: a whole domain name, then the path a value gives; the host ends
    // where the placeholder starts (a name with a hole inside, `http://user{suffix}`, is read below as it is).
    const brace = match[3] === undefined ? host.indexOf("{") : -1;
    const pathHole = brace > 0 && /\.[a-z]{2,}$/i.test(host.slice(0, brace)) ? host.slice(brace) : "";
    if (pathHole) host = host.slice(0, brace);
    // `${base}:${port}${req.url}` renders as http://localhost:8081{req.url}: the port ends where a placeholder starts.
    const split = /^(\d+)(\{.*)$/.exec(match[3] ?? "");
    const port = Number(split ? split[1] : match[3]);
    path = pathHole + (split ? split[2] : "") + (match[4] ?? "");
    const named = hostName(host);
    if (named && !service) {
      // http://user%s with a `.namespace` suffix known only at run time, a Kubernetes DNS name.
      service = serviceOfHost(ctx, self, named.name);
      if (service) resolution = `host ${host} (${named.why})${notes}`;
    }
    if (!service && (host.includes("${") || host.includes("{"))) resolution = `the host ${host} did not resolve${notes}`;
    else if (!service) {
      service = serviceOfHost(ctx, self, host);
      const linked = service ? undefined : linkedService(ctx, self, host);
      if (linked) {
        service = linked.service;
        resolution = `host ${host} (${linked.why})${notes}`;
      }
      if (!service && !named) {
        const generated = composeContainerService(ctx, self, host);
        if (generated) {
          service = generated.service;
          resolution = `host ${host} (compose's name for a container of ${generated.name})${notes}`;
        }
      }
      if (!service && (/^(localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal|\[::1?\])$/.test(host) || ((IPV4.test(host) || IPV6.test(host)) && port !== 80 && port !== 443)) && Number.isInteger(port)) {
        // Only when exactly one other service listens there: many services share 3000 inside their containers.
        // An IP address with a port (the one machine every service runs on, 10.0.0.5:3001) is read the same way.
        // Several elsewhere and not the caller itself: the one in the caller's own part of the tree (nearestInFolders).
        const listening = ctx.services.filter((s) => s.ports.includes(port) || codePorts(ctx).get(s.name)?.has(port));
        if (!listening.some((s) => s.name === self)) service = listening.length === 1 ? listening[0] : nearestInFolders(ctx.serviceByName.get(self), listening);
      }
      // https://library-book-microservices.onrender.com/books: another service of the repository, deployed on a hosting platform.
      const hosted = service ? undefined : platformApp(ctx, self, host, method, path, routes);
      if (hosted) {
        service = hosted.service;
        resolution = `host ${host} (${hosted.why})${notes}`;
      }
      resolution ||= service ? `host ${host}${notes}` : `host ${host} is not a known service${notes}`;
    }
  }
  if (!service && rendered.missingEnv.length) {
    const name = rendered.missingEnv[0]!;
    const candidates = namesFromEnv(name);
    service = ctx.services.find((s) => namedByEnv(candidates, s.name) || namedByEnv(candidates, posix.basename(s.root)) || s.hosts.some((h) => namedByEnv(candidates, h)));
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
    // `${await discoverService("address-service")}/api/addresses`: a registry (Consul, Eureka) asked for a service by name.
    const discovered = named ? undefined : byDiscoveredName(ctx, self, rendered.text);
    if (discovered) {
      service = discovered.service;
      resolution = `${discovered.call} (a service looked up by its name at run time)`;
      path = discovered.path;
    }
  }
  if (!service && match) {
    // A host outside the repository (host.docker.internal, a load balancer): the variable's name may still say which service it is.
    for (const name of rendered.envNames) {
      const candidates = namesFromEnv(name);
      const byName = ctx.services.find((s) => s.name !== self && (namedByEnv(candidates, s.name) || namedByEnv(candidates, posix.basename(s.root)) || s.hosts.some((h) => namedByEnv(candidates, h))));
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

/** A call through the caller's Dapr sidecar: the service whose app id it names, at the path it asks for. */
function resolveDapr(ctx: Ctx, self: string, dapr: { appId: string; path: string }, method: string, routes: ModelRoute[], notes: string): { service?: string; route?: string; resolution: string } {
  if (/[{}]/.test(dapr.appId)) return { resolution: `the Dapr app id ${dapr.appId} did not resolve${notes}` };
  const found = serviceOfAppId(ctx, self, dapr.appId);
  if (!found) return { resolution: `the Dapr app id ${dapr.appId} is no scanned service's (its deployment names it with the dapr.io/app-id annotation or dapr run --app-id)${notes}` };
  const route = matchRoute(routes, found.service.name, method, dapr.path);
  return { service: found.service.name, ...(route ? { route } : {}), resolution: `the Dapr app id ${dapr.appId} through the sidecar (${found.why})${notes}` };
}

/** A URL that starts with a value known only at run time, `{config.cartServiceAddr}/v1/carts`: the service its name names. */
function byNameOfBase(ctx: Ctx, self: string, text: string): { service: ServiceInfo; name: string; path: string } | undefined {
  // `{config().ordersUrl}` too: a settings function called with no arguments, then the property that names the URL. And
  // a getter called with none, `{this.getInventoryUrl()}` (a function handed in that asks a registry for the address).
  const lead = /^\{((?:[\w$]+(?:\(\))?\.)*[\w$]+)(\(\))?\}(.*)$/.exec(text);
  if (!lead) return undefined;
  const name = lead[1]!;
  const named = name.slice(name.lastIndexOf(".") + 1);
  const last = lead[2] ? named.replace(/^get(?=[A-Z])/, "") : named;
  const envLike = last.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
  const candidates = namesFromEnv(envLike);
  if (!candidates.length) return undefined;
  const service = ctx.services.find((s) => s.name !== self && (candidates.includes(s.name) || s.hosts.some((h) => candidates.includes(h.toLowerCase())))) ?? ctx.services.find((s) => s.name !== self && (namedByEnv(candidates, s.name) || namedByEnv(candidates, posix.basename(s.root))));
  return service ? { service, name: lead[2] ? `${name}()` : name, path: lead[3]! } : undefined;
}

/** Words a client class's name ends with that say what it is, not which service it calls. */
const CLIENT_CLASS_SUFFIX = /(?:Service)?(?:Client|Api|HttpClient|Http|Adapter|Proxy|Connector|Gateway)$|Service$/;

/**
 * `{baseUrl}/users/create` in a method of `UserManagementClient` (the base a field the instance was made with): the
 * service the class is named for, its name without `Client`/`Api`/`Service`/… read as a <NAME>_URL variable's would be. Only
 * for a base that is a plain name (a field or a parameter) followed by a path, and only when one other service answers to that name.
 */
function byClientClass(ctx: Ctx, self: string, inFunction: string | undefined, text: string): { service: ServiceInfo; name: string; className: string; path: string } | undefined {
  const owner = inFunction && /^fn:([A-Z][A-Za-z0-9]*)\.[\w$]+$/.exec(inFunction)?.[1];
  // A path after the base: a whole URL handed in (`get(url)`, a helper's parameter) is its callers' to say.
  const lead = /^\{((?:this\.)?[\w$]+)\}(\/.+)$/.exec(text);
  if (!owner || !lead || !CLIENT_CLASS_SUFFIX.test(owner)) return undefined;
  const stem = owner.replace(CLIENT_CLASS_SUFFIX, "");
  if (!stem) return undefined;
  const candidates = namesFromEnv(`${stem.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}_URL`);
  const found = ctx.services.filter((s) => s.name !== self && (candidates.includes(dashed(s.name)) || candidates.includes(dashed(posix.basename(s.root))) || s.hosts.some((h) => candidates.includes(dashed(h)))));
  return found.length === 1 ? { service: found[0]!, name: lead[1]!, className: owner, path: lead[2]! } : undefined;
}

/**
 * A URL whose base is what a function returns for a service's name (`{await discoverService("address-service")}/api/x`,
 * `{registry.lookup('orders')}/v1/orders`): a registry such as Consul's answers with that service's address. Only when
 * the name is exactly one other service's (its name, a host, its package's or its folder's name, also but for a
 * `-service` suffix).
 */
function byDiscoveredName(ctx: Ctx, self: string, text: string): { service: ServiceInfo; call: string; path: string } | undefined {
  const lead = /^\{((?:await\s+)?[\w$.]+\(\s*["'`]([\w.-]+)["'`]\s*\))\}(.*)$/.exec(text);
  if (!lead) return undefined;
  const wanted = nameStem(lead[2]!);
  const found = ctx.services.filter((s) => s.name !== self && [s.name, s.packageName, posix.basename(s.root), ...s.hosts].some((n) => n !== undefined && nameStem(n) === wanted));
  return found.length === 1 ? { service: found[0]!, call: lead[1]!, path: lead[3]! } : undefined;
}

/**
 * A call whose URL did not resolve, made in a function that asks a registry for one service by name (and in no branch
 * that excludes the call): that service, when the name is exactly one other service's (as byDiscoveredName matches).
 */
function byRegistryLookup(ctx: Ctx, f: FileFacts, self: string, call: HttpCallFact): { service: ServiceInfo; registry: string; name: string; line: number } | undefined {
  if (!f.registryLookups || call.inFunction === undefined) return undefined;
  const lookups = f.registryLookups.filter((lookup) => lookup.inFunction === call.inFunction && !exclusiveArms(lookup, call));
  const names = new Set(lookups.map((lookup) => nameStem(lookup.name)));
  if (names.size !== 1) return undefined;
  const wanted = [...names][0]!;
  const found = ctx.services.filter((s) => s.name !== self && [s.name, s.packageName, posix.basename(s.root), ...s.hosts].some((n) => n !== undefined && nameStem(n) === wanted));
  return found.length === 1 ? { service: found[0]!, registry: lookups[0]!.registry, name: lookups[0]!.name, line: lookups[0]!.location.line } : undefined;
}

/** The path of a rendered URL, when it has a scheme and host written out; "" otherwise (the registry gives the base). */
function pathOfRendered(text: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(text)?.[1] ?? "";
}

const KUBERNETES_DNS = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.[a-z0-9-]+\.svc(?:\.cluster\.local)?\.?$/;
/** A label, then parts known at run time only: `catalogue{domain}`, and `catalogue{domain}{req.url}` when a proxy appends the incoming path. */
const LABEL_THEN_UNKNOWN = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\$?\{[^}]*\})+$/;

/**
 * The service name inside a host that is not itself a service's host: `catalogue.shop.svc.cluster.local`
 * (a Kubernetes Service in namespace shop), `catalogue{domain}` (a label followed by a suffix set at run
 * time, as `util.format("http://catalogue%s", domain)` builds it).
 */
/**
 * A name the caller's compose entry gives another container: `links: ["orders:orders.local"]` (a service of its own
 * project) or `external_links: ["payments_web_1:payments.local"]` (a container of another project, here the `web`
 * service of the project compose runs in the folder `payments`, or a `container_name`).
 */
function linkedService(ctx: Ctx, self: string, host: string): { service: ServiceInfo; why: string } | undefined {
  const info = ctx.serviceByName.get(self);
  const project = info?.composeProject?.folder;
  if (project === undefined) return undefined;
  const key = host.toLowerCase();
  const entry = ctx.compose.find((e) => e.project === project && (e.context === info!.root || e.name === self) && (e.links?.[key] || e.externalLinks?.[key]));
  if (!entry) return undefined;
  const local = entry.links?.[key];
  const own = local ? serviceOfHost(ctx, self, local) : undefined;
  if (own && own.name !== self) return { service: own, why: `a links alias of ${local}` };
  const container = entry.externalLinks?.[key];
  if (!container) return undefined;
  const named = ctx.services.find((s) => s.name !== self && s.hosts.some((h) => h.toLowerCase() === container.toLowerCase()));
  if (named) return { service: named, why: `an external_links alias of ${container}` };
  // <project>_<service>_<n> (Compose v1) or <project>-<service>-<n>: the project is the folder's name, as compose makes it.
  const lower = container.toLowerCase();
  for (const candidate of ctx.services) {
    const folder = candidate.composeProject?.folder;
    if (candidate.name === self || folder === undefined || folder === "") continue;
    const prefix = posix.basename(folder).toLowerCase().replace(/[^a-z0-9_-]/g, "");
    for (const separator of ["_", "-"]) {
      if (!lower.startsWith(`${prefix}${separator}`)) continue;
      const rest = lower.slice(prefix.length + 1).replace(/[-_]\d+$/, "");
      if (candidate.hosts.some((h) => h.toLowerCase() === rest)) return { service: candidate, why: `an external_links alias of ${container}, compose's name for the ${rest} container of the project in ${folder}` };
    }
  }
  return undefined;
}

/**
 * The compose service a container name compose made up itself reaches: `<project>-<service>-<n>` (Compose v2) or
 * `<project>_<service>_<n>` (v1), the project being the folder compose ran in, so any prefix. Only a service compose
 * runs, and the longest name that is one.
 */
function composeContainerService(ctx: Pick<Ctx, "hosts" | "services" | "serviceByName">, self: string, host: string): { service: ServiceInfo; name: string } | undefined {
  const match = /^(.+?)([-_])(\d+)$/.exec(host.toLowerCase());
  if (!match) return undefined;
  const [, body, separator] = match as unknown as [string, string, string];
  for (let at = body.indexOf(separator); at > 0; at = body.indexOf(separator, at + 1)) {
    const name = body.slice(at + 1);
    const service = serviceOfHost(ctx, self, name);
    if (service?.composeProject && service.name !== self) return { service, name };
  }
  return undefined;
}

function hostName(host: string): { name: string; why: string } | undefined {
  const lower = host.toLowerCase();
  const dns = KUBERNETES_DNS.exec(lower);
  if (dns) return { name: dns[1]!, why: "a Kubernetes Service DNS name" };
  const prefix = LABEL_THEN_UNKNOWN.exec(lower);
  if (prefix) return { name: prefix[1]!, why: `the host's first label, the rest set at run time` };
  return undefined;
}

/** Relative imports in a value written in `from`, as `to` names the same modules (a base URL read where a call is made). */
function importsAsSeenFrom(ctx: Ctx, value: Value, from: string, to: string): Value {
  if (from === to || !value.parts.some((part) => part.kind === "import" && part.specifier.startsWith("."))) return value;
  return {
    parts: value.parts.map((part) => {
      if (part.kind !== "import" || !part.specifier.startsWith(".")) return part;
      const target = ctx.resolver.resolve(from, part.specifier);
      if (!target) return part;
      // As the code would write it: without the source file's extension, which the resolver adds back.
      const relative = posix.relative(posix.dirname(to), target).replace(/\.(?:[cm]?[jt]s|[jt]sx)$/, "");
      return { ...part, specifier: relative.startsWith(".") ? relative : `./${relative}` };
    }),
  };
}

/**
 * An Encore.ts service call (`site.get(req)` through `~encore/clients`, extract/encore.ts): the service Encore knows by
 * that name, and its endpoint exported under the method's name. Encore routes it by name, so no URL is involved.
 */
function encoreTarget(ctx: Ctx, called: { service: string; endpoint: string }, routes: readonly ModelRoute[]): { service?: string; route?: string; resolution: string } {
  const service = ctx.serviceByName.get(called.service);
  if (!service) return { resolution: `the Encore client ${called.service} names no service of the scan (~encore/clients)` };
  const route = routes.find((r) => r.service === service.name && r.encoreEndpoint === called.endpoint);
  return {
    service: service.name,
    ...(route ? { route: route.id } : {}),
    resolution: route ? `the Encore client ${called.service}.${called.endpoint} (~encore/clients)` : `the Encore client ${called.service} (~encore/clients); no endpoint ${called.endpoint} was found in it`,
  };
}

/** The services that import a library file (each through its own imports), when there are any. */
function usedByOf(ctx: Ctx, file: string): { usedBy?: string[] } {
  const users = [...new Set(ctx.usersOf(file).map((user) => user.service))].sort();
  return users.length ? { usedBy: users } : {};
}
