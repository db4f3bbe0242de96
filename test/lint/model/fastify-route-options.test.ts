import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

// A fastify route given an options object (`server.post(path, loginOptions)`) runs the object's `handler`: the calls that
// handler makes are the route's, whether the object is written in the routes file or exported by another module.
const ledger = service("services/ledger", ["fastify"], {
  "src/server.ts": `import Fastify from "fastify";\nconst app = Fastify();\napp.get("/v1/balances/:id", async () => ({ amount: 1 }));\napp.listen({ port: 3000 });\n`,
});

const wallet = (routes: string, extra: Record<string, string> = {}) =>
  service("services/wallet", ["fastify"], {
    "src/server.ts": `import Fastify from "fastify";\nimport { walletRoutes } from "./routes";\nconst app = Fastify();\napp.register(walletRoutes, { prefix: "/v1" });\napp.listen({ port: 3000 });\n`,
    "src/handlers.ts": `export async function showBalance(request: { params: { id: string } }) {\n  const answer = await fetch(\`http://ledger:3000/v1/balances/\${request.params.id}\`);\n  return answer.json();\n}\n`,
    "src/routes.ts": routes,
    ...extra,
  });

const unprotected = (routes: string, extra?: Record<string, string>) =>
  lintTree({ ...ledger, ...wallet(routes, extra) }, { only: "unprotected-call" }).findings.map((f) => `${f.location.file}:${f.location.line} ${f.message.slice(0, f.message.indexOf(" with"))}`);

describe("[I] fastify route options objects name the route's handler", () => {
  it("an options object exported by another module: its handler's call is made while handling the route", () => {
    const routes = `import type { FastifyInstance } from "fastify";\nimport { balanceOptions } from "./options";\nexport async function walletRoutes(server: FastifyInstance) {\n  server.get("/wallets/:id/balance", balanceOptions);\n}\n`;
    const options = `import { showBalance } from "./handlers";\nconst balanceSchema = { params: { type: "object" } };\nexport const balanceOptions = {\n  schema: balanceSchema,\n  handler: showBalance,\n};\n`;
    expect(unprotected(routes, { "src/options.ts": options })).toEqual(["services/wallet/src/handlers.ts:2 wallet calls ledger (GET http://ledger:3000/v1/balances/{request.params.id}) while handling GET /v1/wallets/:id/balance"]);
  });

  it("an options object written in the routes file, before the route", () => {
    const routes = `import type { FastifyInstance } from "fastify";\nimport { showBalance } from "./handlers";\nconst balanceOptions = { handler: showBalance };\nexport async function walletRoutes(server: FastifyInstance) {\n  server.get("/wallets/:id/balance", balanceOptions);\n}\n`;
    expect(unprotected(routes)).toEqual(["services/wallet/src/handlers.ts:2 wallet calls ledger (GET http://ledger:3000/v1/balances/{request.params.id}) while handling GET /v1/wallets/:id/balance"]);
  });

  it("an options object without a handler names no handler, and one that names itself does not loop", () => {
    const routes = `import type { FastifyInstance } from "fastify";\nconst looped: any = { handler: undefined };\nlooped.handler = looped;\nconst selfish: any = { handler: selfish };\nexport async function walletRoutes(server: FastifyInstance) {\n  server.get("/wallets/:id/balance", { schema: {} });\n  server.get("/wallets/:id/history", selfish);\n}\n`;
    expect(unprotected(routes)).toEqual([]);
  });
});
