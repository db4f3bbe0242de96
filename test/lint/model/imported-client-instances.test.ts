import { describe, expect, it } from "vitest";
import { callPairs, lintTree, type Tree } from "../helpers.js";

/**
 * An axios instance a module exports, called from another module that imports it by a path under the project's
 * base URL (`src/clients`, tsconfig `baseUrl: "./"`) and hands it the path and the body in variables
 * (`ledgerClient.post(path, entry)`): a call to the service the instance's base names.
 */
const tree = (call: string, specifier = "src/clients/ledger.client"): Tree => ({
  "docker-compose.yml": `services:\n  till:\n    build: ./till\n  ledger:\n    build: ./ledger\n`,
  "till/package.json": { name: "till", main: "dist/main.js", dependencies: { express: "*", axios: "*" } },
  "till/tsconfig.json": { compilerOptions: { baseUrl: "./" } },
  "till/src/clients/ledger.client.ts": `import axios from "axios";\nexport const ledgerClient = axios.create({ baseURL: "http://ledger:4000/v1/ledger" });\n`,
  "till/src/main.ts": `import express from "express";\nimport { ledgerClient } from "${specifier}";\nconst app = express();\napp.post("/v1/sales", async (req, res) => {\n  const path = "/entries";\n  const entry = { amount: req.body.amount };\n  ${call}\n  res.status(201).end();\n});\napp.listen(3000);\n`,
  "ledger/package.json": { name: "ledger", main: "main.js", dependencies: { express: "*" } },
  "ledger/main.js": `require("express")().post("/v1/ledger/entries", (req, res) => res.end()).listen(4000);\n`,
});

describe("[U] imported client instances called with a path in a variable", () => {
  it("a client imported by a path under the base URL, given its path and body by name, calls the service its base names", () => {
    expect(callPairs(lintTree(tree("await ledgerClient.post(path, entry);")).model)).toContain("till → ledger");
  });

  it("by a relative path too; and a receiver not named as a client, handed a name, is not taken for one", () => {
    expect(callPairs(lintTree(tree("await ledgerClient.post(path, entry);", "./clients/ledger.client")).model)).toContain("till → ledger");
    const renamed = tree("await ledger.post(path, entry);").valueOf() as Tree;
    renamed["till/src/main.ts"] = (renamed["till/src/main.ts"] as string).replace("import { ledgerClient }", "import { ledgerClient as ledger }");
    expect(callPairs(lintTree(renamed).model)).not.toContain("till → ledger");
  });
});
