import { ts } from "../ts.js";
import { ExtractContext, instanceClassName } from "./context.js";

/** Which object bound in scope an expression stands for: an instance's class, an alias, a chain of route registrations. */

/**
 * `const orders = new OrdersController(service)`: calls and handlers on `orders` are the class's methods,
 * `OrdersController.list` (an imported class, or one of this file). Also an instance a DI container hands out
 * (`const placeOrder = container.resolve(PlaceOrder)` of tsyringe, `Container.get(PlaceOrder)` of typedi), the usual
 * way a controller reaches its use case. Undefined for anything else.
 */
export function classOfInstance(name: string, ctx: ExtractContext): string | undefined {
  if (ctx.imports.has(name)) return undefined;
  const init = ctx.lookupLocal(name)?.expr;
  const className = init && instanceClassName(init);
  if (!className) return undefined;
  if (ctx.imports.has(className)) return className;
  return ctx.topLevelClass(className) ? className : undefined;
}

/**
 * `chat: ChatClient` among the parameters of the function being walked (or of one around it), the class imported or
 * declared in the file: a method called on the parameter is that class's method, whoever passes the instance
 * (`function pair(pool, chat: ChatClient) { chat.sendAck(…) }`). Undefined for an untyped parameter or another type.
 */
export function classOfTypedParameter(name: string, ctx: ExtractContext): string | undefined {
  if (!ctx.paramFrame(name)) return undefined;
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (!ts.isFunctionDeclaration(node) && !ts.isFunctionExpression(node) && !ts.isArrowFunction(node) && !ts.isMethodDeclaration(node)) continue;
    const param = node.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name);
    if (!param) continue;
    const type = param.type;
    if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || type.typeArguments?.length) return undefined;
    const className = type.typeName.text;
    return ctx.imports.has(className) || ctx.typeImports.has(className) || ctx.topLevelClass(className) ? className : undefined;
  }
  return undefined;
}

/** An expression that stands for an object already bound in scope (an alias, a chained call). */
export function objectOfExpression(expr: ts.Expression, ctx: ExtractContext): string | undefined {
  let current = expr;
  for (let i = 0; i < 20; i++) {
    while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
    if (ts.isIdentifier(current)) return ctx.lookupObject(current.text)?.id;
    // Chained route registrations return the app: `app.get(...).post(...)`.
    if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && CHAINABLE.has(current.expression.name.text)) {
      current = current.expression.expression;
      continue;
    }
    const app = appOfAdapter(current);
    if (app) {
      current = app;
      continue;
    }
    return undefined;
  }
  return undefined;
}

/**
 * `app.getHttpAdapter()` and `app.getHttpAdapter().getInstance()` of a NestJS app: the Express or Fastify instance
 * under it, which serves what is mounted on it as the app would; the app, else undefined.
 */
export function appOfAdapter(expr: ts.Expression): ts.Expression | undefined {
  let current = expr;
  if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && current.expression.name.text === "getInstance" && current.arguments.length === 0) {
    current = current.expression.expression;
  }
  if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && current.expression.name.text === "getHttpAdapter" && current.arguments.length === 0) {
    return current.expression.expression;
  }
  return undefined;
}

/**
 * Calls that return the object they are made on: route registrations, Fastify's `withTypeProvider<T>()`, and Hono's
 * `onError(fn)` and `notFound(fn)`, which often close a chain (`const app = new Hono().get(...).onError(fn)`).
 */
const CHAINABLE = new Set(["get", "post", "put", "delete", "patch", "head", "options", "all", "use", "on", "route", "withTypeProvider", "onError", "notFound"]);

/** The innermost receiver of a chain of route registrations: `new Hono().get(a).post(b)` → `new Hono()`. */
export function chainRoot(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && CHAINABLE.has(current.expression.name.text)) current = current.expression.expression;
  return current;
}
