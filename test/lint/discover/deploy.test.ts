import { describe, expect, it, vi } from "vitest";
import type { LintResult } from "../../../src/lint/types.js";
import { classifyFile } from "../../../src/lint/discover/files.js";
import { lintTree, service } from "../helpers.js";

/** name, root, sources, language ("" for JavaScript): what a reader checks first. */
const summary = (result: LintResult) => result.model.services.map((s) => [s.name, s.root, s.sources, s.language ?? ""]);

/** A NestJS-style two-stage Dockerfile that builds one app of the monorepo and starts it. */
const nestDockerfile = (app: string) =>
  `FROM node:22-alpine AS development\nWORKDIR /usr/src/app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build ${app}\n\nFROM node:22-alpine AS production\nWORKDIR /usr/src/app\nCOPY --from=development /usr/src/app/dist ./dist\nCMD ["node", "dist/apps/${app}/main"]\n`;

const nestRoot = { name: "bookings", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*", "@nestjs/microservices": "*", mongoose: "*" } };

const route = (path: string) => `import express from "express";\nconst app = express();\napp.get("${path}", (req, res) => res.end());\napp.listen(3000);\n`;

const deployment = (name: string, container: string, image: string, env = "") =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels:\n      app: ${container}\n  template:\n    metadata:\n      labels:\n        app: ${container}\n    spec:\n      containers:\n        - name: ${container}\n          image: ${image}\n${env ? `          env:\n${env}` : ""}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${container}-srv\nspec:\n  selector:\n    app: ${container}\n  ports:\n    - port: 3000\n`;

describe("[I] compose building from a monorepo's root", () => {
  it("four entries building '.' are four services, each in the folder of its Dockerfile; the root package is none of them", () => {
    const result = lintTree({
      "package.json": nestRoot,
      "docker-compose.yml":
        "services:\n  reservations:\n    build:\n      context: .\n      dockerfile: ./apps/reservations/Dockerfile\n      target: development\n    command: npm run start:dev reservations\n    env_file: ./apps/reservations/.env\n    ports: ['3000:3000']\n" +
        "  auth:\n    build:\n      context: .\n      dockerfile: ./apps/auth/Dockerfile\n    environment:\n      JWT_EXPIRATION: '3600'\n  payments:\n    build:\n      context: .\n      dockerfile: ./apps/payments/Dockerfile\n  notifications:\n    build:\n      context: .\n      dockerfile: ./apps/notifications/Dockerfile\n  mongo:\n    image: mongo:7\n",
      "apps/reservations/Dockerfile": nestDockerfile("reservations"),
      "apps/reservations/.env": "MONGODB_URI=mongodb://mongo:27017/bookings\n",
      "apps/reservations/src/main.ts": "export {};\n",
      "apps/auth/Dockerfile": nestDockerfile("auth"),
      "apps/auth/src/main.ts": "export {};\n",
      "apps/payments/Dockerfile": nestDockerfile("payments"),
      "apps/payments/src/main.ts": "export {};\n",
      "apps/notifications/Dockerfile": nestDockerfile("notifications"),
      "apps/notifications/src/main.ts": "export {};\n",
      "libs/common/src/index.ts": "export {};\n",
      "eslint.config.mjs": "export default [];\n",
      ".lintstagedrc.js": "module.exports = {};\n",
    });
    expect(summary(result)).toEqual([
      ["auth", "apps/auth", ["compose"], ""],
      ["notifications", "apps/notifications", ["compose"], ""],
      ["payments", "apps/payments", ["compose"], ""],
      ["reservations", "apps/reservations", ["compose"], ""],
    ]);
    const byName = Object.fromEntries(result.model.services.map((s) => [s.name, s]));
    expect(byName.reservations!.env).toEqual({ MONGODB_URI: "mongodb://mongo:27017/bookings" });
    expect(byName.reservations!.ports).toEqual([3000]);
    expect(byName.auth!.env).toEqual({ JWT_EXPIRATION: "3600" });
    // The line that sets each variable, for evidence: the compose environment entry, the env_file line.
    expect(byName.auth!.envLocations).toEqual({ JWT_EXPIRATION: { file: "docker-compose.yml", line: 15, column: 1 } });
    expect(byName.reservations!.envLocations).toEqual({ MONGODB_URI: { file: "apps/reservations/.env", line: 1, column: 1 } });
    expect(byName.auth!.hosts).toEqual(["auth"]);
  });

  it("one Dockerfile at the root: the app is named by its build args, its CMD, its WORKDIR, its compose command, or the entry's name", () => {
    const result = lintTree({
      "package.json": nestRoot,
      Dockerfile: "ARG APP=gateway\nFROM node:22 AS build\nARG APP\nWORKDIR /app\nCOPY . .\nRUN npx nest build ${APP}\nFROM node:22-slim\nARG APP\nENV APP=${APP}\nCOPY --from=build /app/dist /app/dist\nCMD node /app/dist/apps/${APP}/main.js\n",
      "Dockerfile.plain": "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD [\"npm\", \"run\", \"start:prod\"]\n",
      "Dockerfile.workdir": "FROM node:22\nWORKDIR /repo\nCOPY . .\nRUN npm ci\nWORKDIR /repo/apps/search\nCMD [\"node\", \"main.js\"]\n",
      "docker-compose.yml":
        "services:\n  orders:\n    build:\n      context: .\n      args:\n        APP: orders\n  gateway:\n    build: .\n  billing:\n    build:\n      context: .\n      dockerfile: Dockerfile.plain\n    command: [\"npm\", \"run\", \"start:dev\", \"billing\"]\n  mailer:\n    build:\n      context: .\n      dockerfile: Dockerfile.plain\n  finder:\n    build:\n      context: .\n      dockerfile: Dockerfile.workdir\n",
      "apps/orders/src/main.ts": "export {};\n",
      "apps/gateway/src/main.ts": "export {};\n",
      "apps/billing/src/main.ts": "export {};\n",
      "apps/mailer/src/main.ts": "export {};\n",
      "apps/search/src/main.ts": "export {};\n",
    });
    expect(summary(result)).toEqual([
      ["billing", "apps/billing", ["compose"], ""],
      ["finder", "apps/search", ["compose"], ""],
      ["gateway", "apps/gateway", ["compose"], ""],
      ["mailer", "apps/mailer", ["compose"], ""],
      ["orders", "apps/orders", ["compose"], ""],
    ]);
  });

  it("one package, one image, several entry points: each entry is rooted at the folder of the file it starts", () => {
    const result = lintTree({
      "package.json": { name: "shop", scripts: { start: "node dist/main.js", build: "tsc" }, dependencies: { express: "*", amqplib: "*" } },
      "src/main.ts": route("/v1/orders"),
      "src/routes/orders.ts": "export {};\n",
      "src/services/orders/main.ts": "export {};\n",
      "src/services/payments/main.ts": "export {};\n",
      "src/lib/broker.ts": "export {};\n",
      Dockerfile: "FROM node:20-alpine\nWORKDIR /app\nCOPY src ./src\nRUN npm install && npm run build\nARG ENTRY=main.js\nENV ENTRY=$ENTRY\nCMD [\"sh\", \"-c\", \"node dist/$ENTRY\"]\n",
      "docker-compose.yml":
        "services:\n  gateway:\n    build:\n      context: .\n      args:\n        ENTRY: main.js\n  orders:\n    build:\n      context: .\n      args:\n        ENTRY: services/orders/main.js\n  payments:\n    build: .\n    command: [\"node\", \"dist/services/payments/main.js\"]\n",
    });
    expect(summary(result)).toEqual([
      ["gateway", "", ["package", "compose"], ""],
      ["orders", "src/services/orders", ["compose"], ""],
      ["payments", "src/services/payments", ["compose"], ""],
    ]);
    // The gateway's route is the gateway's; the workers' files are theirs.
    expect(result.model.routes.map((r) => [r.service, r.path])).toEqual([["gateway", "/v1/orders"]]);
  });

  it("a dev compose names each entry's code by the npm script its command runs and the folder it mounts", () => {
    const result = lintTree({
      "package.json": {
        name: "gateway",
        scripts: { start: "nest start", "start:dev:api": "nest start --watch --entryFile main", "start:dev:order": "nest start --watch --entryFile services/order/src/main" },
        dependencies: { "@nestjs/core": "*", "@nestjs/microservices": "*" },
      },
      "nest-cli.json": JSON.stringify({ collection: "@nestjs/schematics", sourceRoot: "src" }),
      "src/main.ts": "export {};\n",
      "src/api/orders.controller.ts": "export {};\n",
      "src/services/order/src/main.ts": "export {};\n",
      "src/services/payment/src/main.ts": "export {};\n",
      "src/services/payment/src/charges.ts": "export {};\n",
      "Dockerfile.dev": "FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"npm\", \"run\", \"start:dev\"]\n",
      "docker-compose.dev.yml":
        "services:\n  api-gateway:\n    build:\n      context: .\n      dockerfile: Dockerfile.dev\n    command: npm run start:dev:api\n    volumes:\n      - ./src/api:/app/src/api\n  order-service:\n    build:\n      context: .\n      dockerfile: Dockerfile.dev\n    command: npm run start:dev:order\n  payment-service:\n    build:\n      context: .\n      dockerfile: Dockerfile.dev\n    volumes:\n      - ./src/services/payment/src:/app/src/services/payment/src\n      - /app/node_modules\n",
    });
    // The gateway mounts src/api, but its script starts src/main: the whole package is its code.
    expect(summary(result).map(([name, root]) => [name, root])).toEqual([
      ["api-gateway", ""],
      ["order-service", "src/services/order"],
      ["payment-service", "src/services/payment"],
    ]);
  });

  it("a mounted package whose entry is not at a usual place is still what the container runs (`./backend:/app` with `yarn dev`)", () => {
    const result = lintTree({
      "backend/package.json": { name: "shop-api", scripts: { dev: "nodemon boot/start.js" }, dependencies: { express: "*" } },
      "backend/boot/start.js": route("/v1/items"),
      "Dockerfile.dev": "FROM node:22\nWORKDIR /app\nCOPY ./backend .\nRUN yarn install\nCMD [\"node\", \"boot/start.js\"]\n",
      "docker-compose.dev.local.yml": "services:\n  dev-box:\n    build:\n      context: .\n      dockerfile: Dockerfile.dev\n    command: yarn dev\n    volumes:\n      - ./backend:/app\n      - /app/node_modules\n",
    });
    expect(summary(result).map(([name, root]) => [name, root])).toEqual([["dev-box", "backend"]]);
  });

  it("a folder a container mounts that starts nothing (migrations, seeds) is what the app reads, not the app", () => {
    const result = lintTree({
      "billing/package.json": { name: "billing", scripts: { start: "nest start", "start:dev": "nest start --watch" }, dependencies: { "@nestjs/core": "*", pg: "*" } },
      "billing/src/main.ts": "export {};\n",
      "billing/src/invoices/invoices.controller.ts": "export {};\n",
      "billing/src/migrations/1700000000000-create-invoices.ts": "export class CreateInvoices1700000000000 {}\n",
      "billing/src/seeds/customers.ts": "export const customers = [];\n",
      "billing/Dockerfile": "FROM node:22\nWORKDIR /srv/billing\nCOPY . .\nRUN npm ci\n",
      "docker-compose.yml":
        "services:\n  billing:\n    profiles: [prod]\n    build: ./billing\n    command: npm run start\n    volumes:\n      - ./billing/src/migrations:/srv/billing/src/migrations\n  billing-dev:\n    profiles: [dev]\n    build: ./billing\n    command: npm run start:dev\n    volumes:\n      - ./billing/src/seeds:/srv/billing/src/seeds\n      - ./billing/src/migrations:/srv/billing/src/migrations\n",
    });
    // Both entries run the one package: one service at its folder, none at the folders it mounts.
    expect(summary(result).map(([name, root]) => [name, root])).toEqual([["billing", "billing"]]);
  });

  it("apps in folders called server and app: by the Dockerfile's folder and by the entry's name", () => {
    const result = lintTree({
      "package.json": { name: "chat", private: true, scripts: { start: "node server/index.js" }, dependencies: { express: "*", "socket.io": "*" } },
      "server/index.js": route("/v1/rooms"),
      "server/Dockerfile": "FROM node:22\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server/index.js\"]\n",
      "app/index.js": "module.exports = {};\n",
      "Dockerfile.spa": "FROM node:22\nWORKDIR /repo\nCOPY . .\nRUN npm run build:app\nCMD [\"node\", \"app/index.js\"]\n",
      "docker-compose.yml": "services:\n  server:\n    build:\n      context: .\n      dockerfile: server/Dockerfile\n  app:\n    build:\n      context: .\n      dockerfile: Dockerfile.spa\n",
    });
    expect(summary(result).map(([name, root]) => [name, root])).toEqual([
      ["app", "app"],
      ["server", "server"],
    ]);
  });

  it("an app's own package.json names it (npm workspaces), as does a Turborepo filter in the Dockerfile", () => {
    const result = lintTree({
      "package.json": { name: "shop", private: true, workspaces: ["services/*", "packages/*"] },
      "services/catalog-api/package.json": { name: "@shop/catalog", main: "dist/index.js", dependencies: { fastify: "*" } },
      "services/catalog-api/src/index.ts": "export {};\n",
      "services/cart/package.json": { name: "@shop/cart", main: "dist/index.js", dependencies: { fastify: "*" } },
      "services/cart/src/index.ts": "export {};\n",
      "packages/db/package.json": { name: "@shop/db", main: "src/index.ts", dependencies: { pg: "*" } },
      "packages/db/src/index.ts": "export {};\n",
      "docker/node.Dockerfile": "FROM node:22\nARG SCOPE\nWORKDIR /repo\nCOPY . .\nRUN npx turbo run build --filter=${SCOPE}...\nCMD npm start --workspace=${SCOPE}\n",
      "docker-compose.yml":
        "services:\n  catalog:\n    build:\n      context: .\n      dockerfile: docker/node.Dockerfile\n      args: [SCOPE=@shop/catalog]\n  cart:\n    build:\n      context: .\n      dockerfile: docker/node.Dockerfile\n      args:\n        SCOPE: '@shop/cart'\n",
    });
    expect(summary(result)).toEqual([
      ["cart", "services/cart", ["workspace", "compose"], ""],
      ["catalog", "services/catalog-api", ["workspace", "compose"], ""],
    ]);
    expect(result.model.libraries.map((l) => l.root)).toEqual(["packages/db"]);
  });

  it("a Dockerfile named after its app (docker/Dockerfile.identity) deploys that app, as does an entry named like it but for a suffix or a word", () => {
    const result = lintTree({
      "package.json": { name: "platform", private: true, workspaces: ["services/*"] },
      ...service("services/identity", ["fastify"], { "src/server.ts": "export {};\n" }),
      ...service("services/ledger", ["fastify"], { "src/server.ts": "export {};\n" }),
      "docker/Dockerfile.identity": "FROM node:22\nCOPY . .\nRUN npm ci\nCMD npm start\n",
      "docker/Dockerfile.prod": "FROM node:22\nCOPY . .\nRUN npm ci\nCMD npm start\n",
      ...service("services/api-gateway", ["fastify"], { "src/server.ts": "export {};\n" }),
      "docker-compose.yml": "services:\n  auth:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile.identity\n  ledger-api:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile.prod\n  gateway:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile.prod\n",
    });
    expect(summary(result)).toEqual([
      ["auth", "services/identity", ["workspace", "compose"], ""],
      ["gateway", "services/api-gateway", ["workspace", "compose"], ""],
      // No Dockerfile name or command names them: their names do, less the "-api", or as one word of "api-gateway".
      ["ledger-api", "services/ledger", ["workspace", "compose"], ""],
    ]);
  });

  it("a root app with code of its own stays a service when compose only builds its worker below it", () => {
    const result = lintTree({
      "package.json": { name: "shop", scripts: { start: "node dist/server.js" }, dependencies: { express: "*" } },
      "src/server.ts": route("/v1/cart"),
      "worker/src/index.ts": "export {};\n",
      "worker/Dockerfile": "FROM node:22\nCOPY . .\nCMD node dist/worker/index.js\n",
      "docker-compose.yml": "services:\n  worker:\n    build:\n      context: .\n      dockerfile: worker/Dockerfile\n",
    });
    expect(summary(result)).toEqual([
      ["shop", "", ["package"], ""],
      ["worker", "worker", ["compose"], ""],
    ]);
  });

  it("a service's own build stays in its folder whatever sub-folder of its code its CMD starts", () => {
    const result = lintTree({
      ...service("orders", ["express"], { "src/api/main.ts": route("/v1/orders"), "src/jobs/sweeper.ts": "export {};\n" }),
      "orders/Dockerfile": "FROM node:22\nWORKDIR /srv/orders\nCOPY . .\nRUN npm ci && npm run build\nCMD [\"node\", \"dist/api/main.js\"]\n",
      "docker-compose.yml": "services:\n  orders:\n    build: ./orders\n",
    });
    expect(summary(result)).toEqual([["orders", "orders", ["package", "compose"], ""]]);
  });

  it("a build that copies a library and a tool of the repository still deploys its own folder", () => {
    const result = lintTree({
      "package.json": { name: "storefront", workspaces: ["packages/*"], scripts: { start: "node dist/index.js" }, dependencies: { express: "*", "@acme/shared": "*" } },
      "src/index.ts": route("/v1/products"),
      "packages/shared/package.json": { name: "@acme/shared", main: "dist/index.js", types: "dist/index.d.ts" },
      "packages/shared/src/index.ts": "export const x = 1;\n",
      "packages/tools/package.json": { name: "tools", scripts: { start: "node src/cli.js" } },
      "packages/tools/src/cli.js": "console.log('tool');\n",
      Dockerfile: "FROM node:22\nWORKDIR /app\nCOPY packages/tools packages/tools\nCOPY packages/shared packages/shared\nRUN npm run build --workspace=packages/shared\nCOPY . .\nCMD [\"node\", \"dist/index.js\"]\n",
      "docker-compose.yml": "services:\n  storefront:\n    build: .\n",
    });
    expect(summary(result)).toEqual([["storefront", "", ["compose"], ""]]);
    expect(result.model.libraries.map((l) => l.root)).toEqual(["packages/shared"]);
  });

  it("entries that name no app folder stay separate services of that folder, with a diagnostic naming them", () => {
    const result = lintTree({
      "package.json": { name: "mono", private: true, workspaces: ["packages/*"] },
      ...service("packages/api", ["express"], { "src/server.ts": "export {};\n" }),
      Dockerfile: "FROM node:22\nCOPY . .\nRUN npm ci\nCMD npm start\n",
      "docker-compose.yml": "services:\n  web:\n    build: .\n  jobs:\n    build: .\n",
    });
    expect(summary(result)).toEqual([
      ["api", "packages/api", ["workspace"], ""],
      // By name, except that the first of one folder's services, which owns its code, comes first.
      ["web", "", ["compose"], ""],
      ["jobs", "", ["compose"], ""],
    ]);
    expect(result.diagnostics.map((d) => [d.kind, d.file, d.message])).toContainEqual([
      "not-understood",
      "docker-compose.yml",
      'services.web, services.jobs all build "." and neither their Dockerfiles nor their commands name an app folder in it: each is counted as a service of that whole folder; put each Dockerfile in its app\'s folder or name the app in its command',
    ]);
  });

  it("an API and its worker built from one folder are two services; an entry that runs the image another builds joins its folder", () => {
    const result = lintTree({
      ...service("orders", ["express"], { "src/server.ts": route("/v1/orders") }),
      "orders/Dockerfile": "FROM node:22\nCOPY . .\nCMD node dist/server.js\n",
      "docker-compose.yml":
        "services:\n  orders-api:\n    build: ./orders\n    image: registry.local:5000/shop/orders:dev\n  orders-worker:\n    build: ./orders\n    command: node dist/worker.js\n  orders-cron:\n    image: registry.local:5000/shop/orders:dev\n    command: node dist/cron.js\n    environment:\n      SCHEDULE: hourly\n",
    });
    expect(summary(result)).toEqual([
      ["orders-api", "orders", ["package", "compose"], ""],
      ["orders-worker", "orders", ["compose"], ""],
      ["orders-cron", "orders", ["compose"], ""],
    ]);
    expect(result.model.services[2]!.env).toEqual({ SCHEDULE: "hourly" });
    // The code is the API's, once: no route is counted twice.
    expect(result.model.routes.map((r) => [r.service, r.path])).toEqual([["orders-api", "/v1/orders"]]);
    expect(result.diagnostics.filter((d) => d.message.includes("neither their Dockerfiles"))).toEqual([]);
  });

  it("Deployments that run one image built from a monorepo's top, each with args naming its own app, are those apps (acc20a)", () => {
    // Written for this test: a Skaffold artifact builds the top (its CMD starts kiln); each Deployment gives node its app.
    const app = (name: string) => ({ [`apps/${name}/src/main.ts`]: `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((a) => a.listen(3000));\n`, [`apps/${name}/src/app.module.ts`]: `import { Module } from "@nestjs/common";\n@Module({})\nexport class AppModule {}\n` });
    const workload = (name: string, args: string, env: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}-deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: potter/node\n          args: ["${args}"]\n          env:\n            - name: GLAZE_LEVEL\n              value: "${env}"\n`;
    const result = lintTree({
      "package.json": { ...nestRoot, name: "pottery" },
      "nest-cli.json": { monorepo: true, root: "apps/kiln", sourceRoot: "apps/kiln/src", projects: { kiln: { type: "application", root: "apps/kiln" }, glaze: { type: "application", root: "apps/glaze" } } },
      ...app("kiln"),
      ...app("glaze"),
      Dockerfile: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npx nest build kiln && npx nest build glaze\nENTRYPOINT ["node"]\nCMD ["dist/apps/kiln/main"]\n',
      "skaffold.yaml": "apiVersion: skaffold/v2beta28\nkind: Config\nbuild:\n  artifacts:\n    - image: potter/node\n      context: .\n",
      "k8s/kiln.yaml": workload("kiln", "dist/apps/kiln/main", "low"),
      "k8s/glaze.yaml": workload("glaze", "dist/apps/glaze/main", "high"),
    });
    const services = Object.fromEntries(result.model.services.map((s) => [s.name, s]));
    expect(Object.keys(services).sort()).toEqual(["glaze", "kiln"]);
    expect(services.glaze!.sources).toContain("kubernetes");
    expect(services.glaze!.env).toEqual({ GLAZE_LEVEL: "high" });
    expect(services.kiln!.env).toEqual({ GLAZE_LEVEL: "low" });
  });

  it("entries that run the image another entry builds from a monorepo's top, each with a command naming its own app, are those apps", () => {
    // Written for this test: one Dockerfile at the top builds all three Nest apps; compose starts each by its build output.
    const app = (name: string) => ({ [`apps/${name}/src/main.ts`]: `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((a) => a.listen(3000));\n`, [`apps/${name}/src/app.module.ts`]: `import { Module } from "@nestjs/common";\n@Module({})\nexport class AppModule {}\n` });
    const result = lintTree({
      "package.json": { ...nestRoot, name: "atelier" },
      "nest-cli.json": { monorepo: true, root: "apps/front", sourceRoot: "apps/front/src", projects: { front: { type: "application", root: "apps/front" }, looms: { type: "application", root: "apps/looms" }, dyes: { type: "application", root: "apps/dyes" } } },
      ...app("front"),
      ...app("looms"),
      ...app("dyes"),
      Dockerfile: "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npx nest build front && npx nest build looms && npx nest build dyes\n",
      "docker-compose.yml":
        "services:\n  front:\n    build:\n      context: .\n      dockerfile: Dockerfile\n    image: atelier-image\n    command: node ./dist/apps/front/main\n  looms:\n    image: atelier-image\n    command: node ./dist/apps/looms/main\n    ports: ['50051:50051']\n  dyes:\n    image: atelier-image:latest\n    command: [node, dist/apps/dyes/main.js]\n",
    });
    expect(summary(result).sort()).toEqual([
      ["dyes", "apps/dyes", ["nest-cli", "compose"], ""],
      ["front", "apps/front", ["nest-cli", "compose"], ""],
      ["looms", "apps/looms", ["nest-cli", "compose"], ""],
    ]);
    expect(result.model.services.find((s) => s.name === "looms")!.ports).toContain(50051);
    expect(result.diagnostics.filter((d) => d.message.includes("runs the code of"))).toEqual([]);
  });

  it("a deployment folder that mirrors the apps' (ops/docker/billing/Dockerfile, the code in services/billing) deploys the app named like it", () => {
    // Written for this test: the compose file builds folders that hold only a Dockerfile; a proxy's folder is named like no app.
    const result = lintTree({
      ...service("services/billing", ["express"], { "src/server.ts": route("/v1/invoices") }),
      ...service("services/ledger", ["express"], { "src/server.ts": route("/v1/entries") }),
      "ops/docker/billing/Dockerfile": "FROM node:22\nWORKDIR /app\nCMD [\"npm\", \"start\"]\n",
      "ops/docker/ledger-service/Dockerfile": "FROM node:22\nWORKDIR /app\nCMD [\"npm\", \"start\"]\n",
      "ops/docker/ledger-service/wait-for-db.sh": "#!/bin/sh\nexec npm start\n",
      "ops/docker/edge/Dockerfile": "FROM node:22\nWORKDIR /app\nCMD [\"node\", \"proxy.js\"]\n",
      "ops/docker/docker-compose.yml": "services:\n  invoices:\n    build: ./billing\n  ledger:\n    build:\n      context: ./ledger-service\n  edge:\n    build: ./edge\n",
    });
    expect(summary(result).sort()).toEqual([
      ["edge", "ops/docker/edge", ["compose"], ""],
      ["invoices", "services/billing", ["package", "compose"], ""],
      ["ledger", "services/ledger", ["package", "compose"], ""],
    ]);
    expect(result.diagnostics.filter((d) => d.message.includes("which holds no code")).map((d) => d.message.slice(0, d.message.indexOf(";")))).toEqual([
      'services.invoices builds "ops/docker/billing", which holds no code',
      'services.ledger builds "ops/docker/ledger-service", which holds no code',
    ]);
  });

  it("extends: a service built and configured by the one it extends, in the same file or another", () => {
    const result = lintTree({
      ...service("services/orders", ["express"], { "src/server.ts": "export {};\n" }),
      ...service("services/users", ["express"], { "src/server.ts": "export {};\n" }),
      "deploy/common.yml": "services:\n  node-app:\n    build:\n      context: ../services/orders\n    environment:\n      NODE_ENV: production\n      LOG_LEVEL: info\n",
      "docker-compose.yml":
        "services:\n  orders:\n    extends:\n      file: deploy/common.yml\n      service: node-app\n    environment:\n      LOG_LEVEL: debug\n  users-base:\n    image: acme/users\n    build: ./services/users\n    environment:\n      DATABASE_URL: postgres://db:5432/users\n  users:\n    extends: users-base\n    ports: ['3001:3000']\n",
    });
    expect(result.model.services.map((s) => [s.name, s.root, s.env])).toEqual([
      ["orders", "services/orders", { NODE_ENV: "production", LOG_LEVEL: "debug" }],
      // A base entry and the variant that extends it (`users-base`, `users`) are one service, by the name they share.
      ["users", "services/users", { DATABASE_URL: "postgres://db:5432/users" }],
    ]);
  });

  it("a dev compose that runs node:22 over a bind mount deploys the mounted folder", () => {
    const result = lintTree({
      ...service("svc/users", ["express"], { "src/server.ts": "export {};\n" }),
      "docker-compose.yml": "services:\n  users:\n    image: node:22-alpine\n    working_dir: /app\n    volumes:\n      - ./svc/users:/app\n      - node_modules:/app/node_modules\n    command: npm run dev\n    environment:\n      - DATABASE_URL=postgres://pg:5432/users\n  pg:\n    image: postgres:17\nvolumes:\n  node_modules: {}\n",
    });
    expect(summary(result)).toEqual([["users", "svc/users", ["package", "compose"], ""]]);
    expect(result.model.services[0]!.env).toEqual({ DATABASE_URL: "postgres://pg:5432/users" });
  });

  it("a Dockerfile in an app's folder whose package sits one folder down (cart/Dockerfile copying cart/code/) deploys that package", () => {
    const app = (name: string) => ({
      [`${name}/Dockerfile`]: `FROM node:22-alpine\nWORKDIR /app\nCOPY ${name}/code/ ./\nCMD ["npm", "start"]\n`,
      ...service(`${name}/code`, ["express"], { "app.js": route(`/v1/${name}`) }),
    });
    const compose = "services:\n  cart:\n    build:\n      context: .\n      dockerfile: cart/Dockerfile\n  stock:\n    build:\n      context: .\n      dockerfile: stock/Dockerfile\n";
    const result = lintTree({ ...app("cart"), ...app("stock"), "docker-compose.yml": compose });
    expect(summary(result)).toEqual([
      ["cart", "cart/code", ["package", "compose"], ""],
      ["stock", "stock/code", ["package", "compose"], ""],
    ]);
    // Two packages below one Dockerfile's folder: which one it builds is not known from the folder.
    const two = lintTree({ ...app("cart"), ...service("cart/admin", ["express"], { "app.js": route("/v1/admin") }), "docker-compose.yml": "services:\n  cart:\n    build:\n      context: .\n      dockerfile: cart/Dockerfile\n" });
    expect(summary(two).map(([name, root]) => `${name} ${root}`)).not.toContain("cart cart/code");
  });
});

