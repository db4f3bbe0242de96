import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/** Odd, partial and wrong code must give no topic it cannot read, and never throw. */
describe("[U] messaging extractors on odd input", () => {
  const odd = [
    `import { MessagePattern, EventPattern, GrpcMethod, ClientsModule, ClientProxyFactory, Transport } from "@nestjs/microservices";
export default class {
  @MessagePattern() a() {}
  @EventPattern(...args) b() {}
  @GrpcMethod() c() {}
  constructor(@Inject() private x: ClientProxy, @Inject(...t) private y: ClientKafka) {}
  d() { this.x.send(); this.y.emit(); this.z = this.client.getService(); this.z.find(); }
}
ClientsModule.register();
ClientsModule.registerAsync({ clients: null });
ClientsModule.register([null, ...more, { name: 1, transport: Transport }]);
ClientProxyFactory.create();
NestFactory.createMicroservice();
app.connectMicroservice(...options);
const o = { transport: Transport.NOPE, name };
`,
    `import Queue from "bull";\nimport { Worker } from "bullmq";\nconst q = new Queue();\nq.add();\nq.process();\nnew Worker();\nconst r = Queue;\n`,
    `import amqp from "amqplib";\nch.publish();\nch.consume();\nch.bindQueue(q.queue);\nconst q = await ch.assertQueue();\nch.consume(q.queue, f);\n`,
    `import nats from "node-nats-streaming";\nstan.publish();\nclass A extends B { subject; topic = ; }\nclass C extends (D as any) { subject = 1; }\n`,
    `import { SendMessageCommand } from "@aws-sdk/client-sqs";\nnew SendMessageCommand();\nnew SendMessageCommand({ ...x });\n`,
    `import Kafka from "node-rdkafka";\nproducer.produce();\nKafka.Producer.createWriteStream();\nconsumer.subscribe([]);\n`,
    `enum E { A = "a", B, C = A, D = "d" + 1 }\nexport enum F {}\nimport mqtt from "mqtt";\nclient.subscribe({ [k]: 1 });\nclient.publish(E.A);\n`,
  ];

  it("reads what it can and throws on nothing", () => {
    const all = odd.map((code, index) => {
      const f = facts(code, `src/odd${index}.ts`);
      return [...f.topics.map((t) => `${t.system ?? "?"} ${t.role}`), ...f.transports.map((t) => `${t.kind} ${t.system ?? "?"}`)];
    });
    expect(all).toEqual([
      // @GrpcMethod() on an anonymous class: service and method from the code's names; transports that cannot be read have no system.
      ["grpc consume", "client tcp", "client ?", "server ?", "server ?"],
      // A queue whose name cannot be read is still a queue: its topic shows as not understood.
      ["bull produce", "bull consume", "object bull"],
      [],
      [],
      [],
      [],
      ["mqtt produce"],
    ]);
  });
});
