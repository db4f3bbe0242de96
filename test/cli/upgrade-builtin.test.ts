import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCreateService } from "../helpers/cli.js";
import { runArchLint } from "../helpers/arch-lint-in-process.js";
import { tempDir } from "../helpers/temp.js";
import { rebuildVersion, removeFolder } from "../../src/scaffold/template-history.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";

/**
 * The real upgrade: a service generated with the built-in template's previous release (0.1.0, rebuilt from
 * templates/service/history), worked on by its owner (a route, a dependency, a config value), then
 * upgraded to the current template with no --template and no --from: the base comes from the package.
 */

const BUILTIN = join(import.meta.dirname, "../../templates/service");
const GIT_ENV = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
const git = (cwd: string, ...args: string[]) => execa("git", args, { cwd, env: GIT_ENV });

/** A service generated with the template's 0.1.0 and committed, with the owner's route and dependency. */
async function ownersService() {
  const parent = tempDir();
  const rebuilt = rebuildVersion(BUILTIN, loadTemplateSpec(BUILTIN).version, "0.1.0")!;
  const oldTemplate = join(parent, "service-0.1.0");
  cpSync(rebuilt, oldTemplate, { recursive: true });
  removeFolder(rebuilt);
  const generated = await runCreateService(["orders", "--template", oldTemplate, "--yes", "--skip-install", "--skip-git", "--port", "3000"], { cwd: parent });
  expect(generated.exitCode).toBe(0);
  const service = join(parent, "orders");
  const path = (file: string) => join(service, file);
  const edit = (file: string, from: string, to: string) => {
    const text = readFileSync(path(file), "utf8");
    expect(text).toContain(from);
    writeFileSync(path(file), text.replace(from, to));
  };
  await git(service, "init", "-q", "-b", "main");
  await git(service, "add", "-A");
  await git(service, "commit", "-qm", "generated");
  edit("src/app.ts", `      v1.get("/orders", async () => ({ items: [...items.values()] }));`, `      v1.get("/orders", async () => ({ items: [...items.values()] }));\n      v1.get("/orders/count", async () => ({ count: items.size }));`);
  edit("package.json", `"fastify": "5.12.8"\n  }`, `"fastify": "5.12.8",\n    "zod": "4.1.0"\n  }`);
  return { parent, service, path, edit };
}

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
