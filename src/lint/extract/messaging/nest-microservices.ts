import { ts } from "../../ts.js";
import { positionId } from "../function-ids.js";
import type { MessagingSystem, TransportFact, Value } from "../../types.js";
import type { Extractor } from "../extractor.js";
import { ExtractContext, propertyKey, propertyNamed, withoutAssertions } from "../context.js";
import { classMembers, factoryClient, NESTCLOUD_GRPC, thisMemberInfo, type MemberInfo } from "./class-members.js";
import { grpcAddressExpr, NEST_MICROSERVICES, optionsSystem, transportMember, useFactoryOf } from "./nest-transport.js";
import { patternValue, pushTopic } from "./topic.js";
import { deadlineArgument, pipedTimeout } from "../call-deadlines.js";
import { nestBrokerAddresses, packagedNatsAddresses } from "./broker-addresses.js";

/**
 * NestJS microservices. Handlers (`@MessagePattern`, `@EventPattern`,
 * `@GrpcMethod`) and client calls (`client.send`, `client.emit`) are recorded
 * here; which transport they travel on is often decided in another file:
 * - a handler listens on the transports of its app: `NestFactory.createMicroservice(AppModule, { transport })`,
 *   `app.connectMicroservice({ transport })` (several for a hybrid app); a second decorator argument
 *   (`@EventPattern("x", Transport.KAFKA)`) narrows it to one;
 * - a client call goes through the client it was injected as: `@Inject("BILLING") client: ClientProxy` is
 *   the client that `ClientsModule.register([{ name: "BILLING", transport }])` registers; a `ClientKafka`
 *   (`ClientRMQ`, ...) type, `@Client({ transport })` or `ClientProxyFactory.create({ transport })` says it at once.
 * The model joins them (model/topics.ts) from the TransportFacts that `fileEnd` collects.
 * `send` waits for the reply (request-reply, even over a broker), `emit` does not.
 */

const HANDLERS: Record<string, { requestReply: boolean }> = { MessagePattern: { requestReply: true }, EventPattern: { requestReply: false } };
const GRPC_HANDLERS = new Set(["GrpcMethod", "GrpcStreamMethod", "GrpcStreamCall"]);

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function handlers(node: ts.ClassDeclaration, ctx: ExtractContext): void {
  const className = node.name?.text;
  for (const member of node.members) {
    if (!ts.isMethodDeclaration(member) || !member.name) continue;
    const method = propertyKey(member.name);
    const inFunction = className && method ? `fn:${className}.${method}` : undefined;
    for (const decorator of ts.getDecorators(member) ?? []) {
      const expr = decorator.expression;
      if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression)) continue;
      const name = expr.expression.text;
      const [pattern, transport] = expr.arguments;
      const handler = HANDLERS[name];
      if (handler && pattern && !ts.isSpreadElement(pattern)) {
        const system = transportMember(transport);
        pushTopic(ctx, decorator, system, "consume", patternValue(pattern, ctx), {
          ...(system ? {} : { transportFrom: { kind: "nest-server" } as const }),
          ...(handler.requestReply ? { requestReply: true } : {}),
          ...(inFunction ? { inFunction } : {}),
        });
      } else if (GRPC_HANDLERS.has(name)) {
        // @GrpcMethod("HeroesService", "FindOne"); the service defaults to the class name, the method to the method's, capitalised.
        const service: Value = pattern ? ctx.value(pattern) : { parts: [{ kind: "text", text: className ?? "?" }] };
        const rpc: Value = transport ? ctx.value(transport) : { parts: [{ kind: "text", text: method ? capitalize(method) : "?" }] };
        pushTopic(ctx, decorator, "grpc", "consume", { parts: [...service.parts, { kind: "text", text: "/" }, ...rpc.parts] }, { requestReply: true, ...(inFunction ? { inFunction } : {}) });
      }
    }
  }
}

