/**
 * Issue 18: a generated API gateway in front of two generated services, end to end on real servers,
 * playing a user through the public CLI only:
 *
 * 1. `create-service edge --template gateway --routes orders,inventory`, `create-service orders
 *    --publishes order.created` and `create-service inventory`; one line written into orders (a route
 *    that answers with `request.user`, as a user's handler would read it); each installed
 *    (test/helpers/service-deps.ts: the installs other tests of this run made are reused) and started
 *    with `npm start` and NODE_ENV=production: the services on their own databases of the real
 *    PostgreSQL (orders publishing to the real Kafka), two replicas of the gateway on one real Redis
 *    (scripts/redis.sh), callers' keys served from a JWKS endpoint in this test;
 * 2. a request with a caller's token reaches the service with that caller as request.user; without
 *    a token the gateway refuses it and the service never sees it; a request sent straight to the
 *    service, past the gateway, is refused whatever identity headers it carries; the rate limit is one
 *    budget for both replicas, counted in Redis.
 *
 * Every process started here is killed in afterAll. GATEWAY_E2E_KEEP=1 keeps the temp folder (logs).
 */
import { Admin } from "@platformatic/kafka";
import { execa } from "execa";
import { generateKeyPairSync, randomBytes, sign, type JsonWebKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { internalToken } from "../helpers/internal-token.js";
import { createDatabase, requireServer, stopServers, warmUpServers, type SkippableContext } from "../helpers/servers.js";
import { installServiceDependencies } from "../helpers/service-deps.js";
import { redisCommand } from "./helpers/redis-command.js";
import { CREATE_SERVICE_BIN, ServiceProcess, freePort } from "./helpers/saga-app.mjs";

/** This run's suffix: databases and subjects, so a reused server never mixes runs. */
const RUN = randomBytes(4).toString("hex");
const ISSUER = "https://identity.e2e.test";
const AUDIENCE = "shop-api";
const INTERNAL_SECRET = `e2e-internal-token-secret-${randomBytes(16).toString("hex")}`;
/** Small enough to reach in a test; each test uses callers of its own. */
const RATE_LIMIT_MAX = 6;

interface Running {
  orders: ServiceProcess;
  inventory: ServiceProcess;
  /** Two replicas of the gateway, sharing one Redis. */
  gateways: [ServiceProcess, ServiceProcess];
  ordersDb: pg.Pool;
  redisUrl: string;
}

let tmp = "";
let dirs: { edge: string; orders: string; inventory: string } | undefined;
let running: Promise<Running> | undefined;
const cleanups: (() => Promise<unknown>)[] = [];

// --- the identity provider: an RSA key, its JWKS endpoint, and callers' tokens signed with it --------------

const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const KID = `e2e-${RUN}`;
const jwks = { keys: [{ ...(publicKey.export({ format: "jwk" }) as JsonWebKey), kid: KID, alg: "RS256", use: "sig" }] };

/** A caller's access token as an identity provider issues it (RS256, iss, aud, sub, roles, five minutes). */
function callerToken(subject: string, roles: string[]): string {
  const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: "RS256", typ: "JWT", kid: KID })}.${encode({ iss: ISSUER, aud: AUDIENCE, sub: subject, roles, iat: now, exp: now + 300 })}`;
  return `${body}.${sign("RSA-SHA256", Buffer.from(body), privateKey).toString("base64url")}`;
}

async function startJwksServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.url !== "/.well-known/jwks.json") return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`, server };
}

// --- generating, installing and starting ------------------------------------------------------------------------

async function createService(root: string, name: string, args: string[]): Promise<string> {
  const dir = join(root, name);
  const result = await execa(process.execPath, [CREATE_SERVICE_BIN, name, "--yes", "--skip-git", "--skip-install", "--quiet", "--dir", dir, ...args], { cwd: root, reject: false, all: true, stdin: "ignore" });
  if (result.exitCode !== 0) throw new Error(`create-service ${name} ${args.join(" ")} exited with ${result.exitCode}:\n${String(result.all)}`);
  await installServiceDependencies(dir);
  return dir;
}

