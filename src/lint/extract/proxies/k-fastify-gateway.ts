import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { resolveOwner } from "../routes.js";
import { readRouteTable, type RouteTableGateway } from "./route-table.js";
import { isPluginFrom } from "./common.js";

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
    if (!plugin || !isPluginFrom(plugin, MODULES, ctx)) return;
    readRouteTable(GATEWAY, options, resolveOwner(callee.expression, ctx), node, ctx);
  },
};

