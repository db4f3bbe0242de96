import { ts } from "../ts.js";
import { THEN_GROUP, type Parallel } from "../types.js";
import { isFunctionLike, isPromiseCombinator } from "./context.js";

/**
 * Promises collected in an array of the function and awaited together later:
 *
 *   const pending = [];
 *   for (const id of ids) pending.push(fetch(`${ALERTS}/v1/alerts/${id}`));
 *   await Promise.all(pending);
 *
 *   const pending = ids.map((id) => fetch(`${ALERTS}/v1/alerts/${id}`));
 *   await Promise.all(pending);
 *
 * The calls pushed into the array (or made by the callback that maps into it) run side by side, as the elements of an
 * inline `Promise.all([...])` do, and the group waits for whatever the function awaited before the combinator. Read as
 * a group keyed by the combinator's position (the key an inline group gets, see Parallel), they are one step of a
 * sequence; left alone they were calls nothing awaited, so a handler that awaited one service and then such a group
 * of another was not seen to wait on both (sync-call-chain).
 *
 * Only asked of `x.push(call(...))` and `const x = y.map(fn)`: a function holding neither pays nothing.
 */

/** The group of the array this call fills, when the function awaits (or continues) a combinator over that array. */
export function collectedGroup(call: ts.CallExpression, stack: readonly ts.Node[], sf: ts.SourceFile): Parallel | undefined {
  const callee = call.expression;
  if (callee.kind !== ts.SyntaxKind.PropertyAccessExpression) return undefined;
  const method = (callee as ts.PropertyAccessExpression).name.escapedText;
  let array: string | undefined;
  if (method === "push") array = pushedArray(call, callee as ts.PropertyAccessExpression);
  else if (method === "map") array = mappedArray(call, stack);
  if (!array) return undefined;
  const fn = enclosingFunction(stack);
  if (!fn?.body) return undefined;
  const group = groupsOf(fn, sf).get(array);
  // The combinator comes after the array is filled; one before it awaits something else.
  return group && group.at > call.end ? group.key : undefined;
}

/** `pending.push(fetch(url))`: an array of the function, given at least one promise-making call. */
function pushedArray(call: ts.CallExpression, callee: ts.PropertyAccessExpression): string | undefined {
  if (!ts.isIdentifier(callee.expression)) return undefined;
  return call.arguments.some((argument) => ts.isCallExpression(skipParentheses(argument))) ? callee.expression.text : undefined;
}

/** `const pending = ids.map((id) => fetch(url))` (or `pending = ...`): the array the mapped promises go into. */
function mappedArray(call: ts.CallExpression, stack: readonly ts.Node[]): string | undefined {
  const callback = call.arguments[0];
  if (!callback || !isFunctionLike(callback)) return undefined;
  let child: ts.Node = call;
  for (let i = stack.length - 2; i >= 0; i--) {
    const node = stack[i]!;
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) {
      child = node;
      continue;
    }
    if (ts.isVariableDeclaration(node) && node.initializer === child) return ts.isIdentifier(node.name) ? node.name.text : undefined;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && node.right === child) return ts.isIdentifier(node.left) ? node.left.text : undefined;
    return undefined;
  }
  return undefined;
}

function enclosingFunction(stack: readonly ts.Node[]): ts.FunctionLikeDeclaration | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const node = stack[i]!;
    if (isFunctionLike(node)) return node;
  }
  return undefined;
}

interface Group {
  key: Parallel;
  /** Where the combinator starts: the array must be filled before it. */
  at: number;
}

const groupsByFunction = new WeakMap<ts.Node, Map<string, Group>>();

/** Each array the function hands to a combinator it awaits or continues, read once per function. */
function groupsOf(fn: ts.FunctionLikeDeclaration, sf: ts.SourceFile): Map<string, Group> {
  let groups = groupsByFunction.get(fn);
  if (groups) return groups;
  groups = new Map();
  const found = groups;
  const async = fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
  const visit = (node: ts.Node, ancestors: ts.Node[]): void => {
    // A nested function awaits on its own behalf, not this one's.
    if (isFunctionLike(node)) return;
    if (ts.isCallExpression(node) && isPromiseCombinator(node)) {
      const array = node.arguments[0];
      const key = array && ts.isIdentifier(array) && !found.has(array.text) ? keyOf(node, ancestors, async, sf) : undefined;
      if (key !== undefined) found.set((array as ts.Identifier).text, { key, at: node.getStart(sf) });
    }
    ancestors.push(node);
    ts.forEachChild(node, (child) => visit(child, ancestors));
    ancestors.pop();
  };
  if (fn.body) ts.forEachChild(fn.body, (child) => visit(child, [fn.body!]));
  groupsByFunction.set(fn, groups);
  return groups;
}

/**
 * The inline group's key for this combinator, read as the walk reads an inline one: awaited (also through the chain
 * it starts, or returned from an async function), else continued with `.then`; undefined when its promise is kept.
 */
function keyOf(combinator: ts.CallExpression, ancestors: readonly ts.Node[], async: boolean, sf: ts.SourceFile): Parallel | undefined {
  const { line, character } = sf.getLineAndCharacterOfPosition(combinator.getStart(sf));
  const at = `L${line + 1}C${character + 1}`;
  let continued = false;
  let child: ts.Node = combinator;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i]!;
    if (ts.isAwaitExpression(node)) return at;
    if (ts.isReturnStatement(node)) return async ? at : continued ? `${THEN_GROUP}${at}` : undefined;
    const through =
      ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || (ts.isCallExpression(node) && node.expression === child) || (ts.isPropertyAccessExpression(node) && node.expression === child);
    if (!through) break;
    if (ts.isPropertyAccessExpression(node) && (node.name.text === "then" || node.name.text === "finally")) continued = true;
    child = node;
  }
  return continued ? `${THEN_GROUP}${at}` : undefined;
}

function skipParentheses(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}
