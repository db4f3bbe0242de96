import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";

const routes = (code: string) => facts(code, "server.js").routes.map((r) => `${r.method} ${r.path} ${r.owner} ${r.framework}${r.version ? ` v:${r.version}` : ""}`);

describe("[U] restify extractor", () => {
  it("createServer in its three spellings, the shared verbs, del and opts", () => {
    expect(
      routes(`const restify = require("restify");\nconst server = restify.createServer({ name: "ledger" });\nserver.get("/entries/:id", (req, res, next) => next());\nserver.del("/entries/:id", remove);\nserver.opts("/entries", allow);\nserver.listen(8080);\n`),
    ).toEqual(["GET /entries/:id var:server restify", "DELETE /entries/:id var:server restify", "OPTIONS /entries var:server restify"]);
    expect(routes(`const api = require("restify").createServer();\napi.post("/payouts", pay);\n`)).toEqual(["POST /payouts var:api restify"]);
    expect(routes(`import { createServer } from "restify";\nconst api = createServer();\napi.patch("/accounts/:id", update);\n`)).toEqual(["PATCH /accounts/:id var:api restify"]);
  });

  it("a route given as options: its path, and a version matched against Accept-Version", () => {
    expect(routes(`const restify = require("restify");\nconst server = restify.createServer();\nserver.get({ path: "/rates", version: "2.0.0" }, rates);\nserver.put({ path: "/rates/:id" }, save);\n`)).toEqual([
      "GET /rates var:server restify v:header",
      "PUT /rates/:id var:server restify",
    ]);
  });

  it("del and opts on something that is no restify server are not routes", () => {
    expect(routes(`const cache = new Map();\ncache.del("/x", 1);\nconst restify = require("restify");\nconst client = restify.createJsonClient({ url: "http://x" });\nclient.del("/y", cb);\n`)).toEqual([]);
  });
});

describe("[I] a restify service", () => {
  it("its unversioned routes are reported, its Accept-Version routes are not", () => {
    const result = lintTree(
      service("services/ledger", ["restify"], {
        "src/server.js": `const restify = require("restify");\nconst server = restify.createServer();\nserver.get("/entries", list);\nserver.get({ path: "/balances", version: "1.0.0" }, balances);\nserver.listen(8080);\nfunction list(req, res, next) { res.send([]); next(); }\nfunction balances(req, res, next) { res.send({}); next(); }\n`,
      }),
      { only: "unversioned-route" },
    );
    expect(result.findings.map((f) => f.message)).toEqual(["GET /entries in ledger has no version segment; serve it under a version such as /v1/entries"]);
    expect(result.diagnostics).toEqual([]);
  });
});
