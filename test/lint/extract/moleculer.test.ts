import { describe, expect, it } from "vitest";
import { facts, lintTree } from "../helpers.js";
import type { FileFacts } from "../../../src/lint/types.js";

const servicesOf = (f: FileFacts) =>
  (f.moleculer?.services ?? []).map((s) => ({
    name: s.name,
    version: s.version,
    gateway: s.gateway ?? false,
    actions: s.actions.map((a) => `${a.name}${a.visibility ? `(${a.visibility})` : ""} ${(a.rest ?? []).map((r) => `${r.method} ${r.path ?? "-"}`).join(",") || "-"} ${a.handlerAt ? `L${a.handlerAt.line}` : a.handlerRef?.name ?? "no handler"}`),
    events: s.events.map((e) => e.name),
  }));
const callsOf = (f: FileFacts) => (f.moleculer?.calls ?? []).map((c) => `${c.action.parts.map((p) => (p.kind === "text" ? p.text : `{${p.kind}}`)).join("")} L${c.location.line} ${c.inFunction ?? "-"}${c.timeout ? ` timeout` : ""}${c.awaited ? " awaited" : ""}`);

describe("[U] moleculer extractor: service schemas, calls, events, broker options", () => {
  it("a schema exported with module.exports: version, actions as methods, functions and definitions with rest and visibility, events", () => {
    const f = facts(
      [
        `module.exports = {`,
        `  name: "users",`,
        `  version: 2,`,
        `  actions: {`,
        `    list(ctx) { return []; },`,
        `    get: { rest: "GET /:id", handler(ctx) { return ctx.call("v1.orders.byUser", { id: ctx.params.id }, { timeout: 500 }); } },`,
        `    create: { rest: { method: "post", path: "/" }, visibility: "published", handler: async (ctx) => { await this.broker.call("mailer.send"); } },`,
        `    purge: { visibility: "protected", rest: ["DELETE /all", "/purge"], handler: purgeAll },`,
        `    old: false,`,
        `  },`,
        `  events: { "order.created"(ctx) {}, "user.*": { handler(ctx) {} } },`,
        `};`,
        `function purgeAll() {}`,
      ].join("\n"),
      "services/users.service.js",
    );
    expect(servicesOf(f)).toEqual([
      {
        name: "users",
        version: { text: "2", numeric: true },
        gateway: false,
        actions: ["list - L5", "get GET /:id L6", "create(published) POST / L7", "purge(protected) DELETE /all,* /purge purgeAll"],
        events: ["order.created", "user.*"],
      },
    ]);
    expect(callsOf(f)).toEqual(["v1.orders.byUser L6 fn@L6C30 timeout", "mailer.send L7 fn@L7C86 awaited"]);
  });

  it("schemas given to parseServiceSchema and broker.createService, a TypeScript const exported by default; a moleculer-web mixin and its routes", () => {
    const schemaClass = facts(
      [
        `import { Service, ServiceBroker } from "moleculer";`,
        `export default class Greeter extends Service {`,
        `  constructor(broker: ServiceBroker) { super(broker); this.parseServiceSchema({ name: "greeter", version: "beta", actions: { hello: { rest: "/hello", handler: () => "hi" } } }); }`,
        `}`,
      ].join("\n"),
      "services/greeter.service.ts",
    );
    expect(servicesOf(schemaClass)).toEqual([{ name: "greeter", version: { text: "beta", numeric: false }, gateway: false, actions: ["hello * /hello L3"], events: [] }]);

    const typed = facts([`import type { ServiceSchema } from "moleculer";`, `const Orders: ServiceSchema = { name: "orders", actions: { list: () => [] } };`, `export default Orders;`].join("\n"), "services/orders.service.ts");
    expect(servicesOf(typed).map((s) => s.name)).toEqual(["orders"]);

    const gateway = facts(
      [
        `const { ServiceBroker } = require("moleculer");`,
        `const ApiGateway = require("moleculer-web");`,
        `const broker = new ServiceBroker({ transporter: { type: "NATS", options: { url: "nats://nats:4222" } }, requestTimeout: 5 * 1000, circuitBreaker: { enabled: true } });`,
        `broker.createService({`,
        `  mixins: [ApiGateway],`,
        `  settings: { routes: [`,
        `    { path: "/api", whitelist: ["users.*", /^orders\\.\\w+$/], aliases: { "GET users": "users.list", "POST /orders": { action: "orders.create" }, "REST /items": "items", "GET /me": [auth, "users.me"], "POST /avatar": "multipart:users.avatar", "GET /ping"(req, res) { res.end(); } } },`,
        `    { path: "/v2", autoAliases: true, mappingPolicy: "restrict" },`,
        `  ] },`,
        `});`,
        `function auth() {}`,
      ].join("\n"),
      "gateway/index.js",
    );
    const [api] = gateway.moleculer!.services;
    expect(api?.name).toBe("api");
    expect(api?.gateway).toBe(true);
    expect(api?.routes?.map((r) => ({ path: r.path, aliases: r.aliases.map((a) => `${a.method} ${a.path} ${a.action ?? "-"}`), auto: r.autoAliases ?? false, policy: r.mappingPolicy, whitelist: r.whitelist }))).toEqual([
      {
        path: "/api",
        aliases: ["GET /users users.list", "POST /orders orders.create", "GET /items items.list", "GET /items/:id items.get", "POST /items items.create", "PUT /items/:id items.update", "PATCH /items/:id items.patch", "DELETE /items/:id items.remove", "GET /me users.me", "POST /avatar users.avatar", "GET /ping -"],
        auto: false,
        policy: undefined,
        whitelist: ["users.*", "/^orders\\.\\w+$/"],
      },
      { path: "/v2", aliases: [], auto: true, policy: "restrict", whitelist: undefined },
    ]);
    expect(gateway.moleculer!.brokers.map((b) => ({ transporter: b.transporter?.parts, requestTimeout: b.requestTimeout, circuitBreaker: b.circuitBreaker }))).toEqual([
      { transporter: [{ kind: "text", text: "NATS" }], requestTimeout: "the broker's requestTimeout (5 * 1000)", circuitBreaker: true },
    ]);
  });

  it("an action's handler named as a member of an object (handler: handlers.list) keeps the object; $noVersionPrefix only when true", () => {
    const f = facts(`const handlers = require("./handlers");\nmodule.exports = { name: "users", version: 2, settings: { $noVersionPrefix: true }, actions: { list: { rest: "GET /", handler: handlers.list } } };\n`, "users.service.js");
    const [users] = f.moleculer!.services;
    expect(users!.actions.map((a) => a.handlerRef)).toEqual([{ object: "handlers", name: "list" }]);
    expect(users!.noVersionPrefix).toBe(true);
    const prefixed = facts(`module.exports = { name: "users", version: 2, settings: { $noVersionPrefix: false }, actions: { list() {} } };\n`, "users.service.js");
    expect(prefixed.moleculer!.services[0]!.noVersionPrefix).toBeUndefined();
  });

  it("a gateway alias of one word is a path for every method, even when the word names a method", () => {
    const gateway = facts(`const ApiGateway = require("moleculer-web");\nmodule.exports = { name: "api", mixins: [ApiGateway], settings: { routes: [{ path: "/api", aliases: { get: "config.get", "delete /carts": "carts.clear" } }] } };\n`, "gateway/api.service.js");
    expect(gateway.moleculer!.services[0]!.routes![0]!.aliases.map((a) => `${a.method} ${a.path} ${a.action}`)).toEqual(["ALL /get config.get", "DELETE /carts carts.clear"]);
  });

  it("calls that are not Moleculer's: fn.call(this), a non-dotted name, an object with no schema keys; emits and broadcasts", () => {
    const f = facts(
      [
        `function run(fn) { return fn.call(this, "users.get"); }`,
        `async function handler(ctx) {`,
        `  await ctx.call("ping");`,
        `  ctx.emit("user.created", {});`,
        `  this.broker.broadcast("cache.clean");`,
        `  return ctx.call(\`\${process.env.TARGET}.get\`);`,
        `}`,
        `module.exports = { name: "config-only", port: 3000 };`,
      ].join("\n"),
      "src/util.js",
    );
    expect(f.moleculer?.services ?? []).toEqual([]);
    expect(callsOf(f)).toEqual(["{env}.get L6 fn:handler awaited"]);
    expect(f.moleculer?.emits.map((e) => `${e.event.parts.map((p) => (p.kind === "text" ? p.text : "?")).join("")}${e.broadcast ? " broadcast" : ""}`)).toEqual(["user.created", "cache.clean broadcast"]);
  });

  it("a schema a service file's exported function builds (export default function, module.exports = arrow); moleculer-decorators classes", () => {
    const built = facts(
      [`import ApiService from "moleculer-web";`, `export default function createGateway(broker) {`, `  const port = 3000;`, `  return { ...ApiService, settings: { port, routes: [{ path: "/auth", aliases: { "POST /login": "auth.login" } }] } };`, `}`].join("\n"),
      "services/gateway/gateway.service.js",
    );
    expect(servicesOf(built)).toEqual([{ name: "api", version: undefined, gateway: true, actions: [], events: [] }]);
    expect(built.moleculer!.services[0]!.routes![0]!.aliases.map((a) => `${a.method} ${a.path} ${a.action}`)).toEqual(["POST /login auth.login"]);
    const arrow = facts(`module.exports = (broker) => ({ name: "mail", actions: { send(ctx) {} } });`, "services/mail.service.js");
    expect(servicesOf(arrow).map((s) => s.actions)).toEqual([["send - L1"]]);
    // TypeScript's CommonJS import of the gateway, `import ApiGateway = require("moleculer-web")`, and `export =`.
    const importEquals = facts(
      [`import { ServiceSchema } from "moleculer";`, `import ApiGateway = require("moleculer-web");`, `const Api: ServiceSchema = { name: "api", mixins: [ApiGateway], settings: { routes: [{ path: "/api", aliases: {} }] } };`, `export = Api;`].join("\n"),
      "services/api.service.ts",
    );
    expect(servicesOf(importEquals)).toEqual([{ name: "api", version: undefined, gateway: true, actions: [], events: [] }]);
    expect(importEquals.imports.map((i) => `${i.local} ${i.imported} ${i.specifier} L${i.line}`)).toEqual(["ServiceSchema ServiceSchema moleculer L1", "ApiGateway default moleculer-web L2"]);
    // Not a service file: an exported factory is not read as a schema.
    expect(facts(`module.exports = () => ({ name: "x", actions: { a() {} } });`, "src/factory.js").moleculer?.services ?? []).toEqual([]);

    const decorated = facts(
      [
        `import { Service, Action, Event, Method } from "moleculer-decorators";`,
        `import * as Moleculer from "moleculer";`,
        `@Service({ name: "users", version: 2, settings: { rest: "/people" } })`,
        `class Users extends Moleculer.Service {`,
        `  @Action({ rest: "GET /:id", visibility: "published" })`,
        `  async get(ctx) { return this.lookup(ctx.params.id); }`,
        `  @Action({ name: "find" })`,
        `  async search(ctx) { return ctx.call("v1.search.query", ctx.params); }`,
        `  @Event({ name: "order.placed" })`,
        `  onOrder(ctx) {}`,
        `  @Method`,
        `  lookup(id) { return id; }`,
        `}`,
        `export default Users;`,
      ].join("\n"),
      "services/users.service.ts",
    );
    expect(servicesOf(decorated)).toEqual([{ name: "users", version: { text: "2", numeric: true }, gateway: false, actions: ["get(published) GET /:id L5", "find - L7"], events: ["order.placed"] }]);
    expect(decorated.moleculer!.services[0]!.restBase).toBe("/people");
    expect(callsOf(decorated)).toEqual(["v1.search.query L8 fn:Users.search awaited"]);
  });

  it("moleculer-db adapters: MongoDB with a database argument, Mongoose, Sequelize's database/user/password form", () => {
    const f = facts(
      [
        `const MongoAdapter = require("moleculer-db-adapter-mongo");`,
        `const MongooseAdapter = require("moleculer-db-adapter-mongoose");`,
        `const SqlAdapter = require("moleculer-db-adapter-sequelize");`,
        `const a = new MongoAdapter(process.env.MONGO_URI, { useUnifiedTopology: true }, "orders");`,
        `const b = new MongooseAdapter("mongodb://mongo/users");`,
        `const c = new SqlAdapter("shop", "app", "secret", { host: "pg", dialect: "postgres", port: 5432 });`,
      ].join("\n"),
      "mixins/db.mixin.js",
    );
    expect(f.datastores.map((d) => `${d.engine} ${d.library} L${d.location.line}`)).toEqual(["mongodb moleculer-db-adapter-mongo L4", "mongodb moleculer-db-adapter-mongoose L5", "postgres moleculer-db-adapter-sequelize L6"]);
    expect(f.datastores[0]!.database).toEqual({ parts: [{ kind: "text", text: "orders" }] });
  });

  it("@moleculer/database: DbService's MongoDB adapter with its uri and dbName, its Knex adapter with the client's connection; Sequelize's three-argument form without options", async () => {
    const { describeStore } = await import("./datastores-helpers.js");
    const f = facts(
      [
        `const DbService = require("@moleculer/database").Service;`,
        `const { Service } = require("@moleculer/database");`,
        `const SqlAdapter = require("moleculer-db-adapter-sequelize");`,
        `const orders = { mixins: [Service({ adapter: { type: "MongoDB", options: { uri: "mongodb://mongo:27017", dbName: "orders" } } })] };`,
        `const stock = { mixins: [Service({ adapter: { type: "Knex", options: { knex: { client: "pg", connection: "postgres://pg/stock" } } } })] };`,
        `const c = new SqlAdapter("shop", "app", "secret");`,
      ].join("\n"),
      "mixins/db.mixin.js",
    );
    expect(f.datastores.map(describeStore)).toEqual(["mongodb/@moleculer/database url=mongodb://mongo:27017 db=orders @4", "postgres/@moleculer/database url=postgres://pg/stock @5", "unknown/moleculer-db-adapter-sequelize db=shop @6"]);
  });

  it("an adapter required into a local of the branch that uses it (a mixin choosing MongoDB when MONGO_URI is set) (acc13d)", () => {
    const f = facts(
      [
        `const DbService = require("moleculer-db");`,
        `module.exports = (collection) => {`,
        `  const schema = { mixins: [DbService] };`,
        `  if (process.env.MONGO_URI) {`,
        `    const Adapter = require("moleculer-db-adapter-mongo");`,
        `    schema.adapter = new Adapter(process.env.MONGO_URI);`,
        `  } else schema.adapter = new DbService.MemoryAdapter();`,
        `  return schema;`,
        `};`,
      ].join("\n"),
      "mixins/store.mixin.js",
    );
    expect(f.datastores.map((d) => `${d.engine} ${d.library} L${d.location.line}`)).toEqual(["mongodb moleculer-db-adapter-mongo L6"]);
  });
});

