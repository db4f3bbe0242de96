import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/** A catalogue service that answers GET /v1/items, and an orders service whose handler calls it with `url`. */
const shop = (url: string, extra: Record<string, string> = {}): Tree => ({
  ...service("services/catalogue", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(8080);\n`,
  }),
  ...service("services/orders", ["express", "axios"], {
    "src/server.ts": `import express from "express";\nimport axios from "axios";\nconst app = express();\napp.get("/v1/orders", async (req, res) => {\n  const items = await axios.get(${url});\n  res.json(items.data);\n});\napp.listen(3000);\n`,
    ...extra,
  }),
  "docker-compose.yml": "services:\n  catalogue:\n    build: ./services/catalogue\n  orders:\n    build: ./services/orders\n    environment:\n      LOG_LEVEL: info\n",
});

/**
 * The orders service's routes mounted by a function whose option falls back to a literal
 * (`options.catalogueUrl ?? "http://catalogue:8080"`), called by the entry with `entryArgs`.
 */
const optioned = (entryArgs: string): Tree =>
  shop('""', {
    "src/server.ts": `import express from "express";\nimport axios from "axios";\nexport function startOrders(options: { catalogueUrl?: string } = {}) {\n  const catalogue = options.catalogueUrl ?? "http://catalogue:8080";\n  const app = express();\n  app.get("/v1/orders", async (req, res) => {\n    const items = await axios.get(\`\${catalogue}/v1/items\`);\n    res.json(items.data);\n  });\n  return app;\n}\nexport function main() {\n  startOrders(${entryArgs}).listen(3000);\n}\n`,
  });

/** The same factory, exported and called by nothing the scan reads (its entry is elsewhere). */
const noCaller = (): Tree => {
  const files = optioned("{}");
  const server = files["services/orders/src/server.ts"] as string;
  files["services/orders/src/server.ts"] = server.slice(0, server.indexOf("export function main"));
  return files;
};

/** One service with a database module written as `code`. */
const store = (deps: string[], code: string, extra: Record<string, string> = {}): Tree =>
  service("services/orders", ["express", ...deps], {
    "src/server.ts": `import express from "express";\nimport "./db";\nexpress().listen(3000);\n`,
    "src/db.ts": code,
    ...extra,
  });

ruleTester("hardcoded-endpoint", {
  valid: [
    { name: "the address from the environment", files: shop("`${process.env.CATALOGUE_URL}/v1/items`") },
    { name: "an env lookup with a literal fallback (allowFallbacks is on by default)", files: shop("`${process.env.CATALOGUE_URL ?? \"http://catalogue:8080\"}/v1/items`") },
    {
      name: "a fallback kept in a config module of the service",
      files: {
        ...shop("`${config.catalogueUrl}/v1/items`", { "src/config.ts": `export const config = { catalogueUrl: process.env.CATALOGUE_URL || "http://localhost:8080" };\n` }),
        "services/orders/src/server.ts": `import express from "express";\nimport axios from "axios";\nimport { config } from "./config";\nconst app = express();\napp.get("/v1/orders", async (req, res) => {\n  const items = await axios.get(\`\${config.catalogueUrl}/v1/items\`);\n  res.json(items.data);\n});\napp.listen(3000);\n`,
      },
    },
    {
      name: "an address read from node-config's config/default.json is configuration",
      files: {
        ...shop('config.get("services.catalogue") + "/v1/items"'),
        "services/orders/src/server.ts": `import express from "express";\nimport axios from "axios";\nimport config from "config";\nconst app = express();\napp.get("/v1/orders", async (req, res) => {\n  const items = await axios.get(config.get("services.catalogue") + "/v1/items");\n  res.json(items.data);\n});\napp.listen(3000);\n`,
        "services/orders/config/default.json": JSON.stringify({ services: { catalogue: "http://catalogue:8080" } }),
      },
    },
    { name: "a third party's public API", files: shop('"https://api.stripe.com/v1/charges"') },
    { name: "a host the config allows", files: shop('"http://10.20.0.7:8080/v1/items"'), options: { allowHosts: ["10.20.0.7"] } },
    {
      name: "a loopback client of the service's own gRPC method (a hand-run smoke client beside the server)",
      files: service("services/currency", ["@grpc/grpc-js", "@grpc/proto-loader"], {
        "src/server.js": `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/shop.proto")).shop;\nconst server = new grpc.Server();\nserver.addService(shop.CurrencyService.service, { convert: (call, callback) => callback(null, {}) });\nserver.bindAsync("0.0.0.0:7000", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
        "src/client.js": `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/shop.proto")).shop;\nconst client = new shop.CurrencyService("localhost:7000", grpc.credentials.createInsecure());\nclient.convert({ from: "CHF" }, (err, res) => console.log(res));\n`,
      }),
    },
    {
      name: "loopback in a script named as a test (keycloak-test.js) or kept under scripts/",
      files: shop('"/v1/items"', {
        "src/keycloak-test.js": `const axios = require("axios");\naxios.post("http://localhost:8080/realms/shop/protocol/openid-connect/token", {});\n`,
        "scripts/warm-up.js": `const axios = require("axios");\naxios.get("http://127.0.0.1:8080/v1/items");\n`,
      }),
    },
    {
      name: "a browser front end no service owns, calling a backend at a literal address",
      files: {
        ...shop('"/v1/items"'),
        "frontend/admin/package.json": { name: "admin", dependencies: { react: "*", "react-dom": "*", axios: "*" } },
        "frontend/admin/src/login.tsx": `import axios from "axios";\nexport const login = (body: object) => axios.post("http://34.58.241.34:3003/v1/login", body);\n`,
      },
    },
    { name: "a pool with its connection string from the environment", files: store(["pg"], `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`) },
    { name: "a pool that reads PGHOST and friends itself", files: store(["pg"], `import { Pool } from "pg";\nexport const pool = new Pool();\n`) },
    { name: "a mongoose connection with a literal fallback", files: store(["mongoose"], `import mongoose from "mongoose";\nmongoose.connect(process.env.MONGO_URL || "mongodb://mongo:27017/orders");\n`) },
    { name: "a SQLite file is no address", files: store(["better-sqlite3", "knex"], `import knex from "knex";\nexport const db = knex({ client: "sqlite3", connection: { filename: "./data.db" } });\n`) },
    {
      name: "the literal fallback of an option its caller fills from the environment: a fallback, as an env lookup's is",
      files: optioned("{ catalogueUrl: process.env.CATALOGUE_URL }"),
    },
    {
      name: "the literal fallback of an option of a factory no caller in the scan calls: a fallback too",
      files: noCaller(),
    },
  ],
  invalid: [
    {
      name: "the literal fallback of an option, when allowFallbacks is false",
      files: optioned("{ catalogueUrl: process.env.CATALOGUE_URL }"),
      options: { allowFallbacks: false },
      errors: [{ messageId: "callFallback", file: "services/orders/src/server.ts", line: 7, data: { service: "orders", host: "catalogue", target: "catalogue" } }],
    },
    {
      name: "the literal fallback of an option of a factory no caller in the scan calls, when allowFallbacks is false",
      files: noCaller(),
      options: { allowFallbacks: false },
      errors: [{ messageId: "callFallback", file: "services/orders/src/server.ts", line: 7, data: { service: "orders", host: "catalogue", target: "catalogue" } }],
    },
    {
      name: "the literal fallback of an option every caller leaves out: the address the call uses",
      files: optioned("{}"),
      errors: [{ messageId: "call", file: "services/orders/src/server.ts", line: 7, data: { service: "orders", host: "catalogue", target: "catalogue" } }],
    },
    {
      name: "the fallback of an env lookup when allowFallbacks is false",
      files: shop("`${process.env.CATALOGUE_URL ?? \"http://catalogue:8080\"}/v1/items`"),
      options: { allowFallbacks: false },
      errors: [{ messageId: "callFallback", file: "services/orders/src/server.ts", line: 5, hops: 2, data: { service: "orders", host: "catalogue", target: "catalogue" } }],
    },
    {
      name: "another service's compose name written into the URL",
      files: shop('"http://catalogue:8080/v1/items"'),
      errors: [{ messageId: "call", file: "services/orders/src/server.ts", line: 5, hops: 2, data: { service: "orders", host: "catalogue", url: "http://catalogue:8080/v1/items", target: "catalogue" } }],
    },
    {
      name: "an IP address",
      files: shop('"http://10.20.0.7:8080/v1/items"'),
      errors: [{ messageId: "call", line: 5, hops: 2, data: { host: "10.20.0.7" } }],
    },
    {
      name: "localhost outside the tests",
      files: shop('"http://localhost:8080/v1/items"'),
      errors: [{ messageId: "call", line: 5, data: { host: "localhost", target: "catalogue" } }],
    },
    {
      name: "a Kubernetes DNS name",
      files: shop('"http://catalogue.shop.svc.cluster.local/v1/items"'),
      errors: [{ messageId: "call", line: 5, data: { host: "catalogue.shop.svc.cluster.local", target: "catalogue" } }],
    },
    {
      name: "a constant another file exports",
      files: {
        ...shop("`${CATALOGUE}/v1/items`", { "src/endpoints.ts": `export const CATALOGUE = "http://catalogue:8080";\n` }),
        "services/orders/src/server.ts": `import express from "express";\nimport axios from "axios";\nimport { CATALOGUE } from "./endpoints";\nconst app = express();\napp.get("/v1/orders", async (req, res) => {\n  const items = await axios.get(\`\${CATALOGUE}/v1/items\`);\n  res.json(items.data);\n});\napp.listen(3000);\n`,
      },
      errors: [{ messageId: "call", file: "services/orders/src/server.ts", line: 6, hops: 2, data: { host: "catalogue" } }],
    },
    {
      name: "an axios instance whose baseURL another file writes",
      files: {
        ...shop('"/v1/items"', { "src/catalogue.ts": `import axios from "axios";\nexport const catalogue = axios.create({ baseURL: "http://catalogue:8080", timeout: 2000 });\n` }),
        "services/orders/src/server.ts": `import express from "express";\nimport { catalogue } from "./catalogue";\nconst app = express();\napp.get("/v1/orders", async (req, res) => {\n  const items = await catalogue.get("/v1/items");\n  res.json(items.data);\n});\napp.listen(3000);\n`,
      },
      errors: [{ messageId: "call", file: "services/orders/src/server.ts", line: 5, hops: 2, data: { host: "catalogue", url: "http://catalogue:8080/v1/items" } }],
    },
    {
      name: "three calls through one axios instance with a literal localhost base: one finding, each call a hop, the variable named after the client's file",
      files: {
        ...shop('"/v1/items"', {
          "src/clients/flight.client.ts": `import axios from "axios";\nexport class FlightClient {\n  private client = axios.create({ baseURL: "http://localhost:3344", timeout: 5000 });\n  one(id: string) {\n    return this.client.get(\`/v1/flights/\${id}\`);\n  }\n  seats(id: string) {\n    return this.client.get(\`/v1/flights/\${id}/seats\`);\n  }\n  reserve(body: object) {\n    return this.client.post("/v1/seats", body);\n  }\n}\n`,
        }),
      },
      errors: [{ messageId: "call", file: "services/orders/src/clients/flight.client.ts", line: 5, hops: 4, data: { host: "localhost", calls: 3, variable: "FLIGHT_URL" } }],
    },
    {
      name: "a gRPC client made with a literal address",
      files: {
        ...service("services/checkout", ["@grpc/grpc-js", "@grpc/proto-loader"], {
          "src/server.js": `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/shop.proto")).shop;\nconst payments = new shop.PaymentService("payment:50051", grpc.credentials.createInsecure());\nfunction placeOrder(call, callback) {\n  payments.charge({ amount: 1 }, (err, receipt) => callback(null, { receipt }));\n}\nconst server = new grpc.Server();\nserver.addService(shop.CheckoutService.service, { placeOrder });\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
        }),
        ...service("services/payment", ["@grpc/grpc-js", "@grpc/proto-loader"], {
          "src/server.js": `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/shop.proto")).shop;\nconst server = new grpc.Server();\nserver.addService(shop.PaymentService.service, { charge: (call, callback) => callback(null, {}) });\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
        }),
      },
      errors: [{ messageId: "call", file: "services/checkout/src/server.js", line: 6, hops: 1, data: { service: "checkout", host: "payment", target: "payment" } }],
    },
    {
      name: "a MongoDB URL on localhost",
      files: store(["mongoose"], `import mongoose from "mongoose";\nmongoose.connect("mongodb://localhost:27017/orders");\n`),
      errors: [{ messageId: "datastore", file: "services/orders/src/db.ts", line: 2, hops: 1, data: { service: "orders", host: "localhost", engine: "mongodb" } }],
    },
    {
      name: "a Redis host option with an IP address",
      files: store(["ioredis"], `import Redis from "ioredis";\nexport const cache = new Redis({ host: "10.1.2.3", port: 6379 });\n`),
      errors: [{ messageId: "datastore", line: 2, hops: 1, data: { host: "10.1.2.3", engine: "redis" } }],
    },
    {
      name: "a database fallback when allowFallbacks is false",
      files: store(["mongoose"], `import mongoose from "mongoose";\nmongoose.connect(process.env.MONGO_URL || "mongodb://mongo:27017/orders");\n`),
      options: { allowFallbacks: false },
      errors: [{ messageId: "datastoreFallback", line: 2, data: { host: "mongo" } }],
    },
  ],
});

describe("hardcoded-endpoint in tests", () => {
  const tree: Tree = {
    ...store(["mongoose"], `import mongoose from "mongoose";\nmongoose.connect(process.env.MONGO_URL);\n`),
    "services/orders/test/db.test.ts": `import mongoose from "mongoose";\nmongoose.connect("mongodb://127.0.0.1:27017/orders-test");\n`,
    "services/orders/test/remote.test.ts": `import mongoose from "mongoose";\nmongoose.connect("mongodb://10.0.0.9:27017/orders-test");\n`,
  };
  it("loopback in a test is fine, another address in a test is not", () => {
    const found = lintTree(tree, { config: { tests: true }, only: "hardcoded-endpoint" }).findings.filter((f) => f.ruleId === "hardcoded-endpoint");
    expect(found.map((f) => `${f.location.file}:${f.location.line} ${f.data.host}`)).toEqual(["services/orders/test/remote.test.ts:2 10.0.0.9"]);
  });
});

describe("hardcoded-endpoint: a client class's default base path", () => {
  /** The orders service calls catalogue through a client class whose base path field starts as `initial`. */
  const client = (classBody: string) =>
    shop('""', {
      "src/catalogue-client.ts": `import axios from "axios";\nexport class CatalogueClient {\n${classBody}\n  items() {\n    return axios.get(this._base + "/v1/items");\n  }\n}\n`,
      "src/server.ts": `import express from "express";\nimport { CatalogueClient } from "./catalogue-client";\nconst catalogue = new CatalogueClient(process.env.CATALOGUE_URL);\nconst app = express();\napp.get("/v1/orders", async (req, res) => res.json((await catalogue.items()).data));\napp.listen(3000);\n`,
    });
  const hosts = (tree: Tree) => lintTree(tree, { only: "hardcoded-endpoint" }).findings.map((f) => f.message.match(/address (\S+)/)?.[1]);

  it("a field the constructor writes again (through a setter) holds what the caller hands over, not its literal default", () => {
    const generated = `  protected _base = "http://10.0.0.7:8080";\n  constructor(base?: string) {\n    if (base) {\n      this.base = base;\n    }\n  }\n  set base(value: string) {\n    this._base = value;\n  }`;
    expect(hosts(client(generated))).toEqual([]);
  });

  it("a field nothing writes again is the address every call uses", () => {
    expect(hosts(client(`  protected _base = "http://10.0.0.7:8080";`))).toEqual(["10.0.0.7"]);
  });
});
