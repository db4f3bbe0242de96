import { minimatch } from "minimatch";
import { posix } from "node:path";
import { BUILTIN_SERVER, entryImports, startsBuiltinServer } from "./entry-imports.js";
import type { Diagnostic } from "../types.js";
import { conflictSides } from "./conflict-markers.js";
import { makeRunCommands } from "./makefile.js";
import { shellCommands } from "./shell-script.js";
import type { FileEntry, FileSet, ReadText } from "./files.js";
import { readJsonObject } from "./projects.js";
import { safeYaml } from "./yaml.js";
import { isEcosystemFile, pm2AppFile, readPm2Apps, readProcfile } from "./pm2.js";
import { SOURCE_FILE, sourceFilesRunBy } from "./run-command.js";

/**
 * The repository's package.json files and its workspaces (npm, yarn, pnpm and
 * bun workspaces, lerna.json, rush.json): which packages exist, which are
 * workspace roots, which are their members, and what each package is: a
 * service, a library, an app arch-lint does not model, or shared tooling
 * (packageRole). Pure: file contents come through `read`.
 */

/** Dependencies that make a package a running service rather than a library. */
export const SERVER_DEPENDENCIES = [
  "express",
  "fastify",
  "koa",
  "@koa/router",
  "koa-router",
  "hono",
  "@hono/node-server",
  "@nestjs/core",
  "@hapi/hapi",
  "hapi",
  "routing-controllers",
  "restify",
  "kafkajs",
  "@platformatic/kafka",
  "amqplib",
  "amqp-connection-manager",
  "amqp-ts",
  "amqp-ts-async",
  "nats",
  "node-nats-streaming",
  "@nestjs/microservices",
  "@apollo/server",
  "apollo-server",
  "apollo-server-express",
  "graphql-yoga",
  "@grpc/grpc-js",
  // The native gRPC package grpc-js replaced (deprecated in 2021, still in many repositories): `new grpc.Server()`.
  "grpc",
  "socket.io",
  "moleculer",
  "@loopback/core",
  "@feathersjs/feathers",
  "polka",
  "micro",
  "@confluentinc/kafka-javascript",
  "node-rdkafka",
  // kafka-node's Consumer and ConsumerGroup, and sqs-consumer's poller: consumers that run as a process of their own.
  "kafka-node",
  "sqs-consumer",
  "@ssut/sqs-consumer",
  "bullmq",
  "bull",
  // API gateways that are servers of their own (a gateway package may depend on nothing else).
  "fast-gateway",
  "express-gateway",
  "restana",
  // A router dispatching Node's own server's requests (Istio Bookinfo's ratings service).
  "httpdispatcher",
  // Bun's web framework.
  "elysia",
  // AdonisJS 5 and 6 (its routes: extract/adonis.ts), and 4 (its routes not read: said by model/understood.ts).
  "@adonisjs/core",
  "@adonisjs/framework",
  // Message-pattern microservice toolkits: a Seneca service `listen`s for its patterns (over HTTP or TCP by default), a
  // cote Responder answers requests found by multicast; each runs as a process of its own (their messages are not read:
  // model/understood.ts says so).
  "seneca",
  "cote",
  // Static file servers run as a service of their own (an image or asset bucket beside the APIs).
  "static-server",
  "node-static",
  // Not a package: the marker of an entry file that starts a server of Node's own (entry-imports.ts).
  BUILTIN_SERVER,
];

/** Scripts that start the package (`start`, `dev`, `serve`, `start:dev` …), when they run more than a build. */
const RUN_SCRIPT = /^(start|dev|serve|develop)(:|$)/;

/** Commands that only build or clean: a `dev` script of `tsc --watch` starts no server. */
const BUILD_COMMAND = /^(npx\s+|pnpm\s+(exec\s+)?|yarn\s+)?(tsc|tsup|rollup|babel|swc|esbuild|microbundle|unbuild|ncc|rimraf|del|del-cli|cpx|copyfiles|shx|echo|exit|vite\s+build|webpack(?!\s+(serve|dev-server))|(npm|pnpm|yarn)(\s+run)?\s+(build|clean|compile|copy)\S*)(\s|$)/;

/** Shared tool configs of a monorepo (`eslint-config-custom`, `@repo/typescript-config`, `tsconfig`): nothing a service imports at run time. */
/**
 * The name of a package the services share: `common`, `core`, `node-common`, `shared-lib`, `service-utils`. Not one
 * that only ends with `core` or `lib` (`payments-core` may well be the payments service).
 */
const SHARED_NAME = /^((node|js|ts)[-_.])?(common|commons|shared|core|lib|libs|utils?|helpers?)$|[-_.](common|commons|shared|utils?|helpers?)$|^(common|commons|shared)[-_.](lib|libs|utils?|code|modules?)$/i;

