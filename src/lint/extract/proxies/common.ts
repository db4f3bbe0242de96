import { ts } from "../../ts.js";
import type { ProxyFact, Value } from "../../types.js";
import type { ExtractContext } from "../context.js";
import type { Extractor } from "../extractor.js";
import { isFunctionLike, propertyKey, withoutAssertions } from "../context.js";
import { HTTP_VERBS, looksLikePath, pushRoute, resolveOwner, routePath, routePaths, type Owner } from "../routes.js";
import { importedLoopRow, loopRows, type LoopRow } from "../loop-paths.js";

/**
 * What the proxy extractors share: a proxy is a call of client "proxy" (its URL the upstream's base, `proxy` how the
 * path changes on the way), made in the function that handles the route. A proxy a library mounts as middleware
 * (`app.use("/orders", createProxyMiddleware({ target }))`) is a route of its own whose handler is the proxy itself:
 * a function id made from the place the proxy is created, which the call is made in.
 */

/** A proxy middleware made by a library's factory call: what it forwards to, and how. */
export interface MadeProxy {
  /** The factory call (`createProxyMiddleware({...})`, `proxy(host)`). */
  node: ts.CallExpression;
  upstream: Value;
  proxy: ProxyFact;
  /** Paths it takes itself, whatever it is mounted under (http-proxy-middleware's `pathFilter`, v2's context argument). */
  paths?: string[];
  /**
   * Its paths are matched against the whole path the client asked for, and that whole path is forwarded (the context
   * argument of http-proxy-middleware 1 and 2, which read `req.originalUrl`): under `app.use("/auth", …)` a context of
   * `/auth` serves `/auth/*`, not `/auth/auth/*`.
   */
  wholePath?: true;
  /** It forwards the whole path the client asked for, whatever it is mounted under (`proxyReqPathResolver: (req) => req.originalUrl`). */
  keepsPath?: true;
  timeout?: string;
}

/** The handler id of a proxy that is its own route: one per factory call. */
export function proxyHandlerId(node: ts.Node, ctx: ExtractContext): string {
  const { line, column } = ctx.loc(node);
  return `proxy@L${line}C${column}`;
}

export function pushProxyCall(ctx: ExtractContext, node: ts.Node, upstream: Value, proxy: ProxyFact, inFunction: string | undefined, timeout?: string): void {
  ctx.facts.calls.push({
    client: "proxy",
    method: "ALL",
    url: upstream,
    ...(inFunction ? { inFunction } : {}),
    awaited: true,
    parallel: false,
    ...(timeout ? { timeout } : {}),
    proxy,
    location: ctx.loc(node),
  });
}

/**
 * `app.use("/orders", mw)`, `router.use(mw)`, `app.all("/orders/*", auth, mw)`: where each proxy middleware an argument
 * holds (`made` reads one from an expression) is mounted. Each becomes a route (`ALL /orders/*` for a `use`, else the
 * verb's path) handled by the proxy, with the mount path cut off before forwarding for a `use` (express hands the
 * middleware the path below its mount). Returns the factory calls it mounted.
 */
