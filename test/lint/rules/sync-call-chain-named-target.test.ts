import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A helper told which service to call: `send("orders", "v1/orders/products", body)`, its URL built from that name
 * (`http://${target}:3000/${path}`) or from a registry lookup at run time (`${await this.lookup(target)}/${path}`),
 * reached through a singleton (`Notifier.getInstance().send(...)`). Each call site names the service.
 */

const plain = (name: string, method: string, path: string): Tree =>
  service(`services/${name}`, ["express"], { "src/server.js": `const express = require("express");\nconst app = express();\napp.${method}("${path}", (req, res) => res.json({}));\napp.listen(3000);\n` });

const compose: Tree = {
  "docker-compose.yml": "services:\n  catalog:\n    build: ./services/catalog\n  orders:\n    build: ./services/orders\n  stock:\n    build: ./services/stock\n",
};

const notifier = (url: string): string =>
  `const axios = require("axios");\nconst registry = require("./registry");\nclass Notifier {\n  static getInstance() { return (Notifier.instance ??= new Notifier()); }\n  async lookup(id) { return registry.resolve(id); }\n  async send(target, path, body) {\n    const base = await this.lookup(target);\n    const res = await axios.post(${url}, body);\n    return res.data;\n  }\n}\nmodule.exports = Notifier;\n`;

const catalog = (url: string, body: string): Tree =>
  service("services/catalog", ["express", "axios"], {
    "src/notifier.js": notifier(url),
    "src/registry.js": `exports.resolve = async (id) => process.env[id.toUpperCase() + "_ADDR"];\n`,
    "src/server.js": `const express = require("express");\nconst Notifier = require("./notifier");\nconst app = express();\napp.post("/v1/products", async (req, res) => {\n${body}\n  res.status(201).json({});\n});\napp.listen(3000);\n`,
  });

const oneAfterAnother = `  await Notifier.getInstance().send("orders", "v1/orders/products", req.body);\n  await Notifier.getInstance().send("stock", "v1/stock/items", req.body);`;
const sideBySide = `  await Promise.all([Notifier.getInstance().send("orders", "v1/orders/products", req.body), Notifier.getInstance().send("stock", "v1/stock/items", req.body)]);`;

const backends: Tree = { ...plain("orders", "post", "/v1/orders/products"), ...plain("stock", "post", "/v1/stock/items") };

ruleTester("sync-call-chain", {
  valid: [
    { name: "the same helper called for two services in Promise.all", files: { ...catalog("`${base}/${path}`", sideBySide), ...backends, ...compose } },
    {
      name: "a name that is no service of the repository adds no call",
      files: { ...catalog("`${base}/${path}`", oneAfterAnother.replace('"stock"', '"audit-log"')), ...backends, ...compose },
    },
  ],
  invalid: [
    {
      name: "a handler awaits a registry-backed helper for orders, then for stock",
      files: { ...catalog("`${base}/${path}`", oneAfterAnother), ...backends, ...compose },
      errors: [{ messageId: "sequential", file: "services/catalog/src/server.js", line: 4, data: { targets: "orders,stock" } }],
    },
    {
      name: "the handler runs a controller method through a circuit breaker around each (module.exports = withBreaker(Controller, makeBreaker); ctrl.create.fire(req, res))",
      files: {
        ...catalog("`${base}/${path}`", ""),
        "services/catalog/src/breaker.js": `exports.makeBreaker = (fn) => ({ fire: (...args) => fn(...args) });\nexports.withBreaker = (C, make) => { const o = new C(); for (const k of Object.getOwnPropertyNames(C.prototype)) o[k] = make(o[k].bind(o)); return o; };\n`,
        "services/catalog/src/controller.js": `const Notifier = require("./notifier");\nconst { withBreaker, makeBreaker } = require("./breaker");\nclass ProductsController {\n  async create(req, res) {\n${oneAfterAnother}\n    res.json({});\n  }\n}\nmodule.exports = withBreaker(ProductsController, makeBreaker);\n`,
        "services/catalog/src/server.js": `const express = require("express");\nconst products = require("./controller");\nconst app = express();\napp.post("/v1/products", (req, res) => products.create.fire(req, res));\napp.listen(3000);\n`,
        ...backends,
        ...compose,
      },
      errors: [{ messageId: "sequential", file: "services/catalog/src/server.js", line: 4, data: { targets: "orders,stock" } }],
    },
    {
      name: "the helper puts the name in the URL's host itself",
      files: { ...catalog("`http://${target}:3000/${path}`", oneAfterAnother), ...backends, ...compose },
      errors: [{ messageId: "sequential", file: "services/catalog/src/server.js", line: 4, data: { targets: "orders,stock" } }],
    },
  ],
});

describe("calls a helper is told to make are calls of the call site", () => {
  it("each names the service, the route it reaches and why; the helper's own call stays unresolved", () => {
    const { model } = lintTree({ ...catalog("`${base}/${path}`", oneAfterAnother), ...backends, ...compose });
    expect(model.calls.filter((c) => c.service === "catalog").map((c) => `${c.location.file}:${c.location.line} ${c.method} ${c.url} → ${c.targetRoute ?? c.resolution}`)).toEqual([
      "services/catalog/src/notifier.js:8 POST {await this.lookup(target)}/{path} → the URL did not resolve to a host",
      "services/catalog/src/server.js:5 POST http://orders/v1/orders/products → orders POST /v1/orders/products",
      "services/catalog/src/server.js:6 POST http://stock/v1/stock/items → stock POST /v1/stock/items",
    ]);
    expect(model.calls.find((c) => c.location.line === 5 && c.service === "catalog")?.resolution).toBe('the service name "orders" given to Notifier.send() at services/catalog/src/notifier.js:8 (host orders)');
  });
});
