import { ts } from "../ts.js";
import type { SenecaFacts } from "../types.js";
import type { Extractor } from "./extractor.js";
import { type ExtractContext, isFunctionLike, propertyKey, withoutAssertions } from "./context.js";

/**
 * Seneca: a service adds handlers for message patterns (`seneca.add("role:stock,cmd:count", handler)`, or
 * `this.add({ role: "stock", cmd: "count" }, handler)` in a plugin function) and acts on patterns other services add
 * (`seneca.act({ role: "stock", cmd: "count", sku }, reply)`), over the transport its `client`/`listen` name: a request
 * and its reply, a synchronous call between services (model/seneca.ts finds which service adds the pattern). Plugins
 * are often files that never import seneca (`module.exports = function () { this.add(...) }`), so the hook is not gated
 * by imports: it reads only `add`/`act` on a receiver named as a Seneca instance is (`seneca`, `si`, `this`) whose
 * pattern is written out as `key:value` pairs, and leaves everything else alone.
 */

/** Receivers a Seneca instance goes by: `seneca`, `si`, `this` (a plugin, or an action's own instance), `senecaClient`. */
const RECEIVER = /^(seneca|si|this|[a-z]\w*Seneca|seneca[A-Z]\w*)$/;

/** What an action's reply callback is called: `reply`, `respond`, `done`, `cb`, `r`. */
const REPLY = /^(r|reply|respond|done|cb|callback|next)$/;

/** A pattern string: `role:stock,cmd:count`, `role: stock, cmd: count`. */
const PATTERN_TEXT = /^\s*[A-Za-z_$][\w$-]*\s*:\s*[^,:\s]+(\s*,\s*[A-Za-z_$][\w$-]*\s*:\s*[^,:\s]+)*\s*$/;

export const seneca: Extractor = {
  family: "seneca",
  callProperties: ["add", "act"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    // In a file that loads seneca, any instance it names (`const database = require("seneca")(); database.act(...)`).
    if (!isSenecaReceiver(callee.expression) && !(ts.isIdentifier(callee.expression) && loadsSeneca(ctx))) return;
    const first = node.arguments[0];
    if (method === "add" && first && ts.isIdentifier(first) && node.arguments[1]) {
      // `for (const cmd in commands) seneca.add(cmd, commands[cmd])`: each pattern key of the object literal, its handler.
      for (const entry of loopedPatterns(first, node, ctx.sf)) senecaFacts(ctx).adds.push({ pattern: entry.pattern, ...(entry.handler ? { handlerAt: ctx.functionLoc(entry.handler) } : {}), location: ctx.loc(entry.at) });
      return;
    }
    const pattern = first && patternOf(first);
    if (!pattern) return;
    const facts = senecaFacts(ctx);
    if (method === "add") {
      const handler = node.arguments[node.arguments.length - 1];
      const fn = handler && withoutAssertions(handler);
      if (!fn || fn === first) return;
      if (isFunctionLike(fn)) facts.adds.push({ pattern, handlerAt: ctx.functionLoc(fn), location: ctx.loc(node) });
      else if (ts.isIdentifier(fn)) facts.adds.push({ pattern, handlerRef: { name: fn.text }, location: ctx.loc(node) });
      else if (ts.isPropertyAccessExpression(fn) && ts.isIdentifier(fn.expression)) facts.adds.push({ pattern, handlerRef: { object: fn.expression.text, name: fn.name.text }, location: ctx.loc(node) });
      else facts.adds.push({ pattern, location: ctx.loc(node) });
      return;
    }
    // `act(pattern, data?, reply)`: the reply callback runs when the answer comes, so the caller waits on it as on an await;
    // so does an action that hands its own reply on (`this.act(pattern, reply)`).
    const last = node.arguments.length > 1 ? withoutAssertions(node.arguments[node.arguments.length - 1]!) : undefined;
    const replied = last !== undefined && (isFunctionLike(last) || (ts.isIdentifier(last) && REPLY.test(last.text)));
    const inFunction = ctx.currentFunction();
    facts.acts.push({ pattern, ...(inFunction ? { inFunction } : {}), awaited: replied || ctx.isAwaited(), parallel: ctx.isParallel(), location: ctx.loc(node) });
  },
};

