import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { ExtractContext, isFunctionLike, propertyNamed, staticText } from "./context.js";
import { HTTP_VERBS, helperVerbRoutes, pushRoute, resolveOwner, routePath } from "./routes.js";

/**
 * Route tables iterated over: `routes.forEach((r) => router[r.method](r.path, r.handler))`,
 * `for (const { method, path, handler } of routes) app[method](path, handler)`, where `routes`
 * is a literal array of objects. Each row of the table is a route, found at the row.
 */

export const routeTables: Extractor = {
  family: "route-tables",
  callOthers: true,
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isElementAccessExpression(callee) || node.arguments.length < 2) return;
    const row = rowVariable(callee.argumentExpression, ctx);
    if (!row) {
      // app[verb](path, handler) inside a local helper the file calls with each verb and path.
      const owner = resolveOwner(callee.expression, ctx);
      if (owner?.known) helperVerbRoutes(node, owner, callee.argumentExpression, node.arguments[0]!, ctx);
      return;
    }
    const owner = resolveOwner(callee.expression, ctx);
    if (!owner) return;
    const methodKey = fieldOf(callee.argumentExpression, row);
    if (!methodKey) return;
    const pathArg = node.arguments[0]!;
    const handlerArg = node.arguments[node.arguments.length - 1]!;
    const pathKey = fieldOf(pathArg, row);
    const handlerKey = fieldOf(handlerArg, row);
    for (const element of row.table.elements) {
      if (!ts.isObjectLiteralExpression(element)) continue;
      const methodExpr = propertyNamed(element, methodKey);
      const method = methodExpr && staticText(ctx.value(methodExpr))?.toLowerCase();
      if (!method || !HTTP_VERBS.has(method)) continue;
      const path = pathKey ? routePath(propertyNamed(element, pathKey), ctx) : routePath(pathArg, ctx);
      if (path === undefined) continue;
      const handler = handlerKey ? propertyNamed(element, handlerKey) : handlerArg;
      pushRoute(ctx, element, owner, owner.framework ?? "express", method, path, handler);
    }
  },
};

/** The loop variable a table row is bound to: a parameter name or its destructured fields, and the table. */
interface Row {
  name?: string;
  /** Destructured local name → the row's key. */
  fields?: Map<string, string>;
  table: ts.ArrayLiteralExpression;
}

/** `r.method`, `method` (destructured), `r.method.toLowerCase()`: the key of the row read there. */
function fieldOf(expr: ts.Expression, row: Row): string | undefined {
  let current = expr;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && /^to(Lower|Upper)Case$/.test(current.expression.name.text)) {
    current = current.expression.expression;
  }
  if (row.name && ts.isPropertyAccessExpression(current) && ts.isIdentifier(current.expression) && current.expression.text === row.name) return current.name.text;
  if (row.fields && ts.isIdentifier(current)) return row.fields.get(current.text);
  return undefined;
}

/** The name read in `router[<expr>]`, followed up the stack to the forEach/map callback or for-of that binds it. */
function rowVariable(expr: ts.Expression, ctx: ExtractContext): Row | undefined {
  let current = expr;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) current = current.expression.expression;
  const root = ts.isPropertyAccessExpression(current) ? current.expression : current;
  if (!ts.isIdentifier(root)) return undefined;
  const name = root.text;
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (isFunctionLike(node)) {
      const param = node.parameters[0];
      const binding = param && bindingOf(param.name, name);
      if (!binding) continue;
      const parent = ctx.stack[i - 1];
      if (!parent || !ts.isCallExpression(parent) || parent.arguments[0] !== node) return undefined;
      if (!ts.isPropertyAccessExpression(parent.expression) || !/^(forEach|map)$/.test(parent.expression.name.text)) return undefined;
      const table = literalArray(parent.expression.expression, ctx);
      return table ? { ...binding, table } : undefined;
    }
    if (ts.isForOfStatement(node) && ts.isVariableDeclarationList(node.initializer)) {
      const decl = node.initializer.declarations[0];
      const binding = decl && bindingOf(decl.name, name);
      if (!binding) continue;
      const table = literalArray(node.expression, ctx);
      return table ? { ...binding, table } : undefined;
    }
  }
  return undefined;
}

function bindingOf(name: ts.VariableDeclaration["name"], wanted: string): Omit<Row, "table"> | undefined {
  if (ts.isIdentifier(name)) return name.text === wanted ? { name: wanted } : undefined;
  if (!ts.isObjectBindingPattern(name)) return undefined;
  const fields = new Map<string, string>();
  for (const element of name.elements) {
    if (!ts.isIdentifier(element.name)) continue;
    const key = element.propertyName ? (ts.isIdentifier(element.propertyName) || ts.isStringLiteral(element.propertyName) ? element.propertyName.text : undefined) : element.name.text;
    if (key) fields.set(element.name.text, key);
  }
  return fields.has(wanted) ? { fields } : undefined;
}

/** An array literal, inline or bound to a name in scope (`const routes = [...]`, also `as const`). */
function literalArray(expr: ts.Expression, ctx: ExtractContext): ts.ArrayLiteralExpression | undefined {
  let current: ts.Expression | undefined = expr;
  for (let depth = 0; current && depth < 3; depth++) {
    while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
    if (ts.isArrayLiteralExpression(current)) return current;
    if (!ts.isIdentifier(current)) return undefined;
    current = ctx.lookupLocal(current.text)?.expr;
  }
  return undefined;
}
