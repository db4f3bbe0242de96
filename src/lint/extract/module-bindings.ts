import { ts } from "../ts.js";
import type { ImportFact, Value } from "../types.js";
import { fromReturnedOptions, isFunctionNode, objectLiteralOf, withSpreads } from "./datastores/connection.js";
import { defaultsTimeoutAssignment } from "./client-defaults.js";
import { ExtractContext, isFunctionLike, propertyKey, propertyNamed, propertyPath, returnedExpression, withoutAssertions } from "./context.js";
import { call } from "./call-facts.js";
import { positionId } from "./function-ids.js";
import { hasDefault, hasExport, iifeBody, isIdentifierChar, requireOf, unwrapAwait, unwrapPluginWrapper, requireSpecifier } from "./syntax.js";
import { assignedObject, memberObject } from "./variables.js";
import { K } from "./children.js";
import { chainRoot } from "./bound-objects.js";
import type { Walker } from "./walk.js";
import { moduleReference } from "./module-references.js";
import { flowArguments } from "./value-flow.js";
import { globalDirAssignment } from "./module-paths.js";

/**
 * What a file imports and exports, as the walker records it: imports and requires (the prepass), enums,
 * `export` forms and `module.exports` assignments, and the exported constants other files may read.
 */

/** The class of this module a call is given first (`withBreaker(OrdersController, opts)`), if any. */
function wrappedClass(call: ts.CallExpression, sf: ts.SourceFile): string | undefined {
  const first = call.arguments[0];
  if (!first || !ts.isIdentifier(first)) return undefined;
  return sf.statements.some((s) => ts.isClassDeclaration(s) && s.name?.text === first.text) ? first.text : undefined;
}

/** Module-level imports and const initialisers first, so later code can use them in any order. */
export function prepass(w: Walker): void {
  const { ctx } = w;
  // One pass: imports (and requires) and module constants are recorded independently of each other.
  for (const statement of ctx.sf.statements) {
    const wrapped = iifeBody(statement);
    if (wrapped) prepassWrapped(w, wrapped, 0);
    else if (ts.isImportDeclaration(statement)) recordImport(w, statement);
    else if (ts.isImportEqualsDeclaration(statement)) recordImportEquals(w, statement);
    else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        recordRequire(w, decl);
        recordDestructuredImport(w, decl);
        if (ts.isIdentifier(decl.name) && decl.initializer && !requireOf(decl.initializer)) ctx.moduleFrame.locals.set(decl.name.text, decl.initializer);
      }
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      w.callableNames.add(statement.name.text);
      ctx.moduleFunctions.add(statement.name.text);
    } else if (ts.isEnumDeclaration(statement)) recordEnum(w, statement);
    else if (ts.isModuleDeclaration(statement)) recordNamespace(w, statement);
    else if (ts.isExpressionStatement(statement)) recordBareRequire(w, statement.expression);
    else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) ctx.specifiers.add(statement.moduleSpecifier.text);
  }
  if (ctx.sf.text.includes("require(")) recordFunctionRequires(w);
  for (const name of ctx.imports.keys()) w.callableNames.add(name);
  implicitGlobals(ctx);
  // `fastify.register(require("@fastify/http-proxy"), options)`, at the top or in a plugin's body: a module loaded in
  // place to hand over, which the extractors of its library must see imported (it binds no name and runs nothing);
  // and `const Adapter = require("moleculer-db-adapter-mongo")` in the branch that uses it. One pass over the text.
  const text = ctx.sf.text;
  if (text.includes("require(")) for (const match of text.matchAll(HANDED_OVER_REQUIRE)) ctx.specifiers.add(match[2]!);
}

/**
 * `proxyNews = createProxyMiddleware({ … })` at the top of a script that declares no `proxyNews`: sloppy-mode code makes
 * it a global, which the module's later statements (`app.use("/news", proxyNews)`) use as they would a constant. The
 * first such assignment of each undeclared name is read as its module constant.
 */
function implicitGlobals(ctx: Walker["ctx"]): void {
  const declared = new Set<string>();
  for (const statement of ctx.sf.statements) {
    if (ts.isVariableStatement(statement)) for (const decl of statement.declarationList.declarations) for (const name of boundNames(decl.name)) declared.add(name);
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) declared.add(statement.name.text);
  }
  for (const statement of ctx.sf.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    const expr = statement.expression;
    if (!ts.isBinaryExpression(expr) || expr.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(expr.left)) continue;
    const name = expr.left.text;
    if (name === "exports" || name === "module" || declared.has(name) || ctx.imports.has(name) || ctx.moduleFrame.locals.has(name)) continue;
    ctx.moduleFrame.locals.set(name, expr.right);
  }
}

function boundNames(name: ts.VariableDeclaration["name"]): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const out: string[] = [];
  for (const element of name.elements) if (!ts.isOmittedExpression(element)) out.push(...boundNames(element.name));
  return out;
}

