import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * awilix-express controllers: a class's `@route` path joined to each method's `@route` path, the verb a decorator of its
 * own; or the builder `createController(Class).prefix(...).get(path, "method")`. `loadControllers(glob, { cwd })` serves
 * every controller of the files the glob names, `controller(Class)` one class.
 */

const decorated = [
  'import { route, GET, PUT, before } from "awilix-express";',
  "",
  '@route("/parcels")',
  "export default class ParcelDesk {",
  "  constructor(private readonly tracker: { locate(id: string): Promise<unknown> }) {}",
  "",
  '  @route("/:parcelId")',
  "  @GET()",
  "  async locate(req: any, res: any) {",
  "    res.json(await this.tracker.locate(req.params.parcelId));",
  "  }",
  "",
  '  @route("/:parcelId/address")',
  "  @before([])",
  "  @PUT()",
  "  async readdress(req: any, res: any) {",
  "    res.status(204).end();",
  "  }",
  "}",
  "",
].join("\n");

const builder = [
  'const { createController } = require("awilix-express");',
  "",
  "class DepotApi {",
  "  list(req, res) { res.json([]); }",
  "  open(req, res) { res.status(201).end(); }",
  "}",
  "",
  'module.exports = createController(DepotApi).prefix("/v3/depots").get("", "list").post("/:depotId/open", "open");',
  "",
].join("\n");

const entry = (use: string) =>
  `import express from "express";\nimport { loadControllers, controller } from "awilix-express";\nimport ParcelDesk from "./http/parcel-desk";\n\nconst app = express();\n${use}\napp.listen(8080);\n`;

const tree = (use: string) =>
  service("parcels", ["express", "awilix", "awilix-express"], {
    "src/server.ts": entry(use),
    "src/http/parcel-desk.ts": decorated,
    "src/http/depots.js": builder,
  });

describe("[U] awilix-express controllers", () => {
  it("loadControllers serves the decorated class and the builder of every file its glob names", () => {
    const result = lintTree(tree('app.use(loadControllers("http/*.{ts,js}", { cwd: __dirname }));\nvoid controller;\nvoid ParcelDesk;'), { only: "unversioned-route" });
    expect(result.model.routes.map((r) => `${r.method} ${r.path} ${r.handler ?? ""}`).sort()).toEqual([
      "GET /parcels/:parcelId parcels/src/http/parcel-desk.ts#fn:ParcelDesk.locate",
      "GET /v3/depots parcels/src/http/depots.js#fn:DepotApi.list",
      "POST /v3/depots/:depotId/open parcels/src/http/depots.js#fn:DepotApi.open",
      "PUT /parcels/:parcelId/address parcels/src/http/parcel-desk.ts#fn:ParcelDesk.readdress",
    ]);
    expect(result.findings.map((f) => `${f.data?.method} ${f.data?.path}`).sort()).toEqual(["GET /parcels/:parcelId", "PUT /parcels/:parcelId/address"]);
  });

  it("controller(Class) under a mount path serves that class alone, below the path", () => {
    const result = lintTree(tree('app.use("/v1", controller(ParcelDesk));\nvoid loadControllers;'), { only: "unversioned-route" });
    const served = result.model.routes.filter((r) => r.location.file.endsWith("parcel-desk.ts")).map((r) => `${r.method} ${r.path}`);
    expect(served.sort()).toEqual(["GET /v1/parcels/:parcelId", "PUT /v1/parcels/:parcelId/address"]);
    expect(result.findings).toEqual([]);
  });
});
