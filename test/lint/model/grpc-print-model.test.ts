import { describe, expect, it } from "vitest";
import { runArchLint } from "../../helpers/arch-lint-in-process.js";
import { tempDir } from "../../helpers/temp.js";
import { service, writeTree } from "../helpers.js";

describe("[I] --print-model lists gRPC calls", () => {
  it("each stub call with its proto service, method, streaming kind and target, an unresolved one with the reason; the summary counts them", async () => {
    const dir = tempDir("arch-lint-grpc-print-");
    const load = `const grpc = require("@grpc/grpc-js");\nconst loader = require("@grpc/proto-loader");\nconst pkg = grpc.loadPackageDefinition(loader.loadSync("proto/catalog.proto")).catalog;\n`;
    writeTree(dir, {
      "proto/catalog.proto": `syntax = "proto3";\npackage catalog;\nservice CatalogService {\n  rpc GetProduct(ProductRequest) returns (Product);\n  rpc StreamPrices(ProductRequest) returns (stream Price);\n}\nservice ReviewService {\n  rpc ListReviews(ProductRequest) returns (Reviews);\n}\nmessage ProductRequest { string id = 1; }\nmessage Product { string id = 1; }\nmessage Price { int64 cents = 1; }\nmessage Reviews { repeated string text = 1; }\n`,
      "docker-compose.yml": "services:\n  web:\n    build: ./web\n    environment:\n      CATALOG_ADDR: catalog:6000\n  catalog:\n    build: ./catalog\n",
      ...service("web", ["express", "@grpc/grpc-js", "@grpc/proto-loader"], {
        "src/server.js": `${load}const express = require("express");\nconst catalog = new pkg.CatalogService(process.env.CATALOG_ADDR, grpc.credentials.createInsecure());\nconst reviews = new pkg.ReviewService(process.env.REVIEWS_ADDR, grpc.credentials.createInsecure());\nconst app = express();\napp.get("/v1/products/:id", (req, res) => {\n  catalog.getProduct({ id: req.params.id }, (err, product) => {\n    reviews.listReviews({ id: req.params.id }, (e, list) => res.json({ product, list }));\n  });\n});\napp.get("/v1/products/:id/prices", (req, res) => catalog.streamPrices({ id: req.params.id }).pipe(res));\napp.listen(8080);\n`,
      }),
      ...service("catalog", ["@grpc/grpc-js", "@grpc/proto-loader"], {
        "src/server.js": `${load}const server = new grpc.Server();\nserver.addService(pkg.CatalogService.service, {\n  getProduct: (call, cb) => cb(null, { id: call.request.id }),\n  streamPrices: (call) => call.end(),\n});\n`,
      }),
    });
    const { code, stdout, stderr } = await runArchLint(["--print-model"], dir);
    expect(code).toBe(0);
    const model = JSON.parse(stdout) as {
      summary: { perService: { name: string; calls: number; unresolvedCalls: number }[] };
      calls: { service: string; client: string; method: string; url: string; targetService?: string; resolution: string; grpc: object; location: { line: number } }[];
    };
    expect(model.calls.map(({ service, client, method, url, targetService, resolution, grpc, location }) => ({ line: location.line, service, client, method, url, targetService, resolution, grpc }))).toEqual([
      {
        line: 9,
        service: "web",
        client: "grpc",
        method: "GRPC",
        url: "CatalogService/GetProduct",
        targetService: "catalog",
        resolution: "address catalog:6000: host catalog (CATALOG_ADDR=catalog:6000 from docker-compose.yml (services.web.environment)); catalog implements CatalogService/GetProduct",
        grpc: { service: "catalog.CatalogService", method: "GetProduct", proto: { file: "proto/catalog.proto", line: 4, column: 1 }, address: "catalog:6000" },
      },
      {
        line: 10,
        service: "web",
        client: "grpc",
        method: "GRPC",
        url: "ReviewService/ListReviews",
        resolution: "no scanned service implements ReviewService/ListReviews (address ${REVIEWS_ADDR}: REVIEWS_ADDR is not set for this service)",
        grpc: { service: "catalog.ReviewService", method: "ListReviews", proto: { file: "proto/catalog.proto", line: 8, column: 1 }, address: "${REVIEWS_ADDR}" },
      },
      {
        line: 13,
        service: "web",
        client: "grpc",
        method: "GRPC",
        url: "CatalogService/StreamPrices",
        targetService: "catalog",
        resolution:
          "address catalog:6000: host catalog (CATALOG_ADDR=catalog:6000 from docker-compose.yml (services.web.environment)); catalog implements CatalogService/StreamPrices; a server-streaming call (proto/catalog.proto:5)",
        grpc: { service: "catalog.CatalogService", method: "StreamPrices", streaming: "server", proto: { file: "proto/catalog.proto", line: 5, column: 1 }, address: "catalog:6000" },
      },
    ]);
    expect(model.summary.perService.map(({ name, calls, unresolvedCalls }) => [name, calls, unresolvedCalls])).toEqual([
      ["catalog", 0, 0],
      ["web", 3, 1],
    ]);
  });
});
