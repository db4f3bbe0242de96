import { ts } from "../ts.js";
import { primeLineStarts } from "./lines.js";
import { requireOf, requireSpecifier, unwrapAwait } from "./syntax.js";
import { THEN_GROUP, type Framework, type FileFacts, type ImportFact, type Location, type MessagingSystem, type MiddlewareStep, type ParamRef, type Value, type ValuePart, type CallClient, type Parallel } from "../types.js";

/**
 * The state one file's walk shares with the extractors: imports, scopes,
 * module constants, the objects routes and calls hang on, and the symbolic
 * evaluator for strings. Syntax only: nothing here asks a type checker.
 */

/** Node's DNS lookups of one host name, and the modules they come from (see ExtractContext.dnsLookupName). */
/** An address on the developer's own machine, bare or in a URL: `localhost`, `127.0.0.1:3000`, `http://localhost/api`. */
const LOOPBACK_ADDRESS = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?=[:/]|$)/i;

/** Helpers named for the environment they check: `validateEnv`, `parseEnv`, `loadEnv`, `checkEnv`, `getEnvConfig`. */
const ENV_SCHEMA_HELPER = /^(validate|parse|load|check|get|read|verify|create)Env(ironment)?(Config|Vars|Variables)?$/i;

const DNS_LOOKUPS = new Set(["resolve", "resolve4", "resolve6", "lookup"]);
const DNS_MODULES = ["dns", "node:dns"];

/** What an expression or variable stands for, as far as syntax tells. */
export type ObjectInfo =
  /** `guessed`: an app some project function returns, its framework read from this file's imports (or express). */
  /** `prefix`: one the app puts before all its routes, as made (`new Elysia({ prefix: "/users" })`). */
  | { kind: "app"; framework: Framework; guessed?: true; prefix?: string }
  /** `method`: the one a bent function makes (bent is told it when the function is made). */
  | { kind: "client"; client: CallClient; base?: Value; origin?: boolean; timeout?: true; method?: string }
  /** A `@grpc/grpc-js` client of a .proto service (`new shop.PaymentService(addr, creds)`), with the address it was made with. */
  /** `serviceFrom`: the service named by a parameter of the function that makes the client (`new pkg[serviceName](…)`), service "" then. */
  | { kind: "grpc-client"; service: string; address: Value; deadline?: string; serviceFrom?: Value }
  /** One method of such a client made a promise-returning function: `const getProduct = promisify(client.getProduct).bind(client)`. */
  | { kind: "grpc-method"; service: string; method: string; address: Value; deadline?: string }
  /**
   * A broker connection or a queue (`nats.connect(...)`, `new Queue("email")`): calls on it are on its system,
   * and on a queue's `topic` (its `add` produces to it, its `process` consumes it).
   */
  | { kind: "broker"; system: MessagingSystem; topic?: Value };

export interface Frame {
  /** Function id, undefined for the module. */
  id?: string;
  /** Parameter name → index. */
  params: Map<string, number>;
  /** Local const/let initialisers, for values. */
  locals: Map<string, ts.Expression>;
  /** Local names bound to objects (app, client) → object id. */
  objects: Map<string, string>;
  /** Class the function belongs to, for `this.x()` calls. */
  className?: string;
  /** Type annotation of the first parameter, if any (its text: ExtractContext.firstParamType). */
  firstParamTypeNode?: ts.TypeNode;
  /** Functions declared directly in this function's body (hoisted). */
  functions?: Set<string>;
  /** Parameters with a default (`constructor(baseUrl = process.env.INVENTORY_URL ?? "http://inventory:3002")`) → the default. */
  paramDefaults?: Map<string, ts.Expression>;
  /** Names a parameter destructures (`function register(app, { requestFn, base = "…" })`): which parameter, which field, its default. */
  destructured?: Map<string, { index: number; path: string[]; fallback?: ts.Expression }>;
}

const MAX_DEPTH = 12;

/** A map no one may write to: see NO_BINDINGS. */
class NoBindings extends Map<string, never> {
  override set(): this {
    throw new Error("arch-lint: a scope's first binding goes through ExtractContext.bindLocal or bindObject");
  }
}

/**
 * The parameters, locals and objects of a scope that has none (most
 * callbacks): one shared empty map rather than three new ones per function,
 * replaced by the scope's own at its first binding.
 */
export const NO_BINDINGS: Map<string, never> = new NoBindings();

export class ExtractContext {
  readonly imports = new Map<string, ImportFact>();
  /** Names imported as types only, for a parameter typed with one (FileFacts.typeImports). */
  readonly typeImports = new Set<string>();
  readonly frames: Frame[] = [];
  readonly objects = new Map<string, ObjectInfo>();
  /** Ancestors of the node being visited, outermost first. */
  readonly stack: ts.Node[] = [];
  /** Local names that alias process.env (`const env = process.env`). */
  readonly envAliases = new Set<string>();
  readonly moduleFrame: Frame;
  /** Factory expressions at the root of a chain (`new Hono().get(...)`) → the object id their variable got. */
  readonly nodeObjects = new Map<ts.Node, string>();
  /**
   * `this.<member>` of the class being walked, bound by a method further down the class (`this.app = express()` in an
   * init() written after the method that mounts routes on it): the walker, set during its walk, asked only when a lookup misses.
   */
  laterMembers: { laterMember(member: string): { id: string; info?: ObjectInfo } | undefined } | undefined;
  /** Functions declared at module level (hoisted, so known before the walk reaches them). */
  readonly moduleFunctions = new Set<string>();
  /** `app.use(auth)` so far, by app or router id: what runs before the routes and mounts declared after it (extract/middleware.ts). */
  guards: Map<string, { prefix: string; steps: MiddlewareStep[] }[]> | undefined;
  /** The arguments of the small URL-building function being read, by parameter name (innermost call last). */
  private readonly arguments: Map<string, Value>[] = [];
  /** Module specifiers this file imports, for quick "does it use X" checks. */
  readonly specifiers = new Set<string>();
  /** Module-level enums: name → member → literal value. */
  readonly enums = new Map<string, Map<string, Value>>();

  constructor(
    readonly sf: ts.SourceFile,
    readonly file: string,
    readonly facts: FileFacts,
  ) {
    this.moduleFrame = { params: new Map(), locals: new Map(), objects: new Map() };
    this.frames.push(this.moduleFrame);
    primeLineStarts(sf);
  }

  loc(node: ts.Node): Location {
    const { line, character } = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    return { file: this.file, line: line + 1, column: character + 1 };
  }

  private readonly functionLocations = new Map<ts.Node, Location>();

  /**
   * A function's location, computed once: a handler's id is asked for when
   * the route call is seen, and again when the walk enters the handler.
   */
  functionLoc(node: ts.Node): Location {
    let location = this.functionLocations.get(node);
    if (!location) this.functionLocations.set(node, (location = this.loc(node)));
    return location;
  }

  text(node: ts.Node): string {
    return this.sf.text.slice(node.getStart(this.sf), node.end);
  }

