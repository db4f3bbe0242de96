import { describe, expect, it } from "vitest";
import { facts, lintTree, service, type Tree } from "../helpers.js";

const loaded = (code: string, file = "src/server.ts") => (facts(code, file).envFiles ?? []).map((f) => `${f.base}:${f.path} @${f.location.line}`);

describe("[U] env files the code loads", () => {
  describe("valid", () => {
    it("dotenv config({ path }) in its three spellings, with __dirname and process.cwd() paths", () => {
      expect(
        loaded(`import dotenv from "dotenv";\nimport path from "node:path";\ndotenv.config({ path: "./config/config.env" });\ndotenv.config({ path: path.resolve(__dirname, "../.env") });\ndotenv.config({ path: path.join(process.cwd(), ".env.local") });\n`),
      ).toEqual(["cwd:./config/config.env @3", "file:../.env @4", "cwd:.env.local @5"]);
      expect(loaded(`import { config } from "dotenv";\nconfig({ path: [".env.shared", ".env"] });\n`)).toEqual(["cwd:.env.shared @2", "cwd:.env @2"]);
      expect(loaded(`require("dotenv").config({ path: "config/dev.env" });\n`, "server.js")).toEqual(["cwd:config/dev.env @1"]);
    });

    it("a name built at run time is kept as a pattern, with the variable that fills it and the code's default", () => {
      const built = (code: string) => (facts(code, "src/config.ts").envFiles ?? []).map((f) => `${f.base}:${f.path} ${JSON.stringify(f.chosenBy ?? null)}`);
      expect(built(`import dotenv from "dotenv";\ndotenv.config({ path: \`./.env.\${process.env.NODE_ENV}\` });\n`)).toEqual(['cwd:./.env.* {"env":"NODE_ENV"}']);
      expect(built(`import dotenv from "dotenv";\nconst env = process.env.NODE_ENV || "development";\ndotenv.config({ path: ".env." + env });\n`)).toEqual(['cwd:.env.* {"env":"NODE_ENV","fallback":"development"}']);
      expect(built(`import path from "path";\nimport { config } from "dotenv";\nconfig({ path: path.resolve(__dirname, "..", \`.env.\${process.env.APP_ENV}\`) });\n`)).toEqual(['file:../.env.* {"env":"APP_ENV"}']);
      // Kept in a constant declared in a block at module level (`if (dev) { const cfg = …; config({ path: cfg }) }`).
      expect(built(`import dotenv from "dotenv";\nif (process.env.NODE_ENV !== "production") {\n  const cfg = \`./.env.\${process.env.NODE_ENV}\`;\n  dotenv.config({ path: cfg });\n}\n`)).toEqual(['cwd:./.env.* {"env":"NODE_ENV"}']);
      // A parameter fills it: the pattern, with no variable to read.
      expect(built(`import dotenv from "dotenv";\nexport function load(stage: string) {\n  dotenv.config({ path: \`config/\${stage}.env\` });\n}\n`)).toEqual(["cwd:config/*.env null"]);
    });

    it("NestJS ConfigModule.forRoot({ envFilePath })", () => {
      expect(loaded(`import { ConfigModule } from "@nestjs/config";\nexport const c = ConfigModule.forRoot({ isGlobal: true, envFilePath: "./apps/auth/.env" });\n`)).toEqual(["cwd:./apps/auth/.env @2"]);
      // ignoreEnvFile written out as false loads them all the same.
      expect(loaded(`import { ConfigModule } from "@nestjs/config";\nConfigModule.forRoot({ envFilePath: [".env.development"], ignoreEnvFile: false, isGlobal: true });\n`)).toEqual(["cwd:.env.development @2"]);
    });

    it("no path given: the loader's default .env of the working directory, marked as such (acc23a)", () => {
      const defaulted = (code: string) => (facts(code, "src/app.module.ts").envFiles ?? []).map((f) => `${f.base}:${f.path}${f.defaulted ? " (default)" : ""} @${f.location.line}`);
      expect(defaulted(`import dotenv from "dotenv";\ndotenv.config();\n`)).toEqual(["cwd:.env (default) @2"]);
      expect(defaulted(`import { ConfigModule } from "@nestjs/config";\nConfigModule.forRoot({ isGlobal: true });\nConfigModule.forRoot();\n`)).toEqual(["cwd:.env (default) @2", "cwd:.env (default) @3"]);
      // Options spread from elsewhere may name a path: nothing is assumed.
      expect(defaulted(`import { ConfigModule } from "@nestjs/config";\nimport { shared } from "./shared";\nConfigModule.forRoot({ ...shared, isGlobal: true });\n`)).toEqual([]);
    });
  });

  describe("invalid", () => {
    it("no path, a path built from the env, ignoreEnvFile, another library's config()", () => {
      expect(loaded(`import "dotenv/config";\n`)).toEqual([]);
      // A name built at run time only where the file's name is: a run-time folder, or two run-time parts, are not matched.
      expect(loaded(`import dotenv from "dotenv";\ndotenv.config({ path: \`\${process.env.CONFIG_DIR}/.env\` });\ndotenv.config({ path: \`.env.\${a}.\${b}\` });\ndotenv.config({ path: process.env.ENV_FILE });\n`)).toEqual([]);
      expect(loaded(`import { ConfigModule } from "@nestjs/config";\nConfigModule.forRoot({ envFilePath: ".env", ignoreEnvFile: true });\n`)).toEqual([]);
      expect(loaded(`import convict from "convict";\nconvict.config({ path: "x.env" });\nimport { config } from "./config";\nconfig({ path: ".env" });\n`)).toEqual([]);
    });
  });
});

