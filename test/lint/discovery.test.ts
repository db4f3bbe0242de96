import { describe, expect, it } from "vitest";
import { lintTree, service } from "./helpers.js";

describe("[I] service discovery", () => {
  it("pnpm workspaces; libraries (no server dependency) are not services", () => {
    const result = lintTree({
      "pnpm-workspace.yaml": "packages:\n  - apps/*\n  - libs/*\n  - '!libs/legacy'\n",
      "package.json": { name: "root", private: true },
      ...service("apps/web-api", ["fastify"], { "src/server.ts": "export {};\n" }),
      "libs/util/package.json": { name: "@acme/util", main: "src/index.ts", dependencies: { zod: "*" } },
      "libs/util/src/index.ts": "export const x = 1;\n",
    });
    expect(result.model.services.map((s) => [s.name, s.root, s.sources])).toEqual([["web-api", "apps/web-api", ["workspace"]]]);
  });

  it("a single-service repository at the root, named after its package", () => {
    const result = lintTree({ "package.json": { name: "@acme/billing", scripts: { start: "node dist/main.js" }, dependencies: { express: "*" } }, "src/main.ts": "export {};\n" });
    expect(result.model.services.map((s) => [s.name, s.root, s.packageName])).toEqual([["billing", "", "@acme/billing"]]);
  });

  it("the config declares a service the discovery cannot see (no package.json)", () => {
    const result = lintTree(
      {
        "legacy/app.js": `const express = require("express");\nconst app = express();\napp.get("/orders", (req, res) => res.end());\n`,
      },
      { config: { services: { legacy: { path: "legacy", hosts: ["legacy.internal"] } } } },
    );
    expect(result.model.services.map((s) => [s.name, s.root, s.sources, s.hosts])).toEqual([["legacy", "legacy", ["config"], ["legacy.internal", "legacy"]]]);
    expect(result.findings.map((f) => f.data.path)).toEqual(["/orders"]);
  });

  it("docker-compose: build contexts, list-style environment, ports, aliases; image-only services are infrastructure", () => {
    const result = lintTree({
      "docker-compose.yaml":
        "services:\n  api:\n    build:\n      context: ./svc\n    environment:\n      - PORT=8080\n    ports:\n      - '18080:8080'\n    networks:\n      default:\n        aliases: [api.local]\n  redis:\n    image: redis:8\n",
      "svc/server.js": "require('http').createServer(() => {}).listen(8080);\n",
    });
    expect(result.model.services.map((s) => [s.name, s.root, s.ports, s.hosts])).toEqual([["api", "svc", [18080, 8080], ["api", "api.local"]]]);
  });
});

describe("[I] one root Dockerfile with a runtime stage per app (acc17a)", () => {
  it("each compose entry's build target names its own app folder, from the ARG default of that target's stages", () => {
    // Written for this test: npm workspaces under apps/, one Dockerfile at the root, compose picking a stage per entry.
    const stage = (app: string) => [`FROM base AS build_${app}`, `ARG APP=${app}`, "COPY ./apps/${APP} ./apps/${APP}/", "RUN npm run build --workspace=apps/${APP}", `FROM node:22-slim AS run_${app}`, `ARG APP=${app}`, `COPY --from=build_${app} /repo/apps/\${APP}/dist ./apps/\${APP}/dist/`, 'CMD ["sh", "-c", "node /srv/apps/${APP}/dist/main.js"]'];
    const result = lintTree({
      "package.json": { name: "shop", private: true, workspaces: ["apps/*", "libs/*"] },
      Dockerfile: ["FROM node:22 AS base", "WORKDIR /repo", "COPY ./libs ./libs/", ...stage("ledger"), ...stage("mailer"), ""].join("\n"),
      "docker-compose.yml": "services:\n  ledger:\n    build:\n      context: .\n      target: run_ledger\n  mailer:\n    build:\n      context: .\n      target: run_mailer\n",
      ...service("apps/ledger", ["express"], { "src/main.ts": `import express from "express";\nexpress().listen(3000);\n` }),
      ...service("apps/mailer", ["express"], { "src/main.ts": `import express from "express";\nexpress().listen(3000);\n` }),
      "libs/common/package.json": { name: "common", main: "index.ts" },
      "libs/common/index.ts": "export const x = 1;\n",
    });
    expect(result.model.services.map((s) => [s.name, s.root])).toEqual([
      ["ledger", "apps/ledger"],
      ["mailer", "apps/mailer"],
    ]);
  });
});

