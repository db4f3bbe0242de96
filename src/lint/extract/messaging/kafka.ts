import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import type { Value } from "../../types.js";
import { propertyKey, propertyNamed, type ExtractContext, calleeName } from "../context.js";
import { callbackHandler, pushTopic, pushTopicOf, topicsOf } from "./topic.js";

/**
 * Kafka: kafkajs and the KafkaJS-shaped APIs (@confluentinc/kafka-javascript's
 * KafkaJS, @platformatic/kafka), and node-rdkafka's own API (also offered by
 * @confluentinc/kafka-javascript).
 *
 * `producer.send({ topic, messages })`, `send({ messages: [{ topic }] })`, `sendBatch({ topicMessages })`,
 * `consumer.subscribe({ topic | topics })`, `consume({ topics })`; node-rdkafka `producer.produce(topic, ...)`,
 * `consumer.subscribe([topics])`, `createWriteStream(conf, topicConf, { topic })`, `createReadStream(..., { topics })`;
 * kafka-node `producer.send([{ topic, messages }], cb)`, `new Consumer(client, [{ topic }])` and `new ConsumerGroup(options, topics)`
 * with the `consumer.on("message", cb)` each message runs.
 */

const KAFKA = ["kafkajs", "@platformatic/kafka", "node-rdkafka", "@confluentinc/kafka-javascript"];
const RDKAFKA = ["node-rdkafka", "@confluentinc/kafka-javascript"];
const KAFKA_NODE = ["kafka-node"];
/** kafka-node's consumers, each given its topics second: `new Consumer(client, [{ topic }], options)`, `new ConsumerGroup(options, topics)`. */
const KAFKA_NODE_CONSUMERS = new Set(["Consumer", "ConsumerGroup", "HighLevelConsumer", "ConsumerStream", "ConsumerGroupStream"]);

/** A receiver named as a producer: `producer`, `this.kafkaProducer`, `this.producerService.producer`. */
const PRODUCER = /produc/i;

/**
 * The topic of a record handed over whole, `producer.send(record)`: the `topic` of what the caller passes when `record`
 * is a parameter (a helper told its record by each caller, model/argument-topics.ts), else a topic arch-lint cannot name.
 */
function recordTopic(record: ts.Expression, ctx: ExtractContext): Value {
  const hint = `${ctx.text(record).slice(0, 50)}.topic`;
  const ref = ts.isIdentifier(record) ? ctx.paramRef(record.text) : undefined;
  return { parts: [ref ? { kind: "unknown", hint, ref: { fn: ref.fn, index: ref.index, path: [...(ref.path ?? []), "topic"] } } : { kind: "unknown", hint }] };
}

/** A local or module constant's initialiser when `expr` names one (`producer.send(payloads, cb)`), else `expr`. */
function declared(expr: ts.Expression, ctx: ExtractContext): ts.Expression {
  return (ts.isIdentifier(expr) && ctx.lookupLocal(expr.text)?.expr) || expr;
}

/** kafka-node's payloads: `[{ topic, messages }]`, each element naming both (no other client sends that shape). */
function kafkaNodePayloads(expr: ts.Expression, ctx: ExtractContext): ts.ArrayLiteralExpression | undefined {
  const list = declared(expr, ctx);
  if (!ts.isArrayLiteralExpression(list) || list.elements.length === 0) return undefined;
  const shaped = list.elements.every((e) => ts.isObjectLiteralExpression(e) && propertyNamed(e, "topic") && propertyNamed(e, "messages"));
  return shaped ? list : undefined;
}

/**
 * The callback of `<consumer>.on("message", callback)` for the consumer a `new Consumer(...)` is bound to (a variable,
 * or a member `this.consumer`), in the same function or at the top of the module: what each message runs.
 */
function messageListenerOf(node: ts.NewExpression, ctx: ExtractContext): ts.Expression | undefined {
  const parent = ctx.stack[ctx.stack.length - 2];
  const receiver =
    parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)
      ? parent.name.text
      : parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node
        ? ctx.text(parent.left)
        : undefined;
  if (!receiver) return undefined;
  let found: ts.Expression | undefined;
  const visit = (at: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(at) && ts.isPropertyAccessExpression(at.expression) && at.expression.name.text === "on" && at.arguments.length === 2) {
      const [event, listener] = at.arguments;
      if (ts.isStringLiteralLike(event!) && event.text === "message" && ctx.text(at.expression.expression) === receiver) found = listener;
    }
    if (!found) ts.forEachChild(at, visit);
  };
  visit(enclosingScope(ctx));
  return found;
}

/** The body of the innermost function being walked, or the whole file at its top level. */
function enclosingScope(ctx: ExtractContext): ts.Node {
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (ts.isFunctionLike(node) && "body" in node && node.body) return node.body;
  }
  return ctx.sf;
}

/** The bodies of the functions being walked, innermost first (at most `depth` of them), then the file at its top level. */
function enclosingScopes(ctx: ExtractContext, depth: number): ts.Node[] {
  const scopes: ts.Node[] = [];
  for (let i = ctx.stack.length - 1; i >= 0 && scopes.length < depth; i--) {
    const node = ctx.stack[i]!;
    if (ts.isFunctionLike(node) && "body" in node && node.body) scopes.push(node.body);
  }
  return scopes.length ? scopes : [ctx.sf];
}

