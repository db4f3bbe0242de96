import { ts } from "../ts.js";
import type { FlowArg, FlowCallFact, ParamRef, Value } from "../types.js";
import type { Extractor } from "./extractor.js";
import { type ExtractContext, type Frame, propertyKey, propertyNamed, propertyPath, staticText, withoutAssertions } from "./context.js";
import { httpFunctionOf } from "./http-clients.js";

/**
 * The syntax half of following values through parameters (model/value-flow.ts does the rest): what each call
 * passes (`registerRoutes(app, ctx)` with `const ctx = { requestFn: options.requestFn ?? request, ordersBase:
 * options.ordersBase ?? "http://…" }`), and the calls a function makes through what it is given
 * (`ctx.requestFn(\`${ctx.ordersBase}/orders\`)`, `requestFn(url, init)`). Whether such a call is an HTTP call,
 * and to where, is known only once the model has joined the two.
 */

/** How deep an argument's object literal is read (`{ clients: { orders: { base } } }` is two levels). */
const MAX_OBJECT_DEPTH = 2;
/** How many locals are followed from an argument to what it was set to (`const ctx = {...}`, `const base = ...`). */
const MAX_LOCAL_HOPS = 3;

/**
 * Parameters that hold the request, the response or a continuation: never a function or address a callee calls
 * with. Left out so that the most common arguments of all (`handler(req, res, next)`) cost nothing.
 */
const NOT_CARRIERS = new Set(["req", "res", "next", "reply", "request", "response", "err", "error", "done", "cb", "callback", "resolve", "reject"]);

