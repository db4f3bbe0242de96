import { builtinModules } from "node:module";
import { ts } from "../ts.js";
import type { Framework, Location, MiddlewareStep, MountFact, RouteFact, Value } from "../types.js";
import { loopPaths, loopRows } from "./loop-paths.js";
import { helperSites } from "./helper-routes.js";
import { guardsBefore } from "./middleware.js";
import { ExtractContext, instanceClassName, isFunctionLike, propertyKey, propertyNamed, propertyPath, rootIdentifier, staticText, withoutAssertions, type ObjectInfo } from "./context.js";
import { appOfAdapter, classOfInstance } from "./bound-objects.js";
import { functionIdOf, positionId } from "./function-ids.js";
import { isRequire, unwrapPluginWrapper, requireSpecifier } from "./syntax.js";
import { authenticatedWith, PASSPORT_STRATEGY } from "./passport-refs.js";
import type { Extractor } from "./extractor.js";

/**
 * What express, fastify, koa-router and hono share: `owner.verb(path, ...handlers)`.
 * The differences (mounting, prefixes, factories) live in each family's file.
 */

export const HTTP_VERBS = new Set(["get", "post", "put", "delete", "patch", "head", "options", "all"]);

/** Modules per framework, used to guess the framework of an app passed in as a parameter (moleculer-web, Seneca patterns, GraphQL resolver maps, OpenAPI documents, AdonisJS's one router, Encore's endpoints and socket events have no app objects). */
export const FRAMEWORK_MODULES: Record<Exclude<Framework, "moleculer-web" | "seneca" | "graphql" | "openapi-backend" | "serverless" | "trpc" | "connect" | "adonis" | "encore" | "socket.io">, readonly string[]> = {
  express: ["express"],
  fastify: ["fastify", "fastify-plugin"],
  koa: ["koa", "@koa/router", "koa-router"],
  hono: ["hono", "@hono/zod-openapi", "@hono/node-server"],
  nest: ["@nestjs/common", "@nestjs/core"],
  hapi: ["@hapi/hapi", "hapi"],
  "routing-controllers": ["routing-controllers"],
  tsoa: ["tsoa", "@tsoa/runtime"],
  inversify: ["inversify-express-utils"],
  restify: ["restify"],
  restana: ["restana", "fast-gateway"],
  httpdispatcher: ["httpdispatcher"],
  elysia: ["elysia"],
};

/** Frameworks whose routes are decorated classes, never an app object passed around. */
const DECORATOR_FRAMEWORKS = new Set<Framework>(["nest", "routing-controllers", "tsoa", "inversify"]);

/** Type names that mark a parameter as an app or router. */
const TYPE_HINTS: [RegExp, Framework][] = [
  [/Fastify(Instance|PluginAsync|PluginCallback)?\b/, "fastify"],
  [/\b(Express|Application|Router|IRouter)\b/, "express"],
  [/\bHono\b/, "hono"],
  [/\b(Koa|KoaRouter)\b/, "koa"],
];

/** A file that imports an HTTP client or a UI library calls routes (`api.post("/auth/login", body)`), it does not declare them. */
const CLIENT_SIDE_MODULES = ["axios", "got", "ky", "superagent", "node-fetch", "react", "react-dom", "vue", "svelte", "@angular/core", "@angular/common/http"];

/** Parameter names that, with a path-like first argument, mark an app even in a file that imports no framework. */
const APP_PARAM_NAMES = /^(app|fastify|server|router|instance|api|routes|v\d+)$/;

/**
 * The owner id of an app parameter: the function's own (what its callers mount when they hand an app over), but a
 * second app of the same function (`(app, router) => { router.get(...); app.use("/api", router) }`) is one of its own,
 * which the function mounts itself (mountChild).
 */
function paramOwnerId(frame: { id?: string; params: ReadonlyMap<string, number> }, index: number): string {
  if (index > 0) for (const [other, at] of frame.params) if (at < index && APP_PARAM_NAMES.test(other)) return `${frame.id}@p${index}`;
  return frame.id!;
}

/** Names that mark an app in a later parameter too (not `api` or `instance`, which there are more often clients). */
const LATER_APP_PARAM_NAMES = /^(app|fastify|server|router)$/;

export interface Owner {
  id: string;
  framework?: Framework;
  /** Known from a factory (vs. guessed from a parameter or an import). */
  known: boolean;
}

/**
 * The app a server-making expression gives (`const server = gateway(...)`, `new ApolloServer(...)`): the variable it is
 * bound to, else an app of its own recorded at the expression (`gateway(...).start(8080)`).
 */
export function ownerMadeAt(node: ts.Expression, ctx: ExtractContext, idPrefix: string, framework: Framework): Owner {
  // Parents are not set on the tree: the walker's stack holds the node's ancestors, the node last.
  let index = ctx.stack.lastIndexOf(node) - 1;
  while (index >= 0 && (ts.isParenthesizedExpression(ctx.stack[index]!) || ts.isAwaitExpression(ctx.stack[index]!))) index--;
  const parent = ctx.stack[index];
  const bound = parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? resolveOwner(parent.name, ctx) : undefined;
  return bound ?? appMadeAt(node, ctx, idPrefix, framework);
}

/** An app of its own, recorded at the expression that makes it. */
export function appMadeAt(node: ts.Node, ctx: ExtractContext, idPrefix: string, framework: Framework): Owner {
  const { line, column } = ctx.loc(node);
  const id = `${idPrefix}@L${line}C${column}`;
  ctx.facts.apps[id] = framework;
  return { id, framework, known: true };
}

/** The app object a call is made on: a bound object, a parameter of the enclosing function, or an import. */
/**
 * Fastify methods that return the instance they are called on, so that routes chain after them:
 * `app.withTypeProvider<ZodTypeProvider>().post(...)`, `app.withTypeProvider<T>().register(auth).put(...)`.
 */
const SAME_INSTANCE = new Set(["withTypeProvider", "register", "addHook", "decorate", "decorateRequest", "decorateReply", "setValidatorCompiler", "setSerializerCompiler", "setErrorHandler"]);

