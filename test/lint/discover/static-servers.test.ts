import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A folder that serves files over HTTP with a static-file server library (an image bucket beside the APIs) is a service a
 * reader names, though it has no start script and no route to check: its package.json lists only that library.
 */
const tree: Tree = {
  "catalog/package.json": { name: "catalog", main: "server.js", scripts: { start: "node server.js" }, dependencies: { koa: "*" } },
  "catalog/server.js": `const Koa = require("koa");\nnew Koa().listen(3030);\n`,
  "pictures/package.json": { name: "pictures", main: "index.js", dependencies: { "static-server": "*", dotenv: "*" } },
  "pictures/server.js": `const StaticServer = require("static-server");\nnew StaticServer({ rootPath: "./files", port: 3040 }).start(() => {});\n`,
  "helpers/package.json": { name: "helpers", main: "index.js", dependencies: { dotenv: "*" } },
  "helpers/index.js": `module.exports = () => 1;\n`,
};

describe("[U] a package whose only server is a static-file server", () => {
  it("is a service; a package with no server dependency beside it is not", () => {
    expect(lintTree(tree).model.services.map((s) => s.name).sort()).toEqual(["catalog", "pictures"]);
  });
});
