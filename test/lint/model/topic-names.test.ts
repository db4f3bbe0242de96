import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * The names the model gives topics (model/topics.ts), for what issue 15's mutation run found untested: a topic constant
 * imported from a package the scan cannot resolve, and an SQS queue or SNS topic known by the name its address ends with.
 */

const topicsOf = (tree: Tree) => lintTree(tree, { only: "dual-write" }).model.topics.map((t) => `${t.system} ${t.role} ${t.topic}`);

/** The orders service: its route sends on kafka each topic given, as written in the code. */
const kafkaOrders = (imports: string, topics: string[]): Tree =>
  service("services/orders", ["express", "kafkajs", "@acme/published-events"], {
    "src/server.js": `const express = require("express");\nconst { Kafka } = require("kafkajs");\n${imports}\nconst producer = new Kafka({ brokers: [process.env.KAFKA] }).producer();\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n${topics.map((topic) => `  await producer.send({ topic: ${topic}, messages: [] });\n`).join("")}  res.json({});\n});\napp.listen(3000);\n`,
  });

describe("[U] a topic constant imported from a package the scan cannot resolve (its published copy)", () => {
  const events = (constants: string): Tree => ({
    "packages/events/package.json": { name: "@acme/events", main: "index.js" },
    "packages/events/index.js": constants,
  });

  it("is the one text value the repository's code gives a constant of that name (a CommonJS export too); a value made of several parts is not", () => {
    const tree: Tree = {
      ...kafkaOrders(`const { ORDER_CREATED, ORDER_SHIPPED, PREFIX } = require("@acme/published-events");`, ["ORDER_CREATED", "ORDER_SHIPPED", "`${PREFIX}.paid`"]),
      ...events(`module.exports = { ORDER_CREATED: "order.created", ORDER_SHIPPED: "order.shipped", PREFIX: "orders" };\n`),
      // The same names set from the environment elsewhere: no text the name could stand for.
      "packages/legacy/package.json": { name: "@acme/legacy", main: "index.js" },
      "packages/legacy/index.js": `exports.ORDER_CREATED = process.env.ORDER_TOPIC;\nexports.ORDER_SHIPPED = \`shipped.\${process.env.STAGE}\`;\n`,
    };
    expect(topicsOf(tree)).toEqual(["kafka produce order.created", "kafka produce order.shipped", "kafka produce {PREFIX}.paid"]);
  });

  it("two different values of that name in the repository: neither (which copy was published is not known)", () => {
    const tree: Tree = {
      ...kafkaOrders(`const { ORDER_CREATED } = require("@acme/published-events");`, ["ORDER_CREATED"]),
      ...events(`module.exports = { ORDER_CREATED: "order.created" };\n`),
      "packages/legacy/package.json": { name: "@acme/legacy", main: "index.js" },
      "packages/legacy/index.js": `exports.ORDER_CREATED = "orders.created.v1";\n`,
    };
    expect(topicsOf(tree)).toEqual(["kafka produce {ORDER_CREATED}"]);
  });
});

describe("[U] an SQS queue or SNS topic by the name its address ends with", () => {
  const aws = (code: string): Tree =>
    service("services/orders", ["express", "@aws-sdk/client-sqs", "@aws-sdk/client-sns"], {
      "src/server.ts": `import express from "express";\nimport { SQSClient, SendMessageCommand } from "@aws-sdk/client-sqs";\nimport { SNSClient, PublishCommand } from "@aws-sdk/client-sns";\nconst sqs = new SQSClient({});\nconst sns = new SNSClient({});\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n${code}  res.json({});\n});\napp.listen(3000);\n`,
    });

  it("a LocalStack queue URL with several folders before the queue's name, and an ARN of another AWS partition", () => {
    const tree = aws(
      `  await sqs.send(new SendMessageCommand({ QueueUrl: "http://localstack:4566/queue/us-east-1/000000000000/orders", MessageBody: "x" }));\n  await sns.send(new PublishCommand({ TopicArn: "arn:aws-cn:sns:cn-north-1:000000000000:order-events", Message: "x" }));\n`,
    );
    expect(topicsOf(tree)).toEqual(["sqs produce orders", "sns produce order-events"]);
  });
});

