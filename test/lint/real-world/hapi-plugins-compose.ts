import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "hapi-plugins-compose",
  mirrors:
    "Compose repo of three HTTP services on the frameworks beyond Express: a hapi service whose routes sit in route files gathered by an index and registered through a plugin under /api/v1 (plus a health plugin and an npm plugin), an older service on hapi 16 (`hapi`, a `{ register }` plugin with a prefix and hapi 16's exports.register), and a routing-controllers service whose controllers are found through a glob under routePrefix /api",
  services: [
    // createExpressServer({ routePrefix: "/api", controllers: [glob] }): GET, GET /:id, POST /api/accounts and GET /api/v2/statements/:accountId.
    { name: "accounts", root: "accounts", routes: 4, datastores: [] },
    // The products plugin under /api/v1: GET /products, GET /products/{id}, PUT and PATCH /products/{id}, GET /categories; the health plugin's GET /health.
    { name: "catalog", root: "catalog", routes: 6, datastores: [] },
    // hapi 16: the orders plugin registered under /orders, GET and POST /.
    { name: "orders", root: "orders", routes: 2, datastores: [] },
  ],
  libraries: [],
  topics: [],
  findings: [
    // /api without a version: the fix keeps the prefix (/api/v1/accounts); the statements controller carries /v2 itself.
    { rule: "unversioned-route", services: "accounts", at: "accounts/src/controllers/AccountController.ts:12" },
    { rule: "unversioned-route", services: "accounts", at: "accounts/src/controllers/AccountController.ts:17" },
    { rule: "unversioned-route", services: "accounts", at: "accounts/src/controllers/AccountController.ts:22" },
    // The hapi 16 service was never versioned.
    { rule: "unversioned-route", services: "orders", at: "orders/lib/routes/orders.js:7" },
    { rule: "unversioned-route", services: "orders", at: "orders/lib/routes/orders.js:12" },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "accounts", at: "accounts/src/main.ts:1" }, // accounts serves GET /api/accounts
    { rule: "missing-tracing", services: "catalog", at: "catalog/src/index.js:1" }, // catalog serves GET /api/v1/categories
    { rule: "missing-tracing", services: "orders", at: "orders/server.js:1" }, // orders serves GET /orders
  ],
  diagnostics: [],
};

export default expected;
