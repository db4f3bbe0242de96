import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { propertyNamed } from "../context.js";
import { resolveOwner, type Owner } from "../routes.js";
import { isRequire } from "../syntax.js";
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
    readRouteTable(GATEWAY, optionsArg, server ? resolveOwner(server, ctx) : ownerOf(node, ctx), node, ctx);
  },
};

/** `gateway` as imported (default or namespace), `require("fast-gateway")` in place, or its `.default`. */
function isGatewayFactory(callee: ts.Expression, ctx: ExtractContext): boolean {
  let target = callee;
  while (ts.isParenthesizedExpression(target)) target = target.expression;
  if (ts.isIdentifier(target)) return ctx.isImportFrom(target, MODULES, ["default", "*"]);
  if (ts.isPropertyAccessExpression(target) && target.name.text === "default") return isGatewayFactory(target.expression, ctx);
  return isRequire(target) && MODULES.includes((target.arguments[0] as ts.StringLiteral).text);
}

/**
 * The server the call makes: the variable it is bound to (`const server = gateway(...)`), else the call itself
 * (`gateway(...).start(8080)`), recorded as an app of its own.
 */
function ownerOf(node: ts.CallExpression, ctx: ExtractContext): Owner {
  // Parents are not set on the tree: the walker's stack holds the call's ancestors, the call last.
  let index = ctx.stack.lastIndexOf(node) - 1;
  while (index >= 0 && (ts.isParenthesizedExpression(ctx.stack[index]!) || ts.isAwaitExpression(ctx.stack[index]!))) index--;
  const parent = ctx.stack[index];
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    const owner = resolveOwner(parent.name, ctx);
    if (owner) return owner;
  }
  const { line, column } = ctx.loc(node);
  const id = `gateway@L${line}C${column}`;
  ctx.facts.apps[id] = "restana";
  return { id, framework: "restana", known: true };
}