describe("[U] moleculer ES6-class services: handlers named as the class's own members", () => {
  it("handler: this.method, this.method.bind(this) and an arrow-function field are the class's members; an event too; a name the class lacks is no handler", () => {
    const f = facts(
      [
        `import { Service, ServiceBroker } from "moleculer";`,
        `export default class Pantry extends Service {`,
        `  constructor(broker: ServiceBroker) {`,
        `    super(broker);`,
        `    this.parseServiceSchema({`,
        `      name: "pantry",`,
        `      actions: { stock: { rest: "POST /stock", handler: this.stock }, count: { handler: this.count.bind(this) }, empty: { handler: this.empty }, lost: { handler: this.nowhere } },`,
        `      events: { "shelf.cleared": this.onCleared },`,
        `    });`,
        `  }`,
        `  async stock(ctx) { return ctx.params; }`,
        `  count(ctx) { return 1; }`,
        `  empty = async (ctx) => 0;`,
        `  onCleared(ctx) {}`,
        `}`,
      ].join("\n"),
      "services/pantry.service.ts",
    );
    expect(servicesOf(f)).toEqual([{ name: "pantry", version: undefined, gateway: false, actions: ["stock POST /stock L11", "count - L12", "empty - L13", "lost - no handler"], events: ["shelf.cleared"] }]);
    expect(f.moleculer!.services[0]!.events[0]!.handlerAt?.line).toBe(14);
  });

  it("a write and an emit in an action handler named this.place are a dual-write while handling that action", () => {
    const result = lintTree({
      "package.json": { name: "kitchen", scripts: { start: "moleculer-runner services" }, dependencies: { moleculer: "*", mongoose: "*", nats: "*" } },
      "moleculer.config.js": `module.exports = { transporter: "nats://nats:4222" };`,
      "services/meals.service.ts": [
        `import { Service, ServiceBroker } from "moleculer";`,
        `import mongoose from "mongoose";`,
        `const Meal = mongoose.model("Meal", new mongoose.Schema({ dish: String }));`,
        `export default class Meals extends Service {`,
        `  constructor(broker: ServiceBroker) {`,
        `    super(broker);`,
        `    this.parseServiceSchema({ name: "meals", actions: { place: { handler: this.place } } });`,
        `  }`,
        `  async place(ctx) {`,
        `    const meal = await Meal.create({ dish: ctx.params.dish });`,
        `    this.broker.emit("meal.placed", { id: meal.id });`,
        `    return meal;`,
        `  }`,
        `}`,
      ].join("\n"),
    }, { only: "dual-write" });
    expect(result.findings.map((f) => `${f.ruleId} ${f.message.slice(0, 50)}`)).toEqual([expect.stringMatching(/^dual-write kitchen writes Meal/)]);
    expect(result.findings[0]!.message).toContain("ACTION meals.place");
  });
});

