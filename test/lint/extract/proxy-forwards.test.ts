import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/**
 * What a proxy forwards (extract/proxies/*): the upstream of each forwarding call, and how the path it is asked for
 * changes (`strip`, `rewrite`), or why it could not be read.
 */
const forwards = (code: string) =>
  facts(code, "src/gateway.ts")
    .calls.filter((c) => c.proxy)
    .map((c) => {
      const url = c.url.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${${p.name}}` : `{?${p.kind === "unknown" ? (p.hint ?? "") : ""}}`)).join("");
      const { library, ...how } = c.proxy!;
      return `L${c.location.line} ${library} ${url} ${JSON.stringify(how)}`;
    });

describe("[U] http-proxy-middleware", () => {
  const server = (options: string) => `import express from "express";\nimport { createProxyMiddleware } from "http-proxy-middleware";\nconst app = express();\napp.use("/api/orders", createProxyMiddleware(${options}));\n`;

  it("a router option picks the upstream per request, even beside a target: the upstream is not known", () => {
    expect(forwards(server(`{ target: "http://orders:3000", router: pickOrders }`))).toEqual([`L4 http-proxy-middleware {?router} {"strip":"/api/orders","upstreamUnknown":"a router option picks the upstream per request","below":true}`]);
  });

  it("pathRewrite rules written with plain keys are read as written", () => {
    expect(forwards(server(`{ target: "http://orders:3000", pathRewrite: { "^/api/orders": "/v1/orders", "^/api": "" } }`))).toEqual([
      `L4 http-proxy-middleware http://orders:3000 {"rewrite":[{"from":"^/api/orders","to":"/v1/orders"},{"from":"^/api","to":""}]}`,
    ]);
  });

  it("a pathRewrite function that reads the request is quoted in the reason by its first 40 characters", () => {
    expect(forwards(server(`{ target: "http://orders:3000", pathRewrite: (path, req) => \`/v1/orders/\${req.params.id}\` }`))).toEqual([
      `L4 http-proxy-middleware http://orders:3000 {"strip":"/api/orders","pathUnknown":"its pathRewrite ((path, req) => \`/v1/orders/\${req.params.) is not an object of literal rules","below":true}`,
    ]);
  });

  it("a pathRewrite function that only edits the path it is given is read as rules", () => {
    const rules = (fn: string) => facts(server(`{ target: "http://orders:3000", pathRewrite: ${fn} }`), "src/gateway.ts").calls.find((c) => c.proxy)!.proxy!;
    expect(rules(`(path, req) => path.replace(/^\\/api\\/orders/, "/v1/orders")`).rewrite).toEqual([{ from: "^\\/api\\/orders", to: "/v1/orders" }]);
    expect(rules(`(p) => p.replace("/api", "").replace("/orders", "/v2/orders")`).rewrite).toEqual([{ from: "/api", to: "" }, { from: "/orders", to: "/v2/orders" }]);
    expect(rules(`function (path) { return \`/v1\${path}\`; }`).rewrite).toEqual([{ from: "^", to: "/v1" }]);
    expect(rules(`(path) => "/v1" + path`).rewrite).toEqual([{ from: "^", to: "/v1" }]);
    const same = rules(`(path, req) => path`);
    expect([same.rewrite, same.pathUnknown]).toEqual([undefined, undefined]);
  });

  it("a pathRewrite function that puts the mount path back in front (`${mount}${path}`) is read when the mount resolves", () => {
    const code = (mount: string) => `import express from "express";\nimport { createProxyMiddleware } from "http-proxy-middleware";\nconst app = express();\n${mount}\napp.use(BASE, createProxyMiddleware({ target: "http://orders:3000", pathRewrite: (rest) => \`\${BASE}\${rest}\` }));\n`;
    const proxy = (mount: string) => facts(code(mount), "src/gateway.ts").calls.find((c) => c.proxy)!.proxy!;
    expect(proxy(`const BASE = "/api/orders";`).rewrite).toEqual([{ from: "^", to: "/api/orders" }]);
    // A mount only known at run time leaves the forwarded path unknown, as before.
    expect(proxy(`const BASE = process.argv[2];`).pathUnknown).toMatch(/^its pathRewrite/);
  });
});

