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

describe("[I] an app handed over after other arguments", () => {
  it("`module.exports = ({ store }, app) => { app.post(...) }`, called as `mod.bind(null, { store })(app)` or `mod(deps, app)`, registers on that app", () => {
    const result = lintTree({
      ...service("services/shipping", ["express"], {
        "src/server.js": `const express = require("express");\nconst parcels = require("./api/parcels");\nconst rates = require("./api/rates");\nfunction start(store) {\n  const app = express();\n  const mountParcels = parcels.bind(null, { store });\n  mountParcels(app);\n  rates({ store }, app);\n  return app.listen(3000);\n}\nmodule.exports = { start };\n`,
        "src/api/parcels.js": `module.exports = ({ store }, app) => {\n  app.post("/parcels", (req, res) => res.json(store.add(req.body)));\n  app.get("/parcels/:id", (req, res) => res.json(store.get(req.params.id)));\n};\n`,
        "src/api/rates.js": `module.exports = function (deps, router) {\n  router.get("/rates", (req, res) => res.json([]));\n};\n`,
      }),
      // An app and a router handed over together: the router's routes go under the mount the function makes.
      ...service("services/menus", ["express"], {
        "src/app.js": `const express = require("express");
const app = express();
const router = express.Router();
require("./routes/menus")(app, router);
app.listen(3002);
`,
        "src/routes/menus.js": `module.exports = (app, router) => {
  router.get("/menus/today", (req, res) => res.json([]));
  app.use("/api", router);
};
`,
      }),
      // A client handed over second is no app: its calls are not routes.
      ...service("services/quotes", ["express"], {
        "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/quotes", (req, res) => res.json([]));\napp.listen(3001);\n`,
        "src/load.js": `module.exports = function load(id, client) {\n  return client.get("/v1/rates/" + id);\n};\n`,
      }),
    });
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path} mounted at ${r.mountChain.map((l) => `${l.file}:${l.line}`).join(",")}`).sort()).toEqual([
      "menus GET /api/menus/today mounted at services/menus/src/app.js:4,services/menus/src/routes/menus.js:3",
      "quotes GET /v1/quotes mounted at ",
      "shipping GET /parcels/:id mounted at services/shipping/src/server.js:7",
      "shipping GET /rates mounted at services/shipping/src/server.js:8",
      "shipping POST /parcels mounted at services/shipping/src/server.js:7",
    ]);
  });
});
