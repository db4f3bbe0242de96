import { describe, expect, it } from "vitest";
import { topics } from "./messaging-facts.js";

describe("[U] messaging: Kafka clients", () => {
  describe("labelled kafka", () => {
    it("kafkajs: send, sendBatch, subscribe", () => {
      expect(
        topics(`import { Kafka } from "kafkajs";
await producer.send({ topic: "orders.created", messages: [] });
await producer.sendBatch({ topicMessages: [{ topic: "a.v1", messages: [] }, { topic: "b.v1", messages: [] }] });
await consumer.subscribe({ topics: ["payments.done", process.env.T] });
await consumer.subscribe({ topic: "single", fromBeginning: true });
`),
      ).toEqual(["kafka produce orders.created", "kafka produce a.v1", "kafka produce b.v1", "kafka consume payments.done", "kafka consume $T", "kafka consume single"]);
    });

    it("@platformatic/kafka: send({ messages: [{ topic }] }) and consume({ topics })", () => {
      expect(topics(`import { Producer } from "@platformatic/kafka";\nawait producer.send({ messages: [{ topic: "a.v1", value: "x" }] });\nawait consumer.consume({ topics: ["b.v1"] });\n`)).toEqual([
        "kafka produce a.v1",
        "kafka consume b.v1",
      ]);
    });

    it("@confluentinc/kafka-javascript: its KafkaJS API and its node-rdkafka API", () => {
      expect(topics(`const { Kafka } = require("@confluentinc/kafka-javascript").KafkaJS;\nawait producer.send({ topic: "c.v1", messages: [] });\n`)).toEqual(["kafka produce c.v1"]);
      expect(topics(`import Kafka from "@confluentinc/kafka-javascript";\nproducer.produce("d.v1", null, Buffer.from("x"), "key");\nconsumer.subscribe(["e.v1"]);\n`)).toEqual(["kafka produce d.v1", "kafka consume e.v1"]);
    });

    it("node-rdkafka: produce(topic, ...), subscribe([topics]), write and read streams", () => {
      expect(
        topics(`import Kafka from "node-rdkafka";
producer.produce(TOPIC, null, Buffer.from("x"));
consumer.subscribe(["inventory.reserved", "inventory.released"]);
const out = Kafka.Producer.createWriteStream({}, {}, { topic: "audit.v1" });
const input = Kafka.KafkaConsumer.createReadStream({}, {}, { topics: ["audit.v2"] });
const TOPIC = "stock.v1";
`),
      ).toEqual(["kafka produce stock.v1", "kafka consume inventory.reserved", "kafka consume inventory.released", "kafka produce audit.v1", "kafka consume audit.v2"]);
    });

    it("kafka-node: send([{ topic, messages }], callback), new Consumer(client, [{ topic }]) and ConsumerGroup(options, topics)", () => {
      expect(
        topics(`const kafka = require("kafka-node");
const client = new kafka.KafkaClient({ kafkaHost: process.env.KAFKA_HOST });
const producer = new kafka.Producer(client);
const consumer = new kafka.Consumer(client, [{ topic: "invoice-asked", partition: 0 }], { autoCommit: true });
const group = new kafka.ConsumerGroup({ kafkaHost: process.env.KAFKA_HOST, groupId: "billing" }, ["refund-asked", "refund-done"]);
const single = new kafka.ConsumerGroup({ groupId: "audit" }, "audit-log");
function publish(invoice) {
  const payloads = [{ topic: "invoice-made", messages: JSON.stringify(invoice) }];
  producer.send(payloads, () => {});
  producer.send([{ topic: "invoice-counted", messages: "1" }], () => {});
}
`, "src/app.js"),
      ).toEqual(["kafka consume invoice-asked", "kafka consume refund-asked", "kafka consume refund-done", "kafka consume audit-log", "kafka produce invoice-made", "kafka produce invoice-counted"]);
    });

    it("a send whose function then waits for the answer on a response listener is a request (request-reply over Kafka by hand)", () => {
      expect(
        topics(`import { Kafka } from "kafkajs";
export async function askPrices(producer, replies, ids) {
  await producer.send({ topic: "prices-asked", messages: [{ value: JSON.stringify(ids) }] });
  return new Promise((resolve) => replies.once("prices-answered", resolve));
}
export async function announce(producer, order) {
  await producer.send({ topic: "order-placed", messages: [{ value: JSON.stringify(order) }] });
  return new Promise((resolve) => producer.once("delivery-report", resolve));
}
`),
      ).toEqual(["kafka produce request-reply prices-asked", "kafka produce order-placed"]);
    });

    it("topic names from an `as const` object", () => {
      expect(topics(`import { Kafka } from "kafkajs";\nconst TOPICS = { created: "orders.created.v1" } as const;\nawait producer.send({ topic: TOPICS.created, messages: [] });\n`)).toEqual(["kafka produce orders.created.v1"]);
    });

    it("a producer wrapper that imports no client still sends the KafkaJS shape { topic, messages }", () => {
      expect(topics(`export async function publish(producer, event) {\n  await producer.send({ topic: "orders.v1", messages: [event] });\n}\n`)).toEqual(["kafka produce orders.v1"]);
    });
  });

  describe("not Kafka", () => {
    it("an RxJS observer, an emitter, a node-rdkafka-shaped call without the library", () => {
      expect(
        topics(`source$.subscribe({ next: (v) => v, error: () => {} });
ws.send({ type: "ping" });
producer.produce("x.v1", null, buf);
consumer.subscribe(["y.v1"]);
`),
      ).toEqual([]);
    });

    it("an array of { topic } objects sent without messages, or by a module that is not kafka-node's, is no Kafka publish", () => {
      expect(topics(`socket.send([{ topic: "chat" }], cb);\nconst consumer = new Consumer(source, [{ topic: "x" }]);\n`)).toEqual([]);
    });

    it("send({ messages }) without a Kafka import is some other client", () => {
      expect(topics(`await mailer.send({ messages: [{ topic: "not-kafka" }] });\n`)).toEqual([]);
    });
  });
});
