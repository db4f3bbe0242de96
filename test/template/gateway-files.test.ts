import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveAnswers } from "../../src/scaffold/answers.js";
import { planService } from "../../src/scaffold/plan.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";
import type { VirtualTree } from "../../src/scaffold/virtual-tree.js";

/**
 * What each family of the gateway template's files must say, as file-families.test.ts does for
 * the service template: the file list, package.json (exact pins), the Dockerfile's runtime stage,
 * start-up and shutdown, the routes per --routes entry and their defaults in every place an
 * address is set, the proxy's guards, authentication, the rate limit, Kubernetes and CI; and the
 * files the two templates share word for word (one of them changed alone is drift).
 * The generated gateway running its own tests is generated-gateway.test.ts's.
 */

const ROOT = join(import.meta.dirname, "../..");
const TOOL = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string } };

const SETS = [
  { label: "two routes", name: "edge", routes: ["orders", "inventory"] },
  { label: "one route with dashes", name: "public-api", routes: ["order-history"] },
];

async function plan(name: string, routes: string[]): Promise<VirtualTree> {
  const spec = loadTemplateSpec(join(ROOT, "templates/gateway"));
  const answers = await resolveAnswers(spec, name, { routes: routes.join(",") });
  return planService({ spec, name, answers, toolVersion: "0.0.0-test" });
}

const constant = (text: string): string => text.replace(/[^a-z0-9]+/g, "_").toUpperCase();

const EVERY_GATEWAY = [
  ".create-service.json", ".dockerignore", ".env.example", ".github/workflows/ci.yml", ".gitignore", ".npmrc", ".nvmrc",
  "Dockerfile", "README.md", "docker-compose.yml",
  "k8s/configmap.yaml", "k8s/deployment.yaml", "k8s/hpa.yaml", "k8s/httproute.yaml", "k8s/kustomization.yaml", "k8s/pdb.yaml", "k8s/secret.example.yaml", "k8s/service.yaml",
  "package.json", "scripts/require-node.cjs",
  "src/aggregate.ts", "src/auth/identity.ts", "src/auth/verify-token.ts", "src/config.ts", "src/dev-env.ts", "src/http/app.ts", "src/http/health.ts", "src/http/problem.ts", "src/http/security-headers.ts",
  "src/lifecycle.ts", "src/logger.ts", "src/openapi/merge.ts", "src/openapi/serve.ts", "src/proxy/upstream.ts", "src/rate-limit.ts", "src/server.ts", "src/service.ts", "src/telemetry.ts",
  "test/aggregate.test.ts", "test/auth.test.ts", "test/config.test.ts", "test/helpers.ts", "test/openapi.test.ts", "test/proxy.test.ts", "test/rate-limit.test.ts", "test/tracing.test.ts",
  "tsconfig.build.json", "tsconfig.json", "vitest.config.ts",
];

/** Files both templates write the same way: the gateway's copy is the service's, byte for byte. */
const SHARED_WITH_SERVICE = [".dockerignore", ".nvmrc", "_gitignore", "_npmrc", "tsconfig.build.json", "scripts/require-node.cjs.hbs", "src/dev-env.ts", "src/lifecycle.ts", "src/logger.ts", "src/http/problem.ts", "k8s/hpa.yaml.hbs", "k8s/pdb.yaml.hbs", "k8s/service.yaml.hbs"];

describe("the gateway template shares the service template's foundations", () => {
  it.each(SHARED_WITH_SERVICE)("%s is the service template's, word for word", (path) => {
    const read = (template: string) => readFileSync(join(ROOT, "templates", template, "files", path), "utf8");
    expect(read("gateway")).toBe(read("service"));
  });
});

