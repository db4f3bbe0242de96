import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * A NestJS client registered with options spread from a shared module (`{ name: "DEPOT", ...depotQueue }`): its
 * transport is the one that module's object sets, even where the repository writes options for other transports too.
 */

const shipping = (registration: string): Tree => ({
  "docker-compose.yml": `services:\n  shipping:\n    build: ./services/shipping\n`,
  ...service("services/shipping", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { ShippingModule } from "./shipping.module";\nNestFactory.create(ShippingModule).then((app) => app.listen(3000));\n`,
    "src/transports.ts": [
      `import { Transport } from "@nestjs/microservices";`,
      `export const depotQueue = { transport: Transport.RMQ, options: { urls: [process.env.AMQP_URL], queue: "depot" } };`,
      `export const auditLog = { transport: Transport.KAFKA, options: { client: { brokers: [process.env.KAFKA_BROKERS] } } };`,
    ].join("\n"),
    "src/shipping.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule } from "@nestjs/microservices";\nimport * as transports from "./transports";\nimport { depotQueue } from "./transports";\nimport { ParcelsController } from "./parcels.controller";\n@Module({ imports: [ClientsModule.register([${registration}])], controllers: [ParcelsController] })\nexport class ShippingModule {}\n`,
    "src/parcels.controller.ts": `import { Body, Controller, Inject, Post } from "@nestjs/common";\nimport { ClientProxy } from "@nestjs/microservices";\n@Controller("v1/parcels")\nexport class ParcelsController {\n  constructor(@Inject("DEPOT") private readonly depot: ClientProxy) {}\n  @Post()\n  register(@Body() body: object) {\n    this.depot.emit("parcel.registered", body);\n    return body;\n  }\n}\n`,
  }),
});

const topics = (tree: Tree) => lintTree(tree, { only: "dual-write" }).model.topics.map((t) => `${t.service} ${t.role} ${t.topic} ${t.system}: ${t.resolution}`);

describe("[I] a NestJS client registered with spread options", () => {
  it("spread by name: the transport of the object the shared module exports", () => {
    expect(topics(shipping(`{ name: "DEPOT", ...depotQueue }`))).toEqual([
      "shipping produce parcel.registered amqp: client DEPOT registered at services/shipping/src/shipping.module.ts:6 with options that set Transport.RMQ",
    ]);
  });

  it("spread as a namespace's member: the same", () => {
    expect(topics(shipping(`{ name: "DEPOT", ...transports.auditLog }`))).toEqual([
      "shipping produce parcel.registered kafka: client DEPOT registered at services/shipping/src/shipping.module.ts:6 with options that set Transport.KAFKA",
    ]);
  });

  it("spread of something that names no transport stays unknown, and says why", () => {
    expect(topics(shipping(`{ name: "DEPOT", ...settings }`))).toEqual([
      "shipping produce parcel.registered unknown: client DEPOT registered at services/shipping/src/shipping.module.ts:6 with options whose transport is not written there",
    ]);
  });
});

