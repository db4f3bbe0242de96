import { ts } from "../../ts.js";
import type { MessagingSystem, Value } from "../../types.js";
import { ExtractContext, propertyKey } from "../context.js";
import { clientClassSystem, grpcAddressExpr, optionsSystem } from "./nest-transport.js";

/**
 * The members of a class that stand for a messaging client, read from the
 * class alone (NestJS injects them): `@Inject("BILLING") private client: ClientProxy`,
 * `@Client({ transport })` properties, `this.client = ClientProxyFactory.create({...})`,
 * `@InjectQueue("email") private queue: Queue`. Computed once per class, when
 * a call on `this.<member>` first asks.
 */

export type MemberInfo =
  /** A NestJS client: its transport when the class tells, else the injection token that names its registration. */
  | { kind: "nest-client"; system?: MessagingSystem; token?: Value; address?: Value; transport?: Value; made?: true; clientClass?: { specifier: string; name: string } | { local: string } }
  | { kind: "broker"; system: MessagingSystem; topic: Value }
  /** `this.heroes = this.client.getService<HeroesService>("HeroesService")`: a gRPC service's stub. */
  | { kind: "grpc-service"; service: Value; client?: { token?: Value; address?: Value } };

const cache = new WeakMap<ts.Node, Map<string, MemberInfo>>();
export const NESTCLOUD_GRPC = ["@nestcloud/grpc"];
const NO_LOCALS: ReadonlyMap<string, ts.Expression> = new Map();

function decoratorCall(node: ts.Node, name: string): ts.CallExpression | undefined {
  if (!ts.canHaveDecorators(node)) return undefined;
  for (const decorator of ts.getDecorators(node) ?? []) {
    const expr = decorator.expression;
    if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === name) return expr;
  }
  return undefined;
}

/** `ClientProxyFactory.create(options)`: the client it makes. */
export function factoryClient(expr: ts.Expression | undefined, ctx: ExtractContext): MemberInfo | undefined {
  if (!expr) return undefined;
  let inner = expr;
  while (ts.isAsExpression(inner) || ts.isParenthesizedExpression(inner) || ts.isAwaitExpression(inner)) inner = inner.expression;
  if (!ts.isCallExpression(inner) || !ts.isPropertyAccessExpression(inner.expression)) return undefined;
  const callee = inner.expression;
  if (callee.name.text !== "create" || !ts.isIdentifier(callee.expression) || callee.expression.text !== "ClientProxyFactory") return undefined;
  const system = optionsSystem(inner.arguments[0], NO_LOCALS, ctx);
  // Options a helper builds (`ClientProxyFactory.create(this.config.natsOptions())`): the model looks for their transport.
  return { kind: "nest-client", ...(system ? { system } : { made: true as const }) };
}

/** `this.client.getService<T>("HeroesService")`: the stub of that gRPC service, with what the class knows of `this.client`. */
function grpcService(expr: ts.Expression, ctx: ExtractContext, members: ReadonlyMap<string, MemberInfo>): MemberInfo | undefined {
  if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression) || expr.expression.name.text !== "getService") return undefined;
  const name = expr.arguments[0];
  if (!name) return undefined;
  const receiver = expr.expression.expression;
  const client = ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword ? members.get(receiver.name.text) : undefined;
  const known = client?.kind === "nest-client" && (client.token || client.address) ? { ...(client.token ? { token: client.token } : {}), ...(client.address ? { address: client.address } : {}) } : undefined;
  return { kind: "grpc-service", service: ctx.value(name), ...(known ? { client: known } : {}) };
}

