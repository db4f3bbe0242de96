import { describe, expect, it } from "vitest";
import { formatSummary, summarize } from "../../scripts/bench/gateway.mjs";

/**
 * `npm run bench -- gateway` generates, installs and loads three servers for minutes, too long
 * for a test; what it concludes from its samples is tested here: the ratios are taken within a
 * round, then the median over rounds, and each target is reported met or not.
 */

const sample = (rps: number, p99: number) => ({ rps, p99Saturated: 40, cpuUs: 100, p50: p99 / 2, p99 });

describe("the gateway bench's verdicts", () => {
  it("takes the throughput ratio and the p99 added within each round, then the median over rounds", () => {
    const summary = summarize({
      // Round 2 ran on a slower minute for everyone: the ratio within it still counts as a ratio.
      direct: [sample(9_000, 1.0), sample(4_000, 2.0), sample(9_000, 1.0)],
      bare: [sample(3_000, 1.5), sample(1_000, 3.0), sample(3_000, 1.4)],
      gateway: [sample(2_400, 2.5), sample(900, 3.5), sample(2_000, 2.2)],
    });
    expect(summary.throughputRatio.range).toEqual([0.8, 0.9, 2_000 / 3_000]);
    expect(summary.throughputRatio.value).toBe(0.8);
    expect(summary.throughputRatio.met).toBe(true);
    expect(summary.p99Added.range).toEqual([1.5, 1.5, 2.2 - 1.0]);
    expect(summary.p99Added.value).toBe(1.5);
    expect(summary.p99Added.met).toBe(true);
    expect(summary.rows.map((row) => [row.label, row.rps])).toEqual([
      ["service directly", 9_000],
      ["bare @fastify/http-proxy", 3_000],
      ["generated gateway, JWT", 2_000],
    ]);
  });

  it("prints a table and says which target is not met", () => {
    const summary = summarize({
      direct: [sample(9_000, 1.0)],
      bare: [sample(3_000, 1.5)],
      gateway: [sample(1_500, 4.0)],
    });
    const text = formatSummary(summary, { rate: 200, rounds: 1, seconds: 10 });
    expect(text).toMatch(/^service directly +9000 /m);
    expect(text).toMatch(/^generated gateway, JWT +1500 /m);
    expect(text).toContain("gateway throughput / bare proxy's: 0.50 (rounds 0.50-0.50), target >= 0.70: NOT met");
    expect(text).toContain("gateway p99 added over the service directly: 3.00 ms (rounds 3.00-3.00; the bare proxy adds 0.50 ms), target <= 2 ms: NOT met");
  });
});
