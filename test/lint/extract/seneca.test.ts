import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * Three Seneca services: a web front whose routes act on pricing, pricing acting on stock before it replies, and stock
 * adding its patterns from a table in a plugin file (`for (key in table) this.add(key, table[key])`).
 */
function shop(stockPlugin: string): Tree {
  return {
    "docker-compose.yml": "services:\n  front:\n    build: ./front\n  pricing:\n    build: ./pricing\n  stock:\n    build: ./stock\n",
    "front/package.json": { name: "front", main: "index.js", dependencies: { express: "*", seneca: "*" } },
    "front/index.js": `const seneca = require("seneca")().client({ host: "pricing", port: 7401, pin: "area:pricing" });\nconst app = require("express")();\napp.get("/v1/quote/:sku", (req, res) => {\n  seneca.act({ area: "pricing", cmd: "quote", sku: req.params.sku }, (err, out) => res.json(out));\n});\napp.listen(7400);\n`,
    "pricing/package.json": { name: "pricing", main: "index.js", dependencies: { seneca: "*" } },
    "pricing/index.js": `const seneca = require("seneca")().client({ host: "stock", port: 7402, pin: "area:stock" });\nseneca.add("area:pricing,cmd:quote", function (msg, reply) {\n  this.act("area:stock,cmd:level", { sku: msg.sku }, (err, level) => reply(null, { amount: level.count > 0 ? 3 : 5 }));\n});\nseneca.listen({ port: 7401, pin: "area:pricing" });\n`,
    "stock/package.json": { name: "stock", main: "index.js", dependencies: { seneca: "*" } },
    "stock/index.js": `require("seneca")().use(require("./levels")).listen({ port: 7402, pin: "area:stock" });\n`,
    "stock/levels.js": stockPlugin,
  };
}

const TABLE = `const handlers = {\n  "area:stock,cmd:level": function (msg, done) { done(null, { count: 4 }); },\n  "area:stock,cmd:reserve": function (msg, done) { done(null, { ok: true }); },\n};\nmodule.exports = function levels() {\n  for (const key in handlers) this.add(key, handlers[key]);\n};\n`;

describe("[I] Seneca patterns: acts resolved to the service that adds them", () => {
  it("a route's act and the act its handler makes form a chain; each service takes part in requests", () => {
    const { model, findings, diagnostics } = lintTree(shop(TABLE));
    expect(model.calls.filter((c) => c.client === "seneca").map((c) => `${c.service} → ${c.targetService} ${c.url}`).sort()).toEqual([
      "front → pricing area:pricing,cmd:quote",
      "pricing → stock area:stock,cmd:level",
    ]);
    expect(findings.filter((f) => f.ruleId === "sync-call-chain").map((f) => f.data?.services)).toEqual(["front,pricing,stock"]);
    // Seneca gives every act a timeout of its own: no unprotected call.
    expect(findings.filter((f) => f.ruleId === "unprotected-call")).toEqual([]);
    expect(findings.filter((f) => f.ruleId === "missing-tracing").map((f) => f.data?.service ?? f.message.split(" ")[0]).sort()).toEqual(["front", "pricing", "stock"]);
    expect(diagnostics.filter((d) => /uses seneca/.test(d.message))).toEqual([]);
  });

  it("an object pattern in a plugin's this.add is read as its string pairs; an act the caller's own service adds is no hop", () => {
    const plugin = `module.exports = function levels() {\n  this.add({ area: "stock", cmd: "level" }, (msg, done) => done(null, { count: 4 }));\n  this.add({ area: "stock", cmd: "audit" }, function (msg, done) {\n    this.act({ area: "stock", cmd: "level", sku: msg.sku }, done);\n  });\n};\n`;
    const { model } = lintTree(shop(plugin));
    expect(model.calls.filter((c) => c.client === "seneca").map((c) => `${c.service} → ${c.targetService}`).sort()).toEqual(["front → pricing", "pricing → stock"]);
  });

  it("an instance of any name in a file that loads seneca acts as well (a client made inside a handler)", () => {
    const tree = shop(TABLE);
    tree["pricing/index.js"] = `const seneca = require("seneca")();\nseneca.add({ area: "pricing", cmd: "quote" }, quote);\nfunction quote(msg, reply) {\n  const warehouse = require("seneca")().client({ host: "stock", port: 7402 });\n  warehouse.act({ area: "stock", cmd: "level", sku: msg.sku }, (err, level) => reply(null, { amount: level.count }));\n}\nseneca.listen({ port: 7401 });\n`;
    const { model, diagnostics } = lintTree(tree);
    expect(model.calls.filter((c) => c.client === "seneca").map((c) => `${c.service} → ${c.targetService}`).sort()).toEqual(["front → pricing", "pricing → stock"]);
    expect(diagnostics.filter((d) => d.service === "pricing" && /nothing about it is checked|uses seneca/.test(d.message))).toEqual([]);
  });

  it("a pattern computed at run time is said, not guessed", () => {
    const { model, diagnostics } = lintTree(shop(`module.exports = function levels(options) {\n  this.add(options.pattern, (msg, done) => done(null, {}));\n};\n`));
    expect(model.calls.find((c) => c.service === "pricing")?.targetService).toBeUndefined();
    expect(diagnostics.filter((d) => d.service === "stock" && /uses seneca/.test(d.message))).toHaveLength(1);
  });
});
