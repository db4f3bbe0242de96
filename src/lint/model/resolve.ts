import { posix } from "node:path";
import { GLOBAL_DIR_PREFIX } from "../extract/module-paths.js";
import type { FileFacts } from "../types.js";
import { imagePathOf, repoPathOf, type ImageLayout } from "../discover/image-layouts.js";

/**
 * Module resolution without a compiler: relative specifiers (with the
 * `.js` → `.ts` mapping ESM TypeScript uses), each package's tsconfig
 * `paths`, and workspace package names.
 */

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const INDEXES = EXTENSIONS.map((ext) => `/index${ext}`);
/** The build output folder a package's subpath may start with (`build/tracing`): its source is under src/. */
const BUILD_OUTPUT = /^(dist|build|lib|out)\//;

export interface PathsConfig {
  /** Folder of the tsconfig.json, relative to the root. */
  dir: string;
  baseUrl: string;
  /** The tsconfig writes its baseUrl: bare specifiers are also looked up under it, as TypeScript does. */
  baseUrlSet?: true;
  paths: Record<string, string[]>;
}

export interface ResolverInput {
  files: ReadonlySet<string>;
  /** Workspace package name → folder. */
  workspacePackages: Record<string, string>;
  /** Package folder → package.json main (for workspace entry points). */
  packageMains: Record<string, string | undefined>;
  tsconfigs: PathsConfig[];
  /** A path as the scan reads it: through in-scan symlinks to their targets (see throughLinks). */
  canonical?: (rel: string) => string | undefined;
  /** Folders globals hold (`global.appRoot = path.resolve(__dirname)`), for `${global.appRoot}/…` specifiers: see globalDirsOf. */
  globalDirs?: GlobalDir[];
  /** Package name → every folder of a package by that name, when there are several (a service's private copy of a library). */
  packageCopies?: Record<string, string[]>;
  /** Whether a file the scan does not read is there (a declaration file, `types.d.ts`): asked only for imports that resolve to no source. */
  exists?: (rel: string) => boolean;
  /** Where Dockerfiles put the repository's folders in their images (discover/image-layouts.ts), for relative imports that reach no file here. */
  imageLayouts?: ImageLayout[];
}

/**
 * Babel's module-resolver aliases and roots (FileFacts.babelAliases) as resolver entries for the folder of their config
 * file: `alias: { "#root": "./src" }` resolves `#root` and `#root/x` under `src`; `root: ["./src"]` looks bare
 * specifiers up under `src`, as tsconfig's `baseUrl` does.
 */
export function babelPathsConfigs(facts: Iterable<FileFacts>): PathsConfig[] {
  const out: PathsConfig[] = [];
  for (const f of facts) {
    if (!f.babelAliases) continue;
    const dir = posix.dirname(f.file) === "." ? "" : posix.dirname(f.file);
    const paths: Record<string, string[]> = {};
    for (const [name, target] of Object.entries(f.babelAliases.alias)) {
      paths[name] = [target];
      paths[`${name}/*`] = [`${target.replace(/\/+$/, "")}/*`];
    }
    if (Object.keys(paths).length) out.push({ dir, baseUrl: ".", paths });
    for (const root of f.babelAliases.root ?? []) out.push({ dir, baseUrl: root, baseUrlSet: true, paths: {} });
  }
  return out;
}

/** A global that holds a folder: its name and the folder, relative to the root. */
export interface GlobalDir {
  name: string;
  dir: string;
}

/** The folders the scanned files point globals at (FileFacts.globalDirs), relative to the root. */
export function globalDirsOf(facts: Iterable<FileFacts>): GlobalDir[] {
  const out: GlobalDir[] = [];
  for (const f of facts) {
    for (const g of f.globalDirs ?? []) out.push({ name: g.name, dir: posix.normalize(posix.join(posix.dirname(f.file), g.path)) });
  }
  return out;
}

/** Package name → its folders, for the names two or more package.json files of the scan declare (ResolverInput.packageCopies). */
export function packageCopies(packages: readonly { name?: string; dir: string }[]): Record<string, string[]> | undefined {
  const byName = new Map<string, string[]>();
  for (const pkg of packages) if (pkg.name) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg.dir]);
  const copies = [...byName].filter(([, dirs]) => dirs.length > 1);
  return copies.length ? Object.fromEntries(copies) : undefined;
}

/** A relative specifier of code: no extension, or a script's (`./api`, `./client.js`), not a stylesheet's or an image's. */
const CODE_SPECIFIER = /(^|\/)[^/.]*\/?$|\.[cm]?[jt]sx?$/;
/** `./x`, `../x`, `.`, `..`: not `.prisma/client`, a package folder of node_modules. */
const RELATIVE = /^\.\.?(\/|$)/;

