import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";
import { facts } from "../helpers.js";
import { show, stores } from "./datastores-helpers.js";

/** What each connection resolved to once the model has followed imports and env: `service identity`. */
function identities(files: Parameters<typeof lintTree>[0]): string[] {
  return lintTree(files).model.datastores.map((d) => `${d.service} ${d.identity ?? `unresolved (${d.resolution})`}`);
}

describe("[U] datastore URLs through config objects in other files", () => {
  it("Sequelize with database and host from a required config file's module.exports object", () => {
    const { model } = lintTree(
      service("services/tutorials", ["express", "sequelize", "mysql2"], {
        "app/config/db.config.js": `module.exports = {\n  HOST: "mysql",\n  USER: "root",\n  PASSWORD: "secret",\n  DB: "testdb",\n  dialect: "mysql",\n};\n`,
        "app/models/index.js": `const dbConfig = require("../config/db.config.js");\nconst Sequelize = require("sequelize");\nmodule.exports = new Sequelize(dbConfig.DB, dbConfig.USER, dbConfig.PASSWORD, { host: dbConfig.HOST, dialect: dbConfig.dialect });\n`,
      }),
    );
    // The engine comes from the dialect, rendered through the same import.
    expect(model.datastores.map((d) => [d.service, d.identity, d.library])).toEqual([["tutorials", "mysql://mysql:3306/testdb", "sequelize"]]);
  });

  it("mongoose with a keys file: require(...).mongoURI and a destructured require, default in the code", () => {
    expect(
      identities(
        service("services/users", ["express", "mongoose"], {
          "config/keys.js": `module.exports = { mongoURI: process.env.MONGO_URI || "mongodb://mongo:27017/users" };\n`,
          "server.js": `const mongoose = require("mongoose");\nmongoose.connect(require("./config/keys").mongoURI);\nconst { mongoURI } = require("./config/keys");\nmongoose.connect(mongoURI);\n`,
        }),
      ),
    ).toEqual(["users mongodb://mongo:27017/users", "users mongodb://mongo:27017/users"]);
  });

  it("an ESM default-exported config object and a CommonJS exports.x", () => {
    expect(
      identities(
        service("services/orders", ["express", "pg"], {
          "src/config.ts": `export default { db: { host: process.env.DB_HOST ?? "pg", name: "orders" } };\n`,
          "src/legacy.js": `exports.url = "postgres://pg2:5432/archive";\n`,
          "src/db.ts": `import { Pool } from "pg";\nimport config from "./config.js";\nimport * as legacy from "./legacy.js";\nexport const a = new Pool({ host: config.db.host, database: config.db.name });\nexport const b = new Pool({ connectionString: legacy.url });\n`,
        }),
      ),
    ).toEqual(["orders postgres://pg:5432/orders", "orders postgres://pg2:5432/archive"]);
  });

  it("a default-exported config made by a function and passed through a checker that returns what it is given", () => {
    // Written for this test: the settings module builds its object in a function, checks every key, returns the object.
    const settings = (checker: string) =>
      `const readSettings = () => {\n  return { PANTRY_DSN: process.env.PANTRY_DSN, MODE: process.env.NODE_ENV };\n};\n${checker}\nconst settings = readSettings();\nconst checked = ensureAll(settings);\nexport default checked;\n`;
    const tree = (checker: string) =>
      service("services/pantry", ["express", "pg"], {
        ".env": "PANTRY_DSN=postgres://pantry-db:5432/pantry\n",
        "src/settings.ts": settings(checker),
        "src/db.ts": `import { Pool } from "pg";\nimport settings from "./settings.js";\nexport const pool = new Pool({ connectionString: settings.PANTRY_DSN });\n`,
      });
    const identity = `function ensureAll(values: Record<string, string | undefined>) {\n  for (const [key, value] of Object.entries(values)) {\n    if (value === undefined) throw new Error(\`missing \${key}\`);\n  }\n  return values as Record<string, string>;\n}`;
    expect(identities(tree(identity))).toEqual(["pantry postgres://pantry-db:5432/pantry"]);
    // A checker that returns something else than what it is given says nothing of the object.
    const other = `function ensureAll(values: Record<string, string | undefined>) {\n  return { ...values, PANTRY_DSN: undefined };\n}`;
    expect(identities(tree(other))).toEqual([expect.stringMatching(/^pantry unresolved/)]);
  });

  it("ConfigService reads in a NestJS factory resolve through the service's env", () => {
    expect(
      identities({
        ...service("apps/auth", ["@nestjs/core", "@nestjs/mongoose", "@nestjs/config"], {
          "src/app.module.ts": `import { MongooseModule } from "@nestjs/mongoose";\nimport { ConfigService } from "@nestjs/config";\nexport const db = MongooseModule.forRootAsync({ useFactory: (config: ConfigService) => ({ uri: config.get<string>("MONGODB_URI") }), inject: [ConfigService] });\n`,
        }),
        "apps/auth/.env": "MONGODB_URI=mongodb://mongo:27017/auth\n",
      }),
    ).toEqual(["auth mongodb://mongo:27017/auth"]);
  });
});

