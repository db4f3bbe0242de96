import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";
import type { FileFacts } from "../../../src/lint/types.js";

const routesOf = (f: FileFacts) => f.routes.map((r) => `${r.framework} ${r.method} ${r.path} ${r.owner} L${r.location.line} ${r.handler ?? r.handlerRef?.name ?? "-"}`);
const mountsOf = (f: FileFacts) => f.mounts.map((m) => `${m.parent} ${m.prefix || "''"} ${m.child.kind === "local" ? m.child.id : `${m.child.specifier}#${m.child.name}`}`);

describe("[U] hapi extractor: servers and server.route()", () => {
  it("a route object on Hapi.server(): handler inline, by name, or under options/config; method arrays and *", () => {
    const f = facts(
      [
        `import Hapi from "@hapi/hapi";`,
        `const server = Hapi.server({ port: 3000 });`,
        `server.route({ method: "GET", path: "/books", handler: listBooks });`,
        `server.route({ method: ["PUT", "patch"], path: "/books/{id}", options: { handler: (request, h) => h.response() } });`,
        `server.route({ method: "*", path: "/{any*}", config: { handler: notFound } });`,
        `function listBooks() {}`,
        `function notFound() {}`,
      ].join("\n"),
    );
    expect(f.apps).toEqual({ "var:server": "hapi" });
    expect(routesOf(f)).toEqual([
      "hapi GET /books var:server L3 listBooks",
      "hapi PUT /books/{id} var:server L4 fn@L4C83",
      "hapi PATCH /books/{id} var:server L4 fn@L4C83",
      "hapi ALL /{any*} var:server L5 notFound",
    ]);
  });

  it("servers made the other ways: new Hapi.Server(), a named server import, require('hapi') before the move", () => {
    const a = facts(`const Hapi = require("hapi");\nconst server = new Hapi.Server();\nserver.route({ method: "GET", path: "/a", handler: h });\nfunction h() {}\n`);
    const b = facts(`import { server as makeServer } from "@hapi/hapi";\nexport async function build() {\n  const app = makeServer({ port: 1 });\n  app.route({ method: "POST", path: "/b", handler: h });\n  return app;\n}\nfunction h() {}\n`);
    const c = facts(`const server = require("@hapi/hapi").server({ port: 1 });\nserver.route({ method: "DELETE", path: "/c", handler: () => null });\n`);
    expect([...routesOf(a), ...routesOf(b), ...routesOf(c)]).toEqual(["hapi GET /a var:server L3 h", "hapi POST /b var:app@3 L4 h", "hapi DELETE /c var:server L2 fn@L2C55"]);
  });

  it("an array of routes: inline objects, a local table, spreads and imports of route modules", () => {
    const f = facts(
      [
        `const Hapi = require("@hapi/hapi");`,
        `const userRoutes = require("./routes/users");`,
        `import * as tables from "./routes/index.js";`,
        `const local = [{ method: "GET", path: "/ping", handler: () => "pong" }];`,
        `const server = Hapi.server();`,
        `server.route([...local, { method: "GET", path: "/x", handler: x }, ...userRoutes]);`,
        `server.route(tables.orders);`,
        `server.route(require("./routes/carts").concat(require("./routes/wishlists")));`,
        `function x() {}`,
      ].join("\n"),
    );
    expect(routesOf(f)).toEqual(["hapi GET /ping var:server L4 fn@L4C57", "hapi GET /x var:server L6 x"]);
    expect(mountsOf(f)).toEqual([
      "var:server '' ./routes/users#default",
      "var:server '' ./routes/index.js#orders",
      "var:server '' ./routes/carts#default",
      "var:server '' ./routes/wishlists#default",
    ]);
  });

  it("a route list walked with forEach or for-of, one server.route(route) per element", () => {
    const f = facts(
      [
        `const Hapi = require("@hapi/hapi");`,
        `const routes = require("./routes");`,
        `const local = [{ method: "GET", path: "/a", handler: () => 1 }, { method: "POST", path: "/b", handler: () => 2 }];`,
        `const server = Hapi.server();`,
        `routes.forEach((route) => server.route(route));`,
        `for (const route of local) {`,
        `  server.route(route);`,
        `}`,
      ].join("\n"),
    );
    expect(mountsOf(f)).toEqual(["var:server '' ./routes#default"]);
    expect(routesOf(f).map((r) => r.split(" L")[0])).toEqual(["hapi GET /a var:server", "hapi POST /b var:server"]);
  });

  it("is not fastify's route(): a fastify instance keeps its { url } routes, a hapi server's are not taken twice", () => {
    const f = facts(`import Fastify from "fastify";\nconst app = Fastify();\napp.route({ method: "GET", url: "/f", handler: async () => 1 });\n`);
    expect(routesOf(f)).toEqual(["fastify GET /f var:app L3 fn@L3C48"]);
    const g = facts(`const Hapi = require("@hapi/hapi");\nconst server = Hapi.server();\nserver.route({ method: "GET", path: "/h", handler: () => 1 });\n`);
    expect(routesOf(g)).toEqual(["hapi GET /h var:server L3 fn@L3C52"]);
    // A plugin's parameter in a file that imports neither: `path` is hapi's, `url` fastify's.
    const h = facts(`module.exports = async function (server) {\n  server.route({ method: "GET", path: "/p", handler: () => 1 });\n  server.route({ method: "GET", url: "/q", handler: () => 1 });\n};\n`);
    expect(h.routes.map((r) => `${r.framework} ${r.path}`)).toEqual(["hapi /p", "fastify /q"]);
    // register(): hapi's { plugin, routes: { prefix } } and fastify's import() with { prefix } are told apart by shape.
    const r = facts(`module.exports = async function (app) {\n  app.register({ plugin: require("./a"), routes: { prefix: "/v1" } });\n  app.register(import("./b.js"), { prefix: "/v2" });\n};\n`);
    expect(mountsOf(r)).toEqual(["fn@L1C18 /v1 ./a#default", "fn@L1C18 /v1 ./a#plugin", "fn@L1C18 /v1 ./a#register", "fn@L1C18 /v2 ./b.js#default"]);
  });
});

describe("[U] hapi extractor: files that export routes", () => {
  it("module.exports = [...], export default { options: { handler } }, exports.routes and exported constants", () => {
    const a = facts(`module.exports = [\n  { method: "GET", path: "/users", handler: list },\n  { method: "DELETE", path: "/users/{id}", options: { handler: remove } },\n];\nfunction list() {}\nfunction remove() {}\n`, "src/routes/users.js");
    expect(routesOf(a)).toEqual(["hapi GET /users const:default L2 list", "hapi DELETE /users/{id} const:default L3 remove"]);
    expect(a.exports.default).toBe("const:default");
    const b = facts(`import { getOrder } from "../handlers/orders.js";\nexport default { method: "GET", path: "/orders/{id}", options: { handler: getOrder, auth: false } };\n`, "src/routes/order.ts");
    expect(routesOf(b)).toEqual(["hapi GET /orders/{id} const:default L2 getOrder"]);
    expect(b.exports.default).toBe("const:default");
    const c = facts(`exports.routes = [{ method: "POST", path: "/carts", handler: create }];\nfunction create() {}\n`, "src/routes/carts.js");
    expect(routesOf(c)).toEqual(["hapi POST /carts const:routes L1 create"]);
    const d = facts(`const getItem = { method: "GET", path: "/items/{id}", handler: () => 1 };\nconst routes = [getItem];\nmodule.exports = routes;\n`, "src/routes/items.js");
    expect(routesOf(d)).toEqual(["hapi GET /items/{id} const:routes L1 fn@L1C64"]);
    expect(d.exports.default).toBe("const:routes");
  });

  it("an index of route modules is mounted over each of them", () => {
    const f = facts(`const userRoutes = require("./users");\nconst orderRoutes = require("./orders");\nmodule.exports = [...userRoutes, ...orderRoutes, ...require("./carts")];\n`, "src/routes/index.js");
    expect(mountsOf(f)).toEqual(["const:default '' ./users#default", "const:default '' ./orders#default", "const:default '' ./carts#default"]);
    expect(f.exports.default).toBe("const:default");
  });

  it("tables that are not hapi's stay out: lower-case methods for router[r.method], an unexported table, data", () => {
    const express = facts(`module.exports = [{ method: "get", path: "/a", handler: h }];\nfunction h() {}\n`, "src/routes/table.js");
    const unexported = facts(`const Hapi = require("@hapi/hapi");\nconst routes = [{ method: "GET", path: "/b", handler: () => 1 }];\n`, "src/server.js");
    const data = facts(`export const links = [{ method: "GET", path: "docs/intro" }];\n`, "src/links.ts");
    expect([...routesOf(express), ...routesOf(unexported), ...routesOf(data)]).toEqual([]);
  });
});

describe("[U] hapi extractor: plugins", () => {
  it("register() with routes.prefix, arrays, a shared prefix, hapi 16's { register } and inline plugin objects", () => {
    const f = facts(
      [
        `const Hapi = require("@hapi/hapi");`,
        `import users from "./plugins/users.js";`,
        `const server = Hapi.server();`,
        `await server.register({ plugin: users, routes: { prefix: "/v1/users" } });`,
        `await server.register([{ plugin: require("./plugins/orders"), routes: { prefix: "/v1" } }, require("@hapi/inert")]);`,
        `await server.register(require("./plugins/legacy"), { routes: { prefix: "/v2" } });`,
        `await server.register({ register: require("./plugins/old"), routes: { prefix: "/v0" } });`,
        `await server.register({ plugin: { name: "inline", register: async (srv) => { srv.route({ method: "GET", path: "/i", handler: () => 1 }); } }, routes: { prefix: "/v3" } });`,
      ].join("\n"),
    );
    expect(mountsOf(f)).toEqual([
      "var:server /v1/users ./plugins/users.js#default",
      "var:server /v1/users ./plugins/users.js#plugin",
      "var:server /v1/users ./plugins/users.js#register",
      "var:server /v1 ./plugins/orders#default",
      "var:server /v1 ./plugins/orders#plugin",
      "var:server /v1 ./plugins/orders#register",
      "var:server /v2 ./plugins/legacy#default",
      "var:server /v2 ./plugins/legacy#plugin",
      "var:server /v2 ./plugins/legacy#register",
      "var:server /v0 ./plugins/old#default",
      "var:server /v0 ./plugins/old#plugin",
      "var:server /v0 ./plugins/old#register",
      "var:server /v3 fn@L8C61",
    ]);
    expect(routesOf(f)).toEqual(["hapi GET /i fn@L8C61 L8 fn@L8C126"]);
  });

  it("plugin modules: exports.plugin, module.exports = { name, register }, export const plugin, hapi 16's exports.register", () => {
    const a = facts(`exports.plugin = {\n  name: "users",\n  register: async (server) => {\n    server.route({ method: "GET", path: "/", handler: () => [] });\n  },\n};\n`, "src/plugins/users.js");
    expect(mountsOf(a)).toEqual(["const:plugin '' fn@L3C13"]);
    expect(routesOf(a)).toEqual(["hapi GET / fn@L3C13 L4 fn@L4C55"]);
    const b = facts(`async function register(server, options) {\n  server.route({ method: "GET", path: "/orders", handler: list });\n}\nfunction list() {}\nmodule.exports = { name: "orders", register };\n`, "src/plugins/orders.js");
    expect(mountsOf(b)).toEqual(["const:default '' fn:register"]);
    expect(routesOf(b)).toEqual(["hapi GET /orders fn:register L2 list"]);
    const c = facts(`import type { Plugin, Server } from "@hapi/hapi";\nexport const plugin: Plugin<void> = {\n  name: "carts",\n  async register(server: Server) {\n    server.route({ method: "POST", path: "/carts", handler: () => 1 });\n  },\n};\n`, "src/plugins/carts.ts");
    expect(mountsOf(c)).toEqual(["const:plugin '' fn:plugin.register"]);
    expect(routesOf(c)).toEqual(["hapi POST /carts fn:plugin.register L5 fn@L5C61"]);
    const d = facts(`exports.register = function (server, options, next) {\n  server.route({ method: "GET", path: "/old", handler: function (request, reply) {} });\n  next();\n};\nexports.register.attributes = { name: "old" };\n`, "src/plugins/old.js");
    expect(routesOf(d)).toEqual(["hapi GET /old fn@L1C20 L2 fn@L2C56"]);
    expect(d.exports.register).toBe("fn@L1C20");
  });
});

describe("[I] hapi services end to end", () => {
  const catalog = () =>
    service("services/catalog", ["@hapi/hapi"], {
      "src/server.js": [
        `const Hapi = require("@hapi/hapi");`,
        `const bookRoutes = require("./routes/books");`,
        `const init = async () => {`,
        `  const server = Hapi.server({ port: 3000 });`,
        `  server.route(bookRoutes);`,
        `  server.route({ method: "GET", path: "/health", handler: () => "ok" });`,
        `  await server.register({ plugin: require("./plugins/authors"), routes: { prefix: "/v1/authors" } });`,
        `  await server.start();`,
        `};`,
        `init();`,
      ].join("\n"),
      "src/routes/books.js": `const { list, get } = require("../handlers/books");\nmodule.exports = [\n  { method: "GET", path: "/books", handler: list },\n  { method: "GET", path: "/books/{id}", options: { handler: get } },\n];\n`,
      "src/handlers/books.js": `async function list() {\n  return [];\n}\nasync function get(request) {\n  return { id: request.params.id };\n}\nmodule.exports = { list, get };\n`,
      "src/plugins/authors.js": `exports.plugin = {\n  name: "authors",\n  register: async (server) => {\n    server.route([{ method: "GET", path: "/", handler: () => [] }, { method: "GET", path: "/{id}", handler: () => ({}) }]);\n  },\n};\n`,
    });

  it("routes from route files and plugins get their prefixes and handlers; unversioned ones are found at their line", () => {
    const result = lintTree(catalog());
    expect(result.model.routes.map((r) => `${r.service} ${r.framework} ${r.method} ${r.path} ${r.location.file}:${r.location.line}`).sort()).toEqual([
      "catalog hapi GET /books services/catalog/src/routes/books.js:3",
      "catalog hapi GET /books/{id} services/catalog/src/routes/books.js:4",
      "catalog hapi GET /health services/catalog/src/server.js:6",
      "catalog hapi GET /v1/authors services/catalog/src/plugins/authors.js:4",
      "catalog hapi GET /v1/authors/{id} services/catalog/src/plugins/authors.js:4",
    ]);
    const books = result.model.routes.find((r) => r.path === "/books/{id}");
    expect(books?.handler).toBe("services/catalog/src/handlers/books.js#fn:get");
    const unversioned = result.findings.filter((f) => f.ruleId === "unversioned-route");
    expect(unversioned.map((f) => `${f.location.file}:${f.location.line} ${f.message}`)).toEqual([
      "services/catalog/src/routes/books.js:3 GET /books in catalog has no version segment; serve it under a version such as /v1/books",
      "services/catalog/src/routes/books.js:4 GET /books/{id} in catalog has no version segment; serve it under a version such as /v1/books/{id}",
    ]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood")).toEqual([]);
  });

  it("lists of registrations in a constant, here or in another file, keep their prefixes", () => {
    const result = lintTree(
      service("services/maps", ["@hapi/hapi"], {
        "src/server.ts": [
          `import Hapi from "@hapi/hapi";`,
          `import plugins from "./plugins/index";`,
          `import { plugin as tiles } from "./features/tiles";`,
          `const local = [{ plugin: tiles, routes: { prefix: "/v2/tiles" } }];`,
          `export async function start() {`,
          `  const server = Hapi.server({ port: 3003 });`,
          `  await server.register(plugins);`,
          `  await server.register(local);`,
          `  await server.start();`,
          `}`,
        ].join("\n"),
        "src/plugins/index.ts": `import type { ServerRegisterPluginObject } from "@hapi/hapi";\nimport { ApiExample } from "../features/example";\nconst plugins: ServerRegisterPluginObject<unknown>[] = [{ plugin: ApiExample, routes: { prefix: "/api" } }];\nexport default plugins;\n`,
        "src/features/example.ts": `import type { Plugin } from "@hapi/hapi";\nexport const ApiExample: Plugin<void> = {\n  name: "example",\n  register: async (server) => {\n    server.route({ method: "GET", path: "/example", handler: () => "hi" });\n  },\n};\n`,
        "src/features/tiles.ts": `export const plugin = {\n  name: "tiles",\n  async register(server) {\n    server.route({ method: "GET", path: "/{z}/{x}/{y}", handler: () => null });\n  },\n};\n`,
      }),
    );
    expect(result.model.routes.map((r) => `${r.method} ${r.path} ${r.location.file}:${r.location.line}`).sort()).toEqual([
      "GET /api/example services/maps/src/features/example.ts:5",
      "GET /v2/tiles/{z}/{x}/{y} services/maps/src/features/tiles.ts:4",
    ]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => `${f.location.file}:${f.location.line} ${f.message}`)).toEqual([
      "services/maps/src/features/example.ts:5 GET /api/example in maps has no version segment; serve it under a version such as /api/v1/example",
    ]);
  });

  it("a router plugin registered by name under a prefix, whose register() routes an index that gathers route files", () => {
    const result = lintTree(
      service("services/portal", ["@hapi/hapi"], {
        "src/server.js": `import Hapi from "@hapi/hapi";\nimport { router } from "./plugins/router.js";\nconst server = Hapi.server({ port: 3000 });\nawait server.register([router], { routes: { prefix: "/v1" } });\nawait server.start();\n`,
        "src/plugins/router.js": `import routes from "../routes/index.js";\nexport const router = {\n  plugin: {\n    name: "router",\n    register(server) {\n      server.route(routes);\n    },\n  },\n};\n`,
        "src/routes/index.js": `import { home } from "./home.js";\nimport about from "./about.js";\nexport default [].concat(home, about);\n`,
        "src/routes/home.js": `export const home = { method: "GET", path: "/", handler: (request, h) => h.view("home") };\n`,
        "src/routes/about.js": `const handler = (request, h) => h.view("about");\nexport default [\n  { method: "GET", path: "/about", options: { handler } },\n];\n`,
      }),
    );
    expect(result.model.routes.map((r) => `${r.method} ${r.path} ${r.location.file}:${r.location.line}`).sort()).toEqual([
      "GET /v1 services/portal/src/routes/home.js:1",
      "GET /v1/about services/portal/src/routes/about.js:3",
    ]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route")).toEqual([]);
  });

  it("a service on hapi before the move (the `hapi` package) is a service, and says so when no route is found", () => {
    const result = lintTree(service("services/legacy", ["hapi"], { "src/server.js": `const Hapi = require("hapi");\nconst server = new Hapi.Server();\nserver.connection({ port: 3000 });\nserver.start();\n` }));
    expect(result.model.services.map((s) => s.name)).toEqual(["legacy"]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => d.message)).toEqual([
      "legacy imports hapi at services/legacy/src/server.js:1, but no route was found (routes registered in a way arch-lint does not follow are not checked)",
    ]);
  });
  it("hapi's not-found route (method '*', path '/{any*}') is no route to version; a versioned route beside it stays quiet, an unversioned one is found", () => {
    const result = lintTree(
      service("services/catalog", ["@hapi/hapi"], {
        "src/server.js": [
          `const Hapi = require("@hapi/hapi");`,
          `const server = Hapi.server({ port: 3000 });`,
          `server.route({ method: "GET", path: "/v1/items", handler: () => [] });`,
          `server.route({ method: "GET", path: "/items", handler: () => [] });`,
          `server.route({ method: "*", path: "/{any*}", handler: (request, h) => h.response("not found").code(404) });`,
          `server.start();`,
        ].join("\n"),
      }),
    );
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => `${f.data.path} ${f.location.file}:${f.location.line}`)).toEqual(["/items services/catalog/src/server.js:4"]);
  });
});
