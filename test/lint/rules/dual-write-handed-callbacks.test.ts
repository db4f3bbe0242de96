import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A subscribe helper that takes the handler as a parameter: the broker's `eachMessage` callback is the helper's own and
 * runs `onEvent(topic, body)`, and the service's start-up hands it a function that dispatches on the topic to named
 * handlers. Each named handler that writes and then publishes is a dual write of the messages it answers. The publish
 * helper is required inside each handler (a require put off until it runs), as the file's import all the same.
 */

/** The billing service; `handlers` is the body of the Dispatcher class (lines from 4 of src/events/dispatch.js). */
const billing = (handlers: string, handOver = "(topic, body) => dispatcher.route(topic, body)"): Tree => ({
  "docker-compose.yml": `services:\n  billing:\n    build: ./billing\n`,
  ...service("billing", ["express", "kafkajs", "mongoose"], {
    "src/bus/listener.js": `const { Kafka } = require("kafkajs");
class QueueListener {
  constructor() {
    this.consumer = new Kafka({ brokers: [process.env.BROKERS] }).consumer({ groupId: "billing" });
  }
  async listen(queues, onEvent) {
    await this.consumer.connect();
    for (const queue of queues) await this.consumer.subscribe({ topic: queue });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const body = JSON.parse(message.value.toString());
        await onEvent(topic, body);
      },
    });
  }
}
module.exports = new QueueListener();
`,
    "src/bus/sender.js": `const { Kafka } = require("kafkajs");
const producer = new Kafka({ brokers: [process.env.BROKERS] }).producer();
async function send(topic, body) {
  await producer.send({ topic, messages: [{ value: JSON.stringify(body) }] });
}
module.exports = { send };
`,
    "src/models/invoice.js": `const mongoose = require("mongoose");\nmodule.exports = mongoose.model("Invoice", new mongoose.Schema({ id: String }));\n`,
    "src/events/dispatch.js": `const Invoice = require("../models/invoice");
class Dispatcher {
  async route(topic, body) {
${handlers}
}
module.exports = new Dispatcher();
`,
    "src/index.js": `const express = require("express");
const mongoose = require("mongoose");
const listener = require("./bus/listener");
const dispatcher = require("./events/dispatch");
const app = express();
app.get("/v1/health", (req, res) => res.send("ok"));
mongoose.connect(process.env.MONGO_URL);
listener.listen(["invoice.requested", "invoice.voided"], ${handOver});
app.listen(3000);
`,
  }),
});

/** Two named handlers behind a switch, each writing then publishing (publishes at lines 15 and 21). */
const bothPublish = `    switch (topic) {
      case "invoice.requested":
        await this.onRequested(body);
        break;
      case "invoice.voided":
        await this.onVoided(body);
        break;
    }
  }
  async onRequested(body) {
    const invoice = await Invoice.create(body);
    const sender = require("../bus/sender");
    await sender.send("invoice.issued", invoice);
  }
  async onVoided(body) {
    await Invoice.deleteOne({ id: body.id });
    const sender = require("../bus/sender");
    await sender.send("invoice.cancelled", body);
  }`;

/** The same handlers, each telling the shared send helper a topic it computes: the helper's own publish is each pair's. */
const computedTopics = bothPublish.replace('send("invoice.issued", invoice)', "send(topicOf(body), invoice)").replace('send("invoice.cancelled", body)', "send(topicOf(body), body)");

ruleTester("dual-write", {
  valid: [
    {
      name: "the handlers only write: nothing is published for the messages",
      files: billing(`    if (topic === "invoice.requested") await this.onRequested(body);
  }
  async onRequested(body) {
    await Invoice.create(body);
  }`),
    },
  ],
  invalid: [
    {
      name: "each named handler the handed-over dispatcher calls writes and then publishes: one finding each",
      files: billing(bothPublish),
      errors: [
        { messageId: "dualWrite", file: "billing/src/events/dispatch.js", line: 16, data: { topic: "invoice.issued", system: "kafka" } },
        { messageId: "dualWrite", file: "billing/src/events/dispatch.js", line: 21, data: { topic: "invoice.cancelled", system: "kafka" } },
      ],
    },
    {
      name: "a publish helper both handlers reach, told a topic it cannot read: each handler's own path to it pairs its write",
      files: billing(computedTopics),
      errors: [
        { messageId: "dualWrite", file: "billing/src/bus/sender.js", line: 4, data: { topic: "{topic}", system: "kafka" } },
        { messageId: "dualWrite", file: "billing/src/bus/sender.js", line: 4, data: { topic: "{topic}", system: "kafka" } },
      ],
    },
    {
      name: "a named function handed over (not written at the call) is followed the same way",
      files: billing(bothPublish, "dispatcher.route.bind(dispatcher)"),
      errors: [
        { messageId: "dualWrite", file: "billing/src/events/dispatch.js", line: 16, data: { topic: "invoice.issued", system: "kafka" } },
        { messageId: "dualWrite", file: "billing/src/events/dispatch.js", line: 21, data: { topic: "invoice.cancelled", system: "kafka" } },
      ],
    },
  ],
});
