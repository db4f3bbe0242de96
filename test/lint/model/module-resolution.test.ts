import { describe, expect, it } from "vitest";
import { ModuleResolver, resolveExport, type PathsConfig } from "../../../src/lint/model/resolve.js";
import type { FileFacts } from "../../../src/lint/types.js";
import { facts } from "../helpers.js";

/**
 * Every cross-file link of the model (a call made in a helper, a connection in a library, a constant's URL) goes
 * through ModuleResolver: a specifier resolved to the wrong file puts a call or a datastore in the wrong service.
 */

const resolver = (files: string[], opts: { workspacePackages?: Record<string, string>; packageMains?: Record<string, string | undefined>; tsconfigs?: PathsConfig[]; canonical?: (rel: string) => string | undefined } = {}) =>
  new ModuleResolver({ files: new Set(files), workspacePackages: opts.workspacePackages ?? {}, packageMains: opts.packageMains ?? {}, tsconfigs: opts.tsconfigs ?? [], ...(opts.canonical ? { canonical: opts.canonical } : {}) });

describe("[U] ModuleResolver: relative specifiers", () => {
  it("the file beside, above or below, with its extension found", () => {
    const r = resolver(["src/a.ts", "src/db.ts", "lib/util.js", "src/routes/users.tsx", "main.ts"]);
    expect(r.resolve("src/a.ts", "./db")).toBe("src/db.ts");
    expect(r.resolve("src/a.ts", "../lib/util")).toBe("lib/util.js");
    expect(r.resolve("src/a.ts", "./routes/users")).toBe("src/routes/users.tsx");
    expect(r.resolve("main.ts", "./src/db")).toBe("src/db.ts");
    expect(r.resolve("src/a.ts", "./missing")).toBeUndefined();
  });

  it("ESM TypeScript's .js, .jsx, .mjs and .cjs name the TypeScript file; a file that exists as written is that file", () => {
    const r = resolver(["src/db.ts", "src/view.tsx", "src/esm.mts", "src/cjs.cts", "src/real.mjs", "src/real.mts", "src/plain.js"]);
    expect(r.resolve("src/a.ts", "./db.js")).toBe("src/db.ts");
    expect(r.resolve("src/a.ts", "./view.jsx")).toBe("src/view.tsx");
    expect(r.resolve("src/a.ts", "./esm.mjs")).toBe("src/esm.mts");
    expect(r.resolve("src/a.ts", "./cjs.cjs")).toBe("src/cjs.cts");
    expect(r.resolve("src/a.ts", "./real.mjs")).toBe("src/real.mjs");
    expect(r.resolve("src/a.ts", "./plain.js")).toBe("src/plain.js");
    expect(r.resolve("src/a.ts", "./db.ts")).toBe("src/db.ts");
  });

  it("TypeScript before JavaScript; a file before a folder's index; index.ts before index.js", () => {
    const r = resolver(["src/db.js", "src/db.ts", "src/lib.ts", "src/lib/index.ts", "src/clients/index.js", "src/clients/index.ts", "src/only/index.mjs"]);
    expect(r.resolve("src/a.ts", "./db")).toBe("src/db.ts");
    expect(r.resolve("src/a.ts", "./lib")).toBe("src/lib.ts");
    expect(r.resolve("src/a.ts", "./clients")).toBe("src/clients/index.ts");
    expect(r.resolve("src/a.ts", "./only")).toBe("src/only/index.mjs");
    expect(r.resolve("src/a.ts", ".")).toBeUndefined();
  });

  it("one specifier in two folders is two files, asked in any order and again", () => {
    const r = resolver(["src/db.ts", "lib/db.ts", "lib/x.ts", "src/y.ts"]);
    expect(r.resolve("src/y.ts", "./db")).toBe("src/db.ts");
    expect(r.resolve("lib/x.ts", "./db")).toBe("lib/db.ts");
    expect(r.resolve("src/other.ts", "./db")).toBe("src/db.ts");
    expect(r.resolve("src/y.ts", "./nothing")).toBeUndefined();
    expect(r.resolve("src/y.ts", "./nothing")).toBeUndefined();
  });

  it("a package name that is neither a path, a tsconfig path nor a workspace package is not resolved", () => {
    expect(resolver(["node_modules/express/index.js", "express.ts"]).resolve("src/a.ts", "express")).toBeUndefined();
  });

  it("through in-scan symlinks: the file as the scan lists it", () => {
    const r = resolver(["shared/db.ts"], { canonical: (rel) => (rel.startsWith("src/linked/") ? rel.replace("src/linked/", "shared/") : rel) });
    expect(r.resolve("src/a.ts", "./linked/db")).toBe("shared/db.ts");
    expect(resolver(["src/db.ts"], { canonical: () => undefined }).resolve("src/a.ts", "./db")).toBeUndefined();
  });
});

