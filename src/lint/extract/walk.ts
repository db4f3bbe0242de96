import { ts } from "../ts.js";
import { objectBehind } from "./object-behind.js";
import type { CalleeFact, FileFacts, FunctionFact } from "../types.js";
import { K, kindTable, SKIPPED, visitChildren } from "./children.js";
import { destructuredNames, recordReturnedObject } from "./value-flow.js";
import { readSuppressions } from "./suppressions.js";
import { recordSettingFields } from "./static-fields.js";
import { returnedClass } from "./returned-class.js";
import { ExtractContext, FUNCTION_LIKE_KINDS, instanceClassName, NO_BINDINGS, isFunctionLike, isPromiseCombinator, withoutAssertions, type Frame, type ObjectInfo } from "./context.js";
import { call } from "./call-facts.js";
import { resolvableCallee } from "./callee-filter.js";
import { recordReturnedSettings } from "./returned-settings.js";
import { collectedGroup } from "./collected-promises.js";
import { continuationOf } from "./continuations.js";
import { recordGrpcFactory } from "./grpc-js.js";
import { dispatchPlanFor } from "./dispatch.js";
import { emptyFacts, shareEmpty } from "./empty-facts.js";
import type { Extractor } from "./extractor.js";
import { functionIdOf } from "./function-ids.js";
import { assignment, classExports, memberResult, exportAssignment, exportDeclaration, exportedOptionFactories, flattenList, flattenObject, prepass } from "./module-bindings.js";
import { parseSource } from "./parse.js";
import { recordObjectMembers } from "./object-members.js";
import { hasDefault, hasExport, nameOf, templateText, unwrapAwait, writtenOtherThanAfterDot } from "./syntax.js";
import { memberObject, variable, wrappedMember } from "./variables.js";

/**
 * One walk per file over `sourceFile.compilerNode` with the children of each node read as ts.forEachChild would (no
 * ts-morph wrappers on the hot path). The walker keeps scopes, imports and
 * exports; the extractors (one per library family) see the nodes they care
 * about through the hooks of extractor.ts.
 */

const FUNCTION_KINDS = kindTable(FUNCTION_LIKE_KINDS);

const SQL_START = /^\s*(?:--[^\n]*\n\s*)*(with|select|insert|update|delete|create|alter|drop|merge|upsert|truncate)\b/i;

export function extractFile(file: string, text: string, extractors: readonly Extractor[], sf: ts.SourceFile = parseSource(file, text)): FileFacts {
  // Calls on local objects that the file cannot link are set aside unread; in the rare file where that guess is
  // wrong, a second walk keeps every call, so the facts are always those of a walk that reads them all.
  return walkFile(file, text, extractors, sf, true) ?? walkFile(file, text, extractors, sf, false)!;
}

/** One walk of the file, or undefined when a call set aside turns out to be one the model can link. */
function walkFile(file: string, text: string, extractors: readonly Extractor[], sf: ts.SourceFile, setAside: boolean): FileFacts | undefined {
  const facts = emptyFacts(file);
  const ctx = new ExtractContext(sf, file, facts);
  const walker = new Walker(ctx, extractors, setAside);
  prepass(walker);
  walker.visitAll();
  const finished = walker.finish();
  // The context can outlive the walk: it must not keep the walker, and with it the file's tree.
  ctx.laterMembers = undefined;
  if (!finished) return undefined;
  facts.suppressions = readSuppressions(text, file);
  return shareEmpty(facts);
}

