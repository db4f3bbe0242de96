import type { ArchModel, ModelCall, ModelEdge } from "../types.js";

/** Calls reachable from a function through the call graph, with the edges that lead to each. */
export interface ReachedCall {
  call: ModelCall;
  via: ModelEdge[];
}

const MAX_VISITED = 2000;

export class CallGraph {
  private readonly callsByFunction = new Map<string, ModelCall[]>();
  private readonly cache = new Map<string, ReachedCall[]>();

  constructor(private readonly model: ArchModel) {
    for (const call of model.calls) {
      if (!call.inFunction) continue;
      const list = this.callsByFunction.get(call.inFunction) ?? [];
      list.push(call);
      this.callsByFunction.set(call.inFunction, list);
    }
  }

  edgesFrom(fn: string): ModelEdge[] {
    return this.model.edges[fn] ?? [];
  }

  directCalls(fn: string): ModelCall[] {
    return this.callsByFunction.get(fn) ?? [];
  }

  /** Breadth-first, so each call is reached through the shortest chain of functions. */
  reachable(fn: string): ReachedCall[] {
    const cached = this.cache.get(fn);
    if (cached) return cached;
    const result: ReachedCall[] = [];
    const via = new Map<string, ModelEdge[]>([[fn, []]]);
    const queue = [fn];
    // An index, not queue.shift(): this runs once per route handler.
    for (let next = 0; next < queue.length && via.size < MAX_VISITED; next++) {
      const current = queue[next]!;
      const path = via.get(current)!;
      for (const call of this.directCalls(current)) result.push({ call, via: path });
      for (const edge of this.model.edges[current] ?? []) {
        if (via.has(edge.to)) continue;
        via.set(edge.to, [...path, edge]);
        queue.push(edge.to);
      }
    }
    this.cache.set(fn, result);
    return result;
  }
}
