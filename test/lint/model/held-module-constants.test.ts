import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A settings module that hands on another module whole (`const settings = require("./settings"); module.exports = {
 * settings, codes }`), read through a path (`registry.settings.dev.stockUrl`): the rest of the path is read in the module
 * it holds, as if the code had imported that one.
 */
function tree(index: string): Tree {
  return {
    "docker-compose.yml": "services:\n  till:\n    build: ./till\n  stock:\n    build: ./stock\n",
    "till/package.json": { name: "till", main: "app.js", dependencies: { express: "*", "node-fetch": "*" } },
    "till/settings/values.js": `module.exports = { dev: { stockUrl: "http://stock:4300/v1/levels" } };\n`,
    "till/settings/codes.js": `module.exports = { ok: 200 };\n`,
    "till/settings/index.js": index,
    "till/app.js": `const fetch = require("node-fetch");\nconst registry = require("./settings/index");\nconst app = require("express")();\napp.get("/v1/basket", async (req, res) => {\n  const levels = await fetch(registry.values.dev.stockUrl);\n  res.json(await levels.json());\n});\napp.listen(4200);\n`,
    "stock/package.json": { name: "stock", main: "app.js", dependencies: { express: "*" } },
    "stock/app.js": `const app = require("express")();\napp.get("/v1/levels", (req, res) => res.json([]));\napp.listen(4300);\n`,
  };
}

describe("[I] a constant read through a module another module holds", () => {
  it("the call's address is read in the held module and reaches the service it names", () => {
    const { model } = lintTree(tree(`const values = require("./values");\nconst codes = require("./codes");\nmodule.exports = { values: values, codes };\n`), { only: "unprotected-call" });
    expect(model.calls.map((c) => `${c.service} → ${c.targetService} ${c.url}`)).toEqual(["till → stock http://stock:4300/v1/levels"]);
  });

  it("a held value that is no module's export stays unread", () => {
    const { model } = lintTree(tree(`const values = loadValues();\nmodule.exports = { values };\n`), { only: "unprotected-call" });
    expect(model.calls.map((c) => c.url)).not.toEqual(["http://stock:4300/v1/levels"]);
  });
});
