import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { resolveAnswers } from "../../src/scaffold/answers.js";
import { planService } from "../../src/scaffold/plan.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";
import type { VirtualTree } from "../../src/scaffold/virtual-tree.js";
import { OPTION_SETS, type OptionSet } from "./option-sets.js";

/**
 * The generated CI runs the service's integration tests (`npm run test:integration`) on real servers:
 * PostgreSQL, and Kafka when the service has events, as GitHub Actions service containers with the
 * images docker-compose.yml runs, health-checked (the job's steps start once the checks pass), their
 * ports mapped to the runner, and the step given the variables test/integration/servers.ts reads.
 * (test/e2e/generated-integration.e2e.ts runs those tests on real servers.)
 */

const TEMPLATE = join(import.meta.dirname, "../../templates/service");
const README = join(import.meta.dirname, "../../README.md");

/** The workflow of the README's "GitHub Actions" setup for arch-lint (its first yaml block). */
function readmeWorkflow(): Record<string, any> {
  const readme = readFileSync(README, "utf8");
  const section = readme.slice(readme.indexOf("### GitHub Actions"));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("README.md has no yaml block under ### GitHub Actions");
  return parseYaml(block[1]!) as Record<string, any>;
}

/** Parsed YAML, walked freely by the assertions. */
type Yaml = Record<string, any>;

async function plan(options: OptionSet): Promise<VirtualTree> {
  const spec = loadTemplateSpec(TEMPLATE);
  const answers = await resolveAnswers(spec, options.name, options.flags);
  return planService({ spec, name: options.name, answers, toolVersion: "0.0.0-test" });
}

/**
 * The `--flag value` pairs of a service container's `options` (arguments of `docker create`);
 * a value in double quotes keeps its spaces.
 */
export function dockerOptions(options: string): Record<string, string> {
  const flags: Record<string, string> = {};
  for (const match of options.matchAll(/--([\w-]+)[ =]("[^"]*"|[^\s"]+)/g)) {
    flags[match[1]!] = match[2]!.replace(/^"(.*)"$/, "$1");
  }
  return flags;
}

describe("dockerOptions", () => {
  it("reads quoted and bare values across lines", () => {
    expect(dockerOptions('--health-cmd "pg_isready -U a -d b"\n--health-interval 5s --health-retries=20')).toEqual({
      "health-cmd": "pg_isready -U a -d b",
      "health-interval": "5s",
      "health-retries": "20",
    });
  });
});

