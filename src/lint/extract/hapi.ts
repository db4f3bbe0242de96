import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";
import type { Extractor } from "./extractor.js";
import { isFunctionLike, propertyKey, propertyNamed, staticText, withoutAssertions } from "./context.js";
import { isRequire, requireSpecifier } from "./syntax.js";
import { positionId } from "./function-ids.js";
import { helperSites } from "./helper-routes.js";
import { h2o2Proxy } from "./proxies/h2o2.js";
import { proxyHandlerId, pushProxyCall } from "./proxies/common.js";
import { frameworkFromImports, isProjectSpecifier, pushMount, pushRoute, resolveOwner, routePath, type Owner } from "./routes.js";

/**
 * hapi (`@hapi/hapi`, and `hapi` before the move): `Hapi.server()`, `new Hapi.Server()`;
 * `server.route(route | route[])` with route objects inline, in local constants or exported by
 * other files (followed in the model as mounts); plugins through `server.register(plugin |
 * { plugin, routes: { prefix } } | [...], { routes: { prefix } })`, their `register(server)`
 * function owning the routes it adds. A file that exports route objects or plugin objects
 * records them once the walk is done (fileEnd), under the id its export resolves to.
 */

export const HAPI_MODULES = ["@hapi/hapi", "hapi"];

export const hapi: Extractor = {
  family: "hapi",
  callProperties: ["route", "register"],
  factory(expr, ctx) {
    // Asked of every initialiser of every file: the cheap tests first.
    if (!ts.isCallExpression(expr) && !ts.isNewExpression(expr)) return undefined;
    const callee = expr.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (name === undefined || !(name === "server" || name === "Server" || ctx.imports.has(name))) return undefined;
    // require("@hapi/hapi").server({ port })
    if (ts.isPropertyAccessExpression(callee) && isRequire(callee.expression)) {
      return (name === "server" || name === "Server") && HAPI_MODULES.includes(requireSpecifier(callee.expression)) ? { kind: "app", framework: "hapi" } : undefined;
    }
    if (!ctx.importsAny(HAPI_MODULES)) return undefined;
    if (ctx.isMemberOf(callee, HAPI_MODULES, "server") || ctx.isMemberOf(callee, HAPI_MODULES, "Server")) return { kind: "app", framework: "hapi" };
    return undefined;
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    const arg = node.arguments[0];
    if (!arg) return;
    const owner = resolveOwner(callee.expression, ctx);
    if (!owner || frameworkOfCall(owner, node, ctx) === "other") return;
    if (name === "route") routesOf(arg, owner, node, ctx, 0);
    else if (name === "register") registerPlugins(node, owner, ctx);
  },
  fileEnd(ctx) {
    exportedTables(ctx);
  },
};

/**
 * Whose `x.route()` / `x.register()` is this? A known hapi server's is hapi's, a known other app's
 * (fastify's `route({ url })`) is not. For an app only guessed (a plugin's parameter), the file's
 * imports decide, else the call's shape: hapi's routes take `path`, fastify's `url`; hapi registers
 * `{ plugin, routes: { prefix } }` and arrays, fastify functions, `import()` and `{ prefix }`.
 * "either" when the shape does not tell (`register(require("./x"))`): both follow it.
 */
export function frameworkOfCall(owner: Owner, call: ts.CallExpression, ctx: ExtractContext): "hapi" | "other" | "either" {
  if (owner.framework !== undefined) return owner.framework === "hapi" ? "hapi" : "other";
  const imported = frameworkFromImports(ctx);
  if (imported) return imported === "hapi" ? "hapi" : "other";
  const [first, second] = call.arguments;
  const arg = first && withoutAssertions(first);
  if (!arg) return "other";
  const isRoute = ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === "route";
  if (ts.isObjectLiteralExpression(arg)) return isRoute ? (propertyNamed(arg, "url") === undefined ? "hapi" : "other") : "hapi";
  if (isRoute || ts.isArrayLiteralExpression(arg)) return "hapi";
  if (isFunctionLike(arg) || (ts.isCallExpression(arg) && arg.expression.kind === ts.SyntaxKind.ImportKeyword)) return "other";
  const options = second && withoutAssertions(second);
  if (options && ts.isObjectLiteralExpression(options)) {
    if (propertyNamed(options, "routes")) return "hapi";
    if (propertyNamed(options, "prefix")) return "other";
  }
  return "either";
}

