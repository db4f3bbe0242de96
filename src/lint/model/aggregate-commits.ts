import type { FileFacts, Location, ModelEdge } from "../types.js";

/**
 * Where the events an aggregate applies are handled. NestJS CQRS's `aggregate.apply(new OrderPlaced())` only records
 * the event on the aggregate; `aggregate.commit()` (once `publisher.mergeObjectContext(aggregate)` has given it the
 * bus) hands the recorded events to their `@EventsHandler`s. So the handler of an applied event runs from the function
 * that commits the aggregate, not from the one that applies it: an aggregate made and saved but never committed (a
 * batch import building aggregates to store them) publishes nothing.
 *
 * For each applied event, the search climbs from the applying function through its callers (the aggregate's
 * `static create`, the command handler calling it) to the nearest one that reaches a commit, itself or through its
 * callees (a repository's `save` that commits what it stores), and draws the edge from there to the event's handler,
 * at the call on the way to the commit. Climbing and descending are bounded (DEPTH): an aggregate's events are
 * committed by the code that made or loaded it, a few calls away. A commit is not tied to its aggregate (the receiver's
 * class is rarely written where `commit()` is called), so any aggregate commit near the apply counts.
 */

/** How many calls away, up from the apply and down to the commit, the search looks. */
const DEPTH = 4;

export interface AggregateCommitsInput {
  facts: ReadonlyMap<string, FileFacts>;
  /** The global id of the handler method of the event class applied in `file`, if any (model/call-graph.ts). */
  handlerOf(file: string, event: string): string | undefined;
}

export function aggregateCommitEdges(input: AggregateCommitsInput, edges: Readonly<Record<string, readonly ModelEdge[]>>): ModelEdge[] {
  const applied: { fn: string; handler: string }[] = [];
  const commits = new Map<string, Location>();
  for (const f of input.facts.values()) {
    for (const callee of f.callees) {
      if (!callee.applied || !callee.from || !callee.command) continue;
      const handler = input.handlerOf(f.file, callee.command);
      if (handler) applied.push({ fn: `${f.file}#${callee.from}`, handler });
    }
    for (const commit of f.aggregateCommits ?? []) if (!commits.has(`${f.file}#${commit.from}`)) commits.set(`${f.file}#${commit.from}`, commit.location);
  }
  if (!applied.length || !commits.size) return [];
  const callers = callersOf(edges);
  const reached = new Map<string, Location | null>();
  const reachesCommit = (fn: string, depth: number): Location | null => {
    const own = commits.get(fn);
    if (own) return own;
    if (depth === 0) return null;
    const key = `${depth}:${fn}`;
    const known = reached.get(key);
    if (known !== undefined) return known;
    reached.set(key, null); // a cycle back here finds nothing new
    let found: Location | null = null;
    for (const edge of edges[fn] ?? []) {
      if (reachesCommit(edge.to, depth - 1)) {
        found = edge.location;
        break;
      }
    }
    reached.set(key, found);
    return found;
  };
  const made: ModelEdge[] = [];
  const seen = new Set<string>();
  for (const { fn, handler } of applied) {
    let frontier = [fn];
    const visited = new Set(frontier);
    for (let level = 0; level <= DEPTH && frontier.length; level++) {
      const next: string[] = [];
      for (const from of frontier) {
        const at = reachesCommit(from, DEPTH);
        if (at) {
          const key = `${from}>${handler}`;
          if (!seen.has(key)) {
            seen.add(key);
            made.push({ from, to: handler, awaited: false, parallel: false, left: true, location: at });
          }
          continue; // its callers reach the handler through it
        }
        for (const caller of callers.get(from) ?? []) {
          if (!visited.has(caller)) {
            visited.add(caller);
            next.push(caller);
          }
        }
      }
      frontier = next;
    }
  }
  return made;
}

function callersOf(edges: Readonly<Record<string, readonly ModelEdge[]>>): Map<string, Set<string>> {
  const callers = new Map<string, Set<string>>();
  for (const from in edges) {
    for (const edge of edges[from]!) {
      const set = callers.get(edge.to);
      if (set) set.add(from);
      else callers.set(edge.to, new Set([from]));
    }
  }
  return callers;
}
