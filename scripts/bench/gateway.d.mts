// Types of the pure parts of gateway.mjs, for test/bench/gateway-summary.test.ts.
export interface Sample {
  rps: number;
  p99Saturated: number;
  cpuUs: number | undefined;
  p50: number;
  p99: number;
}
export interface Row {
  label: string;
  rps: number;
  rpsRange: [number, number];
  p99Saturated: number;
  p50: number;
  p99: number;
  cpuUs: number | undefined;
}
export interface Verdict {
  value: number;
  range: number[];
  met: boolean;
}
export interface Summary {
  rows: Row[];
  throughputRatio: Verdict;
  p99Added: Verdict;
  bareP99Added: { value: number; range: number[] };
  targets: { throughputRatio: number; p99AddedMs: number };
}
export function summarize(samples: { direct: Sample[]; bare: Sample[]; gateway: Sample[] }, targets?: { throughputRatio: number; p99AddedMs: number }): Summary;
export function formatSummary(summary: Summary, options?: { rate?: number; rounds?: number; seconds?: number }): string;
export default function benchGateway(options: { runs: number }): Promise<Summary>;