describe("[U] values the extractor keeps", () => {
  const firstUrl = (code: string) => show(facts(code, "src/db.ts").datastores[0]!.url!);
  it("numbers from strings keep the string's value; env-var chains are env reads", () => {
    const f = facts(`import { Pool } from "pg";\nimport env from "env-var";\nexport const p = new Pool({ host: env.get("PGHOST").default("db").asString(), port: Number(process.env.PGPORT), database: env.get("PGDATABASE").required().asString() });\n`, "src/db.ts");
    expect([f.datastores[0]!.host, f.datastores[0]!.port, f.datastores[0]!.database].map((v) => show(v!))).toEqual(["${PGHOST:-db}", "${PGPORT}", "${PGDATABASE}"]);
  });
  it("a part escaped for the URL (encodeURIComponent of the password) keeps the variable it escapes", () => {
    expect(firstUrl("import mongoose from \"mongoose\";\nconst { MONGO_USER = \"admin\", MONGO_PASSWORD = \"secret\", MONGO_HOST = \"localhost\" } = process.env;\nmongoose.connect(`mongodb://${MONGO_USER}:${encodeURIComponent(MONGO_PASSWORD)}@${MONGO_HOST}:27017/todos`);\n")).toBe(
      "mongodb://${MONGO_USER:-admin}:${MONGO_PASSWORD:-secret}@${MONGO_HOST:-localhost}:27017/todos",
    );
  });
  it("a ConfigService of any name, as a parameter or a constructor property", () => {
    expect(firstUrl(`import { MongoClient } from "mongodb";\nexport class Db {\n  constructor(private readonly settings: ConfigService) {}\n  open() { return new MongoClient(this.settings.get("MONGO_URL")); }\n}\n`)).toBe("${MONGO_URL}");
    expect(firstUrl(`import { MongoClient } from "mongodb";\nexport class Db {\n  constructor(private readonly settings: Settings) {}\n  open() { return new MongoClient(this.settings.get("MONGO_URL")); }\n}\n`)).toBe("?");
  });
});

describe("[U] env objects checked by a schema", () => {
  const hostOf = (code: string) => show(facts(code, "src/db.ts").datastores[0]!.url ?? facts(code, "src/db.ts").datastores[0]!.host!);
  it("zod, envalid and t3-env objects read as the env, with the schema's defaults", () => {
    expect(hostOf(`import { z } from "zod";\nimport { Pool } from "pg";\nconst schema = z.object({ DATABASE_URL: z.string().url().default("postgres://db/app"), PORT: z.coerce.number() });\nconst env = schema.parse(process.env);\nexport const pool = new Pool({ connectionString: env.DATABASE_URL });\n`)).toBe("${DATABASE_URL:-postgres://db/app}");
    expect(hostOf(`import { cleanEnv, str } from "envalid";\nimport Redis from "ioredis";\nconst env = cleanEnv(process.env, { REDIS_HOST: str({ default: "cache" }) });\nexport const r = new Redis({ host: env.REDIS_HOST });\n`)).toBe("${REDIS_HOST:-cache}");
    expect(hostOf(`import { createEnv } from "@t3-oss/env-core";\nimport postgres from "postgres";\nconst env = createEnv({ server: { DATABASE_URL: z.string() }, runtimeEnv: process.env });\nexport const sql = postgres(env.DATABASE_URL);\n`)).toBe("${DATABASE_URL}");
  });

  it("joi's { value } and zod's { data } destructured from a check of process.env, also through an alias (acc13c)", () => {
    expect(hostOf(`import * as joi from "joi";\nimport mongoose from "mongoose";\nconst schema = joi.object({ MONGO_URI: joi.string().required(), PORT: joi.number() }).unknown(true);\nconst { error, value } = schema.validate(process.env);\nif (error) throw error;\nconst checked: Record<string, string> = value;\nexport const db = mongoose.createConnection(checked.MONGO_URI);\n`)).toBe("${MONGO_URI}");
    expect(hostOf(`import { z } from "zod";\nimport { Pool } from "pg";\nconst { data: env } = z.object({ PG_URL: z.string().default("postgres://db/app") }).safeParse(process.env);\nexport const pool = new Pool({ connectionString: env.PG_URL });\n`)).toBe("${PG_URL:-postgres://db/app}");
  });

  it("an exported env object is read from other files", () => {
    const { model } = lintTree({
      ...service("services/orders", ["express", "pg", "zod"], {
        "src/env.ts": `import { z } from "zod";\nexport const env = z.object({ ORDERS_DB: z.string() }).parse(process.env);\n`,
        "src/db.ts": `import { Pool } from "pg";\nimport { env } from "./env.js";\nexport const pool = new Pool({ connectionString: env.ORDERS_DB });\n`,
        ".env": "ORDERS_DB=postgres://db:5432/orders\n",
      }),
    });
    expect(model.datastores.map((d) => d.identity)).toEqual(["postgres://db:5432/orders"]);
  });

  it("a helper named for the environment (validateEnv, parseEnv) handed a schema of upper-case names: those variables", () => {
    expect(hostOf(`import { z } from "zod";\nimport { Pool } from "pg";\nimport { validateEnv } from "@acme/shared";\nconst schema = z.object({ LEDGER_DB_URL: z.string().min(1), PORT: z.coerce.number() }).transform((e) => ({ LEDGER_DB_URL: e.LEDGER_DB_URL }));\nexport const env = validateEnv(schema);\nexport const pool = new Pool({ connectionString: env.LEDGER_DB_URL });\n`)).toBe("${LEDGER_DB_URL}");
    // A helper of another name, or one handed no schema of such names, says nothing of the environment.
    expect(hostOf(`import { z } from "zod";\nimport { Pool } from "pg";\nconst schema = z.object({ LEDGER_DB_URL: z.string() });\nexport const cfg = validatePayload(schema);\nexport const pool = new Pool({ connectionString: cfg.LEDGER_DB_URL });\n`)).toBe("?");
    expect(hostOf(`import { Pool } from "pg";\nexport const env = parseEnv(options);\nexport const pool = new Pool({ connectionString: env.LEDGER_DB_URL });\n`)).toBe("?");
  });

  it("a shared package's createEnv(schema, options) handed a schema of upper-case names, the env read in another file (acc30a)", () => {
    const { model } = lintTree({
      ...service("services/fares", ["express", "pg", "zod"], {
        "src/config/env.ts": `import { createEnv, z } from "@coach/common";\nconst spec = z.object({ FARES_DB_URL: z.string(), FARES_PORT: z.coerce.number().default(4100) });\nexport const env = createEnv(spec, { serviceName: "fares" });\n`,
        "src/db.ts": `import { Pool } from "pg";\nimport { env } from "./config/env.js";\nexport const pool = new Pool({ connectionString: env.FARES_DB_URL });\n`,
        ".env.example": "FARES_DB_URL=postgres://fares-db:5432/fares\n",
      }),
    });
    expect(model.datastores.map((d) => d.identity)).toEqual(["postgres://fares-db:5432/fares"]);
  });

  it("a settings class whose getters read a field set from a method that returns cleanEnv(process.env, spec) (lead22)", () => {
    const settings = `import { cleanEnv, str } from "envalid";\nexport default class Settings {\n  private vars: ReturnType<typeof cleanEnv>;\n  constructor() {\n    this.vars = this.checked();\n  }\n  get dbHost(): string {\n    return String(this.vars.LEDGER_DB_HOST);\n  }\n  get dbName(): string {\n    return String(this.vars.LEDGER_DB_NAME);\n  }\n  private checked() {\n    const spec = { LEDGER_DB_HOST: str({ default: "localhost" }), LEDGER_DB_NAME: str({ default: "ledger" }) };\n    return cleanEnv(process.env, spec);\n  }\n}\n`;
    const store = `import { Pool } from "pg";\nimport Settings from "./settings.js";\nexport class Store {\n  private pool: Pool;\n  constructor(settings: Settings) {\n    this.pool = new Pool({ host: settings.dbHost, database: settings.dbName });\n  }\n}\n`;
    const identities = (files: Record<string, string>) =>
      lintTree({ ...service("services/ledger", ["express", "pg", "envalid"], { "src/settings.ts": settings, "src/store.ts": store, ...files }) }).model.datastores.map((d) => d.identity ?? "unresolved");
    expect(identities({ ".env": "LEDGER_DB_HOST=ledger-db\nLEDGER_DB_NAME=books\n" })).toEqual(["postgres://ledger-db:5432/books"]);
    // A method that returns something else is no checked env: the address stays unknown, as the diagnostic says.
    expect(identities({ "src/settings.ts": settings.replace("return cleanEnv(process.env, spec);", "return spec;"), ".env": "LEDGER_DB_HOST=ledger-db\n" })).toEqual(["unresolved"]);
  });

  it("a schema's parse of something else is no env", () => {
    expect(hostOf(`import { Pool } from "pg";\nconst cfg = schema.parse(JSON.parse(raw));\nexport const pool = new Pool({ connectionString: cfg.DATABASE_URL });\n`)).toBe("?");
  });
});

