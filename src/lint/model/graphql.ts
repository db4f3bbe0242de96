import type { FileFacts, ModelRoute } from "../types.js";

/**
 * The GraphQL resolvers a service serves (extract/graphql-resolvers.ts), as routes `GRAPHQL Query.user` whose handler is
 * the resolver function: a query or mutation is a request its resolver handles, as an HTTP route's handler does. Kept
 * only in a service one of whose files loads a GraphQL server (an object that merely has a `Query` member is no
 * schema), and not among the model's HTTP routes: one `/graphql` endpoint has no path of its own to version.
 */

const GRAPHQL_SERVERS = ["@apollo/server", "apollo-server", "graphql-yoga", "@graphql-tools/schema", "graphql-tools", "mercurius", "express-graphql", "graphql-http", "@apollo/subgraph", "@nestjs/graphql", "type-graphql"];

const isGraphqlServer = (specifier: string) => GRAPHQL_SERVERS.some((name) => specifier === name || specifier.startsWith(`${name}/`) || specifier.startsWith("apollo-server-"));

export function buildResolverRoutes(facts: ReadonlyMap<string, FileFacts>, fileService: Readonly<Record<string, string>>): ModelRoute[] {
  const withResolvers = [...facts.values()].filter((f) => f.graphqlResolvers?.length && fileService[f.file] !== undefined);
  if (!withResolvers.length) return [];
  const serving = new Set<string>();
  for (const f of facts.values()) {
    const service = fileService[f.file];
    if (service !== undefined && !serving.has(service) && f.imports.some((i) => isGraphqlServer(i.specifier))) serving.add(service);
  }
  const routes: ModelRoute[] = [];
  for (const f of withResolvers) {
    const service = fileService[f.file]!;
    if (!serving.has(service)) continue;
    for (const resolver of f.graphqlResolvers!) {
      const fn = f.functions.find((candidate) => candidate.location.line === resolver.at.line && candidate.location.column === resolver.at.column);
      if (!fn) continue;
      const path = `${resolver.type}.${resolver.field}`;
      routes.push({ id: `${service} GRAPHQL ${path}`, service, framework: "graphql", method: "GRAPHQL", path, handler: `${f.file}#${fn.id}`, location: resolver.at, mountChain: [] });
    }
  }
  return routes;
}
