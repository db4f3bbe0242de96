import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "lerna-fastify-koa",
  mirrors: "Lerna packages (lerna.json, no workspaces field): Fastify with knex, Koa with mysql2 and ioredis, a Redis worker, a shared utils package",
  services: [
    // knex({ client: "mysql2", connection: { host: MYSQL_HOST, database: "accounts" } }); GET /v1/accounts/:id,
    // POST /v1/accounts through register(…, { prefix: "/v1" }), and GET /accounts-export outside it.
    { name: "accounts", root: "packages/accounts", routes: 3, datastores: ["mysql://mysql:3306/accounts"] },
    // mysql2 createPool with MYSQL_DATABASE=accounts from compose: the accounts database. Redis database 1.
    { name: "ledger", root: "packages/ledger", routes: 2, datastores: ["mysql://mysql:3306/accounts", "redis://redis:6379/1"] },
    // A worker with no server dependency, run by compose; Redis database 2 of the same server is another database.
    { name: "notifier", root: "packages/notifier", routes: 0, datastores: ["redis://redis:6379/2"] },
  ],
  libraries: [{ name: "shared-utils", root: "packages/shared-utils" }],
  topics: [],
  findings: [
    { rule: "shared-database", services: "accounts,ledger", at: "packages/ledger/src/stores.js:4" },
    { rule: "unversioned-route", services: "accounts", at: "packages/accounts/src/server.js:9" },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "accounts", at: "packages/accounts/src/server.js:1" }, // accounts serves GET /v1/accounts/:id
    { rule: "missing-tracing", services: "ledger", at: "packages/ledger/src/app.js:1" }, // ledger serves GET /v1/ledger/entries/:accountId
  ],
  diagnostics: [],
};

export default expected;
