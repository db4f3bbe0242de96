import { posix } from "node:path";
import type { Diagnostic, LibraryInfo, Location, ServiceInfo } from "../types.js";
import { projectHosts, readComposeFiles, type ComposeService } from "./compose.js";
import { parseDotenv } from "./env.js";
import type { FileEntry, FileSet, ReadText } from "./files.js";
import { readKubernetes } from "./kubernetes.js";
import { isServicePackage, readPackages, readWorkspaces, unscoped, type PackageInfo } from "./packages.js";

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

  for (const pkg of packages) {
    if (workspaceRoots.has(pkg.dir)) continue;
    if (!isServicePackage(pkg, fileSet)) continue;
    const service = add(pkg.dir, unscoped(pkg.name) ?? (posix.basename(pkg.dir) || "app"), workspaceMembers.has(pkg.dir) ? "workspace" : "package", {
      file: pkg.file,
      line: 1,
      column: 1,
    });
    if (pkg.name) service.packageName = pkg.name;
  }

  // Nx applications: a project.json with projectType "application" (Nx apps often have no package.json).
  for (const file of files.filter((f) => f.kind === "nx-project")) {
    const text = read(file.rel);
    let project: { name?: unknown; projectType?: unknown } | undefined;
    try {
      project = text ? (JSON.parse(text) as typeof project) : undefined;
    } catch {
      diagnostics.push({ kind: "config-file", file: file.rel, message: "project.json is not valid JSON" });
    }
    if (!project || project.projectType !== "application") continue;
    const dir = posix.dirname(file.rel) === "." ? "" : posix.dirname(file.rel);
    if (byRoot.has(dir) || /(^|\/)[^/]*-e2e$/.test(dir)) continue;
    add(dir, typeof project.name === "string" ? project.name : posix.basename(dir) || "app", "nx", { file: file.rel, line: 1, column: 1 });
  }

  for (const entry of compose) {
    if (entry.context === undefined) continue;
    const service = add(entry.context, entry.name, "compose", { file: entry.file, line: entry.line, column: 1 });
    // The compose name is the host other containers use: it names the service.
    if (service.sources.length === 1 || service.name !== entry.name) service.name = entry.name;
    const pkg = packages.find((p) => p.dir === entry.context);
    if (pkg?.name) service.packageName = pkg.name;
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
  const libraries = librariesOf(packages, byRoot, workspaceRoots);
  return { services, libraries, packages, compose, workspacePackages, diagnostics };
}

/** Packages that are neither a service nor a workspace root: what they define is used by the services that import them. */
function librariesOf(packages: readonly PackageInfo[], services: ReadonlyMap<string, ServiceInfo>, workspaceRoots: ReadonlyMap<string, string[]>): LibraryInfo[] {
  return packages
    .filter((pkg) => pkg.dir !== "" && !services.has(pkg.dir) && !workspaceRoots.has(pkg.dir))
    .map((pkg) => ({ name: unscoped(pkg.name) ?? posix.basename(pkg.dir), root: pkg.dir, ...(pkg.name ? { packageName: pkg.name } : {}), location: { file: pkg.file, line: 1, column: 1 } }))
    .sort((a, b) => a.root.localeCompare(b.root));
}

function mergeEnv(service: ServiceInfo, env: Record<string, string>, source?: string, sources?: Record<string, string>): void {
  for (const [key, value] of Object.entries(env)) {
    service.env[key] = value;
    service.envSources[key] = sources?.[key] ?? source ?? "environment";
  }
}

function dedupeNames(services: ServiceInfo[]): void {
  const seen = new Map<string, number>();
  for (const service of services) seen.set(service.name, (seen.get(service.name) ?? 0) + 1);
  for (const service of services) {
    if ((seen.get(service.name) ?? 0) > 1 && service.root) service.name = service.root.replace(/\//g, "-");
  }
}
