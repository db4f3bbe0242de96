import { posix } from "node:path";
import type { Diagnostic, FileFacts, LibraryInfo, ServiceInfo } from "../types.js";
import { SERVER_DEPENDENCIES, type PackageInfo } from "../discover/packages.js";
import { fileRunBy, scannedSourceOf } from "../discover/run-command.js";
import { ownersOf } from "./ownership.js";
import type { ModuleResolver } from "./resolve.js";

/**
 * One package that starts several servers from files of its own, with nothing that deploys it (no compose entry,
 * Kubernetes workload or Skaffold artifact): `order.js`, `payment.js` and `shipment.js`, each `app.listen(400x)`,
 * run by hand as three processes. A reader counts three services, so each such entry is a service of its own that
 * owns its entry file; the package's other files (`configs/db.js`, `models/`) belong to no one and so to every entry
 * that imports them, with the import as evidence, as a library's files do (model/ownership.ts).
 *
 * An entry is a file of the package that listens on a port and that no file of the scan imports. Left as one
 * service: a package whose entries listen on one same port (they cannot run side by side), or whose start script or
 * `main` names one of them while another's port is not written (the others are then likely alternatives: a dev
 * server, an old copy); entries that each listen on a port of their own, written in the code, run side by side
 * whatever `main` says (`index.js` a gateway to `service1.js` on 4001 and `service2.js` on 4002).
 */

export interface EntrySplitInput {
  services: readonly ServiceInfo[];
  libraries: readonly LibraryInfo[];
  packages: readonly PackageInfo[];
  facts: ReadonlyMap<string, FileFacts>;
  resolver: ModuleResolver;
  /** Every source file of the scan, parsed or not (those with nothing to extract are not in `facts`). */
  sourceFiles?: readonly string[];
}

/** Sources that say how a service runs: a service found through one of them is never split. */
export const DEPLOYED = new Set<ServiceInfo["sources"][number]>(["compose", "kubernetes", "skaffold", "tilt", "config", "nx", "nest-cli", "serverless", "azd", "encore", "dockerfile"]);

/** Entry names that say nothing of what the process does: such an entry keeps the package's name. */
const GENERIC = new Set(["index", "server", "app", "main", "start", "www", "bin"]);

const CODE_EXTENSION = /\.[cm]?[jt]sx?$/;

/** A folder named as a service is: `order-service`, `service-a`, `users_svc`, `gateway`, `api-gateway`, `auth-api`. */
const SERVICE_FOLDER = /(^|[-_.])(services?|svc|gateway|api)([-_.]|$)/i;

