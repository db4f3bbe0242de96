import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "express-sequelize-trio",
  mirrors: "three CommonJS Express services in compose, each opening Sequelize from a config object (config/db.config.js) on one Postgres",
  services: [
    // new Sequelize(dbConfig.DB, dbConfig.USER, dbConfig.PASSWORD, { host: dbConfig.HOST, dialect: dbConfig.dialect }),
    // HOST = process.env.DB_HOST || "localhost" and compose sets DB_HOST=postgres: the same shopdb for all three.
    { name: "orders-service", root: "orders-service", routes: 2, datastores: ["postgres://postgres:5432/shopdb"] },
    { name: "products-service", root: "products-service", routes: 1, datastores: ["postgres://postgres:5432/shopdb"] },
    { name: "users-service", root: "users-service", routes: 2, datastores: ["postgres://postgres:5432/shopdb"] },
  ],
  libraries: [],
  topics: [
    { service: "orders-service", system: "kafka", topic: "order-created", role: "produce" },
    { service: "products-service", system: "kafka", topic: "order-created", role: "consume" },
  ],
  findings: [
    { rule: "shared-database", services: "orders-service,products-service,users-service", at: "products-service/models/index.js:4" },
    { rule: "unversioned-route", services: "orders-service", at: "orders-service/routes/order.routes.js:7" },
    { rule: "unversioned-route", services: "orders-service", at: "orders-service/routes/order.routes.js:12" },
    // dual-write: POST /orders creates the row (db.orders.create, sequelize-cli's models index), then publishes order-created to Kafka.
    { rule: "dual-write", services: "orders-service", at: "orders-service/kafka/producer.js:10" },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "orders-service", at: "orders-service/server.js:1" }, // orders-service serves POST /orders
    { rule: "missing-tracing", services: "products-service", at: "products-service/server.js:1" }, // products-service serves GET /v1/products/:id
    { rule: "missing-tracing", services: "users-service", at: "users-service/server.js:1" }, // users-service serves GET /v1/users
  ],
  diagnostics: [],
};

export default expected;