describe("[U] NestJS configuration namespaces", () => {
  const app = (files: Record<string, string>) => service("apps/catalog", ["@nestjs/core", "@nestjs/typeorm", "@nestjs/config"], files);
  const typeorm = `import { TypeOrmModule } from "@nestjs/typeorm";\nimport { ConfigService } from "@nestjs/config";\nexport const db = TypeOrmModule.forRootAsync({\n  inject: [ConfigService],\n  useFactory: (config: ConfigService) => ({ type: "postgres", host: config.get<string>("database.host"), port: config.get<number>("database.port"), database: config.getOrThrow("database.name") }),\n});\n`;

  it("registerAs('database', factory) leaves read by configService.get('database.host')", () => {
    const { model } = lintTree({
      ...app({
        "src/config/database.config.ts": `import { registerAs } from "@nestjs/config";\nexport default registerAs("database", () => ({ host: process.env.DB_HOST || "localhost", port: parseInt(process.env.DB_PORT ?? "5432", 10), name: process.env.DB_NAME }));\n`,
        "src/app.module.ts": typeorm,
      }),
      "docker-compose.yml": "services:\n  catalog:\n    build: ./apps/catalog\n    environment:\n      DB_HOST: pg\n      DB_NAME: catalog\n",
    });
    expect(model.datastores.map((d) => d.identity)).toEqual(["postgres://pg:5432/catalog"]);
  });

  it("a factory ConfigModule loads from a config file, and a namespace read whole then by property", () => {
    const { model } = lintTree(
      app({
        "src/config/configuration.ts": `export default () => ({ port: 3000, database: { host: process.env.DATABASE_HOST ?? "pg", name: "shop" } });\n`,
        "src/app.module.ts": `import { TypeOrmModule } from "@nestjs/typeorm";\nexport const db = TypeOrmModule.forRootAsync({\n  useFactory: (config: ConfigService) => {\n    const database = config.get("database");\n    return { type: "postgres", host: database.host, database: database.name };\n  },\n});\n`,
      }),
    );
    expect(model.datastores.map((d) => d.identity)).toEqual(["postgres://pg:5432/shop"]);
  });

  it("a factory given a namespace by `inject: [ns.KEY]` reads its leaves as properties of that parameter, from a library (acc13d)", () => {
    const library = {
      "libs/settings/package.json": { name: "@depot/settings", main: "src/index.ts" },
      "libs/settings/src/index.ts": `export * from "./store.settings";\n`,
      "libs/settings/src/store.settings.ts": `import { ConfigType, registerAs } from "@nestjs/config";\nexport const storeSettings = registerAs("store", () => ({\n  url: process.env.STORE_URL || "mongodb://localhost:27017/",\n  name: process.env.STORE_NAME || "depot",\n}));\nexport type StoreSettings = ConfigType<typeof storeSettings>;\n`,
    };
    const moduleFile = (inject: string) =>
      `import { Module } from "@nestjs/common";\nimport { MongooseModule } from "@nestjs/mongoose";\nimport { storeSettings, StoreSettings } from "@depot/settings";\n@Module({ imports: [MongooseModule.forRootAsync({ useFactory: (store: StoreSettings) => ({ uri: store.url, dbName: store.name }), inject: [${inject}] })] })\nexport class AppModule {}\n`;
    const tree = (inject: string, env = "") => ({
      ...library,
      ...service("apps/shelves", ["@nestjs/core", "@nestjs/mongoose", "@nestjs/config", "@depot/settings"], { "src/app.module.ts": moduleFile(inject) }),
      "docker-compose.yml": `services:\n  shelves:\n    build: ./apps/shelves\n${env}`,
    });
    expect(lintTree(tree("storeSettings.KEY")).model.datastores.map((d) => d.identity)).toEqual(["mongodb://localhost:27017/depot"]);
    expect(lintTree(tree("storeSettings.KEY", "    environment:\n      STORE_URL: mongodb://shelf-db:27017\n")).model.datastores.map((d) => d.identity)).toEqual(["mongodb://shelf-db:27017/depot"]);
    // Something else injected (a provider token) says nothing about the parameter.
    expect(lintTree(tree("STORE_TOKEN")).model.datastores.map((d) => d.identity)).toEqual([undefined]);
  });

  it("a namespace a config file exports as its default (export default registerAs(…)), injected by `inject: [ns.KEY]` (acc15a)", () => {
    const tree = (env: string) => ({
      ...service("apps/ledger", ["@nestjs/core", "@nestjs/typeorm", "@nestjs/config"], {
        "src/settings/sql.settings.ts": `import { registerAs } from "@nestjs/config";\nexport default registerAs("sql", () => ({\n  host: process.env.LEDGER_SQL_HOST,\n  port: Number(process.env.LEDGER_SQL_PORT || 5432),\n  name: process.env.LEDGER_SQL_NAME,\n}));\n`,
        "src/ledger.module.ts": `import { Module } from "@nestjs/common";\nimport { ConfigType } from "@nestjs/config";\nimport { TypeOrmModule } from "@nestjs/typeorm";\nimport sqlSettings from "./settings/sql.settings";\n@Module({ imports: [TypeOrmModule.forRootAsync({\n  useFactory: (sql: ConfigType<typeof sqlSettings>) => ({ type: "postgres", host: sql.host, port: sql.port, database: sql.name }),\n  inject: [sqlSettings.KEY],\n})] })\nexport class LedgerModule {}\n`,
      }),
      "docker-compose.yml": `services:\n  ledger:\n    build: ./apps/ledger\n${env}`,
    });
    expect(identities(tree("    environment:\n      LEDGER_SQL_HOST: books-db\n      LEDGER_SQL_NAME: ledger\n"))).toEqual(["ledger postgres://books-db:5432/ledger"]);
    // Its variables unset: a connection whose env is missing, said so, not one arch-lint could not follow.
    expect(identities(tree(""))).toEqual(["ledger unresolved (LEDGER_SQL_NAME not set, LEDGER_SQL_HOST not set, LEDGER_SQL_PORT unset, default 5432)"]);
  });

  it("ioredis given only a port (new Redis(port)) connects to that port on localhost (acc17a)", () => {
    // Written for this test: the port comes from a settings module, with a default.
    const files = {
      ...service("basket", ["express", "ioredis"], {
        "src/server.ts": `import express from "express";\nimport cache from "./cache";\nexpress().get("/basket", async (req, res) => res.json(await cache.get("b"))).listen(3000);\n`,
        "src/settings.js": `module.exports = { cache: { port: process.env.BASKET_CACHE_PORT || 6390 } };\n`,
        "src/cache.js": `const Redis = require("ioredis");\nconst settings = require("./settings");\nmodule.exports = new Redis(settings.cache.port);\n`,
      }),
    };
    expect(identities(files)).toEqual(["basket redis://localhost:6390/0"]);
  });

  it("Sequelize given one options object another module exports, nested in its settings (acc17a)", () => {
    // Written for this test: a settings module exporting an object whose `sql.options` Sequelize is given whole.
    const files = {
      ...service("ledger", ["sequelize", "mysql2"], {
        "src/settings.js": `module.exports = {\n  port: process.env.PORT || 3000,\n  sql: {\n    options: { host: process.env.LEDGER_SQL_HOST, port: 3306, database: process.env.LEDGER_SQL_DB, dialect: "mysql" },\n    client: null,\n  },\n};\n`,
        "src/db.js": `const { Sequelize } = require("sequelize");\nconst Settings = require("./settings");\nconst sequelize = new Sequelize(Settings.sql.options);\nmodule.exports = sequelize;\n`,
      }),
      "docker-compose.yml": "services:\n  ledger:\n    build: ./ledger\n    environment:\n      LEDGER_SQL_HOST: ledger-db\n      LEDGER_SQL_DB: ledger\n",
    };
    expect(identities(files)).toEqual(["ledger mysql://ledger-db:3306/ledger"]);
  });

  it("a namespace whose factory returns its settings through a schema's parse, read from `env` of node:process (acc17a)", () => {
    // Written for this test: the namespace checks its settings with a zod-like schema before returning them.
    const tree = (settings: string) => ({
      ...service("apps/till", ["@nestjs/core", "@nestjs/typeorm", "@nestjs/config", "zod"], {
        "src/settings/sql.settings.ts": `import { env } from "node:process";\nimport { registerAs } from "@nestjs/config";\nimport { z } from "zod";\nconst Shape = z.object({ host: z.string(), name: z.string() });\nexport const sqlSettings = registerAs("sql", () => {\n  const settings = ${settings};\n  return Shape.parse(settings);\n});\n`,
        "src/till.module.ts": `import { Module } from "@nestjs/common";\nimport { ConfigType } from "@nestjs/config";\nimport { TypeOrmModule } from "@nestjs/typeorm";\nimport { sqlSettings } from "./settings/sql.settings";\n@Module({ imports: [TypeOrmModule.forRootAsync({\n  useFactory: (sql: ConfigType<typeof sqlSettings>) => ({ type: "postgres", host: sql.host, database: sql.name }),\n  inject: [sqlSettings.KEY],\n})] })\nexport class TillModule {}\n`,
      }),
      "docker-compose.yml": "services:\n  till:\n    build: ./apps/till\n    environment:\n      TILL_SQL_HOST: till-db\n      TILL_SQL_NAME: till\n",
    });
    expect(identities(tree("{ host: env.TILL_SQL_HOST, name: env.TILL_SQL_NAME }"))).toEqual(["till postgres://till-db:5432/till"]);
    expect(identities(tree("{ host: process.env.TILL_SQL_HOST, name: process.env.TILL_SQL_NAME }"))).toEqual(["till postgres://till-db:5432/till"]);
  });

  it("a factory returning a namespace spread into its own options ({ ...options, synchronize }) reads the namespace (acc13d)", () => {
    const { model } = lintTree({
      ...app({
        "src/config/typeorm.ts": `import { registerAs } from "@nestjs/config";\nconst settings = { type: "postgres", host: process.env.PG_HOST, port: 5432, database: process.env.PG_DB };\nexport default registerAs("typeorm", () => settings);\n`,
        "src/app.module.ts": `import { TypeOrmModule } from "@nestjs/typeorm";\nimport { ConfigService } from "@nestjs/config";\nexport const db = TypeOrmModule.forRootAsync({\n  inject: [ConfigService],\n  useFactory: async (configService: ConfigService) => {\n    const options = configService.get("typeorm");\n    return { ...options, synchronize: false };\n  },\n});\n`,
      }),
      "docker-compose.yml": "services:\n  catalog:\n    build: ./apps/catalog\n    environment:\n      PG_HOST: pg\n      PG_DB: catalog\n",
    });
    expect(model.datastores.map((d) => d.identity)).toEqual(["postgres://pg:5432/catalog"]);
  });

  it("a namespace nobody defines stays unresolved, and a default-exported factory outside a config file defines none", () => {
    const { model } = lintTree(app({ "src/app.module.ts": typeorm, "src/defaults.ts": `export default () => ({ database: { host: "pg", name: "x" } });\n` }));
    expect(model.datastores.map((d) => d.identity)).toEqual([undefined]);
  });
});

