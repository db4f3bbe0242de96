import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import type { Value } from "../../../src/lint/types.js";

/** Which functions a file imports or binds are HTTP clients, and which instances (`axios.create`, `got.extend`, …) carry a base URL. */

const show = (value: Value): string => value.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${env:${p.name}}` : "{?}")).join("");
const calls = (code: string) => facts(code).calls.map((c) => `${c.client} ${c.method} ${show(c.url)}`);

describe("[U] HTTP client functions and instances", () => {
  it("fetch imported from node-fetch is a fetch; one imported from a module of the project is not", () => {
    expect(calls(`import fetch from "node-fetch";\nexport const f = () => fetch("http://stock:8080/v1/levels");\n`)).toEqual(["fetch GET http://stock:8080/v1/levels"]);
    expect(calls(`import { fetch } from "./cache/fetch";\nexport const f = () => fetch("http://stock:8080/v1/levels");\n`)).toEqual([]);
  });

  it("axios.create of a namespace import is an instance with its baseURL; create on another object makes no HTTP client", () => {
    expect(
      calls(
        [
          `import * as axios from "axios";`,
          `const stock = axios.create({ baseURL: process.env.STOCK_URL });`,
          `const cache = store.create({ baseURL: "http://not-a-client" });`,
          `export async function f() {`,
          `  await stock.get("/v1/levels");`,
          `  await cache.get("/v1/keys");`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["axios GET ${env:STOCK_URL}/v1/levels"]);
  });

  it("undici's Client and Pool are instances whose requests go to the origin they are made with", () => {
    expect(
      calls(
        [
          `import { Client, Pool } from "undici";`,
          `const ledger = new Client("http://ledger:4000");`,
          `const stock = new Pool(process.env.STOCK_URL);`,
          `export async function f() {`,
          `  await ledger.request({ path: "/v1/entries", method: "POST" });`,
          `  await stock.request({ path: "/v1/levels", method: "GET" });`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["undici POST http://ledger:4000/v1/entries", "undici GET ${env:STOCK_URL}/v1/levels"]);
  });

  it("got(url, options) and ky(url) called directly, and undici's own fetch", () => {
    expect(
      calls(
        [
          `import got from "got";`,
          `import ky from "ky";`,
          `import { fetch } from "undici";`,
          `export async function f() {`,
          `  await got("http://ledger:4000/v1/entries", { method: "POST" });`,
          `  await ky("http://stock:8080/v1/levels");`,
          `  await fetch("http://prices:8080/v1/prices");`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["got POST http://ledger:4000/v1/entries", "ky GET http://stock:8080/v1/levels", "undici GET http://prices:8080/v1/prices"]);
    expect(calls(`import { got } from "got";\nexport const f = () => got("http://ledger:4000/v1/entries");\n`)).toEqual(["got GET http://ledger:4000/v1/entries"]);
  });

  it("a call with no URL at all (fetch(), got(), got.get()) is no call: nothing to resolve", () => {
    expect(calls(`import got from "got";\nexport async function f() {\n  await fetch();\n  await got();\n  await got.get();\n}\n`)).toEqual([]);
  });

  it("superagent(url) alone is a GET; needle(url) without its method is no call", () => {
    expect(calls(`import superagent from "superagent";\nimport needle from "needle";\nexport async function f() {\n  await superagent("http://stock:8080/v1/levels");\n  await needle("http://stock:8080/v1/items");\n}\n`)).toEqual(["superagent GET http://stock:8080/v1/levels"]);
  });

  it("node http's request and get imported by name", () => {
    expect(calls(`import { request, get } from "node:https";\nexport function f() {\n  get("https://ledger:4000/v1/entries");\n  request({ hostname: "ledger", path: "/v1/holds", method: "DELETE" });\n  request("https://ledger:4000/v1/locks", { method: "PUT" });\n}\n`)).toEqual([
      "http GET https://ledger:4000/v1/entries",
      "http DELETE https://ledger/v1/holds",
      "http PUT https://ledger:4000/v1/locks",
    ]);
  });

  it("an instance called directly: axios and got instances with a path or a config, request instances with request's own options", () => {
    expect(
      calls(
        [
          `import axios from "axios";`,
          `import got from "got";`,
          `import request from "request";`,
          `const orders = axios.create({ baseURL: process.env.ORDERS_URL });`,
          `const ledger = got.extend({ prefixUrl: "http://ledger:4000" });`,
          `const carts = request.defaults({ baseUrl: process.env.CARTS_URL });`,
          `export async function f(done) {`,
          `  await orders("/v1/orders", { method: "put" });`,
          `  await orders({ url: "/v1/items", method: "post" });`,
          `  await orders("/v1/returns", { baseURL: "http://returns:8080" });`,
          `  await ledger("v1/entries");`,
          `  carts({ uri: "/v1/carts", method: "DELETE" }, done);`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["axios PUT ${env:ORDERS_URL}/v1/orders", "axios POST ${env:ORDERS_URL}/v1/items", "axios GET http://returns:8080/v1/returns", "got GET http://ledger:4000/v1/entries", "request DELETE ${env:CARTS_URL}/v1/carts"]);
  });

  it("superagent as a namespace import; needle.request with a method known only at run time is taken for a GET", () => {
    expect(calls(`import * as superagent from "superagent";\nimport needle from "needle";\nexport async function f(verb) {\n  await superagent.post("http://ledger:4000/v1/entries");\n  needle.request(verb, "http://ledger:4000/v1/holds", {}, () => {});\n}\n`)).toEqual([
      "superagent POST http://ledger:4000/v1/entries",
      "needle GET http://ledger:4000/v1/holds",
    ]);
  });

  it("undici's request and fetch through a namespace import, with the method of their options; its other functions are no calls", () => {
    expect(
      calls(
        [
          `import * as undici from "undici";`,
          `export async function f() {`,
          `  await undici.request("http://ledger:4000/v1/entries", { method: "POST" });`,
          `  await undici.fetch("http://ledger:4000/v1/holds");`,
          `  await undici.get("http://ledger:4000/v1/not-a-call");`,
          `  await undici.request();`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["undici POST http://ledger:4000/v1/entries", "undici GET http://ledger:4000/v1/holds"]);
  });

  it("node http and https as namespace imports", () => {
    expect(calls(`import * as https from "node:https";\nexport function f() {\n  https.get("https://ledger:4000/v1/entries");\n  https.request({ hostname: "ledger", path: "/v1/holds", method: "POST" });\n}\n`)).toEqual([
      "http GET https://ledger:4000/v1/entries",
      "http POST https://ledger/v1/holds",
    ]);
  });

  it("in a <Name>Client class, only request({ method, path }) is the typed-client convention: options naming a url or a hostname, or a verb call, say where they go themselves", () => {
    expect(
      calls(
        [
          `export class InventoryClient {`,
          `  constructor() { this.http = makeHttp(); }`,
          `  a() { return this.http.request({ method: "GET", url: "http://elsewhere/v1/a", path: "/v1/a" }); }`,
          `  b() { return this.http.request({ hostname: "elsewhere", path: "/v1/b" }); }`,
          `  c() { return this.http.get({ path: "/v1/c" }); }`,
          `  d() { return this.http.request({ method: "GET", path: "/v1/d" }); }`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["fetch GET ${env:INVENTORY_URL}/v1/d"]);
  });

  it("instances a class holds: this.stock is the class's instance, another object's stock is not; a request instance's del is a DELETE", () => {
    expect(
      calls(
        [
          `import axios from "axios";`,
          `import request from "request";`,
          `export class Checkout {`,
          `  constructor(deps) {`,
          `    this.stock = axios.create({ baseURL: process.env.STOCK_URL });`,
          `    this.carts = request.defaults({ baseUrl: process.env.CARTS_URL });`,
          `    this.deps = deps;`,
          `  }`,
          `  run(done) {`,
          `    this.stock.get("/v1/levels");`,
          `    this.deps.stock.get("/v1/not-this-class");`,
          `    this.carts.del("/v1/carts/1", done);`,
          `  }`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["axios GET ${env:STOCK_URL}/v1/levels", "request DELETE ${env:CARTS_URL}/v1/carts/1"]);
  });

  it("an instance's request(config), and an instance imported from the project: a parameter of the same name is not it", () => {
    expect(
      calls(
        [
          `import axios from "axios";`,
          `import { payments } from "./clients";`,
          `const orders = axios.create({ baseURL: process.env.ORDERS_URL });`,
          `export async function f() {`,
          `  await orders.request({ url: "/v1/orders/1", method: "patch" });`,
          `  await payments.post("/v1/charges");`,
          `}`,
          `export async function g(payments) {`,
          `  await payments.post("/v1/not-the-import");`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["axios PATCH ${env:ORDERS_URL}/v1/orders/1", "axios POST /v1/charges"]);
  });

  it("an object imported from the project with a handler after the path is a router registering routes, not a client; a URL in a variable is not taken", () => {
    expect(
      calls(
        [
          `import { router } from "./router";`,
          `import { payments } from "./clients";`,
          `router.get("/v1/orders", listOrders);`,
          `router.post("/v1/orders", (req, res) => res.end());`,
          `export async function f(url) {`,
          `  await payments.get(url);`,
          `  await payments.post("/v1/charges", { amount: 1 });`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["axios POST /v1/charges"]);
  });

  it("a local bound to the library's function itself is that function", () => {
    expect(calls(`import { request } from "undici";\nexport async function f() {\n  const send = request;\n  await send("http://ledger:4000/v1/entries", { method: "POST" });\n}\n`)).toEqual(["undici POST http://ledger:4000/v1/entries"]);
  });

  it("a typed client class's target: its class name in words (ShippingLabelClient → SHIPPING_LABEL_URL), or a target written without a space; a class named otherwise is none", () => {
    expect(
      calls(
        [
          `export class ShippingLabelServiceClient {`,
          `  print() { return this.http.request({ method: "POST", path: "/v1/labels" }); }`,
          `}`,
          `export class Payments {`,
          `  constructor() { this.http = new ServiceClient({ target:"payments-api" }); }`,
          `  pay() { return this.http.request({ method: "POST", path: "/v1/payments" }); }`,
          `}`,
          `export class InventoryClientFactory {`,
          `  make() { return this.http.request({ method: "GET", path: "/v1/items" }); }`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["fetch POST ${env:SHIPPING_LABEL_URL}/v1/labels", "fetch POST ${env:PAYMENTS_API_URL}/v1/payments"]);
  });
});

