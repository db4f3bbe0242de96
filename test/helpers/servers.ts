/**
 * Real PostgreSQL, Apache Kafka and Redis servers for end-to-end tests, started by the project's own
 * scripts (scripts/postgres.sh, scripts/kafka.sh, scripts/redis.sh): no Docker.
 *
 * - `startPostgres()` / `startKafka()` / `startRedis()` run `<script> start` (which reuses a running server, e.g. one
 *   started by .ci/run) and give its address and a `stop()` that stops the server only when this
 *   call started it.
 * - `requireServer(name, ctx)` is what a test calls: it starts the server once per test file and
 *   returns it; when the script fails, the test FAILS with the script's error in CI
 *   (`CI` set to a true value: `true`, `1`, `yes` ..., see `inCi`) and is SKIPPED elsewhere, with a note naming
 *   the script to run.
 * - `stopServers()` stops what this file started: call it in `afterAll`.
 */
import { execa } from "execa";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";

export type ServerName = "postgres" | "kafka" | "redis";

export interface PostgresServer {
  /** postgres://postgres:postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** Stops the server if this call started it; a no-op for a server that was already running. */
  stop(): Promise<void>;
}

export interface KafkaServer {
  /** 127.0.0.1:<port> */
  bootstrap: string;
  /** Stops the broker if this call started it; a no-op for a broker that was already running. */
  stop(): Promise<void>;
  /**
   * A broker outage: stops the broker process (SIGTERM, or SIGKILL with `{ crash: true }`) but
   * keeps its data and port, until `resume()`.
   */
  pause(options?: { crash?: boolean }): Promise<void>;
  /** Starts the paused broker again on the same port with the same data; resolves once it answers. */
  resume(): Promise<void>;
}

export interface RedisServer {
  /** redis://127.0.0.1:<port> */
  url: string;
  /** Stops the server if this call started it; a no-op for a server that was already running. */
  stop(): Promise<void>;
}

interface Servers {
  postgres: PostgresServer;
  kafka: KafkaServer;
  redis: RedisServer;
}

const SCRIPTS: Record<ServerName, string> = {
  postgres: fileURLToPath(new URL("../../scripts/postgres.sh", import.meta.url)),
  kafka: fileURLToPath(new URL("../../scripts/kafka.sh", import.meta.url)),
  redis: fileURLToPath(new URL("../../scripts/redis.sh", import.meta.url)),
};

/** How a user runs the script, for messages. */
export const scriptCommand = (name: ServerName): string => `scripts/${name}.sh start`;

/** A server script failed: `message` names the script, `stderr` is all it said. */
export class ServerStartError extends Error {
  constructor(
    readonly server: ServerName,
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    const said = stderr.trim().split("\n").filter(Boolean);
    const error = said.filter((line) => line.includes("error:")).at(-1) ?? said.at(-1) ?? "no output";
    super(`${scriptCommand(server)} failed (exit ${exitCode ?? "?"}): ${error}\n${stderr.trim()}`);
    this.name = "ServerStartError";
  }
}

async function runScript(
  name: ServerName,
  command: "start" | "stop" | "status" | "pause" | "resume",
  env?: Record<string, string>,
): Promise<{ exitCode: number | undefined; stdout: string; stderr: string }> {
  const result = await execa(SCRIPTS[name], [command], { reject: false, stdin: "ignore", timeout: 15 * 60_000, env });
  return { exitCode: result.exitCode, stdout: String(result.stdout).trim(), stderr: String(result.stderr) };
}

async function isRunning(name: ServerName): Promise<boolean> {
  return (await runScript(name, "status")).exitCode === 0;
}

/** Starts (or reuses) the server; the address is the script's only stdout line. */
async function start(name: ServerName): Promise<{ address: string; stop: () => Promise<void> }> {
  const wasRunning = await isRunning(name);
  const result = await runScript(name, "start");
  const address = result.stdout.split("\n").at(-1) ?? "";
  if (result.exitCode !== 0 || address === "") throw new ServerStartError(name, result.exitCode, result.stderr);
  let stopped = wasRunning;
  return {
    address,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const out = await runScript(name, "stop");
      if (out.exitCode !== 0) throw new Error(`scripts/${name}.sh stop failed (exit ${out.exitCode}): ${out.stderr.trim()}`);
    },
  };
}