/** `function register(app, { requestFn, base = "http://…" })`: each name a parameter's pattern binds, with its field path and default. */
export function destructuredNames(pattern: ts.ObjectBindingPattern, index: number, into: Frame["destructured"], path: string[] = []): NonNullable<Frame["destructured"]> {
  const out = into ?? new Map();
  for (const element of pattern.elements) {
    if (element.dotDotDotToken) continue;
    const key = element.propertyName ? propertyKey(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
    if (!key) continue;
    if (ts.isIdentifier(element.name)) out.set(element.name.text, element.initializer ? { index, path: [...path, key], fallback: element.initializer } : { index, path: [...path, key] });
    else if (ts.isObjectBindingPattern(element.name) && path.length < MAX_OBJECT_DEPTH) destructuredNames(element.name, index, out, [...path, key]);
  }
  return out;
}

/** What each argument of a call carries (null where nothing a callee could call with), or undefined when none does. */
export function flowArguments(node: ts.CallExpression | ts.NewExpression, ctx: ExtractContext): (FlowArg | null)[] | undefined {
  const args = node.arguments;
  if (!args?.length) return undefined;
  let any = false;
  const out: (FlowArg | null)[] = [];
  for (const arg of args) {
    const flow = flowArg(arg, ctx, 0, 0);
    if (flow) any = true;
    out.push(flow);
  }
  return any ? out : undefined;
}

function flowArg(raw: ts.Expression, ctx: ExtractContext, objectDepth: number, hops: number): FlowArg | null {
  const expr = withoutAssertions(raw.kind === ts.SyntaxKind.NonNullExpression ? (raw as ts.NonNullExpression).expression : raw);
  switch (expr.kind) {
    case ts.SyntaxKind.Identifier: {
      const name = (expr as ts.Identifier).text;
      if (name === "undefined") return null;
      if (NOT_CARRIERS.has(name)) {
        // undici's and the request library's function is called `request` too: imported (and not shadowed by a
        // handler's parameter), it is what the callee sends with.
        const imported = name === "request" ? httpFunctionOf(expr, ctx) : undefined;
        return imported ? { kind: "http", client: imported } : null;
      }
      const client = httpFunctionOf(expr, ctx);
      if (client) return { kind: "http", client };
      const bound = ctx.lookupObject(name);
      if (bound?.info?.kind === "client") return bound.info.base ? { kind: "http", client: bound.info.client, base: bound.info.base } : { kind: "http", client: bound.info.client };
      const local = ctx.lookupLocal(name)?.expr;
      if (local) return hops < MAX_LOCAL_HOPS ? flowArg(local, ctx, objectDepth, hops + 1) : null;
      const param = ctx.paramRef(name);
      if (param) {
        const ref: FlowArg = { kind: "ref", ref: param.path ? { fn: param.fn, index: param.index, path: param.path } : { fn: param.fn, index: param.index } };
        // connect(url) in `function publish(queue, url = "amqp://localhost")`: the default, for callers that pass none.
        const fallback = param.fallback ?? (param.path ? undefined : ctx.paramFrame(name)?.frame.paramDefaults?.get(name));
        return fallback ? { ...ref, fallback: ctx.value(fallback) } : ref;
      }
      return stringArg(expr, ctx);
    }
    case ts.SyntaxKind.PropertyAccessExpression: {
      const client = httpFunctionOf(expr, ctx);
      if (client) return { kind: "http", client };
      const path = propertyPath(expr);
      if (!path || path[0] === "this") return stringArg(expr, ctx);
      const [head, ...rest] = path;
      if (NOT_CARRIERS.has(head!)) return null;
      const local = ctx.lookupLocal(head!)?.expr;
      const object = local && withoutAssertions(local);
      if (object && ts.isObjectLiteralExpression(object) && hops < MAX_LOCAL_HOPS) {
        let inner: ts.Expression | undefined = object;
        for (const key of rest) inner = inner && ts.isObjectLiteralExpression(inner) ? propertyNamed(inner, key) : undefined;
        return inner ? flowArg(inner, ctx, objectDepth, hops + 1) : null;
      }
      const param = !local ? ctx.paramRef(head!) : undefined;
      if (param) return { kind: "ref", ref: { fn: param.fn, index: param.index, path: [...(param.path ?? []), ...rest] } };
      return stringArg(expr, ctx);
    }
    case ts.SyntaxKind.ObjectLiteralExpression: {
      if (objectDepth > MAX_OBJECT_DEPTH) return null;
      const fields: Record<string, FlowArg | null> = {};
      let spread = false;
      for (const prop of (expr as ts.ObjectLiteralExpression).properties) {
        if (ts.isSpreadAssignment(prop)) spread = true;
        const key = ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop) ? propertyKey(prop.name) : undefined;
        if (!key) continue;
        const value = ts.isPropertyAssignment(prop) ? prop.initializer : (prop as ts.ShorthandPropertyAssignment).name;
        fields[key] = flowArg(value, ctx, objectDepth + 1, hops);
      }
      // An object with none of its fields followed still says what it leaves out: its callee's fallbacks apply.
      return spread ? { kind: "object", fields, spread: true } : { kind: "object", fields };
    }
    case ts.SyntaxKind.BinaryExpression: {
      const op = (expr as ts.BinaryExpression).operatorToken.kind;
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        const client = httpFunctionOf(expr, ctx);
        if (client) return { kind: "http", client };
      }
      return op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken ? stringArg(expr, ctx) : null;
    }
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
    // { host: "cache", port: 6380, db: 2 }: a port or a database index the callee connects with.
    case ts.SyntaxKind.NumericLiteral:
      return stringArg(expr, ctx);
    case ts.SyntaxKind.AwaitExpression:
      return flowArg((expr as ts.AwaitExpression).expression, ctx, objectDepth, hops);
    // `ok ? "payment.success" : "payment.failed"`: a choice between two names written out, kept as written (a topic a
    // caller hands a publish helper: model/argument-topics.ts places the publish at the call).
    case ts.SyntaxKind.ConditionalExpression: {
      const { whenTrue, whenFalse } = expr as ts.ConditionalExpression;
      return ts.isStringLiteralLike(whenTrue) && ts.isStringLiteralLike(whenFalse) ? { kind: "value", value: ctx.value(expr) } : null;
    }
    // endpoints["orders-service"], config["ORDERS_URL"]: a setting looked up by a key written out.
    case ts.SyntaxKind.ElementAccessExpression:
      return ts.isStringLiteralLike((expr as ts.ElementAccessExpression).argumentExpression) ? stringArg(expr, ctx) : null;
    case ts.SyntaxKind.NewExpression:
      // new URL(`${base}/comics`) (and, through a local, `url.toString()` after `url.searchParams.set(…)`): the address.
      return isUrlConstruction(expr as ts.NewExpression) ? stringArg(expr, ctx) : null;
    case ts.SyntaxKind.CallExpression: {
      // const deps = makeDeps(options): what the project's function returns, with these arguments.
      const call = expr as ts.CallExpression;
      const callee = call.expression;
      // url.toString(): the URL's text, whatever query its searchParams were given.
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "toString" && !call.arguments.length && ts.isIdentifier(callee.expression) && hops < MAX_LOCAL_HOPS) {
        const local = ctx.lookupLocal(callee.expression.text)?.expr;
        return local && ts.isNewExpression(withoutAssertions(local)) && isUrlConstruction(withoutAssertions(local) as ts.NewExpression) ? stringArg(withoutAssertions(local), ctx) : null;
      }
      if (objectDepth > 0 || hops >= MAX_LOCAL_HOPS) return null;
      if (ts.isIdentifier(callee) && (ctx.imports.has(callee.text) || ctx.lookupLocalFunction(callee.text))) {
        return { kind: "call", callee: { name: callee.text }, args: call.arguments.map((arg) => flowArg(arg, ctx, 1, hops + 1)) };
      }
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && ctx.imports.has(callee.expression.text)) {
        return { kind: "call", callee: { object: callee.expression.text, name: callee.name.text }, args: call.arguments.map((arg) => flowArg(arg, ctx, 1, hops + 1)) };
      }
      return null;
    }
    default:
      return null;
  }
}

