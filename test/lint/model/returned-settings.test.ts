import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";
import { stores } from "../extract/datastores-helpers.js";

/**
 * A common package's `loadSettings()` builds one settings object from the environment, grouped per datastore
 * (`{ mongo: { host, port }, queue: { … } }`), memoised on globalThis; each service reads it into a local and opens its
 * own database with the host from it, one passing the whole object to its connect helper, another the host and port as
 * an options object's fields. Neither host was followed, so two services on one database were not found to share it.
 */

const settings = `export function loadSettings() {
  if ((globalThis as any).__settings) {
    return (globalThis as any).__settings as Settings;
  }
  const made = {
    mongo: { host: process.env.MONGO__HOST ?? "mongo", port: Number(process.env.MONGO__PORT ?? 27017) },
    queue: { host: process.env.QUEUE__HOST ?? "queue" },
  };
  (globalThis as any).__settings = made;
  return made;
}
type Settings = ReturnType<typeof loadSettings>;
`;

const tree: Tree = {
  "package.json": { name: "ledger", private: true, workspaces: ["packages/*", "services/*"] },
  "docker-compose.yml": "services:\n  accounts:\n    build: ./services/accounts\n  mailer:\n    build: ./services/mailer\n  mongo:\n    image: mongo:7\n",
  "packages/settings/package.json": { name: "ledger-settings", main: "index.ts" },
  "packages/settings/index.ts": settings,
  "packages/db/package.json": { name: "ledger-db", main: "index.ts", dependencies: { mongoose: "*" } },
  "packages/db/index.ts": `import mongoose from "mongoose";\nexport async function openMongo(options: { host: string; port: number; db: string }) {\n  return mongoose.createConnection(\`mongodb://\${options.host}:\${options.port}/\${options.db}\`);\n}\n`,
  "services/accounts/package.json": { name: "accounts", main: "main.ts", dependencies: { express: "*", mongodb: "*", "ledger-settings": "*" } },
  "services/accounts/main.ts": `import express from "express";\nimport { MongoClient } from "mongodb";\nimport { loadSettings } from "ledger-settings";\n\nasync function openClient(settings: ReturnType<typeof loadSettings>) {\n  const client = new MongoClient(\`mongodb://\${settings.mongo.host}:\${settings.mongo.port}/accounts\`);\n  await client.connect();\n  return client;\n}\n\nasync function start() {\n  const settings = loadSettings();\n  await openClient(settings);\n  const app = express();\n  app.get("/v1/accounts", (req, res) => res.json([]));\n  app.listen(8080);\n}\nstart();\n`,
  "services/mailer/package.json": { name: "mailer", main: "main.ts", dependencies: { express: "*", "ledger-settings": "*", "ledger-db": "*" } },
  "services/mailer/main.ts": `import express from "express";\nimport { loadSettings } from "ledger-settings";\nimport { openMongo } from "ledger-db";\n\nasync function start() {\n  const settings = loadSettings();\n  await openMongo({ host: settings.mongo.host, port: settings.mongo.port, db: "accounts" });\n  const app = express();\n  app.get("/v1/mails", (req, res) => res.json([]));\n  app.listen(8080);\n}\nstart();\n`,
};

describe("[U] settings an imported function returns", () => {
  it("a local set to its result reads what it returns there", () => {
    expect(stores(`import mongoose from "mongoose";\nimport { loadSettings } from "ledger-settings";\nconst settings = loadSettings();\nmongoose.connect(\`mongodb://\${settings.mongo.host}/ledger\`);\n`)).toEqual([
      "mongodb/mongoose url=mongodb://{ledger-settings#loadSettings.returns.mongo.host}/ledger @4",
    ]);
  });

  it("each service's host resolves through the common package, and the one database is shared", () => {
    const result = lintTree(tree, { only: "shared-database" });
    expect(result.model.datastores.map((d) => `${d.service} ${d.identity}`).sort()).toEqual(["accounts mongodb://mongo:27017/accounts", "mailer mongodb://mongo:27017/accounts"]);
    expect(result.findings.map((f) => f.message.split(" (")[0])).toEqual(["accounts and mailer connect to the same datastore mongodb://mongo:27017/accounts"]);
  });

  it("the host is the settings' environment variable with its default, as if written in place: no host written into the code", () => {
    const result = lintTree(tree, { only: "hardcoded-endpoint" });
    expect(result.findings).toEqual([]);
    expect(result.model.datastores.map((d) => `${d.service} ${d.resolution}`).sort()).toEqual([
      "accounts MONGO__HOST unset, default mongo, MONGO__PORT unset, default 27017, passed at services/accounts/main.ts:13",
      "mailer MONGO__HOST unset, default mongo, MONGO__PORT unset, default 27017, passed at services/mailer/main.ts:7",
    ]);
  });
});

/**
 * A gateway's settings module exports a function that returns the upstreams' hosts and ports, each from the environment
 * with a local default (`{ stockHost: process.env.STOCK_HOST || "localhost", … }`); the gateway destructures its result
 * at the top (`const { stockHost, stockPort } = upstreams()`) or reads a field of the call in place (`upstreams().stockHost`).
 */
describe("[U] upstream addresses an imported settings function returns", () => {
  const gateway: Tree = {
    "docker-compose.yml": "services:\n  edge:\n    build: ./edge\n    environment:\n      STOCK_HOST: stock\n  stock:\n    build: ./stock\n",
    ...{ "edge/package.json": { name: "edge", main: "src/server.ts", dependencies: { express: "*", axios: "*" } } },
    "edge/src/settings.ts": `export const upstreams = () => {\n  return { stockHost: process.env.STOCK_HOST || "localhost", stockPort: process.env.STOCK_PORT || "4000" };\n};\n`,
    "edge/src/server.ts": `import express from "express";\nimport axios from "axios";\nimport { upstreams } from "./settings";\nconst { stockHost, stockPort: port } = upstreams();\nconst app = express();\napp.get("/v1/shelf", async (req, res) => res.json(await axios.get(\`http://\${stockHost}:\${port}/v1/items\`, { timeout: 2000 })));\napp.get("/v1/count", async (req, res) => res.json(await axios.get(\`http://\${upstreams().stockHost}:4000/v1/count\`, { timeout: 2000 })));\napp.listen(8080);\n`,
    "stock/package.json": { name: "stock", main: "src/server.ts", dependencies: { express: "*" } },
    "stock/src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.get("/v1/count", (req, res) => res.json(0));\napp.listen(4000);\n`,
  };

  it("destructured at the top or read off the call, each field is the function's env lookup with its default", () => {
    const result = lintTree(gateway, { only: "hardcoded-endpoint" });
    expect(result.model.calls.map((c) => `${c.url} ${c.targetService}`)).toEqual(["http://stock:4000/v1/items stock", "http://stock:4000/v1/count stock"]);
    expect(result.findings).toEqual([]);
  });

  it("a field the function does not return is shown as the code wrote it", () => {
    const server = `import express from "express";\nimport axios from "axios";\nimport { upstreams } from "./settings";\nconst app = express();\napp.get("/v1/shelf", async (req, res) => res.json(await axios.get(\`http://\${upstreams().shelfHost}/v1/items\`, { timeout: 2000 })));\napp.listen(8080);\n`;
    const result = lintTree({ ...gateway, "edge/src/server.ts": server }, { only: "hardcoded-endpoint" });
    expect(result.model.calls.map((c) => c.url)).toEqual(["http://{upstreams().shelfHost}/v1/items"]);
  });
});
