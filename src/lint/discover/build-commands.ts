import { posix } from "node:path";
import type { Diagnostic } from "../types.js";
import type { ScriptedBuild } from "./artifacts.js";
import { commandWords } from "./dockerfile.js";
import { parseDotenv } from "./env.js";
import type { FileEntry, ReadText } from "./files.js";
import { shellCommands } from "./shell-script.js";
import { safeYaml } from "./yaml.js";

/**
 * Images the repository's CI workflows and scripts build: `docker build -t acme/users -f apps/users/Dockerfile .` in a
 * workflow's `run:`, a shell script or a Makefile recipe, and GitHub's docker/build-push-action (`context`, `file`,
 * `tags`). They tie an image to the folder it is built from, so that a Kubernetes workload or a compose entry that runs
 * the image deploys that folder's service; whether the image is deployed at all they do not say, so they never make a
 * service on their own. Read as text, never run; a tag or context built from a variable is passed over.
 */

const WORKFLOW_FOLDER = /^(?:.*\/)?\.github\/workflows\/[^/]+\.ya?ml$/;

export function readBuildCommands(files: readonly FileEntry[], read: ReadText, diagnostics: Diagnostic[]): ScriptedBuild[] {
  const builds: ScriptedBuild[] = [];
  let paths: Set<string> | undefined;
  for (const file of files) {
    const workflow = file.kind === "yaml" && WORKFLOW_FOLDER.test(file.rel);
    if (!workflow && file.kind !== "shell" && file.kind !== "makefile") continue;
    const text = read(file.rel);
    if (!text || !/\bbuild\b/.test(text)) continue;
    const folder = posix.dirname(file.rel) === "." ? "" : posix.dirname(file.rel);
    if (workflow) {
      // Workflow steps run from the repository's top (or their working-directory).
      builds.push(...workflowBuilds(safeYaml(text, file.rel, diagnostics), text, file.rel));
      continue;
    }
    // A script's and a recipe's paths are the folder's it sits in (make runs there; scripts are run from it by habit).
    const lines = file.kind === "makefile" ? text.split(/\r?\n/).map((line) => (line.startsWith("\t") ? line.trim() : "")) : text.split(/\r?\n/);
    const commands = shellCommands(lines.join("\n")).map((command) => command.replace(/^@/, ""));
    // A shell script's own variables (`SERVICE_AUTH="auth"`, or the lines of a `source .env`) stand in its commands.
    const expanded = file.kind === "shell" ? withShellVariables(commands, folder, read) : commands;
    // A script kept in a subfolder (scripts/, tools/aws/) is often run from the repository's top: a build whose
    // Dockerfile is missing from the script's folder but present at the top (`docker build -f Dockerfile.aws .`) is read from there.
    const fromTop = file.kind === "shell" && folder !== "" ? scriptBuilds(expanded, "", true) : [];
    for (const [index, found] of scriptBuilds(expanded, folder, file.kind === "shell").entries()) {
      const top = fromTop[index];
      const exists = (build: Parsed) => (paths ??= new Set(files.map((f) => f.rel))).has(dockerfileOf(build));
      const { build, command } = top && top.command === found.command && !exists(found.build) && exists(top.build) ? top : found;
      const written = commands[expanded.findIndex((line) => line.includes(command))] ?? command;
      builds.push(...imagesOf(build, file.rel, lineOf(text, written)));
    }
  }
  return builds;
}

/** The Dockerfile a build reads: its `-f`, else the context's own. */
function dockerfileOf(build: Parsed): string {
  return build.dockerfile ?? posix.join(build.context, "Dockerfile");
}

interface Parsed {
  tags: string[];
  context: string;
  dockerfile?: string;
  target?: string;
  buildArgs: Record<string, string>;
}

/** The options of `docker build` that take a value (the rest are flags). */
const VALUE_OPTIONS = new Set(["-t", "--tag", "-f", "--file", "--target", "--build-arg", "--platform", "--cache-from", "--cache-to", "--label", "-o", "--output", "--progress", "--secret", "--ssh", "--network", "--iidfile", "--metadata-file", "--builder", "--build-context", "--add-host", "--shm-size", "--ulimit", "-m", "--memory", "--annotation", "--attest", "--provenance", "--sbom"]);

