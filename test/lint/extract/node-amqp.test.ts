import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/**
 * The old `amqp` package: the connection's address, an exchange's publishes and a queue's bindings and subscription,
 * found through the local an exchange or queue is kept in or the callback it is handed to.
 */

const SOURCE = [
  "const amqp = require('amqp');",
  "const BROKER = 'amqp://guest:guest@bus-host:5672';",
  "const link = amqp.createConnection({ url: BROKER });",
  "link.on('ready', () => {",
  "  link.exchange('parcels', { type: 'topic' }, function (parcels) {",
  "    parcels.publish('parcel.sent', JSON.stringify({ id: 1 }));",
  "  });",
  "  const inbox = link.queue('depot-inbox', { durable: true });",
  "  inbox.bind('parcels', 'parcel.*');",
  "  inbox.subscribe(function onParcel(message) { console.log(message); });",
  "});",
].join("\n");

describe("[U] node-amqp", () => {
  it("reads the broker address, the exchange's publish, and the queue's bind and subscribe", () => {
    const f = facts(SOURCE, "src/depot.js");
    expect(f.brokerAddresses?.map((b) => [b.system, b.library, b.location.line])).toEqual([["amqp", "amqp", 3]]);
    const topics = f.topics.map((t) => `${t.role} ${t.topic.parts.map((p) => (p.kind === "text" ? p.text : "?")).join("")} L${t.location.line}`);
    expect(topics).toEqual(["produce parcels/parcel.sent L6", "consume parcels/parcel.* L9", "consume depot-inbox L10"]);
  });
});
