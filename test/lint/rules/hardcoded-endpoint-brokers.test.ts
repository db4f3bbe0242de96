import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * hardcoded-endpoint on brokers: a Kafka, RabbitMQ, NATS or MQTT address written into the code pins one
 * environment exactly as a service URL does; the same policy (env fallbacks allowed by default, loopback only in
 * tests and local tooling).
 */

/** An orders service whose broker module is `code` (imported by the server). */
const orders = (deps: string[], code: string, extra: Record<string, string> = {}): Tree =>
  service("services/orders", ["express", ...deps], {
    "src/server.ts": `import express from "express";\nimport "./broker";\nexpress().listen(3000);\n`,
    "src/broker.ts": code,
    ...extra,
  });

/** A NestJS gateway that registers a TCP client of the orders microservice with `host`, and listens on HTTP. */
const nestTcpGateway = (host: string): Tree =>
  service("services/gateway", ["@nestjs/common", "@nestjs/core", "@nestjs/microservices"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
    "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\n@Module({\n  imports: [ClientsModule.register([{ name: "ORDERS_SERVICE", transport: Transport.TCP, options: { host: ${host}, port: 4001 } }])],\n})\nexport class AppModule {}\n`,
  });

/** A NestJS TCP microservice that listens on `host` (its own bind address), its options in a module of their own. */
const nestTcpServer = (host: string): Tree =>
  service("services/orders", ["@nestjs/common", "@nestjs/core", "@nestjs/microservices"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nimport { microserviceOptions } from "./microservice-options";\nasync function bootstrap() {\n  const app = await NestFactory.createMicroservice(AppModule, microserviceOptions);\n  await app.listen();\n}\nbootstrap();\n`,
    "src/microservice-options.ts": `import { Transport } from "@nestjs/microservices";\nexport const microserviceOptions = { transport: Transport.TCP, options: { host: ${host}, port: 4001 } };\n`,
    "src/app.module.ts": `import { Module } from "@nestjs/common";\n@Module({})\nexport class AppModule {}\n`,
  });

const kafka = (brokers: string) => `import { Kafka } from "kafkajs";\nconst kafka = new Kafka({ clientId: "orders", brokers: ${brokers} });\nexport const producer = kafka.producer();\nexport async function publish(order: unknown) {\n  await producer.send({ topic: "orders.created", messages: [{ value: JSON.stringify(order) }] });\n}\n`;

ruleTester("hardcoded-endpoint", {
  valid: [
    { name: "kafkajs brokers from the environment", files: orders(["kafkajs"], kafka(`process.env.KAFKA_BROKERS!.split(",")`)) },
    { name: "kafkajs brokers with an env fallback (allowFallbacks)", files: orders(["kafkajs"], kafka(`[process.env.KAFKA_BROKER ?? "kafka:9092"]`)) },
    { name: "kafka-node's kafkaHost from the environment", files: orders(["kafka-node"], `const { KafkaClient } = require("kafka-node");\nexport const client = new KafkaClient({ kafkaHost: process.env.KAFKA_HOST });\n`) },
    { name: "amqplib connect with the URL from the environment", files: orders(["amqplib"], `import amqp from "amqplib";\nexport const connection = amqp.connect(process.env.AMQP_URL!);\n`) },
    {
      name: "a broker on localhost in a seed script is local tooling",
      files: orders(["kafkajs"], kafka(`process.env.KAFKA_BROKERS!.split(",")`), { "scripts/seed-topics.ts": `import { Kafka } from "kafkajs";\nexport const admin = new Kafka({ brokers: ["localhost:9092"] }).admin();\n` }),
    },
    { name: "a NestJS TCP microservice's own bind address is where it listens, no other service's address", files: { ...nestTcpServer(`"0.0.0.0"`), ...nestTcpGateway(`process.env.ORDERS_SERVICE_HOST`) } },
    { name: "a NestJS TCP client's host from the environment", files: nestTcpGateway(`process.env.ORDERS_SERVICE_HOST`) },
    { name: "a NestJS TCP client's host with an env fallback (allowFallbacks)", files: nestTcpGateway(`process.env.ORDERS_HOST ?? "orders"`) },
    {
      name: "allowHosts lets a fixed broker address through",
      files: orders(["kafkajs"], kafka(`["10.0.0.5:9092"]`)),
      options: { allowHosts: ["10.0.0.5"] },
    },
  ],
  invalid: [
    {
      name: "kafkajs brokers a consumer class keeps in a field of its own (`brokers: this.brokers`)",
      files: orders(
        ["kafkajs"],
        `import { Kafka } from "kafkajs";\nexport class StockListener {\n  private readonly brokers: string[] = ["10.0.0.7:9092"];\n  private readonly kafka: Kafka;\n  constructor(private readonly topic: string) {\n    this.kafka = new Kafka({ clientId: "stock", brokers: this.brokers });\n  }\n  async listen() {\n    const consumer = this.kafka.consumer({ groupId: "stock" });\n    await consumer.subscribe({ topic: this.topic });\n  }\n}\nnew StockListener("stock-moved").listen();\n`,
      ),
      errors: [{ messageId: "broker", file: "services/orders/src/broker.ts", line: 6, data: { service: "orders", host: "10.0.0.7", system: "kafka" } }],
    },
    {
      name: "kafkajs brokers written as an IP address",
      files: orders(["kafkajs"], kafka(`["10.0.0.5:9092"]`)),
      errors: [{ messageId: "broker", file: "services/orders/src/broker.ts", line: 2, hops: 1, data: { service: "orders", host: "10.0.0.5", system: "kafka" } }],
    },
    {
      name: "kafkajs brokers written as an internal host name, one finding per host",
      files: orders(["kafkajs"], kafka(`["kafka-prod.internal:9092", "kafka-prod.internal:9093"]`)),
      errors: [{ messageId: "broker", line: 2, data: { host: "kafka-prod.internal" } }],
    },
    {
      name: "an AMQP URL with credentials and a host",
      files: orders(["amqplib"], `import amqp from "amqplib";\nexport const connection = amqp.connect("amqp://orders:secret@rabbit-host:5672");\n`),
      errors: [{ messageId: "broker", line: 2, data: { host: "rabbit-host", system: "amqp" } }],
    },
    {
      name: "amqp-connection-manager with a list of URLs: one finding naming each host",
      files: orders(["amqp-connection-manager"], `const amqp = require("amqp-connection-manager");\nmodule.exports = amqp.connect(["amqp://rabbit-1", "amqp://10.0.0.7"]);\n`),
      errors: [{ messageId: "broker", line: 2, data: { host: "rabbit-1", hosts: "rabbit-1,10.0.0.7" } }],
    },
    {
      name: "kafka-node's KafkaClient with its kafkaHost list written in (a space after the colon too)",
      files: orders(["kafka-node"], `const kafka = require("kafka-node");\nconst client = new kafka.KafkaClient({ kafkaHost: "kafka-1: 9092,kafka-2:9092" });\nexport const producer = new kafka.Producer(client);\n`),
      errors: [{ messageId: "broker", line: 2, data: { host: "kafka-1", hosts: "kafka-1,kafka-2", system: "kafka" } }],
    },
    {
      name: "NATS servers written into the code",
      files: orders(["nats"], `import { connect } from "nats";\nexport const nc = await connect({ servers: "nats://nats.shop.svc.cluster.local:4222" });\n`),
      errors: [{ messageId: "broker", line: 2, data: { host: "nats.shop.svc.cluster.local", system: "nats" } }],
    },
    {
      name: "@platformatic/kafka bootstrapBrokers on localhost outside tests",
      files: orders(["@platformatic/kafka"], `import { Producer } from "@platformatic/kafka";\nexport const producer = new Producer({ clientId: "orders", bootstrapBrokers: ["localhost:9092"] });\n`),
      errors: [{ messageId: "broker", line: 2, data: { host: "localhost" } }],
    },
    {
      name: "a NestJS Kafka client registered with its brokers written in",
      files: service("services/orders", ["@nestjs/common", "@nestjs/core", "@nestjs/microservices"], {
        "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
        "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\n@Module({\n  imports: [ClientsModule.register([{ name: "EVENTS", transport: Transport.KAFKA, options: { client: { brokers: ["kafka-broker:9092"] } } }])],\n})\nexport class AppModule {}\n`,
      }),
      errors: [{ messageId: "broker", file: "services/orders/src/app.module.ts", data: { host: "kafka-broker", system: "kafka" } }],
    },
    {
      name: "a NestJS RabbitMQ microservice listening on a URL written in",
      files: service("services/orders", ["@nestjs/common", "@nestjs/core", "@nestjs/microservices"], {
        "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { AppModule } from "./app.module";\nasync function bootstrap() {\n  const app = await NestFactory.createMicroservice(AppModule, { transport: Transport.RMQ, options: { urls: ["amqp://guest:guest@rabbitmq:5672"], queue: "orders" } });\n  await app.listen();\n}\nbootstrap();\n`,
        "src/app.module.ts": `import { Module } from "@nestjs/common";\n@Module({})\nexport class AppModule {}\n`,
      }),
      errors: [{ messageId: "broker", file: "services/orders/src/main.ts", line: 5, data: { host: "rabbitmq", system: "amqp" } }],
    },
    {
      name: "a NestJS TCP client with the other service's host written in",
      files: nestTcpGateway(`"orders-service"`),
      errors: [{ messageId: "broker", file: "services/gateway/src/app.module.ts", line: 4, hops: 1, data: { service: "gateway", host: "orders-service", system: "tcp" } }],
    },
    {
      name: "a NestJS TCP client on a loopback address outside tests",
      files: nestTcpGateway(`"127.0.0.1"`),
      errors: [{ messageId: "broker", line: 4, data: { host: "127.0.0.1", system: "tcp" } }],
    },
    {
      name: "a broker fallback when allowFallbacks is false",
      files: orders(["kafkajs"], kafka(`[process.env.KAFKA_BROKER ?? "kafka:9092"]`)),
      options: { allowFallbacks: false },
      errors: [{ messageId: "brokerFallback", line: 2, data: { host: "kafka" } }],
    },
  ],
});

