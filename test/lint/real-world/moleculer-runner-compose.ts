import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "moleculer-runner-compose",
  mirrors:
    "a moleculer-cli project: one package whose services/*.service.{js,ts} moleculer-runner loads, deployed as one compose entry per service from one image (SERVICES=gateway, accounts, catalog, billing), NATS as the transporter in moleculer.config.js, a moleculer-web gateway with aliases (one to a versioned action, a REST shorthand, one answered in place) and autoAliases under /api/v2, a moleculer-db mixin two services share, and ctx.call / ctx.emit between them",
  services: [
    // GET /api/accounts/:id, the six routes of "REST /catalog", GET /api/status (answered by the gateway), and billing's
    // two rest actions under /api/v2/billing (autoAliases with the service's settings.rest).
    { name: "gateway", root: "", routes: 10, datastores: [] },
    // The db mixin's MongoDB, with SHOP_DB from docker-compose.env: the same database for accounts and catalog.
    { name: "accounts", root: "", routes: 0, datastores: ["mongodb://mongo:27017/shop"] },
    { name: "catalog", root: "", routes: 0, datastores: ["mongodb://mongo:27017/shop"] },
    // Its own adapter, BILLING_DB from its compose environment.
    { name: "billing", root: "", routes: 0, datastores: ["mongodb://mongo:27017/billing"] },
  ],
  libraries: [],
  // billing emits invoice.paid, accounts handles it; the transporter is NATS (TRANSPORTER in docker-compose.env).
  topics: [
    { service: "billing", system: "nats", topic: "invoice.paid", role: "produce" },
    { service: "accounts", system: "nats", topic: "invoice.paid", role: "consume" },
  ],
  findings: [
    // One database behind two services, through the mixin both import.
    { rule: "shared-database", services: "accounts,catalog", at: "mixins/db.mixin.js:10" },
    // catalog.get waits on billing.price, which waits on v1.accounts.find: two hops across three deployments.
    {
      rule: "sync-call-chain",
      services: "catalog,billing,accounts",
      at: "services/catalog.service.js:16",
      hops: ["services/catalog.service.js:12", "services/catalog.service.js:16", "services/billing.service.js:15", "services/billing.service.js:18", "services/accounts.service.ts:12"],
    },
    // catalog's call has no timeout option, the broker's requestTimeout is 0 and its circuit breaker is off; billing's
    // call sets { timeout: 1500 }, so it is guarded.
    { rule: "unprotected-call", services: "catalog", at: "services/catalog.service.js:16" },
    // The gateway's /api routes carry no version (the alias to v1.accounts.find neither: the path is what clients see);
    // /api/v2/billing/... does, and GET /api/status is a probe.
    { rule: "unversioned-route", services: "gateway", at: "services/gateway.service.js:15" },
    { rule: "unversioned-route", services: "gateway", at: "services/gateway.service.js:16" },
    { rule: "unversioned-route", services: "gateway", at: "services/gateway.service.js:16" },
    { rule: "unversioned-route", services: "gateway", at: "services/gateway.service.js:16" },
    { rule: "unversioned-route", services: "gateway", at: "services/gateway.service.js:16" },
    { rule: "unversioned-route", services: "gateway", at: "services/gateway.service.js:16" },
    { rule: "unversioned-route", services: "gateway", at: "services/gateway.service.js:16" },
    // No service starts a tracer; those that serve, call or are called by another are reported (accounts answers
    // billing's call, reported in its own code).
    { rule: "missing-tracing", services: "gateway", at: "services/gateway.service.js:15" },
    { rule: "missing-tracing", services: "accounts", at: "services/accounts.service.ts:20" },
    { rule: "missing-tracing", services: "catalog", at: "services/catalog.service.js:16" },
    { rule: "missing-tracing", services: "billing", at: "services/billing.service.js:18" },
  ],
  diagnostics: [],
};

export default expected;
