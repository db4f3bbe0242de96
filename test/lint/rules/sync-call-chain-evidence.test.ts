import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";
import type { Finding } from "../../../src/lint/types.js";

/**
 * The evidence of a chain or a cycle is the path one request takes: every
 * "is handled here" is followed by a call made inside that very handler.
 * In these services two routes share one file, and only one of them calls
 * another service, so a hop taken from the wrong handler shows.
 */

const server = (routesImport: string) => `import express from "express";\nimport { router } from "./routes.js";\nconst app = express();\napp.use(router);\napp.listen(3000);\n`.replace("./routes.js", routesImport);

/** orders: GET /v1/orders calls nobody (line 8), POST /v1/orders calls inventory (lines 12, 13). */
const ordersRoutes = [
  `import { Router } from "express";`, // 1
  ``, // 2
  `export const router = Router();`, // 3
  ``, // 4
  `const INVENTORY = process.env.INVENTORY_URL;`, // 5
  ``, // 6
  `router.get("/v1/orders", async (req, res) => {`, // 7
  `  res.json([]);`, // 8
  `});`, // 9
  ``, // 10
  `router.post("/v1/orders", async (req, res) => {`, // 11
  `  const stock = await fetch(\`\${INVENTORY}/v1/stock\`);`, // 12
  `  res.status(201).json(await stock.json());`, // 13
  `});`, // 14
  ``,
].join("\n");

const compose = (services: Record<string, Record<string, string>>): Tree => ({
  "docker-compose.yml":
    "services:\n" +
    Object.entries(services)
      .map(([name, env]) => `  ${name}:\n    build: ./${name}\n    environment:\n${Object.entries(env).map(([k, v]) => `      ${k}: ${v}\n`).join("") || "      PORT: '3000'\n"}`)
      .join(""),
});

const hops = (finding: Finding) => finding.evidence.map((hop) => `${hop.location.file}:${hop.location.line} ${hop.message}`);

