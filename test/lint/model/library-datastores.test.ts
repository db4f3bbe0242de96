import { describe, expect, it } from "vitest";
import { facts, lintTree, service, type Tree } from "../helpers.js";

/**
 * A connection defined in a library belongs to every service that imports it,
 * resolved with that service's own environment, with the import as an evidence hop.
 */

const pool = `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`;

/** npm workspaces: apps/* are services, packages/db a library imported by its package name. */
const workspaceRepo = (urls: Record<string, string>): Tree => {
  const tree: Tree = {
    "package.json": { name: "shop", private: true, workspaces: ["apps/*", "packages/*"] },
    "packages/db/package.json": { name: "@shop/db", main: "src/index.ts", dependencies: { pg: "*" } },
    "packages/db/src/index.ts": pool,
  };
  for (const [name, url] of Object.entries(urls)) {
    Object.assign(
      tree,
      service(`apps/${name}`, ["express", "@shop/db"], {
        "src/server.ts": `import express from "express";\n\nimport { pool } from "@shop/db";\nexpress().get("/", async () => pool.query("select 1")).listen(3000);\n`,
        ".env": `DATABASE_URL=${url}\n`,
      }),
    );
  }
  return tree;
};

describe("[U] datastores of libraries", () => {
  it("a workspace library's connection is each importing service's, through its own env, with the import as the hop", () => {
    const { model, findings } = lintTree(workspaceRepo({ orders: "postgres://app:pw@db:5432/shop", users: "postgres://app:pw@db/shop" }));
    expect(model.libraries.map((library) => library.root)).toEqual(["packages/db"]);
    expect(model.fileService["packages/db/src/index.ts"]).toBeUndefined();
    expect(model.datastores.map(({ service, identity, via, location }) => ({ service, identity, via, file: location.file }))).toEqual([
      { service: "orders", identity: "postgres://db:5432/shop", via: [{ file: "apps/orders/src/server.ts", line: 3, column: 1 }], file: "packages/db/src/index.ts" },
      { service: "users", identity: "postgres://db:5432/shop", via: [{ file: "apps/users/src/server.ts", line: 3, column: 1 }], file: "packages/db/src/index.ts" },
    ]);
    const shared = findings.filter((finding) => finding.ruleId === "shared-database");
    expect(shared.map((finding) => finding.evidence.map((hop) => `${hop.location.file}:${hop.location.line} ${hop.message.split(" (")[0]}`))).toEqual([
      [
        "apps/orders/src/server.ts:3 orders imports packages/db/src/index.ts",
        "packages/db/src/index.ts:2 orders connects to postgres://db:5432/shop through pg",
        "apps/users/src/server.ts:3 users imports packages/db/src/index.ts",
        "packages/db/src/index.ts:2 users connects to postgres://db:5432/shop through pg",
      ],
    ]);
    expect(shared[0]!.message).toContain("orders at packages/db/src/index.ts:2 through apps/orders/src/server.ts:3");
  });

  it("each service's env says which database the library opens for it", () => {
    const { model, findings } = lintTree(workspaceRepo({ orders: "postgres://db:5432/orders", users: "postgres://db:5432/users" }));
    expect(model.datastores.map((store) => store.identity)).toEqual(["postgres://db:5432/orders", "postgres://db:5432/users"]);
    expect(findings.filter((finding) => finding.ruleId === "shared-database")).toEqual([]);
  });

  it("a library nobody imports opens nothing for anyone", () => {
    const tree = workspaceRepo({ orders: "postgres://db:5432/shop", users: "postgres://db:5432/shop" });
    for (const name of ["orders", "users"]) tree[`apps/${name}/src/server.ts`] = `import express from "express";\nexpress().listen(3000);\n`;
    expect(lintTree(tree).model.datastores).toEqual([]);
  });

  it("an import the service never uses brings nothing of the library (TypeScript drops it)", () => {
    const tree = workspaceRepo({ orders: "postgres://db:5432/shop", users: "postgres://db:5432/shop" });
    tree["apps/users/src/server.ts"] = `import express from "express";\n\nimport { pool } from "@shop/db";\n// not yet wired in\nexpress().listen(3000);\n`;
    const { model } = lintTree(tree);
    expect(model.datastores.map((store) => store.service)).toEqual(["orders"]);
  });

  it("a shared folder with no package.json, imported by relative path, belongs to its importers", () => {
    const tree: Tree = { "shared/db.ts": pool };
    for (const name of ["orders", "users"]) {
      Object.assign(tree, service(`services/${name}`, ["express", "pg"], { "src/server.ts": `import { pool } from "../../../shared/db";\nvoid pool;\n`, ".env": "DATABASE_URL=postgres://db/shop\n" }));
    }
    const { model } = lintTree(tree);
    expect(model.datastores.map((store) => [store.service, store.identity, store.via?.[0]?.file])).toEqual([
      ["orders", "postgres://db:5432/shop", "services/orders/src/server.ts"],
      ["users", "postgres://db:5432/shop", "services/users/src/server.ts"],
    ]);
  });

  it("a library's Prisma schema goes with the library's code to the services that import it", () => {
    const tree: Tree = {
      "package.json": { name: "shop", private: true, workspaces: ["apps/*", "packages/*"] },
      "packages/database/package.json": { name: "@shop/database", main: "src/index.ts", dependencies: { "@prisma/client": "*" } },
      "packages/database/prisma/schema.prisma": `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n`,
      "packages/database/src/index.ts": `import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n`,
      ...service("apps/api", ["express", "@shop/database"], {
        "src/server.ts": `import { prisma } from "@shop/database";\nvoid prisma;\n`,
        ".env": "DATABASE_URL=postgresql://app@db:5432/shop\n",
      }),
    };
    const { model } = lintTree(tree);
    expect(model.datastores.map((store) => [store.service, store.library, store.identity, store.via])).toEqual([
      ["api", "prisma", "postgres://db:5432/shop", [{ file: "apps/api/src/server.ts", line: 1, column: 1 }]],
    ]);
  });
});

