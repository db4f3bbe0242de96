import { shellCommands } from "./shell-script.js";
import { interpolate } from "./env.js";

/**
 * What a Dockerfile tells discovery, read as text and never built: the image
 * each stage starts from (what runs is the last stage's, or the `target`
 * stage's), and the words of its COPY/ADD, RUN, WORKDIR, CMD and ENTRYPOINT lines, which
 * name the app it builds and starts when it builds from a monorepo's root
 * (`RUN npm run build auth`, `CMD ["node", "dist/apps/auth/main"]`). Build args
 * (compose `build.args`, Skaffold `buildArgs`) and ARG defaults are filled in.
 */

export interface DockerStage {
  /** The image it starts from, with earlier stages' names resolved to their images. */
  image: string;
  alias?: string;
}

/** Words of one instruction, and how strongly they name the app: what it starts (3) over what it builds (2) over what it copies (1). */
export interface DockerHint {
  weight: 1 | 2 | 3;
  words: string[];
  /** A CMD line: what a compose `command` replaces. */
  cmd?: true;
  /** What a RUN line installs from a registry (`npm install -g gulp`): package names, never the repository's folders. */
  installed?: string[];
  /**
   * The instruction reads a build arg the entry passes (`COPY dist/apps/${APP} .` with compose `args: APP=users`): the
   * words the entry chose, where entries that share the Dockerfile differ (discover/placement.ts).
   */
  byArg?: true;
  /**
   * A CMD or ENTRYPOINT that reads a variable an ENV line of the image set: its words with those variables left as
   * written. The container's environment replaces an ENV default at run time (`CMD node dist/apps/$SERVICE_NAME/main`
   * with `SERVICE_NAME: auth` on the compose entry starts apps/auth, whatever the ENV line said).
   */
  asWritten?: string[];
  /** A WORKDIR line: the folder the image works in. */
  workdir?: true;
}

export interface DockerfileInfo {
  stages: DockerStage[];
  /** The stage that runs: the `target` one, else the last. */
  runtime?: DockerStage;
  hints: DockerHint[];
  /** Images the stages that make up the runtime copy files from (`COPY --from=prom/alertmanager:v0.28 /bin/alertmanager …`), not earlier stages. */
  copiedImages: string[];
  /**
   * The environment the image runs with: the ENV lines of the stage that runs and of the stages it is built FROM, build
   * args filled in. A value that names a variable nothing sets is left out (the container's own environment may set it).
   */
  env: Record<string, string>;
}

/** The instructions of a Dockerfile: continuation lines joined, comments and parser directives left out. */
export function instructions(text: string): { keyword: string; rest: string }[] {
  const result: { keyword: string; rest: string }[] = [];
  let pending = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!pending && (line === "" || line.startsWith("#"))) continue;
    // A comment inside a continued instruction is dropped by Docker too.
    if (pending && line.startsWith("#")) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = pending + line;
    pending = "";
    const match = /^([A-Za-z]+)\s*(.*)$/.exec(whole);
    if (match) result.push({ keyword: match[1]!.toUpperCase(), rest: match[2]! });
  }
  if (pending) {
    const match = /^([A-Za-z]+)\s*(.*)$/.exec(pending.trim());
    if (match) result.push({ keyword: match[1]!.toUpperCase(), rest: match[2]! });
  }
  return result;
}

/** `["node", "dist/main"]` (exec form) or shell words, split on blanks and shell operators. */
export function commandWords(rest: string): string[] {
  const trimmed = rest.trim();
  if (trimmed.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.filter((w): w is string => typeof w === "string").flatMap(shellWords);
    } catch {
      // Not valid JSON: Docker runs it through a shell, and so do we read it.
    }
  }
  return shellWords(trimmed);
}

