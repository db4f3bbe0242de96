import { posix } from "node:path";
import type { Diagnostic, Location } from "../types.js";
import { commandWords } from "./dockerfile.js";
import { repoFolder } from "./folder-path.js";
import { composeEnvironment, dotenvLines, exampleEnvFile, exampleValues, interpolate, parseDotenv, variablesIn } from "./env.js";
import type { FileEntry, FileSet, ReadText } from "./files.js";
import { duplicateKeys, safeYaml } from "./yaml.js";

/**
 * docker-compose files: each entry's build context, image, environment
 * (env_file and environment, interpolated with the project's .env), the host
 * names that reach it and its ports. The files of one folder are one compose
 * project; an override file's values win over the base file's.
 */

export interface ComposeService {
  name: string;
  file: string;
  line: number;
  /** Build context relative to the scan root, if it builds from the repo. */
  context?: string;
  /** Its Dockerfile relative to the scan root (`build.dockerfile` is relative to the context; default `Dockerfile`). */
  dockerfile?: string;
  /** `build.dockerfile_inline`: the Dockerfile written in the compose file itself. */
  dockerfileInline?: string;
  /** `build.args`, to fill the Dockerfile's ARGs. */
  buildArgs?: Record<string, string>;
  /** `build.target`: the Dockerfile stage that runs. */
  target?: string;
  /** Words of its `command` and `entrypoint`, which replace the Dockerfile's CMD and ENTRYPOINT. */
  command?: string[];
  /** Folders of the repository it bind-mounts (`./orders:/app`): the code a container without a build runs. */
  mounts?: string[];
  env: Record<string, string>;
  envSources: Record<string, string>;
  /** The line that sets each variable: its `environment` entry, or its line in an env_file. */
  envLocations?: Record<string, Location>;
  /** Its env_file entries that are not in the repository (a `.env` kept out of git). */
  missingEnvFiles?: string[];
  /**
   * Variables its `environment` passes through from the project's `.env` under their own name (`REDIS_HOST: ${REDIS_HOST}`)
   * when that file is not in the repository: whatever it holds, every entry of the project that passes one through gets the
   * same value.
   */
  passedThrough?: { file: string; variables: string[] };
  /**
   * Not a service: others wait for it to complete (`condition: service_completed_successfully`), a one-shot job; its
   * command only keeps the container idle (`tail -f /dev/null`, `sleep infinity`), a toolbox to `docker compose exec` into;
   * or it is scaled to zero (`deploy.replicas: 0`), an image built for others and never run.
   */
  job?: boolean;
  /** Variables whose value comes from an example file (the project's `.env` is not committed, `.env.example` is): the last resort. */
  exampleEnv?: string[];
  hosts: string[];
  /** `links: ["db:database"]`: names this container alone gives other containers (alias → service name). */
  links?: Record<string, string>;
  /** `external_links: ["payments_web_1:payments.local"]`: names this container gives containers of other projects (alias → container name). */
  externalLinks?: Record<string, string>;
  ports: number[];
  image?: string;
  /** `profiles: [dev]`: started only when one of them is active; an entry without profiles always starts. */
  profiles?: string[];
  /** `depends_on` (a list or a map): the entries it waits for, a datastore among them when it opens one. */
  dependsOn?: string[];
  /** The folder of its compose file: the files of one folder are one compose project, as `docker compose` runs them. */
  project: string;
  /** `extends: base` (or `{ service: base }`) within its own file: the entry of that file it is written as a variant of. */
  extendsFrom?: string;
}

