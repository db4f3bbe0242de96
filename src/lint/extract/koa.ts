import { ts } from "../ts.js";
import { isRequire, requireSpecifier } from "./syntax.js";
import type { Extractor } from "./extractor.js";
import { ExtractContext, isFunctionLike, propertyNamed } from "./context.js";
import { koaTerminalUse } from "./use-routes.js";
import type { MiddlewareStep } from "../types.js";
import { addGuards, guardsBefore, middlewareStep } from "./middleware.js";
import { assignedObjectId, mountChild, pushMount, pushRoute, resolveOwner, routePath } from "./routes.js";

/**
 * koa and koa-router: `new Koa()`, `new Router({ prefix })` (bound to a variable or a class member; also
 * `Router()` and `require("koa-router")()` without new, and `new Router().prefix("/v1")`), `router.prefix()`,
 * verbs (shared), `router.use("/p", other.routes())`, `app.use(router.routes())`, koa-mount `app.use(mount("/p", sub))`,
 * and koa-route's middleware routes: `app.use(route.get("/p", handler))`.
 */

const KOA = ["koa"];
const ROUTER = ["@koa/router", "koa-router"];
const MOUNT = ["koa-mount"];
/** koa-route: each route is a middleware of its own, `route.get(path, fn)` (or a destructured `get`), given to `app.use`. */
const ROUTE = ["koa-route"];
const ROUTE_VERBS: Record<string, string> = { get: "GET", post: "POST", put: "PUT", patch: "PATCH", delete: "DELETE", del: "DELETE", head: "HEAD", options: "OPTIONS", all: "ALL" };
const KOA_ALL = [...KOA, ...ROUTER, ...MOUNT, ...ROUTE];

function joinPrefix(outer: string, inner: string): string {
  return outer && inner ? `${outer.replace(/\/+$/, "")}/${inner.replace(/^\/+/, "")}` : outer || inner;
}

/** `Router`, `KoaRouter.Router` imported from koa-router or @koa/router, or `require("koa-router")` itself. */
function isRouterClass(expr: ts.Expression, ctx: ExtractContext): boolean {
  if (ctx.isImportFrom(expr, ROUTER) || ctx.isMemberOf(expr, ROUTER, "Router")) return true;
  return isRequire(expr) && ROUTER.includes(requireSpecifier(expr));
}

/** A router's own prefix from its options (`{ prefix: "/v1" }`), recorded for the object it is bound to. */
function recordOptionsPrefix(args: readonly ts.Expression[] | undefined, ctx: ExtractContext): void {
  const opts = args?.[0];
  if (!opts || !ts.isObjectLiteralExpression(opts)) return;
  const prefix = routePath(propertyNamed(opts, "prefix"), ctx);
  const id = prefix ? assignedObjectId(ctx) : undefined;
  if (prefix && id) ctx.facts.objectPrefixes[id] = prefix;
}

export const koa: Extractor = {
  family: "koa",
  callProperties: ["prefix", "use"],
  callIdentifiers: true,
  callOthers: true,
  factory(expr, ctx) {
    // new Koa(), new Router(), koa-router's Router() and require("koa-router")() without new,
    // and new Router().prefix("/v1") (its prefix: see `call`).
    if (ts.isNewExpression(expr)) {
      if (ctx.isImportFrom(expr.expression, KOA)) return { kind: "app", framework: "koa" };
      return isRouterClass(expr.expression, ctx) ? { kind: "app", framework: "koa" } : undefined;
    }
    if (!ts.isCallExpression(expr)) return undefined;
    if (isRouterClass(expr.expression, ctx)) return { kind: "app", framework: "koa" };
    const callee = expr.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "prefix" && (ts.isNewExpression(callee.expression) || ts.isCallExpression(callee.expression))) {
      return koa.factory!(callee.expression, ctx);
    }
    return undefined;
  },
  newExpression(node, ctx) {
    // new Router({ prefix: "/v1" }) bound to a variable: record its own prefix.
    if (isRouterClass(node.expression, ctx)) recordOptionsPrefix(node.arguments, ctx);
  },
  call(node, ctx) {
    const callee = node.expression;
    // Router({ prefix: "/v1" }), require("koa-router")({ prefix }) without new.
    if (!ts.isPropertyAccessExpression(callee)) {
      if (isRouterClass(callee, ctx)) recordOptionsPrefix(node.arguments, ctx);
      return;
    }
    if (callee.name.text !== "prefix" && callee.name.text !== "use") return;
    // const r = new Router().prefix("/v1"): the prefix of the object the chain creates.
    if (callee.name.text === "prefix" && (ts.isNewExpression(callee.expression) || ts.isCallExpression(callee.expression)) && koa.factory!(callee.expression, ctx)) {
      const prefix = routePath(node.arguments[0], ctx);
      const id = prefix ? assignedObjectId(ctx) : undefined;
      if (prefix && id) ctx.facts.objectPrefixes[id] = prefix;
      return;
    }
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
    // app.use(auth) earlier, and auth in app.use(auth, router.routes()): what runs before each router mounted here.
    const steps: MiddlewareStep[] = [];
    const earlier = guardsBefore(ctx, owner.id, prefix);
    for (const arg of args) {
      const before = earlier.length || steps.length ? [...earlier, ...steps] : undefined;
      const route = ts.isCallExpression(arg) ? koaRouteVerb(arg, ctx) : undefined;
      if (route && ts.isCallExpression(arg)) {
        const path = routePath(arg.arguments[0], ctx);
        if (path !== undefined) pushRoute(ctx, arg, owner, "koa", route, joinPrefix(prefix, path), arg.arguments[arg.arguments.length - 1]);
        continue;
      }
      // koa-mount: app.use(mount("/v1", api)), the sub-app (or its router's routes()) under a prefix.
      if (ts.isCallExpression(arg) && ctx.isImportFrom(arg.expression, MOUNT) && arg.arguments.length >= 1) {
        const [first, second] = arg.arguments;
        const mountPrefix = second ? routePath(first, ctx) : "";
        const child = mountChild((second ?? first)!, ctx);
        if (mountPrefix !== undefined && child) pushMount(ctx, node, owner, joinPrefix(prefix, mountPrefix), child, before);
        continue;
      }
      // app.use(async (ctx) => { ctx.body = … }): every request that reaches it is answered there (extract/use-routes.ts).
      if (arg === args[args.length - 1] && isFunctionLike(arg)) koaTerminalUse(ctx, node, owner, prefix, arg);
      const isRoutes = ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression) && /^(routes|middleware)$/.test(arg.expression.name.text);
      const step = isRoutes ? undefined : middlewareStep(arg, ctx);
      if (step) steps.push(step);
      if (!isRoutes && !ts.isIdentifier(arg)) continue;
      const child = mountChild(arg, ctx);
      if (child) pushMount(ctx, node, owner, prefix, child, before);
    }
    addGuards(ctx, owner.id, prefix, steps);
  },
};

/** The method of a koa-route middleware, `route.get(path, fn)` or a destructured `post(path, fn)`, with a path and a handler. */
function koaRouteVerb(call: ts.CallExpression, ctx: ExtractContext): string | undefined {
  if (call.arguments.length < 2) return undefined;
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    const method = ROUTE_VERBS[callee.name.text];
    return method && ctx.isImportFrom(callee.expression, ROUTE, ["default", "*"]) ? method : undefined;
  }
  if (!ts.isIdentifier(callee)) return undefined;
  const imported = ctx.isShadowed(callee.text) ? undefined : ctx.imports.get(callee.text);
  return imported && ROUTE.includes(imported.specifier) ? ROUTE_VERBS[imported.imported] : undefined;
}