/** Nest's lifecycle hooks: methods of a controller class that are no rpc. */
const LIFECYCLE = new Set(["onModuleInit", "onModuleDestroy", "onApplicationBootstrap", "beforeApplicationShutdown", "onApplicationShutdown"]);
const GENERATED_METHODS = "ControllerMethods";

/**
 * ts-proto's NestJS output: `@UsersServiceControllerMethods()` (imported from the generated file) puts
 * `@GrpcMethod("UsersService", …)` on each rpc method of the class at run time, so no decorator is written on
 * them: each method of the class handles `UsersService/<Method>`. The file need not import @nestjs/microservices.
 */
function generatedControllerHandlers(node: ts.ClassDeclaration, ctx: ExtractContext): void {
  const className = node.name?.text;
  if (!className) return;
  for (const decorator of ts.getDecorators(node) ?? []) {
    const expr = decorator.expression;
    if (!ts.isCallExpression(expr)) continue;
    // `@UsersServiceControllerMethods()`, or through the generated module imported as a namespace, `@UsersProto.UsersServiceControllerMethods()`.
    const callee = expr.expression;
    const named = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.name : undefined;
    const imported = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : undefined;
    if (!named || !imported) continue;
    const name = named.text;
    if (name.length <= GENERATED_METHODS.length || !name.endsWith(GENERATED_METHODS) || !ctx.imports.has(imported)) continue;
    const service = name.slice(0, -GENERATED_METHODS.length);
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.body || !member.name) continue;
      const method = propertyKey(member.name);
      if (!method || LIFECYCLE.has(method) || member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword || m.kind === ts.SyntaxKind.PrivateKeyword)) continue;
      pushTopic(ctx, member.name, "grpc", "consume", { parts: [{ kind: "text", text: `${service}/${capitalize(method)}` }] }, { requestReply: true, inFunction: `fn:${className}.${method}` });
    }
  }
}

/**
 * Calls on a gRPC stub: `this.heroes.findOne(data)` after `this.heroes = this.client.getService("HeroesService")`
 * is a request to HeroesService/FindOne (the handler's `@GrpcMethod("HeroesService", "FindOne")`). Read from the
 * class's own methods, as only this class knows what its members are.
 */
function grpcCalls(node: ts.ClassDeclaration, ctx: ExtractContext): void {
  const members = classMembers(node, ctx);
  const stubs = [...members].filter(([, info]) => info.kind === "grpc-service");
  if (!stubs.length) return;
  const services = new Map(stubs.map(([name, info]) => [name, info as Extract<MemberInfo, { kind: "grpc-service" }>]));
  for (const member of node.members) {
    if (!ts.isMethodDeclaration(member) || !member.body || !member.name) continue;
    const method = propertyKey(member.name);
    const inFunction = node.name && method ? `fn:${node.name.text}.${method}` : undefined;
    // This walk is the class's own, not the file's: it keeps its own ancestors to tell an awaited call, and the
    // functions written inside the method, whose ids the walk gives them (a call in `breaker.fire(() => stub.find())`
    // runs in that arrow, which is what a breaker guards).
    const ancestors: ts.Node[] = [];
    const inner: ts.Node[] = [];
    const visit = (child: ts.Node): void => {
      if (ts.isCallExpression(child) && ts.isPropertyAccessExpression(child.expression)) {
        // `this.users.find()`, or through a method that hands the stub out, `this.users().find()`.
        let stub = child.expression.expression;
        if (ts.isCallExpression(stub) && stub.arguments.length === 0) stub = stub.expression;
        const info = ts.isPropertyAccessExpression(stub) && stub.expression.kind === ts.SyntaxKind.ThisKeyword ? services.get(stub.name.text) : undefined;
        if (info) {
          const topic: Value = { parts: [...info.service.parts, { kind: "text", text: `/${capitalize(child.expression.name.text)}` }] };
          const deadline = deadlineArgument(child.arguments, ctx) ?? pipedTimeout(child, ancestors, ancestors.length, ctx);
          const grpc = info.client || deadline ? { ...info.client, ...(deadline ? { deadline } : {}) } : undefined;
          const within = inner.length ? positionId(inner[inner.length - 1]!, ctx) : inFunction;
          pushTopic(ctx, child, "grpc", "produce", topic, {
            requestReply: true,
            ...(within ? { inFunction: within } : {}),
            ...(grpc ? { grpc } : {}),
            ...(isAwaited(child, ancestors) ? { awaited: true } : {}),
          });
        }
      }
      const nested = ts.isArrowFunction(child) || ts.isFunctionExpression(child);
      if (nested) inner.push(child);
      ancestors.push(child);
      ts.forEachChild(child, visit);
      ancestors.pop();
      if (nested) inner.pop();
    };
    ts.forEachChild(member.body, visit);
  }
}

