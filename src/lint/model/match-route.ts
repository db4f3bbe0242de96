import type { ModelRoute } from "../types.js";

/** Which route of a service a call's method and path reach: the most specific match, indexed by segment count. */

function segmentsOf(path: string): string[] {
  return path.split("?")[0]!.split("/").filter(Boolean);
}

const DYNAMIC_CALL_SEGMENT = /[{}$]/;

interface IndexedRoute {
  route: ModelRoute;
  segments: string[];
  /** Position in the model's route list: of two equally good matches, the earlier wins. */
  order: number;
}

/** Per service, its routes by number of path segments; routes ending in `*` match any length and are kept apart. */
const routeIndexes = new WeakMap<ModelRoute[], Map<string, { byLength: Map<number, IndexedRoute[]>; wildcard: IndexedRoute[] }>>();

function routeIndex(routes: ModelRoute[]): Map<string, { byLength: Map<number, IndexedRoute[]>; wildcard: IndexedRoute[] }> {
  let index = routeIndexes.get(routes);
  if (!index) {
    index = new Map();
    routes.forEach((route, order) => {
      let entry = index!.get(route.service);
      if (!entry) index!.set(route.service, (entry = { byLength: new Map(), wildcard: [] }));
      const segments = segmentsOf(route.path);
      const indexed = { route, segments, order };
      if (segments[segments.length - 1] === "*") entry.wildcard.push(indexed);
      else {
        const list = entry.byLength.get(segments.length);
        if (list) list.push(indexed);
        else entry.byLength.set(segments.length, [indexed]);
      }
    });
    routeIndexes.set(routes, index);
  }
  return index;
}

export function matchRoute(routes: ModelRoute[], service: string, method: string, path: string): string | undefined {
  const entry = routeIndex(routes).get(service);
  if (!entry) return undefined;
  const callSegments = segmentsOf(path);
  let best: { id: string; score: number; order: number } | undefined;
  for (const candidates of [entry.byLength.get(callSegments.length) ?? [], entry.wildcard]) {
    for (const { route, segments: routeSegments, order } of candidates) {
      if (route.method !== "ALL" && method !== "ALL" && route.method !== method) continue;
      let score = 0;
      let ok = true;
      for (let i = 0; i < routeSegments.length; i++) {
        const r = routeSegments[i]!;
        const c = callSegments[i];
        if (r === "*" && i === routeSegments.length - 1) break;
        if (c === undefined) {
          ok = false;
          break;
        }
        if (r.startsWith(":") || (r.startsWith("{") && r.endsWith("}"))) {
          // A value the call fills in at run time (`/users/${id}`) fits a parameter better than a word the route writes
          // (`/users/login_success`, `/games/ws`): between the two, the parameter's route is the one.
          if (DYNAMIC_CALL_SEGMENT.test(c)) score += 1;
          continue;
        }
        // `appeals${query}`: what is written before the unknown part still has to be the route's.
        if (DYNAMIC_CALL_SEGMENT.test(c)) {
          if (r.startsWith(c.slice(0, c.search(DYNAMIC_CALL_SEGMENT)))) continue;
          ok = false;
          break;
        }
        if (r !== c) {
          ok = false;
          break;
        }
        score += 2;
      }
      if (ok && (!best || score > best.score || (score === best.score && order < best.order))) best = { id: route.id, score, order };
    }
  }
  return best?.id;
}
