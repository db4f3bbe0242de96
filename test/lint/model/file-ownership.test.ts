import { describe, expect, it } from "vitest";
import { buildCrossImports } from "../../../src/lint/model/cross-imports.js";
import { fileBorrowers, fileUsers, ownerFinder, ownersOf } from "../../../src/lint/model/ownership.js";
import { ModuleResolver } from "../../../src/lint/model/resolve.js";
import type { FileFacts, LibraryInfo, Location, ServiceInfo } from "../../../src/lint/types.js";
import { facts } from "../helpers.js";

/**
 * Which service a file is, and which services use a file nobody owns: every call, connection and route found in a
 * file is counted for these services, so a wrong owner moves a finding to another service (or loses it).
 */

const serviceAt = (name: string, root: string, extra: Partial<ServiceInfo> = {}): ServiceInfo => ({ name, root, sources: ["package"], hosts: [name], ports: [], env: {}, envSources: {}, location: { file: `${root}/package.json`, line: 1, column: 1 }, ...extra });
const libraryAt = (name: string, root: string): LibraryInfo => ({ name, root, location: { file: `${root}/package.json`, line: 1, column: 1 } });
const at = (file: string, line: number): Location => ({ file, line, column: 1 });

/** Facts of each source as the extractors read it, and a resolver over exactly those files. */
function scan(sources: Record<string, string>, extra: string[] = []) {
  const all = new Map<string, FileFacts>(Object.entries(sources).map(([file, code]) => [file, facts(code, file)]));
  // A file with nothing to extract (a Prisma schema) is still a scanned file.
  for (const file of extra) all.set(file, { ...facts("", "empty.ts"), file });
  return { facts: all, resolver: new ModuleResolver({ files: new Set([...Object.keys(sources), ...extra]), workspacePackages: {}, packageMains: {}, tsconfigs: [] }) };
}

describe("[U] ownerFinder: the service a file belongs to", () => {
  it("the deepest root that holds the file; the repository root's service holds the rest", () => {
    const owner = ownerFinder([serviceAt("gateway", ""), serviceAt("orders", "services/orders"), serviceAt("orders-worker", "services/orders/worker")]);
    expect(owner("services/orders/src/server.ts")).toBe("orders");
    expect(owner("services/orders/worker/main.ts")).toBe("orders-worker");
    expect(owner("services/orders-v2/main.ts")).toBe("gateway");
    expect(owner("server.ts")).toBe("gateway");
  });

  it("a file outside every service and library has no owner", () => {
    const owner = ownerFinder([serviceAt("orders", "services/orders")], [libraryAt("common", "libs/common")]);
    expect(owner("scripts/seed.ts")).toBeUndefined();
    expect(owner("server.ts")).toBeUndefined();
  });

  it("two services of one root: the first listed", () => {
    expect(ownerFinder([serviceAt("web", "app"), serviceAt("cron", "app")])("app/src/x.ts")).toBe("web");
  });

  it("a library's file is nobody's, even inside a service's folder; a library on a service's own root does not take it", () => {
    const owner = ownerFinder([serviceAt("gateway", ""), serviceAt("orders", "services/orders")], [libraryAt("common", "libs/common"), libraryAt("orders-lib", "services/orders")]);
    expect(owner("libs/common/src/db.ts")).toBeNull();
    expect(owner("services/orders/src/db.ts")).toBe("orders");
    expect(ownersOf([serviceAt("gateway", ""), serviceAt("orders", "services/orders")], ["libs/common/src/db.ts", "services/orders/a.ts", "b.ts"], [libraryAt("common", "libs/common")])).toEqual({
      "services/orders/a.ts": "orders",
      "b.ts": "gateway",
    });
  });

  it("entries of one package: each owns its entry file; the package's other files are shared (no owner), whatever else is listed at that root", () => {
    const services = [serviceAt("tickets", "desk", { entry: "desk/tickets.js" }), serviceAt("refunds", "desk", { entry: "desk/refunds.js" }), serviceAt("desk", "desk")];
    const owner = ownerFinder(services);
    expect(owner("desk/tickets.js")).toBe("tickets");
    expect(owner("desk/refunds.js")).toBe("refunds");
    expect(owner("desk/lib/db.js")).toBeNull();
    expect(owner("desk/tickets.js.map")).toBeNull();
  });
});