export function mountProxies(node: ts.CallExpression, ctx: ExtractContext, made: (expr: ts.Expression) => MadeProxy | undefined, at: ts.Node = node): ts.CallExpression[] {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee)) return [];
  const verb = callee.name.text;
  const isUse = verb === "use";
  if (!isUse && !HTTP_VERBS.has(verb)) return [];
  const args = [...node.arguments];
  // A mount path that is a loop's variable over a literal table (a gateway's `{ "/auth": AUTH_URL, … }`) mounts there once per path.
  let mounts: (string | undefined)[] = [undefined];
  if (args.length > 1 && looksLikePath(args[0], ctx)) {
    const first = args.shift()!;
    const paths = routePaths(first, ctx);
    mounts = paths.length > 0 ? paths : [routePath(first, ctx)];
  }
  // `app.use(route.path, proxy)` whose path did not resolve: a mount path by its name, not middleware; said, not taken as `/*`.
  const first = args.length > 1 && mounts[0] === undefined ? withoutAssertions(args[0]!) : undefined;
  const unreadMount = first && (ts.isPropertyAccessExpression(first) || ts.isIdentifier(first)) && MOUNT_NAME.test(ts.isIdentifier(first) ? first.text : first.name.text) && !made(first) ? ctx.text(first).slice(0, 40) : undefined;
  const found: MadeProxy[] = [];
  for (const arg of args.flatMap((a) => (ts.isArrayLiteralExpression(a) ? [...a.elements] : [a]))) {
    const proxy = made(arg);
    if (proxy) found.push(proxy);
  }
  if (!found.length) return [];
  if (unreadMount) for (const proxy of found) proxy.proxy = { ...proxy.proxy, mountUnknown: unreadMount };
  const owner: Owner | undefined = resolveOwner(callee.expression, ctx);
  // Not an app or router this file knows: the proxies stay unmounted (a diagnostic says so in the model).
  if (!owner) return [];
  for (const proxy of found) {
    const handler = proxyHandlerId(proxy.node, ctx);
    if (isUse) {
      const written = proxy.proxy;
      const strips: string[] = [];
      let below = false;
      for (const mount of mounts) {
        // `app.use("/public/**", mw)`: the wildcard is where the route's own `/*` goes.
        const base = (mount ?? "").replace(/(\/(\*\*?|\(\.\*\)))+$/, "").replace(/\/+$/, "");
        const whole = proxy.wholePath && !!proxy.paths?.length && proxy.paths.every((p) => p.startsWith(`${base}/`));
        const paths = whole ? proxy.paths! : proxy.paths?.length ? proxy.paths.map((p) => `${base}${p}`) : [base ? `${base}/*` : "/*"];
        if (base && !whole && !written.strip && !proxy.keepsPath && !rewritesWholePath(written, base)) strips.push(base);
        // Its route is `<routers' prefixes><mount>/*`, and what it forwards the `/*` alone (the mount cut off, and the
        // prefixes of the routers it is mounted under with it: express cuts every mount on the way).
        if (!proxy.paths?.length && !written.strip && !proxy.keepsPath && !rewritesWholePath(written, base)) below = true;
        for (const path of paths) {
          pushRoute(ctx, at, owner, owner.framework ?? "express", "all", path, undefined);
          const route = ctx.facts.routes[ctx.facts.routes.length - 1];
          if (route) route.handler = handler;
        }
      }
      if (strips.length > 0) proxy.proxy = { strip: strips.length === 1 ? strips[0]! : strips, ...written };
      if (below) proxy.proxy = { ...proxy.proxy, below: true };
    } else {
      // The verb route itself was found by the route extractors: its handler is the proxy.
      const location = ctx.loc(node);
      for (const route of ctx.facts.routes) {
        if (route.location.line !== location.line || route.location.column !== location.column) continue;
        route.handler = handler;
        delete route.handlerRef;
      }
    }
  }
  return found.map((proxy) => proxy.node);
}

/** Names that hold a mount path (`route.path`, `service.prefix`, `basePath`, `mountPoint`). */
const MOUNT_NAME = /(path|route|prefix|mount|context|endpoint|base)$/i;

/**
 * Express hands a mounted middleware the path below its mount (http-proxy-middleware 3 forwards that), but version 2
 * read the whole path, and its users wrote `pathRewrite` rules against it (`"^/orders": "/v1/orders"` under
 * `app.use("/orders", …)`): a rule that names the mount path (matches it, not the bare `/`) says the whole path is
 * what gets rewritten.
 */
function rewritesWholePath(proxy: ProxyFact, mount: string): boolean {
  return (proxy.rewrite ?? []).some((rule) => {
    try {
      const pattern = new RegExp(rule.from);
      return pattern.test(mount) && !pattern.test("/");
    } catch {
      return false;
    }
  });
}

/** An expression, or the initialiser of the local it names (`const ordersProxy = createProxyMiddleware(...)`), as a call. */
export function callOf(expr: ts.Expression, ctx: ExtractContext): ts.CallExpression | undefined {
  let current: ts.Expression | undefined = withoutAssertions(expr);
  for (let hops = 0; current && hops < 3; hops++) {
    while (ts.isAwaitExpression(current) || ts.isParenthesizedExpression(current)) current = withoutAssertions(current.expression);
    if (ts.isCallExpression(current)) return current;
    if (!ts.isIdentifier(current)) return undefined;
    current = ctx.lookupLocal(current.text)?.expr;
  }
  return undefined;
}

