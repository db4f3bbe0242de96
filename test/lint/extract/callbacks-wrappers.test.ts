import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import type { FileFacts } from "../../../src/lint/types.js";

/** Each nested or aliased function edge: `from → to`, with the line and column of the call it runs after. */
const edges = (f: FileFacts) =>
  f.callees
    // Calls into packages (request, axios, async) are left out: they lead to no function of the project; so are the
    // module's own calls (no caller: sites for what they pass, no edges).
    .filter((c) => c.from !== undefined && (c.local || !/^(request|axios|async)$/.test(c.object ?? c.name)))
    .map((c) => `${c.from} → ${c.local ?? (c.object ? `${c.object}.${c.name}` : c.name)}${c.awaited ? " awaited" : ""}${c.after ? ` after ${c.after.line}:${c.after.column}` : ""}`);

describe("[U] callbacks run after the call they are given to", () => {
  it("request(url, cb) nested: each callback runs after its call", () => {
    const f = facts(`const request = require("request");\nexport function h(req, res) {\n  request("http://a/v1/a", function (e, r, a) {\n    request("http://b/v1/b", (e2, r2, b) => res.json([a, b]));\n  });\n}\n`);
    expect(edges(f)).toEqual(["fn:h → fn@L3C28 after 3:3", "fn@L3C28 → fn@L4C30 after 4:5"]);
    expect(f.calls.map((c) => `${c.location.line}:${c.location.column}`)).toEqual(["3:3", "4:5"]);
  });

  it("handlers named in chained registrations (router.post(...).get(...).put(...)) are routes, not callbacks the factory runs", () => {
    const f = facts(`import express from "express";\nimport { create, list, rename } from "./handlers";\nexport const makeRouter = () => {\n  const router = express.Router();\n  router.post("/v1/carts", create).get("/v1/carts", list).put("/v1/carts/:id", rename);\n  return router;\n};\n`);
    expect(edges(f)).toEqual(["fn:makeRouter → express.Router"]);
  });

  it("a promise chain: each then-callback runs after the one before it, the first after the chain's first call; catch is not a step", () => {
    const f = facts(`import axios from "axios";\nexport function h() {\n  return axios.get("http://a/v1/a").then((a) => axios.get("http://b/v1/b")).then((b) => b.data).catch((e) => axios.get("http://c/v1/c"));\n}\n`);
    expect(edges(f)).toEqual(["fn:h → fn@L3C42 after 3:10", "fn:h → fn@L3C82 after 3:42", "fn:h → fn@L3C103"]);
  });

  it("a function of the project given by name to a call is a callback of that call; a .catch and a link with no function of the project are passed by", () => {
    const f = facts(`import axios from "axios";\nfunction loadB() {}\nfunction onDone() {}\nexport function h(req) {\n  axios.get("http://a/v1/a").then(loadB).catch(onDone).then(JSON.parse).then((x) => x);\n  setTimeout(onDone, 10);\n}\n`);
    expect(edges(f)).toEqual(["fn:h → onDone", "fn:h → loadB after 5:3", "fn:h → fn@L5C78 after 5:35", "fn:h → onDone after 6:3"]);
  });

  it("a Promise.all group continued with .then is named (then@), one awaited is named plainly, one kept is not", () => {
    const f = facts(`export async function h() {\n  Promise.all([fetch("http://a/v1/a")]).then((x) => x);\n  await Promise.all([fetch("http://b/v1/b")]);\n  const kept = Promise.all([fetch("http://c/v1/c")]);\n  await kept;\n}\n`);
    expect(f.calls.map((c) => c.parallel)).toEqual(["then@L2C3", "L3C9", true]);
  });

  it("async.waterfall and async.series: each step after the one before, inline or by name, the final callback after the last", () => {
    const f = facts(`const async = require("async");\nfunction loadUser(cb) {}\nfunction loadCart(user, cb) {}\nexport function h(req, res) {\n  async.waterfall([\n    function (cb) { cb(null, 1); },\n    (x, cb) => cb(null, x),\n  ], (err, out) => res.json(out));\n  async.series([loadUser, loadCart]);\n  async.parallel([(cb) => cb(), (cb) => cb()]);\n}\n`);
    expect(edges(f)).toEqual([
      "fn:h → fn@L6C5",
      "fn:h → fn@L7C5 after 6:5",
      "fn:h → fn@L8C6 after 7:5",
      "fn:h → loadUser",
      "fn:h → loadCart after 9:17",
      "fn:h → fn@L10C19",
      "fn:h → fn@L10C33",
    ]);
  });
});

