import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { propertyNamed } from "./context.js";
import { appMadeAt, HTTP_VERBS, mountChild, pushMount, pushRoute, resolveOwner, routePaths, routePath, type Owner } from "./routes.js";

/**
 * Elysia (Bun's web framework): `new Elysia()` and `new Elysia({ prefix: "/v1" })`, its verbs (the shared verb
 * extractor's), `app.group("/v1", (app) => app.get(...))` (the callback's routes under the prefix), and
 * `app.use(plugin)` of another Elysia instance, which mounts the plugin's routes (under the plugin's own prefix).
 */

const MODULES = ["elysia"];

export const elysia: Extractor = {
  family: "elysia",
  modules: MODULES,
  callProperties: ["group", "use", ...HTTP_VERBS],
  factory(expr, ctx) {
    // `import { Elysia } from "elysia"`, or its default export, the same class.
    if (!ts.isNewExpression(expr) || !(ctx.isMemberOf(expr.expression, MODULES, "Elysia") || ctx.isImportFrom(expr.expression, MODULES, ["default"]))) return undefined;
    const prefix = elysiaPrefix(expr, ctx);
    return { kind: "app", framework: "elysia", ...(prefix ? { prefix } : {}) };
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const known = resolveOwner(callee.expression, ctx);
    // Verbs on an app bound to a name are the shared verb extractor's; on one made in the chain itself, this one's.
    if (known && HTTP_VERBS.has(callee.name.text)) return;
    const owner = known ?? unboundApp(callee.expression, ctx);
    if (!owner || owner.framework !== "elysia") return;
    const [first, second] = node.arguments;
    if (HTTP_VERBS.has(callee.name.text)) {
      if (first && second) for (const path of routePaths(first, ctx)) pushRoute(ctx, node, owner, "elysia", callee.name.text.toUpperCase(), path, second);
      return;
    }
    if (callee.name.text === "group" && first && second) {
      const prefix = routePath(first, ctx);
      const child = mountChild(second, ctx);
      if (prefix !== undefined && child) pushMount(ctx, node, owner, prefix, child);
      return;
    }
    if (callee.name.text === "use" && first) {
      const child = mountChild(first, ctx);
      if (child) pushMount(ctx, node, owner, "", child);
    }
  },
};

/** `new Elysia().group(...).listen(3000)`: an app bound to no name, made at the head of the chain. */
function unboundApp(receiver: ts.Expression, ctx: Parameters<NonNullable<Extractor["call"]>>[1]): Owner | undefined {
  let root = receiver;
  while (ts.isCallExpression(root) && ts.isPropertyAccessExpression(root.expression)) root = root.expression.expression;
  if (!ts.isNewExpression(root) || !elysia.factory!(root, ctx)) return undefined;
  const owner = appMadeAt(root, ctx, "elysia", "elysia");
  const prefix = elysiaPrefix(root, ctx);
  if (prefix) ctx.facts.objectPrefixes[owner.id] = prefix;
  return owner;
}

/** `new Elysia({ prefix: "/users" })`: the prefix every route of that instance takes. */
function elysiaPrefix(expr: ts.NewExpression, ctx: Parameters<NonNullable<Extractor["call"]>>[1]): string | undefined {
  const options = expr.arguments?.[0];
  return options && ts.isObjectLiteralExpression(options) ? routePath(propertyNamed(options, "prefix"), ctx) : undefined;
}
