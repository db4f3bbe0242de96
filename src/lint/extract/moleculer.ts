import { ts } from "../ts.js";
import type { Location, MoleculerActionFact, MoleculerBrokerFact, MoleculerFacts, MoleculerServiceFact, Value } from "../types.js";
import type { Extractor } from "./extractor.js";
import { type ExtractContext, isFunctionLike, propertyKey, propertyNamed, staticText, withoutAssertions, calleeName } from "./context.js";
import { objectLiteralOf } from "./datastores/connection.js";
import { isRequire, requireSpecifier } from "./syntax.js";
import { gatewayRoutes } from "./moleculer-web.js";

/**
 * Moleculer (moleculer, moleculer-runner): a service is a schema object, `{ name: "users", version: 2, mixins,
 * settings, actions, events, methods }`, exported by a `*.service.js` file (`module.exports = {...}`, `export default
 * schema`), handed to `broker.createService({...})` or to `this.parseServiceSchema({...})` in a class that extends
 * `Service`. Its actions are request-reply handlers that other services call through the broker
 * (`ctx.call("users.get", params, { timeout })`, `this.broker.call(...)`), its events what `ctx.emit` /
 * `broker.broadcast` send. The broker's options (`new ServiceBroker({ transporter, requestTimeout, circuitBreaker })`,
 * moleculer.config.js) say what carries them and what guards every call. Schema files often import nothing of
 * Moleculer (its types are JSDoc), so these hooks are not gated by imports: they look only at module exports and at
 * calls named `call`, `emit`, `broadcast`, `createService` and `parseServiceSchema`, and test the shape first.
 */

const CALL_METHODS = new Set(["call"]);
const EMIT_METHODS = new Set(["emit", "broadcast", "broadcastLocal"]);
const SCHEMA_METHODS = new Set(["createService", "parseServiceSchema"]);

/** Keys only a service schema has beside its name: an object with a name and none of them (a package.json-like config) is no service. */
const SCHEMA_KEYS = new Set(["actions", "events", "mixins", "methods", "started", "created", "settings", "dependencies", "hooks"]);

/** Receivers a Moleculer request goes through: the action's context, the broker, the service's `this.broker`. */
const RECEIVER = /^(ctx|context|broker|[a-z]\w*Broker|[a-z]\w*Ctx)$/;

/** An action's full name: `users.get`, `v2.users.get`, `$node.list`. */
const ACTION_NAME = /^[\w$-]+(\.[\w$*-]+)+$/;

export const moleculer: Extractor = {
  family: "moleculer",
  callProperties: [...CALL_METHODS, ...EMIT_METHODS, ...SCHEMA_METHODS],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const first = node.arguments[0];
    if (!first) return;
    if (SCHEMA_METHODS.has(method)) {
      const schema = objectLiteralOf(first, ctx);
      if (schema) readSchema(schema, ctx, node);
      return;
    }
    if (!isBrokerOrContext(callee.expression)) return;
    const name = ctx.value(first);
    const text = staticText(name);
    // `broker.call(fn)` of another library, `ctx.call()` with nothing: an action is a dotted name, or a value the model renders.
    if (text !== undefined && !ACTION_NAME.test(text)) return;
    const facts = moleculerFacts(ctx);
    if (CALL_METHODS.has(method)) {
      const timeout = callTimeout(node.arguments[2], ctx);
      const inFunction = ctx.currentFunction();
      facts.calls.push({ action: name, ...(inFunction ? { inFunction } : {}), awaited: ctx.isAwaited(), parallel: ctx.isParallel(), ...(timeout ? { timeout } : {}), location: ctx.loc(node) });
    } else {
      const inFunction = ctx.currentFunction();
      facts.emits.push({ event: name, ...(method !== "emit" ? { broadcast: true as const } : {}), ...(inFunction ? { inFunction } : {}), location: ctx.loc(node) });
    }
  },
  fileEnd(ctx) {
    // Only a service file whose schema was not found as an object: one a function it exports builds.
    if (!SERVICE_FILE.test(ctx.file) || ctx.facts.moleculer?.services.length) return;
    for (const statement of ctx.sf.statements) for (const fn of exportedFunctions(statement, ctx)) for (const object of returnedObjects(fn)) readSchema(object, ctx, object);
  },
  moduleExport(expr, ctx) {
    const object = objectLiteralOf(expr, ctx);
    if (!object) return;
    if (/(^|\/)moleculer\.config\.[cm]?[jt]s$/.test(ctx.file)) {
      readBroker(object, ctx, object);
      return;
    }
    readSchema(object, ctx, object);
  },
};

