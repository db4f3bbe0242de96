// `npm run bench -- saga`: the order saga (generated orders + inventory, as test/e2e/saga.e2e.ts
// builds it) on real PostgreSQL and Kafka started by scripts/postgres.sh and scripts/kafka.sh.
// Two phases, orders for an item in stock:
// 1. capacity: SAGA_BENCH_CONCURRENCY (8) clients create orders as fast as the API takes them for
//    SAGA_BENCH_CAPACITY_SECONDS (15) s (closed loop); figures: orders/s the API created, orders/s
//    the saga confirmed (first POST to last confirmation).
// 2. sustained: orders at a fixed rate (open loop; SAGA_BENCH_RATE, default half the confirmed rate
//    of phase 1) for SAGA_BENCH_SECONDS (60) s; figures: orders created per second, how many were
//    still pending when the load stopped, and p50/p99/max of the time from sending POST /v1/orders
//    to the confirmation (orders.settled_at, written by the saga handler; same machine clock).
// The services run with their defaults (OUTBOX_POLL_INTERVAL_MS 500) and tracing off;
// SAGA_BENCH_POLL_MS sets the outbox poll interval of both.
// One measured run (--runs does not apply: each run takes over a minute).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import {
  REPO_DIR,
  SAGA_SERVICES,
  ServiceProcess,
  freePort,
  generateSagaWorkspace,
  installAndBuild,
  prepareKafka,
  writeSagaCode,
} from "../../test/e2e/helpers/saga-app.mjs";

function script(name, command) {
  try {
    return { ok: true, out: execFileSync(join(REPO_DIR, "scripts", `${name}.sh`), [command], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 15 * 60_000 }).trim() };
  } catch (error) {
    return { ok: false, out: String(error.stdout ?? "").trim(), err: String(error.stderr ?? error.message) };
  }
}