describe("sync-call-chain evidence follows one request", () => {
  it("a cycle through two routes of one file starts at the route that makes the call", () => {
    const result = lintTree({
      ...service("orders", ["express"], { "src/server.ts": server("./routes.js"), "src/routes.ts": ordersRoutes }),
      ...service("inventory", ["express"], {
        "src/server.ts": [
          `import express from "express";`, // 1
          `const app = express();`, // 2
          `app.get("/v1/stock", async (req, res) => {`, // 3
          `  const pending = await fetch(\`\${process.env.ORDERS_URL}/v1/orders\`);`, // 4
          `  res.json(await pending.json());`, // 5
          `});`, // 6
          `app.listen(3000);`,
          ``,
        ].join("\n"),
      }),
      ...compose({ orders: { INVENTORY_URL: "http://inventory:3000" }, inventory: { ORDERS_URL: "http://orders:3000" } }),
    }, { only: "sync-call-chain" });
    const cycles = result.findings.filter((f) => f.ruleId === "sync-call-chain" && f.messageId === "cycle");
    expect(cycles.map((f) => f.message)).toEqual([
      "synchronous call cycle: orders → inventory → orders (orders POST /v1/orders → inventory GET /v1/stock → orders GET /v1/orders)",
    ]);
    expect(cycles[0]!.location).toMatchObject({ file: "orders/src/routes.ts", line: 12 });
    expect(hops(cycles[0]!)).toEqual([
      "orders/src/routes.ts:11 orders POST /v1/orders is handled here",
      "orders/src/routes.ts:12 calls inventory synchronously: GET http://inventory:3000/v1/stock",
      "inventory/src/server.ts:3 inventory GET /v1/stock is handled here",
      "inventory/src/server.ts:4 calls orders synchronously: GET http://orders:3000/v1/orders",
      "orders/src/routes.ts:7 orders GET /v1/orders is handled here",
    ]);
  });

  it("a cycle that comes back to the route it started from is reported once, from either side", () => {
    const result = lintTree({
      ...service("orders", ["express"], { "src/server.ts": server("./routes.js"), "src/routes.ts": ordersRoutes }),
      ...service("inventory", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/stock", async (req, res) => {\n  await fetch(\`\${process.env.ORDERS_URL}/v1/orders\`, { method: "POST" });\n  res.json({});\n});\n`,
      }),
      ...compose({ orders: { INVENTORY_URL: "http://inventory:3000" }, inventory: { ORDERS_URL: "http://orders:3000" } }),
    }, { only: "sync-call-chain" });
    const cycles = result.findings.filter((f) => f.messageId === "cycle");
    expect(cycles.map((f) => f.message)).toEqual([
      "synchronous call cycle: inventory → orders → inventory (inventory GET /v1/stock → orders POST /v1/orders → inventory GET /v1/stock)",
    ]);
    expect(hops(cycles[0]!)).toEqual([
      "inventory/src/server.ts:3 inventory GET /v1/stock is handled here",
      "inventory/src/server.ts:4 calls orders synchronously: POST http://orders:3000/v1/orders",
      "orders/src/routes.ts:11 orders POST /v1/orders is handled here",
      "orders/src/routes.ts:12 calls inventory synchronously: GET http://inventory:3000/v1/stock",
      "inventory/src/server.ts:3 inventory GET /v1/stock is handled here",
    ]);
  });

  it("a chain goes on only from the handler the call reaches", () => {
    // gateway calls both orders routes; only POST goes on to inventory, so the only chain starts at gateway's /v1/checkout.
    const result = lintTree({
      ...service("gateway", ["express"], {
        "src/server.ts": [
          `import express from "express";`, // 1
          `const app = express();`, // 2
          `app.get("/v1/history", async (req, res) => {`, // 3
          `  res.json(await (await fetch(\`\${process.env.ORDERS_URL}/v1/orders\`)).json());`, // 4
          `});`, // 5
          `app.post("/v1/checkout", async (req, res) => {`, // 6
          `  res.json(await (await fetch(\`\${process.env.ORDERS_URL}/v1/orders\`, { method: "POST" })).json());`, // 7
          `});`, // 8
          `app.listen(3000);`,
          ``,
        ].join("\n"),
      }),
      ...service("orders", ["express"], { "src/server.ts": server("./routes.js"), "src/routes.ts": ordersRoutes }),
      ...service("inventory", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/stock", (req, res) => res.json({}));\napp.listen(3000);\n`,
      }),
      ...compose({ gateway: { ORDERS_URL: "http://orders:3000" }, orders: { INVENTORY_URL: "http://inventory:3000" }, inventory: {} }),
    }, { only: "sync-call-chain" });
    const chains = result.findings.filter((f) => f.ruleId === "sync-call-chain");
    expect(chains.map((f) => f.message)).toEqual([
      "POST /v1/checkout in gateway waits on a chain of 2 synchronous calls (more than 1): gateway POST /v1/checkout → orders POST /v1/orders → inventory GET /v1/stock",
    ]);
    expect(hops(chains[0]!)).toEqual([
      "gateway/src/server.ts:6 gateway POST /v1/checkout is handled here",
      "gateway/src/server.ts:7 calls orders synchronously: POST http://orders:3000/v1/orders",
      "orders/src/routes.ts:11 orders POST /v1/orders is handled here",
      "orders/src/routes.ts:12 calls inventory synchronously: GET http://inventory:3000/v1/stock",
      "inventory/src/server.ts:3 inventory GET /v1/stock is handled here",
    ]);
  });

  it("a call made in a callback of the previous call is shown where it is made, not where the callback starts", () => {
    const result = lintTree({
      ...service("front", ["express", "request"], {
        "src/server.js": [
          `const express = require("express");`, // 1
          `const request = require("request");`, // 2
          `const app = express();`, // 3
          `app.get("/v1/overview", (req, res, next) => {`, // 4
          `  request.get(process.env.USERS_URL + "/v1/users/1", (err, r, user) => {`, // 5
          `    if (err) return next(err);`, // 6
          `    request.get(process.env.ORDERS_URL + "/v1/orders", (err2, r2, orders) => {`, // 7
          `      res.json({ user, orders });`, // 8
          `    });`, // 9
          `  });`, // 10
          `});`, // 11
          ``,
        ].join("\n"),
      }),
      ...service("users", ["express"], { "src/server.js": `const app = require("express")();\napp.get("/v1/users/:id", (req, res) => res.json({}));\napp.listen(3000);\n` }),
      ...service("orders", ["express"], { "src/server.js": `const app = require("express")();\napp.get("/v1/orders", (req, res) => res.json([]));\napp.listen(3000);\n` }),
      ...compose({ front: { USERS_URL: "http://users:3000", ORDERS_URL: "http://orders:3000" }, users: {}, orders: {} }),
    }, { only: "sync-call-chain" });
    const sequential = result.findings.filter((f) => f.messageId === "sequential");
    expect(sequential.map(hops)).toEqual([
      [
        "front/src/server.js:4 front GET /v1/overview is handled here",
        "front/src/server.js:5 calls users: GET http://users:3000/v1/users/1",
        "front/src/server.js:7 then calls orders in the callback at line 5: GET http://orders:3000/v1/orders",
      ],
    ]);
  });

  it("a function without a name (a wrapper's argument) is named by the line it starts on", () => {
    const result = lintTree({
      ...service("gateway", ["express"], {
        "src/server.js": `const app = require("express")();\napp.post("/v1/orders", async (req, res) => res.json(await (await fetch(process.env.ORDERS_URL + "/v1/orders", { method: "POST" })).json()));\napp.listen(3000);\n`,
      }),
      ...service("orders", ["express"], {
        "src/server.js": [
          `const app = require("express")();`, // 1
          `const asyncHandler = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);`, // 2
          `const placeOrder = asyncHandler(async (req, res) => {`, // 3
          `  await fetch(process.env.INVENTORY_URL + "/v1/stock", { method: "POST" });`, // 4
          `  res.status(201).end();`, // 5
          `});`, // 6
          `app.post("/v1/orders", placeOrder);`, // 7
          `app.listen(3000);`,
          ``,
        ].join("\n"),
      }),
      ...service("inventory", ["express"], { "src/server.js": `const app = require("express")();\napp.post("/v1/stock", (req, res) => res.end());\napp.listen(3000);\n` }),
      ...compose({ gateway: { ORDERS_URL: "http://orders:3000" }, orders: { INVENTORY_URL: "http://inventory:3000" }, inventory: {} }),
    }, { only: "sync-call-chain" });
    const chains = result.findings.filter((f) => f.messageId === "chain");
    expect(chains.map(hops)).toEqual([
      [
        "gateway/src/server.js:2 gateway POST /v1/orders is handled here",
        "gateway/src/server.js:2 calls orders synchronously: POST http://orders:3000/v1/orders",
        "orders/src/server.js:7 orders POST /v1/orders is handled here",
        "orders/src/server.js:3 runs the function at line 3",
        "orders/src/server.js:4 calls inventory synchronously: POST http://inventory:3000/v1/stock",
        "inventory/src/server.js:2 inventory POST /v1/stock is handled here",
      ],
    ]);
  });
});
