import { posix } from "node:path";
import { isMap, isScalar } from "yaml";
import { positionedYaml } from "./discover/yaml.js";
import type { Diagnostic, FileFacts, RouteFact } from "./types.js";

/**
 * The routes an OpenAPI document declares, for the files that route requests by one (extract/openapi-backend.ts): one
 * route per operation (`paths./v1/orders.post`), at the document's line, as the package serves them. A document the code
 * names but the scan does not hold, or one that does not parse, is a diagnostic: its routes are not checked.
 */

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** The document a file names, as the process finds it: beside the file (`__dirname`), else from the file's folder or a folder above it (the working directory). */
function locate(file: string, spec: string, fromDir: boolean, exists: (rel: string) => boolean): string | undefined {
  const start = posix.dirname(file);
  if (fromDir || spec.startsWith("/")) {
    const rel = posix.normalize(posix.join(start, spec));
    return exists(rel) ? rel : undefined;
  }
  for (let dir = start; ; dir = posix.dirname(dir)) {
    const rel = posix.normalize(posix.join(dir === "." ? "" : dir, spec));
    if (!rel.startsWith("..") && exists(rel)) return rel;
    if (dir === "." || dir === "" || dir === "/") return undefined;
  }
}

/** Adds the operations of each document a file names to its routes; returns what could not be read. */
export function addOpenApiRoutes(facts: Iterable<FileFacts>, read: (rel: string) => string | undefined, exists: (rel: string) => boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const documents = new Map<string, Omit<RouteFact, "owner">[] | undefined>();
  for (const f of facts) {
    for (const named of f.openapiDocuments ?? []) {
      const rel = locate(f.file, named.spec, named.fromDir, exists);
      if (!rel) {
        diagnostics.push({ kind: "not-understood", file: f.file, line: named.location.line, message: `routes requests through openapi-backend by the OpenAPI document ${named.spec}, which the scan does not hold: the routes it declares are not checked` });
        continue;
      }
      if (!documents.has(rel)) documents.set(rel, operationsOf(rel, read(rel)));
      const operations = documents.get(rel);
      if (!operations) {
        diagnostics.push({ kind: "not-understood", file: rel, message: `cannot read the paths of this OpenAPI document, which ${f.file}:${named.location.line} routes requests by: the routes it declares are not checked` });
        continue;
      }
      // A new list: a file with no routes shares one frozen empty list (extract/empty-facts.ts).
      f.routes = [...f.routes, ...operations.map((operation) => ({ ...operation, owner: `openapi:${rel}` }))];
    }
  }
  return diagnostics;
}

function operationsOf(rel: string, text: string | undefined): Omit<RouteFact, "owner">[] | undefined {
  if (text === undefined) return undefined;
  const doc = positionedYaml(text);
  if (!doc) return undefined;
  const paths = doc.get("paths", true);
  if (!isMap(paths)) return undefined;
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : text.slice(0, offset).split("\n").length);
  const routes: Omit<RouteFact, "owner">[] = [];
  for (const pair of paths.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== "string" || !isMap(pair.value)) continue;
    const path = pair.key.value;
    for (const op of pair.value.items) {
      if (!isScalar(op.key) || typeof op.key.value !== "string" || !METHODS.has(op.key.value.toLowerCase())) continue;
      routes.push({ framework: "openapi-backend", method: op.key.value.toUpperCase(), path, location: { file: rel, line: lineAt(op.key.range?.[0]), column: 1 } });
    }
  }
  return routes;
}
