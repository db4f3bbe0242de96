/**
 * What happens after the files are in place: the dependencies installed, then
 * a git repository whose first commit holds package-lock.json (CI's `npm ci`
 * and the Dockerfile need it). Each step reports instead of throwing, because
 * the generated files are fine either way: a failed step only means the user
 * has one command to run by hand.
 */

export type StepStatus = "done" | "skipped" | "failed" | "interrupted";

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

async function run(command: string, args: string[], opts: StepOptions & { timeoutMs?: number; cancel?: AbortSignal }) {
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
    cancelSignal: opts.cancel,
  });
}

export async function isInsideGitWorkTree(dir: string): Promise<boolean> {
  const result = await run("git", ["rev-parse", "--is-inside-work-tree"], { cwd: dir });
  return result.exitCode === 0 && String(result.stdout).trim() === "true";
}

/** The branch of the new repository: the one the generated CI workflow runs on, whatever git's init.defaultBranch says. */
export const INITIAL_BRANCH = "main";

export interface GitInitOptions extends StepOptions {
  message: string;
  /** Files the first commit must hold even when a global gitignore would leave them out (lockfile, vendored tarball). */
  required?: string[];
}

export async function gitInit(opts: GitInitOptions): Promise<StepResult> {
  const commitByHand = `git add -A && git commit -m "${opts.message}"`;
  // --initial-branch needs git 2.28 (2020).
  const init = await run("git", ["init", "--quiet", `--initial-branch=${INITIAL_BRANCH}`], opts);
  if (init.failed) {
    const notFound = (init as { code?: string }).code === "ENOENT";
    return {
      step: "git", status: "failed",
      detail: notFound ? "git is not installed" : lastLine(init.all),
      manual: `cd ${opts.cwd} && git init -b ${INITIAL_BRANCH} && ${commitByHand}`,
    };
  }
  const add = await run("git", ["add", "-A"], opts);
  if (add.failed) return { step: "git", status: "failed", detail: lastLine(add.all), manual: `cd ${opts.cwd} && ${commitByHand}` };
  // npm install has run by now: node_modules stays out even when the template ships no .gitignore.
  const unstage = await run("git", ["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", "node_modules"], opts);
  const required = opts.required ?? [];
  const addRequired = unstage.failed || required.length === 0 ? unstage : await run("git", ["add", "--force", "--", ...required], opts);
  if (addRequired.failed) return { step: "git", status: "failed", detail: lastLine(addRequired.all), manual: `cd ${opts.cwd} && ${commitByHand}` };
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

export async function npmInstall(opts: StepOptions & { cancel?: AbortSignal }): Promise<StepResult> {
  const install = await run("npm", ["install", "--no-audit", "--no-fund"], { ...opts, timeoutMs: 15 * 60_000 });
  // A Ctrl-C in a terminal reaches npm too, which may exit before the abort lands: the signal is what counts.
  if (install.isCanceled || opts.cancel?.aborted) {
    return { step: "install", status: "interrupted", detail: "interrupted", manual: `cd ${opts.cwd} && npm install` };
  }
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
