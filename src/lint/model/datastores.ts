import { posix } from "node:path";
import type { ComposeService } from "../discover/compose.js";
import { manifestOmits } from "../discover/manifest-engines.js";
import { ENCORE_SQLDB } from "../extract/datastores/encore.js";
import type { DatastoreFact, Engine, FileFacts, Location, ModelDatastore, Value } from "../types.js";
import type { Ctx } from "./context.js";
import { TEST_FILE } from "./cross-imports.js";
import { datastoreIdentity, DEFAULT_PORTS, defaultDatabase, joinReplicaSets, parseConnectionUrl, sqliteFile, type ConnectionAddress, type HostPort } from "./datastore-identity.js";
import { engineOfDialect } from "../extract/datastores/connection.js";
import { environmentConnections } from "./environment-datastores.js";
import { lookupConstant, redact, renderValue } from "./values.js";
import { literalHostOf } from "./literal-hosts.js";
import { withoutCredentialParts } from "./url-credentials.js";

/**
 * Which datastore each connection in a service's code opens: its URL or
 * parameters rendered with the service's env, parsed into one identity.
 */

const DRIVER_ENV: Partial<Record<string, { host: string; port: string; database: string }>> = {
  pg: { host: "PGHOST", port: "PGPORT", database: "PGDATABASE" },
  postgres: { host: "PGHOST", port: "PGPORT", database: "PGDATABASE" },
  redis: { host: "REDIS_HOST", port: "REDIS_PORT", database: "REDIS_DB" },
  ioredis: { host: "REDIS_HOST", port: "REDIS_PORT", database: "REDIS_DB" },
};

/** A written connection as `service` opens it: one per call that passes its function's parameters (connection-arguments.ts). */
export type BindArguments = (file: string, fact: DatastoreFact, service: string) => DatastoreFact[];

export function buildDatastores(ctx: Ctx, bindArguments: BindArguments = (_file, fact) => [fact]): ModelDatastore[] {
  const result: ModelDatastore[] = [];
  const orphanSchemas: string[] = [];
  const optionsClassUsers = servicesHandingOptionsClasses(ctx);
  /** A connection an options factory class makes is opened where a module is given that class, when the scan sees one. */
  const opens = (fact: DatastoreFact, service: string): boolean => fact.optionsClass === undefined || !optionsClassUsers.has(fact.optionsClass) || optionsClassUsers.get(fact.optionsClass)!.has(service);
  for (const file of ctx.facts.values()) {
    if (!file.datastores.length) continue;
    // A connecting helper of a package the scan has (a workspace package's `openMongo(url)`) is read where it is declared.
    const f = file.datastores.some((fact) => fact.helperOf !== undefined) ? { ...file, datastores: file.datastores.filter((fact) => fact.helperOf === undefined || !ctx.resolver.resolve(file.file, fact.helperOf)) } : file;
    if (!f.datastores.length) continue;
    const service = ctx.fileService[f.file];
    const stores = withoutEncoreClients(f.datastores);
    if (service !== undefined) {
      const env = ctx.envOf(service);
      for (const fact of stores) if (opens(fact, service)) for (const bound of bindArguments(f.file, fact, service)) result.push(resolveDatastore(ctx, f.file, service, bound, env));
      // Another service that imports this file opens the same connection, with its own env.
      for (const borrower of ctx.borrowersOf(f.file)) {
        // One Encore service importing another's module (for a topic or a type) does not open its databases: Encore
        // gives a database to the service that declares it, and to others only through SQLDatabase.named.
        if (encoreService(ctx, service) && encoreService(ctx, borrower.service)) continue;
        const borrowerEnv = ctx.envOf(borrower.service);
        for (const fact of stores) {
          if (opens(fact, borrower.service)) for (const bound of bindArguments(f.file, fact, borrower.service)) result.push({ ...resolveDatastore(ctx, f.file, borrower.service, bound, borrowerEnv), via: borrower.via });
        }
      }
      continue;
    }
    // A library's connection is opened by every service that imports it, each with its own env (and its own arguments).
    const users = ctx.usersOf(f.file);
    for (const user of users) {
      const env = ctx.envOf(user.service);
      for (const fact of stores) {
        if (opens(fact, user.service)) for (const bound of bindArguments(f.file, fact, user.service)) result.push({ ...resolveDatastore(ctx, f.file, user.service, bound, env), via: user.via });
      }
    }
    if (!users.length && f.file.endsWith(".prisma")) orphanSchemas.push(f.file);
  }
  // A Prisma schema no service or library holds (a monorepo's root prisma/schema.prisma): the client of every service below
  // its folder that makes one (new PrismaClient, a class extending it) is generated from it.
  for (const { schema, service, via } of prismaSchemaUsers(ctx, orphanSchemas, new Set(result.filter((d) => d.library === "prisma").map((d) => d.service)))) {
    const env = ctx.envOf(service);
    for (const fact of ctx.facts.get(schema)!.datastores) result.push({ ...resolveDatastore(ctx, schema, service, fact, env), via });
  }
  // A service in another language: the datastores its environment names by well-known variables, else those its compose
  // entry waits for.
  for (const service of ctx.services) {
    const seen = new Set<string>();
    const engines = new Set<Engine>();
    for (const fact of environmentConnections(service)) {
      const store = resolveDatastore(ctx, fact.location.file, service.name, fact, ctx.envOf(service.name));
      // Only what names a whole datastore: a lone host says too little to compare, and no code of it was read to report on.
      if (!store.identity || seen.has(store.identity) || store.engine === "unknown") continue;
      seen.add(store.identity);
      engines.add(store.engine);
      result.push({ ...store, resolution: `${store.resolution}; ${service.name} is written in ${service.language}, not scanned` });
    }
    for (const fact of awaitedDatastores(ctx, service.name)) {
      if (engines.has(fact.engine)) continue;
      const store = resolveDatastore(ctx, fact.location.file, service.name, fact, ctx.envOf(service.name));
      if (!store.identity || seen.has(store.identity)) continue;
      seen.add(store.identity);
      result.push({ ...store, resolution: `${store.resolution}; ${service.name} is written in ${service.language}, not scanned, and its compose entry waits for this container (depends_on)` });
    }
  }
  return scopeByComposeProject(withReplicaSetsJoined(withMissingEnvFiles(ctx, result)));
}

