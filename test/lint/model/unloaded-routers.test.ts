import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * A router a file exports for another module to mount, in a file nothing loads (its import commented out), is never
 * served: its routes are left out of the model, and a diagnostic names them (model/unloaded-routers.ts). Where the
 * service loads modules by a path built at run time, or a start command runs the file, they stay.
 */

/** A library service: an app mounting its catalog router, and a returns router whose mount was commented out. */
const library = (server: string, extra: Record<string, string> = {}, scripts: Record<string, string> = { start: "node src/server.js" }): Tree => ({
  ...service("services/library", ["express"], {
    "src/server.js": server,
    "src/routes/catalog.js": `const { Router } = require("express");\nconst router = Router();\nrouter.get("/v1/books", (req, res) => res.json([]));\nmodule.exports = router;\n`,
    "src/routes/returns.js": `const { Router } = require("express");\nconst router = Router();\nrouter.post("/returns", (req, res) => res.status(202).end());\nmodule.exports = { returnsRouter: router };\n`,
    ...extra,
  }),
  "services/library/package.json": { name: "library", scripts, dependencies: { express: "*" } },
});

const SERVER = `const express = require("express");\nconst catalog = require("./routes/catalog");\n// const { returnsRouter } = require("./routes/returns");\nconst app = express();\napp.use(catalog);\n// app.use(returnsRouter);\napp.listen(3000);\n`;

const routeIds = (tree: Tree) => lintTree(tree, { only: "unversioned-route" }).model.routes.map((route) => route.id);

describe("[U] routes of a router no file loads", () => {
  it("are not served: left out of the model, with a diagnostic naming them", () => {
    const result = lintTree(library(SERVER), { only: "unversioned-route" });
    expect(result.model.routes.map((route) => route.id)).toEqual(["library GET /v1/books"]);
    expect(result.findings).toEqual([]);
    expect(result.diagnostics.filter((d) => d.message.includes("returns.js"))).toEqual([
      {
        kind: "not-understood",
        service: "library",
        message: "library: services/library/src/routes/returns.js exports a router with a route (POST /returns), but no file of library loads it (nothing that runs imports or requires it, no start command runs it): not served, so not checked",
        file: "services/library/src/routes/returns.js",
        line: 3,
      },
    ]);
  });

  it("stay when the file is loaded, whatever the form: an import, a require inside a call, a re-export", () => {
    for (const load of [`const { returnsRouter } = require("./routes/returns");\napp.use(returnsRouter);`, `app.use(require("./routes/returns").returnsRouter);`]) {
      expect(routeIds(library(SERVER.replace("app.listen(3000);", `${load}\napp.listen(3000);`)))).toContain("library POST /returns");
    }
    const barrel = { "src/routes/index.js": `module.exports = { ...require("./returns") };\n` };
    expect(routeIds(library(SERVER.replace("app.listen(3000);", `require("./routes");\napp.listen(3000);`), barrel))).toContain("library POST /returns");
  });

  it("are not served either when only a router index that nothing running loads mounts them (its own require commented out)", () => {
    // Written for this test: routes/index.js mounts the returns router, and the server's require of that index is commented out.
    const index = { "src/routes/index.js": `const express = require("express");\nconst { returnsRouter } = require("./returns");\nconst api = express.Router();\napi.use("/", returnsRouter);\nmodule.exports = api;\n` };
    const result = lintTree(library(SERVER.replace("// app.use(returnsRouter);", "// app.use(require(\"./routes\"));"), index), { only: "unversioned-route" });
    expect(result.model.routes.map((route) => route.id)).toEqual(["library GET /v1/books"]);
    expect(result.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining("src/routes/returns.js exports a router with a route (POST /returns), but no file of library loads it"));
    // The server requiring the index: it runs, and so do the routes it mounts.
    expect(routeIds(library(SERVER.replace("app.listen(3000);", `app.use("/v1", require("./routes"));\napp.listen(3000);`), index))).toContain("library POST /v1/returns");
    // An index at the top of the service is an entry a platform may start by its name: what it mounts is served.
    const topIndex = { "index.js": index["src/routes/index.js"].replace("./returns", "./src/routes/returns") };
    expect(routeIds(library(SERVER, topIndex))).toContain("library POST /returns");
  });

  it("stay when the service loads modules by a path built at run time (every file of a folder, a loader package)", () => {
    const loop = SERVER.replace("app.listen(3000);", `const fs = require("fs");\nconst path = require("path");\nfor (const file of fs.readdirSync(path.join(__dirname, "routes"))) app.use(require(path.join(__dirname, "routes", file)));\napp.listen(3000);\n`);
    expect(routeIds(library(loop))).toContain("library POST /returns");
    const loader = SERVER.replace("app.listen(3000);", `const requireAll = require("require-all");\nrequireAll(__dirname + "/routes");\napp.listen(3000);\n`);
    expect(routeIds(library(loader))).toContain("library POST /returns");
  });

  it("stay when a start command runs the file (a plugin a CLI loads: `fastify start src/routes/returns.js`)", () => {
    expect(routeIds(library(SERVER, {}, { start: "node src/server.js", "start:returns": "fastify start src/routes/returns.js" }))).toContain("library POST /returns");
  });

  it("a file that exports nothing (an app it makes and never exports nor listens on) and that nothing loads: its routes are not served (acc27a)", () => {
    // Written for this test: an unfinished admin file, its routes on an app of its own that no module mounts.
    const audit = { "src/routes/audit.js": `const express = require("express");\nconst admin = express();\nadmin.get("/audit", (req, res) => res.json([]));\nadmin.get("/audit/:id/replay", (req, res) => res.end());\n` };
    const result = lintTree(library(SERVER, audit), { only: "unversioned-route" });
    expect(result.model.routes.map((route) => route.id)).toEqual(["library GET /v1/books"]);
    expect(result.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining("src/routes/audit.js makes (and exports nothing) a router with 2 routes"));
    // Loaded for its side effects, or started by a command, it runs.
    expect(routeIds(library(SERVER.replace("app.listen(3000);", `require("./routes/audit");\napp.listen(3000);`), audit))).toContain("library GET /audit");
    expect(routeIds(library(SERVER, audit, { start: "node src/server.js", "start:audit": "node src/routes/audit.js" }))).toContain("library GET /audit");
  });

  it("a fastify plugin function exported and registered nowhere: its routes are not served", () => {
    const tree: Tree = {
      ...service("services/edge", ["fastify"], {
        "src/server.js": `const fastify = require("fastify")();\nfastify.get("/v1/status", async () => ({ ok: true }));\n// fastify.register(require("./billing-plugin"));\nfastify.listen({ port: 3000 });\n`,
        "src/billing-plugin.js": `async function billing(app) {\n  app.get("/invoices", async () => []);\n}\nmodule.exports = billing;\n`,
      }),
    };
    expect(routeIds(tree)).toEqual(["edge GET /v1/status"]);
  });
});

