import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { resolveAnswers } from "../../src/scaffold/answers.js";
import { planService } from "../../src/scaffold/plan.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";
import { portFor } from "../../src/scaffold/port-plan.js";
import type { VirtualTree } from "../../src/scaffold/virtual-tree.js";
import { OPTION_SETS, type OptionSet } from "./option-sets.js";

/**
 * What the built-in template writes, checked in memory for each option set:
 * which files exist, and that the generated YAML (compose, Kubernetes, CI)
 * parses and carries what issue 3 asks for. generated-services.ts (a test file per set in generated-services/) runs
 * the generated services themselves.
 */

const TEMPLATE = join(import.meta.dirname, "../../templates/service");

/** Parsed YAML, walked freely by the assertions. */
type Yaml = Record<string, any>;

async function plan(options: OptionSet): Promise<VirtualTree> {
  const spec = loadTemplateSpec(TEMPLATE);
  const answers = await resolveAnswers(spec, options.name, options.flags);
  return planService({ spec, name: options.name, answers, toolVersion: "0.0.0-test" });
}

const kebab = (text: string): string => text.replace(/[^a-z0-9]+/g, "-");
const constant = (text: string): string => text.replace(/[^a-z0-9]+/g, "_").toUpperCase();

describe.each(OPTION_SETS)("the service template with $label", (options) => {
  let tree: VirtualTree;
  const text = (path: string): string => {
    const content = tree.readText(path);
    if (content === undefined) throw new Error(`${path} was not generated`);
    return content;
  };
  const yaml = (path: string): Yaml => parseYaml(text(path)) as Yaml;

  beforeAll(async () => {
    tree = await plan(options);
  });

  it("writes the parts every service has", () => {
    for (const path of [
      "package.json", ".npmrc", ".nvmrc", ".gitignore", ".env.example", ".dockerignore", "Dockerfile", "docker-compose.yml", "README.md",
      "tsconfig.json", "tsconfig.build.json", "vitest.config.ts", "migrations/0001_init.sql",
      "src/server.ts", "src/telemetry.ts", "src/config.ts", "src/logger.ts", "src/lifecycle.ts", "src/migrate.ts",
      "src/db/database.ts", "src/db/migrate.ts", "src/http/app.ts", "src/http/health.ts", "src/http/problem.ts",
      "src/resource/routes.ts", "src/resource/repository.ts", "src/db/batch-by-id.ts", "src/db/pglite-statements.ts",
      "k8s/deployment.yaml", "k8s/service.yaml", "k8s/hpa.yaml", "k8s/pdb.yaml", "k8s/configmap.yaml", "k8s/kustomization.yaml",
      ".github/workflows/ci.yml", "test/api.test.ts", "test/config.test.ts", "test/tracing.test.ts", "test/integration/real-servers.test.ts", "test/integration/servers.ts", "vitest.integration.config.ts", "test/lifecycle.test.ts",
    ]) {
      expect(tree.exists(path), path).toBe(true);
    }
  });

  it("writes the outbox only when it publishes, consumers only when it consumes, clients only when it calls", () => {
    const has = (path: string): boolean => tree.exists(path);
    const events = options.publishes.length + options.consumes.length > 0;
    expect(has("src/messaging/kafka.ts")).toBe(events);
    expect(text("src/telemetry.ts").includes("@platformatic/kafka-opentelemetry")).toBe(events);
    expect(text("src/config.ts").includes("KAFKA_BROKERS")).toBe(events);
    expect(has("src/outbox/relay.ts")).toBe(options.publishes.length > 0);
    expect(has("migrations/0002_outbox.sql")).toBe(options.publishes.length > 0);
    expect(has("test/outbox.test.ts")).toBe(options.publishes.length > 0);
    expect(has("src/consumers/consumer.ts")).toBe(options.consumes.length > 0);
    expect(has("migrations/0003_processed_events.sql")).toBe(options.consumes.length > 0);
    expect(has("src/clients/http-client.ts")).toBe(options.calls.length > 0);
    const handlers = tree.paths().filter((path) => path.startsWith("src/consumers/handlers/") && path !== "src/consumers/handlers/index.ts");
    expect(handlers.sort()).toEqual(options.consumes.map((topic) => `src/consumers/handlers/${kebab(topic)}.ts`).sort());
    const clients = tree.paths().filter((path) => path.startsWith("src/clients/") && !["src/clients/http-client.ts", "src/clients/index.ts"].includes(path));
    expect(clients.sort()).toEqual(options.calls.map((service) => `src/clients/${kebab(service)}.ts`).sort());
  });

  it("names no host in its code: every target comes from the environment", () => {
    for (const path of tree.paths().filter((p) => p.startsWith("src/"))) {
      expect(text(path), path).not.toMatch(/https?:\/\/|localhost|127\.0\.0\.1/);
    }
    for (const service of options.calls) {
      expect(text("src/config.ts")).toContain(`"${constant(service)}_URL"`);
      // In development each called service is on the port its own generation gives it by default.
      expect(text(".env.example")).toMatch(new RegExp(`^${constant(service)}_URL=http://localhost:${portFor(service)}$`, "m"));
    }
  });

  it("versions every business route and leaves the probes unversioned", () => {
    expect(text("src/service.ts")).toContain(`export const API_VERSION = "${options.apiVersion}";`);
    expect(text("src/http/app.ts")).toContain("{ prefix: API_PREFIX }");
    expect(text("src/http/health.ts")).toMatch(/app\.get\("\/healthz"/);
    expect(text("src/http/health.ts")).toMatch(/app\.get\("\/readyz"/);
  });

  it("writes SQL with placeholders only, for tables of its own", () => {
    const sources = tree.paths().filter((path) => path.startsWith("src/")).map(text).join("\n");
    const statements = [...sources.matchAll(/"((?:SELECT|INSERT|UPDATE|DELETE)[^"]*)"/g)].map((match) => match[1] ?? "");
    expect(statements.length).toBeGreaterThan(3);
    for (const sql of statements) expect(sql, sql).not.toContain("${");
    // Every table it touches is its own: named after the service, or prefixed with its name.
    const own = options.name.replace(/-/g, "_");
    const tables = [...sources.matchAll(/\b(?:FROM|INTO|UPDATE|TABLE)\s+([a-z_]+)/g)].map((match) => match[1] ?? "");
    expect(tables).toContain(own);
    for (const table of tables) expect(table === own || table.startsWith(`${own}_`), table).toBe(true);
  });

  it("composes the service with its own PostgreSQL, a single-node KRaft Kafka (when it has events) and Jaeger", () => {
    const compose = yaml("docker-compose.yml");
    const services = compose.services as Yaml;
    const events = options.publishes.length + options.consumes.length > 0;
    expect(Object.keys(services).sort()).toEqual([options.name, "postgres", "jaeger", ...(events ? ["kafka", "kafka-init"] : [])].sort());
    const app = services[options.name] as Yaml;
    expect(app.build).toBe(".");
    expect(app.environment.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    expect(app.environment.KAFKA_BROKERS).toBe(events ? "kafka:9092" : undefined);
    expect(Object.keys(app.depends_on).sort()).toEqual(["jaeger", "postgres", ...(events ? ["kafka-init"] : [])].sort());
    expect(app.environment.OTEL_EXPORTER_OTLP_ENDPOINT).toBe("http://jaeger:4318");
    expect(app.depends_on.postgres.condition).toBe("service_healthy");
    // docker stop waits this long before SIGKILL: longer than the service's own shutdown limit.
    const shutdownSeconds = Number(yaml("k8s/configmap.yaml").data.SHUTDOWN_TIMEOUT_MS) / 1000;
    expect(Number.parseInt(String(app.stop_grace_period), 10)).toBeGreaterThan(shutdownSeconds);
    for (const service of options.calls) expect(app.environment[`${constant(service)}_URL`]).toBeDefined();
    expect(services.postgres.image).toMatch(/^postgres:/);
    expect(services.postgres.environment.POSTGRES_DB).toBe(options.name.replace(/-/g, "_"));
    expect(services.jaeger.image).toMatch(/^jaegertracing\/jaeger:/);
    if (!events) return;
    expect(services.kafka.image).toMatch(/^apache\/kafka:4\./);
    expect(services.kafka.environment.KAFKA_PROCESS_ROLES).toBe("broker,controller");
    expect(services.kafka.environment.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe("1@kafka:9093");
    const topics = String(services["kafka-init"].command[0]);
    for (const topic of [...options.publishes, ...options.consumes]) expect(topics).toContain(` ${topic} `);
  });

  it("deploys to Kubernetes with probes, resources, config from a ConfigMap and a Secret, an HPA and a PDB", () => {
    const deployment = yaml("k8s/deployment.yaml");
    expect(deployment).toMatchObject({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: options.name } });
    const pod = deployment.spec.template.spec as Yaml;
    const [container] = pod.containers as Yaml[];
    expect(container?.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(container?.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "http" });
    // containerPort, the image's EXPOSE and PORT all follow --port, whose default comes from the name.
    expect(container?.ports).toEqual([{ name: "http", containerPort: portFor(options.name) }]);
    expect(text("Dockerfile")).toMatch(new RegExp(`^EXPOSE ${portFor(options.name)}$`, "m"));
    expect(yaml("k8s/configmap.yaml").data.PORT).toBe(String(portFor(options.name)));
    expect(container?.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container?.resources.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container?.envFrom).toEqual([{ configMapRef: { name: `${options.name}-config` } }, { secretRef: { name: `${options.name}-secrets` } }]);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(deployment.spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": options.name });
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);

    expect(yaml("k8s/service.yaml")).toMatchObject({ kind: "Service", spec: { selector: { "app.kubernetes.io/name": options.name }, ports: [{ targetPort: "http" }] } });
    expect(yaml("k8s/hpa.yaml")).toMatchObject({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      spec: { scaleTargetRef: { kind: "Deployment", name: options.name }, minReplicas: expect.any(Number), maxReplicas: expect.any(Number) },
    });
    expect(yaml("k8s/pdb.yaml")).toMatchObject({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", spec: { selector: { matchLabels: { "app.kubernetes.io/name": options.name } } } });
    const configMap = yaml("k8s/configmap.yaml");
    expect(configMap).toMatchObject({ kind: "ConfigMap", metadata: { name: `${options.name}-config` } });
    expect(yaml("k8s/secret.example.yaml")).toMatchObject({ kind: "Secret", metadata: { name: `${options.name}-secrets` }, stringData: { DATABASE_URL: expect.any(String) } });
    // Every ConfigMap key is a variable the service declares.
    for (const key of Object.keys(configMap.data as Yaml)) expect(text(".env.example"), key).toMatch(new RegExp(`^#? ?${key}=`, "m"));
    for (const service of options.calls) expect(configMap.data[`${constant(service)}_URL`]).toBe(`http://${kebab(service)}`);
    expect(yaml("k8s/kustomization.yaml").resources).toEqual(["configmap.yaml", "deployment.yaml", "service.yaml", "hpa.yaml", "pdb.yaml"]);
  });

  it("runs CI: install, typecheck, test and arch-lint", () => {
    const workflow = yaml(".github/workflows/ci.yml");
    const runs = Object.values(workflow.jobs as Yaml).flatMap((job: Yaml) => (job.steps as Yaml[]).map((step) => step.run).filter(Boolean));
    expect(runs).toEqual(expect.arrayContaining(["npm ci", "npm run typecheck", "npm test"]));
    expect(workflow.jobs.test.strategy.matrix.node).toEqual(["22", "24"]);
    // The arch-lint of the release that generated the service, so a newer one's rules never fail CI unasked:
    // a devDependency (npm ci installs it, as the lockfile pins it), never a package fetched when the job runs.
    const pkg = JSON.parse(text("package.json")) as Yaml;
    expect(pkg.scripts["arch-lint"]).toBe("arch-lint .");
    expect(pkg.devDependencies["create-service"]).toBe("0.0.0-test");
    // It runs through the GitHub Action that the installed package ships, as the README of create-service recommends.
    expect(workflow.jobs["arch-lint"].steps.map((step: Yaml) => step.run ?? step.uses)).toEqual(["actions/checkout@v5", "actions/setup-node@v5", "npm ci", "./node_modules/create-service"]);
    expect(text(".github/workflows/ci.yml")).not.toMatch(/npx/);
  });

  it("builds a multi-stage, non-root image with a health check and production dependencies only", () => {
    const dockerfile = text("Dockerfile");
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    // The files stay root's: the user the service runs as can read its code, not rewrite it.
    expect(dockerfile).not.toContain("--chown");
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(dockerfile).toContain("npm ci --omit=dev");
    expect(dockerfile).toContain('CMD ["node", "--import", "./dist/telemetry.js", "dist/server.js"]');
    expect(text(".dockerignore")).toMatch(/^node_modules$/m);
  });

  it("pins its dependencies and declares the scripts of issue 3", () => {
    const pkg = JSON.parse(text("package.json")) as { scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(["dev", "build", "start", "test", "typecheck", "migrate"]));
    expect(pkg.scripts.start).toContain("--import ./dist/telemetry.js");
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) expect(version, name).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(pkg.dependencies["@platformatic/kafka"]).toBe(options.publishes.length + options.consumes.length > 0 ? "2.12.1" : undefined);
    expect(pkg.dependencies["@electric-sql/pglite"]).toBe("0.5.16");
    expect("opossum" in pkg.dependencies).toBe(options.calls.length > 0);
  });

  it("points .env.example's example addresses at the ports docker compose publishes on the host", () => {
    // npm run dev runs on the host: an example address must reach the compose server from there, not from inside the network.
    const compose = yaml("docker-compose.yml");
    const published = (service: string): string[] => (compose.services[service].ports as string[]).map((port) => port.split(":")[0]!);
    const example = (name: string): string | undefined => text(".env.example").match(new RegExp(`^#? ?${name}=(\\S+)$`, "m"))?.[1];
    expect(published("postgres")).toContain(new URL(example("DATABASE_URL")!).port);
    expect(published("jaeger")).toContain(new URL(example("OTEL_EXPORTER_OTLP_ENDPOINT")!).port);
    const brokers = example("KAFKA_BROKERS");
    if (options.publishes.length + options.consumes.length === 0) return expect(brokers).toBeUndefined();
    const [host, port] = brokers!.split(":");
    expect(published("kafka")).toContain(port);
    expect(compose.services.kafka.environment.KAFKA_ADVERTISED_LISTENERS).toContain(`//${host}:${port}`);
  });

  it("lists every environment variable in .env.example and the README", () => {
    const declared = [...text("src/config.ts").matchAll(/\{ name: "([A-Z0-9_]+)"/g)].map((match) => match[1] ?? "");
    expect(declared.length).toBeGreaterThan(8);
    for (const name of declared) {
      expect(text(".env.example"), name).toMatch(new RegExp(`^#? ?${name}=`, "m"));
      expect(text("README.md"), name).toContain(`\`${name}\``);
    }
  });
});
