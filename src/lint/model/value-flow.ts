import { posix } from "node:path";
import type { CalleeFact, CallClient, FileFacts, FlowArg, LiteralHost, Location, ModelCall, Parallel, ParamRef, ProxyFact, Value, ValuePart } from "../types.js";

/**
 * Values that travel through parameters (extract/value-flow.ts records both ends): the HTTP function and the base
 * URLs a service builds once (`const ctx = { requestFn: options.requestFn ?? request, ordersBase:
 * options.ordersBase ?? "http://localhost:4002" }`, the options filled from the env by the caller) and hands to the
 * functions that register its routes (`registerOrderRoutes(server, ctx)`), whose handlers call
 * `ctx.requestFn(\`${ctx.ordersBase}/orders\`)` or a helper given both (`proxy(reply, ctx.requestFn, url, init)`).
 *
 * A parameter's value is what the function's call sites pass (an object's field, a local set to one, a parameter
 * of the caller passed on, followed to its own callers). A call whose function or URL comes from a parameter of a
 * function it is nested in (the handler reading its register function's `ctx`) is resolved where it is; one that
 * comes from a parameter of its own function (`proxy(…, requestFn, url)`) is made again at each call site, with
 * what that site passes, where the site's function makes it (as model/calls.ts's helperCalls does for a URL).
 * Bounded: a few hops through callers, a few variants per call.
 */

export interface ValueFlowInput {
  facts: ReadonlyMap<string, FileFacts>;
  fileService: Readonly<Record<string, string>>;
  /** The global id of the function a callee fact of `file` reaches, if any. */
  resolveCallee: (file: string, callee: CalleeFact) => string | undefined;
  /** The scanned file a module specifier written in `file` names. */
  resolveModule: (file: string, specifier: string) => string | undefined;
  /** A URL written in `file`, rendered with `service`'s env and resolved to a service and route. */
  resolveUrl: (file: string, service: string, url: Value, method: string) => { url: string; service?: string; route?: string; resolution: string };
  literalHost: (file: string, url: Value) => LiteralHost | undefined;
  locationKey: (location: Location) => string;
}

/** What could not be followed, for a `not-understood` diagnostic. */
export interface Unfollowed {
  service: string;
  location: Location;
  message: string;
  /** Calls not followed for the same reason, grouped into one diagnostic. */
  group?: string;
}

/** Hops through callers, per value and per call. */
const MAX_DEPTH = 6;
/** Values one parameter may take, and calls one call may become. */
const MAX_VARIANTS = 8;
/** Call sites a helper is made again at. */
const MAX_SITES = 400;
/**
 * Steps (a call made again at one site, or one site's argument read) spent on one call as the code writes it. The
 * bounds above are per hop, so the work multiplies along a path: a bundle whose helpers have hundreds of call sites
 * each took minutes. A call past the budget keeps the variants found so far and is said in a diagnostic.
 */
const STEP_BUDGET = 20_000;

/** `given`: the function whose parameter held it, once the value is lost at a call site that passes what is not followed. */
type Fn = { kind: "http"; client: CallClient; base?: Value } | { kind: "ref"; ref: ParamRef; hint: string; given?: string };

interface Pending {
  file: string;
  /** The file-local id of the function the call is made in (as seen from where it is now placed). */
  inFunction: string;
  fn: Fn;
  member?: string;
  url: Value;
  method?: string;
  /** Where the method comes from when the call does not say it (`init.method` of a parameter). */
  methodValue?: Value;
  awaited: boolean;
  parallel: Parallel;
  /** The branches the call runs in where it is now placed (see HttpCallFact.arms). */
  arms?: string[];
  timeout?: string;
  /** A proxy's forward (extract/proxies/): it stays one wherever it is made again. */
  proxy?: ProxyFact;
  location: Location;
  /** The call as the code writes it. */
  origin: Location;
  /** The helpers it was made again through, innermost first: `fetchUserAuth() at helpers.ts:157`. */
  through: string[];
  depth: number;
  /** Something was learnt since the call as extracted: a call of a known client that learnt nothing is left as build.ts made it. */
  changed: boolean;
  /**
   * Made again at the call sites for what its own function's parameters hold: always for a call through a parameter,
   * for a known client's only when its URL starts with one (`fetch(url)`, `${base}/x`): a parameter in the path alone
   * (`/accounts/${id}`) does not change where the call goes.
   */
  perSite: boolean;
}

