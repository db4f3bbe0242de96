import { posix } from "node:path";
import { NOT_HOOKED, TRACING_MODULE } from "../extract/tracing.js";
import { defineRule, where, type RuleReport } from "../rule.js";
import { DEFAULT_EXEMPT, isCatchAll, isExempt } from "./unversioned-route.js";
import type { ArchModel, EvidenceHop, ModelTracer, ServiceInfo } from "../types.js";

/**
 * In a repository of several services, each service that serves requests or calls another one starts
 * distributed tracing before its application code: an OpenTelemetry SDK or a vendor's tracer loaded by its
 * code, preloaded by its start command (`--require`, `--import`, `NODE_OPTIONS`), or injected by the platform.
 * A trace that stops at one untraced hop is where incidents go to hide.
 */

export interface MissingTracingOptions {
  modules: string[];
}

/**
 * `-r x`, `--require x`, `--require=x`, `--import x`, `--loader x`, `--experimental-loader x`: what Node loads before the
 * entry; also as the first word of a quoted NODE_OPTIONS (`NODE_OPTIONS="-r ./apm.js" fastify start app.js`).
 */
const PRELOAD = /(?:^|\s|(?<==)["']?|(?<=\s)["'])(?:-r|--require|--import|--loader|--experimental-loader)(?:\s+|=)(?:"([^"]+)"|'([^']+)'|([^\s"']+))/g;

/** A local preloaded file whose name says it starts tracing (its code was not scanned: build output, a .mjs outside the sources). */
const TRACING_FILE_NAME = /(trac(e|er|ing)|telemetry|otel|opentelemetry|instrument(ation)?|apm|newrelic|datadog|sentry)[^/]*$/i;

/**
 * Tracers that instrument modules by hooking `require`/`import` when they start (the OpenTelemetry SDK and its
 * instrumentations, the vendors' agents): only those miss what was loaded before them. A manual tracer provider
 * (`@opentelemetry/sdk-trace-base`), Zipkin's and Jaeger's middleware-style clients and the NestJS wrappers that
 * start the SDK from a module work wherever they are loaded.
 */
const HOOKED = (module: string): boolean => !NOT_HOOKED.test(module);

/** package.json scripts that start the service: `start`, `start:prod`, `serve`, `dev`, `prod`. */
const START_SCRIPT = /^(start|serve|dev|prod)([:_-].*)?$/;

/** Build output folders a start command runs from, and the source folder their files come from. */
const BUILD_FOLDER = /^(dist|build|out|lib|\.build)\//;

/** The modules each preload flag in `command` names. */
export function preloadedModules(command: string): string[] {
  const modules: string[] = [];
  for (const match of command.matchAll(PRELOAD)) modules.push(match[1] ?? match[2] ?? match[3]!);
  return modules;
}

/** `./dist/telemetry.js` → `telemetry`, `src/tracing.ts` → `tracing`: a file compared without folder of build output or extension. */
function sourceKey(path: string): string {
  return posix.normalize(path.replace(/^\.\//, "")).replace(BUILD_FOLDER, "").replace(/^src\//, "").replace(/\.[cm]?[jt]sx?$/, "");
}

/** A service that starts tracing; `late` when its code loads the tracer only after the app. */
interface Traced {
  /** Loaded by the code only after the app (every load site that starts it loads an app module first). */
  late?: { tracer: ModelTracer; after: NonNullable<ModelTracer["after"]> };
}

export default defineRule<MissingTracingOptions>({
  meta: {
    id: "missing-tracing",
    description: "In a repository with two or more services, every service that serves requests or calls another service starts distributed tracing before its application code.",
    defaultSeverity: "warn",
    options: {
      modules: {
        type: "array",
        items: { type: "string" },
        description:
          "More modules that start tracing when loaded, beside the OpenTelemetry Node SDK and instrumentations, dd-trace, elastic-apm-node, newrelic, @splunk/otel, @sentry/node and the other known tracers (a company's own tracing package). Default: none.",
      },
    },
    defaultOptions: { modules: [] },
  },
  check(model, options) {
    if (codeBases(model) < 2) return [];
    const extra = new Set(options.modules);
    const isTracer = (module: string): boolean => TRACING_MODULE.test(module) || extra.has(module) || [...extra].some((name) => module.startsWith(`${name}/`));
    const reports: RuleReport[] = [];
    const active = activities(model);
    let filesOf: Map<string, string[]> | undefined;
    for (const service of model.services) {
      // A service in another language is not judged: its tracer is not one arch-lint knows how to find.
      if (service.language) continue;
      const activity = active.get(service.name);
      if (!activity) continue;
      const traced = tracedBy(model, service, isTracer, (filesOf ??= filesByService(model)).get(service.name) ?? []);
      if (traced?.late) {
        const { tracer, after } = traced.late;
        const site = tracer.via?.[0] ?? tracer.location;
        reports.push({
          messageId: "late",
          message: `${service.name} ${activity.what} but its tracing loads after the app: ${after.location.file === site.file ? `${site.file} loads ${after.module} (line ${after.location.line}) before its tracer, ${tracer.module} (line ${site.line})` : `${after.location.file} loads ${after.module} (line ${after.location.line}) before the module that loads its tracer, ${tracer.module} (${site.file}:${site.line})`}, so what ${after.module} brings is never instrumented and its requests make no spans; load the tracer first (the entry's first import, or node --import ./telemetry.js)`,
          data: { service: service.name, tracer: tracer.module, after: after.module },
          location: site,
          evidence: [
            { message: `${service.name} ${activity.what}`, location: activity.location },
            { message: `${after.module} is loaded here, before the tracer`, location: after.location },
            { message: `the tracer is loaded here, too late`, location: site },
            ...(tracer.via?.length ? [{ message: `${tracer.module} is imported here`, location: tracer.location }] : []),
          ],
          key: `${service.name}|late`,
        });
        continue;
      }
      if (traced) continue;
      const starts = service.starts ?? [];
      const runs = starts.filter((start) => (start.script === undefined || START_SCRIPT.test(start.script)) && /\b(node|nodemon|ts-node|ts-node-dev|tsx|bun|nest\s+start|pm2|npm\s+(run\s+)?start)\b/.test(start.command));
      const checked = (runs.length ? runs : starts).slice(0, 3);
      const entry = entryFile((filesOf ??= filesByService(model)).get(service.name) ?? [], service);
      // In a source file, where a comment can suppress it: the entry's first line, else the route or call; never the
      // caller's code for a service known only as called (its own first file, else where it was discovered).
      // A route a configuration file declares (an express-gateway gateway.config.yml) is no source file either.
      const location = entry?.location ?? (activity.foreign || NOT_SOURCE.test(activity.location.file) ? ownLocation(model, service, filesOf.get(service.name) ?? []) : activity.location);
      reports.push({
        messageId: "missing",
        message: `${service.name} ${activity.what} but starts no distributed tracing: no tracing SDK is loaded by its code${checked.length ? `, its start command${checked.length > 1 ? "s" : ""} (${checked.map((start) => where(start.location)).join(", ")})` : ""} or NODE_OPTIONS; start OpenTelemetry before the app (node --import ./telemetry.js)`,
        data: { service: service.name },
        location,
        evidence: [
          { message: `${service.name} ${activity.what}`, location: activity.location },
          ...(entry ? [{ message: `the entry ${entry.location.file} loads no tracing SDK`, location: entry.location }] : []),
          ...checked.map((start) => ({ message: `started with \`${start.command.length > 120 ? `${start.command.slice(0, 117)}...` : start.command}\`, which preloads no tracer`, location: start.location })),
        ],
        key: service.name,
      });
    }
    return reports;
  },
});

/** What makes the service part of a trace: the routes it serves, or the calls it makes to other services. */
/** Each service's files, indexed once (asked for each service reported). */
function filesByService(model: ArchModel): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (const file in model.fileService) {
    const service = model.fileService[file]!;
    const list = files.get(service);
    if (list) list.push(file);
    else files.set(service, [file]);
  }
  return files;
}

/** Files that declare routes or calls without being code (configuration read into the model). */
const NOT_SOURCE = /\.(ya?ml|json)$/i;

/** `foreign`: the location is in another service's code (the call that reaches a service known only as called). */

type Activity = { what: string; location: EvidenceHop["location"]; foreign?: true };

/**
 * What makes each service part of a request (its first route that is no probe, gRPC method, request-reply
 * message it answers, call to another service, request it sends), found in one pass over the model rather
 * than one search of every route per service.
 */
function activities(model: ArchModel): Map<string, Activity> {
  const firstOf = <T extends { service: string }>(items: readonly T[], keep: (item: T) => boolean): Map<string, T> => {
    const first = new Map<string, T>();
    for (const item of items) if (!first.has(item.service) && keep(item)) first.set(item.service, item);
    return first;
  };
  // A catch-all answers what no route took (`app.all("*")` throwing not-found): no request of the architecture. One that
  // reads a parameter first (`ALL /gateway/:service/*`, forwarding by hand) or a proxy's serves requests.
  const routes = firstOf([...model.routes, ...(model.resolvers ?? [])], (r) => !r.probe && !r.catchAll && !(isCatchAll(r.method, r.path) && !("proxy" in r && r.proxy) && !/\/:|\{/.test(r.path)) && r.method !== "OPTIONS" && r.method !== "HEAD" && !(r.path === "/" && r.method === "GET") && !isExempt(r.path, DEFAULT_EXEMPT));
  const calls = firstOf(model.calls, (c) => Boolean(c.targetService) && c.targetService !== c.service);
  // A route another service calls is on a request's path even when it looks like a probe (`GET /` answering the
  // caller): the callee of a resolved call takes part, whatever its routes are called.
  const calledBy = new Map<string, (typeof model.calls)[number]>();
  // Only a service's call: one in code no service owns (a browser front end, a script) is no hop of a trace.
  // A health check another service makes (a gateway's /health asking each backend's) is no request to trace.
  const serviceNames = new Set(model.services.map((s) => s.name));
  const routeById = new Map(model.routes.map((r) => [r.id, r]));
  const calledPath = (call: (typeof model.calls)[number]) => (call.targetRoute ? routeById.get(call.targetRoute)?.path : undefined) ?? /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(call.url)?.[1] ?? "/";
  for (const call of model.calls) {
    if (!call.targetService || call.targetService === call.service || !serviceNames.has(call.service) || calledBy.has(call.targetService)) continue;
    if (!isExempt(calledPath(call), DEFAULT_EXEMPT)) calledBy.set(call.targetService, call);
  }
  const grpc = firstOf(model.topics, (t) => t.system === "grpc" && t.role === "consume");
  // A queue another service sends requests on (a reply awaited by hand: `e.on(uuid, …)`) is read by the service that
  // answers them, however its consumer looks.
  const asked = new Set(model.topics.filter((t) => t.requestReply && t.role === "produce" && t.system !== "grpc").map((t) => `${t.service}|${t.system}|${t.topic}`));
  const askedByOther = (t: (typeof model.topics)[number]) => asked.size > 0 && [...asked].some((key) => !key.startsWith(`${t.service}|`) && key.endsWith(`|${t.system}|${t.topic}`));
  const answers = firstOf(model.topics, (t) => t.role === "consume" && t.system !== "grpc" && (Boolean(t.requestReply) || askedByOther(t)));
  const asks = firstOf(model.topics, (t) => Boolean(t.requestReply) && t.role === "produce" && t.system !== "grpc");
  const found = new Map<string, Activity>();
  for (const { name: service } of model.services) {
    const route = routes.get(service);
    const served = grpc.get(service);
    const answered = answers.get(service);
    const call = calls.get(service);
    const asked = asks.get(service);
    const activity: Activity | undefined = route
      ? { what: `serves ${route.method} ${route.path}`, location: route.location }
      : served
        ? { what: `serves gRPC ${served.topic}`, location: served.location }
        : answered
          ? { what: `answers ${answered.system} requests ${answered.topic}`, location: answered.location }
          : call
            ? { what: `calls ${call.targetService} (${call.client === "grpc" ? call.url : `${call.method} ${call.url}`})`, location: call.location }
            : asked
              ? { what: `sends ${asked.system} requests ${asked.topic} and waits for the reply`, location: asked.location }
              : calledBy.has(service)
                ? calledActivity(calledBy.get(service)!, routeById)
                : undefined;
    if (activity) found.set(service, activity);
  }
  return found;
}

/** Where in its own code a service known only as called is reported: a route it serves, a topic it reads, else its first source file. */
function ownLocation(model: ArchModel, service: ServiceInfo, files: readonly string[]): EvidenceHop["location"] {
  const route = model.routes.find((r) => r.service === service.name && !NOT_SOURCE.test(r.location.file));
  if (route) return route.location;
  // A topic of its own code before one of a library it uses (a shared mixin's consumer), which other services share.
  const own = new Set(files);
  const topic = model.topics.find((t) => t.service === service.name && own.has(t.location.file)) ?? model.topics.find((t) => t.service === service.name);
  if (topic) return topic.location;
  const first = files.filter((file) => !/(^|\/)\.[^/]*$/.test(file) && !/\.config\.[cm]?[jt]s$/.test(file)).sort()[0];
  return first ? { file: first, line: 1, column: 1 } : service.location;
}

/** A service another one calls: the route the call reaches (or the call, when no route of it matched). */
function calledActivity(call: ArchModel["calls"][number], routeById: ReadonlyMap<string, ArchModel["routes"][number]>): Activity {
  const route = call.targetRoute ? routeById.get(call.targetRoute) : undefined;
  return route
    ? { what: `serves ${route.method} ${route.path} (${call.service} calls it)`, location: route.location }
    : { what: `is called by ${call.service} (${call.client === "grpc" ? call.url : `${call.method} ${call.url}`})`, location: call.location, foreign: true };
}

function tracedBy(model: ArchModel, service: ServiceInfo, isTracer: (module: string) => boolean, files: readonly string[]): Traced | undefined {
  if (service.instrumentation) return {};
  const tracers = (model.tracers ?? []).filter((tracer) => tracer.service === service.name);
  if (preloadsTracer(service, tracers, isTracer)) return {};
  // A tracing file nothing loads runs only when it is what the service starts: with no entry known, it may be.
  const entry = entryFile(files, service)?.location.file;
  const site = (tracer: ModelTracer): string => (tracer.via?.[0] ?? tracer.location).file;
  const runs = (tracer: ModelTracer): boolean => !tracer.unimported || entry === undefined || site(tracer) === entry;
  const own = tracers.filter((tracer) => isTracer(tracer.module) && runs(tracer));
  if (!own.length) return undefined;
  // Where the tracer is started from: the outermost load sites (`import "./tracing"` in the entry), not the tracing
  // file's own imports of the SDK, which run whenever that file is loaded.
  const inner = new Set(own.flatMap((tracer) => (tracer.via ? [...tracer.via.slice(1).map((hop) => hop.file), tracer.location.file] : [])));
  const outer = own.filter((tracer) => !inner.has((tracer.via?.[0] ?? tracer.location).file));
  // The entry is the first module Node loads: a module importing it back (`import { health } from "./index"`) loads
  // nothing before it, so only what the entry itself loads before the tracer makes it late.
  const early = outer.length ? outer.find((tracer) => !tracer.after || !HOOKED(tracer.module) || (site(tracer) === entry && tracer.after.location.file !== entry)) : own[0];
  if (early) return {};
  const late = outer[0]!;
  return { late: { tracer: late, after: late.after! } };
}

/** A tracer the start commands preload (`--require`, `--import`, NODE_OPTIONS): it runs before any of the code. */
function preloadsTracer(service: ServiceInfo, tracers: readonly ModelTracer[], isTracer: (module: string) => boolean): boolean {
  const nodeOptions = service.env.NODE_OPTIONS;
  const candidates = [...(service.starts ?? []).map((start) => start.command), ...(nodeOptions ? [nodeOptions] : [])];
  for (const command of candidates) {
    for (const module of preloadedModules(command)) {
      if (isTracer(module)) return true;
      if (!/^[./]/.test(module)) continue;
      if (preloadsTracerFile(module, service, tracers) || TRACING_FILE_NAME.test(module)) return true;
    }
  }
  return false;
}

/** The preloaded local file is one of the service's files that loads a tracing SDK (`./dist/telemetry.js` built from `src/telemetry.ts`). */
function preloadsTracerFile(module: string, service: ServiceInfo, tracers: readonly ModelTracer[]): boolean {
  const key = sourceKey(module);
  return tracers.some((tracer) => {
    const relative = service.root ? tracer.location.file.slice(service.root.length + 1) : tracer.location.file;
    return sourceKey(relative) === key;
  });
}

/** The file its start command runs (`node dist/main.js` → `src/main.ts`), else the file of its first route. */
function entryFile(files: readonly string[], service: ServiceInfo): { location: EvidenceHop["location"] } | undefined {
  // What starts the service (not a migration or seed script): its start-like scripts, its Dockerfile, compose and Kubernetes commands; the first file each runs.
  for (const start of service.starts ?? []) {
    if (start.script !== undefined && !START_SCRIPT.test(start.script)) continue;
    const word = start.command.split(/\s+/).find((w) => /\.[cm]?[jt]sx?$/.test(w) && !w.startsWith("-") && !w.includes("node_modules"));
    if (!word) continue;
    const key = sourceKey(word);
    const file = files.find((candidate) => sourceKey(service.root ? candidate.slice(service.root.length + 1) : candidate) === key);
    if (file) return { location: { file, line: 1, column: 1 } };
  }
  return undefined;
}

/**
 * How many services the repository has, counting a service that owns no file of its own, runs from the same folder and
 * entry file as another and is called by no service (the development container compose defines beside the production
 * one) as that other one. Each of one package's Moleculer services owns its own file, and so counts.
 */
function codeBases(model: ArchModel): number {
  const groups = new Map<string, ServiceInfo[]>();
  for (const service of model.services) {
    const key = `${service.root}\u0000${service.entry ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), service]);
  }
  if (groups.size === model.services.length) return groups.size;
  // A copy that another service calls is a hop of a trace all the same (appa and appb, one image run twice, calling each other).
  const distinct = new Set([...Object.values(model.fileService), ...model.calls.flatMap((call) => (call.targetService ? [call.targetService] : []))]);
  let count = 0;
  for (const members of groups.values()) count += Math.max(1, members.filter((service) => distinct.has(service.name)).length);
  return count;
}
