import { ts } from "../ts.js";
import type { Location } from "../types.js";
import { ExtractContext, isFunctionLike } from "./context.js";
import { call } from "./call-facts.js";

/** Continuations: callbacks that run once a call has completed, and the steps of async's series helpers. */

/** async's helpers whose array of steps runs one step after another. */
export const SERIES_METHODS = new Set(["waterfall", "series", "seq"]);

/** A promise's callbacks that run on failure only: not a step of the normal path. */
const FAILURE_CALLBACKS = new Set(["catch"]);

/** A promise's methods that hand the value on to the next link of a chain. */
const CHAIN_LINKS = new Set(["then", "catch", "finally"]);

/**
 * The call a nested function runs after, when it is a callback: an argument of
 * `request(url, cb)`, `p.then(cb)`, `client.get(key, cb)`; or the step of
 * `async.waterfall([a, b, c])` before it. The location is the call's (as its
 * call or callee fact has it), so the model can tell which call the callback
 * waits for. A callback of a promise chain (`fetch(u).then(a).then(b)`) runs
 * after the callback of the link before it (`b` after `a`, `a` after the
 * chain's first call).
 */
export function continuationOf(node: ts.Node, ctx: ExtractContext, isFunctionName: (expr: ts.Expression) => boolean): Location | undefined {
  let index = ctx.stack[ctx.stack.length - 1] === node ? ctx.stack.length - 2 : ctx.stack.length - 1;
  let child: ts.Node = node;
  while (index >= 0 && ts.isParenthesizedExpression(ctx.stack[index]!)) child = ctx.stack[index--]!;
  const parent = ctx.stack[index];
  if (!parent) return undefined;
  if (ts.isCallExpression(parent)) return parent.expression === child ? undefined : afterCall(parent, child, ctx, isFunctionName);
  if (ts.isArrayLiteralExpression(parent)) {
    const call = ctx.stack[index - 1];
    if (!call || !ts.isCallExpression(call) || call.arguments[0] !== parent || !ts.isPropertyAccessExpression(call.expression) || !SERIES_METHODS.has(call.expression.name.text)) return undefined;
    const position = parent.elements.indexOf(child as ts.Expression);
    return position > 0 ? stepLocation(parent.elements[position - 1]!, ctx) : undefined;
  }
  return undefined;
}

/** What a callback given as an argument of `call` (`request(url, cb)`, `p.then(cb)`) runs after: see continuationOf. */
export function afterCall(call: ts.CallExpression, argument: ts.Node, ctx: ExtractContext, isFunctionName: (expr: ts.Expression) => boolean): Location | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee) && FAILURE_CALLBACKS.has(callee.name.text)) return undefined;
  // async.waterfall([a, b], done): done runs after the last step.
  const steps = call.arguments[0];
  if (ts.isPropertyAccessExpression(callee) && SERIES_METHODS.has(callee.name.text) && call.arguments[1] === argument && steps && ts.isArrayLiteralExpression(steps) && steps.elements.length) {
    return stepLocation(steps.elements[steps.elements.length - 1]!, ctx);
  }
  if (ts.isPropertyAccessExpression(callee) && CHAIN_LINKS.has(callee.name.text)) {
    const previous = previousLink(callee.expression, ctx, isFunctionName);
    if (previous) return previous;
  }
  return ctx.loc(call);
}

/**
 * The callback of the chain's link before (`a` of `fetch(u).then(a)`), where the edge to it is: skipping `.catch`
 * (the normal path passes it by) and links whose callback is no function of the project (`.then(JSON.parse)`).
 * Undefined at the chain's first call: what runs first is that call.
 */
function previousLink(expr: ts.Expression, ctx: ExtractContext, isFunctionName: (expr: ts.Expression) => boolean): Location | undefined {
  let link = expr;
  for (;;) {
    while (ts.isParenthesizedExpression(link)) link = link.expression;
    if (!ts.isCallExpression(link) || !ts.isPropertyAccessExpression(link.expression) || !CHAIN_LINKS.has(link.expression.name.text)) return undefined;
    let step = link.arguments[0];
    while (step && ts.isParenthesizedExpression(step)) step = step.expression;
    if (link.expression.name.text !== "catch" && step && (isFunctionLike(step) || isFunctionName(step))) return stepLocation(step, ctx);
    link = link.expression.expression;
  }
}

/** Where the edge to a step of `async.series` is: an inline function's own location, a named one's use. */
export function stepLocation(step: ts.Expression, ctx: ExtractContext): Location {
  let inner = step;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  return isFunctionLike(inner) ? ctx.functionLoc(inner) : ctx.loc(step);
}
