import { ruleTester, service, type Tree } from "../helpers.js";

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