/**
 * A connection whose address needs variables nothing in the repository sets: the env files the service's own code,
 * or a library it imports, loads that are not committed (ServiceInfo.loadedEnvMissing), where those variables live.
 */
function withMissingEnvFiles(ctx: Ctx, stores: ModelDatastore[]): ModelDatastore[] {
  for (const store of stores) {
    if (store.identity || !store.missingEnv?.length) continue;
    const service = ctx.serviceByName.get(store.service);
    const loads = service?.loadedEnvMissing ?? [];
    const runs = (loader: string) => ctx.fileService[loader] === store.service || ctx.usersOf(loader).some((user) => user.service === store.service) || ctx.borrowersOf(loader).some((user) => user.service === store.service);
    // A Secret or ConfigMap key its Kubernetes workloads take each variable from, whose value is not in the repository:
    // the sharpest name of where the value lives (two workloads taking one key get one value), so it wins over env files.
    const refs = service?.envRefs;
    const fromWorkload = refs !== undefined && store.missingEnv.every((variable) => refs[variable] !== undefined);
    // The loader's default `.env` (ConfigModule.forRoot() with no path) yields to the env files compose hands the service
    // (`env_file: ./apps/auth/.env`, left out too): compose sets the variables first, and a loaded file never overrides.
    const composed = (service?.missingEnvFiles?.length ?? 0) > 0;
    const files = new Set(fromWorkload ? [] : loads.filter((load) => runs(load.loader) && !(load.defaulted && composed)).map((load) => load.file));
    // Every variable it lacks is one its compose entry passes through from the project's uncommitted .env.
    const passed = service?.passedThrough;
    const fromCode = files.size > 0;
    if (!fromWorkload && passed && store.missingEnv.every((variable) => passed.variables.includes(variable))) files.add(passed.file);
    if (fromWorkload) for (const variable of store.missingEnv) files.add(refs[variable]!);
    if (files.size) store.missingEnvFiles = [...files].sort();
    if (fromWorkload) store.missingEnvFromWorkload = true;
    else if (files.size && !fromCode) store.missingEnvFromCompose = true;
  }
  return stores;
}

/**
 * For each options factory class some file hands a datastore module (`useClass: TypeOrmConfigService`), the services
 * that do: the file's owner, or the users of a library's file. A service that only provides the class (a core module
 * exporting it) opens nothing with it.
 */
function servicesHandingOptionsClasses(ctx: Ctx): Map<string, Set<string>> {
  const byClass = new Map<string, Set<string>>();
  for (const f of ctx.facts.values()) {
    if (!f.optionsClasses?.length) continue;
    const owner = ctx.fileService[f.file];
    const services = owner !== undefined ? [owner, ...ctx.borrowersOf(f.file).map((b) => b.service)] : ctx.usersOf(f.file).map((user) => user.service);
    for (const name of f.optionsClasses) {
      const set = byClass.get(name) ?? new Set<string>();
      for (const service of services) set.add(service);
      byClass.set(name, set);
    }
  }
  return byClass;
}

/**
 * Which services use a Prisma schema outside every service and library. A client imported from where a schema's generator
 * writes it (`output` naming `node_modules/@prisma/orders-client`, or a folder the import's path reaches) is that schema's,
 * wherever the schema lies: a service can use several. Otherwise each service below the schema's package folder (the
 * folder of its `prisma/` folder, else its own) that has no Prisma connection of its own and whose code, or a library's
 * code it uses, makes a client from `@prisma/client` (`new PrismaClient()`, `class PrismaService extends PrismaClient`);
 * the nearest such schema wins; below none, the scan's only schema that generates into `@prisma/client`, if there is one. The evidence hop is the file that imports PrismaClient.
 */
