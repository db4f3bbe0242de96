import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { errnoCode } from "../../shared/errors.js";
import type { Diagnostic } from "../types.js";

/**
 * Lists the files a scan looks at. Never throws on odd trees: unreadable
 * folders and symlink loops become diagnostics and the walk goes on.
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

export const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

export type FileKind = "source" | "package" | "compose" | "env" | "prisma" | "sql" | "tsconfig" | "pnpm-workspace" | "yaml" | "nx-project";

export interface FileEntry {
  /** Relative to the scan root, with "/". */
  rel: string;
  abs: string;
  kind: FileKind;
}

export interface WalkResult {
  files: FileEntry[];
  diagnostics: Diagnostic[];
}

const COMPOSE_NAME = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/;

/** What kind of file this name is, or undefined when the scan has no use for it. */
export function classifyFile(name: string): FileKind | undefined {
  if (name.endsWith(".d.ts") || name.endsWith(".d.mts") || name.endsWith(".d.cts")) return undefined;
  if (name.endsWith(".min.js")) return undefined;
  if (SOURCE_EXTENSIONS.some((ext) => name.endsWith(ext))) return "source";
  if (name === "package.json") return "package";
  if (name === "project.json") return "nx-project";
  if (COMPOSE_NAME.test(name)) return "compose";
  if (name === ".env" || name.startsWith(".env.") || name.endsWith(".env")) return "env";
  if (name.endsWith(".prisma")) return "prisma";
  if (name.endsWith(".sql")) return "sql";
  if (name === "tsconfig.json") return "tsconfig";
  if (name === "pnpm-workspace.yaml") return "pnpm-workspace";
  if (name.endsWith(".yaml") || name.endsWith(".yml")) return "yaml";
  return undefined;
}

export interface WalkOptions {
  /** Extra ignore patterns (gitignore syntax), relative to the root. */
  ignore?: string[];
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
  /** Scan test files too (default false: tests start fake servers and call things no request path does). */
  tests?: boolean;
}

/** Test folders and files, left out unless `tests: true`. */
export const TEST_DIRS = new Set(["test", "tests", "__tests__", "__mocks__", "e2e", "spec", "fixtures", "__fixtures__"]);
export const TEST_FILE = /\.(test|spec|e2e-spec|bench)\.[cm]?[jt]sx?$/;

export function walkFiles(root: string, opts: WalkOptions = {}): WalkResult {
  const files: FileEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const extra = opts.ignore?.length ? ignore().add(opts.ignore) : undefined;
  const useGitignore = opts.gitignore !== false;
  const visited = new Set<string>();

  const toRel = (abs: string): string => relative(root, abs).split(sep).join("/");

  /** `rules` holds each ancestor's .gitignore with the folder it is relative to. */
  const visit = (dir: string, rules: { base: string; ig: Ignore }[]): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (error) {
      diagnostics.push({ kind: "unreadable", file: toRel(dir) || ".", message: `cannot resolve folder (${errnoCode(error) ?? "error"})` });
      return;
    }
    if (visited.has(real)) {
      diagnostics.push({ kind: "symlink-loop", file: toRel(dir), message: "folder already scanned through another path (symlink loop or duplicate link); skipped" });
      return;
    }
    visited.add(real);

    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      diagnostics.push({ kind: "unreadable", file: toRel(dir) || ".", message: `cannot read folder (${errnoCode(error) ?? "error"})` });
      return;
    }

    let here = rules;
    if (useGitignore && entries.some((entry) => entry.name === ".gitignore")) {
      try {
        const ig = ignore().add(readFileSync(join(dir, ".gitignore"), "utf8"));
        here = [...rules, { base: dir, ig }];
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }

    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(abs);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          const code = errnoCode(error);
          diagnostics.push({
            kind: code === "ELOOP" ? "symlink-loop" : "unreadable",
            file: toRel(abs),
            message: code === "ELOOP" ? "symlink loop; skipped" : `broken symlink (${code ?? "error"}); skipped`,
          });
          continue;
        }
      }
      if (isDir && ALWAYS_IGNORED_DIRS.has(entry.name)) continue;
      if (!opts.tests && (isDir ? TEST_DIRS.has(entry.name) : TEST_FILE.test(entry.name))) continue;
      const rel = toRel(abs);
      if (isIgnored(rel, abs, isDir, here, extra)) continue;
      if (isDir) {
        visit(abs, here);
      } else if (isFile) {
        const kind = classifyFile(entry.name);
        if (!kind) continue;
        files.push({ rel, abs, kind });
      }
    }
  };

  let rootStat;
  try {
    rootStat = statSync(root);
  } catch (error) {
    diagnostics.push({ kind: "unreadable", file: ".", message: `cannot read ${root} (${errnoCode(error) ?? "error"})` });
    return { files, diagnostics };
  }
  if (rootStat.isDirectory()) visit(root, []);
  return { files, diagnostics };
}

function isIgnored(rel: string, abs: string, isDir: boolean, rules: { base: string; ig: Ignore }[], extra: Ignore | undefined): boolean {
  const suffix = isDir ? "/" : "";
  if (extra?.ignores(rel + suffix)) return true;
  for (const { base, ig } of rules) {
    const local = relative(base, abs).split(sep).join("/");
    if (local && ig.ignores(local + suffix)) return true;
  }
  return false;
}
