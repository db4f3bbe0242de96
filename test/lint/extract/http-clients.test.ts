import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import type { Value } from "../../../src/lint/types.js";
import { packageOfEntryPath } from "../../../src/lint/extract/context.js";

const show = (value: Value): string => value.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${env:${p.name}${p.fallback ? `??${show(p.fallback) as string}` : ""}}` : p.kind === "import" ? `\${import:${p.specifier}#${p.name}}` : "{?}")).join("");
const calls = (code: string) => facts(code).calls.map((c) => `${c.client} ${c.method} ${show(c.url)}${c.awaited ? " awaited" : ""}${c.parallel ? " parallel" : ""}${c.inFunction ? ` in ${c.inFunction}` : ""}`);

describe("[U] http-clients extractor", () => {
  it("fetch with literals, template literals, constants and env vars", () => {
    expect(
      calls(`const BASE = process.env.USERS_URL ?? "http://users:3000";\nconst { BILLING_URL } = process.env;\nexport async function f(id: string) {\n  await fetch(\`\${BASE}/v1/users/\${id}\`);\n  await fetch(BILLING_URL + "/v1/invoices", { method: "POST" });\n  return fetch(new URL("/v1/x", process.env.X_URL));\n}\n`),
    ).toEqual([
      "fetch GET ${env:USERS_URL??http://users:3000}/v1/users/{?} awaited in fn:f",
      "fetch POST ${env:BILLING_URL}/v1/invoices awaited in fn:f",
      "fetch GET ${env:X_URL}/v1/x awaited in fn:f",
    ]);
  });

  it("clients imported from a path to the package's own build of its entry (`got/dist/source`, `axios/index.js`), as editors write them", () => {
    expect(calls(`import got from "got/dist/source";\nimport axios from "axios/index.js";\nexport async function g() {\n  await got.get("http://chat:3000/v1/rooms").json();\n  await axios.post("http://users:3000/v1/sessions", {});\n}\n`)).toEqual([
      "got GET http://chat:3000/v1/rooms awaited in fn:g",
      "axios POST http://users:3000/v1/sessions awaited in fn:g",
    ]);
    expect(["got/dist/source", "@scope/pkg/lib/index.js", "axios/", "express/lib/router", "./dist", "got"].map(packageOfEntryPath)).toEqual(["got", "@scope/pkg", "axios", "express/lib/router", "./dist", "got"]);
  });

  it("axios, axios instances with baseURL, got, undici and node http", () => {
    expect(
      calls(
        `import axios from "axios";\nimport got from "got";\nimport { request, Pool } from "undici";\nimport http from "node:http";\nconst api = axios.create({ baseURL: process.env.ORDERS_URL });\nconst pool = new Pool("http://stock:8080");\nasync function g() {\n  await axios.post("http://a/v1/x", {});\n  await api.get("/v1/orders");\n  await got.put("http://b/v1/y");\n  await request("http://c/v1/z", { method: "DELETE" });\n  await pool.request({ path: "/v1/stock", method: "GET" });\n  http.request({ hostname: "d", port: 80, path: "/v1/w", method: "PATCH" });\n  await Promise.all([axios.get("http://e/v1/p"), axios.get("http://f/v1/q")]);\n}\n`,
      ),
    ).toEqual([
      "axios POST http://a/v1/x awaited in fn:g",
      "axios GET ${env:ORDERS_URL}/v1/orders awaited in fn:g",
      "got PUT http://b/v1/y awaited in fn:g",
      "undici DELETE http://c/v1/z awaited in fn:g",
      "undici GET http://stock:8080/v1/stock awaited in fn:g",
      "http PATCH http://d:80/v1/w in fn:g",
      "axios GET http://e/v1/p parallel in fn:g",
      "axios GET http://f/v1/q parallel in fn:g",
    ]);
  });

  it("a local standing for the library's function: an injectable override with the library's as its default", () => {
    expect(
      calls(
        `import { request } from "undici";\nexport function buildServer(options: { requestFn?: typeof request; fetchFn?: typeof fetch } = {}) {\n  const requestFn = options.requestFn ?? request;\n  const get = options.fetchFn || fetch;\n  const base = process.env.NOTIFY_URL ?? "http://notify:4010";\n  return async function notify() {\n    await requestFn(\`\${base}/internal/events\`, { method: "POST" });\n    await get(\`\${base}/internal/health\`);\n  };\n}\n`,
      ),
    ).toEqual(["undici POST ${env:NOTIFY_URL??http://notify:4010}/internal/events awaited in fn@L6C10", "fetch GET ${env:NOTIFY_URL??http://notify:4010}/internal/health awaited in fn@L6C10"]);
    // A local that is anything else stays no call.
    expect(calls(`export function f(send: (u: string) => void) {\n  const post = send;\n  post("http://x/v1/y");\n}\n`)).toEqual([]);
  });

  it("a forwarder that picks axios's verb by the request's method: a local assigned axios.<verb> in each arm, or axios[verb]", () => {
    const forwarder = `import axios from "axios";\nconst LEDGER = "http://ledger:4000";\nexport async function relay(req, res) {\n  let send;\n  switch (req.method) {\n    case "GET":\n      send = axios.get;\n      break;\n    case "DELETE":\n      send = axios.delete;\n      break;\n  }\n  const answer = await send(\`\${LEDGER}/entries\`, { timeout: 900 });\n  res.json(answer.data);\n}\nexport async function pass(req, res) {\n  const out = await axios[req.method.toLowerCase()](LEDGER + req.url, req.body);\n  await axios["put"](LEDGER + "/x");\n  res.json(out.data);\n}\n`;
    expect(calls(forwarder)).toEqual([
      "axios ALL http://ledger:4000/entries awaited in fn:relay",
      "axios ALL http://ledger:4000{?} awaited in fn:pass",
      "axios PUT http://ledger:4000/x awaited in fn:pass",
    ]);
    // One verb only: that verb. Assigned anything but axios's verbs: no call is claimed.
    expect(calls(`import axios from "axios";\nexport async function one(u) {\n  let m;\n  if (u) m = axios.post;\n  return m(u);\n}\nexport async function mixed(u, custom) {\n  let m;\n  if (u) m = axios.post; else m = custom;\n  return m(u);\n}\n`)).toEqual(["axios POST {?} awaited in fn:one"]);
  });

  it("axios.default.get(url) of a CommonJS require, as axios's typings ask", () => {
    expect(calls(`const axios = require("axios");\nexports.route = async (from, to) => {\n  const res = await axios.default.get(\`http://maps:8989/route?from=\${from}&to=\${to}\`);\n  await axios.default.post(process.env.SOLVER_URL + "/solve", res.data);\n};\n`)).toEqual([
      "axios GET http://maps:8989/route?from={?}&to={?} awaited in fn@L2C17",
      "axios POST ${env:SOLVER_URL}/solve awaited in fn@L2C17",
    ]);
  });

  it("a shadowed fetch and look-alike methods are not calls", () => {
    expect(calls(`function f(fetch: (u: string) => void) { fetch("http://x"); }\nconst map = new Map();\nmap.get("http://y");\n`)).toEqual([]);
  });
});

describe("[U] typed client classes (the create-service convention)", () => {
  it("request({ method, path }) in a <Name>Client class calls <NAME>_URL", () => {
    expect(
      calls(`export class InventoryClient {\n  async get(id: string) {\n    return this.http.request({ method: "GET", path: \`/v1/inventory/\${id}\`, fallback });\n  }\n}\nclass X {\n  constructor() { this.http = new ServiceClient({ target: "payments-api" }); }\n  pay() { return this.http.request({ method: "POST", path: "/v1/payments" }); }\n}\n`),
    ).toEqual(["fetch GET ${env:INVENTORY_URL}/v1/inventory/{?} awaited in fn:InventoryClient.get", "fetch POST ${env:PAYMENTS_API_URL}/v1/payments in fn:X.pay"]);
  });
});

describe("[U] NestJS HttpService and ConfigService", () => {
  it("this.httpService.get(configService.get('USERS_URL') + path)", () => {
    expect(
      calls(`import { HttpService } from "@nestjs/axios";\nexport class OrdersService {\n  async user(id: string) {\n    const base = this.config.get("USERS_URL", "http://users:3000");\n    return firstValueFrom(this.httpService.get(\`\${base}/v1/users/\${id}\`));\n  }\n}\n`),
    ).toEqual(["axios GET ${env:USERS_URL??http://users:3000}/v1/users/{?} awaited in fn:OrdersService.user"]);
  });
});

describe("[U] a fetch of the file's own is not a call", () => {
  it("module-level function or variable named fetch", () => {
    expect(calls(`function fetch(path: string) { return readFile(path); }\nexport const load = () => fetch("http://x/y");\n`)).toEqual([]);
    expect(calls(`var fetch = util.fetch;\nfetch("http://x/y");\n`)).toEqual([]);
  });
});

describe("[U] hoisted local fetch functions and a local `self`", () => {
  it("are not the global fetch", () => {
    expect(calls(`function load() {\n  fetch("http://x/a");\n  function fetch(url: string) {}\n}\nfunction g() {\n  var self = this;\n  self.fetch("http://x/b");\n}\n`)).toEqual([]);
  });
});

describe("[U] request, request-promise, superagent and needle", () => {
  it("request(url, cb), request.get({ url }), request(options, cb) with the options in a variable, request.del", () => {
    expect(
      calls(
        `const request = require("request");\nfunction load(id, done) {\n  request("http://users/v1/users/" + id, function (err, res, body) { done(body); });\n  request.get({ url: "http://carts/v1/carts", qs: { id } }, done);\n  var options = { uri: "http://orders/v1/orders", method: "POST", json: true };\n  request(options, done);\n  request.del("http://carts/v1/carts/" + id, done);\n}\n`,
      ),
    ).toEqual([
      "request GET http://users/v1/users/{?} in fn:load",
      "request GET http://carts/v1/carts in fn:load",
      "request POST http://orders/v1/orders in fn:load",
      "request DELETE http://carts/v1/carts/{?} in fn:load",
    ]);
  });

  it("rp({ uri, method }) from request-promise-native, and request.defaults({ baseUrl }) instances", () => {
    expect(
      calls(
        `import rp from "request-promise-native";\nimport request from "request";\nconst api = request.defaults({ baseUrl: process.env.PAYMENTS_URL, json: true });\nexport async function pay(order) {\n  await rp({ uri: \`\${process.env.ORDERS_URL}/v1/orders/\${order}\`, method: "PATCH" });\n  api.post("/v1/payments", { body: order }, () => {});\n  api({ url: "/v1/refunds", method: "POST" });\n}\n`,
      ),
    ).toEqual([
      "request PATCH ${env:ORDERS_URL}/v1/orders/{?} awaited in fn:pay",
      "request POST ${env:PAYMENTS_URL}/v1/payments in fn:pay",
      "request POST ${env:PAYMENTS_URL}/v1/refunds in fn:pay",
    ]);
  });

  it("superagent and needle", () => {
    expect(
      calls(
        `import superagent from "superagent";\nconst needle = require("needle");\nasync function f() {\n  await superagent.get("http://a/v1/x").set("accept", "json");\n  await superagent("POST", "http://a/v1/y").send({});\n  needle.get("http://b/v1/z", () => {});\n  needle.post("http://b/v1/w", { a: 1 }, () => {});\n  await needle("put", "http://b/v1/v", {});\n  needle.request("delete", "http://b/v1/u", {}, () => {});\n}\n`,
      ),
    ).toEqual([
      "superagent GET http://a/v1/x awaited in fn:f",
      "superagent POST http://a/v1/y awaited in fn:f",
      "needle GET http://b/v1/z in fn:f",
      "needle POST http://b/v1/w in fn:f",
      "needle PUT http://b/v1/v awaited in fn:f",
      "needle DELETE http://b/v1/u in fn:f",
    ]);
  });

  it("supertest pointed at a running server by URL is a request; supertest(app) tests an app in process and is none", () => {
    const code = `const agent = require("supertest");\nconst app = require("./app");\nfunction charge(order) {\n  return new Promise((resolve) => {\n    agent("https://10.1.2.3:8443").post("/billing/charge").send({ order }).end((err, res) => resolve(res));\n  });\n}\nfunction remind(note) {\n  agent(process.env.MAILER_URL).put("/mailer/reminders").send(note).end(() => {});\n}\nfunction selfCheck() {\n  agent(app).get("/health").end(() => {});\n}\n`;
    expect(calls(code)).toEqual(["superagent POST https://10.1.2.3:8443/billing/charge in fn@L4C22", "superagent PUT ${env:MAILER_URL}/mailer/reminders in fn:remind"]);
  });

  it("hapi's wreck: its verbs, request(method, url) and an instance of Wreck.defaults({ baseUrl, timeout })", () => {
    const code = `const Wreck = require("@hapi/wreck");\nconst ledger = Wreck.defaults({ baseUrl: process.env.LEDGER_URL, timeout: 2000 });\nasync function f(id) {\n  await Wreck.get(\`http://shelf:7000/v1/shelves/\${id}\`, { json: true });\n  await Wreck.request("PATCH", "http://shelf:7000/v1/shelves", { payload: "{}" });\n  await ledger.post("/v1/entries", { payload: { id } });\n}\n`;
    expect(calls(code)).toEqual([
      "wreck GET http://shelf:7000/v1/shelves/{?} awaited in fn:f",
      "wreck PATCH http://shelf:7000/v1/shelves awaited in fn:f",
      "wreck POST ${env:LEDGER_URL}/v1/entries awaited in fn:f",
    ]);
    expect(facts(code).calls.map((c) => c.timeout ?? "-")).toEqual(["-", "-", expect.stringContaining("instance")]);
  });

  it("a request-like name that is no import, or a parameter, is not a call", () => {
    expect(calls(`app.get("/x", function (request, response) {\n  request.get("host");\n});\nfunction g(needle) { needle.get("http://x/y"); }\n`)).toEqual([]);
  });
});

describe("[U] URLs built as real code builds them", () => {
  it("util.format and format from node:util", () => {
    expect(
      calls(`const util = require("util");\nimport { format } from "node:util";\nconst request = require("request");\nconst base = util.format("http://%s:%d", process.env.CATALOGUE_HOST, 8080);\nfunction f(id) {\n  request(util.format("%s/v1/items/%s", base, id), () => {});\n  request(format("http://carts%s/v1/carts", "") + "/" + id, () => {});\n}\n`),
    ).toEqual(["request GET http://${env:CATALOGUE_HOST}:8080/v1/items/{?} in fn:f", "request GET http://carts/v1/carts/{?} in fn:f"]);
  });

  it("a module written inside an immediately invoked function: its requires are its imports", () => {
    expect(calls(`(function () {\n  "use strict";\n  var request = require("request"), util = require("util");\n  var domain = "";\n  function items(cb) {\n    request(util.format("http://catalogue%s/v1/items", domain), cb);\n  }\n  module.exports = items;\n}());\n`)).toEqual(["request GET http://catalogue/v1/items in fn:items"]);
    expect(facts(`!function () {\n  const axios = require("axios");\n}();\n(() => { const got = require("got"); })();\n`).imports.map((i) => `${i.local} ${i.specifier}`)).toEqual(["axios axios", "got got"]);
  });
});

describe("[U] NestJS HttpService as services use it", () => {
  it("firstValueFrom / lastValueFrom are awaited, .pipe() and .toPromise() chains too, axiosRef and request({ url, method })", () => {
    expect(
      calls(
        `import { HttpService } from "@nestjs/axios";\nexport class CartService {\n  async load(id: string) {\n    const user = await firstValueFrom(this.httpService.get(\`\${process.env.USERS_URL}/v1/users/\${id}\`));\n    const items = await lastValueFrom(this.httpService.get("http://catalogue/v1/items").pipe(map((r) => r.data)));\n    const stock = await this.httpService.post("http://stock/v1/reserve", {}).toPromise();\n    await this.httpService.axiosRef.get("http://prices/v1/prices");\n    return this.httpService.request({ url: "http://tax/v1/rates", method: "put" });\n  }\n}\n`,
      ),
    ).toEqual([
      "axios GET ${env:USERS_URL}/v1/users/{?} awaited in fn:CartService.load",
      "axios GET http://catalogue/v1/items awaited in fn:CartService.load",
      "axios POST http://stock/v1/reserve awaited in fn:CartService.load",
      "axios GET http://prices/v1/prices awaited in fn:CartService.load",
      "axios PUT http://tax/v1/rates awaited in fn:CartService.load",
    ]);
  });

  it("axiosRef's verb picked at run time (`this.httpService.axiosRef?.[method](uri, body)`), or written as a key", () => {
    expect(
      calls(
        `import { HttpService } from "@nestjs/axios";\nexport class UsersRepo {\n  constructor(private readonly httpService: HttpService) {}\n  async request(method: string, url: string, body?: unknown) {\n    const response = await this.httpService.axiosRef?.[method](\`\${process.env.USERS_URL}/\${url}\`, body);\n    return response.data;\n  }\n  ping() {\n    return this.httpService.axiosRef["head"]("http://users/v1/health");\n  }\n}\n`,
      ),
    ).toEqual(["axios ALL ${env:USERS_URL}/{?} awaited in fn:UsersRepo.request", "axios HEAD http://users/v1/health in fn:UsersRepo.ping"]);
  });

  it("HttpService from @nestjs/common (Nest 7 and before)", () => {
    expect(calls(`import { HttpService, Injectable } from "@nestjs/common";\n@Injectable()\nexport class A {\n  constructor(private readonly http: HttpService) {}\n  b() { return this.http.get("http://b/v1/b").toPromise(); }\n}\n`)).toEqual(["axios GET http://b/v1/b in fn:A.b"]);
  });

  it("HttpService reached through another object or held in a local: this.deps.httpService, a parameter named httpService", () => {
    expect(
      calls(
        `import { HttpService } from "@nestjs/axios";\nexport class Deps { constructor(readonly httpService: HttpService) {} }\nexport class Quotes {\n  constructor(private readonly deps: Deps) {}\n  async price(sku: string) {\n    return firstValueFrom(this.deps.httpService.get(\`http://pricing:3000/v1/prices/\${sku}\`));\n  }\n}\nexport async function stock(httpService: HttpService, sku: string) {\n  await lastValueFrom(httpService.post("http://stock:3000/v1/holds", { sku }));\n  await this.deps.client.get("http://not-nest/v1/x");\n}\n`,
      ),
    ).toEqual(["axios GET http://pricing:3000/v1/prices/{?} awaited in fn:Quotes.price", "axios POST http://stock:3000/v1/holds awaited in fn:stock"]);
  });

  it("a method picked at run time (a proxy helper passing req.method) is ALL, not GET; a missing one is GET", () => {
    expect(
      calls(`const axios = require("axios");\nconst relay = (url, req) => axios.request({ url, method: req.method, data: req.body });\nfunction ping() { return axios.request({ url: "http://audit:80/v1/ping" }); }\nfunction put() { return fetch("http://audit:80/v1/marks", { method: "put" }); }\n`),
    ).toEqual(["axios ALL {?} in fn:relay", "axios GET http://audit:80/v1/ping in fn:ping", "fetch PUT http://audit:80/v1/marks in fn:put"]);
  });

  it("yield of a call in a generator run by co (a koa 1 handler) waits for it, as await does; yield* does not", () => {
    expect(
      calls(`const request = require("request-promise");\nconst router = require("koa-router")();\nrouter.get("/v1/quotes", function* () {\n  const rates = yield request.get("http://rates:3000/v1/rates");\n  this.body = rates;\n});\nfunction* many() { yield* request.get("http://rates:3000/v1/all"); }\n`),
    ).toEqual(["request GET http://rates:3000/v1/rates awaited in fn@L3C26", "request GET http://rates:3000/v1/all in fn:many"]);
  });

  it("await new Promise((resolve) => request(url, cb)): the executor is awaited", () => {
    const f = facts(`const request = require("request");\nexport async function h() {\n  const a = await new Promise((resolve) => request("http://a/v1/a", (e, r, body) => resolve(body)));\n}\n`);
    expect(f.callees.filter((c) => c.local).map((c) => `${c.from} → ${c.local}${c.awaited ? " awaited" : ""}`)).toEqual(["fn:h → fn@L3C31 awaited", "fn@L3C31 → fn@L3C69"]);
  });
});

describe("[U] node http with options written before the call, and axios instances held by a class", () => {
  it("http.request(options, cb) and http.get(options) read the options object bound before the call, also with http required in the handler", () => {
    expect(
      calls(`const express = require("express");\nconst app = express();\nconst stockHost = process.env.STOCK_HOST || "localhost";\napp.get("/shelf", function (req, res) {\n  var http = require("http");\n  var options = { host: stockHost, port: "4100", path: "/", method: "GET" };\n  var out = http.request(options, function (reply) { reply.pipe(res); });\n  out.end();\n});\nconst https = require("https");\nfunction ping() {\n  const opts = { hostname: "audit", path: "/v1/ping" };\n  https.get(opts);\n}\n`),
    ).toEqual(["http GET http://${env:STOCK_HOST??localhost}:4100/ in fn@L4C19", "http GET https://audit/v1/ping in fn:ping"]);
  });

  it("a local chosen between http and https by the URL's scheme is Node's HTTP client either way", () => {
    expect(
      calls(`const http = require("http");\nconst https = require("https");\nconst LEDGER = process.env.LEDGER_URL || "http://ledger:7000";\nfunction forward(req, res) {\n  const target = new URL(req.url, LEDGER);\n  const transport = target.protocol === "https:" ? https : http;\n  const out = transport.request({ hostname: "ledger", port: 7000, path: "/v1/entries", method: "POST", timeout: 800 }, (reply) => reply.pipe(res));\n  req.pipe(out);\n}\nconst secure = true ? https : https;\nsecure.get({ hostname: "audit", path: "/v1/ping" });\nconst other = req ? http : somethingElse;\nother.request({ hostname: "x", path: "/v1/no" });\n`),
    ).toEqual(["http POST http://ledger:7000/v1/entries in fn:forward", "http GET https://audit/v1/ping"]);
  });

  it("an axios or got instance held by a class: created in the constructor or as a property, called in its methods", () => {
    expect(
      calls(`import axios from "axios";\nimport got from "got";\nexport class CheckoutFlow {\n  private pay = got.extend({ prefixUrl: "http://payments:8080" });\n  constructor(cfg) {\n    this.stock = axios.create({ baseURL: process.env.STOCK_URL, timeout: 500 });\n    this.plain = {};\n  }\n  async run(id) {\n    await this.stock.get(\`/v1/items/\${id}\`);\n    await this.pay.post("v1/charges");\n    await this.plain.get("/v1/not-a-call");\n  }\n}\n`),
    ).toEqual(["axios GET ${env:STOCK_URL}/v1/items/{?} awaited in fn:CheckoutFlow.run", "got POST http://payments:8080/v1/charges awaited in fn:CheckoutFlow.run"]);
  });

  it("a parameter's default is its value when the callers pass nothing (a client class built with new InventoryClient())", () => {
    expect(
      calls(`import got from "got";\nexport class InventoryClient {\n  constructor(baseUrl = process.env.INVENTORY_URL ?? "http://inventory:3002") {\n    this.http = got.extend({ prefixUrl: baseUrl });\n  }\n  reserve(items) {\n    return this.http.post("api/v1/reservations", { json: { items } });\n  }\n}\nexport function ping(base = "http://audit:80", path) {\n  return fetch(base + path);\n}\n`),
    ).toEqual(["got POST ${env:INVENTORY_URL??http://inventory:3002}/api/v1/reservations in fn:InventoryClient.reserve", "fetch GET http://audit:80{?} in fn:ping"]);
  });

  it("axios taken as require(\"axios\").default, as its typings ask of CommonJS code", () => {
    expect(calls(`const axios = require("axios").default;\nasync function load(id) {\n  return axios.get(\`http://users:3000/v1/users/\${id}\`);\n}\n`)).toEqual(["axios GET http://users:3000/v1/users/{?} awaited in fn:load"]);
  });
});

describe("[U] a base URL given with the call itself", () => {
  it("axios and NestJS HttpService calls whose config names a baseURL go there (2nd argument of get/delete, 3rd of post/put/patch)", () => {
    expect(
      calls(
        `import axios from "axios";\nimport { HttpService } from "@nestjs/axios";\nconst ledger = axios.create({ baseURL: "http://ledger:4000" });\nconst opts = { baseURL: process.env.AUDIT_URL };\nexport class Billing {\n  constructor(private readonly http: HttpService) {}\n  async run(id: string) {\n    await this.http.get(\`/accounts/\${id}\`, { baseURL: process.env.ACCOUNTS_URL }).toPromise();\n    await axios.post("/charges", { id }, { baseURL: "http://payments:8080", timeout: 500 });\n    await ledger.delete("/holds/1", { baseURL: "http://holds:9000" });\n    await axios.get("/trail", opts);\n    await axios.put("/plain", { baseURL: "http://not-a-config" });\n    await axios("/direct", { baseURL: "http://direct:1" });\n  }\n}\n`,
      ),
    ).toEqual([
      "axios GET ${env:ACCOUNTS_URL}/accounts/{?} awaited in fn:Billing.run",
      "axios POST http://payments:8080/charges awaited in fn:Billing.run",
      "axios DELETE http://holds:9000/holds/1 awaited in fn:Billing.run",
      "axios GET ${env:AUDIT_URL}/trail awaited in fn:Billing.run",
      "axios PUT /plain awaited in fn:Billing.run",
      "axios GET http://direct:1/direct awaited in fn:Billing.run",
    ]);
  });
});

describe("[U] a base URL a class returns from a getter", () => {
  it("`get baseUrl() { return process.env.X || \"http://x\" }` is what this.baseUrl holds; a getter doing more is not read", () => {
    expect(
      calls(
        `export class FollowersClient {\n  private get baseUrl() {\n    return process.env.SOCIAL_URL || "http://social:8080";\n  }\n  get other(): string {\n    const pick = Math.random() > 0.5 ? "a" : "b";\n    return \`http://\${pick}\`;\n  }\n  async list(id: string) {\n    const url = \`\${this.baseUrl}/users/\${id}/followers\`;\n    await fetch(url);\n    await fetch(\`\${this.other}/x\`);\n  }\n}\n`,
      ),
    ).toEqual(["fetch GET ${env:SOCIAL_URL??http://social:8080}/users/{?}/followers awaited in fn:FollowersClient.list", "fetch GET {?}/x awaited in fn:FollowersClient.list"]);
  });
});

describe("[U] bent: a request function made by bent(...) from its options", () => {
  it("the base URL, the method and the call made with the function bent returns, also called at once", () => {
    expect(
      calls(
        `const bent = require("bent");\nconst postOrder = bent(process.env.ORDERS_URL, "POST", "json", 201);\nasync function place(order, id) {\n  const headers = { "x-trace": "1" };\n  const getText = bent("string", headers);\n  await getText(\`http://\${process.env.PRICING_HOST}:8081/v1/prices?id=\${id}\`);\n  await postOrder("/v1/orders", order);\n  return bent("json")("http://stock:8080/v1/levels");\n}\n`,
      ),
    ).toEqual([
      "bent GET http://${env:PRICING_HOST}:8081/v1/prices?id={?} awaited in fn:place",
      "bent POST ${env:ORDERS_URL}/v1/orders awaited in fn:place",
      "bent GET http://stock:8080/v1/levels awaited in fn:place",
    ]);
  });

  it("a function of the file's own named bent, or a bent call never called, makes no request", () => {
    expect(calls(`function bent(x) { return () => x; }\nexport async function f() {\n  await bent("json")("http://stock:8080/v1/levels");\n}\n`)).toEqual([]);
    expect(calls(`import bent from "bent";\nexport const getJson = bent("json");\n`)).toEqual([]);
  });
});

describe("[U] a forwarder's request config and URL placeholders", () => {
  it("axios.request(config) and axios(config) with the config in a local, its URL a template filled by replace()", () => {
    const code = `const axios = require("axios");\nasync function forward(req, port) {\n  const config = { method: req.method, url: "http://10.0.0.5:port/path".replace("port", port).replace("path", req.params.path) };\n  await axios.request(config);\n  const again = { method: "POST", url: "http://ledger:PORT/v1/entries".replace("PORT", "7000") };\n  await axios(again);\n}\n`;
    expect(calls(code)).toEqual(["axios ALL http://10.0.0.5:{?}/{?} awaited in fn:forward", "axios POST http://ledger:7000/v1/entries awaited in fn:forward"]);
  });

  it("replace() leaves the value as it is when no known text holds the search, and unknown when only an unknown part might", () => {
    const code = `const axios = require("axios");\nasync function f(base) {\n  await axios.get("http://stock:8080/v1/items".replace("absent", "x"));\n  await axios.get((base + "/v1/items").replace("v1", "v2"));\n  await axios.get((base + "/v1/items").replace("v3", "v2"));\n}\n`;
    expect(calls(code)).toEqual(["axios GET http://stock:8080/v1/items awaited in fn:f", "axios GET {?}/v2/items awaited in fn:f", "axios GET {?} awaited in fn:f"]);
  });
});

describe("[U] a URL a method of the same class builds", () => {
  it("this.itemUrl(id) returning a template over a field read from the environment", () => {
    const code = `import axios from "axios";\nexport class Orders {\n  private readonly stockBase = process.env.STOCK_URL || "http://stock:4000";\n  private itemUrl(id: number): string {\n    return \`\${this.stockBase}/v1/items/\${id}\`;\n  }\n  static label(id: number) {\n    return "x" + id;\n  }\n  async reserve(id: number) {\n    await axios.put(this.itemUrl(id), { held: true });\n  }\n}\n`;
    expect(calls(code)).toEqual(["axios PUT ${env:STOCK_URL??http://stock:4000}/v1/items/{?} awaited in fn:Orders.reserve"]);
  });
});
