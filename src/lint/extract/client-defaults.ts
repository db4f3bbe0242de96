import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";

/**
 * `axios.defaults.timeout = 3000` (also `axios.defaults.timeout ??= …`), `instance.defaults.timeout = 3000`,
 * `this.http.defaults.timeout = 3000`: a timeout set after the client is made. On axios itself it counts for every
 * axios call of the service (model/call-graph.ts); on an instance, for the calls made on it from here on.
 */
export function defaultsTimeoutAssignment(left: ts.PropertyAccessExpression, ctx: ExtractContext): void {
  const defaults = left.expression;
  if (left.name.text !== "timeout" || !ts.isPropertyAccessExpression(defaults) || defaults.name.text !== "defaults") return;
  const receiver = defaults.expression;
  if (ts.isIdentifier(receiver) && ctx.isImportFrom(receiver, ["axios"], ["default", "*"])) {
    ctx.facts.axiosDefaultsTimeout ??= ctx.loc(left);
    return;
  }
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword ? `this.${receiver.name.text}` : undefined;
  const bound = name ? ctx.lookupObject(name) : undefined;
  if (bound?.info?.kind !== "client") return;
  bound.info.timeout = true;
  const recorded = ctx.facts.clients[bound.id];
  if (recorded) recorded.timeout = true;
}
