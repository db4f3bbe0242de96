import { ts } from "../../ts.js";
import type { Value } from "../../types.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { callbackHandler, exchangeKey, pushTopic, topicValue } from "./topic.js";

/**
 * amqp-ts (and its fork amqp-ts-async): RabbitMQ through objects the connection declares, not through a channel.
 * `const exchange = connection.declareExchange("orders", "fanout")` then `exchange.send(message, key?)` publishes to
 * "orders" (or "orders/key"); `const queue = connection.declareQueue("jobs")` then `queue.send(message)` publishes to the
 * queue, `queue.activateConsumer(fn)` (or `startConsumer`) consumes it, and `queue.bind(exchange, key?)` consumes what
 * the exchange routes to it. The exchange or queue is read where the code keeps it: a local, or a module constant.
 */

const MODULES = ["amqp-ts", "amqp-ts-async"];

/** What `declareExchange(name)` or `declareQueue(name)` made the receiver: its kind and its name, if the code says. */
function declared(receiver: ts.Expression, ctx: ExtractContext): { kind: "exchange" | "queue"; name: Value } | undefined {
  let made: ts.Expression | undefined = receiver;
  if (ts.isIdentifier(made)) made = ctx.lookupLocal(made.text)?.expr;
  while (made && (ts.isAwaitExpression(made) || ts.isParenthesizedExpression(made))) made = made.expression;
  if (!made || !ts.isCallExpression(made) || !ts.isPropertyAccessExpression(made.expression)) return undefined;
  const method = made.expression.name.text;
  const kind = method === "declareExchange" ? "exchange" : method === "declareQueue" ? "queue" : undefined;
  const name = made.arguments[0];
  return kind && name ? { kind, name: topicValue(name, ctx) } : undefined;
}

export const amqpTs: Extractor = {
  family: "messaging-amqp-ts",
  callProperties: ["send", "activateConsumer", "startConsumer", "bind"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ctx.importsAny(MODULES)) return;
    const target = declared(callee.expression, ctx);
    if (!target) return;
    const [first, second] = node.arguments;
    switch (callee.name.text) {
      case "send":
        if (first) pushTopic(ctx, node, "amqp", "produce", target.kind === "exchange" && second ? exchangeKey(target.name, topicValue(second, ctx)) : target.name);
        return;
      case "activateConsumer":
      case "startConsumer":
        if (target.kind === "queue" && first) pushTopic(ctx, node, "amqp", "consume", target.name, callbackHandler(first, ctx));
        return;
      case "bind": {
        const exchange = first && declared(first, ctx);
        if (target.kind === "queue" && exchange?.kind === "exchange") pushTopic(ctx, node, "amqp", "consume", second ? exchangeKey(exchange.name, topicValue(second, ctx)) : exchange.name);
        return;
      }
    }
  },
};