export function splitEntryServices({ services, libraries, packages, facts, resolver, sourceFiles = [...facts.keys()] }: EntrySplitInput): { services: ServiceInfo[]; libraries: LibraryInfo[]; diagnostics: Diagnostic[] } {
  const unchanged = { services: [...services], libraries: [...libraries], diagnostics: [] };
  const listening = [...facts.values()].filter((f) => f.listens?.length);
  // A package with a server dependency that discovery did not take for a service because nothing names its entry (no
  // start script, no `main` that exists, no usual entry file), and so took for a library if it is not at the top: its
  // files that listen say how it runs (a library listens on no port). One such file is enough for it.
  const orphanPackages = packages.filter((pkg) => pkg.runtimeDeps.some((dep) => SERVER_DEPENDENCIES.includes(dep)) && !services.some((s) => s.root === pkg.dir));
  // (A package whose process manager runs two of its files may hold one server and a worker that listens on nothing.)
  const managed = packages.some((pkg) => (pkg.pm2Starts?.length ?? 0) >= 2);
  if (listening.length < 2 && !(listening.length === 1 && orphanPackages.length) && !managed && !packages.some((pkg) => parallelCommands(pkg).length >= 2)) return unchanged;
  const candidates = services.filter((s) => !s.language && !s.entry && !s.sources.some((source) => DEPLOYED.has(source)) && services.filter((other) => other.root === s.root).length === 1);
  const orphans = orphanPackages.map((pkg) => orphanService(pkg));
  if (!candidates.length && !orphans.length) return unchanged;
  const splitLibraries = new Set<string>();

  const owners = ownersOf(services, listening.map((f) => f.file), libraries);
  const edges = importEdges(facts, resolver);
  const imported = importedFiles(edges);
  const result: ServiceInfo[] = [];
  const diagnostics: Diagnostic[] = [];
  const taken = new Set(services.map((s) => s.name));
  for (const service of [...services, ...orphans]) {
    const orphan = orphans.includes(service);
    if (!orphan && !candidates.includes(service)) {
      result.push(service);
      continue;
    }
    let entries = listening.filter((f) => owners[f.file] === (orphan ? undefined : service.name) && !imported.has(f.file) && isTopLevel(service.root, f.file)).sort((a, b) => a.file.localeCompare(b.file));
    // A package that names no entry at all may keep its servers one folder down (`gate/gateway/auth.mjs`, `gate/gateway/dev.mjs`):
    // all in that one folder, they are its entries as top-level files would be.
    // Or one server in each of several folders (`api/index-api.js`, `mysql/index-mysql.js`, `post/index-post.js`, each run
    // by hand as its own process): each folder is a service of its own.
    let perFolder = false;
    const pkg = packages.find((p) => p.dir === service.root);
    // Or a package whose `main` (or start script) names one of those per-folder servers (`main: api/index.js` beside
    // post/index-post.js and mysql/index-mysql.js, each folder with code of its own): the named one is no more the
    // package's process than the others, each folder's server runs as its own (the course's layout, run by hand).
    const named = !orphan && entries.length < 2 && pkg ? namedEntryFile(pkg, facts) : undefined;
    if (named && isOneFolderDown(service.root, named.file)) {
      const nested = listening.filter((f) => owners[f.file] === service.name && !imported.has(f.file) && isOneFolderDown(service.root, f.file)).sort((a, b) => a.file.localeCompare(b.file));
      const oneEach = oneServerPerFolder(nested);
      const codeFolders = oneEach.every((f) => filesUnder(sourceFiles, posix.dirname(f.file)) > 1);
      if (oneEach.length >= 2 && codeFolders && oneEach.includes(named) && !holdsServices(service.root, services)) {
        perFolder = true;
        entries = oneEach;
      }
    }
    if (orphan && entries.length < 2) {
      const nested = listening.filter((f) => owners[f.file] === undefined && !imported.has(f.file) && isOneFolderDown(service.root, f.file)).sort((a, b) => a.file.localeCompare(b.file));
      const folders = new Set(nested.map((f) => posix.dirname(f.file))).size;
      // Each folder an app's code, more than its one server file (a lone `legacy/server.js` may be an old copy).
      // One file is enough in a folder named as a service is (`order-service/server.js`, `gateway/index.js`).
      const codeFolders = nested.every((f) => filesUnder(sourceFiles, posix.dirname(f.file)) > 1 || SERVICE_FOLDER.test(posix.basename(posix.dirname(f.file))));
      // A folder with two servers (`post/index.js` and `post/index-post.js`, one a copy of the other) is still one
      // folder's process: its entry is the file named for the folder, else the first.
      const oneEach = oneServerPerFolder(nested);
      perFolder = folders >= 2 && codeFolders;
      if (folders === 1 && nested.length >= 2) entries = nested;
      else if (perFolder) entries = oneEach;
      // Or its one server one folder down among the code it loads (`app/index.js` beside app/routes/, app/controllers/,
      // of a package whose `main` names a file it does not have): its entry, as a top-level server file would be. Not in
      // a package holding services of its own (a root beside its service folders: the server is a sibling's or a template's).
      else if (!entries.length && nested.length === 1 && filesUnder(sourceFiles, posix.dirname(nested[0]!.file)) > 1 && !holdsServices(service.root, services)) entries = nested;
    }
    // A folder of the package named as a service is, with a server of its own that nothing imports and that the package's
    // start does not run (`customer-service/server.js` beside sibling service packages, its own package.json forgotten):
    // a service of its own, rooted there, owning that folder's files.
    if (!orphan && pkg) {
      for (const nested of nestedServiceFolders(service, pkg, listening, owners, imported, sourceFiles, facts)) {
        const base = posix.basename(nested.folder);
        let name = taken.has(base) ? `${service.name}-${base}` : base;
        for (let n = 2; taken.has(name); n++) name = `${service.name}-${base}-${n}`;
        taken.add(name);
        result.push({ ...service, root: nested.folder, name, hosts: [name], ports: [], env: { ...service.env }, envSources: { ...service.envSources }, sources: [...service.sources], location: nested.entry.listens?.[0]?.location ?? { file: nested.entry.file, line: 1, column: 1 } });
        diagnostics.push({
          kind: "not-understood",
          message: `${name}: ${nested.folder} has no package.json of its own, but ${nested.entry.file} starts a server that nothing imports and the start of ${service.name} does not run: taken for a service of its own, owning ${nested.folder}`,
          file: nested.entry.file,
          line: 1,
        });
      }
    }
    // A package that names no entry and has one server file at its top, which no other package's code imports from: that
    // file is its entry, a service (`Cart/Server.js` of a `cart` package whose `main` names a file it does not have).
    if (orphan && entries.length === 1 && pkg && namesNoEntry(pkg, resolver) && !importedFromOutside(edges, service.root)) {
      const entry = entries[0]!;
      const name = taken.has(service.name) ? `${service.name}-${entryBase(entry.file)}` : service.name;
      taken.add(name);
      result.push({ ...service, name, hosts: [name], entry: entry.file, location: entry.listens?.[0]?.location ?? service.location });
      splitLibraries.add(service.root);
      diagnostics.push({
        kind: "not-understood",
        message: `${name}: the package ${service.root || "at the repository root"} names no entry that exists and no deployment file says how it runs, but ${entry.file} starts a server: taken for its entry`,
        file: pkg?.file ?? service.location.file,
        line: 1,
      });
      continue;
    }
    // Files its start script runs side by side (`npm-run-all -p start-orders start-emails`, each `node ./orders/index.js`):
    // processes of their own, a consumer that listens on no port too.
    const together = entries.length < 2 && pkg && !orphan ? startedTogether(pkg, facts) : [];
    // Or by scripts of their own (`start`, `start-post`, `start-mysql`), each running another server file: run by hand, one each.
    const separately = entries.length < 2 && together.length < 2 && pkg && !orphan ? startedSeparately(pkg, facts, imported) : [];
    // Or by a start script beside the package (`startAll.sh`: `pm2 start movies.js`, `pm2 start api.js`), or the apps of a
    // pm2 ecosystem file (`script: "./server/todo.js"`), one process each.
    const byScript = together.length < 2 && separately.length < 2 && pkg && !orphan ? startedByShellScript(pkg, facts) : [];
    const started = together.length >= 2 ? together : separately.length >= 2 ? separately : byScript;
    if (started.length >= 2) entries = started;
    else if (entries.length < 2 || sharePort(entries) || (!perFolder && namesOneEntry(service, pkg, entries) && !entries.every((entry) => literalPort(entry) !== undefined))) {
      if (!orphan) result.push(service);
      continue;
    }
    taken.delete(service.name);
    const split = entries.map((entry) => {
      // `orders-svc/index.js` is the orders-svc folder's process: named after it, rooted there.
      const folder = (perFolder || (started.length >= 2 && GENERIC.has(entryBase(entry.file)))) && posix.dirname(entry.file) !== (service.root || ".") ? posix.dirname(entry.file) : undefined;
      const base = folder !== undefined ? entryBase(folder) : entryBase(entry.file);
      let name = GENERIC.has(base) ? service.name : base;
      if (taken.has(name)) name = `${service.name}-${base}`;
      for (let n = 2; taken.has(name); n++) name = `${service.name}-${base}-${n}`;
      taken.add(name);
      const listen = entry.listens?.[0]?.location ?? { file: entry.file, line: 1, column: 1 };
      return {
        ...service,
        ...(folder !== undefined ? { root: folder } : {}),
        name,
        hosts: name === service.name ? [...service.hosts] : [name],
        ports: [],
        env: { ...service.env },
        envSources: { ...service.envSources },
        sources: [...service.sources],
        entry: entry.file,
        location: listen,
      } satisfies ServiceInfo;
    });
    result.push(...split);
    if (orphan) splitLibraries.add(service.root);
    diagnostics.push({
      kind: "not-understood",
      message: `${service.name}: the package ${service.root || "at the repository root"} starts ${together.length >= 2 ? `side by side, from its scripts, each of` : separately.length >= 2 ? "from a script of its own each of" : byScript.length >= 2 ? "from its start shell script or pm2 ecosystem file each of" : "a server from each of"} ${list(entries.map((e) => e.file))}, and no deployment file says how they run: each is taken for a service of its own (${split.map((s) => s.name).join(", ")}), its files shared through imports`,
      file: pkg?.file ?? service.location.file,
      line: 1,
    });
  }
  // In name order, as discovery lists them (several services of one folder keep theirs).
  if (diagnostics.length) result.sort((a, b) => (a.entry !== undefined && b.entry !== undefined ? a.name.localeCompare(b.name) : 0) || (a.root === b.root ? 0 : a.name.localeCompare(b.name)));
  return { services: result, libraries: libraries.filter((library) => !splitLibraries.has(library.root)), diagnostics };
}

