import { posix } from "node:path";
import type { Diagnostic, Location, ServiceSource } from "../types.js";
import { ts } from "../ts.js";
import type { ReadText } from "./files.js";

/**
 * What the monorepo tools (NestJS CLI, Nx) declare: projects with a folder,
 * each an application (a service) or a library (imported by services).
 */
export interface MonorepoProject {
  name: string;
  /** Folder relative to the scan root. */
  root: string;
  type: "application" | "library";
  source: Extract<ServiceSource, "nest-cli" | "nx">;
  /** An application that runs in the browser (an Nx React or Angular app): no service, whatever deploys it. */
  browser?: boolean;
  location: Location;
}

/**
 * Test-only projects (Nx and Nest generate `<app>-e2e`, also kept together as `web-e2e/iam`, named `web-e2e-iam`):
 * neither a service nor a library.
 */
export function isEndToEndProject(name: string, root: string): boolean {
  return /(^|-)e2e(-|$)/.test(name) || root.split("/").some((segment) => /(^|-)e2e$/.test(segment));
}

/**
 * A path a config file names, relative to the config's folder, as a folder relative to the scan root:
 * undefined when it leaves the scanned tree.
 */
export function folderIn(base: string, path: string): string | undefined {
  const joined = posix.normalize(posix.join(base || ".", path)).replace(/\/+$/, "");
  if (joined === ".." || joined.startsWith("../") || posix.isAbsolute(joined)) return undefined;
  return joined === "." ? "" : joined;
}

/**
 * A JSON object from a config file, or undefined with a one-line diagnostic when it is not one.
 * Comments and trailing commas are allowed, as the NestJS CLI and Nx allow them (the compiler's
 * tsconfig reader parses them).
 */
export function readJsonObject(rel: string, read: ReadText, diagnostics: Diagnostic[]): Record<string, unknown> | undefined {
  const text = read(rel);
  if (text === undefined) return undefined;
  const parsed = ts.parseConfigFileTextToJson(rel, text);
  if (parsed.error?.code === ROOT_NOT_AN_OBJECT) {
    diagnostics.push({ kind: "config-file", file: rel, message: `${posix.basename(rel)} is not a JSON object` });
    return undefined;
  }
  if (parsed.error || !parsed.config || typeof parsed.config !== "object") {
    const message = parsed.error ? ts.flattenDiagnosticMessageText(parsed.error.messageText, " ") : "empty";
    diagnostics.push({ kind: "config-file", file: rel, message: `${posix.basename(rel)} is not valid JSON: ${message}` });
    return undefined;
  }
  return parsed.config as Record<string, unknown>;
}

/** The compiler's "The root value of a '…' file must be an object" (it names tsconfig.json whatever the file). */
const ROOT_NOT_AN_OBJECT = 5092;

/**
 * The line of `"key":` in a JSON text (1 when not found), for locations that point at a project's
 * entry; with `within`, the first such key after `"within":` (a project named like a top-level key).
 */
export function jsonKeyLine(text: string | undefined, key: string, within?: string): number {
  if (!text) return 1;
  const start = within === undefined ? 0 : Math.max(0, keyOffset(text, within, 0));
  const at = keyOffset(text, key, start);
  return at < 0 ? 1 : text.slice(0, at).split("\n").length;
}

function keyOffset(text: string, key: string, from: number): number {
  const needle = JSON.stringify(key);
  for (let at = text.indexOf(needle, from); at >= 0; at = text.indexOf(needle, at + 1)) {
    if (/^\s*:/.test(text.slice(at + needle.length, at + needle.length + 20))) return at;
  }
  return -1;
}

/** Monorepo tools whose file marks the folder that holds a repository's projects. */
const ROOT_MARKERS = new Set(["nx.json", "workspace.json", "lerna.json", "turbo.json", "rush.json"]);

/**
 * Folders that hold a monorepo's projects rather than being one: workspace roots, the folder of
 * nx.json, workspace.json, lerna.json or turbo.json, and that of a nest-cli.json that lists projects.
 * Their package.json carries the whole repository's dependencies and scripts (`nest start`,
 * `nx serve api`), so it looks like a service while it only starts the apps inside.
 */
export function monorepoRoots(files: readonly { rel: string; kind: string }[], projects: readonly MonorepoProject[], workspaceRoots: Iterable<string>): Set<string> {
  const roots = new Set(workspaceRoots);
  for (const file of files) if (file.kind === "monorepo" && ROOT_MARKERS.has(posix.basename(file.rel))) roots.add(folderOf(file.rel));
  for (const project of projects) roots.add(folderOf(project.location.file));
  return roots;
}

function folderOf(rel: string): string {
  return posix.dirname(rel) === "." ? "" : posix.dirname(rel);
}

/**
 * Projects whose folder holds at least one scanned file. A config often outlives a folder (a
 * generated app deleted later): such a project is left out with a diagnostic, not made a service
 * with nothing in it.
 */
export function projectsOnDisk(projects: readonly MonorepoProject[], files: readonly { rel: string }[], diagnostics: Diagnostic[]): MonorepoProject[] {
  const holdsFiles = folderTest(files);
  return projects.filter((project) => {
    if (project.root === "" || holdsFiles(project.root)) return true;
    diagnostics.push({ kind: "config-file", file: project.location.file, line: project.location.line, message: `${project.source === "nx" ? "Nx project" : "nest-cli.json project"} ${project.name}: its folder ${project.root} holds no scanned file; the project is left out` });
    return false;
  });
}

/**
 * Whether a folder holds one of these files, however deep. Built on first use from the files'
 * own folders (a few hundred in a large repository), so a scan that never asks pays nothing.
 */
export function folderTest(files: readonly { rel: string }[]): (folder: string) => boolean {
  let direct: Set<string> | undefined;
  const answers = new Map<string, boolean>();
  return (folder) => {
    if (folder === "") return files.length > 0;
    direct ??= new Set(files.map((file) => file.rel.slice(0, Math.max(0, file.rel.lastIndexOf("/")))));
    let answer = answers.get(folder);
    if (answer === undefined) {
      const prefix = `${folder}/`;
      answer = direct.has(folder) || [...direct].some((dir) => dir.startsWith(prefix));
      answers.set(folder, answer);
    }
    return answer;
  };
}
