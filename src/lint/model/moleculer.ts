import type { FileFacts, Location, MessagingSystem, ModelCall, ModelEdge, ModelRoute, ModelTopic, MoleculerActionFact, MoleculerBrokerFact, MoleculerServiceFact, MoleculerWebRouteFact } from "../types.js";
import type { Ctx } from "./context.js";
import { resolveRef } from "./call-graph.js";
import { renderValue } from "./values.js";

/**
 * Moleculer in the model. Each Moleculer service (a schema, extract/moleculer.ts) runs in the deployed service that
 * owns its file; its actions are request-reply handlers (`users ACTION v2.users.get`), reached by `ctx.call` /
 * `broker.call` as synchronous calls (client "moleculer") to the deployed service that declares the action: chains go
 * on through them (ArchModel.actions), and what guards them is the call's `timeout` option, the broker's
 * `requestTimeout` and its `circuitBreaker`. moleculer-web's routes are HTTP routes of the gateway's deployed service,
 * each forwarding to the action it calls (the gateway is the edge, as a proxy is: its forward is no hop). Events
 * (`ctx.emit`, `broker.broadcast`, a schema's `events`) are topics on the broker's transporter.
 */

export interface MoleculerModel {
  routes: ModelRoute[];
  calls: ModelCall[];
  actions: ModelRoute[];
  topics: ModelTopic[];
  edges: ModelEdge[];
}

interface Declared {
  /** The deployed service (of the model) that runs it. */
  deployed: string;
  file: string;
  schema: MoleculerServiceFact;
  /** `v2.users` (or `users`): what its actions' names start with. */
  fullName: string;
}

interface ActionAt {
  declared: Declared;
  action: MoleculerActionFact;
  fullName: string;
  route: ModelRoute;
}

const TRANSPORTERS: Record<string, MessagingSystem> = { nats: "nats", stan: "nats-streaming", redis: "redis", mqtt: "mqtt", mqtts: "mqtt", amqp: "amqp", amqps: "amqp", amqp10: "amqp", kafka: "kafka", tcp: "tcp" };

