import { describe, expect, it } from "vitest";
import type { LintResult } from "../../../src/lint/types.js";
import { summarize } from "../../../src/lint/engine.js";
import { REPORTERS } from "../../../src/lint/report/index.js";
import { lintTree, service, type Tree } from "../helpers.js";

/** [name, root, sources] of each service, in the model's order. */
const services = (result: LintResult) => result.model.services.map((s) => [s.name, s.root, s.sources]);
/** [name, root, packageName] of each library. */
const libraries = (result: LintResult) => result.model.libraries.map((l) => [l.name, l.root, l.packageName ?? null]);
const configDiagnostics = (result: LintResult) => result.diagnostics.filter((d) => d.kind === "config-file").map((d) => `${d.file}:${d.line ?? 0} ${d.message}`);

const expressRoute = (path: string) => `import express from "express";\nconst app = express();\napp.get("${path}", (req, res) => res.end());\napp.listen(3000);\n`;
const nestController = (path: string) =>
  `import { Controller, Get } from "@nestjs/common";\n@Controller("${path}")\nexport class AppController {\n  @Get()\n  list() {\n    return [];\n  }\n}\n`;

/** A NestJS monorepo as `nest new` + `nest generate app/library` lay it out: one package.json at the root. */
function nestMonorepo(extra: Tree = {}): Tree {
  return {
    "package.json": {
      name: "shop",
      private: true,
      scripts: { build: "nest build", start: "nest start", "start:dev": "nest start --watch" },
      dependencies: { "@nestjs/common": "*", "@nestjs/core": "*", "@nestjs/microservices": "*", mongoose: "*" },
    },
    "nest-cli.json": `{
  "$schema": "https://json.schemastore.org/nest-cli",
  "collection": "@nestjs/schematics",
  "sourceRoot": "apps/auth/src",
  "monorepo": true,
  "root": "apps/auth",
  // comments and trailing commas are allowed by the Nest CLI
  "projects": {
    "auth": { "type": "application", "root": "apps/auth", "entryFile": "main", "sourceRoot": "apps/auth/src" },
    "orders": { "type": "application", "root": "apps/orders", "entryFile": "main", "sourceRoot": "apps/orders/src" },
    "payments": { "type": "application", "sourceRoot": "apps/payments/src" },
    "common": { "type": "library", "root": "libs/common", "entryFile": "index", "sourceRoot": "libs/common/src", },
  },
}
`,
    "apps/auth/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
    "apps/auth/src/app.controller.ts": nestController("v1/users"),
    "apps/orders/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
    "apps/orders/src/app.controller.ts": nestController("v1/orders"),
    "apps/payments/src/main.ts": `export {};\n`,
    "libs/common/src/index.ts": `export * from "./database.module";\n`,
    "libs/common/src/database.module.ts": `export class DatabaseModule {}\n`,
    ...extra,
  };
}

