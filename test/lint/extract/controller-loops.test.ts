import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

describe("[U] controllers handed to an app class that mounts each one's router in a loop", () => {
  // A common TypeScript Express layout: each controller class holds `router = express.Router()` and adds its routes to
  // it; the app class gets the instances (`new App([new ParcelsController()])`) and mounts `controller.router` in a loop.
  const app = [
    `import express from "express";`,
    `export class App {`,
    `  public app = express();`,
    `  constructor(controllers: { router: express.Router }[]) {`,
    `    controllers.forEach((controller) => this.app.use("/api/v1", controller.router));`,
    `  }`,
    `  listen() { this.app.listen(3000); }`,
    `}`,
  ].join("\n");
  const parcels = [
    `import express from "express";`,
    `export class ParcelsController {`,
    `  public path = "/parcels";`,
    `  public router = express.Router();`,
    `  constructor() {`,
    `    this.router.get(this.path, this.list);`,
    `    this.router.post(\`\${this.path}/:id/scan\`, this.scan);`,
    `  }`,
    `  list = (req: express.Request, res: express.Response) => res.json([]);`,
    `  scan = (req: express.Request, res: express.Response) => res.json({});`,
    `}`,
  ].join("\n");
  const health = [
    `import express from "express";`,
    `export class Health {`,
    `  public router = express.Router();`,
    `  constructor(app: express.Express) {`,
    `    this.router.get("/health", (req, res) => res.end());`,
    `    app.use("/ops", this.router);`,
    `  }`,
    `}`,
  ].join("\n");
  const server = `import { App } from "./app";\nimport { ParcelsController } from "./parcels";\nimport { Health } from "./health";\nimport express from "express";\nconst root = express();\nnew Health(root);\nnew App([new ParcelsController()]).listen();\n`;

  it("each controller class's router is mounted under the loop's prefix; one mounted elsewhere keeps its own mount", () => {
    const result = lintTree(service("services/parcels", ["express"], { "src/app.ts": app, "src/parcels.ts": parcels, "src/health.ts": health, "src/server.ts": server }));
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /api/v1/parcels", "GET /ops/health", "POST /api/v1/parcels/:id/scan"]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route")).toEqual([]);
  });

  it("a loop over a list written where it is mounted is not such a loop", () => {
    const inline = `import express from "express";\nconst app = express();\nconst a = express.Router();\na.get("/a", (req, res) => res.end());\n[{ router: a }].forEach((c) => app.use("/v1", c.router));\napp.listen(3000);\n`;
    const result = lintTree(service("services/inline", ["express"], { "src/server.ts": inline }));
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /a"]);
  });
});
