import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREATE_SERVICE_BIN } from "../helpers/cli.js";
import { freePort } from "../helpers/ports.js";
import { installEnv, installServiceDependencies } from "../helpers/service-deps.js";
import { OPTION_SETS, cliFlags, type OptionSet } from "./option-sets.js";
import { killGroup } from "../helpers/kill-group.js";

/**
 * The promise of issue 3, end to end: for each option set, the real CLI
 * generates a service; then, in the generated folder, `npm install`,
 * `npm run typecheck` and `npm test` pass, `npm start` (PGlite, no Kafka)
 * serves /healthz, /readyz and the /v1 routes over HTTP and shuts down cleanly
 * on SIGTERM, and `npm run dev` and `npm run migrate` work with no .env.
 *
 * Slow by nature. Each set has a test file of its own
 * (generated-services/set-<n>.test.ts), so that vitest runs the sets in
 * parallel with each other and with the other slow files; each set works in
 * its own temp folder, removed at the end. A set's dependencies are installed
 * once per run for all the services that have the same ones
 * (test/helpers/service-deps.ts); that install's output is checked here.
 */

const INSTALL_TIMEOUT = 300_000;
// Bounds, not expectations: a service's own tests take 20 s on an idle machine, and several times that
// on a shared one with other test files running beside them.
const STEP_TIMEOUT = 240_000;

/** Runs a command in the generated service (with this process's environment too, unless extendEnv is false); returns its combined output, failing with it when the command fails. */
async function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, extendEnv = true): Promise<string> {
  const result = await execa(command, args, { cwd, reject: false, all: true, env: { NO_COLOR: "1", ...env }, extendEnv, stdin: "ignore" });
  const output = String(result.all);
  if (result.exitCode !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.exitCode}:\n${output.slice(-4000)}`);
  return output;
}

async function waitForHttp(url: string, process: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`the service exited with ${process.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
}

const constant = (text: string): string => text.replace(/[^a-z0-9]+/g, "_").toUpperCase();

/** This process's environment without any variable the service reads, plus a port, loopback and PGlite in memory. */
/** Waits until the service has printed `text`; fails with what it printed when it has not within the time given. */
async function outputContains(output: () => string, text: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!output().includes(text) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(output()).toContain(text);
}

function serviceEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", PGLITE_DATA_DIR: "memory://", LOG_LEVEL: "info" };
  for (const name of Object.keys(env)) if (name.endsWith("_URL")) delete env[name];
  delete env.KAFKA_BROKERS;
  delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
  // Run alone, as in development: the gateway's check off (NODE_ENV=production would need INTERNAL_TOKEN_SECRET).
  for (const name of ["NODE_ENV", "INTERNAL_TOKEN_SECRET", "INTERNAL_TOKEN_ISSUER", "AUTH_PUBLIC_PATHS"]) delete env[name];
  return env;
}

/** `npm <args>` in the service, in its own process group so that SIGTERM reaches npm and every node under it. */
function startService(dir: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; stop: () => Promise<void> } {
  const child = spawn("npm", args, { cwd: dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // "close", not "exit": npm may exit before the node it started has written its last lines.
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null) killGroup(child.pid, "SIGTERM");
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (child.pid !== undefined && child.exitCode === null) killGroup(child.pid, "SIGKILL");
  };
  return { child, output: () => output, stop };
}

/** The file of the n-th set of option-sets.ts (from 1): generated-services/set-<n>.test.ts. */
export const setFile = (n: number): string => `set-${n}.test.ts`;

