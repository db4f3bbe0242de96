import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";
import type { Extractor } from "./extractor.js";
import { propertyNamed, withoutAssertions } from "./context.js";
import { objectOf, proxyHandlerId, throughLocals } from "./proxies/common.js";
import { useFactoryOf } from "./messaging/nest-transport.js";
import { appMadeAt, ownerMadeAt, pushRoute, resolveOwner, routePath, type Owner } from "./routes.js";

/**
 * Apollo Server's GraphQL endpoint as an HTTP route: one `POST` that serves every query, or, for a federation gateway
 * (`new ApolloServer({ gateway })`), forwards their parts to the subgraphs (proxies/apollo-gateway.ts).
 *
 * - `apollo-server` (2.x, 3.x): `new ApolloServer(options).listen()` serves on its own, at `/`;
 * - `apollo-server-express`/`-koa`: `server.applyMiddleware({ app, path })`, at `/graphql` unless `path` says;
 * - `@apollo/server` (4.x, 5.x): `startStandaloneServer(server)` at `/`, `app.use("/graphql", …, expressMiddleware(server))`;
 * - NestJS: `GraphQLModule.forRoot({ driver, path, gateway })` (or the options `forRootAsync`'s factory returns) at
 *   `/graphql` unless `path` says, outside the app's global prefix and versions as Nest serves it.
 *
 * The route is marked `graphql`: one endpoint whose schema evolves by adding fields, which unversioned-route does not
 * judge. What each query runs is its resolver, a handler of its own (extract/graphql-resolvers.ts, model/graphql.ts).
 */

const STANDALONE = ["apollo-server"];
const INTEGRATIONS = ["apollo-server-express", "apollo-server-koa", "apollo-server-fastify", "apollo-server-hapi"];
const SERVER_V4 = ["@apollo/server"];
const SERVER_MODULES = [...STANDALONE, ...INTEGRATIONS, ...SERVER_V4];
const START_STANDALONE = ["@apollo/server/standalone"];
const EXPRESS_MIDDLEWARE = ["@apollo/server/express4", "@as-integrations/express5"];
const GATEWAY = ["@apollo/gateway"];
const NEST_GRAPHQL = ["@nestjs/graphql"];
/** typegraphql-nestjs: TypeGraphQL's schema served by Nest's GraphQL driver, with the same options. */
const NEST_TYPEGRAPHQL = ["typegraphql-nestjs"];
/** Express middleware that serves a graphql-js schema: express-graphql's `graphqlHTTP({ schema })`, graphql-http's `createHandler({ schema })`. */
const HTTP_HANDLERS: readonly { modules: readonly string[]; names: readonly string[] }[] = [
  { modules: ["express-graphql"], names: ["graphqlHTTP", "default"] },
  { modules: ["graphql-http/lib/use/express", "graphql-http/lib/use/http"], names: ["createHandler"] },
];
const HTTP_HANDLER_MODULES = HTTP_HANDLERS.flatMap((h) => h.modules);

export const graphqlEndpoints: Extractor = {
  family: "graphql-endpoints",
  modules: [...SERVER_MODULES, ...START_STANDALONE, ...EXPRESS_MIDDLEWARE, ...NEST_GRAPHQL, ...NEST_TYPEGRAPHQL, ...HTTP_HANDLER_MODULES],
  callProperties: ["applyMiddleware", "use", "forRoot", "forRootAsync"],
  callIdentifiers: true,
  factory(expr, ctx) {
    return ts.isNewExpression(expr) && isApolloServer(expr, ctx) ? { kind: "app", framework: "graphql" } : undefined;
  },
  newExpression(node, ctx) {
    if (!ctx.isMemberOf(node.expression, STANDALONE, "ApolloServer")) return;
    pushEndpoint(ctx, node, ownerMadeAt(node, ctx, "graphql", "graphql"), "/", serverOptions(node, ctx));
  },
  call(node, ctx) {
    const callee = node.expression;
    if (ts.isIdentifier(callee) && ctx.isImportFrom(callee, START_STANDALONE, ["startStandaloneServer"])) {
      const made = serverNew(node.arguments[0], ctx);
      if (made) pushEndpoint(ctx, node, standaloneOwner(node.arguments[0]!, made, ctx), "/", serverOptions(made, ctx));
      return;
    }
    if (!ts.isPropertyAccessExpression(callee)) return;
    if (callee.name.text === "forRoot" || callee.name.text === "forRootAsync") {
      if (ctx.isImportFrom(callee.expression, NEST_GRAPHQL, ["GraphQLModule"]) || ctx.isImportFrom(callee.expression, NEST_TYPEGRAPHQL, ["TypeGraphQLModule"])) {
        nestEndpoint(node, callee.name.text === "forRootAsync", ctx);
      }
      return;
    }
    if (callee.name.text === "applyMiddleware") {
      const made = serverNew(callee.expression, ctx);
      const options = objectOf(node.arguments[0], ctx);
      const app = options && propertyNamed(options, "app");
      const owner = app && resolveOwner(app, ctx);
      if (!made || !owner) return;
      const path = propertyNamed(options, "path");
      pushEndpoint(ctx, node, owner, (path && routePath(path, ctx)) ?? "/graphql", serverOptions(made, ctx));
      return;
    }
    // app.use("/graphql", graphqlHTTP({ schema, graphiql: true })): a graphql-js schema served by express-graphql or graphql-http.
    const handler = node.arguments.find((arg) => isHttpHandler(arg, ctx));
    if (handler) {
      const owner = resolveOwner(callee.expression, ctx);
      const first = node.arguments[0];
      if (owner) pushEndpoint(ctx, node, owner, first && first !== handler && ts.isStringLiteralLike(withoutAssertions(first)) ? (routePath(first, ctx) ?? "/") : "/", undefined);
      return;
    }
    // app.use("/graphql", cors(), express.json(), expressMiddleware(server))
    const middleware = node.arguments.find((arg) => ts.isCallExpression(arg) && ts.isIdentifier(arg.expression) && ctx.isImportFrom(arg.expression, EXPRESS_MIDDLEWARE, ["expressMiddleware"])) as ts.CallExpression | undefined;
    const made = middleware && serverNew(middleware.arguments[0], ctx);
    const owner = made && resolveOwner(callee.expression, ctx);
    if (!made || !owner) return;
    const first = node.arguments[0];
    const path = first && first !== middleware && ts.isStringLiteralLike(withoutAssertions(first)) ? (routePath(first, ctx) ?? "/") : "/";
    pushEndpoint(ctx, node, owner, path, serverOptions(made, ctx));
  },
};