/** Does fastify's extractor leave this call to hapi's? */
export function isHapiCall(owner: Owner, call: ts.CallExpression, ctx: ExtractContext): boolean {
  return frameworkOfCall(owner, call, ctx) === "hapi";
}
/** `method: "GET"`, `"*"` (any method), `["GET", "POST"]`: upper-case names, `*` as ALL. */
function methodsOf(expr: ts.Expression, ctx: ExtractContext): string[] {
  const list = ts.isArrayLiteralExpression(expr) ? [...expr.elements] : [expr];
  const methods: string[] = [];
  for (const element of list) {
    const text = staticText(ctx.value(element));
    if (text) methods.push(text === "*" ? "ALL" : text.toUpperCase());
  }
  return methods;
}

/** A route object's handler: `handler`, or inside `options` / `config` (hapi 17+ and before). */
function handlerOf(route: ts.ObjectLiteralExpression): ts.Expression | undefined {
  const direct = propertyNamed(route, "handler");
  if (direct) return direct;
  for (const key of ["options", "config"]) {
    const inner = propertyNamed(route, key);
    if (inner && ts.isObjectLiteralExpression(withoutAssertions(inner))) {
      const handler = propertyNamed(withoutAssertions(inner) as ts.ObjectLiteralExpression, "handler");
      if (handler) return handler;
    }
  }
  return undefined;
}

/** One route object: `{ method, path, handler }`. False when the object is no route. */
function routeObject(object: ts.ObjectLiteralExpression, owner: Owner, ctx: ExtractContext): boolean {
  const methodExpr = propertyNamed(object, "method");
  const pathExpr = propertyNamed(object, "path");
  const path = routePath(pathExpr, ctx);
  if (methodExpr && pathExpr && (path === undefined || methodsOf(methodExpr, ctx).length === 0) && helperRoutes(object, methodExpr, pathExpr, owner, ctx)) return true;
  if (!methodExpr || path === undefined) return false;
  const handler = handlerOf(object);
  const count = ctx.facts.routes.length;
  for (const method of methodsOf(methodExpr, ctx)) pushRoute(ctx, object, owner, "hapi", method, path, handler);
  // h2o2: `handler: { proxy: { uri } }` forwards the request; the route's handler is the proxy's forward.
  const proxy = h2o2Proxy(handler, path, ctx);
  if (proxy) {
    const id = proxyHandlerId(proxy.node, ctx);
    for (const route of ctx.facts.routes.slice(count)) {
      route.handler = id;
      delete route.handlerRef;
    }
    pushProxyCall(ctx, proxy.node, proxy.upstream, proxy.proxy, id);
  }
  return true;
}

/**
 * A route object inside a local helper whose method or path are the helper's parameters
 * (`function addRoute(method, path, h) { server.route({ method, path, handler: h }) }`): one route per call of the helper.
 */
function helperRoutes(object: ts.ObjectLiteralExpression, methodExpr: ts.Expression, pathExpr: ts.Expression, owner: Owner, ctx: ExtractContext): boolean {
  const sites = helperSites([methodExpr, pathExpr], ctx);
  if (!sites) return false;
  const handler = handlerOf(object);
  for (const site of sites) {
    const path = routePath(site.argument(pathExpr), ctx);
    if (path === undefined) continue;
    for (const method of methodsOf(site.argument(methodExpr), ctx)) pushRoute(ctx, site.call, owner, "hapi", method, path, handler && site.argument(handler));
  }
  return true;
}

/**
 * The argument of `server.route(...)`: a route object, an array of them (spreads included), a
 * constant holding either, `[].concat(a, b)`, or routes another file exports (a mount, followed
 * in the model).
 */
