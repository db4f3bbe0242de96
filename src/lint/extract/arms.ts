import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";

/**
 * The branches a node sits in, inside its own function: which arm of which `if`, `?:` or `switch` it runs in, and
 * whether that arm leaves the function (ends in `return` or `throw`). Two operations in different arms of one
 * conditional, or one in an arm that returns and one after that conditional, never run for the same call: a write
 * in the `else` of a publish, or a failure event sent before an early return, are no pair (rules/dual-write.ts).
 *
 * Each arm is one string: `<line>:<column>` of the conditional, `/`, the arm (`t` then, `e` else, `?t` and `?f` for a
 * conditional expression, `c<n>` for the n-th clause of a switch, `try` and `catch` for a try statement's block and its
 * handler), and, for an arm that leaves the function, `>` and the
 * `<line>:<column>` where the conditional ends (what comes after it never follows that arm).
 */

/** The arms around the node on top of the walk's stack, innermost first; undefined when it is in none. */
export function armsAt(ctx: ExtractContext): string[] | undefined {
  const stack = ctx.stack;
  let out: string[] | undefined;
  for (let i = stack.length - 1; i > 0; i--) {
    const parent = stack[i - 1]!;
    const child = stack[i]!;
    if (ts.isFunctionLike(parent) || ts.isClassLike(parent) || ts.isSourceFile(parent)) break;
    const arm = armOf(parent, child, stack[i - 3], stack[i - 2], ctx.sf);
    if (arm) (out ??= []).push(arm.exits ? `${where(ctx, arm.at)}/${arm.key}>${where(ctx, arm.at.end)}` : `${where(ctx, arm.at)}/${arm.key}`);
  }
  return out;
}

interface Arm {
  /** The conditional the arm belongs to. */
  at: ts.Node;
  key: string;
  exits: boolean;
}

/**
 * The arm `child` is of `parent`, when `parent` is a conditional; `grand` is the node two levels above (a switch, for a
 * clause), `container` the one holding `parent` (the block of an `if`).
 */
function armOf(parent: ts.Node, child: ts.Node, grand: ts.Node | undefined, container: ts.Node | undefined, sf: ts.SourceFile): Arm | undefined {
  if (ts.isIfStatement(parent)) {
    if (child === parent.thenStatement) {
      // if (msg.action === CREATE) {…} if (msg.action === DELETE) {…}: ifs in a row testing one value against different
      // constants are one dispatch, each then an arm of the first of them (a message handler's actions).
      const dispatch = container ? dispatchArm(parent, container, sf) : undefined;
      if (dispatch) return { at: dispatch.first, key: `=${dispatch.constant}`, exits: leaves(child) };
      return { at: parent, key: "t", exits: leaves(child) };
    }
    if (child === parent.elseStatement) return { at: parent, key: "e", exits: leaves(child) };
    return undefined;
  }
  // try { write(); } catch { publishRetry(); }: the handler runs only when the block threw, so what it does answers a
  // failure of the block (a retry, a failure event, a compensation), never the block's success: the two are arms.
  if (ts.isTryStatement(parent) && child === parent.tryBlock && parent.catchClause) return { at: parent, key: "try", exits: false };
  if (ts.isCatchClause(parent) && child === parent.block && container && ts.isTryStatement(container)) return { at: container, key: "catch", exits: leaves(child) };
  if (ts.isConditionalExpression(parent)) {
    if (child === parent.whenTrue) return { at: parent, key: "?t", exits: false };
    if (child === parent.whenFalse) return { at: parent, key: "?f", exits: false };
    return undefined;
  }
  // A clause's statements: the clause is the parent, its case block above it, the switch above that. A clause that
  // falls through runs the next one's statements too, so only a clause that ends by leaving the function, or by
  // `break` out of the switch (what follows the switch still runs after it), or the last one, is an arm.
  if ((ts.isCaseClause(parent) || ts.isDefaultClause(parent)) && grand && ts.isSwitchStatement(grand)) {
    const key = `c${grand.caseBlock.clauses.indexOf(parent)}`;
    if (endsByLeaving(parent.statements)) return { at: grand, key, exits: true };
    // The last clause has nothing to fall into.
    const last = grand.caseBlock.clauses[grand.caseBlock.clauses.length - 1] === parent;
    return last || endsByBreak(parent.statements) ? { at: grand, key, exits: false } : undefined;
  }
  return undefined;
}

/** `x === C`, `C == x`: the value tested and the constant it is compared with (a literal, or an ALL_CAPS or enum-like name). */
function comparison(condition: ts.Expression, sf: ts.SourceFile): { tested: string; constant: string } | undefined {
  let expr = condition;
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  if (!ts.isBinaryExpression(expr)) return undefined;
  const op = expr.operatorToken.kind;
  if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
  if (isConstant(expr.right)) return { tested: expr.left.getText(sf), constant: expr.right.getText(sf) };
  if (isConstant(expr.left)) return { tested: expr.right.getText(sf), constant: expr.left.getText(sf) };
  return undefined;
}

