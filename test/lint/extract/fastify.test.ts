import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";

describe("[U] fastify extractor", () => {
  it("shorthand verbs, route({ method, url }) and register with a prefix", () => {
    const f = facts(
      `import Fastify from "fastify";\nimport users from "./users.js";\nconst app = Fastify();\napp.get("/a", async () => 1);\napp.route({ method: ["GET", "HEAD"], url: "/b", handler: async () => 2 });\napp.register(users, { prefix: "/v1/users" });\napp.register(async (v2) => { v2.post("/c", h); }, { prefix: "/v2" });\nasync function h() {}\n`,
    );
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /a var:app", "GET /b var:app", "HEAD /b var:app", "POST /c fn@L7C14"]);
    expect(f.mounts.map((m) => [m.parent, m.prefix, m.child])).toEqual([
      ["var:app", "/v1/users", { kind: "import", specifier: "./users.js", name: "default" }],
      ["var:app", "/v2", { kind: "local", id: "fn@L7C14" }],
    ]);
  });

  it("an app made by require(\"fastify\")(options), the CommonJS form of its docs, also through .default and .fastify", () => {
    const f = facts(`const app = require("fastify")({ logger: true });\nconst other = require("fastify").fastify();\napp.get("/a", async () => 1);\nother.post("/b", async () => 2);\napp.register(require("./users"), { prefix: "/v1/users" });\napp.listen({ port: 3000 });\n`, "server.js");
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner} ${r.framework}`)).toEqual(["GET /a var:app fastify", "POST /b var:other fastify"]);
    expect(f.mounts.map((m) => [m.parent, m.prefix])).toEqual([["var:app", "/v1/users"]]);
  });

  it("plugins exported as default functions and through fastify-plugin", () => {
    const a = facts(`import type { FastifyInstance } from "fastify";\nexport default async function routes(app: FastifyInstance) {\n  app.get("/x", async () => 1);\n}\n`);
    expect(a.routes.map((r) => r.owner)).toEqual(["fn:routes"]);
    expect(a.exports.default).toBe("fn:routes");
    const b = facts(`import fp from "fastify-plugin";\nexport default fp(async (app) => {\n  app.get("/y", async () => 1);\n});\n`);
    expect(b.routes.map((r) => r.owner)).toEqual([b.exports.default]);
  });

  it("routes chained after a call that returns the instance: withTypeProvider<T>(), register(hook plugin), addHook", () => {
    const f = facts(
      `import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { requireUser } from "./require-user";
export async function ticketRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().post("/tickets", async () => 1);
  app
    .withTypeProvider<ZodTypeProvider>()
    .register(requireUser)
    .get("/tickets/:id", async () => 2);
  app.addHook("onRequest", async () => {}).delete("/tickets/:id", async () => 3);
}
`,
    );
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner} ${r.location.line}`)).toEqual(["POST /tickets fn:ticketRoutes 5", "GET /tickets/:id fn:ticketRoutes 9", "DELETE /tickets/:id fn:ticketRoutes 10"]);
  });

  it("routes on a local that holds the instance withTypeProvider<T>() returns, in a plugin and in a module", () => {
    const f = facts(
      `import Fastify, { type FastifyPluginAsync } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
export const parcelRoutes: FastifyPluginAsync = async (instance) => {
  const typed = instance.withTypeProvider<TypeBoxTypeProvider>();
  typed.route({ method: "POST", url: "/parcels", handler: async () => 1 });
  typed.get("/parcels/:id", async () => 2);
};
const app = Fastify();
const root = app.withTypeProvider<TypeBoxTypeProvider>();
root.get("/healthz", async () => "ok");
const other = makeClient().withTypeProvider();
other.get("/not-a-route");
`,
    );
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.location.line}`)).toEqual(["POST /parcels 5", "GET /parcels/:id 6", "GET /healthz 10"]);
  });

  it("an instance made with withTypeProvider<T>() chained on the factory: its routes and its plugins' mounts are its own", () => {
    const f = facts(`import Fastify from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import ledger from "./ledger.route";
export const server = Fastify({ logger: true }).withTypeProvider<ZodTypeProvider>();
server.get("/status", async () => "ok");
server.register(ledger, { prefix: "api/ledger" });
`);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.owner}`)).toEqual(["GET /status var:server"]);
    expect(f.mounts.map((m) => [m.parent, m.prefix])).toEqual([["var:server", "api/ledger"]]);
  });

  it("a chained call that returns something else is no owner: an axios-like client's interceptors, a promise's then", () => {
    const f = facts(`import Fastify from "fastify";
const app = Fastify();
export const client = makeClient();
client.withTypeProvider().get("/not-a-route");
app.ready().then(() => 1);
`);
    expect(f.routes).toEqual([]);
  });
});

