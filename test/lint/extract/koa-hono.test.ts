import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

describe("[U] koa and hono extractors", () => {
  it("koa-router prefixes, nested routers and app.use(router.routes())", () => {
    const f = facts(`import Koa from "koa";\nimport Router from "@koa/router";\nconst app = new Koa();\nconst api = new Router({ prefix: "/v1" });\nconst items = new Router();\nitems.get("/items", h);\napi.use("/shop", items.routes());\napp.use(api.routes());\n`);
    expect(f.objectPrefixes).toEqual({ "var:api": "/v1" });
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /items var:items"]);
    expect(f.mounts.map((m) => [m.parent, m.prefix, m.child])).toEqual([
      ["var:api", "/shop", { kind: "local", id: "var:items" }],
      ["var:app", "", { kind: "local", id: "var:api" }],
    ]);
  });

  it("hono basePath, route and on", () => {
    const f = facts(`import { Hono } from "hono";\nimport books from "./books";\nconst app = new Hono();\nconst v1 = app.basePath("/v1");\nv1.route("/books", books);\napp.on(["PUT", "PATCH"], "/x", (c) => c.text(""));\n`);
    expect(f.mounts.map((m) => [m.parent, m.prefix, m.child])).toEqual([
      ["var:app", "/v1", { kind: "local", id: "var:v1" }],
      ["var:v1", "/books", { kind: "import", specifier: "./books", name: "default" }],
    ]);
    expect(f.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["PUT /x", "PATCH /x"]);
  });
});