describe("[U] env helpers", () => {
  const urlOf = (code: string) => facts(code, "src/db.js").datastores.map((d) => show(d.url!));
  it("a helper named for the env, given a variable's name, reads that variable", () => {
    expect(urlOf(`const Sequelize = require("sequelize");\nconst accessEnv = require("../helpers/accessEnv");\nconst DB_URI = accessEnv("DB_URI");\nmodule.exports = new Sequelize(DB_URI, { dialect: "mysql" });\n`)).toEqual(["${DB_URI}"]);
    expect(urlOf(`import mongoose from "mongoose";\nimport { getEnv } from "./util";\nmongoose.connect(getEnv("MONGO_URL", "mongodb://mongo/app"));\n`)).toEqual(["${MONGO_URL:-mongodb://mongo/app}"]);
    expect(urlOf(`import mongoose from "mongoose";\nconst getEnvOrFail = (key: string) => process.env[key]!;\nmongoose.connect(getEnvOrFail("MONGO_URL"));\n`)).toEqual(["${MONGO_URL}"]);
  });
  it("other helpers, or a name that is not a variable's, read nothing", () => {
    expect(urlOf(`import mongoose from "mongoose";\nmongoose.connect(getSetting("MONGO_URL"));\nmongoose.connect(getEnv(key));\nmongoose.connect(environment("MONGO_URL"));\n`)).toEqual(["?", "?", "?"]);
  });
});