export function resolveOwner(expr: ts.Expression, ctx: ExtractContext, depth = 0): Owner | undefined {
  let current = expr;
  for (let i = 0; i < 20; i++) {
    while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
    if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && (HTTP_VERBS.has(current.expression.name.text) || current.expression.name.text === "use" || SAME_INSTANCE.has(current.expression.name.text))) {
      current = current.expression.expression;
      continue;
    }
    const app = appOfAdapter(current);
    if (!app) break;
    current = app;
  }
  const chained = ctx.nodeObjects.get(current);
  if (chained) {
    const info = ctx.objects.get(chained);
    return info?.kind === "app" ? { id: chained, framework: info.framework, known: true } : undefined;
  }
  const member = thisMember(current);
  if (member) {
    const bound = ctx.lookupObject(member) ?? ctx.laterMembers?.laterMember(member);
    return bound?.info?.kind === "app" ? { id: bound.id, framework: bound.info.framework, known: true } : undefined;
  }
  if (!ts.isIdentifier(current)) return undefined;
  const name = current.text;
  const bound = ctx.lookupObject(name);
  if (bound) {
    if (bound.info?.kind !== "app") return undefined;
    if (!bound.info.guessed) return { id: bound.id, framework: bound.info.framework, known: true };
    // A package's factory made it: the framework this file imports (for its types) is the best guess until the model knows.
    const framework = frameworkFromImports(ctx);
    return { id: bound.id, ...(framework ? { framework } : {}), known: false };
  }
  // `const server = fastify.withTypeProvider<ZodTypeProvider>()`: a local holding the same instance by another name.
  const held = depth < 3 ? ctx.lookupLocal(name)?.expr : undefined;
  if (held) {
    let init: ts.Expression = held;
    while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isNonNullExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
    if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && SAME_INSTANCE.has(init.expression.name.text)) return resolveOwner(init, ctx, depth + 1);
  }
  const param = ctx.paramFrame(name);
  if (param) {
    // `({ repo }, app) => { app.post(...) }`: an app handed over after the function's dependencies goes by its usual name.
    if (!param.frame.id || (param.index !== 0 && !LATER_APP_PARAM_NAMES.test(name))) return undefined;
    const id = paramOwnerId(param.frame, param.index);
    const typeText = param.index === 0 ? ctx.firstParamType(param.frame) : undefined;
    const hinted = typeText ? TYPE_HINTS.find(([re]) => re.test(typeText))?.[1] : undefined;
    const framework = hinted ?? frameworkFromImports(ctx);
    if (framework) return { id, framework, known: false };
    // `module.exports = async function (fastify, opts) { fastify.get(...) }` imports nothing: the usual names say enough.
    if (APP_PARAM_NAMES.test(name) && !ctx.importsAny(CLIENT_SIDE_MODULES)) return { id, ...(name === "fastify" ? { framework: "fastify" as const } : {}), known: false };
    return undefined;
  }
  const picked = destructuredApp(name, ctx);
  if (picked) return picked;
  const imported = ctx.imports.get(name);
  if (imported && isProjectSpecifier(imported.specifier)) {
    const framework = frameworkFromImports(ctx);
    return { id: `imp:${imported.specifier}#${imported.imported}`, ...(framework ? { framework } : {}), known: false };
  }
  return undefined;
}

/**
 * `module.exports = (router) => router.get("/shelves", async (ctx) => …)` in a file that also imports axios: the
 * parameter is an app by its name, and an inline function as the last argument is a handler, which no HTTP client
 * takes there (a client's last argument is a body or a config). resolveOwner leaves such a parameter alone in files
 * that import a client, so this second look needs the call's arguments.
 */
function handlerParamOwner(expr: ts.Expression, last: ts.Expression, ctx: ExtractContext): Owner | undefined {
  if (!ts.isIdentifier(expr) || !LATER_APP_PARAM_NAMES.test(expr.text) || !(ts.isArrowFunction(last) || ts.isFunctionExpression(last))) return undefined;
  const param = ctx.paramFrame(expr.text);
  if (!param?.frame.id) return undefined;
  const framework = frameworkFromImports(ctx);
  return { id: paramOwnerId(param.frame, param.index), ...(framework ? { framework } : {}), known: false };
}

/**
 * `({ app, store }) => { app.post(...) }`: an app-named field the first parameter destructures is the app its callers
 * hand over inside an object (appArgument reads their side). The field's name says app, not the local's, since the
 * callers pick it by that name (`{ app: web }` renames it).
 */
function destructuredApp(name: string, ctx: ExtractContext): Owner | undefined {
  const ref = ctx.paramRef(name);
  const key = ref?.path?.length === 1 ? ref.path[0]! : undefined;
  if (!ref || ref.index !== 0 || !key || !APP_PARAM_NAMES.test(key) || ctx.importsAny(CLIENT_SIDE_MODULES)) return undefined;
  const framework = frameworkFromImports(ctx) ?? (key === "fastify" ? "fastify" : undefined);
  return { id: ref.fn, ...(framework ? { framework } : {}), known: false };
}

const FRAMEWORK_ENTRIES = (Object.entries(FRAMEWORK_MODULES) as [Framework, readonly string[]][]).filter(([framework]) => !DECORATOR_FRAMEWORKS.has(framework));

/**
 * The object id the expression being visited is bound to, as the walker names it: `const r = new Router(...)`
 * (var:r, or var:r@line inside a function), `this.r = new Router(...)` and `private r = new Router(...)` (var:this.r@line).
 */
export function assignedObjectId(ctx: ExtractContext): string | undefined {
  const parent = ctx.stack[ctx.stack.length - 2];
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    return ctx.frames.length > 1 ? `var:${parent.name.text}@${ctx.loc(parent).line}` : `var:${parent.name.text}`;
  }
  if (ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left) && parent.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
    return `var:this.${parent.left.name.text}@${ctx.loc(parent).line}`;
  }
  if (ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return `var:this.${parent.name.text}@${ctx.loc(parent).line}`;
  return undefined;
}

/** `this.app` → "this.app", the name a class member object is bound under (ExtractContext.bindMember). */
function thisMember(expr: ts.Expression): string | undefined {
  return ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword ? `this.${expr.name.text}` : undefined;
}

export function frameworkFromImports(ctx: ExtractContext): Framework | undefined {
  for (const [framework, modules] of FRAMEWORK_ENTRIES) if (ctx.importsAny(modules)) return framework;
  return undefined;
}

/** A cheap first test for isAppName (no allocation): the name ends like one of APP_WORDS. */
export const APP_NAME_END = /(?:app|application|server|router|routes|api)$/i;

/** Last words of a name that say app or router (`app`, `createApp`, `buildServer`, `make_router`; not `apiClient`, `appConfig`). */
const APP_WORDS = new Set(["app", "application", "server", "router", "routes", "api"]);

export function isAppName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[\s_$]+/);
  return APP_WORDS.has(words[words.length - 1]!.toLowerCase());
}

/**
 * `const app = createApp()`: a function of this project that builds an app and returns it. When the walk has
 * already seen it return one, the name is that same object; otherwise (declared later, or imported) the name is
 * a new object mounted over whatever the function returns (resolved in the model, which keeps its routes only
 * when that is an app), taken only when the names say app, server, router or api (`const cache = createCache()`
 * in a server file is no app).
 */
