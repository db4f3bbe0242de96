import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { connect } from "node:net";
import { basename, dirname, join, posix } from "node:path";
import { execa } from "execa";
import { hostEnv } from "../helpers/host-env.js";
import { buildContext, copyFromContext } from "./dockerfile-build-context.js";
import { expandVariables, parseDockerfile, type CommandForm, type Stage, type Step } from "./dockerfile-stages.js";

/**
 * The generated service's Dockerfile, rehearsed without Docker: no engine runs
 * on the machines this project is built and tested on, so this is what stands
 * between the template and a Dockerfile that only fails on a user's machine.
 *
 * For two option sets (the default one and one with events), the real CLI
 * generates a service and `npm install` writes its package-lock.json, as the
 * user does before `docker build`. Then every stage, in order, is carried out
 * in a fresh empty folder standing for its WORKDIR:
 * - COPY takes files from the build context, less what .dockerignore excludes
 *   (@balena/dockerignore, Docker's matching rules), or with --from from an
 *   earlier stage's folder; a missing or excluded source fails as in Docker.
 * - RUN runs with /bin/sh -c (or the exec form) in the stage's folder, with
 *   the stage's ARG and ENV values and a PATH holding node, npm and the
 *   system's tools only (no node_modules/.bin of this repository); npm works
 *   offline-first from the machine's npm cache (npm_config_prefer_offline,
 *   i.e. --prefer-offline), which a `npm cache clean --force` in the
 *   Dockerfile cannot wipe (see npmCacheFor).
 * - ENV, ARG, USER, EXPOSE, HEALTHCHECK and CMD are recorded; USER and
 *   --chown must name a user the node image has.
 * Anything else (another instruction, an unknown flag, a heredoc, a path
 * outside the WORKDIR) fails with the line it is on: the Dockerfile cannot
 * outgrow the rehearsal unnoticed.
 *
 * Then, in the last stage's folder: its node_modules holds no devDependency
 * (what --omit=dev promises), its CMD (exec form) starts with the stage's ENV
 * (PORT a free port, HOST 127.0.0.1, PGLITE_DATA_DIR a temp folder), its
 * HEALTHCHECK exits 0 within its --timeout, the resource route answers 200,
 * and SIGTERM ends it with code 0 within the shutdown bound.
 *
 * What it cannot show: file ownership and permissions in the image (it runs
 * as the current user), the base image's contents beyond node, npm and a
 * POSIX shell, and the platform of native packages.
 *
 * This module carries out the build and starts the CMD and HEALTHCHECK; the
 * tests in dockerfile-rehearsal.test.ts generate the services, drive it and
 * check what it leaves. dockerfile-stages.ts reads the Dockerfile,
 * dockerfile-build-context.ts holds the build context and COPY from it.
 */

const RUN_TIMEOUT = 300_000;
export const START_TIMEOUT = 60_000;
/** `docker stop` waits this long (its default -t 10) before SIGKILL; the service's SHUTDOWN_TIMEOUT_MS defaults to the same 10 s. */
export const STOP_GRACE_MS = 10_000;
/** Users the official node image has (and numeric ids, which need no entry in /etc/passwd). */
const IMAGE_USERS = new Set(["root", "node"]);
/** The npm cache the stages' RUNs use: folder is their npm_config_cache, real the machine's _cacache it links to. */
interface NpmCache {
  folder: string;
  /** Lays the link again (a RUN's `npm cache clean --force` removes it). */
  relink: () => void;
  real: string;
}

/**
 * An npm cache folder for the stages' RUNs whose _cacache is a symbolic link to
 * the machine's own: `npm ci` finds what `npm install` just fetched, and the
 * `npm cache clean --force` of the deps stage removes the link (fs.rm does not
 * follow it), not the machine's cache. The link is laid again before each RUN.
 */
export async function npmCacheFor(dir: string): Promise<NpmCache> {
  const { stdout } = await execa("npm", ["config", "get", "cache"], { cwd: dir, env: hostEnv(), extendEnv: false });
  const real = join(stdout.trim(), "_cacache");
  mkdirSync(real, { recursive: true });
  const folder = join(dir, "npm-cache");
  const relink = (): void => {
    mkdirSync(folder, { recursive: true });
    rmSync(join(folder, "_cacache"), { recursive: true, force: true });
    symlinkSync(real, join(folder, "_cacache"));
  };
  return { folder, relink, real };
}

