import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "injected-context-gateway",
  mirrors:
    "pnpm workspace of four Fastify services built from a shared package's server factory, whose gateway takes its HTTP function and base URLs as options (`settings.requestFn ?? request`, `settings.cartsBase ?? \"http://localhost:7101\"`, filled from the env by its entry), keeps them in one object it hands to the function that mounts its routes, and calls through helpers given the function and the URL (`currentShopper(upstreams.requestFn, upstreams.accountsBase, …)`, `relay(reply, upstreams.requestFn, url, init)`); the carts service hands `{ requestFn, pricingBase }` to a checkout module",
  services: [
    // GET /health (the kit's), GET /v1/sessions/me.
    { name: "accounts", root: "services/accounts", routes: 2, datastores: [] },
    // GET /health, GET /v1/carts/:cartId, POST /v1/carts/:cartId/checkout.
    { name: "carts", root: "services/carts", routes: 3, datastores: [] },
    // GET /health, GET /api/v1/carts/:cartId, POST /api/v1/carts/:cartId/checkout.
    { name: "gateway", root: "services/gateway", routes: 3, datastores: [] },
    // GET /health, POST /v1/quotes.
    { name: "pricing", root: "services/pricing", routes: 2, datastores: [] },
  ],
  libraries: [{ name: "kit", root: "packages/kit" }],
  topics: [],
  findings: [
    // Both gateway routes ask accounts who is calling, then relay to carts: two services one after another.
    {
      rule: "sync-call-chain",
      services: "gateway",
      at: "services/gateway/src/routes/carts.ts:5",
      hops: [
        "services/gateway/src/routes/carts.ts:5", // gateway GET /api/v1/carts/:cartId is handled here
        "services/gateway/src/routes/carts.ts:6", // currentShopper → readSession → requestFn(`${accountsBase}/v1/sessions/me`): ACCOUNTS_SERVICE_URL=http://accounts:7102
        "services/gateway/src/routes/carts.ts:8", // relay → requestFn(url, { ...init }): CARTS_SERVICE_URL=http://carts:7101, GET from the init it is given
      ],
    },
    {
      rule: "sync-call-chain",
      services: "gateway",
      at: "services/gateway/src/routes/carts.ts:11",
      hops: [
        "services/gateway/src/routes/carts.ts:11", // gateway POST /api/v1/carts/:cartId/checkout is handled here
        "services/gateway/src/routes/carts.ts:13", // currentShopper: accounts
        "services/gateway/src/routes/carts.ts:15", // relay: carts, POST
      ],
    },
    // Checking out waits on carts, which waits on pricing before answering.
    {
      rule: "sync-call-chain",
      services: "gateway,carts,pricing",
      at: "services/gateway/src/routes/carts.ts:15",
      hops: [
        "services/gateway/src/routes/carts.ts:11", // gateway POST /api/v1/carts/:cartId/checkout is handled here
        "services/gateway/src/routes/carts.ts:15", // relay(reply, upstreams.requestFn, `${upstreams.cartsBase}/v1/carts/…/checkout`, { method: "POST" })
        "services/carts/src/main.ts:12", // carts POST /v1/carts/:cartId/checkout is handled here
        "services/carts/src/main.ts:13", // priceCart({ requestFn, pricingBase }) → deps.requestFn(`${deps.pricingBase}/v1/quotes`): PRICING_SERVICE_URL=http://pricing:7103
        "services/pricing/src/main.ts:4", // pricing POST /v1/quotes is handled here
      ],
    },
    // No service starts a tracer.
    { rule: "missing-tracing", services: "accounts", at: "services/accounts/src/main.ts:1" },
    { rule: "missing-tracing", services: "carts", at: "services/carts/src/main.ts:1" },
    { rule: "missing-tracing", services: "gateway", at: "services/gateway/src/main.ts:1" },
    { rule: "missing-tracing", services: "pricing", at: "services/pricing/src/main.ts:1" },
    // No timeout and no breaker on any call (undici's request with no headersTimeout, bodyTimeout or signal).
    { rule: "unprotected-call", services: "carts", at: "services/carts/src/main.ts:13" },
    { rule: "unprotected-call", services: "gateway", at: "services/gateway/src/routes/carts.ts:13" },
    { rule: "unprotected-call", services: "gateway", at: "services/gateway/src/routes/carts.ts:15" },
    { rule: "unprotected-call", services: "gateway", at: "services/gateway/src/routes/carts.ts:6" },
    { rule: "unprotected-call", services: "gateway", at: "services/gateway/src/routes/carts.ts:8" },
  ],
  // The literal bases are fallbacks of options the entry fills from the env: no hardcoded-endpoint, nothing not understood.
  diagnostics: [],
};

export default expected;
