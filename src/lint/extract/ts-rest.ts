import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { joinUrl, propertyNamed, unknownValue } from "./context.js";
import { push } from "./http-clients.js";

/**
 * ts-rest clients: `initClient(contract, { baseUrl })` (`@ts-rest/core`; `initQueryClient` of its react-query
 * package takes the same options) is a client of the service at `baseUrl`, and each route of the contract called on it
 * (`orders.getOrder({ params })`, `orders.orders.list()` for a nested contract) a synchronous HTTP request to it. The
 * method and path are the contract's, which lives in another module (often a shared package) and is not read: the call
 * is `ALL <baseUrl>/{?}`, enough to know which service it reaches and to judge how it is guarded. A client another
 * module exports is followed in the model (model/rpc-callees.ts). Not read: the servers' routes
 * (`createExpressEndpoints(contract, router, app)`, `@TsRestHandler`), which live in the contract too.
 */

const MODULES = ["@ts-rest/core", "@ts-rest/react-query"];
const FACTORIES = ["initClient", "initQueryClient", "initTsrReactQuery"];

export const tsRest: Extractor = {
  family: "ts-rest",
  modules: MODULES,
  factory(expr, ctx) {
    if (!ts.isCallExpression(expr) || !FACTORIES.some((name) => ctx.isMemberOf(expr.expression, MODULES, name))) return undefined;
    const options = expr.arguments[1];
    const base = options && ts.isObjectLiteralExpression(options) ? propertyNamed(options, "baseUrl") : undefined;
    return { kind: "client", client: "ts-rest", base: base ? ctx.value(base) : unknownValue("ts-rest baseUrl") };
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    // orders.getOrder(args), orders.orders.list(args): the root a client bound in scope.
    let root: ts.Expression = callee.expression;
    const names = [callee.name.text];
    while (ts.isPropertyAccessExpression(root) && root.expression.kind !== ts.SyntaxKind.ThisKeyword) {
      names.unshift(root.name.text);
      root = root.expression;
    }
    const key = ts.isIdentifier(root) ? root.text : ts.isPropertyAccessExpression(root) ? `this.${root.name.text}` : undefined;
    const bound = key ? ctx.lookupObject(key) : undefined;
    if (bound?.info?.kind !== "client" || bound.info.client !== "ts-rest") return;
    push(ctx, node, "ts-rest", "ALL", joinUrl(bound.info.base ?? unknownValue("ts-rest baseUrl"), unknownValue(`the contract's route ${names.join(".")}`)));
  },
};
