import { describe, expect, it } from "vitest";
import { idleCoresBetween, sampleCpus, type CpuSample } from "../../src/lint/idle-cores.js";
import { parseThreads } from "../../src/lint/engine.js";

/** Two cores: the scan's own (busy) and another, idle for `otherIdleMs` of a `windowMs` window. */
function window(windowMs: number, otherIdleMs: number): [CpuSample, CpuSample] {
  return [
    { idle: [1000, 5000], total: [9000, 9000] },
    { idle: [1000, 5000 + otherIdleMs], total: [9000 + windowMs, 9000 + windowMs] },
  ];
}

describe("idle cores while the scan prepares", () => {
  it("counts the share of the window each core sat idle", () => {
    expect(idleCoresBetween(...window(100, 100))).toBe(1);
    expect(idleCoresBetween(...window(100, 30))).toBeCloseTo(0.3);
    expect(idleCoresBetween(...window(100, 0))).toBe(0);
  });

  it("says nothing when the window is shorter than the OS's tick can measure", () => {
    expect(idleCoresBetween(...window(20, 20))).toBeUndefined();
    expect(idleCoresBetween(...window(40, 40))).toBe(1);
  });

  it("says nothing when the cores changed between samples or none are known", () => {
    const [before] = window(100, 100);
    expect(idleCoresBetween(before, { idle: [1], total: [2] })).toBeUndefined();
    expect(idleCoresBetween({ idle: [], total: [] }, { idle: [], total: [] })).toBeUndefined();
  });

  it("reads one sample per core from the OS", () => {
    const sample = sampleCpus();
    expect(sample.total.length).toBeGreaterThan(0);
    expect(sample.idle.length).toBe(sample.total.length);
    for (let core = 0; core < sample.total.length; core++) expect(sample.total[core]).toBeGreaterThanOrEqual(sample.idle[core]!);
  });
});

describe("parsing threads", () => {
  it("uses up to 4 threads from 4 cores, whatever the load", () => {
    expect(parseThreads(4, 0)).toBe(4);
    expect(parseThreads(16, undefined)).toBe(4);
  });

  it("gives a second thread on 2 cores only when the other core sat idle", () => {
    expect(parseThreads(2, 1)).toBe(2);
    expect(parseThreads(2, 0.8)).toBe(2);
    expect(parseThreads(2, 0.7)).toBe(1);
    expect(parseThreads(2, 0.1)).toBe(1);
    expect(parseThreads(2, undefined)).toBe(1);
  });

  it("never asks for more threads than cores", () => {
    expect(parseThreads(2, 2)).toBe(2);
    expect(parseThreads(3, 2)).toBe(3);
    expect(parseThreads(3, 1.2)).toBe(2);
    expect(parseThreads(1, 1)).toBe(1);
  });
});
