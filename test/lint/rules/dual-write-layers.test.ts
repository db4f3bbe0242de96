import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * Layered code: a resource class that writes through a store and announces through a publisher it is handed as an
 * interface (`protected publisher: IPublisher`, implemented by one class of the scan), handlers that pair a shared
 * store method with a shared announce helper, and an announce call in each case of a switch.
 */

const publisherInterface = `export interface IPublisher {\n  emit(name: string, body: object): boolean;\n}\n`;
const publisher = `import { Channel } from "amqplib";\nimport { IPublisher } from "./IPublisher";\nexport class Publisher implements IPublisher {\n  constructor(private channel: Channel, private exchange: string) {}\n  emit(name: string, body: object): boolean {\n    return this.channel.publish(this.exchange, name, Buffer.from(JSON.stringify(body)));\n  }\n}\n`;
const base = `import { IPublisher } from "./IPublisher";\nexport abstract class BaseResource {\n  constructor(protected publisher: IPublisher) {}\n  protected announce(name: string, body: object): boolean {\n    return this.publisher.emit(name, body);\n  }\n}\n`;
const store = `import { Db } from "mongodb";\nexport class LedgerStore {\n  constructor(private db: Db) {}\n  async add(entry: object): Promise<void> {\n    await this.db.collection("entries").insertOne(entry);\n  }\n  async mark(id: string, state: string): Promise<void> {\n    await this.db.collection("entries").updateOne({ id }, { $set: { state } });\n  }\n}\n`;

/** A ledger service whose resource class has the methods `methods`; `wiring` is the body of its start-up (routes, consumers). */
function ledger(methods: string, wiring: string, extra: Record<string, string> = {}): Tree {
  return {
    "docker-compose.yml": `services:\n  ledger:\n    build: ./ledger\n`,
    ...service("ledger", ["express", "amqplib", "mongodb"], {
      "src/lib/IPublisher.ts": publisherInterface,
      "src/lib/Publisher.ts": publisher,
      "src/lib/BaseResource.ts": base,
      "src/LedgerStore.ts": store,
      "src/LedgerResource.ts": `import { BaseResource } from "./lib/BaseResource";\nimport { IPublisher } from "./lib/IPublisher";\nimport { LedgerStore } from "./LedgerStore";\nexport class LedgerResource extends BaseResource {\n  constructor(publisher: IPublisher, private store: LedgerStore) {\n    super(publisher);\n  }\n${methods}\n}\n`,
      "src/server.ts": `import express from "express";\nimport amqplib from "amqplib";\nimport { MongoClient } from "mongodb";\nimport { Publisher } from "./lib/Publisher";\nimport { LedgerStore } from "./LedgerStore";\nimport { LedgerResource } from "./LedgerResource";\n(async () => {\n  const channel = await (await amqplib.connect(process.env.AMQP_URL!)).createChannel();\n  const db = (await MongoClient.connect(process.env.MONGO_URL!)).db("ledger");\n  const resource = new LedgerResource(new Publisher(channel, "LEDGER"), new LedgerStore(db));\n  const app = express();\n${wiring}\n  app.listen(3000);\n})();\n`,
      ...extra,
    }),
  };
}

const open = `  async open(body: { id: string }) {\n    await this.store.add(body);\n    this.announce("entry.opened", body);\n  }`;
const settle = `  async settle(id: string) {\n    await this.store.mark(id, "settled");\n    this.announce("entry.settled", { id });\n  }`;
const cancel = `  async cancel(id: string) {\n    await this.store.mark(id, "cancelled");\n    this.announce("entry.cancelled", { id });\n  }`;
const consume = (queue: string, method: string) => `  channel.consume("${queue}", (msg) => { if (msg) resource.${method}(msg.content.toString()); });`;

ruleTester("dual-write", {
  valid: [
    {
      name: "an interface two classes implement says nothing of which one runs",
      files: ledger(open, `  app.post("/v1/entries", async (req, res) => {\n    await resource.open(req.body);\n    res.sendStatus(201);\n  });`, {
        "src/lib/QuietPublisher.ts": `import { IPublisher } from "./IPublisher";\nexport class QuietPublisher implements IPublisher {\n  emit(): boolean {\n    return false;\n  }\n}\n`,
      }),
    },
  ],
  invalid: [
    {
      name: "the publish made through a member typed with an interface that one class implements",
      files: ledger(open, `  app.post("/v1/entries", async (req, res) => {\n    await resource.open(req.body);\n    res.sendStatus(201);\n  });`),
      errors: [{ messageId: "dualWrite", file: "ledger/src/lib/Publisher.ts", data: { service: "ledger", system: "amqp" } }],
    },
    {
      name: "two consumers that each pair the store's one update with the one announce helper are two fixes",
      files: ledger(`${settle}\n${cancel}`, `${consume("ledger.settle", "settle")}\n${consume("ledger.cancel", "cancel")}`),
      errors: [
        { messageId: "dualWrite", data: { service: "ledger" } },
        { messageId: "dualWrite", data: { service: "ledger" } },
      ],
    },
    {
      name: "two routes that call one method doing both are one fix",
      files: ledger(settle, `  app.post("/v1/entries/:id/settle", async (req, res) => {\n    await resource.settle(req.params.id);\n    res.end();\n  });\n  app.post("/v2/entries/:id/settle", async (req, res) => {\n    await resource.settle(req.params.id);\n    res.end();\n  });`),
      errors: [{ messageId: "dualWrite", data: { service: "ledger" } }],
    },
    {
      name: "an announce in each case of a switch: the one in the writing case pairs, whichever the search met first",
      files: ledger(
        `  async handle(kind: string, id: string) {\n    switch (kind) {\n      case "ping":\n        this.announce("entry.pong", { id });\n        break;\n      case "settle":\n        await this.store.mark(id, "settled");\n        this.announce("entry.settled", { id });\n        break;\n    }\n  }`,
        consume("ledger.commands", "handle"),
      ),
      errors: [{ messageId: "dualWrite", data: { service: "ledger" } }],
    },
  ],
});
