import { describe, expect, it } from "vitest";
import { facts, lintTree, service, type Tree } from "../helpers.js";
import type { Value } from "../../../src/lint/types.js";

const show = (value: Value): string => value.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${env:${p.name}}` : "{?}")).join("");
const calls = (code: string, file = "src/x.ts") => facts(code, file).calls.map((c) => `${c.client} ${c.method} ${show(c.url)}${c.instance ? ` via ${c.instance.specifier}#${c.instance.name}` : ""}`);

describe("[U] tRPC extractor", () => {
  it("a procedure called on a client made in the file is a GET (query) or POST (mutation) under the link's url", () => {
    const code = [
      `import { createTRPCClient, httpBatchLink, loggerLink } from "@trpc/client";`,
      `const ledger = createTRPCClient({ links: [loggerLink(), httpBatchLink({ url: process.env.LEDGER_RPC_URL })] });`,
      `export async function settle(id) {`,
      `  const entry = await ledger.entries.find.query({ id });`,
      `  await ledger.entries.close.mutate({ id: entry.id });`,
      `}`,
    ].join("\n");
    expect(calls(code)).toEqual(["trpc GET ${env:LEDGER_RPC_URL}/entries/find", "trpc POST ${env:LEDGER_RPC_URL}/entries/close"]);
  });

  it("a client imported from a module of the project is kept with that instance; a query of something local is no call", () => {
    const code = [
      `import { ledger } from "../rpc/ledger";`,
      `const cache = new Map();`,
      `export async function f(id) {`,
      `  await ledger.balance.query(id);`,
      `  return cache.rows.query(id);`,
      `}`,
    ].join("\n");
    expect(calls(code)).toEqual(["trpc GET /balance via ../rpc/ledger#ledger"]);
  });

  it("a router's procedures are routes handled by their functions (query GET, mutation POST); a nested router is mounted at its key", () => {
    const code = [
      `import { t, authed } from "./init";`,
      `import { shelves } from "./shelves";`,
      `export const catalog = t.router({`,
      `  lookup: t.procedure.input(schema).query(async ({ input }) => find(input)),`,
      `  archive: authed.mutation(async ({ input }) => drop(input)),`,
      `  shelves,`,
      `  labels: t.router({ rename: t.procedure.mutation(() => 1) }),`,
      `});`,
      `const notRouter = express.router({ a: { method: "GET", path: "/a" } });`,
    ].join("\n");
    const f = facts(code);
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.rpc} ${r.handler ? "handled" : "-"}`)).toEqual(["GET /lookup trpc handled", "POST /archive trpc handled", "POST /rename trpc handled"]);
    expect(f.mounts.map((m) => `${m.prefix} ${m.child.kind}`)).toEqual(["/shelves import", "/labels local"]);
  });

  it("a fastify plugin mounts the router its options name under its prefix", () => {
    const code = [
      `import fastify from "fastify";`,
      `import { fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";`,
      `import { catalog } from "./catalog";`,
      `const server = fastify();`,
      `server.register(fastifyTRPCPlugin, { prefix: "/rpc", trpcOptions: { router: catalog } });`,
    ].join("\n");
    expect(facts(code).mounts.filter((m) => m.child.kind === "local" || m.child.specifier.startsWith(".")).map((m) => `${m.prefix} ${m.child.kind === "import" ? m.child.specifier + "#" + m.child.name : m.child.id}`)).toEqual(["/rpc ./catalog#catalog"]);
  });

  it("an express adapter without a router it can read is one RPC endpoint under the mount path", () => {
    const code = [
      `import express from "express";`,
      `import { createExpressMiddleware } from "@trpc/server/adapters/express";`,
      `import { ledgerRouter } from "./router";`,
      `const app = express();`,
      `app.use("/rpc", createExpressMiddleware({ router: routers[process.env.EDITION] }));`,
      `app.listen(4100);`,
    ].join("\n");
    expect(facts(code).routes.map((r) => `${r.method} ${r.path} ${r.rpc}`)).toEqual(["ALL /rpc/* trpc"]);
  });
});

/** Two services: billing calls ledger's tRPC procedures through a client module, ledger serves them with express. */
const ledgerPair: Tree = {
  "docker-compose.yml": [
    "services:",
    "  billing:",
    "    build: ./billing",
    "    environment:",
    "      LEDGER_URL: http://ledger:4100",
    "  ledger:",
    "    build: ./ledger",
    "    ports: ['4100:4100']",
  ].join("\n"),
  ...service("billing", ["express", "@trpc/client"], {
    "src/server.ts": [`import express from "express";`, `import { ledger } from "./clients/ledger";`, `const app = express();`, `app.post("/v1/invoices/:id/settle", async (req, res) => {`, `  res.json(await ledger.entries.close.mutate({ id: req.params.id }));`, `});`, `app.listen(4000);`].join("\n"),
    "src/clients/ledger.ts": [`import { createTRPCProxyClient, httpBatchLink } from "@trpc/client";`, `import { settings } from "../settings";`, `export const ledger = createTRPCProxyClient({ links: [httpBatchLink({ url: settings.ledgerUrl + "/rpc" })] });`].join("\n"),
    "src/settings.ts": `export const settings = { ledgerUrl: process.env.LEDGER_URL };`,
  }),
  ...service("ledger", ["express", "@trpc/server"], {
    "src/server.ts": [`import express from "express";`, `import { rpc } from "./rpc";`, `const app = express();`, `app.use("/rpc", rpc);`, `app.listen(4100);`].join("\n"),
    "src/rpc.ts": [
      `import { initTRPC } from "@trpc/server";`,
      `import * as adapter from "@trpc/server/adapters/express";`,
      `const t = initTRPC.create();`,
      `const router = t.router({ entries: t.router({ close: t.procedure.mutation(() => "closed") }) });`,
      `export const rpc = adapter.createExpressMiddleware({ router });`,
    ].join("\n"),
  }),
};

describe("[I] tRPC between two services", () => {
  it("the client module's calls (its base read from the settings module it imports) reach the other service's procedure, which unversioned-route does not judge", () => {
    const result = lintTree(ledgerPair);
    expect(result.model.calls.map((c) => `${c.service} ${c.method} ${c.url} → ${c.targetService} ${c.targetRoute}`)).toEqual(["billing POST http://ledger:4100/rpc/entries/close → ledger ledger POST /rpc/entries/close"]);
    expect(result.model.routes.map((r) => r.id).sort()).toEqual(["billing POST /v1/invoices/:id/settle", "ledger POST /rpc/entries/close"]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood")).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route")).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => f.message.split(" (")[0])).toEqual(["billing calls ledger"]);
  });
});
