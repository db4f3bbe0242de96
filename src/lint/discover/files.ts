import { isUtf8 } from "node:buffer";
import { readdirSync, readFileSync, readlinkSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { errnoCode } from "../../shared/errors.js";
import type { Diagnostic } from "../types.js";
import { isExampleEnvName } from "./env.js";

/**
 * Lists the files a scan looks at. Never throws on odd trees: unreadable
 * folders, symlink loops and links out of the scan become diagnostics and the
 * walk goes on. It never leaves the scanned folders: a symlink is followed only
 * to a scanned folder the walk does not reach by its own path (a path argument
 * that is itself a link); a link to something the walk reaches anyway is
 * recorded (see `links`) and read there, once; a link out of the scanned
 * folders is skipped.
 */

/** Folders never worth descending into: dependencies, VCS data, build output, caches. */
export const ALWAYS_IGNORED_DIRS = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  "dist",
  "build",
  "out",
  "coverage",
  ".next",
  ".nuxt",
  ".turbo",
  ".cache",
  ".nx",
  ".yarn",
  ".pnpm-store",
  "bower_components",
]);

/**
 * Ignored folders that projects also keep deployment files in (`build/docker/Dockerfile`, `build/sentinel/redis.Dockerfile`,
 * `build/k8s/*.yaml`, the Go project layout's `build/package/`): walked for those files only, never for sources or
 * packages, which there are build output.
 */
const DEPLOYMENT_ONLY_DIRS = new Set(["build"]);
const DEPLOYMENT_KINDS: ReadonlySet<FileKind> = new Set(["dockerfile", "compose", "yaml", "shell", "makefile"]);

export const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

export type FileKind = "source" | "package" | "compose" | "env" | "prisma" | "sql" | "tsconfig" | "pnpm-workspace" | "yaml" | "nx-project" | "monorepo" | "dockerfile" | "build-file" | "config-json" | "tiltfile" | "proto" | "helm-template" | "makefile" | "shell" | "gitmodules" | "procfile";

export interface FileEntry {
  /** Relative to the scan root, with "/"; a name that is not valid UTF-8 shows its odd bytes as \xNN. */
  rel: string;
  abs: string;
  /** The path's bytes, when a name on it is not valid UTF-8: what reading the file must use (`abs` cannot name it). */
  bytes?: Buffer;
  kind: FileKind;
}

/** A file's text by its path relative to the scan root, or undefined when it cannot be read: discovery reads through this so tests can feed an in-memory tree. */
export type ReadText = (rel: string) => string | undefined;

/** Whether the scan lists a file at this path (through symlinks, as the scan reads them). */
export type FileSet = Pick<ReadonlySet<string>, "has">;

export interface WalkResult {
  files: FileEntry[];
  diagnostics: Diagnostic[];
  /** Symlinks to files or folders the walk lists by their own path: link → target, both relative to the root. */
  links: Map<string, string>;
  /** Symlinks that point out of the scanned folders: nothing is read through them. */
  outside: Set<string>;
  /** Declaration files (`types.d.ts`): never read, but an import of one names a file that is there. */
  declarations: Set<string>;
  /**
   * Files of no kind above that something may name by path: JSON a module imports (lint/imported-json.ts), an env file
   * under any name that a compose `env_file` lists (`setting.conf`, `.envs/.production/.api`). Read only when named, as
   * data; kept apart from `files`, which say what the repository is made of.
   */
  dataFiles?: FileEntry[];
  /**
   * Env files a .gitignore names that are on disk all the same: in a clone, committed before the pattern was written.
   * Read only as the last word on a service's env (discover/env-files.ts mergeGitIgnoredEnvFiles).
   */
  gitIgnoredEnvFiles?: FileEntry[];
}

/**
 * Files that say how a monorepo lays out its projects: NestJS CLI, Nx, Lerna, Turborepo, Rush. Nx before version 13
 * kept its projects in the Angular CLI's `angular.json` (read as Nx's only beside an nx.json: discover/nx.ts).
 */
const MONOREPO_FILES = new Set(["nest-cli.json", ".nestcli.json", ".nest-cli.json", "nest.json", "nx.json", "workspace.json", "angular.json", "lerna.json", "turbo.json", "rush.json"]);

