import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { ExtractContext, propertyNamed, staticText } from "./context.js";
import { assignedObjectId, mountChild, pushMount, pushRoute, resolveOwner, routePath } from "./routes.js";

/**
 * hono: `new Hono()`, `.basePath("/v1")` (a new app under a prefix), verbs
 * (shared), `app.on(method, path, handler)`, `app.route("/prefix", sub)`,
 * @hono/zod-openapi `app.openapi(createRoute({ method, path }), handler)`.
 */

const MODULES = ["hono", "@hono/zod-openapi"];

export const hono: Extractor = {
  family: "hono",
  callProperties: ["basePath", "route", "on", "openapi"],
  factory(expr, ctx) {
    if (ts.isNewExpression(expr) && (ctx.isMemberOf(expr.expression, MODULES, "Hono") || ctx.isMemberOf(expr.expression, MODULES, "OpenAPIHono"))) {
      return { kind: "app", framework: "hono" };
    }
    // new Hono().basePath("/v1") and app.basePath("/v1") create an app under a prefix; see `call`.
    if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === "basePath") {
      const inner = expr.expression.expression;
      if (ts.isNewExpression(inner) && hono.factory!(inner, ctx)) return { kind: "app", framework: "hono" };
      if (resolveOwner(inner, ctx)?.framework === "hono") return { kind: "app", framework: "hono" };
    }
    return undefined;
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    if (name !== "basePath" && name !== "route" && name !== "on" && name !== "openapi") return;
    if (name === "basePath") {
      const id = assignedObjectId(ctx);
      if (!id) return;
      const prefix = routePath(node.arguments[0], ctx) ?? "";
      const inner = callee.expression;
      const parent = ts.isNewExpression(inner) ? undefined : resolveOwner(inner, ctx);
      if (parent) pushMount(ctx, node, parent, prefix, { kind: "local", id });
      else ctx.facts.objectPrefixes[id] = prefix;
      return;
    }
    const owner = resolveOwner(callee.expression, ctx);
    if (!owner || owner.framework !== "hono") return;
    if (name === "route" && node.arguments.length === 2) {
      const prefix = routePath(node.arguments[0], ctx);
      const child = mountChild(node.arguments[1]!, ctx);
      if (prefix !== undefined && child) pushMount(ctx, node, owner, prefix, child);
      return;
    }
    if (name === "openapi" && node.arguments.length >= 2) {
      // @hono/zod-openapi: app.openapi(createRoute({ method: "get", path: "/users/{id}" }), handler).
      const spec = routeSpec(node.arguments[0]!, ctx);
      const method = spec && staticText(ctx.value(propertyNamed(spec, "method")));
      const path = spec && routePath(propertyNamed(spec, "path"), ctx);
      if (method && path !== undefined) pushRoute(ctx, node, owner, "hono", method, path, node.arguments[1]);
      return;
    }
    if (name === "on" && node.arguments.length >= 3) {
      const [methodArg, pathArg] = node.arguments;
      const path = routePath(pathArg, ctx);
      if (path === undefined) return;
      const methods = ts.isArrayLiteralExpression(methodArg!) ? [...methodArg.elements] : [methodArg!];
      for (const m of methods) {
        const text = staticText(ctx.value(m));
        if (text) pushRoute(ctx, node, owner, "hono", text, path, node.arguments[node.arguments.length - 1]);
      }
    }
  },
};

/** The object of `createRoute({ ... })`, inline or bound to a name in scope. */
function routeSpec(expr: ts.Expression, ctx: ExtractContext): ts.ObjectLiteralExpression | undefined {
  const call = ts.isIdentifier(expr) ? ctx.lookupLocal(expr.text)?.expr : expr;
  if (!call || !ts.isCallExpression(call) || !ctx.isMemberOf(call.expression, MODULES, "createRoute")) return undefined;
  const spec = call.arguments[0];
  return spec && ts.isObjectLiteralExpression(spec) ? spec : undefined;
}