/** moleculer-decorators: `@Service({ name, version, mixins, settings })` on a class, `@Action({ rest })`, `@Event()`, `@Method` on its methods. */
export const moleculerDecorators: Extractor = {
  family: "moleculer/decorators",
  modules: ["moleculer-decorators"],
  classDeclaration(node, ctx) {
    const service = decoratorCall(node, "Service", ctx);
    if (!service) return;
    const options = objectLiteralOf(service.args[0], ctx);
    const nameExpr = options && propertyNamed(options, "name");
    const name = (nameExpr && literalText(nameExpr, ctx)) ?? node.name?.text;
    if (!name) return;
    const fact: MoleculerServiceFact = { name, actions: [], events: [], location: ctx.loc(node) };
    if (options) readSchemaOptions(options, fact, ctx);
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.name) continue;
      const key = propertyKey(member.name);
      if (!key) continue;
      const action = decoratorCall(member, "Action", ctx);
      const event = decoratorCall(member, "Event", ctx);
      const method = decoratorCall(member, "Method", ctx);
      const memberOptions = objectLiteralOf((action ?? event)?.args[0], ctx);
      const renamed = memberOptions && propertyNamed(memberOptions, "name");
      const memberName = (renamed && literalText(renamed, ctx)) ?? key;
      if (action) {
        const entry: MoleculerActionFact = { name: memberName, handlerAt: ctx.functionLoc(member), location: ctx.loc(member) };
        const rest = memberOptions && propertyNamed(memberOptions, "rest");
        if (rest) entry.rest = restOf(rest, ctx);
        const visibility = memberOptions && propertyNamed(memberOptions, "visibility");
        const visibilityText = visibility && literalText(visibility, ctx);
        if (visibilityText) entry.visibility = visibilityText;
        fact.actions.push(entry);
      } else if (event) fact.events.push({ name: memberName, handlerAt: ctx.functionLoc(member), location: ctx.loc(member) });
      else if (method) (fact.methods ??= {})[key] = ctx.functionLoc(member);
    }
    moleculerFacts(ctx).services.push(fact);
  },
};

/** A decorator of the node imported from moleculer-decorators under this name: its call's arguments (none for `@Method`). */
function decoratorCall(node: ts.Node, name: string, ctx: ExtractContext): { args: readonly ts.Expression[] } | undefined {
  const decorators = ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined;
  for (const decorator of decorators ?? []) {
    const expr = decorator.expression;
    const callee = ts.isCallExpression(expr) ? expr.expression : expr;
    if (ctx.isImportFrom(callee, ["moleculer-decorators"], [name])) return { args: ts.isCallExpression(expr) ? expr.arguments : [] };
  }
  return undefined;
}

const SERVICE_FILE = /\.service\.[cm]?[jt]s$/;

/** `export default function (broker) {...}`, `export default (broker) => ({...})`, `module.exports = function (...) {...}`. */
function exportedFunctions(statement: ts.Node, ctx: ExtractContext): ts.FunctionLikeDeclaration[] {
  if (ts.isFunctionDeclaration(statement) && statement.body) {
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    return modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ? [statement] : [];
  }
  let value: ts.Expression | undefined;
  if (ts.isExportAssignment(statement)) value = statement.expression;
  else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && ctx.text(statement.expression.left) === "module.exports") value = statement.expression.right;
  const fn = value && withoutAssertions(value);
  return fn && isFunctionLike(fn) ? [fn] : [];
}

/** The object literals a function returns from its own body (not from functions nested in it). */
function returnedObjects(fn: ts.FunctionLikeDeclaration): ts.ObjectLiteralExpression[] {
  const body = fn.body;
  if (!body) return [];
  if (!ts.isBlock(body)) {
    const value = withoutAssertions(body as ts.Expression);
    return ts.isObjectLiteralExpression(value) ? [value] : [];
  }
  const out: ts.ObjectLiteralExpression[] = [];
  for (const statement of body.statements) {
    if (!ts.isReturnStatement(statement) || !statement.expression) continue;
    const value = withoutAssertions(statement.expression);
    if (ts.isObjectLiteralExpression(value)) out.push(value);
  }
  return out;
}

/** `new ServiceBroker({ ... })`: only in files that import Moleculer (the class is its own). */
export const moleculerBroker: Extractor = {
  family: "moleculer/broker",
  modules: ["moleculer"],
  newExpression(node, ctx) {
    const named = calleeName(node);
    if (named !== "ServiceBroker" || !ctx.importsAny(["moleculer"])) return;
    const options = objectLiteralOf(node.arguments?.[0], ctx);
    if (options) readBroker(options, ctx, node);
  },
};

