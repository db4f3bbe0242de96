import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

// `const count = toPromise(stock.count, stock)` at module level, `stock` imported: a helper of the project turns a method
// of another module's object into a function, and calling that function calls the method (here a gRPC request).

const proto = `syntax = "proto3";\npackage depot;\nservice Stock {\n  rpc Count(CountRequest) returns (CountReply) {}\n  rpc Reserve(CountRequest) returns (CountReply) {}\n}\nmessage CountRequest { string sku = 1; }\nmessage CountReply { int32 n = 1; }\n`;

const client = `import grpc from "grpc";\nconst depot = grpc.load(__dirname + "/../../../proto/depot.proto").depot;\nconst stock = new depot.Stock(\`\${process.env.STOCK_HOST || "stock"}:7001\`, grpc.credentials.createInsecure());\nexport default stock;\n`;
const toPromise = `export default function toPromise(fn, self) {\n  return (...args) => new Promise((resolve, reject) => fn.call(self, ...args, (err, out) => (err ? reject(err) : resolve(out))));\n}\n`;

function tree(routes: string) {
  return {
    "proto/depot.proto": proto,
    ...service("services/front", ["express", "grpc"], {
      "src/clients/stock.js": client,
      "src/lib/to-promise.js": toPromise,
      "src/routes.js": routes,
      "src/server.js": `import express from "express";\nimport routes from "./routes";\nconst app = express();\napp.use("/v2", routes);\napp.listen(3000);\n`,
    }),
    ...service("services/stock", ["grpc"], {
      "src/server.js": `const grpc = require("grpc");\nconst depot = grpc.load(__dirname + "/../../../proto/depot.proto").depot;\nconst server = new grpc.Server();\nserver.addService(depot.Stock.service, { count: (call, cb) => cb(null, { n: 1 }), reserve: (call, cb) => cb(null, { n: 0 }) });\nserver.bind("0.0.0.0:7001", grpc.ServerCredentials.createInsecure());\nserver.start();\n`,
    }),
    "docker-compose.yml": `services:\n  front:\n    build: ./services/front\n  stock:\n    build: ./services/stock\n`,
  };
}

const grpcCalls = (result: LintResult) => result.model.calls.filter((c) => c.client === "grpc").map((c) => `${c.service} ${c.url} -> ${c.targetService ?? "?"} @${c.location.line}`);
const unprotected = (result: LintResult) => result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => `${f.data.service} -> ${f.data.targetService} (${f.evidence?.[0]?.message ?? ""})`);

describe("[I] a method of an imported object handed to a wrapper", () => {
  it("`const count = toPromise(stock.count, stock)`: the route that awaits count() requests Stock/Count", () => {
    const result = lintTree(
      tree(`import express from "express";\nimport stock from "./clients/stock";\nimport toPromise from "./lib/to-promise";\n\nconst count = toPromise(stock.count, stock);\nconst reserve = toPromise(stock.reserve, stock);\n\nconst router = express.Router();\nrouter.get("/stock/:sku", async (req, res) => res.json(await count({ sku: req.params.sku })));\nrouter.post("/stock/:sku/hold", async (req, res) => res.json(await reserve({ sku: req.params.sku })));\nexport default router;\n`),
    );
    expect(grpcCalls(result)).toEqual(["front Stock/Count -> stock @5", "front Stock/Reserve -> stock @6"]);
    expect(unprotected(result)).toEqual(["front -> stock (front GET /v2/stock/:sku is handled here)", "front -> stock (front POST /v2/stock/:sku/hold is handled here)"]);
  });

  it("a wrapper also handed a function, or two methods, or the method without its object, is not read as calling the method", () => {
    const result = lintTree(
      tree(`import express from "express";\nimport stock from "./clients/stock";\nimport toPromise from "./lib/to-promise";\n\nconst count = toPromise(stock.count, () => stock);\nconst both = toPromise(stock.count, stock.reserve);\nconst bare = toPromise(stock.count);\n\nconst router = express.Router();\nrouter.get("/stock/:sku", async (req, res) => res.json(await count({ sku: req.params.sku })));\nrouter.get("/both/:sku", async (req, res) => res.json(await both({ sku: req.params.sku })));\nrouter.get("/bare/:sku", async (req, res) => res.json(await bare({ sku: req.params.sku })));\nexport default router;\n`),
    );
    expect(grpcCalls(result)).toEqual([]);
  });
});
