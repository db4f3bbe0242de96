import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync, spawn } from "node:child_process";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { execa } from "execa";
import { parse as parseYaml } from "yaml";
import { tempDir } from "../helpers/temp.js";
import { CREATE_SERVICE_BIN, REPO_ROOT, runCreateService } from "../helpers/cli.js";
import { PtySession } from "../helpers/pty.js";
import { TINY_SPEC, writeTemplate } from "../helpers/template.js";
import { registryEnv } from "../helpers/service-deps.js";

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** A global git config with an identity and no init.defaultBranch (git's own default is then master). */
function gitEnvWithoutDefaultBranch(dir: string): NodeJS.ProcessEnv {
  const config = join(dir, "global.gitconfig");
  writeFileSync(config, "[user]\n\temail = test@example.invalid\n\tname = Test\n");
  return { GIT_CONFIG_GLOBAL: config, GIT_CONFIG_NOSYSTEM: "1" };
}

const git = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): string =>
  execFileSync("git", args, { cwd, env: { ...process.env, ...env }, encoding: "utf8" }).trim();

/** A clone of the repository's first commit: what CI and a teammate start from. */
function cloneFirstCommit(repo: string, into: string, env: NodeJS.ProcessEnv): string {
  const first = git(repo, env, "rev-list", "--max-parents=0", "HEAD");
  git(repo, env, "clone", "--quiet", "--no-checkout", repo, into);
  git(into, env, "checkout", "--quiet", first);
  return into;
}

describe("create-service: the first commit", () => {
  it("is on main when git has no init.defaultBranch, the branch the generated CI runs on", async () => {
    const cwd = tempDir();
    const env = gitEnvWithoutDefaultBranch(cwd);
    const run = await runCreateService(["orders", "--yes", "--skip-install"], { cwd, env });
    expect(run.exitCode, run.stderr).toBe(0);
    const service = join(cwd, "orders");
    const workflow = parseYaml(readFileSync(join(service, ".github/workflows/ci.yml"), "utf8")) as { on: { push: { branches: string[] } } };
    expect(git(service, env, "branch", "--show-current")).toBe("main");
    expect(workflow.on.push.branches).toContain("main");
  });

  it("holds package-lock.json, so a clone of it passes npm ci", { timeout: 60_000 }, async () => {
    const cwd = tempDir();
    const env = gitEnvWithoutDefaultBranch(cwd);
    const template = writeTemplate(join(cwd, "tpl"), TINY_SPEC, {
      "package.json.hbs": `{ "name": "{{name}}", "version": "1.0.0", "private": true }\n`,
      _gitignore: "node_modules/\n",
    });
    const run = await runCreateService(["orders", "--template", template, "--yes"], { cwd, env });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).not.toContain("package-lock.json is still to be made");
    const clone = cloneFirstCommit(join(cwd, "orders"), join(cwd, "clone"), env);
    expect(git(clone, env, "ls-files")).toContain("package-lock.json");
    const ci = await execa("npm", ["ci", "--no-audit", "--no-fund"], { cwd: clone, reject: false, all: true });
    expect(ci.exitCode, String(ci.all)).toBe(0);
  });

  it("with --skip-install: the next steps say that package-lock.json is still to be made, and how to commit it", async () => {
    const cwd = tempDir();
    const env = gitEnvWithoutDefaultBranch(cwd);
    const template = writeTemplate(join(cwd, "tpl"), TINY_SPEC, { "package.json.hbs": `{ "name": "{{name}}", "version": "1.0.0" }\n` });
    const run = await runCreateService(["orders", "--template", template, "--yes", "--skip-install"], { cwd, env });
    expect(run.exitCode, run.stderr).toBe(0);
    const next = run.stdout.slice(run.stdout.indexOf("Next steps:"));
    expect(next).toMatch(/^ {2}npm install\n {2}git add package-lock\.json && git commit -m "chore: add package-lock\.json"$/m);
    expect(next).toMatch(/^package-lock\.json is still to be made: npm install writes it \(the first commit has none\)/m);
  });

  it("inside an npm workspace the lockfile is the root's: no note about the service's own", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "package.json"), `${JSON.stringify({ name: "shop", private: true, workspaces: ["services/*"] })}\n`);
    const template = writeTemplate(join(cwd, "tpl"), TINY_SPEC, { "package.json.hbs": `{ "name": "{{name}}", "version": "1.0.0" }\n` });
    const run = await runCreateService(["orders", "--template", template, "--yes", "--skip-install", "--skip-git"], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).not.toContain("package-lock.json");
  });
});


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