const CONFIG_JSON = new Set(["ormconfig.json", "config.json", "default.json", "production.json", "custom-environment-variables.json", "tsoa.json", "datasources.json"]);
/** LoopBack 4's datasource settings kept beside their class (`db.datasource.json`, `db.datasource.config.json`). */
const LOOPBACK_DATASOURCE_JSON = /\.datasource(\.config)?\.json$/;

// docker compose reads JSON as well (YAML is a superset of it): `docker compose -f docker-compose.json up`. A Swarm stack
// file (`docker stack deploy -c docker-stack.yml`) is the same format. Teams name the variants every way `-f` allows
// (`docker-compose-load.yaml`, `kafka.docker-compose.yaml`, `docker-compose.production.micro.yml`, `Docker-Compose.yml`);
// `composer.json` (PHP) is not one.
const COMPOSE_NAME = /^([\w.-]*[._-])?(docker[._-]?compose|compose|docker[._-]stack)([._-][\w.-]+)?\.(ya?ml|json)$/i;
const COMPOSE_BASE = /[._-]base\.(ya?ml|json)$|[._-]base[._-]/i;
const DOCKERFILE_NAME = /^dockerfile([.-][\w.-]+)?$|\.dockerfile$/i;
/** Build files of other languages: a deployed folder holding one is a service arch-lint does not scan. */
const BUILD_FILES = new Set(["pom.xml", "build.gradle", "build.gradle.kts", "go.mod", "pyproject.toml", "requirements.txt", "Pipfile", "setup.py", "composer.json", "Gemfile", "Cargo.toml", "mix.exs", "CMakeLists.txt"]);

/** What kind of file this name is, or undefined when the scan has no use for it. */
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
/** Names an env file may have when it is not named like one: config extensions, no extension, a bare dotfile (`.api`). */
const MAYBE_ENV_FILE = /\.(conf|cfg|ini|properties|vars|env\w*)$|^\.?[\w-]+$/i;

export function classifyFile(name: string): FileKind | undefined {
  if (DECLARATION_FILE.test(name)) return undefined;
  if (name.endsWith(".min.js")) return undefined;
  if (SOURCE_EXTENSIONS.some((ext) => name.endsWith(ext))) return "source";
  if (name === "package.json") return "package";
  if (name === "project.json") return "nx-project";
  if (MONOREPO_FILES.has(name)) return "monorepo";
  // A base file (`docker-compose.local.base.yml`) holds templates that other files' entries `extends`: read through them only.
  if (COMPOSE_NAME.test(name)) return COMPOSE_BASE.test(name) ? "yaml" : "compose";
  // .env, .env.local, docker.env, and the example files committed in their place (.env.example, .env-example, sample.env, env.example).
  if (name === ".env" || name.startsWith(".env.") || name.startsWith(".env-") || name.startsWith(".env_") || name.endsWith(".env") || name === "env.example" || name === "env.sample") return "env";
  if (name.endsWith(".prisma")) return "prisma";
  if (name.endsWith(".sql")) return "sql";
  // gRPC service definitions: which methods stream (discover/proto.ts).
  if (name.endsWith(".proto")) return "proto";
  // Nx keeps the workspace's path aliases (`@org/data-access` → libs/…) in tsconfig.base.json, which each project extends.
  // A JavaScript project's jsconfig.json has the same `paths`: the aliases its code imports by (`@routes/orders`), which
  // whatever resolves them at run time (module-alias, babel, a bundler) mirrors.
  if (name === "tsconfig.json" || name === "tsconfig.base.json" || name === "jsconfig.json") return "tsconfig";
  // TypeORM's ormconfig.json, sequelize-cli's config/config.json, node-config's config/*.json (extract/datastores/json-config.ts), tsoa.json,
  // LoopBack's datasources.json and *.datasource.json.
  if (CONFIG_JSON.has(name) || LOOPBACK_DATASOURCE_JSON.test(name)) return "config-json";
  if (name === "pnpm-workspace.yaml") return "pnpm-workspace";
  if (name.endsWith(".yaml") || name.endsWith(".yml")) return "yaml";
  if (name === "Tiltfile" || name.endsWith(".tiltfile")) return "tiltfile";
  // A Helm chart's helpers (`templates/_helpers.tpl`): the `define`s its templates include (discover/helm.ts).
  if (name.endsWith(".tpl")) return "helm-template";
  if (DOCKERFILE_NAME.test(name) && !name.endsWith(".dockerignore")) return "dockerfile";
  if (BUILD_FILES.has(name) || name.endsWith(".csproj")) return "build-file";
  // A package started by `make dev` (its recipe runs `nodemon src/app/boot.ts`) rather than by a script (discover/makefile.ts).
  if (name === "Makefile" || name === "makefile" || name === "GNUmakefile") return "makefile";
  // A container's start script (`ENTRYPOINT ["bash", "entrypoint.sh"]`): which apps it starts (discover/placement.ts).
  if (name.endsWith(".sh")) return "shell";
  // The git submodules a repository declares (discover/submodules.ts): folders whose code a snapshot may lack.
  if (name === ".gitmodules") return "gitmodules";
  // A Procfile (Heroku, foreman, honcho, overmind): the processes a package runs, one `name: command` a line (discover/pm2.ts).
  if (name === "Procfile" || /^Procfile\.[\w-]+$/.test(name)) return "procfile";
  return undefined;
}

