import type { ArchModel, ModelCall, ModelProxy, ModelRoute, ProxyFact, ServiceInfo } from "../types.js";
import { namesFromEnv } from "./calls.js";
import { CallGraph } from "./graph.js";

/**
 * Proxies in the model: a route whose handler forwards the request it takes (a call of client "proxy" it reaches) is a
 * proxy route, linked to the service its upstream resolves to, with the path the upstream is asked for. A service whose
 * routes are mostly proxies is the edge (an API gateway): sync-call-chain does not count its hop. What cannot be read
 * (an upstream or a path arch-lint cannot resolve, a proxy made where no route mounts it) is a `not-understood`
 * diagnostic, never left silent.
 */

/** Routes that serve no API, left out when deciding whether a service's routes are mostly proxies. */
const PROBE = /(^|\/)(health|healthz|healthcheck|ready|readyz|readiness|live|livez|liveness|metrics|ping|status|openapi\.json|docs)(\/|$)/i;

export function linkProxies(model: ArchModel): ArchModel {
  const proxyCalls = model.calls.filter((call) => call.proxy);
  if (!proxyCalls.length) return model;
  const graph = CallGraph.of(model);
  const services = new Map(model.services.map((service) => [service.name, service]));
  const unfollowed = [...(model.unfollowed ?? [])];
  const reachedCalls = new Set<string>();
  const byEnv = new Map<ModelCall, { targets: string[]; resolution: string } | undefined>();
  const routes = model.routes.map((route): ModelRoute => {
    if (!route.handler) return route;
    const proxies = graph.reachable(route.handler).filter((reached) => reached.call.proxy && (reached.call.service === route.service || !reached.call.service));
    if (!proxies.length) return route;
    const targets = new Set<string>();
    // A proxy a factory makes, made again for this route's own mount with the upstream it passes (model/value-flow.ts):
    // that one says where the route forwards; the factory's call as written (its upstream a parameter) guesses nothing.
    const madeForRoute = proxies.find(({ call }) => call.madeFrom !== undefined && call.targetService !== undefined)?.call;
    let first: ModelCall | undefined = madeForRoute;
    for (const { call } of proxies) {
      reachedCalls.add(call.id);
      first ??= call;
      if (call.targetService) targets.add(call.targetService);
      else if (madeForRoute && madeForRoute.madeFrom === call.id) continue;
      else if (isUnresolved(call)) {
        if (!byEnv.has(call)) byEnv.set(call, upstreamsByEnvironment(services.get(route.service), model.services));
        const guessed = byEnv.get(call)?.targets ?? [];
        // A route whose path names one of them (`/v1/orders/*`, registered for each service of a list) forwards to that one.
        const segments = new Set(route.path.toLowerCase().split("/"));
        const named = guessed.filter((target) => segments.has(target.toLowerCase()));
        for (const target of named.length === 1 ? named : guessed) targets.add(target);
      }
    }
    const call = first!;
    const forwards = forwardedPath(route.path, call.proxy!, upstreamPath(call.url));
    const envGuess = !call.targetService ? byEnv.get(call) : undefined;
    const proxy: ModelProxy = {
      library: call.proxy!.library,
      upstream: call.url,
      ...(targets.size ? { targetServices: [...targets].sort() } : {}),
      ...(forwards !== undefined ? { forwards } : {}),
      resolution: envGuess ? envGuess.resolution : call.resolution ?? "",
      call: call.id,
      location: call.location,
    };
    return { ...route, proxy };
  });

  for (const call of proxyCalls) {
    const where = `${call.location.file}:${call.location.line}`;
    const library = call.proxy!.library;
    if (!reachedCalls.has(call.id) && call.proxy!.upstreamUnknown) {
      // Neither side read (a gateway's route table that is not written out): the reason is the news.
      unfollowed.push({ service: call.service, location: call.location, message: `a proxy (${library}) at ${where} forwards requests, but neither the routes it serves nor its upstream could be read: ${call.proxy!.upstreamUnknown} (they are not checked)` });
      continue;
    }
    // In a file whose router no file loads (model/unloaded-routers.ts): the diagnostic about that file says why.
    if (!reachedCalls.has(call.id) && model.unserved?.some((item) => item.location.file === call.location.file)) continue;
    if (!reachedCalls.has(call.id)) {
      unfollowed.push({ service: call.service, location: call.location, message: `a proxy (${library}) at ${where} forwards to ${call.url}, but no route that uses it was found (it is mounted where arch-lint does not follow), so what it serves is not checked` });
      continue;
    }
    // A factory's proxy whose upstream each mount passes: known where it is made again for them (RouteFact.madeBy).
    const madeAgain = isUnresolved(call) && proxyCalls.some((other) => other.madeFrom === call.id && other.targetService);
    if (call.proxy!.upstreamUnknown || (isUnresolved(call) && !byEnv.get(call) && !madeAgain)) {
      const why = call.proxy!.upstreamUnknown ?? `${call.url} did not resolve (${call.resolution ?? "no resolution"})`;
      unfollowed.push({ service: call.service, location: call.location, message: `a proxy (${library}) at ${where} forwards requests, but its upstream is not known: ${why}` });
    }
    if (call.proxy!.mountUnknown) {
      unfollowed.push({ service: call.service, location: call.location, message: `a proxy (${library}) at ${where} is mounted at ${call.proxy!.mountUnknown}, a path whose value could not be read (a table arch-lint does not read, or one made at run time), so the paths it serves are not checked` });
    }
    if (call.proxy!.pathUnknown) {
      unfollowed.push({ service: call.service, location: call.location, message: `a proxy (${library}) at ${where} forwards requests, but the path it forwards could not be read (${call.proxy!.pathUnknown}), so its versioning is judged by the path it serves` });
    }
  }

  const edgeServices = edgeServicesOf(model.services, routes);
  return {
    ...model,
    routes,
    ...(edgeServices.length ? { edgeServices } : {}),
    ...(unfollowed.length ? { unfollowed } : {}),
  };
}

