import { describe, expect, it } from "vitest";
import { facts, lintTree, service, type Tree } from "../helpers.js";
import { graphMermaid } from "../../../src/lint/report/graph.js";
import { graphDot } from "../../../src/lint/report/graph-dot.js";
import type { ModelTopic } from "../../../src/lint/types.js";
import { topics } from "./messaging-facts.js";

const describeModel = (t: ModelTopic) => `${t.service} ${t.system} ${t.role}${t.requestReply ? " request-reply" : ""} ${t.topic}`;
const NEST = ["@nestjs/common", "@nestjs/core", "@nestjs/microservices"];
const prefixed = (dir: string, files: Record<string, string>): Tree => Object.fromEntries(Object.entries(files).map(([path, text]) => [`${dir}/${path}`, text]));

describe("[U] messaging: NestJS microservice handlers and clients", () => {
  it("a handler's transport comes from the app (the model decides), unless the decorator names one", () => {
    expect(
      topics(`import { MessagePattern, EventPattern, GrpcMethod, Transport } from "@nestjs/microservices";
export class UsersController {
  @MessagePattern({ role: "user", cmd: "get" })
  get(data) {}
  @EventPattern("user.created")
  created(data) {}
  @EventPattern("user.deleted", Transport.KAFKA)
  deleted(data) {}
  @GrpcMethod("UsersService", "FindOne")
  findOne(data) {}
  @GrpcMethod("UsersService")
  listAll(data) {}
}
`),
    ).toEqual([
      '? consume request-reply {"cmd":"get","role":"user"}',
      "? consume user.created",
      "kafka consume user.deleted",
      "grpc consume request-reply UsersService/FindOne",
      "grpc consume request-reply UsersService/ListAll",
    ]);
  });

  it("client calls: send waits for a reply, emit does not; a typed client or @Client options name the transport", () => {
    expect(
      topics(`import { ClientProxy, ClientKafka, Client, Transport, ClientProxyFactory } from "@nestjs/microservices";
export class Gateway {
  @Client({ transport: Transport.REDIS }) cache: ClientProxy;
  private direct = ClientProxyFactory.create({ transport: Transport.NATS });
  constructor(@Inject("AUTH") private readonly auth: ClientProxy, @Inject("EVENTS") private readonly events: ClientKafka) {}
  login(dto) { return firstValueFrom(this.auth.send({ cmd: "login" }, dto)); }
  audit() { this.events.emit("audit.login", {}); this.cache.emit("flush", {}); this.direct.send("ping", {}); }
}
`),
    ).toEqual(['? produce request-reply {"cmd":"login"}', "kafka produce audit.login", "redis produce flush", "nats produce request-reply ping"]);
  });

  it("transport options: `Transport.X`, none (TCP, Nest's default), the enum itself (Nest's default case, TCP), a value it cannot read", async () => {
    const { facts } = await import("../helpers.js");
    const found = facts(`import { NestFactory } from "@nestjs/core";
import { Transport } from "@nestjs/microservices";
await NestFactory.createMicroservice(A, { transport: Transport.MQTT });
await NestFactory.createMicroservice(B, { options: { port: 4000 } });
app.connectMicroservice({ transport: Transport, options: { port: 4001 } });
app.connectMicroservice({ transport: settings.transport });
`).transports;
    expect(found.map((t) => `${t.kind} ${t.system ?? "?"} ${t.location.line}`)).toEqual(["server mqtt 3", "server tcp 4", "server tcp 5", "server ? 6"]);
  });

  it("a gRPC stub's calls are requests to Service/Method, as @GrpcMethod names them", () => {
    expect(
      topics(`import { Client, ClientGrpc, Transport } from "@nestjs/microservices";
export class HeroesGateway {
  private heroes: HeroesService;
  constructor(@Inject("HERO_PACKAGE") private readonly client: ClientGrpc) {}
  onModuleInit() {
    this.heroes = this.client.getService<HeroesService>("HeroesService");
  }
  one(id: number) { return this.heroes.findOne({ id }); }
  many() { return [1, 2].map((id) => this.heroes.findMany({ id })); }
  other() { return this.cache.findOne({}); }
}
`),
    ).toEqual(["grpc produce request-reply HeroesService/FindOne", "grpc produce request-reply HeroesService/FindMany"]);
  });

  it("ts-proto's @XControllerMethods(): each method is a handler, async ones too; private and static ones and lifecycle hooks are not", () => {
    expect(
      topics(`import { Controller } from "@nestjs/common";
import { UsersServiceControllerMethods } from "./proto/users";
@Controller()
@UsersServiceControllerMethods()
export class UsersController {
  onModuleInit() {}
  async findOne(request) { return this.load(request.id); }
  public listAll() { return []; }
  private load(id) { return { id }; }
  static make() { return new UsersController(); }
}
`),
    ).toEqual(["grpc consume request-reply UsersService/FindOne", "grpc consume request-reply UsersService/ListAll"]);
  });

  it("a stub call passed on through parentheses, as or ! is still awaited where the await is", () => {
    const f = facts(`import { ClientGrpc } from "@nestjs/microservices";
export class Gateway {
  constructor(private readonly client: ClientGrpc) {}
  onModuleInit() { this.heroes = this.client.getService("HeroesService"); }
  async one(id) { return await (this.heroes.findOne({ id }) as Promise<Hero>); }
  async two(id) { return await this.heroes.findTwo({ id })!; }
}
`);
    expect(f.topics.map((t) => `${t.topic.parts.map((p) => (p.kind === "text" ? p.text : "?")).join("")}${t.awaited ? " awaited" : ""}`)).toEqual(["HeroesService/FindOne awaited", "HeroesService/FindTwo awaited"]);
  });

  it("two sends awaited together in Promise.all are marked parallel; a send awaited alone is not", () => {
    const f = facts(`import { ClientProxy } from "@nestjs/microservices";
import { firstValueFrom } from "rxjs";
export class Checkout {
  constructor(@Inject("ORDERS") private readonly client: ClientProxy) {}
  async both(id) { return Promise.all([firstValueFrom(this.client.send("order.get", id)), firstValueFrom(this.client.send("stock.get", id))]); }
  async one(id) { return await firstValueFrom(this.client.send("price.get", id)); }
}
`);
    expect(f.topics.map((t) => `${t.topic.parts.map((p) => (p.kind === "text" ? p.text : "?")).join("")}${t.parallel ? " parallel" : ""}`)).toEqual(["order.get parallel", "stock.get parallel", "price.get"]);
  });

  it("not a NestJS client: an event emitter's emit, a send in a file without @nestjs/microservices", () => {
    expect(topics(`import { EventEmitter2 } from "@nestjs/event-emitter";\nexport class S {\n  constructor(private events: EventEmitter2) {}\n  f() { this.events.emit("order.created", {}); }\n}\n`)).toEqual([]);
    expect(topics(`export class S {\n  constructor(@Inject("AUTH") private auth: ClientProxy) {}\n  f() { this.auth.send("x", {}); }\n}\n`)).toEqual([]);
  });
});

