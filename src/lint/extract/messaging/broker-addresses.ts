import { ts } from "../../ts.js";
import type { BrokerAddressFact, MessagingSystem, Value } from "../../types.js";
import type { Extractor } from "../extractor.js";
import { localObjectLiteral as objectOf, propertyNamed, withoutAssertions, type ExtractContext, calleeName, classFieldExpression } from "../context.js";

/**
 * Where a service finds its broker, as the code writes it (hardcoded-endpoint judges the host): kafkajs
 * `new Kafka({ brokers: ["kafka:9092"] })` (and @confluentinc/kafka-javascript's `{ kafkaJS: { brokers } }`),
 * @platformatic/kafka `new Producer({ bootstrapBrokers })`, node-rdkafka `{ "metadata.broker.list": "a:9092,b:9092" }`,
 * kafka-node `new KafkaClient({ kafkaHost: "a:9092,b:9092" })`,
 * amqplib and amqp-connection-manager `connect("amqp://user@rabbit")` (or `{ hostname }`, or a list of URLs),
 * NATS `connect({ servers })` and node-nats-streaming `connect(cluster, id, { url })`, MQTT `mqtt.connect(url)`,
 * and the NestJS transport options (nest-microservices.ts: `options.client.brokers`, `options.urls`, `options.servers`, and a TCP
 * client's `options.host`, the other service's own address).
 * Each address is one fact; an env lookup or a configuration value is kept as it is (the model tells them apart).
 */

const KAFKA = ["kafkajs", "@platformatic/kafka", "node-rdkafka", "@confluentinc/kafka-javascript", "kafka-node"];
const AMQP = ["amqplib", "amqplib/callback_api", "amqp-connection-manager"];
const NATS = ["nats", "@nats-io/transport-node", "node-nats-streaming"];
const MQTT = ["mqtt", "async-mqtt"];
const MODULES = [...KAFKA, ...AMQP, ...NATS, ...MQTT];

/** Option keys that list Kafka bootstrap brokers, by library (kafka-node's `new KafkaClient({ kafkaHost: "a:9092,b:9092" })` last). */
const KAFKA_KEYS = ["brokers", "bootstrapBrokers", "metadata.broker.list", "bootstrap.servers", "kafkaHost"];

export const brokerAddresses: Extractor = {
  family: "broker-addresses",
  modules: MODULES,
  callProperties: ["connect"],
  callIdentifiers: true,
  newExpression(node, ctx) {
    const options = node.arguments?.[0];
    if (!options || !ctx.importsAny(KAFKA) || !rootImportedFrom(node.expression, KAFKA, ctx)) return;
    const object = objectOf(options, ctx);
    if (!object) return;
    const library = ctx.importOf(node.expression)?.specifier ?? "kafka";
    const nested = propertyNamed(object, "kafkaJS");
    const within = (nested && objectOf(nested, ctx)) || object;
    for (const key of KAFKA_KEYS) {
      const value = propertyNamed(within, key);
      if (value) pushAddresses(ctx, node, "kafka", library, value);
    }
  },
  call(node, ctx) {
    const callee = node.expression;
    const name = calleeName(node);
    if (name !== "connect") return;
    const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
    const from = ctx.importOf(receiver);
    if (!from) return;
    const module = from.specifier;
    const [first, , third] = node.arguments;
    if (AMQP.includes(module)) {
      // connect(url | [urls] | { hostname, port, protocol })
      const object = first && objectOf(first, ctx);
      if (object) {
        const host = propertyNamed(object, "hostname");
        if (host) pushAddresses(ctx, node, "amqp", module, host, true);
      } else if (first) pushAddresses(ctx, node, "amqp", module, first);
    } else if (module === "node-nats-streaming") {
      const object = third && objectOf(third, ctx);
      const url = object && (propertyNamed(object, "url") ?? propertyNamed(object, "servers"));
      if (url) pushAddresses(ctx, node, "nats-streaming", module, url);
    } else if (NATS.includes(module)) {
      const object = first && objectOf(first, ctx);
      const servers = object ? (propertyNamed(object, "servers") ?? propertyNamed(object, "url")) : first;
      if (servers) pushAddresses(ctx, node, "nats", module, servers);
    } else if (MQTT.includes(module) && first && !objectOf(first, ctx)) pushAddresses(ctx, node, "mqtt", module, first);
  },
};

/**
 * The addresses in NestJS transport options (`{ transport: Transport.KAFKA, options: { client: { brokers } } }`,
 * RMQ `options.urls`, NATS `options.servers`, MQTT and Redis `options.url`), once the options object is known.
 */
