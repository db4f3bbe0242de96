import { posix } from "node:path";
import { isMap, isScalar, isSeq, type Node as YamlNode, type YAMLMap } from "yaml";
import { positionedYaml } from "./discover/yaml.js";
import type { Diagnostic, FileFacts, HttpCallFact, ProxyFact, RouteFact, Value, ValuePart } from "./types.js";

/**
 * The routes an express-gateway process serves, read from the gateway.config.yml of the folder its code loads
 * (extract/express-gateway.ts). Each pipeline takes the requests of its apiEndpoints (`paths`, one path or a list; every
 * path when none; `methods`, every method when none) and hands them to its policies; a `proxy` policy forwards them to
 * the serviceEndpoint its action names (`url`, or each of `urls`), with the whole path unless `stripPath` cuts the
 * endpoint's own path off. Each endpoint path a pipeline takes is a route of the gateway's service, placed at its line of
 * the file, handled by a proxy call per action (client "proxy", library express-gateway), as a proxy the code makes is.
 * A folder or file that cannot be found or read, and a proxy whose serviceEndpoint is not declared, are said.
 */

const CONFIG_FILES = ["gateway.config.yml", "gateway.config.yaml", "gateway.config.json"];

export function addExpressGatewayRoutes(facts: Iterable<FileFacts>, read: (rel: string) => string | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const f of facts) {
    for (const named of f.gatewayConfigDirs ?? []) {
      const where = `${f.file}:${named.location.line}`;
      if (named.unread !== undefined) {
        diagnostics.push({ kind: "not-understood", file: f.file, line: named.location.line, message: `starts express-gateway with the configuration folder ${named.unread}, which is not written in a way arch-lint reads: the routes and upstreams of its gateway.config.yml are not checked` });
        continue;
      }
      const found = locate(f.file, named.spec, named.fromDir, read);
      if (!found) {
        diagnostics.push({ kind: "not-understood", file: f.file, line: named.location.line, message: `starts express-gateway with the configuration folder ${named.spec}, which holds no gateway.config.yml the scan has: its routes and upstreams are not checked` });
        continue;
      }
      const table = readConfig(found.rel, found.text, where);
      if (!table) {
        diagnostics.push({ kind: "not-understood", file: found.rel, message: `cannot read the pipelines of this express-gateway configuration, which ${where} loads: its routes and upstreams are not checked` });
        continue;
      }
      diagnostics.push(...table.diagnostics);
      // New lists: a file with no routes or calls shares one frozen empty list (extract/empty-facts.ts).
      f.routes = [...f.routes, ...table.routes];
      f.calls = [...f.calls, ...table.calls];
    }
  }
  return diagnostics;
}

/** The folder as the process finds it: beside the file (`__dirname`), else from the file's folder or one above it (the working directory). */
function locate(file: string, spec: string, fromDir: boolean, read: (rel: string) => string | undefined): { rel: string; text: string } | undefined {
  const tryFolder = (folder: string) => {
    for (const name of CONFIG_FILES) {
      const rel = posix.normalize(posix.join(folder, name));
      if (rel.startsWith("..")) return undefined;
      const text = read(rel);
      if (text !== undefined) return { rel, text };
    }
    return undefined;
  };
  const start = posix.dirname(file);
  if (fromDir || spec.startsWith("/")) return tryFolder(posix.join(start, spec));
  for (let dir = start; ; dir = posix.dirname(dir)) {
    const hit = tryFolder(posix.join(dir === "." ? "" : dir, spec));
    if (hit) return hit;
    if (dir === "." || dir === "" || dir === "/") return undefined;
  }
}

interface Table {
  routes: RouteFact[];
  calls: HttpCallFact[];
  diagnostics: Diagnostic[];
}

