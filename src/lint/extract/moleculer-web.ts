import { ts } from "../ts.js";
import type { MoleculerWebRouteFact } from "../types.js";
import { type ExtractContext, isFunctionLike, propertyKey, propertyNamed, staticText, withoutAssertions } from "./context.js";
import { objectLiteralOf } from "./datastores/connection.js";

/**
 * moleculer-web's routes, as an API gateway service's `settings.routes` declares them: each route's `path` prefix, its
 * `aliases` (`"GET /users": "users.list"`, `"POST /users": { action: "users.create" }`, `"GET /x": [auth, "x.get"]`,
 * `"REST /articles": "articles"` for the six CRUD routes), `autoAliases` (the actions' own `rest` definitions),
 * `mappingPolicy` and `whitelist`. Which actions those reach is the model's (model/moleculer.ts), across files.
 */

/** What `"REST /articles": "articles"` stands for: moleculer-web's six CRUD aliases. */
const REST_SHORTHAND: readonly { method: string; suffix: string; action: string }[] = [
  { method: "GET", suffix: "", action: "list" },
  { method: "GET", suffix: "/:id", action: "get" },
  { method: "POST", suffix: "", action: "create" },
  { method: "PUT", suffix: "/:id", action: "update" },
  { method: "PATCH", suffix: "/:id", action: "patch" },
  { method: "DELETE", suffix: "/:id", action: "remove" },
];

const METHODS = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ALL|REST|\*)$/i;

export function gatewayRoutes(settings: ts.ObjectLiteralExpression, ctx: ExtractContext): MoleculerWebRouteFact[] {
  const routes = propertyNamed(settings, "routes");
  const list = routes && withoutAssertions(routes);
  if (!list || !ts.isArrayLiteralExpression(list)) return [];
  const out: MoleculerWebRouteFact[] = [];
  for (const element of list.elements) {
    const route = objectLiteralOf(element, ctx);
    if (!route) continue;
    const pathExpr = propertyNamed(route, "path");
    const path = pathExpr ? staticText(ctx.value(pathExpr)) ?? "" : "";
    const fact: MoleculerWebRouteFact = { path, aliases: [], location: ctx.loc(route) };
    const aliases = objectLiteralOf(propertyNamed(route, "aliases"), ctx);
    for (const prop of aliases?.properties ?? []) fact.aliases.push(...aliasesOf(prop, ctx));
    const auto = propertyNamed(route, "autoAliases");
    if (auto && withoutAssertions(auto).kind === ts.SyntaxKind.TrueKeyword) fact.autoAliases = true;
    const policy = propertyNamed(route, "mappingPolicy");
    const policyText = policy && staticText(ctx.value(policy));
    if (policyText) fact.mappingPolicy = policyText;
    const whitelist = propertyNamed(route, "whitelist");
    const allowed = whitelist && withoutAssertions(whitelist);
    if (allowed && ts.isArrayLiteralExpression(allowed)) {
      fact.whitelist = allowed.elements.flatMap((item) => {
        const value = withoutAssertions(item);
        if (ts.isRegularExpressionLiteral(value)) return [value.text];
        const text = staticText(ctx.value(value));
        return text !== undefined ? [text] : [];
      });
    }
    out.push(fact);
  }
  return out;
}

/** One alias entry: `"METHOD /path"` (or `"/path"`, every method; `"POST multipart /upload"`) → the action it calls, if it names one. */
function aliasesOf(prop: ts.ObjectLiteralElementLike, ctx: ExtractContext): MoleculerWebRouteFact["aliases"] {
  const key = prop.name && propertyKey(prop.name);
  // `"GET /status"(req, res) { ... }`: the gateway answers it itself.
  if (key && ts.isMethodDeclaration(prop)) return [{ ...routeOf(key), location: ctx.loc(prop) }];
  if (!key || !ts.isPropertyAssignment(prop)) return [];
  const { method, path } = routeOf(key);
  const action = actionOf(prop.initializer, ctx);
  const location = ctx.loc(prop);
  if (method === "REST") {
    if (!action) return [];
    return REST_SHORTHAND.map((entry) => ({ method: entry.method, path: `${path.replace(/\/+$/, "")}${entry.suffix}`, action: `${action}.${entry.action}`, location }));
  }
  return [{ method, path, ...(action ? { action } : {}), location }];
}

/** `"GET /users"`, `"/users"` (every method), `"POST multipart /upload"`, `"POST users"` (no leading slash). */
function routeOf(key: string): { method: string; path: string } {
  const words = key.trim().split(/\s+/);
  const method = words.length > 1 && METHODS.test(words[0]!) ? words[0]!.toUpperCase() : "ALL";
  const rawPath = words[words.length - 1]!;
  return { method: method === "*" ? "ALL" : method, path: rawPath.startsWith("/") ? rawPath : `/${rawPath}` };
}

/** `"users.list"`, `{ action: "users.list" }`, `[middleware, "users.list"]`; a function handles the request itself (no action). */
function actionOf(expr: ts.Expression, ctx: ExtractContext): string | undefined {
  const value = withoutAssertions(expr);
  if (isFunctionLike(value)) return undefined;
  if (ts.isArrayLiteralExpression(value)) {
    for (const element of [...value.elements].reverse()) {
      const found = actionOf(element, ctx);
      if (found) return found;
    }
    return undefined;
  }
  const object = objectLiteralOf(value, ctx);
  if (object) {
    const action = propertyNamed(object, "action");
    return action ? actionOf(action, ctx) : undefined;
  }
  // `"multipart:media.save"`, `"stream:files.save"`: a file upload to the action.
  const text = staticText(ctx.value(value))?.replace(/^(multipart|stream):/, "");
  return text && /^[\w$.-]+$/.test(text) ? text : undefined;
}