describe("[U] fields of the class the connection is opened in", () => {
  const urls = (code: string) => facts(code, "src/app.ts").datastores.map((d) => show(d.url!));
  it("a property initialiser, a constructor parameter's default, a constructor assignment", () => {
    expect(urls(`import mongoose from "mongoose";\nclass App {\n  private mongoUrl: string = process.env.MONGO_URL || "mongodb://mongo/app";\n  connect() { return mongoose.connect(this.mongoUrl); }\n}\n`)).toEqual(["${MONGO_URL:-mongodb://mongo/app}"]);
    expect(urls(`import mongoose from "mongoose";\nclass Db {\n  constructor(private readonly uri = "mongodb://mongo/db") {}\n  open() { return mongoose.connect(this.uri); }\n}\n`)).toEqual(["mongodb://mongo/db"]);
    expect(urls(`import mongoose from "mongoose";\nclass Db {\n  constructor() { this.settings = { uri: process.env.DB_URI }; }\n  open() { return mongoose.connect(this.settings.uri); }\n}\n`)).toEqual(["${DB_URI}"]);
  });
  it("a field set from a constructor parameter is the caller's: unknown", () => {
    expect(urls(`import mongoose from "mongoose";\nclass Db {\n  constructor(uri) { this.uri = uri; }\n  open() { return mongoose.connect(this.uri); }\n}\n`)).toEqual(["?"]);
  });
});

