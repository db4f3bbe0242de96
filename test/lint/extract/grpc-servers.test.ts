import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
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