/** `docker build …`, `docker buildx build …`, `docker image build …`, `podman build …` among a command's words, read from `folder`. */
export function dockerBuild(words: readonly string[], folder: string): Parsed | undefined {
  let start = -1;
  for (let i = 0; i + 1 < words.length; i++) {
    const tool = posix.basename(words[i]!);
    if (tool !== "docker" && tool !== "podman") continue;
    const next = words[i + 1] === "buildx" || words[i + 1] === "image" ? i + 2 : i + 1;
    if (words[next] === "build") {
      start = next + 1;
      break;
    }
  }
  if (start < 0) return undefined;
  const parsed: Parsed = { tags: [], context: "", buildArgs: {} };
  let context: string | undefined;
  for (let i = start; i < words.length; i++) {
    const word = words[i]!;
    const eq = word.startsWith("--") ? word.indexOf("=") : -1;
    const option = eq > 0 ? word.slice(0, eq) : word;
    if (!option.startsWith("-")) {
      context ??= word;
      continue;
    }
    if (!VALUE_OPTIONS.has(option)) continue;
    const value = eq > 0 ? word.slice(eq + 1) : words[++i];
    if (value === undefined) break;
    if (option === "-t" || option === "--tag") parsed.tags.push(value);
    else if (option === "-f" || option === "--file") parsed.dockerfile = value;
    else if (option === "--target") parsed.target = value;
    else if (option === "--build-arg" && value.includes("=")) parsed.buildArgs[value.slice(0, value.indexOf("="))] = value.slice(value.indexOf("=") + 1);
  }
  if (context === undefined || context.includes("$") || context.includes("://") || context === "-") return undefined;
  parsed.context = repoPath(folder, context);
  if (parsed.dockerfile !== undefined) {
    if (parsed.dockerfile.includes("$")) delete parsed.dockerfile;
    // docker reads -f from where it runs, not from the context.
    else parsed.dockerfile = repoPath(folder, parsed.dockerfile);
  }
  return parsed.context.startsWith("..") ? undefined : parsed;
}

/** GitHub Actions steps: docker/build-push-action's inputs, and `docker build` lines of `run:` scripts. */
function workflowBuilds(doc: unknown, text: string, file: string): ScriptedBuild[] {
  const builds: ScriptedBuild[] = [];
  const top = literalEnv(record(doc)?.env);
  const jobs = record(record(doc)?.jobs);
  for (const job of Object.values(jobs ?? {})) {
    const steps = record(job)?.steps;
    if (!Array.isArray(steps)) continue;
    const jobEnv = { ...top, ...literalEnv(record(job)?.env) };
    for (const raw of steps) {
      const written = record(raw);
      if (!written) continue;
      const step = withEnv(written, { ...jobEnv, ...literalEnv(written.env) });
      const folder = typeof step["working-directory"] === "string" && !step["working-directory"].includes("$") ? repoPath("", step["working-directory"]) : "";
      if (typeof step.uses === "string" && step.uses.startsWith("docker/build-push-action")) {
        const inputs = record(step.with) ?? {};
        const context = typeof inputs.context === "string" ? inputs.context : ".";
        if (context.includes("$")) continue;
        const tags = typeof inputs.tags === "string" ? inputs.tags.split(/[\n,]/).map((tag) => tag.trim()).filter(Boolean) : [];
        const dockerfile = typeof inputs.file === "string" && !inputs.file.includes("$") ? repoPath("", inputs.file) : undefined;
        const buildArgs: Record<string, string> = {};
        if (typeof inputs["build-args"] === "string") {
          for (const line of inputs["build-args"].split("\n")) if (line.includes("=")) buildArgs[line.slice(0, line.indexOf("=")).trim()] = line.slice(line.indexOf("=") + 1).trim();
        }
        const parsed: Parsed = { tags, context: repoPath("", context), ...(dockerfile ? { dockerfile } : {}), ...(typeof inputs.target === "string" ? { target: inputs.target } : {}), buildArgs };
        builds.push(...imagesOf(parsed, file, lineOf(text, "docker/build-push-action")));
        continue;
      }
      if (typeof step.run !== "string") continue;
      // `${{ github.sha }}` is one word to the shell once Actions has filled it in.
      const commands = shellCommands(step.run.replace(/\$\{\{[^}]*\}\}/g, "$GITHUB_EXPRESSION"));
      for (const { build, command } of scriptBuilds(commands, folder, true)) builds.push(...imagesOf(build, file, lineOf(text, command)));
    }
  }
  return builds;
}

