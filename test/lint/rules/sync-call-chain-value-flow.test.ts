import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * The HTTP function and the base URLs travel in objects and parameters (model/value-flow.ts): a gateway builds a
 * `deps` object once (`send: settings.send ?? request`, bases from settings its entry fills from the env) and hands
 * it to the function that mounts its routes; the handlers call `deps.send(...)` and helpers that are given the
 * function and the URL (`whoIs(deps.send, deps.accountsUrl, …)`, `forward(reply, deps.send, url, init)`). The
 * orders service is handed axios and its stock base in a destructured parameter with a literal default.
 */

const GATEWAY_SERVER = `import Fastify from "fastify";
import { request } from "undici";
import { mountOrderRoutes } from "./routes/orders";

export function createGateway(settings: { send?: typeof request; ordersUrl?: string; accountsUrl?: string } = {}) {
  const app = Fastify();
  const deps = {
    send: settings.send ?? request,
    ordersUrl: settings.ordersUrl ?? "http://localhost:7001",
    accountsUrl: settings.accountsUrl ?? "http://localhost:7002",
  };
  mountOrderRoutes(app, deps);
  return app;
}

const gateway = createGateway({ ordersUrl: process.env.ORDERS_URL, accountsUrl: process.env.ACCOUNTS_URL });
gateway.listen({ port: 8080 });
`;

const GATEWAY_AUTH = `export async function whoIs(send, accountsUrl, token) {
  return lookup(send, accountsUrl, token);
}

async function lookup(send, base, token) {
  const answer = await send(\`\${base}/v1/sessions/current\`, { method: "GET", headers: { token } });
  return answer.body.json();
}

export async function forward(reply, send, url, init) {
  const upstream = await send(url, init.signed ? { ...init, headers: {} } : init);
  return reply.send(await upstream.body.text());
}
`;

const GATEWAY_ROUTES = `import { whoIs, forward } from "../auth";

export function mountOrderRoutes(app, deps) {
  app.post("/v1/orders", async (req, reply) => {
    const user = await whoIs(deps.send, deps.accountsUrl, req.headers.authorization);
    return forward(reply, deps.send, \`\${deps.ordersUrl}/v1/orders\`, { method: "POST", body: JSON.stringify({ user, order: req.body }) });
  });
  app.get("/v1/orders/:id", async (req, reply) => {
    const answer = await deps.send(\`\${deps.ordersUrl}/v1/orders/\${req.params.id}\`, { method: "GET" });
    return reply.send(await answer.body.json());
  });
}
`;

const ORDERS = `import express from "express";
import axios from "axios";

function orderRoutes(app, { http, stockUrl = "http://localhost:7003" }) {
  app.post("/v1/orders", async (req, res) => {
    await http.post(\`\${stockUrl}/v1/reservations\`, req.body);
    res.status(201).json({});
  });
  app.get("/v1/orders/:id", (req, res) => res.json({}));
}

const app = express();
orderRoutes(app, { http: axios, stockUrl: process.env.STOCK_URL });
app.listen(7001);
`;

