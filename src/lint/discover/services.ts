import { posix } from "node:path";
import type { Diagnostic, LibraryInfo, Location, ServiceInfo } from "../types.js";
import { readComposeFiles, type ComposeService } from "./compose.js";
import { placeDeployments } from "./deployments.js";
import type { FileEntry, FileSet, ReadText } from "./files.js";
import { readKubernetes } from "./kubernetes.js";
import { applyDaprResiliency } from "./dapr-resiliency.js";
import { dedupeNames } from "./names.js";
import { readNestProjects } from "./nest-cli.js";
import { readNxProjects } from "./nx.js";
import { librariesOf } from "./libraries.js";
import { startsOnlyABarrel } from "./barrel-entry.js";
import { minimatch } from "minimatch";
import { startsOnlyBrokerSetup } from "./broker-admin.js";
import { templatedBuildFolders } from "./templated-dockerfiles.js";
import { nameStem } from "./placement.js";
import { hasOwnEntry, importerCounts, isBrowserFrontEnd, packageRole, readPackages, readWorkspaces, serverPackageNames, startCommand, startsOnlyPageServers, unscoped, wrappedLanguage, type PackageInfo } from "./packages.js";
import { folderTest, monorepoRoots, projectsOnDisk } from "./projects.js";
import { readServerless } from "./serverless.js";
import { readSkaffold } from "./skaffold.js";
import { readTilt } from "./tilt.js";
import { readBuildCommands } from "./build-commands.js";
import { readDockerRuns } from "./docker-runs.js";
import { manifestEngines } from "./manifest-engines.js";
import { readAzd } from "./azd.js";
import { readEncoreServices } from "./encore.js";
import { otherLanguageIn } from "./images.js";
import { dockerfileSiblings } from "./dockerfile-siblings.js";

/**
 * Which services and libraries exist: packages that run a server (or a
 * consumer), the applications and libraries nest-cli.json and Nx declare,
 * and what compose, Skaffold and Kubernetes deploy from the repository.
 * Pure: it gets file contents through `read`, so tests can feed an in-memory
 * tree.
 */

export interface Discovery {
  services: ServiceInfo[];
  libraries: LibraryInfo[];
  packages: PackageInfo[];
  compose: ComposeService[];
  /** Workspace package name → folder. */
  workspacePackages: Record<string, string>;
  /** Folders of browser front ends (packages that serve pages, not an API): their code belongs to no service that holds the folder. */
  frontEnds: string[];
  diagnostics: Diagnostic[];
}

/**
 * `canonical` maps a path through the scan's symlinks (see throughLinks):
 * undefined for one through a link out of the scanned folders.
 */