describe("[U] exported functions that return connection options", () => {
  it("their returned object's leaves are constants <name>.returns.<key>, read in the function's scope", () => {
    const f = facts(`export const getTypeOrmConfig = (config: ConfigService) => ({ type: "postgres", host: config.get("DB_HOST"), database: "orders" });\nexport function mongoFactory() {\n  const uri = process.env.MONGO_URI;\n  return { uri };\n}\nexport const notOptions = () => ({ a: 1 });\n`, "src/config/db.ts");
    expect(Object.fromEntries(Object.entries(f.constants).map(([k, v]) => [k, show(v)]))).toEqual({
      "getTypeOrmConfig.returns.type": "postgres",
      "getTypeOrmConfig.returns.host": "${DB_HOST}",
      "getTypeOrmConfig.returns.database": "orders",
      "mongoFactory.returns.uri": "${MONGO_URI}",
    });
  });
});

describe("[U] options objects read where they are defined (model)", () => {
  it("an imported factory's returned options, and a whole configuration namespace", () => {
    const factory = lintTree({
      ...service("apps/orders", ["@nestjs/core", "@nestjs/typeorm"], {
        "src/typeorm.config.ts": `export const getTypeOrmConfig = (config: ConfigService) => ({ type: "postgres", host: config.get("DB_HOST"), database: "orders" });\n`,
        "src/app.module.ts": `import { TypeOrmModule } from "@nestjs/typeorm";\nimport { getTypeOrmConfig } from "./typeorm.config";\nexport const m = TypeOrmModule.forRootAsync({ useFactory: getTypeOrmConfig, inject: [ConfigService] });\n`,
        ".env": "DB_HOST=pg\n",
      }),
    });
    expect(factory.model.datastores.map((d) => d.identity)).toEqual(["postgres://pg:5432/orders"]);
    const namespace = lintTree({
      ...service("apps/users", ["@nestjs/core", "@nestjs/typeorm", "@nestjs/config"], {
        "src/config/typeorm.ts": `import { registerAs } from "@nestjs/config";\nexport default registerAs("typeorm", () => ({ type: "mysql", host: process.env.DB_HOST ?? "mysql", database: "users" }));\n`,
        "src/app.module.ts": `import { TypeOrmModule } from "@nestjs/typeorm";\nexport const m = TypeOrmModule.forRootAsync({ useFactory: (config: ConfigService) => config.get("typeorm") });\n`,
      }),
    });
    expect(namespace.model.datastores.map((d) => d.identity)).toEqual(["mysql://mysql:3306/users"]);
  });

  it("forRootAsync(getMongoConfig()): the async options an imported function returns, its useFactory's options read in its file", () => {
    // Written for this test: the whole `{ inject, useFactory }` comes from a function of another file.
    const result = lintTree({
      ...service("apps/ledger", ["@nestjs/core", "@nestjs/mongoose", "@nestjs/config"], {
        "src/mongo.options.ts": `import { ConfigService } from "@nestjs/config";\nexport const getMongoConfig = () => ({\n  inject: [ConfigService],\n  useFactory: async (config: ConfigService) => ({ uri: config.get("LEDGER_MONGO_URI") }),\n});\n`,
        "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { MongooseModule } from "@nestjs/mongoose";\nimport { getMongoConfig } from "./mongo.options";\n@Module({ imports: [MongooseModule.forRootAsync(getMongoConfig())] })\nexport class AppModule {}\n`,
        ".env": "LEDGER_MONGO_URI=mongodb://mongo:27017/ledger\n",
      }),
    });
    expect(result.model.datastores.map((d) => [d.identity, d.location.file])).toEqual([["mongodb://mongo:27017/ledger", "apps/ledger/src/app.module.ts"]]);
  });

  it("forRootAsync(sqlAsyncOptions): async options kept in an imported constant, its useFactory's options read in its file", () => {
    // Written for this test: the `{ imports, inject, useFactory }` object is a typed constant of a config file, handed
    // over whole (also through a namespace import); a constant without a factory opens nothing known.
    const result = lintTree({
      ...service("apps/tills", ["@nestjs/core", "@nestjs/typeorm", "@nestjs/config"], {
        "src/config/sql.options.ts": `import { ConfigModule, ConfigService } from "@nestjs/config";\nimport { TypeOrmModuleAsyncOptions } from "@nestjs/typeorm";\nexport const sqlAsyncOptions: TypeOrmModuleAsyncOptions = {\n  imports: [ConfigModule],\n  inject: [ConfigService],\n  useFactory: async () => {\n    return { type: "postgres", host: process.env.TILLS_DB_HOST, port: 5433, database: process.env.TILLS_DB_NAME };\n  },\n};\nexport const replicaOptions = { useFactory: () => ({ type: "postgres", host: "tills-replica", database: "tills" }) };\nexport const plain = { host: "not-a-factory" };\n`,
        "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { TypeOrmModule } from "@nestjs/typeorm";\nimport { sqlAsyncOptions } from "./config/sql.options";\nimport * as options from "./config/sql.options";\n@Module({ imports: [TypeOrmModule.forRootAsync(sqlAsyncOptions), TypeOrmModule.forRootAsync(options.replicaOptions)] })\nexport class AppModule {}\n`,
        ".env": "TILLS_DB_HOST=tills-db\nTILLS_DB_NAME=tills\n",
      }),
    });
    expect(result.model.datastores.map((d) => d.identity).sort()).toEqual(["postgres://tills-db:5433/tills", "postgres://tills-replica:5432/tills"]);
  });
});

