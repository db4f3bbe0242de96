import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * Publishes and writes that are easy to overlook: a NestJS request sent with nothing to take its reply (a one-way
 * message, as `emit` is), and a Sequelize row that a model found and the handler then updates in place.
 */

/** A NestJS shipping service whose controller (line 8 on) saves a parcel, then hands the depot a message over RabbitMQ. */
const shipping = (handOver: string): Tree => ({
  "docker-compose.yml": `services:\n  shipping:\n    build: ./services/shipping\n`,
  ...service("services/shipping", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "@nestjs/typeorm", "typeorm", "rxjs"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { ShippingModule } from "./shipping.module";\nNestFactory.create(ShippingModule).then((app) => app.listen(3000));\n`,
    "src/shipping.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { ParcelsController } from "./parcels.controller";\n@Module({ imports: [ClientsModule.register([{ name: "DEPOT", transport: Transport.RMQ, options: { urls: [process.env.AMQP_URL!], queue: "depot" } }])], controllers: [ParcelsController] })\nexport class ShippingModule {}\n`,
    "src/parcels.controller.ts": `import { Body, Controller, Inject, Post } from "@nestjs/common";\nimport { ClientProxy } from "@nestjs/microservices";\nimport { InjectRepository } from "@nestjs/typeorm";\nimport { Repository } from "typeorm";\nimport { firstValueFrom } from "rxjs";\n@Controller("parcels")\nexport class ParcelsController {\n  constructor(@InjectRepository(Object) private readonly parcels: Repository<object>, @Inject("DEPOT") private readonly depot: ClientProxy) {}\n  @Post()\n  async register(@Body() body: object) {\n    const parcel = await this.parcels.save(body);\n${handOver}\n    return parcel;\n  }\n}\n`,
  }),
});

/** A catalogue service (express, Sequelize models, NATS Streaming) whose route (line 6 on) finds a row, then runs `body`. */
const catalogue = (body: string): Tree => ({
  "docker-compose.yml": `services:\n  catalogue:\n    build: ./services/catalogue\n`,
  ...service("services/catalogue", ["express", "sequelize", "node-nats-streaming"], {
    "src/models/index.ts": `import { DataTypes, Sequelize } from "sequelize";\nconst db = new Sequelize(process.env.CATALOGUE_DB!);\nexport const Item = db.define("item", { price: DataTypes.INTEGER });\n`,
    "src/server.ts": `import express from "express";\nimport nats from "node-nats-streaming";\nimport { Item } from "./models";\nconst stan = nats.connect("shop", "catalogue", { url: process.env.NATS_URL });\nconst app = express();\napp.put("/v1/items/:id/price", async (req, res) => {\n  const item = await Item.findByPk(req.params.id);\n  if (!item) return res.sendStatus(404);\n${body}\n  res.json(item);\n});\napp.listen(3000);\n`,
  }),
});

/**
 * A tickets service (express, pg) that publishes through the client a wrapper module keeps (`natsWrapper.client`), and
 * through an in-process bus whose module wraps Node's EventEmitter (no broker: no topic).
 */
const tickets: Tree = {
  "docker-compose.yml": `services:\n  tickets:\n    build: ./services/tickets\n`,
  ...service("services/tickets", ["express", "pg", "node-nats-streaming"], {
    "src/nats-wrapper.ts": `import nats, { Stan } from "node-nats-streaming";\nclass NatsWrapper {\n  private stan?: Stan;\n  get client(): Stan {\n    if (!this.stan) throw new Error("connect first");\n    return this.stan;\n  }\n  connect(url: string): void {\n    this.stan = nats.connect("tickets", "api", { url });\n  }\n}\nexport const natsWrapper = new NatsWrapper();\n`,
    "src/local-bus.ts": `import { EventEmitter } from "node:events";\nclass LocalBus {\n  readonly client = { publish: (name: string, body: string) => new EventEmitter().emit(name, body) };\n}\nexport const localBus = new LocalBus();\n`,
    "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { natsWrapper } from "./nats-wrapper";\nimport { localBus } from "./local-bus";\nconst db = new Pool();\nconst app = express();\napp.post("/v1/tickets", async (req, res) => {\n  await db.query("INSERT INTO tickets (title) VALUES ($1)", [req.body.title]);\n  natsWrapper.client.publish("ticket:created", JSON.stringify(req.body), () => {});\n  res.sendStatus(201);\n});\napp.post("/v1/notes", async (req, res) => {\n  await db.query("INSERT INTO notes (text) VALUES ($1)", [req.body.text]);\n  localBus.client.publish("note:added", req.body.text);\n  res.sendStatus(201);\n});\nnatsWrapper.connect(process.env.NATS_URL!);\napp.listen(3000);\n`,
  }),
};

