import { ts } from "../ts.js";
import { ExtractContext, propertyKey } from "./context.js";

/**
 * The id a function gets, computed from the node and its place in the stack:
 * `fn:name` for declarations and `const name = () => ...`, `fn:Class.method`,
 * `fn:obj.key` for object literal methods, `fn:Ctor.method` for a constructor function's prototype method,
 * `fn:default` for an anonymous default export, otherwise `fn@L<line>C<col>`.
 */
export function functionIdOf(node: ts.Node, ctx: ExtractContext): string {
  if (ts.isFunctionDeclaration(node)) return node.name ? `fn:${node.name.text}` : "fn:default";
  if ((ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isConstructorDeclaration(node)) && ts.isClassLike(node.parent ?? ctx.stack[ctx.stack.length - 2] ?? node)) {
    const name = ts.isConstructorDeclaration(node) ? "constructor" : node.name && propertyKey(node.name);
    const className = ctx.currentClass();
    if (name && className) return `fn:${className}.${name}`;
  }
  // Position in the stack: the node is either the top (while visiting it) or not yet pushed.
  const index = ctx.stack[ctx.stack.length - 1] === node ? ctx.stack.length - 2 : ctx.stack.length - 1;
  const parent = ctx.stack[index];
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && parent.initializer === node && ctx.frames.length === 1) return `fn:${parent.name.text}`;
  if (parent && (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(node))) {
    const key = ts.isMethodDeclaration(node) ? node.name && propertyKey(node.name) : ts.isPropertyAssignment(parent) ? propertyKey(parent.name) : undefined;
    const objectLiteral = ts.isMethodDeclaration(node) ? parent : ctx.stack[index - 1];
    const holder = objectLiteral && ts.isObjectLiteralExpression(objectLiteral) ? ctx.stack[ctx.stack.indexOf(objectLiteral) - 1] : undefined;
    if (key && holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && ctx.frames.length <= 2) return `fn:${holder.name.text}.${key}`;
  }
  if (parent && ts.isExportAssignment(parent)) return "fn:default";
  // `OrderService.prototype.place = function (…) { … }`: a method of the constructor function `OrderService`, which
  // `new OrderService().place()` calls, as a class's method is.
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node) {
    const target = parent.left;
    if (ts.isPropertyAccessExpression(target) && ts.isPropertyAccessExpression(target.expression) && target.expression.name.text === "prototype" && ts.isIdentifier(target.expression.expression)) {
      return `fn:${target.expression.expression.text}.${target.name.text}`;
    }
  }
  // class Api { list = async (req, res) => { ... } }: a field holding a function is the class's method to its callers.
  if (parent && ts.isPropertyDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
    const className = ctx.currentClass();
    if (className) return `fn:${className}.${parent.name.text}`;
  }
  return positionId(node, ctx);
}

export function positionId(node: ts.Node, ctx: ExtractContext): string {
  const { line, column } = ctx.functionLoc(node);
  return `fn@L${line}C${column}`;
}
