import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A shared entities package made with the Nest CLI's template and published for the services to install: it keeps the
 * template's `start` scripts (`nest start`, `node dist/main`), ships type declarations, and holds no src/main.ts. No
 * package.json of the repository names it (the services install the published copy), so only its own fields say what it is.
 */

const tree = (libraryFiles: Record<string, string>): Tree => ({
  "services/orders/package.json": { name: "orders", scripts: { start: "nest start", "start:prod": "node dist/main" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@nestjs/platform-express": "*" } },
  "services/orders/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { OrdersModule } from "./orders.module";\nNestFactory.create(OrdersModule).then((app) => app.listen(3000));\n`,
  "services/orders/src/orders.module.ts": `import { Controller, Get, Module } from "@nestjs/common";\n@Controller("v1/orders")\nexport class OrdersController {\n  @Get()\n  list() {\n    return [];\n  }\n}\n@Module({ controllers: [OrdersController] })\nexport class OrdersModule {}\n`,
  "shared/entities/package.json": { name: "@bakery/entities", main: "dist/index.js", types: "dist/index.d.ts", scripts: { build: "nest build", start: "nest start", "start:prod": "node dist/main" }, peerDependencies: { "@nestjs/common": "*", "@nestjs/core": "*", "@nestjs/platform-express": "*", typeorm: "*" } },
  ...Object.fromEntries(Object.entries(libraryFiles).map(([path, text]) => [`shared/entities/${path}`, text])),
});

const entity = `import { Column, Entity, PrimaryColumn } from "typeorm";\n@Entity()\nexport class Loaf {\n  @PrimaryColumn()\n  id!: string;\n  @Column()\n  flour!: string;\n}\n`;

describe("[U] a typed package whose start scripts run no file it holds", () => {
  it("is a library: the template's leftover scripts start nothing (acc26b)", () => {
    const result = lintTree(tree({ "src/index.ts": `export * from "./loaf.entity";\n`, "src/loaf.entity.ts": entity }));
    expect(result.model.services.map((s) => s.name)).toEqual(["orders"]);
  });

  it("a typed package started with `node -r source-map-support/register .` runs its main (a LoopBack app): a service", () => {
    const result = lintTree({
      ...tree({ "src/index.ts": `export * from "./loaf.entity";\n`, "src/loaf.entity.ts": entity }),
      "shop/package.json": { name: "shop", main: "dist/index.js", types: "dist/index.d.ts", scripts: { start: "node -r source-map-support/register ." }, dependencies: { express: "*" } },
      "shop/src/index.ts": `import express from "express";\nconst app = express();\napp.get("/v1/loaves", (req, res) => res.json([]));\napp.listen(3002);\n`,
    });
    expect(result.model.services.map((s) => s.name).sort()).toEqual(["orders", "shop"]);
  });

  // Written for this test: a workspace service whose package was copied from a library's (`types` kept) and whose scripts
  // name src/index.ts and dist/index.js, neither of which it has; it starts its server from src/server.ts.
  it("a typed package whose scripts name files it lacks but which keeps a server file (src/server.ts) is a service", () => {
    const result = lintTree({
      ...tree({ "src/index.ts": `export * from "./loaf.entity";\n`, "src/loaf.entity.ts": entity }),
      "ovens/package.json": { name: "ovens", main: "dist/index.js", types: "dist/index.d.ts", scripts: { start: "node dist/index.js", dev: "nodemon src/index.ts" }, dependencies: { express: "*" } },
      "ovens/src/app.ts": `import express from "express";\nconst app = express();\napp.get("/v1/ovens", (req, res) => res.json([]));\nexport default app;\n`,
      "ovens/src/server.ts": `import app from "./app";\napp.listen(process.env.PORT || 3004);\n`,
    });
    expect(result.model.services.map((s) => s.name).sort()).toEqual(["orders", "ovens"]);
  });

  it("one that holds the entry its scripts start stays a service", () => {
    const result = lintTree(tree({ "src/index.ts": `export * from "./loaf.entity";\n`, "src/loaf.entity.ts": entity, "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Module } from "@nestjs/common";\n@Module({})\nclass AppModule {}\nNestFactory.create(AppModule).then((app) => app.listen(3001));\n` }));
    expect(result.model.services.map((s) => s.name).sort()).toEqual(["entities", "orders"]);
  });
});
