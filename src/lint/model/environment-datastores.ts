import { manifestOmits } from "../discover/manifest-engines.js";
import type { DatastoreFact, Engine, Location, ServiceInfo, Value } from "../types.js";

/**
 * A service in a language arch-lint does not scan (Java, Go, Python...) still
 * says in its environment which datastore it uses, by variables that frameworks
 * and images read by wide convention: `SPRING_DATASOURCE_URL`, `DATABASE_URL`,
 * `MONGODB_URI`, `REDIS_HOST`, `MYSQL_HOST` with `MYSQL_DATABASE`... Each becomes
 * a connection fact located at the env line, resolved like one found in code.
 */

/** Variables that hold a whole connection URL (the engine comes from its scheme), most specific first. */
const URL_VARIABLES = [
  "SPRING_DATASOURCE_URL",
  "QUARKUS_DATASOURCE_JDBC_URL",
  "SPRING_DATA_MONGODB_URI",
  "SPRING_DATA_REDIS_URL",
  "SPRING_REDIS_URL",
  "DATABASE_URL",
  "DB_URL",
  "POSTGRES_URL",
  "POSTGRESQL_URL",
  "MYSQL_URL",
  "MONGODB_URI",
  "MONGODB_URL",
  "MONGO_URI",
  "MONGO_URL",
  "REDIS_URL",
];

/** Variables that name a host (and, beside it, a port and a database) of one engine. */
const HOST_VARIABLES: { engine: Engine; host: string[]; port: string[]; database: string[] }[] = [
  { engine: "postgres", host: ["POSTGRES_HOST", "POSTGRES_SERVER", "PGHOST"], port: ["POSTGRES_PORT", "PGPORT"], database: ["POSTGRES_DB", "POSTGRES_DATABASE", "PGDATABASE"] },
  { engine: "mysql", host: ["MYSQL_HOST"], port: ["MYSQL_PORT"], database: ["MYSQL_DATABASE", "MYSQL_DB"] },
  {
    engine: "mongodb",
    host: ["SPRING_DATA_MONGODB_HOST", "MONGODB_HOST", "MONGO_HOST"],
    port: ["SPRING_DATA_MONGODB_PORT", "MONGODB_PORT", "MONGO_PORT"],
    database: ["SPRING_DATA_MONGODB_DATABASE", "MONGODB_DATABASE", "MONGO_DATABASE", "MONGO_DB"],
  },
  {
    engine: "redis",
    host: ["SPRING_DATA_REDIS_HOST", "SPRING_REDIS_HOST", "REDIS_HOST"],
    port: ["SPRING_DATA_REDIS_PORT", "SPRING_REDIS_PORT", "REDIS_PORT"],
    database: ["SPRING_DATA_REDIS_DATABASE", "SPRING_REDIS_DATABASE", "REDIS_DB", "REDIS_DATABASE"],
  },
];

/** Laravel's `DB_CONNECTION` → the engine its `DB_HOST`, `DB_PORT` and `DB_DATABASE` are of (config/database.php's connection names). */
const CONNECTION_ENGINES: Readonly<Record<string, Engine>> = { mysql: "mysql", mariadb: "mysql", pgsql: "postgres", sqlsrv: "mssql", mongodb: "mongodb" };

/** `host:port` in one variable (Go's REDIS_ADDR). */
const ADDRESS_VARIABLES: { engine: Engine; scheme: string; names: string[] }[] = [{ engine: "redis", scheme: "redis", names: ["REDIS_ADDR", "REDIS_ADDRESS"] }];

const env = (name: string): Value => ({ parts: [{ kind: "env", name }] });

/** The engine a URL's scheme names, as far as the manifest check needs it (Redis and MongoDB). */
function schemeEngine(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url.trim())?.[1]?.toLowerCase() ?? "";
  return /^rediss?$/.test(scheme) ? "redis" : /^mongodb(\+srv)?$/.test(scheme) ? "mongodb" : scheme;
}

