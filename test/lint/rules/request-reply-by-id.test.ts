import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * Request-reply written by hand over RabbitMQ: the gateway sends a request carrying an id of its own and waits for
 * the event the reply consumer fires under that id (`replies.once(requestId, …)`); the catalog service reads the
 * requests on a channel its own helper module opened, acks each, and answers. The request is a call, not an event:
 * no dual write beside it; the catalog answers requests, so it takes part in traces.
 */

/** The gateway (express, mongodb, amqplib): its route starts at line 9 of src/server.ts. */
const gateway = (route: string): Tree =>
  service("services/gateway", ["express", "mongodb", "amqplib", "uuid"], {
    "src/replies.ts": `import { EventEmitter } from "node:events";\nexport const replies = new EventEmitter();\n`,
    "src/server.ts": `import express from "express";
import amqp from "amqplib";
import { MongoClient } from "mongodb";
import { v4 } from "uuid";
import { replies } from "./replies";
const db = new MongoClient(process.env.MONGO_URL!).db("gateway");
const app = express();
const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
${route}
app.listen(3000);
`,
  });

/** The catalog: src/broker.ts opens the channel, src/server.ts (no amqplib import) consumes the requests and answers. */
const catalog: Tree = service("services/catalog", ["amqplib", "mongoose"], {
  "src/broker.ts": `import amqp from "amqplib";\nexport async function openChannel() {\n  return (await amqp.connect(process.env.AMQP_URL!)).createChannel();\n}\n`,
  "src/server.ts": `import { openChannel } from "./broker";
const channel = await openChannel();
channel.consume("catalog-requests", (msg) => {
  const { requestId, sku } = JSON.parse(msg.content.toString());
  channel.publish("", "catalog-replies", Buffer.from(JSON.stringify({ requestId, sku, price: 10 })));
  channel.ack(msg);
});
`,
});

const compose = { "docker-compose.yml": "services:\n  gateway:\n    build: ./services/gateway\n  catalog:\n    build: ./services/catalog\n" };

const askingRoute = `app.get("/v1/prices/:sku", async (req, res) => {
  await db.collection("lookups").insertOne({ sku: req.params.sku });
  const requestId = v4();
  channel.sendToQueue("catalog-requests", Buffer.from(JSON.stringify({ requestId, sku: req.params.sku })));
  replies.once(requestId, (price) => res.json(price));
});`;

ruleTester("dual-write", {
  valid: [{ name: "a request whose answer the route waits for under the id it sent is a call, not an event", files: { ...compose, ...gateway(askingRoute), ...catalog } }],
  invalid: [
    {
      name: "a message that carries an id no listener waits on is an event",
      files: { ...compose, ...gateway(askingRoute.replace("replies.once(requestId, (price) => res.json(price));", `replies.once("price", (price) => res.json(price));`)), ...catalog },
      errors: [{ messageId: "dualWrite", file: "services/gateway/src/server.ts", line: 12, data: { topic: "catalog-requests", system: "amqp" } }],
    },
  ],
});

describe("[U] missing-tracing: a service that answers requests sent by hand", () => {
  it("reports the catalog, which reads the gateway's requests on a channel its helper opened", () => {
    const result = lintTree({ ...compose, ...gateway(askingRoute), ...catalog }, { only: "missing-tracing" });
    const catalogFinding = result.findings.find((f) => f.message.startsWith("catalog "));
    expect(catalogFinding?.message).toContain("answers amqp requests catalog-requests");
  });
});
