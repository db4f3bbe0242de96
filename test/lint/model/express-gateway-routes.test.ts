import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * express-gateway serves what the gateway.config.yml of the folder its code loads declares: each pipeline's apiEndpoints
 * are the gateway's routes, and its proxy policy forwards them to the serviceEndpoint it names. The routes are judged
 * like a proxy the code makes; the upstreams, written in configuration, are no hard-coded address.
 */

const CONFIG = [
  "http:",
  "  port: 8080",
  "apiEndpoints:",
  "  shelves:",
  "    host: '*'",
  "    paths:",
  "      - /shelves",
  "      - /shelves/*",
  "  lending:",
  "    paths: '/v2/loans/*'",
  "    methods: 'GET,POST'",
  "serviceEndpoints:",
  "  shelfBackend:",
  "    url: 'http://shelf-api:4100'",
  "  loanBackend:",
  "    url: '${LOANS_UPSTREAM:-http://loan-api:4200}'",
  "policies:",
  "  - proxy",
  "pipelines:",
  "  browse:",
  "    apiEndpoints:",
  "      - shelves",
  "    policies:",
  "      - proxy:",
  "          - action:",
  "              serviceEndpoint: shelfBackend",
  "              stripPath: true",
  "  borrow:",
  "    apiEndpoints:",
  "      - lending",
  "    policies:",
  "      - proxy:",
  "          - action:",
  "              serviceEndpoint: loanBackend",
  "",
].join("\n");

const START = `const path = require("path");\nconst gateway = require("express-gateway");\n\ngateway()\n  .load(path.join(__dirname, "config"))\n  .run();\n`;

const backend = (name: string, route: string) => `const express = require("express");\nconst app = express();\napp.get("${route}", (req, res) => res.json([]));\napp.listen(${name === "shelf-api" ? 4100 : 4200});\n`;

const compose = [
  "services:",
  "  edge:",
  "    build: ./edge",
  "  shelf-api:",
  "    build: ./shelf-api",
  "  loan-api:",
  "    build: ./loan-api",
  "",
].join("\n");

const tree = (start: string, config: string | null = CONFIG) => ({
  "docker-compose.yml": compose,
  ...service("edge", ["express-gateway"], { "server.js": start, ...(config === null ? {} : { "config/gateway.config.yml": config }) }),
  ...service("shelf-api", ["express"], { "src/server.js": backend("shelf-api", "/v1/shelves") }),
  ...service("loan-api", ["express"], { "src/server.js": backend("loan-api", "/v2/loans") }),
});

describe("[U] express-gateway's routes, read from the gateway.config.yml its code loads", () => {
  it("each endpoint path a pipeline takes is a route of the gateway, proxied to the service its serviceEndpoint names", () => {
    const result = lintTree(tree(START));
    const edge = result.model.routes.filter((r) => r.service === "edge");
    expect(edge.map((r) => [r.method, r.path, `${r.location.file}:${r.location.line}`, r.proxy?.targetServices, r.proxy?.forwards])).toEqual([
      ["ALL", "/shelves", "edge/config/gateway.config.yml:7", ["shelf-api"], "/"],
      ["ALL", "/shelves/*", "edge/config/gateway.config.yml:7", ["shelf-api"], "/*"],
      ["GET", "/v2/loans/*", "edge/config/gateway.config.yml:10", ["loan-api"], "/v2/loans/*"],
      ["POST", "/v2/loans/*", "edge/config/gateway.config.yml:10", ["loan-api"], "/v2/loans/*"],
    ]);
    const unversioned = result.findings.filter((f) => f.ruleId === "unversioned-route" && f.location.file.startsWith("edge/"));
    expect(unversioned.map((f) => `${f.data?.method} ${f.data?.path}`)).toEqual(["ALL /shelves", "ALL /shelves/*"]);
    // The upstreams are configuration: no hard-coded address; the gateway's tracing is judged at its code, not the YAML.
    expect(result.findings.filter((f) => f.ruleId === "hardcoded-endpoint" && f.location.file.startsWith("edge/"))).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === "missing-tracing" && f.message.startsWith("edge ")).map((f) => f.location.file)).toEqual(["edge/server.js"]);
    expect(result.diagnostics.filter((d) => d.message.includes("express-gateway"))).toEqual([]);
  });

  it("a configuration folder the scan does not hold, or one not written out, is said and its routes stay unread", () => {
    const missing = lintTree(tree(START, null), { only: "unversioned-route" });
    expect(missing.model.routes.filter((r) => r.service === "edge")).toEqual([]);
    expect(missing.diagnostics.map((d) => d.message)).toEqual(
      expect.arrayContaining([expect.stringContaining("starts express-gateway with the configuration folder config, which holds no gateway.config.yml the scan has")]),
    );
    const computed = lintTree(tree(`const gateway = require("express-gateway");\ngateway().load(process.env.GATEWAY_DIR).run();\n`), { only: "unversioned-route" });
    expect(computed.diagnostics.map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringContaining("starts express-gateway with the configuration folder process.env.GATEWAY_DIR")]));
  });

  it("pipelines written as a list, each with its name (a JSON configuration of the first releases), are read the same", () => {
    const json = JSON.stringify({
      http: { port: 8080 },
      apiEndpoints: { shelves: { host: "*", paths: ["/shelves", "/shelves/*"] }, lending: { paths: "/v2/loans/*", methods: "GET,POST" } },
      serviceEndpoints: { shelfBackend: { url: "http://shelf-api:4100" }, loanBackend: { url: "http://loan-api:4200" } },
      policies: ["proxy"],
      pipelines: [
        { name: "browse", apiEndpoints: ["shelves"], policies: [{ proxy: [{ action: { serviceEndpoint: "shelfBackend", stripPath: true } }] }] },
        { name: "borrow", apiEndpoints: ["lending"], policies: [{ proxy: [{ action: { serviceEndpoint: "loanBackend" } }] }] },
      ],
    }, null, 2);
    const files: Record<string, unknown> = tree(START, null);
    files["edge/config/gateway.config.json"] = json;
    const result = lintTree(files as Parameters<typeof lintTree>[0], { only: "unversioned-route" });
    expect(result.model.routes.filter((r) => r.service === "edge").map((r) => `${r.method} ${r.path} ${r.proxy?.targetServices}`)).toEqual([
      "ALL /shelves shelf-api",
      "ALL /shelves/* shelf-api",
      "GET /v2/loans/* loan-api",
      "POST /v2/loans/* loan-api",
    ]);
    expect(result.diagnostics.filter((d) => d.message.includes("express-gateway"))).toEqual([]);
  });

  it("a pipeline proxying to a serviceEndpoint the file does not declare says so", () => {
    const result = lintTree(tree(START, CONFIG.replace("serviceEndpoint: loanBackend", "serviceEndpoint: loansBackend")), { only: "unversioned-route" });
    expect(result.diagnostics.map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringContaining("serviceEndpoint loansBackend is not declared under serviceEndpoints")]));
  });
});