describe("[U] a proxy held by a name the script never declares (a sloppy-mode global)", () => {
  it("is mounted where the name is used, as a module constant would be", () => {
    const code = `const express = require("express");\nconst hpm = require("http-proxy-middleware");\nconst app = express();\nledgerProxy = hpm.createProxyMiddleware({ target: "http://ledger:4000" });\napp.use("/ledger", ledgerProxy);\n`;
    expect(facts(code, "src/gateway.js").routes.map((r) => `${r.method} ${r.path}`)).toEqual(["ALL /ledger/*"]);
    expect(forwards(code)).toEqual([`L4 http-proxy-middleware http://ledger:4000 {"strip":"/ledger","below":true}`]);
  });
});

describe("[U] a gateway's table of mount paths and upstreams", () => {
  it("one proxy mounted at each key of the table serves each path, and forwards each with its own mount path cut off", () => {
    const code = [
      `import express from "express";`,
      `import { createProxyMiddleware } from "http-proxy-middleware";`,
      `const app = express();`,
      `const upstreams = { "/billing": process.env.BILLING_URL, "/v2/stock": process.env.STOCK_URL };`,
      `Object.entries(upstreams).forEach(([prefix, target]) => {`,
      `  app.use(prefix, createProxyMiddleware({ target, changeOrigin: true }));`,
      `});`,
      ``,
    ].join("\n");
    const result = facts(code, "src/gateway.ts");
    expect(result.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["ALL /billing/*", "ALL /v2/stock/*"]);
    expect(result.calls.filter((c) => c.proxy).map((c) => JSON.stringify(c.proxy!.strip))).toEqual([`["/billing","/v2/stock"]`]);
  });
});

describe("[U] @fastify/reply-from", () => {
  it("two plugins each registering its own base: each reply.from() goes to the base of the plugin it is in", () => {
    const code = [
      `import replyFrom from "@fastify/reply-from";`,
      `export async function orders(app) {`,
      `  app.register(replyFrom, { base: "http://orders:3000" });`,
      `  app.get("/v1/orders/*", (req, reply) => reply.from());`,
      `}`,
      `export async function stock(app) {`,
      `  app.register(replyFrom, { base: "http://stock:3000" });`,
      `  app.get("/v1/stock/*", (req, reply) => reply.from());`,
      `}`,
    ].join("\n");
    expect(forwards(code)).toEqual([`L4 @fastify/reply-from http://orders:3000 {}`, `L8 @fastify/reply-from http://stock:3000 {}`]);
  });
});

describe("[U] http-proxy", () => {
  it("proxy.web with no target anywhere, or with options not written here, says why; ignorePath forwards the target's path alone", () => {
    const code = [
      `import httpProxy from "http-proxy";`,
      `const proxy = httpProxy.createProxyServer({});`,
      `export function forward(req, res, options) {`,
      `  proxy.web(req, res);`,
      `  proxy.web(req, res, options);`,
      `  proxy.web(req, res, { target: "http://orders:3000/v1/orders", ignorePath: true });`,
      `}`,
    ].join("\n");
    expect(forwards(code)).toEqual([
      `L4 http-proxy {?target} {"upstreamUnknown":"it has no target"}`,
      `L5 http-proxy {?target} {"upstreamUnknown":"its options (options) are not an object written here"}`,
      `L6 http-proxy http://orders:3000/v1/orders {"rewrite":[{"from":"^.*$","to":""}]}`,
    ]);
  });
});

describe("[U] @fastify/http-proxy", () => {
  it("a registration without an upstream, or with options not written where it is registered, says why", () => {
    const code = [
      `import fastify from "fastify";`,
      `import proxy from "@fastify/http-proxy";`,
      `const app = fastify();`,
      `export function register(options) {`,
      `  app.register(proxy, { prefix: "/v1/orders" });`,
      `  app.register(proxy, options);`,
      `}`,
    ].join("\n");
    expect(forwards(code)).toEqual([
      `L5 @fastify/http-proxy {?upstream} {"strip":"/v1/orders","upstreamUnknown":"it has no upstream"}`,
      `L6 @fastify/http-proxy {?upstream} {"upstreamUnknown":"its options are not an object written where it is registered"}`,
    ]);
  });
});

describe("[U] h2o2", () => {
  it("a uri with no path forwards every request to the upstream's root", () => {
    const code = [
      `const Hapi = require("@hapi/hapi");`,
      `const H2o2 = require("@hapi/h2o2");`,
      `const server = Hapi.server({ port: 8080 });`,
      `server.route({ method: "GET", path: "/v1/status", handler: { proxy: { uri: "http://status:4000" } } });`,
    ].join("\n");
    expect(forwards(code)).toEqual([`L4 h2o2 http://status:4000 {"strip":"/v1/status","prefix":"/"}`]);
  });
});