export class Walker {
  readonly rawExports: { exported: string; local?: string; id?: string }[] = [];
  /** `module.exports = x` assignments a variable declaration already exported (`var app = module.exports = express()`). */
  readonly chainedExports = new Set<ts.BinaryExpression>();
  hasSql = false;
  factories: Extractor[] = [];
  /** Call hooks by method name, plus the hooks for bare identifier calls and for any other callee. */
  propertyHooks: ReadonlyMap<string, Extractor[]> = new Map();
  identifierHooks: Extractor[] = [];
  otherCallHooks: Extractor[] = [];
  anyCallHooks: Extractor[] = [];
  /** Names a bare call can resolve to: imports and functions declared at module level. */
  readonly callableNames = new Set<string>();
  /**
   * The call each callee fact was made at, by the fact's index (undefined for
   * a nested function's edge, whose location is known): a call's location is
   * only computed in `finish`, for the callees that survive resolvableCallee.
   */
  readonly callNodes: (ts.Node | undefined)[] = [];
  newHooks: Extractor[] = [];
  classHooks: Extractor[] = [];
  sqlHooks: Extractor[] = [];
  exportHooks: Extractor[] = [];
  /**
   * Exported values other files may read as constants: object literals
   * (`module.exports = { db: { host } }` gives `default.db.host`) and plain
   * values (`exports.mongoURI = process.env.MONGO_URI`), evaluated in `finish`.
   */
  readonly exportedObjects: { prefix: string; object: ts.ObjectLiteralExpression }[] = [];
  readonly exportedValues: { name: string; expr: ts.Expression }[] = [];
  endHooks: Extractor[] = [];

  /**
   * Calls on local objects set aside during the walk (call-facts.ts), for finish() to check that none of them was one
   * the model can link after all; undefined for a walk that keeps every call.
   */
  readonly unrecorded: CalleeFact[] | undefined;
  /** Per method name, whether the file's text may declare a method of that name (see writtenOtherThanAfterDot). */
  private readonly declarable = new Map<string, boolean>();

  constructor(
    readonly ctx: ExtractContext,
    readonly extractors: readonly Extractor[],
    setAside: boolean,
  ) {
    this.unrecorded = setAside ? [] : undefined;
    ctx.laterMembers = this;
  }

  /** Per class, the `this.<member> = …` statements at the top of its methods' bodies, read on the first miss. */
  private memberAssignments: Map<ts.Node, Map<string, ts.BinaryExpression>> | undefined;

  /**
   * `this.app` used above the method that makes it (see ExtractContext.laterMembers): bound now, as the walk will later.
   * The context holds the walker itself, not a closure over it: a closure made in the constructor cost a quarter of a
   * scan's time and 90 MB (measured on the bench).
   */
  laterMember(member: string): { id: string; info?: ObjectInfo } | undefined {
    const { ctx } = this;
    let cls: ts.Node | undefined;
    for (let i = ctx.stack.length - 1; i >= 0 && !cls; i--) if (ts.isClassLike(ctx.stack[i]!)) cls = ctx.stack[i];
    if (!cls) return undefined;
    this.memberAssignments ??= new Map();
    let assignments = this.memberAssignments.get(cls);
    if (!assignments) this.memberAssignments.set(cls, (assignments = classMemberAssignments(cls as ts.ClassLikeDeclaration)));
    const assignment = assignments.get(member.slice("this.".length));
    if (!assignment) return undefined;
    memberObject(this, member.slice("this.".length), assignment.right, assignment);
    return ctx.lookupObject(member);
  }

  mayDeclareMethod(name: string): boolean {
    let may = this.declarable.get(name);
    if (may === undefined) this.declarable.set(name, (may = writtenOtherThanAfterDot(this.ctx.sf.text, name)));
    return may;
  }

  /** The hooks this file's imports call for: known once the prepass has read them. */
  usePlan(): void {
    const plan = dispatchPlanFor(this.extractors, this.ctx);
    this.factories = plan.factories;
    this.newHooks = plan.newHooks;
    this.classHooks = plan.classHooks;
    this.sqlHooks = plan.sqlHooks;
    this.exportHooks = plan.exportHooks;
    this.endHooks = plan.endHooks;
    this.hasSql = plan.sqlHooks.length > 0;
    this.propertyHooks = plan.propertyHooks;
    this.identifierHooks = plan.identifierHooks;
    this.otherCallHooks = plan.otherCallHooks;
    this.anyCallHooks = plan.anyCallHooks;
  }

  visitAll(): void {
    this.usePlan();
    const visit = (node: ts.Node): void => this.visit(node, visit);
    visitChildren(this.ctx.sf, visit);
  }

