import { posix } from "node:path";
import type { Diagnostic } from "../types.js";
import type { FileEntry, ReadText } from "./files.js";
import { folderIn, isEndToEndProject, jsonKeyLine, readJsonObject, type MonorepoProject } from "./projects.js";

/**
 * NestJS monorepo mode: `nest-cli.json` lists its `projects`, each with a
 * `root` (and `sourceRoot`, `entryFile`), `type: "application"` for an app and
 * `type: "library"` for a library under libs/. The apps usually have no
 * package.json of their own: the one at the root holds every dependency.
 * A nest-cli.json without `projects` is a single app's and says nothing here.
 */

const NEST_CLI_FILES = new Set(["nest-cli.json", ".nestcli.json", ".nest-cli.json", "nest.json"]);

export function readNestProjects(files: readonly FileEntry[], read: ReadText, diagnostics: Diagnostic[]): MonorepoProject[] {
  const projects: MonorepoProject[] = [];
  const entries = new Map<MonorepoProject, string[]>();
  for (const file of files) {
    if (file.kind !== "monorepo" || !NEST_CLI_FILES.has(posix.basename(file.rel))) continue;
    const config = readJsonObject(file.rel, read, diagnostics);
    if (!config) continue;
    const listed = projectsOf(file.rel, config, read(file.rel), diagnostics, entries);
    projects.push(...listed, ...unlistedApplications(file.rel, config, listed, files, diagnostics));
  }
  return withoutNestedModules(projects, entries, files, diagnostics);
}

/**
 * A nest-cli.json left inside an app's own code (`apps/meeting/src/nest-cli.json`, written by running `nest generate app`
 * in the wrong folder) may name the app's module folders as applications (`apps/meeting/src/apps/user-meetup`). One
 * with no entry file of its own (`src/main.ts`, or its sourceRoot and entryFile) inside another application's folder
 * is a part of that app, which imports it: not an app. One with its own entry stays.
 */
function withoutNestedModules(projects: readonly MonorepoProject[], entries: ReadonlyMap<MonorepoProject, string[]>, files: readonly FileEntry[], diagnostics: Diagnostic[]): MonorepoProject[] {
  const apps = projects.filter((project) => project.type === "application");
  if (apps.length < 2) return [...projects];
  const present = new Set(files.map((file) => file.rel));
  return projects.filter((project) => {
    if (project.type !== "application") return true;
    const configDir = posix.dirname(project.location.file);
    const host = apps.find((other) => other !== project && other.root !== "" && posix.dirname(other.location.file) !== configDir && (configDir === other.root || configDir.startsWith(`${other.root}/`)));
    if (!host) return true;
    const candidates = entries.get(project) ?? [];
    if (candidates.some((entry) => ENTRY_EXTENSIONS.some((ext) => present.has(`${entry}${ext}`)))) return true;
    diagnostics.push({ kind: "config-file", file: project.location.file, line: project.location.line, message: `nest-cli.json project ${project.name}: ${project.root} lies inside the application ${host.name} (${host.root}) and has no entry file of its own; taken as a part of ${host.name}, not an app` });
    return false;
  });
}

const ENTRY_EXTENSIONS = [".ts", ".js", ".mts", ".cts", ".mjs", ".cjs"];

/**
 * An app folder beside the listed applications (`apps/mail` next to `apps/auth`) with the entry `nest generate app`
 * writes (`src/main.ts`) that no project of the file names: an application the config forgot, or names at a folder
 * since renamed (`mailing` at `apps/mailing`). `nest start mail` still runs it, so it is one, with a diagnostic.
 */
function unlistedApplications(rel: string, config: Record<string, unknown>, listed: readonly MonorepoProject[], files: readonly FileEntry[], diagnostics: Diagnostic[]): MonorepoProject[] {
  const base = posix.dirname(rel) === "." ? "" : posix.dirname(rel);
  const declaredRoots = new Set(listed.map((project) => project.root));
  // Every folder the file names, those left out for holding nothing included: a project's folder is never an unlisted app.
  const declared = config.projects && typeof config.projects === "object" && !Array.isArray(config.projects) ? Object.values(config.projects as Record<string, unknown>) : [];
  for (const raw of declared) {
    const folder = raw && typeof raw === "object" && !Array.isArray(raw) ? projectFolder(raw as Record<string, unknown>) : undefined;
    const root = folder === undefined ? undefined : folderIn(base, folder);
    if (root) declaredRoots.add(root);
  }
  const parents = new Set(listed.filter((project) => project.type === "application" && project.root.includes("/")).map((project) => posix.dirname(project.root)));
  const found: MonorepoProject[] = [];
  for (const file of files) {
    const match = /^(.*)\/([^/]+)\/src\/main\.[cm]?[jt]s$/.exec(file.rel);
    if (!match || !parents.has(match[1]!)) continue;
    const root = `${match[1]}/${match[2]}`;
    const name = match[2]!;
    if (declaredRoots.has(root) || isEndToEndProject(name, root) || found.some((project) => project.root === root)) continue;
    const location = { file: rel, line: 1, column: 1 };
    found.push({ name, root, type: "application", source: "nest-cli", location });
    diagnostics.push({ kind: "config-file", file: rel, line: 1, message: `${root} holds a NestJS app (${file.rel}) beside the applications ${posix.basename(rel)} lists, but no project names its folder; taken as the application ${name}` });
  }
  return found;
}