/** Every compose entry of the scan, one per project and name, override files merged over their base files. */
export function readComposeFiles(files: readonly FileEntry[], read: ReadText, fileSet: FileSet, canonical: (rel: string) => string | undefined, diagnostics: Diagnostic[]): ComposeService[] {
  const compose: RawEntry[] = [];
  // docker-compose.override.yml (and other *.override.*) after the base file: its values win, as with `docker compose`.
  const composeFiles = files.filter((f) => f.kind === "compose").sort((a, b) => Number(a.rel.includes(".override.")) - Number(b.rel.includes(".override.")));
  const byComposeName = new Map<string, RawEntry>();
  const docs = new Map(composeFiles.map((file) => [file.rel, safeYaml(read(file.rel), file.rel, diagnostics) as ComposeDoc | undefined]));
  // A key written twice in one mapping (a service block indented one level too deep takes the next one's keys): compose
  // rejects the file, arch-lint reads the later value; said, as the services and ports it gives may be mixed up.
  for (const file of composeFiles) {
    const twice = duplicateKeys(read(file.rel) ?? "").filter((d) => d.path.startsWith("services."));
    if (twice.length) diagnostics.push({ kind: "config-file", file: file.rel, line: twice[0]!.line, message: `${twice.map((d) => `${d.path}.${d.key}`).slice(0, 3).join(", ")} ${twice.length > 1 ? "are each" : "is"} written twice in one mapping (line ${twice[0]!.line}${twice.length > 1 ? " …" : ""}): docker compose rejects this file; arch-lint reads the later value, so a service block indented one level too deep gives its keys (build, ports, environment) to the service above it` });
  }
  const projectDirectories = projectDirectoriesOf(docs, fileSet, diagnostics);
  const asOnDisk = folderCaseFinder(files);
  for (const file of composeFiles) {
    const dir = posix.dirname(file.rel);
    const base = projectDirectories.get(file.rel) ?? projectDirectories.get(dir === "." ? "" : dir);
    for (const entry of readCompose(file.rel, docs.get(file.rel), base, read, fileSet, canonical, diagnostics, asOnDisk)) {
      // The same service in several files of one folder is one service, later files overriding earlier ones.
      const key = `${dir}\0${entry.name}`;
      const earlier = byComposeName.get(key);
      if (!earlier) {
        byComposeName.set(key, entry);
        compose.push(entry);
        continue;
      }
      // Build settings merge key by key, as `docker compose` merges them; but a later file whose build names a Dockerfile
      // the repository does not hold (a stale path in one variant, `docker-compose.preview.yml`) leaves one that it does.
      if (entry.build) {
        const merged = { ...earlier.build, ...entry.build };
        const onDisk = (build: RawEntry["build"]) => build !== undefined && dockerfileOnDisk(build, dir, fileSet, canonical);
        if (!(entry.dockerfileInline === undefined && onDisk(earlier.build) && !onDisk(merged))) earlier.build = merged;
      }
      Object.assign(earlier.buildArgs, entry.buildArgs);
      if (entry.target !== undefined) earlier.target = entry.target;
      if (entry.dockerfileInline !== undefined) earlier.dockerfileInline = entry.dockerfileInline;
      if (entry.command.length) earlier.command = entry.command;
      if (entry.job) earlier.job = true;
      for (const mount of entry.mounts) if (!earlier.mounts.includes(mount)) earlier.mounts.push(mount);
      if (entry.image) earlier.image = entry.image;
      const fromExample = [...(earlier.exampleEnv ?? []).filter((key) => !(key in entry.env)), ...(entry.exampleEnv ?? [])];
      if (fromExample.length) earlier.exampleEnv = fromExample;
      else delete earlier.exampleEnv;
      if (entry.passedThrough) {
        earlier.passedThrough ??= { file: entry.passedThrough.file, variables: [] };
        for (const key of entry.passedThrough.variables) if (!earlier.passedThrough.variables.includes(key)) earlier.passedThrough.variables.push(key);
      }
      Object.assign(earlier.env, entry.env);
      Object.assign(earlier.envSources, entry.envSources);
      for (const key of Object.keys(entry.env)) delete earlier.envLocations[key];
      Object.assign(earlier.envLocations, entry.envLocations);
      for (const host of entry.hosts) if (!earlier.hosts.includes(host)) earlier.hosts.push(host);
      if (entry.links) earlier.links = { ...earlier.links, ...entry.links };
      if (entry.externalLinks) earlier.externalLinks = { ...earlier.externalLinks, ...entry.externalLinks };
      for (const port of entry.ports) if (!earlier.ports.includes(port)) earlier.ports.push(port);
    }
  }
  return compose.map(({ build, ...entry }) => {
    if (!Object.keys(entry.envLocations).length) delete (entry as Partial<RawEntry>).envLocations;
    if (!build || build.elsewhere) return entry;
    // No context: the compose file's folder.
    const context = build.context ?? canonical(entry.project === "." ? "" : entry.project);
    if (context === undefined) return entry;
    const written = posix.normalize(posix.join(context, build.dockerfile ?? "Dockerfile"));
    const dockerfile = written.includes("${") ? (fittingDockerfile(written, files) ?? written) : (dockerfileInFolder(written, fileSet) ?? written);
    return { ...entry, context, ...(dockerfile.startsWith("..") ? {} : { dockerfile }) };
  });
}

/**
 * `docker/nginx.${APP_ENV}.dockerfile` with APP_ENV left to whoever runs compose: the repository's Dockerfile that fits
 * the name, the first by name when several do (`nginx.development.dockerfile`, `nginx.production.dockerfile`: variants
 * of one image).
 */
function fittingDockerfile(path: string, files: readonly FileEntry[]): string | undefined {
  const pattern = new RegExp(`^${path.split(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/).map(escapeRegExp).join("[^/]+")}$`);
  return files
    .filter((file) => file.kind === "dockerfile" && pattern.test(file.rel))
    .map((file) => file.rel)
    .sort()[0];
}

/**
 * `dockerfile: apps/spam` naming a folder rather than a file (docker refuses it, but the intent is plain): the Dockerfile
 * in that folder, when the path is no file of the repository and that folder holds one.
 */
function dockerfileInFolder(path: string, fileSet: FileSet): string | undefined {
  if (fileSet.has(path)) return undefined;
  const inside = posix.join(path, "Dockerfile");
  return fileSet.has(inside) ? inside : undefined;
}

/** Whether a build's Dockerfile (its context's, by default) is a file of the repository; true when it cannot be told. */
function dockerfileOnDisk(build: NonNullable<RawEntry["build"]>, dir: string, fileSet: FileSet, canonical: (rel: string) => string | undefined): boolean {
  if (build.elsewhere) return true;
  const context = build.context ?? canonical(dir === "." ? "" : dir);
  if (context === undefined) return true;
  const dockerfile = posix.normalize(posix.join(context, build.dockerfile ?? "Dockerfile"));
  return dockerfile.startsWith("..") || fileSet.has(dockerfile);
}

