import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findConfigFile, loadConfigFile } from "../../src/lint/config.js";
import { lint } from "../../src/lint/engine.js";

/** One service per framework, routes spread over files: every route with its full path, service and version. */
const ROOT = fileURLToPath(new URL("../fixtures/lint/frameworks", import.meta.url));

describe("[I] route extraction per framework (test/fixtures/lint/frameworks)", () => {
  // Scanned in each test, not in the describe body: a scan at collection runs outside any test, and mutation testing
  // could not tell which test covers the code it reaches.
  const scan = () => lint({ cwd: ROOT, paths: ["."], config: loadConfigFile(findConfigFile(ROOT)!) });
  const routes = (service: string) =>
    scan()
      .model.routes
      .filter((r) => r.service === service)
      .map((r) => `${r.method} ${r.path}${r.version ? ` (version ${r.version})` : ""}`)
      .sort();

  it("express: CommonJS, require() mounts, nested routers, app.route()", () => {
    expect(routes("express-app")).toEqual(["GET /healthz", "GET /v1/ping", "GET /v1/users", "GET /v1/users/:id"]);
  });

  it("fastify: register(import(), { prefix }), fastify-plugin, route({ method, url })", () => {
    expect(routes("fastify-app")).toEqual(["GET /metrics", "GET /v1/info", "GET /v1/items", "GET /v1/items/:id", "POST /v1/items"]);
  });

  it("koa-router: prefix, nested use(), routes() chains", () => {
    expect(routes("koa-app")).toEqual(["GET /v2/books", "GET /v2/status", "PUT /v2/books/:id"]);
  });

  it("hono: basePath, route(), chained verbs", () => {
    expect(routes("hono-app")).toEqual(["GET /api/legacy", "GET /api/v1/authors", "GET /api/v1/authors/:id", "POST /api/v1/authors"]);
  });

  it("NestJS: global prefix, URI versioning, @Version", () => {
    expect(routes("nest-app")).toEqual(["GET /api/v1/orders (version 1)", "GET /api/v1/orders/:id (version 1)", "POST /api/v2/orders (version 2)"]);
  });

  it("NestJS: RouterModule paths reach a controller through the @Module that declares it, children after their parents", () => {
    expect(routes("nest-router")).toEqual(["GET /healthz", "GET /v1/orders", "GET /v1/orders/:id", "GET /v2/admin/reports/daily", "GET /v2/admin/users"]);
  });

  it("NestJS: header versioning versions a route without touching its path", () => {
    expect(routes("nest-header")).toEqual(["GET /invoices (version 1)", "GET /invoices/export"]);
  });

  it("reports only the unversioned routes, with the configured pattern", () => {
    // Its services start no tracer: missing-tracing has tests of its own.
    expect(scan().findings.filter((f) => f.ruleId !== "missing-tracing").map((f) => `${f.ruleId} ${f.data.path}`).sort()).toEqual(["unversioned-route /api/legacy", "unversioned-route /invoices/export"]);
  });
});