function prismaSchemaUsers(ctx: Ctx, schemas: readonly string[], withPrisma: ReadonlySet<string>): { schema: string; service: string; via: Location[] }[] {
  if (!schemas.length) return [];
  const folderOf = (schema: string): string => {
    // Prisma's folder of schema files (prisma/schema/*.prisma) counts as its prisma/ folder.
    const dir = (schema.includes("/") ? schema.slice(0, schema.lastIndexOf("/")) : "").replace(/(^|\/)prisma\/schema$/, "$1prisma");
    const base = dir === "prisma" ? "" : dir.endsWith("/prisma") ? dir.slice(0, -"/prisma".length) : dir;
    return base;
  };
  const byOutput = new Map<string, string>();
  for (const schema of schemas) for (const output of ctx.facts.get(schema)?.prismaClientOutputs ?? []) byOutput.set(output, schema);
  // The one schema of the scan that generates into @prisma/client's own folder, kept in a library's folder (an Nx
  // workspace's libs/models/src/prisma, generated with `--schema` from the root): with no other schema to make it,
  // every `@prisma/client` of the workspace is generated from it, whatever folder the service is in.
  const defaults = [...ctx.facts.values()].filter((f) => f.file.endsWith(".prisma") && f.datastores?.length && !f.prismaClientOutputs?.length);
  const soleDefault = defaults.length === 1 && schemas.includes(defaults[0]!.file) ? defaults[0]!.file : undefined;
  const clientFiles: { file: string; line: number; schema?: string }[] = [];
  for (const f of ctx.facts.values()) {
    for (const imported of f.imports) {
      if (imported.imported !== "PrismaClient" || imported.unused) continue;
      if (imported.specifier === "@prisma/client") {
        // @prisma/client re-exports node_modules/.prisma/client: a schema whose generator writes there by name is its schema.
        const schema = generatedClientSchema(byOutput, f.file, ".prisma/client");
        clientFiles.push({ file: f.file, line: imported.line ?? 1, ...(schema !== undefined ? { schema } : {}) });
      } else {
        const schema = generatedClientSchema(byOutput, f.file, imported.specifier, ctx.resolver.aliasTargets(f.file, imported.specifier));
        if (schema !== undefined) clientFiles.push({ file: f.file, line: imported.line ?? 1, schema });
        else {
          // A library of the project that passes @prisma/client on (`export * from "@prisma/client"` in a database
          // package's index, beside its schema): PrismaClient imported from it is @prisma/client's, generated where the
          // schema's output says.
          const passedOn = ctx.resolver.resolve(f.file, imported.specifier);
          const reexports = passedOn === undefined ? undefined : ctx.facts.get(passedOn)?.reexports;
          if (reexports?.some((r) => r.specifier === "@prisma/client" && (r.name === "*" || r.name === "PrismaClient"))) {
            const generated = generatedClientSchema(byOutput, passedOn!, ".prisma/client");
            clientFiles.push({ file: f.file, line: imported.line ?? 1, ...(generated !== undefined ? { schema: generated } : {}) });
          }
        }
      }
    }
  }
  const found = new Map<string, { schema: string; service: string; via: Location[] }>();
  // Clients of a generator's output first: they say which schema they are, so the folder rule is not asked for them.
  clientFiles.sort((a, b) => Number(b.schema !== undefined) - Number(a.schema !== undefined));
  for (const client of clientFiles) {
    const at: Location = { file: client.file, line: client.line, column: 1 };
    const owner = ctx.fileService[client.file];
    const users = owner !== undefined ? [{ service: owner, via: [at] }] : ctx.usersOf(client.file).map((user) => ({ service: user.service, via: [...user.via, at] }));
    for (const user of users) {
      if (client.schema !== undefined) {
        const key = `${user.service}\0${client.schema}`;
        if (!found.has(key)) found.set(key, { schema: client.schema, service: user.service, via: user.via });
        continue;
      }
      if (withPrisma.has(user.service) || [...found.values()].some((use) => use.service === user.service)) continue;
      const root = ctx.services.find((s) => s.name === user.service)?.root;
      if (root === undefined) continue;
      let best: string | undefined;
      for (const schema of schemas) {
        const base = folderOf(schema);
        if ((base === "" || root === base || root.startsWith(`${base}/`)) && (best === undefined || base.length > folderOf(best).length)) best = schema;
      }
      best ??= soleDefault;
      if (best !== undefined) found.set(user.service, { schema: best, service: user.service, via: user.via });
    }
  }
  return [...found.values()];
}

/**
 * The schema whose generator writes the module an import names: a package under node_modules, the folder a relative
 * path reaches, or one a tsconfig path alias names (`@prisma/@users-client` of `"@prisma/*": ["prisma/*"]`).
 */
function generatedClientSchema(byOutput: ReadonlyMap<string, string>, file: string, specifier: string, aliased: readonly string[] = []): string | undefined {
  if (!byOutput.size) return undefined;
  const withoutIndex = (path: string) => path.replace(/\/index(\.[cm]?[jt]s)?$/, "");
  // `.prisma/orders` is a package under node_modules (Prisma's default output folder), not a relative path.
  const relative = /^\.\.?(\/|$)/.test(specifier) ? withoutIndex(posix.normalize(posix.join(posix.dirname(file), specifier))) : undefined;
  const paths = aliased.map(withoutIndex);
  for (const [output, schema] of byOutput) {
    if (relative !== undefined ? relative === output : output.endsWith(`node_modules/${specifier}`) || paths.includes(output)) return schema;
  }
  return undefined;
}

