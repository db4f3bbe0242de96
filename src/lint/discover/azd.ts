import { posix } from "node:path";
import type { Diagnostic, Location } from "../types.js";
import type { FileEntry, ReadText } from "./files.js";
import { safeYaml } from "./yaml.js";

/**
 * The Azure Developer CLI's `azure.yaml`: each entry of its `services` deploys the folder its `project` names (relative
 * to the file) to an Azure host (a Container App, an App Service, Functions, AKS), whatever that folder's package.json
 * says: a worker with no server dependency is one of them. A static web app is a front end, not a service. The
 * `language` says which are not JavaScript or TypeScript, and so not scanned.
 */

export interface AzdService {
  /** The folder it deploys ("" for the repository's top). */
  root: string;
  /** Its key under `services`. */
  name: string;
  /** Set for a language arch-lint does not scan (python, java, dotnet). */
  language?: string;
  location: Location;
}

const LANGUAGES: Record<string, string | undefined> = { js: undefined, ts: undefined, javascript: undefined, typescript: undefined, python: "python", py: "python", java: "java", csharp: "dotnet", dotnet: "dotnet", fsharp: "dotnet" };

export function readAzd(files: readonly FileEntry[], read: ReadText, diagnostics: Diagnostic[]): AzdService[] {
  const found: AzdService[] = [];
  for (const file of files) {
    if (posix.basename(file.rel) !== "azure.yaml" && posix.basename(file.rel) !== "azure.yml") continue;
    const text = read(file.rel);
    const doc = safeYaml(text, file.rel, diagnostics) as { services?: unknown } | undefined;
    const services = doc && typeof doc === "object" && doc.services && typeof doc.services === "object" ? (doc.services as Record<string, unknown>) : undefined;
    if (!services) continue;
    const dir = posix.dirname(file.rel) === "." ? "" : posix.dirname(file.rel);
    const lines = (text ?? "").split(/\r?\n/);
    for (const [name, raw] of Object.entries(services)) {
      if (!raw || typeof raw !== "object") continue;
      const { project, host, language } = raw as { project?: unknown; host?: unknown; language?: unknown };
      if (typeof project !== "string" || host === "staticwebapp") continue;
      const root = posix.normalize(posix.join(dir || ".", project)).replace(/\/+$/, "");
      if (root.startsWith("..")) continue;
      const line = Math.max(1, lines.findIndex((l) => new RegExp(`^\\s+${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*:`).test(l)) + 1);
      const lang = typeof language === "string" ? LANGUAGES[language.toLowerCase()] : undefined;
      found.push({ root: root === "." ? "" : root, name, ...(lang ? { language: lang } : {}), location: { file: file.rel, line, column: 1 } });
    }
  }
  return found;
}
