import { defineRule } from "../rule.js";
import type { ModelRoute } from "../types.js";
import { UNRESOLVED } from "../model/values.js";
import { API_PREFIX, unresolvedWhereVersionGoes } from "../model/version-position.js";

/**
 * Public routes carry a version segment (`/v1/...`, `/api/v1/...`), so a
 * breaking change can ship beside the old contract. Health, readiness and
 * metrics endpoints are infrastructure and exempt; catch-all and not-found
 * handlers are no route at all.
 */

export interface UnversionedRouteOptions {
  pattern: string;
  exempt: string[];
  probes: boolean;
}

export const DEFAULT_EXEMPT = ["/health", "/health/*", "/healthz", "/healthcheck", "/health-check", "/ready", "/readyz", "/readiness", "/live", "/livez", "/liveness", "/metrics", "/ping", "/status", "/favicon.ico"];

/**
 * A version segment anywhere in the static prefix before the resource: `/v1`, `/api/v1`, `/v1.2`,
 * `/v2024-01-01`, a bare date segment (`/2024-01-01`), or a version parameter (`/api/:version/users`).
 */
export const DEFAULT_PATTERN = "^(/[^/:{}*()]+)*?/([vV]\\d+(\\.\\d+)*|[vV]?\\d{4}-\\d{2}-\\d{2}|:(v|version|apiVersion|api_version)(\\([^/]*\\))?)(/|$)";

/**
 * An entry matches the whole path or its end after a static prefix (`/health` also matches `/api/health`,
 * never `/healthcare`); `/health/*` matches `/health/db` and deeper. An entry whose word also names resources
 * (`/status`, `/metrics`, `/ping`) matches after `/api`-like and version segments only: `/api/v1/metrics` is a
 * probe, `/internal/auth/mfa/status` and `/internal/admin/metrics` are an API's resources. Leading underscores of a
 * segment are not part of the word (`/_health` is `/health`).
 */
export function isExempt(path: string, exempt: readonly string[]): boolean {
  // `/_health`, `/__status`: internal endpoints marked by leading underscores are the probes without them.
  const normalized = (path.length > 1 ? path.replace(/\/+$/, "") : path).replace(/\/_+(?=[A-Za-z])/g, "/");
  return exempt.some((entry) => {
    if (entry === "/") return normalized === "/";
    const wildcard = entry.endsWith("/*");
    const base = wildcard ? entry.slice(0, -2) : entry.replace(/\/+$/, "");
    const anyPrefix = PROBE_ONLY_WORD.test(base.split("/").pop() ?? "");
    for (let at = normalized.indexOf(base); at >= 0; at = normalized.indexOf(base, at + 1)) {
      const prefix = normalized.slice(0, at);
      if (!isStaticPrefix(prefix)) break;
      if (!anyPrefix && !isMountPrefix(prefix)) continue;
      const rest = normalized.slice(at + base.length);
      if (rest === "" || (wildcard && rest.startsWith("/"))) return true;
    }
    return false;
  });
}

/** Words only probes are named by (`health`, `healthz`, `readyz`, `liveness`): exempt under any static prefix. */
const PROBE_ONLY_WORD = /^(health|healthz|healthcheck|health-check|readyz|livez|readiness|liveness|favicon\.ico)$/i;

/**
 * A health probe named after the service that serves it (`GET /gateway-health` in gateway, `/notification-health` in
 * notifications, `/auth_health` in auth), or after the app in general (`/api-health`, `/service-health`), under mount
 * segments only: as courses name each service's probe so the gateway can tell them apart. A word that is not the
 * service's (`/mental-health` in a clinic's API) is a resource, judged as any other.
 */
function namedHealthProbe(route: ModelRoute): boolean {
  if (route.method !== "GET" && route.method !== "HEAD") return false;
  const segments = route.path.split("/").filter(Boolean);
  const match = NAMED_HEALTH.exec(segments.pop() ?? "");
  if (!match || !isMountPrefix(segments.length ? `/${segments.join("/")}` : "")) return false;
  const word = stem(match[1]!.toLowerCase());
  if (GENERIC_APP_WORD.test(word)) return true;
  return route.service.toLowerCase().split(/[^a-z0-9]+/).some((part) => part.length >= 3 && (stem(part) === word || (word.length >= 4 && stem(part).startsWith(word))));
}