/** Sources that are deployment files a reader sees the service in. */
const DEPLOYED = new Set(["compose", "kubernetes", "skaffold", "tilt"]);

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
  const holdsSources = folderTest(files.filter((file) => file.kind === "source"));
  const serverPackages = serverPackageNames(packages);
  const roles = new Map(packages.map((pkg) => [pkg.dir, packageRole(pkg, fileSet, importers.get(pkg.name ?? "") ?? 0, () => holdsSources(pkg.dir), serverPackages)]));
  // A package other packages import whose start scripts only run a barrel of re-exports (a shared package made from an
  // app's template, express among its dependencies to hand on) starts nothing: a library.
  /** Packages whose start script only sets a broker up: tools, known as such (nothing to say about them below). */
  const setupTools = new Set<string>();
  for (const pkg of packages) {
    if (roles.get(pkg.dir) === "service" && (importers.get(pkg.name ?? "") ?? 0) > 0 && startsOnlyABarrel(pkg, fileSet, read)) roles.set(pkg.dir, "library");
    // A package that starts a broker's set-up script (creates the topics, then exits) is a tool.
    else if (roles.get(pkg.dir) === "service" && startsOnlyBrokerSetup(pkg, fileSet, read)) {
      roles.set(pkg.dir, "app");
      setupTools.add(pkg.dir);
    }
  }
  // A package that starts a program of its own in a folder a templated Dockerfile builds (`COPY apps/$APP …`, the app a
  // build argument names) is deployed, whatever its server: its servers may come from a sibling folder it requires.
  const templated = templatedBuildFolders(files, read);
  if (templated.length) {
    for (const pkg of packages) {
      if (roles.get(pkg.dir) !== "app" || pkg.bin || startCommand(pkg) === undefined || isBrowserFrontEnd(pkg, "app", fileSet)) continue;
      if (templated.some((glob) => minimatch(pkg.dir, glob))) roles.set(pkg.dir, "service");
    }
  }
  const declared = [...readNestProjects(files, read, diagnostics), ...readNxProjects(files, read, fileSet, new Set(roles.keys()), diagnostics)];
  const projects = projectsOnDisk(declared, files, diagnostics);
  const projectAt = new Map(projects.map((project) => [project.root, project]));

  for (const pkg of packages) {
    if (workspaceRoots.has(pkg.dir) || roles.get(pkg.dir) !== "service") continue;
    // The monorepo tool's word wins over the package's look: a declared library is one.
    if (projectAt.get(pkg.dir)?.type === "library") continue;
    const service = add(pkg.dir, packageServiceName(pkg, packages), workspaceMembers.has(pkg.dir) ? "workspace" : "package", {
      file: pkg.file,
      line: 1,
      column: 1,
    });
    if (pkg.name) service.packageName = pkg.name;
  }

  // A package.json that only wraps a program in another language (a workspace's Python API that `python -m app.main`
  // starts): a service arch-lint does not scan, still a node of the model with its environment.
  for (const pkg of packages) {
    if (byRoot.has(pkg.dir) || workspaceRoots.has(pkg.dir) || projectAt.get(pkg.dir)?.type === "library") continue;
    const language = wrappedLanguage(pkg, (folder) => otherLanguageIn(folder, fileSet));
    if (!language) continue;
    const service = add(pkg.dir, packageServiceName(pkg, packages), workspaceMembers.has(pkg.dir) ? "workspace" : "package", { file: pkg.file, line: 1, column: 1 });
    service.language = language;
    if (pkg.name) service.packageName = pkg.name;
  }

  // Applications that nest-cli.json or Nx declare: in these monorepos the apps often have no package.json.
  const packageAt = new Map(packages.map((pkg) => [pkg.dir, pkg]));
  for (const project of projects) {
    if (project.type !== "application" || project.browser) continue;
    // Nx runs any language's builds (`nx:run-commands` around mvnw or go build): a project folder with another
    // language's build file and no package.json is that language; one with no code at all (the Tiltfile, charts and
    // compose files that start the others) deploys the apps, it is none of them.
    const language = packageAt.has(project.root) ? undefined : otherLanguageIn(project.root, fileSet);
    if (project.source === "nx" && project.root !== "" && !language && !holdsSources(project.root) && !fileSet.has(`${project.root}/Dockerfile`)) {
      diagnostics.push({ kind: "config-file", file: project.location.file, line: project.location.line, message: `Nx project ${project.name}: its folder ${project.root} holds no code (only deployment or configuration files): not counted as a service` });
      continue;
    }
    // Its own package.json with no server, broker or datastore among its dependencies, and no Dockerfile: a script the
    // workspace runs (a licence report), whatever the project's type says. A deployment that runs it still makes it one.
    const pkg = packageAt.get(project.root);
    // (A package.json that lists no run-time dependency of its own leaves them to the workspace's root: nothing to judge.)
    if (project.source === "nx" && pkg && pkg.runtimeDeps.length > 0 && roles.get(pkg.dir) === "app" && !fileSet.has(`${project.root}/Dockerfile`)) {
      diagnostics.push({ kind: "config-file", file: project.location.file, line: project.location.line, message: `Nx project ${project.name}: its package ${pkg.name ?? pkg.dir} depends on no server, broker or datastore and no Dockerfile builds it: not counted as a service (a script or tool)` });
      continue;
    }
    const service = add(project.root, project.name, project.source, project.location);
    if (language) service.language ??= language;
    const name = packageAt.get(project.root)?.name;
    if (name) service.packageName ??= name;
  }

  // Serverless Framework services: the folder's functions are deployed as Lambdas, with or without a server dependency.
  for (const deployed of readServerless(files, read, diagnostics)) {
    if (projectAt.get(deployed.root)?.type === "library") continue;
    const pkg = packageAt.get(deployed.root);
    const service = add(deployed.root, unscoped(pkg?.name) ?? deployed.name ?? (posix.basename(deployed.root) || "app"), "serverless", deployed.location);
    if (pkg?.name) service.packageName ??= pkg.name;
  }

  // Azure Developer CLI services (azure.yaml): each folder it deploys, named after its package, else the folder.
  for (const deployed of readAzd(files, read, diagnostics)) {
    if (projectAt.get(deployed.root)?.type === "library") continue;
    const pkg = packageAt.get(deployed.root);
    const service = add(deployed.root, unscoped(pkg?.name) ?? (posix.basename(deployed.root) || deployed.name), "azd", deployed.location);
    if (pkg?.name) service.packageName ??= pkg.name;
    if (deployed.language && !pkg) service.language ??= deployed.language;
  }

  // Encore.ts services: the Encore runtime serves each folder with an encore.service.ts, under the name it gives.
  for (const declared of readEncoreServices(files, read)) {
    if (projectAt.get(declared.root)?.type === "library") continue;
    const pkg = packageAt.get(declared.root);
    const service = add(declared.root, declared.name, "encore", declared.location);
    if (pkg?.name) service.packageName ??= pkg.name;
    // Encore's runtime traces every request, service call, query and message itself.
    service.instrumentation ??= { how: "the Encore runtime, which traces every request and service call", location: declared.location };
  }

  // The root package of a monorepo whose apps are found starts those apps (`nest start`, `nx serve`,
  // `concurrently "npm start --prefix auth" …`): it is not a service itself. Without a monorepo tool's
  // file, it still is one when it starts a file of its own (a service with a worker package inside).
  const holders = monorepoRoots(files, projects, workspaceRoots.keys());
  for (const [root, service] of byRoot) {
    if (service.sources.some((source) => source !== "package" && source !== "workspace")) continue;
    const pkg = packageAt.get(root);
    if (!holders.has(root) && (!pkg || hasOwnEntry(pkg, fileSet))) continue;
    if ([...byRoot.keys()].some((other) => other !== root && (root === "" || other.startsWith(`${root}/`)))) byRoot.delete(root);
  }

  const artifacts = [...readSkaffold(files, read, diagnostics), ...readTilt(files, read, diagnostics)];
  const scriptedBuilds = readBuildCommands(files, read, diagnostics);
  // Containers its scripts start from images they build (`docker run --name users acme/users`) deploy as workloads do.
  const workloads = [...readKubernetes(files, read, diagnostics), ...readDockerRuns(files, read, scriptedBuilds)];
  // A repository that deploys nothing it builds: a Dockerfile of their own says which folders beside the services are ones too.
  const siblings = dockerfileSiblings({ serviceRoots: [...byRoot.keys()], packages, roles, compose, otherDeployments: artifacts.length + scriptedBuilds.length + workloads.length, files, fileSet, read });
  for (const sibling of siblings) {
    const service = add(sibling.root, sibling.package ? packageServiceName(sibling.package, packages) : sibling.name, "dockerfile", { file: sibling.file, line: 1, column: 1 });
    if (sibling.language) service.language = sibling.language;
    if (sibling.package?.name) service.packageName = sibling.package.name;
  }

  // Compose entries, Skaffold artifacts and Kubernetes workloads: each on the folder it deploys, then each service's environment.
  const deployments = placeDeployments({
    services: [...byRoot.values()],
    packages,
    workspaceRoots: new Set(workspaceRoots.keys()),
    libraryRoots: new Set([...packages.filter((pkg) => roles.get(pkg.dir) === "library" || roles.get(pkg.dir) === "tooling").map((pkg) => pkg.dir), ...projects.filter((p) => p.type === "library").map((p) => p.root)]),
    compose,
    artifacts,
    scriptedBuilds,
    workloads,
    files,
    read,
    fileSet,
    diagnostics,
  });

  // A browser front end that a deployment runs (a Next.js client in Kubernetes, or an image whose only command is a
  // bundler's dev server, `ng serve`, with the app's package copied in from a folder below) serves pages, not the
  // architecture's API: no service. Given a language by its Dockerfile (nginx serving the build), it stays a node that is not scanned.
  const frontEnds = new Set([...packages.filter((pkg) => isBrowserFrontEnd(pkg, roles.get(pkg.dir), fileSet)).map((pkg) => pkg.dir), ...projects.filter((p) => p.browser).map((p) => p.root)]);
  const services = withoutNestedTools(
    withoutHostPackages(
      deployments.services.filter((s) => s.language !== undefined || (!frontEnds.has(s.root) && !(s.sources.every((source) => DEPLOYED.has(source)) && startsOnlyPageServers(s)))),
      packageAt,
      (root) => files.some((file) => file.rel.startsWith(`${root}/`)),
      diagnostics,
    ),
    packageAt,
    fileSet,
    diagnostics,
  ).sort((a, b) => a.root.localeCompare(b.root));
  // A deployment file names it, so a reader expects it among the services: say why it is not one.
  for (const left of deployments.services) {
    if (services.includes(left) || !left.sources.some((source) => DEPLOYED.has(source))) continue;
    diagnostics.push({
      kind: "not-understood",
      file: left.location.file,
      line: left.location.line,
      message: `${left.name} (${left.root || "the repository's top"}) is a browser front end: it serves pages to browsers, not an API other services call, so it is not checked as a service (declare it under services in the config to check it)`,
    });
  }
  // The top's package.json repeating a folder's word for word: the top holds a stray copy of that folder's service.
  const topPackage = read("package.json");
  dedupeNames(services, (root) => topPackage !== undefined && read(`${root}/package.json`)?.trim() === topPackage.trim());
  for (const service of services) {
    const engines = service.language !== undefined ? manifestEngines(service.root, service.language, fileSet, read) : undefined;
    if (engines) service.manifestEngines = engines;
  }
  // A package that starts a program like its siblings do but depends on no server or consumer arch-lint knows, and that
  // nothing deploys (a microservice on an RPC toolkit's run() beside others a compose file runs): say why it is not one.
  const serviceRoots = new Set(services.map((s) => s.root));
  // Top-level folders count as siblings too (`orderService/` beside `paymentService/`, whose consumer comes from a third
  // folder it requires by path), but not beside the repository's top itself, which holds everything.
  const parents = new Set(services.filter((s) => s.root !== "").map((s) => posix.dirname(s.root)));
  for (const pkg of packages) {
    // (A monorepo's root inside the repository, a folder of micro-frontends with its workspaces and turbo.json, starts its members: no program of its own.)
    if (roles.get(pkg.dir) !== "app" || serviceRoots.has(pkg.dir) || setupTools.has(pkg.dir) || holders.has(pkg.dir) || pkg.bin || pkg.dir === "" || !parents.has(posix.dirname(pkg.dir))) continue;
    const start = startCommand(pkg);
    if (start === undefined || isBrowserFrontEnd(pkg, "app", fileSet)) continue;
    const where = posix.dirname(pkg.dir) === "." ? "the repository's top" : posix.dirname(pkg.dir);
    diagnostics.push({
      kind: "not-understood",
      file: pkg.file,
      line: 1,
      message: `${unscoped(pkg.name) ?? posix.basename(pkg.dir)} (${pkg.dir}) starts with \`${start}\` beside services in ${where}, but depends on no server or consumer arch-lint knows and no deployment file runs it: it is not checked as a service (declare it under services in the config to check it)`,
    });
  }
  applyDaprResiliency(services, files, read);
  const libraries = librariesOf(packages, roles, projects, new Map(services.map((s) => [s.root, s])), new Set([...holders, ...deployments.containers]));
  return { services, libraries, packages, compose, workspacePackages, frontEnds: [...frontEnds].filter((root) => !serviceRoots.has(root)), diagnostics };
}

