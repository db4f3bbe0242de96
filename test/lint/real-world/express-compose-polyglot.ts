import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "express-compose-polyglot",
  mirrors: "Express services beside a Spring Boot service and an nginx gateway in one compose file, with their data containers",
  services: [
    // Mongo from MONGO_URL in compose; GET /v1/products, GET /v1/products/:id and the old GET /products/search.
    { name: "catalog", root: "catalog", routes: 3, datastores: ["mongodb://mongo:27017/catalog"] },
    // nginx built from gateway/Dockerfile: a node of the model, not scanned.
    { name: "gateway", root: "gateway", language: "nginx", routes: 0, datastores: [] },
    // Java: its compose SPRING_DATASOURCE_URL names the orders database.
    { name: "inventory", root: "inventory", language: "java", routes: 0, datastores: ["postgres://postgres:5432/orders"] },
    { name: "orders", root: "orders", routes: 3, datastores: ["postgres://postgres:5432/orders", "redis://redis:6379/0"] },
    // postgres, mongo, redis and kafka are data containers, not services.
  ],
  libraries: [],
  topics: [
    { service: "catalog", system: "kafka", topic: "order-placed", role: "consume" },
    { service: "orders", system: "kafka", topic: "order-placed", role: "produce" },
  ],
  findings: [
    { rule: "shared-database", services: "inventory,orders", at: "orders/src/db.js:3" },
    { rule: "unversioned-route", services: "catalog", at: "catalog/src/app.js:10" },
    // dual-write: POST /v1/orders inserts the order, then orderPlaced() sends order-placed to Kafka (no outbox).
    { rule: "dual-write", services: "orders", at: "orders/src/events.js:8" },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "catalog", at: "catalog/src/app.js:1" }, // catalog serves GET /products/search
    { rule: "missing-tracing", services: "orders", at: "orders/src/server.js:1" }, // orders serves GET /v1/orders
  ],
  diagnostics: [],
};

export default expected;
