import { describe, expect, it } from "vitest";
import { lintTree, service } from "./helpers.js";

/** Calls made on a handler's behalf through workspace packages and tsconfig `paths`. */
describe("[I] following calls across modules", () => {
  it("workspace package names and tsconfig paths lead from a handler to its calls", () => {
    const result = lintTree({
      "package.json": { name: "acme", private: true, workspaces: ["packages/*", "services/*"] },
      "packages/clients/package.json": { name: "@acme/clients", main: "dist/index.js" },
      "packages/clients/src/index.ts": `export { getUser } from "./users.js";\n`,
      "packages/clients/src/users.ts": `export async function getUser(id: string) {\n  return (await fetch(\`\${process.env.USERS_URL}/v1/users/\${id}\`)).json();\n}\n`,
      ...service("services/orders", ["express", "@acme/clients"], {
        "src/server.ts": `import express from "express";\nimport { getUser } from "@acme/clients";\nconst app = express();\napp.get("/v1/orders/:id", async (req, res) => res.json(await getUser(req.params.id)));\n`,
      }),
      ...service("services/users", ["fastify"], {
        "tsconfig.json": `{\n  // comments are allowed\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } }\n}\n`,
        "src/server.ts": `import Fastify from "fastify";\nimport * as billing from "@/lib/billing";\nconst app = Fastify();\napp.get("/v1/users/:id", async (req) => billing.account(req.params.id));\n`,
        "src/lib/billing.ts": `const BILLING = process.env.BILLING_URL ?? "http://billing:3000";\nexport const account = (id: string) => fetch(\`\${BILLING}/v1/accounts/\${id}\`);\n`,
      }),
      ...service("services/billing", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/accounts/:id", (req, res) => res.json({}));\n`,
      }),
    });
    expect(result.model.services.map((s) => s.name)).toEqual(["billing", "orders", "users"]);
    const chain = result.findings.find((f) => f.messageId === "chain");
    expect(chain?.message).toContain("orders GET /v1/orders/:id → users GET /v1/users/:id → billing GET /v1/accounts/:id");
    expect(chain?.evidence.map((e) => `${e.location.file}:${e.location.line}`)).toEqual([
      "services/orders/src/server.ts:4",
      "services/orders/src/server.ts:4",
      "packages/clients/src/users.ts:2",
      "services/users/src/server.ts:4",
      "services/users/src/server.ts:4",
      "services/users/src/lib/billing.ts:2",
      "services/billing/src/server.ts:3",
    ]);
  });
});
