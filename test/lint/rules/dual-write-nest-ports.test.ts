import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * Two NestJS services over a shared library (`libs/bank-core`, whose CoreModule both import). The library's ports:
 * `LedgerStore`, an abstract class with a SQL and an in-memory implementation (CoreModule's provider binds one), and
 * `AccountAnnouncer`, an abstract class adding nothing to the abstract `Announcer` it extends, implemented by a class
 * whose NestJS client is made in place from options a helper builds. `accounts` is a NATS microservice whose
 * `open-account` handler stores the account and announces it through the ports. `gateway` serves HTTP and sends the
 * command to accounts with `this.accounts.execute(new OpenAccount(id))` through a registered client: a message to the
 * other service, not an in-process bus. `bound` is the class CoreModule binds to LedgerStore.
 */
const LIB = "libs/bank-core/src";
const bank = (bound = "SqlLedgerStore"): Tree => ({
  "docker-compose.yml": `services:\n  accounts:\n    build: ./accounts\n  gateway:\n    build: ./gateway\n  nats:\n    image: nats\n`,
  [`${LIB}/broker-options.ts`]: `import { Injectable } from "@nestjs/common";\nimport { NatsOptions, Transport } from "@nestjs/microservices";\n@Injectable()\nexport class BrokerOptions {\n  natsOptions(): NatsOptions {\n    return { transport: Transport.NATS, options: { servers: [process.env.NATS_URL!] } };\n  }\n}\n`,
  [`${LIB}/ports/announcer.ts`]: `export abstract class Announcer {\n  abstract announce(name: string, body: unknown): void;\n}\nexport abstract class AccountAnnouncer extends Announcer {}\n`,
  [`${LIB}/ports/ledger-store.ts`]: `export abstract class LedgerStore {\n  abstract open(id: string): Promise<void>;\n}\n`,
  [`${LIB}/adapters/nats-announcer.ts`]: `import { Injectable } from "@nestjs/common";\nimport { ClientProxyFactory } from "@nestjs/microservices";\nimport { BrokerOptions } from "../broker-options";\nimport { AccountAnnouncer } from "../ports/announcer";\n@Injectable()\nexport class NatsAnnouncer implements AccountAnnouncer {\n  private readonly client = ClientProxyFactory.create(this.options.natsOptions());\n  constructor(private readonly options: BrokerOptions) {}\n  announce(name: string, body: unknown): void {\n    this.client.emit(name, body).subscribe();\n  }\n}\n`,
  [`${LIB}/adapters/sql-ledger-store.ts`]: `import { Injectable } from "@nestjs/common";\nimport { Pool } from "pg";\nimport { LedgerStore } from "../ports/ledger-store";\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\n@Injectable()\nexport class SqlLedgerStore implements LedgerStore {\n  async open(id: string): Promise<void> {\n    await pool.query("INSERT INTO accounts (id) VALUES ($1)", [id]);\n  }\n}\n`,
  [`${LIB}/adapters/memory-ledger-store.ts`]: `import { Injectable } from "@nestjs/common";\nimport { LedgerStore } from "../ports/ledger-store";\n@Injectable()\nexport class MemoryLedgerStore implements LedgerStore {\n  private readonly ids = new Set<string>();\n  async open(id: string): Promise<void> {\n    this.ids.add(id);\n  }\n}\n`,
  [`${LIB}/core.module.ts`]: `import { Global, Module } from "@nestjs/common";\nimport { BrokerOptions } from "./broker-options";\nimport { AccountAnnouncer } from "./ports/announcer";\nimport { LedgerStore } from "./ports/ledger-store";\nimport { NatsAnnouncer } from "./adapters/nats-announcer";\nimport { ${bound} } from "./adapters/${bound === "SqlLedgerStore" ? "sql" : "memory"}-ledger-store";\n@Global()\n@Module({\n  providers: [BrokerOptions, { provide: LedgerStore, useClass: ${bound} }, { provide: AccountAnnouncer, useClass: NatsAnnouncer }],\n  exports: [BrokerOptions, LedgerStore, AccountAnnouncer],\n})\nexport class CoreModule {}\n`,
  ...service("accounts", ["@nestjs/core", "@nestjs/common", "@nestjs/cqrs", "@nestjs/microservices", "pg"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AccountsModule } from "./accounts.module";\nimport { BrokerOptions } from "../../libs/bank-core/src/broker-options";\nNestFactory.createMicroservice(AccountsModule, new BrokerOptions().natsOptions()).then((app) => app.listen());\n`,
    // A write no handler reaches, so that every case shows a write was read.
    "src/seed.ts": `import { Pool } from "pg";\nexport async function seed(pool: Pool) {\n  await pool.query("INSERT INTO accounts (id) VALUES ('first')");\n}\n`,
    "src/open-account.command.ts": `export class OpenAccount {\n  constructor(readonly id: string) {}\n}\n`,
    "src/open-account.handler.ts": `import { Controller } from "@nestjs/common";\nimport { ICommandHandler } from "@nestjs/cqrs";\nimport { MessagePattern, Payload } from "@nestjs/microservices";\nimport { OpenAccount } from "./open-account.command";\nimport { AccountAnnouncer } from "../../libs/bank-core/src/ports/announcer";\nimport { LedgerStore } from "../../libs/bank-core/src/ports/ledger-store";\n@Controller()\nexport class OpenAccountHandler implements ICommandHandler<OpenAccount> {\n  constructor(private readonly store: LedgerStore, private readonly announcer: AccountAnnouncer) {}\n  @MessagePattern("open-account")\n  async execute(@Payload() command: OpenAccount) {\n    await this.store.open(command.id);\n    this.announcer.announce("account-opened", { id: command.id });\n  }\n}\n`,
    "src/accounts.module.ts": `import { Module } from "@nestjs/common";\nimport { CoreModule } from "../../libs/bank-core/src/core.module";\nimport { OpenAccountHandler } from "./open-account.handler";\n@Module({ imports: [CoreModule], controllers: [OpenAccountHandler] })\nexport class AccountsModule {}\n`,
  }),
  ...service("gateway", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { GatewayModule } from "./gateway.module";\nNestFactory.create(GatewayModule).then((app) => app.listen(3000));\n`,
    "src/accounts.client.ts": `import { Inject, Injectable } from "@nestjs/common";\nimport { ClientProxy } from "@nestjs/microservices";\n@Injectable()\nexport class AccountsClient {\n  constructor(@Inject("ACCOUNTS") private readonly client: ClientProxy) {}\n  execute(command: object) {\n    return this.client.send(command.constructor.name, command);\n  }\n}\n`,
    "src/gateway.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";\nimport { AccountsClient } from "./accounts.client";\nimport { OpenAccount } from "../../accounts/src/open-account.command";\n@Controller("v1/accounts")\nexport class GatewayController {\n  constructor(private readonly accounts: AccountsClient) {}\n  @Post()\n  open(@Body() body: { id: string }) {\n    return this.accounts.execute(new OpenAccount(body.id));\n  }\n}\n`,
    "src/gateway.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { CoreModule } from "../../libs/bank-core/src/core.module";\nimport { AccountsClient } from "./accounts.client";\nimport { GatewayController } from "./gateway.controller";\n@Module({\n  imports: [CoreModule, ClientsModule.register([{ name: "ACCOUNTS", transport: Transport.NATS, options: { servers: [process.env.NATS_URL!] } }])],\n  controllers: [GatewayController],\n  providers: [AccountsClient],\n})\nexport class GatewayModule {}\n`,
  }),
});

ruleTester("dual-write", {
  valid: [{ name: "the module binds the in-memory store to the port: the handler writes nothing", files: bank("MemoryLedgerStore") }],
  invalid: [
    {
      name: "accounts stores through the bound SQL store and announces through a client made from built options; the gateway only sends the command",
      files: bank(),
      errors: [{ messageId: "dualWrite", file: "accounts/src/open-account.handler.ts", line: 13, data: { service: "accounts", system: "nats", topic: "account-opened" } }],
    },
  ],
});
