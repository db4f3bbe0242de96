import { describe, expect, it } from "vitest";
import { dockerBuild, readBuildCommands, withShellVariables } from "../../../src/lint/discover/build-commands.js";
import type { FileEntry } from "../../../src/lint/discover/files.js";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A Kubernetes Deployment that runs an image only a CI workflow builds (`docker buildx build -t acme/ledger-api
 * -f ./apps/api/Dockerfile .`, or docker/build-push-action with `file` and `tags`): the image ties the workload to the
 * app it is built from. Left untied, the workload was no service's and its environment (the database URL) was lost.
 */

const deployment = (name: string, image: string, url: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: main\n          image: ${image}\n          env:\n            - name: DATABASE_URL\n              value: ${url}\n`;

const app = (name: string): Tree => ({
  [`apps/${name}/Dockerfile`]: `FROM node:22\nCOPY . .\nRUN npm run build ${name}\nCMD ["node", "dist/apps/${name}/main.js"]\n`,
  [`apps/${name}/src/main.ts`]: `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
  [`apps/${name}/src/app.module.ts`]: `import { Module } from "@nestjs/common";\nimport { TypeOrmModule } from "@nestjs/typeorm";\n@Module({ imports: [TypeOrmModule.forRoot({ type: "postgres", url: process.env.DATABASE_URL })] })\nexport class AppModule {}\n`,
});

