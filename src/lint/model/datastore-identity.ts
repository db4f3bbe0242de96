import { posix } from "node:path";
import type { Engine } from "../types.js";

/**
 * One identity per real datastore: a connection URL is taken apart into the
 * pieces that say which database it reaches (engine, hosts, ports, database)
 * and put back together without the pieces that do not (credentials, options,
 * letter case, default ports and database names, the order of a replica set).
 * Pure: host aliases come in through a callback.
 */

export interface HostPort {
  host: string;
  port?: string;
}

export interface ConnectionAddress {
  engine: Engine;
  /** The first host, as written. */
  host: string;
  port?: string;
  /** Every host of a multi-host URL (a MongoDB replica set, a PostgreSQL failover list), in the order written. */
  hosts: HostPort[];
  /** As the URL names it (path, `databaseName=`, Redis `?db=`), absent when it names none. */
  database?: string;
  user?: string;
  /** `mongodb+srv://`: the host is a DNS seed list name and has no port. */
  srv?: true;
  /** PostgreSQL schema the connection works in (Prisma's `?schema=`, JDBC's `currentSchema=`), when not the default. */
  schema?: string;
}

const SCHEMES: Record<string, Engine> = {
  postgres: "postgres",
  postgresql: "postgres",
  mysql: "mysql",
  mariadb: "mysql",
  mongodb: "mongodb",
  "mongodb+srv": "mongodb",
  redis: "redis",
  rediss: "redis",
  sqlserver: "mssql",
  mssql: "mssql",
};

export const DEFAULT_PORTS: Partial<Record<Engine, string>> = {
  postgres: "5432",
  mysql: "3306",
  mongodb: "27017",
  redis: "6379",
  mssql: "1433",
  elasticsearch: "9200",
  opensearch: "9200",
};

/** Engines a connection reaches as a whole server: no database in their identity. */
const WHOLE_SERVER = new Set<Engine>(["elasticsearch", "opensearch"]);

/** Host names that, seen from the machine the services run on, all reach the machine itself. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", "host.docker.internal"]);

/**
 * `scheme://user:password@host:port,host2/database?options`, also behind `jdbc:`
 * (Spring's `jdbc:postgresql://db:5432/shop`, `jdbc:sqlserver://db:1433;databaseName=shop`).
 * Never throws: a malformed escape is kept as written.
 */
export function parseConnectionUrl(url: string): ConnectionAddress | undefined {
  const text = url.trim().replace(/^jdbc:/i, "");
  const match = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/?#]*)@)?([^/?#;]*)(?:\/([^?#;]*))?([?;][^#]*)?/i.exec(text);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  const engine = SCHEMES[scheme] ?? "unknown";
  const user = match[2] ? decode(match[2].split(":")[0]!) : undefined;
  const hosts = match[3]!
    .split(",")
    .map((piece) => splitHostPort(piece.trim()))
    .filter((hostPort) => hostPort.host !== "");
  const options = optionsOf(match[5] ?? "");
  let database: string | undefined = match[4] ? decode(match[4]) : undefined;
  database ||= options.databasename ?? options.database ?? (engine === "redis" ? options.db : undefined);
  const first = hosts[0] ?? { host: "" };
  const schema = engine === "postgres" ? (options.schema ?? options.currentschema)?.toLowerCase() : undefined;
  return {
    engine,
    host: first.host,
    ...(first.port ? { port: first.port } : {}),
    hosts,
    ...(database ? { database } : {}),
    ...(user ? { user } : {}),
    ...(scheme === "mongodb+srv" ? { srv: true as const } : {}),
    ...(schema && schema !== "public" ? { schema } : {}),
  };
}

/**
 * The file a SQLite connection opens, as a path from the repository's root: `file:./dev.db` in two services' folders
 * is two files, not one database. A relative path is taken from `base` (the folder of the Prisma schema that names it,
 * or the service's folder, where its process starts); `:memory:` (and an empty name, a temporary file) is a database
 * of its own in every process, never shared: it gets the owner's name.
 */
export function sqliteFile(written: string, base: string, owner: string): string {
  const path = written.trim().replace(/^(?:sqlite|file):(?:\/\/)?/, "").replace(/\?.*$/, "");
  if (path === "" || path === ":memory:") return `:memory: of ${owner}`;
  if (path.startsWith("/")) return posix.normalize(path);
  const joined = posix.normalize(posix.join(base, path));
  return joined.startsWith("../") ? path : joined;
}

