import { describe, expect, it } from "vitest";
import { fileBorrowers, fileUsers } from "../../../src/lint/model/ownership.js";
import { ModuleResolver } from "../../../src/lint/model/resolve.js";
import type { FileFacts, LibraryInfo, Location } from "../../../src/lint/types.js";
import { facts } from "../helpers.js";

/**
 * Edges of fileUsers (model/ownership.ts) that file-ownership.test.ts leaves open: which import chain is kept when
 * a service reaches a library file more than once, imports a library never uses, `export *` barrels imported as a
 * namespace, and files a service's runner loads without any import.
 */

const at = (file: string, line: number): Location => ({ file, line, column: 1 });

const libraryAt = (name: string, root: string): LibraryInfo => ({ name, root, location: { file: `${root}/package.json`, line: 1, column: 1 } });

/** Facts of each source as the extractors read it (`extra`: scanned files with nothing to extract), and a resolver over them. */
function scan(sources: Record<string, string>, extra: string[] = []) {
  const all = new Map<string, FileFacts>(Object.entries(sources).map(([file, code]) => [file, facts(code, file)]));
  for (const file of extra) all.set(file, { ...facts("", "empty.ts"), file });
  return { facts: all, resolver: new ModuleResolver({ files: new Set([...Object.keys(sources), ...extra]), workspacePackages: {}, packageMains: {}, tsconfigs: [] }) };
}

describe("[U] fileUsers: the chain kept and the imports followed", () => {
  it("a library file two of a service's files import: the first import found is the evidence, once", () => {
    const { facts: f, resolver } = scan({
      "svc/a.ts": `import { pool } from "../lib/db";\npool();\n`,
      "svc/b.ts": `\n\nimport { pool } from "../lib/db";\npool();\n`,
      "lib/db.ts": `export const pool = () => 1;\n`,
    });
    const usersOf = fileUsers({ facts: f, resolver, fileService: { "svc/a.ts": "svc", "svc/b.ts": "svc" }, libraries: [] });
    expect(usersOf("lib/db.ts")).toEqual([{ service: "svc", via: [at("svc/a.ts", 1)] }]);
  });

  it("a require in a branch or a function loads the whole module where that code runs, and what it imports", () => {
    const { facts: f, resolver } = scan({
      "svc/users.js": `let store;\nif (process.env.REMOTE === "yes") {\n  store = require("../shared/remote");\n} else {\n  store = require("../shared/local");\n}\nmodule.exports = store;\n`,
      "svc/report.js": `exports.run = async () => {\n  const { render } = await import("../shared/render.js");\n  return render();\n};\n`,
      "shared/remote.js": `module.exports = { list: () => [] };\n`,
      "shared/local.js": `const { pool } = require("./pool");\nmodule.exports = { list: () => pool.query("select 1") };\n`,
      "shared/pool.js": `exports.pool = { query: () => [] };\n`,
      "shared/render.js": `export const render = () => "";\n`,
    });
    const usersOf = fileUsers({ facts: f, resolver, fileService: { "svc/users.js": "svc", "svc/report.js": "svc" }, libraries: [] });
    expect(usersOf("shared/remote.js")).toEqual([{ service: "svc", via: [at("svc/users.js", 3)] }]);
    expect(usersOf("shared/local.js")).toEqual([{ service: "svc", via: [at("svc/users.js", 5)] }]);
    expect(usersOf("shared/pool.js")).toEqual([{ service: "svc", via: [at("svc/users.js", 5), at("shared/local.js", 1)] }]);
    expect(usersOf("shared/render.js")).toEqual([{ service: "svc", via: [at("svc/report.js", 2)] }]);
  });

  it("an import a library file never uses leads nowhere", () => {
    const { facts: f, resolver } = scan({
      "svc/main.ts": `import { publish } from "../lib/bus";\npublish();\n`,
      "lib/bus.ts": `import { heavy } from "./heavy";\nexport const publish = () => 1;\n`,
      "lib/heavy.ts": `export const heavy = 1;\n`,
    });
    const usersOf = fileUsers({ facts: f, resolver, fileService: { "svc/main.ts": "svc" }, libraries: [] });
    expect([usersOf("lib/bus.ts"), usersOf("lib/heavy.ts")]).toEqual([[{ service: "svc", via: [at("svc/main.ts", 1)] }], []]);
  });

  it("a namespace import of an `export *` barrel uses the barrel and every file behind it", () => {
    const { facts: f, resolver } = scan({
      "svc/main.ts": `import * as common from "../lib/index";\ncommon.publish();\n`,
      "lib/index.ts": `export * from "./bus";\n`,
      "lib/bus.ts": `export const publish = () => 1;\n`,
    });
    const usersOf = fileUsers({ facts: f, resolver, fileService: { "svc/main.ts": "svc" }, libraries: [] });
    expect([usersOf("lib/index.ts"), usersOf("lib/bus.ts")]).toEqual([[{ service: "svc", via: [at("svc/main.ts", 1)] }], [{ service: "svc", via: [at("svc/main.ts", 1)] }]]);
  });

  it("a name not found behind a barrel with any `export *` is not attributed, even beside named re-exports", () => {
    const { facts: f, resolver } = scan({
      "svc/main.ts": `import { ghost } from "../lib/index";\nghost();\n`,
      "lib/index.ts": `export { publish } from "./bus";\nexport * from "./nowhere";\n`,
      "lib/bus.ts": `export const publish = () => 1;\n`,
    });
    expect(fileUsers({ facts: f, resolver, fileService: { "svc/main.ts": "svc" }, libraries: [] })("lib/index.ts")).toEqual([]);
  });

  it("a name a library's barrel takes from a service's own file: that file stays the service's own, used by nobody", () => {
    const { facts: f, resolver } = scan({
      "other/main.ts": `import { own } from "../lib/index";\nown();\n`,
      "lib/index.ts": `export { own } from "../svc/own";\n`,
      "svc/own.ts": `export const own = () => 1;\n`,
    });
    expect(fileUsers({ facts: f, resolver, fileService: { "other/main.ts": "other", "svc/own.ts": "svc" }, libraries: [] })("svc/own.ts")).toEqual([]);
  });
});

