import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/** Route and mount forms the shared route extractor reads (extract/routes.ts). */
const routes = (code: string, file = "src/routes.js") =>
  facts(code, file).routes.map((r) => `${r.framework} ${r.method} ${r.path} ${r.owner}${r.middleware ? ` [${r.middleware.map((m) => m.handler ?? m.handlerRef?.name).join(",")}]` : ""}`);

describe("[U] route forms", () => {
  it("a plugin function of a file that imports nothing: a parameter named fastify is a fastify app, another app name stays unknown", () => {
    expect(routes(`module.exports = async function (fastify, opts) {\n  fastify.get("/v1/parcels", async () => []);\n};\n`)).toEqual(["fastify GET /v1/parcels fn@L1C18"]);
    expect(routes(`module.exports = function (app) {\n  app.get("/v1/parcels", (req, res) => res.json([]));\n};\n`)).toEqual(["express GET /v1/parcels fn@L1C18"]);
  });

  it("a field named fastify of the object a plugin destructures is a fastify app when the file imports none", () => {
    expect(routes(`module.exports = ({ fastify, store }) => {\n  fastify.post("/v1/parcels", async () => store.add());\n};\n`)).toEqual(["fastify POST /v1/parcels fn@L1C18"]);
  });

  it("a list of paths: one route each, with the handlers before the last as its middleware", () => {
    expect(routes(`const express = require("express");\nconst app = express();\napp.get(["/v1/parcels", "/v1/packages"], auth, validate, list);\nfunction auth() {}\nfunction validate() {}\nfunction list() {}\n`)).toEqual([
      "express GET /v1/parcels var:app [auth,validate]",
      "express GET /v1/packages var:app [auth,validate]",
    ]);
  });

  it("a path under a base read from a parameter's setting is a route with its prefix unknown; a client's call with options is not", () => {
    const code = (call: string) => `exports.assign = (app, config) => {\n  ${call}\n};\n`;
    expect(routes(code("app.post(`${config.app.baseUrl}tickets`, validate(schema), create);"))).toEqual(["express POST {?}tickets fn@L1C18 [schema]"]);
    expect(routes(code("app.get(`${config.basePath}/tickets/:id`, (req, res) => res.end());"))).toEqual(["express GET {?}/tickets/:id fn@L1C18"]);
    expect(routes(code("app.get(`${config.baseUrl}/tickets`, { params: { page: 1 } });"))).toEqual([]);
    expect(routes(code("app.get(`${config.ticketsHost}/tickets`, list);"))).toEqual([]);
  });

  it("a mount whose prefix is an imported constant is a mount at that prefix", () => {
    const f = facts(`const express = require("express");\nconst { API_PREFIX } = require("./config");\nconst orders = require("./orders");\nconst app = express();\napp.use(\`\${API_PREFIX}/orders\`, orders);\n`, "src/server.js");
    expect(f.mounts.map((m) => [m.parent, m.prefix, m.child])).toEqual([["var:app", "${import:./config#API_PREFIX}/orders", { kind: "import", specifier: "./orders", name: "default" }]]);
  });

  it("handlers given as an array: the last is the handler, every one before it middleware", () => {
    expect(routes(`const express = require("express");\nconst app = express();\napp.post("/v1/parcels", [auth, validate, create]);\nfunction auth() {}\nfunction validate() {}\nfunction create() {}\n`)).toEqual(["express POST /v1/parcels var:app [auth,validate]"]);
  });
});
