import { describe, expect, it } from "vitest";
import { extractConfigJson } from "../../../src/lint/extract/datastores/json-config.js";
import { describeStore, stores } from "./datastores-helpers.js";
import { lintTree, service } from "../helpers.js";

const json = (file: string, data: unknown) => (extractConfigJson(file, JSON.stringify(data, null, 2))?.datastores ?? []).map(describeStore);

const SEQUELIZE_CLI_INDEX = `const Sequelize = require("sequelize");\nconst env = process.env.NODE_ENV || "development";\nconst config = require(__dirname + "/../config/config.json")[env];\nlet sequelize;\nif (config.use_env_variable) {\n  sequelize = new Sequelize(process.env[config.use_env_variable], config);\n} else {\n  sequelize = new Sequelize(config.database, config.username, config.password, config);\n}\nmodule.exports = sequelize;\n`;

describe("[U] ORM settings in JSON", () => {
  describe("valid", () => {
    it("TypeORM ormconfig.json: one object, or the default of several", () => {
      expect(json("users/ormconfig.json", { type: "postgres", host: "db", port: 5432, database: "test", username: "u", password: "p" })).toEqual(["postgres/typeorm host=db port=5432 db=test @1"]);
      expect(json("ormconfig.json", [{ name: "reports", type: "mysql", host: "r" }, { type: "postgres", url: "postgres://db/app" }])).toEqual(["postgres/typeorm url=postgres://db/app @1"]);
    });
    it("sequelize-cli config/config.json: the production block, or an env variable it names", () => {
      expect(json("api/config/config.json", { development: { dialect: "mysql", host: "127.0.0.1", database: "dev" }, production: { use_env_variable: "DATABASE_URL", dialect: "postgres" } })).toEqual(["postgres/sequelize url=${DATABASE_URL} @1"]);
      expect(json("config/config.json", { development: { dialect: "postgres", host: "db", database: "shop" } })).toEqual(["postgres/sequelize host=db db=shop @1"]);
    });
    it("node-config's files at the repository's top (a one-service repository) are read like a service's", () => {
      expect(extractConfigJson("config/default.json", JSON.stringify({ db: { url: "mongodb://mongo/movies" } }))?.constants).toEqual({ "config:db.url": { parts: [{ kind: "text", text: "mongodb://mongo/movies" }] } });
      expect(extractConfigJson("config/custom-environment-variables.json", JSON.stringify({ db: { url: "MOVIES_DB" } }))?.constants).toEqual({ "config-env:db.url": { parts: [{ kind: "env", name: "MOVIES_DB" }] } });
    });
    it("the generated models/index.js opens no second, unresolved connection", () => {
      expect(stores(SEQUELIZE_CLI_INDEX, "models/index.js")).toEqual([]);
    });
    it("end to end: a sequelize-cli service resolves through its config.json and the compose env", () => {
      const { model } = lintTree({
        ...service("services/shop", ["express", "sequelize", "pg"], { "models/index.js": SEQUELIZE_CLI_INDEX, "config/config.json": JSON.stringify({ production: { use_env_variable: "DATABASE_URL", dialect: "postgres" } }) }),
        "docker-compose.yml": "services:\n  shop:\n    build: ./services/shop\n    environment:\n      DATABASE_URL: postgres://app:pw@db:5432/shop\n",
      });
      expect(model.datastores.map((d) => [d.service, d.identity, d.location.file])).toEqual([["shop", "postgres://db:5432/shop", "services/shop/config/config.json"]]);
    });
  });
  describe("invalid", () => {
    it("other config.json files, broken JSON, blocks without a dialect", () => {
      expect(json("src/config.json", { port: 3000, features: { a: true } })).toEqual([]);
      expect(extractConfigJson("config.json", "{ not json")).toBeUndefined();
      expect(json("ormconfig.json", { entities: ["dist/**/*.js"] })).toEqual([]);
    });
    it("a Sequelize built from a required JS config is still read from the code", () => {
      expect(stores(`const Sequelize = require("sequelize");\nconst config = require("./db.config.js");\nmodule.exports = new Sequelize(config.DB, config.USER, config.PASSWORD, { host: config.HOST });\n`, "models/index.js")).toHaveLength(1);
    });
  });
});