/** What a user writes into the generated orders service: a route that answers with the caller its handlers see. */
function writeCallerRoute(ordersDir: string): void {
  const file = join(ordersDir, "src/resource/routes.ts");
  const text = readFileSync(file, "utf8");
  const start = "export function registerOrdersRoutes(api: FastifyInstance, db: Database): void {\n";
  if (!text.includes(start)) throw new Error(`${file}: no '${start.trim()}' in the generated code; did the template change?`);
  writeFileSync(file, text.replace(start, `${start}  api.get(\`/\${RESOURCE}/-/caller\`, async (request) => ({ user: request.user ?? null }));\n`));
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "gateway-e2e-"));
  // The servers start (or are reused) while the three are generated and installed.
  const [, generated] = await Promise.all([
    warmUpServers("postgres", "kafka", "redis"),
    (async () => {
      const [edge, orders, inventory] = await Promise.all([
        createService(tmp, "edge", ["--template", "gateway", "--routes", "orders,inventory"]),
        createService(tmp, "orders", ["--publishes", "order.created"]),
        createService(tmp, "inventory", []),
      ]);
      writeCallerRoute(orders);
      return { edge, orders, inventory };
    })(),
  ]);
  dirs = generated;
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.warn(`gateway e2e cleanup: ${String(error)}`));
  await stopServers();
  if (tmp && process.env.GATEWAY_E2E_KEEP !== "1") rmSync(tmp, { recursive: true, force: true });
  else if (tmp) console.warn(`gateway e2e: kept ${tmp}`);
});

/** Everything running on the real servers; started once, by the first test that needs it. */
async function runningFor(ctx: SkippableContext): Promise<Running> {
  const postgres = await requireServer("postgres", ctx);
  const kafka = await requireServer("kafka", ctx);
  const redis = await requireServer("redis", ctx);
  running ??= start(postgres.url, kafka.bootstrap, redis.url);
  return running;
}

async function start(postgresUrl: string, kafkaBootstrap: string, redisUrl: string): Promise<Running> {
  if (!dirs) throw new Error("the gateway and services were not generated (see beforeAll's error)");
  const admin = new Admin({ clientId: "gateway-e2e-admin", bootstrapBrokers: [kafkaBootstrap] });
  try {
    if (!(await admin.listTopics()).includes("order.created")) await admin.createTopics({ topics: ["order.created"], partitions: 3, replicas: 1 }).catch(() => {});
  } finally {
    await admin.close();
  }
  const jwksServer = await startJwksServer();
  cleanups.push(
    () =>
      new Promise((resolve) => {
        // The gateways keep their connections to it alive: close them too, or close() waits for them.
        jwksServer.server.close(resolve);
        jwksServer.server.closeAllConnections();
      }),
  );
  const databases = await Promise.all(["orders", "inventory"].map((name) => createDatabase(postgresUrl, `gateway_${name}_${RUN}`)));
  for (const database of databases) cleanups.push(() => database.drop());

  const production = { NODE_ENV: "production", HOST: "127.0.0.1", LOG_LEVEL: "info", OTEL_EXPORTER_OTLP_ENDPOINT: "", INTERNAL_TOKEN_SECRET: INTERNAL_SECRET };
  const service = async (name: "orders" | "inventory", databaseUrl: string, extra: Record<string, string>): Promise<ServiceProcess> =>
    new ServiceProcess({
      name,
      dir: dirs![name],
      logFile: join(tmp, `logs/${name}.log`),
      env: { ...production, PORT: String(await freePort()), DATABASE_URL: databaseUrl, INTERNAL_TOKEN_ISSUER: "edge", ...extra },
    });
  const orders = await service("orders", databases[0]!.url, { KAFKA_BROKERS: kafkaBootstrap, OUTBOX_POLL_INTERVAL_MS: "100" });
  const inventory = await service("inventory", databases[1]!.url, {});
  cleanups.push(() => orders.kill(), () => inventory.kill());
  await Promise.all([orders.start({ ready: (body) => body?.status === "ready" }), inventory.start({ ready: (body) => body?.status === "ready" })]);

  const gatewayEnv = async (): Promise<Record<string, string>> => ({
    ...production,
    PORT: String(await freePort()),
    AUTH_JWKS_URL: jwksServer.url,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    ORDERS_URL: orders.baseUrl,
    INVENTORY_URL: inventory.baseUrl,
    REDIS_URL: redisUrl,
    RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
    RATE_LIMIT_WINDOW_MS: "60000",
  });
  const gateways: [ServiceProcess, ServiceProcess] = [
    new ServiceProcess({ name: "edge-a", dir: dirs.edge, logFile: join(tmp, "logs/edge-a.log"), env: await gatewayEnv() }),
    new ServiceProcess({ name: "edge-b", dir: dirs.edge, logFile: join(tmp, "logs/edge-b.log"), env: await gatewayEnv() }),
  ];
  cleanups.push(() => gateways[0].kill(), () => gateways[1].kill());
  // One at a time: both would build dist/ in the same folder (npm start's prestart).
  for (const gateway of gateways) await gateway.start({ ready: (body) => body?.status === "ready" });
  const ordersDb = new pg.Pool({ connectionString: databases[0]!.url, max: 2 });
  cleanups.push(() => ordersDb.end());
  return { orders, inventory, gateways, ordersDb, redisUrl };
}

