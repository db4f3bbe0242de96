import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * Edges of splitting a package that starts several servers by hand into one service per entry
 * (model/entry-services.ts) that issue 15's mutation run found untested: a package beside other services, what each
 * entry's service inherits from the package, names taken twice, and which start commands name an entry.
 */

const server = (port: string, route = "/") => `const express = require("express");\nconst app = express();\napp.get("${route}", (req, res) => res.json([]));\napp.listen(${port});\n`;
const model = (tree: Tree) => lintTree(tree, { only: "unversioned-route" });
const names = (tree: Tree) => model(tree).model.services.map((s) => `${s.name}${s.entry ? ` ${s.entry}` : ""}`);

describe("[U] a package discovery took for no service, beside services", () => {
  const tree: Tree = {
    "apps/zeta/package.json": { name: "zeta", main: "server.js", dependencies: { express: "*" } },
    "apps/zeta/server.js": server("7000"),
    "apps/desk/package.json": { name: "ticket_desk", dependencies: { express: "*", lodash: "*" } },
    "apps/desk/refunds.js": server("7001"),
    "apps/desk/booking.js": server("7002"),
  };

  it("is split into its entries, listed in name order among the others, the package named as a host name would be", () => {
    const result = model(tree);
    expect(result.model.services.map((s) => `${s.name} ${s.entry ?? "-"} hosts:${s.hosts.join(",")} sources:${s.sources.join(",")}`)).toEqual([
      "booking apps/desk/booking.js hosts:booking sources:package",
      "refunds apps/desk/refunds.js hosts:refunds sources:package",
      "zeta - hosts:zeta sources:package",
    ]);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      "apps/desk/package.json:1 ticket-desk: the package apps/desk starts a server from each of apps/desk/booking.js and apps/desk/refunds.js, and no deployment file says how they run: each is taken for a service of its own (booking, refunds), its files shared through imports",
    ]);
  });
});

describe("[U] an entry's name that other services have", () => {
  it("is prefixed with the package's name, then numbered 2, 3, … until free", () => {
    const tree: Tree = {
      "package.json": { name: "shop", private: true, workspaces: ["apps/*"] },
      "apps/tickets/package.json": { name: "tickets", main: "server.js", dependencies: { express: "*" } },
      "apps/tickets/server.js": server("7000"),
      "apps/till-tickets/package.json": { name: "till-tickets", main: "server.js", dependencies: { express: "*" } },
      "apps/till-tickets/server.js": server("7003"),
      "apps/till/package.json": { name: "till", dependencies: { express: "*" } },
      "apps/till/tickets.js": server("7001"),
      "apps/till/src/tickets.js": server("7002"),
    };
    expect(names(tree)).toEqual(["tickets", "till-tickets", "till-tickets-2 apps/till/src/tickets.js", "till-tickets-3 apps/till/tickets.js"]);
  });
});

describe("[U] which entries run", () => {
  const pkg = (extra: object): Tree => ({
    "package.json": { name: "shop", private: true, workspaces: ["apps/*"] },
    "apps/desk/package.json": { name: "desk", dependencies: { express: "*" }, ...extra },
    "apps/desk/tickets.js": server("7001"),
    "apps/desk/refunds.js": server("process.env.PORT"),
  });

  it("a package in a folder whose main or start script runs one entry, the other's port not written: one service", () => {
    expect(names(pkg({ main: "tickets.js" }))).toEqual(["desk"]);
    expect(names(pkg({ scripts: { start: "node ./tickets.js" } }))).toEqual(["desk"]);
  });

  it("nothing names an entry and the ports are not written: each entry runs, none sharing a port that is known", () => {
    const tree: Tree = {
      "package.json": { name: "till", dependencies: { express: "*" } },
      "tickets.js": server("process.env.TICKETS_PORT"),
      "refunds.js": server("process.env.REFUNDS_PORT"),
    };
    expect(names(tree)).toEqual(["refunds refunds.js", "tickets tickets.js"]);
  });
});

describe("[U] a deployed package beside one that is split", () => {
  it("keeps its entries as one service, also when its package was found first (main names one entry, each port written)", () => {
    const tree: Tree = {
      "package.json": { name: "shop", private: true, workspaces: ["apps/*"] },
      "docker-compose.yml": "services:\n  desk:\n    build: ./apps/desk\n",
      "apps/desk/package.json": { name: "desk", main: "tickets.js", dependencies: { express: "*" } },
      "apps/desk/tickets.js": server("7001"),
      "apps/desk/refunds.js": server("7002"),
      "apps/till/package.json": { name: "till", main: "sales.js", dependencies: { express: "*" } },
      "apps/till/sales.js": server("7003"),
      "apps/till/returns.js": server("7004"),
    };
    const result = model(tree);
    expect(result.model.services.map((s) => `${s.name}${s.entry ? ` ${s.entry}` : ""} ${s.sources.join(",")}`)).toEqual(["desk workspace,compose", "returns apps/till/returns.js workspace", "sales apps/till/sales.js workspace"]);
    // Said at the split package's own package.json.
    expect(result.diagnostics.map((d) => `${d.file}:${d.line} ${d.message.slice(0, 40)}`)).toEqual(["apps/till/package.json:1 till: the package apps/till starts a ser"]);
  });
});
