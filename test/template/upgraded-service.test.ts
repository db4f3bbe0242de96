import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { runCreateService } from "../helpers/cli.js";
import { installEnv } from "../helpers/service-deps.js";
import { git, ownersService } from "../cli/upgrade-builtin-fixture.js";

/**
 * Issue 19's promise for the built-in template: a service its owner worked on since 0.1.0 (a route, a
 * dependency), upgraded to the current template, installs, typechecks and passes its own tests.
 * Slow like the generated services' tests (test/template/generated-services.ts), hence a file of its own.
 */

const STEP_TIMEOUT = 300_000;

async function run(cwd: string, command: string, args: string[]): Promise<string> {
  const result = await execa(command, args, { cwd, reject: false, all: true, env: { NO_COLOR: "1" }, stdin: "ignore" });
  if (result.exitCode !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.exitCode}:\n${String(result.all).slice(-4000)}`);
  return String(result.all);
}

describe("a service upgraded from the built-in template's 0.1.0", () => {
  it("installs, typechecks and passes its own tests", { timeout: 3 * STEP_TIMEOUT }, async () => {
    const { parent, service } = await ownersService();
    await git(service, "commit", "-qam", "the owner's work");
    // The upgrade's own npm install (the dependencies changed), as its owner would run it.
    const upgraded = await runCreateService(["upgrade", "orders", "--yes"], { cwd: parent, env: installEnv() });
    expect(upgraded.exitCode, upgraded.stdout + upgraded.stderr).toBe(0);
    expect(upgraded.stdout).toMatch(/^  ✔ npm install$/m);
    await run(service, "npm", ["run", "typecheck"]);
    const tests = await run(service, "npm", ["test"]);
    expect(tests).toMatch(/Tests\s+\d+ passed/);
  });
});
