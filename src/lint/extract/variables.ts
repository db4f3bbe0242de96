import { ts } from "../ts.js";
import type { CalleeFact } from "../types.js";
import { appFromFactoryCall } from "./routes.js";
import { isFunctionLike, withoutAssertions, type ExtractContext } from "./context.js";
import { chainRoot, objectOfExpression } from "./bound-objects.js";
import { LOCATION_LATER } from "./call-facts.js";
import { positionId } from "./function-ids.js";
import { destructuredNames, flowArguments } from "./value-flow.js";
import { hasExport, moduleExportsChain, requireOf, unwrapAwait } from "./syntax.js";
import { GRPC_MODULES } from "./grpc-js.js";
import type { Walker } from "./walk.js";

/** Variables, their objects, constants and env aliases: what a name declared in the file stands for. */

export function variable(w: Walker, decl: ts.VariableDeclaration): void {
  const { ctx } = w;
  const init = decl.initializer;
  const statement = ctx.stack[ctx.stack.length - 3];
  const exported = statement && ts.isVariableStatement(statement) && hasExport(statement);
  // `export let orderCreated: Publisher;`, set by a start-up function later (module-bindings.ts assignedResult).
  if (!init) {
    if (exported && ctx.frames.length === 1 && ts.isIdentifier(decl.name)) w.rawExports.push({ exported: decl.name.text, id: `const:${decl.name.text}` });
    return;
  }

  if (ts.isObjectBindingPattern(decl.name)) {
    // const { USERS_URL, PORT = "3000" } = process.env (also `process.env || {}`); exported, each name is a module constant.
    if (ctx.isProcessEnv(envObject(init))) {
      for (const element of decl.name.elements) {
        if (!ts.isIdentifier(element.name)) continue;
        if (exported && ctx.frames.length === 1) w.rawExports.push({ exported: element.name.text, local: element.name.text });
        const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
        let expr: ts.Expression = ts.factory.createPropertyAccessExpression(
          ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("process"), "env"),
          key,
        );
        if (element.initializer) expr = ts.factory.createBinaryExpression(expr, ts.SyntaxKind.QuestionQuestionToken, element.initializer);
        ctx.bindLocal(element.name.text, expr);
      }
    }
    // const { host, port } = configService.get("db"): each name is that leaf of the settings (`db.host`), read as
    // `configService.get("db").host` would be (the node placed where the name is written, for what quotes it).
    if (ctx.frames.length > 1 && isSettingsRead(unwrapAwait(init))) {
      for (const element of decl.name.elements) {
        if (!ts.isIdentifier(element.name) || element.dotDotDotToken) continue;
        const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
        ctx.bindLocal(element.name.text, ts.setTextRange(ts.factory.createPropertyAccessExpression(unwrapAwait(init), key), element));
      }
    }
    // const { ordersHost, ordersPort } = appsConfig(): each name is that field of what the imported settings function
    // returns, read as `appsConfig().ordersHost` would be.
    const made = unwrapAwait(init);
    if (ts.isCallExpression(made) && !made.arguments.length && ts.isIdentifier(made.expression) && ctx.imports.has(made.expression.text)) {
      for (const element of decl.name.elements) {
        if (!ts.isIdentifier(element.name) || element.dotDotDotToken) continue;
        const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
        ctx.bindLocal(element.name.text, ts.setTextRange(ts.factory.createPropertyAccessExpression(made, key), element));
      }
    }
    // const { router } = new IndexRouter(options): the field of a fresh instance of a class, read as
    // `new IndexRouter(options).router` would be (a router a routes class keeps, mounted by the name).
    if (ts.isNewExpression(made) && ts.isIdentifier(made.expression) && /^[A-Z]/.test(made.expression.text)) {
      for (const element of decl.name.elements) {
        if (!ts.isIdentifier(element.name) || element.dotDotDotToken || element.initializer) continue;
        const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
        ctx.bindLocal(element.name.text, ts.setTextRange(ts.factory.createPropertyAccessExpression(made, key), element));
      }
    }
    // const { env } = process (or `{ env: vars }`): the name is an alias of process.env, as `const env = process.env` is.
    if (ts.isIdentifier(init) && init.text === "process") {
      for (const element of decl.name.elements) {
        const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : undefined;
        if (key === "env" && ts.isIdentifier(element.name) && !element.initializer) ctx.envAliases.add(element.name.text);
      }
    }
    // const { OrderService, PriceService } = grpc.load(PROTO).shop (or loadPackageDefinition(def).shop, or a package a
    // local holds): each capitalised name is that service's client class, read as `grpc.load(PROTO).shop.OrderService`
    // would be, so `new OrderService(addr, credentials)` is a client of OrderService (grpc-js.ts clientService).
    if (ctx.importsAny(GRPC_MODULES) && (ts.isPropertyAccessExpression(init) || ts.isIdentifier(init))) {
      for (const element of decl.name.elements) {
        if (!ts.isIdentifier(element.name) || element.dotDotDotToken || element.initializer) continue;
        const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
        if (/^[A-Z]/.test(key)) ctx.bindLocal(element.name.text, ts.setTextRange(ts.factory.createPropertyAccessExpression(init, key), element));
      }
    }
    // const { error, value } = schema.validate(process.env) (joi), const { data } = schema.safeParse(process.env) (zod):
    // the checked env, read as the call that checks it (ExtractContext.validatedEnv).
    if (ts.isCallExpression(init) && init.arguments.some((arg) => ctx.isProcessEnv(arg))) {
      for (const element of decl.name.elements) {
        const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : undefined;
        if ((key === "value" || key === "data") && ts.isIdentifier(element.name)) ctx.bindLocal(element.name.text, init);
      }
    }
    // const { eventName } = params, of the function's own parameter: each name is that parameter's field, as if the
    // parameter list destructured it, so a topic or URL made of it names what the callers pass (model/value-flow.ts).
    if (ts.isIdentifier(init) && ctx.frames.length > 1) destructuredParameter(ctx, decl.name, init.text);
    return;
  }
  if (!ts.isIdentifier(decl.name)) return;
  const name = decl.name.text;
  // var app = module.exports = express(): the variable and the module's export are one object.
  const chained = moduleExportsChain(init);
  if (chained) {
    for (const link of chained.links) w.chainedExports.add(link);
    boundVariable(w, decl, name, chained.value, exported);
    const bound = ctx.lookupObject(name);
    for (const as of chained.names) w.rawExports.push(bound ? { exported: as, id: bound.id } : { exported: as, local: name });
    return;
  }
  boundVariable(w, decl, name, init, exported);
}

