import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { positionId } from "./function-ids.js";
import { propertyKey } from "./context.js";

/**
 * A factory that hands back an object of the functions it defines: `export const createProducer = (kafka) => { const
 * send = async (topic, message) => …; return { connect, send } }`. What a module makes of it (`export const producer =
 * createProducer(client)`) is called as `producer.send("order-created", order)`: that is the inner `send`
 * (model/call-graph.ts), so a helper's publish on its parameters is found at each call site (model/argument-topics.ts).
 * Module-level factories only (a function declaration or a constant holding an arrow or function expression), each
 * returned key a function of the factory's own body (a constant set to one, or one written in the object).
 */
export const returnedMembers: Extractor = {
  family: "returned-members",
  fileEnd(ctx) {
    if (!ctx.sf.text.includes("return {") && !ctx.sf.text.includes("=> ({")) return;
    for (const statement of ctx.sf.statements) {
      for (const [name, fn] of factoriesOf(statement)) {
        const members = membersReturned(fn, ctx);
        if (members) (ctx.facts.returnedMembers ??= {})[`fn:${name}`] = members;
      }
    }
  },
};

type FunctionNode = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** The module-level functions a statement declares, by name. */
function factoriesOf(statement: ts.Statement): [string, FunctionNode][] {
  if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) return [[statement.name.text, statement]];
  if (!ts.isVariableStatement(statement)) return [];
  const found: [string, FunctionNode][] = [];
  for (const decl of statement.declarationList.declarations) {
    const init = decl.initializer;
    if (ts.isIdentifier(decl.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) found.push([decl.name.text, init]);
  }
  return found;
}

/** The keys of the object the factory returns that name functions of its own body, with those functions' ids. */
function membersReturned(fn: FunctionNode, ctx: ExtractContext): Record<string, string> | undefined {
  const body = fn.body;
  if (!body) return undefined;
  let object: ts.ObjectLiteralExpression | undefined;
  const locals = new Map<string, ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration>();
  if (ts.isBlock(body)) {
    for (const statement of body.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name) locals.set(statement.name.text, statement);
      if (ts.isVariableStatement(statement)) {
        for (const decl of statement.declarationList.declarations) {
          const init = decl.initializer;
          if (ts.isIdentifier(decl.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) locals.set(decl.name.text, init);
        }
      }
      if (ts.isReturnStatement(statement) && statement.expression && ts.isObjectLiteralExpression(unwrap(statement.expression))) object = unwrap(statement.expression) as ts.ObjectLiteralExpression;
    }
  } else if (ts.isObjectLiteralExpression(unwrap(body as ts.Expression))) object = unwrap(body as ts.Expression) as ts.ObjectLiteralExpression;
  if (!object) return undefined;
  const members: Record<string, string> = {};
  for (const prop of object.properties) {
    let key: string | undefined;
    let target: ts.Node | undefined;
    if (ts.isShorthandPropertyAssignment(prop)) {
      key = prop.name.text;
      target = locals.get(key);
    } else if (ts.isPropertyAssignment(prop)) {
      key = propertyKey(prop.name);
      const init = prop.initializer;
      target = ts.isIdentifier(init) ? locals.get(init.text) : ts.isArrowFunction(init) || ts.isFunctionExpression(init) ? init : undefined;
    } else if (ts.isMethodDeclaration(prop) && prop.body) {
      key = propertyKey(prop.name);
      target = prop;
    }
    if (!key || !target) continue;
    members[key] = ts.isFunctionDeclaration(target) ? `fn:${target.name!.text}` : positionId(target, ctx);
  }
  return Object.keys(members).length ? members : undefined;
}

function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}
