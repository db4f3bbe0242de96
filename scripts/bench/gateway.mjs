// Issue 18's speed figures: a proxied GET /v1/orders/:id through a generated gateway (its JWT
// verified against a JWKS endpoint served here, the identity headers and internal token made,
// the rate limit counted, the breaker passed), next to the same request sent to the generated
// service directly, and through a bare @fastify/http-proxy hop in front of the same service.
// Targets: the gateway's throughput >= 0.7x the bare proxy's, and <= 2 ms added to the p99.
//
// Throughput is measured at saturation (autocannon, 50 connections), one target at a time; latency
// at a fixed rate well below saturation, where a p99 says what a hop adds to a request rather than
// how long the queue in front of it is, for the three targets at once. Latency is timed here, to the microsecond: autocannon keeps whole
// milliseconds, too coarse for a 2 ms target (and its coordinated-omission correction at a fixed
// rate assumes a 1 ms interval whatever the rate, which fills the histogram with invented values).
// Every process logs at "warn" (the bare proxy logs nothing), and tracing is off on every side.
import { spawn, execFileSync } from "node:child_process";
import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import { Agent, createServer, get } from "node:http";
import { performance } from "node:perf_hooks";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import autocannon from "autocannon";
import { cpuMs, freePort, median, waitFor } from "./lib.mjs";

const BIN = fileURLToPath(new URL("../../bin/create-service.js", import.meta.url));
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_S = 2;
const CONNECTIONS = 50;
/** The fixed rate latency is measured at: a busy API's share of one small replica, far from saturating any of the three. */
const LATENCY_RATE = Number(process.env.BENCH_GATEWAY_RATE ?? 200);
const LATENCY_CONNECTIONS = 10;
const TARGETS = { throughputRatio: 0.7, p99AddedMs: 2 };

const ISSUER = "https://issuer.bench.test";
const AUDIENCE = "edge";

const sh = (command, args, cwd) => execFileSync(command, args, { cwd, stdio: ["ignore", "pipe", "inherit"] }).toString();

/** The gateway's and the service's shared secret for the internal token (the service verifies it, as in production). */
const INTERNAL_TOKEN_SECRET = "bench-internal-secret-of-at-least-32-bytes";

const jwtPart = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * The x-internal-token a request sent past the gateway must carry for the service to serve it,
 * signed here as the gateway signs it: the direct and bare-proxy requests cost the service the
 * same check as the gateway's.
 */
function internalToken() {
  const now = Math.floor(Date.now() / 1000);
  const input = `${jwtPart({ alg: "HS256", typ: "JWT" })}.${jwtPart({ sub: "bench-user", roles: ["reader"], iss: "edge", aud: "internal", iat: now, exp: now + 3600 })}`;
  return `${input}.${createHmac("sha256", INTERNAL_TOKEN_SECRET).update(input).digest("base64url")}`;
}

/** An identity provider in miniature: an RS256 key published as a JWKS, and a token signed with it. */
function identityProvider() {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid: "bench-key", alg: "RS256", use: "sig" };
  let fetches = 0;
  const server = createServer((_request, response) => {
    fetches += 1;
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
  });
  const now = Math.floor(Date.now() / 1000);
  const input = `${jwtPart({ alg: "RS256", kid: "bench-key", typ: "JWT" })}.${jwtPart({ iss: ISSUER, aud: AUDIENCE, sub: "bench-user", roles: ["reader"], iat: now, exp: now + 3600 })}`;
  const token = `${input}.${sign("sha256", Buffer.from(input), privateKey).toString("base64url")}`;
  return { server, token, fetches: () => fetches };
}

/** The bare hop: Fastify and @fastify/http-proxy (the gateway's own reply-from underneath), nothing else. */
function bareProxySource() {
  const require = createRequire(import.meta.url);
  const httpProxy = pathToFileURL(require.resolve("@fastify/http-proxy")).href;
  return `import Fastify from "fastify";
import proxy from ${JSON.stringify(httpProxy)};
const app = Fastify({ logger: false });
await app.register(proxy, { upstream: process.env.UPSTREAM, prefix: "/v1/orders", rewritePrefix: "/v1/orders" });
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
`;
}

function start(args, cwd, env) {
  return spawn(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env } });
}

async function stop(child) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}

