import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { brokerObject, importedObject } from "./objects.js";
import { callbackHandler, pushTopic, pushTopicOf, topicValue } from "./topic.js";
import { ExtractContext, localObjectLiteral, propertyNamed, withoutAssertions } from "../context.js";

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
  callProperties: ["publish", "subscribe", "request", "pullSubscribe", "get", "add"],
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
    // `js.consumers.get(stream, durable)` then `consume()`/`fetch()`: JetStream's pull consumers, whose subjects live in the
    // consumer's (or the stream's) configuration: read as consumers of those subjects where the scan declares them
    // (`jsm.consumers.add`, `jsm.streams.add`, model/topics.ts); said in a diagnostic otherwise (model/understood.ts).
    if (callee.name.text === "get" && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === "consumers" && node.arguments.length >= 1 && ctx.importsAny(NATS)) {
      (ctx.facts.jetStreamPulls ??= []).push(ctx.loc(node));
      pullConsumer(node, ctx);
      return;
    }
    if (callee.name.text === "add") {
      if (ctx.importsAny(NATS)) jetStreamConfig(node, callee, ctx);
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

/**
 * `jsm.consumers.add(stream, { durable_name, filter_subject | filter_subjects })` and `jsm.streams.add({ name, subjects })`:
 * the subjects a durable consumer, or a whole stream, takes.
 */
function jetStreamConfig(node: ts.CallExpression, callee: ts.PropertyAccessExpression, ctx: ExtractContext): void {
  if (!ts.isPropertyAccessExpression(callee.expression)) return;
  const kind = callee.expression.name.text;
  const options = node.arguments[kind === "consumers" ? 1 : 0];
  const object = options && localObjectLiteral(options, ctx);
  if (!object || (kind !== "consumers" && kind !== "streams")) return;
  const subjectsOf = (...names: string[]): ts.Expression[] => {
    const out: ts.Expression[] = [];
    for (const name of names) {
      const value = propertyNamed(object, name);
      if (!value) continue;
      if (ts.isArrayLiteralExpression(value)) out.push(...value.elements.filter((e) => !ts.isSpreadElement(e)));
      else out.push(value);
    }
    return out;
  };
  if (kind === "consumers") {
    const stream = node.arguments[0];
    const durable = propertyNamed(object, "durable_name") ?? propertyNamed(object, "name");
    if (!stream || !durable) return;
    const subjects = subjectsOf("filter_subject", "filter_subjects");
    (ctx.facts.jetStreamConfigs ??= []).push({ stream: topicValue(stream, ctx), durable: topicValue(durable, ctx), subjects: subjects.map((e) => topicValue(e, ctx)), location: ctx.loc(node) });
    return;
  }
  const name = propertyNamed(object, "name");
  const subjects = subjectsOf("subjects");
  if (!name || !subjects.length) return;
  (ctx.facts.jetStreamConfigs ??= []).push({ stream: topicValue(name, ctx), subjects: subjects.map((e) => topicValue(e, ctx)), location: ctx.loc(node) });
}

/**
 * A pull consumer's handler: the callback of `c.consume({ callback })` on the consumer the call's result is kept in
 * (`const c = await js.consumers.get(stream, durable)`), else the function that fetches and loops over its messages
 * (`for await (const m of await c.consume())`, `c.fetch({ max_messages })`).
 */
function pullConsumer(node: ts.CallExpression, ctx: ExtractContext): void {
  const [stream, durable] = node.arguments;
  if (!stream) return;
  // The walk keeps no parent pointers: the enclosing nodes are its stack.
  let at = ctx.stack.lastIndexOf(node);
  if (at < 0) at = ctx.stack.length;
  let holder: ts.Node | undefined = ctx.stack[at - 1];
  while (holder && (ts.isAwaitExpression(holder) || ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder))) holder = ctx.stack[--at - 1];
  const local = holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
  let callback: ts.Expression | undefined;
  const body = enclosingFunction(ctx);
  if (local && body) {
    const visit = (n: ts.Node): void => {
      if (callback) return;
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "consume" && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === local) {
        const options = n.arguments[0];
        const object = options && ts.isObjectLiteralExpression(options) ? options : undefined;
        callback = object ? propertyNamed(object, "callback") : undefined;
      }
      ts.forEachChild(n, visit);
    };
    visit(body);
  }
  const before = ctx.facts.topics.length;
  pushTopic(ctx, node, "nats", "consume", topicValue(stream, ctx), callbackHandler(callback, ctx));
  const fact = ctx.facts.topics[before];
  if (fact) fact.pull = { stream: fact.topic, ...(durable ? { durable: topicValue(durable, ctx) } : {}) };
}

function enclosingFunction(ctx: ExtractContext): ts.Node | undefined {
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const n = ctx.stack[i]!;
    if (ts.isFunctionLike(n)) return n;
  }
  return undefined;
}
