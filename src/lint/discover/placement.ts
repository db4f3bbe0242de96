import { posix } from "node:path";
import { commandWords, type DockerfileInfo, type DockerHint } from "./dockerfile.js";
import type { FileSet } from "./files.js";
import { folderLanguage, imageLanguage } from "./images.js";
import { installedProxy } from "./image-contents.js";
import { startsSomething as packageStarts } from "./packages.js";

/**
 * Which folder of the repository a build (a compose entry's, a Skaffold
 * artifact's) deploys. A build from a monorepo's root deploys one of its apps,
 * named by where its Dockerfile is, by what the Dockerfile or the compose
 * command builds and starts, or by the entry's name; only when nothing names
 * one does it deploy its context folder itself. Pure.
 */

export interface Build {
  /** Build context, relative to the scan root. */
  context: string;
  /** Dockerfile relative to the scan root, when the build has one. */
  dockerfile?: string;
  /** Compose `command` and `entrypoint` words: they replace the Dockerfile's. */
  command: string[];
  /** The compose entry's name, or the image's base name. */
  name: string;
  /** Whether other builds use the same context (one image, several entry points; a monorepo root built per app). */
  shared?: boolean;
  /** Folders of the repository the container bind-mounts (a dev compose mounts the code it runs). */
  mounts?: readonly string[];
  /**
   * The entry's environment: a start script that takes the app from a variable (`npm run start:dev $APP_NAME`, with
   * `APP_NAME: orders` set on the entry) starts the app it names.
   */
  env?: Readonly<Record<string, string>>;
}

/** A folder that can be deployed: a discovered service, or a package or project that is not one (yet). */
export interface Candidate {
  root: string;
  /** Names it goes by: service name, package name (scoped and not), project name, folder name. */
  names: string[];
  /** A library is what apps copy and build along with them: a build that names one deploys something else. */
  kind: "service" | "app" | "library";
  /** A package with a script that starts it (not one that only builds). */
  starts?: true;
}

export interface PlaceContext {
  candidates: readonly Candidate[];
  /** Every folder that holds a source file, at any depth. */
  sourceFolders: ReadonlySet<string>;
  /** The npm scripts of the package in a folder, to follow `npm run start:dev:order` to what it starts. */
  scripts?: (folder: string) => Readonly<Record<string, string>> | undefined;
  /** Whether a folder holds another language's build file (pom.xml, go.mod, requirements.txt…): an app folder with no JavaScript in it. */
  otherLanguage?: (folder: string) => boolean;
  /** Whether a path names a source file, with or without its extension (`src/main` for src/main.ts). */
  isSource?: (path: string) => boolean;
  /** The commands of a shell script of the repository (`entrypoint.sh`), by its path from the scan root; undefined when there is none. */
  scriptCommands?: (path: string) => readonly string[] | undefined;
}

export type PlacedBy = "dockerfile-folder" | "dockerfile" | "mount" | "name" | "context" | "several";

export interface Placement {
  root: string;
  by: PlacedBy;
  /** For `several`: the apps a start script of the build starts one by one (`npm run start auth & npm run start user &`); root is the context. */
  apps?: string[];
  /** For `several`: the script that starts them. */
  script?: string;
}

/** Folder names that say what a folder holds, not which app it is: never an app's folder on their own. */
const GENERIC_FOLDERS = new Set([
  "src",
  "lib",
  "apps",
  "packages",
  "libs",
  "services",
  "microservices",
  "modules",
  "projects",
  "dist",
  "build",
  "out",
  "config",
  "configs",
  "public",
  "static",
  "scripts",
  "bin",
  "test",
  "tests",
  "docker",
  "deploy",
  "infra",
  "usr",
  "home",
  "opt",
  "node_modules",
  "common",
  "shared",
]);

/**
 * Names of folders inside an app's code as often as of an app (src/app, src/server, src/main): an app's folder
 * only when its Dockerfile sits there or the compose entry goes by that name, not when a path merely runs through it.
 */
const CODE_FOLDERS = new Set(["app", "server", "main"]);

/** Container paths an image's WORKDIR often is: dropped so `/usr/src/app/dist/apps/auth/main` reads as `dist/apps/auth/main`. */
const BUILD_OUTPUT = new Set(["dist", "build", "out", ".next"]);

