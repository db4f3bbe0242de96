import { describe, expect, it } from "vitest";
import { environmentConnections } from "../../../src/lint/model/environment-datastores.js";
import type { Location, ServiceInfo } from "../../../src/lint/types.js";

/**
 * The connection facts a service in another language gets from its environment: exactly one per variable group,
 * each pointing at the env line that names it (the evidence shared-database shows).
 */

const entry: Location = { file: "docker-compose.yml", line: 4, column: 3 };
const lineOf = (line: number): Location => ({ file: "docker-compose.yml", line, column: 7 });

const serviceWith = (env: Record<string, string>, lines: Record<string, number> = {}, language: string | null = "java"): ServiceInfo => ({
  name: "billing",
  root: "billing",
  sources: ["compose"],
  hosts: ["billing"],
  ports: [],
  env,
  envSources: {},
  ...(Object.keys(lines).length ? { envLocations: Object.fromEntries(Object.entries(lines).map(([name, line]) => [name, lineOf(line)])) } : {}),
  ...(language ? { language } : {}),
  location: entry,
});

const env = (name: string) => ({ parts: [{ kind: "env", name }] });

describe("[U] environmentConnections", () => {
  it("a URL variable: the engine comes from the URL; located at its env line", () => {
    expect(environmentConnections(serviceWith({ SPRING_DATASOURCE_URL: "jdbc:postgresql://db/shop" }, { SPRING_DATASOURCE_URL: 9 }))).toEqual([
      { engine: "unknown", library: "java (environment)", url: env("SPRING_DATASOURCE_URL"), location: lineOf(9) },
    ]);
  });

  it("each URL variable set is a connection of its own, in the order of specificity; an empty one is not set", () => {
    const facts = environmentConnections(serviceWith({ REDIS_URL: "redis://cache", DATABASE_URL: "postgres://db/shop", MONGO_URI: "", SPRING_DATASOURCE_URL: "jdbc:postgresql://db/shop" }));
    expect(facts.map((fact) => fact.url)).toEqual([env("SPRING_DATASOURCE_URL"), env("DATABASE_URL"), env("REDIS_URL")]);
  });

  it("a URL that names no database takes it from the variable set beside it for its engine; one that names its own keeps it", () => {
    const facts = environmentConnections(serviceWith({ MONGO_URI: "mongodb://mongo:27017", MONGO_DATABASE: "chat", DATABASE_URL: "postgres://db:5432/shop", POSTGRES_DB: "other", REDIS_URL: "redis://cache", DB_NAME: "x" }));
    expect(facts.map((fact) => [fact.url, fact.database])).toEqual([
      [env("DATABASE_URL"), undefined],
      [env("MONGO_URI"), env("MONGO_DATABASE")],
      [env("REDIS_URL"), undefined],
    ]);
  });

  it("without a line for the variable, the service's own location", () => {
    expect(environmentConnections(serviceWith({ MONGODB_URI: "mongodb://mongo/app" }, {}, "python"))).toEqual([
      { engine: "unknown", library: "python (environment)", url: env("MONGODB_URI"), location: entry },
    ]);
  });

  it("a host variable with the port and database beside it, the first name of each group that is set", () => {
    expect(environmentConnections(serviceWith({ PGHOST: "db", POSTGRES_HOST: "pg", PGPORT: "6432", PGDATABASE: "ledger", POSTGRES_DATABASE: "other" }, { POSTGRES_HOST: 12, PGHOST: 13 }))).toEqual([
      { engine: "postgres", library: "java (environment)", host: env("POSTGRES_HOST"), port: env("PGPORT"), database: env("POSTGRES_DATABASE"), location: lineOf(12) },
    ]);
  });

  it("a host alone: no port and no database in the fact", () => {
    expect(environmentConnections(serviceWith({ MONGO_HOST: "mongo" }, { MONGO_HOST: 5 }))).toEqual([{ engine: "mongodb", library: "java (environment)", host: env("MONGO_HOST"), location: lineOf(5) }]);
  });

  it("a port or database without a host names no connection", () => {
    expect(environmentConnections(serviceWith({ MYSQL_PORT: "3306", MYSQL_DATABASE: "shop", REDIS_DB: "2" }))).toEqual([]);
  });

  it("host:port in one variable (Go's REDIS_ADDR) is read as a redis:// URL", () => {
    expect(environmentConnections(serviceWith({ REDIS_ADDRESS: "cache:6379" }, { REDIS_ADDRESS: 8 }, "go"))).toEqual([
      { engine: "redis", library: "go (environment)", url: { parts: [{ kind: "text", text: "redis://" }, { kind: "env", name: "REDIS_ADDRESS" }] }, location: lineOf(8) },
    ]);
  });

  it("all three kinds together, URLs first", () => {
    const facts = environmentConnections(serviceWith({ REDIS_ADDR: "cache:6379", MYSQL_HOST: "mysql", DB_URL: "mysql://mysql/shop" }));
    expect(facts.map((fact) => [fact.engine, fact.url ?? fact.host])).toEqual([
      ["unknown", env("DB_URL")],
      ["mysql", env("MYSQL_HOST")],
      ["redis", { parts: [{ kind: "text", text: "redis://" }, { kind: "env", name: "REDIS_ADDR" }] }],
    ]);
  });

  it("a service arch-lint scans gets none: its code says which variables it opens", () => {
    expect(environmentConnections(serviceWith({ DATABASE_URL: "postgres://db/shop", REDIS_HOST: "cache" }, {}, null))).toEqual([]);
  });
});
