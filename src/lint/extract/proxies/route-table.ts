import { ts } from "../../ts.js";
import type { Framework, ProxyFact, ProxyLibrary, Value } from "../../types.js";
import type { ExtractContext } from "../context.js";
import { propertyNamed, staticText, unknownValue, withoutAssertions } from "../context.js";
import { HTTP_VERBS, pushRoute, routePath, type Owner } from "../routes.js";
import { objectOf, proxyHandlerId, pushProxyCall, throughLocals, withScheme } from "./common.js";

/**
 * What fast-gateway and k-fastify-gateway share: a gateway configured by a table of routes,
 * `routes: [{ prefix: "/orders", target: "http://orders:3000", prefixRewrite: "/v1", pathRegex: "/*", methods: ["GET"] }]`.
 * Each entry serves `prefix + pathRegex` (the table's own `pathRegex` when the entry has none, `/*` by default) for its
 * methods (all of them by default), and forwards the request to `target` with `prefix` replaced by `prefixRewrite`
 * (cut off when there is none). Each entry is a route handled by a proxy of its own, made at the entry. An entry or a
 * table that is not written out is a proxy call with an unknown upstream and no route, which the model says it could
 * not follow.
 */

export interface RouteTableGateway {
  library: ProxyLibrary;
  framework: Framework;
  /** Proxy types the library forwards over HTTP (fast-gateway's `proxyType`; absent means HTTP). */
  httpProxyTypes?: readonly string[];
  /** Proxy types that serve no HTTP route at all (fast-gateway's `websocket`, upgraded on the server instead). */
  noRouteProxyTypes?: readonly string[];
}

const DEFAULT_PATH_REGEX = "/*";

export function readRouteTable(gateway: RouteTableGateway, optionsArg: ts.Expression | undefined, owner: Owner | undefined, at: ts.Node, ctx: ExtractContext): void {
  const options = objectOf(optionsArg, ctx);
  const tableExpr = options && propertyNamed(options, "routes");
  const table = tableExpr && arrayOf(tableExpr, ctx);
  if (!table) {
    const why = !options ? "its options are not an object written where the gateway is made" : !tableExpr ? "it has no routes" : `its routes (${ctx.text(tableExpr).slice(0, 40)}) are not a list written out`;
    unreadEntry(gateway, at, why, ctx);
    return;
  }
  const tablePathRegex = options && propertyNamed(options, "pathRegex");
  const defaultPathRegex = tablePathRegex ? staticText(ctx.value(tablePathRegex)) : DEFAULT_PATH_REGEX;
  for (const element of table.elements) {
    const entry = objectOf(element, ctx);
    if (!entry) {
      unreadEntry(gateway, element, `its route ${ctx.text(element).slice(0, 40)} is not an object written out`, ctx);
      continue;
    }
    readEntry(gateway, entry, defaultPathRegex, owner, ctx);
  }
}

function readEntry(gateway: RouteTableGateway, entry: ts.ObjectLiteralExpression, defaultPathRegex: string | undefined, owner: Owner | undefined, ctx: ExtractContext): void {
  const prefixExpr = propertyNamed(entry, "prefix");
  const prefix = prefixExpr ? routePath(prefixExpr, ctx) : undefined;
  if (prefix === undefined || prefix.includes("{?}")) {
    unreadEntry(gateway, entry, prefixExpr ? `the prefix of its route (${ctx.text(prefixExpr).slice(0, 40)}) did not resolve` : "a route of its table has no prefix", ctx);
    return;
  }
  const proxyType = propertyNamed(entry, "proxyType");
  const type = proxyType ? staticText(ctx.value(proxyType)) : undefined;
  if (type !== undefined && gateway.noRouteProxyTypes?.includes(type)) return;
  const pathRegexExpr = propertyNamed(entry, "pathRegex");
  const pathRegex = pathRegexExpr ? staticText(ctx.value(pathRegexExpr)) : defaultPathRegex;
  const base = prefix.replace(/\/+$/, "");
  const served = pathRegex === undefined ? `${base}/*` : `${base}${pathRegex}` || "/";
  const handler = proxyHandlerId(entry, ctx);
  if (owner) {
    for (const method of methodsOf(entry, ctx)) {
      const count = ctx.facts.routes.length;
      pushRoute(ctx, entry, owner, gateway.framework, method, served, undefined);
      if (ctx.facts.routes.length > count) ctx.facts.routes[ctx.facts.routes.length - 1]!.handler = handler;
    }
  }
  const target = propertyNamed(entry, "target");
  const rewriteExpr = propertyNamed(entry, "prefixRewrite");
  const rewrite = rewriteExpr ? staticText(ctx.value(rewriteExpr)) : "";
  const upstreamUnknown = !target
    ? "its route has no target"
    : proxyType && !(type !== undefined && (gateway.httpProxyTypes ?? []).includes(type))
      ? `its route forwards through proxyType ${ctx.text(proxyType).slice(0, 30)}, not over HTTP`
      : undefined;
  const pathUnknown = base.includes("${import:")
    ? "its prefix comes from another module"
    : pathRegex === undefined
      ? `its pathRegex (${ctx.text((pathRegexExpr ?? entry) as ts.Node).slice(0, 40)}) did not resolve`
      : rewrite === undefined
        ? "its prefixRewrite did not resolve"
        : propertyNamed(entry, "urlRewrite")
          ? "a urlRewrite function rewrites it"
          : undefined;
  const proxy: ProxyFact = {
    library: gateway.library,
    ...(base && !pathUnknown ? { strip: base } : {}),
    ...(rewrite ? { prefix: rewrite } : {}),
    ...(upstreamUnknown ? { upstreamUnknown } : {}),
    ...(pathUnknown ? { pathUnknown } : {}),
  };
  const upstream: Value = target && !upstreamUnknown ? withScheme(ctx.value(target)) : unknownValue("target");
  pushProxyCall(ctx, entry, upstream, proxy, owner ? handler : ctx.currentFunction());
}

/** `methods: ["GET", "POST"]` written out: each; absent or not written out: every method, one `ALL` route. */
function methodsOf(entry: ts.ObjectLiteralExpression, ctx: ExtractContext): string[] {
  const expr = propertyNamed(entry, "methods");
  const list = expr && arrayOf(expr, ctx);
  if (!list) return ["all"];
  const methods: string[] = [];
  for (const element of list.elements) {
    const method = staticText(ctx.value(element))?.toLowerCase();
    if (!method || !HTTP_VERBS.has(method)) return ["all"];
    if (!methods.includes(method)) methods.push(method);
  }
  return methods.length ? methods : ["all"];
}

function unreadEntry(gateway: RouteTableGateway, at: ts.Node, why: string, ctx: ExtractContext): void {
  pushProxyCall(ctx, at, unknownValue("target"), { library: gateway.library, upstreamUnknown: why }, ctx.currentFunction());
}

/** A list written in place or bound to a local (`const routes = [...]`). */
function arrayOf(expr: ts.Expression, ctx: ExtractContext): ts.ArrayLiteralExpression | undefined {
  const value = throughLocals(expr, ctx);
  return value && ts.isArrayLiteralExpression(value) && !value.elements.some(ts.isSpreadElement) ? value : undefined;
}
