import { ts } from "../../ts.js";
import type { MessagingSystem } from "../../types.js";
import { ExtractContext, propertyKey, propertyNamed } from "../context.js";

/** How NestJS names its transports: the `Transport` enum, and the client classes of each. */

export const TRANSPORTS: Readonly<Record<string, MessagingSystem>> = { TCP: "tcp", REDIS: "redis", NATS: "nats", MQTT: "mqtt", RMQ: "amqp", KAFKA: "kafka", GRPC: "grpc" };

const CLIENT_CLASSES: Record<string, MessagingSystem> = {
  ClientTCP: "tcp",
  ClientRedis: "redis",
  ClientNats: "nats",
  ClientMqtt: "mqtt",
  ClientRMQ: "amqp",
  ClientKafka: "kafka",
  ClientKafkaProxy: "kafka",
  ClientGrpc: "grpc",
  ClientGrpcProxy: "grpc",
};

export const NEST_MICROSERVICES = ["@nestjs/microservices"];

/**
 * Transports published as packages, which Nest runs as a custom strategy (`strategy: new NatsJetStreamServer({...})`)
 * and whose client is injected by its class (`private client: NatsJetStreamClient`): each class by its package.
 */
const PACKAGE_TRANSPORTS: Readonly<Record<string, { specifier: string; system: MessagingSystem }>> = {
  NatsJetStreamServer: { specifier: "@nestjs-plugins/nestjs-nats-jetstream-transport", system: "nats" },
  NatsJetStreamClient: { specifier: "@nestjs-plugins/nestjs-nats-jetstream-transport", system: "nats" },
  NatsJetStreamClientProxy: { specifier: "@nestjs-plugins/nestjs-nats-jetstream-transport", system: "nats" },
  Listener: { specifier: "@nestjs-plugins/nestjs-nats-streaming-transport", system: "nats-streaming" },
  Publisher: { specifier: "@nestjs-plugins/nestjs-nats-streaming-transport", system: "nats-streaming" },
};

/** The transport of a packaged strategy's or client's class as this file imports it (`NatsJetStreamClient`), else undefined. */
function packageTransport(name: string, ctx: ExtractContext | undefined): MessagingSystem | undefined {
  const known = Object.hasOwn(PACKAGE_TRANSPORTS, name) ? PACKAGE_TRANSPORTS[name] : undefined;
  const imported = known && ctx?.imports.get(name);
  return imported && imported.imported === name && imported.specifier === known!.specifier ? known!.system : undefined;
}

function unwrap(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return current;
}

/** `Transport.KAFKA` → "kafka"; undefined for anything else (a variable, a custom strategy). */
export function transportMember(expr: ts.Expression | undefined): MessagingSystem | undefined {
  if (!expr) return undefined;
  const inner = unwrap(expr);
  if (ts.isPropertyAccessExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === "Transport") return TRANSPORTS[inner.name.text];
  // `transport: Transport` (the enum itself, a slip seen in real code) matches none of Nest's cases: it starts the default, TCP.
  if (ts.isIdentifier(inner) && inner.text === "Transport") return "tcp";
  return undefined;
}

/** The transport of one of Nest's client classes by its name (`ClientKafka` → kafka), else undefined. */
export function nestClientClassSystem(name: string): MessagingSystem | undefined {
  return Object.hasOwn(CLIENT_CLASSES, name) ? CLIENT_CLASSES[name] : undefined;
}

/** The type annotation's class (`ClientKafka`, `ClientProxy`), as written. */
export function clientClassSystem(type: ts.TypeNode | undefined, ctx?: ExtractContext): MessagingSystem | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  return (Object.hasOwn(CLIENT_CLASSES, name) ? CLIENT_CLASSES[name] : undefined) ?? (ts.isIdentifier(type.typeName) ? packageTransport(name, ctx) : undefined);
}

/**
 * The transport microservice or client options choose: `transport: Transport.X`; none given is TCP
 * (Nest's default); a custom `strategy`, or options this file does not spell out, are undefined.
 * An identifier is followed to the object literal it was declared with, through `locals`.
 */
export function optionsSystem(expr: ts.Expression | undefined, locals: ReadonlyMap<string, ts.Expression>, ctx: ExtractContext, depth = 0): MessagingSystem | undefined {
  if (!expr || depth > 4) return undefined;
  const inner = unwrap(expr);
  if (ts.isIdentifier(inner)) {
    const init = locals.get(inner.text) ?? ctx.lookupLocal(inner.text)?.expr;
    return init ? optionsSystem(init, locals, ctx, depth + 1) : undefined;
  }
  if (!ts.isObjectLiteralExpression(inner)) return undefined;
  const transport = propertyNamed(inner, "transport");
  if (transport) return transportMember(transport);
  // AsyncMicroserviceOptions: { useFactory: (rmq) => rmq.createConfig(...), inject }: what the factory returns.
  const made = useFactoryOf(inner);
  if (made || propertyNamed(inner, "useClass") || propertyNamed(inner, "useExisting")) return made ? optionsSystem(made, locals, ctx, depth + 1) : undefined;
  const strategy = propertyNamed(inner, "strategy");
  if (strategy) {
    // `strategy: new NatsJetStreamServer({...})`: a packaged transport this file imports; any other strategy is unknown.
    const made = unwrap(strategy);
    return ts.isNewExpression(made) && ts.isIdentifier(made.expression) ? packageTransport(made.expression.text, ctx) : undefined;
  }
  if (inner.properties.some((p) => ts.isSpreadAssignment(p))) return undefined;
  return "tcp";
}

/**
 * A gRPC client's address: `options.url` of its options (`{ transport: Transport.GRPC, options: { url, package, protoPath } }`),
 * followed through a local and a `useFactory` as optionsSystem does.
 */
export function grpcAddressExpr(expr: ts.Expression | undefined, locals: ReadonlyMap<string, ts.Expression>, ctx: ExtractContext, depth = 0): ts.Expression | undefined {
  if (!expr || depth > 4) return undefined;
  const inner = unwrap(expr);
  if (ts.isIdentifier(inner)) {
    const init = locals.get(inner.text) ?? ctx.lookupLocal(inner.text)?.expr;
    return init ? grpcAddressExpr(init, locals, ctx, depth + 1) : undefined;
  }
  if (!ts.isObjectLiteralExpression(inner)) return undefined;
  const made = useFactoryOf(inner);
  if (made) return grpcAddressExpr(made, locals, ctx, depth + 1);
  const options = propertyNamed(inner, "options");
  const unwrapped = options && unwrap(options);
  return unwrapped && ts.isObjectLiteralExpression(unwrapped) ? propertyNamed(unwrapped, "url") : undefined;
}

/** The options a `useFactory` (a property or a method of the object) returns. */
export function useFactoryOf(obj: ts.ObjectLiteralExpression): ts.Expression | undefined {
  for (const prop of obj.properties) {
    if (ts.isMethodDeclaration(prop) && prop.name && propertyKey(prop.name) === "useFactory") return factoryResult(prop as unknown as ts.Expression);
  }
  return factoryResult(propertyNamed(obj, "useFactory"));
}

/** The object a `useFactory` returns: `() => ({ ... })`, or `function () { return { ... } }`. */
export function factoryResult(expr: ts.Expression | undefined): ts.Expression | undefined {
  if (!expr) return undefined;
  const fn = unwrap(expr);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isMethodDeclaration(fn)) return undefined;
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return unwrap(body as ts.Expression);
  for (const statement of body.statements) if (ts.isReturnStatement(statement) && statement.expression) return unwrap(statement.expression);
  return undefined;
}
