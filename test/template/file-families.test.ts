import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveAnswers } from "../../src/scaffold/answers.js";
import { planService } from "../../src/scaffold/plan.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";
import type { VirtualTree } from "../../src/scaffold/virtual-tree.js";
import { OPTION_SETS, type OptionSet } from "./option-sets.js";

/**
 * What each family of generated files must say, for every option set: the file list and its modes, package.json,
 * the Dockerfile's runtime stage, the entry point's start-up and shutdown order, the migrations, the outbox, the
 * consumers, tracing and the health probes. Each expectation is a decision a reviewer can read and argue with,
 * where a snapshot of every byte was rewritten with every template change and guarded nothing.
 * Also checked elsewhere: compose, Kubernetes, the CI job list, the Dockerfile's stages and env (files.test.ts),
 * the CI workflow's servers (ci-workflow.test.ts), the generated services running their own tests (generated-services/).
 */

const TEMPLATE = join(import.meta.dirname, "../../templates/service");
const TOOL = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as { engines: { node: string } };

async function plan(options: OptionSet): Promise<VirtualTree> {
  const spec = loadTemplateSpec(TEMPLATE);
  const answers = await resolveAnswers(spec, options.name, options.flags);
  return planService({ spec, name: options.name, answers, toolVersion: "0.0.0-test" });
}

const kebab = (text: string): string => text.replace(/[^a-z0-9]+/g, "-");
const snake = (text: string): string => text.replace(/-/g, "_");

/** Every service, whatever its options. */
const EVERY_SERVICE = [
  ".create-service.json", ".dockerignore", ".env.example", ".github/workflows/ci.yml", ".gitignore", ".npmrc", ".nvmrc",
  "Dockerfile", "README.md", "docker-compose.yml",
  "k8s/configmap.yaml", "k8s/deployment.yaml", "k8s/hpa.yaml", "k8s/kustomization.yaml", "k8s/pdb.yaml", "k8s/secret.example.yaml", "k8s/service.yaml",
  "migrations/0001_init.sql", "package.json", "scripts/require-node.cjs", "scripts/smoke.sh",
  "src/config.ts", "src/db/batch-by-id.ts", "src/db/database.ts", "src/db/ids.ts", "src/db/migrate.ts", "src/db/pglite-statements.ts", "src/dev-env.ts",
  "src/http/app.ts", "src/http/gateway-identity.ts", "src/http/health.ts", "src/http/problem.ts", "src/http/validation.ts",
  "src/lifecycle.ts", "src/logger.ts", "src/migrate.ts", "src/resource/repository.ts", "src/resource/routes.ts", "src/server.ts", "src/service.ts", "src/telemetry.ts",
  "test/api.test.ts", "test/batch-by-id.test.ts", "test/config.test.ts", "test/gateway-identity.test.ts", "test/global-setup.ts", "test/helpers.ts", "test/ids.test.ts",
  "test/integration/real-servers.test.ts", "test/integration/servers.ts", "test/lifecycle.test.ts", "test/pglite-statements.test.ts", "test/tracing.test.ts",
  "tsconfig.build.json", "tsconfig.json", "vitest.config.ts", "vitest.integration.config.ts",
];

/** What each option adds. */
function expectedFiles(options: OptionSet): string[] {
  const events = options.publishes.length + options.consumes.length > 0;
  return [
    ...EVERY_SERVICE,
    ...(events ? ["src/messaging/kafka.ts"] : []),
    ...(options.publishes.length ? ["migrations/0002_outbox.sql", "src/outbox/outbox.ts", "src/outbox/relay.ts", "test/outbox.test.ts"] : []),
    ...(options.consumes.length
      ? ["migrations/0003_processed_events.sql", "src/consumers/consumer.ts", "src/consumers/handlers/index.ts", "test/consumers.test.ts", ...options.consumes.map((topic) => `src/consumers/handlers/${kebab(topic)}.ts`)]
      : []),
    ...(options.calls.length ? ["src/clients/http-client.ts", "src/clients/index.ts", "test/clients.test.ts", ...options.calls.map((service) => `src/clients/${kebab(service)}.ts`)] : []),
  ].sort();
}

