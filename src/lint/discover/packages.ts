import { minimatch } from "minimatch";
import type { Diagnostic } from "../types.js";
import type { FileEntry, FileSet, ReadText } from "./files.js";
import { safeYaml } from "./yaml.js";

/**
 * The repository's package.json files and its workspaces (npm, yarn and pnpm):
 * which packages exist, which are workspace roots, which are their members.
 * Pure: file contents come through `read`.
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
  "restify",
  "kafkajs",
  "@platformatic/kafka",
  "amqplib",
  "amqp-connection-manager",
  "nats",
];

/** Files that count as a server entry when package.json names none. */
const ENTRY_CANDIDATES = ["src/server.ts", "src/main.ts", "src/index.ts", "src/app.ts", "server.js", "index.js", "main.js", "src/server.js", "src/index.js", "app.js", "index.ts", "server.ts", "main.ts"];

export interface PackageInfo {
  dir: string;
  file: string;
  name?: string;
  deps: string[];
  scripts: Record<string, string>;
  main?: string;
  workspaces: string[];
}

export interface Workspaces {
  /** Workspace root folder → its member patterns. */
  roots: Map<string, string[]>;
  /** Folders of the packages that some workspace root lists. */
  members: Set<string>;
  /** Workspace package name → folder. */
  packages: Record<string, string>;
}

export function readPackages(files: readonly FileEntry[], read: ReadText, diagnostics: Diagnostic[]): PackageInfo[] {
  const packages: PackageInfo[] = [];
  for (const file of files) {
    if (file.kind !== "package") continue;
    const info = readPackage(file.rel, read, diagnostics);
    if (info) packages.push(info);
  }
  return packages;
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

/** A package that runs a server or a consumer: a server dependency and something to start. */
export function isServicePackage(pkg: PackageInfo, fileSet: FileSet): boolean {
  const runsSomething = pkg.deps.some((dep) => SERVER_DEPENDENCIES.includes(dep));
  if (!runsSomething) return false;
  const join = (p: string) => (pkg.dir ? `${pkg.dir}/${p}` : p);
  if (pkg.scripts.start || pkg.scripts.dev || pkg.main) return true;
  return ENTRY_CANDIDATES.some((candidate) => fileSet.has(join(candidate)));
}

/** `@acme/orders` → `orders`. */
export function unscoped(name: string | undefined): string | undefined {
  return name?.replace(/^@[^/]+\//, "");
}

function readPackage(rel: string, read: ReadText, diagnostics: Diagnostic[]): PackageInfo | undefined {
  const text = read(rel);
  if (text === undefined) return undefined;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    diagnostics.push({ kind: "config-file", file: rel, message: `package.json is not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
  if (!json || typeof json !== "object") return undefined;
  const deps = new Set<string>();
  for (const key of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
    const block = json[key];
    if (block && typeof block === "object") for (const name of Object.keys(block)) deps.add(name);
  }
  const ws = json.workspaces;
  const workspaces = Array.isArray(ws) ? ws : ws && typeof ws === "object" && Array.isArray((ws as { packages?: unknown }).packages) ? (ws as { packages: unknown[] }).packages : [];
  return {
    dir: folderOf(rel),
    file: rel,
    ...(typeof json.name === "string" ? { name: json.name } : {}),
    deps: [...deps],
    scripts: json.scripts && typeof json.scripts === "object" ? (json.scripts as Record<string, string>) : {},
    ...(typeof json.main === "string" ? { main: json.main } : {}),
    workspaces: workspaces.filter((p): p is string => typeof p === "string"),
  };
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
