import { defineRule, type RuleReport } from "../rule.js";
import { CallGraph } from "../model/graph.js";
import { grpcHandlerRoutes } from "../model/grpc.js";
import { nestTcpRequests } from "../model/nest-tcp.js";
import { THEN_GROUP, type ArchModel, type EvidenceHop, type ModelCall, type ModelEdge, type ModelRoute, type Parallel } from "../types.js";

/**
 * While handling a request, service A calls B synchronously and B's handler
 * for that route calls C: the latency and availability of A now depend on
 * every service down the chain. A cycle (A → B → A) is an error. A handler
 * that awaits two or more services one after another is reported too.
 */

export interface SyncCallChainOptions {
  maxDepth: number;
  sequentialCalls: boolean;
}

interface Hop {
  from: ModelRoute;
  call: ModelCall;
  via: ModelEdge[];
  to?: ModelRoute;
  toService: string;
}

const MAX_CHAIN = 8;

/** The hops of a route that reaches no other service (most routes): one shared empty list. */
const NO_HOPS: Hop[] = [];

export default defineRule<SyncCallChainOptions>({
  meta: {
    id: "sync-call-chain",
    description: "A request does not wait on a chain of synchronous calls across services (A calls B while B calls C), never on a cycle, and not on several services one after another.",
    defaultSeverity: "warn",
    options: {
      maxDepth: { type: "integer", minimum: 1, description: "How many synchronous hops a request may make across services before it is reported. Default: 1 (A may call B; A → B → C is reported)." },
      sequentialCalls: { type: "boolean", description: "Also report a handler that awaits calls to two or more other services one after another. Default: true." },
    },
    defaultOptions: { maxDepth: 1, sequentialCalls: true },
  },
  check(plain, options) {
    const model = withSyncRequests(plain);
    const graph = CallGraph.of(model);
    const edges = new Set(model.edgeServices ?? []);
    // The route a call's target route stands for: of several with one id (a service's own `GET /health` and the one a
    // shared library registers for every service that imports it), one whose handler calls another service, else the first.
    const routeById = new Map<string, ModelRoute>();
    const callsOut = (route: ModelRoute) => Boolean(route.handler) && graph.reachable(route.handler!).some((reached) => {
      const call = asSeenBy(reached.call, route.service);
      return call.targetService !== undefined && call.targetService !== route.service && isSynchronous(call);
    });
    for (const route of model.routes) {
      const known = routeById.get(route.id);
      if (!known || (!callsOut(known) && callsOut(route))) routeById.set(route.id, route);
    }
    const hopCache = new Map<ModelRoute, Hop[]>();
    const hopsOf = (route: ModelRoute): Hop[] => {
      let hops = hopCache.get(route);
      if (hops) return hops;
      hops = NO_HOPS;
      if (route.handler) {
        let seen: Set<string> | undefined;
        for (const reached of graph.reachable(route.handler)) {
          const call = asSeenBy(reached.call, route.service);
          const via = reached.via;
          // A call sent and left (`axios.post(url, event);`) is no hop: the handler answers without waiting for it.
          // Nor is a call made in an async function the handler calls and leaves (`handleEvent(type, data); res.send()`).
          if (!call.targetService || call.targetService === route.service || !isSynchronous(call) || call.fired || seen?.has(call.id) || via.some((edge) => edge.left)) continue;
          (seen ??= new Set()).add(call.id);
          const to = call.targetRoute ? routeById.get(call.targetRoute) : undefined;
          if (hops === NO_HOPS) hops = [];
          hops.push({ from: route, call, via, ...(to ? { to } : {}), toService: call.targetService });
        }
      }
      hopCache.set(route, hops);
      return hops;
    };

    const incoming = new Set<ModelRoute>();
    for (const route of model.routes) for (const hop of hopsOf(route)) if (hop.to) incoming.add(hop.to);

    const reports: RuleReport[] = [];
    const keys = new Set<string>();
    const add = (report: RuleReport) => {
      if (keys.has(report.key)) return;
      keys.add(report.key);
      reports.push(report);
    };

    // A handler down the chain that calls the last service twice (reads a user, then updates it) makes one chain for
    // the reader, not one per route it reaches there: the first is reported (its fingerprint as before), the rest left.
    const chainsSeen = new Set<string>();
    const firstOfItsKind = (hops: Hop[]): boolean => {
      const kind = [servedAs(hops[0]!.from), ...hops.slice(0, -1).map((h) => (h.to ? servedAs(h.to) : `${h.toService} ${h.call.method} ${h.call.url}`)), hops[hops.length - 1]!.toService].join("|");
      if (chainsSeen.has(kind)) return false;
      chainsSeen.add(kind);
      return true;
    };

    const walk = (route: ModelRoute, hops: Hop[], services: string[], entry: boolean): void => {
      const next = hopsOf(route);
      if (!next.length || hops.length >= MAX_CHAIN) {
        if (entry && depthOf(hops, edges) > options.maxDepth && firstOfItsKind(hops)) add(chainReport(hops, options.maxDepth, depthOf(hops, edges)));
        return;
      }
      for (const hop of next) {
        const chain = [...hops, hop];
        const cycleStart = services.indexOf(hop.toService);
        if (cycleStart >= 0) {
          add(cycleReport(chain.slice(cycleStart)));
          continue;
        }
        if (hop.to) walk(hop.to, chain, [...services, hop.toService], entry);
        else if (entry && depthOf(chain, edges) > options.maxDepth && firstOfItsKind(chain)) add(chainReport(chain, options.maxDepth, depthOf(chain, edges)));
      }
    };
    for (const route of model.routes) if (hopsOf(route).length) walk(route, [], [route.service], !incoming.has(route));

    if (options.sequentialCalls) {
      const handlersSeen = new Set<string>();
      for (const route of model.routes) {
        // One handler registered under several paths at one place (@Controller(["rides", "v1/rides"])): one report.
        if (handlersSeen.has(servedAs(route))) continue;
        // Every step of a sequential report is a call to another service the handler reaches, that is a hop:
        // with none (most handlers) there is nothing to look for, unless the search for hops was cut short.
        if (!hopsOf(route).length && route.handler && graph.isComplete(route.handler)) continue;
        const report = sequentialReport(route, graph);
        if (!report) continue;
        handlersSeen.add(servedAs(route));
        add(report);
      }
    }
    return reports;
  },
});

