import { ts } from "../ts.js";
import type { CalleeFact, FileFacts, ImportFact, Location, Value } from "../types.js";
import { kindTable, SKIPPED, visitChildren } from "./children.js";
import { fromReturnedOptions, isFunctionNode, objectLiteralOf } from "./datastores/connection.js";
import { appFromFactoryCall, handlerFields } from "./routes.js";
import { carriesConfiguration, destructuredNames, flowArguments, recordReturnedObject } from "./value-flow.js";
import { readSuppressions } from "./suppressions.js";
import { hasInlineDeadline } from "./call-deadlines.js";
import { defaultsTimeoutAssignment } from "./client-defaults.js";
import { ExtractContext, FUNCTION_LIKE_KINDS, NO_BINDINGS, isFunctionLike, isPromiseCombinator, propertyKey, returnedExpression, withoutAssertions, type Frame, type ObjectInfo } from "./context.js";

/**
 * One walk per file over `sourceFile.compilerNode` with the children of each node read as ts.forEachChild would (no
 * ts-morph wrappers on the hot path). The walker keeps scopes, imports and
 * exports; the extractors (one per library family) see the nodes they care
 * about through the hooks below.
 */

export interface Extractor {
  family: string;
  /**
   * The modules (or their subpaths) a file must import for any of this extractor's hooks to find
   * anything: in other files the walker leaves the extractor out of its dispatch altogether. Only
   * for extractors whose every hook starts with that check (a library's own objects, never one
   * that follows objects imported from the project's other files).
   */
  modules?: readonly string[];
  /**
   * Which calls `call` wants, so the walker can dispatch without asking every
   * extractor about every call: method names of `x.name(...)`, and whether it
   * wants calls of a bare identifier `name(...)`. Both absent: every call.
   */
  callProperties?: readonly string[];
  callIdentifiers?: boolean;
  /** Calls of anything else: an element access `router[route.method](...)`, a call's result `require("./routes")(app)`. */
  callOthers?: boolean;
  /** Does this expression create an object routes or calls hang on (an app, a router, a client)? */
  factory?(expr: ts.Expression, ctx: ExtractContext): ObjectInfo | undefined;
  call?(node: ts.CallExpression, ctx: ExtractContext): void;
  newExpression?(node: ts.NewExpression, ctx: ExtractContext): void;
  classDeclaration?(node: ts.ClassDeclaration, ctx: ExtractContext): void;
  /** String and template literals that look like SQL. */
  sql?(text: string, node: ts.Node, ctx: ExtractContext): void;
  /** What the module exports as a whole: `export default x`, `module.exports = x` (config files such as a knexfile). */
  moduleExport?(expr: ts.Expression, ctx: ExtractContext): void;
  /** Once per file, after the walk: for facts that need the whole file (a rare library's own pass over it). */
  fileEnd?(ctx: ExtractContext): void;
}

export function emptyFacts(file: string): FileFacts {
  return {
    file,
    imports: [],
    exports: {},
    constants: {},
    reexports: [],
    functions: [],
    callees: [],
    routes: [],
    mounts: [],
    nest: {},
    calls: [],
    datastores: [],
    tables: [],
    writes: [],
    topics: [],
    topicMembers: [],
    transports: [],
    suppressions: [],
    apps: {},
    autoloads: [],
    returns: {},
    objectPrefixes: {},
    clients: {},
  };
}

/** SyntaxKind values, read once (a property lookup per node adds up over 10,000 files). */
const K = {
  VariableDeclaration: ts.SyntaxKind.VariableDeclaration,
  CallExpression: ts.SyntaxKind.CallExpression,
  NewExpression: ts.SyntaxKind.NewExpression,
  ClassDeclaration: ts.SyntaxKind.ClassDeclaration,
  ClassExpression: ts.SyntaxKind.ClassExpression,
  StringLiteral: ts.SyntaxKind.StringLiteral,
  NoSubstitutionTemplateLiteral: ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  TemplateExpression: ts.SyntaxKind.TemplateExpression,
  ExportAssignment: ts.SyntaxKind.ExportAssignment,
  ExportDeclaration: ts.SyntaxKind.ExportDeclaration,
  BinaryExpression: ts.SyntaxKind.BinaryExpression,
  FunctionDeclaration: ts.SyntaxKind.FunctionDeclaration,
  ReturnStatement: ts.SyntaxKind.ReturnStatement,
  PropertyDeclaration: ts.SyntaxKind.PropertyDeclaration,
} as const;

const FUNCTION_KINDS = kindTable(FUNCTION_LIKE_KINDS);

const SQL_START = /^\s*(?:--[^\n]*\n\s*)*(with|select|insert|update|delete|create|alter|drop|merge|upsert|truncate)\b/i;

/** Calls that never lead anywhere interesting: skipped in the call graph to keep it small. */
/** Members of a dependencies parameter that hold a service object (`deps.service`, `ctx.ordersClient`, `opts.repository`). */
const INJECTED_MEMBER = /(service|client|api|gateway|repository|repo|store|manager|provider|adapter)s?$/i;

/** `fn.call(thisArg, …)`, `fn.apply(thisArg, args)`, a circuit breaker's `breaker.fire(…)`: ways to run the function they hang on. */
const INVOKERS = new Set(["call", "apply", "fire"]);

/** `X.getInstance().method()`: accessors of a singleton, whose methods are X's. */
const SINGLETON_ACCESSORS = new Set(["getInstance", "instance", "getSingleton", "shared"]);

/** The class of this module a call is given first (`withBreaker(OrdersController, opts)`), if any. */
function wrappedClass(call: ts.CallExpression, sf: ts.SourceFile): string | undefined {
  const first = call.arguments[0];
  if (!first || !ts.isIdentifier(first)) return undefined;
  return sf.statements.some((s) => ts.isClassDeclaration(s) && s.name?.text === first.text) ? first.text : undefined;
}

/**
 * The arguments that name a function (a function of the project by name, `x.method.bind(x)`, `this.fetch.bind(this)`,
 * one written inline), by position, or undefined when there is none: what a helper that makes a breaker around its
 * parameter is given (`guarded(charge)`).
 */
function functionArguments(node: ts.CallExpression, ctx: ExtractContext, isFunctionName: (arg: ts.Expression) => boolean): CalleeFact["fnArgs"] {
  let out: CalleeFact["fnArgs"];
  node.arguments.forEach((arg, index) => {
    const named = isFunctionName(arg) || isFunctionLike(arg) || (ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression) && arg.expression.name.text === "bind");
    if (!named) return;
    const { handler, handlerRef } = handlerFields(arg, ctx);
    const ref = handler ? { name: handler, local: handler } : handlerRef;
    if (ref) (out ??= []).push({ index, ref });
  });
  return out;
}

/** The string-literal arguments of a call (others null), or undefined when there is none: what a helper is told (`send("orders", …)`). */
function literalArguments(node: ts.CallExpression): (string | null)[] | undefined {
  let any = false;
  const out = node.arguments.map((arg) => {
    if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) {
      any = true;
      return arg.text;
    }
    return null;
  });
  return any ? out : undefined;
}

const IGNORED_CALL_OBJECTS = new Set(["console", "JSON", "Math", "Object", "Array", "Number", "String", "Date", "Promise", "res", "reply", "req", "request", "ctx", "c", "logger", "log", "Reflect", "Symbol", "Buffer"]);

