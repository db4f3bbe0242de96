import { posix } from "node:path";
import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";
import type { Extractor } from "./extractor.js";
import { isRequire, requireSpecifier } from "./syntax.js";
import { propertyNamed, staticText } from "./context.js";
import { addGuards, guardsBefore, middlewareStep } from "./middleware.js";
import { mountChild, pushMount, pushRoute, resolveOwner, routePath } from "./routes.js";
import { isHapiCall } from "./hapi.js";

/**
 * fastify: `Fastify()`, shorthand verbs (shared), `route({ method, url, handler })`,
 * and `register(plugin, { prefix })` where the plugin is inline, a function
 * of this file, or an import (followed in the model).
 */

const MODULES = ["fastify"];

export const fastify: Extractor = {
  family: "fastify",
  callProperties: ["register", "route", "addHook"],
  factory(expr, ctx) {
    if (!ts.isCallExpression(expr)) return undefined;
    const callee = expr.expression;
    if (ctx.isImportFrom(callee, MODULES, ["default", "*", "fastify", "Fastify"])) return { kind: "app", framework: "fastify" };
    // `require("fastify")({ logger: true })` (the CommonJS form of its docs), also `.default(...)` / `.fastify(...)`.
    const required = ts.isPropertyAccessExpression(callee) && (callee.name.text === "default" || callee.name.text === "fastify") ? callee.expression : callee;
    if (isRequire(required) && MODULES.includes(requireSpecifier(required))) return { kind: "app", framework: "fastify" };
    return undefined;
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (method === "addHook") {
      // fastify.addHook("onRequest", verifyToken): runs before every route of this instance and of the plugins it registers.
      const [name, hook] = node.arguments;
      if (!name || !hook || !ts.isStringLiteralLike(name) || !REQUEST_HOOKS.has(name.text)) return;
      const owner = resolveOwner(callee.expression, ctx);
      if (!owner || (owner.framework !== "fastify" && owner.known)) return;
      const step = middlewareStep(hook, ctx);
      if (step) addGuards(ctx, `${HOOKS}${owner.id}`, "", [step]);
      return;
    }
    if (method === "register") {
      const owner = resolveOwner(callee.expression, ctx);
      if (!owner || (owner.framework !== "fastify" && owner.known)) return;
      const [plugin, opts] = node.arguments;
      if (!plugin || isHapiCall(owner, node, ctx)) return;
      let prefix = "";
      if (opts && ts.isObjectLiteralExpression(opts)) {
        const raw = propertyNamed(opts, "prefix");
        if (raw) prefix = routePath(raw, ctx) ?? "";
      }
      if (isAutoload(plugin, ctx)) {
        const dir = opts && ts.isObjectLiteralExpression(opts) ? autoloadDir(propertyNamed(opts, "dir"), ctx) : undefined;
        const inner = opts && ts.isObjectLiteralExpression(opts) ? propertyNamed(opts, "options") : undefined;
        const innerPrefix = inner && ts.isObjectLiteralExpression(inner) ? routePath(propertyNamed(inner, "prefix"), ctx) : undefined;
        // dirNameRoutePrefix: false keeps sub-folder names out of the prefixes (a function decides per folder: taken as the default).
        const dirNames = opts && ts.isObjectLiteralExpression(opts) ? propertyNamed(opts, "dirNameRoutePrefix") : undefined;
        const noDirNames = dirNames !== undefined && dirNames.kind === ts.SyntaxKind.FalseKeyword;
        if (dir !== undefined) ctx.facts.autoloads.push({ parent: owner.id, dir, prefix: innerPrefix ?? prefix, location: ctx.loc(node), ...(noDirNames ? { dirNames: false as const } : {}) });
        return;
      }
      const child = mountChild(plugin, ctx);
      if (child) pushMount(ctx, node, owner, prefix, child);
      return;
    }
    if (method === "route") {
      const [opts] = node.arguments;
      if (!opts) return;
      if (!ts.isObjectLiteralExpression(opts)) {
        // `fastify.route(listItems)`: options kept elsewhere (a module's export, a parameter), not read.
        // Not express's or koa's `route(path)`, whose result takes the verbs (`app.route(BOOKS).get(handler)`).
        const parent = ctx.stack[ctx.stack.lastIndexOf(node) - 1];
        const chained = parent !== undefined && ts.isPropertyAccessExpression(parent) && parent.expression === node;
        const owner = !chained && (ts.isIdentifier(opts) || ts.isPropertyAccessExpression(opts)) ? resolveOwner(callee.expression, ctx) : undefined;
        if (owner && fastifyOwner(owner, ctx) && !isHapiCall(owner, node, ctx)) unreadRoute(ctx, node, `${ctx.text(callee)}(${ctx.text(opts).slice(0, 40)})`);
        return;
      }
      const owner = resolveOwner(callee.expression, ctx);
      if (!owner || isHapiCall(owner, node, ctx)) return;
      const url = routePath(propertyNamed(opts, "url") ?? propertyNamed(opts, "path"), ctx);
      const methodExpr = propertyNamed(opts, "method");
      if (url === undefined || !methodExpr) {
        // `fastify.route({ ...listItems, preHandler })`: the method or url comes from what the object spreads.
        const spread = opts.properties.find(ts.isSpreadAssignment);
        if (spread && fastifyOwner(owner, ctx)) unreadRoute(ctx, node, `${ctx.text(callee)}({ ...${ctx.text(spread.expression).slice(0, 40)} })`);
        return;
      }
      const methods = ts.isArrayLiteralExpression(methodExpr) ? [...methodExpr.elements] : [methodExpr];
      for (const m of methods) {
        const text = staticText(ctx.value(m));
        if (text) pushRoute(ctx, node, owner, owner.framework ?? "fastify", text, url, propertyNamed(opts, "handler"));
      }
    }
  },
  fileEnd(ctx) {
    // A hook applies to the whole instance, routes declared before it included (Fastify builds them at ready).
    if (!ctx.guards) return;
    for (const route of ctx.facts.routes) {
      const hooks = guardsBefore(ctx, `${HOOKS}${route.owner}`, "");
      if (!hooks.length) continue;
      route.middleware = [...hooks, ...(route.middleware ?? [])];
      if (!route.version && hooks.some((step) => step.version)) route.version = "header";
    }
    for (const mount of ctx.facts.mounts) {
      const hooks = guardsBefore(ctx, `${HOOKS}${mount.parent}`, "");
      if (hooks.length) mount.middleware = [...hooks, ...(mount.middleware ?? [])];
    }
  },
};