function isUrlConstruction(expr: ts.NewExpression): boolean {
  return ts.isIdentifier(expr.expression) && expr.expression.text === "URL" && (expr.arguments?.length ?? 0) > 0;
}

/** `return { requestFn: options.requestFn ?? request, base: … }` (or an HTTP client): what the function's callers get. */
export function recordReturnedObject(fn: string, returned: ts.Expression, ctx: ExtractContext): void {
  const inner = withoutAssertions(returned);
  if (!ts.isObjectLiteralExpression(inner) && !ts.isIdentifier(inner)) return;
  const arg = flowArg(inner, ctx, 0, 0);
  if (arg && (arg.kind === "object" || arg.kind === "http")) (ctx.facts.flowReturns ??= {})[fn] = arg;
}

/** `mongodb://mongo/orders`, `amqp://rabbit`: an address with a scheme, which no label starts with. */
const SCHEME_URL = /^[a-z][a-z0-9+.-]*:\/\/./i;

/**
 * What a module-level call passes that configures its callee: an options object, an HTTP client, an env lookup or a
 * URL written out (`connectDb("mongodb://mongo/orders")`), not a label.
 */
export function carriesConfiguration(arg: FlowArg | null): boolean {
  if (!arg) return false;
  if (arg.kind === "object" || arg.kind === "http") return true;
  // An imported setting (`connectDb(config.mongodb.url)`, `open(DATABASE_URL)` of a config module) carries what that module reads.
  return arg.kind === "value" && arg.value.parts.some((part, index) => part.kind === "env" || part.kind === "import" || (index === 0 && part.kind === "text" && SCHEME_URL.test(part.text)));
}

/** A string argument, unless nothing of it is known (a call's result, a parameter not followed). */
function stringArg(expr: ts.Expression, ctx: ExtractContext): FlowArg | null {
  const value = ctx.value(expr);
  return value.parts.every((part) => part.kind === "unknown" && !part.ref) ? null : { kind: "value", value };
}

