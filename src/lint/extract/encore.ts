import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { propertyNamed, textValue, type ExtractContext } from "./context.js";
import { push } from "./http-clients.js";
import { appMadeAt, pushRoute, routePath } from "./routes.js";

/**
 * Encore.ts endpoints and the calls between its services.
 *
 * - `export const get = api({ expose: true, method: "GET", path: "/site/:id" }, handler)` (also `api.raw`, and the
 *   streaming `api.streamIn`, `api.streamOut`, `api.streamInOut`), with `api` from `encore.dev/api`: a route the Encore
 *   runtime serves, handled by `handler`, and known to other services by its export name (`get`). One with several
 *   methods is a route per method; `"*"` is any method. An endpoint that is not exposed (`expose` absent or false:
 *   other services of the app can call it, the internet cannot), or that gives no path (Encore then addresses it as
 *   `/<service>.<name>`, a procedure), is marked as an RPC endpoint: unversioned-route judges public REST paths only.
 *   An endpoint with no method is taken as POST. A fallback path (`/!rest`) answers whatever no endpoint took: a catch-all.
 * - `import { site } from "~encore/clients"` then `site.get(req)`: a call from this service to the endpoint `get` of the
 *   service named `site`, which the model resolves by name (model/calls.ts), not by URL.
 */

const API = ["encore.dev/api"];
const CLIENTS = ["~encore/clients"];
const API_VARIANTS = new Set(["raw", "streamIn", "streamOut", "streamInOut"]);

export const encore: Extractor = {
  family: "encore",
  modules: [...API, ...CLIENTS],
  call(node, ctx) {
    const callee = node.expression;
    if (isApiCall(callee, ctx)) {
      endpoint(node, ctx);
      return;
    }
    // site.get(req): a method of a service client from ~encore/clients.
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && ctx.isImportFrom(callee.expression, CLIENTS)) {
      const service = ctx.importFact(callee.expression.text)!.imported;
      const endpointName = callee.name.text;
      push(ctx, node, "encore", "POST", textValue(`encore://${service}/${endpointName}`), { encore: { service, endpoint: endpointName } });
    }
  },
};

/** `api(...)`, `api.raw(...)`, `api.streamInOut(...)` with `api` imported from encore.dev/api. */
function isApiCall(callee: ts.Expression, ctx: ExtractContext): boolean {
  if (ts.isIdentifier(callee)) return ctx.isImportFrom(callee, API, ["api"]);
  return ts.isPropertyAccessExpression(callee) && API_VARIANTS.has(callee.name.text) && ts.isIdentifier(callee.expression) && ctx.isImportFrom(callee.expression, API, ["api"]);
}

function endpoint(node: ts.CallExpression, ctx: ExtractContext): void {
  const [options, handler] = node.arguments;
  if (!options || !ts.isObjectLiteralExpression(options)) return;
  const name = exportedName(node, ctx.stack);
  const written = propertyNamed(options, "path");
  const path = written ? routePath(written, ctx) : undefined;
  if (written && path === undefined) return;
  const exposed = propertyNamed(options, "expose")?.kind === ts.SyntaxKind.TrueKeyword;
  const owner = appMadeAt(node, ctx, "encore", "encore");
  const routes = ctx.facts.routes;
  const count = routes.length;
  for (const method of methodsOf(propertyNamed(options, "method"))) pushRoute(ctx, node, owner, "encore", method, path ?? `/${name ?? "endpoint"}`, handler);
  for (let i = count; i < routes.length; i++) {
    const route = routes[i]!;
    if (name) route.encoreEndpoint = name;
    if (!exposed || path === undefined) route.rpc = "encore";
    // `/!rest`: Encore's fallback, which answers whatever no other endpoint took.
    else if (path.includes("/!")) route.catchAll = true;
  }
}

/** `method: "GET"`, `method: ["GET", "POST"]`, `"*"` (any: ALL); absent: POST. */
function methodsOf(expr: ts.Expression | undefined): string[] {
  if (!expr) return ["POST"];
  const texts = ts.isArrayLiteralExpression(expr) ? expr.elements.filter(ts.isStringLiteralLike).map((e) => e.text) : ts.isStringLiteralLike(expr) ? [expr.text] : [];
  if (!texts.length) return ["POST"];
  return texts.map((text) => (text === "*" ? "ALL" : text.toUpperCase()));
}

/** The name `export const get = api(...)` binds the endpoint to (the walker's stack holds the parents: no parent links). */
function exportedName(node: ts.CallExpression, stack: readonly ts.Node[]): string | undefined {
  let index = stack.lastIndexOf(node);
  let parent = index > 0 ? stack[index - 1] : undefined;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))) parent = stack[--index - 1];
  return parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
}
