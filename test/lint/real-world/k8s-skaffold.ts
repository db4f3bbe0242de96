import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "k8s-skaffold",
  mirrors: "Kubernetes-only Express services built by Skaffold, a Bull/NATS worker with no HTTP, a workload named unlike its package, a published common library",
  services: [
    // A worker: no server dependency, but a Deployment and a Skaffold artifact (context: expiration) run it.
    // Its Bull queue reaches Redis at REDIS_HOST from the Deployment.
    { name: "expiration", root: "expiration", routes: 0, datastores: ["redis://expiration-redis-srv:6379/0"] },
    { name: "orders", root: "orders", routes: 1, datastores: ["mongodb://orders-mongo-srv:27017/orders"] },
    // Runs as Deployment "ticketing-api", container "api", image acme/tickets: matched by the Skaffold artifact.
    { name: "tickets", root: "tickets", routes: 2, datastores: ["mongodb://tickets-mongo-srv:27017/tickets"] },
  ],
  // Published to npm (main ./build/index.js, no start script) and imported by every service: not a service.
  libraries: [{ name: "common", root: "common" }],
  topics: [
    { service: "expiration", system: "bull", topic: "order:expiration", role: "consume" },
    { service: "expiration", system: "bull", topic: "order:expiration", role: "produce" },
    { service: "expiration", system: "nats-streaming", topic: "expiration:complete", role: "produce" },
    { service: "expiration", system: "nats-streaming", topic: "order:created", role: "consume" },
    { service: "orders", system: "nats-streaming", topic: "expiration:complete", role: "consume" },
    { service: "orders", system: "nats-streaming", topic: "order:created", role: "produce" },
    { service: "orders", system: "nats-streaming", topic: "ticket:created", role: "consume" },
    { service: "tickets", system: "nats-streaming", topic: "ticket:created", role: "produce" },
  ],
  findings: [
    { rule: "unversioned-route", services: "orders", at: "orders/src/index.ts:12" },
    { rule: "unversioned-route", services: "tickets", at: "tickets/src/app.ts:11" },
    { rule: "unversioned-route", services: "tickets", at: "tickets/src/app.ts:15" },
    // dual-write: each POST creates its mongoose document, then publishes the event on NATS Streaming.
    { rule: "dual-write", services: "orders", at: "orders/src/index.ts:14" },
    { rule: "dual-write", services: "tickets", at: "tickets/src/app.ts:17" },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "orders", at: "orders/src/index.ts:1" }, // orders serves POST /api/orders
    { rule: "missing-tracing", services: "tickets", at: "tickets/src/index.ts:1" }, // tickets serves GET /api/tickets/:id
  ],
  diagnostics: [],
};

export default expected;