function withReplicaSetsJoined(stores: ModelDatastore[]): ModelDatastore[] {
  const joined = joinReplicaSets(stores.flatMap((store) => (store.identity ? [store.identity] : [])));
  return joined.size ? stores.map((store) => (store.identity && joined.has(store.identity) ? { ...store, identity: joined.get(store.identity)! } : store)) : stores;
}

/**
 * `postgres:5432` is a different server in every compose project that runs its own
 * `postgres` container: where one address is reached from several projects (or from
 * one and from outside), each project's identity says which project it is in.
 */
function scopeByComposeProject(stores: ModelDatastore[]): ModelDatastore[] {
  // Outside every project is a scope of its own: undefined, never "" (the project at the repository root).
  const scopes = new Map<string, Set<string | undefined>>();
  for (const store of stores) {
    if (store.identity) scopes.set(store.identity, (scopes.get(store.identity) ?? new Set()).add(store.composeProject));
  }
  return stores.map((store) =>
    store.identity && store.composeProject !== undefined && scopes.get(store.identity)!.size > 1
      ? { ...store, identity: `${store.identity} (compose project ${store.composeProject || "."})` }
      : store,
  );
}

function resolveDatastore(ctx: Ctx, file: string, service: string, written: DatastoreFact, env: Record<string, string>): ModelDatastore {
  if (written.library === ENCORE_SQLDB) return encoreDatabase(ctx, file, service, written);
  const fact = withImportedOptions(ctx, file, importedObjectAsOptions(ctx, file, written));
  // A dialect the file could not name (`dialect: config.dialect`, imported) says the engine once rendered.
  let engine = fact.engine === "unknown" && fact.dialect ? engineOfDialect(renderValue(ctx, file, fact.dialect, env).text) : fact.engine;
  let host: string | undefined;
  let port: string | undefined;
  let database: string | undefined;
  let address: ConnectionAddress | undefined;
  const notes: string[] = [];
  let complete = true;
  let namedEnvMissing = false;
  const missingEnv: string[] = [];
  const take = (value: Value | undefined): string | undefined => {
    if (!value) return undefined;
    const rendered = renderValue(ctx, file, value, env);
    notes.push(...rendered.notes);
    // Nothing at all, from variables whose defaults are empty (`process.env.MONGODB_URI || ""`): as good as unset.
    if (!rendered.complete || (rendered.text === "" && rendered.missingEnv.length)) {
      complete = false;
      if (rendered.missingEnv.length) {
        namedEnvMissing = true;
        for (const name of rendered.missingEnv) if (!missingEnv.includes(name)) missingEnv.push(name);
        notes.push(`${rendered.missingEnv.join(", ")} not set`);
      }
      return undefined;
    }
    return rendered.text;
  };
  let url = take(fact.url);
  if (!url && namedEnvMissing && fact.url) {
    const known = credentialFreeUrl(ctx, file, fact.url, engine, env);
    if (known) {
      // Only the user-info was missing: the datastore is the one the URL names, whoever connects to it.
      url = known;
      complete = true;
      namedEnvMissing = false;
      const unset = notes.indexOf(`${missingEnv.join(", ")} not set`);
      if (unset >= 0) notes.splice(unset, 1);
      notes.push(`credentials from ${missingEnv.join(", ")} (not set here, and not part of which datastore it is)`);
      missingEnv.length = 0;
    }
  }
  if (!url && !complete && !namedEnvMissing && fact.url) {
    // The URL comes from somewhere syntax alone cannot follow (a parameter, a
    // config object). A service whose environment sets the conventional
    // variable for this engine connects there: the same reasoning as <NAME>_URL for calls.
    const convention = conventionalUrl(engine, env);
    if (convention) {
      url = convention.url;
      complete = true;
      const source = ctx.sourceOf(convention.name, env);
      notes.push(`by convention ${convention.name}=${redact(convention.url)}${source ? ` from ${source}` : ""}`);
    }
  }
  if (url) {
    address = parseConnectionUrl(url);
    if (address) {
      if (engine === "unknown") engine = address.engine;
      host = address.host || undefined;
      port = address.port;
      database = address.database;
    } else if (fact.engine === "sqlite") {
      host = "file";
      // Prisma reads a relative path from its schema's folder; a driver from where the service starts.
      const base = fact.library === "prisma" ? posix.dirname(fact.location.file) : (ctx.serviceByName.get(service)?.root ?? ".");
      database = sqliteFile(url, base, service);
    } else if (fact.library === "ioredis" && /^\d+$/.test(url.trim())) {
      // `new Redis(port)`: ioredis reads a number as the port of a Redis on localhost.
      host = "localhost";
      port = url.trim();
    }
  }
  // A database named beside the URL (mongoose's dbName, `client.db("users")`) is the one used.
  if (fact.database && (database === undefined || address)) database = take(fact.database) ?? database;
  host ??= take(fact.host);
  port ??= take(fact.port);
  if (fact.driverEnv && !url) {
    const names = DRIVER_ENV[fact.library];
    if (names) {
      host ??= env[names.host];
      port ??= env[names.port];
      database ??= env[names.database];
      if (host) notes.push(`${names.host}=${host}`);
    }
    if (!host && fact.library === "prisma") complete = false;
  }
  if (engine === "redis") host ??= fact.url || fact.host ? undefined : "localhost";
  // The driver's own default where the URL names no database; a parameter object's default depends on a user it may not show.
  if (address || engine === "redis") database ??= defaultDatabase(engine, address?.user);
  port ??= DEFAULT_PORTS[engine];
  const hosts: HostPort[] = address && address.hosts.length > 1 ? address.hosts : host ? [{ host, ...(port ? { port } : {}) }] : [];
  let composeProject: string | undefined;
  const identity = complete
    ? datastoreIdentity(engine, hosts, database, {
        ...(address?.srv ? { srv: true } : {}),
        ...(address?.schema ? { schema: address.schema } : {}),
        resolveHost: (written) => {
          const resolved = composeHost(ctx, service, engine, written);
          if (resolved.project !== undefined) composeProject ??= resolved.project;
          return resolved;
        },
      })
    : undefined;
  // The address as the code writes it: a URL, else a host option (never the driver's own env, nor a default).
  const writtenHost = engine === "sqlite" ? undefined : (literalHostOf(ctx, file, fact.url) ?? literalHostOf(ctx, file, fact.host, true));
  // A host its caller passed is written at the call, not in the function that connects.
  const literalHost = writtenHost && fact.passedAt && fact.hostPassed && !writtenHost.writtenIn ? { ...writtenHost, writtenIn: fact.passedAt.file } : writtenHost;
  if (fact.passedAt) notes.push(`passed at ${fact.passedAt.file}:${fact.passedAt.line}`);
  return {
    ...(identity ? { identity } : {}),
    engine,
    library: fact.library,
    ...(host ? { host } : {}),
    ...(composeProject !== undefined ? { composeProject } : {}),
    ...(port ? { port } : {}),
    ...(database ? { database } : {}),
    service,
    resolution: notes.length ? notes.join(", ") : identity ? "literal" : "unresolved",
    ...(fact.queue ? { queue: true as const } : {}),
    ...((fact.healthCheck && !searchingServices(ctx).has(service)) || (engine === "redis" && pingsOnly(ctx.facts.get(file)) && !usesRedisElsewhere(ctx, service, file)) ? { healthCheck: true as const } : {}),
    ...(engine === "redis" && (channelsOnly(ctx.facts.get(file)) || handedToChannels(ctx, service, file)) ? { pubsub: true as const } : {}),
    ...(literalHost ? { literalHost } : {}),
    ...(!identity && missingEnv.length ? { missingEnv } : {}),
    location: fact.location,
  };
}

