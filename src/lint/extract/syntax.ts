import { ts } from "../ts.js";
import { modulePathText } from "./module-paths.js";

/** Small syntax predicates and helpers the walker and extractors share (requires, modifiers, wrappers). */

/** The statements of `(function () { ... }())`, `(function () { ... })()`, `(() => { ... })()` or `!function () { ... }()`. */
export function iifeBody(statement: ts.Node): ts.SourceFile["statements"] | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  let expr: ts.Expression = statement.expression;
  while (ts.isParenthesizedExpression(expr) || ts.isPrefixUnaryExpression(expr)) expr = ts.isParenthesizedExpression(expr) ? expr.expression : expr.operand;
  if (!ts.isCallExpression(expr)) return undefined;
  let callee: ts.Expression = expr.expression;
  // (function () {}).call(this)
  if (ts.isPropertyAccessExpression(callee) && /^(call|apply)$/.test(callee.name.text)) callee = callee.expression;
  while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
  if ((ts.isFunctionExpression(callee) || ts.isArrowFunction(callee)) && ts.isBlock(callee.body)) return callee.body.statements;
  return undefined;
}


/** `require("m")`, or a require of a path built from the file's folder or a global one (extract/module-paths.ts). */
export function isRequire(expr: ts.Expression): expr is ts.CallExpression {
  // escapedText, not the `text` getter: this runs for every variable declaration.
  if (
    expr.kind !== ts.SyntaxKind.CallExpression ||
    (expr as ts.CallExpression).expression.kind !== ts.SyntaxKind.Identifier ||
    ((expr as ts.CallExpression).expression as ts.Identifier).escapedText !== "require" ||
    (expr as ts.CallExpression).arguments.length !== 1
  ) {
    return false;
  }
  const argument = (expr as ts.CallExpression).arguments[0]!;
  return ts.isStringLiteral(argument) || modulePathText(argument) !== undefined;
}

/** The specifier of a call `isRequire` accepts. */
export function requireSpecifier(call: ts.CallExpression): string {
  const argument = call.arguments[0]!;
  return ts.isStringLiteral(argument) ? argument.text : (modulePathText(argument) ?? "");
}

/**
 * `module.exports = x`, `exports.a = module.exports.b = x` as a variable's initialiser: the names exported
 * ("default" for module.exports), the assignments, and the value they all hold.
 */
export function moduleExportsChain(init: ts.Expression): { names: string[]; links: ts.BinaryExpression[]; value: ts.Expression } | undefined {
  const names: string[] = [];
  const links: ts.BinaryExpression[] = [];
  let value = init;
  while (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const name = exportedName(value.left);
    if (name === undefined) break;
    names.push(name);
    links.push(value);
    value = value.right;
  }
  return names.length ? { names, links, value } : undefined;
}

/** `module.exports` → "default"; `exports.a`, `module.exports.a` → "a". */
function exportedName(left: ts.Expression): string | undefined {
  const isModuleExports = (e: ts.Expression) => ts.isPropertyAccessExpression(e) && e.name.text === "exports" && ts.isIdentifier(e.expression) && e.expression.text === "module";
  if (isModuleExports(left)) return "default";
  if (ts.isPropertyAccessExpression(left) && ((ts.isIdentifier(left.expression) && left.expression.text === "exports") || isModuleExports(left.expression))) return left.name.text;
  return undefined;
}

/** `require("m")`, or `require("m").default` (a CommonJS file importing an ES module's default export, as axios's typings ask): the require call. */
export function requireOf(expr: ts.Expression): ts.CallExpression | undefined {
  if (isRequire(expr)) return expr;
  if (expr.kind === ts.SyntaxKind.PropertyAccessExpression && (expr as ts.PropertyAccessExpression).name.escapedText === "default" && isRequire((expr as ts.PropertyAccessExpression).expression)) {
    return (expr as ts.PropertyAccessExpression).expression as ts.CallExpression;
  }
  return undefined;
}

export function unwrapAwait(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isAwaitExpression(current) || ts.isParenthesizedExpression(current) || ts.isAsExpression(current)) current = current.expression;
  return current;
}

/** `fp(async (app) => ...)`, `fastifyPlugin(fn, opts)`: the function inside. */
export function unwrapPluginWrapper(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current)) current = current.expression;
  if (ts.isCallExpression(current) && ts.isIdentifier(current.expression) && /^(fp|fastifyPlugin|plugin)$/.test(current.expression.text)) {
    const first = current.arguments[0];
    if (first) return first;
  }
  return current;
}

/** Reads `node.modifiers` directly: ts.getModifiers copies the list, and this runs for every variable statement. */
function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = (node as { modifiers?: readonly ts.Node[] }).modifiers;
  if (!modifiers) return false;
  for (const modifier of modifiers) if (modifier.kind === kind) return true;
  return false;
}

export function hasExport(node: ts.Node): boolean {
  return hasModifier(node, ts.SyntaxKind.ExportKeyword);
}

export function hasDefault(node: ts.Node): boolean {
  return hasModifier(node, ts.SyntaxKind.DefaultKeyword);
}

export function nameOf(node: ts.FunctionLikeDeclaration): string | undefined {
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) return node.name.text;
  return undefined;
}

export function templateText(node: ts.TemplateExpression): string {
  return node.head.text + node.templateSpans.map((span) => `$1${span.literal.text}`).join("");
}

export function isIdentifierChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 36 || code === 95 || code > 127;
}

/**
 * Whether `name` is written in `text` as a whole word anywhere but right after a dot (`x.name`, `x?.name`, `x\n  .name`):
 * where a method or an object's function of that name could be declared (`name(`, `name:`, `"name":`, `get name()`).
 */
export function writtenOtherThanAfterDot(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
    if (isIdentifierChar(text.charCodeAt(at - 1)) || isIdentifierChar(text.charCodeAt(at + name.length))) continue;
    let before = at - 1;
    while (before >= 0 && isWhitespace(text.charCodeAt(before))) before--;
    if (text.charCodeAt(before) !== 46) return true;
  }
  return false;
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}
