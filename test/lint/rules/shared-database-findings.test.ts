import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * One package deployed as several compose services (an entry file each, the Dockerfile's ENTRY build argument),
 * all opening connections of src/db.ts with variables from env files the repository leaves out (gitignored).
 * `entries`: compose service → [entry file under src/, its env_file value]; the first entry is the package's own start.
 */
const onePackage = (db: string, entries: Record<string, [string, string]>, files: Record<string, string>): Tree => {
  const [main] = Object.values(entries)[0]!;
  return {
    "package.json": { name: "shop", scripts: { start: `node dist/${main.replace(/\.ts$/, ".js")}` }, dependencies: { express: "*", typeorm: "*", pg: "*" } },
    "Dockerfile": "FROM node:24-alpine\nARG ENTRY\nCOPY dist ./dist\nCMD node dist/$ENTRY\n",
    "src/db.ts": db,
    ...files,
    "docker-compose.yml": `services:\n${Object.entries(entries)
      .map(([name, [entry, envFile]]) => `  ${name}:\n    build:\n      context: .\n      args:\n        ENTRY: ${entry.replace(/\.ts$/, ".js")}\n    env_file: ${envFile}\n`)
      .join("")}`,
  };
};

const SHOP_DB = `import { DataSource } from "typeorm";\nexport const shopDb = new DataSource({ type: "postgres", host: process.env.SHOP_DB_HOST, database: process.env.SHOP_DB_NAME });\n`;
const WEB = `import express from "express";\nimport { shopDb } from "./db";\nconst app = express();\napp.get("/v1/carts", async (req, res) => res.json(await shopDb.query("select 1")));\napp.listen(3000);\n`;

const LEFT_OUT = "one env file the repository leaves out: whatever it holds, they connect to the same datastore";

/** A workspace library `@shop/data` whose carts module opens the shop database; each service's server imports it. */
const dataLibrary = (names: string[]): Tree => ({
  "package.json": { name: "shop", private: true, workspaces: ["services/*", "libs/*"] },
  "libs/data/package.json": { name: "@shop/data", main: "src/index.ts", dependencies: { typeorm: "*", pg: "*" } },
  "libs/data/src/index.ts": `export { purge } from "./carts";\n`,
  "libs/data/src/carts.ts": `import { shopDb } from "./db";\nexport const purge = () => shopDb.query("delete from carts");\n`,
  "libs/data/src/db.ts": SHOP_DB,
  ...Object.assign({}, ...names.map((name) => service(`services/${name}`, ["express", "@shop/data"], { "src/server.ts": `import express from "express";\nimport { purge } from "@shop/data";\nconst app = express();\napp.post("/v1/purges", async (req, res) => res.json(await purge()));\napp.listen(3000);\n` }))),
  "docker-compose.yml": `services:\n${names.map((name) => `  ${name}:\n    build: ./services/${name}\n    env_file: .env\n`).join("")}`,
});

const CRON = `import { shopDb } from "../db";\nsetInterval(() => shopDb.query("delete from carts"), 1000);\n`;

ruleTester("shared-database", {
  valid: [
    {
      name: "web and cron reading env files of their own, admin a third one: each connection's variables come from its own service's files",
      files: onePackage(SHOP_DB, { web: ["web.ts", ".env"], cron: ["cron/main.ts", "cron.env"], admin: ["admin/main.ts", "admin.env"] }, {
        "src/web.ts": WEB,
        "src/cron/main.ts": CRON,
        "src/admin/main.ts": `setInterval(() => console.log("alive"), 1000);\n`,
      }),
    },
  ],
  invalid: [
    {
      name: "the services named in sorted order (web's connection is found first) and the env file theirs, not that of admin, which shares nothing",
      files: onePackage(SHOP_DB, { web: ["web.ts", ".env"], cron: ["cron/main.ts", ".env"], admin: ["admin/main.ts", "admin.env"] }, {
        "src/web.ts": WEB,
        "src/cron/main.ts": CRON,
        "src/admin/main.ts": `setInterval(() => console.log("alive"), 1000);\n`,
      }),
      errors: [
        {
          messageId: "sharedEnvFile",
          file: "src/db.ts",
          line: 2,
          data: { services: "cron,web", datastore: "src/db.ts:2 from .env" },
          message: `cron and web open the same postgres connection (src/db.ts:2) with SHOP_DB_HOST, SHOP_DB_NAME from .env, ${LEFT_OUT}`,
          evidence: [
            "cron imports src/db.ts",
            "cron connects through typeorm with SHOP_DB_HOST, SHOP_DB_NAME, which its compose entry takes from .env (not in the repository)",
            "web connects through typeorm with SHOP_DB_HOST, SHOP_DB_NAME, which its compose entry takes from .env (not in the repository)",
          ],
        },
      ],
    },
    {
      name: "a library's connection: the evidence walks each service's imports to it (which imports …), the finding is at the second service's import",
      files: dataLibrary(["web", "cron"]),
      errors: [
        {
          messageId: "sharedEnvFile",
          file: "services/web/src/server.ts",
          line: 2,
          data: { services: "cron,web", datastore: "libs/data/src/db.ts:2 from .env" },
          evidence: [
            "cron imports libs/data/src/carts.ts",
            "which imports libs/data/src/db.ts",
            "cron connects through typeorm with SHOP_DB_HOST, SHOP_DB_NAME, which its compose entry takes from .env (not in the repository)",
            "web imports libs/data/src/carts.ts",
            "which imports libs/data/src/db.ts",
            "web connects through typeorm with SHOP_DB_HOST, SHOP_DB_NAME, which its compose entry takes from .env (not in the repository)",
          ],
        },
      ],
    },
    {
      name: "options without a type: the library's connection; two env files listed in another order by each service, named sorted",
      files: onePackage(SHOP_DB.replace(`type: "postgres", `, ""), { web: ["web.ts", "[a.env, b.env]"], cron: ["cron/main.ts", "[b.env, a.env]"] }, { "src/web.ts": WEB, "src/cron/main.ts": CRON }),
      errors: [
        {
          messageId: "sharedEnvFile",
          data: { services: "cron,web", datastore: "src/db.ts:2 from a.env,b.env" },
          message: `cron and web open the same typeorm connection (src/db.ts:2) with SHOP_DB_HOST, SHOP_DB_NAME from a.env, b.env, ${LEFT_OUT}`,
          evidence: [
            "cron imports src/db.ts",
            "cron connects through typeorm with SHOP_DB_HOST, SHOP_DB_NAME, which its compose entry takes from a.env, b.env (not in the repository)",
            "web connects through typeorm with SHOP_DB_HOST, SHOP_DB_NAME, which its compose entry takes from a.env, b.env (not in the repository)",
          ],
        },
      ],
    },
    {
      name: "two connections of one module with variables of their own: two findings at the importing service's line, in the order of their variables, a fingerprint each",
      files: onePackage(
        `import { DataSource } from "typeorm";\nexport const shopDb = new DataSource({ type: "postgres", host: process.env.SHOP_DB_HOST, database: process.env.SHOP_DB_NAME });\nexport const auditDb = new DataSource({ type: "postgres", host: process.env.AUDIT_DB_HOST, database: process.env.AUDIT_DB_NAME });\n`,
        { api: ["api.ts", ".env"], worker: ["worker/main.ts", ".env"] },
        {
          "src/api.ts": WEB.replace("{ shopDb }", "{ shopDb, auditDb }").replace("app.listen", `app.get("/v1/audits", async (req, res) => res.json(await auditDb.query("select 1")));\napp.listen`),
          "src/worker/main.ts": `import { shopDb, auditDb } from "../db";\nsetInterval(() => Promise.all([shopDb.query("select 1"), auditDb.query("select 1")]), 1000);\n`,
        },
      ),
      errors: [
        { messageId: "sharedEnvFile", file: "src/worker/main.ts", line: 1, data: { services: "api,worker", datastore: "src/db.ts:3 from .env" } },
        { messageId: "sharedEnvFile", file: "src/worker/main.ts", line: 1, data: { services: "api,worker", datastore: "src/db.ts:2 from .env" } },
      ],
    },
  ],
});

/**
 * A table another service's migrations create: reported unless the two services' databases are known and separate.
 * billing creates invoices; reports reads it. `stores`: each service's connections, as env variable → URL (no URL: not set).
 */
const invoicing = (stores: Record<string, Record<string, string | undefined>>): Tree => {
  const tree: Tree = {
    "docker-compose.yml": `services:\n${Object.entries(stores)
      .map(([name, vars]) => `  ${name}:\n    build: ./services/${name}\n    environment:\n${Object.entries(vars).filter(([, url]) => url).map(([variable, url]) => `      ${variable}: ${url}\n`).join("")}`)
      .join("")}  db:\n    image: postgres:17\n`,
  };
  for (const [name, vars] of Object.entries(stores)) {
    const files: Record<string, string> = {};
    Object.keys(vars).forEach((variable, index) => (files[`src/db${index}.ts`] = `import { Pool } from "pg";\nexport const pool${index} = new Pool({ connectionString: process.env.${variable} });\n`));
    if (name === "billing") files["migrations/001_init.sql"] = "CREATE TABLE invoices (id uuid primary key, due date);\n";
    if (name === "reports") files["src/overdue.ts"] = `export const overdue = "SELECT id FROM invoices WHERE due < now()";\n`;
    Object.assign(tree, service(`services/${name}`, ["express", "pg"], files));
  }
  return tree;
};

const BILLING_DB = "postgres://app:pw@db:5432/billing";
const REPORTS_DB = "postgres://app:pw@db:5432/reports";
const READS_INVOICES = "reports reads table invoices, which the migrations of billing create (services/billing/migrations/001_init.sql:1)";

ruleTester("shared-database", {
  valid: [
    {
      name: "three services, each with a database of its own: reports' use of billing's table name is not billing's table",
      files: invoicing({ billing: { DATABASE_URL: BILLING_DB }, reports: { DATABASE_URL: REPORTS_DB }, audit: { DATABASE_URL: "postgres://app:pw@db:5432/audit" } }),
    },
    {
      name: "reports with two databases of its own, billing with two others",
      files: invoicing({ billing: { DATABASE_URL: BILLING_DB, LEDGER_URL: "postgres://app:pw@db:5432/ledger" }, reports: { DATABASE_URL: REPORTS_DB, ARCHIVE_URL: "postgres://app:pw@db:5432/archive" } }),
    },
  ],
  invalid: [
    {
      name: "reports connects to no database at all: its query may be on billing's",
      files: invoicing({ billing: { DATABASE_URL: BILLING_DB }, reports: {} }),
      errors: [{ messageId: "foreignTable", file: "services/reports/src/overdue.ts", line: 1, message: READS_INVOICES, evidence: ["reports reads invoices", "billing creates invoices"] }],
    },
    {
      name: "reports has a database of its own and one whose address is not known",
      files: invoicing({ billing: { DATABASE_URL: BILLING_DB }, reports: { DATABASE_URL: REPORTS_DB, ANALYTICS_URL: undefined } }),
      errors: [{ messageId: "foreignTable", message: READS_INVOICES }],
    },
    {
      name: "billing has its database and one whose address is not known",
      files: invoicing({ billing: { DATABASE_URL: BILLING_DB, LEDGER_URL: undefined }, reports: { DATABASE_URL: REPORTS_DB } }),
      errors: [{ messageId: "foreignTable", message: READS_INVOICES }],
    },
    {
      name: "reports connects to its own database and to billing's: the table may be billing's",
      files: invoicing({ billing: { DATABASE_URL: BILLING_DB }, reports: { DATABASE_URL: REPORTS_DB, BILLING_URL: BILLING_DB } }),
      errors: [
        { messageId: "sharedConnection", data: { services: "billing,reports", datastore: "postgres://db:5432/billing" } },
        { messageId: "foreignTable", message: READS_INVOICES },
      ],
    },
    {
      name: "billing connects to its database and to reports': reports' query may be on billing's table there",
      files: invoicing({ billing: { DATABASE_URL: BILLING_DB, REPORTS_URL: REPORTS_DB }, reports: { DATABASE_URL: REPORTS_DB } }),
      errors: [
        { messageId: "sharedConnection", data: { services: "billing,reports", datastore: "postgres://db:5432/reports" } },
        { messageId: "foreignTable", message: READS_INVOICES },
      ],
    },
  ],
});

/**
 * One library that both creates a table (its schema file) and reads it: the services that use it share its schema by
 * design, and whether they share a database is the connection's question, not which of them reaches the CREATE TABLE.
 * Written for acc13c (dittofeed's backend-lib).
 */
const ledgerLibrary = (readerFile: string): Tree => ({
  "package.json": { name: "ledgers", private: true, workspaces: ["packages/*"] },
  "packages/store/package.json": { name: "@ledgers/store", main: "src/index.ts", dependencies: { pg: "*" } },
  "packages/store/src/index.ts": `export { setUp } from "./schema";\nexport { overdue } from "./queries";\nexport { pool } from "./db";\n`,
  "packages/store/src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.LEDGER_DB });\n`,
  "packages/store/src/schema.ts": `export const setUp = (run: (sql: string) => Promise<void>) => run("CREATE TABLE IF NOT EXISTS invoices (id uuid primary key, due date)");\n`,
  "packages/store/src/queries.ts": `export const overdue = "SELECT id FROM invoices WHERE due < now()";\n`,
  "packages/writer/package.json": { name: "writer", scripts: { start: "node src/main.ts" }, dependencies: { express: "*", "@ledgers/store": "*" } },
  "packages/writer/src/main.ts": `import express from "express";\nimport { setUp, pool } from "@ledgers/store";\nsetUp(async (sql) => void (await pool.query(sql)));\nexpress().get("/v1/ok", (req, res) => res.end()).listen(3000);\n`,
  "packages/reader/package.json": { name: "reader", scripts: { start: "node src/main.ts" }, dependencies: { express: "*", "@ledgers/store": "*" } },
  "packages/reader/src/main.ts": readerFile,
});

ruleTester("shared-database", {
  valid: [
    {
      name: "writer reaches the library's CREATE TABLE, reader only its query of the same table: one library's schema, no foreign table (acc13c)",
      files: ledgerLibrary(`import express from "express";\nimport { overdue, pool } from "@ledgers/store";\nexpress().get("/v1/overdue", async (req, res) => res.json(await pool.query(overdue))).listen(3001);\n`),
    },
  ],
  invalid: [
    {
      name: "… but a query in the reader's own code of a table the library creates is still a foreign table (acc13c)",
      files: ledgerLibrary(`import express from "express";\nimport { pool } from "@ledgers/store";\nconst own = "SELECT id FROM invoices";\nexpress().get("/v1/overdue", async (req, res) => res.json(await pool.query(own))).listen(3001);\n`),
      errors: [{ messageId: "foreignTable", message: "reader reads table invoices, which the migrations of writer create (packages/store/src/schema.ts:1)" }],
    },
  ],
});

/**
 * A NestJS monorepo (one package.json at the top, apps started from there) whose config library loads the top `.env`,
 * left out of git, for every app; each app opens TypeORM itself with the same DB_* variables (acc13d).
 * `apps`: app → [its TypeORM options' host and database expressions]; `envFile`: what the library loads;
 * `extra`: more files (a committed env file).
 */
const bookshop = (apps: Record<string, [string, string]>, envFile = ".env", extra: Tree = {}): Tree => ({
  "package.json": { name: "bookshop", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*", "@nestjs/config": "*", "@nestjs/typeorm": "*", typeorm: "*", pg: "*" } },
  "nest-cli.json": JSON.stringify({ monorepo: true, projects: { ...Object.fromEntries(Object.keys(apps).map((app) => [app, { type: "application", root: `apps/${app}`, sourceRoot: `apps/${app}/src` }])), settings: { type: "library", root: "libs/settings" } } }),
  "tsconfig.json": { compilerOptions: { baseUrl: "./", paths: { "@shop/settings": ["libs/settings/src"] } } },
  "libs/settings/src/index.ts": `export * from "./settings.module";\n`,
  "libs/settings/src/settings.module.ts": `import { Global, Module } from "@nestjs/common";\nimport { ConfigModule } from "@nestjs/config";\n@Global()\n@Module({ imports: [ConfigModule.forRoot({ isGlobal: true, envFilePath: ["${envFile}"] })] })\nexport class SettingsModule {}\n`,
  ...Object.fromEntries(
    Object.entries(apps).map(([app, [host, database]]) => [
      `apps/${app}/src/app.module.ts`,
      `import { Module } from "@nestjs/common";\nimport { TypeOrmModule } from "@nestjs/typeorm";\nimport { SettingsModule } from "@shop/settings";\n@Module({ imports: [SettingsModule, TypeOrmModule.forRoot({ type: "postgres", host: ${host}, port: 5432, database: ${database} })] })\nexport class AppModule {}\n`,
    ]),
  ),
  ...extra,
});
const DB_VARS: [string, string] = ["process.env.DB_HOST", "process.env.DB_NAME"];

ruleTester("shared-database", {
  valid: [
    {
      name: "apps naming their own database after the shared host: two databases, whatever the file holds (acc13d)",
      files: bookshop({ shelves: ["process.env.DB_HOST", `"shelves"`], tills: ["process.env.DB_HOST", `"tills"`] }),
    },
    {
      name: "two packages each loading the .env of the folder it starts in, both left out: two files, nothing known to be shared (acc13d)",
      files: Object.assign(
        { "package.json": { name: "depot", private: true, workspaces: ["services/*"] } },
        ...["shelves", "tills"].map((name) =>
          service(`services/${name}`, ["express", "pg", "dotenv"], { "src/main.ts": `import "dotenv/config";\nimport { Pool } from "pg";\nimport express from "express";\nconst pool = new Pool({ host: process.env.DB_HOST, database: process.env.DB_NAME });\nexpress().get("/v1/ping", async (req, res) => res.json(await pool.query("select 1"))).listen(3000);\n` }),
        ),
      ),
    },
    {
      name: "apps reading different variables from the file (acc13d)",
      files: bookshop({ shelves: DB_VARS, tills: ["process.env.TILLS_DB_HOST", "process.env.TILLS_DB_NAME"] }),
    },
    {
      name: "the env file committed: its values decide, here one database each (acc13d)",
      files: bookshop({ shelves: ["process.env.DB_HOST", "process.env.SHELVES_DB"], tills: ["process.env.DB_HOST", "process.env.TILLS_DB"] }, ".env", { ".env": "DB_HOST=pg\nSHELVES_DB=shelves\nTILLS_DB=tills\n" }),
    },
  ],
  invalid: [
    {
      name: "every app reading DB_HOST and DB_NAME from the one top .env the config library loads (acc13d)",
      files: bookshop({ shelves: DB_VARS, tills: DB_VARS, orders: DB_VARS }),
      errors: [
        {
          messageId: "sharedEnvFile",
          message: "orders and shelves and tills connect to postgres with DB_HOST, DB_NAME from .env, one env file their code loads and the repository leaves out: whatever it holds, they connect to the same datastore",
          file: "apps/shelves/src/app.module.ts",
        },
      ],
    },
  ],
});

/**
 * A NestJS monorepo whose apps each load configuration with no path (`ConfigModule.forRoot({ isGlobal: true })`, or
 * `ConfigModule.forRoot()`): Nest then reads `.env` in the working directory, the top of the repository they are all
 * started from (`nest start <app>`), left out of git. Each app opens MongoDB with the same variable (acc23a).
 * `apps`: app → the arguments of its forRoot call; `own`: give each app a package.json of its own (its own start folder).
 */
const kiosk = (apps: Record<string, string>, own = false, extra: Tree = {}): Tree => ({
  ...extra,
  "package.json": { name: "kiosk", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*", "@nestjs/config": "*", "@nestjs/mongoose": "*", mongoose: "*" } },
  "nest-cli.json": JSON.stringify({ monorepo: true, projects: Object.fromEntries(Object.keys(apps).map((app) => [app, { type: "application", root: `apps/${app}`, sourceRoot: `apps/${app}/src` }])) }),
  ...Object.fromEntries(
    Object.entries(apps).flatMap(([app, options]) => [
      [
        `apps/${app}/src/${app}.module.ts`,
        `import { Module } from "@nestjs/common";\nimport { ConfigModule } from "@nestjs/config";\nimport { MongooseModule } from "@nestjs/mongoose";\n@Module({ imports: [ConfigModule.forRoot(${options}), MongooseModule.forRoot(process.env.KIOSK_MONGO)] })\nexport class ${app[0]!.toUpperCase()}${app.slice(1)}Module {}\n`,
      ],
      ...(own ? [[`apps/${app}/package.json`, { name: app, scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*", "@nestjs/mongoose": "*" } }]] : []),
    ]),
  ),
});

/** A Deployment of the app's image taking KIOSK_MONGO from a Secret's `uri` key. */
const workload = (app: string, secret: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${app}\n          image: kiosk/${app}:latest\n          command: ["node", "dist/apps/${app}/main.js"]\n          env:\n            - name: KIOSK_MONGO\n              valueFrom:\n                secretKeyRef:\n                  name: ${secret}\n                  key: uri\n`;

ruleTester("shared-database", {
  valid: [
    {
      name: "each app a package of its own, loading the .env of its own folder: two files, nothing known to be shared (acc23a)",
      files: kiosk({ tickets: "{ isGlobal: true }", screens: "" }, true),
    },
    {
      name: "the apps' options name their own env files: not the top .env (acc23a)",
      files: kiosk({ tickets: `{ envFilePath: "apps/tickets/.env" }`, screens: `{ envFilePath: "apps/screens/.env" }` }),
    },
    {
      name: "compose hands each app an env file of its own (left out too): it sets the variables first, the top .env never overrides them (acc23a)",
      files: kiosk({ tickets: "{ isGlobal: true }", screens: "" }, false, {
        "docker-compose.yml": "services:\n  tickets:\n    build: .\n    command: nest start tickets\n    env_file: ./apps/tickets/.env\n  screens:\n    build: .\n    command: nest start screens\n    env_file: ./apps/screens/.env\n",
      }),
    },
    {
      name: "Kubernetes workloads taking the variable from a different Secret each: two values, whatever the top .env holds (acc23a)",
      files: kiosk({ tickets: "{ isGlobal: true }", screens: "" }, false, {
        "k8s/tickets.yaml": workload("tickets", "tickets-db"),
        "k8s/screens.yaml": workload("screens", "screens-db"),
      }),
    },
  ],
  invalid: [
    {
      name: "every app's ConfigModule reading the top .env by default, the one file the repository leaves out (acc23a)",
      files: kiosk({ tickets: "{ isGlobal: true }", screens: "" }),
      errors: [
        {
          messageId: "sharedEnvFile",
          message: "screens and tickets connect to mongodb with KIOSK_MONGO from .env, one env file their code loads and the repository leaves out: whatever it holds, they connect to the same datastore",
        },
      ],
    },
    {
      name: "Kubernetes workloads taking the variable from one Secret key: that key, not the env files, says they share (acc23a)",
      files: kiosk({ tickets: "{ isGlobal: true }", screens: "" }, true, {
        "k8s/tickets.yaml": workload("tickets", "kiosk-db"),
        "k8s/screens.yaml": workload("screens", "kiosk-db"),
      }),
      errors: [
        {
          messageId: "sharedEnvFile",
          message: "screens and tickets connect to mongodb with KIOSK_MONGO from Secret kiosk-db key uri, which their Kubernetes workloads take and the repository does not hold: whatever it holds, they connect to the same datastore",
        },
      ],
    },
  ],
});

/**
 * A workspace whose settings package loads the top `.env` (left out of git) for every service, each variable with an
 * empty default (`process.env.X || ""`, a placeholder that names no address); each service opens MongoDB with it (acc23a).
 */
const harbour = (fallback: string, ownVariables = false): Tree => ({
  "package.json": { name: "harbour", private: true, workspaces: ["apps/*", "packages/*"] },
  "packages/settings/package.json": { name: "@harbour/settings", main: "src/index.ts", dependencies: { dotenv: "*" } },
  "packages/settings/src/index.ts": `import dotenv from "dotenv";\nimport path from "path";\ndotenv.config({ path: path.resolve(__dirname, "../../../.env") });\nexport const settings = { mongo: process.env.HARBOUR_MONGO || ${fallback}, berths: process.env.BERTHS_MONGO || ${fallback}, cranes: process.env.CRANES_MONGO || ${fallback} };\n`,
  ...Object.assign(
    {},
    ...["berths", "cranes"].map((name) =>
      service(`apps/${name}`, ["express", "mongoose", "@harbour/settings"], {
        "src/server.ts": `import express from "express";\nimport mongoose from "mongoose";\nimport { settings } from "@harbour/settings";\nmongoose.connect(settings.${ownVariables ? name : "mongo"});\nexpress().get("/v1/${name}", (req, res) => res.json([])).listen(3000);\n`,
      }),
    ),
  ),
});

ruleTester("shared-database", {
  valid: [
    {
      name: "each service its own variable, each with an empty default: two addresses, whatever the file holds (acc23a)",
      files: harbour(`""`, true),
    },
  ],
  invalid: [
    {
      name: "an empty default is as good as none: the variable comes from the one top .env both load (acc23a)",
      files: harbour(`""`),
      errors: [
        {
          messageId: "sharedEnvFile",
          message: "berths and cranes connect to mongodb with HARBOUR_MONGO from .env, one env file their code loads and the repository leaves out: whatever it holds, they connect to the same datastore",
        },
      ],
    },
  ],
});
