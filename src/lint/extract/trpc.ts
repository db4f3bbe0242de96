import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { ExtractContext, isFunctionLike, joinUrl, propertyNamed, textValue, unknownValue, type ObjectInfo } from "./context.js";
import { push } from "./http-clients.js";
import { isRelative, mountChild, ownerMadeAt, pushMount, pushRoute, resolveOwner, routePath, type Owner } from "./routes.js";

/**
 * tRPC (`@trpc/client`, `@trpc/server` and its adapters).
 *
 * Clients: `createTRPCClient` / `createTRPCProxyClient` / `createTRPCUntypedClient({ links: [httpBatchLink({ url })] })`
 * is a client whose base is the link's `url` (`httpLink`, `httpBatchLink`, `httpBatchStreamLink` too, also inside a
 * `splitLink`). A procedure called on it (`client.orders.byId.query(input)`, `.mutate(input)`) is a synchronous HTTP
 * call to `<url>/<procedure path>`: a query is a GET, a mutation a POST, as tRPC sends them. The client is usually
 * made in one module and called in another that does not import tRPC at all, so the call hook is not gated on the
 * library: a chain ending in `query`/`mutate` whose root is a name imported from a relative module is kept with that
 * instance, and the model keeps it only when that module exports a tRPC client (model/calls.ts).
 *
 * Servers: the adapters serve every procedure of a router under one path, as one RPC endpoint (a route marked
 * `rpc: "trpc"`, which unversioned-route does not judge: a procedure path is no REST resource, and a tRPC API evolves
 * by adding procedures, its callers type-checked against the router):
 * - express `createExpressMiddleware({ router })`, mounted with `app.use("/trpc", …)` (inline or bound to a name and
 *   imported), and `@hono/trpc-server`'s `trpcServer({ router })` the same way;
 * - `createHTTPServer({ router })` (standalone), at the root;
 * - fastify `register(fastifyTRPCPlugin, { prefix: "/trpc" })`.
 */

const CLIENT_MODULES = ["@trpc/client"];
const CLIENT_FACTORIES = ["createTRPCClient", "createTRPCProxyClient", "createTRPCUntypedClient"];
const HTTP_LINKS = new Set(["httpLink", "httpBatchLink", "httpBatchStreamLink", "unstable_httpBatchStreamLink"]);
const EXPRESS_ADAPTER = ["@trpc/server/adapters/express"];
const STANDALONE_ADAPTER = ["@trpc/server/adapters/standalone"];
const FASTIFY_ADAPTER = ["@trpc/server/adapters/fastify"];
const HONO_ADAPTER = ["@hono/trpc-server"];
const SERVER_MODULES = [...EXPRESS_ADAPTER, ...STANDALONE_ADAPTER, ...FASTIFY_ADAPTER, ...HONO_ADAPTER];
/** What tRPC sends for each kind of procedure call. */
const PROCEDURE_METHODS: Record<string, string> = { query: "GET", mutate: "POST" };

/** The tRPC client a call makes, or undefined: its base is the first HTTP link's `url`. */
function trpcClient(expr: ts.Expression, ctx: ExtractContext): ObjectInfo | undefined {
  if (!ts.isCallExpression(expr) || !CLIENT_FACTORIES.some((name) => ctx.isMemberOf(expr.expression, CLIENT_MODULES, name))) return undefined;
  const url = linkUrl(expr.arguments[0], ctx);
  return { kind: "client", client: "trpc", base: url ? ctx.value(url) : unknownValue("tRPC link url") };
}

/** The `url` of the first HTTP link written in the client's options (`links: [loggerLink(), httpBatchLink({ url })]`). */
function linkUrl(options: ts.Node | undefined, ctx: ExtractContext): ts.Expression | undefined {
  if (!options) return undefined;
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && HTTP_LINKS.has(node.expression.text) && ctx.isImportFrom(node.expression, CLIENT_MODULES)) {
      const config = node.arguments[0];
      if (config && ts.isObjectLiteralExpression(config)) found = propertyNamed(config, "url");
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(options);
  return found;
}