function routesOf(expr: ts.Expression, owner: Owner, at: ts.Node, ctx: ExtractContext, depth: number): void {
  if (depth > 4) return;
  const target = withoutAssertions(expr);
  if (ts.isObjectLiteralExpression(target)) {
    routeObject(target, owner, ctx);
    return;
  }
  if (ts.isArrayLiteralExpression(target)) {
    for (const element of target.elements) routesOf(ts.isSpreadElement(element) ? element.expression : element, owner, at, ctx, depth + 1);
    return;
  }
  if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression) && target.expression.name.text === "concat") {
    routesOf(target.expression.expression, owner, at, ctx, depth + 1);
    for (const arg of target.arguments) routesOf(arg, owner, at, ctx, depth + 1);
    return;
  }
  if (ts.isIdentifier(target)) {
    const local = ctx.lookupLocal(target.text);
    if (local) {
      routesOf(local.expr, owner, at, ctx, depth + 1);
      return;
    }
    // routes.forEach((route) => server.route(route)), for (const route of routes) server.route(route)
    const list = iteratedList(target.text, ctx);
    if (list) {
      routesOf(list, owner, at, ctx, depth + 1);
      return;
    }
  }
  const child = importedChild(target, ctx);
  if (child) pushMount(ctx, at, owner, "", child);
}

function projectChild(specifier: string, name: string): { kind: "import"; specifier: string; name: string } | undefined {
  return isProjectSpecifier(specifier) ? { kind: "import", specifier, name } : undefined;
}

/** The list a loop variable walks: the receiver of `list.forEach((name) => …)` / `.map`, or `for (const name of list)`. */
function iteratedList(name: string, ctx: ExtractContext): ts.Expression | undefined {
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (isFunctionLike(node)) {
      const first = node.parameters[0];
      if (!first || !ts.isIdentifier(first.name) || first.name.text !== name) continue;
      const parent = ctx.stack[i - 1];
      const isLoop = parent !== undefined && ts.isCallExpression(parent) && parent.arguments[0] === node && ts.isPropertyAccessExpression(parent.expression) && /^(forEach|map)$/.test(parent.expression.name.text);
      return isLoop ? ((parent as ts.CallExpression).expression as ts.PropertyAccessExpression).expression : undefined;
    }
    if (ts.isForOfStatement(node) && ts.isVariableDeclarationList(node.initializer)) {
      const decl = node.initializer.declarations[0];
      if (decl && ts.isIdentifier(decl.name) && decl.name.text === name) return node.expression;
    }
  }
  return undefined;
}

/** `require("./routes")`, `import routes from "./routes"`, `routes.users` of a namespace import: the module export it names. */
function importedChild(expr: ts.Expression, ctx: ExtractContext): { kind: "import"; specifier: string; name: string } | undefined {
  // Plugins from npm (`require("@hapi/inert")`) add no route of this project.
  if (isRequire(expr)) return projectChild(requireSpecifier(expr), "default");
  // require("./routes").users
  if (ts.isPropertyAccessExpression(expr) && isRequire(expr.expression)) return projectChild(requireSpecifier(expr.expression), expr.name.text);
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) {
    const imported = ctx.isShadowed(expr.expression.text) ? undefined : ctx.imports.get(expr.expression.text);
    if (imported && isProjectSpecifier(imported.specifier) && (imported.imported === "*" || imported.imported === "default")) return { kind: "import", specifier: imported.specifier, name: expr.name.text };
    return undefined;
  }
  if (!ts.isIdentifier(expr) || ctx.isShadowed(expr.text)) return undefined;
  const imported = ctx.imports.get(expr.text);
  return imported && isProjectSpecifier(imported.specifier) ? { kind: "import", specifier: imported.specifier, name: imported.imported } : undefined;
}

/**
 * `server.register(plugin)`, `register({ plugin, routes: { prefix } })`, arrays of either, and
 * hapi 16's `register({ register: plugin })` and `register(plugins, { routes: { prefix } })`.
 */
