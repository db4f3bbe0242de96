import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A NestJS CQRS tenants service: the controller sends OpenTenant on the command bus; its handler saves the tenant, then
 * commits the aggregate, whose `open` applied TenantOpened; the `@EventsHandler(TenantOpened)` publishes to Kafka.
 * `handler` is the events handler's `handle` body; `open` the command handler's body after the aggregate is made.
 */
const tenants = (handle: string, open = `    await this.prisma.tenant.create({ data: { id: tenant.id, name: tenant.name } });\n    tenant.commit();`): Tree =>
  service("services/tenants", ["@nestjs/core", "@nestjs/common", "@nestjs/cqrs", "@prisma/client", "kafkajs"], {
    "prisma/schema.prisma": `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\nmodel Tenant {\n  id   String @id\n  name String\n}\n`,
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { TenantsModule } from "./tenants.module";\nNestFactory.create(TenantsModule).then((app) => app.listen(3000));\n`,
    "src/prisma.service.ts": `import { Injectable } from "@nestjs/common";\nimport { PrismaClient } from "@prisma/client";\n@Injectable()\nexport class PrismaService extends PrismaClient {}\n`,
    "src/domain/tenant-opened.event.ts": `export class TenantOpened {\n  constructor(readonly id: string, readonly name: string) {}\n}\n`,
    "src/domain/tenant.aggregate.ts": `import { AggregateRoot } from "@nestjs/cqrs";\nimport { TenantOpened } from "./tenant-opened.event";\nexport class Tenant extends AggregateRoot {\n  constructor(readonly id: string, readonly name: string) {\n    super();\n  }\n  static open(id: string, name: string): Tenant {\n    const tenant = new Tenant(id, name);\n    tenant.apply(new TenantOpened(id, name));\n    return tenant;\n  }\n}\n`,
    "src/events/tenant-opened.handler.ts": `import { EventsHandler, IEventHandler } from "@nestjs/cqrs";\nimport { Kafka } from "kafkajs";\nimport { TenantOpened } from "../domain/tenant-opened.event";\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\n@EventsHandler(TenantOpened)\nexport class TenantOpenedHandler implements IEventHandler<TenantOpened> {\n  async handle(event: TenantOpened) {\n${handle}\n  }\n}\n`,
    "src/commands/open-tenant.command.ts": `export class OpenTenant {\n  constructor(readonly id: string, readonly name: string) {}\n}\n`,
    "src/commands/open-tenant.handler.ts": `import { CommandHandler, EventPublisher, ICommandHandler } from "@nestjs/cqrs";\nimport { OpenTenant } from "./open-tenant.command";\nimport { Tenant } from "../domain/tenant.aggregate";\nimport { PrismaService } from "../prisma.service";\n@CommandHandler(OpenTenant)\nexport class OpenTenantHandler implements ICommandHandler<OpenTenant> {\n  constructor(private readonly prisma: PrismaService, private readonly publisher: EventPublisher) {}\n  async execute(command: OpenTenant) {\n    const tenant = this.publisher.mergeObjectContext(Tenant.open(command.id, command.name));\n${open}\n  }\n}\n`,
    "src/tenants.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";\nimport { CommandBus } from "@nestjs/cqrs";\nimport { OpenTenant } from "./commands/open-tenant.command";\n@Controller("v1/tenants")\nexport class TenantsController {\n  constructor(private readonly commandBus: CommandBus) {}\n  @Post()\n  open(@Body() body: { id: string; name: string }) {\n    return this.commandBus.execute(new OpenTenant(body.id, body.name));\n  }\n}\n`,
    // A write no handler reaches, so that every case shows a write was read.
    "src/seed.ts": `import { PrismaService } from "./prisma.service";\nexport async function seed(prisma: PrismaService) {\n  await prisma.tenant.create({ data: { id: "t0", name: "first" } });\n}\n`,
    "src/tenants.module.ts": `import { Module } from "@nestjs/common";\nimport { CqrsModule } from "@nestjs/cqrs";\nimport { TenantsController } from "./tenants.controller";\nimport { OpenTenantHandler } from "./commands/open-tenant.handler";\nimport { TenantOpenedHandler } from "./events/tenant-opened.handler";\nimport { PrismaService } from "./prisma.service";\n@Module({ imports: [CqrsModule], controllers: [TenantsController], providers: [PrismaService, OpenTenantHandler, TenantOpenedHandler] })\nexport class TenantsModule {}\n`,
  });

/** The command handler given the EventBus (`this.events`) and the event class, for publishing on the bus itself. */
function withEventBus(tree: Tree): Tree {
  const file = "services/tenants/src/commands/open-tenant.handler.ts";
  const text = tree[file] as string;
  return {
    ...tree,
    [file]: text
      .replace("import { CommandHandler, EventPublisher, ICommandHandler }", "import { CommandHandler, EventBus, EventPublisher, ICommandHandler }")
      .replace(`import { Tenant } from "../domain/tenant.aggregate";`, `import { Tenant } from "../domain/tenant.aggregate";\nimport { TenantOpened } from "../domain/tenant-opened.event";`)
      .replace("private readonly publisher: EventPublisher)", "private readonly publisher: EventPublisher, private readonly events: EventBus)")
      .replace(/    const tenant = [^\n]*\n/, ""),
  };
}

const PUBLISH = `    await producer.send({ topic: "tenant-opened", messages: [{ value: JSON.stringify(event) }] });`;

ruleTester("dual-write", {
  valid: [{ name: "the command handler only commits the aggregate (no write), whose applied event's handler publishes", files: tenants(PUBLISH, `    tenant.commit();`) }],
  invalid: [
    {
      name: "the command handler saves, then commits the aggregate whose applied event's handler publishes",
      files: tenants(PUBLISH),
      errors: [{ messageId: "dualWrite", file: "services/tenants/src/events/tenant-opened.handler.ts", line: 8, data: { service: "tenants", target: "tenant", topic: "tenant-opened", system: "kafka" } }],
    },
    {
      name: "the command handler saves, then publishes the event on the event bus itself",
      files: withEventBus(tenants(PUBLISH, `    await this.prisma.tenant.create({ data: { id: command.id, name: command.name } });\n    this.events.publish(new TenantOpened(command.id, command.name));`)),
      errors: [{ messageId: "dualWrite", file: "services/tenants/src/events/tenant-opened.handler.ts", line: 8, data: { service: "tenants", target: "tenant", topic: "tenant-opened", system: "kafka" } }],
    },
  ],
});
