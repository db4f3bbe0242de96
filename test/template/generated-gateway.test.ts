import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREATE_SERVICE_BIN } from "../helpers/cli.js";
import { freePort } from "../helpers/ports.js";
import { installEnv, installServiceDependencies } from "../helpers/service-deps.js";
import { killGroup } from "../helpers/kill-group.js";

/**
 * A gateway the real CLI generates passes its own checks right after generation, as the
 * generated services do (generated-services.ts): `npm install`, `npm run typecheck` and
 * `npm test` (its tests start real upstream servers and a JWKS endpoint), then `npm start`
 * serves the probes and refuses an unauthenticated request, and stops on SIGTERM.
 * Its dependencies are installed once per run (test/helpers/service-deps.ts).
 */

const STEP_TIMEOUT = 240_000;

async function run(cwd: string, command: string, args: string[], env: Record<string, string> = {}, extendEnv = true): Promise<string> {
  const result = await execa(command, args, { cwd, reject: false, all: true, env: { NO_COLOR: "1", ...env }, extendEnv, stdin: "ignore" });
  const output = String(result.all);
  if (result.exitCode !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.exitCode}:\n${output.slice(-4000)}`);
  return output;
}

/** `npm <args>` in the gateway, in its own process group so that SIGTERM reaches npm and every node under it; resolves once /healthz answers. */
async function startGateway(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<{ output: () => string; stop: () => Promise<void> }> {
  const child = spawn("npm", args, { cwd: dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null) killGroup(child.pid, "SIGTERM");
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (child.pid !== undefined && child.exitCode === null) killGroup(child.pid, "SIGKILL");
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode}:\n${output}`);
    const answer = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (answer?.ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the gateway did not answer:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { output: () => output, stop };
}

/** This process's environment without any variable the gateway reads, plus a port on loopback. */
function gatewayEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info" };
  for (const name of Object.keys(env)) {
    if (name.endsWith("_URL") || /^(AUTH|OTEL|INTERNAL|RATE_LIMIT|UPSTREAM|BREAKER|CORS|BODY|TRUST|AGGREGATE)_/.test(name) || name === "NODE_ENV") delete env[name];
  }
  return env;
}

const root = mkdtempSync(join(tmpdir(), "create-service-gateway-"));
const dir = join(root, "edge");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a gateway generated with --template gateway --routes orders,inventory", () => {
  beforeAll(async () => {
    await run(root, process.execPath, [CREATE_SERVICE_BIN, "edge", "--template", "gateway", "--routes", "orders,inventory", "--yes", "--skip-git", "--skip-install", "--dir", dir]);
  }, STEP_TIMEOUT);

  it("installs without warnings about peers, install scripts or deprecations", async () => {
    const shared = await installServiceDependencies(dir);
    expect(shared.output).not.toMatch(/ERESOLVE|install-scripts|deprecated/i);
    const output = await run(dir, "npm", ["install", "--no-audit", "--no-fund"], installEnv(), false);
    expect(output).not.toMatch(/ERESOLVE|install-scripts|deprecated/i);
  }, STEP_TIMEOUT);

  it("typechecks and passes its own tests", async () => {
    await run(dir, "npm", ["run", "typecheck"]);
    const output = await run(dir, "npm", ["test"]);
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(output).not.toMatch(/\d+ (failed|skipped|todo)/);
    // The behaviours the issue asks the gateway's own tests to show, by their names.
    for (const test of ["auth.test.ts", "proxy.test.ts", "rate-limit.test.ts", "tracing.test.ts", "aggregate.test.ts", "config.test.ts"]) expect(output).toContain(test);
  }, STEP_TIMEOUT);

  it("starts with npm start, serves the probes, refuses a request without a token, and stops on SIGTERM", async () => {
    const port = await freePort();
    const env = { ...gatewayEnv(port), NODE_ENV: "production", AUTH_JWKS_URL: "http://127.0.0.1:9/jwks.json", AUTH_ISSUER: "https://issuer.test", AUTH_AUDIENCE: "edge", INTERNAL_TOKEN_SECRET: "x".repeat(40) };
    const gateway = await startGateway(["start"], env, port);
    try {
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      const refused = await fetch(`http://127.0.0.1:${port}/v1/orders/1`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    } finally {
      await gateway.stop();
    }
    expect(gateway.output()).toContain('"msg":"shutdown complete"');
  }, STEP_TIMEOUT);

  it("runs npm run dev with no .env: the development token its README signs is accepted, and a service not running is a 502 problem", async () => {
    const port = await freePort();
    const gateway = await startGateway(["run", "dev"], gatewayEnv(port), port);
    try {
      const readme = readFileSync(join(dir, "README.md"), "utf8");
      const script = /^node -e '(.+)'$/m.exec(readme)?.[1];
      expect(script, "the README's token command").toBeDefined();
      const token = (await run(dir, process.execPath, ["-e", script!])).trim();
      const answer = await fetch(`http://127.0.0.1:${port}/v1/orders/1`, { headers: { authorization: `Bearer ${token}` } });
      // Authenticated (no 401); orders does not run here, so the gateway answers for it.
      expect(answer.status).toBe(502);
      expect(await answer.json()).toMatchObject({ status: 502, detail: "orders could not be reached" });
    } finally {
      await gateway.stop();
    }
  }, STEP_TIMEOUT);
});
