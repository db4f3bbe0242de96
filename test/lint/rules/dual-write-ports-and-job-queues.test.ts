import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * Two shapes of orchestrated sagas in NestJS code:
 * - ports: the controller is handed abstract classes (`abstract hold(...)`, declared in files that import nothing, which it
 *   imports through a barrel and the adapters from their own files) and the module binds each to its adapter (`{ provide: SeatStore, useClass: SqlSeatStore }`); what runs is the
 *   adapter's method, which writes or publishes;
 * - job queues between services: one service adds a BullMQ job another service's worker takes, which carries a saga step
 *   as a broker's message does. A queue its own service works off is a job put off for later, not a message.
 */

const NEST = ["@nestjs/core", "@nestjs/common", "@nestjs/typeorm", "typeorm", "kafkajs"];

const main = `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`;
const seatStorePort = `export abstract class SeatStore {\n  abstract hold(seatId: string): Promise<void>;\n}\n`;
const seatNewsPort = `export interface HeldSeat {\n  seatId: string;\n}\n\nexport abstract class SeatNews {\n  abstract tell(held: HeldSeat): Promise<void>;\n}\n`;
const sqlSeatStore = `import { InjectRepository } from "@nestjs/typeorm";\nimport { Repository } from "typeorm";\nimport { SeatStore } from "../ports/seat-store.port";\nexport class SqlSeatStore implements SeatStore {\n  constructor(@InjectRepository(Object) private readonly rows: Repository<object>) {}\n  async hold(seatId: string): Promise<void> {\n    await this.rows.update(seatId, { held: true });\n  }\n}\n`;
const kafkaSeatNews = `import { Kafka } from "kafkajs";\nimport { SeatNews, HeldSeat } from "../ports/seat-news.port";\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nexport class KafkaSeatNews extends SeatNews {\n  async tell(held: HeldSeat): Promise<void> {\n    await producer.send({ topic: "seat-held", messages: [{ value: held.seatId }] });\n  }\n}\n`;
const controller = `import { Controller, Param, Post } from "@nestjs/common";\nimport { SeatNews, SeatStore } from "../ports";\n@Controller("v1/seats")\nexport class SeatsController {\n  constructor(private readonly seatStore: SeatStore, private readonly seatNews: SeatNews) {}\n  @Post(":id/hold")\n  async hold(@Param("id") id: string) {\n    await this.seatStore.hold(id);\n    await this.seatNews.tell({ seatId: id });\n  }\n}\n`;
const appModule = `import { Module } from "@nestjs/common";\nimport { SeatsController } from "./seats/web/seats.controller";\nimport { SeatNews, SeatStore } from "./seats/ports";\nimport { SqlSeatStore } from "./seats/adapters/sql-seat-store";\nimport { KafkaSeatNews } from "./seats/adapters/kafka-seat-news";\n@Module({\n  controllers: [SeatsController],\n  providers: [\n    { provide: SeatStore, useClass: SqlSeatStore },\n    { provide: SeatNews, useClass: KafkaSeatNews },\n  ],\n})\nexport class AppModule {}\n`;

function theatre(extra: Record<string, string> = {}): Tree {
  return {
    "docker-compose.yml": `services:\n  theatre:\n    build: ./theatre\n`,
    ...service("theatre", NEST, {
      "src/main.ts": main,
      "src/app.module.ts": appModule,
      "src/seats/ports/index.ts": `export * from "./seat-store.port";\nexport * from "./seat-news.port";\n`,
      "src/seats/ports/seat-store.port.ts": seatStorePort,
      "src/seats/ports/seat-news.port.ts": seatNewsPort,
      "src/seats/adapters/sql-seat-store.ts": sqlSeatStore,
      "src/seats/adapters/kafka-seat-news.ts": kafkaSeatNews,
      "src/seats/web/seats.controller.ts": controller,
      ...extra,
    }),
  };
}

const BULL_SERVICE = ["express", "pg", "bullmq"];

/** A kitchen that stores an order and queues its cooking; `worker` says where the cooking queue is worked off. */
function kitchen(workerInKitchen: boolean): Tree {
  const worker = `import { Worker } from "bullmq";\nnew Worker("cook-dish", async (job) => {\n  console.log(job.data);\n}, { connection: { host: process.env.REDIS_HOST } });\n`;
  return {
    "docker-compose.yml": `services:\n  kitchen:\n    build: ./kitchen\n  stove:\n    build: ./stove\n`,
    ...service("kitchen", BULL_SERVICE, {
      "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { Queue } from "bullmq";\n${workerInKitchen ? 'import "./worker";\n' : ""}const db = new Pool({ connectionString: process.env.DATABASE_URL });\nconst cooking = new Queue("cook-dish", { connection: { host: process.env.REDIS_HOST } });\nconst app = express();\napp.post("/v1/dishes", async (req, res) => {\n  await db.query("INSERT INTO dishes (name) VALUES ($1)", [req.body.name]);\n  await cooking.add("cook", { name: req.body.name });\n  res.status(202).end();\n});\napp.listen(3000);\n`,
      ...(workerInKitchen ? { "src/worker.ts": worker } : {}),
    }),
    ...service("stove", ["bullmq", "express"], {
      "src/server.ts": `import express from "express";\n${workerInKitchen ? "" : 'import "./worker";\n'}const app = express();\napp.get("/v1/health", (_req, res) => res.end());\napp.listen(3001);\n`,
      ...(workerInKitchen ? {} : { "src/worker.ts": worker }),
    }),
  };
}