  get frame(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  currentFunction(): string | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const id = this.frames[i]!.id;
      if (id) return id;
    }
    return undefined;
  }

  /**
   * How many `Promise.all([...])` (or allSettled, race, any) calls enclose
   * the node being visited within the current function: kept by the walker
   * as it enters and leaves them, so asking costs nothing per call.
   */
  private parallelDepth = 0;
  /** The outermost combinator's group (see Parallel), false outside any. */
  private parallelGroup: Parallel = false;
  private readonly outerParallel: { depth: number; group: Parallel }[] = [];

  /** A function's body starts a new scope, and a new count of enclosing Promise.all calls. */
  enterFunction(frame: Frame): void {
    this.frames.push(frame);
    this.outerParallel.push({ depth: this.parallelDepth, group: this.parallelGroup });
    this.parallelDepth = 0;
    this.parallelGroup = false;
  }

  leaveFunction(): void {
    this.frames.pop();
    const outer = this.outerParallel.pop();
    this.parallelDepth = outer?.depth ?? 0;
    this.parallelGroup = outer?.group ?? false;
  }

  /** Entering `Promise.all(...)` (on the stack's top): the outermost one names the group, when the function awaits it. */
  enterParallel(call: ts.CallExpression): void {
    if (this.parallelDepth++ > 0) return;
    const awaited = this.isAwaited();
    if (!awaited && !this.isChainHead()) {
      this.parallelGroup = true;
      return;
    }
    const { line, character } = this.sf.getLineAndCharacterOfPosition(call.getStart(this.sf));
    this.parallelGroup = `${awaited ? "" : THEN_GROUP}L${line + 1}C${character + 1}`;
  }

  /** Entering a call that fills an array a later combinator awaits (extract/collected-promises.ts): that group, unless inside one already. */
  enterCollected(group: Parallel): void {
    if (this.parallelDepth++ === 0) this.parallelGroup = group;
  }

  /** The call on the stack's top starts a promise chain: `Promise.all([...]).then(cb)`. */
  private isChainHead(): boolean {
    const access = this.stack[this.stack.length - 2];
    const link = this.stack[this.stack.length - 3];
    return access !== undefined && link !== undefined && ts.isPropertyAccessExpression(access) && (access.name.text === "then" || access.name.text === "finally") && ts.isCallExpression(link) && link.expression === access;
  }

  leaveParallel(): void {
    if (--this.parallelDepth === 0) this.parallelGroup = false;
  }

  /** The text of a function's first parameter type, read only when asked. */
  firstParamType(frame: Frame): string | undefined {
    const type = frame.firstParamTypeNode;
    return type ? this.sf.text.slice(type.pos, type.end).trim() : undefined;
  }

  /** The class of this name the file declares at its top level, if any. */
  topLevelClass(name: string): ts.ClassDeclaration | undefined {
    return this.sf.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name);
  }

  currentClass(): string | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const name = this.frames[i]!.className;
      if (name) return name;
    }
    return undefined;
  }

  private readonly importsAnyCache = new Map<readonly string[], boolean>();

  /** Does the file import one of these modules (or a subpath)? Memoised per list: the lists are module constants. */
  importsAny(prefixes: readonly string[]): boolean {
    let answer = this.importsAnyCache.get(prefixes);
    if (answer === undefined) {
      answer = false;
      for (const spec of this.specifiers) if (specifierMatches(prefixes, spec)) answer = true;
      this.importsAnyCache.set(prefixes, answer);
    }
    return answer;
  }

  /** The import an identifier (or the root of a property chain) comes from. */
  importOf(expr: ts.Expression): ImportFact | undefined {
    const root = rootIdentifier(expr);
    return root ? this.importFact(root.text) : undefined;
  }

  private bindsRequires: boolean | undefined;

  /** The import a name stands for here: the file's, unless a local hides it, or a `require` bound to it in this scope. */
  importFact(name: string): ImportFact | undefined {
    const fact = this.imports.get(name);
    return fact && !this.isShadowed(name) ? fact : (this.localRequire(name) ?? this.interopAlias(name));
  }

  /**
   * `const Redis = (RedisImport as any).default || RedisImport` (or `?? RedisImport`) at the top of the file: the
   * default export taken across the ES-module/CommonJS boundary, the import itself under another name.
   */
  private interopAlias(name: string): ImportFact | undefined {
    const bound = this.moduleFrame.locals.get(name);
    if (!bound || this.isShadowed(name)) return undefined;
    const init = withoutAssertions(bound);
    if (!ts.isBinaryExpression(init) || (init.operatorToken.kind !== ts.SyntaxKind.BarBarToken && init.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken)) return undefined;
    const left = withoutAssertions(init.left);
    const right = withoutAssertions(init.right);
    if (!ts.isPropertyAccessExpression(left) || left.name.text !== "default" || !ts.isIdentifier(right)) return undefined;
    const inner = withoutAssertions(left.expression);
    if (!ts.isIdentifier(inner) || inner.text !== right.text || inner.text === name) return undefined;
    const fact = this.imports.get(right.text);
    return fact && { ...fact, local: name };
  }

  /** True when a function parameter or local of the current function chain hides a module name. */
  isShadowed(name: string): boolean {
    for (let i = this.frames.length - 1; i > 0; i--) {
      const frame = this.frames[i]!;
      if (frame.params.has(name) || frame.locals.has(name) || frame.objects.has(name) || frame.functions?.has(name)) return true;
    }
    return false;
  }

  /** `x` is imported from one of these modules as the given binding ("default", "*", or a name). */
  isImportFrom(expr: ts.Expression, modules: readonly string[], imported?: readonly string[]): boolean {
    if (!ts.isIdentifier(expr)) return false;
    const fact = this.importFact(expr.text);
    if (!fact || !(modules.includes(fact.specifier) || modules.includes(packageOfEntryPath(fact.specifier)))) return false;
    return imported ? imported.includes(fact.imported) : true;
  }

  /**
   * `const Redis = require("ioredis")` inside the function that uses it (a NestJS provider's factory): the module's default
   * export in that scope, as a top-level require is in the file's. Only the innermost binding of the name counts.
   */
  private localRequire(name: string): ImportFact | undefined {
    // Most files bind no require inside a function: one look at the text spares them the walk up the scopes on every call.
    this.bindsRequires ??= /=\s*require\s*\(/.test(this.sf.text);
    if (!this.bindsRequires) return undefined;
    for (let i = this.frames.length - 1; i > 0; i--) {
      const frame = this.frames[i]!;
      const bound = frame.locals.get(name);
      if (bound !== undefined) {
        const required = requireOf(withoutAssertions(bound));
        return required ? { local: name, imported: "default", specifier: requireSpecifier(required), line: this.loc(required).line } : undefined;
      }
      if (frame.params.has(name) || frame.objects.has(name) || frame.functions?.has(name)) return undefined;
    }
    return undefined;
  }

  /** `ns.name` or a named import `name` from one of these modules. */
  isMemberOf(expr: ts.Expression, modules: readonly string[], name: string, namespaceImports: readonly string[] = ["default", "*"]): boolean {
    if (ts.isIdentifier(expr)) return this.isImportFrom(expr, modules, [name]);
    if (ts.isPropertyAccessExpression(expr) && expr.name.text === name) return this.isImportFrom(expr.expression, modules, namespaceImports);
    return false;
  }

  // ---------------------------------------------------------------------------
  // Objects (apps, routers, clients)
  // ---------------------------------------------------------------------------

  /** Binds a name in the current scope to an object id. */
  bindObject(name: string, id: string, info?: ObjectInfo): void {
    if (info) this.objects.set(id, info);
    const frame = this.frame;
    if (frame.objects === NO_BINDINGS) frame.objects = new Map();
    frame.objects.set(name, id);
  }

  /** `app = express()`: binds the name in the scope that declares it (a parameter or local), else at module level. */
  bindObjectWhereDeclared(name: string, id: string, info: ObjectInfo): void {
    this.objects.set(id, info);
    let frame = this.moduleFrame;
    for (let i = this.frames.length - 1; i > 0; i--) {
      const candidate = this.frames[i]!;
      if (candidate.params.has(name) || candidate.locals.has(name) || candidate.objects.has(name)) {
        frame = candidate;
        break;
      }
    }
    if (frame.objects === NO_BINDINGS) frame.objects = new Map();
    frame.objects.set(name, id);
  }

  /**
   * `this.app = express()` in a constructor or `private app = express()`: binds `this.app` on the
   * enclosing class, where every method's lookup reaches it. False outside a class.
   */
  /** Members a class of this file holds an HTTP client instance in (`this.api = axios.create()`): calls of `this.api(url)` are requests. */
  clientMembers?: Set<string>;

  bindMember(member: string, id: string, info: ObjectInfo): boolean {
    for (let i = this.frames.length - 1; i > 0; i--) {
      const frame = this.frames[i]!;
      if (frame.id || !frame.className) continue;
      this.objects.set(id, info);
      if (frame.objects === NO_BINDINGS) frame.objects = new Map();
      frame.objects.set(`this.${member}`, id);
      if (info.kind === "client") (this.clientMembers ??= new Set()).add(member);
      return true;
    }
    return false;
  }

  /** Binds a name in the current scope to the expression it was initialised with. */
  bindLocal(name: string, expr: ts.Expression): void {
    const frame = this.frame;
    if (frame.locals === NO_BINDINGS) frame.locals = new Map();
    frame.locals.set(name, expr);
  }

  lookupObject(name: string): { id: string; info?: ObjectInfo } | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      const id = frame.objects.get(name);
      if (id) return { id, info: this.objects.get(id) };
      if (frame.params.has(name) || frame.locals.has(name)) return undefined;
    }
    return undefined;
  }

  /** The frame that has `name` as a parameter, if it is a parameter. */
  paramFrame(name: string): { frame: Frame; index: number } | undefined {
    for (let i = this.frames.length - 1; i > 0; i--) {
      const frame = this.frames[i]!;
      const index = frame.params.get(name);
      if (index !== undefined) return { frame, index };
      if (frame.locals.has(name) || frame.objects.has(name)) return undefined;
    }
    return undefined;
  }

  /**
   * The parameter (or the field of one a parameter pattern destructures) that `name` is, in the innermost function
   * that declares it: what its callers pass is followed in the model (model/value-flow.ts).
   */
  paramRef(name: string): (ParamRef & { fallback?: ts.Expression }) | undefined {
    for (let i = this.frames.length - 1; i > 0; i--) {
      const frame = this.frames[i]!;
      const index = frame.params.get(name);
      if (index !== undefined) return frame.id ? { fn: frame.id, index } : undefined;
      const picked = frame.destructured?.get(name);
      if (picked) return frame.id ? { fn: frame.id, ...picked } : undefined;
      if (frame.locals.has(name) || frame.objects.has(name)) return undefined;
    }
    return undefined;
  }

  // ---------------------------------------------------------------------------
  // Position in the tree
  // ---------------------------------------------------------------------------

  /**
   * The function waits for the call's result: it awaits it, or returns it (`return this.client.send(...)`, which NestJS
   * subscribes to and answers with, also from a function that is not async). False for a request fired and left.
   */
  isWaitedFor(): boolean {
    return this.isAwaited(true);
  }

  /** The awaited-ness of a call: `await x()`, `await x().then()`, `await (x())`. */
  isAwaited(returnedCounts = false): boolean {
    for (let i = this.stack.length - 2; i >= 0; i--) {
      const node = this.stack[i]!;
      const child = this.stack[i + 1]!;
      if (ts.isAwaitExpression(node)) return true;
      // `yield request.get(url)` in a generator run by co (koa 1's handlers, co-wrapped functions): the runner waits
      // for the yielded promise before the generator goes on, as an await does.
      if (ts.isYieldExpression(node) && !node.asteriskToken) return true;
      if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) continue;
      if (ts.isPropertyAccessExpression(node) && node.expression === child) continue;
      if (ts.isCallExpression(node) && node.expression === child) continue;
      // await firstValueFrom(this.http.get(url)), await lastValueFrom(...): RxJS's bridges to a promise.
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && PROMISE_BRIDGES.has(node.expression.text) && node.arguments[0] === child) continue;
      // await new Promise((resolve) => request(url, cb)): the executor (its edge) is awaited with the promise.
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Promise" && node.arguments?.[0] === child) continue;
      // `return proxy(url)` in an async function (or its arrow body): the function's promise waits for it, as an
      // await would; whatever it awaited before has finished by then.
      if (ts.isReturnStatement(node)) return returnedCounts || this.isAsyncAt(i);
      if (ts.isArrowFunction(node) && node.body === child) return returnedCounts || hasAsync(node);
      return false;
    }
    return false;
  }

  /** The innermost function around stack position `at` is async. */
  private isAsyncAt(at: number): boolean {
    for (let i = at - 1; i >= 0; i--) {
      const node = this.stack[i]!;
      if (FUNCTION_LIKE.has(node.kind)) return hasAsync(node as ts.FunctionLikeDeclaration);
    }
    return false;
  }

  /** Inside `Promise.all([...])` (or allSettled, race, any) within the current function: its group (see Parallel). */
  isParallel(): Parallel {
    return this.parallelGroup;
  }

  // ---------------------------------------------------------------------------
  // Symbolic string values
  // ---------------------------------------------------------------------------

  value(expr: ts.Expression | undefined, depth = 0): Value {
    if (!expr) return unknownValue("missing");
    if (depth > MAX_DEPTH) return unknownValue("deep");
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return textValue(expr.text);
    if (ts.isNumericLiteral(expr)) return textValue(expr.text);
    if (ts.isTemplateExpression(expr)) {
      const parts: ValuePart[] = [];
      if (expr.head.text) parts.push({ kind: "text", text: expr.head.text });
      for (const span of expr.templateSpans) {
        parts.push(...this.value(span.expression, depth + 1).parts);
        if (span.literal.text) parts.push({ kind: "text", text: span.literal.text });
      }
      return normalize(parts);
    }
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr)) {
      return this.value(expr.expression, depth + 1);
    }
    if (ts.isAwaitExpression(expr)) {
      const named = this.dnsLookupName(expr.expression);
      if (named) return this.value(named, depth + 1);
    }
    if (ts.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) return normalize([...this.value(expr.left, depth + 1).parts, ...this.value(expr.right, depth + 1).parts]);
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        const left = this.value(expr.left, depth + 1);
        const right = this.value(expr.right, depth + 1);
        const only = left.parts.length === 1 ? left.parts[0] : undefined;
        if (only?.kind === "env") return { parts: [{ ...only, fallback: right }] };
        // options.base ?? "http://…": what the callers pass, else the literal (a fallback, as an env lookup's is).
        if (only?.kind === "unknown" && only.ref) return { parts: [withFallback(only, right)] };
        if (only?.kind === "unknown") return right;
        // DB_URL || "mongodb://…" of an imported constant: its value, else the fallback (model/values.ts).
        if (only?.kind === "import") return { parts: [withFallback(only, right)] };
        return left;
      }
    }
    // process.env.DB_PORT ? parseInt(process.env.DB_PORT) : undefined: a guard on the variable its branch reads is that
    // variable, the other branch its fallback (none for undefined or null, where the driver's default applies).
    if (ts.isConditionalExpression(expr)) {
      const guarded = this.guardedEnv(expr, depth);
      if (guarded) return guarded;
      const deployed = this.deployedBranch(expr, depth);
      if (deployed) return deployed;
      const notTest = this.notTestBranch(expr);
      if (notTest) return this.value(notTest, depth + 1);
    }
    const env = this.envName(expr);
    if (env) return { parts: [{ kind: "env", name: env }] };
    if (ts.isIdentifier(expr)) return this.identifierValue(expr.text, depth);
    if (ts.isPropertyAccessExpression(expr) || isLiteralElementAccess(expr)) {
      const path = propertyPath(expr);
      if (path) {
        const [head, ...rest] = path;
        // dbConfig.uri of a factory parameter bound to an imported value (`inject: [dbConfig.KEY]`, see withArguments).
        const bound = rest.length ? this.arguments[this.arguments.length - 1]?.get(head!) : undefined;
        const boundImport = bound?.parts.length === 1 && bound.parts[0]!.kind === "import" ? bound.parts[0]! : undefined;
        if (boundImport?.kind === "import") return { parts: [{ ...boundImport, name: [boundImport.name, ...rest].join(".") }] };
        const member = rest.length === 1 && !this.isShadowed(head!) ? this.enums.get(head!)?.get(rest[0]!) : undefined;
        if (member) return member;
        // this.mongoUrl: a property initialiser or a constructor assignment of the enclosing class.
        // this.baseUrl of `constructor({ baseUrl }) { this.baseUrl = \`${baseUrl}/internal\` }`: each constructor parameter
        // stands for what a `new` passes, followed per instance in the model (model/value-flow.ts).
        const given = head === "this" && rest.length === 1 && this.arguments.length < 3 ? this.constructorField(rest[0]!) : undefined;
        if (given) return this.withArguments(given.params, () => this.value(given.expr, depth + 1));
        const field = head === "this" ? this.classField(rest[0]!) : undefined;
        if (field) {
          const inner = rest.length === 1 ? field : ts.isObjectLiteralExpression(field) ? objectProperty(field, rest.slice(1)) : undefined;
          if (inner) return this.value(inner, depth + 1);
        }

        // this.env.DATABASE_URL of a field holding the checked env (`this.env = cleanEnv(process.env, spec)`).
        const checked = field && rest.length === 2 ? this.validatedEnv(field) : undefined;
        if (checked) return this.envWithDefault(rest[1]!, checked.get(rest[1]!), depth);

        // this.config.DATABASE_URL of a field holding a settings class's instance (made or injected).
        if (head === "this" && rest.length >= 2) {
          const held = this.classOfField(rest[0]!);
          const inner = held && this.instanceFieldValue(held, rest.slice(1), depth);
          if (inner) return inner;
        }
        const local = this.lookupLocal(head!);
        const object = local && withoutAssertions(local.expr);
        if (object && ts.isObjectLiteralExpression(object) && rest.length) {
          const inner = objectProperty(object, rest);
          if (inner) return this.value(inner, depth + 1);
        }
        // const config = new EnvConfig(); config.DATABASE_URL
        const made = object && rest.length ? instanceClassName(object) : undefined;
        if (made) {
          const inner = this.instanceFieldValue(made, rest, depth);
          if (inner) return inner;
        }
        // const db = config.get("database"); db.host
        if (local && rest.length) {
          const namespace = this.value(local.expr, depth + 1);
          const only = namespace.parts.length === 1 ? namespace.parts[0] : undefined;
          // const search = pathMap.SEARCH (an imported constant's member); search.path: that constant's member further in.
          if (only?.kind === "import" && (only.specifier === CONFIG_SPECIFIER || ts.isPropertyAccessExpression(unwrapAwait(withoutAssertions(local.expr))) || isLiteralElementAccess(withoutAssertions(local.expr)))) return { parts: [{ ...only, name: [only.name, ...rest].join(".") }] };
        }
        // const settings = getSettings(); settings.mongodb.host: what the imported function returns there, a constant its
        // module records (`getSettings.returns.mongodb.host`, extract/module-bindings.ts). Only a call with no arguments:
        // the constants are read in the function's own scope, with nothing bound to its parameters.
        if (local && rest.length) {
          const made = unwrapAwait(withoutAssertions(local.expr));
          const fn = ts.isCallExpression(made) && !made.arguments.length && ts.isIdentifier(made.expression) && !this.isShadowed(made.expression.text) ? this.imports.get(made.expression.text) : undefined;
          if (fn && fn.imported !== "*") return { parts: [{ kind: "import", specifier: fn.specifier, name: [fn.imported, "returns", ...rest].join(".") }] };
        }
        // const env = schema.parse(process.env); env.DATABASE_URL
        if (local && rest.length === 1) {
          const validated = this.validatedEnv(local.expr);
          if (validated) return this.envWithDefault(rest[0]!, validated.get(rest[0]!), depth);
        }
        const imported = !this.isShadowed(head!) ? this.imports.get(head!) : undefined;
        // node-config: `const config = require("config"); config.db.host`
        if (imported?.specifier === "config" && rest.length) return { parts: [{ kind: "import", specifier: CONFIG_SPECIFIER, name: rest.join(".") }] };
        if (imported && imported.imported !== "*") {
          const name = imported.imported === "default" ? ["default", ...rest].join(".") : [imported.imported, ...rest].join(".");
          return { parts: [{ kind: "import", specifier: imported.specifier, name }] };
        }
        if (imported && imported.imported === "*" && rest.length) {
          return { parts: [{ kind: "import", specifier: imported.specifier, name: rest.join(".") }] };
        }
        // ctx.ordersBase of a parameter `ctx`: what its callers pass, followed in the model.
        const param = !local && !imported && head !== "this" ? this.paramRef(head!) : undefined;
        if (param) {
          const part: ValuePart = { kind: "unknown", hint: this.text(expr).slice(0, 60), ref: { fn: param.fn, index: param.index, path: [...(param.path ?? []), ...rest] } };
          // constructor(config: EnvConfig) { new Client({ node: config.ELASTIC_SEARCH_URL }) }: a DI container passes the
          // instance, so the callers are seldom written; the class's field is what they pass when they are not followed.
          const typed = param.path ? undefined : this.paramClassName(head!);
          const field = typed && this.instanceFieldValue(typed, rest, depth);
          return { parts: [field ? withFallback(part, field) : part] };
        }
      } else if (ts.isPropertyAccessExpression(expr)) {
        // require("./config").mongoURI, require("./config").db.host
        const required = requiredProperty(expr);
        if (required) return { parts: [{ kind: "import", specifier: required.specifier, name: ["default", ...required.path].join(".") }] };
        // configService.get("db").host (and `const { host } = configService.get("db")`, extract/variables.ts): that leaf.
        const object = withoutAssertions(expr.expression);
        if (ts.isCallExpression(object)) {
          const read = this.value(object, depth + 1);
          const only = read.parts.length === 1 ? read.parts[0] : undefined;
          if (only?.kind === "import" && only.specifier === CONFIG_SPECIFIER) return { parts: [{ ...only, name: only.name ? `${only.name}.${expr.name.text}` : expr.name.text }] };
          // appsConfig().ordersHost of an imported settings function called with nothing: what it returns there
          // (`appsConfig.returns.ordersHost`, a constant its module records, extract/module-bindings.ts).
          if (only?.kind === "import" && only.name.endsWith("()") && !only.args && ts.isCallExpression(object) && !object.arguments.length) return { parts: [{ kind: "import", specifier: only.specifier, name: `${only.name.slice(0, -2)}.returns.${expr.name.text}`, shown: `${this.text(object.expression)}().${expr.name.text}` }] };
        }
      }
    }
    // +process.env.DB_PORT: a number's text is the string's.
    if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.PlusToken) return this.value(expr.operand, depth + 1);
    if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === "URL" && expr.arguments?.length) {
      const [path, base] = expr.arguments;
      if (!base) return this.value(path, depth + 1);
      return joinUrl(this.value(base, depth + 1), this.value(path, depth + 1));
    }
    if (ts.isCallExpression(expr)) {
      // configService.get("USERS_URL"), config.getOrThrow("USERS_URL"): NestJS ConfigService, convict, node-config read the env.
      if (ts.isPropertyAccessExpression(expr.expression) && /^(get|getOrThrow)$/.test(expr.expression.name.text) && expr.arguments.length >= 1) {
        const written = expr.arguments[0]!;
        const receiver = this.text(expr.expression.expression);
        // node-config's `config.get("DB_URL")` reads its config files' key of that name, not the environment.
        const nodeConfig = ts.isIdentifier(expr.expression.expression) && !this.isShadowed(receiver) && this.imports.get(receiver)?.specifier === "config";
        const configLike = nodeConfig || /config/i.test(receiver) || this.isConfigServiceName(receiver);
        // config.get(this.namespace), config.get(KEYS.DB): a key the code keeps in a constant, a field or an enum member.
        const keyValue = !ts.isStringLiteralLike(written) && configLike ? this.value(written, depth + 1) : undefined;
        const keyPart = keyValue?.parts.length === 1 ? keyValue.parts[0] : undefined;
        if (keyPart?.kind === "import" && keyPart.specifier !== CONFIG_SPECIFIER && !keyPart.args && !keyPart.fallback) {
          return { parts: [{ kind: "import", specifier: CONFIG_SPECIFIER, name: "", keyFrom: { specifier: keyPart.specifier, name: keyPart.name } }] };
        }
        const key = keyPart?.kind === "text" ? ts.factory.createStringLiteral(keyPart.text) : written;
        if (ts.isStringLiteralLike(key) && /^[A-Z][A-Z0-9_]*$/.test(key.text) && !nodeConfig && (/config|env/i.test(receiver) || this.isConfigServiceName(receiver))) {
          // The default as written: a string, a number (`get("DB_PORT", 5432)`), a template or a constant.
          const fallback = expr.arguments[1] && this.value(expr.arguments[1], depth + 1);
          return { parts: [{ kind: "env", name: key.text, ...(fallback && fallback.parts.length && fallback.parts.every((p) => p.kind !== "unknown") ? { fallback } : {}) }] };
        }
        // configService.get("database.host"): a leaf of a registerAs("database", ...) namespace (extract/nest-config.ts).
        const path = ts.isStringLiteralLike(key) && /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(key.text) ? key.text : undefined;
        if (path && (nodeConfig || /config/i.test(receiver) || this.isConfigServiceName(receiver))) return { parts: [{ kind: "import", specifier: CONFIG_SPECIFIER, name: path }] };
      }
      // accessEnv("DB_URI"), getEnv("DB_URI", "x"), utils.requireEnv("DB_URI"): a helper named for the env, given a variable's name.
      const helper = ts.isIdentifier(expr.expression) ? expr.expression.text : ts.isPropertyAccessExpression(expr.expression) ? expr.expression.name.text : undefined;
      const envKey = expr.arguments[0];
      if (helper && ENV_HELPER.test(helper) && envKey && ts.isStringLiteralLike(envKey) && /^[A-Z][A-Z0-9_]*$/.test(envKey.text)) {
        const fallback = expr.arguments[1] && this.value(expr.arguments[1], depth + 1);
        return { parts: [{ kind: "env", name: envKey.text, ...(fallback && fallback.parts.every((p) => p.kind !== "unknown") ? { fallback } : {}) }] };
      }
      // util.format("http://%s:%d/v1", host, port): each %s, %d, %i fills with the next argument.
      if (this.isUtilFormat(expr.expression) && expr.arguments.length >= 1) {
        const format = expr.arguments[0]!;
        if (ts.isStringLiteralLike(format)) {
          const parts: ValuePart[] = [];
          let next = 1;
          for (const piece of format.text.split(/(%[sdifjoO%])/)) {
            if (piece === "%%") parts.push({ kind: "text", text: "%" });
            else if (/^%[sdifjoO]$/.test(piece)) parts.push(...this.value(expr.arguments[next++], depth + 1).parts);
            else if (piece) parts.push({ kind: "text", text: piece });
          }
          return normalize(parts);
        }
      }
      // String(x), Number(x), parseInt(x, 10), x.toString(), `${x}`.trim() keep the value of x.
      if (ts.isIdentifier(expr.expression) && CONVERSIONS.has(expr.expression.text) && expr.arguments.length >= 1) return this.value(expr.arguments[0], depth + 1);
      // An escaped setting (`encodeURIComponent(MONGO_PASSWORD)`) says what it escapes; an escaped parameter is not the
      // caller's argument as it stands (`encodeURIComponent("a/b")` is one segment), so it stays unknown.
      if (ts.isIdentifier(expr.expression) && URL_ESCAPES.has(expr.expression.text) && expr.arguments.length >= 1) {
        const escaped = this.value(expr.arguments[0], depth + 1);
        if (!escaped.parts.some((part) => part.kind === "unknown")) return escaped;
      }
      // env-var: env.get("X").required().asString(), env.get("X").default("y").asUrlString()
      if (ts.isPropertyAccessExpression(expr.expression) && ENV_VAR_CHAIN.test(expr.expression.name.text) && ts.isCallExpression(expr.expression.expression)) {
        const inner = this.value(expr.expression.expression, depth + 1);
        const only = inner.parts.length === 1 ? inner.parts[0] : undefined;
        const fallback = expr.expression.name.text === "default" ? expr.arguments[0] : undefined;
        if (only?.kind === "env" && fallback) return { parts: [{ ...only, fallback: this.value(fallback, depth + 1) }] };
        if (only?.kind === "env") return inner;
      }
      if (ts.isPropertyAccessExpression(expr.expression) && /^(toString|trim|replace)$/.test(expr.expression.name.text)) {
        if (expr.expression.name.text !== "replace") return this.value(expr.expression.expression, depth + 1);
        // A placeholder filled in: `"http://127.0.0.1:port/x".replace("port", port)`.
        const [search, replacement] = expr.arguments;
        if (search && replacement && ts.isStringLiteralLike(search) && search.text) {
          const replaced = replaceFirst(this.value(expr.expression.expression, depth + 1), search.text, this.value(replacement, depth + 1));
          if (replaced) return replaced;
        }
      }
      // endpoints.user(id), userUrl(id): a function of another module that builds a URL; the model reads what it
      // returns (constants `default.user()`, `userUrl()`), its parameters unknown.
      const root = rootIdentifier(expr.expression);
      if (root && this.imports.has(root.text) && (ts.isIdentifier(expr.expression) || ts.isPropertyAccessExpression(expr.expression))) {
        const callee = this.value(expr.expression, depth + 1);
        const only = callee.parts.length === 1 ? callee.parts[0] : undefined;
        if (only?.kind === "import" && only.specifier !== CONFIG_SPECIFIER && isRelativeSpecifier(only.specifier)) {
          const args = expr.arguments.map((arg) => this.value(arg, depth + 1));
          return { parts: [args.length ? { ...only, name: `${only.name}()`, args } : { ...only, name: `${only.name}()` }] };
        }
      }
    }
    if (ts.isCallExpression(expr)) {
      const called = this.urlFunctionCall(expr, depth);
      if (called) return called;
    }
    return unknownValue(this.text(expr).slice(0, 60));
  }

  /**
   * `await dns.resolve("orders_service")` (also `resolve4`, `resolve6`, `lookup`, through `dns.promises`): the address of
   * the host it names, so the host it is given is the host of a URL built from its answer. Only in a file that imports dns.
   */
  private dnsLookupName(expr: ts.Expression): ts.Expression | undefined {
    if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression) || !DNS_LOOKUPS.has(expr.expression.name.text) || !expr.arguments[0]) return undefined;
    return this.importsAny(DNS_MODULES) ? expr.arguments[0] : undefined;
  }

  /** `X ? f(X) : other` where X and f(X) are one environment variable (f a conversion such as parseInt): X, falling back to other. */
  private guardedEnv(expr: ts.ConditionalExpression, depth: number): Value | undefined {
    let condition: ts.Expression = expr.condition;
    while (ts.isParenthesizedExpression(condition) || (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken && ts.isPrefixUnaryExpression(condition.operand) && condition.operand.operator === ts.SyntaxKind.ExclamationToken)) {
      condition = ts.isParenthesizedExpression(condition) ? condition.expression : (condition.operand as ts.PrefixUnaryExpression).operand;
    }
    const tested = this.envName(condition);
    if (!tested) return undefined;
    const taken = this.value(expr.whenTrue, depth + 1);
    const at = taken.parts.findIndex((part) => part.kind === "env" && part.name === tested);
    if (at < 0) return undefined;
    const other = withoutAssertions(expr.whenFalse);
    const none = other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === "undefined") || ts.isVoidExpression(other);
    if (taken.parts.length === 1) return none ? { parts: [{ kind: "env", name: tested }] } : { parts: [{ kind: "env", name: tested, fallback: this.value(other, depth + 1) }] };
    // X ? `http://${X}` : "http://localhost:4002": the variable inside the text, falling back to what the other branch
    // writes in its place when that branch is the same text around it (else to nothing: the variable alone is known).
    const before = taken.parts.slice(0, at);
    const after = taken.parts.slice(at + 1);
    const textOf = (parts: Value["parts"]): string | undefined => (parts.every((part) => part.kind === "text") ? parts.map((part) => (part as { text: string }).text).join("") : undefined);
    const prefix = textOf(before);
    const suffix = textOf(after);
    const otherText = none ? undefined : staticText(this.value(other, depth + 1));
    const fits = prefix !== undefined && suffix !== undefined && otherText !== undefined && otherText.length > prefix.length + suffix.length && otherText.startsWith(prefix) && otherText.endsWith(suffix);
    const fallback: Value | undefined = fits ? { parts: [{ kind: "text", text: otherText.slice(prefix.length, otherText.length - suffix.length) }] } : undefined;
    return { parts: [...before, fallback ? { kind: "env", name: tested, fallback } : { kind: "env", name: tested }, ...after] };
  }

  /**
   * `isProd() ? "orders:4000" : "localhost:4000"`, `NODE_ENV === "production" ? ORDERS_URL : "http://127.0.0.1:3000"`: a
   * choice between an address on this machine (the developer's run) and another one is the other one, the address the
   * deployed service uses. Any other choice stays unknown.
   */
  private deployedBranch(expr: ts.ConditionalExpression, depth: number): Value | undefined {
    const whenTrue = this.value(expr.whenTrue, depth + 1);
    const whenFalse = this.value(expr.whenFalse, depth + 1);
    const local = (value: Value) => {
      const first = value.parts[0];
      return first?.kind === "text" && LOOPBACK_ADDRESS.test(first.text);
    };
    const known = (value: Value) => value.parts.length > 0 && value.parts.every((part) => part.kind !== "unknown");
    if (local(whenFalse) && !local(whenTrue) && known(whenTrue)) return whenTrue;
    if (local(whenTrue) && !local(whenFalse) && known(whenFalse)) return whenFalse;
    return undefined;
  }

  /**
   * `config.get("NODE_ENV") === "test" ? testUrl : url`, `process.env.NODE_ENV !== "test" ? url : testUrl`: a choice made
   * for the test runner (an env variable compared with "test") is the other branch, the one the service runs with.
   */
  private notTestBranch(expr: ts.ConditionalExpression): ts.Expression | undefined {
    let condition: ts.Expression = expr.condition;
    while (ts.isParenthesizedExpression(condition)) condition = condition.expression;
    if (!ts.isBinaryExpression(condition)) return undefined;
    const operator = condition.operatorToken.kind;
    const equal = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
    const unequal = operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
    if (!equal && !unequal) return undefined;
    const isTestWord = (side: ts.Expression) => ts.isStringLiteralLike(side) && /^(test|testing)$/i.test(side.text);
    const readsEnv = (side: ts.Expression) => {
      const value = this.value(side);
      return value.parts.length === 1 && value.parts[0]!.kind === "env";
    };
    const { left, right } = condition;
    if (!((isTestWord(right) && readsEnv(left)) || (isTestWord(left) && readsEnv(right)))) return undefined;
    return equal ? expr.whenFalse : expr.whenTrue;
  }

  /** Reads values with these parameters standing for the values given (a NestJS factory's injected providers). */
  withArguments<T>(bound: Map<string, Value>, read: () => T): T {
    this.arguments.push(bound);
    try {
      return read();
    } finally {
      this.arguments.pop();
    }
  }

  /**
   * `itemsUrl(cartId)` of `const itemsUrl = (id) => \`${BASE}/carts/${id}/items\``, `function itemsUrl(id) { return … }`
   * or `urls.items(id)` of a local object: the string the small function builds, its parameters replaced by the
   * values of the arguments (a parameter with no argument, or an argument not known, stays a dynamic segment).
   */
  private urlFunctionCall(call: ts.CallExpression, depth: number): Value | undefined {
    const fn = this.localFunctionOf(call.expression);
    const returned = fn && returnedExpression(fn);
    if (!fn || !returned || this.arguments.length > 3) return undefined;
    const bound = new Map<string, Value>();
    fn.parameters.forEach((parameter, index) => {
      if (!ts.isIdentifier(parameter.name)) return;
      const arg = call.arguments[index];
      bound.set(parameter.name.text, arg ? this.value(arg, depth + 1) : unknownValue(parameter.name.text));
    });
    this.arguments.push(bound);
    try {
      const value = this.value(returned, depth + 1);
      return value.parts.some((p) => p.kind === "text") ? value : undefined;
    } finally {
      this.arguments.pop();
    }
  }

  /**
   * What a small URL function another module may call returns (`(id) => \`${BASE}/users/${id}\``), each
   * parameter kept as a numbered placeholder the model fills with the caller's arguments.
   */
  exportedFunctionValue(fn: ts.Node): Value | undefined {
    const returned = returnedExpression(fn);
    if (!returned || !isFunctionLike(fn)) return undefined;
    const placeholders = new Map<string, Value>();
    (fn as ts.FunctionLikeDeclaration).parameters.forEach((parameter, index) => {
      if (ts.isIdentifier(parameter.name)) placeholders.set(parameter.name.text, { parts: [{ kind: "unknown", hint: parameter.name.text, param: index }] });
    });
    this.arguments.push(placeholders);
    try {
      const value = this.value(returned);
      return value.parts.some((p) => p.kind === "text") ? value : undefined;
    } finally {
      this.arguments.pop();
    }
  }

  /** The function of this file a callee names (see localFunctionOf), for helpers outside this class. */
  localFunction(callee: ts.Expression): ts.FunctionLikeDeclaration | undefined {
    return this.localFunctionOf(callee);
  }

  /**
   * The function of this file a callee names: a `const` bound to one, a declaration at module level, a local object's
   * method, or a method of the class the call is made in (`this.productUrl(id)`).
   */
  private localFunctionOf(callee: ts.Expression): ts.FunctionLikeDeclaration | undefined {
    if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const name = callee.name.text;
      return this.enclosingClass()?.members.find(
        (m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.body && propertyKey(m.name) === name && !ts.getModifiers(m)?.some((mod) => mod.kind === ts.SyntaxKind.StaticKeyword),
      );
    }
    if (ts.isIdentifier(callee)) {
      const local = this.lookupLocal(callee.text);
      if (local) return isFunctionLike(local.expr) ? (local.expr as ts.FunctionLikeDeclaration) : undefined;
      if (this.isShadowed(callee.text) || !this.moduleFunctions.has(callee.text)) return undefined;
      return this.sf.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === callee.text);
    }
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      const holder = this.lookupLocal(callee.expression.text);
      const object = holder && withoutAssertions(holder.expr);
      if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
      for (const prop of object.properties) {
        if (!prop.name || propertyKey(prop.name) !== callee.name.text) continue;
        if (ts.isMethodDeclaration(prop)) return prop;
        if (ts.isPropertyAssignment(prop) && isFunctionLike(prop.initializer)) return prop.initializer as ts.FunctionLikeDeclaration;
      }
    }
    return undefined;
  }

  /**
   * An object of env vars checked by a schema: `schema.parse(process.env)`
   * (zod, valibot, yup, joi's `validate`), `cleanEnv(process.env, spec)`
   * (envalid), `createEnv({ server, runtimeEnv: process.env })` (t3-env).
   * Gives each declared variable's default expression, where the schema says
   * one (`z.string().default("x")`, `str({ default: "x" })`); undefined when
   * the expression is no such object.
   */
  validatedEnv(expr: ts.Expression, depth = 0, methodLocals?: ReadonlyMap<string, ts.Expression>): Map<string, ts.Expression | undefined> | undefined {
    let call = expr;
    while (ts.isAwaitExpression(call) || ts.isParenthesizedExpression(call) || ts.isAsExpression(call) || ts.isNonNullExpression(call) || ts.isSatisfiesExpression(call)) call = call.expression;
    const local = (name: string): ts.Expression | undefined => this.lookupLocal(name)?.expr ?? methodLocals?.get(name);
    // const envVars: EnvVars = value, value the checked env destructured from joi's validate: the same object.
    if (ts.isIdentifier(call) && depth <= 3) {
      const aliased = local(call.text);
      return aliased ? this.validatedEnv(aliased, depth + 1, methodLocals) : undefined;
    }
    if (!ts.isCallExpression(call) || depth > 3) return undefined;
    // this.env = this.validated(): a method of the class that returns the checked env, its schema a const of its own.
    if (ts.isPropertyAccessExpression(call.expression) && call.expression.expression.kind === ts.SyntaxKind.ThisKeyword && !call.arguments.length) {
      const method = this.enclosingClass()?.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && propertyKey(m.name) === (call as ts.CallExpression & { expression: ts.PropertyAccessExpression }).expression.name.text);
      const returned = method?.body && finalReturn(method.body);
      return returned ? this.validatedEnv(returned, depth + 1, blockConstants(method!.body!)) : undefined;
    }
    const readsEnv = call.arguments.some((arg) => this.isProcessEnv(arg) || (ts.isObjectLiteralExpression(arg) && arg.properties.some((p) => ts.isPropertyAssignment(p) && /^(runtimeEnv|env|source)$/.test(propertyKey(p.name) ?? "") && this.isProcessEnv(p.initializer))));
    // validateEnv(envSchema), parseEnv(schema): a helper named for the environment (a shared package's, which reads
    // process.env itself) handed a schema of upper-case names checks those variables.
    const calleeName = ts.isIdentifier(call.expression) ? call.expression.text : ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : "";
    const envHelper = !readsEnv && ENV_SCHEMA_HELPER.test(calleeName) && call.arguments.length > 0;
    if (!readsEnv && !envHelper) return undefined;
    const keys = new Map<string, ts.Expression | undefined>();
    const addSpec = (spec: ts.Expression | undefined, level = 0): void => {
      if (!spec || level > 4) return;
      let current = spec;
      // z.object({...}).strict(), envSchema (a const of the file)
      while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && !current.arguments.some((a) => ts.isObjectLiteralExpression(a))) current = current.expression.expression;
      if (ts.isIdentifier(current)) return addSpec(local(current.text), level + 1);
      if (ts.isCallExpression(current)) return current.arguments.forEach((arg) => addSpec(arg, level + 1));
      if (!ts.isObjectLiteralExpression(current)) return;
      for (const prop of current.properties) {
        if (!ts.isPropertyAssignment(prop)) continue;
        const key = propertyKey(prop.name);
        if (!key) continue;
        // t3-env: createEnv({ server: { ... }, client: { ... } })
        if (/^(server|client|shared)$/.test(key) && ts.isObjectLiteralExpression(prop.initializer)) addSpec(prop.initializer, level + 1);
        else if (/^[A-Z][A-Z0-9_]*$/.test(key)) keys.set(key, schemaDefault(prop.initializer));
      }
    };
    const callee = call.expression;
    // schema.parse(process.env): the schema is the receiver; cleanEnv(process.env, spec): an argument.
    if (ts.isPropertyAccessExpression(callee) && !envHelper) addSpec(callee.expression);
    for (const arg of call.arguments) if (!this.isProcessEnv(arg)) addSpec(arg);
    return envHelper && keys.size === 0 ? undefined : keys;
  }

  /** The env var `name`, with the schema's default as its fallback when that default is a known value. */
  envWithDefault(name: string, fallback: ts.Expression | undefined, depth = 0): Value {
    if (!fallback) return { parts: [{ kind: "env", name }] };
    const value = this.value(fallback, depth + 1);
    return value.parts.some((p) => p.kind === "unknown") ? { parts: [{ kind: "env", name }] } : { parts: [{ kind: "env", name, fallback: value }] };
  }

  /**
   * What `this.<name>` holds in the class being walked: `private url = process.env.X`,
   * `constructor(private readonly url = "...")`, or `this.url = process.env.X` in the
   * constructor. A constructor parameter's value depends on the caller: none.
   */
  classField(name: string): ts.Expression | undefined {
    const cls = this.enclosingClass();
    return cls && classFieldExpression(cls, name);
  }

  /**
   * `this.<name>` set in the constructor from its parameters (`this.baseUrl = baseUrl`, `` this.baseUrl = `${baseUrl}/v1` ``,
   * `this.url = options.url`): the expression, and each parameter (or field destructured from one) as a reference to that
   * parameter of the class's constructor. None when the class has no name (its constructor has no id to refer to).
   */
  private constructorField(name: string): { expr: ts.Expression; params: Map<string, Value> } | undefined {
    const cls = this.enclosingClass();
    const constructor = cls?.name && cls.members.find(ts.isConstructorDeclaration);
    if (!cls?.name || !constructor?.body) return undefined;
    let expr: ts.Expression | undefined;
    for (const statement of constructor.body.statements) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression) || statement.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const { left, right } = statement.expression;
      if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === name) expr = right;
    }
    // constructor(private readonly topic: string): a parameter property is the field (one with a default is classField's).
    expr ??= constructor.parameters.find((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name && !parameter.initializer && ts.isParameterPropertyDeclaration(parameter, constructor))?.name as ts.Identifier | undefined;
    if (!expr) return undefined;
    const read = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) read.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(expr);
    const fn = `fn:${cls.name.text}.constructor`;
    const params = new Map<string, Value>();
    constructor.parameters.forEach((parameter, index) => {
      if (ts.isIdentifier(parameter.name)) params.set(parameter.name.text, { parts: [{ kind: "unknown", hint: parameter.name.text, ref: { fn, index } }] });
      else if (ts.isObjectBindingPattern(parameter.name)) {
        for (const element of parameter.name.elements) {
          if (!ts.isIdentifier(element.name) || element.dotDotDotToken) continue;
          const key = element.propertyName ? propertyKey(element.propertyName) : element.name.text;
          if (key) params.set(element.name.text, { parts: [{ kind: "unknown", hint: element.name.text, ref: { fn, index, path: [key] } }] });
        }
      }
    });
    // Only an expression that reads a parameter: others are classField's (process.env, a literal), and so is one that
    // reads a parameter with a default (`constructor(base = process.env.C_URL)`, made with `new CClient()`: the default).
    const defaulted = constructor.parameters.some((parameter) => parameter.initializer && ts.isIdentifier(parameter.name) && read.has(parameter.name.text));
    return !defaulted && [...params.keys()].some((param) => read.has(param)) ? { expr, params } : undefined;
  }

  private enclosingClass(): ts.ClassLikeDeclaration | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) if (ts.isClassLike(this.stack[i]!)) return this.stack[i] as ts.ClassLikeDeclaration;
    return undefined;
  }

  /**
   * The class whose instance a field of the enclosing class holds: `private config = new EnvConfig()`, or a field or
   * constructor parameter property declared with that class as its type (`constructor(private readonly config: EnvConfig)`,
   * what a DI container such as tsyringe, inversify or NestJS injects).
   */
  private classOfField(name: string): string | undefined {
    const held = this.classField(name);
    if (held) return instanceClassName(held);
    const cls = this.enclosingClass();
    if (!cls) return undefined;
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && propertyKey(member.name) === name) return typeClassName(member.type);
      if (!ts.isConstructorDeclaration(member)) continue;
      for (const parameter of member.parameters) {
        if (ts.isIdentifier(parameter.name) && parameter.name.text === name && ts.getModifiers(parameter)?.length) return typeClassName(parameter.type);
      }
    }
    return undefined;
  }

  /** The class a field of the enclosing class holds or is typed with (`constructor(private readonly db: DatabaseService)`). */
  fieldClassOf(name: string): string | undefined {
    return this.classOfField(name);
  }

  /**
   * The class a name is declared with: a parameter's type (`row: Order`) of the innermost function that has it, else a
   * typed local of the enclosing functions' bodies (`const row: Order = …`). None when the file does not say.
   */
  declaredClassOf(name: string): string | undefined {
    const param = this.paramClassName(name);
    if (param) return param;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const node = this.stack[i]!;
      if (!isFunctionLike(node)) continue;
      const body = (node as ts.FunctionLikeDeclaration).body;
      if (!body || !ts.isBlock(body)) continue;
      for (const statement of body.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return typeClassName(declaration.type);
        }
      }
    }
    return undefined;
  }

  /** The class of that name declared at this file's top level. */
  fileClass(name: string): ts.ClassDeclaration | undefined {
    return this.sf.statements.find((statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === name);
  }

  /** The class a parameter's type names (`config: EnvConfig`), for the innermost function that has the parameter. */
  private paramClassName(name: string): string | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const node = this.stack[i]!;
      if (!isFunctionLike(node)) continue;
      const parameter = (node as ts.FunctionLikeDeclaration).parameters.find((p: ts.ParameterDeclaration) => ts.isIdentifier(p.name) && p.name.text === name);
      if (parameter) return typeClassName(parameter.type);
    }
    return undefined;
  }

  /**
   * `config.DATABASE_URL` where `config` is an instance of a settings class (`new EnvConfig()`) whose constructor sets
   * `this.DATABASE_URL = process.env.DATABASE_URL || ""`: the field's value, read from the class when this file declares
   * it, else from the class's module (extract/static-fields.ts records its fields as `EnvConfig.prototype.DATABASE_URL`).
   */
  private instanceFieldValue(className: string, path: readonly string[], depth: number): Value | undefined {
    const declared = this.fileClass(className);
    if (declared) {
      const held = classFieldExpression(declared, path[0]!);
      const inner = !held ? undefined : path.length === 1 ? held : ts.isObjectLiteralExpression(withoutAssertions(held)) ? objectProperty(withoutAssertions(held) as ts.ObjectLiteralExpression, path.slice(1)) : undefined;
      const value = inner && this.value(inner, depth + 1);
      return value && isSettingValue(value) ? value : undefined;
    }
    const imported = !this.isShadowed(className) ? this.imports.get(className) : undefined;
    if (!imported || imported.imported === "*") return undefined;
    return { parts: [{ kind: "import", specifier: imported.specifier, name: [imported.imported, "prototype", ...path].join(".") }] };
  }

  /** `util.format`, or `format` imported from node's util. */
  private isUtilFormat(callee: ts.Expression): boolean {
    const UTIL = ["util", "node:util"];
    if (ts.isIdentifier(callee)) return this.isImportFrom(callee, UTIL, ["format"]);
    return ts.isPropertyAccessExpression(callee) && callee.name.text === "format" && this.isImportFrom(callee.expression, UTIL, ["default", "*"]);
  }

  private configServiceNames?: Set<string>;

  /**
   * `cs.get("X")` where `cs: ConfigService` (a parameter or a constructor
   * property of any name): the names this file declares with that type,
   * read from the text once, when first asked.
   */
  private isConfigServiceName(receiver: string): boolean {
    if (!this.configServiceNames) {
      this.configServiceNames = new Set();
      if (this.sf.text.includes("ConfigService")) for (const match of this.sf.text.matchAll(/(\w+)\s*\??\s*:\s*ConfigService\b/g)) this.configServiceNames.add(match[1]!);
    }
    return this.configServiceNames.has(receiver.startsWith("this.") ? receiver.slice(5) : receiver);
  }

  private identifierValue(name: string, depth: number): Value {
    const substituted = this.arguments[this.arguments.length - 1]?.get(name);
    if (substituted) return substituted;
    const local = this.lookupLocal(name);
    if (local) return this.value(local.expr, depth + 1);
    // A parameter's default: what it holds when the callers pass nothing, as `new InventoryClient()` does (the
    // callers are not read, as for an env variable's fallback).
    const fallback = this.paramFrame(name)?.frame.paramDefaults?.get(name);
    if (fallback) return this.value(fallback, depth + 1);
    const imported = this.imports.get(name);
    if (imported && !this.isShadowed(name)) return { parts: [{ kind: "import", specifier: imported.specifier, name: imported.imported }] };
    const param = this.paramRef(name);
    if (param) {
      const ref: ParamRef = param.path ? { fn: param.fn, index: param.index, path: param.path } : { fn: param.fn, index: param.index };
      const part: ValuePart = { kind: "unknown", hint: name, ref };
      return { parts: [param.fallback ? withFallback(part, this.value(param.fallback, depth + 1)) : part] };
    }
    return unknownValue(name);
  }

  /**
   * A const/let initialiser visible from here (innermost scope first). A name
   * destructured from process.env is stored as a synthetic `process.env.NAME`.
   */
  /** Is `name` a function of this file in scope: declared (hoisted) or `const name = () => ...`? */
  lookupLocalFunction(name: string): boolean {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      if (frame.params.has(name) || frame.objects.has(name)) return false;
      if (frame.functions?.has(name)) return true;
      const expr = frame.locals.get(name);
      if (expr) return isFunctionLike(expr);
    }
    return this.moduleFunctions.has(name);
  }

  lookupLocal(name: string): { expr: ts.Expression } | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      if (frame.params.has(name)) return undefined;
      const expr = frame.locals.get(name);
      if (expr) return { expr };
    }
    return undefined;
  }

  /** `process.env.X`, `process.env["X"]`, `env.X` for an alias of process.env. */
  envName(expr: ts.Expression): string | undefined {
    if (ts.isPropertyAccessExpression(expr) && this.isProcessEnv(expr.expression)) return expr.name.text;
    if (ts.isElementAccessExpression(expr) && this.isProcessEnv(expr.expression) && ts.isStringLiteralLike(expr.argumentExpression)) {
      return expr.argumentExpression.text;
    }
    return undefined;
  }

  isProcessEnv(expr: ts.Expression): boolean {
    if (ts.isPropertyAccessExpression(expr) && expr.name.text === "env" && ts.isIdentifier(expr.expression) && expr.expression.text === "process") return true;
    if (ts.isPropertyAccessExpression(expr) && expr.name.text === "env" && ts.isMetaProperty(expr.expression)) return true;
    if (ts.isIdentifier(expr) && this.envAliases.has(expr.text)) return true;
    // `import { env } from "node:process"`: env.DB_HOST is process.env.DB_HOST.
    if (ts.isIdentifier(expr) && this.isImportFrom(expr, ["process", "node:process"], ["env"])) return true;
    return false;
  }
}

