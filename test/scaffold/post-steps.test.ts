import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { INITIAL_BRANCH, gitInit, isInsideGitWorkTree, npmInstall } from "../../src/scaffold/post-steps.js";

/**
 * The steps after a generation, run in process on real folders with the real git and npm (test/cli runs them
 * through the CLI, in a child process). git reads only the config a test gives it: an identity or none, and an
 * init.defaultBranch that is not main.
 */

function gitEnv(config: string): NodeJS.ProcessEnv {
  const home = tempDir("create-service-home-");
  const global = join(home, "gitconfig");
  writeFileSync(global, config);
  return { PATH: process.env.PATH, HOME: home, GIT_CONFIG_GLOBAL: global, GIT_CONFIG_NOSYSTEM: "1", LANG: "C", LC_ALL: "C" };
}
const WITH_IDENTITY = "[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = trunk\n";
const WITHOUT_IDENTITY = "[init]\n\tdefaultBranch = trunk\n";

const git = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): string => execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();

function serviceFolder(files: Record<string, string>): string {
  const dir = tempDir("create-service-steps-");
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe("isInsideGitWorkTree", () => {
  it("is true inside a work tree, also in a subfolder, and false outside any", async () => {
    const env = gitEnv(WITH_IDENTITY);
    const repo = serviceFolder({ "sub/a.txt": "a" });
    git(repo, env, "init", "--quiet");
    expect(await isInsideGitWorkTree(repo)).toBe(true);
    expect(await isInsideGitWorkTree(join(repo, "sub"))).toBe(true);
    expect(await isInsideGitWorkTree(serviceFolder({}))).toBe(false);
  });

  it("is false inside a repository's .git folder, where git answers \"false\"", async () => {
    const env = gitEnv(WITH_IDENTITY);
    const repo = serviceFolder({ "a.txt": "a" });
    git(repo, env, "init", "--quiet");
    expect(git(join(repo, ".git"), env, "rev-parse", "--is-inside-work-tree")).toBe("false");
    expect(await isInsideGitWorkTree(join(repo, ".git"))).toBe(false);
  });
});

describe("gitInit", () => {
  it("makes a repository on main whose first commit holds the files, the required ones despite .gitignore, and no node_modules", async () => {
    const env = gitEnv(WITH_IDENTITY);
    const dir = serviceFolder({
      "package.json": "{}\n",
      "src/app.ts": "export {};\n",
      ".gitignore": "package-lock.json\nvendor/\n",
      "package-lock.json": "{}\n",
      "vendor/tool.tgz": "tarball",
      "node_modules/dep/index.js": "module.exports = 1;\n",
      "local.log": "not required, ignored",
    });
    writeFileSync(join(dir, ".gitignore"), "package-lock.json\nvendor/\nlocal.log\n");
    const result = await gitInit({ cwd: dir, env, message: "Initial commit from create-service", required: ["package-lock.json", "vendor/tool.tgz"] });
    expect(result).toEqual({ step: "git", status: "done" });
    expect(INITIAL_BRANCH).toBe("main");
    expect(git(dir, env, "branch", "--show-current")).toBe("main");
    expect(git(dir, env, "log", "--format=%s")).toBe("Initial commit from create-service");
    expect(git(dir, env, "ls-files").split("\n")).toEqual([".gitignore", "package-lock.json", "package.json", "src/app.ts", "vendor/tool.tgz"]);
    expect(git(dir, env, "status", "--porcelain", "--untracked-files=no")).toBe("");
  });

  it("commits without required files, leaving node_modules out even without a .gitignore", async () => {
    const env = gitEnv(WITH_IDENTITY);
    const dir = serviceFolder({ "a.txt": "a", "node_modules/dep/index.js": "x" });
    expect(await gitInit({ cwd: dir, env, message: "first" })).toEqual({ step: "git", status: "done" });
    expect(git(dir, env, "ls-files")).toBe("a.txt");
    expect(git(dir, env, "log", "--format=%s")).toBe("first");
  });

  it("skips the commit when git has no user.email, and says how to make it", async () => {
    const env = gitEnv(WITHOUT_IDENTITY);
    const dir = serviceFolder({ "a.txt": "a" });
    const result = await gitInit({ cwd: dir, env, message: "first" });
    expect(result).toEqual({
      step: "git",
      status: "skipped",
      detail: "repository initialised, but git has no user.email configured, so no first commit was made",
      manual: `git config --global user.email you@example.com && cd ${dir} && git commit -m "first"`,
    });
    // The files are staged, so the command above is all that is left to do.
    expect(git(dir, env, "branch", "--show-current")).toBe("main");
    expect(git(dir, env, "diff", "--cached", "--name-only")).toBe("a.txt");
  });

  it("skips the commit when user.email is empty", async () => {
    const env = gitEnv('[user]\n\tname = Test\n\temail = ""\n');
    const dir = serviceFolder({ "a.txt": "a" });
    expect(await gitInit({ cwd: dir, env, message: "first" })).toMatchObject({ step: "git", status: "skipped" });
  });

  it("skips the commit when user.email is only spaces", async () => {
    const env = gitEnv('[user]\n\tname = Test\n\temail = "   "\n');
    const dir = serviceFolder({ "a.txt": "a" });
    expect(await gitInit({ cwd: dir, env, message: "first" })).toMatchObject({ step: "git", status: "skipped" });
  });

  it("runs git with the environment it is given and nothing of this process's", async () => {
    const inherited = { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "user.email", GIT_CONFIG_VALUE_0: "inherited@example.com" };
    Object.assign(process.env, inherited);
    try {
      const dir = serviceFolder({ "a.txt": "a" });
      expect(await gitInit({ cwd: dir, env: gitEnv(WITHOUT_IDENTITY), message: "first" })).toMatchObject({ step: "git", status: "skipped" });
    } finally {
      for (const key of Object.keys(inherited)) delete process.env[key];
    }
  });

  it("says git is not installed when there is none, with the whole manual sequence", async () => {
    const dir = serviceFolder({ "a.txt": "a" });
    const result = await gitInit({ cwd: dir, env: { PATH: tempDir("create-service-empty-path-") }, message: "first" });
    expect(result).toEqual({
      step: "git",
      status: "failed",
      detail: "git is not installed",
      manual: `cd ${dir} && git init -b main && git add -A && git commit -m "first"`,
    });
  });

  it("names git's own error when init fails for another reason", async () => {
    const env = gitEnv(WITH_IDENTITY);
    const dir = serviceFolder({ "a.txt": "a", ".git": "not a gitdir file\n" });
    const result = await gitInit({ cwd: dir, env, message: "first" });
    expect(result.status).toBe("failed");
    expect(result.detail).toMatch(/^fatal: invalid gitfile format/);
    expect(result.manual).toBe(`cd ${dir} && git init -b main && git add -A && git commit -m "first"`);
  });

  it("fails at `git add` when the index is locked, and leaves the rest to the user", async () => {
    const env = gitEnv(WITH_IDENTITY);
    const dir = serviceFolder({ "a.txt": "a" });
    git(dir, env, "init", "--quiet");
    writeFileSync(join(dir, ".git", "index.lock"), "");
    const result = await gitInit({ cwd: dir, env, message: "first" });
    expect(result.status).toBe("failed");
    expect(result.step).toBe("git");
    expect(result.detail).toMatch(/^fatal: Unable to create '.*index\.lock': File exists\.$/);
    expect(result.manual).toBe(`cd ${dir} && git add -A && git commit -m "first"`);
  });

  it("fails when a required file is missing, naming it", async () => {
    const env = gitEnv(WITH_IDENTITY);
    const dir = serviceFolder({ "a.txt": "a" });
    const result = await gitInit({ cwd: dir, env, message: "first", required: ["package-lock.json"] });
    expect(result).toEqual({
      step: "git",
      status: "failed",
      detail: "fatal: pathspec 'package-lock.json' did not match any files",
      manual: `cd ${dir} && git add -A && git commit -m "first"`,
    });
    expect(existsSync(join(dir, ".git"))).toBe(true);
  });

  it("fails at the commit when there is nothing to commit, with git's last line", async () => {
    const env = gitEnv(WITH_IDENTITY);
    const dir = serviceFolder({});
    const result = await gitInit({ cwd: dir, env, message: "first" });
    expect(result.status).toBe("failed");
    expect(result.detail).toMatch(/^nothing to commit/);
    expect(result.manual).toBe(`cd ${dir} && git commit -m "first"`);
  });
});

describe("npmInstall", () => {
  it("installs a package without dependencies, writing its lockfile", async () => {
    const dir = serviceFolder({ "package.json": '{ "name": "steps-test", "version": "1.0.0", "private": true }\n' });
    expect(await npmInstall({ cwd: dir })).toEqual({ step: "install", status: "done" });
    expect(existsSync(join(dir, "package-lock.json"))).toBe(true);
  });

  it("fails with npm's error line and the command to rerun", async () => {
    const dir = serviceFolder({ "package.json": "{ not json\n" });
    const result = await npmInstall({ cwd: dir });
    expect(result.step).toBe("install");
    expect(result.status).toBe("failed");
    expect(result.detail).toBe("npm error code EJSONPARSE");
    expect(result.manual).toBe(`cd ${dir} && npm install`);
  });

  it("reports an install cancelled by the caller as interrupted, not failed", async () => {
    const dir = serviceFolder({ "package.json": '{ "name": "steps-test", "version": "1.0.0", "private": true }\n' });
    const result = await npmInstall({ cwd: dir, cancel: AbortSignal.abort() });
    expect(result).toEqual({ step: "install", status: "interrupted", detail: "interrupted", manual: `cd ${dir} && npm install` });
  });
});