describe("[U] ModuleResolver: tsconfig paths", () => {
  const files = ["services/users/src/lib/billing.ts", "services/users/src/config/index.ts", "services/users/app/client.ts", "shared/log.ts", "services/users/src/feature/x/client.ts"];

  it("a pattern with a *, an exact pattern, baseUrl, in the folder of the tsconfig", () => {
    const r = resolver(files, { tsconfigs: [{ dir: "services/users", baseUrl: ".", paths: { "@/*": ["src/*"], config: ["src/config"], "#feature/*/client": ["src/feature/*/client"] } }] });
    expect(r.resolve("services/users/src/server.ts", "@/lib/billing")).toBe("services/users/src/lib/billing.ts");
    expect(r.resolve("services/users/src/server.ts", "config")).toBe("services/users/src/config/index.ts");
    expect(r.resolve("services/users/src/server.ts", "config/x")).toBeUndefined();
    expect(r.resolve("services/users/src/server.ts", "#feature/x/client")).toBe("services/users/src/feature/x/client.ts");
    expect(r.resolve("services/users/src/server.ts", "#feature/x/server")).toBeUndefined();
  });

  it("only files under the tsconfig's folder use its paths; a root tsconfig's apply everywhere", () => {
    const scoped = resolver(files, { tsconfigs: [{ dir: "services/users", baseUrl: "src", paths: { "@lib/*": ["lib/*"] } }] });
    expect(scoped.resolve("services/users/src/a.ts", "@lib/billing")).toBe("services/users/src/lib/billing.ts");
    expect(scoped.resolve("services/orders/src/a.ts", "@lib/billing")).toBeUndefined();
    expect(scoped.resolve("services/users-old/src/a.ts", "@lib/billing")).toBeUndefined();
    const root = resolver(files, { tsconfigs: [{ dir: "", baseUrl: ".", paths: { "@shared/*": ["shared/*"] } }] });
    expect(root.resolve("services/users/src/a.ts", "@shared/log")).toBe("shared/log.ts");
  });

  it("the targets of a pattern in order, the first that exists; the nearest tsconfig first, then the others", () => {
    const r = resolver(files, {
      tsconfigs: [
        { dir: "", baseUrl: ".", paths: { "@/*": ["shared/*"] } },
        { dir: "services/users", baseUrl: ".", paths: { "@/*": ["missing/*", "app/*", "src/lib/*"] } },
      ],
    });
    expect(r.resolve("services/users/src/a.ts", "@/client")).toBe("services/users/app/client.ts");
    expect(r.resolve("services/users/src/a.ts", "@/billing")).toBe("services/users/src/lib/billing.ts");
    // Found by neither of the nearest's targets: the root tsconfig's.
    expect(r.resolve("services/users/src/a.ts", "@/log")).toBe("shared/log.ts");
  });
});

describe("[U] ModuleResolver: a tsconfig's baseUrl", () => {
  const files = ["apps/billing/src/invoice.dto.ts", "apps/orders/src/users/users.service.ts", "apps/orders/src/main.ts", "express.ts"];

  it("a bare specifier is looked up under the nearest tsconfig's baseUrl when one is set, after its paths", () => {
    const r = resolver(files, { tsconfigs: [{ dir: "", baseUrl: "./", baseUrlSet: true, paths: {} }, { dir: "apps/orders", baseUrl: ".", baseUrlSet: true, paths: { "@users/*": ["src/users/*"] } }] });
    expect(r.resolve("apps/orders/src/main.ts", "src/users/users.service")).toBe("apps/orders/src/users/users.service.ts");
    expect(r.resolve("apps/orders/src/main.ts", "@users/users.service")).toBe("apps/orders/src/users/users.service.ts");
    expect(r.resolve("apps/billing/src/x.ts", "apps/orders/src/main")).toBe("apps/orders/src/main.ts");
    // The nearest tsconfig's baseUrl only: from apps/orders, apps/... is not under apps/orders.
    expect(r.resolve("apps/orders/src/main.ts", "apps/billing/src/invoice.dto")).toBeUndefined();
  });

  it("without a baseUrl written in the tsconfig, a bare specifier is a package's", () => {
    const r = resolver(files, { tsconfigs: [{ dir: "", baseUrl: ".", paths: { "@x/*": ["x/*"] } }] });
    expect(r.resolve("apps/orders/src/main.ts", "apps/billing/src/invoice.dto")).toBeUndefined();
    expect(r.resolve("apps/orders/src/main.ts", "express")).toBeUndefined();
  });
});

