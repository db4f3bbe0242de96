import { ts } from "../ts.js";
import type { Location } from "../types.js";
import { ExtractContext, isFunctionLike } from "./context.js";
import { call } from "./call-facts.js";

/** Continuations: callbacks that run once a call has completed, and the steps of async's series helpers. */

/** async's helpers whose array of steps runs one step after another. */
export const SERIES_METHODS = new Set(["waterfall", "series", "seq"]);

/** A promise's callbacks that run on failure only: not a step of the normal path. */
const FAILURE_CALLBACKS = new Set(["catch"]);

/**
 * The call a nested function runs after, when it is a callback: an argument of
 * `request(url, cb)`, `p.then(cb)`, `client.get(key, cb)`; or the step of
 * `async.waterfall([a, b, c])` before it. The location is the call's (as its
 * call or callee fact has it), so the model can tell which call the callback
 * waits for. A callback of a chain (`fetch(u).then(a).then(b)`) starts where
 * the chain starts, so every callback of the chain runs after its first call.
 */
export function continuationOf(node: ts.Node, ctx: ExtractContext): Location | undefined {
  let index = ctx.stack[ctx.stack.length - 1] === node ? ctx.stack.length - 2 : ctx.stack.length - 1;
  let child: ts.Node = node;
  while (index >= 0 && ts.isParenthesizedExpression(ctx.stack[index]!)) child = ctx.stack[index--]!;
  const parent = ctx.stack[index];
  if (!parent) return undefined;
  if (ts.isCallExpression(parent)) {
    if (parent.expression === child) return undefined;
    const callee = parent.expression;
    if (ts.isPropertyAccessExpression(callee) && FAILURE_CALLBACKS.has(callee.name.text)) return undefined;
    // async.waterfall([a, b], done): done runs after the last step.
    const steps = parent.arguments[0];
    if (ts.isPropertyAccessExpression(callee) && SERIES_METHODS.has(callee.name.text) && parent.arguments[1] === child && steps && ts.isArrayLiteralExpression(steps) && steps.elements.length) {
      return stepLocation(steps.elements[steps.elements.length - 1]!, ctx);
    }
    return ctx.loc(parent);
  }
  if (ts.isArrayLiteralExpression(parent)) {
    const call = ctx.stack[index - 1];
    if (!call || !ts.isCallExpression(call) || call.arguments[0] !== parent || !ts.isPropertyAccessExpression(call.expression) || !SERIES_METHODS.has(call.expression.name.text)) return undefined;
    const position = parent.elements.indexOf(child as ts.Expression);
    return position > 0 ? stepLocation(parent.elements[position - 1]!, ctx) : undefined;
  }
  return undefined;
}

/** Where the edge to a step of `async.series` is: an inline function's own location, a named one's use. */
export function stepLocation(step: ts.Expression, ctx: ExtractContext): Location {
  let inner = step;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  return isFunctionLike(inner) ? ctx.functionLoc(inner) : ctx.loc(step);
}