const VERBS = new Set(["get", "post", "put", "delete", "patch", "head", "options", "request"]);

/** A call through a parameter: `requestFn(url)`, `ctx.requestFn(url)`, `deps.http.get(url)`, whose first argument looks like a URL. */
export const valueFlowCalls: Extractor = {
  family: "value-flow",
  fileEnd(ctx) {
    // `export const orders = new ServiceClient(process.env.ORDERS_URL)`: what each top-level instance was made with.
    for (const statement of ctx.sf.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.initializer) recordInstance(ctx, declaration.name.text, declaration.initializer);
        }
      } else if (ts.isExportAssignment(statement)) recordInstance(ctx, "default", statement.expression);
      else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && ctx.text(statement.expression.left) === "module.exports") {
        recordInstance(ctx, "default", statement.expression.right);
      }
    }
  },
  call(node, ctx) {
    const inFunction = ctx.currentFunction();
    const callee = node.expression;
    const first = node.arguments[0];
    if (!inFunction || !first || (callee.kind !== ts.SyntaxKind.Identifier && callee.kind !== ts.SyntaxKind.PropertyAccessExpression)) return;
    const target = calleeRef(callee, ctx);
    if (!target) return;
    const url = ctx.value(first);
    if (!looksLikeUrl(url)) return;
    const how = methodOf(node.arguments[1], ctx, 0);
    const fact: FlowCallFact = {
      fn: target.ref,
      callee: ctx.text(callee).slice(0, 60),
      ...(target.member ? { member: target.member } : {}),
      url,
      ...(how.method ? { method: how.method } : {}),
      ...(how.methodRef ? { methodRef: how.methodRef } : {}),
      inFunction,
      awaited: ctx.isAwaited(),
      parallel: ctx.isParallel(),
      ...(timeoutIn(node.arguments[1], ctx) ? { timeout: "a timeout option" } : {}),
      location: ctx.loc(node),
    };
    (ctx.facts.flowCalls ??= []).push(fact);
  },
};

/** What is called, when a parameter (or a field of one, or a local set from one) holds it. */
function calleeRef(callee: ts.Expression, ctx: ExtractContext): { ref: ParamRef; member?: string } | undefined {
  if (ts.isIdentifier(callee)) {
    if (NOT_CARRIERS.has(callee.text)) return undefined;
    const local = ctx.lookupLocal(callee.text)?.expr;
    // const send = deps.requestFn: the local stands for the parameter's field.
    if (local) return ts.isPropertyAccessExpression(withoutAssertions(local)) ? calleeRef(withoutAssertions(local), ctx) : undefined;
    const param = ctx.paramRef(callee.text);
    return param ? { ref: { fn: param.fn, index: param.index, ...(param.path ? { path: param.path } : {}) } } : undefined;
  }
  // Most calls are on imports and module objects (`pool.query`, `rows.map`): their root is no parameter, which is
  // known before the path is built.
  const root = rootName(callee);
  if (root === undefined || NOT_CARRIERS.has(root) || ctx.lookupLocal(root)) return undefined;
  const param = ctx.paramRef(root);
  if (!param) return undefined;
  const path = propertyPath(callee);
  if (!path || path.length < 2) return undefined;
  const rest = path.slice(1);
  const last = rest[rest.length - 1]!;
  const member = VERBS.has(last) ? last : undefined;
  const fields = [...(param.path ?? []), ...(member ? rest.slice(0, -1) : rest)];
  return { ref: { fn: param.fn, index: param.index, ...(fields.length ? { path: fields } : {}) }, ...(member ? { member } : {}) };
}

/** The identifier a property chain starts from (`deps` in `deps.http.get`), undefined for `this` or a call's result. */
function rootName(expr: ts.Expression): string | undefined {
  while (expr.kind === ts.SyntaxKind.PropertyAccessExpression) expr = (expr as ts.PropertyAccessExpression).expression;
  return expr.kind === ts.SyntaxKind.Identifier ? (expr as ts.Identifier).text : undefined;
}