export function appFromFactoryCall(name: string, expr: ts.Expression, line: number, ctx: ExtractContext): { id: string; info?: ObjectInfo } | undefined {
  if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression)) return undefined;
  const callee = expr.expression.text;
  if (callee === "require") return undefined;
  const local = ctx.lookupLocalFunction(callee);
  const returned = local ? ctx.facts.returns[`fn:${callee}`] : undefined;
  if (returned) return { id: returned };
  const imported = local || ctx.isShadowed(callee) ? undefined : ctx.imports.get(callee);
  const fromPackage = imported !== undefined && !isProjectSpecifier(imported.specifier);
  if (!local && !imported) return undefined;
  // From a package, the function's own name must say so (`createHttpServer`; `const api = createClient()` is a client).
  if (fromPackage ? !(mayBeWorkspacePackage(imported.specifier) && isAppName(callee)) : !isAppName(name) && !isAppName(callee)) return undefined;
  const framework = frameworkFromImports(ctx);
  const id = ctx.frames.length > 1 ? `var:${name}@${line}` : `var:${name}`;
  const child: MountFact["child"] = imported
    ? { kind: "import", specifier: imported.specifier, name: imported.imported, returned: true }
    : { kind: "local", id: `fn:${callee}`, returned: true };
  ctx.facts.mounts.push({ parent: id, prefix: "", child, location: ctx.loc(expr) });
  // From a package, the framework is the one the package's function returns (this file may import fastify only for its types).
  const known = framework && !fromPackage;
  return { id, info: known ? { kind: "app", framework } : { kind: "app", framework: framework ?? "express", guessed: true } };
}

/**
 * A bare specifier that may name a package of this workspace (`createHttpServer` of `@acme/kit`): the model keeps
 * the caller's routes only when it resolves the package and sees the function return an app, so an npm package's
 * factory costs nothing. Node's own modules and the frameworks (whose factories each family reads) are left out.
 */
function mayBeWorkspacePackage(specifier: string): boolean {
  if (specifier.startsWith("node:") || NODE_BUILTINS.has(specifier.split("/")[0]!)) return false;
  return !FRAMEWORK_PACKAGES.has(specifier);
}

const NODE_BUILTINS = new Set(builtinModules);
const FRAMEWORK_PACKAGES = new Set(Object.values(FRAMEWORK_MODULES).flat());

/** A module of this project: relative, or through a path alias (`@/app`, `#app`, `~/app`). */
export function isProjectSpecifier(specifier: string): boolean {
  return isRelative(specifier) || specifier.startsWith("@/") || specifier.startsWith("#") || specifier.startsWith("~/");
}

export function isRelative(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..";
}

/** A route path from a string or template literal; holes that do not resolve become `{?}`. */
export function routePath(expr: ts.Expression | undefined, ctx: ExtractContext): string | undefined {
  if (!expr) return undefined;
  const value = ctx.value(expr);
  const text = staticText(value);
  if (text !== undefined) return text;
  if (!value.parts.some((p) => p.kind === "text")) {
    // A path from an imported constant or the environment: keep it symbolic for the model.
    const only = value.parts[0];
    if (value.parts.length === 1 && (only?.kind === "import" || only?.kind === "env")) return holeText(value);
    return undefined;
  }
  return holeText(value);
}

/**
 * A path value as text: an imported constant (`${import:<specifier>#<name>}`) and an env variable with its literal
 * fallback (`${env:API_PREFIX|/api/v1}`, from `process.env.API_PREFIX || "/api/v1"`) stay symbolic for the model, which
 * reads them with the service's env; any other unknown part is `{?}`.
 */
function holeText(value: Value): string {
  return value.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "import" ? `\${import:${p.specifier}#${p.name}}` : p.kind === "env" ? envHole(p) : "{?}")).join("");
}

function envHole(part: Extract<Value["parts"][number], { kind: "env" }>): string {
  const fallback = part.fallback ? staticText(part.fallback) : undefined;
  return fallback !== undefined && !/[{}|]/.test(fallback) ? `\${env:${part.name}|${fallback}}` : `\${env:${part.name}}`;
}

/**
 * The paths one registration serves: its path, or, when a hole of it is the variable of a loop over a
 * literal list (`for (const r of ["a", "b"]) app.get(`/v1/${r}`, h)`), one path per element.
 */
export function routePaths(expr: ts.Expression | undefined, ctx: ExtractContext): string[] {
  const path = routePath(expr, ctx);
  if (path === undefined) return expr && ts.isIdentifier(expr) ? (loopPaths(expr, ctx, holeText) ?? []) : [];
  return path.includes("{?}") ? (loopPaths(expr!, ctx, holeText) ?? [path]) : [path];
}

/** Records the handler: the last function-ish argument. */
export function handlerFields(arg: ts.Expression | undefined, ctx: ExtractContext, followed = 0): { handler?: string; handlerRef?: { object?: string; name: string } } {
  if (!arg) return {};
  let target = arg;
  while (ts.isParenthesizedExpression(target) || ts.isAsExpression(target)) target = target.expression;
  if (isFunctionLike(target)) return { handler: functionIdOf(target, ctx) };
  if (ts.isIdentifier(target)) {
    // var getCart = function (req, res) { ... } inside an IIFE or a factory: a function of that scope.
    const local = localFunction(target.text, ctx);
    if (local) return { handler: local };
    // fastify: app.get("/x", listOptions) with `const listOptions = { schema, handler }` written before it.
    const options = ctx.lookupLocal(target.text)?.expr;
    // (Followed a few times at most: `const a = { handler: a }` must not loop.)
    if (followed < 3 && options && ts.isObjectLiteralExpression(options) && propertyNamed(options, "handler")) return handlerFields(propertyNamed(options, "handler"), ctx, followed + 1);
    return { handlerRef: { name: target.text } };
  }
  // fastify: app.get("/x", { schema, handler })
  if (ts.isObjectLiteralExpression(target)) return handlerFields(propertyNamed(target, "handler"), ctx);
  if (ts.isArrayLiteralExpression(target)) return handlerFields(target.elements[target.elements.length - 1], ctx);
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression)) return { handlerRef: { object: classOfInstance(target.expression.text, ctx) ?? target.expression.text, name: target.name.text } };
  // services.auth.signUp of an imported object that gathers other modules' objects (`export const services = { auth }`):
  // the member path under the import, followed module by module in the model (model/call-graph.ts).
  const path = ts.isPropertyAccessExpression(target) && ts.isPropertyAccessExpression(target.expression) ? propertyPath(target) : undefined;
  if (path && path.length === 3 && path[0] !== "this" && ctx.imports.has(path[0]!) && !ctx.isShadowed(path[0]!)) return { handlerRef: { object: path[0]!, name: path.slice(1).join(".") } };
  // this.router.get("/x", this.controller.list) in a class whose member holds or is typed with a class
  // (`protected controller = new ThingController()`): that class's method (or arrow-function field) `list`.
  if (ts.isPropertyAccessExpression(target) && ts.isPropertyAccessExpression(target.expression) && target.expression.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const held = ctx.fieldClassOf(target.expression.name.text);
    if (held) return { handlerRef: { object: held, name: target.name.text } };
  }
  // this.router.get("/x", this.list) in a class: the class's method (or arrow-function field) `list`.
  if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const className = ctx.currentClass();
    return className ? { handler: `fn:${className}.${target.name.text}` } : {};
  }
  // router.get("/x", require("./get")): the module's default export, bound as an import of its own.
  if (isRequire(target)) return { handlerRef: { name: requiredModuleLocal(target, ctx) } };
  // passport.authenticate("jwt"): the verify function of the strategy registered under that name (extract/passport.ts).
  if (ts.isCallExpression(target)) {
    const strategy = authenticatedWith(target, ctx);
    if (strategy !== undefined) return { handlerRef: { object: PASSPORT_STRATEGY, name: strategy } };
  }
  // asyncHandler(fn), wrap(controller.list), controller.list.bind(controller)
  if (ts.isCallExpression(target)) {
    if (ts.isPropertyAccessExpression(target.expression) && target.expression.name.text === "bind") return handlerFields(target.expression.expression, ctx);
    const inner = target.arguments[target.arguments.length - 1];
    const wrapped = inner && !isDependencyArgument(inner, ctx) ? handlerFields(inner, ctx) : {};
    if (wrapped.handler || wrapped.handlerRef) return wrapped;
    // placeOrder({ service }), listItems(store): a factory of this project that returns the handler, its dependencies as arguments.
    const callee = target.expression;
    if (ts.isIdentifier(callee) && isProjectFunction(callee.text, ctx)) return { handlerRef: { name: callee.text } };
    return wrapped;
  }
  return {};
}

