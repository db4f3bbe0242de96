import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/**
 * Gateways configured by a route table (extract/proxies/route-table.ts): each entry is a route handled by a proxy of its
 * own, forwarding with its prefix swapped for `prefixRewrite`.
 */

const read = (code: string) => {
  const f = facts(code, "gateway.js");
  return {
    routes: f.routes.map((r) => `${r.method} ${r.path} ${r.owner} ${r.framework} ${r.handler ?? "-"} L${r.location.line}`),
    proxies: f.calls
      .filter((c) => c.proxy)
      .map((c) => {
        const p = c.proxy!;
        const url = c.url.parts.map((part) => (part.kind === "text" ? part.text : part.kind === "env" ? `\${${part.name}}` : "{?}")).join("");
        const how = [p.strip && `strip ${p.strip}`, p.prefix && `prefix ${p.prefix}`, p.pathUnknown && `path? ${p.pathUnknown}`, p.upstreamUnknown && `upstream? ${p.upstreamUnknown}`].filter(Boolean).join(", ");
        return `${p.library} ${url} in ${c.inFunction ?? "module"}${how ? `: ${how}` : ""}`;
      }),
  };
};

describe("[U] fast-gateway route tables", () => {
  it("each entry of the table is a route of the server it makes, forwarded with its prefix swapped; the server's own verbs are routes too", () => {
    expect(
      read(
        `const gateway = require("fast-gateway");\nconst server = gateway({\n  routes: [\n    { prefix: "/billing", prefixRewrite: "/v2/billing", target: "http://billing:4000" },\n    { prefix: "/users", pathRegex: "/:id", methods: ["GET", "delete"], target: process.env.USERS_URL },\n  ],\n});\nserver.get("/v1/ping", (req, res) => res.send("pong"));\nserver.start(8080);\n`,
      ),
    ).toEqual({
      routes: ["ALL /billing/* var:server restana proxy@L4C5 L4", "GET /users/:id var:server restana proxy@L5C5 L5", "DELETE /users/:id var:server restana proxy@L5C5 L5", "GET /v1/ping var:server restana fn@L8C24 L8"],
      proxies: ["fast-gateway http://billing:4000 in proxy@L4C5: strip /billing, prefix /v2/billing", "fast-gateway ${USERS_URL} in proxy@L5C5: strip /users"],
    });
  });

  it("a method listed twice in an entry's methods (in two cases) is one route", () => {
    expect(read(`const gateway = require("fast-gateway");\nconst server = gateway({ routes: [{ prefix: "/v1/stock", methods: ["GET", "get", "POST"], target: "http://stock:3000" }] });\n`).routes).toEqual([
      "GET /v1/stock/* var:server restana proxy@L2C35 L2",
      "POST /v1/stock/* var:server restana proxy@L2C35 L2",
    ]);
  });

  it("an entry whose pathRegex is not written out serves everything below its prefix and says its path is not known; an entry with no prefix says so", () => {
    expect(read(`const gateway = require("fast-gateway");\nconst server = gateway({ routes: [\n  { prefix: "/v1/stock", pathRegex: process.env.STOCK_PATHS, target: "http://stock:3000" },\n  { target: "http://audit:7000" },\n] });\n`)).toEqual({
      routes: ["ALL /v1/stock/* var:server restana proxy@L3C3 L3"],
      proxies: ["fast-gateway http://stock:3000 in proxy@L3C3: path? its pathRegex (process.env.STOCK_PATHS) did not resolve", "fast-gateway {?} in module: upstream? a route of its table has no prefix"],
    });
  });

  it("a table bound to a constant, a table-wide pathRegex, a server made without a variable, an import's default", () => {
    expect(read(`import gateway from "fast-gateway";\nconst routes = [{ prefix: "/audit", target: "audit:7000" }];\ngateway({ pathRegex: "/**", routes }).start(9000);\n`)).toEqual({
      routes: ["ALL /audit/** gateway@L3C1 restana proxy@L2C17 L2"],
      proxies: ["fast-gateway http://audit:7000 in proxy@L2C17: strip /audit"],
    });
  });

  it("a urlRewrite function, a lambda target and a websocket entry: what cannot be read is said, a websocket serves no HTTP route", () => {
    expect(
      read(
        `const gateway = require("fast-gateway");\nconst app = gateway({ routes: [\n  { prefix: "/files", target: "http://files:80", urlRewrite: (req) => "/x" + req.url },\n  { prefix: "/thumbs", proxyType: "lambda", target: "thumbnailer" },\n  { prefix: "/live", proxyType: "websocket", target: "ws://live:80" },\n] });\n`,
      ),
    ).toEqual({
      routes: ["ALL /files/* var:app restana proxy@L3C3 L3", "ALL /thumbs/* var:app restana proxy@L4C3 L4"],
      proxies: [
        "fast-gateway http://files:80 in proxy@L3C3: path? a urlRewrite function rewrites it",
        'fast-gateway {?} in proxy@L4C3: strip /thumbs, upstream? its route forwards through proxyType "lambda", not over HTTP',
      ],
    });
  });

  it("a table that is not written out is one proxy with neither routes nor upstream; an entry spread in makes the list unread too", () => {
    expect(read(`const gateway = require("fast-gateway");\nconst config = require("./config");\ngateway({ routes: config.routes }).start(8080);\n`)).toEqual({
      routes: [],
      proxies: ["fast-gateway {?} in module: upstream? its routes (config.routes) are not a list written out"],
    });
    expect(read(`const gateway = require("fast-gateway");\nconst extra = require("./extra");\nconst server = gateway({ routes: [...extra, { prefix: "/a", target: "http://a" }] });\n`).proxies).toEqual([
      "fast-gateway {?} in module: upstream? its routes ([...extra, { prefix: \"/a\", target: \"http) are not a list written out",
    ]);
  });

  it("a function named gateway that is not fast-gateway's makes nothing", () => {
    expect(read(`const gateway = require("./gateway");\nconst server = gateway({ routes: [{ prefix: "/a", target: "http://a" }] });\n`)).toEqual({ routes: [], proxies: [] });
  });
});

