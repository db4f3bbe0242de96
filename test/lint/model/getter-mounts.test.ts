import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * Route classes that hand their router out through a getter (`get routes() { this.router.get(...); return this.router }`),
 * mounted as `new V1Routes().routes` under prefixes, the version among them (`router.use("/v1", [new ListSeats().routes])`).
 * Before, the getter was looked for as a field: the routers were served unmounted, their paths with no prefix. (acc31b)
 */
describe("[U] a router a class's getter returns, mounted through `new X().getter`", () => {
  it("serves its routes under every prefix on the way", () => {
    const tree = service("seats", ["express"], {
      "src/server.ts": `import express from "express";\nimport { SeatRoutes } from "./routes";\nconst app = express();\napp.use("/seats", new SeatRoutes().routes);\napp.listen(3000);\n`,
      "src/routes/index.ts": `import { Router } from "express";\nimport { ListSeats } from "./list-seats";\nimport { HoldSeat } from "./hold-seat";\nexport class SeatRoutes {\n  private readonly router = Router();\n  get routes() {\n    this.router.use("/v1", [new ListSeats().routes, new HoldSeat().routes]);\n    return this.router;\n  }\n}\n`,
      "src/routes/list-seats.ts": `import { Router } from "express";\nexport class ListSeats {\n  private readonly router = Router();\n  get routes() {\n    this.router.get("/", (_req, res) => res.json([]));\n    return this.router;\n  }\n}\n`,
      "src/routes/hold-seat.ts": `import { Router } from "express";\nexport class HoldSeat {\n  private readonly router = Router();\n  get routes() {\n    this.router.post("/:id/hold", (_req, res) => res.status(202).end());\n    return this.router;\n  }\n}\n`,
    });
    const result = lintTree(tree, { only: "unversioned-route" });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /seats/v1", "POST /seats/v1/:id/hold"]);
    expect(result.findings).toEqual([]);
  });
});
