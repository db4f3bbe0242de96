import { describe, expect, it } from "vitest";
import { lintTree } from "../helpers.js";
import { PROXY_FORMS, proxyFixture } from "../proxy-fixtures.js";

/**
 * Proxy routes in the model (model/proxies.ts): each library's form gives a route whose handler forwards, linked to
 * the service its upstream resolves to, with the path the upstream is asked for; the gateway is the edge.
 */

const proxies = (form: string, variant: string) => {
  const result = lintTree(proxyFixture(form, variant), { only: "unversioned-route" });
  return { result, routes: result.model.routes.filter((route) => route.proxy).map((route) => `${route.method} ${route.path} → ${route.proxy!.targetServices?.join(",") ?? "?"} ${route.proxy!.forwards ?? "?"}`) };
};

describe("[U] proxy routes", () => {
  const expected: Record<(typeof PROXY_FORMS)[number], { valid: string[]; invalid: string[] }> = {
    "reply-from": { valid: ["ALL /v1/orders/* → orders /v1/orders/*"], invalid: ["ALL /orders/* → orders /orders/*"] },
    "fastify-http-proxy": { valid: ["ALL /api/orders/* → orders /v1/orders/*"], invalid: ["ALL /orders/* → orders /*"] },
    "http-proxy-middleware": { valid: ["ALL /api/orders/* → orders /v1/orders/*", "ALL /v1/stock/* → inventory /v1/stock/*"], invalid: ["ALL /orders/* → orders /*"] },
    "express-http-proxy": { valid: ["ALL /v1/orders/* → orders /*"], invalid: ["ALL /orders/* → orders /*"] },
    "http-proxy": { valid: ["ALL /v1/orders/* → orders /v1/orders/*"], invalid: ["ALL /orders/* → orders /orders/*"] },
    "fast-gateway": { valid: ["ALL /api/orders/* → orders /v1/orders/*"], invalid: ["GET /orders/* → orders /*", "POST /orders/* → orders /*"] },
    "k-fastify-gateway": { valid: ["ALL /v1/orders/* → orders /v1/orders/*"], invalid: ["ALL /orders → orders /"] },
  };
  for (const form of PROXY_FORMS) {
    for (const variant of ["valid", "invalid"] as const) {
      it(`${form} (${variant}): the route forwards to orders, and the gateway is the edge`, () => {
        const { result, routes } = proxies(form, variant);
        expect(routes.sort()).toEqual(expected[form][variant]);
        expect(result.model.edgeServices).toEqual(["gateway"]);
        // Understood, so nothing is said about it.
        expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => d.message)).toEqual([]);
        // The forward is a call of the gateway's, to orders (evidence in the graph), not a call of its handler to judge.
        expect(result.model.calls.filter((call) => call.proxy).map((call) => `${call.service} → ${call.targetService}`)).toContain("gateway → orders");
      });
    }
  }

  it("middleware a function of the project makes is a route only when that function makes a proxy (a limiter it makes is none)", () => {
    const { model } = lintTree({
      "gateway/package.json": { name: "gateway", main: "server.js", dependencies: { express: "*", "http-proxy-middleware": "*", "express-rate-limit": "*" } },
      "gateway/server.js": `const express = require("express");\nconst { createProxyMiddleware } = require("http-proxy-middleware");\nconst rateLimit = require("express-rate-limit");\nconst limiter = (max) => rateLimit({ windowMs: 1000, max });\nconst forwardTo = (name) => createProxyMiddleware({ target: \`http://\${name}:3000\` });\nconst app = express();\napp.use("/quotes", forwardTo("quotes"));\napp.use("/burst", limiter(5));\napp.listen(8080);\n`,
    });
    expect(model.routes.map((r) => `${r.method} ${r.path} ${r.proxy ? "proxy" : "own"}`)).toEqual(["ALL /quotes/* proxy"]);
  });

  it("@fastify/http-proxy registered three times down one chain: each prefix forwards to its own upstream, at its own line", () => {
    const gateway = `const fastify = require("fastify")();\nconst proxy = require("@fastify/http-proxy");\nfastify.register(require("@fastify/cors"))\n  .register(proxy, { upstream: "http://orders:4001", prefix: "/v1/orders" })\n  .register(proxy, { upstream: "http://stock:4002", prefix: "/v1/stock" })\n  .register(proxy, { upstream: "http://mail:4003", prefix: "/v1/mail" });\nfastify.listen({ port: 4000 });\n`;
    const backend = (name: string, port: number) => ({
      [`${name}/package.json`]: { name, main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*" } },
      [`${name}/index.js`]: `const app = require("express")();\napp.get("/v1/${name}/:id", (req, res) => res.json({}));\napp.listen(${port});\n`,
    });
    const result = lintTree(
      {
        "docker-compose.yml": "services:\n  gateway:\n    build: ./gateway\n  orders:\n    build: ./orders\n  stock:\n    build: ./stock\n  mail:\n    build: ./mail\n",
        "gateway/package.json": { name: "gateway", main: "index.js", scripts: { start: "node index.js" }, dependencies: { fastify: "*", "@fastify/http-proxy": "*", "@fastify/cors": "*" } },
        "gateway/index.js": gateway,
        ...backend("orders", 4001),
        ...backend("stock", 4002),
        ...backend("mail", 4003),
      },
      { only: "unversioned-route" },
    );
    expect(result.model.routes.filter((route) => route.proxy).map((route) => `${route.location.line} ${route.path} → ${route.proxy!.targetServices?.join(",")}`).sort()).toEqual([
      "4 /v1/orders/* → orders",
      "5 /v1/stock/* → stock",
      "6 /v1/mail/* → mail",
    ]);
  });

  it("@fastify/http-proxy registered for each entry of a table of options (`table.forEach((entry) => register(proxy, entry))`): one proxy per entry, at its entry", () => {
    // The table a local of a start-up branch, its upstreams read from <NAME>_IP variables of an env file the repository leaves out.
    const gateway = `const fastify = require("fastify")();\nconst proxy = require("@fastify/http-proxy");\nif (process.env.WORKER) {\n  const upstreams = [\n    { prefix: "/v1/ledger", upstream: "http://" + process.env.LEDGER_IP },\n    { prefix: "/v1/mail",\n      upstream: "http://" + process.env.MAIL_SERVICE_IP },\n  ];\n  upstreams.forEach((entry) => {\n    fastify.register(proxy, entry);\n  });\n  fastify.listen({ port: 4000 });\n}\n`;
    const backend = (name: string) => ({
      [`${name}/package.json`]: { name, main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*" } },
      [`${name}/index.js`]: `const app = require("express")();\napp.get("/v1/${name}/:id", (req, res) => res.json({}));\napp.listen(3000);\n`,
    });
    const result = lintTree(
      {
        "docker-compose.yml": "services:\n  gateway:\n    build: ./gateway\n    env_file: .env\n  ledger:\n    build: ./ledger\n  mail:\n    build: ./mail\n",
        "gateway/package.json": { name: "gateway", main: "index.js", scripts: { start: "node index.js" }, dependencies: { fastify: "*", "@fastify/http-proxy": "*" } },
        "gateway/index.js": gateway,
        ...backend("ledger"),
        ...backend("mail"),
      },
      { only: "unversioned-route" },
    );
    expect(result.model.routes.filter((route) => route.proxy).map((route) => `${route.location.line} ${route.path} → ${route.proxy!.targetServices?.join(",")}`)).toEqual([
      "5 /v1/ledger/* → ledger",
      "6 /v1/mail/* → mail",
    ]);
  });

  it("@fastify/http-proxy registered in a loop over a table whose options read the loop's variables: one proxy per row, at its row", () => {
    // Two gateways of one repository: one loops over Object.entries of a prefix → upstream table, the other over a list
    // of objects whose fields the options read (a template prefix included); the backends' addresses come from compose.
    const backend = (name: string) => ({
      [`${name}/package.json`]: { name, main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*" } },
      [`${name}/index.js`]: `const app = require("express")();\napp.get("/v1/${name}/:id", (req, res) => res.json({}));\napp.listen(3000);\n`,
    });
    const gateway = (name: string, code: string) => ({
      [`${name}/package.json`]: { name, main: "index.js", scripts: { start: "node index.js" }, dependencies: { fastify: "*", "@fastify/http-proxy": "*" } },
      [`${name}/index.js`]: code,
    });
    const result = lintTree(
      {
        "docker-compose.yml": "services:\n  edge:\n    build: ./edge\n    environment:\n      LEDGER_URL: http://ledger:3000\n  partner-edge:\n    build: ./partner-edge\n  ledger:\n    build: ./ledger\n  mail:\n    build: ./mail\n",
        ...gateway(
          "edge",
          `const app = require("fastify")();\nconst httpProxy = require("@fastify/http-proxy");\nconst TABLE = {\n  "/v1/ledger": process.env.LEDGER_URL ?? "http://127.0.0.1:3000",\n  "/v1/mail": "http://mail:3000",\n};\nfor (const [prefix, upstream] of Object.entries(TABLE)) {\n  app.register(httpProxy, { upstream, prefix, rewritePrefix: prefix });\n}\napp.listen({ port: 8080 });\n`,
        ),
        ...gateway(
          "partner-edge",
          `const app = require("fastify")();\nconst httpProxy = require("@fastify/http-proxy");\nconst backends = [\n  { path: "/ledger", base: "http://ledger:3000" },\n  { path: "/mail", base: "http://mail:3000" },\n];\nbackends.forEach((backend) => {\n  app.register(httpProxy, { upstream: backend.base, prefix: \`/partners\${backend.path}\`, rewritePrefix: \`/v1\${backend.path}\` });\n});\napp.listen({ port: 8081 });\n`,
        ),
        ...backend("ledger"),
        ...backend("mail"),
      },
      { only: "unversioned-route" },
    );
    expect(result.model.routes.filter((route) => route.proxy).map((route) => `${route.service} ${route.location.line} ${route.path} → ${route.proxy!.targetServices?.join(",")} ${route.proxy!.forwards}`).sort()).toEqual([
      "edge 4 /v1/ledger/* → ledger /v1/ledger/*",
      "edge 5 /v1/mail/* → mail /v1/mail/*",
      "partner-edge 4 /partners/ledger/* → ledger /v1/ledger/*",
      "partner-edge 5 /partners/mail/* → mail /v1/mail/*",
    ]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => d.message)).toEqual([]);
  });

  it("a proxy middleware mounted for each element of a list of objects (`routes.forEach((r) => app.use(r.path, proxy(r.target)))`): one route and one upstream per element", () => {
    const backend = (name: string) => ({
      [`${name}/package.json`]: { name, main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*" } },
      [`${name}/index.js`]: `const app = require("express")();\napp.get("/v1/${name}/:id", (req, res) => res.json({}));\napp.listen(3000);\n`,
    });
    const gateway = (name: string, deps: Record<string, string>, code: string) => ({
      [`${name}/package.json`]: { name, main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*", ...deps } },
      [`${name}/index.js`]: code,
    });
    const result = lintTree(
      {
        "docker-compose.yml": "services:\n  edge:\n    build: ./edge\n    environment:\n      LEDGER_URL: http://ledger:3000\n  partner-edge:\n    build: ./partner-edge\n  admin-edge:\n    build: ./admin-edge\n  ledger:\n    build: ./ledger\n  mail:\n    build: ./mail\n",
        ...gateway(
          "edge",
          { "http-proxy-middleware": "*" },
          `const app = require("express")();\nconst { createProxyMiddleware } = require("http-proxy-middleware");\nconst table = [\n  { mount: "/books", upstream: process.env.LEDGER_URL, to: "/v1/ledger" },\n  { mount: "/letters", upstream: "http://mail:3000", to: "/v1/mail" },\n];\ntable.forEach((entry) => {\n  app.use(entry.mount, createProxyMiddleware({ target: entry.upstream, changeOrigin: true, pathRewrite: { [\`^\${entry.mount}\`]: entry.to } }));\n});\napp.listen(8080);\n`,
        ),
        ...gateway(
          "partner-edge",
          { "express-http-proxy": "*" },
          `const app = require("express")();\nconst forward = require("express-http-proxy");\nconst BACKENDS = [\n  { base: "/v1/ledger", host: "ledger:3000" },\n  { base: "/v1/mail", host: "mail:3000" },\n];\nfor (const backend of BACKENDS) {\n  app.use(backend.base, forward(backend.host));\n}\napp.listen(8081);\n`,
        ),
        // Destructured fields, and a guard before each proxy: each route still forwards to its own element's host.
        ...gateway(
          "admin-edge",
          { "express-http-proxy": "*" },
          `const app = require("express")();\nconst forward = require("express-http-proxy");\nconst guard = (req, res, next) => next();\nconst BACKENDS = [\n  { base: "/admin/ledger", host: "ledger:3000" },\n  { base: "/admin/mail", host: "mail:3000" },\n];\nfor (const { base, host: upstream } of BACKENDS) {\n  app.use(base, guard, forward(upstream));\n}\napp.listen(8082);\n`,
        ),
        ...backend("ledger"),
        ...backend("mail"),
      },
      { only: "unversioned-route" },
    );
    expect(result.model.routes.filter((route) => route.proxy).map((route) => `${route.service} ${route.path} → ${route.proxy!.targetServices?.join(",")} ${route.proxy!.forwards}`).sort()).toEqual([
      "admin-edge /admin/ledger/* → ledger /*",
      "admin-edge /admin/mail/* → mail /*",
      "edge /books/* → ledger /v1/ledger/*",
      "edge /letters/* → mail /v1/mail/*",
      "partner-edge /v1/ledger/* → ledger /*",
      "partner-edge /v1/mail/* → mail /*",
    ]);
    expect(result.model.calls.filter((call) => call.proxy).map((call) => `${call.service} → ${call.targetService}`).sort()).toEqual(["admin-edge → ledger", "admin-edge → mail", "edge → ledger", "edge → mail", "partner-edge → ledger", "partner-edge → mail"]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => d.message)).toEqual([]);
  });

  it("a proxy middleware mounted at a loop variable's field over a table it cannot read says so instead of serving `/*` unseen", () => {
    const result = lintTree(
      {
        "docker-compose.yml": "services:\n  edge:\n    build: ./edge\n  ledger:\n    build: ./ledger\n",
        "edge/package.json": { name: "edge", main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*", "http-proxy-middleware": "*" } },
        "edge/index.js": `const app = require("express")();\nconst { createProxyMiddleware } = require("http-proxy-middleware");\nconst { table } = require("./table");\ntable.forEach((entry) => app.use(entry.mountPath, createProxyMiddleware({ target: entry.upstream })));\napp.listen(8080);\n`,
        "edge/table.js": `module.exports = { table: JSON.parse(require("fs").readFileSync("table.json", "utf8")) };\n`,
        "ledger/package.json": { name: "ledger", main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*" } },
        "ledger/index.js": `const app = require("express")();\napp.get("/v1/entries", (req, res) => res.json([]));\napp.listen(3000);\n`,
      },
      { only: "unversioned-route" },
    );
    expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => d.message)).toContain(
      "edge: a proxy (http-proxy-middleware) at edge/index.js:4 is mounted at entry.mountPath, a path whose value could not be read (a table arch-lint does not read, or one made at run time), so the paths it serves are not checked",
    );
  });

  it("a proxy registered for each service of a list, its base picked at run time, forwards to the service of the gateway's environment its path names", () => {
    const { result, routes } = proxies("reply-from", "loop");
    expect(routes.sort()).toEqual([
      "ALL /v1/inventory → inventory /v1/inventory",
      "ALL /v1/inventory/* → inventory /v1/inventory/*",
      "ALL /v1/orders → orders /v1/orders",
      "ALL /v1/orders/* → orders /v1/orders/*",
    ]);
    expect(result.model.routes.find((route) => route.proxy)!.proxy!.resolution).toBe(
      "the upstream is picked at run time; gateway's environment has an address for inventory (INVENTORY_URL), orders (ORDERS_URL) (by the <NAME>_URL convention)",
    );
    expect(result.model.edgeServices).toEqual(["gateway"]);
  });

  it("a proxy whose path or upstream cannot be read, or that is mounted where the scan does not follow, is said, with its file and line", () => {
    const { result } = proxies("http-proxy-middleware", "not-understood");
    expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      "services/gateway/src/server.ts:7 gateway: a proxy (http-proxy-middleware) at services/gateway/src/server.ts:7 forwards requests, but the path it forwards could not be read (its pathRewrite ((path, req) => (req.query.legacy ? path ) is not an object of literal rules), so its versioning is judged by the path it serves",
      "services/gateway/src/server.ts:8 gateway: a proxy (http-proxy-middleware) at services/gateway/src/server.ts:8 forwards requests, but its upstream is not known: a router option picks the upstream per request",
      "services/gateway/src/server.ts:10 gateway: a proxy (http-proxy-middleware) at services/gateway/src/server.ts:10 forwards to http://inventory:3000, but no route that uses it was found (it is mounted where arch-lint does not follow), so what it serves is not checked",
    ]);
  });

  it("http-proxy-middleware under a wildcard mount, its pathRewrite rule written for the whole path (version 2's habit)", () => {
    expect(proxies("http-proxy-middleware", "whole-path").routes).toEqual(["ALL /shop/orders/* → orders /v1/orders/*"]);
  });

  it("a service with routes of its own and one proxy among them is no edge", () => {
    const tree = proxyFixture("reply-from", "valid");
    tree["services/gateway/src/server.ts"] = (tree["services/gateway/src/server.ts"] as string).replace(
      'app.get("/healthz"',
      'app.get("/v1/carts", async () => []);\napp.post("/v1/carts", async () => ({}));\napp.get("/healthz"',
    );
    const { result, routes } = proxies("reply-from", "valid");
    expect(routes).toHaveLength(1);
    const mixed = lintTree(tree, { only: "unversioned-route" });
    expect(mixed.model.routes.filter((route) => route.proxy)).toHaveLength(1);
    expect(mixed.model.edgeServices).toBeUndefined();
    expect(result.model.edgeServices).toEqual(["gateway"]);
  });
});

