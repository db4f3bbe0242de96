import { describe, expect, it } from "vitest";
import { facts, lintTree } from "../helpers.js";

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

  it("a module that exports a chain of registrations exports its router: a new one, or one bound above (not the last handler named)", () => {
    const account = facts(`import Router from "@koa/router";\nexport default new Router()\n  .post("/signup", signup)\n  .get("/me", me);\nfunction signup() {}\nfunction me() {}\n`);
    expect(account.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /me var:export-default", "POST /signup var:export-default"]);
    expect(account.exports).toEqual({ default: "var:export-default" });
    const result = lintTree({
      "package.json": { name: "accounts", scripts: { start: "node src/server.js" }, dependencies: { koa: "*", "@koa/router": "*" } },
      "src/account.js": `import Router from "@koa/router";\nexport default new Router()\n  .post("/signup", (ctx) => {})\n  .get("/me", (ctx) => {});\n`,
      "src/router.js": `import Router from "@koa/router";\nimport account from "./account";\nconst router = new Router({ prefix: "/api/v2/accounts" });\nexport default router.use(account.routes());\n`,
      "src/server.js": `import Koa from "koa";\nimport router from "./router";\nconst app = new Koa();\napp.use(router.routes());\napp.listen(3000);\n`,
    });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /api/v2/accounts/me", "POST /api/v2/accounts/signup"]);
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

describe("[U] hono: a chain closed by an error or not-found handler", () => {
  it("new Hono().use(mw).get(...).post(...).onError(fn) is the app; its routes are kept, bound or exported", () => {
    const bound = facts(`import { Hono } from "hono";\nconst api = new Hono<{ Variables: { who: string } }>()\n  .use(audit)\n  .get("/v1/carts/:id", (c) => c.json({}))\n  .post("/v1/carts", (c) => c.json({}))\n  .onError((err, c) => c.text("oops", 500));\nexport { api };\n`);
    expect(bound.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["POST /v1/carts var:api", "GET /v1/carts/:id var:api"]);
    const exported = facts(`import { Hono } from "hono";\nexport default new Hono()\n  .delete("/v1/carts/:id", (c) => c.body(null))\n  .notFound((c) => c.text("none", 404));\n`);
    expect(exported.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["DELETE /v1/carts/:id"]);
  });
});

describe("[U] koa and hono apps in classes, factories and IIFEs", () => {
  it("a koa-router held by a class keeps its prefix; nested in an IIFE", () => {
    const f = facts(`import Koa from "koa";\nimport Router from "koa-router";\nexport class Api {\n  private router = new Router({ prefix: "/api/v1" });\n  constructor(private app = new Koa()) {\n    this.router.get("/users", list);\n    this.app.use(this.router.routes());\n  }\n}\n`);
    expect(f.objectPrefixes).toEqual({ "var:this.router@4": "/api/v1" });
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /users var:this.router@4"]);
    const g = facts(`const Router = require("@koa/router");\n(() => {\n  const r = new Router();\n  r.prefix("/things");\n  r.post("/", h);\n})();\n`);
    expect(g.objectPrefixes).toEqual({ "var:r@3": "/things" });
    expect(g.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["POST / var:r@3"]);
  });

  it("hono: basePath on a new object of another class makes no app, in a file that uses hono", () => {
    const f = facts(`import { Hono } from "hono";\nimport { ApiClient } from "./client";\nconst client = new ApiClient().basePath("/v1");\nclient.get("/orders", h);\n`);
    expect(f.routes).toEqual([]);
  });

  it("hono: a sub-app from a factory declared first, basePath on a class member", () => {
    const f = facts(`import { Hono } from "hono";\nfunction books() {\n  const b = new Hono();\n  b.get("/", h);\n  return b;\n}\nconst sub = books();\nsub.get("/:id", h);\nclass Server {\n  constructor() {\n    this.api = new Hono().basePath("/api/v1");\n    this.api.route("/books", sub);\n  }\n}\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET / var:b@3", "GET /:id var:b@3"]);
    expect(f.objectPrefixes).toEqual({ "var:this.api@11": "/api/v1" });
    expect(f.mounts.map((m) => [m.parent, m.prefix, m.child])).toEqual([["var:this.api@11", "/books", { kind: "local", id: "var:b@3" }]]);
  });
});

describe("[U] koa-mount", () => {
  it("app.use(mount(prefix, sub)) mounts a sub-app or a router's routes under the prefix", () => {
    const f = facts(`const Koa = require("koa");\nconst mount = require("koa-mount");\nconst Router = require("@koa/router");\nconst app = new Koa();\nconst api = new Koa();\nconst r = new Router();\nr.get("/users", h);\napi.use(r.routes());\napp.use(mount("/api/v1", api));\napp.use(mount(require("./admin")));\napp.use(helmet());\n`);
    expect(f.mounts.map((m) => [m.parent, m.prefix, m.child])).toEqual([
      ["var:api", "", { kind: "local", id: "var:r" }],
      ["var:app", "/api/v1", { kind: "local", id: "var:api" }],
      ["var:app", "", { kind: "import", specifier: "./admin", name: "default" }],
    ]);
  });
});

describe("[U] koa named routes and hono zod-openapi routes", () => {
  it("router.get(name, path, handler) takes the path, not the name", () => {
    const f = facts(`const Router = require("koa-router");\nconst router = new Router();\nrouter.get("user", "/users/:id", show);\nrouter.post("/users", create);\nrouter.get("no-path", show);\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner} ${r.handlerRef?.name}`)).toEqual(["GET /users/:id var:router show", "POST /users var:router create"]);
  });

  it("app.openapi(createRoute({ method, path }), handler), inline or through a constant", () => {
    const f = facts(`import { OpenAPIHono, createRoute } from "@hono/zod-openapi";\nconst app = new OpenAPIHono();\nconst getUser = createRoute({ method: "get", path: "/users/{id}", responses: {} });\napp.openapi(getUser, (c) => c.json({}));\napp.openapi(createRoute({ method: "post", path: "/users" }), create);\napp.openapi(notARoute({ method: "put", path: "/x" }), create);\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /users/{id} var:app", "POST /users var:app"]);
  });
});

describe("[U] koa-router made without new", () => {
  it("Router(opts), require(\"koa-router\")() and new Router().prefix(p) are routers with their prefixes", () => {
    const f = facts(`const Koa = require("koa");\nconst Router = require("koa-router");\nconst router = require("koa-router")();\nconst r2 = Router({ prefix: "/api/v1" });\nconst r3 = new Router().prefix("/api/v2");\nrouter.get("/a", h);\nr2.get("/b", h);\nr3.get("/c", h);\nconst notRouter = other().prefix("/x");\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /a var:router", "GET /b var:r2", "GET /c var:r3"]);
    expect(f.objectPrefixes).toEqual({ "var:r2": "/api/v1", "var:r3": "/api/v2" });
    expect(f.apps).toEqual({ "var:router": "koa", "var:r2": "koa", "var:r3": "koa" });
  });
});

describe("[U] koa-route", () => {
  it("app.use(route.get(path, fn)) is a route of the app; destructured verbs and del too; other middleware is not", () => {
    const f = facts(`const Koa = require("koa");\nconst route = require("koa-route");\nconst { post, del } = require("koa-route");\nconst app = new Koa();\napp.use(route.get("/v1/pets", async (ctx) => { ctx.body = []; }));\napp.use(post("/pets", createPet));\napp.use(del("/pets/:id", removePet));\napp.use(logger());\napp.use(route.get("/no-handler"));\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner} ${r.handler ?? r.handlerRef?.name}`)).toEqual([
      "GET /v1/pets var:app fn@L5C31",
      "POST /pets var:app createPet",
      "DELETE /pets/:id var:app removePet",
    ]);
  });

  it("an import named like a koa-route verb from elsewhere gives no route", () => {
    const f = facts(`import Koa from "koa";\nimport { get } from "./http";\nconst app = new Koa();\napp.use(get("/pets", h));\n`);
    expect(f.routes).toEqual([]);
  });
});

describe("[U] koa: prefixes joined across router.use and koa-mount", () => {
  it("a router's use(prefix, mount(prefix2, sub)) mounts under both, one slash between them", () => {
    const f = facts(`import Router from "@koa/router";\nimport mount from "koa-mount";\nimport Koa from "koa";\nconst api = new Router();\nconst orders = new Koa();\napi.use("/v1/", mount("/orders", orders));\napi.use("/v2", mount("//orders", orders));\napi.use("/v3", mount(require("./admin")));\napi.use(mount("/v4", orders));\n`);
    expect(f.mounts.map((m) => [m.parent, m.prefix])).toEqual([
      ["var:api", "/v1/orders"],
      ["var:api", "/v2/orders"],
      ["var:api", "/v3"],
      ["var:api", "/v4"],
    ]);
  });

  it("koa-route under a router's prefix: the route's path joins it", () => {
    const f = facts(`import Router from "koa-router";\nimport route from "koa-route";\nconst api = new Router();\napi.use("/v1//", route.get("/orders", list));\napi.use("/v2", route.get("", list));\napi.use("/v3", route.get("orders/:id", show));\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/orders", "GET /v2", "GET /v3/orders/:id"]);
  });

  it("the Router member of a koa-router default import (new KoaRouter.Router({ prefix })) is a router", () => {
    const f = facts(`import KoaRouter from "@koa/router";\nconst api = new KoaRouter.Router({ prefix: "/v1" });\napi.get("/orders", list);\n`);
    expect(f.objectPrefixes).toEqual({ "var:api": "/v1" });
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /orders var:api"]);
  });
});

describe("[I] koa routes registered by the project's own functions and modules", () => {
  it("a function handed the router registers routes even when its file also calls another service with axios", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree({
      ...service("services/catalog", ["koa", "koa-router", "axios"], {
        "src/index.js": `const Koa = require("koa");\nconst router = require("./routes");\nconst app = new Koa();\napp.use(router.routes());\napp.listen(3000);\n`,
        "src/routes/index.js": `const Router = require("koa-router");\nconst shelves = require("./shelves");\nconst router = new Router();\nshelves(router);\nmodule.exports = router;\n`,
        "src/routes/shelves.js": `const axios = require("axios");\nconst stock = axios.create({ baseURL: process.env.STOCK_URL });\nmodule.exports = (router) =>\n  router.get("/shelves", async (ctx) => {\n    ctx.body = (await stock.get("/levels")).data;\n  });\n`,
        // A client helper handed an object named router that posts a body: a call, not a route.
        "src/routes/client.js": `const axios = require("axios");\nmodule.exports = (router) => router.post("/auth/login", { user: "x" });\n`,
      }),
    });
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path} ${r.location.file}:${r.location.line}`)).toEqual([
      "catalog GET /shelves services/catalog/src/routes/shelves.js:4",
    ]);
  });

  it("a module exporting router.routes() is mounted under the prefix its parent router gives it", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree({
      ...service("services/ledger", ["koa", "koa-router"], {
        "src/index.js": `const Koa = require("koa");\nconst router = require("./routes");\nconst app = new Koa();\napp.use(router.routes());\napp.listen(3000);\n`,
        "src/routes/index.js": `const Router = require("koa-router");\nconst entries = require("./entries");\nconst router = new Router();\nrouter.use("/entries", entries);\nmodule.exports = router;\n`,
        "src/routes/entries.js": `const Router = require("koa-router");\nconst router = new Router();\nrouter.get("/:id", async (ctx) => { ctx.body = {}; });\nmodule.exports = router.routes();\n`,
      }),
    });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /entries/:id"]);
  });
});
