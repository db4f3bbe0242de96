import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import type { FileFacts } from "../../../src/lint/types.js";

/** Each route as `METHOD path handler`, the handler a function id of the file or `ref:object.name`. */
const routesOf = (f: FileFacts) => f.routes.map((r) => `${r.method} ${r.path} ${r.handler ?? (r.handlerRef ? `ref:${r.handlerRef.object ? `${r.handlerRef.object}.` : ""}${r.handlerRef.name}` : "-")}`);
const edges = (f: FileFacts) => f.callees.filter((c) => c.object !== "axios").map((c) => `${c.from} → ${c.local ?? (c.object ? `${c.object}.${c.name}` : c.name)}`);

describe("[U] this.method handlers in classes", () => {
  it("express: this.list, this.get.bind(this) and an arrow-function field are the class's methods, and the field's own calls are its", () => {
    const f = facts(
      [
        `import express from "express";`,
        `export class OrdersRoutes {`,
        `  router = express.Router();`,
        `  constructor() {`,
        `    this.router.get("/v1/orders", this.list);`,
        `    this.router.get("/v1/orders/:id", this.get.bind(this));`,
        `    this.router.post("/v1/orders", this.create);`,
        `  }`,
        `  async list(req, res) {}`,
        `  get(req, res) {}`,
        `  create = async (req, res) => { await this.reserve(req.body); };`,
        `  reserve = async (order) => {};`,
        `}`,
      ].join("\n"),
      "src/orders.routes.ts",
    );
    expect(routesOf(f)).toEqual(["GET /v1/orders fn:OrdersRoutes.list", "GET /v1/orders/:id fn:OrdersRoutes.get", "POST /v1/orders fn:OrdersRoutes.create"]);
    expect(f.functions.map((fn) => fn.id)).toEqual(["fn:OrdersRoutes.constructor", "fn:OrdersRoutes.list", "fn:OrdersRoutes.get", "fn:OrdersRoutes.create", "fn:OrdersRoutes.reserve"]);
    expect(edges(f).filter((e) => e.startsWith("fn:OrdersRoutes.create"))).toEqual(["fn:OrdersRoutes.create → this.reserve"]);
  });

  it("hapi: handler: this.list and options.handler: this.get.bind(this) in a plugin class", () => {
    const f = facts(
      [
        `import Hapi from "@hapi/hapi";`,
        `class BooksApi {`,
        `  server = Hapi.server({ port: 3000 });`,
        `  register() {`,
        `    this.server.route({ method: "GET", path: "/v1/books", handler: this.list });`,
        `    this.server.route({ method: "GET", path: "/v1/books/{id}", options: { handler: this.get.bind(this) } });`,
        `  }`,
        `  list = (request, h) => [];`,
        `  get(request, h) {}`,
        `}`,
      ].join("\n"),
    );
    expect(routesOf(f)).toEqual(["GET /v1/books fn:BooksApi.list", "GET /v1/books/{id} fn:BooksApi.get"]);
  });

  it("this.x outside a class names no handler", () => {
    expect(routesOf(facts(`const express = require("express");\nconst app = express();\napp.get("/v1/a", this.list);\n`, "src/app.js"))).toEqual(["GET /v1/a -"]);
  });
});

