import { ts } from "../ts.js";
import type { Value } from "../types.js";
import type { Extractor } from "./extractor.js";
import { functionIdOf } from "./function-ids.js";
import { isFunctionLike, propertyKey, withoutAssertions, type ExtractContext, type ObjectInfo } from "./context.js";
import { pushTopic } from "./messaging/topic.js";
import { handlerFields } from "./routes.js";
import { clientDeadline, deadlineArgument } from "./call-deadlines.js";
import { isRequire } from "./syntax.js";

/**
 * gRPC over `@grpc/grpc-js` (or the older `grpc`), with the service classes `grpc.loadPackageDefinition` makes
 * from a .proto: `server.addService(shop.CurrencyService.service, { convert })` handles CurrencyService/Convert;
 * `const client = new shop.CurrencyService(addr, grpc.credentials.createInsecure()); client.convert(req, cb)`
 * requests it. Code generated from the .proto (grpc-tools' `_grpc_pb`, ts-proto) names them after the service:
 * `server.addService(CheckoutServiceService, impl)` and `new CheckoutServiceClient(addr, credentials.createInsecure())`.
 * Both are request-reply topics of system grpc, as the NestJS ones are, so the model and
 * sync-call-chain treat a unary call as a synchronous call to the service that implements the method.
 * Whether a method streams is written in the .proto, which the model reads (discover/proto.ts); the address
 * the client is made with is kept so the model can tell which service it reaches.
 */

export const GRPC_MODULES = ["@grpc/grpc-js", "grpc"];
const MODULES = GRPC_MODULES;
/** Methods of a grpc-js client that are no RPC. */
export const CLIENT_METHODS = new Set(["close", "getChannel", "waitForReady", "makeUnaryRequest", "makeClientStreamRequest", "makeServerStreamRequest", "makeBidiStreamRequest"]);

export function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * The service a definition stands for: `shop.CurrencyService.service` (proto-loader: the last property before
 * `.service`); `CurrencyServiceService` or `services.CurrencyServiceService` imported from generated code
 * (grpc-tools' `_grpc_pb`, ts-proto), which names a definition after its service plus `Service`; a local
 * constant holding either.
 */
function serviceName(expr: ts.Expression, ctx: ExtractContext, depth = 0): string | undefined {
  let current = withoutAssertions(expr);
  if (ts.isPropertyAccessExpression(current) && current.name.text === "service") {
    // `(userProto.UserService as any).service`: a loaded package's loose type, cast where it is used.
    current = withoutAssertions(current.expression);
    if (ts.isPropertyAccessExpression(current)) return current.name.text;
    if (ts.isElementAccessExpression(current) && ts.isStringLiteralLike(current.argumentExpression)) return current.argumentExpression.text;
    return undefined;
  }
  if (ts.isIdentifier(current)) {
    const local = ctx.lookupLocal(current.text);
    if (local) return depth < 3 ? serviceName(local.expr, ctx, depth + 1) : undefined;
    return ctx.imports.has(current.text) ? generatedName(current.text, "Service") : undefined;
  }
  if (ts.isPropertyAccessExpression(current)) {
    const root = rootIdentifier(current);
    return root && ctx.imports.has(root) ? generatedName(current.name.text, "Service") : current.name.text;
  }
  if (ts.isElementAccessExpression(current) && ts.isStringLiteralLike(current.argumentExpression)) return current.argumentExpression.text;
  return undefined;
}

/** `CheckoutServiceService` → `CheckoutService`, `CheckoutServiceClient` → `CheckoutService`: generated code's names. */
function generatedName(name: string, suffix: string): string | undefined {
  return name.length > suffix.length && name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
}

function rootIdentifier(expr: ts.Expression): string | undefined {
  let current = expr;
  while (ts.isPropertyAccessExpression(current)) current = current.expression;
  return ts.isIdentifier(current) ? current.text : undefined;
}

/** The class a client is made from: `shop.CurrencyService` (proto-loader), or an imported, generated `CurrencyServiceClient`. */
function clientService(callee: ts.Expression, ctx: ExtractContext, depth = 0): string | undefined {
  // `const Admin = grpc.loadPackageDefinition(def).AdminService as grpc.ServiceClientConstructor; new Admin(addr, creds)`:
  // the constructor a local holds, cast to the type the loose package definition lacks.
  if (ts.isIdentifier(callee) && depth < 2 && !ctx.imports.has(callee.text)) {
    const local = ctx.lookupLocal(callee.text);
    const held = local && withoutAssertions(local.expr);
    if (held && (ts.isPropertyAccessExpression(held) || ts.isElementAccessExpression(held))) return clientService(held, ctx, depth + 1);
  }
  // grpcObject["shop"]["CurrencyService"]
  if (ts.isElementAccessExpression(callee)) return ts.isStringLiteralLike(callee.argumentExpression) ? callee.argumentExpression.text : undefined;
  const imported = ctx.imports.has(rootIdentifier(callee) ?? "");
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) && imported ? callee.text : undefined;
  if (!name) return undefined;
  return (imported && generatedName(name, "Client")) || name;
}

