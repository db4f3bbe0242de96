import { ts } from "../../ts.js";
import type { Extractor } from "../walk.js";
import { pushTopicOf } from "./topic.js";

/**
 * NATS (`nats`, the @nats-io packages, JetStream) and NATS Streaming
 * (`node-nats-streaming`, whose subjects are a separate space: a STAN
 * channel is not a core NATS subject).
 *
 * `nc.publish(subject, data)`, `nc.subscribe(subject)`, `nc.request(subject, data)` (waits for a reply),
 * `js.publish(subject)`, `js.subscribe(subject)`, `js.pullSubscribe(subject)`; `stan.publish(subject, data, cb)`,
 * `stan.subscribe(subject, queueGroup?, options?)`. In a base class, `this.client.publish(this.subject, ...)`
 * is a template its subclasses fill in (`subject = Subjects.TicketCreated`).
 */

const NATS = ["nats", "@nats-io/transport-node", "@nats-io/nats-core", "@nats-io/jetstream", "@nats-io/services"];
const STAN = ["node-nats-streaming"];

export const nats: Extractor = {
  family: "messaging-nats",
  callProperties: ["publish", "subscribe", "request", "pullSubscribe"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const first = node.arguments[0];
    if (!first || ts.isObjectLiteralExpression(first) || ts.isArrayLiteralExpression(first)) return;
    const name = callee.name.text;
    const system = ctx.importsAny(STAN) ? "nats-streaming" : ctx.importsAny(NATS) ? "nats" : undefined;
    if (!system) return;
    if (name === "publish") pushTopicOf(ctx, node, system, "produce", first);
    else if (name === "subscribe" || name === "pullSubscribe") pushTopicOf(ctx, node, system, "consume", first);
    else if (name === "request" && system === "nats") pushTopicOf(ctx, node, system, "produce", first, { requestReply: true });
  },
};
