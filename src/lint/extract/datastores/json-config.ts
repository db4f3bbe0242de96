import type { DatastoreFact, Value } from "../../types.js";
import { engineOfDialect } from "./connection.js";

/**
 * ORM settings kept in JSON, which the code names only indirectly:
 * TypeORM's `ormconfig.json` (read by `createConnection()` with no options)
 * and sequelize-cli's `config/config.json` (one block per environment, read by
 * the generated `models/index.js` as `require(".../config.json")[env]`).
 * Parsed as data, never executed; any other `config.json` gives nothing.
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

export function extractOrmConfigJson(file: string, source: string): DatastoreFact[] {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    return [];
  }
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