// ---------------------------------------------------------------------------
// Helpers shared by extractors
// ---------------------------------------------------------------------------

/** The default a schema gives a variable: `z.string().default("x")`, `Joi.string().default("x")`, `str({ default: "x" })`. */
function schemaDefault(expr: ts.Expression): ts.Expression | undefined {
  let current: ts.Expression = expr;
  for (let i = 0; i < 8 && ts.isCallExpression(current); i++) {
    const callee: ts.Expression = current.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "default" && current.arguments[0]) return current.arguments[0];
    const options = current.arguments.find((arg) => ts.isObjectLiteralExpression(arg));
    const fromOptions = options && propertyNamed(options as ts.ObjectLiteralExpression, "default");
    if (fromOptions) return fromOptions;
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    current = callee.expression;
  }
  return undefined;
}

/**
 * The specifier of a value read from configuration by a dotted key: NestJS
 * `configService.get("database.host")`, node-config `config.get("db.host")` or
 * `config.db.host`. The model looks the name up among the constants of the
 * service's configuration (`config:<key>`, from extract/nest-config.ts and the
 * config/*.json files of extract/datastores/json-config.ts), not in a module.
 */
export const CONFIG_SPECIFIER = "config:";

/** Calls that turn a string into a number or back, keeping what it says. */
const CONVERSIONS = new Set(["String", "Number", "parseInt", "parseFloat"]);

