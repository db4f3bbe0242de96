import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * A NestJS service that talks to Kafka through a class of its own that extends ClientKafka (`class BusService extends
 * ClientKafka { constructor() { super({ client: { brokers } }) } }`, injected by that class): its `emit` publishes on
 * Kafka, read where the class is declared (model/topics.ts). A member typed with a class that extends no Nest client
 * (a mailer with a `send` method) publishes nothing.
 */

const tree = () =>
  service("services/orders", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "@prisma/client", "kafkajs"], {
    "src/messaging/bus.service.ts": [
      `import { Injectable, OnModuleInit } from "@nestjs/common";`,
      `import { ClientKafka } from "@nestjs/microservices";`,
      `@Injectable()`,
      `export class BusService extends ClientKafka implements OnModuleInit {`,
      `  constructor() { super({ client: { clientId: "orders", brokers: [process.env.KAFKA_BROKERS ?? ""] } }); }`,
      `  async onModuleInit() { await this.connect(); }`,
      `}`,
    ].join("\n"),
    "src/messaging/audit-bus.service.ts": `import { BusService } from "./bus.service";\nexport class AuditBusService extends BusService {}\n`,
    "src/mail/mailer.service.ts": `import { Injectable } from "@nestjs/common";\n@Injectable()\nexport class MailerService {\n  async send(to: string, body: object) { return { to, body }; }\n}\n`,
    "src/orders.service.ts": [
      `import { Injectable } from "@nestjs/common";`,
      `import { PrismaClient } from "@prisma/client";`,
      `import { BusService } from "./messaging/bus.service";`,
      `import { AuditBusService } from "./messaging/audit-bus.service";`,
      `import { MailerService } from "./mail/mailer.service";`,
      `const prisma = new PrismaClient();`,
      `@Injectable()`,
      `export class OrdersService {`,
      `  constructor(private readonly bus: BusService, private readonly audit: AuditBusService, private readonly mailer: MailerService) {}`,
      `  async place(item: string) {`,
      `    const order = await prisma.order.create({ data: { item } });`,
      `    this.bus.emit("order.placed", { id: order.id });`,
      `    this.audit.emit("order.audited", { id: order.id });`,
      `    await this.mailer.send("shop@example.com", { id: order.id });`,
      `    return order;`,
      `  }`,
      `}`,
    ].join("\n"),
    "src/orders.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";\nimport { OrdersService } from "./orders.service";\n@Controller("v1/orders")\nexport class OrdersController {\n  constructor(private readonly orders: OrdersService) {}\n  @Post() place(@Body() body: { item: string }) { return this.orders.place(body.item); }\n}\n`,
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Module } from "@nestjs/common";\nimport { OrdersController } from "./orders.controller";\nimport { OrdersService } from "./orders.service";\n@Module({ controllers: [OrdersController], providers: [OrdersService] })\nclass AppModule {}\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
  });

describe("[I] a NestJS client class of the project that extends ClientKafka", () => {
  it("emits on Kafka through the class (also a subclass of it); a member of another class publishes nothing", () => {
    const result = lintTree(tree(), { only: "dual-write" });
    expect(result.model.topics.filter((t) => t.role === "produce").map((t) => `${t.system} ${t.topic} ${t.resolution}`)).toEqual([
      "kafka order.placed BusService extends ClientKafka (services/orders/src/messaging/bus.service.ts)",
      "kafka order.audited BusService extends ClientKafka (services/orders/src/messaging/bus.service.ts)",
    ]);
    expect(result.findings.map((f) => f.message.slice(0, 90))).toEqual(["orders writes order (prisma create) and publishes order.placed (kafka) as two separate ope"]);
  });
});