interface Site {
  file: string;
  callee: CalleeFact;
  /** What the instance the method is called on was made with (`new AuthClient({ baseUrl })`), and the file that writes it. */
  receiver?: { file: string; args: (FlowArg | null)[] };
}

/** The constructor of the class a method belongs to (`fn:Orders.get` → `fn:Orders.constructor`), for a method's id. */
function constructorOf(fn: string): string | undefined {
  const dot = fn.lastIndexOf(".");
  return fn.startsWith("fn:") && dot > 3 ? `${fn.slice(0, dot)}.constructor` : undefined;
}

const NOWHERE: Location = Object.freeze({ file: "", line: 0, column: 0 });

/** A caller passes nothing there (no argument, or an object without that field): the callee's fallback applies. */
const MISSING = Symbol("missing");
type Alt = { file: string; arg: FlowArg | typeof MISSING };

export function buildFlowCalls(input: ValueFlowInput): { calls: ModelCall[]; unfollowed: Unfollowed[] } {
  const { facts } = input;
  const calls: ModelCall[] = [];
  const unfollowed: Unfollowed[] = [];
  // Whether any call goes through a parameter, before the call sites are resolved: in most repositories none does.
  let anyFlow = false;
  for (const f of facts.values()) {
    if (f.flowCalls?.length) anyFlow = true;
    else for (const call of f.calls) if (call.inFunction && hasRef(call.url)) anyFlow = true;
    if (anyFlow) break;
  }
  if (!anyFlow) return { calls, unfollowed };
  const sites = new Map<string, Site[]>();
  for (const f of facts.values()) {
    for (const callee of f.callees) {
      const receiver = receiverOf(f, callee);
      // this.verify(token) in a method: the same instance, whose constructor parameters a request may read.
      if (!callee.flowArgs && !receiver && callee.object !== "this") continue;
      const to = input.resolveCallee(f.file, callee);
      if (!to) continue;
      const site: Site = receiver ? { file: f.file, callee, receiver } : { file: f.file, callee };
      const list = sites.get(to);
      if (list) list.push(site);
      else sites.set(to, [site]);
    }
    // app.use("/users", proxyTo(USERS_URL)): the factory's product handles the route, so the route's own function (its
    // chain, see RouteFact.madeBy) makes the factory's calls with what this registration passes.
    for (const route of f.routes) {
      if (!route.madeBy) continue;
      const at = route.madeBy;
      const made = f.callees.find((c) => !c.from && c.flowArgs && c.location.line === at.line && c.location.column === at.column);
      const to = made ? input.resolveCallee(f.file, made) : undefined;
      if (!made || !to) continue;
      const site: Site = { file: f.file, callee: { ...made, from: `route@L${route.location.line}C${route.location.column}` } };
      const list = sites.get(to);
      if (list) list.push(site);
      else sites.set(to, [site]);
    }
    // router.get(path, auth.check.bind(auth), handler): the route's chain calls the method on that instance.
    for (const route of f.routes) {
      for (const step of route.middleware ?? []) {
        const args = step.receiver !== undefined && step.handlerRef ? f.instances?.[step.receiver] : undefined;
        if (!args) continue;
        const callee: CalleeFact = { from: `route@L${route.location.line}C${route.location.column}`, ...step.handlerRef!, awaited: true, parallel: false, location: step.location };
        const to = input.resolveCallee(f.file, callee);
        if (!to) continue;
        const site: Site = { file: f.file, callee, receiver: { file: f.file, args } };
        const list = sites.get(to);
        if (list) list.push(site);
        else sites.set(to, [site]);
      }
    }
  }

  /**
   * What the instance a method is called on was made with: a local `const auth = new AuthClient(…)` (the callee says),
   * or an instance another module makes and exports (`import { orders } from "./clients"` over
   * `export const orders = new ServiceClient(process.env.ORDERS_URL)`), with the file its arguments are written in.
   */
  function receiverOf(f: FileFacts, callee: CalleeFact): Site["receiver"] {
    if (callee.receiverArgs) return { file: f.file, args: callee.receiverArgs };
    if (!callee.object || callee.object.includes(".")) return undefined;
    const imported = f.imports.find((i) => i.local === callee.object);
    const target = imported && imported.imported !== "*" ? input.resolveModule(f.file, imported.specifier) : undefined;
    const args = target ? facts.get(target)?.instances?.[imported!.imported] : undefined;
    return args ? { file: target!, args } : undefined;
  }

  // ---------------------------------------------------------------------------
  // What a parameter holds: the arguments of its function's call sites
  // ---------------------------------------------------------------------------

  const sitesOf = (file: string, fn: string): Site[] => sites.get(`${file}#${fn}`) ?? [];

  /**
   * `arg` (written in `file`) narrowed to the field `path` names, without following the caller's own parameters; what a
   * call of the project's function returns (`makeDeps(options)`) is read in the callee with these arguments.
   */
  const pick = (arg: FlowArg | null | undefined, path: readonly string[], file: string, depth = 0): FlowArg | typeof MISSING | undefined => {
    if (arg === undefined) return MISSING;
    if (arg === null) return undefined;
    if (arg.kind === "call") {
      const made = depth <= MAX_DEPTH ? returnedBy(arg, file, depth) : undefined;
      return made === undefined || made === MISSING ? made : pick(made, path, file, depth + 1);
    }
    if (!path.length) return arg;
    if (arg.kind === "object") {
      const key = path[0]!;
      // A field the literal does not write is passed as nothing, unless a spread may bring it.
      if (!Object.hasOwn(arg.fields, key)) return arg.spread ? undefined : MISSING;
      return pick(arg.fields[key], path.slice(1), file, depth);
    }
    if (arg.kind === "ref") return { kind: "ref", ref: { ...arg.ref, path: [...(arg.ref.path ?? []), ...path] } };
    return undefined;
  };

  /** What `call` returns, in the terms of `file` (where the call is written): the callee's parameters replaced by its arguments. */
  const returnedBy = (call: Extract<FlowArg, { kind: "call" }>, file: string, depth: number): FlowArg | typeof MISSING | undefined => {
    const ref = call.callee.object ? { object: call.callee.object, name: call.callee.name } : { name: call.callee.name };
    const to = input.resolveCallee(file, { ...ref, awaited: false, parallel: false, location: NOWHERE });
    if (!to) return undefined;
    const hash = to.indexOf("#");
    const calleeFile = to.slice(0, hash);
    const fn = to.slice(hash + 1);
    const returned = facts.get(calleeFile)?.flowReturns?.[fn];
    if (!returned) return undefined;
    const own = (r: ParamRef) => r.fn === fn;
    const argOf = (r: ParamRef) => pick(r.index < call.args.length ? call.args[r.index] : undefined, r.path ?? [], file, depth + 1);
    const bindValue = (value: Value): Value => {
      const parts: ValuePart[] = [];
      for (const part of value.parts) {
        if (part.kind !== "unknown" || !part.ref || !own(part.ref)) {
          parts.push(...rebase({ parts: [part] }, calleeFile, file).parts);
          continue;
        }
        const arg = argOf(part.ref);
        if (arg === MISSING) parts.push(...(part.fallback ? rebase(part.fallback, calleeFile, file).parts : [withoutRef(part)]));
        else if (arg?.kind === "value") parts.push(...fallbackKept(arg.value.parts, part.fallback ? { ...part, fallback: rebase(part.fallback, calleeFile, file) } : part));
        else if (arg?.kind === "ref") parts.push({ kind: "unknown", hint: part.hint, ref: arg.ref, ...(part.fallback ? { fallback: rebase(part.fallback, calleeFile, file) } : {}) });
        else parts.push(withoutRef(part));
      }
      return { parts };
    };
    const bind = (arg: FlowArg | null): FlowArg | null => {
      if (!arg) return null;
      switch (arg.kind) {
        case "value":
          return { kind: "value", value: bindValue(arg.value) };
        case "http":
          return arg.base ? { ...arg, base: bindValue(arg.base) } : arg;
        case "ref": {
          if (!own(arg.ref)) return null;
          const passed = argOf(arg.ref);
          return passed === MISSING || passed === undefined ? null : passed;
        }
        case "object": {
          const fields: Record<string, FlowArg | null> = {};
          for (const [key, field] of Object.entries(arg.fields)) fields[key] = bind(field);
          return arg.spread ? { kind: "object", fields, spread: true } : { kind: "object", fields };
        }
        default:
          return null;
      }
    };
    return bind(returned) ?? undefined;
  };

  /** Every value `ref` (of a function of `file`) takes at its call sites, callers' own parameters followed. */
  const alternatives = (file: string, ref: ParamRef, depth: number): Alt[] => {
    if (depth > MAX_DEPTH) return [];
    const out: Alt[] = [];
    for (const site of sitesOf(file, ref.fn)) {
      if (++spent > STEP_BUDGET) break;
      const args = site.callee.flowArgs ?? [];
      const arg = pick(ref.index < args.length ? args[ref.index] : undefined, ref.path ?? [], site.file);
      if (arg === undefined) continue;
      if (arg !== MISSING && arg.kind === "ref") out.push(...alternatives(site.file, arg.ref, depth + 1));
      else out.push({ file: site.file, arg });
      if (out.length >= MAX_VARIANTS) break;
    }
    return out;
  };

  /** `value` (written in `file`) with every parameter it reads replaced by what the callers pass, parts rebased into `file`. */
  const resolveValue = (file: string, value: Value, depth: number, only?: (ref: ParamRef) => boolean): Value[] => {
    if (!hasRef(value, only)) return [value];
    let touched = false;
    let variants: ValuePart[][] = [[]];
    for (const part of value.parts) {
      let options: ValuePart[][] = [[part]];
      if (part.kind === "unknown" && part.ref && (!only || only(part.ref))) {
        const found = depth <= MAX_DEPTH ? alternatives(file, part.ref, depth) : [];
        const resolved: ValuePart[][] = [];
        for (const alt of found) {
          if (alt.arg === MISSING) resolved.push(part.fallback ? [...part.fallback.parts] : [withoutRef(part)]);
          else if (alt.arg.kind === "value") {
            for (const inner of resolveValue(alt.file, alt.arg.value, depth + 1)) resolved.push(fallbackKept(rebase(inner, alt.file, file).parts, part));
          }
        }
        if (resolved.length) {
          options = dedupe(resolved);
          touched = true;
        }
      }
      const next: ValuePart[][] = [];
      for (const head of variants) for (const tail of options) if (next.length < MAX_VARIANTS) next.push([...head, ...tail]);
      variants = next;
    }
    return touched ? variants.map((parts) => ({ parts })) : [value];
  };

  /** The HTTP functions `fn` stands for, with their base URLs rebased into `file`. */
  const resolveFn = (file: string, fn: Fn, depth: number): Fn[] => {
    if (fn.kind === "http") return [fn];
    const out: Fn[] = [];
    for (const alt of alternatives(file, fn.ref, depth)) {
      if (alt.arg === MISSING || alt.arg.kind !== "http") continue;
      const { client, base } = alt.arg;
      if (!base) out.push({ kind: "http", client });
      else for (const value of resolveValue(alt.file, base, depth + 1)) out.push({ kind: "http", client, base: rebase(value, alt.file, file) });
    }
    return out.length ? out : [fn];
  };

  // ---------------------------------------------------------------------------
  // Calls: resolved where they are, or made again at each call site of their function
  // ---------------------------------------------------------------------------

  const made = new Map<string, number>();

  let withHttp: Set<string> | undefined;
  /** Services that import an HTTP client library somewhere in their code. */
  const httpServices = (): Set<string> => {
    if (withHttp) return withHttp;
    withHttp = new Set();
    for (const f of facts.values()) {
      const owner = input.fileService[f.file];
      if (owner && f.imports.some((i) => HTTP_MODULES.has(i.specifier))) withHttp.add(owner);
    }
    return withHttp;
  };

  const finish = (p: Pending): void => {
    const service = input.fileService[p.file] ?? "";
    if (p.fn.kind !== "http") {
      // Only a function whose name says it requests (`requestFn`, `deps.send`; not `db.query`, a callback given a path,
      // a router's `api.get`), in a service that imports an HTTP client: otherwise it is most likely no HTTP call at all.
      const last = p.fn.hint.slice(p.fn.hint.lastIndexOf(".") + 1);
      if (!p.member && /request|fetch|http|send/i.test(last) && httpServices().has(service)) {
        const name = (p.fn.given ?? p.fn.ref.fn).replace(/^fn:/, "");
        const given = !name || name.startsWith("fn@") ? "a function is given" : `${name}() is given`;
        unfollowed.push({
          service,
          location: p.origin,
          message: `${p.fn.hint}(…) at ${p.origin.file}:${p.origin.line} calls what ${given}, but what its callers pass could not be followed to an HTTP client (a call may be missed)`,
          group: name,
        });
      }
      return;
    }
    if (p.member && !VERB_CLIENTS.has(p.fn.client)) return;
    const url = p.fn.base ? { parts: [...p.fn.base.parts, ...p.url.parts] } : p.url;
    const methodText = p.methodValue ? staticOf(p.methodValue) : undefined;
    const method = (methodText ?? p.method ?? (p.member && p.member !== "request" ? p.member : "GET")).toUpperCase();
    const target = input.resolveUrl(p.file, service, url, method);
    // Code no service owns (a browser app's proxy helper): nothing to check, and no call to count as unresolved.
    if (!service && !target.service) return;
    const key = input.locationKey(p.location);
    const count = made.get(key) ?? 0;
    made.set(key, count + 1);
    const literalHost = input.literalHost(p.file, url);
    const through = p.through.length ? `; made by ${p.through.join(", called by ")}` : "";
    const origin = input.locationKey(p.origin);
    calls.push({
      id: count ? `${key}~${count + 1}` : key,
      ...(origin !== key ? { madeFrom: origin } : {}),
      service,
      client: p.fn.client,
      method,
      url: target.url,
      ...(target.service ? { targetService: target.service } : {}),
      ...(target.route ? { targetRoute: target.route } : {}),
      resolution: `${target.resolution}${through}`,
      inFunction: `${p.file}#${p.inFunction}`,
      awaited: p.awaited,
      parallel: p.parallel,
      ...(p.arms ? { arms: p.arms } : {}),
      ...(literalHost ? { literalHost } : {}),
      ...(p.timeout ? { guards: { timeout: p.timeout } } : {}),
      ...(p.proxy ? { proxy: p.proxy } : {}),
      location: p.location,
    });
  };

  /** Steps spent on the current call as written (see STEP_BUDGET). */
  let spent = 0;
  /** Follows one call as the code writes it, within the budget; past it, a diagnostic says where it stopped. */
  const follow = (p: Pending): void => {
    spent = 0;
    step(p);
    if (spent <= STEP_BUDGET) return;
    unfollowed.push({
      service: input.fileService[p.file] ?? "",
      location: p.origin,
      message: `${p.fn.kind === "ref" ? `${p.fn.hint}(…)` : "the call"} at ${p.origin.file}:${p.origin.line} is reached through more callers than arch-lint follows (${STEP_BUDGET} steps): what further callers pass was not read (a call may be missed)`,
      group: "step-budget",
    });
  };

  const step = (p: Pending): void => {
    if (++spent > STEP_BUDGET) return;
    const own = (ref: ParamRef) => ref.fn === p.inFunction;
    const closure = (ref: ParamRef) => ref.fn !== p.inFunction;
    // First what the enclosing functions were given (fixed when the handler was registered) …
    const fns = p.fn.kind === "ref" && closure(p.fn.ref) ? resolveFn(p.file, p.fn, p.depth) : [p.fn];
    const urls = resolveValue(p.file, p.url, p.depth, closure);
    const methods = p.methodValue ? resolveValue(p.file, p.methodValue, p.depth, closure).slice(0, 1) : [undefined];
    let variants = 0;
    for (const fn of fns) {
      for (const url of urls) {
        if (variants++ >= MAX_VARIANTS) return;
        const changed = p.changed || fn !== p.fn || url !== p.url || methods[0] !== p.methodValue;
        const resolved: Pending = { ...p, fn, url, changed, ...(methods[0] ? { methodValue: methods[0] } : {}) };
        // … then, for what its own parameters hold, each call site of the function.
        const ownRefs = (fn.kind === "ref" && own(fn.ref)) || hasRef(url, (ref) => own(ref) || ref.fn === constructorOf(p.inFunction)) || (resolved.methodValue !== undefined && hasRef(resolved.methodValue, own));
        // Sites at module level make no call a handler reaches (their values still count, above).
        const callers = ownRefs && p.perSite && p.depth < MAX_DEPTH ? sitesOf(p.file, p.inFunction).filter((site) => site.callee.from).slice(0, MAX_SITES) : [];
        if (!callers.length && resolved.changed) finish(resolved);
        // A request whose address starts with what the class was made with goes nowhere known from a site that says
        // nothing of the instance (no `new` in view, not `this`) unless the constructor has a default there.
        const made = constructorOf(p.inFunction);
        const first = url.parts[0];
        const blind = made !== undefined && first?.kind === "unknown" && first.ref?.fn === made && !first.fallback;
        for (const site of callers) if (!blind || site.receiver || site.callee.object === "this") step(moveTo(resolved, site));
      }
    }
  };

  for (const f of facts.values()) {
    for (const call of f.flowCalls ?? []) {
      follow({
        file: f.file,
        inFunction: call.inFunction,
        fn: { kind: "ref", ref: call.fn, hint: call.callee },
        ...(call.member ? { member: call.member } : {}),
        url: call.url,
        ...(call.method ? { method: call.method } : {}),
        ...(call.methodRef ? { methodValue: { parts: [{ kind: "unknown", hint: "method", ref: call.methodRef }] } } : {}),
        awaited: call.awaited,
        parallel: call.parallel,
        ...(call.timeout ? { timeout: call.timeout } : {}),
        location: call.location,
        origin: call.location,
        through: [],
        depth: 0,
        changed: true,
        perSite: true,
      });
    }
    for (const call of f.calls) {
      // A call of a known client whose URL reads a parameter (`${notificationBase}/events`, the local set from
      // `options.notificationBase ?? "…"`); client instances and NestJS modules add a base of their own: left as they are.
      if (!call.inFunction || !hasRef(call.url) || call.instance || call.nestHttpClass || call.client === "grpc") continue;
      follow({
        file: f.file,
        inFunction: call.inFunction,
        fn: { kind: "http", client: call.client },
        url: call.url,
        method: call.method,
        // axios({ method, url }) in a helper taking both: the method its callers pass.
        ...(call.methodRef ? { methodValue: { parts: [{ kind: "unknown" as const, hint: "method", ref: call.methodRef }] } } : {}),
        awaited: call.awaited,
        parallel: call.parallel,
        ...(call.arms ? { arms: call.arms } : {}),
        ...(call.timeout ? { timeout: call.timeout } : {}),
        ...(call.proxy ? { proxy: call.proxy } : {}),
        location: call.location,
        origin: call.location,
        through: [],
        depth: 0,
        changed: false,
        perSite: startsWithRef(call.url, call.inFunction) || startsWithRef(call.url, constructorOf(call.inFunction) ?? ""),
      });
    }
  }
  return { calls, unfollowed: summarize(unfollowed) };

  /** The call as the site's function makes it: its parameters replaced by what the site passes. */
  function moveTo(p: Pending, site: Site): Pending {
    const args = site.callee.flowArgs ?? [];
    const own = (ref: ParamRef) => ref.fn === p.inFunction;
    // The class's constructor parameters (`this.baseUrl` set from them): what the receiver was made with, or, for
    // `this.other()` in a method of the same class, still the same instance's.
    const made = constructorOf(p.inFunction);
    const sameInstance = site.callee.object === "this" && made !== undefined && constructorOf(site.callee.from ?? "") === made;
    const passed = (ref: ParamRef) => pick(ref.index < args.length ? args[ref.index] : undefined, ref.path ?? [], site.file);
    // Whether the site tells more than the call as written: a value for a parameter, a fallback that now applies, the client.
    let learnt = false;
    const moveValue = (value: Value): Value => {
      const parts: ValuePart[] = [];
      for (const part of value.parts) {
        if (part.kind === "unknown" && part.ref && made !== undefined && part.ref.fn === made) {
          if (sameInstance) parts.push(part);
          else {
            const receiver = site.receiver;
            const arg = receiver ? pick(part.ref.index < receiver.args.length ? receiver.args[part.ref.index] : undefined, part.ref.path ?? [], receiver.file) : undefined;
            if (arg !== undefined && arg !== MISSING && arg.kind === "value") {
              learnt = true;
              parts.push(...fallbackKept(rebase(arg.value, receiver!.file, site.file).parts, part));
            } else parts.push(withoutRef(part));
          }
          continue;
        }
        if (part.kind !== "unknown" || !part.ref || !own(part.ref)) {
          parts.push(...rebase({ parts: [part] }, p.file, site.file).parts);
          continue;
        }
        const arg = passed(part.ref);
        if ((arg === MISSING && part.fallback) || (arg !== MISSING && arg?.kind === "value")) learnt = true;
        if (arg === MISSING) parts.push(...(part.fallback ? rebase(part.fallback, p.file, site.file).parts : [withoutRef(part)]));
        else if (arg?.kind === "value") parts.push(...fallbackKept(arg.value.parts, part.fallback ? { ...part, fallback: rebase(part.fallback, p.file, site.file) } : part));
        else if (arg?.kind === "ref") parts.push({ kind: "unknown", hint: part.hint, ref: arg.ref, ...(part.fallback ? { fallback: rebase(part.fallback, p.file, site.file) } : {}) });
        else parts.push(withoutRef(part));
      }
      return { parts };
    };
    const url = moveValue(p.url);
    const methodValue = p.methodValue ? moveValue(p.methodValue) : undefined;
    let fn: Fn = p.fn.kind === "http" && p.fn.base ? { ...p.fn, base: rebase(p.fn.base, p.file, site.file) } : p.fn;
    if (p.fn.kind === "ref" && own(p.fn.ref)) {
      const arg = passed(p.fn.ref);
      if (arg !== MISSING && arg?.kind === "http") {
        fn = arg;
        learnt = true;
      } else if (arg !== MISSING && arg?.kind === "ref") fn = { kind: "ref", ref: arg.ref, hint: p.fn.hint };
      else fn = { kind: "ref", ref: { fn: "", index: -1 }, hint: p.fn.hint, given: p.fn.ref.fn };
    }
    const name = p.inFunction.replace(/^fn:/, "");
    const hop = `${name.startsWith("fn@") ? "a function" : `${name}()`} at ${p.location.file}:${p.location.line}`;
    return {
      ...p,
      file: site.file,
      inFunction: site.callee.from!,
      fn,
      url,
      ...(methodValue ? { methodValue } : {}),
      awaited: site.callee.awaited,
      parallel: site.callee.parallel,
      arms: site.callee.arms,
      location: site.callee.location,
      through: [...p.through, hop],
      depth: p.depth + 1,
      // A site that passes on only what it does not know itself makes the same call again: the call as written stands.
      changed: p.changed || learnt,
    };
  }

  /** Import parts written in `from`, as `to` would name the same module (values move between files as they flow). */
  function rebase(value: Value, from: string, to: string): Value {
    if (from === to) return value;
    return {
      parts: value.parts.map((part): ValuePart => {
        if (part.kind === "import" && part.specifier.startsWith(".")) {
          const target = input.resolveModule(from, part.specifier);
          if (!target) return part;
          const relative = posix.relative(posix.dirname(to), target);
          return { ...part, specifier: relative.startsWith(".") ? relative : `./${relative}` };
        }
        if ((part.kind === "env" || part.kind === "unknown") && part.fallback) {
          const moved: ValuePart = { ...part, fallback: rebase(part.fallback, from, to) };
          return moved.kind === "unknown" && moved.ref ? withoutRef(moved) : moved;
        }
        // A parameter of a function of `from` means nothing in `to`: what it holds was not found.
        return part.kind === "unknown" && part.ref ? withoutRef(part) : part;
      }),
    };
  }
}

