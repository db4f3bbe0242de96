import { describe, expect, it } from "vitest";
import { lintTree } from "../helpers.js";

describe("[U] h2o2's proxy called from a handler function", () => {
  // hapi 17+ hands the toolkit `h` to the handler; hapi 16 and before, `reply`. h2o2 adds `proxy` to both.
  const gateway = [
    `const Hapi = require("@hapi/hapi");`,
    `const server = Hapi.server({ port: 8080 });`,
    `server.route({ method: "GET", path: "/v1/shelves/{id}", handler: (request, h) => h.proxy({ host: "shelves", port: 4100, protocol: "http" }) });`,
    `server.route({ method: "GET", path: "/v1/labels", handler: function (request, reply) { if (!request.auth) return reply("no"); return reply.proxy({ uri: process.env.LABELS_URL + "/v1/labels" }); } });`,
    `server.route({ method: "GET", path: "/v1/own", handler: (request, h) => h.response(other.proxy({ host: "nope" })) });`,
    `server.start();`,
  ].join("\n");
  const tree = {
    "gateway/package.json": JSON.stringify({ name: "gateway", dependencies: { "@hapi/hapi": "21", "@hapi/h2o2": "10" }, scripts: { start: "node index.js" } }),
    "gateway/index.js": gateway,
    "shelves/package.json": JSON.stringify({ name: "shelves", dependencies: { express: "4" }, scripts: { start: "node index.js" } }),
    "shelves/index.js": `const app = require("express")();\napp.get("/v1/shelves/:id", (req, res) => res.json({}));\napp.listen(4100);\n`,
    "labels/package.json": JSON.stringify({ name: "labels", dependencies: { express: "4" }, scripts: { start: "node index.js" } }),
    "labels/index.js": `const app = require("express")();\napp.get("/v1/labels", (req, res) => res.json([]));\napp.listen(4200);\n`,
    "docker-compose.yml": `services:\n  gateway:\n    build: ./gateway\n    environment:\n      LABELS_URL: http://labels:4200\n  shelves:\n    build: ./shelves\n  labels:\n    build: ./labels\n`,
  };

  it("h.proxy(options) and reply.proxy(options) forward the route like handler: { proxy }; a proxy method of another object does not", () => {
    const result = lintTree(tree);
    const routes = result.model.routes.filter((route) => route.proxy).map((route) => `${route.method} ${route.path} → ${route.proxy!.targetServices?.join(",") ?? "?"} ${route.proxy!.forwards ?? "?"}`);
    expect(routes.sort()).toEqual(["GET /v1/labels → labels /v1/labels", "GET /v1/shelves/{id} → shelves /v1/shelves/{id}"]);
    expect(result.findings.filter((f) => f.ruleId === "hardcoded-endpoint").map((f) => `${f.location.file}:${f.location.line}`)).toEqual(["gateway/index.js:3"]);
  });
});
