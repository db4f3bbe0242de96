import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A package that starts several servers by hand becomes one service per entry: the names, hosts, locations and the
 * diagnostic that says so are what every finding about those services names.
 */

const server = (port: string, route = "/") => `const express = require("express");\nconst app = express();\napp.get("${route}", (req, res) => res.json([]));\napp.listen(${port});\n`;
const split = (tree: Tree) => {
  const result = lintTree(tree, { only: "unversioned-route" });
  return { services: result.model.services.map((s) => ({ name: s.name, entry: s.entry, hosts: s.hosts, at: `${s.location.file}:${s.location.line}` })), diagnostics: result.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`), libraries: result.model.libraries.map((l) => l.root) };
};

describe("[U] the services of a package's entries", () => {
  it("named after each entry (separators as dashes, lower case); a generic name keeps the package's; located at the listen call", () => {
    const result = split({
      "package.json": { name: "till", dependencies: { express: "*" } },
      "index.js": server("7000"),
      "Payment.Server.js": server("7001"),
      "src/order_service.ts": server("7002"),
    });
    expect(result.services).toEqual([
      { name: "order-service", entry: "src/order_service.ts", hosts: ["order-service"], at: "src/order_service.ts:4" },
      { name: "payment-server", entry: "Payment.Server.js", hosts: ["payment-server"], at: "Payment.Server.js:4" },
      { name: "till", entry: "index.js", hosts: ["till"], at: "index.js:4" },
    ]);
    expect(result.diagnostics).toEqual([
      "package.json:1 till: the package at the repository root starts a server from each of index.js, Payment.Server.js and src/order_service.ts, and no deployment file says how they run: each is taken for a service of its own (till, payment-server, order-service), its files shared through imports",
    ]);
  });

  it("a name another service has is prefixed with the package's, then numbered", () => {
    const result = split({
      "package.json": { name: "desk", private: true, workspaces: ["services/*"] },
      "services/orders/package.json": { name: "orders", main: "src/server.js", dependencies: { express: "*" } },
      "services/orders/src/server.js": server("8000"),
      "services/till/package.json": { name: "till", dependencies: { express: "*" } },
      "services/till/orders.js": server("7001"),
      "services/till/src/orders.js": server("7002"),
      "services/till/src/server.js": server("7003"),
    });
    expect(result.services.map((s) => `${s.name} ${s.entry ?? "-"}`)).toEqual(["orders -", "till services/till/src/server.js", "till-orders services/till/orders.js", "till-orders-2 services/till/src/orders.js"]);
  });

  it("only files at the package's top or in its src/ are entries; deeper servers and imported ones are not", () => {
    const result = split({
      "package.json": { name: "till", dependencies: { express: "*" } },
      "tickets.js": server("7001"),
      "src/refunds.js": server("7002"),
      "src/admin/panel.js": server("7003"),
      "lib/worker.js": server("7004"),
    });
    expect(result.services.map((s) => `${s.name} ${s.entry}`)).toEqual(["refunds src/refunds.js", "tickets tickets.js"]);
  });

  it("a re-exported server is imported, so no entry", () => {
    const result = split({
      "package.json": { name: "till", dependencies: { express: "*" } },
      "tickets.js": server("7001"),
      "refunds.js": server("7002"),
      "index.js": `export * from "./refunds.js";\n`,
    });
    expect(result.services.map((s) => `${s.name} ${s.entry ?? "-"}`)).toEqual(["till -"]);
  });

  it("entries on one port written as an env default cannot run side by side: one service", () => {
    const result = split({
      "package.json": { name: "till", main: "tickets.js", dependencies: { express: "*" } },
      "tickets.js": server("process.env.PORT || 7001"),
      "refunds.js": server("process.env.PORT ?? 7001"),
    });
    expect(result.services.map((s) => `${s.name} ${s.entry ?? "-"}`)).toEqual(["till -"]);
  });

  it("main names one entry, but each listens on a port of its own (an env default counts): all run", () => {
    const result = split({
      "package.json": { name: "till", main: "./dist/tickets.js", dependencies: { express: "*" } },
      "src/tickets.ts": server("process.env.PORT || 7001"),
      "src/refunds.ts": server("7002"),
    });
    expect(result.services.map((s) => `${s.name} ${s.entry}`)).toEqual(["refunds src/refunds.ts", "tickets src/tickets.ts"]);
  });

  it("a package discovery did not take for a service (no entry named) in a folder is split out of the libraries", () => {
    const result = split({
      "package.json": { name: "shop", private: true, workspaces: ["apps/*"] },
      "apps/desk/package.json": { name: "@shop/desk-app", dependencies: { express: "*" } },
      "apps/desk/tickets.js": server("7001"),
      "apps/desk/refunds.js": server("7002"),
    });
    expect(result.services).toEqual([
      { name: "refunds", entry: "apps/desk/refunds.js", hosts: ["refunds"], at: "apps/desk/refunds.js:4" },
      { name: "tickets", entry: "apps/desk/tickets.js", hosts: ["tickets"], at: "apps/desk/tickets.js:4" },
    ]);
    expect(result.libraries).toEqual([]);
    expect(result.diagnostics).toEqual([
      "apps/desk/package.json:1 desk-app: the package apps/desk starts a server from each of apps/desk/refunds.js and apps/desk/tickets.js, and no deployment file says how they run: each is taken for a service of its own (refunds, tickets), its files shared through imports",
    ]);
  });
});
