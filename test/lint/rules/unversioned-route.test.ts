import { ruleTester, service } from "../helpers.js";

const express = (routes: string) =>
  service("services/orders", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\n${routes}\napp.listen(3000);\n`,
  });

ruleTester("unversioned-route", {
  valid: [
    { name: "versioned express route", files: express(`app.get("/v1/orders", (req, res) => res.json([]));`) },
    { name: "health, readiness and metrics are exempt", files: express(`app.get("/healthz", h);\napp.get("/ready", h);\napp.get("/metrics", h);\napp.get("/health/db", h);\nfunction h(req, res) {}`) },
    { name: "versioned through a mount prefix", files: express(`const r = express.Router();\nr.get("/orders", (req, res) => {});\napp.use("/v2", r);`) },
    {
      name: "fastify register prefix from a constant",
      files: service("services/users", ["fastify"], {
        "src/server.ts": `import Fastify from "fastify";\nconst API_VERSION = "v1";\nconst app = Fastify();\napp.register(async (v1) => { v1.get("/users", async () => []); }, { prefix: \`/\${API_VERSION}\` });\n`,
      }),
    },
    {
      name: "NestJS URI versioning",
      files: service("services/catalog", ["@nestjs/core", "@nestjs/common"], {
        "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { VersioningType } from "@nestjs/common";\nconst app = await NestFactory.create(AppModule);\napp.enableVersioning({ type: VersioningType.URI, defaultVersion: "1" });\n`,
        "src/items.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("items")\nexport class ItemsController {\n  @Get(":id")\n  find() {}\n}\n`,
      }),
    },
    { name: "a custom pattern", files: express(`app.get("/api/v3/orders", (req, res) => {});`), options: { pattern: "^/api/v\\d+/" } },
    { name: "a custom exempt list", files: express(`app.get("/internal/stats", (req, res) => {});`), options: { exempt: ["/internal/*"] } },
  ],
  invalid: [
    {
      name: "express route without a version",
      files: express(`app.get("/orders", (req, res) => res.json([]));`),
      errors: [{ messageId: "unversioned", file: "services/orders/src/server.ts", line: 3, hops: 1, data: { method: "GET", path: "/orders", service: "orders" } }],
    },
    {
      name: "router mounted without a version, across files",
      files: {
        ...service("services/orders", ["express"], {
          "src/server.ts": `import express from "express";\nimport orders from "./routes/orders.js";\nconst app = express();\napp.use("/orders", orders);\n`,
          "src/routes/orders.ts": `import { Router } from "express";\nconst router = Router();\nrouter.post("/", (req, res) => {});\nexport default router;\n`,
        }),
      },
      errors: [{ messageId: "unversioned", file: "services/orders/src/routes/orders.ts", line: 3, hops: 2, data: { path: "/orders", method: "POST" } }],
    },
    {
      name: "NestJS controller without versioning",
      files: service("services/catalog", ["@nestjs/core", "@nestjs/common"], {
        "src/items.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("items")\nexport class ItemsController {\n  @Get()\n  list() {}\n}\n`,
      }),
      errors: [{ messageId: "unversioned", line: 4, data: { path: "/items" } }],
    },
    {
      name: "koa-router, hono",
      files: {
        ...service("services/a", ["koa", "@koa/router"], {
          "src/server.ts": `import Koa from "koa";\nimport Router from "@koa/router";\nconst app = new Koa();\nconst router = new Router({ prefix: "/things" });\nrouter.get("/", (ctx) => {});\napp.use(router.routes());\n`,
        }),
        ...service("services/b", ["hono"], {
          "src/server.ts": `import { Hono } from "hono";\nconst app = new Hono();\nconst v1 = app.basePath("/v1");\nv1.get("/ok", (c) => c.text("ok"));\napp.get("/bad", (c) => c.text("bad"));\n`,
        }),
      },
      errors: [
        { messageId: "unversioned", file: "services/a/src/server.ts", data: { path: "/things" } },
        { messageId: "unversioned", file: "services/b/src/server.ts", line: 5, data: { path: "/bad" } },
      ],
    },
  ],
});

ruleTester("unversioned-route", {
  valid: [
    {
      name: "a prefix that does not resolve is not judged",
      files: service("services/orders", ["express"], {
        "src/server.ts": `import express from "express";\nimport { loadConfig } from "./config.js";\nconst app = express();\nconst prefix = loadConfig().prefix;\napp.get(\`\${prefix}/orders\`, (req, res) => {});\n`,
        "src/config.ts": "export function loadConfig() { return { prefix: process.argv[2] }; }\n",
      }),
    },
  ],
  invalid: [
    {
      name: "an unresolved segment after an unversioned one is still unversioned",
      files: service("services/orders", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get(\`/orders/\${kind()}\`, (req, res) => {});\nfunction kind() { return "x"; }\n`,
      }),
      errors: [{ messageId: "unversioned", data: { path: "/orders/{?}" } }],
    },
  ],
});
