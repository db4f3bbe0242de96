import { describe, expect, it } from "vitest";
import { preloadedModules } from "../../../src/lint/rules/missing-tracing.js";
import { lintTree, ruleTester, type Tree } from "../helpers.js";

/** An express service at services/<name>: its package.json (with `scripts`) and a server serving GET /v1/<name>. */
const api = (name: string, files: Record<string, string> = {}, scripts: Record<string, string> = { start: "node dist/server.js" }, deps: string[] = []): Tree => {
  const tree: Tree = {
    [`services/${name}/package.json`]: { name, main: "dist/server.js", scripts, dependencies: Object.fromEntries(["express", ...deps].map((d) => [d, "*"])) },
    [`services/${name}/src/server.ts`]: `import express from "express";\nconst app = express();\napp.get("/v1/${name}", (req, res) => res.json([]));\napp.listen(3000);\n`,
  };
  for (const [path, content] of Object.entries(files)) tree[`services/${name}/${path}`] = content;
  return tree;
};

const otelSdk = `import { NodeSDK } from "@opentelemetry/sdk-node";\nimport { getNodeAutoInstrumentations } from "@opentelemetry/auto-instrumentations-node";\nnew NodeSDK({ instrumentations: [getNodeAutoInstrumentations()] }).start();\n`;

/** A server that loads `./tracing` first, as its first import. */
const tracedServer = (name: string) =>
  `import "./tracing";\nimport express from "express";\nconst app = express();\napp.get("/v1/${name}", (req, res) => res.json([]));\napp.listen(3000);\n`;

