import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { propertyNamed } from "./context.js";
import { pushRoute, resolveOwner, routePaths } from "./routes.js";
import { isRequire, requireSpecifier } from "./syntax.js";

/**
 * restify: `restify.createServer()` (also `require("restify").createServer()` and a named import), its verbs with
 * restify's own spellings `del` and `opts`, and a route given as options, `server.get({ path, version }, handler)`,
 * whose `version` restify matches against the request's Accept-Version header: a versioned route. `get`, `post` …
 * with a path string are the shared verb extractor's (routes.ts).
 */

const MODULES = ["restify"];

const VERBS: Record<string, string> = { get: "GET", post: "POST", put: "PUT", patch: "PATCH", head: "HEAD", del: "DELETE", opts: "OPTIONS" };

export const restify: Extractor = {
  family: "restify",
  callProperties: Object.keys(VERBS),
  factory(expr, ctx) {
    if (!ts.isCallExpression(expr)) return undefined;
    const callee = expr.expression;
    if (ts.isIdentifier(callee) && ctx.isImportFrom(callee, MODULES, ["createServer"])) return { kind: "app", framework: "restify" };
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "createServer") return undefined;
    const module = callee.expression;
    if (ctx.isImportFrom(module, MODULES, ["default", "*"])) return { kind: "app", framework: "restify" };
    if (isRequire(module) && MODULES.includes(requireSpecifier(module))) return { kind: "app", framework: "restify" };
    return undefined;
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const verb = callee.name.text;
    const method = VERBS[verb];
    const [first, ...handlers] = node.arguments;
    if (!method || !first || !handlers.length) return;
    const options = ts.isObjectLiteralExpression(first) ? first : undefined;
    // A path string on a shared verb is the shared extractor's.
    if (!options && verb !== "del" && verb !== "opts") return;
    const owner = resolveOwner(callee.expression, ctx);
    if (!owner || owner.framework !== "restify") return;
    const pathExpr = options ? propertyNamed(options, "path") : first;
    const versioned = options && (propertyNamed(options, "version") ?? propertyNamed(options, "versions"));
    const routes = ctx.facts.routes;
    for (const path of routePaths(pathExpr, ctx)) {
      const count = routes.length;
      pushRoute(ctx, node, owner, "restify", method, path, handlers[handlers.length - 1], handlers.slice(0, -1));
      if (versioned && routes.length > count) routes[routes.length - 1]!.version = "header";
    }
  },
};