/** Calls that escape a string for a URL or undo it. */
const URL_ESCAPES = new Set(["encodeURIComponent", "encodeURI", "decodeURIComponent", "decodeURI"]);

/** Helpers that read one env var by name: accessEnv, getEnv, requireEnv, env, readEnvVar, getEnvOrThrow, getEnvOrFail ... */
const ENV_HELPER = /^(env|\w*Env(Var(iable)?)?(Or[A-Z][a-z]+)?)$/;

/** The methods env-var chains after `env.get("X")`. */
const ENV_VAR_CHAIN = /^(required|default|as[A-Z]\w*)$/;

/** `require("./config").db.host` → the module and the property path read from its exports. */
function requiredProperty(expr: ts.PropertyAccessExpression): { specifier: string; path: string[] } | undefined {
  const path: string[] = [];
  let current: ts.Expression = expr;
  while (ts.isPropertyAccessExpression(current)) {
    path.unshift(current.name.text);
    current = current.expression;
  }
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  if (!ts.isCallExpression(current) || !ts.isIdentifier(current.expression) || current.expression.text !== "require") return undefined;
  const [specifier] = current.arguments;
  return specifier && ts.isStringLiteral(specifier) && current.arguments.length === 1 ? { specifier: specifier.text, path } : undefined;
}