/**
 * Node and npm look up from a folder: a node_modules above the rehearsal would lend packages a stage never
 * installed, a package.json its "type" (and npm its project root). In the image, nothing is above /app.
 */
export function assertNothingAbove(dir: string): void {
  for (let parent = dirname(dir); ; parent = dirname(parent)) {
    const modules = join(parent, "node_modules");
    if (existsSync(modules)) {
      const packages = readdirSync(modules).filter((name) => !name.startsWith("."));
      if (packages.length > 0) throw new Error(`${modules} holds packages (${packages.slice(0, 5).join(", ")}): a stage could resolve them; point TMPDIR elsewhere`);
    }
    if (existsSync(join(parent, "package.json"))) throw new Error(`${join(parent, "package.json")} is above the rehearsal's folders and would apply to them; point TMPDIR elsewhere`);
    if (dirname(parent) === parent) return;
  }
}

// ---------------------------------------------------------------------------
// The build: stages carried out one after the other.

interface StageState {
  stage: Stage;
  label: string;
  /** The host folder standing for the stage's first WORKDIR. */
  folder: string;
  /** That first WORKDIR: paths under it map into folder; others are refused. */
  root: string | undefined;
  /** The WORKDIR in force. */
  cwd: string;
  /** ENV: kept in the image, seen by RUN and CMD. */
  env: Map<string, string>;
  /** ARG values in scope: seen by RUN, not kept in the image. */
  args: Map<string, string | undefined>;
  user: string;
  exposed: string[];
  healthcheck: Extract<Step, { kind: "HEALTHCHECK" }> | undefined;
  cmd: CommandForm | undefined;
}

export interface Built {
  final: StageState;
  stages: StageState[];
  /** Milliseconds per step, for the log. */
  timings: Array<[string, number]>;
}

