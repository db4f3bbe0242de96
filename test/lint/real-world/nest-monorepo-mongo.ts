import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "nest-monorepo-mongo",
  mirrors: "NestJS monorepo (nest-cli.json projects, libs/common), compose builds every app from the root, TCP between apps",
  services: [
    // HTTP, opens MongoDB through DatabaseModule from @app/common with its own .env, sends charge_card to billing.
    { name: "appointments", root: "apps/appointments", routes: 4, datastores: ["mongodb://mongo:27017/clinic"] },
    // TCP only: no HTTP route, no datastore.
    { name: "billing", root: "apps/billing", routes: 0, datastores: [] },
    // HTTP (one versioned route) and TCP; the same DatabaseModule and the same MONGODB_URI as appointments.
    { name: "identity", root: "apps/identity", routes: 2, datastores: ["mongodb://mongo:27017/clinic"] },
    { name: "notifier", root: "apps/notifier", routes: 0, datastores: [] },
  ],
  // nest-cli.json type "library"; its HealthController's GET /health counts once in each app that imports HealthModule.
  libraries: [{ name: "common", root: "libs/common" }],
  topics: [
    { service: "appointments", system: "tcp", topic: "charge_card", role: "produce" },
    { service: "billing", system: "tcp", topic: "charge_card", role: "consume" },
    { service: "billing", system: "tcp", topic: "send_receipt", role: "produce" },
    { service: "identity", system: "tcp", topic: "verify_token", role: "consume" },
    { service: "notifier", system: "tcp", topic: "send_receipt", role: "consume" },
  ],
  findings: [
    // Both apps reach mongo/clinic through the library's forRootAsync, each with its own .env.
    { rule: "shared-database", services: "appointments,identity", at: "libs/common/src/database/database.module.ts:8" },
    { rule: "unversioned-route", services: "appointments", at: "apps/appointments/src/appointments.controller.ts:8" },
    { rule: "unversioned-route", services: "appointments", at: "apps/appointments/src/appointments.controller.ts:13" },
    { rule: "unversioned-route", services: "appointments", at: "apps/appointments/src/appointments.controller.ts:18" },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    // billing's TCP client reaches the notifier at the host name `notifier` written in ClientsModule.register.
    { rule: "hardcoded-endpoint", services: "billing", at: "apps/billing/src/billing.module.ts:10" },
    { rule: "missing-tracing", services: "appointments", at: "apps/appointments/src/appointments.controller.ts:8" }, // appointments serves POST /appointments
    { rule: "missing-tracing", services: "billing", at: "apps/billing/src/billing.controller.ts:9" }, // billing answers tcp requests charge_card
    { rule: "missing-tracing", services: "identity", at: "apps/identity/src/identity.controller.ts:6" }, // identity serves POST /v1/sessions
  ],
  diagnostics: [],
};

export default expected;
