import dockerignore from "@balena/dockerignore";
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join, posix } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCreateService } from "../helpers/cli.js";
import { UnsupportedDockerfileError, expandVariables, parseDockerfile, type CommandForm, type Stage, type Step } from "./dockerfile-stages.js";
import { OPTION_SETS, cliFlags, type OptionSet } from "./option-sets.js";

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
 */

const INSTALL_TIMEOUT = 300_000;
const BUILD_TIMEOUT = 600_000;
const RUN_TIMEOUT = 300_000;
const START_TIMEOUT = 60_000;
/** `docker stop` waits this long (its default -t 10) before SIGKILL; the service's SHUTDOWN_TIMEOUT_MS defaults to the same 10 s. */
const STOP_GRACE_MS = 10_000;
/** Users the official node image has (and numeric ids, which need no entry in /etc/passwd). */
const IMAGE_USERS = new Set(["root", "node"]);
/** The system part of PATH: what the node image's PATH holds besides /usr/local/bin (where its node and npm are). */
const SYSTEM_PATH = ["/usr/sbin", "/usr/bin", "/sbin", "/bin"];

const REHEARSED: OptionSet[] = [
  OPTION_SETS.find((options) => Object.keys(options.flags).length === 0),
  OPTION_SETS.find((options) => options.publishes.length > 0 && options.consumes.length > 0 && options.calls.length === 0),
].map((options) => {
  if (options === undefined) throw new Error("option-sets.ts no longer has the default set or the publishes+consumes set");
  return options;
});

const root = mkdtempSync(join(tmpdir(), "create-service-dockerfile-"));
/** Services started from a CMD: killed at the end even if a test timed out before its own finally ran. */
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// The host side: the environment RUN, CMD and HEALTHCHECK get.

/**
 * PATH for every command of the rehearsal: the node running this test, the npm
 * found on PATH, and the system's folders; never a node_modules/.bin (npm test
 * puts this repository's first, where tsc and vitest would hide a stage that
 * forgot to install them).
 */
