import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

// A module-level constant set to what a static function returns (`const stock = Clients.make(…)`, the class imported or
// declared in the file) or what a namespace import's function returns (`import * as clients from "./clients"`): the client
// that function makes, with its parameters filled in from the call, as for a plain function (made-clients.test.ts).

const proto = `syntax = "proto3";\npackage depot;\nservice Shelves {\n  rpc Count(CountRequest) returns (CountReply) {}\n}\nmessage CountRequest { string sku = 1; }\nmessage CountReply { int32 n = 1; }\n`;

function grpcTree(gateway: Record<string, string>) {
  return {
    "proto/depot.proto": proto,
    ...service("services/front", ["express", "@grpc/grpc-js", "@grpc/proto-loader"], gateway),
    ...service("services/shelves", ["@grpc/grpc-js", "@grpc/proto-loader"], {
      "src/server.js": `const grpc = require("@grpc/grpc-js");\nconst loader = require("@grpc/proto-loader");\nconst depot = grpc.loadPackageDefinition(loader.loadSync(__dirname + "/../../../proto/depot.proto")).depot;\nconst server = new grpc.Server();\nserver.addService(depot.Shelves.service, { count: (call, cb) => cb(null, { n: 3 }) });\nserver.bindAsync("0.0.0.0:7001", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
    }),
    "docker-compose.yml": `services:\n  front:\n    build: ./services/front\n  shelves:\n    build: ./services/shelves\n`,
  };
}

/** The class that loads a client for whichever service its caller names (`new pkg[serviceName](address, credentials)`). */
const loaderClass = `import * as grpc from "@grpc/grpc-js";\nimport * as loader from "@grpc/proto-loader";\n\nexport default class RemoteServices {\n  static open({ service, file, address }: { service: string; file: string; address: string }): any {\n    const definition: any = grpc.loadPackageDefinition(loader.loadSync(\`\${__dirname}/../../../proto/\${file}.proto\`));\n    const made: any = new definition.depot[service](address, grpc.credentials.createInsecure());\n    return made;\n  }\n}\n`;

const grpcCalls = (result: LintResult) => result.model.calls.filter((c) => c.client === "grpc").map((c) => `${c.service} ${c.url} -> ${c.targetService ?? "?"}`);
const unprotected = (result: LintResult) => result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => `${f.data.service} -> ${f.data.targetService}`);

describe("[I] clients a static function makes", () => {
  it("gRPC: `const shelves = RemoteServices.open({ service, address })` of an imported class, called in a route's module", () => {
    const result = lintTree(
      grpcTree({
        "src/remote.ts": loaderClass,
        "src/server.ts": `import express from "express";\nimport RemoteServices from "./remote";\n\nconst shelves: any = RemoteServices.open({ service: "Shelves", file: "depot", address: process.env.SHELVES_ADDR || "shelves:7001" });\n\nconst app = express();\napp.get("/v1/stock/:sku", async (req, res) => {\n  res.json(await shelves.count({ sku: req.params.sku }));\n});\napp.listen(3000);\n`,
      }),
    );
    expect(grpcCalls(result)).toEqual(["front Shelves/Count -> shelves"]);
    expect(unprotected(result)).toEqual(["front -> shelves"]);
  });

  it("gRPC: the class declared in the same module as the constant", () => {
    const inline = loaderClass.replace("export default class", "class") + `\nconst shelves: any = RemoteServices.open({ service: "Shelves", file: "depot", address: "shelves:7001" });\nexport async function count(sku: string) {\n  return shelves.count({ sku });\n}\n`;
    const result = lintTree(
      grpcTree({
        "src/remote.ts": inline,
        "src/server.ts": `import express from "express";\nimport { count } from "./remote";\nconst app = express();\napp.get("/v1/stock/:sku", async (req, res) => res.json(await count(req.params.sku)));\napp.listen(3000);\n`,
      }),
    );
    expect(grpcCalls(result)).toEqual(["front Shelves/Count -> shelves"]);
  });

  it("HTTP: a function of a namespace import (`clients.forBase(url)`) and a static method (`Http.forBase(url)`) that return axios instances", () => {
    const stock = service("services/stock", ["express"], {
      "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(4000);\n`,
    });
    const compose = `services:\n  front:\n    build: ./services/front\n    environment:\n      STOCK_URL: http://stock:4000\n  stock:\n    build: ./services/stock\n`;
    const files = (factory: string, made: string) => ({
      ...service("services/front", ["express", "axios"], {
        "src/http.js": factory,
        "src/server.js": `import express from "express";\n${made}\nconst app = express();\napp.get("/v1/shelf", async (req, res) => res.json((await stock.get("/v1/items")).data));\napp.listen(3000);\n`,
      }),
      ...stock,
      "docker-compose.yml": compose,
    });
    const calls = (result: LintResult) => result.model.calls.map((c) => `${c.service} ${c.method} ${c.url} -> ${c.targetService ?? "?"}`);
    const namespaced = lintTree(files(`import axios from "axios";\nexport function forBase(baseURL) {\n  return axios.create({ baseURL });\n}\n`, `import * as clients from "./http";\nconst stock = clients.forBase(process.env.STOCK_URL);`));
    expect(calls(namespaced)).toEqual(["front GET http://stock:4000/v1/items -> stock"]);
    const statics = lintTree(files(`import axios from "axios";\nexport class Http {\n  static forBase(baseURL) {\n    return axios.create({ baseURL });\n  }\n}\n`, `import { Http } from "./http";\nconst stock = Http.forBase(process.env.STOCK_URL);`));
    expect(calls(statics)).toEqual(["front GET http://stock:4000/v1/items -> stock"]);
  });

  it("a method called on an instance or on a name the module neither imports nor declares is no factory", () => {
    const result = lintTree(
      grpcTree({
        "src/remote.ts": loaderClass,
        "src/server.ts": `import express from "express";\nimport RemoteServices from "./remote";\n\nconst shelves: any = (globalThis as any).Registry.open({ service: "Shelves", file: "depot", address: "shelves:7001" });\n\nconst app = express();\napp.get("/v1/stock/:sku", async (req, res) => res.json(await shelves.count({ sku: req.params.sku })));\napp.listen(3000);\nvoid RemoteServices;\n`,
      }),
    );
    expect(grpcCalls(result)).toEqual([]);
  });
});