/**
 * What a route is to a reader: its handler where it is registered. One registration can serve several paths (a NestJS
 * controller or method given an array of paths, `@Controller(["rides", "v1/rides"])`): the same handler, the same place.
 */
function servedAs(route: ModelRoute): string {
  return route.handler ? `${route.method} ${route.handler} ${route.location.file}:${route.location.line}:${route.location.column}` : route.id;
}

/**
 * gRPC is synchronous too: a unary stub call (a ModelCall of client "grpc", model/grpc.ts) waits for the
 * handler of the service that implements it. Here each handler is a route (`users GRPC /UsersService/FindOne`),
 * so a chain goes on through it. A streaming call is no hop (see isSynchronous).
 */
export function withGrpcHandlers(model: ArchModel): ArchModel {
  // Moleculer's actions are such handlers too (model/moleculer.ts), GraphQL resolvers (model/graphql.ts) and the
  // handlers of socket messages (model/socket-events.ts).
  const handlers = [...grpcHandlerRoutes(model.topics), ...(model.actions ?? []), ...(model.resolvers ?? []), ...(model.socketEvents ?? [])];
  return handlers.length ? { ...model, routes: [...model.routes, ...handlers] } : model;
}

/**
 * For this rule only: NestJS TCP requests (`client.send` to a `@MessagePattern` handler over TCP, model/nest-tcp.ts)
 * wait for the handler too, so the handlers are routes and the requests calls (other rules read them as messages).
 */
