import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { joinUrl, textValue, unknownValue } from "./context.js";
import { push } from "./http-clients.js";
import { isRelative } from "./routes.js";

/**
 * Hono's RPC client: `hc<AppType>(url)` (`hono/client`) is a client of the app at `url`, and a route called on it a
 * synchronous HTTP request: `client.api.orders[":id"].$get({ param })` is a GET of `<url>/api/orders/:id` (`index` is
 * the path's own root, `$post`/`$put`/`$patch`/`$delete` the other methods). The client is often made in one module and
 * called in another that does not import hono, so the call hook is not gated on the library: a chain ending in `$get`
 * (…) whose root is imported from a module of the project is kept with that instance, and the model keeps it only when
 * that module exports a Hono client (model/calls.ts).
 */

const MODULES = ["hono/client"];
const VERBS: Record<string, string> = { $get: "GET", $post: "POST", $put: "PUT", $patch: "PATCH", $delete: "DELETE" };

export const honoClientFactory: Extractor = {
  family: "hono-client",
  modules: MODULES,
  factory(expr, ctx) {
    if (!ts.isCallExpression(expr) || !ctx.isMemberOf(expr.expression, MODULES, "hc")) return undefined;
    const url = expr.arguments[0];
    return { kind: "client", client: "hono", base: url ? ctx.value(url) : unknownValue("hc url") };
  },
};

export const honoClientCalls: Extractor = {
  family: "hono-client-calls",
  callProperties: Object.keys(VERBS),
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = VERBS[callee.name.text];
    if (!method) return;
    const segments: string[] = [];
    let current: ts.Expression = callee.expression;
    for (;;) {
      if (ts.isPropertyAccessExpression(current) && current.expression.kind !== ts.SyntaxKind.ThisKeyword) {
        segments.unshift(current.name.text);
        current = current.expression;
      } else if (ts.isElementAccessExpression(current) && ts.isStringLiteralLike(current.argumentExpression)) {
        segments.unshift(current.argumentExpression.text);
        current = current.expression;
      } else break;
    }
    const path = textValue(`/${segments.filter((segment) => segment !== "index").join("/")}`);
    const key = ts.isIdentifier(current) ? current.text : ts.isPropertyAccessExpression(current) ? `this.${current.name.text}` : undefined;
    if (!key) return;
    const bound = ctx.lookupObject(key);
    if (bound) {
      if (bound.info?.kind === "client" && bound.info.client === "hono") push(ctx, node, "hono", method, joinUrl(bound.info.base ?? unknownValue("hc url"), path));
      return;
    }
    if (!ts.isIdentifier(current) || ctx.isShadowed(key)) return;
    const imported = ctx.imports.get(key);
    if (imported && isRelative(imported.specifier)) push(ctx, node, "hono", method, path, { instance: { specifier: imported.specifier, name: imported.imported } });
  },
};