function startServer(name) {
  const wasRunning = script(name, "status").ok;
  const started = script(name, "start");
  if (!started.ok) throw new Error(`scripts/${name}.sh start failed:\n${started.err}`);
  return { address: started.out.split("\n").at(-1), stop: () => (wasRunning ? undefined : script(name, "stop")) };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

export default async function saga() {
  const seconds = Number(process.env.SAGA_BENCH_SECONDS ?? 60);
  const concurrency = Number(process.env.SAGA_BENCH_CONCURRENCY ?? 8);
  const capacitySeconds = Number(process.env.SAGA_BENCH_CAPACITY_SECONDS ?? 15);
  const run = Math.random().toString(16).slice(2, 10);
  const tmp = mkdtempSync(join(tmpdir(), "saga-bench-"));
  const cleanups = [];
  try {
    console.log("building the workspace (create-service orders + inventory, npm install, npm run build) and starting the servers ...");
    const postgres = startServer("postgres");
    cleanups.push(() => postgres.stop());
    const kafka = startServer("kafka");
    cleanups.push(() => kafka.stop());
    const dirs = await generateSagaWorkspace(join(tmp, "ws"));
    writeSagaCode(dirs);
    await installAndBuild(dirs);

    const admin = new pg.Client({ connectionString: postgres.address });
    await admin.connect();
    const database = async (name) => {
      await admin.query(`CREATE DATABASE ${name}`);
      cleanups.push(() => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      const url = new URL(postgres.address);
      url.pathname = `/${name}`;
      return url.toString();
    };
    cleanups.push(() => admin.end());
    const ordersUrl = await database(`bench_orders_${run}`);
    const inventoryUrl = await database(`bench_inventory_${run}`);
    const groups = { orders: `orders-bench-${run}`, inventory: `inventory-bench-${run}` };
    await prepareKafka(kafka.address, { [groups.orders]: SAGA_SERVICES.orders.consumes, [groups.inventory]: SAGA_SERVICES.inventory.consumes });

    const common = { HOST: "127.0.0.1", LOG_LEVEL: "warn", KAFKA_BROKERS: kafka.address };
    if (process.env.SAGA_BENCH_POLL_MS) common.OUTBOX_POLL_INTERVAL_MS = process.env.SAGA_BENCH_POLL_MS;
    const orders = new ServiceProcess({ name: "orders", dir: dirs.orders, logFile: join(tmp, "logs/orders.log"), env: { ...common, PORT: String(await freePort()), DATABASE_URL: ordersUrl, KAFKA_GROUP_ID: groups.orders } });
    const inventory = new ServiceProcess({ name: "inventory", dir: dirs.inventory, logFile: join(tmp, "logs/inventory.log"), env: { ...common, PORT: String(await freePort()), DATABASE_URL: inventoryUrl, KAFKA_GROUP_ID: groups.inventory } });
    cleanups.push(() => orders.kill(), () => inventory.kill());
    await Promise.all([orders.start(), inventory.start()]);

    const ordersDb = new pg.Pool({ connectionString: ordersUrl, max: 2 });
    const inventoryDb = new pg.Pool({ connectionString: inventoryUrl, max: 2 });
    cleanups.push(() => ordersDb.end(), () => inventoryDb.end());
    const item = `bench-${run}`;
    await inventoryDb.query("INSERT INTO inventory_stock (item, available) VALUES ($1, 100000000)", [item]);

    // Warm-up: a few orders through the whole saga (JIT, connections, group assignment).
    const post = async () => {
      const sentAt = Date.now();
      const response = await fetch(`${orders.baseUrl}/v1/orders`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: item }), signal: AbortSignal.timeout(30_000) });
      const body = await response.json();
      if (response.status !== 201) throw new Error(`POST /v1/orders answered ${response.status}: ${JSON.stringify(body)}`);
      return { id: body.id, sentAt };
    };
    const warm = [];
    for (let i = 0; i < 20; i += 1) warm.push((await post()).id);
    const settledCount = async (ids) => (await ordersDb.query("SELECT count(*)::int AS n FROM orders WHERE id = ANY($1::uuid[]) AND status <> 'pending'", [ids])).rows[0].n;
    for (let deadline = Date.now() + 60_000; (await settledCount(warm)) < warm.length; ) {
      if (Date.now() > deadline) throw new Error(`warm-up orders not settled within 60 s\n${orders.logTail()}\n${inventory.logTail()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const waitSettled = async (ids, timeoutMs, what) => {
      const deadline = Date.now() + timeoutMs;
      while ((await settledCount(ids)) < ids.length) {
        if (Date.now() > deadline) throw new Error(`${what}: orders not all settled within ${timeoutMs / 1000} s\n${orders.logTail()}\n${inventory.logTail()}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    const settledRows = async (ids) =>
      new Map(
        (await ordersDb.query("SELECT id::text, status, (extract(epoch FROM settled_at) * 1000)::float8 AS settled_ms FROM orders WHERE id = ANY($1::uuid[])", [ids])).rows.map((row) => [row.id, row]),
      );

    // Phase 1, capacity: clients create orders as fast as the API takes them (closed loop); the API
    // outruns the consumers, so what counts is how fast orders get confirmed.
    console.log(`capacity: ${concurrency} clients creating orders as fast as they can for ${capacitySeconds} s ...`);
    const burst = [];
    let errors = 0;
    const burstStart = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < burstStart + capacitySeconds * 1000) {
          try {
            burst.push(await post());
          } catch {
            errors += 1;
          }
        }
      }),
    );
    const burstMs = Date.now() - burstStart;
    const burstIds = burst.map((b) => b.id);
    await waitSettled(burstIds, 600_000, "capacity phase");
    const burstRows = await settledRows(burstIds);
    const burstLast = Math.max(...[...burstRows.values()].map((row) => row.settled_ms));
    const capacity = {
      created: burstIds.length,
      apiCreatedPerSecond: burstIds.length / (burstMs / 1000),
      confirmedPerSecond: burstIds.length / ((burstLast - burstStart) / 1000),
    };
    console.log(
      `  API: ${capacity.apiCreatedPerSecond.toFixed(0)} orders/s created; saga: ${capacity.confirmedPerSecond.toFixed(0)} orders/s confirmed (${capacity.created} orders)`,
    );

    // Phase 2, sustained: orders at a fixed rate (open loop) for `seconds`; the saga must keep up.
    const rate = Number(process.env.SAGA_BENCH_RATE ?? Math.max(1, Math.floor(capacity.confirmedPerSecond * 0.5)));
    console.log(`sustained: ${rate} orders/s for ${seconds} s (SAGA_BENCH_RATE; default half the capacity) ...`);
    const sent = [];
    const inFlight = new Set();
    const started = Date.now();
    let dropped = 0;
    for (let i = 0; ; i += 1) {
      const due = started + (i * 1000) / rate;
      if (due >= started + seconds * 1000) break;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (inFlight.size >= 256) {
        dropped += 1; // the API is not keeping up either: counted, not queued
        continue;
      }
      const request = post().then(
        (s) => sent.push(s),
        () => (errors += 1),
      );
      inFlight.add(request);
      request.finally(() => inFlight.delete(request));
    }
    await Promise.all(inFlight);
    const loadMs = Date.now() - started;
    const ids = sent.map((s) => s.id);
    const backlog = ids.length - (await settledCount(ids));
    await waitSettled(ids, 300_000, "sustained phase");
    const rows = await settledRows(ids);
    const latencies = sent.map((s) => rows.get(s.id).settled_ms - s.sentAt).sort((a, b) => a - b);
    const notConfirmed = [...rows.values()].filter((row) => row.status !== "confirmed").length + [...burstRows.values()].filter((row) => row.status !== "confirmed").length;
    const result = {
      capacity,
      seconds: loadMs / 1000,
      rate,
      outboxPollMs: Number(process.env.SAGA_BENCH_POLL_MS ?? 500),
      created: ids.length,
      createdPerSecond: ids.length / (loadMs / 1000),
      errors,
      dropped,
      notConfirmed,
      pendingWhenLoadStopped: backlog,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1),
    };
    console.log(
      `  created ${result.created} in ${result.seconds.toFixed(1)} s = ${result.createdPerSecond.toFixed(1)} orders/s sustained (${errors} errors, ${dropped} not sent); pending when the load stopped: ${backlog}`,
    );
    console.log(`  POST -> confirmed: p50 ${result.p50Ms.toFixed(0)} ms   p99 ${result.p99Ms.toFixed(0)} ms   max ${result.maxMs.toFixed(0)} ms   (outbox poll ${result.outboxPollMs} ms)`);
    if (notConfirmed > 0 || errors > 0) throw new Error(`${notConfirmed} orders not confirmed and ${errors} failed requests`);
    return result;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.warn(`saga bench cleanup: ${error}`);
      }
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}