const TOOLING_NAME = /^(tsconfig|(eslint|prettier|stylelint|tailwind|jest|vitest|babel|typescript|ts|postcss|commitlint)-config)(-[\w.-]*)?$|^config-(eslint|typescript|tailwind|prettier|jest)$|-(eslint|prettier|tailwind|jest|vitest|babel|ts|typescript)-config$/;

/** The SERVER_DEPENDENCIES that are message clients, not servers of requests. */
const MESSAGE_CLIENTS = new Set(["kafkajs", "@platformatic/kafka", "amqplib", "amqp-connection-manager", "amqp-ts", "amqp-ts-async", "nats", "node-nats-streaming", "@confluentinc/kafka-javascript", "node-rdkafka", "kafka-node", "sqs-consumer", "@ssut/sqs-consumer", "bullmq", "bull"]);

/** What a browser front end depends on at run time (a shared UI library has these as peers, or is imported). */
const BROWSER_DEPENDENCIES = new Set(["react-dom", "react-scripts", "next", "vue", "nuxt", "@angular/core", "svelte", "@sveltejs/kit", "solid-js", "preact", "gatsby", "@remix-run/react", "expo", "react-native", "parcel", "parcel-bundler", "vite"]);


/** package.json fields that describe something to import rather than to run. */
const LIBRARY_FIELDS = ["types", "typings", "exports", "module", "files", "publishConfig"];

/** Folders and package names of tools, mocks, tests and examples: a server of Node's own there is no service. */
const TOOL_FOLDER = /^(scripts?|tools?|tooling|dev-?tools|tests?|__tests__|specs?|e2e|mocks?|__mocks__|fixtures?|examples?|samples?|demos?|docs?)$/i;
const TOOL_NAME = /(^|[-_.])(tools?|tooling|mock|mocks|fake|stub|test|tests|e2e|example|demo|docs?|dev-?server)([-_.]|$)/i;

/** Files that count as a server entry when package.json names none. */
const ENTRY_CANDIDATES = ["src/server.ts", "src/main.ts", "src/index.ts", "src/app.ts", "server.js", "index.js", "main.js", "src/server.js", "src/index.js", "app.js", "index.ts", "server.ts", "main.ts"];

export interface PackageInfo {
  dir: string;
  file: string;
  name?: string;
  /** Every dependency: dependencies, devDependencies, peerDependencies, optionalDependencies. */
  deps: string[];
  /** What it needs at run time: dependencies and optionalDependencies. */
  runtimeDeps: string[];
  /** Which of LIBRARY_FIELDS it sets. */
  libraryFields: string[];
  scripts: Record<string, string>;
  main?: string;
  /** It installs a command (`bin`): a CLI, run by hand. */
  bin?: true;
  workspaces: string[];
  /** What the run targets of a Makefile beside it execute (`make dev`), for a package no script starts. */
  makeStarts?: string[];
  /** The commands of start scripts beside it (`startAll.sh`: `pm2 start api.js`, `node orders.js &`), one per line. */
  shellStarts?: string[];
  /** The files of it that a pm2 ecosystem file's apps or a Procfile's processes run (`node server/gateway.js`), one command each (discover/pm2.ts). */
  pm2Starts?: string[];
  /** It declares no dependency: `deps` are what this entry file loads (entry-imports.ts). */
  depsFromEntry?: string;
}