/**
 * kafkajs: `consumer.run({ eachMessage })` (or `eachBatch`) on the consumer that subscribes, in the same function
 * (or at the top of the module): the callback each message runs. When that function does not run it, the one around it:
 * `await withRetry(() => consumer.subscribe({ topic }))` and `await withRetry(() => consumer.run({ eachMessage }))`,
 * two callbacks of the function that made the consumer.
 */
function eachMessageOf(consumer: ts.Expression, ctx: ExtractContext): ts.Expression | undefined {
  for (const scope of enclosingScopes(ctx, 2)) {
    const found = eachMessageIn(scope, consumer, ctx);
    if (found) return found;
  }
  return undefined;
}

function eachMessageIn(scope: ts.Node, consumer: ts.Expression, ctx: ExtractContext): ts.Expression | undefined {
  const receiver = ctx.text(consumer);
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "run" && ctx.text(node.expression.expression) === receiver) {
      const options = node.arguments[0];
      if (options && ts.isObjectLiteralExpression(options)) {
        for (const key of ["eachMessage", "eachBatch"]) {
          const member = options.properties.find((p) => p.name && propertyKey(p.name) === key);
          if (member && ts.isMethodDeclaration(member)) found = member as unknown as ts.Expression;
          else if (member && (ts.isPropertyAssignment(member) || ts.isShorthandPropertyAssignment(member))) found = propertyNamed(options, key);
          if (found) return;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

export const kafka: Extractor = {
  family: "messaging-kafka",
  callProperties: ["send", "sendBatch", "subscribe", "consume", "produce", "createWriteStream", "createReadStream"],
  newExpression(node, ctx) {
    const callee = node.expression;
    const name = calleeName(node);
    if (!name || !KAFKA_NODE_CONSUMERS.has(name) || !ctx.importsAny(KAFKA_NODE) || !KAFKA_NODE.includes(ctx.importOf(callee)?.specifier ?? "")) return;
    const topics = node.arguments?.[1];
    if (!topics) return;
    const handler = callbackHandler(messageListenerOf(node, ctx), ctx);
    for (const { value, expr } of topicsOf(declared(topics, ctx), ctx)) pushTopic(ctx, node, "kafka", "consume", value, handler, expr);
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    const first = node.arguments[0];
    // kafka-node: producer.send([{ topic, messages }], callback)
    const payloads = name === "send" && first && !ts.isObjectLiteralExpression(first) ? kafkaNodePayloads(first, ctx) : undefined;
    if (payloads) {
      for (const { value, expr } of topicsOf(payloads, ctx)) pushTopic(ctx, node, "kafka", "produce", value, {}, expr);
      return;
    }
    if (name === "send" && first && ts.isObjectLiteralExpression(first)) {
      // `{ topic, messages }` is the KafkaJS shape wherever it is called from (often a wrapper that imports no client).
      const topic = propertyNamed(first, "topic");
      if (topic) return pushTopicOf(ctx, node, "kafka", "produce", topic);
      const messages = propertyNamed(first, "messages");
      if (!messages || !ctx.importsAny(KAFKA)) return;
      if (ts.isArrayLiteralExpression(messages)) {
        for (const { value, expr } of messages.elements.flatMap((m) => topicsOf(m, ctx))) pushTopic(ctx, node, "kafka", "produce", value, {}, expr);
      } else pushTopic(ctx, node, "kafka", "produce", { parts: [{ kind: "unknown", hint: "messages" }] });
      return;
    }
    if (name === "send" && first && ctx.importsAny(KAFKA) && PRODUCER.test(ctx.text(callee.expression))) {
      const record = declared(first, ctx);
      if (ts.isObjectLiteralExpression(record)) return pushTopicOf(ctx, node, "kafka", "produce", propertyNamed(record, "topic"));
      return pushTopic(ctx, node, "kafka", "produce", recordTopic(first, ctx));
    }
    if (name === "sendBatch" && first && ts.isObjectLiteralExpression(first)) {
      for (const { value, expr } of topicsOf(propertyNamed(first, "topicMessages"), ctx)) pushTopic(ctx, node, "kafka", "produce", value, {}, expr);
      return;
    }
    if ((name === "subscribe" || name === "consume") && first && ts.isObjectLiteralExpression(first)) {
      const topics = propertyNamed(first, "topics") ?? propertyNamed(first, "topic");
      const handler = name === "subscribe" ? callbackHandler(eachMessageOf(callee.expression, ctx), ctx) : {};
      for (const { value, expr } of topicsOf(topics, ctx)) pushTopic(ctx, node, "kafka", "consume", value, handler, expr);
      return;
    }
    if (!ctx.importsAny(RDKAFKA)) return;
    if (name === "produce" && first && node.arguments.length >= 3) pushTopicOf(ctx, node, "kafka", "produce", first);
    else if (name === "subscribe" && first && ts.isArrayLiteralExpression(first)) {
      for (const { value, expr } of topicsOf(first, ctx)) pushTopic(ctx, node, "kafka", "consume", value, {}, expr);
    } else if (name === "createWriteStream" || name === "createReadStream") {
      const streamOptions = node.arguments[2];
      if (!streamOptions || !ts.isObjectLiteralExpression(streamOptions)) return;
      const role = name === "createWriteStream" ? "produce" : "consume";
      const topics = propertyNamed(streamOptions, "topics") ?? propertyNamed(streamOptions, "topic");
      for (const { value, expr } of topicsOf(topics, ctx)) pushTopic(ctx, node, "kafka", role, value, {}, expr);
    }
  },
};