/**
 * The stubs a class keeps where other classes can read them: members that are not private or protected (`public svc`,
 * `svc!:`, or only assigned, `this.svc = this.client.getService(…)`), and such getters. Others call them through the
 * class's instance (`this.catalog.svc.find()`, `ctx.rpc.catalog.svc.find()`: model/grpc.ts).
 */
function stubMembers(node: ts.ClassDeclaration, ctx: ExtractContext): void {
  const className = node.name?.text;
  if (!className) return;
  for (const [member, info] of classMembers(node, ctx)) {
    if (info.kind !== "grpc-service") continue;
    const declared = node.members.find((m) => m.name !== undefined && propertyKey(m.name) === member);
    if (declared && ts.canHaveModifiers(declared) && ts.getModifiers(declared)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
    if (declared?.name && ts.isPrivateIdentifier(declared.name)) continue;
    (ctx.facts.grpcStubMembers ??= []).push({ className, member, service: info.service, ...(info.client ? { client: info.client } : {}), location: ctx.loc(declared ?? node.name!) });
  }
}

/** RxJS's bridges from an Observable (what a Nest stub returns) to a promise. */
const PROMISE_BRIDGES = new Set(["firstValueFrom", "lastValueFrom"]);

/** `await this.users.findOne(req)`, `await firstValueFrom(this.users.findOne(req))`, `await ....toPromise()`. */
function isAwaited(call: ts.Node, ancestors: readonly ts.Node[]): boolean {
  let child = call;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i]!;
    if (ts.isAwaitExpression(node)) return true;
    const passedOn =
      ts.isParenthesizedExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isNonNullExpression(node) ||
      (ts.isPropertyAccessExpression(node) && node.expression === child) ||
      (ts.isCallExpression(node) && (node.expression === child || (ts.isIdentifier(node.expression) && PROMISE_BRIDGES.has(node.expression.text) && node.arguments[0] === child)));
    if (!passedOn) return false;
    child = node;
  }
  return false;
}

/** The client a receiver stands for: `this.client` (see class-members.ts) or a local `ClientProxyFactory.create(...)`. */
function clientOf(receiver: ts.Expression, ctx: ExtractContext): Extract<MemberInfo, { kind: "nest-client" }> | undefined {
  const member = thisMemberInfo(receiver, ctx) ?? (ts.isIdentifier(receiver) ? factoryClient(ctx.lookupLocal(receiver.text)?.expr, ctx) : undefined);
  return member?.kind === "nest-client" ? member : undefined;
}

// ---------------------------------------------------------------------------
// Transport choices, from one pass over a file that imports @nestjs/microservices
// ---------------------------------------------------------------------------

function isCallOf(node: ts.CallExpression, method: string, receiver?: string): boolean {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== method) return false;
  return receiver === undefined || (ts.isIdentifier(callee.expression) && callee.expression.text === receiver);
}