/** A call that starts listening: `app.listen(port)`, `server.listen(PORT, cb)`. */
const LISTENS = /\.listen\s*\(/;

export interface Workspaces {
  /** Workspace root folder → its member patterns. */
  roots: Map<string, string[]>;
  /** Folders of the packages that some workspace root lists. */
  members: Set<string>;
  /** Workspace package name → folder. */
  packages: Record<string, string>;
}

/** Shell scripts that start the package's programs (`start.sh`, `startAll.sh`, `run-services.sh`), not build or test them. */
const START_SCRIPT = /^(start|run|launch|up|serve)([-_.]?[\w-]*)?\.sh$/i;

export function readPackages(files: readonly FileEntry[], read: ReadText, diagnostics: Diagnostic[]): PackageInfo[] {
  const packages: PackageInfo[] = [];
  const makefiles = new Map(files.filter((file) => file.kind === "makefile").map((file) => [folderOf(file.rel), file.rel]));
  const startScripts = new Map<string, string[]>();
  for (const file of files) {
    if (file.kind !== "shell" || !START_SCRIPT.test(posix.basename(file.rel))) continue;
    startScripts.set(folderOf(file.rel), [...(startScripts.get(folderOf(file.rel)) ?? []), file.rel]);
  }
  let sources: Set<string> | undefined;
  // Its `main` (or the source a built `main` comes from), else a usual entry name: the files hasEntry looks for.
  const entryFileOf = (info: PackageInfo): string | undefined => {
    sources ??= new Set(files.filter((f) => f.kind === "source").map((f) => f.rel));
    return [...(info.main ? sourcesOf(info.main) : []), ...ENTRY_CANDIDATES].map((path) => (info.dir ? `${info.dir}/${path}` : path)).find((rel) => sources!.has(rel));
  };
  for (const file of files) {
    if (file.kind !== "package") continue;
    const info = readPackage(file.rel, read, diagnostics);
    if (!info) continue;
    const makefile = makefiles.get(info.dir);
    const starts = makefile !== undefined ? makeRunCommands(read(makefile) ?? "") : [];
    if (starts.length) info.makeStarts = starts;
    const shellStarts = (startScripts.get(info.dir) ?? []).flatMap((script) => shellCommands(read(script) ?? ""));
    if (shellStarts.length) info.shellStarts = shellStarts;
    packages.push(info);
  }
  attachPm2Apps(files, packages, read, diagnostics);
  // A manifest that declares nothing, with none above it that does (a monorepo's top declares what its apps use): what
  // its entry file loads says what it runs.
  const declaring = packages.filter((pkg) => pkg.deps.length);
  for (const info of packages) {
    if (info.deps.length || declaring.some((pkg) => pkg.dir === "" || info.dir.startsWith(`${pkg.dir}/`))) continue;
    const entry = entryFileOf(info);
    const loaded = entry ? entryImports(read(entry) ?? "") : [];
    if (!loaded.length) continue;
    info.deps = loaded;
    info.runtimeDeps = loaded;
    info.depsFromEntry = entry;
  }
  // A manifest that declares other packages but no server, whose start script runs and whose entry loads a server (a
  // NestJS app whose `@nestjs/core` came through a workspace package of the monorepo it was copied out of, absent here):
  // the server its entry loads is one it runs. Not when a package above declares that server (a monorepo's top).
  // Or whose `main` itself listens with no start script (a workspace member run as `node server.js`, its express hoisted
  // from a sibling's install): a library's entry exports, it does not listen.
  const isServerDep = (dep: string) => SERVER_DEPENDENCIES.includes(dep);
  for (const info of packages) {
    if (info.depsFromEntry || !info.deps.length || info.deps.some((dep) => isServerDep(dep) || BROWSER_DEPENDENCIES.has(dep))) continue;
    const entry = entryFileOf(info);
    const text = entry ? (read(entry) ?? "") : "";
    if (!runScript(info) && !(info.main !== undefined && LISTENS.test(text))) continue;
    const loaded = entry ? entryImports(text).filter(isServerDep) : [];
    if (!loaded.length || packages.some((pkg) => pkg !== info && (pkg.dir === "" || info.dir.startsWith(`${pkg.dir}/`)) && pkg.deps.some((dep) => loaded.includes(dep)))) continue;
    info.deps = [...info.deps, ...loaded];
    info.runtimeDeps = [...info.runtimeDeps, ...loaded];
  }
  // A package that depends on no server arch-lint knows, whose entry makes a server of Node's own and listens; not a
  // tool, mock or example (`tools/server.js` serving a developer's page), which is what such a package often is.
  for (const info of packages) {
    if (info.deps.some((dep) => SERVER_DEPENDENCIES.includes(dep) || BROWSER_DEPENDENCIES.has(dep))) continue;
    // (The repository's top named as an example is the example: the whole repository, not a tool beside services.)
    if (info.dir.split("/").some((folder) => TOOL_FOLDER.test(folder)) || (info.dir !== "" && TOOL_NAME.test(unscoped(info.name) ?? ""))) continue;
    const entry = entryFileOf(info);
    // Or the file a start script runs, with no extension of a source file (express-generator's `node ./bin/www`).
    const started = runScriptFiles(info).map((path) => posix.normalize(info.dir ? `${info.dir}/${path}` : path));
    if (![entry, ...started].some((rel) => rel !== undefined && startsBuiltinServer(read(rel) ?? ""))) continue;
    info.deps = [...info.deps, BUILTIN_SERVER];
    info.runtimeDeps = [...info.runtimeDeps, BUILTIN_SERVER];
  }
  return packages;
}

/**
 * pm2's ecosystem files and Procfiles: each app or process that runs a file of the repository (`script: "./server/todo.js"`, or `index.js` in `cwd:
 * "./fetch-service"`) is a process of the package holding that file, the nearest package.json above it.
 */
function attachPm2Apps(files: readonly FileEntry[], packages: PackageInfo[], read: ReadText, diagnostics: Diagnostic[]): void {
  const ecosystems = files.filter((file) => file.kind === "procfile" || ((file.kind === "source" || file.kind === "yaml") && isEcosystemFile(file.rel)));
  if (!ecosystems.length) return;
  const sources = new Set(files.filter((f) => f.kind === "source").map((f) => f.rel));
  for (const ecosystem of ecosystems) {
    const text = read(ecosystem.rel) ?? "";
    for (const app of ecosystem.kind === "procfile" ? readProcfile(ecosystem.rel, text) : readPm2Apps(ecosystem.rel, text, diagnostics)) {
      const path = pm2AppFile(app);
      if (path === undefined) continue;
      const owner = packages.filter((pkg) => pkg.dir === "" || path.startsWith(`${pkg.dir}/`)).sort((a, b) => b.dir.length - a.dir.length)[0];
      if (!owner) continue;
      const rel = owner.dir ? path.slice(owner.dir.length + 1) : path;
      // The file itself, or the source a build output comes from (`dist/main.js` ← `src/main.ts`).
      if (!sourcesOf(rel).some((candidate) => sources.has(owner.dir ? `${owner.dir}/${candidate}` : candidate))) continue;
      const command = `node ${rel}`;
      if (!owner.pm2Starts?.includes(command)) owner.pm2Starts = [...(owner.pm2Starts ?? []), command];
    }
  }
}

/** Workspace roots (package.json `workspaces`, pnpm-workspace.yaml) and the packages they list. */
export function readWorkspaces(files: readonly FileEntry[], packages: readonly PackageInfo[], read: ReadText, diagnostics: Diagnostic[]): Workspaces {
  const roots = new Map<string, string[]>();
  for (const pkg of packages) if (pkg.workspaces.length) roots.set(pkg.dir, pkg.workspaces);
  for (const file of files) {
    if (file.kind !== "pnpm-workspace") continue;
    const parsed = safeYaml(read(file.rel), file.rel, diagnostics) as { packages?: unknown } | undefined;
    if (parsed && Array.isArray(parsed.packages)) roots.set(folderOf(file.rel), parsed.packages.filter((p): p is string => typeof p === "string"));
  }
  for (const file of files) {
    if (file.kind !== "monorepo") continue;
    const base = file.rel.split("/").pop();
    if (base !== "lerna.json" && base !== "rush.json") continue;
    const config = readJsonObject(file.rel, read, diagnostics);
    if (!config) continue;
    const dir = folderOf(file.rel);
    // Lerna reads `packages` when set, else the package manager's workspaces, else packages/*; Rush lists each project's folder.
    const patterns = base === "rush.json" ? rushFolders(config) : (stringsOf(config.packages) ?? (roots.has(dir) ? undefined : ["packages/*"]));
    if (patterns) roots.set(dir, [...new Set([...(roots.get(dir) ?? []), ...patterns])]);
  }
  const members = new Set<string>();
  for (const [root, patterns] of roots) {
    const positive = patterns.filter((p) => !p.startsWith("!")).map(stripSlash);
    const negative = patterns.filter((p) => p.startsWith("!")).map((p) => stripSlash(p.slice(1)));
    for (const pkg of packages) {
      if (pkg.dir === root) continue;
      const local = root ? relativeTo(root, pkg.dir) : pkg.dir;
      if (local === undefined) continue;
      if (positive.some((p) => minimatch(local, p)) && !negative.some((p) => minimatch(local, p))) members.add(pkg.dir);
    }
  }
  const byName: Record<string, string> = {};
  for (const pkg of packages) if (members.has(pkg.dir) && pkg.name) byName[pkg.name] = pkg.dir;
  return { roots, members, packages: byName };
}

/**
 * What a package is:
 * - "service": it runs a server or a consumer: a server dependency and a script that starts it, or,
 *   with no start script (a Dockerfile starts it), an entry file, as long as nothing says it is imported;
 *   a package of the repository that itself depends on a server at run time (a shared `createApp()`
 *   package that listens) counts as a server dependency of the packages that depend on it;
 * - "library": it starts nothing and is imported, or could be: a server dependency then only lends
 *   types or middleware (a shared `common` package with express and a `main`, used by the services by name);
 * - "app": it starts something that is no server arch-lint knows (a frontend, a CLI with a `bin`,
 *   scratch scripts run with `ts-node src/publisher.ts`), or is a browser front end (react-dom, vue,
 *   parcel …), and nothing imports it;
 * - "tooling": a shared lint, TypeScript or CSS config, or a package without a single source file.
 * `importers` is how many other packages of the repository depend on it by name; `hasSources`
 * tells whether its folder holds a source file (asked only when it matters).
 */
export type PackageRole = "service" | "library" | "app" | "tooling";

export function packageRole(pkg: PackageInfo, fileSet: FileSet, importers: number, hasSources: () => boolean, serverPackages: ReadonlySet<string> = new Set()): PackageRole {
  const run = runScript(pkg) ?? (makeRunsOwnFile(pkg, fileSet) ? "make" : undefined);
  if (run && servesBuiltPages(pkg, fileSet)) return "app";
  const isServer = (dep: string) => SERVER_DEPENDENCIES.includes(dep) || serverPackages.has(dep);
  const serverAtRunTime = pkg.runtimeDeps.some(isServer);
  const serverAnywhere = pkg.deps.some(isServer);
  // A browser app whose server is only a devDependency (webpack's old `build/dev-server.js` on express) serves its pages in development: a front end.
  const browserAtRunTime = pkg.runtimeDeps.some((dep) => BROWSER_DEPENDENCIES.has(dep));
  // A package the others import whose start script runs no file of its own (`node dist/index.js` with no src/index.ts
  // beside its kafka.ts and auth.ts): a library with a leftover script.
  const startsNothingOfItsOwn = (importers > 0 && !hasOwnEntry(pkg, fileSet)) || leftoverStartScripts(pkg, fileSet);
  // A browser app started by its framework (`next dev`, `vite`) whose only "servers" are message clients (nats beside
  // nats.ws, kafkajs for a route handler) serves pages; a script that runs a file of its own may run a consumer.
  const onlyMessaging = browserAtRunTime && pkg.runtimeDeps.filter(isServer).every((dep) => MESSAGE_CLIENTS.has(dep)) && !Object.values(pkg.scripts).some((command) => typeof command === "string" && runsAFile(command));
  // A package the repository publishes to a registry (`prepublishOnly`, `npm publish`) is made to be installed and
  // imported, whatever its start script runs (a helpers package that can start its own demo): a library.
  if (publishesItself(pkg) && hasSources()) return "library";
  // A package pm2 keeps running (an app of an ecosystem file, or a Procfile's process, runs a file of its own): a process that runs, whatever its
  // dependencies (a queue worker on aws-sdk, a stream reader) and whatever else it builds (a React app's own servers).
  if (pkg.pm2Starts?.length) return "service";
  // A browser app whose start script runs its bundler's dev server (`vite`, `react-scripts start`) serves pages, whatever
  // server library its package.json also lists (socket.io beside socket.io-client in a Vue app): its code is built for a browser.
  if (run && browserAtRunTime && startsOnlyPages(pkg.scripts[run] ?? "") && !Object.values(pkg.scripts).some((command) => typeof command === "string" && runsAFile(command))) return "app";
  if (run && serverAnywhere && (serverAtRunTime || !browserAtRunTime) && !startsNothingOfItsOwn && !onlyMessaging) return "service";
  if (run && !startsNothingOfItsOwn) return "app";
  const imported = importers > 0 || pkg.libraryFields.length > 0;
  // A package with nothing to start it, named as what the others share (`node-common`, `@acme/shared`): a library, even
  // when the services reach it by a path the scan cannot follow (`require(\`${__dirname}/../../common/src/${name}\`)`).
  if (serverAtRunTime && !imported && !run && SHARED_NAME.test(unscoped(pkg.name) ?? posix.basename(pkg.dir)) && hasSources()) return "library";
  if (serverAtRunTime && !imported && hasEntry(pkg, fileSet)) return "service";
  if (TOOLING_NAME.test(unscoped(pkg.name) ?? "") || !hasSources()) return "tooling";
  if (!imported && Object.values(pkg.scripts).some((command) => typeof command === "string" && runsAFile(command))) return "app";
  if (!imported && browserAtRunTime) return "app";
  if (!imported && pkg.bin) return "app";
  return "library";
}

/** A script that publishes the package to a registry: npm's `prepublishOnly` hook (not `prepublish`, which old packages ran as a build on install), or a publish command. */
function publishesItself(pkg: Pick<PackageInfo, "scripts">): boolean {
  return Object.entries(pkg.scripts).some(([name, command]) => name === "prepublishOnly" || (typeof command === "string" && /(^|[\s;&|])(npm|yarn|pnpm)\s+publish\b/.test(command)));
}

/** Commands that run a program of each language a package.json may wrap (a Turborepo's Python API, a Go worker). */
const LANGUAGE_RUNNERS: Record<string, RegExp> = {
  python: /(^|[\s\\/])(python3?|py|uvicorn|gunicorn|hypercorn|flask|fastapi|poetry\s+run|pipenv\s+run|uv\s+run)(\.exe)?(\s|$)/,
  go: /(^|\s)(go\s+run|air)(\s|$)/,
  java: /(^|[\s/])(java|mvn|mvnw|gradle|gradlew)(\s|$)/,
  php: /(^|\s)php(\s|$)/,
  ruby: /(^|\s)(ruby|rails|bundle\s+exec)(\s|$)/,
  rust: /(^|\s)cargo\s+run(\s|$)/,
  elixir: /(^|\s)(mix|iex)(\s|$)/,
};

/**
 * The language of the program a package.json only wraps: its folder holds that language's build file (requirements.txt,
 * go.mod …) and a script that starts it runs that language (`python -m app.main`, `uvicorn main:app`, `go run .`).
 */
export function wrappedLanguage(pkg: Pick<PackageInfo, "dir" | "scripts">, otherLanguage: (folder: string) => string | undefined): string | undefined {
  const language = otherLanguage(pkg.dir);
  const runner = language !== undefined ? LANGUAGE_RUNNERS[language] : undefined;
  if (!runner) return undefined;
  const runs = Object.entries(pkg.scripts).some(([name, command]) => RUN_SCRIPT.test(name) && typeof command === "string" && command.split(/&&|\|\||;|\|/).some((step) => runner.test(step.trim())));
  return runs ? language : undefined;
}

/** The command of the first script that starts the package by running a file of it (`node src/index.js`, `ts-node src/main.ts`). */
export function startCommand(pkg: Pick<PackageInfo, "scripts">): string | undefined {
  const name = runScript(pkg);
  const command = name === undefined ? undefined : pkg.scripts[name];
  return command !== undefined && runsAFile(command) ? command : undefined;
}

/** Dev servers of a browser app's bundler: what they serve is the app's pages (not Next.js, Nuxt or Remix, which run server code). */
const PAGE_DEV_SERVER = /^(npx\s+)?(vite|vue-cli-service\s+serve|react-scripts\s+start|craco\s+start|react-app-rewired\s+start|ng\s+serve|webpack\s+serve|webpack-dev-server|parcel|snowpack\s+dev)(\s|$)/;

/** Whether every command a deployment starts it with (its Dockerfile's CMD, its compose command) only runs a bundler's dev server. */
export function startsOnlyPageServers(service: { starts?: readonly { command: string }[] }): boolean {
  return service.starts !== undefined && service.starts.length > 0 && service.starts.every((start) => startsOnlyPages(start.command));
}

/** Whether every step of a start script only builds or runs a bundler's dev server. */
function startsOnlyPages(command: string): boolean {
  const steps = scriptSteps(command);
  return steps.length > 0 && steps.every((step) => PAGE_DEV_SERVER.test(step) || BUILD_COMMAND.test(step)) && steps.some((step) => PAGE_DEV_SERVER.test(step));
}

/** Whether a script of the package starts it (not only builds it). */
export function startsSomething(scripts: Readonly<Record<string, string>> | undefined): boolean {
  return scripts !== undefined && runScript({ scripts }) !== undefined;
}

/** The first script that starts the package, unless all it does is build. */
function runScript(pkg: { scripts: Readonly<Record<string, string>> }): string | undefined {
  for (const [name, command] of Object.entries(pkg.scripts)) {
    if (!RUN_SCRIPT.test(name) || typeof command !== "string") continue;
    if (scriptSteps(command).some((step) => !BUILD_COMMAND.test(step))) return name;
  }
  return undefined;
}

/** The commands a script runs one after another, without the env assignments before each (`NODE_ENV=dev nodemon x`). */
function scriptSteps(command: string): string[] {
  return command.split(/&&|\|\||;|\|/).map((step) => step.trim().replace(/^([A-Z_][A-Z0-9_]*=\S*\s+)+/, "")).filter(Boolean);
}

/** Whether a run target of its Makefile starts a source file of its own folder (`npx nodemon … -- src/app/boot.ts`). */
function makeRunsOwnFile(pkg: PackageInfo, fileSet: FileSet): boolean {
  return (pkg.makeStarts ?? []).some((command) => sourceFilesRunBy(command).some((file) => /^[\w.@-][\w./@-]*$/.test(file) && fileSet.has(posix.join(pkg.dir, file))));
}

/** Whether a script runs a source file with node, ts-node, tsx …, whatever options come between. */
function runsAFile(command: string): boolean {
  return sourceFilesRunBy(command).length > 0;
}

/** A front end that runs in the browser: it depends on react-dom, Vue, Angular, Next.js, Parcel, Vite … and starts no server arch-lint knows, or its server only serves the pages its build bundles. */
export function isBrowserFrontEnd(pkg: PackageInfo, role: PackageRole | undefined, fileSet?: FileSet): boolean {
  return role === "app" && (pkg.runtimeDeps.some((dep) => BROWSER_DEPENDENCIES.has(dep)) || (!!fileSet && servesBuiltPages(pkg, fileSet)));
}

/** UI frameworks a single-page app is built from (not the bundlers alone: a backend's vite.config.ts may only configure vitest). */
const UI_FRAMEWORKS = new Set(["react-dom", "vue", "@angular/core", "svelte", "solid-js", "preact"]);
/** The configs of the bundlers that build a single-page app from its UI framework (a scan lists no .html, so the page itself cannot tell). */
const PAGE_BUNDLER_CONFIGS = ["vite.config.ts", "vite.config.js", "vite.config.mjs", "vite.config.mts", "webpack.config.js", "webpack.config.ts", "vue.config.js"];

/**
 * A server that only hands out a single-page app's build (`express.static("dist")` for a Vue admin panel): its UI framework
 * is a devDependency the build bundles, its server a dependency at run time, and the package holds the bundler's config.
 * It serves pages, not the architecture's API: a front end, however it is deployed.
 */
function servesBuiltPages(pkg: PackageInfo, fileSet: FileSet): boolean {
  if (pkg.runtimeDeps.some((dep) => BROWSER_DEPENDENCIES.has(dep) || UI_FRAMEWORKS.has(dep)) || !pkg.deps.some((dep) => UI_FRAMEWORKS.has(dep))) return false;
  return PAGE_BUNDLER_CONFIGS.some((config) => fileSet.has(pkg.dir ? `${pkg.dir}/${config}` : config));
}

/**
 * The names of the repository's packages that lend a server: they depend on one at run time and start
 * nothing themselves. A package that starts itself is an app another only borrows from (a Next.js front
 * end importing the API package's types does not serve through it).
 */
export function serverPackageNames(packages: readonly PackageInfo[]): Set<string> {
  return new Set(packages.flatMap((pkg) => (pkg.name && !runScript(pkg) && pkg.runtimeDeps.some((dep) => SERVER_DEPENDENCIES.includes(dep)) ? [pkg.name] : [])));
}

/** How many other packages depend on each package name. */
export function importerCounts(packages: readonly PackageInfo[]): Map<string, number> {
  const names = new Set(packages.flatMap((pkg) => (pkg.name ? [pkg.name] : [])));
  const counts = new Map<string, number>();
  for (const pkg of packages) {
    for (const dep of pkg.deps) if (names.has(dep) && dep !== pkg.name) counts.set(dep, (counts.get(dep) ?? 0) + 1);
  }
  return counts;
}

/**
 * Whether the package has something to start: a `main`, or a usual entry file. `npm init` writes
 * `"main": "index.js"` into every package, so that one counts only when the file is there.
 */
function hasEntry(pkg: PackageInfo, fileSet: FileSet): boolean {
  const join = (p: string) => (pkg.dir ? `${pkg.dir}/${p}` : p);
  if (pkg.main && pkg.main.replace(/^\.\//, "") !== "index.js") return true;
  return [...(pkg.main ? ["index.js"] : []), ...ENTRY_CANDIDATES].some((candidate) => fileSet.has(join(candidate)));
}

/**
 * Whether the package starts a file of its own folder: its `main`, a usual entry file, or a file
 * its start script runs (`node dist/server.js` from `src/server.ts`). A root package whose start
 * script only starts the packages inside it (`concurrently "npm start --prefix auth" …`) has none.
 */
export function hasOwnEntry(pkg: Pick<PackageInfo, "dir" | "main" | "scripts">, fileSet: FileSet): boolean {
  const join = (p: string) => (pkg.dir ? `${pkg.dir}/${p}` : p);
  const named = [pkg.main, ...Object.entries(pkg.scripts).filter(([name]) => RUN_SCRIPT.test(name)).flatMap(([, command]) => (typeof command === "string" ? command.split(/\s+/) : []))];
  const paths = named.filter((word): word is string => !!word && /^[\w.@-][\w./@-]*$/.test(word) && (word.includes("/") || SOURCE_FILE.test(word)));
  return [...paths.flatMap(sourcesOf), ...ENTRY_CANDIDATES].some((candidate) => fileSet.has(join(candidate)));
}

/**
 * A package that ships type declarations (`types`, `typings`: made to be imported) and whose start scripts run no file
 * it holds (`nest start` and `node dist/main` with no src/main.ts, as the Nest CLI's template leaves them in a library
 * made from it): the scripts are leftovers, and the package is a library even when no package.json names it (its users
 * install the published copy).
 */
export function leftoverStartScripts(pkg: Pick<PackageInfo, "dir" | "main" | "scripts" | "libraryFields">, fileSet: FileSet): boolean {
  if (!pkg.libraryFields.some((field) => field === "types" || field === "typings")) return false;
  const commands = Object.entries(pkg.scripts).flatMap(([name, command]) => (RUN_SCRIPT.test(name) && typeof command === "string" ? [command] : []));
  // `node -r source-map-support/register .`: a module the runtime preloads is no file of the package, and `.` runs its `main`.
  const named = commands.flatMap((command) => {
    const words = command.split(/\s+/);
    return words.flatMap((word, i) => (/^(-r|--require|--import|--loader)$/.test(words[i - 1] ?? "") ? [] : word === "." || word === "./" ? [pkg.main ?? "index.js"] : [word]));
  }).filter((word) => /^[\w.@-][\w./@-]*$/.test(word) && (word.includes("/") || SOURCE_FILE.test(word)));
  // `nest start` runs the entry nest-cli.json names, src/main.ts unless it says otherwise.
  const candidates = [...named.flatMap(sourcesOf), ...(commands.some((command) => /(^|\s)nest\s+start\b/.test(command)) ? ["src/main.ts", "main.ts"] : [])];
  if (!candidates.length) return false;
  const join = (p: string) => (pkg.dir ? `${pkg.dir}/${p}` : p);
  // A server file where services keep theirs (`src/server.ts` beside the `app.ts` it starts): the scripts name a file
  // the package forgot to keep (`nodemon src/index.ts`), not one a library never had; a template's library holds none.
  if (SERVER_FILES.some((file) => fileSet.has(join(file)))) return false;
  return !candidates.some((candidate) => fileSet.has(join(candidate)));
}

/** Where a service keeps the file that starts its server, by the name it is usually given. */
const SERVER_FILES = ["src/server.ts", "src/server.js", "server.ts", "server.js"];

/** Paths with no source extension that the package's run scripts hand to node or a watcher (`node ./bin/www`). */
function runScriptFiles(pkg: Pick<PackageInfo, "scripts">): string[] {
  const out: string[] = [];
  for (const [name, command] of Object.entries(pkg.scripts)) {
    if (!RUN_SCRIPT.test(name) || typeof command !== "string") continue;
    for (const match of command.matchAll(/\b(?:node|nodemon|ts-node|ts-node-dev)\s+(?:-{1,2}\S+\s+(?:\.\/\S+\.js\s+)?)*(\.{0,2}\/?[\w.-]+(?:\/[\w.-]+)+)/g)) {
      if (!SOURCE_FILE.test(match[1]!)) out.push(match[1]!);
    }
  }
  return out;
}

/** The files a path to run may come from: itself, with a source extension, and from src/ for a build output (dist/main.js ← src/main.ts). */
function sourcesOf(path: string): string[] {
  const clean = path.replace(/^\.\//, "").replace(/\/+$/, "");
  const out = new Set<string>();
  for (const base of [clean, clean.replace(/^(dist|build|lib|out)\//, "src/"), clean.replace(/^(dist|build|lib|out)\//, "")]) {
    const stem = base.replace(/\.[cm]?[jt]sx?$/, "");
    for (const candidate of [base, `${stem}.ts`, `${stem}.js`, `${stem}.mjs`, `${stem}.cjs`, `${stem}/index.ts`, `${stem}/index.js`]) out.add(candidate);
  }
  return [...out];
}

/** `@acme/orders` → `orders`. */
export function unscoped(name: string | undefined): string | undefined {
  return name?.replace(/^@[^/]+\//, "");
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function readPackage(rel: string, read: ReadText, diagnostics: Diagnostic[]): PackageInfo | undefined {
  const text = read(rel);
  if (text === undefined) return undefined;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    // Committed mid-merge: read the side before `=======` (else the other), and say so.
    const sides = conflictSides(text);
    const side = sides && ([["the first", sides.ours], ["the second", sides.theirs]] as const).find(([, version]) => parsesAsJson(version));
    if (!sides || !side) {
      diagnostics.push({ kind: "config-file", file: rel, message: `package.json is not valid JSON: ${(error as Error).message}${sides ? " (it holds merge-conflict markers)" : ""}` });
      return undefined;
    }
    diagnostics.push({ kind: "config-file", file: rel, line: sides.line, message: `package.json holds merge-conflict markers (line ${sides.line}): read as ${side[0]} side of each conflict; resolve the conflict and commit the file` });
    json = JSON.parse(side[1]) as Record<string, unknown>;
  }
  if (!json || typeof json !== "object") return undefined;
  const namesIn = (keys: string[]): string[] => {
    const names = new Set<string>();
    for (const key of keys) {
      const block = json[key];
      if (block && typeof block === "object" && !Array.isArray(block)) for (const name of Object.keys(block)) names.add(name);
    }
    return [...names];
  };
  const ws = json.workspaces;
  const workspaces = Array.isArray(ws) ? ws : ws && typeof ws === "object" && Array.isArray((ws as { packages?: unknown }).packages) ? (ws as { packages: unknown[] }).packages : [];
  return {
    dir: folderOf(rel),
    file: rel,
    ...(typeof json.name === "string" ? { name: json.name } : {}),
    deps: namesIn(["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]),
    runtimeDeps: namesIn(["dependencies", "optionalDependencies"]),
    libraryFields: LIBRARY_FIELDS.filter((field) => json[field] !== undefined),
    scripts: json.scripts && typeof json.scripts === "object" && !Array.isArray(json.scripts) ? (json.scripts as Record<string, string>) : {},
    ...(typeof json.main === "string" ? { main: json.main } : {}),
    ...((typeof json.bin === "string" && json.bin) || (json.bin && typeof json.bin === "object" && Object.keys(json.bin).length) ? { bin: true as const } : {}),
    workspaces: workspaces.filter((p): p is string => typeof p === "string"),
  };
}

function stringsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : undefined;
}

function rushFolders(config: Record<string, unknown>): string[] {
  const projects = Array.isArray(config.projects) ? config.projects : [];
  return projects.flatMap((project) => {
    const folder = project && typeof project === "object" ? (project as { projectFolder?: unknown }).projectFolder : undefined;
    // A folder name, matched literally: escape what minimatch would read as a pattern.
    return typeof folder === "string" && folder.trim() ? [folder.replace(/[*?[\]{}()!+@]/g, "\\$&")] : [];
  });
}

/** `dir` relative to `root`, or undefined when it is not inside it. */
function relativeTo(root: string, dir: string): string | undefined {
  return dir.startsWith(`${root}/`) ? dir.slice(root.length + 1) : undefined;
}

function stripSlash(pattern: string): string {
  return pattern.replace(/^\.\//, "").replace(/\/+$/, "");
}

/** The folder of a file relative to the scan root, "" for the root itself. */
export function folderOf(rel: string): string {
  const slash = rel.lastIndexOf("/");
  return slash < 0 ? "" : rel.slice(0, slash);
}
