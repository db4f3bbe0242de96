import { describe, expect, it } from "vitest";
import { ModuleResolver, type PathsConfig } from "../../../src/lint/model/resolve.js";

/**
 * Edges of ModuleResolver that module-resolution.test.ts leaves open (issue 15's mutation run of model/resolve.ts).
 */

const resolver = (files: string[], opts: { workspacePackages?: Record<string, string>; packageMains?: Record<string, string | undefined>; tsconfigs?: PathsConfig[] } = {}) =>
  new ModuleResolver({ files: new Set(files), workspacePackages: opts.workspacePackages ?? {}, packageMains: opts.packageMains ?? {}, tsconfigs: opts.tsconfigs ?? [] });

describe("[U] ModuleResolver: several tsconfigs mapping one alias", () => {
  it("the nearest tsconfig's target wins where both exist, in whatever order the tsconfigs were found", () => {
    const files = ["shared/log.ts", "services/users/src/lib/log.ts"];
    const root: PathsConfig = { dir: "", baseUrl: ".", paths: { "@/*": ["shared/*"] } };
    const users: PathsConfig = { dir: "services/users", baseUrl: ".", paths: { "@/*": ["src/lib/*"] } };
    for (const tsconfigs of [[root, users], [users, root]]) {
      const r = resolver(files, { tsconfigs });
      expect(r.resolve("services/users/src/a.ts", "@/log")).toBe("services/users/src/lib/log.ts");
      expect(r.resolve("services/orders/src/a.ts", "@/log")).toBe("shared/log.ts");
    }
  });

  it("a bare `*` pattern maps every package-like specifier into the folder, and nothing there is still nothing", () => {
    const r = resolver(["services/users/src/lib/billing.ts"], { tsconfigs: [{ dir: "services/users", baseUrl: ".", paths: { "*": ["src/*"] } }] });
    expect(r.resolve("services/users/src/a.ts", "lib/billing")).toBe("services/users/src/lib/billing.ts");
    expect(r.resolve("services/users/src/a.ts", "express")).toBeUndefined();
  });
});

describe("[U] ModuleResolver: folders named by a relative path, and what reaches no file", () => {
  it("a trailing slash names the folder's index; a sibling package's folder loads what its package.json names (its build output read from src/)", () => {
    const r = resolver(["api/utils/index.js", "packages/messages/src/index.ts", "packages/proxy/src/main.ts"], { packageMains: { "packages/messages": "dist/index.js", "packages/proxy": undefined } });
    expect(r.resolve("api/routes/users.js", "../utils/")).toBe("api/utils/index.js");
    expect(r.resolve("packages/proxy/src/main.ts", "../../messages")).toBe("packages/messages/src/index.ts");
    expect(r.missing()).toEqual([]);
  });

  it("relative imports of code that reach no file are listed once per folder; a stylesheet, a package folder of node_modules (.prisma/client) and a package are not", () => {
    const r = resolver(["api/a.ts", "api/b.ts"]);
    for (const from of ["api/a.ts", "api/b.ts"]) for (const specifier of ["./generated/client", "./theme.css", ".prisma/client", "express", "./missing.js"]) r.resolve(from, specifier);
    expect(r.missing()).toEqual([
      { from: "api/a.ts", specifier: "./generated/client" },
      { from: "api/a.ts", specifier: "./missing.js" },
    ]);
  });
});
