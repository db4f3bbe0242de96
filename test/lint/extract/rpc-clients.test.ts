import { describe, expect, it } from "vitest";
import { facts, lintTree, service, type Tree } from "../helpers.js";
import type { Value } from "../../../src/lint/types.js";

const show = (value: Value): string => value.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${env:${p.name}}` : "{?}")).join("");
const calls = (code: string, file = "src/x.ts") => facts(code, file).calls.map((c) => `${c.client} ${c.method} ${show(c.url)}${c.instance ? ` via ${c.instance.specifier}` : ""}`);

describe("[U] Connect-RPC extractor", () => {
  it("a method of a client made on a transport is a POST to <baseUrl>/<Service>/<method>", () => {
    const code = [
      `import { createClient } from "@connectrpc/connect";`,
      `import { createGrpcTransport } from "@connectrpc/connect-node";`,
      `import { QuoteService } from "./gen/quotes_pb";`,
      `const wire = createGrpcTransport({ baseUrl: process.env.QUOTES_ADDR });`,
      `const quotes = createClient(QuoteService, wire);`,
      `export async function price(sku) { return quotes.quoteFor({ sku }); }`,
    ].join("\n");
    expect(calls(code)).toEqual(["connect POST ${env:QUOTES_ADDR}/QuoteService/quoteFor"]);
  });

  it("router.service in a routes function serves each method of the implementation written there", () => {
    const code = [
      `import type { ConnectRouter } from "@connectrpc/connect";`,
      `import { QuoteService } from "./gen/quotes_pb";`,
      `export default (router: ConnectRouter) => router.service(QuoteService, {`,
      `  async quoteFor(req) { return { cents: 100 }; },`,
      `  listQuotes: async () => ({ quotes: [] }),`,
      `});`,
    ].join("\n");
    expect(facts(code).routes.map((r) => `${r.method} ${r.path} ${r.rpc} ${r.handler ? "handled" : "-"}`)).toEqual(["POST /QuoteService/quoteFor connect handled", "POST /QuoteService/listQuotes connect handled"]);
  });
});

describe("[U] ts-rest and hono client extractors", () => {
  it("a ts-rest client's contract route is a request to its baseUrl, its path left to the contract", () => {
    const code = [
      `import { initClient } from "@ts-rest/core";`,
      `import { stockContract } from "@acme/contracts";`,
      `const stock = initClient(stockContract, { baseUrl: process.env.STOCK_URL, baseHeaders: {} });`,
      `export const reserve = (sku) => stock.reservations.create({ body: { sku } });`,
    ].join("\n");
    expect(calls(code)).toEqual(["ts-rest ALL ${env:STOCK_URL}{?}"]);
  });

  it("an hc client's chain is the route's path, its $verb the method; imported from the project, kept with the instance", () => {
    const made = [`import { hc } from "hono/client";`, `const ledger = hc(process.env.LEDGER_URL);`, `export const f = (id) => ledger.api.entries[":id"].$get({ param: { id } });`, `export const g = () => ledger.index.$post();`].join("\n");
    expect(calls(made)).toEqual(["hono GET ${env:LEDGER_URL}/api/entries/:id", "hono POST ${env:LEDGER_URL}/"]);
    const imported = [`import { ledger } from "./clients";`, `const local = { items: { $get: () => 1 } };`, `export const f = () => ledger.entries.$delete();`, `export const g = () => local.items.$get();`].join("\n");
    expect(calls(imported)).toEqual(["hono DELETE /entries via ./clients"]);
  });
});

/** checkout calls quotes over Connect (a client module it imports), stock over ts-rest and ledger over hono's hc. */
const shop: Tree = {
  "docker-compose.yml": [
    "services:",
    "  checkout:",
    "    build: ./checkout",
    "    environment:",
    "      QUOTES_ADDR: http://quotes:7001",
    "      STOCK_URL: http://stock:7002",
    "      LEDGER_URL: http://ledger:7003",
    "  quotes:",
    "    build: ./quotes",
    "  stock:",
    "    build: ./stock",
    "  ledger:",
    "    build: ./ledger",
  ].join("\n"),
  ...service("checkout", ["express", "@connectrpc/connect", "@connectrpc/connect-node", "@ts-rest/core", "hono"], {
    "src/server.ts": [
      `import express from "express";`,
      `import { quotes } from "./clients/quotes";`,
      `import { ledger } from "./clients/ledger";`,
      `import { initClient } from "@ts-rest/core";`,
      `import { stockContract } from "./contract";`,
      `const stock = initClient(stockContract, { baseUrl: process.env.STOCK_URL });`,
      `const app = express();`,
      `app.post("/v1/checkout", async (req, res) => {`,
      `  const quote = await quotes.quoteFor({ sku: req.body.sku });`,
      `  await stock.reserve({ body: { sku: req.body.sku } });`,
      `  await ledger.entries.$post({ json: quote });`,
      `  res.json(quote);`,
      `});`,
      `app.listen(7000);`,
    ].join("\n"),
    "src/contract.ts": `export const stockContract = {};`,
    "src/clients/quotes.ts": [
      `import { createClient } from "@connectrpc/connect";`,
      `import { createConnectTransport } from "@connectrpc/connect-node";`,
      `import { QuoteService } from "../gen/quotes_pb";`,
      `export const quotes = createClient(QuoteService, createConnectTransport({ baseUrl: process.env.QUOTES_ADDR, httpVersion: "1.1" }));`,
    ].join("\n"),
    "src/clients/ledger.ts": [`import { hc } from "hono/client";`, `export const ledger = hc(process.env.LEDGER_URL);`].join("\n"),
    "src/gen/quotes_pb.ts": `export const QuoteService = { typeName: "shop.QuoteService" };`,
  }),
  ...service("quotes", ["@connectrpc/connect", "@connectrpc/connect-node"], {
    "src/server.ts": [`import http from "node:http";`, `import { connectNodeAdapter } from "@connectrpc/connect-node";`, `import routes from "./routes";`, `http.createServer(connectNodeAdapter({ routes })).listen(7001);`].join("\n"),
    "src/routes.ts": [
      `import type { ConnectRouter } from "@connectrpc/connect";`,
      `import { QuoteService } from "./gen/quotes_pb";`,
      `export default (router: ConnectRouter) => router.service(QuoteService, { async quoteFor() { return { cents: 1 }; } });`,
    ].join("\n"),
    "src/gen/quotes_pb.ts": `export const QuoteService = { typeName: "shop.QuoteService" };`,
  }),
  ...service("stock", ["express"], { "src/server.ts": [`import express from "express";`, `const app = express();`, `app.post("/v1/reservations", (req, res) => res.json({}));`, `app.listen(7002);`].join("\n") }),
  ...service("ledger", ["hono", "@hono/node-server"], {
    "src/server.ts": [`import { Hono } from "hono";`, `import { serve } from "@hono/node-server";`, `const app = new Hono();`, `app.post("/entries", (c) => c.json({}));`, `serve({ fetch: app.fetch, port: 7003 });`].join("\n"),
  }),
};

describe("[I] Connect-RPC, ts-rest and hono clients between services", () => {
  it("each call reaches its service (Connect and hono at the route they serve), unguarded", () => {
    const result = lintTree(shop);
    expect(result.model.calls.map((c) => `${c.client} ${c.method} ${c.url} → ${c.targetService} ${c.targetRoute ?? "-"}`).sort()).toEqual([
      "connect POST http://quotes:7001/QuoteService/quoteFor → quotes quotes POST /QuoteService/quoteFor",
      "hono POST http://ledger:7003/entries → ledger ledger POST /entries",
      "ts-rest ALL http://stock:7002{the contract's route reserve} → stock -",
    ]);
    expect(result.findings.filter((f) => f.ruleId === "unprotected-call")).toHaveLength(3);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => f.message.split(" in ")[0])).toEqual(["POST /entries"]);
  });
});
