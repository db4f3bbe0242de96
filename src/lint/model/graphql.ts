import type { FileFacts, GraphqlResolverFact, Location, ModelRoute } from "../types.js";
import type { Ctx } from "./context.js";
import { resolveRef } from "./call-graph.js";
import { resolveExport } from "./resolve.js";

/**
 * The GraphQL resolvers a service serves (extract/graphql-resolvers.ts), as routes `GRAPHQL Query.user` whose handler is
 * the resolver function: a query or mutation is a request its resolver handles, as an HTTP route's handler does. Kept
 * only in a service one of whose files loads a GraphQL server (an object that merely has a `Query` member is no
 * schema), and not among the model's HTTP routes: one `/graphql` endpoint has no path of its own to version.
 */

const GRAPHQL_SERVERS = ["@apollo/server", "apollo-server", "graphql-yoga", "@graphql-tools/schema", "graphql-tools", "mercurius", "express-graphql", "graphql-http", "@apollo/subgraph", "@nestjs/graphql", "type-graphql"];

const isGraphqlServer = (specifier: string) => GRAPHQL_SERVERS.some((name) => specifier === name || specifier.startsWith(`${name}/`) || specifier.startsWith("apollo-server-"));

export function buildResolverRoutes(ctx: Ctx): ModelRoute[] {
  const { facts, fileService } = ctx;
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
      for (const { field, handler, location } of resolverFunctions(ctx, f, resolver)) {
        const path = `${resolver.type}.${field}`;
        routes.push({ id: `${service} GRAPHQL ${path}`, service, framework: "graphql", method: "GRAPHQL", path, handler, location, mountChain: [] });
      }
    }
  }
  return routes;
}

/** The functions one entry of a resolver map names: its own, one imported by name, or each one an imported binding holds. */
function resolverFunctions(ctx: Ctx, f: FileFacts, resolver: GraphqlResolverFact): { field: string; handler: string; location: Location }[] {
  if (resolver.holder === undefined) {
    if (resolver.ref === undefined) {
      const fn = f.functions.find((candidate) => candidate.location.line === resolver.at.line && candidate.location.column === resolver.at.column);
      return fn ? [{ field: resolver.field, handler: `${f.file}#${fn.id}`, location: resolver.at }] : [];
    }
    const handler = resolveRef(ctx, f.file, { name: resolver.ref }, undefined);
    return handler ? [{ field: resolver.field, handler, location: functionLocation(ctx, handler) ?? resolver.at }] : [];
  }
  const out: { field: string; handler: string; location: Location }[] = [];
  for (const field of heldNames(ctx, f, resolver.holder)) {
    const handler = resolveRef(ctx, f.file, { object: resolver.holder, name: field }, undefined);
    if (handler) out.push({ field, handler, location: functionLocation(ctx, handler) ?? resolver.at });
  }
  return out;
}

/**
 * The names an imported binding holds: a namespace's exports (`import * as Query from "./Query"` over an index of
 * `export { default as orders } from "./orders"`), or the members of an object another module exports
 * (`import Order from "./Order"` over `const Order = { customer: … }; export default Order`).
 */
function heldNames(ctx: Ctx, f: FileFacts, local: string): string[] {
  const imported = f.imports.find((i) => i.local === local);
  const target = imported && ctx.resolver.resolve(f.file, imported.specifier);
  const targetFacts = target ? ctx.facts.get(target) : undefined;
  if (!imported || !targetFacts) return [];
  const exported = (file: FileFacts) => [...Object.keys(file.exports), ...file.reexports.map((r) => r.name)].filter((name) => name !== "default" && name !== "*");
  if (imported.imported === "*") return exported(targetFacts);
  const found = resolveExport(ctx.facts, ctx.resolver, target!, imported.imported);
  const holderFacts = found && ctx.facts.get(found.file);
  if (!found || !holderFacts) return [];
  // module.exports = { order, customer }: the module's own exports are the object's members.
  if (found.id === "const:default") return exported(holderFacts);
  const holder = found.id.replace(/^(var|const):/, "");
  const prefix = `fn:${holder}.`;
  return holderFacts.functions.filter((fn) => fn.id.startsWith(prefix) && !fn.id.slice(prefix.length).includes(".")).map((fn) => fn.id.slice(prefix.length));
}

function functionLocation(ctx: Ctx, id: string): Location | undefined {
  const hash = id.indexOf("#");
  return ctx.facts.get(id.slice(0, hash))?.functions.find((fn) => fn.id === id.slice(hash + 1))?.location;
}
