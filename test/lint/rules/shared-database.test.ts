import { describe, expect, it } from "vitest";
import { parseConnectionUrl } from "../../../src/lint/model/datastores.js";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

const pgService = (name: string, extra: Record<string, string> = {}) =>
  service(`services/${name}`, ["express", "pg"], {
    "src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`,
    ...extra,
  });

/** A pool whose URL is a parameter, as create-service generates it: only the env convention can resolve it. */
const paramPoolService = (name: string) =>
  service(`services/${name}`, ["express", "pg"], {
    "src/db.ts": `import pg from "pg";\nexport function openPool(url: string) {\n  return new pg.Pool({ connectionString: url });\n}\n`,
  });

const compose = (orders: string, users: string): Tree => ({
  "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    environment:\n      DATABASE_URL: ${orders}\n  users:\n    build: ./services/users\n    environment:\n      - DATABASE_URL=${users}\n  db:\n    image: postgres:17\n`,
});

/** Each service with a docker-compose.yml of its own (its own compose project), as create-service writes them. */
const ownCompose = (name: string, url: string): Tree => ({
  [`services/${name}/docker-compose.yml`]: `services:\n  ${name}:\n    build: .\n    environment:\n      DATABASE_URL: ${url}\n  postgres:\n    image: postgres:17\n`,
});

ruleTester("shared-database", {
  valid: [
    {
      name: "two compose projects, each with its own postgres container, are two servers even with the same address",
      files: {
        ...pgService("orders"),
        ...pgService("users"),
        ...ownCompose("orders", "postgres://postgres:pw@postgres:5432/postgres"),
        ...ownCompose("users", "postgres://postgres:pw@postgres:5432/postgres"),
      },
    },
    {
      name: "two databases on the same server are not shared",
      files: { ...pgService("orders"), ...pgService("users"), ...compose("postgres://app:pw@db:5432/orders", "postgres://app:pw@db:5432/users") },
    },
    {
      name: "a URL passed as a parameter, two databases by the DATABASE_URL convention",
      files: { ...paramPoolService("orders"), ...paramPoolService("users"), ...compose("postgres://app:pw@db:5432/orders", "postgres://app:pw@db:5432/users") },
    },
    {
      name: "a URL passed as a parameter, with no conventional variable set, is not guessed",
      files: { ...paramPoolService("orders"), ...paramPoolService("users") },
    },
    {
      name: "unresolved connection strings are not compared",
      files: { ...pgService("orders"), ...pgService("users") },
    },
    {
      name: "a service using the tables its own migrations create",
      files: {
        ...pgService("orders", {
          "migrations/001_init.sql": "CREATE TABLE orders (id uuid primary key);\nCREATE TABLE outbox (id bigserial);\n",
          "src/repo.ts": `import { pool } from "./db.js";\nexport const all = () => pool.query("SELECT * FROM orders");\n`,
        }),
        ...pgService("users", { "migrations/001_init.sql": "CREATE TABLE users (id uuid);\nCREATE TABLE outbox (id bigserial);\n" }),
      },
    },
    {
      name: "a foreign table name in a service with its own, separate database",
      files: {
        ...pgService("orders", { "src/repo.ts": `export const q = "SELECT id FROM users";\n` }),
        ...pgService("users", { "migrations/001.sql": "CREATE TABLE users (id uuid);\n" }),
        ...compose("postgres://db:5432/orders", "postgres://db:5432/users"),
      },
    },
  ],
  invalid: [
    {
      name: "two compose projects whose services both use one database outside either project",
      files: {
        ...pgService("orders"),
        ...pgService("users"),
        ...ownCompose("orders", "postgres://app:pw@shared-db.internal:5432/shop"),
        ...ownCompose("users", "postgres://app:pw@shared-db.internal:5432/shop"),
      },
      errors: [{ messageId: "sharedConnection", data: { services: "orders,users", datastore: "postgres://shared-db.internal:5432/shop" } }],
    },
    {
      name: "a URL passed as a parameter, one database by the DATABASE_URL convention",
      files: { ...paramPoolService("orders"), ...paramPoolService("users"), ...compose("postgres://app:pw@db:5432/shop", "postgres://app:pw@db:5432/shop") },
      errors: [{ messageId: "sharedConnection", line: 3, hops: 2, data: { services: "orders,users", datastore: "postgres://db:5432/shop" } }],
    },
    {
      name: "two services on one PostgreSQL database through docker-compose env",
      files: { ...pgService("orders"), ...pgService("users"), ...compose("postgres://app:pw@db:5432/shop", "postgres://app:pw@db:5432/shop") },
      errors: [{ messageId: "sharedConnection", file: "services/users/src/db.ts", line: 2, hops: 2, data: { services: "orders,users", datastore: "postgres://db:5432/shop" } }],
    },
    {
      name: "literal connection settings, host and database as an object",
      files: {
        ...service("services/a", ["express", "pg"], { "src/db.ts": `import pg from "pg";\nexport const pool = new pg.Pool({ host: "db", port: 5432, database: "app" });\n` }),
        ...service("services/b", ["express", "knex"], { "src/db.ts": `import knex from "knex";\nexport const db = knex({ client: "pg", connection: "postgres://u:p@db/app" });\n` }),
      },
      errors: [{ messageId: "sharedConnection", data: { datastore: "postgres://db:5432/app" } }],
    },
    {
      name: "a service querying another's table",
      files: {
        ...pgService("orders", { "src/repo.ts": `import { pool } from "./db.js";\nexport async function f() {\n  return pool.query("SELECT u.email FROM users u WHERE u.id = $1", [1]);\n}\n` }),
        ...pgService("users", { "migrations/001_init.sql": "-- users\nCREATE TABLE IF NOT EXISTS users (id uuid primary key);\n" }),
      },
      errors: [{ messageId: "foreignTable", file: "services/orders/src/repo.ts", line: 3, hops: 2, data: { service: "orders", table: "users", owner: "users" } }],
    },
    {
      name: "redis shared through .env files",
      files: {
        ...service("services/a", ["express", "ioredis"], { "src/cache.ts": `import Redis from "ioredis";\nexport const redis = new Redis(process.env.REDIS_URL);\n`, ".env": "REDIS_URL=redis://cache:6379/0\n" }),
        ...service("services/b", ["express", "redis"], { "src/cache.ts": `import { createClient } from "redis";\nexport const redis = createClient({ url: process.env.REDIS_URL });\n`, ".env": "REDIS_URL=redis://cache:6379\n" }),
      },
      errors: [{ messageId: "sharedConnection", data: { datastore: "redis://cache:6379/0" } }],
    },
  ],
});