describe("[U] app-wide middleware: app.use(mw) runs before every route and router declared after it", () => {
  const steps = (list: FileFacts["routes"][number]["middleware"]) => (list ?? []).map((m) => `${m.handler ?? `ref:${m.handlerRef!.object ? `${m.handlerRef!.object}.` : ""}${m.handlerRef!.name}`}@${m.location.line}${m.version ? ` version:${m.version}` : ""}`).join(", ");
  const guarded = (f: FileFacts) => [
    // A module `use`d under a path may export a proxy (RouteFact.madeProxy): a candidate the model keeps only then, left out here.
    ...f.routes.filter((r) => !r.madeProxy).map((r) => `${r.method} ${r.path}${r.version ? ` (version ${r.version})` : ""}: ${steps(r.middleware)}`),
    // Mounts of routers (a function given to use is also a mount, of a plugin that may add routes: left out here).
    ...f.mounts.filter((m) => m.child.kind === "import" ? m.child.name === "default" : !m.child.id.startsWith("fn")).map((m) => `mount ${m.prefix} ${m.child.kind === "local" ? m.child.id : `${m.child.specifier}#${m.child.name}`}: ${steps(m.middleware)}`),
  ];

  it("express: in order, under the path they were given; package middleware and error handlers are no step", () => {
    const f = facts(
      [
        `const express = require("express");`,
        `const cors = require("cors");`,
        `const { auth } = require("./middleware/auth");`,
        `const orders = require("./routes/orders");`,
        `const app = express();`,
        `app.get("/v1/open", open);`,
        `app.use(express.json());`,
        `app.use(cors());`,
        `app.use(auth);`,
        `app.use((req, res, next) => { req.start = Date.now(); next(); });`,
        `app.get("/v1/a", (req, res) => res.json({}));`,
        `app.use("/admin", adminOnly);`,
        `app.get("/admin/x", h);`,
        `app.get("/v1/b", validate, h);`,
        `app.use("/v1/orders", limiter(10), orders);`,
        `app.use((err, req, res, next) => res.status(500).end());`,
        `app.get("/v1/c", h);`,
        `function open(req, res) {}`,
        `function h(req, res) {}`,
        `function validate(req, res, next) {}`,
        `function adminOnly(req, res, next) {}`,
        `function limiter(n) { return (req, res, next) => next(); }`,
      ].join("\n"),
      "src/app.js",
    );
    expect(guarded(f)).toEqual([
      "GET /v1/open: ",
      "GET /v1/a: ref:auth@9, fn@L10C9@10",
      "GET /admin/x: ref:auth@9, fn@L10C9@10, ref:adminOnly@12",
      "GET /v1/b: ref:auth@9, fn@L10C9@10, ref:validate@14",
      "GET /v1/c: ref:auth@9, fn@L10C9@10",
      "mount /v1/orders ./routes/orders#default: ref:auth@9, fn@L10C9@10, ref:limiter@15",
    ]);
  });

  it("router.use(mw) in a router file guards that router's later routes", () => {
    const f = facts(`import { Router } from "express";\nimport { requireUser } from "../auth";\nconst router = Router();\nrouter.get("/public", list);\nrouter.use(requireUser);\nrouter.get("/mine", list);\nexport default router;\nfunction list(req, res) {}\n`);
    expect(guarded(f)).toEqual(["GET /public: ", "GET /mine: ref:requireUser@5"]);
  });

  it("koa: app.use(mw) before app.use(router.routes()) guards the router's routes", () => {
    const f = facts(`const Koa = require("koa");\nconst Router = require("@koa/router");\nconst { auth } = require("./auth");\nconst app = new Koa();\nconst router = new Router();\nrouter.get("/v1/items", (ctx) => {});\napp.use(async (ctx, next) => { await next(); });\napp.use(auth());\napp.use(router.routes());\n`);
    expect(guarded(f)).toEqual(["GET /v1/items: ", "mount  var:router: fn@L7C9@7, ref:auth@8"]);
  });

  it("fastify: addHook('onRequest' | 'preValidation' | 'preHandler') runs before every route of the instance, declared before or after, and of the plugins it registers", () => {
    const f = facts(
      [
        `import Fastify from "fastify";`,
        `import { verifyToken } from "./auth";`,
        `import orders from "./orders";`,
        `const app = Fastify();`,
        `app.get("/v1/a", async () => ({}));`,
        `app.addHook("onRequest", verifyToken);`,
        `app.addHook("onResponse", async (request, reply) => {});`,
        `app.addHook("preHandler", async (request) => { request.start = Date.now(); });`,
        `app.register(orders, { prefix: "/v1/orders" });`,
        `app.register(async (sub) => { sub.addHook("preValidation", check); sub.get("/v1/b", async () => ({})); });`,
        `function check(request, reply, done) { done(); }`,
      ].join("\n"),
    );
    expect(guarded(f)).toEqual([
      "GET /v1/a: ref:verifyToken@6, fn@L8C27@8",
      "GET /v1/b: ref:check@10",
      "mount /v1/orders ./orders#default: ref:verifyToken@6, fn@L8C27@8",
    ]);
  });

  it("a version middleware: one of this file that reads Accept-Version (or a versioned media type), or an import named for versions", () => {
    const f = facts(
      [
        `const express = require("express");`,
        `const { apiVersion } = require("./middleware/api-version");`,
        `const users = require("./routes/users");`,
        `const app = express();`,
        `app.get("/orders", h);`,
        `app.use(function (req, res, next) { req.version = req.get("Accept-Version") || "1"; next(); });`,
        `app.get("/carts", h);`,
        `app.use("/users", apiVersion, users);`,
        `const media = (req, res, next) => { const m = /application\\/vnd\\.shop\\.v(\\d+)\\+json/.exec(req.headers.accept); next(); };`,
        `function h(req, res) {}`,
      ].join("\n"),
      "src/app.js",
    );
    expect(guarded(f)).toEqual([
      "GET /orders: ",
      "GET /carts (version header): fn@L6C9@6 version:header",
      "mount /users ./routes/users#default: fn@L6C9@6 version:header, ref:apiVersion@8 version:header",
    ]);
  });
});