/**
 * A file that publishes or subscribes to Redis channels, or hands its clients to socket.io's Redis adapter (which
 * broadcasts through channels), and reads or writes no key: its connection carries messages.
 */
const searching = new WeakMap<Ctx, ReadonlySet<string>>();

/** The services some file of which (their own, or a library's they use) makes a search cluster's data request. */
function searchingServices(ctx: Ctx): ReadonlySet<string> {
  let found = searching.get(ctx);
  if (!found) {
    const services = new Set<string>();
    for (const f of ctx.facts.values()) {
      if (!f.searchRequests) continue;
      const owner = ctx.fileService[f.file];
      for (const service of owner !== undefined ? [owner] : ctx.usersOf(f.file).map((user) => user.service)) services.add(service);
    }
    searching.set(ctx, (found = services));
  }
  return found;
}

/**
 * A file that only pings the Redis clients it pings, and reads or writes no key with them (an admin's health endpoint
 * opening a client of its own to ask whether the server answers), keeps no data there, unless another file of the service, or of a library it uses,
 * does (its tests aside): the client may be handed on.
 */
function pingsOnly(f: FileFacts | undefined): boolean {
  if (f?.redisPing === undefined) return false;
  // A client the file exports is handed on: what the importers do with it is not seen here.
  const exported = new Set(Object.entries(f.exports).flatMap(([name, id]) => [name, id.replace(/^const:/, "")]));
  return f.redisPing.every((client) => !f.redisDataOn?.includes(client) && !exported.has(client));
}

const redisUsing = new WeakMap<Ctx, ReadonlyMap<string, readonly string[]>>();

/** Whether a file of the service other than `file` (its own, or a library's it uses; tests aside) calls a Redis data command. */
function usesRedisElsewhere(ctx: Ctx, service: string, file: string): boolean {
  let found = redisUsing.get(ctx);
  if (!found) {
    const files = new Map<string, string[]>();
    for (const f of ctx.facts.values()) {
      // A test's mocks (`res.json`, a stubbed client) are no use of the server.
      if (!f.redisData || TEST_FILE.test(f.file)) continue;
      const owner = ctx.fileService[f.file];
      for (const user of owner !== undefined ? [owner] : ctx.usersOf(f.file).map((u) => u.service)) files.set(user, [...(files.get(user) ?? []), f.file]);
    }
    redisUsing.set(ctx, (found = files));
  }
  return (found.get(service) ?? []).some((other) => other !== file);
}