describe("[U] fileUsers: the services that use a library's file, with the imports that lead there", () => {
  const sources = {
    "services/orders/src/server.ts": `import { pool } from "@lib/db-client";\nimport { publish } from "../../../libs/common/src/index";\nimport * as all from "../../../libs/common/src/index";\nimport { unused } from "../../../libs/common/src/log";\npool.query();\npublish(all);\n`,
    "services/users/src/server.ts": `\nimport { publish } from "../../../libs/common/src/index";\nimport { helper } from "./helper";\npublish(helper);\n`,
    "services/users/src/helper.ts": `export const helper = 1;\n`,
    "libs/common/src/index.ts": `export { publish } from "./bus";\nexport { pool } from "./db";\n`,
    "libs/common/src/bus.ts": `import { format } from "./format";\nexport const publish = (x: unknown) => format(x);\n`,
    "libs/common/src/format.ts": `export const format = (x: unknown) => String(x);\n`,
    "libs/common/src/db.ts": `export const pool = { query() {} };\n`,
    "libs/common/src/log.ts": `export const unused = 1;\n`,
  };
  const { facts: all, resolver } = scan(sources, ["libs/common/prisma/schema.prisma"]);
  const fileService = { "services/orders/src/server.ts": "orders", "services/users/src/server.ts": "users", "services/users/src/helper.ts": "users" };
  const usersOf = fileUsers({ facts: all, resolver, fileService, libraries: [libraryAt("common", "libs/common")] });
  const orders = "services/orders/src/server.ts";
  const users = "services/users/src/server.ts";

  it("a named import is followed through the barrel to the file that defines the name, then every import from there", () => {
    expect(usersOf("libs/common/src/bus.ts")).toEqual([
      { service: "orders", via: [at(orders, 2)] },
      { service: "users", via: [at(users, 2)] },
    ]);
    expect(usersOf("libs/common/src/format.ts")).toEqual([
      { service: "orders", via: [at(orders, 2), at("libs/common/src/bus.ts", 1)] },
      { service: "users", via: [at(users, 2), at("libs/common/src/bus.ts", 1)] },
    ]);
  });

  it("a namespace import uses the barrel itself, and what it re-exports (no line of its own)", () => {
    expect(usersOf("libs/common/src/index.ts")).toEqual([{ service: "orders", via: [at(orders, 3)] }]);
    expect(usersOf("libs/common/src/db.ts")).toEqual([{ service: "orders", via: [at(orders, 3)] }]);
  });

  it("an import never used brings nothing; a file of the service itself is no library's", () => {
    expect(usersOf("libs/common/src/log.ts")).toEqual([]);
    expect(usersOf("services/users/src/helper.ts")).toEqual([]);
  });

  it("a library file no import reaches (schema.prisma) is used by whoever uses the library, by the shortest chain", () => {
    expect(usersOf("libs/common/prisma/schema.prisma")).toEqual([
      { service: "orders", via: [at(orders, 2)] },
      { service: "users", via: [at(users, 2)] },
    ]);
  });

  it("no file without an owner: nobody uses anything", () => {
    const { facts: owned, resolver: r } = scan({ "a/x.ts": `import { y } from "./y";\ny();\n`, "a/y.ts": `export const y = () => 1;\n` });
    expect(fileUsers({ facts: owned, resolver: r, fileService: { "a/x.ts": "a", "a/y.ts": "a" }, libraries: [] })("a/y.ts")).toEqual([]);
  });

  it("a named import not defined behind an export * barrel is not attributed; one not found in a plain module is that module's", () => {
    const { facts: f, resolver: r } = scan({
      "svc/main.ts": `import { ghost } from "../lib/star";\nimport { other } from "../lib/plain";\nghost(other);\n`,
      "lib/star.ts": `export * from "./nowhere";\n`,
      "lib/plain.ts": `const other = 1;\nmodule.exports = { other };\n`,
    });
    const use = fileUsers({ facts: f, resolver: r, fileService: { "svc/main.ts": "svc" }, libraries: [] });
    expect(use("lib/star.ts")).toEqual([]);
    expect(use("lib/plain.ts")).toEqual([{ service: "svc", via: [at("svc/main.ts", 2)] }]);
  });

  it("a name the barrel takes from a service's own file makes no use of the library", () => {
    const { facts: f, resolver: r } = scan({
      "svc/main.ts": `import { own } from "../lib/index";\nown();\n`,
      "lib/index.ts": `export { own } from "../svc/own";\n`,
      "svc/own.ts": `export const own = () => 1;\n`,
    });
    const use = fileUsers({ facts: f, resolver: r, fileService: { "svc/main.ts": "svc", "svc/own.ts": "svc" }, libraries: [] });
    expect(use("lib/index.ts")).toEqual([]);
  });
});

