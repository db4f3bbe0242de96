import { describe, expect, it } from "vitest";
import { stores } from "./datastores-helpers.js";

/** Each connection form: `valid` code opens exactly the listed connections, `invalid` code (look-alikes) opens none. */
function cases(list: { name: string; code: string; file?: string; expected: string[] }[]): void {
  for (const c of list) it(c.name, () => expect(stores(c.code, c.file)).toEqual(c.expected));
}

describe("[U] SQL datastores", () => {
  describe("valid", () => {
    cases([
      {
        name: "pg Pool and Client, by named import, namespace and destructured default",
        code: `import pg from "pg";\nimport { Client } from "pg";\nconst { Pool } = pg;\nexport const a = new Pool({ connectionString: process.env.DATABASE_URL });\nexport const b = new pg.Pool({ host: "db", port: 5432, database: "orders" });\nexport const c = new Client();\n`,
        expected: ["postgres/pg url=${DATABASE_URL} @4", "postgres/pg host=db port=5432 db=orders @5", "postgres/pg driverEnv @6"],
      },
      {
        name: "pg options held in a const of the file",
        code: `const { Pool } = require("pg");\nconst options = { host: process.env.PGHOST || "localhost", database: "shop" };\nmodule.exports = new Pool(options);\n`,
        file: "src/db.js",
        expected: ["postgres/pg host=${PGHOST:-localhost} db=shop @3"],
      },
      {
        name: "postgres.js with a URL, with options only, and with nothing",
        code: `import postgres from "postgres";\nexport const a = postgres(process.env.DATABASE_URL!, { max: 5 });\nexport const b = postgres({ host: "db", database: "x" });\nexport const c = postgres();\n`,
        expected: ["postgres/postgres url=${DATABASE_URL} @2", "postgres/postgres host=db db=x @3", "postgres/postgres driverEnv @4"],
      },
      {
        name: "mysql2, mysql and mariadb pools and connections",
        code: `import mysql from "mysql2/promise";\nimport { createPool } from "mysql2";\nimport mariadb from "mariadb";\nexport const a = mysql.createPool({ host: "mysql", database: "app" });\nexport const b = createPool(process.env.MYSQL_URL);\nexport const c = mariadb.createConnection({ host: "maria", database: "m" });\n`,
        expected: ["mysql/mysql2 host=mysql db=app @4", "mysql/mysql2 url=${MYSQL_URL} @5", "mysql/mariadb host=maria db=m @6"],
      },
      {
        name: "drivers required in place: require(\"mysql\").createConnection(...)",
        code: `const db = require("mysql").createConnection({ host: "mysql", database: "legacy" });\nmodule.exports = db;\n`,
        file: "db.js",
        expected: ["mysql/mysql2 host=mysql db=legacy @1"],
      },
      {
        name: "knex with a client and a connection object or string",
        code: `import knex from "knex";\nexport const a = knex({ client: "pg", connection: { host: "db", database: "a" } });\nexport const b = knex({ client: "mysql2", connection: process.env.DATABASE_URL });\n`,
        expected: ["postgres/knex host=db db=a @2", "mysql/knex url=${DATABASE_URL} @3"],
      },
      {
        name: "a knexfile: one environment's connection (production first)",
        code: `module.exports = {\n  development: { client: "pg", connection: { host: "localhost", database: "dev" } },\n  production: { client: "postgresql", connection: process.env.DATABASE_URL },\n};\n`,
        file: "knexfile.js",
        expected: ["postgres/knex url=${DATABASE_URL} @1"],
      },
      {
        name: "a sutando.config file (the knex-based Sutando ORM's, in the knexfile's shape) (acc26b)",
        code: `module.exports = {\n  client: "pg",\n  connection: { host: "ledger-db", port: 5432, user: "u", password: "p", database: "ledger" },\n  models: { path: "./core/models" },\n};\n`,
        file: "sutando.config.js",
        expected: ["postgres/sutando host=ledger-db port=5432 db=ledger @1"],
      },
      {
        name: "Sequelize: URL, options, and database/user/password with options",
        code: `import { Sequelize } from "sequelize";\nexport const a = new Sequelize(process.env.DATABASE_URL, { dialect: "postgres" });\nexport const b = new Sequelize({ dialect: "mysql", host: "mysql", database: "x" });\nexport const c = new Sequelize("app", "u", "p", { host: "db", dialect: "mariadb" });\n`,
        expected: ["postgres/sequelize url=${DATABASE_URL} @2", "mysql/sequelize host=mysql db=x @3", "mysql/sequelize host=db db=app @4"],
      },
      {
        name: "Sequelize: a URL template with options not written at the call (a parameter)",
        code: `const { Sequelize } = require("sequelize");\nmodule.exports = function connect(options) {\n  const url = \`postgres://\${process.env.PGUSER}@\${process.env.PGHOST}:5432/\${process.env.PGDATABASE}\`;\n  return new Sequelize(url, options);\n};\n`,
        file: "src/db.js",
        expected: ["unknown/sequelize url=postgres://${PGUSER}@${PGHOST}:5432/${PGDATABASE} @4"],
      },
      {
        name: "Sequelize: database, user and password with no options: the first argument is the database, not a URL",
        code: `import { Sequelize } from "sequelize";\nexport const db = new Sequelize("shop", "app", process.env.DB_PASSWORD);\n`,
        file: "src/db.ts",
        expected: ["unknown/sequelize db=shop @2"],
      },
      {
        name: "Sequelize: a URL parameter and options built by a call (Object.assign): the first argument is the URL, two users are not",
        code: `const Sequelize = require("sequelize");\nexports.open = (address) => {\n  const settings = Object.assign({ dialect: "postgres" }, {});\n  return new Sequelize(address, settings);\n};\nexports.pair = new Sequelize("shop", process.env.DB_USER);\n`,
        file: "src/models/index.js",
        expected: ["unknown/sequelize url=? @4", "unknown/sequelize db=shop @6"],
      },
      {
        name: "Sequelize with every value from a required config file",
        code: `const dbConfig = require("../config/db.config.js");\nconst Sequelize = require("sequelize");\nconst sequelize = new Sequelize(dbConfig.DB, dbConfig.USER, dbConfig.PASSWORD, {\n  host: dbConfig.HOST,\n  dialect: dbConfig.dialect,\n});\nmodule.exports = sequelize;\n`,
        file: "app/models/index.js",
        expected: ["unknown/sequelize host={../config/db.config.js#default.HOST} db={../config/db.config.js#default.DB} dialect={../config/db.config.js#default.dialect} @3"],
      },
      {
        name: "TypeORM DataSource and the old createConnection",
        code: `import { DataSource, createConnection } from "typeorm";\nexport const ds = new DataSource({ type: "postgres", url: process.env.DB_URL, entities: [] });\ncreateConnection({ type: "mysql", host: "mysql", database: "legacy" });\n`,
        expected: ["postgres/typeorm url=${DB_URL} @2", "mysql/typeorm host=mysql db=legacy @3"],
      },
      {
        name: "MikroORM: init, defineConfig (engine from the driver package or class), mikro-orm.config default export",
        code: `import { MikroORM } from "@mikro-orm/core";\nimport { PostgreSqlDriver } from "@mikro-orm/postgresql";\nimport { defineConfig } from "@mikro-orm/mysql";\nexport const orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: process.env.DB_URL, dbName: "orders" });\nexport default defineConfig({ host: "mysql", dbName: "users" });\n`,
        expected: ["postgres/mikro-orm url=${DB_URL} db=orders @4", "mysql/mikro-orm host=mysql db=users @5"],
      },
      {
        name: "mikro-orm.config.ts exporting a plain object",
        code: `export default { type: "postgresql", dbName: "catalog", host: process.env.DB_HOST };\n`,
        file: "src/mikro-orm.config.ts",
        expected: ["postgres/mikro-orm host=${DB_HOST} db=catalog @1"],
      },
      {
        name: "Kysely over a pg Pool is one datastore: the pool",
        code: `import { Kysely, PostgresDialect } from "kysely";\nimport { Pool } from "pg";\nexport const db = new Kysely({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL }) }) });\n`,
        expected: ["postgres/pg url=${DATABASE_URL} @3"],
      },
      {
        name: "Drizzle over a pool is one datastore: the pool",
        code: `import { drizzle } from "drizzle-orm/node-postgres";\nimport { Pool } from "pg";\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nexport const db = drizzle(pool);\nexport const db2 = drizzle({ client: pool });\n`,
        expected: ["postgres/pg url=${DATABASE_URL} @3"],
      },
      {
        name: "Drizzle with a URL or a connection of its own",
        code: `import { drizzle } from "drizzle-orm/postgres-js";\nconst url = process.env.DATABASE_URL!;\nexport const a = drizzle(url);\nexport const b = drizzle({ connection: { host: "db", database: "d" } });\n`,
        expected: ["postgres/drizzle url=${DATABASE_URL} @3", "postgres/drizzle host=db db=d @4"],
      },
      {
        name: "Neon, slonik and mssql",
        code: `import { neon } from "@neondatabase/serverless";\nimport sql from "mssql";\nimport { createPool } from "slonik";\nexport const q = neon(process.env.DATABASE_URL!);\nawait sql.connect({ server: "sqlserver", database: "erp" });\nexport const pool = await createPool(process.env.PG_URI);\n`,
        expected: ["postgres/neon url=${DATABASE_URL} @4", "mssql/mssql host=sqlserver db=erp @5", "postgres/slonik url=${PG_URI} @6"],
      },
      {
        name: "options objects another file exports: named, a default import's property, a namespace's",
        code: `import { DataSource } from "typeorm";\nimport knex from "knex";\nimport { Pool } from "pg";\nimport { dataSourceOptions } from "./data-source";\nimport config from "./config";\nimport * as settings from "./settings";\nexport const ds = new DataSource(dataSourceOptions);\nexport const k = knex(config.knex);\nexport const pool = new Pool(settings.database);\n`,
        expected: ["unknown/typeorm options={./data-source#dataSourceOptions} @7", "unknown/knex options={./config#default.knex} @8", "postgres/pg options={./settings#database} @9"],
      },
      {
        name: "prisma.config.ts (Prisma 7 keeps the URL there)",
        code: `import { defineConfig, env } from "prisma/config";\nexport default defineConfig({ schema: "prisma/schema.prisma", datasource: { url: env("DATABASE_URL") } });\n`,
        file: "prisma.config.ts",
        expected: ["unknown/prisma url=${DATABASE_URL} @2"],
      },
    ]);
  });

  describe("invalid", () => {
    cases([
      { name: "a Pool that is not pg's", code: `import { Pool } from "generic-pool";\nnew Pool({ host: "x" });\n`, expected: [] },
      { name: "a local function named like a driver", code: `import pg from "pg";\nfunction postgres(x: string) { return x; }\npostgres("postgres://a/b");\n`, expected: [] },
      { name: "a parameter shadowing the import", code: `import { Pool } from "pg";\nexport function make(Pool: any) { return new Pool({ host: "x" }); }\n`, expected: [] },
      { name: "knex called on a config it cannot see opens nothing here (the knexfile says)", code: `import knex from "knex";\nimport config from "../knexfile";\nexport const db = knex(config[process.env.NODE_ENV ?? "development"]);\n`, expected: [] },
      { name: "a file named like a knexfile but without a connection", code: `module.exports = { migrations: { directory: "./m" } };\n`, file: "knexfile.js", expected: [] },
      { name: "an object literal default export in an ordinary file", code: `export default { type: "postgres", host: "db" };\n`, file: "src/settings.ts", expected: [] },
      { name: "drizzle from another package", code: `import { drizzle } from "./my-drizzle";\ndrizzle(process.env.DATABASE_URL);\n`, expected: [] },
      {
        name: "MikroORM 6's initSync and new MikroORM (MikroORM 7's usual form) open the connection as init does",
        code: `import { MikroORM } from "@mikro-orm/postgresql";\nexport const a = MikroORM.initSync({ clientUrl: process.env.ORDERS_DB_URL });\nexport const b = new MikroORM({ host: "stock-db", dbName: "stock" });\n`,
        file: "src/db.ts",
        expected: ["postgres/mikro-orm url=${ORDERS_DB_URL} @2", "postgres/mikro-orm host=stock-db db=stock @3"],
      },
      { name: "MikroORM.init() with no options reads mikro-orm.config (recorded there)", code: `import { MikroORM } from "@mikro-orm/core";\nexport const orm = await MikroORM.init();\n`, expected: [] },
    ]);
  });
});
