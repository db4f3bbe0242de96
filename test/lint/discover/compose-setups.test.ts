import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * One folder with two compose files, each a setup of its own: docker-compose.yml for production names the entries
 * `services-ledger` and `services-mailer`, docker-compose.dev.yml names them `ledger` and `mailer`; both build the
 * same Dockerfiles. A reader names two services, not four: before, each production entry was one more service of
 * the app's folder, and its files were counted for the other one only.
 */

const app = (name: string) => ({
  [`apps/${name}/Dockerfile`]: `FROM node:22\nWORKDIR /srv\nCOPY . .\nRUN npm ci\nCMD ["node", "dist/apps/${name}/main.js"]\n`,
  [`apps/${name}/src/main.ts`]: `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nasync function boot() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nboot();\n`,
  [`apps/${name}/src/app.module.ts`]: `import { Module } from "@nestjs/common";\n@Module({})\nexport class AppModule {}\n`,
});

const entry = (name: string, app: string, command = "") => `  ${name}:\n    build:\n      context: .\n      dockerfile: apps/${app}/Dockerfile\n${command}`;

const tree = (prodWorker = ""): Tree => ({
  "docker-compose.yml": `services:\n${entry("services-ledger", "ledger")}${entry("services-mailer", "mailer")}${prodWorker}`,
  "docker-compose.dev.yml": `services:\n${entry("ledger", "ledger")}${entry("mailer", "mailer")}`,
  "package.json": { name: "platform", dependencies: { "@nestjs/core": "*", "@nestjs/common": "*" } },
  "nest-cli.json": {
    monorepo: true,
    root: "apps/ledger",
    projects: {
      ledger: { type: "application", root: "apps/ledger", sourceRoot: "apps/ledger/src", entryFile: "main" },
      mailer: { type: "application", root: "apps/mailer", sourceRoot: "apps/mailer/src", entryFile: "main" },
    },
  },
  ...app("ledger"),
  ...app("mailer"),
});

const services = (t: Tree) =>
  lintTree(t, { only: "shared-database" })
    .model.services.map((s) => `${s.name} ${s.root}`)
    .sort();

describe("[U] one app in two compose files, each file a setup of its own", () => {
  it("is one service, whatever each file names its entry", () => {
    expect(services(tree()).map((s) => s.split(" ")[1])).toEqual(["apps/ledger", "apps/mailer"]);
  });

  it("a second entry of one file that runs the same build is another container", () => {
    expect(services(tree(entry("ledger-worker", "ledger", "    command: node dist/apps/ledger/worker.js\n"))).map((s) => s.split(" ")[1])).toEqual(["apps/ledger", "apps/ledger", "apps/mailer"]);
  });
});

/**
 * One service's folder (a NestJS app with its own package.json) holding a compose file for development and one for
 * production: each builds the folder once, the production one through a Dockerfile of its own (`release.dockerfile`)
 * and under another name (`parcels_api` for `api`). Still one app set up two ways; a Dockerfile named after another
 * program (`Dockerfile.sweeper`) builds that program.
 */
const parcels = (extra: Tree = {}): Tree => ({
  "parcels/package.json": { name: "parcels", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*" } },
  "parcels/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
  "parcels/src/app.module.ts": `import { Module } from "@nestjs/common";\n@Module({})\nexport class AppModule {}\n`,
  "parcels/Dockerfile": `FROM node:22\nWORKDIR /srv\nCOPY . .\nRUN npm ci\nCMD ["npm", "run", "start:dev"]\n`,
  "parcels/release.dockerfile": `FROM node:22-slim\nWORKDIR /srv\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/main.js"]\n`,
  "parcels/docker-compose.yml": `services:\n  api:\n    build: .\n    ports:\n      - 8040:3000\n  parcels_db:\n    image: postgres:16\n`,
  "parcels/docker-compose.release.yml": `services:\n  parcels_api:\n    build:\n      context: .\n      dockerfile: release.dockerfile\n    image: acme/parcels:1.0.0\n`,
  ...extra,
});

describe("[U] a folder's one build in each of its compose files, through Dockerfiles that name no app", () => {
  it("is one service", () => {
    expect(services(parcels())).toHaveLength(1);
    expect(services(parcels())[0]).toMatch(/ parcels$/);
  });

  it("a Dockerfile named after a program builds that program: another service", () => {
    const sweeper = {
      "parcels/Dockerfile.sweeper": `FROM node:22-slim\nWORKDIR /srv\nCOPY . .\nCMD ["node", "dist/sweeper.js"]\n`,
      "parcels/docker-compose.release.yml": `services:\n  parcels_sweeper:\n    build:\n      context: .\n      dockerfile: Dockerfile.sweeper\n`,
    };
    expect(services(parcels(sweeper))).toEqual(["api parcels", "parcels_sweeper parcels"]);
  });
});
