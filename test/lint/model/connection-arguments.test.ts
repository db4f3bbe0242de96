import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A shared package's `openStore(uri)` opens whatever each service hands it: the connection belongs to each service with
 * the argument that service passes (connection-arguments.ts), so two services handing it one database share it.
 */

/** A workspace with a `@depot/storage` package whose helper connects mongoose to its parameter, and two services calling it. */
const depot = (inventory: string, billing: string, compose = ""): Tree => ({
  "package.json": { name: "depot", private: true, workspaces: ["packages/*", "services/*"] },
  "docker-compose.yml": `services:\n  inventory:\n    build: ./services/inventory\n  billing:\n    build: ./services/billing\n${compose}  store:\n    image: mongo:7\n`,
  "packages/storage/package.json": { name: "@depot/storage", main: "index.js", dependencies: { mongoose: "*" } },
  "packages/storage/index.js": `const mongoose = require("mongoose");\n\nexports.openStore = async function openStore(uri) {\n  await mongoose.connect(uri);\n  return mongoose.connection;\n};\n`,
  "services/inventory/package.json": { name: "inventory", main: "main.js", dependencies: { express: "*", "@depot/storage": "*" } },
  "services/inventory/main.js": `const express = require("express");\nconst { openStore } = require("@depot/storage");\n${inventory}\nconst app = express();\napp.get("/v1/stock", (req, res) => res.json([]));\napp.listen(8080);\n`,
  "services/billing/package.json": { name: "billing", main: "main.js", dependencies: { express: "*", "@depot/storage": "*" } },
  "services/billing/main.js": `const express = require("express");\nconst { openStore } = require("@depot/storage");\n${billing}\nconst app = express();\napp.get("/v1/invoices", (req, res) => res.json([]));\napp.listen(8080);\n`,
});

const stores = (tree: Tree) =>
  lintTree(tree)
    .model.datastores.filter((store) => store.library === "mongoose")
    .map((store) => [store.service, store.identity ?? "unresolved"])
    .sort();