/** `const producer = require("../producer")` written on a line of its own, at any depth. */
const LOCAL_REQUIRE = /^[ \t]*(?:const|let|var)[ \t]+([A-Za-z_$][\w$]*)[ \t]*=[ \t]*require\([ \t]*(["'])(\.{1,2}\/[^"'\n]*)\2[ \t]*\)/gm;

/**
 * `const kafkaProducer = require("../producer")` inside a handler (a require put off until it runs, to break a cycle
 * of modules): the module is the file's import all the same, for the calls made on it there. Only a project module
 * (relative), and only a name the module level neither imports nor declares (one binding for the whole file).
 */
function recordFunctionRequires(w: Walker): void {
  const { ctx } = w;
  const text = ctx.sf.text;
  for (const match of text.matchAll(LOCAL_REQUIRE)) {
    const local = match[1]!;
    if (ctx.imports.has(local) || ctx.moduleFrame.locals.has(local) || w.callableNames.has(local)) continue;
    const specifier = match[3]!;
    ctx.specifiers.add(specifier);
    const line = ctx.sf.getLineAndCharacterOfPosition(match.index!).line + 1;
    const fact: ImportFact = { local, imported: "default", specifier, line };
    ctx.imports.set(local, fact);
    ctx.facts.imports.push(fact);
  }
}

/** `(require("m")`, `, require("m")`: a require written as a call's argument; `= require("m")`: one into a local, at any depth. */
const HANDED_OVER_REQUIRE = /[(,=]\s*require\(\s*(["'])([^"'\n]+)\1\s*\)/g;

/**
 * `(function () { var request = require("request"); ... }())`: a module written inside an
 * immediately invoked function (old Node style) requires its modules there; they are the
 * module's imports all the same. Its constants stay in its own scope (bound during the walk).
 */
export function prepassWrapped(w: Walker, statements: ts.SourceFile["statements"], depth: number): void {
  for (const statement of statements) {
    const wrapped = iifeBody(statement);
    if (wrapped && depth < 3) prepassWrapped(w, wrapped, depth + 1);
    else if (ts.isVariableStatement(statement)) for (const decl of statement.declarationList.declarations) recordRequire(w, decl);
    else if (ts.isFunctionDeclaration(statement) && statement.name) w.callableNames.add(statement.name.text);
  }
}


export function recordImport(w: Walker, node: ts.ImportDeclaration): void {
  const { ctx } = w;
  if (!ts.isStringLiteral(node.moduleSpecifier)) return;
  const specifier = node.moduleSpecifier.text;
  ctx.specifiers.add(specifier);
  const clause = node.importClause;
  if (!clause) {
    // import "./telemetry": run for what it does.
    (ctx.facts.bareImports ??= []).push(specifier);
    moduleReference(ctx, specifier, node);
    return;
  }
  // A package's types (`import type { FastifyInstance } from "fastify"`) have no object of the project behind them.
  const typeOnly = (local: string, imported: string) => {
    if (!/^(\.|~|@\/|#)/.test(specifier)) return;
    ctx.typeImports.add(local);
    (ctx.facts.typeImports ??= []).push({ local, imported, specifier });
  };
  if (clause.isTypeOnly) {
    if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) for (const element of clause.namedBindings.elements) typeOnly(element.name.text, (element.propertyName ?? element.name).text);
    return;
  }
  const line = ctx.loc(node).line;
  const text = ctx.sf.text;
  const add = (local: string, imported: string) => {
    const fact: ImportFact = occursAfter(text, local, node.end) ? { local, imported, specifier, line } : { local, imported, specifier, line, unused: true };
    ctx.imports.set(local, fact);
    ctx.facts.imports.push(fact);
  };
  if (clause.name) add(clause.name.text, "default");
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) add(bindings.name.text, "*");
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) {
      if (element.isTypeOnly) {
        typeOnly(element.name.text, (element.propertyName ?? element.name).text);
        continue;
      }
      add(element.name.text, (element.propertyName ?? element.name).text);
    }
  }
}

/** `require("./server");` or `require("./routes")(app);` as a statement of its own: the module runs for what it does. */
function recordBareRequire(w: Walker, expr: ts.Expression): void {
  const required = requireOf(expr) ?? (ts.isCallExpression(expr) ? requireOf(expr.expression) : undefined);
  if (!required) return;
  const specifier = requireSpecifier(required);
  w.ctx.specifiers.add(specifier);
  (w.ctx.facts.bareImports ??= []).push(specifier);
}

/**
 * `enum Subjects { TicketCreated = "ticket:created" }`: members with a literal value, for this
 * file's values (`Subjects.TicketCreated`) and, when exported, for other files' imports.
 */
export function recordEnum(w: Walker, node: ts.EnumDeclaration): void {
  const { ctx } = w;
  const members = new Map<string, Value>();
  // A member without an initialiser is the previous number plus one (0 for the first).
  let next: number | undefined = 0;
  for (const member of node.members) {
    const key = propertyKey(member.name);
    const init = member.initializer;
    let text: string | undefined;
    if (!init) text = next === undefined ? undefined : String(next);
    else if (ts.isStringLiteralLike(init) || ts.isNumericLiteral(init)) text = init.text;
    next = text !== undefined && (!init || ts.isNumericLiteral(init)) ? Number(text) + 1 : undefined;
    if (key && text !== undefined) members.set(key, { parts: [{ kind: "text", text }] });
  }
  recordMembers(w, node, node.name.text, members);
}

/** An enum's or a namespace's literal members, read as `Name.member` in this file and, when exported, in others. */
function recordMembers(w: Walker, node: ts.EnumDeclaration | ts.ModuleDeclaration, name: string, members: Map<string, Value>): void {
  if (members.size === 0) return;
  const { ctx } = w;
  ctx.enums.set(name, members);
  if (!hasExport(node)) return;
  w.rawExports.push({ exported: hasDefault(node) ? "default" : name, id: `const:${name}` });
  for (const [key, value] of members) ctx.facts.constants[`${name}.${key}`] = value;
}

/**
 * `export namespace AccountLogin { export const topic = "account.login.command"; }`: a contracts library's message
 * names, one namespace per message (with its Request and Response classes), read as an enum's members are.
 */
function recordNamespace(w: Walker, node: ts.ModuleDeclaration): void {
  if (!ts.isIdentifier(node.name) || !node.body || !ts.isModuleBlock(node.body)) return;
  const members = new Map<string, Value>();
  for (const statement of node.body.statements) {
    if (!ts.isVariableStatement(statement) || !hasExport(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const decl of statement.declarationList.declarations) {
      const init = decl.initializer;
      if (ts.isIdentifier(decl.name) && init && (ts.isStringLiteralLike(init) || ts.isNumericLiteral(init))) members.set(decl.name.text, { parts: [{ kind: "text", text: init.text }] });
    }
  }
  recordMembers(w, node, node.name.text, members);
}

/** TypeScript's CommonJS import, `import x = require("m")`: what `const x = require("m")` is. */
function recordImportEquals(w: Walker, node: ts.ImportEqualsDeclaration): void {
  const reference = node.moduleReference;
  if (!ts.isExternalModuleReference(reference) || !ts.isStringLiteral(reference.expression)) return;
  const { ctx } = w;
  const specifier = reference.expression.text;
  ctx.specifiers.add(specifier);
  const local = node.name.text;
  const fact: ImportFact = { local, imported: "default", specifier, line: ctx.loc(node).line, ...(occursAfter(ctx.sf.text, local, node.end) ? {} : { unused: true as const }) };
  ctx.imports.set(local, fact);
  ctx.facts.imports.push(fact);
}

/** `const x = require("m")`, `const { a, b: c } = require("m")`. */
export function recordRequire(w: Walker, decl: ts.VariableDeclaration): void {
  const { ctx } = w;
  const value = decl.initializer && unwrapAwait(decl.initializer);
  const init = value && requireOf(value);
  if (!init) {
    // const users = require("./config.json").usersService: one export of the module, as `import { usersService }` is.
    const member = value && ts.isIdentifier(decl.name) ? requiredExport(value) : undefined;
    if (!member || member.imported === "default") return;
    ctx.specifiers.add(member.specifier);
    const local = (decl.name as ts.Identifier).text;
    const line = ctx.loc(decl).line;
    const fact: ImportFact = occursAfter(ctx.sf.text, local, decl.end) ? { local, imported: member.imported, specifier: member.specifier, line } : { local, imported: member.imported, specifier: member.specifier, line, unused: true };
    ctx.imports.set(local, fact);
    ctx.facts.imports.push(fact);
    return;
  }
  const specifier = requireSpecifier(init);
  ctx.specifiers.add(specifier);
  const line = ctx.loc(decl).line;
  const text = ctx.sf.text;
  const add = (local: string, imported: string) => {
    const fact: ImportFact = occursAfter(text, local, decl.end) ? { local, imported, specifier, line } : { local, imported, specifier, line, unused: true };
    ctx.imports.set(local, fact);
    ctx.facts.imports.push(fact);
  };
  if (ts.isIdentifier(decl.name)) add(decl.name.text, "default");
  else if (ts.isObjectBindingPattern(decl.name)) {
    for (const element of decl.name.elements) {
      if (!ts.isIdentifier(element.name)) continue;
      const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
      add(element.name.text, key);
    }
  }
}

/**
 * `const { Pool } = pg` after `import pg from "pg"` (the usual way to reach a
 * CommonJS package's classes from ESM), `const { connect } = mongoose`: the
 * names stand for the package's own exports, as a named import would.
 */
export function recordDestructuredImport(w: Walker, decl: ts.VariableDeclaration): void {
  const init = decl.initializer;
  if (!init || !ts.isObjectBindingPattern(decl.name)) return;
  // `const { HOST, PORT } = settings.SQL`, `const { PSQL } = config` then `const { HOST } = PSQL`: a value of the imported
  // module's exports, read by its dotted path there (model/values.ts lookupConstant).
  const path = ts.isIdentifier(init) ? [init.text] : propertyPath(init);
  const namespace = path ? w.ctx.imports.get(path[0]!) : undefined;
  if (!path || !namespace || w.ctx.isShadowed(path[0]!)) return;
  const whole = namespace.imported === "default" || namespace.imported === "*";
  if (!whole && !/^[\w$]+(\.[\w$]+)*$/.test(namespace.imported)) return;
  const prefix = [...(whole ? [] : [namespace.imported]), ...path.slice(1)];
  for (const element of decl.name.elements) {
    if (!ts.isIdentifier(element.name) || element.dotDotDotToken) continue;
    const key = element.propertyName ? (ts.isIdentifier(element.propertyName) || ts.isStringLiteral(element.propertyName) ? element.propertyName.text : undefined) : element.name.text;
    if (key) w.ctx.imports.set(element.name.text, { local: element.name.text, imported: [...prefix, key].join("."), specifier: namespace.specifier });
  }
}

export function exportAssignment(w: Walker, node: ts.ExportAssignment): void {
  exportValue(w, "default", node.expression);
}

export function exportValue(w: Walker, exported: string, expr: ts.Expression): void {
  if (exported === "default") for (const hook of w.exportHooks) hook.moduleExport!(expr, w.ctx);
  const target = assignedLiteral(routerMiddleware(unwrapPluginWrapper(expr)));
  // `export default new Router().post("/login", login).get("/me", me)`, `export default router.use(auth.routes())`: a
  // chain of registrations returns its router, which is what the module exports (not the last handler it names).
  const root = chainRoot(target);
  if (root !== target) {
    const info = w.factoryOf(root);
    if (info?.kind === "app") {
      const id = `var:export-${exported}`;
      w.ctx.objects.set(id, info);
      w.ctx.nodeObjects.set(root, id);
      w.recordObjectFacts(id, info);
      w.rawExports.push({ exported, id });
      return;
    }
    const bound = ts.isIdentifier(root) ? w.ctx.lookupObject(root.text) : undefined;
    if (bound?.info?.kind === "app") {
      w.rawExports.push({ exported, id: bound.id });
      return;
    }
  }
  // module.exports = require("./route"): an index that passes another module's export on (a router mounted by the
  // folder's name reaches the routes of the file it names).
  const passedOn = w.ctx.frames.length === 1 ? requiredExport(target) : undefined;
  if (passedOn) {
    w.ctx.facts.reexports.push({ name: exported, ...passedOn });
    return;
  }
  // module.exports = process.env.NODE_ENV === "production" ? require("./config.prod") : require("./config.dev"): the
  // module is one of the two, each name read from the production one first, then from the other (a connection string
  // written in the development file only is still that service's).
  const chosen = w.ctx.frames.length === 1 && exported === "default" ? environmentChoice(target, w.ctx) : undefined;
  if (chosen) {
    for (const specifier of chosen) w.ctx.facts.reexports.push({ name: "*", imported: "*", specifier });
    return;
  }
  // module.exports = app inside an IIFE or a function: the object bound in that scope.
  const boundHere = ts.isIdentifier(target) && w.ctx.frames.length > 1 ? w.ctx.lookupObject(target.text) : undefined;
  if (boundHere) w.rawExports.push({ exported, id: boundHere.id });
  else if (ts.isIdentifier(target)) w.rawExports.push({ exported, local: target.text });
  else if (isFunctionLike(target)) w.rawExports.push({ exported, id: target === expr ? w.functionId(target) : positionId(target, w.ctx) });
  else if (ts.isCallExpression(target) && wrappedClass(target, w.ctx.sf)) {
    // module.exports = withCircuitBreaker(OrdersController, makeBreaker): the class's methods, whatever wraps them.
    w.rawExports.push({ exported, local: wrappedClass(target, w.ctx.sf)! });
  } else if (!w.factoryOf(target) && w.wrappedFunction(target, 0)) {
    // export default withSpan(handler): what the module exports runs the wrapped function.
    const wrapped = w.wrappedFunction(target, 0)!;
    if (ts.isIdentifier(wrapped)) w.rawExports.push({ exported, local: wrapped.text });
    else w.rawExports.push({ exported, id: positionId(wrapped, w.ctx) });
  } else if (ts.isObjectLiteralExpression(target)) {
    // module.exports = { a, b: c } exports each property; its values are constants `default.b`, `b`.
    w.exportedObjects.push({ prefix: exported, object: target });
    if (exported === "default") {
      w.rawExports.push({ exported: "default", id: "const:default" });
      for (const prop of target.properties) {
        if (ts.isShorthandPropertyAssignment(prop)) w.rawExports.push({ exported: prop.name.text, local: prop.name.text });
        else if (ts.isPropertyAssignment(prop)) {
          const key = propertyKey(prop.name);
          if (!key) continue;
          const required = requiredExport(prop.initializer);
          if (required) {
            // module.exports = { OrderRepository: require("./repository/order-repository") }: a CommonJS barrel passes
            // the other module's export on, so `const { OrderRepository } = require("./database")` reaches its class.
            w.ctx.facts.reexports.push({ name: key, ...required });
            continue;
          }
          const wrapped = isFunctionLike(prop.initializer) ? prop.initializer : w.wrappedFunction(prop.initializer, 0);
          if (ts.isIdentifier(prop.initializer)) w.rawExports.push({ exported: key, local: prop.initializer.text });
          // module.exports = { getOrder: async (req, res) => ..., list: catchAsync(list) }: each handler by its key.
          else if (wrapped && ts.isIdentifier(wrapped)) w.rawExports.push({ exported: key, local: wrapped.text });
          else if (wrapped) w.rawExports.push({ exported: key, id: positionId(wrapped, w.ctx) });
          else {
            // module.exports = { mailer: new MailService(addr, credentials) }: a client made in place is that export's
            // object, as it is for `module.exports = new MailService(…)`, so importers' calls on it reach it.
            const info = w.factoryOf(prop.initializer);
            if (info) {
              const id = `var:export-${key}`;
              w.ctx.objects.set(id, info);
              w.recordObjectFacts(id, info);
              w.rawExports.push({ exported: key, id });
            } else w.rawExports.push({ exported: key, id: `const:default.${key}` });
          }
        } else if (ts.isMethodDeclaration(prop) && !prop.asteriskToken) {
          const key = propertyKey(prop.name);
          if (key) w.rawExports.push({ exported: key, id: positionId(prop, w.ctx) });
        }
      }
    } else w.rawExports.push({ exported, id: `const:${exported}` });
  } else {
    const info = w.factoryOf(target);
    if (info) {
      const id = `var:export-${exported}`;
      w.ctx.objects.set(id, info);
      w.recordObjectFacts(id, info);
      w.rawExports.push({ exported, id });
    } else if (ts.isNewExpression(target) && ts.isIdentifier(target.expression)) {
      // module.exports = new InventoryClient(): the module is an instance, whose methods its importers call.
      w.rawExports.push({ exported, id: `instance:${target.expression.text}` });
    } else if (ts.isElementAccessExpression(target) && perEnvironmentEntry(target, w.ctx)) {
      // export default config[env] of `const config = { dev, pro }`: the environment a deployment runs, as an object.
      w.exportedObjects.push({ prefix: exported, object: perEnvironmentEntry(target, w.ctx)! });
      w.rawExports.push({ exported, id: `const:${exported}` });
    } else if (exported !== "default" && !ts.isIdentifier(target)) {
      // exports.mongoURI = process.env.MONGO_URI
      w.exportedValues.push({ name: exported, expr: target });
      w.rawExports.push({ exported, id: `const:${exported}` });
    }
  }
}

/** Keys of a per-environment settings table, in the order a deployment is read: production first, then development. */
const ENVIRONMENT_KEYS = [/^(production|prod|pro|prd)$/i, /^(development|dev|local)$/i];

/**
 * `config[env]` of a module-level table of settings objects per environment (`const config = { dev, pro }`, each an
 * object literal written there or in a const), picked at run time: the production entry, else the development one,
 * else none (a table of anything else is not a settings table).
 */
function perEnvironmentEntry(access: ts.ElementAccessExpression, ctx: ExtractContext): ts.ObjectLiteralExpression | undefined {
  if (ts.isStringLiteralLike(access.argumentExpression) || !ts.isIdentifier(access.expression)) return undefined;
  const objectOf = (expr: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined => {
    const inner = expr && withoutAssertions(expr);
    if (!inner) return undefined;
    if (ts.isObjectLiteralExpression(inner)) return inner;
    const held = ts.isIdentifier(inner) ? ctx.lookupLocal(inner.text)?.expr : undefined;
    return held && ts.isObjectLiteralExpression(withoutAssertions(held)) ? (withoutAssertions(held) as ts.ObjectLiteralExpression) : undefined;
  };
  const table = objectOf(access.expression);
  if (!table) return undefined;
  const entries = new Map<string, ts.ObjectLiteralExpression>();
  for (const prop of table.properties) {
    const key = ts.isShorthandPropertyAssignment(prop) ? prop.name.text : ts.isPropertyAssignment(prop) ? propertyKey(prop.name) : undefined;
    const value = ts.isShorthandPropertyAssignment(prop) ? objectOf(prop.name) : ts.isPropertyAssignment(prop) ? objectOf(prop.initializer) : undefined;
    if (key && value) entries.set(key, value);
  }
  for (const pattern of ENVIRONMENT_KEYS) for (const [key, value] of entries) if (pattern.test(key)) return value;
  return undefined;
}

/** `require("./a")` (what that module exports as a whole) or `require("./a").Name` (one of its exports). */
/** The modules a conditional export chooses between by the environment's name, the production one first. */
function environmentChoice(expr: ts.Expression, ctx: ExtractContext): string[] | undefined {
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  if (!ts.isConditionalExpression(expr)) return undefined;
  // require("./config.prod") in place, or a module binding of it (`const configProd = require("./config.prod")`).
  const module = (arm: ts.Expression) => {
    if (ts.isIdentifier(arm)) {
      const binding = ctx.imports.get(arm.text);
      return binding && !ctx.lookupObject(arm.text) ? { imported: binding.imported, specifier: binding.specifier } : undefined;
    }
    return requiredExport(arm);
  };
  const whenTrue = module(expr.whenTrue);
  const whenFalse = module(expr.whenFalse);
  if (whenTrue?.imported !== "default" || whenFalse?.imported !== "default" || !whenTrue.specifier.startsWith(".") || !whenFalse.specifier.startsWith(".")) return undefined;
  let condition: ts.Expression = expr.condition;
  while (ts.isParenthesizedExpression(condition)) condition = condition.expression;
  const text = condition.getText(ctx.sf);
  if (!/\bNODE_ENV\b|\benv\b/i.test(text)) return undefined;
  const production = /["'`](production|prod)["'`]/i.test(text);
  const negated = ts.isBinaryExpression(condition) && (condition.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || condition.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken);
  const productionFirst = !production || !negated;
  return productionFirst ? [whenTrue.specifier, whenFalse.specifier] : [whenFalse.specifier, whenTrue.specifier];
}

function requiredExport(expr: ts.Expression): { imported: string; specifier: string } | undefined {
  const whole = requireOf(expr);
  if (whole) return { imported: "default", specifier: requireSpecifier(whole) };
  if (!ts.isPropertyAccessExpression(expr) || !ts.isIdentifier(expr.name)) return undefined;
  const inner = requireOf(expr.expression);
  return inner ? { imported: expr.name.text, specifier: requireSpecifier(inner) } : undefined;
}

/**
 * Exported functions that return connection options (`export const getTypeOrmConfig =
 * (config) => ({ type: "postgres", host: config.get("DB_HOST") })`): the returned object's
 * leaves, read in the function's scope, become constants `<name>.returns.<key>` for a
 * `useFactory: getTypeOrmConfig` in another file (DatastoreFact.options).
 */
export function exportedOptionFactories(w: Walker): void {
  const { ctx } = w;
  // Most files export no plain function, and most that do return no such object: the exports first, then a look
  // at the text, so neither the whole text nor the functions are read again for nothing.
  const candidates = Object.entries(ctx.facts.exports).filter(([, id]) => id.startsWith("fn:") && !id.includes("."));
  const asyncOptions = Object.entries(ctx.facts.exports).filter(([, id]) => id.startsWith("const:") && !id.includes("."));
  if ((!candidates.length && !asyncOptions.length) || !CONNECTION_KEY_TEXT.test(ctx.sf.text)) return;
  // `export const typeOrmAsyncConfig = { inject: [ConfigService], useFactory: async () => ({ host: process.env.DB_HOST }) }`:
  // a NestJS module's async options kept in a constant, for `TypeOrmModule.forRootAsync(typeOrmAsyncConfig)` in another
  // file; what the factory returns becomes `<name>.useFactory.returns.<key>`.
  for (const [exported, id] of asyncOptions) {
    const held = ctx.moduleFrame.locals.get(id.slice("const:".length));
    const object = held && objectLiteralOf(withoutAssertions(held), ctx);
    const factory = object && propertyNamed(object, "useFactory");
    const factoryFn = factory && withoutAssertions(factory);
    if (!factoryFn || !isFunctionNode(factoryFn)) continue;
    fromReturnedOptions(factoryFn, ctx, (made) => {
      const options = objectLiteralOf(made, ctx);
      if (options && holdsConnectionKey(options, ctx, 0)) flattenObject(`${exported}.useFactory.returns`, options, ctx, 0);
    });
  }
  for (const [exported, id] of candidates) {
    const local = id.slice(3);
    const declared = ctx.moduleFrame.locals.get(local) ?? ctx.sf.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === local);
    const fn = declared && withoutAssertions(declared as ts.Expression);
    if (!fn || !isFunctionNode(fn) || !CONNECTION_KEY_TEXT.test(ctx.sf.text.slice(fn.pos, fn.end))) continue;
    fromReturnedOptions(fn, ctx, (returned) => {
      const object = objectLiteralOf(returned, ctx);
      if (object && holdsConnectionKey(object, ctx, 0)) flattenObject(`${exported}.returns`, object, ctx, 0);
      // `return { inject: [ConfigService], useFactory: (config) => ({ uri: config.get("MONGO_URI") }) }`: a NestJS module's
      // async options, whose factory's options are what `forRootAsync(getMongoConfig())` connects with.
      const factory = object && propertyNamed(object, "useFactory");
      const factoryFn = factory && withoutAssertions(factory);
      if (factoryFn && isFunctionNode(factoryFn)) {
        fromReturnedOptions(factoryFn, ctx, (made) => {
          const options = objectLiteralOf(made, ctx);
          if (options && holdsConnectionKey(options, ctx, 0)) flattenObject(`${exported}.returns`, options, ctx, 0);
        });
      }
    });
  }
}

export function exportDeclaration(w: Walker, node: ts.ExportDeclaration): void {
  if (node.isTypeOnly) return;
  const specifier = node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
  if (specifier) {
    w.ctx.specifiers.add(specifier);
    moduleReference(w.ctx, specifier, node);
  }
  const clause = node.exportClause;
  if (!clause) {
    if (specifier) w.ctx.facts.reexports.push({ name: "*", imported: "*", specifier });
    return;
  }
  // `export * as UsersProto from "./users"`: the module as one name (model/values.ts reads `UsersProto.X` in it).
  if (ts.isNamespaceExport(clause)) {
    if (specifier) w.ctx.facts.reexports.push({ name: clause.name.text, imported: "*", specifier });
    return;
  }
  if (ts.isNamedExports(clause)) {
    for (const element of clause.elements) {
      const local = (element.propertyName ?? element.name).text;
      if (specifier) w.ctx.facts.reexports.push({ name: element.name.text, imported: local, specifier });
      else w.rawExports.push({ exported: element.name.text, local });
    }
  }
}

export function classExports(w: Walker, node: ts.ClassDeclaration): void {
  if (hasExport(node) && node.name) w.rawExports.push({ exported: hasDefault(node) ? "default" : node.name.text, id: `class:${node.name.text}` });
}

/** `module.exports = x`, `exports.name = x`, `module.exports.name = x`. */
export function assignment(w: Walker, node: ts.BinaryExpression): void {
  const operator = node.operatorToken.kind;
  // axios.defaults.timeout = 3000 (or ??= / ||=): a timeout set after the client is made.
  if (operator !== ts.SyntaxKind.EqualsToken && operator !== ts.SyntaxKind.QuestionQuestionEqualsToken && operator !== ts.SyntaxKind.BarBarEqualsToken) return;
  if (ts.isPropertyAccessExpression(node.left) && node.left.name.escapedText === "timeout") defaultsTimeoutAssignment(node.left, w.ctx);
  if (operator !== ts.SyntaxKind.EqualsToken || w.chainedExports.has(node)) return;
  const left = node.left;
  // let app; … app = express(): the name declared further out now holds an app.
  if (left.kind === ts.SyntaxKind.Identifier && (node.right.kind === K.CallExpression || node.right.kind === K.NewExpression)) {
    assignedObject(w, (left as ts.Identifier).text, node.right, node);
    assignedResult(w, (left as ts.Identifier).text, node.right, node);
    return;
  }
  if (left.kind === ts.SyntaxKind.Identifier && node.right.kind === ts.SyntaxKind.AwaitExpression) {
    assignedResult(w, (left as ts.Identifier).text, (node.right as ts.AwaitExpression).expression, node);
    return;
  }
  if (!ts.isPropertyAccessExpression(left)) return;
  // global.appRoot = path.resolve(__dirname): a folder the program's other files require from (extract/module-paths.ts).
  const globalDir = globalDirAssignment(node);
  if (globalDir) (w.ctx.facts.globalDirs ??= []).push(globalDir);
  // this.app = express(): an object every method of the class reaches through `this.app`.
  if (left.expression.kind === ts.SyntaxKind.ThisKeyword) {
    memberObject(w, left.name.text, node.right, node);
    memberResult(w, left.name.text, node.right, node);
    return;
  }
  const isModuleExports = (e: ts.Expression) => ts.isPropertyAccessExpression(e) && e.name.text === "exports" && ts.isIdentifier(e.expression) && e.expression.text === "module";
  if (isModuleExports(left)) exportValue(w, "default", node.right);
  else if ((ts.isIdentifier(left.expression) && left.expression.text === "exports") || isModuleExports(left.expression)) exportValue(w, left.name.text, node.right);
}

/**
 * `export let orderCreated; … orderCreated = await makePublisher({ eventName })` in a start-up function: the module's
 * variable holds what a function of the project returns, as `const users = loadClient(…)` at the top does
 * (`moduleResults`): a publisher a factory makes, which the handlers importing it call (model/factory-topics.ts).
 */
function assignedResult(w: Walker, name: string, value: ts.Expression, at: ts.Node): void {
  const { ctx } = w;
  if (!ts.isCallExpression(value) || !ts.isIdentifier(value.expression) || !w.callableNames.has(value.expression.text)) return;
  if (ctx.frames.length < 2 || ctx.isShadowed(name) || !declaredAtTop(ctx.sf, name)) return;
  (ctx.facts.moduleResults ??= []).push({ name, callee: value.expression.text, args: flowArguments(value, ctx) ?? [], location: ctx.loc(at) });
}

/**
 * `this.api = serviceAdaptor(process.env.ORDERS_URL)` in a class (constructor or method), or `private api =
 * serviceAdaptor(url)`: the member holds what a function of the project (of this file or imported) returns, with what the
 * call passes (FileFacts.memberResults), when it holds no object the walk knows already (`this.app = express()`). A
 * member two calls set differently is left unknown.
 */
export function memberResult(w: Walker, member: string, value: ts.Expression, at: ts.Node): void {
  const { ctx } = w;
  if (!ctx.currentClass() || !ts.isCallExpression(value) || !ts.isIdentifier(value.expression)) return;
  const callee = value.expression.text;
  if (!w.callableNames.has(callee) || ctx.isShadowed(callee) || ctx.lookupObject(`this.${member}`)?.info) return;
  const name = `this.${member}`;
  const list = (ctx.facts.memberResults ??= []);
  const known = list.find((result) => result.name === name);
  if (known) {
    if (known.callee !== callee) known.callee = "";
    return;
  }
  list.push({ name, callee, args: flowArguments(value, ctx) ?? [], location: ctx.loc(at) });
}

/** `let name` (or var, const) among the module's own statements. */
function declaredAtTop(sf: ts.SourceFile, name: string): boolean {
  return sf.statements.some((statement) => ts.isVariableStatement(statement) && statement.declarationList.declarations.some((decl) => ts.isIdentifier(decl.name) && decl.name.text === name));
}

/** Keys that make a returned object connection options (`useFactory: getTypeOrmConfig` in another file). */
const CONNECTION_KEYS = /^(url|uri|connectionString|clientUrl|host|type|dialect|client|driver|database|dbName|connection|node|redis)$|(url|uri|host)$/i;
const CONNECTION_KEY_TEXT = /\b(url|uri|connectionString|clientUrl|host|dialect|database|dbName|connection|redis)\b|(url|uri|host)\s*:/i;

/**
 * Whether an object names a connection's part, at its top or one level down: a settings object that groups them per
 * datastore (`{ mongodb: { host, port }, rabbitmq: { … } }`) holds them too.
 */
function holdsConnectionKey(object: ts.ObjectLiteralExpression, ctx: ExtractContext, depth: number): boolean {
  return object.properties.some((p) => {
    if (p.name === undefined) return false;
    if (CONNECTION_KEYS.test(propertyKey(p.name as ts.PropertyName) ?? "")) return true;
    if (depth > 0 || !ts.isPropertyAssignment(p)) return false;
    const inner = objectLiteralOf(p.initializer, ctx);
    return inner !== undefined && holdsConnectionKey(inner, ctx, depth + 1);
  });
}

/** Longer lists are data, not a table of routes or services a reader names one by one. */
const MAX_LISTED = 32;

/**
 * `Gateways: [{ route: "/api/orders", target: "http://localhost:3001" }, …]`: a list of objects written out, each element
 * flattened under its index (`Gateways.0.route`), so that a module looping over the imported list reads each element's
 * values (model/imported-rows.ts). Lists of anything else, or longer than MAX_LISTED, are not recorded.
 */
export function flattenList(prefix: string, list: ts.ArrayLiteralExpression, ctx: ExtractContext, depth: number): void {
  if (depth > 3 || list.elements.length === 0 || list.elements.length > MAX_LISTED) return;
  const objects = list.elements.map((element) => withoutAssertions(element));
  if (!objects.every((element) => ts.isObjectLiteralExpression(element))) return;
  objects.forEach((element, index) => flattenObject(`${prefix}.${index}`, element as ts.ObjectLiteralExpression, ctx, depth));
}

export function flattenObject(prefix: string, obj: ts.ObjectLiteralExpression, ctx: ExtractContext, depth: number): void {
  if (depth > 3) return;
  // `{ ...shared, pool }`: the properties that win, as in JavaScript (a const of the file spread in).
  for (const prop of withSpreads(obj, ctx).properties) {
    if (ts.isMethodDeclaration(prop)) {
      // cart(id) { return `${CARTS}/v1/carts/${id}`; }
      const key = propertyKey(prop.name);
      const value = key ? ctx.exportedFunctionValue(prop) : undefined;
      if (value) ctx.facts.constants[`${prefix}.${key}()`] = value;
      continue;
    }
    if (!ts.isPropertyAssignment(prop) && !ts.isShorthandPropertyAssignment(prop)) continue;
    const key = ts.isPropertyAssignment(prop) ? propertyKey(prop.name) : prop.name.text;
    if (!key) continue;
    const init = ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
    const returned = returnedExpression(init);
    // `{ development: shared, production: shared }`: a const object of the file, read as if written in place.
    const inner = ts.isObjectLiteralExpression(init) ? init : ts.isIdentifier(init) ? objectLiteralOf(init, ctx) : undefined;
    if (inner) flattenObject(`${prefix}.${key}`, inner, ctx, depth + 1);
    else if (ts.isArrayLiteralExpression(withoutAssertions(init))) flattenList(`${prefix}.${key}`, withoutAssertions(init) as ts.ArrayLiteralExpression, ctx, depth + 1);
    else if (returned) {
      // user: (id) => `${BASE}/users/${id}`: what the function returns, for `endpoints.user(id)` in other files.
      const value = ctx.exportedFunctionValue(init);
      if (value) ctx.facts.constants[`${prefix}.${key}()`] = value;
    } else {
      const value = ctx.value(init);
      if (value.parts.some((p) => p.kind !== "unknown")) ctx.facts.constants[`${prefix}.${key}`] = value;
    }
  }
}


/**
 * Whether `name` appears as a whole word in `text` after `from`: an import whose
 * name never does is unused (TypeScript drops it from the output), so it brings
 * nothing of its module into this one. Comments count as uses: it only ever errs
 * towards "used".
 */
function occursAfter(text: string, name: string, from: number): boolean {
  for (let at = text.indexOf(name, from); at >= 0; at = text.indexOf(name, at + name.length)) {
    if (!isIdentifierChar(text.charCodeAt(at - 1)) && !isIdentifierChar(text.charCodeAt(at + name.length))) return true;
  }
  return false;
}

/**
 * `module.exports = router.routes()` (koa-router's middleware of a router, also `.middleware()`): the module exports the
 * router itself as far as mounting goes, so `router.use("/entries", require("./entries"))` mounts its routes.
 */
function routerMiddleware(expr: ts.Expression): ts.Expression {
  if (!ts.isCallExpression(expr) || expr.arguments.length > 0 || !ts.isPropertyAccessExpression(expr.expression)) return expr;
  const { name, expression } = expr.expression;
  return (name.text === "routes" || name.text === "middleware") && ts.isIdentifier(expression) ? expression : expr;
}

/**
 * `module.exports = Object.assign({}, { db, server })`: the one object literal merged into a fresh object is what the
 * module exports, as if written alone. Anything else is returned as it is.
 */
function assignedLiteral(expr: ts.Expression): ts.Expression {
  if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression) || expr.expression.name.text !== "assign") return expr;
  if (!ts.isIdentifier(expr.expression.expression) || expr.expression.expression.text !== "Object") return expr;
  const [first, ...rest] = expr.arguments;
  if (!first || !ts.isObjectLiteralExpression(first) || first.properties.length > 0) return expr;
  const literals = rest.filter((arg) => ts.isObjectLiteralExpression(arg) && arg.properties.length > 0);
  return literals.length === 1 && rest.every((arg) => ts.isObjectLiteralExpression(arg)) ? literals[0]! : expr;
}
