import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * Fastify routes whose options another module holds (`fastify.route({ ...listBooks, preHandler })`, `fastify.route(
 * listBooks)`): their method and path are not written where they are registered, so no route is made of them. That
 * must be said, not left silent, when the service has other routes too (then the "no route was found" note is absent).
 */
const tree = (server: string): Tree =>
  service("shelf", ["fastify"], {
    "src/books.options.js": `module.exports = {\n  listBooks: { method: "GET", url: "/v1/books", handler: async () => [] },\n};\n`,
    "src/server.js": `const fastify = require("fastify")();\nconst { listBooks } = require("./books.options");\nfastify.get("/v1/health-report", async () => ({}));\n${server}\nfastify.listen({ port: 3000 });\n`,
  });
const said = (t: Tree) =>
  lintTree(t, { only: "unversioned-route" })
    .diagnostics.filter((d) => d.message.includes("registers a route whose method or path is not written there"))
    .map((d) => `${d.line} ${d.message.split(" at ")[0]}`);

describe("[U] fastify: route options not written where the route is registered", () => {
  it("a spread of an imported object is said, with the call as written", () => {
    expect(said(tree(`fastify.route({ ...listBooks, preHandler: async () => {} });`))).toEqual(["4 shelf: fastify.route({ ...listBooks })"]);
  });

  it("an imported object passed whole is said", () => {
    expect(said(tree(`fastify.route(listBooks);`))).toEqual(["4 shelf: fastify.route(listBooks)"]);
  });

  it("options written out are a route, and nothing is said", () => {
    const result = lintTree(tree(`fastify.route({ method: "POST", url: "/v1/books", handler: async () => ({}) });`), { only: "unversioned-route" });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /v1/health-report", "POST /v1/books"]);
    expect(said(tree(`fastify.route({ method: "POST", url: "/v1/books", handler: async () => ({}) });`))).toEqual([]);
  });
});

describe("[U] fastify's unread route options: other frameworks' route()", () => {
  it("an express router's route(path) with a path constant is no Fastify registration: nothing said", () => {
    const t = service("shelf", ["express"], {
      "src/paths.js": `module.exports = { BOOKS: "/v1/books" };\n`,
      "src/server.js": `const express = require("express");\nconst { BOOKS } = require("./paths");\nconst app = express();\napp.route(BOOKS).get((req, res) => res.json([]));\napp.listen(3000);\n`,
    });
    expect(said(t)).toEqual([]);
  });

  it("a plugin's parameter (a file that imports no framework) is Fastify's", () => {
    const t = service("shelf", ["fastify"], {
      "src/books.options.js": `module.exports = { listBooks: { method: "GET", url: "/v1/books", handler: async () => [] } };\n`,
      "src/books.plugin.js": `const { listBooks } = require("./books.options");\nmodule.exports = async function books(fastify) {\n  fastify.route({ ...listBooks });\n};\n`,
      "src/server.js": `const fastify = require("fastify")();\nfastify.register(require("./books.plugin"));\nfastify.get("/v1/ping-report", async () => ({}));\nfastify.listen({ port: 3000 });\n`,
    });
    expect(said(t)).toEqual(["3 shelf: fastify.route({ ...listBooks })"]);
  });
});

describe("[U] fastify's unread route options: a router handed in", () => {
  it("a router parameter's route(path).get(…) in a file that imports no framework is no Fastify registration", () => {
    const t = service("shelf", ["express"], {
      "src/paths.js": `module.exports = { BOOKS: "/v1/books" };\n`,
      "src/books.routes.js": `const { BOOKS } = require("./paths");\nmodule.exports = (router) => {\n  router.route(BOOKS).get((req, res) => res.json([]));\n};\n`,
      "src/server.js": `const express = require("express");\nconst app = express();\nrequire("./books.routes")(app);\napp.listen(3000);\n`,
    });
    expect(said(t)).toEqual([]);
  });
});