function registerPlugins(node: ts.CallExpression, owner: Owner, ctx: ExtractContext): void {
  const [plugins, options] = node.arguments;
  const shared = options ? prefixOf(withoutAssertions(options), ctx) : undefined;
  let items = withoutAssertions(plugins!);
  // const plugins = [{ plugin: users, routes: { prefix: "/v1" } }]; await server.register(plugins)
  const local = ts.isIdentifier(items) && !ctx.imports.has(items.text) ? ctx.lookupLocal(items.text) : undefined;
  if (local && ts.isArrayLiteralExpression(withoutAssertions(local.expr))) items = withoutAssertions(local.expr);
  for (const item of ts.isArrayLiteralExpression(items) ? items.elements : [items]) {
    let plugin: ts.Expression | undefined = withoutAssertions(item);
    let prefix = shared;
    if (ts.isObjectLiteralExpression(plugin) && !pluginFunction(plugin, ctx)) {
      // { plugin: users, options, routes: { prefix: "/v1" } }
      prefix = prefixOf(plugin, ctx) ?? shared;
      plugin = propertyNamed(plugin, "plugin") ?? propertyNamed(plugin, "register");
    }
    if (plugin) mountPlugin(plugin, owner, prefix ?? "", node, ctx);
  }
}

function prefixOf(options: ts.Expression, ctx: ExtractContext): string | undefined {
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  const routes = propertyNamed(options, "routes");
  const inner = routes && withoutAssertions(routes);
  return inner && ts.isObjectLiteralExpression(inner) ? routePath(propertyNamed(inner, "prefix"), ctx) : undefined;
}

/**
 * A plugin object's register function: `{ name, register(server) { … } }`, `register: fn` or
 * `{ name, register }` naming a function of this file. (hapi 16's `{ register: require("./x") }`
 * wraps a plugin module instead: no function of its own.)
 */
function pluginFunction(object: ts.ObjectLiteralExpression, ctx: ExtractContext): ts.Node | undefined {
  for (const prop of object.properties) {
    if (ts.isMethodDeclaration(prop) && prop.name && propertyKey(prop.name) === "register") return prop;
    const value = ts.isPropertyAssignment(prop) && propertyKey(prop.name) === "register" ? withoutAssertions(prop.initializer) : ts.isShorthandPropertyAssignment(prop) && prop.name.text === "register" ? prop.name : undefined;
    if (!value) continue;
    if (isFunctionLike(value)) return value;
    return ts.isIdentifier(value) && !ctx.imports.has(value.text) && ctx.lookupLocalFunction(value.text) ? value : undefined;
  }
  return undefined;
}

/** The id the walker gave a plugin's register function (see functionIdOf): by name where the code names it, else by position. */
function registerFunctionId(fn: ts.Node, holder: string | undefined, ctx: ExtractContext): string | undefined {
  if (ts.isIdentifier(fn)) return `fn:${fn.text}`;
  if (!isFunctionLike(fn)) return undefined;
  return holder ? `fn:${holder}.register` : positionId(fn, ctx);
}

function mountPlugin(plugin: ts.Expression, owner: Owner, prefix: string, at: ts.Node, ctx: ExtractContext): void {
  const target = withoutAssertions(plugin);
  if (ts.isObjectLiteralExpression(target)) {
    // An inline plugin object: its register function is the child.
    const fn = pluginFunction(target, ctx);
    const id = fn && registerFunctionId(fn, undefined, ctx);
    if (id) pushMount(ctx, at, owner, prefix, { kind: "local", id });
    return;
  }
  if (isFunctionLike(target)) {
    pushMount(ctx, at, owner, prefix, { kind: "local", id: positionId(target, ctx) });
    return;
  }
  if (ts.isIdentifier(target) && !ctx.imports.has(target.text)) {
    // A plugin object of this file: recorded under const:<name> by fileEnd.
    const local = ctx.lookupLocal(target.text);
    if (local && ts.isObjectLiteralExpression(withoutAssertions(local.expr))) pushMount(ctx, at, owner, prefix, { kind: "local", id: `const:${target.text}` });
    else if (ctx.lookupLocalFunction(target.text)) pushMount(ctx, at, owner, prefix, { kind: "local", id: `fn:${target.text}` });
    return;
  }
  const child = importedChild(target, ctx);
  if (!child) return;
  // A module's plugin is its export, or (as hapi reads a required module) its `plugin` or hapi 16 `register` export.
  const names = child.name === "default" || child.name === "*" ? ["default", "plugin", "register"] : [child.name];
  for (const name of names) pushMount(ctx, at, owner, prefix, { ...child, name });
}

