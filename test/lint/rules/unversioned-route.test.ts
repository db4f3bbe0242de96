import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service } from "../helpers.js";

const express = (routes: string) =>
  service("services/orders", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\n${routes}\napp.listen(3000);\n`,
  });

ruleTester("unversioned-route", {
  valid: [
    { name: "versioned express route", files: express(`app.get("/v1/orders", (req, res) => res.json([]));`) },
    { name: "health, readiness and metrics are exempt", files: express(`app.get("/healthz", h);\napp.get("/ready", h);\napp.get("/metrics", h);\napp.get("/health/db", h);\nfunction h(req, res) {}`) },
    { name: "versioned through a mount prefix", files: express(`const r = express.Router();\nr.get("/orders", (req, res) => {});\napp.use("/v2", r);`) },
    {
      name: "fastify register prefix from a constant",
      files: service("services/users", ["fastify"], {
        "src/server.ts": `import Fastify from "fastify";\nconst API_VERSION = "v1";\nconst app = Fastify();\napp.register(async (v1) => { v1.get("/users", async () => []); }, { prefix: \`/\${API_VERSION}\` });\n`,
      }),
    },
    {
      name: "NestJS URI versioning",
      files: service("services/catalog", ["@nestjs/core", "@nestjs/common"], {
        "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { VersioningType } from "@nestjs/common";\nconst app = await NestFactory.create(AppModule);\napp.enableVersioning({ type: VersioningType.URI, defaultVersion: "1" });\n`,
        "src/items.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("items")\nexport class ItemsController {\n  @Get(":id")\n  find() {}\n}\n`,
      }),
    },
    { name: "a custom pattern", files: express(`app.get("/api/v3/orders", (req, res) => {});`), options: { pattern: "^/api/v\\d+/" } },
    { name: "a custom exempt list", files: express(`app.get("/internal/stats", (req, res) => {});`), options: { exempt: ["/internal/*"] } },
  ],
  invalid: [
    {
      name: "express route without a version",
      files: express(`app.get("/orders", (req, res) => res.json([]));`),
      errors: [{ messageId: "unversioned", file: "services/orders/src/server.ts", line: 3, hops: 1, data: { method: "GET", path: "/orders", service: "orders" } }],
    },
    {
      name: "router mounted without a version, across files",
      files: {
        ...service("services/orders", ["express"], {
          "src/server.ts": `import express from "express";\nimport orders from "./routes/orders.js";\nconst app = express();\napp.use("/orders", orders);\n`,
          "src/routes/orders.ts": `import { Router } from "express";\nconst router = Router();\nrouter.post("/", (req, res) => {});\nexport default router;\n`,
        }),
      },
      errors: [{ messageId: "unversioned", file: "services/orders/src/routes/orders.ts", line: 3, hops: 2, data: { path: "/orders", method: "POST" } }],
    },
    {
      name: "NestJS controller without versioning",
      files: service("services/catalog", ["@nestjs/core", "@nestjs/common"], {
        "src/items.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("items")\nexport class ItemsController {\n  @Get()\n  list() {}\n}\n`,
      }),
      errors: [{ messageId: "unversioned", line: 4, data: { path: "/items" } }],
    },
    {
      name: "koa-router, hono",
      files: {
        ...service("services/a", ["koa", "@koa/router"], {
          "src/server.ts": `import Koa from "koa";\nimport Router from "@koa/router";\nconst app = new Koa();\nconst router = new Router({ prefix: "/things" });\nrouter.get("/", (ctx) => {});\napp.use(router.routes());\n`,
        }),
        ...service("services/b", ["hono"], {
          "src/server.ts": `import { Hono } from "hono";\nconst app = new Hono();\nconst v1 = app.basePath("/v1");\nv1.get("/ok", (c) => c.text("ok"));\napp.get("/bad", (c) => c.text("bad"));\n`,
        }),
      },
      errors: [
        { messageId: "unversioned", file: "services/a/src/server.ts", data: { path: "/things" } },
        { messageId: "unversioned", file: "services/b/src/server.ts", line: 5, data: { path: "/bad" } },
      ],
    },
  ],
});