describe("[I] names that differ between package and deployment", () => {
  const tree = {
    ...service("tickets", ["express"], { "src/index.ts": route("/api/tickets") }),
    "tickets/package.json": { name: "tickets-srv", main: "src/index.ts", dependencies: { express: "*" } },
    ...service("auth", ["express"], { "src/index.ts": route("/api/users") }),
    "infra/k8s/tickets-depl.yaml": deployment("tickets-depl", "tickets", "acme/tickets", "            - name: MONGO_URI\n              value: mongodb://tickets-mongo-srv:27017/tickets\n"),
    "infra/k8s/auth-depl.yaml": deployment("auth-depl", "auth", "acme/auth", "            - name: MONGO_URI\n              value: mongodb://auth-mongo-srv:27017/auth\n"),
    "infra/k8s/tickets-mongo-depl.yaml": deployment("tickets-mongo-depl", "tickets-mongo", "mongo", "            - name: MONGO_INITDB_ROOT_PASSWORD\n              value: example\n"),
  };

  it("a Skaffold artifact ties the Deployment running its image to the folder it builds", () => {
    const result = lintTree({
      ...tree,
      "skaffold.yaml":
        "apiVersion: skaffold/v4beta3\nkind: Config\nmanifests:\n  rawYaml:\n    - ./infra/k8s/*\nbuild:\n  local:\n    push: false\n  artifacts:\n    - image: acme/auth\n      context: auth\n      docker:\n        dockerfile: Dockerfile\n    - image: acme/tickets\n      context: tickets\n      docker:\n        dockerfile: Dockerfile\n      sync:\n        manual:\n          - src: 'src/**/*.ts'\n            dest: .\n",
    });
    expect(summary(result)).toEqual([
      ["auth", "auth", ["package", "skaffold", "kubernetes"], ""],
      // Named after the image the cluster runs, as a reader of the manifests calls it; the package name stays a host.
      ["tickets", "tickets", ["package", "skaffold", "kubernetes"], ""],
    ]);
    const tickets = result.model.services[1]!;
    expect(tickets.packageName).toBe("tickets-srv");
    expect(tickets.env).toEqual({ MONGO_URI: "mongodb://tickets-mongo-srv:27017/tickets" });
    expect(tickets.envLocations).toEqual({ MONGO_URI: { file: "infra/k8s/tickets-depl.yaml", line: 18, column: 1 } });
    expect(tickets.hosts).toEqual(["tickets", "tickets-srv"]);
    expect(result.model.services[0]!.env).toEqual({ MONGO_URI: "mongodb://auth-mongo-srv:27017/auth" });
  });

  it.each(["shop-desk-", "shop_desk_", "shop.desk."])("images named after the project and then the folder (%sauth, …tickets) are named after the folder", (prefix) => {
    const prefixed = (text: string) => text.replace(/acme\/(auth|tickets)/g, `acme/${prefix}$1`);
    const result = lintTree({
      ...Object.fromEntries(Object.entries(tree).map(([path, content]) => [path, typeof content === "string" ? prefixed(content) : content])),
      "skaffold.yaml": `apiVersion: skaffold/v2alpha3\nkind: Config\ndeploy:\n  kubectl:\n    manifests:\n      - ./infra/k8s/*\nbuild:\n  artifacts:\n    - image: acme/${prefix}auth\n      context: auth\n    - image: acme/${prefix}tickets\n      context: tickets\n`,
    });
    // tickets' package is tickets-srv: the image adds its folder's name to the project's prefix, as before without one.
    expect(summary(result)).toEqual([
      ["auth", "auth", ["package", "skaffold", "kubernetes"], ""],
      ["tickets", "tickets", ["package", "skaffold", "kubernetes"], ""],
    ]);
  });

  it("one image named after the project and then the folder (acme/shop-desk-auth for auth/, package auth) is named after the folder (acc13d)", () => {
    const result = lintTree({
      ...service("auth", ["express"], { "src/index.ts": route("/login") }),
      "skaffold.yaml": "apiVersion: skaffold/v2beta28\nkind: Config\ndeploy:\n  kubectl:\n    manifests:\n      - ./infra/k8s/*\nbuild:\n  artifacts:\n    - image: acme/shop-desk-auth\n      context: auth\n",
      "infra/k8s/auth.yaml": deployment("auth-depl", "auth", "acme/shop-desk-auth"),
    });
    expect(summary(result)).toEqual([["auth", "auth", ["package", "skaffold", "kubernetes"], ""]]);
    const underscored = lintTree({
      ...service("auth", ["express"], { "src/index.ts": route("/login") }),
      "skaffold.yaml": "apiVersion: skaffold/v2beta28\nkind: Config\nbuild:\n  artifacts:\n    - image: acme/shop_desk_auth\n      context: auth\n",
    });
    expect(summary(underscored)).toEqual([["auth", "auth", ["package", "skaffold"], ""]]);
  });

  it("a workload named like a folder but for the joints between its words (event-bus-depl for eventbus/) deploys that folder's service", () => {
    const result = lintTree({
      ...service("eventbus", ["express"], { "src/index.ts": route("/events") }),
      ...service("posts", ["express"], { "src/index.ts": route("/posts") }),
      "skaffold.yaml": "apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: acme/eventbus\n      context: eventbus\n    - image: acme/posts\n      context: posts\n",
      "k8s/bus.yaml": deployment("event-bus-depl", "event-bus", "acme/event-bus:latest"),
      "k8s/posts.yaml": deployment("posts-depl", "posts", "acme/posts"),
    });
    expect(summary(result)).toEqual([
      ["eventbus", "eventbus", ["package", "skaffold", "kubernetes"], ""],
      ["posts", "posts", ["package", "skaffold", "kubernetes"], ""],
    ]);
    expect(result.diagnostics.filter((d) => d.message.includes("no compose entry or Skaffold artifact"))).toEqual([]);
  });

  it("a workload whose image nothing builds, named like a folder but for a plural in its first word (events-bus for event-bus/), deploys that folder's service and answers to its Service's name", () => {
    const result = lintTree({
      ...service("event-bus", ["express"], { "index.js": route("/events") }),
      ...service("notes", ["express", "axios"], {
        "index.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.post("/v1/notes", async (req, res) => {\n  await axios.post("http://events-bus-srv:4005/events", { type: "NoteAdded" });\n  res.status(201).end();\n});\napp.listen(3000);\n`,
      }),
      "skaffold.yaml": "apiVersion: skaffold/v2alpha3\nkind: Config\nbuild:\n  artifacts:\n    - image: acme/event-bus\n      context: event-bus\n    - image: acme/notes\n      context: notes\n",
      // The manifest says events-bus where the artifact says event-bus: a slip a reader reads through.
      "infra/k8s/bus.yaml": deployment("bus-depl", "events-bus", "acme/events-bus"),
      "infra/k8s/notes.yaml": deployment("notes-depl", "notes", "acme/notes"),
    });
    expect(summary(result)).toEqual([
      ["event-bus", "event-bus", ["package", "skaffold", "kubernetes"], ""],
      ["notes", "notes", ["package", "skaffold", "kubernetes"], ""],
    ]);
    expect(result.diagnostics.filter((d) => d.message.includes("no compose entry or Skaffold artifact"))).toEqual([]);
    expect(result.model.calls.map((c) => [c.service, c.targetService])).toEqual([["notes", "event-bus"]]);
  });

  it("Skaffold configs split into numbered or named files (skaffold-2.yaml, skaffold-apps.yml) are read like skaffold.yaml", () => {
    const result = lintTree({
      ...service("services/stocker", ["express"], { "src/index.ts": route("/items") }),
      "skaffold-1.yaml": "apiVersion: skaffold/v4beta6\nkind: Config\nmanifests:\n  rawYaml:\n    - ./k8s/queue.yaml\n",
      "skaffold-2.yaml": "apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: acme/filler\n      context: services/stocker\nmanifests:\n  rawYaml:\n    - ./k8s/filler.yaml\n",
      "k8s/filler.yaml": deployment("filler-depl", "filler", "acme/filler"),
    });
    expect(summary(result)).toEqual([["filler", "services/stocker", ["package", "skaffold", "kubernetes"], ""]]);
  });

  it("an image named after the project and then the folder, of a package named otherwise, is named after the folder when its container is too (acc20a)", () => {
    // basket/ holds the package `cart`; the images share no prefix (one is plain acme/auth); the Deployment's container is basket.
    const result = lintTree({
      ...service("auth", ["express"], { "src/index.ts": route("/login") }),
      ...service("basket", ["express"], { "src/index.ts": route("/api/basket") }),
      "basket/package.json": { name: "cart", main: "src/index.ts", dependencies: { express: "*" } },
      "skaffold.yaml": "apiVersion: skaffold/v2beta28\nkind: Config\nbuild:\n  artifacts:\n    - image: acme/auth\n      context: auth\n    - image: acme/shopfront-basket\n      context: basket\n",
      "infra/k8s/auth.yaml": deployment("auth-depl", "auth", "acme/auth"),
      "infra/k8s/basket.yaml": deployment("basket-depl", "basket", "acme/shopfront-basket"),
    });
    expect(summary(result).map(([name, root]) => `${name} ${root}`)).toEqual(["auth auth", "basket basket"]);
    // Without a container named after the folder the image's name stays.
    const unnamed = lintTree({
      ...service("auth", ["express"], { "src/index.ts": route("/login") }),
      ...service("basket", ["express"], { "src/index.ts": route("/api/basket") }),
      "basket/package.json": { name: "cart", main: "src/index.ts", dependencies: { express: "*" } },
      "skaffold.yaml": "apiVersion: skaffold/v2beta28\nkind: Config\nbuild:\n  artifacts:\n    - image: acme/auth\n      context: auth\n    - image: acme/shopfront-basket\n      context: basket\n",
      "infra/k8s/basket.yaml": deployment("web-depl", "web", "acme/shopfront-basket"),
    });
    expect(summary(unnamed).map(([name, root]) => `${name} ${root}`)).toContain("shopfront-basket basket");
  });

  it("a repository's root package that only a Skaffold artifact makes a service is named after its image, not the project's package name", () => {
    // The root package.json names the whole project (graph-hub); the artifact built from the root runs its gateway.js,
    // and the cluster runs that image as the Deployment a reader calls the gateway.
    const result = lintTree({
      "package.json": { name: "graph-hub", main: "edge.js", private: true, workspaces: ["services/*"], dependencies: { express: "*" } },
      "edge.js": route("/v1/graph"),
      ...service("services/people", ["express"], { "src/index.ts": route("/v1/people") }),
      "docker/edge.dockerfile": "FROM node:22-alpine\nWORKDIR /app\nCOPY package.json edge.js ./\nRUN npm i\nCMD node edge.js\n",
      "docker/people.dockerfile": "FROM node:22-alpine\nWORKDIR /app\nCOPY services/people ./services/people\nRUN npm i\nCMD cd services/people && node src/index.js\n",
      "skaffold.yaml":
        "apiVersion: skaffold/v2alpha3\nkind: Config\ndeploy:\n  kubectl:\n    manifests:\n      - ./k8s/*\nbuild:\n  artifacts:\n    - image: hubco/people\n      context: .\n      docker:\n        dockerfile: ./docker/people.dockerfile\n    - image: hubco/edge\n      context: .\n      docker:\n        dockerfile: ./docker/edge.dockerfile\n",
      "k8s/people.yaml": deployment("people", "people", "hubco/people:latest"),
      "k8s/edge.yaml": deployment("edge", "edge", "hubco/edge:latest"),
    });
    expect(summary(result)).toEqual([
      ["edge", "", ["skaffold", "kubernetes"], ""],
      ["people", "services/people", ["workspace", "skaffold", "kubernetes"], ""],
    ]);
    const edge = result.model.services[0]!;
    expect(edge.packageName).toBe("graph-hub");
    // Other code may still call it by its package's name.
    expect(edge.hosts).toContain("graph-hub");
  });

  it("without Skaffold, the image's name matches the package's folder", () => {
    const result = lintTree(tree);
    expect(summary(result)).toEqual([
      ["auth", "auth", ["package", "kubernetes"], ""],
      ["tickets-srv", "tickets", ["package", "kubernetes"], ""],
    ]);
    expect(result.model.services[1]!.env).toEqual({ MONGO_URI: "mongodb://tickets-mongo-srv:27017/tickets" });
  });

  it("a Deployment named like a package but for a suffix (orders-depl running acme/orders-service) is that package's", () => {
    const result = lintTree({
      ...service("svc/orders", ["express"], { "src/index.ts": "export {};\n" }),
      ...service("svc/users", ["express"], { "src/index.ts": "export {};\n" }),
      "k8s/orders.yaml": deployment("orders-depl", "orders-container", "acme/orders-service:3", "            - name: USERS_URL\n              value: http://users-srv:3000\n"),
    });
    expect(summary(result)).toEqual([
      ["orders", "svc/orders", ["package", "kubernetes"], ""],
      ["users", "svc/users", ["package"], ""],
    ]);
    expect(result.model.services[0]!.env).toEqual({ USERS_URL: "http://users-srv:3000" });
  });

  it("a Deployment and image in the singular (invoice-depl running acme/invoice-srv) are the package whose name is in the plural", () => {
    const result = lintTree({
      ...service("invoices-service", ["express"], { "server.js": "export {};\n" }),
      ...service("ledger-service", ["express"], { "server.js": "export {};\n" }),
      "infra/invoice.yaml": deployment("invoice-depl", "invoice", "acme/invoice-srv:v2", "            - name: LEDGER_URL\n              value: http://ledger-srv:3000\n"),
    });
    expect(summary(result)).toEqual([
      ["invoices-service", "invoices-service", ["package", "kubernetes"], ""],
      ["ledger-service", "ledger-service", ["package"], ""],
    ]);
    expect(result.model.services[0]!.env).toEqual({ LEDGER_URL: "http://ledger-srv:3000" });
  });

  it("a compose image name ties a registry Deployment to the compose entry's folder", () => {
    const result = lintTree({
      ...service("services/billing-service", ["fastify"], { "src/server.ts": "export {};\n" }),
      ...service("services/ledger", ["fastify"], { "src/server.ts": "export {};\n" }),
      "docker-compose.yml": "services:\n  billing:\n    build: ./services/billing-service\n    image: ghcr.io/acme/pay:latest\n  ledger:\n    build: ./services/ledger\n",
      "k8s/pay.yaml": deployment("payments", "main", "ghcr.io/acme/pay:1.4.2", "            - name: LEDGER_URL\n              value: http://ledger-srv:3000\n"),
    });
    expect(summary(result)).toEqual([
      ["billing", "services/billing-service", ["package", "compose", "kubernetes"], ""],
      ["ledger", "services/ledger", ["package", "compose"], ""],
    ]);
    expect(result.model.services[0]!.env).toEqual({ LEDGER_URL: "http://ledger-srv:3000" });
  });
});

