import { describe, expect, it } from "vitest";
import { facts, lintTree, service, type Tree } from "../helpers.js";

/**
 * A front service answering `/v1/shelves/:id` by asking a stock service and then a people service, written the way a
 * small JavaScript project wires it by hand: a controller class handed a service object in app.js, the service holding
 * an axios instance it calls as a function, the handler mounted with `app.use(path, h)`.
 */

const convict = (port: number, variable: string) =>
  `const convict = require("convict");\nconst config = convict({ http: { port: { doc: "port", default: ${port}, env: "${variable}" } } });\nmodule.exports = config;\n`;

const server = `const app = require("./app");\nconst config = require("./config");\napp.listen(config.get("http.port"));\n`;

/** A service answering one path with app.use, on its own port. */
const leaf = (name: string, path: string, port: number): Tree =>
  service(`services/${name}`, ["express"], {
    "src/server.ts": `const app = require("./app");\napp.listen(${port});\n`,
    "src/app.js": `const express = require("express");\nconst app = express();\napp.use("${path}", (req, res) => res.json({ id: req.params.id }));\nmodule.exports = app;\n`,
  });

const front = (controller: string, app: string, client: string): Tree =>
  service("services/front", ["express", "axios", "convict"], {
    "src/server.ts": server,
    "src/config.js": convict(7000, "FRONT_PORT"),
    "src/app.js": app,
    "src/shelf-controller.js": controller,
    "src/shelf-service.js": client,
    "src/log.js": `module.exports = (...args) => console.log(...args);\n`,
  });

const wiring = (use: string) =>
  `const express = require("express");\nconst ShelfController = require("./shelf-controller");\nconst ShelfService = require("./shelf-service");\nconst app = express();\nconst shelves = new ShelfController(new ShelfService());\n${use}\nmodule.exports = app;\n`;

const controller = (params: string, body: string) =>
  `const log = require("./log");\nclass ShelfController {\n  constructor(shelfService) {\n    this.shelfService = shelfService;\n  }\n  async show(${params}) {\n${body}\n  }\n}\nmodule.exports = ShelfController;\n`;

const client = `const axios = require("axios");\nclass ShelfService {\n  constructor() {\n    this.http = axios.create({ headers: { accept: "application/json" } });\n  }\n  async show(id) {\n    const shelf = (await this.http(\`http://localhost:7002/v1/shelves/\${id}\`)).data;\n    const keeper = (await this.http({ url: \`http://localhost:7001/v1/people/\${shelf.keeper}\` })).data;\n    return { shelf, keeper };\n  }\n}\nmodule.exports = ShelfService;\n`;

const tree = (use = `app.use("/v1/shelves/:id", shelves.show);`, params = "req, res", body = "    res.json(await this.shelfService.show(req.params.id));"): Tree => ({
  ...front(controller(params, body), wiring(use), client),
  ...leaf("stock", "/v1/shelves/:id", 7002),
  ...leaf("people", "/v1/people/:id", 7001),
});

