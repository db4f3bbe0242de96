import { ts } from "ts-morph";
import type { Extractor } from "./walk.js";
import { propertyNamed, staticText } from "./context.js";
import { mountChild, pushMount, pushRoute, resolveOwner, routePath } from "./routes.js";

/**
 * fastify: `Fastify()`, shorthand verbs (shared), `route({ method, url, handler })`,
 * and `register(plugin, { prefix })` where the plugin is inline, a function
 * of this file, or an import (followed in the model).
 */

const MODULES = ["fastify"];

export const fastify: Extractor = {
  family: "fastify",
  callProperties: ["register", "route"],
  factory(expr, ctx) {
    if (!ts.isCallExpression(expr)) return undefined;
    const callee = expr.expression;
    if (ctx.isImportFrom(callee, MODULES, ["default", "*", "fastify", "Fastify"])) return { kind: "app", framework: "fastify" };
    return undefined;
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (method === "register") {
      const owner = resolveOwner(callee.expression, ctx);
      if (!owner || (owner.framework !== "fastify" && owner.known)) return;
      const [plugin, opts] = node.arguments;
      if (!plugin) return;
      let prefix = "";
      if (opts && ts.isObjectLiteralExpression(opts)) {
        const raw = propertyNamed(opts, "prefix");
        if (raw) prefix = routePath(raw, ctx) ?? "";
      }
      const child = mountChild(plugin, ctx);
      if (child) pushMount(ctx, node, owner, prefix, child);
      return;
    }
    if (method === "route") {
      const [opts] = node.arguments;
      if (!opts || !ts.isObjectLiteralExpression(opts)) return;
      const owner = resolveOwner(callee.expression, ctx);
      if (!owner) return;
      const url = routePath(propertyNamed(opts, "url") ?? propertyNamed(opts, "path"), ctx);
      const methodExpr = propertyNamed(opts, "method");
      if (url === undefined || !methodExpr) return;
      const methods = ts.isArrayLiteralExpression(methodExpr) ? [...methodExpr.elements] : [methodExpr];
      for (const m of methods) {
        const text = staticText(ctx.value(m));
        if (text) pushRoute(ctx, node, owner, owner.framework ?? "fastify", text, url, propertyNamed(opts, "handler"));
      }
    }
  },
};
