import { describe, expect, it } from "vitest";
import { facts, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A NestJS rooms service: its controller is handed two command classes and a publisher subclass (whose base comes
 * from a published package the repository does not hold) as constructor parameter properties named unlike their
 * classes. What it runs and publishes is the members' types, not their names.
 */
const rooms = (create: string): Tree =>
  service("rooms", ["@nestjs/core", "@nestjs/common", "@prisma/client", "node-nats-streaming", "@inn/events"], {
    "prisma/schema.prisma": `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\nmodel Booking {\n  id   String @id\n  room String\n}\nmodel Refund {\n  id      String @id\n  booking String\n}\n`,
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { RoomsModule } from "./rooms.module";\nNestFactory.create(RoomsModule).then((app) => app.listen(3000));\n`,
    "src/stan.ts": `import nats from "node-nats-streaming";\nexport const stan = nats.connect("inn", "rooms", { url: process.env.NATS_URL });\n`,
    "src/prisma.service.ts": `import { Injectable } from "@nestjs/common";\nimport { PrismaClient } from "@prisma/client";\n@Injectable()\nexport class PrismaService extends PrismaClient {}\n`,
    "src/commands/refund-booking.command.ts": `import { Injectable } from "@nestjs/common";\nimport { PrismaService } from "../prisma.service";\n@Injectable()\nexport class RefundBookingCommand {\n  constructor(private readonly prisma: PrismaService) {}\n  execute(booking: string) {\n    return this.prisma.refund.create({ data: { id: booking, booking } });\n  }\n}\n`,
    "src/commands/book-room.command.ts": `import { Injectable } from "@nestjs/common";\nimport { PrismaService } from "../prisma.service";\n@Injectable()\nexport class BookRoomCommand {\n  constructor(private readonly prisma: PrismaService) {}\n  execute(room: string) {\n    return this.prisma.booking.create({ data: { id: room, room } });\n  }\n}\n`,
    "src/commands/index.ts": `export * from "./refund-booking.command";\nexport * from "./book-room.command";\n`,
    "src/events/room-booked.publisher.ts": `import { Publisher, Subjects } from "@inn/events";\nexport class RoomBookedPublisher extends Publisher<{ id: string }> {\n  readonly subject = Subjects.RoomBooked;\n}\n`,
    "src/rooms.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";\nimport { RefundBookingCommand, BookRoomCommand } from "./commands";\nimport { RoomBookedPublisher } from "./events/room-booked.publisher";\n@Controller("v1/rooms")\nexport class RoomsController {\n  constructor(\n    private readonly refund: RefundBookingCommand,\n    private readonly book: BookRoomCommand,\n    private readonly booked: RoomBookedPublisher,\n  ) {}\n  @Post()\n  async create(@Body() body: { room: string }) {\n${create}\n  }\n}\n`,
    "src/rooms.module.ts": `import { Module } from "@nestjs/common";\nimport { RoomsController } from "./rooms.controller";\nimport { RefundBookingCommand, BookRoomCommand } from "./commands";\nimport { RoomBookedPublisher } from "./events/room-booked.publisher";\nimport { PrismaService } from "./prisma.service";\n@Module({ controllers: [RoomsController], providers: [PrismaService, RefundBookingCommand, BookRoomCommand, RoomBookedPublisher] })\nexport class RoomsModule {}\n`,
  });

ruleTester("dual-write", {
  valid: [{ name: "a route that only publishes through an injected publisher subclass", files: rooms(`    this.booked.publish({ id: body.room });`) }],
  invalid: [
    {
      // The publish is the inherited method of the member's class (typed, not named after it); the write is the one of
      // the command the member's type names, not the first imported class that has an `execute`.
      name: "a route that saves through an injected command, then publishes through an injected publisher subclass",
      files: rooms(`    const booking = await this.book.execute(body.room);\n    this.booked.publish({ id: booking.id });\n    return booking;`),
      errors: [{ messageId: "dualWrite", file: "rooms/src/rooms.controller.ts", line: 14, data: { service: "rooms", target: "booking", system: "nats-streaming" } }],
    },
  ],
});

describe("[U] class members typed with a class", () => {
  it("records a constructor's parameter properties and typed properties, by class and member", () => {
    const found = facts(`import { Injectable } from "@nestjs/common";
import { Sender } from "./sender";
import * as store from "./store";
class Local {}
@Injectable()
export class Desk {
  private readonly ledger: store.Ledger;
  private count: number;
  private ids: Map<string, string>;
  constructor(private readonly out: Sender, readonly local: Local, plain: Sender, private either: Sender | Local) {}
}
`).memberTypes;
    expect(found).toEqual({
      "Desk.ledger": { specifier: "./store", name: "Ledger" },
      "Desk.out": { specifier: "./sender", name: "Sender" },
      "Desk.local": { local: "Local" },
    });
  });
});