export function placeBuild(build: Build, docker: DockerfileInfo | undefined, ctx: PlaceContext): Placement {
  const context = build.context;
  const inside = (folder: string) => (context === "" ? folder !== "" : folder.startsWith(`${context}/`));
  const candidates = ctx.candidates.filter((c) => inside(c.root));
  // A package's own build (build: ./orders) stays in its folder unless a package below names it: its src/api is
  // its own code, not an app. Only a context that several builds share is searched for app folders without one.
  const searchFolders = build.shared === true || !ctx.candidates.some((c) => c.root === context);
  const deepestCandidate = (path: string): Candidate | undefined => {
    let best: Candidate | undefined;
    for (const c of candidates) if ((path === c.root || path.startsWith(`${c.root}/`)) && (!best || c.root.length > best.root.length)) best = c;
    return best;
  };
  /** The app folder a path names: a candidate holding it, else (for strong hints only) the deepest folder with sources whose name is not generic. */
  const folderOf = (path: string, strong: boolean, libraries = true, search = searchFolders, named = false): string | undefined => {
    const candidate = deepestCandidate(path);
    if (candidate) return libraries || candidate.kind !== "library" ? candidate.root : undefined;
    if (!strong || !search) return undefined;
    // An absolute path (`/srv/app/main.js` read from a CMD) climbs to "/", whose parent is itself: stop there too.
    for (let folder = path; inside(folder); folder = posix.dirname(folder)) {
      const base = posix.basename(folder);
      if ((ctx.sourceFolders.has(folder) || (named && ctx.otherLanguage?.(folder))) && !GENERIC_FOLDERS.has(base) && (named || !CODE_FOLDERS.has(base))) return folder;
      if (folder === "." || folder === "" || posix.dirname(folder) === folder) break;
    }
    return undefined;
  };

  /**
   * The folder of code a path the entry's build arg filled in names (`./source/services/auth`, or a file in it), below
   * the package that holds it: the deepest such folder that is neither generic nor a code folder (`src`, `lib`).
   */
  const folderChosenByArg = (path: string): string | undefined => {
    const holder = deepestCandidate(path)?.root;
    const start = ctx.sourceFolders.has(path) ? path : posix.dirname(path);
    for (let folder = start; folder && folder !== "." && folder !== holder && inside(folder); folder = posix.dirname(folder)) {
      const base = posix.basename(folder);
      if (ctx.sourceFolders.has(folder) && !GENERIC_FOLDERS.has(base) && !CODE_FOLDERS.has(base)) return folder;
    }
    return undefined;
  };

  /**
   * The Dockerfile's folder, or one above it, named like the entry (src/currency/Dockerfile for `currency`,
   * src/cart/src/Dockerfile for `cart`): the app's folder even when it holds no file arch-lint knows (C++, nginx).
   */
  const folderNamedLike = (folder: string, name: string): string | undefined => {
    // Also the entry of one stage of the pipeline (`nginx-prod` and `nginx-dev` for nginx/Dockerfile).
    const stems = [nameStem(name), nameStem(name.replace(STAGE_SUFFIX, ""))].filter(Boolean);
    if (!stems.length) return undefined;
    for (let at = folder; at !== "." && at !== "/" && inside(at); at = posix.dirname(at)) if (stems.includes(nameStem(posix.basename(at)))) return at;
    return undefined;
  };

  /** Whether a file lies in the context's own code: only folders like src/ and lib/ between it and the context. */
  const ownCode = (file: string): boolean => {
    for (let folder = posix.dirname(file); folder !== "." && folder !== "/" && inside(folder); folder = posix.dirname(folder)) if (!GENERIC_FOLDERS.has(posix.basename(folder))) return false;
    return true;
  };

  // 1. The Dockerfile sits in the app's folder (apps/auth/Dockerfile).
  let namedFolder: string | undefined;
  if (build.dockerfile) {
    const folder = posix.dirname(build.dockerfile);
    if (folder !== "." && inside(folder)) {
      // A Dockerfile kept beside an app's code is evidence enough, whoever else builds the context. The app's package
      // may sit one folder down (basket/Dockerfile copying basket/src/, which holds package.json): when no package holds
      // the Dockerfile's folder and exactly one app lies below it, that app is what it builds.
      const below = deepestCandidate(folder) ? [] : candidates.filter((c) => c.root.startsWith(`${folder}/`) && c.kind !== "library");
      const root = below.length === 1 ? below[0]!.root : folderOf(folder, true, true, true, true);
      if (root) return { root, by: "dockerfile-folder" };
      // Failing all else below, a folder named like the entry, with nothing in it arch-lint reads (src/currency, C++).
      // Only a Dockerfile that is there: a path written relative to the wrong folder names folders that are not.
      if (docker) namedFolder = folderNamedLike(folder, build.name);
    }
  }

  // 1b. An image of another language (python, golang, rust…) built from a folder above its app, one of several builds
  // of that folder or with a Dockerfile named after its app (auth.Dockerfile at the root): the folder of that language's
  // code it works in (`WORKDIR /usr/app/authentication` beside authentication/requirements.txt) is the app. Not the
  // folders its RUN lines write to (`mkdir -p proto_gen/authentication` names the stubs of a service it calls). A
  // plain Dockerfile of one app's folder works where the image needs (`WORKDIR /var/www/html` for ratings/html).
  const namedFile = build.dockerfile !== undefined && dockerfileAppName(posix.basename(build.dockerfile)) !== undefined;
  if (docker !== undefined && ctx.otherLanguage && (build.shared === true || namedFile) && runsOtherLanguage(docker)) {
    const workdirs = docker.hints.filter((hint) => hint.workdir).reverse();
    for (const hint of workdirs) {
      const path = hint.words.join(" ");
      const found = pathReadings(path)
        .map((reading) => (context ? `${context}/${reading}` : reading))
        .find((folder) => inside(folder) && !GENERIC_FOLDERS.has(posix.basename(folder)) && !CODE_FOLDERS.has(posix.basename(folder)) && ctx.otherLanguage!(folder));
      if (found) return { root: found, by: "dockerfile" };
    }
  }

  // 2. What it builds and starts: paths (dist/apps/auth/main) and app names (npm run build auth), and the
  // Dockerfile's own name (Dockerfile.auth). What it copies is no evidence: apps copy their libraries and tools too,
  // unless the entry's build arg chose it (`COPY dist/apps/${APP} .`, see byArg below).
  // A compose `command` replaces the Dockerfile's CMD.
  const hints = (docker?.hints ?? []).filter((hint) => (hint.weight > 1 || hint.byArg) && !(hint.cmd && build.command.length));
  if (build.command.length) hints.push({ weight: 3, words: build.command });
  // A dev container mounts the code it runs (./src/services/order/src:/app/src/services/order/src); a folder it mounts
  // that starts nothing (./user/src/migrations, seeds, uploads) is what the app reads, not the app.
  const mounted = (build.mounts ?? [])
    .filter((folder) => inside(folder) && startsSomething(folder, ctx))
    .map((folder) => (context ? folder.slice(context.length + 1) : folder));
  if (mounted.length) hints.push({ weight: 2, words: mounted });
  // A start script of the context (`ENTRYPOINT ["bash", "entrypoint.sh"]`, `command: ./scripts/start.sh`): what its
  // commands start is what the build starts. Each of its commands is a hint of its own, marked to tell below whether
  // the script starts several apps of the context side by side.
  let script: string | undefined;
  const fromScript = new Set<DockerHint>();
  if (ctx.scriptCommands) {
    for (const hint of [...hints]) {
      if (hint.weight < 3) continue;
      for (const word of hint.words) {
        if (!word.endsWith(".sh")) continue;
        for (const path of pathReadings(word)) {
          const commands = ctx.scriptCommands(context ? `${context}/${path}` : path);
          if (!commands) continue;
          script ??= context ? `${context}/${path}` : path;
          for (const command of commands) {
            const scripted: DockerHint = { weight: hint.weight, words: commandWords(command) };
            fromScript.add(scripted);
            hints.push(scripted);
          }
          break;
        }
      }
    }
  }
  // `npm run start:dev:order` starts what that script says (`nest start --entryFile services/order/src/main`), through
  // scripts that run other scripts. One that runs several commands side by side (`concurrently "npm run start:auth"
  // "npm run start:user"`, `run-p start:auth start:user`) is a start script of its own: each of its commands a hint.
  // The entry's variables in what it runs (hints are shared with the Dockerfile's reading: replaced, not changed).
  if (build.env) {
    for (let i = 0; i < hints.length; i++) {
      const hint = hints[i]!;
      // A variable of the image's ENV the entry sets again: the entry's value is the one the container runs with.
      const rewritten = hint.asWritten?.some((word) => variablesOf(word).some((name) => Object.hasOwn(build.env!, name)));
      const words = rewritten ? hint.asWritten!.map((word) => withVariables(word, { ...docker?.env, ...build.env })) : hint.words.map((word) => withVariables(word, build.env!));
      if (words.every((word, j) => word === hint.words[j])) continue;
      const filled: DockerHint = { ...hint, words };
      if (fromScript.has(hint)) fromScript.add(filled);
      hints[i] = filled;
    }
  }
  const scripts = ctx.scripts?.(context);
  if (scripts) {
    let level = [...hints];
    for (let depth = 0; depth < 3 && level.length; depth++) {
      const next: DockerHint[] = [];
      for (const hint of level) {
        for (const word of hint.words) {
          const command = scripts[word];
          if (typeof command !== "string") continue;
          const parts = sideBySide(command, scripts);
          if (parts && hint.weight >= 3) {
            script ??= `${context ? `${context}/` : ""}package.json scripts.${word}`;
            for (const part of parts) {
              const scripted: DockerHint = { weight: hint.weight, words: commandWords(part) };
              fromScript.add(scripted);
              next.push(scripted);
            }
            continue;
          }
          const followed: DockerHint = { weight: hint.weight, words: commandWords(command) };
          if (fromScript.has(hint)) fromScript.add(followed);
          next.push(followed);
        }
      }
      hints.push(...next);
      level = next;
    }
  }
  const named = build.dockerfile ? dockerfileAppName(posix.basename(build.dockerfile)) : undefined;
  if (named) hints.push({ weight: 2, words: [named] });
  const scores = new Map<string, number>();
  /** The roots that hints reading one of the entry's build args name (DockerHint.byArg). */
  const byArg = new Set<string>();
  /** Per root, whether every hint that gave it its score came from a start script's own command. */
  const scriptedOnly = new Map<string, boolean>();
  let current: DockerHint | undefined;
  const score = (root: string, weight: number) => {
    if (current?.byArg) byArg.add(root);
    const before = scores.get(root) ?? 0;
    const scripted = current !== undefined && fromScript.has(current);
    if (weight > before) scriptedOnly.set(root, scripted);
    else if (weight === before) scriptedOnly.set(root, (scriptedOnly.get(root) ?? true) && scripted);
    scores.set(root, Math.max(before, weight));
  };
  const byName = namesIndex(candidates, searchFolders ? ctx.sourceFolders : new Set(), inside, context);
  for (const hint of hints) {
    current = hint;
    for (const [index, word] of hint.words.entries()) {
      // The program a command runs is found on the PATH, not in a folder named like it (`gulp nodemon_development`
      // beside the gulp/ folder of its tasks); nor is a package the image installs (`npm install -g gulp`).
      const program = (index === 0 && PROGRAMS.has(word)) || hint.installed?.includes(word) === true;
      for (const path of program ? [] : pathReadings(word)) {
        const at = context ? `${context}/${path}` : path;
        if (deepestCandidate(at)?.kind === "library") break;
        // A build arg choosing one folder of a package's code (`COPY ./source/services/${SERVICE_NAME} …` with
        // SERVICE_NAME=auth): that folder is the app, even with no package.json of its own below the package's.
        const root = (hint.byArg ? folderChosenByArg(at) : undefined) ?? folderOf(at, hint.weight >= 2, false);
        if (root) {
          score(root, hint.weight);
          break;
        }
        // A file of the context's own code (src/main, main.js): the build runs the context itself.
        // (Not a tool's settings it is handed, `pm2 start config/pm2.orders.config.js`: the app is named inside.)
        if (hint.weight >= 2 && ctx.isSource?.(at) && ownCode(at) && !TOOL_SETTINGS.test(at)) {
          score(context, hint.weight);
          break;
        }
      }
      for (const name of program ? [] : nameReadings(word)) {
        const roots = byName(name, hint.weight >= 2);
        if (roots.length === 1) score(roots[0]!, hint.weight);
      }
    }
  }
  // A Dockerfile several entries share, told which app to build by a build arg (`COPY dist/apps/${APP} .` with `args:
  // APP=users`): what the arg fills in is what differs between the entries, so it decides over the words they all
  // share (a CMD's `pm2-runtime start main.js --name gateway`, copied unchanged into every image).
  if (byArg.size === 1) return { root: [...byArg][0]!, by: "dockerfile" };
  const top = Math.max(0, ...scores.values());
  if (top > 0) {
    let best = [...scores].filter(([, weight]) => weight === top).map(([root]) => root);
    if (best.length > 1) {
      const services = best.filter((root) => candidates.some((c) => c.root === root && c.kind === "service"));
      if (services.length) best = services;
    }
    if (best.length === 1) return { root: best[0]!, by: "dockerfile" };
    // A start script that starts several apps of the context one by one (a dev container running every app of a NestJS
    // monorepo): the build runs each of them, not a service of its own.
    const apps = best.filter((root) => root !== context && candidates.some((c) => c.root === root && c.kind !== "library"));
    if (script !== undefined && top >= 3 && apps.length > 1 && apps.length === best.length && apps.every((root) => scriptedOnly.get(root))) return { root: context, by: "several", apps: apps.sort(), script };
  }

  // 2b. A toolchain image, built from a folder with no code of its own (`.docker/Dockerfile.dev`), runs the app a
  // dev container bind-mounts from elsewhere (`./microservices/orders:/app`): the one app among its mounts.
  if (!candidates.length && !ctx.sourceFolders.has(context)) {
    const apps = new Set<string>();
    for (const folder of build.mounts ?? []) {
      const app = candidateHolding(ctx.candidates, folder);
      if (app && app.kind !== "library") apps.add(app.root);
    }
    if (apps.size === 1) return { root: [...apps][0]!, by: "mount" };
  }

  // 3. The entry's name is an app's name (compose `auth` → apps/auth).
  const byEntryName = byName(build.name, true, true);
  if (byEntryName.length === 1) return { root: byEntryName[0]!, by: "name" };
  // … or the same name but for a suffix (compose `ledger-api` → services/ledger, `users` → users-service).
  const stem = nameStem(build.name);
  const byStem = candidates.filter((c) => c.kind !== "library" && c.names.some((n) => nameStem(n) === stem));
  if (stem && byStem.length === 1) return { root: byStem[0]!.root, by: "name" };
  // … or the same name in the singular (compose `product` → servers/products, `users` → user/).
  const bySingular = stem.length > 3 ? candidates.filter((c) => c.kind !== "library" && c.names.some((n) => singularName(nameStem(n)) === singularName(stem))) : [];
  if (bySingular.length === 1) return { root: bySingular[0]!.root, by: "name" };
  // … or the one app whose name holds every word of the entry's, or whose words the entry's holds (gateway → api-gateway).
  const words = nameWords(build.name);
  const byWords = candidates.filter((c) => c.kind !== "library" && c.names.some((n) => overlaps(words, nameWords(n))));
  if (words.length && byWords.length === 1) return { root: byWords[0]!.root, by: "name" };

  if (namedFolder) return { root: namedFolder, by: "dockerfile-folder" };
  return { root: context, by: "context" };
}

