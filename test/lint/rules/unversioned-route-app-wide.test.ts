import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * Versioning and probes decided for a whole app rather than per route: the API root an Nx generator
 * writes (`GET /api` answering a welcome), version middleware and versioning libraries, framework prefixes
 * set in config (tsoa.json, inversify-express-utils' rootPath).
 */

/** The express app `nx g @nx/express:app api` writes (its main.ts), with one real route added. */
const nxExpress = (extra: string): Tree =>
  service("apps/api", ["express"], {
    "src/main.ts": `import express from "express";\nimport * as path from "path";\n\nconst app = express();\n\napp.use("/assets", express.static(path.join(__dirname, "assets")));\n\napp.get("/api", (req, res) => {\n  res.send({ message: "Welcome to api!" });\n});\n${extra}\nconst port = process.env.PORT || 3333;\nconst server = app.listen(port, () => {\n  console.log(\`Listening at http://localhost:\${port}/api\`);\n});\nserver.on("error", console.error);\n`,
  });

/** The NestJS app `nx g @nx/nest:app api` writes: an AppController with @Get() under the global prefix "api". */
const nxNest: Tree = service("apps/api", ["@nestjs/core", "@nestjs/common"], {
  "src/main.ts": `import { Logger } from "@nestjs/common";\nimport { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app/app.module";\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  const globalPrefix = "api";\n  app.setGlobalPrefix(globalPrefix);\n  const port = process.env.PORT || 3000;\n  await app.listen(port);\n  Logger.log(\`Application is running on: http://localhost:\${port}/\${globalPrefix}\`);\n}\n\nbootstrap();\n`,
  "src/app/app.controller.ts": `import { Controller, Get } from "@nestjs/common";\nimport { AppService } from "./app.service";\n\n@Controller()\nexport class AppController {\n  constructor(private readonly appService: AppService) {}\n\n  @Get()\n  getData() {\n    return this.appService.getData();\n  }\n}\n`,
});

/** An express app whose routes sit behind `use` lines: `uses` come first, then a router of users mounted at /users and GET /orders. */
const behind = (uses: string, extra: Record<string, string> = {}): Tree =>
  service("services/shop", ["express"], {
    "src/routes/users.js": `const express = require("express");\nconst router = express.Router();\nrouter.get("/:id", (req, res) => res.json({}));\nmodule.exports = router;\n`,
    "src/server.js": `const express = require("express");\nconst users = require("./routes/users");\nconst app = express();\n${uses}\napp.use("/users", users);\napp.get("/orders", (req, res) => res.json([]));\napp.listen(3000);\n`,
    ...extra,
  });

ruleTester("unversioned-route", {
  valid: [
    {
      name: "a version middleware of the app that reads Accept-Version versions every route after it, mounted routers too",
      files: behind(`app.use((req, res, next) => {\n  req.apiVersion = req.header("accept-version") || "1";\n  next();\n});`),
    },
    {
      name: "one that reads a versioned media type from Accept (application/vnd.shop.v2+json)",
      files: behind(`function mediaVersion(req, res, next) {\n  const m = /vnd\\.shop\\.v(\\d+)/.exec(req.headers.accept || "");\n  req.apiVersion = m ? m[1] : "1";\n  next();\n}\napp.use(mediaVersion);`),
    },
    {
      name: "an imported middleware named for versions (its file is not read from the app's)",
      files: behind(`const { apiVersioning } = require("./middleware/versioning");\napp.use(apiVersioning({ header: "X-API-Version" }));`, {
        "src/middleware/versioning.js": `exports.apiVersioning = (opts) => (req, res, next) => next();\n`,
      }),
    },
    {
      name: "koa: app.use(version middleware) before app.use(router.routes())",
      files: service("services/shop", ["koa", "@koa/router"], {
        "src/server.js": `const Koa = require("koa");\nconst Router = require("@koa/router");\nconst app = new Koa();\nconst router = new Router();\nrouter.get("/orders", (ctx) => { ctx.body = []; });\napp.use(async (ctx, next) => {\n  ctx.state.version = ctx.get("Accept-Version") || "1";\n  await next();\n});\napp.use(router.routes());\napp.listen(3000);\n`,
      }),
    },
    { name: "Nx's generated express app: GET /api answers a welcome, the API's root, a probe like GET /", files: nxExpress("") },
    { name: "Nx's generated NestJS app: @Get() of AppController under the global prefix api", files: nxNest },
  ],
  invalid: [
    {
      name: "middleware that reads no version (auth, a request id) versions nothing",
      files: behind(`app.use((req, res, next) => { req.id = req.header("x-request-id"); next(); });`),
      errors: [
        { messageId: "unversioned", data: { path: "/users/:id" } },
        { messageId: "unversioned", data: { path: "/orders" } },
      ],
    },
    {
      name: "a version middleware versions only what is declared after it",
      files: service("services/shop", ["express"], {
        "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/orders", (req, res) => res.json([]));\napp.use((req, res, next) => { req.v = req.get("Accept-Version"); next(); });\napp.get("/carts", (req, res) => res.json([]));\n`,
      }),
      errors: [{ messageId: "unversioned", line: 3, data: { path: "/orders" } }],
    },
    {
      name: "Nx express: the routes a team adds beside the welcome are judged; POST /api is no probe",
      files: nxExpress(`app.get("/api/orders", (req, res) => res.json([]));\napp.post("/api", (req, res) => res.json({}));\n`),
      errors: [
        { messageId: "unversioned", line: 11, data: { method: "GET", path: "/api/orders" } },
        { messageId: "unversioned", line: 12, data: { method: "POST", path: "/api" } },
      ],
    },
    {
      name: "probes: false judges the API root too",
      files: nxExpress(""),
      options: { probes: false },
      errors: [{ messageId: "unversioned", line: 8, data: { method: "GET", path: "/api" } }],
    },
  ],
});

describe("[I] prefixes a framework sets outside its controllers", () => {
  const tsoaService = (tsoaJson: object | undefined): Tree =>
    service("services/accounts", ["express", "tsoa"], {
      "src/server.ts": `import express from "express";\nimport { RegisterRoutes } from "../build/routes";\nconst app = express();\nRegisterRoutes(app);\napp.listen(3000);\n`,
      "src/accountsController.ts": `import { Controller, Get, Route } from "tsoa";\n@Route("accounts")\nexport class AccountsController extends Controller {\n  @Get("{id}")\n  public async one() {\n    return {};\n  }\n}\n`,
      ...(tsoaJson ? { "tsoa.json": `${JSON.stringify(tsoaJson, null, 2)}\n` } : {}),
    });
  const inversifyService = (options: string): Tree =>
    service("services/orders", ["express", "inversify", "inversify-express-utils"], {
      "src/server.ts": `import * as iex from "inversify-express-utils";\nimport { container } from "./ioc";\nimport "./orders.controller";\nconst server = new iex.InversifyExpressServer(container, null, ${options});\nserver.build().listen(3000);\n`,
      "src/ioc.ts": `import { Container } from "inversify";\nexport const container = new Container();\n`,
      "src/orders.controller.ts": `import { controller, httpGet } from "inversify-express-utils";\n@controller("/orders")\nexport class OrdersController {\n  @httpGet("/:id")\n  one() {\n    return {};\n  }\n}\n`,
    });
  const routes = (files: Tree) => {
    const result = lintTree(files, { only: "unversioned-route" });
    return {
      routes: result.model.routes.map((r) => `${r.service} ${r.method} ${r.path}${r.mountChain.length ? ` via ${r.mountChain.map((l) => `${l.file}:${l.line}`).join(" > ")}` : ""}`),
      findings: result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => String(f.data?.path)),
    };
  };

  it("tsoa.json routes.basePath prefixes every tsoa route (spec.basePath only when the routes set none)", () => {
    expect(routes(tsoaService({ entryFile: "src/server.ts", spec: { outputDirectory: "build", basePath: "/docs-only" }, routes: { routesDir: "build", basePath: "/api/v1" } }))).toEqual({
      routes: ["accounts GET /api/v1/accounts/{id} via services/accounts/tsoa.json:9"],
      findings: [],
    });
    expect(routes(tsoaService({ entryFile: "src/server.ts", spec: { outputDirectory: "build", basePath: "v2" }, routes: { routesDir: "build" } })).routes).toEqual(["accounts GET /v2/accounts/{id} via services/accounts/tsoa.json:5"]);
    expect(routes(tsoaService({ entryFile: "src/server.ts", spec: { outputDirectory: "build" }, routes: { routesDir: "build", basePath: "/api" } }))).toEqual({
      routes: ["accounts GET /api/accounts/{id} via services/accounts/tsoa.json:8"],
      findings: ["/api/accounts/{id}"],
    });
    expect(routes(tsoaService(undefined)).routes).toEqual(["accounts GET /accounts/{id}"]);
  });

  it("inversify-express-utils: the server's rootPath prefixes every controller route; one read at run time is an unresolved segment", () => {
    expect(routes(inversifyService(`{ rootPath: "/api/v1" }`))).toEqual({ routes: ["orders GET /api/v1/orders/:id via services/orders/src/server.ts:4"], findings: [] });
    expect(routes(inversifyService(`{ rootPath: "/api" }`))).toEqual({ routes: ["orders GET /api/orders/:id via services/orders/src/server.ts:4"], findings: ["/api/orders/:id"] });
    expect(routes(inversifyService(`{ rootPath: process.env.ROOT_PATH }`))).toEqual({ routes: ["orders GET /{?}/orders/:id via services/orders/src/server.ts:4"], findings: [] });
  });
});
