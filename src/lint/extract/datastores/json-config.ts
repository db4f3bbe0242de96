import type { DatastoreFact, FileFacts, Value } from "../../types.js";
import { engineOfDialect } from "./connection.js";
import { connectorEngine } from "./loopback.js";

/**
 * Connection settings kept in JSON, which the code names only indirectly:
 * TypeORM's `ormconfig.json` (read by `createConnection()` with no options),
 * sequelize-cli's `config/config.json` (one block per environment, read by
 * the generated `models/index.js` as `require(".../config.json")[env]`), and
 * node-config's `config/default.json`, `production.json` and
 * `custom-environment-variables.json` (read by `config.get("db")`: their
 * leaves become constants `config:<key>`, `config-env:<key>`, see lookupConfig
 * in model/values.ts). Parsed as data, never executed; any other JSON gives nothing.
 */

type Json = Record<string, unknown>;

const text = (value: unknown): Value | undefined => (typeof value === "string" || typeof value === "number" ? { parts: [{ kind: "text", text: String(value) }] } : undefined);

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One connection block: `{ type | dialect, url | use_env_variable | host, port, database }`. */
function fromBlock(block: Json, library: string, location: DatastoreFact["location"]): DatastoreFact | undefined {
  const dialect = typeof block.type === "string" ? block.type : typeof block.dialect === "string" ? block.dialect : undefined;
  if (!dialect) return undefined;
  const fact: DatastoreFact = { engine: engineOfDialect(dialect), library, location };
  if (typeof block.use_env_variable === "string") fact.url = { parts: [{ kind: "env", name: block.use_env_variable }] };
  else if (block.url !== undefined) fact.url = text(block.url);
  const host = text(block.host);
  const port = text(block.port);
  const database = text(block.database) ?? (typeof block.storage === "string" ? text(block.storage) : undefined);
  if (host) fact.host = host;
  if (port) fact.port = port;
  if (database) fact.database = database;
  if (!fact.url && !fact.host && fact.engine !== "sqlite") fact.host = text("localhost");
  return fact;
}

export function extractConfigJson(
  file: string,
  source: string,
): { datastores: DatastoreFact[]; constants: Record<string, Value>; exports?: FileFacts["exports"]; frameworkPrefixes?: FileFacts["frameworkPrefixes"] } | undefined {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    return undefined;
  }
  if (file === "tsoa.json" || file.endsWith("/tsoa.json")) {
    const found = tsoaBasePath(data);
    if (!found) return undefined;
    const location = { file, line: lineOf(source, found.section, "basePath"), column: 1 };
    return { datastores: [], constants: {}, frameworkPrefixes: { tsoa: { prefix: found.prefix, location } } };
  }
  const node = /(^|\/)config\/(default|production|custom-environment-variables)\.json$/.exec(file);
  if (node) {
    const constants: Record<string, Value> = {};
    leaves(data, "", 0, (key, leaf) => {
      if (node[2] !== "custom-environment-variables") constants[`config:${key}`] = { parts: [{ kind: "text", text: String(leaf) }] };
      else if (typeof leaf === "string") constants[`config-env:${key}`] = { parts: [{ kind: "env", name: leaf }] };
    });
    return Object.keys(constants).length ? { datastores: [], constants } : undefined;
  }
  const datastores = ormConnections(file, data);
  // `const config = require("./config.json").usersService` then `${config.uri}:${config.port}`: the file is the module's
  // default export, its leaves constants `default.<key>` as a `module.exports = {...}` file's are (model/values.ts).
  const constants: Record<string, Value> = {};
  leaves(data, "", 0, (key, leaf) => {
    constants[`default.${key}`] = { parts: [{ kind: "text", text: String(leaf) }] };
  });
  const exported = Object.keys(constants).length > 0;
  if (!datastores.length && !exported) return undefined;
  return { datastores, constants, ...(exported ? { exports: { default: "const:default" } } : {}) };
}

/**
 * A JSON file a module imports (`import endpoints from "../service-address.json"`, `require("./services.json")`) that
 * no rule above reads: its data as the module's default export, each leaf a constant `default.<key>`, so
 * `endpoints["orders-service"]` is the address written there. Datastores are not looked for (any JSON may look like a
 * connection block); undefined when it is no object.
 */