describe("[U] what is no proxy", () => {
  it("Readable.from and Array.from in a gateway's file are no forwards", () => {
    const tree = proxyFixture("reply-from", "valid");
    tree["services/gateway/src/server.ts"] = (tree["services/gateway/src/server.ts"] as string).replace(
      'app.get("/healthz"',
      'import { Readable } from "node:stream";\nimport stream from "node:stream";\napp.get("/v1/lines", async () => Readable.from(["a", "b"]));\napp.get("/v1/ids", async () => stream.Readable.from(Array.from(new Set([1]))));\napp.get("/healthz"',
    );
    const result = lintTree(tree, { only: "unversioned-route" });
    expect(result.model.calls.filter((call) => call.proxy).map((call) => call.location.line)).toEqual([8]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => d.message)).toEqual([]);
  });
});

describe("[I] http-proxy-middleware 2's context argument under a mount", () => {
  it("is matched against the whole path asked for, which is forwarded whole: app.use(\"/auth\", createProxyMiddleware(\"/auth\", …)) serves /auth/*", () => {
    const result = lintTree({
      "services/edge/package.json": { name: "edge", main: "src/server.ts", dependencies: { express: "*", "http-proxy-middleware": "*" } },
      "services/edge/src/server.ts": `import express from "express";\nimport { createProxyMiddleware } from "http-proxy-middleware";\nconst app = express();\napp.use("/auth", createProxyMiddleware("/auth", { target: "http://accounts:3000" }));\napp.use("/api", createProxyMiddleware(["/api/orders", "/api/carts/**"], { target: "http://orders:3000" }));\napp.use("/old", createProxyMiddleware("/elsewhere", { target: "http://orders:3000" }));\napp.listen(8080);\n`,
      "services/accounts/package.json": { name: "accounts", main: "src/server.ts", dependencies: { express: "*" } },
      "services/accounts/src/server.ts": `import express from "express";\nconst app = express();\napp.post("/auth/login", (req, res) => res.json({}));\napp.listen(3000);\n`,
      "services/orders/package.json": { name: "orders", main: "src/server.ts", dependencies: { express: "*" } },
      "services/orders/src/server.ts": `import express from "express";\nconst app = express();\napp.get("/api/orders", (req, res) => res.json([]));\napp.get("/api/carts/:id", (req, res) => res.json({}));\napp.listen(3000);\n`,
      "docker-compose.yml": `services:\n  edge:\n    build: ./services/edge\n  accounts:\n    build: ./services/accounts\n  orders:\n    build: ./services/orders\n`,
    }, { only: "unversioned-route" });
    const routes = result.model.routes.filter((route) => route.proxy).map((route) => `${route.method} ${route.path} → ${route.proxy!.targetServices?.join(",") ?? "?"} ${route.proxy!.forwards ?? "?"}`);
    // A context outside its mount (`/elsewhere` under `/old`) never matches there: read as before, under the mount.
    expect(routes.sort()).toEqual(["ALL /api/carts/* → orders /api/carts/*", "ALL /api/orders/* → orders /api/orders/*", "ALL /auth/* → accounts /auth/*", "ALL /old/elsewhere/* → orders /elsewhere/*"]);
  });
});

