import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

describe("[I] an app handed over inside an object and destructured by the callee", () => {
  it("registerApi({ app, store }) with `({ app, store }) => { app.post(...) }` puts the route on the caller's app", () => {
    const result = lintTree({
      ...service("services/billing", ["express"], {
        "src/server.js": `const express = require("express");\nconst registerApi = require("./api/register");\nconst store = new Map();\nconst app = express();\napp.use(express.json());\nmodule.exports = () => {\n  registerApi({ app, store });\n  return app.listen(3000);\n};\n`,
        "src/api/register.js": `module.exports = ({ app, store }) => {\n  const pay = async (req, res) => {\n    store.set(req.params.id, "paid");\n    res.sendStatus(204);\n  };\n  app.post("/invoices/:id/pay", pay);\n};\n`,
      }),
      ...service("services/ledger", ["express"], {
        "src/server.ts": `import express from "express";\nimport { mountRoutes } from "./routes.js";\nconst server = express();\nmountRoutes({ app: server, prefix: "/v2" });\nserver.listen(3001);\n`,
        "src/routes.ts": `export function mountRoutes({ app: web }: { app: any; prefix: string }) {\n  web.get("/entries", (req: any, res: any) => res.json([]));\n}\n`,
      }),
      // A client handed over the same way is no app: its calls are not routes.
      ...service("services/report", ["express", "axios"], {
        "src/server.ts": `import express from "express";\nimport axios from "axios";\nimport { load } from "./load.js";\nconst app = express();\napp.get("/v1/report", async (req, res) => res.json(await load({ client: axios.create() })));\napp.listen(3002);\n`,
        "src/load.ts": `export const load = ({ client }: { client: any }) => client.get("/entries");\n`,
      }),
    });
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path} mounted at ${r.mountChain.map((l) => `${l.file}:${l.line}`).join(",")}`).sort()).toEqual([
      "billing POST /invoices/:id/pay mounted at services/billing/src/server.js:7",
      "ledger GET /entries mounted at services/ledger/src/server.ts:4",
      "report GET /v1/report mounted at ",
    ]);
  });
});
