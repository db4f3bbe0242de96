import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A compose entry that only compiles a shared package into a mounted folder (`command: npm run build`) and exits: a
 * one-shot job the services wait for, not a service. Counted as one, it was an extra service named after the package.
 */

const tree = (command: string): Tree => ({
  "docker-compose.yml": `services:\n  contracts:\n    build: ./contracts\n    command: ${command}\n  orders:\n    build: ./orders\n    depends_on:\n      - contracts\n`,
  "contracts/package.json": { name: "contracts", main: "dist/index.js", scripts: { build: "tsc" }, dependencies: { typeorm: "*" } },
  "contracts/Dockerfile": "FROM node:22\nCOPY . .\nRUN npm ci\n",
  "contracts/src/index.ts": `export { Order } from "./order.entity";\n`,
  "contracts/src/order.entity.ts": `import { Entity, PrimaryGeneratedColumn } from "typeorm";\n@Entity()\nexport class Order {\n  @PrimaryGeneratedColumn() id!: number;\n}\n`,
  "orders/package.json": { name: "orders", main: "main.js", dependencies: { express: "*", contracts: "file:../contracts" } },
  "orders/main.js": `const express = require("express");\nconst { Order } = require("contracts");\nconst app = express();\napp.get("/v1/orders", (req, res) => res.json([]));\napp.listen(8080);\n`,
});

describe("[U] a compose entry that only builds", () => {
  it.each(["npm run build", "yarn build", "npx tsc -p tsconfig.build.json", '["npm", "run", "build:lib"]'])("%s is a job, not a service", (command) => {
    expect(lintTree(tree(command), { only: "shared-database" }).model.services.map((s) => s.name)).toEqual(["orders"]);
  });

  it("one that builds and then starts is the service", () => {
    expect(lintTree(tree('sh -c "npm run build && node dist/index.js"'), { only: "shared-database" }).model.services.map((s) => s.name).sort()).toEqual(["contracts", "orders"]);
  });
});

describe("[U] a compose entry that only runs the tests", () => {
  const suite = (command: string): Tree => ({
    "docker-compose.yml": `services:\n  orders:\n    build: ./orders\n  checks:\n    image: node:22-alpine\n    working_dir: /app\n    volumes:\n      - .:/app\n    command: ${command}\n    depends_on:\n      - orders\n`,
    "package.json": { name: "shop", private: true, scripts: { test: "jest", "test:e2e": "playwright test" }, devDependencies: { jest: "*" } },
    "orders/package.json": { name: "orders", main: "main.js", dependencies: { express: "*" } },
    "orders/main.js": `const express = require("express");\nconst app = express();\napp.get("/v1/orders", (req, res) => res.json([]));\napp.listen(8080);\n`,
  });

  it.each(['sh -c "npm run test"', "npm test", "yarn test:e2e", "npx jest --runInBand", "npx playwright test"])("%s is a job, not a service", (command) => {
    expect(lintTree(suite(command), { only: "shared-database" }).model.services.map((s) => s.name)).toEqual(["orders"]);
  });
});

describe("[U] a build whose Dockerfile only runs a workspace package's migrations (acc26b)", () => {
  const monorepo = (cmd: string): Tree => ({
    "docker-compose.yml": `services:\n  migrate:\n    build:\n      context: .\n      dockerfile: Dockerfile.migrate\n    restart: "no"\n  orders:\n    build:\n      context: .\n      dockerfile: services/orders/Dockerfile\n    depends_on:\n      - migrate\n`,
    "package.json": { name: "shop", private: true },
    "pnpm-workspace.yaml": "packages:\n  - packages/*\n  - services/*\n",
    "Dockerfile.migrate": `FROM node:22-alpine\nWORKDIR /app\nCOPY packages/schema ./packages/schema\nRUN pnpm install\nCMD ${cmd}\n`,
    "packages/schema/package.json": { name: "@shop/schema", main: "dist/index.js", types: "dist/index.d.ts", scripts: { "db:migrate": "drizzle-kit migrate" }, dependencies: { "drizzle-orm": "*", pg: "*" } },
    "packages/schema/src/index.ts": `import { drizzle } from "drizzle-orm/node-postgres";\nexport const db = drizzle(process.env.DATABASE_URL!);\n`,
    "services/orders/Dockerfile": "FROM node:22-alpine\nWORKDIR /app\nCOPY services/orders ./services/orders\nCMD [\"node\", \"services/orders/main.js\"]\n",
    "services/orders/package.json": { name: "orders", main: "main.js", dependencies: { express: "*", "@shop/schema": "workspace:*" } },
    "services/orders/main.js": `const express = require("express");\nconst { db } = require("@shop/schema");\nconst app = express();\napp.get("/v1/orders", (req, res) => res.json(db ? [] : []));\napp.listen(8080);\n`,
  });

  it.each(['["pnpm", "--filter", "@shop/schema", "db:migrate"]', '["yarn", "workspace", "@shop/schema", "migrate"]', '["npm", "run", "db:migrate", "-w", "@shop/schema"]'])("CMD %s is a job: no service, and the package it copies stays a library the services import", (cmd) => {
    const result = lintTree(monorepo(cmd), { only: "cross-service-import" });
    expect(result.model.services.map((s) => s.name)).toEqual(["orders"]);
    expect(result.findings).toEqual([]);
  });

  it("a shell-form CMD that migrates and then starts the app is the app's service", () => {
    const tree = monorepo('["pnpm", "--filter", "@shop/schema", "db:migrate"]');
    tree["services/orders/Dockerfile"] = "FROM node:22-alpine\nWORKDIR /app\nCOPY services/orders ./services/orders\nCMD npx prisma migrate deploy ; node services/orders/main.js\n";
    // The compose entry's name is the service's only while the entry counts as its deployment.
    tree["docker-compose.yml"] = (tree["docker-compose.yml"] as string).replace("  orders:\n", "  ordering:\n");
    expect(lintTree(tree, { only: "cross-service-import" }).model.services.map((s) => s.name)).toEqual(["ordering"]);
  });
});