const deployment = (name: string, env: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    metadata:\n      labels: { app: ${name} }\n    spec:\n      containers:\n        - name: ${name}\n          image: acme/${name}:1.0\n${env}`;

const compose = "services:\n  orders:\n    build: ./services/orders\n    image: acme/orders:1.0\n  billing:\n    build: ./services/billing\n    image: acme/billing:1.0\n";

ruleTester("missing-tracing", {
  valid: [
    { name: "a repository with one service", files: api("orders") },
    {
      name: "one service that compose runs twice from its folder (a production and a development container): still one service",
      files: {
        ...api("orders"),
        "deploy/compose.yaml": "services:\n  orders:\n    build:\n      context: ../services/orders\n      target: runtime\n    profiles: [prod]\n  orders-dev:\n    build:\n      context: ../services/orders\n      target: dev\n    profiles: [dev]\n    command: npm run dev\n",
      },
    },
    {
      name: "the OpenTelemetry SDK imported first by each server",
      files: { ...api("orders", { "src/server.ts": tracedServer("orders"), "src/tracing.ts": otelSdk }), ...api("billing", { "src/server.ts": tracedServer("billing"), "src/tracing.ts": otelSdk }) },
    },
    {
      name: "tracing started by NODE_OPTIONS=--import ./telemetry.js in the Kubernetes Deployments",
      files: {
        ...api("orders"),
        ...api("billing"),
        "docker-compose.yml": compose,
        "k8s/orders.yaml": deployment("orders", "          env:\n            - name: NODE_OPTIONS\n              value: --import ./telemetry.js\n"),
        "k8s/billing.yaml": deployment("billing", "          env:\n            - name: NODE_OPTIONS\n              value: \"--require @opentelemetry/auto-instrumentations-node/register\"\n"),
      },
    },
    {
      name: "dd-trace preloaded by the start script, a compiled telemetry file by the Dockerfile's CMD",
      files: {
        ...api("orders", {}, { start: "node -r dd-trace/init dist/server.js" }),
        ...api("billing", { Dockerfile: `FROM node:24-slim\nCOPY dist dist\nCMD ["node", "--import", "./dist/otel.js", "dist/server.js"]\n`, "src/otel.ts": otelSdk }),
      },
    },
    {
      name: "the OpenTelemetry Operator injects the tracer (pod annotation)",
      files: {
        ...api("orders"),
        ...api("billing"),
        "docker-compose.yml": compose,
        "k8s/orders.yaml": deployment("orders", "").replace("      labels: { app: orders }\n", "      labels: { app: orders }\n      annotations:\n        instrumentation.opentelemetry.io/inject-nodejs: \"true\"\n"),
        "k8s/billing.yaml": deployment("billing", "").replace("      labels: { app: billing }\n", "      labels: { app: billing }\n      annotations:\n        instrumentation.opentelemetry.io/inject-nodejs: \"true\"\n"),
      },
    },
    {
      name: "a service in another language is not judged, and a worker that neither serves nor calls is not either",
      files: {
        ...api("orders", { "src/server.ts": `require("elastic-apm-node").start();\n${tracedServer("orders").replace('import "./tracing";\n', "")}` }),
        "services/ledger/pom.xml": "<project/>\n",
        "services/ledger/Dockerfile": "FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\n",
        "services/mailer/package.json": { name: "mailer", main: "src/worker.js", dependencies: { kafkajs: "*" } },
        "services/mailer/src/worker.js": `const { Kafka } = require("kafkajs");\nconst consumer = new Kafka({ brokers: [process.env.KAFKA] }).consumer({ groupId: "mailer" });\nconsumer.subscribe({ topic: "order.created" });\n`,
        "docker-compose.yml": "services:\n  orders:\n    build: ./services/orders\n  ledger:\n    build: ./services/ledger\n  mailer:\n    build: ./services/mailer\n",
      },
    },
    {
      name: "a shared library's tracing module, imported by both services",
      files: {
        ...api("orders", { "src/server.ts": `import "@acme/observability";\n${tracedServer("orders").replace('import "./tracing";\n', "")}` }, undefined, ["@acme/observability"]),
        ...api("billing", { "src/server.ts": `import "@acme/observability";\n${tracedServer("billing").replace('import "./tracing";\n', "")}` }, undefined, ["@acme/observability"]),
        "package.json": { name: "shop", private: true, workspaces: ["services/*", "libs/*"] },
        "libs/observability/package.json": { name: "@acme/observability", main: "src/index.ts", dependencies: { "@opentelemetry/sdk-node": "*" } },
        "libs/observability/src/index.ts": otelSdk,
      },
    },
    {
      name: "a tracer started by a local package outside any workspace (a file: dependency), imported by a subpath",
      files: {
        ...["orders", "billing"].reduce<Tree>(
          (tree, name) => ({
            ...tree,
            ...api(name, { "src/server.ts": `import { OpenTelemetry } from "building-blocks/open-telemetry/open-telemetry";\nOpenTelemetry.start();\n${tracedServer(name).replace('import "./tracing";\n', "")}` }, undefined, []),
            [`services/${name}/package.json`]: { name, main: "dist/server.js", scripts: { start: "node dist/server.js" }, dependencies: { express: "*", "building-blocks": "file:../building-blocks" } },
          }),
          {},
        ),
        "services/building-blocks/package.json": { name: "building-blocks", main: "index.js", dependencies: { "@opentelemetry/sdk-node": "*" } },
        "services/building-blocks/open-telemetry/open-telemetry.ts": `import { NodeSDK } from "@opentelemetry/sdk-node";\nexport class OpenTelemetry {\n  static start() {\n    new NodeSDK({}).start();\n  }\n}\n`,
      },
    },
    {
      name: "a company's own tracing package, named in the modules option: preloaded, imported or required for its side effect",
      files: {
        ...api("orders", {}, { start: "node -r @acme/platform-boot dist/server.js" }),
        ...api("billing", {}, { start: "node --require=@acme/platform-boot dist/server.js" }),
        ...api("ledger", { "src/server.ts": `import "@acme/platform-boot";\n${tracedServer("ledger").replace('import "./tracing";\n', "")}` }),
        ...api("audit", { "src/server.ts": `require("@acme/platform-boot").start();\n${tracedServer("audit").replace('import "./tracing";\n', "")}` }),
      },
      options: { modules: ["@acme/platform-boot"] },
    },
    {
      name: "a module under a package named in the modules option (its register entry) starts tracing too",
      files: { ...api("orders", {}, { start: "node -r @acme/platform-boot/register dist/server.js" }), ...api("billing", { "src/server.ts": tracedServer("billing"), "src/tracing.ts": otelSdk }) },
      options: { modules: ["@acme/platform-boot"] },
    },
    {
      name: "a service whose routes are only probes, metrics, GET /, OPTIONS, HEAD and a catch-all serves no request of the architecture",
      files: {
        ...api("orders", { "src/server.ts": tracedServer("orders"), "src/tracing.ts": otelSdk }),
        ...api("billing", {
          "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/", (req, res) => res.send("billing"));\napp.get("/health", (req, res) => res.end());\napp.get("/metrics", (req, res) => res.end());\napp.options("/v1/invoices", (req, res) => res.end());\napp.head("/v1/invoices", (req, res) => res.end());\napp.all("*", (req, res) => res.status(404).end());\napp.listen(3000);\n`,
        }),
      },
      understood: { routes: 7 },
    },
    {
      name: "a NestJS service whose only controller is a terminus health check, at a path of its own, serves no request either",
      files: {
        ...api("orders", { "src/server.ts": tracedServer("orders"), "src/tracing.ts": otelSdk }),
        "services/billing/package.json": { name: "billing", main: "dist/main.js", scripts: { start: "node dist/main.js" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@nestjs/terminus": "*" } },
        "services/billing/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
        "services/billing/src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { StatusController } from "./status.controller";\n@Module({ controllers: [StatusController] })\nexport class AppModule {}\n`,
        "services/billing/src/status.controller.ts": `import { Controller, Get } from "@nestjs/common";\nimport { HealthCheck } from "@nestjs/terminus";\n@Controller("system/checks")\nexport class StatusController {\n  @Get()\n  @HealthCheck()\n  check() {}\n}\n`,
      },
      understood: { routes: 2 },
    },
  ],
  invalid: [
    {
      name: "two services, one traced and one not: the untraced one, with its start script and entry",
      files: { ...api("orders", { "src/server.ts": tracedServer("orders"), "src/tracing.ts": otelSdk }), ...api("billing") },
      errors: [{ messageId: "missing", file: "services/billing/src/server.ts", line: 1, hops: 3, data: { service: "billing" }, message: "billing serves GET /v1/billing but starts no distributed tracing: no tracing SDK is loaded by its code, its start command (services/billing/package.json:5) or NODE_OPTIONS; start OpenTelemetry before the app (node --import ./telemetry.js)", evidence: ["billing serves GET /v1/billing", "the entry services/billing/src/server.ts loads no tracing SDK", "started with `node dist/server.js`, which preloads no tracer"] }],
    },
    {
      name: "only the OpenTelemetry API (no SDK starts it) and a preload that is no tracer",
      files: {
        ...api("orders", { "src/server.ts": `import { trace } from "@opentelemetry/api";\n${tracedServer("orders").replace('import "./tracing";\n', "")}` }, { build: "tsc", start: "node -r ts-node/register src/server.ts" }),
        ...api("billing", { "src/server.ts": tracedServer("billing"), "src/tracing.ts": otelSdk }),
      },
      errors: [{ messageId: "missing", file: "services/orders/src/server.ts", line: 1, hops: 3, data: { service: "orders" } }],
    },
    {
      name: "the entry is the file a start script runs, not one a migration script names",
      files: {
        ...api("orders", { "src/server.ts": tracedServer("orders"), "src/tracing.ts": otelSdk }),
        ...api("billing", { "src/data-source.ts": `import { DataSource } from "typeorm";\nexport default new DataSource({ type: "postgres", url: process.env.DATABASE_URL });\n` }, { "typeorm:migrate": "ts-node ./node_modules/typeorm/cli.js migration:run -d src/data-source.ts", start: "node dist/server.js" }, ["typeorm", "pg"]),
      },
      errors: [{ messageId: "missing", file: "services/billing/src/server.ts", line: 1, hops: 3, data: { service: "billing" } }],
    },
    {
      name: "the evidence is a route of the API, not the catch-all 404 handler registered first (`app.all(\"*\")`)",
      files: {
        ...api("orders", { "src/server.ts": tracedServer("orders"), "src/tracing.ts": otelSdk }),
        ...api("billing", { "src/server.ts": `import express from "express";\nconst app = express();\napp.all("*", async () => {\n  throw new RouteMissing();\n});\napp.get("/v1/billing", (req, res) => res.json([]));\napp.listen(3000);\n` }, { start: "nest start" }),
      },
      errors: [{ messageId: "missing", file: "services/billing/src/server.ts", line: 6, hops: 2, data: { service: "billing" }, evidence: ["billing serves GET /v1/billing", "started with `nest start`, which preloads no tracer"] }],
    },
    {
      name: "a gateway whose only routes forward `ALL /v1/orders/*` to a service serves requests: its proxies are no catch-all",
      files: {
        ...api("orders", { "src/server.ts": tracedServer("orders"), "src/tracing.ts": otelSdk }),
        ...api("gateway", { "src/server.ts": `import express from "express";\nimport { createProxyMiddleware } from "http-proxy-middleware";\nconst app = express();\napp.use("/v1/orders", createProxyMiddleware({ target: "http://orders:3000" }));\napp.listen(8080);\n` }, { start: "nest start" }, ["http-proxy-middleware"]),
      },
      errors: [{ messageId: "missing", file: "services/gateway/src/server.ts", line: 4, data: { service: "gateway" }, evidence: ["gateway serves ALL /v1/orders/*", "started with `nest start`, which preloads no tracer"] }],
    },
    {
      name: "a gateway whose one route forwards by hand by a parameter (`ALL /gateway/:service/*`) serves requests: no catch-all",
      files: {
        ...api("orders", { "src/server.ts": tracedServer("orders"), "src/tracing.ts": otelSdk }),
        ...api("gateway", { "src/server.ts": `import express from "express";\nconst app = express();\napp.all("/gateway/:service/*", async (req, res) => res.json(await (await fetch(\`http://\${req.params.service}:3000\${req.path}\`)).json()));\napp.listen(8080);\n` }, { start: "nest start" }),
      },
      errors: [{ messageId: "missing", file: "services/gateway/src/server.ts", line: 3, data: { service: "gateway" }, evidence: ["gateway serves ALL /gateway/:service/*", "started with `nest start`, which preloads no tracer"] }],
    },
    {
      name: "the route is the location when no start command names the entry",
      files: { ...api("orders", { "src/server.ts": tracedServer("orders"), "src/tracing.ts": otelSdk }), ...api("billing", {}, { start: "nest start" }) },
      errors: [{ messageId: "missing", file: "services/billing/src/server.ts", line: 3, hops: 2, data: { service: "billing" }, message: "billing serves GET /v1/billing but starts no distributed tracing: no tracing SDK is loaded by its code, its start command (services/billing/package.json:5) or NODE_OPTIONS; start OpenTelemetry before the app (node --import ./telemetry.js)", evidence: ["billing serves GET /v1/billing", "started with `nest start`, which preloads no tracer"] }],
    },
    {
      name: "a NestJS service that only answers TCP requests (@MessagePattern) is part of the request too",
      files: {
        ...api("orders", { "src/server.ts": tracedServer("orders"), "src/tracing.ts": otelSdk }),
        "services/payments/package.json": { name: "payments", main: "dist/main.js", scripts: { start: "node dist/main.js" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@nestjs/microservices": "*" } },
        "services/payments/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { PaymentsModule } from "./payments.module";\nasync function bootstrap() {\n  const app = await NestFactory.createMicroservice(PaymentsModule, { transport: Transport.TCP, options: { port: 3003 } });\n  await app.listen();\n}\nbootstrap();\n`,
        "services/payments/src/payments.controller.ts": `import { Controller } from "@nestjs/common";\nimport { MessagePattern } from "@nestjs/microservices";\n@Controller()\nexport class PaymentsController {\n  @MessagePattern("create_charge")\n  charge(data: { amount: number }) {\n    return { id: "ch_1" };\n  }\n}\n`,
        "services/payments/src/payments.module.ts": `import { Module } from "@nestjs/common";\nimport { PaymentsController } from "./payments.controller";\n@Module({ controllers: [PaymentsController] })\nexport class PaymentsModule {}\n`,
      },
      errors: [{ messageId: "missing", file: "services/payments/src/main.ts", line: 1, hops: 3, data: { service: "payments" }, message: "payments answers tcp requests create_charge but starts no distributed tracing: no tracing SDK is loaded by its code, its start command (services/payments/package.json:5) or NODE_OPTIONS; start OpenTelemetry before the app (node --import ./telemetry.js)", evidence: ["payments answers tcp requests create_charge", "the entry services/payments/src/main.ts loads no tracing SDK", "started with `node dist/main.js`, which preloads no tracer"] }],
    },
    {
      name: "NODE_OPTIONS that preloads nothing, and a company package the option does not name",
      files: {
        ...api("orders"),
        ...api("billing", {}, { start: "node -r @acme/platform-boot dist/server.js" }),
        "docker-compose.yml": compose,
        "k8s/orders.yaml": deployment("orders", "          env:\n            - name: NODE_OPTIONS\n              value: --max-old-space-size=512\n"),
      },
      errors: [
        { messageId: "missing", file: "services/billing/src/server.ts", data: { service: "billing" } },
        { messageId: "missing", file: "services/orders/src/server.ts", data: { service: "orders" } },
      ],
    },
    {
      name: "a worker that serves nothing but calls another service is part of the request; a long start command is shortened",
      files: {
        ...api("orders", { "src/server.ts": tracedServer("orders"), "src/tracing.ts": otelSdk }),
        "services/sync/package.json": { name: "sync", main: "dist/worker.js", scripts: { start: `node --max-old-space-size=4096 --enable-source-maps --unhandled-rejections=strict --trace-warnings --title=sync-worker dist/worker.js` }, dependencies: { axios: "*" } },
        "services/sync/src/worker.ts": `import axios from "axios";\nsetInterval(() => axios.get("http://orders:3000/v1/orders"), 60_000);\n`,
        "docker-compose.yml": "services:\n  orders:\n    build: ./services/orders\n  sync:\n    build: ./services/sync\n",
      },
      errors: [{ messageId: "missing", data: { service: "sync" }, message: "sync calls orders (GET http://orders:3000/v1/orders) but starts no distributed tracing: no tracing SDK is loaded by its code, its start command (services/sync/package.json:5) or NODE_OPTIONS; start OpenTelemetry before the app (node --import ./telemetry.js)", evidence: ["sync calls orders (GET http://orders:3000/v1/orders)", "the entry services/sync/src/worker.ts loads no tracing SDK", "started with `node --max-old-space-size=4096 --enable-source-maps --unhandled-rejections=strict --trace-warnings --title=sync-worke...`, which preloads no tracer"] }],
    },
  ],
});

describe("missing-tracing suppressed", () => {
  it("by a block comment on the first line of the entry file, where the finding points", () => {
    const files: Tree = {
      ...api("orders", { "src/server.ts": `/* arch-lint-disable missing-tracing -- traced by the mesh's sidecar */\n${tracedServer("orders").replace('import "./tracing";\n', "")}` }),
      ...api("billing", { "src/server.ts": tracedServer("billing"), "src/tracing.ts": otelSdk }),
    };
    const found = lintTree(files, { only: "missing-tracing" }).findings.filter((f) => f.ruleId === "missing-tracing");
    expect(found.map((f) => [f.data.service, f.location.file, f.location.line, f.suppressed])).toEqual([["orders", "services/orders/src/server.ts", 1, { kind: "inSource", justification: "traced by the mesh's sidecar" }]]);
  });
});

/** Tracing must load before the app: what Node loaded before the tracer starts is never instrumented. */
const tracedBilling = api("billing", { "src/server.ts": tracedServer("billing"), "src/tracing.ts": otelSdk });
const ordersServer = (head: string) => `${head}const app = express();\napp.get("/v1/orders", (req, res) => res.json([]));\napp.listen(3000);\n`;

ruleTester("missing-tracing", {
  valid: [
    { name: "load order: the tracer after an import that is no app (dotenv)", files: { ...api("orders", { "src/server.ts": ordersServer(`import "dotenv/config";\nimport "./tracing";\nimport express from "express";\n`), "src/tracing.ts": otelSdk }), ...tracedBilling } },
    {
      name: "load order: the tracer after a project module that loads no app (config)",
      files: { ...api("orders", { "src/server.ts": ordersServer(`import { config } from "./config";\nimport "./tracing";\nimport express from "express";\n`), "src/config.ts": `export const config = { port: Number(process.env.PORT ?? 3000) };\n`, "src/tracing.ts": otelSdk }), ...tracedBilling },
    },
    {
      name: "load order: a late import in the entry does not matter when the start command preloads the tracer",
      files: { ...api("orders", { "src/server.ts": ordersServer(`import express from "express";\nimport "./tracing";\n`), "src/tracing.ts": otelSdk }, { start: "node --import ./dist/tracing.js dist/server.js" }), ...tracedBilling },
    },
    {
      name: "load order: manual spans in a module loaded after the tracer started first in the entry",
      files: {
        ...api("orders", { "src/server.ts": ordersServer(`import "./tracing";\nimport express from "express";\nimport { handler } from "./handler";\n`), "src/tracing.ts": otelSdk, "src/handler.ts": `import express from "express";\nimport { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";\nexport const handler = express.Router();\nexport const provider = new BasicTracerProvider();\n` }),
        ...tracedBilling,
      },
    },
    {
      name: "load order: a middleware-style tracer (Zipkin) after express is no hook that comes too late",
      files: {
        ...api("orders", { "src/server.ts": ordersServer(`import express from "express";\nimport { Tracer, ExplicitContext, BatchRecorder } from "zipkin";\nimport { expressMiddleware } from "zipkin-instrumentation-express";\n`) }),
        ...tracedBilling,
      },
    },
  ],
  invalid: [
    {
      name: "one image that compose runs twice, the two copies calling each other: two services, both untraced",
      files: {
        "docker-compose.yml": "services:\n  left:\n    build: .\n    environment:\n      PEER_HOST: right\n  right:\n    build: .\n    environment:\n      PEER_HOST: left\n",
        "package.json": { name: "pair", main: "server.js", scripts: { start: "node server.js" }, dependencies: { express: "*", axios: "*" } },
        "server.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.get("/v1/peer", async (req, res) => res.json((await axios.get(\`http://\${process.env.PEER_HOST}:3000/v1/echo\`)).data));\napp.get("/v1/echo", (req, res) => res.json({}));\napp.listen(3000);\n`,
      },
      errors: [
        { messageId: "missing", data: { service: "right" } },
        { messageId: "missing", data: { service: "left" } },
      ],
    },
    {
      name: "one package that compose deploys twice, each running its own Moleculer service file: two services, both untraced",
      files: {
        "docker-compose.yml": "services:\n  carts:\n    build: .\n    environment:\n      SERVICES: carts\n  orders:\n    build: .\n    environment:\n      SERVICES: orders\n",
        "moleculer.config.js": `module.exports = { transporter: process.env.TRANSPORTER };\n`,
        "package.json": { name: "shop", scripts: { start: "moleculer-runner services" }, dependencies: { moleculer: "*" } },
        "services/carts.service.js": `module.exports = {\n  name: "carts",\n  actions: {\n    async checkout(ctx) {\n      return ctx.call("orders.place", { id: ctx.params.id });\n    },\n  },\n};\n`,
        "services/orders.service.js": `module.exports = {\n  name: "orders",\n  actions: {\n    place(ctx) {\n      return { id: ctx.params.id };\n    },\n  },\n};\n`,
      },
      errors: [
        { messageId: "missing", file: "services/carts.service.js", data: { service: "carts" } },
        { messageId: "missing", file: "services/orders.service.js", data: { service: "orders" } },
      ],
    },
    {
      name: "load order: ./tracing imported after express in the entry",
      files: { ...api("orders", { "src/server.ts": ordersServer(`import express from "express";\nimport "./tracing";\n`), "src/tracing.ts": otelSdk }), ...tracedBilling },
      errors: [{ messageId: "late", file: "services/orders/src/server.ts", line: 2, hops: 4, data: { service: "orders", tracer: "@opentelemetry/sdk-node", after: "express" }, evidence: ["orders serves GET /v1/orders", "express is loaded here, before the tracer", "the tracer is loaded here, too late", "@opentelemetry/sdk-node is imported here"] }],
    },
    {
      // The file starts the NodeSDK with its instrumentations; that it also imports a manual span processor first
      // (@opentelemetry/sdk-trace-base, which works wherever it loads) does not make the hooks load in time.
      name: "load order: a tracing file that imports sdk-trace-base before sdk-node, imported after express",
      files: {
        ...api("orders", {
          "src/server.ts": ordersServer(`import express from "express";\nimport "./tracing";\n`),
          "src/tracing.ts": `import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";\nimport { NodeSDK } from "@opentelemetry/sdk-node";\nimport { HttpInstrumentation } from "@opentelemetry/instrumentation-http";\nexport const sdk = new NodeSDK({ spanProcessors: [], instrumentations: [new HttpInstrumentation()] });\nsdk.start();\nexport const unused = BatchSpanProcessor;\n`,
        }),
        ...tracedBilling,
      },
      errors: [{ messageId: "late", file: "services/orders/src/server.ts", line: 2, data: { service: "orders", tracer: "@opentelemetry/sdk-node", after: "express" } }],
    },
    {
      name: "load order: the tracer after a project module that builds the app",
      files: {
        ...api("orders", {
          "src/server.ts": `import { app } from "./app";\nimport "./tracing";\napp.listen(3000);\n`,
          "src/app.ts": `import express from "express";\nexport const app = express();\napp.get("/v1/orders", (req, res) => res.json([]));\n`,
          "src/tracing.ts": otelSdk,
        }),
        ...tracedBilling,
      },
      errors: [{ messageId: "late", file: "services/orders/src/server.ts", line: 2, data: { after: "./app" } }],
    },
    {
      name: "load order: dd-trace required after express (CommonJS)",
      files: {
        ...api("orders", { "src/server.ts": `const express = require("express");\nconst tracer = require("dd-trace").init();\nconst app = express();\napp.get("/v1/orders", (req, res) => res.json([]));\napp.listen(3000);\n` }),
        ...tracedBilling,
      },
      errors: [{ messageId: "late", file: "services/orders/src/server.ts", line: 2, hops: 3, data: { tracer: "dd-trace", after: "express" }, evidence: ["orders serves GET /v1/orders", "express is loaded here, before the tracer", "the tracer is loaded here, too late"] }],
    },
    {
      name: "load order: two services that load dd-trace late are two findings, each with its own fingerprint",
      files: {
        ...api("orders", { "src/server.ts": `const express = require("express");\nconst tracer = require("dd-trace").init();\nconst app = express();\napp.get("/v1/orders", (req, res) => res.json([]));\napp.listen(3000);\n` }),
        ...api("billing", { "src/server.ts": `const express = require("express");\nconst tracer = require("dd-trace").init();\nconst app = express();\napp.get("/v1/billing", (req, res) => res.json([]));\napp.listen(3000);\n` }),
      },
      errors: [
        { messageId: "late", file: "services/billing/src/server.ts", line: 2, data: { service: "billing" } },
        { messageId: "late", file: "services/orders/src/server.ts", line: 2, data: { service: "orders" } },
      ],
    },
    {
      name: "the entry a start command names as ./dist/server.mjs is src/server.ts",
      files: { ...api("orders", { "src/server.ts": tracedServer("orders"), "src/tracing.ts": otelSdk }), ...api("billing", {}, { start: "node ./dist/server.mjs" }) },
      errors: [{ messageId: "missing", file: "services/billing/src/server.ts", line: 1, data: { service: "billing" } }],
    },
  ],
});

describe("missing-tracing: tracing that loads after the app, the message", () => {
  it("names the file, the app module and the tracer with their lines", () => {
    const result = lintTree({ ...api("orders", { "src/server.ts": ordersServer(`import express from "express";\nimport "./tracing";\n`), "src/tracing.ts": otelSdk }), ...tracedBilling });
    const [finding] = result.findings.filter((f) => f.ruleId === "missing-tracing");
    expect(finding?.message).toBe(
      "orders serves GET /v1/orders but its tracing loads after the app: services/orders/src/server.ts loads express (line 1) before its tracer, @opentelemetry/sdk-node (line 2), so what express brings is never instrumented and its requests make no spans; load the tracer first (the entry's first import, or node --import ./telemetry.js)",
    );
  });
});

describe("missing-tracing: what a start command preloads", () => {
  it("reads each preload flag and quoting, in order, and nothing else", () => {
    expect(preloadedModules(`node -r dd-trace/init --require=./otel.js --import "./telemetry.mjs" --loader 'ts-node/esm' --experimental-loader=./hook.mjs --max-old-space-size=512 dist/main.js`)).toEqual([
      "dd-trace/init",
      "./otel.js",
      "./telemetry.mjs",
      "ts-node/esm",
      "./hook.mjs",
    ]);
    expect(preloadedModules("node dist/main.js")).toEqual([]);
  });
});
