import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { brokerObject, importedObject } from "./objects.js";
import { callbackHandler, pushTopicOf } from "./topic.js";
import { propertyNamed, withoutAssertions } from "../context.js";

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

/** `natsWrapper.client`: a member of an object another module of the project exports. */
function wrappedClient(receiver: ts.Expression, ctx: Parameters<typeof importedObject>[1]): { specifier: string; name: string; member: string } | undefined {
  if (!ts.isPropertyAccessExpression(receiver)) return undefined;
  const object = importedObject(receiver.expression, ctx);
  return object && object.specifier.startsWith(".") ? { ...object, member: receiver.name.text } : undefined;
}

export const nats: Extractor = {
  family: "messaging-nats",
  callProperties: ["publish", "subscribe", "request", "pullSubscribe", "get"],
  // `const stan = nats.connect(cluster, id, { url })`, `const nc = await connect({ servers })`: kept for the modules that import it.
  factory(expr, ctx) {
    if (!ts.isCallExpression(expr)) return undefined;
    const stan = ctx.importsAny(STAN);
    if (!stan && !ctx.importsAny(NATS)) return undefined;
    const callee = expr.expression;
    const isConnect = ts.isIdentifier(callee) ? callee.text === "connect" : ts.isPropertyAccessExpression(callee) && callee.name.text === "connect";
    if (!isConnect || !ctx.isImportFrom(ts.isPropertyAccessExpression(callee) ? callee.expression : callee, stan ? STAN : NATS)) return undefined;
    return brokerObject(expr, ctx, stan ? "nats-streaming" : "nats");
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    // `js.consumers.get(stream, durable)` then `consume()`/`fetch()`: JetStream's pull consumers, whose subjects live in the
    // consumer's configuration on the server; not read, said in a diagnostic (model/understood.ts).
    if (callee.name.text === "get" && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === "consumers" && node.arguments.length >= 1 && ctx.importsAny(NATS)) {
      (ctx.facts.jetStreamPulls ??= []).push(ctx.loc(node));
      return;
    }
    if (callee.name.text === "get") return;
    const first = node.arguments[0];
    if (!first || ts.isObjectLiteralExpression(first) || ts.isArrayLiteralExpression(first)) return;
    const name = callee.name.text;
    // `new TicketUpdatedPublisher(client).publish(ticket)`: a project's publisher class, whose subclass names the subject
    // (subclass-topics.ts); its argument is the event's data, not a subject.
    if (ts.isNewExpression(withoutAssertions(callee.expression))) return;
    // `super.publish(data)` in a publisher subclass, `this.publisher.publish(ticket)` on a member typed with one: the class's
    // own method (the subject is the subclass's, subclass-topics.ts), not a client's publish of `data` as a subject.
    if (callee.expression.kind === ts.SyntaxKind.SuperKeyword) return;
    if (ts.isPropertyAccessExpression(callee.expression) && callee.expression.expression.kind === ts.SyntaxKind.ThisKeyword && /(Publisher|Producer)$/.test(ctx.fieldClassOf(callee.expression.name.text) ?? "")) return;
    const system = ctx.importsAny(STAN) ? "nats-streaming" : ctx.importsAny(NATS) ? "nats" : undefined;
    // Without a NATS import here, only a connection another module of the project exports (`import { stan } from "./nats"`),
    // or the client a wrapper it exports holds (`natsWrapper.client.publish(subject, data)`, the ticketing course's).
    const imported = system ? undefined : importedObject(callee.expression, ctx) ?? wrappedClient(callee.expression, ctx);
    if (!system && !imported) return;
    const options = imported ? { transportFrom: { kind: "object" as const, ...imported } } : {};
    if (name === "publish") pushTopicOf(ctx, node, system, "produce", first, options);
    else if (name === "subscribe" || name === "pullSubscribe") {
      // nc.subscribe(subject, { callback }), or (older clients) nc.subscribe(subject, callback): the handler is the callback.
      const second = node.arguments[1];
      const callback = second && ts.isObjectLiteralExpression(second) ? propertyNamed(second, "callback") : node.arguments[node.arguments.length - 1] !== first ? node.arguments[node.arguments.length - 1] : undefined;
      pushTopicOf(ctx, node, system, "consume", first, { ...options, ...callbackHandler(callback, ctx) });
    }
    else if (name === "request" && system !== "nats-streaming") pushTopicOf(ctx, node, system, "produce", first, { ...options, requestReply: true });
  },
};