function channelsOnly(f: FileFacts | undefined): boolean {
  return f !== undefined && !f.redisData && (f.topics.some((topic) => topic.system === "redis") || f.imports.some((i) => SOCKET_IO_REDIS_ADAPTERS.has(i.specifier)));
}

const SOCKET_IO_REDIS_ADAPTERS: ReadonlySet<string> = new Set(["@socket.io/redis-adapter", "socket.io-redis", "@socket.io/redis-streams-adapter"]);

/**
 * A Redis client a module of the service makes and exports (`lib/redis.ts`), which no file of the service uses for keys,
 * while another of its files hands it (or its `duplicate()`s) to socket.io's Redis adapter or publishes and subscribes
 * on it: the connection carries messages, as one opened in that file would (channelsOnly). Not when the service also
 * loads a package that keeps its data in Redis through the client (sessions, rate limits, caches, locks): those read
 * and write keys arch-lint does not see.
 */
function handedToChannels(ctx: Ctx, service: string, file: string): boolean {
  const own = ctx.facts.get(file);
  if (own === undefined || own.redisData || usesRedisElsewhere(ctx, service, file)) return false;
  let channels = false;
  for (const f of ctx.facts.values()) {
    if (TEST_FILE.test(f.file)) continue;
    const owner = ctx.fileService[f.file];
    if (!(owner === service || (owner === undefined && ctx.usersOf(f.file).some((user) => user.service === service)))) continue;
    if (f.imports.some((i) => REDIS_KEY_KEEPERS.test(i.specifier))) return false;
    // Keys read or written on the client the connection's module exports.
    if (f.redisKeysVia?.some((specifier) => ctx.resolver.resolve(f.file, specifier) === file)) return false;
    if (f.file !== file && (f.imports.some((i) => SOCKET_IO_REDIS_ADAPTERS.has(i.specifier)) || f.topics.some((topic) => topic.system === "redis"))) channels = true;
  }
  return channels;
}

/** Packages that keep data in Redis through a client they are handed: session stores, rate limiters, caches, locks. */
const REDIS_KEY_KEEPERS = /^(connect-redis|rate-limit-redis|redlock|cache-manager-(?:ioredis|redis)[\w-]*|@(?:keyv|tirke|nestjs-modules)\/[\w-]*redis[\w-]*|keyv|@keyv\/redis|bull|bullmq|ioredis-mock|koa-redis|express-brute-redis|limiter|@upstash\/ratelimit)$/;

/** The keys an options object names a connection's parts by, most common first. */
const OPTION_KEYS = {
  url: ["connectionString", "url", "uri", "clientUrl"],
  host: ["host", "hostname", "server"],
  port: ["port"],
  database: ["database", "db", "dbName"],
  dialect: ["type", "dialect", "client", "driver"],
} as const;

/**
 * A client handed one imported value where a URL or an options object may go (`new Redis(config)` with
 * `const config = require("./redis.config")`, whose module exports `{ host, port, db }`): when that module's constant
 * has option keys, it is the options object, read as DatastoreFact.options is; a URL constant stays a URL.
 */
function importedObjectAsOptions(ctx: Ctx, file: string, fact: DatastoreFact): DatastoreFact {
  const only = !fact.options && !fact.host && fact.url?.parts.length === 1 ? fact.url.parts[0] : undefined;
  if (only?.kind !== "import") return fact;
  const keys = [...OPTION_KEYS.url, ...OPTION_KEYS.host, ...OPTION_KEYS.port, ...OPTION_KEYS.database];
  if (!keys.some((key) => lookupConstant(ctx, file, only.specifier, `${only.name}.${key}`))) return fact;
  const { url: _url, ...rest } = fact;
  return { ...rest, options: { specifier: only.specifier, name: only.name } };
}

/**
 * A connection whose options object another module exports (`new DataSource(dataSourceOptions)`,
 * DatastoreFact.options): its url, host, port, database and dialect as that module's constants
 * (`dataSourceOptions.host`, or `.connection.host` for knex), each only where it is set, so a key
 * the object leaves out is absent rather than unresolved.
 */
function withImportedOptions(ctx: Ctx, file: string, fact: DatastoreFact): DatastoreFact {
  if (!fact.options) return fact;
  const { specifier, name } = fact.options;
  const find = (keys: readonly string[], prefixes: readonly string[]): Value | undefined => {
    for (const prefix of prefixes) {
      for (const key of keys) {
        if (lookupConstant(ctx, file, specifier, `${prefix}.${key}`)) return { parts: [{ kind: "import", specifier, name: `${prefix}.${key}` }] };
      }
    }
    return undefined;
  };
  const prefixes = [name, `${name}.connection`];
  const expanded: DatastoreFact = { ...fact };
  for (const part of ["url", "host", "port", "database"] as const) {
    const value = fact[part] ?? find(OPTION_KEYS[part], prefixes);
    if (value) expanded[part] = value;
  }
  if (fact.engine === "unknown" && !fact.dialect) {
    const dialect = find(OPTION_KEYS.dialect, [name]);
    if (dialect) expanded.dialect = dialect;
  }
  // Nothing found: the object is not one arch-lint can read, say so as a connection that did not resolve.
  if (!expanded.url && !expanded.host) expanded.url = { parts: [{ kind: "unknown", hint: name }] };
  return expanded;
}

