import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

const routes = (code: string) => facts(code).routes.map((r) => `${r.method} ${r.path} ${r.owner}${r.handler ? ` ${r.handler}` : ""}${r.handlerRef ? ` ref:${r.handlerRef.object ? `${r.handlerRef.object}.` : ""}${r.handlerRef.name}` : ""}`);

describe("[U] express extractor", () => {
  it("finds app and router verbs with their handlers", () => {
    const code = `import express, { Router } from "express";\nconst app = express();\nconst r = Router();\napp.get("/a", (req, res) => {});\nr.post("/b", auth, controller.create);\nr.route("/c").put(update).delete(remove);\n`;
    expect(routes(code)).toEqual(["GET /a var:app fn@L4C15", "POST /b var:r ref:controller.create", "DELETE /c var:r ref:remove", "PUT /c var:r ref:update"]);
  });

  it("routes declared in one chain are each located at their own method, not at the chain's first name (the first link where the chain starts)", () => {
    const code = `const express = require("express");\nconst app = express();\napp\n  .get("/v1/a", (req, res) => res.end())\n  .post("/v1/b", create);\napp.route("/v1/c")\n  .put(update)\n  .delete(remove);\napp.get("/v1/d", (req, res) => res.end());\n`;
    expect(facts(code).routes.map((r) => `${r.method} ${r.path} ${r.location.line}:${r.location.column}`)).toEqual(["POST /v1/b 5:4", "GET /v1/a 3:1", "DELETE /v1/c 8:4", "PUT /v1/c 7:4", "GET /v1/d 9:1"]);
  });

  it("var app = module.exports = express(): the variable and the export are one app, its routes found", () => {
    const f = facts(`var express = require("express");\nvar app = module.exports = express();\napp.get("/v1/a", (req, res) => res.end());\nvar router = exports.router = module.exports.api = express.Router();\nrouter.get("/v1/b", (req, res) => res.end());\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /v1/a var:app", "GET /v1/b var:router"]);
    expect(f.exports).toEqual({ default: "var:app", router: "var:router", api: "var:router" });
  });

  it("records mounts with prefixes, imports and require()", () => {
    const f = facts(`const express = require("express");\nconst users = require("./users");\nimport orders from "./orders.js";\nconst app = express();\napp.use(express.json());\napp.use("/v1/users", users);\napp.use("/v1/orders", auth, orders);\napp.use("/v1/x", require("./x"));\n`);
    expect(f.mounts.map((m) => [m.parent, m.prefix, m.child])).toEqual([
      ["var:app", "/v1/users", { kind: "import", specifier: "./users", name: "default" }],
      ["var:app", "/v1/orders", { kind: "local", id: "fn:auth" }],
      ["var:app", "/v1/orders", { kind: "import", specifier: "./orders.js", name: "default" }],
      ["var:app", "/v1/x", { kind: "import", specifier: "./x", name: "default" }],
    ]);
  });

  it("treats the first parameter of an exported function as an app when the file uses express", () => {
    const f = facts(`import type { Router } from "express";\nimport { Router as R } from "express";\nexport function mount(router: Router) {\n  router.get("/things", list);\n}\n`);
    expect(f.routes.map((r) => [r.method, r.path, r.owner])).toEqual([["GET", "/things", "fn:mount"]]);
    expect(f.exports).toEqual({ mount: "fn:mount" });
  });

  it("a namespace import called as the app (import * as express, with esModuleInterop) makes an app", () => {
    const f = facts(`import * as express from "express";\nconst app = express();\napp.get("/v1/a", (req, res) => res.end());\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /v1/a var:app"]);
  });

  it("require(\"express\").Router() is a router, another member called on require(\"express\") is not; only use() mounts", () => {
    const f = facts(`const r = require("express").Router();\nconst parser = require("express").json();\nr.get("/v1/a", list);\nparser.get("/v1/b", list);\nfunction list(req, res) { res.end(); }\nr.get("/v1/c", list);\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /v1/a var:r", "GET /v1/c var:r"]);
    expect(f.mounts).toEqual([]);
  });

  it("new Router() and new express.Router() are routers too (express's Router works with or without new); new of another class is not", () => {
    const f = facts(`import express, { Router } from "express";\nimport { Router as Other } from "./not-express.js";\nconst shop = new Router();\nshop.get("/v1/carts/:id", (req, res) => res.end());\nconst admin = new express.Router();\nadmin.post("/v1/stock", (req, res) => res.end());\nconst other = new Other();\nother.get("/v1/elsewhere", (req, res) => res.end());\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /v1/carts/:id var:shop", "POST /v1/stock var:admin"]);
  });

  it("does not take client calls or other objects for routes", () => {
    const f = facts(`import express from "express";\nconst cache = new Map();\ncache.get("/a");\nconst m = { get(path: string, x: unknown) {} };\nm.get("/b", () => {});\n`);
    expect(f.routes).toEqual([]);
  });
});

describe("[I] routers returned by factory functions", () => {
  it("app.use(prefix, createRouter(deps)) and hono route(prefix, makeApp()) across files", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree({
      ...service("services/a", ["express"], {
        "src/server.ts": `import express from "express";\nimport cors from "cors";\nimport { createUsersRouter } from "./users.js";\nconst app = express();\napp.use(cors());\napp.use("/v1/users", createUsersRouter({ db: null }));\n`,
        "src/users.ts": `import { Router } from "express";\nexport function createUsersRouter(deps: { db: unknown }) {\n  const router = Router();\n  router.get("/:id", (req, res) => res.json({}));\n  return router;\n}\n`,
      }),
      ...service("services/b", ["hono"], {
        "src/index.ts": `import { Hono } from "hono";\nconst app = new Hono();\nfunction books() {\n  const sub = new Hono();\n  sub.get("/", (c) => c.json([]));\n  return sub;\n}\napp.route("/v1/books", books());\n`,
      }),
    });
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path}`).sort()).toEqual(["a GET /v1/users/:id", "b GET /v1/books"]);
    // No service of this tree starts a tracer: missing-tracing has tests of its own.
    expect(result.findings.filter((f) => f.ruleId !== "missing-tracing")).toEqual([]);
  });
});

describe("[U] express apps and routers where real code puts them", () => {
  const exact = (code: string) => {
    const f = facts(code);
    return { routes: routes(code), mounts: f.mounts.map((m) => [m.parent, m.prefix, m.child]), apps: f.apps, exports: f.exports, prefixes: f.objectPrefixes };
  };

  it("an app built inside an IIFE, exported from it", () => {
    expect(exact(`const express = require("express");\n(function () {\n  const app = express();\n  app.get("/a", (req, res) => {});\n  module.exports = app;\n}());\n`)).toMatchObject({
      routes: ["GET /a var:app@3 fn@L4C17"],
      apps: { "var:app@3": "express" },
      exports: { default: "var:app@3" },
    });
    expect(exact(`import express from "express";\n(() => {\n  const app = express();\n  app.post("/b", h);\n})();\n`).routes).toEqual(["POST /b var:app@3 ref:h"]);
  });

  it("a factory's app is the caller's app when the factory is declared first", () => {
    expect(exact(`const express = require("express");\nfunction createApp() {\n  const app = express();\n  app.get("/inner", h);\n  return app;\n}\nconst app = createApp();\napp.get("/outer", h);\napp.use(require("./routes/cart"));\n`)).toMatchObject({
      routes: ["GET /inner var:app@3 ref:h", "GET /outer var:app@3 ref:h"],
      mounts: [["var:app@3", "", { kind: "import", specifier: "./routes/cart", name: "default" }]],
    });
  });

  it("a factory declared later or imported: the caller's app is mounted over what it returns", () => {
    expect(exact(`import express from "express";\nconst app = createApp();\napp.get("/outer", h);\nfunction createApp() {\n  const app = express();\n  return app;\n}\n`)).toMatchObject({
      routes: ["GET /outer var:app ref:h"],
      mounts: [["var:app", "", { kind: "local", id: "fn:createApp", returned: true }]],
    });
    expect(exact(`import { buildServer } from "./server.js";\nconst server = buildServer();\nserver.use("/api", users);\n`).mounts).toEqual([
      ["var:server", "", { kind: "import", specifier: "./server.js", name: "buildServer", returned: true }],
      ["var:server", "/api", { kind: "local", id: "fn:users" }],
    ]);
  });

  it("a call of a project function is no app when the names do not say so", () => {
    expect(exact(`import { loadCache } from "./cache.js";\nconst cache = loadCache();\ncache.get("/key", (err, v) => {});\n`)).toMatchObject({ routes: [], mounts: [] });
    expect(exact(`import express from "express";\nconst app = express();\nconst cache = createCache();\ncache.get("/key", (err, v) => {});\nfunction createCache() { return new Map(); }\n`)).toMatchObject({ routes: [], mounts: [] });
    expect(exact(`import { createClient } from "some-package";\nconst api = createClient();\napi.get("/users", onDone);\n`)).toMatchObject({ routes: [], mounts: [] });
  });

  it("apps and routers held by a class", () => {
    const code = `import express, { Router } from "express";\nclass Server {\n  private router = Router();\n  constructor() {\n    this.app = express();\n    this.router.get("/users", this.list);\n  }\n  routes() {\n    this.app.get("/ping", (req, res) => {});\n    this.app.use("/v1", this.router);\n  }\n}\n`;
    expect(exact(code)).toMatchObject({
      routes: ["GET /users var:this.router@3 fn:Server.list", "GET /ping var:this.app@5 fn@L9C27"],
      mounts: [["var:this.app@5", "/v1", { kind: "local", id: "var:this.router@3" }]],
      apps: { "var:this.router@3": "express", "var:this.app@5": "express" },
    });
  });

  it("require(express).Router() and require(express)() with no binding for the module; Router options", () => {
    expect(exact(`const router = require("express").Router();\nrouter.get("/cart", h);\nmodule.exports = router;\n`)).toMatchObject({ routes: ["GET /cart var:router ref:h"], exports: { default: "var:router" } });
    expect(exact(`const app = require("express")();\napp.get("/x", h);\n`).routes).toEqual(["GET /x var:app ref:h"]);
    expect(exact(`import express from "express";\nconst r = express.Router({ mergeParams: true });\nr.get("/:id", h);\n`).routes).toEqual(["GET /:id var:r ref:h"]);
  });

  it("route tables iterated over: forEach, map and for-of, fields read or destructured", () => {
    const table = `import { Router } from "express";\nconst router = Router();\nconst routes = [\n  { method: "get", path: "/items", handler: list },\n  { method: "POST", path: "/items", handler: create },\n  { method: "fetch", path: "/nope", handler: list },\n];\n`;
    expect(exact(`${table}routes.forEach((r) => router[r.method](r.path, auth, r.handler));\n`).routes).toEqual(["GET /items var:router ref:list", "POST /items var:router ref:create"]);
    expect(exact(`${table}routes.map(({ method, path: p, handler }) => router[method.toLowerCase()](p, handler));\n`).routes).toEqual(["GET /items var:router ref:list", "POST /items var:router ref:create"]);
    expect(exact(`${table}for (const route of routes) {\n  router[route.method](route.path, route.handler);\n}\n`).routes).toEqual(["GET /items var:router ref:list", "POST /items var:router ref:create"]);
    // Found at the row.
    expect(facts(`${table}routes.forEach((r) => router[r.method](r.path, r.handler));\n`).routes.map((r) => r.location.line)).toEqual([4, 5]);
  });

  it("a table's row read only where the loop's own variable is read: another object's field of the same name is that object's", () => {
    const table = `import { Router } from "express";\nconst router = Router();\nconst base = { path: "/v1/health" };\nconst routes = [{ method: "get", path: "/v1/orders", handler: list }];\n`;
    expect(exact(`${table}routes.forEach((r) => router[r.method](base.path, r.handler));\n`).routes).toEqual(["GET /v1/health var:router ref:list"]);
  });

  it("a call with the row's method and one argument registers no route (express's app.get(name) reads a setting)", () => {
    const table = `import express from "express";\nconst app = express();\nconst settings = [{ method: "get", path: "/v1/orders" }];\n`;
    expect(exact(`${table}settings.forEach((s) => app[s.method](s.path));\n`).routes).toEqual([]);
  });

  it("no route from a table that is not literal, or from an object that is no app", () => {
    expect(exact(`import { Router } from "express";\nimport routes from "./table.js";\nconst router = Router();\nroutes.forEach((r) => router[r.method](r.path, r.handler));\n`).routes).toEqual([]);
    expect(exact(`import express from "express";\nconst cache = new Map();\nconst ops = [{ method: "get", path: "/a", handler: h }];\nops.forEach((o) => cache[o.method](o.path, o.handler));\n`).routes).toEqual([]);
  });
});

describe("[I] apps from factories and classes, across files", () => {
  it("routes of a factory's app and of its callers' mounts, CommonJS and ESM", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree({
      ...service("services/shop", ["express"], {
        "src/server.ts": `import { createApp } from "./app.js";\nimport users from "./users.js";\nconst app = createApp();\napp.use("/api/v1", users);\napp.listen(3000);\n`,
        "src/app.ts": `import express from "express";\nexport function createApp() {\n  const app = express();\n  app.get("/inner", (req, res) => {});\n  app.use(require("./routes/cart"));\n  return app;\n}\n`,
        "src/routes/cart.js": `const router = require("express").Router();\nrouter.route("/cart/:id").get((q, s) => {}).post((q, s) => {});\nmodule.exports = router;\n`,
        "src/users.ts": `import express from "express";\nconst r = express.Router({ mergeParams: true });\nr.get("/users", (q, s) => {});\nexport default r;\n`,
      }),
      ...service("services/legacy", ["express"], {
        "src/server.js": `const express = require("express");\nconst orders = require("./orders");\nclass Server {\n  constructor() {\n    this.app = express();\n    this.app.use("/v1/orders", orders);\n  }\n}\nnew Server();\n`,
        "src/orders.js": `const express = require("express");\n(function () {\n  const router = express.Router();\n  router.get("/", (q, s) => {});\n  module.exports = router;\n}());\n`,
      }),
    });
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path}`).sort()).toEqual([
      "legacy GET /v1/orders",
      "shop GET /api/v1/users",
      "shop GET /cart/:id",
      "shop GET /inner",
      "shop POST /cart/:id",
    ]);
  });

  it("an axios instance imported into a React page is no route owner", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree({
      ...service("apps/client", ["express", "axios", "react"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.use(express.static("build"));\napp.listen(3000);\n`,
        "src/api.ts": `import axios from "axios";\nexport const api = axios.create({ baseURL: "/api" });\n`,
        "src/pages/Login/api.ts": `import { api } from "../../api";\nexport const login = (payload: unknown) => api.post("/auth/login", payload);\n`,
      }),
    });
    expect(result.model.routes).toEqual([]);
  });
});

describe("[I] the no-route diagnostic: gone for the forms now followed, kept where no route is found", () => {
  it("an IIFE-built app, a factory's caller and a class app have routes; a table read from another module does not", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree({
      ...service("services/front", ["express"], {
        "src/server.js": `const express = require("express");\n(function () {\n  const app = express();\n  app.get("/v1/products", (req, res) => {});\n  app.listen(8080);\n}());\n`,
      }),
      ...service("services/cart", ["express"], {
        "src/server.ts": `import { buildApp } from "./app.js";\nconst app = buildApp();\napp.get("/v1/cart", (req, res) => {});\napp.listen(3000);\n`,
        "src/app.ts": `import express from "express";\nexport function buildApp() {\n  const app = express();\n  return app;\n}\n`,
      }),
      ...service("services/users", ["express"], {
        "src/server.ts": `import express from "express";\nclass Server {\n  app = express();\n  start() {\n    this.app.get("/v1/users", (req, res) => {});\n  }\n}\nnew Server().start();\n`,
      }),
      ...service("services/legacy", ["express"], {
        "src/server.ts": `import express from "express";\nimport table from "./table.js";\nconst app = express();\ntable.forEach((r) => app[r.method](r.path, r.handler));\n`,
        "src/table.ts": `export default [{ method: "get", path: "/v1/x", handler: () => {} }];\n`,
      }),
    });
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path}`).sort()).toEqual(["cart GET /v1/cart", "front GET /v1/products", "users GET /v1/users"]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => d.message)).toEqual([
      "legacy imports express at services/legacy/src/server.ts:1, but no route was found (routes registered in a way arch-lint does not follow are not checked)",
    ]);
  });
});