const NAMED_HEALTH = /^([A-Za-z0-9]+)[-_](?:health|healthz|healthcheck)$/;
const GENERIC_APP_WORD = /^(api|app|service|server|system)$/;

function stem(word: string): string {
  return word.replace(/(?:ies)$/, "y").replace(/s$/, "");
}

/** `""`, `/api`, `/api/v1`, `/internal`: the segments a service's own endpoints sit under, no resource among them. */
function isMountPrefix(prefix: string): boolean {
  return prefix.split("/").filter(Boolean).every((segment) => API_PREFIX.test(segment) || MOUNT_SEGMENT.test(segment));
}

const MOUNT_SEGMENT = /^(internal|private|[vV]\d+(\.\d+)*)$/;

/** `""`, `/api`, `/api/v1`: segments with no parameter, wildcard or unresolved part. */
function isStaticPrefix(prefix: string): boolean {
  return prefix === "" || (prefix.startsWith("/") && !/[:{}*()]/.test(prefix));
}

/**
 * A last segment that matches anything: `*`, `(.*)`, `:rest*`, `*splat`, `{*splat}`, `:path(.*)`, hapi's `{any*}`, and
 * `{0,}`, a regular expression's "any number of" written as a path (`app.all("/{0,}", notFound)`, a course's idiom for the
 * last-resort handler; Express matches it against little, but its writer means every path).
 */
const WILDCARD_SEGMENT = /^(\*.*|\(\.\*\)|:[\w$]+(\*|\(\.\*\))|\{\*[\w$]*\}|\{[\w$]+\*\}|\{0,\})$/;

/**
 * Catch-all handlers (`app.all("*")`, `router.all("/*")` after a router's routes, CORS preflight `app.options("*", cors())`) answer whatever no route
 * took: no API to version. A wildcard with one method is judged unless its handler answers 404 or serves a
 * single-page app (the extractor marks those `catchAll`): `GET /files/*` that streams the file is a route.
 */
export function isCatchAll(method: string, path: string): boolean {
  const segments = path.split("/").filter(Boolean);
  const last = segments[segments.length - 1];
  if (last === undefined || !WILDCARD_SEGMENT.test(last)) return false;
  // OPTIONS on a wildcard (`app.options("*", cors())`) answers CORS preflight for every path: no resource of its own.
  return method === "ALL" || method === "USE" || method === "OPTIONS";
}

/**
 * `/` and `/api` (any path of `/api`-like segments only): the root of the service or of its API, which a
 * GET answers with a welcome or an index (Nx's generated express and NestJS apps answer `GET /api` with
 * `{ message: "Welcome to api!" }`). No resource sits there to version.
 */
export function isApiRoot(path: string): boolean {
  return path.split("/").every((segment) => segment === "" || API_PREFIX.test(segment));
}

/** Where the fix puts the version: after an `/api`-like prefix, else first. */
export function suggestVersioned(path: string): string {
  const segments = path.split("/").filter(Boolean);
  let keep = 0;
  while (keep < segments.length && API_PREFIX.test(segments[keep]!)) keep++;
  return `/${[...segments.slice(0, keep), "v1", ...segments.slice(keep)].join("/")}`;
}

