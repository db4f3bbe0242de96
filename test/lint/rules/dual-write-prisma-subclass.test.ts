import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A Prisma client kept as a NestJS provider by any name: `class LedgerStore extends PrismaClient` in one module,
 * injected as `private readonly store: LedgerStore` in another, written through `this.store.entry.create(...)`.
 * Its writes are Prisma's because the class extends PrismaClient, which only the other module says.
 */

/** A billing service whose `store` field (line 7) is typed with `storeClass`, declared in src/store.ts as `storeDecl`. */
const billing = (storeDecl: string, storeClass = "LedgerStore", extra: Record<string, string> = {}): Tree => ({
  "docker-compose.yml": `services:\n  billing:\n    build: ./services/billing\n`,
  ...service("services/billing", ["@nestjs/core", "@nestjs/common", "@prisma/client", "kafkajs"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { BillingModule } from "./billing.module";\nNestFactory.create(BillingModule).then((app) => app.listen(3000));\n`,
    "src/billing.module.ts": `import { Module } from "@nestjs/common";\nimport { ChargesController } from "./charges.controller";\nimport { ${storeClass} } from "./store";\n@Module({ controllers: [ChargesController], providers: [${storeClass}] })\nexport class BillingModule {}\n`,
    "src/store.ts": storeDecl,
    ...extra,
    // A write by a client's usual name outside any handler, so that each case shows a write was read.
    "src/audit.ts": `export async function audit(prisma: { auditLog: { create(args: object): Promise<unknown> } }) {\n  await prisma.auditLog.create({ data: {} });\n}\n`,
    "src/charges.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";\nimport { Kafka } from "kafkajs";\nimport { ${storeClass} } from "./store";\nconst events = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\n@Controller("v1/charges")\nexport class ChargesController {\n  constructor(private readonly store: ${storeClass}) {}\n  @Post()\n  async charge(@Body() body: { amount: number }) {\n    const entry = await this.store.entry.create({ data: body });\n    await events.send({ topic: "charge-made", messages: [{ value: String(entry.id) }] });\n    return entry;\n  }\n}\n`,
  }),
});

ruleTester("dual-write", {
  valid: [
    {
      name: "a field typed with a class of the project that is no Prisma client (an in-memory ledger) writes no datastore",
      files: billing(`import { Injectable } from "@nestjs/common";\n@Injectable()\nexport class LedgerStore {\n  readonly entry = { create: async ({ data }: { data: object }) => ({ id: 1, ...data }) };\n}\n`),
    },
  ],
  invalid: [
    {
      name: "a provider that extends PrismaClient, declared in another module and injected by another name, writes the database",
      files: billing(`import { Injectable } from "@nestjs/common";\nimport { PrismaClient } from "@prisma/client";\n@Injectable()\nexport class LedgerStore extends PrismaClient {}\n`),
      errors: [{ messageId: "dualWrite", file: "services/billing/src/charges.controller.ts", line: 11, data: { service: "billing", target: "entry", topic: "charge-made", system: "kafka" } }],
    },
    {
      name: "through a base of the project that extends PrismaClient (two levels), re-exported by name",
      files: billing(`import { PrismaClient } from "@prisma/client";\nclass BaseStore extends PrismaClient {}\nclass AuditedStore extends BaseStore {}\nexport { AuditedStore as LedgerStore };\n`),
      errors: [{ messageId: "dualWrite", file: "services/billing/src/charges.controller.ts", line: 11, data: { service: "billing", target: "entry", topic: "charge-made", system: "kafka" } }],
    },
  ],
});

/**
 * The schema's client generated into a folder of its own (`output = "../generated/ledger"`), which git ignores, imported
 * through a tsconfig path: no file of the repository declares that PrismaClient, so it is Prisma's.
 */
const ALIASED = {
  "tsconfig.json": `{\n  "compilerOptions": {\n    "baseUrl": ".",\n    "paths": { "@ledger/db": ["generated/ledger"], "@ledger/fake": ["src/fake-client"] }\n  }\n}\n`,
  "prisma/schema.prisma": `generator client {\n  provider = "prisma-client-js"\n  output   = "../generated/ledger"\n}\ndatasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\nmodel Entry {\n  id     Int @id @default(autoincrement())\n  amount Int\n}\n`,
  // A class of the project that happens to be named PrismaClient: not Prisma's.
  "src/fake-client.ts": `export class PrismaClient {\n  readonly entry = { create: async ({ data }: { data: object }) => ({ id: 1, ...data }) };\n}\n`,
};

ruleTester("dual-write", {
  valid: [
    {
      name: "a provider extending a class named PrismaClient that the project declares itself (through a tsconfig path) writes no datastore",
      files: billing(`import { PrismaClient } from "@ledger/fake";\nexport class LedgerStore extends PrismaClient {}\n`, "LedgerStore", ALIASED),
    },
  ],
  invalid: [
    {
      name: "a provider extending the PrismaClient of a generated client that a tsconfig path names, absent from the repository",
      files: billing(`import { Injectable } from "@nestjs/common";\nimport { PrismaClient } from "@ledger/db";\n@Injectable()\nexport class LedgerStore extends PrismaClient {}\n`, "LedgerStore", ALIASED),
      errors: [{ messageId: "dualWrite", file: "services/billing/src/charges.controller.ts", line: 11, data: { service: "billing", target: "entry", topic: "charge-made", system: "kafka" } }],
    },
  ],
});
