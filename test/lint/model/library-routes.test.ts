import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/** A route defined in a library is served by every service that imports it, with the import as its `via`. */

describe("[U] routes of libraries", () => {
  it("a NestJS health controller in libs/common, imported through its module by two apps, is a route of each, under each app's global prefix", () => {
    const app = (name: string, prefix: string, imported: string) =>
      service(`apps/${name}`, ["@nestjs/core", "@nestjs/common"], {
        "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nasync function main() {\n  const app = await NestFactory.create(AppModule);\n  app.setGlobalPrefix("${prefix}");\n  await app.listen(3000);\n}\nmain();\n`,
        "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { ${imported} } from "@app/common";\n@Module({ imports: [${imported}] })\nexport class AppModule {}\n`,
      });
    const tree: Tree = {
      "package.json": { name: "monorepo", private: true },
      "tsconfig.json": { compilerOptions: { baseUrl: ".", paths: { "@app/common": ["libs/common/src"] } } },
      "libs/common/package.json": { name: "@app/common", main: "src/index.ts" },
      "libs/common/src/index.ts": `export * from "./health/health.module";\nexport * from "./logger/logger.module";\n`,
      "libs/common/src/health/health.module.ts": `import { Module } from "@nestjs/common";\nimport { HealthController } from "./health.controller";\n@Module({ controllers: [HealthController] })\nexport class HealthModule {}\n`,
      "libs/common/src/health/health.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("health")\nexport class HealthController {\n  @Get()\n  check() {\n    return true;\n  }\n}\n`,
      "libs/common/src/logger/logger.module.ts": `import { Module } from "@nestjs/common";\n@Module({})\nexport class LoggerModule {}\n`,
      ...app("auth", "auth-api", "HealthModule"),
      ...app("orders", "orders-api", "HealthModule"),
      ...app("billing", "billing-api", "LoggerModule"),
    };
    const { model } = lintTree(tree);
    expect(model.routes.map((route) => [route.id, route.location.file, route.via?.[0]])).toEqual([
      ["auth GET /auth-api/health", "libs/common/src/health/health.controller.ts", { file: "apps/auth/src/app.module.ts", line: 2, column: 1 }],
      ["orders GET /orders-api/health", "libs/common/src/health/health.controller.ts", { file: "apps/orders/src/app.module.ts", line: 2, column: 1 }],
    ]);
  });

  it("an Express router in a shared package, mounted by two services at their own prefixes, gets each service's own mount only", () => {
    const tree: Tree = {
      "package.json": { name: "shop", private: true, workspaces: ["services/*", "packages/*"] },
      "packages/health/package.json": { name: "@shop/health", main: "src/index.ts", dependencies: { express: "*" } },
      "packages/health/src/index.ts": `import { Router } from "express";\nexport const healthRouter = Router();\nhealthRouter.get("/health", (_req, res) => res.send("ok"));\n`,
    };
    for (const [name, prefix] of [["orders", "/v1/orders"], ["users", "/v1/users"]]) {
      Object.assign(
        tree,
        service(`services/${name}`, ["express", "@shop/health"], {
          "src/server.ts": `import express from "express";\nimport { healthRouter } from "@shop/health";\nconst app = express();\napp.use("${prefix}", healthRouter);\napp.listen(3000);\n`,
        }),
      );
    }
    const { model } = lintTree(tree);
    expect(model.routes.map((route) => [route.id, route.mountChain.map((m) => m.file), route.via?.[0]?.file])).toEqual([
      ["orders GET /v1/orders/health", ["services/orders/src/server.ts"], "services/orders/src/server.ts"],
      ["users GET /v1/users/health", ["services/users/src/server.ts"], "services/users/src/server.ts"],
    ]);
  });
});

describe("[U] HTTP calls of libraries", () => {
  it("a client in a shared package is seen with the env of each service that imports it, and only those", () => {
    const tree: Tree = {
      "package.json": { name: "shop", private: true, workspaces: ["services/*", "packages/*"] },
      "packages/users-client/package.json": { name: "@shop/users-client", main: "src/index.ts" },
      "packages/users-client/src/index.ts": `export async function getUser(id: string) {\n  return fetch(\`\${process.env.USERS_URL}/v1/users/\${id}\`);\n}\n`,
      ...service("services/orders", ["express", "@shop/users-client"], {
        "src/server.ts": `import express from "express";\nimport { getUser } from "@shop/users-client";\nexpress().get("/v1/orders/:id", async (req) => getUser(req.params.id)).listen(3000);\n`,
        ".env": "USERS_URL=http://users:3000\n",
      }),
      ...service("services/users", ["express"], { "src/server.ts": `import express from "express";\nexpress().get("/v1/users/:id", (_req, res) => res.send("u")).listen(3000);\n` }),
      ...service("services/billing", ["express"], { "src/server.ts": `import express from "express";\nexpress().get("/v1/bills", (_req, res) => res.send("b")).listen(3000);\n` }),
    };
    const { model } = lintTree(tree);
    const call = model.calls.find((c) => c.location.file === "packages/users-client/src/index.ts")!;
    expect(Object.keys(call.perService ?? {})).toEqual(["orders"]);
    expect(call.perService?.orders).toMatchObject({ targetService: "users" });
  });
});
