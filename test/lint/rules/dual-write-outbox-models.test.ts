import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * An outbox row written as a document: the model is made with `new` and saved, directly or through a local, and the
 * model may be one the class keeps (`this.OutboxMessage`). Its name tells the outbox from a business write.
 */

/** A catalog service (express, mongoose, kafkajs); `body` starts at line 6 of src/catalog.ts, with Item and OutboxMessage models. */
const catalog = (body: string): Tree => ({
  "docker-compose.yml": `services:\n  catalog:\n    build: ./services/catalog\n`,
  ...service("services/catalog", ["express", "mongoose", "kafkajs"], {
    "src/models/item.model.ts": `import mongoose from "mongoose";\nexport const Item = mongoose.model("Item", new mongoose.Schema({ name: String }));\n`,
    "src/models/outbox-message.model.ts": `import mongoose from "mongoose";\nexport const OutboxMessage = mongoose.model("OutboxMessage", new mongoose.Schema({ topic: String, body: Object }));\n`,
    "src/catalog.ts": `import mongoose from "mongoose";\nimport { Kafka } from "kafkajs";\nimport { Item } from "./models/item.model";\nimport { OutboxMessage } from "./models/outbox-message.model";\nconst producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\n${body}\n`,
    "src/server.ts": `import express from "express";\nimport { catalog } from "./catalog";\nconst app = express();\napp.post("/v1/items", async (req, res) => res.json(await catalog.add(req.body.name)));\napp.listen(3000);\n`,
  }),
});

ruleTester("dual-write", {
  valid: [
    {
      name: "the class keeps the outbox model as a member and saves a new row of it in the item's transaction; the publish after the commit is a metric",
      files: catalog(
        `class Catalog {\n  private Item = Item;\n  private OutboxMessage = OutboxMessage;\n  async add(name: string) {\n    const session = await mongoose.startSession();\n    session.startTransaction();\n    const item = new this.Item({ name });\n    await item.save({ session });\n    const message = new this.OutboxMessage({ topic: "item-added", body: { name } });\n    await message.save({ session });\n    await session.commitTransaction();\n    await producer.send({ topic: "catalog-metrics", messages: [{ value: "1" }] });\n    return item;\n  }\n}\nexport const catalog = new Catalog();`,
      ),
    },
    {
      name: "an imported outbox model made with new, held by a local and saved",
      files: catalog(
        `export const catalog = {\n  async add(name: string) {\n    const item = await Item.create({ name });\n    const row = new OutboxMessage({ topic: "item-added", body: { name } });\n    await row.save();\n    await producer.send({ topic: "catalog-metrics", messages: [{ value: "1" }] });\n    return item;\n  },\n};`,
      ),
    },
  ],
  invalid: [
    {
      name: "a business document made with new this.Item and saved, then a publish: the write names its model",
      files: catalog(
        `class Catalog {\n  private Item = Item;\n  async add(name: string) {\n    const item = new this.Item({ name });\n    await item.save();\n    await producer.send({ topic: "item-added", messages: [{ value: name }] });\n    return item;\n  }\n}\nexport const catalog = new Catalog();`,
      ),
      errors: [{ messageId: "dualWrite", file: "services/catalog/src/catalog.ts", line: 11, data: { target: "Item", topic: "item-added" } }],
    },
  ],
});
