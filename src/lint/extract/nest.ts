import { ts } from "../ts.js";
import type { Extractor } from "./walk.js";
import { ExtractContext, propertyKey, propertyNamed, staticText } from "./context.js";

/**
 * NestJS: `@Controller("users")` or `@Controller({ path, version })` with
 * `@Get(":id")`-style method decorators and `@Version("2")`; the global
 * prefix and URI versioning come from `app.setGlobalPrefix()` and
 * `app.enableVersioning()` anywhere in the service and are applied in the model.
 */

const METHOD_DECORATORS: Record<string, string> = {
  Get: "GET",
  Post: "POST",
  Put: "PUT",
  Delete: "DELETE",
  Patch: "PATCH",
  Options: "OPTIONS",
  Head: "HEAD",
  All: "ALL",
};

interface DecoratorCall {
  name: string;
  args: readonly ts.Expression[];
  node: ts.Decorator;
}

function decoratorsOf(node: ts.Node): DecoratorCall[] {
  const result: DecoratorCall[] = [];
  const decorators = ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined;
  for (const decorator of decorators ?? []) {
    const expr = decorator.expression;
    if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression)) result.push({ name: expr.expression.text, args: expr.arguments, node: decorator });
    else if (ts.isIdentifier(expr)) result.push({ name: expr.text, args: [], node: decorator });
  }
  return result;
}

/** A version given as "1", ["1", "2"] or VERSION_NEUTRAL; the first concrete one. */
function versionOf(expr: ts.Expression | undefined, ctx: ExtractContext): string | undefined {
  if (!expr) return undefined;
  if (ts.isArrayLiteralExpression(expr)) return versionOf(expr.elements[0], ctx);
  if (ts.isPropertyAccessExpression(expr) || ts.isIdentifier(expr)) {
    const text = ctx.text(expr);
    if (/VERSION_NEUTRAL/.test(text)) return undefined;
  }
  return staticText(ctx.value(expr));
}

function joinPath(...parts: (string | undefined)[]): string {
  const joined = parts
    .filter((p): p is string => Boolean(p))
    .map((p) => p.replace(/^\/+|\/+$/g, ""))
    .filter(Boolean)
    .join("/");
  return `/${joined}`;
}

export const nest: Extractor = {
  family: "nest",
  callProperties: ["setGlobalPrefix", "enableVersioning"],
  classDeclaration(node, ctx) {
    const controller = decoratorsOf(node).find((d) => d.name === "Controller");
    if (!controller || !node.name) return;
    let base = "";
    let classVersion: string | undefined;
    const arg = controller.args[0];
    if (arg && ts.isObjectLiteralExpression(arg)) {
      base = staticText(ctx.value(propertyNamed(arg, "path"))) ?? "";
      classVersion = versionOf(propertyNamed(arg, "version"), ctx);
    } else if (arg && ts.isArrayLiteralExpression(arg)) {
      base = staticText(ctx.value(arg.elements[0])) ?? "";
    } else if (arg) {
      base = staticText(ctx.value(arg)) ?? "";
    }
    const classVersionDecorator = decoratorsOf(node).find((d) => d.name === "Version");
    classVersion ??= versionOf(classVersionDecorator?.args[0], ctx);

    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.name) continue;
      const decorators = decoratorsOf(member);
      const version = versionOf(decorators.find((d) => d.name === "Version")?.args[0], ctx) ?? classVersion;
      const methodName = propertyKey(member.name);
      for (const decorator of decorators) {
        const method = METHOD_DECORATORS[decorator.name];
        if (!method) continue;
        const sub = decorator.args[0] ? staticText(ctx.value(decorator.args[0])) ?? "{?}" : "";
        ctx.facts.routes.push({
          framework: "nest",
          method,
          path: joinPath(base, sub),
          owner: "nest",
          ...(methodName ? { handler: `fn:${node.name.text}.${methodName}` } : {}),
          ...(version ? { version } : {}),
          location: ctx.loc(decorator.node),
        });
      }
    }
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    if (name === "setGlobalPrefix") {
      const prefix = staticText(ctx.value(node.arguments[0]));
      if (prefix !== undefined) ctx.facts.nest.globalPrefix = prefix;
    } else if (name === "enableVersioning") {
      const opts = node.arguments[0];
      const type = opts && ts.isObjectLiteralExpression(opts) ? propertyNamed(opts, "type") : undefined;
      // Without a type, Nest's default is URI versioning.
      if (type && !/URI/.test(ctx.text(type))) {
        ctx.facts.nest.uriVersioning = undefined;
        return;
      }
      const defaultVersion = opts && ts.isObjectLiteralExpression(opts) ? versionOf(propertyNamed(opts, "defaultVersion"), ctx) : undefined;
      const prefixExpr = opts && ts.isObjectLiteralExpression(opts) ? propertyNamed(opts, "prefix") : undefined;
      const prefix = prefixExpr ? staticText(ctx.value(prefixExpr)) : undefined;
      ctx.facts.nest.uriVersioning = { ...(defaultVersion ? { defaultVersion } : {}), ...(prefix !== undefined ? { prefix } : {}) };
    }
  },
};