describe("[U] ModuleResolver: workspace packages", () => {
  const files = ["packages/db/src/index.ts", "packages/db/src/client.ts", "packages/db/pool.ts", "packages/log/index.js", "packages/api/lib/main.ts", "packages/web/src/server.ts"];

  it("the package name: its main (a build output's source), else src/index, else index", () => {
    const r = resolver(files, {
      workspacePackages: { "@acme/db": "packages/db", "@acme/log": "packages/log", "@acme/api": "packages/api", "@acme/web": "packages/web" },
      packageMains: { "packages/db": "dist/index.js", "packages/api": "lib/main.js", "packages/web": "build/server.js" },
    });
    expect(r.resolve("services/a/src/x.ts", "@acme/db")).toBe("packages/db/src/index.ts");
    expect(r.resolve("services/a/src/x.ts", "@acme/log")).toBe("packages/log/index.js");
    expect(r.resolve("services/a/src/x.ts", "@acme/api")).toBe("packages/api/lib/main.ts");
    expect(r.resolve("services/a/src/x.ts", "@acme/web")).toBe("packages/web/src/server.ts");
  });

  it("a subpath: in the package's folder, else in its src", () => {
    const r = resolver(files, { workspacePackages: { "@acme/db": "packages/db" } });
    expect(r.resolve("services/a/src/x.ts", "@acme/db/pool")).toBe("packages/db/pool.ts");
    expect(r.resolve("services/a/src/x.ts", "@acme/db/client")).toBe("packages/db/src/client.ts");
    expect(r.resolve("services/a/src/x.ts", "@acme/db/nothing")).toBeUndefined();
  });

  it("a name that only begins like a package's is another package", () => {
    const r = resolver(files, { workspacePackages: { "@acme/db": "packages/db" } });
    expect(r.resolve("services/a/src/x.ts", "@acme/dbx")).toBeUndefined();
    expect(r.resolve("services/a/src/x.ts", "@acme/d")).toBeUndefined();
  });
});

describe("[U] resolveExport: the file that defines an exported name", () => {
  const sources: Record<string, string> = {
    "src/index.ts": `export { getUser as fetchUser } from "./users";\nexport * from "./orders";\nexport * from "./missing";\nexport const version = "1";\n`,
    "src/users.ts": `export async function getUser(id: string) {\n  return id;\n}\n`,
    "src/orders.ts": `export * from "./missing";\nexport function getOrder() {}\n`,
    "src/loop-a.ts": `export * from "./loop-b";\n`,
    "src/loop-b.ts": `export * from "./loop-a";\n`,
  };
  const allFacts = new Map<string, FileFacts>(Object.entries(sources).map(([file, code]) => [file, facts(code, file)]));
  const r = resolver(Object.keys(sources));

  it("an own export, a renamed re-export, a name from export *", () => {
    expect(resolveExport(allFacts, r, "src/index.ts", "version")).toEqual({ file: "src/index.ts", id: allFacts.get("src/index.ts")!.exports.version });
    expect(resolveExport(allFacts, r, "src/index.ts", "fetchUser")).toEqual({ file: "src/users.ts", id: allFacts.get("src/users.ts")!.exports.getUser });
    expect(resolveExport(allFacts, r, "src/index.ts", "getOrder")).toEqual({ file: "src/orders.ts", id: allFacts.get("src/orders.ts")!.exports.getOrder });
  });

  it("a name exported nowhere, a file not scanned, a cycle of export *: none", () => {
    expect(resolveExport(allFacts, r, "src/index.ts", "getUser")).toBeUndefined();
    expect(resolveExport(allFacts, r, "src/nowhere.ts", "x")).toBeUndefined();
    expect(resolveExport(allFacts, r, "src/loop-a.ts", "x")).toBeUndefined();
  });
});
