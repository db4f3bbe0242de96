import { ts } from "../ts.js";
import { withoutAssertions, type ExtractContext } from "./context.js";
import { unwrapAwait } from "./syntax.js";

/**
 * The object literal a module constant holds behind calls of this file's own functions: a maker that returns one
 * (`const getConfig = () => ({ DSN: process.env.DATABASE_DSN })`) and a checker that returns what it is given
 * (`const sanitize = (config) => { …throw if a key is missing…; return config as Config; }`), as the settings module
 * of many tutorials writes `export default sanitize(getConfig())`. Undefined when a step is anything else.
 */
export function objectBehind(expr: ts.Expression, ctx: ExtractContext, depth = 0): ts.ObjectLiteralExpression | undefined {
  const inner = withoutAssertions(unwrapAwait(expr));
  if (ts.isObjectLiteralExpression(inner)) return inner;
  if (depth > 4) return undefined;
  if (ts.isIdentifier(inner)) {
    const held = ctx.lookupLocal(inner.text)?.expr;
    return held ? objectBehind(held, ctx, depth + 1) : undefined;
  }
  if (!ts.isCallExpression(inner)) return undefined;
  const fn = ctx.localFunction(inner.expression);
  if (!fn?.body) return undefined;
  const returned = returnedExpressions(fn);
  if (!returned.length) return undefined;
  const first = fn.parameters[0]?.name;
  if (first && ts.isIdentifier(first) && returned.every((r) => { const e = withoutAssertions(r); return ts.isIdentifier(e) && e.text === first.text; })) {
    const given = inner.arguments[0];
    return given ? objectBehind(given, ctx, depth + 1) : undefined;
  }
  const only = returned.length === 1 ? withoutAssertions(returned[0]!) : undefined;
  return only && ts.isObjectLiteralExpression(only) ? only : undefined;
}

/** What a function returns: an arrow's expression body, or each `return x` of its own body (not of functions inside it). */
function returnedExpressions(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const out: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return out;
}