describe("[U] k-fastify-gateway route tables", () => {
  it("the plugin registered on a fastify app: each entry is a fastify route, with the table's pathRegex and each entry's own", () => {
    expect(
      read(
        `const fastify = require("fastify")();\nfastify.register(require("fastify-reply-from"));\nfastify.register(require("k-fastify-gateway"), {\n  pathRegex: "",\n  routes: [\n    { prefix: "/cart", prefixRewrite: "", target: "http://cart:3000" },\n    { prefix: "/v1/search", pathRegex: "/*", methods: ["GET"], target: "http://search:3000" },\n  ],\n});\nfastify.listen(8080);\n`,
      ),
    ).toEqual({
      routes: ["ALL /cart var:fastify fastify proxy@L6C5 L6", "GET /v1/search/* var:fastify fastify proxy@L7C5 L7"],
      proxies: ["k-fastify-gateway http://cart:3000 in proxy@L6C5: strip /cart", "k-fastify-gateway http://search:3000 in proxy@L7C5: strip /v1/search"],
    });
  });

  it("imported by name; a prefix from another module is a route whose forwarded path is not known; one that does not resolve is a proxy with no route, which says why", () => {
    expect(
      read(
        `import Fastify from "fastify";\nimport gateway from "k-fastify-gateway";\nimport { PREFIX } from "./paths";\nconst app = Fastify();\napp.register(gateway, { routes: [{ prefix: PREFIX + "/x", target: "http://x" }, { prefix: pick(), target: "http://y" }] });\n`,
      ),
    ).toEqual({
      routes: ["ALL ${import:./paths#PREFIX}/x/* var:app fastify proxy@L5C34 L5"],
      proxies: ["k-fastify-gateway http://x in proxy@L5C34: path? its prefix comes from another module", "k-fastify-gateway {?} in module: upstream? the prefix of its route (pick()) did not resolve"],
    });
  });
});
