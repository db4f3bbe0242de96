import { ruleTester, type Tree } from "../helpers.js";

/**
 * What makes a service part of a request (a route that is no probe, a gRPC method, a request it sends, a call to
 * another service), the start commands a finding names, and what a start command preloads.
 */

const SDK = `import { NodeSDK } from "@opentelemetry/sdk-node";\nnew NodeSDK().start();\n`;

/** A service at services/<name>: package.json (`pkg` merged in), src/main.ts, more files. */
const node = (name: string, main: string, pkg: object = {}, files: Record<string, string> = {}): Tree => {
  const tree: Tree = {
    [`services/${name}/package.json`]: { name, main: "dist/main.js", dependencies: { express: "*", "@nestjs/core": "*", "@nestjs/microservices": "*", "@grpc/grpc-js": "*" }, ...pkg },
    [`services/${name}/src/main.ts`]: main,
  };
  for (const [path, content] of Object.entries(files)) tree[`services/${name}/${path}`] = content;
  return tree;
};

/** The traced second service every case needs (the rule judges repositories of two services or more). */
const ledger = node("ledger", `import "./otel";\nimport express from "express";\nconst app = express();\napp.get("/v1/entries", (req, res) => res.json([]));\napp.listen(3000);\n`, { scripts: { start: "node dist/main.js" } }, { "src/otel.ts": SDK });

