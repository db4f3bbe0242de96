import { describe, expect, it } from "vitest";
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

/** A socket.io gateway whose Redis clients only feed socket.io's Redis adapter. */
const socketGateway = (name: string) =>
  service(`services/${name}`, ["socket.io", "redis", "@socket.io/redis-adapter"], {
    "src/adapter.ts": `import { createClient } from "redis";\nimport { createAdapter } from "@socket.io/redis-adapter";\nexport async function relay(io) {\n  const pub = createClient({ url: "redis://hub:6379" });\n  const sub = pub.duplicate();\n  await Promise.all([pub.connect(), sub.connect()]);\n  io.adapter(createAdapter(pub, sub));\n}\n`,
  });

const mongoService = (name: string) =>
  service(`services/${name}`, ["express", "mongoose"], {
    "src/db.ts": `import mongoose from "mongoose";\nexport const connection = mongoose.createConnection(process.env.MONGO_URL);\n`,
  });

/** orders and users in one compose project with a `mongo` container that answers to several names. */
const mongoCompose = (orders: string, users: string, extra = ""): Tree => ({
  "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    environment:\n      MONGO_URL: ${orders}\n  users:\n    build: ./services/users\n    environment:\n      MONGO_URL: ${users}\n  mongo:\n    image: mongo:8\n    container_name: mongodb\n    hostname: mongo-primary\n    networks:\n      backend:\n        aliases: [documents]\n    ports: ["27018:27017"]\n${extra}networks:\n  backend: {}\n`,
});

/**
 * A shared library `libs/common` (its own package.json, no server) whose database module opens
 * a pool with the importing service's DATABASE_URL; services import it by a tsconfig paths alias
 * through its barrel. The repository root is itself a service (a NestJS-style monorepo's root package).
 */
const libraryRepo = (importers: Record<string, string>, urls: Record<string, string>): Tree => {
  const tree: Tree = {
    "package.json": { name: "monorepo", scripts: { start: "node dist/main.js" }, dependencies: { express: "*", pg: "*" } },
    "src/main.ts": `import express from "express";\nexpress().listen(3000);\n`,
    "tsconfig.json": { compilerOptions: { baseUrl: ".", paths: { "@app/common": ["libs/common/src"], "@app/common/*": ["libs/common/src/*"] } } },
    "libs/common/package.json": { name: "@app/common", main: "src/index.ts", dependencies: { pg: "*" } },
    "libs/common/src/index.ts": `export * from "./database/database.module";\nexport * from "./rmq/rmq.module";\n`,
    "libs/common/src/database/database.module.ts": `import { openPool } from "./pool";\nexport class DatabaseModule {\n  pool = openPool();\n}\n`,
    "libs/common/src/database/pool.ts": `import { Pool } from "pg";\nexport function openPool() {\n  return new Pool({ connectionString: process.env.DATABASE_URL });\n}\n`,
    "libs/common/src/rmq/rmq.module.ts": `export class RmqModule {}\n`,
    "docker-compose.yml": `services:\n${Object.keys(importers)
      .map((name) => `  ${name}:\n    build: ./apps/${name}\n    environment:\n      DATABASE_URL: ${urls[name]}\n`)
      .join("")}  db:\n    image: postgres:17\n`,
  };
  for (const [name, imported] of Object.entries(importers)) {
    Object.assign(
      tree,
      service(`apps/${name}`, ["express"], {
        "src/server.ts": `import express from "express";\nimport { ${name}Module } from "./${name}.module";\nexpress().listen(3000);\n`,
        [`src/${name}.module.ts`]: `// the ${name} module\nimport { ${imported} } from "@app/common";\nexport class ${name}Module {\n  imports = [${imported}];\n}\n`,
      }),
    );
  }
  return tree;
};

/** orders (Node, pg) and inventory (Java, built from its own folder) in one compose project; inventory names its database in SPRING_DATASOURCE_URL. */
const polyglot = (ordersUrl: string, springUrl: string): Tree => ({
  ...pgService("orders"),
  "services/inventory/pom.xml": "<project/>\n",
  "services/inventory/Dockerfile": "FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\n",
  "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    environment:\n      DATABASE_URL: ${ordersUrl}\n  inventory:\n    build: ./services/inventory\n    environment:\n      SPRING_DATASOURCE_USERNAME: app\n      SPRING_DATASOURCE_URL: ${springUrl}\n  db:\n    image: postgres:17\n    networks:\n      default:\n        aliases: [database]\n`,
});

