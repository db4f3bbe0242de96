import { describe, expect, it } from "vitest";
import { extractSqlFile, isMigrationPath, tablesInSql } from "../../../src/lint/extract/sql.js";
import { facts } from "../helpers.js";

/** The SQL text reader (extract/sql.ts): which tables a statement names, how, and on which line. */
const tables = (sql: string, migration = false) => tablesInSql(sql, "src/repo.ts", 10, migration).map((t) => `${t.access} ${t.table}${t.migration ? " (migration)" : ""}`);

describe("[U] migration paths", () => {
  it.each(["migrations/001_init.sql", "db/migrations/002.ts", "src/migration/003.js", "migrate/004.sql", "db/migrate/005.rb.sql", "MIGRATIONS/006.sql", "src/orders/1700000000-add-total.migration.ts", "x.migration.mjs", "x.migration.cts"])("%s is a migration", (file) => {
    expect(isMigrationPath(file)).toBe(true);
  });

  it.each(["src/migrations.ts", "src/migrationsHelper/x.ts", "premigrations/001.sql", "src/migrator/001.sql", "x.migration.json", "x.migration.ts.bak", "x.migrations.ts", "src/migrate.ts"])("%s is not", (file) => {
    expect(isMigrationPath(file)).toBe(false);
  });
});

describe("[U] tables named in SQL text", () => {
  it("reads, writes and creates, each table once per access, with the statement's line", () => {
    const found = tablesInSql("SELECT * FROM orders o\n  JOIN buyers b ON b.id = o.buyer_id\nWHERE o.id = $1;\nINSERT INTO audit (x) VALUES (1);\nSELECT 1 FROM orders", "src/repo.ts", 10, false);
    expect(found.map((t) => `${t.access} ${t.table} ${t.location.line}`)).toEqual(["read orders 10", "read buyers 11", "write audit 13"]);
  });

  it("a schema, quotes and public. are taken off as PostgreSQL reads the name", () => {
    expect(tables(`SELECT * FROM "public"."Orders"`)).toEqual(["read orders"]);
    expect(tables("DELETE FROM public.orders WHERE id = 1")).toEqual(["write orders"]);
    expect(tables("SELECT * FROM billing.invoices")).toEqual(["read billing.invoices"]);
    expect(tables("UPDATE `carts` SET total = 0")).toEqual(["write carts"]);
  });

  it("an UPDATE is a write only with its SET (with or without an alias); other uses of the word are not", () => {
    expect(tables("UPDATE orders SET paid = true")).toEqual(["write orders"]);
    expect(tables("UPDATE ONLY orders AS o SET paid = true")).toEqual(["write orders"]);
    expect(tables("UPDATE orders o SET paid = true")).toEqual(["write orders"]);
    expect(tables("update the user settings")).toEqual([]);
    expect(tables("we update orders nightly")).toEqual([]);
  });

  it("functions after FROM or JOIN, parameters and keywords are no tables", () => {
    expect(tables("SELECT * FROM unnest($1::int[]) AS ids")).toEqual([]);
    expect(tables("SELECT * FROM generate_series (1, 10)")).toEqual([]);
    expect(tables("SELECT * FROM orders, LATERAL jsonb_to_recordset(items) AS x")).toEqual(["read orders"]);
    expect(tables("SELECT * FROM myfn(1)")).toEqual([]);
    expect(tables("SELECT * FROM my_fn (1)")).toEqual([]);
    expect(tables("SELECT * FROM orders WHERE (paid)")).toEqual(["read orders"]);
    expect(tables("SELECT * FROM $1")).toEqual([]);
    expect(tables("SELECT * FROM ?")).toEqual([]);
    expect(tables("DELETE FROM ONLY orders")).toEqual(["write orders"]);
    expect(tables("removed from the list")).toEqual([]);
  });

  it("CREATE TABLE is an ownership claim wherever it is; the migration flag marks every access of a migration's text", () => {
    expect(tables("CREATE TABLE IF NOT EXISTS orders (id int)")).toEqual(["create orders (migration)"]);
    expect(tables("CREATE UNLOGGED TABLE hits (id int)")).toEqual(["create hits (migration)"]);
    expect(tables("INSERT INTO orders VALUES (1)", true)).toEqual(["write orders (migration)"]);
    expect(tables("INSERT INTO orders VALUES (1)", false)).toEqual(["write orders"]);
    expect(tables("TRUNCATE TABLE carts; MERGE INTO stock USING x ON true; ALTER TABLE IF EXISTS ONLY items ADD c int")).toEqual(["write carts", "write stock", "write items"]);
  });

  it("a .sql file's comments are not read, and its path says whether it is a migration", () => {
    expect(extractSqlFile("sql/report.sql", "-- DELETE FROM orders\nSELECT * FROM orders;\n").map((t) => `${t.access} ${t.table} ${t.migration} ${t.location.line}`)).toEqual(["read orders false 2"]);
    expect(extractSqlFile("db/migrations/7.sql", "INSERT INTO orders VALUES (1);\n").map((t) => `${t.access} ${t.table} ${t.migration}`)).toEqual(["write orders true"]);
  });
});

describe("[U] tables named by code", () => {
  const codeTables = (code: string, file = "src/db.ts") => facts(code, file).tables.map((t) => `${t.access} ${t.table}${t.migration ? " (migration)" : ""}`);

  it("Drizzle's table functions declare a table in a file importing drizzle-orm, and only there", () => {
    expect(codeTables(`import { pgTable, serial } from "drizzle-orm/pg-core";\nexport const orders = pgTable("orders", { id: serial("id") });\n`)).toEqual(["write orders"]);
    expect(codeTables(`import { pgTable } from "./tables";\nexport const orders = pgTable("orders", {});\n`)).toEqual([]);
  });

  it("a knex schema call creates a table, a migration's writes are marked so, and knex(table) outside a knex file needs a knex-like name", () => {
    expect(codeTables(`import knex from "knex";\nconst db = knex(config);\nawait db("orders").insert(row);\nawait db.schema.createTable("audit", () => {});\n`)).toEqual(["read orders", "create audit (migration)"]);
    expect(codeTables(`export async function up(knex) {\n  await knex("orders").insert(row);\n}\n`, "db/migrations/3_fill.ts")).toEqual(["read orders (migration)"]);
    expect(codeTables(`import knex from "knex";\nexport const fill = (db) => db.into("orders").insert(row);\n`)).toEqual(["write orders"]);
    expect(codeTables(`const cache = new Map();\ncache.from("orders");\nlodash.into("x");\n`)).toEqual([]);
  });

  it("the Knex instance a model's helper hands back, called with a table, reads it; other calls of a call's result do not (acc16a)", () => {
    const model = `import db from "../config/db.js";\nexport default class Ledger {\n  static _db(trx) {\n    return trx || db;\n  }\n  static find(id, trx) {\n    return Ledger._db(trx)("ledgers").where({ id }).first();\n  }\n}\nexport const all = () => getDb()("entries").select();\nexport const label = t()("ledgers");\nexport const made = factory()("accounts");\n`;
    expect(codeTables(model, "src/models/ledger.js")).toEqual(["read ledgers", "read entries"]);
  });
});