/** An express server: `routes` at line 3. */
const express = (routes: string, head = "") => `${head}import express from "express";\nconst app = express();\n${routes}\napp.listen(3000);\n`.replace(/^(import "[^"]+";\n)(import express)/, "$1$2");
const CARTS = `app.get("/v1/carts", (req, res) => res.json([]));`;

const ADVICE = "or NODE_OPTIONS; start OpenTelemetry before the app (node --import ./telemetry.js)";

/** A start command of exactly `length` characters. */
const commandOf = (length: number) => {
  const bare = "node --title= dist/main.js";
  return `node --title=${"w".repeat(length - bare.length)} dist/main.js`;
};

ruleTester("missing-tracing", {
  valid: [
    {
      name: "a service that only answers a probe, calls an outside API and itself serves no request of the architecture",
      files: {
        ...ledger,
        ...node("pinger", express(`app.get("/health", (req, res) => res.json({}));\nsetInterval(() => fetch("https://status.example.com/v1/ping"), 1000);\nsetInterval(() => fetch("http://pinger:3000/health"), 1000);`)),
        "docker-compose.yml": "services:\n  ledger:\n    build: ./services/ledger\n  pinger:\n    build: ./services/pinger\n",
      },
    },
    {
      name: "a local file the start command preloads that loads the SDK, though its name does not say so (the entry imports it late too)",
      files: {
        ...ledger,
        ...node("web", express(CARTS).replace("const app", `import "./observability";\nconst app`), { scripts: { start: "node -r ./dist/observability.js dist/main.js" } }, { "src/observability.ts": SDK }),
      },
    },
  ],
  invalid: [
    {
      name: "POST / is a request; the start commands that run the service (not a build watcher) are named, none names the entry",
      files: {
        ...ledger,
        ...node("web", express(`app.post("/", (req, res) => res.json({}));`), { scripts: { dev: "tsc --watch", start: "nest start" } }, { Dockerfile: `FROM node:24-slim\nCMD ["npm", "run", "start"]\n` }),
        "docker-compose.yml": "services:\n  ledger:\n    build: ./services/ledger\n  web:\n    build: ./services/web\n    command: npm start\n",
      },
      errors: [
        {
          messageId: "missing",
          file: "services/web/src/main.ts",
          line: 3,
          message: `web serves POST / but starts no distributed tracing: no tracing SDK is loaded by its code, its start commands (services/web/package.json:12, docker-compose.yml:4, services/web/Dockerfile:2) ${ADVICE}`,
          evidence: [
            "web serves POST /",
            "started with `nest start`, which preloads no tracer",
            "started with `npm start`, which preloads no tracer",
            "started with `npm run start`, which preloads no tracer",
          ],
        },
      ],
    },
    {
      name: "four start commands: the first three are named",
      files: { ...ledger, ...node("web", express(CARTS), { scripts: { start: "node dist/main.js", "start:prod": "node --enable-source-maps dist/main.js", serve: "node --title=web dist/main.js", dev: "nodemon src/main.ts" } }) },
      errors: [{ messageId: "missing", message: `web serves GET /v1/carts but starts no distributed tracing: no tracing SDK is loaded by its code, its start commands (services/web/package.json:11, services/web/package.json:12, services/web/package.json:13) ${ADVICE}` }],
    },
    {
      name: "no start command at all: none is named, and the route is where the finding is",
      files: { ...ledger, ...node("web", express(CARTS)) },
      errors: [{ messageId: "missing", file: "services/web/src/main.ts", line: 3, message: `web serves GET /v1/carts but starts no distributed tracing: no tracing SDK is loaded by its code ${ADVICE}`, evidence: ["web serves GET /v1/carts"] }],
    },
    {
      name: "a start command of exactly 120 characters is shown whole",
      files: { ...ledger, ...node("web", express(CARTS), { scripts: { start: commandOf(120) } }) },
      errors: [{ messageId: "missing", evidence: ["web serves GET /v1/carts", "the entry services/web/src/main.ts loads no tracing SDK", `started with \`${commandOf(120)}\`, which preloads no tracer`] }],
    },
    {
      name: "a service whose only part in a request is sending one over RabbitMQ and waiting for the reply",
      files: { ...ledger, ...node("web", `import { ClientProxyFactory, Transport } from "@nestjs/microservices";\nconst client = ClientProxyFactory.create({ transport: Transport.RMQ, options: { urls: ["amqp://rabbit"], queue: "users" } });\nsetInterval(() => client.send("get_user", { id: 1 }).subscribe((user) => console.log(user)), 1000);\n`) },
      errors: [{ messageId: "missing", line: 3, message: `web sends amqp requests get_user and waits for the reply but starts no distributed tracing: no tracing SDK is loaded by its code ${ADVICE}` }],
    },
    {
      name: "a gRPC server",
      files: {
        ...ledger,
        ...node("rates", `import * as grpc from "@grpc/grpc-js";\nimport * as loader from "@grpc/proto-loader";\nconst proto: any = grpc.loadPackageDefinition(loader.loadSync("rates.proto"));\nconst server = new grpc.Server();\nserver.addService(proto.rates.RateService.service, { getRate: (call: any, done: any) => done(null, { rate: 1 }) });\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => {});\n`),
      },
      errors: [{ messageId: "missing", line: 5, message: `rates serves gRPC RateService/GetRate but starts no distributed tracing: no tracing SDK is loaded by its code ${ADVICE}` }],
    },
    {
      name: "a preloaded local file that loads no tracer (--require=, so the entry is still the file after it)",
      files: {
        ...ledger,
        ...node("web", express(CARTS, `import "dotenv/config";\n`), { scripts: { start: "node --require=./dist/env.js dist/main.js" } }, { "src/env.ts": `process.env.TZ = "UTC";\n` }),
      },
      errors: [{ messageId: "missing", file: "services/web/src/main.ts", line: 1, evidence: ["web serves GET /v1/carts", "the entry services/web/src/main.ts loads no tracing SDK", "started with `node --require=./dist/env.js dist/main.js`, which preloads no tracer"] }],
    },
    {
      name: "with the modules option, packages outside the ones it names are no tracer, and a package is not judged by its name",
      files: { ...ledger, ...node("web", express(CARTS), { scripts: { start: "node -r dotenv/config -r @acme/otel-bootstrap dist/main.js" } }) },
      options: { modules: ["@acme/tracing"] },
      errors: [{ messageId: "missing", data: { service: "web" } }],
    },
  ],
});
