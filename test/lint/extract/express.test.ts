import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

const routes = (code: string) => facts(code).routes.map((r) => `${r.method} ${r.path} ${r.owner}${r.handler ? ` ${r.handler}` : ""}${r.handlerRef ? ` ref:${r.handlerRef.object ? `${r.handlerRef.object}.` : ""}${r.handlerRef.name}` : ""}`);

describe("[U] express extractor", () => {
  it("finds app and router verbs with their handlers", () => {
    const code = `import express, { Router } from "express";\nconst app = express();\nconst r = Router();\napp.get("/a", (req, res) => {});\nr.post("/b", auth, controller.create);\nr.route("/c").put(update).delete(remove);\n`;
    expect(routes(code)).toEqual(["GET /a var:app fn@L4C15", "POST /b var:r ref:controller.create", "DELETE /c var:r ref:remove", "PUT /c var:r ref:update"]);
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
    expect(result.findings).toEqual([]);
  });
});
