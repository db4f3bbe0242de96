import { defineRule } from "../rule.js";

/**
 * Public routes carry a version segment (`/v1/...`), so a breaking change
 * can ship beside the old contract. Health, readiness and metrics
 * endpoints are infrastructure and exempt.
 */

export interface UnversionedRouteOptions {
  pattern: string;
  exempt: string[];
}

export const DEFAULT_EXEMPT = ["/health", "/health/*", "/healthz", "/ready", "/readyz", "/readiness", "/live", "/livez", "/liveness", "/metrics", "/ping", "/status", "/favicon.ico"];

/** `/health/*` matches `/health/db` and deeper; other entries match exactly. */
export function isExempt(path: string, exempt: readonly string[]): boolean {
  const normalized = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return exempt.some((entry) => (entry.endsWith("/*") ? normalized.startsWith(entry.slice(0, -1)) || normalized === entry.slice(0, -2) : normalized === entry));
}

/** `/{?}/users`: the first segment did not resolve, so whether it is a version is unknown: not reported. */
function startsUnresolved(path: string): boolean {
  return path.split("/")[1]?.includes("{?}") ?? false;
}

export default defineRule<UnversionedRouteOptions>({
  meta: {
    id: "unversioned-route",
    description: "Every HTTP route carries a version, as a path segment (such as /v1) or through NestJS versioning, except health, readiness and metrics endpoints.",
    defaultSeverity: "error",
    options: {
      pattern: { type: "string", format: "regex", description: "Regular expression a versioned path matches. Default: ^/v\\d+(/|$)" },
      exempt: { type: "array", items: { type: "string" }, description: "Paths that need no version (health, readiness, metrics); a trailing /* matches everything below." },
    },
    defaultOptions: { pattern: "^/v\\d+(/|$)", exempt: DEFAULT_EXEMPT },
  },
  check(model, options) {
    const pattern = new RegExp(options.pattern);
    return model.routes
      .filter((route) => !route.version && !pattern.test(route.path) && !startsUnresolved(route.path) && !isExempt(route.path, options.exempt))
      .map((route) => ({
        messageId: "unversioned",
        message: `${route.method} ${route.path} in ${route.service} has no version segment; serve it under a version such as /v1${route.path === "/" ? "" : route.path}`,
        data: { service: route.service, method: route.method, path: route.path },
        location: route.location,
        evidence: [
          ...route.mountChain.map((location) => ({ message: "mounted here", location })),
          { message: `${route.framework} route ${route.method} ${route.path}`, location: route.location },
        ],
        key: `${route.service}|${route.method}|${route.path}`,
      }));
  },
});
