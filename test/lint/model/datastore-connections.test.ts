import { describe, expect, it } from "vitest";
import { buildModel } from "../../../src/lint/model/build.js";
import { engineOfImage } from "../../../src/lint/model/datastores.js";
import { ModuleResolver } from "../../../src/lint/model/resolve.js";
import type { ServiceInfo } from "../../../src/lint/types.js";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * The model's datastores, whole: each connection a service opens with the identity shared-database compares, how
 * it was resolved (the reader's evidence), and what it lacks when it did not resolve.
 */

const storesOf = (tree: Tree) => lintTree(tree, { only: "shared-database" }).model.datastores;
const one = (deps: string[], code: string, extra: Record<string, string> = {}): Tree => service("services/orders", ["express", ...deps], { "src/db.ts": code, ...extra });
const db = (line: number, column: number) => ({ file: "services/orders/src/db.ts", line, column });

describe("[U] engineOfImage: the datastore a container image runs", () => {
  it("by the image's name, whatever its registry, tag or digest", () => {
    expect(engineOfImage("postgres:17")).toBe("postgres");
    expect(engineOfImage("docker.io/postgis/postgis:16-3.4")).toBe("postgres");
    expect(engineOfImage("timescale/timescaledb:latest-pg16")).toBe("postgres");
    expect(engineOfImage("cockroachdb/cockroach:v24.1.0")).toBe("postgres");
    expect(engineOfImage("MariaDB:11")).toBe("mysql");
    expect(engineOfImage("percona/percona-server:8.0")).toBe("mysql");
    expect(engineOfImage("mysql@sha256:0123abcd")).toBe("mysql");
    expect(engineOfImage("bitnami/mongodb:7.0")).toBe("mongodb");
    expect(engineOfImage("redis/redis-stack:latest")).toBe("redis");
    expect(engineOfImage("valkey/valkey:8")).toBe("redis");
    expect(engineOfImage("eqalpha/keydb")).toBe("redis");
    expect(engineOfImage("docker.dragonflydb.io/dragonflydb/dragonfly")).toBe("redis");
    expect(engineOfImage("mcr.microsoft.com/mssql/server:2022-latest")).toBe("mssql");
    expect(engineOfImage("localhost:5000/sql-server:1")).toBe("mssql");
  });
  it("anything else, or no image, is not a datastore's", () => {
    expect(engineOfImage("rabbitmq:3-management")).toBeUndefined();
    expect(engineOfImage("node:22")).toBeUndefined();
    expect(engineOfImage("registry:5000/postgres-exporter/app:1")).toBeUndefined();
    expect(engineOfImage(undefined)).toBeUndefined();
    expect(engineOfImage("")).toBeUndefined();
  });
});

describe("[U] resolving one connection", () => {
  it("a URL from the service's env: the identity, its parts and where the URL came from", () => {
    expect(storesOf(one(["pg"], `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`, { ".env": "DATABASE_URL=postgres://app:pw@db:6432/orders\n" }))).toEqual([
      {
        identity: "postgres://db:6432/orders",
        engine: "postgres",
        library: "pg",
        host: "db",
        port: "6432",
        database: "orders",
        service: "orders",
        resolution: "DATABASE_URL=postgres://app:***@db:6432/orders from services/orders/.env",
        location: db(2, 21),
      },
    ]);
  });

  it("a URL written in the code: resolution literal, the host the code writes, the default port", () => {
    expect(storesOf(one(["mongoose"], `import mongoose from "mongoose";\nmongoose.connect("mongodb://mongo/orders");\n`))).toEqual([
      {
        identity: "mongodb://mongo:27017/orders",
        engine: "mongodb",
        library: "mongoose",
        host: "mongo",
        port: "27017",
        database: "orders",
        service: "orders",
        resolution: "literal",
        literalHost: { host: "mongo", url: "mongodb://mongo/orders", origin: "code" },
        location: db(2, 1),
      },
    ]);
  });

  it("a variable the environment does not set: no identity, the variable named as missing", () => {
    expect(storesOf(one(["pg"], `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`))).toEqual([
      { engine: "postgres", library: "pg", port: "5432", service: "orders", resolution: "DATABASE_URL not set", missingEnv: ["DATABASE_URL"], location: db(2, 21) },
    ]);
  });

  it("a URL syntax cannot follow (a parameter): the engine's conventional variable, said so", () => {
    const tree = one(["pg"], `import pg from "pg";\nexport function openPool(url: string) {\n  return new pg.Pool({ connectionString: url });\n}\n`, { ".env": "REDIS_URL=redis://cache\nDATABASE_URL=postgres://app:pw@db/orders\n" });
    expect(storesOf(tree).map(({ identity, resolution }) => ({ identity, resolution }))).toEqual([
      { identity: "postgres://db:5432/orders", resolution: "by convention DATABASE_URL=postgres://app:***@db/orders from services/orders/.env" },
    ]);
  });

  it("the conventional variable must be a URL of the connection's engine", () => {
    const tree = one(["pg"], `import pg from "pg";\nexport function openPool(url: string) {\n  return new pg.Pool({ connectionString: url });\n}\n`, { ".env": "DATABASE_URL=mysql://db/orders\nPOSTGRES_URL=postgres://pg/orders\n" });
    expect(storesOf(tree).map((store) => store.identity)).toEqual(["postgres://pg:5432/orders"]);
    const none = one(["pg"], `import pg from "pg";\nexport function openPool(url: string) {\n  return new pg.Pool({ connectionString: url });\n}\n`, { ".env": "DATABASE_URL=mysql://db/orders\n" });
    expect(storesOf(none).map(({ identity, resolution }) => ({ identity, resolution }))).toEqual([{ identity: undefined, resolution: "unresolved" }]);
  });

  it("a database named beside the URL (mongoose's dbName) is the one used", () => {
    const stores = storesOf(one(["mongoose"], `import mongoose from "mongoose";\nmongoose.connect("mongodb://mongo:27017/admin", { dbName: "orders" });\n`));
    expect(stores.map(({ identity, database }) => ({ identity, database }))).toEqual([{ identity: "mongodb://mongo:27017/orders", database: "orders" }]);
  });

  it("pg with no options reads PGHOST, PGPORT and PGDATABASE; the note names the host", () => {
    const stores = storesOf(one(["pg"], `import { Pool } from "pg";\nexport const pool = new Pool();\n`, { ".env": "PGHOST=pg-main\nPGPORT=6543\nPGDATABASE=ledger\n" }));
    expect(stores.map(({ identity, host, port, database, resolution }) => ({ identity, host, port, database, resolution }))).toEqual([
      { identity: "postgres://pg-main:6543/ledger", host: "pg-main", port: "6543", database: "ledger", resolution: "PGHOST=pg-main" },
    ]);
  });

  it("Redis with no options: localhost, its default port and database 0", () => {
    const stores = storesOf(one(["ioredis"], `import Redis from "ioredis";\nexport const cache = new Redis();\ncache.set("k", "v");\n`));
    expect(stores.map(({ identity, host, database, resolution }) => ({ identity, host, database, resolution }))).toEqual([{ identity: "redis://localhost:6379/0", host: "localhost", database: "0", resolution: "literal" }]);
  });

  it("a Redis connection that only publishes or subscribes carries messages (pubsub); one that reads keys does not", () => {
    const pubsub = storesOf(one(["ioredis"], `import Redis from "ioredis";\nconst bus = new Redis(process.env.REDIS_URL);\nexport function announce(order: string) {\n  return bus.publish("orders", order);\n}\n`, { ".env": "REDIS_URL=redis://cache:6379\n" }));
    expect(pubsub.map(({ identity, pubsub: flag }) => ({ identity, flag }))).toEqual([{ identity: "redis://cache:6379/0", flag: true }]);
    const data = storesOf(one(["ioredis"], `import Redis from "ioredis";\nconst bus = new Redis(process.env.REDIS_URL);\nexport async function announce(order: string) {\n  await bus.set("last", order);\n  return bus.publish("orders", order);\n}\n`, { ".env": "REDIS_URL=redis://cache:6379\n" }));
    expect(data.map((store) => store.pubsub)).toEqual([undefined]);
  });
});

describe("[U] localhost on a port a compose container publishes is that container", () => {
  const mssqlService = (name: string, url: string): Tree =>
    service(`services/${name}`, ["express", "mssql"], {
      "src/db.ts": `import sql from "mssql";\nexport const pool = sql.connect(process.env.MSSQL_URL);\n`,
      ".env": `MSSQL_URL=${url}\n`,
    });
  const composeWith = (images: Record<string, { image: string; ports: string }>): Tree => ({
    "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n${Object.entries(images)
      .map(([name, { image, ports }]) => `  ${name}:\n    image: ${image}\n    ports: [${ports}]\n`)
      .join("")}`,
  });

  it("Microsoft's SQL Server image (mcr.microsoft.com/mssql/server) runs SQL Server: localhost:14330 is its container, at the port inside", () => {
    const tree = { ...mssqlService("orders", "mssql://sa:pw@sql:1433/shop"), ...mssqlService("reports", "mssql://sa:pw@localhost:14330/shop"), ...composeWith({ sql: { image: "mcr.microsoft.com/mssql/server:2022-latest", ports: `"14330:1433"` } }) };
    const { model, findings } = lintTree(tree, { only: "shared-database" });
    expect(model.datastores.map(({ service: name, identity }) => `${name} ${identity}`)).toEqual(["orders mssql://sql:1433/shop", "reports mssql://sql:1433/shop"]);
    expect(findings.map((finding) => finding.data)).toEqual([{ services: "orders,reports", datastore: "mssql://sql:1433/shop" }]);
  });

  it("only a container of the connection's engine, and only when exactly one publishes the port", () => {
    const reportsOn = (images: Record<string, { image: string; ports: string }>) =>
      storesOf({ ...mssqlService("orders", "mssql://sa:pw@sql:1433/shop"), ...mssqlService("reports", "mssql://sa:pw@localhost:14330/shop"), ...composeWith(images) }).find((store) => store.service === "reports")?.identity;
    expect(reportsOn({ sql: { image: "postgres:17", ports: `"14330:5432"` } })).toBe("mssql://localhost:14330/shop");
    expect(reportsOn({ sql: { image: "mcr.microsoft.com/mssql/server", ports: `"14330:1433"` }, sql2: { image: "mssql-server-linux", ports: `"14330:1433"` } })).toBe("mssql://localhost:14330/shop");
    // Published on another port inside than the engine's default: the port as written.
    expect(reportsOn({ sql: { image: "mcr.microsoft.com/mssql/server", ports: `"14330:14330"` } })).toBe("mssql://sql:14330/shop");
  });
});

describe("[U] connections given as options", () => {
  const loc = (file: string, line: number, column: number) => ({ file: `services/orders/src/${file}`, line, column });

  it("host, port and database options, the host from the env: the note says where it came from", () => {
    expect(storesOf(one(["pg"], `import { Pool } from "pg";\nexport const pool = new Pool({ host: process.env.DB_HOST, port: 5433, database: "orders", user: "app" });\n`, { ".env": "DB_HOST=db\n" }))).toEqual([
      { identity: "postgres://db:5433/orders", engine: "postgres", library: "pg", host: "db", port: "5433", database: "orders", service: "orders", resolution: "DB_HOST=db from services/orders/.env", location: db(2, 21) },
    ]);
  });

  it("an options object another module exports (TypeORM's DataSource): its type, host, port and database, the host written there", () => {
    const tree = one(["typeorm", "pg"], `import { DataSource } from "typeorm";\nimport { dataSourceOptions } from "./config";\nexport const source = new DataSource(dataSourceOptions);\n`, {
      "src/config.ts": `export const dataSourceOptions = { type: "postgres", host: "pg", port: 5432, database: "orders" };\n`,
    });
    expect(storesOf(tree)).toEqual([
      {
        identity: "postgres://pg:5432/orders",
        engine: "postgres",
        library: "typeorm",
        host: "pg",
        port: "5432",
        database: "orders",
        service: "orders",
        resolution: "literal",
        literalHost: { host: "pg", url: "pg", origin: "code", writtenIn: "services/orders/src/config.ts" },
        location: loc("db.ts", 3, 23),
      },
    ]);
  });

  it("knex's imported config: the connection's parts under .connection, the engine from client", () => {
    const tree = one(["knex", "pg"], `import knex from "knex";\nimport { knexConfig } from "./config";\nexport const db = knex(knexConfig);\n`, {
      "src/config.ts": `export const knexConfig = { client: "pg", connection: { host: "pg", database: "orders" } };\n`,
    });
    expect(storesOf(tree).map(({ identity, engine, literalHost }) => ({ identity, engine, writtenIn: literalHost?.writtenIn }))).toEqual([{ identity: "postgres://pg:5432/orders", engine: "postgres", writtenIn: "services/orders/src/config.ts" }]);
  });

  it("an imported options object that cannot be read: a connection that did not resolve, not none", () => {
    const tree = one(["typeorm", "pg"], `import { DataSource } from "typeorm";\nimport { dataSourceOptions } from "./config";\nexport const source = new DataSource(dataSourceOptions);\n`, { "src/config.ts": `export const dataSourceOptions = makeOptions();\n` });
    expect(storesOf(tree)).toEqual([{ engine: "unknown", library: "typeorm", service: "orders", resolution: "unresolved", location: loc("db.ts", 3, 23) }]);
  });

  it("a job queue's connection is marked as one", () => {
    const tree = service("services/orders", ["express", "bullmq"], { "src/queue.ts": `import { Queue } from "bullmq";\nexport const emails = new Queue("emails", { connection: { host: "redis", port: 6379 } });\n` });
    expect(storesOf(tree)).toEqual([
      {
        identity: "redis://redis:6379/0",
        engine: "redis",
        library: "bullmq",
        host: "redis",
        port: "6379",
        database: "0",
        service: "orders",
        resolution: "literal",
        queue: true,
        literalHost: { host: "redis", url: "redis", origin: "code" },
        location: loc("queue.ts", 2, 23),
      },
    ]);
  });

  it("the schema copies early Prisma Migrate kept in each migration's folder are snapshots, not connections", () => {
    const tree = service("services/orders", ["express", "@prisma/client"], {
      "src/db.ts": `import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n`,
      "prisma/schema.prisma": `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n`,
      "prisma/migrations/20200515170312-create-orders/schema.prisma": `datasource db {\n  provider = "postgresql"\n  url = "***"\n}\n`,
      "prisma/migrations/20200515170312-create-orders/steps.json": "{}\n",
    });
    expect(storesOf(tree).map((store) => store.location.file)).toEqual(["services/orders/prisma/schema.prisma"]);
  });

  it("Prisma's schema with its URL variable unset: located at the schema, the variable missing", () => {
    const tree = service("services/orders", ["express", "@prisma/client"], {
      "src/db.ts": `import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n`,
      "prisma/schema.prisma": `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n`,
    });
    expect(storesOf(tree)).toEqual([
      { engine: "postgres", library: "prisma", port: "5432", service: "orders", resolution: "DATABASE_URL not set", missingEnv: ["DATABASE_URL"], location: { file: "services/orders/prisma/schema.prisma", line: 1, column: 1 } },
    ]);
  });
});

describe("[U] a service in another language: one datastore per identity its environment names", () => {
  it("two variables naming one database are one datastore, at the first variable's line; a second database is another", () => {
    const billing: ServiceInfo = {
      name: "billing",
      root: "billing",
      sources: ["compose"],
      hosts: ["billing"],
      ports: [],
      env: { SPRING_DATASOURCE_URL: "jdbc:postgresql://db:5432/shop", DATABASE_URL: "postgres://app:pw@db/shop", REDIS_URL: "redis://cache:6379/1", MONGO_HOST: "mongo" },
      envSources: {},
      envLocations: { SPRING_DATASOURCE_URL: { file: "docker-compose.yml", line: 5, column: 7 }, DATABASE_URL: { file: "docker-compose.yml", line: 6, column: 7 }, REDIS_URL: { file: "docker-compose.yml", line: 7, column: 7 } },
      language: "java",
      location: { file: "docker-compose.yml", line: 2, column: 3 },
    };
    const model = buildModel({ services: [billing], compose: [], facts: new Map(), resolver: new ModuleResolver({ files: new Set(), workspacePackages: {}, packageMains: {}, tsconfigs: [] }), globalEnv: {}, filesParsed: 0, filesSkipped: 0 });
    expect(model.datastores.map(({ identity, library, location, resolution }) => ({ identity, library, line: location.line, resolution }))).toEqual([
      { identity: "postgres://db:5432/shop", library: "java (environment)", line: 5, resolution: "SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/shop; billing is written in java, not scanned" },
      { identity: "redis://cache:6379/1", library: "java (environment)", line: 7, resolution: "REDIS_URL=redis://cache:6379/1; billing is written in java, not scanned" },
    ]);
  });
});

describe("[U] one address in several compose projects", () => {
  const pg = (name: string) =>
    service(`services/${name}`, ["express", "pg"], { "src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n` });
  const composeOf = (names: string[], folder: string) => ({
    [`${folder ? `${folder}/` : ""}docker-compose.yml`]: `services:\n${names.map((name) => `  ${name}:\n    build: ${folder ? "." : `./services/${name}`}\n    environment:\n      DATABASE_URL: postgres://app:pw@postgres:5432/shop\n`).join("")}  postgres:\n    image: postgres:17\n`,
  });

  it("the project at the repository root is named '.'; one address reached from outside every project stays bare", () => {
    const tree: Tree = {
      ...pg("orders"),
      ...pg("users"),
      ...pg("audit"),
      ...composeOf(["orders"], ""),
      ...composeOf(["users"], "services/users"),
      "services/audit/.env": "DATABASE_URL=postgres://app:pw@ledger-db:5432/shop\n",
    };
    expect(Object.fromEntries(storesOf(tree).map((store) => [store.service, [store.identity, store.composeProject]]))).toEqual({
      audit: ["postgres://ledger-db:5432/shop", undefined],
      orders: ["postgres://postgres:5432/shop (compose project .)", ""],
      users: ["postgres://postgres:5432/shop (compose project services/users)", "services/users"],
    });
  });

  it("services of one project on its container: the bare address, the project kept apart", () => {
    const tree: Tree = { ...pg("orders"), ...pg("users"), ...composeOf(["orders", "users"], "") };
    expect(storesOf(tree).map((store) => [store.service, store.identity, store.composeProject])).toEqual([
      ["orders", "postgres://postgres:5432/shop", ""],
      ["users", "postgres://postgres:5432/shop", ""],
    ]);
  });
});
