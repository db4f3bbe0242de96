import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "all-versioned",
  mirrors:
    "npm-workspaces repo of four services in compose, each with its own database container, whose APIs all sit under /api/v1 the way each framework's teams set it: a NestJS global prefix with URI versioning (defaultVersion, @Version, a VERSION_NEUTRAL health controller excluded from the prefix), an Express router mounted at the apiPrefix of a settings module from a factory, a Fastify plugin registered with a prefix, a @koa/router given its prefix with .prefix() and a template; the probes outside it",
  services: [
    // /api/v1/accounts (POST, GET, PATCH), POST /api/v1/sessions, DELETE /api/v2/sessions, and the probe GET /health.
    { name: "accounts", root: "services/accounts", routes: 6, datastores: ["postgres://accounts-db:5432/accounts"] },
    // GET /api/v1/products, GET /api/v1/products/:id (fastify.route), and GET /health.
    { name: "catalog", root: "services/catalog", routes: 3, datastores: ["postgres://catalog-db:5432/catalog"] },
    // GET /, GET /healthz, four routes under /api/v1/orders and /api/v1/carts.
    { name: "orders", root: "services/orders", routes: 6, datastores: ["mongodb://orders-mongo:27017/orders"] },
    // GET, POST /api/v1/products/:productId/reviews, and GET /health on a router of its own.
    { name: "reviews", root: "services/reviews", routes: 3, datastores: ["redis://reviews-redis:6379/0"] },
  ],
  libraries: [],
  topics: [],
  // Every route is versioned or a probe; each service keeps its own database; orders asks catalog for a price
  // (one hop, within the default maxDepth), and catalog answers from its own tables.
  findings: [
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "accounts", at: "services/accounts/src/main.ts:1" }, // accounts serves POST /api/v1/accounts
    { rule: "missing-tracing", services: "catalog", at: "services/catalog/src/server.js:1" }, // catalog serves GET /api/v1/products
    { rule: "missing-tracing", services: "orders", at: "services/orders/src/index.js:1" }, // orders serves POST /api/v1/carts/:customerId/lines
    { rule: "missing-tracing", services: "reviews", at: "services/reviews/src/index.js:1" }, // reviews serves GET /api/v1/products/:productId/reviews
  ],
  diagnostics: [],
};

export default expected;