export interface WalkOptions {
  /** Extra ignore patterns (gitignore syntax), relative to the root. */
  ignore?: string[];
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
  /** Scan test files too (default false: tests start fake servers and call things no request path does). */
  tests?: boolean;
  /** Only these folders (relative to the root, "" for all): the scanned folders. Default: the whole root. */
  only?: string[];
}

/** Test folders and files, left out unless `tests: true`. */
export const TEST_DIRS = new Set(["test", "tests", "__tests__", "__mocks__", "e2e", "spec", "fixtures", "__fixtures__"]);
/** Test files by name: `*.test.ts`, `*.spec.js`, and a test runner's setup (`jest.setup.ts`, `vitest.setup.ts`, `setupTests.js`). */
export const TEST_FILE = /\.(test|spec|e2e-spec|bench)\.[cm]?[jt]sx?$|^(jest|vitest)[.-]setup([.-][\w-]+)?\.[cm]?[jt]sx?$|^setup-?tests\.[cm]?[jt]sx?$/i;

export function walkFiles(root: string, opts: WalkOptions = {}): WalkResult {
  const files: FileEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const links = new Map<string, string>();
  const outside = new Set<string>();
  const declarations = new Set<string>();
  const dataFiles: FileEntry[] = [];
  const gitIgnoredEnvFiles: FileEntry[] = [];
  const extra = opts.ignore?.length ? ignore().add(opts.ignore) : undefined;
  const useGitignore = opts.gitignore !== false;
  const only = opts.only?.some((dir) => dir === "") ? undefined : opts.only;
  /** Real paths (as byte strings, see realKey) of the folders visited: a followed link never brings one back. */
  const visited = new Set<string>();

  let rootKey: string;
  let rootStat;
  try {
    rootStat = statSync(root);
    rootKey = realKey(root);
  } catch (error) {
    diagnostics.push({ kind: "unreadable", file: ".", message: `cannot read ${root} (${errnoCode(error) ?? "error"})` });
    return { files, diagnostics, links, outside, declarations };
  }
  const scanned: { key: string; shown: string }[] = [];
  for (const dir of only ?? [""]) {
    try {
      scanned.push({ key: realKey(join(root, dir)), shown: join(root, dir) });
    } catch {
      // A folder that does not exist scans nothing; the caller checks its arguments.
    }
  }
  const selected = (rel: string): boolean => !only || only.some((dir) => rel === dir || rel.startsWith(`${dir}/`));
  /** A folder that is not selected is still visited when a selected one is below it. */
  const onTheWay = (rel: string): boolean => !only || only.some((dir) => dir.startsWith(`${rel}/`));

  /**
   * `rel` is the folder relative to the root ("" for the root), built by
   * appending names rather than with path.relative per entry (10,000 files
   * made that a visible share of the walk). `rules` holds each ancestor's
   * .gitignore with the relative folder it applies to. `key` is the folder's
   * real path: its parent's and its name, for a folder that is no link.
   */
  const visit = (dir: string | Buffer, relDir: string, key: string, rules: IgnoreRule[], deploymentOnly = false): void => {
    if (visited.has(key)) {
      diagnostics.push({ kind: "symlink-loop", file: relDir, message: "folder already scanned through another path (symlink loop or duplicate link); skipped" });
      return;
    }
    visited.add(key);

    const entries = listFolder(dir, relDir, diagnostics);
    if (!entries) return;

    let here = rules;
    if (useGitignore && entries.some((entry) => entry.name === ".gitignore")) {
      try {
        const ig = ignore().add(readFileSync(childPath(dir, ".gitignore"), "utf8"));
        here = [...rules, { base: relDir, ig }];
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }

    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (only && !selected(rel) && !onTheWay(rel)) continue;
      const abs = entry.bytes ? childPath(typeof dir === "string" ? Buffer.from(dir) : dir, entry.bytes) : childPath(dir, entry.name);
      const oddName = entry.bytes !== undefined && !isUtf8(entry.bytes);
      let isDir = entry.dirent.isDirectory();
      let isFile = entry.dirent.isFile();
      let childKey: string | undefined;
      let deploymentOnlyHere = deploymentOnly;
      if (isDir && ALWAYS_IGNORED_DIRS.has(entry.name)) {
        if (!DEPLOYMENT_ONLY_DIRS.has(entry.name)) continue;
        deploymentOnlyHere = true;
      }
      if (entry.dirent.isSymbolicLink()) {
        if (ALWAYS_IGNORED_DIRS.has(entry.name)) continue;
        let target: string;
        try {
          target = realKey(abs);
          const stat = statSync(abs);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        } catch (error) {
          const code = errnoCode(error);
          diagnostics.push({
            kind: code === "ELOOP" ? "symlink-loop" : "unreadable",
            file: rel,
            message: code === "ELOOP" ? "symlink loop; skipped" : `broken symlink (${code ?? "error"}); skipped`,
          });
          continue;
        }
        if (isDir && ALWAYS_IGNORED_DIRS.has(entry.name)) continue;
        if (!opts.tests && (isDir ? TEST_DIRS.has(entry.name) : TEST_FILE.test(entry.name))) continue;
        if (isIgnored(rel, isDir, here, extra)) continue;
        if (!selected(rel)) {
          // A link on the way to a scanned folder (an ancestor of a path argument): followed, that folder is below it.
          if (!isDir) continue;
          childKey = target;
        } else if (!scanned.some((folder) => within(target, folder.key))) {
          outside.add(rel);
          const text = linkText(abs);
          const shownTarget = byteKeyText(target);
          const folders = scanned.map((folder) => folder.shown).join(", ");
          diagnostics.push({
            kind: "symlink-outside",
            file: rel,
            message: `symlink to ${text !== undefined && text !== shownTarget ? `${text} (${shownTarget})` : shownTarget}, outside the scanned folder${scanned.length === 1 ? "" : "s"} ${folders}; not followed`,
          });
          continue;
        } else {
          const own = within(target, rootKey) ? relOfKey(target.slice(rootKey.length + (rootKey.endsWith(sep) ? 0 : 1))) : undefined;
          if (own !== undefined && selected(own)) {
            // The walk lists it by its own path: read there, once.
            links.set(rel, own);
            continue;
          }
          // A scanned folder the walk reaches only through this link (a path argument that is a link).
          childKey = target;
        }
      }
      if (!opts.tests && (isDir ? TEST_DIRS.has(entry.name) : TEST_FILE.test(entry.name))) continue;
      if (isDir) {
        if (isIgnored(rel, true, here, extra)) continue;
        if (oddName) diagnostics.push(oddNameDiagnostic(rel, "scanned"));
        visit(abs, rel, childKey ?? childKeyOf(key, entry), here, deploymentOnlyHere);
      } else if (isFile) {
        // Classified first: most files of a tree are of no use, and need no ignore check.
        const kind = classifyFile(entry.name);
        if (deploymentOnly && (kind === undefined || !DEPLOYMENT_KINDS.has(kind))) continue;
        if (kind && !isIgnored(rel, false, here, extra)) {
          if (oddName) diagnostics.push(oddNameDiagnostic(rel, "read"));
          files.push(typeof abs === "string" ? { rel, abs, kind } : { rel, abs: abs.toString(), bytes: abs, kind });
        } else if (kind === "env" && typeof abs === "string" && !isIgnored(rel, false, [], extra)) gitIgnoredEnvFiles.push({ rel, abs, kind });
        else if (kind === undefined && DECLARATION_FILE.test(entry.name)) declarations.add(rel);
        else if (kind === undefined && typeof abs === "string" && (entry.name.endsWith(".json") || MAYBE_ENV_FILE.test(entry.name)) && !isIgnored(rel, false, here, extra)) dataFiles.push({ rel, abs, kind: entry.name.endsWith(".json") ? "config-json" : "env" });
      }
    }
  };

  if (rootStat.isDirectory()) visit(root, "", rootKey, []);
  return { files, diagnostics, links, outside, declarations, dataFiles, gitIgnoredEnvFiles };
}

