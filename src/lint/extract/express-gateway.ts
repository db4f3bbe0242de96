import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { withoutAssertions } from "./context.js";
import { isRequire, requireSpecifier } from "./syntax.js";

/**
 * express-gateway keeps its routes out of the code: `gateway().load(path.join(__dirname, "config")).run()` starts a
 * gateway that serves what the folder's gateway.config.yml declares (apiEndpoints, the pipelines that take them, and
 * the serviceEndpoints their proxy policies forward to). The code only names the folder: it is kept here, and the
 * engine reads the file (express-gateway-routes.ts). A folder written in a way not read here (an environment variable,
 * a computed path) is kept with why, so the engine can say the routes are not checked. Only in files importing it.
 */

const MODULES = ["express-gateway"];

export const expressGateway: Extractor = {
  family: "express-gateway",
  modules: MODULES,
  callProperties: ["load"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "load") return;
    if (!madeByGateway(callee.expression, ctx)) return;
    const arg = node.arguments[0];
    const folder = arg ? folderIn(arg, ctx) : undefined;
    const location = ctx.loc(node);
    (ctx.facts.gatewayConfigDirs ??= []).push(
      folder ? { ...folder, location } : { spec: "", fromDir: false, unread: arg ? ctx.text(arg).slice(0, 60) : "(no folder given)", location },
    );
  },
};

/** `gateway()` as imported or required in place, or a local it was kept in (`const eg = gateway(); eg.load(...)`). */
function madeByGateway(expr: ts.Expression, ctx: ExtractContext, depth = 0): boolean {
  let target = withoutAssertions(expr);
  while (ts.isParenthesizedExpression(target)) target = withoutAssertions(target.expression);
  if (ts.isIdentifier(target) && depth < 2) {
    const bound = ctx.lookupLocal(target.text)?.expr;
    return !!bound && madeByGateway(bound, ctx, depth + 1);
  }
  if (!ts.isCallExpression(target)) return false;
  const factory = target.expression;
  if (ts.isIdentifier(factory)) return ctx.isImportFrom(factory, MODULES);
  if (ts.isPropertyAccessExpression(factory) && factory.name.text === "default" && ts.isIdentifier(factory.expression)) return ctx.isImportFrom(factory.expression, MODULES);
  return isRequire(factory) && MODULES.includes(requireSpecifier(factory));
}

/**
 * The folder an argument names: a string (`"./config"`), or `path.join`/`path.resolve` of `__dirname` and strings
 * (`path.join(__dirname, "config")`), through one local. Undefined for anything else.
 */
function folderIn(expr: ts.Expression, ctx: ExtractContext, depth = 0): { spec: string; fromDir: boolean } | undefined {
  const value = withoutAssertions(expr);
  if (ts.isStringLiteralLike(value)) return { spec: value.text, fromDir: false };
  if (ts.isIdentifier(value)) {
    if (value.text === "__dirname") return { spec: ".", fromDir: true };
    const bound = depth < 2 ? ctx.lookupLocal(value.text)?.expr : undefined;
    return bound ? folderIn(bound, ctx, depth + 1) : undefined;
  }
  if (!ts.isCallExpression(value) || !ts.isPropertyAccessExpression(value.expression) || !/^(join|resolve)$/.test(value.expression.name.text)) return undefined;
  const parts: string[] = [];
  let fromDir = false;
  for (const [index, arg] of value.arguments.entries()) {
    const part = withoutAssertions(arg);
    if (index === 0 && ts.isIdentifier(part) && part.text === "__dirname") fromDir = true;
    else if (ts.isStringLiteralLike(part)) parts.push(part.text);
    else return undefined;
  }
  return { spec: parts.join("/") || ".", fromDir };
}
