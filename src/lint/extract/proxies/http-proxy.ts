import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { propertyNamed, unknownValue } from "../context.js";
import { callOf, objectOf, pushProxyCall } from "./common.js";

/**
 * http-proxy and http-proxy-3: `proxy.web(req, res, { target })` inside a handler forwards the request to `target`
 * (or the target the server was made with: `httpProxy.createProxyServer({ target })`), the request's path appended
 * to the target's unless `ignorePath` is set.
 */

const MODULES = ["http-proxy", "http-proxy-3"];
const FACTORIES = ["createProxyServer", "createProxy", "createServer"];

export const httpProxy: Extractor = {
  family: "http-proxy",
  modules: MODULES,
  callProperties: ["web"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || node.arguments.length < 2) return;
    const made = proxyServer(callee.expression, ctx);
    if (!made) return;
    const options = objectOf(node.arguments[2], ctx) ?? made.options;
    const target = options && (propertyNamed(options, "target") ?? propertyNamed(options, "forward"));
    const ignorePath = options && propertyNamed(options, "ignorePath");
    const timeout = options && (propertyNamed(options, "proxyTimeout") ?? propertyNamed(options, "timeout"));
    pushProxyCall(
      ctx,
      node,
      target ? ctx.value(target) : unknownValue("target"),
      {
        library: "http-proxy",
        ...(target ? {} : { upstreamUnknown: node.arguments[2] && !objectOf(node.arguments[2], ctx) ? `its options (${ctx.text(node.arguments[2]).slice(0, 40)}) are not an object written here` : "it has no target" }),
        ...(ignorePath && ignorePath.kind === ts.SyntaxKind.TrueKeyword ? { rewrite: [{ from: "^.*$", to: "" }] } : {}),
      },
      ctx.currentFunction(),
      timeout ? "the proxy's timeout option" : undefined,
    );
  },
};

/** The proxy server `expr` names (`proxy` of `const proxy = httpProxy.createProxyServer(options)`), with its options. */
function proxyServer(expr: ts.Expression, ctx: ExtractContext): { options?: ts.ObjectLiteralExpression } | undefined {
  const made = callOf(expr, ctx);
  if (made) {
    const factory = made.expression;
    const ok = FACTORIES.some((name) => ctx.isMemberOf(factory, MODULES, name));
    return ok ? { ...(objectOf(made.arguments[0], ctx) ? { options: objectOf(made.arguments[0], ctx)! } : {}) } : undefined;
  }
  // `new HttpProxy(options)` (http-proxy-3's class), or a server another module makes: taken as one when the file imports the library.
  let current: ts.Expression | undefined = expr;
  if (ts.isIdentifier(current)) current = ctx.lookupLocal(current.text)?.expr;
  if (current && ts.isNewExpression(current)) return { ...(objectOf(current.arguments?.[0], ctx) ? { options: objectOf(current.arguments?.[0], ctx)! } : {}) };
  return ts.isIdentifier(expr) && /proxy/i.test(expr.text) ? {} : undefined;
}