describe("[I] NestJS monorepo mode (nest-cli.json projects)", () => {
  it("applications are services, libraries are libraries, and the root package is neither", () => {
    const result = lintTree(nestMonorepo());
    expect(services(result)).toEqual([
      ["auth", "apps/auth", ["nest-cli"]],
      ["orders", "apps/orders", ["nest-cli"]],
      ["payments", "apps/payments", ["nest-cli"]],
    ]);
    expect(libraries(result)).toEqual([["common", "libs/common", null]]);
    expect(result.model.fileService["apps/orders/src/app.controller.ts"]).toBe("orders");
    expect(result.model.fileService["apps/auth/src/app.controller.ts"]).toBe("auth");
    expect(configDiagnostics(result)).toEqual([]);
  });

  it("a compose service that builds an app's folder names it; an app with its own package.json keeps its package name", () => {
    const result = lintTree(
      nestMonorepo({
        "docker-compose.yml": "services:\n  orders-svc:\n    build: ./apps/orders\n",
        "apps/auth/package.json": { name: "@shop/auth", private: true },
      }),
    );
    expect(result.model.services.map((s) => [s.name, s.root, s.sources, s.packageName ?? null])).toEqual([
      ["auth", "apps/auth", ["nest-cli"], "@shop/auth"],
      ["orders-svc", "apps/orders", ["nest-cli", "compose"], null],
      ["payments", "apps/payments", ["nest-cli"], null],
    ]);
  });

  it("projects it cannot place (an unknown type, no root, a root outside, a folder that is gone) are left out with a diagnostic each; e2e projects quietly", () => {
    const result = lintTree({
      "package.json": { name: "shop", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*" } },
      "nest-cli.json": JSON.stringify(
        {
          monorepo: true,
          projects: {
            auth: { type: "application", root: "apps/auth" },
            gateway: { type: "app", root: "apps/gateway" },
            escape: { type: "application", root: "../elsewhere" },
            nothing: { type: "library" },
            "auth-e2e": { type: "application", root: "apps/auth-e2e" },
            users: { type: "application", root: "apps/users", sourceRoot: "apps/users/src" },
            tools: { root: "tools/seed" },
            broken: "apps/broken",
          },
        },
        null,
        2,
      ),
      "apps/auth/src/main.ts": "export {};\n",
      "apps/gateway/src/main.ts": "export {};\n",
    });
    expect(services(result)).toEqual([["auth", "apps/auth", ["nest-cli"]]]);
    expect(libraries(result)).toEqual([]);
    expect(configDiagnostics(result)).toEqual([
      `nest-cli.json:8 nest-cli.json projects.gateway type is "app", not "application" or "library"; the project is left out`,
      `nest-cli.json:12 nest-cli.json projects.escape root "../elsewhere" is not a folder inside the repository; the project is left out`,
      `nest-cli.json:16 nest-cli.json projects.nothing has no root or sourceRoot; the project is left out`,
      `nest-cli.json:23 nest-cli.json project users: its folder apps/users holds no scanned file; the project is left out`,
      `nest-cli.json:28 nest-cli.json projects.tools has no type, and neither its folder (apps/, libs/) nor its entryFile (main, index) tells which; the project is left out`,
      `nest-cli.json:31 nest-cli.json projects.broken is not an object with a type and a root; the project is left out`,
    ]);
  });

  it("a project without a type is an application under apps/ or with entryFile main, a library under libs/ or with entryFile index", () => {
    const result = lintTree({
      "package.json": { name: "shop", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*" } },
      "nest-cli.json": JSON.stringify({
        monorepo: true,
        projects: {
          api: { root: "apps/api" },
          admin: { root: "admin", entryFile: "main" },
          shared: { root: "libs/shared" },
          contracts: { root: "contracts", entryFile: "index" },
        },
      }),
      "apps/api/src/main.ts": "export {};\n",
      "admin/src/main.ts": "export {};\n",
      "libs/shared/src/index.ts": "export {};\n",
      "contracts/src/index.ts": "export {};\n",
    });
    expect(services(result)).toEqual([
      ["admin", "admin", ["nest-cli"]],
      ["api", "apps/api", ["nest-cli"]],
    ]);
    expect(libraries(result)).toEqual([
      ["contracts", "contracts", null],
      ["shared", "libs/shared", null],
    ]);
    expect(configDiagnostics(result)).toEqual([]);
  });

  it("a NestJS monorepo in a subfolder: project roots are read from nest-cli.json's folder", () => {
    const result = lintTree({
      "frontend/package.json": { name: "web", scripts: { dev: "vite" }, dependencies: { vue: "*" } },
      "frontend/src/main.js": "export {};\n",
      "backend/package.json": { name: "backend", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*" } },
      "backend/nest-cli.json": JSON.stringify({ monorepo: true, root: "apps/gateway", projects: { gateway: { type: "application", root: "apps/gateway" }, db: { type: "library", root: "libs/db" } } }),
      "backend/apps/gateway/src/main.ts": "export {};\n",
      "backend/libs/db/src/index.ts": "export {};\n",
    });
    expect(services(result)).toEqual([["gateway", "backend/apps/gateway", ["nest-cli"]]]);
    expect(libraries(result)).toEqual([["db", "backend/libs/db", null]]);
  });

  it("a top `root` that holds the listed apps (`\"root\": \"apps\"`) or a top `sourceRoot` inside one names no app of its own; an unlisted default project still is one", () => {
    const tree = (top: Record<string, string>, listed: string[]): Tree => ({
      "package.json": { name: "diner", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*" } },
      "nest-cli.json": JSON.stringify({ monorepo: true, ...top, projects: Object.fromEntries(listed.map((name) => [name, { type: "application", root: `apps/${name}`, sourceRoot: `apps/${name}/src` }])) }),
      "apps/gateway/src/main.ts": "export {};\n",
      "apps/kitchen/src/main.ts": "export {};\n",
    });
    expect(services(lintTree(tree({ root: "apps", sourceRoot: "apps/gateway/src" }, ["gateway", "kitchen"])))).toEqual([
      ["gateway", "apps/gateway", ["nest-cli"]],
      ["kitchen", "apps/kitchen", ["nest-cli"]],
    ]);
    // The older layout: the default project is named only at the top.
    expect(services(lintTree(tree({ root: "apps/gateway", sourceRoot: "apps/gateway/src" }, ["kitchen"]))).map(([name]) => name).sort()).toEqual(["gateway", "kitchen"]);
  });

  it("an app folder beside the listed applications with Nest's entry that no project names is an application, said in a diagnostic (acc16a)", () => {
    const result = lintTree({
      "backend/package.json": { name: "backend", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*" } },
      // `letters` names a folder since renamed (apps/post); `archive` one that never held code.
      "backend/nest-cli.json": JSON.stringify({
        monorepo: true,
        projects: { counter: { type: "application", root: "apps/counter" }, letters: { type: "application", root: "apps/letters" }, archive: { type: "application", root: "apps/archive" }, stamps: { type: "library", root: "libs/stamps" } },
      }),
      "backend/apps/counter/src/main.ts": "export {};\n",
      "backend/apps/post/src/main.ts": "export {};\n",
      // No entry of Nest's: a folder of fixtures, not an app; nor is an e2e folder, nor a folder beside a library.
      "backend/apps/samples/data.ts": "export {};\n",
      "backend/apps/post-e2e/src/main.ts": "export {};\n",
      "backend/libs/stamps/src/index.ts": "export {};\n",
      "backend/libs/ink/src/main.ts": "export {};\n",
    });
    expect(services(result)).toEqual([
      ["counter", "backend/apps/counter", ["nest-cli"]],
      ["post", "backend/apps/post", ["nest-cli"]],
    ]);
    expect(configDiagnostics(result).filter((d) => d.includes("no project names"))).toEqual([
      "backend/nest-cli.json:1 backend/apps/post holds a NestJS app (backend/apps/post/src/main.ts) beside the applications nest-cli.json lists, but no project names its folder; taken as the application post",
    ]);
  });

  it("a service's location is its entry under projects, even when a project is named like a top-level key", () => {
    const result = lintTree({
      "package.json": { name: "shop", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*" } },
      "nest-cli.json": JSON.stringify({ compilerOptions: { webpack: true }, monorepo: true, projects: { webpack: { type: "application", root: "apps/webpack" } } }, null, 2),
      "apps/webpack/src/main.ts": "export {};\n",
    });
    expect(result.model.services.map((s) => [s.name, s.location])).toEqual([["webpack", { file: "nest-cli.json", line: 7, column: 1 }]]);
  });

  it("a nest-cli.json that does not parse is a diagnostic, and the repository is read as if it had none", () => {
    const result = lintTree({
      "package.json": { name: "shop", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*" } },
      "nest-cli.json": `{ "monorepo": true, "projects": { "auth": `,
      "src/main.ts": "export {};\n",
    });
    expect(services(result)).toEqual([["shop", "", ["package"]]]);
    expect(configDiagnostics(result)).toHaveLength(1);
    expect(configDiagnostics(result)[0]).toMatch(/^nest-cli\.json:0 nest-cli\.json is not valid JSON: /);
  });

  it("a single Nest app's nest-cli.json (no projects) changes nothing: the root package is the service", () => {
    const result = lintTree({
      "package.json": { name: "@acme/catalog", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*" } },
      "nest-cli.json": JSON.stringify({ collection: "@nestjs/schematics", sourceRoot: "src" }),
      "src/main.ts": "export {};\n",
    });
    expect(services(result)).toEqual([["catalog", "", ["package"]]]);
  });
});

describe("[I] Nx", () => {
  it("project.json applications and libraries; browser apps (React executors, Vite's dev server, a .tsx entry) and an e2e project are neither; the root package is no service", () => {
    const result = lintTree({
      "package.json": { name: "@acme/source", private: true, scripts: { start: "nx serve api" }, dependencies: { express: "*", "@nx/react": "*" } },
      "nx.json": JSON.stringify({ targetDefaults: {} }),
      "apps/api/project.json": JSON.stringify({ name: "api", projectType: "application", sourceRoot: "apps/api/src", targets: { serve: { executor: "@nx/js:node" } } }),
      "apps/api/src/main.ts": expressRoute("/v1/items"),
      "apps/web/project.json": JSON.stringify({ name: "web", projectType: "application", targets: { build: { executor: "@nx/webpack:webpack" }, serve: { executor: "@nx/react:dev-server" } } }),
      "apps/web/src/main.tsx": "export {};\n",
      "apps/dashboard/project.json": JSON.stringify({ name: "dashboard", projectType: "application", targets: { build: { executor: "@nx/vite:build" }, serve: { executor: "@nx/vite:dev-server" } } }),
      "apps/dashboard/src/main.tsx": "export {};\n",
      "apps/kiosk/project.json": JSON.stringify({ name: "kiosk", projectType: "application" }),
      "apps/kiosk/src/main.tsx": "export {};\n",
      "apps/api-e2e/project.json": JSON.stringify({ name: "api-e2e", projectType: "application" }),
      "libs/data-access/project.json": JSON.stringify({ name: "data-access", projectType: "library", sourceRoot: "libs/data-access/src" }),
      "libs/data-access/src/index.ts": "export const pool = {};\n",
    });
    expect(services(result)).toEqual([["api", "apps/api", ["nx"]]]);
    expect(libraries(result)).toEqual([["data-access", "libs/data-access", null]]);
    expect(result.model.fileService["apps/api/src/main.ts"]).toBe("api");
  });

  it("no projectType: a serve target runs, libsDir/appsDir from nx.json decide; otherwise a diagnostic", () => {
    const result = lintTree({
      "package.json": { name: "repo", private: true },
      "nx.json": JSON.stringify({ workspaceLayout: { appsDir: "services", libsDir: "shared" } }),
      "services/billing/project.json": JSON.stringify({ name: "billing", targets: { build: { executor: "@nx/esbuild:esbuild" } } }),
      "services/billing/src/main.ts": expressRoute("/v1/invoices"),
      "tools/worker/project.json": JSON.stringify({ name: "worker", targets: { serve: { executor: "@nx/js:node" } } }),
      "tools/worker/src/main.ts": "export {};\n",
      "shared/money/project.json": JSON.stringify({ name: "money", targets: { build: { executor: "@nx/js:tsc" } } }),
      "scripts/seed/project.json": JSON.stringify({ name: "seed", targets: { run: { executor: "nx:run-commands" } } }),
    });
    expect(services(result)).toEqual([
      ["billing", "services/billing", ["nx"]],
      ["worker", "tools/worker", ["nx"]],
    ]);
    expect(libraries(result)).toEqual([["money", "shared/money", null]]);
    expect(configDiagnostics(result)).toEqual([
      `scripts/seed/project.json:1 Nx project seed has no projectType and no serve target, and is under neither services/ nor shared/; set "projectType" to count it as an application or a library`,
    ]);
  });

  it("an Nx workspace on the Angular CLI: angular.json beside nx.json lists the projects; a Node API linted by Angular's tslint builder is no browser app", () => {
    // Written for this test: the root package starts the web app with `ng serve` and lists Angular and NestJS alike.
    const tree = (withNx: boolean) =>
      lintTree({
        "package.json": { name: "todos", private: true, scripts: { start: "ng serve" }, dependencies: { "@angular/core": "*", "@nestjs/core": "*", "@nestjs/common": "*" } },
        ...(withNx ? { "nx.json": JSON.stringify({ npmScope: "todos" }) } : {}),
        "angular.json": JSON.stringify({
          version: 1,
          projects: {
            web: { root: "apps/web/", projectType: "application", architect: { build: { builder: "@angular-devkit/build-angular:browser" }, lint: { builder: "@angular-devkit/build-angular:tslint" } } },
            "api-todos": { root: "apps/api-todos", projectType: "application", architect: { build: { builder: "@nrwl/builders:node-build" }, serve: { builder: "@nrwl/builders:node-execute" }, lint: { builder: "@angular-devkit/build-angular:tslint" }, test: { builder: "@nrwl/builders:jest" } } },
            shared: { root: "libs/shared", projectType: "library", architect: { lint: { builder: "@angular-devkit/build-angular:tslint" } } },
          },
        }),
        "apps/web/src/main.ts": "export {};\n",
        "apps/api-todos/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3333));\n`,
        "apps/api-todos/src/app.module.ts": `import { Module } from "@nestjs/common";\n@Module({})\nexport class AppModule {}\n`,
        "libs/shared/src/index.ts": "export {};\n",
      });
    expect(services(tree(true))).toEqual([["api-todos", "apps/api-todos", ["nx"]]]);
    // A plain Angular CLI workspace (no nx.json): angular.json is the front end's, not read as Nx projects.
    expect(services(tree(false)).map(([name]) => name)).not.toContain("api-todos");
  });

  it("workspace.json: projects inline (root, projectType) and by folder (its project.json)", () => {
    const result = lintTree({
      "package.json": { name: "repo", private: true, scripts: { start: "nx serve gateway" }, dependencies: { fastify: "*" } },
      "workspace.json": JSON.stringify(
        {
          version: 2,
          projects: {
            gateway: { root: "apps/gateway", sourceRoot: "apps/gateway/src", projectType: "application", targets: {} },
            users: "apps/users",
            auth: { root: "libs/auth", projectType: "library" },
          },
        },
        null,
        2,
      ),
      "apps/gateway/src/main.ts": "export {};\n",
      "apps/users/project.json": JSON.stringify({ projectType: "application" }),
      "apps/users/src/main.ts": "export {};\n",
      "libs/auth/src/index.ts": "export {};\n",
    });
    expect(services(result)).toEqual([
      ["gateway", "apps/gateway", ["nx"]],
      ["users", "apps/users", ["nx"]],
    ]);
    expect(libraries(result)).toEqual([["auth", "libs/auth", null]]);
  });

  it("Nx before version 13: angular.json beside nx.json lists the projects; an Angular CLI app's angular.json alone declares nothing (acc21a)", () => {
    const workspace = {
      version: 1,
      projects: {
        storefront: { root: "apps/storefront/", projectType: "application", architect: { build: { builder: "@angular-devkit/build-angular:browser" } } },
        "storefront-e2e": { root: "apps/storefront-e2e", projectType: "application", architect: { e2e: { builder: "@nrwl/builders:cypress" } } },
        // Every project of such a workspace lints with the Angular CLI's tslint builder, the Node apps too.
        edge: { root: "apps/edge", projectType: "application", architect: { build: { builder: "@nrwl/builders:node-build" }, serve: { builder: "@nrwl/builders:node-execute" }, lint: { builder: "@angular-devkit/build-angular:tslint" } } },
        catalog: { root: "apps/catalog", projectType: "application", architect: { build: { builder: "@nrwl/builders:node-build" }, lint: { builder: "@angular-devkit/build-angular:tslint" } } },
        ui: { root: "libs/ui", projectType: "library", architect: {} },
      },
    };
    const tree = (withNx: boolean) =>
      lintTree({
        "package.json": { name: "shopfront", private: true, scripts: { start: "ng serve" }, dependencies: { "@nestjs/core": "*", "@angular/core": "*" } },
        ...(withNx ? { "nx.json": JSON.stringify({ npmScope: "shopfront", projects: { edge: {}, catalog: {} } }) } : {}),
        "angular.json": JSON.stringify(workspace, null, 2),
        "apps/storefront/src/main.ts": "export {};\n",
        "apps/edge/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
        "apps/edge/src/app.module.ts": "export class AppModule {}\n",
        "apps/catalog/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3001));\n`,
        "apps/catalog/src/app.module.ts": "export class AppModule {}\n",
        "libs/ui/src/index.ts": "export {};\n",
      });
    expect(services(tree(true))).toEqual([
      ["catalog", "apps/catalog", ["nx"]],
      ["edge", "apps/edge", ["nx"]],
    ]);
    expect(libraries(tree(true))).toEqual([["ui", "libs/ui", null]]);
    expect(services(tree(false)).map(([name]) => name)).not.toContain("edge");
  });

  it("a library imported through tsconfig.base.json's path alias belongs to the apps that import it", () => {
    const app = (path: string) =>
      `import express from "express";\nimport { pool } from "@ws/data-access";\nconst app = express();\napp.get("${path}", async (req, res) => res.json(await pool.query("select 1")));\n`;
    const result = lintTree({
      "package.json": { name: "ws", private: true, dependencies: { express: "*", pg: "*" } },
      "nx.json": "{}",
      "tsconfig.base.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@ws/data-access": ["libs/data-access/src/index.ts"] } } }),
      "apps/orders/project.json": JSON.stringify({ name: "orders", projectType: "application" }),
      "apps/orders/tsconfig.json": JSON.stringify({ extends: "../../tsconfig.base.json" }),
      "apps/orders/src/main.ts": app("/v1/orders"),
      "apps/billing/project.json": JSON.stringify({ name: "billing", projectType: "application" }),
      "apps/billing/src/main.ts": app("/v1/invoices"),
      "libs/data-access/project.json": JSON.stringify({ name: "data-access", projectType: "library" }),
      "libs/data-access/src/index.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: "postgres://db:5432/shop" });\n`,
    });
    expect(libraries(result)).toEqual([["data-access", "libs/data-access", null]]);
    expect(result.model.datastores.map((d) => [d.service, d.identity])).toEqual([
      ["billing", "postgres://db:5432/shop"],
      ["orders", "postgres://db:5432/shop"],
    ]);
    // The library writes the database's address into the code: each service that imports it is told (hardcoded-endpoint).
    expect(result.findings.map((f) => f.ruleId).filter((id) => id !== "missing-tracing").sort()).toEqual(["hardcoded-endpoint", "hardcoded-endpoint", "shared-database"]);
  });

  it("a package.json's nx field declares its project (Nx's inferred projects): a serve target or apps/ runs, libs/ lends", () => {
    const nestMain = `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app/app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`;
    const result = lintTree({
      "package.json": { name: "@garden/source", private: true, workspaces: ["apps/*", "libs/*"], dependencies: { "@nestjs/core": "*", "@nestjs/common": "*" } },
      "nx.json": JSON.stringify({ plugins: [{ plugin: "@nx/webpack/plugin" }] }),
      // No scripts and no dependencies of their own: the root package.json holds them, the nx field says what runs.
      "apps/seeds/package.json": { name: "@garden/seeds", private: true, nx: { targets: { build: { executor: "nx:run-commands" }, serve: { executor: "@nx/js:node" } } } },
      "apps/seeds/src/main.ts": nestMain,
      "apps/seeds/src/app/app.controller.ts": nestController("v1/seeds"),
      "apps/harvest/package.json": JSON.stringify({ name: "@garden/harvest", private: true, nx: { name: "harvest-api" } }, null, 2),
      "apps/harvest/src/main.ts": nestMain,
      "libs/soil/package.json": { name: "@garden/soil", private: true, nx: { targets: { build: { executor: "@nx/js:tsc" } } } },
      "libs/soil/src/index.ts": "export const depth = 3;\n",
      // No nx field: the package rules decide (an empty package with sources lends them).
      "libs/weather/package.json": { name: "@garden/weather", private: true },
      "libs/weather/src/index.ts": "export const rain = true;\n",
    });
    expect(services(result)).toEqual([
      ["harvest-api", "apps/harvest", ["nx"]],
      ["seeds", "apps/seeds", ["nx"]],
    ]);
    expect(libraries(result)).toEqual([
      ["soil", "libs/soil", "@garden/soil"],
      ["weather", "libs/weather", "@garden/weather"],
    ]);
    expect(result.model.services.find((s) => s.name === "harvest-api")?.location).toEqual({ file: "apps/harvest/package.json", line: 4, column: 1 });
    expect(configDiagnostics(result)).toEqual([]);
  });

  it("a project.json that is no Nx file (no nx.json, schema or targets) counts only with an explicit projectType, and says nothing", () => {
    const result = lintTree({
      ...service("api", ["express"], { "src/server.ts": "export {};\n" }),
      "apps/demo/project.json": JSON.stringify({ title: "demo data" }),
    });
    expect(services(result)).toEqual([["api", "api", ["package"]]]);
    expect(configDiagnostics(result)).toEqual([]);
  });
});

describe("[I] Nx running other languages' builds", () => {
  it("a project folder with pom.xml or go.mod and no package.json is a service in that language; one holding only deployment files is none", () => {
    const result = lintTree({
      "nx.json": "{}\n",
      "package.json": { name: "store", private: true, devDependencies: { nx: "*" } },
      "src/basket/project.json": JSON.stringify({ name: "basket", projectType: "application", targets: { build: { executor: "nx:run-commands", options: { command: "./mvnw package" } } } }),
      "src/basket/pom.xml": "<project></project>\n",
      "src/basket/src/main/java/Basket.java": "class Basket {}\n",
      "src/stock/project.json": JSON.stringify({ name: "stock", projectType: "application" }),
      "src/stock/go.mod": "module example.com/stock\n",
      "src/checkout/project.json": JSON.stringify({ name: "checkout", projectType: "application" }),
      ...service("src/checkout", ["express"], { "src/main.ts": expressRoute("/v1/checkout") }),
      "src/stack/project.json": JSON.stringify({ name: "stack", projectType: "application", targets: { up: { executor: "nx:run-commands", options: { command: "docker compose up" } } } }),
      "src/stack/docker-compose.yml": "services:\n  redis:\n    image: redis:7\n",
      "src/stack/chart/Chart.yaml": "apiVersion: v2\nname: stack\nversion: 1.0.0\n",
      "tools/licences/project.json": JSON.stringify({ name: "licences", projectType: "application", tags: ["tool"] }),
      "tools/licences/package.json": JSON.stringify({ name: "licences", scripts: { start: "node dist/main.js" }, dependencies: { axios: "*", handlebars: "*" } }),
      "tools/licences/src/main.ts": `import axios from "axios";\nexport async function fetchLicence(url: string) {\n  return (await axios.get(url)).data;\n}\n`,
      "apps/pricing/project.json": JSON.stringify({ name: "pricing", projectType: "application", targets: { serve: { executor: "@nx/js:node" } } }),
      "apps/pricing/package.json": JSON.stringify({ name: "pricing", version: "0.0.1", scripts: { start: "node dist/main.js" } }),
      "apps/pricing/src/main.ts": expressRoute("/v1/prices"),
    });
    expect(result.model.services.map((s) => [s.name, s.root, s.language ?? ""])).toEqual([
      ["basket", "src/basket", "java"],
      ["checkout", "src/checkout", ""],
      ["pricing", "apps/pricing", ""],
      ["stock", "src/stock", "go"],
    ]);
    expect(configDiagnostics(result).filter((d) => d.includes("Nx project"))).toEqual([
      "src/stack/project.json:1 Nx project stack: its folder src/stack holds no code (only deployment or configuration files): not counted as a service",
      "tools/licences/project.json:1 Nx project licences: its package licences depends on no server, broker or datastore and no Dockerfile builds it: not counted as a service (a script or tool)",
    ]);
  });
});

describe("[I] Turborepo, Lerna and workspaces", () => {
  it("a package that serves through a workspace package of its own (a shared createServer that listens) is a service; one whose library serves nothing is not", () => {
    const result = lintTree({
      "package.json": { name: "mill", private: true, workspaces: ["kit/*", "units/*"] },
      "kit/serve/package.json": { name: "@mill/serve", main: "src/index.ts", dependencies: { express: "*" } },
      "kit/serve/src/index.ts": `import express, { Router } from "express";\nexport default function serve(routes: Router) {\n  const app = express();\n  app.use("/", routes);\n  app.listen(process.env.PORT ?? 4000);\n}\n`,
      "kit/words/package.json": { name: "@mill/words", main: "src/index.ts", dependencies: { "change-case": "*" } },
      "kit/words/src/index.ts": "export const shout = (s: string) => s.toUpperCase();\n",
      "units/grain/package.json": { name: "grain", scripts: { start: "node build/index.js" }, dependencies: { "@mill/serve": "workspace:*" } },
      "units/grain/src/index.ts": `import serve from "@mill/serve";\nimport { Router } from "express";\nconst routes = Router();\nroutes.get("/v1/sacks", (req, res) => res.json([]));\nserve(routes);\n`,
      "units/report/package.json": { name: "report", scripts: { start: "node build/index.js" }, dependencies: { "@mill/words": "workspace:*" } },
      "units/report/src/index.ts": `import { shout } from "@mill/words";\nconsole.log(shout("done"));\n`,
      // A front end that imports a service's package (for its types) does not serve through it.
      "units/scale/package.json": { name: "scale", scripts: { start: "node src/main.js" }, dependencies: { express: "*" } },
      "units/scale/src/main.js": `const app = require("express")();\napp.get("/v1/weights", (req, res) => res.json([]));\napp.listen(4100);\n`,
      "units/counter/package.json": { name: "counter", scripts: { dev: "next dev", start: "next start" }, dependencies: { scale: "workspace:*", next: "*", "react-dom": "*" } },
      "units/counter/next.config.js": "module.exports = {};\n",
      "units/counter/app/page.tsx": "export default function Page() {\n  return null;\n}\n",
    });
    expect(services(result)).toEqual([
      ["grain", "units/grain", ["workspace"]],
      ["scale", "units/scale", ["workspace"]],
    ]);
    expect(libraries(result).map(([name]) => name)).toEqual(["serve", "words"]);
  });

  it("a package the services import whose start script runs no file of its own (`node dist/index.js`, no index beside its modules) is a library", () => {
    // Written for this test: a shared broker helper with a leftover start script; a real service beside it.
    const result = lintTree({
      "package.json": { name: "bazaar", private: true, workspaces: ["shared", "services/*"] },
      "shared/package.json": { name: "@bazaar/shared", scripts: { build: "tsc", start: "node dist/index.js" }, dependencies: { kafkajs: "*" } },
      "shared/src/bus.ts": `import { Kafka } from "kafkajs";\nexport const kafka = new Kafka({ brokers: [process.env.KAFKA_BROKERS ?? "kafka:9092"] });\n`,
      "services/stalls/package.json": { name: "stalls", scripts: { start: "node dist/index.js" }, dependencies: { express: "*", "@bazaar/shared": "*" } },
      "services/stalls/src/index.ts": `import express from "express";\nimport { kafka } from "@bazaar/shared/dist/bus";\nconst app = express();\napp.get("/v1/stalls", async (req, res) => res.json(await kafka.admin().listTopics()));\napp.listen(3000);\n`,
    });
    expect(services(result)).toEqual([["stalls", "services/stalls", ["workspace"]]]);
    expect(libraries(result)).toEqual([["shared", "shared", "@bazaar/shared"]]);
  });

  it("Turborepo: apps/ with a server are services, a frontend app is neither, packages/ are libraries, shared tool configs are not", () => {
    const result = lintTree({
      "package.json": { name: "turbo-shop", private: true, workspaces: ["apps/*", "packages/*"], scripts: { dev: "turbo run dev" }, devDependencies: { turbo: "*" } },
      "turbo.json": JSON.stringify({ tasks: { build: { dependsOn: ["^build"] } } }),
      "apps/api/package.json": { name: "api", scripts: { dev: "tsx watch src/index.ts", start: "node dist/index.js" }, dependencies: { express: "*", "@repo/db": "*" } },
      "apps/api/src/index.ts": expressRoute("/v1/products"),
      "apps/web/package.json": { name: "web", scripts: { dev: "next dev", start: "next start" }, dependencies: { next: "*", "@repo/ui": "*" } },
      "apps/web/next.config.js": "module.exports = {};\n",
      "packages/db/package.json": { name: "@repo/db", main: "./src/index.ts", types: "./src/index.ts", dependencies: { pg: "*" } },
      "packages/db/src/index.ts": "export const db = {};\n",
      "packages/ui/package.json": { name: "@repo/ui", exports: { "./button": "./src/button.tsx" }, scripts: { lint: "eslint ." } },
      "packages/ui/src/button.tsx": "export const Button = () => null;\n",
      "packages/eslint-config-custom/package.json": { name: "eslint-config-custom", main: "index.js", dependencies: { "eslint-config-next": "*" } },
      "packages/eslint-config-custom/index.js": "module.exports = { extends: ['next'] };\n",
      "packages/typescript-config/package.json": { name: "@repo/typescript-config", files: ["base.json"] },
      "packages/typescript-config/base.json": "{}\n",
    });
    expect(services(result)).toEqual([["api", "apps/api", ["workspace"]]]);
    expect(libraries(result)).toEqual([
      ["db", "packages/db", "@repo/db"],
      ["ui", "packages/ui", "@repo/ui"],
    ]);
  });

  it("a Next.js front end that lists a message client (nats beside nats.ws for the browser) serves pages; one whose script runs a file of its own may consume", () => {
    const tree = (scripts: Record<string, string>) =>
      lintTree({
        "tickets/package.json": { name: "tickets", scripts: { start: "node main.js" }, dependencies: { nats: "*", mongoose: "*" } },
        "tickets/main.js": `const { connect } = require("nats");\nconnect({ servers: process.env.NATS_URL }).then((nc) => nc.subscribe("seats.*"));\n`,
        "web/package.json": { name: "web", scripts, dependencies: { next: "*", react: "*", "react-dom": "*", nats: "*", "nats.ws": "*" } },
        "web/src/app/page.jsx": `import { connect } from "nats.ws";\nexport default function Page() { connect({ servers: "wss://broker:443" }); return null; }\n`,
      });
    expect(services(tree({ dev: "next dev", start: "next start" })).map(([name]) => name)).toEqual(["tickets"]);
    expect(services(tree({ dev: "next dev", consume: "node consumer.js", start: "node consumer.js" })).map(([name]) => name)).toEqual(["tickets", "web"]);
  });

  it("a browser app started by its bundler's dev server serves pages, whatever server library it also lists; started by a file of its own it may serve", () => {
    const tree = (scripts: Record<string, string>) =>
      lintTree({
        "orders/package.json": { name: "orders", scripts: { start: "node app.js" }, dependencies: { express: "*" } },
        "orders/app.js": `const express = require("express");\nconst app = express();\napp.get("/v1/orders", (req, res) => res.json([]));\napp.listen(3001);\n`,
        "panel/package.json": { name: "panel", scripts, dependencies: { vue: "*", "socket.io": "*", "socket.io-client": "*" }, devDependencies: { vite: "*" } },
        "panel/vite.config.js": "export default {};\n",
        "panel/src/main.js": `import { createApp } from "vue";\nfetch("http://localhost:3001/v1/orders");\ncreateApp({}).mount("#app");\n`,
        "panel/server.js": `const { Server } = require("socket.io");\nnew Server(3000).on("connection", (socket) => socket.emit("hello"));\n`,
        "docker-compose.yml": "services:\n  orders:\n    build: ./orders\n  panel:\n    build: ./panel\n",
      });
    const pages = tree({ dev: "vite", build: "vite build" });
    expect(services(pages).map(([name]) => name)).toEqual(["orders"]);
    expect(pages.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining("panel (panel) is a browser front end"));
    const ownServer = tree({ dev: "vite", start: "node server.js" });
    expect(services(ownServer).map(([name]) => name)).toEqual(["orders", "panel"]);
  });

  it("Lerna: lerna.json packages globs make workspace members, and the root is no service", () => {
    const result = lintTree({
      "package.json": { name: "platform", private: true, scripts: { start: "lerna run start --stream" }, devDependencies: { lerna: "*" } },
      "lerna.json": JSON.stringify({ version: "independent", packages: ["services/*", "shared/*"] }),
      "services/users/package.json": { name: "@platform/users", scripts: { start: "node src/server.js" }, dependencies: { koa: "*", "@platform/http": "*" } },
      "services/users/src/server.js": `const { router } = require("@platform/http");\nrouter.get("/v1/users", (ctx) => {});\n`,
      "shared/http/package.json": { name: "@platform/http", main: "index.js", dependencies: { "@koa/router": "*" } },
      "shared/http/index.js": `const Router = require("@koa/router");\nexports.router = new Router();\n`,
    });
    expect(services(result)).toEqual([["users", "services/users", ["workspace"]]]);
    expect(libraries(result)).toEqual([["http", "shared/http", "@platform/http"]]);
  });

  it("Lerna without packages falls back to packages/*", () => {
    const result = lintTree({
      "lerna.json": JSON.stringify({ version: "1.0.0" }),
      "packages/orders/package.json": { name: "orders", scripts: { start: "node index.js" }, dependencies: { fastify: "*" } },
      "packages/orders/index.js": "module.exports = {};\n",
    });
    expect(services(result)).toEqual([["orders", "packages/orders", ["workspace"]]]);
  });

  it("Rush: rush.json projects (JSON with comments) are workspace members; a folder rush.json does not list is not", () => {
    const result = lintTree({
      "rush.json": `{
  // rush.json is JSON with comments
  "rushVersion": "5.140.0",
  "projects": [
    { "packageName": "@bank/ledger", "projectFolder": "apps/ledger" },
    { "packageName": "@bank/money", "projectFolder": "libraries/money" },
  ],
}
`,
      "apps/ledger/package.json": { name: "@bank/ledger", scripts: { start: "node lib/start.js" }, dependencies: { fastify: "*", "@bank/money": "workspace:*" } },
      "apps/ledger/src/start.ts": "export {};\n",
      "libraries/money/package.json": { name: "@bank/money", main: "lib/index.js", dependencies: {} },
      "libraries/money/src/index.ts": "export {};\n",
      "tools/replay/package.json": { name: "replay", scripts: { start: "node index.js" }, dependencies: { express: "*" } },
      "tools/replay/index.js": "module.exports = {};\n",
    });
    expect(services(result)).toEqual([
      ["ledger", "apps/ledger", ["workspace"]],
      ["replay", "tools/replay", ["package"]],
    ]);
    expect(libraries(result)).toEqual([["money", "libraries/money", "@bank/money"]]);
  });

  it("npm workspaces in the object form, yarn-style; the root with a server and a start script is still no service", () => {
    const result = lintTree({
      "package.json": { name: "root", private: true, workspaces: { packages: ["services/*"], nohoist: [] }, scripts: { start: "npm run start --workspaces" }, dependencies: { express: "*" } },
      ...service("services/cart", ["express"], { "src/server.ts": "export {};\n" }),
      ...service("services/search", ["fastify"], { "src/server.ts": "export {};\n" }),
    });
    expect(services(result)).toEqual([
      ["cart", "services/cart", ["workspace"]],
      ["search", "services/search", ["workspace"]],
    ]);
  });

  it("no workspaces: a root package that only starts the services inside it is no service", () => {
    const result = lintTree({
      "package.json": { name: "shop", scripts: { start: 'concurrently "npm start --prefix auth" "npm start --prefix orders"' }, dependencies: { express: "*", concurrently: "*" } },
      "scripts/seed.js": "module.exports = {};\n",
      ...service("auth", ["express"], { "src/server.ts": "export {};\n" }),
      ...service("orders", ["express"], { "src/server.ts": "export {};\n" }),
    });
    expect(services(result)).toEqual([
      ["auth", "auth", ["package"]],
      ["orders", "orders", ["package"]],
    ]);
  });

  it("no workspaces: a root package that starts a file of its own stays a service beside the one inside it", () => {
    const result = lintTree({
      "package.json": { name: "shop", scripts: { start: "node dist/app.js" }, dependencies: { express: "*" } },
      "src/app.ts": expressRoute("/v1/products"),
      "worker/package.json": { name: "shop-worker", scripts: { start: "node index.js" }, dependencies: { kafkajs: "*" } },
      "worker/index.js": "module.exports = {};\n",
    });
    expect(services(result)).toEqual([
      ["shop", "", ["package"]],
      ["shop-worker", "worker", ["package"]],
    ]);
  });

  it("pnpm: a negated pattern leaves a package out of the workspace, but it is still found by its package.json", () => {
    const result = lintTree({
      "pnpm-workspace.yaml": "packages:\n  - 'apps/**'\n  - '!apps/legacy'\n",
      "package.json": { name: "root", private: true },
      ...service("apps/checkout", ["hono", "@hono/node-server"], { "src/index.ts": "export {};\n" }),
      ...service("apps/legacy", ["express"], { "src/server.ts": "export {};\n" }),
    });
    expect(services(result)).toEqual([
      ["checkout", "apps/checkout", ["workspace"]],
      ["legacy", "apps/legacy", ["package"]],
    ]);
  });
});

/** Services each in a folder with their own package.json, no workspaces, sharing a published `common` package. */
function separatePackages(common: object): Tree {
  return {
    "auth/package.json": { name: "auth", scripts: { start: "ts-node-dev src/index.ts" }, dependencies: { express: "*", "@tix/common": "^1.0.0" } },
    "auth/src/index.ts": expressRoute("/api/users/signin"),
    "tickets/package.json": { name: "tickets", scripts: { start: "ts-node-dev src/index.ts" }, dependencies: { express: "*", "@tix/common": "^1.0.0", "node-nats-streaming": "*" } },
    "tickets/src/index.ts": expressRoute("/api/tickets"),
    "common/package.json": common,
    "common/src/index.ts": `export * from "./middlewares/current-user";\n`,
    "common/src/middlewares/current-user.ts": `import type { Request, Response, NextFunction } from "express";\nexport const currentUser = (req: Request, res: Response, next: NextFunction) => next();\n`,
  };
}

describe("[I] Serverless Framework services", () => {
  it("a folder whose serverless.yml or serverless.ts declares functions is a service, server dependency or not; its library's database is its own too", () => {
    const result = lintTree({
      "package.json": { name: "kiln", private: true, workspaces: ["packages/*"] },
      "packages/store/package.json": { name: "@kiln/store", main: "src/index.ts", dependencies: { pg: "*" } },
      "packages/store/src/index.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: "postgres://pg:5432/kiln" });\n`,
      "packages/web/package.json": { name: "@kiln/web", scripts: { start: "node src/server.js" }, dependencies: { express: "*", "@kiln/store": "*" } },
      "packages/web/src/server.js": `const express = require("express");\nconst { pool } = require("@kiln/store");\nconst app = express();\napp.get("/v1/pots", async (req, res) => res.json(await pool.query("select * from pots")));\napp.listen(3000);\n`,
      // An SQS consumer: no server dependency, started by `sls offline`.
      "packages/firing/package.json": { name: "@kiln/firing", scripts: { start: "sls offline start" }, dependencies: { "@kiln/store": "*" } },
      "packages/firing/serverless.yml": "service: firing-queue\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  fire:\n    handler: handler.fire\n    events:\n      - sqs:\n          arn: !GetAtt [Batches, Arn]\n",
      "packages/firing/handler.ts": `import { pool } from "@kiln/store";\nexport const fire = async (event: { Records: { body: string }[] }) => {\n  for (const record of event.Records) await pool.query("update pots set fired = true where id = $1", [record.body]);\n};\n`,
      // The TypeScript form, in a folder with no package.json: named by its written service name.
      "stacks/glaze/serverless.ts": `const config = {\n  service: "glaze",\n  provider: { name: "aws" },\n  functions: { mix: { handler: "mix.handler" } },\n};\nexport default config;\n`,
      "stacks/glaze/mix.ts": "export const handler = async () => ({ statusCode: 200 });\n",
      // No functions: a plugin's or resources-only stack, no service.
      "stacks/tables/serverless.yml": "service: tables\nresources:\n  Resources: {}\n",
    });
    expect(services(result)).toEqual([
      ["firing", "packages/firing", ["serverless"]],
      ["glaze", "stacks/glaze", ["serverless"]],
      ["web", "packages/web", ["workspace"]],
    ]);
    expect(result.model.services.find((s) => s.name === "firing")?.location).toEqual({ file: "packages/firing/serverless.yml", line: 5, column: 1 });
    expect(result.model.datastores.map((d) => [d.service, d.identity])).toEqual([
      ["firing", "postgres://pg:5432/kiln"],
      ["web", "postgres://pg:5432/kiln"],
    ]);
    expect(result.findings.filter((f) => f.ruleId === "shared-database").map((f) => f.message)).toEqual([expect.stringMatching(/^firing and web connect to the same datastore postgres:\/\/pg:5432\/kiln/)]);
  });
});

describe("[I] what is not a service", () => {
  it("a published common package with express and a main, imported by the services by name, is a library", () => {
    const result = lintTree(
      separatePackages({
        name: "@tix/common",
        version: "1.0.5",
        main: "./build/index.js",
        types: "./build/index.d.ts",
        files: ["build/**/*"],
        scripts: { clean: "del ./build/*", build: "npm run clean && tsc", pub: "git add . && npm version patch && npm run build && npm publish" },
        dependencies: { express: "*", "express-validator": "*", "cookie-session": "*", jsonwebtoken: "*", "node-nats-streaming": "*" },
      }),
    );
    expect(services(result)).toEqual([
      ["auth", "auth", ["package"]],
      ["tickets", "tickets", ["package"]],
    ]);
    expect(libraries(result)).toEqual([["common", "common", "@tix/common"]]);
    expect(result.model.fileService["common/src/middlewares/current-user.ts"]).toBeUndefined();
  });

  it("imported by name alone is enough: no library fields, a dev script that only watches the compiler", () => {
    const result = lintTree(separatePackages({ name: "@tix/common", main: "src/index.ts", scripts: { dev: "tsc --watch", build: "rimraf build && tsc" }, dependencies: { express: "*" } }));
    expect(libraries(result)).toEqual([["common", "common", "@tix/common"]]);
    expect(services(result).map(([name]) => name)).toEqual(["auth", "tickets"]);
  });

  it("library fields alone are enough: express only as a peer, a publishConfig, imported by nobody here", () => {
    const result = lintTree({
      ...service("orders", ["express"], { "src/server.ts": "export {};\n" }),
      "middleware/package.json": { name: "@acme/express-kit", main: "dist/index.js", publishConfig: { access: "public" }, peerDependencies: { express: "*" } },
      "middleware/src/index.ts": "export {};\n",
    });
    expect(services(result)).toEqual([["orders", "orders", ["package"]]]);
    expect(libraries(result)).toEqual([["express-kit", "middleware", "@acme/express-kit"]]);
  });

  it("a package with a start script and a server dependency stays a service, even when another package imports it", () => {
    const result = lintTree({
      "gateway/package.json": { name: "gateway", scripts: { start: "node index.js" }, dependencies: { express: "*", users: "file:../users" } },
      "gateway/index.js": expressRoute("/v1/gateway"),
      "users/package.json": { name: "users", main: "index.js", types: "index.d.ts", scripts: { start: "NODE_ENV=production node index.js" }, dependencies: { express: "*" } },
      "users/index.js": expressRoute("/v1/users"),
    });
    expect(services(result)).toEqual([
      ["gateway", "gateway", ["package"]],
      ["users", "users", ["package"]],
    ]);
    expect(libraries(result)).toEqual([]);
  });

  it("a shared workspace package with start scripts that only run a barrel of re-exports is a library; its connection is each user's (acc15a)", () => {
    const app = (name: string, port: number) => ({
      [`apps/${name}/package.json`]: { name: `@dock/${name}`, scripts: { start: "node dist/main.js", dev: "tsx watch src/main.ts" }, dependencies: { "@dock/kit": "workspace:*" } },
      [`apps/${name}/src/main.ts`]: `import { web, db } from "@dock/kit";\nconst app = web();\napp.get("/v1/${name}", (req, res) => res.end());\ndb.open(process.env.STORE_URL as string).then(() => app.listen(${port}));\n`,
    });
    const tree = (entry: string) => ({
      "package.json": { name: "dock", private: true, workspaces: ["apps/*", "packages/*"] },
      "packages/kit/package.json": { name: "@dock/kit", main: "./dist/index.js", scripts: { start: "node dist/index.js", dev: "tsx watch src/index.ts", build: "tsc" }, dependencies: { express: "*", mongoose: "*" } },
      "packages/kit/src/index.ts": entry,
      "packages/kit/src/db.ts": `import mongoose from "mongoose";\nexport async function open(url: string) {\n  await mongoose.connect(url);\n}\n`,
      ...app("cranes", 4001),
      ...app("berths", 4002),
      "docker-compose.yml": "services:\n  cranes:\n    build:\n      context: .\n      dockerfile: apps/cranes/Dockerfile\n    environment:\n      MONGO_URL: mongodb://store:27017/cranes\n  berths:\n    build:\n      context: .\n      dockerfile: apps/berths/Dockerfile\n    environment:\n      MONGO_URL: mongodb://store:27017/berths\n  store:\n    image: mongo:7\n",
      "apps/cranes/Dockerfile": "FROM node:22\nCOPY . .\nCMD [\"node\", \"apps/cranes/dist/main.js\"]\n",
      "apps/berths/Dockerfile": "FROM node:22\nCOPY . .\nCMD [\"node\", \"apps/berths/dist/main.js\"]\n",
    });
    const result = lintTree(tree(`import express, { Router } from "express";\nimport * as db from "./db";\nexport type { Request } from "express";\nexport { express as web, Router, db };\n`));
    expect(services(result)).toEqual([
      ["berths", "apps/berths", ["compose"]],
      ["cranes", "apps/cranes", ["compose"]],
    ]);
    expect(libraries(result)).toEqual([["kit", "packages/kit", "@dock/kit"]]);
    // The library's connection is opened by each service with its own environment: two databases on one server.
    expect(result.model.datastores.map((d) => [d.service, d.identity])).toEqual([
      ["berths", "mongodb://store:27017/berths"],
      ["cranes", "mongodb://store:27017/cranes"],
    ]);
    // A barrel that starts a server itself is a service's entry, whoever imports it.
    const serving = lintTree(tree(`import express from "express";\nexport { express };\nexpress().listen(4000);\n`));
    expect(services(serving).map(([name]) => name)).toContain("kit");
  });

  it("a shared package the services depend on, whose start script runs a CommonJS barrel (requires, settings loaded, module.exports of requires), is a library", () => {
    const tree = (entry: string) =>
      lintTree({
        "docker-compose.yml": `services:\n  tills:\n    build: ./tills\n`,
        "tills/package.json": { name: "tills", main: "server.js", dependencies: { express: "*", common: "file:../common" } },
        "tills/server.js": `const express = require("express");\nconst { session } = require("common");\nconst app = express();\napp.get("/v1/tills", session.guard, (req, res) => res.json([]));\napp.listen(3100);\n`,
        "common/package.json": { name: "common", main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*", jsonwebtoken: "*" } },
        "common/index.js": entry,
        "common/guards/session.js": `const jwt = require("jsonwebtoken");\nexports.guard = (req, res, next) => (jwt.verify(req.headers.authorization, "k") ? next() : res.status(401).end());\n`,
      });
    const barrel = `"use strict";\nconst dotenv = require("dotenv");\nconst path = require("path");\ndotenv.config({ path: path.join(__dirname, ".env") });\nmodule.exports = {\n  session: require("./guards/session"),\n  path,\n};\n`;
    expect(services(tree(barrel)).map(([name]) => name)).toEqual(["tills"]);
    expect(libraries(tree(barrel)).map(([name]) => name)).toEqual(["common"]);
    // A file that does something of its own (listens) is an entry.
    expect(services(tree(`${barrel}require("express")().listen(3200);\n`)).map(([name]) => name)).toContain("common");
  });

  it("packages in the folder a templated Dockerfile builds (ARG APP, COPY apps/$APP) are deployed services, whatever their server", () => {
    const app = (name: string) => ({
      [`apps/${name}/package.json`]: { name, scripts: { start: "node src/main.js" }, dependencies: { "body-parser": "*" } },
      [`apps/${name}/src/main.js`]: `const http = require("../../../shared/src/http");\nhttp.serve(${name === "ledger" ? 4001 : 4002});\n`,
    });
    const tree = (dockerfile: string) =>
      lintTree({
        ...app("ledger"),
        ...app("notices"),
        "tools/package.json": { name: "tools", bin: { deploy: "cli.js" }, scripts: { start: "node cli.js" } },
        "tools/cli.js": "console.log('deploy');\n",
        "shared/package.json": { name: "shared", main: "src/http.js", dependencies: { express: "*" } },
        "shared/src/http.js": `const express = require("express");\nexports.serve = (port) => express().listen(port);\n`,
        "Dockerfile.app": dockerfile,
      });
    const templated = "FROM node:22-alpine\nARG APP\nWORKDIR /code\nCOPY shared /code/shared\nCOPY apps/$APP /code/apps/$APP\nRUN cd apps/$APP && npm ci\nWORKDIR /code/apps/$APP\nCMD [\"npm\", \"start\"]\n";
    // (shared, a package with a server that nothing imports by name, is read as before: the computed require is not followed.)
    const found = services(tree(templated)).map(([name, root]) => `${name} ${root}`);
    expect(found.filter((entry) => !entry.startsWith("shared "))).toEqual(["ledger apps/ledger", "notices apps/notices"]);
    // An argument with a default names one folder, which the build places as usual; no argument, no template.
    expect(services(tree(templated.replace("ARG APP", "ARG APP=ledger"))).map(([name]) => name)).not.toContain("notices");
    expect(services(tree(templated.replace(/\$APP/g, "ledger").replace("ARG APP\n", ""))).map(([name]) => name)).not.toContain("notices");
  });

  it("a package whose start script runs a broker's set-up script (Kafka topics created with the admin client, then exit) is a tool, not a service", () => {
    const tree = (admin: string) =>
      lintTree({
        ...service("billing", ["kafkajs", "express"], { "src/server.ts": `import express from "express";\nimport { Kafka } from "kafkajs";\nconst consumer = new Kafka({ brokers: ["kafka:9092"] }).consumer({ groupId: "billing" });\nawait consumer.subscribe({ topic: "orders" });\nexpress().listen(3000);\n` }),
        "kafka-setup/package.json": { name: "kafka-setup", main: "admin.js", scripts: { start: "node admin.js" }, dependencies: { kafkajs: "*" } },
        "kafka-setup/admin.js": admin,
      });
    const setup = `const { Kafka } = require("kafkajs");\nconst admin = new Kafka({ brokers: ["localhost:9092"] }).admin();\n(async () => {\n  await admin.connect();\n  await admin.createTopics({ topics: [{ topic: "orders" }] });\n  await admin.disconnect();\n})();\n`;
    expect(services(tree(setup)).map(([name]) => name)).toEqual(["billing"]);
    // The same package consuming what it created is a service.
    const consuming = setup.replace("  await admin.disconnect();\n", "  const consumer = new Kafka({ brokers: [\"localhost:9092\"] }).consumer({ groupId: \"audit\" });\n  await consumer.subscribe({ topic: \"orders\" });\n");
    expect(consuming).not.toBe(setup);
    expect(services(tree(consuming)).map(([name]) => name)).toEqual(["billing", "kafka-setup"]);
  });

  it("a worker whose only broker client is kafka-node or sqs-consumer is a service; one that only creates the topics through its own wrapper is a tool (acc21a)", () => {
    const result = lintTree({
      ...service("storefront", ["express"], { "src/server.ts": expressRoute("/v1/carts") }),
      "ledger/package.json": { name: "ledger", scripts: { start: "node src/main.js" }, dependencies: { "kafka-node": "*" } },
      "ledger/src/main.js": `const kafka = require("kafka-node");\nconst client = new kafka.KafkaClient({ kafkaHost: process.env.KAFKA_HOST });\nnew kafka.Consumer(client, [{ topic: "carts" }]).on("message", (m) => console.log(m.value));\n`,
      "mailer/package.json": { name: "mailer", scripts: { start: "node poll.js" }, dependencies: { "sqs-consumer": "*" } },
      "mailer/poll.js": `const { Consumer } = require("sqs-consumer");\nConsumer.create({ queueUrl: process.env.QUEUE_URL, handleMessage: async (m) => console.log(m.Body) }).start();\n`,
      "topics/package.json": { name: "topics", scripts: { start: "node make.js" }, dependencies: { "kafka-node": "*" } },
      "topics/make.js": `const Admin = require("./admin");\nnew Admin().createTopic([{ topic: "carts", partitions: 1 }]).then(() => console.log("made"));\n`,
      "topics/admin.js": `const kafka = require("kafka-node");\nmodule.exports = class { createTopic(list) { return new Promise((ok) => new kafka.KafkaClient().createTopics(list, ok)); } };\n`,
    });
    expect(services(result)).toEqual([
      ["ledger", "ledger", ["package"]],
      ["mailer", "mailer", ["package"]],
      ["storefront", "storefront", ["package"]],
    ]);
    // A set-up tool is known for one: it is not said to depend on no broker client.
    expect(result.diagnostics.filter((d) => d.message.includes("no deployment file runs it"))).toEqual([]);
  });

  it("a top-level package that starts a file of its own beside top-level services, with no server among its dependencies, is said not to be checked (acc21a)", () => {
    const tree = (withServices: boolean) =>
      lintTree({
        ...(withServices ? service("storefront", ["express"], { "src/server.ts": expressRoute("/v1/carts") }) : {}),
        ...(withServices ? { "ledger/package.json": { name: "ledger", scripts: { start: "node src/main.js" }, dependencies: { "kafka-node": "*" } }, "ledger/src/main.js": "module.exports = {};\n" } : {}),
        // Its consumer comes from a third folder it requires by path: its own dependencies name no broker.
        "refunds/package.json": { name: "refunds", scripts: { dev: "node src/app.js" }, dependencies: { mongoose: "*" } },
        "refunds/src/app.js": `const Consumer = require("../../bus/consumer");\nnew Consumer().listen("refunds");\n`,
        "bus/consumer.js": "module.exports = class { listen() {} };\n",
        // A folder of micro-frontends with workspaces of its own, whose dev script starts them: a monorepo's root, not a program.
        "web/package.json": { name: "web", private: true, workspaces: ["shell", "cart"], scripts: { dev: "node scripts/dev.mjs" } },
        "web/turbo.json": "{}",
        "web/scripts/dev.mjs": "console.log('starting the front ends');\n",
        "web/shell/package.json": { name: "shell", scripts: { dev: "vite" }, dependencies: { react: "*", "react-dom": "*", vite: "*" } },
        "web/shell/src/main.tsx": "export {};\n",
      });
    const said = (withServices: boolean) => tree(withServices).diagnostics.filter((d) => d.message.includes("no deployment file runs it")).map((d) => d.message);
    expect(said(true)).toEqual([expect.stringMatching(/^refunds \(refunds\) starts with `node src\/app.js` beside services in the repository's top, but depends on no server or consumer arch-lint knows/)]);
    // Alone at the top, nothing says what a service would look like beside it.
    expect(said(false)).toEqual([]);
  });

  it("a scratch package with a broker client, npm init's main naming no file and scripts that run its files, is neither a service nor a library", () => {
    const result = lintTree({
      ...service("orders", ["express"], { "src/server.ts": "export {};\n" }),
      "nats-test/package.json": {
        name: "nats-test",
        main: "index.js",
        scripts: { publish: "ts-node-dev --rs --notify false src/publisher.ts", listen: "ts-node-dev --rs --notify false src/listener.ts" },
        dependencies: { "node-nats-streaming": "*", "ts-node-dev": "*" },
      },
      "nats-test/src/publisher.ts": "export {};\n",
      "nats-test/src/listener.ts": "export {};\n",
    });
    expect(services(result)).toEqual([["orders", "orders", ["package"]]]);
    expect(libraries(result)).toEqual([]);
  });

  it("a browser front end nobody imports (react-dom, parcel, only a watch script) is neither a service nor a library", () => {
    const result = lintTree({
      ...service("gateway", ["@apollo/server", "express"], { "src/server.ts": "export {};\n" }),
      "classifieds/package.json": { name: "classifieds", main: "index.js", scripts: { watch: "parcel --port=7001 src/index.html" }, dependencies: { react: "*", "react-dom": "*", "parcel-bundler": "*" } },
      "classifieds/src/index.js": "export {};\n",
    });
    expect(services(result)).toEqual([["gateway", "gateway", ["package"]]]);
    expect(libraries(result)).toEqual([]);
  });

  it("a browser front end inside the folder of the top's service is not that service's code: its calls and routes are nobody's", () => {
    const result = lintTree({
      "package.json": { name: "storefront", scripts: { start: "node server.js" }, dependencies: { express: "*" } },
      "server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/status", (req, res) => res.json({ ok: true }));\napp.listen(3000);\n`,
      "docker-compose.yml": "services:\n  storefront:\n    build: .\n  pricing:\n    build: ./pricing\n",
      ...service("pricing", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/prices/:id", (req, res) => res.json({}));\napp.listen(3000);\n` }),
      "shop-ui/package.json": { name: "shop-ui", scripts: { dev: "next dev", build: "next build" }, dependencies: { next: "*", react: "*", "react-dom": "*" } },
      "shop-ui/pages/api/price.ts": `export default async function handler(req: any, res: any) {\n  const answer = await fetch("http://localhost:3000/v1/prices/" + req.query.id);\n  res.json(await answer.json());\n}\n`,
      "shop-ui/components/Price.tsx": `export async function loadPrice(id: string) {\n  return fetch(\`http://localhost:3000/v1/prices/\${id}\`);\n}\n`,
    });
    expect(services(result).map(([name]) => name)).toEqual(["pricing", "storefront"]);
    expect(result.model.calls.map((call) => `${call.service} ${call.location.file}`)).toEqual([]);
    expect(result.findings.filter((f) => f.location.file.includes("shop-ui"))).toEqual([]);
  });

  it("a browser front end that compose runs is no service; one its Dockerfile serves with nginx stays a node not scanned", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  api:\n    build: ./api\n  client:\n    build: ./client\n  admin:\n    build: ./admin\n  dashboard:\n    build: ./apps/dashboard\n",
      ...service("api", ["express"], { "src/server.ts": "export {};\n" }),
      "client/package.json": { name: "client", scripts: { dev: "next" }, dependencies: { next: "*", react: "*", "react-dom": "*", axios: "*" } },
      "client/pages/index.js": "export default function Home() { return null; }\n",
      "client/Dockerfile": "FROM node:24-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"npm\", \"run\", \"dev\"]\n",
      "admin/package.json": { name: "admin", scripts: { start: "vite", build: "vite build" }, dependencies: { vue: "*" }, devDependencies: { vite: "*" } },
      "admin/src/main.js": "export {};\n",
      "admin/Dockerfile": "FROM node:24 AS build\nCOPY . .\nRUN npm ci && npm run build\nFROM nginx:1.27\nCOPY --from=build /dist /usr/share/nginx/html\n",
      "nx.json": "{}",
      "apps/dashboard/project.json": JSON.stringify({ name: "dashboard", projectType: "application", targets: { serve: { executor: "@nx/vite:dev-server" } } }),
      "apps/dashboard/src/main.tsx": "export {};\n",
    });
    expect(result.model.services.map((s) => [s.name, s.root, s.language ?? null])).toEqual([
      ["admin", "admin", "nginx"],
      ["api", "api", null],
    ]);
    // The compose file names both front ends, so leaving them out is said, at their entries.
    expect(result.diagnostics.filter((d) => d.message.includes("browser front end")).map((d) => [d.kind, `${d.file}:${d.line}`, d.message.split(":")[0]])).toEqual([
      ["not-understood", "docker-compose.yml:4", "client (client) is a browser front end"],
      ["not-understood", "docker-compose.yml:8", "dashboard (apps/dashboard) is a browser front end"],
    ]);
  });

  it("an image whose only command is a bundler's dev server, its app's package copied in from a folder below, is a front end, not a service", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  shop:\n    build: ./shop\n  web:\n    build: ./web\n  console:\n    build: ./console\n",
      ...service("shop", ["express"], { "src/server.ts": `import express from "express";\nexpress().get("/v1/items", (req, res) => res.json([])).listen(3000);\n` }),
      "web/Dockerfile": "FROM node:22\nCOPY /storefront /src\nWORKDIR /src\nRUN npm install\nCMD ng serve --host 0.0.0.0\n",
      "web/storefront/package.json": { name: "storefront", scripts: { start: "ng serve" }, dependencies: { "@angular/core": "*" } },
      "web/storefront/src/main.ts": "export {};\n",
      // A command that starts more than the dev server may serve an API: it stays a service.
      "console/Dockerfile": "FROM node:22\nCOPY . .\nCMD node api.js & vite\n",
      "console/api.js": `const express = require("express");\nexpress().get("/v1/state", (req, res) => res.json({})).listen(4000);\n`,
    });
    expect(result.model.services.map((s) => s.root)).toEqual(["console", "shop"]);
    expect(result.diagnostics.filter((d) => d.message.includes("browser front end")).map((d) => d.message.split(":")[0])).toEqual(["web (web) is a browser front end"]);
  });

  it("a browser front end's fetches are no calls between services: not counted in the summary line or the JSON report", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  api:\n    build: ./api\n  client:\n    build: ./client\n",
      ...service("api", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/items", async (req, res) => res.json(await (await fetch("http://stock:3000/v1/levels")).json()));\napp.listen(3000);\n` }),
      "client/package.json": { name: "client", scripts: { dev: "next" }, dependencies: { next: "*", react: "*", "react-dom": "*" } },
      "client/pages/index.js": `export async function getItems() { return (await fetch(\`\${process.env.NEXT_PUBLIC_API_URL}/v1/items\`)).json(); }\nexport default function Home() { return null; }\n`,
    });
    expect(summarize(result.model, result.diagnostics)).toContain("1 sync call (1 not resolved to a service)");
    const report = JSON.parse(REPORTERS.get("json")!(result, { cwd: ".", color: false, toolVersion: "test" })) as { summary: { calls: number; unresolvedCalls: number } };
    expect([report.summary.calls, report.summary.unresolvedCalls]).toEqual([1, 1]);
  });

  it("a package inside a deployed service's folder that nothing deploys, run only by hand (pub, listen), is a tool: no service, said", () => {
    const tree = (scripts: Record<string, string>): Tree => ({
      "docker-compose.yml": "services:\n  tickets:\n    build: ./tickets\n",
      ...service("tickets", ["express", "node-nats-streaming"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/tickets", (req, res) => res.json([]));\napp.listen(3000);\n` }),
      "tickets/probe/package.json": { name: "probe", main: "src/listener.ts", scripts, dependencies: { "node-nats-streaming": "*" } },
      "tickets/probe/src/listener.ts": `import nats from "node-nats-streaming";\nconst stan = nats.connect("ticketing", "probe", { url: "http://localhost:4222" });\nstan.on("connect", () => stan.subscribe("ticket:created"));\n`,
    });
    const byHand = lintTree(tree({ pub: "ts-node-dev src/publisher.ts", listen: "ts-node-dev src/listener.ts" }));
    expect(byHand.model.services.map((s) => s.name)).toEqual(["tickets"]);
    expect(byHand.diagnostics.filter((d) => d.message.startsWith("probe ")).map((d) => d.message.split(":")[0])).toEqual(["probe (tickets/probe) is a package inside tickets's folder that nothing deploys, with no Dockerfile and no start script (only pub, listen)"]);
    // A start script says it is run as a program: a service (a worker kept in the service's folder).
    expect(lintTree(tree({ start: "node dist/listener.js" })).model.services.map((s) => s.name).sort()).toEqual(["probe", "tickets"]);
  });

  it("a Vue app whose express is only the devDependency of its dev server, run by compose, is a front end: no service", () => {
    const result = lintTree({
      "docker-compose.json": JSON.stringify({ services: { backend: { build: "./api" }, game: { build: "./frontend/game" } } }),
      ...service("api", ["express"], { "src/server.ts": "export {};\n" }),
      "frontend/game/package.json": { name: "vue-game", scripts: { dev: "node build/dev-server.js", start: "node build/dev-server.js" }, dependencies: { vue: "*", vuex: "*" }, devDependencies: { express: "*", webpack: "*" } },
      "frontend/game/build/dev-server.js": `const express = require("express");\nconst app = express();\napp.use(express.static("dist"));\napp.listen(8080);\n`,
      "frontend/game/src/main.js": "export {};\n",
    });
    // docker-compose.json is read as compose files are: its entry names the api's service.
    expect(result.model.services.map((s) => [s.name, s.root, s.sources])).toEqual([["backend", "api", ["package", "compose"]]]);
    expect(result.diagnostics.filter((d) => d.message.includes("browser front end")).map((d) => d.message.split(":")[0])).toEqual(["game (frontend/game) is a browser front end"]);
  });

  it("a compose entry the others wait for to complete (a one-shot code generator) is no service; one they wait for to start is", () => {
    const result = lintTree({
      "pnpm-workspace.yaml": "packages:\n  - 'svc/*'\n",
      "package.json": { name: "loom", private: true },
      "svc/weaver/package.json": { name: "weaver", scripts: { start: "node main.js" }, dependencies: { express: "*" } },
      "svc/weaver/main.js": `require("express")().get("/v1/cloth", (req, res) => res.end()).listen(3000);\n`,
      "svc/dyer/package.json": { name: "dyer", scripts: { start: "node main.js" }, dependencies: { fastify: "*" } },
      "svc/dyer/main.js": `require("fastify")().get("/v1/colours", async () => []).listen({ port: 3001 });\n`,
      "svc/patterns/package.json": { name: "patterns", scripts: { generate: "bash gen.sh" }, dependencies: { "ts-proto": "*" } },
      "svc/patterns/gen.sh": "protoc --ts_proto_out=. *.proto\n",
      "svc/patterns/index.ts": "export {};\n",
      "infra/docker-compose.yml":
        "services:\n  weaver:\n    build: ../svc/weaver\n    depends_on:\n      patterns:\n        condition: service_completed_successfully\n      dyer:\n        condition: service_started\n  dyer:\n    build: ../svc/dyer\n    depends_on:\n      patterns:\n        condition: service_completed_successfully\n  patterns:\n    build: ../svc/patterns\n    command: npm run generate\n",
    });
    expect(services(result)).toEqual([
      ["dyer", "svc/dyer", ["workspace", "compose"]],
      ["weaver", "svc/weaver", ["workspace", "compose"]],
    ]);
  });

  it("a compose entry whose command only keeps the container idle (tail -f /dev/null, sleep infinity) is a toolbox to exec into, no service (acc13c)", () => {
    const result = lintTree({
      "package.json": { name: "relay", private: true, workspaces: ["packages/*"] },
      "packages/gate/package.json": { name: "gate", scripts: { start: "node main.js" }, dependencies: { fastify: "*" } },
      "packages/gate/main.js": `require("fastify")().get("/v1/mail", async () => []).listen({ port: 3000 });\n`,
      "packages/gate/Dockerfile": "FROM node:22\nCMD node packages/gate/main.js\n",
      "packages/tools/package.json": { name: "tools", scripts: { cli: "node cli.js" }, dependencies: { yargs: "*" } },
      "packages/tools/cli.js": `require("yargs").command("seed", "seed the data").parse();\n`,
      "packages/tools/Dockerfile": "FROM node:22\nENTRYPOINT [\"./tools.sh\"]\n",
      "packages/shell/package.json": { name: "shell", scripts: { cli: "node cli.js" } },
      "packages/shell/cli.js": "console.log(1);\n",
      "packages/shell/Dockerfile": "FROM node:22\n",
      "docker-compose.yml":
        "services:\n  gate:\n    build:\n      context: .\n      dockerfile: ./packages/gate/Dockerfile\n" +
        "  tools:\n    build:\n      context: .\n      dockerfile: ./packages/tools/Dockerfile\n    entrypoint: []\n    command: tail -f /dev/null\n    tty: true\n" +
        "  shell:\n    build:\n      context: .\n      dockerfile: ./packages/shell/Dockerfile\n    command: [\"sh\", \"-c\", \"sleep infinity\"]\n",
    });
    expect(services(result)).toEqual([["gate", "packages/gate", ["workspace", "compose"]]]);
  });

  it("a compose entry whose command only runs migrations or seeds from a service's image is a one-shot job: the service's entry keeps the package (acc16a)", () => {
    const gateway = `import { NestFactory } from "@nestjs/core";\nimport { Module } from "@nestjs/common";\n@Module({})\nclass M {}\nNestFactory.create(M).then((app) => app.listen(3000));\n`;
    const result = lintTree({
      "package.json": { name: "hive", private: true, scripts: { "db:migrate": "typeorm migration:run -d db.js", "seed-all": "node seed.js" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*" } },
      "nest-cli.json": JSON.stringify({ monorepo: true, projects: { keeper: { type: "application", root: "apps/keeper" }, drone: { type: "application", root: "apps/drone" } } }),
      "apps/keeper/src/main.ts": gateway,
      "apps/keeper/Dockerfile": "FROM node:22\nCOPY . .\nCMD node dist/apps/keeper/main\n",
      "apps/drone/src/main.ts": gateway,
      "apps/drone/Dockerfile": "FROM node:22\nCOPY . .\nCMD node dist/apps/drone/main\n",
      "docker-compose.yml":
        "services:\n" +
        // Listed first, as the repositories we read list them: the jobs run before the services.
        "  schema:\n    build:\n      context: .\n      dockerfile: ./apps/keeper/Dockerfile\n    command: npm run db:migrate\n" +
        "  honey:\n    build:\n      context: .\n      dockerfile: ./apps/drone/Dockerfile\n    command: [\"sh\", \"-c\", \"npx prisma migrate deploy\"]\n" +
        "  keeper:\n    build:\n      context: .\n      dockerfile: ./apps/keeper/Dockerfile\n    command: npm run start:dev keeper\n" +
        "  drone:\n    build:\n      context: .\n      dockerfile: ./apps/drone/Dockerfile\n    command: sh -c \"npm run db:migrate && node dist/apps/drone/main\"\n" +
        "  filler:\n    build:\n      context: .\n      dockerfile: ./apps/drone/Dockerfile\n    command: yarn seed-all\n",
    });
    // `drone` migrates and then starts the server: a service. The three that only migrate or seed are jobs.
    expect(services(result)).toEqual([
      ["drone", "apps/drone", ["nest-cli", "compose"]],
      ["keeper", "apps/keeper", ["nest-cli", "compose"]],
    ]);
  });

  it("a compose command that runs a migration tool and then starts the app (`bash -c \"npx prisma migrate deploy && npm start\"`) is the service, not a one-shot job", () => {
    const result = lintTree({
      "ledger/package.json": { name: "ledger", scripts: { start: "node server.js" }, dependencies: { express: "*", "@prisma/client": "*" } },
      "ledger/server.js": `require("express")().get("/v1/entries", (req, res) => res.json([])).listen(3000);\n`,
      "ledger/Dockerfile": "FROM node:22\nCOPY . .\nCMD npm start\n",
      "docker-compose.yml":
        "services:\n" +
        "  books:\n    build: ./ledger\n    command: bash -c \"npx prisma migrate deploy && npm start\"\n    environment:\n      AUDIT_URL: http://audit:4000\n" +
        "  books-schema:\n    build: ./ledger\n    command: bash -c \"npx prisma migrate deploy\"\n",
    });
    // The words of a command lose the shell's `&&`: read as one migration, `books` was a job and ledger lost its compose entry.
    expect(services(result)).toEqual([["books", "ledger", ["package", "compose"]]]);
  });

  it("a compose command written as a list of whole command lines (`[\"yarn sequelize db:migrate\", \"yarn start\"]`) migrates and then starts: the service", () => {
    const result = lintTree({
      "catalog/package.json": { name: "catalog", scripts: { start: "node server.js" }, dependencies: { express: "*", sequelize: "*" } },
      "catalog/server.js": `require("express")().get("/v1/titles", (req, res) => res.json([])).listen(3000);\n`,
      "catalog/Dockerfile": "FROM node:22\nCOPY . .\nCMD npm start\n",
      "docker-compose.yml":
        "services:\n" +
        "  titles:\n    build: ./catalog\n    command:\n      - yarn sequelize db:migrate\n      - yarn start\n" +
        "  titles-schema:\n    build: ./catalog\n    command: [\"yarn\", \"sequelize\", \"db:migrate\"]\n",
    });
    // Its words read as one migration made `titles` a job; the exec form split into words (`titles-schema`) still is one.
    expect(services(result)).toEqual([["titles", "catalog", ["package", "compose"]]]);
  });

  it("a package that serves with the native `grpc` package (grpc-js's predecessor) and nothing deploys is a service", () => {
    const result = lintTree({
      "billing/package.json": { name: "billing", scripts: { start: "node src/index.js" }, dependencies: { grpc: "^1.24.3", "@grpc/proto-loader": "*" } },
      "billing/src/index.js": `const grpc = require("grpc");\nconst server = new grpc.Server();\nserver.bind("0.0.0.0:5000", grpc.ServerCredentials.createInsecure());\nserver.start();\n`,
    });
    expect(services(result).map(([name]) => name)).toEqual(["billing"]);
  });

  it("a compose entry that runs a prebuilt image named with a leading service word (`image: service_ledger`, `svc-audit`) is the folder of that name's service", () => {
    const app = (port: number) => `require("express")().get("/v1/items", (req, res) => res.json([])).listen(${port});\n`;
    const result = lintTree({
      "services/ledger/package.json": { name: "ledger", scripts: { start: "node server.js" }, dependencies: { express: "*" } },
      "services/ledger/server.js": app(3000),
      "services/ledger/Dockerfile": "FROM node:22\nCOPY . .\nCMD npm start\n",
      "services/audit/package.json": { name: "audit", scripts: { start: "node server.js" }, dependencies: { express: "*" } },
      "services/audit/server.js": app(3100),
      "services/audit/Dockerfile": "FROM node:22\nCOPY . .\nCMD npm start\n",
      "docker-compose.yml": "services:\n  service-ledger:\n    image: service_ledger\n    ports: ['3000:3000']\n  service-audit:\n    image: svc-audit:1.2\n",
    });
    expect(services(result)).toEqual([
      ["service-audit", "services/audit", ["package", "compose"]],
      ["service-ledger", "services/ledger", ["package", "compose"]],
    ]);
  });

  it("an express server that only hands out a bundled single-page app (its UI framework a devDependency, a bundler config beside it) is a front end, also when compose runs it", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  desk:\n    build: ./desk\n  ledger:\n    build: ./ledger\n",
      "desk/package.json": { name: "desk", scripts: { start: "node server.js", build: "vite build" }, dependencies: { express: "*" }, devDependencies: { vue: "*", vite: "*" } },
      "desk/server.js": `const express = require("express");\nconst app = express();\napp.use(express.static(__dirname + "/dist"));\napp.listen(process.env.PORT || 8080);\n`,
      "desk/vite.config.ts": "export default {};\n",
      "desk/src/main.ts": `fetch("/api/ledger/entries");\n`,
      // A backend whose vite.config.ts configures vitest, with no UI framework: still a service.
      "ledger/package.json": { name: "ledger", scripts: { start: "node src/main.js" }, dependencies: { express: "*" }, devDependencies: { vite: "*", vitest: "*" } },
      "ledger/src/main.js": `require("express")().get("/v1/entries", (req, res) => res.json([])).listen(3000);\n`,
      "ledger/vite.config.ts": "export default { test: {} };\n",
      // A server-rendered app with its UI framework at run time stays what it was (a service: it renders on the server).
      "press/package.json": { name: "press", scripts: { start: "node server.js" }, dependencies: { express: "*", "react-dom": "*", react: "*" } },
      "press/server.js": `require("express")().get("/v1/pages", (req, res) => res.end()).listen(3100);\n`,
      "press/vite.config.ts": "export default {};\n",
    });
    expect(services(result)).toEqual([
      ["ledger", "ledger", ["package", "compose"]],
      ["press", "press", ["package"]],
    ]);
  });

  it("a command-line tool (bin) nobody imports is neither a service nor a library", () => {
    const result = lintTree({
      ...service("orders", ["express"], { "src/server.ts": "export {};\n" }),
      "tools/replay/package.json": { name: "replay-events", bin: { "replay-events": "bin/replay.js" }, dependencies: { commander: "*" } },
      "tools/replay/bin/replay.js": "#!/usr/bin/env node\n",
      "tools/cli-lib/package.json": { name: "cli-lib", bin: "cli.js", types: "index.d.ts" },
      "tools/cli-lib/cli.js": "#!/usr/bin/env node\n",
    });
    expect(services(result)).toEqual([["orders", "orders", ["package"]]]);
    expect(libraries(result)).toEqual([["cli-lib", "tools/cli-lib", "cli-lib"]]);
  });

  it("a server package with an entry and no start script (its Dockerfile starts it) is a service when nothing imports it", () => {
    const result = lintTree(service("inventory", ["fastify"], { "src/server.ts": "export {};\n" }));
    expect(services(result)).toEqual([["inventory", "inventory", ["package"]]]);
    expect(libraries(result)).toEqual([]);
  });
});