function withSyncRequests(model: ArchModel): ArchModel {
  const withHandlers = withGrpcHandlers(model);
  const tcp = nestTcpRequests(model.topics);
  if (!tcp.routes.length) return withHandlers;
  return { ...withHandlers, routes: [...withHandlers.routes, ...tcp.routes], calls: tcp.calls.length ? [...model.calls, ...tcp.calls] : model.calls };
}

/**
 * A streaming gRPC call opens a stream that lives on its own terms (a watch, an upload, a feed): the request
 * that opens it does not wait for one reply of the other service's handler, so it is neither a hop of a
 * chain nor a step of a sequence. It stays in the model, labelled, for --print-model. A proxy's forward (a
 * gateway's route handing the request it takes to the service behind it) is the edge, the way in: the chain
 * starts at the service it forwards to, so it is no hop either (it stays in the model as the route's proxy).
 */
function isSynchronous(call: ModelCall): boolean {
  return !call.grpc?.streaming && !call.proxy;
}

/** How many hops of a chain count against maxDepth: those made by the edge (an API gateway's aggregation) do not. */
function depthOf(hops: readonly Hop[], edges: ReadonlySet<string>): number {
  let depth = 0;
  for (const hop of hops) if (!edges.has(hop.from.service)) depth++;
  return depth;
}

/** A call in shared code, with the target it has when the given service makes it. */
export function asSeenBy(call: ModelCall, service: string): ModelCall {
  const seen = call.perService?.[service];
  if (!seen) return call;
  const { targetService: _s, targetRoute: _r, ...rest } = call;
  return { ...rest, ...seen };
}

function describe(route: ModelRoute): string {
  return `${route.service} ${route.method} ${route.path}`;
}

function hopEvidence(hop: Hop, first: boolean): EvidenceHop[] {
  const evidence: EvidenceHop[] = [];
  if (first) evidence.push({ message: `${describe(hop.from)} is handled here`, location: hop.from.location });
  for (const edge of hop.via) evidence.push({ message: callText(edge.to, edge.location.file), location: edge.location });
  evidence.push({ message: `calls ${hop.toService} synchronously: ${hop.call.method} ${hop.call.url}`, location: hop.call.location });
  if (hop.to) evidence.push({ message: `${describe(hop.to)} is handled here`, location: hop.to.location });
  return evidence;
}

function chainText(hops: Hop[]): string {
  const names = [describe(hops[0]!.from), ...hops.map((hop) => (hop.to ? describe(hop.to) : `${hop.toService} ${hop.call.method} ${hop.call.url}`))];
  return names.join(" → ");
}

function chainReport(hops: Hop[], maxDepth: number, depth: number): RuleReport {
  const first = hops[0]!;
  const services = [first.from.service, ...hops.map((h) => h.toService)];
  // The edge's own hop is not counted: the reader is told why the number is one less than the arrows.
  const edgeNote = depth < hops.length ? `, not counting the hop of the edge ${first.from.service}` : "";
  return {
    messageId: "chain",
    message: `${first.from.method} ${first.from.path} in ${first.from.service} waits on a chain of ${depth} synchronous calls (more than ${maxDepth}${edgeNote}): ${chainText(hops)}`,
    data: { services: services.join(","), depth, maxDepth },
    location: first.call.location,
    evidence: hops.flatMap((hop, i) => hopEvidence(hop, i === 0)),
    key: ["chain", first.from.id, ...hops.map((h) => h.to?.id ?? `${h.toService} ${h.call.method} ${h.call.url}`)].join("|"),
  };
}

/**
 * A request that comes back to a service it already went through. The hops
 * stay in the order the request takes them: rotating them (to find the same
 * cycle from each entry once) is sound only when the last hop lands on the
 * route the first one starts from; otherwise a rotation would join the end of
 * one route's handler to the start of another's.
 */