/** `client.a.b.query(...)`: the root name and the procedure path (`a.b`), when the callee is such a chain. */
function procedureChain(callee: ts.PropertyAccessExpression): { root: ts.Identifier | ts.PropertyAccessExpression; path: string } | undefined {
  const names: string[] = [];
  let current: ts.Expression = callee.expression;
  while (ts.isPropertyAccessExpression(current)) {
    // `this.client.orders.list.query()`: the root is the member of `this`.
    if (current.expression.kind === ts.SyntaxKind.ThisKeyword) break;
    names.unshift(current.name.text);
    current = current.expression;
  }
  if (!names.length) return undefined;
  if (ts.isIdentifier(current)) return { root: current, path: names.join(".") };
  if (ts.isPropertyAccessExpression(current)) return { root: current, path: names.join(".") };
  return undefined;
}

export const trpcClients: Extractor = {
  family: "trpc-clients",
  modules: CLIENT_MODULES,
  factory: trpcClient,
};

export const trpcCalls: Extractor = {
  family: "trpc-calls",
  callProperties: Object.keys(PROCEDURE_METHODS),
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = PROCEDURE_METHODS[callee.name.text];
    const chain = method ? procedureChain(callee) : undefined;
    if (!method || !chain) return;
    const path = textValue(`/${chain.path.replace(/\./g, "/")}`);
    const rootName = ts.isIdentifier(chain.root) ? chain.root.text : `this.${chain.root.name.text}`;
    const bound = ctx.lookupObject(rootName);
    if (bound) {
      if (bound.info?.kind === "client" && bound.info.client === "trpc") push(ctx, node, "trpc", method, joinUrl(bound.info.base ?? unknownValue("tRPC link url"), path));
      return;
    }
    if (!ts.isIdentifier(chain.root) || ctx.isShadowed(rootName)) return;
    const imported = ctx.imports.get(rootName);
    // Kept with the instance; the model drops it unless that module exports a tRPC client.
    if (imported && isRelative(imported.specifier)) push(ctx, node, "trpc", method, path, { instance: { specifier: imported.specifier, name: imported.imported } });
  },
};

export const trpcServers: Extractor = {
  family: "trpc-servers",
  modules: SERVER_MODULES,
  callProperties: ["register", "createExpressMiddleware", "createHTTPServer", "trpcServer"],
  callIdentifiers: true,
  factory(expr, ctx) {
    // A middleware or server bound to a name is an app of its own, so `app.use("/trpc", trpcMiddleware)` mounts it.
    if (ts.isCallExpression(expr) && adapterKind(expr.expression, ctx)) return { kind: "app", framework: "trpc" };
    return undefined;
  },
  call(node, ctx) {
    const callee = node.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "register") {
      // fastify: app.register(fastifyTRPCPlugin, { prefix: "/trpc", trpcOptions: { router } }).
      const [plugin, options] = node.arguments;
      if (!plugin || !ctx.isImportFrom(plugin, FASTIFY_ADAPTER, ["fastifyTRPCPlugin"])) return;
      const owner = resolveOwner(callee.expression, ctx);
      const config = options && ts.isObjectLiteralExpression(options) ? options : undefined;
      const prefix = config ? routePath(propertyNamed(config, "prefix"), ctx) : "";
      const trpcOptions = config && propertyNamed(config, "trpcOptions");
      if (owner && prefix !== undefined) serveRouter(ctx, node, owner, prefix, trpcOptions && ts.isObjectLiteralExpression(trpcOptions) ? trpcOptions : undefined);
      return;
    }
    const kind = adapterKind(callee, ctx);
    if (!kind) return;
    const options = node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0]) ? node.arguments[0] : undefined;
    const mount = mountedBy(node, ctx);
    // app.use("/trpc", createExpressMiddleware({ router })): served under the mount path by the app that mounts it.
    if (mount) serveRouter(ctx, node, mount.owner, mount.path, options);
    // Bound to a name (mounted elsewhere, or a standalone server that listens): the adapter's own app, at its root.
    else serveRouter(ctx, node, ownerMadeAt(node, ctx, "trpc", "trpc"), "", options);
  },
};