ruleTester("dual-write", {
  valid: [
    {
      name: "NestJS: a request whose reply the handler waits for (firstValueFrom) is a call, not an event",
      files: shipping(`    await firstValueFrom(this.depot.send("parcel.accept", parcel));`),
    },
    {
      name: "a row found and only read before the publish (another route deletes rows, and publishes nothing)",
      files: catalogue(`  stan.publish("item.viewed", JSON.stringify({ id: item.get("id") }));
  res.json(item);
});
app.delete("/v1/items/:id", async (req, res) => {
  const item = await Item.findByPk(req.params.id);
  await item?.destroy();`),
    },
  ],
  invalid: [
    {
      name: "NestJS: send(...).subscribe() with no observer after the save: the reply goes nowhere, a one-way message",
      files: shipping(`    this.depot.send("parcel.accept", parcel).subscribe();`),
      errors: [{ messageId: "dualWrite", file: "services/shipping/src/parcels.controller.ts", line: 12, data: { service: "shipping", target: "parcels", topic: "parcel.accept", system: "amqp" } }],
    },
    {
      name: "a row a model found (findByPk), updated in place, then published",
      files: catalogue(`  await item.update({ price: req.body.price });\n  stan.publish("item.repriced", JSON.stringify({ id: req.params.id }));`),
      errors: [{ messageId: "dualWrite", file: "services/catalogue/src/server.ts", line: 10, data: { service: "catalogue", target: "Item", topic: "item.repriced", system: "nats-streaming" } }],
    },
    {
      name: "a route publishing through the client a wrapper module keeps (natsWrapper.client): on the broker that module imports; an in-process bus is none",
      files: tickets,
      errors: [{ messageId: "dualWrite", file: "services/tickets/src/server.ts", line: 9, data: { service: "tickets", target: "tickets", topic: "ticket:created", system: "nats-streaming" } }],
    },
  ],
});

/** A reservations service (express, kafkajs) whose route (line 7 on) keeps a hold under a key, then announces it; `store` opens its datastores. */
const reservations = (store: string, deps: string[], write = `await kv.set(\`hold:\${req.params.seat}\`, req.body.guest, "EX", 600);`): Tree => ({
  "docker-compose.yml": `services:\n  reservations:\n    build: ./services/reservations\n`,
  ...service("services/reservations", ["express", "kafkajs", ...deps], {
    "src/server.ts": `import express from "express";\nimport { Kafka } from "kafkajs";\n${store}\nconst announcer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nconst app = express();\napp.post("/v1/holds/:seat", async (req, res) => {\n  ${write}\n  await announcer.send({ topic: "seat-held", messages: [{ value: req.params.seat }] });\n  res.sendStatus(202);\n});\napp.listen(3000);\n`,
  }),
});

ruleTester("dual-write", {
  valid: [
    {
      name: "a Redis key written beside a PostgreSQL database is a cache: the service's state is in the database",
      files: reservations(`import Redis from "ioredis";\nimport { Pool } from "pg";\nconst kv = new Redis(process.env.REDIS_URL!); const db = new Pool({ connectionString: process.env.DATABASE_URL });`, ["ioredis", "pg"]),
    },
  ],
  invalid: [
    {
      name: "a Redis key written by a service whose one datastore is Redis, then published: two operations",
      files: reservations(`import Redis from "ioredis";\nconst kv = new Redis(process.env.REDIS_URL!);`, ["ioredis"]),
      errors: [{ messageId: "dualWrite", file: "services/reservations/src/server.ts", line: 9, data: { service: "reservations", topic: "seat-held", system: "kafka" } }],
    },
    {
      // A Lua script takes the hold atomically (the reason to write one): it writes, whatever the script's name.
      name: "a hold taken by a Lua script (evalsha) in a service whose one datastore is Redis, then published",
      files: reservations(`import Redis from "ioredis";\nconst kv = new Redis(process.env.REDIS_URL!);`, ["ioredis"], `const taken = await kv.evalsha(process.env.HOLD_SCRIPT_SHA!, 1, \`hold:\${req.params.seat}\`, req.body.guest);`),
      errors: [{ messageId: "dualWrite", file: "services/reservations/src/server.ts", line: 9, data: { service: "reservations", topic: "seat-held", system: "kafka" } }],
    },
  ],
});
