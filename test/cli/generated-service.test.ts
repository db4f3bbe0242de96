import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { runCreateService } from "../helpers/cli.js";

/**
 * The whole promise of the quick start: generate, install, test, build. This
 * installs real packages from the registry, so it is the slowest test here.
 */
describe("a generated service", () => {
  it("installs, passes its own tests and builds", { timeout: 300_000 }, async () => {
    const cwd = tempDir();
    const generated = await runCreateService(["orders", "--yes", "--skip-git"], { cwd });
    expect(generated.exitCode, generated.stderr).toBe(0);
    expect(generated.stdout).toMatch(/✔ npm install/);
    const service = join(cwd, "orders");
    expect(existsSync(join(service, "node_modules"))).toBe(true);

    const test = await execa("npm", ["test"], { cwd: service, reject: false, all: true });
    expect(test.exitCode, test.all).toBe(0);
    const build = await execa("npm", ["run", "build"], { cwd: service, reject: false, all: true });
    expect(build.exitCode, build.all).toBe(0);
    expect(existsSync(join(service, "dist", "server.js"))).toBe(true);
  });
});