export function buildMoleculer(ctx: Ctx): MoleculerModel {
  const files = [...ctx.facts.values()].filter((f) => f.moleculer);
  const out: MoleculerModel = { routes: [], calls: [], actions: [], topics: [], edges: [] };
  if (!files.length) return out;
  const declared: Declared[] = [];
  for (const f of files) {
    const deployed = ctx.fileService[f.file];
    if (deployed === undefined) continue;
    for (const schema of f.moleculer!.services) declared.push({ deployed, file: f.file, schema, fullName: fullServiceName(schema) });
  }
  const functionIds = new Map<string, Map<string, string>>();
  const functionAt = (file: string, at: Location | undefined): string | undefined => {
    if (!at) return undefined;
    let byLocation = functionIds.get(file);
    if (!byLocation) {
      byLocation = new Map((ctx.facts.get(file)?.functions ?? []).map((fn) => [`${fn.location.line}:${fn.location.column}`, fn.id]));
      functionIds.set(file, byLocation);
    }
    const id = byLocation.get(`${at.line}:${at.column}`);
    return id ? `${file}#${id}` : undefined;
  };

  // Actions, by full name.
  const brokers = brokerOptions(ctx, files);
  const networkOf = (service: string): string => brokers.get(service)?.network ?? ANY;
  const actions = new Map<string, ActionAt[]>();
  const byServiceName = new Map<string, Declared[]>();
  for (const d of declared) {
    byServiceName.set(d.fullName, [...(byServiceName.get(d.fullName) ?? []), d]);
    for (const action of d.schema.actions) {
      const fullName = `${d.fullName}.${action.name}`;
      const handler = functionAt(d.file, action.handlerAt) ?? (action.handlerRef ? resolveRef(ctx, d.file, action.handlerRef, undefined) : undefined);
      const route: ModelRoute = { id: actionRouteId(d.deployed, fullName), service: d.deployed, framework: "moleculer-web", method: "ACTION", path: fullName, ...(handler ? { handler } : {}), location: action.location, mountChain: [] };
      actions.set(fullName, [...(actions.get(fullName) ?? []), { declared: d, action, fullName, route }]);
      out.actions.push(route);
    }
    // `this.helper()` in an action runs the schema's method `helper`.
    if (d.schema.methods) methodEdges(ctx, d, functionAt, out.edges);
  }

  // What a broker of this service can reach: the services on its network, its own first.
  const reachable = <T extends { declared: Declared } | Declared>(service: string, found: readonly T[] | undefined): T | undefined => {
    const deployedOf = (item: T): string => ("declared" in item ? item.declared.deployed : (item as Declared).deployed);
    const network = networkOf(service);
    const candidates = (found ?? []).filter((item) => sameNetwork(network, networkOf(deployedOf(item))));
    return candidates.find((item) => deployedOf(item) === service) ?? candidates[0];
  };
  const callers = (file: string): string[] => {
    const owner = ctx.fileService[file];
    return owner !== undefined ? [owner] : ctx.usersOf(file).map((user) => user.service);
  };

  // Calls of actions.
  for (const f of files) {
    const services = callers(f.file);
    if (!services.length) continue;
    for (const call of f.moleculer!.calls) {
      const action = renderValue(ctx, f.file, call.action, ctx.envOf(services[0])).text;
      if (action.startsWith("$")) continue;
      const found = reachable(services[0]!, actions.get(action));
      const owner = found ? undefined : reachable(services[0]!, serviceOfAction(action, byServiceName));
      const target = found?.declared.deployed ?? owner?.deployed;
      const resolution = found
        ? `${found.declared.schema.name} declares the action ${action} (${found.declared.file}:${found.action.location.line}), run by ${target}`
        : owner
          ? `${owner.schema.name} (${owner.file}) runs in ${target}, but no action ${action} of it was found`
          : `no Moleculer service of the scan declares the action ${action}`;
      for (const service of services) {
        const broker = brokers.get(service);
        const timeout = call.timeout ?? broker?.requestTimeout;
        const breaker = broker?.circuitBreaker ? broker.location : undefined;
        out.calls.push({
          id: `${f.file}:${call.location.line}:${call.location.column}${services.length > 1 ? `@${service}` : ""}`,
          service,
          client: "moleculer",
          method: "CALL",
          url: action,
          ...(target ? { targetService: target } : {}),
          ...(found ? { targetRoute: found.route.id } : {}),
          resolution,
          ...(call.inFunction ? { inFunction: `${f.file}#${call.inFunction}` } : {}),
          awaited: call.awaited,
          parallel: call.parallel,
          ...(timeout || breaker ? { guards: { ...(timeout ? { timeout } : {}), ...(breaker ? { breaker } : {}) } } : {}),
          location: call.location,
        });
      }
    }
  }

  // moleculer-web's routes.
  for (const gateway of declared) {
    for (const route of gateway.schema.routes ?? []) {
      const network = networkOf(gateway.deployed);
      const onNetwork = declared.filter((d) => sameNetwork(network, networkOf(d.deployed)));
      for (const served of servedRoutes(route, onNetwork)) {
        const found = served.action ? reachable(gateway.deployed, actions.get(served.action)) : undefined;
        const target = found?.declared.deployed ?? (served.action ? reachable(gateway.deployed, serviceOfAction(served.action, byServiceName))?.deployed : undefined);
        const callId = `${served.location.file}:${served.location.line}:${served.location.column} ${served.method} ${served.path}`;
        const resolution = found ? `moleculer-web calls the action ${served.action}, which ${found.declared.schema.name} declares (run by ${target})` : `moleculer-web calls the action ${served.action ?? "(none)"}, which no Moleculer service of the scan declares`;
        const modelRoute: ModelRoute = {
          id: `${gateway.deployed} ${served.method} ${served.path}`,
          service: gateway.deployed,
          framework: "moleculer-web",
          method: served.method,
          path: served.path,
          location: served.location,
          mountChain: served.mountedAt ? [served.mountedAt] : [],
          ...(served.action ? { proxy: { library: "moleculer-web", upstream: served.action, ...(target ? { targetServices: [target] } : {}), forwards: served.action, resolution, call: callId, location: served.location } } : {}),
        };
        out.routes.push(modelRoute);
        if (!served.action) continue;
        out.calls.push({
          id: callId,
          service: gateway.deployed,
          client: "moleculer",
          method: "CALL",
          url: served.action,
          ...(target ? { targetService: target } : {}),
          ...(found ? { targetRoute: found.route.id } : {}),
          resolution,
          awaited: true,
          parallel: false,
          proxy: { library: "moleculer-web" },
          location: served.location,
        });
      }
    }
  }

  // Events.
  for (const f of files) {
    const services = callers(f.file);
    for (const service of services) {
      const system = brokers.get(service)?.system ?? "unknown";
      for (const emit of f.moleculer!.emits) {
        const topic = renderValue(ctx, f.file, emit.event, ctx.envOf(service)).text;
        if (topic.startsWith("$")) continue;
        out.topics.push({ service, system, topic, role: "produce", resolution: moleculerResolution(brokers.get(service)), ...(emit.inFunction ? { inFunction: `${f.file}#${emit.inFunction}` } : {}), location: emit.location });
      }
    }
  }
  for (const d of declared) {
    const system = brokers.get(d.deployed)?.system ?? "unknown";
    for (const event of d.schema.events) {
      if (event.name.startsWith("$")) continue;
      const handler = functionAt(d.file, event.handlerAt);
      out.topics.push({ service: d.deployed, system, topic: event.name, role: "consume", resolution: moleculerResolution(brokers.get(d.deployed)), ...(handler ? { inFunction: handler } : {}), location: event.location });
    }
  }
  return out;
}

