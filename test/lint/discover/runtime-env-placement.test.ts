import { describe, expect, it } from "vitest";
import type { LintResult } from "../../../src/lint/types.js";
import { lintTree } from "../helpers.js";

const summary = (result: LintResult) => result.model.services.map((s) => [s.name, s.root]).sort();

/**
 * A NestJS monorepo built by one root Dockerfile whose ENV line gives the app a default (`ENV APP=${APP}` from `ARG
 * APP=front`) and whose CMD starts `dist/apps/$APP/main.js`; each compose entry sets APP in its environment, which is
 * what the container runs with. The ENV default names one app only.
 */
const store = (dockerfile: string, compose: string) =>
  lintTree({
    "package.json": { name: "store", scripts: { build: "nest build" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*" } },
    "nest-cli.json": JSON.stringify({
      monorepo: true,
      root: "apps/front",
      projects: {
        front: { type: "application", root: "apps/front", sourceRoot: "apps/front/src" },
        ledger: { type: "application", root: "apps/ledger", sourceRoot: "apps/ledger/src" },
        parcels: { type: "application", root: "apps/parcels", sourceRoot: "apps/parcels/src" },
      },
    }),
    ...Object.fromEntries(
      ["front", "ledger", "parcels"].flatMap((app, i) => [
        [`apps/${app}/src/main.ts`, `import { NestFactory } from "@nestjs/core";\nimport { RootModule } from "./root.module";\nNestFactory.create(RootModule).then((app) => app.listen(${4100 + i}));\n`],
        [`apps/${app}/src/root.module.ts`, `import { Module } from "@nestjs/common";\n@Module({})\nexport class RootModule {}\n`],
      ]),
    ),
    Dockerfile: dockerfile,
    "docker-compose.yml": compose,
  });

const dockerfile = `ARG APP=front\nFROM node:22-slim\nWORKDIR /srv\nCOPY . .\nRUN npm ci && npm run build\nENV APP=\${APP}\nCMD ["sh", "-c", "node dist/apps/$APP/main.js"]\n`;

const compose = [
  "x-app: &app",
  "  build:",
  "    context: .",
  "  environment: &env",
  "    LOG_LEVEL: info",
  "services:",
  "  front:",
  "    <<: *app",
  "    environment:",
  "      <<: *env",
  "      APP: front",
  "  money:",
  "    <<: *app",
  "    environment:",
  "      <<: *env",
  "      APP: ledger",
  "  shipping:",
  "    <<: *app",
  "    environment:",
  "      <<: *env",
  "      APP: parcels",
  "",
].join("\n");

describe("[I] a shared Dockerfile whose CMD reads a variable the compose entry sets over the image's ENV default", () => {
  it("places each entry at the app its own environment names", () => {
    expect(summary(store(dockerfile, compose))).toEqual([
      ["front", "apps/front"],
      ["money", "apps/ledger"],
      ["shipping", "apps/parcels"],
    ]);
  });

  it("keeps the ENV default for an entry that does not set the variable", () => {
    const result = store(dockerfile, "services:\n  web:\n    build: .\n    environment:\n      LOG_LEVEL: debug\n");
    expect(summary(result)).toContainEqual(["web", "apps/front"]);
  });
});

/**
 * A repository of apps in several languages, each built from the root by a Dockerfile named after it (`login.Dockerfile`
 * copying login/ into `/opt/svc/login`), with code-generation steps that write stubs named after the other apps
 * (`mkdir -p stubs/billing`). The folder the image works in is the app.
 */
const polyglot = () =>
  lintTree({
    "login/requirements.txt": "flask\n",
    "login/main.py": "print('login')\n",
    "billing/go.mod": "module billing\n",
    "billing/cmd/main.go": "package main\n",
    "web-events/package.json": { name: "web-events", scripts: { start: "node src/index.js" }, dependencies: { express: "*" } },
    "web-events/src/index.js": `const express = require("express");\nconst app = express();\napp.get("/v1/events", (req, res) => res.json([]));\napp.listen(5000);\n`,
    "login.Dockerfile": "FROM python:3.12-slim\nWORKDIR /opt/svc/login\nCOPY ./login .\nRUN pip install -r requirements.txt\nRUN mkdir -p stubs/billing\nCMD python main.py\n",
    "billing.Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /opt/svc/billing\nCOPY ./billing .\nRUN mkdir -p stubs/login && go build -o server ./cmd\nFROM gcr.io/distroless/base\nCOPY --from=build /opt/svc/billing/server /server\nCMD [\"/server\"]\n",
    "docker-compose.yml": [
      "services:",
      "  login-svc:",
      "    build:",
      "      context: .",
      "      dockerfile: login.Dockerfile",
      "  billing-svc:",
      "    build:",
      "      context: .",
      "      dockerfile: billing.Dockerfile",
      "  events:",
      "    build: ./web-events",
      "",
    ].join("\n"),
    "web-events/Dockerfile": "FROM node:22-slim\nCOPY . .\nCMD [\"node\", \"src/index.js\"]\n",
  });

describe("[I] images of other languages built from the repository's root", () => {
  it("places each at the folder of that language's code it works in", () => {
    expect(summary(polyglot())).toEqual([
      ["billing-svc", "billing"],
      ["events", "web-events"],
      ["login-svc", "login"],
    ]);
  });

  it("gives each its language", () => {
    const services = polyglot().model.services;
    expect(services.find((s) => s.name === "login-svc")?.language).toBe("python");
    expect(services.find((s) => s.name === "billing-svc")?.language).toBe("go");
  });
});

/**
 * A proxy folder with only its Dockerfile and template (`edge/Dockerfile`, an nginx image), built from the root by two
 * compose entries named for the stage they run (`edge-prod`, `edge-dev`): the folder named like them is what they build.
 */
describe("[I] entries named for a stage of the pipeline, built from the root with their folder's Dockerfile", () => {
  it("places each at the folder named like the entry without its stage", () => {
    const result = lintTree({
      "edge/Dockerfile": "FROM nginx:1.27-alpine\nCOPY edge/site.conf.template /etc/nginx/templates/default.conf.template\n",
      "edge/site.conf.template": "server { listen 80; location / { proxy_pass http://shop:3000; } }\n",
      "shop/package.json": { name: "shop", scripts: { start: "node server.js" }, dependencies: { express: "*" } },
      "shop/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(3000);\n`,
      "docker-compose.yml": "services:\n  shop:\n    build: ./shop\n  edge-prod:\n    build:\n      context: .\n      dockerfile: ./edge/Dockerfile\n    profiles: [prod]\n  edge-dev:\n    build:\n      context: .\n      dockerfile: ./edge/Dockerfile\n    profiles: [dev]\n",
    });
    expect(summary(result)).toEqual([
      ["edge-dev", "edge"],
      ["edge-prod", "edge"],
      ["shop", "shop"],
    ]);
  });
});
