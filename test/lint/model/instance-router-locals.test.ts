import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * Routes classes whose router an instance keeps, mounted through a local of a function (`const seatsRouter = new
 * SeatsRouter(options).router`, `const { router } = new IndexRouter(options)`), and a base path the code reads at run
 * time from a settings object handed in (`app.use(this.settings.http.BASE_URI, router)`): the routes sit under their
 * mounts, and under a prefix not known rather than at the root.
 */
const tree = (mount: string) =>
  service("hall", ["express"], {
    "src/seats.routes.js": `const { Router } = require("express");\nclass SeatsRouter {\n  constructor(options) {\n    this.options = options;\n    this.router = new Router();\n    this.router.get("/", (req, res) => res.json([]));\n    this.router.post("/:seatId/hold", (req, res) => res.status(201).end());\n  }\n}\nmodule.exports = SeatsRouter;\n`,
    "src/index.routes.js": `const { Router } = require("express");\nconst SeatsRouter = require("./seats.routes.js");\nclass IndexRouter {\n  constructor(options) {\n    this.router = new Router();\n    this.init(options);\n  }\n  init(options) {\n    const seatsRouter = new SeatsRouter(options).router;\n    this.router.use("/seats", seatsRouter);\n  }\n}\nmodule.exports = IndexRouter;\n`,
    "src/main.js": `const express = require("express");\nconst IndexRouter = require("./index.routes.js");\nclass Server {\n  constructor(settings) {\n    this.settings = settings;\n    this.app = express();\n  }\n  start() {\n    const { router } = new IndexRouter(this.settings);\n    ${mount}\n    this.app.listen(3000);\n  }\n}\nnew Server({ http: { BASE_URI: process.env.BASE_URI } }).start();\n`,
  });

const paths = (mount: string) => lintTree(tree(mount), { only: "unversioned-route" });

describe("[U] routers of instances held in function locals, under a base path read at run time", () => {
  it("the routes sit under each mount, and under a prefix not known: not judged unversioned", () => {
    const result = paths("this.app.use(this.settings.http.BASE_URI, router);");
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /{?}/seats", "POST /{?}/seats/:seatId/hold"]);
    expect(result.findings).toEqual([]);
  });

  it("mounted at a written path, the routes are judged there", () => {
    const result = paths(`this.app.use("/api", router);`);
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /api/seats", "POST /api/seats/:seatId/hold"]);
    expect(result.findings.length).toBe(2);
  });
});
