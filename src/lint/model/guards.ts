import type { Location, ModelCall, ModelEdge } from "../types.js";

/**
 * A call is behind a circuit breaker when the function that makes it is one a breaker runs, or one that
 * such a function calls (through the call graph: `new CircuitBreaker(fetchStock)` guards the axios call
 * inside `fetchStock`'s helper too, and the callbacks written inside it). Each call gets the location of the
 * first breaker found, for evidence.
 */

/** Functions followed from each breaker: a breaker wraps a client's request function, not an application. */
const MAX_FUNCTIONS = 200;

export function markBreakers(calls: ModelCall[], edges: Readonly<Record<string, readonly ModelEdge[]>>, roots: ReadonlyMap<string, Location>): void {
  if (roots.size === 0) return;
  const guardedBy = new Map<string, Location>();
  for (const [root, location] of roots) {
    const seen = new Set([root]);
    const queue = [root];
    for (let next = 0; next < queue.length && seen.size < MAX_FUNCTIONS; next++) {
      const fn = queue[next]!;
      if (!guardedBy.has(fn)) guardedBy.set(fn, location);
      for (const edge of edges[fn] ?? []) {
        if (seen.has(edge.to)) continue;
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  for (const call of calls) {
    const breaker = call.inFunction ? guardedBy.get(call.inFunction) : undefined;
    if (breaker) call.guards = { ...call.guards, breaker };
  }
}
