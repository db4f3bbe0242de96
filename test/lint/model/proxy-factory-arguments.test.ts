import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

// Written for this test: an edge service that wraps its proxies in a function of its own (`viaBreaker(target)`, a retry
// or a breaker around http-proxy-middleware), the upstream a parameter, and mounts one per backend with its address.
// Each mount forwards to the address it passes, so each route is linked to that backend (its prefix does not name it).

const edge = (mount: (prefix: string, backend: string) => string) => ({
  ...service("edge", ["express", "http-proxy-middleware"], {
    "src/addresses.js": `module.exports = { ledger: process.env.LEDGER_URL || "http://localhost:7001", shelf: process.env.SHELF_URL || "http://localhost:7002" };\n`,
    "src/server.js": [
      `const express = require("express");`,
      `const { createProxyMiddleware } = require("http-proxy-middleware");`,
      `const addresses = require("./addresses");`,
      `function viaBreaker(target, label) {`,
      `  const forward = createProxyMiddleware({ target, changeOrigin: true });`,
      `  return (req, res, next) => forward(req, res, next);`,
      `}`,
      `const app = express();`,
      mount("money", "ledger"),
      mount("reading", "shelf"),
      `app.listen(7000);`,
      ``,
    ].join("\n"),
  }),
  ...service("ledger", ["express"], { "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/entries", (req, res) => res.json([]));\napp.listen(7001);\n` }),
  ...service("shelf", ["express"], { "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/books", (req, res) => res.json([]));\napp.listen(7002);\n` }),
  "docker-compose.yml": `services:\n  edge:\n    build: ./edge\n    environment:\n      LEDGER_URL: http://ledger:7001\n      SHELF_URL: http://shelf:7002\n  ledger:\n    build: ./ledger\n  shelf:\n    build: ./shelf\n`,
});

const linked = (tree: ReturnType<typeof edge>) =>
  lintTree(tree, { only: "unversioned-route" })
    .model.routes.filter((r) => r.proxy)
    .map((r) => `${r.method} ${r.path} -> ${(r.proxy!.targetServices ?? []).join(",") || "?"}`)
    .sort();

describe("[I] proxies a function of the project makes from the upstream it is given, one mount per backend", () => {
  it("app.use(prefix, factory(address)): each route forwards to the backend its mount names", () => {
    expect(linked(edge((p, b) => `app.use("/api/${p}", viaBreaker(addresses.${b}, "${b}"));`))).toEqual(["ALL /api/money/* -> ledger", "ALL /api/reading/* -> shelf"]);
  });

  it("app.all(path, factory(address)): the same for a verb route", () => {
    expect(linked(edge((p, b) => `app.all("/api/${p}/*", viaBreaker(addresses.${b}, "${b}"));`))).toEqual(["ALL /api/money/* -> ledger", "ALL /api/reading/* -> shelf"]);
  });
});
