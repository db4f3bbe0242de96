import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { propertyNamed, staticText, unknownValue } from "../context.js";
import { pushRoute, resolveOwner, routePath } from "../routes.js";
import type { ExtractContext } from "../context.js";
import { isPluginFrom, objectOf, proxyHandlerId, pushProxyCall } from "./common.js";
import { loopObjects, loopRows, readsRow, valueInRow, type LoopRow } from "../loop-paths.js";
import type { Value } from "../../types.js";

/**
 * @fastify/http-proxy: `app.register(proxy, { upstream, prefix, rewritePrefix })` serves everything under `prefix` by
 * forwarding it to `upstream`, the prefix replaced by `rewritePrefix` (cut off when there is none). The plugin is its
 * own route: `ALL <prefix>/*`, handled by the proxy.
 */

const MODULES = ["@fastify/http-proxy", "fastify-http-proxy"];

export const fastifyHttpProxy: Extractor = {
  family: "@fastify/http-proxy",
  modules: MODULES,
  callProperties: ["register"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const [plugin, optionsArg] = node.arguments;
    if (!plugin || !isPluginFrom(plugin, MODULES, ctx)) return;
    const options = objectOf(optionsArg, ctx);
    const imported = options ? undefined : importedOptions(optionsArg, ctx);
    if (imported) return registerImported(node, callee, imported, ctx);
    // `SERVICES.forEach((service) => app.register(proxy, service))` over a table written out: one proxy per entry, each
    // placed at its entry (as a route table's are), so that each route forwards to its own upstream.
    const entries = !options && optionsArg && ts.isIdentifier(optionsArg) && !ctx.lookupLocal(optionsArg.text) ? loopObjects(optionsArg.text, ctx) : undefined;
    if (entries) {
      for (const entry of entries) register(callee, entry, entry, ctx);
      return;
    }
    // `for (const [prefix, upstream] of Object.entries(UPSTREAMS)) app.register(proxy, { upstream, prefix })`, or over a
    // list of objects (`{ upstream: s.target, prefix: \`/api${s.prefix}\` }`): one proxy per run, each placed at its row.
    const rows = options ? rowsOf(options, ctx) : undefined;
    if (options && rows) {
      for (const row of rows) register(callee, options, [...row.values()][0]!.at, ctx, row);
      return;
    }
    register(callee, options, registeredAt(node, callee), ctx);
  },
};

/** The runs of a loop over a table written in the code whose variables the options' prefix or upstream read. */
function rowsOf(options: ts.ObjectLiteralExpression, ctx: ExtractContext): LoopRow[] | undefined {
  const read = ["prefix", "upstream", "rewritePrefix"].map((key) => propertyNamed(options, key)).filter((e): e is ts.Expression => e !== undefined);
  if (!read.length) return undefined;
  const names = new Set<string>();
  const collect = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    else if (ts.isPropertyAccessExpression(node)) collect(node.expression);
    else ts.forEachChild(node, collect);
  };
  read.forEach(collect);
  const found = loopRows(names, ctx);
  return found && found.rows.length > 0 && found.rows.every((row) => read.some((expr) => readsRow(expr, row))) ? found.rows : undefined;
}

/**
 * One registration of the plugin with these options (undefined when they are not written out), its route placed at `at`;
 * with a loop's row, the options' values as they are in that run.
 */
