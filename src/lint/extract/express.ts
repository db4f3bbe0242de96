import { ts } from "../ts.js";
import { isRequire, requireSpecifier } from "./syntax.js";
import type { Extractor } from "./extractor.js";
import type { MiddlewareStep } from "../types.js";
import { addGuards, guardsBefore, middlewareStep } from "./middleware.js";
import { instanceMethodChild, isRelative, mountChild, pushMount, resolveOwner, routePath } from "./routes.js";
import { type ExtractContext, isFunctionLike } from "./context.js";
import { useRoute } from "./use-routes.js";

/**
 * express: `express()`, `express.Router()`, `Router()`, `new Router()`; routes through the
 * shared verb extractor; mounts through `app.use("/prefix", router)`,
 * followed across files in the model.
 */

const MODULES = ["express"];

export const express: Extractor = {
  family: "express",
  callProperties: ["use"],
  factory(expr, ctx) {
    // `new Router()` and `new express.Router()`: express's Router works with or without `new`.
    if (ts.isNewExpression(expr)) {
      const made = expr.expression;
      if (ctx.isMemberOf(made, MODULES, "Router")) return { kind: "app", framework: "express" };
      if (ts.isPropertyAccessExpression(made) && made.name.text === "Router" && isExpressRequire(made.expression)) return { kind: "app", framework: "express" };
      return undefined;
    }
    if (!ts.isCallExpression(expr)) return undefined;
    const callee = expr.expression;
    if (ctx.isImportFrom(callee, MODULES, ["default", "*"])) return { kind: "app", framework: "express" };
    if (ctx.isMemberOf(callee, MODULES, "Router")) return { kind: "app", framework: "express" };
    // `require("express")()` and `require("express").Router()`, with no binding for the module.
    if (isExpressRequire(callee)) return { kind: "app", framework: "express" };
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "Router" && isExpressRequire(callee.expression)) return { kind: "app", framework: "express" };
    return undefined;
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "use") return;
    const parent = resolveOwner(callee.expression, ctx);
    if (!parent || (parent.framework !== "express" && parent.framework !== undefined)) return;
    const args = [...node.arguments];
    let prefix = "";
    // A path needs something after it: `app.use(auth)` of an imported auth is middleware, not a prefix.
    const first = args[0];
    if (args.length > 1 && first && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first) || ts.isIdentifier(first) || isPathProperty(first) || isConcatenation(first))) {
      const path = routePath(first, ctx);
      if (path !== undefined && (path.startsWith("/") || path.startsWith("${import:") || path.startsWith("${env:"))) {
        prefix = path;
        args.shift();
      } else if (path === undefined && isPathProperty(first) && args.slice(1).some((arg) => routerArgument(arg, ctx))) {
        // `app.use(this.config.general.BASE_URI, router)`: a base path the code reads at run time (a settings object handed
        // in): the routers below it are served under a prefix not known, not at the root.
        prefix = "/{?}";
        args.shift();
      }
    }
    // app.use("/api", [users, orders]): an array of routers is each of them.
    const flat = args.flatMap((arg) => (ts.isArrayLiteralExpression(arg) ? [...arg.elements] : [arg]));
    // app.use(auth) earlier, and auth in app.use("/api", auth, router): what runs before each router mounted here.
    const steps: MiddlewareStep[] = [];
    const earlier = guardsBefore(ctx, parent.id, prefix);
    for (const arg of flat) {
      const before = earlier.length || steps.length ? [...earlier, ...steps] : undefined;
      const step = middlewareStep(arg, ctx);
      if (step) steps.push(step);
      // Middleware factories (cors(), json()) are calls; routers are names, imports or require().
      // Middleware factories from packages (cors(), express.json()) are skipped; a call of this project's
      // own function may return a router (resolved in the model).
      // `orderRoutes.routes()` on a class instance of the project is what its method returns (mountChild).
      if (ts.isCallExpression(arg) && !ts.isIdentifier(arg.expression) && !instanceMethodChild(arg, ctx)) continue;
      if (ts.isCallExpression(arg) && ts.isIdentifier(arg.expression) && arg.expression.text !== "require") {
        const imported = ctx.imports.get(arg.expression.text);
        if (imported && !isRelative(imported.specifier) && !imported.specifier.startsWith("@") && !imported.specifier.startsWith("#")) continue;
      }
      // controllers.forEach((controller) => app.use("/api", controller.router)): each controller class's router (model/routes.ts).
      const field = loopItemField(arg, ctx);
      if (field) {
        ctx.facts.autoloads.push({ parent: parent.id, dir: "", prefix, location: ctx.loc(node), classRouters: field });
        continue;
      }
      const child = mountChild(arg, ctx);
      if (child) pushMount(ctx, node, parent, prefix, child, before);
    }
    // app.use("/books/:id", controller.getBook): a handler that answers, not middleware (extract/use-routes.ts).
    const last = flat[flat.length - 1];
    if (prefix && last) useRoute(ctx, node, parent, prefix, last, flat.slice(0, -1));
    addGuards(ctx, parent.id, prefix, steps);
  },
};

/**
 * `controller.router` where `controller` is the item of a loop (`list.forEach((controller) => …)`, `for (const controller
 * of list)`) over a list that is not written here (a parameter, a field): the field name, else undefined.
 */
function loopItemField(arg: ts.Expression, ctx: ExtractContext): string | undefined {
  if (!ts.isPropertyAccessExpression(arg) || !ts.isIdentifier(arg.expression) || !/router/i.test(arg.name.text)) return undefined;
  const name = arg.expression.text;
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (isFunctionLike(node)) {
      const index = node.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name);
      if (index < 0) continue;
      const call = ctx.stack[i - 1];
      const isLoop = index === 0 && call !== undefined && ts.isCallExpression(call) && call.arguments[0] === node && ts.isPropertyAccessExpression(call.expression) && /^(forEach|map)$/.test(call.expression.name.text);
      return isLoop && !ts.isArrayLiteralExpression((call as ts.CallExpression).expression) ? arg.name.text : undefined;
    }
    if (ts.isForOfStatement(node) && ts.isVariableDeclarationList(node.initializer)) {
      const decl = node.initializer.declarations[0];
      if (decl && ts.isIdentifier(decl.name) && decl.name.text === name) return ts.isArrayLiteralExpression(node.expression) ? undefined : arg.name.text;
    }
  }
  return undefined;
}

/**
 * `config.apiPrefix`, `settings.api.basePath`: a setting whose name says it is a path. Other properties
 * (`middleware.auth` in `app.use(middleware.auth, router)`) are middleware, not a prefix.
 */
/** An argument that is a router this file or another module makes (not middleware such as `cors()`): what mountChild reads. */
function routerArgument(arg: ts.Expression, ctx: ExtractContext): boolean {
  if (ts.isCallExpression(arg) || isFunctionLike(arg)) return false;
  const child = mountChild(arg, ctx);
  return child !== undefined && !(child.kind === "local" && child.id.startsWith("fn:"));
}

function isPathProperty(expr: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(expr) && /(prefix|path|base|root|mount|route|base_?ur[il])$/i.test(expr.name.text);
}

/** `this.prefix + "/orders"`: a path put together with `+`, which no middleware is. */
function isConcatenation(expr: ts.Expression): boolean {
  return ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken;
}

function isExpressRequire(expr: ts.Expression): boolean {
  return isRequire(expr) && MODULES.includes(requireSpecifier(expr));
}