/** `{ ... } as const`, `{ ... } satisfies T`: the expression itself. */
export function withoutAssertions(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** An options object written in place, or the object literal a local of the scope was set to (`const options = {...}`). */
export function localObjectLiteral(expr: ts.Expression, ctx: ExtractContext): ts.ObjectLiteralExpression | undefined {
  const inner = withoutAssertions(expr);
  if (ts.isObjectLiteralExpression(inner)) return inner;
  if (!ts.isIdentifier(inner)) return undefined;
  const local = ctx.lookupLocal(inner.text)?.expr;
  const value = local && withoutAssertions(local);
  return value && ts.isObjectLiteralExpression(value) ? value : undefined;
}

export function textValue(text: string): Value {
  return { parts: [{ kind: "text", text }] };
}

export function unknownValue(hint: string): Value {
  return { parts: [{ kind: "unknown", hint }] };
}

/** Merges adjacent text parts. */
export function normalize(parts: ValuePart[]): Value {
  const out: ValuePart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (part.kind === "text" && last?.kind === "text") out[out.length - 1] = { kind: "text", text: last.text + part.text };
    else out.push(part);
  }
  return { parts: out };
}

/**
 * String's `replace(search, replacement)` with a literal search: the first occurrence in the known text, and the value
 * unchanged when it is all known text without one. Undefined when no known text holds it but a part that is not known may.
 */
