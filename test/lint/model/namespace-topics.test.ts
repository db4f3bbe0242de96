import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * Message contracts kept as namespaces in a shared library (`export namespace ChargeCard { export const topic = … }`),
 * each file importing nothing but a validation package: the sender and the handler both name the topic as
 * `ChargeCard.topic`. Such a file says nothing a prefilter looks for, yet holds the topic's name.
 */
const contract = (name: string, topic: string) =>
  `import { IsString } from "class-validator";\n\nexport namespace ${name} {\n  export const topic = "${topic}";\n\n  export class Request {\n    @IsString()\n    card: string;\n  }\n}\n`;

describe("[I] topics named by a namespace's constant", () => {
  it("reads the topic of a contract file that imports only a validation package", () => {
    const result = lintTree({
      "package.json": { name: "shop", private: true, workspaces: ["apps/*", "libs/*"] },
      "libs/contracts/package.json": { name: "@shop/contracts", main: "index.ts" },
      "libs/contracts/index.ts": `export * from "./charge-card";\nexport * from "./refund-card";\n`,
      "libs/contracts/charge-card.ts": contract("ChargeCard", "payments.charge-card"),
      "libs/contracts/refund-card.ts": contract("RefundCard", "payments.refund-card"),
      ...service("apps/gateway", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "@shop/contracts"], {
        "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
        "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { CardsController } from "./cards.controller";\n@Module({ imports: [ClientsModule.register([{ name: "PAYMENTS", transport: Transport.RMQ, options: { urls: [process.env.AMQP_URL], queue: "payments" } }])], controllers: [CardsController] })\nexport class AppModule {}\n`,
        "src/cards.controller.ts": `import { Body, Controller, Inject, Post } from "@nestjs/common";\nimport { ClientProxy } from "@nestjs/microservices";\nimport { ChargeCard, RefundCard } from "@shop/contracts";\n@Controller("v1/cards")\nexport class CardsController {\n  constructor(@Inject("PAYMENTS") private readonly payments: ClientProxy) {}\n  @Post("charge")\n  charge(@Body() body: ChargeCard.Request) {\n    return this.payments.send(ChargeCard.topic, body);\n  }\n  @Post("refund")\n  refund(@Body() body: RefundCard.Request) {\n    return this.payments.send(RefundCard.topic, body);\n  }\n}\n`,
      }),
      ...service("apps/payments", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "@shop/contracts"], {
        "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { PaymentsModule } from "./payments.module";\nNestFactory.createMicroservice(PaymentsModule, { transport: Transport.RMQ, options: { urls: [process.env.AMQP_URL], queue: "payments" } }).then((app) => app.listen());\n`,
        "src/payments.module.ts": `import { Module } from "@nestjs/common";\nimport { PaymentsController } from "./payments.controller";\n@Module({ controllers: [PaymentsController] })\nexport class PaymentsModule {}\n`,
        "src/payments.controller.ts": `import { Controller } from "@nestjs/common";\nimport { MessagePattern } from "@nestjs/microservices";\nimport { ChargeCard, RefundCard } from "@shop/contracts";\n@Controller()\nexport class PaymentsController {\n  @MessagePattern(ChargeCard.topic)\n  charge(body: ChargeCard.Request) {\n    return { ok: body.card };\n  }\n  @MessagePattern(RefundCard.topic)\n  refund(body: RefundCard.Request) {\n    return { ok: body.card };\n  }\n}\n`,
      }),
    });
    const topics = result.model.topics.map((t) => `${t.service} ${t.role} ${t.topic}`).sort();
    expect(topics).toEqual([
      "gateway produce payments.charge-card",
      "gateway produce payments.refund-card",
      "payments consume payments.charge-card",
      "payments consume payments.refund-card",
    ]);
  });
});