/**
 * A require written where its value is used (a route's handler, a middleware): recorded as an import under a name no
 * identifier can have, `require("./get")`, so the model reaches the module's default export as it does a named one's.
 */
function requiredModuleLocal(call: ts.CallExpression, ctx: ExtractContext): string {
  const specifier = requireSpecifier(call);
  const local = `require(${JSON.stringify(specifier)})`;
  if (!ctx.imports.has(local)) {
    const fact = { local, imported: "default", specifier, line: ctx.loc(call).line };
    ctx.imports.set(local, fact);
    ctx.facts.imports.push(fact);
  }
  return local;
}

/** An argument that is data, not a handler: an object literal, a parameter, or a local bound to something other than a function. */
function isDependencyArgument(arg: ts.Expression, ctx: ExtractContext): boolean {
  if (ts.isObjectLiteralExpression(arg)) return !propertyNamed(arg, "handler");
  if (!ts.isIdentifier(arg)) return false;
  if (ctx.paramFrame(arg.text)) return true;
  const local = ctx.lookupLocal(arg.text)?.expr;
  if (local === undefined || isFunctionLike(local)) return false;
  // const h = catchAsync(async (req, res) => …) is a handler; const service = createService(config) is not.
  return !(ts.isCallExpression(local) && local.arguments.some(isFunctionLike));
}

/** A function declared in this file or imported from one of this project's modules (not a package's middleware factory). */
function isProjectFunction(name: string, ctx: ExtractContext): boolean {
  if (name === "require") return false;
  if (ctx.lookupLocalFunction(name)) return true;
  const imported = ctx.isShadowed(name) ? undefined : ctx.imports.get(name);
  return imported !== undefined && isProjectSpecifier(imported.specifier);
}

/** The id of a function expression bound to `name` in an enclosing function's scope (not the module's, whose are `fn:<name>`). */
function localFunction(name: string, ctx: ExtractContext): string | undefined {
  for (let i = ctx.frames.length - 1; i > 0; i--) {
    const frame = ctx.frames[i]!;
    if (frame.params.has(name) || frame.functions?.has(name)) return undefined;
    const expr = frame.locals.get(name);
    if (expr) return isFunctionLike(expr) ? positionId(expr, ctx) : undefined;
  }
  return undefined;
}

/** `auth, validate` of `router.get(path, auth, validate, handler)`, arrays flattened: what runs before the handler. */
function middlewareFields(args: readonly ts.Expression[], ctx: ExtractContext): NonNullable<RouteFact["middleware"]> {
  const out: NonNullable<RouteFact["middleware"]> = [];
  for (const arg of args) {
    const items = ts.isArrayLiteralExpression(arg) ? arg.elements : [arg];
    for (const item of items) {
      const fields = handlerFields(item, ctx);
      if (!fields.handler && !fields.handlerRef) continue;
      const receiver = fields.handlerRef ? instanceOfMethod(item, ctx) : undefined;
      out.push(receiver ? { ...fields, location: ctx.loc(item), receiver } : { ...fields, location: ctx.loc(item) });
    }
  }
  return out;
}

/**
 * `auth.check` or `auth.check.bind(auth)` where `const auth = new AuthClient({ baseUrl })` is made at the file's top level:
 * that binding, whose constructor arguments the file records (FileFacts.instances, model/value-flow.ts).
 */
function instanceOfMethod(item: ts.Expression, ctx: ExtractContext): string | undefined {
  let target = withoutAssertions(item);
  if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression) && target.expression.name.text === "bind") target = withoutAssertions(target.expression.expression);
  return ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression) && classOfInstance(target.expression.text, ctx) ? target.expression.text : undefined;
}

export function pushRoute(
  ctx: ExtractContext,
  node: ts.Node,
  owner: Owner,
  framework: Framework,
  method: string,
  path: string,
  handlerArg: ts.Expression | undefined,
  before: readonly ts.Expression[] = [],
): void {
  const routes = ctx.facts.routes;
  const count = routes.length;
  pushRouteFact(ctx, node, owner, framework, method, path, handlerArg);
  if (routes.length === count) return;
  // router.post(path, [auth, validate, handler]): the array's last function is the handler.
  const listed = handlerArg && ts.isArrayLiteralExpression(handlerArg) ? handlerArg.elements.slice(0, -1) : [];
  // app.use(auth) before the route: it runs first.
  const guards = ctx.guards ? guardsBefore(ctx, owner.id, path) : [];
  const middleware = before.length || listed.length ? [...guards, ...middlewareFields([...before, ...listed], ctx)] : guards;
  if (!middleware.length) return;
  const route = routes[routes.length - 1]!;
  route.middleware = middleware;
  // app.use(versionMiddleware) reading Accept-Version: the route is versioned through the request.
  if (!route.version && guards.some((step) => step.version)) route.version = "header";
}

/**
 * Where a route declared in a chain is written: `app.post("/a", a).post("/b", b)` or `router.route("/x").get(h).post(h)`
 * start at the chain's first name, so each link is located at its own method name, on the line a reader sees it.
 */