describe("[U] a subclass of a publisher or listener base class of a package the scan does not have", () => {
  const ticketing = (deps: string[], extra = ""): Tree =>
    service("services/tickets", ["express", "@acme/common", ...deps], {
      "src/server.ts": `import express from "express";\nimport nats from "node-nats-streaming";\n${extra}import { OrderCreatedListener } from "./order-created-listener";\nimport { TicketCreatedPublisher } from "./ticket-created-publisher";\nconst stan = nats.connect("ticketing", "tickets", { url: process.env.NATS_URL });\nconst app = express();\napp.listen(3000);\n`,
      "src/ticket-created-publisher.ts": `import { Publisher } from "@acme/common";\nexport class TicketCreatedPublisher extends Publisher<unknown> {\n  readonly subject = "ticket:created";\n}\n`,
      "src/order-created-listener.ts": `import { Listener } from "@acme/common";\nexport class OrderCreatedListener extends Listener<unknown> {\n  readonly subject = "order:created";\n  queueGroupName = "tickets";\n  describe() {\n    return "orders";\n  }\n  async onMessage(data: unknown) {\n    return data;\n  }\n}\n`,
    });
  const topics = (tree: Tree) => lintTree(tree, { only: "dual-write" }).model.topics.map((t) => `${t.system} ${t.role} ${t.topic}${t.inFunction ? ` in ${t.inFunction.split("#")[1]}` : ""}`);

  it("publishes or listens on the one broker the service connects to; the listener's message handler is its onMessage", () => {
    expect(topics(ticketing(["node-nats-streaming"]))).toEqual(["nats-streaming consume order:created in fn:OrderCreatedListener.onMessage", "nats-streaming produce ticket:created"]);
  });

  it("a service that connects to two brokers: which one the base uses is not known, so no topic", () => {
    expect(topics(ticketing(["node-nats-streaming", "kafkajs"], `import { Kafka } from "kafkajs";\nexport const kafka = new Kafka({ brokers: [process.env.KAFKA ?? ""] });\n`))).toEqual([]);
  });
});

describe("[U] a subclass of a base class of the repository that sends on `this.subject`", () => {
  const natsBase = `import { Stan } from "node-nats-streaming";\nexport abstract class Publisher<T> {\n  abstract subject: string;\n  constructor(private client: Stan) {}\n  publish(data: T) {\n    this.client.publish(this.subject, JSON.stringify(data));\n  }\n}\n`;
  const kafkaBase = `import { Producer } from "kafkajs";\nexport abstract class Publisher<T> {\n  abstract subject: string;\n  constructor(private producer: Producer) {}\n  async publish(data: T) {\n    await this.producer.send({ topic: this.subject, messages: [{ value: JSON.stringify(data) }] });\n  }\n}\n`;
  const tree = (from: string): Tree => ({
    "packages/nats-common/package.json": { name: "@acme/nats-common", main: "src/index.ts", dependencies: { "node-nats-streaming": "*" } },
    "packages/nats-common/src/index.ts": natsBase,
    "packages/kafka-common/package.json": { name: "@acme/kafka-common", main: "src/index.ts", dependencies: { kafkajs: "*" } },
    "packages/kafka-common/src/index.ts": kafkaBase,
    ...service("services/tickets", ["express", "node-nats-streaming"], {
      "src/server.ts": `import express from "express";\nimport { TicketCreatedPublisher } from "./ticket-created-publisher";\nconst app = express();\napp.listen(3000);\n`,
      "src/ticket-created-publisher.ts": `import { Publisher } from "${from}";\nexport class TicketCreatedPublisher extends Publisher<unknown> {\n  readonly subject = "ticket:created";\n}\n`,
    }),
  });

  it("the base its import names, though another base class of that name sends on another broker", () => {
    expect(topicsOf(tree("../../../packages/nats-common/src/index")).filter((t) => t.includes("ticket:created"))).toEqual(["nats-streaming produce ticket:created"]);
  });
});
