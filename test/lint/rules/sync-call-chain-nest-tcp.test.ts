import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

/**
 * NestJS's TCP transport is a call over a socket: the storefront's HTTP handler sends `find_customer` to the customers
 * service and waits for its `@MessagePattern` handler, which sends `check_credit` to the credit service. A pattern
 * over RabbitMQ, and an `emit`, stay messages.
 */
const nest = ["@nestjs/common", "@nestjs/core", "@nestjs/microservices"];

const clientsModule = (name: string, clients: Record<string, string>) =>
  `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { ${name}Controller } from "./${name.toLowerCase()}.controller";\n@Module({ imports: [ClientsModule.register([${Object.entries(clients)
    .map(([token, transport]) => `{ name: "${token}", transport: ${transport}, options: ${transport === "Transport.TCP" ? `{ host: "${token.toLowerCase()}", port: 4000 }` : `{ urls: ["amqp://rabbit:5672"], queue: "${token.toLowerCase()}" }`} }`)
    .join(", ")}])], controllers: [${name}Controller] })\nexport class ${name}Module {}\n`;

const microservice = (name: string, transport = "Transport.TCP") =>
  `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { ${name}Module } from "./${name.toLowerCase()}.module";\nasync function bootstrap() {\n  const app = await NestFactory.createMicroservice(${name}Module, { transport: ${transport}, options: ${transport === "Transport.TCP" ? `{ host: "0.0.0.0", port: 4000 }` : `{ urls: ["amqp://rabbit:5672"], queue: "${name.toLowerCase()}" }`} });\n  await app.listen();\n}\nbootstrap();\n`;

