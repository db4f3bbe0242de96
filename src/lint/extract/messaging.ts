import { ts } from "../ts.js";
import type { MessagingSystem, Value } from "../types.js";
import type { Extractor } from "./walk.js";
import { ExtractContext, propertyNamed } from "./context.js";

/**
 * Asynchronous edges: Kafka (kafkajs, @platformatic/kafka), AMQP (amqplib),
 * NATS, and NestJS @EventPattern/@MessagePattern. These never count as
 * synchronous calls.
 */

const KAFKA = ["kafkajs", "@platformatic/kafka", "node-rdkafka", "@confluentinc/kafka-javascript"];
const AMQP = ["amqplib", "amqp-connection-manager", "amqplib/callback_api"];
const NATS = ["nats", "@nats-io/transport-node", "@nats-io/jetstream"];

function push(ctx: ExtractContext, node: ts.Node, system: MessagingSystem, role: "produce" | "consume", topic: Value): void {
  const inFunction = ctx.currentFunction();
  ctx.facts.topics.push({ system, role, topic, ...(inFunction ? { inFunction } : {}), location: ctx.loc(node) });
}

function topicsOf(expr: ts.Expression | undefined, ctx: ExtractContext): Value[] {
  if (!expr) return [];
  if (ts.isArrayLiteralExpression(expr)) return expr.elements.flatMap((e) => topicsOf(e, ctx));
  if (ts.isObjectLiteralExpression(expr)) {
    const topic = propertyNamed(expr, "topic");
    return topic ? [ctx.value(topic)] : [];
  }
  return [ctx.value(expr)];
}

export const messaging: Extractor = {
  family: "messaging",
  callProperties: ["send", "sendBatch", "subscribe", "consume", "publish", "sendToQueue"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    const first = node.arguments[0];
    // Kafka: producer.send({ topic, messages }) or send({ messages: [{ topic }] }); consumer.subscribe({ topic | topics }); consume({ topics })
    if (name === "send" && first && ts.isObjectLiteralExpression(first)) {
      const topic = propertyNamed(first, "topic");
      if (topic) return push(ctx, node, "kafka", "produce", ctx.value(topic));
      const messages = propertyNamed(first, "messages");
      if (messages && ts.isArrayLiteralExpression(messages) && ctx.importsAny(KAFKA)) {
        for (const value of messages.elements.flatMap((m) => topicsOf(m, ctx))) push(ctx, node, "kafka", "produce", value);
      } else if (messages && ctx.importsAny(KAFKA)) {
        push(ctx, node, "kafka", "produce", { parts: [{ kind: "unknown", hint: "messages" }] });
      }
      return;
    }
    if (name === "sendBatch" && first && ts.isObjectLiteralExpression(first)) {
      for (const value of topicsOf(propertyNamed(first, "topicMessages"), ctx)) push(ctx, node, "kafka", "produce", value);
      return;
    }
    if ((name === "subscribe" || name === "consume") && first && ts.isObjectLiteralExpression(first)) {
      const topics = propertyNamed(first, "topics") ?? propertyNamed(first, "topic");
      if (topics) for (const value of topicsOf(topics, ctx)) push(ctx, node, "kafka", "consume", value);
      return;
    }
    // AMQP
    if (ctx.importsAny(AMQP)) {
      if (name === "publish" && node.arguments.length >= 3) {
        const [exchange, routingKey] = node.arguments;
        const value = ctx.value(exchange);
        const key = ctx.value(routingKey);
        push(ctx, node, "amqp", "produce", { parts: [...value.parts, { kind: "text", text: "/" }, ...key.parts] });
      } else if (name === "sendToQueue" && first) push(ctx, node, "amqp", "produce", ctx.value(first));
      else if (name === "consume" && first && node.arguments.length >= 2) push(ctx, node, "amqp", "consume", ctx.value(first));
      return;
    }
    // NATS
    if (ctx.importsAny(NATS)) {
      if (name === "publish" && first) push(ctx, node, "nats", "produce", ctx.value(first));
      else if (name === "subscribe" && first) push(ctx, node, "nats", "consume", ctx.value(first));
    }
  },
  classDeclaration(node, ctx) {
    for (const member of node.members) {
      const decorators = ts.canHaveDecorators(member) ? ts.getDecorators(member) : undefined;
      for (const decorator of decorators ?? []) {
        const expr = decorator.expression;
        if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression)) continue;
        if (expr.expression.text !== "EventPattern" && expr.expression.text !== "MessagePattern") continue;
        const arg = expr.arguments[0];
        if (arg) push(ctx, decorator, "kafka", "consume", ctx.value(arg));
      }
    }
  },
};