describe("[U] hapi's h2o2 proxy handlers", () => {
  // A hapi gateway in front of two services: `handler: { proxy: { uri } }` asks for the uri as written, a `{ host, port }`
  // proxy forwards the path it was asked for, a `mapUri` function picks the upstream per request (said, not guessed).
  const gateway = `const Hapi = require("@hapi/hapi");\nconst server = Hapi.server({ port: 8080 });\nconst start = async () => {\n  await server.register(require("@hapi/h2o2"));\n  server.route({ method: "POST", path: "/auth/login", handler: { proxy: { uri: "http://auth:1300/v1/login" } } });\n  server.route({ method: ["GET", "PUT"], path: "/v1/books/{id}", handler: { proxy: { host: process.env.BOOKS_HOST, port: 1300, protocol: "http", passThrough: true } } });\n  server.route({ method: "GET", path: "/v1/search", options: { handler: { proxy: { uri: \`\${process.env.BOOKS_URL}/v1/books\` } } } });\n  server.route({ method: "GET", path: "/v1/any", handler: { proxy: { mapUri: (request) => ({ uri: pick(request) }) } } });\n  await server.start();\n};\nstart();\n`;
  const tree = {
    "gateway/package.json": JSON.stringify({ name: "gateway", dependencies: { "@hapi/hapi": "21", "@hapi/h2o2": "10" }, scripts: { start: "node index.js" } }),
    "gateway/index.js": gateway,
    "auth/package.json": JSON.stringify({ name: "auth", dependencies: { express: "4" }, scripts: { start: "node index.js" } }),
    "auth/index.js": `const app = require("express")();\napp.post("/v1/login", (req, res) => res.json({}));\napp.listen(1300);\n`,
    "books/package.json": JSON.stringify({ name: "books", dependencies: { express: "4" }, scripts: { start: "node index.js" } }),
    "books/index.js": `const app = require("express")();\napp.get("/v1/books/:id", (req, res) => res.json({}));\napp.put("/v1/books/:id", (req, res) => res.json({}));\napp.get("/v1/books", (req, res) => res.json([]));\napp.listen(1300);\n`,
    "docker-compose.yml": `services:\n  gateway:\n    build: ./gateway\n    environment:\n      BOOKS_HOST: books\n      BOOKS_URL: http://books:1300\n  auth:\n    build: ./auth\n  books:\n    build: ./books\n`,
  };

  it("each proxy route forwards to the service its upstream names, with the path the upstream is asked for", () => {
    const result = lintTree(tree);
    const routes = result.model.routes.filter((route) => route.proxy).map((route) => `${route.method} ${route.path} → ${route.proxy!.targetServices?.join(",") ?? "?"} ${route.proxy!.forwards ?? "?"}`);
    expect(routes.sort()).toEqual([
      // mapUri: the upstream is not read; the services the gateway's environment names are the guess (as for other proxies), and it is said.
      "GET /v1/any → books /v1/any",
      "GET /v1/books/{id} → books /v1/books/{id}",
      "GET /v1/search → books /v1/books",
      "POST /auth/login → auth /v1/login",
      "PUT /v1/books/{id} → books /v1/books/{id}",
    ]);
    expect(result.model.edgeServices).toEqual(["gateway"]);
    // The address written into the code is a finding; the one from the environment is not.
    expect(result.findings.filter((f) => f.ruleId === "hardcoded-endpoint").map((f) => `${f.location.file}:${f.location.line}`)).toEqual(["gateway/index.js:5"]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => d.message).join("\n")).toMatch(/h2o2.*index\.js:8/);
  });
});

