import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * Handlers as older and real-world Node code writes them: wrapped by higher-order functions,
 * exported through them, and making their calls in callbacks and promise chains.
 */

const plain = (name: string, method: string, path: string): Tree =>
  service(`services/${name}`, ["express"], { "src/server.js": `const express = require("express");\nconst app = express();\napp.${method}("${path}", (req, res) => res.json({}));\napp.listen(3000);\n` });

const compose: Tree = {
  "docker-compose.yml":
    "services:\n  front:\n    build: ./services/front\n  a:\n    build: ./services/a\n    environment:\n      B_URL: http://b:3000\n  b:\n    build: ./services/b\n    environment:\n      C_URL: http://c:3000\n  c:\n    build: ./services/c\n  users:\n    build: ./services/users\n  carts:\n    build: ./services/carts\n  orders:\n    build: ./services/orders\n",
};

/** a → b → c, where b's handler is exported through a tracing wrapper and a's is wrapped inline. */
const wrappedChain: Tree = {
  ...service("services/a", ["express", "axios", "express-async-handler"], {
    "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst asyncHandler = require("express-async-handler");\nconst app = express();\napp.get("/v1/a", asyncHandler(async (req, res) => {\n  const r = await axios.get(\`\${process.env.B_URL}/v1/b\`);\n  res.json(r.data);\n}));\napp.listen(3000);\n`,
  }),
  ...service("services/b", ["express", "axios"], {
    "src/lib/tracing.js": `function withSpan(fn) {\n  return async function traced(req, res, next) {\n    return fn(req, res, next);\n  };\n}\nmodule.exports = { withSpan };\n`,
    "src/handlers/get-b.js": `const { withSpan } = require("../lib/tracing");\nconst axios = require("axios");\nasync function handler(req, res) {\n  const r = await axios.get(process.env.C_URL + "/v1/c");\n  res.json(r.data);\n}\nmodule.exports = withSpan(handler);\n`,
    "src/server.js": `const express = require("express");\nconst getB = require("./handlers/get-b");\nconst app = express();\napp.get("/v1/b", getB);\napp.listen(3000);\n`,
  }),
  ...plain("c", "get", "/v1/c"),
};

/** An express app built inside an IIFE whose handler calls users, carts and orders with `request`, step by step. */
const iifeFront = (handlerBody: string): Tree => ({
  ...service("services/front", ["express", "request", "request-promise", "async"], {
    "src/endpoints.js": `(function () {\n  "use strict";\n  var util = require("util");\n  var domain = process.env.DOMAIN ? "." + process.env.DOMAIN : "";\n  module.exports = {\n    usersUrl: util.format("http://users%s/v1/users", domain),\n    cartsUrl: util.format("http://carts%s/v1/carts", domain),\n    ordersUrl: util.format("http://orders%s/v1/orders", domain),\n  };\n}());\n`,
    "src/server.js": `(function () {\n  "use strict";\n  var express = require("express"), request = require("request"), rp = require("request-promise"), async = require("async"), endpoints = require("./endpoints");\n  var app = express();\n  app.post("/v1/checkout", function (req, res, next) {\n    var id = req.params.id;\n${handlerBody}\n  });\n  app.listen(8079);\n}());\n`,
  }),
  ...plain("users", "get", "/v1/users/:id"),
  ...plain("carts", "get", "/v1/carts/:id"),
  ...plain("orders", "post", "/v1/orders"),
});

const sideBySide = `    request(endpoints.usersUrl + "/" + id, function (e, r, user) { res.write(user); });\n    request(endpoints.cartsUrl + "/" + id, function (e, r, cart) { res.end(cart); });`;
const inCatch = `    rp(endpoints.usersUrl + "/" + id).catch(function () { return rp(endpoints.cartsUrl + "/" + id); }).then(function (x) { res.json(x); });`;