export class ModuleResolver {
  /**
   * By the importing file's folder, then specifier: what a specifier resolves
   * to depends only on the folder it is written in (relative paths, the
   * nearest tsconfig, workspace names), so sibling files share the work.
   */
  private readonly cache = new Map<string, Map<string, string | undefined>>();
  private readonly tsconfigsByDepth: PathsConfig[];

  constructor(private readonly input: ResolverInput) {
    this.tsconfigsByDepth = [...input.tsconfigs].sort((a, b) => b.dir.length - a.dir.length);
  }

  resolve(fromFile: string, specifier: string): string | undefined {
    const dir = fromFile.slice(0, Math.max(0, fromFile.lastIndexOf("/")));
    let byDir = this.cache.get(dir);
    if (!byDir) this.cache.set(dir, (byDir = new Map()));
    let result = byDir.get(specifier);
    if (result === undefined && !byDir.has(specifier)) {
      this.foldedNow = false;
      result = this.resolveUncached(fromFile, specifier);
      byDir.set(specifier, result);
      if (this.foldedNow && result !== undefined) this.folded.push({ from: fromFile, specifier, file: result });
      if (result === undefined && RELATIVE.test(specifier) && CODE_SPECIFIER.test(specifier) && !this.declared(fromFile, specifier)) this.missed.push({ from: fromFile, specifier });
    }
    return result;
  }

