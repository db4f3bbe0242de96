// The order saga, built the way a user builds it: a workspace, two services generated with the
// public CLI (bin/create-service.js), the small saga logic written into the generated handlers,
// one `npm install`, `npm run build`, and each service started with `npm start` as its own process.
// Shared by test/e2e/saga.e2e.ts and scripts/bench/saga.mjs (plain JS so the bench runs it as is;
// types in saga-app.d.mts).
import { spawn, execFile } from "node:child_process";
import { once } from "node:events";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export const REPO_DIR = fileURLToPath(new URL("../../../", import.meta.url));
export const CREATE_SERVICE_BIN = join(REPO_DIR, "bin/create-service.js");
export const ARCH_LINT_BIN = join(REPO_DIR, "bin/arch-lint.js");

/** The classic example: what each service publishes and consumes. */
export const SAGA_SERVICES = {
  orders: { publishes: ["order.created"], consumes: ["inventory.reserved", "inventory.reserve.failed"] },
  inventory: { publishes: ["inventory.reserved", "inventory.reserve.failed"], consumes: ["order.created"] },
};

/** Every topic of the saga with the dead-letter topics of its consumers (`<topic>.<consumer>.dlq`, see the generated README). */
export const SAGA_TOPICS = [
  "order.created",
  "inventory.reserved",
  "inventory.reserve.failed",
  "order.created.inventory.dlq",
  "inventory.reserved.orders.dlq",
  "inventory.reserve.failed.orders.dlq",
];

/** PATH with this node (>= 22) first, so `npm` and the services run on it. */
export function nodeEnv(extra = {}) {
  const bin = dirname(process.execPath);
  return { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}`, NO_COLOR: "1", ...extra };
}

async function run(command, args, { cwd, timeoutMs = 300_000, env } = {}) {
  try {
    return await execFileAsync(command, args, { cwd, env: env ?? nodeEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: "SIGKILL" });
  } catch (error) {
    const e = /** @type {any} */ (error);
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) failed: ${e.message}\n${String(e.stdout ?? "").slice(-4000)}\n${String(e.stderr ?? "").slice(-4000)}`);
  }
}

/** Replaces `from` (a string, which must occur exactly `count` times, or a RegExp that must match) in a generated file. */
function patch(file, from, to, count = 1) {
  const text = readFileSync(file, "utf8");
  if (typeof from === "string") {
    const found = text.split(from).length - 1;
    if (found !== count) throw new Error(`${file}: expected ${count} occurrence(s) of ${JSON.stringify(from)} in the generated code, found ${found}; did the template change?`);
    writeFileSync(file, text.replaceAll(from, to));
  } else {
    if (!from.test(text)) throw new Error(`${file}: ${from} matches nothing in the generated code; did the template change?`);
    writeFileSync(file, text.replace(from, to));
  }
}

/**
 * Creates the workspace in `root` and generates both services with the CLI (no install).
 * Returns the folders.
 */
export async function generateSagaWorkspace(root) {
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, "package.json"), `${JSON.stringify({ name: "shop", private: true, workspaces: ["services/*"] }, null, 2)}\n`);
  for (const [name, { publishes, consumes }] of Object.entries(SAGA_SERVICES)) {
    await run(process.execPath, [CREATE_SERVICE_BIN, name, "--yes", "--skip-git", "--skip-install", "--quiet", "--publishes", publishes.join(","), "--consumes", consumes.join(",")], { cwd: root });
  }
  const dirs = { root, orders: join(root, "services/orders"), inventory: join(root, "services/inventory") };
  for (const dir of [dirs.orders, dirs.inventory]) {
    if (!existsSync(join(dir, "package.json"))) throw new Error(`create-service did not put the service in ${dir} (workspace services folder)`);
  }
  return dirs;
}