describe("[U] fileBorrowers: another service importing a service's own file", () => {
  const sources = {
    "desk/tickets.js": `const { pool } = require("./lib/db");\nconst { pool: again } = require("./lib/db");\nconst express = require("express");\npool.query(again, express);\n`,
    "desk/refunds.js": `import { pool } from "./lib/index";\nimport db from "./lib/db";\nimport * as all from "./lib/db";\nimport { pool as unused } from "./lib/db";\npool.query(db, all);\n`,
    "desk/lib/index.js": `export { pool } from "./db";\n`,
    "desk/lib/db.js": `export const pool = { query() {} };\nexport default pool;\n`,
  };
  const { facts: all, resolver } = scan(sources);
  const fileService = { "desk/tickets.js": "tickets", "desk/refunds.js": "refunds", "desk/lib/db.js": "desk", "desk/lib/index.js": "desk" };
  const borrowersOf = fileBorrowers({ facts: all, resolver, fileService });

  it("each other service once, by its first import; a named import through a barrel reaches the defining file", () => {
    expect(borrowersOf("desk/lib/db.js")).toEqual([
      { service: "tickets", via: [at("desk/tickets.js", 1)] },
      { service: "refunds", via: [at("desk/refunds.js", 1)] },
    ]);
    expect(borrowersOf("desk/lib/index.js")).toEqual([]);
  });

  it("package imports and the owner's own imports are no borrowing", () => {
    expect(borrowersOf("desk/tickets.js")).toEqual([]);
    const { facts: f, resolver: r } = scan({ "a/main.ts": `import { x } from "./x";\nimport { y } from "b/y";\nx(y);\n`, "a/x.ts": `export const x = 1;\n`, "b/y.ts": `export const y = 1;\n` });
    const borrowers = fileBorrowers({ facts: f, resolver: r, fileService: { "a/main.ts": "a", "a/x.ts": "a", "b/y.ts": "b" } });
    expect([borrowers("a/x.ts"), borrowers("b/y.ts")]).toEqual([[], []]);
  });

  it("a default or namespace import is the module imported", () => {
    const { facts: f, resolver: r } = scan({ "a/main.ts": `import db from "../b/index";\nimport * as ns from "../b/other";\ndb(ns);\n`, "b/index.ts": `export { default } from "./db";\n`, "b/db.ts": `export default () => 1;\n`, "b/other.ts": `export * from "./db";\n` });
    const borrowers = fileBorrowers({ facts: f, resolver: r, fileService: { "a/main.ts": "a", "b/index.ts": "b", "b/db.ts": "b", "b/other.ts": "b" } });
    expect([borrowers("b/index.ts"), borrowers("b/other.ts"), borrowers("b/db.ts")]).toEqual([[{ service: "a", via: [at("a/main.ts", 1)] }], [{ service: "a", via: [at("a/main.ts", 2)] }], []]);
  });
});