describe("[I] a NestJS client a provider's method makes", () => {
  // Written for this test: a provider whose methods each make a client (ClientProxyFactory.create), and a controller
  // that imports nothing of @nestjs/microservices, holding the client one of them makes in a field.
  const tree = (field: string): Tree => ({
    "docker-compose.yml": `services:\n  shipping:\n    build: ./services/shipping\n`,
    ...service("services/shipping", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices"], {
      "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { ShippingModule } from "./shipping.module";\nNestFactory.create(ShippingModule).then((app) => app.listen(3000));\n`,
      "src/proxies.ts": `import { Injectable } from "@nestjs/common";\nimport { ClientProxy, ClientProxyFactory, Transport } from "@nestjs/microservices";\n@Injectable()\nexport class Proxies {\n  getClientProxyDepot(): ClientProxy {\n    return ClientProxyFactory.create({ transport: Transport.RMQ, options: { urls: [process.env.AMQP_URL], queue: "depot" } });\n  }\n}\n`,
      "src/shipping.module.ts": `import { Module } from "@nestjs/common";\nimport { Proxies } from "./proxies";\nimport { ParcelsController } from "./parcels.controller";\n@Module({ providers: [Proxies], controllers: [ParcelsController] })\nexport class ShippingModule {}\n`,
      "src/parcels.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";\nimport { Proxies } from "./proxies";\n@Controller("v1/parcels")\nexport class ParcelsController {\n  constructor(private readonly proxies: Proxies) {}\n  ${field}\n  @Post()\n  register(@Body() body: object) {\n    this.depot.emit("parcel.registered", body);\n    return body;\n  }\n}\n`,
    }),
  });

  it("held in a field, its messages travel on the transport the provider's method sets", () => {
    expect(topics(tree(`private depot = this.proxies.getClientProxyDepot();`))).toEqual([
      "shipping produce parcel.registered amqp: client registered at services/shipping/src/proxies.ts:6",
    ]);
  });

  it("a field a method not named for a proxy fills is no client (a Redis or socket wrapper's getClient())", () => {
    expect(topics(tree(`private depot = this.proxies.getDepot();`))).toEqual([]);
    expect(topics(tree(`private depot = this.proxies.getClient();`))).toEqual([]);
  });
});

describe("[I] NestJS client registrations listed in a file of their own", () => {
  // Written for this test: the module registers `ClientsModule.registerAsync(depotClients())`, the list built in a
  // config file typed ClientsModuleAsyncOptions, one entry with no transport (Nest's default, TCP), one over RabbitMQ.
  const tree = (transport: string): Tree => ({
    "docker-compose.yml": `services:\n  shipping:\n    build: ./services/shipping\n`,
    ...service("services/shipping", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices"], {
      "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { ShippingModule } from "./shipping.module";\nNestFactory.create(ShippingModule).then((app) => app.listen(3000));\n`,
      "src/clients.ts": `import { ClientsModuleAsyncOptions, Transport } from "@nestjs/microservices";\nexport const depotClients = (): ClientsModuleAsyncOptions => [\n  {\n    name: "DEPOT",\n    useFactory: () => ({ ${transport}options: { host: process.env.DEPOT_HOST, port: 4100 } }),\n  },\n];\n`,
      "src/shipping.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule } from "@nestjs/microservices";\nimport { depotClients } from "./clients";\nimport { ParcelsController } from "./parcels.controller";\n@Module({ imports: [ClientsModule.registerAsync(depotClients())], controllers: [ParcelsController] })\nexport class ShippingModule {}\n`,
      "src/parcels.controller.ts": `import { Body, Controller, Inject, Post } from "@nestjs/common";\nimport { ClientProxy } from "@nestjs/microservices";\n@Controller("v1/parcels")\nexport class ParcelsController {\n  constructor(@Inject("DEPOT") private readonly depot: ClientProxy) {}\n  @Post()\n  register(@Body() body: object) {\n    this.depot.emit("parcel.registered", body);\n    return body;\n  }\n}\n`,
    }),
  });

  it("an entry with no transport is TCP; one with a transport, that transport", () => {
    expect(topics(tree(""))).toEqual(["shipping produce parcel.registered tcp: client DEPOT registered at services/shipping/src/clients.ts:3"]);
    expect(topics(tree("transport: Transport.RMQ, "))).toEqual(["shipping produce parcel.registered amqp: client DEPOT registered at services/shipping/src/clients.ts:3"]);
  });
});

