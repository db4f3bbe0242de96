import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { propertyNamed } from "./context.js";

/**
 * An Apollo federation gateway's subgraphs: `new ApolloGateway({ serviceList: [{ name, url }] })` and
 * `new IntrospectAndCompose({ subgraphs: [{ name, url }] })`. The gateway sends each subgraph the parts of every query
 * it plans (POST to its URL): a call to that service, made by the gateway, with the address as written. Only in files
 * that import @apollo/gateway.
 */

const LISTS: Readonly<Record<string, string>> = { ApolloGateway: "serviceList", IntrospectAndCompose: "subgraphs" };

export const apolloGateway: Extractor = {
  family: "apollo-gateway",
  modules: ["@apollo/gateway"],
  newExpression(node, ctx) {
    if (!ts.isIdentifier(node.expression)) return;
    const imported = ctx.importOf(node.expression);
    const list = imported?.specifier === "@apollo/gateway" ? LISTS[imported.imported] : undefined;
    const options = node.arguments?.[0];
    if (!list || !options || !ts.isObjectLiteralExpression(options)) return;
    const subgraphs = propertyNamed(options, list);
    if (subgraphs && ts.isArrayLiteralExpression(subgraphs)) for (const subgraph of subgraphs.elements) push(subgraph, ctx);
  },
};

function push(subgraph: ts.Expression, ctx: ExtractContext): void {
  const url = ts.isObjectLiteralExpression(subgraph) ? propertyNamed(subgraph, "url") : undefined;
  if (!url) return;
  const inFunction = ctx.currentFunction();
  ctx.facts.calls.push({ client: "fetch", method: "POST", url: ctx.value(url), ...(inFunction ? { inFunction } : {}), awaited: false, parallel: false, location: ctx.loc(subgraph) });
}
