import { posix } from "node:path";
import { parse as parseYaml } from "yaml";
import { CONFIG_SPECIFIER } from "./extract/context.js";
import { emptyFacts } from "./extract/empty-facts.js";
import type { Diagnostic, FileFacts, Value } from "./types.js";

/**
 * The settings files configuration factories return (FileFacts.settingsFiles: NestJS's documented
 * `() => yaml.load(readFileSync(join(__dirname, "config.yaml"), "utf8"))`), read as data (never run) into constants
 * `config:<key>`, which `configService.get("db.host")` reads as it reads a factory's object (model/values.ts,
 * lookupConfig). Each file's constants go to the facts of the settings file itself, so they belong to the service whose
 * folder holds it. A file the code names but the scan does not hold, or one that does not parse, is said.
 */

/** Leaves deeper than this are not settings anyone reads by key. */
const MAX_DEPTH = 6;

/**
 * Where a named file is: beside the file (`__dirname`); else, as a build that copies it beside its output or a process
 * started from the project's top finds it, the path from the file's folder or a folder above it.
 */
function locate(file: string, spec: string, fromDir: boolean, exists: (rel: string) => boolean): string | undefined {
  const start = posix.dirname(file);
  if (spec.startsWith("/")) return undefined;
  if (fromDir) {
    const beside = posix.normalize(posix.join(start, spec));
    if (!beside.startsWith("..") && exists(beside)) return beside;
  }
  const path = spec.replace(/^(\.\.?\/)+/, "");
  for (let dir = start; ; dir = posix.dirname(dir)) {
    const rel = posix.normalize(posix.join(dir === "." ? "" : dir, path));
    if (!rel.startsWith("..") && exists(rel)) return rel;
    if (dir === "." || dir === "" || dir === "/") return undefined;
  }
}

function parseSettings(rel: string, text: string): unknown {
  try {
    return rel.endsWith(".json") ? JSON.parse(text) : parseYaml(text, { uniqueKeys: false, maxAliasCount: 100, logLevel: "error" });
  } catch {
    return undefined;
  }
}

function leaves(data: unknown, prefix: string, depth: number, out: Record<string, Value>): void {
  if (depth > MAX_DEPTH || typeof data !== "object" || data === null || Array.isArray(data)) return;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string" || typeof value === "number") out[CONFIG_SPECIFIER + path] = { parts: [{ kind: "text", text: String(value) }] };
    else leaves(value, path, depth + 1, out);
  }
}

/** Adds the constants of each settings file a factory returns to the facts (under the file's own path); returns what could not be read. */
export function addLoadedSettingsFiles(facts: Map<string, FileFacts>, read: (rel: string) => string | undefined, exists: (rel: string) => boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const loading = [...facts.values()].filter((f) => f.settingsFiles?.length);
  for (const f of loading) {
    for (const named of f.settingsFiles!) {
      const rel = locate(f.file, named.spec, named.fromDir, exists);
      const text = rel === undefined ? undefined : read(rel);
      const data = rel === undefined || text === undefined ? undefined : parseSettings(rel, text);
      if (rel === undefined || typeof data !== "object" || data === null) {
        const why = rel === undefined ? "which the scan does not hold" : "which could not be read as settings";
        diagnostics.push({ kind: "not-understood", file: f.file, line: named.location.line, message: `${f.file} loads its settings from ${named.spec}, ${why}: the values read from them (database URLs, other services' addresses) are not known` });
        continue;
      }
      const constants: Record<string, Value> = {};
      leaves(data, named.namespace, 0, constants);
      const holder = facts.get(rel) ?? emptyFacts(rel);
      facts.set(rel, { ...holder, constants: { ...holder.constants, ...constants } });
    }
  }
  return diagnostics;
}