/** A compose entry's suffix that names a stage of the pipeline, not an app: `nginx-prod`, `api_dev`, `web-local`. */
const STAGE_SUFFIX = /[-_.](prod|production|dev|development|local|staging|stage|test)$/i;

/** Programs a start command runs by name: a folder named like one (gulp/, scripts of the tool) is not what it starts. */
const PROGRAMS = new Set(["node", "nodemon", "npm", "npx", "yarn", "pnpm", "bun", "deno", "ts-node", "ts-node-dev", "tsx", "pm2", "pm2-runtime", "forever", "gulp", "grunt", "nest", "sh", "bash", "dumb-init", "tini"]);

/** The files an app is usually started from, without their extension, at a folder's top or in its src/. */
const ENTRY_STEMS = ["main", "index", "server", "app"].flatMap((name) => [name, `src/${name}`]);

/** Whether a folder holds a file an app usually starts from; without a way to tell, it is taken to. */
function startsSomething(folder: string, ctx: PlaceContext): boolean {
  // A mounted package with a script that starts it (`./source:/app` run as `yarn dev`) starts wherever its entry lies.
  return ctx.isSource === undefined || ENTRY_STEMS.some((stem) => ctx.isSource!(`${folder}/${stem}`)) || packageStarts(ctx.scripts?.(folder));
}

