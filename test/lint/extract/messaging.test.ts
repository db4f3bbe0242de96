import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import type { Value } from "../../../src/lint/types.js";

const text = (v: Value) => v.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `$${p.name}` : "?")).join("");
const topics = (code: string) => facts(code).topics.map((t) => `${t.system} ${t.role} ${text(t.topic)}`);

describe("[U] messaging extractor", () => {
  it("kafkajs and @platformatic/kafka producers and consumers", () => {
    expect(topics(`import { Kafka } from "kafkajs";\nawait producer.send({ topic: "orders.created", messages: [] });\nawait consumer.subscribe({ topics: ["payments.done", process.env.T] });\n`)).toEqual([
      "kafka produce orders.created",
      "kafka consume payments.done",
      "kafka consume $T",
    ]);
    expect(topics(`import { Producer } from "@platformatic/kafka";\nawait producer.send({ messages: [{ topic: "a.v1", value: "x" }] });\nawait consumer.consume({ topics: ["b.v1"] });\n`)).toEqual(["kafka produce a.v1", "kafka consume b.v1"]);
  });

  it("AMQP and NATS only where the file uses them", () => {
    expect(topics(`import amqp from "amqplib";\nch.publish("orders", "created", buf);\nch.sendToQueue("jobs", buf);\nch.consume("jobs", (m) => {});\n`)).toEqual(["amqp produce orders/created", "amqp produce jobs", "amqp consume jobs"]);
    expect(topics(`import { connect } from "nats";\nnc.publish("a.b", data);\nnc.subscribe("c.d");\n`)).toEqual(["nats produce a.b", "nats consume c.d"]);
    expect(topics(`emitter.publish("x", 1, 2);\nbus.subscribe("y");\n`)).toEqual([]);
  });
});
