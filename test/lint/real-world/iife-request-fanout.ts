import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "iife-request-fanout",
  mirrors:
    "compose repo of an older Express front end, its app and route modules each built inside an IIFE ((function () { … module.exports = app; }())) and mounted with app.use(require('./routes/x')), calling users, orders and carts with the request library (callbacks) and request-promise-native (awaited), streaming catalogue pages through request(url).pipe(res) proxies, URLs from an endpoints module of string concatenations",
  services: [
    { name: "carts", root: "carts", routes: 3, datastores: [] },
    { name: "catalogue", root: "catalogue", routes: 2, datastores: [] },
    // /overview in server.js; /customer, /register, /logout from routes/account.js (an IIFE-built app of its own);
    // /cart, /checkout, /cart/:itemId from routes/cart.js (a router); the two catalogue proxies of routes/catalogue.js.
    { name: "front-end", root: "front-end", routes: 9, datastores: [] },
    { name: "orders", root: "orders", routes: 2, datastores: [] },
    { name: "users", root: "users", routes: 2, datastores: [] },
  ],
  libraries: [],
  topics: [],
  findings: [
    // No route of the repository carries a version.
    { rule: "unversioned-route", services: "carts", at: "carts/server.js:14" },
    { rule: "unversioned-route", services: "carts", at: "carts/server.js:16" },
    { rule: "unversioned-route", services: "carts", at: "carts/server.js:21" },
    { rule: "unversioned-route", services: "catalogue", at: "catalogue/index.js:13" },
    { rule: "unversioned-route", services: "catalogue", at: "catalogue/index.js:18" },
    { rule: "unversioned-route", services: "front-end", at: "front-end/routes/account.js:11" },
    { rule: "unversioned-route", services: "front-end", at: "front-end/routes/account.js:19" },
    { rule: "unversioned-route", services: "front-end", at: "front-end/routes/account.js:27" },
    { rule: "unversioned-route", services: "front-end", at: "front-end/routes/cart.js:11" },
    { rule: "unversioned-route", services: "front-end", at: "front-end/routes/cart.js:21" },
    { rule: "unversioned-route", services: "front-end", at: "front-end/routes/cart.js:32" },
    // GET /catalogue/images* and GET /catalogue*: wildcards with one method that serve the path (they stream the
    // catalogue's answer back), so routes; their calls reach catalogue (the host's first label, the path set at run time).
    { rule: "unversioned-route", services: "front-end", at: "front-end/routes/catalogue.js:11" },
    { rule: "unversioned-route", services: "front-end", at: "front-end/routes/catalogue.js:18" },
    { rule: "unversioned-route", services: "front-end", at: "front-end/server.js:25" },
    { rule: "unversioned-route", services: "orders", at: "orders/app.js:10" },
    { rule: "unversioned-route", services: "orders", at: "orders/app.js:14" },
    { rule: "unversioned-route", services: "users", at: "users/index.js:9" },
    { rule: "unversioned-route", services: "users", at: "users/index.js:15" },
    // GET /overview: users, then orders in users' callback.
    {
      rule: "sync-call-chain",
      services: "front-end",
      at: "front-end/server.js:25",
      hops: ["front-end/server.js:25", "front-end/server.js:29", "front-end/server.js:31"],
    },
    // POST /checkout: the cart, then the order, each awaited with request-promise.
    {
      rule: "sync-call-chain",
      services: "front-end",
      at: "front-end/routes/cart.js:21",
      hops: ["front-end/routes/cart.js:21", "front-end/routes/cart.js:24", "front-end/routes/cart.js:25"],
    },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "carts", at: "carts/server.js:1" }, // carts serves GET /carts/:customerId/items
    { rule: "missing-tracing", services: "catalogue", at: "catalogue/index.js:1" }, // catalogue serves GET /catalogue
    { rule: "missing-tracing", services: "front-end", at: "front-end/server.js:1" }, // front-end serves GET /customer
    { rule: "missing-tracing", services: "orders", at: "orders/app.js:1" }, // orders serves GET /orders
    { rule: "missing-tracing", services: "users", at: "users/index.js:1" }, // users serves GET /customers/:id
    // No timeout and no breaker on these calls (unprotected-call).
    { rule: "unprotected-call", services: "front-end", at: "front-end/routes/account.js:13" },
    { rule: "unprotected-call", services: "front-end", at: "front-end/routes/account.js:20" },
    { rule: "unprotected-call", services: "front-end", at: "front-end/routes/cart.js:13" },
    { rule: "unprotected-call", services: "front-end", at: "front-end/routes/cart.js:24" },
    { rule: "unprotected-call", services: "front-end", at: "front-end/routes/cart.js:25" },
    { rule: "unprotected-call", services: "front-end", at: "front-end/routes/cart.js:33" },
    { rule: "unprotected-call", services: "front-end", at: "front-end/routes/catalogue.js:13" },
    { rule: "unprotected-call", services: "front-end", at: "front-end/routes/catalogue.js:19" },
    { rule: "unprotected-call", services: "front-end", at: "front-end/server.js:29" },
    { rule: "unprotected-call", services: "front-end", at: "front-end/server.js:31" },
  ],
  diagnostics: [],
};

export default expected;