describe("[I] odd monorepo files", () => {
  it("never throw: each is read as far as it makes sense, with a diagnostic where it does not", () => {
    const result = lintTree({
      "package.json": { name: "odd", workspaces: { packages: "apps/*" }, scripts: { start: 42, dev: null } },
      "nest-cli.json": JSON.stringify({ monorepo: true, projects: ["auth"] }),
      "nx.json": "[1, 2]",
      "workspace.json": JSON.stringify({ projects: { a: null, b: 7, c: { root: 5 } } }),
      "lerna.json": JSON.stringify({ packages: "services/*" }),
      "rush.json": JSON.stringify({ projects: [null, { projectFolder: 3 }, "x"] }),
      "turbo.json": "not json at all",
      "apps/x/project.json": "[]",
      ...service("packages/api", ["express"], { "src/server.ts": "export {};\n" }),
    });
    expect(services(result)).toEqual([["api", "packages/api", ["workspace"]]]);
    expect(configDiagnostics(result)).toEqual([
      "apps/x/project.json:0 project.json is not a JSON object",
      "nest-cli.json:0 nest-cli.json projects is not an object of named projects; no project read from it",
      "nx.json:0 nx.json is not a JSON object",
      "workspace.json:1 workspace.json projects.c has no root inside the repository; the project is left out",
    ]);
  });
});

