import type { ArchModel, ModelCall, ModelEdge } from "../types.js";

/** Calls reachable from a function through the call graph, with the edges that lead to each. */
export interface ReachedCall {
  call: ModelCall;
  via: ModelEdge[];
}

const MAX_VISITED = 2000;

/** Shared by every function that reaches nothing (most route handlers): no arrays or maps made for them. */
const NOTHING: readonly ReachedCall[] = Object.freeze([]);

/** One graph per model's calls and edges: rules that walk it (sync-call-chain, unprotected-call, dual-write) share its searches. */
const graphs = new WeakMap<readonly ModelCall[], CallGraph>();

export class CallGraph {
  /** The graph of this model, made once and shared (a model with more routes but the same calls and edges, too). */
  static of(model: ArchModel): CallGraph {
    const known = graphs.get(model.calls);
    if (known && known.model.edges === model.edges) return known;
    const graph = new CallGraph(model);
    graphs.set(model.calls, graph);
    return graph;
  }

  private readonly callsByFunction = new Map<string, ModelCall[]>();
  private readonly cache = new Map<string, readonly ReachedCall[]>();
  /** Functions whose search stopped at MAX_VISITED: what they reach may be more than `reachable` says. */
  private readonly truncated = new Set<string>();

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

  private callers?: Set<string>;
  private into?: Map<string, string[]>;

  /** The functions with an edge into each function, made once (for-in, not Object.entries: no [key, value] array for each of thousands of functions). */
  private edgesInto(): Map<string, string[]> {
    if (this.into) return this.into;
    const into = new Map<string, string[]>();
    for (const from in this.model.edges) {
      for (const edge of this.model.edges[from]!) {
        const list = into.get(edge.to);
        if (list) list.push(from);
        else into.set(edge.to, [from]);
      }
    }
    return (this.into = into);
  }

  /** Every function from which `fn` can be reached (itself left out). */
  callersOf(fn: string): Set<string> {
    const into = this.edgesInto();
    const found = new Set<string>();
    const queue = [fn];
    for (let next = 0; next < queue.length; next++) {
      for (const from of into.get(queue[next]!) ?? []) {
        if (found.has(from) || from === fn) continue;
        found.add(from);
        queue.push(from);
      }
    }
    return found;
  }

  /**
   * The functions from which at least one call can be reached: found once,
   * backwards from the few functions that make calls, so that the many
   * handlers that reach none skip their own search.
   */
  private reachesSomeCall(): Set<string> {
    if (this.callers) return this.callers;
    const into = this.edgesInto();
    const found = new Set(this.callsByFunction.keys());
    const queue = [...found];
    for (let next = 0; next < queue.length; next++) {
      for (const from of into.get(queue[next]!) ?? []) {
        if (found.has(from)) continue;
        found.add(from);
        queue.push(from);
      }
    }
    return (this.callers = found);
  }

  /** Breadth-first, so each call is reached through the shortest chain of functions. */
  reachable(fn: string): readonly ReachedCall[] {
    const cached = this.cache.get(fn);
    if (cached) return cached;
    if (!this.reachesSomeCall().has(fn)) {
      this.cache.set(fn, NOTHING);
      return NOTHING;
    }
    const result: ReachedCall[] = [];
    const via = new Map<string, ModelEdge[]>([[fn, []]]);
    const queue = [fn];
    // An index, not queue.shift(): this runs once per route handler.
    let next = 0;
    for (; next < queue.length && via.size < MAX_VISITED; next++) {
      const current = queue[next]!;
      const path = via.get(current)!;
      for (const call of this.directCalls(current)) result.push({ call, via: path });
      for (const edge of this.model.edges[current] ?? []) {
        if (via.has(edge.to)) continue;
        via.set(edge.to, [...path, edge]);
        queue.push(edge.to);
      }
    }
    if (next < queue.length) this.truncated.add(fn);
    this.cache.set(fn, result);
    return result;
  }

  /**
   * Every function reachable from `fn` (itself included), each with the shortest chain of edges to it:
   * for rules about what a handler does other than calls (dual-write's writes and publishes).
   */
  functionsReached(fn: string): Map<string, ModelEdge[]> {
    const via = new Map<string, ModelEdge[]>([[fn, []]]);
    const queue = [fn];
    for (let next = 0; next < queue.length && via.size < MAX_VISITED; next++) {
      const current = queue[next]!;
      const path = via.get(current)!;
      for (const edge of this.model.edges[current] ?? []) {
        if (via.has(edge.to)) continue;
        via.set(edge.to, [...path, edge]);
        queue.push(edge.to);
      }
    }
    return via;
  }

  /** `reachable(fn)` is every call the function can reach (the search was not cut short). */
  isComplete(fn: string): boolean {
    this.reachable(fn);
    return !this.truncated.has(fn);
  }
}
