import { describe, expect, it } from "vitest";
import { ModuleResolver } from "../../../src/lint/model/resolve.js";
import { lintTree, type Tree } from "../helpers.js";

/**
 * Code written on a case-insensitive disk (macOS, Windows) may require `./Handlers/parcel.handler` of a file saved as
 * `Handlers/parcel.Handler.js`: there it loads. Left unresolved, the router it mounts was taken for one no file loads,
 * and its routes and the calls its middleware makes were dropped. The file is read as the one the path names in other
 * letter case, and a diagnostic says so (in a Linux container that require fails).
 */

const depot: Tree = {
  "depot/package.json": { name: "depot", main: "start.js", scripts: { start: "node start.js" }, dependencies: { express: "*", axios: "*" } },
  "depot/start.js": `const express = require("express");\nconst parcels = require("./Handlers/parcel.handler");\nconst app = express();\napp.use("/parcels", parcels);\napp.listen(5100);\n`,
  "depot/Handlers/parcel.Handler.js": [
    `const router = require("express").Router();`,
    `const axios = require("axios");`,
    `router.post("/", async (req, res) => {`,
    `  const owner = await axios.get(process.env.OWNERS_URL + "/owners/" + req.body.owner);`,
    `  res.status(201).json(owner.data);`,
    `});`,
    `module.exports = router;`,
    ``,
  ].join("\n"),
  "owners/package.json": { name: "owners", main: "start.js", scripts: { start: "node start.js" }, dependencies: { express: "*" } },
  "owners/start.js": `const app = require("express")();\napp.get("/owners/:id", (req, res) => res.json({}));\napp.listen(5200);\n`,
  "depot/.env": "OWNERS_URL=http://owners:5200\n",
};

describe("[U] an import that names a file in other letter case", () => {
  it("is read as that file: its router's routes are served under the mount, its handler's call is the route's", () => {
    const result = lintTree(depot, { only: "unprotected-call" });
    expect(result.model.routes.filter((r) => r.service === "depot").map((r) => `${r.method} ${r.path}`)).toEqual(["POST /parcels"]);
    expect(result.findings.map((f) => `${f.data?.service} → ${f.data?.targetService}`)).toEqual(["depot → owners"]);
  });

  it("is said in a diagnostic naming the line and the file it reached", () => {
    const result = lintTree(depot, { only: "unprotected-call" });
    expect(result.diagnostics.filter((d) => d.message.includes("letter case")).map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      "depot/start.js:2 depot: depot/start.js:2 loads ./Handlers/parcel.handler, which names depot/Handlers/parcel.Handler.js only in other letter case: read as that file (a case-insensitive disk finds it; on Linux the require fails)",
    ]);
  });

  it("an exact match wins over one in other letter case, and two files that differ only in case leave it unresolved", () => {
    const resolver = new ModuleResolver({ files: new Set(["s/Lib.ts", "s/lib/index.js", "s/a.ts", "s/Util.ts", "s/UTIL.ts"]), workspacePackages: {}, packageMains: {}, tsconfigs: [] });
    expect(resolver.resolve("s/main.ts", "./lib")).toBe("s/lib/index.js");
    expect(resolver.resolve("s/main.ts", "./LIB/index")).toBe("s/lib/index.js");
    expect(resolver.resolve("s/main.ts", "./a")).toBe("s/a.ts");
    expect(resolver.resolve("s/main.ts", "./util")).toBeUndefined();
    expect(resolver.caseFolded()).toEqual([{ from: "s/main.ts", specifier: "./LIB/index", file: "s/lib/index.js" }]);
  });
});
