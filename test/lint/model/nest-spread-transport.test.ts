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
