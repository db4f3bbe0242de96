import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { tempDir } from "../helpers/temp.js";
import { CREATE_SERVICE_BIN, runCreateService } from "../helpers/cli.js";
import { TINY_SPEC, writeTemplate } from "../helpers/template.js";


describe("create-service: post steps", () => {
  it("a failed npm install keeps the files, says what to run by hand, and exits 1", async () => {
    const cwd = tempDir();
    const template = writeTemplate(join(cwd, "tpl"), TINY_SPEC, {
      "package.json.hbs": `{ "name": "{{name}}", "version": "1.0.0", "dependencies": { "create-service-no-such-package-xyz": "1.0.0" } }\n`,
    });
    // Offline with an empty cache: npm fails at once instead of asking the registry.
    const env = { npm_config_offline: "true", npm_config_cache: join(cwd, "empty-cache") };
    const run = await runCreateService(["orders", "--template", template, "--yes", "--skip-git"], { cwd, env });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/✖ npm install: /);
    expect(run.stdout).toContain(`run by hand: cd ${join(cwd, "orders")} && npm install`);
    expect(existsSync(join(cwd, "orders", "package.json"))).toBe(true);
  });

  it("without a git identity: repository initialised, no commit, and the command to finish", async () => {
    const cwd = tempDir();
    const template = writeTemplate(join(cwd, "tpl"), TINY_SPEC, { "README.md": "hello\n" });
    const emptyConfig = join(cwd, "empty.gitconfig");
    writeFileSync(emptyConfig, "");
    const env = { GIT_CONFIG_GLOBAL: emptyConfig, GIT_CONFIG_NOSYSTEM: "1", HOME: cwd, EMAIL: "", GIT_AUTHOR_EMAIL: "", GIT_COMMITTER_EMAIL: "" };
    const run = await runCreateService(["orders", "--template", template, "--yes", "--skip-install"], { cwd, env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/- git repository: repository initialised, but git has no user\.email configured/);
    expect(run.stdout).toMatch(/run by hand: git config --global user\.email/);
    expect(existsSync(join(cwd, "orders", ".git"))).toBe(true);
  });
});

describe("create-service: interrupted while writing", () => {
  it("leaves either the whole service or nothing, and never a staging folder", { timeout: 60_000 }, async () => {
    const cwd = tempDir();
    const big = Buffer.alloc(256 * 1024, "x");
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 400; i++) files[`data/file-${String(i).padStart(3, "0")}.bin`] = big;
    const template = writeTemplate(join(cwd, "tpl"), TINY_SPEC, files);
    const work = join(cwd, "work");
    mkdirSync(work);

    for (const delayMs of [150, 300, 600]) {
      const target = join(work, `svc-${delayMs}`);
      const child = spawn(process.execPath, [CREATE_SERVICE_BIN, `svc-${delayMs}`, "--template", template, "--yes", "--skip-git", "--skip-install", "--quiet"], { cwd: work });
      setTimeout(() => child.kill("SIGINT"), delayMs);
      const code = await new Promise<number | null>((resolve) => child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 130 : null))));
      expect(readdirSync(work).filter((entry) => entry.startsWith("."))).toEqual([]);
      if (existsSync(target)) {
        expect(readdirSync(join(target, "data"))).toHaveLength(400);
        expect(existsSync(join(target, ".create-service.json"))).toBe(true);
      } else {
        expect(code).not.toBe(0);
      }
    }
  });
});
