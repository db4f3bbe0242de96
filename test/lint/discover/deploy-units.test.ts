import { describe, expect, it } from "vitest";
import { readDockerfile, startsLoadScript, startsLoadTest } from "../../../src/lint/discover/dockerfile.js";
import { lintTree } from "../helpers.js";
import { imageBaseName, imageLanguage, imageRepository, imageWithoutTag, isInfrastructureImage } from "../../../src/lint/discover/images.js";
import { nameStem } from "../../../src/lint/discover/placement.js";
import { readTilt } from "../../../src/lint/discover/tilt.js";
import type { Diagnostic } from "../../../src/lint/types.js";

describe("[U] image names", () => {
  it.each([
    ["node:22-alpine", "node", "node"],
    ["docker.io/library/node:22@sha256:abc", "node", "node"],
    ["ghcr.io/acme/orders:1.2.3", "acme/orders", "orders"],
    ["localhost:5000/shop/cart", "shop/cart", "cart"],
    ["registry.local:5000/shop/orders:dev", "shop/orders", "orders"],
    ["bitnami/kafka:3.7", "bitnami/kafka", "kafka"],
  ])("%s: repository %s, base name %s", (image, repository, base) => {
    expect(imageRepository(image)).toBe(repository);
    expect(imageBaseName(image)).toBe(base);
  });

  it("without a tag keeps the registry (what a Deployment names) and a port", () => {
    expect(imageWithoutTag("registry.local:5000/shop/orders:dev")).toBe("registry.local:5000/shop/orders");
    expect(imageWithoutTag("acme/orders")).toBe("acme/orders");
  });
});

describe("[U] infrastructure images", () => {
  it.each([
    "postgres:17",
    "postgis/postgis:16-3.4",
    "mysql:8",
    "mariadb:11",
    "mongo:7",
    "redis:8-alpine",
    "bitnami/redis:7.4",
    "confluentinc/cp-kafka:7.7.0",
    "confluentinc/cp-zookeeper:7.7.0",
    "apache/kafka:3.8.0",
    "docker.elastic.co/elasticsearch/elasticsearch:8.15.0",
    "opensearchproject/opensearch:2",
    "minio/minio",
    "nats:2",
    "rabbitmq:4-management",
    "mcr.microsoft.com/mssql/server:2022-latest",
    "jaegertracing/all-in-one:1.60",
    "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0",
    "locustio/locust",
    "confluentinc/cp-kafka-connect:7.7.0",
    "confluentinc/ksqldb-server:0.29.0",
    "debezium/connect:2.7",
    "bitnami/mongodb:7.0",
    "bitnami/schema-registry",
  ])("%s is infrastructure", (image) => expect(isInfrastructureImage(image)).toBe(true));

  it.each(["acme/orders:1", "node:22", "nginx:1.27", "acme/server", "acme/all-in-one", "postgres-exporter-custom/app", "bitnami/node:22", "bitnami/python:3.12"])("%s is not", (image) =>
    expect(isInfrastructureImage(image)).toBe(false),
  );
});

describe("[U] image languages", () => {
  it.each([
    ["node:22-alpine", "node"],
    ["oven/bun:1", "node"],
    ["gcr.io/distroless/nodejs22-debian12", "node"],
    ["eclipse-temurin:21-jre", "java"],
    ["maven:3-eclipse-temurin-21", "java"],
    ["gcr.io/distroless/java21-debian12", "java"],
    ["golang:1.23", "go"],
    ["python:3.12-slim", "python"],
    ["public.ecr.aws/lambda/python:3.12", "python"],
    ["php:8.3-fpm", "php"],
    ["nginx:1.27-alpine", "nginx"],
    ["nginxinc/nginx-unprivileged", "nginx"],
    ["mcr.microsoft.com/dotnet/aspnet:8.0", "dotnet"],
    ["mcr.microsoft.com/dotnet/core/aspnet:3.1-alpine", "dotnet"],
    ["mcr.microsoft.com/dotnet/core/sdk:3.1", "dotnet"],
    ["ruby:3.3", "ruby"],
    ["rust:1.80", "rust"],
  ])("%s runs %s", (image, language) => expect(imageLanguage(image)).toBe(language));

  it.each(["alpine:3.20", "debian:bookworm", "scratch", "gcr.io/distroless/static", "acme/base:1", "${BASE_IMAGE}"])("%s says nothing", (image) => expect(imageLanguage(image)).toBeUndefined());
});

