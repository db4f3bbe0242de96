import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { resolveOwner } from "../routes.js";
import { readRouteTable, type RouteTableGateway } from "./route-table.js";

/**
 * k-fastify-gateway: a fastify plugin, `app.register(require("k-fastify-gateway"), { routes: [{ prefix, target }] })`,
 * that registers a route on the app for each entry of the table and forwards it (proxies/route-table.ts).
 */

const MODULES = ["k-fastify-gateway"];

const GATEWAY: RouteTableGateway = { library: "k-fastify-gateway", framework: "fastify" };

export const kFastifyGateway: Extractor = {
  family: "k-fastify-gateway",
  modules: MODULES,
  callProperties: ["register"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const [plugin, options] = node.arguments;
    if (!plugin || !isGatewayPlugin(plugin, ctx)) return;
    readRouteTable(GATEWAY, options, resolveOwner(callee.expression, ctx), node, ctx);
  },
};

/** The plugin as imported, or loaded in place (`require("k-fastify-gateway")`, `import(…)`), or its `.default`. */
function isGatewayPlugin(plugin: ts.Expression, ctx: ExtractContext): boolean {
  let target = plugin;
  while (ts.isAwaitExpression(target) || ts.isParenthesizedExpression(target)) target = target.expression;
  if (ts.isIdentifier(target)) return ctx.isImportFrom(target, MODULES);
  if (ts.isPropertyAccessExpression(target) && target.name.text === "default") return isGatewayPlugin(target.expression, ctx);
  if (ts.isCallExpression(target) && target.arguments.length === 1) {
    const specifier = target.arguments[0]!;
    const loads = target.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(target.expression) && target.expression.text === "require");
    return loads && ts.isStringLiteral(specifier) && MODULES.includes(specifier.text);
  }
  return false;
}