export function scriptKindFor(file: string): ts.ScriptKind {
  if (file.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (file.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (file.endsWith(".js") || file.endsWith(".mjs") || file.endsWith(".cjs")) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * JSDoc is never read: skipping its parse saves a good share of parse time on
 * commented code (typescript-eslint does the same). Exported for the
 * benchmark, whose raw-parse baseline must parse exactly as the scan does.
 */
export const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

export function parseSource(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, PARSE_OPTIONS, false, scriptKindFor(file));
}

/** The syntax errors the parser recorded (an internal but long-stable field). */
export function parseErrors(sf: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

export function extractFile(file: string, text: string, extractors: readonly Extractor[], sf: ts.SourceFile = parseSource(file, text)): FileFacts {
  const facts = emptyFacts(file);
  const ctx = new ExtractContext(sf, file, facts);
  const walker = new Walker(ctx, extractors);
  walker.prepass();
  walker.visitAll();
  walker.finish();
  facts.suppressions = readSuppressions(text, file);
  return shareEmpty(facts);
}

/** The placeholder location of a callee fact until `finish` (see Walker.callNodes). */
const LOCATION_LATER: Location = Object.freeze({ file: "", line: 0, column: 0 });

const NO_ITEMS: readonly never[] = Object.freeze([]);
const NO_ENTRIES: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Most of a file's twenty fact lists and maps stay empty. Facts live until
 * the model is built, and each object that lives costs the garbage collector
 * a copy or two: the empty ones are replaced by one shared, frozen empty
 * list or map (a later write would throw, not leak into other files). Field
 * by field rather than a for-in over the keys, which cost about 1% of a scan.
 */
function shareEmpty(facts: FileFacts): FileFacts {
  if (facts.imports.length === 0) facts.imports = NO_ITEMS as never;
  if (isEmptyObject(facts.exports)) facts.exports = NO_ENTRIES;
  if (isEmptyObject(facts.constants)) facts.constants = NO_ENTRIES;
  if (facts.reexports.length === 0) facts.reexports = NO_ITEMS as never;
  if (facts.functions.length === 0) facts.functions = NO_ITEMS as never;
  if (facts.callees.length === 0) facts.callees = NO_ITEMS as never;
  if (facts.routes.length === 0) facts.routes = NO_ITEMS as never;
  if (facts.mounts.length === 0) facts.mounts = NO_ITEMS as never;
  if (isEmptyObject(facts.nest)) facts.nest = NO_ENTRIES;
  if (facts.calls.length === 0) facts.calls = NO_ITEMS as never;
  if (facts.datastores.length === 0) facts.datastores = NO_ITEMS as never;
  if (facts.tables.length === 0) facts.tables = NO_ITEMS as never;
  if (facts.topics.length === 0) facts.topics = NO_ITEMS as never;
  if (facts.topicMembers.length === 0) facts.topicMembers = NO_ITEMS as never;
  if (facts.transports.length === 0) facts.transports = NO_ITEMS as never;
  if (facts.suppressions.length === 0) facts.suppressions = NO_ITEMS as never;
  if (isEmptyObject(facts.apps)) facts.apps = NO_ENTRIES;
  if (facts.autoloads.length === 0) facts.autoloads = NO_ITEMS as never;
  if (isEmptyObject(facts.returns)) facts.returns = NO_ENTRIES;
  if (isEmptyObject(facts.objectPrefixes)) facts.objectPrefixes = NO_ENTRIES;
  if (isEmptyObject(facts.clients)) facts.clients = NO_ENTRIES;
  return facts;
}

function isEmptyObject(value: object): boolean {
  for (const _ in value) return false;
  return true;
}

interface DispatchPlan {
  factories: Extractor[];
  newHooks: Extractor[];
  classHooks: Extractor[];
  sqlHooks: Extractor[];
  exportHooks: Extractor[];
  endHooks: Extractor[];
  propertyHooks: Map<string, Extractor[]>;
  identifierHooks: Extractor[];
  otherCallHooks: Extractor[];
  /** Hooks for every call (a method name no hook listed). */
  anyCallHooks: Extractor[];
}

const plans = new WeakMap<readonly Extractor[], Map<number, DispatchPlan>>();

/**
 * Which hook sees which node, for the extractors a file can use: those without `modules`, and those whose
 * modules the file imports. Computed once per list of extractors and set of imported libraries (not once per file).
 */
function dispatchPlanFor(extractors: readonly Extractor[], ctx: ExtractContext): DispatchPlan {
  let byImports = plans.get(extractors);
  if (!byImports) plans.set(extractors, (byImports = new Map()));
  // A bit per gated extractor, set when this file imports one of its modules.
  let mask = 0;
  let bit = 1;
  for (const extractor of extractors) {
    if (!extractor.modules) continue;
    if (ctx.importsAny(extractor.modules)) mask += bit;
    bit *= 2;
  }
  let plan = byImports.get(mask);
  if (!plan) byImports.set(mask, (plan = dispatchPlan(extractors.filter((extractor) => !extractor.modules || ctx.importsAny(extractor.modules)))));
  return plan;
}

function dispatchPlan(extractors: readonly Extractor[]): DispatchPlan {
  const callHooks = extractors.filter((e) => e.call);
  const wantsAll = (hook: Extractor) => hook.callProperties === undefined && hook.callIdentifiers === undefined && hook.callOthers === undefined;
  const propertyHooks = new Map<string, Extractor[]>();
  for (const hook of callHooks) for (const name of hook.callProperties ?? []) propertyHooks.set(name, [...(propertyHooks.get(name) ?? []), hook]);
  // Keep declaration order when a name has both specific and catch-all hooks.
  for (const [name, hooks] of propertyHooks) propertyHooks.set(name, callHooks.filter((hook) => hooks.includes(hook) || wantsAll(hook)));
  const plan: DispatchPlan = {
    factories: extractors.filter((e) => e.factory),
    newHooks: extractors.filter((e) => e.newExpression),
    classHooks: extractors.filter((e) => e.classDeclaration),
    sqlHooks: extractors.filter((e) => e.sql),
    exportHooks: extractors.filter((e) => e.moduleExport),
    endHooks: extractors.filter((e) => e.fileEnd),
    propertyHooks,
    identifierHooks: callHooks.filter((hook) => hook.callIdentifiers || wantsAll(hook)),
    otherCallHooks: callHooks.filter((hook) => hook.callOthers || wantsAll(hook)),
    anyCallHooks: callHooks.filter(wantsAll),
  };
  return plan;
}

class Walker {
  private readonly rawExports: { exported: string; local?: string; id?: string }[] = [];
  /** `module.exports = x` assignments a variable declaration already exported (`var app = module.exports = express()`). */
  private readonly chainedExports = new Set<ts.BinaryExpression>();
  private hasSql = false;
  private factories: Extractor[] = [];
  /** Call hooks by method name, plus the hooks for bare identifier calls and for any other callee. */
  private propertyHooks: ReadonlyMap<string, Extractor[]> = new Map();
  private identifierHooks: Extractor[] = [];
  private otherCallHooks: Extractor[] = [];
  private anyCallHooks: Extractor[] = [];
  /** Names a bare call can resolve to: imports and functions declared at module level. */
  private readonly callableNames = new Set<string>();
  /**
   * The call each callee fact was made at, by the fact's index (undefined for
   * a nested function's edge, whose location is known): a call's location is
   * only computed in `finish`, for the callees that survive resolvableCallee.
   */
  private readonly callNodes: (ts.Node | undefined)[] = [];
  private newHooks: Extractor[] = [];
  private classHooks: Extractor[] = [];
  private sqlHooks: Extractor[] = [];
  private exportHooks: Extractor[] = [];
  /**
   * Exported values other files may read as constants: object literals
   * (`module.exports = { db: { host } }` gives `default.db.host`) and plain
   * values (`exports.mongoURI = process.env.MONGO_URI`), evaluated in `finish`.
   */
  private readonly exportedObjects: { prefix: string; object: ts.ObjectLiteralExpression }[] = [];
  private readonly exportedValues: { name: string; expr: ts.Expression }[] = [];
  private endHooks: Extractor[] = [];

  constructor(
    private readonly ctx: ExtractContext,
    private readonly extractors: readonly Extractor[],
  ) {}

  /** The hooks this file's imports call for: known once the prepass has read them. */
  private usePlan(): void {
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

  /** Module-level imports and const initialisers first, so later code can use them in any order. */
  prepass(): void {
    const { ctx } = this;
    // One pass: imports (and requires) and module constants are recorded independently of each other.
    for (const statement of ctx.sf.statements) {
      const wrapped = iifeBody(statement);
      if (wrapped) this.prepassWrapped(wrapped, 0);
      else if (ts.isImportDeclaration(statement)) this.recordImport(statement);
      else if (ts.isVariableStatement(statement)) {
        for (const decl of statement.declarationList.declarations) {
          this.recordRequire(decl);
          this.recordDestructuredImport(decl);
          if (ts.isIdentifier(decl.name) && decl.initializer && !requireOf(decl.initializer)) ctx.moduleFrame.locals.set(decl.name.text, decl.initializer);
        }
      } else if (ts.isFunctionDeclaration(statement) && statement.name) {
        this.callableNames.add(statement.name.text);
        ctx.moduleFunctions.add(statement.name.text);
      } else if (ts.isEnumDeclaration(statement)) this.recordEnum(statement);
      else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) ctx.specifiers.add(statement.moduleSpecifier.text);
    }
    for (const name of ctx.imports.keys()) this.callableNames.add(name);
  }

  /**
   * `(function () { var request = require("request"); ... }())`: a module written inside an
   * immediately invoked function (old Node style) requires its modules there; they are the
   * module's imports all the same. Its constants stay in its own scope (bound during the walk).
   */
  private prepassWrapped(statements: ts.SourceFile["statements"], depth: number): void {
    for (const statement of statements) {
      const wrapped = iifeBody(statement);
      if (wrapped && depth < 3) this.prepassWrapped(wrapped, depth + 1);
      else if (ts.isVariableStatement(statement)) for (const decl of statement.declarationList.declarations) this.recordRequire(decl);
      else if (ts.isFunctionDeclaration(statement) && statement.name) this.callableNames.add(statement.name.text);
    }
  }

  visitAll(): void {
    this.usePlan();
    const visit = (node: ts.Node): void => this.visit(node, visit);
    visitChildren(this.ctx.sf, visit);
  }

  private visit(node: ts.Node, visit: (node: ts.Node) => void): void {
    const kind = node.kind;
    // Types, interfaces and type aliases never hold routes, calls or queries: skip their subtrees.
    if (SKIPPED[kind] === 1) return;
    const { ctx } = this;
    ctx.stack.push(node);
    switch (kind) {
      case K.VariableDeclaration:
        this.variable(node as ts.VariableDeclaration);
        break;
      case K.CallExpression:
        this.call(node as ts.CallExpression);
        break;
      case K.NewExpression:
        for (const hook of this.newHooks) hook.newExpression!(node as ts.NewExpression, ctx);
        break;
      case K.ClassDeclaration:
        for (const hook of this.classHooks) hook.classDeclaration!(node as ts.ClassDeclaration, ctx);
        this.classExports(node as ts.ClassDeclaration);
        break;
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
        if (this.hasSql) this.maybeSql((node as ts.StringLiteral).text, node);
        break;
      case K.TemplateExpression:
        if (this.hasSql) this.maybeSql(templateText(node as ts.TemplateExpression), node);
        break;
      case K.ExportAssignment:
        this.exportAssignment(node as ts.ExportAssignment);
        break;
      case K.ExportDeclaration:
        this.exportDeclaration(node as ts.ExportDeclaration);
        break;
      case K.BinaryExpression:
        this.assignment(node as ts.BinaryExpression);
        break;
      case K.PropertyDeclaration: {
        // class Server { private app = express(); }
        const property = node as ts.PropertyDeclaration;
        if (property.initializer && ts.isIdentifier(property.name)) this.memberObject(property.name.text, property.initializer, property);
        break;
      }
      case K.ReturnStatement: {
        // A factory of routers: `function createRouter() { const r = Router(); ...; return r; }`.
        const returned = (node as ts.ReturnStatement).expression;
        const fn = ctx.currentFunction();
        if (returned && fn) {
          this.returnedApp(fn, returned, node);
          recordReturnedObject(fn, returned, ctx);
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
      ctx.enterParallel();
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

  private functionBody(node: ts.FunctionLikeDeclaration, visit: (node: ts.Node) => void): void {
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
    ctx.facts.functions.push(name ? { id, name, location } : { id, location });
    // A function nested in another (a callback, a local helper) runs on its behalf.
    if (parent) {
      const after = continuationOf(node, ctx);
      ctx.facts.callees.push(
        after ? { from: parent, name: id, local: id, awaited: ctx.isAwaited(), parallel: ctx.isParallel(), after, location } : { from: parent, name: id, local: id, awaited: ctx.isAwaited(), parallel: ctx.isParallel(), location },
      );
    }
    ctx.enterFunction(frame);
    // const createApp = () => express(): the body is what it returns.
    const body = node.body;
    if (body && (body.kind === K.CallExpression || body.kind === K.NewExpression || body.kind === ts.SyntaxKind.Identifier)) this.returnedApp(id, body as ts.Expression, body);
    // const makeDeps = (options) => ({ requestFn: options.requestFn ?? request, … }): what its callers get.
    else if (body && body.kind === ts.SyntaxKind.ParenthesizedExpression) recordReturnedObject(id, body as ts.Expression, ctx);
    visitChildren(node, visit);
    ctx.leaveFunction();
  }

  /** `return router` (an app bound in scope) or `return express()`, also an arrow's body: the app the function's callers get. */
  private returnedApp(fn: string, returned: ts.Expression, at: ts.Node): void {
    const { ctx } = this;
    if (ts.isIdentifier(returned)) {
      const bound = ctx.lookupObject(returned.text);
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

  /** Stable, file-local function ids: by name where the code names it, else by position. */
  functionId(node: ts.Node): string {
    return functionIdOf(node, this.ctx);
  }

  // ---------------------------------------------------------------------------
  // Imports and exports
  // ---------------------------------------------------------------------------

  private recordImport(node: ts.ImportDeclaration): void {
    const { ctx } = this;
    if (!ts.isStringLiteral(node.moduleSpecifier)) return;
    const specifier = node.moduleSpecifier.text;
    ctx.specifiers.add(specifier);
    const clause = node.importClause;
    if (!clause || clause.isTypeOnly) return;
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
        if (element.isTypeOnly) continue;
        add(element.name.text, (element.propertyName ?? element.name).text);
      }
    }
  }

  /**
   * `enum Subjects { TicketCreated = "ticket:created" }`: members with a literal value, for this
   * file's values (`Subjects.TicketCreated`) and, when exported, for other files' imports.
   */
  private recordEnum(node: ts.EnumDeclaration): void {
    const { ctx } = this;
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
    if (members.size === 0) return;
    const name = node.name.text;
    ctx.enums.set(name, members);
    if (!hasExport(node)) return;
    this.rawExports.push({ exported: hasDefault(node) ? "default" : name, id: `const:${name}` });
    for (const [key, value] of members) ctx.facts.constants[`${name}.${key}`] = value;
  }

  /** `const x = require("m")`, `const { a, b: c } = require("m")`. */
  private recordRequire(decl: ts.VariableDeclaration): void {
    const { ctx } = this;
    const init = decl.initializer && requireOf(unwrapAwait(decl.initializer));
    if (!init) return;
    const specifier = (init.arguments[0] as ts.StringLiteral).text;
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
  private recordDestructuredImport(decl: ts.VariableDeclaration): void {
    const init = decl.initializer;
    if (!init || !ts.isObjectBindingPattern(decl.name) || !ts.isIdentifier(init)) return;
    const namespace = this.ctx.imports.get(init.text);
    if (!namespace || (namespace.imported !== "default" && namespace.imported !== "*")) return;
    for (const element of decl.name.elements) {
      if (!ts.isIdentifier(element.name) || element.dotDotDotToken) continue;
      const key = element.propertyName ? (ts.isIdentifier(element.propertyName) || ts.isStringLiteral(element.propertyName) ? element.propertyName.text : undefined) : element.name.text;
      if (key) this.ctx.imports.set(element.name.text, { local: element.name.text, imported: key, specifier: namespace.specifier });
    }
  }

  private exportAssignment(node: ts.ExportAssignment): void {
    this.exportValue("default", node.expression);
  }

  private exportValue(exported: string, expr: ts.Expression): void {
    if (exported === "default") for (const hook of this.exportHooks) hook.moduleExport!(expr, this.ctx);
    const target = unwrapPluginWrapper(expr);
    // module.exports = app inside an IIFE or a function: the object bound in that scope.
    const boundHere = ts.isIdentifier(target) && this.ctx.frames.length > 1 ? this.ctx.lookupObject(target.text) : undefined;
    if (boundHere) this.rawExports.push({ exported, id: boundHere.id });
    else if (ts.isIdentifier(target)) this.rawExports.push({ exported, local: target.text });
    else if (isFunctionLike(target)) this.rawExports.push({ exported, id: target === expr ? this.functionId(target) : positionId(target, this.ctx) });
    else if (ts.isCallExpression(target) && wrappedClass(target, this.ctx.sf)) {
      // module.exports = withCircuitBreaker(OrdersController, makeBreaker): the class's methods, whatever wraps them.
      this.rawExports.push({ exported, local: wrappedClass(target, this.ctx.sf)! });
    } else if (!this.factoryOf(target) && this.wrappedFunction(target, 0)) {
      // export default withSpan(handler): what the module exports runs the wrapped function.
      const wrapped = this.wrappedFunction(target, 0)!;
      if (ts.isIdentifier(wrapped)) this.rawExports.push({ exported, local: wrapped.text });
      else this.rawExports.push({ exported, id: positionId(wrapped, this.ctx) });
    } else if (ts.isObjectLiteralExpression(target)) {
      // module.exports = { a, b: c } exports each property; its values are constants `default.b`, `b`.
      this.exportedObjects.push({ prefix: exported, object: target });
      if (exported === "default") {
        this.rawExports.push({ exported: "default", id: "const:default" });
        for (const prop of target.properties) {
          if (ts.isShorthandPropertyAssignment(prop)) this.rawExports.push({ exported: prop.name.text, local: prop.name.text });
          else if (ts.isPropertyAssignment(prop)) {
            const key = propertyKey(prop.name);
            if (!key) continue;
            const wrapped = isFunctionLike(prop.initializer) ? prop.initializer : this.wrappedFunction(prop.initializer, 0);
            if (ts.isIdentifier(prop.initializer)) this.rawExports.push({ exported: key, local: prop.initializer.text });
            // module.exports = { getOrder: async (req, res) => ..., list: catchAsync(list) }: each handler by its key.
            else if (wrapped && ts.isIdentifier(wrapped)) this.rawExports.push({ exported: key, local: wrapped.text });
            else if (wrapped) this.rawExports.push({ exported: key, id: positionId(wrapped, this.ctx) });
            else this.rawExports.push({ exported: key, id: `const:default.${key}` });
          } else if (ts.isMethodDeclaration(prop) && !prop.asteriskToken) {
            const key = propertyKey(prop.name);
            if (key) this.rawExports.push({ exported: key, id: positionId(prop, this.ctx) });
          }
        }
      } else this.rawExports.push({ exported, id: `const:${exported}` });
    } else {
      const info = this.factoryOf(target);
      if (info) {
        const id = `var:export-${exported}`;
        this.ctx.objects.set(id, info);
        this.recordObjectFacts(id, info);
        this.rawExports.push({ exported, id });
      } else if (ts.isNewExpression(target) && ts.isIdentifier(target.expression)) {
        // module.exports = new InventoryClient(): the module is an instance, whose methods its importers call.
        this.rawExports.push({ exported, id: `instance:${target.expression.text}` });
      } else if (exported !== "default" && !ts.isIdentifier(target)) {
        // exports.mongoURI = process.env.MONGO_URI
        this.exportedValues.push({ name: exported, expr: target });
        this.rawExports.push({ exported, id: `const:${exported}` });
      }
    }
  }

  /**
   * Exported functions that return connection options (`export const getTypeOrmConfig =
   * (config) => ({ type: "postgres", host: config.get("DB_HOST") })`): the returned object's
   * leaves, read in the function's scope, become constants `<name>.returns.<key>` for a
   * `useFactory: getTypeOrmConfig` in another file (DatastoreFact.options).
   */
  private exportedOptionFactories(): void {
    const { ctx } = this;
    // Most files export no plain function, and most that do return no such object: the exports first, then a look
    // at the text, so neither the whole text nor the functions are read again for nothing.
    const candidates = Object.entries(ctx.facts.exports).filter(([, id]) => id.startsWith("fn:") && !id.includes("."));
    if (!candidates.length || !CONNECTION_KEY_TEXT.test(ctx.sf.text)) return;
    for (const [exported, id] of candidates) {
      const local = id.slice(3);
      const declared = ctx.moduleFrame.locals.get(local) ?? ctx.sf.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === local);
      const fn = declared && withoutAssertions(declared as ts.Expression);
      if (!fn || !isFunctionNode(fn) || !CONNECTION_KEY_TEXT.test(ctx.sf.text.slice(fn.pos, fn.end))) continue;
      fromReturnedOptions(fn, ctx, (returned) => {
        const object = objectLiteralOf(returned, ctx);
        if (object && object.properties.some((p) => p.name !== undefined && CONNECTION_KEYS.test(propertyKey(p.name as ts.PropertyName) ?? ""))) flattenObject(`${exported}.returns`, object, ctx, 0);
      });
    }
  }

  private exportDeclaration(node: ts.ExportDeclaration): void {
    if (node.isTypeOnly) return;
    const specifier = node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
    if (specifier) this.ctx.specifiers.add(specifier);
    const clause = node.exportClause;
    if (!clause) {
      if (specifier) this.ctx.facts.reexports.push({ name: "*", imported: "*", specifier });
      return;
    }
    if (ts.isNamedExports(clause)) {
      for (const element of clause.elements) {
        const local = (element.propertyName ?? element.name).text;
        if (specifier) this.ctx.facts.reexports.push({ name: element.name.text, imported: local, specifier });
        else this.rawExports.push({ exported: element.name.text, local });
      }
    }
  }

  private classExports(node: ts.ClassDeclaration): void {
    if (hasExport(node) && node.name) this.rawExports.push({ exported: hasDefault(node) ? "default" : node.name.text, id: `class:${node.name.text}` });
  }

  /** `module.exports = x`, `exports.name = x`, `module.exports.name = x`. */
  private assignment(node: ts.BinaryExpression): void {
    const operator = node.operatorToken.kind;
    // axios.defaults.timeout = 3000 (or ??= / ||=): a timeout set after the client is made.
    if (operator !== ts.SyntaxKind.EqualsToken && operator !== ts.SyntaxKind.QuestionQuestionEqualsToken && operator !== ts.SyntaxKind.BarBarEqualsToken) return;
    if (ts.isPropertyAccessExpression(node.left) && node.left.name.escapedText === "timeout") defaultsTimeoutAssignment(node.left, this.ctx);
    if (operator !== ts.SyntaxKind.EqualsToken || this.chainedExports.has(node)) return;
    const left = node.left;
    // let app; … app = express(): the name declared further out now holds an app.
    if (left.kind === ts.SyntaxKind.Identifier && (node.right.kind === K.CallExpression || node.right.kind === K.NewExpression)) {
      this.assignedObject((left as ts.Identifier).text, node.right, node);
      return;
    }
    if (!ts.isPropertyAccessExpression(left)) return;
    // this.app = express(): an object every method of the class reaches through `this.app`.
    if (left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      this.memberObject(left.name.text, node.right, node);
      return;
    }
    const isModuleExports = (e: ts.Expression) => ts.isPropertyAccessExpression(e) && e.name.text === "exports" && ts.isIdentifier(e.expression) && e.expression.text === "module";
    if (isModuleExports(left)) this.exportValue("default", node.right);
    else if ((ts.isIdentifier(left.expression) && left.expression.text === "exports") || isModuleExports(left.expression)) this.exportValue(left.name.text, node.right);
  }

  // ---------------------------------------------------------------------------
  // Variables: objects, constants, env aliases
  // ---------------------------------------------------------------------------

  private variable(decl: ts.VariableDeclaration): void {
    const { ctx } = this;
    const init = decl.initializer;
    if (!init) return;
    const statement = ctx.stack[ctx.stack.length - 3];
    const exported = statement && ts.isVariableStatement(statement) && hasExport(statement);

    if (ts.isObjectBindingPattern(decl.name)) {
      // const { USERS_URL, PORT = "3000" } = process.env
      if (ctx.isProcessEnv(init)) {
        for (const element of decl.name.elements) {
          if (!ts.isIdentifier(element.name)) continue;
          const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
          let expr: ts.Expression = ts.factory.createPropertyAccessExpression(
            ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("process"), "env"),
            key,
          );
          if (element.initializer) expr = ts.factory.createBinaryExpression(expr, ts.SyntaxKind.QuestionQuestionToken, element.initializer);
          ctx.bindLocal(element.name.text, expr);
        }
      }
      return;
    }
    if (!ts.isIdentifier(decl.name)) return;
    const name = decl.name.text;
    // var app = module.exports = express(): the variable and the module's export are one object.
    const chained = moduleExportsChain(init);
    if (chained) {
      for (const link of chained.links) this.chainedExports.add(link);
      this.boundVariable(decl, name, chained.value, exported);
      const bound = ctx.lookupObject(name);
      for (const as of chained.names) this.rawExports.push(bound ? { exported: as, id: bound.id } : { exported: as, local: name });
      return;
    }
    this.boundVariable(decl, name, init, exported);
  }

  /** `const name = init`: what the name is bound to (an object, a function, a value), and its export. */
  private boundVariable(decl: ts.VariableDeclaration, name: string, init: ts.Expression, exported: boolean | undefined): void {
    const { ctx } = this;
    if (requireOf(unwrapAwait(init))) {
      // `var http = require("http")` inside a handler (not an IIFE's, which the prepass made the file's imports):
      // a local the call hooks can still read the module from.
      if (ctx.frames.length > 1 && ctx.imports.get(name)?.line !== ctx.loc(decl).line) ctx.bindLocal(name, init);
      return;
    }
    if (ctx.frames.length > 1) ctx.bindLocal(name, init);
    if (ctx.isProcessEnv(init)) ctx.envAliases.add(name);

    const target = unwrapAwait(init);
    if (isFunctionLike(target)) {
      if (exported) this.rawExports.push({ exported: name, id: `fn:${name}` });
      return;
    }
    // `new Hono().get(...).post(...)`: the object is the chain's root.
    const root = chainRoot(target);
    const info = this.factoryOf(target) ?? (root !== target ? this.factoryOf(root) : undefined);
    if (info) {
      const id = ctx.frames.length > 1 ? `var:${name}@${ctx.loc(decl).line}` : `var:${name}`;
      if (root !== target) ctx.nodeObjects.set(root, id);
      ctx.bindObject(name, id, info);
      this.recordObjectFacts(id, info);
      if (exported) this.rawExports.push({ exported: name, id });
      return;
    }
    // An alias or a chained call on an existing object: `const api = app.basePath("/api")` is handled by hono.
    const existing = objectOfExpression(target, ctx);
    if (existing) {
      ctx.bindObject(name, existing);
      if (exported) this.rawExports.push({ exported: name, id: existing });
      return;
    }
    const made = appFromFactoryCall(name, target, ctx.loc(decl).line, ctx);
    if (made) {
      ctx.bindObject(name, made.id, made.info);
      if (made.info?.kind === "app" && !made.info.guessed) this.recordObjectFacts(made.id, made.info);
      if (exported) this.rawExports.push({ exported: name, id: made.id });
      return;
    }
    // const getOrder = withSpan(async (req, res) => ...): calling getOrder runs the wrapped function.
    // At module level or in a module's IIFE, where handlers are declared (not in every function's locals).
    const wrapped = ctx.frames.length <= 2 && target.kind === ts.SyntaxKind.CallExpression ? this.wrappedFunction(target, 0) : undefined;
    if (wrapped && !ctx.facts.functions.some((f) => f.id === `fn:${name}`)) {
      const id = `fn:${name}`;
      const location = ctx.loc(decl);
      ctx.facts.functions.push({ id, name, location });
      const inner = isFunctionLike(wrapped) ? positionId(wrapped, ctx) : undefined;
      const fact: CalleeFact = inner
        ? { from: id, name: inner, local: inner, awaited: true, parallel: false, location: ctx.functionLoc(wrapped) }
        : { from: id, name: (wrapped as ts.Identifier).text, awaited: true, parallel: false, location: LOCATION_LATER };
      this.callNodes[ctx.facts.callees.push(fact) - 1] = inner ? undefined : wrapped;
      if (exported) this.rawExports.push({ exported: name, id });
      return;
    }
    if (exported) this.rawExports.push({ exported: name, id: `const:${name}` });
  }

  /**
   * The function a higher-order call wraps: `withSpan(handler)`, `asyncHandler(async (req, res) => ...)`,
   * `catchAsync(wrap(fn))`, `withRetry(opts, handler)`. An inline function argument first, else a name
   * that is a function of the file or an import (the wrapper is assumed to call it, as wrappers do).
   */
  private wrappedFunction(expr: ts.Expression, depth: number): ts.Expression | undefined {
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

  private isFunctionName(expr: ts.Expression): expr is ts.Identifier {
    return ts.isIdentifier(expr) && (this.ctx.lookupLocalFunction(expr.text) || (this.callableNames.has(expr.text) && !this.ctx.lookupObject(expr.text)));
  }

  private assignedObject(name: string, value: ts.Expression, at: ts.Node): void {
    const { ctx } = this;
    const info = this.factoryOf(value);
    if (info?.kind !== "app") return;
    const id = `var:${name}@${ctx.loc(at).line}`;
    ctx.bindObjectWhereDeclared(name, id, info);
    this.recordObjectFacts(id, info);
  }

  private memberObject(member: string, init: ts.Expression, at: ts.Node): void {
    const { ctx } = this;
    const className = ctx.currentClass();
    const info = className ? this.factoryOf(unwrapAwait(init)) : undefined;
    if (!info) return;
    const id = `var:this.${member}@${ctx.loc(at).line}`;
    if (ctx.bindMember(member, id, info)) this.recordObjectFacts(id, info);
  }

  factoryOf(expr: ts.Expression): ObjectInfo | undefined {
    for (const extractor of this.factories) {
      const info = extractor.factory!(expr, this.ctx);
      if (info) return info;
    }
    return undefined;
  }

  private recordObjectFacts(id: string, info: ObjectInfo): void {
    if (info.kind === "app") this.ctx.facts.apps[id] = info.framework;
    if (info.kind === "client") this.ctx.facts.clients[id] = { client: info.client, ...(info.base ? { base: info.base } : {}), ...(info.timeout ? { timeout: true as const } : {}) };
  }

  // ---------------------------------------------------------------------------
  // Calls
  // ---------------------------------------------------------------------------

  private call(node: ts.CallExpression): void {
    const { ctx } = this;
    const callee = node.expression;
    const hooks =
      callee.kind === ts.SyntaxKind.Identifier
        ? this.identifierHooks
        : callee.kind === ts.SyntaxKind.PropertyAccessExpression
          ? // escapedText, not the `text` getter: they differ only for names starting with "__", which no hook wants.
            (this.propertyHooks.get((callee as ts.PropertyAccessExpression).name.escapedText as string) ?? this.anyCallHooks)
          : this.otherCallHooks;
    for (const hook of hooks) hook.call!(node, ctx);
    const from = ctx.currentFunction();
    if (!from) {
      // const chargeBreaker = guarded(charge) at the top of a module: no caller, but `charge` may be put behind a breaker.
      if (ts.isIdentifier(callee) && node.arguments.length && this.callableNames.has(callee.text)) this.moduleLevelFunctionArguments(node, callee);
      this.moduleLevelSite(node);
      return;
    }
    if (callee.kind === ts.SyntaxKind.PropertyAccessExpression && SERIES_METHODS.has((callee as ts.PropertyAccessExpression).name.escapedText as string)) this.seriesSteps(node, from);
    if (ts.isIdentifier(callee)) {
      // Only names that can lead to another function of the project: imports and module-level functions.
      if (!this.callableNames.has(callee.text) && !ctx.lookupLocal(callee.text)) return;
      const fact: CalleeFact = { from, name: callee.text, awaited: ctx.isAwaited(), parallel: ctx.isParallel(), location: LOCATION_LATER };
      // const notify = async () => …, declared inside a function: known by its position, not its name.
      const held = ctx.lookupLocal(callee.text)?.expr;
      if (held && isFunctionLike(held) && ctx.moduleFrame.locals.get(callee.text) !== held) fact.local = positionId(held, ctx);
      const literals = literalArguments(node);
      if (literals) fact.literalArgs = literals;
      const fnArgs = node.arguments.length ? functionArguments(node, ctx, (arg) => this.isFunctionName(arg)) : undefined;
      if (fnArgs) fact.fnArgs = fnArgs;
      const urlArgs = urlArguments(node, ctx);
      if (urlArgs) fact.urlArgs = urlArgs;
      const flowArgs = flowArguments(node, ctx);
      if (flowArgs) fact.flowArgs = flowArgs;
      this.callNodes[ctx.facts.callees.push(fact) - 1] = node;
    } else if (ts.isPropertyAccessExpression(callee)) {
      let object = callee.expression;
      let name = callee.name.text;
      let fired = false;
      // orders.create.call(orders, req), controller.list.fire(req, res) (an opossum breaker around each method): the method itself.
      if (INVOKERS.has(name) && ts.isPropertyAccessExpression(object) && ts.isIdentifier(object.expression) && !IGNORED_CALL_OBJECTS.has(object.expression.text)) {
        fired = name === "fire";
        name = object.name.text;
        object = object.expression;
      }
      let objectText: string | undefined;
      if (ts.isIdentifier(object)) objectText = IGNORED_CALL_OBJECTS.has(object.text) ? object.text : (classOfInstance(object.text, ctx) ?? object.text);
      else if (object.kind === ts.SyntaxKind.ThisKeyword) objectText = "this";
      else if (ts.isPropertyAccessExpression(object) && object.expression.kind === ts.SyntaxKind.ThisKeyword) objectText = `this.${object.name.text}`;
      // EventSender.getInstance().send(): a singleton's method is the class's (or the module's) own.
      else if (ts.isCallExpression(object) && object.arguments.length === 0 && ts.isPropertyAccessExpression(object.expression) && SINGLETON_ACCESSORS.has(object.expression.name.text) && ts.isIdentifier(object.expression.expression)) {
        objectText = classOfInstance(object.expression.expression.text, ctx) ?? object.expression.expression.text;
      }
      // deps.service.placeOrder(): a service handed to a handler factory in a dependencies object.
      else if (ts.isPropertyAccessExpression(object) && ts.isIdentifier(object.expression) && INJECTED_MEMBER.test(object.name.text) && ctx.paramFrame(object.expression.text)) {
        objectText = `${object.expression.text}.${object.name.text}`;
      }
      if (!objectText || IGNORED_CALL_OBJECTS.has(objectText)) return;
      if (name === "fire" && ts.isIdentifier(object)) this.firedBreaker(node, object, from);
      const className = ctx.currentClass();
      const awaited = ctx.isAwaited();
      const parallel = ctx.isParallel();
      const location = LOCATION_LATER;
      // Two literals rather than a spread of an optional field: one of the most frequent facts, same key order.
      const fact: CalleeFact = className
        ? { from, object: objectText, name, className, awaited, parallel, location }
        : { from, object: objectText, name, awaited, parallel, location };
      const literals = literalArguments(node);
      if (literals) fact.literalArgs = literals;
      if (node.arguments.length > 1 && hasInlineDeadline(node.arguments)) fact.deadline = true;
      if (fired) fact.fired = true;
      const flowArgs = flowArguments(node, ctx);
      if (flowArgs) fact.flowArgs = flowArgs;
      this.callNodes[ctx.facts.callees.push(fact) - 1] = node;
    }
  }

  /** A module-level call that hands functions over (see CalleeFact.fnArgs): no edge (no caller), but a breaker a factory makes may be around them. */
  private moduleLevelFunctionArguments(node: ts.CallExpression, callee: ts.Identifier): void {
    const fnArgs = functionArguments(node, this.ctx, (arg) => this.isFunctionName(arg));
    if (fnArgs) (this.ctx.facts.moduleCalls ??= []).push({ name: callee.text, fnArgs, location: this.ctx.loc(node) });
  }

  /**
   * `breaker.fire(order)` on `const breaker = guarded(charge)`: opossum's `fire` on what a factory of the project made
   * around `charge` runs `charge` behind that breaker (a breaker made here with `new CircuitBreaker` is breakers.ts's).
   */
  private firedBreaker(node: ts.CallExpression, receiver: ts.Identifier, from: string): void {
    const { ctx } = this;
    const made = ctx.lookupLocal(receiver.text)?.expr;
    const fn = made && ts.isCallExpression(made) ? made.arguments[0] : undefined;
    if (!fn) return;
    const { handler, handlerRef } = handlerFields(fn, ctx);
    const ref = handler ? { name: handler, local: handler } : handlerRef;
    if (!ref) return;
    const fact: CalleeFact = { from, ...ref, awaited: ctx.isAwaited(), parallel: ctx.isParallel(), fired: true, location: LOCATION_LATER };
    this.callNodes[ctx.facts.callees.push(fact) - 1] = node;
  }

  /**
   * `const app = createGateway({ ordersUrl: process.env.ORDERS_URL })` at module level: no function makes the call, but
   * what it passes is what the callee's parameters hold (model/value-flow.ts). Kept only when it passes something.
   */
  private moduleLevelSite(node: ts.CallExpression): void {
    const { ctx } = this;
    const callee = node.expression;
    if (callee.kind !== ts.SyntaxKind.Identifier || !this.callableNames.has((callee as ts.Identifier).text)) return;
    const flowArgs = flowArguments(node, ctx);
    if (!flowArgs?.some(carriesConfiguration)) return;
    const fact: CalleeFact = { name: (callee as ts.Identifier).text, awaited: false, parallel: false, flowArgs, location: LOCATION_LATER };
    this.callNodes[ctx.facts.callees.push(fact) - 1] = node;
  }

  /**
   * `async.series([loadUser, loadCart])`: steps named rather than written inline run one after
   * another, each after the previous one (inline steps get the same through continuationOf).
   */
  private seriesSteps(node: ts.CallExpression, from: string): void {
    const { ctx } = this;
    const steps = node.arguments[0];
    if (!steps || !ts.isArrayLiteralExpression(steps)) return;
    let previous: ts.Expression | undefined;
    for (const element of steps.elements) {
      if (ts.isIdentifier(element) && (this.callableNames.has(element.text) || ctx.lookupLocal(element.text))) {
        const after = previous ? stepLocation(previous, ctx) : undefined;
        const fact: CalleeFact = after
          ? { from, name: element.text, awaited: false, parallel: false, after, location: LOCATION_LATER }
          : { from, name: element.text, awaited: false, parallel: false, location: LOCATION_LATER };
        this.callNodes[ctx.facts.callees.push(fact) - 1] = element;
      }
      previous = element;
    }
  }

  private maybeSql(text: string, node: ts.Node): void {
    if (text.length < 10 || !SQL_START.test(text)) return;
    for (const hook of this.sqlHooks) hook.sql!(text, node, this.ctx);
  }

  finish(): void {
    const { ctx } = this;
    for (const hook of this.endHooks) hook.fileEnd!(ctx);
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
    const resolvable = resolvableCallee(ctx.facts, ctx.imports);
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
      if (ts.isObjectLiteralExpression(object)) flattenObject(name, object, ctx, 0);
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
    this.exportedOptionFactories();
    for (const { name, expr } of this.exportedValues) {
      const value = ctx.value(expr);
      if (value.parts.some((p) => p.kind !== "unknown")) ctx.facts.constants[name] = value;
    }
  }
}

/** Keys that make a returned object connection options (`useFactory: getTypeOrmConfig` in another file). */
const CONNECTION_KEYS = /^(url|uri|connectionString|clientUrl|host|type|dialect|client|driver|database|dbName|connection|node|redis)$/;
const CONNECTION_KEY_TEXT = /\b(url|uri|connectionString|clientUrl|host|dialect|database|dbName|connection|redis)\b/;

/**
 * Which callees the model can link to a function. For a bare name, `this.x()`
 * and `local.x()`, the model (resolveRef in model/build.ts) looks only in
 * this file, so one that matches nothing here never will: dropping them keeps
 * the facts (and the --cache file) about a third smaller and the model's edge
 * building short. Calls on imports and on `this.member` resolve across files and stay.
 */
export function resolvableCallee(facts: FileFacts, imported: ReadonlyMap<string, unknown>): (callee: CalleeFact) => boolean {
  let ids: Set<string> | undefined;
  let methodNames: Set<string> | undefined;
  const index = () => {
    ids = new Set();
    methodNames = new Set();
    for (const { id } of facts.functions) {
      ids.add(id);
      const dot = id.lastIndexOf(".");
      if (dot >= 0 && id.startsWith("fn:")) methodNames.add(id.slice(dot + 1));
    }
  };
  return (callee) => {
    if (callee.local || callee.command) return true;
    const { object, name } = callee;
    // this.orders.find(), deps.orderService.find(): a method of a class another file declares (see resolveRef).
    if (object !== undefined && (object.startsWith("this.") || object.includes(".") || imported.has(object))) return true;
    if (!ids) index();
    if (object === undefined) return ids!.has(`fn:${name}`) || imported.has(name);
    // this.save() of a class that extends another: the base may define it (model/inheritance.ts).
    if (object === "this") return callee.className !== undefined && (ids!.has(`fn:${callee.className}.${name}`) || facts.classBases?.[callee.className] !== undefined);
    return methodNames!.has(name);
  };
}

function flattenObject(prefix: string, obj: ts.ObjectLiteralExpression, ctx: ExtractContext, depth: number): void {
  if (depth > 3) return;
  for (const prop of obj.properties) {
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
    if (ts.isObjectLiteralExpression(init)) flattenObject(`${prefix}.${key}`, init, ctx, depth + 1);
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

// ---------------------------------------------------------------------------
// Continuations: callbacks that run once a call has completed
// ---------------------------------------------------------------------------

/** async's helpers whose array of steps runs one step after another. */
const SERIES_METHODS = new Set(["waterfall", "series", "seq"]);

/** A promise's callbacks that run on failure only: not a step of the normal path. */
const FAILURE_CALLBACKS = new Set(["catch"]);

/**
 * The call a nested function runs after, when it is a callback: an argument of
 * `request(url, cb)`, `p.then(cb)`, `client.get(key, cb)`; or the step of
 * `async.waterfall([a, b, c])` before it. The location is the call's (as its
 * call or callee fact has it), so the model can tell which call the callback
 * waits for. A callback of a chain (`fetch(u).then(a).then(b)`) starts where
 * the chain starts, so every callback of the chain runs after its first call.
 */
function continuationOf(node: ts.Node, ctx: ExtractContext): Location | undefined {
  let index = ctx.stack[ctx.stack.length - 1] === node ? ctx.stack.length - 2 : ctx.stack.length - 1;
  let child: ts.Node = node;
  while (index >= 0 && ts.isParenthesizedExpression(ctx.stack[index]!)) child = ctx.stack[index--]!;
  const parent = ctx.stack[index];
  if (!parent) return undefined;
  if (ts.isCallExpression(parent)) {
    if (parent.expression === child) return undefined;
    const callee = parent.expression;
    if (ts.isPropertyAccessExpression(callee) && FAILURE_CALLBACKS.has(callee.name.text)) return undefined;
    // async.waterfall([a, b], done): done runs after the last step.
    const steps = parent.arguments[0];
    if (ts.isPropertyAccessExpression(callee) && SERIES_METHODS.has(callee.name.text) && parent.arguments[1] === child && steps && ts.isArrayLiteralExpression(steps) && steps.elements.length) {
      return stepLocation(steps.elements[steps.elements.length - 1]!, ctx);
    }
    return ctx.loc(parent);
  }
  if (ts.isArrayLiteralExpression(parent)) {
    const call = ctx.stack[index - 1];
    if (!call || !ts.isCallExpression(call) || call.arguments[0] !== parent || !ts.isPropertyAccessExpression(call.expression) || !SERIES_METHODS.has(call.expression.name.text)) return undefined;
    const position = parent.elements.indexOf(child as ts.Expression);
    return position > 0 ? stepLocation(parent.elements[position - 1]!, ctx) : undefined;
  }
  return undefined;
}

/**
 * `const orders = new OrdersController(service)`: calls and handlers on `orders` are the class's methods,
 * `OrdersController.list` (an imported class, or one of this file). Undefined for anything else.
 */
export function classOfInstance(name: string, ctx: ExtractContext): string | undefined {
  if (ctx.imports.has(name)) return undefined;
  const init = ctx.lookupLocal(name)?.expr;
  if (!init || !ts.isNewExpression(init) || !ts.isIdentifier(init.expression)) return undefined;
  const className = init.expression.text;
  if (ctx.imports.has(className)) return className;
  return ctx.sf.statements.some((s) => ts.isClassDeclaration(s) && s.name?.text === className) ? className : undefined;
}

/** The statements of `(function () { ... }())`, `(function () { ... })()`, `(() => { ... })()` or `!function () { ... }()`. */
function iifeBody(statement: ts.Node): ts.SourceFile["statements"] | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  let expr: ts.Expression = statement.expression;
  while (ts.isParenthesizedExpression(expr) || ts.isPrefixUnaryExpression(expr)) expr = ts.isParenthesizedExpression(expr) ? expr.expression : expr.operand;
  if (!ts.isCallExpression(expr)) return undefined;
  let callee: ts.Expression = expr.expression;
  // (function () {}).call(this)
  if (ts.isPropertyAccessExpression(callee) && /^(call|apply)$/.test(callee.name.text)) callee = callee.expression;
  while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
  if ((ts.isFunctionExpression(callee) || ts.isArrowFunction(callee)) && ts.isBlock(callee.body)) return callee.body.statements;
  return undefined;
}

/** Where the edge to a step of `async.series` is: an inline function's own location, a named one's use. */
function stepLocation(step: ts.Expression, ctx: ExtractContext): Location {
  let inner = step;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  return isFunctionLike(inner) ? ctx.functionLoc(inner) : ctx.loc(step);
}

// ---------------------------------------------------------------------------
// Small predicates and helpers
// ---------------------------------------------------------------------------

export function isRequire(expr: ts.Expression): expr is ts.CallExpression {
  // escapedText, not the `text` getter: this runs for every variable declaration.
  return (
    expr.kind === ts.SyntaxKind.CallExpression &&
    (expr as ts.CallExpression).expression.kind === ts.SyntaxKind.Identifier &&
    ((expr as ts.CallExpression).expression as ts.Identifier).escapedText === "require" &&
    (expr as ts.CallExpression).arguments.length === 1 &&
    ts.isStringLiteral((expr as ts.CallExpression).arguments[0]!)
  );
}

/**
 * `module.exports = x`, `exports.a = module.exports.b = x` as a variable's initialiser: the names exported
 * ("default" for module.exports), the assignments, and the value they all hold.
 */
function moduleExportsChain(init: ts.Expression): { names: string[]; links: ts.BinaryExpression[]; value: ts.Expression } | undefined {
  const names: string[] = [];
  const links: ts.BinaryExpression[] = [];
  let value = init;
  while (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const name = exportedName(value.left);
    if (name === undefined) break;
    names.push(name);
    links.push(value);
    value = value.right;
  }
  return names.length ? { names, links, value } : undefined;
}

/** `module.exports` → "default"; `exports.a`, `module.exports.a` → "a". */
function exportedName(left: ts.Expression): string | undefined {
  const isModuleExports = (e: ts.Expression) => ts.isPropertyAccessExpression(e) && e.name.text === "exports" && ts.isIdentifier(e.expression) && e.expression.text === "module";
  if (isModuleExports(left)) return "default";
  if (ts.isPropertyAccessExpression(left) && ((ts.isIdentifier(left.expression) && left.expression.text === "exports") || isModuleExports(left.expression))) return left.name.text;
  return undefined;
}

/** `require("m")`, or `require("m").default` (a CommonJS file importing an ES module's default export, as axios's typings ask): the require call. */
function requireOf(expr: ts.Expression): ts.CallExpression | undefined {
  if (isRequire(expr)) return expr;
  if (expr.kind === ts.SyntaxKind.PropertyAccessExpression && (expr as ts.PropertyAccessExpression).name.escapedText === "default" && isRequire((expr as ts.PropertyAccessExpression).expression)) {
    return (expr as ts.PropertyAccessExpression).expression as ts.CallExpression;
  }
  return undefined;
}

function unwrapAwait(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isAwaitExpression(current) || ts.isParenthesizedExpression(current) || ts.isAsExpression(current)) current = current.expression;
  return current;
}

/** `fp(async (app) => ...)`, `fastifyPlugin(fn, opts)`: the function inside. */
export function unwrapPluginWrapper(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current)) current = current.expression;
  if (ts.isCallExpression(current) && ts.isIdentifier(current.expression) && /^(fp|fastifyPlugin|plugin)$/.test(current.expression.text)) {
    const first = current.arguments[0];
    if (first) return first;
  }
  return current;
}

/** Reads `node.modifiers` directly: ts.getModifiers copies the list, and this runs for every variable statement. */
function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = (node as { modifiers?: readonly ts.Node[] }).modifiers;
  if (!modifiers) return false;
  for (const modifier of modifiers) if (modifier.kind === kind) return true;
  return false;
}

function hasExport(node: ts.Node): boolean {
  return hasModifier(node, ts.SyntaxKind.ExportKeyword);
}

function hasDefault(node: ts.Node): boolean {
  return hasModifier(node, ts.SyntaxKind.DefaultKeyword);
}

function nameOf(node: ts.FunctionLikeDeclaration): string | undefined {
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) return node.name.text;
  return undefined;
}

function templateText(node: ts.TemplateExpression): string {
  return node.head.text + node.templateSpans.map((span) => `$1${span.literal.text}`).join("");
}

/**
 * The id a function gets, computed from the node and its place in the stack:
 * `fn:name` for declarations and `const name = () => ...`, `fn:Class.method`,
 * `fn:obj.key` for object literal methods, `fn:default` for an anonymous
 * default export, otherwise `fn@L<line>C<col>`.
 */
export function functionIdOf(node: ts.Node, ctx: ExtractContext): string {
  if (ts.isFunctionDeclaration(node)) return node.name ? `fn:${node.name.text}` : "fn:default";
  if ((ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isConstructorDeclaration(node)) && ts.isClassLike(node.parent ?? ctx.stack[ctx.stack.length - 2] ?? node)) {
    const name = ts.isConstructorDeclaration(node) ? "constructor" : node.name && propertyKey(node.name);
    const className = ctx.currentClass();
    if (name && className) return `fn:${className}.${name}`;
  }
  // Position in the stack: the node is either the top (while visiting it) or not yet pushed.
  const index = ctx.stack[ctx.stack.length - 1] === node ? ctx.stack.length - 2 : ctx.stack.length - 1;
  const parent = ctx.stack[index];
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && parent.initializer === node && ctx.frames.length === 1) return `fn:${parent.name.text}`;
  if (parent && (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(node))) {
    const key = ts.isMethodDeclaration(node) ? node.name && propertyKey(node.name) : ts.isPropertyAssignment(parent) ? propertyKey(parent.name) : undefined;
    const objectLiteral = ts.isMethodDeclaration(node) ? parent : ctx.stack[index - 1];
    const holder = objectLiteral && ts.isObjectLiteralExpression(objectLiteral) ? ctx.stack[ctx.stack.indexOf(objectLiteral) - 1] : undefined;
    if (key && holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && ctx.frames.length <= 2) return `fn:${holder.name.text}.${key}`;
  }
  if (parent && ts.isExportAssignment(parent)) return "fn:default";
  // class Api { list = async (req, res) => { ... } }: a field holding a function is the class's method to its callers.
  if (parent && ts.isPropertyDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
    const className = ctx.currentClass();
    if (className) return `fn:${className}.${parent.name.text}`;
  }
  return positionId(node, ctx);
}

export function positionId(node: ts.Node, ctx: ExtractContext): string {
  const { line, column } = ctx.functionLoc(node);
  return `fn@L${line}C${column}`;
}

/** An expression that stands for an object already bound in scope (an alias, a chained call). */
export function objectOfExpression(expr: ts.Expression, ctx: ExtractContext): string | undefined {
  let current = expr;
  for (let i = 0; i < 20; i++) {
    while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
    if (ts.isIdentifier(current)) return ctx.lookupObject(current.text)?.id;
    // Chained route registrations return the app: `app.get(...).post(...)`.
    if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && CHAINABLE.has(current.expression.name.text)) {
      current = current.expression.expression;
      continue;
    }
    return undefined;
  }
  return undefined;
}

const CHAINABLE = new Set(["get", "post", "put", "delete", "patch", "head", "options", "all", "use", "on", "route"]);

/** The innermost receiver of a chain of route registrations: `new Hono().get(a).post(b)` → `new Hono()`. */
export function chainRoot(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && CHAINABLE.has(current.expression.name.text)) current = current.expression.expression;
  return current;
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

function isIdentifierChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 36 || code === 95 || code > 127;
}

/**
 * Arguments written as URLs (a string, template or concatenation starting with a scheme, `/`, an env variable or an imported constant):
 * a helper that makes the request with its parameter (`getJson(url)`) calls what its callers pass.
 */
function urlArguments(node: ts.CallExpression, ctx: ExtractContext): { index: number; url: Value }[] | undefined {
  let found: { index: number; url: Value }[] | undefined;
  node.arguments.forEach((arg, index) => {
    const concatenated = ts.isBinaryExpression(arg) && arg.operatorToken.kind === ts.SyntaxKind.PlusToken;
    if (!concatenated && !ts.isTemplateExpression(arg) && !ts.isStringLiteral(arg) && !ts.isNoSubstitutionTemplateLiteral(arg)) return;
    const url = ctx.value(arg);
    const first = url.parts[0];
    // `${options.base ?? "http://…"}/x`: the parameter's fallback says what it is.
    const lead = first?.kind === "unknown" && first.fallback ? first.fallback.parts[0] : first;
    const looksLikeUrl = lead !== undefined && (lead.kind === "env" || lead.kind === "import" || (lead.kind === "text" && /^(https?:\/\/|\/)/.test(lead.text)));
    if (looksLikeUrl) (found ??= []).push({ index, url });
  });
  return found;
}