/** `f(x).use(a).use(b)`: `f(x)`, the call a chain of `.use(...)` registrations is made on; anything else as it is. */
function usedChainRoot(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && current.expression.name.text === "use" && ts.isCallExpression(current.expression.expression)) current = current.expression.expression;
  return current;
}

/** `const name = init`: what the name is bound to (an object, a function, a value), and its export. */
export function boundVariable(w: Walker, decl: ts.VariableDeclaration, name: string, init: ts.Expression, exported: boolean | undefined): void {
  const { ctx } = w;
  if (requireOf(unwrapAwait(init))) {
    // `var http = require("http")` inside a handler (not an IIFE's, which the prepass made the file's imports):
    // a local the call hooks can still read the module from.
    if (ctx.frames.length > 1 && ctx.imports.get(name)?.line !== ctx.loc(decl).line) ctx.bindLocal(name, init);
    return;
  }
  // const routes = new Routes(controller): the class, for a router field other modules mount (`app.use("/v1", routes.router)`).
  if (ctx.frames.length === 1 && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && /^[A-Z]/.test(init.expression.text)) (ctx.facts.instanceClasses ??= {})[name] = init.expression.text;
  if (ctx.frames.length === 1) recordInstanceMember(ctx, name, init);
  // Module-level names are the prepass's constants, except those declared in a block (`if (dev) { const cfg = … }`).
  if (ctx.frames.length > 1 || inModuleBlock(ctx, decl)) ctx.bindLocal(name, init);
  if (ctx.isProcessEnv(init)) ctx.envAliases.add(name);

  const target = unwrapAwait(init);
  if (isFunctionLike(target)) {
    if (exported) w.rawExports.push({ exported: name, id: `fn:${name}` });
    return;
  }
  // `new Hono().get(...).post(...)`: the object is the chain's root.
  const root = chainRoot(target);
  const info = w.factoryOf(target) ?? (root !== target ? w.factoryOf(root) : undefined);
  if (info) {
    const id = ctx.frames.length > 1 ? `var:${name}@${ctx.loc(decl).line}` : `var:${name}`;
    if (root !== target) ctx.nodeObjects.set(root, id);
    ctx.bindObject(name, id, info);
    w.recordObjectFacts(id, info);
    if (exported) w.rawExports.push({ exported: name, id });
    return;
  }
  // An alias or a chained call on an existing object: `const api = app.basePath("/api")` is handled by hono.
  const existing = objectOfExpression(target, ctx);
  if (existing) {
    ctx.bindObject(name, existing);
    if (exported) w.rawExports.push({ exported: name, id: existing });
    return;
  }
  const made = appFromFactoryCall(name, target, ctx.loc(decl).line, ctx);
  if (made) {
    ctx.bindObject(name, made.id, made.info);
    if (made.info?.kind === "app" && !made.info.guessed) w.recordObjectFacts(made.id, made.info);
    // `const api = apiAdapter(BASE_URL)`: named like an app, the function may as well return an HTTP client, which the
    // model reads from what it returns (model/made-clients.ts); the app is kept only if the function returns one.
    moduleResult(w, name, target, decl);
    if (exported) w.rawExports.push({ exported: name, id: made.id });
    return;
  }
  // const createItem = promisize(items.createItem, items): calling createItem calls that method of the imported object.
  const method = ctx.frames.length === 1 && !ctx.facts.functions.some((f) => f.id === `fn:${name}`) ? wrappedMethod(w, target) : undefined;
  if (method) {
    const id = `fn:${name}`;
    ctx.facts.functions.push({ id, name, location: ctx.loc(decl) });
    w.callNodes[ctx.facts.callees.push({ from: id, object: method.object, name: method.name, awaited: true, parallel: false, location: LOCATION_LATER }) - 1] = method.at;
    if (exported) w.rawExports.push({ exported: name, id });
    return;
  }
  // const getOrder = withSpan(async (req, res) => ...): calling getOrder runs the wrapped function.
  // At module level or in a module's IIFE, where handlers are declared (not in every function's locals).
  // middy(handler).use(jsonBodyParser()).use(cors()): the middleware chain returns the wrapped handler.
  const unchained = usedChainRoot(target);
  const wrapped = ctx.frames.length <= 2 && unchained.kind === ts.SyntaxKind.CallExpression ? w.wrappedFunction(unchained, 0) : undefined;
  if (wrapped && !ctx.facts.functions.some((f) => f.id === `fn:${name}`)) {
    const id = `fn:${name}`;
    const location = ctx.loc(decl);
    ctx.facts.functions.push({ id, name, location });
    const inner = isFunctionLike(wrapped) ? positionId(wrapped, ctx) : undefined;
    const fact: CalleeFact = inner
      ? { from: id, name: inner, local: inner, awaited: true, parallel: false, location: ctx.functionLoc(wrapped) }
      : { from: id, name: (wrapped as ts.Identifier).text, awaited: true, parallel: false, location: LOCATION_LATER };
    w.callNodes[ctx.facts.callees.push(fact) - 1] = inner ? undefined : wrapped;
    if (exported) w.rawExports.push({ exported: name, id });
    return;
  }
  // const users = loadClient({ serviceName: "UserService", address: "users:50051" }): what a function of the project
  // makes from these arguments (a gRPC client, model/grpc.ts), for the modules that import `users`.
  moduleResult(w, name, target, decl);
  if (exported) w.rawExports.push({ exported: name, id: `const:${name}` });
}