function memberOf(node: ts.ParameterDeclaration | ts.PropertyDeclaration, ctx: ExtractContext): MemberInfo | undefined {
  const client = decoratorCall(node, "Client");
  if (client) {
    const system = optionsSystem(client.arguments[0], NO_LOCALS, ctx);
    const address = system === "grpc" ? grpcAddressExpr(client.arguments[0], NO_LOCALS, ctx) : undefined;
    const transport = system ? undefined : importedTransport(client.arguments[0], ctx);
    return { kind: "nest-client", ...(system ? { system } : {}), ...(address ? { address: ctx.value(address) } : {}), ...(transport ? { transport } : {}) };
  }
  // @nestcloud/grpc: `@Service("CatalogService", { service, package, protoPath }) public svc` is that service's stub.
  const cloudStub = decoratorCall(node, "Service");
  if (cloudStub?.arguments[0] && ctx.importsAny(NESTCLOUD_GRPC)) return { kind: "grpc-service", service: ctx.value(cloudStub.arguments[0]) };
  const queue = decoratorCall(node, "InjectQueue");
  if (queue) {
    const name = queue.arguments[0];
    return { kind: "broker", system: "bull", topic: name ? ctx.value(name) : { parts: [{ kind: "text", text: "default" }] } };
  }
  const byClass = clientClassSystem(node.type, ctx);
  const inject = decoratorCall(node, "Inject");
  const token = inject?.arguments[0];
  if (byClass) return { kind: "nest-client", system: byClass, ...(token ? { token: ctx.value(token) } : {}) };
  const typeName = node.type && ts.isTypeReferenceNode(node.type) && ts.isIdentifier(node.type.typeName) ? node.type.typeName.text : undefined;
  if (typeName === "ClientProxy" && token) return { kind: "nest-client", token: ctx.value(token) };
  if (ts.isPropertyDeclaration(node)) {
    const made = factoryClient(node.initializer, ctx) ?? madeByProvider(node.initializer);
    if (made) return made;
  }
  // `private readonly kafka: KafkaService`, a class of the project that may extend ClientKafka (model/topics.ts reads it).
  const generic = node.type && ts.isTypeReferenceNode(node.type) && node.type.typeArguments !== undefined;
  const clientClass = typeName && !generic ? projectClass(typeName, ctx) : undefined;
  return clientClass ? { kind: "nest-client", clientClass } : undefined;
}

/** A class name as the file has it: imported from a module that is no Nest package, or declared at its top level. */
function projectClass(name: string, ctx: ExtractContext): { specifier: string; name: string } | { local: string } | undefined {
  const imported = ctx.imports.get(name);
  if (imported) return imported.imported !== "*" && !imported.specifier.startsWith("@nestjs/") ? { specifier: imported.specifier, name: imported.imported } : undefined;
  return ctx.topLevelClass(name) ? { local: name } : undefined;
}

/**
 * `@Client(<ClientOptions>config.microservicesConfiguration)`, `@Client(clientOptions)`: options another module writes
 * (an import, or a member of one). Their `transport`, as a value of that module the model renders; else undefined.
 */
function importedTransport(expr: ts.Expression | undefined, ctx: ExtractContext): Value | undefined {
  let inner = expr;
  while (inner && (ts.isAsExpression(inner) || ts.isTypeAssertionExpression(inner) || ts.isParenthesizedExpression(inner) || ts.isSatisfiesExpression(inner))) inner = inner.expression;
  if (!inner || (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner))) return undefined;
  const value = ctx.value(inner);
  const only = value.parts.length === 1 ? value.parts[0] : undefined;
  return only?.kind === "import" ? { parts: [{ ...only, name: `${only.name}.transport` }] } : undefined;
}

/**
 * `this.clientProxyRMQ.getClientProxyAuthInstance()`: a client a method of an injected provider makes (that method's
 * `ClientProxyFactory.create(…)` is a registration with no name, whose transport the model takes). Only a method named
 * for a proxy: `getClient()` of a Redis or socket wrapper makes an object whose `emit` is no message to a service.
 */
function madeByProvider(expr: ts.Expression | undefined): MemberInfo | undefined {
  if (!expr || !ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression) || !/proxy/i.test(expr.expression.name.text)) return undefined;
  const receiver = expr.expression.expression;
  return ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword ? { kind: "nest-client" } : undefined;
}