describe("[U] a NestJS controller in a file no module imports", () => {
  // Our own shape: two controllers of one class name, the module importing the other file.
  const tree = (moduleImport: string): Tree =>
    service("apps/portal", ["@nestjs/core", "@nestjs/common"], {
      "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nasync function main() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nmain();\n`,
      "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { PortalController } from "${moduleImport}";\n@Module({ controllers: [PortalController] })\nexport class AppModule {}\n`,
      "src/portal.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("v1/portal")\nexport class PortalController {\n  @Get()\n  list() {\n    return [];\n  }\n}\n`,
      "src/draft/portal.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller()\nexport class PortalController {\n  @Get("tiles")\n  tiles() {\n    return [];\n  }\n}\n`,
    });

  it("serves none of its routes: no module can list it without importing it", () => {
    const result = lintTree(tree("./portal.controller"), { only: "unversioned-route" });
    expect(result.model.routes.map((route) => route.id)).toEqual(["portal GET /v1/portal"]);
    expect(result.diagnostics.map((d) => d.message).filter((m) => m.includes("draft"))).toEqual([
      "portal: apps/portal/src/draft/portal.controller.ts exports a controller with a route (GET /tiles), but no file of portal loads it (nothing that runs imports or requires it, no start command runs it): not served, so not checked",
    ]);
  });

  it("the module importing it: its routes are served, and the other file's are not", () => {
    expect(routeIds(tree("./draft/portal.controller"))).toEqual(["portal GET /tiles"]);
  });
});

describe("[U] an import the resolver cannot follow", () => {
  it("is taken to load the files whose path ends like it (an alias of a bundler, NODE_PATH): their routes stay", () => {
    for (const specifier of ["routes/returns", "@/routes/returns", "~/routes/returns"]) {
      const server = SERVER.replace(`// const { returnsRouter } = require("./routes/returns");`, `const { returnsRouter } = require("${specifier}");`).replace("// app.use(returnsRouter);", "app.use(returnsRouter);");
      expect(routeIds(library(server)), specifier).toContain("library POST /returns");
    }
  });

  it("a package's name loads no file of the scan", () => {
    const server = SERVER.replace("app.listen(3000);", `const helmet = require("helmet");\nconst { z } = require("@acme/schemas");\napp.listen(3000);`);
    expect(routeIds(library(server))).not.toContain("library POST /returns");
  });
});