/**
 * The `docker build`s among a script's commands, each read from the folder the script has `cd`'d into by then
 * (`cd server/auth && docker build -t acme/auth .`, or `cd` on a line of its own). A workflow's `run:` block and a shell
 * script keep that folder from one line to the next (`persistent`); make runs each recipe line in a shell of its own,
 * so there a `cd` lasts to the end of its line. After a `cd` to where the text cannot say (`cd $DIR`, `cd ~`, out of the
 * repository, an absolute path), builds are passed over, rather than tied to the wrong folder.
 */
function scriptBuilds(commands: readonly string[], start: string, persistent: boolean): { build: Parsed; command: string }[] {
  const found: { build: Parsed; command: string }[] = [];
  let folder: string | undefined = start;
  const pushed: (string | undefined)[] = [];
  // `SCRIPTDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)`: variables that hold the script's own folder.
  const scriptDirs = new Map<string, string>();
  for (const command of commands) {
    if (!persistent) folder = start;
    const assigned = SCRIPT_DIR_ASSIGNMENT.exec(command);
    if (assigned) {
      scriptDirs.set(assigned[1]!, start);
      continue;
    }
    if (CD_TO_SCRIPT_DIR.test(command)) {
      folder = start;
      continue;
    }
    for (const segment of command.split(/&&|\|\||;/)) {
      const words = commandWords(segment);
      if (words[0] === "cd" || words[0] === "pushd") {
        if (words[0] === "pushd") pushed.push(folder);
        const next: string | undefined = folder === undefined ? undefined : changedFolder(folder, words[1], scriptDirs);
        folder = next === undefined || next.startsWith("..") ? undefined : next;
        continue;
      }
      if (words[0] === "popd") {
        folder = pushed.length > 0 ? pushed.pop() : undefined;
        continue;
      }
      if (folder === undefined) continue;
      const build = dockerBuild(words, folder);
      if (build) found.push({ build, command: segment.trim() });
    }
  }
  return found;
}

/**
 * A script's commands with the variables it sets itself put in: literal assignments (`NAME=value`, `export NAME="v"`)
 * and the lines of a file it sources from its own folder (`source .env`, `. ./config.env`), each in force from its line
 * on. A reference to anything else (`$1`, `$(…)`, a variable of the caller's shell) stays as written.
 */
export function withShellVariables(commands: readonly string[], folder: string, read: ReadText): string[] {
  const vars = new Map<string, string>();
  const out: string[] = [];
  for (const command of commands) {
    const sourced = /^(?:source|\.)\s+["']?([^\s"'$`;&|]+)["']?\s*$/.exec(command);
    if (sourced) {
      const text = read(repoPath(folder, sourced[1]!));
      if (text !== undefined) for (const [name, value] of Object.entries(parseDotenv(text))) vars.set(name, value);
      out.push(command);
      continue;
    }
    const assigned = /^(?:export\s+)?([A-Za-z_]\w*)=(?:"([^"$`]*)"|'([^']*)'|([^\s"'$`;&|]*))\s*$/.exec(command);
    if (assigned) vars.set(assigned[1]!, assigned[2] ?? assigned[3] ?? assigned[4] ?? "");
    out.push(vars.size ? command.replace(/\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g, (whole, braced: string | undefined, bare: string | undefined) => vars.get((braced ?? bare)!) ?? whole) : command);
  }
  return out;
}