export function actionRouteId(service: string, action: string): string {
  return `${service} ACTION ${action}`;
}

/** `v2.users`, `staging.users`, `users` (settings.$noVersionPrefix keeps the plain name). */
function fullServiceName(schema: MoleculerServiceFact): string {
  if (!schema.version || schema.noVersionPrefix) return schema.name;
  return `${schema.version.numeric ? `v${schema.version.text}` : schema.version.text}.${schema.name}`;
}

/** The service an action's name starts with (`users.find` → users), when no action of that name was found. */
function serviceOfAction(action: string, byServiceName: ReadonlyMap<string, Declared[]>): Declared[] | undefined {
  for (let end = action.lastIndexOf("."); end > 0; end = action.lastIndexOf(".", end - 1)) {
    const found = byServiceName.get(action.slice(0, end));
    if (found) return found;
  }
  return undefined;
}

/** A network whose broker options were not found may be any. */
function sameNetwork(a: string, b: string): boolean {
  return a === b || a === ANY || b === ANY;
}

interface Served {
  method: string;
  path: string;
  action?: string;
  location: Location;
  mountedAt?: Location;
}

/**
 * What a moleculer-web route serves: its aliases; with `autoAliases`, the `rest` routes of every action it may call;
 * with neither and the default mapping policy ("all"), every published action at `<path>/<service>/<action>`. A route
 * that has aliases serves those as its API: the direct mapping beside them is left out (it doubles every alias).
 */
function servedRoutes(route: MoleculerWebRouteFact, declared: readonly Declared[]): Served[] {
  const allowed = whitelistOf(route.whitelist);
  const out: Served[] = [];
  for (const alias of route.aliases) {
    if (alias.action && !allowed(alias.action)) continue;
    out.push({ method: alias.method, path: joinPaths(route.path, alias.path), ...(alias.action ? { action: alias.action } : {}), location: alias.location, mountedAt: route.location });
  }
  if (route.autoAliases) {
    for (const d of declared) {
      const base = d.schema.restBase ?? `/${d.fullName.replace(/\./g, "/")}`;
      for (const action of d.schema.actions) {
        const fullName = `${d.fullName}.${action.name}`;
        if (!action.rest || !published(action) || !allowed(fullName)) continue;
        for (const rest of action.rest) {
          out.push({ method: rest.method === "*" ? "ALL" : rest.method, path: joinPaths(route.path, base, rest.path ?? `/${action.name}`), action: fullName, location: action.location, mountedAt: route.location });
        }
      }
    }
  }
  if (!route.aliases.length && !route.autoAliases && route.mappingPolicy !== "restrict") {
    const seen = new Set<string>();
    for (const d of declared) {
      for (const action of d.schema.actions) {
        const fullName = `${d.fullName}.${action.name}`;
        if (seen.has(fullName) || !published(action) || !allowed(fullName)) continue;
        seen.add(fullName);
        out.push({ method: "ALL", path: joinPaths(route.path, `/${fullName.replace(/\./g, "/")}`), action: fullName, location: action.location, mountedAt: route.location });
      }
    }
  }
  return out;
}

