import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { buildApp } from "../src/http/app.ts";
import { handleShutdownSignals, type ShutdownStep } from "../src/lifecycle.ts";
import { createTestDatabase, silentLogger, withoutGateway } from "./helpers.ts";

/** Sends a signal to a fresh shutdown handler and resolves with the exit code it chose. */
function shutdownWith(steps: ShutdownStep[], timeoutMs = 1_000, signalsToSend: NodeJS.Signals[] = ["SIGTERM"]): Promise<number> {
  const signals = new EventEmitter();
  return new Promise((resolve) => {
    handleShutdownSignals(steps, { timeoutMs, logger: silentLogger, signals, exit: resolve });
    for (const signal of signalsToSend) signals.emit(signal);
  });
}

describe("graceful shutdown", () => {
  it("runs every step in order, then exits 0", async () => {
    const ran: string[] = [];
    const step = (name: string): ShutdownStep => ({ name, run: async () => void ran.push(name) });
    expect(await shutdownWith([step("http server"), step("consumer"), step("outbox relay"), step("database"), step("telemetry")])).toBe(0);
    expect(ran).toEqual(["http server", "consumer", "outbox relay", "database", "telemetry"]);
  });

  it("runs the remaining steps after one fails, then exits 1", async () => {
    const ran: string[] = [];
    const code = await shutdownWith([
      { name: "broken", run: () => Promise.reject(new Error("cannot close")) },
      { name: "database", run: () => void ran.push("database") },
    ]);
    expect(code).toBe(1);
    expect(ran).toEqual(["database"]);
  });

  it("exits 1 when shutting down takes longer than its bound", async () => {
    const started = Date.now();
    expect(await shutdownWith([{ name: "stuck", run: () => new Promise(() => {}) }], 50)).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("exits at once on a second signal", async () => {
    expect(await shutdownWith([{ name: "slow", run: () => new Promise((resolve) => setTimeout(resolve, 5_000)) }], 10_000, ["SIGTERM", "SIGINT"])).toBe(1);
  });

  it("lets in-flight requests finish and refuses new connections", async () => {
    const db = await createTestDatabase();
    const app = await buildApp({ db, logger: silentLogger, gateway: withoutGateway });
    let started: () => void = () => {};
    const handling = new Promise<void>((resolve) => (started = resolve));
    app.get("/slow", async () => {
      started();
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { done: true };
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const inFlight = fetch(`${base}/slow`);
    await handling; // the request is in the handler: now shut down
    const closed = app.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closed;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    await db.close();
  });
});
