import { describe, expect, it } from "vitest";
import { lintTree } from "../helpers.js";

/** A host written into a shared library's client is judged for each service whose code reaches that client. */
describe("[I] hardcoded-endpoint: literal hosts in a library's clients", () => {
  it("each service that calls into the library's client is told, not every service that imports the library (here all of it, as a namespace)", () => {
    const result = lintTree(
      {
        "package.json": { name: "shop", private: true, workspaces: ["services/*", "libs/*"] },
        "libs/clients/package.json": { name: "@shop/clients", main: "src/index.ts", types: "src/index.ts" },
        "libs/clients/src/index.ts": `export * from "./billing";\nexport * from "./stock";\n`,
        "libs/clients/src/billing.ts": `export async function charge(amount: number) {\n  return fetch("http://localhost:4001/v1/charges", { method: "POST", body: JSON.stringify({ amount }), signal: AbortSignal.timeout(800) });\n}\n`,
        "libs/clients/src/stock.ts": `export async function reserve(sku: string) {\n  return fetch(\`http://localhost:4002/v1/reservations/\${sku}\`, { method: "PUT", signal: AbortSignal.timeout(800) });\n}\n`,
        "services/orders/package.json": { name: "orders", scripts: { start: "node src/server.ts" }, dependencies: { express: "*", "@shop/clients": "*" } },
        "services/orders/src/server.ts": `import express from "express";\nimport * as clients from "@shop/clients";\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  await clients.charge(10);\n  res.sendStatus(201);\n});\napp.listen(3000);\n`,
        "services/shipping/package.json": { name: "shipping", scripts: { start: "node src/server.ts" }, dependencies: { express: "*", "@shop/clients": "*" } },
        "services/shipping/src/server.ts": `import express from "express";\nimport { reserve } from "@shop/clients";\nconst app = express();\napp.post("/v1/shipments", async (req, res) => {\n  await reserve("sku-1");\n  res.sendStatus(201);\n});\napp.listen(3001);\n`,
      },
      { only: "hardcoded-endpoint" },
    );
    expect(result.model.services.map((s) => s.name)).toEqual(["orders", "shipping"]);
    expect(result.findings.map((f) => `${f.data.service} ${f.data.url} ${f.location.file}`).sort()).toEqual([
      "orders http://localhost:4001/v1/charges libs/clients/src/billing.ts",
      "shipping http://localhost:4002/v1/reservations/{sku} libs/clients/src/stock.ts",
    ]);
  });
});
