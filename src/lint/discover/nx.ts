import { posix } from "node:path";
import type { Diagnostic } from "../types.js";
import type { FileEntry, FileSet, ReadText } from "./files.js";
import { folderIn, isEndToEndProject, jsonKeyLine, readJsonObject, type MonorepoProject } from "./projects.js";

/**
 * Nx projects: a `project.json` in each project's folder, a package.json's
 * `nx` field (Nx 16 and later infer a project from each package.json, its
 * targets and type in that field), or a `projects` map in `workspace.json`
 * (older Nx: a folder per name, or the whole project inline; before Nx 13, `angular.json` beside nx.json). `projectType` says application or library; when it is missing, Nx's
 * own convention decides: a project with a `serve` target runs, one under the
 * libs folder (`workspaceLayout.libsDir` in nx.json, `libs` by default) is a
 * library, one under the apps folder an application. A browser app (Angular,
 * React, Next.js … executors, or a next.config file) is an application but no
 * service: it has no backend of its own to model (so is one served by Vite's dev server, or
 * whose entry is `src/main.tsx`).
 */

const BROWSER_TEST_EXECUTOR = /^@(nx|nrwl)\/(cypress|playwright)(:|$)/;
const BROWSER_EXECUTOR = /^@(nx|nrwl)\/(angular|react|next|web|expo|react-native|remix|vue|nuxt|storybook)(:|$)|^@angular-devkit\/build-angular|^@angular\/build|^@analogjs\//;
const VITE_PAGE_SERVER = /^@(nx|nrwl)\/vite:(dev-server|preview-server)$/;
const NODE_EXECUTOR = /^@(nx|nrwl)\/(js|node):node$/;
const NEXT_CONFIG = ["next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"];

interface Layout {
  appsDir: string;
  libsDir: string;
}