const waterfall = `    async.waterfall([
      function (cb) { request(endpoints.usersUrl + "/" + id, function (e, r, user) { cb(e, user); }); },
      function (user, cb) { request.get({ url: endpoints.cartsUrl + "/" + id }, function (e, r, cart) { cb(e, user, cart); }); },
      function (user, cart, cb) {
        var options = { uri: endpoints.ordersUrl, method: "POST", json: true, body: { user: user, cart: cart } };
        request(options, function (e, r, order) { cb(e, order); });
      },
    ], function (err, order) { if (err) return next(err); res.status(201).json(order); });`;

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "callbacks of calls fired side by side run concurrently: not one after another",
      files: { ...iifeFront(sideBySide), ...compose },
    },
    {
      name: "async.parallel runs its steps side by side",
      files: { ...iifeFront(`    async.parallel([\n      function (cb) { request(endpoints.usersUrl + "/" + id, cb); },\n      function (cb) { request(endpoints.cartsUrl + "/" + id, cb); },\n    ], function (err, out) { res.json(out); });`), ...compose },
    },
    {
      name: "a call in a catch callback is not a step of the normal path",
      files: { ...iifeFront(inCatch), ...compose },
    },
  ],
  invalid: [
    {
      name: "a → b → c through a handler wrapped inline (asyncHandler) and one exported through withSpan(handler)",
      files: { ...wrappedChain, ...compose },
      errors: [{ messageId: "chain", file: "services/a/src/server.js", line: 6, hops: 5, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "a → b → c where b's handler module does export default withSpan(async (req, res) => ...)",
      files: {
        ...wrappedChain,
        "services/b/src/handlers/get-b.js": `import { withSpan } from "../lib/tracing";\nimport axios from "axios";\nexport default withSpan(async (req, res) => {\n  const r = await axios.get(process.env.C_URL + "/v1/c");\n  res.json(r.data);\n});\n`,
        "services/b/src/server.js": `import express from "express";\nimport getB from "./handlers/get-b";\nconst app = express();\napp.get("/v1/b", getB);\n`,
        ...compose,
      },
      errors: [{ messageId: "chain", file: "services/a/src/server.js", line: 6, hops: 5, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "an IIFE-built app whose handler calls three services in async.waterfall steps (request, URLs from util.format)",
      files: { ...iifeFront(waterfall), ...compose },
      errors: [{ messageId: "sequential", file: "services/front/src/server.js", line: 5, hops: 4, data: { targets: "users,carts,orders" } }],
    },
    {
      name: "nested request callbacks: the second call is made once the first has answered",
      files: { ...iifeFront(`    request(endpoints.usersUrl + "/" + id, function (e, r, user) {\n      request(endpoints.cartsUrl + "/" + id, function (e2, r2, cart) { res.json([user, cart]); });\n    });`), ...compose },
      errors: [{ messageId: "sequential", file: "services/front/src/server.js", line: 5, hops: 3, data: { targets: "users,carts" } }],
    },
    {
      name: "a promise chain: request-promise then another call",
      files: { ...iifeFront(`    rp(endpoints.usersUrl + "/" + id).then(function (user) { return rp(endpoints.cartsUrl + "/" + id); }).then(function (cart) { res.json(cart); });`), ...compose },
      errors: [{ messageId: "sequential", file: "services/front/src/server.js", line: 5, hops: 3, data: { targets: "users,carts" } }],
    },
  ],
});

describe("the valid cases above make the calls they are about", () => {
  it("both calls resolve to users and carts, inside the route's handler", () => {
    for (const body of [sideBySide, inCatch]) {
      const { model } = lintTree({ ...iifeFront(body), ...compose });
      expect(model.calls.filter((c) => c.service === "front").map((c) => `${c.client} ${c.method} ${c.url} → ${c.targetRoute}`)).toEqual([
        "request GET http://users{domain}/v1/users/{req.params.id} → users GET /v1/users/:id",
        "request GET http://carts{domain}/v1/carts/{req.params.id} → carts GET /v1/carts/:id",
      ]);
    }
  });
});

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "a middleware's call and the handler's are not reported as awaited one after another",
      files: {
        ...service("services/a", ["express", "axios"], {
          "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\nasync function authenticate(req, res, next) {\n  await axios.get("http://users:3000/v1/users/me");\n  next();\n}\napp.get("/v1/a", authenticate, async (req, res) => res.json(await axios.get("http://carts:3000/v1/carts/1")));\n`,
        }),
        ...plain("users", "get", "/v1/users/:id"),
        ...plain("carts", "get", "/v1/carts/:id"),
        ...compose,
      },
    },
  ],
  invalid: [
    {
      name: "a → users → c through an authentication middleware of the route",
      files: {
        ...service("services/a", ["express", "axios"], {
          "src/auth.js": `const axios = require("axios");\nexports.authenticate = async function (req, res, next) {\n  req.user = (await axios.get("http://users:3000/v1/users/me")).data;\n  next();\n};\n`,
          "src/server.js": `const express = require("express");\nconst { authenticate } = require("./auth");\nconst app = express();\napp.get("/v1/a", [authenticate], (req, res) => res.json(req.user));\n`,
        }),
        ...service("services/users", ["express", "axios"], {
          "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.get("/v1/users/:id", async (req, res) => res.json(await axios.get(\`\${process.env.C_URL}/v1/c\`)));\n`,
        }),
        ...plain("c", "get", "/v1/c"),
        ...compose,
        "services/users/.env": "C_URL=http://c:3000\n",
      },
      errors: [{ messageId: "chain", file: "services/a/src/auth.js", line: 3, hops: 6, data: { services: "a,users,c", depth: 2 } }],
    },
  ],
});

