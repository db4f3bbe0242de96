import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/** An orders service (express, pg, kafkajs): `server` is src/server.ts after its imports, `files` more of its files. */
const orders = (server: string, files: Record<string, string> = {}, deps: string[] = ["express", "pg", "kafkajs"]): Tree => ({
  "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n`,
  ...service("services/orders", deps, {
    "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { Kafka } from "kafkajs";\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nconst app = express();\n${server}\napp.listen(3000);\n`,
    ...files,
  }),
});

const post = (body: string) => `app.post("/v1/orders", async (req, res) => {\n${body}\n  res.status(201).json({});\n});`;

const INSERT = `  await pool.query("INSERT INTO orders (id, total) VALUES ($1, $2)", [req.body.id, req.body.total]);`;
const SEND = `  await producer.send({ topic: "order-created", messages: [{ value: JSON.stringify(req.body) }] });`;

/** The relay: a loop started at boot that reads outbox rows and publishes them; no handler reaches it. */
const RELAY = `async function relay() {\n  for (;;) {\n    const { rows } = await pool.query("SELECT id, topic, payload FROM orders_outbox WHERE sent_at IS NULL LIMIT 100");\n    for (const row of rows) {\n      await producer.send({ topic: row.topic, messages: [{ value: row.payload }] });\n      await pool.query("UPDATE orders_outbox SET sent_at = now() WHERE id = $1", [row.id]);\n    }\n    await new Promise((resolve) => setTimeout(resolve, 500));\n  }\n}\nvoid relay();`;

const stock = (cases: string, extra = "") => ({
  "docker-compose.yml": `services:\n  stock:\n    build: ./services/stock\n`,
  ...service("services/stock", ["kafkajs", "pg"], {
    "src/worker.ts": `import { Kafka } from "kafkajs";\nimport { Pool } from "pg";\nconst pool = new Pool();\nconst kafka = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] });\nconst producer = kafka.producer();\nconst consumer = kafka.consumer({ groupId: "stock" });\n${extra}async function main() {\n  await consumer.subscribe({ topics: ["order-created", "stock-asked"] });\n  await consumer.run({\n    eachMessage: async ({ topic, message }) => {\n      switch (topic) {\n${cases}\n      }\n    },\n  });\n}\nvoid main();\n`,
  }),
});
const DECREASE = `        case "order-created":\n          await pool.query("UPDATE stock SET quantity = quantity - 1 WHERE item = $1", [String(message.value)]);\n          break;`;
const ANSWER = `        case "stock-asked":\n          await producer.send({ topic: "stock-answered", messages: [{ value: "1" }] });\n          break;`;

