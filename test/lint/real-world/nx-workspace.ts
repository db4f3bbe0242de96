import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "nx-workspace",
  mirrors: "Nx integrated workspace: one root package.json, project.json per app and lib, an Express app and a NestJS app on one Postgres, a React app",
  services: [
    // TypeORM DataSource; the app's .env (Nx loads it for the app's tasks) says localhost:5432/shopfloor, which is
    // the compose container `postgres` through its published port: one identity, named after the container.
    { name: "api-auth", root: "apps/api-auth", routes: 2, datastores: ["postgres://postgres:5432/shopfloor"] },
    // TypeOrmModule.forRoot with the same variables and the same values in its own .env.
    { name: "api-orders", root: "apps/api-orders", routes: 2, datastores: ["postgres://postgres:5432/shopfloor"] },
    // apps/dashboard is a React app built by Vite, apps/api-orders-e2e a test project, and the root
    // package.json only holds the workspace's dependencies: none of them is a service.
  ],
  libraries: [{ name: "auth-client", root: "libs/auth-client" }],
  topics: [],
  findings: [
    { rule: "shared-database", services: "api-auth,api-orders", at: "apps/api-orders/src/app/app.module.ts:9" },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "api-auth", at: "apps/api-auth/src/main.ts:8" }, // api-auth serves POST /v1/auth/login
    { rule: "missing-tracing", services: "api-orders", at: "apps/api-orders/src/orders/orders.controller.ts:6" }, // api-orders serves GET /api/v1/orders
    // No timeout and no breaker on these calls (unprotected-call).
    { rule: "unprotected-call", services: "api-orders", at: "libs/auth-client/src/index.ts:3" },
  ],
  diagnostics: [],
};

export default expected;