/** Whether services other than the one at `root` lie inside it. */
function holdsServices(root: string, services: readonly ServiceInfo[]): boolean {
  return services.some((s) => s.root !== root && (root === "" || s.root.startsWith(`${root}/`)));
}

/** One server file per folder: the one whose name holds the folder's (`post/index-post.js`), else the first by path. */
function oneServerPerFolder(files: readonly FileFacts[]): FileFacts[] {
  const byFolder = new Map<string, FileFacts>();
  for (const file of files) {
    const folder = posix.dirname(file.file);
    const kept = byFolder.get(folder);
    const folderName = posix.basename(folder).toLowerCase();
    const named = (f: FileFacts) => entryBase(f.file).toLowerCase().includes(folderName);
    if (!kept || (!named(kept) && named(file))) byFolder.set(folder, file);
  }
  return [...byFolder.values()];
}

/**
 * The commands a package's `start` (else `dev`) runs side by side: the scripts `npm-run-all -p a b`, `run-p a b` and
 * `concurrently "npm run a" "npm run b"` name, and the commands `concurrently` is handed itself (`concurrently "cd auth &&
 * nodemon server.js" "nodemon orders/index.js"`), also as a later step of the command (`npm run compile && concurrently
 * --kill-others "npm run start:a" …`, the build first) or through npx.
 */