/**
 * A package that nothing deploys, whose folder holds deployed services with no package.json of their own and whose
 * start scripts are theirs, one each (`start-user` and `start-auth` running a shared boot file with `User` and `Auth`,
 * the Dockerfiles installing the package's dependencies from the top): those services' package, not a service of its
 * own. Said, since a reader may look for it. A package whose start script runs something of its own (a root app with
 * its worker deployed from a folder below) stays one; a deployment whose folder holds no file hosts nothing.
 */
function withoutHostPackages(services: ServiceInfo[], packageAt: ReadonlyMap<string, Pick<PackageInfo, "scripts">>, hasFiles: (root: string) => boolean, diagnostics: Diagnostic[]): ServiceInfo[] {
  const inside = (root: string, other: string) => other !== root && (root === "" || other.startsWith(`${root}/`));
  return services.filter((host) => {
    if (host.language !== undefined || host.sources.some((source) => source !== "package" && source !== "workspace")) return true;
    const hosted = services.filter((s) => inside(host.root, s.root) && s.language === undefined && !packageAt.has(s.root) && s.sources.some((source) => DEPLOYED.has(source)) && hasFiles(s.root));
    if (!hosted.length || !startsOnlyThem(packageAt.get(host.root)?.scripts ?? {}, hosted)) return true;
    diagnostics.push({
      kind: "not-understood",
      file: host.location.file,
      line: host.location.line,
      message: `${host.name} (${host.root || "the repository's top"}) is the package of ${hosted.map((s) => `${s.name} (${s.root})`).join(", ")}, deployed from its folder with no package.json of their own, and its start scripts start them one by one: it is not checked as a service of its own (declare it under services in the config to check it)`,
    });
    return false;
  });
}