describe("[I] Tiltfiles", () => {
  it("docker_build ties the Deployment running its image to the folder it builds; a computed build is a diagnostic", () => {
    const result = lintTree({
      "package.json": { name: "mono", private: true, workspaces: ["apps/*"] },
      ...service("apps/checkout-api", ["fastify"], { "src/main.ts": "export {};\n" }),
      "apps/checkout-api/package.json": { name: "@shop/checkout-api", main: "src/main.ts", dependencies: { fastify: "*" } },
      "apps/pricing/go.mod": "module example.com/pricing\n",
      "apps/pricing/main.go": "package main\n",
      "docker/node.Dockerfile": "FROM node:22\nARG APP\nCOPY . .\nRUN npm run build --workspace=apps/${APP}\nCMD node apps/${APP}/dist/main.js\n",
      "docker/go.Dockerfile": "FROM golang:1.23\nCOPY . .\nRUN go build ./...\n",
      Tiltfile:
        "# local dev\nload('ext://restart_process', 'docker_build_with_restart')\nk8s_yaml(['k8s/checkout.yaml', 'k8s/pricing.yaml'])\n" +
        "docker_build(\n  'registry.local/checkout',\n  '.',\n  dockerfile='docker/node.Dockerfile',\n  build_args={'APP': 'checkout-api'},\n  live_update=[sync('apps/checkout-api/src', '/app/apps/checkout-api/src'), run('npm i', trigger=['package.json'])],\n)\n" +
        "docker_build(ref='registry.local/pricing', context='apps/pricing', dockerfile='docker/go.Dockerfile')\n" +
        "for name in ['a', 'b']:\n    docker_build('registry.local/' + name, name)\n",
      "k8s/checkout.yaml": deployment("checkout", "app", "registry.local/checkout", "            - name: PRICING_ADDR\n              value: pricing:50051\n"),
      "k8s/pricing.yaml": deployment("pricing", "app", "registry.local/pricing", "            - name: PORT\n              value: '50051'\n"),
    });
    expect(summary(result)).toEqual([
      ["checkout", "apps/checkout-api", ["workspace", "tilt", "kubernetes"], ""],
      ["pricing", "apps/pricing", ["tilt", "kubernetes"], "go"],
    ]);
    expect(result.model.services[0]!.env).toEqual({ PRICING_ADDR: "pricing:50051" });
    expect(result.diagnostics.filter((d) => d.file === "Tiltfile").map((d) => [d.kind, d.line, d.message])).toEqual([
      ["not-understood", 13, "docker_build with an image or context that is not a string literal: arch-lint does not run Tiltfiles, so this build is not tied to a folder"],
    ]);
  });
});

