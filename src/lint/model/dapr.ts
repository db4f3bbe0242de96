import { posix } from "node:path";
import type { ServiceInfo } from "../types.js";
import { daprAppIdOf } from "../discover/starts.js";
import { nameStem } from "../discover/placement.js";
import type { Ctx } from "./context.js";

/**
 * Dapr service invocation: a service asks its own sidecar (on loopback, `localhost:3500` or `DAPR_HTTP_PORT`) to call
 * another app by its app id, `POST http://localhost:3500/v1.0/invoke/orders/method/v1/orders`, or with the app id in a
 * `dapr-app-id` header and the path as it is. The sidecar finds the app through the platform, so the call reaches the
 * service whose app id that is, at that path; the loopback address is the sidecar's, never another service's.
 */

/** The sidecar's own API (`/v1.0/invoke`, `/v1.0/state`, `/v1.0/publish`, …, also its alpha and beta versions). */
export const DAPR_API_PATH = /^\/v1\.0(?:-(?:alpha|beta)\d+)?\/(?:invoke|state|publish|bulk|bindings|secrets|actors|metadata|configuration|lock|unlock|workflows|crypto|healthz|conversation|jobs|subscribe)(?:[/?#]|$)/;

const INVOKE = /\/v1\.0\/invoke\/([^/?#]+)\/method(\/[^?#]*)?/;

/** `…/v1.0/invoke/orders/method/v1/orders` → the app id and the path the app is asked for. */
export function daprInvocation(text: string): { appId: string; path: string } | undefined {
  if (!text.includes("/v1.0/invoke/")) return undefined;
  const match = INVOKE.exec(text);
  return match ? { appId: match[1]!, path: match[2] ?? "/" } : undefined;
}

/** The path of a URL the sidecar forwards as it is (the `dapr-app-id` header form): what follows the host, or the whole text when it has none. */
export function pathOfUrl(text: string): string {
  const afterScheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(text);
  if (afterScheme) return afterScheme[1] ?? "/";
  // `{DAPR_HOST}:3500/orders`: a host part known at run time, then the path.
  const slash = text.indexOf("/");
  return slash < 0 ? "/" : text.slice(slash);
}

const appIdsCache = new WeakMap<Ctx, Map<string, { service: ServiceInfo; why: string }>>();

/** App ids by the service they name: deployments that say so (annotations, `dapr run`), and compose `daprd` sidecars beside a service. */
function appIds(ctx: Ctx): Map<string, { service: ServiceInfo; why: string }> {
  let ids = appIdsCache.get(ctx);
  if (ids) return ids;
  ids = new Map();
  for (const service of ctx.services) {
    if (service.daprAppId && !ids.has(service.daprAppId.id)) ids.set(service.daprAppId.id, { service, why: `its app id, ${service.daprAppId.location.file}:${service.daprAppId.location.line}` });
  }
  // A sidecar container of its own (`orders-dapr: { image: daprio/daprd, command: ["./daprd", "-app-id", "orders"] }`): the service it sits beside by name.
  for (const entry of ctx.compose) {
    if (!entry.image?.startsWith("daprio/daprd") || !entry.command) continue;
    const id = daprAppIdOf(entry.command.join(" "));
    if (!id || ids.has(id)) continue;
    const beside = entry.name.replace(/[-_](dapr|daprd|sidecar)$/i, "");
    const service = ctx.services.find((s) => s.name === beside || s.hosts.includes(beside));
    if (service) ids.set(id, { service, why: `the daprd sidecar ${entry.name} gives ${service.name} that app id, ${entry.file}:${entry.line}` });
  }
  appIdsCache.set(ctx, ids);
  return ids;
}

/**
 * The service an app id names: one its deployment gives that id; else one named so (its name, a host name, its folder),
 * as Dapr's own default app id is the app's name. `orders.shop` is app `orders` in namespace `shop`.
 */
export function serviceOfAppId(ctx: Ctx, self: string, appId: string): { service: ServiceInfo; why: string } | undefined {
  const id = appId.split(".")[0]!;
  const declared = appIds(ctx).get(appId) ?? appIds(ctx).get(id);
  if (declared) return declared;
  const lower = id.toLowerCase();
  const named = ctx.services.find((s) => s.name !== self && (s.name.toLowerCase() === lower || s.hosts.some((h) => h.toLowerCase() === lower) || posix.basename(s.root).toLowerCase() === lower));
  if (named) return { service: named, why: "a service of that name" };
  // `python-app` for the service in python-service/: one name but for the suffix that only says it is an app or a service.
  const stem = nameStem(id);
  const alike = ctx.services.filter((s) => s.name !== self && [s.name, posix.basename(s.root)].some((n) => nameStem(n) === stem));
  return alike.length === 1 ? { service: alike[0]!, why: `a service named like it but for its suffix (${alike[0]!.name})` } : undefined;
}