function membersOfClass(cls: ts.ClassLikeDeclaration, ctx: ExtractContext): Map<string, MemberInfo> {
  let members = cache.get(cls);
  if (members) return members;
  members = new Map();
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && member.name) {
      const key = propertyKey(member.name);
      const info = key ? memberOf(member, ctx) : undefined;
      if (key && info) members.set(key, info);
    } else if (ts.isConstructorDeclaration(member)) {
      for (const param of member.parameters) {
        if (!ts.isIdentifier(param.name)) continue;
        const info = memberOf(param, ctx);
        if (info) members.set(param.name.text, info);
      }
    }
    // this.client = ClientProxyFactory.create({ ... }) in the constructor; this.heroes = this.client.getService("HeroesService") in onModuleInit
    if (ts.isConstructorDeclaration(member) || ts.isMethodDeclaration(member)) {
      for (const statement of topStatements(member.body?.statements ?? [])) {
        if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
        const { left, right, operatorToken } = statement.expression;
        if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword) continue;
        const info = factoryClient(right, ctx) ?? grpcService(right, ctx, members) ?? madeByProvider(right);
        if (info) members.set(left.name.text, info);
      }
    }
  }
  addStubProviders(cls, ctx, members);
  cache.set(cls, members);
  return members;
}

/**
 * A body's statements and those of the blocks it runs on a condition or in a try (`if (transport === "grpc") this.users
 * = client.getService(…)`): where a class sets up its members, not loops or nested functions.
 */
function topStatements(statements: readonly ts.Statement[]): ts.Statement[] {
  const out: ts.Statement[] = [];
  const add = (statement: ts.Statement | undefined): void => {
    if (!statement) return;
    if (ts.isBlock(statement)) statement.statements.forEach(add);
    else if (ts.isIfStatement(statement)) {
      add(statement.thenStatement);
      add(statement.elseStatement);
    } else if (ts.isTryStatement(statement)) {
      add(statement.tryBlock);
      add(statement.catchClause?.block);
      add(statement.finallyBlock);
    } else out.push(statement);
  };
  statements.forEach(add);
  return out;
}

/**
 * Getters and methods without parameters that hand out a stub: `get orders() { return this.clients[i].getService(…) }`,
 * `private users() { return this.usersStub }`, `return getOrInit(this.usersStub, this.client, NAME)` (the stub, made
 * when first asked). `this.orders.find()` and `this.users().find()` are calls on that stub, as on the member itself.
 */
function addStubProviders(cls: ts.ClassLikeDeclaration, ctx: ExtractContext, members: Map<string, MemberInfo>): void {
  for (const member of cls.members) {
    const provides = (ts.isGetAccessorDeclaration(member) || (ts.isMethodDeclaration(member) && member.parameters.length === 0)) && member.body && member.name;
    if (!provides) continue;
    const key = propertyKey(member.name!);
    if (!key || members.has(key)) continue;
    for (const statement of member.body!.statements) {
      if (!ts.isReturnStatement(statement) || !statement.expression) continue;
      const stub = returnedStub(statement.expression, ctx, members);
      if (stub) {
        members.set(key, stub);
        break;
      }
    }
  }
}

function returnedStub(expr: ts.Expression, ctx: ExtractContext, members: ReadonlyMap<string, MemberInfo>): MemberInfo | undefined {
  const made = grpcService(expr, ctx, members);
  if (made) return made;
  const stubOf = (node: ts.Expression): MemberInfo | undefined => {
    const info = ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword ? members.get(node.name.text) : undefined;
    return info?.kind === "grpc-service" ? info : undefined;
  };
  if (ts.isCallExpression(expr)) {
    for (const argument of expr.arguments) {
      const info = stubOf(argument);
      if (info) return info;
    }
    return undefined;
  }
  return stubOf(expr);
}

/** The messaging members of a class (see above). */
export function classMembers(cls: ts.ClassLikeDeclaration, ctx: ExtractContext): ReadonlyMap<string, MemberInfo> {
  return membersOfClass(cls, ctx);
}

/** The messaging client `this.<name>` stands for in the class being walked. */
export function thisMemberInfo(expr: ts.Expression, ctx: ExtractContext): MemberInfo | undefined {
  if (!ts.isPropertyAccessExpression(expr) || expr.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) return membersOfClass(node, ctx).get(expr.name.text);
  }
  return undefined;
}
