import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "nest-tcp-typeorm",
  mirrors: "NestJS monorepo with an HTTP gateway and TCP microservices, TypeORM through libs/common configured by ConfigService from the root .env",
  services: [
    { name: "analytics", root: "apps/analytics", routes: 0, datastores: [] },
    { name: "api", root: "apps/api", routes: 1, datastores: [] },
    // Both import DatabaseModule from @app/common; ConfigModule loads ./.env (the repository root, the
    // working folder in compose): POSTGRES_HOST=postgres, POSTGRES_DB=blog.
    { name: "auth", root: "apps/auth", routes: 2, datastores: ["postgres://postgres:5432/blog"] },
    { name: "posts", root: "apps/posts", routes: 2, datastores: ["postgres://postgres:5432/blog"] },
    // apps/users holds only a tsconfig and is not in nest-cli.json: not a service. pgadmin and postgres are images.
  ],
  libraries: [{ name: "common", root: "libs/common" }],
  topics: [
    { service: "analytics", system: "tcp", topic: "get_stats", role: "consume" },
    { service: "analytics", system: "tcp", topic: "post_published", role: "consume" },
    { service: "api", system: "tcp", topic: "get_stats", role: "produce" },
    { service: "posts", system: "tcp", topic: "post_published", role: "produce" },
  ],
  findings: [
    { rule: "shared-database", services: "auth,posts", at: "libs/common/src/database/database.module.ts:7" },
    { rule: "unversioned-route", services: "auth", at: "apps/auth/src/auth.controller.ts:10" },
    { rule: "unversioned-route", services: "auth", at: "apps/auth/src/auth.controller.ts:15" },
    // posts's TCP client reaches analytics at the host name `analytics` written in ClientsModule.register.
    { rule: "hardcoded-endpoint", services: "posts", at: "apps/posts/src/posts.module.ts:14" },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "analytics", at: "apps/analytics/src/analytics.controller.ts:13" }, // analytics answers tcp requests get_stats
    { rule: "missing-tracing", services: "api", at: "apps/api/src/api.controller.ts:8" }, // api serves GET /v1/stats
    { rule: "missing-tracing", services: "auth", at: "apps/auth/src/auth.controller.ts:10" }, // auth serves POST /auth/register
    { rule: "missing-tracing", services: "posts", at: "apps/posts/src/posts.controller.ts:14" }, // posts serves GET /v1/posts
  ],
  diagnostics: [],
};

export default expected;