  private resolveUncached(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith(GLOBAL_DIR_PREFIX)) return this.fromGlobalDir(fromFile, specifier);
    if (specifier.startsWith(".")) {
      const dir = posix.dirname(fromFile);
      const path = posix.normalize(posix.join(dir === "." ? "" : dir, specifier)).replace(/\/+$/, "");
      // `../../messages`, a sibling package's folder: Node loads what its package.json names.
      return this.tryFile(path) ?? (path in this.input.packageMains ? this.packageEntry(path) : undefined) ?? this.inImage(fromFile, specifier);
    }
    // tsconfig paths of the nearest tsconfig that declares them
    for (const path of this.aliasTargets(fromFile, specifier)) {
      const found = this.tryFile(path);
      if (found) return found;
    }
    // Under the nearest tsconfig's baseUrl, when it writes one (`apps/billing/src/dto` from a NestJS monorepo's root,
    // `src/users/users.service` in a service): TypeScript resolves a bare specifier there after its paths.
    const based = this.tsconfigsByDepth.find((config) => config.baseUrlSet && (!config.dir || fromFile.startsWith(`${config.dir}/`)));
    if (based) {
      const found = this.tryFile(posix.normalize(posix.join(based.dir, based.baseUrl, specifier)));
      if (found) return found;
    }
    // workspace packages
    for (const [name, first] of Object.entries(this.input.workspacePackages)) {
      if (specifier !== name && !specifier.startsWith(`${name}/`)) continue;
      const dir = this.copyFor(name, fromFile) ?? first;
      const sub = specifier.slice(name.length + 1);
      // `@acme/common/build/tracing`: a subpath of the package's build output, whose source the scan has under src/.
      if (sub) return this.tryFile(posix.join(dir, sub)) ?? this.tryFile(posix.join(dir, "src", sub.replace(BUILD_OUTPUT, "")));
      const found = this.packageEntry(dir);
      if (found) return found;
    }
    return undefined;
  }

  /** `import { Order } from "../types/types"` of a `types.d.ts`: types only, which TypeScript finds and no code needs. */
  private declared(fromFile: string, specifier: string): boolean {
    const exists = this.input.exists;
    if (!exists) return false;
    const dir = posix.dirname(fromFile);
    const path = posix.normalize(posix.join(dir === "." ? "" : dir, specifier)).replace(/\/+$/, "").replace(/\.[cm]?js$/, "");
    return [".d.ts", ".d.mts", ".d.cts", "/index.d.ts"].some((ending) => exists(`${path}${ending}`));
  }

  /**
   * The paths a specifier names through the tsconfig `paths` that apply to the importing file, in the order TypeScript
   * tries them, whether or not a file is there (a generated client's folder is not in the repository).
   */
  aliasTargets(fromFile: string, specifier: string): string[] {
    const paths: string[] = [];
    for (const config of this.tsconfigsByDepth) {
      if (config.dir && !fromFile.startsWith(`${config.dir}/`)) continue;
      for (const [pattern, targets] of Object.entries(config.paths)) {
        const star = pattern.indexOf("*");
        let captured: string | undefined;
        if (star < 0) captured = pattern === specifier ? "" : undefined;
        else if (specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1))) {
          captured = specifier.slice(star, specifier.length - (pattern.length - star - 1));
        }
        if (captured === undefined) continue;
        for (const target of targets) paths.push(posix.normalize(posix.join(config.dir, config.baseUrl, target.replace("*", captured))));
      }
    }
    return paths;
  }

  /** The file a package folder's name loads: its main (read from src/ when it names the build output), else src/index or index. */
  private packageEntry(dir: string): string | undefined {
    const main = this.input.packageMains[dir];
    const candidates = [main && posix.join(dir, main), posix.join(dir, "src/index"), posix.join(dir, "index")].filter((c): c is string => Boolean(c));
    for (const candidate of candidates) {
      const found = this.tryFile(candidate) ?? this.tryFile(candidate.replace(/^(.*?)\/(dist|build|lib)\//, "$1/src/"));
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Of several packages by one name, the one Node finds from `fromFile`: a copy beside a folder the file is in (the
   * nearest: `services/web/common` for `services/web/src/app.ts`, whose `file:./common` links it into
   * `services/web/node_modules`), else the one nearest the top of the repository (a shared `packages/common` rather
   * than a copy inside another service's folder).
   */
  private copyFor(name: string, fromFile: string): string | undefined {
    const copies = this.input.packageCopies?.[name];
    if (!copies) return undefined;
    const depthOf = (dir: string): number => (dir === "." ? 0 : dir.split("/").length);
    let near: { dir: string; depth: number } | undefined;
    let top: { dir: string; depth: number } | undefined;
    for (const dir of copies) {
      const parent = posix.dirname(dir);
      const depth = depthOf(parent);
      if ((depth === 0 || fromFile.startsWith(`${parent}/`)) && (!near || depth > near.depth)) near = { dir, depth };
      if (!top || depth < top.depth) top = { dir, depth };
    }
    return (near ?? top)?.dir;
  }

  /**
   * `${global.appRoot}/routes/orders`: from the folder the global holds. Several services of a repository may each set
   * their own `appRoot`; the one set nearest the requiring file (the longest folder prefix they share) is the one its
   * process runs with, and two at the same distance leave it unknown.
   */
  private fromGlobalDir(fromFile: string, specifier: string): string | undefined {
    const end = specifier.indexOf("}");
    const name = specifier.slice(GLOBAL_DIR_PREFIX.length, end);
    const rest = specifier.slice(end + 1).replace(/^\/+/, "");
    let best: { dir: string; shared: number } | undefined;
    let tie = false;
    for (const g of this.input.globalDirs ?? []) {
      if (g.name !== name) continue;
      const shared = sharedFolderDepth(fromFile, g.dir);
      if (best && best.dir === g.dir) continue;
      if (!best || shared > best.shared) {
        best = { dir: g.dir, shared };
        tie = false;
      } else if (shared === best.shared) tie = true;
    }
    if (!best || tie) return undefined;
    return this.tryFile(posix.normalize(posix.join(best.dir === "." ? "" : best.dir, rest)));
  }

  /** The file a path names: exactly, else (a last resort) in other letter case. */
  /**
   * `../shared/paths` from a file whose image holds another folder of the repository at that place (`COPY ./shared
   * /app/src/shared` beside `COPY ./gateway/src /app/src`): the file the import reaches inside the image, when exactly
   * one such file of the repository answers across the images that hold the importing file.
   */
  private inImage(fromFile: string, specifier: string): string | undefined {
    const found = new Set<string>();
    for (const layout of this.input.imageLayouts ?? []) {
      const at = imagePathOf(layout, fromFile);
      if (at === undefined) continue;
      const target = repoPathOf(layout, posix.join(posix.dirname(at), specifier));
      const file = target === undefined ? undefined : this.tryFile(target);
      if (file !== undefined) found.add(file);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  private tryFile(path: string): string | undefined {
    const exact = this.tryPaths(path);
    if (exact !== undefined) return exact;
    this.folding = true;
    try {
      return this.tryPaths(path);
    } finally {
      this.folding = false;
    }
  }

  private tryPaths(path: string): string | undefined {
    // `require("../utils/")` names the folder's index as `../utils` does.
    const clean = path.replace(/^\.\//, "").replace(/\/+$/, "");
    // require("./config.json"): a settings file the scan reads (extract/datastores/json-config.ts), named whole.
    if (EXTENSIONS.some((ext) => clean.endsWith(ext)) || clean.endsWith(".json")) {
      const found = this.file(clean);
      if (found) return found;
    }
    const stem = clean.replace(/\.(m|c)?js$/, "").replace(/\.jsx$/, "");
    for (const ext of EXTENSIONS) {
      const found = this.file(stem + ext);
      if (found) return found;
    }
    // require("./config/development") of development.json: Node tries .json after the code extensions.
    const json = this.file(`${clean}.json`);
    if (json) return json;
    for (const index of INDEXES) {
      const found = this.file(clean + index);
      if (found) return found;
    }
    return undefined;
  }

  /** The scanned file at this path, by the path the scan lists it at (a symlink's target). */
  private file(path: string): string | undefined {
    const { files, canonical } = this.input;
    const listed = canonical ? canonical(path) : path;
    if (listed === undefined) return undefined;
    if (files.has(listed)) return listed;
    if (!this.folding) return undefined;
    // require("./Routes/ride.route") of Routes/ride.Route.js: code written on a case-insensitive disk (macOS, Windows)
    // loads the file there; read as that file when exactly one matches in other letter case, and said so (caseFolded).
    const folded = this.byLowerCase().get(listed.toLowerCase());
    if (folded?.length !== 1) return undefined;
    this.foldedNow = true;
    return folded[0];
  }

  private lowerCase?: Map<string, string[]>;
  /** Whether a path may match in other letter case (tryFile's second pass). */
  private folding = false;
  /** Set while one specifier is resolved when a path matched only in other letter case. */
  private foldedNow = false;
  private readonly folded: { from: string; specifier: string; file: string }[] = [];
  private readonly missed: { from: string; specifier: string }[] = [];

  private byLowerCase(): Map<string, string[]> {
    if (!this.lowerCase) {
      this.lowerCase = new Map();
      for (const file of this.input.files) {
        const key = file.toLowerCase();
        this.lowerCase.set(key, [...(this.lowerCase.get(key) ?? []), file]);
      }
    }
    return this.lowerCase;
  }

  /** The imports that reached a file only in other letter case (on Linux, in a container, such a require fails): once per folder and specifier. */
  caseFolded(): readonly { from: string; specifier: string; file: string }[] {
    return this.folded;
  }

  /** Relative imports of code that reached no file of the scan (generated at build time, git-ignored, deleted): once per folder and specifier. */
  missing(): readonly { from: string; specifier: string }[] {
    return this.missed;
  }
}

/** How many leading folders a file's path and a folder share. */
function sharedFolderDepth(file: string, dir: string): number {
  const a = file.split("/").slice(0, -1);
  const b = dir === "." ? [] : dir.split("/");
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Follows exports and re-exports to the file and file-local id that defines `name`. */
export function resolveExport(
  facts: ReadonlyMap<string, FileFacts>,
  resolver: ModuleResolver,
  file: string,
  name: string,
  depth = 0,
): { file: string; id: string } | undefined {
  if (depth > 10) return undefined;
  const fileFacts = facts.get(file);
  if (!fileFacts) return undefined;
  const id = fileFacts.exports[name];
  if (id) return { file, id };
  for (const reexport of fileFacts.reexports) {
    if (reexport.name !== name && reexport.name !== "*") continue;
    const target = resolver.resolve(file, reexport.specifier);
    if (!target) continue;
    const found = resolveExport(facts, resolver, target, reexport.name === "*" ? name : reexport.imported, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The function a bare callee name stands for in a file: the file's own `fn:<name>`, or, when the name is imported,
 * the export the import resolves to. Undefined when the import leads to no file or no such export.
 */
export function calleeFunction(
  facts: ReadonlyMap<string, FileFacts>,
  resolver: ModuleResolver,
  f: FileFacts,
  callee: string,
  object?: string,
): { file: string; id: string } | undefined {
  if (object !== undefined) return staticFunction(facts, resolver, f, object, callee);
  const binding = f.imports.find((i) => i.local === callee && i.imported !== "*");
  if (!binding) return { file: f.file, id: `fn:${callee}` };
  const target = resolver.resolve(f.file, binding.specifier);
  return target ? resolveExport(facts, resolver, target, binding.imported) : undefined;
}

/**
 * `Owner.name` called as a function: a static method of a class of this file (`fn:Owner.name`) or of the class an import
 * names (`import Clients from "./clients"` → `fn:Clients.name` in that file), or a function a namespace import exports.
 */
function staticFunction(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, f: FileFacts, owner: string, name: string): { file: string; id: string } | undefined {
  const binding = f.imports.find((i) => i.local === owner);
  if (!binding) return { file: f.file, id: `fn:${owner}.${name}` };
  const target = resolver.resolve(f.file, binding.specifier);
  if (!target) return undefined;
  if (binding.imported === "*") return resolveExport(facts, resolver, target, name);
  const found = resolveExport(facts, resolver, target, binding.imported);
  return found?.id.startsWith("class:") ? { file: found.file, id: `fn:${found.id.slice("class:".length)}.${name}` } : undefined;
}
