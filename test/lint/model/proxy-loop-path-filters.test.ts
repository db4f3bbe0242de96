import { describe, expect, it } from "vitest";
import { lintTree } from "../helpers.js";

/**
 * A gateway that mounts one proxy per element of a list with no mount path of its own, each proxy choosing its paths
 * with http-proxy-middleware's `pathFilter` (`app.use(...guards, createProxyMiddleware({ target, pathFilter: route }))`):
 * one route per element, forwarding to that element's upstream.
 */
describe("[U] proxies mounted per element of a list, their paths in pathFilter", () => {
  it("each element is a route under its pathFilter, linked to the service its target names", () => {
    const result = lintTree({
      "docker-compose.yml": `services:\n  door:\n    build: ./door\n    environment:\n      LEDGER_URL: http://ledger:5000\n      NOTES_URL: http://notes:5001\n  ledger:\n    build: ./ledger\n  notes:\n    build: ./notes\n`,
      "door/package.json": { name: "door", main: "main.js", dependencies: { express: "*", "http-proxy-middleware": "*" } },
      "door/main.js": `const express = require("express");\nconst { createProxyMiddleware } = require("http-proxy-middleware");\nconst app = express();\nconst limit = (req, res, next) => next();\nconst upstreams = [\n  { route: "/v1/ledger", target: process.env.LEDGER_URL },\n  { route: "/v1/notes", target: process.env.NOTES_URL, guarded: true },\n];\nupstreams.forEach(({ route, target }) => {\n  const guards = [limit];\n  app.use(...guards, createProxyMiddleware({ target, changeOrigin: true, pathFilter: route }));\n});\napp.listen(8080);\n`,
      "ledger/package.json": { name: "ledger", main: "main.js", dependencies: { express: "*" } },
      "ledger/main.js": `require("express")().get("/v1/ledger/:id", (req, res) => res.json({})).listen(5000);\n`,
      "notes/package.json": { name: "notes", main: "main.js", dependencies: { express: "*" } },
      "notes/main.js": `require("express")().get("/v1/notes/:id", (req, res) => res.json({})).listen(5001);\n`,
    });
    expect(result.model.routes.filter((r) => r.service === "door").map((r) => `${r.method} ${r.path} → ${r.proxy?.targetServices?.join(",") ?? "?"}`)).toEqual(["ALL /v1/ledger/* → ledger", "ALL /v1/notes/* → notes"]);
  });
});