/** An expression as written, or what the local it names holds (`const options = { target }`), through at most two locals. */
export function throughLocals(expr: ts.Expression | undefined, ctx: ExtractContext): ts.Expression | undefined {
  let current = expr && withoutAssertions(expr);
  for (let hops = 0; current && ts.isIdentifier(current) && hops < 2; hops++) {
    const bound = ctx.lookupLocal(current.text)?.expr;
    current = bound && withoutAssertions(bound);
  }
  return current;
}

/** An options object written in place or bound to a local (`const options = { target }`). */
export function objectOf(expr: ts.Expression | undefined, ctx: ExtractContext): ts.ObjectLiteralExpression | undefined {
  const value = throughLocals(expr, ctx);
  return value && ts.isObjectLiteralExpression(value) ? value : undefined;
}

/**
 * `pathRewrite: { "^/api/orders": "/v1/orders" }` (keys and values written as strings): the rules; a function, or an
 * object whose rules are not all written out, cannot be read.
 */
export function pathRewrite(expr: ts.Expression | undefined, ctx: ExtractContext): Pick<ProxyFact, "rewrite" | "pathUnknown"> {
  if (!expr) return {};
  const fn = throughLocals(expr, ctx);
  if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
    const rules = rewriteFunctionRules(fn, ctx);
    if (rules) return rules.length ? { rewrite: rules } : {};
  }
  const object = objectOf(expr, ctx);
  if (!object) return { pathUnknown: `its pathRewrite (${ctx.text(expr).slice(0, 40)}) is not an object of literal rules` };
  const rewrite: { from: string; to: string }[] = [];
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property)) return { pathUnknown: "its pathRewrite has a rule that is not written out" };
    const from = ts.isComputedPropertyName(property.name) ? ctx.value(property.name.expression) : { parts: [{ kind: "text" as const, text: propertyKey(property.name) ?? "" }] };
    const to = ctx.value(property.initializer);
    const fromText = from.parts.every((p) => p.kind === "text") ? from.parts.map((p) => (p.kind === "text" ? p.text : "")).join("") : undefined;
    const toText = to.parts.every((p) => p.kind === "text") ? to.parts.map((p) => (p.kind === "text" ? p.text : "")).join("") : undefined;
    if (fromText === undefined || toText === undefined) return { pathUnknown: `its pathRewrite rule ${ctx.text(property).slice(0, 40)} is not written out` };
    rewrite.push({ from: fromText, to: toText });
  }
  return rewrite.length ? { rewrite } : {};
}

/**
 * A pathRewrite function that only edits the path it is given, as rules: `(path) => path` (none),
 * `(path) => path.replace("/api/orders", "/v1/orders")` or `.replace(/^\/api/, "")` (one per replace, in order),
 * `` (path) => `/v1${path}` `` and `(path) => "/v1" + path` (text put in front). Undefined for any other body (one that
 * reads the request, branches, or calls something else): the forwarded path is then not known.
 */
function rewriteFunctionRules(fn: ts.ArrowFunction | ts.FunctionExpression, ctx: ExtractContext): { from: string; to: string }[] | undefined {
  const returned = returnOfParameter(fn);
  if (!returned) return undefined;
  const { param, body } = returned;
  const isPath = (node: ts.Node) => ts.isIdentifier(node) && node.text === param.text;
  const textOf = (node: ts.Expression): string | undefined => {
    const value = ctx.value(node);
    return value.parts.length > 0 && value.parts.every((part) => part.kind === "text") ? value.parts.map((part) => (part.kind === "text" ? part.text : "")).join("") : undefined;
  };
  const rules: { from: string; to: string }[] = [];
  let current = withoutAssertions(body as ts.Expression);
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  // `/v1${path}` and "/v1" + path: text in front of the whole path.
  if (ts.isTemplateExpression(current) && current.templateSpans.length === 1 && isPath(current.templateSpans[0]!.expression) && current.templateSpans[0]!.literal.text === "") {
    return [{ from: "^", to: current.head.text }];
  }
  // `${mount}${path}` (the mount path express cut off, put back): the holes before the path as text, when they resolve.
  const spans = ts.isTemplateExpression(current) ? current.templateSpans : undefined;
  const last = spans?.[spans.length - 1];
  if (spans && last && isPath(last.expression) && last.literal.text === "" && spans.length > 1) {
    let front = (current as ts.TemplateExpression).head.text;
    for (const span of spans.slice(0, -1)) {
      const text = textOf(span.expression);
      if (text === undefined) return undefined;
      front += text + span.literal.text;
    }
    return [{ from: "^", to: front }];
  }
  if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.PlusToken && isPath(current.right)) {
    const front = textOf(current.left);
    return front === undefined ? undefined : [{ from: "^", to: front }];
  }
  // path.replace(a, b).replace(c, d): each replace a rule, the innermost first.
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && current.expression.name.text === "replace" && current.arguments.length === 2) {
    const [pattern, replacement] = current.arguments as unknown as [ts.Expression, ts.Expression];
    const to = textOf(replacement);
    const from = ts.isRegularExpressionLiteral(pattern) ? regexSource(pattern.text) : (() => {
      const text = textOf(pattern);
      return text === undefined ? undefined : text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })();
    if (to === undefined || from === undefined) return undefined;
    rules.unshift({ from, to });
    current = withoutAssertions(current.expression.expression);
  }
  return isPath(current) ? rules : undefined;
}