describe("[U] a proxy plugin no file registers", () => {
  it("is said once, as routes no file loads, not also as a proxy no route uses", () => {
    const tree: Tree = service("services/edge", ["fastify", "@fastify/http-proxy", "fastify-plugin"], {
      "src/server.js": `const fastify = require("fastify")();\nfastify.get("/v1/status", async () => ({ ok: true }));\n// fastify.register(require("./billing-proxy"));\nfastify.listen({ port: 3000 });\n`,
      "src/billing-proxy.js": `const fp = require("fastify-plugin");\nconst proxy = require("@fastify/http-proxy");\nasync function billingProxy(app) {\n  app.register(proxy, { upstream: process.env.BILLING_URL, prefix: "/billing" });\n}\nmodule.exports = fp(billingProxy);\n`,
    });
    const result = lintTree(tree, { only: "unversioned-route" });
    expect(result.model.routes.map((route) => route.id)).toEqual(["edge GET /v1/status"]);
    expect(result.diagnostics.filter((d) => d.file === "services/edge/src/billing-proxy.js").map((d) => d.message)).toEqual([
      "edge: services/edge/src/billing-proxy.js exports a router with a route (ALL /billing/*), but no file of edge loads it (nothing that runs imports or requires it, no start command runs it): not served, so not checked",
    ]);
  });
});

describe("[U] routers a path built at run time loads from a version's folder", () => {
  // Written for this test: every file of routes/v2 is required by a path built at run time and mounted under
  // /api/v2/<file>; each exports a class holding its router, two of them a base class's CRUD router.
  const shop = (loader: string): Tree =>
    service("services/shop", ["express"], {
      "src/server.ts": `import express from "express";\nimport routes from "./routes";\nconst app = express();\napp.use("/api", routes);\napp.listen(3000);\n`,
      "src/routes/index.ts": loader,
      "src/routes/crud.ts": `import { Router } from "express";\nexport class CrudRouter {\n  router = Router();\n  constructor() {\n    this.router.get("/:id", (req, res) => res.json({}));\n    this.router.delete("/:id", (req, res) => res.status(204).end());\n  }\n}\n`,
      "src/routes/v2/baskets.ts": `import { CrudRouter } from "../crud";\nexport default class BasketRouter extends CrudRouter {}\n`,
      "src/routes/v2/coupons.ts": `import { CrudRouter } from "../crud";\nexport default class CouponRouter extends CrudRouter {}\n`,
      "src/routes/v2/checkout.ts": `import { Router } from "express";\nexport default class CheckoutRouter {\n  router = Router();\n  constructor() {\n    this.router.post("/pay", (req, res) => res.status(202).end());\n  }\n}\n`,
    });
  const RUN_TIME = `import fs from "fs";\nimport path from "path";\nimport { Router } from "express";\nconst root = Router();\nfor (const version of fs.readdirSync(__dirname)) {\n  const sub = Router();\n  for (const file of fs.readdirSync(path.join(__dirname, version))) {\n    const Made = require(path.join(__dirname, version, file)).default;\n    sub.use("/" + file.split(".")[0], new Made().router);\n  }\n  root.use("/" + version, sub);\n}\nexport default root;\n`;

  it("are served under that version, the rest of their mount not known: no unversioned route", () => {
    expect(routeIds(shop(RUN_TIME))).toEqual(["shop GET /{?}/v2/{?}/:id", "shop DELETE /{?}/v2/{?}/:id", "shop POST /{?}/v2/{?}/pay"]);
    expect(lintTree(shop(RUN_TIME), { only: "unversioned-route" }).findings).toEqual([]);
  });

  it("a router class beside the loader, outside the folders its path reaches, that nothing imports is not served", () => {
    // routes/crud-legacy.ts: an older base class no router extends any more (its re-export commented out). The loader's
    // path (`path.join(__dirname, version, file)`) reaches files one folder below routes/ only.
    const legacy = shop(RUN_TIME);
    legacy["services/shop/src/routes/crud-legacy.ts"] = `import { Router } from "express";\nexport class LegacyCrudRouter {\n  router = Router();\n  constructor() {\n    this.router.get("/", (req, res) => res.json([]));\n    this.router.post("/", (req, res) => res.status(201).end());\n  }\n}\n`;
    const result = lintTree(legacy, { only: "unversioned-route" });
    expect(result.model.routes.map((route) => route.id)).toEqual(["shop GET /{?}/v2/{?}/:id", "shop DELETE /{?}/v2/{?}/:id", "shop POST /{?}/v2/{?}/pay"]);
    expect(result.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining("src/routes/crud-legacy.ts exports a router with 2 routes (GET /, POST /), but no file of shop loads it"));
    // A loader whose path names no folder (`require(file)` of a list read elsewhere) may load any file: it stays, under
    // the mounts the loader makes of what it loads (`/api`, then two names read at run time).
    const anywhere = shop(RUN_TIME.replace("require(path.join(__dirname, version, file))", "require(file)"));
    anywhere["services/shop/src/routes/crud-legacy.ts"] = legacy["services/shop/src/routes/crud-legacy.ts"]!;
    expect(routeIds(anywhere)).toContain("shop POST /api/{?}/{?}");
  });

  it("a base class extended from two versions' folders is left where it is written", () => {
    const mixed = shop(RUN_TIME);
    mixed["services/shop/src/routes/v3/baskets.ts"] = `import { CrudRouter } from "../crud";\nexport default class BasketRouter extends CrudRouter {}\n`;
    expect(routeIds(mixed)).toEqual(["shop GET /:id", "shop DELETE /:id", "shop POST /{?}/v2/{?}/pay"]);
  });
});

