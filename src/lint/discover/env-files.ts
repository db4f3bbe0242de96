import { posix } from "node:path";
import type { FileFacts, ServiceInfo } from "../types.js";
import { exampleEnvFile, exampleValues, isExampleEnvName, parseDotenv } from "./env.js";
import { repoFolder } from "./folder-path.js";
import { startsSomething } from "./packages.js";

/**
 * The env files a service's code loads (dotenv `config({ path })`, NestJS
 * `envFilePath`), read into that service's env. Like dotenv, they never
 * override what is already set: the deployment's env (compose, Kubernetes)
 * and the service's own `.env` come first. A path relative to the working
 * directory is looked up from the service's folder, then from each folder
 * above it (a monorepo's app is often started from the repository root).
 * A name built at run time (`.env.${NODE_ENV}`) is matched against `envFiles`, the env files the repository holds
 * (see builtPathFile).
 */
export function mergeLoadedEnvFiles(services: readonly ServiceInfo[], facts: Iterable<FileFacts>, read: (rel: string) => string | undefined, envFiles: readonly string[] = []): Map<ServiceInfo, string[]> {
  const byDepth = [...services].sort((a, b) => b.root.length - a.root.length);
  const missing = new Map<ServiceInfo, string[]>();
  for (const fileFacts of facts) {
    if (!fileFacts.envFiles?.length) continue;
    const service = byDepth.find((s) => s.root === "" || fileFacts.file.startsWith(`${s.root}/`));
    if (!service) {
      // A library's code runs in the services that import it (the model tells which): an env file it loads that is not
      // committed is, for each service, the one found from where that service starts.
      for (const envFile of fileFacts.envFiles) for (const user of services) if (!user.language) noteMissingLoad(user, envFile, fileFacts.file, read);
      continue;
    }
    for (const envFile of fileFacts.envFiles) {
      // The loader's default `.env` of the folder the service starts in: read for every service already; only its absence is news.
      if (envFile.defaulted) {
        noteMissingLoad(service, envFile, fileFacts.file, read);
        continue;
      }
      const bases = envFile.base === "file" ? [posix.dirname(fileFacts.file)] : foldersUp(service.root);
      if (envFile.path.includes("*")) {
        const built = builtPathFile(bases, envFile, service, envFiles, read);
        if (built) merge(service, built);
        continue;
      }
      const found = locate(bases, envFile.path, read);
      if (!found) {
        noteMissingLoad(service, envFile, fileFacts.file, read);
        // Kept out of git: the folders it would be in, where an example file may stand for it.
        const folders = missing.get(service) ?? [];
        for (const base of bases) {
          const folder = posix.dirname(posix.normalize(posix.join(base, envFile.path)));
          if (!folder.startsWith("..") && !posix.isAbsolute(envFile.path)) folders.push(folder === "." ? "" : folder);
        }
        missing.set(service, folders);
        continue;
      }
      merge(service, found);
    }
  }
  return missing;
}

/** Like dotenv, a loaded file never overrides what is already set. */
function merge(service: ServiceInfo, found: { rel: string; text: string; source?: string }): void {
  for (const [key, value] of Object.entries(parseDotenv(found.text))) {
    if (key in service.env) continue;
    service.env[key] = value;
    service.envSources[key] = found.source ?? found.rel;
  }
}

/** When nothing says which of several files a run-time name loads: the one a deployment most likely runs with. */
const LIKELY_SUFFIXES = ["production", "prod", "development", "dev", "local", "docker"];

/**
 * The file a name built at run time loads (`.env.${NODE_ENV}` → `.env.*`), among those the repository holds in the
 * first folder that has any: the one the variable names (set by the deployment, or the code's default), else the only
 * one, else the likeliest of several by its suffix. Example files never stand for it.
 */