/**
 * One package with two entry files deployed as two compose services, both opening the database of a shared module
 * whose options spread a settings object read from the environment; each compose entry takes its variables from the
 * env file(s) given, which the repository leaves out (gitignored).
 */
const oneEnvFileRepo = (apiEnvFile: string, workerEnvFile: string): Tree => ({
  "package.json": { name: "ledger", scripts: { start: "node dist/api.js" }, dependencies: { express: "*", typeorm: "*", mysql2: "*" } },
  "Dockerfile": "FROM node:24-alpine\nARG ENTRY=api.js\nCOPY dist ./dist\nCMD node dist/$ENTRY\n",
  "src/database.ts": `import { DataSource } from "typeorm";\nconst settings = { type: "mysql", host: process.env.LEDGER_DB_HOST, port: Number(process.env.LEDGER_DB_PORT), database: process.env.LEDGER_DB_NAME } as const;\nexport const ledgerDb = new DataSource({ ...settings, synchronize: false });\n`,
  "src/api.ts": `import express from "express";\nimport { ledgerDb } from "./database";\nconst app = express();\napp.get("/v1/entries", async (req, res) => res.json(await ledgerDb.query("select 1")));\napp.listen(3000);\n`,
  "src/jobs/worker.ts": `import { ledgerDb } from "../database";\nsetInterval(() => ledgerDb.query("select 1"), 1000);\n`,
  "docker-compose.yml": `services:\n  api:\n    build:\n      context: .\n      args:\n        ENTRY: api.js\n    env_file: ${apiEnvFile}\n  worker:\n    build:\n      context: .\n      args:\n        ENTRY: jobs/worker.js\n    env_file: ${workerEnvFile}\n  mysql:\n    image: mysql:8\n`,
});

/** A module that opens Redis and uses it as a message bus: publishes one channel, subscribes to another; `extra` runs in publish. */
/** An admin service's health endpoint: a Redis client of its own, pinged and closed, beside an Express reply. */
const redisHealth = `import Redis from "ioredis";\nexport async function health(req, res) {\n  const probe = new Redis({ host: "cache", lazyConnect: true });\n  await probe.connect();\n  const answer = await probe.ping();\n  await probe.quit();\n  res.status(200).json({ redis: answer === "PONG" });\n}\n`;
const redisCache = (prefix: string) => `import Redis from "ioredis";\nconst cache = new Redis("redis://cache:6379");\nexport const remember = (key, value) => cache.set("${prefix}" + key, value);\n`;

function redisBus(sends: string, hears: string, extra = ""): string {
  return `const redis = require("redis");\nconst bus = redis.createClient(process.env.REDIS_PORT || 6379, process.env.REDIS_HOST || "redis");\nconst ear = redis.createClient(process.env.REDIS_PORT || 6379, process.env.REDIS_HOST || "redis");\nexports.send = (message) => {\n  const channel = "${sends}";\n${extra}  bus.publish(channel, JSON.stringify(message));\n};\nexports.listen = (cb) => {\n  ear.subscribe("${hears}");\n  ear.on("message", (channel, text) => cb(JSON.parse(text)));\n};\n`;
}

