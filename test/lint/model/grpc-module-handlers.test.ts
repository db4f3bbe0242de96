import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

// A gRPC server handed a whole module as its implementation (`server.addService(def, require("./handlers"))`): each
// function that module exports handles the rpc of its name, so what it calls is called while handling a request.

const walletProto = `syntax = "proto3";\npackage money;\nservice WalletService {\n  rpc Debit(DebitRequest) returns (DebitReply) {}\n  rpc Balance(BalanceRequest) returns (BalanceReply) {}\n}\nmessage DebitRequest { int64 cents = 1; }\nmessage DebitReply { bool ok = 1; }\nmessage BalanceRequest { string id = 1; }\nmessage BalanceReply { int64 cents = 1; }\n`;
const load = `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst money = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/../../../proto/wallet.proto")).money;\n`;
const deps = ["@grpc/grpc-js", "@grpc/proto-loader"];

function tree(server: string, handlers: string) {
  return {
    "proto/wallet.proto": walletProto,
    ...service("services/till", ["express", ...deps], {
      "src/server.js": `${load}const express = require("express");\nconst wallet = new money.WalletService(process.env.WALLET_ADDR, grpc.credentials.createInsecure());\nconst app = express();\napp.post("/v1/sales", (req, res) => {\n  wallet.debit({ cents: req.body.cents }, (err, reply) => res.json(reply));\n});\napp.listen(8080);\n`,
    }),
    ...service("services/wallet", ["axios", ...deps], { "src/server.js": server, "src/handlers.js": handlers }),
    ...service("services/bank", ["express"], {
      "src/server.js": `const express = require("express");\nconst app = express();\napp.post("/v1/holds", (req, res) => res.json({}));\napp.listen(7000);\n`,
    }),
    "docker-compose.yml": `services:\n  till:\n    build: ./services/till\n    environment:\n      WALLET_ADDR: wallet:5050\n  wallet:\n    build: ./services/wallet\n  bank:\n    build: ./services/bank\n`,
  };
}

const serverRequiring = (how: string) => `${load}${how}\nconst server = new grpc.Server();\nserver.addService(money.WalletService.service, ${how.includes("const handlers") ? "handlers" : 'require("./handlers")'});\nserver.bindAsync("0.0.0.0:5050", grpc.ServerCredentials.createInsecure(), () => server.start());\n`;
const commonJsHandlers = `const axios = require("axios");\nmodule.exports = {\n  async debit(call, callback) {\n    const hold = await axios.post("http://bank:7000/v1/holds", call.request);\n    callback(null, { ok: Boolean(hold.data) });\n  },\n  balance(call, callback) {\n    callback(null, { cents: 0 });\n  },\n};\n`;

const findings = (result: LintResult, rule: string) => result.findings.filter((f) => f.ruleId === rule).map((f) => f.message.replace(/: [a-z].*$/, ""));
const handlers = (result: LintResult) => result.model.topics.filter((t) => t.service === "wallet" && t.role === "consume").map((t) => `${t.topic} ${t.inFunction ?? "-"}`);

describe("[I] gRPC handlers that a module exports, the module handed to addService whole", () => {
  it("`require(\"./handlers\")` inline, the module's `module.exports = { async debit() {…}, balance() {…} }`: one handler per rpc", () => {
    const result = lintTree(tree(serverRequiring(""), commonJsHandlers));
    expect(handlers(result)).toEqual(["WalletService/Debit services/wallet/src/handlers.js#fn@L3C3", "WalletService/Balance services/wallet/src/handlers.js#fn@L7C3"]);
    expect(findings(result, "unprotected-call")).toContain("wallet calls bank (POST http://bank:7000/v1/holds) while handling GRPC /WalletService/Debit with neither a timeout nor a circuit breaker");
    expect(findings(result, "sync-call-chain")).toEqual(["POST /v1/sales in till waits on a chain of 2 synchronous calls (more than 1)"]);
  });

  it("a name bound to the module (`const handlers = require(\"./handlers\")`), the module written as ES exports", () => {
    const esm = `import axios from "axios";\nexport async function debit(call, callback) {\n  const hold = await axios.post("http://bank:7000/v1/holds", call.request);\n  callback(null, { ok: Boolean(hold.data) });\n}\nexport const LIMIT = 100;\n`;
    const result = lintTree(tree(serverRequiring('const handlers = require("./handlers");'), esm));
    expect(handlers(result)).toEqual(["WalletService/Debit services/wallet/src/handlers.js#fn:debit"]);
    expect(findings(result, "sync-call-chain")).toEqual(["POST /v1/sales in till waits on a chain of 2 synchronous calls (more than 1)"]);
  });

  it("a module whose exports are not functions keeps the one `Service/*` topic", () => {
    const result = lintTree(tree(serverRequiring(""), `module.exports = require("./elsewhere");\n`));
    expect(handlers(result)).toEqual(["WalletService/* -"]);
  });
});
