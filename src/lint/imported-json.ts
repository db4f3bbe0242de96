import { posix } from "node:path";
import { emptyFacts } from "./extract/empty-facts.js";
import { importedJsonConstants } from "./extract/datastores/json-config.js";
import type { FileFacts } from "./types.js";

/** Larger JSON is data no one keeps addresses in (fixtures, translations): not read. */
const MAX_SIZE = 256 * 1024;
/** JSON files the scan reads for what they are (packages, compilers' settings, locks): not data a module imports. */
const OWN_KIND = /(^|\/)(package|package-lock|tsconfig[\w.-]*|jsconfig|composer|lerna|nx|project|angular|workspace)\.json$/;

/**
 * The JSON files modules import by a relative path (`import endpoints from "../../service-address.json"`) that the scan
 * did not read for another reason (extract/datastores/json-config.ts reads settings files by name): read as data, their
 * leaves constants of the file, so the values the importing code takes from them (another service's address) are known.
 * Returns the files added, which the module resolver must know.
 */
export function addImportedJsonFiles(facts: Map<string, FileFacts>, read: (rel: string) => string | undefined): string[] {
  const added: string[] = [];
  const sources = [...facts.values()];
  for (const f of sources) {
    for (const imported of f.imports) {
      const spec = imported.specifier;
      if (!spec.startsWith(".")) continue;
      const rel = spec.endsWith(".json") ? posix.normalize(posix.join(posix.dirname(f.file), spec)) : extensionless(f.file, spec, read);
      if (rel === undefined) continue;
      if (rel.startsWith("..") || facts.has(rel) || OWN_KIND.test(rel)) continue;
      const text = read(rel);
      if (text === undefined || text.length > MAX_SIZE) continue;
      const found = importedJsonConstants(text);
      if (!found) continue;
      facts.set(rel, { ...emptyFacts(rel), ...found });
      added.push(rel);
    }
  }
  return added;
}

/** Extensions Node tries before .json for `require("./config/development")`: a module of one of them is what is loaded. */
const CODE_EXTENSIONS = [".js", ".cjs", ".mjs", ".ts", ".cts", ".mts", ".jsx", ".tsx", "/index.js", "/index.ts"];

/** `require("../config/development")` naming development.json (and no module of code by that name): that file. */
function extensionless(file: string, spec: string, read: (rel: string) => string | undefined): string | undefined {
  if (/\.[\w]+$/.test(posix.basename(spec)) || spec === "." || spec === "..") return undefined;
  const base = posix.normalize(posix.join(posix.dirname(file), spec));
  const rel = `${base}.json`;
  // The JSON file first: for most imports there is none, and the look-up of a path the scan does not hold is a map's.
  if (rel.startsWith("..") || read(rel) === undefined) return undefined;
  return CODE_EXTENSIONS.some((ext) => read(`${base}${ext}`) !== undefined) ? undefined : rel;
}