ruleTester("unversioned-route", {
  valid: [
    {
      name: "a prefix that does not resolve is not judged",
      files: service("services/orders", ["express"], {
        // A leading "/" makes it a route path (the extractor never takes `${prefix}/orders` alone for one: a cache key looks the same).
        "src/server.ts": `import express from "express";\nimport { loadConfig } from "./config.js";\nconst app = express();\nconst prefix = loadConfig().prefix;\napp.get(\`/\${prefix}/orders\`, (req, res) => {});\n`,
        "src/config.ts": "export function loadConfig() { return { prefix: process.argv[2] }; }\n",
      }),
      understood: { routes: 1 },
    },
  ],
  invalid: [
    {
      name: "an unresolved segment after an unversioned one is still unversioned",
      files: service("services/orders", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get(\`/orders/\${kind()}\`, (req, res) => {});\nfunction kind() { return pickKind(); }\n`,
      }),
      errors: [{ messageId: "unversioned", data: { path: "/orders/{?}" } }],
    },
  ],
});

describe("[U] unversioned-route helpers", () => {
  it("suggests a version after an /api-like prefix, else first", async () => {
    const { suggestVersioned } = await import("../../../src/lint/rules/unversioned-route.js");
    expect(["/api/users", "/users/:id", "/", "/rest/api/orders"].map(suggestVersioned)).toEqual(["/api/v1/users", "/v1/users/:id", "/v1", "/rest/api/v1/orders"]);
  });

  it("exempt entries match at the end of a static prefix, on segment boundaries", async () => {
    const { isExempt, DEFAULT_EXEMPT } = await import("../../../src/lint/rules/unversioned-route.js");
    const paths = ["/health", "/api/health", "/api/v1/healthz", "/health/db", "/api/health/db", "/healthcare", "/api/healthcare", "/orders/:id/status", "/api/metricsx"];
    expect(paths.filter((p) => isExempt(p, DEFAULT_EXEMPT))).toEqual(["/health", "/api/health", "/api/v1/healthz", "/health/db", "/api/health/db"]);
  });

  it("status, metrics, ping, ready and live are resources too: exempt at the root or after /api-like and version segments only", async () => {
    const { isExempt, DEFAULT_EXEMPT } = await import("../../../src/lint/rules/unversioned-route.js");
    const paths = ["/status", "/api/status", "/api/v1/metrics", "/internal/metrics", "/internal/ping", "/auth/health", "/internal/admin/metrics", "/internal/auth/mfa/status", "/internal/onboarding/status", "/payments/ready"];
    expect(paths.filter((p) => isExempt(p, DEFAULT_EXEMPT))).toEqual(["/status", "/api/status", "/api/v1/metrics", "/internal/metrics", "/internal/ping", "/auth/health"]);
  });

  it("catch-all: a wildcard answering every method", async () => {
    const { isCatchAll } = await import("../../../src/lint/rules/unversioned-route.js");
    const cases: [string, string][] = [["ALL", "/*"], ["GET", "*"], ["ALL", "/api/*"], ["ALL", "/(.*)"], ["GET", "/{*splat}"], ["ALL", "/:rest*"], ["GET", "/files/*"], ["GET", "/users"], ["ALL", "/users"], ["ALL", "/{any*}"], ["GET", "/{param*}"], ["ALL", "/{id}"], ["ALL", "/files/{path*2}"], ["ALL", "/{0,}"], ["GET", "/{0,}"], ["ALL", "/{0}"]];
    expect(cases.filter(([m, p]) => isCatchAll(m, p))).toEqual([["ALL", "/*"], ["ALL", "/api/*"], ["ALL", "/(.*)"], ["ALL", "/:rest*"], ["ALL", "/{any*}"], ["ALL", "/{0,}"]]);
  });

  it("catch-all: CORS preflight for every path (app.options(\"*\", cors())), not OPTIONS on one resource", async () => {
    const { isCatchAll } = await import("../../../src/lint/rules/unversioned-route.js");
    const cases: [string, string][] = [["OPTIONS", "*"], ["OPTIONS", "/*"], ["OPTIONS", "/api/*"], ["OPTIONS", "/users"], ["OPTIONS", "/users/:id"]];
    expect(cases.filter(([m, p]) => isCatchAll(m, p))).toEqual([["OPTIONS", "*"], ["OPTIONS", "/*"], ["OPTIONS", "/api/*"]]);
  });
});

