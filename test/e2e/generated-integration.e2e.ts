/**
 * The generated services test themselves on real servers (issue 15). For each option set of
 * test/template/option-sets.ts the real CLI generates a service and its dependencies are installed
 * (test/helpers/service-deps.ts); then its own `npm run test:integration` runs on the PostgreSQL and
 * Kafka of scripts/postgres.sh and scripts/kafka.sh, with `CI` set as in the generated workflow and a
 * database of its own: every test passes, none is skipped, and the count is the one the set's options
 * give. Without a server, the same command names what to start in one line, and fails in CI.
 */
import { execa } from "execa";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, test } from "vitest";
import { CREATE_SERVICE_BIN } from "../helpers/cli.js";
import { freePort } from "../helpers/ports.js";
import { createDatabase, requireServer, stopServers, warmUpServers } from "../helpers/servers.js";
import { installServiceDependencies } from "../helpers/service-deps.js";
import { OPTION_SETS, cliFlags, type OptionSet } from "../template/option-sets.js";

/** This run's suffix for databases, so a reused server never mixes runs. */
const RUN = randomBytes(4).toString("hex");
const root = mkdtempSync(join(tmpdir(), "generated-integration-e2e-"));
const dirs = new Map<OptionSet, Promise<string>>();

const hasEvents = (options: OptionSet): boolean => options.publishes.length + options.consumes.length > 0;

/**
 * The tests of the generated test/integration/real-servers.test.ts that a set's options give, by the
 * server they run on (the name of their describe block).
 */
function expectedTests(options: OptionSet): Record<string, number> {
  const publishes = options.publishes.length > 0;
  const consumes = options.consumes.length > 0;
  return {
    // Migrations applied once by replicas starting together; with an outbox, two relays publishing each event once.
    "on a real PostgreSQL": 1 + (publishes ? 1 : 0),
    // A round trip through the messaging module; the outbox through Kafka; consuming once and dead-lettering.
    ...(hasEvents(options) ? { "on a real Kafka": 1 + (publishes ? 1 : 0) + (consumes ? 1 : 0) } : {}),
  };
}

/** Generates the set's service with the CLI and installs its dependencies; resolves to its folder. */
async function generate(options: OptionSet, index: number): Promise<string> {
  const dir = join(root, `set-${index + 1}`, options.name);
  const generated = await execa(process.execPath, [CREATE_SERVICE_BIN, options.name, "--yes", "--skip-git", "--skip-install", "--quiet", "--dir", dir, ...cliFlags(options)], {
    cwd: root,
    reject: false,
    all: true,
    stdin: "ignore",
  });
  if (generated.exitCode !== 0) throw new Error(`create-service ${options.name} exited with ${generated.exitCode}:\n${String(generated.all)}`);
  await installServiceDependencies(dir);
  return dir;
}

/** This process's environment for the service's npm scripts: this node first, none of the service's own variables. */
function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`, NO_COLOR: "1" };
  for (const name of ["CI", "DATABASE_URL", "KAFKA_BROKERS", "TEST_DATABASE_URL", "TEST_KAFKA_BROKERS"]) delete env[name];
  return { ...env, ...extra };
}

/** `npm run test:integration` in the service, with vitest's JSON report beside its usual output. */
async function runIntegration(dir: string, env: Record<string, string>): Promise<{ exitCode: number | undefined; output: string; report?: VitestReport }> {
  const reportFile = join(dir, `integration-report-${randomBytes(4).toString("hex")}.json`);
  const result = await execa("npm", ["run", "test:integration", "--", "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`], {
    cwd: dir,
    env: serviceEnv(env),
    extendEnv: false,
    reject: false,
    all: true,
    stdin: "ignore",
    timeout: 240_000,
  });
  let report: VitestReport | undefined;
  try {
    report = JSON.parse(readFileSync(reportFile, "utf8")) as VitestReport;
  } catch {
    report = undefined;
  }
  return { exitCode: result.exitCode, output: String(result.all), report };
}

interface VitestReport {
  numTotalTests: number;
  testResults: { assertionResults: { ancestorTitles: string[]; title: string; status: string }[] }[];
}

/** Test statuses by describe block: `{ "on a real PostgreSQL": ["passed", "passed"] }`. */
function statusesByBlock(report: VitestReport): Record<string, string[]> {
  const blocks: Record<string, string[]> = {};
  for (const file of report.testResults) {
    for (const result of file.assertionResults) (blocks[result.ancestorTitles[0] ?? "(top level)"] ??= []).push(result.status);
  }
  return blocks;
}