export function replaceFirst(value: Value, search: string, replacement: Value): Value | undefined {
  const at = value.parts.findIndex((part) => part.kind === "text" && part.text.includes(search));
  if (at === -1) return value.parts.every((part) => part.kind === "text") ? value : undefined;
  // The first occurrence in the known text is taken even after an unknown part (a port filled in by an earlier
  // replace): placeholders are written to be found, and a run-time value that holds one is not what code means.
  const part = value.parts[at] as { kind: "text"; text: string };
  const index = part.text.indexOf(search);
  const parts: ValuePart[] = [
    ...value.parts.slice(0, at),
    { kind: "text", text: part.text.slice(0, index) },
    ...replacement.parts,
    { kind: "text", text: part.text.slice(index + search.length) },
    ...value.parts.slice(at + 1),
  ];
  return normalize(parts.filter((p) => p.kind !== "text" || p.text !== ""));
}

export function joinUrl(base: Value, path: Value): Value {
  const first = path.parts[0];
  if (first?.kind === "text" && /^[a-z][a-z0-9+.-]*:\/\//i.test(first.text)) return path;
  // axios, got and request join a base and a relative path with exactly one slash (`prefixUrl` + "v1/x").
  const last = base.parts[base.parts.length - 1];
  const baseSlash = last?.kind === "text" && last.text.endsWith("/");
  const pathParts = [...path.parts];
  if (first?.kind === "text" && first.text && !first.text.startsWith("?")) {
    const text = baseSlash ? first.text.replace(/^\/+/, "") : first.text.startsWith("/") ? first.text : `/${first.text}`;
    pathParts[0] = { kind: "text", text };
  }
  return normalize([...base.parts, ...pathParts]);
}

/** The expression a getter's body is nothing but `return <expression>` of. */
/** What a block's last statement returns, when it is a return. */
function finalReturn(body: ts.Block): ts.Expression | undefined {
  const last = body.statements[body.statements.length - 1];
  return last && ts.isReturnStatement(last) ? last.expression : undefined;
}

/** The `const`s a block declares at its own level, by name. */
function blockConstants(body: ts.Block): Map<string, ts.Expression> {
  const found = new Map<string, ts.Expression>();
  for (const statement of body.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name) && declaration.initializer) found.set(declaration.name.text, declaration.initializer);
  }
  return found;
}