  visit(node: ts.Node, visit: (node: ts.Node) => void): void {
    const kind = node.kind;
    // Types, interfaces and type aliases never hold routes, calls or queries: skip their subtrees.
    if (SKIPPED[kind] === 1) return;
    const { ctx } = this;
    ctx.stack.push(node);
    let collected: ReturnType<typeof collectedGroup>;
    switch (kind) {
      case K.VariableDeclaration:
        variable(this, node as ts.VariableDeclaration);
        break;
      case K.CallExpression:
        call(this, node as ts.CallExpression);
        break;
      case K.NewExpression:
        for (const hook of this.newHooks) hook.newExpression!(node as ts.NewExpression, ctx);
        break;
      case K.ClassDeclaration:
        for (const hook of this.classHooks) hook.classDeclaration!(node as ts.ClassDeclaration, ctx);
        classExports(this, node as ts.ClassDeclaration);
        break;
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
        if (this.hasSql) this.maybeSql((node as ts.StringLiteral).text, node);
        break;
      case K.TemplateExpression:
        if (this.hasSql) this.maybeSql(templateText(node as ts.TemplateExpression), node);
        break;
      case K.ExportAssignment:
        exportAssignment(this, node as ts.ExportAssignment);
        break;
      case K.ExportDeclaration:
        exportDeclaration(this, node as ts.ExportDeclaration);
        break;
      case K.BinaryExpression:
        assignment(this, node as ts.BinaryExpression);
        break;
      case K.PropertyDeclaration: {
        // class Server { private app = express(); }
        const property = node as ts.PropertyDeclaration;
        if (property.initializer && ts.isIdentifier(property.name)) {
          memberObject(this, property.name.text, property.initializer, property);
          memberResult(this, property.name.text, property.initializer, property);
          // `place = asyncHandler(async (req, res) => …)`: a method by another name (only a call can wrap one).
          if (property.initializer.kind === K.CallExpression) wrappedMember(this, property.name.text, property.initializer, property);
        }
        break;
      }
      case K.ReturnStatement: {
        // A factory of routers: `function createRouter() { const r = Router(); ...; return r; }`.
        const returned = (node as ts.ReturnStatement).expression;
        const fn = ctx.currentFunction();
        if (returned && fn) {
          this.returnedApp(fn, returned, node);
          this.returnedClient(fn, returned);
          recordReturnedObject(fn, returned, ctx);
          recordGrpcFactory(fn, returned, ctx, (expr) => this.factoryOf(expr));
        }
        break;
      }
      case K.FunctionDeclaration:
        if ((node as ts.FunctionDeclaration).name) this.callableNames.add((node as ts.FunctionDeclaration).name!.text);
        if (hasExport(node) && (node as ts.FunctionDeclaration).name) {
          const name = (node as ts.FunctionDeclaration).name!.text;
          this.rawExports.push({ exported: hasDefault(node) ? "default" : name, id: `fn:${name}` });
        } else if (hasExport(node) && hasDefault(node)) {
          this.rawExports.push({ exported: "default", id: "fn:default" });
        }
        break;
    }
    if (FUNCTION_KINDS[kind] === 1) {
      this.functionBody(node as ts.FunctionLikeDeclaration, visit);
    } else if (kind === K.ClassDeclaration || kind === K.ClassExpression) {
      const name = (node as ts.ClassLikeDeclaration).name?.text ?? "default";
      ctx.frames.push({ params: NO_BINDINGS, locals: NO_BINDINGS, objects: NO_BINDINGS, className: name });
      visitChildren(node, visit);
      ctx.frames.pop();
    } else if (kind === K.CallExpression && isPromiseCombinator(node as ts.CallExpression)) {
      ctx.enterParallel(node as ts.CallExpression);
      visitChildren(node, visit);
      ctx.leaveParallel();
    } else if (kind === K.CallExpression && (collected = collectedGroup(node as ts.CallExpression, ctx.stack, ctx.sf)) !== undefined) {
      ctx.enterCollected(collected);
      visitChildren(node, visit);
      ctx.leaveParallel();
    } else {
      visitChildren(node, visit);
    }
    ctx.stack.pop();
  }

