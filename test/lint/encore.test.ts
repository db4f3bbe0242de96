import { describe, expect, it } from "vitest";
import { lintTree } from "./helpers.js";

/**
 * Encore.ts apps (discover/encore.ts, extract/encore.ts, extract/datastores/encore.ts): one package, a service per
 * folder with an encore.service.ts, endpoints made with api(), calls through ~encore/clients, SQL databases the runtime
 * provisions. A small shop written for this test: orders calls stock, ledger reads the orders database by name.
 */
const shop = {
  "package.json": { name: "shop", type: "module", dependencies: { "encore.dev": "*" } },
  "encore.app": `{ "id": "shop" }\n`,
  "orders/encore.service.ts": `import { Service } from "encore.dev/service";\nexport default new Service("orders");\n`,
  "orders/db.ts": `import { SQLDatabase } from "encore.dev/storage/sqldb";\nexport const OrdersDB = new SQLDatabase("orders", { migrations: "./migrations" });\nexport const ORDER_STATES = ["placed", "paid"];\n`,
  "orders/types.ts": `export interface OrderRow { id: number; total: number }\n`,
  "orders/orders.ts": [
    `import { api } from "encore.dev/api";`,
    `import { Topic } from "encore.dev/pubsub";`,
    `import { stock } from "~encore/clients";`,
    `import { OrdersDB } from "./db";`,
    `export const place = api({ expose: true, method: "POST", path: "/orders" }, async (req: { sku: string }) => {`,
    `  await stock.hold({ sku: req.sku });`,
    `  await OrdersDB.exec\`INSERT INTO orders (sku) VALUES (\${req.sku})\`;`,
    `  await Placed.publish({ sku: req.sku });`,
    `  return { ok: true };`,
    `});`,
    `export const byId = api({ expose: true, method: "GET", path: "/v1/orders/:id" }, async (p: { id: number }) => ({ id: p.id }));`,
    `export const webapp = api.raw({ expose: true, method: "*", path: "/!rest" }, async (req, resp) => { resp.end(); });`,
    `export const Placed = new Topic<{ sku: string }>("order-placed", { deliveryGuarantee: "at-least-once" });`,
    ``,
  ].join("\n"),
  "stock/encore.service.ts": `import { Service } from "encore.dev/service";\nexport default new Service("stock");\n`,
  "stock/stock.ts": [
    `import { api } from "encore.dev/api";`,
    `import { SQLDatabase } from "encore.dev/storage/sqldb";`,
    `import knex from "knex";`,
    `import { ORDER_STATES } from "../orders/db";`,
    `const StockDB = new SQLDatabase("stock", { migrations: "./migrations" });`,
    `const orm = knex({ client: "pg", connection: StockDB.connectionString });`,
    `export const hold = api({ method: "POST" }, async (req: { sku: string }) => {`,
    `  await orm("holds").insert({ sku: req.sku, state: ORDER_STATES[0] });`,
    `});`,
    ``,
  ].join("\n"),
  "ledger/encore.service.ts": `import { Service } from "encore.dev/service";\nexport default new Service("ledger");\n`,
  "ledger/ledger.ts": [
    `import { api } from "encore.dev/api";`,
    `import { SQLDatabase } from "encore.dev/storage/sqldb";`,
    `import { Subscription, Topic } from "encore.dev/pubsub";`,
    `import type { OrderRow } from "../orders/types";`,
    `import { Placed } from "../orders/orders";`,
    `import { OrdersDB } from "../orders/db";`,
    `const Orders = SQLDatabase.named("orders");`,
    `export const Closed = new Topic<OrderRow>("ledger-closed", { deliveryGuarantee: "at-least-once" });`,
    `export const totals = api({ expose: false, method: "GET", path: "/totals" }, async () => Orders.queryRow\`SELECT sum(total) FROM orders\`);`,
    `const _ = new Subscription(Placed, "ledger-books-order", { handler: async (event: { sku: string }) => { await Closed.publish({ id: 1, total: 0 }); } });`,
    ``,
  ].join("\n"),
};

describe("[I] Encore.ts apps", () => {
  const result = lintTree(shop);
  const { model } = result;

  it("each folder with an encore.service.ts is a service named by its new Service(...), the app's package none", () => {
    expect(model.services.map((s) => `${s.name} ${s.root}`)).toEqual(["ledger ledger", "orders orders", "stock stock"]);
  });

  it("api() endpoints are routes; one not exposed, or with no path, is a procedure; a /!rest fallback is a catch-all", () => {
    expect(model.routes.map((r) => `${r.service} ${r.method} ${r.path}${r.rpc ? ` rpc:${r.rpc}` : ""}${r.catchAll ? " catch-all" : ""} ${r.encoreEndpoint}`).sort()).toEqual([
      "ledger GET /totals rpc:encore totals",
      "orders ALL /!rest catch-all webapp",
      "orders GET /v1/orders/:id byId",
      "orders POST /orders place",
      "stock POST /hold rpc:encore hold",
    ]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => `${f.data.service} ${f.data.method} ${f.data.path}`)).toEqual(["orders POST /orders"]);
  });

  it("a call through ~encore/clients reaches the named service's endpoint, by name, with no host written", () => {
    expect(model.calls.map((c) => `${c.service} → ${c.targetService} ${c.targetRoute}`)).toEqual(["orders → stock stock POST /hold"]);
    expect(result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => `${f.data.service} → ${f.data.targetService}`)).toEqual(["orders → stock"]);
    expect(result.findings.filter((f) => f.ruleId === "hardcoded-endpoint")).toEqual([]);
  });

  it("each SQLDatabase is its service's; SQLDatabase.named opens the same one, so two services share it; knex over its connectionString is no second one; importing a constant from another service's database module opens nothing", () => {
    expect(model.datastores.map((d) => `${d.service} ${d.identity}`).sort()).toEqual(["ledger postgres://encore/orders", "orders postgres://encore/orders", "stock postgres://encore/stock"]);
    const shared = result.findings.filter((f) => f.ruleId === "shared-database");
    expect(shared).toHaveLength(1);
    expect(shared[0]!.message).toMatch(/ledger.*orders|orders.*ledger/);
  });

  it("Encore traces every service itself; its services import each other's topics and types without a cross-service finding", () => {
    expect(result.findings.filter((f) => f.ruleId === "missing-tracing" || f.ruleId === "cross-service-import")).toEqual([]);
  });

  it("Pub/Sub topics: a publish on a topic declared below it or imported from another service, a Subscription's handler; a write then a publish is a dual write", () => {
    expect(model.topics.map((t) => `${t.service} ${t.role} ${t.system}:${t.topic}`).sort()).toEqual([
      "ledger consume encore:order-placed",
      "ledger produce encore:ledger-closed",
      "orders produce encore:order-placed",
    ]);
    expect(result.findings.filter((f) => f.ruleId === "dual-write").map((f) => `${f.data.service} ${f.location.file}:${f.location.line}`)).toEqual(["orders orders/orders.ts:8"]);
  });
});