const tree: Tree = {
  "package.json": { name: "ledger", dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@nestjs/typeorm": "*" } },
  "nest-cli.json": { monorepo: true, projects: { api: { type: "application", root: "apps/api", sourceRoot: "apps/api/src" }, books: { type: "application", root: "apps/books", sourceRoot: "apps/books/src" } } },
  ...app("api"),
  ...app("books"),
  ".github/workflows/release.yml": [
    "on: push",
    "jobs:",
    "  images:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - run: |",
    "          docker buildx build --platform linux/amd64 -t acme/ledger-api -t acme/ledger-api:${{ github.sha }} \\",
    "            -f ./apps/api/Dockerfile --push .",
    "      - uses: docker/build-push-action@v6",
    "        with:",
    "          context: .",
    "          file: ./apps/books/Dockerfile",
    "          tags: |",
    "            acme/ledger-books:latest",
    "            acme/ledger-books:${{ github.sha }}",
    "",
  ].join("\n"),
  "deploy/api.yaml": deployment("ledger-api-deployment", "acme/ledger-api:latest", "postgres://ledger-db:5432/ledger"),
  "deploy/books.yaml": deployment("ledger-books-deployment", "acme/ledger-books:latest", "postgres://ledger-db:5432/ledger"),
};

describe("[U] images a CI workflow builds", () => {
  it("tie the Deployments that run them to the apps they are built from", () => {
    const result = lintTree(tree, { only: "shared-database" });
    expect(result.model.services.map((s) => `${s.name} ${s.sources.join("+")}`).sort()).toEqual(["api nest-cli+kubernetes", "books nest-cli+kubernetes"]);
    expect(result.model.datastores.map((d) => `${d.service} ${d.identity}`).sort()).toEqual(["api postgres://ledger-db:5432/ledger", "books postgres://ledger-db:5432/ledger"]);
    expect(result.diagnostics.filter((d) => d.message.includes("no compose entry or Skaffold artifact"))).toEqual([]);
  });

  it("fills in the workflow's and job's env: in tags and run lines (`${{ env.REGISTRY }}/ledger-books`, `$REGISTRY/ledger-api`)", () => {
    const workflow = [
      "on: push",
      "env:",
      "  REGISTRY: acme",
      "  TOKEN: ${{ secrets.TOKEN }}",
      "jobs:",
      "  images:",
      "    runs-on: ubuntu-latest",
      "    env:",
      "      API_IMAGE: ledger-api",
      "    steps:",
      "      - run: docker build -t $REGISTRY/${API_IMAGE}:${{ github.sha }} -f ./apps/api/Dockerfile .",
      "      - uses: docker/build-push-action@v6",
      "        with:",
      "          context: .",
      "          file: ./apps/books/Dockerfile",
      "          tags: ${{ env.REGISTRY }}/ledger-books:latest",
      "",
    ].join("\n");
    const result = lintTree({ ...tree, ".github/workflows/release.yml": workflow }, { only: "shared-database" });
    expect(result.model.services.map((s) => `${s.name} ${s.sources.join("+")}`).sort()).toEqual(["api nest-cli+kubernetes", "books nest-cli+kubernetes"]);
    expect(result.diagnostics.filter((d) => d.message.includes("no compose entry or Skaffold artifact"))).toEqual([]);
  });

  it("a Deployment running an image a workflow builds from a folder with no package (Go, Python) makes that folder a service", () => {
    const polyglot: Tree = {
      "services/ledger/go.mod": "module example.com/ledger\n",
      "services/ledger/Dockerfile": "FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /bin/ledger\nFROM gcr.io/distroless/static\nCOPY --from=build /bin/ledger /ledger\nENTRYPOINT [\"/ledger\"]\n",
      "services/rates/requirements.txt": "fastapi\n",
      "services/rates/Dockerfile": "FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"uvicorn\", \"main:app\"]\n",
      ".github/workflows/images.yml": [
        "on: push",
        "jobs:",
        "  images:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: docker/build-push-action@v6",
        "        with:",
        "          context: ./services/ledger",
        "          tags: acme/shop-ledger:latest",
        "      - uses: docker/build-push-action@v6",
        "        with:",
        "          context: ./services/rates",
        "          tags: acme/shop-rates:latest",
        "",
      ].join("\n"),
      "k8s/ledger.yaml": deployment("ledger-service", "acme/shop-ledger:latest", "postgres://ledger-db:5432/ledger"),
      "k8s/rates.yaml": deployment("rates-service", "acme/shop-rates:latest", "postgres://rates-db:5432/rates"),
    };
    const result = lintTree(polyglot, { only: "shared-database" });
    expect(result.model.services.map((s) => `${s.name} ${s.root} ${s.language}`).sort()).toEqual(["ledger services/ledger go", "rates services/rates python"]);
    expect(result.diagnostics.filter((d) => d.message.includes("no compose entry or Skaffold artifact"))).toEqual([]);
  });

  it("a build run after `cd` into an app's folder (in the same line or a line before) is read from that folder", () => {
    const express = (port: number) => `import express from "express";\nimport pg from "pg";\nconst pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.get("/v1/ping", async (req, res) => res.send(await pool.query("select 1")));\napp.listen(${port});\n`;
    const moved: Tree = {
      // Two packages that kept the name of the template they were copied from: only the builds tell them apart.
      "backend/invoices/package.json": { name: "starter", dependencies: { express: "*", pg: "*" }, scripts: { start: "node index.js" } },
      "backend/invoices/index.js": express(4100),
      "backend/invoices/Dockerfile": "FROM node:22\nCOPY . .\nCMD [\"node\", \"index.js\"]\n",
      "backend/refunds/package.json": { name: "starter", dependencies: { express: "*", pg: "*" }, scripts: { start: "node index.js" } },
      "backend/refunds/index.js": express(4200),
      "backend/refunds/Dockerfile": "FROM node:22\nCOPY . .\nCMD [\"node\", \"index.js\"]\n",
      ".github/workflows/invoices.yml": ["on: push", "jobs:", "  image:", "    runs-on: ubuntu-latest", "    steps:", "      - run: |", "          cd backend/invoices && docker build -t acme/pay-alpha .", "          docker push acme/pay-alpha", ""].join("\n"),
      ".github/workflows/refunds.yml": ["on: push", "jobs:", "  image:", "    runs-on: ubuntu-latest", "    steps:", "      - run: |", "          cd backend", "          cd refunds", "          docker build -t acme/pay-beta .", ""].join("\n"),
      "k8s/invoices.yaml": deployment("alpha-depl", "acme/pay-alpha", "postgres://pay-db:5432/pay"),
      "k8s/refunds.yaml": deployment("beta-depl", "acme/pay-beta:latest", "postgres://pay-db:5432/pay"),
    };
    const result = lintTree(moved, { only: "shared-database" });
    expect(result.model.services.map((s) => `${s.root} ${s.sources.join("+")}`).sort()).toEqual(["backend/invoices package+kubernetes", "backend/refunds package+kubernetes"]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["shared-database"]);
  });

  it("a script's own folder held in a variable (`DIR=$(cd \"$(dirname \"$0\")\" && pwd)`), pushd into a folder under it and popd back", () => {
    const script = [
      "#!/bin/bash",
      'HERE=$( cd "$( dirname "${BASH_SOURCE[0]}" )" && pwd )',
      'pushd "$HERE/ledger"',
      '  docker build -t "registry.local/shop/ledger:${TAG}" .',
      "popd",
      'pushd "${HERE}/rates"',
      "  docker build -t registry.local/shop/rates .",
      "popd",
      "docker build -t registry.local/shop/tools .",
      "",
    ].join("\n");
    const builds = readBuildCommands([{ rel: "deploy/images.sh", kind: "shell" } as FileEntry], () => script, []);
    expect(builds.map((b) => `${b.image} ${b.context}`)).toEqual(["registry.local/shop/ledger deploy/ledger", "registry.local/shop/rates deploy/rates", "registry.local/shop/tools deploy"]);
  });

  it("a build after a `cd` the text cannot follow is not tied to any folder", () => {
    const builds = readBuildCommands(
      [{ rel: "ci/images.sh", kind: "shell" } as FileEntry],
      () => "cd $WORKSPACE\ndocker build -t acme/lost .\ncd ~\ndocker build -t acme/home .\n",
      [],
    );
    expect(builds).toEqual([]);
  });

  it("an image nothing deploys makes no service", () => {
    const bare = { ...tree };
    delete bare["deploy/api.yaml"];
    delete bare["deploy/books.yaml"];
    expect(lintTree(bare, { only: "shared-database" }).model.services.map((s) => `${s.name} ${s.sources.join("+")}`).sort()).toEqual(["api nest-cli", "books nest-cli"]);
  });

  it("a script's own variables fill in its commands: literal assignments and the lines of a file it sources from its folder", () => {
    const read = (rel: string) => (rel === "ops/names.env" ? 'LEDGER="ledger"\n# a comment\nTAG=v2\n' : undefined);
    expect(withShellVariables(["source names.env", "REGISTRY=acme", 'docker build --build-arg APP=$LEDGER -t ${REGISTRY}/$LEDGER:$TAG -f Dockerfile.app .', "docker build -t $UNSET/$1 ."], "ops", read)).toEqual([
      "source names.env",
      "REGISTRY=acme",
      "docker build --build-arg APP=ledger -t acme/ledger:v2 -f Dockerfile.app .",
      "docker build -t $UNSET/$1 .",
    ]);
    // A file that is not there sets nothing.
    expect(withShellVariables([". ./missing.env", "docker build -t $LEDGER ."], "ops", read)).toEqual([". ./missing.env", "docker build -t $LEDGER ."]);
  });

  it("one Dockerfile told by a sourced build arg which folder of a package's code to copy in: each image a compose entry runs is that folder's service", () => {
    const route = (path: string) => `const express = require("express");\nconst router = express.Router();\nrouter.get("${path}", (req, res) => res.json([]));\nmodule.exports = router;\n`;
    const shared: Tree = {
      "app/package.json": { name: "platform", main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*" } },
      "app/index.js": `const express = require("express");\nconst app = express();\napp.use(require("./route"));\napp.listen(5000);\n`,
      "app/modules/billing/route.js": route("/v1/invoices"),
      "app/modules/billing/store.js": "module.exports = {};\n",
      "app/modules/stock/route.js": route("/v1/items"),
      "app/modules/stock/store.js": "module.exports = {};\n",
      "Dockerfile.module": "FROM node:22\nARG MODULE\nWORKDIR /srv\nCOPY ./app .\nRUN rm -rf /srv/modules\nCOPY ./app/modules/${MODULE} ./modules/${MODULE}\nCOPY ./app/modules/${MODULE}/route.js ./route.js\nCMD [\"node\", \"index.js\"]\n",
      "names.env": 'BILLING="billing"\nSTOCK="stock"\n',
      "build.sh": "#!/bin/bash\nsource names.env\ndocker build --build-arg MODULE=$BILLING -t $BILLING:latest -f Dockerfile.module .\ndocker build --build-arg MODULE=$STOCK -t $STOCK:latest -f Dockerfile.module .\n",
      "docker-compose.yml": "services:\n  billing_service:\n    image: billing\n  stock_service:\n    image: stock\n",
    };
    const services = lintTree(shared).model.services.map((s) => `${s.name} ${s.root}`).sort();
    expect(services).toContain("billing_service app/modules/billing");
    expect(services).toContain("stock_service app/modules/stock");
  });

  it("reads docker build's words: tags, file and context from where it runs; a context or tag made of variables is nothing", () => {
    expect(dockerBuild(["docker", "build", "--build-arg", "APP=api", "-t", "acme/api:1", "-f", "Dockerfile.api", "--target=runtime", "."], "ops")).toEqual({
      tags: ["acme/api:1"],
      context: "ops",
      dockerfile: "ops/Dockerfile.api",
      target: "runtime",
      buildArgs: { APP: "api" },
    });
    expect(dockerBuild(["podman", "build", "-t", "acme/api", "$CONTEXT"], "")).toBeUndefined();
    expect(dockerBuild(["docker", "run", "acme/api"], "")).toBeUndefined();
  });
});
