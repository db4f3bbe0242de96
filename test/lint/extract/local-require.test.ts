import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/** Modules required inside the function that uses them: that scope's imports, for every extractor (acc13f). */
describe("[U] a require bound inside a function", () => {
  it("node's http required in a route handler: its get is a call, and the file's facts are extracted", () => {
    const f = facts(`const express = require("express");\nconst app = express();\napp.get("/v1/list", (req, res) => {\n  var http = require("http");\n  http.get("http://catalog:3001/v1/items", (r) => r.pipe(res));\n});\napp.listen(3000);\n`, "server.js");
    expect(f.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/list"]);
    expect(f.calls.map((c) => `${c.client} ${c.method} @${c.location.line}`)).toEqual(["http GET @5"]);
    expect(JSON.stringify(f.calls[0]!.url)).toContain("catalog:3001/v1/items");
  });

  it("a local of the same name bound to something else hides the file's import", () => {
    const f = facts(`import http from "http";\nexport function f() {\n  const http = makeFake();\n  http.get("http://catalog:3001/v1/items");\n}\n`);
    expect(f.calls).toEqual([]);
  });
});