ruleTester("shared-database", {
  valid: [
    {
      name: "one shared database module, but each compose entry reads its own env file (both left out of the repository): no telling",
      files: oneEnvFileRepo("api.env", "worker.env"),
    },
    {
      name: "an api that enqueues and a worker that processes jobs on one Redis exchange messages, they share no data",
      files: {
        ...service("services/api", ["express", "bullmq"], { "src/queue.ts": `import { Queue } from "bullmq";\nexport const mail = new Queue("mail", { connection: { host: "redis", port: 6379 } });\n` }),
        ...service("services/worker", ["bullmq"], { "src/worker.ts": `import { Worker } from "bullmq";\nexport const w = new Worker("mail", async () => {}, { connection: { host: "redis", port: 6379 } });\n` }),
      },
    },
    {
      name: "two services that meet on one Redis only through pub/sub channels (a module that publishes and subscribes, no key read or written) exchange messages, they share no data",
      files: {
        ...service("services/orders", ["express", "redis"], { "src/bus.js": redisBus("orders.placed", "payments.settled") }),
        ...service("services/payments", ["express", "redis"], { "src/bus.js": redisBus("payments.settled", "orders.placed") }),
      },
    },
    {
      name: "a health endpoint that only pings the cache's Redis keeps no data there: one cache user is no sharing",
      files: {
        ...service("services/admin", ["express", "ioredis"], { "src/health.ts": redisHealth }),
        ...service("services/orders", ["express", "ioredis"], { "src/cache.ts": redisCache("orders:") }),
      },
    },
    {
      name: "two socket gateways whose clients are socket.io's Redis adapter (acc15a) broadcast through it, they share no data",
      files: { ...socketGateway("chat"), ...socketGateway("presence") },
    },
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
    {
      name: "two databases on one MongoDB server, reached by two of its container's names, stay two",
      files: { ...mongoService("orders"), ...mongoService("users"), ...mongoCompose("mongodb://mongodb:27017/orders", "mongodb://mongo/users") },
    },
    {
      name: "two Redis database indexes on one server are two datastores",
      files: {
        ...service("services/a", ["express", "ioredis"], { "src/cache.ts": `import Redis from "ioredis";\nexport const redis = new Redis(process.env.REDIS_URL);\n`, ".env": "REDIS_URL=redis://cache:6379/1\n" }),
        ...service("services/b", ["express", "ioredis"], { "src/cache.ts": `import Redis from "ioredis";\nexport const redis = new Redis(process.env.REDIS_URL);\n`, ".env": "REDIS_URL=redis://cache:6379/2\n" }),
      },
    },
    {
      name: "a library's database module used by two services, each with a database of its own",
      files: libraryRepo({ orders: "DatabaseModule", users: "DatabaseModule" }, { orders: "postgres://app:pw@db:5432/orders", users: "postgres://app:pw@db:5432/users" }),
    },
    {
      name: "a service that imports only another module of the library does not use its database",
      files: libraryRepo({ orders: "DatabaseModule", users: "RmqModule" }, { orders: "postgres://app:pw@db:5432/shop", users: "postgres://app:pw@db:5432/shop" }),
    },
    {
      name: "a Java service whose SPRING_DATASOURCE_URL names another database on the same server",
      files: polyglot("postgres://app:pw@db:5432/orders", "jdbc:postgresql://database:5432/inventory"),
    },
    {
      name: "two services in schemas of their own of one PostgreSQL database (Prisma's ?schema=)",
      files: { ...pgService("orders"), ...pgService("users"), ...compose("postgresql://app:pw@db:5432/shop?schema=orders", "postgresql://app:pw@db:5432/shop?schema=users") },
    },
  ],
  invalid: [
    {
      name: "one shared database module whose settings both compose entries take from one env file the repository leaves out",
      files: oneEnvFileRepo(".env", ".env"),
      errors: [
        {
          messageId: "sharedEnvFile",
          file: "src/jobs/worker.ts",
          line: 1,
          hops: 3,
          data: { services: "api,worker", datastore: "src/database.ts:3 from .env" },
          message:
            "api and worker open the same mysql connection (src/database.ts:3) with LEDGER_DB_HOST, LEDGER_DB_NAME, LEDGER_DB_PORT from .env, one env file the repository leaves out: whatever it holds, they connect to the same datastore",
          evidence: [
            "api connects through typeorm with LEDGER_DB_HOST, LEDGER_DB_NAME, LEDGER_DB_PORT, which its compose entry takes from .env (not in the repository)",
            "worker imports src/database.ts",
            "worker connects through typeorm with LEDGER_DB_HOST, LEDGER_DB_NAME, LEDGER_DB_PORT, which its compose entry takes from .env (not in the repository)",
          ],
        },
      ],
    },
    {
      name: "the same, and a third service whose compose entry reads another env file: only the two that share one",
      files: {
        ...oneEnvFileRepo(".env", ".env"),
        "src/audit/main.ts": `import { ledgerDb } from "../database";\nsetInterval(() => ledgerDb.query("select 2"), 5000);\n`,
        "docker-compose.override.yml": "services:\n  audit:\n    build:\n      context: .\n      args:\n        ENTRY: audit/main.js\n    env_file: audit.env\n",
      },
      errors: [{ messageId: "sharedEnvFile", data: { services: "api,worker", datastore: "src/database.ts:3 from .env" } }],
    },
    {
      name: "two services whose TypeORM options object is exported by a file of each (new DataSource(dataSourceOptions))",
      files: Object.fromEntries(
        ["orders", "users"].flatMap((name) =>
          Object.entries(
            service(`services/${name}`, ["express", "typeorm", "pg"], {
              "src/data-source.options.ts": `export const dataSourceOptions = { type: "postgres", host: process.env.DB_HOST ?? "db", port: 5432, database: "shop" } as const;\n`,
              "src/data-source.ts": `import { DataSource } from "typeorm";\nimport { dataSourceOptions } from "./data-source.options";\nexport const ds = new DataSource(dataSourceOptions);\n`,
            }),
          ),
        ),
      ),
      errors: [{ messageId: "sharedConnection", data: { services: "orders,users", datastore: "postgres://db:5432/shop" } }],
    },
    {
      name: "a URL passed as a parameter, MONGO_URI set for both by compose (the convention knows MONGO_URI)",
      files: {
        ...service("services/a", ["express", "mongoose"], { "src/db.js": `const mongoose = require("mongoose");\nmodule.exports = (url) => mongoose.connect(url);\n` }),
        ...service("services/b", ["express", "mongoose"], { "src/db.js": `const mongoose = require("mongoose");\nmodule.exports = (url) => mongoose.connect(url);\n` }),
        "docker-compose.yml": "services:\n  a:\n    build: ./services/a\n    environment:\n      MONGO_URI: mongodb://mongo:27017/shop\n  b:\n    build: ./services/b\n    environment:\n      MONGO_URI: mongodb://mongo:27017/shop\n  mongo:\n    image: mongo:7\n",
      },
      errors: [{ messageId: "sharedConnection", data: { services: "a,b", datastore: "mongodb://mongo:27017/shop" } }],
    },
    {
      name: "pub/sub channels and keys through one Redis module: the keys are data both services share",
      files: {
        ...service("services/orders", ["express", "redis"], { "src/bus.js": redisBus("orders.placed", "payments.settled", "  bus.set(`last:${channel}`, message);\n") }),
        ...service("services/payments", ["express", "redis"], { "src/bus.js": redisBus("payments.settled", "orders.placed", "  bus.hSet(\"sent\", channel, Date.now());\n") }),
      },
      errors: [{ messageId: "sharedConnection", data: { services: "orders,payments", datastore: "redis://redis:6379/0" } }],
    },
    {
      name: "a client one file pings and exports, or hands to another file that reads keys with it, is used: the two cache users share it",
      files: {
        ...service("services/admin", ["express", "ioredis"], {
          "src/redis.ts": `import Redis from "ioredis";\nexport const client = new Redis("redis://cache:6379");\nexport const alive = async () => (await client.ping()) === "PONG";\n`,
        }),
        ...service("services/audit", ["express", "ioredis"], {
          "src/health.ts": `import Redis from "ioredis";\nimport { keep } from "./keep";\nexport async function check() {\n  const probe = new Redis("redis://cache:6379");\n  await probe.ping();\n  await keep(probe, "checked");\n}\n`,
          "src/keep.ts": `import type Redis from "ioredis";\nexport const keep = (client: Redis, what: string) => client.lPush("audit", what);\n`,
        }),
        ...service("services/orders", ["express", "ioredis"], { "src/cache.ts": redisCache("orders:") }),
      },
      errors: [{ messageId: "sharedConnection", data: { services: "admin,audit,orders", datastore: "redis://cache:6379/0" } }],
    },
    {
      name: "a file that pings the client it also writes keys with uses Redis",
      files: {
        ...service("services/admin", ["express", "ioredis"], { "src/cache.ts": `import Redis from "ioredis";\nconst cache = new Redis("redis://cache:6379");\nexport const ready = () => cache.ping();\nexport const mark = (id) => cache.set("seen:" + id, "1");\n` }),
        ...service("services/orders", ["express", "ioredis"], { "src/cache.ts": redisCache("orders:") }),
      },
      errors: [{ messageId: "sharedConnection", data: { services: "admin,orders", datastore: "redis://cache:6379/0" } }],
    },
    {
      name: "a cache and a queue on one Redis: only the cache users count, and two of them share it",
      files: {
        ...service("services/api", ["express", "redis", "bullmq"], { "src/cache.ts": `import { createClient } from "redis";\nimport { Queue } from "bullmq";\nexport const cache = createClient({ url: "redis://redis:6379" });\nexport const q = new Queue("x", { connection: { host: "redis" } });\n` }),
        ...service("services/search", ["express", "ioredis"], { "src/cache.ts": `import Redis from "ioredis";\nexport const cache = new Redis("redis://redis:6379");\n` }),
      },
      errors: [{ messageId: "sharedConnection", data: { services: "api,search", datastore: "redis://redis:6379/0" } }],
    },
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
      errors: [{ messageId: "sharedConnection", file: "services/users/src/db.ts", line: 2, hops: 2, data: { services: "orders,users", datastore: "postgres://db:5432/shop" }, message: "orders and users connect to the same datastore postgres://db:5432/shop (orders at services/orders/src/db.ts:2, users at services/users/src/db.ts:2)", evidence: ["orders connects to postgres://db:5432/shop through pg (DATABASE_URL=postgres://***@db:5432/shop from docker-compose.yml (services.orders.environment))", "users connects to postgres://db:5432/shop through pg (DATABASE_URL=postgres://***@db:5432/shop from docker-compose.yml (services.users.environment))"] }],
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
      errors: [{ messageId: "foreignTable", file: "services/orders/src/repo.ts", line: 3, hops: 2, data: { service: "orders", table: "users", owner: "users" }, message: "orders reads table users, which the migrations of users create (services/users/migrations/001_init.sql:2)", evidence: ["orders reads users", "users creates users"] }],
    },
    {
      name: "redis shared through .env files",
      files: {
        ...service("services/a", ["express", "ioredis"], { "src/cache.ts": `import Redis from "ioredis";\nexport const redis = new Redis(process.env.REDIS_URL);\n`, ".env": "REDIS_URL=redis://cache:6379/0\n" }),
        ...service("services/b", ["express", "redis"], { "src/cache.ts": `import { createClient } from "redis";\nexport const redis = createClient({ url: process.env.REDIS_URL });\n`, ".env": "REDIS_URL=redis://cache:6379\n" }),
      },
      errors: [{ messageId: "sharedConnection", data: { datastore: "redis://cache:6379/0" } }],
    },
    {
      name: "one MongoDB database through the compose service name, its container_name, hostname and network alias, credentials and options",
      files: {
        ...mongoService("orders"),
        ...mongoService("users"),
        ...mongoCompose("mongodb://root:secret@mongodb:27017/Shop?authSource=admin", "mongodb://documents/shop"),
      },
      errors: [{ messageId: "sharedConnection", data: { services: "orders,users", datastore: "mongodb://mongo:27017/shop" } }],
    },
    {
      name: "a service run on the machine (localhost on the published port) and one inside compose reach one database",
      files: {
        ...mongoService("orders"),
        ...mongoService("users"),
        ...mongoCompose("mongodb://mongo-primary:27017/shop", "mongodb://mongo-primary:27017/users"),
        "services/users/.env": "MONGO_URL=mongodb://127.0.0.1:27018/shop\n",
        // users is no longer in compose: its own .env is its environment.
        "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    environment:\n      MONGO_URL: mongodb://mongo-primary:27017/shop\n  mongo:\n    image: mongo:8\n    hostname: mongo-primary\n    ports: ["27018:27017"]\n`,
      },
      errors: [{ messageId: "sharedConnection", data: { services: "orders,users", datastore: "mongodb://mongo:27017/shop" } }],
    },
    {
      name: "two services that import one library's database module share the database their env names",
      files: libraryRepo({ orders: "DatabaseModule", users: "DatabaseModule" }, { orders: "postgres://app:pw@db:5432/shop", users: "postgres://orders:other@db/shop" }),
      errors: [{ messageId: "sharedConnection", file: "libs/common/src/database/pool.ts", line: 3, hops: 6, data: { services: "orders,users", datastore: "postgres://db:5432/shop" }, message: "orders and users connect to the same datastore postgres://db:5432/shop (orders at libs/common/src/database/pool.ts:3 through apps/orders/src/orders.module.ts:2, users at libs/common/src/database/pool.ts:3 through apps/users/src/users.module.ts:2)", evidence: ["orders imports libs/common/src/database/database.module.ts", "which imports libs/common/src/database/pool.ts", "orders connects to postgres://db:5432/shop through pg (DATABASE_URL=postgres://***@db:5432/shop from docker-compose.yml (services.orders.environment))", "users imports libs/common/src/database/database.module.ts", "which imports libs/common/src/database/pool.ts", "users connects to postgres://db:5432/shop through pg (DATABASE_URL=postgres://***@db/shop from docker-compose.yml (services.users.environment))"] }],
    },
    {
      name: "a Java service (not scanned) whose SPRING_DATASOURCE_URL names, by a network alias, the database a Node service uses",
      files: polyglot("postgres://app:pw@db:5432/shop", "jdbc:postgresql://database/shop"),
      errors: [{ messageId: "sharedConnection", file: "services/orders/src/db.ts", line: 2, hops: 2, data: { services: "inventory,orders", datastore: "postgres://db:5432/shop" } }],
    },
    {
      name: "one MongoDB replica set, listed whole by one service and by its primary alone by the other",
      files: {
        ...mongoService("orders"),
        ...mongoService("users"),
        ...mongoCompose("mongodb://mongo-a:27017,mongo-b:27017,mongo-c:27017/shop?replicaSet=rs0", "mongodb://mongo-b:27017/shop"),
      },
      errors: [{ messageId: "sharedConnection", data: { services: "orders,users", datastore: "mongodb://mongo-a:27017,mongo-b:27017,mongo-c:27017/shop" } }],
    },
    {
      name: "a service querying another's table through a repository in a shared package it imports",
      files: {
        "package.json": { name: "shop", private: true, workspaces: ["services/*", "packages/*"] },
        "packages/repos/package.json": { name: "@shop/repos", main: "src/index.ts" },
        "packages/repos/src/index.ts": `export function emailOf(db: { query(sql: string): unknown }) {\n  return db.query("SELECT email FROM users WHERE id = $1");\n}\n`,
        ...pgService("orders", { "src/repo.ts": `import { emailOf } from "@shop/repos";\nimport { pool } from "./db.js";\nexport const email = () => emailOf(pool);\n` }),
        ...pgService("users", { "migrations/001_init.sql": "CREATE TABLE users (id uuid primary key, email text);\n" }),
      },
      errors: [{ messageId: "foreignTable", file: "packages/repos/src/index.ts", line: 2, data: { service: "orders", table: "users", owner: "users" } }],
    },
    {
      name: "one MongoDB database through a legacy `links` alias that only the linking service uses",
      files: {
        ...mongoService("orders"),
        ...mongoService("users"),
        "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    links:\n      - mongo:LegacyDB\n    environment:\n      MONGO_URL: mongodb://legacydb:27017/shop\n  users:\n    build: ./services/users\n    environment:\n      MONGO_URL: mongodb://mongo/shop\n  mongo:\n    image: mongo:8\n`,
      },
      errors: [{ messageId: "sharedConnection", data: { services: "orders,users", datastore: "mongodb://mongo:27017/shop" } }],
    },
    {
      name: "a service writing another's table in two places: one finding, which says it writes, naming the first migration that creates it",
      files: {
        ...pgService("orders", {
          "src/repo.ts": `import { pool } from "./db.js";\nexport const add = () => pool.query("INSERT INTO users (id) VALUES ($1)", [1]);\nexport const again = () => pool.query("INSERT INTO users (id) VALUES ($1)", [2]);\n`,
        }),
        ...pgService("users", { "migrations/001_init.sql": "CREATE TABLE users (id uuid primary key);\n", "migrations/002_again.sql": "CREATE TABLE IF NOT EXISTS users (id uuid primary key);\n" }),
      },
      errors: [
        {
          messageId: "foreignTable",
          file: "services/orders/src/repo.ts",
          line: 2,
          message: "orders writes table users, which the migrations of users create (services/users/migrations/001_init.sql:1)",
          evidence: ["orders writes users", "users creates users"],
        },
      ],
    },
    {
      name: "two databases shared through one library's pool: both findings at the pool's line, in the order of the databases' addresses",
      files: libraryRepo(
        { alpha: "DatabaseModule", beta: "DatabaseModule", gamma: "DatabaseModule", delta: "DatabaseModule" },
        { alpha: "postgres://app:pw@db:5432/shop", beta: "postgres://app:pw@db:5432/shop", gamma: "postgres://app:pw@db:5432/ledger", delta: "postgres://app:pw@db:5432/ledger" },
      ),
      errors: [
        { messageId: "sharedConnection", file: "libs/common/src/database/pool.ts", line: 3, data: { services: "delta,gamma", datastore: "postgres://db:5432/ledger" } },
        { messageId: "sharedConnection", file: "libs/common/src/database/pool.ts", line: 3, data: { services: "alpha,beta", datastore: "postgres://db:5432/shop" } },
      ],
    },
    {
      name: "another service's table, when that service's database is not known: reported (separate databases are not assumed)",
      files: {
        ...pgService("orders", { "src/repo.ts": `export const q = "SELECT id FROM users";\n` }),
        ...pgService("users", { "migrations/001.sql": "CREATE TABLE users (id uuid);\n" }),
        "docker-compose.yml": "services:\n  orders:\n    build: ./services/orders\n    environment:\n      DATABASE_URL: postgres://db:5432/orders\n  users:\n    build: ./services/users\n",
      },
      understood: { datastores: 2 },
      errors: [{ messageId: "foreignTable", file: "services/orders/src/repo.ts", data: { service: "orders", table: "users", owner: "users" } }],
    },
    {
      name: "two databases, each shared by two services: one finding each, with a fingerprint of its own",
      files: {
        ...pgService("orders"),
        ...pgService("users"),
        ...pgService("billing"),
        ...pgService("audit"),
        "docker-compose.yml": `services:\n${["orders", "users", "billing", "audit"].map((name) => `  ${name}:\n    build: ./services/${name}\n    environment:\n      DATABASE_URL: postgres://app:pw@db:5432/${name === "orders" || name === "users" ? "shop" : "ledger"}\n`).join("")}  db:\n    image: postgres:17\n`,
      },
      errors: [
        { messageId: "sharedConnection", data: { services: "audit,billing", datastore: "postgres://db:5432/ledger" } },
        { messageId: "sharedConnection", data: { services: "orders,users", datastore: "postgres://db:5432/shop" } },
      ],
    },
  ],
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
describe("[U] a service in another language", () => {
  it("its evidence is the compose line that sets the variable", () => {
    const shared = lintTree(polyglot("postgres://app:pw@db:5432/shop", "jdbc:postgresql://database/shop"), { only: "shared-database" }).findings.filter((finding) => finding.ruleId === "shared-database");
    expect(shared[0]!.evidence[0]!.location).toEqual({ file: "docker-compose.yml", line: 10, column: 1 });
    expect(shared[0]!.evidence[0]!.message).toContain("inventory is written in java, not scanned");
  });
});

describe("[U] a seed script's connection (acc15a)", () => {
  /** Two services, each its own database; each copies rows in from the monolith's database by a seeder run by hand. */
  const seeded = (seedFile: string) => ({
    ...pgService("orders", { [seedFile]: `import { Client } from "pg";\nconst legacy = new Client({ host: "legacy-db", port: 5432, database: "monolith" });\nlegacy.connect().then(() => legacy.query("SELECT * FROM orders"));\n` }),
    ...pgService("users", { [seedFile]: `import { Client } from "pg";\nconst legacy = new Client({ host: "legacy-db", port: 5432, database: "monolith" });\nlegacy.connect().then(() => legacy.query("SELECT * FROM users"));\n` }),
    ...compose("postgres://db:5432/orders", "postgres://db:5432/users"),
  });

  it("a seeder that reads the monolith's database to fill each service's own is a developer's tool, no shared database", () => {
    for (const file of ["src/seeder/link.seeder.ts", "src/seeds/copy.ts", "scripts/seed-legacy.ts", "src/db/seed.ts"]) {
      const result = lintTree(seeded(file));
      // The seeders' connections stay in the model: only the rule leaves them out.
      expect(result.model.datastores.filter((d) => d.identity === "postgres://legacy-db:5432/monolith").map((d) => d.service)).toEqual(["orders", "users"]);
      expect(result.findings.filter((f) => f.ruleId === "shared-database")).toEqual([]);
    }
  });

  it("the same connection in a file of the running service is shared", () => {
    const result = lintTree(seeded("src/legacy.ts"));
    expect(result.findings.filter((f) => f.ruleId === "shared-database").map((f) => f.data)).toEqual([{ services: "orders,users", datastore: "postgres://legacy-db:5432/monolith" }]);
  });
});

/**
 * A socket.io service whose `lib/cache.ts` makes and exports the Redis client, which its server file only duplicates
 * into socket.io's Redis adapter (the client file itself imports no adapter and publishes nothing): the connection
 * carries the adapter's channels, no data, as a client made beside the adapter does. A notes service keeps keys on the
 * same Redis.
 */
describe("[U] shared-database: a Redis client exported by one module and handed to socket.io's adapter by another", () => {
  const notes = service("services/notes", ["express", "ioredis"], {
    "src/store.ts": `import Redis from "ioredis";\nconst kv = new Redis(process.env.REDIS_URL);\nexport async function remember(id: string, body: string) {\n  await kv.set(\`note:\${id}\`, body);\n}\n`,
    "src/server.ts": `import express from "express";\nimport { remember } from "./store";\nconst app = express();\napp.post("/v1/notes/:id", async (req, res) => { await remember(req.params.id, req.body.text); res.sendStatus(201); });\napp.listen(3000);\n`,
  });
  const live = (extraDeps: string[] = [], extra: Record<string, string> = {}) =>
    service("services/live", ["express", "socket.io", "ioredis", "@socket.io/redis-adapter", ...extraDeps], {
      "src/lib/cache.ts": `import Redis from "ioredis";\nconst client = new Redis(process.env.REDIS_URL);\nexport default client;\n`,
      "src/server.ts": `import { createServer } from "http";\nimport { Server } from "socket.io";\nimport { createAdapter } from "@socket.io/redis-adapter";\nimport client from "./lib/cache";\nconst io = new Server(createServer());\nio.adapter(createAdapter(client.duplicate(), client.duplicate()));\nio.on("connection", (socket) => socket.on("say", (text) => io.emit("said", text)));\n`,
      ...extra,
    });
  const compose = "services:\n  notes:\n    build: ./services/notes\n    environment:\n      REDIS_URL: redis://kv:6379\n  live:\n    build: ./services/live\n    environment:\n      REDIS_URL: redis://kv:6379\n  kv:\n    image: redis:7\n";
  const shared = (tree: Tree) => lintTree(tree, { only: "shared-database" }).findings.filter((f) => f.ruleId === "shared-database");

  it("is no shared datastore: the socket.io service keeps no data there", () => {
    expect(shared({ "docker-compose.yml": compose, ...notes, ...live() })).toEqual([]);
  });

  it("still is one when the socket.io service also keeps its sessions there (connect-redis)", () => {
    const sessions = { "src/session.ts": `import session from "express-session";\nimport RedisStore from "connect-redis";\nimport client from "./lib/cache";\nexport const sessions = session({ store: new RedisStore({ client }), secret: "s" });\n` };
    expect(shared({ "docker-compose.yml": compose, ...notes, ...live(["connect-redis", "express-session"], sessions) }).map((f) => f.data?.services)).toEqual(["live,notes"]);
  });

  it("still is one when another file of the socket.io service reads keys", () => {
    const keys = { "src/presence.ts": `import client from "./lib/cache";\nexport const online = (id: string) => client.get(\`online:\${id}\`);\n` };
    expect(shared({ "docker-compose.yml": compose, ...notes, ...live([], keys) }).map((f) => f.data?.services)).toEqual(["live,notes"]);
  });
});
