import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A gateway that mounts one proxy per element of a list another module holds (model/imported-rows.ts): a module of
 * objects (`module.exports = { upstreams: [...] }`, `export const ROUTES = [...]`) or a JSON file, looped over with
 * `forEach` or `for … of`. Each element is a route of its own, forwarding to the service its target names.
 */

const backend = (name: string, port: number): Tree => ({
  [`${name}/package.json`]: { name, main: "main.js", dependencies: { express: "*" } },
  [`${name}/main.js`]: `const express = require("express");\nconst app = express();\napp.get("/v1/${name}/:id", (req, res) => res.json({}));\napp.listen(${port});\n`,
});

const compose = `services:\n  edge:\n    build: ./edge\n  billing:\n    build: ./billing\n  catalog:\n    build: ./catalog\n`;

const proxied = (tree: Tree) => {
  const result = lintTree({ "docker-compose.yml": compose, ...backend("billing", 4100), ...backend("catalog", 4200), ...tree });
  return {
    routes: result.model.routes.filter((route) => route.service === "edge").map((route) => `${route.method} ${route.path} → ${route.proxy?.targetServices?.join(",") ?? "?"} ${route.proxy?.forwards ?? "?"}`),
    notUnderstood: result.diagnostics.filter((d) => d.kind === "not-understood" && d.message.includes("edge")).map((d) => d.message),
  };
};

describe("[U] proxies mounted over a list another module holds", () => {
  it("express-http-proxy over a CommonJS module's list, destructured in forEach, the whole path forwarded by req.originalUrl", () => {
    expect(
      proxied({
        "edge/package.json": { name: "edge", main: "gateway.js", dependencies: { express: "*", "express-http-proxy": "*" } },
        "edge/upstreams.js": `module.exports = {\n  upstreams: [\n    { mountAt: "/v1/billing", target: "http://billing:4100", open: false },\n    { mountAt: "/v1/catalog", target: "http://catalog:4200", open: true },\n  ],\n};\n`,
        "edge/gateway.js": `const express = require("express");\nconst forward = require("express-http-proxy");\nconst { upstreams } = require("./upstreams");\nconst app = express();\nupstreams.forEach(({ mountAt, target }) => {\n  app.use(mountAt, forward(target, { proxyReqPathResolver: (req) => req.originalUrl }));\n});\napp.listen(8000);\n`,
      }),
    ).toEqual({ routes: ["ALL /v1/billing/* → billing /v1/billing/*", "ALL /v1/catalog/* → catalog /v1/catalog/*"], notUnderstood: [] });
  });

  it("http-proxy-middleware over an exported const list, looped with for…of on the whole element", () => {
    expect(
      proxied({
        "edge/package.json": { name: "edge", main: "src/index.ts", dependencies: { express: "*", "http-proxy-middleware": "*" } },
        "edge/src/table.ts": `export const ROUTES = [\n  { prefix: "/billing", upstream: "http://billing:4100/v1/billing" },\n  { prefix: "/catalog", upstream: "http://catalog:4200/v1/catalog" },\n];\n`,
        "edge/src/index.ts": `import express from "express";\nimport { createProxyMiddleware } from "http-proxy-middleware";\nimport { ROUTES } from "./table";\nconst app = express();\nfor (const entry of ROUTES) {\n  app.use(entry.prefix, createProxyMiddleware({ target: entry.upstream, changeOrigin: true }));\n}\napp.listen(8000);\n`,
      }),
    ).toEqual({ routes: ["ALL /billing/* → billing /v1/billing/*", "ALL /catalog/* → catalog /v1/catalog/*"], notUnderstood: [] });
  });

  it("a JSON file's list, under a key of the file, destructured in for…of (http-proxy-middleware 3 forwards the path below the mount)", () => {
    expect(
      proxied({
        "edge/package.json": { name: "edge", main: "index.js", dependencies: { express: "*", "http-proxy-middleware": "*" } },
        "edge/routing.json": JSON.stringify({ services: [{ path: "/v1/billing", url: "http://billing:4100" }, { path: "/v1/catalog", url: "http://catalog:4200" }] }),
        "edge/index.js": `const express = require("express");\nconst { createProxyMiddleware } = require("http-proxy-middleware");\nconst routing = require("./routing.json");\nconst app = express();\nfor (const { path, url } of routing.services) app.use(path, createProxyMiddleware({ target: url }));\napp.listen(8000);\n`,
      }),
    ).toEqual({ routes: ["ALL /v1/billing/* → billing /*", "ALL /v1/catalog/* → catalog /*"], notUnderstood: [] });
  });

  it("a list the scan cannot read (a module that builds it at run time) leaves the mount unread, and says so", () => {
    const { routes, notUnderstood } = proxied({
      "edge/package.json": { name: "edge", main: "index.js", dependencies: { express: "*", "express-http-proxy": "*" } },
      "edge/list.js": `module.exports = { upstreams: JSON.parse(process.env.UPSTREAMS) };\n`,
      "edge/index.js": `const express = require("express");\nconst forward = require("express-http-proxy");\nconst { upstreams } = require("./list");\nconst app = express();\nupstreams.forEach((u) => app.use(u.path, forward(u.target)));\napp.listen(8000);\n`,
    });
    expect(routes).toEqual(["ALL /* → ? /*"]);
    expect(notUnderstood.some((message) => message.includes("is mounted at u.path,"))).toBe(true);
    expect(notUnderstood.some((message) => message.includes("its upstream is not known"))).toBe(true);
  });
});