describe("[I] two services never share a name", () => {
  it("packages named alike get the shortest tail of their folder that tells them apart", () => {
    const result = lintTree({
      ...service("services/users/api", ["express"], { "src/server.ts": "export {};\n" }),
      ...service("services/orders/api", ["express"], { "src/server.ts": "export {};\n" }),
      ...service("services/users/worker", ["kafkajs"], { "src/server.ts": "export {};\n" }),
    });
    expect(services(result)).toEqual([
      ["orders-api", "services/orders/api", ["package"]],
      ["users-api", "services/users/api", ["package"]],
      ["worker", "services/users/worker", ["package"]],
    ]);
  });

  it("every package.json says \"name\": \"server\" (a course repository): the folder names them", () => {
    const server = (dir: string): Tree => ({
      [`${dir}/package.json`]: { name: "server", scripts: { start: "node index.js" }, dependencies: { express: "*" } },
      [`${dir}/index.js`]: "module.exports = {};\n",
    });
    const result = lintTree({ ...server("auth"), ...server("orders"), ...server("payments") });
    expect(services(result).map(([name, root]) => [name, root])).toEqual([
      ["auth", "auth"],
      ["orders", "orders"],
      ["payments", "payments"],
    ]);
  });

  it("the service at the root keeps its name; each other one goes up its folders until its name is free", () => {
    const result = lintTree({
      "package.json": { name: "api", scripts: { start: "node src/server.js" }, dependencies: { express: "*" } },
      "src/server.js": "module.exports = {};\n",
      ...service("tools/api", ["express"], { "src/server.ts": "export {};\n" }),
      ...service("tools/api-admin", ["express"], { "src/server.ts": "export {};\n" }),
      "tools/api-admin/package.json": { name: "api", main: "src/server.ts", dependencies: { express: "*" } },
    });
    expect(services(result).map(([name, root]) => [name, root])).toEqual([
      ["api", ""],
      ["api-admin", "tools/api-admin"],
      ["tools-api", "tools/api"],
    ]);
  });

  it("compose files of two folders that both call their service \"api\"", () => {
    const result = lintTree({
      "shop/docker-compose.yml": "services:\n  api:\n    build: ./api\n",
      "shop/api/server.js": "module.exports = {};\n",
      "blog/docker-compose.yml": "services:\n  api:\n    build: ./api\n",
      "blog/api/server.js": "module.exports = {};\n",
    });
    expect(services(result).map(([name, root]) => [name, root])).toEqual([
      ["blog-api", "blog/api"],
      ["shop-api", "shop/api"],
    ]);
    expect(new Set(result.model.services.map((s) => s.name)).size).toBe(result.model.services.length);
  });
});

