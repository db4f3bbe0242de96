import type { DatastoreFact, Engine, ModelDatastore, Value } from "../types.js";
import type { Ctx } from "./context.js";
import { redact, renderValue } from "./values.js";

/**
 * Which datastore each connection in a service's code opens: its URL or
 * parameters rendered with the service's env, parsed into one identity.
 */

const DEFAULT_PORTS: Partial<Record<Engine, string>> = { postgres: "5432", mysql: "3306", mongodb: "27017", redis: "6379", mssql: "1433" };

const DRIVER_ENV: Partial<Record<string, { host: string; port: string; database: string }>> = {
  pg: { host: "PGHOST", port: "PGPORT", database: "PGDATABASE" },
  postgres: { host: "PGHOST", port: "PGPORT", database: "PGDATABASE" },
  redis: { host: "REDIS_HOST", port: "REDIS_PORT", database: "REDIS_DB" },
  ioredis: { host: "REDIS_HOST", port: "REDIS_PORT", database: "REDIS_DB" },
};

export function buildDatastores(ctx: Ctx): ModelDatastore[] {
  const result: ModelDatastore[] = [];
  for (const f of ctx.facts.values()) {
    const service = ctx.fileService[f.file];
    if (!service) continue;
    const env = ctx.envOf(service);
    for (const fact of f.datastores) result.push(resolveDatastore(ctx, f.file, service, fact, env));
  }
  return scopeByComposeProject(result);
}

/**
 * `postgres:5432` is a different server in every compose project that runs its own
 * `postgres` container: where one address is reached from several projects (or from
 * one and from outside), each project's identity says which project it is in.
 */
function scopeByComposeProject(stores: ModelDatastore[]): ModelDatastore[] {
  const scopes = new Map<string, Set<string>>();
  for (const store of stores) {
    if (store.identity) scopes.set(store.identity, (scopes.get(store.identity) ?? new Set()).add(store.composeProject ?? ""));
  }
  return stores.map((store) =>
    store.identity && store.composeProject !== undefined && scopes.get(store.identity)!.size > 1
      ? { ...store, identity: `${store.identity} (compose project ${store.composeProject || "."})` }
      : store,
  );
}

function resolveDatastore(ctx: Ctx, file: string, service: string, fact: DatastoreFact, env: Record<string, string>): ModelDatastore {
  let engine = fact.engine;
  let host: string | undefined;
  let port: string | undefined;
  let database: string | undefined;
  const notes: string[] = [];
  let complete = true;
  let namedEnvMissing = false;
  const take = (value: Value | undefined): string | undefined => {
    if (!value) return undefined;
    const rendered = renderValue(ctx, file, value, env);
    notes.push(...rendered.notes);
    if (!rendered.complete) {
      complete = false;
      if (rendered.missingEnv.length) {
        namedEnvMissing = true;
        notes.push(`${rendered.missingEnv.join(", ")} not set`);
      }
      return undefined;
    }
    return rendered.text;
  };
  let url = take(fact.url);
  if (!url && !complete && !namedEnvMissing && fact.url) {
    // The URL comes from somewhere syntax alone cannot follow (a parameter, a
    // config object). A service whose environment sets the conventional
    // variable for this engine connects there: the same reasoning as <NAME>_URL for calls.
    const convention = conventionalUrl(engine, env);
    if (convention) {
      url = convention.url;
      complete = true;
      notes.push(`by convention ${convention.name}=${redact(convention.url)}${ctx.sourceOf(convention.name, file) ? ` from ${ctx.sourceOf(convention.name, file)}` : ""}`);
    }
  }
  if (url) {
    const parsed = parseConnectionUrl(url);
    if (parsed) {
      if (engine === "unknown") engine = parsed.engine;
      host = parsed.host;
      port = parsed.port;
      database = parsed.database;
    } else if (fact.engine === "sqlite") {
      host = "file";
      database = url;
    }
  }
  host ??= take(fact.host);
  port ??= take(fact.port);
  database ??= take(fact.database);
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
  if (engine === "redis") {
    host ??= fact.url || fact.host ? undefined : "localhost";
    database ??= "0";
  }
  port ??= DEFAULT_PORTS[engine];
  const identity = complete && host && database !== undefined && database !== "" ? `${engine}://${host.toLowerCase()}:${port ?? ""}/${database}` : undefined;
  const composeProject = host ? composeProjectOf(ctx, service, host) : undefined;
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
    location: fact.location,
  };
}

/** The compose project whose container `host` is, seen from `service` (a service of its own compose project). */
function composeProjectOf(ctx: Ctx, service: string, host: string): string | undefined {
  const project = ctx.serviceByName.get(service)?.composeProject;
  return project?.hosts.includes(host.toLowerCase()) ? project.folder : undefined;
}

/** Env vars that by wide convention hold an engine's connection string, most common first. */
const CONVENTIONAL_URL_ENV: Partial<Record<Engine, string[]>> = {
  postgres: ["DATABASE_URL", "POSTGRES_URL", "POSTGRESQL_URL", "PG_URL"],
  mysql: ["DATABASE_URL", "MYSQL_URL"],
  mongodb: ["MONGODB_URI", "MONGODB_URL", "MONGO_URL", "DATABASE_URL"],
  redis: ["REDIS_URL"],
};

function conventionalUrl(engine: Engine, env: Record<string, string>): { name: string; url: string } | undefined {
  for (const name of CONVENTIONAL_URL_ENV[engine] ?? []) {
    const url = env[name];
    if (url && parseConnectionUrl(url)?.engine === engine) return { name, url };
  }
  return undefined;
}

const SCHEMES: Record<string, Engine> = { postgres: "postgres", postgresql: "postgres", mysql: "mysql", mariadb: "mysql", mongodb: "mongodb", "mongodb+srv": "mongodb", redis: "redis", rediss: "redis", sqlserver: "mssql", mssql: "mssql" };

export function parseConnectionUrl(url: string): { engine: Engine; host: string; port?: string; database: string } | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/]*)@)?([^/?#]*)(?:\/([^?#]*))?/i.exec(url.trim());
  if (!match) return undefined;
  const engine = SCHEMES[match[1]!.toLowerCase()] ?? "unknown";
  const user = match[2] ? decodeURIComponent(match[2].split(":")[0]!) : undefined;
  const hostPort = match[3]!.split(",")[0]!;
  const colon = hostPort.lastIndexOf(":");
  const host = colon > 0 && !hostPort.endsWith("]") ? hostPort.slice(0, colon) : hostPort;
  const port = colon > 0 && !hostPort.endsWith("]") ? hostPort.slice(colon + 1) : undefined;
  let database = decodeURIComponent(match[4] ?? "");
  if (engine === "redis" && !database) database = "0";
  // PostgreSQL's default database is the user's name.
  if (engine === "postgres" && !database) database = user || "postgres";
  return { engine, host, ...(port ? { port } : {}), database };
}
