import { ts } from "../../ts.js";
import type { ExtractContext } from "../context.js";
import type { Extractor } from "../extractor.js";
import { propertyNamed } from "../context.js";
import { objectOf, proxyHandlerId, pushProxyCall, throughLocals } from "./common.js";

/**
 * Apollo Federation's gateway: `new ApolloGateway({ serviceList: [{ name, url }] })` (gateway 0.x) and
 * `new IntrospectAndCompose({ subgraphs: [{ name, url }] })` (gateway 2, also inside NestJS's
 * `GraphQLModule.forRoot({ driver: ApolloGatewayDriver, gateway: { supergraphSdl: new IntrospectAndCompose(...) } })`)
 * send each query's parts on to the subgraph services at those URLs: the gateway forwards requests to each of them, as
 * an HTTP proxy does (a call of client "proxy" per subgraph, made where the gateway is configured). A list that is not
 * written out (read from a file or the environment at run time) leaves the gateway's upstreams unread, which
 * model/understood.ts says in a diagnostic.
 */

const MODULES = ["@apollo/gateway"];

/** The class, and the option that holds its list of subgraphs. */
const LISTS: readonly (readonly [string, string])[] = [
  ["ApolloGateway", "serviceList"],
  ["IntrospectAndCompose", "subgraphs"],
];

export const apolloGateway: Extractor = {
  family: "apollo-gateway",
  modules: MODULES,
  newExpression(node, ctx) {
    const list = LISTS.find(([name]) => ctx.isMemberOf(node.expression, MODULES, name));
    if (!list) return;
    const options = objectOf(node.arguments?.[0], ctx);
    const entries = options && arrayOf(propertyNamed(options, list[1]), ctx);
    if (!entries) return;
    // The function the gateway's endpoint runs (extract/graphql-endpoints.ts): one per ApolloGateway, which an
    // IntrospectAndCompose inside its options belongs to.
    const gateway = list[0] === "ApolloGateway" ? node : enclosingGateway(ctx) ?? node;
    const inFunction = proxyHandlerId(gateway, ctx);
    for (const element of entries.elements) {
      const entry = objectOf(element, ctx);
      const url = entry && propertyNamed(entry, "url");
      if (!url) continue;
      pushProxyCall(ctx, entry, ctx.value(url), { library: "@apollo/gateway" }, inFunction);
    }
  },
};

/** An array written in place or in a local constant of the file (`const subgraphs = [...]`). */
function arrayOf(expr: ts.Expression | undefined, ctx: ExtractContext): ts.ArrayLiteralExpression | undefined {
  const value = throughLocals(expr, ctx);
  return value && ts.isArrayLiteralExpression(value) ? value : undefined;
}

function enclosingGateway(ctx: ExtractContext): ts.NewExpression | undefined {
  for (let index = ctx.stack.length - 2; index >= 0; index--) {
    const node = ctx.stack[index]!;
    if (ts.isNewExpression(node) && ctx.isMemberOf(node.expression, MODULES, "ApolloGateway")) return node;
  }
  return undefined;
}