/**
 * `tsc` output committed beside its sources (src/api/orders.js next to src/api/orders.ts): the same code twice, whose
 * JavaScript copy no import of the TypeScript reaches. Only the TypeScript is read.
 */
export function withoutCompiledTwins(files: FileEntry[]): FileEntry[] {
  const typescript = new Set<string>();
  for (const file of files) if (file.kind === "source" && /\.tsx?$/.test(file.rel)) typescript.add(file.rel.replace(/\.tsx?$/, ""));
  if (!typescript.size) return files;
  return files.filter((file) => file.kind !== "source" || !/\.jsx?$/.test(file.rel) || !typescript.has(file.rel.replace(/\.jsx?$/, "")));
}

/**
 * The path a scan reads `rel` at: through the in-scan symlinks to what they
 * point to; undefined when it goes through a link out of the scanned folders.
 */
export function throughLinks(rel: string, links: ReadonlyMap<string, string>, outside: ReadonlySet<string>): string | undefined {
  if (!links.size && !outside.size) return rel;
  // A target is a real path, but a link can sit below it; each turn replaces one link, and a few dozen is more than any tree nests.
  for (let turn = 0; turn < 40; turn++) {
    let replaced = false;
    for (let end = rel.indexOf("/"); ; end = rel.indexOf("/", end + 1)) {
      const prefix = end < 0 ? rel : rel.slice(0, end);
      if (outside.has(prefix)) return undefined;
      const target = links.get(prefix);
      if (target !== undefined) {
        const rest = end < 0 ? "" : rel.slice(end + 1);
        rel = target && rest ? `${target}/${rest}` : target || rest;
        replaced = true;
        break;
      }
      if (end < 0) break;
    }
    if (!replaced) return rel;
  }
  return undefined;
}

