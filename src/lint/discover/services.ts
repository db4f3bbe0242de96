import { posix } from "node:path";
import { minimatch } from "minimatch";
import { parse as parseYaml } from "yaml";
import type { Diagnostic, LibraryInfo, Location, ServiceInfo } from "../types.js";
import type { FileEntry } from "./files.js";
import { composeEnvironment, interpolate, parseDotenv } from "./env.js";
import { readKubernetes } from "./kubernetes.js";

/**
 * Which services exist: workspace packages and folders with their own
 * package.json that run a server (or a consumer), and docker-compose services
 * whose build context is in the repository. Pure: it gets file contents
 * through `read`, so tests can feed an in-memory tree.
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

export interface ComposeService {
  name: string;
  file: string;
  line: number;
  /** Build context relative to the scan root, if it builds from the repo. */
  context?: string;
  env: Record<string, string>;
  envSources: Record<string, string>;
  hosts: string[];
  ports: number[];
  image?: string;
  /** The folder of its compose file: the files of one folder are one compose project, as `docker compose` runs them. */
  project: string;
}

export interface Discovery {
  services: ServiceInfo[];
  libraries: LibraryInfo[];
  packages: PackageInfo[];
  compose: ComposeService[];
  /** Workspace package name → folder. */
  workspacePackages: Record<string, string>;
  diagnostics: Diagnostic[];
}

export type ReadText = (rel: string) => string | undefined;

/** Whether the scan lists a file at this path (through symlinks, as the scan reads them). */
type FileSet = Pick<ReadonlySet<string>, "has">;

/**
 * `canonical` maps a path through the scan's symlinks (see throughLinks):
 * undefined for one through a link out of the scanned folders.
 */
