import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { propertyNamed } from "../context.js";
import { ownerMadeAt, resolveOwner } from "../routes.js";
import { isRequire, requireSpecifier } from "../syntax.js";
import { objectOf } from "./common.js";
import { readRouteTable, type RouteTableGateway } from "./route-table.js";

/**
 * fast-gateway: `gateway({ routes: [{ prefix, target }] })` makes a restana server (its own verbs, `server.get(...)`,
 * are routes like express's) that serves each entry of the table by forwarding it (proxies/route-table.ts). Given a
 * server of the project's (`gateway({ server: app, routes })`), the table's routes are that server's.
 */

const MODULES = ["fast-gateway"];

const GATEWAY: RouteTableGateway = { library: "fast-gateway", framework: "restana", httpProxyTypes: ["http", "http-legacy"], noRouteProxyTypes: ["websocket"] };

export const fastGateway: Extractor = {
  family: "fast-gateway",
  modules: MODULES,
  callIdentifiers: true,
  callOthers: true,
  factory(expr, ctx) {
    return ts.isCallExpression(expr) && isGatewayFactory(expr.expression, ctx) ? { kind: "app", framework: "restana" } : undefined;
  },
  call(node, ctx) {
    if (!isGatewayFactory(node.expression, ctx)) return;
    const optionsArg = node.arguments[0];
    const options = objectOf(optionsArg, ctx);
    const server = options && propertyNamed(options, "server");
    readRouteTable(GATEWAY, optionsArg, server ? resolveOwner(server, ctx) : ownerMadeAt(node, ctx, "gateway", "restana"), node, ctx);
  },
};

/** `gateway` as imported (default or namespace), `require("fast-gateway")` in place, or its `.default`. */
function isGatewayFactory(callee: ts.Expression, ctx: ExtractContext): boolean {
  let target = callee;
  while (ts.isParenthesizedExpression(target)) target = target.expression;
  if (ts.isIdentifier(target)) return ctx.isImportFrom(target, MODULES, ["default", "*"]);
  if (ts.isPropertyAccessExpression(target) && target.name.text === "default") return isGatewayFactory(target.expression, ctx);
  return isRequire(target) && MODULES.includes(requireSpecifier(target));
}