/** The JSON lines a service logged for one request (its id, which the gateway forwards). */
function logLines(service: ServiceProcess, requestId: string): Array<Record<string, unknown>> {
  return readFileSync(service.logFile, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{") && line.includes(requestId))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.reqId === requestId);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The line a service logs when it has answered a request, once it is in its log (written just after the answer). */
async function completedLine(service: ServiceProcess, requestId: string): Promise<Record<string, unknown> | undefined> {
  for (let waited = 0; waited <= 10_000; waited += 100) {
    const line = logLines(service, requestId).find((entry) => entry.msg === "request completed");
    if (line) return line;
    await sleep(100);
  }
  return undefined;
}

describe("a generated gateway in front of two generated services", () => {
  test("a request with a caller's token reaches the service, whose handlers see that caller as request.user", async (ctx) => {
    const { gateways, orders, inventory, ordersDb } = await runningFor(ctx);
    const caller = `alice-${RUN}`;
    const requestId = `e2e-identity-${RUN}`;
    const answer = await fetch(`${gateways[0].baseUrl}/v1/orders/-/caller`, {
      headers: { authorization: `Bearer ${callerToken(caller, ["buyer", "admin"])}`, "x-request-id": requestId },
    });
    expect(answer.status, await answer.clone().text()).toBe(200);
    expect(await answer.json()).toEqual({ user: { id: caller, roles: ["buyer", "admin"] } });
    // The service logged the request under the id the gateway forwarded, with the caller.
    expect(await completedLine(orders, requestId), orders.logTail()).toMatchObject({ userId: caller });

    // A write through the gateway lands in orders' database and its event reaches the real Kafka (the outbox row is sent).
    const created = await fetch(`${gateways[1].baseUrl}/v1/orders`, {
      method: "POST",
      headers: { authorization: `Bearer ${callerToken(caller, ["buyer"])}`, "content-type": "application/json" },
      body: JSON.stringify({ name: `order-${RUN}` }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    let sent = false;
    for (let waited = 0; waited < 30_000 && !sent; waited += 200) {
      const rows = await ordersDb.query("SELECT sent_at FROM orders_outbox WHERE message_key = $1", [id]);
      sent = rows.rows.some((row: { sent_at: Date | null }) => row.sent_at !== null);
      if (!sent) await sleep(200);
    }
    expect(sent, `the outbox row of order ${id} was not published to Kafka within 30 s\n${orders.logTail()}`).toBe(true);

    // The second route goes to the other service, with the same identity: inventory's own 404 problem comes back.
    const inventoryId = `e2e-inventory-${RUN}`;
    const missing = await fetch(`${gateways[0].baseUrl}/v1/inventory/01890000-0000-7000-8000-000000000000`, {
      headers: { authorization: `Bearer ${callerToken(caller, ["buyer"])}`, "x-request-id": inventoryId },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await completedLine(inventory, inventoryId), inventory.logTail()).toMatchObject({ userId: caller });
  });

  test("without a token, or with a token the identity provider did not sign, the gateway refuses the request and the service never sees it", async (ctx) => {
    const { gateways, orders } = await runningFor(ctx);
    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const forgedBody = callerToken(`mallory-${RUN}`, ["admin"]).split(".").slice(0, 2).join(".");
    const forged = `${forgedBody}.${sign("RSA-SHA256", Buffer.from(forgedBody), stranger).toString("base64url")}`;
    const refused: string[] = [];
    for (const [label, headers] of [
      ["no token", {}],
      ["a spoofed x-user-id", { "x-user-id": "admin", "x-user-roles": "admin" }],
      ["a token signed with another key", { authorization: `Bearer ${forged}` }],
    ] as const) {
      const requestId = `e2e-refused-${label.replaceAll(" ", "-")}-${RUN}`;
      const answer = await fetch(`${gateways[0].baseUrl}/v1/orders/-/caller`, { headers: { ...headers, "x-request-id": requestId } });
      expect(answer.status, label).toBe(401);
      expect(answer.headers.get("content-type"), label).toMatch(/^application\/problem\+json/);
      expect(answer.headers.get("www-authenticate"), label).toMatch(/^Bearer realm=/);
      refused.push(requestId);
    }
    // A request let through after them is in orders' log: had the refused ones reached it, they would be too.
    const passed = `e2e-passed-${RUN}`;
    expect((await fetch(`${gateways[0].baseUrl}/v1/orders/-/caller`, { headers: { authorization: `Bearer ${callerToken(`erin-${RUN}`, [])}`, "x-request-id": passed } })).status).toBe(200);
    expect(await completedLine(orders, passed), orders.logTail()).toBeDefined();
    for (const requestId of refused) expect(logLines(orders, requestId), `orders saw ${requestId}`).toEqual([]);
  });

  test("the service refuses a request that did not come through the gateway, whatever identity it claims", async (ctx) => {
    const { orders } = await runningFor(ctx);
    const url = `${orders.baseUrl}/v1/orders/-/caller`;
    for (const [label, headers] of [
      ["no token", {}],
      ["a spoofed x-user-id", { "x-user-id": "admin", "x-user-roles": "admin" }],
      ["the caller's own token", { authorization: `Bearer ${callerToken(`bob-${RUN}`, ["admin"])}` }],
      ["the caller's token as the internal one", { "x-internal-token": callerToken(`bob-${RUN}`, ["admin"]) }],
      ["an internal token signed with another secret", { "x-internal-token": internalToken(`not-the-gateway-secret-${RUN}-0123456789`, { sub: "admin" }) }],
    ] as const) {
      const answer = await fetch(url, { headers });
      expect(answer.status, label).toBe(401);
      expect(answer.headers.get("content-type"), label).toMatch(/^application\/problem\+json/);
      expect(await answer.json(), label).toMatchObject({ title: "Unauthorized", status: 401, instance: "/v1/orders/-/caller" });
    }
    // The probes stay open to the platform.
    expect((await fetch(`${orders.baseUrl}/readyz`)).status).toBe(200);
  });

  test("two gateway replicas on one Redis share one rate-limit budget per caller", async (ctx) => {
    const { gateways, redisUrl } = await runningFor(ctx);
    const caller = `carol-${RUN}`;
    const call = (gateway: ServiceProcess, subject = caller) =>
      fetch(`${gateway.baseUrl}/v1/orders/-/caller`, { headers: { authorization: `Bearer ${callerToken(subject, [])}` } });
    // Alternating between the replicas: each alone would allow RATE_LIMIT_MAX, together they allow it once.
    for (let i = 0; i < RATE_LIMIT_MAX; i += 1) expect((await call(gateways[i % 2]!)).status, `request ${i + 1}`).toBe(200);
    for (const gateway of gateways) {
      const limited = await call(gateway);
      expect(limited.status, gateway.name).toBe(429);
      expect(limited.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // The count lives in Redis, under the caller's key; another caller has a budget of its own.
    expect(Number(await redisCommand(redisUrl, "GET", `gateway-rate-limit:user:${caller}`))).toBeGreaterThanOrEqual(RATE_LIMIT_MAX);
    expect((await call(gateways[1], `dave-${RUN}`)).status).toBe(200);
  });
});
