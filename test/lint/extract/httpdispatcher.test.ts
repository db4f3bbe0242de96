import { describe, expect, it } from "vitest";
import { regexPath } from "../../../src/lint/extract/httpdispatcher.js";
import { facts, lintTree, type Tree } from "../helpers.js";

/** httpdispatcher (extract/httpdispatcher.ts): the router of Istio Bookinfo's ratings service and the demos made from it. */

const routes = (code: string) => facts(code, "ratings.js").routes.map((r) => `${r.framework} ${r.method} ${r.path}`);

describe("[U] httpdispatcher routes (lead22)", () => {
  it("version 1: the module is the dispatcher; version 2: new HttpDispatcher()", () => {
    expect(routes(`var http = require("http");\nvar dispatcher = require("httpdispatcher");\ndispatcher.onGet("/scores", function (req, res) { res.end("[]"); });\ndispatcher.onPost("/scores", function (req, res) { res.end(); });\nhttp.createServer(function (req, res) { dispatcher.dispatch(req, res); }).listen(9080);\n`)).toEqual(["httpdispatcher GET /scores", "httpdispatcher POST /scores"]);
    expect(routes(`const HttpDispatcher = require("httpdispatcher");\nconst dispatcher = new HttpDispatcher();\ndispatcher.onGet(/^\\/scores\\/[0-9]*/, (req, res) => res.end());\ndispatcher.onDelete("/scores", (req, res) => res.end());\n`)).toEqual(["httpdispatcher GET /scores/:param", "httpdispatcher DELETE /scores"]);
  });

  it("onGet on anything else is not a route", () => {
    expect(routes(`const emitter = require("./emitter");\nemitter.onGet("/scores", () => 1);\n`)).toEqual([]);
  });

  it("a regular expression is read as the path it matches", () => {
    expect(regexPath("/^\\/ratings\\/[0-9]*$/")).toBe("/ratings/:param");
    expect(regexPath("/^\\/v1\\/books\\/(\\d+)\\/reviews/")).toBe("/v1/books/:param/reviews");
    expect(regexPath("/health/")).toBe("/health");
  });
});

const scores: Tree = {
  "scores/package.json": { name: "scores", scripts: { start: "node scores.js" }, dependencies: { httpdispatcher: "*" } },
  "scores/scores.js": `var http = require("http");\nvar dispatcher = require("httpdispatcher");\ndispatcher.onGet("/scores", function (req, res) { res.end("[]"); });\nhttp.createServer(function (req, res) { dispatcher.dispatch(req, res); }).listen(9080);\n`,
};

describe("[I] an httpdispatcher service's unversioned route (lead22)", () => {
  it("is found and judged", () => {
    const result = lintTree(scores, { only: "unversioned-route" });
    expect(result.findings.map((f) => `${f.data?.service} ${f.data?.method} ${f.data?.path}`)).toEqual(["scores GET /scores"]);
  });
});
