import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { runCreateService } from "../helpers/cli.js";
import { runArchLint } from "../helpers/arch-lint-in-process.js";
import { git, ownersService } from "./upgrade-builtin-fixture.js";

/**
 * The real upgrade: a service generated with the built-in template's previous release (0.1.0, rebuilt from
 * templates/service/history), worked on by its owner (a route, a dependency, a config value), then
 * upgraded to the current template with no --template and no --from: the base comes from the package.
 */

describe("create-service upgrade of the built-in template", () => {
  it("from 0.1.0 without conflicts: exit 0, the owner's route and dependency kept, and arch-lint finds nothing", { timeout: 120_000 }, async () => {
    const { parent, service, path } = await ownersService();
    await git(service, "commit", "-qam", "the owner's work");
    const run = await runCreateService(["upgrade", "orders", "--yes", "--skip-install"], { cwd: parent });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(readFileSync(path("src/app.ts"), "utf8")).toContain(`v1.get("/orders/count"`);
    expect(JSON.parse(readFileSync(path("package.json"), "utf8")).dependencies.zod).toBe("4.1.0");
    const lint = await runArchLint([service], parent);
    expect(lint.stdout).toContain("no problems found");
    expect(lint.code).toBe(0);
  });

  it("from 0.1.0: no owner edit lost, the template's changes present, the conflict listed", { timeout: 120_000 }, async () => {
    const { parent, service, path, edit } = await ownersService();
    edit("src/config.ts", `env.LOG_LEVEL ?? "info"`, `env.LOG_LEVEL ?? "warn"`);
    await git(service, "commit", "-qam", "the owner's work");

    const run = await runCreateService(["upgrade", "orders", "--yes", "--skip-install"], { cwd: parent });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^Upgraded orders in \.\/orders from template service 0\.1\.0 to 0\.2\.0 \(old version from history\/0\.1\.0\.patch\)\n/);
    expect(run.stdout).toContain("  0.1.0 → 0.2.0: new option --api-version (default v1)\n");
    expect(run.stdout).toContain("  kept     src/app.ts  (the template no longer has it, but you changed it: yours is kept)\n");
    expect(run.stdout).toContain("1 file to resolve: src/config.ts;");

    // The owner's work: the route, the dependency, the config value (inside the conflict, as theirs).
    expect(readFileSync(path("src/app.ts"), "utf8")).toContain(`v1.get("/orders/count"`);
    const packageJson = JSON.parse(readFileSync(path("package.json"), "utf8"));
    expect(packageJson.dependencies.zod).toBe("4.1.0");
    const config = readFileSync(path("src/config.ts"), "utf8");
    expect(config).toMatch(/<<<<<<< yours\n[^]*env\.LOG_LEVEL \?\? "warn"[^]*\n=======\n[^]*\n>>>>>>> template service 0\.2\.0\n/);
    // The template's: its new files and dependencies, the owner's answers kept (the port) and new ones defaulted.
    for (const file of ["src/http/app.ts", "migrations/0001_init.sql", "Dockerfile", ".github/workflows/ci.yml"]) expect(existsSync(path(file)), file).toBe(true);
    expect(Object.keys(packageJson.dependencies).length).toBeGreaterThan(3);
    expect(existsSync(path("test/app.test.ts"))).toBe(false);
    const manifest = JSON.parse(readFileSync(path(".create-service.json"), "utf8"));
    expect(manifest.template).toEqual({ name: "service", version: "0.2.0" });
    expect(manifest.answers).toMatchObject({ port: 3000, apiVersion: "v1", publishes: [], consumes: [], calls: [] });
  });
});
