import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { propertyNamed, unknownValue, type ExtractContext } from "./context.js";
import { push } from "./http-clients.js";

/**
 * Queries sent to another service's GraphQL endpoint with graphql-request: an HTTP POST the caller waits for, as any
 * other synchronous call.
 *
 * - `new GraphQLClient(url, options)`, then `client.request(document, variables)` (also `rawRequest`, `batchRequests`,
 *   and the object form `client.request({ document, variables, signal })`): a call to `url`;
 * - `request(url, document, variables)` and `rawRequest(url, …)` (also `request({ url, document })`): a call to `url`;
 * - a client a class is handed in its constructor and keeps, typed with the library's class
 *   (`constructor(private readonly gql: GraphQLClient)`, then `this.gql.request(query)`): the instance is made
 *   elsewhere in the service (`new GraphQLClient(config.inventoryUrl)` in its entry), so the model gives the call the
 *   URL of the service's one `GraphQLClient` (model/calls.ts), and says so when there are several.
 *
 * A `signal` in the call's options is its timeout, as for fetch. Only files that import graphql-request are read (the
 * extractor stays out of every other file's walk): a client exported by one module and used by another that does not
 * import the library is not followed.
 */

const GRAPHQL_REQUEST = ["graphql-request"];
const INSTANCE_METHODS = new Set(["request", "rawRequest", "batchRequests"]);

export const graphqlClients: Extractor = {
  family: "graphql-clients",
  modules: GRAPHQL_REQUEST,
  callProperties: [...INSTANCE_METHODS],
  callIdentifiers: true,
  factory(expr, ctx) {
    if (!ts.isNewExpression(expr) || !ctx.isMemberOf(expr.expression, GRAPHQL_REQUEST, "GraphQLClient")) return undefined;
    const url = expr.arguments?.[0];
    return { kind: "client", client: "graphql", base: url ? ctx.value(url) : unknownValue("GraphQLClient endpoint") };
  },
  newExpression(node, ctx) {
    // `new Places(new GraphQLClient(url))`: an instance made where it is handed over is bound to no name, so the walker
    // records no client for it; the model looks for the instances a service makes (model/typed-clients.ts).
    if (!ctx.isMemberOf(node.expression, GRAPHQL_REQUEST, "GraphQLClient") || boundHere(node, ctx.stack)) return;
    const url = node.arguments?.[0];
    ctx.facts.clients[`new GraphQLClient@${node.getStart(ctx.sf)}`] = { client: "graphql", base: url ? ctx.value(url) : unknownValue("GraphQLClient endpoint") };
  },
  call(node, ctx) {
    const callee = node.expression;
    const first = node.arguments[0];
    if (ts.isIdentifier(callee)) {
      if (!first || !ctx.isImportFrom(callee, GRAPHQL_REQUEST, ["request", "rawRequest", "batchRequests"])) return;
      const url = ts.isObjectLiteralExpression(first) ? propertyNamed(first, "url") : first;
      if (url) push(ctx, node, "graphql", "POST", ctx.value(url));
      return;
    }
    if (!ts.isPropertyAccessExpression(callee) || !INSTANCE_METHODS.has(callee.name.text)) return;
    const receiver = callee.expression;
    const member = ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword ? receiver.name.text : undefined;
    if (!ts.isIdentifier(receiver) && !member) return;
    const bound = ctx.lookupObject(member ? `this.${member}` : (receiver as ts.Identifier).text);
    if (bound?.info?.kind === "client") {
      if (bound.info.client === "graphql") push(ctx, node, "graphql", "POST", bound.info.base ?? unknownValue("GraphQLClient endpoint"));
      return;
    }
    if (member && keptTypedClient(member, ctx)) push(ctx, node, "graphql", "POST", unknownValue(`this.${member}`), { typedClient: true });
  },
};

/** `const c = new GraphQLClient(url)`, `this.c = new GraphQLClient(url)`: bound to a name, recorded by the walker as such. */
function boundHere(node: ts.NewExpression, stack: readonly ts.Node[]): boolean {
  let index = stack.lastIndexOf(node);
  if (index < 0) return false;
  let at: ts.Node = node;
  let parent = stack[index - 1];
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent))) {
    at = parent;
    parent = stack[--index - 1];
  }
  if (!parent) return false;
  return (ts.isVariableDeclaration(parent) && parent.initializer === at) || (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === at) || (ts.isPropertyDeclaration(parent) && parent.initializer === at);
}

/** Whether the enclosing class keeps `member` as a constructor parameter (or field) typed with graphql-request's GraphQLClient. */
function keptTypedClient(member: string, ctx: ExtractContext): boolean {
  const owner = [...ctx.stack].reverse().find((node): node is ts.ClassLikeDeclaration => ts.isClassDeclaration(node) || ts.isClassExpression(node));
  if (!owner) return false;
  for (const m of owner.members) {
    if (ts.isPropertyDeclaration(m) && m.name.getText(ctx.sf) === member) return isClientType(m.type, ctx);
    if (!ts.isConstructorDeclaration(m)) continue;
    for (const param of m.parameters) {
      const kept = param.modifiers?.some((mod) => mod.kind === ts.SyntaxKind.PrivateKeyword || mod.kind === ts.SyntaxKind.PublicKeyword || mod.kind === ts.SyntaxKind.ProtectedKeyword || mod.kind === ts.SyntaxKind.ReadonlyKeyword);
      if (kept && ts.isIdentifier(param.name) && param.name.text === member) return isClientType(param.type, ctx);
    }
  }
  return false;
}

function isClientType(type: ts.TypeNode | undefined, ctx: ExtractContext): boolean {
  if (!type || !ts.isTypeReferenceNode(type)) return false;
  const name = type.typeName;
  if (ts.isIdentifier(name)) return ctx.isImportFrom(name, GRAPHQL_REQUEST, ["GraphQLClient"]);
  return name.right.text === "GraphQLClient" && ts.isIdentifier(name.left) && ctx.isImportFrom(name.left, GRAPHQL_REQUEST, ["default", "*"]);
}