describe("[I] a client made from options a settings class builds", () => {
  // Written for this test: a provider `{ provide: "DEPOT", useFactory: (settings) => ClientProxyFactory.create(settings.depot()) }`
  // and the settings class whose method returns `{ name: "DEPOT", transport: Transport.REDIS, … }`.
  const tree: Tree = {
    "docker-compose.yml": `services:\n  shipping:\n    build: ./services/shipping\n`,
    ...service("services/shipping", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices"], {
      "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { ShippingModule } from "./shipping.module";\nNestFactory.create(ShippingModule).then((app) => app.listen(3000));\n`,
      "src/settings.ts": `import { ClientProviderOptions, Transport } from "@nestjs/microservices";\nexport class Settings {\n  depot(): ClientProviderOptions {\n    return { name: "DEPOT", transport: Transport.REDIS, options: { host: process.env.REDIS_HOST } };\n  }\n}\n`,
      "src/shipping.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientProxyFactory } from "@nestjs/microservices";\nimport { Settings } from "./settings";\nimport { ParcelsController } from "./parcels.controller";\n@Module({\n  controllers: [ParcelsController],\n  providers: [{ provide: "DEPOT", useFactory: (settings: Settings) => ClientProxyFactory.create(settings.depot()), inject: [Settings] }],\n})\nexport class ShippingModule {}\n`,
      "src/parcels.controller.ts": `import { Body, Controller, Inject, Post } from "@nestjs/common";\nimport { ClientProxy } from "@nestjs/microservices";\n@Controller("v1/parcels")\nexport class ParcelsController {\n  constructor(@Inject("DEPOT") private readonly depot: ClientProxy) {}\n  @Post()\n  register(@Body() body: object) {\n    this.depot.emit("parcel.registered", body);\n    return body;\n  }\n}\n`,
    }),
  };

  it("takes the transport the options of that name spell out, not 'several transports'", () => {
    expect(topics(tree)).toEqual(["shipping produce parcel.registered redis: client DEPOT registered at services/shipping/src/settings.ts:4"]);
  });
});

describe("[I] clients registered by shared modules under the name they are given", () => {
  // Written for this test: two library modules, each registering a client under the name passed to its register()
  // (RabbitMQ and TCP); the service asks each for one client by name.
  const queueModule = (system: string, options: string) =>
    `import { DynamicModule, Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\n@Module({})\nexport class ${system}Module {\n  static register({ name }: { name: string }): DynamicModule {\n    return { module: ${system}Module, imports: [ClientsModule.register([{ name, ${options} }])], exports: [ClientsModule] };\n  }\n}\n`;
  const tree: Tree = {
    "docker-compose.yml": `services:\n  shipping:\n    build: ./services/shipping\n`,
    "libs/bus/package.json": JSON.stringify({ name: "@acme/bus", main: "index.ts" }),
    "libs/bus/index.ts": `export * from "./rmq.module";\nexport * from "./tcp.module";\n`,
    "libs/bus/rmq.module.ts": queueModule("Rmq", `transport: Transport.RMQ, options: { urls: [process.env.AMQP_URL], queue: name }`),
    "libs/bus/tcp.module.ts": queueModule("Tcp", `transport: Transport.TCP, options: { port: 4100 }`),
    ...service("services/shipping", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "@acme/bus"], {
      "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { ShippingModule } from "./shipping.module";\nNestFactory.create(ShippingModule).then((app) => app.listen(3000));\n`,
      "src/shipping.module.ts": `import { Module } from "@nestjs/common";\nimport { RmqModule, TcpModule } from "../../../libs/bus";\nimport { ParcelsController } from "./parcels.controller";\n@Module({ imports: [RmqModule.register({ name: "DEPOT" }), TcpModule.register({ name: "LEDGER" })], controllers: [ParcelsController] })\nexport class ShippingModule {}\n`,
      "src/parcels.controller.ts": `import { Body, Controller, Inject, Post } from "@nestjs/common";\nimport { ClientProxy } from "@nestjs/microservices";\n@Controller("v1/parcels")\nexport class ParcelsController {\n  constructor(@Inject("DEPOT") private readonly depot: ClientProxy, @Inject("LEDGER") private readonly ledger: ClientProxy) {}\n  @Post()\n  register(@Body() body: object) {\n    this.depot.emit("parcel.registered", body);\n    this.ledger.emit("parcel.booked", body);\n    return body;\n  }\n}\n`,
    }),
  };

  it("each client takes the transport of the module asked to register it", () => {
    expect(topics(tree).map((line) => line.slice(0, line.indexOf(":")))).toEqual(["shipping produce parcel.registered amqp", "shipping produce parcel.booked tcp"]);
  });
});