export function assignedObject(w: Walker, name: string, value: ts.Expression, at: ts.Node): void {
  const { ctx } = w;
  const info = w.factoryOf(value);
  if (info?.kind !== "app") return;
  const id = `var:${name}@${ctx.loc(at).line}`;
  ctx.bindObjectWhereDeclared(name, id, info);
  w.recordObjectFacts(id, info);
}

/**
 * `class OrdersController { place = asyncHandler(async (req, res) => …) }`: a field holding a wrapped function is the
 * class's method to whoever names it (`router.post("/", orders.place)`), and calling it runs the wrapped function, as
 * `const place = asyncHandler(…)` does at a module's top.
 */
export function wrappedMember(w: Walker, member: string, init: ts.Expression, at: ts.Node): void {
  const { ctx } = w;
  const className = ctx.currentClass();
  const wrapped = className ? w.wrappedFunction(init, 0) : undefined;
  if (!wrapped) return;
  const id = `fn:${className}.${member}`;
  if (ctx.facts.functions.some((f) => f.id === id)) return;
  ctx.facts.functions.push({ id, name: member, location: ctx.loc(at) });
  const inner = isFunctionLike(wrapped) ? positionId(wrapped, ctx) : undefined;
  const fact: CalleeFact = inner
    ? { from: id, name: inner, local: inner, awaited: true, parallel: false, location: ctx.functionLoc(wrapped) }
    : { from: id, name: (wrapped as ts.Identifier).text, awaited: true, parallel: false, location: LOCATION_LATER };
  w.callNodes[ctx.facts.callees.push(fact) - 1] = inner ? undefined : wrapped;
}