describe("[I] a package whose folder holds the deployed apps (acc17a)", () => {
  // Written for this test: one package.json at the top, each app a folder of src/ with a Dockerfile built from the top.
  const dockerfile = (app: string) => `FROM node:22\nWORKDIR /srv\nCOPY package*.json ./\nRUN npm install --omit=dev\nCOPY src/common ./src/common\nCOPY src/${app} ./src/${app}\nCMD ["node", "src/${app}/main.js"]\n`;
  const tree = (compose: string) => ({
    // Its main file is missing (as in the repository that showed it); its start scripts name the shared boot file.
    "package.json": { name: "toolbox", main: "src/index.js", scripts: { "start-ledger": "node src/common/boot.js Ledger", "start-mailer": "node src/common/boot.js Mailer" }, dependencies: { express: "*" } },
    "src/common/boot.js": "const express = require('express');\nconst app = express();\napp.get('/health', (req, res) => res.end());\napp.listen(3000);\n",
    "src/ledger/main.js": "const express = require('express');\nexpress().listen(3000);\n",
    "src/ledger/Dockerfile": dockerfile("ledger"),
    "src/mailer/main.js": "const express = require('express');\nexpress().listen(3001);\n",
    "src/mailer/Dockerfile": dockerfile("mailer"),
    "docker-compose.yml": compose,
  });

  it("is their package, not a service of its own, and says so", () => {
    const result = lintTree(tree("services:\n  ledger:\n    build:\n      context: .\n      dockerfile: src/ledger/Dockerfile\n  mailer:\n    build:\n      context: .\n      dockerfile: src/mailer/Dockerfile\n"));
    expect(result.model.services.map((s) => [s.name, s.root])).toEqual([
      ["ledger", "src/ledger"],
      ["mailer", "src/mailer"],
    ]);
    expect(result.diagnostics.map((d) => d.message).filter((m) => m.startsWith("toolbox"))).toEqual([
      "toolbox (the repository's top) is the package of ledger (src/ledger), mailer (src/mailer), deployed from its folder with no package.json of their own, and its start scripts start them one by one: it is not checked as a service of its own (declare it under services in the config to check it)",
    ]);
  });

  it("stays a service when the deployment inside it names a folder that holds no file", () => {
    // Written for this test: a package whose own compose file builds ./relay, a path that is no folder of the repository.
    const result = lintTree({
      "courier/package.json": { name: "courier", main: "server.js", dependencies: { express: "*" } },
      "courier/server.js": "const express = require('express');\nconst app = express();\napp.post('/send', (req, res) => res.end());\napp.listen(8000);\n",
      "courier/docker-compose.yml": "services:\n  relay:\n    build: ./relay\n",
    });
    expect(result.model.services.map((s) => s.root)).toContain("courier");
  });

  it("stays a service when it is deployed itself", () => {
    const result = lintTree(tree("services:\n  toolbox:\n    build: .\n  ledger:\n    build:\n      context: .\n      dockerfile: src/ledger/Dockerfile\n"));
    expect(result.model.services.map((s) => s.root)).toContain("");
  });
});

describe("[I] calls to localhost", () => {
  it("reach the one service published on that port, and nothing when several listen there", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  a:\n    build: ./a\n    ports: ['3001:3000']\n  b:\n    build: ./b\n    ports: ['3002:3000']\n",
      ...service("a", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/a", async (req, res) => {\n  await fetch("http://localhost:3002/v1/b");\n  await fetch("http://localhost:3000/v1/b");\n  res.end();\n});\n` }),
      ...service("b", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/b", (req, res) => res.end());\n` }),
    });
    expect(result.model.calls.map((c) => [c.url, c.targetRoute ?? null])).toEqual([
      ["http://localhost:3002/v1/b", "b GET /v1/b"],
      ["http://localhost:3000/v1/b", null],
    ]);
  });
});

describe("[I] docker-compose overrides", () => {
  it("docker-compose.override.yml wins over docker-compose.yml", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  api:\n    build: ./api\n    environment:\n      DATABASE_URL: postgres://db:5432/base\n",
      "docker-compose.override.yml": "services:\n  api:\n    environment:\n      DATABASE_URL: postgres://db:5432/override\n",
      ...service("api", ["express"], { "src/server.ts": "export {};\n" }),
    });
    expect(result.model.services[0]!.env.DATABASE_URL).toBe("postgres://db:5432/override");
  });
});

