/**
 * The servers of scripts/postgres.sh, scripts/kafka.sh and scripts/redis.sh are real: PostgreSQL
 * stores and reads back rows; Kafka takes a topic, a keyed message with headers, and a consumer
 * group's commits; Redis counts and expires keys.
 */
import { Admin, Consumer, FetchIsolationLevels, Producer, stringDeserializers, stringSerializers } from "@platformatic/kafka";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDatabase, requireServer, startKafka, stopServers, warmUpServers } from "../helpers/servers.js";
import { redisCommand } from "./helpers/redis-command.js";

beforeAll(() => warmUpServers("postgres", "kafka", "redis"));
afterAll(() => stopServers());

describe("scripts/postgres.sh", () => {
  test("serves a real PostgreSQL: create a database, a table, insert and read back", async (ctx) => {
    const { url } = await requireServer("postgres", ctx);
    expect(url).toMatch(/^postgres:\/\/[^@]+@127\.0\.0\.1:\d+\/postgres$/);

    const database = await createDatabase(url);
    expect(database.url).toBe(url.replace(/\/postgres$/, `/${database.name}`));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const version = await client.query<{ server_version_num: string }>("SHOW server_version_num");
      expect(Number(version.rows[0]!.server_version_num)).toBeGreaterThanOrEqual(130000);
      await client.query("CREATE TABLE orders (id uuid PRIMARY KEY, item text NOT NULL, qty int NOT NULL CHECK (qty > 0))");
      const id = randomUUID();
      await client.query("INSERT INTO orders (id, item, qty) VALUES ($1, $2, $3)", [id, "widget", 3]);
      await expect(client.query("INSERT INTO orders (id, item, qty) VALUES ($1, $2, $3)", [id, "widget", 1])).rejects.toThrow(/duplicate key/);
      const rows = await client.query<{ id: string; item: string; qty: number }>("SELECT id, item, qty FROM orders");
      expect(rows.rows).toEqual([{ id, item: "widget", qty: 3 }]);
      const current = await client.query<{ db: string }>("SELECT current_database() AS db");
      expect(current.rows[0]!.db).toBe(database.name);
    } finally {
      await client.end();
      await database.drop();
    }
    // Dropped: connecting to it fails.
    const gone = new pg.Client({ connectionString: database.url });
    await expect(gone.connect()).rejects.toThrow(/does not exist/);
    await gone.end().catch(() => {});
  });
});

describe("scripts/redis.sh", () => {
  test("serves a real Redis on loopback: a counter that increments and expires", async (ctx) => {
    const { url } = await requireServer("redis", ctx);
    expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const key = `e2e:${randomUUID()}`;
    expect(await redisCommand(url, "INCR", key)).toBe(1);
    expect(await redisCommand(url, "INCR", key)).toBe(2);
    expect(await redisCommand(url, "GET", key)).toBe("2");
    expect(await redisCommand(url, "PEXPIRE", key, "50")).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await redisCommand(url, "GET", key)).toBeNull();
  });
});