describe("[U] buildCrossImports: one service's code importing another's file", () => {
  const services = [serviceAt("gateway", "gateway", { packageName: "@shop/gateway" }), serviceAt("orders", "services/orders", { packageName: "@shop/orders" }), serviceAt("users", "services/users"), serviceAt("admin", "gateway/src/admin", { packageName: "@shop/admin" })];
  const sources = {
    "services/orders/src/server.ts": `import { check } from "../../users/src/auth";\nimport { check as again } from "../../users/src/auth";\nimport { client } from "@shop/gateway/src/client";\nimport { other } from "@users/roles";\nimport { common } from "../../../libs/common/index";\nimport { mine } from "./mine";\ncheck(again, client, other, common, mine);\n`,
    "services/orders/src/mine.ts": `export const mine = 1;\n`,
    "services/orders/test/auth.test.ts": `import { check } from "../../users/src/auth";\ncheck();\n`,
    "services/orders/src/auth.spec.ts": `import { check } from "../../users/src/auth";\ncheck();\n`,
    "services/users/src/auth.ts": `export const check = () => true;\n`,
    "services/users/src/roles.ts": `export const other = 1;\n`,
    "gateway/src/client.ts": `import { panel } from "./admin/panel";\nexport const client = panel;\n`,
    "gateway/src/admin/panel.ts": `import { client } from "../client";\nexport const panel = client;\n`,
    "libs/common/index.ts": `export const common = 1;\n`,
  };
  const { facts: all } = scan(sources);
  const resolver = new ModuleResolver({
    files: new Set(Object.keys(sources)),
    workspacePackages: { "@shop/gateway": "gateway" },
    packageMains: {},
    tsconfigs: [{ dir: "services/orders", baseUrl: ".", paths: { "@users/*": ["../users/src/*"] } }],
  });
  const fileService = Object.fromEntries(Object.keys(sources).flatMap((file) => (file.startsWith("libs/") ? [] : [[file, file.startsWith("gateway/src/admin/") ? "admin" : file.startsWith("gateway/") ? "gateway" : file.split("/")[1]!]])));
  const input = { facts: all, resolver, services, libraries: [libraryAt("common", "libs/common")], fileService };

  it("each imported file once per importing file, with how the specifier reaches it; libraries, tests and own files are not counted", () => {
    expect(buildCrossImports({ ...input, packageDirs: ["gateway", "services/orders", "services/users", "gateway/src/admin"] })).toEqual([
      { service: "orders", location: at("services/orders/src/server.ts", 1), specifier: "../../users/src/auth", target: "services/users/src/auth.ts", targetService: "users", via: "relative" },
      { service: "orders", location: at("services/orders/src/server.ts", 3), specifier: "@shop/gateway/src/client", target: "gateway/src/client.ts", targetService: "gateway", via: "package" },
      { service: "orders", location: at("services/orders/src/server.ts", 4), specifier: "@users/roles", target: "services/users/src/roles.ts", targetService: "users", via: "alias" },
      { service: "gateway", location: at("gateway/src/client.ts", 1), specifier: "./admin/panel", target: "gateway/src/admin/panel.ts", targetService: "admin", via: "relative" },
      { service: "admin", location: at("gateway/src/admin/panel.ts", 1), specifier: "../client", target: "gateway/src/client.ts", targetService: "gateway", via: "relative" },
    ]);
  });

  it("a tsconfig alias is an alias; a service nested in another's folder within one package shares by design", () => {
    const found = buildCrossImports({ ...input, packageDirs: ["gateway", "services/orders"] });
    expect(found.map((i) => `${i.service} → ${i.targetService} ${i.via}`)).toEqual(["orders → users relative", "orders → gateway package", "orders → users alias"]);
    // A specifier that only begins like the target's package name is an alias; the bare package name is the package.
    const { facts: f } = scan({ "a/main.ts": `import { x } from "@shop/gatewayx/x";\nimport { y } from "@shop/gateway";\nx(y);\n`, "g/x.ts": `export const x = 1;\n`, "g/index.ts": `export const y = 1;\n` });
    const r = new ModuleResolver({ files: new Set(["a/main.ts", "g/x.ts", "g/index.ts"]), workspacePackages: { "@shop/gateway": "g" }, packageMains: {}, tsconfigs: [{ dir: "", baseUrl: ".", paths: { "@shop/gatewayx/*": ["g/*"] } }] });
    const lookalike = buildCrossImports({ facts: f, resolver: r, services: [serviceAt("a", "a"), serviceAt("g", "g", { packageName: "@shop/gateway" })], libraries: [], fileService: { "a/main.ts": "a", "g/x.ts": "g", "g/index.ts": "g" }, packageDirs: [] });
    expect(lookalike.map((i) => `${i.specifier} ${i.via}`)).toEqual(["@shop/gatewayx/x alias", "@shop/gateway package"]);
  });

  it("the repository root's service and a service in its folder: one package shares, two packages are counted both ways", () => {
    const { facts: f, resolver: r } = scan({
      "src/main.ts": `import { check } from "../services/orders/src/check";\ncheck();\n`,
      "services/orders/src/check.ts": `import { log } from "../../../src/log";\nexport const check = () => log();\n`,
      "src/log.ts": `export const log = () => 1;\n`,
    });
    const base = { facts: f, resolver: r, services: [serviceAt("gateway", ""), serviceAt("orders", "services/orders")], libraries: [], fileService: { "src/main.ts": "gateway", "src/log.ts": "gateway", "services/orders/src/check.ts": "orders" } };
    expect(buildCrossImports({ ...base, packageDirs: [""] })).toEqual([]);
    expect(buildCrossImports({ ...base, packageDirs: ["", "services/orders"] }).map((i) => `${i.service} → ${i.target}`)).toEqual(["gateway → services/orders/src/check.ts", "orders → src/log.ts"]);
    // Neither in a package folder at all: one build.
    expect(buildCrossImports({ ...base, packageDirs: [] })).toEqual([]);
  });

  it("one service alone imports nobody's", () => {
    expect(buildCrossImports({ ...input, services: [services[1]!], packageDirs: [] })).toEqual([]);
  });
});