export function discoverServices(files: FileEntry[], read: ReadText, canonical: (rel: string) => string | undefined = (rel) => rel): Discovery {
  const diagnostics: Diagnostic[] = [];
  const packages: PackageInfo[] = [];
  for (const file of files.filter((f) => f.kind === "package")) {
    const info = readPackage(file.rel, read, diagnostics);
    if (info) packages.push(info);
  }
  const listed = new Set(files.map((f) => f.rel));
  const fileSet: FileSet = {
    has: (rel) => {
      const at = canonical(rel);
      return at !== undefined && listed.has(at);
    },
  };

  // Workspace roots and their members.
  const workspaceRoots = new Map<string, string[]>();
  for (const pkg of packages) if (pkg.workspaces.length) workspaceRoots.set(pkg.dir, pkg.workspaces);
  for (const file of files.filter((f) => f.kind === "pnpm-workspace")) {
    const parsed = safeYaml(read(file.rel), file.rel, diagnostics) as { packages?: unknown } | undefined;
    if (parsed && Array.isArray(parsed.packages)) {
      workspaceRoots.set(posix.dirname(file.rel) === "." ? "" : posix.dirname(file.rel), parsed.packages.filter((p): p is string => typeof p === "string"));
    }
  }
  const workspaceMembers = new Set<string>();
  for (const [root, patterns] of workspaceRoots) {
    for (const pkg of packages) {
      if (pkg.dir === root) continue;
      const local = root ? posix.relative(root, pkg.dir) : pkg.dir;
      if (local.startsWith("..")) continue;
      const positive = patterns.filter((p) => !p.startsWith("!"));
      const negative = patterns.filter((p) => p.startsWith("!")).map((p) => p.slice(1));
      if (positive.some((p) => minimatch(local, stripSlash(p))) && !negative.some((p) => minimatch(local, stripSlash(p)))) {
        workspaceMembers.add(pkg.dir);
      }
    }
  }
  const workspacePackages: Record<string, string> = {};
  for (const pkg of packages) if (workspaceMembers.has(pkg.dir) && pkg.name) workspacePackages[pkg.name] = pkg.dir;

  // docker-compose services.
  const compose: ComposeService[] = [];
  // docker-compose.override.yml (and other *.override.*) after the base file: its values win, as with `docker compose`.
  const composeFiles = files.filter((f) => f.kind === "compose").sort((a, b) => Number(a.rel.includes(".override.")) - Number(b.rel.includes(".override.")));
  const byComposeName = new Map<string, ComposeService>();
  for (const file of composeFiles) {
    const dir = posix.dirname(file.rel);
    for (const entry of readCompose(file.rel, read, fileSet, canonical, diagnostics)) {
      // The same service in several files of one folder is one service, later files overriding earlier ones.
      const key = `${dir}\0${entry.name}`;
      const earlier = byComposeName.get(key);
      if (!earlier) {
        byComposeName.set(key, entry);
        compose.push(entry);
        continue;
      }
      if (entry.context !== undefined) earlier.context = entry.context;
      if (entry.image) earlier.image = entry.image;
      Object.assign(earlier.env, entry.env);
      Object.assign(earlier.envSources, entry.envSources);
      for (const host of entry.hosts) if (!earlier.hosts.includes(host)) earlier.hosts.push(host);
      for (const port of entry.ports) if (!earlier.ports.includes(port)) earlier.ports.push(port);
    }
  }

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

function stripSlash(pattern: string): string {
  return pattern.replace(/^\.\//, "").replace(/\/+$/, "");
}

function unscoped(name: string | undefined): string | undefined {
  return name?.replace(/^@[^/]+\//, "");
}

export function isServicePackage(pkg: PackageInfo, fileSet: FileSet): boolean {
  const runsSomething = pkg.deps.some((dep) => SERVER_DEPENDENCIES.includes(dep));
  if (!runsSomething) return false;
  const join = (p: string) => (pkg.dir ? `${pkg.dir}/${p}` : p);
  if (pkg.scripts.start || pkg.scripts.dev || pkg.main) return true;
  return ENTRY_CANDIDATES.some((candidate) => fileSet.has(join(candidate)));
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
  const dir = posix.dirname(rel) === "." ? "" : posix.dirname(rel);
  return {
    dir,
    file: rel,
    ...(typeof json.name === "string" ? { name: json.name } : {}),
    deps: [...deps],
    scripts: json.scripts && typeof json.scripts === "object" ? (json.scripts as Record<string, string>) : {},
    ...(typeof json.main === "string" ? { main: json.main } : {}),
    workspaces: workspaces.filter((p): p is string => typeof p === "string"),
  };
}

/** Every host name (service names, hostnames, aliases) of one compose project, lower-cased. */
function projectHosts(compose: readonly ComposeService[], project: string): string[] {
  const hosts = new Set<string>();
  for (const entry of compose) if (entry.project === project) for (const host of entry.hosts) hosts.add(host.toLowerCase());
  return [...hosts];
}

function safeYaml(text: string | undefined, file: string, diagnostics: Diagnostic[]): unknown {
  if (text === undefined) return undefined;
  try {
    return parseYaml(text, { uniqueKeys: false, maxAliasCount: 100 });
  } catch (error) {
    diagnostics.push({ kind: "config-file", file, message: `cannot parse YAML: ${(error as Error).message.split("\n")[0]}` });
    return undefined;
  }
}

function readCompose(rel: string, read: ReadText, fileSet: FileSet, canonical: (rel: string) => string | undefined, diagnostics: Diagnostic[]): ComposeService[] {
  const text = read(rel);
  const doc = safeYaml(text, rel, diagnostics) as { services?: Record<string, Record<string, unknown>> } | undefined;
  if (!doc || typeof doc !== "object" || !doc.services || typeof doc.services !== "object") return [];
  const dir = posix.dirname(rel) === "." ? "" : posix.dirname(rel);
  const dotenvPath = posix.join(dir, ".env");
  const vars = fileSet.has(dotenvPath) ? parseDotenv(read(dotenvPath) ?? "") : {};
  const lines = (text ?? "").split(/\r?\n/);
  const result: ComposeService[] = [];
  for (const [name, raw] of Object.entries(doc.services)) {
    if (!raw || typeof raw !== "object") continue;
    // One pattern per service, not one per line tried (a 50-service compose file made that 20,000 compilations).
    const key = new RegExp(`^\\s+${escapeRegExp(name)}\\s*:`);
    const line = Math.max(1, lines.findIndex((l) => key.test(l)) + 1);
    const entry: ComposeService = { name, file: rel, line, env: {}, envSources: {}, hosts: [name], ports: [], project: dir };
    const build = raw.build;
    const context = typeof build === "string" ? build : build && typeof build === "object" ? (build as { context?: unknown }).context : undefined;
    if (typeof context === "string") {
      const resolved = posix.normalize(posix.join(dir, interpolate(context, vars)));
      // A context through a symlink is the folder the link points to, and none when that is out of the scan.
      const folder = resolved.startsWith("..") ? undefined : canonical(resolved === "." ? "" : resolved.replace(/\/$/, ""));
      if (folder !== undefined) entry.context = folder;
      else if (!resolved.startsWith("..")) {
        diagnostics.push({ kind: "symlink-outside", file: rel, line, message: `services.${name}.build context "${context}" goes through a symlink out of the scanned folders; not counted as a service built from this repository` });
      }
    }
    if (typeof raw.image === "string") entry.image = raw.image;
    const envFiles = typeof raw.env_file === "string" ? [raw.env_file] : Array.isArray(raw.env_file) ? raw.env_file : [];
    for (const item of envFiles) {
      const path = typeof item === "string" ? item : item && typeof item === "object" ? (item as { path?: unknown }).path : undefined;
      if (typeof path !== "string") continue;
      const envRel = posix.normalize(posix.join(dir, path));
      const envText = fileSet.has(envRel) ? read(envRel) : undefined;
      if (envText === undefined) continue;
      for (const [key, value] of Object.entries(parseDotenv(envText))) {
        entry.env[key] = value;
        entry.envSources[key] = envRel;
      }
    }
    for (const [key, value] of Object.entries(composeEnvironment(raw.environment))) {
      entry.env[key] = interpolate(value, vars);
      entry.envSources[key] = `${rel} (services.${name}.environment)`;
    }
    for (const host of [raw.hostname, raw.container_name]) if (typeof host === "string") entry.hosts.push(host);
    const networks = raw.networks;
    if (networks && typeof networks === "object" && !Array.isArray(networks)) {
      for (const net of Object.values(networks as Record<string, unknown>)) {
        const aliases = net && typeof net === "object" ? (net as { aliases?: unknown }).aliases : undefined;
        if (Array.isArray(aliases)) for (const alias of aliases) if (typeof alias === "string") entry.hosts.push(alias);
      }
    }
    if (Array.isArray(raw.ports)) {
      // "18080:8080": other containers call 8080, the host (localhost) calls 18080.
      for (const port of raw.ports) {
        const texts =
          typeof port === "object" && port
            ? [String((port as { published?: unknown }).published ?? ""), String((port as { target?: unknown }).target ?? "")]
            : String(port).split("/")[0]!.split(":").slice(-2);
        for (const text of texts) {
          const n = Number(text);
          if (Number.isInteger(n) && n > 0 && !entry.ports.includes(n)) entry.ports.push(n);
        }
      }
    }
    result.push(entry);
  }
  return result;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