function cycleReport(hops: Hop[]): RuleReport {
  const closed = hops[hops.length - 1]!.to === hops[0]!.from;
  let start = 0;
  if (closed) {
    const ids = hops.map((h) => h.from.id);
    for (let i = 1; i < ids.length; i++) if (ids[i]! < ids[start]!) start = i;
  }
  const ordered = [...hops.slice(start), ...hops.slice(0, start)];
  const first = ordered[0]!;
  const last = ordered[ordered.length - 1]!;
  const services = [first.from.service, ...ordered.map((h) => h.toService)];
  return {
    messageId: "cycle",
    message: `synchronous call cycle: ${services.join(" → ")} (${chainText(ordered)})`,
    data: { services: services.join(",") },
    location: first.call.location,
    evidence: ordered.flatMap((hop, i) => hopEvidence(hop, i === 0)),
    key: ["cycle", ...ordered.map((h) => h.from.id), ...(closed ? [] : [last.to?.id ?? `${last.toService} ${last.call.method} ${last.call.url}`])].join("|"),
    severity: "error",
  };
}

interface Step {
  services: string[];
  location: ModelCall["location"];
  text: string;
  /** The branches the step runs in (extract/arms.ts): two steps in different arms of one conditional never both run. */
  arms?: readonly string[];
}

/** Each of a step's arms read back: `12:5/t>20:3` is the `then` of the conditional at 12:5, which returns, ending at 20:3. */
function armKeys(arms: readonly string[] | undefined): Map<string, { arm: string; end?: [number, number] }> {
  const keys = new Map<string, { arm: string; end?: [number, number] }>();
  for (const text of arms ?? []) {
    const slash = text.indexOf("/");
    const exit = text.indexOf(">", slash);
    const arm = text.slice(slash + 1, exit < 0 ? undefined : exit);
    const [line, column] = exit < 0 ? [] : text.slice(exit + 1).split(":").map(Number);
    keys.set(text.slice(0, slash), line !== undefined && column !== undefined ? { arm, end: [line, column] } : { arm });
  }
  return keys;
}

/** Whether a step at `location` comes after a conditional that ends at `end`. */
function after(location: ModelCall["location"], end: [number, number]): boolean {
  return location.line > end[0] || (location.line === end[0] && location.column >= end[1]);
}

/**
 * Two steps that never run for one request: in different arms of one conditional, or one in an arm that leaves the
 * function (`if (x) return rain();`) and the other after that conditional.
 */
function exclusive(a: Step, b: Step): boolean {
  if ((!a.arms && !b.arms) || a.location.file !== b.location.file) return false;
  const left = armKeys(a.arms);
  const right = armKeys(b.arms);
  for (const [conditional, arm] of right) {
    const other = left.get(conditional);
    if (other ? other.arm !== arm.arm : arm.end !== undefined && after(a.location, arm.end)) return true;
  }
  for (const [conditional, arm] of left) if (!right.has(conditional) && arm.end !== undefined && after(b.location, arm.end)) return true;
  return false;
}

/**
 * The longest run of steps that can all happen for one request: a step in the \`else\` of another's \`if\` (or another
 * clause of its switch) is a different path through the function, not one awaited after the other
 * (\`if (kind === "book") await books() else if (kind === "author") await authors()\` waits on one service).
 */
function onOnePath(steps: Step[]): Step[] {
  if (!steps.some((step) => step.arms)) return steps;
  let best: Step[] = [];
  for (const seed of steps) {
    const path = steps.filter((step) => step === seed || !exclusive(step, seed));
    const kept: Step[] = [];
    for (const step of path) if (kept.every((other) => !exclusive(step, other))) kept.push(step);
    if (kept.length > best.length) best = kept;
  }
  return best;
}