/**
 * Where a host leads, seen from `service`: a name of a container of the service's own
 * compose project (its service name, hostname, container_name or a network alias) is
 * that container, by its service name; `localhost` on a port that exactly one compose
 * container of this engine publishes is that container (a service run on the machine
 * reaching the database the others reach inside compose).
 */
function composeHost(ctx: Ctx, service: string, engine: Engine, written: { host: string; port: string | undefined }): HostPort & { project?: string } {
  const info = ctx.serviceByName.get(service);
  const own = info?.composeProject;
  if (own) {
    // A `links` alias of the service's own compose entry names the linked container.
    const linked = ctx.compose.find((entry) => entry.project === own.folder && (entry.context === info!.root || entry.name === service))?.links?.[written.host];
    const container = composeAliases(ctx).get(own.folder)?.get(linked?.toLowerCase() ?? written.host);
    if (container) return { host: container, ...(written.port ? { port: written.port } : {}), project: own.folder };
    // Without the compose entries (a model built from services alone), the project's host names are still its containers.
    if (own.hosts.includes(written.host)) return { host: written.host, ...(written.port ? { port: written.port } : {}), project: own.folder };
  }
  if (written.host === "localhost" && written.port) {
    const published = Number(written.port);
    const containers = ctx.compose.filter((entry) => entry.ports.includes(published) && engineOfImage(entry.image) === engine);
    if (containers.length === 1) {
      const container = containers[0]!;
      const inside = DEFAULT_PORTS[engine];
      const port = inside && container.ports.includes(Number(inside)) ? inside : written.port;
      return { host: container.name.toLowerCase(), port, project: container.project };
    }
  }
  return written.port ? { host: written.host, port: written.port } : { host: written.host };
}

const aliasCache = new WeakMap<readonly ComposeService[], Map<string, Map<string, string>>>();

/** Per compose project, every host name of a container (lower case) → the container's service name. */
function composeAliases(ctx: Ctx): Map<string, Map<string, string>> {
  let byProject = aliasCache.get(ctx.compose);
  if (!byProject) {
    byProject = new Map();
    for (const entry of ctx.compose) {
      let aliases = byProject.get(entry.project);
      if (!aliases) byProject.set(entry.project, (aliases = new Map()));
      for (const host of [entry.name, ...entry.hosts]) if (!aliases.has(host.toLowerCase())) aliases.set(host.toLowerCase(), entry.name.toLowerCase());
    }
    aliasCache.set(ctx.compose, byProject);
  }
  return byProject;
}

/**
 * The datastore containers a service in another language waits for in compose (`depends_on: [db, redis]`), each as a
 * connection to the one database the container holds: PostgreSQL's `POSTGRES_DB` (else the user's name, its own
 * default), MySQL's `MYSQL_DATABASE`, Redis's database 0. Its code is not read, so this is all a reader of the compose
 * file has; a container that makes several databases (a MongoDB server, whose clients name theirs; init variables that
 * list databases) says nothing of which one the service opens, and is left out.
 */
/** Variables that name a database by wide convention: `DATABASE_NAME`, `DB_NAME`, `DB_DATABASE`, `ORDERS_DB_NAME`, `PGDATABASE`. */
const DATABASE_NAME_VARIABLE = /^(\w+_)?(DATABASE_NAME|DB_NAME|DB_DATABASE|DBNAME)$|^(DATABASE|DB|PGDATABASE|POSTGRES_DB|MYSQL_DATABASE)$/;

function awaitedDatastores(ctx: Ctx, service: string): (DatastoreFact & { engine: Engine })[] {
  const info = ctx.serviceByName.get(service);
  const project = info?.composeProject?.folder;
  if (!info?.language || project === undefined) return [];
  const own = ctx.compose.filter((entry) => entry.project === project && (entry.context === info.root || entry.name === service));
  const facts: (DatastoreFact & { engine: Engine })[] = [];
  for (const entry of own) {
    for (const name of entry.dependsOn ?? []) {
      const container = ctx.compose.find((other) => other.project === project && other.name === name);
      const engine = engineOfImage(container?.image);
      if (!container || !engine || Object.keys(container.env).some((key) => /DATABASES/.test(key))) continue;
      // A go.mod or pom.xml that lists dependencies but no client of the engine: the container is waited for, not opened
      // (a Redis the compose file starts beside services that never use it), as for the variables it is handed.
      if (manifestOmits(info.manifestEngines, engine)) continue;
      // DATABASE_NAME=payments_db in the service's own environment: the one it opens on that server, not the server's default.
      const named = engine === "redis" ? undefined : Object.entries(info.env).find(([key, value]) => DATABASE_NAME_VARIABLE.test(key) && /^[\w-]+$/.test(value.trim()))?.[1]?.trim();
      const database = named ?? (engine === "postgres" ? (container.env.POSTGRES_DB || container.env.POSTGRES_USER || "postgres") : engine === "mysql" ? container.env.MYSQL_DATABASE : engine === "redis" ? "0" : undefined);
      if (!database) continue;
      const url = `${engine}://${name}:${DEFAULT_PORTS[engine] ?? ""}/${database}`;
      facts.push({ engine, library: `${info.language} (compose depends_on)`, url: { parts: [{ kind: "text", text: url }] }, location: { file: entry.file, line: entry.line, column: 1 } });
    }
  }
  return facts;
}

