import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * Monorepos often keep one server factory in a shared package (`createHttpServer()` in `@acme/kit`) that every
 * service calls: the app it returns is the service's app, and the service's routes are on it.
 */

function monorepo(kit: string): Tree {
  return {
    "package.json": { name: "acme", private: true, workspaces: ["services/*", "packages/*"] },
    "packages/kit/package.json": { name: "@acme/kit", main: "src/index.ts", dependencies: { fastify: "*" } },
    "packages/kit/src/index.ts": `export { createHttpServer } from "./server.js";\nexport { buildHttpClient } from "./client.js";\n`,
    "packages/kit/src/server.ts": kit,
    "packages/kit/src/client.ts": `import axios from "axios";\nexport function buildHttpClient() {\n  return axios.create({ baseURL: "http://billing:4000" });\n}\n`,
    ...service("services/catalog", ["fastify", "@acme/kit"], {
      "src/index.ts": `import type { FastifyInstance } from "fastify";\nimport { createHttpServer } from "@acme/kit";\nexport function buildServer(): FastifyInstance {\n  const server = createHttpServer();\n  server.get("/health", async () => ({ ok: true }));\n  server.get("/internal/items", async () => []);\n  server.post("/v1/items", async () => ({}));\n  server.get("/internal/stock", { config: { rateLimit: { max: 5 } }, handler: async () => [] });\n  server.get("/internal/count", { handler: countItems });\n  return server;\n}\nasync function countItems() {\n  return 0;\n}\nbuildServer().listen({ port: 4001 });\n`,
    }),
    ...service("services/reports", ["fastify", "@acme/kit"], {
      "src/index.ts": `import Fastify from "fastify";\nimport { buildHttpClient } from "@acme/kit";\nconst api = buildHttpClient();\napi.get("/v1/reports");\nconst app = Fastify();\napp.get("/v1/reports", async () => []);\napp.listen({ port: 4002 });\n`,
    }),
  };
}

describe("[U] an app made by a factory of a workspace package", () => {
  it("const server = createHttpServer() from @acme/kit, which returns Fastify(...): the service's routes are on it", () => {
    const { model } = lintTree(monorepo(`import Fastify from "fastify";\nexport function createHttpServer() {\n  return Fastify({ logger: true });\n}\n`));
    expect(model.routes.map((route) => `${route.id} ${route.framework}`)).toEqual([
      "catalog GET /health fastify",
      "catalog GET /internal/items fastify",
      "catalog POST /v1/items fastify",
      "catalog GET /internal/stock fastify",
      "catalog GET /internal/count fastify",
      "reports GET /v1/reports fastify",
    ]);
  });

  it("a package function that returns no app (an axios instance) gives its caller no routes", () => {
    const { model } = lintTree(monorepo(`export function createHttpServer() {\n  return { get() {}, post() {} };\n}\n`));
    expect(model.routes.map((route) => route.id)).toEqual(["reports GET /v1/reports"]);
  });
});