function chainLink(node: ts.Node): ts.Node {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return node;
  let object: ts.Expression = node.expression.expression;
  while (ts.isParenthesizedExpression(object)) object = object.expression;
  return ts.isCallExpression(object) ? node.expression.name : node;
}

function pushRouteFact(
  ctx: ExtractContext,
  node: ts.Node,
  owner: Owner,
  framework: Framework,
  method: string,
  path: string,
  handlerArg: ts.Expression | undefined,
): void {
  const handled = handlerFields(handlerArg, ctx);
  const location = ctx.loc(chainLink(node));
  const madeBy = handled.handlerRef && handlerArg ? factoryCallAt(handlerArg, handled.handlerRef, ctx) : undefined;
  const version = handlerArg && versionedHandler(handlerArg, ctx);
  const catchAll = handlerArg && WILDCARD_END.test(path) && answersNotFound(handlerArg, handled, ctx);
  if (version || catchAll) {
    ctx.facts.routes.push({ framework, method: method.toUpperCase(), path, owner: owner.id, ...handled, ...(version ? { version } : {}), ...(catchAll ? { catchAll: true as const } : {}), location });
    return;
  }
  if (madeBy) {
    ctx.facts.routes.push({ framework, method: method.toUpperCase(), path, owner: owner.id, handlerRef: handled.handlerRef!, madeBy, location });
    return;
  }
  // One literal per case rather than a spread of the handler fields: routes are among the most frequent facts (same key order).
  ctx.facts.routes.push(
    handled.handler !== undefined
      ? { framework, method: method.toUpperCase(), path, owner: owner.id, handler: handled.handler, location }
      : handled.handlerRef !== undefined
        ? { framework, method: method.toUpperCase(), path, owner: owner.id, handlerRef: handled.handlerRef, location }
        : { framework, method: method.toUpperCase(), path, owner: owner.id, location },
  );
}

/**
 * Where a route's handler is made by calling the project's factory it names (`proxyTo(USERS_URL)`, handled as
 * `handlerRef: proxyTo`), written at the registration itself: that call's place, so that the model can make the
 * factory's calls with what this registration passes (model/value-flow.ts). Undefined for any other handler.
 */
function factoryCallAt(arg: ts.Expression, ref: { object?: string; name: string }, ctx: ExtractContext): Location | undefined {
  let target = arg;
  while (ts.isParenthesizedExpression(target) || ts.isAsExpression(target)) target = target.expression;
  if (ref.object !== undefined || !ts.isCallExpression(target) || !ts.isIdentifier(target.expression) || target.expression.text !== ref.name) return undefined;
  return target.arguments.length ? ctx.loc(target) : undefined;
}

/** A path that ends in a wildcard: `*`, `/*`, `/(.*)`, `/{*splat}`, `/:rest*`, `/{0,}` (a regex quantifier meant as "any path"). */
const WILDCARD_END = /(^|\/)(\*[\w$]*|\(\.\*\)|\{\*[\w$]*\}|:[\w$]+(\*|\(\.\*\))|\{0,\})$/;

/** What a not-found or single-page-app fallback handler says: a 404, a file sent whatever the path, or its name. */
const NOT_FOUND_BODY = /\b(status|sendStatus|code)\(\s*404\b|\bstatusCode\s*=\s*404\b|\bsendFile\(|index\.html|\bnot ?found\b/i;
const NOT_FOUND_NAME = /^(notFound|notFoundHandler|handle404|fallback|spaFallback|catchAll|pageNotFound|sendIndex)$/i;

function answersNotFound(arg: ts.Expression, handled: ReturnType<typeof handlerFields>, ctx: ExtractContext): boolean {
  if (handled.handlerRef) return NOT_FOUND_NAME.test(handled.handlerRef.name);
  let target = arg;
  while (ts.isParenthesizedExpression(target) || ts.isAsExpression(target)) target = target.expression;
  return isFunctionLike(target) && target.body !== undefined && NOT_FOUND_BODY.test(ctx.text(target.body));
}

/** Packages that pick a handler by the version a request asks for (a header or the Accept type). */
const VERSION_ROUTERS = ["express-routes-versioning", "express-version-route", "koa-router-version", "koa-version-route"];

/**
 * `routesVersioning({ "1.0.0": v1, "2.0.0": v2 })`, `versionRouter.route({ "1.0": h })`: the route is versioned
 * through the request, by the first version the table names ("header" when it names none).
 */
function versionedHandler(arg: ts.Expression, ctx: ExtractContext): string | undefined {
  if (!ts.isCallExpression(arg)) return undefined;
  let callee = arg.expression;
  if (ts.isPropertyAccessExpression(callee)) callee = callee.expression;
  if (!ts.isIdentifier(callee)) return undefined;
  const imported = ctx.isShadowed(callee.text) ? undefined : ctx.imports.get(callee.text);
  let fromPackage = imported !== undefined && VERSION_ROUTERS.includes(imported.specifier);
  if (!fromPackage) {
    // const routesVersioning = require("express-routes-versioning")();
    const local = ctx.lookupLocal(callee.text)?.expr;
    fromPackage = local !== undefined && ts.isCallExpression(local) && isRequire(local.expression) && VERSION_ROUTERS.includes(requireSpecifier(local.expression));
  }
  if (!fromPackage) return undefined;
  const table = arg.arguments[0];
  const first = table && ts.isObjectLiteralExpression(table) ? table.properties[0] : undefined;
  const key = first?.name ? propertyKey(first.name) : undefined;
  return key ?? "header";
}

/** The thing being mounted: a bound router, an imported one, `require("./x")`, an inline or named plugin. */
export function mountChild(expr: ts.Expression, ctx: ExtractContext): MountFact["child"] | undefined {
  let target = unwrapPluginWrapper(expr);
  while (ts.isParenthesizedExpression(target) || ts.isAsExpression(target) || ts.isAwaitExpression(target)) target = target.expression;
  // `new OrderRoutes().getRouter()`, `orderRoutes.routes()` on an imported or held instance: what the method returns
  // (on an imported koa router, `router.routes()`, the model keeps the router itself).
  const called = instanceMethodChild(target, ctx);
  if (called) return called;
  // koa: router.routes(), router.middleware()
  if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression) && /^(routes|middleware)$/.test(target.expression.name.text)) {
    return mountChild(target.expression.expression, ctx);
  }
  if (isFunctionLike(target)) return { kind: "local", id: functionIdOf(target, ctx) };
  // createRouter(deps): the router the function returns (known in the model).
  if (ts.isCallExpression(target) && ts.isIdentifier(target.expression) && target.expression.text !== "require") {
    const called = mountChild(target.expression, ctx);
    return called ? { ...called, returned: true } : undefined;
  }
  if (isRequire(target)) return { kind: "import", specifier: requireSpecifier(target), name: "default" };
  // fastify: register(import("./routes.js"))
  if (ts.isCallExpression(target) && target.expression.kind === ts.SyntaxKind.ImportKeyword && target.arguments[0] && ts.isStringLiteral(target.arguments[0])) {
    return { kind: "import", specifier: target.arguments[0].text, name: "default" };
  }
  // `new OrderRoutes().router`, `OrderRoutes.getInstance().router`: a router a class holds in a field.
  const holder = ts.isPropertyAccessExpression(target) ? (instanceHolder(target.expression) ?? heldInstanceClass(target.expression, ctx)) : undefined;
  if (holder) {
    const imported = ctx.imports.get(holder);
    const field = (target as ts.PropertyAccessExpression).name.text;
    if (imported) return isRelative(imported.specifier) || !imported.specifier.startsWith("node:") ? { kind: "import", specifier: imported.specifier, name: imported.imported, field } : undefined;
    return { kind: "local", id: `class:${holder}`, field };
  }
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression)) {
    const imported = ctx.imports.get(target.expression.text);
    // import * as routes from "./routes"; const routes = require("./routes") with module.exports = { router }: routes.router.
    if (imported && isRelative(imported.specifier) && imported.imported === "*") return { kind: "import", specifier: imported.specifier, name: target.name.text };
    // import routes from "./routes" (module.exports = { router }, or export default new Routes()), import { routes } from
    // "./injections" (const routes = new Routes(controller)): the field of what is exported, read in the model.
    if (imported && isRelative(imported.specifier)) return { kind: "import", specifier: imported.specifier, name: imported.imported, field: target.name.text };
  }
  const member = thisMember(target);
  if (member) {
    const bound = ctx.lookupObject(member);
    return bound ? { kind: "local", id: bound.id } : undefined;
  }
  if (!ts.isIdentifier(target)) return undefined;
  const bound = ctx.lookupObject(target.text);
  if (bound) return { kind: "local", id: bound.id };
  // `const usersRouter = new UsersRouter(options).router` (or `const { router } = new IndexRouter(options)`) in a
  // function: the router that instance keeps, as written in place.
  const held = !ctx.imports.has(target.text) ? ctx.lookupLocal(target.text)?.expr : undefined;
  const heldRouter = held && withoutAssertions(held);
  if (heldRouter && ts.isPropertyAccessExpression(heldRouter) && instanceHolder(heldRouter.expression)) return mountChild(heldRouter, ctx);
  const param = ctx.paramFrame(target.text);
  if (param) {
    // `app.use("/api", router)` of a second app parameter (paramOwnerId): mounted under the first.
    const owner = param.index > 0 ? resolveOwner(target, ctx) : undefined;
    return owner && owner.id !== param.frame.id ? { kind: "local", id: owner.id } : undefined;
  }
  const imported = ctx.imports.get(target.text);
  if (imported) return isRelative(imported.specifier) || !imported.specifier.startsWith("node:") ? { kind: "import", specifier: imported.specifier, name: imported.imported } : undefined;
  // A function declared in this file, used as a plugin or a route-registering helper.
  return { kind: "local", id: `fn:${target.text}` };
}

