import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { handlerFields } from "./routes.js";
import { passportGuardName, strategyNameOf } from "./passport-refs.js";

/**
 * Passport: a route guarded by `passport.authenticate("jwt")` (Express) or by a NestJS guard that extends
 * `AuthGuard("jwt")` runs the verify function of the strategy registered under that name before its handler:
 * `passport.use(new JwtStrategy(options, verify))`, or a NestJS `class JwtStrategy extends PassportStrategy(Strategy)`
 * and its `validate()`. A strategy that asks a users or auth service about the token makes that call for every route
 * it guards; the package's middleware itself leads to no code of the repository, so the strategy is found by name
 * (model/call-graph.ts passportStrategy).
 */

const PASSPORT = ["passport"];
const NEST_PASSPORT = ["@nestjs/passport"];

/** Packages whose strategy's default name is not the word after `passport-`. */
const DEFAULT_NAMES: Record<string, string> = {
  "passport-http-bearer": "bearer",
  "passport-google-oauth20": "google",
  "passport-google-oauth2": "google",
  "passport-google-oauth": "google",
  "passport-oauth2": "oauth2",
  "passport-headerapikey": "headerapikey",
};

/** The name passport registers a strategy class under by default, from the package it comes from. */
export function defaultStrategyName(specifier: string, className: string): string | undefined {
  if (specifier === "passport-http") return /^Digest/.test(className) ? "digest" : "basic";
  const known = DEFAULT_NAMES[specifier];
  if (known) return known;
  return /^passport-([a-z0-9]+)/i.exec(specifier)?.[1]?.toLowerCase();
}

export const passport: Extractor = {
  family: "passport",
  modules: [...PASSPORT, ...NEST_PASSPORT],
  callProperties: ["use"],
  call(node, ctx) {
    // passport.use(new JwtStrategy(options, verify)), passport.use("admin", new LocalStrategy(verify))
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || !ctx.isImportFrom(callee.expression, PASSPORT)) return;
    const [first, second] = node.arguments;
    const named = first && ts.isStringLiteralLike(first) ? first.text : undefined;
    const made = named !== undefined ? second : first;
    if (!made || !ts.isNewExpression(made) || !made.arguments?.length) return;
    const name = named ?? strategyClassName(made.expression, ctx);
    if (!name) return;
    const fields = handlerFields(made.arguments[made.arguments.length - 1], ctx);
    if (!fields.handler && !fields.handlerRef) return;
    (ctx.facts.passport ??= {}).strategies = [...(ctx.facts.passport.strategies ?? []), { name, ...fields }];
  },
  classDeclaration(node, ctx) {
    const base = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!node.name || !base || !ts.isCallExpression(base) || !ts.isIdentifier(base.expression)) return;
    // class JwtStrategy extends PassportStrategy(Strategy, "jwt-refresh"): its validate() is the verify function.
    if (ctx.isImportFrom(base.expression, NEST_PASSPORT, ["PassportStrategy"])) {
      const [strategy, named] = base.arguments;
      const name = strategyNameOf(named) ?? (strategy ? strategyClassName(strategy, ctx) : undefined);
      if (name) (ctx.facts.passport ??= {}).strategies = [...(ctx.facts.passport.strategies ?? []), { name, handler: `fn:${node.name.text}.validate` }];
      return;
    }
    // class LocalAuthGuard extends AuthGuard("local") {}: the guard runs that strategy.
    const name = passportGuardName(base, ctx);
    if (name) ((ctx.facts.passport ??= {}).guards ??= {})[node.name.text] = name;
  },
};

/** A strategy class imported from a passport package (`Strategy` of passport-jwt, `JwtStrategy` bound to it): its default name. */
function strategyClassName(expr: ts.Expression, ctx: ExtractContext, depth = 0): string | undefined {
  const id = ts.isPropertyAccessExpression(expr) ? expr.expression : expr;
  if (!ts.isIdentifier(id)) return undefined;
  const imported = ctx.imports.get(id.text);
  if (!imported) {
    // const JwtStrategy = passportJwt.Strategy; new JwtStrategy(...): the class the name is bound to.
    const bound = depth < 3 && !ts.isPropertyAccessExpression(expr) ? ctx.lookupLocal(id.text)?.expr : undefined;
    return bound ? strategyClassName(bound, ctx, depth + 1) : undefined;
  }
  const className = ts.isPropertyAccessExpression(expr) ? expr.name.text : imported.imported === "default" || imported.imported === "*" ? id.text : imported.imported;
  return defaultStrategyName(imported.specifier, className);
}