describe("[U] express mounts of several routers", () => {
  it("app.use(prefix, [a, b]) mounts each router of the array", () => {
    const f = facts(`import express from "express";\nimport users from "./users.js";\nconst app = express();\nconst orders = express.Router();\napp.use("/api/v1", [users, orders]);\n`);
    expect(f.mounts.map((m) => [m.parent, m.prefix, m.child])).toEqual([
      ["var:app", "/api/v1", { kind: "import", specifier: "./users.js", name: "default" }],
      ["var:app", "/api/v1", { kind: "local", id: "var:orders" }],
    ]);
  });
});

describe("[I] require(\"./routes\")(app)", () => {
  it("a module's default export called with the app adds its routes to that app (also this.app)", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree({
      ...service("services/shop", ["express"], {
        "src/server.js": `const express = require("express");\nconst app = express();\nrequire("./routes/users")(app);\nrequire("lodash")(app);\nclass Admin {\n  constructor() {\n    this.app = express();\n    require("./routes/admin")(this.app);\n  }\n}\n`,
        "src/routes/users.js": `module.exports = function (app) {\n  app.get("/v1/users", (req, res) => {});\n};\n`,
        "src/routes/admin.js": `module.exports = (router) => {\n  router.post("/v1/reindex", (req, res) => {});\n};\n`,
      }),
    });
    expect(result.model.routes.map((r) => [r.method, r.path, r.mountChain.map((l) => l.line)]).sort()).toEqual([["GET", "/v1/users", [3]], ["POST", "/v1/reindex", [8]]]);
  });
});