describe("a connection opened with its function's parameter is each caller's", () => {
  it("each service's env variable, passed at module level, names its database", () => {
    const tree = depot(
      "openStore(process.env.INVENTORY_MONGO);",
      "openStore(process.env.BILLING_MONGO);",
      "",
    );
    tree["docker-compose.yml"] = `services:\n  inventory:\n    build: ./services/inventory\n    environment:\n      INVENTORY_MONGO: mongodb://store:27017/inventory\n  billing:\n    build: ./services/billing\n    environment:\n      BILLING_MONGO: mongodb://store:27017/billing\n  store:\n    image: mongo:7\n`;
    expect(stores(tree)).toEqual([
      ["billing", "mongodb://store:27017/billing"],
      ["inventory", "mongodb://store:27017/inventory"],
    ]);
    expect(lintTree(tree).findings.filter((f) => f.ruleId === "shared-database")).toEqual([]);
  });

  it("a field of an imported settings object, passed at module level, is what that module reads from the env", () => {
    const tree = depot(`const settings = require("./settings");\nopenStore(settings.mongo.url);`, `const { mongoUrl } = require("./settings");\nopenStore(mongoUrl);`);
    tree["services/inventory/settings.js"] = `module.exports = { mongo: { url: \`\${process.env.STORE_HOST}/\${process.env.STORE_DB}\` } };\n`;
    tree["services/billing/settings.js"] = `exports.mongoUrl = process.env.STORE_HOST + "/billing";\n`;
    tree["services/inventory/.env"] = "STORE_HOST=mongodb://store:27017\nSTORE_DB=inventory\n";
    tree["services/billing/.env"] = "STORE_HOST=mongodb://store:27017\n";
    expect(stores(tree)).toEqual([
      ["billing", "mongodb://store:27017/billing"],
      ["inventory", "mongodb://store:27017/inventory"],
    ]);
  });

  it("two services handing the helper one database share it, each connection with the call as evidence", () => {
    const result = lintTree(depot(`openStore("mongodb://store:27017/depot");`, `async function start() {\n  await openStore(process.env.STORE_URL);\n}\nstart();`, ""));
    // billing's STORE_URL is unset: its connection says so; inventory's is the literal.
    expect(result.model.datastores.filter((s) => s.library === "mongoose").map((s) => [s.service, s.identity ?? s.missingEnv?.join()]).sort()).toEqual([
      ["billing", "STORE_URL"],
      ["inventory", "mongodb://store:27017/depot"],
    ]);
    const inventory = result.model.datastores.find((s) => s.service === "inventory")!;
    expect(inventory.resolution).toBe("passed at services/inventory/main.js:3");
    // The host is written where it is passed, not in the package.
    expect(inventory.literalHost?.writtenIn).toBe("services/inventory/main.js");
  });

  it("shared: both services pass the one database", () => {
    const tree = depot(`openStore(process.env.MONGO_URI);`, `openStore("mongodb://store:27017/depot");`);
    tree["docker-compose.yml"] = `services:\n  inventory:\n    build: ./services/inventory\n    environment:\n      MONGO_URI: mongodb://store/depot\n  billing:\n    build: ./services/billing\n  store:\n    image: mongo:7\n`;
    const findings = lintTree(tree).findings.filter((f) => f.ruleId === "shared-database");
    expect(findings.map((f) => f.data?.services)).toEqual(["billing,inventory"]);
    expect(findings[0]!.evidence.map((hop) => hop.message)).toContain("billing connects to mongodb://store:27017/depot through mongoose (passed at services/billing/main.js:3)");
  });

  it("a caller's own parameter is followed back to what its caller passes", () => {
    const tree = depot(`function boot(target) {\n  return openStore(target);\n}\nboot("mongodb://store:27017/depot");`, `openStore("mongodb://store:27017/depot");`);
    expect(stores(tree)).toEqual([
      ["billing", "mongodb://store:27017/depot"],
      ["inventory", "mongodb://store:27017/depot"],
    ]);
  });

  it("a field of an options parameter (`openStore({ uri })` read as `options.uri`)", () => {
    const tree = depot(`openStore({ uri: "mongodb://store:27017/stock" });`, `openStore({ uri: "mongodb://store:27017/ledger" });`);
    tree["packages/storage/index.js"] = `const mongoose = require("mongoose");\n\nexports.openStore = async (options) => {\n  await mongoose.connect(options.uri);\n};\n`;
    expect(stores(tree)).toEqual([
      ["billing", "mongodb://store:27017/ledger"],
      ["inventory", "mongodb://store:27017/stock"],
    ]);
  });

  it("the whole connection is an options parameter (`new Redis(options.redis)`): the fields of the object a call passes", () => {
    const tree = depot(`openStore({ redis: { host: "cache", port: 6380, db: 2 } });`, `openStore({ redis: { host: process.env.CACHE_HOST ?? "cache", port: 6380, db: 3 } });`);
    tree["packages/storage/package.json"] = { name: "@depot/storage", main: "index.js", dependencies: { ioredis: "*" } };
    tree["packages/storage/index.js"] = `const Redis = require("ioredis");\n\nexports.openStore = (options) => {\n  const client = new Redis(options.redis);\n  return { get: (key) => client.get(key) };\n};\n`;
    const identities = lintTree(tree)
      .model.datastores.filter((store) => store.library === "ioredis")
      .map((store) => [store.service, store.identity ?? "unresolved"])
      .sort();
    expect(identities).toEqual([
      ["billing", "redis://cache:6380/3"],
      ["inventory", "redis://cache:6380/2"],
    ]);
  });

  it("a parameter in the database's place that no caller fills keeps the connection, its host written where it connects", () => {
    const tree = depot(`openStore("mongodb://store:27017/stock");`, `const { connect } = require("./tenants");\nmodule.exports = { connect };`);
    tree["services/billing/tenants.js"] = `const mongoose = require("mongoose");\nconst open = (tenant) => mongoose.createConnection(\`mongodb://store:27017/\${tenant}\`);\nexports.connect = (tenant) => open(tenant);\n`;
    const result = lintTree(tree);
    const billing = result.model.datastores.find((store) => store.service === "billing" && store.library === "mongoose");
    expect(billing?.resolution).toBe("passed at services/billing/tenants.js:3");
    // The host is the template's own, written in tenants.js: not in a caller.
    expect(billing?.literalHost).toMatchObject({ host: "store" });
    expect(billing?.literalHost?.writtenIn).toBeUndefined();
  });

  it("the helper called on the module itself (`storage.openStore(url)`) at the top of a service", () => {
    const tree = depot(`openStore("mongodb://store:27017/stock");`, `const storage = require("@depot/storage");\nstorage.openStore("mongodb://store:27017/ledger");`);
    expect(stores(tree)).toEqual([
      ["billing", "mongodb://store:27017/ledger"],
      ["inventory", "mongodb://store:27017/stock"],
    ]);
  });

  it("a fluent builder's method down a chain from `new`, and a service that never calls it opens nothing", () => {
    const tree = depot(`new StoreKit().named("inventory").withMongo("mongodb://store:27017/stock").start();`, `new StoreKit().named("billing").start();`);
    tree["packages/storage/index.js"] = `const mongoose = require("mongoose");\n\nclass StoreKit {\n  named(name) {\n    this.name = name;\n    return this;\n  }\n  withMongo(url) {\n    mongoose.connect(url);\n    return this;\n  }\n  start() {\n    return this;\n  }\n}\nmodule.exports = { StoreKit };\n`;
    for (const service of ["inventory", "billing"]) {
      const main = `services/${service}/main.js`;
      tree[main] = String(tree[main]).replace("const { openStore } = require(\"@depot/storage\");", "const { StoreKit } = require(\"@depot/storage\");");
    }
    const result = lintTree(tree);
    expect(result.model.datastores.filter((s) => s.library === "mongoose").map((s) => [s.service, s.identity ?? "unresolved"])).toEqual([["inventory", "mongodb://store:27017/stock"]]);
    // No "imports mongoose but no connection could be resolved" for billing, which opens none.
    expect(result.diagnostics.filter((d) => d.message.includes("billing") && d.message.includes("mongoose"))).toEqual([]);
  });

  it("a service that imports the package but passes it nothing the scan sees keeps the connection unresolved, said", () => {
    const result = lintTree(depot(`openStore("mongodb://store:27017/depot");`, `const settings = require("./settings");\nopenStore(settings.load().mongo);`));
    expect(result.model.datastores.filter((s) => s.library === "mongoose").map((s) => [s.service, s.identity ?? "unresolved"]).sort()).toEqual([
      ["billing", "unresolved"],
      ["inventory", "mongodb://store:27017/depot"],
    ]);
    expect(result.diagnostics.some((d) => d.message.includes("billing") && d.message.includes("mongoose"))).toBe(true);
  });
});