describe("[U] unused imports", () => {
  it("an import whose name never appears after it is marked unused; a use anywhere later, even in a comment, counts", () => {
    const imports = facts(
      `import { DatabaseModule, RmqModule } from "@app/common";\nimport Db from "./db";\nconst { AuthModule } = require("@app/common");\nexport class OrdersModule {\n  imports = [RmqModule]; // DatabaseModuleOptions is not DatabaseModule's use... Db\n}\n`,
    ).imports;
    expect(imports.map((i) => [i.local, i.line, Boolean(i.unused)])).toEqual([
      ["DatabaseModule", 1, false],
      ["RmqModule", 1, false],
      ["Db", 2, false],
      ["AuthModule", 3, true],
    ]);
    expect(facts(`import { DatabaseModule } from "@app/common";\nexport const x = DatabaseModuleOptions;\n`).imports[0]?.unused).toBe(true);
  });
});

describe("[U] a NestJS options factory class opens a connection where a module is given it (acc13c)", () => {
  /** An Nx repo whose core library provides TypeOrmConfigService; only identity hands it to TypeOrmModule.forRootAsync. */
  const repo = (extra: Tree = {}): Tree => ({
    "package.json": { name: "tenancy", private: true, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@nestjs/typeorm": "*", typeorm: "*", pg: "*" } },
    "nx.json": "{}\n",
    "tsconfig.base.json": { compilerOptions: { paths: { "@tenancy/core": ["libs/core/src/index.ts"] } } },
    "libs/core/project.json": { name: "core", projectType: "library", sourceRoot: "libs/core/src" },
    "libs/core/src/index.ts": `export * from "./core.module";\nexport * from "./typeorm-options";\n`,
    "libs/core/src/core.module.ts": `import { Module } from "@nestjs/common";\nimport { TypeOrmOptions } from "./typeorm-options";\n@Module({ providers: [TypeOrmOptions], exports: [TypeOrmOptions] })\nexport class CoreModule {}\n`,
    "libs/core/src/typeorm-options.ts": `import { Injectable } from "@nestjs/common";\nimport { TypeOrmOptionsFactory } from "@nestjs/typeorm";\n@Injectable()\nexport class TypeOrmOptions implements TypeOrmOptionsFactory {\n  createTypeOrmOptions() {\n    return { type: "postgres" as const, host: process.env.PG_HOST, database: process.env.PG_DATABASE };\n  }\n}\n`,
    "apps/gateway/project.json": { name: "gateway", projectType: "application", sourceRoot: "apps/gateway/src" },
    "apps/gateway/src/main.ts": `import { Module } from "@nestjs/common";\nimport { NestFactory } from "@nestjs/core";\nimport { CoreModule } from "@tenancy/core";\n@Module({ imports: [CoreModule] })\nclass GatewayModule {}\nNestFactory.create(GatewayModule).then((app) => app.listen(3000));\n`,
    "apps/identity/project.json": { name: "identity", projectType: "application", sourceRoot: "apps/identity/src" },
    "apps/identity/src/main.ts": `import { Module } from "@nestjs/common";\nimport { NestFactory } from "@nestjs/core";\nimport { TypeOrmModule } from "@nestjs/typeorm";\nimport { CoreModule, TypeOrmOptions } from "@tenancy/core";\n@Module({ imports: [CoreModule, TypeOrmModule.forRootAsync({ imports: [CoreModule], useClass: TypeOrmOptions })] })\nclass IdentityModule {}\nNestFactory.create(IdentityModule).then((app) => app.listen(3001));\n`,
    ".env": "PG_HOST=pg\nPG_DATABASE=tenancy\n",
    ...extra,
  });

  it("gateway, which only provides the class through the core module, opens nothing; identity opens the database", () => {
    const result = lintTree(repo());
    expect(result.model.datastores.map((d) => [d.service, d.identity])).toEqual([["identity", "postgres://pg:5432/tenancy"]]);
    expect(result.findings.filter((f) => f.ruleId === "shared-database")).toEqual([]);
  });

  it("two services that both hand the class to a module share what it opens", () => {
    const result = lintTree(
      repo({
        "apps/gateway/src/main.ts": `import { Module } from "@nestjs/common";\nimport { NestFactory } from "@nestjs/core";\nimport { TypeOrmModule } from "@nestjs/typeorm";\nimport { CoreModule, TypeOrmOptions } from "@tenancy/core";\n@Module({ imports: [TypeOrmModule.forRootAsync({ useExisting: TypeOrmOptions })] })\nclass GatewayModule {}\nNestFactory.create(GatewayModule).then((app) => app.listen(3000));\n`,
      }),
    );
    expect(result.model.datastores.map((d) => [d.service, d.identity])).toEqual([
      ["gateway", "postgres://pg:5432/tenancy"],
      ["identity", "postgres://pg:5432/tenancy"],
    ]);
  });
});