const HTTP_MODULES = new Set(["undici", "axios", "got", "node-fetch", "cross-fetch", "isomorphic-fetch", "ky", "request", "request-promise", "request-promise-native", "superagent", "needle", "bent", "@nestjs/axios"]);

/** Clients whose object has verb methods (`http.get(url)`), as opposed to a bare request function. */
const VERB_CLIENTS = new Set<CallClient>(["axios", "got", "ky", "request", "superagent", "needle"]);

function hasRef(value: Value, which?: (ref: ParamRef) => boolean): boolean {
  return value.parts.some((part) => part.kind === "unknown" && ((part.ref && (!which || which(part.ref))) || (part.fallback !== undefined && hasRef(part.fallback, which))));
}

/** The URL starts with a parameter of `fn` (or with its fallback chain's), as `${base}/orders` or a whole `url` does. */
function startsWithRef(value: Value, fn: string): boolean {
  const first = value.parts[0];
  return first?.kind === "unknown" && first.ref?.fn === fn;
}

function withoutRef(part: ValuePart): ValuePart {
  if (part.kind !== "unknown" || !part.ref) return part;
  const { ref: _ref, ...rest } = part;
  return rest;
}

/**
 * What the caller passed, keeping the callee's fallback where the caller's own value has none: the caller passes
 * `process.env.NOTIFY_URL`, the callee writes `options.notifyBase ?? "http://localhost:4010"`: unset, it is the literal.
 */
