import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * One compose entry that builds a NestJS monorepo from its top and starts every app from a shell script
 * (`ENTRYPOINT ["bash", "boot.sh"]`, the script running `npm run start:dev <app> &` for each): a dev container that
 * runs all of them. Counted as a service of the monorepo's folder, it was an extra service beside the apps and kept the
 * environment (the database URL) to itself.
 */

const app = (name: string, port: number) => ({
  [`platform/apps/${name}/src/main.ts`]: `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nasync function boot() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(${port});\n}\nboot();\n`,
  [`platform/apps/${name}/src/app.module.ts`]: `import { Module } from "@nestjs/common";\nimport { StoreModule } from "@app/common";\n@Module({ imports: [StoreModule] })\nexport class AppModule {}\n`,
});

const tree: Tree = {
  "docker-compose.yml": "services:\n  stack:\n    build:\n      context: ./platform\n    environment:\n      LEDGER_URL: mongodb://ledger-db:27017/ledger\n  ledger-db:\n    image: mongo:7\n",
  "platform/Dockerfile": 'FROM node:22\nWORKDIR /srv\nCOPY . .\nRUN npm ci\nENTRYPOINT ["/bin/bash", "boot.sh"]\n',
  "platform/boot.sh": "#!/bin/bash\n# every app in one container\nnpm run start:dev billing &\nnpm run start:dev shipping &\nwait\n",
  "platform/package.json": { name: "platform", scripts: { "start:dev": "nest start --watch" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@nestjs/mongoose": "*" } },
  "platform/nest-cli.json": {
    monorepo: true,
    root: "apps/billing",
    projects: {
      billing: { type: "application", root: "apps/billing", sourceRoot: "apps/billing/src", entryFile: "main" },
      shipping: { type: "application", root: "apps/shipping", sourceRoot: "apps/shipping/src", entryFile: "main" },
      common: { type: "library", root: "libs/common", sourceRoot: "libs/common/src" },
    },
  },
  "platform/tsconfig.json": { compilerOptions: { baseUrl: "./", paths: { "@app/common": ["libs/common/src"] } } },
  "platform/libs/common/src/index.ts": `export * from "./store.module";\n`,
  "platform/libs/common/src/store.module.ts": `import { Module } from "@nestjs/common";\nimport { MongooseModule } from "@nestjs/mongoose";\n@Module({ imports: [MongooseModule.forRoot(process.env.LEDGER_URL)] })\nexport class StoreModule {}\n`,
  ...app("billing", 3000),
  ...app("shipping", 3001),
};

describe("[U] a container whose start script starts several apps of its folder", () => {
  it("is no service: each app it starts gets its environment, said in a diagnostic", () => {
    const result = lintTree(tree, { only: "shared-database" });
    expect(result.model.services.map((s) => `${s.name} ${s.root}`).sort()).toEqual(["billing platform/apps/billing", "shipping platform/apps/shipping"]);
    expect(result.model.datastores.map((d) => `${d.service} ${d.identity}`).sort()).toEqual(["billing mongodb://ledger-db:27017/ledger", "shipping mongodb://ledger-db:27017/ledger"]);
    expect(result.findings.map((f) => f.message.split(" connect to")[0])).toEqual(["billing and shipping"]);
    expect(result.diagnostics.map((d) => d.message).filter((m) => m.includes("one by one"))).toEqual([
      'services.stack starts 2 apps of "platform" one by one (platform/boot.sh): platform/apps/billing, platform/apps/shipping; each gets its environment, and it is not counted as a service of its own (calls to the host stack are not tied to one of them)',
    ]);
  });

  it("a script that starts one app places the build on that app", () => {
    const one = { ...tree, "platform/boot.sh": "#!/bin/sh\nexec npm run start:dev shipping\n" };
    const result = lintTree(one, { only: "shared-database" });
    expect(result.model.services.map((s) => `${s.name} ${s.root}`).sort()).toEqual(["billing platform/apps/billing", "stack platform/apps/shipping"]);
  });

  it("a package script that runs the apps' own scripts side by side (concurrently, run-p) is such a start script too", () => {
    const dockerfile = 'FROM node:22\nWORKDIR /srv\nCOPY . .\nRUN npm ci\nCMD ["npm", "run", "start:all"]\n';
    const scripts = (all: string) => ({ "start:billing": "nest start billing", "start:shipping": "nest start shipping", "start:all": all });
    const withScripts = (all: string): Tree => ({
      ...tree,
      "platform/Dockerfile": dockerfile,
      "platform/package.json": { name: "platform", scripts: scripts(all), dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@nestjs/mongoose": "*" } },
    });
    for (const all of [`concurrently "npm run start:billing" "npm run start:shipping"`, "run-p start:billing start:shipping", "npm-run-all --parallel start:billing start:shipping"]) {
      const result = lintTree(withScripts(all), { only: "shared-database" });
      expect(result.model.services.map((s) => `${s.name} ${s.root}`).sort()).toEqual(["billing platform/apps/billing", "shipping platform/apps/shipping"]);
      expect(result.diagnostics.map((d) => d.message).filter((m) => m.includes("one by one"))).toEqual([
        'services.stack starts 2 apps of "platform" one by one (platform/package.json scripts.start:all): platform/apps/billing, platform/apps/shipping; each gets its environment, and it is not counted as a service of its own (calls to the host stack are not tied to one of them)',
      ]);
    }
  });
});
