import { describe, expect, it } from "vitest";
import { facts, lintTree } from "../helpers.js";

describe("[U] nest extractor", () => {
  it("controllers, method decorators, @Version and controller versions", () => {
    const f = facts(
      `import { Controller, Get, Post, Version } from "@nestjs/common";\n@Controller({ path: "orders", version: "1" })\nexport class OrdersController {\n  @Get(":id") find() {}\n  @Version("2")\n  @Post() create() {}\n}\n`,
    );
    expect(f.routes.map((r) => [r.method, r.path, r.version, r.handler])).toEqual([
      ["GET", "/orders/:id", "1", "fn:OrdersController.find"],
      ["POST", "/orders", "2", "fn:OrdersController.create"],
    ]);
  });

  it("a controller or method given several paths (@Controller([\"fares\", \"v1/fares\"]), @Post([a, b])) serves each route under each path", () => {
    const f = facts(
      `import { Controller, Get, Post } from "@nestjs/common";\n@Controller(["fares", "v1/fares"])\nexport class FaresController {\n  @Get(":id") find() {}\n  @Post(["quote", "quote/:zone"]) quote() {}\n}\n@Controller({ path: ["legacy/zones", "v2/zones"] })\nexport class ZonesController {\n  @Get() list() {}\n}\n`,
    );
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.handler}`)).toEqual([
      "GET /fares/:id fn:FaresController.find",
      "GET /v1/fares/:id fn:FaresController.find",
      "POST /fares/quote fn:FaresController.quote",
      "POST /fares/quote/:zone fn:FaresController.quote",
      "POST /v1/fares/quote fn:FaresController.quote",
      "POST /v1/fares/quote/:zone fn:FaresController.quote",
      "GET /legacy/zones fn:ZonesController.list",
      "GET /v2/zones fn:ZonesController.list",
    ]);
  });

  it("paths from constants another module exports (`@Post(PATHS.register)`, `@Controller(BASE)`): read there by the model", () => {
    const result = lintTree({
      "package.json": { name: "members", dependencies: { "@nestjs/core": "*", "@nestjs/common": "*" } },
      "src/paths/index.ts": `export const BASE = "members";\nexport const PATHS = { register: "register", renew: "cards/renew" };\n`,
      "src/members.controller.ts": `import { Controller, Post, Put } from "@nestjs/common";\nimport { BASE, PATHS } from "./paths";\n@Controller(BASE)\nexport class MembersController {\n  @Post(PATHS.register) register() {}\n  @Put(PATHS.renew) renew() {}\n  @Put(PATHS.missing) other() {}\n}\n`,
      "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Module } from "@nestjs/common";\nimport { MembersController } from "./members.controller";\n@Module({ controllers: [MembersController] })\nclass AppModule {}\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
    });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /members/register", "PUT /members/cards/renew", "PUT /members/{?}"]);
  });

  it("@Sse is a GET route the client keeps open: judged like any other", () => {
    const f = facts(
      `import { Controller, Post, Sse } from "@nestjs/common";\n@Controller("feed")\nexport class FeedController {\n  @Sse("events") stream() {}\n  @Sse() all() {}\n  @Post("events") publish() {}\n}\n`,
    );
    expect(f.routes.map((r) => [r.method, r.path, r.handler])).toEqual([
      ["GET", "/feed/events", "fn:FeedController.stream"],
      ["GET", "/feed", "fn:FeedController.all"],
      ["POST", "/feed/events", "fn:FeedController.publish"],
    ]);
  });

  it("global prefix and URI versioning", () => {
    const f = facts(`const app = await NestFactory.create(AppModule);\napp.setGlobalPrefix("api");\napp.enableVersioning({ type: VersioningType.URI, defaultVersion: "1" });\n`);
    expect(f.nest).toEqual({ globalPrefix: "api", uriVersioning: { defaultVersion: "1" } });
    const header = facts(`app.enableVersioning({ type: VersioningType.HEADER, header: "X-V", defaultVersion: "1" });`).nest;
    expect(header).toEqual({ requestVersioning: { kind: "header", defaultVersion: "1" } });
    expect(facts(`app.enableVersioning({ type: VersioningType.MEDIA_TYPE, key: "v=" });`).nest).toEqual({ requestVersioning: { kind: "media-type" } });
    expect(facts(`app.enableVersioning({ type: versioningFromConfig() });`).nest).toEqual({});
  });

  it("@Module controllers and RouterModule paths: nested children, a bare child module, a path it cannot read", () => {
    const f = facts(
      [
        `import { Module } from "@nestjs/common";`,
        `import { RouterModule } from "@nestjs/core";`,
        `@Module({ controllers: [OrdersController, LinesController] })`,
        `export class OrdersModule {}`,
        `const routes = [`,
        `  { path: "v1", module: OrdersModule, children: [{ path: "admin", module: AdminModule, children: [AuditModule] }] },`,
        `  { path: process.env.PREFIX, module: OtherModule },`,
        `] as const;`,
        `@Module({ imports: [RouterModule.register(routes)] })`,
        `export class AppModule {}`,
      ].join("\n"),
    );
    expect(f.nest.moduleControllers).toEqual({ OrdersModule: ["OrdersController", "LinesController"] });
    expect(f.nest.modulePaths).toEqual({ OrdersModule: "/v1", AdminModule: "/v1/admin", AuditModule: "/v1/admin", OtherModule: "/{?}" });
  });

  it("a route list that contains itself is followed once", () => {
    const children = Array.from({ length: 8 }, (_, i) => `{ path: "p${i}", module: M${i}, children: routes }`).join(", ");
    const f = facts(`import { RouterModule } from "@nestjs/core";\nconst routes = [${children}];\nRouterModule.register(routes);\n`);
    expect(f.nest.modulePaths).toMatchObject({ M0: "/p0", M7: "/p7" });
  });

  it("two @Module decorators stacked on one class (one left over above the other): the controllers either lists", () => {
    const f = facts(`import { Module } from "@nestjs/common";
import { HttpModule } from "@nestjs/axios";
import { BoardController } from "./board.controller";
@Module({ imports: [HttpModule] })
@Module({
  imports: [HttpModule],
  controllers: [BoardController],
})
export class BoardModule {}
`);
    expect(f.nest.moduleControllers).toEqual({ BoardModule: ["BoardController"] });
  });

  it("a Module decorator or a RouterModule that is not Nest's is not read", () => {
    const f = facts(
      `import { Module } from "./my-di.js";\nimport { RouterModule } from "./my-router.js";\n@Module({ controllers: [A] })\nclass M {}\nRouterModule.register([{ path: "v1", module: M }]);\n`,
    );
    expect(f.nest.moduleControllers).toBeUndefined();
    expect(f.nest.modulePaths).toBeUndefined();
  });
});

describe("[U] NestJS guards of a route (@UseGuards)", () => {
  it("a guard class of this file or imported from the project runs its canActivate first, @nestjs/passport's AuthGuard(name) its strategy; another package's guard or an unknown name does not", () => {
    const f = facts(`import { Controller, Get, UseGuards } from "@nestjs/common";\nimport { AuthGuard } from "@nestjs/passport";\nimport { ThrottlerGuard } from "@nestjs/throttler";\nimport { TokenGuard } from "./token.guard";\nclass LocalGuard {\n  canActivate() { return true; }\n}\n@Controller("orders")\nexport class OrdersController {\n  @UseGuards(LocalGuard, new TokenGuard(), AuthGuard("jwt"), ThrottlerGuard, Unknown)\n  @Get()\n  list() { return []; }\n}\n`);
    expect(f.routes.map((r) => r.middleware)).toEqual([[
      { handler: "fn:LocalGuard.canActivate", location: { file: "src/app.ts", line: 10, column: 14 } },
      { handlerRef: { object: "TokenGuard", name: "canActivate" }, location: { file: "src/app.ts", line: 10, column: 26 } },
      { handlerRef: { object: "passport:strategy", name: "jwt" }, location: { file: "src/app.ts", line: 10, column: 44 } },
    ]]);
  });

  it("a decorator named UseGuards that is not Nest's guards nothing", () => {
    const f = facts(`import { Controller, Get } from "@nestjs/common";\nimport { UseGuards } from "./decorators";\nclass LocalGuard {\n  canActivate() { return true; }\n}\n@Controller("orders")\nexport class OrdersController {\n  @UseGuards(LocalGuard)\n  @Get()\n  list() { return []; }\n}\n`);
    expect(f.routes.map((r) => r.middleware)).toEqual([undefined]);
  });
});
