import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments, type Document } from "yaml";
import { mergeValues, type Json, type JsonMergeResult } from "./json-merge.js";

/**
 * Three-way merge of a YAML file (docker compose, Kubernetes manifests) by key,
 * as for JSON. The merged values are written into the owner's own document, so
 * their comments, order and quoting stay wherever the template changed nothing.
 * undefined when a version is not one valid YAML document: the caller merges by line.
 */
export function mergeYamlText(base: string, theirs: string, ours: string): JsonMergeResult | undefined {
  const docs = [base, theirs, ours].map(parseSingle);
  if (docs.some((doc) => doc === undefined)) return undefined;
  const [b, t, o] = docs as [Document, Document, Document];
  const theirsValue = t.toJS() as Json;
  const { value, conflicts } = mergeValues(b.toJS() as Json, theirsValue, o.toJS() as Json);
  writeInto(t, [], theirsValue, value ?? null);
  return { content: t.toString(), conflicts };
}

function parseSingle(text: string): Document | undefined {
  try {
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs) || docs.length !== 1) return undefined;
    const [doc] = docs as Document[];
    return doc!.errors.length === 0 ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** Changes `doc` at `path` from `current` to `wanted`, touching only the keys that differ. */
function writeInto(doc: Document, path: string[], current: Json | undefined, wanted: Json): void {
  if (isDeepStrictEqual(current, wanted)) return;
  if (isMapping(current) && isMapping(wanted)) {
    for (const key of Object.keys(current)) if (!Object.hasOwn(wanted, key)) doc.deleteIn([...path, key]);
    for (const [key, value] of Object.entries(wanted)) writeInto(doc, [...path, key], Object.hasOwn(current, key) ? current[key] : undefined, value);
    return;
  }
  if (path.length === 0) doc.contents = doc.createNode(wanted);
  else doc.setIn(path, wanted);
}

const isMapping = (value: Json | undefined): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);
