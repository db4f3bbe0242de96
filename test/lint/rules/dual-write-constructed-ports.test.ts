import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A use case written against ports in a core folder with a barrel: `constructor(private readonly ledger: BikeLedger,
 * private readonly announcer: RentalAnnouncer)`, both interfaces the use case imports from their own files, while the
 * adapters import them through the barrel (`from "../core"`). The NestJS module makes the use case by hand
 * (`useFactory: (ledger: PgBikeLedger, announcer: KafkaRentalAnnouncer) => new RentBike(ledger, announcer)`); an
 * in-memory ledger implements the same port for tests.
 */

const NEST = ["@nestjs/core", "@nestjs/common", "@nestjs/typeorm", "typeorm", "kafkajs"];

const ledgerPort = `export interface BikeLedger {\n  markRented(bikeId: string, rider: string): Promise<void>;\n}\n`;
const announcerPort = `export interface RentalAnnouncer {\n  rented(bikeId: string): Promise<void>;\n}\n`;
const useCase = `import { BikeLedger } from "./ports/bike-ledger";\nimport { RentalAnnouncer } from "./ports/rental-announcer";\nexport class RentBike {\n  constructor(private readonly ledger: BikeLedger, private readonly announcer: RentalAnnouncer) {}\n  async run(bikeId: string, rider: string): Promise<void> {\n    await this.ledger.markRented(bikeId, rider);\n    await this.announcer.rented(bikeId);\n  }\n}\n`;
const barrel = `export * from "./ports/bike-ledger";\nexport * from "./ports/rental-announcer";\nexport * from "./rent-bike";\n`;
const pgLedger = `import { InjectRepository } from "@nestjs/typeorm";\nimport { Repository } from "typeorm";\nimport { BikeLedger } from "../core";\nexport class PgBikeLedger implements BikeLedger {\n  constructor(@InjectRepository(Object) private readonly bikes: Repository<object>) {}\n  async markRented(bikeId: string, rider: string): Promise<void> {\n    await this.bikes.update(bikeId, { rider });\n  }\n}\n`;
const memoryLedger = `import { BikeLedger } from "../core";\nexport class MemoryBikeLedger implements BikeLedger {\n  private readonly rented = new Map<string, string>();\n  async markRented(bikeId: string, rider: string): Promise<void> {\n    this.rented.set(bikeId, rider);\n  }\n}\n`;
const kafkaAnnouncer = `import { Kafka } from "kafkajs";\nimport { RentalAnnouncer } from "../core";\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\nexport class KafkaRentalAnnouncer implements RentalAnnouncer {\n  async rented(bikeId: string): Promise<void> {\n    await producer.send({ topic: "bike-rented", messages: [{ value: bikeId }] });\n  }\n}\n`;
const controller = `import { Controller, Param, Post } from "@nestjs/common";\nimport { RentBike } from "../core";\n@Controller("v1/bikes")\nexport class BikesController {\n  constructor(private readonly rentBike: RentBike) {}\n  @Post(":id/rent")\n  async rent(@Param("id") id: string) {\n    await this.rentBike.run(id, "someone");\n  }\n}\n`;

/** The app module, providing RentBike as `provider` says. */
const appModule = (provider: string) =>
  `import { Module } from "@nestjs/common";\nimport { RentBike } from "./core";\nimport { BikesController } from "./web/bikes.controller";\nimport { PgBikeLedger } from "./adapters/pg-bike-ledger";\nimport { MemoryBikeLedger } from "./adapters/memory-bike-ledger";\nimport { KafkaRentalAnnouncer } from "./adapters/kafka-rental-announcer";\n@Module({\n  controllers: [BikesController],\n  providers: [\n    PgBikeLedger,\n    MemoryBikeLedger,\n    KafkaRentalAnnouncer,\n    ${provider},\n  ],\n})\nexport class AppModule {}\n`;

const byFactory = (ledgerClass: string) =>
  `{\n      provide: RentBike,\n      useFactory: (ledger: ${ledgerClass}, announcer: KafkaRentalAnnouncer) => new RentBike(ledger, announcer),\n      inject: [${ledgerClass}, KafkaRentalAnnouncer],\n    }`;

function rentals(provider: string, withMemoryLedger = true): Tree {
  return {
    "docker-compose.yml": `services:\n  rentals:\n    build: ./rentals\n`,
    ...service("rentals", NEST, {
      "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
      "src/app.module.ts": withMemoryLedger ? appModule(provider) : appModule(provider).replace(`import { MemoryBikeLedger } from "./adapters/memory-bike-ledger";\n`, "").replace("    MemoryBikeLedger,\n", ""),
      "src/core/index.ts": barrel,
      "src/core/rent-bike.ts": useCase,
      "src/core/ports/bike-ledger.ts": ledgerPort,
      "src/core/ports/rental-announcer.ts": announcerPort,
      "src/adapters/pg-bike-ledger.ts": pgLedger,
      ...(withMemoryLedger ? { "src/adapters/memory-bike-ledger.ts": memoryLedger } : {}),
      "src/adapters/kafka-rental-announcer.ts": kafkaAnnouncer,
      "src/web/bikes.controller.ts": controller,
    }),
  };
}

ruleTester("dual-write", {
  valid: [
    {
      name: "the factory hands the use case the in-memory ledger: its one write is no database's",
      files: rentals(byFactory("MemoryBikeLedger")),
    },
    {
      name: "two ledgers implement the port and the use case is injected as it is: nothing says which one it holds",
      files: rentals("RentBike"),
    },
  ],
  invalid: [
    {
      name: "ports the adapters import through the core's barrel, the use case from their own files: each port's one adapter runs",
      files: rentals("RentBike", false),
      errors: [{ messageId: "dualWrite", data: { service: "rentals", system: "kafka" } }],
    },
    {
      name: "the factory hands the use case the database's ledger, typed so, beside an in-memory one",
      files: rentals(byFactory("PgBikeLedger")),
      errors: [{ messageId: "dualWrite", data: { service: "rentals", system: "kafka" } }],
    },
    {
      name: "a ledger made with new where the use case is made",
      files: rentals(`{ provide: RentBike, useFactory: (announcer: KafkaRentalAnnouncer) => new RentBike(new PgBikeLedger(undefined as never), announcer), inject: [KafkaRentalAnnouncer] }`),
      errors: [{ messageId: "dualWrite", data: { service: "rentals", system: "kafka" } }],
    },
  ],
});