/** Said once per odd name: every file below it is read by bytes too, and shows the same escapes. */
function oddNameDiagnostic(rel: string, how: "read" | "scanned"): Diagnostic {
  return { kind: "not-utf8", file: rel, message: `the name is not valid UTF-8 (the bytes it cannot decode are shown as \\xNN); ${how} through its raw bytes; rename it in UTF-8 for reports that name it exactly` };
}

interface FolderEntry {
  /** As shown: the name, with \xNN for bytes that are not UTF-8. */
  name: string;
  /** The name's bytes, when the folder was read by bytes (a name that is not UTF-8 is in it, or in its path). */
  bytes?: Buffer;
  dirent: Dirent<string> | Dirent<Buffer>;
}

/**
 * A folder's entries, sorted by name. Names come as text; when one is not
 * UTF-8 (Node shows its odd bytes as U+FFFD, and the path it builds names no
 * file), the folder is read again by bytes.
 */
function listFolder(dir: string | Buffer, relDir: string, diagnostics: Diagnostic[]): FolderEntry[] | undefined {
  let entries: FolderEntry[];
  try {
    if (typeof dir === "string") {
      const dirents = readdirSync(dir, { withFileTypes: true });
      entries = dirents.some((dirent) => dirent.name.includes("\ufffd")) ? byBytes(dir) : dirents.map((dirent) => ({ name: dirent.name, dirent }));
    } else entries = byBytes(dir);
  } catch (error) {
    const code = errnoCode(error);
    diagnostics.push({ kind: "unreadable", file: relDir || ".", message: `cannot read folder (${code ?? "error"})${code === "EACCES" || code === "EPERM" ? "; skipped: give the user running arch-lint read access, or ignore the folder" : ""}` });
    return undefined;
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function byBytes(dir: string | Buffer): FolderEntry[] {
  return readdirSync(dir, { withFileTypes: true, encoding: "buffer" }).map((dirent) => ({ name: nameText(dirent.name), bytes: dirent.name, dirent }));
}

function childPath(dir: string | Buffer, name: string | Buffer): string | Buffer {
  if (typeof dir === "string" && typeof name === "string") return dir.endsWith(sep) ? dir + name : dir + sep + name;
  const base = typeof dir === "string" ? Buffer.from(dir) : dir;
  const tail = typeof name === "string" ? Buffer.from(name) : name;
  return base[base.length - 1] === sep.charCodeAt(0) ? Buffer.concat([base, tail]) : Buffer.concat([base, Buffer.from(sep), tail]);
}

/**
 * A real path as a "byte string": each byte one char (latin1), so that paths
 * with names that are not UTF-8 compare exactly and a prefix test is a folder test.
 */
function realKey(path: string | Buffer): string {
  return realpathSync(path, { encoding: "buffer" }).toString("latin1");
}

function childKeyOf(parent: string, entry: FolderEntry): string {
  const name = entry.bytes ? entry.bytes.toString("latin1") : /^[\x20-\x7e]*$/.test(entry.name) ? entry.name : Buffer.from(entry.name).toString("latin1");
  return parent.endsWith(sep) ? parent + name : parent + sep + name;
}

function within(key: string, folder: string): boolean {
  return key === folder || key.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** A name as shown: UTF-8 decoded, each byte that is not part of valid UTF-8 as \xNN. */
export function nameText(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString();
  let text = "";
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += bytes.subarray(start, i).toString() + `\\x${bytes[i]!.toString(16).padStart(2, "0")}`;
    start = ++i;
  }
  return text + bytes.subarray(start).toString();
}

/** The length of the valid UTF-8 sequence at `i`, or 0. */
function sequenceLength(bytes: Buffer, i: number): number {
  for (const length of [1, 2, 3, 4]) if (i + length <= bytes.length && isUtf8(bytes.subarray(i, i + length))) return length;
  return 0;
}

function byteKeyText(key: string): string {
  return nameText(Buffer.from(key, "latin1"));
}

/** A relative byte-string path (system separators) as a `rel` ("/"). */
function relOfKey(key: string): string {
  return key === "" ? "" : key.split(sep).map((part) => nameText(Buffer.from(part, "latin1"))).join("/");
}

function linkText(path: string | Buffer): string | undefined {
  try {
    return nameText(readlinkSync(path, { encoding: "buffer" }));
  } catch {
    return undefined;
  }
}

/** A .gitignore and the folder (relative to the root, "" for the root) its patterns are relative to. */
interface IgnoreRule {
  base: string;
  ig: Ignore;
}

function isIgnored(rel: string, isDir: boolean, rules: IgnoreRule[], extra: Ignore | undefined): boolean {
  const suffix = isDir ? "/" : "";
  if (extra?.ignores(rel + suffix)) return true;
  // A `.env.*` pattern keeps real env files out of git, while the example beside them is committed anyway (git tracks a
  // file added before the pattern, or with -f): on disk, it is read as the example it is.
  if (!isDir && isExampleEnvName(rel.slice(rel.lastIndexOf("/") + 1))) return false;
  for (const { base, ig } of rules) {
    // Entries are always under the folder of an ancestor's .gitignore.
    const local = base ? rel.slice(base.length + 1) : rel;
    if (local && ig.ignores(local + suffix)) return true;
  }
  return false;
}
