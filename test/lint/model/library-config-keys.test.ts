import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A NestJS library's DatabaseModule reads `configService.get("store.host")`: the key each service's own
 * `ConfigModule.forRoot({ load: [configuration] })` factory defines, rendered for each service that uses the library
 * (model/values.ts lookupConfig).
 */

const storeModule = [
  `import { Module } from "@nestjs/common";`,
  `import { ConfigService } from "@nestjs/config";`,
  `import { TypeOrmModule } from "@nestjs/typeorm";`,
  `@Module({`,
  `  imports: [`,
  `    TypeOrmModule.forRootAsync({`,
  `      useFactory: (configService: ConfigService) => ({ type: "postgres", host: configService.get("store.host"), port: configService.get("store.port"), database: configService.get("store.name") }),`,
  `      inject: [ConfigService],`,
  `    }),`,
  `  ],`,
  `})`,
  `export class StoreModule {}`,
  ``,
].join("\n");

const configuration = (name: string) => `export default () => ({\n  store: {\n    host: process.env.STORE_HOST || "localhost",\n    port: process.env.STORE_PORT || 5432,\n    name: process.env.STORE_NAME || "${name}",\n  },\n});\n`;

const appModule = (configFrom: string) =>
  `import { Module } from "@nestjs/common";\nimport { ConfigModule } from "@nestjs/config";\nimport { StoreModule } from "@till/store";\nimport configuration from "${configFrom}";\n@Module({ imports: [ConfigModule.forRoot({ isGlobal: true, load: [configuration] }), StoreModule] })\nexport class AppModule {}\n`;

const main = `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`;

function repo(apps: Record<string, { module: string; config?: string }>): Tree {
  const tree: Tree = {
    "package.json": { name: "till", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*", "@nestjs/config": "*", "@nestjs/typeorm": "*", typeorm: "*", pg: "*" } },
    "tsconfig.json": { compilerOptions: { baseUrl: "./", paths: { "@till/store": ["libs/store/src"] } } },
    "nest-cli.json": {
      monorepo: true,
      projects: {
        ...Object.fromEntries(Object.keys(apps).map((name) => [name, { type: "application", root: `apps/${name}`, sourceRoot: `apps/${name}/src`, entryFile: "main" }])),
        store: { type: "library", root: "libs/store", sourceRoot: "libs/store/src", entryFile: "index" },
      },
    },
    "libs/store/src/index.ts": `export * from "./store.module";\n`,
    "libs/store/src/store.module.ts": storeModule,
  };
  for (const [name, app] of Object.entries(apps)) {
    tree[`apps/${name}/src/main.ts`] = main;
    tree[`apps/${name}/src/app.module.ts`] = app.module;
    if (app.config) tree[`apps/${name}/src/configuration.ts`] = app.config;
  }
  return tree;
}

describe("[I] a library's connection reads the config keys of each service that uses it", () => {
  it("each service's own factory: one database for both is shared, one each is not", () => {
    const shared = lintTree(repo({ ledger: { module: appModule("./configuration"), config: configuration("till") }, members: { module: appModule("./configuration"), config: configuration("till") } }), { only: "shared-database" });
    expect(shared.model.datastores.map((d) => `${d.service} ${d.identity}`)).toEqual(["ledger postgres://localhost:5432/till", "members postgres://localhost:5432/till"]);
    expect(shared.findings.map((f) => f.data?.services)).toEqual(["ledger,members"]);
    const apart = lintTree(repo({ ledger: { module: appModule("./configuration"), config: configuration("ledger") }, members: { module: appModule("./configuration"), config: configuration("members") } }), { only: "shared-database" });
    expect(apart.model.datastores.map((d) => `${d.service} ${d.identity}`)).toEqual(["ledger postgres://localhost:5432/ledger", "members postgres://localhost:5432/members"]);
    expect(apart.findings).toEqual([]);
  });

  it("a service that loads another app's factory reads that one", () => {
    const { model } = lintTree(
      repo({
        ledger: { module: appModule("./configuration"), config: configuration("ledger") },
        members: { module: appModule("./configuration"), config: configuration("members") },
        orders: { module: appModule("apps/members/src/configuration") },
      }),
      { only: "shared-database" },
    );
    expect(model.datastores.map((d) => `${d.service} ${d.identity}`)).toEqual(["ledger postgres://localhost:5432/ledger", "members postgres://localhost:5432/members", "orders postgres://localhost:5432/members"]);
  });
});