function builtPathFile(bases: readonly string[], envFile: { path: string; chosenBy?: { env: string; fallback?: string } }, service: ServiceInfo, envFiles: readonly string[], read: (rel: string) => string | undefined): { rel: string; text: string; source: string } | undefined {
  if (posix.isAbsolute(envFile.path)) return undefined;
  for (const base of bases) {
    const pattern = posix.normalize(posix.join(base, envFile.path));
    if (pattern.startsWith("..")) continue;
    const folder = posix.dirname(pattern);
    const name = posix.basename(pattern);
    const star = name.indexOf("*");
    const head = name.slice(0, star);
    const tail = name.slice(star + 1);
    const candidates = new Map<string, string>();
    for (const rel of envFiles) {
      const fileName = posix.basename(rel);
      if (posix.dirname(rel) === folder && fileName.length > name.length - 1 && fileName.startsWith(head) && fileName.endsWith(tail) && !isExampleEnvName(fileName)) {
        candidates.set(fileName.slice(head.length, fileName.length - tail.length), rel);
      }
    }
    if (!candidates.size) continue;
    const named = envFile.chosenBy ? (service.env[envFile.chosenBy.env] ?? envFile.chosenBy.fallback) : undefined;
    const fill = named !== undefined && candidates.has(named) ? named : candidates.size === 1 ? [...candidates.keys()][0]! : LIKELY_SUFFIXES.find((suffix) => candidates.has(suffix));
    if (fill === undefined) return undefined;
    const rel = candidates.get(fill)!;
    const text = read(rel);
    if (text === undefined) return undefined;
    const why = named === fill ? `${envFile.chosenBy!.env}=${fill}` : candidates.size === 1 ? "the only file of that name" : `one of ${candidates.size} files of that name`;
    return { rel, text, source: `${rel} (loaded as ${envFile.path}: ${why})` };
  }
  return undefined;
}


/**
 * The last resort for a service's env: an example file (`.env.example`,
 * `sample.env` …) committed where the env file it stands for is not: in the
 * service's folder when it has no `.env`, and beside each env file its code
 * loads or its compose entry names (`env_file`) that is not in the repository. It only fills variables nothing else
 * sets (not the deployment, a real env file, or the repository's `.env`), and
 * a default written in the code wins over it (values.ts): it documents what a
 * developer is expected to copy, not what runs. Its keys are listed in
 * `exampleEnv`, and the evidence names the file as an example.
 */
export function mergeExampleEnvFiles(services: readonly ServiceInfo[], missingLoaded: ReadonlyMap<ServiceInfo, readonly string[]>, globalEnv: Readonly<Record<string, string>>, read: (rel: string) => string | undefined): void {
  for (const service of services) {
    // Its folder without a .env, beside each env file its code loads and each its compose entry names (`env_file: .env`) that are not committed.
    // A service in another language (whose code is not read) has its own folder's example only: what its well-known variables name.
    const composeFolders = service.language ? [] : (service.missingEnvFiles ?? []).map((file) => repoFolder(posix.dirname(file)));
    // Started from the repository's top (a Nest monorepo's or Nx app, a package.json with no script of its own), it reads
    // the top's `.env`: when that is not committed, the top's example stands for it, after the service's own folder's.
    const top = !service.language && service.root !== "" && read(".env") === undefined && startsAtTop(service.root, read) ? [""] : [];
    const folders = [...(read(posix.join(service.root, ".env")) === undefined ? [service.root] : []), ...(service.language ? [] : (missingLoaded.get(service) ?? [])), ...composeFolders, ...top];
    for (const folder of new Set(folders)) {
      const example = exampleEnvFile(folder, (rel) => read(rel) !== undefined);
      if (!example) continue;
      for (const [key, value] of Object.entries(exampleValues(parseDotenv(read(example)!)))) {
        if (key in service.env || key in globalEnv || !value) continue;
        service.env[key] = value;
        service.envSources[key] = `${example} (an example file; no committed env file sets ${key})`;
        (service.exampleEnv ??= []).push(key);
      }
    }
  }
}

