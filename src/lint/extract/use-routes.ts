import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";
import { isFunctionLike } from "./context.js";
import { type Owner, pushRoute } from "./routes.js";

/**
 * express's `app.use("/books/:id", handler)` where the handler answers the request itself rather than passing it on:
 * every method under that path is served there, as `app.all` would, and a reader takes it for the route it is (a
 * service whose whole API is written so has no other). Middleware is what takes `next` and calls it: an inline
 * function with no third parameter is a handler here and now; a handler named from elsewhere (`controller.getBook`)
 * is one once the model sees the function it names take no `next` (RouteFact.mountedUse, model/routes.ts).
 *
 * Not a route: a handler at the root (`app.use("/", h)` answers every path, a catch-all), one that answers 404 (a
 * not-found handler under a prefix), a router, an app, a package's middleware factory (`express.static(dir)`), and the
 * dispatcher of an OpenAPI document (openapi-backend), whose operations are the routes.
 */

/** A handler whose body says it answers what no other route took: a 404, or the index page of a single-page app. */
const NOT_FOUND = /\b(status|sendStatus)\(\s*404\b|\bstatusCode\s*=\s*404\b|\bsendFile\(|index\.html|\bnot ?found\b/i;

export function useRoute(ctx: ExtractContext, node: ts.CallExpression, parent: Owner, prefix: string, handler: ts.Expression, before: readonly ts.Expression[]): void {
  if (prefix === "" || prefix === "/" || prefix === "*" || prefix.endsWith("*")) return;
  // openapi-backend's `app.use("/api", (req, res) => api.handleRequest(req, req, res))` dispatches to the operations of
  // its document, which are the routes (extract/openapi-backend.ts): the handler that hands them over is none.
  if (ctx.facts.openapiDocuments?.length) return;
  let target = handler;
  while (ts.isParenthesizedExpression(target) || ts.isAsExpression(target)) target = target.expression;
  if (isFunctionLike(target)) {
    if (target.parameters.length > 2 || !target.body || NOT_FOUND.test(ctx.text(target.body))) return;
    pushRoute(ctx, node, parent, "express", "all", prefix, target, before);
    return;
  }
  if (ts.isCallExpression(target)) {
    madeMiddleware(ctx, node, parent, prefix, target, before);
    return;
  }
  // `app.use("/api/phones", phoneProxy)` of `phoneProxy = require("./routes/phoneProxy")`: the module may export a proxy.
  if (ts.isIdentifier(target)) {
    const imported = ctx.importFact(target.text);
    if (imported?.specifier.startsWith(".")) pushProxyCandidate(ctx, node, parent, prefix, target, before);
    return;
  }
  // controller.getBookById: a method named elsewhere, a route only if the model finds it and it takes no `next`.
  if (!ts.isPropertyAccessExpression(target) || !ts.isIdentifier(target.expression)) return;
  const count = ctx.facts.routes.length;
  pushRoute(ctx, node, parent, "express", "all", prefix, target, before);
  if (ctx.facts.routes.length > count) ctx.facts.routes[ctx.facts.routes.length - 1]!.mountedUse = true;
}

/**
 * `app.use("/users", proxyTo("users"))`, `router.use("/auth", limiter, Proxies.make("auth"))`: what a function of the
 * project makes (named bare, or as a member of a class or object of the project), every path under the prefix. The
 * model keeps it only when that function makes a proxy, the gateway's forwarding; any other middleware it makes
 * (`rateLimit(...)` of the project) is no route. Package factories (`cors()`, `express.static(dir)`) are never looked at.
 */
function madeMiddleware(ctx: ExtractContext, node: ts.CallExpression, parent: Owner, prefix: string, call: ts.CallExpression, before: readonly ts.Expression[]): void {
  const callee = call.expression;
  const root = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression : undefined;
  if (!root || root.text === "require") return;
  const imported = ctx.importFact(root.text);
  if (imported && !imported.specifier.startsWith(".") && !imported.specifier.startsWith("@/") && !imported.specifier.startsWith("~/")) return;
  const count = ctx.facts.routes.length;
  pushProxyCandidate(ctx, node, parent, prefix, callee, before);
  // Made with arguments (`proxyTo(USERS_URL)`): what the factory makes for this mount reads them (RouteFact.madeBy).
  if (ctx.facts.routes.length > count && call.arguments.length) ctx.facts.routes[ctx.facts.routes.length - 1]!.madeBy = ctx.loc(call);
}

/** Every path under the prefix, handled by what `handler` names: a route only if the model finds a proxy there (RouteFact.madeProxy). */
function pushProxyCandidate(ctx: ExtractContext, node: ts.CallExpression, parent: Owner, prefix: string, handler: ts.Expression, before: readonly ts.Expression[]): void {
  const count = ctx.facts.routes.length;
  pushRoute(ctx, node, parent, "express", "all", `${prefix.replace(/\/+$/, "")}/*`, handler, before);
  if (ctx.facts.routes.length > count) ctx.facts.routes[ctx.facts.routes.length - 1]!.madeProxy = true;
}

/**
 * koa's `app.use(async (ctx) => { ctx.body = ... })`: a function that takes no `next` and writes the answer handles
 * every request that reaches it, whatever the path (a small service's whole API, or what a gateway forwards). It is
 * a catch-all route: not judged for a version (no resource of its own), but the calls it makes are made while
 * handling a request (unprotected-call, sync-call-chain). A not-found handler (`ctx.status = 404`) stays no route.
 */
export function koaTerminalUse(ctx: ExtractContext, node: ts.CallExpression, owner: Owner, prefix: string, handler: ts.Expression): void {
  let target = handler;
  while (ts.isParenthesizedExpression(target)) target = target.expression;
  if (!isFunctionLike(target) || target.parameters.length !== 1 || !target.body) return;
  const body = ctx.text(target.body);
  if (!ANSWERS.test(body) || NOT_FOUND.test(body) || /\b404\b/.test(body)) return;
  const count = ctx.facts.routes.length;
  pushRoute(ctx, node, owner, "koa", "all", `${prefix.replace(/\/$/, "")}/*`, target);
  if (ctx.facts.routes.length > count) ctx.facts.routes[ctx.facts.routes.length - 1]!.catchAll = true;
}

/** `ctx.body = …`, `ctx.response.body = …`, `ctx.status = …`: the function answers the request itself. */
const ANSWERS = /\.(body|status)\s*=[^=]/;