describe("[U] MikroORM options in a library: a guarded port, and a factory spreading imported options (acc13c)", () => {
  /** An Nx-style app whose core library opens MySQL through MikroOrmModule, the options kept in a file of their own. */
  const campus = (port: string, composeEnv: string) => ({
    "package.json": { name: "campus", private: true, dependencies: { "@nestjs/core": "*", "@mikro-orm/nestjs": "*", "@mikro-orm/mysql": "*" } },
    "nx.json": "{}\n",
    "tsconfig.base.json": { compilerOptions: { paths: { "@campus/roster-core": ["libs/roster-core/src/index.ts"] } } },
    "apps/roster/project.json": { name: "roster", projectType: "application", sourceRoot: "apps/roster/src" },
    "apps/roster/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { RosterCoreModule } from "@campus/roster-core";\nNestFactory.create(RosterCoreModule).then((app) => app.listen(3200));\n`,
    "libs/roster-core/project.json": { name: "roster-core", projectType: "library", sourceRoot: "libs/roster-core/src" },
    "libs/roster-core/src/index.ts": `export * from "./lib/core.module";\n`,
    "libs/roster-core/src/orm-options.ts": `import { Options } from "@mikro-orm/core";\nexport default {\n  type: "mysql" as const,\n  host: process.env["ROSTER_DB_HOST"],\n  port: ${port},\n  dbName: process.env["ROSTER_DB_NAME"],\n} as Options;\n`,
    "libs/roster-core/src/lib/core.module.ts": `import { Module } from "@nestjs/common";\nimport { MikroOrmModule } from "@mikro-orm/nestjs";\nimport ormOptions from "../orm-options";\n@Module({ imports: [MikroOrmModule.forRootAsync({ useFactory: () => ({ debug: false, ...ormOptions }) })] })\nexport class RosterCoreModule {}\n`,
    "docker-compose.yml": `services:\n  roster:\n    build:\n      context: .\n      dockerfile: apps/roster/Dockerfile\n    environment:\n${composeEnv}  roster-db:\n    image: mysql:8\n`,
    "apps/roster/Dockerfile": "FROM node:22-alpine\nCMD node dist/apps/roster/main.js\n",
  });
  const guarded = `process.env["ROSTER_DB_PORT"] ? parseInt(process.env["ROSTER_DB_PORT"]) : undefined`;

  it("`X ? parseInt(X) : undefined` is X when it is set", () => {
    expect(identities(campus(guarded, "      ROSTER_DB_HOST: roster-db\n      ROSTER_DB_PORT: '3307'\n      ROSTER_DB_NAME: roster\n"))).toEqual(["roster mysql://roster-db:3307/roster"]);
  });

  it("… and, unset, not set (as `port: process.env.X` is): unresolved, naming the variable", () => {
    const [only] = identities(campus(guarded, "      ROSTER_DB_HOST: roster-db\n      ROSTER_DB_NAME: roster\n"));
    expect(only).toMatch(/^roster unresolved \(.*ROSTER_DB_PORT not set\)$/);
  });

  it("`X ? X : fallback` falls back to what the other branch says", () => {
    expect(identities(campus(`process.env.ROSTER_DB_PORT ? Number(process.env.ROSTER_DB_PORT) : 3310`, "      ROSTER_DB_HOST: roster-db\n      ROSTER_DB_NAME: roster\n"))).toEqual(["roster mysql://roster-db:3310/roster"]);
  });

  it("`X ? \`mongodb://${X}/roster\` : \"mongodb://localhost/roster\"`: X inside the text, falling back to the other branch's part in its place", () => {
    const url = (composeEnv: string) =>
      identities({
        ...service("services/roster", ["express", "mongoose"], {
          "src/config.js": `module.exports = { mongo: process.env.MONGO_HOST ? \`mongodb://\${process.env.MONGO_HOST}/roster\` : "mongodb://localhost:27018/roster" };\n`,
          "src/db.js": `const mongoose = require("mongoose");\nconst config = require("./config");\nmongoose.connect(config.mongo);\n`,
        }),
        "docker-compose.yml": `services:\n  roster:\n    build: ./services/roster\n${composeEnv}`,
      });
    expect(url("    environment:\n      MONGO_HOST: roster-db\n")).toEqual(["roster mongodb://roster-db:27017/roster"]);
    expect(url("")).toEqual(["roster mongodb://localhost:27018/roster"]);
    // The other branch is not the same text around it: the variable alone is known, unset it stays unresolved.
    const apart = lintTree(
      service("services/roster", ["express", "mongoose"], { "src/db.js": `const mongoose = require("mongoose");\nmongoose.connect(process.env.MONGO_HOST ? \`mongodb://\${process.env.MONGO_HOST}/roster\` : buildLocalUrl());\n` }),
    ).model.datastores.map((d) => d.resolution);
    expect(apart).toEqual([expect.stringContaining("MONGO_HOST")]);
  });

  it("a guard on another variable says nothing about this one", () => {
    const code = `import { MikroOrmModule } from "@mikro-orm/nestjs";\nexport const m = MikroOrmModule.forRoot({ type: "mysql", host: "db", port: process.env.USE_REPLICA ? parseInt(process.env.DB_PORT) : undefined, dbName: "roster" });\n`;
    expect(stores(code, "src/app.module.ts")).toEqual(["mysql/mikro-orm host=db port=? db=roster @2"]);
  });
});