describe("[U] @fastify/http-proxy with options another module exports", () => {
  // Our own shape: a gateway whose proxy options live in a routes folder, one object per upstream.
  const tree = (prefix: string) => ({
    "gateway/package.json": JSON.stringify({ name: "gateway", dependencies: { fastify: "5", "@fastify/http-proxy": "11" }, scripts: { start: "node src/server.js" } }),
    "gateway/src/server.js": `const fastify = require("fastify");\nconst proxy = require("@fastify/http-proxy");\nconst { ledgerProxy } = require("./routes/ledger");\nconst app = fastify();\napp.register(proxy, ledgerProxy);\napp.listen({ port: 8080 });\n`,
    "gateway/src/routes/ledger.js": `exports.ledgerProxy = {\n  upstream: process.env.LEDGER_URL,\n  prefix: "${prefix}",\n  rewritePrefix: "/",\n};\n`,
    "ledger/package.json": JSON.stringify({ name: "ledger", dependencies: { fastify: "5" }, scripts: { start: "node index.js" } }),
    "ledger/index.js": `const app = require("fastify")();\napp.get("/v1/entries", async () => []);\napp.listen({ port: 3000 });\n`,
    "docker-compose.yml": `services:\n  gateway:\n    build: ./gateway\n    environment:\n      LEDGER_URL: http://ledger:3000\n  ledger:\n    build: ./ledger\n`,
  });

  it("serves the prefix the options give, forwards to the service their upstream names, and says the forwarded path is not read", () => {
    const result = lintTree(tree("/ledger"), { only: "unversioned-route" });
    const routes = result.model.routes.filter((route) => route.proxy).map((route) => `${route.method} ${route.path} → ${route.proxy!.targetServices?.join(",") ?? "?"}`);
    expect(routes).toEqual(["ALL /ledger/* → ledger"]);
    expect(result.findings.map((f) => f.message)).toEqual(["ALL /ledger/* in gateway has no version segment; serve it under a version such as /v1/ledger/*"]);
    expect(result.diagnostics.map((d) => d.message).filter((m) => m.includes("ledgerProxy"))).toEqual([
      "gateway: a proxy (@fastify/http-proxy) at gateway/src/server.js:5 forwards requests, but the path it forwards could not be read (its options are ledgerProxy of ./routes/ledger, whose rewritePrefix is not read), so its versioning is judged by the path it serves",
    ]);
  });

  it("a versioned prefix in those options: no finding", () => {
    expect(lintTree(tree("/v1/ledger"), { only: "unversioned-route" }).findings).toEqual([]);
  });
});