function projectsOf(rel: string, config: Record<string, unknown>, text: string | undefined, diagnostics: Diagnostic[], entries?: Map<MonorepoProject, string[]>): MonorepoProject[] {
  const base = posix.dirname(rel) === "." ? "" : posix.dirname(rel);
  const declared = config.projects;
  if (declared === undefined) return [];
  if (!declared || typeof declared !== "object" || Array.isArray(declared)) {
    diagnostics.push({ kind: "config-file", file: rel, message: "nest-cli.json projects is not an object of named projects; no project read from it" });
    return [];
  }
  const projects: MonorepoProject[] = [];
  for (const [name, raw] of Object.entries(declared as Record<string, unknown>)) {
    const line = jsonKeyLine(text, name, "projects");
    const project = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
    if (!project) {
      diagnostics.push({ kind: "config-file", file: rel, line, message: `nest-cli.json projects.${name} is not an object with a type and a root; the project is left out` });
      continue;
    }
    const folder = projectFolder(project);
    const root = folder === undefined ? undefined : folderIn(base, folder);
    if (root === undefined || root === "") {
      const why = folder === undefined ? "has no root or sourceRoot" : `root ${JSON.stringify(folder)} is not a folder inside the repository`;
      diagnostics.push({ kind: "config-file", file: rel, line, message: `nest-cli.json projects.${name} ${why}; the project is left out` });
      continue;
    }
    const type = project.type ?? conventionalType(project, root);
    if (type !== "application" && type !== "library") {
      const said = project.type === undefined ? "has no type, and neither its folder (apps/, libs/) nor its entryFile (main, index) tells which" : `type is ${JSON.stringify(project.type)}, not "application" or "library"`;
      diagnostics.push({ kind: "config-file", file: rel, line, message: `nest-cli.json projects.${name} ${said}; the project is left out` });
      continue;
    }
    if (isEndToEndProject(name, root)) continue;
    const listed: MonorepoProject = { name, root, type, source: "nest-cli", location: { file: rel, line, column: 1 } };
    projects.push(listed);
    // Where its entry may be, without extension: `<sourceRoot>/<entryFile>` as written, and `<root>/src/main` of the layout.
    const entryFile = typeof project.entryFile === "string" && project.entryFile.trim() ? project.entryFile : "main";
    const sourceRoot = typeof project.sourceRoot === "string" ? folderIn(base, project.sourceRoot) : undefined;
    entries?.set(listed, [...(sourceRoot !== undefined ? [posix.join(sourceRoot, entryFile)] : []), posix.join(root, "src", entryFile), posix.join(root, entryFile)]);
  }
  // The default project of monorepo mode, when `projects` does not list it (older layouts). A top `root` that holds
  // listed projects (`"root": "apps"` beside `apps/gateway`…) or a `sourceRoot` inside one names a listed app, not another.
  const topRoot = typeof config.root === "string" ? folderIn(base, config.root) : undefined;
  const topSource = typeof config.sourceRoot === "string" ? folderIn(base, config.sourceRoot) : undefined;
  const within = (folder: string, root: string) => folder === root || folder.startsWith(`${root}/`);
  const listedAlready = (root: string) => projects.some((p) => within(p.root, root) || (topSource !== undefined && within(topSource, p.root)));
  if (config.monorepo === true && topRoot && !listedAlready(topRoot)) {
    projects.push({ name: posix.basename(topRoot), root: topRoot, type: "application", source: "nest-cli", location: { file: rel, line: jsonKeyLine(text, "root"), column: 1 } });
  }
  return projects;
}

/** What `nest generate app` and `nest generate library` would have written: apps/ and entryFile main, libs/ and entryFile index. */
function conventionalType(project: Record<string, unknown>, root: string): MonorepoProject["type"] | undefined {
  if (root.startsWith("libs/") || project.entryFile === "index") return "library";
  if (root.startsWith("apps/") || project.entryFile === "main") return "application";
  return undefined;
}

/** `root`, else the folder above a `src` sourceRoot (`apps/auth/src` → `apps/auth`), else the sourceRoot itself. */
function projectFolder(project: Record<string, unknown>): string | undefined {
  if (typeof project.root === "string" && project.root.trim()) return project.root;
  if (typeof project.sourceRoot !== "string" || !project.sourceRoot.trim()) return undefined;
  const source = project.sourceRoot.replace(/\/+$/, "");
  return posix.basename(source) === "src" ? posix.dirname(source) : source;
}
