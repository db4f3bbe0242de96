import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";

/**
 * `for (const step of this.steps) await step.invoke(payload)` over `private steps: Step<In, Out>[]` (or a local or a
 * parameter so typed, `const done: Step<In, Out>[] = []`): the class the collection is written to hold. An orchestrated
 * saga keeps its steps, or the ones to compensate, in such a list and runs the same method of each: a call on the loop's
 * variable runs that method of every class that implements the element's class (model/call-graph.ts), where a call on
 * one object of an abstract type with several implementations runs a method nobody can name.
 */
export function classOfLoopElement(name: string, ctx: ExtractContext): string | undefined {
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (!ts.isForOfStatement(node) || !ts.isVariableDeclarationList(node.initializer)) continue;
    const declared = node.initializer.declarations[0]?.name;
    if (!declared || !ts.isIdentifier(declared) || declared.text !== name) continue;
    const element = elementType(collectionType(node.expression, ctx, i));
    const className = element && ts.isTypeReferenceNode(element) && ts.isIdentifier(element.typeName) ? element.typeName.text : undefined;
    return className && (ctx.imports.has(className) || ctx.topLevelClass(className)) ? className : undefined;
  }
  return undefined;
}

/** `T[]`, `Array<T>`, `ReadonlyArray<T>`: T. */
function elementType(type: ts.TypeNode | undefined): ts.TypeNode | undefined {
  if (!type) return undefined;
  if (ts.isArrayTypeNode(type)) return type.elementType;
  if (ts.isTypeOperatorNode(type)) return elementType(type.type);
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && /^(Readonly)?Array$/.test(type.typeName.text) && type.typeArguments?.length === 1) return type.typeArguments[0];
  return undefined;
}

/** The declared type of `this.steps` (a property or a constructor's parameter property) or of a local or parameter `steps`, below stack position `at`. */
function collectionType(expr: ts.Expression, ctx: ExtractContext, at: number): ts.TypeNode | undefined {
  if (ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword) {
    for (let i = at; i >= 0; i--) {
      const node = ctx.stack[i]!;
      if (!ts.isClassLike(node)) continue;
      for (const member of node.members) {
        if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === expr.name.text) return member.type;
        if (ts.isConstructorDeclaration(member)) {
          const parameter = member.parameters.find((p) => ts.getModifiers(p)?.length && ts.isIdentifier(p.name) && p.name.text === expr.name.text);
          if (parameter) return parameter.type;
        }
      }
      return undefined;
    }
    return undefined;
  }
  if (!ts.isIdentifier(expr)) return undefined;
  for (let i = at; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (!ts.isFunctionDeclaration(node) && !ts.isFunctionExpression(node) && !ts.isArrowFunction(node) && !ts.isMethodDeclaration(node)) continue;
    const parameter = node.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === expr.text);
    if (parameter) return parameter.type;
    if (!node.body || !ts.isBlock(node.body)) continue;
    for (const statement of node.body.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === expr.text) return declaration.type;
      }
    }
  }
  return undefined;
}
