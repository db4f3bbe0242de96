import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join, sep } from "node:path";
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

  /**
   * `rel` is the folder relative to the root ("" for the root), built by
   * appending names rather than with path.relative per entry (10,000 files
   * made that a visible share of the walk). `rules` holds each ancestor's
   * .gitignore with the relative folder it applies to.
   */
  const visit = (dir: string, relDir: string, rules: IgnoreRule[]): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (error) {
      diagnostics.push({ kind: "unreadable", file: relDir || ".", message: `cannot resolve folder (${errnoCode(error) ?? "error"})` });
      return;
    }
    if (visited.has(real)) {
      diagnostics.push({ kind: "symlink-loop", file: relDir, message: "folder already scanned through another path (symlink loop or duplicate link); skipped" });
      return;
    }
    visited.add(real);

    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      diagnostics.push({ kind: "unreadable", file: relDir || ".", message: `cannot read folder (${errnoCode(error) ?? "error"})` });
      return;
    }

    let here = rules;
    if (useGitignore && entries.some((entry) => entry.name === ".gitignore")) {
      try {
        const ig = ignore().add(readFileSync(join(dir, ".gitignore"), "utf8"));
        here = [...rules, { base: relDir, ig }];
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }

    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const dirPrefix = dir.endsWith(sep) ? dir : dir + sep;
    for (const entry of entries) {
      const abs = dirPrefix + entry.name;
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
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
            file: rel,
            message: code === "ELOOP" ? "symlink loop; skipped" : `broken symlink (${code ?? "error"}); skipped`,
          });
          continue;
        }
      }
      if (isDir && ALWAYS_IGNORED_DIRS.has(entry.name)) continue;
      if (!opts.tests && (isDir ? TEST_DIRS.has(entry.name) : TEST_FILE.test(entry.name))) continue;
      if (isDir) {
        if (!isIgnored(rel, true, here, extra)) visit(abs, rel, here);
      } else if (isFile) {
        // Classified first: most files of a tree are of no use, and need no ignore check.
        const kind = classifyFile(entry.name);
        if (kind && !isIgnored(rel, false, here, extra)) files.push({ rel, abs, kind });
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
  if (rootStat.isDirectory()) visit(root, "", []);
  return { files, diagnostics };
}

/** A .gitignore and the folder (relative to the root, "" for the root) its patterns are relative to. */
interface IgnoreRule {
  base: string;
  ig: Ignore;
}

function isIgnored(rel: string, isDir: boolean, rules: IgnoreRule[], extra: Ignore | undefined): boolean {
  const suffix = isDir ? "/" : "";
  if (extra?.ignores(rel + suffix)) return true;
  for (const { base, ig } of rules) {
    // Entries are always under the folder of an ancestor's .gitignore.
    const local = base ? rel.slice(base.length + 1) : rel;
    if (local && ig.ignores(local + suffix)) return true;
  }
  return false;
}
