import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { withoutAssertions } from "./context.js";

/**
 * GraphQL resolver maps: `const resolvers = { Query: { user: async (_, { id }) => … }, Mutation: { … }, Order: { … } }`,
 * the object an Apollo, Yoga or graphql-tools server is given (often from another file, `require("./graphql/resolver")`).
 * Each field a function resolves (a query's, a mutation's, an object type's that a query's answer runs) handles part of a
 * request, as a route's handler does. Read from the
 * file's top-level declarations and exports only, and only in a file whose text names `Query:` or `Mutation:`; the model
 * keeps them for services that load a GraphQL server (model/graphql.ts). Subscriptions are left out: a stream, not a
 * request answered once.
 */

const OPERATION_TYPES = new Set(["Query", "Mutation"]);
/** A stream, not a request answered once; and the members of a map that are no object type's fields. */
const NOT_FIELDS = new Set(["Subscription"]);
/** `Query:` written out, or a member by shorthand (`{ Query, Mutation }` of imported objects). */
const HINT = /\b(?:Query|Mutation)\s*[:,}]/;

export const graphqlResolvers: Extractor = {
  family: "graphql-resolvers",
  fileEnd(ctx) {
    const text = ctx.sf.text;
    if ((!text.includes("Query") && !text.includes("Mutation")) || !HINT.test(text)) return;
    const topLevel = topLevelObjects(ctx.sf);
    const functions = topLevelFunctions(ctx.sf);
    for (const map of resolverMaps(ctx.sf, topLevel)) {
      for (const property of map.properties) {
        // Each member of the map whose value is an object of functions: Query, Mutation, and the object types' fields.
        const type = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
        if (!type || NOT_FIELDS.has(type) || !/^[A-Z]/.test(type)) continue;
        const fields = ts.isPropertyAssignment(property) ? objectOf(property.initializer, topLevel) : ts.isShorthandPropertyAssignment(property) ? topLevel.get(property.name.text) : undefined;
        if (fields) push(ctx, type, fields, functions);
        else {
          // `{ Query, Mutation }` of `import * as Query from "./Query"` (a folder whose index re-exports one resolver per
          // file) or of an object another module exports: its functions are the type's fields, read in the model.
          const holder = ts.isShorthandPropertyAssignment(property) ? property.name : ts.isPropertyAssignment(property) ? withoutAssertions(property.initializer) : undefined;
          if (holder && ts.isIdentifier(holder) && ctx.imports.has(holder.text)) (ctx.facts.graphqlResolvers ??= []).push({ type, field: "*", holder: holder.text, at: ctx.loc(property) });
        }
      }
    }
  },
};

function push(ctx: ExtractContext, type: string, fields: ts.ObjectLiteralExpression, functions: ReadonlyMap<string, ts.Node>): void {
  for (const field of fields.properties) {
    const name = field.name && (ts.isIdentifier(field.name) || ts.isStringLiteral(field.name)) ? field.name.text : undefined;
    const fn = ts.isMethodDeclaration(field)
      ? field
      : ts.isPropertyAssignment(field) && (ts.isArrowFunction(field.initializer) || ts.isFunctionExpression(field.initializer))
        ? field.initializer
        : // Query: { order: loadOrder } or { loadOrder }: a function the file declares at its top level, by name.
          ts.isPropertyAssignment(field) && ts.isIdentifier(field.initializer)
          ? functions.get(field.initializer.text)
          : ts.isShorthandPropertyAssignment(field)
            ? functions.get(field.name.text)
            : undefined;
    if (name && fn) (ctx.facts.graphqlResolvers ??= []).push({ type, field: name, at: ctx.functionLoc(fn) });
    else {
      // Query: { order: loadOrder } or { loadOrder } of a function another module exports: resolved in the model.
      const named = ts.isPropertyAssignment(field) ? withoutAssertions(field.initializer) : ts.isShorthandPropertyAssignment(field) ? field.name : undefined;
      if (name && named && ts.isIdentifier(named) && ctx.imports.has(named.text)) (ctx.facts.graphqlResolvers ??= []).push({ type, field: name, ref: named.text, at: ctx.loc(field) });
    }
  }
}

/** Top-level `function f() {}` and `const f = () => …` of the file, by name. */
function topLevelFunctions(sf: ts.SourceFile): Map<string, ts.Node> {
  const functions = new Map<string, ts.Node>();
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) functions.set(statement.name.text, statement);
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const value = declaration.initializer && withoutAssertions(declaration.initializer);
      if (ts.isIdentifier(declaration.name) && value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) functions.set(declaration.name.text, value);
    }
  }
  return functions;
}

/** Top-level `const x = { … }` of the file, by name: a map's operation types may be declared apart (`const Query = { … }`). */
function topLevelObjects(sf: ts.SourceFile): Map<string, ts.ObjectLiteralExpression> {
  const objects = new Map<string, ts.ObjectLiteralExpression>();
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const value = declaration.initializer && withoutAssertions(declaration.initializer);
      if (ts.isIdentifier(declaration.name) && value && ts.isObjectLiteralExpression(value)) objects.set(declaration.name.text, value);
    }
  }
  return objects;
}

/** Object literals the file declares or exports at its top level that have a Query or Mutation member. */
function resolverMaps(sf: ts.SourceFile, topLevel: ReadonlyMap<string, ts.ObjectLiteralExpression>): ts.ObjectLiteralExpression[] {
  const candidates: ts.ObjectLiteralExpression[] = [...topLevel.values()];
  for (const statement of sf.statements) {
    // module.exports = { … }, exports.resolvers = { … }, export default { … }
    const value = ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken ? statement.expression.right : ts.isExportAssignment(statement) ? statement.expression : undefined;
    const object = value && objectOf(value, topLevel);
    if (object) candidates.push(object);
  }
  return [...new Set(candidates)].filter((object) => object.properties.some((p) => p.name && ts.isIdentifier(p.name) && OPERATION_TYPES.has(p.name.text)));
}

function objectOf(expr: ts.Expression, topLevel: ReadonlyMap<string, ts.ObjectLiteralExpression>): ts.ObjectLiteralExpression | undefined {
  const value = withoutAssertions(expr);
  if (ts.isObjectLiteralExpression(value)) return value;
  return ts.isIdentifier(value) ? topLevel.get(value.text) : undefined;
}