/**
 * What one function awaits, in order: calls to other services, awaited helpers that reach them, and each awaited
 * `Promise.all([...])` group (also allSettled, race, any) as one step: its calls run together, but the group as a
 * whole waits for what was awaited before it, and what comes after waits for it.
 */
function awaitedSteps(fn: string, route: ModelRoute, graph: CallGraph): Step[] {
  const steps: Step[] = [];
  const groups = new Map<string, { file: string; parts: { services: readonly string[]; text: string; location: ModelCall["location"] }[] }>();
  const inGroup = (key: string, location: ModelCall["location"], services: readonly string[], text: string) => {
    const group = groups.get(`${location.file}:${key}`) ?? { file: location.file, parts: [] };
    group.parts.push({ services, text, location });
    groups.set(`${location.file}:${key}`, group);
  };
  for (const direct of graph.directCalls(fn)) {
    const call = asSeenBy(direct, route.service);
    if (!isSynchronous(call) || !call.targetService || call.targetService === route.service) continue;
    if (isAwaitedGroup(call.parallel)) inGroup(call.parallel, call.location, [call.targetService], `${call.targetService}: ${call.method} ${call.url}`);
    else if (call.awaited && !call.parallel) steps.push({ services: [call.targetService], location: call.location, text: `awaits ${call.targetService}: ${call.method} ${call.url}`, ...(call.arms ? { arms: call.arms } : {}) });
  }
  for (const edge of graph.edgesFrom(fn)) {
    if (!isAwaitedGroup(edge.parallel) && (!edge.awaited || edge.parallel)) continue;
    const services = [...new Set(graph.reachable(edge.to).filter((r) => isSynchronous(r.call)).map((r) => asSeenBy(r.call, route.service).targetService).filter((s): s is string => Boolean(s) && s !== route.service))];
    if (!services.length) continue;
    if (isAwaitedGroup(edge.parallel)) inGroup(edge.parallel, edge.location, services, `${functionText(edge.to, edge.location.file)}, which calls ${services.join(", ")}`);
    else steps.push({ services, location: edge.location, text: `awaits ${functionText(edge.to, edge.location.file)}, which calls ${services.join(", ")}`, ...(edge.arms ? { arms: edge.arms } : {}) });
  }
  for (const [key, group] of groups) {
    const [, line, column] = /L(\d+)C(\d+)$/.exec(key) ?? [];
    const parts = group.parts.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
    const services = [...new Set(parts.flatMap((part) => part.services))];
    // A group of one call to another service (the others stay in the service) is a step like any awaited call.
    const text = parts.length === 1 ? `awaits ${parts[0]!.text}` : `awaits ${services.join(", ")} together (in parallel: ${parts.map((part) => part.text).join("; ")})`;
    steps.push({ services, location: { file: group.file, line: Number(line), column: Number(column) }, text });
  }
  return steps.sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column);
}

/** A Promise.all group the function awaits (see Parallel): one step of what it awaits. */
function isAwaitedGroup(parallel: Parallel): parallel is string {
  return typeof parallel === "string" && !parallel.startsWith(THEN_GROUP);
}

/** Where a named group's combinator call is, as calls and callbacks' `after` name it (`file:line:column`). */
function groupKey(file: string, parallel: string): string {
  const [, line, column] = /L(\d+)C(\d+)$/.exec(parallel) ?? [];
  return `${file}:${line}:${column}`;
}

/** What a function's direct call targets, seen by the route's service: none when it stays in the service. */
function otherServices(call: ModelCall, route: ModelRoute): string[] {
  if (!isSynchronous(call)) return [];
  const target = asSeenBy(call, route.service).targetService;
  return target && target !== route.service ? [target] : [];
}

function functionName(id: string): string {
  return id.slice(id.indexOf("#") + 1).replace(/^fn:/, "");
}

/**
 * A function as a reader finds it: `placeOrder()` by name; an inline one (`fn@L7C33`, a wrapper's argument,
 * a promise's executor) by the line it starts on, with its file when that is not the file the evidence points at
 * (`from`, the call site's: `exports.view = async () => …` of another module).
 */