function transports(ctx: ExtractContext): void {
  const { sf } = ctx;
  const locals = new Map<string, ts.Expression>();
  const handled = new Set<ts.Node>();
  const out: TransportFact[] = ctx.facts.transports;
  const add = (kind: TransportFact["kind"], system: MessagingSystem | undefined, node: ts.Node, token?: ts.Expression, options?: ts.Expression) => {
    const address = system === "grpc" ? grpcAddressExpr(options, locals, ctx) : undefined;
    // A TCP server's host is where it listens, not another service's address: only a TCP client's host is one.
    const object = system && system !== "grpc" && (system !== "tcp" || kind === "client") ? transportOptionsObject(options, locals) : undefined;
    if (object) nestBrokerAddresses(ctx, node, system!, object, token);
    out.push({ kind, ...(system ? { system } : {}), ...(token ? { token: ctx.value(token) } : {}), ...(address ? { address: ctx.value(address) } : {}), location: ctx.loc(node) });
  };
  const passedByName: string[] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) locals.set(node.name.text, node.initializer);
    else if (ts.isCallExpression(node) && (isCallOf(node, "createMicroservice") || isCallOf(node, "connectMicroservice"))) {
      const options = node.arguments[isCallOf(node, "createMicroservice") ? 1 : 0];
      if (options && ts.isIdentifier(options)) passedByName.push(options.text);
    }
    ts.forEachChild(node, collect);
  };
  collect(sf);
  // `const kafkaOptions = { transport }` passed by name is those options, not a stray options object (declared before or after the call).
  for (const name of passedByName) {
    const init = locals.get(name);
    if (init) handled.add(init);
  }
  const registration = (entry: ts.Expression) => {
    if (!ts.isObjectLiteralExpression(entry)) return;
    handled.add(entry);
    const token = propertyNamed(entry, "name");
    const made = useFactoryOf(entry);
    if (made) handled.add(made);
    const system = optionsSystem(made ?? entry, locals, ctx);
    add("client", system, entry, token, made ?? entry);
    const spread = system ? undefined : spreadOptions(made ?? entry);
    const imported = spread && ctx.value(spread).parts;
    // Spread from another module: its `transport`, which the model reads there (a local object's would be written here).
    if (imported?.length === 1 && imported[0]!.kind === "import") out[out.length - 1]!.spreadTransport = { parts: [{ ...imported[0]!, name: `${imported[0]!.name}.transport` }] };
  };
  // The local name of @nestjs/microservices' `Client` decorator, when the file imports it.
  const clientDecorator = ctx.facts.imports.find((fact) => fact.imported === "Client" && fact.specifier === "@nestjs/microservices")?.local;
  // A file naming ClientsModule's option types lists client registrations, wherever they are registered.
  const listsClients = /ClientsModule(Async)?Options|ClientsProviderAsyncOptions|ClientProviderOptions/.test(sf.text);
  const visit = (node: ts.Node, provider: ts.ObjectLiteralExpression | undefined): void => {
    if (ts.isCallExpression(node)) {
      if (isCallOf(node, "createMicroservice") || isCallOf(node, "connectMicroservice")) {
        const options = node.arguments[isCallOf(node, "createMicroservice") ? 1 : 0];
        if (options) handled.add(options);
        const system = optionsSystem(options, locals, ctx);
        add("server", system, node);
        if (isCallOf(node, "createMicroservice")) out[out.length - 1]!.standalone = true;
        const object = system && system !== "grpc" && system !== "tcp" ? transportOptionsObject(options, locals) : undefined;
        if (object) nestBrokerAddresses(ctx, node, system!, object);
      } else if (isCallOf(node, "register", "ClientsModule") || isCallOf(node, "registerAsync", "ClientsModule")) {
        let list = node.arguments[0];
        if (list && ts.isIdentifier(list)) list = locals.get(list.text) ?? list;
        // registerAsync({ clients: [...] }) as well as registerAsync([...])
        if (list && ts.isObjectLiteralExpression(list)) list = propertyNamed(list, "clients") ?? list;
        if (list && ts.isArrayLiteralExpression(list)) for (const entry of list.elements) registration(entry);
      } else if (ts.isIdentifier(node.expression) && node.expression.text === clientDecorator && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
        // `@Client({ transport: Transport.GRPC, options: { url } })` on a member: a client of its own, as a registration is.
        const options = node.arguments[0];
        handled.add(options);
        add("client", optionsSystem(options, locals, ctx), options, undefined, options);
      } else if (isCallOf(node, "create", "ClientProxyFactory")) {
        // A custom provider: { provide: "MATH", useFactory: () => ClientProxyFactory.create({ transport }) }
        const options = node.arguments[0];
        if (options) handled.add(options);
        add("client", optionsSystem(options, locals, ctx), node, provider ? propertyNamed(provider, "provide") : undefined, options);
      }
    } else if (ts.isArrayLiteralExpression(node) && listsClients) {
      // `export const clients = (): ClientsModuleAsyncOptions => [{ name: AUTH, useFactory }]`, passed to
      // `ClientsModule.registerAsync(clients())` from another file: each named entry with options is a registration
      // (no transport written is Nest's default, TCP).
      for (const entry of node.elements) {
        if (ts.isObjectLiteralExpression(entry) && !handled.has(entry) && propertyNamed(entry, "name") && (useFactoryOf(entry) || propertyNamed(entry, "options") || propertyNamed(entry, "transport"))) registration(entry);
      }
    } else if (ts.isObjectLiteralExpression(node) && !handled.has(node)) {
      const transport = propertyNamed(node, "transport");
      const system = transportMember(transport);
      if (system) {
        const token = propertyNamed(node, "name");
        add(token ? "client" : "options", system, node, token, node);
      }
    }
    const inProvider = ts.isObjectLiteralExpression(node) && propertyNamed(node, "provide") ? node : provider;
    ts.forEachChild(node, (child) => visit(child, inProvider));
  };
  visit(sf, undefined);
}