ruleTester("dual-write", {
  valid: [
    {
      name: "an outbox insert in the same transaction, and a relay loop outside any request",
      files: orders(
        `${post(`  const client = await pool.connect();\n  await client.query("BEGIN");\n${INSERT.replace("pool", "client")}\n  await client.query("INSERT INTO orders_outbox (id, topic, payload) VALUES ($1, $2, $3)", [req.body.id, "order-created", req.body]);\n  await client.query("COMMIT");\n  client.release();`)}\n${RELAY}`,
      ),
    },
    {
      name: "an outbox row in the business write's transaction, and the relay woken after the commit publishes it",
      files: orders(
        `async function flushOutbox() {\n  const { rows } = await pool.query("SELECT id, topic, payload FROM outbox WHERE sent_at IS NULL");\n  for (const row of rows) await producer.send({ topic: row.topic, messages: [{ value: row.payload }] });\n}\n${post(`  const client = await pool.connect();\n  await client.query("BEGIN");\n${INSERT.replace("pool", "client")}\n  await client.query("INSERT INTO outbox (id, topic, payload) VALUES ($1, $2, $3)", [req.body.id, "order-created", req.body]);\n  await client.query("COMMIT");\n  client.release();\n  await flushOutbox();`)}`,
      ),
    },
    {
      name: "one consumer callback for two topics: the write answers one message, the publish the other",
      files: stock(`${DECREASE}\n${ANSWER}`),
    },
    {
      name: "a handler that publishes and writes nothing, another that writes and publishes nothing",
      files: orders(`app.post("/v1/pings", async (req, res) => {\n${SEND}\n  res.json({});\n});\n${post(INSERT)}`),
    },
    {
      name: "RPC over RabbitMQ: a request's handler saves, then sends the reply to the asker's replyTo queue (an answer, not an event)",
      files: {
        "docker-compose.yml": `services:\n  accounts:\n    build: ./services/accounts\n`,
        ...service("services/accounts", ["amqplib", "@prisma/client"], {
          "src/worker.ts": `import amqp from "amqplib";\nimport { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nasync function main() {\n  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();\n  await channel.consume("account.open", async (msg) => {\n    if (!msg) return;\n    const account = await prisma.account.create({ data: { owner: msg.content.toString() } });\n    channel.sendToQueue(msg.properties.replyTo, Buffer.from(JSON.stringify(account)), { correlationId: msg.properties.correlationId });\n    channel.ack(msg);\n  });\n}\nvoid main();\n`,
        }),
      },
    },
    {
      name: "request-reply over Kafka by hand: the handler asks for prices (a send answered on a response listener), then saves",
      files: orders(
        `import { EventEmitter } from "node:events";\nconst replies = new EventEmitter();\nasync function askPrices(items: string[]) {\n  await producer.send({ topic: "prices-asked", messages: [{ value: JSON.stringify(items) }] });\n  return new Promise((resolve) => replies.once("prices-answered", resolve));\n}\n${post(`  await askPrices(req.body.items);\n${INSERT}`)}`,
      ),
    },
    {
      name: "a write and a publish in two different services' handlers",
      files: {
        ...orders(post(INSERT)),
        ...service("services/notifier", ["express", "kafkajs"], {
          "src/server.ts": `import express from "express";\nimport { Kafka } from "kafkajs";\nconst producer = new Kafka({ brokers: ["kafka:9092"] }).producer();\nconst app = express();\napp.post("/v1/notices", async (req, res) => {\n  await producer.send({ topic: "notice", messages: [] });\n  res.json({});\n});\napp.listen(3001);\n`,
        }),
      },
    },
  ],
  invalid: [
    {
      name: "an INSERT then a Kafka send in one route handler",
      files: orders(post(`${INSERT}\n${SEND}`)),
      errors: [{ messageId: "dualWrite", file: "services/orders/src/server.ts", line: 9, hops: 3, data: { service: "orders", target: "orders", topic: "order-created", system: "kafka" } }],
    },
    {
      name: "the publish first, the write in a repository function of another file (either order, hops through the call)",
      files: orders(post(`${SEND}\n  await saveOrder(req.body);`).replace("app.post", `import { saveOrder } from "./repository";\napp.post`), {
        "src/repository.ts": `import knex from "knex";\nconst db = knex({ client: "pg", connection: process.env.DATABASE_URL });\nexport async function saveOrder(order: { id: string }) {\n  await db("orders").insert(order);\n}\n`,
      }, ["express", "pg", "kafkajs", "knex"]),
      errors: [{ messageId: "dualWrite", file: "services/orders/src/server.ts", line: 9, hops: 4, data: { target: "orders", topic: "order-created" } }],
    },
    {
      name: "a Prisma update and a RabbitMQ publish while handling a consumed message",
      files: {
        "docker-compose.yml": `services:\n  billing:\n    build: ./services/billing\n`,
        ...service("services/billing", ["amqplib", "@prisma/client"], {
          "src/worker.ts": `import amqp from "amqplib";\nimport { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nasync function onOrder(channel: amqp.Channel, msg: amqp.ConsumeMessage) {\n  await prisma.invoice.create({ data: { order: msg.content.toString() } });\n  channel.publish("billing", "invoice.created", Buffer.from(msg.content));\n}\nasync function main() {\n  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();\n  await channel.consume("orders", (msg) => msg && onOrder(channel, msg));\n}\nvoid main();\n`,
        }),
      },
      errors: [{ messageId: "dualWrite", file: "services/billing/src/worker.ts", line: 6, data: { service: "billing", target: "invoice", system: "amqp" } }],
    },
    {
      name: "one consumer callback for two topics, one of whose handlers writes and publishes",
      files: stock(`        case "order-created":\n          await reserve(String(message.value));\n          break;\n${ANSWER}`, `async function reserve(item: string) {\n  await pool.query("UPDATE stock SET quantity = quantity - 1 WHERE item = $1", [item]);\n  await producer.send({ topic: "stock-reserved", messages: [{ value: item }] });\n}\n`),
      errors: [{ messageId: "dualWrite", file: "services/stock/src/worker.ts", line: 9, data: { service: "stock", target: "stock", topic: "stock-reserved", system: "kafka" } }],
    },
    {
      name: "NestJS: a @MessagePattern handler (a request over RabbitMQ) saves through a TypeORM repository, then emits an event",
      files: {
        "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n`,
        ...service("services/orders", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "@nestjs/typeorm", "typeorm"], {
          "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { OrdersModule } from "./orders.module";\nNestFactory.createMicroservice(OrdersModule, { transport: Transport.RMQ, options: { urls: [process.env.AMQP_URL!], queue: "orders" } }).then((app) => app.listen());\n`,
          "src/orders.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { OrdersController } from "./orders.controller";\n@Module({ imports: [ClientsModule.register([{ name: "NOTIFY", transport: Transport.RMQ, options: { urls: [process.env.AMQP_URL!], queue: "notifications" } }])], controllers: [OrdersController] })\nexport class OrdersModule {}\n`,
          "src/orders.controller.ts": `import { Controller, Inject } from "@nestjs/common";\nimport { ClientProxy, MessagePattern } from "@nestjs/microservices";\nimport { InjectRepository } from "@nestjs/typeorm";\nimport { Repository } from "typeorm";\n@Controller()\nexport class OrdersController {\n  constructor(@InjectRepository(Object) private readonly orderRepository: Repository<object>, @Inject("NOTIFY") private readonly notify: ClientProxy) {}\n  @MessagePattern({ cmd: "create_order" })\n  async create(data: object) {\n    const order = await this.orderRepository.save(data);\n    this.notify.emit("order_created", order);\n    return order;\n  }\n}\n`,
        }),
      },
      errors: [{ messageId: "dualWrite", file: "services/orders/src/orders.controller.ts", line: 11, hops: 3, data: { service: "orders", target: "orderRepository", system: "amqp" } }],
    },
    {
      name: "kafka-node: a route saves a mongoose document and sends with a callback; a consumer's message handler updates and sends",
      files: {
        "docker-compose.yml": `services:\n  billing:\n    build: ./services/billing\n`,
        ...service("services/billing", ["express", "kafka-node", "mongoose"], {
          "src/models/invoice.js": `const mongoose = require("mongoose");\nmodule.exports = mongoose.model("Invoice", new mongoose.Schema({ total: Number, paid: Boolean }));\n`,
          "src/server.js": `const express = require("express");\nconst kafka = require("kafka-node");\nconst Invoice = require("./models/invoice");\nconst client = new kafka.KafkaClient({ kafkaHost: process.env.KAFKA_HOST });\nconst producer = new kafka.Producer(client);\nconst consumer = new kafka.Consumer(client, [{ topic: "payment-made" }]);\nconsumer.on("message", async (message) => {\n  await Invoice.updateOne({ _id: message.value }, { paid: true });\n  producer.send([{ topic: "invoice-paid", messages: message.value }], () => {});\n});\nconst app = express();\napp.post("/v1/invoices", async (req, res) => {\n  const invoice = await new Invoice(req.body).save();\n  producer.send([{ topic: "invoice-made", messages: JSON.stringify(invoice) }], (err) => res.status(err ? 500 : 201).json(invoice));\n});\napp.listen(3000);\n`,
        }),
      },
      errors: [
        { messageId: "dualWrite", file: "services/billing/src/server.js", line: 9, data: { service: "billing", topic: "invoice-paid", system: "kafka" } },
        { messageId: "dualWrite", file: "services/billing/src/server.js", line: 14, data: { service: "billing", topic: "invoice-made", system: "kafka" } },
      ],
    },
    {
      // Neither file imports typeorm: the DataSource is made in a config module, and getRepository is TypeORM's own word.
      name: "TypeORM repositories taken from a DataSource another module makes: a service class's member and a consumer's local",
      files: {
        "docker-compose.yml": `services:\n  shipping:\n    build: ./services/shipping\n`,
        ...service("services/shipping", ["express", "kafkajs", "typeorm", "pg"], {
          "src/data-source.ts": `import { DataSource } from "typeorm";\nimport { Parcel } from "./parcel";\nexport const dataSource = new DataSource({ type: "postgres", url: process.env.DATABASE_URL, entities: [Parcel] });\n`,
          "src/parcel.ts": `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";\n@Entity()\nexport class Parcel {\n  @PrimaryGeneratedColumn()\n  id!: number;\n  @Column()\n  state!: string;\n}\n`,
          "src/events.ts": `import { Kafka } from "kafkajs";\nconst kafka = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] });\nexport const producer = kafka.producer();\nexport const consumer = kafka.consumer({ groupId: "shipping" });\n`,
          "src/parcels.ts": `import { dataSource } from "./data-source";\nimport { Parcel } from "./parcel";\nexport class Parcels {\n  private store = dataSource.getRepository(Parcel);\n  async open(state: string) {\n    return this.store.save(this.store.create({ state }));\n  }\n}\n`,
          "src/server.ts": `import express from "express";\nimport { Parcels } from "./parcels";\nimport { producer } from "./events";\nconst parcels = new Parcels();\nconst app = express();\napp.post("/v1/parcels", async (req, res) => {\n  const parcel = await parcels.open("new");\n  await producer.send({ topic: "parcel-opened", messages: [{ value: String(parcel.id) }] });\n  res.status(201).json(parcel);\n});\napp.listen(3000);\n`,
          "src/worker.ts": `import { dataSource } from "./data-source";\nimport { Parcel } from "./parcel";\nimport { consumer, producer } from "./events";\nexport async function track() {\n  await consumer.subscribe({ topic: "parcel-scanned" });\n  await consumer.run({\n    eachMessage: async ({ message }) => {\n      const parcels = dataSource.getRepository(Parcel);\n      await parcels.update({ id: Number(message.value) }, { state: "moving" });\n      await producer.send({ topic: "parcel-moving", messages: [{ value: String(message.value) }] });\n    },\n  });\n}\n`,
        }),
      },
      errors: [
        { messageId: "dualWrite", file: "services/shipping/src/server.ts", line: 8, data: { service: "shipping", topic: "parcel-opened", system: "kafka" } },
        { messageId: "dualWrite", file: "services/shipping/src/worker.ts", line: 10, data: { service: "shipping", target: "parcels", topic: "parcel-moving", system: "kafka" } },
      ],
    },
    {
      // NestJS writes "baseUrl": "./" in every app's tsconfig; an editor's auto-import then writes src/... paths.
      name: "NestJS: the injected publisher class and the client token are imported by paths from the tsconfig's baseUrl",
      files: {
        "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n`,
        ...service("services/orders", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "@nestjs/typeorm", "typeorm"], {
          "tsconfig.json": `{\n  "compilerOptions": {\n    // generated by nest new\n    "baseUrl": "./",\n    "outDir": "./dist"\n  }\n}\n`,
          "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { OrdersModule } from "./orders.module";\nNestFactory.create(OrdersModule).then((app) => app.listen(3000));\n`,
          "src/tokens.ts": `export const STOCK_RMQ = "STOCK_RMQ";\n`,
          "src/orders.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { STOCK_RMQ } from "src/tokens";\nimport { OrdersController } from "src/orders.controller";\nimport { OrdersService } from "src/orders.service";\nimport { StockEvents } from "src/stock-events";\n@Module({ imports: [ClientsModule.register([{ name: STOCK_RMQ, transport: Transport.RMQ, options: { urls: [process.env.AMQP_URL!], queue: "stock" } }])], controllers: [OrdersController], providers: [OrdersService, StockEvents] })\nexport class OrdersModule {}\n`,
          "src/stock-events.ts": `import { Inject, Injectable } from "@nestjs/common";\nimport { ClientProxy } from "@nestjs/microservices";\nimport { STOCK_RMQ } from "src/tokens";\n@Injectable()\nexport class StockEvents {\n  constructor(@Inject(STOCK_RMQ) private readonly stock: ClientProxy) {}\n  reserve(item: string) {\n    this.stock.emit("stock_reserve", { item });\n  }\n}\n`,
          "src/orders.service.ts": `import { Injectable } from "@nestjs/common";\nimport { InjectRepository } from "@nestjs/typeorm";\nimport { Repository } from "typeorm";\nimport { StockEvents } from "src/stock-events";\n@Injectable()\nexport class OrdersService {\n  constructor(@InjectRepository(Object) private readonly repo: Repository<{ item: string }>, private readonly stockEvents: StockEvents) {}\n  async place(item: string) {\n    const order = await this.repo.save({ item });\n    this.stockEvents.reserve(item);\n    return order;\n  }\n}\n`,
          "src/orders.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";\nimport { OrdersService } from "src/orders.service";\n@Controller("v1/orders")\nexport class OrdersController {\n  constructor(private readonly orders: OrdersService) {}\n  @Post()\n  place(@Body() body: { item: string }) {\n    return this.orders.place(body.item);\n  }\n}\n`,
        }),
      },
      errors: [{ messageId: "dualWrite", file: "services/orders/src/stock-events.ts", line: 8, data: { service: "orders", topic: "stock_reserve", system: "amqp" } }],
    },
    {
      name: "NestJS: a controller's service creates a document through an injected mongoose model, then emits on a Kafka client",
      files: {
        "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n`,
        ...service("services/orders", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "@nestjs/mongoose", "mongoose"], {
          "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { OrdersModule } from "./orders.module";\nNestFactory.create(OrdersModule).then((app) => app.listen(3000));\n`,
          "src/orders.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { OrdersController } from "./orders.controller";\nimport { OrdersService } from "./orders.service";\n@Module({ imports: [ClientsModule.register([{ name: "EVENTS", transport: Transport.KAFKA, options: { client: { brokers: ["kafka:9092"] } } }])], controllers: [OrdersController], providers: [OrdersService] })\nexport class OrdersModule {}\n`,
          "src/orders.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";\nimport { OrdersService } from "./orders.service";\n@Controller("v1/orders")\nexport class OrdersController {\n  constructor(private readonly orders: OrdersService) {}\n  @Post()\n  create(@Body() dto: { item: string }) {\n    return this.orders.place(dto);\n  }\n}\n`,
          "src/orders.service.ts": `import { Inject, Injectable } from "@nestjs/common";\nimport { ClientKafka } from "@nestjs/microservices";\nimport { InjectModel } from "@nestjs/mongoose";\nimport { Model } from "mongoose";\n@Injectable()\nexport class OrdersService {\n  constructor(@InjectModel("Order") private readonly orderModel: Model<unknown>, @Inject("EVENTS") private readonly events: ClientKafka) {}\n  async place(dto: { item: string }) {\n    const order = await this.orderModel.create(dto);\n    this.events.emit("order-created", order);\n    return order;\n  }\n}\n`,
        }),
      },
      errors: [{ messageId: "dualWrite", file: "services/orders/src/orders.service.ts", line: 10, hops: 5, data: { service: "orders", target: "orderModel", topic: "order-created", system: "kafka" } }],
    },
  ],
});

describe("dual-write in the model", () => {
  it("lists each write with the function that makes it, and none outside a function", () => {
    const result = lintTree(orders(`${post(INSERT)}\nvoid pool.query("DELETE FROM orders WHERE total = 0");`));
    expect(result.model.writes?.map((w) => [w.target, w.library, w.operation, w.inFunction.includes("#"), w.location.line])).toEqual([["orders", "sql", "INSERT", true, 8]]);
  });
});

/**
 * A consumer's handler is the callback each message runs (kafkajs `run({ eachMessage })`, amqplib `consume(q, cb)`,
 * NATS `subscribe(s, { callback })`), not the function that sets the consumer up: its start-up work runs once.
 */
const worker = (deps: string[], code: string): Tree => ({
  "docker-compose.yml": `services:\n  stock:\n    build: ./services/stock\n`,
  ...service("services/stock", [...deps, "pg"], { "src/worker.ts": `import { Pool } from "pg";\nconst pool = new Pool();\n${code}` }),
});
const kafkaHead = `import { Kafka } from "kafkajs";\nconst kafka = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] });\nconst producer = kafka.producer();\nconst consumer = kafka.consumer({ groupId: "stock" });\n`;
const SEED = `  await pool.query("INSERT INTO stock (item, quantity) VALUES ('sample', 0) ON CONFLICT DO NOTHING");\n`;
const RESERVE = `await pool.query("UPDATE stock SET quantity = quantity - 1 WHERE item = $1", [String(message.value)]);`;
const ANNOUNCE = `await producer.send({ topic: "stock-reserved", messages: [{ value: String(message.value) }] });`;

ruleTester("dual-write", {
  valid: [
    {
      name: "kafkajs: a seed write at start-up and a publish in eachMessage are not one message's work",
      files: worker(["kafkajs"], `${kafkaHead}async function main() {\n${SEED}  await consumer.subscribe({ topic: "order-created" });\n  await consumer.run({\n    eachMessage: async ({ message }) => {\n      ${ANNOUNCE}\n    },\n  });\n}\nvoid main();\n`),
    },
    {
      name: "amqplib: a start-up write and a publish in the consume callback",
      files: worker(["amqplib"], `import amqp from "amqplib";\nasync function main() {\n  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();\n${SEED}  await channel.consume("order-created", async (message) => {\n    channel.publish("stock", "reserved", Buffer.from(String(message)));\n  });\n}\nvoid main();\n`),
    },
  ],
  invalid: [
    {
      name: "kafkajs at the top of the module: eachMessage writes and publishes",
      files: worker(["kafkajs"], `${kafkaHead}await consumer.subscribe({ topic: "order-created" });\nawait consumer.run({\n  eachMessage: async ({ message }) => {\n    ${RESERVE}\n    ${ANNOUNCE}\n  },\n});\n`),
      errors: [{ messageId: "dualWrite", file: "services/stock/src/worker.ts", line: 11, hops: 3, data: { service: "stock", topic: "stock-reserved", system: "kafka" } }],
    },
    {
      name: "kafkajs: eachMessage names a function that writes and publishes",
      files: worker(["kafkajs"], `${kafkaHead}async function reserve({ message }: any) {\n  ${RESERVE}\n  ${ANNOUNCE}\n}\nawait consumer.subscribe({ topic: "order-created" });\nawait consumer.run({ eachMessage: reserve });\n`),
      errors: [{ messageId: "dualWrite", line: 9, data: { topic: "stock-reserved" } }],
    },
    {
      name: "NATS: the subscription's callback writes and publishes",
      files: worker(["nats"], `import { connect } from "nats";\nconst nc = await connect({ servers: process.env.NATS_URL });\nnc.subscribe("order.created", {\n  callback: async (err, message) => {\n    ${RESERVE}\n    nc.publish("stock.reserved", message.data);\n  },\n});\n`),
      errors: [{ messageId: "dualWrite", line: 8, data: { topic: "stock.reserved", system: "nats" } }],
    },
  ],
});

/** A write or a publish through a method the class inherits from its base (in another module). */
const baseService = `import { Pool } from "pg";\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nexport abstract class BaseService {\n  protected abstract table: string;\n  async save(row: { id: string }) {\n    await pool.query("INSERT INTO orders (id) VALUES ($1)", [row.id]);\n  }\n}\n`;
const inheritedShop = (serviceCode: string, server: string): Tree => ({
  "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n`,
  ...service("services/orders", ["express", "pg", "kafkajs"], {
    "src/base.service.ts": baseService,
    "src/order.service.ts": serviceCode,
    "src/server.ts": `import express from "express";\nimport { OrderService } from "./order.service";\nconst orders = new OrderService();\nconst app = express();\n${server}\napp.listen(3000);\n`,
  }),
});
const orderService = (body: string) =>
  `import { Kafka } from "kafkajs";\nimport { BaseService } from "./base.service";\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nexport class OrderService extends BaseService {\n  protected table = "orders";\n  async place(order: { id: string }) {\n${body}\n  }\n}\n`;

ruleTester("dual-write", {
  valid: [
    {
      name: "an inherited save() and no publish (another route publishes and writes nothing)",
      files: inheritedShop(
        `${orderService(`    await this.save(order);`).replace("\n}\n", "\n  async announce(id: string) {\n    await producer.send({ topic: \"order-announced\", messages: [{ value: id }] });\n  }\n}\n")}`,
        `app.post("/v1/orders", async (req, res) => {\n  await orders.place(req.body);\n  res.status(201).json({});\n});\napp.post("/v1/announcements", async (req, res) => {\n  await orders.announce(req.body.id);\n  res.json({});\n});`,
      ),
    },
  ],
  invalid: [
    {
      name: "this.save() defined on the base class in another module, then a publish",
      files: inheritedShop(
        orderService(`    await this.save(order);\n    await producer.send({ topic: "order-placed", messages: [{ value: order.id }] });`),
        `app.post("/v1/orders", async (req, res) => {\n  await orders.place(req.body);\n  res.status(201).json({});\n});`,
      ),
      errors: [{ messageId: "dualWrite", file: "services/orders/src/order.service.ts", line: 8, data: { service: "orders", target: "orders", topic: "order-placed" } }],
    },
    {
      name: "a NestJS-style injected repository whose create() is inherited from an abstract repository",
      files: {
        "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n`,
        ...service("services/orders", ["express", "pg", "kafkajs"], {
          "src/abstract.repository.ts": `import { Pool } from "pg";\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nexport abstract class AbstractRepository {\n  async create(row: { id: string }) {\n    await pool.query("INSERT INTO orders (id) VALUES ($1)", [row.id]);\n  }\n}\n`,
          "src/orders.repository.ts": `import { AbstractRepository } from "./abstract.repository";\nexport class OrdersRepository extends AbstractRepository {}\n`,
          "src/orders.service.ts": `import { Kafka } from "kafkajs";\nimport { OrdersRepository } from "./orders.repository";\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nexport class OrdersService {\n  constructor(private readonly ordersRepository: OrdersRepository) {}\n  async place(order: { id: string }) {\n    await this.ordersRepository.create(order);\n    await producer.send({ topic: "order-placed", messages: [{ value: order.id }] });\n  }\n}\n`,
          "src/server.ts": `import express from "express";\nimport { OrdersService } from "./orders.service";\nimport { OrdersRepository } from "./orders.repository";\nconst orders = new OrdersService(new OrdersRepository());\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  await orders.place(req.body);\n  res.status(201).json({});\n});\napp.listen(3000);\n`,
        }),
      },
      errors: [{ messageId: "dualWrite", file: "services/orders/src/orders.service.ts", line: 8, data: { target: "orders", topic: "order-placed" } }],
    },
  ],
});

/**
 * The event classes of a shared library: a base publisher whose `publish` sends on `this.subject`, and each service's
 * subclass naming its subject. The publish a handler makes is `new XPublisher(client).publish(data)`, a method the
 * subclass inherits (from the library in the repository, or from the published copy of it).
 */
const events: Tree = {
  "package.json": { name: "fair", private: true, workspaces: ["shared", "seats", "bookings"] },
  "shared/package.json": { name: "@fair/shared", main: "src/index.ts", types: "src/index.ts", dependencies: { "node-nats-streaming": "*" } },
  "shared/src/index.ts": `export * from "./subjects";\nexport * from "./publisher";\n`,
  "shared/src/subjects.ts": `export enum Subjects {\n  SeatHeld = "seat:held",\n  BookingMade = "booking:made",\n}\n`,
  "shared/src/publisher.ts": `import { Stan } from "node-nats-streaming";\nexport abstract class BasePublisher<T> {\n  abstract subject: string;\n  constructor(private readonly stan: Stan) {}\n  publish(data: T): Promise<void> {\n    return new Promise((done) => this.stan.publish(this.subject, JSON.stringify(data), () => done()));\n  }\n}\n`,
};
const seatPublisher = `import { BasePublisher, Subjects } from "@fair/shared";\nexport class SeatHeldPublisher extends BasePublisher<unknown> {\n  readonly subject = Subjects.SeatHeld;\n}\n`;
/** The seats service's model, publisher subclass and NATS connection; each case adds its own server. */
const seatModules = {
  "src/models/seat.ts": `import mongoose from "mongoose";\nexport const Seat = mongoose.model("Seat", new mongoose.Schema({ row: Number }));\n`,
  "src/held-publisher.ts": seatPublisher,
  "src/stan.ts": `import nats from "node-nats-streaming";\nexport const stan = nats.connect("fair", "seats", { url: process.env.NATS_URL });\n`,
};

ruleTester("dual-write", {
  valid: [
    {
      name: "a route that only publishes through the inherited publish, another that only saves",
      files: {
        ...events,
        ...service("seats", ["@fair/shared", "express", "mongoose", "node-nats-streaming"], {
          ...seatModules,
          "src/server.ts": `import express from "express";\nimport { Seat } from "./models/seat";\nimport { SeatHeldPublisher } from "./held-publisher";\nimport { stan } from "./stan";\nconst app = express();\napp.post("/v1/holds", async (req, res) => {\n  await new SeatHeldPublisher(stan).publish({ id: req.body.id });\n  res.status(202).end();\n});\napp.post("/v1/seats", async (req, res) => {\n  await new Seat(req.body).save();\n  res.status(201).end();\n});\napp.listen(3000);\n`,
        }),
      },
    },
  ],
  invalid: [
    {
      name: "a route saves a document, then publishes through a subclass's inherited publish (instance made in place or held in a variable)",
      files: {
        ...events,
        ...service("seats", ["@fair/shared", "express", "mongoose", "node-nats-streaming"], {
          ...seatModules,
          "src/server.ts": `import express from "express";\nimport { Seat } from "./models/seat";\nimport { SeatHeldPublisher } from "./held-publisher";\nimport { stan } from "./stan";\nconst app = express();\napp.post("/v1/seats", async (req, res) => {\n  const seat = await new Seat(req.body).save();\n  await new SeatHeldPublisher(stan).publish({ id: seat.id });\n  res.status(201).json(seat);\n});\napp.put("/v1/seats/:id", async (req, res) => {\n  const seat = await Seat.findByIdAndUpdate(req.params.id, req.body);\n  const publisher = new SeatHeldPublisher(stan);\n  publisher.publish({ id: req.params.id });\n  res.json(seat);\n});\napp.listen(3000);\n`,
        }),
      },
      errors: [
        { messageId: "dualWrite", file: "seats/src/server.ts", line: 8, data: { service: "seats", topic: "seat:held", system: "nats-streaming" } },
        { messageId: "dualWrite", file: "seats/src/server.ts", line: 14, data: { service: "seats", topic: "seat:held", system: "nats-streaming" } },
      ],
    },
    {
      name: "a route deletes a found document, then publishes through a publisher instance another module made and exported (or one made at the top of its own file)",
      files: {
        ...events,
        ...service("seats", ["@fair/shared", "express", "mongoose", "node-nats-streaming"], {
          ...seatModules,
          "src/held-publisher.ts": `import { BasePublisher, Subjects } from "@fair/shared";\nimport { stan } from "./stan";\nclass SeatHeldPublisher extends BasePublisher<unknown> {\n  readonly subject = Subjects.SeatHeld;\n}\nexport default new SeatHeldPublisher(stan);\n`,
          "src/freed-publisher.ts": `import { BasePublisher } from "@fair/shared";\nexport class SeatFreedPublisher extends BasePublisher<unknown> {\n  readonly subject = "seat:freed";\n}\n`,
          "src/server.ts": `import express from "express";\nimport { Seat } from "./models/seat";\nimport seatHeld from "./held-publisher";\nimport { SeatFreedPublisher } from "./freed-publisher";\nimport { stan } from "./stan";\nconst freed = new SeatFreedPublisher(stan);\nconst app = express();\napp.delete("/v1/seats/:id", async (req, res) => {\n  const seat = await Seat.findById(req.params.id);\n  await seat.remove();\n  await seatHeld.publish({ id: req.params.id });\n  res.status(204).end();\n});\napp.post("/v1/seats/:id/free", async (req, res) => {\n  await Seat.findByIdAndUpdate(req.params.id, { free: true });\n  await freed.publish({ id: req.params.id });\n  res.status(204).end();\n});\napp.listen(3000);\n`,
        }),
      },
      errors: [
        { messageId: "dualWrite", file: "seats/src/server.ts", line: 11, data: { service: "seats", topic: "seat:held", system: "nats-streaming" } },
        { messageId: "dualWrite", file: "seats/src/server.ts", line: 16, data: { service: "seats", topic: "seat:freed", system: "nats-streaming" } },
      ],
    },
  ],
});

const listenerTree = (onMessage: string): Tree => ({
  ...events,
  "shared/src/index.ts": `export * from "./subjects";\nexport * from "./publisher";\nexport * from "./listener";\n`,
  "shared/src/listener.ts": `import { Message, Stan } from "node-nats-streaming";\nexport abstract class BaseListener<T> {\n  abstract subject: string;\n  abstract onMessage(data: T, msg: Message): void;\n  constructor(protected readonly stan: Stan) {}\n  listen() {\n    this.stan.subscribe(this.subject).on("message", (msg: Message) => this.onMessage(JSON.parse(msg.getData() as string), msg));\n  }\n}\n`,
  ...service("seats", ["@fair/shared", "express", "mongoose", "node-nats-streaming"], {
    "src/models/seat.ts": `import mongoose from "mongoose";\nexport const Seat = mongoose.model("Seat", new mongoose.Schema({ row: Number, booking: String }));\n`,
    "src/held-publisher.ts": seatPublisher,
    "src/booking-listener.ts": `import { Message } from "node-nats-streaming";\nimport { BaseListener, Subjects } from "@fair/shared";\nimport { Seat } from "./models/seat";\nimport { SeatHeldPublisher } from "./held-publisher";\nexport class BookingMadeListener extends BaseListener<{ seat: string; id: string }> {\n  readonly subject = Subjects.BookingMade;\n  async onMessage(data: { seat: string; id: string }, msg: Message) {\n${onMessage}\n    msg.ack();\n  }\n}\n`,
    "src/server.ts": `import express from "express";\nimport nats from "node-nats-streaming";\nimport { BookingMadeListener } from "./booking-listener";\nconst stan = nats.connect("fair", "seats", { url: process.env.NATS_URL });\nstan.on("connect", () => new BookingMadeListener(stan).listen());\nexpress().listen(3000);\n`,
  }),
});
const HOLD = `    await Seat.updateOne({ _id: data.seat }, { booking: data.id });`;

ruleTester("dual-write", {
  valid: [{ name: "a listener subclass's onMessage that only saves", files: listenerTree(HOLD) }],
  invalid: [
    {
      name: "a listener subclass's onMessage (the base class calls it for each message) saves, then publishes through a publisher subclass",
      files: listenerTree(`${HOLD}\n    await new SeatHeldPublisher(this.stan).publish({ id: data.seat });`),
      errors: [{ messageId: "dualWrite", file: "seats/src/booking-listener.ts", line: 9, data: { service: "seats", topic: "seat:held", system: "nats-streaming" } }],
    },
  ],
});

/**
 * The same classes when the base classes come only from the published package (the repository holds no copy of
 * it): a subclass of a `…Publisher` or `…Listener` that names its `subject`, in a service that connects to NATS
 * Streaming, publishes or consumes that subject there.
 */
const publishedOnly = (onMessage: string, route: string): Tree =>
  service("seats", ["@fair/published", "express", "mongoose", "node-nats-streaming"], {
    "src/models/seat.ts": `import mongoose from "mongoose";\nexport const Seat = mongoose.model("Seat", new mongoose.Schema({ row: Number, booking: String }));\n`,
    "src/held-publisher.ts": `import { Publisher, Subjects } from "@fair/published";\nexport class SeatHeldPublisher extends Publisher<unknown> {\n  readonly subject = Subjects.SeatHeld;\n}\n`,
    "src/booking-listener.ts": `import { Message } from "node-nats-streaming";\nimport { Listener, Subjects } from "@fair/published";\nimport { Seat } from "./models/seat";\nimport { SeatHeldPublisher } from "./held-publisher";\nexport class BookingMadeListener extends Listener<{ seat: string; id: string }> {\n  readonly subject = Subjects.BookingMade;\n  queueGroupName = "seats";\n  async onMessage(data: { seat: string; id: string }, msg: Message) {\n${onMessage}\n    msg.ack();\n  }\n}\n`,
    "src/stan.ts": `import nats from "node-nats-streaming";\nexport const stan = nats.connect("fair", "seats", { url: process.env.NATS_URL });\n`,
    "src/server.ts": `import express from "express";\nimport { Seat } from "./models/seat";\nimport { SeatHeldPublisher } from "./held-publisher";\nimport { BookingMadeListener } from "./booking-listener";\nimport { stan } from "./stan";\nstan.on("connect", () => new BookingMadeListener(stan).listen());\nconst app = express();\napp.post("/v1/seats", async (req, res) => {\n${route}\n  res.status(201).end();\n});\napp.listen(3000);\n`,
  });

ruleTester("dual-write", {
  valid: [
    {
      name: "base classes from a published package only: a listener that only saves, a route that only publishes",
      files: publishedOnly(HOLD, `  await new SeatHeldPublisher(stan).publish({ id: req.body.id });`),
    },
  ],
  invalid: [
    {
      name: "base classes from a published package only: a route and a listener that save, then publish through the subclass",
      files: publishedOnly(`${HOLD}\n    await new SeatHeldPublisher(this.client).publish({ id: data.seat });`, `  const seat = await new Seat(req.body).save();\n  await new SeatHeldPublisher(stan).publish({ id: seat.id });`),
      errors: [
        { messageId: "dualWrite", file: "seats/src/booking-listener.ts", line: 10, data: { service: "seats", system: "nats-streaming" } },
        { messageId: "dualWrite", file: "seats/src/server.ts", line: 10, data: { service: "seats", system: "nats-streaming" } },
      ],
    },
  ],
});
