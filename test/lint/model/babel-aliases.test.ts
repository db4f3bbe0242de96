import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * Code compiled by Babel with babel-plugin-module-resolver imports through the plugin's aliases and roots
 * (`#app/clients/stock`, `clients/billing`): extract/babel-aliases.ts reads them from the Babel config file, and the
 * model resolves such specifiers as it does tsconfig paths, so the handler reaches the clients it imports.
 */

const front = (babelConfig: string): Tree => ({
  ...service("services/front", ["express", "axios", "babel-plugin-module-resolver"], {
    [babelConfig.startsWith("{") ? "babel.config.cjs" : "babel.config.js"]: babelConfig.startsWith("{") ? `module.exports = ${babelConfig};\n` : babelConfig,
    "src/server.js": `import express from "express";\nimport { item } from "#app/clients/stock";\nimport { hold } from "clients/billing";\nconst app = express();\napp.get("/v1/baskets/:id", async (req, res) => {\n  res.json({ item: await item(req.params.id), hold: await hold(req.params.id) });\n});\napp.listen(8080);\n`,
    "src/clients/stock.js": `import axios from "axios";\nexport const item = async (id) => (await axios.get(\`\${process.env.STOCK_URL}/v1/items/\${id}\`)).data;\n`,
    "src/clients/billing.js": `import axios from "axios";\nexport const hold = async (id) => (await axios.post(\`\${process.env.BILLING_URL}/v1/holds\`, { id })).data;\n`,
  }),
  ...service("services/stock", ["express"], { "src/server.js": `const app = require("express")();\napp.get("/v1/items/:id", (req, res) => res.json({}));\napp.listen(7201);\n` }),
  ...service("services/billing", ["express"], { "src/server.js": `const app = require("express")();\napp.post("/v1/holds", (req, res) => res.json({}));\napp.listen(7203);\n` }),
  "docker-compose.yml": "services:\n  front:\n    build: ./services/front\n    environment:\n      STOCK_URL: http://stock:7201\n      BILLING_URL: http://billing:7203\n  stock:\n    build: ./services/stock\n  billing:\n    build: ./services/billing\n",
});

const unprotected = (tree: Tree) =>
  lintTree(tree, { only: "unprotected-call" })
    .findings.filter((f) => f.ruleId === "unprotected-call")
    .map((f) => f.message.slice(0, f.message.indexOf(" with ")))
    .sort();

describe("babel-plugin-module-resolver aliases and roots", () => {
  const both = ["front calls billing (POST http://billing:7203/v1/holds) while handling GET /v1/baskets/:id", "front calls stock (GET http://stock:7201/v1/items/{id}) while handling GET /v1/baskets/:id"];

  it("babel.config.js: an alias (#app → ./src) and a root (./src) reach the clients the handler imports", () => {
    expect(unprotected(front(`module.exports = {\n  presets: ["@babel/preset-env"],\n  plugins: [["module-resolver", { root: ["./src"], alias: { "#app": "./src" } }]],\n};\n`))).toEqual(both);
  });

  it("babel.config.cjs with the plugin's full name; a pattern alias is left out and so resolves nothing", () => {
    expect(unprotected(front(`{ plugins: [["babel-plugin-module-resolver", { root: "./src", alias: { "#app": "./src/" } }]] }`))).toEqual(both);
    expect(unprotected(front(`module.exports = { plugins: [["module-resolver", { alias: { "^#app/(.+)": "./src/\\\\1" } }]] };\n`))).toEqual([]);
  });
});