describe("[U] routes versioned through the request", () => {
  it("express-routes-versioning and express-version-route tables give the route their first version", () => {
    const f = facts(`const express = require("express");\nconst routesVersioning = require("express-routes-versioning")();\nimport versionRouter from "express-version-route";\nconst app = express();\napp.get("/users", routesVersioning({ "1.0.0": v1, "2.0.0": v2 }));\napp.get("/orders", versionRouter.route({}));\napp.get("/plain", v1);\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.version ?? "-"}`)).toEqual(["GET /users 1.0.0", "GET /orders header", "GET /plain -"]);
  });
});

describe("[U] catch-all handlers", () => {
  it("a wildcard route whose handler answers 404 or sends the app's index.html is marked catchAll", () => {
    const f = facts(`import express from "express";\nconst app = express();\napp.get("*", (req, res) => res.sendFile(index));\napp.get("/(.*)", (req, res) => { res.status(404).json({ error: "Not found" }); });\napp.get("/files/*", (req, res) => res.download(req.params[0]));\napp.get("/x/*", notFound);\napp.get("/users", (req, res) => res.status(404).end());\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.catchAll ?? "-"}`)).toEqual(["GET * true", "GET /(.*) true", "GET /files/* -", "GET /x/* true", "GET /users -"]);
  });
});