/** The engine a container image runs (`postgres:17`, `bitnami/mongodb`, `redis/redis-stack`), if it is a datastore's. */
export function engineOfImage(image: string | undefined): Engine | undefined {
  const path = image?.toLowerCase().split("@")[0]!.replace(/:[^/]*$/, "");
  const name = path?.split("/").pop();
  if (!name) return undefined;
  if (/postgres|postgis|timescaledb|cockroach/.test(name)) return "postgres";
  if (/mysql|mariadb|percona/.test(name)) return "mysql";
  if (/mongo/.test(name)) return "mongodb";
  if (/redis|valkey|keydb|dragonfly/.test(name)) return "redis";
  // Microsoft's own image is named by its path: mcr.microsoft.com/mssql/server.
  if (/mssql|sql-?server/.test(name) || path!.endsWith("mssql/server")) return "mssql";
  return undefined;
}

/** Env vars that by wide convention hold an engine's connection string, most common first. */
const CONVENTIONAL_URL_ENV: Partial<Record<Engine, string[]>> = {
  postgres: ["DATABASE_URL", "POSTGRES_URL", "POSTGRESQL_URL", "PG_URL", "DB_URL", "DB_URI", "DATABASE_URI"],
  mysql: ["DATABASE_URL", "MYSQL_URL", "DB_URL", "DB_URI", "DATABASE_URI"],
  mongodb: ["MONGODB_URI", "MONGODB_URL", "MONGO_URL", "MONGO_URI", "DATABASE_URL", "MONGO_DB_URI", "DB_URI", "DB_URL", "DATABASE_URI"],
  redis: ["REDIS_URL", "REDIS_URI"],
};

function conventionalUrl(engine: Engine, env: Record<string, string>): { name: string; url: string } | undefined {
  for (const name of CONVENTIONAL_URL_ENV[engine] ?? []) {
    const url = env[name];
    if (url && parseConnectionUrl(url)?.engine === engine) return { name, url };
  }
  return undefined;
}

/**
 * The URL with its unknown user-info left out (url-credentials.ts), when that is all that was unknown and it still names
 * a database: PostgreSQL's default database is the user's name, which an unknown user leaves unknown.
 */
function credentialFreeUrl(ctx: Ctx, file: string, url: Value, engine: Engine, env: Record<string, string>): string | undefined {
  const blanked = withoutCredentialParts(url);
  if (!blanked) return undefined;
  const rendered = renderValue(ctx, file, blanked, env);
  if (!rendered.complete || !rendered.text) return undefined;
  const address = parseConnectionUrl(rendered.text);
  if (!address || !address.host) return undefined;
  if ((engine === "unknown" ? address.engine : engine) === "postgres" && !address.database) return undefined;
  return rendered.text;
}

function encoreService(ctx: Ctx, name: string): boolean {
  return ctx.serviceByName.get(name)?.sources.includes("encore") ?? false;
}

/** An Encore SQL database (extract/datastores/encore.ts): the one the runtime provisions under its name, so its name is its identity. */
function encoreDatabase(ctx: Ctx, file: string, service: string, fact: DatastoreFact): ModelDatastore {
  const database = fact.database ? renderValue(ctx, file, fact.database, {}).text : undefined;
  return {
    ...(database ? { identity: `postgres://encore/${database}` } : {}),
    engine: "postgres",
    library: fact.library,
    host: "encore",
    ...(database ? { database } : {}),
    service,
    resolution: `the Encore SQL database ${database ?? "(unnamed)"}, which the Encore runtime provisions and connects to`,
    location: fact.location,
  };
}

/**
 * A client made over an Encore database's connection string (`knex({ connection: SiteDB.connectionString })` beside
 * `new SQLDatabase("site")`) is that database, already one of the file's: not a second connection, nor one whose URL
 * did not resolve.
 */
function withoutEncoreClients(stores: readonly DatastoreFact[]): readonly DatastoreFact[] {
  if (!stores.some((store) => store.library === ENCORE_SQLDB)) return stores;
  return stores.filter((store) => store.library === ENCORE_SQLDB || !store.url?.parts.some((part) => (part.kind === "import" && part.specifier === ENCORE_SQLDB) || (part.kind === "unknown" && /\.connectionString$/.test(part.hint))));
}
