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