describe("[I] a factory caller's object is an app only when the factory returns one", () => {
  it("createApp() returning express() keeps its caller's routes; createApi() returning an axios instance gives none", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree({
      ...service("services/shop", ["express", "axios"], {
        "src/server.ts": `import { createApp } from "./app.js";\nconst app = createApp();\napp.get("/v1/items", (req, res) => {});\napp.listen(3000);\n`,
        "src/app.ts": `import express from "express";\nexport const createApp = () => express();\n`,
        "src/client/api.ts": `import axios from "axios";\nexport function createApi() {\n  return axios.create({ baseURL: "/api" });\n}\n`,
        "src/client/login.ts": `import { createApi } from "./api.js";\nconst api = createApi();\nexport const login = (payload: unknown) => api.post("/auth/login", payload);\n`,
      }),
    });
    expect(result.model.routes.map((r) => `${r.method} ${r.path} ${r.framework}`)).toEqual(["GET /v1/items express"]);
  });
});

describe("[I] apps assigned later and routers exported as properties", () => {
  it("let app; app = express() in a start function; app.use(prefix, routes.router) with module.exports = { router }", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree({
      ...service("services/shop", ["express"], {
        "src/server.js": `const express = require("express");\nconst routes = require("./routes");\nlet app;\nasync function start() {\n  app = express();\n  app.use("/api/v1", routes.router);\n  app.get("/api/v1/ping-me", (req, res) => {});\n  app.listen(3000);\n}\nstart();\n`,
        "src/routes.js": `const router = require("express").Router();\nrouter.get("/items", (req, res) => {});\nmodule.exports = { router };\n`,
      }),
    });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /api/v1/items", "GET /api/v1/ping-me"]);
  });
});