describe("hardcoded-endpoint on brokers: the message and the model", () => {
  it("names the broker, the host and the variable to read", () => {
    const result = lintTree(orders(["kafkajs"], kafka(`["10.0.0.5:9092"]`)));
    const [finding] = result.findings.filter((f) => f.ruleId === "hardcoded-endpoint");
    expect(finding?.message).toBe("orders connects to Kafka at the IP address 10.0.0.5 written into the code; read the address from the environment (KAFKA_BROKERS) or configuration");
    expect(result.model.brokers?.map((broker) => [broker.service, broker.system, broker.library, broker.address])).toEqual([["orders", "kafka", "kafkajs", "10.0.0.5:9092"]]);
  });

  it("two NestJS TCP clients of one module are two services' addresses: one finding each", () => {
    const tree = nestTcpGateway(`"orders"`);
    tree["services/gateway/src/app.module.ts"] = String(tree["services/gateway/src/app.module.ts"]).replace(
      "}])],",
      `}, { name: PAYMENTS_SERVICE_TOKEN, transport: Transport.TCP, options: { host: "payments", port: 4002 } }])],`,
    ).replace("@Module", `const PAYMENTS_SERVICE_TOKEN = "PAYMENTS";\n@Module`);
    const messages = lintTree(tree).findings.filter((f) => f.ruleId === "hardcoded-endpoint").map((f) => f.message);
    expect(messages).toEqual([
      "gateway connects to the NestJS TCP microservice ORDERS_SERVICE at the host name orders written into the code; read the address from the environment (ORDERS_SERVICE_HOST) or configuration",
      "gateway connects to the NestJS TCP microservice PAYMENTS at the host name payments written into the code; read the address from the environment (PAYMENTS_HOST) or configuration",
    ]);
  });

  it("names a NestJS TCP client's service by its token, and the variable after it", () => {
    const [finding] = lintTree(nestTcpGateway(`"127.0.0.1"`)).findings.filter((f) => f.ruleId === "hardcoded-endpoint");
    expect(finding?.message).toBe("gateway connects to the NestJS TCP microservice ORDERS_SERVICE at the loopback address 127.0.0.1 written into the code; read the address from the environment (ORDERS_SERVICE_HOST) or configuration");
  });

  it("masks a password in a broker URL in the model", () => {
    const result = lintTree(orders(["amqplib"], `import amqp from "amqplib";\nexport const connection = amqp.connect("amqp://orders:secret@rabbit-host:5672");\n`));
    expect(JSON.stringify(result.model.brokers)).not.toContain("secret");
  });
});
