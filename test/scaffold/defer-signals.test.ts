import { describe, expect, it } from "vitest";
import { deferSignals, type DeferredSignals } from "../../src/scaffold/defer-signals.js";

/**
 * Real signals sent to this process: while deferSignals holds them, Node runs its listener instead of dying, and
 * release() hands the first one back (test/cli/force-interrupt checks the CLI's answer to it, in a child process).
 */

const listeners = () => ({ SIGINT: process.listenerCount("SIGINT"), SIGTERM: process.listenerCount("SIGTERM") });

/** Holds the signals, checking first that both are held: a signal sent with no listener would end the test process. */
function hold(): DeferredSignals {
  const before = listeners();
  const held = deferSignals();
  expect(listeners()).toEqual({ SIGINT: before.SIGINT + 1, SIGTERM: before.SIGTERM + 1 });
  return held;
}

/** Busy work that never yields, as the file writes deferSignals guards. */
function synchronousWork(): void {
  const until = Date.now() + 50;
  while (Date.now() < until) {
    // spin: a signal arriving now is queued until the event loop polls
  }
}

describe("deferSignals", () => {
  it("hands back a SIGTERM that arrived during synchronous work, and stops listening", async () => {
    const before = listeners();
    const held = hold();
    process.kill(process.pid, "SIGTERM");
    synchronousWork();
    await expect(held.release()).resolves.toBe("SIGTERM");
    expect(listeners()).toEqual(before);
  });

  it("hands back a SIGINT the same way", async () => {
    const held = hold();
    process.kill(process.pid, "SIGINT");
    synchronousWork();
    await expect(held.release()).resolves.toBe("SIGINT");
  });

  it("keeps the first of two signals", async () => {
    const held = hold();
    process.kill(process.pid, "SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.kill(process.pid, "SIGTERM");
    synchronousWork();
    await expect(held.release()).resolves.toBe("SIGINT");
  });

  it("gives undefined when no signal came, and removes only its own listeners", async () => {
    const other = (): void => {};
    process.on("SIGINT", other);
    try {
      const before = listeners();
      const held = hold();
      await expect(held.release()).resolves.toBeUndefined();
      expect(listeners()).toEqual(before);
      expect(process.listeners("SIGINT")).toContain(other);
    } finally {
      process.removeListener("SIGINT", other);
    }
  });
});