const storefront = (body: string, customersTransport = "Transport.TCP"): Tree =>
  service("services/storefront", nest, {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { StorefrontModule } from "./storefront.module";\nasync function bootstrap() {\n  const app = await NestFactory.create(StorefrontModule);\n  await app.listen(3000);\n}\nbootstrap();\n`,
    "src/storefront.module.ts": clientsModule("Storefront", { CUSTOMERS: customersTransport, CREDIT: "Transport.TCP" }),
    "src/storefront.controller.ts": `import { Controller, Get, Inject, Param } from "@nestjs/common";\nimport { ClientProxy } from "@nestjs/microservices";\nimport { firstValueFrom } from "rxjs";\n@Controller("v1/customers")\nexport class StorefrontController {\n  constructor(@Inject("CUSTOMERS") private readonly customers: ClientProxy, @Inject("CREDIT") private readonly credit: ClientProxy) {}\n  @Get(":id")\n  async show(@Param("id") id: string) {\n${body}\n  }\n}\n`,
  });

const customers = (transport = "Transport.TCP", creditCall = "const limit = await firstValueFrom(this.credit.send(\"check_credit\", id));"): Tree =>
  service("services/customers", nest, {
    "src/main.ts": microservice("Customers", transport),
    "src/customers.module.ts": clientsModule("Customers", { CREDIT: "Transport.TCP" }),
    "src/customers.controller.ts": `import { Controller, Inject } from "@nestjs/common";\nimport { ClientProxy, MessagePattern } from "@nestjs/microservices";\nimport { firstValueFrom } from "rxjs";\n@Controller()\nexport class CustomersController {\n  constructor(@Inject("CREDIT") private readonly credit: ClientProxy) {}\n  @MessagePattern("find_customer")\n  async find(id: string) {\n    ${creditCall}\n    return { id };\n  }\n}\n`,
  });

const credit: Tree = service("services/credit", nest, {
  "src/main.ts": microservice("Credit"),
  "src/credit.module.ts": `import { Module } from "@nestjs/common";\nimport { CreditController } from "./credit.controller";\n@Module({ controllers: [CreditController] })\nexport class CreditModule {}\n`,
  "src/credit.controller.ts": `import { Controller } from "@nestjs/common";\nimport { MessagePattern } from "@nestjs/microservices";\n@Controller()\nexport class CreditController {\n  @MessagePattern("check_credit")\n  check(id: string) {\n    return 100;\n  }\n}\n`,
});

const scan = (files: Tree): LintResult => lintTree(files, { only: "sync-call-chain" });
const summary = (result: LintResult) => result.findings.map((f) => `${f.location.file}:${f.location.line} ${f.messageId} ${f.data?.services ?? f.data?.targets}`);

describe("sync-call-chain: NestJS requests over TCP wait for the handler", () => {
  it("storefront → customers → credit: each awaited send is a hop, to the service whose @MessagePattern serves it over TCP", () => {
    const result = scan({ ...storefront(`    return firstValueFrom(this.customers.send("find_customer", id));`), ...customers(), ...credit });
    expect(summary(result)).toEqual(["services/storefront/src/storefront.controller.ts:9 chain storefront,customers,credit"]);
    expect(result.findings[0]!.message).toBe(
      "GET /v1/customers/:id in storefront waits on a chain of 2 synchronous calls (more than 1): storefront GET /v1/customers/:id → customers TCP /find_customer → credit TCP /check_credit",
    );
  });

  it("an Observable returned by the HTTP handler is waited for (NestJS answers with it); a send fired and left is no hop", () => {
    const returned = scan({ ...storefront(`    return this.customers.send("find_customer", id);`), ...customers(), ...credit });
    expect(summary(returned)).toEqual(["services/storefront/src/storefront.controller.ts:9 chain storefront,customers,credit"]);
    const fired = scan({ ...storefront(`    return this.customers.send("find_customer", id);`), ...customers("Transport.TCP", `this.credit.send("check_credit", id).toPromise();`), ...credit });
    expect(summary(fired)).toEqual([]);
    expect(fired.model.topics.filter((t) => t.topic === "check_credit" && t.role === "produce").map((t) => `${t.service} ${t.system} fired=${t.fired}`)).toEqual(["customers tcp fired=true"]);
  });

  it("two sends awaited one after the other are sequential; the same two in Promise.all are not", () => {
    const inTurn = scan({ ...storefront(`    const customer = await firstValueFrom(this.customers.send("find_customer", id));\n    const limit = await this.credit.send("check_credit", id).toPromise();\n    return { customer, limit };`), ...customers(), ...credit });
    expect(summary(inTurn)).toEqual(["services/storefront/src/storefront.controller.ts:7 sequential customers,credit", "services/storefront/src/storefront.controller.ts:9 chain storefront,customers,credit"]);
    const together = scan({ ...storefront(`    return Promise.all([firstValueFrom(this.customers.send("find_customer", id)), firstValueFrom(this.credit.send("check_credit", id))]);`), ...customers(), ...credit });
    expect(summary(together).filter((line) => line.includes("sequential"))).toEqual([]);
    // Awaited together and kept: each send is awaited, in one group.
    const awaitedTogether = scan({ ...storefront(`    const [customer, limit] = await Promise.all([firstValueFrom(this.customers.send("find_customer", id)), firstValueFrom(this.credit.send("check_credit", id))]);\n    return { customer, limit };`), ...customers(), ...credit });
    expect(summary(awaitedTogether).filter((line) => line.includes("sequential"))).toEqual([]);
  });

  it("over RabbitMQ the pattern is a message (a broker holds the request): no hop; an emit is none either", () => {
    const overRabbit = scan({ ...storefront(`    return firstValueFrom(this.customers.send("find_customer", id));`, "Transport.RMQ"), ...customers("Transport.RMQ"), ...credit });
    expect(overRabbit.model.topics.filter((t) => t.topic === "find_customer").map((t) => `${t.service} ${t.system} ${t.role}`).sort()).toEqual(["customers amqp consume", "storefront amqp produce"]);
    expect(summary(overRabbit)).toEqual([]);
    const emitted = scan({ ...storefront(`    this.customers.emit("find_customer", id);\n    return firstValueFrom(this.credit.send("check_credit", id));`), ...customers(), ...credit });
    expect(summary(emitted)).toEqual([]);
  });
});