function isConstant(expr: ts.Expression): boolean {
  if (ts.isStringLiteralLike(expr) || ts.isNumericLiteral(expr)) return true;
  const name = ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) && (ts.isIdentifier(expr.expression) || ts.isPropertyAccessExpression(expr.expression)) ? expr.name.text : undefined;
  return name !== undefined && (/^[A-Z][A-Z0-9_]*$/.test(name) || (ts.isPropertyAccessExpression(expr) && /^[A-Z]/.test(name)));
}

/** The first `if` of the run of ifs around `statement` that test one value against constants, when it is a run of two or more. */
function dispatchArm(statement: ts.IfStatement, container: ts.Node, sf: ts.SourceFile): { first: ts.IfStatement; constant: string } | undefined {
  if (statement.elseStatement) return undefined;
  const own = comparison(statement.expression, sf);
  if (!own || !(ts.isBlock(container) || ts.isSourceFile(container) || ts.isCaseClause(container) || ts.isDefaultClause(container))) return undefined;
  const statements = container.statements;
  const at = statements.indexOf(statement);
  const inRun = (other: ts.Statement | undefined): other is ts.IfStatement => other !== undefined && ts.isIfStatement(other) && !other.elseStatement && comparison(other.expression, sf)?.tested === own.tested;
  let start = at;
  while (inRun(statements[start - 1])) start--;
  if (start === at && !inRun(statements[at + 1])) return undefined;
  return { first: statements[start] as ts.IfStatement, constant: own.constant };
}

/** The statement always leaves the function: `return`, `throw`, or a block whose last statement does. */
function leaves(statement: ts.Statement | ts.Node): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) return endsByLeaving(statement.statements);
  return false;
}

/** The clause's last statement is a `break` of the switch (no label), also at the end of a block. */
function endsByBreak(statements: readonly ts.Statement[]): boolean {
  const last = statements[statements.length - 1];
  if (!last) return false;
  if (ts.isBreakStatement(last)) return !last.label;
  return ts.isBlock(last) && endsByBreak(last.statements);
}

function endsByLeaving(statements: readonly ts.Statement[]): boolean {
  const last = statements[statements.length - 1];
  return last !== undefined && leaves(last);
}

function where(ctx: ExtractContext, at: ts.Node | number): string {
  const position = typeof at === "number" ? at : at.getStart(ctx.sf);
  const { line, character } = ctx.sf.getLineAndCharacterOfPosition(position);
  return `${line + 1}:${character + 1}`;
}

/** One arm, read back. */
export interface ParsedArm {
  conditional: string;
  key: string;
  /** Where the conditional ends, for an arm that leaves the function: `[line, column]`. */
  exitsAt?: [number, number];
}

export function parseArm(arm: string): ParsedArm {
  const slash = arm.indexOf("/");
  const conditional = arm.slice(0, slash);
  const rest = arm.slice(slash + 1);
  const gt = rest.indexOf(">");
  if (gt < 0) return { conditional, key: rest };
  const [line, column] = rest.slice(gt + 1).split(":").map(Number);
  return { conditional, key: rest.slice(0, gt), exitsAt: [line!, column!] };
}

/**
 * Two operations of one function that never run for the same call: they sit in different arms of one conditional, or
 * one sits in an arm that leaves the function and the other comes after that conditional (an early return: what
 * follows it runs only when the arm did not).
 */
export function exclusiveArms(a: { arms?: readonly string[]; location: { line: number; column: number } }, b: { arms?: readonly string[]; location: { line: number; column: number } }): boolean {
  if (!a.arms && !b.arms) return false;
  const first = (a.arms ?? []).map(parseArm);
  const second = (b.arms ?? []).map(parseArm);
  for (const x of first) for (const y of second) if (x.conditional === y.conditional && x.key !== y.key) return true;
  return leftBefore(first, second, b.location) || leftBefore(second, first, a.location);
}

/** An arm of `arms` leaves the function before `location` is reached: the location is after the conditional, outside it. */
function leftBefore(arms: readonly ParsedArm[], others: readonly ParsedArm[], location: { line: number; column: number }): boolean {
  return arms.some(
    (arm) =>
      arm.exitsAt !== undefined &&
      !others.some((other) => other.conditional === arm.conditional) &&
      (location.line > arm.exitsAt[0] || (location.line === arm.exitsAt[0] && location.column >= arm.exitsAt[1])),
  );
}