describe("[U] options a function of the same file builds (acc13e)", () => {
  it("node-redis given a declared function's call: its returned url, read with the module's env constants", () => {
    const code = `import { createClient } from "redis";\nconst { KV_HOST, KV_PORT } = process.env;\nfunction kvOptions() {\n  return { url: \`redis://\${KV_HOST}:\${KV_PORT}\`, socket: { connectTimeout: 500 } };\n}\nexport function open() {\n  return createClient(kvOptions());\n}\n`;
    expect(stores(code)).toEqual(["redis/redis url=redis://${KV_HOST}:${KV_PORT} @7"]);
  });

  it("pg and knex given an arrow's call: its locals and parameters are its own", () => {
    const code = `import { Pool } from "pg";\nimport knex from "knex";\nconst ledgerDb = (name) => {\n  const host = process.env.LEDGER_HOST ?? "ledger-db";\n  return { host, port: 5433, database: name };\n};\nexport const pool = new Pool(ledgerDb("ledger"));\nconst reportsDb = () => ({ client: "pg", connection: { host: "reports-db", database: "reports" } });\nexport const reports = knex(reportsDb());\n`;
    expect(stores(code)).toEqual(["postgres/pg host=${LEDGER_HOST:-ledger-db} port=5433 db=? @7", "postgres/knex host=reports-db db=reports @9"]);
  });

  it("a function that returns no object literal, or an imported one, is still a value", () => {
    const code = `import { createClient } from "redis";\nimport { kvUrl } from "./settings";\nconst local = () => process.env.KV_URL;\nexport const a = createClient(local());\nexport const b = createClient(kvUrl());\n`;
    expect(stores(code)).toEqual(["redis/redis url=? @4", "redis/redis url={./settings#kvUrl()} @5"]);
  });
});

describe("[U] knex given one environment's options of a config module by a condition (acc15a)", () => {
  const tree = (call: string) =>
    lintTree({
      ...service("services/atlas", ["express", "knex", "pg", "redis"], {
        "src/config/knex.settings.js": `const shared = {\n  client: "pg",\n  connection: { host: process.env.ATLAS_SQL_HOST, port: Number(process.env.ATLAS_SQL_PORT || 5432), database: process.env.ATLAS_SQL_NAME },\n  pool: { min: 2, max: 10 },\n};\nexport default { development: shared, production: { ...shared, pool: { min: 5, max: 20 } } };\n`,
        "src/config/db.js": `import knex from "knex";\nimport settings from "./knex.settings.js";\nconst db = ${call};\nexport default db;\n`,
        "src/cache.js": `import { createClient } from "redis";\nexport const cache = createClient({ url: process.env.ATLAS_CACHE_URL });\nexport const read = (key) => cache.get(key);\n`,
      }),
      "docker-compose.yml": "services:\n  atlas:\n    build: ./services/atlas\n    environment:\n      ATLAS_SQL_HOST: maps-db\n      ATLAS_SQL_NAME: atlas\n      ATLAS_CACHE_URL: redis://cache:6379\n",
    });

  it("either branch of `isProduction ? configs.production : configs.development` is read, a const object or one spreading it", () => {
    for (const call of [`knex(process.env.NODE_ENV === "production" ? settings.production : settings.development)`, `knex(process.env.NODE_ENV !== "production" ? settings.development : settings.production)`]) {
      expect(tree(call).model.datastores.map((d) => [d.library, d.identity ?? d.resolution])).toEqual([
        ["redis", "redis://cache:6379/0"],
        ["knex", "postgres://maps-db:5432/atlas"],
      ]);
    }
  });

  it("a knex connection that cannot be read is said, though the service's Redis was found", () => {
    const result = tree(`knex(pickSettings())`);
    expect(result.model.datastores.map((d) => d.library)).toEqual(["redis"]);
    expect(result.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/^atlas imports knex at services\/atlas\/src\/config\/db\.js:1, but no connection URL could be resolved/));
  });
});

describe("[U] names destructured from an imported config object, step by step (acc15a)", () => {
  it("const { SQL } = settings; const { HOST } = SQL, and const { HOST } = settings.SQL, read the config module's default export", () => {
    const settings = `export default {\n  SQL: { HOST: process.env.DOCK_SQL_HOST, PORT: Number(process.env.DOCK_SQL_PORT || 5432), NAME: process.env.DOCK_SQL_NAME },\n};\n`;
    const tree = (destructure: string) =>
      lintTree({
        ...service("services/dock", ["express", "knex", "pg"], {
          "src/config/settings.js": settings,
          "src/config/knex.settings.js": `import settings from "./settings.js";\n${destructure}\nconst shared = { client: "pg", connection: { host: HOST, port: PORT, database: NAME } };\nexport default { development: shared, production: shared };\n`,
          "src/config/db.js": `import knex from "knex";\nimport options from "./knex.settings.js";\nexport default knex(process.env.NODE_ENV === "production" ? options.production : options.development);\n`,
        }),
        "docker-compose.yml": "services:\n  dock:\n    build: ./services/dock\n    environment:\n      DOCK_SQL_HOST: harbour-db\n      DOCK_SQL_NAME: dock\n",
      });
    for (const destructure of ["const { SQL } = settings;\nconst { HOST, PORT, NAME } = SQL;", "const { HOST, PORT, NAME } = settings.SQL;"]) {
      expect(tree(destructure).model.datastores.map((d) => d.identity ?? d.resolution)).toEqual(["postgres://harbour-db:5432/dock"]);
    }
  });
});
