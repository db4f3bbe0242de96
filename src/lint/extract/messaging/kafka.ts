import { ts } from "../../ts.js";
import type { Extractor } from "../walk.js";
import { propertyNamed } from "../context.js";
import { pushTopic, pushTopicOf, topicsOf } from "./topic.js";

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
      for (const { value, expr } of topicsOf(topics, ctx)) pushTopic(ctx, node, "kafka", "consume", value, {}, expr);
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
