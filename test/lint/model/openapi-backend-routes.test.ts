import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * openapi-backend dispatches each request by an OpenAPI document to the handler of its operationId: the document's
 * operations are the service's routes, found in the file the code names (beside it through `__dirname`, or from its
 * working directory), each at its line in the document.
 */

const DOCUMENT = [
  "openapi: 3.0.3",
  "info: { title: Returns, version: 1.0.0 }",
  "paths:",
  "  /returns:",
  "    post:",
  "      operationId: openReturn",
  "    get:",
  "      operationId: listReturns",
  "  /returns/{returnId}/label:",
  "    get:",
  "      operationId: printLabel",
  "    parameters:",
  "      - name: returnId",
  "        in: path",
  "  /health:",
  "    get:",
  "      operationId: health",
  "",
].join("\n");

const server = (definition: string, loader = "") =>
  `const express = require("express");\nconst OpenAPIBackend = require("openapi-backend").default;\n${loader}const api = new OpenAPIBackend({ definition: ${definition}, handlers: {} });\napi.init();\nconst app = express();\napp.use((req, res) => api.handleRequest(req, req, res));\napp.listen(3000);\n`;

describe("[U] routes of an OpenAPI document openapi-backend routes by", () => {
  it("a document loaded beside the file: each operation a route at its line, judged; the 'not read' diagnostic gone", () => {
    const result = lintTree(
      service("services/returns", ["express", "openapi-backend", "js-yaml"], {
        "openapi.yaml": DOCUMENT,
        "src/server.js": server("spec", `const fs = require("fs");\nconst path = require("path");\nconst YAML = require("js-yaml");\nconst spec = YAML.load(fs.readFileSync(path.join(__dirname, "../openapi.yaml"), "utf8"));\n`),
      }),
      { only: "unversioned-route" },
    );
    expect(result.model.routes.map((r) => [r.method, r.path, r.framework, `${r.location.file}:${r.location.line}`])).toEqual([
      ["POST", "/returns", "openapi-backend", "services/returns/openapi.yaml:5"],
      ["GET", "/returns", "openapi-backend", "services/returns/openapi.yaml:7"],
      ["GET", "/returns/{returnId}/label", "openapi-backend", "services/returns/openapi.yaml:10"],
      ["GET", "/health", "openapi-backend", "services/returns/openapi.yaml:16"],
    ]);
    expect(result.findings.map((f) => `${f.data?.method} ${f.data?.path}`)).toEqual(["POST /returns", "GET /returns", "GET /returns/{returnId}/label"]);
    expect(result.diagnostics.filter((d) => d.message.includes("OpenAPI"))).toEqual([]);
  });

  it("a document named from the working directory (the service's folder) is found from a file below it", () => {
    const result = lintTree(service("services/returns", ["express", "openapi-backend"], { "openapi.yaml": DOCUMENT, "src/server.js": server(`"./openapi.yaml"`) }), { only: "unversioned-route" });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /returns", "GET /returns", "GET /returns/{returnId}/label", "GET /health"]);
  });

  it("a document the scan does not hold is said, and the routes stay unread", () => {
    const result = lintTree(service("services/returns", ["express", "openapi-backend"], { "src/server.js": server(`"./api/openapi.yaml"`) }), { only: "unversioned-route" });
    expect(result.model.routes).toEqual([]);
    expect(result.diagnostics.map((d) => d.message)).toEqual(
      expect.arrayContaining([
        "routes requests through openapi-backend by the OpenAPI document ./api/openapi.yaml, which the scan does not hold: the routes it declares are not checked",
        expect.stringContaining("routes requests through openapi-backend at services/returns/src/server.js:2, but the routes its OpenAPI document declares are not read"),
      ]),
    );
  });
});