describe("[U] a proxy mounted in a router that other routers mount", () => {
  // Our own shape: app → /edge router → /shipping router, which mounts the proxies; express hands each proxy the path
  // below every mount on the way, so the upstream is asked for that part alone.
  const tree = {
    "edge/package.json": JSON.stringify({ name: "edge", dependencies: { express: "4", "http-proxy-middleware": "3" }, scripts: { start: "node src/main.js" } }),
    "edge/src/main.js": `const express = require("express");\nconst edge = require("./edge");\nconst app = express();\napp.use("/edge", edge);\napp.listen(8080);\n`,
    "edge/src/edge.js": `const express = require("express");\nconst shipping = require("./shipping");\nconst router = express.Router();\nrouter.use("/shipping", shipping);\nmodule.exports = router;\n`,
    "edge/src/shipping.js": `const express = require("express");\nconst { createProxyMiddleware } = require("http-proxy-middleware");\nconst router = express.Router();\nrouter.use("/quotes", createProxyMiddleware({ target: \`\${process.env.SHIPPING_URL}/v1/quotes\` }));\nrouter.use(createProxyMiddleware({ target: \`\${process.env.SHIPPING_URL}/v1/parcels\` }));\nmodule.exports = router;\n`,
    "shipping/package.json": JSON.stringify({ name: "shipping", dependencies: { express: "4" }, scripts: { start: "node index.js" } }),
    "shipping/index.js": `const app = require("express")();\napp.get("/v1/quotes/:id", (req, res) => res.json({}));\napp.get("/v1/parcels/:id", (req, res) => res.json({}));\napp.listen(3000);\n`,
    "docker-compose.yml": `services:\n  edge:\n    build: ./edge\n    environment:\n      SHIPPING_URL: http://shipping:3000\n  shipping:\n    build: ./shipping\n`,
  };

  it("forwards only what lies below its own mount, under the upstream's path, not the routers' prefixes", () => {
    const result = lintTree(tree, { only: "unversioned-route" });
    const routes = result.model.routes.filter((route) => route.proxy).map((route) => `${route.method} ${route.path} → ${route.proxy!.targetServices?.join(",") ?? "?"} ${route.proxy!.forwards ?? "?"}`);
    expect(routes.sort()).toEqual(["ALL /edge/shipping/* → shipping /v1/parcels/*", "ALL /edge/shipping/quotes/* → shipping /v1/quotes/*"]);
    // The forwarded paths carry a version: the gateway's routes are judged versioned.
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route")).toEqual([]);
  });
});
