import type { RealWorldExpectation } from "./expectation.js";

const expected: RealWorldExpectation = {
  layout: "shared-db-library",
  mirrors: "npm workspaces where every service imports one shared database package (packages/database) and brings its own DATABASE_URL",
  services: [
    { name: "employees", root: "services/employees", routes: 2, datastores: ["postgres://db:5432/employees"] },
    // Same server as employees, another database: not shared.
    { name: "payslips", root: "services/payslips", routes: 1, datastores: ["postgres://db:5432/payslips"] },
    // postgresql://reporting:…@db/payslips?sslmode=disable&…: another scheme, role, no port and options, same database as payslips.
    { name: "reports", root: "services/reports", routes: 1, datastores: ["postgres://db:5432/payslips"] },
  ],
  libraries: [{ name: "database", root: "packages/database" }],
  topics: [],
  findings: [
    { rule: "shared-database", services: "payslips,reports", at: "packages/database/src/pool.js:4" },
    // missing-tracing: no service starts a tracer (no SDK in its code, no --require/--import in its scripts or Dockerfile, no NODE_OPTIONS).
    { rule: "missing-tracing", services: "employees", at: "services/employees/src/server.js:1" }, // employees serves GET /v1/employees
    { rule: "missing-tracing", services: "payslips", at: "services/payslips/src/server.js:1" }, // payslips serves GET /v1/payslips/:employeeId
    { rule: "missing-tracing", services: "reports", at: "services/reports/src/server.js:1" }, // reports serves GET /v1/reports/monthly
  ],
  diagnostics: [],
};

export default expected;