/** The lines of the command's output that the service's test/integration/servers.ts printed. */
const serverLines = (output: string): string[] => output.split("\n").filter((line) => line.startsWith("npm run test:integration: "));

beforeAll(async () => {
  // The servers start (or are reused) while the services are generated and installed.
  OPTION_SETS.forEach((options, index) => {
    const dir = generate(options, index);
    dir.catch(() => {}); // reported by the tests that need it
    dirs.set(options, dir);
  });
  await Promise.all([warmUpServers("postgres", "kafka"), ...[...dirs.values()].map((dir) => dir.catch(() => {}))]);
}, 600_000);

afterAll(async () => {
  await stopServers();
  rmSync(root, { recursive: true, force: true });
});

/**
 * The sets the no-server behaviour is checked on: the line has two forms, without events (PostgreSQL
 * only) and with them (PostgreSQL and Kafka); the other sets would only repeat one of them.
 */
const NO_SERVER_SETS = [OPTION_SETS.find((options) => !hasEvents(options)), OPTION_SETS.find((options) => options.publishes.length > 0 && options.consumes.length > 0)];

// Concurrent: each run waits on the broker and the database much of its time, and the sets share nothing
// (a database each, topics named after the service and the run).
describe.concurrent.each(OPTION_SETS)("npm run test:integration of a service generated with $label", (options) => {
  const expected = expectedTests(options);

  test(`passes all its ${Object.values(expected).reduce((a, b) => a + b)} tests on the real servers, none skipped`, { timeout: 300_000 }, async (ctx) => {
    const { expect } = ctx;
    const postgres = await requireServer("postgres", ctx);
    const kafka = hasEvents(options) ? await requireServer("kafka", ctx) : undefined;
    const dir = await dirs.get(options)!;
    const database = await createDatabase(postgres.url, `integration_${options.name.slice(0, 20).replace(/-/g, "_")}_${RUN}`);
    try {
      const { exitCode, output, report } = await runIntegration(dir, {
        CI: "true",
        TEST_DATABASE_URL: database.url,
        ...(kafka ? { TEST_KAFKA_BROKERS: kafka.bootstrap } : {}),
      });
      expect(exitCode, output.slice(-4000)).toBe(0);
      expect(report, output.slice(-4000)).toBeDefined();
      const statuses = statusesByBlock(report!);
      expect(statuses, output.slice(-4000)).toEqual(Object.fromEntries(Object.entries(expected).map(([block, count]) => [block, Array<string>(count).fill("passed")])));
      expect(serverLines(output)).toEqual([]);
    } finally {
      await database.drop();
    }
  });

  // Declared only for those sets: a test skipped here would read as one that could have failed.
  if (NO_SERVER_SETS.includes(options)) test("without a server: one line names what to start; the tests are skipped, and with CI set the run fails", { timeout: 240_000 }, async ({ expect }) => {
    const dir = await dirs.get(options)!;
    // Ports nothing listens on: the servers the tests would need are not there.
    const unreachable = {
      TEST_DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${await freePort()}/nothing_here`,
      ...(hasEvents(options) ? { TEST_KAFKA_BROKERS: `127.0.0.1:${await freePort()}` } : {}),
    };
    const start = `start the servers with \`docker compose up -d --wait postgres${hasEvents(options) ? " kafka" : ""}\``;

    const local = await runIntegration(dir, unreachable);
    expect(local.exitCode, local.output).toBe(0);
    const [localLine, ...more] = serverLines(local.output);
    expect(more).toEqual([]);
    expect(localLine).toContain(`no PostgreSQL at ${new URL(unreachable.TEST_DATABASE_URL).host}/nothing_here (ECONNREFUSED)`);
    if (hasEvents(options)) expect(localLine).toContain(`no Kafka at ${unreachable.TEST_KAFKA_BROKERS} (ECONNREFUSED)`);
    expect(localLine).toContain(start);
    expect(localLine).toMatch(/the tests that need them are skipped$/);
    const skipped = Object.values(statusesByBlock(local.report!)).flat();
    expect(skipped).toEqual(Array<string>(Object.values(expectedTests(options)).reduce((a, b) => a + b)).fill("skipped"));

    // Any true value of CI, not only "true".
    for (const ci of ["1", "yes"]) {
      const inCi = await runIntegration(dir, { ...unreachable, CI: ci });
      expect(inCi.exitCode, inCi.output).toBe(1);
      expect(serverLines(inCi.output)).toEqual([expect.stringContaining(start)]);
      expect(serverLines(inCi.output)[0]).toMatch(/\(CI is set, so this fails instead of skipping\)$/);
      // It stops before any test runs.
      expect(inCi.report).toBeUndefined();
    }
  });
});