describe("[I] Moleculer in the model", () => {
  it("compose entries running the image the package publishes (acme/depot for the package acme-depot, built by its Dockerfile) are one service per SERVICES entry (acc13d)", () => {
    const result = lintTree({
      "package.json": { name: "acme-depot", scripts: { start: "moleculer-runner" }, dependencies: { moleculer: "*", "moleculer-web": "*", "moleculer-db": "*", "moleculer-db-adapter-mongo": "*" } },
      Dockerfile: "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"npm\", \"start\"]\n",
      "depot.env": "TRANSPORTER=nats://nats:4222\nMONGO_URI=mongodb://mongo/depot\n",
      "docker-compose.yml": ["services:", "  gateway:", "    image: acme/depot", "    env_file: depot.env", "    environment:", "      SERVICES: gateway", "  crates:", "    image: acme/depot", "    env_file: depot.env", "    environment:", "      SERVICES: crates", "  nats:", "    image: nats", "  mongo:", "    image: mongo", "  proxy:", "    image: traefik:2.11"].join("\n"),
      "services/gateway.service.js": `const Web = require("moleculer-web");\nmodule.exports = { name: "gateway", mixins: [Web], settings: { routes: [{ path: "/api/v1" }] } };`,
      "services/crates.service.js": `const Db = require("../mixins/store.mixin");\nmodule.exports = { name: "crates", mixins: [Db("crates")], actions: { count() { return 1; } } };`,
      "mixins/store.mixin.js": `const DbService = require("moleculer-db");\nmodule.exports = (collection) => {\n  const schema = { mixins: [DbService] };\n  if (process.env.MONGO_URI) {\n    const Adapter = require("moleculer-db-adapter-mongo");\n    schema.adapter = new Adapter(process.env.MONGO_URI);\n  }\n  return schema;\n};\n`,
    });
    expect(result.model.services.map((s) => [s.name, s.root, s.ownedFiles])).toEqual([
      ["gateway", "", ["services/gateway.service.js"]],
      ["crates", "", ["services/crates.service.js"]],
    ]);
    expect(result.model.datastores.map((d) => [d.service, d.identity])).toEqual([["crates", "mongodb://mongo:27017/depot"]]);
  });

  it("one package deployed per SERVICES entry: each owns its service file, calls resolve to the deployment that declares the action", () => {
    const result = lintTree({
      "package.json": { name: "shop", scripts: { start: "moleculer-runner services" }, dependencies: { moleculer: "*", "moleculer-web": "*" } },
      "moleculer.config.js": `module.exports = { transporter: "redis://redis:6379", requestTimeout: 3000 };`,
      "docker-compose.yml": ["services:", "  api:", "    build: .", "    environment:", "      SERVICES: api", "  orders:", "    build: .", "    environment:", "      SERVICES: orders", "  stock:", "    build: .", "    environment:", "      SERVICES: stock", "  redis:", "    image: redis:7"].join("\n"),
      "services/api.service.js": `const Web = require("moleculer-web");\nmodule.exports = { name: "api", mixins: [Web], settings: { routes: [{ path: "/api/v1" }] } };`,
      "services/orders.service.js": `module.exports = { name: "orders", actions: { async place(ctx) { return ctx.call("stock.reserve", ctx.params); } } };`,
      "services/stock.service.js": `module.exports = { name: "stock", actions: { reserve(ctx) { return true; }, audit: { visibility: "private", handler() {} } } };`,
    });
    const { model } = result;
    expect(model.services.map((s) => `${s.name} ${(s.ownedFiles ?? []).join(",")}`)).toEqual(["api services/api.service.js", "orders services/orders.service.js", "stock services/stock.service.js"]);
    expect(model.routes.map((r) => `${r.service} ${r.method} ${r.path} → ${r.proxy?.targetServices?.join(",")}`).sort()).toEqual(["api ALL /api/v1/orders/place → orders", "api ALL /api/v1/stock/reserve → stock"]);
    const call = model.calls.find((c) => c.service === "orders")!;
    expect({ target: call.targetService, route: call.targetRoute, timeout: call.guards?.timeout }).toEqual({ target: "stock", route: "stock ACTION stock.reserve", timeout: "the broker's requestTimeout (3000)" });
    expect(result.diagnostics.filter((d) => /runs the code of|moleculer-web/.test(d.message))).toEqual([]);
  });

  it("autoAliases under a whitelist of every action (**), a handler that is a method of a class a field holds, and a service in a package of its own", () => {
    const result = lintTree({
      "docker-compose.yml": ["services:", "  api:", "    build: ./api", "  posts:", "    build: ./posts", "  users:", "    build: ./users"].join("\n"),
      "api/package.json": { name: "api", main: "index.js", dependencies: { moleculer: "*", "moleculer-web": "*" } },
      "api/index.js": `const { ServiceBroker } = require("moleculer");\nconst Web = require("moleculer-web");\nconst broker = new ServiceBroker({ transporter: "NATS" });\nbroker.createService({ name: "api", mixins: [Web], settings: { routes: [{ path: "/api", whitelist: ["**"], autoAliases: true }] } });\nbroker.start();`,
      "posts/package.json": { name: "posts", main: "index.ts", dependencies: { moleculer: "*" } },
      "posts/index.ts": `import { ServiceBroker } from "moleculer";\nconst broker = new ServiceBroker({ transporter: "NATS" });\nbroker.loadService("./posts.service");\nbroker.start();`,
      "posts/actions.ts": `export default class PostActions {\n  async byAuthor(ctx) {\n    return ctx.call("users.get", { id: ctx.params.id });\n  }\n}`,
      "posts/posts.service.ts": [
        `import { Service, ServiceBroker } from "moleculer";`,
        `import PostActions from "./actions";`,
        `export default class PostsService extends Service {`,
        `  private actions = new PostActions();`,
        `  constructor(broker: ServiceBroker) {`,
        `    super(broker);`,
        `    this.parseServiceSchema({ name: "posts", version: 2, actions: { byAuthor: { rest: "GET /by/:id", handler: this.actions.byAuthor } } });`,
        `  }`,
        `}`,
      ].join("\n"),
      "users/package.json": { name: "users", main: "index.js", dependencies: { moleculer: "*" } },
      "users/index.js": `const { ServiceBroker } = require("moleculer");\nconst broker = new ServiceBroker({ transporter: "NATS" });\nbroker.createService({ name: "users", actions: { get: { rest: "GET /:id", handler(ctx) { return {}; } } } });\nbroker.start();`,
    });
    const { model } = result;
    expect(model.routes.map((r) => `${r.service} ${r.method} ${r.path}`).sort()).toEqual(["api GET /api/users/:id", "api GET /api/v2/posts/by/:id"]);
    const call = model.calls.find((c) => c.service === "posts")!;
    // The call is made in the handler's class method, so the action reaches it: an unguarded call while handling v2.posts.byAuthor.
    expect({ target: call.targetService, inFunction: call.inFunction }).toEqual({ target: "users", inFunction: "posts/actions.ts#fn:PostActions.byAuthor" });
    expect(result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => f.message.slice(0, 60))).toEqual(["posts calls users (CALL users.get) while handling ACTION v2."]);
  });

  it("brokers on different networks do not reach each other's actions: a gateway with transporter: null serves only its own; TRANSPORTER and NAMESPACE from the environment win; an unset variable could be any network", () => {
    const gateway = (name: string, path: string) => `const Web = require("moleculer-web");\nmodule.exports = { name: "${name}", mixins: [Web], settings: { routes: [{ path: "${path}", autoAliases: true }] } };`;
    const config = (options: string) => `module.exports = { ${options} };`;
    const pkg = (name: string) => ({ name, scripts: { start: "moleculer-runner services" }, dependencies: { moleculer: "*", "moleculer-web": "*" } });
    const result = lintTree({
      "docker-compose.yml": ["services:", "  atm:", "    build: ./atm", "  shop:", "    build: ./shop", "    environment:", "      TRANSPORTER: nats://nats:4222", "      NAMESPACE: shop", "  seed:", "    build: ./seed", "  nats:", "    image: nats:2"].join("\n"),
      "atm/package.json": pkg("atm"),
      "atm/moleculer.config.js": config(`namespace: "ATM", transporter: null`),
      "atm/services/api.service.js": gateway("api", "/"),
      "atm/services/cash.service.js": `module.exports = { name: "cash", actions: { withdraw: { rest: "POST /withdraw", handler() {} } } };`,
      "shop/package.json": pkg("shop"),
      "shop/moleculer.config.js": config(`namespace: "dev", transporter: "TCP"`),
      "shop/services/www.service.js": gateway("www", "/api"),
      "shop/services/orders.service.js": `module.exports = { name: "orders", version: 1, actions: { list: { rest: "GET /", handler(ctx) { return ctx.call("cash.withdraw"); } } } };`,
      "seed/package.json": pkg("seed"),
      "seed/moleculer.config.js": config(`transporter: process.env.TRANSPORTER`),
      "seed/services/seed.service.js": `module.exports = { name: "seed", started() { return this.broker.call("v1.orders.list"); } };`,
    });
    const { model } = result;
    expect(model.routes.map((r) => `${r.service} ${r.method} ${r.path}`).sort()).toEqual(["atm POST /cash/withdraw", "shop GET /api/v1/orders"]);
    const byService = Object.fromEntries(model.calls.filter((c) => c.client === "moleculer" && !c.proxy).map((c) => [c.service, c.targetService ?? c.resolution]));
    expect(byService).toEqual({ shop: "no Moleculer service of the scan declares the action cash.withdraw", seed: "shop" });
  });
});