describe.each(OPTION_SETS)("the generated CI of a service with $label", (options) => {
  const events = options.publishes.length + options.consumes.length > 0;
  let tree: VirtualTree;
  let workflow: Yaml;
  let compose: Yaml;
  let job: Yaml;
  const text = (path: string): string => {
    const content = tree.readText(path);
    if (content === undefined) throw new Error(`${path} was not generated`);
    return content;
  };

  beforeAll(async () => {
    tree = await plan(options);
    workflow = parseYaml(text(".github/workflows/ci.yml")) as Yaml;
    compose = parseYaml(text("docker-compose.yml")) as Yaml;
    job = workflow.jobs.integration as Yaml;
  });

  /** The step that runs the integration tests. */
  const integrationStep = (): Yaml => {
    const steps = (job.steps as Yaml[]).filter((step) => step.run === "npm run test:integration");
    expect(steps).toHaveLength(1);
    return steps[0]!;
  };

  it("has a job that installs and runs npm run test:integration, a script of the service's package.json", () => {
    expect(job, "jobs.integration").toBeDefined();
    expect(job["runs-on"]).toBe("ubuntu-latest");
    const runs = (job.steps as Yaml[]).map((step) => step.run).filter(Boolean);
    expect(runs).toEqual(["npm ci", "npm run test:integration"]);
    expect(job.steps[0].uses).toMatch(/^actions\/checkout@v\d+$/);
    const pkg = JSON.parse(text("package.json")) as { scripts: Record<string, string> };
    expect(pkg.scripts["test:integration"]).toBe("vitest run --config vitest.integration.config.ts");
    // The other jobs stay as they were: npm test runs no test that needs a server.
    expect(workflow.jobs.test.steps.map((step: Yaml) => step.run)).not.toContain("npm run test:integration");
  });

  it("starts exactly the servers the service uses, with the pinned images docker-compose.yml runs", () => {
    expect(Object.keys(job.services).sort()).toEqual(events ? ["kafka", "postgres"] : ["postgres"]);
    expect(job.services.postgres.image).toBe(compose.services.postgres.image);
    expect(job.services.postgres.image).toMatch(/^postgres:\d+(\.\d+)?(-[a-z0-9]+)?$/);
    if (!events) return;
    expect(job.services.kafka.image).toBe(compose.services.kafka.image);
    expect(job.services.kafka.image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
  });

  it("health-checks each server, so the steps start only once it answers", () => {
    const postgres = dockerOptions(job.services.postgres.options);
    const database = job.services.postgres.env.POSTGRES_DB as string;
    expect(postgres["health-cmd"]).toBe(`pg_isready -U ${job.services.postgres.env.POSTGRES_USER} -d ${database}`);
    for (const flags of [postgres, ...(events ? [dockerOptions(job.services.kafka.options)] : [])]) {
      expect(Object.keys(flags).sort()).toEqual(["health-cmd", "health-interval", "health-retries", "health-timeout"]);
      expect(flags["health-interval"]).toMatch(/^\d+s$/);
      expect(flags["health-timeout"]).toMatch(/^\d+s$/);
      expect(Number(flags["health-retries"])).toBeGreaterThanOrEqual(10);
    }
    if (!events) return;
    const kafka = dockerOptions(job.services.kafka.options);
    const [, port] = /^localhost:(\d+)$/.exec(job.steps.at(-1).env.TEST_KAFKA_BROKERS) ?? [];
    expect(kafka["health-cmd"]).toBe(`/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:${port}`);
  });

  it("gives the tests a throw-away database on the mapped port, with the container's own user and password", () => {
    const postgres = job.services.postgres as Yaml;
    expect(postgres.ports).toEqual(["5432:5432"]);
    const url = new URL(integrationStep().env.TEST_DATABASE_URL as string);
    expect(url.protocol).toBe("postgres:");
    expect(url.host).toBe("localhost:5432");
    expect(decodeURIComponent(url.username)).toBe(postgres.env.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(postgres.env.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${postgres.env.POSTGRES_DB}`);
    // Not the database the service itself runs on in docker compose: the tests drop its tables.
    expect(postgres.env.POSTGRES_DB).toBe(`${options.name.replace(/-/g, "_")}_test`);
  });

  it("runs Kafka in KRaft mode, advertised where the step connects, only when the service has events", () => {
    const env = integrationStep().env as Yaml;
    if (!events) {
      expect(env.TEST_KAFKA_BROKERS).toBeUndefined();
      return;
    }
    const kafka = job.services.kafka as Yaml;
    expect(env.TEST_KAFKA_BROKERS).toBe("localhost:9092");
    expect(kafka.ports).toEqual(["9092:9092"]);
    expect(kafka.env).toMatchObject({
      KAFKA_PROCESS_ROLES: "broker,controller",
      KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://localhost:9092",
      KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
    });
    // A single node votes for itself: its node id at its own controller listener.
    expect(kafka.env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${kafka.env.KAFKA_NODE_ID}@localhost:9093`);
    expect(kafka.env.KAFKA_LISTENERS).toBe("PLAINTEXT://:9092,CONTROLLER://:9093");
    // Every env value a string: GitHub passes them to docker as they are written.
    for (const [name, value] of Object.entries(kafka.env)) expect(typeof value, name).toBe("string");
  });

  it("lints with the setup the README recommends: the same steps, arch-lint through the action its devDependency ships", () => {
    const recommended = readmeWorkflow().jobs["arch-lint"] as Yaml;
    const generated = workflow.jobs["arch-lint"] as Yaml;
    expect(generated.steps).toEqual(recommended.steps);
    expect(generated["runs-on"]).toBe(recommended["runs-on"]);
    expect(generated.steps.at(-1)).toEqual({ uses: "./node_modules/create-service" });
    // The action is in the package that devDependency installs (package.json "files").
    const files = (JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as { files: string[] }).files;
    expect(files).toEqual(expect.arrayContaining(["action.yml", "action"]));
    expect((JSON.parse(text("package.json")) as { devDependencies: Record<string, string> }).devDependencies["create-service"]).toBeDefined();
  });

  it("sets only variables the integration tests read", () => {
    const servers = text("test/integration/servers.ts");
    for (const name of Object.keys(integrationStep().env)) expect(servers).toContain(`process.env.${name}`);
  });
});
