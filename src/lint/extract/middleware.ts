import { ts } from "../ts.js";
import type { MiddlewareStep } from "../types.js";
import { isFunctionLike, type ExtractContext } from "./context.js";
import { isProjectSpecifier } from "./routes.js";
import { handlerFields } from "./routes.js";

/**
 * App-wide middleware: `app.use(auth)`, `router.use(mw)`, `app.use("/admin", adminOnly)`. Express and Koa
 * run it before every route and router declared after it on that app (under its path, when it has one), so
 * its calls are made while handling each of them, and one that reads the version a request asks for
 * versions them through the request.
 */

/**
 * The function a `use` argument runs, when it can be one: an inline function (not an error handler, which
 * takes four parameters and runs only on failure), a function of this file or of an import (a router
 * imported under a name is taken too: the model links only functions), or the call of a project function
 * that builds one (`app.use(auth({ roles }))`). Package middleware (`cors()`, `express.json()`) leads nowhere.
 */
export function middlewareStep(arg: ts.Expression, ctx: ExtractContext): MiddlewareStep | undefined {
  let target = arg;
  while (ts.isParenthesizedExpression(target) || ts.isAsExpression(target)) target = target.expression;
  if (isFunctionLike(target)) {
    if (target.parameters.length >= 4) return undefined;
    const fields = handlerFields(target, ctx);
    return fields.handler ? withVersion({ handler: fields.handler, location: ctx.loc(target) }, target, ctx) : undefined;
  }
  let named: ts.Expression = target;
  if (ts.isCallExpression(target)) {
    // auth({ roles }), versioning(): a project function that returns the middleware (its inner function is a callee of it).
    const callee = target.expression;
    if (!ts.isIdentifier(callee) || callee.text === "require") return undefined;
    const imported = ctx.isShadowed(callee.text) ? undefined : ctx.imports.get(callee.text);
    if (imported ? !isProjectSpecifier(imported.specifier) : !ctx.lookupLocalFunction(callee.text)) return undefined;
    named = callee;
  }
  if (ts.isIdentifier(named)) {
    if (ctx.lookupObject(named.text) || ctx.paramFrame(named.text)) return undefined;
    const imported = ctx.isShadowed(named.text) ? undefined : ctx.imports.get(named.text);
    if (imported && !isProjectSpecifier(imported.specifier)) return undefined;
    if (!imported && !ctx.lookupLocalFunction(named.text)) return undefined;
  } else if (ts.isPropertyAccessExpression(named) && ts.isIdentifier(named.expression)) {
    // middlewares.auth of `const middlewares = require("./middlewares")`
    const imported = ctx.imports.get(named.expression.text);
    if (!imported || !isProjectSpecifier(imported.specifier)) return undefined;
  } else return undefined;
  const fields = handlerFields(named, ctx);
  if (!fields.handler && !fields.handlerRef) return undefined;
  const step: MiddlewareStep = fields.handler ? { handler: fields.handler, location: ctx.loc(target) } : { handlerRef: fields.handlerRef!, location: ctx.loc(target) };
  const name = ts.isIdentifier(named) ? named.text : (named as ts.PropertyAccessExpression).name.text;
  return withVersion(step, declarationOf(name, named, ctx), ctx, name);
}

/** Records the steps of one `use` call on an app or router: they run before what is declared on it afterwards. */
export function addGuards(ctx: ExtractContext, owner: string, prefix: string, steps: readonly MiddlewareStep[]): void {
  if (!steps.length) return;
  const guards = (ctx.guards ??= new Map());
  const list = guards.get(owner);
  if (list) list.push({ prefix, steps: [...steps] });
  else guards.set(owner, [{ prefix, steps: [...steps] }]);
}

/** The middleware `app.use` put before a route or mount at `path` on this owner so far, in the order it runs. */
export function guardsBefore(ctx: ExtractContext, owner: string, path: string): MiddlewareStep[] {
  const list = ctx.guards?.get(owner);
  if (!list) return [];
  const out: MiddlewareStep[] = [];
  for (const { prefix, steps } of list) if (under(path, prefix)) out.push(...steps);
  return out;
}

function under(path: string, prefix: string): boolean {
  const base = prefix.replace(/\/+$/, "");
  return base === "" || path === base || path.startsWith(`${base}/`);
}

/**
 * Reads the version a request asks for: a header named for it (`Accept-Version`, `API-Version`, `X-API-Version`,
 * `X-Version`) or a versioned media type in `Accept` (`application/vnd.shop.v2+json`, `…; version=2`). Read in
 * the function's own text when this file declares it; for an import, from its name (`versionMiddleware`,
 * `apiVersioning`), the only thing this file shows of it.
 */
const VERSION_HEADER = /["'`](accept-version|api-version|x-api-version|x-version)["'`]|\bvnd\b[^\n]{0,80}\bv(\d|\\d|\()|version=/i;
const VERSION_NAME = /version/i;

function withVersion(step: MiddlewareStep, declaration: ts.Node | undefined, ctx: ExtractContext, name?: string): MiddlewareStep {
  const body = declaration && isFunctionLike(declaration) ? declaration.body : undefined;
  const reads = body ? VERSION_HEADER.test(ctx.text(body)) : name !== undefined && !ctx.lookupLocalFunction(name) && VERSION_NAME.test(name);
  return reads ? { ...step, version: "header" } : step;
}

/** The function a name stands for in this file: a declaration or a `const` bound to a function (an import has none here). */
function declarationOf(name: string, named: ts.Expression, ctx: ExtractContext): ts.Node | undefined {
  if (!ts.isIdentifier(named)) return undefined;
  const local = ctx.lookupLocal(name)?.expr;
  if (local) return local;
  return ctx.sf.statements.find((s) => ts.isFunctionDeclaration(s) && s.name?.text === name);
}
