import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

// Written for this test: a route class whose member holds the controller (`protected desk = new DeskController()`,
// or a constructor parameter typed with it) and registers `this.desk.list` as a handler; the controller's method
// calls the rooms service with no timeout. The call is made while handling the route only when the handler is linked.

const CONTROLLER = `import axios from "axios";\nexport default class DeskController {\n  public list = async (req: any, res: any) => {\n    const r = await axios.get("http://rooms:4000/v1/rooms");\n    res.json(r.data);\n  };\n  public async book(req: any, res: any) {\n    res.json((await axios.post("http://rooms:4000/v1/rooms/hold", req.body)).data);\n  }\n}\n`;

const tree = (routeClass: string): Tree => ({
  ...service("desk", ["express", "axios"], {
    "src/server.ts": `import express from "express";\nimport routes from "./routes";\nconst app = express();\napp.use("/v1/desk", routes.router);\napp.listen(3000);\n`,
    "src/routes.ts": routeClass,
    "src/controller.ts": CONTROLLER,
  }),
  ...service("rooms", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/rooms", (req, res) => res.json([]));\napp.post("/v1/rooms/hold", (req, res) => res.json({}));\napp.listen(4000);\n`,
  }),
  "docker-compose.yml": "services:\n  desk:\n    build: ./desk\n  rooms:\n    build: ./rooms\n",
});

const unprotected = (routeClass: string) =>
  lintTree(tree(routeClass), { only: "unprotected-call" })
    .findings.map((f) => `${f.data?.service} -> ${f.data?.targetService} ${f.location.file.split("/").pop()}:${f.location.line}`)
    .sort();

describe("[I] `this.<member>.<method>` as a route handler, the member holding a controller", () => {
  it("a member initialised with `new DeskController()`: its arrow field and its method are the handlers", () => {
    const routes = `import { Router } from "express";\nimport DeskController from "./controller";\nclass DeskRoutes {\n  public router = Router();\n  protected desk = new DeskController();\n  constructor() {\n    this.router.get("/", this.desk.list);\n    this.router.post("/bookings", this.desk.book);\n  }\n}\nexport default new DeskRoutes();\n`;
    expect(unprotected(routes)).toEqual(["desk -> rooms controller.ts:4", "desk -> rooms controller.ts:8"]);
  });

  it("a constructor parameter typed with the controller class", () => {
    const routes = `import { Router } from "express";\nimport DeskController from "./controller";\nclass DeskRoutes {\n  public router = Router();\n  constructor(private readonly desk: DeskController) {\n    this.router.get("/", this.desk.list);\n  }\n}\nexport default new DeskRoutes(new DeskController());\n`;
    expect(unprotected(routes)).toEqual(["desk -> rooms controller.ts:4"]);
  });
});