describe("[I] Nx applications", () => {
  it("project.json with projectType application is a service; libraries and e2e projects are not", () => {
    const result = lintTree({
      "package.json": { name: "nx-repo", private: true, dependencies: { express: "*" } },
      "nx.json": "{}",
      "apps/orders-api/project.json": JSON.stringify({ name: "orders-api", projectType: "application", sourceRoot: "apps/orders-api/src" }),
      "apps/orders-api/src/main.ts": `import express from "express";\nconst app = express();\napp.get("/orders", (req, res) => res.end());\n`,
      "apps/orders-api-e2e/project.json": JSON.stringify({ name: "orders-api-e2e", projectType: "application" }),
      "libs/shared/project.json": JSON.stringify({ name: "shared", projectType: "library" }),
    });
    // The root package.json holds the dependencies but runs nothing itself: not a service.
    expect(result.model.services.map((s) => [s.name, s.root, s.sources])).toEqual([["orders-api", "apps/orders-api", ["nx"]]]);
    expect(result.findings.map((f) => [f.data.service, f.data.path])).toEqual([["orders-api", "/orders"]]);
  });

  it("e2e suites kept together (apps/web-e2e/iam named web-e2e-iam) or known by their Cypress or Playwright target are no services (acc13c)", () => {
    const result = lintTree({
      "package.json": { name: "board", private: true, dependencies: { express: "*" } },
      "nx.json": "{}",
      "apps/api/project.json": JSON.stringify({ name: "api", projectType: "application", sourceRoot: "apps/api/src", targets: { serve: { executor: "@nx/js:node" } } }),
      "apps/api/src/main.ts": `import express from "express";\nconst app = express();\napp.get("/v1/cards", (req, res) => res.end());\napp.listen(3000);\n`,
      "apps/web-e2e/cards/project.json": JSON.stringify({ name: "web-e2e-cards", projectType: "application", sourceRoot: "apps/web-e2e/cards/src" }),
      "apps/web-e2e/cards/src/support/commands.ts": "export const login = () => cy.visit('/login');\n",
      "apps/smoke/project.json": JSON.stringify({ name: "smoke", projectType: "application", sourceRoot: "apps/smoke/src", targets: { e2e: { executor: "@nrwl/cypress:cypress" }, lint: { executor: "@nrwl/linter:eslint" } } }),
      "apps/smoke/src/app.cy.ts": "export {};\n",
      "apps/smoke/src/support/app.po.ts": "export const title = () => cy.get('h1');\n",
      "apps/crawl/project.json": JSON.stringify({ name: "crawl", projectType: "application", sourceRoot: "apps/crawl/src", targets: { e2e: { executor: "@nx/playwright:playwright" } } }),
      "apps/crawl/src/fixtures.ts": "export {};\n",
    });
    expect(result.model.services.map((s) => [s.name, s.root])).toEqual([["api", "apps/api"]]);
  });

  it("a project whose every target runs a test runner (a command running vitest, a jest executor) is a test harness, not a service, whatever projectType it declares (acc26b)", () => {
    const result = lintTree({
      "package.json": { name: "toolkit", private: true, dependencies: { ioredis: "*", express: "*" } },
      "nx.json": "{}",
      "tools/check-published/project.json": JSON.stringify({ name: "check-published", projectType: "application", targets: { "check-tarballs": { executor: "nx:run-commands", options: { command: "pnpm vitest run --config tools/check-published/vitest.config.ts" } } } }),
      "tools/check-published/sample/src/cache.ts": `import Redis from "ioredis";
export const cache = new Redis(process.env.SAMPLE_REDIS_URL!);
`,
      "tools/contract-suite/project.json": JSON.stringify({ name: "contract-suite", projectType: "application", targets: { test: { executor: "@nx/jest:jest", options: { jestConfig: "tools/contract-suite/jest.config.ts" } } } }),
      "tools/contract-suite/src/index.ts": `import Redis from "ioredis";
export const probe = new Redis(process.env.PROBE_REDIS_URL!);
`,
      "apps/gateway/project.json": JSON.stringify({ name: "gateway", projectType: "application", targets: { build: { executor: "nx:run-commands", options: { command: "tsc -p apps/gateway" } }, test: { executor: "@nx/jest:jest" } } }),
      "apps/gateway/src/main.ts": `import express from "express";
const app = express();
app.get("/v1/ping", (req, res) => res.end());
app.listen(3000);
`,
    });
    // The gateway builds something besides its tests: still an application.
    expect(result.model.services.map((s) => [s.name, s.root])).toEqual([["gateway", "apps/gateway"]]);
  });
});