describe("scripts/kafka.sh", () => {
  test("serves a real Kafka: create a topic, produce a keyed message with headers, consume it in a group and commit", async (ctx) => {
    const { bootstrap } = await requireServer("kafka", ctx);
    expect(bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);

    const topic = `e2e.servers.${randomUUID()}`;
    const groupId = `e2e-servers-${randomUUID()}`;
    const bootstrapBrokers = [bootstrap];

    const admin = new Admin({ clientId: "e2e-admin", bootstrapBrokers });
    const producer = new Producer({ clientId: "e2e-producer", bootstrapBrokers, serializers: stringSerializers });
    const consumer = new Consumer({ clientId: "e2e-consumer", groupId, bootstrapBrokers, deserializers: stringDeserializers });
    try {
      await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 });
      const metadata = await admin.metadata({ topics: [topic] });
      expect(metadata.topics.get(topic)?.partitionsCount).toBe(2);

      const value = JSON.stringify({ orderId: "o-1", item: "widget", qty: 3 });
      await producer.send({
        messages: [{ topic, key: "o-1", value, headers: { "event-type": "order.created", traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } }],
      });

      const stream = await consumer.consume({ topics: [topic], mode: "earliest", autocommit: false });
      const received = await new Promise<{ key: string; value: string; headers: Map<string, string>; partition: number; offset: bigint; commit: () => unknown }>(
        (resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no message on ${topic} within 30 s`)), 30_000);
          stream.once("data", (message) => {
            clearTimeout(timer);
            resolve(message);
          });
          stream.once("error", reject);
        },
      );
      expect(received.key).toBe("o-1");
      expect(JSON.parse(received.value)).toEqual({ orderId: "o-1", item: "widget", qty: 3 });
      expect(received.headers.get("event-type")).toBe("order.created");
      expect(received.headers.get("traceparent")).toBe("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
      expect(received.offset).toBe(0n);

      await received.commit();
      // The group's committed offset, as the broker holds it: the next offset to read.
      const committed = await admin.listConsumerGroupOffsets({ groups: [groupId] });
      const partitions = committed.find((g) => g.groupId === groupId)?.topics.find((t) => t.name === topic)?.partitions ?? [];
      expect(partitions.find((p) => p.partitionIndex === received.partition)?.committedOffset).toBe(1n);

      await stream.close();
    } finally {
      await consumer.close(true).catch(() => {});
      await producer.close().catch(() => {});
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.close().catch(() => {});
    }
  });

  test("idempotent and transactional producers: a read-committed consumer sees the committed records, not the aborted ones", async (ctx) => {
    const { bootstrap } = await requireServer("kafka", ctx);
    const topic = `e2e.tx.${randomUUID()}`;
    const bootstrapBrokers = [bootstrap];

    const admin = new Admin({ clientId: "e2e-admin", bootstrapBrokers });
    const idempotent = new Producer({ clientId: "e2e-idempotent", bootstrapBrokers, serializers: stringSerializers, idempotent: true });
    const transactional = new Producer({
      clientId: "e2e-transactional",
      bootstrapBrokers,
      serializers: stringSerializers,
      idempotent: true,
      transactionalId: `e2e-tx-${randomUUID()}`,
    });
    const consumer = new Consumer({ clientId: "e2e-consumer", groupId: `e2e-tx-${randomUUID()}`, bootstrapBrokers, deserializers: stringDeserializers });
    try {
      await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
      await idempotent.send({ messages: [{ topic, key: "k", value: "idempotent" }] });

      const committed = await transactional.beginTransaction();
      await committed.send({ messages: [{ topic, key: "k", value: "committed" }] });
      await committed.commit();
      const aborted = await transactional.beginTransaction();
      await aborted.send({ messages: [{ topic, key: "k", value: "aborted" }] });
      await aborted.abort();
      await idempotent.send({ messages: [{ topic, key: "k", value: "last" }] });

      const stream = await consumer.consume({ topics: [topic], mode: "earliest", autocommit: false, isolationLevel: FetchIsolationLevels.READ_COMMITTED });
      const values: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`read ${JSON.stringify(values)} from ${topic} within 30 s, expected 3 records`)), 30_000);
        stream.on("data", (message: { value: string }) => {
          values.push(message.value);
          if (message.value === "last") {
            clearTimeout(timer);
            resolve();
          }
        });
        stream.once("error", reject);
      });
      expect(values).toEqual(["idempotent", "committed", "last"]);
      await stream.close();
    } finally {
      await consumer.close(true).catch(() => {});
      await transactional.close().catch(() => {});
      await idempotent.close().catch(() => {});
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.close().catch(() => {});
    }
  });

  test("pause and resume: the broker comes back on the same address with its topics and the group's offsets", async (ctx) => {
    const kafka = await requireServer("kafka", ctx);
    const topic = `e2e.outage.${randomUUID()}`;
    const groupId = `e2e-outage-${randomUUID()}`;
    const bootstrapBrokers = [kafka.bootstrap];

    const produce = async (key: string): Promise<void> => {
      const producer = new Producer({ clientId: "e2e-producer", bootstrapBrokers, serializers: stringSerializers, autocreateTopics: true });
      try {
        await producer.send({ messages: [{ topic, key, value: key }] });
      } finally {
        await producer.close();
      }
    };
    const consumeOne = async (): Promise<string> => {
      const consumer = new Consumer({ clientId: "e2e-consumer", groupId, bootstrapBrokers, deserializers: stringDeserializers });
      try {
        const stream = await consumer.consume({ topics: [topic], mode: "committed", fallbackMode: "earliest", autocommit: false });
        const message = await new Promise<{ key: string; commit: () => unknown }>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no message on ${topic} within 30 s`)), 30_000);
          stream.once("data", (m) => {
            clearTimeout(timer);
            resolve(m);
          });
          stream.once("error", reject);
        });
        await message.commit();
        await stream.close();
        return message.key;
      } finally {
        await consumer.close(true).catch(() => {});
      }
    };

    const admin = new Admin({ clientId: "e2e-admin", bootstrapBrokers });
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    await admin.close();
    await produce("before");
    expect(await consumeOne()).toBe("before");

    // A crash (SIGKILL), then the broker back from its data.
    await kafka.pause({ crash: true });
    await kafka.resume();
    // `start` finds the same broker: same address.
    expect((await startKafka()).bootstrap).toBe(kafka.bootstrap);

    await produce("after");
    // The group resumes from its committed offset: the message from before the outage is not read again.
    expect(await consumeOne()).toBe("after");
  });
});
