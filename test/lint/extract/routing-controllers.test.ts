import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";
import type { FileFacts } from "../../../src/lint/types.js";

const routesOf = (f: FileFacts) => f.routes.map((r) => `${r.framework} ${r.method} ${r.path} ${r.owner} L${r.location.line} ${r.handler ?? "-"}`);
const mountsOf = (f: FileFacts) => f.mounts.map((m) => `${m.parent} ${m.prefix || "''"} ${m.child.kind === "local" ? m.child.id : `${m.child.specifier}#${m.child.name}`}`);

describe("[U] routing-controllers extractor", () => {
  it("@JsonController and @Controller classes: @Get() … and @Method(), each route owned by its class", () => {
    const f = facts(
      [
        `import { JsonController, Controller, Get, Post, Put as HttpPut, Delete, Method, Param, Body } from "routing-controllers";`,
        `@JsonController("/users")`,
        `export class UserController {`,
        `  @Get()`,
        `  list() { return []; }`,
        `  @Get("/:id")`,
        `  one(@Param("id") id: string) { return id; }`,
        `  @HttpPut("/:id")`,
        `  @Delete("/:id/cache")`,
        `  update(@Body() body: unknown) { return body; }`,
        `  @Method("options", "/")`,
        `  options() {}`,
        `  helper() {}`,
        `}`,
        `@Controller()`,
        `export default class PageController {`,
        `  @Post("/pages")`,
        `  create() {}`,
        `}`,
      ].join("\n"),
    );
    expect(routesOf(f)).toEqual([
      "routing-controllers GET /users class:UserController L4 fn:UserController.list",
      "routing-controllers GET /users/:id class:UserController L6 fn:UserController.one",
      "routing-controllers PUT /users/:id class:UserController L8 fn:UserController.update",
      "routing-controllers DELETE /users/:id/cache class:UserController L9 fn:UserController.update",
      "routing-controllers OPTIONS /users class:UserController L11 fn:UserController.options",
      "routing-controllers POST /pages class:PageController L17 fn:PageController.create",
    ]);
  });

  it("is not NestJS: a routing-controllers @Controller gives no nest route, and Nest's own decorators give no routing-controllers route", () => {
    const rc = facts(`import { Controller, Get } from "routing-controllers";\n@Controller("/a")\nexport class A {\n  @Get("/b")\n  b() {}\n}\n`);
    expect(rc.routes.map((r) => `${r.framework} ${r.path}`)).toEqual(["routing-controllers /a/b"]);
    const nest = facts(`import { Controller, Get } from "@nestjs/common";\n@Controller("a")\nexport class A {\n  @Get("b")\n  b() {}\n}\n`);
    expect(nest.routes.map((r) => `${r.framework} ${r.path}`)).toEqual(["nest /a/b"]);
  });

  it("useExpressServer(app, { routePrefix, controllers: [classes] }) and createExpressServer mount the classes", () => {
    const f = facts(
      [
        `import express from "express";`,
        `import { useExpressServer, createKoaServer } from "routing-controllers";`,
        `import { UserController } from "./controllers/UserController";`,
        `import OrderController from "./controllers/OrderController";`,
        `const app = express();`,
        `useExpressServer(app, { routePrefix: "/api/v1", controllers: [UserController, OrderController, LocalController] });`,
        `const koa = createKoaServer({ routePrefix: "/v2", controllers: [UserController] });`,
        `class LocalController {}`,
      ].join("\n"),
    );
    expect(mountsOf(f)).toEqual([
      "var:app /api/v1 ./controllers/UserController#UserController",
      "var:app /api/v1 ./controllers/OrderController#default",
      "var:app /api/v1 class:LocalController",
      "var:koa /v2 ./controllers/UserController#UserController",
    ]);
    expect(f.apps).toEqual({ "var:app": "express", "var:koa": "koa" });
  });

  it("controllers given as globs: the folder before the wildcard, relative to the file, and whether it goes deeper", () => {
    const f = facts(
      [
        `import path from "path";`,
        `import { useExpressServer } from "routing-controllers";`,
        `export function mount(server) {`,
        `  useExpressServer(server, { controllers: [__dirname + "/api/controllers/*.ts", path.join(__dirname, "..", "admin", "**", "*.js"), \`\${__dirname}/other/*Controller.ts\`, __dirname + "/modules/*/controllers/*.ts"] });`,
        `}`,
      ].join("\n"),
      "services/users/src/server.ts",
    );
    expect(f.autoloads.map((a) => `${a.parent} ${a.dir} ${a.prefix || "''"} ${JSON.stringify(a.controllers)}`)).toEqual([
      'fn:mount services/users/src/api/controllers \'\' {"recursive":false}',
      'fn:mount services/users/admin \'\' {"recursive":true}',
      'fn:mount services/users/src/other \'\' {"recursive":false}',
      // A wildcard folder before the file's: every module's controllers folder, so below the folder before it.
      'fn:mount services/users/src/modules \'\' {"recursive":true}',
    ]);
  });
});

describe("[I] routing-controllers services end to end", () => {
  const users = (server: string) =>
    service("services/users", ["express", "routing-controllers"], {
      "src/server.ts": server,
      "src/api/controllers/UserController.ts": [
        `import { JsonController, Get, Post, Body, Param } from "routing-controllers";`,
        `import { UserService } from "../../services/UserService";`,
        `@JsonController("/users")`,
        `export class UserController {`,
        `  constructor(private readonly service: UserService) {}`,
        `  @Get()`,
        `  all() {`,
        `    return this.service.all();`,
        `  }`,
        `  @Post()`,
        `  create(@Body() body: unknown) {`,
        `    return body;`,
        `  }`,
        `}`,
      ].join("\n"),
      "src/api/controllers/HealthController.ts": `import { JsonController, Get } from "routing-controllers";\n@JsonController("/health")\nexport class HealthController {\n  @Get()\n  health() {\n    return { ok: true };\n  }\n}\n`,
      "src/services/UserService.ts": `export class UserService {\n  all() {\n    return [];\n  }\n}\n`,
    });

  it("controllers found through a glob, with no prefix: the unversioned routes at their decorators, the health route exempt", () => {
    const result = lintTree(users(`import express from "express";\nimport { useExpressServer } from "routing-controllers";\nconst server = express();\nuseExpressServer(server, { controllers: [__dirname + "/api/controllers/*.ts"] });\nexport default server;\n`));
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path} ${r.location.file}:${r.location.line} ${r.handler}`).sort()).toEqual([
      "users GET /health services/users/src/api/controllers/HealthController.ts:4 services/users/src/api/controllers/HealthController.ts#fn:HealthController.health",
      "users GET /users services/users/src/api/controllers/UserController.ts:6 services/users/src/api/controllers/UserController.ts#fn:UserController.all",
      "users POST /users services/users/src/api/controllers/UserController.ts:10 services/users/src/api/controllers/UserController.ts#fn:UserController.create",
    ]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => `${f.location.file}:${f.location.line} ${f.message}`)).toEqual([
      "services/users/src/api/controllers/UserController.ts:6 GET /users in users has no version segment; serve it under a version such as /v1/users",
      "services/users/src/api/controllers/UserController.ts:10 POST /users in users has no version segment; serve it under a version such as /v1/users",
    ]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood")).toEqual([]);
  });

  it("a routePrefix with a version makes them versioned (listed classes or a glob)", () => {
    const listed = lintTree(users(`import express from "express";\nimport { useExpressServer } from "routing-controllers";\nimport { UserController } from "./api/controllers/UserController";\nconst server = express();\nuseExpressServer(server, { routePrefix: "/api/v1", controllers: [UserController] });\n`));
    expect(listed.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /api/v1/users", "GET /health", "POST /api/v1/users"]);
    expect(listed.findings.filter((f) => f.ruleId === "unversioned-route")).toEqual([]);
    const globbed = lintTree(users(`import { createExpressServer } from "routing-controllers";\nimport path from "node:path";\nconst app = createExpressServer({ routePrefix: "/v2", controllers: [path.join(__dirname, "api", "controllers", "*.js")] });\napp.listen(3000);\n`));
    expect(globbed.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /v2/health", "GET /v2/users", "POST /v2/users"]);
    expect(globbed.findings.filter((f) => f.ruleId === "unversioned-route")).toEqual([]);
  });

  it("a service whose controllers are not found says so, naming the routing-controllers import", () => {
    const result = lintTree(
      service("services/ledger", ["koa", "routing-controllers"], {
        "src/main.ts": `import { createKoaServer } from "routing-controllers";\nimport { controllers } from "./registry";\nconst app = createKoaServer({ controllers });\napp.listen(3000);\n`,
        "src/registry.ts": `export const controllers: Function[] = [];\n`,
      }),
    );
    expect(result.model.routes).toEqual([]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => d.message)).toEqual([
      "ledger imports routing-controllers at services/ledger/src/main.ts:1, but no route was found (routes registered in a way arch-lint does not follow are not checked)",
    ]);
  });
});
