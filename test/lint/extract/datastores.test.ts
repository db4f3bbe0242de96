import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import { extractPrisma } from "../../../src/lint/extract/prisma.js";
import { extractSqlFile } from "../../../src/lint/extract/sql.js";

const stores = (code: string) => facts(code).datastores.map((d) => `${d.engine}/${d.library}${d.url ? " url" : ""}${d.host ? " host" : ""}${d.database ? " db" : ""}${d.driverEnv ? " driverEnv" : ""}`);

describe("[U] datastores extractor", () => {
  it("recognises each library's connection", () => {
    expect(
      stores(
        `import { Pool } from "pg";\nimport postgres from "postgres";\nimport knex from "knex";\nimport { DataSource } from "typeorm";\nimport { Sequelize } from "sequelize";\nimport mongoose from "mongoose";\nimport { MongoClient } from "mongodb";\nimport Redis from "ioredis";\nimport { createClient } from "redis";\nimport { drizzle } from "drizzle-orm/node-postgres";\n` +
          `new Pool();\npostgres(process.env.DATABASE_URL);\nknex({ client: "pg", connection: { host: "db", database: "a" } });\nnew DataSource({ type: "postgres", url: process.env.DB });\nnew Sequelize("app", "u", "p", { host: "db", dialect: "mysql" });\nmongoose.connect("mongodb://m/app");\nnew MongoClient(process.env.MONGO_URL);\nnew Redis(6379, "cache");\ncreateClient();\ndrizzle(process.env.DATABASE_URL);\n`,
      ),
    ).toEqual([
      "postgres/pg driverEnv",
      "postgres/postgres url",
      "postgres/knex host db",
      "postgres/typeorm url",
      "mysql/sequelize host db",
      "mongodb/mongoose url",
      "mongodb/mongodb url",
      "redis/ioredis host",
      "redis/redis",
      "postgres/drizzle url",
    ]);
  });

  it("prisma datasource and models", () => {
    const result = extractPrisma("prisma/schema.prisma", `datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\nmodel User {\n  id Int @id\n  @@map("users")\n}\nmodel Order {\n  id Int @id\n}\n`);
    expect(result.datastores.map((d) => [d.engine, d.library, d.url])).toEqual([["postgres", "prisma", { parts: [{ kind: "env", name: "DATABASE_URL" }] }]]);
    expect(result.tables.map((t) => [t.table, t.access, t.location.line])).toEqual([["users", "create", 5], ["order", "create", 9]]);
  });

  it("prisma: the datasource's url, not its directUrl; none without a url (Prisma 7 keeps it in prisma.config.ts)", () => {
    const direct = extractPrisma("prisma/schema.prisma", `datasource db {
  provider  = "postgresql"
  directUrl = env("DIRECT_URL")
  url       = env("POOLED_URL")
}
`);
    expect(direct.datastores.map((d) => d.url)).toEqual([{ parts: [{ kind: "env", name: "POOLED_URL" }] }]);
    expect(extractPrisma("prisma/schema.prisma", `datasource db {
  provider = "postgresql"
}
`).datastores).toEqual([]);
  });

  it("prisma: a url written out in the schema, and a provider with no space around its equals sign", () => {
    const result = extractPrisma("prisma/schema.prisma", `datasource db {\n  provider="mysql"\n  url = "mysql://orders:secret@orders-db:3306/orders"\n}\n`);
    expect(result.datastores.map((d) => [d.engine, d.url])).toEqual([["mysql", { parts: [{ kind: "text", text: "mysql://orders:secret@orders-db:3306/orders" }] }]]);
  });
});

describe("[U] sql extractor", () => {
  it("tables read, written and created in SQL strings", () => {
    const f = facts(`const a = "SELECT o.id FROM orders o JOIN public.customers c ON c.id = o.cid";\nconst b = \`INSERT INTO audit_log (x) VALUES (\${1})\`;\nconst c = "DELETE FROM carts WHERE id = $1";\nconst d = "UPDATE stock SET n = n - 1";\nconst e = "selected items from the list";\n`);
    expect(f.tables.map((t) => `${t.access} ${t.table} ${t.location.line}`)).toEqual(["read orders 1", "read customers 1", "write audit_log 2", "write carts 3", "write stock 4"]);
  });

  it("migrations: .sql files and knex schema builders", () => {
    expect(extractSqlFile("db/migrations/001.sql", "-- init\nCREATE TABLE IF NOT EXISTS \"Orders\" (id int);\nALTER TABLE orders ADD COLUMN x int;\n").map((t) => `${t.access} ${t.table} ${t.migration}`)).toEqual(["create orders true", "write orders true"]);
    const f = facts(`export async function up(knex) {\n  await knex.schema.createTable("invoices", (t) => {});\n}\n`, "migrations/20240101_init.ts");
    expect(f.tables.map((t) => `${t.access} ${t.table} ${t.migration}`)).toEqual(["create invoices true"]);
  });
});