/**
 * The env files a service loads (its code's dotenv, its compose entry's `env_file`) that a .gitignore names but that are
 * on disk: in a clone such a file is there only because it was committed (git tracks a file added before its pattern),
 * and dotenv reads it whatever git says. Read last: its values fill only what nothing else sets (an example file
 * included, which is what the repository documents), and the file is no longer counted as missing.
 */
export function mergeGitIgnoredEnvFiles(services: readonly ServiceInfo[], globalEnv: Readonly<Record<string, string>>, readIgnored: (rel: string) => string | undefined): void {
  for (const service of services) {
    const wanted = new Set([...(service.loadedEnvMissing ?? []).map((entry) => entry.file), ...(service.missingEnvFiles ?? [])]);
    for (const rel of wanted) {
      const text = readIgnored(rel);
      if (text === undefined) continue;
      for (const [key, value] of Object.entries(parseDotenv(text))) {
        // Never over what is set, an example's value included: a compose entry's `${X:-default}` read through an
        // example wins at run time (dotenv does not override), and the example is what the repository documents.
        if (key in service.env || key in globalEnv) continue;
        service.env[key] = value;
        service.envSources[key] = `${rel} (on disk, though a .gitignore names it)`;
      }
      const loaded = service.loadedEnvMissing?.filter((entry) => entry.file !== rel);
      if (loaded?.length) service.loadedEnvMissing = loaded;
      else delete service.loadedEnvMissing;
      const missing = service.missingEnvFiles?.filter((file) => file !== rel);
      if (missing?.length) service.missingEnvFiles = missing;
      else delete service.missingEnvFiles;
    }
  }
}

/**
 * Whether a service is started from the repository's top: the nearest package.json from its folder up whose scripts start
 * something is the top's (its own has none, or it has none of its own), or none does and the top has one.
 */
function startsAtTop(root: string, read: (rel: string) => string | undefined): boolean {
  for (const folder of foldersUp(root)) {
    const text = read(posix.join(folder, "package.json"));
    if (text === undefined) continue;
    let scripts: unknown;
    try {
      scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
    } catch {
      return false;
    }
    const runs = scripts !== null && typeof scripts === "object" && startsSomething(scripts as Record<string, string>);
    if (runs) return folder === "";
  }
  // No script starts it anywhere (an Nx workspace run by `nx serve`): the workspace's top, where its package.json is.
  return read("package.json") !== undefined;
}

/**
 * Records an env file the code loads that the repository does not hold, as the service would look for it: beside the
 * loading file (`__dirname`), or in the folder the service starts in, its package's (a monorepo app without a
 * package.json of its own starts where the nearest one above it is).
 */
function noteMissingLoad(service: ServiceInfo, envFile: { path: string; base: "cwd" | "file"; defaulted?: true }, loader: string, read: (rel: string) => string | undefined): void {
  if (posix.isAbsolute(envFile.path)) return;
  const start = envFile.base === "file" ? posix.dirname(loader) : (foldersUp(service.root).find((folder) => read(posix.join(folder, "package.json")) !== undefined) ?? service.root);
  const file = posix.normalize(posix.join(start, envFile.path));
  if (file.startsWith("..") || read(file) !== undefined) return;
  const list = (service.loadedEnvMissing ??= []);
  if (!list.some((entry) => entry.file === file && entry.loader === loader)) list.push(envFile.defaulted ? { file, loader, defaulted: true } : { file, loader });
}

/** The folder and each one above it, up to the scan root (""). */
function foldersUp(folder: string): string[] {
  const folders: string[] = [];
  for (let current = folder; ; current = posix.dirname(current)) {
    const normal = current === "." ? "" : current;
    folders.push(normal);
    if (normal === "" || current === "/") return folders;
  }
}

function locate(folders: readonly string[], path: string, read: (rel: string) => string | undefined): { rel: string; text: string } | undefined {
  if (posix.isAbsolute(path)) return undefined;
  for (const folder of folders) {
    const rel = posix.normalize(posix.join(folder, path));
    if (rel.startsWith("..")) continue;
    const text = read(rel);
    if (text !== undefined) return { rel, text };
  }
  return undefined;
}
