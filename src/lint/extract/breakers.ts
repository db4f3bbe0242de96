import { ts } from "../ts.js";
import type { BreakerFact } from "../types.js";
import type { Extractor } from "./walk.js";
import type { ExtractContext } from "./context.js";
import { handlerFields } from "./routes.js";

/**
 * Functions run behind a circuit breaker: opossum's `new CircuitBreaker(fn, options)` (the function
 * written inline, named in this file, imported, or a method: `this.fetchUser.bind(this)`), and
 * cockatiel's `policy.execute(fn)`. Every call the function makes, directly or through the functions
 * it calls, is guarded (see model/guards.ts).
 */

const OPOSSUM = ["opossum"];
const COCKATIEL = ["cockatiel"];

export const breakers: Extractor = {
  family: "breakers",
  modules: [...OPOSSUM, ...COCKATIEL],
  callProperties: ["execute", "fire"],
  newExpression(node, ctx) {
    if (!ctx.importsAny(OPOSSUM) || !ts.isIdentifier(node.expression) || !ctx.isImportFrom(node.expression, OPOSSUM)) return;
    const fn = node.arguments?.[0];
    if (fn) pushBreaker(ctx, node, "opossum", fn);
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    if (callee.name.text === "fire") {
      fired(node, callee.expression, ctx);
      return;
    }
    // policy.execute(() => client.get(url)), breaker.execute(({ signal }) => fetch(url, { signal }))
    if (!ctx.importsAny(COCKATIEL)) return;
    const fn = node.arguments[0];
    if (fn) pushBreaker(ctx, node, "cockatiel", fn);
  },
};

/**
 * `chargeBreaker.fire(order)` on `const chargeBreaker = new CircuitBreaker(charge)`: running the breaker runs
 * `charge`, so the caller reaches what `charge` calls (the call graph's edge; the walker sees only `fire`).
 */
function fired(node: ts.CallExpression, receiver: ts.Expression, ctx: ExtractContext): void {
  const from = ctx.currentFunction();
  if (!from || !ts.isIdentifier(receiver)) return;
  const made = ctx.lookupLocal(receiver.text)?.expr;
  if (!made || !ts.isNewExpression(made) || !ts.isIdentifier(made.expression) || !ctx.isImportFrom(made.expression, OPOSSUM)) return;
  const fn = made.arguments?.[0];
  const ref = fn && refOf(fn, ctx);
  if (ref) ctx.facts.callees.push({ from, ...ref, awaited: ctx.isAwaited(), parallel: ctx.isParallel(), location: ctx.loc(node) });
}

function pushBreaker(ctx: ExtractContext, at: ts.Node, library: BreakerFact["library"], expr: ts.Expression): void {
  const ref = refOf(expr, ctx);
  if (ref) (ctx.facts.breakers ??= []).push({ library, ref, location: ctx.loc(at) });
}

/** The function run behind the breaker, named as a route's handler is (inline, local, imported, a method, through `.bind` or a wrapper). */
function refOf(expr: ts.Expression, ctx: ExtractContext): BreakerFact["ref"] | undefined {
  const { handler, handlerRef } = handlerFields(expr, ctx);
  return handler ? { name: handler, local: handler } : handlerRef;
}
