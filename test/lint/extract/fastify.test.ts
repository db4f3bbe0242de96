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

describe("[I] @fastify/autoload", () => {
  it("mounts every plugin file of the folder under the prefix and its sub-folders", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree(
      service("services/api", ["fastify", "@fastify/autoload"], {
        "src/app.ts": `import path from "node:path";\nimport AutoLoad from "@fastify/autoload";\nimport Fastify from "fastify";\nconst app = Fastify();\napp.register(AutoLoad, { dir: path.join(import.meta.dirname, "routes"), options: { prefix: "/v1" } });\napp.get("/healthz", async () => "ok");\n`,
        "src/routes/root.ts": `export default async function (app) {\n  app.get("/", async () => ({}));\n}\n`,
        "src/routes/users/index.ts": `import type { FastifyPluginAsync } from "fastify";\nconst users: FastifyPluginAsync = async (app) => {\n  app.get("/", async () => []);\n  app.get("/:id", async () => ({}));\n};\nexport default users;\n`,
      }),
    );
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /healthz", "GET /v1", "GET /v1/users", "GET /v1/users/:id"]);
  });
});
