import { cpus } from "node:os";

/**
 * How many cores sat idle while the scan did its own first steps (walking the
 * tree, discovering services): measured, not guessed from the core count. A
 * second parsing thread pays for its start (its own compiler, its own JIT
 * warm-up, its facts copied back) only when a core is free to run it; on a
 * machine whose other cores are busy it makes the scan slower.
 */

export interface CpuSample {
  /** Per core: idle and total time so far, in the OS's ticks (ms on Linux, at 10 ms resolution). */
  idle: number[];
  total: number[];
}

export function sampleCpus(): CpuSample {
  const idle: number[] = [];
  const total: number[] = [];
  for (const { times } of cpus()) {
    idle.push(times.idle);
    total.push(times.user + times.nice + times.sys + times.idle + times.irq);
  }
  return { idle, total };
}

/**
 * Idle cores between two samples (0 … core count), or undefined when the window is
 * too short for the OS's tick to say anything (less than MIN_WINDOW_MS on the busiest core).
 */
export function idleCoresBetween(before: CpuSample, after: CpuSample): number | undefined {
  if (before.total.length !== after.total.length || after.total.length === 0) return undefined;
  let idle = 0;
  let window = 0;
  for (let core = 0; core < after.total.length; core++) {
    const elapsed = after.total[core]! - before.total[core]!;
    if (elapsed <= 0) continue;
    window = Math.max(window, elapsed);
    idle += Math.min(1, Math.max(0, (after.idle[core]! - before.idle[core]!) / elapsed));
  }
  return window < MIN_WINDOW_MS ? undefined : idle;
}

/** Below this, a 10 ms tick makes the idle share of a core a coin toss. */
const MIN_WINDOW_MS = 40;
