import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * A client class of the project that takes its service's address when it is made (`constructor({ baseUrl })` keeping
 * `` `${baseUrl}/v1` ``, or `constructor(baseURL)` making `axios.create({ baseURL })`), one instance per service: each
 * method call on an instance is a call to that instance's service, made where the method is called
 * (model/value-flow.ts): on an instance made in the same file, one another module exports, or one whose method guards a
 * route (`router.get(path, auth.check.bind(auth), handler)`). Written for arch-lint, after shapes seen in public
 * repositories (a shared `common` package of API classes; an order service's `ServiceClient` per callee).
 */

const plain = (name: string, routes: string[], port: number): Tree =>
  service(`services/${name}`, ["express"], {
    "src/server.js": `const express = require("express");\nconst app = express();\n${routes.map((r) => `app.${r.split(" ")[0]}("${r.split(" ")[1]}", (req, res) => res.json({}));`).join("\n")}\napp.listen(${port});\n`,
  });

const FRONT: Record<string, string> = {
  // Keeps the base, with the API's prefix, from the object it is given.
  "src/rest-client.js": [
    `const axios = require("axios");`,
    `class RestClient {`,
    `  constructor({ baseUrl }) {`,
    `    this.baseUrl = \`\${baseUrl}/v1\`;`,
    `  }`,
    `  fetchOne(path) {`,
    `    return axios.get(\`\${this.baseUrl}\${path}\`);`,
    `  }`,
    `  async check(req, res, next) {`,
    `    await this.fetchOne(\`/sessions/\${req.headers.session}\`);`,
    `    next();`,
    `  }`,
    `}`,
    `module.exports = RestClient;`,
  ].join("\n"),
  // Makes an axios instance on the address it is given, with a timeout.
  "src/timed-client.js": [
    `const axios = require("axios");`,
    `class TimedClient {`,
    `  constructor(baseURL) {`,
    `    this.http = axios.create({ baseURL, timeout: 1500 });`,
    `  }`,
    `  send(path, body) {`,
    `    return this.http.post(path, body);`,
    `  }`,
    `}`,
    `const billing = new TimedClient(process.env.BILLING_URL);`,
    `module.exports = { billing };`,
  ].join("\n"),
  "src/server.js": [
    `const express = require("express");`,
    `const RestClient = require("./rest-client");`,
    `const { billing } = require("./timed-client");`,
    `const stock = new RestClient({ baseUrl: process.env.STOCK_URL });`,
    `const sessions = new RestClient({ baseUrl: process.env.SESSIONS_URL });`,
    `const app = express();`,
    `app.get("/v1/baskets/:id", sessions.check.bind(sessions), async (req, res) => {`,
    `  const item = await stock.fetchOne(\`/items/\${req.params.id}\`);`,
    `  await billing.send("/v1/holds", { item: item.data.id });`,
    `  res.json({});`,
    `});`,
    `app.listen(8080);`,
  ].join("\n"),
};

const shop = (front: Record<string, string> = FRONT): Tree => ({
  ...service("services/front", ["express", "axios"], front),
  ...plain("stock", ["get /v1/items/:id"], 7201),
  ...plain("sessions", ["get /v1/sessions/:id"], 7202),
  ...plain("billing", ["post /v1/holds"], 7203),
  "docker-compose.yml":
    "services:\n  front:\n    build: ./services/front\n    environment:\n      STOCK_URL: http://stock:7201\n      SESSIONS_URL: http://sessions:7202\n      BILLING_URL: http://billing:7203\n  stock:\n    build: ./services/stock\n  sessions:\n    build: ./services/sessions\n  billing:\n    build: ./services/billing\n",
});

describe("client classes made with their service's address (model/value-flow.ts)", () => {
  it("each method call on an instance reaches that instance's service: a local instance, an exported one, one whose method guards the route", () => {
    const { model } = lintTree(shop());
    const made = model.calls.filter((c) => c.service === "front" && c.targetService).map((c) => `${c.id} ${c.method} ${c.url} -> ${c.targetRoute ?? c.targetService}${c.guards?.timeout ? " (timeout)" : ""}`);
    expect(made.sort()).toEqual([
      "services/front/src/server.js:7:28 GET http://sessions:7202/v1/sessions/{req.headers.session} -> sessions GET /v1/sessions/:id",
      "services/front/src/server.js:8:22 GET http://stock:7201/v1/items/{req.params.id} -> stock GET /v1/items/:id",
      "services/front/src/server.js:9:9 POST http://billing:7203/v1/holds -> billing POST /v1/holds (timeout)",
    ]);
  });

  it("unprotected-call and sync-call-chain judge them as the handler's own calls", () => {
    const { findings } = lintTree(shop());
    expect(findings.filter((f) => f.ruleId === "unprotected-call").map((f) => `${f.location.line} ${f.message.slice(0, f.message.indexOf(" with "))}`).sort()).toEqual([
      "7 front calls sessions (GET http://sessions:7202/v1/sessions/{req.headers.session}) while handling GET /v1/baskets/:id",
      "8 front calls stock (GET http://stock:7201/v1/items/{req.params.id}) while handling GET /v1/baskets/:id",
    ]);
    // The guard's call is a hop of the route, but not a step of the handler's sequence (as for any middleware).
    expect(findings.filter((f) => f.ruleId === "sync-call-chain").map((f) => f.message.slice(0, f.message.indexOf(";")))).toEqual([
      "GET /v1/baskets/:id in front awaits stock and billing one after another",
    ]);
  });

  it("a method called on an instance out of view (a field its class was given) is made at no further site: its address is not known there", () => {
    const catalog = `const RestClient = require("./rest-client");\nclass Catalog {\n  constructor(http) {\n    this.http = http;\n  }\n  one(id) {\n    return this.http.fetchOne(\`/items/\${id}\`);\n  }\n}\nmodule.exports = Catalog;\n`;
    const server = FRONT["src/server.js"]!.replace("const app = express();", "const Catalog = require(\"./catalog\");\nconst catalog = new Catalog(stock);\nconst app = express();\napp.get(\"/v1/items/:id\", async (req, res) => res.json(await catalog.one(req.params.id)));");
    const { model } = lintTree(shop({ ...FRONT, "src/catalog.js": catalog, "src/server.js": server }));
    expect(model.calls.filter((c) => c.location.file.endsWith("catalog.js")).map((c) => c.id)).toEqual([]);
  });

  it("an instance made with no address its requests read resolves to no service", () => {
    const unaddressed = { ...FRONT, "src/server.js": FRONT["src/server.js"]!.replace("{ baseUrl: process.env.STOCK_URL }", "{}") };
    const { model } = lintTree(shop(unaddressed));
    expect(model.calls.filter((c) => c.service === "front" && c.targetService === "stock")).toEqual([]);
  });
});