/**
 * A package inside the folder of a deployed service that nothing deploys, with no Dockerfile and no start script (only
 * scripts run by hand: `pub`, `listen` of a course's `tickets/nats-test`): tooling for that service, not one of its own.
 * Said in a diagnostic.
 */
function withoutNestedTools(services: ServiceInfo[], packageAt: ReadonlyMap<string, Pick<PackageInfo, "scripts">>, fileSet: FileSet, diagnostics: Diagnostic[]): ServiceInfo[] {
  return services.filter((tool) => {
    if (tool.language !== undefined || tool.root === "" || tool.sources.some((source) => source !== "package" && source !== "workspace")) return true;
    const host = services.find((s) => s !== tool && s.root !== "" && tool.root.startsWith(`${s.root}/`) && s.sources.some((source) => DEPLOYED.has(source)));
    if (!host || fileSet.has(`${tool.root}/Dockerfile`)) return true;
    const scripts = Object.keys(packageAt.get(tool.root)?.scripts ?? {});
    if (scripts.some((name) => /^(start|serve|dev|prod)\b/.test(name))) return true;
    diagnostics.push({
      kind: "not-understood",
      file: tool.location.file,
      line: tool.location.line,
      message: `${tool.name} (${tool.root}) is a package inside ${host.name}'s folder that nothing deploys, with no Dockerfile and no start script (${scripts.length ? `only ${scripts.join(", ")}` : "no scripts"}): taken for a tool run by hand, not checked as a service (declare it under services in the config to check it)`,
    });
    return false;
  });
}

