import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { propertyNamed } from "./context.js";
import { decoratorCallsFrom } from "./decorator-calls.js";

/**
 * GraphQL resolver classes (NestJS `@nestjs/graphql`, TypeGraphQL): in a `@Resolver()` class, each method decorated
 * `@Query()` or `@Mutation()` from one of those modules resolves a field (its `name` option, else the method's name)
 * and handles a request of its own, as a controller's route method does (model/graphql.ts); a `@ResolveField()` method
 * resolves a field of the type the class resolves, part of the request whose answer holds it.
 */

const MODULES = ["@nestjs/graphql", "type-graphql"] as const;
const OPERATION_TYPES = new Set(["Query", "Mutation"]);

export const graphqlResolverClasses: Extractor = {
  family: "graphql-resolver-classes",
  modules: MODULES,
  classDeclaration(node, ctx) {
    const resolver = decoratorCallsFrom(node, ctx, MODULES).find((d) => d.name === "Resolver");
    if (!resolver) return;
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.body) continue;
      const operation = decoratorCallsFrom(member, ctx, MODULES).find((d) => OPERATION_TYPES.has(d.name) || d.name === "ResolveField");
      if (!operation) continue;
      const named = operation.call.arguments.find(ts.isObjectLiteralExpression);
      const option = named && propertyNamed(named, "name");
      const field = option && ts.isStringLiteralLike(option) ? option.text : member.name && ts.isIdentifier(member.name) ? member.name.text : undefined;
      // A @ResolveField's type is the one its class resolves (`@Resolver(() => Order)`), else the class's own name.
      const type = operation.name === "ResolveField" ? (resolvedType(resolver.call) ?? node.name?.text) : operation.name;
      if (field && type) (ctx.facts.graphqlResolvers ??= []).push({ type, field, at: ctx.functionLoc(member) });
    }
  },
};

/** `@Resolver(() => Order)`, `@Resolver(of => Order)`, `@Resolver(Order)`: the type's name. */
function resolvedType(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0];
  const body = first && (ts.isArrowFunction(first) ? first.body : first);
  return body && ts.isIdentifier(body) ? body.text : undefined;
}