describe("[U] handlers behind higher-order functions", () => {
  it("module.exports = withSpan(handler) exports the handler", () => {
    const f = facts(`const { withSpan } = require("../tracing");\nasync function handler(req, res) {}\nmodule.exports = withSpan(handler);\n`);
    expect(f.exports).toEqual({ default: "fn:handler" });
  });

  it("export default catchAsync(async (req, res) => ...) exports the inline function", () => {
    expect(facts(`import catchAsync from "./catch-async";\nexport default catchAsync(async (req, res) => {\n  res.json({});\n});\n`).exports).toEqual({ default: "fn@L2C27" });
  });

  it("const getOrder = withSpan(traced(async () => ...)): calling the name runs the wrapped function", () => {
    const f = facts(`import { withSpan } from "./tracing";\nimport { traced } from "./tracing";\nasync function load(id) {}\nexport const getOrder = withSpan("orders.get", traced(async (req, res) => load(req.params.id)));\nexport const list = asyncHandler(load);\nconst bound = load.bind(null);\nconst notWrapped = compute(1, "x");\n`);
    expect(f.exports).toMatchObject({ getOrder: "fn:getOrder", list: "fn:list" });
    expect(f.functions.map((fn) => fn.id)).toEqual(["fn:load", "fn:getOrder", "fn@L4C55", "fn:list", "fn:bound"]);
    expect(edges(f)).toEqual(["fn:getOrder → fn@L4C55 awaited", "fn@L4C55 → load awaited", "fn:list → load awaited", "fn:bound → load awaited"]);
  });

  it("a wrapper of an app or a router is not a handler alias", () => {
    const f = facts(`import express from "express";\nconst app = express();\nconst server = http.createServer(app);\n`);
    expect(f.functions).toEqual([]);
  });
});

describe("[U] middleware lists and handlers local to a scope", () => {
  const routes = (code: string) =>
    facts(code).routes.map((r) => `${r.method} ${r.path} ${r.handler ?? r.handlerRef?.name}${r.middleware ? ` after ${r.middleware.map((m) => `${m.handler ?? m.handlerRef?.name}@${m.location.line}:${m.location.column}`).join(", ")}` : ""}`);

  it("router.get(path, auth, validate, handler), arrays of them, and route().post(...)", () => {
    expect(
      routes(`import express from "express";\nimport { auth } from "./auth";\nconst router = express.Router();\nfunction validate(req, res, next) { next(); }\nrouter.get("/v1/a", auth, validate, (req, res) => res.json({}));\nrouter.post("/v1/b", [auth, validate], create);\nrouter.put("/v1/c", [auth, update]);\nrouter.route("/v1/d").delete(auth, remove);\nrouter.get("/v1/e", list);\n`),
    ).toEqual(["GET /v1/a fn@L5C37 after auth@5:21, validate@5:27", "POST /v1/b create after auth@6:23, validate@6:29", "PUT /v1/c update after auth@7:22", "DELETE /v1/d remove after auth@8:30", "GET /v1/e list"]);
  });

  it("a handler that is a function expression of an enclosing scope (an IIFE) is that function", () => {
    expect(routes(`(function () {\n  var express = require("express");\n  var app = express();\n  var getCart = function (req, res) { res.json({}); };\n  function getItems(req, res) {}\n  app.get("/v1/cart", getCart);\n  app.get("/v1/items", getItems);\n}());\n`)).toEqual(["GET /v1/cart fn@L4C17", "GET /v1/items getItems"]);
  });
});

describe("[U] handlers exported as the properties of module.exports", () => {
  it("arrow functions, methods and wrapped functions by their keys; other values stay constants", () => {
    const f = facts(`module.exports = {\n  getOrder: async (req, res) => {},\n  async list(req, res) {},\n  remove: catchAsync(async (req, res) => {}),\n  name: "orders",\n};\n`);
    expect(f.exports).toEqual({ default: "const:default", getOrder: "fn@L2C13", list: "fn@L3C3", remove: "fn@L4C22", name: "const:default.name" });
  });

  it("listen ports: app.listen(literal | const | env with fallback)", () => {
    const ports = (code: string) => (facts(code).listens ?? []).map((l) => l.port.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${${p.name}}` : "?")).join(""));
    expect(ports(`const express = require("express");\nconst app = express();\nconst port = 4545;\napp.listen(port);\napp.listen(process.env.PORT || 3000);\nserver.listen(8080);\n`)).toEqual(["4545", "${PORT}", "8080"]);
    expect(ports(`const socket = connect();\nsocket.listen(9000);\n`)).toEqual([]);
  });

  it("listen ports: Apollo Server 4's startStandaloneServer(server, { listen: { port } }) (lead22)", () => {
    const ports = (code: string) => (facts(code).listens ?? []).map((l) => l.port.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${${p.name}}` : "?")).join(""));
    expect(ports(`import { ApolloServer } from "@apollo/server";\nimport { startStandaloneServer } from "@apollo/server/standalone";\nconst server = new ApolloServer({ typeDefs, resolvers });\nawait startStandaloneServer(server, { listen: { port: 4100 } });\n`)).toEqual(["4100"]);
    expect(ports(`import { startStandaloneServer } from "./standalone";\nawait startStandaloneServer(server, { listen: { port: 4100 } });\n`)).toEqual([]);
  });
});

