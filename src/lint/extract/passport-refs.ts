import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";

/**
 * Where a route's middleware names a passport strategy (extract/passport.ts reads the strategies themselves): kept
 * apart so that the route extractors can use it without importing the strategy extractor.
 */

const PASSPORT = ["passport"];
const NEST_PASSPORT = ["@nestjs/passport"];

/** The object of a handler reference that names a passport strategy: `{ object: PASSPORT_STRATEGY, name: "jwt" }`. */
export const PASSPORT_STRATEGY = "passport:strategy";

/**
 * A strategy's name as written: a string, or a constant both sides name alike (`StrategyType.JWT` in the guard's
 * `AuthGuard(StrategyType.JWT)` and the strategy's `PassportStrategy(Strategy, StrategyType.JWT)`), kept as its text.
 */
export function strategyNameOf(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  if (ts.isStringLiteralLike(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) return `{${expr.expression.text}.${expr.name.text}}`;
  return undefined;
}

/** `AuthGuard("jwt")` of @nestjs/passport: the strategy it runs. */
export function passportGuardName(expr: ts.Expression, ctx: ExtractContext): string | undefined {
  if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || !ctx.isImportFrom(expr.expression, NEST_PASSPORT, ["AuthGuard"])) return undefined;
  return strategyNameOf(expr.arguments[0]);
}

/** `passport.authenticate("jwt", { session: false })`: the strategy a route's middleware runs. */
export function authenticatedWith(expr: ts.CallExpression, ctx: ExtractContext): string | undefined {
  const callee = expr.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "authenticate" || !ts.isIdentifier(callee.expression)) return undefined;
  if (!ctx.isImportFrom(callee.expression, PASSPORT)) return undefined;
  const first = expr.arguments[0];
  return first && ts.isStringLiteralLike(first) ? first.text : undefined;
}
