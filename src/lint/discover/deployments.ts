import { posix } from "node:path";
import type { Diagnostic, Location, ServiceInfo, ServiceSource } from "../types.js";
import type { ImageArtifact, ScriptedBuild } from "./artifacts.js";
import { onlyMigrates, projectHosts, scriptOnlyMigrates, type ComposeService } from "./compose.js";
import { readDockerfile, startedCommand, startsLoadScript, startsLoadTest, startsOnlyAnInstall, type DockerfileInfo } from "./dockerfile.js";

/** A version at the end of an image's name: `-v1`, `_v2`, `.v3`. */
const VERSION_SUFFIX = /[-_.]v\d+$/;

/** Folders that hold a project's tests, by their name. */
const TEST_FOLDER = /^(tests?|e2e|__tests__|integration[-_]tests?|acceptance[-_]tests?)$/i;
const TEST_DOCKERFILE = /^(?:dockerfile[.-](?:tests?|e2e|integration|spec)|(?:tests?|e2e|integration)\.dockerfile)$/i;
import { dotenvLines, parseServiceDotenv } from "./env.js";
import { hasOwnEntry, startsSomething } from "./packages.js";
import { readStarts } from "./starts.js";
import { shellCommands } from "./shell-script.js";
import { submoduleFolders } from "./submodules.js";
import type { FileEntry, FileSet, ReadText } from "./files.js";
import { infrastructureRun } from "./image-contents.js";
import { folderLanguage, imageBaseName, imageLanguage, imageRepository, imageWithoutTag, isInfrastructureImage } from "./images.js";
import type { K8sWorkload } from "./kubernetes.js";
import { buildLanguage, dockerfileAppName, nameStem, pathReadings, placeBuild, singularName, type Build, type Candidate, type PlaceContext } from "./placement.js";

/** A requirements.txt line installing locust (`locust`, `locust==2.20`, `locust[extras]`). */
const LOAD_REQUIREMENT = /^\s*locust\b/im;

/**
 * Joins what the deployment files say onto the services found in the code:
 * each compose entry and Skaffold artifact is placed on the folder it deploys
 * (see placement.ts) and becomes that folder's service or a service of its own
 * (entries never merge with each other, a datastore's never becomes one);
 * Kubernetes workloads join the service whose image they run, whose folder
 * holds their manifest, or whose name they carry. Then each service's
 * environment: its folder's .env, its compose entries on top, its workloads
 * for what is left.
 */

export interface DeployedPackage {
  dir: string;
  file: string;
  name?: string;
  main?: string;
  scripts?: Readonly<Record<string, string>>;
}

export interface DeploymentInput {
  /** Services found from packages and projects, before deployment files. */
  services: readonly ServiceInfo[];
  /** Every package.json, for naming and for packages a deployment makes a service (a worker with no server dependency). */
  packages: readonly DeployedPackage[];
  workspaceRoots: ReadonlySet<string>;
  /** Folders of packages and projects that are libraries: a build that copies one deploys the app that uses it. */
  libraryRoots: ReadonlySet<string>;
  compose: readonly ComposeService[];
  artifacts: readonly ImageArtifact[];
  /** Images CI workflows and scripts build (discover/build-commands.ts): they tie an image to a folder, never make a service. */
  scriptedBuilds?: readonly ScriptedBuild[];
  workloads: readonly K8sWorkload[];
  files: readonly FileEntry[];
  read: ReadText;
  fileSet: FileSet;
  diagnostics: Diagnostic[];
}

export interface DeploymentResult {
  services: ServiceInfo[];
  /** Package folders that only hold deployed apps (a monorepo root whose compose builds its apps): neither a service nor a library. */
  containers: Set<string>;
}

interface Deployed {
  compose: ComposeService[];
  artifacts: ImageArtifact[];
  workloads: K8sWorkload[];
  /** The ENV lines of the images its builds make (DockerfileInfo.env), by Dockerfile. */
  imageEnv: { file: string; env: Record<string, string> }[];
}

/**
 * Two entries of one compose project that are one service run two ways (`stock` under profile prod, `stock-dev` under
 * profile dev, or in two files of the folder): the same build, profiles that are never active together (or other
 * files), and one name the other's plus a suffix (`-dev`, `_local`, `-test`) or a host name both give themselves. An API
 * and its worker split by profiles differ by name, so stay two.
 */
/** The suffix a stack's variant adds to a service's name (`auth-dev`, `auth_test`, `auth.prod`). */
/** The words a stack's variant adds to a service's name. */
const STACK_VARIANT = "dev|develop|development|local|debug|watch|hot|prod|production|test|tests|testing|e2e|ci|preview|staging|stage";
const VARIANT_SUFFIX = new RegExp(`[-_.](${STACK_VARIANT})$`, "i");

export function profileVariants(a: ComposeService, b: ComposeService): boolean {
  if (a.project !== b.project) return false;
  // Files of one folder that are alternatives (`docker-compose.prod.yml`, `docker-compose.test.yml`, each run with `-f`)
  // may name one build `auth-service` and `auth-service-test`: one service, by the suffix a stack's variant adds.
  const otherFiles = a.file !== b.file;
  if (!otherFiles && (!a.profiles?.length || !b.profiles?.length || a.profiles.some((p) => b.profiles!.includes(p)))) return false;
  if (a.context === undefined || a.context !== b.context || a.dockerfile !== b.dockerfile || a.dockerfileInline !== b.dockerfileInline) return false;
  if (!otherFiles && JSON.stringify(Object.entries(a.buildArgs ?? {}).sort()) !== JSON.stringify(Object.entries(b.buildArgs ?? {}).sort())) return false;
  // Two stages of one Dockerfile (`runner` for prod, `development-server` for dev) are one service run two ways only when
  // the suffix says so (`auth-service-dev`); another stage under another name may be another program.
  const suffix =
    a.target === b.target && !otherFiles ? /^[-_.][a-z0-9]+$/i : new RegExp(`^[-_.](${STACK_VARIANT})$`, "i");
  const suffixed = (long: string, short: string) => long.length > short.length && long.startsWith(short) && suffix.test(long.slice(short.length));
  const own = (e: ComposeService) => e.hosts.filter((h) => h !== e.name).map((h) => h.toLowerCase());
  return suffixed(a.name, b.name) || suffixed(b.name, a.name) || own(a).some((h) => own(b).includes(h));
}

/** A word a variant's name adds before or after the name it shares with its base (`build-application`, `api-dev`). */
const VARIANT_WORD = `(?:base|build|${STACK_VARIANT})`;
const VARIANT_AFFIX = new RegExp(`^${VARIANT_WORD}[-_.]|[-_.]${VARIANT_WORD}$`, "i");

/** A name without one variant word before or after it: `application` for `development-application`. */
export function variantStem(name: string): string {
  return name.replace(VARIANT_AFFIX, "").toLowerCase();
}

/**
 * Two entries of one compose file written as variants of one service with `extends` (`build-application` and
 * `development-application` each extending `base-application`): one build, one extending the other or both the same
 * base, and names that differ only by a variant word. They are one program set up several ways (development with a
 * watcher's command, a build with other links), not several services; an API and its worker extending a common base
 * differ by more than a variant word, so stay two.
 */
export function extendsVariants(a: ComposeService, b: ComposeService): boolean {
  if (a === b || a.project !== b.project || a.file !== b.file) return false;
  const related = a.extendsFrom === b.name || b.extendsFrom === a.name || (a.extendsFrom !== undefined && a.extendsFrom === b.extendsFrom);
  if (!related || a.context === undefined || a.context !== b.context) return false;
  if (a.dockerfile !== b.dockerfile || a.dockerfileInline !== b.dockerfileInline || a.target !== b.target) return false;
  return a.name !== b.name && variantStem(a.name) === variantStem(b.name) && (variantStem(a.name) !== a.name.toLowerCase() || variantStem(b.name) !== b.name.toLowerCase());
}

/**
 * Compose entries of one project that run one folder's program alike (the same build, Dockerfile, stage, build args and
 * command: workers told apart by their environment, `WORKER_TYPE=payment`) each run all of its code: marked `replicated`,
 * so that the connections the folder's files open are each one's (model/ownership.ts, fileBorrowers). Entries that run
 * the folder differently (an API and its worker, `command: node dist/worker.js`) are not: the first listed owns the
 * folder, and the model says so.
 */
function markReplicas(services: readonly ServiceInfo[], deployed: ReadonlyMap<ServiceInfo, Deployed>): void {
  const byRoot = new Map<string, ServiceInfo[]>();
  for (const service of services) if (!service.language && service.entry === undefined) byRoot.set(service.root, [...(byRoot.get(service.root) ?? []), service]);
  const program = (e: ComposeService) => JSON.stringify([e.project, e.context, e.dockerfile, e.dockerfileInline, e.target, Object.entries(e.buildArgs ?? {}).sort(), e.command ?? [], e.context === undefined ? e.image : ""]);
  for (const group of byRoot.values()) {
    if (group.length < 2) continue;
    const programs = new Set<string>();
    for (const service of group) {
      const d = deployed.get(service);
      if (!d || d.artifacts.length || d.workloads.length || !d.compose.length) programs.add(`other:${service.name}`);
      for (const entry of d?.compose ?? []) programs.add(program(entry));
    }
    if (programs.size === 1) for (const service of group) service.replicated = true;
  }
}

/** Where an app keeps its own code, beside the files at its top. */
const APP_CODE_FOLDERS = new Set(["src", "lib", "app", "server", "routes", "bin"]);

/** Tool configs at a repository's top (eslint.config.mjs, jest.config.ts, .prettierrc.js, gulpfile.js): not an app's code. */
const TOOL_CONFIG_FILE = /^(\.|.*\.config\.[cm]?[jt]s$|.*rc\.[cm]?[jt]s$|(gulpfile|gruntfile)\.[cm]?[jt]s$)/i;