/** `/^\/api/` → `^\/api`; a literal with flags other than `i` is not read (`g` changes nothing for a first match). */
function regexSource(literal: string): string | undefined {
  const match = /^\/(.*)\/([a-z]*)$/s.exec(literal);
  if (!match || /[^gi]/.test(match[2]!)) return undefined;
  return match[2]!.includes("i") ? undefined : match[1]!;
}

/** A host without a scheme (`"orders:3000"`, express-http-proxy's usual form) is reached over http. */
export function withScheme(value: Value): Value {
  const first = value.parts[0];
  if (first?.kind === "text" && !/^[a-z][a-z0-9+.-]*:\/\//i.test(first.text) && /^[\w.-]+(:\d+)?(\/|$)/.test(first.text)) {
    return { parts: [{ kind: "text", text: `http://${first.text}` }, ...value.parts.slice(1)] };
  }
  return value;
}

/**
 * The extractor of a library whose factory makes a proxy middleware (`made` reads a factory call, or says it is none):
 * each factory call is a proxy, mounted where an app or router `use`s it (or a verb routes to it), else left unmounted
 * in the function that makes it.
 */
export function middlewareProxies(family: string, modules: readonly string[], made: (node: ts.CallExpression, ctx: ExtractContext) => MadeProxy | undefined): Extractor {
  interface FileState {
    made: Map<ts.CallExpression, MadeProxy & { inFunction?: string; heldBy?: string }>;
    mounted: Set<ts.CallExpression>;
    /** Factory calls mounted once per element of a list a loop goes over (their calls are pushed per element). */
    perRow: Set<ts.CallExpression>;
  }
  const states = new WeakMap<ExtractContext, FileState>();
  const stateOf = (ctx: ExtractContext): FileState => {
    let state = states.get(ctx);
    if (!state) states.set(ctx, (state = { made: new Map(), mounted: new Set(), perRow: new Set() }));
    return state;
  };
  return {
    family,
    // Every call: only files that import the library pay for it.
    modules,
    call(node, ctx) {
      const state = stateOf(ctx);
      const found = made(node, ctx);
      if (found) {
        if (state.perRow.has(node)) return;
        const inFunction = ctx.currentFunction();
        // `export const ordersProxy = createProxyMiddleware(…)` at the top of a module: another module's route may use it by name.
        const parent = ctx.stack[ctx.stack.length - 2];
        const heldBy = !inFunction && parent ? heldByExport(parent, node) : undefined;
        if (!state.made.has(node)) state.made.set(node, { ...found, ...(inFunction ? { inFunction } : {}), ...(heldBy ? { heldBy } : {}) });
        return;
      }
      // `routes.forEach((route) => app.use(route.path, createProxyMiddleware({ target: route.target })))` over a list of
      // objects written in the code: one proxy per element, read with the loop's variable bound to that element.
      const rows = mountRows(node, ctx);
      if (rows) {
        for (const row of rows) {
          const locals = new Map<string, ts.Expression>();
          for (const [name, bound] of row) if ("object" in bound) locals.set(name, bound.object);
          else if ("expr" in bound) locals.set(name, bound.expr);
          const bound = { at: [...row.values()][0]?.at };
          if (!bound.at || locals.size === 0) continue;
          ctx.frames.push({ params: new Map(), locals, objects: new Map() });
          try {
            const factories: { call: ts.CallExpression; proxy: MadeProxy }[] = [];
            const mountedRow = mountProxies(node, ctx, (expr) => {
              const call = callOf(expr, ctx);
              const proxy = call && made(call, ctx);
              if (!call || !proxy) return undefined;
              // Placed at the element, so that each element's proxy is a handler and a call of its own.
              const placed = { ...proxy, node: bound.at as ts.CallExpression };
              factories.push({ call, proxy: placed });
              return placed;
            }, bound.at);
            if (mountedRow.length === 0) continue;
            // What mounting made of each (the mount path cut off on the way) is what its call forwards.
            for (const { call, proxy } of factories) {
              state.perRow.add(call);
              pushProxyCall(ctx, bound.at, proxy.upstream, proxy.proxy, proxyHandlerId(bound.at, ctx), proxy.timeout);
            }
          } finally {
            ctx.frames.pop();
          }
        }
        if (state.perRow.size > 0) return;
      }
      // `Gateways.forEach(({ route, target }) => app.use(route, proxy(target)))` over a list another module holds: one
      // proxy whose mount path and upstream name the list's element, copied per element in the model (model/imported-rows.ts).
      const rowNames = loopNames(node);
      const importedRow = rowNames !== undefined ? importedLoopRow(rowNames, ctx) : undefined;
      if (importedRow) {
        const factories: { call: ts.CallExpression; proxy: MadeProxy }[] = [];
        const mountedRow = ctx.withArguments(importedRow, () =>
          mountProxies(node, ctx, (expr) => {
            const call = callOf(expr, ctx);
            const proxy = call && made(call, ctx);
            if (!call || !proxy) return undefined;
            factories.push({ call, proxy });
            return proxy;
          }),
        );
        if (mountedRow.length > 0) {
          // The mount path as written, said when the list turns out not to be readable (the model drops it otherwise).
          const written = mountName(node) !== undefined ? ctx.text(node.arguments[0]!).slice(0, 40) : undefined;
          for (const { call, proxy } of factories) {
            state.perRow.add(call);
            pushProxyCall(ctx, call, proxy.upstream, { ...proxy.proxy, ...(written ? { mountUnknown: written } : {}) }, proxyHandlerId(call, ctx), proxy.timeout);
          }
          return;
        }
      }
      const mounted = mountProxies(node, ctx, (expr) => {
        const call = callOf(expr, ctx);
        if (!call) return undefined;
        if (state.made.has(call)) return state.made.get(call);
        const proxy = made(call, ctx);
        if (proxy) state.made.set(call, proxy);
        return proxy;
      });
      for (const call of mounted) state.mounted.add(call);
    },
    fileEnd(ctx) {
      const state = states.get(ctx);
      if (!state) return;
      for (const [node, proxy] of state.made) {
        if (state.perRow.has(node)) continue;
        // Not mounted in its own file but held by a module constant: a route of any module that names the constant
        // (`router.all("/:id", ordersProxy)`, imported) is handled by it, so the call is that constant's.
        const held = proxy.heldBy !== undefined ? `const:${proxy.heldBy}` : undefined;
        // `module.exports = createProxyMiddleware(…)`: what the module exports is the proxy, whatever imports it.
        if (proxy.heldBy === "default" && !state.mounted.has(node)) ctx.facts.exports.default ??= "const:default";
        pushProxyCall(ctx, node, proxy.upstream, proxy.proxy, state.mounted.has(node) ? proxyHandlerId(node, ctx) : (proxy.inFunction ?? held), proxy.timeout);
      }
    },
  };
}