function rehearsalPath(): string {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir !== "" && !dir.includes("node_modules"));
  const npmDir = dirs.find((dir) => {
    try {
      accessSync(join(dir, "npm"), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (npmDir === undefined) throw new Error("no npm on PATH (outside node_modules/.bin)");
  return [...new Set([dirname(process.execPath), npmDir, ...SYSTEM_PATH])].join(delimiter);
}

/** The variables a command gets from the host: PATH, HOME (for the user's .npmrc: registry, proxy) and network settings; no npm_* of the npm running this test. */
function hostEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: rehearsalPath(), NO_COLOR: "1", npm_config_update_notifier: "false" };
  const kept = ["HOME", "LANG", "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "npm_config_registry", "NPM_CONFIG_REGISTRY"];
  for (const name of kept) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * An npm cache folder for the stages' RUNs whose _cacache is a symbolic link to
 * the machine's own: `npm ci` finds what `npm install` just fetched, and the
 * `npm cache clean --force` of the deps stage removes the link (fs.rm does not
 * follow it), not the machine's cache. The link is laid again before each RUN.
 */
async function npmCacheFor(dir: string): Promise<{ folder: string; relink: () => void; real: string }> {
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
function assertNothingAbove(dir: string): void {
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

interface Built {
  final: StageState;
  stages: StageState[];
  /** Milliseconds per step, for the log. */
  timings: Array<[string, number]>;
}

interface BuildContext {
  dir: string;
  ignored: (relative: string) => boolean;
  /** Whether a "!" pattern might bring back something under this excluded folder (then it is walked, as Docker does). */
  mayReinclude: (relative: string) => boolean;
}

function buildContext(dir: string): BuildContext {
  const file = join(dir, ".dockerignore");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
  // A CommonJS module whose types say `export default`: from ESM its default import is module.exports, and
  // the factory is also module.exports.default (the package sets it for this), which is what TypeScript sees.
  const matcher = dockerignore.default().add(lines);
  const negations = lines.filter((line) => line.startsWith("!")).map((line) => line.slice(1).trim().replace(/^\/+/, ""));
  return {
    dir,
    ignored: (relative) => matcher.ignores(relative),
    mayReinclude: (relative) => negations.some((pattern) => /[*?[]/.test(pattern.split("/")[0] ?? "") || pattern.startsWith(`${relative}/`)),
  };
}

async function rehearseBuild(contextDir: string, work: string, cache: Awaited<ReturnType<typeof npmCacheFor>>): Promise<Built> {
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

/** COPY from the build context: what .dockerignore excludes is not there; a directory's contents go into dest. */
function copyFromContext(context: BuildContext, sources: string[], dest: string, hostPath: (path: string) => string, at: string): void {
  const expanded = sources.flatMap((source) => {
    const relative = posix.normalize(source).replace(/^\/+/, "").replace(/\/+$/, "") || ".";
    if (relative === ".." || relative.startsWith("../")) throw new Error(`${at}: ${source} is outside the build context`);
    if (!/[*?[]/.test(relative)) return [relative];
    const parent = posix.dirname(relative);
    if (/[*?[]/.test(parent)) throw new Error(`${at}: ${source}: the rehearsal expands wildcards in the last path segment only`);
    const pattern = globToRegExp(posix.basename(relative));
    const matches = (existsSync(join(context.dir, parent)) ? readdirSync(join(context.dir, parent)) : [])
      .map((name) => posix.join(parent, name))
      .filter((candidate) => pattern.test(posix.basename(candidate)) && inContext(context, candidate));
    if (matches.length === 0) throw new Error(`${at}: ${source} matches no file of the build context (after .dockerignore)`);
    return matches.sort();
  });
  const many = expanded.length > 1 || sources.some((source) => /[*?[]/.test(source));
  if (many && !dest.endsWith("/")) throw new Error(`${at}: with more than one source the destination must be a folder ending in / (Docker refuses ${dest})`);
  const target = hostPath(dest);
  for (const relative of expanded) {
    if (!inContext(context, relative)) {
      const why = existsSync(join(context.dir, relative)) ? "is excluded by .dockerignore" : "does not exist in the build context";
      throw new Error(`${at}: "${relative}" ${why}, so docker build fails here`);
    }
    const source = join(context.dir, relative);
    if (lstatSync(source).isDirectory()) copyContextDir(context, relative, target);
    else {
      const file = dest.endsWith("/") || (existsSync(target) && lstatSync(target).isDirectory()) ? join(target, basename(relative)) : target;
      copyEntry(source, file);
    }
  }
}

/** Whether a path of the context reaches the build: not excluded, or a folder something inside of which is brought back by a "!" pattern. */
function inContext(context: BuildContext, relative: string): boolean {
  const path = join(context.dir, relative);
  if (!existsSync(path)) return false;
  if (relative === "." || !context.ignored(relative)) return true;
  if (!lstatSync(path).isDirectory() || !context.mayReinclude(relative)) return false;
  return readdirSync(path).some((name) => inContext(context, posix.join(relative, name)));
}

function copyContextDir(context: BuildContext, relative: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(join(context.dir, relative))) {
    const child = relative === "." ? name : posix.join(relative, name);
    if (!inContext(context, child)) continue;
    const source = join(context.dir, child);
    if (lstatSync(source).isDirectory()) copyContextDir(context, child, join(target, name));
    else copyEntry(source, join(target, name));
  }
}

function copyEntry(source: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  if (lstatSync(source).isSymbolicLink()) {
    rmSync(target, { force: true });
    symlinkSync(readlinkSync(source), target);
  } else copyFileSync(source, target);
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

/** Go's filepath.Match for one path segment: * and ? do not cross "/", [...] is a class. */
function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] ?? "";
    if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const end = glob.indexOf("]", index + 1);
      if (end === -1) throw new Error(`bad pattern ${glob}`);
      source += `[${glob.slice(index + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
      index = end;
    } else source += char.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

// ---------------------------------------------------------------------------
// The container: the final stage's CMD and HEALTHCHECK.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

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

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`${what} did not happen: see the failure of the test before this one`);
  return value;
};

describe("reading a Dockerfile into stages (dockerfile-stages.ts)", () => {
  it("reads stages, global ARGs, continuations, and the exec and shell forms", () => {
    const parsed = parseDockerfile(
      [
        "# syntax=docker/dockerfile:1",
        "ARG BASE=node:24-slim",
        "FROM ${BASE} AS build",
        "ARG BASE",
        "ENV A=1 B=\"two words\"",
        "ENV LEGACY value with spaces",
        "WORKDIR /app",
        "COPY --from=0 --chown=node:node a b ./",
        "RUN npm ci \\",
        "  # a comment line inside the continuation",
        "  && npm run build",
        'HEALTHCHECK --timeout=3s \\',
        '  CMD ["node", "-e", "process.exit(0)"]',
        'CMD ["node", "server.js"]',
        "FROM build",
        "CMD node server.js",
      ].join("\n"),
    );
    expect(parsed.directives).toEqual({ syntax: "docker/dockerfile:1" });
    expect(parsed.globalArgs).toEqual([{ name: "BASE", defaultValue: "node:24-slim" }]);
    expect(parsed.stages.map((stage) => [stage.index, stage.name, stage.image, stage.line])).toEqual([
      [0, "build", "${BASE}", 3],
      [1, undefined, "build", 15],
    ]);
    const steps = parsed.stages[0]?.steps ?? [];
    expect(steps.map((step) => step.kind)).toEqual(["ARG", "ENV", "ENV", "WORKDIR", "COPY", "RUN", "HEALTHCHECK", "CMD"]);
    expect(steps[0]).toMatchObject({ name: "BASE", defaultValue: undefined });
    expect(steps[1]).toMatchObject({ vars: [["A", "1"], ["B", "two words"]] });
    expect(steps[2]).toMatchObject({ vars: [["LEGACY", "value with spaces"]] });
    expect(steps[4]).toMatchObject({ from: "0", chown: "node:node", chmod: undefined, sources: ["a", "b"], dest: "./" });
    expect(steps[5]).toMatchObject({ line: 9, command: { form: "shell", script: "npm ci   && npm run build" } });
    expect(steps[6]).toMatchObject({ options: { timeout: "3s" }, test: { form: "exec", argv: ["node", "-e", "process.exit(0)"] } });
    expect(steps[7]).toMatchObject({ command: { form: "exec", argv: ["node", "server.js"] } });
    expect(parsed.stages[1]?.steps).toMatchObject([{ kind: "CMD", command: { form: "shell", script: "node server.js" } }]);
  });

  it.each([
    ["an instruction it does not carry out", "FROM node:24\nADD x /x", 2, "ADD is not an instruction the rehearsal carries out"],
    ["ENTRYPOINT", 'FROM node:24\nENTRYPOINT ["node"]', 2, "ENTRYPOINT is not an instruction"],
    ["an unknown flag", "FROM node:24\nWORKDIR /app\nCOPY --link a ./", 3, "the flag --link of COPY is not rehearsed"],
    ["a cache mount", "FROM node:24\nRUN --mount=type=cache,target=/root/.npm npm ci", 2, "the flag --mount of RUN"],
    ["FROM --platform", "FROM --platform=linux/amd64 node:24", 1, "the flag --platform of FROM"],
    ["a heredoc", "FROM node:24\nRUN <<EOF\necho hi\nEOF", 2, "heredocs are not rehearsed"],
    ["an instruction before FROM", "WORKDIR /app\nFROM node:24", 1, "only ARG may come before the first FROM"],
  ])("refuses %s, naming the line", (_what, text, line, why) => {
    expect(() => parseDockerfile(text)).toThrow(UnsupportedDockerfileError);
    expect(() => parseDockerfile(text)).toThrow(new RegExp(`^Dockerfile line ${line}: .*${why.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  it("expands variables as the builder does", () => {
    const vars: Record<string, string> = { A: "a", EMPTY: "" };
    const lookup = (name: string): string | undefined => vars[name];
    expect(expandVariables("$A/${A}/${UNSET}/${EMPTY:-d}/${A:+alt}/${UNSET:+alt}/\\$A", lookup)).toBe("a/a//d/alt//$A");
    expect(() => expandVariables("${A#x}", lookup)).toThrow(/unsupported substitution/);
  });
});

describe.each(REHEARSED)("the Dockerfile of a service generated with $label, rehearsed without Docker", (options: OptionSet) => {
  const setRoot = join(root, options.label.replace(/\W+/g, "-"));
  const context = join(setRoot, "context", options.name);
  const work = join(setRoot, "stages");
  const timings: Array<[string, number]> = [];
  let installed = false;
  let built: Built | undefined;

  beforeAll(async () => {
    mkdirSync(work, { recursive: true });
    assertNothingAbove(work);
    const started = Date.now();
    const result = await runCreateService([options.name, "--yes", "--skip-git", "--skip-install", "--dir", context, ...cliFlags(options)], { cwd: setRoot });
    if (result.exitCode !== 0) throw new Error(`create-service exited with ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
    timings.push(["generate", Date.now() - started]);
  }, 120_000);

  afterAll(() => {
    const lines = timings.map(([step, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${step}`);
    console.log(`[dockerfile rehearsal, ${options.label}]\n${lines.join("\n")}`);
  });

  it("npm install writes the package-lock.json the build needs", async () => {
    const started = Date.now();
    // npm's default lockfile, with each package's resolved URL, whatever this machine's ~/.npmrc says
    // (omit-lockfile-registry-resolved): without the URLs `npm ci` looks every package up in its metadata, and
    // offline-first it may take a stale cached copy that lacks the locked version (ETARGET); Docker's empty cache
    // never has that problem. With them it takes the tarballs by URL and integrity, which cannot go stale.
    const env = { ...hostEnv(), npm_config_omit_lockfile_registry_resolved: "false" };
    const result = await execa("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: context, env, extendEnv: false, reject: false, all: true, stdin: "ignore" });
    timings.push(["npm install (the user's, before docker build)", Date.now() - started]);
    if (result.exitCode !== 0) throw new Error(`npm install exited with ${result.exitCode}:\n${String(result.all).slice(-4000)}`);
    expect(existsSync(join(context, "package-lock.json"))).toBe(true);
    installed = true;
  }, INSTALL_TIMEOUT);

  it("builds every stage from a fresh folder: each COPY finds its files, each RUN passes", async () => {
    if (!installed) throw new Error("npm install did not pass: see the test before this one");
    const cache = await npmCacheFor(setRoot);
    built = await rehearseBuild(context, work, cache);
    timings.push(...built.timings);
    // The deps stage's `npm cache clean --force` removed the link, not the machine's cache.
    expect(existsSync(cache.real)).toBe(true);
  }, BUILD_TIMEOUT);

  it("the runtime stage runs as an unprivileged user and exposes the port its ENV sets", () => {
    const { final } = need(built, "the build");
    expect(final.user, "USER of the runtime stage").not.toMatch(/^(root|0)(:|$)/);
    expect(final.exposed, "EXPOSE of the runtime stage").toContain(final.env.get("PORT"));
    expect(final.healthcheck, "HEALTHCHECK of the runtime stage").toBeDefined();
    expect(final.cmd, "CMD of the runtime stage").toBeDefined();
  });

  it("the runtime stage's node_modules holds no devDependency (what --omit=dev promises)", () => {
    const { final } = need(built, "the build");
    const manifest = JSON.parse(readFileSync(join(context, "package.json"), "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const lock = JSON.parse(readFileSync(join(context, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
    const devDependencies = Object.keys(manifest.devDependencies ?? {});
    // A devDependency a production dependency needs as well (@types/pg, from @opentelemetry/instrumentation-pg) is
    // installed by --omit=dev too: the lockfile npm install wrote says which packages only development needs.
    const devOnly = (name: string): boolean => lock.packages[`node_modules/${name}`]?.dev === true;
    expect(devDependencies.filter(devOnly), "devDependencies that only development needs").not.toEqual([]);
    const present = devDependencies.filter((name) => devOnly(name) && existsSync(join(final.folder, "node_modules", name)));
    expect(present, "devDependencies found in the runtime stage's node_modules").toEqual([]);
    const leaked = Object.entries(lock.packages)
      .filter(([path, entry]) => path.startsWith("node_modules/") && entry.dev === true && existsSync(join(final.folder, path)))
      .map(([path]) => path);
    expect(leaked, "packages only devDependencies need, found in the runtime stage").toEqual([]);
    for (const name of Object.keys(manifest.dependencies ?? {})) expect(existsSync(join(final.folder, "node_modules", name)), `dependency ${name} in the runtime stage`).toBe(true);
  });

  it("the runtime stage's CMD serves the API, its HEALTHCHECK passes, and SIGTERM ends it with code 0", async () => {
    const { final } = need(built, "the build");
    const cmd = need(final.cmd, "a CMD in the runtime stage");
    if (cmd.form !== "exec") throw new Error(`CMD ${cmd.script}: the shell form runs /bin/sh as PID 1, which does not pass SIGTERM on to node; use the exec form ["node", ...]`);
    const check = need(final.healthcheck, "a HEALTHCHECK in the runtime stage");
    if (check.test === "NONE" || check.test.form !== "exec") throw new Error(`Dockerfile line ${check.line}: the rehearsal runs a HEALTHCHECK in the exec form only`);

    const port = await freePort();
    const home = join(setRoot, "home");
    mkdirSync(home, { recursive: true });
    // The container's environment is the image's ENV (ARG values are not kept); the host lends PATH.
    const env: Record<string, string> = { PATH: rehearsalPath(), HOME: home, ...Object.fromEntries(final.env), PORT: String(port), HOST: "127.0.0.1", PGLITE_DATA_DIR: join(setRoot, "pglite") };
    const cwd = join(final.folder, posix.relative(need(final.root, "a WORKDIR in the runtime stage"), final.cwd));
    const [command, ...args] = cmd.argv;
    const started = Date.now();
    const child = spawn(command ?? "", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
    let spawnError: Error | undefined;
    child.once("error", (error) => (spawnError = error));
    try {
      const deadline = Date.now() + START_TIMEOUT;
      while (!(await accepts(port))) {
        if (spawnError !== undefined) throw new Error(`CMD ${JSON.stringify(cmd.argv)} could not start: ${spawnError.message}`);
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`CMD ${JSON.stringify(cmd.argv)} exited with ${child.exitCode ?? child.signalCode} before listening:\n${output.slice(-4000)}`);
        if (Date.now() > deadline) throw new Error(`CMD ${JSON.stringify(cmd.argv)} did not listen on port ${port} within ${START_TIMEOUT} ms:\n${output.slice(-4000)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      timings.push(["CMD: start and listen", Date.now() - started]);

      const timeoutMs = durationMs(check.options.timeout ?? "30s");
      const [probe, ...probeArgs] = check.test.argv;
      const health = await execa(probe ?? "", probeArgs, { cwd, env, extendEnv: false, reject: false, all: true, stdin: "ignore", timeout: timeoutMs });
      expect(
        health.exitCode,
        `HEALTHCHECK (Dockerfile line ${check.line}) ${health.timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${health.exitCode}`}; it printed:\n${String(health.all) || "(nothing)"}\nservice output:\n${output.slice(-2000)}`,
      ).toBe(0);

      const route = `http://127.0.0.1:${port}/${options.apiVersion}/${options.name}`;
      const response = await fetch(route, { signal: AbortSignal.timeout(10_000) });
      expect(response.status, `GET ${route}: ${await response.clone().text()}\nservice output:\n${output.slice(-2000)}`).toBe(200);

      const stopping = Date.now();
      child.kill("SIGTERM");
      const bound = Number(final.env.get("SHUTDOWN_TIMEOUT_MS") ?? STOP_GRACE_MS);
      const exit = await Promise.race([closed, new Promise<"late">((resolve) => setTimeout(() => resolve("late"), Math.min(bound, STOP_GRACE_MS) + 2_000))]);
      timings.push(["CMD: SIGTERM to exit", Date.now() - stopping]);
      expect(exit, `after SIGTERM (output:\n${output.slice(-2000)})`).toEqual({ code: 0, signal: null });
      expect(Date.now() - stopping, "shutdown time: docker stop sends SIGKILL after 10 s").toBeLessThan(STOP_GRACE_MS);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await closed;
      }
    }
  }, START_TIMEOUT + 60_000);
});
