import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A NestJS CQRS shipments service. `Shipment.book()` applies ShipmentBooked to a new aggregate; the events handler of
 * ShipmentBooked tells the carriers over Kafka. NestJS CQRS hands an applied event to the bus only when the aggregate
 * is committed (`commit()`, after `publisher.mergeObjectContext(aggregate)`), so whether booking a shipment publishes
 * depends on whether the code around it commits. `files` replaces or adds files under services/shipments.
 */
const shipments = (files: Record<string, string>): Tree =>
  service("services/shipments", ["@nestjs/core", "@nestjs/common", "@nestjs/cqrs", "@nestjs/microservices", "@nestjs/typeorm", "typeorm", "kafkajs"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { ShipmentsModule } from "./shipments.module";\nimport { Transport } from "@nestjs/microservices";\nNestFactory.create(ShipmentsModule).then(async (app) => {\n  app.connectMicroservice({ transport: Transport.KAFKA, options: { client: { brokers: [process.env.KAFKA_BROKERS!] } } });\n  await app.startAllMicroservices();\n  await app.listen(3000);\n});\n`,
    "src/shipment.entity.ts": `import { Column, Entity, PrimaryColumn } from "typeorm";\n@Entity("shipments")\nexport class ShipmentRow {\n  @PrimaryColumn() id!: string;\n  @Column() carrier!: string;\n}\n`,
    "src/domain/shipment-booked.event.ts": `export class ShipmentBooked {\n  constructor(readonly id: string, readonly carrier: string) {}\n}\n`,
    "src/domain/shipment.ts": `import { AggregateRoot } from "@nestjs/cqrs";\nimport { ShipmentBooked } from "./shipment-booked.event";\nexport class Shipment extends AggregateRoot {\n  constructor(readonly id: string, readonly carrier: string) {\n    super();\n  }\n  static book(id: string, carrier: string): Shipment {\n    const shipment = new Shipment(id, carrier);\n    shipment.apply(new ShipmentBooked(id, carrier));\n    return shipment;\n  }\n}\n`,
    "src/events/shipment-booked.handler.ts": `import { EventsHandler, IEventHandler } from "@nestjs/cqrs";\nimport { Kafka } from "kafkajs";\nimport { ShipmentBooked } from "../domain/shipment-booked.event";\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\n@EventsHandler(ShipmentBooked)\nexport class TellCarriers implements IEventHandler<ShipmentBooked> {\n  async handle(event: ShipmentBooked) {\n    await producer.send({ topic: "shipment-booked", messages: [{ value: JSON.stringify(event) }] });\n  }\n}\n`,
    "src/commands/book-shipment.ts": `export class BookShipment {\n  constructor(readonly id: string, readonly carrier: string) {}\n}\n`,
    "src/shipments.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";\nimport { CommandBus } from "@nestjs/cqrs";\nimport { BookShipment } from "./commands/book-shipment";\n@Controller("v1/shipments")\nexport class ShipmentsController {\n  constructor(private readonly commands: CommandBus) {}\n  @Post()\n  book(@Body() body: { id: string; carrier: string }) {\n    return this.commands.execute(new BookShipment(body.id, body.carrier));\n  }\n}\n`,
    "src/shipments.module.ts": `import { Module } from "@nestjs/common";\nimport { CqrsModule } from "@nestjs/cqrs";\nimport { ShipmentsController } from "./shipments.controller";\nimport { ManifestsController } from "./manifests.controller";\n@Module({ imports: [CqrsModule], controllers: [ShipmentsController, ManifestsController] })\nexport class ShipmentsModule {}\n`,
    ...files,
  });

/** The command handler, its `execute` body given; it holds the table's repository, the event publisher and the event bus. */
const commandHandler = (body: string, extraImports = ""): Record<string, string> => ({
  "src/commands/book-shipment.handler.ts": `import { CommandHandler, EventBus, EventPublisher, ICommandHandler } from "@nestjs/cqrs";\nimport { InjectRepository } from "@nestjs/typeorm";\nimport { Repository } from "typeorm";\nimport { BookShipment } from "./book-shipment";\nimport { Shipment } from "../domain/shipment";\nimport { ShipmentRow } from "../shipment.entity";\n${extraImports}@CommandHandler(BookShipment)\nexport class BookShipmentHandler implements ICommandHandler<BookShipment> {\n  constructor(@InjectRepository(ShipmentRow) private readonly shipments: Repository<ShipmentRow>, private readonly publisher: EventPublisher, private readonly bus: EventBus) {}\n  async execute(command: BookShipment) {\n${body}\n  }\n}\n`,
});

/**
 * A listener for partners' manifests (a Kafka topic): it books each shipment of a manifest and saves the rows in one
 * go. It makes aggregates, so their events are applied, but neither merges nor commits them unless `tail` does.
 */
