import { ts } from "../../ts.js";
import type { Engine } from "../../types.js";
import type { Extractor } from "../extractor.js";
import { type ExtractContext, propertyNamed } from "../context.js";
import { firstProperty, objectLiteralOf, push, unwrap, type ConnectionFact } from "./connection.js";

/**
 * Search clusters: `new Client({ node })` of @elastic/elasticsearch and
 * @opensearch-project/opensearch, and the legacy `elasticsearch` package's
 * `new elasticsearch.Client({ host })`. A cluster has no database: its
 * identity is the first node's address.
 */

const CLIENTS: { modules: readonly string[]; engine: Engine }[] = [
  { modules: ["@elastic/elasticsearch", "elasticsearch"], engine: "elasticsearch" },
  { modules: ["@opensearch-project/opensearch"], engine: "opensearch" },
];
const MODULES = CLIENTS.flatMap((client) => client.modules);

/** `node: url`, `nodes: [url, ...]`, `node: { url: new URL(...) }`, legacy `host` / `hosts`. */
export function searchConnection(engine: Engine, library: string, options: ts.ObjectLiteralExpression, ctx: ExtractContext): ConnectionFact | undefined {
  let node = firstProperty(options, ["node", "nodes", "host", "hosts"]);
  if (!node) return undefined;
  const list = unwrap(node);
  if (ts.isArrayLiteralExpression(list)) node = list.elements[0];
  const object = objectLiteralOf(node, ctx);
  if (object) node = propertyNamed(object, "url") ?? propertyNamed(object, "host");
  return node ? { engine, library, url: ctx.value(node) } : undefined;
}

/** A request that checks the cluster's health or that it answers. */
const HEALTH_CALL = /\.(?:cluster\.health|ping)\s*\(/;
/** Any other request, and the API namespaces that hold data requests (`indices.create`, `helpers.bulk`); `.get(` too, whoever it is of. */
const DATA_CALL = /\.(?:search|msearch|get|mget|index|create|update|updateByQuery|delete|deleteByQuery|bulk|count|scroll|reindex|exists|indices|helpers|sql|transport)\b/;

/**
 * The file checks the cluster's health and asks it nothing else: read from the text, so any data request of any
 * client in the file (or `.get(` of anything) keeps the connection counted as one that holds data. The model also
 * counts it when another file of the service makes a search request (the client exported and used there).
 */
function onlyHealthChecked(text: string): boolean {
  return HEALTH_CALL.test(text) && !DATA_CALL.test(text);
}

/** A search cluster's data requests, whoever holds the client: the service keeps data in the cluster (DatastoreFact.healthCheck). */
const SEARCH_REQUEST = /\.(?:search|msearch|index|bulk|mget|count|updateByQuery|deleteByQuery|reindex|scroll)\s*\(|\.(?:indices|helpers)\./;

/** Every file, whatever it imports: a client made in one file is often used in another that imports only that file. */
export const searchRequests: Extractor = {
  family: "datastores/search-requests",
  fileEnd(ctx) {
    if (SEARCH_REQUEST.test(ctx.sf.text)) ctx.facts.searchRequests = true;
  },
};

export const searchDatastores: Extractor = {
  family: "datastores/search",
  modules: MODULES,
  newExpression(node, ctx) {
    if (!ctx.importsAny(MODULES)) return;
    for (const { modules, engine } of CLIENTS) {
      if (!ctx.isMemberOf(node.expression, modules, "Client")) continue;
      const options = objectLiteralOf(node.arguments?.[0], ctx);
      const fact = options && searchConnection(engine, ctx.importOf(node.expression)!.specifier, options, ctx);
      if (fact) push(ctx, node, onlyHealthChecked(ctx.sf.text) ? { ...fact, healthCheck: true } : fact);
      return;
    }
  },
};
