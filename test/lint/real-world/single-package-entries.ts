import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "single-package-entries",
  mirrors: "one package, one Dockerfile, three compose entries that each start another entry file (a build arg or a command)",
  services: [
    // ENTRY main.js: src/main.ts and everything under src/ that the other entries do not own.
    { name: "gateway", root: "", routes: 2, datastores: ["postgres://postgres:5432/shop"] },
    // ENTRY services/orders/main.js; it writes orders through src/lib/db.ts with the same .env as the gateway.
    { name: "orders", root: "src/services/orders", routes: 0, datastores: ["postgres://postgres:5432/shop"] },
    // command: node dist/services/payments/main.js
    { name: "payments", root: "src/services/payments", routes: 0, datastores: [] },
  ],
  libraries: [],
  topics: [
    { service: "gateway", system: "amqp", topic: "orders.create", role: "produce" },
    { service: "orders", system: "amqp", topic: "orders.create", role: "consume" },
    { service: "orders", system: "amqp", topic: "payments.charge", role: "produce" },
    { service: "payments", system: "amqp", topic: "payments.charge", role: "consume" },
  ],
  findings: [
    { rule: "shared-database", services: "gateway,orders", at: "src/lib/db.ts:4" },
    // dual-write: the orders.create consumer inserts the order, then sends payments.charge on RabbitMQ.
    { rule: "dual-write", services: "orders", at: "src/services/orders/main.ts:12" },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "gateway", at: "src/main.ts:1" }, // gateway serves GET /v1/orders
  ],
  diagnostics: [],
};

export default expected;