/** Actions other nodes and the gateway may call: not `private` nor `protected`. */
function published(action: MoleculerActionFact): boolean {
  return action.visibility === undefined || action.visibility === "published" || action.visibility === "public";
}

/** moleculer-web's whitelist: `users.*` (one level), `users.**`, exact names, regular expressions (`/^math\.\w+$/`). */
function whitelistOf(list: readonly string[] | undefined): (action: string) => boolean {
  if (!list) return () => true;
  const tests = list.map((item) => {
    const regex = /^\/(.*)\/([a-z]*)$/.exec(item);
    if (regex) {
      try {
        const re = new RegExp(regex[1]!, regex[2]);
        return (action: string) => re.test(action);
      } catch {
        return () => true;
      }
    }
    // A lone `*` is every action: moleculer-web before Moleculer 0.13 matched masks with nanomatch, where `*` crosses the
    // dots of `users.list`, and its template says so ("Access to any actions in all services"); read as today's one-level
    // `*` it would let nothing through, a gateway that serves nothing, which its author would have seen.
    if (item === "*") return () => true;
    const re = new RegExp(`^${wildcardPattern(item)}$`);
    return (action: string) => re.test(action);
  });
  return (action) => tests.some((test) => test(action));
}

/** Moleculer's wildcards: `**` any text, `*` any text without a dot, `?` one character; the rest as written. */
function wildcardPattern(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === "*" && pattern[i + 1] === "*") {
      out += ".*";
      i++;
    } else if (char === "*") out += "[^.]*";
    else if (char === "?") out += ".";
    else out += char.replace(/[.+^${}()|[\]\\]/, "\\$&");
  }
  return out;
}

function joinPaths(...parts: string[]): string {
  const joined = parts.filter(Boolean).join("/").replace(/\/{2,}/g, "/").replace(/(.)\/$/, "$1");
  return joined.startsWith("/") ? joined : `/${joined}`;
}

/** The network of a service whose broker options were not found: it may reach any other. */
const ANY = "*";

interface BrokerOf {
  /** Brokers of one network (transporter and namespace) call each other's actions; `local:<service>` for one with no transporter. */
  network: string;
  system?: MessagingSystem;
  transporter?: string;
  requestTimeout?: string;
  circuitBreaker?: boolean;
  location: Location;
}

/**
 * Each deployed service's broker options: a `new ServiceBroker({...})` in its files, else the moleculer.config.js
 * of its package (moleculer-runner reads it), whose folder holds the service's root or is it.
 */