ruleTester("unversioned-route", {
  valid: [
    { name: "a version after an /api prefix", files: express(`app.get("/api/v1/users", (req, res) => {});`) },
    { name: "dotted and dated versions", files: express(`app.get("/v1.2/users", h);\napp.get("/v2024-01-01/users", h);\napp.get("/api/2024-01-01/users", h);\nfunction h(req, res) {}`) },
    { name: "a version through a router mount under /api", files: express(`const r = express.Router();\nr.get("/users", (req, res) => {});\napp.use("/api/v2", r);`) },
    { name: "health paths under a prefix", files: express(`app.get("/api/health", h);\napp.get("/orders-service/healthz", h);\napp.get("/api/health/db", h);\nfunction h(req, res) {}`) },
    {
      name: "catch-all and not-found handlers",
      files: express(`const r = express.Router();\nr.get("/v1/users", (req, res) => {});\nr.all("/*", (req, res) => res.status(404).end());\napp.use("/api", r);\napp.all("*", (req, res) => res.status(404).end());\napp.get("*", (req, res) => res.sendFile("index.html"));\napp.get("/{*splat}", notFound);\nfunction notFound(req, res) { res.sendStatus(404); }`),
    },
    {
      name: "the last-resort handler written with a regex quantifier for a path (`/{0,}`)",
      files: express(`app.get("/v1/users", (req, res) => {});\napp.all("/{0,}", (req, res) => res.status(404).json({ message: "no such path" }));\napp.get("/{0,}", (req, res, next) => next(new HttpError(404, "Route not found")));`),
    },
    { name: "the root route is a probe", files: express(`app.get("/", (req, res) => res.send("ok"));`) },
    { name: "CORS preflight answered for every path", files: express(`const cors = require("cors");\napp.options("*", cors());\napp.get("/api/v1/users", (req, res) => {});`) },
    {
      name: "a version in a Nest global prefix, a koa-router prefix and a koa version table; fastify setNotFoundHandler is no route",
      files: {
        ...service("services/catalog", ["@nestjs/core", "@nestjs/common"], {
          "src/main.ts": `import { NestFactory } from "@nestjs/core";\nconst app = await NestFactory.create(AppModule);\napp.setGlobalPrefix("api/v1");\n`,
          "src/items.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("items")\nexport class ItemsController {\n  @Get()\n  list() {}\n}\n`,
        }),
        ...service("services/stock", ["koa", "@koa/router", "koa-router-version"], {
          "src/server.ts": `import Koa from "koa";\nimport Router from "@koa/router";\nimport version from "koa-router-version";\nconst app = new Koa();\nconst api = new Router({ prefix: "/api/v2" });\napi.get("/stock", list);\nconst plain = new Router();\nplain.get("/levels", version({ "1.0.0": list }));\napp.use(api.routes()).use(plain.routes());\n`,
        }),
        ...service("services/files", ["fastify"], {
          "src/server.ts": `import Fastify from "fastify";\nconst app = Fastify();\napp.setNotFoundHandler((req, reply) => reply.code(404).send());\napp.get("/v1/files", async () => []);\n`,
        }),
      },
    },
    {
      name: "NestJS health controllers: named so, or given terminus's HealthCheckService",
      files: service("services/catalog", ["@nestjs/core", "@nestjs/common", "@nestjs/terminus"], {
        "src/health.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("monitoring")\nexport class HealthController {\n  @Get("db")\n  db() {}\n}\n`,
        "src/probe.controller.ts": `import { Controller, Get } from "@nestjs/common";\nimport { HealthCheckService } from "@nestjs/terminus";\n@Controller("probe")\nexport class ProbeController {\n  constructor(private readonly health: HealthCheckService) {}\n  @Get("deep")\n  deep() { return this.health.check([]); }\n}\n`,
      }),
    },
    { name: "a version parameter in the path", files: express(`app.get("/api/:version/users", h);\napp.get("/:apiVersion(v1|v2)/orders", h);\nfunction h(req, res) {}`) },
    {
      name: "a version picked by a request-versioning middleware",
      files: service("services/orders", ["express", "express-routes-versioning", "express-version-route"], {
        "src/server.js": `const express = require("express");\nconst routesVersioning = require("express-routes-versioning")();\nconst versionRouter = require("express-version-route");\nconst app = express();\napp.get("/users", routesVersioning({ "1.0.0": v1, "2.0.0": v2 }));\napp.get("/orders", versionRouter.route({ "1.0": v1 }));\nfunction v1(req, res) {}\nfunction v2(req, res) {}\n`,
      }),
    },
    {
      name: "a NestJS terminus health check is a probe whatever its path",
      files: service("services/catalog", ["@nestjs/core", "@nestjs/common", "@nestjs/terminus"], {
        "src/status.controller.ts": `import { Controller, Get } from "@nestjs/common";\nimport { HealthCheck, HealthCheckService } from "@nestjs/terminus";\n@Controller("status-check")\nexport class StatusController {\n  constructor(private health: HealthCheckService) {}\n  @Get()\n  @HealthCheck()\n  check() { return this.health.check([]); }\n}\n`,
      }),
    },
  ],
  invalid: [
    {
      name: "an unversioned path under /api: the fix keeps the prefix",
      files: express(`app.get("/api/users", (req, res) => {});`),
      errors: [{ messageId: "unversioned", line: 3, data: { path: "/api/users", suggested: "/api/v1/users" } }],
    },
    {
      name: "ready beside health under one prefix is the service's probe; ready under a prefix with no health route, a POST, or status beside health is a resource",
      files: {
        ...service("services/stock", ["fastify"], {
          "src/server.ts": `import Fastify from "fastify";\nimport probes from "./probes";\nconst app = Fastify();\napp.register(probes, { prefix: "/stock" });\napp.get("/batches/ready", async () => []);\napp.post("/stock/ready", async () => ({}));\napp.get("/stock/status", async () => ({}));\napp.listen({ port: 3000 });\n`,
          "src/probes.ts": `export default async function probes(app) {\n  app.get("/health", async () => ({ ok: true }));\n  app.get("/ready", async () => ({ ok: true }));\n}\n`,
        }),
      },
      errors: [
        { messageId: "unversioned", line: 5, data: { service: "stock", method: "GET", path: "/batches/ready" } },
        { messageId: "unversioned", line: 6, data: { service: "stock", method: "POST", path: "/stock/ready" } },
        { messageId: "unversioned", line: 7, data: { service: "stock", method: "GET", path: "/stock/status" } },
      ],
    },
    {
      name: "health-like names that are resources",
      files: express(`app.get("/healthcare", h);\napp.get("/orders/:id/status", h);\nfunction h(req, res) {}`),
      errors: [
        { messageId: "unversioned", line: 3, data: { path: "/healthcare", suggested: "/v1/healthcare" } },
        { messageId: "unversioned", line: 4, data: { path: "/orders/:id/status" } },
      ],
    },
    {
      name: "a wildcard with one method whose handler serves the path is a route",
      files: {
        ...express(`app.get("/files/*", (req, res) => {});`),
        ...service("services/files", ["fastify"], {
          "src/server.ts": `import Fastify from "fastify";\nconst app = Fastify();\napp.get("/*", async (request, reply) => store.get(request.params["*"]).pipe(reply.raw));\napp.delete("/*", async (request) => store.remove(request.params["*"]));\n`,
        }),
      },
      errors: [
        { messageId: "unversioned", data: { service: "files", method: "GET", path: "/*" } },
        { messageId: "unversioned", data: { service: "files", method: "DELETE", path: "/*" } },
        { messageId: "unversioned", data: { service: "orders", path: "/files/*" } },
      ],
    },
    {
      name: "a parameter that is no version, and a middleware that picks no version",
      files: service("services/orders", ["express"], {
        "src/server.js": `const express = require("express");\nconst wrap = require("./wrap");\nconst app = express();\napp.get("/api/:id/users", (req, res) => {});\napp.get("/orders", wrap({ "1.0.0": h }));\nfunction h(req, res) {}\n`,
        "src/wrap.js": `module.exports = (table) => table["1.0.0"];\n`,
      }),
      errors: [
        { messageId: "unversioned", line: 4, data: { path: "/api/:id/users" } },
        { messageId: "unversioned", line: 5, data: { path: "/orders" } },
      ],
    },
    {
      name: "a controller whose name only starts like a health one",
      files: service("services/clinic", ["@nestjs/core", "@nestjs/common"], {
        "src/healthcare.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("healthcare")\nexport class HealthcareController {\n  @Get("plans")\n  plans() {}\n}\n`,
      }),
      errors: [{ messageId: "unversioned", line: 4, data: { path: "/healthcare/plans" } }],
    },
    {
      name: "a NestJS GET / that reads @Query, @Param or @Body is a resource list, not a probe (the one answering Hello stays a probe)",
      files: service("services/search", ["@nestjs/core", "@nestjs/common"], {
        "src/search.controller.ts": `import { Controller, Get, Query } from "@nestjs/common";\n@Controller()\nexport class SearchController {\n  @Get("/")\n  find(@Query("q") q?: string) {\n    return [q];\n  }\n}\n`,
        "src/app.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller()\nexport class AppController {\n  @Get()\n  hello() {\n    return "Hello";\n  }\n}\n`,
      }),
      errors: [{ messageId: "unversioned", file: "services/search/src/search.controller.ts", data: { method: "GET", path: "/" } }],
    },
    {
      name: "a GET / where its service writes (POST /, DELETE /api) and serves items (/:id) lists that collection: no probe",
      files: {
        ...service("services/tickets", ["fastify"], {
          "src/server.ts": `import Fastify from "fastify";\nconst app = Fastify();\napp.get("/", async () => []);\napp.post("/", async () => ({}));\napp.get("/:id", async () => ({}));\napp.listen({ port: 3000 });\n`,
        }),
        ...service("services/desk", ["express"], {
          "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/", (req, res) => res.send("desk"));\napp.get("/api", (req, res) => res.json([]));\napp.delete("/api", (req, res) => res.end());\napp.get("/api/{id}", (req, res) => res.json({}));\napp.listen(3000);\n`,
        }),
      },
      errors: [
        { messageId: "unversioned", file: "services/desk/src/server.ts", line: 4, data: { method: "GET", path: "/api" } },
        { messageId: "unversioned", file: "services/desk/src/server.ts", line: 5, data: { method: "DELETE", path: "/api" } },
        { messageId: "unversioned", file: "services/desk/src/server.ts", line: 6, data: { method: "GET", path: "/api/{id}" } },
        { messageId: "unversioned", file: "services/tickets/src/server.ts", line: 3, data: { method: "GET", path: "/" } },
        { messageId: "unversioned", file: "services/tickets/src/server.ts", line: 4, data: { method: "POST", path: "/" } },
        { messageId: "unversioned", file: "services/tickets/src/server.ts", line: 5, data: { method: "GET", path: "/:id" } },
      ],
    },
    {
      name: "POST / is no probe",
      files: express(`app.post("/", (req, res) => {});`),
      errors: [{ messageId: "unversioned", data: { method: "POST", path: "/" } }],
    },
    {
      name: "probes: false judges GET / and terminus checks",
      options: { probes: false },
      files: {
        ...express(`app.get("/", (req, res) => res.send("ok"));`),
        ...service("services/catalog", ["@nestjs/core", "@nestjs/common", "@nestjs/terminus"], {
          "src/status.controller.ts": `import { Controller, Get } from "@nestjs/common";\nimport { HealthCheck } from "@nestjs/terminus";\n@Controller("status-check")\nexport class StatusController {\n  @Get()\n  @HealthCheck()\n  check() {}\n}\n`,
        }),
      },
      errors: [
        { messageId: "unversioned", data: { path: "/status-check" } },
        { messageId: "unversioned", data: { path: "/" } },
      ],
    },
    {
      name: "a NestJS decorator imported under another name",
      files: service("services/blog", ["@nestjs/core", "@nestjs/common"], {
        "src/posts.controller.ts": `import { Controller, Get, Post as HttpPost } from "@nestjs/common";\nexport class Post { title = ""; }\n@Controller("posts")\nexport class PostsController {\n  @HttpPost()\n  create(): Post { return new Post(); }\n  @Get(":id")\n  find() {}\n}\n`,
      }),
      errors: [
        { messageId: "unversioned", line: 5, data: { method: "POST", path: "/posts" } },
        { messageId: "unversioned", line: 7, data: { method: "GET", path: "/posts/:id" } },
      ],
    },
  ],
});

describe("NestJS paths outside the global prefix and the default version", () => {
  it("setGlobalPrefix's exclude and VERSION_NEUTRAL give the paths Nest serves; a neutral route outside a probe is still judged", () => {
    const result = lintTree(
      service("services/accounts", ["@nestjs/core", "@nestjs/common", "@nestjs/terminus"], {
        "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { RequestMethod, VersioningType } from "@nestjs/common";\nconst app = await NestFactory.create(AppModule);\napp.setGlobalPrefix("api", { exclude: ["health", { path: "metrics", method: RequestMethod.GET }, "legacy/(.*)"] });\napp.enableVersioning({ type: VersioningType.URI, defaultVersion: "1" });\n`,
        "src/health.controller.ts": `import { Controller, Get, VERSION_NEUTRAL } from "@nestjs/common";\nimport { HealthCheck } from "@nestjs/terminus";\n@Controller({ path: "health", version: VERSION_NEUTRAL })\nexport class HealthController {\n  @Get()\n  @HealthCheck()\n  check() {}\n}\n`,
        "src/metrics.controller.ts": `import { Controller, Get, Post } from "@nestjs/common";\n@Controller("metrics")\nexport class MetricsController {\n  @Get()\n  scrape() {}\n  @Post()\n  reset() {}\n}\n`,
        "src/legacy.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("legacy")\nexport class LegacyController {\n  @Get("orders")\n  orders() {}\n}\n`,
        "src/items.controller.ts": `import { Controller, Get, Version, VERSION_NEUTRAL } from "@nestjs/common";\n@Controller("items")\nexport class ItemsController {\n  @Get()\n  list() {}\n  @Version(VERSION_NEUTRAL)\n  @Get("export")\n  exportAll() {}\n}\n`,
      }),
      { only: "unversioned-route" },
    );
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      "GET /api/items/export",
      "GET /api/v1/items",
      "GET /health",
      "GET /v1/legacy/orders",
      "GET /v1/metrics",
      "POST /api/v1/metrics",
    ]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => f.data.path)).toEqual(["/api/items/export"]);
  });
});

