import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";

/**
 * The decorator calls on a node whose function one of `modules` exports, by the name it is exported under
 * (`@Query(() => Job)` from @nestjs/graphql, not @nestjs/common's `@Query()`; `@SubscribeMessage("x")`).
 */
export function decoratorCallsFrom(node: ts.Node, ctx: ExtractContext, modules: readonly string[]): { name: string; call: ts.CallExpression }[] {
  const found: { name: string; call: ts.CallExpression }[] = [];
  for (const decorator of (ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined) ?? []) {
    const call = decorator.expression;
    if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) continue;
    const imported = ctx.importOf(call.expression);
    if (imported && modules.includes(imported.specifier)) found.push({ name: imported.imported, call });
  }
  return found;
}
