import { describe, expect, it } from "vitest";
import type { LintResult } from "../../../src/lint/types.js";
import { lintTree } from "../helpers.js";

const summary = (result: LintResult) => result.model.services.map((s) => [s.name, s.root]).sort();

/**
 * A NestJS monorepo whose compose entries share one root Dockerfile and tell it which app to ship through a build arg
 * (`COPY ./out/apps/${TARGET_APP} .`); the CMD, the same in every image, names the process after one app only (a pm2
 * `--name` copied from the first entry). What the arg fills in is where the entries differ, so it places each.
 */
const shop = (dockerfile: string, compose: string) =>
  lintTree({
    "package.json": { name: "shop", scripts: { start: "nest start", build: "nest build" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@nestjs/microservices": "*" } },
    "nest-cli.json": JSON.stringify({
      monorepo: true,
      root: "apps/storefront",
      projects: {
        storefront: { type: "application", root: "apps/storefront", sourceRoot: "apps/storefront/src" },
        accounts: { type: "application", root: "apps/accounts", sourceRoot: "apps/accounts/src" },
        catalog: { type: "application", root: "apps/catalog", sourceRoot: "apps/catalog/src" },
      },
    }),
    "apps/storefront/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
    "apps/storefront/src/app.module.ts": `import { Module } from "@nestjs/common";\n@Module({})\nexport class AppModule {}\n`,
    "apps/accounts/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AccountsModule } from "./accounts.module";\nNestFactory.create(AccountsModule).then((app) => app.listen(3001));\n`,
    "apps/accounts/src/accounts.module.ts": `import { Module } from "@nestjs/common";\n@Module({})\nexport class AccountsModule {}\n`,
    "apps/catalog/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { CatalogModule } from "./catalog.module";\nNestFactory.create(CatalogModule).then((app) => app.listen(3002));\n`,
    "apps/catalog/src/catalog.module.ts": `import { Module } from "@nestjs/common";\n@Module({})\nexport class CatalogModule {}\n`,
    Dockerfile: dockerfile,
    "docker-compose.yml": compose,
  });

const entries =
  "services:\n  storefront:\n    build:\n      context: .\n      args:\n        TARGET_APP: storefront\n  member-api:\n    build:\n      context: .\n      dockerfile: ./Dockerfile\n      args:\n        - TARGET_APP=accounts\n  listing-worker:\n    build:\n      context: .\n      args:\n        TARGET_APP: catalog\n";

describe("[I] compose entries that share a Dockerfile and pick their app with a build arg", () => {
  it("places each entry at the app its build arg copies in, over a CMD every image shares", () => {
    const result = shop(`FROM node:22-alpine\nWORKDIR /srv\nARG TARGET_APP\nCOPY ./out/apps/\${TARGET_APP} .\nRUN npm install --omit=dev\nCMD ["pm2-runtime", "start", "main.js", "--name", "storefront"]\n`, entries);
    expect(summary(result)).toEqual([
      ["listing-worker", "apps/catalog"],
      ["member-api", "apps/accounts"],
      ["storefront", "apps/storefront"],
    ]);
  });

  it("leaves the shared words to decide when the arg names no app (a setting, not an app)", () => {
    const result = shop(
      `FROM node:22-alpine\nWORKDIR /srv\nARG TARGET_APP\nCOPY . .\nRUN npm install --omit=\${TARGET_APP}\nCMD ["node", "dist/apps/storefront/main.js"]\n`,
      "services:\n  storefront:\n    build:\n      context: .\n      args:\n        TARGET_APP: dev\n",
    );
    expect(summary(result)).toEqual([
      ["accounts", "apps/accounts"],
      ["catalog", "apps/catalog"],
      ["storefront", "apps/storefront"],
    ]);
  });
});
