import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { propertyNamed } from "./context.js";

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
    const resolver = decorators(node, ctx).find((d) => d.name === "Resolver");
    if (!resolver) return;
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.body) continue;
      const operation = decorators(member, ctx).find((d) => OPERATION_TYPES.has(d.name) || d.name === "ResolveField");
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

/** `@Resolver(() => Order)`, `@Resolver(of => Order)`, `@Resolver(Order)`: the type's name. */
function resolvedType(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0];
  const body = first && (ts.isArrowFunction(first) ? first.body : first);
  return body && ts.isIdentifier(body) ? body.text : undefined;
}