const tree: Tree = {
  "package.json": { name: "shop", private: true, workspaces: ["services/*", "libs/*"] },
  "libs/common/package.json": { name: "@acme/common", main: "src/index.ts", dependencies: { "@nestjs/microservices": "*" } },
  ...prefixed("libs/common", {
    "src/index.ts": `export * from "./rmq.service";\nexport * from "./tokens";\n`,
    "src/tokens.ts": `export const EVENTS = "EVENTS";\nexport enum Tokens { PAYMENTS = "payments_client" }\nexport enum Patterns { CHARGE, REFUND }\n`,
    "src/rmq.service.ts": `import { Transport, RmqOptions } from "@nestjs/microservices";
export class RmqService {
  getOptions(queue: string): RmqOptions {
    return { transport: Transport.RMQ, options: { urls: [process.env.RABBIT_URL], queue } };
  }
}
`,
  }),
  ...service("services/auth", NEST, {
    "src/server.ts": `import { NestFactory } from "@nestjs/core";
import { Transport } from "@nestjs/microservices";
import { AppModule } from "./app.module";
const app = await NestFactory.createMicroservice(AppModule, { transport: Transport.TCP, options: { host: "0.0.0.0", port: 3001 } });
await app.listen();
`,
    "src/auth.controller.ts": `import { Controller } from "@nestjs/common";
import { MessagePattern, EventPattern } from "@nestjs/microservices";
@Controller()
export class AuthController {
  @MessagePattern({ cmd: "validate" })
  validate(token) {}
  @EventPattern("user_created")
  onUser(user) {}
}
`,
  }),
  ...service("services/gateway", NEST, {
    "src/server.ts": `import { NestFactory } from "@nestjs/core";\nconst app = await NestFactory.create(AppModule);\nawait app.listen(3000);\n`,
    "src/app.module.ts": `import { Module } from "@nestjs/common";
import { ClientsModule, Transport } from "@nestjs/microservices";
import { EVENTS } from "@acme/common";
@Module({
  imports: [
    ClientsModule.register([
      { name: "AUTH", transport: Transport.TCP, options: { host: "auth", port: 3001 } },
      { name: EVENTS, transport: Transport.KAFKA, options: { client: { brokers: ["kafka:9092"] } } },
    ]),
  ],
})
export class AppModule {}
`,
    "src/gateway.service.ts": `import { Inject, Injectable } from "@nestjs/common";
import { ClientProxy } from "@nestjs/microservices";
import { EVENTS } from "@acme/common";
@Injectable()
export class GatewayService {
  constructor(@Inject("AUTH") private readonly auth: ClientProxy, @Inject(EVENTS) private readonly events: ClientProxy) {}
  check(token) { return this.auth.send({ cmd: "validate" }, token); }
  created(user) { this.events.emit("user_created", user); }
}
`,
  }),
  ...service("services/billing", NEST, {
    "src/server.ts": `import { NestFactory } from "@nestjs/core";
import { Transport } from "@nestjs/microservices";
const kafkaOptions = { transport: Transport.KAFKA, options: { client: { brokers: ["kafka:9092"] } } };
const app = await NestFactory.create(AppModule);
app.connectMicroservice({ transport: Transport.RMQ, options: { queue: "billing" } });
app.connectMicroservice(kafkaOptions);
await app.startAllMicroservices();
await app.listen(3000);
`,
    "src/billing.controller.ts": `import { EventPattern } from "@nestjs/microservices";\nexport class BillingController {\n  @EventPattern("user_created")\n  charge(user) {}\n}\n`,
  }),
  ...service("services/worker", NEST, {
    // Imports nothing from @nestjs/microservices: the options come whole from the shared service.
    "src/server.ts": `import { NestFactory } from "@nestjs/core";
import { RmqService } from "@acme/common";
const app = await NestFactory.create(AppModule);
const rmq = app.get(RmqService);
app.connectMicroservice(rmq.getOptions("WORKER"));
await app.startAllMicroservices();
`,
    "src/worker.controller.ts": `import { EventPattern } from "@nestjs/microservices";\nexport class WorkerController {\n  @EventPattern("report_requested")\n  run(data) {}\n}\n`,
  }),
  // Options from a helper, through AsyncMicroserviceOptions and a provider's factory; patterns from a numeric enum.
  ...service("services/payments", NEST, {
    "src/server.ts": `import { NestFactory } from "@nestjs/core";
import { RmqService } from "@acme/common";
const app = await NestFactory.createMicroservice(AppModule, {
  useFactory: (rmq: RmqService) => rmq.getOptions("PAYMENTS"),
  inject: [RmqService],
});
await app.listen();
`,
    "src/payments.controller.ts": `import { MessagePattern } from "@nestjs/microservices";\nimport { Patterns } from "@acme/common";\nexport class PaymentsController {\n  @MessagePattern(Patterns.CHARGE)\n  charge(order) {}\n}\n`,
  }),
  ...service("services/checkout", NEST, {
    "src/server.ts": `import { NestFactory } from "@nestjs/core";\nconst app = await NestFactory.create(AppModule);\nawait app.listen(3000);\n`,
    "src/checkout.module.ts": `import { ClientProxyFactory } from "@nestjs/microservices";
import { RmqService, Tokens } from "@acme/common";
export const providers = [
  { provide: Tokens.PAYMENTS, useFactory: (rmq: RmqService) => ClientProxyFactory.create(rmq.getOptions("PAYMENTS")), inject: [RmqService] },
];
`,
    "src/checkout.service.ts": `import { Inject } from "@nestjs/common";
import { ClientProxy } from "@nestjs/microservices";
import { Patterns, Tokens } from "@acme/common";
export class CheckoutService {
  constructor(@Inject(Tokens.PAYMENTS) private readonly payments: ClientProxy) {}
  pay(order) { return this.payments.send(Patterns.CHARGE, order); }
}
`,
  }),
  ...service("services/orphan", NEST, {
    "src/server.ts": `import { MessagePattern } from "@nestjs/microservices";\nexport class Orphan {\n  @MessagePattern("lonely")\n  f() {}\n}\n`,
  }),
};