/**
 * A method called without arguments on a class instance, `new OrderRoutes().getRouter()`, `OrderRoutes.getInstance().build()`,
 * `routes.getRouter()` on `const routes = new OrderRoutes()` or on an imported instance: the child is what the method
 * returns (read in the model from the class, FileFacts.returns).
 */
export function instanceMethodChild(target: ts.Expression, ctx: ExtractContext): MountFact["child"] | undefined {
  if (!ts.isCallExpression(target) || target.arguments.length !== 0 || !ts.isPropertyAccessExpression(target.expression)) return undefined;
  const method = target.expression.name.text;
  const on = target.expression.expression;
  // A router or app itself (koa's `router.routes()` on `new Router()`) is the caller's to read.
  if (ts.isIdentifier(on) && ctx.lookupObject(on.text)) return undefined;
  const holder = instanceHolder(on) ?? heldInstanceClass(on, ctx);
  if (holder) {
    const imported = ctx.imports.get(holder);
    // A class of the project's own: a package's (`new Router()` of @koa/router) is no routes class.
    if (imported) return isRelative(imported.specifier) ? { kind: "import", specifier: imported.specifier, name: imported.imported, method } : undefined;
    return { kind: "local", id: `class:${holder}`, method };
  }
  if (!ts.isIdentifier(on)) return undefined;
  const imported = ctx.imports.get(on.text);
  return imported && isRelative(imported.specifier) && imported.imported !== "*" ? { kind: "import", specifier: imported.specifier, name: imported.imported, method } : undefined;
}

/**
 * `const routes = new CartRoutes(service); app.use("/carts", routes.router)`: the class of an instance kept in a
 * variable first (its router field filled in the constructor), as `new CartRoutes(service).router` would be.
 */
function heldInstanceClass(expr: ts.Expression, ctx: ExtractContext): string | undefined {
  if (!ts.isIdentifier(expr) || ctx.imports.has(expr.text)) return undefined;
  const made = ctx.lookupLocal(expr.text)?.expr;
  return made && ts.isNewExpression(made) && ts.isIdentifier(made.expression) && /^[A-Z]/.test(made.expression.text) ? made.expression.text : undefined;
}

/** Accessors of a singleton instance: `OrderRoutes.getInstance()`. */
const INSTANCE_ACCESSORS = /^(getInstance|instance|getSingleton|shared)$/;

/** The class whose instance an expression makes or fetches: `new OrderRoutes()`, `OrderRoutes.getInstance()`. */
function instanceHolder(expr: ts.Expression): string | undefined {
  const made = instanceClassName(expr);
  if (made) return made;
  const inner = withoutAssertions(expr);
  if (ts.isCallExpression(inner) && inner.arguments.length === 0 && ts.isPropertyAccessExpression(inner.expression) && INSTANCE_ACCESSORS.test(inner.expression.name.text) && ts.isIdentifier(inner.expression.expression)) {
    return inner.expression.expression.text;
  }
  if (ts.isPropertyAccessExpression(inner) && INSTANCE_ACCESSORS.test(inner.name.text) && ts.isIdentifier(inner.expression) && /^[A-Z]/.test(inner.expression.text)) return inner.expression.text;
  return undefined;
}

export function pushMount(ctx: ExtractContext, node: ts.Node, parent: Owner, prefix: string, child: MountFact["child"], middleware?: readonly MiddlewareStep[]): void {
  ctx.facts.mounts.push(middleware?.length ? { parent: parent.id, prefix, child, middleware: [...middleware], location: ctx.loc(node) } : { parent: parent.id, prefix, child, location: ctx.loc(node) });
}

