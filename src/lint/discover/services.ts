import { posix } from "node:path";
import type { Diagnostic, LibraryInfo, Location, ServiceInfo } from "../types.js";
import { projectHosts, readComposeFiles, type ComposeService } from "./compose.js";
import { parseDotenv } from "./env.js";
import type { FileEntry, FileSet, ReadText } from "./files.js";
import { readKubernetes } from "./kubernetes.js";
import { dedupeNames } from "./names.js";
import { readNestProjects } from "./nest-cli.js";
import { readNxProjects } from "./nx.js";
import { librariesOf } from "./libraries.js";
import { importerCounts, packageRole, readPackages, readWorkspaces, unscoped, type PackageInfo } from "./packages.js";
import { foldersOf, monorepoRoots, projectsOnDisk } from "./projects.js";

/**
 * Which services exist: workspace packages and folders with their own
 * package.json that run a server (or a consumer), and docker-compose services
 * whose build context is in the repository. Pure: it gets file contents
 * through `read`, so tests can feed an in-memory tree.
 */

export interface Discovery {
  services: ServiceInfo[];
  libraries: LibraryInfo[];
  packages: PackageInfo[];
  compose: ComposeService[];
  /** Workspace package name → folder. */
  workspacePackages: Record<string, string>;
  diagnostics: Diagnostic[];
}

/**
 * `canonical` maps a path through the scan's symlinks (see throughLinks):
 * undefined for one through a link out of the scanned folders.
 */