describe("[I] Kubernetes without Skaffold", () => {
  it("a Deployment's image named like a folder with a Dockerfile is that folder's service; one named like nothing gets a diagnostic", () => {
    const result = lintTree({
      ...service("src/cart", ["express"], { "src/server.ts": "export {};\n" }),
      "src/cart/Dockerfile": "FROM node:22\nCOPY . .\nCMD node dist/server.js\n",
      "src/frontend/go.mod": "module example.com/frontend\n",
      "src/frontend/Dockerfile": "FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n",
      "manifests/frontend.yaml": deployment("frontend", "server", "gcr.io/acme-shop/frontend:v0.10.1", "            - name: CART_SERVICE_ADDR\n              value: cart-srv:7070\n"),
      "manifests/cart.yaml": deployment("cart", "server", "gcr.io/acme-shop/cart:v0.10.1"),
      "manifests/legacy.yaml": deployment("legacy-billing", "billing", "registry.acme.io/billing/legacy:7"),
      "manifests/redis.yaml": deployment("redis-cart", "redis", "redis:alpine"),
    });
    expect(summary(result)).toEqual([
      ["cart", "src/cart", ["package", "kubernetes"], ""],
      ["frontend", "src/frontend", ["kubernetes"], "go"],
    ]);
    expect(result.model.services[1]!.env).toEqual({ CART_SERVICE_ADDR: "cart-srv:7070" });
    expect(result.diagnostics.filter((d) => d.file?.startsWith("manifests/")).map((d) => [d.kind, d.file, d.message])).toEqual([
      [
        "not-understood",
        "manifests/legacy.yaml",
        "Deployment legacy-billing runs registry.acme.io/billing/legacy:7, which no compose entry or Skaffold artifact of the repository builds and no service, package or folder with a Dockerfile is named like: not counted as a service (declare it under services in arch-lint.config.yaml with its path if it is one)",
      ],
    ]);
  });
});

describe("[I] compose files named every way `-f` allows", () => {
  it("names with a variant, a prefix or capitals are compose files; composer.json and CloudFormation stacks are not", () => {
    const kinds = ["docker-compose-load.yaml", "kafka.docker-compose.yaml", "docker.compose.yml", "docker-compose.production.micro.yml", "Docker-Compose.yml", "docker-compose_prod.yml", "compose.yaml", "docker-stack.yml"].map(classifyFile);
    expect(kinds).toEqual(Array(8).fill("compose"));
    expect(["composer.json", "rds-stack.yml", "decompose.yml"].map(classifyFile)).toEqual(["build-file", "yaml", "yaml"]);
    // Templates other files extend are read through those files only.
    expect(["docker-compose.local.base.yml", "docker-compose.base.yaml", "compose-base.yml"].map(classifyFile)).toEqual(["yaml", "yaml", "yaml"]);
  });

  it("a compose file named docker-compose-<variant> or <tool>.docker-compose is read; its datastore and load-test images run by Deployments are no service and no diagnostic", () => {
    const result = lintTree({
      ...service("basket", ["express"], { "src/server.js": route("/v1/basket") }),
      "basket/Dockerfile": "FROM node:22\nCOPY . .\nCMD [\"node\", \"src/server.js\"]\n",
      ...service("ledger", ["express"], { "src/server.js": route("/v1/ledger") }),
      "ledger/Dockerfile": "FROM node:22\nCOPY . .\nCMD [\"node\", \"src/server.js\"]\n",
      "docs-db/Dockerfile": "FROM mongo:7\nCOPY seed.js /docker-entrypoint-initdb.d/\n",
      "traffic/Dockerfile": "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"./start-load.sh\"]\n",
      "traffic/requirements.txt": "locust\n",
      ".env": "REGISTRY=acmeshop\n",
      "Docker-Compose.yml":
        "services:\n  basket:\n    build: basket\n    image: ${REGISTRY}/shop-basket:${TAG}\n  ledger:\n    build: ledger\n  docs-db:\n    build: docs-db\n    image: ${REGISTRY}/rs-documents:${TAG}\n",
      "docker-compose-traffic.yaml": "services:\n  traffic:\n    build: traffic\n    image: ${REGISTRY}/rs-load:${TAG}\n  edge:\n    build: ./kong-plugins\n    command: kong migrations bootstrap\n",
      "payments.docker-compose.yml": "services:\n  payments:\n    image: acmeshop/payments:3\n",
      "manifests/basket.yaml": deployment("basket", "basket", "acmeshop/shop-basket:latest"),
      "manifests/docs-db.yaml": deployment("documents", "documents", "acmeshop/rs-documents:latest"),
      "manifests/traffic.yaml": deployment("load", "load", "acmeshop/rs-load:latest"),
      "composer.json": "{}\n",
    });
    expect(summary(result)).toEqual([
      ["basket", "basket", ["package", "compose", "kubernetes"], ""],
      ["ledger", "ledger", ["package", "compose"], ""],
    ]);
    expect(result.diagnostics.filter((d) => d.file?.startsWith("manifests/"))).toEqual([]);
  });
});

describe("[I] builds from the repository root of apps in other languages", () => {
  it("a Dockerfile in a folder named like its entry places the app there, even with no file arch-lint reads; a URL in a RUN line never sends the search up to /", () => {
    const result = lintTree({
      ...service("web", ["express"], { "index.js": route("/v1/pages") }),
      "web/Dockerfile": "FROM node:22\nCOPY . .\nCMD [\"node\", \"index.js\"]\n",
      "src/relay/Dockerfile": "FROM golang:1.23 AS build\nWORKDIR /src/relay\nRUN git clone https://github.com/acme/relay.git . && go build -o /relay ./cmd\nFROM alpine\nCOPY --from=build /relay /relay\nENTRYPOINT [\"/relay\"]\n",
      ...service("ledger", ["express"], { "index.js": route("/v1/entries") }),
      "ledger/Dockerfile": "FROM node:22\nCOPY . .\nCMD [\"node\", \"index.js\"]\n",
      ...service("apps/billing", ["express"], { "src/main.js": route("/v1/invoices") }),
      ".docker/billing/Dockerfile": "FROM node:22\nWORKDIR /repo\nCOPY . .\nCMD [\"node\", \"apps/billing/src/main.js\"]\n",
      "tools/dispatch/Dockerfile": "FROM golang:1.23\nWORKDIR /build\nRUN git clone https://github.com/acme/dispatcher.git . && go build -o /usr/bin/dispatcher .\nENTRYPOINT [\"/usr/bin/dispatcher\"]\n",
      "src/pricing/CMakeLists.txt": "project(pricing)\n",
      "src/pricing/docker/Dockerfile": "FROM alpine\nCOPY . /pricing\nENTRYPOINT [\"/pricing/bin/pricing\"]\n",
      "src/web/Dockerfile.e2e": "FROM cypress/included:15\nWORKDIR /e2e\nCOPY ./web .\nENTRYPOINT [\"cypress\", \"run\"]\n",
      "docker-compose.yml":
        "services:\n  web:\n    build: ./web\n  relay:\n    build:\n      context: .\n      dockerfile: src/relay/Dockerfile\n  pricing:\n    build:\n      context: ./\n      dockerfile: ./src/pricing/docker/Dockerfile\n  web-e2e:\n    build:\n      context: .\n      dockerfile: src/web/Dockerfile.e2e\n  billing:\n    build:\n      context: .\n      dockerfile: .docker/billing/Dockerfile\n  ledger:\n    build:\n      context: ./ledger\n      dockerfile: ledger/Dockerfile\n  courier:\n    build:\n      context: .\n      dockerfile: tools/dispatch/Dockerfile\n",
    });
    // courier's Dockerfile sits in a folder named otherwise, with nothing in it to read: the whole root, said in a diagnostic.
    // billing's Dockerfile sits in a folder named like it, but the path it starts names the app's own folder first.
    expect(summary(result)).toEqual([
      ["billing", "apps/billing", ["package", "compose"], ""],
      ["courier", "", ["compose"], "go"],
      ["ledger", "ledger", ["package", "compose"], ""],
      ["pricing", "src/pricing", ["compose"], "cpp"],
      ["relay", "src/relay", ["compose"], "go"],
      ["web", "web", ["package", "compose"], ""],
    ]);
  }, 20_000);
});