const manifests = (tail = ""): Record<string, string> => ({
  "src/manifests.controller.ts": `import { Controller } from "@nestjs/common";\nimport { EventPattern, Payload } from "@nestjs/microservices";\nimport { EventPublisher } from "@nestjs/cqrs";\nimport { InjectRepository } from "@nestjs/typeorm";\nimport { Repository } from "typeorm";\nimport { Shipment } from "./domain/shipment";\nimport { ShipmentRow } from "./shipment.entity";\n@Controller()\nexport class ManifestsController {\n  constructor(@InjectRepository(ShipmentRow) private readonly shipments: Repository<ShipmentRow>, private readonly publisher: EventPublisher) {}\n  @EventPattern("partner-manifest")\n  async onManifest(@Payload() lines: { id: string; carrier: string }[]) {\n    await this.store(lines);\n  }\n  async store(lines: { id: string; carrier: string }[]) {\n    const booked = lines.map((line) => Shipment.book(line.id, line.carrier));\n    await this.shipments.save(booked.map((s) => ({ id: s.id, carrier: s.carrier })));\n${tail}  }\n}\n`,
});

/** A store class that saves the row and then commits the aggregate it is handed (the command handler only books). */
const committingStore: Record<string, string> = {
  "src/shipment.store.ts": `import { Injectable } from "@nestjs/common";\nimport { EventPublisher } from "@nestjs/cqrs";\nimport { InjectRepository } from "@nestjs/typeorm";\nimport { Repository } from "typeorm";\nimport { Shipment } from "./domain/shipment";\nimport { ShipmentRow } from "./shipment.entity";\n@Injectable()\nexport class ShipmentStore {\n  constructor(@InjectRepository(ShipmentRow) private readonly shipments: Repository<ShipmentRow>, private readonly publisher: EventPublisher) {}\n  async keep(shipment: Shipment) {\n    await this.shipments.save({ id: shipment.id, carrier: shipment.carrier });\n    this.publisher.mergeObjectContext(shipment).commit();\n  }\n}\n`,
  "src/commands/book-shipment.handler.ts": `import { CommandHandler, ICommandHandler } from "@nestjs/cqrs";\nimport { BookShipment } from "./book-shipment";\nimport { Shipment } from "../domain/shipment";\nimport { ShipmentStore } from "../shipment.store";\n@CommandHandler(BookShipment)\nexport class BookShipmentHandler implements ICommandHandler<BookShipment> {\n  constructor(private readonly store: ShipmentStore) {}\n  async execute(command: BookShipment) {\n    const shipment = Shipment.book(command.id, command.carrier);\n    await this.store.keep(shipment);\n  }\n}\n`,
};

const FOUND = { messageId: "dualWrite", file: "services/shipments/src/events/shipment-booked.handler.ts", line: 8, data: { service: "shipments", target: "shipments", topic: "shipment-booked", system: "kafka" } };

ruleTester("dual-write", {
  valid: [
    {
      name: "a manifest listener books aggregates and saves their rows but neither merges nor commits them: their events reach no handler",
      files: shipments({ ...commandHandler(`    const shipment = this.publisher.mergeObjectContext(Shipment.book(command.id, command.carrier));\n    shipment.commit();`), ...manifests() }),
    },
    {
      name: "the command handler saves and books the aggregate without merging or committing it",
      files: shipments(commandHandler(`    const shipment = Shipment.book(command.id, command.carrier);\n    await this.shipments.save({ id: shipment.id, carrier: shipment.carrier });\n    return shipment.id;`)),
    },
    {
      name: "a transaction's commit is not an aggregate's",
      files: shipments(
        commandHandler(
          `    const shipment = Shipment.book(command.id, command.carrier);\n    const runner = this.shipments.manager.connection.createQueryRunner();\n    await this.shipments.save({ id: shipment.id, carrier: shipment.carrier });\n    const trx = await runner.startTransaction();\n    await trx.commit();`,
        ),
      ),
    },
    {
      name: "an event published on the in-process EventBus after the save, whose only handler logs it, is no broker publish",
      files: shipments({
        ...commandHandler(
          `    await this.shipments.save({ id: command.id, carrier: command.carrier });\n    this.bus.publish(new ShipmentNoted(command.id));`,
          `import { ShipmentNoted } from "../domain/shipment-noted.event";\n`,
        ),
        "src/domain/shipment-noted.event.ts": `export class ShipmentNoted {\n  constructor(readonly id: string) {}\n}\n`,
        "src/events/shipment-noted.handler.ts": `import { Logger } from "@nestjs/common";\nimport { EventsHandler, IEventHandler } from "@nestjs/cqrs";\nimport { ShipmentNoted } from "../domain/shipment-noted.event";\n@EventsHandler(ShipmentNoted)\nexport class NoteShipment implements IEventHandler<ShipmentNoted> {\n  private readonly log = new Logger("shipments");\n  handle(event: ShipmentNoted) {\n    this.log.log(\`noted \${event.id}\`);\n  }\n}\n`,
      }),
    },
  ],
  invalid: [
    {
      name: "the command handler saves the row, then commits the merged aggregate",
      files: shipments(commandHandler(`    const shipment = this.publisher.mergeObjectContext(Shipment.book(command.id, command.carrier));\n    await this.shipments.save({ id: shipment.id, carrier: shipment.carrier });\n    shipment.commit();`)),
      errors: [FOUND],
    },
    {
      name: "the command handler books the aggregate and hands it to a store that saves it and commits it",
      files: shipments(committingStore),
      errors: [FOUND],
    },
    {
      name: "the manifest listener merges and commits each aggregate after saving the rows",
      files: shipments({ ...commandHandler(`    return command.id;`), ...manifests(`    for (const s of booked) this.publisher.mergeObjectContext(s).commit();\n`) }),
      errors: [FOUND],
    },
  ],
});
