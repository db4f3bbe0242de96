import { ts } from "../ts.js";
import type { Extractor } from "./walk.js";
import { propertyNamed } from "./context.js";
import { assignedObjectId, mountChild, pushMount, resolveOwner, routePath } from "./routes.js";

/**
 * koa and koa-router: `new Koa()`, `new Router({ prefix })` (bound to a variable or a class member), `router.prefix()`,
 * verbs (shared), `router.use("/p", other.routes())`, `app.use(router.routes())`, koa-mount `app.use(mount("/p", sub))`.
 */

const KOA = ["koa"];
const ROUTER = ["@koa/router", "koa-router"];
const MOUNT = ["koa-mount"];
const KOA_ALL = [...KOA, ...ROUTER, ...MOUNT];

function joinPrefix(outer: string, inner: string): string {
  return outer && inner ? `${outer.replace(/\/+$/, "")}/${inner.replace(/^\/+/, "")}` : outer || inner;
}

export const koa: Extractor = {
  family: "koa",
  callProperties: ["prefix", "use"],
  factory(expr, ctx) {
    if (!ts.isNewExpression(expr)) return undefined;
    if (ctx.isImportFrom(expr.expression, KOA)) return { kind: "app", framework: "koa" };
    if (ctx.isImportFrom(expr.expression, ROUTER) || ctx.isMemberOf(expr.expression, ROUTER, "Router")) return { kind: "app", framework: "koa" };
    return undefined;
  },
  newExpression(node, ctx) {
    // new Router({ prefix: "/v1" }) bound to a variable: record its own prefix.
    if (!(ctx.isImportFrom(node.expression, ROUTER) || ctx.isMemberOf(node.expression, ROUTER, "Router"))) return;
    const opts = node.arguments?.[0];
    if (!opts || !ts.isObjectLiteralExpression(opts)) return;
    const prefix = routePath(propertyNamed(opts, "prefix"), ctx);
    const id = prefix ? assignedObjectId(ctx) : undefined;
    if (prefix && id) ctx.facts.objectPrefixes[id] = prefix;
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    if (callee.name.text !== "prefix" && callee.name.text !== "use") return;
    if (!ctx.importsAny(KOA_ALL)) return;
    const owner = resolveOwner(callee.expression, ctx);
    if (!owner || owner.framework !== "koa") return;
    if (callee.name.text === "prefix") {
      const prefix = routePath(node.arguments[0], ctx);
      if (prefix) ctx.facts.objectPrefixes[owner.id] = prefix;
      return;
    }
    if (callee.name.text !== "use") return;
    const args = [...node.arguments];
    let prefix = "";
    if (args[0] && ts.isStringLiteralLike(args[0])) {
      prefix = routePath(args.shift(), ctx) ?? "";
    }
    for (const arg of args) {
      // koa-mount: app.use(mount("/v1", api)), the sub-app (or its router's routes()) under a prefix.
      if (ts.isCallExpression(arg) && ctx.isImportFrom(arg.expression, MOUNT) && arg.arguments.length >= 1) {
        const [first, second] = arg.arguments;
        const mountPrefix = second ? routePath(first, ctx) : "";
        const child = mountChild((second ?? first)!, ctx);
        if (mountPrefix !== undefined && child) pushMount(ctx, node, owner, joinPrefix(prefix, mountPrefix), child);
        continue;
      }
      const isRoutes = ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression) && /^(routes|middleware)$/.test(arg.expression.name.text);
      if (!isRoutes && !ts.isIdentifier(arg)) continue;
      const child = mountChild(arg, ctx);
      if (child) pushMount(ctx, node, owner, prefix, child);
    }
  },
};
