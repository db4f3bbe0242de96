import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";
import type { Location } from "../../../src/lint/types.js";

/**
 * What model/moleculer.ts makes of Moleculer brokers in packages of their own: each call goes to the deployment that
 * declares the action, its own first, else to the one that runs the service the action's name starts with; a broker
 * with no options found may be on any network; `$`-prefixed (internal) actions and events are no traffic; the
 * gateway's aliases are routes that forward to the action.
 */

const pkg = (name: string) => ({ name, main: "index.js", dependencies: { moleculer: "*", "moleculer-web": "*" } });
const broker = (options: string, ...lines: string[]) => [`const { ServiceBroker } = require("moleculer");`, `const broker = new ServiceBroker(${options});`, ...lines, `broker.start();`].join("\n");
const at = (l?: Location) => (l ? `${l.file}:${l.line}:${l.column}` : "-");

const SHOP: Tree = {
  "docker-compose.yml": ["services:", "  api:", "    build: ./api", "  legacy:", "    build: ./legacy", "  orders:", "    build: ./orders", "  users:", "    build: ./users"].join("\n"),
  "api/package.json": pkg("api"),
  "api/index.js": broker(
    `{ transporter: "NATS" }`,
    `const Web = require("moleculer-web");`,
    `broker.createService({ name: "api", mixins: [Web], settings: { routes: [{ path: "/api", whitelist: ["v2.users.*", "ghost.find"], aliases: { "GET /secret": "orders.place", "GET /who/:id": "v2.users.get", "GET /gone": "v2.users.gone", "GET /ghost": "ghost.find", "GET /health"(req, res) { res.end(); } } }] } });`,
  ),
  // No broker options: its network is not known, so any broker may reach it.
  "legacy/package.json": pkg("legacy"),
  "legacy/index.js": broker(``, `const { notify } = require("../shared/notify");`, `broker.createService({ name: "legacy", actions: { ping(ctx) { return notify(ctx); } } });`),
  "orders/package.json": pkg("orders"),
  "orders/index.js": broker(
    `{ transporter: "NATS" }`,
    `const { notify } = require("../shared/notify");`,
    `broker.createService({ name: "health", actions: { check() { return true; } } });`,
    `broker.createService({ name: "orders", actions: {`,
    `  async place(ctx) {`,
    `    await ctx.call("health.check");`,
    `    await ctx.call("v2.users.sub.thing");`,
    `    await ctx.call("$node.list");`,
    `    ctx.emit("order.placed");`,
    `    ctx.emit("$node.x");`,
    `    await ctx.call("ghost.find");`,
    `    await ctx.call("legacy.ping");`,
    `    await ctx.call("health2.check");`,
    `    return notify(ctx);`,
    `  },`,
    `} });`,
  ),
  // A file two deployments import: its call is made by each.
  "shared/package.json": { name: "shared", main: "notify.js" },
  "shared/notify.js": `exports.notify = async (ctx) => ctx.call("v2.users.get", {}, { timeout: 300 });\n`,
  "users/package.json": pkg("users"),
  "users/index.js": broker(
    `{ transporter: "NATS", circuitBreaker: { enabled: true } }`,
    `broker.createService({ name: "health", actions: { check() { return true; } } });`,
    `broker.createService({ name: "users", version: 2, actions: { get(ctx) { return ctx.call("health.check"); } }, events: { "order.placed"(ctx) {}, "$node.connected"() {} } });`,
  ),
};