/** concurrently's options that take a value. */
const CONCURRENTLY_VALUES = new Set(["-n", "--names", "-c", "--prefix-colors", "-p", "--prefix", "-l", "--prefix-length", "-t", "--timestamp-format", "-s", "--success", "-m", "--max-processes", "--name-separator", "--restart-tries", "--restart-after", "--default-input-target"]);

function parallelCommands(pkg: PackageInfo): string[] {
  const command = pkg.scripts.start ?? pkg.scripts.dev;
  if (typeof command !== "string") return [];
  const script = (name: string) => (name !== "start" && typeof pkg.scripts[name] === "string" ? pkg.scripts[name] : undefined);
  let commands: string[] = [];
  // The step that starts concurrently: split on the shell's separators outside quotes only (its commands hold `&&`).
  for (const step of command.split(/(?:&&|\|\||;)(?=(?:[^"']*["'][^"']*["'])*[^"']*$)/)) {
    const words = step.trim().split(/\s+/).map((w) => w.replace(/^['"]|['"]$/g, ""));
    if (words[0] === "npx") words.shift();
    if (words[0] === "run-p" || (words[0] === "npm-run-all" && words.some((w) => w === "-p" || w === "--parallel"))) commands = words.slice(1).filter((w) => !w.startsWith("-")).flatMap((name) => script(name) ?? []);
    else if (words[0] === "concurrently") {
      // Its quoted commands, not the values of its options (`-n 'ORDER,PURCHASE' -c 'red,blue'`).
      const quoted = [...step.matchAll(/(?:(-[\w-]+)\s+)?(?:"([^"]+)"|'([^']+)')/g)].filter((m) => m[1] === undefined || !CONCURRENTLY_VALUES.has(m[1])).map((m) => (m[2] ?? m[3])!.trim()).filter((part) => part && !part.startsWith("-"));
      commands = quoted.flatMap((part) => {
        const run = /^(?:npm run|yarn|pnpm(?: run)?)\s+([\w:.-]+)$/.exec(part);
        return run ? (script(run[1]!) ?? []) : [part];
      });
    }
    if (commands.length) break;
  }
  return [...new Set(commands)];
}

/**
 * The files of the package those commands start (`node ./orders-svc/index.js`, `cd auth && nodemon server.js` in a
 * folder with no package.json of its own), when each names one it has and they differ.
 */
function startedTogether(pkg: PackageInfo, facts: ReadonlyMap<string, FileFacts>): FileFacts[] {
  const files: FileFacts[] = [];
  for (const command of parallelCommands(pkg)) {
    const moved = /^\s*cd\s+([^\s&;|]+)\s*&&\s*(.+)$/.exec(command);
    const folder = moved ? posix.normalize(posix.join(pkg.dir || ".", moved[1]!)) : undefined;
    const found = moved ? (folder && !folder.startsWith("..") ? fileStartedBy({ ...pkg, dir: folder === "." ? "" : folder }, moved[2]!, facts) : undefined) : fileStartedBy(pkg, command, facts);
    if (!found) return [];
    if (!files.includes(found)) files.push(found);
  }
  return files.length >= 2 ? files.sort((a, b) => a.file.localeCompare(b.file)) : [];
}

/** Scripts that start something other than the service itself: a test, a mock, a seed, a demo. */
const SIDE_SCRIPT = /test|e2e|mock|stub|fake|seed|migrat|demo|example|bench|debug|inspect|docs|storybook|lint|build|watch/i;

/**
 * The server files of the package that its start scripts run one each (`start: node api/index.js`, `start-post: node
 * post/index.js`, `start-mysql: node mysql/index.js`): each listens, none is imported by another file (then one would be
 * a part of the other), and they are two or more. The dev and production scripts of one file count once.
 */
function startedSeparately(pkg: PackageInfo, facts: ReadonlyMap<string, FileFacts>, imported: ReadonlySet<string>): FileFacts[] {
  const files: FileFacts[] = [];
  for (const [name, command] of Object.entries(pkg.scripts)) {
    if (!/^(start|dev|serve)([-:_.]|$)/.test(name) || SIDE_SCRIPT.test(name) || typeof command !== "string") continue;
    const found = fileStartedBy(pkg, command, facts);
    if (found?.listens?.length && !imported.has(found.file) && !files.includes(found)) files.push(found);
  }
  return files.length >= 2 ? files.sort((a, b) => a.file.localeCompare(b.file)) : [];
}

/**
 * The files of the package that its start shell scripts run, a process each (`pm2 start movies/api.js -i 2`, `node
 * orders.js &`), when they are two or more and each is a file of the scan: what a reader counts as its services, though
 * one of them may also require the others (an index that runs them in one process is not how they are deployed).
 */
function startedByShellScript(pkg: PackageInfo, facts: ReadonlyMap<string, FileFacts>): FileFacts[] {
  const files: FileFacts[] = [];
  for (const command of [...(pkg.shellStarts ?? []), ...(pkg.pm2Starts ?? [])]) {
    if (!fileRunBy(command)) continue;
    const found = fileStartedBy(pkg, command, facts);
    if (!found) return [];
    if (!files.includes(found)) files.push(found);
  }
  return files.length >= 2 ? files.sort((a, b) => a.file.localeCompare(b.file)) : [];
}

/**
 * The file of the package a command runs (`node ./orders-svc/index.js`, or without its extension), when the scan has it;
 * a file of the build (`node dist/orders-svc/app.js`) is the source it is compiled from.
 */
function fileStartedBy(pkg: PackageInfo, command: string, facts: ReadonlyMap<string, FileFacts>): FileFacts | undefined {
  const path = fileRunBy(command);
  if (!path) return undefined;
  const rel = posix.normalize(posix.join(pkg.dir || ".", path));
  const direct = [rel, `${rel}.js`, `${rel}.ts`].map((candidate) => facts.get(candidate)).find((f) => f !== undefined);
  if (direct) return direct;
  const source = scannedSourceOf(pkg.dir, posix.normalize(path), (file) => facts.has(file));
  return source ? facts.get(source) : undefined;
}

/** The file the package's `main` names, else the one its start script runs, when the scan has it. */
function namedEntryFile(pkg: PackageInfo, facts: ReadonlyMap<string, FileFacts>): FileFacts | undefined {
  const main = pkg.main ? fileStartedBy(pkg, `node ${pkg.main}`, facts) : undefined;
  const start = pkg.scripts.start;
  return main ?? (typeof start === "string" ? fileStartedBy(pkg, start, facts) : undefined);
}

/** What a package would be as a service of its own, before it is split into its entries. */
function orphanService(pkg: PackageInfo): ServiceInfo {
  const name = (pkg.name?.replace(/^@[^/]+\//, "") || posix.basename(pkg.dir) || "app").toLowerCase().replace(/[^a-z0-9-]+/g, "-");
  return { name, root: pkg.dir, sources: ["package"], packageName: pkg.name, hosts: [name], ports: [], env: {}, envSources: {}, location: { file: pkg.file, line: 1, column: 1 } };
}

/**
 * The package says nothing of how it starts: no start, dev or serve script, and its `main` (else `index.js`) is no file
 * of the scan. One that does (a front end whose `start` serves its built pages) was judged by discovery, not here.
 */
function namesNoEntry(pkg: PackageInfo, resolver: ModuleResolver): boolean {
  if (Object.keys(pkg.scripts).some((name) => /^(start|dev|serve)\b/.test(name))) return false;
  return resolver.resolve(pkg.file, `./${pkg.main ?? "index.js"}`) === undefined;
}

/** Some file outside `root` imports a file inside it: the package is used as a library, whatever it also starts. */
function importedFromOutside(edges: readonly ImportEdge[], root: string): boolean {
  const inside = (file: string) => !root || file.startsWith(`${root}/`);
  return edges.some((edge) => !inside(edge.from) && inside(edge.to));
}

/** One file's import, bare import or re-export of another file of the scan, resolved once for every question above. */
interface ImportEdge {
  from: string;
  to: string;
  reexport: boolean;
}

function importEdges(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const add = (from: string, specifier: string, reexport: boolean) => {
    const to = resolver.resolve(from, specifier);
    if (to !== undefined) edges.push({ from, to, reexport });
  };
  for (const f of facts.values()) {
    for (const i of f.imports) add(f.file, i.specifier, false);
    for (const specifier of f.bareImports ?? []) add(f.file, specifier, false);
    for (const r of f.reexports) add(f.file, r.specifier, true);
  }
  return edges;
}

/** Every file some file of the scan imports (itself aside) or re-exports. */
function importedFiles(edges: readonly ImportEdge[]): Set<string> {
  return new Set(edges.filter((edge) => edge.reexport || edge.to !== edge.from).map((edge) => edge.to));
}

/**
 * A file the package starts by hand: at its top or in its `src/`, not a mock, test or example server (those run beside
 * the service in development and are no service of their own).
 */
function isTopLevel(root: string, file: string): boolean {
  // A file of another package beside this one is none of its entries (`Cart/Server.js` is not `Product/`'s).
  if (root && !file.startsWith(`${root}/`)) return false;
  const rel = root ? file.slice(root.length + 1) : file;
  return /^(src\/)?[^/]+$/.test(rel) && !STAND_INS.test(posix.basename(rel)) && !root.split("/").some((segment) => STAND_INS.test(segment));
}

/** A file in a folder right below the package's (not `src/`, which isTopLevel reads), neither of them a stand-in's. */
function isOneFolderDown(root: string, file: string): boolean {
  if (root && !file.startsWith(`${root}/`)) return false;
  const rel = root ? file.slice(root.length + 1) : file;
  return /^[^/]+\/[^/]+$/.test(rel) && !rel.startsWith("src/") && !rel.split("/").some((segment) => STAND_INS.test(segment)) && !root.split("/").some((segment) => STAND_INS.test(segment));
}

/** Names of servers that stand in for others while developing or testing (a file, or a package's folder: `mock-services/`, `e2e/`). */
const STAND_INS = /mock|fake|stub|test|spec|e2e|example|demo|sample|fixture/i;

/** The package's `main` or one of its start commands names exactly one of the entries: the others are alternatives. */
function namesOneEntry(service: ServiceInfo, pkg: PackageInfo | undefined, entries: readonly FileFacts[]): boolean {
  const named = new Set<string>();
  if (pkg?.main) named.add(bareFile(pkg.main));
  for (const start of service.starts ?? []) for (const token of start.command.split(/[\s'"=]+/)) if (token) named.add(bareFile(token));
  return entries.filter((entry) => named.has(bareFile(service.root ? entry.file.slice(service.root.length + 1) : entry.file))).length === 1;
}

/** `./dist/order.js`, `src/order.ts` and `order` are one file: the build folder, source folder and extension left out. */
function bareFile(path: string): string {
  return path.replace(/^\.\//, "").replace(/^(src|dist|build|lib|out)\//, "").replace(CODE_EXTENSION, "");
}

/** How many scanned files lie in a folder, at any depth. */
function filesUnder(files: readonly string[], folder: string): number {
  let count = 0;
  for (const file of files) if (file.startsWith(`${folder}/`)) count++;
  return count;
}

/**
 * The folders right below a package's own (`customer-service/` of a package at the top) named as a service is, holding
 * more code than their one server file, whose server listens, is imported by no file and is not what the package's
 * `main` or start script runs, and which are no stand-in's (`mock-service/`).
 */
function nestedServiceFolders(service: ServiceInfo, pkg: PackageInfo, listening: readonly FileFacts[], owners: Readonly<Record<string, string>>, imported: ReadonlySet<string>, sourceFiles: readonly string[], facts: ReadonlyMap<string, FileFacts>): { folder: string; entry: FileFacts }[] {
  // What any script of the package runs (its start, or a script its start runs side by side) is the package's to place.
  const started = new Set<string>();
  for (const command of Object.values(pkg.scripts)) {
    const file = typeof command === "string" ? fileStartedBy(pkg, command, facts) : undefined;
    if (file) started.add(file.file);
  }
  if (pkg.main) started.add(posix.normalize(posix.join(pkg.dir || ".", pkg.main)).replace(CODE_EXTENSION, ""));
  const byFolder = new Map<string, FileFacts[]>();
  for (const f of listening) {
    if (owners[f.file] !== service.name || imported.has(f.file) || !isOneFolderDown(service.root, f.file) || started.has(f.file) || started.has(f.file.replace(CODE_EXTENSION, ""))) continue;
    const folder = posix.dirname(f.file);
    if (!SERVICE_FOLDER.test(posix.basename(folder)) || filesUnder(sourceFiles, folder) < 2) continue;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), f]);
  }
  // One server in the folder: two would be alternatives or a service and its stand-in, not for this rule to pick.
  return [...byFolder].filter(([, files]) => files.length === 1).map(([folder, files]) => ({ folder, entry: files[0]! })).sort((a, b) => a.folder.localeCompare(b.folder));
}

/** Two entries that listen on one literal port are alternatives: they cannot run side by side. */
function sharePort(entries: readonly FileFacts[]): boolean {
  const ports = entries.map((entry) => literalPort(entry)).filter((port): port is string => port !== undefined);
  return new Set(ports).size < ports.length;
}

/** `app.listen(4002)` or `listen(process.env.PORT || 4002)`: the port written, when one is. */
function literalPort(entry: FileFacts): string | undefined {
  const port = entry.listens![0]!.port;
  for (const part of port.parts) {
    if (part.kind === "text" && /^\d+$/.test(part.text)) return part.text;
    if (part.kind === "env" && part.fallback?.parts.length === 1 && part.fallback.parts[0]!.kind === "text") return part.fallback.parts[0]!.text;
  }
  return undefined;
}

/** `src/order-service.js` → `order-service`; `payment.server.ts` → `payment-server`. */
function entryBase(file: string): string {
  return posix
    .basename(file)
    .replace(CODE_EXTENSION, "")
    .replace(/[^A-Za-z0-9-]+/g, "-")
    .toLowerCase();
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
