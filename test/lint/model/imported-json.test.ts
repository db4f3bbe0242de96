import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

// A JSON file a module imports by path (`import hosts from "../hosts.json"`), which no rule reads for its name (it is
// no ormconfig.json or node-config file): its data is the module's default export, so an address taken from it is known.

function tree(gateway: Record<string, string>) {
  return {
    ...service("services/front", ["express", "axios"], { "hosts.json": `{ "stock-service": "http://stock:4000", "deep": { "stock": "http://stock:4000" } }\n`, ...gateway }),
    ...service("services/stock", ["express"], {
      "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(4000);\n`,
    }),
    "docker-compose.yml": `services:\n  front:\n    build: ./services/front\n  stock:\n    build: ./services/stock\n`,
  };
}

const calls = (result: LintResult) => result.model.calls.map((c) => `${c.method} ${c.url} -> ${c.targetService ?? "?"}`);

describe("[I] addresses read from a JSON file a module imports", () => {
  it("`hosts[\"stock-service\"]` and `hosts.deep.stock` of `import hosts from \"../hosts.json\"`", () => {
    const result = lintTree(
      tree({
        "src/server.js": `import express from "express";\nimport axios from "axios";\nimport hosts from "../hosts.json";\nconst app = express();\napp.get("/v1/a", async (req, res) => res.json((await axios.get(hosts["stock-service"] + "/v1/items")).data));\napp.get("/v1/b", async (req, res) => res.json((await axios.get(\`\${hosts.deep.stock}/v1/items\`)).data));\napp.listen(3000);\n`,
      }),
    );
    expect(calls(result)).toEqual(["GET http://stock:4000/v1/items -> stock", "GET http://stock:4000/v1/items -> stock"]);
  });

  it("a key looked up and handed to a client factory (`clientFor(hosts[\"stock-service\"])`)", () => {
    const result = lintTree(
      tree({
        "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst hosts = require("../hosts.json");\nconst clientFor = (baseURL) => axios.create({ baseURL });\nconst stock = clientFor(hosts["stock-service"]);\nconst app = express();\napp.get("/v1/a", async (req, res) => res.json((await stock.get("/v1/items")).data));\napp.listen(3000);\n`,
      }),
    );
    expect(calls(result)).toEqual(["GET http://stock:4000/v1/items -> stock"]);
  });

  it("a JSON file of data on one long line (seeds, tags) is no minified code to tell the reader about", () => {
    const seeds = JSON.stringify({ cards: Array.from({ length: 4000 }, (_, i) => ({ id: i, text: `card number ${i}` })) });
    const result = lintTree(
      tree({
        "seeds.json": seeds,
        "src/server.js": `import express from "express";\nimport axios from "axios";\nimport hosts from "../hosts.json";\nimport seeds from "../seeds.json";\nconst app = express();\napp.get("/v1/a", async (req, res) => res.json({ seeds, stock: (await axios.get(hosts["stock-service"] + "/v1/items")).data }));\napp.listen(3000);\n`,
      }),
    );
    expect(calls(result)).toEqual(["GET http://stock:4000/v1/items -> stock"]);
    expect(result.diagnostics.filter((d) => d.file === "services/front/seeds.json")).toEqual([]);
  });
});
