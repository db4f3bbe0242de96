import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { appMadeAt, pushRoute, resolveOwner, routePaths, type Owner } from "./routes.js";
import { isRequire, requireSpecifier } from "./syntax.js";

/**
 * httpdispatcher, the small router of Istio's Bookinfo ratings service and the demos made from it: `onGet(path,
 * handler)`, `onPost`, `onPut`, `onDelete`, `onHead`, `onOptions`, on the module itself (httpdispatcher 1, whose export
 * is a dispatcher) or on `new HttpDispatcher()` (version 2). A path may be a regular expression (`/^\/ratings\/[0-9]*\/`):
 * read as the path it matches, its patterns as parameters (`/ratings/:param`).
 */

const MODULES = ["httpdispatcher"];

const VERBS: Record<string, string> = { onGet: "GET", onPost: "POST", onPut: "PUT", onDelete: "DELETE", onHead: "HEAD", onOptions: "OPTIONS", onPatch: "PATCH" };

export const httpDispatcher: Extractor = {
  family: "httpdispatcher",
  modules: MODULES,
  callProperties: Object.keys(VERBS),
  factory(expr, ctx) {
    if (!ts.isNewExpression(expr)) return undefined;
    const callee = expr.expression;
    if (ctx.isImportFrom(callee, MODULES, ["default", "*"]) || (isRequire(callee) && MODULES.includes(requireSpecifier(callee)))) return { kind: "app", framework: "httpdispatcher" };
    return undefined;
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = VERBS[callee.name.text];
    const [path, handler] = node.arguments;
    if (!method || !path || !handler) return;
    const owner = resolveOwner(callee.expression, ctx) ?? moduleDispatcher(callee.expression, ctx);
    if (!owner || owner.framework !== "httpdispatcher") return;
    const paths = ts.isRegularExpressionLiteral(path) ? [regexPath(path.text)] : routePaths(path, ctx);
    for (const written of paths) pushRoute(ctx, node, owner, "httpdispatcher", method, written, handler);
  },
};

/** `const dispatcher = require("httpdispatcher")`: version 1's module is the dispatcher, one per process. */
function moduleDispatcher(receiver: ts.Expression, ctx: Parameters<NonNullable<Extractor["call"]>>[1]): Owner | undefined {
  if (!ts.isIdentifier(receiver) || !ctx.isImportFrom(receiver, MODULES, ["default", "*"])) return undefined;
  const known = Object.keys(ctx.facts.apps).find((id) => id.startsWith("httpdispatcher@") && ctx.facts.apps[id] === "httpdispatcher");
  return known ? { id: known, framework: "httpdispatcher", known: true } : appMadeAt(ctx.sf, ctx, "httpdispatcher", "httpdispatcher");
}

/** `/^\/ratings\/[0-9]*$/` → `/ratings/:param`: anchors dropped, escapes undone, each pattern a parameter. */
export function regexPath(literal: string): string {
  const source = literal.slice(1, literal.lastIndexOf("/")).replace(/^\^/, "").replace(/\$$/, "");
  const path = source
    .replace(/\((?:[^()\\]|\\.)*\)[*+?]?|\[(?:[^\]\\]|\\.)*\][*+?]?(?:\{\d+(?:,\d*)?\})?|\\[dws][*+?]?|\.[*+]/g, ":param")
    .replace(/\\(.)/g, "$1");
  return path.startsWith("/") ? path : `/${path}`;
}