export default defineRule<UnversionedRouteOptions>({
  meta: {
    id: "unversioned-route",
    description: "Every HTTP route carries a version, as a path segment (such as /v1 or /api/v1) or through NestJS versioning, except health, readiness and metrics endpoints.",
    defaultSeverity: "error",
    options: {
      pattern: { type: "string", format: "regex", description: "Regular expression a versioned path matches. Default: a version segment (v1, v1.2, v2024-01-01 or a date) anywhere in the static prefix." },
      exempt: {
        type: "array",
        items: { type: "string" },
        description: "Paths that need no version (health, readiness, metrics); each also matches at the end of a static prefix (/api/health; words that also name resources, such as /metrics and /status, only after /api-like, /internal and version segments), a trailing /* matches everything below.",
      },
      probes: { type: "boolean", description: "Treat GET / and GET /api (the API's root, as Nx generates it; not a collection its service writes to and serves items of, POST / and GET /:id beside it) and NestJS health controllers (terminus @HealthCheck, HealthCheckService, a HealthController) as probes that need no version. Default: true." },
    },
    defaultOptions: { pattern: DEFAULT_PATTERN, exempt: DEFAULT_EXEMPT, probes: true },
  },
  check(model, options) {
    const pattern = new RegExp(options.pattern);
    // One method and path registered twice in a service (a rate limiter on the path, then its handler; two controllers
    // declaring it) is one route to version: one finding, the other registration as evidence. A path with a part that
    // did not resolve may stand for different routes, so those stay apart.
    const first = new Map<string, ModelRoute>();
    const again = new Map<ModelRoute, ModelRoute[]>();
    const written = writtenRoots(model.routes);
    const siblings = probeSiblings(model.routes, options.exempt);
    return model.routes
      .filter((route) => !route.graphql && !route.rpc && !siblings.has(route) && (route.proxy ? unversionedProxy(route, pattern, options) : unversionedRoute(route, pattern, options, written)))
      .filter((route) => {
        const earlier = route.path.includes(UNRESOLVED) ? undefined : first.get(route.id);
        if (!earlier) first.set(route.id, route);
        else again.set(earlier, [...(again.get(earlier) ?? []), route]);
        return !earlier;
      })
      .map((route) => {
        const forwards = route.proxy?.forwards;
        // An upstream read only in part (`{target}`, a loop's variable) is not named by its placeholder.
        const written = route.proxy?.upstream;
        const upstream = route.proxy?.targetServices?.join(", ") ?? (written !== undefined && /^\{[^}]*\}$/.test(written) ? "an upstream it could not read" : written);
        // A forwarded path that could not be read (a diagnostic says so) is neither named nor called unchanged.
        const forwardText = forwards === undefined ? "" : forwards !== route.path ? ` and forwards to ${forwards} of ${upstream}` : ` and forwards it unchanged to ${upstream}`;
        return {
          messageId: route.proxy ? "unversionedProxy" : "unversioned",
          message: `${route.method} ${route.path} in ${route.service} has no version segment${forwardText}; serve it under a version such as ${suggestVersioned(route.path)}`,
          data: { service: route.service, method: route.method, path: route.path, suggested: suggestVersioned(route.path), ...(forwards !== undefined ? { forwards } : {}) },
          location: route.location,
          evidence: [
            ...route.mountChain.map((location) => ({ message: "mounted here", location })),
            { message: `${route.framework} route ${route.method} ${route.path}`, location: route.location },
            ...(route.proxy ? [{ message: `forwarded by ${route.proxy.library} to ${route.proxy.upstream}${forwards !== undefined ? ` as ${forwards}` : ""}`, location: route.proxy.location }] : []),
            ...(again.get(route) ?? []).map((other) => ({ message: `${other.method} ${other.path} registered again here`, location: other.location })),
          ],
          key: `${route.service}|${route.method}|${route.path}`,
        };
      });
  },
});

/**
 * The roots (`/`, `/api`) a service serves as a collection: it writes there (`POST /`) and serves items right under
 * it (`GET /:id`, `DELETE /:id`), as a users service mounted at the root does. A GET there lists that collection, a
 * resource to version rather than a welcome page (a welcome beside `POST /api` alone stays a probe).
 */
function writtenRoots(routes: readonly ModelRoute[]): Set<string> {
  const written = new Set<string>();
  const items = new Set<string>();
  for (const route of routes) {
    if (route.proxy || route.graphql || route.rpc) continue;
    if (WRITES.has(route.method) && isApiRoot(route.path)) written.add(`${route.service}|${route.path}`);
    const item = ITEM.exec(route.path);
    if (item && isApiRoot(item[1] || "/")) items.add(`${route.service}|${item[1] || "/"}`);
  }
  return new Set([...written].filter((root) => items.has(root)));
}