/**
 * The implementation object: inline, or a module-level constant (`const impl: CheckoutServiceServer = { … }`),
 * whose functions the walk names after it (`fn:impl.placeOrder`).
 */
function implementationObject(expr: ts.Expression | undefined, ctx: ExtractContext): { object: ts.ObjectLiteralExpression; holder?: string } | undefined {
  if (!expr) return undefined;
  const inner = withoutAssertions(expr);
  if (ts.isObjectLiteralExpression(inner)) return { object: inner };
  if (!ts.isIdentifier(inner)) return undefined;
  const local = ctx.lookupLocal(inner.text);
  const init = local && withoutAssertions(local.expr);
  if (!init || !ts.isObjectLiteralExpression(init)) return undefined;
  return ctx.moduleFrame.locals.get(inner.text) === local.expr ? { object: init, holder: inner.text } : { object: init };
}

/**
 * A whole module handed over as an object: `require("./impl")`, or a name bound to an import or require of one. Its
 * import (the module and what is taken of it) when the file says which module that is.
 */
function moduleObject(expr: ts.Expression, ctx: ExtractContext): { module?: { specifier: string; name: string } } | undefined {
  const inner = withoutAssertions(expr);
  if (isRequire(inner)) {
    const [spec] = inner.arguments;
    return spec && ts.isStringLiteralLike(spec) ? { module: { specifier: spec.text, name: "default" } } : {};
  }
  if (!ts.isIdentifier(inner) || ctx.lookupLocal(inner.text)) return undefined;
  const imported = ctx.imports.get(inner.text);
  return imported ? { module: { specifier: imported.specifier, name: imported.imported } } : undefined;
}

/** `new CheckoutServer()` (or a constant holding it) of a class declared in this file: its methods implement the service. */
function implementationClass(expr: ts.Expression | undefined, ctx: ExtractContext): ts.ClassDeclaration | undefined {
  let inner = expr && withoutAssertions(expr);
  if (inner && ts.isIdentifier(inner)) {
    const local = ctx.lookupLocal(inner.text);
    inner = local && withoutAssertions(local.expr);
  }
  if (!inner || !ts.isNewExpression(inner) || !ts.isIdentifier(inner.expression)) return undefined;
  const name = inner.expression.text;
  return ctx.topLevelClass(name);
}

/** The grpc-js client `client` or `this.client` stands for in the scope being walked. */
function boundClient(expr: ts.Expression, ctx: ExtractContext): Extract<ObjectInfo, { kind: "grpc-client" }> | undefined {
  const name = ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword ? `this.${expr.name.text}` : undefined;
  const bound = name ? ctx.lookupObject(name)?.info : undefined;
  return bound?.kind === "grpc-client" ? bound : undefined;
}

