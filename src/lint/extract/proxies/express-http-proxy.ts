import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { propertyNamed } from "../context.js";
import { middlewareProxies, objectOf, withScheme, type MadeProxy } from "./common.js";

/**
 * express-http-proxy: `app.use("/orders", proxy("http://orders:3000"))`, `proxy(process.env.ORDERS_URL, { timeout })`.
 * It forwards the path below its mount; a `proxyReqPathResolver` function picks another, which is not read.
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
  return {
    node,
    upstream: host && !picked ? withScheme(ctx.value(host)) : { parts: [{ kind: "unknown", hint: "host" }] },
    proxy: {
      library: "express-http-proxy",
      ...(!host ? { upstreamUnknown: "it is given no host" } : picked ? { upstreamUnknown: "a function picks the host per request" } : {}),
      ...(resolver ? { pathUnknown: "a proxyReqPathResolver function picks the path it forwards" } : {}),
    },
    ...(timeout ? { timeout: "the proxy's timeout option" } : {}),
  };
}