/** Whether a package's start scripts (`start`, `start-user`, `dev:auth` …) each start one of `hosted`, named by the script or an argument. */
function startsOnlyThem(scripts: Readonly<Record<string, string>>, hosted: readonly ServiceInfo[]): boolean {
  const starts = Object.entries(scripts).filter(([name, command]) => /^(start|dev|serve)\b/.test(name) && typeof command === "string");
  if (!starts.length) return false;
  const stems = hosted.flatMap((s) => [nameStem(s.name), nameStem(posix.basename(s.root))]);
  return starts.every(([name, command]) => {
    const words = [...name.toLowerCase().split(/[-:_]+/).slice(1), ...command.toLowerCase().split(/[\s"'=/]+/)];
    return stems.some((stem) => words.includes(stem));
  });
}

/** Names that starter templates and generators give a package before anyone names it. */
const TEMPLATE_NAME = /^(?:project|my-?app|my-?project|new-?project|untitled(?:-project)?|(?:nest|nestjs|typescript|express|node|ts)(?:-typescript)?-(?:app|project))$/i;

/** A name a starter or template gives itself: `express-app-template`, `node-ts-boilerplate`, `nest-starter`, `api-skeleton`. */
const STARTER_NAME = /(^|[-_.])(template|boilerplate|starter|skeleton|scaffold)([-_.]|$)/i;

/**
 * Words that name a technology or a kind of project, never a business capability: a package named with nothing but
 * these (`crud-node-ts`, `express-typescript-api`, `node-rest-server`) was named for how it is built, and its folder
 * says which service it is.
 */
const TECH_WORDS = new Set(
  "api apis app application backend server service rest restful crud http node nodejs js javascript ts typescript express fastify koa hapi nest nestjs mongo mongodb mongoose postgres postgresql pg mysql sql prisma typeorm sequelize redis docker simple basic sample example demo test project web microservice micro ms".split(" "),
);

/** A folder named for holding code, not for what it does (`src` of `node_server`): no better a name than the package's. */
const CODE_FOLDER_NAME = /^(src|source|lib|code|main|core|dist|build|app|apps|packages?|services?|modules?)$/i;

function onlyTechWords(name: string): boolean {
  const words = name.toLowerCase().split(/[-_.]+/).filter(Boolean);
  return words.length > 0 && words.every((word) => TECH_WORDS.has(word));
}

/**
 * A package's service name: its package name, unless another package of the repository has the same one (a
 * package.json copied from a sibling and never renamed), which then names neither: the folder does. A name of one or
 * two characters that is not its folder's (`"name": "y"` in gateway/, what `npm init -y` was told) is no name a
 * reader uses either, nor is a starter's own name left in its copy (`express-app-template` in gateway/, a
 * `nestjs-boilerplate` in orders/), or one a generator or starter gives every package (`"name": "project"`, `my-app`),
 * or one made of technology words only (`crud-node-ts` in ms-transaction/): the folder says which service the copy became.
 */
export function packageServiceName(pkg: Pick<PackageInfo, "dir" | "name">, packages: readonly Pick<PackageInfo, "dir" | "name">[]): string {
  const name = unscoped(pkg.name);
  const copied = name !== undefined && pkg.dir !== "" && packages.some((other) => other.dir !== pkg.dir && unscoped(other.name) === name);
  const folder = posix.basename(pkg.dir);
  const placeholder = name !== undefined && pkg.dir !== "" && folder !== name && (name.length <= 2 || TEMPLATE_NAME.test(name) || (STARTER_NAME.test(name) && !STARTER_NAME.test(folder)) || (onlyTechWords(name) && !onlyTechWords(folder) && !CODE_FOLDER_NAME.test(folder)));
  return (copied || placeholder ? posix.basename(pkg.dir) : name) ?? (posix.basename(pkg.dir) || "app");
}