function moleculerFacts(ctx: ExtractContext): MoleculerFacts {
  return (ctx.facts.moleculer ??= { services: [], calls: [], emits: [], brokers: [] });
}

function isBrokerOrContext(expr: ts.Expression): boolean {
  const receiver = withoutAssertions(expr);
  if (ts.isIdentifier(receiver)) return RECEIVER.test(receiver.text);
  // this.broker, ctx.broker, service.broker, this.ctx
  if (ts.isPropertyAccessExpression(receiver)) return RECEIVER.test(receiver.name.text);
  return false;
}

/** The call's options (third argument): `{ timeout: 500 }` bounds its wait; `timeout: 0` turns it off. */
function callTimeout(arg: ts.Expression | undefined, ctx: ExtractContext): string | undefined {
  const options = arg && objectLiteralOf(arg, ctx);
  const timeout = options && propertyNamed(options, "timeout");
  if (!timeout || isZero(timeout)) return undefined;
  return `the call's timeout option (${ctx.text(timeout)})`;
}

function isZero(expr: ts.Expression): boolean {
  const value = withoutAssertions(expr);
  return ts.isNumericLiteral(value) && Number(value.text) === 0;
}

function readBroker(options: ts.ObjectLiteralExpression, ctx: ExtractContext, at: ts.Node): void {
  const fact: MoleculerBrokerFact = { location: ctx.loc(at) };
  const transporter = propertyNamed(options, "transporter");
  const off = transporter && withoutAssertions(transporter);
  if (off && (off.kind === ts.SyntaxKind.NullKeyword || off.kind === ts.SyntaxKind.FalseKeyword)) fact.noTransporter = true;
  else if (transporter) {
    const object = objectLiteralOf(transporter, ctx);
    // `{ type: "NATS", options: { url } }`: the type names it.
    const type = object ? propertyNamed(object, "type") : transporter;
    if (type) fact.transporter = ctx.value(type);
  }
  const namespace = propertyNamed(options, "namespace");
  if (namespace) fact.namespace = ctx.value(namespace);
  const requestTimeout = propertyNamed(options, "requestTimeout");
  if (requestTimeout && !isZero(requestTimeout)) fact.requestTimeout = `the broker's requestTimeout (${ctx.text(requestTimeout)})`;
  const breaker = objectLiteralOf(propertyNamed(options, "circuitBreaker"), ctx);
  const enabled = breaker && propertyNamed(breaker, "enabled");
  if (enabled && withoutAssertions(enabled).kind === ts.SyntaxKind.TrueKeyword) fact.circuitBreaker = true;
  if (fact.transporter || fact.noTransporter || fact.namespace || fact.requestTimeout || fact.circuitBreaker) moleculerFacts(ctx).brokers.push(fact);
}

/** A service schema: a literal name and at least one key only a schema has. */
function readSchema(schema: ts.ObjectLiteralExpression, ctx: ExtractContext, at: ts.Node): void {
  const nameExpr = propertyNamed(schema, "name");
  const gateway = mixesInGateway(schema, ctx);
  // moleculer-web's mixin names the service "api" unless the schema names it.
  const name = nameExpr ? literalText(nameExpr, ctx) : gateway ? "api" : undefined;
  if (!name || !schema.properties.some((prop) => prop.name !== undefined && SCHEMA_KEYS.has(propertyKey(prop.name) ?? ""))) return;
  const service: MoleculerServiceFact = { name, actions: [], events: [], location: ctx.loc(at) };
  readSchemaOptions(schema, service, ctx, gateway);
  const actions = objectLiteralOf(propertyNamed(schema, "actions"), ctx);
  for (const prop of actions?.properties ?? []) {
    const action = readAction(prop, ctx);
    if (action) service.actions.push(action);
  }
  const events = objectLiteralOf(propertyNamed(schema, "events"), ctx);
  for (const prop of events?.properties ?? []) {
    const key = prop.name && propertyKey(prop.name);
    if (!key) continue;
    const handler = handlerOf(prop, ctx);
    service.events.push({ name: key, ...(handler.at ? { handlerAt: handler.at } : {}), location: ctx.loc(prop) });
  }
  const methods = objectLiteralOf(propertyNamed(schema, "methods"), ctx);
  for (const prop of methods?.properties ?? []) {
    const key = prop.name && propertyKey(prop.name);
    const fn = ts.isMethodDeclaration(prop) ? prop : ts.isPropertyAssignment(prop) && isFunctionLike(withoutAssertions(prop.initializer)) ? withoutAssertions(prop.initializer) : undefined;
    if (key && fn) (service.methods ??= {})[key] = ctx.functionLoc(fn);
  }
  moleculerFacts(ctx).services.push(service);
}

