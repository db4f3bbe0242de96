import { describe, expect, it } from "vitest";
import { facts, lintTree, service, type Tree } from "../helpers.js";
import type { ModelTopic } from "../../../src/lint/types.js";
import { valueText } from "./messaging-facts.js";

const describeModel = (t: ModelTopic) => `${t.service} ${t.system} ${t.role} ${t.topic}`;

describe("[U] messaging: subclasses that set a base class's topic", () => {
  it("records the member a subclass sets, with its base class's import", () => {
    const found = facts(`import { Listener, Subjects } from "@tix/common";
export class OrderCreatedListener extends Listener<OrderCreatedEvent> {
  subject: Subjects.OrderCreated = Subjects.OrderCreated;
  queueGroupName = "tickets-service";
  static topic = "not-this-one";
}
class Local extends Base { readonly topic = "local.v1"; }
class Plain { subject = "no-base"; }
`).topicMembers;
    expect(found.map((m) => [m.className, m.base, m.member, valueText(m.value)])).toEqual([
      ["OrderCreatedListener", { specifier: "@tix/common", name: "Listener" }, "subject", "{Subjects.OrderCreated}"],
      ["Local", { local: "Base" }, "topic", "local.v1"],
    ]);
  });

  it("a numeric enum's members count on from the last number, as TypeScript numbers them", () => {
    const f = facts(`export enum Patterns {\n  CREATE,\n  CANCEL,\n  PAY = 10,\n  REFUND,\n  NAMED = "named",\n  AFTER_STRING,\n}\n`);
    expect(Object.fromEntries(Object.entries(f.constants).map(([k, v]) => [k, valueText(v)]))).toEqual({
      "Patterns.CREATE": "0",
      "Patterns.CANCEL": "1",
      "Patterns.PAY": "10",
      "Patterns.REFUND": "11",
      "Patterns.NAMED": "named",
    });
  });

  it("an exported enum's members are constants other files resolve", () => {
    const f = facts(`export enum Subjects {\n  TicketCreated = "ticket:created",\n  Count = 3,\n  Computed = "a".length,\n}\n`);
    expect(f.exports).toEqual({ Subjects: "const:Subjects" });
    expect(Object.fromEntries(Object.entries(f.constants).map(([k, v]) => [k, valueText(v)]))).toEqual({ "Subjects.TicketCreated": "ticket:created", "Subjects.Count": "3" });
  });
});

const common: Tree = {
  "common/package.json": { name: "@tix/common", main: "src/index.ts", dependencies: { "node-nats-streaming": "*" } },
  "common/src/index.ts": `export * from "./events/subjects";\nexport * from "./events/base-publisher";\nexport * from "./events/base-listener";\n`,
  "common/src/events/subjects.ts": `export enum Subjects {\n  TicketCreated = "ticket:created",\n  OrderCreated = "order:created",\n}\n`,
  "common/src/events/base-publisher.ts": `import { Stan } from "node-nats-streaming";
export abstract class Publisher<T> {
  abstract subject: string;
  constructor(protected client: Stan) {}
  publish(data: T): Promise<void> {
    return new Promise((resolve) => this.client.publish(this.subject, JSON.stringify(data), () => resolve()));
  }
}
`,
  "common/src/events/base-listener.ts": `import { Message, Stan } from "node-nats-streaming";
export abstract class Listener<T> {
  abstract subject: string;
  abstract queueGroupName: string;
  constructor(protected client: Stan) {}
  listen() {
    const subscription = this.client.subscribe(this.subject, this.queueGroupName, this.client.subscriptionOptions());
    subscription.on("message", (msg: Message) => this.onMessage(JSON.parse(msg.getData() as string), msg));
  }
  abstract onMessage(data: T, msg: Message): void;
}
`,
};

const listener = (name: string, subject: string, from: string) =>
  `import { Listener, Subjects } from "${from}";\nexport class ${name} extends Listener<unknown> {\n  subject: Subjects.${subject} = Subjects.${subject};\n  queueGroupName = "q";\n  onMessage() {}\n}\n`;
const publisher = (name: string, subject: string) => `import { Publisher, Subjects } from "@tix/common";\nexport class ${name} extends Publisher<unknown> {\n  readonly subject = Subjects.${subject};\n}\n`;

const tree: Tree = {
  "package.json": { name: "tix", private: true, workspaces: ["common", "tickets", "orders", "payments"] },
  ...common,
  ...service("tickets", ["@tix/common", "express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.listen(3000);\n`,
    "src/events/ticket-created-publisher.ts": publisher("TicketCreatedPublisher", "TicketCreated"),
    "src/events/order-created-listener.ts": listener("OrderCreatedListener", "OrderCreated", "@tix/common"),
  }),
  ...service("orders", ["@tix/common", "express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.listen(3000);\n`,
    "src/events/order-created-publisher.ts": publisher("OrderCreatedPublisher", "OrderCreated"),
    "src/events/ticket-created-listener.ts": listener("TicketCreatedListener", "TicketCreated", "@tix/common"),
  }),
  // Imports the base classes from a published copy the scan does not have: joined by the class and enum names.
  ...service("payments", ["@published/common", "express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.listen(3000);\n`,
    "src/events/order-created-listener.ts": listener("OrderCreatedListener", "OrderCreated", "@published/common"),
  }),
};