function functionText(id: string, from?: string): string {
  const name = functionName(id);
  const inline = /^fn@L(\d+)C\d+$/.exec(name);
  if (!inline) return `${name}()`;
  const file = id.slice(0, id.indexOf("#"));
  return from !== undefined && file && file !== from ? `the function at ${file}:${inline[1]}` : `the function at line ${inline[1]}`;
}

/** The evidence of an edge: what the call site (in `from`, its file, when given) runs. */
export function callText(id: string, from?: string): string {
  return functionName(id).startsWith("fn@L") ? `runs ${functionText(id, from)}` : `calls ${functionText(id)}`;
}

/**
 * Steps that wait for one another without `await`: a callback runs after the call it is given to
 * (`request(url, cb)`, `p.then(cb)`, a step of `async.waterfall`), so a call made in it follows that
 * call. The longest such sequence of the function that reaches two services or more, else none.
 */
function continuationSteps(fn: string, route: ModelRoute, graph: CallGraph): Step[] {
  const edges = graph.edgesFrom(fn);
  if (!edges.some((edge) => edge.after && !edge.parallel)) return [];
  /**
   * What the function does at each place: its calls and the functions it calls or defines there. The calls of a
   * `Promise.all([...])` group (`part`) are at the place of the group, which a `.then` after it waits for.
   */
  const at = new Map<string, { services: string[]; text: string; location: ModelCall["location"]; part?: boolean }[]>();
  const put = (key: string, step: { services: string[]; text: string; location: ModelCall["location"]; part?: boolean }) => {
    if (!step.services.length) return;
    const list = at.get(key);
    if (list) list.push(step);
    else at.set(key, [step]);
  };
  for (const direct of graph.directCalls(fn)) {
    if (direct.parallel === true) continue;
    const call = asSeenBy(direct, route.service);
    const services = otherServices(call, route);
    if (direct.parallel) put(groupKey(call.location.file, direct.parallel), { services, text: `${services.join(", ")}: ${call.method} ${call.url}`, location: call.location, part: true });
    else put(call.id, { services, text: `calls ${services.join(", ")}: ${call.method} ${call.url}`, location: call.location });
  }
  const afterOf = new Map<string, string>();
  for (const edge of edges) {
    if (edge.parallel === true) continue;
    const services = [...new Set(graph.reachable(edge.to).flatMap((reached) => otherServices(reached.call, route)))];
    const name = functionName(edge.to);
    const callback = name.startsWith("fn@L");
    if (edge.parallel) {
      put(groupKey(edge.location.file, edge.parallel), { services, text: `${callback ? `the function at line ${edge.location.line}` : `${name}()`}, which calls ${services.join(", ")}`, location: edge.location, part: true });
      continue;
    }
    const key = `${edge.location.file}:${edge.location.line}:${edge.location.column}`;
    if (edge.after) afterOf.set(key, edge.after);
    // A callback that makes the step's call itself (`request(a, function () { request(b, …) })`): the evidence is that
    // call, where a reader looks for it, not the line the callback starts on.
    const own = callback ? graph.directCalls(edge.to).find((direct) => !direct.parallel && otherServices(direct, route).length) : undefined;
    if (own && services.every((service) => otherServices(own, route).includes(service))) {
      const call = asSeenBy(own, route.service);
      put(key, { services, text: `${edge.after ? "then " : ""}calls ${services.join(", ")} in the callback at line ${edge.location.line}: ${call.method} ${call.url}`, location: call.location });
      continue;
    }
    const what = callback ? `the callback at line ${edge.location.line}` : `${name}()`;
    put(key, { services, text: `${edge.after ? "then " : ""}runs ${what}, which calls ${services.join(", ")}`, location: edge.location });
  }
  let best: Step[] = [];
  for (const [last] of afterOf) {
    const keys = [last];
    for (let key = afterOf.get(last); key !== undefined && !keys.includes(key); key = afterOf.get(key)) keys.unshift(key);
    const steps: Step[] = [];
    for (const key of keys) {
      const found = at.get(key);
      if (found) steps.push(stepAt(found, key));
    }
    const services = new Set(steps.flatMap((step) => step.services));
    if (steps.length >= 2 && services.size >= 2 && steps.length > best.length) best = steps;
  }
  return best;
}

