import { describe, expect, it } from "vitest";
import type { ComposeService } from "../../../src/lint/discover/compose.js";
import { buildModel } from "../../../src/lint/model/build.js";
import { ModuleResolver } from "../../../src/lint/model/resolve.js";
import sharedDatabase from "../../../src/lint/rules/shared-database.js";
import type { ServiceInfo } from "../../../src/lint/types.js";
import { lintTree, service } from "../helpers.js";

/**
 * A service in another language uses the datastore its environment names by a
 * well-known variable, with the env line as evidence. Discovery marks such services
 * (ServiceInfo.language); here they are given to the model as discovery would.
 */

const compose = (name: string, env: Record<string, string>, line: number): ComposeService => ({
  name,
  file: "docker-compose.yml",
  line,
  env,
  envSources: Object.fromEntries(Object.keys(env).map((key) => [key, `docker-compose.yml (services.${name}.environment)`])),
  hosts: [name],
  ports: [],
  project: "",
});

const other = (name: string, language: string, env: Record<string, string>, line: number): ServiceInfo => ({
  name,
  root: `services/${name}`,
  sources: ["compose"],
  hosts: [name],
  ports: [],
  env,
  envSources: Object.fromEntries(Object.keys(env).map((key) => [key, `docker-compose.yml (services.${name}.environment)`])),
  envLocations: Object.fromEntries(Object.keys(env).map((key, index) => [key, { file: "docker-compose.yml", line: line + 2 + index, column: 7 }])),
  composeProject: { folder: "", hosts: [name, "db", "postgres", "mongo", "cache"] },
  language,
  location: { file: "docker-compose.yml", line, column: 1 },
});

const modelOf = (services: ServiceInfo[], entries: ComposeService[] = []) =>
  buildModel({
    services,
    compose: entries,
    facts: new Map(),
    resolver: new ModuleResolver({ files: new Set(), workspacePackages: {}, packageMains: {}, tsconfigs: [] }),
    globalEnv: {},
    filesParsed: 0,
    filesSkipped: 0,
  });

describe("[U] datastores named by the environment of a service in another language", () => {
  it("Spring's JDBC URL, a Go service's REDIS_ADDR, MYSQL_HOST with MYSQL_DATABASE, located at their env lines", () => {
    const model = modelOf([
      other("billing", "java", { SPRING_DATASOURCE_URL: "jdbc:postgresql://db:5432/shop", SPRING_DATASOURCE_PASSWORD: "secret" }, 10),
      other("cart", "go", { REDIS_ADDR: "cache:6379" }, 20),
      other("stock", "python", { MYSQL_HOST: "mysql", MYSQL_PORT: "3307", MYSQL_DATABASE: "stock" }, 30),
    ]);
    expect(model.datastores.map(({ service, identity, library, location }) => ({ service, identity, library, line: location.line }))).toEqual([
      { service: "billing", identity: "postgres://db:5432/shop", library: "java (environment)", line: 12 },
      { service: "cart", identity: "redis://cache:6379/0", library: "go (environment)", line: 22 },
      { service: "stock", identity: "mysql://mysql:3307/stock", library: "python (environment)", line: 32 },
    ]);
    expect(model.datastores[0]!.resolution).toContain("SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/shop from docker-compose.yml (services.billing.environment)");
    expect(model.datastores[0]!.resolution).toContain("billing is written in java, not scanned");
  });

  it("Laravel's DB_CONNECTION names the engine of DB_HOST, DB_PORT and DB_DATABASE (acc15a)", () => {
    const model = modelOf([
      other("shop-php", "php", { DB_CONNECTION: "mysql", DB_HOST: "mysql", DB_PORT: "3306", DB_DATABASE: "shop", DB_PASSWORD: "secret" }, 10),
      other("ledger-php", "php", { DB_CONNECTION: "pgsql", DB_HOST: "db", DB_DATABASE: "ledger" }, 20),
      // No connection named, or one arch-lint has no engine for: DB_HOST alone says too little.
      other("notes-php", "php", { DB_HOST: "db", DB_DATABASE: "notes" }, 30),
      other("cache-php", "php", { DB_CONNECTION: "sqlite", DB_DATABASE: "/data/app.sqlite" }, 40),
    ]);
    expect(model.datastores.map(({ service, identity, location }) => [service, identity, location.line])).toEqual([
      ["shop-php", "mysql://mysql:3306/shop", 13],
      ["ledger-php", "postgres://db:5432/ledger", 23],
    ]);
  });

  it("two Go services on one MongoDB server whose URL names no database, each naming its own beside it, are in two databases", () => {
    const model = modelOf([
      other("chat", "go", { MONGO_URI: "mongodb://mongo:27017", MONGO_DATABASE: "chat" }, 10),
      other("live", "go", { MONGO_URI: "mongodb://mongo:27017/", MONGO_DATABASE: "live" }, 20),
    ]);
    expect(model.datastores.map((store) => store.identity)).toEqual(["mongodb://mongo:27017/chat", "mongodb://mongo:27017/live"]);
    expect(sharedDatabase.check(model, {})).toEqual([]);
  });

  it("a host alias of the compose container is that container", () => {
    const db = { ...compose("postgres", {}, 40), hosts: ["postgres", "db"] };
    const model = modelOf([other("billing", "java", { DATABASE_URL: "postgres://app:pw@DB/shop?sslmode=disable" }, 10)], [db]);
    expect(model.datastores.map((store) => store.identity)).toEqual(["postgres://postgres:5432/shop"]);
  });

  it("variables that do not name a datastore, or name it only in part, give none", () => {
    const model = modelOf([
      other("web", "python", { API_URL: "http://api:8080", DATABASE_URL: "https://example.com/db", POSTGRES_HOST: "db" }, 10),
      other("mongo-admin", "nginx", { MONGO_HOST: "mongo" }, 20),
    ]);
    expect(model.datastores).toEqual([]);
  });

  it("a service arch-lint scans is left to its code", () => {
    const scanned: ServiceInfo = { ...other("orders", "java", { DATABASE_URL: "postgres://db/shop" }, 10) };
    delete scanned.language;
    expect(modelOf([scanned]).datastores).toEqual([]);
  });

  it("a Java service and a Node service on one database: shared-database with the env line as evidence", () => {
    const { model: scanned } = lintTree({
      ...service("services/orders", ["express", "pg"], {
        "src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`,
        ".env": "DATABASE_URL=postgres://app:pw@db:5432/shop\n",
      }),
    });
    const model = {
      ...scanned,
      services: [...scanned.services, other("billing", "java", { SPRING_DATASOURCE_URL: "jdbc:postgresql://db/shop" }, 10)],
    };
    const withJava = modelOf(model.services);
    const reports = sharedDatabase.check({ ...model, datastores: [...scanned.datastores, ...withJava.datastores] }, {});
    expect(reports.map((report) => report.data)).toEqual([{ services: "billing,orders", datastore: "postgres://db:5432/shop" }]);
    expect(reports[0]!.evidence.map((hop) => `${hop.location.file}:${hop.location.line}`)).toEqual(["docker-compose.yml:12", "services/orders/src/db.ts:2"]);
  });
});