/**
 * `promisify(client.getProduct)`, `util.promisify(client.getProduct.bind(client))`, either followed by `.bind(client)`:
 * the client's method as a promise-returning function, which requests the rpc each time it is called.
 */
function promisifiedMethod(expr: ts.Expression, ctx: ExtractContext): Extract<ObjectInfo, { kind: "grpc-method" }> | undefined {
  let call = withoutAssertions(expr);
  if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === "bind") call = call.expression.expression;
  if (!ts.isCallExpression(call) || call.arguments.length !== 1) return undefined;
  const fn = call.expression;
  const isPromisify = (ts.isIdentifier(fn) && fn.text === "promisify") || (ts.isPropertyAccessExpression(fn) && fn.name.text === "promisify");
  if (!isPromisify) return undefined;
  let method = call.arguments[0]!;
  if (ts.isCallExpression(method) && ts.isPropertyAccessExpression(method.expression) && method.expression.name.text === "bind") method = method.expression.expression;
  if (!ts.isPropertyAccessExpression(method) || CLIENT_METHODS.has(method.name.text)) return undefined;
  const client = boundClient(method.expression, ctx);
  return client?.service ? { kind: "grpc-method", service: client.service, method: method.name.text, address: client.address, ...(client.deadline ? { deadline: client.deadline } : {}) } : undefined;
}

/** `grpcObject[pkg][serviceName]`: the service name a parameter of the enclosing function gives (its value, a reference to that parameter). */
function parameterService(callee: ts.Expression, ctx: ExtractContext): Value | undefined {
  if (!ts.isElementAccessExpression(callee)) return undefined;
  const value = ctx.value(callee.argumentExpression);
  return value.parts.length === 1 && value.parts[0]!.kind === "unknown" && value.parts[0]!.ref ? value : undefined;
}

/**
 * A function of the project that makes a gRPC client and returns it (`return client`, `return new shop.X(addr, creds)`):
 * the service and address it gives its callers, which may be read from its parameters (model/grpc.ts fills them in at
 * each module-level `const users = loadClient({ serviceName: "UserService", address: "users:50051" })`).
 */
export function recordGrpcFactory(fn: string, returned: ts.Expression, ctx: ExtractContext, factoryOf: (expr: ts.Expression) => ObjectInfo | undefined): void {
  if (!ctx.importsAny(MODULES)) return;
  const inner = withoutAssertions(returned);
  const info = ts.isIdentifier(inner) ? ctx.lookupObject(inner.text)?.info : ts.isNewExpression(inner) ? factoryOf(inner) : undefined;
  if (info?.kind !== "grpc-client") return;
  const service = info.serviceFrom ?? text(info.service);
  (ctx.facts.grpcFactories ??= {})[fn] = { service, address: info.address, ...(info.deadline ? { deadline: info.deadline } : {}) };
}

function text(name: string): Value {
  return { parts: [{ kind: "text", text: name }] };
}

