import { ts } from "../../ts.js";
import type { Value } from "../../types.js";
import type { Extractor } from "../extractor.js";
import { ExtractContext, localObjectLiteral, propertyNamed } from "../context.js";
import { callbackHandler, exchangeKey, pushTopic, pushTopicOf, topicValue } from "./topic.js";

/**
 * AMQP (RabbitMQ): amqplib and amqp-connection-manager channels, and
 * @golevelup/nestjs-rabbitmq. A message published to an exchange with a
 * routing key is "exchange/key"; a queue bound to that exchange and key
 * consumes "exchange/key"; the default exchange ("") is the queue itself.
 *
 * `ch.publish(exchange, key, content)`, `ch.sendToQueue(queue, content)`, `ch.consume(queue, fn)`,
 * `ch.bindQueue(queue, exchange, key)`, with `q.queue` of `const q = await ch.assertQueue("jobs")` read as "jobs";
 * `@RabbitSubscribe({ exchange, routingKey, queue })`, `@RabbitRPC(...)`, `amqpConnection.request({ exchange, routingKey })`.
 */

const AMQP = ["amqplib", "amqp-connection-manager", "amqplib/callback_api", "@golevelup/nestjs-rabbitmq"];
/** Methods only an AMQP channel has: a file that calls them uses one, even one a helper of the project opened (or acks with, below). */
const CHANNEL_ONLY = /\.(?:assertQueue|assertExchange|sendToQueue|bindQueue)\s*\(/;
const channelFiles = new WeakMap<ts.SourceFile, boolean>();

/**
 * `channel.ack(msg)` of a channel a helper of the project opened (`const channel = await getChannel()`): an AMQP
 * consumer's acknowledgement, in a file that imports no other broker's client (NATS JetStream and others ack too).
 */
const CHANNEL_ACK = /\.n?ack\(\s*[\w$]+\s*[,)]/;
const OTHER_BROKERS = ["nats", "@nats-io/transport-node", "@nats-io/jetstream", "node-nats-streaming", "kafkajs", "kafka-node", "node-rdkafka", "@aws-sdk/client-sqs", "sqs-consumer", "aws-sdk", "bull", "bullmq", "@google-cloud/pubsub", "@azure/service-bus", "mqtt", "redis", "ioredis", "stompit", "rhea", "rhea-promise"];

function usesAmqp(ctx: ExtractContext): boolean {
  if (ctx.importsAny(AMQP)) return true;
  let answer = channelFiles.get(ctx.sf);
  if (answer === undefined) channelFiles.set(ctx.sf, (answer = CHANNEL_ONLY.test(ctx.sf.text) || (CHANNEL_ACK.test(ctx.sf.text) && !ctx.importsAny(OTHER_BROKERS))));
  return answer;
}
const GOLEVELUP = ["@golevelup/nestjs-rabbitmq"];

const ASSERTED: Record<string, string> = { queue: "assertQueue", exchange: "assertExchange" };

/** `q.queue` where `q = await ch.assertQueue("jobs")`, `ex.exchange` of `assertExchange("logs", "fanout")`: the name asserted. */
function nameOf(expr: ts.Expression, ctx: ExtractContext): Value {
  if (ts.isPropertyAccessExpression(expr) && ASSERTED[expr.name.text] && ts.isIdentifier(expr.expression)) {
    let init = ctx.lookupLocal(expr.expression.text)?.expr;
    while (init && (ts.isAwaitExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression;
    if (init && ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === ASSERTED[expr.name.text]) {
      const name = init.arguments[0];
      return name ? topicValue(name, ctx) : { parts: [{ kind: "text", text: "" }] };
    }
  }
  return topicValue(expr, ctx);
}

/**
 * RPC over a queue (RabbitMQ's request/reply pattern): a request names the queue its reply comes back on (`replyTo`)
 * or carries a `correlationId`, and the reply goes to the asker's `msg.properties.replyTo`. A call, not an event.
 */
function isRpc(queue: ts.Expression, options: ts.Expression | undefined, ctx: ExtractContext): boolean {
  if (ts.isPropertyAccessExpression(queue) && queue.name.text === "replyTo") return true;
  const object = options && localObjectLiteral(options, ctx);
  return Boolean(object && (propertyNamed(object, "replyTo") || propertyNamed(object, "correlationId")));
}

/** `{ exchange, routingKey }` (or `{ queue }`) of a RabbitSubscribe or RabbitRPC written in place or in a local. */
function subscribedTopic(options: ts.ObjectLiteralExpression, ctx: ExtractContext): Value | undefined {
  const exchange = propertyNamed(options, "exchange");
  const key = propertyNamed(options, "routingKey");
  const queue = propertyNamed(options, "queue");
  return exchange && key ? exchangeKey(topicValue(exchange, ctx), topicValue(key, ctx)) : queue ? topicValue(queue, ctx) : undefined;
}

/**
 * `@RabbitRPC(rpcOptions)` with the options an imported constant (a shared library's `export const rpcOptions = { exchange,
 * routingKey }`): its exchange and routing key, as the model reads that module's constants.
 */
function importedSubscription(options: ts.Expression, ctx: ExtractContext): Value | undefined {
  if (!ts.isIdentifier(options)) return undefined;
  const imported = ctx.imports.get(options.text);
  if (!imported || imported.imported === "*") return undefined;
  const member = (name: string): Value => ({ parts: [{ kind: "import", specifier: imported.specifier, name: `${imported.imported}.${name}` }] });
  return exchangeKey(member("exchange"), member("routingKey"));
}

/**
 * A channel a getter of the project hands out (`const channel = getChannel()`, `await getRabbitChannel()`, imported from a
 * module of the repository that keeps the amqplib channel it opened), in a file that imports no broker's client itself.
 */
function gottenChannel(receiver: ts.Expression, ctx: ExtractContext): boolean {
  if (!ts.isIdentifier(receiver)) return false;
  let init = ctx.lookupLocal(receiver.text)?.expr;
  while (init && (ts.isAwaitExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression;
  if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression)) return false;
  const imported = ctx.imports.get(init.expression.text);
  if (!imported || !imported.specifier.startsWith(".") || !/channel/i.test(imported.imported === "default" ? init.expression.text : imported.imported)) return false;
  return !ctx.importsAny(OTHER_BROKERS);
}

/** `Buffer.from(...)` written at the call or in the local handed to it: an AMQP message's content (`channel.publish(exchange, key, content)`). */
function isBuffer(expr: ts.Expression, ctx: ExtractContext): boolean {
  let value: ts.Expression | undefined = expr;
  if (ts.isIdentifier(value)) value = ctx.lookupLocal(value.text)?.expr;
  return Boolean(value && ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && ts.isIdentifier(value.expression.expression) && value.expression.expression.text === "Buffer" && value.expression.name.text === "from");
}

export const amqp: Extractor = {
  family: "messaging-amqp",
  callProperties: ["publish", "sendToQueue", "consume", "bindQueue", "request"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    const [first, second, third] = node.arguments;
    if (!usesAmqp(ctx) && !(gottenChannel(callee.expression, ctx) && ((name === "publish" && third && isBuffer(third, ctx)) || (name === "consume" && second)))) return;
    if (name === "publish" && first && second && third) {
      pushTopic(ctx, node, "amqp", "produce", exchangeKey(nameOf(first, ctx), topicValue(second, ctx)));
    } else if (name === "sendToQueue" && first) pushTopic(ctx, node, "amqp", "produce", nameOf(first, ctx), isRpc(first, third, ctx) ? { requestReply: true } : {});
    else if (name === "consume" && first && second && !ts.isObjectLiteralExpression(first)) pushTopic(ctx, node, "amqp", "consume", nameOf(first, ctx), callbackHandler(second, ctx));
    else if (name === "bindQueue" && first && second && third) pushTopic(ctx, node, "amqp", "consume", exchangeKey(nameOf(second, ctx), topicValue(third, ctx)));
    else if (name === "request" && first && ts.isObjectLiteralExpression(first) && ctx.importsAny(GOLEVELUP)) {
      const exchange = propertyNamed(first, "exchange");
      const key = propertyNamed(first, "routingKey");
      if (exchange && key) pushTopic(ctx, node, "amqp", "produce", exchangeKey(topicValue(exchange, ctx), topicValue(key, ctx)), { requestReply: true });
    } else if (name === "request" && first && ts.isIdentifier(first) && ctx.importsAny(GOLEVELUP)) {
      // amqpConnection.request(rpcOptions), the options an imported constant: the RPC its exchange and key name.
      const asked = importedSubscription(first, ctx);
      if (asked) pushTopic(ctx, node, "amqp", "produce", asked, { requestReply: true });
    }
  },
  classDeclaration(node, ctx) {
    if (!ctx.importsAny(GOLEVELUP)) return;
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.name) continue;
      for (const decorator of ts.getDecorators(member) ?? []) {
        const expr = decorator.expression;
        if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression)) continue;
        const kind = expr.expression.text;
        if (kind !== "RabbitSubscribe" && kind !== "RabbitRPC") continue;
        const options = expr.arguments[0];
        const written = options && localObjectLiteral(options, ctx);
        const topic = written ? subscribedTopic(written, ctx) : options ? importedSubscription(options, ctx) : undefined;
        const method = ts.isIdentifier(member.name) ? member.name.text : undefined;
        const inFunction = method && node.name ? `fn:${node.name.text}.${method}` : undefined;
        if (topic) pushTopic(ctx, decorator, "amqp", "consume", topic, { ...(kind === "RabbitRPC" ? { requestReply: true } : {}), ...(inFunction ? { inFunction } : {}) });
      }
    }
  },
};