/** A NestJS worker service whose @Processor class takes `cook-dish` jobs, records them and queues the serving for the kitchen. */
const stoveProcessor: Tree = {
  "docker-compose.yml": `services:\n  kitchen:\n    build: ./kitchen\n  stove:\n    build: ./stove\n`,
  ...service("kitchen", ["bullmq"], {
    "src/server.ts": `import { Worker } from "bullmq";\nnew Worker("serve-dish", async (job) => console.log(job.data), { connection: { host: process.env.REDIS_HOST } });\n`,
  }),
  ...service("stove", ["@nestjs/core", "@nestjs/common", "@nestjs/bullmq", "bullmq", "@nestjs/typeorm", "typeorm"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { StoveModule } from "./stove.module";\nNestFactory.createApplicationContext(StoveModule);\n`,
    "src/stove.module.ts": `import { Module } from "@nestjs/common";\nimport { BullModule } from "@nestjs/bullmq";\nimport { CookProcessor } from "./cook.processor";\n@Module({ imports: [BullModule.registerQueue({ name: "cook-dish" }, { name: "serve-dish" })], providers: [CookProcessor] })\nexport class StoveModule {}\n`,
    "src/cook.processor.ts": `import { InjectQueue, Processor, WorkerHost } from "@nestjs/bullmq";\nimport { InjectRepository } from "@nestjs/typeorm";\nimport { Job, Queue } from "bullmq";\nimport { Repository } from "typeorm";\n@Processor("cook-dish")\nexport class CookProcessor extends WorkerHost {\n  constructor(@InjectRepository(Object) private readonly burners: Repository<object>, @InjectQueue("serve-dish") private readonly serving: Queue) {\n    super();\n  }\n  async process(job: Job<{ name: string }>): Promise<void> {\n    await this.burners.save({ dish: job.data.name });\n    await this.serving.add("serve", job.data);\n  }\n}\n`,
  }),
};

ruleTester("dual-write", {
  valid: [
    {
      name: "a port two adapters implement: the module binds the one that publishes nothing",
      files: theatre({
        "src/seats/adapters/quiet-seat-news.ts": `import { SeatNews, HeldSeat } from "../ports";\nexport class QuietSeatNews implements SeatNews {\n  async tell(_held: HeldSeat): Promise<void> {}\n}\n`,
        "src/app.module.ts": appModule.replace("{ provide: SeatNews, useClass: KafkaSeatNews }", "{ provide: SeatNews, useClass: QuietSeatNews }").replace(`import { KafkaSeatNews } from "./seats/adapters/kafka-seat-news";`, `import { QuietSeatNews } from "./seats/adapters/quiet-seat-news";`),
      }),
    },
    {
      name: "a port two adapters implement and no provider binds: nothing says which one runs",
      files: theatre({
        "src/seats/adapters/quiet-seat-news.ts": `import { SeatNews, HeldSeat } from "../ports";\nexport class QuietSeatNews implements SeatNews {\n  async tell(_held: HeldSeat): Promise<void> {}\n}\n`,
        "src/app.module.ts": appModule.replace("{ provide: SeatNews, useClass: KafkaSeatNews }", "{ provide: SeatNews, useFactory: () => null }"),
      }),
    },
    {
      name: "a BullMQ job its own service works off: work put off for later, not a message to another service",
      files: kitchen(true),
    },
  ],
  invalid: [
    {
      name: "a controller handed abstract ports: the adapters bound to them write and publish",
      files: theatre(),
      errors: [{ messageId: "dualWrite", file: "theatre/src/seats/adapters/kafka-seat-news.ts", data: { service: "theatre", system: "kafka", topic: "seat-held" } }],
    },
    {
      name: "a BullMQ job another service's worker takes: a message between services",
      files: kitchen(false),
      errors: [{ messageId: "dualWrite", data: { service: "kitchen", system: "bull", topic: "cook-dish" } }],
    },
    {
      name: "a NestJS @Processor's process method handles the queue's jobs: its write and its job for another service pair up",
      files: stoveProcessor,
      errors: [{ messageId: "dualWrite", data: { service: "stove", system: "bull", topic: "serve-dish" } }],
    },
  ],
});