describe("[I] other workload kinds", () => {
  it("Argo Rollouts, OpenShift DeploymentConfigs and Knative Services run services too", () => {
    const pod = (apiVersion: string, kind: string, name: string, image: string, env: string) =>
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - image: ${image}\n          env:\n            - name: ${env}\n              value: "1"\n`;
    const result = lintTree({
      ...service("cart", ["express"], { "src/server.ts": "export {};\n" }),
      ...service("search", ["express"], { "src/server.ts": "export {};\n" }),
      ...service("mailer", ["express"], { "src/server.ts": "export {};\n" }),
      "k8s/cart.yaml": pod("argoproj.io/v1alpha1", "Rollout", "cart", "acme/cart:1", "CART_ROLLOUT"),
      "k8s/search.yaml": pod("apps.openshift.io/v1", "DeploymentConfig", "search", "acme/search:1", "SEARCH_DC"),
      "k8s/mailer.yaml": pod("serving.knative.dev/v1", "Service", "mailer", "acme/mailer:1", "MAILER_KSVC"),
    });
    expect(result.model.services.map((s) => [s.name, s.sources, s.env, s.hosts])).toEqual([
      ["cart", ["package", "kubernetes"], { CART_ROLLOUT: "1" }, ["cart"]],
      ["mailer", ["package", "kubernetes"], { MAILER_KSVC: "1" }, ["mailer", "mailer.shop", "mailer.shop.svc", "mailer.shop.svc.cluster.local"]],
      ["search", ["package", "kubernetes"], { SEARCH_DC: "1" }, ["search"]],
    ]);
  });
});

describe("[I] Kubernetes pods with sidecars", () => {
  it("a sidecar's settings (a database proxy's) are not the service's", () => {
    const pod = deployment("orders", "orders", "acme/orders:2", "            - name: DATABASE_URL\n              value: postgres://127.0.0.1:5432/orders\n").replace(
      "---\napiVersion: v1\nkind: Service",
      "        - name: cloud-sql-proxy\n          image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0\n          env:\n            - name: DATABASE_URL\n              value: postgres://proxy-admin@10.0.0.3:5432/postgres\n            - name: CSQL_PROXY_PORT\n              value: '5432'\n---\napiVersion: v1\nkind: Service",
    );
    const result = lintTree({ ...service("orders", ["express"], { "src/server.ts": "export {};\n" }), ...service("users", ["express"], { "src/server.ts": "export {};\n" }), "k8s/orders.yaml": pod });
    expect(summary(result)[0]).toEqual(["orders", "orders", ["package", "kubernetes"], ""]);
    expect(result.model.services[0]!.env).toEqual({ DATABASE_URL: "postgres://127.0.0.1:5432/orders" });
  });
});

describe("[I] Skaffold configs", () => {
  it("a worker with no HTTP server, a Deployment and a Skaffold artifact is a service (v2beta, deploy.kubectl.manifests)", () => {
    const result = lintTree({
      ...service("auth", ["express"], { "src/index.ts": "export {};\n" }),
      "expiration/package.json": { name: "expiration", main: "src/index.ts", dependencies: { ioredis: "*", "node-cron": "*" } },
      "expiration/src/index.ts": "export {};\n",
      "expiration/Dockerfile": "FROM node:alpine\nWORKDIR /app\nCOPY package.json .\nRUN npm install --omit=dev\nCOPY . .\nCMD [\"npm\", \"start\"]\n",
      "skaffold.yaml":
        "apiVersion: skaffold/v2alpha3\nkind: Config\ndeploy:\n  kubectl:\n    manifests:\n      - ./infra/k8s/*\nbuild:\n  artifacts:\n    - image: acme/auth\n      context: auth\n    - image: acme/expiration\n      context: expiration\n      docker:\n        dockerfile: Dockerfile\n",
      "infra/k8s/expiration-depl.yaml": deployment("expiration-depl", "expiration", "acme/expiration", "            - name: REDIS_HOST\n              value: expiration-redis-srv\n"),
    });
    expect(summary(result)).toEqual([
      ["auth", "auth", ["package", "skaffold"], ""],
      ["expiration", "expiration", ["skaffold", "kubernetes"], ""],
    ]);
    expect(result.model.services[1]!.env).toEqual({ REDIS_HOST: "expiration-redis-srv" });
    expect(result.model.libraries).toEqual([]);
  });

  it("v1beta imageName and dockerfilePath, profiles, and Jib artifacts (a Java service, not scanned)", () => {
    const result = lintTree({
      "apps/shipping/package.json": { name: "shipping", dependencies: { kafkajs: "*" }, scripts: { start: "node ." } },
      "apps/shipping/index.js": "module.exports = {};\n",
      "deploy/shipping.Dockerfile": "FROM node:20\nCOPY apps/shipping /srv\nCMD node /srv/index.js\n",
      "inventory/pom.xml": "<project/>\n",
      "inventory/src/main/resources/static/app.js": route("/static-route"),
      "skaffold.yaml":
        "apiVersion: skaffold/v1beta2\nkind: Config\nbuild:\n  artifacts:\n    - imageName: acme/shipping\n      context: .\n      docker:\n        dockerfilePath: deploy/shipping.Dockerfile\nprofiles:\n  - name: java\n    build:\n      artifacts:\n        - image: acme/inventory\n          context: inventory\n          jib: {}\n",
      "k8s/inventory.yaml": deployment("inventory", "inventory", "acme/inventory:2", "            - name: SPRING_DATASOURCE_URL\n              value: jdbc:postgresql://pg:5432/inventory\n"),
    });
    expect(summary(result)).toEqual([
      ["inventory", "inventory", ["skaffold", "kubernetes"], "java"],
      ["shipping", "apps/shipping", ["package", "skaffold"], ""],
    ]);
    expect(result.model.services[0]!.env).toEqual({ SPRING_DATASOURCE_URL: "jdbc:postgresql://pg:5432/inventory" });
    // The script in the Java service's folder is not its code: no route comes from it.
    expect(result.model.routes).toEqual([]);
  });

  it("Helm templates are skipped without a YAML warning on stderr", () => {
    const warnings = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const result = lintTree({
        ...service("api", ["express"], { "src/server.ts": "export {};\n" }),
        "chart/templates/deployment.yaml": "apiVersion: apps/v1\nkind: {{ .Values.kind }}\nmetadata:\n  name: {{ include \"api.fullname\" . }}\n",
        "chart/skaffold.yaml": "apiVersion: skaffold/v4beta11\nkind: {{ .Values.kind }}\n",
      });
      expect(summary(result)).toEqual([["api", "api", ["package"], ""]]);
      expect(warnings).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warnings.mockRestore();
      warn.mockRestore();
    }
  });

  it("a broken Skaffold config is a one-line diagnostic, and the scan goes on", () => {
    const result = lintTree({
      ...service("api", ["express"], { "src/server.ts": "export {};\n" }),
      "skaffold.yaml": "apiVersion: skaffold/v4beta1\nkind: Config\nbuild:\n  artifacts:\n    - image: [unclosed\n",
    });
    expect(summary(result)).toEqual([["api", "api", ["package"], ""]]);
    const diagnostic = result.diagnostics.find((d) => d.file === "skaffold.yaml");
    expect(diagnostic?.message).toMatch(/^cannot parse the Skaffold config: .*; its artifacts are not read$/);
  });
});

describe("[I] odd deployment files", () => {
  it("a build of a folder with no file in the scan (a submodule not checked out) is a service with a diagnostic", () => {
    const result = lintTree({
      ...service("api", ["express"], { "src/server.ts": "export {};\n" }),
      "docker-compose.yml": "services:\n  api:\n    build: ./api\n  payments:\n    build: ./vendor/payments\n",
    });
    expect(summary(result)).toEqual([
      ["api", "api", ["package", "compose"], ""],
      ["payments", "vendor/payments", ["compose"], ""],
    ]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood" && d.message.startsWith("services.")).map((d) => [d.file, d.line, d.service, d.message])).toEqual([
      ["docker-compose.yml", 4, "payments", 'services.payments builds "vendor/payments", which holds no file arch-lint reads (a git submodule not checked out, an ignored or missing folder): counted as a service with no code'],
    ]);
  });

  it("a build of a folder that was renamed (hyphens dropped) is the service of the folder it names, with a diagnostic, not a second empty service", () => {
    const result = lintTree({
      ...service("apps/billingapi", ["express"], { "src/server.ts": route("/v1/invoices") }),
      ...service("apps/ledger", ["express"], { "src/server.ts": route("/v1/entries") }),
      "docker-compose.yml": "services:\n  billing-api:\n    build:\n      context: ./apps/billing-api\n      dockerfile: Dockerfile\n  ledger:\n    build: ./apps/ledger\n",
      // Skaffold resolves contexts from its own folder: deploy/apps/billing-api exists no more than apps/billing-api.
      "deploy/skaffold.yaml": "apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: billing-api\n      context: apps/billing-api\n",
    });
    expect(summary(result)).toEqual([
      ["billing-api", "apps/billingapi", ["package", "compose", "skaffold"], ""],
      ["ledger", "apps/ledger", ["package", "compose"], ""],
    ]);
    expect(result.model.services[0]!.hosts).toEqual(expect.arrayContaining(["billing-api"]));
    expect(result.diagnostics.filter((d) => d.message.includes("does not exist")).map((d) => [d.file, d.line, d.message])).toEqual([
      ["deploy/skaffold.yaml", 5, 'the artifact billing-api builds "deploy/apps/billing-api", which does not exist: taken as "apps/billingapi", the one service folder named like it; correct the path in the deployment file'],
      ["docker-compose.yml", 2, 'services.billing-api builds "apps/billing-api", which does not exist: taken as "apps/billingapi", the one service folder named like it; correct the path in the deployment file'],
    ]);
  });

  it("compose entries made from an x- template by YAML merge keys (<<: *node-dev) get its build, and their environment merges too", () => {
    const result = lintTree({
      "package.json": { name: "studio", private: true, workspaces: ["services/*"] },
      ...service("services/gateway", ["express"], { "src/server.ts": route("/v1/scripts") }),
      ...service("services/library", ["express"], { "src/server.ts": route("/v1/books") }),
      "infra/dev.Dockerfile": "FROM node:24-slim\nRUN npm i -g pnpm\nWORKDIR /workspace\n",
      "compose.yml":
        "x-dev: &dev\n  build:\n    context: .\n    dockerfile: infra/dev.Dockerfile\n  image: studio-dev:local\nx-otel: &otel\n  OTEL_EXPORTER_OTLP_ENDPOINT: http://collector:4317\nservices:\n" +
        '  gateway:\n    <<: *dev\n    environment:\n      <<: *otel\n      LIBRARY_URL: http://library:4002\n    command: >\n      sh -lc "./scripts/install-once.sh && pnpm --filter gateway dev"\n' +
        '  library:\n    <<: *dev\n    command: >\n      sh -lc "./scripts/install-once.sh && pnpm --filter library dev"\n',
    });
    expect(summary(result)).toEqual([
      ["gateway", "services/gateway", ["workspace", "compose"], ""],
      ["library", "services/library", ["workspace", "compose"], ""],
    ]);
    expect(result.model.services[0]!.env).toEqual({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4317", LIBRARY_URL: "http://library:4002" });
  });

  it("a toolchain image built from a folder with no code runs the app its container bind-mounts from elsewhere", () => {
    const toolchain = (name: string, mounts: string[]) =>
      `  ${name}:\n    build:\n      context: ./tooling\n      dockerfile: Dockerfile.dev\n    working_dir: /workspace\n    command: npm run dev\n    volumes:\n${mounts.map((m) => `      - ${m}\n`).join("")}`;
    const result = lintTree({
      ...service("apps/quotes", ["express"], { "src/server.ts": route("/v1/quotes") }),
      ...service("apps/rates", ["express"], { "src/server.ts": route("/v1/rates") }),
      "tooling/Dockerfile.dev": "FROM node:24-alpine\nRUN npm i -g typescript\nWORKDIR /workspace\n",
      "contracts/rates.proto": 'syntax = "proto3";\n',
      "docker-compose.yml": `services:\n${toolchain("quotes-dev", ["./apps/quotes:/workspace", "./contracts:/contracts"])}${toolchain("rates-dev", ["./apps/rates:/workspace"])}${toolchain("codegen", ["./contracts:/workspace"])}`,
    });
    expect(summary(result)).toEqual([
      // It mounts no app: still the service of its own build folder, as before.
      ["codegen", "tooling", ["compose"], ""],
      ["quotes-dev", "apps/quotes", ["package", "compose"], ""],
      ["rates-dev", "apps/rates", ["package", "compose"], ""],
    ]);
  });

  it("a bind mount written in other letter case (a compose file from a case-insensitive disk) is the folder the repository has; two folders it could be leave it as written (acc16a)", () => {
    const toolchain = (name: string, mount: string) =>
      `  ${name}:\n    build: ./.docker/node\n    working_dir: /srv/app\n    command: npm run start:dev\n    volumes:\n      - ${mount}:/srv/app\n`;
    const result = lintTree({
      ...service("services/tide.tables", ["express"], { "src/server.ts": route("/v1/tides") }),
      ...service("services/moon/quarters", ["express"], { "src/server.ts": route("/v1/quarters") }),
      ...service("services/moon/Quarters", ["express"], { "src/server.ts": route("/v1/quarters") }),
      ".docker/node/Dockerfile": "FROM node:22\nWORKDIR /srv/app\n",
      "docker-compose.yml": `services:\n${toolchain("tides", "./services/Tide.Tables")}${toolchain("phases", "./services/moon/QUARTERS")}`,
    });
    expect(summary(result)).toEqual([
      ["phases", ".docker/node", ["compose"], ""],
      ["quarters", "services/moon/quarters", ["package"], ""],
      ["Quarters", "services/moon/Quarters", ["package"], ""],
      ["tides", "services/tide.tables", ["package", "compose"], ""],
    ]);
  });

  it("a build of a missing folder that two folders could stand for stays a service with no code (no guess)", () => {
    const result = lintTree({
      ...service("apps/billingapi", ["express"], { "src/server.ts": route("/v1/invoices") }),
      ...service("apps/billing_api", ["express"], { "src/server.ts": route("/v1/bills") }),
      "docker-compose.yml": "services:\n  billing-api:\n    build: ./apps/billing-api\n",
    });
    expect(summary(result)).toEqual([
      ["billing_api", "apps/billing_api", ["package"], ""],
      ["billing-api", "apps/billing-api", ["compose"], ""],
      ["billingapi", "apps/billingapi", ["package"], ""],
    ]);
    expect(result.diagnostics.some((d) => d.message.includes("does not exist"))).toBe(false);
  });

  it("Dockerfiles without FROM, with endless continuations, JSON that is not, and unknown ARGs never stop the scan", () => {
    const result = lintTree({
      ...service("svc/a", ["express"], { "src/server.ts": "export {};\n" }),
      ...service("svc/b", ["express"], { "src/server.ts": "export {};\n" }),
      "svc/a/Dockerfile": "# only a comment\nRUN echo \\\n  hi \\\n",
      "svc/b/Dockerfile": "FROM ${BASE_IMAGE}\nCMD [\"node\", \"dist/${APP}/main\"\nENTRYPOINT [1, 2, {}]\nCOPY\nARG\n\u0000\u0001\n",
      "docker-compose.yml": "services:\n  a:\n    build: ./svc/a\n  b:\n    build:\n      context: ./svc/b\n      args: 17\n    command: {}\n",
      "skaffold.yaml": "apiVersion: skaffold/v2beta29\nkind: Config\nbuild:\n  artifacts:\n    - image: 12\n    - context: svc/a\n    - image: acme/up\n      context: ../outside\n    - image: acme/a\n      context: svc/a\n      docker: []\n",
    });
    expect(summary(result)).toEqual([
      ["a", "svc/a", ["package", "compose", "skaffold"], ""],
      ["b", "svc/b", ["package", "compose"], ""],
    ]);
  });
});

describe("[I] what is not a service", () => {
  it("datastores and brokers, by image or by the image their Dockerfile starts from, are infrastructure", () => {
    const result = lintTree({
      ...service("api", ["express"], { "src/server.ts": "export {};\n" }),
      "db/Dockerfile": "FROM postgres:17-alpine\nCOPY init.sql /docker-entrypoint-initdb.d/\n",
      "db/seed.js": "console.log('seed');\n",
      "search/Dockerfile": "FROM docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n",
      "docker-compose.yml":
        "services:\n  api:\n    build: ./api\n  db:\n    build: ./db\n  search:\n    build: ./search\n  queue:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM rabbitmq:4-management\n        COPY definitions.json /etc/rabbitmq/\n  cache:\n    image: bitnami/redis:7.4\n  broker:\n    image: confluentinc/cp-kafka:7.7.0\n  zk:\n    image: confluentinc/cp-zookeeper:7.7.0\n  mq:\n    image: rabbitmq:4-management\n  nats:\n    image: nats:2\n  objects:\n    image: minio/minio\n  mysql:\n    image: mysql:8\n  maria:\n    image: mariadb:11\n  os:\n    image: opensearchproject/opensearch:2\n",
    });
    expect(summary(result)).toEqual([["api", "api", ["package", "compose"], ""]]);
  });

  it("a reverse proxy or a dashboard built from its product's image with its own config (Caddy, Grafana OSS) is infrastructure", () => {
    const result = lintTree({
      ...service("api", ["express"], { "src/server.ts": "export {};\n" }),
      "edge/Dockerfile": "FROM caddy:2-alpine\nCOPY Caddyfile /etc/caddy/Caddyfile\nCOPY site /srv\n",
      "edge/Caddyfile": ":80 {\n  reverse_proxy /api/* api:3000\n}\n",
      "dashboards/Dockerfile": "FROM grafana/grafana-oss:11.2.0\nCOPY provisioning /etc/grafana/provisioning\n",
      "docker-compose.yml": "services:\n  api:\n    build: ./api\n  edge:\n    build: ./edge\n  dashboards:\n    build: ./dashboards\n",
    });
    expect(summary(result)).toEqual([["api", "api", ["package", "compose"], ""]]);
  });

  it("a load generator (locust, k6) built and deployed beside the services is none of them", () => {
    const result = lintTree({
      ...service("frontend", ["express"], { "src/server.ts": "export {};\n" }),
      "loadgenerator/requirements.txt": "locust\n",
      "loadgenerator/locustfile.py": "from locust import HttpUser\n",
      "loadgenerator/Dockerfile": "FROM python:3.12-slim\nRUN pip install locust\nCOPY locustfile.py .\nENTRYPOINT locust --host=\"http://${FRONTEND_ADDR}\" --headless -u 10\n",
      "perf/Dockerfile": "FROM node:22\nCOPY . .\nCMD [\"k6\", \"run\", \"script.js\"]\n",
      "perf/script.js": "export default function () {}\n",
      "skaffold.yaml": "apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: frontend\n      context: frontend\n    - image: loadgenerator\n      context: loadgenerator\n",
      "k8s/loadgenerator.yaml": deployment("loadgenerator", "main", "loadgenerator", "            - name: FRONTEND_ADDR\n              value: frontend:80\n"),
      "docker-compose.yml": "services:\n  frontend:\n    build: ./frontend\n  perf:\n    build: ./perf\n",
    });
    expect(summary(result)).toEqual([["frontend", "frontend", ["package", "compose", "skaffold"], ""]]);
    expect(result.diagnostics.filter((d) => d.file === "k8s/loadgenerator.yaml")).toEqual([]);
  });

  it("a container that only installs dependencies into a shared volume is no service; a DockerFile spelled in another case is still read (acc15a)", () => {
    const tree = (installer: string) =>
      lintTree({
        "package.json": { name: "harbour", workspaces: ["apps/*"], devDependencies: { nx: "*" } },
        "nx.json": "{}\n",
        "apps/berths/project.json": { name: "berths", projectType: "application", sourceRoot: "apps/berths/src" },
        "apps/berths/src/main.ts": route("/v1/berths"),
        "apps/berths/DockerFile.dev": "FROM node:22\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\n",
        "DockerFile.deps": installer,
        "proxy/DockerFile": "FROM nginx:1.27-alpine\nCOPY proxy/site.conf /etc/nginx/conf.d/default.conf\n",
        "docker-compose.yml":
          "services:\n  modules:\n    build:\n      context: .\n      dockerfile: Dockerfile.deps\n    volumes:\n      - shared_modules:/app/node_modules\n  berths:\n    build:\n      context: .\n      dockerfile: apps/berths/Dockerfile.dev\n    command: npx nx serve berths\n  edge:\n    build:\n      context: .\n      dockerfile: proxy/Dockerfile\nvolumes:\n  shared_modules:\n",
      });
    expect(summary(tree("FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nCMD [\"npm\", \"install\"]\n"))).toEqual([
      ["berths", "apps/berths", ["nx", "compose"], ""],
      ["edge", "", ["compose"], "nginx"],
    ]);
    expect(summary(tree("FROM node:22\nWORKDIR /app\nCMD sh -c \"yarn install --frozen-lockfile\"\n")).map(([name]) => name)).toEqual(["berths", "edge"]);
    // One that installs and then starts something is a service like any other.
    expect(summary(tree("FROM node:22\nWORKDIR /app\nCOPY . .\nCMD npm install && node tools/watch.js\n")).map(([name]) => name)).toContain("modules");
  });

  it("workloads left over that run several different images are not all the only service's (each is said instead)", () => {
    const ledger = deployment("ledger", "ledger", "acme/ledger-api:1", "            - name: DATABASE_URL\n              value: postgres://ledger-db:5432/ledger\n");
    const many = lintTree({
      ...service("api", ["express"], { "src/server.ts": "export {};\n" }),
      "k8s/ledger.yaml": ledger,
      "k8s/rates.yaml": deployment("rates", "rates", "acme/rates-worker:1"),
    });
    expect(summary(many)).toEqual([["api", "api", ["package"], ""]]);
    expect(many.model.services[0]!.env).toEqual({});
    expect(many.diagnostics.filter((d) => d.message.includes("which no compose entry or Skaffold artifact")).map((d) => d.file).sort()).toEqual(["k8s/ledger.yaml", "k8s/rates.yaml"]);
    // One image left over is still the only service's.
    const one = lintTree({ ...service("api", ["express"], { "src/server.ts": "export {};\n" }), "k8s/ledger.yaml": ledger });
    expect(summary(one)).toEqual([["api", "api", ["package", "kubernetes"], ""]]);
  });

  it("an empty value from one file sets nothing over the value another compose file or a workload gives", () => {
    const result = lintTree({
      ...service("services/carts", ["express", "ioredis"], { "src/server.ts": "export {};\n" }),
      ...service("services/users", ["express", "ioredis"], { "src/server.ts": "export {};\n" }),
      "docker-compose.yml": "services:\n  carts:\n    build: ./services/carts\n    environment:\n      REDIS_URL: redis://cache:6379\n  users:\n    build: ./services/users\n    environment:\n      REDIS_URL: \"\"\n",
      "services/carts/docker-compose.dev.yml": "services:\n  carts:\n    build: .\n    environment:\n      REDIS_URL: ${REDIS_URL:-}\n",
      "k8s/users.yaml": deployment("users", "users", "acme/users:1", "            - name: REDIS_URL\n              value: redis://cache:6379/1\n"),
    });
    expect(result.model.services.map((s) => [s.name, s.env.REDIS_URL])).toEqual([
      ["carts", "redis://cache:6379"],
      ["users", "redis://cache:6379/1"],
    ]);
  });

  it("a MongoDB StatefulSet is not the only service's workload", () => {
    const result = lintTree({
      ...service("api", ["express"], { "src/server.ts": "export {};\n" }),
      "k8s/mongo.yaml": deployment("mongo", "mongo", "mongo:7", "            - name: MONGO_INITDB_ROOT_PASSWORD\n              value: example\n").replace("kind: Deployment", "kind: StatefulSet"),
    });
    expect(summary(result)).toEqual([["api", "api", ["package"], ""]]);
    expect(result.model.services[0]!.env).toEqual({});
  });
});

describe("[I] services in other languages", () => {
  it("are nodes with their language and environment; their folders' scripts are not scanned", () => {
    const result = lintTree({
      ...service("node-api", ["express"], { "src/server.ts": route("/v1/things") }),
      "java-svc/pom.xml": "<project/>\n",
      "java-svc/Dockerfile": "FROM maven:3-eclipse-temurin-21 AS build\nCOPY . .\nRUN mvn package\nFROM eclipse-temurin:21-jre\nCOPY --from=build target/app.jar /app.jar\nCMD java -jar /app.jar\n",
      "java-svc/src/main/resources/static/main.js": route("/java-static"),
      "go-svc/go.mod": "module example.com/go-svc\n",
      "go-svc/Dockerfile": "FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /bin/app\nFROM gcr.io/distroless/static\nCOPY --from=build /bin/app /app\nENTRYPOINT [\"/app\"]\n",
      "py-svc/requirements.txt": "fastapi\n",
      "php-svc/composer.json": "{}\n",
      "web/package.json": { name: "web", dependencies: { react: "*" } },
      "web/src/App.jsx": "export default function App() { return fetch('/api/things'); }\n",
      "web/Dockerfile": "FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n",
      "docker-compose.yml":
        "services:\n  node-api:\n    build: ./node-api\n  catalog:\n    build: ./java-svc\n    environment:\n      SPRING_DATASOURCE_URL: jdbc:postgresql://db:5432/catalog\n  prices:\n    build: ./go-svc\n  recommend:\n    build: ./py-svc\n    environment:\n      - REDIS_HOST=cache\n  legacy:\n    build: ./php-svc\n  web:\n    build: ./web\n",
    });
    expect(summary(result)).toEqual([
      ["catalog", "java-svc", ["compose"], "java"],
      ["legacy", "php-svc", ["compose"], "php"],
      ["node-api", "node-api", ["package", "compose"], ""],
      ["prices", "go-svc", ["compose"], "go"],
      ["recommend", "py-svc", ["compose"], "python"],
      ["web", "web", ["compose"], "nginx"],
    ]);
    const byName = Object.fromEntries(result.model.services.map((s) => [s.name, s]));
    expect(byName.catalog!.env).toEqual({ SPRING_DATASOURCE_URL: "jdbc:postgresql://db:5432/catalog" });
    expect(byName.recommend!.env).toEqual({ REDIS_HOST: "cache" });
    expect(result.model.routes.map((r) => [r.service, r.path])).toEqual([["node-api", "/v1/things"]]);
    expect(result.model.calls).toEqual([]);
  });
});

describe("[I] names", () => {
  it("two discovered services never get one name: a compose entry named like another folder's package", () => {
    const result = lintTree({
      "apps/a/package.json": { name: "ledger", main: "src/server.ts", dependencies: { express: "*" } },
      "apps/a/src/server.ts": "export {};\n",
      ...service("apps/b", ["express"], { "src/server.ts": "export {};\n" }),
      "docker-compose.yml": "services:\n  ledger:\n    build: ./apps/b\n",
      "x/package.json": { name: "apps-a", main: "src/server.ts", dependencies: { express: "*" } },
      "x/src/server.ts": "export {};\n",
    });
    expect(result.model.services.map((s) => [s.name, s.root])).toEqual([
      ["a", "apps/a"],
      ["apps-a", "x"],
      ["b", "apps/b"],
    ]);
  });
});

describe("[I] compose files kept in a folder of their own (acc13c)", () => {
  it("`context: ../` from docker/ is the repository's root: each entry is the Nx app whose folder holds its Dockerfile", () => {
    const result = lintTree({
      "package.json": { name: "campus", private: true, dependencies: { "@nestjs/core": "*", "@nestjs/platform-express": "*" } },
      "nx.json": "{}\n",
      "apps/backend/ledger/project.json": { name: "backend-ledger", projectType: "application", sourceRoot: "apps/backend/ledger/src" },
      "apps/backend/ledger/Dockerfile": "FROM node:22-alpine\nWORKDIR /srv\nCOPY dist/apps/backend/ledger .\nCMD node ./main.js\n",
      "apps/backend/ledger/src/main.ts": route("/v1/entries"),
      "apps/backend/roster/project.json": { name: "backend-roster", projectType: "application", sourceRoot: "apps/backend/roster/src" },
      "apps/backend/roster/Dockerfile": "FROM node:22-alpine\nWORKDIR /srv\nCOPY dist/apps/backend/roster .\nCMD node ./main.js\n",
      "apps/backend/roster/src/main.ts": route("/v1/pupils"),
      // Two files of one project, each with its context written with a trailing slash and without.
      "docker/compose.ledger.yml": "services:\n  ledger:\n    build:\n      context: ../\n      dockerfile: apps/backend/ledger/Dockerfile\n",
      "docker/compose.roster.yml": "services:\n  roster:\n    build:\n      context: ..\n      dockerfile: apps/backend/roster/Dockerfile\n",
    });
    expect(summary(result)).toEqual([
      ["ledger", "apps/backend/ledger", ["nx", "compose"], ""],
      ["roster", "apps/backend/roster", ["nx", "compose"], ""],
    ]);
    expect(result.diagnostics.filter((d) => /holds no file/.test(d.message))).toEqual([]);
  });

  it("`${PWD}` in a context is the folder compose runs in: the repository's top, unless only the compose file's folder holds the build", () => {
    const result = lintTree({
      "package.json": { name: "signals", private: true, workspaces: ["backend/services/*"], scripts: { prod: "docker compose -f infra/docker/docker-compose.yml up" } },
      "backend/services/alerts/package.json": { name: "alerts-app", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*", "@nestjs/platform-express": "*" } },
      "backend/services/alerts/src/main.ts": route("/v1/alerts"),
      "infra/docker/Dockerfile.service": "ARG SERVICE_NAME\nFROM node:22-alpine\nARG SERVICE_NAME\nWORKDIR /app/backend/services/${SERVICE_NAME}\nCMD node dist/main.js\n",
      "infra/docker/tools/Dockerfile": "FROM node:22-alpine\nCMD node cron.js\n",
      "infra/docker/tools/cron.js": route("/v1/cron"),
      "infra/docker/docker-compose.yml":
        "services:\n  alerts:\n    build:\n      context: ${PWD}\n      dockerfile: ./infra/docker/Dockerfile.service\n      args:\n        SERVICE_NAME: alerts\n" +
        "  sweeper:\n    build:\n      context: $PWD/tools\n",
    });
    expect(summary(result)).toEqual([
      ["alerts", "backend/services/alerts", ["workspace", "compose"], ""],
      ["sweeper", "infra/docker/tools", ["compose"], ""],
    ]);
    expect(result.diagnostics.filter((d) => /holds no file/.test(d.message))).toEqual([]);
  });
});

describe("[I] build-only images (acc13d)", () => {
  it("a Skaffold artifact that other artifacts require as a base image, and no workload runs, is a library, not a service", () => {
    const baseImage = (folder: string) => `FROM node:22-alpine AS build\nWORKDIR /src/${folder}\nCOPY . .\nRUN npm ci && npm run build\nFROM scratch\nCOPY --from=build /src/${folder}/dist /${folder}\n`;
    const result = lintTree({
      "lerna.json": { packages: ["shared/*", "apps/*"] },
      "shared/store-kit/package.json": { name: "@quiz/store-kit", main: "dist/index.js", dependencies: { mongodb: "*" } },
      "shared/store-kit/src/index.ts": 'import { MongoClient } from "mongodb";\nexport const connect = () => new MongoClient(process.env.STORE_URL!).connect();\n',
      "shared/store-kit/Dockerfile": baseImage("store-kit"),
      "apps/questions/package.json": { name: "questions", scripts: { start: "node dist/index.js" }, dependencies: { "@quiz/store-kit": "link:../../shared/store-kit", express: "*" } },
      "apps/questions/src/index.ts": 'import express from "express";\nimport { connect } from "@quiz/store-kit";\nconnect();\nexpress().listen(3000);\n',
      "apps/questions/Dockerfile": "ARG STORE_KIT\nFROM $STORE_KIT AS kit\nFROM node:22-alpine\nCOPY --from=kit / /shared\nWORKDIR /app\nCOPY . .\nCMD node dist/index.js\n",
      "skaffold.yaml":
        "apiVersion: skaffold/v2beta9\nkind: Config\nbuild:\n  artifacts:\n    - image: store-kit\n      context: shared/store-kit\n    - image: questions\n      context: apps/questions\n      requires:\n        - image: store-kit\n          alias: STORE_KIT\ndeploy:\n  kubectl:\n    manifests:\n      - apps/questions/k8s.yaml\n",
      "apps/questions/k8s.yaml": deployment("questions", "questions", "questions", "            - name: STORE_URL\n              value: mongodb://questions-db:27017/quiz\n"),
    });
    expect(summary(result)).toEqual([["questions", "apps/questions", ["workspace", "skaffold", "kubernetes"], ""]]);
    expect(result.model.libraries.map((l) => l.root)).toContain("shared/store-kit");
    expect(result.model.datastores.map((d) => [d.service, d.identity])).toEqual([["questions", "mongodb://questions-db:27017/quiz"]]);
  });

  it("a base image that a workload also runs stays a service", () => {
    const result = lintTree({
      ...service("gate", ["express"], { "src/index.ts": route("/gate") }),
      ...service("orders", ["express"], { "src/index.ts": route("/orders") }),
      "skaffold.yaml":
        "apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: gate\n      context: gate\n    - image: orders\n      context: orders\n      requires:\n        - image: gate\n          alias: GATE\n",
      "k8s/gate.yaml": deployment("gate", "gate", "gate"),
      "k8s/orders.yaml": deployment("orders", "orders", "orders"),
    });
    expect(summary(result).map((s) => s[0])).toEqual(["gate", "orders"]);
  });
});

describe("[I] compose profiles (acc13d)", () => {
  it("one build run under a dev and a prod profile is one service, named without its suffix; an API and its worker split by profiles stay two", () => {
    const result = lintTree({
      ...service("ledger", ["express", "pg"], { "src/index.ts": route("/entries"), Dockerfile: "FROM node:22\nWORKDIR /app\nCOPY . .\nCMD npm start\n" }),
      ...service("mailer", ["express"], { "src/index.ts": route("/mail"), "src/worker.ts": "export {};\n", Dockerfile: "FROM node:22\nWORKDIR /app\nCOPY . .\nCMD npm start\n" }),
      "docker-compose.yml":
        "services:\n  ledger-dev:\n    profiles: [dev]\n    build: ./ledger\n    hostname: ledger\n    command: npm run dev\n    environment:\n      PGDATABASE: ledger\n" +
        "  ledger:\n    profiles: [prod]\n    build: ./ledger\n    hostname: ledger\n    environment:\n      PGDATABASE: ledger\n" +
        "  mailer:\n    profiles: [api]\n    build: ./mailer\n  mail-worker:\n    profiles: [worker]\n    build: ./mailer\n    command: node dist/worker.js\n" +
        "  db:\n    image: postgres:16\n",
    });
    expect(summary(result)).toEqual([
      ["ledger", "ledger", ["package", "compose"], ""],
      ["mailer", "mailer", ["package", "compose"], ""],
      ["mail-worker", "mailer", ["compose"], ""],
    ]);
  });
});

describe("[I] services in other languages built from the repository's top (acc13d)", () => {
  it("a Java app whose Dockerfile sits beside its pom.xml is that folder's service, with its environment", () => {
    const result = lintTree({
      ...service("services/catalog", ["express", "mongoose"], { "src/index.ts": route("/items"), Dockerfile: "FROM node:22\nWORKDIR /app\nCOPY services/catalog ./\nCMD npm start\n" }),
      "services/billing/pom.xml": "<project/>\n",
      "services/billing/src/main/java/acme/Billing.java": "class Billing {}\n",
      "services/billing/Dockerfile": "FROM maven:3-eclipse-temurin-21 AS build\nWORKDIR /src/services/billing\nCOPY services/billing/pom.xml ./\nCOPY services/billing/src ./src\nRUN mvn package\nFROM eclipse-temurin:21\nCOPY --from=build /src/services/billing/target/billing.jar /billing.jar\nENTRYPOINT [\"java\", \"-jar\", \"/billing.jar\"]\n",
      "docker-compose.yml":
        "services:\n  catalog:\n    build:\n      context: .\n      dockerfile: ./services/catalog/Dockerfile\n  billing:\n    build:\n      context: .\n      dockerfile: ./services/billing/Dockerfile\n    environment:\n      SPRING_DATA_MONGODB_URI: mongodb://billing-db:27017/billing\n  billing-db:\n    image: mongo:7\n",
    });
    expect(summary(result)).toEqual([
      ["billing", "services/billing", ["compose"], "java"],
      ["catalog", "services/catalog", ["package", "compose"], ""],
    ]);
    expect(result.model.datastores.map((d) => [d.service, d.identity])).toEqual([["billing", "mongodb://billing-db:27017/billing"]]);
  });
});

describe("[I] entries nothing runs, and a top package that starts nothing (acc13e)", () => {
  const express = (path: string) => `const express = require("express");\nconst app = express();\napp.get("${path}", (req, res) => res.end());\napp.listen(3000);\n`;

  it("a compose entry scaled to zero (`deploy.replicas: 0`, `scale: 0`) only builds an image: no service", () => {
    const result = lintTree({
      ...service("apps/tills", ["express"], { "src/server.ts": route("/tills"), Dockerfile: "FROM kit AS kit\nFROM node:22\nCOPY --from=kit /kit /kit\nCOPY . .\nCMD node src/server.js\n" }),
      "kit/Dockerfile": "FROM node:22-slim\nWORKDIR /kit/money\nCOPY ./money .\nRUN npm install && npm run build\n",
      "kit/money/package.json": { name: "@till/money", main: "dist/index.js" },
      "kit/money/src/index.ts": "export const cents = (n: number) => Math.round(n * 100);\n",
      "docker-compose.yml":
        "services:\n  kit:\n    image: kit\n    build:\n      context: ./kit\n    deploy:\n      replicas: 0\n  kit-legacy:\n    build: ./kit\n    scale: 0\n  tills:\n    build: ./apps/tills\n    links:\n      - kit\n",
    });
    expect(summary(result)).toEqual([["tills", "apps/tills", ["package", "compose"], ""]]);
    expect(result.model.libraries.map((l) => l.root)).toContain("kit/money");
  });

  it("a top package.json whose start script runs a file that is not there, with each folder below built by compose, is no service", () => {
    const result = lintTree({
      "package.json": { name: "branch-bank", main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*", mongoose: "*" } },
      "tellers/index.js": express("/tellers"),
      "vaults/index.js": express("/vaults"),
      "docker-compose.yml": "services:\n  tellers:\n    build: ./tellers\n  vaults:\n    build: ./vaults\n",
    });
    expect(summary(result)).toEqual([
      ["tellers", "tellers", ["compose"], ""],
      ["vaults", "vaults", ["compose"], ""],
    ]);
  });

  it("… but one whose start script runs a file of its own stays a service beside them", () => {
    const result = lintTree({
      "package.json": { name: "branch-bank", scripts: { start: "node api/main.js" }, dependencies: { express: "*" } },
      "api/main.js": express("/accounts"),
      "tellers/index.js": express("/tellers"),
      "docker-compose.yml": "services:\n  tellers:\n    build: ./tellers\n",
    });
    expect(summary(result)).toEqual([
      ["branch-bank", "", ["package"], ""],
      ["tellers", "tellers", ["compose"], ""],
    ]);
  });
});

describe("[I] env files compose reads are interpolated as compose does (acc13e)", () => {
  it("a variable of the project's .env built from the lines above it, quoted or not; single quotes keep the text; env_file lines too", () => {
    const result = lintTree({
      ...service("ledger", ["express", "mongodb"], { "src/server.ts": route("/entries") }),
      ".env": "LEDGER_DB=ledger-main\nLEDGER_URL=mongodb://ledger-db:27017/$LEDGER_DB?replicaSet=rs0\nQUOTED=\"${LEDGER_DB}-copy\"\nLITERAL='$LEDGER_DB'\n",
      "ledger/ledger.env": "AUDIT_DB=audit\nAUDIT_URL=mongodb://ledger-db:27017/${AUDIT_DB}\nFROM_PROJECT=${LEDGER_DB}\n",
      "docker-compose.yml": "services:\n  ledger:\n    build: ./ledger\n    env_file: ./ledger/ledger.env\n    environment:\n      LEDGER_URL: $LEDGER_URL\n      QUOTED: ${QUOTED}\n      LITERAL: ${LITERAL}\n  ledger-db:\n    image: mongo:7\n",
    });
    const [ledger] = result.model.services;
    expect(ledger!.env).toMatchObject({
      LEDGER_URL: "mongodb://ledger-db:27017/ledger-main?replicaSet=rs0",
      QUOTED: "ledger-main-copy",
      LITERAL: "$LEDGER_DB",
      AUDIT_URL: "mongodb://ledger-db:27017/audit",
      FROM_PROJECT: "ledger-main",
    });
  });

  it("an env_file under a name no env file has (`shared.conf`, a bare dotfile in `.envs/`) is read because compose names it; a gitignored one is not", () => {
    const tree = (gitignore = "") =>
      lintTree({
        ...service("apps/ledger", ["express", "pg"], { "src/server.ts": `${route("/entries")}import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.LEDGER_PG });\n` }),
        ...service("apps/audit", ["express", "pg"], { "src/server.ts": `${route("/trail")}import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.AUDIT_PG });\n` }),
        "shared.conf": "# one file for every service\nPG_HOST=books-db\nLEDGER_PG=postgres://${PG_HOST}:5432/books\n",
        ".envs/.audit": "AUDIT_PG=postgres://books-db:5432/books\n",
        ".gitignore": gitignore,
        "docker-compose.yml": "services:\n  ledger:\n    build: ./apps/ledger\n    env_file:\n      - ./shared.conf\n  audit:\n    build: ./apps/audit\n    env_file: ./.envs/.audit\n  books-db:\n    image: postgres:16\n",
      });
    const read = tree();
    expect(read.model.datastores.map((d) => [d.service, d.identity])).toEqual([
      ["audit", "postgres://books-db:5432/books"],
      ["ledger", "postgres://books-db:5432/books"],
    ]);
    expect(read.model.services.find((s) => s.name === "ledger")!.envSources.LEDGER_PG).toBe("shared.conf");
    expect(read.findings.filter((f) => f.ruleId === "shared-database").map((f) => f.message)).toEqual([expect.stringMatching(/^audit and ledger connect to the same datastore/)]);
    // Kept out of git (a developer's local copy): neither read nor listed; audit's URL is unresolved.
    const ignored = tree(".envs/\n");
    expect(ignored.model.datastores.map((d) => [d.service, d.identity ?? null])).toEqual([
      ["audit", null],
      ["ledger", "postgres://books-db:5432/books"],
    ]);
  });
});

describe("[I] compose entries running one program alike (acc13e)", () => {
  const worker = (extra: Record<string, string> = {}) =>
    service("apps/dispatch", ["mongodb", "amqplib"], {
      "src/server.ts": `import { MongoClient } from "mongodb";\nimport { listen } from "./queue";\nconst client = new MongoClient(process.env.PARCELS_URL!);\nawait client.connect();\nlisten(process.env.STAGE!, client);\n`,
      "src/queue.ts": `import amqp from "amqplib";\nexport async function listen(stage: string, db: unknown) {\n  const channel = await (await amqp.connect("amqp://mq")).createChannel();\n  await channel.consume(\`parcels.\${stage}\`, () => db);\n}\n`,
      Dockerfile: "FROM node:22\nWORKDIR /app\nCOPY . .\nCMD node dist/server.js\n",
      ...extra,
    });
  const desk = service("apps/desk", ["express", "mongodb"], {
    "src/server.ts": `import express from "express";\nimport { MongoClient } from "mongodb";\nconst client = new MongoClient(process.env.PARCELS_URL!);\nconst app = express();\napp.get("/v1/parcels", async (req, res) => res.json(await client.db().collection("parcels").find().toArray()));\napp.listen(3000);\n`,
  });
  const entry = (name: string, stage: string, command = "") =>
    `  ${name}:\n    build: ./apps/dispatch\n${command ? `    command: ${command}\n` : ""}    environment:\n      STAGE: ${stage}\n      PARCELS_URL: mongodb://parcels-db:27017/parcels\n`;

  it("three entries of one build and command, told apart by their environment, each open the database the program opens", () => {
    const result = lintTree(
      {
        ...worker(),
        ...desk,
        "docker-compose.yml": `services:\n${entry("sort", "sort")}${entry("load", "load")}${entry("deliver", "deliver")}  desk:\n    build: ./apps/desk\n    environment:\n      PARCELS_URL: mongodb://parcels-db:27017/parcels\n  parcels-db:\n    image: mongo:7\n`,
      },
      { only: "shared-database" },
    );
    expect(result.model.datastores.map((d) => `${d.service} ${d.identity}`).sort()).toEqual([
      "deliver mongodb://parcels-db:27017/parcels",
      "desk mongodb://parcels-db:27017/parcels",
      "load mongodb://parcels-db:27017/parcels",
      "sort mongodb://parcels-db:27017/parcels",
    ]);
    expect(result.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^deliver and desk and load and sort connect to the same datastore mongodb:\/\/parcels-db:27017\/parcels/)]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => d.message)).toEqual([
      "load runs the same program as sort (one build and command, another environment): the datastores its files open are counted for both, its routes and calls for sort only",
      "deliver runs the same program as sort (one build and command, another environment): the datastores its files open are counted for both, its routes and calls for sort only",
    ]);
  });

  it("an entry that runs another file of the folder (its own command) is no replica: the folder's connections stay the first's", () => {
    const result = lintTree(
      {
        ...worker({ "src/report.ts": "console.log('report');\n" }),
        ...desk,
        "docker-compose.yml": `services:\n${entry("sort", "sort")}${entry("report", "report", "node dist/report.js")}  desk:\n    build: ./apps/desk\n    environment:\n      PARCELS_URL: mongodb://parcels-db:27017/parcels\n`,
      },
      { only: "shared-database" },
    );
    expect(result.model.datastores.map((d) => d.service).sort()).toEqual(["desk", "sort"]);
  });
});