/**
 * The request's Observable is subscribed to with no observer (`client.send(p, data).subscribe()`): NestJS sends it (its
 * Observables are cold: nothing is sent until one subscribes), and the reply goes nowhere.
 */
function replyDropped(node: ts.CallExpression, ctx: ExtractContext): boolean {
  // Parents are not set on the tree: the walk's stack holds them, the call itself on top.
  const at = ctx.stack[ctx.stack.length - 1] === node ? ctx.stack.length - 1 : ctx.stack.length;
  const access = ctx.stack[at - 1];
  const call = ctx.stack[at - 2];
  return Boolean(access && call && ts.isPropertyAccessExpression(access) && access.expression === node && access.name.text === "subscribe" && ts.isCallExpression(call) && call.expression === access && call.arguments.length === 0);
}

/** `{ name: "USERS", ...natsOptions }` with no transport of its own: what is spread (a name or a member), else undefined. */
function spreadOptions(expr: ts.Expression): ts.Expression | undefined {
  const inner = withoutAssertions(expr);
  if (!ts.isObjectLiteralExpression(inner) || propertyNamed(inner, "transport")) return undefined;
  const spreads = inner.properties.filter(ts.isSpreadAssignment).map((p) => withoutAssertions(p.expression));
  const only = spreads.length === 1 ? spreads[0] : undefined;
  return only && (ts.isIdentifier(only) || ts.isPropertyAccessExpression(only)) ? only : undefined;
}

const NEST_COMMON = ["@nestjs/common"];

/** The options object of a transport (`{ transport, options }`), through a local or a `useFactory`. */
function transportOptionsObject(expr: ts.Expression | undefined, locals: ReadonlyMap<string, ts.Expression>, depth = 0): ts.ObjectLiteralExpression | undefined {
  if (!expr || depth > 4) return undefined;
  const inner = withoutAssertions(expr);
  if (ts.isIdentifier(inner)) return transportOptionsObject(locals.get(inner.text), locals, depth + 1);
  if (!ts.isObjectLiteralExpression(inner)) return undefined;
  const made = useFactoryOf(inner);
  return made ? transportOptionsObject(made, locals, depth + 1) : inner;
}

