import { ts } from "../ts.js";
import type { GraphqlResolverFact } from "../types.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { propertyNamed } from "./context.js";

/**
 * GraphQL resolver classes (NestJS `@nestjs/graphql`, TypeGraphQL): in a `@Resolver()` class, each method decorated
 * `@Query()` or `@Mutation()` from one of those modules resolves a field (its `name` option, else the method's name)
 * and handles a request of its own, as a controller's route method does (model/graphql.ts).
 */

const MODULES = ["@nestjs/graphql", "type-graphql"] as const;
const OPERATION_TYPES = new Set<GraphqlResolverFact["type"]>(["Query", "Mutation"]);

export const graphqlResolverClasses: Extractor = {
  family: "graphql-resolver-classes",
  modules: MODULES,
  classDeclaration(node, ctx) {
    if (!decorators(node, ctx).some((d) => d.name === "Resolver")) return;
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.body) continue;
      const operation = decorators(member, ctx).find((d) => OPERATION_TYPES.has(d.name as GraphqlResolverFact["type"]));
      if (!operation) continue;
      const named = operation.call.arguments.find(ts.isObjectLiteralExpression);
      const option = named && propertyNamed(named, "name");
      const field = option && ts.isStringLiteralLike(option) ? option.text : member.name && ts.isIdentifier(member.name) ? member.name.text : undefined;
      if (field) (ctx.facts.graphqlResolvers ??= []).push({ type: operation.name as GraphqlResolverFact["type"], field, at: ctx.functionLoc(member) });
    }
  },
};

/** Decorator calls on a node whose name one of the GraphQL modules exports (`@Query(() => Job)`, not @nestjs/common's `@Query()`). */
function decorators(node: ts.Node, ctx: ExtractContext): { name: string; call: ts.CallExpression }[] {
  const found: { name: string; call: ts.CallExpression }[] = [];
  for (const decorator of (ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined) ?? []) {
    const call = decorator.expression;
    if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) continue;
    const imported = ctx.importOf(call.expression);
    if (imported && (MODULES as readonly string[]).includes(imported.specifier)) found.push({ name: imported.imported, call });
  }
  return found;
}