/** A Fastify instance or plugin parameter, not an express or koa router (whose `route(path)` takes a path). */
function fastifyOwner(owner: { framework?: string }, ctx: ExtractContext): boolean {
  return owner.framework === "fastify" || (owner.framework === undefined && !ctx.importsAny(["express", "koa", "@koa/router", "koa-router", "@hapi/hapi", "hapi", "restify"]));
}

/** A route registration whose options are not written out where it is made: said, with the call as written. */
function unreadRoute(ctx: ExtractContext, node: ts.Node, what: string): void {
  const list = (ctx.facts.unreadRoutes ??= []);
  if (list.length < 20) list.push({ what, location: ctx.loc(node) });
}

/** Hooks that run on the way to a route's handler (not `onResponse`, `onError`, `onSend`, which run after it). */
const REQUEST_HOOKS = new Set(["onRequest", "preParsing", "preValidation", "preHandler"]);
/** Where an instance's hooks are kept among the context's guards (apart from express's ordered `use` lists). */
const HOOKS = "hooks:";

/** `@fastify/autoload` (or `fastify-autoload`, its name before v4) by name, or loaded in place: `import("@fastify/autoload")`, `require(…)`. */
const AUTOLOAD = ["@fastify/autoload", "fastify-autoload"];
function isAutoload(plugin: ts.Expression, ctx: ExtractContext): boolean {
  let target = plugin;
  while (ts.isAwaitExpression(target) || ts.isParenthesizedExpression(target)) target = target.expression;
  if (ts.isIdentifier(target)) return ctx.isImportFrom(target, AUTOLOAD);
  if (ts.isCallExpression(target) && (target.expression.kind === ts.SyntaxKind.ImportKeyword || isRequire(target))) {
    const specifier = target.arguments[0];
    return specifier !== undefined && ts.isStringLiteral(specifier) && AUTOLOAD.includes(specifier.text);
  }
  return false;
}

/**
 * The folder of `dir: path.join(__dirname, "routes")`, `join(import.meta.dirname, "routes")`
 * or `fileURLToPath(new URL("./routes", import.meta.url))`: its string pieces, taken
 * relative to this file's folder, as a path from the scan root.
 */
export function autoloadDir(expr: ts.Expression | undefined, ctx: ExtractContext): string | undefined {
  if (!expr) return undefined;
  const pieces: string[] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node)) pieces.push(node.text);
    ts.forEachChild(node, collect);
  };
  collect(expr);
  if (!pieces.length) return undefined;
  const here = posix.dirname(ctx.file);
  return posix.normalize(posix.join(here === "." ? "" : here, ...pieces)).replace(/\/$/, "");
}
