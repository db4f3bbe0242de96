import type { CalleeFact, DatastoreFact, FileFacts, FlowArg, ParamRef, Value, ValuePart } from "../types.js";
import { lookupConstant, renderValue, shownImport } from "./values.js";
import type { Ctx } from "./context.js";

/**
 * A connection opened with a parameter of the function that opens it (`exports.connectDb = (uri) => mongoose.connect(uri)`
 * in a shared package, or a service's own `db.ts`): where it goes is what each service passes
 * (`connectDb(process.env.ORDERS_DB)`, `connectDb("mongodb://mongo/orders")`). For each service, one connection per
 * call site in its own code (or a library's it uses), the parameter replaced by the argument; a service whose call passes
 * nothing the scan can read keeps the connection as written (unresolved, said in a diagnostic), and a service that never
 * calls the function, where others do, does not open it.
 */

/** How many callers' own parameters are followed back (`start(url)` → `connectDb(url)`). */
const MAX_DEPTH = 3;
/** Connections made from one written connection for one service (a helper called once per database). */
const MAX_SITES = 8;

interface Site {
  file: string;
  callee: CalleeFact;
}

/** The arguments one call passes, and where that call is (the outermost caller's, when parameters were followed back). */
interface Passed {
  file: string;
  args: (FlowArg | null)[];
  at: CalleeFact["location"];
}

export type ResolveCallee = (file: string, callee: CalleeFact) => string | undefined;

/** Binds connections' parameters for a service; the call sites are indexed on first use (most repositories need none). */
export function connectionArguments(ctx: Ctx, facts: ReadonlyMap<string, FileFacts>, resolveCallee: ResolveCallee): (file: string, fact: DatastoreFact, service: string) => DatastoreFact[] {
  let sites: Map<string, Site[]> | undefined;
  const sitesOf = (file: string, fn: string): readonly Site[] => {
    if (!sites) {
      sites = new Map();
      for (const f of facts.values()) {
        for (const callee of f.callees) {
          // Every call, whether or not the scan read what it passes (a service that makes none does not connect), but no
          // nested function's edge from the function around it (its id as its name), which is no call.
          if (callee.local !== undefined && callee.local === callee.name) continue;
          const to = resolveCallee(f.file, callee);
          if (!to) continue;
          const list = sites.get(to);
          if (list) list.push({ file: f.file, callee });
          else sites.set(to, [{ file: f.file, callee }]);
        }
      }
    }
    return sites.get(`${file}#${fn}`) ?? [];
  };
  /** The service runs the code of `file`: its own, or a library's (or another service's file) it imports. */
  const runs = (file: string, service: string): boolean =>
    ctx.fileService[file] === service || ctx.usersOf(file).some((user) => user.service === service) || ctx.borrowersOf(file).some((user) => user.service === service);

  /** The arguments `service` passes to the function `fn` of `file`, callers' own parameters followed back. */
  const argumentLists = (file: string, fn: string, service: string, depth: number): Passed[] => {
    const out: Passed[] = [];
    for (const site of sitesOf(file, fn)) {
      if (!runs(site.file, service)) continue;
      const args = site.callee.flowArgs ?? [];
      const ref = args.find((arg): arg is Extract<FlowArg, { kind: "ref" }> => arg?.kind === "ref");
      // `start(url) { connectDb(url) }`: what start's callers pass, in the callee's parameter's place; where none is
      // found, the call itself (what it passes stays unknown, but the service does make it).
      const outers = ref && depth < MAX_DEPTH ? argumentLists(site.file, ref.ref.fn, service, depth + 1) : [];
      for (const outer of outers) {
        // A parameter the outer caller leaves out holds its default (`url = "amqp://localhost"`).
        const passed = (arg: Extract<FlowArg, { kind: "ref" }>): FlowArg | null => outer.args[arg.ref.index] ?? (arg.fallback ? { kind: "value", value: arg.fallback } : null);
        out.push({ file: outer.file, args: args.map((arg) => (arg?.kind === "ref" && arg.ref.fn === ref!.ref.fn && !arg.ref.path ? passed(arg) : arg)), at: outer.at });
      }
      if (!outers.length) out.push({ file: site.file, args, at: site.callee.location });
      if (out.length >= MAX_SITES) break;
    }
    return out;
  };

  return (file, fact, service) => {
    const fn = refOf(fact);
    if (!fn) return [fact];
    const lists = argumentLists(file, fn, service, 0);
    // Called by other services and never by this one: the connection is theirs, not this service's (a shared builder's
    // useMongo that only some services call); called by no one the scan sees, it stays as written.
    if (!lists.length) return sitesOf(file, fn).length ? [] : [fact];
    const env = ctx.envOf(service);
    const bound = new Map<string, DatastoreFact>();
    for (const { file: siteFile, args, at } of lists) {
      const move = (v: Value) => portable(ctx, siteFile, v, env);
      const returned = (call: CallArg, path: readonly string[]) => importedReturn(facts.get(siteFile), call, path);
      const bind = (value: Value | undefined): Value | undefined => (value ? { parts: value.parts.flatMap((part) => boundPart(part, fn, args, move, returned)) } : value);
      const made: DatastoreFact = { ...fact, passedAt: at };
      if (startsWithParameter(fact.url, fn) || (!fact.url && startsWithParameter(fact.host, fn))) made.hostPassed = true;
      const options = optionsPassed(fact.url, fn, args);
      if (options) {
        // new Redis(options.config) given { host, port, db }: the object's fields are the connection's options.
        delete made.url;
        for (const [key, names] of OPTION_FIELDS) {
          const field = names.map((name) => options.fields[name]).find((arg) => arg?.kind === "value");
          if (field?.kind === "value") made[key] = portable(ctx, siteFile, field.value, env);
        }
      } else {
        for (const key of ["url", "host", "port", "database"] as const) {
          const value = bind(fact[key]);
          if (value) made[key] = value;
        }
      }
      bound.set(JSON.stringify([made.url, made.host, made.port, made.database]), made);
    }
    return [...bound.values()];
  };
}

