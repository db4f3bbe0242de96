import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A NestJS monorepo whose catalog app holds a second nest-cli.json in its own src/ (what `nest generate app` leaves when
 * run in the wrong folder): it lists the app's module folders (`apps/shelves`, `apps/search`) as applications. The
 * catalog's entry imports those modules; neither has an entry of its own. Another folder it lists does (`apps/pricer`,
 * with src/main.ts): that one may run on its own.
 */
const nestApp = (module: string) => `import { NestFactory } from "@nestjs/core";\nimport { ${module} } from "./app.module";\nNestFactory.create(${module}).then((app) => app.listen(3000));\n`;
const moduleFile = (name: string, imports = "") => `import { Module } from "@nestjs/common";\n${imports}@Module({})\nexport class ${name} {}\n`;
const project = (root: string) => ({ type: "application", root, entryFile: "main", sourceRoot: `${root}/src` });

const shop = (extra: Tree = {}): Tree => ({
  "package.json": { name: "shop", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*" } },
  "nest-cli.json": { monorepo: true, root: "apps/gateway", projects: { gateway: project("apps/gateway"), catalog: project("apps/catalog") } },
  "apps/gateway/src/main.ts": nestApp("GatewayModule").replace("./app.module", "./gateway.module"),
  "apps/gateway/src/gateway.module.ts": moduleFile("GatewayModule"),
  "apps/catalog/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { ShelvesModule } from "./apps/shelves/shelves.module";\nNestFactory.create(ShelvesModule).then((app) => app.listen(3001));\n`,
  "apps/catalog/src/nest-cli.json": { monorepo: true, root: "apps/main", projects: { main: project("apps/main"), shelves: project("apps/shelves"), search: project("apps/search"), pricer: project("apps/pricer") } },
  "apps/catalog/src/apps/shelves/shelves.module.ts": moduleFile("ShelvesModule", `import { SearchModule } from "../search/search.module";\n`),
  "apps/catalog/src/apps/shelves/shelves.service.ts": `export class ShelvesService {}\n`,
  "apps/catalog/src/apps/search/search.module.ts": moduleFile("SearchModule"),
  "apps/catalog/src/apps/pricer/src/main.ts": nestApp("PricerModule"),
  "apps/catalog/src/apps/pricer/src/app.module.ts": moduleFile("PricerModule"),
  ...extra,
});

describe("[U] a nest-cli.json inside an app's own code, listing its module folders as applications", () => {
  it("takes the folders without an entry of their own as parts of the app; one with its own entry stays an app", () => {
    const result = lintTree(shop(), { only: "cross-service-import" });
    expect(result.model.services.map((s) => `${s.name} ${s.root}`).sort()).toEqual(["catalog apps/catalog", "gateway apps/gateway", "pricer apps/catalog/src/apps/pricer"]);
    // The app's modules import each other: no import across services.
    expect(result.findings).toEqual([]);
    expect(result.diagnostics.filter((d) => /taken as a part of catalog/.test(d.message)).map((d) => d.message.split(":")[0])).toEqual(["nest-cli.json project main", "nest-cli.json project shelves", "nest-cli.json project search"]);
  });

  it("a monorepo's own projects without an entry are not judged by this (they are another puzzle)", () => {
    const result = lintTree(shop({ "nest-cli.json": { monorepo: true, root: "apps/gateway", projects: { gateway: project("apps/gateway"), catalog: project("apps/catalog"), ledger: project("apps/ledger") } }, "apps/ledger/src/ledger.module.ts": moduleFile("LedgerModule") }), { only: "cross-service-import" });
    expect(result.model.services.map((s) => s.name).sort()).toEqual(["catalog", "gateway", "ledger", "pricer"]);
  });
});