describe("[U] node-config", () => {
  const vidly = (files: Record<string, string>) => service("services/movies", ["express", "mongoose", "config"], { "index.js": `const config = require("config");\nconst mongoose = require("mongoose");\nmongoose.connect(config.get("db"));\n`, ...files });
  it("config.get(key) reads config/default.json, production.json over it, and the env var custom-environment-variables.json maps", () => {
    const defaults = lintTree(vidly({ "config/default.json": JSON.stringify({ db: "mongodb://localhost/movies" }) }));
    expect(defaults.model.datastores.map((d) => d.identity)).toEqual(["mongodb://localhost:27017/movies"]);
    const production = lintTree(vidly({ "config/default.json": JSON.stringify({ db: "mongodb://localhost/movies" }), "config/production.json": JSON.stringify({ db: "mongodb://mongo/movies" }) }));
    expect(production.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/movies"]);
    const mapped = lintTree({
      ...vidly({ "config/default.json": JSON.stringify({ db: "mongodb://localhost/movies" }), "config/custom-environment-variables.json": JSON.stringify({ db: { __name: "MOVIES_DB" } }) }),
      "docker-compose.yml": "services:\n  movies:\n    build: ./services/movies\n    environment:\n      MOVIES_DB: mongodb://mongo/catalog\n",
    });
    expect(mapped.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/catalog"]);
  });
  it("nested keys by property access; JSON elsewhere is no node-config", () => {
    const nested = lintTree(service("services/a", ["express", "pg", "config"], { "src/db.ts": `import config from "config";\nimport { Pool } from "pg";\nexport const pool = new Pool({ host: config.db.host, database: config.get("db.name") });\n`, "config/default.json": JSON.stringify({ db: { host: "pg", name: "a" } }) }));
    expect(nested.model.datastores.map((d) => d.identity)).toEqual(["postgres://pg:5432/a"]);
    // A settings file the code may require (`require("./default.json").db`) gives its leaves as the module's values, no node-config key.
    const elsewhere = extractConfigJson("src/default.json", JSON.stringify({ db: "mongodb://x/y" }));
    expect(elsewhere?.datastores).toEqual([]);
    expect(Object.keys(elsewhere?.constants ?? {})).toEqual(["default.db"]);
  });
});

describe("[U] node-config in JavaScript", () => {
  it("config/default.js's exported object is read like default.json", () => {
    const { model } = lintTree(service("services/b", ["express", "mongoose", "config"], { "index.js": `const config = require("config");\nconst mongoose = require("mongoose");\nmongoose.connect(config.get("mongo.url"));\n`, "config/default.js": `module.exports = { mongo: { url: process.env.MONGO_URL || "mongodb://mongo/b" } };\n` }));
    expect(model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/b"]);
  });
});

describe("[U] convict", () => {
  it("config.get(key) of a convict schema: the env variable a leaf names, its default the fallback", () => {
    const files = (env: string) => ({
      ...service("services/c", ["express", "pg", "convict"], {
        "src/config.ts": `import convict from "convict";\nexport const config = convict({\n  env: { doc: "env", format: ["production", "development"], default: "development", env: "NODE_ENV" },\n  db: { host: { doc: "host", format: String, default: "localhost", env: "DB_HOST" }, name: { format: String, default: "orders" } },\n});\n`,
        "src/db.ts": `import { Pool } from "pg";\nimport { config } from "./config.js";\nexport const pool = new Pool({ host: config.get("db.host"), database: config.get("db.name") });\n`,
      }),
      ...(env ? { "docker-compose.yml": `services:\n  c:\n    build: ./services/c\n    environment:\n      DB_HOST: ${env}\n` } : {}),
    });
    expect(lintTree(files("pg")).model.datastores.map((d) => d.identity)).toEqual(["postgres://pg:5432/orders"]);
    expect(lintTree(files("")).model.datastores.map((d) => d.identity)).toEqual(["postgres://localhost:5432/orders"]);
  });
});