describe("[I] an API gateway package whose only server dependency is a gateway library", () => {
  it("fast-gateway and express-gateway packages are services beside the ones they front", () => {
    const result = lintTree({
      ...service("order", ["express"], { "index.js": expressRoute("/order-list") }),
      "gateway/package.json": { name: "gateway", main: "index.js", scripts: { start: "node index.js" }, dependencies: { "fast-gateway": "*" } },
      "gateway/index.js": `const gateway = require("fast-gateway");\nconst server = gateway({ routes: [{ prefix: "/order", target: "http://localhost:8081" }] });\nserver.start(8080);\n`,
      "edge/package.json": { name: "edge", main: "server.js", dependencies: { "express-gateway": "*" } },
      "edge/server.js": `require("express-gateway")().load(__dirname + "/config").run();\n`,
    }, { only: "unversioned-route" });
    expect(services(result)).toEqual([
      ["edge", "edge", ["package"]],
      ["gateway", "gateway", ["package"]],
      ["order", "order", ["package"]],
    ]);
  });
});

describe("[I] package.json committed mid-merge (acc13d)", () => {
  const conflicted = (name: string) =>
    `{\n  "name": "${name}",\n  "scripts": { "start": "node index.js" },\n  "dependencies": {\n<<<<<<< HEAD\n=======\n    "axios": "^1.7.0",\n>>>>>>> 1a2b3c4\n    "express": "^5.0.0"\n  }\n}\n`;

  it("is read as the first side of each conflict, with a diagnostic naming the line; the folder stays its own service", () => {
    const result = lintTree({
      "shop/package.json": { name: "shop", scripts: { start: "node index.js" }, dependencies: { express: "*" } },
      "shop/index.js": expressRoute("/"),
      "shop/accounts/package.json": conflicted("accounts"),
      "shop/accounts/index.js": expressRoute("/login"),
    });
    expect(services(result)).toEqual([
      ["accounts", "shop/accounts", ["package"]],
      ["shop", "shop", ["package"]],
    ]);
    expect(configDiagnostics(result)).toEqual(["shop/accounts/package.json:5 package.json holds merge-conflict markers (line 5): read as the first side of each conflict; resolve the conflict and commit the file"]);
  });

  it("markers that do not pair up, or sides that are neither JSON, stay the not-valid-JSON diagnostic and never stop the scan", () => {
    const result = lintTree({
      "a/package.json": `{\n<<<<<<< HEAD\n  "name": "a"\n}\n`,
      "b/package.json": `{\n<<<<<<< HEAD\n  "name": "b",\n=======\n  "name": "b2"\n>>>>>>> x\n`,
      "c/package.json": `{\n<<<<<<< HEAD\n  "name": "c",\n||||||| base\n  "name": "c0",\n=======\n  "name": "c1",\n>>>>>>> x\n  "main": "index.js"\n}\n`,
    });
    const messages = configDiagnostics(result);
    expect(messages.filter((m) => m.startsWith("a/package.json:0 package.json is not valid JSON: ") && !m.includes("markers"))).toHaveLength(1);
    expect(messages.filter((m) => m.startsWith("b/package.json:0 package.json is not valid JSON: ") && m.endsWith("(it holds merge-conflict markers)"))).toHaveLength(1);
    expect(messages).toContain("c/package.json:2 package.json holds merge-conflict markers (line 2): read as the first side of each conflict; resolve the conflict and commit the file");
  });
});