export function readNxProjects(files: readonly FileEntry[], read: ReadText, fileSet: FileSet, packageDirs: ReadonlySet<string>, diagnostics: Diagnostic[]): MonorepoProject[] {
  const layouts = new Map<string, Layout>();
  for (const file of files) {
    if (file.kind !== "monorepo" || posix.basename(file.rel) !== "nx.json") continue;
    const nx = readJsonObject(file.rel, read, diagnostics);
    const layout = nx?.workspaceLayout && typeof nx.workspaceLayout === "object" ? (nx.workspaceLayout as Record<string, unknown>) : {};
    layouts.set(dirOf(file.rel), {
      appsDir: typeof layout.appsDir === "string" ? layout.appsDir.replace(/\/+$/, "") : "apps",
      libsDir: typeof layout.libsDir === "string" ? layout.libsDir.replace(/\/+$/, "") : "libs",
    });
  }
  const layoutFor = (root: string): { base: string; layout: Layout } => {
    let best = { base: "", layout: { appsDir: "apps", libsDir: "libs" } };
    for (const [base, layout] of layouts) if ((base === "" || root === base || root.startsWith(`${base}/`)) && base.length >= best.base.length) best = { base, layout };
    return best;
  };

  const projects = new Map<string, MonorepoProject>();
  const consider = (name: string | undefined, root: string, project: Record<string, unknown>, file: string, line: number): void => {
    const projectName = name ?? (posix.basename(root) || "app");
    if (projects.has(root) || isEndToEndProject(projectName, root) || runsBrowserTests(project) || onlyRunsTests(project)) return;
    const { base, layout } = layoutFor(root);
    const local = base ? root.slice(base.length + 1) : root;
    // Without nx.json, Nx's schema or targets, a project.json may be anything's: only an explicit projectType counts.
    const nxShaped = layouts.size > 0 || "targets" in project || (typeof project.$schema === "string" && project.$schema.includes("nx"));
    const type = nxShaped ? projectTypeOf(project, local, layout) : explicitType(project);
    if (!type) {
      // A package.json in the folder lets the package rules decide; without one nothing would.
      if (nxShaped && !packageDirs.has(root)) diagnostics.push({ kind: "config-file", file, line, message: `Nx project ${projectName} has no projectType and no serve target, and is under neither ${layout.appsDir}/ nor ${layout.libsDir}/; set "projectType" to count it as an application or a library` });
      return;
    }
    const browser = type === "application" && runsInBrowser(project, root, fileSet);
    projects.set(root, { name: projectName, root, type, source: "nx", ...(browser ? { browser } : {}), location: { file, line, column: 1 } });
  };

  for (const file of files) {
    if (file.kind !== "nx-project") continue;
    const project = readJsonObject(file.rel, read, diagnostics);
    if (project) consider(typeof project.name === "string" ? project.name : undefined, dirOf(file.rel), project, file.rel, 1);
  }
  for (const file of files) {
    // A package.json with an `nx` field is that project's declaration (named after the package, unscoped, as the package rules name it).
    if (file.kind !== "package" || !read(file.rel)?.includes('"nx"')) continue;
    const pkg = readJsonObject(file.rel, read, []);
    const declared = pkg?.nx;
    if (!declared || typeof declared !== "object" || Array.isArray(declared)) continue;
    const project = declared as Record<string, unknown>;
    const name = typeof project.name === "string" ? project.name : typeof pkg.name === "string" ? pkg.name.replace(/^@[^/]+\//, "") : undefined;
    consider(name, dirOf(file.rel), project, file.rel, jsonKeyLine(read(file.rel), "nx"));
  }
  for (const file of files) {
    // Older Nx workspaces list their projects in angular.json, the Angular CLI's file, in the same shape (`architect`
    // targets); alone, an angular.json is one Angular app's, not Nx's.
    const base = posix.basename(file.rel);
    if (file.kind !== "monorepo" || (base !== "workspace.json" && !(base === "angular.json" && layouts.has(dirOf(file.rel))))) continue;
    const workspace = readJsonObject(file.rel, read, diagnostics);
    const declared = workspace?.projects;
    if (!declared || typeof declared !== "object" || Array.isArray(declared)) continue;
    const text = read(file.rel);
    for (const [name, entry] of Object.entries(declared as Record<string, unknown>)) {
      // A folder name: its project.json is read above (when it is in the scan).
      if (typeof entry === "string") continue;
      if (!entry || typeof entry !== "object" || Array.isArray(entry)) continue;
      const project = entry as Record<string, unknown>;
      const root = typeof project.root === "string" ? folderIn(dirOf(file.rel), project.root) : undefined;
      const line = jsonKeyLine(text, name, "projects");
      if (root === undefined) {
        diagnostics.push({ kind: "config-file", file: file.rel, line, message: `${base} projects.${name} has no root inside the repository; the project is left out` });
        continue;
      }
      consider(name, root, project, file.rel, line);
    }
  }
  return [...projects.values()];
}

function explicitType(project: Record<string, unknown>): MonorepoProject["type"] | undefined {
  return project.projectType === "application" || project.projectType === "library" ? project.projectType : undefined;
}

function projectTypeOf(project: Record<string, unknown>, local: string, layout: Layout): MonorepoProject["type"] | undefined {
  const explicit = explicitType(project);
  if (explicit) return explicit;
  if (targetsOf(project).some(([name]) => name === "serve")) return "application";
  if (local === layout.libsDir || local.startsWith(`${layout.libsDir}/`)) return "library";
  if (local === layout.appsDir || local.startsWith(`${layout.appsDir}/`)) return "application";
  return undefined;
}

/** A project whose targets drive a browser test runner (Cypress, Playwright) and serve nothing: an e2e suite, whatever its name. */
function runsBrowserTests(project: Record<string, unknown>): boolean {
  const targets = targetsOf(project);
  const executors = targets.flatMap(([, target]) => [target.executor, target.builder].filter((e): e is string => typeof e === "string"));
  return executors.some((executor) => BROWSER_TEST_EXECUTOR.test(executor)) && !targets.some(([name]) => name === "serve");
}

/** Executors that run a test suite (jest, vitest, mocha). */
const TEST_EXECUTOR = /^@(nx|nrwl)\/(jest:jest|vite:test|vitest:test)$|^@nx-plugins?\/vitest|^@angular-devkit\/build-angular:(karma|jest)$/;
/** A command line that runs a test runner (`pnpm vitest run --config …`, `npx jest`, `mocha test/**`). */
const TEST_COMMAND = /^(?:(?:npx|pnpm(?: exec)?|yarn|bunx|node_modules\/\.bin\/)\s*)?(?:vitest|jest|mocha|ava|tap|playwright test|cypress run)\b/;

/**
 * A project whose every target runs tests (a jest or vitest executor, or `nx:run-commands` running one) and which has
 * no serve target: a test harness checking the workspace's packages, whatever projectType it declares (`tools/verify`
 * of a library monorepo, typed "application"). It serves nothing, so it is no service.
 */
function onlyRunsTests(project: Record<string, unknown>): boolean {
  const targets = targetsOf(project);
  if (!targets.length || targets.some(([name]) => name === "serve")) return false;
  return targets.every(([, target]) => {
    const executor = typeof target.executor === "string" ? target.executor : typeof target.builder === "string" ? target.builder : undefined;
    if (executor && TEST_EXECUTOR.test(executor)) return true;
    if (executor !== "nx:run-commands" && executor !== "@nrwl/workspace:run-commands") return false;
    const options = target.options && typeof target.options === "object" ? (target.options as Record<string, unknown>) : {};
    const listed = Array.isArray(options.commands) ? options.commands.map((c) => (c && typeof c === "object" ? (c as Record<string, unknown>).command : c)) : [options.command];
    const commands = listed.filter((c): c is string => typeof c === "string");
    return commands.length > 0 && commands.every((command) => TEST_COMMAND.test(command.trim()));
  });
}

/** The Angular CLI's lint builder, which older Nx workspaces gave every project, Node apps included: it says nothing of where the app runs. */
const LINT_BUILDER = /^@angular-devkit\/build-angular:tslint$/;

function runsInBrowser(project: Record<string, unknown>, root: string, fileSet: FileSet): boolean {
  const executors = targetsOf(project).flatMap(([, target]) => [target.executor, target.builder].filter((e): e is string => typeof e === "string" && !LINT_BUILDER.test(e)));
  if (executors.some((executor) => BROWSER_EXECUTOR.test(executor))) return true;
  // Vite's dev server serves a page; a Node app under Vite is served by @nx/js:node.
  if (executors.some((executor) => VITE_PAGE_SERVER.test(executor)) && !executors.some((executor) => NODE_EXECUTOR.test(executor))) return true;
  const at = (name: string) => fileSet.has(root ? `${root}/${name}` : name);
  if (NEXT_CONFIG.some(at)) return true;
  // A .tsx entry and no .ts one: a React page, not a server.
  return (at("src/main.tsx") || at("src/index.tsx")) && !at("src/main.ts") && !at("src/index.ts");
}

/** `targets` (Nx) or `architect` (the Angular-style workspace.json) as [name, target] pairs. */
function targetsOf(project: Record<string, unknown>): [string, Record<string, unknown>][] {
  const targets = project.targets ?? project.architect;
  if (!targets || typeof targets !== "object" || Array.isArray(targets)) return [];
  return Object.entries(targets as Record<string, unknown>).filter((entry): entry is [string, Record<string, unknown>] => !!entry[1] && typeof entry[1] === "object");
}

function dirOf(rel: string): string {
  const dir = posix.dirname(rel);
  return dir === "." || dir === "/" ? "" : dir;
}
