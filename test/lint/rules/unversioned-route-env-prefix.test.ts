import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

/**
 * A mount prefix read from the environment with a default in the code (`process.env.API_PREFIX || "/api/v1"`): the
 * routes are served under the service's env value, else the default. Before, such a prefix was dropped and the routes
 * were judged as if mounted at the root.
 */

const expressInventory = (prefixLine: string): Tree =>
  service("services/inventory", ["express"], {
    "src/routes.js": `const { Router } = require("express");\nconst router = Router();\nrouter.get("/items/:sku", (req, res) => res.json({}));\nrouter.post("/items", (req, res) => res.status(201).end());\nmodule.exports = router;\n`,
    "src/app.js": `const express = require("express");\nconst routes = require("./routes");\nconst app = express();\n${prefixLine}\napp.use(API_PREFIX, routes);\napp.listen(3000);\n`,
  });

const judged = (result: LintResult) => result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => f.message.split(" in ")[0]);
const routes = (result: LintResult) => result.model.routes.map((r) => `${r.method} ${r.path}`).sort();

describe("unversioned-route: a prefix from the environment with a default", () => {
  it("express: the default /api/v1 versions the routes; the routes are served under it", () => {
    const result = lintTree(expressInventory(`const API_PREFIX = process.env.API_PREFIX || "/api/v1";`), { only: "unversioned-route" });
    expect(routes(result)).toEqual(["GET /api/v1/items/:sku", "POST /api/v1/items"]);
    expect(judged(result)).toEqual([]);
  });

  it("the service's env wins over the default (compose sets API_PREFIX=/api): unversioned", () => {
    const files = { ...expressInventory(`const API_PREFIX = process.env.API_PREFIX ?? "/api/v1";`), "docker-compose.yml": "services:\n  inventory:\n    build: ./services/inventory\n    environment:\n      API_PREFIX: /api\n" };
    expect(judged(lintTree(files, { only: "unversioned-route" }))).toEqual(["GET /api/items/:sku", "POST /api/items"]);
  });

  it("no default and no env: the prefix is unknown, the routes are not judged", () => {
    const result = lintTree(expressInventory(`const API_PREFIX = process.env.API_PREFIX;`), { only: "unversioned-route" });
    expect(routes(result)).toEqual(["GET /{?}/items/:sku", "POST /{?}/items"]);
    expect(judged(result)).toEqual([]);
  });

  it("koa-router's prefix and fastify's register prefix the same way", () => {
    const koa = service("services/koa", ["koa", "@koa/router"], {
      "src/server.js": `const Koa = require("koa");\nconst Router = require("@koa/router");\nconst router = new Router({ prefix: process.env.BASE_PATH || "/v2" });\nrouter.get("/carts/:id", (ctx) => { ctx.body = {}; });\nconst app = new Koa();\napp.use(router.routes());\napp.listen(3000);\n`,
    });
    const fastify = service("services/fastify", ["fastify"], {
      "src/server.js": `const fastify = require("fastify")();\nfastify.register(async (api) => { api.get("/orders", async () => []); }, { prefix: process.env.ROUTE_PREFIX || "/v3" });\nfastify.listen({ port: 3000 });\n`,
    });
    const result = lintTree({ ...koa, ...fastify }, { only: "unversioned-route" });
    expect(routes(result)).toEqual(["GET /v2/carts/:id", "GET /v3/orders"]);
    expect(judged(result)).toEqual([]);
  });
});
