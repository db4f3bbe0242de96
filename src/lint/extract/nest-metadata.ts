import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";
import { staticText } from "./context.js";

/**
 * NestJS route metadata and the guards that read it: `@Public()` (a decorator of the project made with
 * `SetMetadata(IS_PUBLIC_KEY, true)`) and a guard whose `canActivate` starts with
 * `if (this.reflector.getAllAndOverride(IS_PUBLIC_KEY, [...])) return true;` runs nothing more on that route, so the
 * calls it makes after that line are not made for it. A metadata key is named by its literal value when the file
 * knows it and by the expression's text (`IS_PUBLIC_KEY`) either way, so both sides match across files.
 */

const REFLECTOR_READS = new Set(["get", "getAllAndOverride", "getAllAndMerge", "getAll"]);

/** Nest's own decorators never mark a route for a guard of the project (SetMetadata is read for its key). */
const NEST_PACKAGES = /^@nestjs\//;

/** The names a metadata key goes by: its literal value when known, and the text written (`IS_PUBLIC_KEY`, `Keys.PUBLIC`). */
export function metadataKeyNames(expr: ts.Expression | undefined, ctx: ExtractContext): string[] {
  if (!expr) return [];
  const names: string[] = [];
  const literal = staticText(ctx.value(expr));
  if (literal) names.push(literal);
  if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) names.push(expr.getText(ctx.sf));
  return names;
}

/** `SetMetadata(key, value)` imported from @nestjs/common: the key's names, none when the value is the literal `false`. */
function setMetadataKeys(expr: ts.Expression, ctx: ExtractContext): string[] | undefined {
  if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || !ctx.isImportFrom(expr.expression, ["@nestjs/common"], ["SetMetadata"])) return undefined;
  return expr.arguments[1]?.kind === ts.SyntaxKind.FalseKeyword ? [] : metadataKeyNames(expr.arguments[0], ctx);
}

/**
 * What a route's decorator marks it with, for the guards that read metadata: a project decorator by its name
 * (`@Public()`, `@Authorization(true)`; none when its only argument is `false`), `@SetMetadata("secured", true)` by
 * its key. Nest's other decorators mark nothing.
 */
export function routeMarks(decorators: readonly { callee: ts.Identifier; args: readonly ts.Expression[]; node: ts.Decorator }[], ctx: ExtractContext): string[] {
  const marks: string[] = [];
  for (const { callee, args, node } of decorators) {
    const direct = setMetadataKeys(node.expression, ctx);
    if (direct) {
      marks.push(...direct);
      continue;
    }
    const imported = ctx.imports.get(callee.text);
    if (imported && NEST_PACKAGES.test(imported.specifier)) continue;
    if (args.length === 1 && args[0]!.kind === ts.SyntaxKind.FalseKeyword) continue;
    marks.push(imported && imported.imported !== "default" && imported.imported !== "*" ? imported.imported : callee.text);
  }
  return marks;
}

/**
 * The project's metadata decorators this file exports: `export const Public = () => SetMetadata(KEY, true)`,
 * `export function Roles(...r) { return SetMetadata("roles", r) }`, `export const Admin = SetMetadata("admin", true)`,
 * also inside `applyDecorators(...)`. Name → the key's names.
 */
export function metadataDecorators(ctx: ExtractContext): Record<string, string[]> | undefined {
  if (!ctx.imports.has("SetMetadata")) return undefined;
  let found: Record<string, string[]> | undefined;
  const record = (name: string, body: ts.Node | undefined) => {
    const keys = body ? keysIn(body, ctx) : [];
    if (keys.length) (found ??= {})[name] = keys;
  };
  for (const statement of ctx.sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) record(statement.name.text, statement.body);
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) record(declaration.name.text, declaration.initializer);
    }
  }
  return found;
}

/** The keys of the SetMetadata calls a decorator's definition returns (directly, or among applyDecorators' arguments). */
function keysIn(node: ts.Node, ctx: ExtractContext, depth = 0): string[] {
  if (depth > 6) return [];
  if (ts.isExpression(node)) {
    const keys = setMetadataKeys(node, ctx);
    if (keys) return keys;
  }
  const keys: string[] = [];
  node.forEachChild((child) => {
    if (ts.isArrowFunction(child) || ts.isFunctionExpression(child) || ts.isBlock(child) || ts.isReturnStatement(child) || ts.isCallExpression(child) || ts.isParenthesizedExpression(child)) keys.push(...keysIn(child, ctx, depth + 1));
  });
  return keys;
}

/**
 * The metadata gate a guard's `canActivate` opens with: `const isPublic = this.reflector.getAllAndOverride(KEY, …);
 * if (isPublic) return true;` (skips routes marked with KEY) or `if (!secured) return true;` (skips routes not marked).
 * Only when nothing before it awaits: a call made before the gate is made on every route.
 */
export function guardGate(method: ts.MethodDeclaration, ctx: ExtractContext): { keys: string[]; skipWhenSet: boolean } | undefined {
  const reads = new Map<string, string[]>();
  for (const statement of method.body?.statements ?? []) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const keys = declaration.initializer && reflectorKeys(declaration.initializer, ctx);
        if (keys && ts.isIdentifier(declaration.name)) reads.set(declaration.name.text, keys);
        else if (declaration.initializer && awaits(declaration.initializer)) return undefined;
      }
      continue;
    }
    if (!ts.isIfStatement(statement)) return undefined;
    if (!returnsTrue(statement.thenStatement)) return undefined;
    let condition = unwrapParens(statement.expression);
    let negated = false;
    if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken) {
      negated = true;
      condition = unwrapParens(condition.operand);
    }
    const keys = ts.isIdentifier(condition) ? reads.get(condition.text) : reflectorKeys(condition, ctx);
    return keys?.length ? { keys, skipWhenSet: !negated } : undefined;
  }
  return undefined;
}

/** `this.reflector.get(KEY, context.getHandler())` and its siblings (also with type arguments): the key's names. */
function reflectorKeys(expr: ts.Expression, ctx: ExtractContext): string[] | undefined {
  const call = unwrapParens(expr);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || !REFLECTOR_READS.has(call.expression.name.text)) return undefined;
  const receiver = call.expression.expression;
  if (!ts.isPropertyAccessExpression(receiver) || receiver.expression.kind !== ts.SyntaxKind.ThisKeyword || !/reflector/i.test(receiver.name.text)) return undefined;
  return metadataKeyNames(call.arguments[0], ctx);
}

function returnsTrue(statement: ts.Statement): boolean {
  const only = ts.isBlock(statement) ? (statement.statements.length === 1 ? statement.statements[0] : undefined) : statement;
  return !!only && ts.isReturnStatement(only) && only.expression?.kind === ts.SyntaxKind.TrueKeyword;
}

function awaits(node: ts.Node): boolean {
  if (ts.isAwaitExpression(node)) return true;
  return !!node.forEachChild((child) => (awaits(child) ? true : undefined));
}

function unwrapParens(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return current;
}