function readConfig(rel: string, text: string, loadedAt: string): Table | undefined {
  const doc = positionedYaml(text);
  if (!doc) return undefined;
  // Pipelines keyed by name, or (express-gateway's first releases, still accepted) a list of pipelines each with a `name`.
  const pipelines = doc.get("pipelines", true);
  const named = isMap(pipelines)
    ? pipelines.items.map((item) => ({ name: isScalar(item.key) ? String(item.key.value) : "?", key: item.key, value: item.value }))
    : isSeq(pipelines)
      ? pipelines.items.filter(isMap).map((item) => ({ name: String(item.get("name") ?? "?"), key: item.get("name", true) ?? item, value: item }))
      : undefined;
  if (!named) return undefined;
  const endpoints = doc.get("apiEndpoints", true);
  const services = doc.get("serviceEndpoints", true);
  const lineAt = (node: unknown) => {
    const range = (node as YamlNode | undefined)?.range;
    return range ? text.slice(0, range[0]).split("\n").length : 1;
  };
  const table: Table = { routes: [], calls: [], diagnostics: [] };
  for (const pipeline of named) {
    if (!isMap(pipeline.value)) continue;
    const name = pipeline.name;
    const actions = proxyActions(pipeline.value);
    for (const endpointName of listOf(pipeline.value.get("apiEndpoints", true) ?? pipeline.value.get("apiEndpoint", true))) {
      const endpoint = isMap(endpoints) ? endpoints.get(endpointName, true) : undefined;
      if (!isMap(endpoint)) {
        table.diagnostics.push({ kind: "not-understood", file: rel, line: lineAt(pipeline.key), message: `express-gateway pipeline ${name} takes the apiEndpoint ${endpointName}, which this file does not declare: its routes are not checked` });
        continue;
      }
      const pathsNode = endpoint.get("paths", true);
      const paths = pathsNode === undefined ? ["/*"] : listOf(pathsNode).map(servedPath).filter((path): path is string => path !== undefined);
      const methods = listOf(endpoint.get("methods", true)).flatMap((m) => m.split(",")).map((m) => m.trim().toUpperCase()).filter(Boolean);
      const line = lineAt(pathsNode ?? endpoint);
      for (const path of paths) {
        const handler = `eg:${name}:${endpointName}:${path}`;
        for (const method of methods.length ? methods : ["ALL"]) {
          table.routes.push({ framework: "express", method, path, owner: `express-gateway:${rel}`, ...(actions.length ? { handler } : {}), location: { file: rel, line, column: 1 } });
        }
        for (const action of actions) {
          const upstreams = upstreamsOf(action.service, services);
          const base = path.replace(/\/\*$/, "").replace(/\/+$/, "");
          const proxy: ProxyFact = { library: "express-gateway", ...(action.strip && base ? { strip: base } : {}) };
          const location = { file: rel, line: lineAt(action.node), column: 1 };
          if (!upstreams.length) {
            table.calls.push(proxyCall({ parts: [{ kind: "unknown", hint: `serviceEndpoint ${action.service ?? "(none)"}` }] }, { ...proxy, upstreamUnknown: `its serviceEndpoint ${action.service ?? "(none)"} is not declared under serviceEndpoints with a url (${loadedAt} loads this file)` }, handler, location));
            continue;
          }
          for (const url of upstreams) table.calls.push(proxyCall(url, proxy, handler, location));
        }
      }
    }
  }
  return table;
}

function proxyCall(url: Value, proxy: ProxyFact, inFunction: string, location: { file: string; line: number; column: number }): HttpCallFact {
  return { client: "proxy", method: "ALL", url, inFunction, awaited: true, parallel: false, proxy, location };
}

/** The proxy policies' actions of a pipeline: `- proxy: [{ action: { serviceEndpoint, stripPath } }]` (or one action not in a list). */
function proxyActions(pipeline: YAMLMap): { service?: string; strip: boolean; node: unknown }[] {
  const found: { service?: string; strip: boolean; node: unknown }[] = [];
  const policies = pipeline.get("policies", true);
  if (!isSeq(policies)) return found;
  for (const policy of policies.items) {
    if (!isMap(policy)) continue;
    const proxy = policy.get("proxy", true);
    if (proxy === undefined) continue;
    const steps = isSeq(proxy) ? proxy.items : [proxy];
    for (const step of steps) {
      if (!isMap(step)) continue;
      const action = step.get("action", true);
      if (!isMap(action)) continue;
      const service = action.get("serviceEndpoint");
      found.push({ ...(typeof service === "string" ? { service: service.trim() } : {}), strip: action.get("stripPath") === true, node: action });
    }
  }
  return found;
}

/** A serviceEndpoint's `url`, or each of its `urls`, with `${NAME}` and `${NAME:-fallback}` read as the environment variable. */
function upstreamsOf(name: string | undefined, services: unknown): Value[] {
  if (!name || !isMap(services)) return [];
  const service = services.get(name, true);
  if (!isMap(service)) return [];
  const urls = [service.get("url"), ...listOf(service.get("urls", true))].filter((url): url is string => typeof url === "string" && url.trim() !== "");
  return urls.map(valueOf);
}

export function valueOf(text: string): Value {
  const parts: ValuePart[] = [];
  const pattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) parts.push({ kind: "text", text: text.slice(last, match.index) });
    parts.push({ kind: "env", name: match[1]!, ...(match[2] !== undefined ? { fallback: { parts: [{ kind: "text", text: match[2] }] } } : {}) });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return { parts };
}

/** A path as express-gateway matches it: `*` (every path) as `/*`, an empty one left out. */
function servedPath(path: string): string | undefined {
  const trimmed = path.trim();
  if (trimmed === "") return undefined;
  if (trimmed === "*") return "/*";
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** A scalar or a list of scalars, as strings. */
function listOf(node: unknown): string[] {
  if (node === undefined || node === null) return [];
  if (isScalar(node)) return node.value === null || node.value === undefined ? [] : [String(node.value)];
  if (isSeq(node)) return node.items.flatMap((item) => listOf(item));
  if (typeof node === "string") return [node];
  return [];
}