/** What a schema (or moleculer-decorators' `@Service` options) says beside its actions: version, settings, the gateway's routes. */
function readSchemaOptions(schema: ts.ObjectLiteralExpression, service: MoleculerServiceFact, ctx: ExtractContext, gateway = mixesInGateway(schema, ctx)): void {
  const version = propertyNamed(schema, "version");
  if (version) {
    const value = withoutAssertions(version);
    if (ts.isNumericLiteral(value)) service.version = { text: value.text, numeric: true };
    else if (ts.isStringLiteralLike(value)) service.version = { text: value.text, numeric: false };
  }
  const settings = objectLiteralOf(propertyNamed(schema, "settings"), ctx);
  if (settings) {
    const noPrefix = propertyNamed(settings, "$noVersionPrefix");
    if (noPrefix && withoutAssertions(noPrefix).kind === ts.SyntaxKind.TrueKeyword) service.noVersionPrefix = true;
    const rest = propertyNamed(settings, "rest");
    const restText = rest ? literalText(rest, ctx) : undefined;
    if (restText !== undefined) service.restBase = restText;
  }
  if (gateway) {
    service.gateway = true;
    service.routes = settings ? gatewayRoutes(settings, ctx) : [];
  }
}

/** `mixins: [ApiGateway]` with ApiGateway imported (or required) from moleculer-web, or `...ApiGateway` spread into the schema. */
function mixesInGateway(schema: ts.ObjectLiteralExpression, ctx: ExtractContext): boolean {
  const isGateway = (expr: ts.Expression): boolean => {
    const value = withoutAssertions(expr);
    if (isRequire(value)) return requireSpecifier(value) === "moleculer-web";
    if (ts.isCallExpression(value)) return false;
    return ctx.isImportFrom(value, ["moleculer-web"]);
  };
  const mixins = propertyNamed(schema, "mixins");
  const list = mixins && withoutAssertions(mixins);
  if (list && ts.isArrayLiteralExpression(list) && list.elements.some(isGateway)) return true;
  return schema.properties.some((prop) => ts.isSpreadAssignment(prop) && isGateway(prop.expression));
}

function readAction(prop: ts.ObjectLiteralElementLike, ctx: ExtractContext): MoleculerActionFact | undefined {
  const name = prop.name && propertyKey(prop.name);
  if (!name) return undefined;
  const action: MoleculerActionFact = { name, location: ctx.loc(prop) };
  const value = ts.isPropertyAssignment(prop) ? withoutAssertions(prop.initializer) : undefined;
  const definition = value && !isFunctionLike(value) ? objectLiteralOf(value, ctx) : undefined;
  // `list: false` turns an action a mixin brings off.
  if (value && value.kind === ts.SyntaxKind.FalseKeyword) return undefined;
  if (definition) {
    const rest = propertyNamed(definition, "rest");
    if (rest) action.rest = restOf(rest, ctx);
    const visibility = propertyNamed(definition, "visibility");
    const visibilityText = visibility ? literalText(visibility, ctx) : undefined;
    if (visibilityText) action.visibility = visibilityText;
  }
  const handler = handlerOf(prop, ctx);
  if (handler.at) action.handlerAt = handler.at;
  else if (handler.ref) action.handlerRef = handler.ref;
  return action;
}

/**
 * The handler of an action or event: the method itself (`list(ctx) {}`), the function it holds (`list: async (ctx) =>`),
 * or its definition's `handler` (a method, a function, or a function named by an identifier).
 */
function handlerOf(prop: ts.ObjectLiteralElementLike, ctx: ExtractContext): { at?: Location; ref?: { object?: string; name: string } } {
  if (ts.isMethodDeclaration(prop)) return { at: ctx.functionLoc(prop) };
  const value = ts.isPropertyAssignment(prop) ? withoutAssertions(prop.initializer) : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
  if (!value) return {};
  if (isFunctionLike(value)) return { at: ctx.functionLoc(value) };
  const definition = objectLiteralOf(value, ctx);
  if (definition) {
    for (const inner of definition.properties) {
      if (inner.name === undefined || propertyKey(inner.name) !== "handler") continue;
      if (ts.isMethodDeclaration(inner)) return { at: ctx.functionLoc(inner) };
      const fn = ts.isPropertyAssignment(inner) ? withoutAssertions(inner.initializer) : ts.isShorthandPropertyAssignment(inner) ? inner.name : undefined;
      if (fn && isFunctionLike(fn)) return { at: ctx.functionLoc(fn) };
      const own = fn && classMethodAt(fn, ctx);
      if (own) return { at: own };
      if (fn) return refOf(fn);
    }
    return {};
  }
  const own = classMethodAt(value, ctx);
  return own ? { at: own } : refOf(value);
}