/**
 * `GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, path })`, a federation gateway's
 * `{ driver: ApolloGatewayDriver, gateway: { supergraphSdl: new IntrospectAndCompose({ subgraphs }) } }`, or the
 * options `forRootAsync({ useFactory: () => ({ … }) })` returns. Nest serves it outside the app's global prefix.
 */
function nestEndpoint(node: ts.CallExpression, async: boolean, ctx: ExtractContext): void {
  let options = objectOf(node.arguments[0], ctx);
  if (async) {
    // `useFactory: () => ({ … })`, `useFactory(config) { return { … }; }`.
    const made = options && useFactoryOf(options);
    options = made && ts.isObjectLiteralExpression(made) ? made : undefined;
  }
  // The gateway driver takes its server's options under `server`.
  const server = options && objectOf(propertyNamed(options, "server"), ctx);
  const path = (options && propertyNamed(options, "path")) ?? (server && propertyNamed(server, "path"));
  const { line, column } = ctx.loc(node);
  const owner: Owner = { id: `nest-graphql@L${line}C${column}`, framework: "nest", known: true };
  pushEndpoint(ctx, node, owner, (path && routePath(path, ctx)) ?? "/graphql", options, "nest");
}

function isHttpHandler(arg: ts.Expression, ctx: ExtractContext): boolean {
  return ts.isCallExpression(arg) && ts.isIdentifier(arg.expression) && HTTP_HANDLERS.some(({ modules, names }) => ctx.isImportFrom(arg.expression as ts.Identifier, modules, names));
}

function serverOptions(server: ts.NewExpression, ctx: ExtractContext): ts.ObjectLiteralExpression | undefined {
  return objectOf(server.arguments?.[0], ctx);
}

function isApolloServer(node: ts.NewExpression, ctx: ExtractContext): boolean {
  return ctx.isMemberOf(node.expression, SERVER_MODULES, "ApolloServer");
}

/** The `new ApolloServer(...)` an expression is, or a local constant of the file holds. */
function serverNew(expr: ts.Expression | undefined, ctx: ExtractContext): ts.NewExpression | undefined {
  const value = throughLocals(expr, ctx);
  return value && ts.isNewExpression(value) && isApolloServer(value, ctx) ? value : undefined;
}

/** `POST <path>` on the owner, marked graphql; a gateway's endpoint is handled by its forward to the subgraphs. */
export function pushEndpoint(ctx: ExtractContext, at: ts.Node, owner: Owner, path: string, options: ts.ObjectLiteralExpression | undefined, framework?: "nest"): void {
  const routes = ctx.facts.routes;
  const count = routes.length;
  pushRoute(ctx, at, owner, framework ?? owner.framework ?? "graphql", "post", path, undefined);
  if (routes.length === count) return;
  const route = routes[routes.length - 1]!;
  route.graphql = true;
  const gateway = options && gatewayOf(propertyNamed(options, "gateway"), ctx);
  if (gateway) route.handler = proxyHandlerId(gateway, ctx);
}

/** `new ApolloGateway(...)` (here or in a local constant), or NestJS's gateway options `{ supergraphSdl: new IntrospectAndCompose(...) }`. */
function gatewayOf(expr: ts.Expression | undefined, ctx: ExtractContext): ts.NewExpression | undefined {
  const value = throughLocals(expr, ctx);
  if (value && ts.isNewExpression(value)) return ctx.isMemberOf(value.expression, GATEWAY, "ApolloGateway") ? value : undefined;
  const sdl = value && ts.isObjectLiteralExpression(value) ? throughLocals(propertyNamed(value, "supergraphSdl"), ctx) : undefined;
  return sdl && ts.isNewExpression(sdl) && ctx.isMemberOf(sdl.expression, GATEWAY, "IntrospectAndCompose") ? sdl : undefined;
}

/** startStandaloneServer(server): the app the server's variable is, else one of its own at the `new ApolloServer`. */
function standaloneOwner(expr: ts.Expression, made: ts.NewExpression, ctx: ExtractContext): Owner {
  return (ts.isIdentifier(expr) ? resolveOwner(expr, ctx) : undefined) ?? appMadeAt(made, ctx, "graphql", "graphql");
}