/**
 * The patterns a `for (key in table)` loop adds, `key` being the loop's variable and `table` an object literal the file
 * declares with a `const`/`let`/`var`: each key written as a pattern, with the function it holds.
 */
function loopedPatterns(key: ts.Identifier, call: ts.CallExpression, sf: ts.SourceFile): { pattern: Record<string, string>; handler?: ts.Node; at: ts.Node }[] {
  // (Parsed without parent links: the innermost `for … in` around the call, found from the top by position.)
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (call.pos < node.pos || call.end > node.end) return;
    if (ts.isForInStatement(node)) found = node;
    else if (isFunctionLike(node)) found = undefined;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  const loop = found;
  if (!loop || !ts.isForInStatement(loop) || !ts.isIdentifier(loop.expression)) return [];
  const init = loop.initializer;
  const variable = ts.isVariableDeclarationList(init) ? init.declarations[0]?.name : init;
  if (!variable || !ts.isIdentifier(variable) || variable.text !== key.text) return [];
  const table = declaredObject(loop.expression.text, sf);
  if (!table) return [];
  const entries: { pattern: Record<string, string>; handler?: ts.Node; at: ts.Node }[] = [];
  for (const property of table.properties) {
    const name = property.name ? propertyKey(property.name) : undefined;
    const pattern = name !== undefined ? patternOf(ts.factory.createStringLiteral(name)) : undefined;
    if (!pattern) continue;
    const value = ts.isPropertyAssignment(property) ? withoutAssertions(property.initializer) : ts.isMethodDeclaration(property) ? property : undefined;
    entries.push({ pattern, ...(value && isFunctionLike(value) ? { handler: value } : {}), at: property });
  }
  return entries;
}

/** The object literal a top-level `const`/`let`/`var <name> = { … }` of the file holds. */
function declaredObject(name: string, sf: ts.SourceFile): ts.ObjectLiteralExpression | undefined {
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name || !declaration.initializer) continue;
      const value = withoutAssertions(declaration.initializer);
      return ts.isObjectLiteralExpression(value) ? value : undefined;
    }
  }
  return undefined;
}

function loadsSeneca(ctx: ExtractContext): boolean {
  return ctx.facts.imports.some((i) => i.specifier === "seneca") || (ctx.facts.moduleReferences ?? []).some((r) => r.specifier === "seneca");
}

function isSenecaReceiver(expr: ts.Expression): boolean {
  const inner = withoutAssertions(expr);
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isIdentifier(inner)) return RECEIVER.test(inner.text);
  if (ts.isPropertyAccessExpression(inner)) return RECEIVER.test(inner.name.text);
  // `require("seneca")().use(...).add(...)`, `seneca.use(plugin).act(...)`: a chain that starts at an instance.
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression)) return isSenecaReceiver(inner.expression.expression);
  return false;
}

/** The `key:value` pairs a pattern writes out: a pattern string, or an object's string-valued properties (the rest are data). */
function patternOf(expr: ts.Expression): Record<string, string> | undefined {
  const node = withoutAssertions(expr);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    if (!PATTERN_TEXT.test(node.text)) return undefined;
    const pattern: Record<string, string> = {};
    for (const pair of node.text.split(",")) {
      const at = pair.indexOf(":");
      pattern[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
    return pattern;
  }
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const pattern: Record<string, string> = {};
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = propertyKey(property.name);
    const value = withoutAssertions(property.initializer);
    if (key && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value))) pattern[key] = value.text;
  }
  return Object.keys(pattern).length ? pattern : undefined;
}

function senecaFacts(ctx: ExtractContext): SenecaFacts {
  ctx.facts.seneca ??= { adds: [], acts: [] };
  return ctx.facts.seneca;
}
