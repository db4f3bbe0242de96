import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * One opossum breaker around a function that requests whatever URL it is given, fired with each address:
 * `breaker.fire(`${CATALOG_URL}/v1/books/${id}`)`. opossum hands fire's arguments to the function, so each fire is a
 * call to the service its URL names, behind the breaker. Before, the function's own call had no URL (`{address}`), so
 * the handler's two services one after another, and the address written into the code, went unseen.
 */

const shelf = (secondUrl: string, fire = "fire"): Tree => ({
  "docker-compose.yml": "services:\n  shelf:\n    build: ./shelf\n    environment:\n      CATALOG_URL: http://catalog:6100\n  catalog:\n    build: ./catalog\n  stock:\n    build: ./stock\n",
  "shelf/package.json": { name: "shelf", main: "index.js", dependencies: { express: "*", axios: "*", opossum: "*" } },
  "shelf/index.js": [
    `const express = require("express");`,
    `const axios = require("axios");`,
    `const CircuitBreaker = require("opossum");`,
    `const fetchJson = async (address) => axios.get(address);`,
    `const guarded = new CircuitBreaker(fetchJson, { timeout: 2000 });`,
    `const app = express();`,
    `app.get("/v1/shelf/:id", async (req, res) => {`,
    `  const book = await guarded.${fire}(\`\${process.env.CATALOG_URL}/v1/books/\${req.params.id}\`);`,
    `  const count = await guarded.${fire}(\`${secondUrl}/v1/stock/\${req.params.id}\`);`,
    `  res.json({ book: book.data, count: count.data });`,
    `});`,
    `app.listen(6000);`,
    ``,
  ].join("\n"),
  "catalog/package.json": { name: "catalog", main: "index.js", dependencies: { express: "*" } },
  "catalog/index.js": `const app = require("express")();\napp.get("/v1/books/:id", (req, res) => res.json({}));\napp.listen(6100);\n`,
  "stock/package.json": { name: "stock", main: "index.js", dependencies: { express: "*" } },
  "stock/index.js": `const app = require("express")();\napp.get("/v1/stock/:id", (req, res) => res.json(1));\napp.listen(6200);\n`,
});

const rules = { "sync-call-chain": "warn", "unprotected-call": "warn", "hardcoded-endpoint": "warn" };
const found = (tree: Tree) =>
  lintTree(tree, { only: "sync-call-chain", rules })
    .findings.map((f) => `${f.ruleId} ${f.data?.service}${f.data?.targetService ? ` → ${f.data.targetService}` : ""}${f.data?.host ? ` ${f.data.host}` : ""}`)
    .sort();

describe("[U] a breaker fired with the URL its function requests", () => {
  it("each fire is a call to the service its URL names, behind the breaker: two one after another, none unprotected", () => {
    const result = lintTree(shelf("http://stock:6200"), { only: "sync-call-chain", rules });
    expect(result.model.calls.filter((c) => c.targetService).map((c) => `${c.targetRoute} ${c.guards?.breaker ? "guarded" : "bare"}`)).toEqual(["catalog GET /v1/books/:id guarded", "stock GET /v1/stock/:id guarded"]);
    expect(found(shelf("http://stock:6200"))).toEqual(["hardcoded-endpoint shelf stock", "sync-call-chain shelf"]);
  });

  it("an address the caller writes into the code is reported where it is written", () => {
    expect(found(shelf("http://localhost:6200"))).toEqual(["hardcoded-endpoint shelf localhost", "sync-call-chain shelf"]);
  });

  it("calling the function directly, not through fire, is no breaker", () => {
    const tree = shelf("http://stock:6200", "fire");
    tree["shelf/index.js"] = (tree["shelf/index.js"] as string).replaceAll("guarded.fire(", "fetchJson(");
    expect(found(tree)).toEqual(["hardcoded-endpoint shelf stock", "sync-call-chain shelf", "unprotected-call shelf → catalog", "unprotected-call shelf → stock"]);
  });
});