describe("[I] compose files kept in a folder of their own and run with --project-directory", () => {
  const server = `import express from "express";\nimport { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\nexpress().get("/v1/x", (_req, res) => res.end()).listen(3000);\n`;
  const services = {
    ...service("backend/services/orders", ["express", "pg"], { "src/server.ts": server, Dockerfile: "FROM node:24\nCMD [\"node\", \"src/server.js\"]\n" }),
    ...service("backend/services/users", ["express", "pg"], { "src/server.ts": server, Dockerfile: "FROM node:24\nCMD [\"node\", \"src/server.js\"]\n" }),
    "backend/services/ledger/Dockerfile": "FROM golang:1.23\nCMD [\"/ledger\"]\n",
    "backend/services/ledger/main.go": "package main\n",
    "backend/config/orders.env": "DATABASE_URL=postgres://db:5432/shop\n",
  };

  it("reads the builds, env files and mounts from the enclosing folder they exist in, and says so", () => {
    const result = lintTree({
      ...services,
      "backend/docker/docker-compose.yml": [
        "services:",
        "  orders:",
        "    build: ./services/orders",
        "    env_file: ./config/orders.env",
        "  users:",
        "    build:",
        "      context: ./services/users",
        "    environment:",
        "      DATABASE_URL: postgres://db:5432/shop",
        "  ledger:",
        "    build: ./services/ledger",
        "  db:",
        "    image: postgres:17",
        "",
      ].join("\n"),
    });
    const byName = Object.fromEntries(result.model.services.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(["ledger", "orders", "users"]);
    expect(byName.orders!.root).toBe("backend/services/orders");
    expect(byName.orders!.env.DATABASE_URL).toBe("postgres://db:5432/shop");
    expect(byName.orders!.envSources.DATABASE_URL).toBe("backend/config/orders.env");
    expect(byName.ledger!.language).toBe("go");
    expect(result.findings.filter((f) => f.ruleId === "shared-database").map((f) => f.messageId)).toEqual(["sharedConnection"]);
    expect(result.diagnostics.filter((d) => d.message.includes("--project-directory"))).toEqual([
      expect.objectContaining({ file: "backend/docker/docker-compose.yml", message: expect.stringContaining("read as run with `docker compose --project-directory backend`") }),
    ]);
  });

  it("keeps the compose file's own folder when a build is found beside it", () => {
    const result = lintTree({
      ...services,
      "backend/docker/orders/Dockerfile": "FROM node:24\n",
      "backend/docker/docker-compose.yml": "services:\n  orders:\n    build: ./orders\n  users:\n    build: ./services/users\n",
    });
    expect(result.diagnostics.filter((d) => d.message.includes("--project-directory"))).toEqual([]);
  });
});

describe("[I] Azure Developer CLI services (acc13e)", () => {
  it("each folder azure.yaml deploys is a service, named after its package, a worker with no server dependency too; a Python one not scanned; a static web app none", () => {
    const result = lintTree({
      "azure.yaml":
        "name: kiosk\nservices:\n  poller:\n    project: ./poller\n    language: js\n    host: containerapp\n  api:\n    project: ./tills\n    language: ts\n    host: containerapp\n  scorer:\n    project: ./scorer\n    language: python\n    host: containerapp\n  site:\n    project: ./site\n    language: js\n    host: staticwebapp\n",
      "poller/package.json": { name: "poller", main: "index.js", scripts: { start: "node index.js" }, dependencies: { axios: "*" } },
      "poller/index.js": `const axios = require("axios");\nsetInterval(() => axios.post(\`\${process.env.TILLS_URL}/v1/sales\`, {}), 1000);\n`,
      ...service("tills", ["express"], { "src/server.ts": route("/v1/sales") }),
      "scorer/requirements.txt": "flask\n",
      "scorer/app.py": "print('scorer')\n",
      "site/package.json": { name: "site", scripts: { build: "vite build" }, dependencies: { react: "*", "react-dom": "*" } },
      "site/src/main.tsx": "export {};\n",
    });
    expect(summary(result)).toEqual([
      ["poller", "poller", ["azd"], ""],
      ["scorer", "scorer", ["azd"], "python"],
      ["tills", "tills", ["package", "azd"], ""],
    ]);
  });
});

describe("[I] compose profiles building two stages of one Dockerfile (acc13e)", () => {
  const dockerfile = "FROM node:22 AS base\nWORKDIR /app\nCOPY . .\nFROM base AS watcher\nCMD npm run dev\nFROM base AS runner\nCMD node dist/server.js\n";
  const entries = (second: string, target: string) =>
    `services:\n  ledger:\n    profiles: [prod]\n    build:\n      context: ./ledger\n      target: runner\n  ${second}:\n    profiles: [dev]\n    build:\n      context: ./ledger\n      target: ${target}\n    command: npm run dev\n`;

  it("a dev entry building the dev stage (`ledger-dev`, target watcher) is the prod entry's service run another way", () => {
    const result = lintTree({ ...service("ledger", ["express"], { "src/server.ts": route("/v1/entries"), Dockerfile: dockerfile }), "docker-compose.yml": entries("ledger-dev", "watcher") });
    expect(summary(result)).toEqual([["ledger", "ledger", ["package", "compose"], ""]]);
  });

  it("another stage under a name that is not a dev or prod variant (`ledger-audit`) stays a service of its own", () => {
    const result = lintTree({ ...service("ledger", ["express"], { "src/server.ts": route("/v1/entries"), Dockerfile: dockerfile }), "docker-compose.yml": entries("ledger-audit", "watcher") });
    expect(summary(result).map((s) => s[0])).toEqual(["ledger", "ledger-audit"]);
  });
});

describe("[I] Swarm stack files (acc13e)", () => {
  it("docker-stack.yml is read as a compose file: its image names the folder whose Dockerfile builds it, a Kotlin service not scanned", () => {
    const result = lintTree({
      ...service("shop/bff", ["express", "axios"], { "src/server.ts": route("/v1/beans") }),
      "shop/stock/build.gradle": "plugins { id 'org.jetbrains.kotlin.jvm' }\n",
      "shop/stock/src/main/kotlin/Stock.kt": "fun main() {}\n",
      "shop/stock/Dockerfile": "FROM gradle:8-jdk21 AS build\nCOPY . .\nRUN gradle build\nFROM eclipse-temurin:21\nCOPY --from=build /home/gradle/build/libs/stock.jar /stock.jar\nCMD java -jar /stock.jar\n",
      "shop/ops/docker-stack.yml": "version: '3'\nservices:\n  stock:\n    image: shop/stock\n    deploy:\n      replicas: 2\n  bff:\n    image: shop/bff\n",
    });
    expect(summary(result).map(([name, root, , language]) => [name, root, language])).toEqual([
      ["bff", "shop/bff", ""],
      ["stock", "shop/stock", "java"],
    ]);
  });
});

describe("[I] published images of packages that start through a framework arch-lint does not know (acc13f)", () => {
  // Two packages started with `node src/index.ts` through an RPC toolkit of their own (no HTTP server dependency), and a
  // compose file that runs the images CI publishes from them, with no build: the image names the package's folder.
  const tree = {
    "package.json": { name: "suite", private: true },
    "services/ledger/package.json": { name: "@suite/ms-ledger", scripts: { "start:dev": "node --require ts-node/register src/index.ts" }, dependencies: { "rpc-toolkit": "*" } },
    "services/ledger/src/index.ts": "import { run } from \"rpc-toolkit\";\nrun({ name: \"ledger\" });\n",
    "services/billing/package.json": { name: "@suite/ms-billing", scripts: { "start:dev": "node --require ts-node/register src/index.ts" }, dependencies: { "rpc-toolkit": "*" } },
    "services/billing/src/index.ts": "import { run } from \"rpc-toolkit\";\nrun({ name: \"billing\" });\n",
    "tools/seed/package.json": { name: "seed", scripts: { start: "node seed.js" } },
    // A docs site's dev server beside them runs no file of its own: no word about it.
    "services/handbook/package.json": { name: "handbook", scripts: { dev: "mintlify dev" } },
    "services/handbook/intro.mdx": "# Handbook\n",
    "tools/seed/seed.js": "console.log('seeding');\n",
    "compose.ms.yml":
      "services:\n  ledger:\n    image: ghcr.io/acme/suite/ledger:${TAG}\n    environment:\n      RPC_URL: http://hub:8080\n  billing:\n    image: ghcr.io/acme/suite/billing:${TAG}\n  hub:\n    image: ghcr.io/acme/suite/hub:${TAG}\n  db:\n    image: postgres:16\n",
  };

  it("a compose entry running the image named after a package that starts something makes that package a service", () => {
    const result = lintTree(tree);
    expect(summary(result)).toEqual([
      ["billing", "services/billing", ["compose"], ""],
      ["ledger", "services/ledger", ["compose"], ""],
    ]);
    expect(result.model.services.find((s) => s.name === "ledger")?.env.RPC_URL).toBe("http://hub:8080");
  });

  it("a package nothing deploys stays an app, said when it sits beside services; an image no package is named after stays unplaced", () => {
    const result = lintTree({ ...tree, "compose.ms.yml": "services:\n  ledger:\n    image: ghcr.io/acme/suite/ledger:${TAG}\n" });
    expect(summary(result)).toEqual([["ledger", "services/ledger", ["compose"], ""]]);
    const said = result.diagnostics.filter((d) => d.message.includes("no deployment file runs it")).map((d) => d.message);
    // billing sits beside ledger; tools/seed has no service beside it.
    expect(said).toEqual([expect.stringMatching(/^ms-billing \(services\/billing\) starts with `node --require ts-node\/register src\/index.ts` beside services in services, but depends on no server or consumer arch-lint knows/)]);
  });
});

describe("[I] compose files of one folder that are variants of one stack", () => {
  // Written for this test: a folder whose compose files are alternatives run with `-f` (prod, test, preview): the prod
  // file builds each app from its folder, the test file the same builds under `<name>-test`, and the preview file a
  // path that was moved since (the Dockerfile it names is not in the repository).
  const apps = {
    ...service("apps/ledger", ["express"], { "src/server.ts": route("/v1/entries"), Dockerfile: "FROM node:22\nCMD [\"node\", \"src/server.js\"]\n" }),
    ...service("apps/mailer", ["express"], { "src/server.ts": route("/v1/mails"), Dockerfile: "FROM node:22\nCMD [\"node\", \"src/server.js\"]\n" }),
  };
  const prod = "services:\n  ledger:\n    build:\n      context: .\n      dockerfile: apps/ledger/Dockerfile\n      target: production\n  mailer:\n    build:\n      context: .\n      dockerfile: apps/mailer/Dockerfile\n";
  const test = "services:\n  ledger-test:\n    build:\n      context: .\n      dockerfile: apps/ledger/Dockerfile\n  mailer-test:\n    build:\n      context: .\n      dockerfile: apps/mailer/Dockerfile\n";
  const preview = "services:\n  ledger:\n    build:\n      context: .\n      dockerfile: apps/mailer/Dockerfile.preview\n";

  it("the same builds under a `-test` name in another file are the same services, named without the suffix", () => {
    const result = lintTree({ ...apps, "docker-compose.prod.yml": prod, "docker-compose.test.yml": test });
    expect(summary(result).map(([name, root]) => `${name} ${root}`)).toEqual(["ledger apps/ledger", "mailer apps/mailer"]);
  });

  it("a later file naming a Dockerfile that is not there leaves the build an earlier file gives", () => {
    const result = lintTree({ ...apps, "docker-compose.prod.yml": prod, "docker-compose.yml": preview });
    expect(summary(result).map(([name, root]) => `${name} ${root}`)).toEqual(["ledger apps/ledger", "mailer apps/mailer"]);
  });

  it("one app built from its own folder by several compose files (other Dockerfiles, another stack's folder) stays its package, not a folder of its code named like it", () => {
    // Written for this test: a NestJS service whose src/ holds a module folder named like the service.
    const nest = service("services/billing", ["@nestjs/core", "@nestjs/common"], {
      "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
      "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { BillingModule } from "./billing/billing.module";\n@Module({ imports: [BillingModule] })\nexport class AppModule {}\n`,
      "src/billing/billing.module.ts": `import { Module } from "@nestjs/common";\n@Module({})\nexport class BillingModule {}\n`,
      "src/billing/billing.service.ts": "export class BillingService {}\n",
      Dockerfile: 'FROM node:22\nCMD ["node", "dist/main"]\n',
      "Dockerfile.dev": 'FROM node:22\nCMD ["npm", "run", "start"]\n',
    });
    const dev = "services:\n  billing:\n    build:\n      context: ../services/billing\n      dockerfile: Dockerfile.dev\n";
    const prodFile = "services:\n  billing:\n    build:\n      context: ../services/billing\n      dockerfile: Dockerfile\n";
    // Its package goes by another name than the compose entry.
    nest["services/billing/package.json"] = { name: "acme-billing-api", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*" } };
    // A stack of its own in another folder builds it too.
    const core = "services:\n  billing:\n    build:\n      context: ../../services/billing\n      dockerfile: Dockerfile.dev\n";
    const result = lintTree({ ...nest, "docker/docker-compose.dev.yml": dev, "docker/compose.prod.yml": prodFile, "docker/core/docker-compose.yml": core });
    expect(summary(result).map(([name, root]) => `${name} ${root}`)).toEqual(["billing services/billing"]);
  });

  it("another name in another file that is no variant's suffix stays another service", () => {
    const worker = "services:\n  ledger-worker:\n    build:\n      context: .\n      dockerfile: apps/ledger/Dockerfile\n    command: node src/worker.js\n";
    const result = lintTree({ ...apps, "apps/ledger/src/worker.ts": "setInterval(() => undefined, 1000);\n", "docker-compose.prod.yml": prod, "docker-compose.worker.yml": worker });
    expect(summary(result).map(([name]) => name)).toContain("ledger-worker");
  });

  it("one file of the folder written to run from the top (its builds are not beside it) is read from there; the folder's other file is not", () => {
    const result = lintTree({
      ...apps,
      "deploy/docker-compose.prod.yml": "services:\n  mailer:\n    build:\n      context: ../apps/mailer\n",
      "deploy/docker-compose.yml": "services:\n  ledger:\n    build:\n      context: .\n      dockerfile: apps/ledger/Dockerfile\n",
    });
    expect(summary(result).map(([name, root]) => `${name} ${root}`)).toEqual(["ledger apps/ledger", "mailer apps/mailer"]);
    expect(result.diagnostics.filter((d) => d.message.includes("--project-directory")).map((d) => d.file)).toEqual(["deploy/docker-compose.yml"]);
  });
});

describe("[I] Deployments of git submodules the snapshot lacks", () => {
  // Written for this test: an umbrella repository whose services are git submodules (not checked out) and whose
  // manifests run their images from a registry; one manifest was copied from another and keeps its container's name.
  const umbrella = (gitmodules: string) => ({
    ".gitmodules": gitmodules,
    "web/package.json": { name: "web", scripts: { dev: "vite" }, dependencies: { react: "*", "react-dom": "*", vite: "*" } },
    "web/src/main.tsx": "export {};\n",
    "deploy/a-kitchen.yaml": deployment("kitchen-service", "kitchen", "acme/kitchen-service:latest"),
    "deploy/b-courier.yaml": deployment("courier-service", "kitchen", "acme/courier-service:latest"),
    "deploy/ledger.yaml": deployment("ledger", "ledger", "acme/ledger:2"),
    "deploy/cache.yaml": deployment("cache", "cache", "redis:7"),
  });

  it("a workload whose image is named like an empty submodule folder runs that submodule: a service with no code, said so", () => {
    const result = lintTree(
      umbrella(`[submodule "services/kitchen-service"]\n\tpath = services/kitchen-service\n\turl = https://example.invalid/kitchen.git\n[submodule "services/courier-service"]\n\tpath = services/courier-service\n\turl = https://example.invalid/courier.git\n`),
    );
    expect(summary(result)).toEqual([
      ["courier-service", "services/courier-service", ["kubernetes"], ""],
      ["kitchen-service", "services/kitchen-service", ["kubernetes"], ""],
    ]);
    expect(result.diagnostics.filter((d) => d.message.includes("git submodule")).map((d) => d.file).sort()).toEqual(["deploy/a-kitchen.yaml", "deploy/b-courier.yaml"]);
    // The image named like no submodule is still said to be untied.
    expect(result.diagnostics.filter((d) => d.message.includes("Deployment ledger runs acme/ledger:2, which no compose entry")).length).toBe(1);
  });

  it("without .gitmodules, or with the submodule's code checked out, nothing is made from the name", () => {
    const bare = umbrella("");
    delete (bare as Record<string, unknown>)[".gitmodules"];
    expect(summary(lintTree(bare))).toEqual([]);
    const checkedOut = lintTree({
      ...umbrella(`[submodule "services/kitchen-service"]\n\tpath = services/kitchen-service\n\turl = https://example.invalid/kitchen.git\n`),
      ...service("services/kitchen-service", ["express"], { "src/server.ts": route("/v1/dishes") }),
    });
    expect(checkedOut.diagnostics.filter((d) => d.message.includes("git submodule"))).toEqual([]);
  });
});

describe("[I] builds from the top whose Dockerfile is named by a variable, started through a process manager's settings", () => {
  const tree = (names: { shop: string; folder: string }) =>
    lintTree({
      ...service(`servers/${names.folder}`, ["express"], { "index.ts": route("/v1/items") }),
      ...service("servers/billing", ["express"], { "index.ts": route("/v1/bills") }),
      [`config/pm2.${names.folder}.config.js`]: `module.exports = { apps: [{ name: "${names.folder}", cwd: "../servers/${names.folder}", script: "ts-node index.ts" }] };\n`,
      "config/pm2.billing.config.js": `module.exports = { apps: [{ name: "billing", cwd: "../servers/billing", script: "ts-node index.ts" }] };\n`,
      [`docker/${names.shop}.development.dockerfile`]: `FROM node:24\nWORKDIR /srv\nCOPY servers/${names.folder}/package.json .\nRUN npm install\nENTRYPOINT ["pm2-runtime", "./config/pm2.${names.folder}.config.js"]\n`,
      [`docker/${names.shop}.production.dockerfile`]: `FROM node:24\nWORKDIR /srv\nCOPY servers/${names.folder}/package.json .\nRUN npm install\nENTRYPOINT ["pm2-runtime", "./config/pm2.${names.folder}.config.js"]\n`,
      "docker/billing.development.dockerfile": `FROM node:24\nENTRYPOINT ["pm2-runtime", "./config/pm2.billing.config.js"]\n`,
      "docker/proxy.development.dockerfile": "FROM nginx:alpine\nCOPY ./docker/nginx.conf /etc/nginx/nginx.conf\n",
      "docker/queue.development.dockerfile": "FROM bitnami/kafka:3.7\n",
      "docker-compose.yml":
        "services:\n" +
        `  ${names.shop}:\n    build:\n      context: .\n      dockerfile: ./docker/${names.shop}.\${APP_ENV}.dockerfile\n` +
        "  billing:\n    build:\n      context: .\n      dockerfile: ./docker/billing.${APP_ENV}.dockerfile\n" +
        "  proxy:\n    build:\n      context: .\n      dockerfile: ./docker/proxy.${APP_ENV}.dockerfile\n" +
        "  queue:\n    build:\n      context: .\n      dockerfile: ./docker/queue.${APP_ENV}.dockerfile\n",
    });

  it("a Dockerfile path with a variable nobody sets is the repository's Dockerfile that fits it: nginx not scanned, a broker no service", () => {
    expect(summary(tree({ shop: "catalog", folder: "catalog" }))).toEqual([
      ["billing", "servers/billing", ["package", "compose"], ""],
      ["catalog", "servers/catalog", ["package", "compose"], ""],
      // Its Dockerfile names no folder of the top: the build's context, counted as nginx, not scanned.
      ["proxy", "", ["compose"], "nginx"],
    ]);
  });

  it("a compose entry named in the singular of its app's folder (`product` for servers/products) is that app", () => {
    expect(summary(tree({ shop: "product", folder: "products" })).map(([name, root]) => [name, root])).toEqual([
      ["billing", "servers/billing"],
      ["product", "servers/products"],
      ["proxy", ""],
    ]);
  });
});

describe("[I] Kubernetes workloads named unlike their package", () => {
  const manifest = (name: string, label: string, image: string, service: string, selector = label) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels:\n      app: ${label}\n  template:\n    metadata:\n      labels:\n        app: ${label}\n    spec:\n      containers:\n        - name: ${label}\n          image: ${image}\n          env:\n            - name: LEDGER_DB\n              value: mongodb://${name}-db:27017/main\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${service}\nspec:\n  selector:\n    app: ${selector}\n  ports:\n    - port: 3000\n`;
  const app = (folder: string, pkg: string) => ({
    [`services/${folder}/package.json`]: { name: pkg, scripts: { start: "node src/server.js" }, dependencies: { express: "*", mongoose: "*" } },
    [`services/${folder}/src/server.js`]: `const express = require("express");\nrequire("mongoose").connect(process.env.LEDGER_DB);\nconst app = express();\napp.get("/v1/${folder}", (req, res) => res.end());\napp.listen(3000);\n`,
  });
  const env = (result: LintResult) => result.model.services.map((s) => [s.name, s.sources.join(","), s.env.LEDGER_DB ?? ""]);

  it("an image pushed as <scope>-<name> of a scoped package (`@fleet/ledger-service` as fleet-ledger-service) runs that package", () => {
    const result = lintTree({ ...app("ledger-service", "@fleet/ledger-service"), ...app("audit-service", "@fleet/audit-service"), "k8s/ledger.yaml": manifest("fleet-ledger-deployment", "fleet-ledger", "acme/fleet-ledger-service", "fleet-ledger") });
    expect(env(result)).toEqual([
      ["audit-service", "package", ""],
      ["ledger-service", "package,kubernetes", "mongodb://fleet-ledger-deployment-db:27017/main"],
    ]);
  });

  it("else the Service in front of it, named as the package, when that Service selects its pods alone", () => {
    const tree = (clientSelector: string) =>
      lintTree({
        ...app("ledger", "ledger"),
        ...app("audit", "audit"),
        "k8s/ledger.yaml": manifest("ops-books-deployment", "ops-books", "acme/ops-books", "ledger"),
        "k8s/audit.yaml": manifest("ops-trail-deployment", "ops-trail", "acme/ops-trail", "audit"),
        // A front end's manifest copied from the ledger's, its pods still labelled like the ledger's.
        "k8s/client.yaml": manifest("ops-client-deployment", clientSelector, "acme/ops-client", "ops-client-service", "ops-client"),
      });
    expect(env(tree("ops-client"))).toEqual([
      ["audit", "package,kubernetes", "mongodb://ops-trail-deployment-db:27017/main"],
      ["ledger", "package,kubernetes", "mongodb://ops-books-deployment-db:27017/main"],
    ]);
    // The ledger Service now selects the client's pods too: it names neither workload.
    expect(env(tree("ops-books"))).toEqual([
      ["audit", "package,kubernetes", "mongodb://ops-trail-deployment-db:27017/main"],
      ["ledger", "package", ""],
    ]);
  });
});