export async function rehearseBuild(contextDir: string, work: string, cache: NpmCache): Promise<Built> {
  const dockerfile = parseDockerfile(readFileSync(join(contextDir, "Dockerfile"), "utf8"));
  const context = buildContext(contextDir);
  const globals = new Map<string, string | undefined>();
  for (const arg of dockerfile.globalArgs) globals.set(arg.name, arg.defaultValue === undefined ? undefined : expandVariables(arg.defaultValue, (name) => globals.get(name)));
  const base = hostEnv();
  const stages: StageState[] = [];
  const timings: Array<[string, number]> = [];

  for (const stage of dockerfile.stages) {
    const label = stage.name ?? `#${stage.index}`;
    const where = (line: number, text: string): string => `Dockerfile line ${line} (stage ${label}): \`${text}\``;
    const image = expandVariables(stage.image, (name) => globals.get(name));
    const parent = stages.find((earlier) => earlier.stage.name !== undefined && earlier.stage.name.toLowerCase() === image.toLowerCase());
    const folder = join(work, `stage-${stage.index}-${label.replace(/\W+/g, "-")}`);
    mkdirSync(folder, { recursive: true });
    let state: StageState;
    if (parent !== undefined) {
      cpSync(parent.folder, folder, { recursive: true, verbatimSymlinks: true });
      state = { ...parent, stage, label, folder, env: new Map(parent.env), args: new Map(), exposed: [...parent.exposed] };
    } else {
      const node = /^(?:docker\.io\/)?(?:library\/)?node:(\d+)(?:[-.][\w.-]*)?(?:@sha256:[0-9a-f]{64})?$/.exec(image);
      const hostMajor = process.versions.node.split(".")[0];
      if (node === null) throw new Error(`${where(stage.line, `FROM ${stage.image}`)}: the rehearsal stands in for the official node image only, not ${image}`);
      if (node[1] !== hostMajor) throw new Error(`${where(stage.line, `FROM ${stage.image}`)}: the image runs Node ${node[1]}, the rehearsal Node ${process.versions.node}; run the test with Node ${node[1]}`);
      state = { stage, label, folder, root: undefined, cwd: "/", env: new Map(), args: new Map(), user: "root", exposed: [], healthcheck: undefined, cmd: undefined };
    }
    stages.push(state);

    for (const step of stage.steps) {
      const at = where(step.line, step.text);
      const lookup = (name: string): string | undefined => state.env.get(name) ?? state.args.get(name);
      const expand = (word: string): string => {
        try {
          return expandVariables(word, lookup);
        } catch (error) {
          throw new Error(`${at}: ${(error as Error).message}`);
        }
      };
      const hostPath = (path: string): string => {
        const absolute = posix.resolve(state.cwd, path);
        if (state.root === undefined) throw new Error(`${at}: ${absolute} is used before any WORKDIR; the rehearsal maps a stage's first WORKDIR to a folder`);
        const relative = posix.relative(state.root, absolute);
        if (relative.startsWith("..") || posix.isAbsolute(relative)) throw new Error(`${at}: ${absolute} is outside ${state.root}, the WORKDIR the rehearsal maps to a folder`);
        return join(state.folder, relative);
      };
      const checkUser = (spec: string, what: string): void => {
        const [user, group] = expand(spec).split(":");
        for (const name of [user, group]) {
          if (name !== undefined && !/^\d+$/.test(name) && !IMAGE_USERS.has(name)) throw new Error(`${at}: ${what} names "${name}", which the node image has no entry for (it has ${[...IMAGE_USERS].join(", ")})`);
        }
      };
      const started = Date.now();

      switch (step.kind) {
        case "ARG": {
          const fallback = globals.get(step.name);
          state.args.set(step.name, step.defaultValue === undefined ? fallback : expand(step.defaultValue));
          break;
        }
        case "ENV": {
          // Every value is expanded against the variables before this instruction, as Docker does.
          const values = step.vars.map(([name, value]): [string, string] => [name, expand(value)]);
          for (const [name, value] of values) state.env.set(name, value);
          break;
        }
        case "WORKDIR": {
          const absolute = posix.resolve(state.cwd, expand(step.path));
          if (state.root === undefined) state.root = absolute;
          state.cwd = absolute;
          mkdirSync(hostPath(absolute), { recursive: true });
          break;
        }
        case "USER":
          checkUser(step.user, "USER");
          state.user = expand(step.user);
          break;
        case "EXPOSE":
          state.exposed.push(...step.ports.map(expand));
          break;
        case "HEALTHCHECK":
          state.healthcheck = step.test === "NONE" ? undefined : step;
          break;
        case "CMD":
          state.cmd = step.command;
          break;
        case "COPY": {
          if (step.chown !== undefined) checkUser(step.chown, "--chown");
          const dest = expand(step.dest);
          const sources = step.sources.map(expand);
          if (step.from === undefined) copyFromContext(context, sources, dest, hostPath, at);
          else {
            const from = expand(step.from);
            const source = stages.slice(0, -1).find((earlier) => (earlier.stage.name ?? "").toLowerCase() === from.toLowerCase() || String(earlier.stage.index) === from);
            if (source === undefined) throw new Error(`${at}: --from=${from} names no earlier stage (the rehearsal does not pull images)`);
            copyFromStage(source, sources, dest, hostPath, at);
          }
          break;
        }
        case "RUN": {
          cache.relink();
          const env: Record<string, string> = { ...base, npm_config_cache: cache.folder, npm_config_prefer_offline: "true" };
          for (const [name, value] of state.args) if (value !== undefined) env[name] = value;
          for (const [name, value] of state.env) env[name] = value;
          const [file, ...args] = step.command.form === "exec" ? step.command.argv : ["/bin/sh", "-c", step.command.script];
          const result = await execa(file ?? "", args, { cwd: hostPath(state.cwd), env, extendEnv: false, reject: false, all: true, stdin: "ignore", timeout: RUN_TIMEOUT });
          if (result.exitCode !== 0) {
            throw new Error(`${at} failed (${result.timedOut ? `timed out after ${RUN_TIMEOUT} ms` : `exit code ${result.exitCode}`}):\n${String(result.all).slice(-4000)}`);
          }
          break;
        }
      }
      timings.push([`${label}: ${step.text.slice(0, 60)}`, Date.now() - started]);
    }
  }
  const final = stages.at(-1);
  if (final === undefined) throw new Error("the Dockerfile has no stage");
  return { final, stages, timings };
}

