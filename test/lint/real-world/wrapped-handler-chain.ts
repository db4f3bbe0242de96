import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "wrapped-handler-chain",
  mirrors:
    "npm-workspaces repo of three Express services in compose, gateway → orders → inventory over HTTP, whose handlers are wrapped by higher-order functions (a tracing withSpan(name, handler) default-exported and re-exported through an index, an asyncHandler(fn) in CommonJS) and whose clients take their URLs from env with compose-name fallbacks (an axios.create instance; fetch in a client class whose instance the module exports, its base URL a constructor parameter's default)",
  services: [
    // GET /healthz, and POST /api/v1/orders, GET /api/v1/orders/:id through the router mounted by buildApp().
    { name: "gateway", root: "services/gateway", routes: 3, datastores: [] },
    // GET /health, POST /api/v1/reservations, GET /api/v1/stock/:sku.
    { name: "inventory", root: "services/inventory", routes: 3, datastores: [] },
    // GET /health, POST /api/v1/orders (behind a validate(schema) middleware), GET /api/v1/orders/:id.
    { name: "orders", root: "services/orders", routes: 3, datastores: [] },
  ],
  libraries: [],
  topics: [],
  findings: [
    // Placing an order waits on orders, which waits on inventory before answering. Reading an order
    // (GET /api/v1/orders/:id) is one hop: orders answers from its own store.
    {
      rule: "sync-call-chain",
      services: "gateway,orders,inventory",
      at: "services/gateway/src/handlers/create-order.ts:6",
      hops: [
        "services/gateway/src/routes/orders.ts:7", // gateway POST /api/v1/orders is handled here
        "services/gateway/src/routes/orders.ts:7", // by createOrder (withSpan's argument, re-exported by handlers/index.ts)
        "services/gateway/src/handlers/create-order.ts:6", // ordersApi.post: ORDERS_URL=http://orders:3001
        "services/orders/src/routes.js:10", // orders POST /api/v1/orders is handled here
        "services/orders/src/routes.js:10", // by placeOrder, asyncHandler's result
        "services/orders/src/handlers/orders.js:7", // the function asyncHandler wraps
        "services/orders/src/handlers/orders.js:9", // inventory.reserve(...): the InventoryClient instance clients/inventory.js exports
        "services/orders/src/clients/inventory.js:9", // fetch(`${this.baseUrl}/...`): the constructor's default, INVENTORY_URL=http://inventory:3002 (compose)
        "services/inventory/src/reservations.ts:7", // inventory POST /api/v1/reservations is handled here
      ],
    },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "gateway", at: "services/gateway/src/index.ts:1" }, // gateway serves POST /api/v1/orders
    { rule: "missing-tracing", services: "inventory", at: "services/inventory/src/main.ts:1" }, // inventory serves POST /api/v1/reservations
    { rule: "missing-tracing", services: "orders", at: "services/orders/src/server.js:1" }, // orders serves POST /api/v1/orders
    // No timeout and no breaker on these calls (unprotected-call).
    { rule: "unprotected-call", services: "orders", at: "services/orders/src/clients/inventory.js:9" },
  ],
  diagnostics: [],
};

export default expected;