export const grpcJs: Extractor = {
  family: "grpc-js",
  modules: MODULES,
  callProperties: ["addService"],
  factory(expr, ctx) {
    if (!ctx.importsAny(MODULES)) return undefined;
    if (ts.isCallExpression(expr)) return promisifiedMethod(expr, ctx);
    // new shop.CurrencyService(addr, grpc.credentials.createInsecure())
    if (!ts.isNewExpression(expr) || (expr.arguments?.length ?? 0) < 2) return undefined;
    const name = clientService(expr.expression, ctx);
    const credentials = expr.arguments![1]!;
    if (!/credentials|Credentials/.test(ctx.text(credentials))) return undefined;
    const deadline = clientDeadline(expr.arguments![2], ctx);
    const address = ctx.value(expr.arguments![0]);
    if (name) return { kind: "grpc-client", service: name, address, ...(deadline ? { deadline } : {}) };
    // A loader of the project: `new grpcObject[pkg][serviceName](address, credentials)`, both from its parameters.
    const serviceFrom = parameterService(expr.expression, ctx);
    return serviceFrom ? { kind: "grpc-client", service: "", address, serviceFrom, ...(deadline ? { deadline } : {}) } : undefined;
  },
  fileEnd(ctx) {
    // A module-level client is what other modules import and call (`export const pricing = new shop.PricingService(...)`,
    // `module.exports = client`): recorded as an object of system grpc, which model/grpc.ts joins to those calls.
    for (const [id, info] of ctx.objects) {
      if (info.kind !== "grpc-client" || !info.service || !id.startsWith("var:") || id.includes("@")) continue;
      ctx.facts.transports.push({ kind: "object", system: "grpc", name: id.slice("var:".length), topic: text(info.service), address: info.address, ...(info.deadline ? { deadline: info.deadline } : {}), location: { file: ctx.file, line: 1, column: 1 } });
    }
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "addService" || !ctx.importsAny(MODULES)) return;
    const [definition, implArg] = node.arguments;
    const service = definition && serviceName(definition, ctx);
    if (!service) return;
    const byClass = implementationClass(implArg, ctx);
    if (byClass) {
      // server.addService(CheckoutServiceService, new CheckoutServer()): each method of the class handles an rpc.
      for (const member of byClass.members) {
        const key = member.name && propertyKey(member.name);
        const isMethod = ts.isMethodDeclaration(member) || (ts.isPropertyDeclaration(member) && member.initializer !== undefined && isFunctionLike(member.initializer));
        if (!key || !isMethod || member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
        pushTopic(ctx, member, "grpc", "consume", text(`${service}/${capitalize(key)}`), { requestReply: true, inFunction: `fn:${byClass.name!.text}.${key}` });
      }
      return;
    }
    const found = implementationObject(implArg, ctx);
    if (!found) {
      // `server.addService(proto.shop.OrderService.service, require("./implementation"))`, or an imported module: the
      // service serves OrderService, by the functions that module exports, one rpc each (model/grpc-module-handlers.ts).
      const handed = implArg && moduleObject(implArg, ctx);
      if (handed) pushTopic(ctx, node, "grpc", "consume", text(`${service}/*`), { requestReply: true, ...(handed.module ? { implementedBy: handed.module } : {}) });
      return;
    }
    for (const prop of found.object.properties) {
      const key = prop.name && propertyKey(prop.name);
      if (!key) continue;
      if (found.holder && (ts.isMethodDeclaration(prop) || (ts.isPropertyAssignment(prop) && isFunctionLike(prop.initializer)))) {
        pushTopic(ctx, prop, "grpc", "consume", text(`${service}/${capitalize(key)}`), { requestReply: true, inFunction: `fn:${found.holder}.${key}` });
        continue;
      }
      // The function that implements the method: inline, of this file by name, or another module's (`{ quote }` imported,
      // `impl.quote`, a wrapper's argument), which the model finds as it finds a route's handler.
      const value = ts.isShorthandPropertyAssignment(prop) ? prop.name : ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
      const handled = value && ts.isIdentifier(value) && ctx.lookupLocalFunction(value.text) ? { handler: `fn:${value.text}` } : value ? handlerFields(value, ctx) : ts.isMethodDeclaration(prop) ? { handler: functionIdOf(prop, ctx) } : {};
      const handler = handled.handler ? { inFunction: handled.handler } : handled.handlerRef ? { handlerRef: handled.handlerRef } : {};
      pushTopic(ctx, prop, "grpc", "consume", text(`${service}/${capitalize(key)}`), { requestReply: true, ...handler });
    }
  },
};

/**
 * `client[method](req, cb)` where `method` is a parameter of a helper (`const rpc = (method, req) => new Promise(…)`):
 * a request whose method each caller names. Recorded once, at the helper, as a template (`grpc.methodFrom`) that
 * model/grpc.ts turns into one request per call site passing the method's name as a literal.
 */
