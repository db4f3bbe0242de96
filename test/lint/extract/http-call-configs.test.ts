import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import type { Value } from "../../../src/lint/types.js";

/** A call written as one config object (`axios({ url, baseURL, method })`, `api.request({ ... })`): its URL and method. */

const show = (value: Value): string => value.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${env:${p.name}}` : "{?}")).join("");
const calls = (code: string) => facts(code).calls.map((c) => `${c.client} ${c.method} ${show(c.url)}`);

describe("[U] HTTP calls written as a config object", () => {
  it("axios(config) and axios.request(config): the URL joined to the config's baseURL; no url is the baseURL itself", () => {
    expect(
      calls(
        [
          `import axios from "axios";`,
          `export async function f(id) {`,
          `  await axios({ url: "/v1/orders", baseURL: process.env.ORDERS_URL, method: "post" });`,
          `  await axios.request({ baseURL: process.env.AUDIT_URL, method: "PUT" });`,
          `  await axios.request({ url: "http://stock:8080/v1/levels" });`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["axios POST ${env:ORDERS_URL}/v1/orders", "axios PUT ${env:AUDIT_URL}", "axios GET http://stock:8080/v1/levels"]);
  });
});

describe("[U] request's options and node http's", () => {
  it("request(options) with a baseUrl, with or without a url; request(url, options, cb) takes the options' method", () => {
    expect(
      calls(
        [
          `const request = require("request");`,
          `export function f(done) {`,
          `  request({ baseUrl: process.env.CARTS_URL, url: "/v1/carts", method: "DELETE" }, done);`,
          `  request({ baseUrl: process.env.HEALTH_URL }, done);`,
          `  request("http://orders/v1/orders", { method: "POST", json: true }, done);`,
          `  request("http://orders/v1/orders", done);`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["request DELETE ${env:CARTS_URL}/v1/carts", "request GET ${env:HEALTH_URL}", "request POST http://orders/v1/orders", "request GET http://orders/v1/orders"]);
  });

  it("http.request(options) without a host goes to localhost; without a path, to the host alone", () => {
    expect(calls(`const http = require("http");\nexport function f() {\n  http.get({ port: 4100, path: "/v1/shelf" });\n  http.request({ hostname: "ledger", port: 8080 });\n}\n`)).toEqual(["http GET http://localhost:4100/v1/shelf", "http GET http://ledger:8080"]);
  });

  it("http.request(options): the protocol an option names wins over the module's", () => {
    expect(calls(`import http from "node:http";\nexport function f() {\n  http.request({ protocol: "https:", hostname: "ledger", path: "/v1/entries", method: "POST" });\n  http.request({ hostname: "ledger", path: "/v1/plain" });\n}\n`)).toEqual([
      "http POST https://ledger/v1/entries",
      "http GET http://ledger/v1/plain",
    ]);
  });
});

describe("[U] NestJS HttpService: the class a call is made in", () => {
  it("every call records its class (its module's HttpModule.register timeout applies); a path also goes to that module's baseURL", () => {
    const f = facts(
      [
        `import { HttpService } from "@nestjs/axios";`,
        `export class CatalogueService {`,
        `  constructor(private readonly httpService: HttpService) {}`,
        `  items() { return this.httpService.get("/v1/items"); }`,
        `  prices() { return this.httpService.get("http://prices:8080/v1/prices"); }`,
        `  stock(base) { return this.httpService.get(\`\${base}/v1/stock\`); }`,
        `}`,
      ].join("\n"),
    );
    expect(f.calls.map((c) => [c.httpServiceClass, c.nestHttpClass])).toEqual([
      ["CatalogueService", "CatalogueService"],
      ["CatalogueService", undefined],
      ["CatalogueService", undefined],
    ]);
  });

  it("an axios instance the class makes itself is that instance, even under a name like Nest's (this.client): its calls go to its baseURL", () => {
    const f = facts(
      [
        `import { HttpService } from "@nestjs/axios";`,
        `import axios from "axios";`,
        `export class StockService {`,
        `  constructor(private readonly httpService: HttpService) {`,
        `    this.client = axios.create({ baseURL: process.env.STOCK_URL });`,
        `  }`,
        `  levels() { return this.client.get("/v1/levels"); }`,
        `  items() { return this.httpService.get("/v1/items"); }`,
        `}`,
      ].join("\n"),
    );
    expect(f.calls.map((c) => [`${c.client} ${c.method} ${show(c.url)}`, c.nestHttpClass])).toEqual([
      ["axios GET ${env:STOCK_URL}/v1/levels", undefined],
      ["axios GET /v1/items", "StockService"],
    ]);
  });
});