describe("[I] a package.json that wraps a program in another language (acc13f)", () => {
  const tree: Tree = {
    "package.json": { name: "campus", private: true, workspaces: ["apps/*"] },
    "apps/rooms/package.json": { name: "rooms", scripts: { start: "node src/index.js" }, dependencies: { express: "*" } },
    "apps/rooms/src/index.js": "const express = require('express');\nconst app = express();\napp.get('/v1/rooms', (req, res) => res.json([]));\napp.listen(3000);\n",
    // A FastAPI app the workspace's task runner starts through its package.json.
    "apps/scoring/package.json": { name: "scoring", private: true, scripts: { install: "pip install -r requirements.txt", "start:dev": "venv\\Scripts\\python.exe -m app.main" } },
    "apps/scoring/requirements.txt": "fastapi\nuvicorn\n",
    "apps/scoring/.env.example": "REDIS_HOST=localhost\n",
    // Python that only lints or builds docs is no service.
    "apps/docs/package.json": { name: "docs", private: true, scripts: { build: "python -m mkdocs build" } },
    "apps/docs/requirements.txt": "mkdocs\n",
  };

  it("is a service of that language, not scanned, with its environment", () => {
    const result = lintTree(tree);
    expect(result.model.services.map((s) => [s.name, s.root, s.language ?? ""])).toEqual([
      ["rooms", "apps/rooms", ""],
      ["scoring", "apps/scoring", "python"],
    ]);
  });

  it("a script that runs no program of that language (a Go folder's `npm start` of node) says nothing", () => {
    const result = lintTree({ ...tree, "apps/scoring/package.json": { name: "scoring", scripts: { start: "node wrapper.js" } }, "apps/scoring/wrapper.js": "console.log(1);\n" });
    expect(result.model.services.map((s) => s.name)).not.toContain("scoring");
  });
});