describe("[U] Dockerfiles read as text", () => {
  it("stages, their aliases, the target stage, ARG defaults, build args and ENV", () => {
    const info = readDockerfile(
      "# syntax=docker/dockerfile:1\nARG NODE=22\nFROM --platform=$BUILDPLATFORM node:${NODE} AS Build\nARG APP=gateway\nENV APP_DIR=apps/${APP}\nRUN npm run build \\\n  ${APP}\nFROM build AS dev\nCMD npm run start:dev\nFROM gcr.io/distroless/nodejs22\nCOPY --from=build /repo/dist /dist\nCMD [\"dist/apps/orders/main.js\"]\n",
      { APP: "orders" },
      "dev",
    );
    expect(info.stages).toEqual([{ image: "node:22", alias: "Build" }, { image: "node:22", alias: "dev" }, { image: "gcr.io/distroless/nodejs22" }]);
    expect(info.runtime).toEqual({ image: "node:22", alias: "dev" });
    // The target stage and the stage it is built FROM; the distroless stage after it is not built.
    expect(info.hints).toEqual([
      // The entry's build arg chose the app this RUN builds (discover/placement.ts prefers such words).
      { weight: 2, words: ["npm", "run", "build", "orders"], byArg: true },
      { weight: 3, words: ["npm", "run", "start:dev"], cmd: true },
    ]);
    // The running stage's environment: its ENV lines and those of the stage it is built FROM (not the ARGs).
    expect(info.env).toEqual({ APP_DIR: "apps/orders" });
    expect(readDockerfile("FROM node:22 AS build\nRUN npm run build\nFROM alpine AS unused\nRUN echo unused\nFROM gcr.io/distroless/nodejs22\nCOPY --from=0 /repo/dist /dist\n").hints).toEqual([
      { weight: 2, words: ["npm", "run", "build"] },
      { weight: 1, words: ["/repo/dist"] },
    ]);
  });

  it("one runtime stage per app: a target builds its own stages, each with its own ARG default", () => {
    // Written for this test: a shared base stage, then a build and a runtime stage for each of two apps.
    const text = [
      "ARG NODE=22",
      "FROM node:${NODE} AS base",
      "WORKDIR /repo",
      "COPY libs ./libs/",
      "FROM base AS build_billing",
      "ARG APP_DIR=billing",
      "COPY ./apps/${APP_DIR} ./apps/${APP_DIR}/",
      "RUN npm run build:${APP_DIR}",
      "FROM node:${NODE}-slim AS run_billing",
      "ARG APP_DIR=billing",
      "COPY --from=build_billing /repo/apps/${APP_DIR}/dist ./dist",
      'CMD ["node", "apps/${APP_DIR}/dist/main.js"]',
      "FROM base AS build_shipping",
      "ARG APP_DIR=shipping",
      "COPY ./apps/${APP_DIR} ./apps/${APP_DIR}/",
      "RUN npm run build:${APP_DIR}",
      "FROM node:${NODE}-slim AS run_shipping",
      "ARG APP_DIR=shipping",
      "COPY --from=build_shipping /repo/apps/${APP_DIR}/dist ./dist",
      'CMD ["node", "apps/${APP_DIR}/dist/main.js"]',
      "",
    ].join("\n");
    const words = (target: string) => readDockerfile(text, {}, target).hints.flatMap((hint) => hint.words);
    expect(readDockerfile(text, {}, "run_shipping").runtime).toEqual({ image: "node:22-slim", alias: "run_shipping" });
    expect(words("run_shipping")).toEqual(["/repo", "libs", "./apps/shipping", "npm", "run", "build:shipping", "/repo/apps/shipping/dist", "node", "apps/shipping/dist/main.js"]);
    expect(words("run_billing")).toEqual(["/repo", "libs", "./apps/billing", "npm", "run", "build:billing", "/repo/apps/billing/dist", "node", "apps/billing/dist/main.js"]);
    // A build arg still wins over a stage's default.
    expect(words("run_billing").filter((word) => word.includes("invoices"))).toEqual([]);
    expect(readDockerfile(text, { APP_DIR: "invoices" }, "run_billing").hints.at(-1)).toEqual({ weight: 3, words: ["node", "apps/invoices/dist/main.js"], cmd: true, byArg: true });
  });

  it("odd text: no FROM, an unfinished continuation, broken exec JSON, control characters", () => {
    expect(readDockerfile("")).toEqual({ stages: [], hints: [], copiedImages: [], env: {} });
    const info = readDockerfile("RUN echo \\\n  still \\\nCMD [\"node\", \"x\"\n\u0000\u0001\nCOPY\n");
    expect(info.runtime).toBeUndefined();
    // As Docker reads it: the continued RUN swallows the CMD line; a COPY with nothing to copy names nothing.
    expect(info.hints).toEqual([{ weight: 2, words: ["echo", "still", "CMD", "[", "node", ",", "x"] }]);
  });

  it("a load generator is what a build starts, not what it installs", () => {
    expect(startsLoadTest(readDockerfile("FROM python:3.12\nRUN pip install locust\nENTRYPOINT locust --headless\n"))).toBe(true);
    expect(startsLoadTest(readDockerfile("FROM node:22\nRUN npm i -g k6-summary\nCMD [\"node\", \"server.js\"]\n"))).toBe(false);
    expect(startsLoadTest(readDockerfile("FROM node:22\nCMD [\"node\", \"server.js\"]\n"), ["k6", "run", "script.js"])).toBe(true);
    expect(startsLoadTest(readDockerfile("FROM grafana/k6\nCMD [\"k6\", \"run\", \"s.js\"]\n"), ["node", "server.js"])).toBe(false);
  });

  it("a script the build starts that fires a benchmarking tool at the others (`ab -n 1000 http://vote/`) is a load generator (lead22)", () => {
    const scripts: Record<string, string> = { "fill.sh": "#!/bin/sh\n# fill the polls\nab -n 500 -c 20 -p ballots http://polls/\n", "serve.sh": "#!/bin/sh\nnode server.js\n" };
    const script = (name: string) => scripts[name];
    expect(startsLoadScript(readDockerfile("FROM python:3.12-slim\nCOPY . .\nCMD [\"/seed/fill.sh\"]\n"), [], script)).toBe(true);
    expect(startsLoadScript(readDockerfile("FROM node:22\nCMD [\"sh\", \"serve.sh\"]\n"), [], script)).toBe(false);
    expect(startsLoadScript(readDockerfile("FROM node:22\nCMD [\"sh\", \"serve.sh\"]\n"), ["sh", "fill.sh"], script)).toBe(true);
    expect(startsLoadScript(readDockerfile("FROM node:22\nCMD [\"sh\", \"missing.sh\"]\n"), [], script)).toBe(false);
  });

  it("compose entries that seed the others with a benchmarking script or build a tests folder are no services (lead22)", () => {
    const tree = {
      "polls/package.json": { name: "polls", scripts: { start: "node server.js" }, dependencies: { express: "*" } },
      "polls/server.js": `const express = require("express");\nconst app = express();\napp.post("/v1/votes", (req, res) => res.end());\napp.listen(80);\n`,
      "seeder/Dockerfile": "FROM python:3.12-slim\nRUN apt-get install -y apache2-utils\nCOPY . /seed\nCMD [\"/seed/fill.sh\"]\n",
      "seeder/fill.sh": "#!/bin/sh\nab -n 500 -c 20 -p ballots http://polls/\n",
      "polls/tests/Dockerfile": "FROM node:22\nCOPY . .\nCMD [\"sh\", \"run-tests.sh\"]\n",
      "docker-compose.yml": "services:\n  polls:\n    build: ./polls\n  seed:\n    build: ./seeder\n    profiles: [seed]\n  sut:\n    build: ./polls/tests\n",
    };
    expect(lintTree(tree).model.services.map((s) => s.name)).toEqual(["polls"]);
  });
});

