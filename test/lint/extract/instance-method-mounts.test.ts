import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

// Written for this test: a kiosk service whose routes live in classes that keep an express Router in a field and hand it
// out from a method, `routes()` or `getRouter()`. The mounts say `/v2/...`, so every route is versioned only when the
// router the method returns is the one mounted.

const CLASSES = {
  tickets: `import { Router } from "express";\nexport class TicketRoutes {\n  private router: Router;\n  constructor() {\n    this.router = Router();\n  }\n  routes(): Router {\n    this.router.post("/", (req, res) => res.status(201).end());\n    this.router.put("/:ticketId/void", (req, res) => res.end());\n    return this.router;\n  }\n  getRouter(): Router {\n    return this.routes();\n  }\n}\nexport const ticketRoutes = new TicketRoutes();\n`,
  queues: `import { Router } from "express";\nclass QueueRoutes {\n  router = Router();\n  getRouter() {\n    this.router.get("/:queue", (req, res) => res.json([]));\n    return this.router;\n  }\n}\nexport default new QueueRoutes();\n`,
};

/** The service with its api router (`index`) mounted under /v2, and the one class file the router uses. */
const kiosk = (index: string, uses: keyof typeof CLASSES = "tickets") =>
  lintTree(
    service("kiosk", ["express"], {
      "src/main.ts": `import express from "express";\nimport api from "./api";\nconst app = express();\napp.use("/v2", api);\napp.listen(3100);\n`,
      "src/api.ts": index,
      [`src/${uses}.ts`]: CLASSES[uses],
    }),
    { only: "unversioned-route" },
  );

const paths = (result: ReturnType<typeof kiosk>) => result.model.routes.map((r) => `${r.method} ${r.path}`).sort();

describe("[I] a router a class instance's method returns, mounted under a version", () => {
  it("`router.use(\"/tickets\", ticketRoutes.routes())` on an exported instance: the routes sit under /v2/tickets", () => {
    const result = kiosk(`import { Router } from "express";\nimport { ticketRoutes } from "./tickets";\nconst router = Router();\nrouter.use("/tickets", ticketRoutes.routes());\nexport default router;\n`);
    expect(paths(result)).toEqual(["POST /v2/tickets", "PUT /v2/tickets/:ticketId/void"]);
    expect(result.findings).toEqual([]);
  });

  it("a default-exported instance's `getRouter()`, and an instance made here (`new X().routes()`, a variable holding one)", () => {
    const byDefault = kiosk(`import { Router } from "express";\nimport queues from "./queues";\nconst router = Router();\nrouter.use("/queues", queues.getRouter());\nexport default router;\n`, "queues");
    expect(paths(byDefault)).toEqual(["GET /v2/queues/:queue"]);
    expect(byDefault.findings).toEqual([]);
    const made = kiosk(`import { Router } from "express";\nimport { TicketRoutes } from "./tickets";\nconst router = Router();\nconst held = new TicketRoutes();\nrouter.use("/tickets", held.routes());\nexport default router;\n`);
    expect(paths(made)).toEqual(["POST /v2/tickets", "PUT /v2/tickets/:ticketId/void"]);
    const fresh = kiosk(`import { Router } from "express";\nimport { TicketRoutes } from "./tickets";\nconst router = Router();\nrouter.use("/tickets", new TicketRoutes().routes());\nexport default router;\n`);
    expect(paths(fresh)).toEqual(["POST /v2/tickets", "PUT /v2/tickets/:ticketId/void"]);
  });

  it("a package's middleware factory (`passport.initialize()`) is still no mount", () => {
    const result = kiosk(`import { Router } from "express";\nimport passport from "passport";\nconst router = Router();\nrouter.use(passport.initialize());\nrouter.get("/ping", (req, res) => res.end());\nexport default router;\n`, "queues");
    expect(paths(result)).toEqual(["GET /:queue", "GET /v2/ping"]);
  });
});