describe("[I] messaging: NestJS transports joined across files", () => {
  // Scanned in each test, not in the describe body: a scan at collection runs outside any test, and mutation testing
  // could not tell which test covers the code it reaches.
  const scan = () => {
    const result = lintTree(tree);
    const model = result.model.topics.map(describeModel).sort();
    return { result, model };
  };

  it("labels each pattern with the transport its app or client is configured with", () => {
    const { model } = scan();
    expect(model).toEqual(
      [
        'auth tcp consume request-reply {"cmd":"validate"}',
        "auth tcp consume user_created",
        'gateway tcp produce request-reply {"cmd":"validate"}',
        "gateway kafka produce user_created",
        // A hybrid app listens on each transport it connects.
        "billing amqp consume user_created",
        "billing kafka consume user_created",
        // Options built by a shared helper: the one transport the shared code names.
        "worker amqp consume report_requested",
        // Patterns.CHARGE is 0 on both ends.
        "payments amqp consume request-reply 0",
        "checkout amqp produce request-reply 0",
        "orphan unknown consume request-reply lonely",
      ].sort(),
    );
  });

  it("says where each transport came from", () => {
    const { result } = scan();
    const resolution = (service: string, topic: string) => result.model.topics.find((t) => t.service === service && t.topic === topic)?.resolution;
    expect(resolution("auth", '{"cmd":"validate"}')).toBe("tcp microservice options at services/auth/src/server.ts:4");
    expect(resolution("gateway", "user_created")).toBe("client EVENTS registered at services/gateway/src/app.module.ts:8");
    expect(resolution("worker", "report_requested")).toBe("amqp options at libs/common/src/rmq.service.ts:4 (the microservice options at services/worker/src/server.ts:5 are not spelled out)");
    expect(resolution("orphan", "lonely")).toBe("no NestJS microservice options found for orphan");
    expect(resolution("checkout", "0")).toBe(
      "amqp options at libs/common/src/rmq.service.ts:4 (client payments_client registered at services/checkout/src/checkout.module.ts:4 with options not spelled out)",
    );
  });

  it("names the function that sends or handles each pattern, for the call graph", () => {
    const { result } = scan();
    const inFunction = (service: string, topic: string) => result.model.topics.find((t) => t.service === service && t.topic === topic)?.inFunction;
    expect(inFunction("gateway", '{"cmd":"validate"}')).toBe("services/gateway/src/gateway.service.ts#fn:GatewayService.check");
    expect(inFunction("auth", '{"cmd":"validate"}')).toBe("services/auth/src/auth.controller.ts#fn:AuthController.validate");
  });

  it("a TCP pattern and a Kafka topic of one name are two topics; nothing is labelled kafka that is not", () => {
    const { result } = scan();
    const kafka = result.model.topics.filter((t) => t.system === "kafka").map(describeModel).sort();
    expect(kafka).toEqual(["billing kafka consume user_created", "gateway kafka produce user_created"]);
  });

  it("the graph draws one topic node per transport, labelled with it, and request-reply edges as request and reply", () => {
    const { result } = scan();
    const mermaid = graphMermaid(result);
    const topicLines = mermaid.split("\n").filter((line) => /^\s+t\d+>/.test(line)).map((line) => line.replace(/^\s+t\d+/, ""));
    expect(topicLines.sort()).toEqual(['>"0 (amqp)"]', '>"lonely (unknown)"]', '>"report_requested (amqp)"]', '>"user_created (amqp)"]', '>"user_created (kafka)"]', '>"user_created (tcp)"]', '>"{#quot;cmd#quot;:#quot;validate#quot;} (tcp)"]'].sort());
    const dot = graphDot(result);
    expect(dot).toMatch(/"service:gateway" -> "topic:tcp:\{\\"cmd\\":\\"validate\\"\}" \[id="e\d+", class="request[^"]*", label="request", style=dashed[^\]]*\];/);
    expect(dot).toMatch(/"topic:tcp:\{\\"cmd\\":\\"validate\\"\}" -> "service:auth" \[id="e\d+", class="reply[^"]*", label="reply", style=dashed[^\]]*\];/);
    expect(dot).toMatch(/"topic:tcp:user_created" -> "service:auth" \[id="e\d+", class="consume", style=dashed\];/);
  });
});

describe("[I] messaging: a NestJS microservice a library's bootstrap starts (acc13e)", () => {
  it("the patterns of each service that boots through the library travel on the transport the library's options name", () => {
    const result = lintTree({
      "package.json": { name: "ferry", private: true, workspaces: ["services/*", "packages/*"] },
      "packages/boot/package.json": { name: "@ferry/boot", main: "src/index.ts", dependencies: { "@nestjs/core": "*", "@nestjs/microservices": "*" } },
      "packages/boot/src/index.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nexport const bootOverTcp = async (module: unknown, port: number) => {\n  const app = await NestFactory.createMicroservice(module, { transport: Transport.TCP, options: { port } });\n  await app.listen();\n};\n`,
      ...service("services/tides", [...NEST, "@ferry/boot"], {
        "src/main.ts": `import { bootOverTcp } from "@ferry/boot";\nimport { TidesModule } from "./tides.module";\nbootOverTcp(TidesModule, 4010);\n`,
        "src/tides.controller.ts": `import { MessagePattern } from "@nestjs/microservices";\nexport class TidesController {\n  @MessagePattern("tides.next")\n  next() {}\n}\n`,
      }),
      ...service("services/berths", NEST, {
        "src/main.ts": `import { NestFactory } from "@nestjs/core";\nconst app = await NestFactory.create(BerthsModule);\nawait app.listen(3000);\n`,
        "src/berths.controller.ts": `import { EventPattern } from "@nestjs/microservices";\nexport class BerthsController {\n  @EventPattern("berth.freed")\n  freed() {}\n}\n`,
      }),
    });
    expect(result.model.topics.map(describeModel).sort()).toEqual(["berths unknown consume berth.freed", "tides tcp consume request-reply tides.next"]);
    expect(result.model.topics.find((t) => t.service === "tides")?.resolution).toBe("tcp microservice options at packages/boot/src/index.ts:4");
  });
});