/**
 * The procedures of tRPC routers as routes of the router object: `t.router({ register: t.procedure.input(s).mutation(fn) })`
 * is a POST `/register` handled by `fn` (a query a GET), a nested router (`groups: groupsRouter`, or written in place) a
 * router mounted at `/groups`. Routers are made with the project's own `t` (`initTRPC.create()` in another module), so
 * this is read in every file, by shape: a `router`/`createTRPCRouter` call whose every entry is a procedure or a router.
 * The model writes a nested procedure's path with slashes (`/trpc/groups/add` for tRPC's `/trpc/groups.add`), as routers
 * mount; the calls of a client are written the same way (trpcCalls).
 */
export const trpcRouters: Extractor = {
  family: "trpc-routers",
  callProperties: ["router"],
  callIdentifiers: true,
  factory(expr) {
    return ts.isCallExpression(expr) && routerEntries(expr) ? { kind: "app", framework: "trpc" } : undefined;
  },
  call(node, ctx) {
    const entries = routerEntries(node);
    if (!entries) return;
    const owner = ownerMadeAt(node, ctx, "trpc", "trpc");
    for (const { name, prop, value, procedure } of entries) {
      const path = `/${name}`;
      if (procedure) {
        const routes = ctx.facts.routes;
        const count = routes.length;
        pushRoute(ctx, prop, owner, "trpc", procedure.method, path, procedure.handler);
        for (let i = count; i < routes.length; i++) routes[i]!.rpc = "trpc";
        continue;
      }
      // A router written in place is an app of its own, recorded where it is made (as the walker reaches it).
      const child = ts.isCallExpression(value) ? { kind: "local" as const, id: madeAtId(value, ctx) } : mountChild(value, ctx);
      if (child) pushMount(ctx, prop, owner, path, child);
    }
  },
};

const ROUTER_FACTORIES = new Set(["router", "createTRPCRouter", "createRouter"]);
const PROCEDURE_KINDS: Record<string, string> = { query: "GET", mutation: "POST", subscription: "GET" };

interface RouterEntry {
  name: string;
  prop: ts.Node;
  value: ts.Expression;
  procedure?: { method: string; handler: ts.Expression | undefined };
}

/** The entries of a router call, when it is one: every value a procedure, a router written in place, or a name. */
function routerEntries(call: ts.CallExpression): RouterEntry[] | undefined {
  const callee = call.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (!name || !ROUTER_FACTORIES.has(name) || (name !== "router" && !ts.isIdentifier(callee))) return undefined;
  const arg = call.arguments[0];
  if (call.arguments.length !== 1 || !arg || !ts.isObjectLiteralExpression(arg) || !arg.properties.length) return undefined;
  const entries: RouterEntry[] = [];
  let procedures = 0;
  for (const prop of arg.properties) {
    if (ts.isShorthandPropertyAssignment(prop)) {
      entries.push({ name: prop.name.text, prop, value: prop.name });
      continue;
    }
    if (!ts.isPropertyAssignment(prop) || !(ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) return undefined;
    const value = prop.initializer;
    const procedure = procedureOf(value);
    if (procedure) procedures++;
    else if (!ts.isIdentifier(value) && !(ts.isCallExpression(value) && routerEntries(value))) return undefined;
    entries.push({ name: prop.name.text, prop, value, ...(procedure ? { procedure } : {}) });
  }
  // `router({ a: b })` of names alone is a tRPC router only through tRPC's own name for it.
  return procedures || name !== "createRouter" ? entries : undefined;
}

/** `t.procedure.input(schema).mutation(fn)`, `publicProcedure.query(fn)`: the method tRPC serves it with, and its handler. */
function procedureOf(expr: ts.Expression): RouterEntry["procedure"] | undefined {
  if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression)) return undefined;
  const method = PROCEDURE_KINDS[expr.expression.name.text];
  if (!method) return undefined;
  let current: ts.Expression = expr.expression.expression;
  for (let i = 0; i < 20; i++) {
    if (ts.isCallExpression(current)) current = current.expression;
    else if (ts.isPropertyAccessExpression(current)) {
      if (/procedure$/i.test(current.name.text)) return { method, handler: expr.arguments[0] };
      current = current.expression;
    } else break;
  }
  if (ts.isIdentifier(current) && /procedure$/i.test(current.text)) return { method, handler: expr.arguments[0] };
  // A procedure builder of another name (`authed.mutation(async ({ input }) => …)`): a resolver function handed over.
  const handler = expr.arguments[0];
  return expr.arguments.length === 1 && handler && isFunctionLike(handler) ? { method, handler } : undefined;
}