describe("[U] @grpc/grpc-js services and clients", () => {
  it("addService methods are handled topics, client method calls requested ones (close and waitForReady are no RPC)", () => {
    const f = facts(`const grpc = require("@grpc/grpc-js");\nconst shop = grpc.loadPackageDefinition(def).shop;\nconst client = new shop.CurrencyService(process.env.CURRENCY_ADDR, grpc.credentials.createInsecure());\nfunction convert(call, cb) {\n  client.getRates({}, (e, r) => cb(null, r));\n  client.close();\n}\nconst server = new grpc.Server();\nserver.addService(shop.CurrencyService.service, { convert, list: (call, cb) => cb(null, []), async ping(call, cb) {} });\n`, "src/server.js");
    expect(f.topics.map((t) => `${t.system} ${t.role} ${t.topic.parts.map((p) => (p.kind === "text" ? p.text : "?")).join("")} in ${t.inFunction}`)).toEqual([
      "grpc produce CurrencyService/GetRates in fn:convert",
      "grpc consume CurrencyService/Convert in fn:convert",
      "grpc consume CurrencyService/List in fn@L9C66",
      "grpc consume CurrencyService/Ping in fn@L9C94",
    ]);
  });

  it("a method implemented by another module's function names it, for the model to find (not the function addService is called in)", () => {
    const f = facts(`import * as grpc from "@grpc/grpc-js";\nimport { quote } from "./quote";\nimport * as admin from "./admin";\nexport function main(shop: any) {\n  const server = new grpc.Server();\n  server.addService(shop.pricing.PricingService.service, { quote, reload: admin.reload, audit: withAudit(admin.audit) });\n}\n`, "src/server.ts");
    expect(f.topics.map((t) => `${t.role} ${t.topic.parts.map((p) => (p.kind === "text" ? p.text : "?")).join("")} in ${t.inFunction ?? "-"} ref ${JSON.stringify(t.handlerRef ?? null)}`)).toEqual([
      `consume PricingService/Quote in - ref {"name":"quote"}`,
      `consume PricingService/Reload in - ref {"object":"admin","name":"reload"}`,
      `consume PricingService/Audit in - ref {"object":"admin","name":"audit"}`,
    ]);
  });

  it("a client a class keeps as a member (this.stub = new shop.X(addr, credentials)) makes requests through this.stub", () => {
    const f = facts(`import * as grpc from "@grpc/grpc-js";\nconst shop: any = grpc.loadPackageDefinition(def).shop;\nexport class PricingClient {\n  private readonly stub = new shop.pricing.PricingService(process.env.PRICING_ADDR, grpc.credentials.createInsecure());\n  quote(sku: string) {\n    return new Promise((resolve) => this.stub.quote({ sku }, (e: unknown, r: unknown) => resolve(r)));\n  }\n  close() {\n    this.stub.close();\n  }\n}\n`, "src/pricing.client.ts");
    expect(f.topics.map((t) => `${t.role} ${t.topic.parts.map((p) => (p.kind === "text" ? p.text : "?")).join("")} at ${t.location.line}`)).toEqual(["produce PricingService/Quote at 6"]);
  });

  it("without a gRPC import, a new X.Y(a, credentials) and addService are nothing", () => {
    expect(facts(`const client = new api.Users(url, { credentials: "include" });\nclient.list();\nserver.addService(x.Users.service, { list });\n`).topics).toEqual([]);
  });
});

describe("[U] handlers made by a factory of the project", () => {
  it("submit({ service }) and list(store) name the factory; a wrapped function or an inline one stays the handler; a package's factory is none", () => {
    const f = facts(`import express from "express";\nimport cache from "route-cache";\nimport { submit, list, asyncHandler } from "./handlers";\nimport { createStore } from "./store";\nconst store = createStore();\nconst app = express();\nfunction show(req, res) { res.json({}); }\nconst guarded = wrap(async (req, res) => res.json({}));\napp.post("/v1/a", submit({ service: store }));\napp.get("/v1/b", list(store));\napp.get("/v1/c", asyncHandler(show));\napp.get("/v1/d", asyncHandler(async (req, res) => res.json({})));\napp.get("/v1/e", cache(60));\napp.get("/v1/f", list(guarded));\n`);
    expect(f.routes.map((r) => `${r.path} ${r.handler ?? r.handlerRef?.name ?? "-"}`)).toEqual(["/v1/a submit", "/v1/b list", "/v1/c show", "/v1/d fn@L12C31", "/v1/e -", "/v1/f guarded"]);
  });
});

describe("[U] a function a local const holds", () => {
  it("const notify = async () => … inside the function that registers the routes: a handler's call to it is an edge to that function", () => {
    const f = facts(`export function build(app, send) {\n  const notify = async (event) => send("/v1/events", event);\n  function audit() {}\n  app.post("/v1/orders", async (req, res) => {\n    await notify({ kind: "created" });\n    audit();\n  });\n}\nconst top = () => 1;\nexport function other() { return top(); }\n`);
    expect(f.functions.map((fn) => fn.id)).toEqual(["fn:build", "fn@L2C18", "fn:audit", "fn@L4C26", "fn:top", "fn:other"]);
    expect(edges(f)).toEqual(["fn:build → fn@L2C18", "fn:build → fn:audit", "fn:build → fn@L4C26 after 4:3", "fn@L4C26 → fn@L2C18 awaited", "fn@L4C26 → audit", "fn:other → top"]);
  });
});