describe("[U] routers a loader mounts under a path it builds at run time, outside any version's folder", () => {
  // Written for this test: a gallery whose handlers/index.js walks its own sub-folders (public/, staff/) and mounts
  // each module's router under `/<folder>/<file>`, both names read from the disk at run time; the app mounts that index
  // at its root and serves its welcome page at GET /.
  const LOADER = `const fs = require("fs");\nconst path = require("path");\nconst express = require("express");\nconst top = express.Router();\nfor (const folder of fs.readdirSync(__dirname)) {\n  const where = path.join(__dirname, folder);\n  if (!fs.statSync(where).isDirectory()) continue;\n  const group = express.Router();\n  for (const name of fs.readdirSync(where)) {\n    const Handler = require(path.join(__dirname, folder, name));\n    const { router } = new Handler();\n    group.use(\`/\${name.replace(/\\.js$/, "")}\`, router);\n  }\n  top.use("/" + folder, group);\n}\nmodule.exports = top;\n`;
  const gallery = (loader: string): Tree =>
    service("services/gallery", ["express"], {
      "src/app.js": `const express = require("express");\nconst handlers = require("./handlers");\nconst app = express();\napp.get("/", (req, res) => res.send("gallery"));\napp.use(handlers);\napp.listen(8080);\n`,
      "src/handlers/index.js": loader,
      "src/handlers/public/photos.js": `const { Router } = require("express");\nclass PhotoHandler {\n  constructor() {\n    this.router = Router();\n    this.router.get("/:id", (req, res) => res.json({ id: req.params.id }));\n    this.router.post("/", (req, res) => res.status(201).end());\n  }\n}\nmodule.exports = PhotoHandler;\n`,
      "src/handlers/staff/login.js": `const { Router } = require("express");\nclass LoginHandler {\n  constructor() {\n    this.router = Router();\n    this.router.post("/", (req, res) => res.json({ token: "t" }));\n  }\n}\nmodule.exports = LoginHandler;\n`,
    });

  it("hang under the loader's mounts and a part not known: whether they are versioned is not judged, and that is said", () => {
    const result = lintTree(gallery(LOADER), { only: "unversioned-route" });
    expect(result.model.routes.map((route) => route.id).sort()).toEqual(["gallery GET /", "gallery GET /{?}/{?}/:id", "gallery POST /{?}/{?}", "gallery POST /{?}/{?}"].sort());
    // Not `GET /:id` and `POST /` at the root: the welcome page stays a probe, not the listing of a collection.
    expect(result.findings).toEqual([]);
    expect(result.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining("gallery: the path of 3 routes could not be read where a version would go"));
  });

  it("a loader that mounts what it loads with no path of its own leaves the routers' paths as written, and judged", () => {
    const result = lintTree(gallery(LOADER.replace(/group\.use\(`[^`]*`, router\)/, "group.use(router)").replace(`top.use("/" + folder, group)`, "top.use(group)")), { only: "unversioned-route" });
    expect(result.model.routes.map((route) => route.id).sort()).toEqual(["gallery GET /", "gallery GET /:id", "gallery POST /", "gallery POST /"].sort());
    expect(result.findings.map((f) => f.message)).toContainEqual(expect.stringContaining("GET /:id in gallery has no version segment"));
  });
});
