import { ts } from "../ts.js";
import type { DecoratorArgFact, DecoratorInput, NestPatternDecoratorFact, NestRouteDecoratorFact } from "../types.js";
import { transportMember } from "./messaging/nest-transport.js";
import { type ExtractContext, isFunctionLike, propertyKey, staticText, withoutAssertions } from "./context.js";
import { routePath } from "./routes.js";

/**
 * Route decorators a project composes from Nest's own with `applyDecorators`, so that one decorator gives a method its
 * route and its documentation: `export const GetOne = (path: string) => applyDecorators(Get(path), ApiOkResponse())`,
 * `export function Login() { return applyDecorators(Post("login"), HttpCode(200)) }`, or one told the method too,
 * `export function Endpoint({ type, path }) { return applyDecorators(methods[type](path), ...) }` with `const methods =
 * { Get, Post, Put, Patch, Delete }`. Each is read where it is declared (what method and path it gives, from which of
 * its arguments); a controller method decorated with it is a route once the model has both (model/nest-decorator-routes.ts).
 */

const NEST_COMMON = ["@nestjs/common"];

/** Nest's method decorators and the HTTP method each routes (`Sse` is a GET the client keeps open). */
export const NEST_METHOD_DECORATORS: Readonly<Record<string, string>> = {
  Get: "GET",
  Post: "POST",
  Put: "PUT",
  Delete: "DELETE",
  Patch: "PATCH",
  Options: "OPTIONS",
  Head: "HEAD",
  All: "ALL",
  Sse: "GET",
};

/** The composite route decorators the file declares at its top level, by name; undefined when none. */
export function routeDecorators(ctx: ExtractContext): Record<string, NestRouteDecoratorFact> | undefined {
  if (![...ctx.imports.values()].some((i) => i.imported === "applyDecorators" && NEST_COMMON.includes(i.specifier))) return undefined;
  return topLevelFunctions(ctx, (fn) => readDecorator(fn, ctx));
}

/**
 * The composite message-handler decorators the file declares at its top level (`applyDecorators(EventPattern(topic), ...)`,
 * `MessagePattern` the same), by name; undefined when none.
 */
export function patternDecorators(ctx: ExtractContext): Record<string, NestPatternDecoratorFact> | undefined {
  if (![...ctx.imports.values()].some((i) => i.imported === "applyDecorators" && NEST_COMMON.includes(i.specifier))) return undefined;
  if (![...ctx.imports.values()].some((i) => (i.imported === "EventPattern" || i.imported === "MessagePattern") && i.specifier === NEST_MICROSERVICES)) return undefined;
  return topLevelFunctions(ctx, (fn) => readPatternDecorator(fn, ctx));
}

const NEST_MICROSERVICES = "@nestjs/microservices";

function readPatternDecorator(fn: ts.FunctionLikeDeclaration, ctx: ExtractContext): NestPatternDecoratorFact | undefined {
  const { inputs, locals, returned } = decoratorBody(fn);
  const call = returned && withoutAssertions(returned);
  if (!call || !ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || !ctx.isImportFrom(call.expression, NEST_COMMON, ["applyDecorators"])) return undefined;
  for (const arg of call.arguments) {
    const applied = withoutAssertions(arg);
    if (!ts.isCallExpression(applied) || !ts.isIdentifier(applied.expression)) continue;
    const imported = ctx.imports.get(applied.expression.text);
    if (imported?.specifier !== NEST_MICROSERVICES || (imported.imported !== "EventPattern" && imported.imported !== "MessagePattern")) continue;
    const [first, transport] = applied.arguments;
    if (!first) return undefined;
    const system = transportMember(transport);
    return { requestReply: imported.imported === "MessagePattern", ...(system ? { system } : {}), pattern: patternParts(first, inputs, locals, ctx) };
  }
  return undefined;
}

