import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";
import type { FileFacts } from "../../../src/lint/types.js";

const routesOf = (f: FileFacts) => f.routes.map((r) => `${r.framework} ${r.method} ${r.path} ${r.owner} L${r.location.line} ${r.handler ?? "-"}`);

describe("[U] tsoa extractor", () => {
  it("@Route classes with @Get('{id}') … owned by the class; other decorators and classes give nothing", () => {
    const f = facts(
      [
        `import { Body, Controller, Get, Post, Path, Route, Tags } from "tsoa";`,
        `@Route("users")`,
        `@Tags("Users")`,
        `export class UsersController extends Controller {`,
        `  @Get("{userId}")`,
        `  public async getUser(@Path() userId: number) { return { userId }; }`,
        `  @Post()`,
        `  public async createUser(@Body() body: unknown) { return body; }`,
        `}`,
        `export class Plain {`,
        `  @Get("x")`,
        `  x() {}`,
        `}`,
      ].join("\n"),
    );
    expect(routesOf(f)).toEqual(["tsoa GET /users/{userId} class:UsersController L5 fn:UsersController.getUser", "tsoa POST /users class:UsersController L7 fn:UsersController.createUser"]);
  });

  it("the routes file tsoa generates (RegisterRoutes) is not counted a second time", () => {
    const f = facts(
      [
        `import type { Router } from "express";`,
        `import { ExpressTemplateService } from "@tsoa/runtime";`,
        `import { UsersController } from "./users/usersController";`,
        `export function RegisterRoutes(app: Router) {`,
        `  app.get("/users/:userId", async function UsersController_getUser(request, response, next) {});`,
        `}`,
      ].join("\n"),
      "src/routes.ts",
    );
    expect(f.routes).toEqual([]);
  });
});

describe("[U] inversify-express-utils extractor", () => {
  it("@controller classes with @httpGet … @all and @httpMethod, owned by the class", () => {
    const f = facts(
      [
        `import { controller, httpGet, httpPost, httpMethod, all, requestParam } from "inversify-express-utils";`,
        `@controller("/orders", authMiddleware)`,
        `export class OrdersController {`,
        `  @httpGet("/")`,
        `  list() { return []; }`,
        `  @httpPost("/:id/cancel")`,
        `  cancel(@requestParam("id") id: string) { return id; }`,
        `  @httpMethod("purge", "/cache")`,
        `  purge() {}`,
        `  @all("/legacy")`,
        `  legacy() {}`,
        `}`,
      ].join("\n"),
    );
    expect(routesOf(f)).toEqual([
      "inversify GET /orders class:OrdersController L4 fn:OrdersController.list",
      "inversify POST /orders/:id/cancel class:OrdersController L6 fn:OrdersController.cancel",
      "inversify PURGE /orders/cache class:OrdersController L8 fn:OrdersController.purge",
      "inversify ALL /orders/legacy class:OrdersController L10 fn:OrdersController.legacy",
    ]);
  });
});

describe("[I] tsoa and inversify services end to end", () => {
  it("unversioned controller routes are found on the right service at their decorators; versioned ones are not", () => {
    const result = lintTree({
      ...service("services/accounts", ["express", "tsoa"], {
        "src/server.ts": `import express from "express";\nimport { RegisterRoutes } from "../build/routes";\nconst app = express();\nRegisterRoutes(app);\napp.listen(3000);\n`,
        "src/accounts/accountsController.ts": `import { Controller, Get, Route } from "tsoa";\n@Route("v1/accounts")\nexport class AccountsController extends Controller {\n  @Get()\n  public async list() {\n    return [];\n  }\n}\n@Route("balances")\nexport class BalancesController extends Controller {\n  @Get("{id}")\n  public async one() {\n    return {};\n  }\n}\n`,
      }),
      ...service("services/orders", ["express", "inversify", "inversify-express-utils"], {
        "src/server.ts": `import { InversifyExpressServer } from "inversify-express-utils";\nimport { container } from "./ioc";\nimport "./orders.controller";\nnew InversifyExpressServer(container).build().listen(3000);\n`,
        "src/ioc.ts": `import { Container } from "inversify";\nexport const container = new Container();\n`,
        "src/orders.controller.ts": `import { controller, httpGet } from "inversify-express-utils";\n@controller("/orders")\nexport class OrdersController {\n  @httpGet("/")\n  list() {\n    return [];\n  }\n}\n`,
      }),
    });
    expect(result.model.routes.map((r) => `${r.service} ${r.framework} ${r.method} ${r.path}`).sort()).toEqual([
      "accounts tsoa GET /balances/{id}",
      "accounts tsoa GET /v1/accounts",
      "orders inversify GET /orders",
    ]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => `${f.location.file}:${f.location.line} ${f.message}`)).toEqual([
      "services/accounts/src/accounts/accountsController.ts:11 GET /balances/{id} in accounts has no version segment; serve it under a version such as /v1/balances/{id}",
      "services/orders/src/orders.controller.ts:4 GET /orders in orders has no version segment; serve it under a version such as /v1/orders",
    ]);
  });
});
