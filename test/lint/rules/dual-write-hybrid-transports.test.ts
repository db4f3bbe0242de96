import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A NestJS accounts service that listens on two transports at once (a hybrid app: NATS for the other services, TCP for
 * the gateway), so each `@MessagePattern` handler takes one pattern over both. Its sign-up creates the account with
 * Prisma and then emits `account.created` on NATS: one kind of message, handled by one function, whichever transport
 * brought it, so the write and the emit are paired in the handler itself.
 */
const accounts = (signUp: string): Tree => ({
  "docker-compose.yml": `services:\n  accounts:\n    build: ./accounts\n    environment:\n      NATS_URL: nats://nats:4222\n`,
  ...service("accounts", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "@prisma/client", "nats"], {
    "prisma/schema.prisma": `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\nmodel Account {\n  id    String @id\n  email String\n}\n`,
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { AccountsModule } from "./accounts.module";\nasync function boot() {\n  const app = await NestFactory.create(AccountsModule);\n  app.connectMicroservice({ transport: Transport.NATS, options: { servers: [process.env.NATS_URL] } });\n  app.connectMicroservice({ transport: Transport.TCP, options: { port: 4010 } });\n  await app.startAllMicroservices();\n  await app.init();\n}\nboot();\n`,
    "src/accounts.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { AccountsController } from "./accounts.controller";\n@Module({\n  imports: [ClientsModule.register([{ name: "EVENTS", transport: Transport.NATS, options: { servers: [process.env.NATS_URL] } }])],\n  controllers: [AccountsController],\n})\nexport class AccountsModule {}\n`,
    "src/accounts.controller.ts": `import { Controller, Inject } from "@nestjs/common";\nimport { ClientProxy, MessagePattern } from "@nestjs/microservices";\nimport { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\n@Controller()\nexport class AccountsController {\n  constructor(@Inject("EVENTS") private readonly events: ClientProxy) {}\n  @MessagePattern("accounts.sign-up")\n  async signUp(input: { id: string; email: string }) {\n${signUp}\n  }\n}\n`,
  }),
});

ruleTester("dual-write", {
  valid: [
    {
      name: "the emit made only when the create fails, in the other arm",
      files: accounts(`    try {\n      return await prisma.account.create({ data: input });\n    } catch (error) {\n      this.events.emit("account.rejected", input);\n      return null;\n    }`),
    },
  ],
  invalid: [
    {
      name: "a handler of one pattern taken over NATS and TCP that creates, then emits",
      files: accounts(`    const account = await prisma.account.create({ data: input });\n    this.events.emit("account.created", account);\n    return account;`),
      errors: [{ messageId: "dualWrite", file: "accounts/src/accounts.controller.ts", line: 11, data: { service: "accounts", system: "nats", topic: "account.created" } }],
    },
  ],
});
