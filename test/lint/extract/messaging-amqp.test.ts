import { describe, expect, it } from "vitest";
import { topics } from "./messaging-facts.js";
import { lintTree } from "../helpers.js";

describe("[U] messaging: AMQP (RabbitMQ)", () => {
  describe("labelled amqp", () => {
    it("amqplib: publish to an exchange with a routing key, sendToQueue, consume", () => {
      expect(topics(`import amqp from "amqplib";\nch.publish("orders", "created", buf);\nch.sendToQueue("jobs", buf);\nch.consume("jobs", (m) => {});\n`)).toEqual([
        "amqp produce orders/created",
        "amqp produce jobs",
        "amqp consume jobs",
      ]);
    });

    it("RPC over amqplib: a request naming its replyTo queue and the reply sent to it are request-reply, not events", () => {
      expect(
        topics(`import amqp from "amqplib";
ch.sendToQueue("price.ask", buf, { correlationId: id, replyTo: "price.answers" });
ch.consume("price.ask", (msg) => {
  ch.sendToQueue(msg.properties.replyTo, answer, { correlationId: msg.properties.correlationId });
});
ch.sendToQueue("price.audit", buf, { persistent: true });
`),
      ).toEqual(["amqp produce request-reply price.ask", "amqp consume price.ask", "amqp produce request-reply ?", "amqp produce price.audit"]);
    });

    it("either sign says RPC alone: a replyTo queue without a correlationId, a reply to msg.properties.replyTo without options", () => {
      expect(
        topics(`import amqp from "amqplib";
ch.sendToQueue("stock.ask", buf, { replyTo: "stock.answers" });
ch.consume("stock.ask", (msg) => ch.sendToQueue(msg.properties.replyTo, answer));
`),
      ).toEqual(["amqp produce request-reply stock.ask", "amqp consume stock.ask", "amqp produce request-reply ?"]);
    });

    it("the default exchange is the queue itself", () => {
      expect(topics(`import amqp from "amqplib";\nch.publish("", "emails", buf);\n`)).toEqual(["amqp produce emails"]);
    });

    it("a queue from assertQueue, and a queue bound to an exchange and key", () => {
      expect(
        topics(`import amqp from "amqplib";
async function listen(ch) {
  const q = await ch.assertQueue("billing.jobs", { durable: true });
  await ch.consume(q.queue, handle);
  const tmp = await ch.assertQueue("", { exclusive: true });
  await ch.bindQueue(tmp.queue, "orders", "order.*");
  await ch.consume(tmp.queue, handle);
}
`),
      ).toEqual(["amqp consume billing.jobs", "amqp consume orders/order.*"]);
    });

    it("a fanout exchange from assertExchange: its publishers and the queues bound to it meet on the exchange's name", () => {
      expect(
        topics(`import amqp from "amqplib";
async function run(ch) {
  const ex = await ch.assertExchange("logs", "fanout", { durable: false });
  ch.publish(ex.exchange, "", Buffer.from("hello"));
  const q = await ch.assertQueue("", { exclusive: true });
  await ch.bindQueue(q.queue, "logs", "");
}
`),
      ).toEqual(["amqp produce logs", "amqp consume logs"]);
    });

    it("amqp-connection-manager channel wrappers", () => {
      expect(topics(`const amqp = require("amqp-connection-manager");\nawait wrapper.publish("events", "user.created", msg);\nawait wrapper.sendToQueue(process.env.QUEUE, msg);\n`)).toEqual([
        "amqp produce events/user.created",
        "amqp produce $QUEUE",
      ]);
    });

    it("@golevelup/nestjs-rabbitmq: publish, request (request-reply), @RabbitSubscribe, @RabbitRPC", () => {
      expect(
        topics(`import { AmqpConnection, RabbitSubscribe, RabbitRPC } from "@golevelup/nestjs-rabbitmq";
export class Handlers {
  @RabbitSubscribe({ exchange: "orders", routingKey: "order.created", queue: "billing-orders" })
  onOrder(msg) {}
  @RabbitRPC({ exchange: "users", routingKey: "user.get" })
  getUser(msg) { return this.amqp.publish("audit", "user.read", msg); }
}
await amqp.request({ exchange: "users", routingKey: "user.get", payload: {} });
`),
      ).toEqual(["amqp consume orders/order.created", "amqp consume request-reply users/user.get", "amqp produce audit/user.read", "amqp produce request-reply users/user.get"]);
    });
  });

  describe("@golevelup/nestjs-rabbitmq options kept in a shared module", () => {
    // Written for this test: the exchange and routing key live in one constant a library exports; both sides import it.
    it("@RabbitRPC(options) and amqpConnection.request(options) with options an imported constant: its exchange and key", () => {
      expect(
        topics(`import { AmqpConnection, RabbitRPC, RabbitSubscribe } from "@golevelup/nestjs-rabbitmq";
import { stockRpc, stockEvents } from "@depot/bus";
export class Stock {
  constructor(private readonly amqp: AmqpConnection) {}
  @RabbitRPC(stockRpc)
  count() { return 1; }
  @RabbitSubscribe(stockEvents)
  onEvent() {}
  ask() { return this.amqp.request(stockRpc); }
}
`),
      ).toEqual(["amqp consume request-reply {stockRpc.exchange}/{stockRpc.routingKey}", "amqp consume {stockEvents.exchange}/{stockEvents.routingKey}", "amqp produce request-reply {stockRpc.exchange}/{stockRpc.routingKey}"]);
    });

    it("the service answering such an RPC takes part in a request between services: its missing tracing is reported", () => {
      const bus = `export const stockRpc = { exchange: "depot", routingKey: "stock.count" };\n`;
      const rpc = (body: string) => `import { Injectable } from "@nestjs/common";\nimport { AmqpConnection, RabbitRPC } from "@golevelup/nestjs-rabbitmq";\nimport { stockRpc } from "@depot/bus";\n@Injectable()\nexport class Stock {\n  constructor(private readonly amqp: AmqpConnection) {}\n${body}\n}\n`;
      const result = lintTree({
        "package.json": { name: "depot", private: true, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@golevelup/nestjs-rabbitmq": "*" } },
        "tsconfig.json": { compilerOptions: { baseUrl: ".", paths: { "@depot/bus": ["libs/bus/src"] } } },
        "nest-cli.json": { monorepo: true, projects: { shelf: { type: "application", root: "apps/shelf" }, till: { type: "application", root: "apps/till" }, bus: { type: "library", root: "libs/bus" } } },
        "libs/bus/src/index.ts": bus,
        "apps/shelf/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.createMicroservice(AppModule, {}).then((app) => app.listen());\n`,
        "apps/shelf/src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { Stock } from "./stock";\n@Module({ providers: [Stock] })\nexport class AppModule {}\n`,
        "apps/shelf/src/stock.ts": rpc("  @RabbitRPC(stockRpc)\n  count() { return 1; }"),
        "apps/till/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.createMicroservice(AppModule, {}).then((app) => app.listen());\n`,
        "apps/till/src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { Stock } from "./stock";\n@Module({ providers: [Stock] })\nexport class AppModule {}\n`,
        "apps/till/src/stock.ts": rpc("  ask() { return this.amqp.request(stockRpc); }"),
      });
      expect(result.model.topics.filter((t) => t.system === "amqp").map((t) => [t.service, t.role, t.topic]).sort()).toEqual([
        ["shelf", "consume", "depot/stock.count"],
        ["till", "produce", "depot/stock.count"],
      ]);
      expect(result.findings.filter((f) => f.ruleId === "missing-tracing").map((f) => f.data?.service).sort()).toEqual(["shelf", "till"]);
    });
  });

  describe("a channel a helper of the project opened", () => {
    it("a file that asserts queues on a channel uses AMQP, whatever it imports", () => {
      expect(
        topics(`import { openChannel } from "../lib/broker";
async function start() {
  const channel = await openChannel();
  await channel.assertQueue("orders.create", { durable: true });
  await channel.consume("orders.create", (message) => channel.sendToQueue("payments.charge", message.content));
}
`),
      ).toEqual(["amqp consume orders.create", "amqp produce payments.charge"]);
    });

    it("a file that only publishes a Buffer to an exchange with a routing key, on a channel a helper hands back, uses AMQP", () => {
      expect(
        topics(`const { channelOf } = require("../mq/connection");
async function placeBooking(req, res) {
  const ch = await channelOf();
  ch.publish("bookings", "booking.placed", Buffer.from(JSON.stringify(req.body)), { persistent: true });
  res.status(201).end();
}
`),
      ).toEqual(["amqp produce bookings/booking.placed"]);
    });
  });

  describe("not AMQP", () => {
    it("publish and consume in a file that uses no AMQP library and calls no channel-only method", () => {
      expect(topics(`emitter.publish("x", 1, 2);\nreader.consume("z", fn);\nqueue.assert("y");\n`)).toEqual([]);
    });

    it("a Buffer published third in a file that imports another broker's client is that broker's, not AMQP's", () => {
      expect(topics(`import mqtt from "mqtt";\nclient.publish("sensors", "t1", Buffer.from("20"));\n`).filter((t) => t.startsWith("amqp"))).toEqual([]);
    });
  });
});
