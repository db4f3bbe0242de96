import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A NestJS venues service on the packaged NATS JetStream transport: the app connects a custom strategy
 * (`strategy: new NatsJetStreamServer({...})`) and its service is handed the package's client by its class alone
 * (`private readonly bus: NatsJetStreamClient`, no injection token). Event names are a capitalised map of strings in a
 * shared file that imports nothing.
 */
const PLUGIN = "@nestjs-plugins/nestjs-nats-jetstream-transport";

const SAVE_THEN_EMIT = `    const venue = new this.venues({ name, open: true });\n    await venue.save();\n    this.bus.emit(VenueEvent.Opened, venue);\n    return venue;`;

const venues = (open: string = SAVE_THEN_EMIT): Tree =>
  service("venues", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices", "@nestjs/mongoose", "mongoose", PLUGIN], {
    "src/events.ts": `export const VenueEvent = {\n  Opened: "venue.opened",\n  Closed: "venue.closed",\n};\n\nexport const SeatEvent = {\n  Held: "seat.held",\n};\n`,
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { CustomStrategy } from "@nestjs/microservices";\nimport { NatsJetStreamServer } from "${PLUGIN}";\nimport { VenuesModule } from "./venues.module";\nasync function boot() {\n  const app = await NestFactory.create(VenuesModule);\n  const options: CustomStrategy = {\n    strategy: new NatsJetStreamServer({ connectionOptions: { servers: [process.env.NATS_URL], name: "venues" }, consumerOptions: { durable: "venues" }, streamConfig: { name: "venues", subjects: ["seat.*"] } }),\n  };\n  app.connectMicroservice(options);\n  await app.startAllMicroservices();\n  await app.listen(3000);\n}\nboot();\n`,
    "src/venue.schema.ts": `import { Prop, Schema, SchemaFactory } from "@nestjs/mongoose";\n@Schema()\nexport class Venue {\n  @Prop() name: string;\n  @Prop() open: boolean;\n}\nexport const VenueSchema = SchemaFactory.createForClass(Venue);\n`,
    "src/venues.service.ts": `import { Injectable } from "@nestjs/common";\nimport { InjectModel } from "@nestjs/mongoose";\nimport { Model } from "mongoose";\nimport { NatsJetStreamClient } from "${PLUGIN}";\nimport { Venue } from "./venue.schema";\nimport { VenueEvent } from "./events";\n@Injectable()\nexport class VenuesService {\n  constructor(private readonly bus: NatsJetStreamClient, @InjectModel(Venue.name) private readonly venues: Model<Venue>) {}\n  async open(name: string) {\n${open}\n  }\n  async rename(id: string, name: string) {\n    return this.venues.updateOne({ _id: id }, { name });\n  }\n}\n`,
    "src/venues.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";\nimport { EventPattern, Payload } from "@nestjs/microservices";\nimport { VenuesService } from "./venues.service";\nimport { SeatEvent } from "./events";\n@Controller("v1/venues")\nexport class VenuesController {\n  constructor(private readonly service: VenuesService) {}\n  @Post()\n  open(@Body() body: { name: string }) {\n    return this.service.open(body.name);\n  }\n  @Post("rename")\n  rename(@Body() body: { id: string; name: string }) {\n    return this.service.rename(body.id, body.name);\n  }\n  @EventPattern(SeatEvent.Held)\n  held(@Payload() seat: { venue: string }) {\n    return seat.venue;\n  }\n}\n`,
    "src/venues.module.ts": `import { Module } from "@nestjs/common";\nimport { MongooseModule } from "@nestjs/mongoose";\nimport { NatsJetStreamTransport } from "${PLUGIN}";\nimport { VenuesController } from "./venues.controller";\nimport { VenuesService } from "./venues.service";\nimport { Venue, VenueSchema } from "./venue.schema";\n@Module({\n  imports: [MongooseModule.forRoot(process.env.MONGO_URL), MongooseModule.forFeature([{ name: Venue.name, schema: VenueSchema }]), NatsJetStreamTransport.register({ connectionOptions: { servers: [process.env.NATS_URL], name: "venues-publisher" } })],\n  controllers: [VenuesController],\n  providers: [VenuesService],\n})\nexport class VenuesModule {}\n`,
  });

ruleTester("dual-write", {
  valid: [
    // The route that emits writes nothing; the one that writes emits nothing.
    { name: "a route that only emits through the packaged JetStream client", files: venues(`    this.bus.emit(VenueEvent.Opened, { name });\n    return { name };`) },
  ],
  invalid: [
    {
      name: "a route that saves a document, then emits through the packaged JetStream client",
      files: venues(),
      errors: [{ messageId: "dualWrite", file: "venues/src/venues.service.ts", line: 13, data: { service: "venues", system: "nats", topic: "venue.opened" } }],
    },
  ],
});

describe("[I] the packaged NATS JetStream transport's strategy and client", () => {
  it("consumes and produces on nats, the subjects read from a capitalised map of strings", () => {
    const topics = lintTree(venues()).model.topics.map((t) => `${t.role} ${t.system} ${t.topic}`).sort();
    expect(topics).toEqual(["consume nats seat.held", "produce nats venue.opened"]);
  });

  it("reads the NATS address its module registers and its server connects to, written into the code", () => {
    const tree = venues();
    tree["venues/src/venues.module.ts"] = String(tree["venues/src/venues.module.ts"]).replace("servers: [process.env.NATS_URL], name: \"venues-publisher\"", "servers: [\"nats://bus:4222\"], name: \"venues-publisher\"");
    tree["venues/src/main.ts"] = String(tree["venues/src/main.ts"]).replace("servers: [process.env.NATS_URL], name: \"venues\"", "servers: \"nats://bus:4222\", name: \"venues\"");
    const found = lintTree(tree, { only: "hardcoded-endpoint" }).findings.map((f) => `${f.ruleId} ${f.location.file}`);
    expect(found).toEqual(["hardcoded-endpoint venues/src/main.ts", "hardcoded-endpoint venues/src/venues.module.ts"]);
    expect(lintTree(venues(), { only: "hardcoded-endpoint" }).findings).toEqual([]);
  });

  it("a class of that name the project writes itself is no packaged client", () => {
    const tree = venues();
    tree["venues/src/venues.service.ts"] = String(tree["venues/src/venues.service.ts"]).replace(`from "${PLUGIN}"`, `from "./nats-client"`);
    tree["venues/src/nats-client.ts"] = `export class NatsJetStreamClient {\n  emit(subject: string, data: unknown) {\n    return [subject, data];\n  }\n}\n`;
    const produced = lintTree(tree).model.topics.filter((t) => t.role === "produce");
    expect(produced.filter((t) => t.system === "nats")).toEqual([]);
  });
});
