import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { ExtractContext, isFunctionLike, joinUrl, propertyNamed, textValue, unknownValue, type ObjectInfo } from "./context.js";
import { push } from "./http-clients.js";
import { appMadeAt, pushRoute, resolveOwner, type Owner } from "./routes.js";

/**
 * Connect-RPC (`@connectrpc/connect` and its transports, also the older `@bufbuild/connect*` names).
 *
 * Clients: a transport made with `createConnectTransport` / `createGrpcTransport` / `createGrpcWebTransport({ baseUrl })`
 * and a client of a service made on it, `createClient(ElizaService, transport)` (also `createPromiseClient`,
 * `createCallbackClient`). A method called on the client (`eliza.say(request)`) is a unary call: a POST to
 * `<baseUrl>/<Service>/<method>`. The model writes the procedure with the service's name as the code imports it and the
 * method as it is called (`/ElizaService/say`; Connect's own path holds the proto package, `/pkg.ElizaService/Say`,
 * which only the generated code knows), and the servers' routes the same way, so that a call finds its route. A client
 * another module exports is followed in the model (model/rpc-callees.ts).
 *
 * Servers: `router.service(ElizaService, impl)` in a function handed to `connectNodeAdapter({ routes })`,
 * `expressConnectMiddleware({ routes })` or `fastifyConnectPlugin` (or written there): each method of an `impl` written
 * as an object is a route `POST /<Service>/<method>` handled by it, else one route `POST /<Service>/*`. Every such
 * route is marked `rpc: "connect"`: a procedure, not a REST resource, not judged by unversioned-route.
 */

const CORE = ["@connectrpc/connect", "@bufbuild/connect"];
const TRANSPORTS = ["@connectrpc/connect-node", "@connectrpc/connect-web", "@bufbuild/connect-node", "@bufbuild/connect-web"];
const TRANSPORT_FACTORIES = ["createConnectTransport", "createGrpcTransport", "createGrpcWebTransport"];
const CLIENT_FACTORIES = ["createClient", "createPromiseClient", "createCallbackClient"];

function transportOf(expr: ts.Expression, ctx: ExtractContext): ObjectInfo | undefined {
  if (!ts.isCallExpression(expr) || !TRANSPORT_FACTORIES.some((name) => ctx.isMemberOf(expr.expression, TRANSPORTS, name))) return undefined;
  const options = expr.arguments[0];
  const base = options && ts.isObjectLiteralExpression(options) ? propertyNamed(options, "baseUrl") : undefined;
  return { kind: "client", client: "connect", base: base ? ctx.value(base) : unknownValue("Connect transport baseUrl") };
}

/** The base URL of the transport a client is made on: written in place, or a transport bound to a name in scope. */
function transportBase(expr: ts.Expression | undefined, ctx: ExtractContext): ReturnType<ExtractContext["value"]> {
  if (!expr) return unknownValue("Connect transport");
  const made = transportOf(expr, ctx);
  if (made?.kind === "client" && made.base) return made.base;
  if (ts.isIdentifier(expr)) {
    const bound = ctx.lookupObject(expr.text);
    if (bound?.info?.kind === "client" && bound.info.client === "connect" && bound.info.base) return bound.info.base;
  }
  return unknownValue("Connect transport");
}

function serviceName(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return undefined;
}

export const connectRpc: Extractor = {
  family: "connect-rpc",
  modules: [...CORE, ...TRANSPORTS],
  factory(expr, ctx) {
    const transport = transportOf(expr, ctx);
    if (transport) return transport;
    if (!ts.isCallExpression(expr) || !CLIENT_FACTORIES.some((name) => ctx.isMemberOf(expr.expression, CORE, name))) return undefined;
    const [service, transportArg] = expr.arguments;
    const name = serviceName(service);
    const base = transportBase(transportArg, ctx);
    return { kind: "client", client: "connect", base: name ? joinUrl(base, textValue(`/${name}`)) : base };
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    if (callee.name.text === "service" && node.arguments.length >= 2) {
      serviceRoutes(node, ctx);
      return;
    }
    // eliza.say(request), this.eliza.say(request): a unary method of a client bound in scope.
    const receiver = callee.expression;
    const member = ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword ? receiver.name.text : undefined;
    if (!ts.isIdentifier(receiver) && !member) return;
    const bound = ctx.lookupObject(member ? `this.${member}` : (receiver as ts.Identifier).text);
    if (bound?.info?.kind !== "client" || bound.info.client !== "connect") return;
    push(ctx, node, "connect", "POST", joinUrl(bound.info.base ?? unknownValue("Connect client"), textValue(`/${callee.name.text}`)));
  },
};

/** `router.service(ElizaService, impl)`: the service's methods as routes, on the router the routes function is handed. */
function serviceRoutes(node: ts.CallExpression, ctx: ExtractContext): void {
  const callee = node.expression as ts.PropertyAccessExpression;
  const [service, impl] = node.arguments;
  const name = serviceName(service);
  if (!name || !isConnectRouter(callee.expression, ctx)) return;
  const owner = routerOwner(callee.expression, ctx);
  const routes = ctx.facts.routes;
  const count = routes.length;
  const methods = impl && ts.isObjectLiteralExpression(impl) ? impl.properties : undefined;
  if (methods?.length) {
    for (const method of methods) {
      const key = method.name && (ts.isIdentifier(method.name) || ts.isStringLiteral(method.name)) ? method.name.text : undefined;
      if (!key) continue;
      const handler = ts.isMethodDeclaration(method) ? method : ts.isPropertyAssignment(method) ? method.initializer : ts.isShorthandPropertyAssignment(method) ? method.name : undefined;
      pushRoute(ctx, method, owner, "connect", "POST", `/${name}/${key}`, handler as ts.Expression | undefined);
    }
  } else pushRoute(ctx, node, owner, "connect", "POST", `/${name}/*`, undefined);
  for (let i = count; i < routes.length; i++) routes[i]!.rpc = "connect";
}

/**
 * The `router` of `(router: ConnectRouter) => …`: typed with Connect's router, or a parameter of a function handed as
 * `routes` to one of its adapters, or an app the file already knows.
 */
function isConnectRouter(expr: ts.Expression, ctx: ExtractContext): boolean {
  if (!ts.isIdentifier(expr)) return false;
  for (let i = ctx.frames.length - 1; i > 0; i--) {
    const frame = ctx.frames[i]!;
    if (frame.params.get(expr.text) !== 0) continue;
    if (/\bConnectRouter\b/.test(ctx.firstParamType(frame) ?? "")) return true;
    break;
  }
  // A routes function written in place: `connectNodeAdapter({ routes: (router) => router.service(...) })`.
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (isFunctionLike(node)) {
      const parent = ctx.stack[i - 1];
      if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name) && parent.name.text === "routes") return true;
      if (parent && ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) return false;
    }
  }
  return false;
}

/** The app the routes hang on: the routes function itself, made an app of its own where it is written. */
function routerOwner(expr: ts.Expression, ctx: ExtractContext): Owner {
  const known = resolveOwner(expr, ctx);
  if (known) return known;
  for (let i = ctx.stack.length - 1; i >= 0; i--) if (isFunctionLike(ctx.stack[i]!)) return appMadeAt(ctx.stack[i]!, ctx, "connect", "connect");
  return appMadeAt(expr, ctx, "connect", "connect");
}