function onlyReturned(getter: ts.GetAccessorDeclaration): ts.Expression | undefined {
  const statements = getter.body?.statements;
  const only = statements?.length === 1 ? statements[0] : undefined;
  return only && ts.isReturnStatement(only) ? only.expression : undefined;
}

/** The literal text, when the value is a single known string. */
export function staticText(value: Value): string | undefined {
  if (value.parts.length === 0) return "";
  const only = value.parts.length === 1 ? value.parts[0] : undefined;
  // `options.method ?? "POST"`: the literal, as before parameters were followed.
  if (only?.kind === "unknown" && only.fallback) return staticText(only.fallback);
  return only?.kind === "text" ? only.text : undefined;
}

/**
 * A parameter's value that falls back to `right` (`options.base ?? process.env.BASE ?? "http://…"`): the fallback
 * goes to the end of the chain already there (the parameter's, then an env lookup's without one).
 */
export function withFallback(part: ValuePart, right: Value, depth = 0): ValuePart {
  if ((part.kind !== "unknown" && part.kind !== "env" && part.kind !== "import") || depth > 4) return part;
  const inner = part.fallback;
  if (!inner) return { ...part, fallback: right };
  const only = inner.parts.length === 1 ? inner.parts[0]! : undefined;
  if (only && (only.kind === "env" || (only.kind === "unknown" && only.ref))) return { ...part, fallback: { parts: [withFallback(only, right, depth + 1)] } };
  return part;
}

export function rootIdentifier(expr: ts.Expression): ts.Identifier | undefined {
  let current: ts.Expression = expr;
  for (;;) {
    if (ts.isIdentifier(current)) return current;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current) || ts.isNonNullExpression(current) || ts.isParenthesizedExpression(current)) {
      current = current.expression;
      continue;
    }
    return undefined;
  }
}

/** `a.b.c` → ["a", "b", "c"]; undefined for anything but identifiers and dots. */
export function propertyPath(expr: ts.Expression): string[] | undefined {
  const names: string[] = [];
  let current: ts.Expression = expr;
  // `pathMap["SEARCH"].path` is `pathMap.SEARCH.path`: a string literal key names the property as a dot does.
  while (ts.isPropertyAccessExpression(current) || isLiteralElementAccess(current)) {
    names.unshift(ts.isPropertyAccessExpression(current) ? current.name.text : (current.argumentExpression as ts.StringLiteral).text);
    current = current.expression;
  }
  if (ts.isIdentifier(current)) return [current.text, ...names];
  if (current.kind === ts.SyntaxKind.ThisKeyword) return ["this", ...names];
  return undefined;
}

/** `map["key"]`: an element access whose key is a string literal. */
function isLiteralElementAccess(expr: ts.Expression): expr is ts.ElementAccessExpression {
  return ts.isElementAccessExpression(expr) && ts.isStringLiteralLike(expr.argumentExpression);
}