async function run(options) {
  const result = await autocannon(options);
  if (result.non2xx || result.errors) throw new Error(`${options.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

/** Durations in ms of `rate` requests a second for `seconds`, over up to LATENCY_CONNECTIONS keep-alive connections, each timed from when it is sent. */
async function paced(url, headers, rate, seconds) {
  const agent = new Agent({ keepAlive: true, maxSockets: LATENCY_CONNECTIONS });
  const once = () =>
    new Promise((resolve, reject) => {
      const sent = performance.now();
      get(url, { agent, headers }, (response) => {
        response.resume();
        response.on("end", () => (response.statusCode === 200 ? resolve(performance.now() - sent) : reject(new Error(`${url}: ${response.statusCode}`))));
      }).on("error", reject);
    });
  const durations = [];
  const pending = [];
  const start = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(once().then((ms) => durations.push(ms)));
  }
  await Promise.all(pending);
  agent.destroy();
  return durations.sort((a, b) => a - b);
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** One target, once, at saturation: requests per second and p99, with the front process's CPU per request. */
async function saturate(url, headers, pid) {
  await run({ url, headers, connections: CONNECTIONS, duration: WARMUP_S });
  const cpuBefore = cpuMs(pid);
  const saturated = await run({ url, headers, connections: CONNECTIONS, duration: DURATION_S });
  const cpuAfter = cpuMs(pid);
  return {
    rps: saturated.requests.average,
    p99Saturated: saturated.latency.p99,
    cpuUs: cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1000) / saturated.requests.total,
  };
}

/**
 * p50 and p99 of every target at the fixed rate, all three at once: a pause of the machine (another
 * job, a GC of the bench itself) then lands in all three samples alike, and the p99 added by a
 * hop stays the hop's. The service gets three times the rate, still far from saturating it.
 */
async function latencies(targets, headers) {
  const seconds = Math.max(3, Math.ceil(DURATION_S / 2));
  const durations = await Promise.all(targets.map((target) => paced(target.url, headers, LATENCY_RATE, seconds)));
  return durations.map((sorted) => ({ p50: percentile(sorted, 50), p99: percentile(sorted, 99) }));
}

const range = (values, digits) => `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;

/** The table's rows and the verdicts, from every round's samples (pure: the bench's test feeds it numbers). */
export function summarize(samples, targets = TARGETS) {
  const rounds = samples.direct.length;
  const perRound = (fn) => Array.from({ length: rounds }, (_, round) => fn(round));
  // Ratios and differences are taken within a round (seconds apart), then the median over rounds:
  // the host's speed drifts from minute to minute, which a ratio of medians from different minutes would carry.
  const ratios = perRound((round) => samples.gateway[round].rps / samples.bare[round].rps);
  const added = perRound((round) => samples.gateway[round].p99 - samples.direct[round].p99);
  const bareAdded = perRound((round) => samples.bare[round].p99 - samples.direct[round].p99);
  const row = (label, list) => ({
    label,
    rps: median(list.map((s) => s.rps)),
    rpsRange: [Math.min(...list.map((s) => s.rps)), Math.max(...list.map((s) => s.rps))],
    p99Saturated: median(list.map((s) => s.p99Saturated)),
    p50: median(list.map((s) => s.p50)),
    p99: median(list.map((s) => s.p99)),
    cpuUs: list.some((s) => s.cpuUs === undefined) ? undefined : median(list.map((s) => s.cpuUs)),
  });
  return {
    rows: [row("service directly", samples.direct), row("bare @fastify/http-proxy", samples.bare), row("generated gateway, JWT", samples.gateway)],
    throughputRatio: { value: median(ratios), range: ratios, met: median(ratios) >= targets.throughputRatio },
    p99Added: { value: median(added), range: added, met: median(added) <= targets.p99AddedMs },
    bareP99Added: { value: median(bareAdded), range: bareAdded },
    targets,
  };
}

export function formatSummary(summary, { rate = LATENCY_RATE, rounds, seconds = DURATION_S } = {}) {
  const lines = [];
  const head = `${"".padEnd(26)} ${"req/s".padStart(7)} ${"(rounds)".padEnd(13)} ${"p99 sat.".padStart(8)}   ${`at ${rate} req/s:`.padEnd(15)} ${"p50".padStart(6)} ${"p99".padStart(6)}   front CPU`;
  lines.push(head);
  for (const row of summary.rows) {
    lines.push(
      `${row.label.padEnd(26)} ${row.rps.toFixed(0).padStart(7)} ${`(${range(row.rpsRange, 0)})`.padEnd(13)} ${`${row.p99Saturated}`.padStart(5)} ms   ${"".padEnd(15)} ${row.p50.toFixed(2).padStart(6)} ${row.p99.toFixed(2).padStart(6)} ms   ${row.cpuUs === undefined ? "n/a" : `${row.cpuUs.toFixed(0)} µs/req`}`,
    );
  }
  const { throughputRatio: ratio, p99Added: added, bareP99Added: bare, targets } = summary;
  lines.push(`(median of ${rounds ?? ratio.range.length} interleaved rounds; saturation: ${CONNECTIONS} connections for ${seconds} s; latency: ${LATENCY_CONNECTIONS} connections at ${rate} req/s to each target at once; front CPU: the process the requests reach first)`);
  lines.push(`gateway throughput / bare proxy's: ${ratio.value.toFixed(2)} (rounds ${range(ratio.range, 2)}), target >= ${targets.throughputRatio.toFixed(2)}: ${ratio.met ? "met" : "NOT met"}`);
  lines.push(`gateway p99 added over the service directly: ${added.value.toFixed(2)} ms (rounds ${range(added.range, 2)}; the bare proxy adds ${bare.value.toFixed(2)} ms), target <= ${targets.p99AddedMs} ms: ${added.met ? "met" : "NOT met"}`);
  return lines.join("\n");
}

export default async function benchGateway({ runs }) {
  // Three targets x (warm-up + saturation + fixed rate) per round: up to 5 rounds.
  const rounds = Math.min(runs, 5);
  const work = mkdtempSync(join(tmpdir(), "bench-gateway-"));
  const service = join(work, "orders");
  const gateway = join(work, "edge");
  const idp = identityProvider();
  const children = [];
  try {
    sh(process.execPath, [BIN, "orders", "--yes", "--skip-git", "--skip-install", "--quiet", "--dir", service], work);
    sh(process.execPath, [BIN, "edge", "--template", "gateway", "--routes", "orders", "--yes", "--skip-git", "--skip-install", "--quiet", "--dir", gateway], work);
    for (const dir of [service, gateway]) {
      sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--silent"], dir);
      sh("npm", ["run", "build", "--silent"], dir);
    }
    writeFileSync(join(gateway, "bare-proxy.mjs"), bareProxySource());
    await new Promise((resolve) => idp.server.listen(0, "127.0.0.1", resolve));

    const servicePort = await freePort();
    const serviceUrl = `http://127.0.0.1:${servicePort}`;
    // It trusts the gateway, as in production: every request needs the gateway's internal token.
    const serviceChild = start(["--import", "./dist/telemetry.js", "dist/server.js"], service, { PORT: String(servicePort), PGLITE_DATA_DIR: "memory://", INTERNAL_TOKEN_SECRET });
    children.push(serviceChild);
    await waitFor(`${serviceUrl}/healthz`);
    // Every target gets the same headers: the caller's token (read by the gateway only) and an
    // internal token (read by the service; the gateway replaces it with its own).
    const headers = { authorization: `Bearer ${idp.token}`, "x-internal-token": internalToken() };
    const created = await fetch(`${serviceUrl}/v1/orders`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: '{"name":"bench"}' });
    if (created.status !== 201) throw new Error(`the service answered ${created.status} to POST /v1/orders: ${await created.text()}`);
    const path = `/v1/orders/${(await created.json()).id}`;

    const barePort = await freePort();
    const bareChild = start(["bare-proxy.mjs"], gateway, { PORT: String(barePort), UPSTREAM: serviceUrl });
    children.push(bareChild);
    const gatewayPort = await freePort();
    const gatewayChild = start(["--import", "./dist/telemetry.js", "dist/server.js"], gateway, {
      NODE_ENV: "production",
      PORT: String(gatewayPort),
      ORDERS_URL: serviceUrl,
      AUTH_JWKS_URL: `http://127.0.0.1:${idp.server.address().port}/.well-known/jwks.json`,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      INTERNAL_TOKEN_SECRET,
      // Counted as always, but high enough that the load itself is not refused (one caller, thousands of requests a second).
      RATE_LIMIT_MAX: "1000000",
    });
    children.push(gatewayChild);
    await waitFor(`http://127.0.0.1:${barePort}${path}`, { headers });
    await waitFor(`http://127.0.0.1:${gatewayPort}${path}`, { headers });

    const targets = [
      { key: "direct", url: `${serviceUrl}${path}`, pid: serviceChild.pid },
      { key: "bare", url: `http://127.0.0.1:${barePort}${path}`, pid: bareChild.pid },
      { key: "gateway", url: `http://127.0.0.1:${gatewayPort}${path}`, pid: gatewayChild.pid },
    ];
    const samples = { direct: [], bare: [], gateway: [] };
    for (let round = 0; round < rounds; round++) {
      // Every other round runs backwards, so a drift within a round favours no target.
      const measured = {};
      for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
        measured[target.key] = await saturate(target.url, headers, target.pid);
      }
      const atRate = await latencies(targets, headers);
      targets.forEach((target, index) => samples[target.key].push({ ...measured[target.key], ...atRate[index] }));
    }
    const summary = summarize(samples);
    console.log(formatSummary(summary, { rounds }));
    console.log(`JWKS fetched ${idp.fetches()} time(s) for ${samples.gateway.length} rounds of gateway load (the keys are cached)`);
    return summary;
  } finally {
    for (const child of children) await stop(child);
    idp.server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