/**
 * `GET /users/ready` beside `GET /users/health`: `ready` and `live` (exempt words that also name resources) are the
 * readiness and liveness probes where the same service serves a probe-only word (`health`, `healthz`, `readiness` …)
 * under the same static prefix, as a health plugin registered with the service's prefix serves them. `status`, `ping`
 * and `metrics` are not: beside a health route they are as often an API's own resources (a notifications stream's status).
 */
function probeSiblings(routes: readonly ModelRoute[], exempt: readonly string[]): Set<ModelRoute> {
  const words = new Set(exempt.filter((entry) => /^\/[^/*]+$/.test(entry)).map((entry) => entry.slice(1).toLowerCase()));
  const siblingWords = new Set([...words].filter((word) => PROBE_ONLY_WORD.test(word) || SIBLING_PROBES.has(word)));
  const probed = new Set<string>();
  const split = (route: ModelRoute) => {
    const path = route.path.length > 1 ? route.path.replace(/\/+$/, "") : route.path;
    const at = path.lastIndexOf("/");
    return { prefix: path.slice(0, at), word: path.slice(at + 1).toLowerCase() };
  };
  for (const route of routes) {
    if (route.proxy || route.graphql || route.rpc || (route.method !== "GET" && route.method !== "HEAD")) continue;
    const { prefix, word } = split(route);
    if (PROBE_ONLY_WORD.test(word) && words.has(word) && isStaticPrefix(prefix)) probed.add(`${route.service}|${prefix}`);
  }
  const out = new Set<ModelRoute>();
  if (!probed.size) return out;
  for (const route of routes) {
    if (route.proxy || route.graphql || route.rpc || (route.method !== "GET" && route.method !== "HEAD")) continue;
    const { prefix, word } = split(route);
    if (siblingWords.has(word) && probed.has(`${route.service}|${prefix}`)) out.add(route);
  }
  return out;
}

const SIBLING_PROBES = new Set(["ready", "live"]);

/** A path parameter right under a root: `/:id`, `/api/{id}`. */
const ITEM = /^(.*?)\/(?::[\w$]+|\{[\w$]+\})$/;

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function unversionedRoute(route: ModelRoute, pattern: RegExp, options: UnversionedRouteOptions, written: ReadonlySet<string>): boolean {
  const root = (route.method === "GET" || route.method === "HEAD") && isApiRoot(route.path) && !route.takesInput && !written.has(`${route.service}|${route.path}`);
  return (
    !route.version &&
    !pattern.test(route.path) &&
    !isCatchAll(route.method, route.path) &&
    !route.catchAll &&
    !(options.probes && (route.probe || root || namedHealthProbe(route))) &&
    !unresolvedWhereVersionGoes(route.path) &&
    !isExempt(route.path, options.exempt)
  );
}

/**
 * A proxy route (a gateway's `ALL /orders/*`) is judged by the path it serves and the path it forwards: versioned when
 * either carries the version (`/api/orders/*` rewritten to the upstream's `/v1/orders/*` is; `/orders/*` forwarded to
 * `/orders/*` is not). It is no catch-all, whatever its wildcard: it is the API of the service behind it. One that
 * forwards every path as it came (`app.use(proxy)`) has no path of its own to version, and is not judged.
 */
function unversionedProxy(route: ModelRoute, pattern: RegExp, options: UnversionedRouteOptions): boolean {
  const forwards = route.proxy!.forwards;
  if (route.version || pattern.test(route.path) || (forwards !== undefined && pattern.test(forwards))) return false;
  if (onlyWildcard(route.path) && (forwards === undefined || onlyWildcard(forwards))) return false;
  if (unresolvedWhereVersionGoes(route.path) && (forwards === undefined || unresolvedWhereVersionGoes(forwards))) return false;
  return !isExempt(route.path, options.exempt);
}

/** `/*`, `/`: no segment but a wildcard. */
function onlyWildcard(path: string): boolean {
  return path.split("/").every((segment) => segment === "" || WILDCARD_SEGMENT.test(segment));
}