/** A URL, a path, or something only its callers know (a parameter, or a field of one, passed on: `deps.base + path`). */
function looksLikeUrl(url: Value): boolean {
  const first = url.parts[0];
  if (!first) return false;
  if (url.parts.length === 1 && first.kind === "unknown") return Boolean(first.ref);
  for (const part of url.parts) {
    if (part.kind === "env" || part.kind === "import") return true;
    if (part.kind === "text" && /[/:]/.test(part.text)) return true;
    if (part.kind === "unknown" && (part.ref || (part.fallback && looksLikeUrl(part.fallback)))) return true;
  }
  return false;
}

/** The method of `init` (`{ method: "POST" }`), or the parameter field it comes from (`{ ...options }`, `options`). */
function methodOf(init: ts.Expression | undefined, ctx: ExtractContext, depth: number): { method?: string; methodRef?: ParamRef } {
  if (!init || depth > 3) return {};
  const expr = withoutAssertions(init);
  if (ts.isObjectLiteralExpression(expr)) {
    const method = propertyNamed(expr, "method");
    if (method) {
      const value = ctx.value(method);
      const text = staticText(value);
      if (text) return { method: text.toUpperCase() };
      const only = value.parts.length === 1 ? value.parts[0] : undefined;
      return only?.kind === "unknown" && only.ref ? { methodRef: only.ref } : {};
    }
    for (const prop of expr.properties) {
      if (!ts.isSpreadAssignment(prop)) continue;
      const spread = methodOf(prop.expression, ctx, depth + 1);
      if (spread.method || spread.methodRef) return spread;
    }
    return {};
  }
  if (ts.isConditionalExpression(expr)) {
    const whenTrue = methodOf(expr.whenTrue, ctx, depth + 1);
    return whenTrue.method || whenTrue.methodRef ? whenTrue : methodOf(expr.whenFalse, ctx, depth + 1);
  }
  if (ts.isIdentifier(expr)) {
    const local = ctx.lookupLocal(expr.text)?.expr;
    if (local) return methodOf(local, ctx, depth + 1);
    const param = ctx.paramRef(expr.text);
    return param ? { methodRef: { fn: param.fn, index: param.index, path: [...(param.path ?? []), "method"] } } : {};
  }
  const path = ts.isPropertyAccessExpression(expr) ? propertyPath(expr) : undefined;
  const param = path && path[0] !== "this" && !ctx.lookupLocal(path[0]!) ? ctx.paramRef(path[0]!) : undefined;
  return param ? { methodRef: { fn: param.fn, index: param.index, path: [...(param.path ?? []), ...path!.slice(1), "method"] } } : {};
}

/** `{ signal: AbortSignal.timeout(ms) }`, `{ timeout: 2000 }`, `{ headersTimeout }` in the call's own options. */
function timeoutIn(init: ts.Expression | undefined, ctx: ExtractContext): boolean {
  let expr = init && withoutAssertions(init);
  if (expr && ts.isIdentifier(expr)) expr = ctx.lookupLocal(expr.text)?.expr;
  if (!expr || !ts.isObjectLiteralExpression(expr)) return false;
  return expr.properties.some((prop) => prop.name !== undefined && /^(timeout|signal|deadline|headersTimeout|bodyTimeout)$/.test(propertyKey(prop.name) ?? ""));
}

/** A top-level `new X(…)` of a class this file declares or imports, with the arguments value flow can follow. */
function recordInstance(ctx: ExtractContext, name: string, initializer: ts.Expression): void {
  const made = withoutAssertions(initializer);
  if (!ts.isNewExpression(made) || !ts.isIdentifier(made.expression)) return;
  const className = made.expression.text;
  if (!ctx.imports.has(className) && !ctx.topLevelClass(className)) return;
  const args = flowArguments(made, ctx);
  if (args) (ctx.facts.instances ??= {})[name] = args;
}