function register(callee: ts.PropertyAccessExpression, options: ts.ObjectLiteralExpression | undefined, at: ts.Node, ctx: ExtractContext, row?: LoopRow): void {
  const read = (expr: ts.Expression): Value => (row ? valueInRow(expr, row, ctx) : ctx.value(expr));
  const upstream = options && propertyNamed(options, "upstream");
  const prefixExpr = options && propertyNamed(options, "prefix");
  const prefix = prefixExpr ? (row ? staticText(read(prefixExpr)) : routePath(prefixExpr, ctx)) : "";
  const rewriteExpr = options && propertyNamed(options, "rewritePrefix");
  const rewritePrefix = rewriteExpr ? staticText(read(rewriteExpr)) : undefined;
  const base = (prefix ?? "").replace(/\/+$/, "");
  const handler = proxyHandlerId(at, ctx);
  const owner = resolveOwner(callee.expression, ctx);
  if (owner && prefix !== undefined) {
    pushRoute(ctx, at, owner, "fastify", "all", base ? `${base}/*` : "/*", undefined);
    const route = ctx.facts.routes[ctx.facts.routes.length - 1];
    if (route) route.handler = handler;
  }
  const upstreamUnknown = !options ? "its options are not an object written where it is registered" : !upstream ? "it has no upstream" : undefined;
  const pathUnknown = prefix === undefined ? `its prefix (${ctx.text(prefixExpr!).slice(0, 40)}) did not resolve` : rewriteExpr && rewritePrefix === undefined ? "its rewritePrefix did not resolve" : undefined;
  pushProxyCall(
    ctx,
    at,
    upstream ? read(upstream) : unknownValue("upstream"),
    {
      library: "@fastify/http-proxy",
      ...(base ? { strip: base } : {}),
      ...(rewritePrefix ? { prefix: rewritePrefix } : {}),
      ...(upstreamUnknown ? { upstreamUnknown } : {}),
      ...(pathUnknown ? { pathUnknown } : {}),
    },
    owner && prefix !== undefined ? handler : ctx.currentFunction(),
  );
}

/**
 * Where a registration is: in a chain (`fastify.register(proxy, a).register(proxy, b)`) every call starts where the chain
 * does, so each is placed at its own `.register` instead; the proxies of one chain then stay apart.
 */
function registeredAt(node: ts.CallExpression, callee: ts.PropertyAccessExpression): ts.Node {
  return ts.isCallExpression(callee.expression) ? callee.name : node;
}

/** `register(proxy, usersProxy)` of `import { usersProxy } from "./routes/users"`: the options another module exports. */
function importedOptions(expr: ts.Expression | undefined, ctx: ExtractContext): { specifier: string; name: string } | undefined {
  if (!expr || !ts.isIdentifier(expr) || ctx.lookupLocal(expr.text)) return undefined;
  const imported = ctx.imports.get(expr.text);
  return imported && /^[.@~#]/.test(imported.specifier) ? { specifier: imported.specifier, name: imported.imported } : undefined;
}

/**
 * The proxy of options another module exports (`export const usersProxy = { upstream, prefix, rewritePrefix }`, flattened
 * there into constants `usersProxy.upstream` …): its prefix and upstream as references the model reads; where it sends
 * the path (its rewritePrefix) is not read, and the route is judged by the path it serves.
 */
function registerImported(node: ts.CallExpression, callee: ts.PropertyAccessExpression, imported: { specifier: string; name: string }, ctx: ExtractContext): void {
  const member = (key: string) => ({ kind: "import" as const, specifier: imported.specifier, name: imported.name === "default" ? `default.${key}` : `${imported.name}.${key}` });
  const prefix = member("prefix");
  const at = registeredAt(node, callee);
  const handler = proxyHandlerId(at, ctx);
  const owner = resolveOwner(callee.expression, ctx);
  if (owner) {
    pushRoute(ctx, at, owner, "fastify", "all", `\${import:${prefix.specifier}#${prefix.name}}/*`, undefined);
    const route = ctx.facts.routes[ctx.facts.routes.length - 1];
    if (route) route.handler = handler;
  }
  pushProxyCall(
    ctx,
    at,
    { parts: [member("upstream")] },
    { library: "@fastify/http-proxy", pathUnknown: `its options are ${ctx.text(node.arguments[1]!)} of ${imported.specifier}, whose rewritePrefix is not read` },
    owner ? handler : ctx.currentFunction(),
  );
}
