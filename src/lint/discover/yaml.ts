import { isMap, isScalar, parseAllDocuments, parseDocument, parse as parseYaml, type Document } from "yaml";
import type { Diagnostic } from "../types.js";

/** One YAML document, or undefined with a one-line diagnostic when it does not parse (anchors capped against alias bombs). */
export function safeYaml(text: string | undefined, file: string, diagnostics: Diagnostic[]): unknown {
  if (text === undefined) return undefined;
  try {
    return parseYaml(text, { uniqueKeys: false, merge: true, maxAliasCount: 100, logLevel: "error" });
  } catch (error) {
    diagnostics.push({ kind: "config-file", file, message: `cannot parse YAML: ${(error as Error).message.split("\n")[0]}` });
    return undefined;
  }
}

/** One document of a multi-document YAML file: its value (undefined when the document has errors) and the line of its `kind:`. */
export interface YamlDocument {
  value: Record<string, unknown> | undefined;
  /** The line of the document's `kind:` (else its first line), 1-based. */
  line: number;
}

/**
 * Every document of a YAML file (`---`-separated manifests), or none when the text does not parse; a document with
 * errors keeps its place with no value, so callers can say which one they skipped.
 */
export function yamlDocuments(text: string): YamlDocument[] {
  let parsed;
  try {
    parsed = parseAllDocuments(text, { uniqueKeys: false, logLevel: "error" });
  } catch {
    return [];
  }
  return (Array.isArray(parsed) ? parsed : [parsed]).map((document) => {
    const offset = document.range?.[0] ?? 0;
    const kindAt = text.indexOf("kind:", offset);
    const line = text.slice(0, kindAt >= 0 ? kindAt : offset).split("\n").length;
    if (document.errors.length) return { value: undefined, line };
    const value = document.toJS({ maxAliasCount: 100 }) as unknown;
    return { value: value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {}, line };
  });
}

/**
 * A YAML file as a document whose nodes keep their positions (to place what is read there at its line), or undefined
 * when it does not parse or has errors: the route tables read from YAML (OpenAPI, serverless.yml, gateway.config.yml).
 */
export function positionedYaml(text: string): Document.Parsed | undefined {
  try {
    const doc = parseDocument(text, { uniqueKeys: false, logLevel: "error" });
    return doc.errors.length ? undefined : doc;
  } catch {
    return undefined;
  }
}

/**
 * The keys a mapping of the document names twice, each with the path of the mapping and the line of its second
 * occurrence (`services.auth.build` again at line 31): a block indented one level too deep makes the next service's
 * keys the previous one's. The YAML is read with the later value (uniqueKeys: false), as a lenient reader does, while
 * docker compose rejects the file: said so the model's oddities can be traced to it. Empty when the text does not parse.
 */
export function duplicateKeys(text: string): { path: string; key: string; line: number }[] {
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false, logLevel: "error" });
  } catch {
    return [];
  }
  const found: { path: string; key: string; line: number }[] = [];
  const lineAt = (offset: number) => text.slice(0, offset).split("\n").length;
  const visit = (node: unknown, path: string, depth: number): void => {
    if (depth > 6 || !isMap(node)) return;
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      if (seen.has(key) && found.length < 20) found.push({ path, key, line: lineAt(isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0) });
      seen.add(key);
      visit(pair.value, path ? `${path}.${key}` : key, depth + 1);
    }
  };
  visit(doc.contents, "", 0);
  return found;
}