describe("[I] routers classes hold in a field, mounted from another class", () => {
  // Written for this test: a server class whose routing method comes before the init() that makes its app, mounting
  // routers that other files' classes keep in a `router` field, made with `new` or fetched from a singleton accessor.
  const shop = (mounts: string) => ({
    "src/server.ts": `import express from "express";\nimport ShelfRoutes from "./shelves";\nimport { TillRoutes } from "./tills";\nexport default class Server {\n  private app!: express.Express;\n  private readonly prefix: string = "/api";\n  routing(): void {\n${mounts}\n  }\n  init(): void {\n    this.app = express();\n    this.routing();\n    this.app.listen(3000);\n  }\n}\nnew Server().init();\n`,
    "src/shelves.ts": `import { Router } from "express";\nexport default class ShelfRoutes {\n  private static instance: ShelfRoutes;\n  public readonly router = Router();\n  constructor() {\n    this.router.get("/:shelfId", (req, res) => res.end());\n  }\n  static getInstance(): ShelfRoutes {\n    if (!ShelfRoutes.instance) ShelfRoutes.instance = new ShelfRoutes();\n    return ShelfRoutes.instance;\n  }\n}\n`,
    "src/tills.ts": `import { Router } from "express";\nexport class TillRoutes {\n  router = Router();\n  constructor() {\n    this.router.post("/", (req, res) => res.end());\n  }\n}\n`,
  });

  it("`new TillRoutes().router` and `ShelfRoutes.getInstance().router` under `this.prefix + …` of an app made further down", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree(service("store", ["express"], shop(`    this.app.use(this.prefix + "/shelves", ShelfRoutes.getInstance().router);\n    this.app.use(\`\${this.prefix}/tills\`, new TillRoutes().router);`)));
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /api/shelves/:shelfId", "POST /api/tills"]);
  });

  it("the router of an instance another module makes and exports (`export default new X()`, `const routes = new X(ctrl); export { routes }`), mounted under a version", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const tree = (server: string) =>
      lintTree(
        service("store", ["express"], {
          "src/server.ts": server,
          "src/tills.ts": `import { Router } from "express";\nexport class TillRoutes {\n  router = Router();\n  constructor(ctrl: { open: (req: unknown, res: unknown) => void }) {\n    this.router.post("/", ctrl.open);\n  }\n}\n`,
          "src/wiring.ts": `import { TillRoutes } from "./tills";\nconst tills = { open: (req: unknown, res: unknown) => undefined };\nconst tillRoutes = new TillRoutes(tills);\nexport { tillRoutes };\nexport default new TillRoutes(tills);\n`,
        }),
        { only: "unversioned-route" },
      );
    const named = tree(`import express from "express";\nimport { tillRoutes } from "./wiring";\nconst app = express();\napp.use("/v1/tills", tillRoutes.router);\napp.listen(3000);\n`);
    expect(named.model.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/tills"]);
    expect(named.findings).toEqual([]);
    expect(named.diagnostics.map((d) => d.message)).not.toContainEqual(expect.stringContaining("may answer every request"));
    const byDefault = tree(`import express from "express";\nimport wiring from "./wiring";\nconst app = express();\napp.use("/v2/tills", wiring.router);\napp.listen(3000);\n`);
    expect(byDefault.model.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v2/tills"]);
  });

  it("a module constant holding a fresh instance's router field or getter result (`new Builder().router`, `new Routes().getRouter()`), exported and mounted under a version", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree(
      service("library", ["express"], {
        "src/server.ts": `import express from "express";\nimport { catalog } from "./wiring";\nexport class Api {\n  app = express();\n  start(): void {\n    this.app.use("/_health", (req, res) => res.json({ up: true }));\n    this.app.use("/api/v1", catalog);\n    this.app.listen(3000);\n  }\n}\nnew Api().start();\n`,
        "src/wiring.ts": `import { Catalog } from "./catalog";\nconst catalog = new Catalog().getRouter();\nexport { catalog };\n`,
        "src/catalog.ts": `import { Router } from "express";\nimport { loansRouter } from "./loans";\nexport class Catalog {\n  private router: Router;\n  constructor() {\n    this.router = Router();\n    this.router.use("/loans", loansRouter);\n  }\n  getRouter(): Router {\n    return this.router;\n  }\n}\n`,
        "src/loans.ts": `import { Router } from "express";\nclass LoanRoutes {\n  router: Router;\n  constructor() {\n    this.router = Router();\n    this.wire();\n  }\n  private wire(): void {\n    this.router.route("/:loanId").get((req, res) => res.end()).delete((req, res) => res.end());\n  }\n}\nexport const loansRouter = new LoanRoutes().router;\n`,
      }),
      { only: "unversioned-route" },
    );
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["ALL /_health", "DELETE /api/v1/loans/:loanId", "GET /api/v1/loans/:loanId"]);
    expect(result.findings).toEqual([]);
  });

  it("a class of the same file whose router is mounted through an instance", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree(
      service("store", ["express"], {
        "src/server.ts": `import express, { Router } from "express";\nclass Aisles {\n  router = Router();\n  constructor() {\n    this.router.get("/", (req, res) => res.end());\n  }\n}\nconst app = express();\napp.use("/v1/aisles", new Aisles().router);\napp.listen(3000);\n`,
      }),
    );
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/aisles"]);
  });

  it("an instance kept in a variable first, made with what the service hands it, its router mounted in a start function", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree(
      service("store", ["express"], {
        "src/server.ts": `import express from "express";\nimport { DockRoutes } from "./docks";\nconst app = express();\nasync function start() {\n  const docks = new DockRoutes({ slots: 4 });\n  app.use("/docks", docks.router);\n  app.listen(3000);\n}\nstart();\n`,
        "src/docks.ts": `import { Router } from "express";\nexport class DockRoutes {\n  router = Router();\n  constructor(private config: { slots: number }) {\n    this.router.get("/", (req, res) => res.json(this.config));\n    this.router.post("/:dock/arrivals", (req, res) => res.end());\n  }\n}\n`,
      }),
    );
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /docks", "POST /docks/:dock/arrivals"]);
  });
});