/**
 * The elements a mount's path comes from, when it is a field of a loop's variable over a list of objects written in the
 * code (`app.use(route.path, …)` in `routes.forEach((route) => …)` or `for (const route of routes)`); undefined otherwise.
 */
function mountRows(node: ts.CallExpression, ctx: ExtractContext): LoopRow[] | undefined {
  const names = loopNames(node);
  if (names === undefined) return undefined;
  // Loops over Object.entries of a table are read by the mount path's own expansion (routePaths).
  const found = loopRows(names, ctx);
  return found?.over === "list" && found.rows.every((row) => [...names].some((name) => row.has(name))) ? found.rows : undefined;
}

/**
 * The names a mount may read a loop's element through: the variable its path is read from, or, for a mount with no
 * path (`app.use(...guards, createProxyMiddleware({ target, pathFilter: route }))`, the proxy choosing its paths), the
 * names its arguments read. Undefined for a call that is no mount.
 */
function loopNames(node: ts.CallExpression): ReadonlySet<string> | undefined {
  const name = mountName(node);
  if (name !== undefined) return new Set([name]);
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "use" || node.arguments.length === 0) return undefined;
  const names = new Set<string>();
  const visit = (child: ts.Node): void => {
    if (ts.isIdentifier(child)) names.add(child.text);
    else if (ts.isPropertyAccessExpression(child)) visit(child.expression);
    else if (ts.isPropertyAssignment(child)) visit(child.initializer);
    else if (!isFunctionLike(child)) ts.forEachChild(child, visit);
  };
  for (const arg of node.arguments) visit(arg);
  return names.size > 0 ? names : undefined;
}