export async function startPostgres(): Promise<PostgresServer> {
  const { address, stop } = await start("postgres");
  if (!address.startsWith("postgres://")) throw new Error(`scripts/postgres.sh start printed '${address}', not a postgres:// URL`);
  return { url: address, stop };
}

export async function startKafka(): Promise<KafkaServer> {
  const { address, stop } = await start("kafka");
  if (!/^[\w.-]+:\d+$/.test(address)) throw new Error(`scripts/kafka.sh start printed '${address}', not host:port`);
  const run = async (command: "pause" | "resume", env?: Record<string, string>): Promise<void> => {
    const out = await runScript("kafka", command, env);
    if (out.exitCode !== 0) throw new Error(`scripts/kafka.sh ${command} failed (exit ${out.exitCode}): ${out.stderr.trim()}`);
  };
  return {
    bootstrap: address,
    stop,
    pause: (options) => run("pause", options?.crash ? { KAFKA_STOP_SIGNAL: "KILL" } : undefined),
    resume: () => run("resume"),
  };
}

export async function startRedis(): Promise<RedisServer> {
  const { address, stop } = await start("redis");
  if (!/^redis:\/\/[\w.-]+:\d+$/.test(address)) throw new Error(`scripts/redis.sh start printed '${address}', not a redis:// URL`);
  return { url: address, stop };
}

const STARTERS: { [K in ServerName]: () => Promise<Servers[K]> } = { postgres: startPostgres, kafka: startKafka, redis: startRedis };

// One start per server per test file (each file has its own module instance).
const started: { [K in ServerName]?: Promise<Servers[K]> } = {};

function startOnce<K extends ServerName>(name: K): Promise<Servers[K]> {
  let promise = started[name] as Promise<Servers[K]> | undefined;
  if (!promise) {
    promise = STARTERS[name]();
    promise.catch(() => {}); // handled where awaited
    (started as Record<K, Promise<Servers[K]>>)[name] = promise;
  }
  return promise;
}

/** Starts servers ahead of the tests (e.g. in `beforeAll`, whose timeout is longer); never throws. */
export async function warmUpServers(...names: ServerName[]): Promise<void> {
  await Promise.allSettled(names.map((name) => startOnce(name)));
}

/** The part of vitest's test context that `requireServer` uses. */
export interface SkippableContext {
  skip(note?: string): never;
}

/**
 * Whether we run in CI: `CI` set to a true value. CI services spell it differently (`true`, `1`,
 * `yes`, or a name), so anything counts but unset, empty and the explicit no's (`0`, `false`, `no`,
 * `off`): a run that wrongly thinks it is in CI fails loudly, where one that wrongly thinks it is not
 * would skip a test in silence. The generated service's test/integration/servers.ts reads it the same way.
 */
export const inCi = (env: NodeJS.ProcessEnv = process.env): boolean => !["", "0", "false", "no", "off"].includes((env.CI ?? "").trim().toLowerCase());

/**
 * The server a test needs. When its script fails: in CI (see `inCi`) the test fails with the
 * script's error; elsewhere the test is skipped with a note naming the script to run.
 */
export async function requireServer<K extends ServerName>(name: K, ctx: SkippableContext): Promise<Servers[K]> {
  try {
    return await startOnce(name);
  } catch (error) {
    if (inCi()) throw error;
    const reason = error instanceof ServerStartError ? error.message.split("\n")[0] : String(error);
    const note = `needs a real ${name} server: run \`${scriptCommand(name)}\` to see why it does not start (${reason})`;
    console.warn(`skipped: ${note}`);
    return ctx.skip(note);
  }
}

/** Stops every server this test file started (servers that were already running stay up). */
export async function stopServers(): Promise<void> {
  const names = Object.keys(started) as ServerName[];
  const results = await Promise.allSettled(
    names.map(async (name) => {
      const server = await started[name]!.catch(() => undefined);
      delete started[name];
      await server?.stop();
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/**
 * A fresh database on the server of `serverUrl` (e.g. one per generated service), and the URL
 * to reach it. `drop()` removes it, closing its open connections.
 */
export async function createDatabase(serverUrl: string, name = `test_${randomUUID().replaceAll("-", "")}`): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name '${name}' must be lower-case letters, digits and _`);
  const query = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