describe("[I] @fastify/autoload", () => {
  it("mounts every plugin file of the folder under the prefix and its sub-folders", async () => {
    const { lintTree, service } = await import("../helpers.js");
    const result = lintTree(
      service("services/api", ["fastify", "@fastify/autoload"], {
        "src/app.ts": `import path from "node:path";\nimport AutoLoad from "@fastify/autoload";\nimport Fastify from "fastify";\nconst app = Fastify();\napp.register(AutoLoad, { dir: path.join(import.meta.dirname, "routes"), options: { prefix: "/v1" } });\napp.get("/healthz", async () => "ok");\n`,
        "src/routes/root.ts": `export default async function (app) {\n  app.get("/", async () => ({}));\n}\n`,
        "src/routes/users/index.ts": `import type { FastifyPluginAsync } from "fastify";\nconst users: FastifyPluginAsync = async (app) => {\n  app.get("/", async () => []);\n  app.get("/:id", async () => ({}));\n};\nexport default users;\n`,
      }),
    );
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /healthz", "GET /v1", "GET /v1/users", "GET /v1/users/:id"]);
  });
});

describe("[I] fastify apps as real code builds them", () => {
  const api = (files: Record<string, string>) => service("services/api", ["fastify", "@fastify/autoload", "fastify-plugin"], files);
  const lines = (result: ReturnType<typeof lintTree>) => result.model.routes.map((r) => `${r.method} ${r.path} ${r.location.file.replace("services/api/", "")}:${r.location.line} ${r.handler?.replace("services/api/", "") ?? "-"}`).sort();

  it("an app built in an exported factory: route({ method: [...] }), options-object handlers, nested and imported plugins, setNotFoundHandler no route", () => {
    const result = lintTree(
      api({
        "src/app.ts": [
          `import Fastify from "fastify";`,
          `import orders from "./plugins/orders.js";`,
          `export async function buildApp() {`,
          `  const app = Fastify({ logger: true });`,
          `  app.register(orders, { prefix: "/v1/orders" });`,
          `  app.register(async (v2) => {`,
          `    v2.register(import("./plugins/carts.js"), { prefix: "/carts" });`,
          `  }, { prefix: "/v2" });`,
          `  app.setNotFoundHandler((request, reply) => reply.code(404).send());`,
          `  app.get("/things", { schema: {}, handler: listThings });`,
          `  return app;`,
          `}`,
          `async function listThings() {}`,
        ].join("\n"),
        "src/server.ts": `import { buildApp } from "./app.js";\nconst app = await buildApp();\nawait app.listen({ port: 3000 });\n`,
        "src/plugins/orders.js": `module.exports = async function (fastify, opts) {\n  fastify.route({ method: ["GET", "POST"], url: "/", handler: list });\n  fastify.get("/:id", async () => ({}));\n};\nasync function list() {}\n`,
        "src/plugins/carts.js": `export default async function carts(fastify) {\n  fastify.get("/", async () => []);\n}\n`,
      }),
    );
    expect(lines(result)).toEqual([
      "GET /things src/app.ts:10 src/app.ts#fn:listThings",
      "GET /v1/orders src/plugins/orders.js:2 src/plugins/orders.js#fn:list",
      "GET /v1/orders/:id src/plugins/orders.js:3 src/plugins/orders.js#fn@L3C23",
      "GET /v2/carts src/plugins/carts.js:2 src/plugins/carts.js#fn@L2C20",
      "POST /v1/orders src/plugins/orders.js:2 src/plugins/orders.js#fn:list",
    ]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => `${f.location.file}:${f.location.line} ${f.message}`)).toEqual([
      "services/api/src/app.ts:10 GET /things in api has no version segment; serve it under a version such as /v1/things",
    ]);
  });

  it("urls written without their leading slash join the plugin's prefix as fastify joins them; a client's call with such a path is no route", () => {
    const result = lintTree(
      api({
        "src/server.ts": [
          `import fastify, { FastifyPluginAsync } from "fastify";`,
          `import { accountRoutes } from "./accounts.js";`,
          `const app = fastify();`,
          `await app.register(accountRoutes, { prefix: "/Accounts/" });`,
          `await app.listen({ port: 3000 });`,
        ].join("\n"),
        "src/accounts.ts": [
          `import { FastifyPluginAsync } from "fastify";`,
          `import { ledger } from "./ledger-client.js";`,
          `export const accountRoutes: FastifyPluginAsync = async (app) => {`,
          `  app.post<{ Body: { name: string } }>("Open", { schema: {} }, async (request) => ({ id: 1 }));`,
          `  app.delete("Holders/:id", async (request) => ({}));`,
          `  app.get("/Status", async () => "up");`,
          `  ledger.post("entries", { amount: 1 });`,
          `};`,
        ].join("\n"),
        "src/ledger-client.ts": `export const ledger = { post: async (path: string, body: unknown) => body };\n`,
      }),
    );
    expect(lines(result)).toEqual([
      "DELETE /Accounts/Holders/:id src/accounts.ts:5 src/accounts.ts#fn@L5C29",
      "GET /Accounts/Status src/accounts.ts:6 src/accounts.ts#fn@L6C22",
      "POST /Accounts/Open src/accounts.ts:4 src/accounts.ts#fn@L4C64",
    ]);
  });

  it("@fastify/autoload with dirNameRoutePrefix: false and a plugin's own autoPrefix (in place of its folder's name)", () => {
    const app = (dirNames: string) =>
      api({
        "src/app.ts": `import AutoLoad from "@fastify/autoload";\nimport Fastify from "fastify";\nimport { join } from "node:path";\nconst app = Fastify();\napp.register(AutoLoad, { dir: join(__dirname, "routes"), ${dirNames}options: { prefix: "/v1" } });\n`,
        "src/routes/users/index.ts": `export default async function (app) {\n  app.get("/users", async () => []);\n}\n`,
        "src/routes/users/autohooks.ts": `export default async function (app) {\n  app.addHook("onRequest", async () => {});\n}\n`,
        "src/routes/orders.ts": `export const autoPrefix = "/orders";\nexport default async function (app) {\n  app.get("/", async () => []);\n}\n`,
        "src/routes/admin/reports/index.ts": `export const autoPrefix = "/stats";\nexport default async function (app) {\n  app.get("/daily", async () => []);\n}\n`,
      });
    expect(lintTree(app("dirNameRoutePrefix: false, ")).model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /v1/orders", "GET /v1/stats/daily", "GET /v1/users"]);
    expect(lintTree(app("")).model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /v1/admin/stats/daily", "GET /v1/orders", "GET /v1/users/users"]);
  });

  it("a fastify-cli app plugin loading its routes through fastify-autoload (the old name) or import(\"@fastify/autoload\") in place", () => {
    const tree = (app: string) =>
      service("services/live", ["fastify", "fastify-cli", "fastify-autoload"], {
        "app.js": app,
        "routes/models/index.js": `module.exports = async function (fastify) {\n  fastify.get("/", async () => []);\n  fastify.get("/:name", async () => ({}));\n};\n`,
      });
    const old = lintTree(tree(`const path = require("path");\nconst AutoLoad = require("fastify-autoload");\nmodule.exports = async function (fastify, opts) {\n  fastify.register(AutoLoad, { dir: path.join(__dirname, "routes"), options: Object.assign({ prefix: "/v1" }, opts) });\n};\n`));
    expect(old.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /models", "GET /models/:name"]);
    const inPlace = lintTree(tree(`import { join } from "desm";\nexport default async function (app, opts) {\n  app.register(import("@fastify/autoload"), { dir: join(import.meta.url, "routes"), options: { prefix: "/v1" } });\n}\n`));
    expect(inPlace.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /v1/models", "GET /v1/models/:name"]);
  });
});

describe("[U] fastify: the import forms of the factory, route options and unknown prefixes", () => {
  it("a namespace import or the named export fastify makes an app, also through require().fastify", () => {
    const routesOf = (code: string) => facts(code).routes.map((r) => `${r.method} ${r.path} ${r.owner}`);
    expect(routesOf(`import * as Fastify from "fastify";\nconst app = Fastify();\napp.get("/v1/a", async () => "a");\n`)).toEqual(["GET /v1/a var:app"]);
    expect(routesOf(`import { fastify } from "fastify";\nconst app = fastify({ logger: true });\napp.get("/v1/b", async () => "b");\n`)).toEqual(["GET /v1/b var:app"]);
    expect(routesOf(`const app = require("fastify").fastify();\napp.get("/v1/c", async () => "c");\n`)).toEqual(["GET /v1/c var:app"]);
    expect(routesOf(`import { helper } from "fastify";\nconst app = helper();\napp.get("/v1/d", async () => "d");\n`)).toEqual([]);
  });

  it("require(\"fastify\").default() and .fastify() make an app, another member of require(\"fastify\") does not", () => {
    const routesOf = (code: string) => facts(code).routes.map((r) => `${r.method} ${r.path} ${r.owner}`);
    expect(routesOf(`const app = require("fastify").default({ logger: true });\napp.get("/v1/a", async () => "a");\n`)).toEqual(["GET /v1/a var:app"]);
    expect(routesOf(`const errors = require("fastify").errorCodes();\nerrors.get("/v1/b", async () => "b");\n`)).toEqual([]);
  });

  it("a request hook on an app of another framework is not a fastify hook", () => {
    const f = facts(`import express from "express";\nimport { verify } from "./auth";\nconst app = express();\napp.addHook("onRequest", verify);\napp.get("/v1/a", (req, res) => res.end());\n`);
    expect(f.routes.map((r) => [r.path, r.middleware])).toEqual([["/v1/a", undefined]]);
  });

  it("a request hook that reads the version header versions the instance's routes, declared before or after it", () => {
    const f = facts(`import Fastify from "fastify";\nimport { versionMiddleware } from "./version";\nconst app = Fastify();\napp.get("/orders", async () => []);\napp.addHook("onRequest", versionMiddleware);\napp.get("/items", async () => []);\n`);
    expect(f.routes.map((r) => [r.path, r.version])).toEqual([["/orders", "header"], ["/items", "header"]]);
  });

  it("@fastify/autoload in a file at the repository's root: the folder is beside it", () => {
    const f = facts(`import Fastify from "fastify";\nimport autoload from "@fastify/autoload";\nimport { join } from "node:path";\nconst app = Fastify();\napp.register(autoload, { dir: join(__dirname, "routes") });\n`, "app.ts");
    expect(f.autoloads.map((a) => a.dir)).toEqual(["routes"]);
  });

  it("route({ path }) is read like route({ url })", () => {
    const f = facts(`import Fastify from "fastify";\nconst app = Fastify();\napp.route({ method: "GET", path: "/v1/orders", handler: list });\n`);
    expect(f.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/orders"]);
  });

  it("a plugin registered with a prefix the code does not give (an option passed in) is mounted with no prefix", () => {
    const f = facts(`import Fastify from "fastify";\nimport orders from "./orders";\nconst app = Fastify();\nexport function start(options: { prefix: string }) {\n  app.register(orders, { prefix: options.prefix });\n}\n`);
    expect(f.mounts.map((m) => [m.parent, m.prefix])).toEqual([["var:app", ""]]);
  });
});