const SCRIPT_DIR_ASSIGNMENT = /^(?:export\s+|readonly\s+|local\s+)?([A-Za-z_]\w*)=["']?\$\((?:\s*cd\s+["']?\$\()?\s*dirname\b/;
const CD_TO_SCRIPT_DIR = /^(?:cd|pushd)\s+["']?\$\(\s*dirname\b/;

/**
 * The folder a `cd` or `pushd` goes to from `folder`: a relative path, or one under a variable that holds the script's
 * folder (`$SCRIPTDIR/app1`); undefined for one the text cannot follow (`$DIR`, `~`, `-`, an absolute path).
 */
function changedFolder(folder: string, target: string | undefined, scriptDirs: ReadonlyMap<string, string>): string | undefined {
  if (target === undefined) return undefined;
  const variable = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))(\/.*)?$/.exec(target);
  if (variable) {
    const base = scriptDirs.get((variable[1] ?? variable[2])!);
    const rest = (variable[3] ?? "").replace(/^\/+/, "");
    return base === undefined || rest.includes("$") ? undefined : repoPath(base, rest);
  }
  return /^[-~/]/.test(target) || target.includes("$") ? undefined : repoPath(folder, target);
}

/** One artifact per tag whose repository is written out (`acme/users:${{ github.sha }}` is acme/users; `${IMAGE}` is nothing). */
function imagesOf(build: Parsed, file: string, line: number): ScriptedBuild[] {
  const images = new Set<string>();
  for (const tag of build.tags) {
    const slash = tag.lastIndexOf("/");
    const colon = tag.indexOf(":", slash + 1);
    const repository = colon >= 0 ? tag.slice(0, colon) : tag;
    if (repository && !repository.includes("$") && !repository.includes("{")) images.add(repository);
  }
  const dockerfile = build.dockerfile ?? posix.join(build.context, "Dockerfile");
  return [...images].map((image) => ({
    image,
    context: build.context,
    dockerfile,
    buildArgs: build.buildArgs,
    ...(build.target !== undefined ? { target: build.target } : {}),
    builder: "docker",
    tool: "script" as const,
    file,
    line,
  }));
}

function repoPath(folder: string, path: string): string {
  const joined = posix.normalize(posix.join(folder, path.replace(/^\.\/?$/, "")));
  return joined === "." ? "" : joined.replace(/\/+$/, "");
}

function lineOf(text: string, needle: string): number {
  const lines = text.split(/\r?\n/);
  // The whole first line when it is there (several builds often share their first 40 characters), else its start.
  const whole = needle.split("\n")[0]!.trim();
  const exact = lines.findIndex((line) => line.includes(whole));
  if (exact >= 0) return exact + 1;
  const first = whole.slice(0, 40);
  const index = lines.findIndex((line) => line.includes(first));
  return index >= 0 ? index + 1 : 1;
}

/** The `env:` of a workflow, job or step whose values are written out (`DOCKER_REPO: acme`), not expressions. */
function literalEnv(value: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, v] of Object.entries(record(value) ?? {})) {
    if ((typeof v === "string" && !v.includes("${{")) || typeof v === "number") env[name] = String(v);
  }
  return env;
}

/**
 * The step with `${{ env.NAME }}` filled in from the `env:` in scope (a tag `${{ env.DOCKER_REPO }}/orders`), in its
 * inputs and its `run:`, where the shell's `$NAME` and `${NAME}` are the same variable. Other expressions stay as written.
 */
function withEnv(step: Record<string, unknown>, env: Record<string, string>): Record<string, unknown> {
  if (Object.keys(env).length === 0) return step;
  const fill = (text: string, shell: boolean) => {
    let out = text.replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => env[name] ?? whole);
    if (shell) out = out.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced?: string, bare?: string) => env[(braced ?? bare)!] ?? whole);
    return out;
  };
  const inputs = record(step.with);
  return {
    ...step,
    ...(typeof step.run === "string" ? { run: fill(step.run, true) } : {}),
    ...(inputs ? { with: Object.fromEntries(Object.entries(inputs).map(([key, v]) => [key, typeof v === "string" ? fill(v, false) : v])) } : {}),
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