/** The services that are the edge: most of their routes forward to an upstream. */
export function edgeServicesOf(services: readonly ServiceInfo[], routes: readonly ModelRoute[]): string[] {
  return services.filter((service) => isEdge(service.name, routes)).map((service) => service.name);
}

/** Most of the service's routes (probes and documents aside) forward to an upstream. */
function isEdge(service: string, routes: readonly ModelRoute[]): boolean {
  let proxies = 0;
  let others = 0;
  for (const route of routes) {
    if (route.service !== service || route.probe || PROBE.test(route.path)) continue;
    if (route.proxy) proxies++;
    else others++;
  }
  return proxies > 0 && proxies >= others;
}

/** The upstream's host is not known (a value picked at run time, an unset variable). */
function isUnresolved(call: ModelCall): boolean {
  return !call.targetService && (call.proxy?.upstreamUnknown !== undefined || !/^[a-z][a-z0-9+.-]*:\/\/[^/{}$]+/i.test(call.url));
}

/**
 * An upstream picked at run time from configuration (`config.upstreams[service]`, a base passed in from a list): the
 * services the proxying service's environment holds an address for (`ORDERS_URL=http://orders`, by the <NAME>_URL
 * convention). None: undefined, and the proxy is reported as not understood.
 */
function upstreamsByEnvironment(service: ServiceInfo | undefined, services: readonly ServiceInfo[]): { targets: string[]; resolution: string } | undefined {
  if (!service) return undefined;
  const targets = new Map<string, string>();
  for (const name of Object.keys(service.env).sort()) {
    const candidates = namesFromEnv(name);
    if (!candidates.length) continue;
    const found = services.find((other) => other.name !== service.name && !other.language && (candidates.includes(other.name) || other.hosts.some((host) => candidates.includes(host.toLowerCase()))));
    if (found && !targets.has(found.name)) targets.set(found.name, name);
  }
  if (!targets.size) return undefined;
  const named = [...targets].map(([target, name]) => `${target} (${name})`).join(", ");
  return { targets: [...targets.keys()].sort(), resolution: `the upstream is picked at run time; ${service.name}'s environment has an address for ${named} (by the <NAME>_URL convention)` };
}

/** The path part of an upstream URL (`http://orders:3000/api` → `/api`); empty when there is none or the URL did not resolve. */
function upstreamPath(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/[^?#]*)?/i.exec(url);
  return match?.[1]?.replace(/\/+$/, "") ?? "";
}

/**
 * The path the upstream is asked for when the route's own path is requested: the mount prefix cut off, `rewritePrefix`
 * put in front, `pathRewrite` rules applied, under the upstream URL's own path. Undefined when it cannot be read.
 */
export function forwardedPath(served: string, proxy: ProxyFact, base: string): string | undefined {
  if (proxy.pathUnknown) return undefined;
  let path = served;
  const strip = typeof proxy.strip === "string" ? proxy.strip : proxy.strip?.find((mount) => path.startsWith(mount));
  if (proxy.below && path.endsWith("/*")) path = "/*";
  else if (strip && path.startsWith(strip)) path = path.slice(strip.length);
  if (proxy.prefix) path = `${proxy.prefix.replace(/\/+$/, "")}${path.startsWith("/") || path === "" ? path : `/${path}`}`;
  for (const rule of proxy.rewrite ?? []) {
    try {
      path = path.replace(new RegExp(rule.from), rule.to);
    } catch {
      return undefined;
    }
  }
  const joined = `${base}${path && !path.startsWith("/") ? "/" : ""}${path}`.replace(/\/{2,}/g, "/");
  return joined || "/";
}