describe("[U] several paths for one handler", () => {
  it("app.get([\"/a\", \"/b\"], h) is one route per path; an array that is not all paths is none", () => {
    expect(routes(`import express from "express";\nconst app = express();\napp.get(["/users", "/people"], list);\napp.get(["/x", somethingElse], list);\n`)).toEqual(["GET /users var:app ref:list", "GET /people var:app ref:list"]);
  });
});

describe("[U] routes a loop registers over a literal list", () => {
  it("for...of over literal names: one route per name, each with the loop's handler", () => {
    const code = `import express from "express";\nconst app = express();\nfor (const kind of ["invoices", "receipts", "refunds"]) {\n  app.get(\`/v1/\${kind}/:id\`, (req, res) => res.json({ kind }));\n}\n`;
    expect(routes(code)).toEqual(["GET /v1/invoices/:id var:app fn@L4C30", "GET /v1/receipts/:id var:app fn@L4C30", "GET /v1/refunds/:id var:app fn@L4C30"]);
  });

  it("forEach over a const list of the file, the variable the whole path or a hole of it", () => {
    const code = `const { Router } = require("express");\nconst router = Router();\nconst STEPS = ["pack", "ship"] as const;\nSTEPS.forEach((step) => router.post(\`/parcels/:id/\${step}\`, advance));\n["/ping", "/pong"].forEach((path) => router.get(path, answer));\nmodule.exports = router;\n`;
    expect(routes(code)).toEqual(["POST /parcels/:id/pack var:router ref:advance", "POST /parcels/:id/ship var:router ref:advance", "GET /ping var:router ref:answer", "GET /pong var:router ref:answer"]);
  });

  it("loops over the keys of a literal table (Object.entries with the key destructured, Object.keys, for-of): one route per key", () => {
    const table = `import express from "express";\nconst app = express();\nconst pages = { "/v1/terms": terms, "/v1/privacy": privacy };\n`;
    expect(routes(`${table}Object.entries(pages).forEach(([path, page]) => app.get(path, page));\n`)).toEqual(["GET /v1/terms var:app ref:page", "GET /v1/privacy var:app ref:page"]);
    expect(routes(`${table}Object.keys(pages).forEach((path) => app.get(path, show));\n`)).toEqual(["GET /v1/terms var:app ref:show", "GET /v1/privacy var:app ref:show"]);
    expect(routes(`${table}for (const [path, page] of Object.entries(pages)) app.get(path, page);\n`)).toEqual(["GET /v1/terms var:app ref:page", "GET /v1/privacy var:app ref:page"]);
    // The value, not the key: no path to unroll; a table with a computed key: none either.
    expect(routes(`${table}Object.entries(pages).forEach(([page, path]) => app.get(path, page));\n`)).toEqual([]);
    expect(routes(`import express from "express";\nconst app = express();\nconst pages = { [TERMS]: terms };\nObject.keys(pages).forEach((path) => app.get(path, show));\n`)).toEqual([]);
  });

  it("a hole that is no loop variable over literals stays one route with {?}", () => {
    const code = `import express from "express";\nconst app = express();\nfor (const kind of kinds()) app.get(\`/v1/\${kind}\`, h);\n["a", "b"].forEach((x, i) => app.get(\`/v1/\${i}/\${other}\`, h));\nfunction mount(kind) { ["a"].forEach(() => app.get(\`/v2/\${kind}\`, h)); }\n`;
    expect(routes(code)).toEqual(["GET /v1/{?} var:app ref:h", "GET /v1/{?}/{?} var:app ref:h", "GET /v2/{?} var:app ref:h"]);
  });
});
