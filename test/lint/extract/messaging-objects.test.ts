import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";
import type { ModelTopic } from "../../../src/lint/types.js";

const describeModel = (t: ModelTopic) => `${t.service} ${t.system} ${t.role} ${t.topic}`;
const server = `import express from "express";\nconst app = express();\napp.listen(3000);\n`;

describe("[I] messaging: connections, queues and topic names that other modules export", () => {
  const tree: Tree = {
    // A published copy of this package is what the services install: the scan cannot follow "@tix/common" to it.
    "common/package.json": { name: "@tix/common", main: "build/index.js" },
    "common/src/subjects.ts": `export const ORDER_CREATED = "order:created";\nexport const EXPIRATION_COMPLETE = "expiration:complete";\n`,
    ...service("expiration", ["bull", "node-nats-streaming", "@tix/common"], {
      "src/server.ts": `import { ORDER_CREATED } from "@tix/common";
import { stan } from "./nats";
import { expirationQueue } from "./queue";
stan.subscribe(ORDER_CREATED, "expiration-group").on("message", async (msg) => {
  await expirationQueue.add({ id: msg.getData() }, { delay: 1000 });
});
`,
      "src/nats.ts": `import nats from "node-nats-streaming";\nexport const stan = nats.connect(process.env.NATS_CLUSTER_ID!, "expiration", { url: process.env.NATS_URL });\n`,
      "src/queue.ts": `import Queue from "bull";
import { EXPIRATION_COMPLETE } from "@tix/common";
import { stan } from "./nats";
export const expirationQueue = new Queue("order:expiration", { redis: { host: process.env.REDIS_HOST } });
expirationQueue.process(async () => {
  stan.publish(EXPIRATION_COMPLETE, "{}");
});
`,
      // Not brokers: an event bus of the project's own, a set named like a queue.
      "src/bus.ts": `import { EventEmitter } from "node:events";\nexport const bus = new EventEmitter();\nexport const retryQueue = new Set<string>();\n`,
      "src/other.ts": `import { bus, retryQueue } from "./bus";\nbus.publish("not-a-subject", 1);\nretryQueue.add("x");\n`,
    }),
    ...service("orders", ["kafkajs", "express"], {
      "src/server.ts": server,
      "src/producer.js": `const { Kafka } = require("kafkajs");\nconst { ORDER_PLACED } = require("./topics");\nasync function publish(producer, order) {\n  await producer.send({ topic: ORDER_PLACED, messages: [{ value: order }] });\n}\nmodule.exports = { publish };\n`,
      "src/redis.ts": `import Redis from "ioredis";\nexport const pub = new Redis(process.env.REDIS_URL);\n`,
      "src/cache.ts": `import { pub } from "./redis";\nexport const invalidate = (key: string) => pub.publish("cache:invalidate", key);\n`,
      // CommonJS constants: a file with nothing else in it is still read for its names.
      "src/topics.js": `module.exports = {\n  ORDER_PLACED: "order-placed",\n};\n`,
    }),
  };
  const result = lintTree(tree);

  it("a call on an imported connection or queue takes that object's system, and a queue's name", () => {
    expect(result.model.topics.map(describeModel).sort()).toEqual(
      [
        "expiration nats-streaming consume order:created",
        "expiration bull produce order:expiration",
        "expiration bull consume order:expiration",
        "expiration nats-streaming produce expiration:complete",
        "orders kafka produce order-placed",
        "orders redis produce cache:invalidate",
      ].sort(),
    );
  });

  it("says which import and which object", () => {
    const add = result.model.topics.find((t) => t.system === "bull" && t.role === "produce")!;
    expect(add.location).toMatchObject({ file: "expiration/src/server.ts", line: 5 });
    expect(add.resolution).toBe("expirationQueue from ./queue, made at expiration/src/queue.ts:4");
  });
});

describe("[U] messaging: broker objects a module exports", () => {
  it("each module-level connection or queue is an object fact at the line it is made, with its system and topic", async () => {
    const { facts } = await import("../helpers.js");
    const f = facts(`import nats from "node-nats-streaming";\nimport Queue from "bull";\n\nexport const stan = nats.connect("tix", "expiration", { url: process.env.NATS_URL });\nexport const expirationQueue = new Queue("order:expiration");\n`, "src/brokers.ts");
    expect(f.transports.filter((t) => t.kind === "object").map((t) => `${t.system} ${t.name}${t.topic ? ` ${t.topic.parts.map((p) => (p.kind === "text" ? p.text : "?")).join("")}` : ""} @${t.location.line}:${t.location.column}`)).toEqual([
      "nats-streaming stan @4:21",
      "bull expirationQueue order:expiration @5:32",
    ]);
  });
});