describe("[I] packages started by a Makefile's run target (acc13f)", () => {
  const makefile = (target: string, file = "src/app/boot.ts") =>
    `include dev.env\nexport\n\nDEV_VARS := DB_NAME=\${LEDGER_DB} NODE_ENV=development\n\n.PHONY: ${target}\n${target}:\n\t\${DEV_VARS} npx nodemon \\\n\t\t--config ./nodemon.json \\\n\t\t-- \\\n\t\t\t--require ts-node/register \\\n\t\t-- ${file}\n\nlint:\n\tnpx eslint src\n`;
  const tree = (ledgerMakefile: string): Tree => ({
    "package.json": { name: "books", private: true, workspaces: ["packages/*", "services/*"] },
    // A shared package that lends the services their Koa server and starts nothing itself.
    "packages/server/package.json": { name: "@books/server", main: "src/index.ts", dependencies: { koa: "*" } },
    "packages/server/src/index.ts": "import Koa from \"koa\";\nexport const serve = (port: number) => new Koa().listen(port);\n",
    "services/ledger/package.json": { name: "@books/ledger", dependencies: { "@books/server": "*" } },
    "services/ledger/Makefile": ledgerMakefile,
    "services/ledger/src/app/boot.ts": "import { serve } from \"@books/server\";\nserve(8050);\n",
  });

  it("a `dev:` recipe that runs a file of the package with nodemon makes it a service", () => {
    const result = lintTree(tree(makefile("dev")));
    expect(result.model.services.map((s) => [s.name, s.root])).toEqual([["ledger", "services/ledger"]]);
  });

  it("a target that only lints or tests, or a file the package does not hold, starts nothing", () => {
    for (const written of [makefile("test"), makefile("dev", "src/app/missing.ts")]) {
      expect(lintTree(tree(written)).model.services.map((s) => s.name)).not.toContain("ledger");
    }
  });
});
