import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A NestJS shipping service on Kafka whose message handlers are marked with decorators the project composes over Nest's
 * own: `OnEvent(topic)` returns `applyDecorators(EventPattern(topic), UseInterceptors(...))`, and `OnRequest({ name })`
 * builds its pattern from a prefix and a field of its options before handing it to `MessagePattern`. The topics are
 * constants of another module; the decorators live in a common folder of the service.
 */
const DECORATORS = `import { applyDecorators, UseInterceptors } from "@nestjs/common";\nimport { EventPattern, MessagePattern } from "@nestjs/microservices";\nimport { TimingInterceptor } from "./timing.interceptor";\nexport const OnEvent = (topic: string) => applyDecorators(EventPattern(topic), UseInterceptors(TimingInterceptor));\nexport function OnRequest(options: { name: string }) {\n  const pattern = \`shipping.\${options.name}\`;\n  return applyDecorators(MessagePattern(pattern));\n}\n`;

const SHIP_THEN_EMIT = `    await this.pool.query("INSERT INTO shipments (order_id) VALUES ($1)", [order.id]);\n    this.bus.emit(Topics.ShipmentCreated, { order: order.id });`;

const shipping = (ship: string = SHIP_THEN_EMIT, decorator = "@OnEvent(Topics.OrderPaid)"): Tree => ({
  "docker-compose.yml": `services:\n  shipping:\n    build: ./shipping\n`,
  ...service("shipping", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "kafkajs", "pg"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { ShippingModule } from "./shipping.module";\nasync function boot() {\n  const app = await NestFactory.createMicroservice(ShippingModule, { transport: Transport.KAFKA, options: { client: { brokers: [process.env.KAFKA_BROKERS] }, consumer: { groupId: "shipping" } } });\n  await app.listen();\n}\nboot();\n`,
    "src/topics.ts": `export const Topics = {\n  OrderPaid: "order.paid",\n  ShipmentCreated: "shipment.created",\n};\n`,
    "src/common/timing.interceptor.ts": `import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from "@nestjs/common";\n@Injectable()\nexport class TimingInterceptor implements NestInterceptor {\n  intercept(context: ExecutionContext, next: CallHandler) {\n    return next.handle();\n  }\n}\n`,
    "src/common/handlers.ts": DECORATORS,
    "src/shipping.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { ShippingController } from "./shipping.controller";\nimport { ShippingService } from "./shipping.service";\n@Module({\n  imports: [ClientsModule.register([{ name: "BUS", transport: Transport.KAFKA, options: { client: { brokers: [process.env.KAFKA_BROKERS] } } }])],\n  controllers: [ShippingController],\n  providers: [ShippingService],\n})\nexport class ShippingModule {}\n`,
    "src/shipping.service.ts": `import { Inject, Injectable } from "@nestjs/common";\nimport { ClientKafka } from "@nestjs/microservices";\nimport { Pool } from "pg";\nimport { Topics } from "./topics";\n@Injectable()\nexport class ShippingService {\n  private readonly pool = new Pool({ connectionString: process.env.DATABASE_URL });\n  constructor(@Inject("BUS") private readonly bus: ClientKafka) {}\n  async ship(order: { id: string }) {\n${ship}\n  }\n}\n`,
    "src/shipping.controller.ts": `import { Controller } from "@nestjs/common";\nimport { Payload } from "@nestjs/microservices";\nimport { OnEvent, OnRequest } from "./common/handlers";\nimport { ShippingService } from "./shipping.service";\nimport { Topics } from "./topics";\n@Controller()\nexport class ShippingController {\n  constructor(private readonly shipping: ShippingService) {}\n  ${decorator}\n  paid(@Payload() order: { id: string }) {\n    return this.shipping.ship(order);\n  }\n  @OnRequest({ name: "quote" })\n  quote(@Payload() parcel: { kg: number }) {\n    return parcel.kg * 2;\n  }\n}\n`,
  }),
});

ruleTester("dual-write", {
  valid: [
    // The handler only writes; the emit happens in a method no handler reaches.
    { name: "a handler marked by a composed decorator that only writes", files: shipping(`    await this.pool.query("INSERT INTO shipments (order_id) VALUES ($1)", [order.id]);\n  }\n  announce() {\n    this.bus.emit(Topics.ShipmentCreated, {});`) },
  ],
  invalid: [
    {
      name: "a handler marked by applyDecorators(EventPattern(topic), ...) that writes, then emits",
      files: shipping(),
      errors: [{ messageId: "dualWrite", file: "shipping/src/shipping.service.ts", line: 11, data: { service: "shipping", system: "kafka", topic: "shipment.created" } }],
    },
  ],
});

describe("[I] NestJS message handlers marked by decorators composed over EventPattern and MessagePattern", () => {
  it("the decorators' patterns are the handlers' topics: a constant passed through, and a prefix joined to an option's field", () => {
    const consumed = lintTree(shipping()).model.topics.filter((t) => t.role === "consume").map((t) => `${t.system} ${t.topic}${t.requestReply ? " (request)" : ""}`).sort();
    expect(consumed).toEqual(["kafka order.paid", "kafka shipping.quote (request)"]);
  });

  it("a decorator of a package, or one that composes no pattern, makes no handler", () => {
    const consumed = lintTree(shipping(SHIP_THEN_EMIT, `@UseTiming()`)).model.topics.filter((t) => t.role === "consume").map((t) => t.topic);
    expect(consumed).toEqual(["shipping.quote"]);
  });
});