/** A pattern as fixed values and the decorator's inputs: a parameter (or a field of one), a template mixing both, or a local made of them. */
function patternParts(expr: ts.Expression, inputs: ReadonlyMap<string, DecoratorInput>, locals: ReadonlyMap<string, ts.Expression>, ctx: ExtractContext, depth = 0): NestPatternDecoratorFact["pattern"] {
  const value = withoutAssertions(expr);
  if (ts.isIdentifier(value) && inputs.has(value.text)) return [{ from: inputs.get(value.text)! }];
  if (ts.isPropertyAccessExpression(value) && ts.isIdentifier(value.expression) && inputs.get(value.expression.text)?.field === undefined && inputs.has(value.expression.text)) return [{ from: { param: inputs.get(value.expression.text)!.param, field: value.name.text } }];
  if (ts.isIdentifier(value) && locals.has(value.text) && depth < 2) return patternParts(locals.get(value.text)!, inputs, locals, ctx, depth + 1);
  if (ts.isTemplateExpression(value)) {
    const parts: NestPatternDecoratorFact["pattern"] = [];
    if (value.head.text) parts.push({ value: { parts: [{ kind: "text", text: value.head.text }] } });
    for (const span of value.templateSpans) {
      parts.push(...patternParts(span.expression, inputs, locals, ctx, depth + 1));
      if (span.literal.text) parts.push({ value: { parts: [{ kind: "text", text: span.literal.text }] } });
    }
    return parts;
  }
  return [{ value: ctx.value(value) }];
}

/** A decorator function's parameters (and fields of them), its block's `const` locals, and what it returns. */
function decoratorBody(fn: ts.FunctionLikeDeclaration): { inputs: Map<string, DecoratorInput>; locals: Map<string, ts.Expression>; returned: ts.Expression | undefined } {
  const inputs = new Map<string, DecoratorInput>();
  const locals = new Map<string, ts.Expression>();
  fn.parameters.forEach((parameter, param) => {
    if (ts.isIdentifier(parameter.name)) inputs.set(parameter.name.text, { param });
    else if (ts.isObjectBindingPattern(parameter.name)) bindFields(parameter.name, { param }, inputs);
  });
  const body = fn.body;
  let returned: ts.Expression | undefined;
  if (body && ts.isBlock(body)) {
    for (const statement of body.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const from = declaration.initializer && ts.isIdentifier(declaration.initializer) ? inputs.get(declaration.initializer.text) : undefined;
          if (from && from.field === undefined && ts.isObjectBindingPattern(declaration.name)) bindFields(declaration.name, from, inputs);
          else if (ts.isIdentifier(declaration.name) && declaration.initializer) locals.set(declaration.name.text, declaration.initializer);
        }
      } else if (ts.isReturnStatement(statement) && statement.expression) returned = statement.expression;
    }
  } else if (body) returned = body as ts.Expression;
  return { inputs, locals, returned };
}

function readDecorator(fn: ts.FunctionLikeDeclaration, ctx: ExtractContext): NestRouteDecoratorFact | undefined {
  // What each local name stands for: a parameter, or a field of one (`{ type, path }: Options`, `const { path } = options`).
  const inputs = new Map<string, DecoratorInput>();
  fn.parameters.forEach((parameter, param) => {
    if (ts.isIdentifier(parameter.name)) inputs.set(parameter.name.text, { param });
    else if (ts.isObjectBindingPattern(parameter.name)) bindFields(parameter.name, { param }, inputs);
  });
  const body = fn.body;
  if (!body) return undefined;
  let returned: ts.Expression | undefined;
  if (ts.isBlock(body)) {
    for (const statement of body.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const from = declaration.initializer && ts.isIdentifier(declaration.initializer) ? inputs.get(declaration.initializer.text) : undefined;
          if (from && from.field === undefined && ts.isObjectBindingPattern(declaration.name)) bindFields(declaration.name, from, inputs);
        }
      } else if (ts.isReturnStatement(statement) && statement.expression) returned = statement.expression;
    }
  } else returned = body as ts.Expression;
  const call = returned && withoutAssertions(returned);
  if (!call || !ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || !ctx.isImportFrom(call.expression, NEST_COMMON, ["applyDecorators"])) return undefined;
  for (const arg of call.arguments) {
    const applied = withoutAssertions(arg);
    if (!ts.isCallExpression(applied)) continue;
    const method = methodOf(applied.expression, inputs, ctx);
    if (!method) continue;
    const first = applied.arguments[0];
    if (!first) return { method };
    const path = ts.isIdentifier(first) && inputs.has(first.text) ? { from: inputs.get(first.text)! } : { fixed: routePath(first, ctx) ?? "{?}" };
    return { method, path };
  }
  return undefined;
}

