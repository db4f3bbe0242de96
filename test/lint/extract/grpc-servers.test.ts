import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";
import { describeTopic } from "./messaging-facts.js";

/** gRPC servers and promisified stubs (extract/grpc-js.ts): which methods handle which rpc, which calls request one. */
const topics = (code: string) => facts(code, "src/server.ts").topics.map((t) => `${describeTopic(t)}${t.inFunction ? ` in ${t.inFunction}` : ""}`);

describe("[U] @grpc/grpc-js", () => {
  it("a server class's methods handle the service's rpcs, async and public ones too; static ones do not", () => {
    expect(
      topics(`import { Server } from "@grpc/grpc-js";\nimport { QuoteServiceService } from "./gen/quotes";\nclass QuoteServer {\n  static create() { return new QuoteServer(); }\n  async getQuote(call, callback) { callback(null, {}); }\n  public listQuotes(call) { call.end(); }\n}\nconst server = new Server();\nserver.addService(QuoteServiceService, new QuoteServer());\n`),
    ).toEqual(["grpc consume request-reply QuoteService/GetQuote in fn:QuoteServer.getQuote", "grpc consume request-reply QuoteService/ListQuotes in fn:QuoteServer.listQuotes"]);
  });

  it("a stub method promisified onto this in the constructor is a request where this.method() is called", () => {
    expect(
      topics(`import { credentials } from "@grpc/grpc-js";\nimport { promisify } from "util";\nimport { QuoteServiceClient } from "./gen/quotes";\nconst client = new QuoteServiceClient("quotes:50051", credentials.createInsecure());\nexport class Quotes {\n  constructor() {\n    this.getQuote = promisify(client.getQuote).bind(client);\n  }\n  async quote(id) {\n    return this.getQuote({ id });\n  }\n}\n`),
    ).toEqual(["grpc produce request-reply QuoteService/GetQuote in fn:Quotes.quote"]);
  });
});

describe("[U] @grpc/grpc-js with a loaded package's loose type cast where it is used", () => {
  // Written for this test: TypeScript code casts what loadPackageDefinition returns, at the server and at the client.
  const loaded = `import * as grpc from "@grpc/grpc-js";\nimport * as protoLoader from "@grpc/proto-loader";\nconst pkg = grpc.loadPackageDefinition(protoLoader.loadSync("ledger.proto"));\n`;

  it("server.addService((pkg.LedgerService as any).service, { … }) serves LedgerService", () => {
    expect(topics(`${loaded}const server = new grpc.Server();\nfunction post(call, cb) { cb(null, {}); }\nserver.addService((pkg.LedgerService as any).service, { Post: post });\n`)).toEqual(["grpc consume request-reply LedgerService/Post in fn:post"]);
  });

  it("new Ledger(address, credentials) with Ledger a local holding pkg.LedgerService cast to a constructor is a LedgerService client", () => {
    const client = `${loaded}const Ledger = pkg.LedgerService as grpc.ServiceClientConstructor;\nconst ledger = new Ledger("ledger:50051", grpc.credentials.createInsecure());\nexport function post(entry) {\n  return new Promise((resolve) => ledger.Post(entry, (err, res) => resolve(res)));\n}\n`;
    const result = lintTree({
      ...service("ledger", ["@grpc/grpc-js", "@grpc/proto-loader"], { "src/server.ts": `${loaded}const server = new grpc.Server();\nfunction post(call, cb) { cb(null, {}); }\nserver.addService((pkg.LedgerService as any).service, { Post: post });\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => {});\n` }),
      ...service("teller", ["@grpc/grpc-js", "@grpc/proto-loader", "express"], { "src/client.ts": client, "src/server.ts": `import express from "express";\nimport { post } from "./client";\nconst app = express();\napp.post("/v1/entries", async (req, res) => res.json(await post(req.body)));\napp.listen(3000);\n` }),
    });
    expect(result.model.calls.filter((c) => c.client === "grpc").map((c) => [c.service, c.url, c.targetService])).toEqual([["teller", "LedgerService/Post", "ledger"]]);
  });
});