// ---------------------------------------------------------------------------
// Files that export routes or plugins
// ---------------------------------------------------------------------------

/**
 * Top-level statements that export route objects (`module.exports = [{ method, path, handler }]`,
 * `export default { method, path, options: { handler } }`, `exports.routes = [...]`, a constant
 * exported by name, an index `[...userRoutes, ...orderRoutes]`) or plugin objects
 * (`exports.plugin = { name, register }`, also unexported: the file may register it itself).
 * Route objects get the export's id as their owner; a plugin object is mounted over its register
 * function. A file that does not import hapi only counts route objects that look like hapi's
 * (an upper-case method, a `{param}`, or `options`/`config` beside them).
 */
function exportedTables(ctx: ExtractContext): void {
  const statements = ctx.sf.statements;
  let exportedNames: Set<string> | undefined;
  for (const statement of statements) {
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const name = exportName(statement.expression.left);
      if (name) exportedValue(`const:${name}`, statement.expression.right, undefined, true, ctx);
    } else if (ts.isExportAssignment(statement)) {
      exportedValue("const:default", statement.expression, undefined, true, ctx);
    } else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
        const value = withoutAssertions(decl.initializer);
        if (!ts.isObjectLiteralExpression(value) && !ts.isArrayLiteralExpression(value) && !listElements(value)) continue;
        const name = decl.name.text;
        const isExported = hasExportModifier(statement) || (exportedNames ??= exportedLocals(statements)).has(name);
        exportedValue(`const:${name}`, decl.initializer, name, isExported, ctx);
      }
    }
  }
}

function hasExportModifier(statement: ts.VariableStatement): boolean {
  return statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

/** Names of module constants the file exports later: `module.exports = routes`, `exports.x = routes`, `module.exports = { routes }`, `export { routes }`, `export default routes`. */
function exportedLocals(statements: readonly ts.Statement[]): Set<string> {
  const names = new Set<string>();
  const add = (expr: ts.Expression) => {
    const value = withoutAssertions(expr);
    if (ts.isIdentifier(value)) names.add(value.text);
    else if (ts.isObjectLiteralExpression(value)) {
      for (const prop of value.properties) {
        if (ts.isShorthandPropertyAssignment(prop)) names.add(prop.name.text);
        else if (ts.isPropertyAssignment(prop) && ts.isIdentifier(prop.initializer)) names.add(prop.initializer.text);
      }
    }
  };
  for (const statement of statements) {
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && exportName(statement.expression.left)) add(statement.expression.right);
    else if (ts.isExportAssignment(statement)) add(statement.expression);
    else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.add((element.propertyName ?? element.name).text);
    }
  }
  return names;
}

/** `module.exports` → "default", `exports.x` / `module.exports.x` → "x". */
function exportName(left: ts.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(left)) return undefined;
  const isModuleExports = (e: ts.Expression) => ts.isPropertyAccessExpression(e) && e.name.text === "exports" && ts.isIdentifier(e.expression) && e.expression.text === "module";
  if (isModuleExports(left)) return "default";
  if ((ts.isIdentifier(left.expression) && left.expression.text === "exports") || isModuleExports(left.expression)) return left.name.text;
  return undefined;
}

/**
 * One exported (or module-level) value: a plugin object, a route object or a list of them.
 * `holder` is the constant's name when the value is one (the walker names its functions after it).
 */
