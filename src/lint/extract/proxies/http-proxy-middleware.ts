import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { propertyNamed, staticText, unknownValue } from "../context.js";
import { middlewareProxies, objectOf, pathRewrite, withScheme, type MadeProxy } from "./common.js";

/**
 * http-proxy-middleware: `createProxyMiddleware({ target, pathFilter, pathRewrite })` (v3), `createProxyMiddleware("/api",
 * { target })` (v1, v2), the old default export `proxy("/api", { target })`, mounted with `app.use("/orders", …)` or a
 * verb. Each mounted one is a route handled by the proxy; one made but not mounted where arch-lint can see is still a
 * proxy (the model says its route was not found).
 */

const MODULES = ["http-proxy-middleware"];
const FACTORIES = ["createProxyMiddleware", "legacyCreateProxyMiddleware", "default", "*"];

export const httpProxyMiddleware: Extractor = middlewareProxies("http-proxy-middleware", MODULES, madeProxy);

function madeProxy(node: ts.CallExpression, ctx: ExtractContext): MadeProxy | undefined {
  const callee = node.expression;
  const isFactory = ctx.isImportFrom(callee, MODULES, FACTORIES) || ctx.isMemberOf(callee, MODULES, "createProxyMiddleware");
  if (!isFactory) return undefined;
  const [first, second] = node.arguments;
  // v1/v2: createProxyMiddleware(context, options); v3: createProxyMiddleware(options).
  const withContext = first !== undefined && second !== undefined;
  const options = objectOf(withContext ? second : first, ctx);
  const filter = withContext ? first : options && propertyNamed(options, "pathFilter");
  const paths = filter ? filterPaths(filter, ctx) : undefined;
  if (!options) {
    return { node, upstream: unknownValue("options"), proxy: { library: "http-proxy-middleware", upstreamUnknown: "its options are not an object written where it is made" } };
  }
  const target = propertyNamed(options, "target");
  const router = propertyNamed(options, "router");
  const rewrite = pathRewrite(propertyNamed(options, "pathRewrite"), ctx);
  const timeoutExpr = propertyNamed(options, "proxyTimeout") ?? propertyNamed(options, "timeout");
  const upstreamUnknown = router ? "a router option picks the upstream per request" : !target ? "it has no target" : undefined;
  return {
    node,
    upstream: target && !router ? withScheme(ctx.value(target)) : unknownValue(router ? "router" : "target"),
    proxy: { library: "http-proxy-middleware", ...rewrite, ...(upstreamUnknown ? { upstreamUnknown } : {}), ...(paths === null ? { pathUnknown: "its pathFilter is a function" } : {}) },
    ...(paths ? { paths } : {}),
    ...(paths && withContext ? { wholePath: true as const } : {}),
    ...(timeoutExpr ? { timeout: `the proxy's ${ts.isIdentifier(timeoutExpr) ? timeoutExpr.text : "timeout"} option` } : {}),
  };
}

/** `"/api"`, `["/orders", "/carts"]`, `"/api/**"`: the paths a filter takes, as route paths; null for a function. */
function filterPaths(expr: ts.Expression, ctx: ExtractContext): string[] | null | undefined {
  const elements = ts.isArrayLiteralExpression(expr) ? [...expr.elements] : [expr];
  const out: string[] = [];
  for (const element of elements) {
    if (ts.isArrowFunction(element) || ts.isFunctionExpression(element)) return null;
    const text = staticText(ctx.value(element));
    if (text === undefined || !text.startsWith("/")) return null;
    const base = text.replace(/\/\*\*?$/, "").replace(/\/+$/, "");
    out.push(`${base}/*`);
  }
  return out.length ? out : undefined;
}