/** A url written without its leading slash: path segments of word characters and `:params` (`send`, `admin/permission/:id`). */
const BARE_SEGMENTS = /^[\w:.-]+(\/[\w:.-]+)*\/?$/;

/** `\`${config.basePath}users\``: a template that starts with a value named for a base path (base, prefix, root, path). */
function underBase(expr: ts.Expression): boolean {
  if (!ts.isTemplateExpression(expr) || expr.head.text !== "") return false;
  const first = expr.templateSpans[0]!;
  const base = first.expression;
  const name = ts.isPropertyAccessExpression(base) ? base.name.text : ts.isIdentifier(base) ? base.text : undefined;
  return name !== undefined && /(base|prefix|root)(url|path)?$|^(api|base|root)?path$/i.test(name) && /^[\w/:.-]/.test(first.literal.text);
}

/** True when the argument can only be a path: a string or template starting with "/" (or empty, or "*"). */
/**
 * `app[method](endpoint, handler)` or `router[route.method.toLowerCase()](route.path, …)` on an app or router of the file,
 * the verb a value the code computes (a gateway's route table, a controller registry): no route is made of it, and the
 * registration is said (FileFacts.unreadRoutes). An element written as a string (`app["get"]`) is no such case.
 */
function computedVerb(node: ts.CallExpression, callee: ts.ElementAccessExpression, ctx: ExtractContext): void {
  if (node.arguments.length < 2 || ts.isStringLiteralLike(callee.argumentExpression) || ts.isNumericLiteral(callee.argumentExpression)) return;
  // A table written in the code (`routes.forEach(({ method, path, handler }) => router[method](path, handler))`) is read
  // row by row (extract/route-tables.ts): nothing to say.
  const root = rootIdentifier(callee.argumentExpression);
  if (root && loopRows(new Set([root.text]), ctx)) return;
  const owner = resolveOwner(callee.expression, ctx);
  if (!owner) return;
  const list = (ctx.facts.unreadRoutes ??= []);
  if (list.length < 20) list.push({ what: `${ctx.text(callee).slice(0, 60)}(${ctx.text(node.arguments[0]!).slice(0, 40)}, …)`, location: ctx.loc(node) });
}

export function looksLikePath(expr: ts.Expression | undefined, ctx: ExtractContext): boolean {
  if (!expr) return false;
  if (!(ts.isStringLiteralLike(expr) || ts.isTemplateExpression(expr) || ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr))) return false;
  const path = routePath(expr, ctx) ?? (ts.isIdentifier(expr) ? routePaths(expr, ctx)[0] : undefined);
  return path !== undefined && (path === "" || path.startsWith("/") || path === "*" || path.startsWith("${import:"));
}

/**
 * The verb extractor shared by express, fastify, koa-router and hono:
 * `owner.get("/path", handler)`, `owner.all(...)`.
 */