describe("[U] a build whose ENTRYPOINT is a script of the repository that only migrates and seeds (acc31b)", () => {
  // A Turborepo-style monorepo: one package holds the Prisma schema; a compose entry builds it to run the migrations at
  // start (its Dockerfile's ENTRYPOINT a shell script), and two apps use the client the package exports.
  const monorepo = (script: string): Tree => ({
    "docker-compose.yml":
      "services:\n  schema-job:\n    build:\n      context: .\n      dockerfile: ./packages/store/Dockerfile\n    env_file: ./packages/store/.env\n" +
      "  billing:\n    build:\n      context: .\n      dockerfile: ./apps/billing/Dockerfile\n    env_file: ./packages/store/.env\n" +
      "  ledger:\n    build:\n      context: .\n      dockerfile: ./apps/ledger/Dockerfile\n    env_file: ./packages/store/.env\n",
    "package.json": { name: "books", private: true, workspaces: ["apps/*", "packages/*"] },
    "packages/store/.env": "DATABASE_URL=postgresql://books:secret@pg:5432/books\n",
    "packages/store/Dockerfile": 'FROM node:22-alpine\nWORKDIR /srv\nCOPY . .\nRUN npm ci\nENTRYPOINT ["/srv/packages/store/bin/prepare.sh"]\n',
    "packages/store/bin/prepare.sh": script,
    "packages/store/package.json": { name: "@books/store", main: "src/index.ts", dependencies: { "@prisma/client": "*" }, devDependencies: { prisma: "*" } },
    "packages/store/prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel Entry {\n  id Int @id\n}\n',
    "packages/store/src/index.ts": 'export * from "@prisma/client";\n',
    ...Object.fromEntries(
      ["billing", "ledger"].flatMap((app, i) => [
        [`apps/${app}/Dockerfile`, `FROM node:22-alpine\nWORKDIR /srv\nCOPY . .\nRUN npm ci\nCMD ["node", "apps/${app}/dist/main.js"]\n`],
        [`apps/${app}/package.json`, { name: app, main: "dist/main.js", scripts: { start: "node dist/main.js" }, dependencies: { express: "*", "@books/store": "*" } }],
        [`apps/${app}/src/main.ts`, `import express from "express";\nimport { PrismaClient } from "@books/store";\nconst db = new PrismaClient();\nconst app = express();\napp.get("/v1/${app}", async (_req, res) => res.json(await db.entry.findMany()));\napp.listen(${8080 + i});\n`],
      ]),
    ),
  });

  it("is a job: the package stays a library, and the two apps on its one database are found sharing it", () => {
    const result = lintTree(monorepo("#!/bin/sh\nset -e\ncd /srv/packages/store\necho \"generating\"\nnpx prisma generate\nnpx prisma migrate deploy\nnpx prisma db seed\n"), {});
    expect(result.model.services.map((s) => s.name).sort()).toEqual(["billing", "ledger"]);
    expect(result.findings.filter((f) => f.ruleId === "shared-database").map((f) => f.data?.services)).toEqual(["billing,ledger"]);
    expect(result.findings.filter((f) => f.ruleId === "cross-service-import")).toEqual([]);
  });

  it("a script that goes on to start something is the service", () => {
    const result = lintTree(monorepo("#!/bin/sh\nnpx prisma migrate deploy\nnode dist/server.js\n"), {});
    expect(result.model.services.map((s) => s.name)).toContain("schema-job");
  });
});
