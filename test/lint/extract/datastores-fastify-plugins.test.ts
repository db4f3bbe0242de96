import { describe, expect, it } from "vitest";
import { stores } from "./datastores-helpers.js";
import { lintTree, service, type Tree } from "../helpers.js";

/** Fastify's database plugins (extract/datastores/fastify-plugins.ts): registering one opens its connection. */
describe("[U] Fastify database plugins", () => {
  it("@fastify/postgres required in place, its connectionString the pool's", () => {
    const code = `module.exports = (app) => {\n  app.register(require("@fastify/postgres"), { connectionString: process.env.LEDGER_PG });\n};\n`;
    expect(stores(code, "src/plugins/db.js")).toEqual(["postgres/@fastify/postgres url=${LEDGER_PG} @2"]);
  });

  it("imported plugins of each engine, options written elsewhere in the file", () => {
    const code = [
      `import Fastify from "fastify";`,
      `import fastifyMongo from "@fastify/mongodb";`,
      `import fastifyRedis from "@fastify/redis";`,
      `import mysqlPlugin from "@fastify/mysql";`,
      `const app = Fastify();`,
      `const mongoOptions = { url: process.env.SHELF_MONGO, database: "shelf" };`,
      `await app.register(fastifyMongo, mongoOptions);`,
      `app.register(fastifyRedis, { host: "cache", port: 6380 });`,
      `app.register(mysqlPlugin, { promise: true, connectionString: "mysql://u:p@rdb/loans" });`,
      ``,
    ].join("\n");
    expect(stores(code)).toEqual(["mongodb/@fastify/mongodb url=${SHELF_MONGO} db=shelf @7", "redis/@fastify/redis host=cache port=6380 @8", "mysql/@fastify/mysql url=mysql://u:p@rdb/loans @9"]);
  });

  it("the plugin's old package name opens the same", () => {
    expect(stores(`const fastify = require("fastify")();\nfastify.register(require("fastify-postgres"), { connectionString: "postgres://db/ledger" });\n`)).toEqual(["postgres/@fastify/postgres url=postgres://db/ledger @2"]);
  });

  it("a plugin handed a client the code made opens nothing of its own; other plugins open nothing", () => {
    const code = `import Redis from "ioredis";\nimport fastifyRedis from "@fastify/redis";\nimport cors from "@fastify/cors";\nconst client = new Redis(process.env.CACHE_URL);\napp.register(fastifyRedis, { client });\napp.register(cors, { url: "http://x" });\n`;
    expect(stores(code)).toEqual(["redis/ioredis url=${CACHE_URL} @4"]);
  });
});

describe("[I] services registering one database through Fastify plugins share it", () => {
  const plugin = `module.exports = (app) => {\n  app.register(require("@fastify/postgres"), { connectionString: process.env.PG_URL });\n};\n`;
  const server = (route: string) => `const app = require("fastify")();\nrequire("./db")(app);\napp.get("${route}", async () => app.pg.query("select 1"));\napp.listen({ port: 3000 });\n`;
  const tree = (databases: Record<string, string>): Tree => {
    const files: Tree = {};
    const compose: string[] = ["services:"];
    for (const [name, db] of Object.entries(databases)) {
      Object.assign(files, service(name, ["fastify", "@fastify/postgres"], { "src/server.js": server(`/${name}`), "src/db.js": plugin }));
      (files[`${name}/package.json`] as { main: string }).main = "src/server.js";
      compose.push(`  ${name}:`, `    build: ./${name}`, `    environment:`, `      - PG_URL=postgres://app:pw@pg:5432/${db}`);
    }
    files["docker-compose.yml"] = compose.join("\n") + "\n";
    return files;
  };

  it("one database for two services is a finding", () => {
    const { findings, model } = lintTree(tree({ ledger: "library", members: "library" }), { only: "shared-database" });
    expect(model.datastores.map((store) => `${store.service} ${store.identity}`)).toEqual(["ledger postgres://pg:5432/library", "members postgres://pg:5432/library"]);
    expect(findings.map((finding) => finding.data?.services)).toEqual(["ledger,members"]);
  });

  it("a database each is none", () => {
    const { findings } = lintTree(tree({ ledger: "ledger", members: "members" }), { only: "shared-database" });
    expect(findings).toEqual([]);
  });
});

describe("[I] a Fastify database plugin registered in a way not read", () => {
  it("is said, as a driver with no connection found is", () => {
    const server = `import Fastify from "fastify";\nimport pgPlugin from "@fastify/postgres";\nconst app = Fastify();\nconst plugins = [pgPlugin];\nfor (const p of plugins) app.register(p, {});\napp.get("/", async () => "ok");\napp.listen({ port: 3000 });\n`;
    const { diagnostics } = lintTree(service("ledger", ["fastify", "@fastify/postgres"], { "src/server.ts": server }));
    expect(diagnostics.map((d) => d.message).filter((m) => m.includes("@fastify/postgres"))).toEqual([
      "ledger imports @fastify/postgres at ledger/src/server.ts:2, but no connection URL could be resolved (no connection it opens was found: one made in a way arch-lint does not follow, or none at all)",
    ]);
  });
});