/** Variables that name the database beside a URL that names none, by the URL's scheme. */
const DATABASE_BESIDE_URL: { scheme: RegExp; names: string[] }[] = [
  { scheme: /^mongodb(\+srv)?$/, names: ["SPRING_DATA_MONGODB_DATABASE", "MONGODB_DATABASE", "MONGO_DATABASE", "MONGODB_DB", "MONGO_DB", "MONGODB_DB_NAME", "MONGO_DB_NAME", "DB_NAME", "DATABASE_NAME"] },
  { scheme: /^postgres(ql)?$/, names: ["POSTGRES_DB", "POSTGRES_DATABASE", "PGDATABASE", "DB_NAME", "DATABASE_NAME"] },
  { scheme: /^(mysql|mariadb)$/, names: ["MYSQL_DATABASE", "MYSQL_DB", "DB_NAME", "DATABASE_NAME"] },
];

/**
 * `MONGO_URI=mongodb://mongo:27017` with `MONGO_DATABASE=chat` beside it: a URL that names no database leaves the
 * choice to the code, which takes it from the variable the environment sets for it (two services on one server are
 * then in two databases, not both in the driver's default).
 */
function companionDatabase(url: string, own: Readonly<Record<string, string>>): string | undefined {
  const parts = /^([a-z][a-z0-9+.-]*):\/\/[^/?#]*\/?([^?#]*)/i.exec(url.trim());
  if (!parts || parts[2] !== "") return undefined;
  const family = DATABASE_BESIDE_URL.find((f) => f.scheme.test(parts[1]!.toLowerCase()));
  return family?.names.find((name) => own[name]?.trim());
}

/** Languages discovery gives an image that only serves files or proxies requests. */
const WEB_SERVERS = new Set(["nginx", "httpd"]);

/**
 * The connections a service's own environment names, one per variable group
 * (`library` says it came from the environment). Only for services in another
 * language: a JavaScript service's code says which of its variables it opens.
 */
export function environmentConnections(service: ServiceInfo): DatastoreFact[] {
  // A web server or proxy image (nginx, Apache httpd) runs no code that opens a database: a `DATABASE_URL` it gets from
  // the env file every entry shares (`env_file: .env.production`) is not a connection of its.
  if (!service.language || WEB_SERVERS.has(service.language)) return [];
  const own = service.env;
  const at = (name: string): Location => service.envLocations?.[name] ?? service.location;
  const library = `${service.language} (environment)`;
  const facts: DatastoreFact[] = [];
  for (const name of URL_VARIABLES) {
    if (!own[name] || manifestOmits(service.manifestEngines, schemeEngine(own[name]!))) continue;
    const database = companionDatabase(own[name]!, own);
    facts.push({ engine: "unknown", library, url: env(name), ...(database ? { database: env(database) } : {}), location: at(name) });
  }
  for (const group of HOST_VARIABLES) {
    const host = group.host.find((name) => own[name]);
    if (!host || manifestOmits(service.manifestEngines, group.engine)) continue;
    const port = group.port.find((name) => own[name]);
    const database = group.database.find((name) => own[name]);
    facts.push({ engine: group.engine, library, host: env(host), ...(port ? { port: env(port) } : {}), ...(database ? { database: env(database) } : {}), location: at(host) });
  }
  const engine = own.DB_CONNECTION !== undefined ? CONNECTION_ENGINES[own.DB_CONNECTION.trim().toLowerCase()] : undefined;
  if (engine && own.DB_HOST) facts.push({ engine, library, host: env("DB_HOST"), ...(own.DB_PORT ? { port: env("DB_PORT") } : {}), ...(own.DB_DATABASE ? { database: env("DB_DATABASE") } : {}), location: at("DB_HOST") });
  for (const group of ADDRESS_VARIABLES) {
    const name = group.names.find((n) => own[n]);
    if (name && !manifestOmits(service.manifestEngines, group.engine)) facts.push({ engine: group.engine, library, url: { parts: [{ kind: "text", text: `${group.scheme}://` }, { kind: "env", name }] }, location: at(name) });
  }
  return facts;
}
