import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "turborepo-prisma",
  mirrors: "Turborepo on pnpm workspaces: apps/* built from the root by compose, a Prisma client in packages/db, a Next.js front end",
  services: [
    // Both import @market/db; compose gives both the same DATABASE_URL (the ?schema= query names no other database).
    { name: "api", root: "apps/api", routes: 2, datastores: ["postgres://postgres:5432/market"] },
    // BullMQ queue and worker on Redis at REDIS_HOST, plus the Prisma client.
    { name: "worker", root: "apps/worker", routes: 0, datastores: ["postgres://postgres:5432/market", "redis://redis:6379/0"] },
    // apps/web is a Next.js front end: neither a service nor a library.
  ],
  libraries: [{ name: "db", root: "packages/db" }],
  topics: [
    { service: "worker", system: "bull", topic: "housekeeping", role: "consume" },
    { service: "worker", system: "bull", topic: "housekeeping", role: "produce" },
  ],
  findings: [
    { rule: "shared-database", services: "api,worker", at: "packages/db/prisma/schema.prisma:5" },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "api", at: "apps/api/src/index.ts:1" }, // api serves GET /v1/listings
  ],
  diagnostics: [],
};

export default expected;
