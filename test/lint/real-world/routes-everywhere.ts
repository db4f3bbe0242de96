import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "routes-everywhere",
  mirrors:
    "Compose repo of four small HTTP services whose apps are built where real code builds them: an Express app inside an IIFE with require('express').Router() routers, a TypeScript class with a router factory over a literal route table, Koa with @koa/router prefixes, nested routers and koa-mount, Hono with basePath and route()",
  services: [
    // GET /api/v1/products, /:id, POST, DELETE from the table (mounted by the class), plus GET /api/products/export.
    { name: "catalog", root: "catalog", routes: 5, datastores: [] },
    // /api/v1/healthz, /api/v1/stock/:sku (named GET, PUT), and POST /admin/reindex through koa-mount.
    { name: "inventory", root: "inventory", routes: 4, datastores: [] },
    // basePath /api/v1 + route /reviews: GET, POST /api/v1/reviews and GET /api/v1/reviews/:id.
    { name: "reviews", root: "reviews", routes: 3, datastores: [] },
    // The cart router (GET, DELETE /cart/:id, POST /cart/:id/items) and checkout (POST /, ALL /*) under /api/v1,
    // the probes GET / and GET /api/health, and the not-found handler ALL /*: handlers, only the API ones judged.
    { name: "storefront", root: "storefront", routes: 8, datastores: [] },
  ],
  libraries: [],
  topics: [],
  findings: [
    // Added before the API was versioned: the fix keeps the /api prefix (/api/v1/products/export).
    { rule: "unversioned-route", services: "catalog", at: "catalog/src/server.ts:16" },
    // The koa-mount admin app is outside /api/v1.
    { rule: "unversioned-route", services: "inventory", at: "inventory/src/admin.js:7" },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "catalog", at: "catalog/src/main.ts:1" }, // catalog serves GET /api/v1/products
    { rule: "missing-tracing", services: "inventory", at: "inventory/src/index.js:1" }, // inventory serves POST /admin/reindex
    { rule: "missing-tracing", services: "reviews", at: "reviews/src/index.ts:1" }, // reviews serves POST /api/v1/reviews
    { rule: "missing-tracing", services: "storefront", at: "storefront/server.js:1" }, // storefront serves DELETE /api/v1/cart/:id
  ],
  diagnostics: [],
};

export default expected;