describe("[U] a service's env includes the env files its code loads", () => {
  const users = (files: Record<string, string>) =>
    service("services/users", ["express", "mongoose", "dotenv"], {
      "src/db.js": `const mongoose = require("mongoose");\nmongoose.connect(process.env.MONGO_URI);\n`,
      ...files,
    });

  it("a config/config.env loaded from the working directory resolves the connection", () => {
    const result = lintTree(users({ "src/server.js": `const dotenv = require("dotenv");\ndotenv.config({ path: "./config/config.env" });\nrequire("./db");\n`, "config/config.env": "MONGO_URI=mongodb://mongo:27017/users\n" }));
    expect(result.model.datastores.map((d) => [d.identity, d.resolution])).toEqual([["mongodb://mongo:27017/users", expect.stringContaining("services/users/config/config.env")]]);
  });

  it("a path from __dirname, and a working-directory path found from the repository root", () => {
    const byDirname = lintTree(users({ "src/server.js": `const path = require("path");\nrequire("dotenv").config({ path: path.resolve(__dirname, "../env/app.env") });\n`, "env/app.env": "MONGO_URI=mongodb://mongo/a\n" }));
    expect(byDirname.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/a"]);
    const fromRoot = lintTree({ ...users({ "src/server.js": `require("dotenv").config({ path: "./services/users/.env.docker" });\n` }), "services/users/.env.docker": "MONGO_URI=mongodb://mongo/b\n" });
    expect(fromRoot.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/b"]);
  });

  describe("a name built at run time (`.env.${NODE_ENV}`)", () => {
    const loader = `const dotenv = require("dotenv");\ndotenv.config({ path: \`.env.\${process.env.NODE_ENV}\` });\nrequire("./db");\n`;
    const identity = (files: Tree) => lintTree(files).model.datastores.map((d) => [d.identity, d.resolution]);

    it("loads the only file of that name the service's folder holds, never an example file", () => {
      expect(identity(users({ "src/server.js": loader, ".env.dev": "MONGO_URI=mongodb://mongo/dev-db\n", ".env.example": "MONGO_URI=mongodb://example/x\n" }))).toEqual([
        ["mongodb://mongo:27017/dev-db", expect.stringContaining("services/users/.env.dev (loaded as .env.*: the only file of that name)")],
      ]);
    });

    it("loads the one the deployment's variable names, else the code's default, else the likeliest of several", () => {
      const three = { ".env.development": "MONGO_URI=mongodb://mongo/d\n", ".env.production": "MONGO_URI=mongodb://mongo/p\n", ".env.test": "MONGO_URI=mongodb://mongo/t\n" };
      const compose = (env: string) => ({ "docker-compose.yml": `services:\n  users:\n    build: ./services/users\n    environment:\n      NODE_ENV: ${env}\n` });
      expect(identity({ ...users({ "src/server.js": loader, ...three }), ...compose("test") })[0]?.[0]).toBe("mongodb://mongo:27017/t");
      const withDefault = `require("dotenv").config({ path: ".env." + (process.env.NODE_ENV || "development") });\nrequire("./db");\n`;
      expect(identity(users({ "src/server.js": withDefault, ...three }))[0]?.[0]).toBe("mongodb://mongo:27017/d");
      expect(identity(users({ "src/server.js": loader, ...three }))).toEqual([["mongodb://mongo:27017/p", expect.stringContaining("one of 3 files of that name")]]);
    });

    it("several files of that name and none likelier than another: none is loaded", () => {
      const result = identity(users({ "src/server.js": loader, ".env.alpha": "MONGO_URI=mongodb://mongo/a\n", ".env.beta": "MONGO_URI=mongodb://mongo/b\n" }));
      expect(result.map(([id]) => id)).toEqual([undefined]);
    });
  });

  it("the deployment's env wins over a loaded file, as dotenv never overrides", () => {
    const result = lintTree({
      ...users({ "src/server.js": `require("dotenv").config({ path: "config/config.env" });\n`, "config/config.env": "MONGO_URI=mongodb://localhost/dev\n" }),
      "docker-compose.yml": "services:\n  users:\n    build: ./services/users\n    environment:\n      MONGO_URI: mongodb://mongo/prod\n",
    });
    expect(result.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/prod"]);
  });
});

describe("[U] an example env file is the last resort for a service's env", () => {
  const orders = (files: Record<string, string>) =>
    service("services/orders", ["express", "mongoose"], {
      "src/server.js": `const mongoose = require("mongoose");\nmongoose.connect(process.env.ORDERS_DB);\n`,
      ...files,
    });

  it("the service's folder commits .env.example and no .env: its URL resolves, and the evidence names the example file", () => {
    const result = lintTree(orders({ ".env.example": "ORDERS_DB=mongodb://mongo:27017/orders\nEMPTY=\n" }));
    expect(result.model.datastores.map((d) => [d.identity, d.resolution])).toEqual([["mongodb://mongo:27017/orders", expect.stringContaining("services/orders/.env.example (an example file")]]);
    expect(result.model.services[0]!.exampleEnv).toEqual(["ORDERS_DB"]);
  });

  it("a .gitignore pattern that keeps .env.* out of git does not hide the example committed beside them", () => {
    const result = lintTree({ ...orders({ ".env.example": "ORDERS_DB=mongodb://mongo/kept\n", ".env.local": "ORDERS_DB=mongodb://mongo/local-only\n" }), ".gitignore": ".env\n.env.*\n" });
    expect(result.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/kept"]);
  });

  it("a .env the code loads that a .gitignore names but that is on disk (committed before the pattern) is read last, after an example", () => {
    const loads = (extra: Record<string, string>) =>
      lintTree(
        service("services/ledger", ["express", "mongoose"], {
          "src/server.js": `require("dotenv").config();\nconst mongoose = require("mongoose");\nmongoose.connect(process.env.LEDGER_DB);\n`,
          ".gitignore": ".env\nnode_modules\n",
          ".env": "LEDGER_DB=mongodb://mongo/ledger\n",
          ...extra,
        }),
      );
    const plain = loads({});
    expect(plain.model.datastores.map((d) => [d.identity, d.resolution])).toEqual([["mongodb://mongo:27017/ledger", expect.stringContaining("on disk, though a .gitignore names it")]]);
    expect(plain.diagnostics.filter((d) => d.message.includes("does not hold"))).toEqual([]);
    // An example's value wins (what the repository documents), an empty one does not; nor does it over the deployment.
    expect(loads({ ".env.example": "LEDGER_DB=mongodb://example-host/ledger\n" }).model.datastores.map((d) => d.identity)).toEqual(["mongodb://example-host:27017/ledger"]);
    expect(loads({ ".env.example": "LEDGER_DB=\n" }).model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/ledger"]);
    expect(loads({ "docker-compose.yml": "services:\n  ledger:\n    build: .\n    environment:\n      LEDGER_DB: mongodb://ledger-db/books\n" }).model.datastores.map((d) => d.identity)).toEqual(["mongodb://ledger-db:27017/books"]);
  });

  it("other spellings: sample.env, .env-example, .env-sample (acc21a), .env_sample", () => {
    expect(lintTree(orders({ "sample.env": "ORDERS_DB=mongodb://mongo/a\n" })).model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/a"]);
    expect(lintTree(orders({ ".env-example": "ORDERS_DB=mongodb://mongo/b\n" })).model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/b"]);
    expect(lintTree(orders({ ".env-sample": "ORDERS_DB=mongodb://mongo/c\n" })).model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/c"]);
    expect(lintTree(orders({ ".env_sample": "ORDERS_DB=mongodb://mongo/d\n" })).model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/d"]);
  });

  it("a real .env, the deployment's env and a default in the code each win over the example", () => {
    const withDotenv = lintTree(orders({ ".env": "ORDERS_DB=mongodb://mongo/real\n", ".env.example": "ORDERS_DB=mongodb://mongo/example\n" }));
    expect(withDotenv.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/real"]);
    const composed = lintTree({
      ...orders({ ".env.example": "ORDERS_DB=mongodb://mongo/example\n" }),
      "docker-compose.yml": "services:\n  orders:\n    build: ./services/orders\n    environment:\n      ORDERS_DB: mongodb://mongo/deployed\n",
    });
    expect(composed.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/deployed"]);
    const defaulted = lintTree(
      service("services/orders", ["express", "mongoose"], {
        "src/server.js": `const mongoose = require("mongoose");\nmongoose.connect(process.env.ORDERS_DB || "mongodb://mongo/coded");\n`,
        ".env.example": "ORDERS_DB=mongodb://mongo/example\n",
      }),
    );
    expect(defaulted.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/coded"]);
  });

  it("an env file the code loads by a constant's path, kept out of git: the example beside it stands for it", () => {
    const result = lintTree({
      "package.json": { name: "pond", private: true, workspaces: ["apps/*"], dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@nestjs/config": "*", "@nestjs/mongoose": "*" } },
      "apps/frogs/package.json": { name: "frogs", scripts: { start: "node dist/main.js" }, dependencies: { "@nestjs/core": "*" } },
      "apps/frogs/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
      "apps/frogs/src/app.module.ts": `import { ConfigModule, ConfigService } from "@nestjs/config";\nimport { MongooseModule } from "@nestjs/mongoose";\nconst FROGS_ENV = "apps/frogs/frogs.env";\n@Module({\n  imports: [\n    ConfigModule.forRoot({ envFilePath: FROGS_ENV }),\n    MongooseModule.forRootAsync({ inject: [ConfigService], useFactory: (config: ConfigService) => ({ uri: config.get("FROGS_MONGO") }) }),\n  ],\n})\nexport class AppModule {}\n`,
      // A .env in the app's folder is a real file: the example beside the missing frogs.env still stands for frogs.env.
      "apps/frogs/.env": "UNRELATED=1\n",
      "apps/frogs/.env-example": "FROGS_MONGO=mongodb://localhost:27017/frogs\n",
    });
    expect(result.model.datastores.map((d) => [d.service, d.identity])).toEqual([["frogs", "mongodb://localhost:27017/frogs"]]);
  });

  it("apps started from the repository's top (Nx, no script of their own): the top's example stands for the top's .env (acc15a)", () => {
    const app = (name: string, scripts?: Record<string, string>) => ({
      [`apps/${name}/package.json`]: { name: `@quay/${name}`, private: true, ...(scripts ? { scripts } : {}), nx: { targets: { serve: { executor: "@nx/js:node" } } } },
      [`apps/${name}/src/main.ts`]: `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
      [`apps/${name}/src/app.module.ts`]: `import { Module } from "@nestjs/common";\nimport { ConfigModule, ConfigService } from "@nestjs/config";\nimport { TypeOrmModule } from "@nestjs/typeorm";\nimport { sqlOptions } from "@quay/tables";\n@Module({ imports: [ConfigModule.forRoot(), TypeOrmModule.forRootAsync({ inject: [ConfigService], imports: [ConfigModule], useFactory: sqlOptions })] })\nexport class AppModule {}\n`,
    });
    const tree = (scripts?: Record<string, string>) =>
      lintTree({
        "package.json": { name: "quay", private: true, workspaces: ["apps/*", "packages/*"], scripts: { start: "nx run-many -t serve" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@nestjs/config": "*", "@nestjs/typeorm": "*", pg: "*" } },
        "nx.json": "{}\n",
        ".env.example": "QUAY_PG_HOST=quay-db\nQUAY_PG_PORT=5432\nQUAY_PG_NAME=quay\n",
        "packages/tables/package.json": { name: "@quay/tables", main: "src/index.ts" },
        "packages/tables/src/index.ts": `import { ConfigService } from "@nestjs/config";\nexport const sqlOptions = (config: ConfigService) => ({ type: "postgres", host: config.get("QUAY_PG_HOST"), port: +config.get("QUAY_PG_PORT"), database: config.get("QUAY_PG_NAME") });\n`,
        ...app("cargo", scripts),
        ...app("tolls", scripts),
      });
    const started = tree();
    expect(started.model.datastores.map((d) => [d.service, d.identity])).toEqual([
      ["cargo", "postgres://quay-db:5432/quay"],
      ["tolls", "postgres://quay-db:5432/quay"],
    ]);
    expect(started.findings.filter((f) => f.ruleId === "shared-database").map((f) => f.message)).toEqual([expect.stringMatching(/^cargo and tolls connect to the same datastore postgres:\/\/quay-db:5432\/quay/)]);
    // Each app started by a script of its own reads its own folder's .env, of which the top's example says nothing.
    expect(tree({ start: "node dist/main.js" }).model.datastores.map((d) => [d.service, d.identity ?? null])).toEqual([
      ["cargo", null],
      ["tolls", null],
    ]);
  });
});

describe("[U] a service in another language: the example env file of its own folder (acc13f)", () => {
  it("names its datastore by a well-known variable, as a committed env file would", () => {
    const result = lintTree({
      ...service("apps/quotes", ["express", "ioredis"], { "src/cache.js": `const Redis = require("ioredis");\nmodule.exports = new Redis({ host: process.env.REDIS_HOST });\nmodule.exports.get("q");\n`, ".env.example": "REDIS_HOST=cache\n" }),
      "apps/pricing/requirements.txt": "fastapi\nredis\n",
      "apps/pricing/main.py": "import redis\n",
      "apps/pricing/.env.example": "REDIS_HOST=cache\nREDIS_PORT=6379\n",
      "docker-compose.yml": "services:\n  quotes:\n    build: ./apps/quotes\n  pricing:\n    build: ./apps/pricing\n  cache:\n    image: redis:7\n",
    }, { only: "shared-database" });
    expect(result.model.services.map((s) => [s.name, s.language ?? ""])).toEqual([["pricing", "python"], ["quotes", ""]]);
    expect(result.findings.map((f) => [f.data?.services, f.data?.datastore])).toEqual([["pricing,quotes", "redis://cache:6379/0"]]);
  });
});

describe("[U] a compose env_file kept out of git: the example beside it stands for it (acc13c)", () => {
  /** Three NestJS apps, each reading MONGO_DSN through its own options factory, all given one root .env by compose. */
  const kennel = (extra: Record<string, string> = {}) => {
    const app = (name: string) =>
      service(name, ["@nestjs/core", "@nestjs/mongoose"], {
        "src/mongo-options.ts": `import { MongooseOptionsFactory } from "@nestjs/mongoose";\nexport class MongoOptions implements MongooseOptionsFactory {\n  createMongooseOptions() {\n    return { uri: process.env.MONGO_DSN };\n  }\n}\n`,
      });
    return {
      ...app("walks"),
      ...app("feeds"),
      ...app("vets"),
      "docker-compose.yml": "services:\n  walks:\n    build: ./walks\n    env_file:\n      - .env\n  feeds:\n    build: ./feeds\n    env_file: .env\n  vets:\n    build: ./vets\n  store:\n    image: mongo:7\n",
      ...extra,
    };
  };

  it("env_file: .env is not committed and .env.example is: the services that name it resolve through the example, and share its database", () => {
    const result = lintTree(kennel({ ".env.example": "MONGO_DSN=mongodb://store:27017/kennel\n" }));
    expect(result.model.datastores.map((d) => [d.service, d.identity ?? "unresolved"])).toEqual([
      ["feeds", "mongodb://store:27017/kennel"],
      ["vets", "unresolved"],
      ["walks", "mongodb://store:27017/kennel"],
    ]);
    expect(result.model.datastores[0]!.resolution).toContain(".env.example (an example file");
    expect(result.findings.filter((f) => f.ruleId === "shared-database").map((f) => f.message)).toEqual([expect.stringMatching(/^feeds and walks connect to the same datastore mongodb:\/\/store:27017\/kennel/)]);
  });

  it("a committed env_file is read as it is, and the example beside it is not (the root's .env is every service's)", () => {
    const result = lintTree(kennel({ ".env": "MONGO_DSN=mongodb://store:27017/real\n", ".env.example": "MONGO_DSN=mongodb://store:27017/kennel\n" }));
    expect(result.model.datastores.map((d) => [d.service, d.identity])).toEqual([
      ["feeds", "mongodb://store:27017/real"],
      ["vets", "mongodb://store:27017/real"],
      ["walks", "mongodb://store:27017/real"],
    ]);
    expect(result.model.services.flatMap((s) => s.exampleEnv ?? [])).toEqual([]);
  });
});

describe("[U] compose variables from an example file", () => {
  it("no .env beside the compose file, a .env.example there: its values fill ${VAR}, named as an example in the evidence, and win over a default in the code (compose sets the variable in the container)", () => {
    const app = (name: string, fallback = "") =>
      service(`apps/${name}`, ["express", "mongoose"], { "src/server.js": `const mongoose = require("mongoose");\nmongoose.connect(process.env.MONGO_URI${fallback});\n` });
    const result = lintTree({
      ...app("pens"),
      ...app("inks"),
      ...app("nibs", ` || "mongodb://localhost/nibs"`),
      ...app("tips", ` || "mongodb://localhost/tips"`),
      "deploy/docker-compose.yml":
        "services:\n  pens:\n    build: ../apps/pens\n    environment:\n      MONGO_URI: ${PENS_MONGO}\n  inks:\n    build: ../apps/inks\n    environment:\n      MONGO_URI: ${INKS_MONGO}\n  nibs:\n    build: ../apps/nibs\n    environment:\n      MONGO_URI: ${NIBS_MONGO}\n  tips:\n    build: ../apps/tips\n    environment:\n      MONGO_URI: ${TIPS_MONGO}\n  mongo:\n    image: mongo:7\n",
      "deploy/.env.example": "PENS_MONGO=mongodb://mongo/stationery\nINKS_MONGO=mongodb://mongo/stationery\nNIBS_MONGO=mongodb://mongo/stationery\n",
    });
    expect(result.model.datastores.map((d) => [d.service, d.identity])).toEqual([
      ["inks", "mongodb://mongo:27017/stationery"],
      ["nibs", "mongodb://mongo:27017/stationery"],
      ["pens", "mongodb://mongo:27017/stationery"],
      // TIPS_MONGO is in no file: the code's default is the only value known.
      ["tips", "mongodb://localhost:27017/tips"],
    ]);
    expect(result.model.datastores[0]!.resolution).toContain("deploy/docker-compose.yml (services.inks.environment, ${INKS_MONGO} from deploy/.env.example, an example file)");
    expect(result.findings.filter((f) => f.ruleId === "shared-database").map((f) => f.message)).toEqual([expect.stringMatching(/^inks and nibs and pens connect to the same datastore mongodb:\/\/mongo:27017\/stationery/)]);
  });

  it("a committed .env beside the compose file wins; the example is not read", () => {
    const result = lintTree({
      ...service("apps/pens", ["express", "mongoose"], { "src/server.js": `require("mongoose").connect(process.env.MONGO_URI);\n` }),
      "docker-compose.yml": "services:\n  pens:\n    build: ./apps/pens\n    environment:\n      MONGO_URI: ${PENS_MONGO}\n",
      ".env": "PENS_MONGO=mongodb://mongo/real\n",
      ".env.example": "PENS_MONGO=mongodb://mongo/example\n",
    });
    expect(result.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/real"]);
    expect(result.model.services[0]!.exampleEnv).toBeUndefined();
  });
});

describe("[U] a compose variable nothing sets", () => {
  it("is unset, as compose starts the container with it empty: the code's default applies, and without one the URL does not resolve", () => {
    const result = lintTree({
      ...service("apps/till", ["express", "ioredis"], { "src/cache.js": `const Redis = require("ioredis");\nmodule.exports = new Redis({ host: process.env.CACHE_HOST || "cache", port: process.env.CACHE_PORT });\n` }),
      ...service("apps/drawer", ["express", "ioredis"], { "src/cache.js": `const Redis = require("ioredis");\nmodule.exports = new Redis({ host: process.env.CACHE_HOST, port: 6379 });\n` }),
      "docker-compose.yml": "services:\n  till:\n    build: ./apps/till\n    environment:\n      - CACHE_HOST=${CACHE_HOST}\n      - CACHE_PORT=${CACHE_PORT:-6380}\n  drawer:\n    build: ./apps/drawer\n    environment:\n      CACHE_HOST: ${CACHE_HOST}\n",
    });
    expect(result.model.datastores.map((d) => [d.service, d.identity ?? null, d.host ?? null])).toEqual([
      ["drawer", null, null],
      ["till", "redis://cache:6380/0", "cache"],
    ]);
    expect(result.model.services.find((s) => s.name === "till")!.env).toEqual({ CACHE_PORT: "6380" });
  });
});

describe("[U] compose variables passed through from the project's .env, kept out of git (acc13f)", () => {
  // Two Express services that load no env file themselves: compose hands each `SESSION_HOST: ${SESSION_HOST}` from the
  // project's .env, which the repository leaves out.
  const kiosk = (environment: { tills: string; lockers: string }) => ({
    ...service("apps/tills", ["express", "ioredis"], { "src/cache.js": `const Redis = require("ioredis");\nmodule.exports = new Redis({ host: process.env.SESSION_HOST, port: Number(process.env.SESSION_PORT) });\nmodule.exports.get("k");\n` }),
    ...service("apps/lockers", ["express", "ioredis"], { "src/cache.js": `const Redis = require("ioredis");\nmodule.exports = new Redis({ host: process.env.SESSION_HOST, port: Number(process.env.SESSION_PORT) });\nmodule.exports.set("k", "v");\n` }),
    "docker-compose.yml": `services:\n  tills:\n    build: ./apps/tills\n    environment:\n${environment.tills}  lockers:\n    build: ./apps/lockers\n    environment:\n${environment.lockers}`,
  });
  const passed = "      SESSION_HOST: ${SESSION_HOST}\n      SESSION_PORT: $SESSION_PORT\n";

  it("services passing the same variables through under their own names connect to one datastore, whatever the file holds", () => {
    const result = lintTree(kiosk({ tills: passed, lockers: passed }), { only: "shared-database" });
    expect(result.findings.map((f) => [f.messageId, f.data?.services])).toEqual([["sharedEnvFile", "lockers,tills"]]);
    expect(result.findings[0]!.message).toContain("from .env, one env file their compose project passes on to them and the repository leaves out");
    expect(result.model.services.find((s) => s.name === "tills")!.passedThrough).toEqual({ file: ".env", variables: ["SESSION_HOST", "SESSION_PORT"] });
  });

  it("a variable renamed on the way (`SESSION_HOST: ${LOCKERS_CACHE}`), a committed .env, or one variable not passed through: not compared", () => {
    const renamed = "      SESSION_HOST: ${LOCKERS_CACHE}\n      SESSION_PORT: $SESSION_PORT\n";
    expect(lintTree(kiosk({ tills: passed, lockers: renamed }), { only: "shared-database" }).findings).toEqual([]);
    expect(lintTree({ ...kiosk({ tills: passed, lockers: passed }), ".env": "OTHER=1\n" }, { only: "shared-database" }).findings).toEqual([]);
    expect(lintTree(kiosk({ tills: passed, lockers: "      SESSION_HOST: ${SESSION_HOST}\n" }), { only: "shared-database" }).findings).toEqual([]);
  });
});

describe("[U] an example file's placeholders are not secrets to mask", () => {
  it("DB_PASSWORD=password from .env.example leaves the word in a route's finding; a real .env's secret is still masked", () => {
    const app = (extra: Record<string, string>) =>
      lintTree(service("services/keys", ["express"], { "src/server.js": `const app = require("express")();\napp.post("/auth/reset-password", (req, res) => res.end());\napp.post("/auth/swordfish-hunter2", (req, res) => res.end());\napp.listen(3000);\n`, ...extra }));
    const example = app({ ".env.example": "DB_PASSWORD=password\n" });
    expect(example.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => f.data.path)).toEqual(["/auth/reset-password", "/auth/swordfish-hunter2"]);
    expect(example.findings.map((f) => f.message).join("\n")).toContain("/auth/reset-password");
    const real = app({ ".env": "DB_PASSWORD=swordfish-hunter2\n" });
    expect(real.findings.map((f) => f.message).join("\n")).not.toContain("swordfish-hunter2");
  });
});

describe("[U] the loader's default .env, left out of git (acc23a)", () => {
  const app = (name: string, own: boolean): Tree => ({
    [`apps/${name}/src/${name}.module.ts`]: `import { Module } from "@nestjs/common";\nimport { ConfigModule } from "@nestjs/config";\nimport { MongooseModule } from "@nestjs/mongoose";\n@Module({ imports: [ConfigModule.forRoot({ isGlobal: true }), MongooseModule.forRoot(process.env.DOCK_MONGO)] })\nexport class DockModule {}\n`,
    ...(own ? { [`apps/${name}/package.json`]: { name, scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*" } } } : {}),
  });
  const tree = (own: boolean) =>
    lintTree({
      "package.json": { name: "docks", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*", "@nestjs/config": "*", "@nestjs/mongoose": "*", mongoose: "*" } },
      "nest-cli.json": JSON.stringify({ monorepo: true, projects: { quay: { type: "application", root: "apps/quay", sourceRoot: "apps/quay/src" }, pier: { type: "application", root: "apps/pier", sourceRoot: "apps/pier/src" } } }),
      ...app("quay", own),
      ...app("pier", own),
    });
  const unresolved = (result: ReturnType<typeof lintTree>) => result.diagnostics.filter((d) => d.kind === "not-understood" && /DOCK_MONGO/.test(d.message)).map((d) => `${d.service} ${d.message.replace(/^.*\(/, "(")}`);

  it("is the file each app's variables come from: the top's for apps started there, each app's own for packages of their own", () => {
    expect(unresolved(tree(false))).toEqual(["pier (DOCK_MONGO comes from .env, which the repository does not hold)", "quay (DOCK_MONGO comes from .env, which the repository does not hold)"]);
    expect(unresolved(tree(true))).toEqual(["pier (DOCK_MONGO comes from apps/pier/.env, which the repository does not hold)", "quay (DOCK_MONGO comes from apps/quay/.env, which the repository does not hold)"]);
  });
});
