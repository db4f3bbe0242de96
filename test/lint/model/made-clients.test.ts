import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

// A module-level constant set to what a function of the project returns (`const api = apiAdapter(BASE_URL)`), where
// that function makes an HTTP client (`(baseURL) => axios.create({ baseURL })`): calls on the constant are requests,
// relative to the base the call passes.

function tree(gateway: Record<string, string>) {
  return {
    ...service("services/gateway", ["express", "axios"], gateway),
    ...service("services/stock", ["express"], {
      "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(4000);\n`,
    }),
    "docker-compose.yml": `services:\n  gateway:\n    build: ./services/gateway\n    environment:\n      STOCK_URL: http://stock:4000\n  stock:\n    build: ./services/stock\n`,
  };
}

const calls = (result: LintResult) => result.model.calls.map((c) => `${c.service} ${c.method} ${c.url} -> ${c.targetService ?? "?"}${c.guards?.timeout ? " (timeout)" : ""}`);
const unprotected = (result: LintResult) => result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => `${f.data.service} -> ${f.data.targetService}`);

describe("[I] HTTP clients a function of the project makes", () => {
  it("imported (`module.exports = (base) => axios.create({ baseURL: base })`), the constant named like an app (`api`)", () => {
    const result = lintTree(
      tree({
        "src/make-client.js": `const axios = require("axios");\nmodule.exports = (base) => axios.create({ baseURL: base });\n`,
        "src/server.js": `const express = require("express");\nconst makeClient = require("./make-client");\nconst api = makeClient(process.env.STOCK_URL);\nconst app = express();\napp.get("/v1/shelf", async (req, res) => {\n  const r = await api.get("/v1/items");\n  res.json(r.data);\n});\napp.listen(3000);\n`,
      }),
    );
    expect(calls(result)).toEqual(["gateway GET http://stock:4000/v1/items -> stock"]);
    expect(unprotected(result)).toEqual(["gateway -> stock"]);
  });

  it("a function of the file with a block body (`return axios.create({ baseURL, timeout })`): its timeout guards the calls", () => {
    const result = lintTree(
      tree({
        "src/server.js": `import express from "express";\nimport axios from "axios";\nfunction clientFor(baseURL) {\n  return axios.create({ baseURL, timeout: 1500 });\n}\nconst stock = clientFor(process.env.STOCK_URL);\nconst app = express();\napp.get("/v1/shelf", async (req, res) => res.json((await stock.get("/v1/items")).data));\napp.listen(3000);\n`,
      }),
    );
    expect(calls(result)).toEqual(["gateway GET http://stock:4000/v1/items -> stock (timeout)"]);
    expect(unprotected(result)).toEqual([]);
  });

  it("a function that returns no client (an app, a plain object) makes no request of `api.get(…)`", () => {
    const result = lintTree(
      tree({
        "src/make-api.js": `module.exports = (base) => ({ base, get: (path) => Promise.resolve({ path }) });\n`,
        "src/server.js": `const express = require("express");\nconst makeApi = require("./make-api");\nconst api = makeApi(process.env.STOCK_URL);\nconst app = express();\napp.get("/v1/shelf", async (req, res) => res.json(await api.get("/v1/items")));\napp.listen(3000);\n`,
      }),
    );
    expect(calls(result)).toEqual([]);
  });

  it("exported by the module that makes it (`export const stock = clientFor(process.env.STOCK_URL)`) and called where it is imported", () => {
    const result = lintTree(
      tree({
        "src/clients.js": `import axios from "axios";\nconst clientFor = (baseURL) => axios.create({ baseURL });\nexport const stock = clientFor(process.env.STOCK_URL);\n`,
        "src/server.js": `import express from "express";\nimport { stock } from "./clients";\nconst app = express();\napp.get("/v1/shelf", async (req, res) => res.json((await stock.get("/v1/items")).data));\napp.listen(3000);\n`,
      }),
    );
    expect(calls(result)).toEqual(["gateway GET http://stock:4000/v1/items -> stock"]);
  });
});

