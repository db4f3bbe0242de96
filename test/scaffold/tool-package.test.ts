import { describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { tempDir } from "../helpers/temp.js";
import { REPO_ROOT } from "../helpers/cli.js";
import { installedFromRegistry, lockSaysRegistry, vendoredToolFor } from "../../src/scaffold/tool-package.js";

const INTEGRITY = "sha512-AAAA";
const lock = (entry: Record<string, unknown>) => ({ lockfileVersion: 3, packages: { "node_modules/create-service": entry } });

describe("lockSaysRegistry: did npm install this copy from a registry?", () => {
  it("yes: the version with an integrity hash, and no resolved URL (omit-lockfile-registry-resolved) or a registry tarball URL", () => {
    expect(lockSaysRegistry(lock({ version: "1.2.3", integrity: INTEGRITY }), "node_modules/create-service", "1.2.3")).toBe(true);
    const url = "https://registry.npmjs.org/create-service/-/create-service-1.2.3.tgz";
    expect(lockSaysRegistry(lock({ version: "1.2.3", resolved: url, integrity: INTEGRITY }), "node_modules/create-service", "1.2.3")).toBe(true);
  });

  it.each([
    ["a local tarball", { version: "1.2.3", resolved: "file:../create-service-1.2.3.tgz", integrity: INTEGRITY }],
    ["a tarball from some other URL", { version: "1.2.3", resolved: "https://example.com/builds/latest.tgz", integrity: INTEGRITY }],
    ["git", { version: "1.2.3", resolved: "git+ssh://git@github.com/x/create-service.git#abc", integrity: INTEGRITY }],
    ["a link (npm link, a folder)", { version: "1.2.3", resolved: "../create-service", link: true }],
    ["another version", { version: "1.2.4", integrity: INTEGRITY }],
    ["no integrity", { version: "1.2.3" }],
  ])("no: %s", (_what, entry) => {
    expect(lockSaysRegistry(lock(entry), "node_modules/create-service", "1.2.3")).toBe(false);
  });

  it("no: no entry, or not a lockfile", () => {
    expect(lockSaysRegistry(lock({ version: "1.2.3", integrity: INTEGRITY }), "node_modules/other", "1.2.3")).toBe(false);
    expect(lockSaysRegistry(null, "node_modules/create-service", "1.2.3")).toBe(false);
  });
});

describe("installedFromRegistry", () => {
  it("reads the hidden lockfile of the project the copy is installed in, nested installs too", () => {
    const project = tempDir();
    const nested = "node_modules/tools/node_modules/create-service";
    mkdirSync(join(project, nested), { recursive: true });
    writeFileSync(join(project, "node_modules", ".package-lock.json"), JSON.stringify({ packages: { [nested]: { version: "1.2.3", integrity: INTEGRITY } } }));
    expect(installedFromRegistry(`${join(project, nested)}/`, "1.2.3")).toBe(true);
    expect(installedFromRegistry(join(project, nested), "9.9.9")).toBe(false);
  });

  it("a copy without a lockfile beside it (a global install) or outside node_modules (a checkout) is not known to be on a registry", () => {
    const prefix = tempDir();
    mkdirSync(join(prefix, "lib", "node_modules", "create-service"), { recursive: true });
    expect(installedFromRegistry(join(prefix, "lib", "node_modules", "create-service"), "1.2.3")).toBe(false);
    expect(installedFromRegistry(REPO_ROOT, "1.2.3")).toBe(false);
  });
});

describe("vendoredToolFor the checkout these tests run in", () => {
  it("packs the package as npm would publish it, less the install scripts a tarball dependency would run", { timeout: 60_000 }, () => {
    const version = "0.0.0-never-published";
    const vendored = vendoredToolFor(REPO_ROOT, version);
    expect(vendored?.path).toBe(`vendor/create-service-${version}.tgz`);
    const folder = tempDir();
    writeFileSync(join(folder, "packed.tgz"), vendored!.load());
    const listing = execFileSync("tar", ["-tzf", "packed.tgz"], { cwd: folder, encoding: "utf8" }).split("\n");
    expect(listing).toEqual(expect.arrayContaining(["package/package.json", "package/bin/arch-lint.js", "package/dist/cli/arch-lint.js", "package/templates/service/template.yaml"]));
    expect(listing.filter((path) => path.startsWith("package/src/") || path.startsWith("package/test/"))).toEqual([]);
    const manifest = JSON.parse(execFileSync("tar", ["-xzOf", "packed.tgz", "package/package.json"], { cwd: folder, encoding: "utf8" })) as { name: string; bin: unknown; scripts: Record<string, string> };
    expect(manifest.name).toBe("create-service");
    expect(manifest.bin).toMatchObject({ "arch-lint": "bin/arch-lint.js" });
    // From a tarball npm runs prepare, which would build from sources the package does not ship.
    for (const script of ["preinstall", "install", "postinstall", "prepare"]) expect(manifest.scripts[script], script).toBeUndefined();
  });
});