describe("a router mounted at a prefix a settings module holds", () => {
  const tree = (mount: string) =>
    service("services/orders", ["express"], {
      "src/config.js": `module.exports = {\n  port: Number(process.env.PORT) || 3000,\n  apiPrefix: process.env.API_PREFIX || "/api/v1",\n};\n`,
      "src/middleware.js": `exports.auth = (req, res, next) => next();\n`,
      "src/app.js": `const express = require("express");\nconst config = require("./config");\nconst middleware = require("./middleware");\nconst router = express.Router();\nrouter.get("/orders", (req, res) => res.json([]));\nconst app = express();\n${mount}\napp.listen(config.port);\n`,
    });

  it("app.use(config.apiPrefix, router): the setting's value is the prefix", () => {
    const result = lintTree(tree(`app.use(config.apiPrefix, router);`), { only: "unversioned-route" });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/v1/orders"]);
    expect(result.findings).toEqual([]);
  });

  it("app.use(middleware.auth, router): a property not named like a path is middleware, the router stays at the root", () => {
    const result = lintTree(tree(`app.use(middleware.auth, router);`), { only: "unversioned-route" });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /orders"]);
    expect(result.findings.map((f) => f.data.path)).toEqual(["/orders"]);
  });
});

describe("one route registered twice", () => {
  const twice = (routes: string) => lintTree(express(routes), { only: "unversioned-route" });

  it("a limiter on the path, then its handler: one finding, the second registration as evidence", () => {
    const result = twice(`const limiter = (req, res, next) => next();\napp.post("/login", limiter);\napp.post("/login", (req, res) => res.json({}));\napp.post("/logout", (req, res) => res.end());`);
    expect(result.findings.map((f) => `${f.data.method} ${f.data.path} L${f.location.line}`)).toEqual(["POST /login L4", "POST /logout L6"]);
    expect(result.findings[0]!.evidence.map((hop) => `${hop.message} L${hop.location.line}`)).toEqual(["express route POST /login L4", "POST /login registered again here L5"]);
  });

  it("a path with a part that did not resolve may be two routes: both reported", () => {
    const result = twice(`app.get(\`/posts/\${config.kind}\`, (req, res) => res.json([]));\napp.get(\`/posts/\${other.kind}\`, (req, res) => res.json([]));`);
    expect(result.findings.map((f) => `${f.data.path} L${f.location.line}`)).toEqual(["/posts/{?} L3", "/posts/{?} L4"]);
  });
});