  // ---------------------------------------------------------------------------
  // Functions
  // ---------------------------------------------------------------------------

  functionBody(node: ts.FunctionLikeDeclaration, visit: (node: ts.Node) => void): void {
    const { ctx } = this;
    // One location for the function's fact, its callee edge and (for an anonymous function) its id.
    const location = ctx.functionLoc(node);
    const id = functionIdOf(node, ctx);
    const parent = ctx.currentFunction();
    let params: Map<string, number> = NO_BINDINGS;
    const parameters = node.parameters;
    let paramDefaults: Map<string, ts.Expression> | undefined;
    let destructured: Frame["destructured"];
    for (let index = 0; index < parameters.length; index++) {
      const { name, initializer } = parameters[index]!;
      if (!ts.isIdentifier(name)) {
        if (ts.isObjectBindingPattern(name)) destructured = destructuredNames(name, index, destructured);
        continue;
      }
      if (params === NO_BINDINGS) params = new Map();
      params.set(name.text, index);
      if (initializer) (paramDefaults ??= new Map()).set(name.text, initializer);
    }
    const first = parameters[0];
    const frame: Frame = paramDefaults ? { id, params, locals: NO_BINDINGS, objects: NO_BINDINGS, paramDefaults } : { id, params, locals: NO_BINDINGS, objects: NO_BINDINGS };
    if (destructured) frame.destructured = destructured;
    // Function declarations in the body are hoisted: known before the calls that precede them.
    if (node.body && ts.isBlock(node.body)) {
      for (const statement of node.body.statements) {
        if (ts.isFunctionDeclaration(statement) && statement.name) (frame.functions ??= new Set()).add(statement.name.text);
      }
    }
    // The type's text is only read when the parameter turns out to be an app (see resolveOwner).
    if (first?.type) frame.firstParamTypeNode = first.type;
    const className = ctx.currentClass();
    if (className && (ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node))) frame.className = className;
    const name = nameOf(node);
    const fact: FunctionFact = name ? { id, name, location } : { id, location };
    if (parameters.length > 2) fact.takesNext = true;
    if (node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) fact.async = true;
    if (!node.body) fact.bodiless = true;
    const returned = returnedClass(node, ctx);
    if (returned) fact.returnsClass = returned;
    ctx.facts.functions.push(fact);
    // A function nested in another (a callback, a local helper) runs on its behalf.
    if (parent) {
      const after = continuationOf(node, ctx, (expr) => this.isFunctionName(expr));
      // `return async (payload) => …`: a function handed back to the caller, which runs it later (a publisher a factory
      // makes, model/factory-topics.ts), not a call the parent's promise waits for.
      const container = ctx.stack[ctx.stack.length - 2]!;
      const awaited = container.kind !== ts.SyntaxKind.ReturnStatement && ctx.isAwaited();
      const nested: CalleeFact = after ? { from: parent, name: id, local: id, awaited, parallel: ctx.isParallel(), after, location } : { from: parent, name: id, local: id, awaited, parallel: ctx.isParallel(), location };
      if (isPromiseExecutor(node, ctx.stack[ctx.stack.length - 2])) nested.executor = true;
      // `list.forEach(async (item) => await call(item))`: forEach drops the promise each run returns, so the parent goes
      // on without waiting for what the callback awaits.
      if (fact.async && isForEachCallback(node, container)) nested.left = true;
      // `setTimeout(async () => await notify(event), 3000)`: a timer's (or setImmediate's, process.nextTick's) callback
      // runs after the parent has gone on, async or not, so nothing the parent answers with waits for its calls; unless
      // the callback answers the request or settles a promise itself (`setTimeout(() => res.json(x), 100)`).
      if (isDeferredCallback(node, container) && !answersOrSettles(node)) nested.deferred = true;
      ctx.facts.callees.push(nested);
    }
    ctx.enterFunction(frame);
    // const createApp = () => express(): the body is what it returns.
    const body = node.body;
    if (body && (body.kind === K.CallExpression || body.kind === K.NewExpression || body.kind === ts.SyntaxKind.Identifier)) {
      this.returnedApp(id, body as ts.Expression, body);
      this.returnedClient(id, body as ts.Expression);
    }
    // const makeDeps = (options) => ({ requestFn: options.requestFn ?? request, … }): what its callers get.
    else if (body && body.kind === ts.SyntaxKind.ParenthesizedExpression) recordReturnedObject(id, body as ts.Expression, ctx);
    visitChildren(node, visit);
    ctx.leaveFunction();
  }

  /** `return router` (an app bound in scope) or `return express()`, also an arrow's body: the app the function's callers get. */
  returnedApp(fn: string, returned: ts.Expression, at: ts.Node): void {
    const { ctx } = this;
    // `getRouter() { return this.router; }`: the app a class holds, as well as a local one.
    const member = ts.isPropertyAccessExpression(returned) && returned.expression.kind === ts.SyntaxKind.ThisKeyword ? `this.${returned.name.text}` : undefined;
    if (ts.isIdentifier(returned) || member) {
      const bound = member ? (ctx.lookupObject(member) ?? ctx.laterMembers?.laterMember(member)) : ctx.lookupObject((returned as ts.Identifier).text);
      if (bound?.info?.kind === "app") ctx.facts.returns[fn] = bound.id;
      return;
    }
    const info = this.factoryOf(unwrapAwait(returned));
    if (info?.kind !== "app") return;
    const id = `var:return@${ctx.loc(at).line}`;
    ctx.objects.set(id, info);
    this.recordObjectFacts(id, info);
    ctx.facts.returns[fn] = id;
  }

  /**
   * `return axios.create({ baseURL, timeout })`, also an arrow's body (`(baseURL) => axios.create({ baseURL })`): the HTTP
   * client the function's callers get, its base possibly made of the function's parameters. What `const api =
   * apiAdapter(BASE_URL)` holds (model/made-clients.ts). A returned name bound to a client is recordReturnedObject's.
   */
  returnedClient(fn: string, returned: ts.Expression): void {
    const inner = unwrapAwait(returned);
    if (!ts.isCallExpression(inner) && !ts.isNewExpression(inner)) return;
    const info = this.factoryOf(inner);
    if (info?.kind !== "client" || info.client === "graphql") return;
    (this.ctx.facts.flowReturns ??= {})[fn] = { kind: "http", client: info.client, ...(info.base ? { base: info.base } : {}), ...(info.timeout ? { timeout: true as const } : {}) };
  }

  /** Stable, file-local function ids: by name where the code names it, else by position. */
  functionId(node: ts.Node): string {
    return functionIdOf(node, this.ctx);
  }

  /**
   * The function a higher-order call wraps: `withSpan(handler)`, `asyncHandler(async (req, res) => ...)`,
   * `catchAsync(wrap(fn))`, `withRetry(opts, handler)`. An inline function argument first, else a name
   * that is a function of the file or an import (the wrapper is assumed to call it, as wrappers do).
   */
  wrappedFunction(expr: ts.Expression, depth: number): ts.Expression | undefined {
    let call = expr;
    while (ts.isParenthesizedExpression(call) || ts.isAsExpression(call) || ts.isAwaitExpression(call)) call = call.expression;
    if (!ts.isCallExpression(call) || depth > 3) return undefined;
    const callee = call.expression;
    if ((!ts.isIdentifier(callee) || callee.text === "require") && !ts.isPropertyAccessExpression(callee)) return undefined;
    // handler.bind(this)
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "bind" && this.isFunctionName(callee.expression)) return callee.expression;
    for (const arg of call.arguments) if (isFunctionLike(arg)) return arg as ts.Expression;
    for (const arg of call.arguments) if (this.isFunctionName(arg)) return arg;
    for (const arg of call.arguments) {
      const inner = this.wrappedFunction(arg, depth + 1);
      if (inner) return inner;
    }
    return undefined;
  }

  isFunctionName(expr: ts.Expression): expr is ts.Identifier {
    return ts.isIdentifier(expr) && (this.ctx.lookupLocalFunction(expr.text) || (this.callableNames.has(expr.text) && !this.ctx.lookupObject(expr.text)));
  }

  factoryOf(expr: ts.Expression): ObjectInfo | undefined {
    for (const extractor of this.factories) {
      const info = extractor.factory!(expr, this.ctx);
      if (info) return info;
    }
    return undefined;
  }

  recordObjectFacts(id: string, info: ObjectInfo): void {
    if (info.kind === "app") {
      this.ctx.facts.apps[id] = info.framework;
      if (info.prefix) this.ctx.facts.objectPrefixes[id] = info.prefix;
    }
    if (info.kind === "client") this.ctx.facts.clients[id] = { client: info.client, ...(info.base ? { base: info.base } : {}), ...(info.timeout ? { timeout: true as const } : {}) };
  }

  maybeSql(text: string, node: ts.Node): void {
    if (text.length < 10 || !SQL_START.test(text)) return;
    for (const hook of this.sqlHooks) hook.sql!(text, node, this.ctx);
  }

  /** The file's facts completed; false when a call set aside during the walk is one the model can link (see unrecorded). */
  finish(): boolean {
    const { ctx } = this;
    for (const hook of this.endHooks) hook.fileEnd!(ctx);
    recordReturnedSettings(ctx.facts);
    for (const entry of this.rawExports) {
      let id = entry.id;
      if (!id && entry.local) {
        const object = ctx.moduleFrame.objects.get(entry.local);
        if (object) id = object;
        else if (ctx.facts.functions.some((f) => f.id === `fn:${entry.local}`)) id = `fn:${entry.local}`;
        else if (ctx.moduleFrame.locals.has(entry.local)) id = `const:${entry.local}`;
        else if (ctx.imports.has(entry.local)) {
          const imported = ctx.imports.get(entry.local)!;
          ctx.facts.reexports.push({ name: entry.exported, imported: imported.imported, specifier: imported.specifier });
          continue;
        } else id = `class:${entry.local}`;
      }
      if (id) ctx.facts.exports[entry.exported] = id;
    }
    const resolvable = resolvableCallee(ctx.facts, ctx.imports, ctx.typeImports.size ? ctx.typeImports : undefined);
    if (this.unrecorded?.some(resolvable)) return false;
    const callees = ctx.facts.callees;
    const kept: CalleeFact[] = [];
    for (let index = 0; index < callees.length; index++) {
      const callee = callees[index]!;
      if (!resolvable(callee)) continue;
      const node = this.callNodes[index];
      if (node) callee.location = ctx.loc(node);
      kept.push(callee);
    }
    ctx.facts.callees = kept;
    // Exported module constants that evaluate to something useful, for other files' imports
    // (this file's own uses were evaluated during the walk).
    const exportedConsts = new Set(Object.values(ctx.facts.exports).filter((id) => id.startsWith("const:")).map((id) => id.slice("const:".length)));
    for (const [name, expr] of ctx.moduleFrame.locals) {
      if (!exportedConsts.has(name)) continue;
      const value = ctx.value(expr);
      if (value.parts.some((p) => p.kind !== "unknown")) ctx.facts.constants[name] = value;
      const object = withoutAssertions(expr);
      if (ts.isObjectLiteralExpression(object)) {
        flattenObject(name, object, ctx, 0);
        recordObjectMembers(name, object, ctx);
      } else if (ts.isArrayLiteralExpression(object)) {
        // `export const routes = [{ path, target }, …]`: each element under its index, for a module looping over it.
        flattenList(name, object, ctx, 0);
      } else {
        // `export default sanitize(getConfig())`: the object behind this file's maker and checker functions.
        const behind = objectBehind(expr, ctx);
        if (behind) flattenObject(name, behind, ctx, 0);
      }
      const made = instanceClassName(object);
      const settings = made ? ctx.fileClass(made) : undefined;
      // export const config = new EnvConfig() of a class of this file: each field its constructor sets, for `config.X` in other files.
      if (settings) recordSettingFields(settings, name, ctx);
      else if (ts.isCallExpression(unwrapAwait(expr))) {
        // export const env = schema.parse(process.env): each declared variable, for `env.DATABASE_URL` in other files.
        const validated = ctx.validatedEnv(expr);
        if (validated) for (const [key, fallback] of validated) ctx.facts.constants[`${name}.${key}`] = ctx.envWithDefault(key, fallback);
      }
    }
    for (const { prefix, object } of this.exportedObjects) flattenObject(prefix, object, ctx, 0);
    // export const userUrl = (id) => `${BASE}/users/${id}`, export function userUrl(id) { return ...; }
    for (const [exported, id] of Object.entries(ctx.facts.exports)) {
      if (!id.startsWith("fn:") || id.includes(".")) continue;
      const name = id.slice(3);
      const declared = ctx.sf.statements.find((s) => (ts.isFunctionDeclaration(s) && s.name?.text === name) || (ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)));
      const fn = declared && ts.isVariableStatement(declared) ? declared.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name)?.initializer : declared;
      const value = fn && ctx.exportedFunctionValue(fn);
      if (value) ctx.facts.constants[`${exported}()`] = value;
    }
    exportedOptionFactories(this);
    for (const { name, expr } of this.exportedValues) {
      const value = ctx.value(expr);
      if (value.parts.some((p) => p.kind !== "unknown")) ctx.facts.constants[name] = value;
    }
    return true;
  }
}

