import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { REPO_ROOT } from "../helpers/cli.js";
import { runAction } from "../helpers/github-action.js";

/**
 * What npm publishes is not what the repository holds (npm drops .gitignore,
 * honours "files"), so the packed tarball is installed and run like a user's
 * `npx create-service` would.
 */
describe("the published package", () => {
  it("ships the CLI and the template, and generates from an installed tarball", { timeout: 180_000 }, async () => {
    const work = tempDir();
    const pack = await execa("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: REPO_ROOT });
    const [packed] = JSON.parse(String(pack.stdout)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    if (!packed) throw new Error(`npm pack printed no result: ${pack.stdout}`);
    const { filename, files } = packed;
    const paths = files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(["bin/create-service.js", "dist/cli/create-service.js", "templates/service/template.yaml", "templates/service/files/_gitignore", "README.md"]));
    expect(paths.filter((path) => path.startsWith("test/") || path.startsWith("src/"))).toEqual([]);

    const prefix = join(work, "install");
    await execa("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", join(work, filename)]);
    const bin = join(prefix, "node_modules", ".bin", "create-service");
    const run = await execa(bin, ["orders", "--yes", "--skip-install", "--skip-git"], { cwd: work, reject: false });
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(existsSync(join(work, "orders", ".gitignore"))).toBe(true);
    expect(existsSync(join(work, "orders", ".npmrc"))).toBe(true);
    expect(readdirSync(join(work, "orders"))).toContain("package.json");
    // Installed from a tarball, not a registry (npm's lockfile says file:): it may be on no registry, so the
    // service gets it packed, as from a checkout, and names that tarball.
    const version = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
    const generated = JSON.parse(readFileSync(join(work, "orders", "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    expect(generated.devDependencies["create-service"]).toBe(`file:vendor/create-service-${version}.tgz`);
    expect(existsSync(join(work, "orders", "vendor", `create-service-${version}.tgz`))).toBe(true);

    // The installed arch-lint explains each rule with its docs page, which ships in the package.
    expect(paths).toEqual(expect.arrayContaining(["docs/rules/shared-database.md", "docs/arch-lint.md"]));
    const sarif = await execa(join(prefix, "node_modules", ".bin", "arch-lint"), ["orders", "--format", "sarif"], { cwd: work, reject: false });
    expect(sarif.exitCode, String(sarif.stderr)).toBe(0);
    const rules = (JSON.parse(String(sarif.stdout)) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; help: { text: string } }> } } }> }).runs[0]?.tool.driver.rules ?? [];
    expect(rules.find((rule) => rule.id === "shared-database")?.help.text).toMatch(/^# shared-database\n\n## What it checks/);

    // The GitHub Action ships too, and runs from the installed package (uses: ./node_modules/create-service):
    // on the service it just generated, no finding, a SARIF report, exit 0.
    expect(paths).toEqual(expect.arrayContaining(["action.yml", "action/arch-lint.sh"]));
    const action = runAction({ actionDir: join(prefix, "node_modules", "create-service"), workspace: join(work, "orders"), temp: tempDir() });
    expect(action.steps[0]!.stdout).not.toContain("is not built");
    expect(action.outputs, action.steps[0]!.stderr).toEqual({ errors: "0", warnings: "0", report: "arch-lint.sarif", "exit-code": "0" });
    expect(action.failed).toBe(false);
  });
});
