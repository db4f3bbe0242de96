import { ts } from "../ts.js";
import type { BreakerFact, BreakerFactoryFact } from "../types.js";
import type { Extractor } from "./extractor.js";
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
  fileEnd(ctx) {
    if (ctx.facts.breakerFactories?.length) forwardingFactories(ctx);
  },
  newExpression(node, ctx) {
    if (!ctx.importsAny(OPOSSUM) || !ts.isIdentifier(node.expression) || !ctx.isImportFrom(node.expression, OPOSSUM)) return;
    const fn = node.arguments?.[0];
    if (fn && !pushFactory(ctx, node, "opossum", fn)) pushBreaker(ctx, node, "opossum", fn, bindingOf(node, ctx));
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
    if (fn && !pushFactory(ctx, node, "cockatiel", fn)) pushBreaker(ctx, node, "cockatiel", fn);
  },
};

/**
 * `function guarded(fn) { return new CircuitBreaker(fn, opts) }`: the breaker is made around a parameter of the
 * function it is made in, so what runs behind it is whatever that function's callers pass (model/build.ts joins them).
 */
function pushFactory(ctx: ExtractContext, at: ts.Node, library: BreakerFactoryFact["library"], expr: ts.Expression): boolean {
  let inner = expr;
  // createBreaker(fn) { return new CircuitBreaker(fn.bind(this)) }: still the parameter.
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === "bind") inner = inner.expression.expression;
  if (!ts.isIdentifier(inner)) return false;
  const param = ctx.paramFrame(inner.text);
  const fn = param?.frame.id;
  if (!param || !fn) return false;
  (ctx.facts.breakerFactories ??= []).push({ fn, param: param.index, library, location: ctx.loc(at) });
  return true;
}

/**
 * `chargeBreaker.fire(order)` on `const chargeBreaker = new CircuitBreaker(charge)`: running the breaker runs
 * `charge`, so the caller reaches what `charge` calls (the call graph's edge; the walker sees only `fire`).
 */
function fired(node: ts.CallExpression, receiver: ts.Expression, ctx: ExtractContext): void {
  const from = ctx.currentFunction();
  if (!from || !ts.isIdentifier(receiver)) return;
  const made = ctx.lookupLocal(receiver.text)?.expr;
  // A breaker a factory of the project made (guarded(charge)) is the walk's (call-facts.ts, firedBreaker): its file need not import opossum.
  if (!made || !ts.isNewExpression(made) || !ts.isIdentifier(made.expression) || !ctx.isImportFrom(made.expression, OPOSSUM)) return;
  const fn = made.arguments?.[0];
  const ref = fn && refOf(fn, ctx);
  if (ref) ctx.facts.callees.push({ from, ...ref, awaited: ctx.isAwaited(), parallel: ctx.isParallel(), fired: true, location: ctx.loc(node) });
}

function pushBreaker(ctx: ExtractContext, at: ts.Node, library: BreakerFact["library"], expr: ts.Expression, binding?: string): void {
  const ref = refOf(expr, ctx);
  if (ref) (ctx.facts.breakers ??= []).push(binding ? { library, ref, binding, location: ctx.loc(at) } : { library, ref, location: ctx.loc(at) });
}

/** `const userBreaker = new CircuitBreaker(fn)`: the name the breaker is kept under, for a module that imports it and fires it (model/call-graph.ts). */
function bindingOf(node: ts.NewExpression, ctx: ExtractContext): string | undefined {
  // The walk keeps the nodes above this one (the parser sets no parent pointers).
  const parent = ctx.stack[ctx.stack.length - 2];
  if (!parent) return undefined;
  return ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
}

/** The function run behind the breaker, named as a route's handler is (inline, local, imported, a method, through `.bind` or a wrapper). */
function refOf(expr: ts.Expression, ctx: ExtractContext): BreakerFact["ref"] | undefined {
  const { handler, handlerRef } = handlerFields(expr, ctx);
  return handler ? { name: handler, local: handler } : handlerRef;
}

/**
 * A function of the file that hands its own parameter to a breaker factory of the file is one too: `fire(name, action)`
 * running `this.getBreaker(name, action).fire()`, where `getBreaker` makes `new CircuitBreaker(action)`. A service's
 * breaker wrapper is often written so; what its callers pass to `fire` runs behind the breaker. Read for functions
 * declared at the top of the file and methods of its classes, until no more are found.
 */
function forwardingFactories(ctx: ExtractContext): void {
  const factories = ctx.facts.breakerFactories!;
  const candidates: { id: string; parameters: readonly ts.ParameterDeclaration[]; body: ts.Node }[] = [];
  for (const statement of ctx.sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) candidates.push({ id: `fn:${statement.name.text}`, parameters: statement.parameters, body: statement.body });
    if (ts.isClassDeclaration(statement) && statement.name) {
      for (const member of statement.members) {
        if (ts.isMethodDeclaration(member) && member.body && ts.isIdentifier(member.name)) candidates.push({ id: `fn:${statement.name.text}.${member.name.text}`, parameters: member.parameters, body: member.body });
      }
    }
  }
  for (let added = true; added; ) {
    added = false;
    const byName = new Map(factories.map((factory) => [factory.fn.slice(factory.fn.lastIndexOf(".") + 1).replace(/^fn:/, ""), factory]));
    for (const { id, parameters, body } of candidates) {
      if (factories.some((factory) => factory.fn === id)) continue;
      const params = parameters.map((param) => (ts.isIdentifier(param.name) ? param.name.text : undefined));
      const found = forwardedParam(body, params, byName);
      if (!found) continue;
      factories.push({ fn: id, param: found.param, library: found.factory.library, location: ctx.loc(found.at) });
      added = true;
    }
  }
}

function forwardedParam(body: ts.Node, params: readonly (string | undefined)[], factories: ReadonlyMap<string, BreakerFactoryFact>): { param: number; factory: BreakerFactoryFact; at: ts.Node } | undefined {
  let found: { param: number; factory: BreakerFactoryFact; at: ts.Node } | undefined;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword ? callee.name.text : undefined;
      const factory = name !== undefined ? factories.get(name) : undefined;
      const argument = factory ? node.arguments[factory.param] : undefined;
      const param = argument && ts.isIdentifier(argument) ? params.indexOf(argument.text) : -1;
      if (factory && param >= 0) {
        found = { param, factory, at: node };
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}