export function objectProperty(obj: ts.ObjectLiteralExpression, path: readonly string[]): ts.Expression | undefined {
  let current: ts.Expression = obj;
  for (const key of path) {
    if (!ts.isObjectLiteralExpression(current)) return undefined;
    const found = propertyNamed(current, key);
    if (!found) return undefined;
    current = found;
  }
  return current;
}

export function propertyNamed(obj: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const prop of obj.properties) {
    if (ts.isPropertyAssignment(prop) && propertyKey(prop.name) === key) return prop.initializer;
    if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === key) return prop.name;
  }
  return undefined;
}

export function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** The syntax kinds that open a function scope; the walker indexes the same list. */
export const FUNCTION_LIKE_KINDS: readonly ts.SyntaxKind[] = [
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
];
const FUNCTION_LIKE = new Set<ts.SyntaxKind>(FUNCTION_LIKE_KINDS);

function hasAsync(node: ts.FunctionLikeDeclaration): boolean {
  return node.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
}

export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return FUNCTION_LIKE.has(node.kind);
}

const PROMISE_COMBINATORS = new Set(["all", "allSettled", "race", "any"]);

function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../");
}

/** RxJS functions that turn an observable (NestJS HttpService's answer) into a promise. */
const PROMISE_BRIDGES = new Set(["firstValueFrom", "lastValueFrom"]);

/** `Promise.all(...)`, `Promise.allSettled(...)`, `Promise.race(...)`, `Promise.any(...)`. */
export function isPromiseCombinator(call: ts.CallExpression): boolean {
  // Asked of every call the walk sees: kinds and escapedText (equal to the text for these names) before any getter.
  const callee = call.expression;
  if (callee.kind !== ts.SyntaxKind.PropertyAccessExpression) return false;
  const object = (callee as ts.PropertyAccessExpression).expression;
  return object.kind === ts.SyntaxKind.Identifier && (object as ts.Identifier).escapedText === "Promise" && PROMISE_COMBINATORS.has((callee as ts.PropertyAccessExpression).name.escapedText as string);
}

/** The method name of `x.name(...)`, or the callee name of `name(...)`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/**
 * The one string a small function builds and returns: `(id) => \`${BASE}/users/${id}\``, `function (id) { return BASE + id; }`.
 * Only a template, a concatenation or a literal (read without evaluating anything else a module's functions return).
 */
export function returnedExpression(node: ts.Node): ts.Expression | undefined {
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node) && !ts.isFunctionDeclaration(node) && !ts.isMethodDeclaration(node)) return undefined;
  const body = node.body;
  if (!body) return undefined;
  let returned: ts.Expression | undefined;
  if (!ts.isBlock(body)) returned = body;
  else {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    returned = only && ts.isReturnStatement(only) ? only.expression : undefined;
  }
  while (returned && ts.isParenthesizedExpression(returned)) returned = returned.expression;
  if (!returned) return undefined;
  const format = ts.isCallExpression(returned) && (ts.isIdentifier(returned.expression) ? returned.expression : ts.isPropertyAccessExpression(returned.expression) ? returned.expression.name : undefined)?.text === "format";
  const stringy = format || ts.isTemplateExpression(returned) || ts.isStringLiteralLike(returned) || (ts.isBinaryExpression(returned) && returned.operatorToken.kind === ts.SyntaxKind.PlusToken);
  return stringy ? returned : undefined;
}

/**
 * What `this.<name>` holds in a class: `private url = process.env.X`, `constructor(private readonly url = "...")`, or
 * `this.url = process.env.X` in the constructor. A constructor parameter's value depends on the caller: none.
 */
export function classFieldExpression(cls: ts.ClassLikeDeclaration, name: string): ts.Expression | undefined {
  for (const member of cls.members) {
    // A field the class writes again (a constructor's `this.basePath = basePath`, through a setter or not) holds what its
    // callers hand over: its initializer is only the default (an OpenAPI client's `_basePath = "http://localhost"`).
    if (ts.isPropertyDeclaration(member) && member.initializer && member.name && propertyKey(member.name) === name && !fieldsWrittenIn(cls).has(name)) return member.initializer;
    // `get baseUrl() { return process.env.X || "http://x" }`: a getter that only returns a value holds that value.
    if (ts.isGetAccessorDeclaration(member) && propertyKey(member.name) === name) return onlyReturned(member);
    if (!ts.isConstructorDeclaration(member)) continue;
    const params = new Set<string>();
    for (const parameter of member.parameters) {
      if (!ts.isIdentifier(parameter.name)) continue;
      if (parameter.name.text === name && parameter.initializer) return parameter.initializer;
      params.add(parameter.name.text);
    }
    for (const statement of member.body?.statements ?? []) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression) || statement.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const { left, right } = statement.expression;
      if (!ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword || left.name.text !== name) continue;
      const value = ts.isIdentifier(right) ? (constructorConstant(member, right.text) ?? right) : right;
      const root = rootIdentifier(value);
      return root && params.has(root.text) ? undefined : value;
    }
  }
  return undefined;
}

const writtenFields = new WeakMap<ts.ClassLikeDeclaration, ReadonlySet<string>>();

/** The fields a class's constructor, methods and accessors assign (`this.<name> = …`, at any depth). */
function fieldsWrittenIn(cls: ts.ClassLikeDeclaration): ReadonlySet<string> {
  let names = writtenFields.get(cls);
  if (names) return names;
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) found.add(node.left.name.text);
    // A nested class's `this` is its own.
    if (!ts.isClassLike(node)) ts.forEachChild(node, visit);
  };
  for (const member of cls.members) if ((ts.isConstructorDeclaration(member) || ts.isMethodDeclaration(member) || ts.isAccessor(member)) && member.body) visit(member.body);
  names = found;
  writtenFields.set(cls, names);
  return names;
}

/** The names of a class's instance fields that hold a value of their own: initialised, or set in the constructor. */
export function instanceFieldNames(cls: ts.ClassLikeDeclaration): string[] {
  const names = new Set<string>();
  for (const member of cls.members) {
    // `get uri() { return this.config.get("MONGO_URI") }`: a getter that only returns a value is read like a field.
    if (ts.isGetAccessorDeclaration(member) && !ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) {
      const key = propertyKey(member.name);
      if (key) names.add(key);
    }
    if (ts.isPropertyDeclaration(member) && member.initializer && !ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) {
      const key = propertyKey(member.name);
      if (key) names.add(key);
    }
    if (!ts.isConstructorDeclaration(member)) continue;
    for (const statement of member.body?.statements ?? []) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression) || statement.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const { left } = statement.expression;
      if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) names.add(left.name.text);
    }
  }
  return [...names];
}

/**
 * The class an expression makes an instance of: `new EnvConfig()`, or what a DI container hands out for it
 * (`container.resolve(EnvConfig)` of tsyringe, `Container.get(EnvConfig)` of typedi).
 */
export function instanceClassName(expr: ts.Expression): string | undefined {
  const inner = withoutAssertions(expr);
  if (ts.isNewExpression(inner) && ts.isIdentifier(inner.expression)) return inner.expression.text;
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && /^(resolve|get)$/.test(inner.expression.name.text) && inner.arguments.length === 1) {
    const [arg] = inner.arguments;
    const receiver = inner.expression.expression;
    const holder = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : "";
    if (arg && ts.isIdentifier(arg) && /^[A-Z]/.test(arg.text) && /container/i.test(holder)) return arg.text;
  }
  return undefined;
}

/**
 * A field's value that comes from the environment or another module's setting (`process.env.X || ""`, an imported
 * constant): what a settings class holds. A field written as a plain literal (`id = ""` of an entity, `status = "new"`)
 * is each instance's data, which the code changes: not a setting to read a URL from.
 */
export function isSettingValue(value: Value): boolean {
  return value.parts.some((part) => part.kind === "env" || part.kind === "import");
}

/** `EnvConfig` of a type annotation naming a class (`config: EnvConfig`). */
function typeClassName(type: ts.TypeNode | undefined): string | undefined {
  return type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && !type.typeArguments ? type.typeName.text : undefined;
}

/**
 * `const url = this.config.get("ORDERS_URL"); …; this.url = url;` in a constructor: the constant's initializer
 * (a field read later is evaluated outside the constructor, where its locals are out of scope).
 */
function constructorConstant(constructor: ts.ConstructorDeclaration, name: string): ts.Expression | undefined {
  for (const statement of constructor.body?.statements ?? []) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
    }
  }
  return undefined;
}

/**
 * Whether a specifier is one of these modules or a subpath of one, remembered across files: every file asks
 * the same thirty-odd module lists about mostly the same specifiers ("express", "../db.js"), and the
 * comparison per prefix was the extraction's largest single cost.
 */
const matchesByList = new WeakMap<readonly string[], Map<string, boolean>>();

/**
 * `got/dist/source`, `axios/index.js`, `@scope/pkg/lib`: a path to a package's own build of its entry (editors write such
 * imports), which exports what the package does: the package's name. Any other specifier is returned as it is.
 */
export function packageOfEntryPath(specifier: string): string {
  const slash = specifier.indexOf("/", specifier.startsWith("@") ? specifier.indexOf("/") + 1 : 0);
  if (slash < 0 || specifier.charCodeAt(0) === 46) return specifier;
  return ENTRY_PATH.test(specifier.slice(slash)) ? specifier.slice(0, slash) : specifier;
}

const ENTRY_PATH = /^(?:\/(?:dist|lib|build|source|src|esm|cjs|umd|node|main))*(?:\/index(?:\.[cm]?js)?)?\/?$/;

function specifierMatches(prefixes: readonly string[], spec: string): boolean {
  // Relative specifiers are mostly different in every file: not worth remembering.
  if (spec.charCodeAt(0) === 46) return matchesAny(prefixes, spec);
  let known = matchesByList.get(prefixes);
  if (!known) matchesByList.set(prefixes, (known = new Map()));
  let answer = known.get(spec);
  if (answer === undefined) known.set(spec, (answer = matchesAny(prefixes, spec)));
  return answer;
}

function matchesAny(prefixes: readonly string[], spec: string): boolean {
  for (const p of prefixes) if (spec === p || (spec.length > p.length && spec.charCodeAt(p.length) === 47 && spec.startsWith(p))) return true;
  return false;
}
