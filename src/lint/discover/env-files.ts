import { posix } from "node:path";
import type { FileFacts, ServiceInfo } from "../types.js";
import { parseDotenv } from "./env.js";

/**
 * The env files a service's code loads (dotenv `config({ path })`, NestJS
 * `envFilePath`), read into that service's env. Like dotenv, they never
 * override what is already set: the deployment's env (compose, Kubernetes)
 * and the service's own `.env` come first. A path relative to the working
 * directory is looked up from the service's folder, then from each folder
 * above it (a monorepo's app is often started from the repository root).
 */
export function mergeLoadedEnvFiles(services: readonly ServiceInfo[], facts: Iterable<FileFacts>, read: (rel: string) => string | undefined): void {
  const byDepth = [...services].sort((a, b) => b.root.length - a.root.length);
  for (const fileFacts of facts) {
    if (!fileFacts.envFiles?.length) continue;
    const service = byDepth.find((s) => s.root === "" || fileFacts.file.startsWith(`${s.root}/`));
    if (!service) continue;
    for (const envFile of fileFacts.envFiles) {
      const found = locate(envFile.base === "file" ? [posix.dirname(fileFacts.file)] : foldersUp(service.root), envFile.path, read);
      if (!found) continue;
      for (const [key, value] of Object.entries(parseDotenv(found.text))) {
        if (key in service.env) continue;
        service.env[key] = value;
        service.envSources[key] = found.rel;
      }
    }
  }
}

/** The folder and each one above it, up to the scan root (""). */
function foldersUp(folder: string): string[] {
  const folders: string[] = [];
  for (let current = folder; ; current = posix.dirname(current)) {
    const normal = current === "." ? "" : current;
    folders.push(normal);
    if (normal === "") return folders;
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
