import { posix } from "node:path";
import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { staticText, withoutAssertions } from "./context.js";
import { joinRoute } from "./routing-controllers.js";
import { pushRoute, routePath } from "./routes.js";

/**
 * AdonisJS 5 and 6: routes declared on the framework's router in start/routes.ts (and the files it imports):
 * `Route.get("/users", "UsersController.index")` (v5, `import Route from "@ioc:Adonis/Core/Route"`) or
 * `router.get("/users", [UsersController, "index"])` (v6, `@adonisjs/core/services/router`), inline handlers too, inside
 * `Route.group(() => { … }).prefix("/api/v1")` groups (nested groups add up), and `Route.resource("posts",
 * "PostsController")` (index, store, show, update, destroy; create and edit unless `.apiOnly()`). A controller named by
 * a string lives under app/Controllers/Http of the application (the folder above start/): the file gets an import of it,
 * as Adonis's container loads it, so the handler is the controller's method and the controller is loaded by the service.
 * Routes registered some other way (a computed path, a handler named by a variable) keep `{?}` or no handler.
 */

const MODULES = ["@ioc:Adonis/Core/Route", "@adonisjs/core/services/router"];

const VERBS: Record<string, string> = { get: "GET", post: "POST", put: "PUT", patch: "PATCH", delete: "DELETE", any: "ALL" };

const RESOURCE: { action: string; method: string; path: string; form?: true }[] = [
  { action: "index", method: "GET", path: "" },
  { action: "create", method: "GET", path: "/create", form: true },
  { action: "store", method: "POST", path: "" },
  { action: "show", method: "GET", path: "/:id" },
  { action: "edit", method: "GET", path: "/:id/edit", form: true },
  { action: "update", method: "PUT", path: "/:id" },
  { action: "update", method: "PATCH", path: "/:id" },
  { action: "destroy", method: "DELETE", path: "/:id" },
];

export const adonis: Extractor = {
  family: "adonis",
  modules: MODULES,
  callProperties: [...Object.keys(VERBS), "resource", "route"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || !isRouter(callee.expression, ctx)) return;
    const name = callee.name.text;
    const [pathArg, second, third] = node.arguments;
    if (!pathArg) return;
    const prefix = groupPrefix(ctx);
    const owner = `adonis:${applicationRoot(ctx.file)}`;
    if (name === "resource") {
      const resource = routePath(pathArg, ctx) ?? "{?}";
      const controller = second ? controllerOf(second, ctx) : undefined;
      const chained = chainAbove(node, ctx);
      const apiOnly = chained.some((link) => link.name === "apiOnly");
      const only = listArg(chained.find((link) => link.name === "only"), ctx);
      const except = listArg(chained.find((link) => link.name === "except"), ctx);
      // `posts.comments`: nested resources, `/posts/:post_id/comments`.
      const path = resource.split(".").map((part, i, all) => (i < all.length - 1 ? `${part}/:${singular(part)}_id` : part)).join("/");
      for (const route of RESOURCE) {
        if ((apiOnly && route.form) || (only && !only.includes(route.action)) || except?.includes(route.action)) continue;
        push(ctx, node, owner, route.method, joinRoute(...prefix, path) + route.path, controller && { ...controller, method: route.action });
      }
      return;
    }
    const method = name === "route" ? (second ? staticText(ctx.value(second))?.toUpperCase() : undefined) : VERBS[name];
    if (!method) return;
    const handler = name === "route" ? third : second;
    const path = joinRoute(...prefix, routePath(pathArg, ctx) ?? "{?}");
    push(ctx, node, owner, method, path, handler ? handlerOf(handler, ctx) : undefined);
  },
};

type Handler = { controller: string; method: string; specifier?: string } | { inline: ts.Expression };

function push(ctx: ExtractContext, node: ts.Node, owner: string, method: string, path: string, handler: Handler | undefined): void {
  const count = ctx.facts.routes.length;
  // An inline function is handled as any framework's (pushRoute reads it); a controller is named after the route is made.
  pushRoute(ctx, node, { id: owner, known: false }, "adonis", method, path, handler && "inline" in handler ? handler.inline : undefined);
  const route = ctx.facts.routes[ctx.facts.routes.length - 1];
  if (ctx.facts.routes.length === count || !route || !handler || "inline" in handler) return;
  const local = handler.specifier ? importController(ctx, handler.controller, handler.specifier) : handler.controller;
  route.handlerRef = { object: local, name: handler.method };
}

/** The router as imported (`Route`, `router`), or a group's callback parameter of it. */
function isRouter(expr: ts.Expression, ctx: ExtractContext): boolean {
  const target = withoutAssertions(expr);
  return ts.isIdentifier(target) && ctx.isImportFrom(target, MODULES);
}

/** `"UsersController.index"` (a controller by name, under app/Controllers/Http), `[UsersController, "index"]`, or an inline function. */
function handlerOf(expr: ts.Expression, ctx: ExtractContext): Handler | undefined {
  const value = withoutAssertions(expr);
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return { inline: value };
  if (ts.isArrayLiteralExpression(value) && value.elements.length >= 1) {
    const [controller, method] = value.elements;
    const name = controller && ts.isIdentifier(controller) ? controller.text : undefined;
    const methodName = method ? staticText(ctx.value(method)) : "handle";
    if (!name || !methodName) return undefined;
    // v6's lazy controller, `const UsersController = () => import("#controllers/users_controller")`: that module's class.
    const lazy = lazyImport(name, ctx);
    return lazy ? { controller: name, method: methodName, specifier: lazy } : { controller: name, method: methodName };
  }
  const text = staticText(ctx.value(value));
  if (!text) return undefined;
  const dot = text.lastIndexOf(".");
  const path = dot < 0 ? text : text.slice(0, dot);
  const method = dot < 0 ? "handle" : text.slice(dot + 1);
  return { ...controllerAt(path, ctx), method };
}

