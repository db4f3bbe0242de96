import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * Two variants of one system side by side, each with its own compose file and the same service names: a call to
 * `http://catalog:4000` reaches the catalog container of the caller's own compose project.
 */

const variant = (dir: string, extra = ""): Tree => ({
  [`${dir}/docker-compose.yml`]: `services:\n  shop:\n    build: ./shop\n  catalog:\n    build: ./catalog\n${extra}`,
  [`${dir}/shop/package.json`]: { name: "shop", main: "index.js", dependencies: { express: "*", axios: "*" } },
  [`${dir}/shop/index.js`]: `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.get("/v1/basket/:id", async (req, res) => {\n  const { data } = await axios.get("http://catalog:4000/v1/items/" + req.params.id, { timeout: 800 });\n  res.json(data);\n});\napp.listen(3000);\n`,
  [`${dir}/catalog/package.json`]: { name: "catalog", main: "index.js", dependencies: { express: "*" } },
  [`${dir}/catalog/index.js`]: `const app = require("express")();\napp.get("/v1/items/:id", (req, res) => res.json({ id: req.params.id }));\napp.listen(4000);\n`,
});

const targets = (files: Tree) =>
  lintTree(files, { only: "sync-call-chain" })
    .model.calls.map((call) => `${call.service} → ${call.targetRoute ?? call.targetService ?? "?"}`)
    .sort();

describe("[U] a host named in several compose projects", () => {
  it("resolves to the service of the caller's own project, each variant to its own", () => {
    expect(targets({ ...variant("blue"), ...variant("green") })).toEqual(["blue-shop → blue-catalog GET /v1/items/:id", "green-shop → green-catalog GET /v1/items/:id"]);
  });

  it("a host only another project has is still that project's service", () => {
    const files = { ...variant("blue"), ...variant("green") };
    files["green/shop/index.js"] = (files["green/shop/index.js"] as string).replace("http://catalog:4000", "http://pricing:5000");
    files["blue/docker-compose.yml"] = `${files["blue/docker-compose.yml"] as string}  pricing:\n    build: ./pricing\n`;
    files["blue/pricing/package.json"] = { name: "pricing", main: "index.js", dependencies: { express: "*" } };
    files["blue/pricing/index.js"] = `const app = require("express")();\napp.get("/v1/items/:id", (req, res) => res.json({}));\napp.listen(5000);\n`;
    expect(targets(files)).toEqual(["blue-shop → blue-catalog GET /v1/items/:id", "green-shop → pricing GET /v1/items/:id"]);
  });
});