function methodFromParameter(node: ts.CallExpression, callee: ts.Expression, ctx: ExtractContext): void {
  if (!ts.isElementAccessExpression(callee)) return;
  const client = boundClient(callee.expression, ctx);
  const ref = parameterRef(callee.argumentExpression, ctx);
  if (!ref) return;
  if (!client?.service) {
    // `callGrpc(client, method, req)` doing `client[method](req, cb)`: the client is its callers' to name as well.
    const clientRef = parameterRef(callee.expression, ctx);
    if (!clientRef || clientRef.fn !== ref.fn) return;
    const deadline = deadlineArgument(node.arguments, ctx);
    pushTopic(ctx, node, "grpc", "produce", text("*/*"), {
      requestReply: true,
      inFunction: ref.fn,
      grpc: { ...(deadline ? { deadline } : {}), methodFrom: { fn: ref.fn, index: ref.index }, clientFrom: { fn: clientRef.fn, index: clientRef.index } },
    });
    return;
  }
  const deadline = deadlineArgument(node.arguments, ctx) ?? client.deadline;
  pushTopic(ctx, node, "grpc", "produce", text(`${client.service}/*`), {
    requestReply: true,
    inFunction: ref.fn,
    grpc: { address: client.address, ...(deadline ? { deadline } : {}), methodFrom: { fn: ref.fn, index: ref.index } },
  });
}

/** A whole parameter of the enclosing function (not a field of one) that the expression is. */
function parameterRef(expr: ts.Expression, ctx: ExtractContext): { fn: string; index: number } | undefined {
  const value = ctx.value(expr);
  const ref = value.parts.length === 1 && value.parts[0]!.kind === "unknown" ? value.parts[0]!.ref : undefined;
  return ref && !ref.path?.length ? { fn: ref.fn, index: ref.index } : undefined;
}

/** `client.convert(req, cb)` on a client bound by the factory above: a request to that service's method. */
export const grpcJsCalls: Extractor = {
  family: "grpc-js-calls",
  modules: MODULES,
  call(node, ctx) {
    const callee = node.expression;
    // Asked of every call of a file that imports gRPC (see `modules`).
    if (!ctx.importsAny(MODULES)) return;
    let request: { service: string; method: string; address: Value; deadline?: string } | undefined;
    if (ts.isPropertyAccessExpression(callee) && !CLIENT_METHODS.has(callee.name.text)) {
      // client.quote(...), or this.stub.quote(...) on a client a class keeps as a member.
      const client = boundClient(callee.expression, ctx);
      if (client?.service) request = { service: client.service, method: callee.name.text, address: client.address, ...(client.deadline ? { deadline: client.deadline } : {}) };
    }
    if (!request && (ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee))) {
      // getProduct(req) after const getProduct = promisify(client.getProduct).bind(client)
      const name = ts.isIdentifier(callee) ? callee.text : callee.expression.kind === ts.SyntaxKind.ThisKeyword ? `this.${callee.name.text}` : undefined;
      const bound = name ? ctx.lookupObject(name)?.info : undefined;
      if (bound?.kind === "grpc-method") request = bound;
    }
    // promisify(client.getProduct.bind(client))(req), made and called at once.
    if (!request && ts.isCallExpression(callee)) request = promisifiedMethod(callee, ctx);
    if (!request && ts.isElementAccessExpression(callee)) return methodFromParameter(node, callee, ctx);
    if (!request) return;
    // The call's own options first: they say what this call waits, whatever the client's interceptors do.
    const deadline = deadlineArgument(node.arguments, ctx) ?? request.deadline;
    pushTopic(ctx, node, "grpc", "produce", text(`${request.service}/${capitalize(request.method)}`), {
      requestReply: true,
      grpc: { address: request.address, ...(deadline ? { deadline } : {}) },
      ...(ctx.isAwaited() ? { awaited: true } : {}),
      ...(ctx.isParallel() ? { parallel: ctx.isParallel() } : {}),
    });
  },
};
