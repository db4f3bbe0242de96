import { ts } from "../ts.js";
import { type ExtractContext, isFunctionLike } from "./context.js";

/**
 * Routes a local helper registers for its callers: `function addRoute(method, path, handler) { server.route({ method,
 * path, handler }) }` or `const get = (path, h) => app.get(path, h)`, called in the same file as
 * `addRoute("GET", "/users", list)`. The registration inside the helper serves nothing by itself; each call of the
 * helper is one route, found at that call, with the method, path and handler its arguments give, as a reader counts them.
 */

/** More callers than this and the helper is a generated table, not a list a reader reads: left as it is. */
const MAX_SITES = 64;

/** One call of the helper: what the helper's parameters hold there. */
export interface HelperSite {
  call: ts.CallExpression;
  /** The argument a parameter of the helper stands for at this call (`verb.toUpperCase()` reads `verb`); else the expression itself. */
  argument(expr: ts.Expression): ts.Expression;
  /** True when the expression is one of the helper's parameters (possibly up- or lower-cased). */
  isParameter(expr: ts.Expression | undefined): boolean;
}

/**
 * The calls of the innermost named local function that declares one of `exprs` as a parameter, with what its
 * parameters hold at each; undefined when none of them is such a parameter or the file never calls the function.
 */
export function helperSites(exprs: readonly (ts.Expression | undefined)[], ctx: ExtractContext): HelperSite[] | undefined {
  const names = new Set(exprs.map((e) => e && parameterName(e)).filter((n): n is string => n !== undefined));
  if (names.size === 0) return undefined;
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (!isFunctionLike(node)) continue;
    const params = node.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined));
    if (!params.some((p) => p !== undefined && names.has(p))) continue;
    const name = functionName(node, ctx.stack[i - 1]);
    if (!name) return undefined;
    const calls = callsOf(name, node, ctx.sf);
    if (!calls || calls.length === 0) return undefined;
    return calls.map((call) => site(call, node, params));
  }
  return undefined;
}

function site(call: ts.CallExpression, fn: ts.FunctionLikeDeclaration, params: readonly (string | undefined)[]): HelperSite {
  const indexOf = (expr: ts.Expression | undefined): number => {
    const name = expr && parameterName(expr);
    return name === undefined ? -1 : params.indexOf(name);
  };
  return {
    call,
    isParameter: (expr) => indexOf(expr) >= 0,
    argument(expr) {
      const index = indexOf(expr);
      if (index < 0) return expr;
      return call.arguments[index] ?? fn.parameters[index]?.initializer ?? expr;
    },
  };
}

/** `verb`, `verb.toLowerCase()`, `(verb as string)`: the identifier read, else undefined. */
function parameterName(expr: ts.Expression): string | undefined {
  let current = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
    else if (ts.isCallExpression(current) && current.arguments.length === 0 && ts.isPropertyAccessExpression(current.expression) && /^to(Lower|Upper)Case$/.test(current.expression.name.text)) current = current.expression.expression;
    else break;
  }
  return ts.isIdentifier(current) ? current.text : undefined;
}

/** `function addRoute(...)` or `const addRoute = (...) => ...` / `= function (...)`. */
function functionName(fn: ts.Node, parent: ts.Node | undefined): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && parent && ts.isVariableDeclaration(parent) && parent.initializer === fn && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** Calls `name(...)` in the file outside the function itself; undefined past MAX_SITES. */
function callsOf(name: string, fn: ts.Node, sf: ts.SourceFile): ts.CallExpression[] | undefined {
  if (!sf.text.includes(`${name}(`) && !sf.text.includes(`${name} (`)) return [];
  const calls: ts.CallExpression[] = [];
  let tooMany = false;
  const visit = (node: ts.Node): void => {
    if (tooMany || node === fn) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) {
      calls.push(node);
      if (calls.length > MAX_SITES) tooMany = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return tooMany ? undefined : calls;
}