export const verbRoutes: Extractor = {
  family: "routes",
  callProperties: [...HTTP_VERBS],
  callIdentifiers: true,
  callOthers: true,
  // Router factories whose name the file writes again (`const app = createApp(); app.listen()`): a use the call facts
  // do not keep (calls at module level), which tells a factory this file runs from one only its importers could.
  fileEnd(ctx) {
    const returns = Object.keys(ctx.facts.returns);
    if (returns.length === 0) return;
    for (const fn of returns) {
      const name = fn.startsWith("fn:") ? fn.slice(3) : undefined;
      if (!name || !/^[\w$]+$/.test(name) || !ctx.facts.apps[ctx.facts.returns[fn]!]) continue;
      const uses = ctx.sf.text.match(new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`, "g"))?.length ?? 0;
      if (uses > 1) (ctx.facts.factoriesNamedAgain ??= []).push(fn);
    }
  },
  call(node, ctx) {
    const callee = node.expression;
    // registerRoutes(app, ...): a helper that adds routes to the app it is given.
    if (ts.isIdentifier(callee)) {
      passApp(node, callee, ctx);
      return;
    }
    // require("./routes/users")(app): the same, through the module's default export.
    if (isRequire(callee)) {
      const owner = appArgument(node, ctx);
      const specifier = requireSpecifier(callee);
      if (owner && isProjectSpecifier(specifier)) pushMount(ctx, node, owner, "", { kind: "import", specifier, name: "default" });
      return;
    }
    // `app[method](endpoint, auth, handler)` in a loop over a route table: the verb is a value, not written; said, not made a route.
    if (ts.isElementAccessExpression(callee)) {
      computedVerb(node, callee, ctx);
      return;
    }
    if (!ts.isPropertyAccessExpression(callee)) return;
    const verb = callee.name.text;
    if (!HTTP_VERBS.has(verb)) return;
    const args = node.arguments;
    // express: app.route("/x").get(handler).post(handler)
    let inner: ts.Expression = callee.expression;
    while (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && HTTP_VERBS.has(inner.expression.name.text)) inner = inner.expression.expression;
    if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === "route" && inner.arguments.length === 1) {
      const routeCall = inner;
      const owner = resolveOwner((routeCall.expression as ts.PropertyAccessExpression).expression, ctx);
      if (owner && args.length >= 1) for (const path of routePaths(routeCall.arguments[0], ctx)) pushRoute(ctx, node, owner, owner.framework ?? "express", verb, path, args[args.length - 1], args.slice(0, -1));
      return;
    }
    if (args.length < 2) return;
    const owner = resolveOwner(callee.expression, ctx) ?? handlerParamOwner(callee.expression, args[args.length - 1]!, ctx);
    if (!owner) return;
    // express: app.get(["/users", "/people"], handler), one route per path (also koa-router).
    const first = args[0]!;
    if (ts.isArrayLiteralExpression(first) && first.elements.length > 0 && first.elements.every((e) => looksLikePath(e, ctx))) {
      for (const element of first.elements) pushRoute(ctx, node, owner, owner.framework ?? "express", verb, routePath(element, ctx)!, args[args.length - 1], args.slice(1, -1));
      return;
    }
    // koa-router's named routes: router.get("user", "/users/:id", handler).
    const pathIndex = !looksLikePath(args[0], ctx) && owner.framework === "koa" && args.length >= 3 && ts.isStringLiteralLike(args[0]!) && looksLikePath(args[1], ctx) ? 1 : 0;
    if (pathIndex === 0 && !looksLikePath(args[0], ctx)) {
      // fastify joins a plugin's prefix and a route's url as written: `prefix: "/auth/"` with `app.post("send")` serves /auth/send.
      // An app known only by its type or the file's imports must be handed an inline handler, which no client takes last.
      const last = args[args.length - 1]!;
      // Options last with no handler in them (`configService.get("PORT", 3000, { infer: true })`, the result of a Nest
      // app's `app.get(ConfigService)` taken for the app) are no route: fastify's options carry the handler when last.
      const optionsLast = ts.isObjectLiteralExpression(last) && !propertyNamed(last, "handler");
      const handled = !optionsLast && (owner.known || ts.isArrowFunction(last) || ts.isFunctionExpression(last));
      const bare = handled && owner.framework === "fastify" && ts.isStringLiteralLike(args[0]!) && BARE_SEGMENTS.test(args[0].text) ? args[0].text : undefined;
      if (bare !== undefined) pushRoute(ctx, node, owner, "fastify", verb, bare, last, args.slice(1, -1));
      else if (underBase(args[0]!) && !ts.isObjectLiteralExpression(last)) {
        // app.post(`${config.app.baseUrl}users`, …): a route under a base path read from a value not followed here (a
        // parameter's setting): kept with its prefix unknown (`{?}users`), which unversioned-route does not judge.
        const path = routePath(args[0], ctx);
        if (path?.startsWith("{?}")) pushRoute(ctx, node, owner, owner.framework ?? "express", verb, path, last, args.slice(1, -1));
      } else if (owner.known) helperVerbRoutes(node, owner, verb, args[0]!, ctx);
      return;
    }
    const last = args[args.length - 1]!;
    // A client call with a config object (`api.get("/x", { params })`) is not a route.
    // One with a handler in it is fastify's route options (`server.get("/x", { schema, handler })`).
    if (!owner.known && ts.isObjectLiteralExpression(last) && !propertyNamed(last, "handler")) return;
    // Elysia: app.post(path, handler, { body: t.Object(...) }), its hooks and schema after the handler.
    const hooksLast = owner.framework === "elysia" && args.length > pathIndex + 2;
    const handler = hooksLast ? args[pathIndex + 1]! : last;
    for (const path of routePaths(args[pathIndex], ctx)) pushRoute(ctx, node, owner, owner.framework ?? "express", verb, path, handler, hooksLast ? [] : args.slice(pathIndex + 1, -1));
  },
};

/**
 * `app.get(path, handler)` (or `app[verb](path, handler)`) inside a local helper whose path (and method) are its
 * parameters, `function add(path, h) { app.get(path, h) }`: one route per call of the helper, at the call.
 */
export function helperVerbRoutes(node: ts.CallExpression, owner: Owner, verb: string | ts.Expression, pathExpr: ts.Expression, ctx: ExtractContext): boolean {
  const verbExpr = typeof verb === "string" ? undefined : verb;
  const sites = helperSites([pathExpr, verbExpr], ctx);
  if (!sites) return false;
  const args = node.arguments;
  const last = args[args.length - 1]!;
  for (const site of sites) {
    const method = verbExpr ? staticText(ctx.value(site.argument(verbExpr)))?.toLowerCase() : (verb as string);
    if (!method || !HTTP_VERBS.has(method)) continue;
    const path = routePath(site.argument(pathExpr), ctx);
    if (path === undefined || !(path === "" || path.startsWith("/") || path === "*")) continue;
    pushRoute(ctx, site.call, owner, owner.framework ?? "express", method, path, site.argument(last), args.slice(1, -1).map((a) => site.argument(a)));
  }
  return true;
}

/**
 * `registerOrdersRoutes(api, db)`: when an app object is passed to a function
 * of this file or of another module, that function's first parameter is the
 * same app, so its routes are mounted here with no prefix of their own.
 */
function passApp(node: ts.CallExpression, called: ts.Identifier, ctx: ExtractContext): void {
  const later: { found?: boolean } = {};
  const owner = appArgument(node, ctx, later);
  if (!owner) return;
  if (ctx.paramFrame(called.text)) return;
  // const mount = routes.bind(null, deps); mount(app): the call is one of `routes`.
  const callee = boundFunction(called, ctx) ?? called;
  const imported = ctx.isShadowed(callee.text) ? undefined : ctx.imports.get(callee.text);
  if (imported) {
    if (imported.specifier.startsWith("node:") || Object.values(FRAMEWORK_MODULES).some((mods) => mods.includes(imported.specifier))) return;
    // A package's function handed an app after other arguments (koa-mount's `mount("/v1", api)`) mounts nothing of ours.
    if (later.found && !isProjectSpecifier(imported.specifier)) return;
    pushMount(ctx, node, owner, "", { kind: "import", specifier: imported.specifier, name: imported.imported });
  } else if (ctx.facts.functions.some((f) => f.id === `fn:${callee.text}`) || ctx.moduleFrame.locals.has(callee.text) || isDeclaredFunction(ctx, callee.text)) {
    pushMount(ctx, node, owner, "", { kind: "local", id: `fn:${callee.text}` });
  }
}

/** The app passed as the first argument (`app`, `this.app`), when it is one of this file's apps or parameters. */
function appArgument(node: ts.CallExpression, ctx: ExtractContext, later?: { found?: boolean }): Owner | undefined {
  // The app may come after the function's dependencies (`registerApi(deps, app)`): the first argument that is one.
  for (let index = 0; index < node.arguments.length; index++) {
    const arg = node.arguments[index]!;
    // Past the first, only an argument named like an app is looked up (most calls hand over no app).
    if (index > 0 && !(ts.isIdentifier(arg) && APP_NAME_END.test(arg.text) && isAppName(arg.text))) continue;
    // registerApi({ app, store }): the app-named field of an object handed over (destructuredApp reads the callee).
    const candidate = ts.isObjectLiteralExpression(arg) ? appField(arg) : arg;
    if (!candidate || !(ts.isIdentifier(candidate) || ts.isPropertyAccessExpression(candidate))) continue;
    const owner = resolveOwner(candidate, ctx);
    if (owner && !owner.id.startsWith("imp:")) {
      if (later && index > 0) later.found = true;
      return owner;
    }
  }
  return undefined;
}

/** `const mount = routes.bind(null, deps)`: the function a local made with bind stands for (`routes`). */
function boundFunction(name: ts.Identifier, ctx: ExtractContext): ts.Identifier | undefined {
  const init = ctx.lookupLocal(name.text)?.expr;
  if (!init || !ts.isCallExpression(init) || !ts.isPropertyAccessExpression(init.expression) || init.expression.name.text !== "bind") return undefined;
  const target = init.expression.expression;
  return ts.isIdentifier(target) ? target : undefined;
}

/** The value of an object literal's app-named field (`{ app }`, `{ app: server }`), if it has one. */
function appField(object: ts.ObjectLiteralExpression): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isShorthandPropertyAssignment(property) && APP_PARAM_NAMES.test(property.name.text)) return property.name;
    if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && APP_PARAM_NAMES.test(property.name.text)) return property.initializer;
  }
  return undefined;
}

function isDeclaredFunction(ctx: ExtractContext, name: string): boolean {
  return ctx.sf.statements.some((s) => ts.isFunctionDeclaration(s) && s.name?.text === name);
}