/** Whether an image runs another language than JavaScript: its last stage's image, or the stage that built what a plain final image runs. */
function runsOtherLanguage(docker: DockerfileInfo): boolean {
  let language: string | undefined;
  for (let i = docker.stages.length - 1; language === undefined && i >= 0; i--) language = imageLanguage(docker.stages[i]!.image);
  return language !== undefined && language !== "node";
}

/** The language a placed build runs: from the image its Dockerfile ends on (or builds with), else the folder's build files; undefined for JavaScript. */
export function buildLanguage(root: string, context: string, docker: DockerfileInfo | undefined, fileSet: FileSet, builder?: string, csproj?: (folder: string) => boolean): string | undefined {
  if (builder === "jib") return "java";
  if (builder === "ko") return "go";
  let language: string | undefined;
  if (docker?.runtime) {
    language = imageLanguage(docker.runtime.image) ?? installedProxy(docker);
    // A plain final image (scratch, alpine, distroless/static) runs what an earlier stage built.
    for (let i = docker.stages.length - 1; language === undefined && i >= 0; i--) language = imageLanguage(docker.stages[i]!.image);
  }
  language ??= folderLanguage(root, fileSet, csproj) ?? (root !== context ? folderLanguage(context, fileSet, csproj) : undefined);
  return language === "node" ? undefined : language;
}

