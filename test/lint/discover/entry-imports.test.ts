import { describe, expect, it } from "vitest";
import { entryImports } from "../../../src/lint/discover/entry-imports.js";
import { lintTree, type Tree } from "../helpers.js";

describe("[U] the packages an entry file loads, for a package.json that declares none", () => {
  it("reads require, import-from and bare imports; leaves out relative paths and Node's modules; scoped names keep their scope", () => {
    const text = `const express = require("express");\nconst path = require('path');\nimport { x } from "@acme/kit/server";\nimport "dotenv/config";\nimport y from "./local";\nimport fs from "node:fs";\n`;
    expect(entryImports(text)).toEqual(["@acme/kit", "dotenv", "express"]);
  });

  it("a gateway whose package.json lists nothing while its index requires express is a service; one that declares its dependencies is read from them alone", () => {
    const tree: Tree = {
      "edge/package.json": { name: "edge", main: "index.js", scripts: { test: "exit 1" } },
      "edge/index.js": `const express = require("express");\nconst app = express();\napp.get("/v1/ping", (req, res) => res.end());\napp.listen(8000);\n`,
      "tools/package.json": { name: "tools", main: "index.js", dependencies: { dotenv: "*" } },
      "tools/index.js": `const express = require("express");\nmodule.exports = express.Router();\n`,
      "users/package.json": { name: "users", main: "server.js", dependencies: { express: "*" } },
      "users/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/users", (req, res) => res.json([]));\napp.listen(8001);\n`,
    };
    expect(lintTree(tree).model.services.map((s) => s.name).sort()).toEqual(["edge", "users"]);
  });
});