describe("[I] messaging: NATS Streaming publishers and listeners through base classes", () => {
  // Scanned in each test, not in the describe body: a scan at collection runs outside any test, and mutation testing
  // could not tell which test covers the code it reaches.
  const scan = () => {
    const result = lintTree(tree);
    return { result };
  };

  it("each subclass is a topic on the base class's transport, its subject resolved from the enum", () => {
    const { result } = scan();
    expect(result.model.topics.map(describeModel).sort()).toEqual(
      [
        "tickets nats-streaming produce ticket:created",
        "tickets nats-streaming consume order:created",
        "orders nats-streaming produce order:created",
        "orders nats-streaming consume ticket:created",
        "payments nats-streaming consume order:created",
      ].sort(),
    );
  });

  it("a publisher instance's publish(data) in a file importing the NATS client's types names no subject of its own", () => {
    const result = lintTree({
      ...tree,
      "tickets/src/events/order-cancelled-listener.ts": `import type { Message, Stan } from "node-nats-streaming";\nimport { TicketCreatedPublisher } from "./ticket-created-publisher";\nexport async function onCancelled(stan: Stan, ticket: { id: string }, msg: Message) {\n  await new TicketCreatedPublisher(stan).publish(ticket as unknown);\n  msg.ack();\n}\n`,
    });
    const tickets = result.model.topics.filter((t) => t.service === "tickets");
    expect([...new Set(tickets.map(describeModel))].sort()).toEqual(["tickets nats-streaming consume order:created", "tickets nats-streaming produce ticket:created"]);
    expect(tickets.find((t) => t.location.file.endsWith("order-cancelled-listener.ts"))?.topic).toBe("ticket:created");
  });

  it("the evidence is the subclass's member, and the resolution names the base class", () => {
    const { result } = scan();
    const topic = result.model.topics.find((t) => t.service === "tickets" && t.role === "produce")!;
    expect(topic.location).toMatchObject({ file: "tickets/src/events/ticket-created-publisher.ts", line: 3 });
    expect(topic.resolution).toBe("subject of TicketCreatedPublisher, which produces through Publisher at common/src/events/base-publisher.ts:6");
  });
});

describe("[I] messaging: a Kafka consumer base class in the service itself", () => {
  it("each subclass's topic is a kafka topic; a base class no subclass fills in stays, unresolved", () => {
    const result = lintTree(
      service("billing", ["kafkajs", "express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.listen(3000);\n`,
        "src/kafka/base-consumer.ts": `import { Consumer } from "kafkajs";
export abstract class BaseConsumer {
  protected abstract readonly topic: string;
  constructor(private readonly consumer: Consumer) {}
  async start() {
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: false });
  }
}
export class Unused {
  constructor(private readonly producer: any, private readonly topic: string) {}
  send(value: string) { return this.producer.send({ topic: this.topic, messages: [{ value }] }); }
}
`,
        "src/kafka/order-placed.consumer.ts": `import { BaseConsumer } from "./base-consumer";\nexport class OrderPlacedConsumer extends BaseConsumer {\n  protected readonly topic = "orders.placed.v1";\n}\n`,
        "src/kafka/order-cancelled.consumer.ts": `import { BaseConsumer } from "./base-consumer";\nimport { TOPICS } from "./topics";\nexport class OrderCancelledConsumer extends BaseConsumer {\n  protected readonly topic = TOPICS.cancelled;\n}\n`,
        "src/kafka/topics.ts": `export const TOPICS = { cancelled: "orders.cancelled.v1" } as const;\n`,
      }),
    );
    expect(result.model.topics.map(describeModel).sort()).toEqual([
      "billing kafka consume orders.cancelled.v1",
      "billing kafka consume orders.placed.v1",
      "billing kafka produce {topic}",
    ]);
  });
});

describe("[I] messaging: a base class that sets its topic, and a subclass that overrides it", () => {
  it("both topics: the base's own instances use its value, the subclass's use the override", () => {
    const result = lintTree(
      service("audit", ["kafkajs", "express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.listen(3000);\n`,
        "src/consumers.ts": `import { Kafka } from "kafkajs";
export class AuditConsumer {
  protected topic = "audit.v1";
  constructor(private readonly consumer: any) {}
  start() { return this.consumer.subscribe({ topic: this.topic }); }
}
export class SecurityAuditConsumer extends AuditConsumer {
  protected topic = "audit.security.v1";
}
`,
      }),
    );
    expect(result.model.topics.map(describeModel).sort()).toEqual(["audit kafka consume audit.security.v1", "audit kafka consume audit.v1"]);
  });
});