const FROM_CODE: ReadonlySet<ServiceSource> = new Set(["workspace", "package", "nx", "nest-cli", "config", "serverless", "azd", "encore", "dockerfile"]);

export function placeDeployments(input: DeploymentInput): DeploymentResult {
  const { fileSet, read, diagnostics } = input;
  const services: ServiceInfo[] = input.services.map((s) => s);
  const deployed = new Map<ServiceInfo, Deployed>();
  const of = (service: ServiceInfo): Deployed => {
    let d = deployed.get(service);
    if (!d) deployed.set(service, (d = { compose: [], artifacts: [], workloads: [], imageEnv: [] }));
    return d;
  };
  const packageAt = new Map(input.packages.map((pkg) => [pkg.dir, pkg]));
  const ctx = placeContext(services, input);
  const csprojFolders = new Set(input.files.filter((f) => f.rel.endsWith(".csproj")).map((f) => dirOf(f.rel)));
  const csproj = (folder: string) => csprojFolders.has(folder);
  /** Images built in this repository (compose `build` + `image`, Skaffold artifacts) → the service they deploy. */
  const builtImages = new Map<string, ServiceInfo>();
  const builtRepositories = new Map<string, ServiceInfo>();
  /** How compose built each image: an entry that runs it with a command of its own may start another app of that build. */
  const composeBuilds = new Map<string, { build: Build; docker: DockerfileInfo | undefined }>();
  const rememberImage = (image: string | undefined, service: ServiceInfo) => {
    if (!image) return;
    if (!builtImages.has(imageWithoutTag(image))) builtImages.set(imageWithoutTag(image), service);
    if (!builtRepositories.has(imageRepository(image))) builtRepositories.set(imageRepository(image), service);
  };
  /** Contexts whose builds deploy a folder below them, and the folders deployments landed on. */
  const deployedBelow = new Set<string>();
  /** Images the repository builds that are no service (a load generator, a datastore with its init scripts). */
  const toolImages = new Set<string>();
  /**
   * The last name of images compose builds as no service: a manifest runs the same image under its registry's name
   * (`${REPO}/rs-mongodb` built, `robotshop/rs-mongodb` run), with the variables compose fills from its own .env.
   */
  const toolImageNames = new Set<string>();
  /** The folders `.gitmodules` declares, read when a workload's image is not otherwise tied to a folder. */
  let submodules: string[] | undefined;
  const isToolImage = (image: string) => toolImages.has(imageWithoutTag(image)) || toolImageNames.has(imageBaseName(image));
  const deployedAt = new Set<string>();

  // Docker Desktop on macOS and Windows finds `DockerFile.prod` for `dockerfile: Dockerfile.prod`: so does arch-lint, when only the case differs.
  const byLowerCase = new Map<string, string>();
  for (const file of input.files) if (!byLowerCase.has(file.rel.toLowerCase())) byLowerCase.set(file.rel.toLowerCase(), file.rel);
  const dockerfileOf = (written: string | undefined, args: Record<string, string>, target: string | undefined): DockerfileInfo | undefined => {
    const path = written === undefined || fileSet.has(written) ? written : byLowerCase.get(written.toLowerCase());
    if (!path || !fileSet.has(path)) return undefined;
    const text = read(path);
    return text === undefined ? undefined : readDockerfile(text, args, target);
  };

  // A build whose Python requirements pull in locust is a load generator, whatever script its CMD runs to start it.
  const runsLoad = (docker: DockerfileInfo | undefined, context: string, command?: readonly string[], dockerfile?: string) =>
    startsLoadTest(docker, command) ||
    // A Dockerfile named for tests (`Dockerfile.test`, `e2e.Dockerfile`) builds an image that runs the suite and exits.
    (dockerfile !== undefined && TEST_DOCKERFILE.test(posix.basename(dockerfile))) ||
    LOAD_REQUIREMENT.test(read(posix.join(context, "requirements.txt")) ?? "") ||
    startsLoadScript(docker, command ?? [], (name) => (fileSet.has(posix.join(context, name)) ? read(posix.join(context, name)) : undefined)) ||
    // A build of a tests folder (`sut: build: ./tests`, Docker Hub's automated tests) runs the others' tests and exits.
    TEST_FOLDER.test(posix.basename(context));

  const create = (name: string, root: string, source: ServiceSource, location: ServiceInfo["location"], language: string | undefined): ServiceInfo => {
    const pkg = packageAt.get(root);
    const service: ServiceInfo = { name, root, sources: [source], ...(pkg?.name ? { packageName: pkg.name } : {}), hosts: [], ports: [], env: {}, envSources: {}, ...(language ? { language } : {}), location };
    services.push(service);
    return service;
  };
  const addSource = (service: ServiceInfo, source: ServiceSource) => {
    if (!service.sources.includes(source)) service.sources.push(source);
  };
  const setLanguage = (service: ServiceInfo, language: string | undefined) => {
    // A folder found from its package.json or project is JavaScript whatever image runs it.
    if (language && !service.sources.some((s) => FROM_CODE.has(s))) service.language = language;
  };

  let dockerfileFolders: Map<string, string[]> | undefined;
  let filledFolders: Set<string> | undefined;
  let codeFolders: Set<string> | undefined;
  /** Entries of one compose project that build one folder and name no app below it. */
  const unplaced = new Map<string, ComposeService[]>();
  // Compose entries that build from the repository, then those that run an image (which may be one of those builds).
  const composeEntries = [...input.compose].sort((a, b) => depth(a.project) - depth(b.project));
  /**
   * How many builds (compose entries, Skaffold artifacts) use each context folder. Entries of one name in several compose
   * files (`companies` in docker-compose.dev.yml and compose.prod.yml), or one name and its variant's (`auth`,
   * `auth-dev`), are one app built two ways, not several apps sharing the folder.
   */
  const buildNames = new Map<string, Set<string>>();
  for (const [context, name] of [...composeEntries.map((e) => [e.context, e.name.replace(VARIANT_SUFFIX, "")] as const), ...input.artifacts.map((a, index) => [a.context, `artifact ${index}`] as const)]) {
    if (context !== undefined) buildNames.set(context, (buildNames.get(context) ?? new Set()).add(name));
  }
  const buildsOf = new Map([...buildNames].map(([context, names]) => [context, names.size]));
  for (const entry of composeEntries) {
    if (entry.context === undefined || entry.job) continue;
    // A compose file in a folder of its own that builds `./apps/<name>` as if it sat at the top, the apps elsewhere
    // (`apps/backend/<name>`): the one app of the whole repository named like it, over a port another app listens on
    // too (a port copied from one app's entry to another's).
    const named = standInFor(entry.context);
    const anywhere = named === undefined ? namedAnywhere(entry.context, entry.file) : undefined;
    const port = named === undefined ? portTwin(entry) : undefined;
    const byPort = port && (anywhere === undefined || anywhere === port.root) ? port : undefined;
    const byName = named ?? (byPort ? undefined : anywhere);
    const standIn = byName ?? byPort?.root;
    if (standIn !== undefined) {
      diagnostics.push({ kind: "not-understood", file: entry.file, line: entry.line, message: byPort ? renamedBuild(`services.${entry.name}`, entry.context, standIn, `the one app ${byPort.how} ${byPort.port}, as the entry publishes`) : renamedBuild(`services.${entry.name}`, entry.context, standIn) });
      if (entry.dockerfile?.startsWith(`${entry.context}/`)) entry.dockerfile = `${standIn}${entry.dockerfile.slice(entry.context.length)}`;
      entry.context = standIn;
    }
    const docker = entry.dockerfileInline !== undefined ? readDockerfile(entry.dockerfileInline, entry.buildArgs ?? {}, entry.target) : dockerfileOf(entry.dockerfile, entry.buildArgs ?? {}, entry.target);
    const infrastructure = infrastructureRun(docker);
    if (infrastructure !== undefined) {
      // A datastore or broker built with its own init scripts: infrastructure, like an image-only entry.
      if (entry.image) toolImageNames.add(imageBaseName(entry.image));
      entry.image ??= infrastructure;
      continue;
    }
    // A build whose Dockerfile only runs the schema's migrations (`CMD ["pnpm", "--filter", "@app/db", "db:migrate"]`) is
    // a one-shot job, as a compose command that does is (compose.ts, which also sees whether the command goes on with
    // `&&` to start the app): no service, whatever package folder it copies.
    const started = entry.command?.length ? undefined : startedCommand(docker);
    if (runsLoad(docker, entry.context, entry.command, entry.dockerfile) || startsOnlyAnInstall(docker, entry.command) || (started !== undefined && onlyMigrates(started)) || startsOnlyAMigrationScript(docker, entry.command ?? [], entry.context, ctx)) {
      if (entry.image) toolImageNames.add(imageBaseName(entry.image));
      continue;
    }
    const build: Build = { context: entry.context, ...(entry.dockerfile ? { dockerfile: entry.dockerfile } : {}), command: entry.command ?? [], name: entry.name, shared: (buildsOf.get(entry.context) ?? 0) > 1, mounts: entry.mounts ?? [], env: entry.env };
    // An entry that only builds the image other entries run, each with its own command (`base-node` built with no CMD,
    // `gateway` and `users` running it with `./init.sh` and their APP_NAME): a build, not a service.
    if (buildsOnlyAnImage(entry, docker)) {
      composeBuilds.set(imageWithoutTag(entry.image!), { build, docker });
      continue;
    }
    let placed = placeBuild(build, docker, ctx);
    // A deployment folder that mirrors the apps' (dev-ops/docker/orders/Dockerfile, the code in apps/orders): the one app
    // of the repository named like it, when the folder holds no code of its own.
    // A folder that is not there at all is another puzzle (below).
    const twin = placed.apps || placed.root === "" || !holdsFiles(placed.root) || holdsCode(placed.root) ? undefined : codeTwin(entry.context, placed.root);
    if (twin !== undefined) {
      diagnostics.push({ kind: "not-understood", file: entry.file, line: entry.line, message: `services.${entry.name} builds "${entry.context || "."}", which holds no code; taken as "${twin}", the one app named like it (correct the build context if that is wrong)` });
      placed = { root: twin, by: "name" };
    }
    // A compose file beside a service's code whose build context is wrong (`context: ./feed` written in feed/ itself)
    // names a deployment another compose file builds from the folder that holds the code: that one is the service.
    const builtElsewhere = holdsFiles(placed.root) ? undefined : composeEntries.find((other) => other !== entry && other.file !== entry.file && other.name === entry.name && other.context !== undefined && !other.job && holdsFiles(other.context));
    if (builtElsewhere) {
      diagnostics.push({
        kind: "not-understood",
        file: entry.file,
        line: entry.line,
        message: `services.${entry.name} builds "${placed.root || "."}", which holds no file arch-lint reads, while ${builtElsewhere.file} builds ${entry.name} from "${builtElsewhere.context || "."}": this entry is left out`,
      });
      continue;
    }
    // A folder the snapshot lacks says nothing of what runs there; an entry named like a datastore or gateway that
    // runs it (`kong` with `kong migrations bootstrap`) is that infrastructure, built with its own plugins.
    if (docker === undefined && !holdsFiles(placed.root) && [entry.name, entry.command?.[0] ?? ""].some((name) => name !== "" && isInfrastructureImage(name))) continue;
    if (placed.apps) {
      // One container that starts several apps of its folder one by one (a dev image whose entrypoint.sh runs each app
      // of a NestJS monorepo): each app runs with the entry's environment; the entry is no service of its own. Its name
      // and published ports belong to the container, not to one app, so no app takes them.
      for (const root of placed.apps) {
        const app = services.find((s) => s.root === root) ?? create(ctx.candidates.find((c) => c.root === root)?.names[0] ?? posix.basename(root), root, "compose", { file: entry.file, line: entry.line, column: 1 }, undefined);
        addSource(app, "compose");
        of(app).compose.push({ ...entry, hosts: [], ports: [] });
        deployedAt.add(root);
      }
      deployedBelow.add(entry.context);
      diagnostics.push({
        kind: "not-understood",
        file: entry.file,
        line: entry.line,
        message: `services.${entry.name} starts ${placed.apps.length} apps of "${entry.context || "."}" one by one (${placed.script}): ${placed.apps.join(", ")}; each gets its environment, and it is not counted as a service of its own (calls to the host ${entry.name} are not tied to one of them)`,
      });
      continue;
    }
    if (placed.by === "context") unplaced.set(`${entry.project}\0${entry.context}`, [...(unplaced.get(`${entry.project}\0${entry.context}`) ?? []), entry]);
    const service = attachCompose(entry, placed.root, buildLanguage(placed.root, entry.context, docker, fileSet, undefined, csproj));
    rememberImage(entry.image, service);
    if (entry.image && !composeBuilds.has(imageWithoutTag(entry.image))) composeBuilds.set(imageWithoutTag(entry.image), { build, docker });
    if (docker && entry.dockerfile && Object.keys(docker.env).length) of(service).imageEnv.push({ file: entry.dockerfile, env: docker.env });
    if (!holdsFiles(placed.root)) {
      diagnostics.push({
        kind: "not-understood",
        file: entry.file,
        line: entry.line,
        service: service.name,
        message: `services.${entry.name} builds "${placed.root || "."}", which holds no file arch-lint reads (a git submodule not checked out, an ignored or missing folder): counted as a service with no code`,
      });
    }
    if (placed.root !== entry.context) deployedBelow.add(entry.context);
  }
  for (const entries of unplaced.values()) {
    const first = entries[0]!;
    const below = (root: string) => (first.context === "" ? root !== "" : root.startsWith(`${first.context}/`));
    // Two containers of one app folder (an API and its worker) are no puzzle; only a folder with apps below it is.
    if (entries.length < 2 || !ctx.candidates.some((c) => below(c.root))) continue;
    diagnostics.push({
      kind: "not-understood",
      file: first.file,
      line: first.line,
      message: `${entries.map((e) => `services.${e.name}`).join(", ")} all build "${first.context || "."}" and neither their Dockerfiles nor their commands name an app folder in it: each is counted as a service of that whole folder; put each Dockerfile in its app's folder or name the app in its command`,
    });
  }
  // Images a CI workflow or a script builds from a service's folder (`docker build -t acme/users -f apps/users/Dockerfile .`):
  // a compose entry or a workload below that runs one deploys that service. Builds compose and Skaffold make come first.
  // A folder with no package (a Go or Python app) is no service yet: the workload that runs its image makes it one below.
  const scriptedFolders = new Map<string, ScriptedBuild>();
  for (const build of input.scriptedBuilds ?? []) {
    const docker = dockerfileOf(build.dockerfile, build.buildArgs, build.target);
    const placed = placeBuild({ context: build.context, ...(build.dockerfile ? { dockerfile: build.dockerfile } : {}), command: [], name: imageBaseName(build.image) }, docker, ctx);
    const service = services.find((s) => s.root === placed.root && s.sources.some((source) => FROM_CODE.has(source)));
    if (service && !builtImages.has(imageWithoutTag(build.image))) rememberImage(build.image, service);
    else if (!service && !scriptedFolders.has(imageWithoutTag(build.image))) scriptedFolders.set(imageWithoutTag(build.image), build);
  }
  for (const entry of composeEntries) {
    if (entry.context !== undefined || entry.job || !entry.image || isInfrastructureImage(entry.image)) continue;
    const built = builtImages.get(imageWithoutTag(entry.image)) ?? builtRepositories.get(imageRepository(entry.image));
    if (built) {
      attachCompose(entry, ranByCommand(entry) ?? built.root, built.language);
      continue;
    }
    // An image a script builds from a folder that is no service yet (one Dockerfile told by a build arg which folder of a
    // package's code to copy in, `--build-arg SERVICE_NAME=auth`): the entry that runs it makes that folder a service.
    const scripted = scriptedFolders.get(imageWithoutTag(entry.image));
    const fromScript = scripted ? placeFolder(scripted.context, imageBaseName(entry.image), scripted) : undefined;
    if (fromScript && fromScript.root !== scripted!.context) {
      attachCompose(entry, fromScript.root, fromScript.language);
      continue;
    }
    const ranFromBuild = composeBuilds.has(imageWithoutTag(entry.image)) ? ranByCommand(entry) : undefined;
    if (ranFromBuild !== undefined) {
      attachCompose(entry, ranFromBuild, buildLanguage(ranFromBuild, composeBuilds.get(imageWithoutTag(entry.image))!.build.context, undefined, fileSet, undefined, csproj));
      continue;
    }
    // A runtime image running the repository's code through a bind mount (`image: node:22`, `./orders:/app`).
    const mounted = imageLanguage(entry.image) === "node" ? (entry.mounts ?? []).find((folder) => ctx.sourceFolders.has(folder) || ctx.candidates.some((c) => c.root === folder)) : undefined;
    if (mounted !== undefined) {
      const placed = placeBuild({ context: mounted, command: entry.command ?? [], name: entry.name }, undefined, ctx);
      attachCompose(entry, placed.root, undefined);
      if (placed.root !== mounted) deployedBelow.add(mounted);
      continue;
    }
    // A registry image named like a service of the repository (`acme/orders:1.4` for orders).
    const named = uniqueByName(services, [imageBaseName(entry.image)]);
    if (named && !named.language) {
      attachCompose(entry, named.root, undefined, named);
      continue;
    }
    // … or whose name holds every word of the image's (`moleculer/demo` for the package docker-demo) and whose folder has a
    // Dockerfile to build it: the image published from it. Each entry stays a container of its own (one image, several
    // entry points: moleculer-runner's SERVICES).
    const worded = uniqueByWords(services, imageBaseName(entry.image));
    if (worded && !worded.language && fileSet.has(posix.join(worded.root, "Dockerfile"))) {
      attachCompose(entry, worded.root, undefined);
      continue;
    }
    // … or like a folder with a Dockerfile (`acme/frontend:1.4` for src/frontend/Dockerfile): the image built there.
    const folder = imageFolder(entry.image);
    const placed = folder !== undefined ? placeFolder(folder, entry.name) : undefined;
    if (placed) {
      attachCompose(entry, placed.root, placed.language);
      continue;
    }
    // … or a project image no file of the repository builds (`patient_api`, built by hand from the folder's Dockerfile) that
    // runs one package's code through bind mounts of its parts (`./patients/io:/opt/app/io`, `./patients/package.json`)
    // and a command of its own: that package's service. (After the names: an image named for another service of the
    // repository, its code mounted by a slip of copy and paste, is that service's.)
    const parts = imageLanguage(entry.image) === undefined && entry.command?.length ? packageOfMounts(entry.mounts ?? [], ctx.candidates) : undefined;
    if (parts !== undefined) {
      attachCompose(entry, parts, undefined);
      continue;
    }
    // … or, last, like a package of the repository that starts something through no server arch-lint knows (an RPC
    // toolkit's `run()`): the image CI publishes from it, run here with no build, makes it a service.
    const app = uniqueApp(ctx.candidates, imageBaseName(entry.image));
    if (app !== undefined) attachCompose(entry, app, undefined);
  }

  const imagePrefix = sharedImagePrefix(input.artifacts.map((artifact) => imageBaseName(artifact.image)));
  const runImages = new Set(input.workloads.flatMap((workload) => workload.images.map(imageWithoutTag)));
  for (const artifact of input.artifacts) {
    // A base image other artifacts build FROM (shared packages copied in) that no workload runs: its folder is a library's.
    if (artifact.requiredBy?.length && !runImages.has(imageWithoutTag(artifact.image))) continue;
    const standIn = standInFor(artifact.context);
    if (standIn !== undefined) {
      diagnostics.push({ kind: "not-understood", file: artifact.file, line: artifact.line, message: renamedBuild(`the artifact ${artifact.image}`, artifact.context, standIn) });
      if (artifact.dockerfile?.startsWith(`${artifact.context}/`)) artifact.dockerfile = `${standIn}${artifact.dockerfile.slice(artifact.context.length)}`;
      artifact.context = standIn;
    }
    const docker = dockerfileOf(artifact.dockerfile, artifact.buildArgs, artifact.target);
    if (infrastructureRun(docker) !== undefined || runsLoad(docker, artifact.context, undefined, artifact.dockerfile)) {
      // The Deployment that runs it is no service either, and nothing to warn about.
      toolImages.add(imageWithoutTag(artifact.image));
      continue;
    }
    const build: Build = { context: artifact.context, ...(artifact.dockerfile ? { dockerfile: artifact.dockerfile } : {}), command: [], name: imageBaseName(artifact.image), shared: (buildsOf.get(artifact.context) ?? 0) > 1 };
    const placed = placeBuild(build, docker, ctx);
    const language = buildLanguage(placed.root, artifact.context, docker, fileSet, artifact.builder, csproj);
    const atRoot = services.filter((s) => s.root === placed.root);
    let service = atRoot.find((s) => namesOf(s).includes(build.name.toLowerCase())) ?? atRoot[0];
    // A package that only this artifact makes a service (a repository's root package.json that runs `node gateway.js`)
    // carries the project's name, not the service's: named after its image as below, the package name stays a host.
    let namedAfterPackage = false;
    if (!service) {
      const pkg = packageAt.get(placed.root);
      namedAfterPackage = unscoped(pkg?.name) !== undefined;
      service = create(unscoped(pkg?.name) ?? build.name, placed.root, artifact.tool, { file: artifact.file, line: artifact.line, column: 1 }, language);
    }
    // The image is what the cluster runs and what a reader of the manifests calls it (currencyservice,
    // not its package's grpc-currency-service); a compose name or the config's still wins.
    // But a prefix every image of the repository shares (`tickets-store-auth`, `tickets-store-tickets` for the folders auth and
    // tickets) names the project, not the service: what follows it does, when it is the package's or the folder's name.
    const packageNamed = namedAfterPackage || (service.sources.some((s) => s === "package" || s === "workspace") && !service.sources.some((s) => s === "compose" || s === "config"));
    const unprefixed = imagePrefix !== "" && build.name.startsWith(imagePrefix) ? build.name.slice(imagePrefix.length) : "";
    // One image alone shows no shared prefix: `event-ticketing-auth` built from auth/, whose package is auth too, is auth.
    // So is one whose package is named otherwise (`cart` in carts/) when a workload that runs the image names its container
    // after the folder too (`carts`): folder, image and manifest agree.
    const folder = posix.basename(service.root);
    const runsAsFolder = () => input.workloads.some((w) => w.names.includes(folder) && w.images.some((image) => imageWithoutTag(image) === imageWithoutTag(artifact.image)));
    const folderNamed = ["-", "_", "."].some((joint) => build.name.endsWith(`${joint}${folder}`)) && (service.name === folder || runsAsFolder()) ? folder : "";
    const imageName = unprefixed && [service.name, posix.basename(service.root)].includes(unprefixed) ? unprefixed : folderNamed || build.name;
    if (packageNamed && !of(service).artifacts.length && service.name !== imageName && imageName) service.name = imageName;
    addSource(service, artifact.tool);
    setLanguage(service, language);
    of(service).artifacts.push(artifact);
    if (docker && artifact.dockerfile && Object.keys(docker.env).length) of(service).imageEnv.push({ file: artifact.dockerfile, env: docker.env });
    rememberImage(artifact.image, service);
    deployedAt.add(placed.root);
    if (placed.root !== artifact.context) deployedBelow.add(artifact.context);
  }

  const untied = (workload: K8sWorkload) => {
    const own = workload.images.filter((image) => !isInfrastructureImage(image) && !isToolImage(image) && imageLanguage(image) === undefined);
    if (own.length) {
      diagnostics.push({
        kind: "not-understood",
        file: workload.file,
        line: workload.line,
        message: `${workload.kind} ${workload.name} runs ${own.join(", ")}, which no compose entry or Skaffold artifact of the repository builds and no service, package or folder with a Dockerfile is named like: not counted as a service (declare it under services in arch-lint.config.yaml with its path if it is one)`,
      });
    }
  };
  const toOnlyService: { workload: K8sWorkload; service: ServiceInfo }[] = [];
  // The submodules' services first: a manifest copied from another (a container still named `auth` in the orders
  // Deployment) would otherwise be tied by that name to a submodule service made just before it.
  for (const workload of input.workloads) {
    if (!workload.images.some((image) => builtImages.has(imageWithoutTag(image)) || builtRepositories.has(imageRepository(image)))) submoduleService(workload);
  }
  for (const workload of input.workloads) {
    // A workload that runs only datastores and brokers is infrastructure.
    if (workload.images.length && workload.images.every((image) => isInfrastructureImage(image) || isToolImage(image))) continue;
    const hostsOf = (s: ServiceInfo) => [...s.hosts, ...(deployed.get(s)?.compose ?? []).flatMap((e) => e.hosts)];
    const service = workloadService(workload, input.workloads, services, builtImages, builtRepositories, hostsOf) ?? promotePackage(workload) ?? dockerfileService(workload) ?? chartFolderService(workload) ?? submoduleService(workload);
    const only = service ? undefined : onlyService(workload, services);
    if (only) toOnlyService.push({ workload, service: only });
    else if (!service) untied(workload);
    else {
      addSource(service, "kubernetes");
      of(service).workloads.push(workload);
    }
  }
  // The only service there is runs one image: workloads left over that run several different images of the repository's
  // own (five Deployments of five apps whose builds were not read) are not all that one service; each is said instead.
  const leftImages = new Set(toOnlyService.flatMap(({ workload }) => workload.images.map(imageWithoutTag)));
  for (const { workload, service } of toOnlyService) {
    if (leftImages.size > 1) untied(workload);
    else {
      addSource(service, "kubernetes");
      of(service).workloads.push(workload);
    }
  }

  // A package whose builds all deploy apps below it (a monorepo root whose compose builds apps/*) is not a service itself;
  // nor is one that nothing deploys, with apps deployed in folders below it, when it starts no file of its own (a root
  // package.json whose `node index.js` names a file that is not there, beside the compose file building each folder).
  const containers = new Set<string>();
  const isDeployed = (s: ServiceInfo) => {
    const d = deployed.get(s);
    return !!d && d.compose.length + d.artifacts.length + d.workloads.length > 0;
  };
  const deployedInside = (root: string) => services.some((other) => other.root !== root && (root === "" || other.root.startsWith(`${root}/`)) && isDeployed(other));
  const startsNothing = (root: string) => {
    const pkg = packageAt.get(root);
    return !!pkg && !hasOwnEntry({ dir: pkg.dir, ...(pkg.main ? { main: pkg.main } : {}), scripts: { ...pkg.scripts } }, fileSet);
  };
  for (const service of [...services]) {
    if (isDeployed(service) || deployedAt.has(service.root)) continue;
    if (!service.sources.every((s) => s === "package" || s === "workspace")) continue;
    if (!deployedBelow.has(service.root) && !(startsNothing(service.root) && deployedInside(service.root))) continue;
    // Code of its own, outside the apps and libraries below it (src/server.ts beside a deployed worker/), makes it an app too.
    if (hasOwnSources(service.root)) continue;
    services.splice(services.indexOf(service), 1);
    containers.add(service.root);
  }

  markReplicas(services, deployed);

  for (const service of services) {
    finishEnvironment(service, deployed.get(service), input);
    // Its own package.json, else the nearest one above (a monorepo's root scripts start its apps).
    let pkg: DeployedPackage | undefined;
    for (let dir = service.root; !pkg; dir = dirOf(dir)) {
      pkg = packageAt.get(dir);
      if (dir === "") break;
    }
    const d = deployed.get(service);
    readStarts(service, { ...(pkg?.scripts ? { scripts: pkg.scripts, packageFile: pkg.file } : {}), compose: d?.compose ?? [], artifacts: d?.artifacts ?? [], workloads: d?.workloads ?? [], read, fileSet });
  }
  return { services, containers };

  /**
   * The app an entry starts when it runs an image another entry builds with a command of its own (one image of a
   * NestJS monorepo, `command: node dist/apps/users/main` beside the gateway's): placed as that build with this
   * command, when the command names an app folder; otherwise undefined, and the entry runs what the build does.
   */
  function ranByCommand(entry: ComposeService): string | undefined {
    const made = entry.image && entry.command?.length ? composeBuilds.get(imageWithoutTag(entry.image)) : undefined;
    if (!made) return undefined;
    const placed = placeBuild({ ...made.build, command: entry.command!, name: entry.name, mounts: entry.mounts ?? [], env: entry.env }, made.docker, ctx);
    return placed.by === "dockerfile" && !placed.apps ? placed.root : undefined;
  }

  /**
   * An entry that builds an image and starts nothing itself (no command, no CMD or ENTRYPOINT in its Dockerfile) while
   * other entries of its compose project run that image: what runs is theirs.
   */
  function buildsOnlyAnImage(entry: ComposeService, docker: DockerfileInfo | undefined): boolean {
    if (!entry.image || entry.command?.length || !docker || docker.hints.some((hint) => hint.weight === 3)) return false;
    const image = imageWithoutTag(entry.image);
    return composeEntries.some((other) => other !== entry && other.project === entry.project && other.context === undefined && other.image !== undefined && imageWithoutTag(other.image) === image && (other.command?.length ?? 0) > 0);
  }

  /**
   * Two entries of one folder's compose files, each file a setup of its own (docker-compose.yml and
   * docker-compose.dev.yml; override files are merged into their base already), that build the same Dockerfile and
   * start it the same way: one app deployed two ways (`services-account` for production, `service-account` for
   * development), not two containers.
   */
  function otherSetup(a: ComposeService, b: ComposeService): boolean {
    if (a.project !== b.project || a.file === b.file || (a.command ?? []).join(" ") !== (b.command ?? []).join(" ")) return false;
    if (a.dockerfile !== undefined && a.dockerfile === b.dockerfile) return true;
    // Each file's one build of the folder, through Dockerfiles that name no app (`backend` built with Dockerfile in
    // docker-compose.yml, `email_backend` with prod.dockerfile in docker-compose.prod.yml): the folder's app set up for
    // development and for production. A Dockerfile named for an app (Dockerfile.worker) builds another program.
    const named = (e: ComposeService) => (e.dockerfile === undefined ? undefined : dockerfileAppName(posix.basename(e.dockerfile)));
    return a.context !== undefined && a.context === b.context && onlyBuildInFile(a) && onlyBuildInFile(b) && named(a) === undefined && named(b) === undefined;
  }

  /** Whether no other entry of its file builds its context. */
  function onlyBuildInFile(entry: ComposeService): boolean {
    return !composeEntries.some((other) => other !== entry && other.file === entry.file && other.context === entry.context);
  }

  function attachCompose(entry: ComposeService, root: string, language: string | undefined, preferred?: ServiceInfo): ServiceInfo {
    deployedAt.add(root);
    const atRoot = services.filter((s) => s.root === root);
    // The same name in another compose project is the same service; another name in the same project is another container.
    let service =
      preferred ??
      atRoot.find((s) => of(s).compose.some((e) => e.name === entry.name)) ??
      atRoot.find((s) => of(s).compose.some((e) => profileVariants(e, entry) || extendsVariants(e, entry))) ??
      atRoot.find((s) => !of(s).compose.some((e) => e.project === entry.project)) ??
      atRoot.find((s) => of(s).compose.every((e) => otherSetup(e, entry)));
    if (!service) service = create(entry.name, root, "compose", { file: entry.file, line: entry.line, column: 1 }, language);
    // The compose name is the host other containers use: it names the service (the first entry's, the shallowest project's).
    // Not a generic word in a compose file of the service's own folder (`server` in user/docker-compose.yaml, run on its
    // own beside its database): the folder says which service it is there (its package name when the folder's is generic too).
    else if (!of(service).compose.length && !service.sources.includes("compose") && !service.sources.includes("config")) {
      // (Not when other entries of that file build the same folder, one image running several services by their
      // variables, moleculer's `SERVICES: api`: there each entry's name is which of them it runs.)
      const generic = entry.project === root && root !== "" && GENERIC_ENTRY_NAME.test(entry.name) && !input.compose.some((other) => other !== entry && other.file === entry.file && other.context === entry.context);
      if (!generic) service.name = entry.name;
      else if (!GENERIC_ENTRY_NAME.test(posix.basename(root)) && posix.basename(root) !== "src") service.name = posix.basename(root);
    }
    // Variants by profile go by the plain name (`api`, not the `api-dev` written first).
    else if (of(service).compose.some((e) => e.name === service!.name && e.name.startsWith(entry.name) && profileVariants(e, entry))) service.name = entry.name;
    // Variants by `extends` go by the name they share (`application` for `base-application` and `build-application`), or,
    // when that is a generic word, by their package's (the folder's, without one).
    else if (of(service).compose.some((e) => e.name === service!.name && extendsVariants(e, entry))) {
      const stem = variantStem(entry.name);
      service.name = !GENERIC_ENTRY_NAME.test(stem) ? stem : (service.packageName ?? (posix.basename(root) || stem));
    }
    addSource(service, "compose");
    setLanguage(service, language);
    of(service).compose.push(entry);
    return service;
  }

  /**
   * Whether a folder has an app's code of its own: a source file directly in it or under its src/ (lib/, app/,
   * server/, routes/, bin/) that no service, package or project folder below it holds. A monorepo root's
   * apps/ and libs/ are not its own code.
   */
  function hasOwnSources(root: string): boolean {
    const below = new Set([...services.map((s) => s.root), ...ctx.candidates.map((c) => c.root)].filter((r) => r !== root && (root === "" || r.startsWith(`${root}/`))));
    return input.files.some((file) => {
      if (file.kind !== "source" || (root !== "" && !file.rel.startsWith(`${root}/`))) return false;
      const local = root === "" ? file.rel : file.rel.slice(root.length + 1);
      if (local.includes("/") ? !APP_CODE_FOLDERS.has(local.slice(0, local.indexOf("/"))) : TOOL_CONFIG_FILE.test(local)) return false;
      for (let folder = dirOf(file.rel); folder !== root && folder !== ""; folder = dirOf(folder)) if (below.has(folder)) return false;
      return true;
    });
  }

  /**
   * The folder a build of a missing folder stands for: the one service or package folder named like it
   * without separators or case (`./src/cart-service` after the code moved to src/cartservice), under the
   * same parent or one the missing folder's parent ends with (a Skaffold file in a subfolder whose contexts
   * were written from the repository's top). A stale path in a deployment file otherwise makes a second,
   * empty service beside the real one, and calls by the deployment's host name miss the code.
   */
  function standInFor(context: string): string | undefined {
    if (holdsFiles(context)) return undefined;
    const wanted = squashed(posix.basename(context));
    if (!wanted) return undefined;
    const parent = dirOf(context);
    const underParent = (root: string): boolean => {
      const folder = dirOf(root);
      return folder === parent || (folder === "" ? !parent.includes("/") : parent.endsWith(`/${folder}`));
    };
    const found = ctx.candidates.filter((c) => c.kind !== "library" && c.root !== "" && squashed(posix.basename(c.root)) === wanted && underParent(c.root));
    if (found.length) return found.length === 1 ? found[0]!.root : undefined;
    // An app of another language (no package.json, so no candidate): the one folder with a Dockerfile named like it,
    // written in another case or with separators (`./config-server` for ConfigServer/, `auth-service` for AuthService/).
    const built = [...new Set(input.files.filter((f) => f.kind === "dockerfile" && posix.basename(f.rel) === "Dockerfile").map((f) => dirOf(f.rel)))];
    const twins = built.filter((folder) => folder !== "" && squashed(posix.basename(folder)) === wanted && underParent(folder));
    return twins.length === 1 ? twins[0] : undefined;
  }

  /**
   * The one app (not a library) of the whole repository whose folder is named like a missing build context, if only one
   * is, and the compose file written somewhere else than inside it (one kept beside the app's own code describes the
   * deployment another file makes: left to the checks for that).
   */
  function namedAnywhere(context: string, composeFile: string): string | undefined {
    if (holdsFiles(context)) return undefined;
    const wanted = squashed(posix.basename(context));
    const found = wanted ? ctx.candidates.filter((c) => c.kind !== "library" && c.root !== "" && squashed(posix.basename(c.root)) === wanted) : [];
    return found.length === 1 && !composeFile.startsWith(`${found[0]!.root}/`) ? found[0]!.root : undefined;
  }

  /**
   * The folder a build of a missing folder stands for when no folder is named like it (`./conversation` after the code
   * moved to Chats/): the one app not deployed yet whose entry file listens on a port the entry publishes or sets as
   * PORT (`process.env.PORT || 3100` beside `ports: ["3100:3100"]`).
   */
  function portTwin(entry: ComposeService): { root: string; port: number; how: string } | undefined {
    if (entry.context === undefined || holdsFiles(entry.context)) return undefined;
    const ports = new Set([...entry.ports, Number(String(entry.env.PORT ?? "").trim())].filter((port) => Number.isInteger(port) && port > 0));
    if (!ports.size) return undefined;
    const found: { root: string; port: number; how: string }[] = [];
    for (const candidate of ctx.candidates) {
      // Not an app another entry or artifact builds, before or after this one.
      if (candidate.kind === "library" || candidate.root === "" || deployedAt.has(candidate.root) || buildsOf.has(candidate.root)) continue;
      const listened = ENTRY_FILES.map((file) => read(posix.join(candidate.root, file))).flatMap((text) => (text ? listenedPorts(text) : [])).find((p) => ports.has(p));
      // A port a Dockerfile exposes or an env file sets says less than a listen call: only one no other entry uses too
      // (every app of a course exposing 3010 names none of them).
      const own = listened === undefined ? ownPorts(candidate.root).find((p) => ports.has(p) && !usedElsewhere(entry, p)) : undefined;
      if (listened !== undefined) found.push({ root: candidate.root, port: listened, how: "whose entry listens on" });
      else if (own !== undefined) found.push({ root: candidate.root, port: own, how: "whose Dockerfile or env file gives the port" });
    }
    return found.length === 1 ? found[0] : undefined;
  }

  /** Whether a compose entry other than this one publishes the port or sets it as PORT. */
  function usedElsewhere(entry: ComposeService, port: number): boolean {
    return composeEntries.some((other) => other !== entry && (other.ports.includes(port) || Number(String(other.env.PORT ?? "").trim()) === port));
  }

  /**
   * The ports an app says it serves on outside its entry file: its own Dockerfile's `EXPOSE 8004`, and the `PORT` its
   * folder's env file or committed example sets (`PORT=8004` in `.env.example`, read by `process.env.PORT` through a
   * config module the entry imports).
   */
  function ownPorts(root: string): number[] {
    const ports: number[] = [];
    for (const match of (read(posix.join(root, "Dockerfile")) ?? "").matchAll(/^\s*EXPOSE\s+(\d{2,5})\b/gim)) ports.push(Number(match[1]));
    for (const file of [".env", ".env.example", ".env.sample"]) {
      for (const match of (read(posix.join(root, file)) ?? "").matchAll(/^\s*PORT\s*=\s*["']?(\d{2,5})\b/gm)) ports.push(Number(match[1]));
    }
    return ports;
  }

  /** Whether a folder holds code (a source file, a package.json or another language's build file) anywhere below it. */
  function holdsCode(folder: string): boolean {
    codeFolders ??= foldersHolding(input.files.filter((file) => CODE_KINDS.has(file.kind)));
    return codeFolders.has(folder);
  }

  /** The one app (not a library) whose folder is named like the context's, or like the folder it was placed in. */
  function codeTwin(context: string, root: string): string | undefined {
    const names = [posix.basename(context), posix.basename(root)];
    const stems = new Set(names.map(nameStem).filter(Boolean));
    const squashes = new Set(names.map(squashed).filter(Boolean));
    if (!stems.size) return undefined;
    // Named alike by its stem (`ledger-service` for ledger) or but for separators (`billing_api` for billing-api): only one may be.
    const found = ctx.candidates.filter((c) => c.kind !== "library" && c.root !== "" && (stems.has(nameStem(posix.basename(c.root))) || squashes.has(squashed(posix.basename(c.root)))));
    return found.length === 1 ? found[0]!.root : undefined;
  }

  /** Whether the scan lists any file in a folder (a build file, a Dockerfile, code). */
  function holdsFiles(folder: string): boolean {
    filledFolders ??= foldersHolding(input.files);
    return filledFolders.has(folder);
  }

  /** The one folder holding a Dockerfile that is named like a custom image (`acme/frontend` → src/frontend). */
  function imageFolder(image: string): string | undefined {
    if (isInfrastructureImage(image) || imageLanguage(image) !== undefined) return undefined;
    dockerfileFolders ??= foldersWithDockerfiles(input.files);
    const stem = nameStem(imageBaseName(image));
    // `details-v1`, `reviews-v2`: a version of the app the folder builds, as canary releases name their images.
    const folders = dockerfileFolders.get(stem) ?? dockerfileFolders.get(stem.replace(VERSION_SUFFIX, ""));
    return folders?.length === 1 ? folders[0] : undefined;
  }

  /** The service (found or made) a folder's own Dockerfile deploys, or undefined when it builds a datastore. */
  function placeFolder(folder: string, name: string, scripted?: ScriptedBuild): { root: string; language: string | undefined } | undefined {
    const dockerfile = scripted?.dockerfile ?? `${folder}/Dockerfile`;
    const docker = dockerfileOf(dockerfile, scripted?.buildArgs ?? {}, scripted?.target);
    if (infrastructureRun(docker) !== undefined || runsLoad(docker, folder, undefined, dockerfile)) return undefined;
    const placed = placeBuild({ context: folder, dockerfile, command: [], name }, docker, ctx);
    // An image whose start script starts several apps of the folder one by one runs those apps, each a service already
    // (its packages say so): not one more service of the folder.
    if (placed.apps) {
      diagnostics.push({ kind: "not-understood", file: dockerfile, line: 1, message: `the image ${name} starts ${placed.apps.length} apps of "${folder || "."}" one by one (${placed.script}): ${placed.apps.join(", ")}; it is not counted as a service of its own` });
      return undefined;
    }
    return { root: placed.root, language: buildLanguage(placed.root, folder, docker, fileSet, undefined, csproj) };
  }

  function dockerfileService(workload: K8sWorkload): ServiceInfo | undefined {
    for (const image of workload.images) {
      const scripted = scriptedFolders.get(imageWithoutTag(image));
      const folder = scripted?.context ?? imageFolder(image);
      const placed = folder !== undefined ? placeFolder(folder, imageBaseName(image), scripted) : undefined;
      if (!placed) {
        if (folder !== undefined) toolImages.add(imageWithoutTag(image));
        continue;
      }
      const existing = services.find((s) => s.root === placed.root);
      if (existing) {
        setLanguage(existing, placed.language);
        return existing;
      }
      const pkg = packageAt.get(placed.root);
      // A workload named as the folder is (`docker run --name users` of microservices/users/): the name reader and manifest share.
      const folderNamed = workload.names.find((name) => name === posix.basename(placed.root));
      return create(unscoped(pkg?.name) ?? folderNamed ?? scriptedName(image, placed.root), placed.root, "kubernetes", { file: workload.file, line: workload.line, column: 1 }, placed.language);
    }
    return undefined;
  }

  /**
   * A workload whose image the chart leaves to values nobody set (`image: {{ .Values.imageUrl }}`), kept in a folder
   * below an app's Dockerfile (`go-app/helm-chart/templates/deployment.yaml`): the chart deploys the app it sits in.
   */
  function chartFolderService(workload: K8sWorkload): ServiceInfo | undefined {
    if (workload.images.length > 0) return undefined;
    for (let dir = posix.dirname(workload.file); dir !== "." && dir !== ""; dir = posix.dirname(dir)) {
      if (!fileSet.has(`${dir}/Dockerfile`)) continue;
      const placed = placeFolder(dir, posix.basename(dir));
      if (!placed) return undefined;
      const existing = services.find((s) => s.root === placed.root);
      if (existing) return existing;
      const pkg = packageAt.get(placed.root);
      return create(unscoped(pkg?.name) ?? posix.basename(placed.root), placed.root, "kubernetes", { file: workload.file, line: workload.line, column: 1 }, placed.language);
    }
    return undefined;
  }

  /** An image's name, less a prefix every image the scripts build shares (`multiapp-notes-app` of notes-app/ is notes-app). */
  function scriptedName(image: string, root: string): string {
    const name = imageBaseName(image);
    const prefix = sharedImagePrefix([...scriptedFolders.keys()].map(imageBaseName));
    const rest = prefix !== "" && name.startsWith(prefix) ? name.slice(prefix.length) : "";
    if (rest !== "" && rest === posix.basename(root)) return rest;
    // `details-v1` built from details/: the app is details, whichever version runs.
    const unversioned = name.replace(VERSION_SUFFIX, "");
    return unversioned !== name && unversioned === posix.basename(root) ? unversioned : name;
  }

  /**
   * A workload running an image no build of the repository makes, named like a git submodule's folder that the scan
   * finds empty (`acme/orders-service:latest` beside `.gitmodules`' `services/orders-service`): it runs that submodule's
   * code, which is not checked out; a service with no code, as a compose build of a missing folder is.
   */
  function submoduleService(workload: K8sWorkload): ServiceInfo | undefined {
    submodules ??= submoduleFolders(input.files, read);
    if (!submodules.length) return undefined;
    for (const image of workload.images) {
      if (isInfrastructureImage(image) || isToolImage(image) || imageLanguage(image) !== undefined) continue;
      const name = imageBaseName(image);
      const folders = submodules.filter((folder) => posix.basename(folder) === name && !holdsFiles(folder));
      if (folders.length !== 1) continue;
      const root = folders[0]!;
      const existing = services.find((s) => s.root === root);
      if (existing) return existing;
      diagnostics.push({
        kind: "not-understood",
        file: workload.file,
        line: workload.line,
        message: `${workload.kind} ${workload.name} runs ${image}, named like the git submodule ${root}, which is not checked out: counted as a service with no code (check out the submodules to check its code)`,
      });
      return create(name, root, "kubernetes", { file: workload.file, line: workload.line, column: 1 }, undefined);
    }
    return undefined;
  }

  /** A package that is not a service (no server dependency) but is what a workload runs, by name: a worker. */
  function promotePackage(workload: K8sWorkload): ServiceInfo | undefined {
    const names = new Set([workload.name, ...workload.names].map((n) => n.toLowerCase()));
    const matches = input.packages.filter(
      (pkg) => pkg.dir !== "" && !input.workspaceRoots.has(pkg.dir) && !services.some((s) => s.root === pkg.dir) && [unscoped(pkg.name), posix.basename(pkg.dir)].some((n) => n && names.has(n.toLowerCase())),
    );
    if (matches.length !== 1) return undefined;
    const pkg = matches[0]!;
    return create(unscoped(pkg.name) ?? posix.basename(pkg.dir), pkg.dir, "kubernetes", { file: workload.file, line: workload.line, column: 1 }, buildLanguage(pkg.dir, pkg.dir, undefined, fileSet, undefined, csproj));
  }
}

/** The service a workload runs: by the image it runs (built here), by the folder of its manifest, by name, or the only service there is. */
function workloadService(
  workload: K8sWorkload,
  workloads: readonly K8sWorkload[],
  services: readonly ServiceInfo[],
  builtImages: ReadonlyMap<string, ServiceInfo>,
  builtRepositories: ReadonlyMap<string, ServiceInfo>,
  hostsOf: (service: ServiceInfo) => string[],
): ServiceInfo | undefined {
  for (const image of workload.images) {
    const built = builtImages.get(imageWithoutTag(image)) ?? builtRepositories.get(imageRepository(image));
    // One image of a monorepo that each workload starts with its own app (`args: ["dist/apps/billing/main"]`) runs that app.
    if (built) return commandedService(workload, services) ?? built;
  }
  const byFolder = [...services].filter((s) => s.root !== "" && workload.file.startsWith(`${s.root}/`)).sort((a, b) => b.root.length - a.root.length)[0];
  if (byFolder) return byFolder;
  return (
    uniqueByName(services, [workload.name, ...workload.names]) ??
    services.find((s) => [workload.name, ...workload.names].some((n) => hostsOf(s).includes(n))) ??
    // Else the Services that select its pods alone, named as the package is (`auth-service` in front of the Deployment
    // tms-auth-deployment running zubair/tms-auth-service, built from services/auth-service). A Service whose selector
    // also takes another workload's pods (a label copied from one manifest to the next) says nothing of either.
    uniqueByName(services, workload.hosts.filter((host) => !workloads.some((other) => other !== workload && other.hosts.includes(host))))
  );
}

/** The one service whose folder the workload's `command`/`args` name as a path (`dist/apps/billing/main` → apps/billing), the deepest. */
function commandedService(workload: K8sWorkload, services: readonly ServiceInfo[]): ServiceInfo | undefined {
  const named = new Set<ServiceInfo>();
  for (const word of (workload.commands ?? []).flatMap((command) => command.split(/\s+/))) {
    for (const reading of pathReadings(word)) {
      const holders = services.filter((s) => s.root !== "" && (reading === s.root || reading.startsWith(`${s.root}/`)));
      const deepest = holders.sort((a, b) => b.root.length - a.root.length)[0];
      if (deepest) named.add(deepest);
    }
  }
  return named.size === 1 ? [...named][0] : undefined;
}

/** The only service there is, for a workload whose image is the repository's own (not a stock runtime or tool) and that nothing else claimed. */
function onlyService(workload: K8sWorkload, services: readonly ServiceInfo[]): ServiceInfo | undefined {
  const own = workload.images.length > 0 && workload.images.every((image) => imageLanguage(image) === undefined);
  return services.length === 1 && own ? services[0] : undefined;
}

/** The one service that goes by one of these names (its name, package name, or folder name). */
/** A leading word that only says a name is a service's: `service-user`, `svc_orders`, `ms-payments`. */
const SERVICE_PREFIX = /^(service|svc|srv|ms|microservice)[-_.](?=[a-z0-9])/;

function uniqueByName(services: readonly ServiceInfo[], names: readonly string[]): ServiceInfo | undefined {
  const wanted = new Set(names.map((n) => n.toLowerCase()).filter(Boolean));
  // (`@tms/auth-service` also goes by `tms-auth-service`, the name its image is often pushed under.)
  const scopeJoined = (name: string | undefined) => (name?.startsWith("@") && name.includes("/") ? name.slice(1).replace("/", "-") : undefined);
  for (const pass of [(s: ServiceInfo) => [s.name, unscoped(s.packageName), scopeJoined(s.packageName)], (s: ServiceInfo) => [posix.basename(s.root)]]) {
    const found = services.filter((s) => pass(s).some((n) => n !== undefined && wanted.has(n.toLowerCase())));
    if (found.length === 1) return found[0];
    if (found.length > 1) return undefined;
  }
  // The same names but for a suffix: Deployment `orders-depl`, image `acme/orders-service` for package `orders`; or a
  // prefix that says the same, image `service_user` or `ms-orders` for the folder `user` or `orders`.
  const stems = new Set([...wanted].flatMap((n) => [nameStem(n), nameStem(n.replace(SERVICE_PREFIX, ""))]).filter(Boolean));
  const found = services.filter((s) => [s.name, s.packageName, posix.basename(s.root)].some((n) => n !== undefined && stems.has(nameStem(n))));
  if (found.length) return found.length === 1 ? found[0] : undefined;
  // One says it in the plural, the other not, in any of its words: image `acme/order-srv` for the folder
  // `orders-service`, container `events-bus` for the folder `event-bus`.
  const singles = new Set([...stems].filter((n) => n.length > 3).map(singularWords));
  const plural = services.filter((s) => [s.name, s.packageName, posix.basename(s.root)].some((n) => n !== undefined && singles.has(singularWords(nameStem(n)))));
  if (plural.length) return plural.length === 1 ? plural[0] : undefined;
  // The same but for the joints between words: Deployment `event-bus-depl` for the folder `eventbus`.
  const joined = (name: string) => nameStem(name).replace(/[-_.]+/g, "");
  const solid = new Set([...stems].map(joined).filter((n) => n.length > 2));
  const alike = services.filter((s) => [s.name, s.packageName, posix.basename(s.root)].some((n) => n !== undefined && solid.has(joined(n))));
  return alike.length === 1 ? alike[0] : undefined;
}

/** Each word of a name in the singular (words of three letters or fewer as they are: `bus`, `api`). */
function singularWords(name: string): string {
  return name
    .split(/([-_.]+)/)
    .map((word) => (word.length > 3 ? singularName(word) : word))
    .join("");
}

/** The folder of the one package that starts something (an app, not a library) going by this name, its package's or its folder's. */
function uniqueApp(candidates: readonly Candidate[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  if (!wanted) return undefined;
  const found = candidates.filter((c) => c.kind === "app" && c.starts && c.names.includes(wanted));
  return found.length === 1 ? found[0]!.root : undefined;
}

/** The one service whose name, package or folder holds every word of this name (`demo` → docker-demo), if only one does. */
function uniqueByWords(services: readonly ServiceInfo[], name: string): ServiceInfo | undefined {
  const words = nameStem(name).split(/[-_.]+/).filter(Boolean);
  if (!words.length) return undefined;
  const found = services.filter((s) => namesOf(s).some((n) => words.every((word) => n.split(/[-_.@/]+/).includes(word))));
  // Containers of one folder found so far (the same image's earlier entries) are one candidate.
  return found.length && found.every((s) => s.root === found[0]!.root) ? found[0] : undefined;
}

function namesOf(service: ServiceInfo): string[] {
  return [service.name, service.packageName, unscoped(service.packageName), posix.basename(service.root)].filter((n): n is string => !!n).map((n) => n.toLowerCase());
}

function placeContext(services: readonly ServiceInfo[], input: DeploymentInput): PlaceContext {
  const candidates: Candidate[] = services.map((s) => ({ root: s.root, names: namesOf(s), kind: "service" }));
  const seen = new Set(candidates.map((c) => c.root));
  for (const pkg of input.packages) {
    if (input.workspaceRoots.has(pkg.dir) || seen.has(pkg.dir)) continue;
    seen.add(pkg.dir);
    const names = [pkg.name, unscoped(pkg.name), posix.basename(pkg.dir)].filter((n): n is string => !!n).map((n) => n.toLowerCase());
    candidates.push({ root: pkg.dir, names, kind: input.libraryRoots.has(pkg.dir) ? "library" : "app", ...(startsSomething(pkg.scripts) ? { starts: true as const } : {}) });
  }
  for (const root of input.libraryRoots) {
    if (seen.has(root)) continue;
    seen.add(root);
    candidates.push({ root, names: [posix.basename(root).toLowerCase()], kind: "library" });
  }
  // Only a build from a folder above its app needs it: computed on the first question.
  let sourceFolders: Set<string> | undefined;
  const packageAt = new Map(input.packages.map((pkg) => [pkg.dir, pkg]));
  let sourceFiles: Set<string> | undefined;
  let csprojFolders: Set<string> | undefined;
  const shellScripts = new Set(input.files.filter((f) => f.kind === "shell").map((f) => f.rel));
  return {
    candidates,
    otherLanguage: (folder) => {
      csprojFolders ??= new Set(input.files.filter((f) => f.rel.endsWith(".csproj")).map((f) => dirOf(f.rel)));
      const language = folderLanguage(folder, input.fileSet, (dir) => csprojFolders!.has(dir));
      return language !== undefined && language !== "node";
    },
    scripts: (folder) => packageAt.get(folder)?.scripts,
    scriptCommands: (path) => {
      if (!shellScripts.has(path)) return undefined;
      const text = input.read(path);
      return text === undefined ? undefined : shellCommands(text);
    },
    isSource: (path) => {
      sourceFiles ??= new Set(input.files.filter((f) => f.kind === "source").flatMap((f) => [f.rel, f.rel.replace(/\.[cm]?[jt]sx?$/, "")]));
      // dist/main.js was src/main.ts: the extension says nothing.
      return sourceFiles.has(path) || sourceFiles.has(path.replace(/\.[cm]?[jt]sx?$/, ""));
    },
    get sourceFolders() {
      if (!sourceFolders) {
        sourceFolders = new Set();
        for (const file of input.files) {
          if (file.kind !== "source") continue;
          for (let folder = dirOf(file.rel); folder !== "" && !sourceFolders.has(folder); folder = dirOf(folder)) sourceFolders.add(folder);
        }
      }
      return sourceFolders;
    },
  };
}

/** .env in the service folder first, its compose entries on top (compose wins at runtime), its workloads for keys still unset. */
function finishEnvironment(service: ServiceInfo, deployed: Deployed | undefined, input: DeploymentInput): void {
  const dotenv = posix.join(service.root, ".env");
  const text = input.fileSet.has(dotenv) ? input.read(dotenv) : undefined;
  if (text !== undefined) {
    const lines = dotenvLines(text);
    mergeEnv(service, parseServiceDotenv(text), dotenv, undefined, Object.fromEntries(Object.entries(lines).map(([key, line]) => [key, { file: dotenv, line, column: 1 }])));
  }
  // A service run by several compose projects (its folder's own file, and the top one that runs every service): the
  // one that runs the most containers is the system it is part of, where its host names lead (one `db` for all five
  // services there, not each folder's own). A tie keeps the first.
  const projects = [...new Set((deployed?.compose ?? []).map((entry) => entry.project))];
  const size = (project: string) => input.compose.filter((entry) => entry.project === project).length;
  const widest = projects.reduce<string | undefined>((best, project) => (best === undefined || size(project) > size(best) ? project : best), undefined);
  if (widest !== undefined) service.composeProject ??= { folder: widest, hosts: projectHosts(input.compose, widest) };
  for (const entry of deployed?.compose ?? []) {
    mergeEnv(service, entry.env, undefined, entry.envSources, entry.envLocations, entry.exampleEnv);
    for (const file of entry.missingEnvFiles ?? []) if (!(service.missingEnvFiles ??= []).includes(file)) service.missingEnvFiles.push(file);
    if (entry.passedThrough) {
      service.passedThrough ??= { file: entry.passedThrough.file, variables: [] };
      for (const key of entry.passedThrough.variables) if (!service.passedThrough.variables.includes(key)) service.passedThrough.variables.push(key);
    }
    for (const host of entry.hosts) if (!service.hosts.includes(host)) service.hosts.push(host);
    for (const port of entry.ports) if (!service.ports.includes(port)) service.ports.push(port);
  }
  for (const host of [service.name, unscoped(service.packageName)]) {
    // A package's name is no host compose gives: where its project gives that name to another service (a package.json
    // copied from a sibling, `app1` in every folder, one of them aliased `app1` on the network), the name is the other's.
    if (host && host !== service.name && service.composeProject?.hosts.includes(host.toLowerCase())) continue;
    if (host && !service.hosts.includes(host)) service.hosts.push(host);
  }
  const port = Number(service.env.PORT);
  if (Number.isInteger(port) && port > 0 && !service.ports.includes(port)) service.ports.push(port);
  for (const workload of deployed?.workloads ?? []) {
    for (const [key, value] of Object.entries(workload.env)) {
      if (key in service.env && service.env[key] !== "") continue;
      service.env[key] = value;
      service.envSources[key] = workload.envSources[key] ?? workload.file;
      const at = workload.envLocations[key];
      if (at) (service.envLocations ??= {})[key] = at;
    }
    for (const [key, ref] of Object.entries(workload.envRefs ?? {})) if (!(key in service.env)) (service.envRefs ??= {})[key] ??= ref;
    for (const host of workload.hosts) if (!service.hosts.includes(host)) service.hosts.push(host);
    for (const p of workload.ports) if (!service.ports.includes(p)) service.ports.push(p);
  }
  // The image's own ENV lines (`ENV DATABASE_URL=postgresql://${DB_USER}@${DB_HOST}/app`, its build args filled in): what
  // the container runs with where nothing above sets the variable.
  for (const { file, env } of deployed?.imageEnv ?? []) {
    const lines = (input.read(file) ?? "").split(/\r?\n/);
    for (const [key, value] of Object.entries(env)) {
      if (key in service.env && service.env[key] !== "") continue;
      service.env[key] = value;
      service.envSources[key] = `${file} (ENV)`;
      const line = lines.findIndex((text) => new RegExp(`^\\s*ENV\\s.*\\b${key}\\b`, "i").test(text));
      if (line >= 0) (service.envLocations ??= {})[key] = { file, line: line + 1, column: 1 };
    }
  }
}

function mergeEnv(service: ServiceInfo, env: Record<string, string>, source?: string, sources?: Record<string, string>, locations?: Record<string, Location>, fromExample: readonly string[] = []): void {
  for (const [key, value] of Object.entries(env)) {
    // An empty value (`REDIS_URL: ${REDIS_URL:-}` in a second compose file) sets nothing over a value another file gives.
    if (value === "" && service.env[key]) continue;
    service.env[key] = value;
    service.envSources[key] = sources?.[key] ?? source ?? "environment";
    if (fromExample.includes(key)) {
      if (!service.exampleEnv?.includes(key)) (service.exampleEnv ??= []).push(key);
      if (!service.deployedExampleEnv?.includes(key)) (service.deployedExampleEnv ??= []).push(key);
    } else {
      if (service.exampleEnv?.includes(key)) service.exampleEnv = service.exampleEnv.filter((k) => k !== key);
      if (service.deployedExampleEnv?.includes(key)) service.deployedExampleEnv = service.deployedExampleEnv.filter((k) => k !== key);
    }
    // A value set again without a known line must not keep the line of the value it replaced.
    const at = locations?.[key];
    if (at) (service.envLocations ??= {})[key] = at;
    else if (service.envLocations) delete service.envLocations[key];
  }
}

/** Folders that hold a file named `Dockerfile`, by the stem of their name (`src/frontend` under `frontend`). */
function foldersWithDockerfiles(files: readonly FileEntry[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  const add = (key: string, folder: string) => {
    const known = byName.get(key) ?? [];
    if (!known.includes(folder)) byName.set(key, [...known, folder]);
  };
  const dockerfileFolders = new Set(files.filter((f) => f.kind === "dockerfile" && posix.basename(f.rel) === "Dockerfile").map((f) => dirOf(f.rel)));
  const buildFolders = new Set(files.filter((f) => f.kind === "build-file" || f.kind === "package").map((f) => dirOf(f.rel)));
  for (const folder of dockerfileFolders) {
    if (!folder) continue;
    add(nameStem(posix.basename(folder)), folder);
    // reviews/ with its build.gradle, the image built from reviews/reviews-wlpcfg/Dockerfile: the project is the folder
    // that holds the build, named for the app; the subfolder only packs what the build made.
    const parent = dirOf(folder);
    if (parent && buildFolders.has(parent) && !dockerfileFolders.has(parent)) add(nameStem(posix.basename(parent)), parent);
  }
  return byName;
}

function depth(folder: string): number {
  return folder === "" ? 0 : folder.split("/").length;
}

/** A folder name without case or separators: `cart-service`, `cart_service` and `CartService` are one name. */
/** The `word-` prefix every one of several image names starts with (`tickets-store-` of `tickets-store-auth`, `tickets-store-client`), else "". */
function sharedImagePrefix(names: readonly string[]): string {
  const distinct = [...new Set(names)];
  if (distinct.length < 2) return "";
  let prefix = distinct[0]!;
  for (const name of distinct) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  // Words of an image name are joined by `-`, `_` or `.` (`shop_auth`, `shop.auth`): the prefix ends at the last of them.
  const cut = Math.max(prefix.lastIndexOf("-"), prefix.lastIndexOf("_"), prefix.lastIndexOf("."));
  return cut > 0 ? prefix.slice(0, cut + 1) : "";
}

function squashed(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function renamedBuild(what: string, missing: string, standIn: string, why = "the one service folder named like it"): string {
  return `${what} builds "${missing}", which does not exist: taken as "${standIn}", ${why}; correct the path in the deployment file`;
}

/** The files an app's entry usually is, at its folder's top or in src/. */
const ENTRY_FILES = ["app.js", "index.js", "server.js", "main.js", "app.ts", "index.ts", "server.ts", "main.ts", "src/app.js", "src/index.js", "src/server.js", "src/main.js", "src/app.ts", "src/index.ts", "src/server.ts", "src/main.ts"];

/** Port numbers a text listens on or defaults its port to: `listen(3100`, `PORT || 3100`, `port = 3100`. */
function listenedPorts(text: string): number[] {
  const ports: number[] = [];
  for (const match of text.matchAll(/(?:\blisten\s*\(\s*|\bport\b[^\n;]{0,30}?)\b(\d{2,5})\b/gi)) ports.push(Number(match[1]));
  return ports;
}

/** The files that are code: what makes a folder an app's rather than a deployment folder's (a Dockerfile, scripts). */
const CODE_KINDS = new Set<FileEntry["kind"]>(["source", "package", "build-file", "nx-project"]);

/** Every folder that holds one of the files, at any depth ("" for the top). */
function foldersHolding(files: readonly FileEntry[]): Set<string> {
  const folders = new Set<string>();
  for (const file of files) {
    for (let at = dirOf(file.rel); !folders.has(at); at = dirOf(at)) {
      folders.add(at);
      if (at === "") break;
    }
  }
  return folders;
}

function dirOf(rel: string): string {
  const dir = posix.dirname(rel);
  // Never "/": the loops that climb folders stop at "" (an absolute path that slipped in must not climb forever).
  return dir === "." || dir === "/" ? "" : dir;
}

function unscoped(name: string | undefined): string | undefined {
  return name?.replace(/^@[^/]+\//, "");
}

/** Compose entry names that say what a container is, not which service: `server`, `app`, `api`, `web`, `backend`, `nodejsapp`. */
const GENERIC_ENTRY_NAME = /^(?:app|api|server|web|backend|service|node|nodejs|application|main|webapp|web-app|api-server|node-?app|nodejs-?app|express|rest-?api|microservice)$/i;

/**
 * The one package folder every bind mount of a compose entry lies in (`patients/io`, `patients/modules`,
 * `patients/package.json`), when the mounts are its code: the folder itself, its package.json, or two parts or more
 * of it. Undefined when the mounts spread over several packages or lie outside any (a config file of the top).
 */
function packageOfMounts(mounts: readonly string[], candidates: readonly Candidate[]): string | undefined {
  if (!mounts.length) return undefined;
  const rootOf = (mount: string) =>
    candidates
      .map((c) => c.root)
      .filter((root) => root !== "" && (mount === root || mount.startsWith(`${root}/`)))
      .sort((a, b) => b.length - a.length)[0];
  const roots = new Set(mounts.map(rootOf));
  const root = roots.size === 1 ? [...roots][0] : undefined;
  if (root === undefined) return undefined;
  return mounts.includes(root) || mounts.includes(`${root}/package.json`) || mounts.length >= 2 ? root : undefined;
}

/**
 * Whether what a build starts (the compose command, else its ENTRYPOINT, else its last CMD) is a start script of the
 * repository (`ENTRYPOINT ["/app/packages/db/scripts/entrypoint.sh"]`) that only migrates and seeds the schema: a
 * one-shot job beside the services that use that schema, not a service (compose.ts scriptOnlyMigrates).
 */
function startsOnlyAMigrationScript(docker: DockerfileInfo | undefined, command: readonly string[], context: string, ctx: PlaceContext): boolean {
  if (!ctx.scriptCommands) return false;
  const entrypoint = (docker?.hints ?? []).filter((h) => h.weight === 3 && !h.cmd).map((h) => h.words);
  const cmd = (docker?.hints ?? []).filter((h) => h.weight === 3 && h.cmd).map((h) => h.words);
  const started = command.length ? command : entrypoint.find((words) => words.length) ?? cmd[cmd.length - 1] ?? [];
  const base = context === "." ? "" : context;
  for (const word of started) {
    if (!word.endsWith(".sh")) continue;
    for (const path of pathReadings(word)) {
      const lines = ctx.scriptCommands(base ? `${base}/${path}` : path);
      if (lines) return scriptOnlyMigrates(lines);
    }
  }
  return false;
}