/** The database a connection uses when it names none: the driver's own default. */
export function defaultDatabase(engine: Engine, user: string | undefined): string | undefined {
  switch (engine) {
    case "postgres":
      // PostgreSQL connects to the database named like the user.
      return user || "postgres";
    case "mongodb":
      // The drivers (and mongoose) use `test` when neither the URL nor dbName names one.
      return "test";
    case "redis":
      return "0";
    case "elasticsearch":
    case "opensearch":
      return "";
    default:
      return undefined;
  }
}

/**
 * A host name reduced to what it reaches: lower case, no trailing dot, every name of
 * the local machine as `localhost`, a Kubernetes Service's long names
 * (`db.shop.svc.cluster.local`) as its short one.
 */
export function canonicalHost(host: string): string {
  let name = host.trim().toLowerCase().replace(/\.$/, "");
  if (LOCAL_HOSTS.has(name)) return "localhost";
  const kubernetes = /^([^.]+)\.[^.]+\.svc(?:\.cluster\.local)?$/.exec(name);
  if (kubernetes) name = kubernetes[1]!;
  return name;
}

/** How one host:port is reached: the alias a compose file gives a container resolved to the container, and so on. */
export type HostResolver = (hostPort: { host: string; port: string | undefined }) => HostPort;

/**
 * `engine://host:port/database`, every piece canonical; several hosts (a replica set)
 * sorted, so the order they are listed in does not matter. Undefined without a host or a database
 * (Elasticsearch and OpenSearch have none: `elasticsearch://search:9200/`).
 */
export function datastoreIdentity(
  engine: Engine,
  hosts: readonly HostPort[],
  database: string | undefined,
  options: { srv?: boolean; schema?: string; resolveHost?: HostResolver } = {},
): string | undefined {
  if (!hosts.length || database === undefined || (database === "" && !WHOLE_SERVER.has(engine))) return undefined;
  const parts = new Set<string>();
  for (const written of hosts) {
    const port = options.srv ? undefined : (written.port ?? DEFAULT_PORTS[engine]);
    const canonical = { host: canonicalHost(written.host), port };
    const { host, port: resolvedPort } = options.resolveHost?.(canonical) ?? canonical;
    if (!host) return undefined;
    parts.add(resolvedPort ? `${host}:${resolvedPort}` : host);
  }
  const scheme = options.srv ? `${engine}+srv` : engine;
  // Services that each work in a schema of their own own their data: the schema is part of what they reach.
  const schema = options.schema && options.schema.toLowerCase() !== "public" ? `?schema=${options.schema.toLowerCase()}` : "";
  return `${scheme}://${[...parts].sort().join(",")}/${database.toLowerCase()}${schema}`;
}

/**
 * Identities of one replica set written with different members (`mongodb://m1,m2,m3/app` in
 * one service, `mongodb://m1/app` in another) made one: identities of one engine and database
 * whose hosts overlap become the one that lists the most hosts.
 */
export function joinReplicaSets(identities: readonly string[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(key, root);
    return root;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  const membersOf = new Map<string, string[]>();
  for (const identity of new Set(identities)) {
    const match = /^([^:]+):\/\/([^/]+)(\/.*)$/.exec(identity);
    if (!match) continue;
    const members = match[2]!.split(",").map((host) => `${match[1]}|${host}|${match[3]}`);
    membersOf.set(identity, members);
    for (const key of [identity, ...members]) if (!parent.has(key)) parent.set(key, key);
    for (const member of members) union(member, identity);
  }
  const best = new Map<string, string>();
  for (const [identity, members] of membersOf) {
    const root = find(identity);
    const current = best.get(root);
    if (!current || members.length > membersOf.get(current)!.length || (members.length === membersOf.get(current)!.length && identity < current)) best.set(root, identity);
  }
  const joined = new Map<string, string>();
  for (const identity of membersOf.keys()) {
    const chosen = best.get(find(identity))!;
    if (chosen !== identity) joined.set(identity, chosen);
  }
  return joined;
}

function splitHostPort(text: string): HostPort {
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    const port = close > 0 && text[close + 1] === ":" ? text.slice(close + 2) : undefined;
    return { host: close > 0 ? text.slice(0, close + 1) : text, ...(port ? { port } : {}) };
  }
  const colon = text.lastIndexOf(":");
  if (colon <= 0) return { host: text };
  const port = text.slice(colon + 1);
  return { host: text.slice(0, colon), ...(port ? { port } : {}) };
}

/** `?a=1&b=2` or JDBC's `;a=1;b=2`, keys lower-cased. */
function optionsOf(text: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const pair of text.slice(1).split(/[&;]/)) {
    const eq = pair.indexOf("=");
    if (eq > 0) options[pair.slice(0, eq).toLowerCase()] = decode(pair.slice(eq + 1));
  }
  return options;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
