/**
 * What happens after the files are in place: a git repository with a first
 * commit, and the dependencies installed. Each step reports instead of
 * throwing, because the generated files are fine either way: a failed step
 * only means the user has one command to run by hand.
 */

export type StepStatus = "done" | "skipped" | "failed";

export interface StepResult {
  step: "git" | "install";
  status: StepStatus;
  /** Why it was skipped or what failed, in words. */
  detail?: string;
  /** What to run by hand after a failure or a partial skip. */
  manual?: string;
}

export interface StepOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

async function run(command: string, args: string[], opts: StepOptions & { timeoutMs?: number }) {
  // execa is loaded only when a step runs, so --version and --dry-run stay fast.
  const { execa } = await import("execa");
  return execa(command, args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: opts.env === undefined,
    reject: false,
    stdin: "ignore",
    all: true,
    timeout: opts.timeoutMs,
  });
}

export async function isInsideGitWorkTree(dir: string): Promise<boolean> {
  const result = await run("git", ["rev-parse", "--is-inside-work-tree"], { cwd: dir });
  return result.exitCode === 0 && String(result.stdout).trim() === "true";
}

export async function gitInit(opts: StepOptions & { message: string }): Promise<StepResult> {
  const init = await run("git", ["init", "--quiet"], opts);
  if (init.failed) {
    const notFound = (init as { code?: string }).code === "ENOENT";
    return {
      step: "git", status: "failed",
      detail: notFound ? "git is not installed" : lastLine(init.all),
      manual: `cd ${opts.cwd} && git init && git add -A && git commit -m "${opts.message}"`,
    };
  }
  const add = await run("git", ["add", "-A"], opts);
  if (add.failed) return { step: "git", status: "failed", detail: lastLine(add.all), manual: `cd ${opts.cwd} && git add -A && git commit -m "${opts.message}"` };
  const identity = await run("git", ["config", "user.email"], opts);
  if (identity.exitCode !== 0 || String(identity.stdout).trim() === "") {
    return {
      step: "git", status: "skipped",
      detail: "repository initialised, but git has no user.email configured, so no first commit was made",
      manual: `git config --global user.email you@example.com && cd ${opts.cwd} && git commit -m "${opts.message}"`,
    };
  }
  const commit = await run("git", ["commit", "--quiet", "--no-verify", "-m", opts.message], opts);
  if (commit.failed) return { step: "git", status: "failed", detail: lastLine(commit.all), manual: `cd ${opts.cwd} && git commit -m "${opts.message}"` };
  return { step: "git", status: "done" };
}

export async function npmInstall(opts: StepOptions): Promise<StepResult> {
  const install = await run("npm", ["install", "--no-audit", "--no-fund"], { ...opts, timeoutMs: 15 * 60_000 });
  if (install.failed) {
    return { step: "install", status: "failed", detail: lastLine(install.all) ?? "npm install failed", manual: `cd ${opts.cwd} && npm install` };
  }
  return { step: "install", status: "done" };
}

function lastLine(output: unknown): string | undefined {
  const lines = String(output ?? "").split("\n").map((line) => line.trim()).filter(Boolean);
  const errorLine = lines.find((line) => /^npm error (code|notsup|engine)|^fatal:|^error:/i.test(line));
  return errorLine ?? lines.at(-1);
}