describe("[I] a handler wired by hand, reached by the names a reader follows", () => {
  it("app.use(path, controller.method) answering the request is a route of every method; its calls reach the services on their ports", () => {
    const result = lintTree(tree());
    const routes = result.model.routes.map((route) => route.id).sort();
    expect(routes).toEqual(["front ALL /v1/shelves/:id", "people ALL /v1/people/:id", "stock ALL /v1/shelves/:id"]);
    const calls = result.model.calls.filter((call) => call.service === "front").map((call) => `${call.method} ${call.targetService}`);
    expect(calls).toEqual(["GET stock", "GET people"]);
    const sequential = result.findings.find((f) => f.ruleId === "sync-call-chain" && f.messageId === "sequential");
    expect(sequential?.message).toContain("front awaits stock and people one after another");
    expect(result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => f.data?.targetService).sort()).toEqual(["people", "stock"]);
    // Two services at one loopback host, each on its own port; stock's path is one front serves too, yet it is stock's address.
    expect(result.findings.filter((f) => f.ruleId === "hardcoded-endpoint").length).toBe(2);
  });

  it("middleware (it takes next) mounted at a path is no route, nor a handler the model cannot find, nor one at the root or answering 404", () => {
    const withNext = lintTree(tree(`app.use("/v1/shelves/:id", shelves.show);`, "req, res, next", "    next();"));
    expect(withNext.model.routes.filter((route) => route.service === "front")).toEqual([]);
    const unknown = lintTree(tree(`app.use("/v1/shelves/:id", somewhere.show);`));
    expect(unknown.model.routes.filter((route) => route.service === "front")).toEqual([]);
    expect(unknown.diagnostics.filter((d) => d.kind === "not-understood" && d.message.includes('app.use("/v1/shelves/:id", somewhere.show)')).length).toBe(1);
    const code = `const express = require("express");\nconst app = express();\napp.use("/", (req, res) => res.send("up"));\napp.use("/v1/x", (req, res) => res.status(404).json({}));\napp.use("/v1/y", (req, res, next) => next());\napp.use("/v1/z", (req, res) => res.json({}));\n`;
    expect(facts(code, "src/app.js").routes.map((route) => `${route.method} ${route.path}`)).toEqual(["ALL /v1/z"]);
    // openapi-backend's dispatcher hands the request to the operations of its document, which are the routes.
    const dispatcher = `const express = require("express");\nconst OpenAPIBackend = require("openapi-backend").default;\nconst app = express();\nconst api = new OpenAPIBackend({ definition: "./openapi.yaml", handlers: {} });\napp.use("/v1/shop", (req, res) => api.handleRequest(req, req, res));\n`;
    expect(facts(dispatcher, "src/app.js").routes.filter((route) => route.method === "ALL")).toEqual([]);
  });

  it("this.shelfService.show(): the service's one class named after the member, none when two are", () => {
    const twice = lintTree({ ...tree(), "services/front/src/other/shelf-service.js": `const log = require("../log");\nclass ShelfService {\n  show(id) {\n    log(id);\n  }\n}\nmodule.exports = ShelfService;\n` });
    expect(twice.model.calls.filter((call) => call.service === "front").length).toBe(2);
    expect(twice.findings.filter((f) => f.ruleId === "unprotected-call")).toEqual([]);
  });

  it("a loopback call on another service's port is that service's address, even to a path the caller serves itself", () => {
    const plainServer = (port: number, body: string) => `const express = require("express");\nconst axios = require("axios");\nconst app = express();\n${body}\napp.listen(${port});\n`;
    const result = lintTree({
      ...service("services/front", ["express", "axios"], { "src/server.ts": plainServer(7000, `app.get("/v1/shelves/:id", async (req, res) => res.json((await axios.get(\`http://localhost:7002/v1/shelves/\${req.params.id}\`, { timeout: 500 })).data));`) }),
      ...service("services/stock", ["express"], { "src/server.ts": plainServer(7002, `app.get("/v1/shelves/:id", (req, res) => res.json({}));`) }),
    }, { only: "hardcoded-endpoint" });
    expect(result.findings.map((f) => `${f.data?.service} ${f.data?.target ?? f.data?.targetService ?? ""}`.trim())).toHaveLength(1);
    expect(result.findings[0]?.message).toContain("(stock)");
  });

  it("an axios instance a class holds, called as a function, makes requests; a member holding anything else does not", () => {
    const code = `import axios from "axios";\nclass Api {\n  constructor() {\n    this.http = axios.create({ baseURL: "http://stock:7002" });\n    this.log = console.log;\n  }\n  one(id) {\n    this.log(id);\n    return this.http(\`/v1/stock/\${id}\`);\n  }\n  two() {\n    return this.http({ method: "post", url: "/v1/stock" });\n  }\n}\n`;
    expect(facts(code, "src/api.js").calls.map((call) => `${call.client} ${call.method} ${call.url.parts.map((part) => ("text" in part ? part.text : `{${part.kind}}`)).join("")}`)).toEqual(["axios GET http://stock:7002/v1/stock/{unknown}", "axios POST http://stock:7002/v1/stock"]);
  });
});