/** The saga logic a user writes into the generated services. */
export function writeSagaCode(dirs) {
  // --- orders: an order has a status; inventory's answer confirms it or cancels it (the compensation).
  writeFileSync(
    join(dirs.orders, "migrations/0004_order_status.sql"),
    `-- The saga: an order waits for inventory's answer.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'pending'
  CHECK (status IN ('pending', 'confirmed', 'cancelled'));
ALTER TABLE orders ADD COLUMN IF NOT EXISTS settled_at timestamptz;
`,
  );
  const repository = join(dirs.orders, "src/resource/repository.ts");
  patch(repository, "export interface OrdersRecord {\n", "export interface OrdersRecord {\n  status: string;\n");
  patch(repository, "interface Row {\n", "interface Row {\n  status: string;\n");
  patch(repository, "  name: row.name,\n", "  name: row.name,\n  status: row.status,\n");
  const sqlColumns = readFileSync(repository, "utf8").split("id, name, created_at").length - 1;
  if (sqlColumns < 3) throw new Error(`${repository}: expected the column list "id, name, created_at" in the INSERT and SELECTs, found ${sqlColumns}`);
  patch(repository, "id, name, created_at", "id, name, status, created_at", sqlColumns);
  const routes = join(dirs.orders, "src/resource/routes.ts");
  patch(routes, /(const recordSchema = \{[\s\S]*?properties: \{\n)/, `$1    status: { type: "string", enum: ["pending", "confirmed", "cancelled"] },\n`);

  const settle = (handler, topic, status) => `import type { Queryable } from "../../db/database.ts";
import type { ConsumedEvent } from "../consumer.ts";

/** ${topic}: inventory answered for an order; it is ${status}. A redelivered event never gets here twice (consumer.ts). */
export const TOPIC = "${topic}";

export async function ${handler}(tx: Queryable, event: ConsumedEvent): Promise<void> {
  const { orderId } = (event.data ?? {}) as { orderId?: unknown };
  if (typeof orderId !== "string") throw new Error("${topic} without data.orderId");
  // Kept for inspection, as the generated handler did: one row per handled event.
  await tx.query(
    "INSERT INTO orders_received_events (event_id, topic, event_type, payload) VALUES ($1, $2, $3, $4::jsonb)",
    [event.id, event.topic, event.type, JSON.stringify(event.data ?? null)],
  );
  // Only a pending order moves; an order we do not know is left alone.
  await tx.query("UPDATE orders SET status = '${status}', settled_at = clock_timestamp() WHERE id = $1::uuid AND status = 'pending'", [orderId]);
}
`;
  writeFileSync(join(dirs.orders, "src/consumers/handlers/inventory-reserved.ts"), settle("handleInventoryReserved", "inventory.reserved", "confirmed"));
  writeFileSync(join(dirs.orders, "src/consumers/handlers/inventory-reserve-failed.ts"), settle("handleInventoryReserveFailed", "inventory.reserve.failed", "cancelled"));

  // --- inventory: stock per item; an order takes one unit when there is one, else the reservation fails.
  writeFileSync(
    join(dirs.inventory, "migrations/0004_stock.sql"),
    `-- Stock per item, and one row per reservation made for an order.
CREATE TABLE IF NOT EXISTS inventory_stock (
  item       text PRIMARY KEY,
  available  integer NOT NULL CHECK (available >= 0)
);
CREATE TABLE IF NOT EXISTS inventory_reservations (
  id           bigserial PRIMARY KEY,
  order_id     uuid NOT NULL,
  item         text NOT NULL REFERENCES inventory_stock (item),
  quantity     integer NOT NULL CHECK (quantity > 0),
  event_id     text NOT NULL,
  reserved_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS inventory_reservations_order ON inventory_reservations (order_id);
`,
  );
  writeFileSync(
    join(dirs.inventory, "src/consumers/handlers/order-created.ts"),
    `import type { Queryable } from "../../db/database.ts";
import { enqueueEvent } from "../../outbox/outbox.ts";
import type { ConsumedEvent } from "../consumer.ts";

/**
 * order.created: reserve one unit of the ordered item (the order's name) when there is one and
 * publish inventory.reserved, else publish inventory.reserve.failed. The stock change, the
 * reservation, the answer (an outbox row) and the processed-event id commit together.
 */
export const TOPIC = "order.created";

export async function handleOrderCreated(tx: Queryable, event: ConsumedEvent): Promise<void> {
  const order = (event.data ?? {}) as { id?: unknown; name?: unknown };
  if (typeof order.id !== "string" || typeof order.name !== "string") throw new Error("order.created without data.id and data.name");
  const orderId = order.id;
  const item = order.name;
  const taken = await tx.query("UPDATE inventory_stock SET available = available - 1 WHERE item = $1 AND available >= 1 RETURNING available", [item]);
  if (taken.length > 0) {
    await tx.query("INSERT INTO inventory_reservations (order_id, item, quantity, event_id) VALUES ($1::uuid, $2, 1, $3)", [orderId, item, event.id]);
    await enqueueEvent(tx, { topic: "inventory.reserved", type: "inventory.reserved", key: orderId, payload: { orderId, item, quantity: 1 } });
  } else {
    await enqueueEvent(tx, { topic: "inventory.reserve.failed", type: "inventory.reserve.failed", key: orderId, payload: { orderId, item, reason: "out of stock" } });
  }
}
`,
  );
}

/** One `npm install` at the workspace root (installs both services), then `npm run build` in each. */
export async function installAndBuild(dirs) {
  // A registry request that hangs is given up after a minute and retried, not waited on until the step times out.
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--fetch-timeout=60000", "--fetch-retries=3", "--loglevel=error"], { cwd: dirs.root, timeoutMs: 420_000 });
  await Promise.all([dirs.orders, dirs.inventory].map((dir) => run("npm", ["run", "build"], { cwd: dir, timeoutMs: 180_000 })));
}

/** A TCP port nothing listens on right now. */
export async function freePort() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** A bound on a wait that usually ends first: its timer does not keep the test process alive once the wait is over. */
const bound = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());
function processAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped) counts as gone.
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
/** Every process group started here, killed when this process exits whatever happens. */
const liveGroups = new Set();
process.once("exit", () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

/**
 * A generated service run with `npm start` in its own process group, its stdout and stderr
 * (pino JSON lines) appended to `logFile`.
 */
export class ServiceProcess {
  /** @param {{ name: string; dir: string; env: Record<string, string>; logFile: string }} options */
  constructor(options) {
    this.name = options.name;
    this.dir = options.dir;
    this.env = options.env;
    this.logFile = options.logFile;
    this.port = Number(options.env.PORT);
    this.baseUrl = `http://127.0.0.1:${this.port}`;
    this.child = undefined;
    this.exited = undefined;
    this.starts = 0;
  }

  get running() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Starts `npm start` and waits (bounded) until /readyz is 200 and `ready` accepts its body: by
   * default, until the consumer is subscribed (a service without one, or a gateway, passes its own).
   * @param {{ timeoutMs?: number; ready?: (body: any) => boolean }} [options]
   */
  async start({ timeoutMs = 90_000, ready = (body) => body?.checks?.messaging?.consumer === "running" } = {}) {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.starts += 1;
    mkdirSync(dirname(this.logFile), { recursive: true });
    const fd = openSync(this.logFile, "a");
    writeFileSync(fd, `\n===== ${new Date().toISOString()} npm start #${this.starts} (port ${this.port})\n`);
    const child = spawn("npm", ["start", "--silent"], { cwd: this.dir, env: nodeEnv(this.env), stdio: ["ignore", fd, fd], detached: true });
    closeSync(fd);
    this.child = child;
    liveGroups.add(child.pid);
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    this.exited.then(() => liveGroups.delete(child.pid));
    const deadline = Date.now() + timeoutMs;
    let last = "no answer";
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited during start-up (${JSON.stringify(await this.exited)})\n${this.logTail()}`);
      try {
        const response = await fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
        const body = await response.json();
        last = JSON.stringify(body);
        if (response.status === 200 && ready(body)) return;
      } catch (error) {
        last = String(error);
      }
      await sleep(200);
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms (last /readyz: ${last})\n${this.logTail()}`);
  }

  /**
   * A graceful shutdown, as Kubernetes does it: SIGTERM to the service's node process (npm would
   * die of the signal itself without waiting for it); SIGKILL to the group after `timeoutMs`.
   */
  async stop({ timeoutMs = 20_000 } = {}) {
    const child = this.child;
    if (!child || !this.running) return;
    const pid = this.servicePid();
    if (pid === undefined) throw new Error(`${this.name}: found no node process running dist/server.js in process group ${child.pid}`);
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && processAlive(pid)) await sleep(100);
    const graceful = !processAlive(pid);
    await this.killGroup();
    await Promise.race([this.exited, bound(10_000)]);
    if (!graceful) throw new Error(`${this.name} did not shut down within ${timeoutMs} ms of SIGTERM\n${this.logTail()}`);
  }

  /** The pid of the node process that runs dist/server.js, in this service's process group. */
  servicePid() {
    const group = this.child?.pid;
    if (!group) return undefined;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(fields[2]) !== group) continue; // pgrp
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
        // node itself, not the `sh -c "node ... dist/server.js"` npm runs it with.
        if (/(^|\/)node$/.test(cmdline[0] ?? "") && cmdline.includes("dist/server.js")) return Number(entry);
      } catch {
        // exited meanwhile
      }
    }
    return undefined;
  }

  /** SIGKILL to the whole process group (npm, sh, node): a crash. */
  async kill() {
    const child = this.child;
    if (!child) return;
    await this.killGroup();
    await Promise.race([this.exited, bound(10_000)]);
  }

  async killGroup() {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // gone already
    }
    // Wait until no process of the group is left (the service's port is free again).
    for (let i = 0; i < 100; i += 1) {
      try {
        process.kill(-pid, 0);
      } catch {
        break;
      }
      await sleep(100);
    }
    liveGroups.delete(pid);
  }

  logTail(lines = 40) {
    try {
      return `---- last lines of ${this.logFile} ----\n${readFileSync(this.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n")}`;
    } catch {
      return `(no log at ${this.logFile})`;
    }
  }
}

