import { ts } from "../ts.js";
import { propertyNamed } from "./context.js";
import type { Extractor } from "./extractor.js";
import { pushEndpoint } from "./graphql-endpoints.js";
import { objectOf } from "./proxies/common.js";
import { resolveOwner, routePath } from "./routes.js";

/**
 * Apollo Server 2.x/3.x's integration applied to an app by a file that only imports the server from a module of its
 * own (`const apollo = require("./data/apollo-server")`, which exports `new ApolloServer(…)`), then
 * `apollo.applyMiddleware({ app })`: the file names no Apollo package, so graphql-endpoints.ts is not asked about it.
 * `applyMiddleware` with an `app` option that is one of the file's apps is Apollo's call alone: the endpoint is served
 * at `/graphql` unless `path` says. (Whether the server is a federation gateway is in the other module: not read.)
 */
export const graphqlImportedServers: Extractor = {
  family: "graphql-imported-servers",
  callProperties: ["applyMiddleware"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "applyMiddleware" || !ts.isIdentifier(callee.expression)) return;
    const server = ctx.imports.get(callee.expression.text);
    if (!server || !server.specifier.startsWith(".") || ctx.lookupObject(callee.expression.text)) return;
    const options = objectOf(node.arguments[0], ctx);
    const app = options && propertyNamed(options, "app");
    const owner = app && resolveOwner(app, ctx);
    if (!owner) return;
    const path = propertyNamed(options, "path");
    pushEndpoint(ctx, node, owner, (path && routePath(path, ctx)) ?? "/graphql", undefined);
  },
};