export function importedJsonConstants(source: string): { constants: Record<string, Value>; exports: FileFacts["exports"] } | undefined {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    return undefined;
  }
  const constants: Record<string, Value> = {};
  leaves(
    data,
    "",
    0,
    (key, leaf) => {
      constants[`default.${key}`] = { parts: [{ kind: "text", text: String(leaf) }] };
    },
    true,
  );
  return Object.keys(constants).length ? { constants, exports: { default: "const:default" } } : undefined;
}

/**
 * Each string or number leaf with its dotted key; node-config's `{ "__name": "PORT" }` is the leaf "PORT". With `lists`,
 * a list of objects (at most MAX_LISTED) is gone into too, each element under its index (`routes.0.target`): a
 * gateway's route table a module loops over (model/imported-rows.ts).
 */
function leaves(data: unknown, prefix: string, depth: number, visit: (key: string, leaf: string | number) => void, lists = false): void {
  if (depth > 6) return;
  const listed = lists && Array.isArray(data) && data.length > 0 && data.length <= MAX_LISTED && data.every(isObject);
  if (!isObject(data) && !listed) return;
  for (const [key, value] of Object.entries(data as Json)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string" || typeof value === "number") visit(path, value);
    else if (isObject(value) && typeof value.__name === "string") visit(path, value.__name);
    else leaves(value, path, depth + 1, visit, lists);
  }
}

/** Longer lists are data, not a table a reader names entry by entry. */
const MAX_LISTED = 32;

/**
 * LoopBack's settings in JSON: one datasource (`db.datasource.json`: `{ name, connector, url, host, port, database }`), or
 * LoopBack 3's `datasources.json`, one such block per name. A connector that is no datastore (memory, rest) gives nothing.
 */
function loopbackConnections(file: string, data: unknown): DatastoreFact[] | undefined {
  const base = file.slice(file.lastIndexOf("/") + 1);
  const single = /\.datasource(\.config)?\.json$/.test(base);
  if (!single && base !== "datasources.json") return undefined;
  const blocks = single ? [data] : isObject(data) ? Object.values(data) : [];
  const facts: DatastoreFact[] = [];
  for (const block of blocks) {
    if (!isObject(block) || typeof block.connector !== "string") continue;
    const engine = connectorEngine(block.connector);
    if (!engine) continue;
    const fact = fromBlock({ ...block, type: engine, ...(block.url === "" ? { url: undefined } : {}) }, "loopback", { file, line: 1, column: 1 });
    if (fact) facts.push({ ...fact, engine });
  }
  return facts;
}

function ormConnections(file: string, data: unknown): DatastoreFact[] {
  const loopback = loopbackConnections(file, data);
  if (loopback) return loopback;
  const location = { file, line: 1, column: 1 };
  if (file === "ormconfig.json" || file.endsWith("/ormconfig.json")) {
    const blocks = Array.isArray(data) ? data.filter(isObject) : isObject(data) ? [data] : [];
    // Several named connections: the default one is what createConnection() opens.
    const chosen = blocks.find((b) => b.name === undefined || b.name === "default") ?? blocks[0];
    const fact = chosen && fromBlock(chosen, "typeorm", location);
    return fact ? [fact] : [];
  }
  // sequelize-cli: { development: {...}, test: {...}, production: {...} }
  if (!isObject(data)) return [];
  const block = [data.production, data.development, ...Object.values(data)].find((b): b is Json => isObject(b) && typeof b.dialect === "string");
  const fact = block && fromBlock(block, "sequelize", location);
  return fact ? [fact] : [];
}

/**
 * tsoa.json: the routes tsoa generates are served under `routes.basePath`; `spec.basePath` (`swagger` before
 * tsoa 3) only says where clients find the API in the spec, taken when the routes set none (teams set both alike).
 */
function tsoaBasePath(data: unknown): { prefix: string; section: string } | undefined {
  if (!isObject(data)) return undefined;
  for (const section of ["routes", "spec", "swagger"]) {
    const block = data[section];
    if (isObject(block) && typeof block.basePath === "string") return { prefix: block.basePath.startsWith("/") ? block.basePath : `/${block.basePath}`, section };
  }
  return undefined;
}

/** The line of `"key"` after `"section"` in a JSON text (1 when it is not there). */
function lineOf(source: string, section: string, key: string): number {
  const at = source.indexOf(`"${key}"`, Math.max(0, source.indexOf(`"${section}"`)));
  return at < 0 ? 1 : source.slice(0, at).split("\n").length;
}