export const nestMicroservices: Extractor = {
  family: "messaging-nest",
  callProperties: ["send", "emit"],
  call(node, ctx) {
    const callee = node.expression;
    const pattern = node.arguments[0];
    if (!ts.isPropertyAccessExpression(callee) || !pattern) return;
    // A file that imports nothing of @nestjs/microservices may still send through a client a provider made for its class
    // (`private client = this.proxies.getClientProxyAuth()`, class-members.ts): `this.<member>.send()` in a Nest file.
    if (!ctx.importsAny(NEST_MICROSERVICES) && !(ctx.importsAny(NEST_COMMON) && ts.isPropertyAccessExpression(callee.expression) && callee.expression.expression.kind === ts.SyntaxKind.ThisKeyword)) return;
    const client = clientOf(callee.expression, ctx);
    if (!client) return;
    // `client.send(pattern, data).subscribe()`: sent with nothing to take the reply, a one-way message like `emit`.
    const requestReply = callee.name.text === "send" && !replyDropped(node, ctx);
    pushTopic(ctx, node, client.system, "produce", patternValue(pattern, ctx), {
      ...(client.system
        ? {}
        : client.clientClass
          ? { transportFrom: { kind: "client-class", class: client.clientClass } as const }
          : { transportFrom: { kind: "nest-client", token: client.token ?? { parts: [{ kind: "unknown", hint: "no token" }] }, ...(client.transport ? { transport: client.transport } : {}), ...(client.made ? { made: true } : {}) } as const }),
      ...(requestReply ? { requestReply: true } : {}),
      // `await firstValueFrom(client.send(...))`, `await client.send(...).toPromise()`: the request waits for its reply here.
      ...(requestReply && ctx.isAwaited() ? { awaited: true } : {}),
      ...(requestReply && ctx.isParallel() ? { parallel: ctx.isParallel() } : {}),
      ...(requestReply && !ctx.isWaitedFor() ? { fired: true } : {}),
    });
  },
  classDeclaration(node, ctx) {
    if (node.modifiers?.some((m) => m.kind === ts.SyntaxKind.Decorator)) generatedControllerHandlers(node, ctx);
    const nest = ctx.importsAny(NEST_MICROSERVICES);
    if (nest || ctx.importsAny(NESTCLOUD_GRPC)) stubMembers(node, ctx);
    if (!nest) return;
    handlers(node, ctx);
    grpcCalls(node, ctx);
  },
  fileEnd(ctx) {
    // A main.ts that connects options a shared service builds (`app.connectMicroservice(rmq.getOptions("BILLING"))`) may import nothing from Nest's microservices package.
    const text = ctx.sf.text;
    if (/createMicroservice|connectMicroservice/.test(text) || (ctx.importsAny(NEST_MICROSERVICES) && /Transport|ClientsModule|ClientProxyFactory/.test(text))) transports(ctx);
    if (ctx.importsAny(NATS_JETSTREAM_PLUGIN)) jetStreamAddresses(ctx);
  },
};

const NATS_JETSTREAM_PLUGIN = ["@nestjs-plugins/nestjs-nats-jetstream-transport"];

/** The packaged JetStream transport's connections in this file: its module's `register(options)` and its server's `new`. */
function jetStreamAddresses(ctx: ExtractContext): void {
  const imported = (name: string) => ctx.facts.imports.find((fact) => fact.imported === name && NATS_JETSTREAM_PLUGIN.includes(fact.specifier))?.local;
  const transport = imported("NatsJetStreamTransport");
  const server = imported("NatsJetStreamServer");
  if (!transport && !server) return;
  const visit = (node: ts.Node): void => {
    if (transport && ts.isCallExpression(node) && isCallOf(node, "register", transport)) packagedNatsAddresses(ctx, node, node.arguments[0], NATS_JETSTREAM_PLUGIN[0]!);
    else if (server && ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === server) packagedNatsAddresses(ctx, node, node.arguments?.[0], NATS_JETSTREAM_PLUGIN[0]!);
    ts.forEachChild(node, visit);
  };
  visit(ctx.sf);
}