describe.each(OPTION_SETS)("the template's file families with $label", (options) => {
  let tree: VirtualTree;
  const text = (path: string): string => {
    const content = tree.readText(path);
    if (content === undefined) throw new Error(`${path} was not generated`);
    return content;
  };
  const events = options.publishes.length + options.consumes.length > 0;
  const own = snake(options.name);

  beforeAll(async () => {
    tree = await plan(options);
  });

  it("writes exactly these files, and only scripts/smoke.sh is executable", () => {
    expect(tree.paths().sort()).toEqual(expectedFiles(options));
    expect(tree.entries().filter(([, file]) => (file.mode & 0o111) !== 0).map(([path]) => path)).toEqual(["scripts/smoke.sh"]);
  });

  it("package.json: an ES module on the tool's Node versions, with the scripts its README documents and the dependencies its options need", () => {
    const pkg = JSON.parse(text("package.json")) as { name: string; type: string; private: boolean; engines: { node: string }; scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg).toMatchObject({ name: options.name, type: "module", private: true, engines: { node: TOOL.engines.node } });
    expect(pkg.scripts).toEqual({
      predev: "node scripts/require-node.cjs",
      dev: "node --watch --import ./src/dev-env.ts --import ./src/telemetry.ts src/server.ts",
      build: "tsc -p tsconfig.build.json",
      prestart: "node scripts/require-node.cjs && npm run build",
      start: "node --import ./dist/telemetry.js dist/server.js",
      pretest: "node scripts/require-node.cjs",
      test: "vitest run",
      "pretest:integration": "node scripts/require-node.cjs",
      "test:integration": "vitest run --config vitest.integration.config.ts",
      typecheck: "tsc -p tsconfig.json --noEmit",
      premigrate: "node scripts/require-node.cjs",
      migrate: "node --import ./src/dev-env.ts src/migrate.ts",
      "arch-lint": "arch-lint .",
    });
    const runtime = ["@electric-sql/pglite", "@fastify/otel", "@fastify/swagger", "@opentelemetry/api", "@opentelemetry/instrumentation", "@opentelemetry/instrumentation-http", "@opentelemetry/instrumentation-pg", "@opentelemetry/sdk-node", "ajv", "ajv-formats", "dataloader", "fastify", "jose", "pg", "pino"];
    expect(Object.keys(pkg.dependencies).sort()).toEqual(
      [...runtime, ...(events ? ["@platformatic/kafka", "@platformatic/kafka-opentelemetry"] : []), ...(options.calls.length ? ["opossum"] : [])].sort(),
    );
    expect(Object.keys(pkg.devDependencies).sort()).toEqual(["@types/node", "@types/pg", "create-service", "typescript", "vitest", ...(options.calls.length ? ["@types/opossum"] : [])].sort());
  });

  it("Dockerfile: the runtime stage has the built code, production dependencies and the migrations it runs at start-up, and runs as node", () => {
    const runtime = text("Dockerfile").split(/^FROM /m).at(-1)!;
    expect(runtime).toMatch(/^\$\{NODE_IMAGE\} AS runtime$/m);
    expect(text("Dockerfile")).toMatch(/^ARG NODE_IMAGE=node:24-[a-z-]+$/m);
    for (const copy of ["COPY --from=deps /app/node_modules ./node_modules", "COPY --from=build /app/dist ./dist", "COPY migrations ./migrations"]) expect(runtime).toContain(copy);
    // The sources and the dev dependencies stay in the build stage.
    expect(runtime).not.toMatch(/^COPY src\b/m);
    expect(runtime).not.toMatch(/^RUN npm ci(?!.*--omit=dev)/m);
    expect(runtime.indexOf("USER node")).toBeLessThan(runtime.indexOf("CMD "));
  });

  it("src/server.ts: starts config, database, migrations, messaging, then listens; shuts down in the reverse order", () => {
    const server = text("src/server.ts");
    const order = ["loadConfig()", "await openDatabase(", "await migrate(db)", ...(options.publishes.length ? ["relay.start()"] : []), ...(options.consumes.length ? ["keepConsuming("] : []), "await buildApp(", "await app.listen("];
    const at = order.map((step) => server.indexOf(step));
    expect(at.every((index) => index >= 0), `${order.join(", ")} at ${at.join(", ")}`).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const shutdown = [...server.matchAll(/shutdownSteps\.push\(\{\s*name: "([^"]+)"/g)].map((match) => match[1]);
    expect(shutdown).toEqual(["http server", ...(options.consumes.length ? ["consumer"] : []), ...(options.publishes.length ? ["outbox relay"] : []), ...(options.calls.length ? ["clients"] : []), "database", "telemetry"]);
    expect(server).toContain("handleShutdownSignals(shutdownSteps");
  });

  it("migrations: numbered, idempotent, and every table is the service's own", () => {
    const migrations = tree.paths().filter((path) => path.startsWith("migrations/"));
    expect(migrations).toEqual(["migrations/0001_init.sql", ...(options.publishes.length ? ["migrations/0002_outbox.sql"] : []), ...(options.consumes.length ? ["migrations/0003_processed_events.sql"] : [])]);
    const sql = migrations.map(text).join("\n");
    const creates = [...sql.matchAll(/\bCREATE (?:UNIQUE )?(TABLE|INDEX)\b(?! IF NOT EXISTS)/g)];
    expect(creates.map((match) => match[0]), "every CREATE is IF NOT EXISTS: a rerun changes nothing").toEqual([]);
    const tables = [...sql.matchAll(/\bCREATE TABLE IF NOT EXISTS ([a-z0-9_]+)/g)].map((match) => match[1]!);
    expect(tables[0]).toBe(own);
    for (const table of tables) expect(table === own || table.startsWith(`${own}_`), table).toBe(true);
    expect(sql).not.toMatch(/\b(DROP|TRUNCATE)\b/);
    if (options.publishes.length) {
      expect(text("migrations/0002_outbox.sql")).toMatch(new RegExp(`CREATE TABLE IF NOT EXISTS ${own}_outbox \\([^;]*\\bsent_at\\s+timestamptz\\b[^;]*\\)`, "s"));
      expect(text("migrations/0002_outbox.sql")).toMatch(new RegExp(`ON ${own}_outbox \\(seq\\) WHERE sent_at IS NULL`));
    }
    if (options.consumes.length) expect(text("migrations/0003_processed_events.sql")).toMatch(new RegExp(`CREATE TABLE IF NOT EXISTS ${own}_processed_events \\(\\s*event_id\\s+text PRIMARY KEY`));
  });

  it("outbox: an event is a row written in the caller's transaction; the relay marks it sent only after publishing it (none without --publishes)", () => {
    if (!options.publishes.length) {
      expect(text("src/server.ts")).not.toContain("OutboxRelay");
      expect(text("src/service.ts")).toContain("export const PUBLISHED_TOPICS = [] as const;");
      return;
    }
    const outbox = text("src/outbox/outbox.ts");
    expect(outbox).toMatch(/export async function enqueueEvent\(tx: Queryable, event: NewEvent\)/);
    expect(outbox).toContain(`"INSERT INTO ${own}_outbox (`);
    // Nothing in it talks to Kafka: the relay publishes what the transaction committed.
    expect(outbox).not.toMatch(/from "[^"]*kafka[^"]*"/);
    const relay = text("src/outbox/relay.ts");
    const published = relay.indexOf("await publishInTraceContext(publisher, row)");
    const marked = relay.indexOf(`"UPDATE ${own}_outbox SET sent_at = now()`);
    expect(published).toBeGreaterThan(0);
    expect(marked).toBeGreaterThan(published);
    expect(text("src/service.ts")).toContain(`export const PUBLISHED_TOPICS = ${JSON.stringify(options.publishes).replaceAll(",", ", ")} as const;`);
  });

  it("consumers: one handler per consumed topic, the event id recorded in the handler's transaction, failures to <topic>.<service>.dlq (none without --consumes)", () => {
    if (!options.consumes.length) {
      expect(text("src/server.ts")).not.toContain("EventConsumer");
      expect(text("src/service.ts")).toContain("export const CONSUMED_TOPICS = [] as const;");
      return;
    }
    const handlers = text("src/consumers/handlers/index.ts");
    const mapped = [...handlers.matchAll(/^ {2}("[^"]+"): (\w+),$/gm)].map((match) => [JSON.parse(match[1]!) as string, match[2]!]);
    expect(mapped.map(([topic]) => topic)).toEqual(options.consumes);
    expect(text("src/service.ts")).toContain(`export const CONSUMED_TOPICS = ${JSON.stringify(options.consumes).replaceAll(",", ", ")} as const;`);
    for (const [topic, handler] of mapped) {
      const file = text(`src/consumers/handlers/${kebab(topic!)}.ts`);
      expect(file).toContain(`export const TOPIC = ${JSON.stringify(topic)};`);
      expect(file).toMatch(new RegExp(`export async function ${handler}\\(tx: Queryable, event: ConsumedEvent\\)`));
    }
    const consumer = text("src/consumers/consumer.ts");
    const transaction = consumer.indexOf("this.options.db.transaction(async (tx) =>");
    const recorded = consumer.indexOf(`"INSERT INTO ${own}_processed_events (event_id, topic) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING`);
    expect(transaction).toBeGreaterThan(0);
    expect(recorded).toBeGreaterThan(transaction);
    expect(consumer).toContain("export const deadLetterTopic = (topic: string): string => `${topic}.${SERVICE_NAME}.dlq`;");
  });

  it("tracing: loaded before the app, off without an OTLP endpoint, instrumenting Fastify, outgoing HTTP, pg and Kafka when it has events", () => {
    const telemetry = text("src/telemetry.ts");
    expect(telemetry).toMatch(/^const endpoint = process\.env\.OTEL_EXPORTER_OTLP_ENDPOINT\?\.trim\(\);\nif \(endpoint\) \{/m);
    const instrumentations = [...telemetry.matchAll(/new (\w+Instrumentation)\(/g)].map((match) => match[1]);
    expect(instrumentations).toEqual(["HttpInstrumentation", "FastifyOtelInstrumentation", "PgInstrumentation", ...(events ? ["KafkaInstrumentation"] : [])]);
    expect(telemetry).toContain("new HttpInstrumentation({ disableIncomingRequestInstrumentation: true })");
    expect(telemetry).toContain("serviceName: process.env.OTEL_SERVICE_NAME?.trim() || SERVICE_NAME");
    // The app is imported after tracing starts: by --import in every way the service is run.
    expect(text("Dockerfile")).toContain('CMD ["node", "--import", "./dist/telemetry.js", "dist/server.js"]');
  });

  it("health: /healthz and /readyz unversioned and untraced; liveness checks nothing, readiness the database and shutdown", () => {
    const health = text("src/http/health.ts");
    expect(health).toContain('const probe = { logLevel: "warn", schema: { hide: true }, config: { otel: false } } as const;');
    expect(health).toMatch(/app\.get\("\/healthz", probe, async function healthz\(\) \{\n\s+return \{ status: "ok" \};\n\s+\}\);/);
    expect(health).toContain("const ready = database === \"ok\" && !shuttingDown;");
    expect(health).toContain("reply.code(ready ? 200 : 503)");
    // Registered outside the versioned prefix.
    const app = text("src/http/app.ts");
    expect(app).toContain("registerProbes(app");
    expect(app).toContain("{ prefix: API_PREFIX }");
  });

  it("gateway identity: the gateway's internal token verified as the gateway template signs it, before any route; the probes and the OpenAPI document open", () => {
    const identity = text("src/http/gateway-identity.ts");
    // What templates/gateway's src/auth/identity.ts signs, to the letter: header, audience, algorithm, secret, claims.
    const signer = readFileSync(join(TEMPLATE, "../gateway/files/src/auth/identity.ts"), "utf8");
    expect(signer).toContain('"x-internal-token"');
    expect(identity).toContain('export const INTERNAL_TOKEN_HEADER = "x-internal-token";');
    expect(signer).toContain('export const INTERNAL_AUDIENCE = "internal";');
    expect(identity).toContain('export const INTERNAL_AUDIENCE = "internal";');
    expect(signer).toContain('setProtectedHeader({ alg: "HS256", typ: "JWT" })');
    expect(identity).toContain('algorithms: ["HS256"]');
    expect(signer).toMatch(/new SignJWT\(\{ roles: identity\.roles \}\)[\s\S]*\.setSubject\(identity\.subject\)[\s\S]*\.setExpirationTime\(/);
    expect(identity).toContain('requiredClaims: ["sub", "exp"]');
    expect(identity).toContain("id: String(payload.sub), roles: Array.isArray(payload.roles)");
    expect(signer).toContain("new TextEncoder().encode(auth.internalTokenSecret)");
    expect(text("src/config.ts")).toContain('secret: read.optionalText("INTERNAL_TOKEN_SECRET")');
    // Checked in onRequest, before the body is read or any route runs; never from the identity headers a client can write.
    expect(identity).toContain('app.addHook("onRequest", async function verifyGatewayToken');
    expect(identity).not.toMatch(/headers\[?\.?["']?x-user-(id|roles)/);
    expect(text("src/http/app.ts")).toContain('registerGatewayIdentity(app, deps.gateway, ["/healthz", "/readyz", `${API_PREFIX}/openapi.json`]);');
    expect(text("src/server.ts")).toContain("gateway: config.gateway,");
  });
});