describe.each(SETS)("the gateway template's file families with $label", ({ name, routes }) => {
  let tree: VirtualTree;
  const text = (path: string): string => {
    const content = tree.readText(path);
    if (content === undefined) throw new Error(`${path} was not generated`);
    return content;
  };

  beforeAll(async () => {
    tree = await plan(name, routes);
  });

  it("writes exactly these files, none executable", () => {
    expect(tree.paths().sort()).toEqual([...EVERY_GATEWAY].sort());
    expect(tree.entries().filter(([, file]) => (file.mode & 0o111) !== 0).map(([path]) => path)).toEqual([]);
  });

  it("package.json: an ES module on the tool's Node versions, every dependency pinned exactly", () => {
    const pkg = JSON.parse(text("package.json")) as { name: string; type: string; engines: { node: string }; scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg).toMatchObject({ name, type: "module", engines: { node: TOOL.engines.node } });
    expect(Object.keys(pkg.scripts).sort()).toEqual(["arch-lint", "build", "dev", "predev", "prestart", "pretest", "start", "test", "typecheck"]);
    expect(Object.keys(pkg.dependencies).sort()).toEqual([
      "@fastify/cors", "@fastify/otel", "@fastify/rate-limit", "@fastify/reply-from", "@opentelemetry/api", "@opentelemetry/instrumentation", "@opentelemetry/sdk-node",
      "fastify", "helmet", "ioredis", "jose", "lru-cache", "openapi-merge", "opossum", "pino",
    ]);
    for (const [dependency, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      if (dependency !== "create-service") expect(version, dependency).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it("Dockerfile: the runtime stage has the built code and production dependencies only, and runs as node", () => {
    const runtime = text("Dockerfile").split(/^FROM /m).at(-1)!;
    expect(runtime).toMatch(/^\$\{NODE_IMAGE\} AS runtime$/m);
    for (const copy of ["COPY --from=deps /app/node_modules ./node_modules", "COPY --from=build /app/dist ./dist"]) expect(runtime).toContain(copy);
    expect(runtime).not.toMatch(/^COPY src\b/m);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime.indexOf("USER node")).toBeLessThan(runtime.indexOf("CMD "));
  });

  it("src/server.ts: config checked first, then the app, then listen; shutdown closes the server, then flushes traces", () => {
    const server = text("src/server.ts");
    const order = ["loadConfig()", "await buildApp(", "handleShutdownSignals(", "await app.listen("].map((step) => server.indexOf(step));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect([...server.matchAll(/\{ name: "([^"]+)"/g)].map((match) => match[1])).toEqual(["http server", "telemetry"]);
  });

  it("routes: each --routes entry in ROUTES, with its URL variable defaulting to its DNS name in config and Kubernetes, and to its default port locally", () => {
    expect(text("src/service.ts")).toContain(`export const ROUTES = [${routes.map((route) => JSON.stringify(route)).join(", ")}] as const;`);
    expect(text("src/config.ts")).toContain("default: `http://${service}`");
    for (const route of routes) {
      expect(text("k8s/configmap.yaml")).toContain(`  ${constant(route)}_URL: http://${route}\n`);
      expect(text(".env.example")).toMatch(new RegExp(`^${constant(route)}_URL=http://localhost:2\\d{4}$`, "m"));
      expect(text("docker-compose.yml")).toContain(`${constant(route)}_URL: \${${constant(route)}_URL:-http://host.docker.internal:`);
      expect(text("README.md")).toContain(`| \`/v1/${route}\` and \`/v1/${route}/*\` |`);
    }
  });

  it("sets only variables it reads: the ConfigMap's, docker compose's and the Secret's keys are all in .env.example, and the secrets are not in the ConfigMap", () => {
    const declared = new Set([...text(".env.example").matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));
    const configMap = Object.keys((parseYaml(text("k8s/configmap.yaml")) as { data: Record<string, string> }).data);
    const secret = Object.keys((parseYaml(text("k8s/secret.example.yaml")) as { stringData: Record<string, string> }).stringData);
    const compose = Object.keys((parseYaml(text("docker-compose.yml")) as { services: Record<string, { environment: Record<string, string> }> }).services[name]!.environment);
    for (const key of [...configMap, ...secret, ...compose]) expect(declared.has(key), key).toBe(true);
    for (const key of ["INTERNAL_TOKEN_SECRET", "AUTH_JWT_SECRET", "REDIS_URL"]) expect(configMap).not.toContain(key);
    // Production takes its keys from the identity provider: no development secret in the cluster.
    expect(configMap).toContain("AUTH_JWKS_URL");
    expect(secret).not.toContain("AUTH_JWT_SECRET");
  });

  it("the proxy: a breaker per upstream, a timeout on every call, retries for bodiless idempotent methods only, bodies streamed", () => {
    const proxy = text("src/proxy/upstream.ts");
    expect(proxy).toContain("new CircuitBreaker(forward,");
    expect(proxy).toContain('export const RETRIED_METHODS = ["GET", "HEAD", "OPTIONS"];');
    expect(proxy).toMatch(/retryMethods: RETRIED_METHODS/);
    expect(proxy).toMatch(/headersTimeout: options\.timeoutMs, bodyTimeout: options\.timeoutMs/);
    expect(proxy).toContain('scope.addContentTypeParser("*", (request, payload, done) => {');
    expect(proxy).toContain("done(null, payload.pipe(limitedTo(options.bodyLimitBytes)));");
    expect(proxy).toContain('code === "EOPENBREAKER"');
    expect(proxy).toContain("propagation.inject(context.active(), forwarded)");
  });

  it("authentication: jose against a JWKS or a development secret, the client's identity headers removed before anything reads them", () => {
    const verify = text("src/auth/verify-token.ts");
    expect(verify).toContain("createRemoteJWKSet(new URL(auth.jwksUrl)");
    expect(verify).toMatch(/issuer: auth\.issuer, audience: auth\.audience, clockTolerance: auth\.clockToleranceS/);
    expect(verify).not.toMatch(/"none"\]/);
    const identity = text("src/auth/identity.ts");
    expect(identity).toContain('export const IDENTITY_HEADERS = ["x-user-id", "x-user-roles", "x-internal-token"] as const;');
    const hook = identity.slice(identity.indexOf('app.addHook("onRequest"'));
    expect(hook.indexOf("delete request.headers[header]")).toBeLessThan(hook.indexOf("verifyToken(token)"));
    expect(text("src/config.ts")).toContain("AUTH_JWT_SECRET is for local development only");
  });

  it("the rate limit: per subject, else IP, after authentication, in Redis when REDIS_URL is set", () => {
    const limit = text("src/rate-limit.ts");
    expect(limit).toContain("request.identity ? `user:${request.identity.subject}` : `ip:${request.ip}`");
    expect(limit).toContain('hook: "preHandler"');
    expect(limit).toMatch(/options\.redisUrl\s*\?\s*new Redis\(options\.redisUrl/);
  });

  it("Kubernetes: Deployment, Service, HPA, PDB and a Gateway API HTTPRoute to the Service, all in the kustomization; the Ingress alternative in the README", () => {
    const kustomization = parseYaml(text("k8s/kustomization.yaml")) as { resources: string[] };
    expect(kustomization.resources.sort()).toEqual(["configmap.yaml", "deployment.yaml", "hpa.yaml", "httproute.yaml", "pdb.yaml", "service.yaml"]);
    const route = parseYaml(text("k8s/httproute.yaml")) as { apiVersion: string; kind: string; spec: { rules: Array<{ backendRefs: Array<{ name: string; port: number }> }> } };
    expect(route).toMatchObject({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute" });
    expect(route.spec.rules[0]!.backendRefs).toEqual([{ name, port: 80 }]);
    const deployment = parseYaml(text("k8s/deployment.yaml")) as { spec: { template: { spec: { securityContext: { runAsNonRoot: boolean } } } } };
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(text("README.md")).toMatch(/kind: Ingress/);
    // The Secret is never applied from the repository.
    expect(parseYaml(text("k8s/configmap.yaml"))).not.toHaveProperty("data.INTERNAL_TOKEN_SECRET");
  });

  it("CI: typecheck, test and build on Node 22 and 24, and arch-lint", () => {
    const ci = parseYaml(text(".github/workflows/ci.yml")) as { jobs: Record<string, { strategy?: { matrix: { node: string[] } }; steps: Array<{ run?: string; uses?: string }> }> };
    expect(Object.keys(ci.jobs)).toEqual(["test", "arch-lint"]);
    expect(ci.jobs.test!.strategy!.matrix.node).toEqual(["22", "24"]);
    expect(ci.jobs.test!.steps.map((step) => step.run).filter(Boolean)).toEqual(["npm ci", "npm run typecheck", "npm test", "npm run build"]);
    expect(ci.jobs["arch-lint"]!.steps.at(-1)!.uses).toBe("./node_modules/create-service");
  });
});
