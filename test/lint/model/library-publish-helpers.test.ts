import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

// A workspace with a shared package that holds the broker code and the event names, and two services that publish
// through its helper, each passing the package's constants: the shape of many event-driven monorepos.
const SHARED_PUBLISH = `import { channel } from "./connection";\nexport async function emit(exchange: string, key: string, body: unknown): Promise<void> {\n  const ch = channel();\n  await ch.assertExchange(exchange, "topic", { durable: true });\n  await new Promise<void>((resolve, reject) => {\n    ch.publish(exchange, key, Buffer.from(JSON.stringify(body)), { persistent: true }, (err) => (err ? reject(err) : resolve()));\n  });\n}\n`;

function tree(publishFile = SHARED_PUBLISH): Tree {
  const app = (name: string, exchange: string, key: string) =>
    service(`services/${name}`, ["express", "pg", "@fleet/events"], {
      "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { emit, EXCHANGES, KEYS } from "@fleet/events";\nconst db = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.post("/v1/${name}", async (req, res) => {\n  await db.query("INSERT INTO ${name} (id) VALUES ($1)", [req.body.id]);\n  await emit(EXCHANGES.${exchange}, KEYS.${key}, req.body);\n  res.status(201).end();\n});\napp.listen(3000);\n`,
    });
  return {
    "package.json": { name: "fleet", private: true, workspaces: ["packages/*", "services/*"] },
    "packages/events/package.json": { name: "@fleet/events", main: "src/index.ts", dependencies: { amqplib: "*" } },
    "packages/events/src/index.ts": `export * from "./publish";\nexport * from "./names";\n`,
    "packages/events/src/names.ts": `export const EXCHANGES = { TRIPS: "trips.events", DRIVERS: "drivers.events" } as const;\nexport const KEYS = { TRIP_BOOKED: "trip.booked", DRIVER_JOINED: "driver.joined" } as const;\n`,
    "packages/events/src/connection.ts": `import amqp from "amqplib";\nlet ch: any;\nexport async function open(url: string) {\n  ch = await (await amqp.connect(url)).createConfirmChannel();\n}\nexport const channel = () => ch;\n`,
    "packages/events/src/publish.ts": publishFile,
    ...app("trips", "TRIPS", "TRIP_BOOKED"),
    ...app("drivers", "DRIVERS", "DRIVER_JOINED"),
    "docker-compose.yml": `services:\n  trips:\n    build: ./services/trips\n  drivers:\n    build: ./services/drivers\n  rabbit:\n    image: rabbitmq:3\n`,
  };
}

const named = (result: ReturnType<typeof lintTree>) =>
  result.model.topics
    .filter((t) => !t.topic.includes("{"))
    .map((t) => `${t.service} ${t.role} ${t.system} ${t.topic} ${t.location.file}:${t.location.line}`)
    .sort();

describe("[I] a publish helper of a shared package, told its exchange and key by each service", () => {
  it("publishes, in each calling service, the topic its constants name, at the call", () => {
    const result = lintTree(tree());
    expect(named(result)).toEqual(["drivers produce amqp drivers.events/driver.joined services/drivers/src/server.ts:8", "trips produce amqp trips.events/trip.booked services/trips/src/server.ts:8"]);
  });

  it("also when the helper (not async) returns the promise whose executor publishes", () => {
    const returning = SHARED_PUBLISH.replace("export async function", "export function").replace("  await ch.assertExchange", "  ch.assertExchange").replace("  await new Promise<void>(", "  return new Promise<void>(");
    expect(returning).not.toBe(SHARED_PUBLISH);
    expect(named(lintTree(tree(returning)))).toEqual(["drivers produce amqp drivers.events/driver.joined services/drivers/src/server.ts:8", "trips produce amqp trips.events/trip.booked services/trips/src/server.ts:8"]);
  });

  it("makes the write and the publish of one handler a dual write, the evidence passing through the call", () => {
    const result = lintTree(tree(), { only: "dual-write" });
    expect(result.findings.map((f) => `${f.data?.service} ${f.data?.topic} ${f.location.file}:${f.location.line}`).sort()).toEqual([
      "drivers drivers.events/driver.joined services/drivers/src/server.ts:8",
      "trips trips.events/trip.booked services/trips/src/server.ts:8",
    ]);
  });

  it("not when the package's function only makes the publisher (the closure it returns publishes later, when called)", () => {
    const factory = `import { channel } from "./connection";\nexport function emit(exchange: string, key: string, body: unknown) {\n  channel().assertExchange(exchange, "topic");\n  return () => channel().publish(exchange, key, Buffer.from(JSON.stringify(body)));\n}\n`;
    expect(named(lintTree(tree(factory)))).toEqual([]);
  });
});