describe("[U] connection strings", () => {
  it("engine, host, port and database; defaults where the URL leaves them out", () => {
    expect(parseConnectionUrl("postgres://app:secret@db:5433/shop?sslmode=require")).toEqual({ engine: "postgres", host: "db", port: "5433", database: "shop" });
    expect(parseConnectionUrl("postgresql://orders@db")).toEqual({ engine: "postgres", host: "db", database: "orders" });
    expect(parseConnectionUrl("redis://cache:6379")).toEqual({ engine: "redis", host: "cache", port: "6379", database: "0" });
    expect(parseConnectionUrl("mongodb+srv://u:p@cluster0.example.net/app")).toEqual({ engine: "mongodb", host: "cluster0.example.net", database: "app" });
    expect(parseConnectionUrl("not a url")).toBeUndefined();
  });
});

describe("[U] datastores of several compose projects", () => {
  it("name the project whose container an address is, where the address alone would be ambiguous", () => {
    const { model } = lintTree({
      ...pgService("orders"),
      ...pgService("users"),
      ...pgService("billing"),
      ...ownCompose("orders", "postgres://postgres:pw@postgres:5432/postgres"),
      ...ownCompose("users", "postgres://postgres:pw@postgres:5432/postgres"),
      ...ownCompose("billing", "postgres://app:pw@billing-db.internal:5432/billing"),
    });
    const identities = Object.fromEntries(model.datastores.map((store) => [store.service, store.identity]));
    expect(identities).toEqual({
      orders: "postgres://postgres:5432/postgres (compose project services/orders)",
      users: "postgres://postgres:5432/postgres (compose project services/users)",
      // Not a container of its project: no project in the identity.
      billing: "postgres://billing-db.internal:5432/billing",
    });
    expect(model.datastores.find((store) => store.service === "orders")?.composeProject).toBe("services/orders");
  });
});