/** `new Promise((resolve, reject) => …)`: the function runs at once, inside the one that makes the promise. */
function isPromiseExecutor(node: ts.Node, parent: ts.Node | undefined): boolean {
  return parent !== undefined && ts.isNewExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === "Promise" && parent.arguments?.[0] === node;
}

/** `this.<member> = <call or new>` written as a statement of a method's body, by member (the first one). */
function classMemberAssignments(cls: ts.ClassLikeDeclaration): Map<string, ts.BinaryExpression> {
  const found = new Map<string, ts.BinaryExpression>();
  for (const element of cls.members) {
    if (!(ts.isMethodDeclaration(element) || ts.isConstructorDeclaration(element)) || !element.body) continue;
    for (const statement of element.body.statements) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
      const { left, operatorToken, right } = statement.expression;
      if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword) continue;
      const inner = unwrapAwait(right);
      if ((ts.isCallExpression(inner) || ts.isNewExpression(inner)) && !found.has(left.name.text)) found.set(left.name.text, statement.expression);
    }
  }
  return found;
}

/** `setTimeout(fn, ms)`, `setInterval(fn, ms)`, `setImmediate(fn)`, `process.nextTick(fn)`, `queueMicrotask(fn)`: fn runs later. */
function isDeferredCallback(fn: ts.Node, container: ts.Node): boolean {
  if (!ts.isCallExpression(container) || container.arguments[0] !== fn) return false;
  const callee = container.expression;
  if (ts.isIdentifier(callee)) return DEFERRING.has(callee.text);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && ((callee.expression.text === "process" && callee.name.text === "nextTick") || (/^(globalThis|window|global)$/.test(callee.expression.text) && DEFERRING.has(callee.name.text)));
}

const DEFERRING = new Set(["setTimeout", "setInterval", "setImmediate", "queueMicrotask"]);

/** Names of what a handler answers through or a promise settles with: a deferred callback naming one is waited for. */
const WAITED_THROUGH = new Set(["res", "response", "reply", "ctx", "context", "h", "cb", "callback", "done", "next", "resolve", "reject"]);

function answersOrSettles(fn: ts.Node): boolean {
  let found = false;
  // Parents are not set on the parsed tree: a member's name (`x.res`) is skipped from its access instead.
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node)) found = WAITED_THROUGH.has(node.text);
    else if (ts.isPropertyAccessExpression(node)) visit(node.expression);
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

function isForEachCallback(fn: ts.Node, container: ts.Node): boolean {
  return ts.isCallExpression(container) && container.arguments[0] === fn && ts.isPropertyAccessExpression(container.expression) && container.expression.name.text === "forEach";
}
