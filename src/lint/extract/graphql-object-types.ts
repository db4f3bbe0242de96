import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { propertyNamed, staticText, withoutAssertions, type ExtractContext } from "./context.js";

/**
 * A schema written in code with graphql-js: `new GraphQLObjectType({ name: "Book", fields: () => ({ author: { type,
 * resolve: async (book) => … } }) })`. Each field's `resolve` function handles part of a request, as a resolver map's
 * function does (extract/graphql-resolvers.ts): recorded under the type's name, for the model to keep in services that
 * serve a GraphQL schema (model/graphql.ts). `fields` written as an object, or as a function returning one (an arrow
 * with an object body, or a `return { … }`); a type whose name is not written out is named by its variable, else left
 * out. Subscriptions are left out, as there.
 */
export const graphqlObjectTypes: Extractor = {
  family: "graphql-object-types",
  modules: ["graphql"],
  newExpression(node, ctx) {
    if (!ctx.isMemberOf(node.expression, ["graphql"], "GraphQLObjectType")) return;
    const config = node.arguments?.[0] && withoutAssertions(node.arguments[0]);
    if (!config || !ts.isObjectLiteralExpression(config)) return;
    const name = propertyNamed(config, "name");
    const type = name ? staticText(ctx.value(name)) : undefined;
    if (!type || type === "Subscription") return;
    const fields = fieldsObject(propertyNamed(config, "fields"));
    if (!fields) return;
    for (const field of fields.properties) {
      const key = field.name && (ts.isIdentifier(field.name) || ts.isStringLiteral(field.name)) ? field.name.text : undefined;
      const spec = ts.isPropertyAssignment(field) ? withoutAssertions(field.initializer) : undefined;
      if (!key || !spec || !ts.isObjectLiteralExpression(spec)) continue;
      const resolve = resolverOf(spec);
      if (resolve) (ctx.facts.graphqlResolvers ??= []).push({ type, field: key, at: ctx.functionLoc(resolve) });
    }
  },
};

/** `fields: { … }`, `fields: () => ({ … })`, `fields() { return { … }; }` or `fields: function () { return { … }; }`. */
function fieldsObject(expr: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  const value = expr && withoutAssertions(expr);
  if (!value) return undefined;
  if (ts.isObjectLiteralExpression(value)) return value;
  if (!ts.isArrowFunction(value) && !ts.isFunctionExpression(value)) return undefined;
  if (!ts.isBlock(value.body)) return fieldsObject(value.body);
  for (const statement of value.body.statements) if (ts.isReturnStatement(statement)) return fieldsObject(statement.expression);
  return undefined;
}

/** The field's `resolve`: an arrow, a function expression or a method. */
function resolverOf(spec: ts.ObjectLiteralExpression): ts.Node | undefined {
  for (const prop of spec.properties) {
    const key = prop.name && ts.isIdentifier(prop.name) ? prop.name.text : undefined;
    if (key !== "resolve") continue;
    if (ts.isMethodDeclaration(prop)) return prop;
    const value = ts.isPropertyAssignment(prop) ? withoutAssertions(prop.initializer) : undefined;
    if (value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) return value;
  }
  return undefined;
}
