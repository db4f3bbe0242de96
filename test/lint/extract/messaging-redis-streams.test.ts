import { describe, expect, it } from "vitest";
import { ruleTester, service, type Tree } from "../helpers.js";
import { topics } from "./messaging-facts.js";

/**
 * Redis streams (extract/messaging/redis-streams.ts): XADD appends an event to a stream, XREAD and XREADGROUP read
 * streams, in ioredis's argument lists and node-redis 4's objects, on any client (the command names are Redis's alone).
 */

describe("[U] Redis stream commands are topics of redis (lead22)", () => {
  it("ioredis: xadd appends to its first argument; xreadgroup and xread read the keys after STREAMS, not the ids", () => {
    expect(topics(`import { bus } from "./bus";\nexport async function shipped(id: string) {\n  await bus.xadd("parcel-events", "*", "id", id);\n}\n`)).toEqual(["redis produce parcel-events"]);
    expect(topics(`import { bus } from "./bus";\nexport async function drain() {\n  return bus.xreadgroup("GROUP", "couriers", "c1", "COUNT", 10, "BLOCK", 5000, "STREAMS", "parcel-events", "returns", ">", ">");\n}\n`)).toEqual(["redis consume parcel-events", "redis consume returns"]);
    expect(topics(`import Redis from "ioredis";\nconst r = new Redis();\nexport const peek = () => r.xread("BLOCK", 0, "STREAMS", "parcel-events", "$");\n`)).toEqual(["redis consume parcel-events"]);
  });

  it("node-redis 4: xAdd's key, xReadGroup's and xRead's { key } objects", () => {
    expect(topics(`import { createClient } from "redis";\nconst r = createClient();\nexport const add = (id: string) => r.xAdd("parcel-events", "*", { id });\nexport const read = () => r.xReadGroup("couriers", "c1", [{ key: "parcel-events", id: ">" }, { key: "returns", id: ">" }]);\nexport const tail = () => r.xRead({ key: "audit", id: "$" });\n`)).toEqual(["redis produce parcel-events", "redis consume parcel-events", "redis consume returns", "redis consume audit"]);
  });

  it("a call of that name with too few arguments, or a STREAMS list whose keys cannot be told from its ids, is no topic", () => {
    expect(topics(`export const add = (x: { xadd(a: string): void }) => x.xadd("only");\nexport const read = (r: any, keys: string[]) => r.xread("STREAMS", ...keys);\n`)).toEqual([]);
  });
});

/** An orders service (express, pg) whose POST route saves an order, then hands `publish` the id (line 7 of src/server.ts). */
const orders = (publish: string, outside = ""): Tree => ({
  "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n`,
  ...service("services/orders", ["express", "pg", "ioredis"], {
    "src/stream.ts": `import Redis from "ioredis";\nexport const stream = new Redis(process.env.STREAM_URL!);\n`,
    "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { stream } from "./stream";\nconst db = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  const { rows } = await db.query("INSERT INTO orders (item) VALUES ($1) RETURNING id", [req.body.item]);\n${publish}\n  res.sendStatus(201);\n});\n${outside}app.listen(3000);\n`,
  }),
});

ruleTester("dual-write", {
  valid: [
    {
      name: "reading a stream after the write publishes nothing; a timer outside any request appends the events",
      files: orders(`  await stream.xread("COUNT", 1, "STREAMS", "order-events", "0");`, `setInterval(async () => {\n  await stream.xadd("order-events", "*", "tick", "1");\n}, 1000);\n`),
    },
  ],
  invalid: [
    {
      name: "a row inserted, then an event appended to a Redis stream: two operations (lead22)",
      files: orders(`  await stream.xadd("order-events", "*", "id", String(rows[0].id));`),
      errors: [{ messageId: "dualWrite", file: "services/orders/src/server.ts", line: 8, data: { service: "orders", target: "orders", topic: "order-events", system: "redis" } }],
    },
  ],
});