/** The checks of the n-th set of option-sets.ts (from 1), for that set's test file. */
export function describeGeneratedService(n: number): void {
  const options = OPTION_SETS[n - 1];
  if (options === undefined) throw new Error(`option-sets.ts has no set ${n} (it has ${OPTION_SETS.length}): remove ${setFile(n)}`);
  const root = mkdtempSync(join(tmpdir(), "create-service-template-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  describe(`a service generated with ${options.label}`, () => checks(root, options));
}

function checks(root: string, options: OptionSet): void {
  const parent = join(root, options.label.replace(/\W+/g, "-"));
  const dir = join(parent, options.name);
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await work();
    } finally {
      timings[step] = Date.now() - started;
    }
  };

  beforeAll(async () => {
    await timed("generate", () =>
      run(root, process.execPath, [CREATE_SERVICE_BIN, options.name, "--yes", "--skip-git", "--skip-install", "--dir", dir, ...cliFlags(options)]),
    );
  }, STEP_TIMEOUT);

  afterAll(() => {
    console.log(`[${options.label}] ${Object.entries(timings).map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`).join(", ")}`);
  });

  it("installs without warnings about peers or install scripts", async () => {
    const shared = await timed("npm install (once per dependency set)", () => installServiceDependencies(dir));
    expect(shared.output).not.toMatch(/ERESOLVE|install-scripts|deprecated/i);
    const output = await timed("npm install", () => run(dir, "npm", ["install", "--no-audit", "--no-fund"], installEnv(), false));
    expect(output).not.toMatch(/ERESOLVE|install-scripts|deprecated/i);
  }, INSTALL_TIMEOUT);

  it("typechecks", async () => {
    await timed("typecheck", () => run(dir, "npm", ["run", "typecheck"]));
  }, STEP_TIMEOUT);

  it("passes its own tests", async () => {
    const output = await timed("npm test", () => run(dir, "npm", ["test"]));
    expect(output).toMatch(/Tests\s+\d+ passed/);
    // Counts, not the words: vitest prints the names of slow tests, and one of them says "failed".
    // A skipped test passes for one that never ran: the tests that need real servers are
    // npm run test:integration's (test/e2e/generated-integration.e2e.ts runs them), not npm test's.
    expect(output).not.toMatch(/\d+ (failed|skipped|todo)/);
  }, STEP_TIMEOUT);

  it("starts with npm start on PGlite, serves its routes over HTTP and stops on SIGTERM", async () => {
    const port = await freePort();
    const env = serviceEnv(port);
    for (const service of options.calls) env[`${constant(service)}_URL`] = `http://127.0.0.1:${port}`;
    const started = Date.now();
    const service = startService(dir, ["start"], env);
    const base = `http://127.0.0.1:${port}`;
    const api = `${base}/${options.apiVersion}`;
    try {
      await waitForHttp(`${base}/healthz`, service.child, service.output);
      timings["npm start (build + listen)"] = Date.now() - started;

      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready", checks: { database: "ok" } });

      const created = await fetch(`${api}/${options.name}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "from the template test" }),
      });
      expect(created.status).toBe(201);
      const record = (await created.json()) as { id: string };
      const read = await fetch(`${api}/${options.name}/${record.id}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ id: record.id, name: "from the template test" });

      const invalid = await fetch(`${api}/${options.name}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(invalid.status).toBe(400);
      expect(invalid.headers.get("content-type")).toMatch(/^application\/problem\+json/);

      const openapi = (await (await fetch(`${api}/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(openapi.paths)).toContain(`/${options.apiVersion}/${options.name}/{id}`);

      // Logged as the relay and the consumer start, beside the listen: on a busy machine the line may still be in the
      // pipe when the requests above are answered, so it is awaited (and fails if it never comes), not read at once.
      if (options.publishes.length > 0) await outputContains(service.output, "events wait in the outbox");
      if (options.consumes.length > 0) await outputContains(service.output, "not consuming events");
      // Alone, without the gateway's secret: served, and one line says the check is off.
      expect(service.output().split("INTERNAL_TOKEN_SECRET is unset").length - 1).toBe(1);
    } finally {
      await service.stop();
    }
    expect(service.output()).toContain('"msg":"shutdown complete"');

    // The same build in production without the gateway's secret does not start, and says which variable to set.
    const production = await execa(process.execPath, ["--import", "./dist/telemetry.js", "dist/server.js"], { cwd: dir, env: { ...env, NODE_ENV: "production" }, extendEnv: false, reject: false, all: true, stdin: "ignore", timeout: 60_000 });
    expect(production.exitCode).toBe(1);
    expect(String(production.all)).toContain(`${options.name}: invalid environment:`);
    expect(String(production.all)).toContain("INTERNAL_TOKEN_SECRET is required with NODE_ENV=production");
  }, STEP_TIMEOUT);

  it("runs npm run dev and npm run migrate right after generation, with no .env and none of its variables set", async () => {
    // Where the called services listen (and every other setting) comes from .env.example.
    const port = await freePort();
    const env = serviceEnv(port);
    await timed("npm run migrate", () => run(dir, "npm", ["run", "migrate"], env));
    const service = startService(dir, ["run", "dev"], env);
    try {
      await waitForHttp(`http://127.0.0.1:${port}/healthz`, service.child, service.output);
    } finally {
      await service.stop();
    }
  }, STEP_TIMEOUT);
}