/**
 * `handler: this.create` (or `this.create.bind(this)`) in a schema written inside a class, as Moleculer's ES6-class
 * services do (`class Orders extends Service { constructor(broker) { super(broker); this.parseServiceSchema({ actions:
 * { create: { handler: this.create } } }) } create(ctx) {...} }`): the class's own method of that name (or an arrow
 * function field), found where it is written. Undefined outside a class or when the class has no such member.
 */
function classMethodAt(expr: ts.Expression, ctx: ExtractContext): Location | undefined {
  let value = withoutAssertions(expr);
  // `this.create.bind(this)`
  if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === "bind") value = withoutAssertions(value.expression.expression);
  if (!ts.isPropertyAccessExpression(value) || value.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const name = value.name.text;
  // The nearest class of the walk (parent pointers are not set); an ordinary function in between has a `this` of its own.
  let cls: ts.ClassLikeDeclaration | undefined;
  for (let i = ctx.stack.length - 1; i >= 0 && !cls; i--) {
    const node = ctx.stack[i]!;
    if (ts.isClassLike(node)) cls = node;
    else if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || (ts.isMethodDeclaration(node) && i > 0 && ts.isObjectLiteralExpression(ctx.stack[i - 1]!))) return undefined;
  }
  if (!cls) return undefined;
  for (const member of cls.members) {
    if (!member.name || propertyKey(member.name) !== name) continue;
    if (ts.isMethodDeclaration(member) && member.body) return ctx.functionLoc(member);
    if (ts.isPropertyDeclaration(member) && member.initializer) {
      const init = withoutAssertions(member.initializer);
      if (isFunctionLike(init)) return ctx.functionLoc(init);
    }
  }
  return undefined;
}

function refOf(expr: ts.Expression): { ref?: { object?: string; name: string } } {
  if (ts.isIdentifier(expr)) return { ref: { name: expr.text } };
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) return { ref: { object: expr.expression.text, name: expr.name.text } };
  // `handler: this.postActions.create`: a method of the class a field holds, as a call `this.postActions.create()` is followed.
  const holder = ts.isPropertyAccessExpression(expr) ? expr.expression : undefined;
  if (holder && ts.isPropertyAccessExpression(holder) && holder.expression.kind === ts.SyntaxKind.ThisKeyword) return { ref: { object: `this.${holder.name.text}`, name: (expr as ts.PropertyAccessExpression).name.text } };
  return {};
}

/** `rest: "GET /users"`, `"/users"` (every method), `{ method, path }`, a list of those, `true` (the default `GET /<action>`... left to the model). */
function restOf(expr: ts.Expression, ctx: ExtractContext): MoleculerActionFact["rest"] {
  const value = withoutAssertions(expr);
  if (ts.isArrayLiteralExpression(value)) return value.elements.flatMap((element) => restOf(element, ctx) ?? []);
  if (value.kind === ts.SyntaxKind.TrueKeyword) return [{ method: "*" }];
  const object = objectLiteralOf(value, ctx);
  if (object) {
    const method = propertyNamed(object, "method");
    const path = propertyNamed(object, "path");
    const methodText = method ? literalText(method, ctx) : undefined;
    const pathText = path ? literalText(path, ctx) : undefined;
    return [{ method: (methodText ?? "*").toUpperCase(), ...(pathText !== undefined ? { path: pathText } : {}) }];
  }
  const text = literalText(value, ctx);
  if (text === undefined) return undefined;
  const [first = "", second] = text.trim().split(/\s+/);
  return second !== undefined ? [{ method: first.toUpperCase(), path: second }] : [{ method: "*", path: first }];
}

/** The text of a literal, or of a constant that evaluates to one; undefined for anything run-time. */
export function literalText(expr: ts.Expression, ctx: ExtractContext): string | undefined {
  const value = withoutAssertions(expr);
  if (ts.isStringLiteralLike(value)) return value.text;
  if (ts.isNumericLiteral(value)) return value.text;
  return staticText(ctx.value(value) as Value);
}