/** The module a local arrow imports lazily (`() => import("#controllers/users_controller")`), if that is what it is. */
function lazyImport(name: string, ctx: ExtractContext): string | undefined {
  const bound = ctx.lookupLocal(name)?.expr;
  const fn = bound && withoutAssertions(bound);
  if (!fn || !ts.isArrowFunction(fn) || ts.isBlock(fn.body)) return undefined;
  const body = withoutAssertions(fn.body);
  if (!ts.isCallExpression(body) || body.expression.kind !== ts.SyntaxKind.ImportKeyword) return undefined;
  const spec = body.arguments[0];
  if (!spec || !ts.isStringLiteralLike(spec)) return undefined;
  // `#controllers/users_controller`: the package.json `imports` alias every v6 application starts with, app/controllers.
  const aliased = /^#controllers\/(.+)$/.exec(spec.text);
  if (!aliased) return spec.text;
  const from = posix.dirname(ctx.file);
  const target = posix.relative(from === "." ? "" : from, posix.join(applicationRoot(ctx.file), "app/controllers", aliased[1]!.replace(/\.js$/, "")));
  return target.startsWith(".") ? target : `./${target}`;
}

/** A resource's controller: `"PostsController"` by name, or a class the file imports. */
function controllerOf(expr: ts.Expression, ctx: ExtractContext): { controller: string; specifier?: string } | undefined {
  const value = withoutAssertions(expr);
  if (ts.isIdentifier(value)) {
    const lazy = lazyImport(value.text, ctx);
    return lazy ? { controller: value.text, specifier: lazy } : { controller: value.text };
  }
  const text = staticText(ctx.value(value));
  return text ? controllerAt(text, ctx) : undefined;
}

/** `"Admin/UsersController"` → the class UsersController of app/Controllers/Http/Admin/UsersController, from this file. */
function controllerAt(path: string, ctx: ExtractContext): { controller: string; specifier: string } {
  const clean = path.replace(/^App\/Controllers\/Http\//, "");
  const root = applicationRoot(ctx.file);
  const from = posix.dirname(ctx.file);
  let specifier = posix.relative(from === "." ? "" : from, posix.join(root, "app/Controllers/Http", clean));
  if (!specifier.startsWith(".")) specifier = `./${specifier}`;
  return { controller: posix.basename(clean), specifier };
}

/** Names the controller's module in the file's imports (Adonis's container loads it), under a name no code of the file uses. */
function importController(ctx: ExtractContext, controller: string, specifier: string): string {
  const local = `adonis$${controller}`;
  if (!ctx.facts.imports.some((imported) => imported.local === local && imported.specifier === specifier)) {
    ctx.facts.imports.push({ local, imported: "default", specifier, line: 1 });
  }
  return local;
}

/** The application's folder: the one above start/ (where routes.ts lives), else the file's own folder's parent. */
function applicationRoot(file: string): string {
  const parts = file.split("/");
  const start = parts.lastIndexOf("start", parts.length - 2);
  const root = start >= 0 ? parts.slice(0, start).join("/") : posix.dirname(posix.dirname(file));
  return root === "." ? "" : root;
}

/** The methods chained on a call (`Route.resource(...).apiOnly().only(["index"])`), from the walker's stack, innermost first. */
function chainAbove(node: ts.CallExpression, ctx: ExtractContext): { name: string; call: ts.CallExpression }[] {
  const stack = ctx.stack;
  let index = stack.lastIndexOf(node);
  const links: { name: string; call: ts.CallExpression }[] = [];
  let current: ts.Node = node;
  while (index >= 2) {
    const access = stack[index - 1]!;
    const call = stack[index - 2]!;
    if (!ts.isPropertyAccessExpression(access) || access.expression !== current || !ts.isCallExpression(call) || call.expression !== access) break;
    links.push({ name: access.name.text, call });
    current = call;
    index -= 2;
  }
  return links;
}

/** The prefixes of the groups a route is declared in, outermost first: `Route.group(() => { … }).prefix("/v1")`. */
function groupPrefix(ctx: ExtractContext): string[] {
  const stack = ctx.stack;
  const prefixes: string[] = [];
  for (let i = stack.length - 1; i >= 1; i--) {
    const fn = stack[i]!;
    const group = stack[i - 1]!;
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isCallExpression(group) || !group.arguments.includes(fn as ts.Expression)) continue;
    const callee = group.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "group" || !isRouter(callee.expression, ctx)) continue;
    const own = chainAbove(group, ctx)
      .filter((link) => link.name === "prefix")
      .map((link) => (link.call.arguments[0] ? (routePath(link.call.arguments[0], ctx) ?? "{?}") : ""));
    // A later `.prefix()` on a group goes in front of the earlier ones (each prefixes what the group has so far).
    prefixes.unshift(...own.reverse());
  }
  return prefixes;
}

function listArg(link: { call: ts.CallExpression } | undefined, ctx: ExtractContext): string[] | undefined {
  const arg = link?.call.arguments[0];
  const list = arg && withoutAssertions(arg);
  if (!list || !ts.isArrayLiteralExpression(list)) return undefined;
  return list.elements.map((element) => staticText(ctx.value(element)) ?? "");
}

function singular(word: string): string {
  return word.endsWith("ies") ? `${word.slice(0, -3)}y` : word.endsWith("s") ? word.slice(0, -1) : word;
}
