import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { propertyKey, propertyNamed, type ExtractContext } from "../context.js";
import { callbackHandler, pushTopic, pushTopicOf, topicsOf } from "./topic.js";

/**
 * Kafka: kafkajs and the KafkaJS-shaped APIs (@confluentinc/kafka-javascript's
 * KafkaJS, @platformatic/kafka), and node-rdkafka's own API (also offered by
 * @confluentinc/kafka-javascript).
 *
 * `producer.send({ topic, messages })`, `send({ messages: [{ topic }] })`, `sendBatch({ topicMessages })`,
 * `consumer.subscribe({ topic | topics })`, `consume({ topics })`; node-rdkafka `producer.produce(topic, ...)`,
 * `consumer.subscribe([topics])`, `createWriteStream(conf, topicConf, { topic })`, `createReadStream(..., { topics })`.
 */

const KAFKA = ["kafkajs", "@platformatic/kafka", "node-rdkafka", "@confluentinc/kafka-javascript"];
const RDKAFKA = ["node-rdkafka", "@confluentinc/kafka-javascript"];

/**
 * kafkajs: `consumer.run({ eachMessage })` (or `eachBatch`) on the consumer that subscribes, in the same function
 * (or at the top of the module): the callback each message runs.
 */
function eachMessageOf(consumer: ts.Expression, ctx: ExtractContext): ts.Expression | undefined {
  const receiver = ctx.text(consumer);
  let scope: ts.Node = ctx.sf;
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      scope = node.body;
      break;
    }
  }
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
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    const first = node.arguments[0];
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
