import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { propertyNamed } from "../context.js";
import { middlewareProxies, objectOf, returnOfParameter, withScheme, type MadeProxy } from "./common.js";

/**
 * express-http-proxy: `app.use("/orders", proxy("http://orders:3000"))`, `proxy(process.env.ORDERS_URL, { timeout })`.
 * It forwards the path below its mount; a `proxyReqPathResolver` function picks another, which is not read unless it
 * only hands back the request's own path: `(req) => req.originalUrl` forwards the whole path the client asked for (the
 * mount's prefix kept), `(req) => req.url` the path below the mount, as with no resolver.
 */

const MODULES = ["express-http-proxy"];

export const expressHttpProxy: Extractor = middlewareProxies("express-http-proxy", MODULES, madeProxy);

function madeProxy(node: ts.CallExpression, ctx: ExtractContext): MadeProxy | undefined {
  if (!ctx.isImportFrom(node.expression, MODULES, ["default", "*"])) return undefined;
  const [host, optionsArg] = node.arguments;
  const options = objectOf(optionsArg, ctx);
  const resolver = options && propertyNamed(options, "proxyReqPathResolver");
  const timeout = options && propertyNamed(options, "timeout");
  const picked = host && (ts.isArrowFunction(host) || ts.isFunctionExpression(host));
  const resolved = resolver ? requestPath(resolver, ctx) : undefined;
  return {
    node,
    upstream: host && !picked ? withScheme(ctx.value(host)) : { parts: [{ kind: "unknown", hint: "host" }] },
    proxy: {
      library: "express-http-proxy",
      ...(!host ? { upstreamUnknown: "it is given no host" } : picked ? { upstreamUnknown: "a function picks the host per request" } : {}),
      ...(resolver && !resolved ? { pathUnknown: "a proxyReqPathResolver function picks the path it forwards" } : {}),
    },
    ...(resolved === "originalUrl" ? { keepsPath: true as const } : {}),
    ...(timeout ? { timeout: "the proxy's timeout option" } : {}),
  };
}

/** A resolver that returns `req.originalUrl` or `req.url` of its request parameter as it stands: which one. */
function requestPath(resolver: ts.Expression, ctx: ExtractContext): "originalUrl" | "url" | undefined {
  const fn = ts.isIdentifier(resolver) ? ctx.lookupLocal(resolver.text)?.expr : resolver;
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const returned = returnOfParameter(fn);
  if (!returned) return undefined;
  const { param } = returned;
  let body = returned.body;
  while (ts.isParenthesizedExpression(body)) body = body.expression;
  if (!ts.isPropertyAccessExpression(body) || !ts.isIdentifier(body.expression) || body.expression.text !== param.text) return undefined;
  const name = body.name.text;
  return name === "originalUrl" || name === "url" ? name : undefined;
}
