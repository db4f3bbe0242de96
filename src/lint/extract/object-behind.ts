import { ts } from "../ts.js";
import { withoutAssertions, type ExtractContext } from "./context.js";
import { unwrapAwait } from "./syntax.js";

/**
 * The object literal a module constant holds behind calls of this file's own functions: a maker that returns one
 * (`const getConfig = () => ({ DSN: process.env.DATABASE_DSN })`) and a checker that returns what it is given
 * (`const sanitize = (config) => { …throw if a key is missing…; return config as Config; }`), as the settings module
 * of many tutorials writes `export default sanitize(getConfig())`; and a validation schema's parse of an object written
 * in place (`export const config = schema.parse({ users: { url: process.env.USERS_URL } })`, or returned by a loader
 * function the module calls), which gives back the object it checks. Undefined when a step is anything else.
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
  const validated = validatedObject(inner);
  if (validated) return objectBehind(validated, ctx, depth + 1);
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
  if (only && ts.isObjectLiteralExpression(only)) return only;
  // `return configSchema.parse({ ... })`: the object the loader hands its schema.
  const checked = only && ts.isCallExpression(only) ? validatedObject(only) : undefined;
  return checked && ts.isObjectLiteralExpression(withoutAssertions(checked)) ? (withoutAssertions(checked) as ts.ObjectLiteralExpression) : undefined;
}

/**
 * The methods of validation schemas that return the value they check (zod's `parse`, yup's `validateSync` and `cast`,
 * superstruct's `create`): the settings come out as they went in, coerced at most.
 */
const VALIDATING = new Set(["parse", "parseAsync", "validateSync", "cast", "create"]);

/** `schema.parse({ ... })`: the object literal handed to a schema's validating method, if that is what the call is. */
function validatedObject(call: ts.CallExpression): ts.Expression | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !VALIDATING.has(callee.name.text)) return undefined;
  const given = call.arguments[0];
  return given && ts.isObjectLiteralExpression(withoutAssertions(given)) ? given : undefined;
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
