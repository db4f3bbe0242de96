import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { pushTopicOf } from "./topic.js";

/**
 * nestjs-rmq (RabbitMQ for NestJS through one topic exchange): `@RMQRoute(topic)` on a controller's method answers
 * that topic, `rmqService.send(topic, data)` asks it and waits for the answer (RPC over a reply queue), and
 * `rmqService.notify(topic, data)` publishes an event nobody answers. Read only in files that import the package, so
 * `send` and `notify` of anything else are never taken for it.
 */

const NESTJS_RMQ = ["nestjs-rmq"];

export const nestjsRmq: Extractor = {
  family: "messaging-nestjs-rmq",
  callProperties: ["send", "notify"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ctx.importsAny(NESTJS_RMQ)) return;
    const [topic, data] = node.arguments;
    // Both take the topic and the message: a one-argument `send` is some other object's.
    if (!topic || !data) return;
    if (callee.name.text === "send") pushTopicOf(ctx, node, "amqp", "produce", topic, { requestReply: true });
    else pushTopicOf(ctx, node, "amqp", "produce", topic);
  },
  classDeclaration(node, ctx) {
    if (!ctx.importsAny(NESTJS_RMQ) || !node.name) return;
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.name || !ts.isIdentifier(member.name)) continue;
      for (const decorator of ts.getDecorators(member) ?? []) {
        const expr = decorator.expression;
        if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || expr.expression.text !== "RMQRoute") continue;
        // The route answers whoever sends to it; a `notify` to the same topic is taken as well, unanswered.
        pushTopicOf(ctx, decorator, "amqp", "consume", expr.arguments[0], { requestReply: true, inFunction: `fn:${node.name.text}.${member.name.text}` });
      }
    }
  },
};