/** a's route is a method of a controller instance; b's handler calls a method of a local class's instance. */
const controllerChain: Tree = {
  ...service("services/a", ["express", "axios"], {
    "src/orders.controller.ts": `import axios from "axios";\nexport class OrdersController {\n  constructor(private readonly base = process.env.B_URL) {}\n  async list(req: any, res: any) {\n    res.json(await this.fetchB());\n  }\n  private async fetchB() {\n    return (await axios.get(\`\${process.env.B_URL}/v1/b\`)).data;\n  }\n}\n`,
    "src/server.ts": `import express from "express";\nimport { OrdersController } from "./orders.controller";\nconst app = express();\nconst orders = new OrdersController();\napp.get("/v1/a", orders.list.bind(orders));\n`,
  }),
  ...service("services/b", ["express", "axios"], {
    "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\nclass Handlers {\n  async get(req, res) { res.json(await axios.get(process.env.C_URL + "/v1/c")); }\n}\nconst handlers = new Handlers();\napp.get("/v1/b", (req, res) => handlers.get(req, res));\n`,
  }),
  ...plain("c", "get", "/v1/c"),
  ...compose,
};

ruleTester("sync-call-chain", {
  valid: [{ name: "the controller chain a → b → c is within maxDepth 2", files: controllerChain, options: { maxDepth: 2 } }],
  invalid: [
    {
      name: "a → b → c where a's route is a method of a controller instance (new OrdersController(), .bind)",
      files: controllerChain,
      errors: [{ messageId: "chain", file: "services/a/src/orders.controller.ts", line: 8, hops: 7, data: { services: "a,b,c", depth: 2 } }],
    },
  ],
});

/** b's handler calls a method of the instance its client module exports (a process-wide client). */
const instanceChain = (clientModule: string, serverModule: string): Tree => ({
  ...plain("a", "get", "/v1/a"),
  "services/a/src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.get("/v1/a", async (req, res) => res.json((await axios.get(process.env.B_URL + "/v1/b")).data));\napp.listen(3000);\n`,
  ...service("services/b", ["express"], { "src/c-client.js": clientModule, "src/server.js": serverModule }),
  ...plain("c", "get", "/v1/c"),
  ...compose,
});
const cjsInstance = instanceChain(
  `class CClient {\n  constructor(base = process.env.C_URL || "http://c:3000") {\n    this.base = base;\n  }\n  async items() {\n    return (await fetch(\`\${this.base}/v1/c\`)).json();\n  }\n}\nmodule.exports = new CClient();\n`,
  `const express = require("express");\nconst cClient = require("./c-client");\nconst app = express();\napp.get("/v1/b", async (req, res) => res.json(await cClient.items()));\napp.listen(3000);\n`,
);

ruleTester("sync-call-chain", {
  valid: [{ name: "the instance chain a → b → c is within maxDepth 2", files: cjsInstance, options: { maxDepth: 2 } }],
  invalid: [
    {
      name: "a → b → c where b calls a method of the instance its client module exports (module.exports = new CClient())",
      files: cjsInstance,
      errors: [{ messageId: "chain", file: "services/a/src/server.js", line: 4, hops: 6, data: { services: "a,b,c", depth: 2 } }],
    },
    {
      name: "the same with export default new CClient() in ESM",
      files: instanceChain(
        `export class CClient {\n  async items() {\n    return (await fetch(process.env.C_URL + "/v1/c")).json();\n  }\n}\nexport default new CClient();\n`,
        `import express from "express";\nimport cClient from "./c-client";\nconst app = express();\napp.get("/v1/b", async (req, res) => res.json(await cClient.items()));\napp.listen(3000);\n`,
      ),
      errors: [{ messageId: "chain", file: "services/a/src/server.js", line: 4, hops: 6, data: { services: "a,b,c", depth: 2 } }],
    },
  ],
});