/** One place of a continuation sequence: a call, a callback, or a Promise.all group (its parts together). */
function stepAt(found: { services: string[]; text: string; location: ModelCall["location"]; part?: boolean }[], key: string): Step {
  const services = [...new Set(found.flatMap((step) => step.services))];
  const parts = found.filter((step) => step.part);
  if (!parts.length) return { services, location: found[0]!.location, text: found.map((step) => step.text).join("; ") };
  const [, line, column] = /:(\d+):(\d+)$/.exec(key) ?? [];
  const location = { file: parts[0]!.location.file, line: Number(line), column: Number(column) };
  const text = parts.length === 1 ? `calls ${parts[0]!.text}` : `calls ${services.join(", ")} together (in parallel: ${parts.map((part) => part.text).join("; ")})`;
  return { services, location, text };
}

/**
 * The longer of what a function awaits in order and its longest sequence of callbacks: a callback sequence whose first
 * call comes after awaited steps waits for them too (`await users(); request(carts, () => request(orders))`: the
 * function reached the request once users answered). Of two of one length, the awaited steps.
 */
function sequenceOf(fn: string, route: ModelRoute, graph: CallGraph): Step[] {
  const awaited = onOnePath(awaitedSteps(fn, route, graph));
  const chain = continuationSteps(fn, route, graph);
  if (!chain.length) return awaited;
  const start = chain[0]!.location;
  const before = awaited.filter((step) => step.location.file === start.file && (step.location.line < start.line || (step.location.line === start.line && step.location.column < start.column)));
  const combined = [...before, ...chain];
  const reaches = (steps: Step[]) => steps.length >= 2 && new Set(steps.flatMap((step) => step.services)).size >= 2;
  if (!reaches(combined)) return awaited;
  return reaches(awaited) && awaited.length >= combined.length ? awaited : combined;
}

/**
 * The handler, or a function it awaits, awaits two or more steps that reach at
 * least two other services one after another. The handler is looked at first,
 * then the functions it reaches (a `loadOrderView()` helper doing the awaiting).
 */
function sequentialReport(route: ModelRoute, graph: CallGraph): RuleReport | undefined {
  if (!route.handler) return undefined;
  const seen = new Set<string>([route.handler]);
  const queue: { fn: string; via: ModelEdge[] }[] = [{ fn: route.handler, via: [] }];
  while (queue.length && seen.size < 200) {
    const { fn, via } = queue.shift()!;
    const steps = sequenceOf(fn, route, graph);
    const services = [...new Set(steps.flatMap((step) => step.services))];
    if (steps.length >= 2 && services.length >= 2) {
      return {
        messageId: "sequential",
        message: `${route.method} ${route.path} in ${route.service} awaits ${services.join(" and ")} one after another; run independent calls in parallel (Promise.all) or move them off the request path`,
        data: { service: route.service, route: `${route.method} ${route.path}`, targets: services.join(",") },
        location: route.location,
        evidence: [
          { message: `${describe(route)} is handled here`, location: route.location },
          ...via.map((edge) => ({ message: callText(edge.to, edge.location.file), location: edge.location })),
          ...steps.map((step) => ({ message: step.text, location: step.location })),
        ],
        key: ["sequential", route.id, ...services].join("|"),
      };
    }
    for (const edge of graph.edgesFrom(fn)) {
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push({ fn: edge.to, via: [...via, edge] });
    }
  }
  return undefined;
}