export function memberObject(w: Walker, member: string, init: ts.Expression, at: ts.Node): void {
  const { ctx } = w;
  const className = ctx.currentClass();
  const info = className ? w.factoryOf(unwrapAwait(init)) : undefined;
  if (!info) return;
  const id = `var:this.${member}@${ctx.loc(at).line}`;
  if (!ctx.bindMember(member, id, info)) return;
  w.recordObjectFacts(id, info);
  // Other files mount it as the field of an instance: `app.use("/v1", new OrderRoutes().router)`.
  if (info.kind === "app") (ctx.facts.classFields ??= {})[`${className}.${member}`] = id;
}

/**
 * `toPromise(orders.place, orders)`: a function of the project (or an import) handed a method of an object another module
 * exports and that object as its `this`, and no function: what it returns calls that method (a callback-to-promise
 * helper). The method, when the call is of that shape. Without the object handed too (`makeClient(config.url)`) the
 * property may as well be a value, so that is not read as a method.
 */
function wrappedMethod(w: Walker, target: ts.Expression): { object: string; name: string; at: ts.Node } | undefined {
  const { ctx } = w;
  if (!ts.isCallExpression(target) || !ts.isIdentifier(target.expression) || !w.callableNames.has(target.expression.text)) return undefined;
  const methods = target.arguments.filter((arg) => ts.isPropertyAccessExpression(arg) && ts.isIdentifier(arg.expression));
  if (methods.length !== 1 || target.arguments.some((arg) => isFunctionLike(arg))) return undefined;
  const method = methods[0] as ts.PropertyAccessExpression & { expression: ts.Identifier };
  const object = method.expression.text;
  if (!ctx.imports.has(object) || ctx.isShadowed(object)) return undefined;
  // Besides the method, the object itself (its `this`), and maybe literals (options).
  const others = target.arguments.filter((arg) => arg !== method);
  if (!others.some((arg) => ts.isIdentifier(arg) && arg.text === object)) return undefined;
  if (!others.every((arg) => (ts.isIdentifier(arg) && arg.text === object) || ts.isLiteralExpression(arg) || ts.isObjectLiteralExpression(arg))) return undefined;
  return { object, name: method.name.text, at: method };
}

/** A declaration of a block at module level: its statement (two up from it in the walk's stack) is not the file's own. */
function inModuleBlock(ctx: Walker["ctx"], decl: ts.VariableDeclaration): boolean {
  const at = ctx.stack.lastIndexOf(decl);
  const statement = at >= 2 ? ctx.stack[at - 2] : undefined;
  return statement !== undefined && ts.isVariableStatement(statement) && ctx.stack[at - 3] !== undefined && ctx.stack[at - 3]!.kind !== ts.SyntaxKind.SourceFile;
}

