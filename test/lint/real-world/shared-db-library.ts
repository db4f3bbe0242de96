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
  findings: [{ rule: "shared-database", services: "payslips,reports", at: "packages/database/src/pool.js:4" }],
  diagnostics: [],
};

export default expected;