/** The variable a mount's path is read from (`route` of `app.use(route.path, …)` or `` app.use(`${route}`, …) ``). */
function mountName(node: ts.CallExpression): string | undefined {
  const callee = node.expression;
  const first = node.arguments[0];
  if (!first || node.arguments.length < 2 || !ts.isPropertyAccessExpression(callee) || (callee.name.text !== "use" && !HTTP_VERBS.has(callee.name.text))) return undefined;
  let path: ts.Expression = withoutAssertions(first);
  if (ts.isTemplateExpression(path) && path.templateSpans.length === 1) path = withoutAssertions(path.templateSpans[0]!.expression);
  return ts.isIdentifier(path) ? path.text : ts.isPropertyAccessExpression(path) && ts.isIdentifier(path.expression) ? path.expression.text : undefined;
}

/**
 * The module-level name a proxy is kept under for other modules: `export const ordersProxy = createProxyMiddleware(…)`
 * gives `ordersProxy`, `module.exports = …` and `export default …` give `default`.
 */
function heldByExport(parent: ts.Node, node: ts.CallExpression): string | undefined {
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isExportAssignment(parent) && parent.expression === node) return "default";
  const exportsObject = ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken ? parent.left : undefined;
  return exportsObject && ts.isPropertyAccessExpression(exportsObject) && ts.isIdentifier(exportsObject.expression) && exportsObject.expression.text === "module" && exportsObject.name.text === "exports" ? "default" : undefined;
}

/** A Fastify plugin from one of `modules`: as imported, loaded in place (`require("m")`, `import("m")`), or its `.default`. */
export function isPluginFrom(plugin: ts.Expression, modules: readonly string[], ctx: ExtractContext): boolean {
  let target = plugin;
  while (ts.isAwaitExpression(target) || ts.isParenthesizedExpression(target)) target = target.expression;
  if (ts.isIdentifier(target)) return ctx.isImportFrom(target, modules);
  if (ts.isPropertyAccessExpression(target) && target.name.text === "default") return isPluginFrom(target.expression, modules, ctx);
  if (ts.isCallExpression(target) && target.arguments.length === 1) {
    const specifier = target.arguments[0]!;
    const loads = target.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(target.expression) && target.expression.text === "require");
    return loads && ts.isStringLiteral(specifier) && modules.includes(specifier.text);
  }
  return false;
}

/**
 * A one-line function of its first parameter, as a proxy's path options write them (`(path) => …`, `function (req) {
 * return …; }`): that parameter and the one expression it returns. Undefined for a destructured parameter or a body of
 * more than a return.
 */
export function returnOfParameter(fn: ts.ArrowFunction | ts.FunctionExpression): { param: ts.Identifier; body: ts.Node } | undefined {
  const param = fn.parameters[0]?.name;
  if (!param || !ts.isIdentifier(param)) return undefined;
  let body: ts.Node = fn.body;
  if (ts.isBlock(body)) {
    const [only] = body.statements;
    if (body.statements.length !== 1 || !only || !ts.isReturnStatement(only) || !only.expression) return undefined;
    body = only.expression;
  }
  return { param, body };
}