/**
 * Creates the saga's topics (as infrastructure code or compose's kafka-init would: 3 partitions)
 * and starts the given consumer groups at the current end of the topics they consume, so that a
 * broker reused from an earlier run does not replay that run's events to this one.
 */
export async function prepareKafka(bootstrap, groups) {
  const { Admin, ListOffsetTimestamps } = await import("@platformatic/kafka");
  const admin = new Admin({ clientId: "saga-e2e-admin", bootstrapBrokers: [bootstrap] });
  try {
    const existing = new Set(await admin.listTopics());
    const missing = SAGA_TOPICS.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      try {
        await admin.createTopics({ topics: missing, partitions: 3, replicas: 1 });
      } catch (error) {
        // Another run may have created them meanwhile.
        const now = new Set(await admin.listTopics());
        if (missing.some((topic) => !now.has(topic))) throw error;
      }
    }
    for (const [groupId, topics] of Object.entries(groups)) {
      const listed = await admin.listOffsets({
        topics: topics.map((name) => ({ name, partitions: [0, 1, 2].map((partitionIndex) => ({ partitionIndex, timestamp: ListOffsetTimestamps.LATEST })) })),
      });
      await admin.alterConsumerGroupOffsets({
        groupId,
        topics: listed.map((topic) => ({ name: topic.name, partitionOffsets: topic.partitions.map((p) => ({ partition: p.partitionIndex, offset: p.offset })) })),
      });
    }
  } finally {
    await admin.close();
  }
}
