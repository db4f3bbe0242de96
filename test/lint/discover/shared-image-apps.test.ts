import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * One compose entry builds the image of a NestJS monorepo and starts nothing (`base` with no command, its Dockerfile
 * with no CMD); the other entries run that image with a start script that takes the app from the entry's environment
 * (`command: ./run.sh`, `APP: billing`, the script running `npm run start:dev $APP`). A reader names the apps, under
 * the entries' names: before, the image's entry was a service of the whole repository and every other entry one more
 * service of it, beside the apps found from nest-cli.json.
 */

const app = (name: string) => ({
  [`apps/${name}/src/main.ts`]: `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nasync function boot() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nboot();\n`,
  [`apps/${name}/src/app.module.ts`]: `import { Module } from "@nestjs/common";\n@Module({})\nexport class AppModule {}\n`,
});

const entry = (name: string, app: string) => `  ${name}:\n    image: shop-base\n    command: ./run.sh\n    environment:\n      - APP=${app}\n    volumes:\n      - ./apps:/srv/apps:ro\n`;

const tree = (baseCommand = ""): Tree => ({
  "docker-compose.yml": `services:\n  base:\n    image: shop-base\n    build:\n      context: .\n${baseCommand}${entry("front", "edge")}${entry("billing", "billing")}${entry("shipping", "shipping")}`,
  Dockerfile: "FROM node:22-alpine\nWORKDIR /srv\nCOPY . .\nRUN npm ci\n",
  "run.sh": "#!/bin/sh\ncd /srv\nnpm run start:dev $APP\n",
  "package.json": { name: "shop", scripts: { "start:dev": "nest start --watch" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*" } },
  "nest-cli.json": {
    monorepo: true,
    root: "apps/edge",
    projects: {
      edge: { type: "application", root: "apps/edge", sourceRoot: "apps/edge/src", entryFile: "main" },
      billing: { type: "application", root: "apps/billing", sourceRoot: "apps/billing/src", entryFile: "main" },
      shipping: { type: "application", root: "apps/shipping", sourceRoot: "apps/shipping/src", entryFile: "main" },
    },
  },
  ...app("edge"),
  ...app("billing"),
  ...app("shipping"),
});

const services = (t: Tree) =>
  lintTree(t, { only: "shared-database" })
    .model.services.map((s) => `${s.name} ${s.root}`)
    .sort();

describe("[U] one image built once and run per app, the app named in each entry's environment", () => {
  it("each entry runs the app its variable names, under the entry's name; the image's own entry is no service", () => {
    expect(services(tree())).toEqual(["billing apps/billing", "front apps/edge", "shipping apps/shipping"]);
  });

  it("an image entry that starts something itself stays a service", () => {
    expect(services(tree("    command: node apps/edge/dist/main.js\n"))).toContain("base apps/edge");
  });
});