// Each test scans the tree itself: mutation testing runs a mutant only against the tests that reach it.
describe("[I] Moleculer calls, events and gateway routes in the model", () => {

  it("each call goes to the deployment declaring the action (its own first), else to the one running the service the name starts with; $ actions are no calls", () => {
    const { model } = lintTree(SHOP);
    const calls = model.calls.filter((c) => !c.proxy).map((c) => [c.id, c.service, c.url, c.targetService ?? "-", c.targetRoute ?? "-", c.inFunction ?? "-", `${c.awaited}`, c.guards ? JSON.stringify(c.guards) : "no guards", c.resolution]);
    expect(calls).toEqual([
      ["orders/index.js:7:11", "orders", "health.check", "orders", "orders ACTION health.check", "orders/index.js#fn@L6C3", "true", "no guards", "health declares the action health.check (orders/index.js:4), run by orders"],
      ["orders/index.js:8:11", "orders", "v2.users.sub.thing", "users", "-", "orders/index.js#fn@L6C3", "true", "no guards", "users (users/index.js) runs in users, but no action v2.users.sub.thing of it was found"],
      ["orders/index.js:12:11", "orders", "ghost.find", "-", "-", "orders/index.js#fn@L6C3", "true", "no guards", "no Moleculer service of the scan declares the action ghost.find"],
      ["orders/index.js:13:11", "orders", "legacy.ping", "legacy", "legacy ACTION legacy.ping", "orders/index.js#fn@L6C3", "true", "no guards", "legacy declares the action legacy.ping (legacy/index.js:4), run by legacy"],
      // health2 is no service, though health is.
      ["orders/index.js:14:11", "orders", "health2.check", "-", "-", "orders/index.js#fn@L6C3", "true", "no guards", "no Moleculer service of the scan declares the action health2.check"],
      ["shared/notify.js:1:33@legacy", "legacy", "v2.users.get", "users", "users ACTION v2.users.get", "shared/notify.js#fn@L1C18", "true", `{"timeout":"the call's timeout option (300)"}`, "users declares the action v2.users.get (users/index.js:4), run by users"],
      ["shared/notify.js:1:33@orders", "orders", "v2.users.get", "users", "users ACTION v2.users.get", "shared/notify.js#fn@L1C18", "true", `{"timeout":"the call's timeout option (300)"}`, "users declares the action v2.users.get (users/index.js:4), run by users"],
      ["users/index.js:4:80", "users", "health.check", "users", "users ACTION health.check", "users/index.js#fn@L4C62", "false", `{"breaker":{"file":"users/index.js","line":2,"column":16}}`, "health declares the action health.check (users/index.js:3), run by users"],
    ]);
  });

  it("events: emits and handlers on the broker's transporter, in their functions; $ events are Moleculer's own", () => {
    const { model } = lintTree(SHOP);
    expect(model.topics.map((t) => [t.service, t.system, t.topic, t.role, t.inFunction ?? "-", at(t.location), t.resolution])).toEqual([
      ["orders", "nats", "order.placed", "produce", "orders/index.js#fn@L6C3", "orders/index.js:10:5", "a Moleculer event, carried by the broker's transporter NATS"],
      ["users", "nats", "order.placed", "consume", "users/index.js#fn@L4C121", "users/index.js:4:121", "a Moleculer event, carried by the broker's transporter NATS"],
    ]);
  });

  it("the gateway's aliases are its routes, mounted at the route, each forwarding (one awaited call, no fan-out) to its action; an alias answered in place forwards nothing, one to an action the whitelist leaves out is none", () => {
    const { model } = lintTree(SHOP);
    expect(model.routes.map((r) => [r.id, r.mountChain.map(at).join(","), r.proxy ? `${r.proxy.upstream} → ${r.proxy.targetServices?.join(",") ?? "-"} (${r.proxy.call}): ${r.proxy.resolution}` : "no proxy"])).toEqual([
      ["api GET /api/who/:id", "api/index.js:4:73", "v2.users.get → users (api/index.js:4:172 GET /api/who/:id): moleculer-web calls the action v2.users.get, which users declares (run by users)"],
      ["api GET /api/gone", "api/index.js:4:73", "v2.users.gone → users (api/index.js:4:204 GET /api/gone): moleculer-web calls the action v2.users.gone, which no Moleculer service of the scan declares"],
      ["api GET /api/ghost", "api/index.js:4:73", "ghost.find → - (api/index.js:4:234 GET /api/ghost): moleculer-web calls the action ghost.find, which no Moleculer service of the scan declares"],
      ["api GET /api/health", "api/index.js:4:73", "no proxy"],
    ]);
    const forwards = model.calls.filter((c) => c.proxy).map((c) => [c.id, c.service, c.client, c.method, c.url, c.targetService ?? "-", c.targetRoute ?? "-", `${c.awaited} ${c.parallel}`, JSON.stringify(c.proxy)]);
    expect(forwards).toEqual([
      ["api/index.js:4:172 GET /api/who/:id", "api", "moleculer", "CALL", "v2.users.get", "users", "users ACTION v2.users.get", "true false", `{"library":"moleculer-web"}`],
      ["api/index.js:4:204 GET /api/gone", "api", "moleculer", "CALL", "v2.users.gone", "users", "-", "true false", `{"library":"moleculer-web"}`],
      ["api/index.js:4:234 GET /api/ghost", "api", "moleculer", "CALL", "ghost.find", "-", "-", "true false", `{"library":"moleculer-web"}`],
    ]);
  });
});

describe("moleculer-web's whitelist", () => {
  it("a lone `*` (the old template's 'any action of any service') lets every action through; `users.*` stays one level", () => {
    const gateway = (whitelist: string) => ({
      "shop/package.json": pkg("shop"),
      "shop/index.js": broker(
        `{}`,
        `const Gateway = require("moleculer-web");`,
        `broker.createService({ name: "gw", mixins: [Gateway], settings: { routes: [{ path: "/api", whitelist: [${whitelist}], aliases: { "GET /books": "books.list", "GET /books/:id/pages": "books.pages.list" } }] } });`,
        `broker.createService({ name: "books", actions: { list() { return []; } } });`,
      ),
    });
    const paths = (whitelist: string) => lintTree(gateway(whitelist)).model.routes.map((r) => `${r.method} ${r.path}`);
    expect(paths(`"*"`)).toEqual(["GET /api/books", "GET /api/books/:id/pages"]);
    expect(paths(`"books.*"`)).toEqual(["GET /api/books"]);
  });
});
