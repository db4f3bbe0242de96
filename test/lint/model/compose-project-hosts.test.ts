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

describe("[U] a container name compose made up", () => {
  const tree = (host: string): Tree => ({
    "docker-compose.yml": "services:\n  checkout:\n    build: ./checkout\n  stock-keeper:\n    build: ./stock-keeper\n",
    "checkout/package.json": { name: "checkout", main: "index.js", dependencies: { express: "*", axios: "*" } },
    "checkout/index.js": `const app = require("express")();\nconst axios = require("axios");\napp.post("/v1/checkout", async (req, res) => {\n  await axios.post("http://${host}:7000/v1/reservations", req.body);\n  res.sendStatus(202);\n});\napp.listen(3000);\n`,
    "stock-keeper/package.json": { name: "stock-keeper", main: "index.js", dependencies: { express: "*" } },
    "stock-keeper/index.js": `const app = require("express")();\napp.post("/v1/reservations", (req, res) => res.sendStatus(201));\napp.listen(7000);\n`,
  });

  it("<project>-<service>-<n> (Compose v2) and <project>_<service>_<n> (v1) reach that service, whatever the project", () => {
    expect(targets(tree("shop-stock-keeper-1"))).toEqual(["checkout → stock-keeper POST /v1/reservations"]);
    expect(targets(tree("my-shop-stock-keeper-12"))).toEqual(["checkout → stock-keeper POST /v1/reservations"]);
    expect(targets(tree("shop_stock-keeper_1"))).toEqual(["checkout → stock-keeper POST /v1/reservations"]);
  });

  it("a name that only ends like a service, or a service's own name with a number, is no such name", () => {
    expect(targets(tree("stock-keeper-archive-1"))).toEqual(["checkout → ?"]);
    expect(targets(tree("shop-stock-keeper"))).toEqual(["checkout → ?"]);
    expect(targets(tree("shop-stock-keeper_1"))).toEqual(["checkout → ?"]);
  });

  it("the call is then checked as any call to that service: no timeout, no breaker", () => {
    const findings = lintTree(tree("shop-stock-keeper-1"), { only: "unprotected-call" }).findings;
    expect(findings.map((f) => f.message.split(" while ")[0])).toEqual(["checkout calls stock-keeper (POST http://shop-stock-keeper-1:7000/v1/reservations)"]);
  });
});


describe("[U] names a compose entry gives other containers (links, external_links)", () => {
  /** Two projects, each with a service named `api` (its folder's compose file): `ledger` calls `billing` under a name of its own. */
  const tree = (ledgerEntry: string, host: string): Tree => ({
    "ledger/docker-compose.yml": `services:\n  api:\n    build: .\n${ledgerEntry}`,
    "ledger/package.json": { name: "ledger", main: "index.js", dependencies: { express: "*", axios: "*" } },
    "ledger/index.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.post("/v1/entries", async (req, res) => {\n  await axios.post("http://${host}:3000/v1/invoices", req.body, { timeout: 900 });\n  res.json({});\n});\napp.listen(3000);\n`,
    "billing/docker-compose.yml": "services:\n  api:\n    build: .\n",
    "billing/package.json": { name: "billing", main: "index.js", dependencies: { express: "*" } },
    "billing/index.js": `const app = require("express")();\napp.post("/v1/invoices", (req, res) => res.json({}));\napp.listen(3000);\n`,
  });

  it("an external_links alias reaches the container it names: compose's v1 or v2 name of another project's service", () => {
    expect(targets(tree("    external_links:\n      - billing_api_1:billing.local\n", "billing.local"))).toEqual(["ledger → billing POST /v1/invoices"]);
    expect(targets(tree("    external_links:\n      - billing-api-1:invoices\n", "invoices"))).toEqual(["ledger → billing POST /v1/invoices"]);
  });

  it("a links alias reaches the service of the caller's own project it names", () => {
    const files = tree("", "invoicing");
    delete files["ledger/docker-compose.yml"];
    delete files["billing/docker-compose.yml"];
    files["docker-compose.yml"] = "services:\n  ledger:\n    build: ./ledger\n    links:\n      - billing:invoicing\n  billing:\n    build: ./billing\n";
    expect(targets(files)).toEqual(["ledger → billing POST /v1/invoices"]);
  });

  it("a name no link gives stays unknown, and a link to a project that is not there reaches nothing", () => {
    expect(targets(tree("", "billing.local"))).toEqual(["ledger → ?"]);
    expect(targets(tree("    external_links:\n      - accounts_api_1:billing.local\n", "billing.local"))).toEqual(["ledger → ?"]);
  });
});
