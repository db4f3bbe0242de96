import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/** What bounds an HTTP call's time, as its call site or its instance says (HttpCallFact.timeout, read by unprotected-call). */

const timeouts = (code: string) => facts(code).calls.map((c) => c.timeout);

describe("[U] an HTTP call's timeout", () => {
  it("an options object of the call: fetch's AbortSignal, or a timeout or deadline option, each named as the finding's evidence says it", () => {
    expect(
      timeouts(
        [
          `import axios from "axios";`,
          `export async function f() {`,
          `  await fetch("http://stock:8080/v1/levels", { signal: AbortSignal.timeout(3000) });`,
          `  await axios.get("http://stock:8080/v1/items", { timeout: 500 });`,
          `  await fetch("http://stock:8080/v1/plain");`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["an abort signal", "a timeout option", undefined]);
  });

  it("a .timeout(ms) chained on the request, also after other links of the chain", () => {
    expect(
      timeouts(
        [
          `import superagent from "superagent";`,
          `export async function f() {`,
          `  await superagent.get("http://stock:8080/v1/levels").timeout(1000);`,
          `  await superagent.get("http://stock:8080/v1/items").set("accept", "application/json").query({ all: true }).timeout(1000);`,
          `  await superagent.get("http://stock:8080/v1/plain").set("accept", "application/json");`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["a chained .timeout()", "a chained .timeout()", undefined]);
  });

  it("an instance made from an options object bound before it: its timeout bounds every call made on it", () => {
    expect(timeouts(`import axios from "axios";\nconst options = { timeout: 2000 };\nconst api = axios.create(options);\nexport const load = () => api.get("http://stock:8080/v1/levels");\n`)).toEqual(["the instance's timeout"]);
  });

  it("an instance a class holds (`this.stock = axios.create({ timeout })`): calls on this.stock have its timeout, not those on another object's stock", () => {
    expect(
      timeouts(
        [
          `import axios from "axios";`,
          `export class StockClient {`,
          `  constructor(deps) {`,
          `    this.stock = axios.create({ baseURL: process.env.STOCK_URL, timeout: 800 });`,
          `    this.deps = deps;`,
          `  }`,
          `  levels() { return this.stock.get("/v1/levels"); }`,
          `  items() { return this.deps.stock.request({ method: "GET", path: "/v1/items" }); }`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["the instance's timeout", undefined]);
  });

  it("a client class whose own request method bounds its time (`this.fetch(url, { signal })`) marks the file; a file without one is not marked", () => {
    const timed = (code: string) => facts(code).timedRequests;
    expect(timed(`export class Api {\n  request(url) {\n    return this.fetch(url, { signal: AbortSignal.timeout(2000) });\n  }\n}\n`)).toBe(true);
    expect(timed(`export class Api {\n  request(url) {\n    return this.fetch(url);\n  }\n  other(url) {\n    return fetch(url, { signal: AbortSignal.timeout(2000) });\n  }\n}\n`)).toBeUndefined();
  });
});

