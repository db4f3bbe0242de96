import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import { describeTopic, topics } from "./messaging-facts.js";

describe("[U] messaging: NATS and NATS Streaming", () => {
  describe("labelled nats", () => {
    it("nats: publish, subscribe, request (request-reply)", () => {
      expect(topics(`import { connect } from "nats";\nnc.publish("a.b", data);\nnc.subscribe("c.d", { queue: "workers" });\nconst reply = await nc.request("users.get", data);\n`)).toEqual([
        "nats produce a.b",
        "nats consume c.d",
        "nats produce request-reply users.get",
      ]);
    });

    it("JetStream through the @nats-io packages", () => {
      expect(topics(`import { jetstream } from "@nats-io/jetstream";\nawait js.publish("orders.created", payload);\nconst sub = await js.pullSubscribe("orders.*", opts);\n`)).toEqual([
        "nats produce orders.created",
        "nats consume orders.*",
      ]);
    });
  });

  describe("labelled nats-streaming", () => {
    it("node-nats-streaming: publish and subscribe with a queue group", () => {
      expect(topics(`import nats from "node-nats-streaming";\nstan.publish("ticket:created", JSON.stringify(t), () => {});\nstan.subscribe("order:created", "tickets-service", opts);\n`)).toEqual([
        "nats-streaming produce ticket:created",
        "nats-streaming consume order:created",
      ]);
    });

    it("a subject from an enum declared in the file", () => {
      expect(topics(`import { Stan } from "node-nats-streaming";\nenum Subjects { OrderCreated = "order:created" }\nstan.publish(Subjects.OrderCreated, data);\n`)).toEqual(["nats-streaming produce order:created"]);
    });

    it("a base class publishing on this.subject is a template, with its class and member", async () => {
      const { facts } = await import("../helpers.js");
      const found = facts(`import { Stan } from "node-nats-streaming";
export abstract class Publisher<T> {
  abstract subject: string;
  constructor(protected client: Stan) {}
  publish(data: T) { return this.client.publish(this.subject, JSON.stringify(data)); }
}
`).topics;
      expect(found.map((t) => [t.system, t.role, t.member])).toEqual([["nats-streaming", "produce", { className: "Publisher", name: "subject" }]]);
    });

    it("a class that sets its own subject publishes on it", () => {
      expect(topics(`import { Stan } from "node-nats-streaming";\nclass Audit {\n  subject = "audit:written";\n  send(stan: Stan) { stan.publish(this.subject, "x"); }\n}\n`)).toEqual(["nats-streaming produce audit:written"]);
    });
  });

  describe("not NATS", () => {
    it("publish and subscribe in a file without a NATS library, and object or array arguments", () => {
      expect(topics(`emitter.publish("x", 1);\nbus.subscribe("y");\n`)).toEqual([]);
      expect(topics(`import { connect } from "nats";\nstore.subscribe({ next });\nhub.publish(["a"]);\n`)).toEqual([]);
    });
  });
});

describe("[U] messaging: Redis and MQTT pub/sub", () => {
  it("redis and ioredis: publish, subscribe to several channels, psubscribe", () => {
    expect(topics(`import { createClient } from "redis";\nconst pub = createClient({ url });\nawait pub.publish("orders:created", msg);\nawait sub.subscribe("orders:created", (m) => m);\nawait sub.pSubscribe("orders:*", onMessage);\n`)).toEqual([
      "redis produce orders:created",
      "redis consume orders:created",
      "redis consume orders:*",
    ]);
    expect(topics(`import Redis from "ioredis";\nconst sub = new Redis(url);\nsub.subscribe("a", "b", (err, count) => {});\nsub.subscribe(["c"]);\n`)).toEqual(["redis consume a", "redis consume b", "redis consume c"]);
  });

  it("mqtt: publish, subscribe with a topic, a list or a { topic: qos } map", () => {
    expect(topics(`import mqtt from "mqtt";\nconst client = mqtt.connect("mqtt://broker");\nclient.publish("sensors/temp", "21");\nclient.subscribe("sensors/+");\nclient.subscribe({ "alerts/#": { qos: 1 } });\n`)).toEqual([
      "mqtt produce sensors/temp",
      "mqtt consume sensors/+",
      "mqtt consume alerts/#",
    ]);
  });

  it("not pub/sub: the same calls without a Redis or MQTT import", () => {
    expect(topics(`store.publish("x", 1);\nstore.subscribe("y", fn);\n`)).toEqual([]);
  });
});

describe("[U] messaging: NATS callbacks and request-reply", () => {
  it("an older client's subscribe(subject, callback): the last argument is the handler; a subject alone has none", () => {
    const f = facts(`import { connect } from "nats";\nfunction onOrder(err, msg) {}\nnc.subscribe("orders.created", onOrder);\nnc.subscribe("orders.paid");\nnc.subscribe("orders.sent", { queue: "q" }, onOrder);\n`);
    expect(f.topics.map((t) => `${describeTopic(t)} ${t.inFunction ?? "-"}`)).toEqual(["nats consume orders.created fn:onOrder", "nats consume orders.paid -", "nats consume orders.sent -"]);
  });

  it("request() is request-reply on NATS, no topic at all on NATS Streaming (which has none)", () => {
    expect(topics(`import nats from "node-nats-streaming";\nconst reply = await stan.request("users.get", data);\nstan.publish("users.seen", data);\n`)).toEqual(["nats-streaming produce users.seen"]);
  });
});