describe("[U] names but for a suffix", () => {
  it.each([
    ["users-service", "users"],
    ["@acme/orders-api", "orders"],
    ["tickets-depl", "tickets"],
    ["billing_svc", "billing"],
    ["service", "service"],
    ["Payments", "payments"],
  ])("%s → %s", (name, stem) => expect(nameStem(name)).toBe(stem));
});

describe("[U] Tiltfiles", () => {
  const tilt = (text: string, rel = "Tiltfile") => {
    const diagnostics: Diagnostic[] = [];
    const artifacts = readTilt([{ rel, abs: rel, kind: "tiltfile" }], () => text, diagnostics);
    return { artifacts: artifacts.map(({ image, context, dockerfile, buildArgs }) => ({ image, context, dockerfile, buildArgs })), diagnostics: diagnostics.map((d) => d.line) };
  };

  it("positional and named arguments, dockerfile relative to the Tiltfile, comments and strings with parentheses", () => {
    expect(
      tilt(
        "# docker_build('commented', 'out')\ndocker_build('acme/a', 'a')  # trailing (comment)\ndocker_build(\n  ref = \"acme/b\",\n  context='../b',\n  dockerfile='docker/b.Dockerfile',\n  build_args={'GREETING': 'hi (there)', \"N\": '1'},\n)\n",
        "deploy/Tiltfile",
      ),
    ).toEqual({
      artifacts: [
        { image: "acme/a", context: "deploy/a", dockerfile: "deploy/a/Dockerfile", buildArgs: {} },
        { image: "acme/b", context: "b", dockerfile: "deploy/docker/b.Dockerfile", buildArgs: { GREETING: "hi (there)", N: "1" } },
      ],
      diagnostics: [],
    });
  });

  it("computed arguments are diagnostics; an unclosed call and a context outside the repository are skipped", () => {
    expect(tilt("docker_build(image_name, '.')\ndocker_build('acme/x', ctx + '/x')\ndocker_build('acme/up', '../../outside')\ndocker_build('acme/open', 'open'\n")).toEqual({
      artifacts: [],
      diagnostics: [1, 2],
    });
  });
});
