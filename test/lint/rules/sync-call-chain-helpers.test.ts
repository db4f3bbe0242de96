import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * Services often wrap their HTTP client in a small helper of their own (`getJson(url)`, `postJson(url, body)`) and
 * call it with the other service's URL: each such call is the request, made where the helper is called.
 */

const compose = "services:\n  gateway:\n    build: ./services/gateway\n    environment:\n      USERS_URL: http://users:3001\n      CARTS_URL: http://carts:3002\n  users:\n    build: ./services/users\n    environment:\n      BILLING_URL: http://billing:3003\n  carts:\n    build: ./services/carts\n  billing:\n    build: ./services/billing\n";

const plain = (name: string, port: number, route: string): Tree =>
  service(`services/${name}`, ["express"], { "src/server.js": `const express = require("express");\nconst app = express();\napp.get("${route}", (req, res) => res.json({}));\napp.listen(${port});\n` });

const shop = (usersServer: string): Tree => ({
  "docker-compose.yml": compose,
  ...service("services/gateway", ["express", "axios"], {
    "src/http.js": `const axios = require("axios");\nasync function getJson(url, options) {\n  const answer = await axios.get(url, options);\n  return answer.data;\n}\nmodule.exports = { getJson };\n`,
    "src/server.js": `const express = require("express");\nconst { getJson } = require("./http");\nconst app = express();\napp.get("/v1/basket/:id", async (req, res) => {\n  const user = await getJson(\`\${process.env.USERS_URL}/v1/users/\${req.params.id}\`);\n  const cart = await getJson(\`\${process.env.CARTS_URL}/v1/carts/\${req.params.id}\`, { timeout: 500 });\n  res.json({ user, cart });\n});\napp.listen(3000);\n`,
  }),
  ...service("services/users", ["express", "node-fetch"], { "src/server.js": usersServer }),
  ...plain("carts", 3002, "/v1/carts/:id"),
  ...plain("billing", 3003, "/v1/accounts/:id"),
});

const USERS_WITH_LOCAL_HELPER = `const express = require("express");\nconst fetch = require("node-fetch");\nconst app = express();\nfunction fetchFrom(url) {\n  return fetch(url).then((r) => r.json());\n}\napp.get("/v1/users/:id", async (req, res) => {\n  res.json(await fetchFrom(process.env.BILLING_URL + "/v1/accounts/" + req.params.id));\n});\napp.listen(3001);\n`;

describe("[U] calls made through a helper that requests the URL its callers pass", () => {
  it("each call of the helper is a call to the service its URL names, from the caller's function", () => {
    const { model } = lintTree(shop(USERS_WITH_LOCAL_HELPER));
    expect(model.calls.filter((c) => c.targetService).map((c) => `${c.service} ${c.client} ${c.method} ${c.url} → ${c.targetRoute}`)).toEqual([
      "gateway axios GET http://users:3001/v1/users/{req.params.id} → users GET /v1/users/:id",
      "gateway axios GET http://carts:3002/v1/carts/{req.params.id} → carts GET /v1/carts/:id",
      "users fetch GET http://billing:3003/v1/accounts/{req.params.id} → billing GET /v1/accounts/:id",
    ]);
  });

  it("sync-call-chain sees the chain and the sequential fan-out behind the helpers", () => {
    const { findings } = lintTree(shop(USERS_WITH_LOCAL_HELPER), { only: "sync-call-chain" });
    expect(findings.filter((f) => f.ruleId === "sync-call-chain").map((f) => `${f.messageId}: ${f.message}`)).toEqual([
      "sequential: GET /v1/basket/:id in gateway awaits users and carts one after another; run independent calls in parallel (Promise.all) or move them off the request path",
      "chain: GET /v1/basket/:id in gateway waits on a chain of 2 synchronous calls (more than 1): gateway GET /v1/basket/:id → users GET /v1/users/:id → billing GET /v1/accounts/:id",
    ]);
  });

  it("a helper whose URL is not its parameter, or an argument that is no URL, makes no call at the call site", () => {
    const users = `const express = require("express");\nconst fetch = require("node-fetch");\nconst app = express();\nfunction ping(label) {\n  return fetch(process.env.BILLING_URL + "/v1/accounts/" + label);\n}\napp.get("/v1/users/:id", async (req, res) => {\n  res.json(await ping("/v1/users/me"));\n});\napp.listen(3001);\n`;
    const { model } = lintTree(shop(users));
    expect(model.calls.filter((c) => c.service === "users").map((c) => `${c.url} ${c.location.line}`)).toEqual(["http://billing:3003/v1/accounts/{label} 5"]);
  });
});