export function nestBrokerAddresses(ctx: ExtractContext, at: ts.Node, system: MessagingSystem, options: ts.ObjectLiteralExpression, token?: ts.Expression): void {
  const inner = propertyNamed(options, "options");
  const object = inner && objectOf(inner, ctx);
  if (!object) return;
  const library = "@nestjs/microservices";
  if (system === "kafka") {
    const client = propertyNamed(object, "client");
    const clientObject = client && objectOf(client, ctx);
    const brokers = clientObject && propertyNamed(clientObject, "brokers");
    if (brokers) pushAddresses(ctx, at, system, library, brokers);
  } else if (system === "amqp") {
    const urls = propertyNamed(object, "urls");
    if (urls) pushAddresses(ctx, at, system, library, urls);
  } else if (system === "nats") {
    const servers = propertyNamed(object, "servers") ?? propertyNamed(object, "url");
    if (servers) pushAddresses(ctx, at, system, library, servers);
  } else if (system === "tcp") {
    // No broker: the address of the microservice itself (`options: { host: "orders", port: 4001 }`).
    const host = propertyNamed(object, "host");
    if (host) pushAddresses(ctx, at, system, library, host, true, token && peerName(token, ctx));
  } else if (system === "mqtt" || system === "redis") {
    const url = propertyNamed(object, "url");
    const host = url ? undefined : propertyNamed(object, "host");
    if (url) pushAddresses(ctx, at, system, library, url);
    else if (host) pushAddresses(ctx, at, system, library, host, true);
  }
}

/**
 * The packaged NATS JetStream transport's connection (`NatsJetStreamTransport.register({ connectionOptions: { servers } })`
 * for its client, `new NatsJetStreamServer({ connectionOptions: { servers } })` for its server): its NATS addresses.
 */
export function packagedNatsAddresses(ctx: ExtractContext, at: ts.Node, options: ts.Expression | undefined, library: string): void {
  const object = options && objectOf(options, ctx);
  const connection = object && propertyNamed(object, "connectionOptions");
  const inner = connection && objectOf(connection, ctx);
  const servers = inner && propertyNamed(inner, "servers");
  if (servers) pushAddresses(ctx, at, "nats", library, servers);
}

/** A TCP client's token as the file gives it (`"ORDERS"`, a constant of the file), else a constant's name without `_TOKEN`. */
function peerName(token: ts.Expression, ctx: ExtractContext): string | undefined {
  const { parts } = ctx.value(token);
  if (parts.length && parts.every((part) => part.kind === "text")) return parts.map((part) => (part.kind === "text" ? part.text : "")).join("");
  return ts.isIdentifier(token) ? token.text.replace(/_TOKEN$/, "") : undefined;
}

/** One fact per address: each element of a list written as one, else the value itself. `bare`: a host on its own. */
function pushAddresses(ctx: ExtractContext, at: ts.Node, system: MessagingSystem, library: string, expr: ts.Expression, bare = false, peer?: string): void {
  let inner = withoutAssertions(expr);
  if (ts.isIdentifier(inner)) {
    const local = ctx.lookupLocal(inner.text)?.expr;
    if (local && ts.isArrayLiteralExpression(withoutAssertions(local))) inner = withoutAssertions(local);
  }
  // `brokers: this.brokers` with `private readonly brokers = ["localhost:9092"]` in the class: the list the field holds.
  if (ts.isPropertyAccessExpression(inner) && inner.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = ctx.stack.findLast((node): node is ts.ClassLikeDeclaration => ts.isClassLike(node));
    const held = cls && classFieldExpression(cls, inner.name.text);
    if (held && ts.isArrayLiteralExpression(withoutAssertions(held))) inner = withoutAssertions(held);
  }
  const list = ts.isArrayLiteralExpression(inner) ? inner.elements.filter((e) => !ts.isSpreadElement(e)) : [inner];
  const facts = (ctx.facts.brokerAddresses ??= []);
  for (const element of list) {
    // "kafka-1:9092, kafka-2: 9092", one string listing several brokers (Kafka's own bootstrap list): each its own address,
    // without the spaces the client ignores.
    const addresses: Value[] = ts.isStringLiteralLike(element) && /[,\s]/.test(element.text)
      ? element.text.split(",").map((piece) => piece.replace(/\s+/g, "")).filter(Boolean).map((text) => ({ parts: [{ kind: "text", text }] }))
      : [ctx.value(element)];
    for (const address of addresses) {
      const fact: BrokerAddressFact = { system, library, address, location: ctx.loc(at) };
      if (bare) fact.bare = true;
      if (peer) fact.peer = peer;
      facts.push(fact);
    }
  }
}


/** `Kafka`, `KafkaJS.Kafka`, `Kafka.Producer`: a class whose root name is imported from one of the modules. */
function rootImportedFrom(expr: ts.Expression, modules: readonly string[], ctx: ExtractContext): boolean {
  const imported = ctx.importOf(expr);
  return Boolean(imported && modules.includes(imported.specifier));
}