const plain = (name: string, method: string, path: string, port: number): Tree =>
  service(`services/${name}`, ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.${method}("${path}", (req, res) => res.json({}));\napp.listen(${port});\n` });

const COMPOSE: Tree = {
  "docker-compose.yml": `services:
  gateway:
    build: ./services/gateway
    environment:
      ORDERS_URL: http://orders:7001
      ACCOUNTS_URL: http://accounts:7002
  orders:
    build: ./services/orders
    environment:
      STOCK_URL: http://stock:7003
  accounts:
    build: ./services/accounts
  stock:
    build: ./services/stock
`,
};

const shop = (overrides: Record<string, string> = {}): Tree => ({
  ...service("services/gateway", ["fastify", "undici"], { "src/server.ts": GATEWAY_SERVER, "src/auth.ts": GATEWAY_AUTH, "src/routes/orders.ts": GATEWAY_ROUTES, ...overrides }),
  ...service("services/orders", ["express", "axios"], { "src/server.ts": ORDERS }),
  ...plain("accounts", "get", "/v1/sessions/current", 7002),
  ...plain("stock", "post", "/v1/reservations", 7003),
  ...COMPOSE,
});

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "the function handed over is no HTTP client (a recorder): the parameter's calls are no calls",
      files: shop({ "src/server.ts": GATEWAY_SERVER.replace("send: settings.send ?? request,", "send: (url: string) => ({ body: { json: async () => ({ url }), text: async () => url } }),") }),
    },
  ],
  invalid: [
    {
      name: "the gateway authenticates through helpers given deps.send, then forwards to orders, which reserves stock: a fan-out and a chain",
      files: shop(),
      errors: [
        { messageId: "sequential", file: "services/gateway/src/routes/orders.ts", line: 4, data: { targets: "accounts,orders" } },
        { messageId: "chain", file: "services/gateway/src/routes/orders.ts", line: 6, data: { services: "gateway,orders,stock" } },
      ],
    },
    {
      name: "the same with deps made by a function that returns them (const deps = makeDeps(settings)), in another module",
      files: shop({
        "src/server.ts": GATEWAY_SERVER.replace(/  const deps = \{[^}]*\};\n/, "  const deps = makeDeps(settings);\n").replace('import { mountOrderRoutes } from "./routes/orders";', 'import { mountOrderRoutes } from "./routes/orders";\nimport { makeDeps } from "./deps";'),
        "src/deps.ts": `import { request } from "undici";\nexport function makeDeps(settings) {\n  return { send: settings.send ?? request, ordersUrl: settings.ordersUrl ?? "http://localhost:7001", accountsUrl: settings.accountsUrl ?? "http://localhost:7002" };\n}\n`,
      }),
      errors: [
        { messageId: "sequential", file: "services/gateway/src/routes/orders.ts", line: 4, data: { targets: "accounts,orders" } },
        { messageId: "chain", file: "services/gateway/src/routes/orders.ts", line: 6, data: { services: "gateway,orders,stock" } },
      ],
    },
  ],
});

describe("values through objects and parameters (model/value-flow.ts)", () => {
  it("each call is made where the handler makes it, with the client, method, URL and target its callers' values give", () => {
    const { model } = lintTree(shop());
    const gateway = model.calls.filter((c) => c.service === "gateway").map((c) => `${c.location.file.replace("services/gateway/src/", "")}:${c.location.line} ${c.client} ${c.method} ${c.url} → ${c.targetRoute}`);
    expect(gateway).toEqual([
      "routes/orders.ts:5 undici GET http://accounts:7002/v1/sessions/current → accounts GET /v1/sessions/current",
      "routes/orders.ts:6 undici POST http://orders:7001/v1/orders → orders POST /v1/orders",
      "routes/orders.ts:9 undici GET http://orders:7001/v1/orders/{req.params.id} → orders GET /v1/orders/:id",
    ]);
    const orders = model.calls.filter((c) => c.service === "orders").map((c) => `${c.location.line} ${c.client} ${c.method} ${c.url} → ${c.targetRoute}`);
    expect(orders).toEqual(["6 axios POST http://stock:7003/v1/reservations → stock POST /v1/reservations"]);
    // The helpers the call went through are named, innermost first.
    expect(model.calls.find((c) => c.location.line === 5 && c.service === "gateway")?.resolution).toContain("made by lookup() at services/gateway/src/auth.ts:6, called by whoIs() at services/gateway/src/auth.ts:2");
  });

  it("the chain's hops, file:line, from the gateway's route through the orders route to stock", () => {
    const { findings } = lintTree(shop());
    const chain = findings.find((f) => f.ruleId === "sync-call-chain" && f.messageId === "chain")!;
    expect(chain.evidence.map((e) => `${e.location.file}:${e.location.line} ${e.message}`)).toEqual([
      "services/gateway/src/routes/orders.ts:4 gateway POST /v1/orders is handled here",
      "services/gateway/src/routes/orders.ts:6 calls orders synchronously: POST http://orders:7001/v1/orders",
      "services/orders/src/server.ts:5 orders POST /v1/orders is handled here",
      "services/orders/src/server.ts:6 calls stock synchronously: POST http://stock:7003/v1/reservations",
      "services/stock/src/server.ts:3 stock POST /v1/reservations is handled here",
    ]);
  });

  it("a literal default of an option its caller fills from the env is a fallback, not a hardcoded endpoint", () => {
    const { findings } = lintTree(shop());
    expect(findings.filter((f) => f.ruleId === "hardcoded-endpoint")).toEqual([]);
    // Without a caller that passes the option, the literal is the address the call uses.
    const { findings: alone } = lintTree(shop({ "src/server.ts": GATEWAY_SERVER.replace("createGateway({ ordersUrl: process.env.ORDERS_URL, accountsUrl: process.env.ACCOUNTS_URL })", "createGateway({})") }));
    expect(alone.filter((f) => f.ruleId === "hardcoded-endpoint").map((f) => `${f.location.file}:${f.location.line} ${f.message}`)).toEqual([
      "services/gateway/src/routes/orders.ts:5 gateway calls GET http://localhost:7002/v1/sessions/current (accounts) with the loopback address localhost written into the code; read the address from the environment (ACCOUNTS_URL) or configuration",
      // orders' port, though the gateway serves the same path: another service's address, not a call of its own API.
      "services/gateway/src/routes/orders.ts:6 gateway calls POST http://localhost:7001/v1/orders (orders) (and 1 more call with this host) with the loopback address localhost written into the code; read the address from the environment (ORDERS_URL) or configuration",
    ]);
  });

  it("a function whose callers' value cannot be followed is said in a diagnostic", () => {
    const routes = GATEWAY_SERVER.replace("mountOrderRoutes(app, deps);", "mountOrderRoutes(app, loadDeps());");
    const { diagnostics, model } = lintTree(shop({ "src/server.ts": routes }));
    expect(model.calls.filter((c) => c.service === "gateway")).toEqual([]);
    expect(diagnostics.filter((d) => d.kind === "not-understood" && d.service === "gateway").map((d) => d.message)).toEqual([
      "gateway: send(…) at services/gateway/src/auth.ts:6 calls what mountOrderRoutes() is given, but what its callers pass could not be followed to an HTTP client (a call may be missed); 2 more calls like it",
    ]);
  });
});

/**
 * Two routes of one service with one id: the `GET /health` a shared package registers for every service that imports
 * it, and the service's own, which calls on. A call to `GET /health` goes on through the one that calls on.
 */
const healthChain: Tree = {
  "package.json": { name: "shop", private: true, workspaces: ["packages/*", "services/*"] },
  "packages/kit/package.json": { name: "@shop/kit", main: "src/index.ts", types: "src/index.ts", dependencies: { fastify: "*" } },
  "packages/kit/src/index.ts": `import Fastify from "fastify";\nexport function createServer() {\n  const app = Fastify();\n  app.get("/health", async () => ({ ok: true }));\n  return app;\n}\n`,
  ...service("services/catalog", ["fastify", "@shop/kit"], {
    "src/server.ts": `import { createServer } from "@shop/kit";\nconst app = createServer();\napp.get("/health", async () => {\n  const pricing = await fetch(\`\${process.env.PRICING_URL}/v1/ping\`);\n  return { ok: pricing.ok };\n});\napp.listen({ port: 3000 });\n`,
  }),
  ...service("services/edge", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/status", async (req, res) => {\n  const catalog = await fetch(\`\${process.env.CATALOG_URL}/health\`);\n  res.json({ ok: catalog.ok });\n});\napp.listen(8080);\n`,
  }),
  ...plain("pricing", "get", "/v1/ping", 3001),
  "docker-compose.yml": "services:\n  edge:\n    build: ./services/edge\n    environment:\n      CATALOG_URL: http://catalog:3000\n  catalog:\n    build: ./services/catalog\n    environment:\n      PRICING_URL: http://pricing:3001\n  pricing:\n    build: ./services/pricing\n",
};

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "neither health route calls on: one hop, no chain",
      files: { ...healthChain, "services/catalog/src/server.ts": `import { createServer } from "@shop/kit";\nconst app = createServer();\napp.get("/health", async () => ({ ok: true }));\napp.listen({ port: 3000 });\n` },
    },
  ],
  invalid: [
    {
      name: "a call to GET /health goes on through the service's own health route, not the one a shared package registers",
      files: healthChain,
      errors: [{ messageId: "chain", file: "services/edge/src/server.ts", line: 4, data: { services: "edge,catalog,pricing" } }],
    },
  ],
});