/** The id appMadeAt gives an object made at this node (`trpc@L<line>C<column>`), for a router nested in place. */
function madeAtId(node: ts.Node, ctx: ExtractContext): string {
  const { line, column } = ctx.loc(node);
  return `trpc@L${line}C${column}`;
}

/**
 * What an adapter serves at `prefix` on `owner`: the router its options name, mounted there; when no router can be
 * read, one RPC endpoint route `ALL <prefix>/*`, so that the service still serves what its callers reach.
 */
function serveRouter(ctx: ExtractContext, node: ts.Node, owner: Owner, prefix: string, options: ts.ObjectLiteralExpression | undefined): void {
  const router = options && propertyNamed(options, "router");
  const child = router && (ts.isCallExpression(router) && routerEntries(router) ? { kind: "local" as const, id: madeAtId(router, ctx) } : mountChild(router, ctx));
  if (child) pushMount(ctx, node, owner, prefix.replace(/\/$/, ""), child);
  else pushEndpoint(ctx, node, owner, prefix);
}

function adapterKind(callee: ts.Expression, ctx: ExtractContext): "middleware" | "standalone" | undefined {
  if (ctx.isMemberOf(callee, EXPRESS_ADAPTER, "createExpressMiddleware") || ctx.isMemberOf(callee, HONO_ADAPTER, "trpcServer")) return "middleware";
  if (ctx.isMemberOf(callee, STANDALONE_ADAPTER, "createHTTPServer")) return "standalone";
  return undefined;
}

/** `app.use("/trpc", <node>)` (also `app.use("/trpc/*", …)`): the app that mounts the adapter, and where. */
function mountedBy(node: ts.CallExpression, ctx: ExtractContext): { owner: Owner; path: string } | undefined {
  const index = ctx.stack.lastIndexOf(node);
  const parent = ctx.stack[index - 1];
  if (!parent || !ts.isCallExpression(parent) || !ts.isPropertyAccessExpression(parent.expression) || parent.expression.name.text !== "use") return undefined;
  const [first] = parent.arguments;
  if (!first || first === node) return undefined;
  const path = routePath(first, ctx);
  const owner = resolveOwner(parent.expression.expression, ctx);
  return path !== undefined && owner ? { owner, path: path.replace(/\/\*$/, "") } : undefined;
}

function pushEndpoint(ctx: ExtractContext, node: ts.Node, owner: Owner, prefix: string): void {
  const routes = ctx.facts.routes;
  const count = routes.length;
  pushRoute(ctx, node, owner, "trpc", "ALL", `${prefix.replace(/\/$/, "")}/*`, undefined);
  for (let i = count; i < routes.length; i++) routes[i]!.rpc = "trpc";
}