/** The fields of an options object a call passes that say where a connection goes, by the fact's field they fill. */
const OPTION_FIELDS: readonly [keyof Pick<DatastoreFact, "url" | "host" | "port" | "database">, readonly string[]][] = [
  ["url", ["url", "uri", "connectionString"]],
  ["host", ["host", "hostname"]],
  ["port", ["port"]],
  ["database", ["database", "db", "dbName"]],
];

/** The whole connection is one parameter (`new Redis(options.config)`) and the call passes an object literal there. */
function optionsPassed(url: Value | undefined, fn: string, args: readonly (FlowArg | null)[]): Extract<FlowArg, { kind: "object" }> | undefined {
  const only = url?.parts.length === 1 ? url.parts[0] : undefined;
  if (only?.kind !== "unknown" || only.ref?.fn !== fn) return undefined;
  const arg = pick(args[only.ref.index], only.ref, () => undefined);
  return arg?.kind === "object" ? arg : undefined;
}

/** The value starts with a parameter of `fn` (`uri`, `${base}/orders`): what is passed there names the host. */
function startsWithParameter(value: Value | undefined, fn: string): boolean {
  const first = value?.parts[0];
  return first?.kind === "unknown" && first.ref?.fn === fn;
}

/** The function whose parameter the connection's address reads, if any. */
function refOf(fact: DatastoreFact): string | undefined {
  for (const value of [fact.url, fact.host, fact.port, fact.database]) {
    for (const part of value?.parts ?? []) if (part.kind === "unknown" && part.ref) return part.ref.fn;
  }
  return undefined;
}

type CallArg = Extract<FlowArg, { kind: "call" }>;

/** A part of the address with a parameter of `fn` replaced by what the call passed (its fallback when it passed nothing). */
function boundPart(part: ValuePart, fn: string, args: readonly (FlowArg | null)[], move: (value: Value) => Value, returned: (call: CallArg, path: readonly string[]) => Value | undefined): ValuePart[] {
  if (part.kind !== "unknown" || !part.ref || part.ref.fn !== fn) return [part];
  const arg = pick(args[part.ref.index], part.ref, returned);
  if (arg === undefined) return part.fallback ? part.fallback.parts : [part];
  if (arg?.kind === "value") return move(arg.value).parts;
  return [part];
}

/**
 * The argument, or the field of it the parameter's path names (`connect({ url })` read as `options.url`); a call's
 * result read by its path (`createClient(getSettings())` read as `settings.mongodb.host`) is what the function returns there.
 */
function pick(arg: FlowArg | null | undefined, ref: ParamRef, returned: (call: CallArg, path: readonly string[]) => Value | undefined): FlowArg | null | undefined {
  let at: FlowArg | null | undefined = arg;
  const path = ref.path ?? [];
  for (let i = 0; i < path.length; i++) {
    if (at?.kind === "call") {
      const value = returned(at, path.slice(i));
      return value ? { kind: "value", value } : null;
    }
    if (!at || at.kind !== "object") return null;
    at = Object.hasOwn(at.fields, path[i]!) ? at.fields[path[i]!] : undefined;
  }
  return at;
}

/**
 * What a function the caller's file imports returns at a path (`getServerConfig().mongodb.host`), as an import of the
 * constant its module records for it (`getServerConfig.returns.mongodb.host`, extract/module-bindings.ts): rendered
 * where it is written, like any other import. A function of the caller's own file, or a method, is not followed.
 */
function importedReturn(facts: FileFacts | undefined, call: CallArg, path: readonly string[]): Value | undefined {
  if (call.callee.object !== undefined || call.args.length || !path.length) return undefined;
  const imported = facts?.imports.find((fact) => fact.local === call.callee.name);
  if (!imported || imported.imported === "*") return undefined;
  return { parts: [{ kind: "import", specifier: imported.specifier, name: [imported.imported, "returns", ...path].join(".") }] };
}

/**
 * The caller's value in terms any file can render: text and environment lookups as they are (the service's env renders
 * them), a constant of the caller's file or an import rendered where it is written, anything else unknown.
 */
function portable(ctx: Ctx, file: string, value: Value, env: Record<string, string>, depth = 0): Value {
  return {
    parts: value.parts.flatMap((part): ValuePart[] => {
      if (part.kind === "text" || (part.kind === "env" && !part.fallback?.parts.some((inner) => inner.kind === "import"))) return [part];
      if (part.kind === "import") {
        // A constant another module holds (`getSettings().mongo.host` = `process.env.MONGO_HOST ?? "mongo"`): its own
        // parts, so that an environment lookup stays one (with its default) for the service to render, as if written here.
        const constant = depth < 8 && !part.args ? lookupConstant(ctx, file, part.specifier, part.name) : undefined;
        if (constant) return portable(ctx, constant.file, constant.value, env, depth + 1).parts;
        const rendered = renderValue(ctx, file, { parts: [part] }, env);
        return [rendered.complete ? { kind: "text", text: rendered.text } : { kind: "unknown", hint: shownImport(part.name) }];
      }
      return [part.kind === "unknown" ? { kind: "unknown", hint: part.hint } : part];
    }),
  };
}
