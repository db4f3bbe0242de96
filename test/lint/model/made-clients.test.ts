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


// The same function's client kept by a class: `this.stock = clientFor(process.env.STOCK_URL)` in the constructor of a
// controller whose methods are routes' handlers, or a field `private stock = clientFor(…)`.
describe("[I] HTTP clients a function of the project makes, held by a class", () => {
  const controller = (member: string, factory: string) =>
    tree({
      "src/client-for.ts": factory,
      "src/shelf.controller.ts": `import { Request, Response } from "express";\nimport { clientFor } from "./client-for";\nexport class ShelfController {\n  ${member}\n  async list(req: Request, res: Response) {\n    const r = await this.stock.get("/v1/items");\n    res.json(r.data);\n  }\n}\n`,
      "src/server.ts": `import express from "express";\nimport { ShelfController } from "./shelf.controller";\nconst shelf = new ShelfController();\nconst app = express();\napp.get("/v1/shelf", shelf.list.bind(shelf));\napp.listen(3000);\n`,
    });
  const plain = `import axios from "axios";\nexport function clientFor(baseURL: string) {\n  return axios.create({ baseURL });\n}\n`;

  it("set in the constructor: its calls are requests to the service the base names, unprotected without a timeout", () => {
    const result = lintTree(controller(`private stock;\n  constructor() {\n    this.stock = clientFor(process.env.STOCK_URL);\n  }`, plain));
    expect(calls(result)).toEqual(["gateway GET http://stock:4000/v1/items -> stock"]);
    expect(unprotected(result)).toEqual(["gateway -> stock"]);
  });

  it("set as a field, by a function that gives the client a timeout: guarded", () => {
    const timed = `import axios from "axios";\nexport const clientFor = (baseURL: string) => axios.create({ baseURL, timeout: 2000 });\n`;
    const result = lintTree(controller(`private stock = clientFor(process.env.STOCK_URL);`, timed));
    expect(calls(result)).toEqual(["gateway GET http://stock:4000/v1/items -> stock (timeout)"]);
    expect(unprotected(result)).toEqual([]);
  });

  it("a member two calls set to different functions' results is left unknown: no request", () => {
    const two = `private stock;\n  constructor(cached: boolean) {\n    this.stock = cached ? null : clientFor(process.env.STOCK_URL);\n    if (cached) this.stock = memoryStore();\n  }`;
    const result = lintTree(controller(two, `${plain}export function memoryStore() {\n  return new Map();\n}\n`));
    expect(calls(result)).toEqual([]);
  });
});

// A variable named after the client the code makes for the service (`SERVICEA_ADAPTOR_URL`), or after the service's
// name written without its dash (service-a): the <NAME>_URL convention still names the service.
describe("[I] the <NAME>_URL convention: an adaptor's variable, a name written without its dash", () => {
  it("SERVICEA_ADAPTOR_URL, set nowhere, is service-a's address", () => {
    const result = lintTree({
      ...service("services/gateway", ["express", "axios"], {
        "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.get("/v1/items", async (req, res) => res.json((await axios.get(\`\${process.env.SERVICEA_ADAPTOR_URL}/v1/items\`)).data));\napp.listen(3000);\n`,
      }),
      ...service("services/service-a", ["express"], {
        "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(4000);\n`,
      }),
    });
    expect(result.model.calls.map((c) => `${c.targetService} ${c.resolution}`)).toEqual(["service-a SERVICEA_ADAPTOR_URL (by the <NAME>_URL convention)"]);
  });
});