/**
 * A helper that makes the request with the options object its callers build (`requestWithRetry({ method, uri })` running
 * `rp(options)` of request-promise-native), reached as a module's method (`http.requestWithRetry(...)`) or by name, the
 * options written at the call or in a const of the caller: checkout asks users, then orders, and orders asks stock.
 */
const retryHelper = `const rp = require("request-promise-native");\nexports.requestWithRetry = async (options) => {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await rp(options);\n    } catch (err) {\n      if (attempt === 2) throw err;\n    }\n  }\n};\n`;
const withOptions: Tree = {
  "docker-compose.yml": "services:\n  checkout:\n    build: ./services/checkout\n    environment:\n      USERS_URL: http://users:3001\n      ORDERS_URL: http://orders:3004\n  orders:\n    build: ./services/orders\n    environment:\n      STOCK_URL: http://stock:3005\n  users:\n    build: ./services/users\n  stock:\n    build: ./services/stock\n",
  ...service("services/checkout", ["express", "request-promise-native"], {
    "src/lib/http.js": retryHelper,
    "src/server.js": `const express = require("express");\nconst http = require("./lib/http");\nconst app = express();\napp.post("/v1/checkout", async (req, res) => {\n  const user = await http.requestWithRetry({ method: "GET", uri: \`\${process.env.USERS_URL}/v1/users/\${req.body.user}\`, json: true });\n  const order = await http.requestWithRetry({ method: "POST", uri: process.env.ORDERS_URL + "/v1/orders", body: { user }, json: true });\n  res.json(order);\n});\napp.listen(3000);\n`,
  }),
  ...service("services/orders", ["express", "request-promise-native"], {
    "src/retry.js": retryHelper,
    "src/server.js": `const express = require("express");\nconst { requestWithRetry } = require("./retry");\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  const options = { uri: \`\${process.env.STOCK_URL}/v1/stock/\${req.body.sku}\`, json: true };\n  res.json(await requestWithRetry(options));\n});\napp.listen(3004);\n`,
  }),
  ...plain("users", 3001, "/v1/users/:id"),
  ...plain("stock", 3005, "/v1/stock/:sku"),
};

describe("[U] calls made through a helper that requests the options object its callers pass", () => {
  it("each call of the helper is a call with the options' URL and method, from the caller's function", () => {
    const { model } = lintTree(withOptions);
    expect(model.calls.filter((c) => c.targetService).map((c) => `${c.service} ${c.location.line} ${c.method} ${c.url} → ${c.targetRoute}`).sort()).toEqual([
      "checkout 5 GET http://users:3001/v1/users/{req.body.user} → users GET /v1/users/:id",
      "checkout 6 POST http://orders:3004/v1/orders → orders POST /v1/orders",
      "orders 6 GET http://stock:3005/v1/stock/{req.body.sku} → stock GET /v1/stock/:sku",
    ]);
  });

  it("sync-call-chain sees the sequential fan-out and the chain behind the helper", () => {
    const result = lintTree(withOptions, { only: "sync-call-chain" });
    expect(result.findings.map((f) => `${f.location.file}:${f.location.line} ${f.messageId} ${f.data?.services ?? f.data?.targets}`).sort()).toEqual([
      "services/checkout/src/server.js:4 sequential users,orders",
      "services/checkout/src/server.js:6 chain checkout,orders,stock",
    ]);
  });

  it("an options object with no URL-like url (a path alone from a variable) makes no call at the call site", () => {
    const files = { ...withOptions, "services/orders/src/server.js": `const express = require("express");\nconst { requestWithRetry } = require("./retry");\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  res.json(await requestWithRetry({ uri: req.body.callback, json: true }));\n});\napp.listen(3004);\n` };
    expect(lintTree(files).model.calls.filter((c) => c.service === "orders" && c.targetService)).toEqual([]);
  });
});
