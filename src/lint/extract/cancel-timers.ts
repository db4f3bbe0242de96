import { ts } from "../ts.js";
import { isFunctionLike } from "./context.js";

/**
 * A request given a cancel token that a timer cancels: axios's hand-made timeout before `AbortSignal.timeout` existed,
 *
 *   const source = axios.CancelToken.source();
 *   const timer = setTimeout(() => source.cancel("too slow"), 2000);
 *   await axios.post(url, body, { cancelToken: source.token });
 *
 * Only a token whose source the same function (or the file, for a module-level source) hands to a `setTimeout` that
 * calls its `cancel` bounds the call's time: a token cancelled by a user action or a shutdown hook bounds nothing.
 */
export function timerCancelledToken(token: ts.Expression, stack: readonly ts.Node[], sf: ts.SourceFile): boolean {
  const source = tokenSource(token);
  if (!source) return false;
  const scope = [...stack].reverse().find((node) => isFunctionLike(node)) ?? sf;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "setTimeout" && node.arguments[0] && cancels(node.arguments[0], source)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

/** `source.token` → `source`; a token kept in a local first (`const token = source.token`) is not followed. */
function tokenSource(token: ts.Expression): string | undefined {
  return ts.isPropertyAccessExpression(token) && token.name.text === "token" && ts.isIdentifier(token.expression) ? token.expression.text : undefined;
}

/** Whether a timer's callback calls `<source>.cancel(...)`. */
function cancels(callback: ts.Node, source: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "cancel" && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === source) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(callback);
  return found;
}
