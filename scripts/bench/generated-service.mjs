// Issue 3's speed figures: a generated service (PGlite, in memory) under
// autocannon for 10 s on GET /v1/<resource>/:id, next to a bare Fastify
// hello-world on the same machine in the same run. Ratios ours/bare with
// tracing off and on (exporting to a local OTLP/HTTP sink started here).
// Both sides log at "warn": the bare server has no request logging either.
// A fourth row, tracing with 10% head sampling, is for reference only.
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { cpuMs, freePort, median, waitFor } from "./lib.mjs";

const BIN = fileURLToPath(new URL("../../bin/create-service.js", import.meta.url));
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
// Load before each measured run, not counted: the JIT compiles the hot paths and lazily loaded
// parts (the OTLP exporter's first batch) start, in every configuration alike.
const WARMUP_S = 2;

const sh = (command, args, cwd) => execFileSync(command, args, { cwd, stdio: ["ignore", "pipe", "inherit"] }).toString();
/**
 * Requests per second and p99 under load, and the server's CPU time per request: a figure that
 * depends less than throughput on how much CPU the load generator leaves the server on a small
 * machine, so it shows what a change costs even in a noisy minute.
 */
async function load(url, serverPid) {
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S });
  const cpuBefore = cpuMs(serverPid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  const cpuAfter = cpuMs(serverPid);
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const cpuUs = cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1000) / result.requests.total;
  return { rps: result.requests.average, p99: result.latency.p99, cpuUs };
}

const BARE_SERVER = `import Fastify from "fastify";
const app = Fastify({ logger: false });
app.get("/v1/hello/:id", async (request) => ({ id: request.params.id, name: "x", createdAt: new Date().toISOString() }));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
`;

export default async function benchGeneratedService({ runs }) {
  // 4 configurations x 10 s each per round; this machine's throughput drifts by 20% from minute to minute, so up to 5 rounds.
  const rounds = Math.min(runs, 5);
  const work = mkdtempSync(join(tmpdir(), "bench-service-"));
  const service = join(work, "orders");
  // Answers like an OTLP/HTTP collector: 200 with an empty ExportTraceServiceResponse (protobuf, zero bytes).
  const sink = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/x-protobuf", "content-length": "0" }).end());
  });
  try {
    sh(process.execPath, [BIN, "orders", "--yes", "--skip-git", "--skip-install", "--quiet", "--dir", service], work);
    sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--silent"], service);
    sh("npm", ["run", "build", "--silent"], service);
    writeFileSync(join(service, "bare.mjs"), BARE_SERVER);
    await new Promise((resolve) => sink.listen(0, "127.0.0.1", resolve));
    const otlp = `http://127.0.0.1:${sink.address().port}`;

    const cases = [
      { label: "bare fastify", args: ["bare.mjs"], env: {}, bare: true },
      { label: "generated, tracing off", args: ["--import", "./dist/telemetry.js", "dist/server.js"], env: {} },
      { label: "generated, tracing on", args: ["--import", "./dist/telemetry.js", "dist/server.js"], env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp } },
      // For reference, not a target: the head sampling a busy production service would run with.
      {
        label: "tracing on, 10% sampled",
        args: ["--import", "./dist/telemetry.js", "dist/server.js"],
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp, OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.1" },
      },
    ];
    const samples = Object.fromEntries(cases.map(({ label }) => [label, []]));
    for (let round = 0; round < rounds; round++) {
      // Every other round runs backwards, so a drift within a round (the host speeding up or slowing
      // down over its 40 s) favours no configuration.
      const order = round % 2 === 0 ? cases : [...cases].reverse();
      for (const { label, args, env, bare } of order) {
        const port = await freePort();
        const base = `http://127.0.0.1:${port}`;
        const child = spawn(process.execPath, args, {
          cwd: service,
          stdio: "ignore",
          env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", PGLITE_DATA_DIR: "memory://", LOG_LEVEL: "warn", ...env },
        });
        try {
          await waitFor(`${base}/${bare ? "v1/hello/1" : "healthz"}`);
          let url = `${base}/v1/hello/1`;
          if (!bare) {
            const response = await fetch(`${base}/v1/orders`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"bench"}' });
            url = `${base}/v1/orders/${(await response.json()).id}`;
          }
          samples[label].push(await load(url, child.pid));
        } finally {
          child.kill("SIGTERM");
          await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
        }
      }
    }
    // The ratio is taken within each round (ours against the bare server measured seconds apart) and
    // then the median over rounds: the host's speed drifts by 20% from minute to minute, which a
    // ratio of two medians taken from different minutes would carry into the result.
    const bareRps = samples[cases[0].label].map((s) => s.rps);
    const rows = cases.map(({ label }) => {
      const rps = samples[label].map((s) => s.rps);
      const ratios = rps.map((value, round) => value / bareRps[round]);
      return {
        label,
        rps: median(rps),
        range: [Math.min(...rps), Math.max(...rps)],
        p99: median(samples[label].map((s) => s.p99)),
        cpuUs: samples[label][0].cpuUs === undefined ? undefined : median(samples[label].map((s) => s.cpuUs)),
        ratio: median(ratios),
        ratioRange: [Math.min(...ratios), Math.max(...ratios)],
      };
    });
    const fixed = (values, digits) => values.map((value) => value.toFixed(digits)).join("-");
    for (const row of rows) {
      console.log(`${row.label.padEnd(26)} ${row.rps.toFixed(0).padStart(7)} req/s   p99 ${String(row.p99).padStart(6)} ms   ours/bare ${row.ratio.toFixed(2)} (rounds ${fixed(row.ratioRange, 2)})${row.cpuUs === undefined ? "" : `   server CPU ${row.cpuUs.toFixed(1)} µs/req`}   (${fixed(row.range, 0)} req/s; median of ${rounds} x ${DURATION_S} s, ${CONNECTIONS} connections)`);
    }
    console.log(`targets: tracing off >= 0.70 (${rows[1].ratio >= 0.7 ? "met" : "NOT met"}), tracing on >= 0.50 (${rows[2].ratio >= 0.5 ? "met" : "NOT met"})`);
    return rows;
  } finally {
    sink.close();
    rmSync(work, { recursive: true, force: true });
  }
}