/** COPY --from=<stage>: paths are the other stage's, from its root. */
function copyFromStage(source: StageState, paths: string[], dest: string, hostPath: (path: string) => string, at: string): void {
  if (paths.length > 1 && !dest.endsWith("/")) throw new Error(`${at}: with more than one source the destination must be a folder ending in / (Docker refuses ${dest})`);
  const target = hostPath(dest);
  for (const path of paths) {
    if (/[*?[]/.test(path)) throw new Error(`${at}: wildcards in COPY --from are not rehearsed`);
    const absolute = posix.resolve("/", path);
    const relative = source.root === undefined ? undefined : posix.relative(source.root, absolute);
    if (relative === undefined || relative.startsWith("..") || posix.isAbsolute(relative)) {
      throw new Error(`${at}: ${absolute} is outside ${source.root ?? "any WORKDIR"} of stage ${source.label}, the only part of it the rehearsal keeps`);
    }
    const from = join(source.folder, relative);
    if (!existsSync(from)) throw new Error(`${at}: ${absolute} does not exist in stage ${source.label} (nothing there made it), so docker build fails here`);
    const isDir = lstatSync(from).isDirectory();
    const to = !isDir && (dest.endsWith("/") || (existsSync(target) && lstatSync(target).isDirectory())) ? join(target, basename(absolute)) : target;
    mkdirSync(dirname(to), { recursive: true });
    // verbatimSymlinks: node_modules/.bin links stay relative, as COPY keeps them, instead of pointing back into the other stage.
    cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  }
}

// ---------------------------------------------------------------------------
// The container: the final stage's CMD and HEALTHCHECK.

/** Services started from a CMD: killed at the end even if a test timed out before its own finally ran. */
const running = new Set<ChildProcess>();

const stillRunning = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/** Whether something accepts TCP connections on 127.0.0.1:port. */
async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A Go duration as HEALTHCHECK takes it (30s, 1m30s, 500ms) in milliseconds. */
function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const rest = text.replace(/(\d+(?:\.\d+)?)(ms|s|m|h)/g, (_match, value: string, unit: string) => {
    total += Number(value) * (units[unit] ?? Number.NaN);
    return "";
  });
  if (rest !== "" || !Number.isFinite(total)) throw new Error(`not a duration: ${text}`);
  return total;
}

/** How a started service ended: its exit code, or the signal that ended it. */
type Ended = { code: number | null; signal: NodeJS.Signals | null };

/** A service started from a CMD: its process, what it has printed so far (stdout and stderr), and its end. */
export interface StartedCmd {
  argv: string[];
  child: ChildProcess;
  output: () => string;
  closed: Promise<Ended>;
  /** The error spawn reported (no such program, ...), if any. */
  spawnError: () => Error | undefined;
}

/** Starts a CMD in the exec form, as the container's PID 1. */
export function startCmd(argv: string[], cwd: string, env: Record<string, string>): StartedCmd {
  const [command, ...args] = argv;
  const child = spawn(command ?? "", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const closed = new Promise<Ended>((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));
  return { argv, child, output: () => output, closed, spawnError: () => spawnError };
}

/** Waits until the service accepts connections on port; fails if it cannot start, exits first, or takes longer than START_TIMEOUT. */
export async function waitUntilListening(service: StartedCmd, port: number): Promise<void> {
  const { argv, child } = service;
  const deadline = Date.now() + START_TIMEOUT;
  while (!(await accepts(port))) {
    const spawnError = service.spawnError();
    if (spawnError !== undefined) throw new Error(`CMD ${JSON.stringify(argv)} could not start: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`CMD ${JSON.stringify(argv)} exited with ${child.exitCode ?? child.signalCode} before listening:\n${service.output().slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`CMD ${JSON.stringify(argv)} did not listen on port ${port} within ${START_TIMEOUT} ms:\n${service.output().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ends the service with SIGKILL if it is still running, and waits until it has ended. */
export async function killIfRunning(service: StartedCmd): Promise<void> {
  if (stillRunning(service.child)) {
    service.child.kill("SIGKILL");
    await service.closed;
  }
}

/** Kills every service startCmd started that is still running: for the end of the tests, since one that timed out did not reach its own cleanup. */
export function killStartedServices(): void {
  for (const child of running) if (stillRunning(child)) child.kill("SIGKILL");
}

/** Runs a HEALTHCHECK's command (exec form) where the CMD runs, within its --timeout (Docker's default 30s). */
export async function runHealthcheck(argv: string[], timeout: string | undefined, cwd: string, env: Record<string, string>): Promise<{ exitCode: number | undefined; timedOut: boolean; output: string; timeoutMs: number }> {
  const timeoutMs = durationMs(timeout ?? "30s");
  const [probe, ...probeArgs] = argv;
  const result = await execa(probe ?? "", probeArgs, { cwd, env, extendEnv: false, reject: false, all: true, stdin: "ignore", timeout: timeoutMs });
  return { exitCode: result.exitCode, timedOut: result.timedOut, output: String(result.all), timeoutMs };
}