/** A tool's settings file (`ecosystem.config.js`, `pm2.orders.config.js`, `webpack.config.ts`), not an app's code. */
const TOOL_SETTINGS = /\.config\.[cm]?[jt]s$/;
const NAME_SUFFIX = /[-_.](service|svc|srv|api|app|server|ms|microservice|depl|deploy|deployment|worker)$/;

/** A deployment's or package's name without a scope and the suffix that only says it is a service: `@acme/users-service` → `users`. */
/** The deepest candidate whose folder is, or holds, this folder. */
function candidateHolding(candidates: readonly Candidate[], folder: string): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of candidates) if ((folder === c.root || (c.root !== "" && folder.startsWith(`${c.root}/`))) && (!best || c.root.length > best.root.length)) best = c;
  return best;
}

/** A name in the singular, as a reader matches `orders` with `order` (not `address` or `status`). */
export function singularName(name: string): string {
  return name.replace(/(?<=[^s])s$/, "");
}

export function nameStem(name: string): string {
  return name.toLowerCase().replace(/^@[^/]+\//, "").replace(NAME_SUFFIX, "");
}

/** The words of a name: `@acme/api-gateway` → api, gateway. */
function nameWords(name: string): string[] {
  return nameStem(name).split(/[-_.]+/).filter(Boolean);
}

/** Whether one list of words holds every word of the other. */
function overlaps(a: readonly string[], b: readonly string[]): boolean {
  if (!a.length || !b.length) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.every((word) => long.includes(word));
}

/** `Dockerfile.auth`, `Dockerfile-auth`, `auth.Dockerfile` → `auth`; not `Dockerfile.prod` or `dev.Dockerfile`, which name a stage of the pipeline. */
export function dockerfileAppName(file: string): string | undefined {
  const match = /^dockerfile[.-](.+)$/i.exec(file) ?? /^(.+)\.dockerfile$/i.exec(file);
  const name = match?.[1];
  return name && !/^(dev|development|prod|production|local|test|ci|debug|base|build|release|alpine|slim)$/i.test(name) ? name : undefined;
}

/**
 * A word as a path of the repository: `./apps/auth/`, `dist/apps/auth/main.js`, `/usr/src/app/dist/apps/auth/main`,
 * each leading folder dropped in turn, and a build output folder read as the src/ it was compiled from.
 */
export function pathReadings(word: string): string[] {
  // A URL (`git clone https://github.com/acme/tool.git`) names no folder of the repository.
  if (word.includes("://")) return [];
  let path = word.replace(/^--[\w-]+=/, "").replace(/^\.\//, "");
  // A glob names the folder it is in (apps/auth/package*.json → apps/auth).
  const glob = path.search(/[*?[{]/);
  if (glob >= 0) path = path.slice(0, Math.max(0, path.lastIndexOf("/", glob)));
  path = path.replace(/\/+$/, "").replace(/^\/+/, "");
  if (!path || path === "." || path.includes("..") || path.includes("$")) return [];
  const parts = path.split("/").filter(Boolean);
  const readings: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (BUILD_OUTPUT.has(parts[i]!) && i + 1 < parts.length) {
      // tsc mirrors src/ into dist/: dist/services/orders/main.js was src/services/orders/main.ts.
      readings.push(["src", ...parts.slice(i + 1)].join("/"));
      continue;
    }
    readings.push(parts.slice(i).join("/"));
    // Tools that take an entry relative to the source root (nest start --entryFile services/order/src/main).
    if (parts[i] !== "src") readings.push(["src", ...parts.slice(i)].join("/"));
  }
  return readings;
}

/** A word as an app name: `auth`, `@acme/auth`, `--filter=auth...`, `auth:build` (Nx), `start:dev` is not one. */
function nameReadings(word: string): string[] {
  const names = new Set<string>();
  for (const piece of word.split(/[=,]/)) {
    const cleaned = piece.replace(/^\^?\.{0,3}/, "").replace(/\.{3}$/, "").replace(/^\{|\}$/g, "");
    if (!cleaned || cleaned.startsWith("-") || cleaned.includes("/") && !cleaned.startsWith("@")) continue;
    names.add(cleaned);
    const nx = /^([\w@/.-]+):[\w-]+$/.exec(cleaned);
    if (nx) names.add(nx[1]!);
  }
  return [...names];
}

/**
 * Candidates inside the context by any of their names; for strong hints, also folders with
 * sources at most two levels below the context whose name is the word (apps/auth for `auth`).
 */
function namesIndex(candidates: readonly Candidate[], sourceFolders: ReadonlySet<string>, inside: (folder: string) => boolean, context: string): (name: string, strong: boolean, entry?: boolean) => string[] {
  const byName = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, name: string, root: string) => {
    const key = name.toLowerCase();
    map.set(key, (map.get(key) ?? new Set()).add(root));
  };
  for (const c of candidates) if (c.kind !== "library") for (const name of c.names) add(byName, name, c.root);
  let byFolder: Map<string, Set<string>> | undefined;
  return (name, strong, entry = false) => {
    const key = name.toLowerCase();
    const found = byName.get(key);
    if (found) return [...found];
    if (!strong || !key || GENERIC_FOLDERS.has(key) || (!entry && CODE_FOLDERS.has(key))) return [];
    if (!byFolder) {
      byFolder = new Map();
      const depth = context === "" ? 0 : context.split("/").length;
      for (const folder of sourceFolders) {
        if (!inside(folder) || folder.split("/").length - depth > 2) continue;
        const base = posix.basename(folder);
        if (!GENERIC_FOLDERS.has(base)) add(byFolder, base, folder);
      }
    }
    return [...(byFolder.get(key) ?? [])];
  };
}

/**
 * The commands a package script runs side by side, when it runs several: `concurrently "npm run a" "npm run b"` (each
 * quoted command), `npm-run-all --parallel a b` and `run-p a b` (each a script of the package); else undefined.
 */
function sideBySide(command: string, scripts: Readonly<Record<string, string>>): string[] | undefined {
  const words = command.trim().split(/\s+/);
  const tool = words[0] === "npx" || words[0] === "pnpm" || words[0] === "yarn" ? words[1] : words[0];
  if (tool === "concurrently") {
    const quoted = [...command.matchAll(/"([^"]+)"|'([^']+)'/g)].map((m) => (m[1] ?? m[2])!.trim()).filter((part) => part && !part.startsWith("-"));
    return quoted.length > 1 ? quoted : undefined;
  }
  const parallel = tool === "run-p" || (tool === "npm-run-all" && words.some((w) => w === "--parallel" || w === "-p"));
  if (!parallel) return undefined;
  const names = words.slice(words.indexOf(tool) + 1).filter((w) => !w.startsWith("-") && typeof scripts[w] === "string");
  return names.length > 1 ? names.map((name) => `npm run ${name}`) : undefined;
}

/** `$APP_NAME`, `${APP_NAME}` in a command word, replaced by the entry's value; a variable it does not set stays as written. */
/** The variables a word reads (`$APP`, `${APP}`). */
function variablesOf(word: string): string[] {
  return [...word.matchAll(/\$\{(\w+)\}|\$(\w+)/g)].map((m) => (m[1] ?? m[2])!);
}

function withVariables(word: string, env: Readonly<Record<string, string>>): string {
  if (!word.includes("$")) return word;
  return word.replace(/\$\{(\w+)\}|\$(\w+)/g, (written, braced: string | undefined, bare: string | undefined) => env[(braced ?? bare)!] ?? written);
}
