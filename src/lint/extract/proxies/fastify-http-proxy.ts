import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { propertyNamed, staticText, unknownValue } from "../context.js";
import { pushRoute, resolveOwner, routePath } from "../routes.js";
import { isPluginFrom, objectOf, proxyHandlerId, pushProxyCall } from "./common.js";

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
    const upstream = options && propertyNamed(options, "upstream");
    const prefixExpr = options && propertyNamed(options, "prefix");
    const prefix = prefixExpr ? routePath(prefixExpr, ctx) : "";
    const rewriteExpr = options && propertyNamed(options, "rewritePrefix");
    const rewritePrefix = rewriteExpr ? staticText(ctx.value(rewriteExpr)) : undefined;
    const base = (prefix ?? "").replace(/\/+$/, "");
    const handler = proxyHandlerId(node, ctx);
    const owner = resolveOwner(callee.expression, ctx);
    if (owner && prefix !== undefined) {
      pushRoute(ctx, node, owner, "fastify", "all", base ? `${base}/*` : "/*", undefined);
      const route = ctx.facts.routes[ctx.facts.routes.length - 1];
      if (route) route.handler = handler;
    }
    const upstreamUnknown = !options ? "its options are not an object written where it is registered" : !upstream ? "it has no upstream" : undefined;
    const pathUnknown = prefix === undefined ? `its prefix (${ctx.text(prefixExpr!).slice(0, 40)}) did not resolve` : rewriteExpr && rewritePrefix === undefined ? "its rewritePrefix did not resolve" : undefined;
    pushProxyCall(
      ctx,
      node,
      upstream ? ctx.value(upstream) : unknownValue("upstream"),
      {
        library: "@fastify/http-proxy",
        ...(base ? { strip: base } : {}),
        ...(rewritePrefix ? { prefix: rewritePrefix } : {}),
        ...(upstreamUnknown ? { upstreamUnknown } : {}),
        ...(pathUnknown ? { pathUnknown } : {}),
      },
      owner && prefix !== undefined ? handler : ctx.currentFunction(),
    );
  },
};

