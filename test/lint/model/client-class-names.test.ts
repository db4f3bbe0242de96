import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

// `${this.baseUrl}/v1/items` in a method of `InventoryClient`, the instance made with a base the code reads at run time
// (a settings file loaded by path): the class is named for the service it calls, as a <NAME>_URL variable would be.

function tree(className: string) {
  return {
    ...service("orders", ["express", "axios"], {
      "src/clients/inventory.ts": `import axios from "axios";\n\nexport class ${className} {\n  private baseUrl: string;\n  constructor(baseUrl: string) {\n    this.baseUrl = baseUrl;\n  }\n\n  async reserve(sku: string) {\n    const res = await axios.post(\`\${this.baseUrl}/v1/items/\${sku}/hold\`, {});\n    return res.data;\n  }\n}\n`,
      "src/server.ts": `import express from "express";\nimport { readFileSync } from "node:fs";\nimport { ${className} } from "./clients/inventory";\n\nconst settings = JSON.parse(readFileSync(process.argv[2] ?? "settings.json", "utf8"));\nconst stock = new ${className}(settings.upstream);\nconst app = express();\napp.post("/v1/orders", async (req, res) => res.json(await stock.reserve(req.body.sku)));\napp.listen(3000);\n`,
    }),
    ...service("inventory", ["express"], {
      "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/items/:sku/hold", (req, res) => res.json({ held: true }));\napp.listen(4000);\n`,
    }),
    "docker-compose.yml": `services:\n  orders:\n    build: ./orders\n  inventory:\n    build: ./inventory\n`,
  };
}

const calls = (result: LintResult) => result.model.calls.map((c) => `${c.service} ${c.method} ${c.url} -> ${c.targetService ?? "?"} ${c.targetRoute ?? ""}`.trim());

describe("[I] a client class named for the service it calls", () => {
  it("InventoryClient, InventoryServiceClient and InventoryService reach inventory, at the route the path names", () => {
    for (const name of ["InventoryClient", "InventoryServiceClient", "InventoryService"]) {
      expect(calls(lintTree(tree(name), { only: "unprotected-call" }))).toEqual(["orders POST {baseUrl}/v1/items/{sku}/hold -> inventory inventory POST /v1/items/:sku/hold"]);
    }
  });

  it("a class named for no service of the repository (a third party's) reaches none", () => {
    expect(calls(lintTree(tree("PaymentsClient"), { only: "unprotected-call" }))).toEqual(["orders POST {baseUrl}/v1/items/{sku}/hold -> ?"]);
  });
});