describe("a generated service's arch-lint", () => {
  it("is a devDependency its lockfile pins with an integrity hash, and a clone of the first commit runs it with no findings", { timeout: 600_000 }, async () => {
    const cwd = tempDir();
    const env = { ...gitEnvWithoutDefaultBranch(cwd), ...registryEnv() };
    const run = await runCreateService(["orders", "--yes"], { cwd, env });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const service = join(cwd, "orders");

    // These tests run a development checkout, which is on no registry: it is packed into the service.
    const tarball = `vendor/create-service-${PACKAGE_VERSION}.tgz`;
    const pkg = JSON.parse(readFileSync(join(service, "package.json"), "utf8")) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.scripts["arch-lint"]).toBe("arch-lint .");
    expect(pkg.devDependencies["create-service"]).toBe(`file:${tarball}`);
    const lock = JSON.parse(readFileSync(join(service, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; resolved?: string; integrity?: string }> };
    expect(lock.packages["node_modules/create-service"]).toMatchObject({ version: PACKAGE_VERSION, resolved: `file:${tarball}`, integrity: expect.stringMatching(/^sha512-/) });
    const manifest = JSON.parse(readFileSync(join(service, ".create-service.json"), "utf8")) as { files: Record<string, unknown> };
    expect(Object.keys(manifest.files)).toContain(tarball);

    const clone = cloneFirstCommit(service, join(cwd, "clone"), env);
    const ci = await execa("npm", ["ci", "--no-audit", "--no-fund"], { cwd: clone, reject: false, all: true, env: registryEnv() });
    expect(ci.exitCode, String(ci.all)).toBe(0);
    const lint = await execa("npm", ["run", "arch-lint"], { cwd: clone, reject: false, all: true, env: { NO_COLOR: "1" } });
    expect(lint.exitCode, String(lint.all)).toBe(0);
    // One service: neither node_modules (create-service's own templates are in there) nor the tarball is read as code.
    expect(String(lint.all)).toMatch(/understood 1 service \(orders\)/);
    expect(String(lint.all)).toContain("no problems found");
  });
});

/** A registry that accepts connections and never answers: npm install waits on it until it is stopped. */
async function silentRegistry(): Promise<{ url: string; connected: Promise<void>; allClosed: () => Promise<void>; close: () => void }> {
  const sockets = new Set<Socket>();
  let onConnect: () => void = () => {};
  const connected = new Promise<void>((resolve) => (onConnect = resolve));
  const server = createServer((socket) => {
    sockets.add(socket);
    // Read (and drop) the request, so that the client's end of the connection is seen and the socket closes.
    socket.resume();
    socket.on("close", () => sockets.delete(socket));
    onConnect();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    connected,
    allClosed: async () => {
      while (sockets.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe("create-service: Ctrl-C during npm install", () => {
  const setUp = async () => {
    const cwd = tempDir();
    const registry = await silentRegistry();
    const template = writeTemplate(join(cwd, "tpl"), TINY_SPEC, {
      "package.json.hbs": `{ "name": "{{name}}", "version": "1.0.0", "dependencies": { "left-pad": "1.3.0" } }\n`,
    });
    // An empty cache, so npm has to ask the registry, which keeps it waiting.
    const env = { ...gitEnvWithoutDefaultBranch(cwd), npm_config_registry: registry.url, npm_config_cache: join(cwd, "npm-cache"), NO_COLOR: "1" };
    return { cwd, registry, template, env };
  };
  const FINISH = /^create-service: npm install was interrupted; the files are in place in \.\/orders; to finish, run: cd \.\/orders && npm install && git init -b main && git add -A && git commit -m "chore: generate orders with create-service"$/m;

  it("SIGINT to create-service: one line saying so and what to run, the files kept, npm stopped, exit 130", { timeout: 60_000 }, async () => {
    const { cwd, registry, template, env } = await setUp();
    try {
      const child = spawn(process.execPath, [CREATE_SERVICE_BIN, "orders", "--template", template, "--yes"], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
      await registry.connected;
      expect(stderr).toContain("Installing dependencies (npm install)");
      child.kill("SIGINT");
      expect(await exited).toBe(130);
      expect(stderr.split("\n").filter((line) => line.includes("interrupted"))).toHaveLength(1);
      expect(stderr).toMatch(FINISH);
      expect(stdout).toBe("");
      expect(existsSync(join(cwd, "orders", "package.json"))).toBe(true);
      // npm was stopped with create-service, not left waiting on the registry.
      await registry.allClosed();
    } finally {
      registry.close();
    }
  });

  it("Ctrl-C in a terminal (create-service and npm both get SIGINT, a spinner is on screen): the same line, exit 130", { timeout: 60_000 }, async () => {
    const { cwd, registry, template, env } = await setUp();
    const session = new PtySession(`${JSON.stringify(process.execPath)} ${JSON.stringify(CREATE_SERVICE_BIN)} orders --template ${JSON.stringify(template)} --yes`, { cwd, env });
    try {
      await registry.connected;
      await session.waitFor(/Installing dependencies/);
      session.press("\u0003");
      expect(await session.exited).toBe(130);
      expect(session.screen.replace(/\r/g, "")).toMatch(FINISH);
      expect(existsSync(join(cwd, "orders", "package.json"))).toBe(true);
    } finally {
      session.kill();
      registry.close();
    }
  });
});
