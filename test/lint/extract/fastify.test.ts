import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

describe("[U] fastify extractor", () => {
  it("shorthand verbs, route({ method, url }) and register with a prefix", () => {
    const f = facts(
      `import Fastify from "fastify";\nimport users from "./users.js";\nconst app = Fastify();\napp.get("/a", async () => 1);\napp.route({ method: ["GET", "HEAD"], url: "/b", handler: async () => 2 });\napp.register(users, { prefix: "/v1/users" });\napp.register(async (v2) => { v2.post("/c", h); }, { prefix: "/v2" });\nasync function h() {}\n`,
    );
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /a var:app", "GET /b var:app", "HEAD /b var:app", "POST /c fn@L7C14"]);
    expect(f.mounts.map((m) => [m.parent, m.prefix, m.child])).toEqual([
      ["var:app", "/v1/users", { kind: "import", specifier: "./users.js", name: "default" }],
      ["var:app", "/v2", { kind: "local", id: "fn@L7C14" }],
    ]);
  });

  it("plugins exported as default functions and through fastify-plugin", () => {
    const a = facts(`import type { FastifyInstance } from "fastify";\nexport default async function routes(app: FastifyInstance) {\n  app.get("/x", async () => 1);\n}\n`);
    expect(a.routes.map((r) => r.owner)).toEqual(["fn:routes"]);
    expect(a.exports.default).toBe("fn:routes");
    const b = facts(`import fp from "fastify-plugin";\nexport default fp(async (app) => {\n  app.get("/y", async () => 1);\n});\n`);
    expect(b.routes.map((r) => r.owner)).toEqual([b.exports.default]);
  });
});
