import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * A gRPC server whose implementation is a whole module handed over (`server.addService(def.service, require("./rpc"))`,
 * or an imported name): the service serves that gRPC service, each function the module exports the rpc of its name
 * (test/lint/model/grpc-module-handlers.test.ts follows the calls they make).
 */

const proto = `syntax = "proto3";\npackage ledger;\nservice LedgerService {\n  rpc Post(Entry) returns (Receipt);\n}\nmessage Entry { string id = 1; }\nmessage Receipt { string id = 1; }\n`;
const load = `const grpc = require("@grpc/grpc-js");\nconst loader = require("@grpc/proto-loader");\nconst ledger = grpc.loadPackageDefinition(loader.loadSync(__dirname + "/../../../proto/ledger.proto")).ledger;\n`;
const deps = ["@grpc/grpc-js", "@grpc/proto-loader"];

const tree = (register: string): Tree => ({
  "proto/ledger.proto": proto,
  "docker-compose.yml": "services:\n  books:\n    build: ./services/books\n  teller:\n    build: ./services/teller\n",
  ...service("services/books", deps, {
    "src/server.ts": `${load}${register}server.bindAsync("0.0.0.0:7000", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
    "src/rpc.js": `module.exports = { post(call, callback) { callback(null, { id: call.request.id }); } };\n`,
  }),
  ...service("services/teller", ["express", ...deps], {
    "src/server.ts": `${load}const app = require("express")();\nconst books = new ledger.LedgerService("books:7000", grpc.credentials.createInsecure());\napp.post("/v1/deposits", (req, res) => books.post({ id: "d1" }, { deadline: Date.now() + 500 }, (err, r) => res.json(r)));\napp.listen(3000);\n`,
  }),
});

const served = (files: Tree) => {
  const result = lintTree(files, { only: "missing-tracing" });
  return {
    topics: result.model.topics.filter((t) => t.system === "grpc" && t.role === "consume").map((t) => `${t.service} ${t.topic}`),
    calls: result.model.calls.filter((c) => c.client === "grpc").map((c) => `${c.service} → ${c.targetService ?? "?"}`),
    untraced: result.findings.map((f) => f.message.split(" but ")[0]),
  };
};

describe("[U] a gRPC implementation handed over as a module", () => {
  it("required in place", () => {
    expect(served(tree(`const server = new grpc.Server();\nserver.addService(ledger.LedgerService.service, require("./rpc"));\n`))).toEqual({
      topics: ["books LedgerService/Post"],
      calls: ["teller → books"],
      untraced: ["books serves gRPC LedgerService/Post", "teller serves POST /v1/deposits"],
    });
  });

  it("through a name bound to the require, or an import", () => {
    expect(served(tree(`const handlers = require("./rpc");\nconst server = new grpc.Server();\nserver.addService(ledger.LedgerService.service, handlers);\n`)).topics).toEqual(["books LedgerService/Post"]);
  });

  it("a local object that is not written out is no module: nothing is claimed", () => {
    expect(served(tree(`const handlers = makeHandlers();\nconst server = new grpc.Server();\nserver.addService(ledger.LedgerService.service, handlers);\n`)).topics).toEqual([]);
  });
});