function brokerOptions(ctx: Ctx, files: readonly FileFacts[]): Map<string, BrokerOf> {
  const byService = new Map<string, Omit<BrokerOf, "network"> & { namespace?: string; noTransporter?: boolean }>();
  const merge = (service: string, file: string, fact: MoleculerBrokerFact) => {
    const known = byService.get(service);
    const env = ctx.envOf(service);
    const transporter = fact.transporter ? renderValue(ctx, file, fact.transporter, env).text : undefined;
    const namespace = fact.namespace ? renderValue(ctx, file, fact.namespace, env).text : undefined;
    byService.set(service, {
      ...(known ?? {}),
      ...(transporter ? { transporter } : {}),
      ...(fact.noTransporter ? { noTransporter: true } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      ...(fact.requestTimeout ? { requestTimeout: fact.requestTimeout } : {}),
      ...(fact.circuitBreaker ? { circuitBreaker: true } : {}),
      location: known?.location ?? fact.location,
    });
  };
  // Config files first, so that a service's own `new ServiceBroker` options win.
  const ordered = [...files].sort((a, b) => Number(Boolean(ctx.fileService[a.file] !== undefined && !isConfig(a.file))) - Number(Boolean(ctx.fileService[b.file] !== undefined && !isConfig(b.file))));
  for (const f of ordered) {
    for (const fact of f.moleculer!.brokers) {
      const owner = ctx.fileService[f.file];
      const folder = f.file.includes("/") ? f.file.slice(0, f.file.lastIndexOf("/")) : "";
      const services = isConfig(f.file) ? configUsers(ctx, folder) : owner !== undefined ? [owner] : ctx.usersOf(f.file).map((u) => u.service);
      for (const service of services) merge(service, f.file, fact);
    }
  }
  // moleculer-runner reads TRANSPORTER and NAMESPACE from the environment over the config file's.
  const out = new Map<string, BrokerOf>();
  for (const service of ctx.services) {
    const known = byService.get(service.name);
    const env = ctx.envOf(service.name);
    const transporter = env.TRANSPORTER || (known?.noTransporter ? undefined : known?.transporter);
    if (!known && !transporter) continue;
    const namespace = env.NAMESPACE ?? known?.namespace ?? "";
    const system = transporter ? systemOf(transporter) : undefined;
    const { noTransporter: _off, namespace: _ns, transporter: _t, ...rest } = known ?? { location: service.location };
    // An address or namespace read from a variable nobody sets could be any network's.
    const network = transporter ? (`${transporter}${namespace}`.includes("${") ? ANY : `${transporter}|${namespace}`) : `local:${service.name}`;
    out.set(service.name, { ...rest, network, ...(transporter ? { transporter } : {}), ...(system ? { system } : {}) });
  }
  return out;
}

/** The services of the package a moleculer.config.js is in (the deepest whose folder holds it), else those in folders below it. */
function configUsers(ctx: Ctx, folder: string): string[] {
  const holding = ctx.services.filter((s) => !s.language && (s.root === "" || folder === s.root || folder.startsWith(`${s.root}/`)));
  const deepest = Math.max(-1, ...holding.map((s) => s.root.length));
  if (holding.length) return holding.filter((s) => s.root.length === deepest).map((s) => s.name);
  return ctx.services.filter((s) => !s.language && (folder === "" || s.root.startsWith(`${folder}/`))).map((s) => s.name);
}

function isConfig(file: string): boolean {
  return /(^|\/)moleculer\.config\.[cm]?[jt]s$/.test(file);
}

/** `"NATS"`, `"nats://nats:4222"`, `"redis://redis:6379"`, `"TCP"`: the scheme or the name says the system. */
function systemOf(transporter: string): MessagingSystem | undefined {
  const name = (/^([a-z0-9]+):\/\//i.exec(transporter)?.[1] ?? transporter).toLowerCase();
  return TRANSPORTERS[name];
}

function moleculerResolution(broker: BrokerOf | undefined): string {
  return broker?.transporter ? `a Moleculer event, carried by the broker's transporter ${broker.transporter}` : "a Moleculer event (no transporter found in the broker's options)";
}

/** Edges from each function of a schema's file that calls `this.<method>()` to that method of the schema. */
function methodEdges(ctx: Ctx, d: Declared, functionAt: (file: string, at: Location | undefined) => string | undefined, edges: ModelEdge[]): void {
  const f = ctx.facts.get(d.file);
  if (!f) return;
  for (const callee of f.callees) {
    if (callee.object !== "this" || !callee.from || callee.className) continue;
    const to = functionAt(d.file, d.schema.methods![callee.name]);
    if (!to) continue;
    edges.push({ from: `${d.file}#${callee.from}`, to, awaited: callee.awaited, parallel: callee.parallel, location: callee.location });
  }
}
