import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";
import { topics } from "./messaging-facts.js";

/**
 * Google Cloud Pub/Sub: a topic published to (`topic(name).publishMessage`), a subscription received from
 * (`subscription(name).on("message", handler)`), on a client made in the file or in another module of the project.
 */
describe("[U] messaging: Google Cloud Pub/Sub", () => {
  it("publish forms and a subscription's message handler, written in place or held by a local", () => {
    const code = [
      `import { PubSub } from "@google-cloud/pubsub";`,
      `const pubsub = new PubSub({ projectId: "shop" });`,
      `export async function announce(order: object) {`,
      `  await pubsub.topic("orders-placed").publishMessage({ json: order });`,
      `  const audit = pubsub.topic("audit");`,
      `  await audit.publish(Buffer.from("x"));`,
      `}`,
      `const inbox = pubsub.subscription("billing-inbox");`,
      `inbox.on("message", (message) => message.ack());`,
      `inbox.on("error", (error) => console.error(error));`,
      ``,
    ].join("\n");
    expect(topics(code)).toEqual(["gcp-pubsub produce orders-placed", "gcp-pubsub produce audit", "gcp-pubsub consume billing-inbox"]);
  });

  it("not Pub/Sub: a topic().publish() on an object of a file that neither imports the library nor a project client", () => {
    expect(topics(`import { bus } from "event-lib";\nbus.topic("x").publish("y");\n`)).toEqual([]);
  });

  it("a client another module exports: a write then a publish in one handler is a dual write on Pub/Sub", () => {
    const result = lintTree({
      ...service("services/members", ["express", "mongoose", "@google-cloud/pubsub"], {
        "src/pubsub.ts": `import { PubSub } from "@google-cloud/pubsub";\nexport default new PubSub({ projectId: process.env.GCP_PROJECT });\n`,
        "src/models/member.ts": `import mongoose from "mongoose";\nexport const Member = mongoose.model("Member", new mongoose.Schema({ name: String }));\nmongoose.connect(process.env.MONGO_URL ?? "mongodb://members-db/members");\n`,
        "src/server.ts": `import express from "express";\nimport client from "./pubsub";\nimport { Member } from "./models/member";\nconst app = express();\napp.post("/v1/members", async (req, res) => {\n  const member = await Member.create(req.body);\n  await client.topic("member-joined").publishMessage({ json: member });\n  res.status(201).json(member);\n});\napp.listen(3000);\n`,
      }),
    }, { only: "dual-write" });
    expect(result.model.topics.map((t) => `${t.service} ${t.system} ${t.role} ${t.topic}`)).toEqual(["members gcp-pubsub produce member-joined"]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`)).toEqual(["dual-write services/members/src/server.ts:7"]);
  });
});