function bindFields(pattern: ts.ObjectBindingPattern, from: DecoratorInput, inputs: Map<string, DecoratorInput>): void {
  for (const element of pattern.elements) {
    if (!ts.isIdentifier(element.name) || element.dotDotDotToken) continue;
    const key = element.propertyName ? propertyKey(element.propertyName) : element.name.text;
    if (key) inputs.set(element.name.text, { param: from.param, field: key });
  }
}

/** `Post` (Nest's, under any local name), or `methods[type]` of a module constant that lists Nest's method decorators. */
function methodOf(callee: ts.Expression, inputs: ReadonlyMap<string, DecoratorInput>, ctx: ExtractContext): NestRouteDecoratorFact["method"] | undefined {
  if (ts.isIdentifier(callee)) {
    const method = nestMethod(callee, ctx);
    return method ? { fixed: method } : undefined;
  }
  if (!ts.isElementAccessExpression(callee) || !ts.isIdentifier(callee.expression) || !ts.isIdentifier(callee.argumentExpression)) return undefined;
  const from = inputs.get(callee.argumentExpression.text);
  const table = from && methodTable(callee.expression.text, ctx);
  return from && table ? { from, table } : undefined;
}

function nestMethod(name: ts.Identifier, ctx: ExtractContext): string | undefined {
  const imported = ctx.imports.get(name.text);
  return imported && NEST_COMMON.includes(imported.specifier) ? NEST_METHOD_DECORATORS[imported.imported] : undefined;
}

/** `const methods = { Get, Post, remove: Delete } as const`: key → HTTP method, for the entries that are Nest's method decorators. */
function methodTable(name: string, ctx: ExtractContext): Record<string, string> | undefined {
  for (const statement of ctx.sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name || !declaration.initializer) continue;
      const object = withoutAssertions(declaration.initializer);
      if (!ts.isObjectLiteralExpression(object)) return undefined;
      const table: Record<string, string> = {};
      for (const prop of object.properties) {
        const key = prop.name && propertyKey(prop.name);
        const value = ts.isShorthandPropertyAssignment(prop) ? prop.name : ts.isPropertyAssignment(prop) ? withoutAssertions(prop.initializer) : undefined;
        const method = key && value && ts.isIdentifier(value) ? nestMethod(value, ctx) : undefined;
        if (key && method) table[key] = method;
      }
      return Object.keys(table).length ? table : undefined;
    }
  }
  return undefined;
}

/** What a decorator's argument says, as far as the file knows: a path-like text, or an object literal's fields. */
export function decoratorArg(expr: ts.Expression, ctx: ExtractContext): DecoratorArgFact {
  const value = withoutAssertions(expr);
  if (ts.isObjectLiteralExpression(value)) {
    const fields: Record<string, string> = {};
    for (const prop of value.properties) {
      const key = prop.name && propertyKey(prop.name);
      if (!key || !ts.isPropertyAssignment(prop)) continue;
      // A field whose value the file cannot read is there all the same: `{?}`, which names no method and no known path.
      fields[key] = argText(prop.initializer, ctx) ?? "{?}";
    }
    return { fields };
  }
  return { text: argText(value, ctx) ?? "{?}" };
}

function argText(expr: ts.Expression, ctx: ExtractContext): string | undefined {
  return routePath(expr, ctx) ?? staticText(ctx.value(expr));
}

/** What `read` makes of each function the file declares at its top level (`function X()`, `const X = () => …`), by name; undefined when none. */
function topLevelFunctions<T>(ctx: ExtractContext, read: (fn: ts.FunctionLikeDeclaration) => T | undefined): Record<string, T> | undefined {
  let found: Record<string, T> | undefined;
  const record = (name: string, fn: ts.Node | undefined) => {
    const value = fn && ts.isExpression(fn) ? withoutAssertions(fn) : fn;
    if (!value || !isFunctionLike(value)) return;
    const fact = read(value as ts.FunctionLikeDeclaration);
    if (fact) (found ??= {})[name] = fact;
  };
  for (const statement of ctx.sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) record(statement.name.text, statement);
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) record(declaration.name.text, declaration.initializer);
  }
  return found;
}