export function discoverServices(files: FileEntry[], read: ReadText, canonical: (rel: string) => string | undefined = (rel) => rel): Discovery {
  const diagnostics: Diagnostic[] = [];
  const packages = readPackages(files, read, diagnostics);
  const listed = new Set(files.map((f) => f.rel));
  const fileSet: FileSet = {
    has: (rel) => {
      const at = canonical(rel);
      return at !== undefined && listed.has(at);
    },
  };
  const { roots: workspaceRoots, members: workspaceMembers, packages: workspacePackages } = readWorkspaces(files, packages, read, diagnostics);

  const compose = readComposeFiles(files, read, fileSet, canonical, diagnostics);

  const byRoot = new Map<string, ServiceInfo>();
  const add = (root: string, name: string, source: ServiceInfo["sources"][number], location: Location): ServiceInfo => {
    let service = byRoot.get(root);
    if (!service) {
      service = { name, root, sources: [], hosts: [], ports: [], env: {}, envSources: {}, location };
      byRoot.set(root, service);
    }
    if (!service.sources.includes(source)) service.sources.push(source);
    return service;
  };

  const importers = importerCounts(packages);
  const sourceFolders = foldersOf(files.filter((file) => file.kind === "source"));
  const roles = new Map(packages.map((pkg) => [pkg.dir, packageRole(pkg, fileSet, importers.get(pkg.name ?? "") ?? 0, sourceFolders.has(pkg.dir))]));
  const declared = [...readNestProjects(files, read, diagnostics), ...readNxProjects(files, read, fileSet, new Set(roles.keys()), diagnostics)];
  const projects = projectsOnDisk(declared, files, diagnostics);
  const projectAt = new Map(projects.map((project) => [project.root, project]));

  for (const pkg of packages) {
    if (workspaceRoots.has(pkg.dir) || roles.get(pkg.dir) !== "service") continue;
    // The monorepo tool's word wins over the package's look: a declared library is one.
    if (projectAt.get(pkg.dir)?.type === "library") continue;
    const service = add(pkg.dir, unscoped(pkg.name) ?? (posix.basename(pkg.dir) || "app"), workspaceMembers.has(pkg.dir) ? "workspace" : "package", {
      file: pkg.file,
      line: 1,
      column: 1,
    });
    if (pkg.name) service.packageName = pkg.name;
  }

  // Applications that nest-cli.json or Nx declare: in these monorepos the apps often have no package.json.
  const packageAt = new Map(packages.map((pkg) => [pkg.dir, pkg]));
  for (const project of projects) {
    if (project.type !== "application") continue;
    const service = add(project.root, project.name, project.source, project.location);
    const name = packageAt.get(project.root)?.name;
    if (name) service.packageName ??= name;
  }

  for (const entry of compose) {
    if (entry.context === undefined) continue;
    const service = add(entry.context, entry.name, "compose", { file: entry.file, line: entry.line, column: 1 });
    // The compose name is the host other containers use: it names the service.
    if (service.sources.length === 1 || service.name !== entry.name) service.name = entry.name;
    const pkg = packages.find((p) => p.dir === entry.context);
    if (pkg?.name) service.packageName = pkg.name;
  }

  // The root package of a monorepo whose apps are found starts those apps (`nest start`, `nx serve`): it is not a service itself.
  const holders = monorepoRoots(files, projects, workspaceRoots.keys());
  for (const [root, service] of byRoot) {
    if (!holders.has(root) || service.sources.some((source) => source !== "package" && source !== "workspace")) continue;
    if ([...byRoot.keys()].some((other) => other !== root && (root === "" || other.startsWith(`${root}/`)))) byRoot.delete(root);
  }

  // Environment: .env in the service folder first, compose environment on top (compose wins at runtime).
  for (const service of byRoot.values()) {
    const dotenv = posix.join(service.root, ".env");
    const text = fileSet.has(dotenv) ? read(dotenv) : undefined;
    if (text !== undefined) mergeEnv(service, parseDotenv(text), dotenv);
    for (const entry of compose) {
      if (entry.context !== service.root) continue;
      mergeEnv(service, entry.env, undefined, entry.envSources);
      service.composeProject ??= { folder: entry.project, hosts: projectHosts(compose, entry.project) };
      for (const host of entry.hosts) if (!service.hosts.includes(host)) service.hosts.push(host);
      for (const port of entry.ports) if (!service.ports.includes(port)) service.ports.push(port);
    }
    for (const host of [service.name, unscoped(service.packageName)]) {
      if (host && !service.hosts.includes(host)) service.hosts.push(host);
    }
    const port = Number(service.env.PORT);
    if (Number.isInteger(port) && port > 0 && !service.ports.includes(port)) service.ports.push(port);
  }

  // Kubernetes workloads: matched to a service by the folder their manifest is in, else by name or image.
  const workloads = readKubernetes(files, read);
  const roots = [...byRoot.values()].sort((a, b) => b.root.length - a.root.length);
  for (const workload of workloads) {
    const byFolder = roots.find((s) => s.root !== "" && (workload.file.startsWith(`${s.root}/`)));
    const byName = roots.find((s) => [workload.name, ...workload.names].some((n) => n === s.name || n === unscoped(s.packageName) || s.hosts.includes(n)));
    const single = roots.length === 1 ? roots[0] : undefined;
    const service = byFolder ?? byName ?? single;
    if (!service) continue;
    if (!service.sources.includes("kubernetes")) service.sources.push("kubernetes");
    for (const [key, value] of Object.entries(workload.env)) {
      if (key in service.env) continue;
      service.env[key] = value;
      service.envSources[key] = workload.envSources[key] ?? workload.file;
    }
    for (const host of workload.hosts) if (!service.hosts.includes(host)) service.hosts.push(host);
    for (const port of workload.ports) if (!service.ports.includes(port)) service.ports.push(port);
  }

  const services = [...byRoot.values()].sort((a, b) => a.root.localeCompare(b.root));
  dedupeNames(services);
  const libraries = librariesOf(packages, roles, projects, byRoot, holders);
  return { services, libraries, packages, compose, workspacePackages, diagnostics };
}

function mergeEnv(service: ServiceInfo, env: Record<string, string>, source?: string, sources?: Record<string, string>): void {
  for (const [key, value] of Object.entries(env)) {
    service.env[key] = value;
    service.envSources[key] = sources?.[key] ?? source ?? "environment";
  }
}