function shellWords(text: string): string[] {
  return text
    .split(/[\s"'`;|&()]+/)
    .map((w) => w.trim())
    .filter((w) => w !== "" && !/^(&&|\|\||;)$/.test(w));
}

/** Flags of COPY/ADD (`--from=build`, `--chown=node`) are not paths. */
function copySources(rest: string): { from?: string; sources: string[] } {
  let words = commandWords(rest);
  let from: string | undefined;
  words = words.filter((w) => {
    if (!w.startsWith("--")) return true;
    const match = /^--from=(.+)$/.exec(w);
    if (match) from = match[1]!;
    return false;
  });
  // The last word is the destination.
  return { ...(from ? { from } : {}), sources: words.slice(0, -1) };
}

export function readDockerfile(text: string, buildArgs: Record<string, string> = {}, target?: string): DockerfileInfo {
  const stages: (DockerStage & { vars: Record<string, string>; envNames: Set<string>; hints: DockerHint[]; needs: number[]; copiedImages: string[] })[] = [];
  // ARGs before the first FROM are global; an ARG or ENV inside a stage is that stage's (and, for ENV, the stages
  // built FROM it): `ARG SVC=orders` in one stage and `ARG SVC=users` in the next name two apps. A build arg given by
  // compose or Skaffold wins over any default.
  const globals: Record<string, string> = {};
  const current = () => stages[stages.length - 1];
  const fill = (value: string) => interpolate(value, { ...globals, ...current()?.vars, ...buildArgs });
  const stageIndex = (name: string) => {
    const byAlias = stages.findIndex((s) => s.alias !== undefined && s.alias.toLowerCase() === name.toLowerCase());
    return byAlias >= 0 ? byAlias : /^\d+$/.test(name) && Number(name) < stages.length ? Number(name) : -1;
  };
  const preamble: DockerHint[] = [];
  let targetIndex: number | undefined;
  for (const { keyword, rest } of instructions(text)) {
    const vars = current()?.vars ?? globals;
    if (keyword === "ARG") {
      for (const word of rest.split(/\s+/)) {
        const eq = word.indexOf("=");
        if (eq <= 0) continue;
        const value = fill(word.slice(eq + 1).replace(/^["']|["']$/g, ""));
        // Global: the first default stands (as before); in a stage, its own default is the stage's.
        if (current()) vars[word.slice(0, eq)] = value;
        else vars[word.slice(0, eq)] ??= value;
      }
      continue;
    }
    if (keyword === "ENV") {
      // ENV A=b or ENV A b: a later ${A} in the file means that value.
      const pair = /^([A-Za-z_][A-Za-z0-9_]*)(?:=|\s+)(.*)$/.exec(rest.trim());
      const set = (name: string, value: string) => {
        vars[name] = fill(value.replace(/^["']|["']$/g, ""));
        current()?.envNames.add(name);
      };
      if (pair && !pair[2]!.includes("=")) set(pair[1]!, pair[2]!);
      else for (const match of rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g)) set(match[1]!, match[2]!);
      continue;
    }
    if (keyword === "FROM") {
      const words = rest.split(/\s+/).filter((w) => !w.startsWith("--"));
      const image = interpolate(words[0] ?? "", { ...globals, ...buildArgs });
      const alias = words[1]?.toUpperCase() === "AS" ? words[2] : undefined;
      const parent = stageIndex(image);
      const earlier = parent >= 0 ? stages[parent] : undefined;
      stages.push({ image: earlier ? earlier.image : image, ...(alias ? { alias } : {}), vars: { ...earlier?.vars }, envNames: new Set(earlier?.envNames), hints: [], needs: parent >= 0 ? [parent] : [], copiedImages: [] });
      if (target !== undefined && alias?.toLowerCase() === target.toLowerCase()) targetIndex = stages.length - 1;
      continue;
    }
    const stageHints = current()?.hints ?? preamble;
    const chosen = readsBuildArg(rest, buildArgs);
    const hints = { push: (hint: DockerHint) => stageHints.push(chosen ? { ...hint, byArg: true } : hint) };
    if (keyword === "COPY" || keyword === "ADD") {
      const { from, sources } = copySources(fill(rest));
      const source = from === undefined ? -1 : stageIndex(from);
      if (source >= 0) current()?.needs.push(source);
      else if (from !== undefined && !/^\d+$/.test(from)) current()?.copiedImages.push(from);
      if (sources.length) hints.push({ weight: 1, words: sources });
    } else if (keyword === "RUN") {
      const line = fill(rest);
      const installed = installedPackages(line);
      hints.push({ weight: 2, words: commandWords(line), ...(installed.length ? { installed } : {}) });
    }
    else if (keyword === "WORKDIR") hints.push({ weight: 2, words: commandWords(fill(rest)), workdir: true });
    else if (keyword === "CMD" || keyword === "ENTRYPOINT") {
      const words = commandWords(fill(rest));
      const envNames = current()?.envNames ?? new Set<string>();
      const written = [...rest.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].some((m) => envNames.has(m[1]!))
        ? commandWords(interpolate(rest, Object.fromEntries(Object.entries({ ...globals, ...current()?.vars, ...buildArgs }).filter(([name]) => !envNames.has(name)))))
        : undefined;
      hints.push({ weight: 3, words, ...(keyword === "CMD" ? { cmd: true as const } : {}), ...(written ? { asWritten: written } : {}) });
    }
  }
  const runtimeIndex = targetIndex ?? stages.length - 1;
  // What the image is made of: the stage that runs and the stages it is built FROM or COPYs --from, not the others
  // (a multi-stage file with one runtime stage per app builds only the one its `target` names).
  const built = new Set<number>();
  const visit = (index: number) => {
    if (built.has(index) || !stages[index]) return;
    built.add(index);
    for (const need of stages[index]!.needs) visit(need);
  };
  visit(runtimeIndex);
  const hints = [...preamble, ...stages.flatMap((stage, index) => (built.has(index) ? stage.hints : []))];
  const plain = stages.map(({ image, alias }) => ({ image, ...(alias ? { alias } : {}) }));
  const runtime = plain[runtimeIndex];
  const env: Record<string, string> = {};
  const running = stages[runtimeIndex];
  for (const name of running?.envNames ?? []) {
    const value = running!.vars[name]!;
    if (value !== "" && !value.includes("${")) env[name] = value;
  }
  const copiedImages = stages.flatMap((stage, index) => (built.has(index) ? stage.copiedImages : []));
  return { stages: plain, ...(runtime ? { runtime } : {}), hints, copiedImages, env };
}

/** Whether an instruction's text reads one of the build args the entry passes (`${APP}`, `$APP`). */
function readsBuildArg(rest: string, buildArgs: Readonly<Record<string, string>>): boolean {
  for (const match of rest.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) if (Object.hasOwn(buildArgs, match[1]!)) return true;
  return false;
}

/**
 * Load generators and end-to-end test runners: a container that starts one drives traffic at the services for a test,
 * it is not one of them.
 */
const LOAD_TOOLS = new Set(["locust", "k6", "artillery", "jmeter", "gatling.sh", "vegeta", "cypress", "playwright", "newman", "tracetest"]);

/** Whether what a build starts (its CMD and ENTRYPOINT, or the compose command that replaces them) is a load generator. */
export function startsLoadTest(info: DockerfileInfo | undefined, command: readonly string[] = []): boolean {
  const started = command.length ? [command, ...(info?.hints ?? []).filter((h) => h.weight === 3 && !h.cmd).map((h) => h.words)] : (info?.hints ?? []).filter((h) => h.weight === 3).map((h) => h.words);
  return started.some((words) => words.some((word) => LOAD_TOOLS.has(word.split("/").pop() ?? word)));
}

/** HTTP benchmarking tools a seeding or load script runs (`ab -n 1000 -p votes http://vote/`), besides the tools above. */
const BENCH_COMMANDS = new Set([...LOAD_TOOLS, "ab", "wrk", "hey", "autocannon", "bombardier", "siege"]);

/**
 * Whether the shell script a build starts (`CMD ["/seed/generate-votes.sh"]`, a file of its context) runs a load or
 * benchmarking tool: a container that fires requests at the others and exits. `script` reads a script of the context by
 * its file name, undefined when there is none.
 */
export function startsLoadScript(info: DockerfileInfo | undefined, command: readonly string[], script: (name: string) => string | undefined): boolean {
  const started = command.length ? command : (info?.hints ?? []).filter((h) => h.weight === 3).flatMap((h) => h.words);
  for (const word of started) {
    if (!word.endsWith(".sh")) continue;
    const text = script(word.split("/").pop()!);
    if (text !== undefined && shellCommands(text).some((line) => BENCH_COMMANDS.has(line.split(/\s+/)[0]!.split("/").pop()!))) return true;
  }
  return false;
}

/** Package managers' install commands: `npm install`, `npm ci`, `yarn`, `pnpm i` … */
const INSTALLS: Readonly<Record<string, readonly string[]>> = { npm: ["install", "i", "ci"], yarn: ["install"], pnpm: ["install", "i"], bun: ["install", "i"] };

function onlyInstalls(words: readonly string[]): boolean {
  const shell = words.length >= 3 && /^(\/bin\/)?(ba)?sh$/.test(words[0]!) && words[1] === "-c" ? words.slice(2) : words;
  const [manager, verb, ...rest] = shell.filter((word) => !word.startsWith("-"));
  if (manager === undefined || rest.length) return false;
  const verbs = INSTALLS[manager.split("/").pop()!];
  return verbs !== undefined && (verb === undefined ? manager === "yarn" : verbs.includes(verb));
}

/**
 * Whether all a build starts (the compose command, else its CMD and ENTRYPOINT) is a package manager's install: a
 * container that fills a node_modules volume for the others (`CMD ["npm", "install"]`) and exits, no service.
 */
/**
 * What a build starts when it has no ENTRYPOINT: the compose command, else its last CMD. Undefined with an ENTRYPOINT
 * (which the command only feeds arguments) or when nothing is written.
 */
export function startedCommand(info: DockerfileInfo | undefined, command: readonly string[] = []): readonly string[] | undefined {
  const entrypoint = (info?.hints ?? []).filter((h) => h.weight === 3 && !h.cmd).map((h) => h.words);
  if (entrypoint.some((words) => words.length)) return undefined;
  const cmd = (info?.hints ?? []).filter((h) => h.weight === 3 && h.cmd).map((h) => h.words);
  return command.length ? command : cmd[cmd.length - 1];
}

export function startsOnlyAnInstall(info: DockerfileInfo | undefined, command: readonly string[] = []): boolean {
  const entrypoint = (info?.hints ?? []).filter((h) => h.weight === 3 && !h.cmd).map((h) => h.words);
  const cmd = (info?.hints ?? []).filter((h) => h.weight === 3 && h.cmd).map((h) => h.words);
  if (entrypoint.some((words) => words.length)) return false;
  const started = command.length ? command : cmd[cmd.length - 1];
  return started !== undefined && onlyInstalls(started);
}

/** A package manager's install command: the bare words after it are packages from a registry, not folders. */
const INSTALL = /^(?:(?:npm|pnpm|bun)\s+(?:install|i|add)|yarn\s+(?:global\s+)?add|apk\s+add|(?:apt-get|apt|yum|dnf)\s+install|pip3?\s+install|gem\s+install)\b/;

const WORKSPACE_FLAG = /^(?:-w|--workspace|-F|--filter|--scope)$/;

/**
 * What a RUN line installs from a registry (`gulp` of `npm install -g gulp`): an image with gulp installed is not
 * built from a gulp/ folder. Paths (`npm install ./libs/common`), flags and workspace names (`-w orders`) are not packages.
 */
function installedPackages(line: string): string[] {
  return line.split(/&&|\|\||;|\|/).flatMap((part) => {
    const install = INSTALL.exec(part.trim());
    if (!install) return [];
    const words = commandWords(part.trim());
    const command = install[0].split(/\s+/).length;
    return words.filter((word, i) => i >= command && !word.startsWith("-") && !isLocalPath(word) && !WORKSPACE_FLAG.test(words[i - 1] ?? ""));
  });
}

/** `./libs/common`, `libs/common`, `file:../shared`: an install of the repository's own folder (`@scope/name` is a package). */
function isLocalPath(word: string): boolean {
  return word.startsWith(".") || word.startsWith("file:") || (word.includes("/") && !word.startsWith("@"));
}