/**
 * `${PWD}` (or `$PWD`) at the start of a path is the folder `docker compose` runs in, which the file cannot say: the
 * repository's top (`docker compose -f infra/docker/compose.yml up`, as package scripts run it), unless only the compose
 * file's own folder holds what the path names. Returned relative to the compose file's folder, as its other paths are;
 * a path without it, or with PWD set by the project's .env, is returned as written.
 */
function fromWorkingDirectory(path: string, dir: string, vars: Record<string, string>, holds: (folder: string) => boolean): string {
  const start = /^\$(\{PWD\}|PWD\b)\/*/.exec(path);
  if (!start || vars.PWD !== undefined) return path;
  const rest = path.slice(start[0].length) || ".";
  const fromTop = repoFolder(posix.normalize(rest));
  const fromFile = repoFolder(posix.normalize(posix.join(dir || ".", rest)));
  const base = !holds(fromTop) && holds(fromFile) ? fromFile : fromTop;
  const relative = posix.relative(`/${dir}`, `/${base}`);
  return relative === "" ? "." : relative.startsWith("..") ? relative : `./${relative}`;
}

/**
 * `deploy: { replicas: 0 }` (or the older `scale: 0`): built, never started. Such an entry only makes an image others
 * build from or copy out of (the repository's shared packages, compiled once): no container runs it, so no service.
 */
function scaledToZero(raw: RawService): boolean {
  const deploy = raw.deploy && typeof raw.deploy === "object" ? (raw.deploy as { replicas?: unknown }) : undefined;
  return [deploy?.replicas, raw.scale].some((n) => n === 0 || n === "0");
}

/** A command that runs nothing but keeps the container up: `tail -f /dev/null`, `sleep infinity`, also through `sh -c "…"`. */
function idles(words: readonly string[]): boolean {
  const text = shellText(words);
  return /^tail -f \/dev\/null$/.test(text) || /^sleep (infinity|inf|\d{5,})$/.test(text);
}

/** A command's words as one line, the script of `sh -c "..."` unwrapped. */
function shellText(words: readonly string[]): string {
  const shell = words.length >= 3 && /^(\/bin\/)?(ba)?sh$/.test(words[0]!) && words[1] === "-c" ? commandWords(words.slice(2).join(" ")) : words;
  return shell.join(" ");
}

/** A package script named for a schema change or seed data: `migrate`, `migrations:run`, `db:migrate`, `seed-all`. */
const MIGRATION_SCRIPT = /^[\w:.-]*(?:migrat|seed)[\w:.-]*$/i;
/** The migration tools' own commands: Prisma, TypeORM, Knex, Sequelize, node-pg-migrate, MikroORM, db-migrate. */
const MIGRATION_TOOL =
  /^(?:(?:npx|bunx)\s+|(?:pnpm|yarn)\s+(?:exec\s+|dlx\s+)?)?(?:prisma\s+(?:migrate\s+(?:deploy|dev|reset)|db\s+(?:push|seed))|typeorm(?:-ts-node-\w+)?\s+migration:run|knex\s+(?:migrate:latest|migrate:up|seed:run)|sequelize(?:-cli)?\s+db:(?:migrate|seed(?::all)?)|node-pg-migrate\s+up|mikro-orm\s+(?:migration:up|seeder:run)|db-migrate\s+up)\b/;

/**
 * A command that only changes the schema or loads seed data, then exits (`npm run migrations:run`, `npx prisma migrate
 * deploy`): a one-shot job run from a service's image, not the service. One that goes on to start something
 * (`npm run migrate && node main.js`) is the service.
 */
export function onlyMigrates(words: readonly string[]): boolean {
  // A workspace's package picked by a flag (`pnpm --filter @app/db db:migrate`, `yarn workspace db migrate`, `npm run
  // migrate -w db`): the script is the same once the selector is set aside.
  const text = shellText(words).replace(/\s(?:--filter|-F|--workspace|-w)(?:=|\s+)\S+/g, "").replace(/^yarn\s+workspace\s+\S+\s+/, "yarn ");
  if (text === "" || /&&|\|\||;|\|/.test(text)) return false;
  const script = /^(?:npm|pnpm|bun)\s+run\s+(\S+)(?:\s+--?\S+)*$|^(?:yarn|pnpm)\s+(?:run\s+)?(\S+)(?:\s+--?\S+)*$/.exec(text);
  if (script && MIGRATION_SCRIPT.test(script[1] ?? script[2]!)) return true;
  // A Dockerfile's shell-form CMD reaches here as words, its `;` and `&&` gone: a migration that goes on to start the
  // app (`npx prisma migrate dev ; node ./main.js`) is the service, not a job.
  const tool = MIGRATION_TOOL.exec(text);
  return tool !== null && !STARTS_AN_APP.test(text.slice(tool[0].length));
}

/** Script lines that start nothing: moving about, printing, shell options, variables, waiting, Prisma's client generation. */
const QUIET_LINE = /^(?:cd|echo|printf|set|export|sleep|true|wait)(?:\s|$)|^[A-Za-z_]\w*=\S*$|^(?:(?:npx|bunx)\s+|(?:pnpm|yarn)\s+(?:exec\s+)?)?prisma\s+generate\b/;

/**
 * The lines of a start script (`ENTRYPOINT ["/app/packages/db/scripts/entrypoint.sh"]`) that only migrate the schema
 * or load seed data, around `cd`, `echo` and `prisma generate`: the container is a one-shot job, not a service. A
 * script with any other line (`node dist/main.js`, `exec "$@"`) may start the app, so it is not one.
 */
export function scriptOnlyMigrates(lines: readonly string[]): boolean {
  let migrates = false;
  for (const line of lines) {
    if (QUIET_LINE.test(line)) continue;
    if (!onlyMigrates(commandWords(line))) return false;
    migrates = true;
  }
  return migrates;
}

/** Words after a migration that start something: a runtime, a package manager, a process manager, a script file. */
const STARTS_AN_APP = /(?:^|\s)(?:node|nodemon|ts-node|tsx|npm|npx|yarn|pnpm|bun|pm2|pm2-runtime|nest|exec|sh|bash)(?:\s|$)|\.[cm]?[jt]s(?:\s|$)/;

/** A package script named for compiling: `build`, `build:lib`, `compile`, `tsc`. */
const BUILD_SCRIPT = /^(?:build|compile|tsc)(?:[:-][\w:.-]*)?$/i;

/**
 * A command that only compiles code (`npm run build`, `npx tsc -b`): a container that builds a shared package into a
 * volume the others mount, then exits or watches; no service, whatever its package holds. One that goes on to start
 * something (`npm run build && node dist/main.js`) is the service.
 */
function onlyBuilds(words: readonly string[]): boolean {
  const text = shellText(words);
  if (text === "" || /&&|\|\||;|\|/.test(text)) return false;
  const script = /^(?:npm|pnpm|bun)\s+run\s+(\S+)(?:\s+--?\S+)*$|^(?:yarn|pnpm)\s+(?:run\s+)?(\S+)(?:\s+--?\S+)*$/.exec(text);
  if (script) return BUILD_SCRIPT.test(script[1] ?? script[2]!);
  return /^(?:(?:npx|bunx)\s+|(?:pnpm|yarn)\s+exec\s+)?tsc(?:\s+-\S+(?:\s+[\w./-]+\.json)?)*$/.test(text);
}

/** A package script named for a test run: `test`, `test:e2e`, `e2e`, `test-integration`. */
const TEST_SCRIPT = /^(?:test|tests|e2e|integration)(?:[:-][\w:.-]*)?$/i;

/**
 * A command that only runs a test suite (`npm test`, `npm run test:e2e`, `npx jest`, `npx playwright test`): a
 * container that runs the tests against the others and exits, not a service, whatever folder it mounts.
 */
function onlyTests(words: readonly string[]): boolean {
  const text = shellText(words);
  if (text === "" || /&&|\|\||;|\|/.test(text)) return false;
  if (/^(?:npm|pnpm|yarn|bun)\s+(?:t|test)(?:\s+--?\S+)*$/.test(text)) return true;
  const script = /^(?:npm|pnpm|bun)\s+run\s+(\S+)(?:\s+--?\S+)*$|^(?:yarn|pnpm)\s+(?:run\s+)?(\S+)(?:\s+--?\S+)*$/.exec(text);
  if (script) return TEST_SCRIPT.test(script[1] ?? script[2]!);
  return /^(?:(?:npx|bunx)\s+|(?:pnpm|yarn)\s+(?:exec\s+)?)?(?:jest|vitest(?:\s+run)?|mocha|ava|playwright\s+test|cypress\s+run|newman\s+run)(?:\s+\S+)*$/.test(text);
}

/** Every host name (service names, hostnames, aliases) of one compose project, lower-cased. */
export function projectHosts(compose: readonly ComposeService[], project: string): string[] {
  const hosts = new Set<string>();
  for (const entry of compose) if (entry.project === project) for (const host of entry.hosts) hosts.add(host.toLowerCase());
  return [...hosts];
}

/** An entry as one file writes it: its build is finished (default context and Dockerfile) once every file of the project is merged. */
interface RawEntry extends ComposeService {
  build?: { context?: string; dockerfile?: string; elsewhere?: boolean };
  buildArgs: Record<string, string>;
  command: string[];
  mounts: string[];
  envLocations: Record<string, Location>;
}

/** `REDIS_HOST: ${REDIS_HOST}` or `$REDIS_HOST`: the project's variable of the same name, with no default. */
function passesThrough(key: string, value: string): boolean {
  const trimmed = value.trim();
  return trimmed === `\${${key}}` || trimmed === `$${key}`;
}

/** What interpolate leaves of a variable nothing sets. */
const UNSET_VARIABLE = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

type ComposeDoc = { services?: Record<string, Record<string, unknown>> };

/**
 * The folder each compose project's relative paths start from when it is not the compose files' own: files kept in
 * `docker/` and run from the folder above (`docker compose -f docker/docker-compose.yml --project-directory . up`)
 * build `./services/orders`, which exists only from there. Taken when no build context of the folder's compose files
 * holds its Dockerfile beside them and an enclosing folder holds the most of them (the nearest on a tie); or, where the
 * folder's files disagree, for each file none of whose builds is beside it (one variant written to run from the top
 * while another builds `../..`). Said in a diagnostic, as the command that runs them is outside what arch-lint reads.
 * Keyed by folder (every file of it) or by file.
 */
function projectDirectoriesOf(docs: ReadonlyMap<string, ComposeDoc | undefined>, fileSet: FileSet, diagnostics: Diagnostic[]): Map<string, string> {
  const builds = new Map<string, { dir: string; paths: string[] }>();
  for (const [rel, doc] of docs) {
    const dir = posix.dirname(rel) === "." ? "" : posix.dirname(rel);
    for (const raw of Object.values(doc && typeof doc === "object" && doc.services && typeof doc.services === "object" ? doc.services : {})) {
      const build = raw && typeof raw === "object" ? raw.build : undefined;
      const spec = build && typeof build === "object" ? (build as Record<string, unknown>) : {};
      const context = typeof build === "string" ? build : spec.context;
      // Only plain relative paths: an interpolated, absolute or remote context says nothing about where compose runs.
      if (typeof context !== "string" || !/^\.{0,2}\/?[\w.-]/.test(context) || context.includes("$") || context.startsWith("/") || context.includes("://")) continue;
      const dockerfile = typeof spec.dockerfile === "string" && !spec.dockerfile.includes("$") ? spec.dockerfile : "Dockerfile";
      const file = builds.get(rel) ?? { dir, paths: [] };
      file.paths.push(posix.join(context, dockerfile));
      builds.set(rel, file);
    }
  }
  const found = (paths: readonly string[], base: string): number => paths.filter((path) => fileSet.has(posix.normalize(posix.join(base || ".", path)))).length;
  /** The enclosing folder that holds the most of these builds' Dockerfiles, if any. */
  const enclosing = (dir: string, paths: readonly string[]): { base: string; count: number } | undefined => {
    let best: { base: string; count: number } | undefined;
    for (let base = dir; base !== ""; ) {
      base = posix.dirname(base) === "." ? "" : posix.dirname(base);
      const count = found(paths, base);
      if (count > (best?.count ?? 0)) best = { base, count };
    }
    return best;
  };
  const result = new Map<string, string>();
  const say = (file: string, what: string, paths: readonly string[], best: { base: string; count: number }) =>
    diagnostics.push({
      kind: "not-understood",
      file,
      line: 1,
      message: `${what} build folders that are not beside them but are under ${best.base || "the repository's top"} (${best.count} of ${paths.length} builds): read as run with \`docker compose --project-directory ${best.base || "."}\`, so their build contexts, env files and bind mounts are taken from there`,
    });
  const byDir = new Map<string, string[]>();
  for (const [rel, { dir }] of builds) byDir.set(dir, [...(byDir.get(dir) ?? []), rel]);
  for (const [dir, files] of byDir) {
    const paths = files.flatMap((rel) => builds.get(rel)!.paths);
    if (found(paths, dir) === 0) {
      const best = enclosing(dir, paths);
      if (!best) continue;
      result.set(dir, best.base);
      say(files[0]!, `the compose files in ${dir}`, paths, best);
      continue;
    }
    for (const rel of files) {
      const own = builds.get(rel)!.paths;
      if (found(own, dir) > 0) continue;
      const best = enclosing(dir, own);
      if (!best || best.count < own.length) continue;
      result.set(rel, best.base);
      say(rel, rel, own, best);
    }
  }
  return result;
}

/** `base`: the folder its relative paths start from, when not its own (projectDirectoriesOf). */
function readCompose(rel: string, doc: ComposeDoc | undefined, base: string | undefined, read: ReadText, fileSet: FileSet, canonical: (rel: string) => string | undefined, diagnostics: Diagnostic[], asOnDisk: (folder: string) => string = (folder) => folder): RawEntry[] {
  const text = read(rel);
  if (!doc || typeof doc !== "object" || !doc.services || typeof doc.services !== "object") return [];
  const dir = posix.dirname(rel) === "." ? "" : posix.dirname(rel);
  const from = base ?? dir;
  const dotenvPath = posix.join(dir, ".env");
  // Without the project's .env (kept out of git), an example file beside the compose file is the last resort for its variables.
  const example = fileSet.has(dotenvPath) ? undefined : exampleEnvFile(dir, (rel) => fileSet.has(rel));
  const vars = fileSet.has(dotenvPath) ? parseDotenv(read(dotenvPath) ?? "", {}) : exampleValues(parseDotenv((example ? read(example) : undefined) ?? "", {}));
  const lines = (text ?? "").split(/\r?\n/);
  const result: RawEntry[] = [];
  for (const [name, own] of Object.entries(doc.services)) {
    if (!own || typeof own !== "object") continue;
    const raw = extended(own, doc.services, rel, read, diagnostics);
    // One pattern per service, not one per line tried (a 50-service compose file made that 20,000 compilations).
    const key = new RegExp(`^\\s+${escapeRegExp(name)}\\s*:`);
    const line = Math.max(1, lines.findIndex((l) => key.test(l)) + 1);
    const entry: RawEntry = { name, file: rel, line, env: {}, envSources: {}, hosts: [name], ports: [], project: dir, buildArgs: {}, command: [], mounts: [], envLocations: {} };
    const base = extendedInFile(own);
    if (base !== undefined && base !== name && base in doc.services) entry.extendsFrom = base;
    const build = raw.build;
    const buildSpec = build && typeof build === "object" ? (build as Record<string, unknown>) : {};
    const context = typeof build === "string" ? build : typeof buildSpec.context === "string" ? buildSpec.context : undefined;
    if (build && (typeof build === "string" || typeof build === "object")) entry.build = {};
    if (entry.build && typeof context === "string") {
      const dockerfileName = typeof buildSpec.dockerfile === "string" ? interpolate(buildSpec.dockerfile, vars) : "Dockerfile";
      const written = fromWorkingDirectory(context, dir, vars, (folder) => fileSet.has(posix.join(folder, dockerfileName)));
      const absolute = posix.isAbsolute(interpolate(written, vars));
      // `context: /docker/kong` is a folder of the machine compose runs on, wherever the repository is: none of the scan.
      const resolved = absolute ? ".." : posix.normalize(posix.join(written === context ? from : dir, interpolate(written, vars)));
      if (absolute) diagnostics.push({ kind: "not-understood", file: rel, line, message: `services.${name}.build context "${context}" is an absolute path of the machine compose runs on, not a folder of this repository (write it relative to ${rel}, such as ".${interpolate(written, vars)}", if that is what it means); not counted as a service built from this repository` });
      // A context through a symlink is the folder the link points to, and none when that is out of the scan.
      const folder = resolved.startsWith("..") || /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith("git@") ? undefined : canonical(repoFolder(resolved));
      if (folder !== undefined) entry.build.context = folder;
      else {
        entry.build.elsewhere = true;
        if (!resolved.startsWith("..") && !/^[a-z][a-z0-9+.-]*:\/\//i.test(context)) {
          diagnostics.push({ kind: "symlink-outside", file: rel, line, message: `services.${name}.build context "${context}" goes through a symlink out of the scanned folders; not counted as a service built from this repository` });
        }
      }
    }
    if (entry.build && typeof buildSpec.dockerfile === "string") entry.build.dockerfile = interpolate(buildSpec.dockerfile, vars);
    if (entry.build && typeof buildSpec.dockerfile_inline === "string") entry.dockerfileInline = buildSpec.dockerfile_inline;
    for (const [key, value] of Object.entries(composeEnvironment(buildSpec.args))) entry.buildArgs[key] = interpolate(value, vars);
    if (typeof buildSpec.target === "string") entry.target = buildSpec.target;
    for (const field of [raw.entrypoint, raw.command]) {
      if (typeof field === "string") entry.command.push(...commandWords(interpolate(field, vars)));
      else if (Array.isArray(field)) entry.command.push(...field.filter((w): w is string => typeof w === "string").flatMap((w) => commandWords(interpolate(w, vars))));
    }
    // The words lose the shell's `&&` (commandWords): a command that migrates and then starts the app is the service. So
    // is a list of whole command lines (`command: ["yarn sequelize db:migrate", "yarn start"]`), each meant to run in turn.
    const commandLines = (field: unknown) => (Array.isArray(field) ? field.filter((w) => typeof w === "string" && /\S\s+\S/.test(w)).length : 0);
    const chained = [raw.entrypoint, raw.command].flat().some((field) => typeof field === "string" && /&&|\|\||;/.test(field)) || commandLines(raw.command) >= 2;
    if (idles(entry.command) || (!chained && (onlyMigrates(entry.command) || onlyBuilds(entry.command) || onlyTests(entry.command))) || scaledToZero(raw)) entry.job = true;
    entry.mounts = bindMounts(raw.volumes, from, vars, canonical).map(asOnDisk);
    if (typeof raw.image === "string") entry.image = raw.image;
    const waitsFor = Array.isArray(raw.depends_on) ? raw.depends_on.filter((d): d is string => typeof d === "string") : raw.depends_on && typeof raw.depends_on === "object" ? Object.keys(raw.depends_on) : [];
    if (waitsFor.length) entry.dependsOn = waitsFor;
    if (Array.isArray(raw.profiles)) {
      const profiles = raw.profiles.filter((p): p is string => typeof p === "string");
      if (profiles.length) entry.profiles = profiles;
    }
    const envFiles = typeof raw.env_file === "string" ? [raw.env_file] : Array.isArray(raw.env_file) ? raw.env_file : [];
    for (const item of envFiles) {
      const path = typeof item === "string" ? item : item && typeof item === "object" ? (item as { path?: unknown }).path : undefined;
      if (typeof path !== "string") continue;
      const envRel = posix.normalize(posix.join(from, path));
      // Read by path, whatever its name (`setting.conf`): compose says it is an env file.
      const envText = read(envRel);
      if (envText === undefined) {
        if (!fileSet.has(envRel)) (entry.missingEnvFiles ??= []).push(envRel);
        continue;
      }
      const envFileLines = dotenvLines(envText);
      for (const [key, value] of Object.entries(parseDotenv(envText, vars))) {
        entry.env[key] = value;
        entry.envSources[key] = envRel;
        entry.envLocations[key] = { file: envRel, line: envFileLines[key] ?? 1, column: 1 };
      }
    }
    const environment = composeEnvironment(raw.environment);
    const environmentLine = Object.keys(environment).length ? blockLines(lines, line, "environment") : undefined;
    for (const [key, value] of Object.entries(environment)) {
      const interpolated = interpolate(value, vars);
      // `${REDIS_HOST}` that no committed file sets: compose starts the container with an empty value, so the variable is as good
      // as unset (a default in the code applies), never the text `${REDIS_HOST}` as a host.
      if (UNSET_VARIABLE.test(interpolated)) {
        if (!fileSet.has(dotenvPath) && passesThrough(key, value)) {
          entry.passedThrough ??= { file: dotenvPath, variables: [] };
          if (!entry.passedThrough.variables.includes(key)) entry.passedThrough.variables.push(key);
        }
        continue;
      }
      entry.env[key] = interpolated;
      const fromExample = example ? variablesIn(value).filter((variable) => variable in vars) : [];
      entry.envSources[key] = `${rel} (services.${name}.environment${fromExample.length ? `, ${fromExample.map((v) => `\${${v}}`).join(", ")} from ${example}, an example file` : ""})`;
      if (fromExample.length) (entry.exampleEnv ??= []).push(key);
      else if (entry.exampleEnv?.includes(key)) entry.exampleEnv = entry.exampleEnv.filter((k) => k !== key);
      const at = environmentLine?.(key);
      if (at) entry.envLocations[key] = { file: rel, line: at, column: 1 };
      else delete entry.envLocations[key];
    }
    for (const host of [raw.hostname, raw.container_name]) if (typeof host === "string") entry.hosts.push(host);
    if (Array.isArray(raw.links)) {
      for (const link of raw.links) {
        if (typeof link !== "string") continue;
        const [service, alias] = link.split(":");
        if (service && alias) (entry.links ??= {})[alias.toLowerCase()] = service;
      }
    }
    if (Array.isArray(raw.external_links)) {
      for (const link of raw.external_links) {
        if (typeof link !== "string") continue;
        const [container, alias] = link.split(":");
        if (container && alias) (entry.externalLinks ??= {})[alias.toLowerCase()] = container;
      }
    }
    const networks = raw.networks;
    if (networks && typeof networks === "object" && !Array.isArray(networks)) {
      for (const net of Object.values(networks as Record<string, unknown>)) {
        const aliases = net && typeof net === "object" ? (net as { aliases?: unknown }).aliases : undefined;
        if (Array.isArray(aliases)) for (const alias of aliases) if (typeof alias === "string") entry.hosts.push(alias);
      }
    }
    if (Array.isArray(raw.ports)) {
      // "18080:8080": other containers call 8080, the host (localhost) calls 18080.
      for (const port of raw.ports) {
        const texts =
          typeof port === "object" && port
            ? [String((port as { published?: unknown }).published ?? ""), String((port as { target?: unknown }).target ?? "")]
            : String(port).split("/")[0]!.split(":").slice(-2);
        for (const text of texts) {
          const n = Number(text);
          if (Number.isInteger(n) && n > 0 && !entry.ports.includes(n)) entry.ports.push(n);
        }
      }
    }
    result.push(entry);
  }
  // An entry others wait for to finish (`depends_on: { proto: { condition: service_completed_successfully } }`) is a one-shot job
  // (code generation, migrations, seeding) that exits before they start: no service.
  for (const own of Object.values(doc.services)) {
    const dependsOn = own && typeof own === "object" ? (own as { depends_on?: unknown }).depends_on : undefined;
    if (!dependsOn || typeof dependsOn !== "object" || Array.isArray(dependsOn)) continue;
    for (const [name, how] of Object.entries(dependsOn as Record<string, unknown>)) {
      if (how && typeof how === "object" && (how as { condition?: unknown }).condition === "service_completed_successfully") {
        const job = result.find((entry) => entry.name === name);
        if (job) job.job = true;
      }
    }
  }
  return result;
}

type RawService = Record<string, unknown>;

/** The entry of the same file an entry `extends` (`extends: base`, `extends: { service: base }` without a file). */
function extendedInFile(service: RawService): string | undefined {
  const spec = service.extends;
  if (typeof spec === "string") return spec;
  if (!spec || typeof spec !== "object") return undefined;
  const { service: base, file } = spec as { service?: unknown; file?: unknown };
  return typeof base === "string" && file === undefined ? base : undefined;
}

/**
 * A service with what it `extends` filled in (`extends: base` in the same file, `extends: { file, service }`
 * in another), as `docker compose` does: its own keys win, `environment` and `build` merge key by key, and the
 * base's relative paths (build context, env_file) stay relative to the base's file. Chains are followed a few levels.
 */
function extended(service: RawService, services: Record<string, RawService>, rel: string, read: ReadText, diagnostics: Diagnostic[], depth = 0): RawService {
  const spec = service.extends;
  if (spec === undefined || depth > 4) return service;
  const target = typeof spec === "string" ? { service: spec } : spec && typeof spec === "object" ? (spec as { service?: unknown; file?: unknown }) : {};
  if (typeof target.service !== "string") return service;
  let baseServices = services;
  let baseRel = rel;
  if (typeof target.file === "string") {
    baseRel = posix.normalize(posix.join(posix.dirname(rel), target.file));
    const doc = baseRel.startsWith("..") ? undefined : (safeYaml(read(baseRel), baseRel, diagnostics) as { services?: Record<string, RawService> } | undefined);
    if (!doc?.services || typeof doc.services !== "object") return service;
    baseServices = doc.services;
  }
  const found = baseServices[target.service];
  if (!found || typeof found !== "object" || found === service) return service;
  const base = rebase(extended(found, baseServices, baseRel, read, diagnostics, depth + 1), posix.dirname(baseRel), posix.dirname(rel));
  const merged: RawService = { ...base, ...service };
  delete merged.extends;
  const environment = { ...composeEnvironment(base.environment), ...composeEnvironment(service.environment) };
  if (Object.keys(environment).length) merged.environment = environment;
  const asBuild = (build: unknown) => (typeof build === "string" ? { context: build } : build && typeof build === "object" ? (build as RawService) : undefined);
  if (base.build !== undefined && service.build !== undefined) merged.build = { ...asBuild(base.build), ...asBuild(service.build) };
  return merged;
}

/** A base service's build context and env files, written relative to its own file, made relative to the extending file. */
function rebase(service: RawService, from: string, to: string): RawService {
  if (from === to) return service;
  const move = (path: string) => posix.relative(to, posix.join(from, path)) || ".";
  const out: RawService = { ...service };
  if (typeof service.build === "string") out.build = move(service.build);
  else if (service.build && typeof service.build === "object") {
    const build = service.build as RawService;
    out.build = { ...build, context: move(typeof build.context === "string" ? build.context : ".") };
  }
  if (typeof service.env_file === "string") out.env_file = move(service.env_file);
  else if (Array.isArray(service.env_file)) out.env_file = service.env_file.map((item) => (typeof item === "string" ? move(item) : item));
  return out;
}

/**
 * A folder as the repository spells it: a bind mount written in other letter case (`./services/Orders.Api` for
 * `services/orders.api`) works on the case-insensitive disks of Docker Desktop on macOS and Windows, where such
 * compose files are written. Only where the folder as written is absent and exactly one folder matches it.
 */
function folderCaseFinder(files: readonly FileEntry[]): (folder: string) => string {
  let folders: Set<string> | undefined;
  let byLower: Map<string, string | null> | undefined;
  return (folder) => {
    if (!folders || !byLower) {
      folders = new Set();
      byLower = new Map();
      for (const file of files) {
        for (let dir = posix.dirname(file.rel); dir !== "." && !folders.has(dir); dir = posix.dirname(dir)) {
          folders.add(dir);
          const lower = dir.toLowerCase();
          byLower.set(lower, byLower.has(lower) ? null : dir);
        }
      }
    }
    if (folder === "" || folders.has(folder)) return folder;
    return byLower.get(folder.toLowerCase()) ?? folder;
  };
}

/** Folders of the repository a service bind-mounts: `./orders:/app`, `{ type: bind, source: ./orders }`; named volumes are not folders. */
function bindMounts(volumes: unknown, dir: string, vars: Record<string, string>, canonical: (rel: string) => string | undefined): string[] {
  const folders: string[] = [];
  for (const volume of Array.isArray(volumes) ? volumes : []) {
    const source =
      typeof volume === "string" ? volume.split(":")[0] : volume && typeof volume === "object" && (volume as { type?: unknown }).type === "bind" ? (volume as { source?: unknown }).source : undefined;
    const written = typeof source === "string" ? fromWorkingDirectory(source, dir, vars, () => false) : undefined;
    if (typeof written !== "string" || !/^\.{1,2}(\/|$)/.test(written)) continue;
    const resolved = posix.normalize(posix.join(dir, interpolate(written, vars)));
    if (resolved.startsWith("..")) continue;
    const folder = canonical(repoFolder(resolved));
    if (folder !== undefined && !folders.includes(folder)) folders.push(folder);
  }
  return folders;
}

/**
 * Lines of one key's block under a service (`environment:` of the service whose name is on line `serviceLine`):
 * a lookup of the 1-based line that sets a variable there, by `KEY: value` or `- KEY=value`.
 */
function blockLines(lines: readonly string[], serviceLine: number, block: string): ((key: string) => number | undefined) | undefined {
  const indent = (text: string) => text.length - text.trimStart().length;
  const serviceIndent = indent(lines[serviceLine - 1] ?? "");
  let start = -1;
  let blockIndent = 0;
  for (let i = serviceLine; i < lines.length; i++) {
    const text = lines[i]!;
    if (!text.trim() || text.trimStart().startsWith("#")) continue;
    if (indent(text) <= serviceIndent) break;
    if (start < 0 && new RegExp(`^\\s*${block}\\s*:`).test(text)) {
      start = i;
      blockIndent = indent(text);
    } else if (start >= 0 && indent(text) <= blockIndent && !text.trimStart().startsWith("-")) break;
  }
  if (start < 0) return undefined;
  return (key) => {
    const pattern = new RegExp(`^\\s*(-\\s*)?["']?${escapeRegExp(key)}["']?\\s*([:=]|$)`);
    for (let i = start + 1; i < lines.length; i++) {
      const text = lines[i]!;
      if (text.trim() && !text.trimStart().startsWith("#") && indent(text) <= blockIndent && !text.trimStart().startsWith("-")) return undefined;
      if (pattern.test(text)) return i + 1;
    }
    return undefined;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