function exportedValue(id: string, expr: ts.Expression, holder: string | undefined, isExported: boolean, ctx: ExtractContext): void {
  const value = withoutAssertions(expr);
  if (ts.isObjectLiteralExpression(value)) {
    const fn = pluginFunction(value, ctx);
    if (fn) {
      const child = registerFunctionId(fn, holder, ctx);
      if (child) ctx.facts.mounts.push({ parent: id, prefix: "", child: { kind: "local", id: child }, location: ctx.loc(value) });
      return;
    }
    // A registration: `export const router = { plugin: { name, register(server) { … } } }`,
    // `module.exports = { plugin: { … } }`, `{ plugin: users, routes: { prefix } }`.
    const nested = propertyNamed(value, "plugin");
    if (nested) {
      const inner = withoutAssertions(nested);
      const fn = ts.isObjectLiteralExpression(inner) ? pluginFunction(inner, ctx) : undefined;
      const prefix = prefixOf(value, ctx) ?? "";
      if (fn) {
        const child = registerFunctionId(fn, undefined, ctx);
        if (child) ctx.facts.mounts.push({ parent: id, prefix, child: { kind: "local", id: child }, location: ctx.loc(value) });
        if (id === "const:default") exportedValue("const:default.plugin", inner, undefined, true, ctx);
      } else if (isExported) mountPlugin(nested, { id, framework: "hapi", known: false }, prefix, value, ctx);
      return;
    }
    if (!isExported) return;
    if (looksHapi(value, ctx)) routeObject(value, { id, framework: "hapi", known: false }, ctx);
    return;
  }
  if (!isExported) return;
  const elements = listElements(value);
  if (!elements) return;
  const owner: Owner = { id, framework: "hapi", known: false };
  let found = false;
  for (const element of elements) {
    let item = withoutAssertions(ts.isSpreadElement(element) ? element.expression : element);
    // [getUser, createUser] with each route a constant of this file
    const local = ts.isIdentifier(item) && !ctx.imports.has(item.text) ? ctx.lookupLocal(item.text) : undefined;
    if (local) item = withoutAssertions(local.expr);
    if (ts.isObjectLiteralExpression(item)) {
      if (looksHapi(item, ctx) && routeObject(item, owner, ctx)) found = true;
      else {
        // A list of registrations for server.register(): [{ plugin: users, routes: { prefix: "/api" } }]
        const plugin = propertyNamed(item, "plugin");
        if (plugin && !pluginFunction(item, ctx)) {
          mountPlugin(plugin, owner, prefixOf(item, ctx) ?? "", item, ctx);
          found = true;
        }
      }
      continue;
    }
    // An index of route files: [...users, ...orders], [].concat(require("./users"), health). Mounting a
    // module that holds no route (an entity list) adds nothing.
    const child = importedChild(item, ctx);
    if (child) {
      pushMount(ctx, element, owner, "", child);
      found = true;
    }
  }
  // `module.exports = [...]` gives the walker no export id: this is it.
  if (found && id === "const:default") ctx.facts.exports.default ??= id;
}

/** The elements of `[a, ...b]` or `[].concat(a, b)` / `a.concat(b)`. */
function listElements(value: ts.Expression): ts.Expression[] | undefined {
  if (ts.isArrayLiteralExpression(value)) return value.elements.length ? [...value.elements] : undefined;
  if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === "concat") {
    const receiver = withoutAssertions(value.expression.expression);
    const head = ts.isArrayLiteralExpression(receiver) ? [...receiver.elements] : [receiver];
    return [...head, ...value.arguments];
  }
  return undefined;
}

/** A route object that only hapi would write, or any route object in a file that imports hapi. */
function looksHapi(object: ts.ObjectLiteralExpression, ctx: ExtractContext): boolean {
  const methodExpr = propertyNamed(object, "method");
  const pathExpr = propertyNamed(object, "path");
  if (!methodExpr || !pathExpr) return false;
  if (ctx.importsAny(HAPI_MODULES)) return true;
  const path = staticText(ctx.value(pathExpr));
  if (path === undefined || !path.startsWith("/")) return false;
  if (path.includes("{") || propertyNamed(object, "options") !== undefined || propertyNamed(object, "config") !== undefined) return true;
  const written = ts.isArrayLiteralExpression(methodExpr) ? methodExpr.elements.map((e) => staticText(ctx.value(e))) : [staticText(ctx.value(methodExpr))];
  return written.every((m) => m !== undefined && (m === "*" || (m === m.toUpperCase() && /^[A-Z]+$/.test(m))));
}