function fallbackKept(parts: readonly ValuePart[], part: ValuePart): ValuePart[] {
  const fallback = part.kind === "unknown" ? part.fallback : undefined;
  const only = parts.length === 1 ? parts[0]! : undefined;
  if (fallback && only?.kind === "env" && !only.fallback) return [{ ...only, fallback }];
  return [...parts];
}

function dedupe(list: ValuePart[][]): ValuePart[][] {
  const seen = new Set<string>();
  return list.filter((parts) => {
    const key = JSON.stringify(parts);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function staticOf(value: Value): string | undefined {
  const only = value.parts.length === 1 ? value.parts[0] : undefined;
  if (only?.kind === "text") return only.text;
  if (only?.kind === "unknown" && only.fallback) return staticOf(only.fallback);
  return undefined;
}

/** One diagnostic per service and function not followed, with how many calls it stands for. */
function summarize(list: Unfollowed[]): Unfollowed[] {
  const byKey = new Map<string, { first: Unfollowed; count: number }>();
  for (const item of list) {
    const key = `${item.service}\0${item.group ?? item.message}`;
    const found = byKey.get(key);
    if (found) found.count++;
    else byKey.set(key, { first: item, count: 1 });
  }
  return [...byKey.values()].map(({ first: { group: _group, ...first }, count }) => (count > 1 ? { ...first, message: `${first.message}; ${count - 1} more call${count > 2 ? "s" : ""} like it` } : first));
}
