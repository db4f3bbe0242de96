// Small timing toolkit for `npm run bench`: wall time of whole commands,
// reported as medians so one slow run (a GC, a cold cache) does not decide.
import { spawnSync } from "node:child_process";
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