/** `process.env || {}`, `process.env ?? {}`: the environment, guarded against a missing one. */
function envObject(init: ts.Expression): ts.Expression {
  let current = init;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  if (ts.isBinaryExpression(current) && (current.operatorToken.kind === ts.SyntaxKind.BarBarToken || current.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) && ts.isObjectLiteralExpression(current.right) && current.right.properties.length === 0) return current.left;
  return current;
}

/** `configService.get("db")`, `config.getOrThrow<Db>("db")`: a read of settings by key. */
function isSettingsRead(expr: ts.Expression): boolean {
  let call = expr;
  while (ts.isAsExpression(call) || ts.isNonNullExpression(call) || ts.isParenthesizedExpression(call)) call = call.expression;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || !/^(get|getOrThrow)$/.test(call.expression.name.text)) return false;
  const key = call.arguments[0];
  return key !== undefined && ts.isStringLiteralLike(key) && /config|settings|env/i.test(receiverName(call.expression.expression));
}

function receiverName(expr: ts.Expression): string {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return "";
}

/** `const { eventName, schema = s } = params` where `params` is a parameter of the function the statement is in. */
function destructuredParameter(ctx: Walker["ctx"], pattern: ts.ObjectBindingPattern, name: string): void {
  const param = ctx.paramFrame(name);
  if (!param || param.frame !== ctx.frame || !param.frame.id) return;
  param.frame.destructured = destructuredNames(pattern, param.index, param.frame.destructured);
}

/**
 * `const users = loadClient({ … })` at module level, `loadClient` a function of the project (declared, imported, or a
 * module constant holding an arrow: `const clientFor = (baseURL) => axios.create({ baseURL })`): kept with what it passes.
 */
function moduleResult(w: Walker, name: string, target: ts.Expression, decl: ts.VariableDeclaration): void {
  const { ctx } = w;
  if (ctx.frames.length !== 1 || !ts.isCallExpression(target)) return;
  const fn = target.expression;
  if (ts.isIdentifier(fn) && (w.callableNames.has(fn.text) || ctx.lookupLocalFunction(fn.text))) {
    (ctx.facts.moduleResults ??= []).push({ name, callee: fn.text, args: flowArguments(target, ctx) ?? [], location: ctx.loc(decl) });
    return;
  }
  // `const users = GrpcClients.load({ … })`: a static function of a class the module imports or declares, or a function of
  // a namespace import (`import * as clients from "./clients"`); the model looks it up as `fn:GrpcClients.load` there.
  const owner = ts.isPropertyAccessExpression(fn) && ts.isIdentifier(fn.expression) ? fn.expression.text : undefined;
  if (owner === undefined || ctx.isShadowed(owner) || (!ctx.imports.has(owner) && !ctx.topLevelClass(owner))) return;
  (ctx.facts.moduleResults ??= []).push({ name, callee: (fn as ts.PropertyAccessExpression).name.text, object: owner, args: flowArguments(target, ctx) ?? [], location: ctx.loc(decl) });
}

/**
 * `const userRouter = new UserRoutes().router`, `const routes = new Routes().getRouter()` at module level: the member of a
 * fresh instance the constant holds, for the model to find the router the class keeps in that field or returns from that
 * method (FileFacts.instanceMembers).
 */
function recordInstanceMember(ctx: ExtractContext, name: string, init: ts.Expression): void {
  let target = withoutAssertions(init);
  let method: string | undefined;
  if (ts.isCallExpression(target) && target.arguments.length === 0 && ts.isPropertyAccessExpression(target.expression)) {
    method = target.expression.name.text;
    target = target.expression;
  } else if (!ts.isPropertyAccessExpression(target)) return;
  if (!ts.isPropertyAccessExpression(target)) return;
  const made = withoutAssertions(target.expression);
  if (!ts.isNewExpression(made) || !ts.isIdentifier(made.expression) || !/^[A-Z]/.test(made.expression.text)) return;
  (ctx.facts.instanceMembers ??= {})[name] = method ? { className: made.expression.text, method } : { className: made.expression.text, field: target.name.text };
}
