import { posix } from "node:path";
import { isMap, isScalar, isSeq, type Node as YamlNode } from "yaml";
import { positionedYaml } from "./discover/yaml.js";
import type { FileFacts, RouteFact } from "./types.js";
import { isServerlessFile } from "./discover/serverless.js";
import { emptyFacts } from "./extract/empty-facts.js";

/**
 * The HTTP routes a Serverless Framework service declares: each function's `http` (API Gateway REST) and `httpApi`
 * events (`{ path: /users, method: post }`, or the short forms `post users/create` and `"POST /users"`), a route of the
 * function's handler (`handler: src/handlers/users.create` → the export `create` of src/handlers/users.ts), placed at
 * the event's line of serverless.yml. The handler's file gets the route, as a router's file does; a handler module that
 * only passes another's exports on (`export * from "./handlers/users"`) hands it to the module that declares the export.
 */

const SOURCE_EXTENSIONS = [".ts", ".js", ".mjs", ".cjs", ".mts", ".cts"];

export function addServerlessRoutes(facts: Map<string, FileFacts>, files: readonly string[], read: (rel: string) => string | undefined): void {
  const sources = new Set(files);
  for (const rel of files) {
    if (!isServerlessFile(rel) || !/\.ya?ml$/.test(rel)) continue;
    const text = read(rel);
    if (!text || !/\bhttp(Api)?\s*:/.test(text)) continue;
    const doc = positionedYaml(text);
    if (!doc) continue;
    const functions = doc.get("functions", true);
    if (!isMap(functions)) continue;
    const root = posix.dirname(rel) === "." ? "" : posix.dirname(rel);
    const lineAt = (node: YamlNode | null | undefined) => (node?.range ? text.slice(0, node.range[0]).split("\n").length : 1);
    for (const fn of functions.items) {
      if (!isMap(fn.value)) continue;
      const handler = fn.value.get("handler");
      if (typeof handler !== "string") continue;
      const target = handlerTarget(facts, sources, root, handler);
      if (!target) continue;
      const events = fn.value.get("events", true);
      if (!isSeq(events)) continue;
      for (const event of events.items) {
        if (!isMap(event)) continue;
        for (const kind of ["http", "httpApi"]) {
          const value = event.get(kind, true) as YamlNode | undefined;
          const route = value ? routeOf(value) : undefined;
          if (!route) continue;
          const fact: RouteFact = { framework: "serverless", method: route.method, path: route.path, owner: `serverless:${rel}`, handlerRef: { name: target.name }, location: { file: rel, line: lineAt(event), column: 1 } };
          // A handler file with nothing else to extract has no facts of its own yet: its routes are its facts.
          if (!facts.has(target.file)) facts.set(target.file, emptyFacts(target.file));
          const f = facts.get(target.file)!;
          // A new list: a file with no routes shares one frozen empty list (extract/empty-facts.ts).
          f.routes = [...f.routes, fact];
        }
      }
    }
  }
}

/** `{ path, method }`, `"post users/create"`, `"POST /users"`; `"*"` (every route) and `method: any` paths as ALL. */
function routeOf(value: YamlNode): { method: string; path: string } | undefined {
  let method: unknown;
  let path: unknown;
  if (isScalar(value) && typeof value.value === "string") {
    const parts = value.value.trim().split(/\s+/);
    if (parts.length !== 2) return undefined;
    [method, path] = parts;
  } else if (isMap(value)) {
    method = value.get("method") ?? "any";
    path = value.get("path");
  }
  if (typeof method !== "string" || typeof path !== "string" || path === "") return undefined;
  const upper = method.toUpperCase();
  const normalized = `/${path.replace(/^\/+/, "")}`.replace(/\{([\w.]+?)\+?\}/g, ":$1");
  return { method: upper === "ANY" || upper === "*" ? "ALL" : upper, path: normalized };
}

/** `src/handlers/users.create` → the file declaring `create` (through `export *` of a relative module, twice at most). */
function handlerTarget(facts: ReadonlyMap<string, FileFacts>, sources: ReadonlySet<string>, root: string, handler: string): { file: string; name: string } | undefined {
  const dot = handler.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const name = handler.slice(dot + 1);
  const start = sourceFile(sources, posix.join(root, handler.slice(0, dot)));
  let layer = start ? [start] : [];
  for (let hops = 0; layer.length && hops < 3; hops++) {
    const next: string[] = [];
    for (const file of layer) {
      const f = facts.get(file);
      // A file the scan found nothing in: the handler is its own, by name.
      if (!f) return { file, name };
      if (f.exports[name] !== undefined || f.functions.some((fn) => fn.id === `fn:${name}`)) return { file, name };
      for (const passed of f.reexports) {
        if ((passed.name !== "*" && passed.name !== name) || !passed.specifier.startsWith(".")) continue;
        const target = sourceFile(sources, posix.join(posix.dirname(file), passed.specifier));
        if (target) next.push(target);
      }
    }
    layer = next;
  }
  return undefined;
}

function sourceFile(sources: ReadonlySet<string>, base: string): string | undefined {
  const normalized = posix.normalize(base).replace(/\.(js|ts)$/, "");
  for (const candidate of [...SOURCE_EXTENSIONS.map((ext) => `${normalized}${ext}`), ...SOURCE_EXTENSIONS.map((ext) => `${normalized}/index${ext}`)]) if (sources.has(candidate)) return candidate;
  return undefined;
}
