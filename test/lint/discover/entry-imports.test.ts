import { describe, expect, it } from "vitest";
import { entryImports } from "../../../src/lint/discover/entry-imports.js";
import { lintTree, type Tree } from "../helpers.js";

describe("[U] the packages an entry file loads, for a package.json that declares none", () => {
  it("reads require, import-from and bare imports; leaves out relative paths and Node's modules; scoped names keep their scope", () => {
    const text = `const express = require("express");\nconst path = require('path');\nimport { x } from "@acme/kit/server";\nimport "dotenv/config";\nimport y from "./local";\nimport fs from "node:fs";\n`;
    expect(entryImports(text)).toEqual(["@acme/kit", "dotenv", "express"]);
  });

  it("a gateway whose package.json lists nothing while its index requires express is a service; one that declares its dependencies is read from them alone", () => {
    const tree: Tree = {
      "edge/package.json": { name: "edge", main: "index.js", scripts: { test: "exit 1" } },
      "edge/index.js": `const express = require("express");\nconst app = express();\napp.get("/v1/ping", (req, res) => res.end());\napp.listen(8000);\n`,
      "tools/package.json": { name: "tools", main: "index.js", dependencies: { dotenv: "*" } },
      "tools/index.js": `const express = require("express");\nmodule.exports = express.Router();\n`,
      "users/package.json": { name: "users", main: "server.js", dependencies: { express: "*" } },
      "users/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/users", (req, res) => res.json([]));\napp.listen(8001);\n`,
    };
    expect(lintTree(tree).model.services.map((s) => s.name).sort()).toEqual(["edge", "users"]);
  });
});

describe("[I] a server of Node's own: an entry that loads http, makes a server and listens", () => {
  const tree = (entry: string): Tree => ({
    ...{ "billing/package.json": { name: "billing", main: "index.ts", scripts: { dev: "nodemon index.ts" }, dependencies: { pg: "*", dotenv: "*" } } },
    "billing/index.ts": entry,
    "users/package.json": { name: "users", main: "server.js", dependencies: { express: "*" } },
    "users/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/users", (req, res) => res.json([]));\napp.listen(8001);\n`,
  });

  it("is a service, and says that its routes are not read", () => {
    const result = lintTree(tree(`import http from "node:http";\nimport { table } from "./table";\nconst server = http.createServer((req, res) => table[\`\${req.method}\${req.url}\`](req, res));\nserver.listen(3000);\n`));
    expect(result.model.services.map((s) => s.name)).toEqual(["billing", "users"]);
    expect(result.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/^billing starts a server of Node's own\b.*, whose routes arch-lint does not read/));
  });

  it("a tool's server of Node's own (a developer's page served from tools/) is no service", () => {
    const result = lintTree({
      ...tree(`import http from "node:http";\nhttp.createServer((req, res) => res.end("ok")).listen(3000);\n`),
      "tools/package.json": { name: "repo-tools", main: "server.js", scripts: { start: "node server.js" } },
      "tools/server.js": `const http = require("http");\nhttp.createServer((req, res) => res.end("panel")).listen(9000);\n`,
      // An example beside the services, importing node:http as ESM with only dev dependencies: no service either.
      "docker-example/package.json": { name: "docker-example", main: "src/index.js", type: "module", scripts: { start: "node src/index.js" }, devDependencies: { "@types/node": "*" } },
      "docker-example/src/index.js": `import http from "node:http";\nhttp.createServer((req, res) => res.end("hello")).listen(8080);\n`,
    });
    expect(result.model.services.map((s) => s.name)).toEqual(["billing", "users"]);
  });

  it("an entry that only asks another server over http, or makes a server it never starts, is no service", () => {
    expect(lintTree(tree(`const http = require("http");\nhttp.get("http://users:8001/v1/users", (res) => res.resume());\n`)).model.services.map((s) => s.name)).toEqual(["users"]);
    expect(lintTree(tree(`import { createServer } from "http";\nexport const make = () => createServer();\n`)).model.services.map((s) => s.name)).toEqual(["users"]);
  });
});

describe("[I] a start script that runs an extensionless file (express-generator's bin/www)", () => {
  it("is read for a server of Node's own, even when the package declares no server and is named as an example", () => {
    const result = lintTree({
      "package.json": { name: "ledger-service-example", scripts: { start: "nodemon --require ./env.js ./bin/www", "start:prod": "node ./bin/www" }, dependencies: { "@acme/service-kit": "*", dotenv: "*" } },
      "env.js": `require("dotenv").config();\n`,
      "bin/www": `#!/usr/bin/env node\nconst express = require("express");\nconst http = require("http");\nconst app = express();\napp.get("/v1/entries", (req, res) => res.json([]));\nhttp.createServer(app).listen(process.env.PORT || 3000);\n`,
      "src/index.js": `module.exports = { start() {} };\n`,
    });
    expect(result.model.services.map((s) => [s.name, s.root])).toEqual([["ledger-service-example", ""]]);
  });
});

describe("[I] a package that declares other packages but no server, whose start script runs an entry that loads one", () => {
  // Apps copied out of a monorepo: `@nestjs/core` came through a workspace package (`@kit/server`) the repository lacks.
  const app = (name: string, port: number, deps: Record<string, string>, scripts: Record<string, string>): Tree => ({
    [`${name}/package.json`]: { name: `@shop/${name}`, scripts, dependencies: deps },
    [`${name}/nest-cli.json`]: { collection: "@nestjs/schematics", sourceRoot: "src" },
    [`${name}/src/main.ts`]: `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nasync function start() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(${port});\n}\nvoid start();\n`,
    [`${name}/src/app.module.ts`]: `import { Module } from "@nestjs/common";\nimport { ItemsController } from "./items.controller";\n@Module({ controllers: [ItemsController] })\nexport class AppModule {}\n`,
    [`${name}/src/items.controller.ts`]: `import { Controller, Get } from "@nestjs/common";\n@Controller("v1/${name}")\nexport class ItemsController {\n  @Get()\n  list() {\n    return [];\n  }\n}\n`,
  });

  it("is a service; a package with no script that starts it stays what its manifest says", () => {
    const tree: Tree = {
      ...app("catalog", 3001, { "@kit/server": "*", stripe: "*" }, { build: "nest build", start: "nest start", "start:prod": "node dist/main" }),
      ...app("carts", 3002, { "@kit/server": "*" }, { build: "nest build" }),
    };
    expect(lintTree(tree).model.services.map((s) => s.name)).toEqual(["catalog"]);
  });
});

describe("[I] a workspace member whose main listens on a server it does not declare (hoisted from a sibling's install)", () => {
  it("is a service; a member whose main only exports a router stays a library", () => {
    const tree: Tree = {
      "package.json": { name: "root", private: true, workspaces: ["packages/*"] },
      "packages/edge/package.json": { name: "edge", main: "server.js", scripts: { start: "node server.js" }, dependencies: { express: "*" } },
      "packages/edge/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/ping", (req, res) => res.end());\napp.listen(8000);\n`,
      "packages/letters/package.json": { name: "letters", main: "server.js", scripts: { test: "exit 1" }, dependencies: { mongoose: "*" } },
      "packages/letters/server.js": `const app = require("express")();\nconst mongoose = require("mongoose");\nmongoose.connect(process.env.LETTERS_DB);\napp.get("/v1/letters", (req, res) => res.json([]));\napp.listen(4000);\n`,
      "packages/kit/package.json": { name: "kit", main: "index.js", dependencies: { "body-parser": "*" } },
      "packages/kit/index.js": `const express = require("express");\nconst router = express.Router();\nrouter.get("/v1/status", (req, res) => res.end());\nmodule.exports = router;\n`,
    };
    expect(lintTree(tree).model.services.map((s) => s.name).sort()).toEqual(["edge", "letters"]);
  });
});
