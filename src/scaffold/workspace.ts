import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { minimatch } from "minimatch";
import { parseDocument, isSeq } from "yaml";
import { UsageError } from "../shared/errors.js";

/**
 * Monorepo awareness: inside a workspace root, a new service goes into the
 * workspace's services folder and is added to its workspaces list, so the
 * package manager links it like any other package.
 */

export type WorkspaceTool = "npm" | "yarn" | "pnpm" | "nx" | "turbo";

export interface Workspace {
  root: string;
  /** Every tool whose marker is at the root, e.g. ["npm", "turbo"]. */
  tools: WorkspaceTool[];
  /** Where package globs are declared; undefined for an Nx repo without package workspaces. */
  listFile?: "package.json" | "pnpm-workspace.yaml";
  patterns: string[];
  /** Folder (relative to root) that new services go into. */
  servicesDir: string;
}

export interface FileUpdate {
  path: string;
  content: string;
}

/** Walks up from `start` to the first folder that is a workspace root. */
export function findWorkspace(start: string): Workspace | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const workspace = readWorkspace(dir);
    if (workspace) return workspace;
    if (dirname(dir) === dir) return undefined;
  }
}

function readWorkspace(dir: string): Workspace | undefined {
  const tools: WorkspaceTool[] = [];
  let listFile: Workspace["listFile"];
  let patterns: string[] = [];

  const pnpmFile = join(dir, "pnpm-workspace.yaml");
  if (existsSync(pnpmFile)) {
    tools.push("pnpm");
    listFile = "pnpm-workspace.yaml";
    patterns = readPnpmPatterns(pnpmFile);
  }
  const manifest = readPackageJson(join(dir, "package.json"));
  const declared = manifest ? packageJsonWorkspaces(manifest) : undefined;
  if (declared && !listFile) {
    tools.push(existsSync(join(dir, "yarn.lock")) || existsSync(join(dir, ".yarnrc.yml")) ? "yarn" : "npm");
    listFile = "package.json";
    patterns = declared;
  }
  const nx = readJson(join(dir, "nx.json"));
  if (nx !== undefined) tools.push("nx");
  if (existsSync(join(dir, "turbo.json"))) tools.push("turbo");
  if (tools.length === 0) return undefined;

  const nxAppsDir = (nx as { workspaceLayout?: { appsDir?: unknown } } | undefined)?.workspaceLayout?.appsDir;
  return { root: dir, tools, listFile, patterns, servicesDir: chooseServicesDir(patterns, typeof nxAppsDir === "string" ? nxAppsDir : undefined, tools) };
}

/** Prefer a declared `services/*`, then `apps/*`, then Nx's appsDir, then "services". */
export function chooseServicesDir(patterns: string[], nxAppsDir: string | undefined, tools: WorkspaceTool[]): string {
  const folders = patterns.map((pattern) => pattern.replace(/^\.\//, "").split("/")[0] ?? "").filter((f) => f && !f.includes("*") && !f.startsWith("!"));
  for (const preferred of ["services", "apps"]) if (folders.includes(preferred)) return preferred;
  if (nxAppsDir) return nxAppsDir.replace(/\/+$/, "");
  if (tools.includes("nx")) return "apps";
  return "services";
}

/** The edit that adds `target` to the workspace list, or undefined when a pattern already covers it. */
export function planWorkspaceRegistration(workspace: Workspace, target: string): FileUpdate | undefined {
  if (!workspace.listFile) return undefined;
  const rel = relative(workspace.root, target).split(sep).join("/");
  if (rel === "" || rel === ".." || rel.startsWith("../")) return undefined;
  if (isCovered(rel, workspace.patterns)) return undefined;
  const path = join(workspace.root, workspace.listFile);
  const original = readFileSync(path, "utf8");
  const content = workspace.listFile === "package.json" ? addToPackageJson(original, rel, path) : addToPnpmWorkspace(original, rel);
  return { path, content };
}

export function isCovered(rel: string, patterns: string[]): boolean {
  let covered = false;
  for (const raw of patterns) {
    const pattern = raw.replace(/^\.\//, "").replace(/\/+$/, "");
    if (pattern.startsWith("!")) {
      if (minimatch(rel, pattern.slice(1))) covered = false;
    } else if (minimatch(rel, pattern)) {
      covered = true;
    }
  }
  return covered;
}

function addToPackageJson(original: string, rel: string, path: string): string {
  const manifest = parseJsonOrThrow(original, path) as { workspaces?: string[] | { packages?: string[] } };
  if (Array.isArray(manifest.workspaces)) manifest.workspaces.push(rel);
  else if (manifest.workspaces && Array.isArray(manifest.workspaces.packages)) manifest.workspaces.packages.push(rel);
  else manifest.workspaces = [rel];
  const indent = /^[ \t]+(?=")/m.exec(original)?.[0] ?? "  ";
  return `${JSON.stringify(manifest, null, indent)}${original.endsWith("\n") ? "\n" : ""}`;
}

function addToPnpmWorkspace(original: string, rel: string): string {
  // Edit through the YAML document so the user's comments and layout survive.
  const document = parseDocument(original);
  const packages = document.get("packages");
  if (isSeq(packages)) packages.add(rel);
  else document.set("packages", [rel]);
  return document.toString();
}

function readPnpmPatterns(file: string): string[] {
  const document = parseDocument(readFileSync(file, "utf8"));
  if (document.errors.length > 0) throw new UsageError(`${file}: not valid YAML (${document.errors[0]?.message.split("\n")[0]}); fix it or pass --dir`);
  const packages = document.toJS()?.packages;
  return Array.isArray(packages) ? packages.filter((p): p is string => typeof p === "string") : [];
}

function packageJsonWorkspaces(manifest: unknown): string[] | undefined {
  const workspaces = (manifest as { workspaces?: unknown }).workspaces;
  if (Array.isArray(workspaces)) return workspaces.filter((p): p is string => typeof p === "string");
  const packages = (workspaces as { packages?: unknown } | undefined)?.packages;
  if (Array.isArray(packages)) return packages.filter((p): p is string => typeof p === "string");
  return undefined;
}

function readPackageJson(path: string): unknown {
  return readJson(path);
}

function readJson(path: string): unknown {
  if (!existsSync(path)) return undefined;
  return parseJsonOrThrow(readFileSync(path, "utf8"), path);
}

function parseJsonOrThrow(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message}); fix it or pass --dir`);
  }
}
