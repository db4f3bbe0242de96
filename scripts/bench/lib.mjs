// Small timing toolkit for `npm run bench`: wall time of whole commands,
// reported as medians so one slow run (a GC, a cold cache) does not decide.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `command args` `runs` times (after `warmup` unmeasured runs) and returns wall times in ms. */
export function timeCommand(command, args, { runs = 15, warmup = 2, cwd, before } = {}) {
  const times = [];
  for (let i = 0; i < warmup + runs; i++) {
    before?.(i);
    const start = performance.now();
    const result = spawnSync(command, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
    const elapsed = performance.now() - start;
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    if (i >= warmup) times.push(elapsed);
  }
  return times;
}

export function summarize(label, times, target) {
  const row = {
    label,
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    runs: times.length,
    target,
  };
  const verdict = target === undefined ? "" : row.median <= target ? `  (target < ${target} ms: met)` : `  (target < ${target} ms: NOT met)`;
  console.log(`${label.padEnd(58)} median ${row.median.toFixed(1).padStart(7)} ms   min ${row.min.toFixed(1).padStart(7)}   max ${row.max.toFixed(1).padStart(7)}   n=${row.runs}${verdict}`);
  return row;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `url` answers 2xx (a server started in another process is up), within 30 s. */
export async function waitFor(url, init) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url, init)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} never answered`);
}

export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * CPU time in ms used so far by a process (all its threads), or undefined off Linux.
 * /proc/<pid>/stat counts it in ticks of 1/100 s (USER_HZ, the same on every Linux Node runs on).
 */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
