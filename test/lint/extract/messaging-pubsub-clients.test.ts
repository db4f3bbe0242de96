import { describe, expect, it } from "vitest";
import { facts, lintTree, type Tree } from "../helpers.js";

/**
 * Redis and MQTT clients made in one module and used in another (extract/messaging/pubsub.ts's factory): the module
 * that makes the client records it as a broker object of its system, and the modules importing it publish and
 * subscribe through it without importing redis or mqtt themselves.
 */

const objects = (code: string) => facts(code, "src/bus.ts").transports.filter((t) => t.kind === "object").map((t) => `${t.system} ${t.name}`);

function relay(client: string): Tree {
  return {
    "package.json": { name: "relay", dependencies: { express: "*", redis: "*", ioredis: "*", mqtt: "*", "async-mqtt": "*" } },
    "src/bus.ts": client,
    "src/index.ts": `import express from "express";\nimport { bus } from "./bus";\nconst app = express();\napp.post("/v1/readings", async (req, res) => { await bus.publish("readings.taken", JSON.stringify(req.body)); res.end(); });\nbus.subscribe("readings.corrected", (message: string) => message);\napp.listen(7300);\n`,
  };
}

const topics = (tree: Tree) => lintTree(tree, { only: "dual-write" }).model.topics.map((t) => `${t.system} ${t.role} ${t.topic}`).sort();

describe("[I] a Redis or MQTT client exported by one module, used by another", () => {
  it.each([
    ["redis's createClient", `import { createClient } from "redis";\nexport const bus = createClient({ url: process.env.BUS_URL });\n`, "redis"],
    ["redis's createClient on the namespace", `import * as redis from "redis";\nexport const bus = redis.createClient({ url: process.env.BUS_URL });\n`, "redis"],
    ["ioredis's new Redis", `import Redis from "ioredis";\nexport const bus = new Redis(process.env.BUS_URL);\n`, "redis"],
    ["mqtt.connect", `import mqtt from "mqtt";\nexport const bus = mqtt.connect(process.env.BUS_URL);\n`, "mqtt"],
    ["async-mqtt's connectAsync", `import { connectAsync } from "async-mqtt";\nexport const bus = await connectAsync(process.env.BUS_URL);\n`, "mqtt"],
  ])("%s: the importer's publish and subscribe are topics of that system", (_, client, system) => {
    expect(objects(client)).toEqual([`${system} bus`]);
    expect(topics(relay(client))).toEqual([`${system} consume readings.corrected`, `${system} produce readings.taken`]);
  });

  it("a call named like a client factory but of another library, or another function of the client library, makes no broker", () => {
    expect(objects(`import Redis from "ioredis";\nimport { createClient } from "@supabase/supabase-js";\nexport const bus = createClient(url, key);\n`)).toEqual([]);
    expect(objects(`import { createClient } from "redis";\nexport const bus = createClient.bind(null);\nexport const other = makeClient();\n`)).toEqual([]);
    expect(objects(`import mqtt from "mqtt";\nimport { connect } from "./socket";\nexport const bus = connect(url);\n`)).toEqual([]);
    expect(objects(`import mqtt from "mqtt";\nexport const options = mqtt.parseOptions(url);\nexport const bus = mqtt.connect(url);\n`)).toEqual(["mqtt bus"]);
  });

  it("a module that imports both libraries makes a client of each, and each client's calls are topics of its own system", () => {
    const bridge = `import { createClient } from "redis";\nimport mqtt from "mqtt";\nexport const bus = mqtt.connect(url);\nexport const cache = createClient();\nbus.subscribe("sensors/+");\ncache.publish("sensors.seen", "1");\n`;
    expect(objects(bridge)).toEqual(["mqtt bus", "redis cache"]);
    expect(facts(bridge, "src/bus.ts").topics.map((t) => `${t.system} ${t.role} ${t.topic?.parts.map((p) => (p.kind === "text" ? p.text : "?")).join("")}`)).toEqual(["mqtt consume sensors/+", "redis produce sensors.seen"]);
  });

  it("a module that imports neither library records no broker for a factory of the same name", () => {
    expect(objects(`import { createClient } from "./redis-lite";\nexport const bus = createClient();\n`)).toEqual([]);
    expect(objects(`import { connect } from "./mqtt-lite";\nexport const bus = connect();\n`)).toEqual([]);
  });
});

describe("[U] a file that imports amqplib and redis", () => {
  const produced = (code: string) => facts(code, "src/broker.ts").topics.filter((t) => t.role === "produce").map((t) => `${t.system} ${t.topic.parts.map((p) => (p.kind === "text" ? p.text : `{${p.kind}}`)).join("")}`);

  it("a channel's publish(exchange, routingKey, content) is AMQP's alone; the Redis client's publish(channel, message) is Redis's", () => {
    const code = `import amqp from "amqplib";\nimport { createClient } from "redis";\nconst cache = createClient({ url: process.env.REDIS_URL });\nexport class Broker {\n  private channel!: amqp.Channel;\n  async announce(key: string, body: object) {\n    this.channel.publish("shop.events", key, Buffer.from(JSON.stringify(body)));\n    await cache.publish("shop.changed", key);\n  }\n}\n`;
    expect(produced(code).sort()).toEqual(["amqp shop.events/{unknown}", "redis shop.changed"]);
  });
});
