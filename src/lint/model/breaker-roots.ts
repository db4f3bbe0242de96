import type { CalleeFact, FileFacts, Location, ModelEdge } from "../types.js";

/**
 * The functions that run behind a circuit breaker, as global function ids, each with where its breaker is made
 * (model/guards.ts marks every call they reach):
 * - the function a breaker is made around (`new CircuitBreaker(charge)`, cockatiel's `policy.execute(fn)`: BreakerFact);
 * - what opossum's `fire` runs (`controller.create.fire(req, res)`, `breaker.fire(x)` on `guarded(charge)`): whoever
 *   made the breaker, `fire` is opossum's, so the function it runs is behind one;
 * - what a caller hands to a factory of the project that makes a breaker around its parameter
 *   (`function guarded(fn) { return new CircuitBreaker(fn) }`, then `guarded(charge)`): the caller runs it through
 *   the factory, so an edge from the caller to it is added as well.
 */

export interface BreakerRootsInput {
  facts: ReadonlyMap<string, FileFacts>;
  /** The global id of the function a reference written in `file` names, if any. */
  resolve(file: string, ref: { object?: string; name: string; local?: string }, className: string | undefined): string | undefined;
}

export function breakerRoots(input: BreakerRootsInput): { roots: Map<string, Location>; edges: ModelEdge[] } {
  const roots = new Map<string, Location>();
  const edges: ModelEdge[] = [];
  const add = (fn: string | undefined, location: Location) => {
    if (fn && !roots.has(fn)) roots.set(fn, location);
  };
  const factories = new Map<string, { param: number; location: Location }>();
  const factoryNames = new Set<string>();
  for (const f of input.facts.values()) {
    for (const breaker of f.breakers ?? []) add(input.resolve(f.file, breaker.ref, undefined), breaker.location);
    for (const factory of f.breakerFactories ?? []) {
      factories.set(`${f.file}#${factory.fn}`, { param: factory.param, location: factory.location });
      factoryNames.add(factory.fn.slice(factory.fn.lastIndexOf(".") + 1).replace(/^fn:/, ""));
    }
  }
  // Factories first: where a breaker is made says more than where it is fired.
  if (factories.size) {
    for (const f of input.facts.values()) {
      for (const callee of f.callees) if (callee.fnArgs && factoryNames.has(callee.name)) factoryArgument(input, f, callee, factories, add, edges);
      for (const call of f.moduleCalls ?? []) if (!call.object && factoryNames.has(call.name)) factoryArgument(input, f, { ...call, awaited: false, parallel: false }, factories, add, edges);
    }
  }
  for (const f of input.facts.values()) {
    for (const callee of f.callees) if (callee.fired) add(input.resolve(f.file, callee, callee.className), callee.location);
  }
  return { roots, edges };
}

function factoryArgument(
  input: BreakerRootsInput,
  f: FileFacts,
  callee: CalleeFact,
  factories: ReadonlyMap<string, { param: number; location: Location }>,
  add: (fn: string | undefined, location: Location) => void,
  edges: ModelEdge[],
): void {
  const factory = factories.get(input.resolve(f.file, callee, callee.className) ?? "");
  const arg = factory && callee.fnArgs!.find((candidate) => candidate.index === factory.param);
  const fn = arg && input.resolve(f.file, arg.ref, callee.className);
  if (!fn) return;
  add(fn, factory!.location);
  if (callee.from) {
    const from = `${f.file}#${callee.from}`;
    if (from !== fn) edges.push({ from, to: fn, awaited: callee.awaited, parallel: callee.parallel, location: callee.location });
  }
}