describe("[U] fileUsers: files a service's runner loads", () => {
  it("a loaded library file is used from the runner's config, and what it imports through it; a service's own file is not", () => {
    const { facts: f, resolver } = scan({
      "svc/main.ts": `export const main = 1;\n`,
      "lib/plugin.ts": `import { helper } from "./helper";\nexport default helper;\n`,
      "lib/helper.ts": `export const helper = () => 1;\n`,
    });
    const config = at("svc/moleculer.config.js", 3);
    const loads = new Map([["svc", { files: ["lib/plugin.ts", "svc/main.ts"], location: config }]]);
    const usersOf = fileUsers({ facts: f, resolver, fileService: { "svc/main.ts": "svc" }, libraries: [], loads });
    expect([usersOf("lib/plugin.ts"), usersOf("lib/helper.ts"), usersOf("svc/main.ts")]).toEqual([
      [{ service: "svc", via: [config] }],
      [{ service: "svc", via: [config, at("lib/plugin.ts", 1)] }],
      [],
    ]);
  });
});

describe("[U] fileUsers: a library's files no import reaches", () => {
  it("belong to the library whose folder holds them, never to one whose name only begins the same", () => {
    const { facts: f, resolver } = scan({ "svc/main.ts": `import { db } from "../libs/common/index";\ndb();\n`, "libs/common/index.ts": `export const db = () => 1;\n` }, ["libs/common/prisma/schema.prisma", "libs/common-extra/prisma/schema.prisma"]);
    const usersOf = fileUsers({ facts: f, resolver, fileService: { "svc/main.ts": "svc" }, libraries: [libraryAt("common", "libs/common")] });
    expect([usersOf("libs/common/prisma/schema.prisma"), usersOf("libs/common-extra/prisma/schema.prisma")]).toEqual([[{ service: "svc", via: [at("svc/main.ts", 1)] }], []]);
  });
});

describe("[U] fileBorrowers: what is not borrowing", () => {
  it("an import never used, an import by package name, and a library's file are not another service's file borrowed", () => {
    const sources = {
      "a/main.ts": `import { pool } from "../b/db";\nimport { check } from "@shop/b/check";\nimport { log } from "../lib/log";\ncheck(log);\n`,
      "b/db.ts": `export const pool = 1;\n`,
      "b/check.ts": `export const check = (x: unknown) => x;\n`,
      "lib/log.ts": `export const log = 1;\n`,
    };
    const all = new Map<string, FileFacts>(Object.entries(sources).map(([file, code]) => [file, facts(code, file)]));
    const resolver = new ModuleResolver({ files: new Set(Object.keys(sources)), workspacePackages: { "@shop/b": "b" }, packageMains: {}, tsconfigs: [] });
    expect(resolver.resolve("a/main.ts", "@shop/b/check")).toBe("b/check.ts");
    const borrowersOf = fileBorrowers({ facts: all, resolver, fileService: { "a/main.ts": "a", "b/db.ts": "b", "b/check.ts": "b" } });
    expect([borrowersOf("b/db.ts"), borrowersOf("b/check.ts"), borrowersOf("lib/log.ts")]).toEqual([[], [], []]);
  });
});
