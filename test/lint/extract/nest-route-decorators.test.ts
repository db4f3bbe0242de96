import { describe, expect, it } from "vitest";
import { facts, lintTree } from "../helpers.js";

describe("[U] route decorators a project composes with applyDecorators", () => {
  it("reads the method and the path each gives: fixed, from a parameter, from an options field through a table of Nest's decorators", () => {
    const f = facts(
      [
        `import { applyDecorators, Get, Post as Create, Delete, HttpCode, SetMetadata } from "@nestjs/common";`,
        `import { ApiOkResponse } from "@nestjs/swagger";`,
        `const verbs = { Read: Get, Create, Remove: Delete, Label: ApiOkResponse } as const;`,
        `export const Fetch = (path?: string) => applyDecorators(Get(path), ApiOkResponse());`,
        `export function Enroll() { return applyDecorators(HttpCode(201), Create("enroll")); }`,
        `export function Route({ kind, at }: { kind: keyof typeof verbs; at?: string }) { return applyDecorators(verbs[kind](at)); }`,
        `export function Action(options: { kind: keyof typeof verbs; at?: string }) {`,
        `  const { kind, at: where } = options;`,
        `  return applyDecorators(verbs[kind](where), HttpCode(200));`,
        `}`,
        `export const Tagged = () => applyDecorators(SetMetadata("tag", true));`,
      ].join("\n"),
      "src/decorators.ts",
    );
    expect(f.nest.routeDecorators).toEqual({
      Fetch: { method: { fixed: "GET" }, path: { from: { param: 0 } } },
      Enroll: { method: { fixed: "POST" }, path: { fixed: "enroll" } },
      Route: { method: { from: { param: 0, field: "kind" }, table: { Read: "GET", Create: "POST", Remove: "DELETE" } }, path: { from: { param: 0, field: "at" } } },
      Action: { method: { from: { param: 0, field: "kind" }, table: { Read: "GET", Create: "POST", Remove: "DELETE" } }, path: { from: { param: 0, field: "at" } } },
    });
  });

  it("a controller method under a decorator of the project waits for the model; Nest's own and other packages' decorators do not", () => {
    const f = facts(
      [
        `import { Controller, Get, UseGuards } from "@nestjs/common";`,
        `import { ApiTags } from "@nestjs/swagger";`,
        `import { Fetch, Roles } from "./decorators";`,
        `@Controller("pets")`,
        `export class PetsController {`,
        `  @Fetch(":id") @Roles("vet") @UseGuards(AuthGuard) @ApiTags("x") one() {}`,
        `  @Get() all() {}`,
        `}`,
      ].join("\n"),
      "src/pets.controller.ts",
    );
    expect(f.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /pets"]);
    expect(f.nestDecoratorRoutes?.map((p) => `${p.decorator.specifier}#${p.decorator.name} ${JSON.stringify(p.args)} ${p.base} ${p.route.handler}`)).toEqual([
      `./decorators#Fetch [{"text":":id"}] pets fn:PetsController.one`,
      `./decorators#Roles [{"text":"vet"}] pets fn:PetsController.one`,
    ]);
  });
});

describe("[I] routes from composed decorators, across files and from a workspace package", () => {
  const decorators = [
    `import { applyDecorators, Delete, Get, HttpCode, Patch, Post } from "@nestjs/common";`,
    `const methods = { Get, Post, Patch, Delete } as const;`,
    `export function Endpoint(options: { type: keyof typeof methods; path?: string; summary: string }) {`,
    `  const { type, path } = options;`,
    `  return applyDecorators(methods[type](path), HttpCode(200));`,
    `}`,
  ].join("\n");

  it("@Endpoint({ type, path }) from a workspace library and a local @Fetch(path) are routes of the controller; a decorator that composes none is no route", () => {
    const result = lintTree({
      "package.json": { name: "shop", private: true, workspaces: ["apps/*", "packages/*"] },
      "packages/kit/package.json": { name: "@shop/kit", main: "./dist/index.js", types: "./dist/index.d.ts" },
      "packages/kit/src/index.ts": `export * from "./endpoint";\n`,
      "packages/kit/src/endpoint.ts": decorators,
      "apps/pantry/package.json": { name: "pantry", scripts: { start: "node dist/main" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@shop/kit": "*" } },
      "apps/pantry/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Module } from "@nestjs/common";\nimport { ShelvesController } from "./shelves.controller";\n@Module({ controllers: [ShelvesController] })\nclass AppModule {}\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
      "apps/pantry/src/local.ts": `import { applyDecorators, Get, SetMetadata } from "@nestjs/common";\nexport const Fetch = (path: string) => applyDecorators(Get(path));\nexport const Audited = () => applyDecorators(SetMetadata("audited", true));\n`,
      "apps/pantry/src/shelves.controller.ts": [
        `import { Controller } from "@nestjs/common";`,
        `import { Endpoint } from "@shop/kit";`,
        `import { Audited, Fetch } from "./local";`,
        `@Controller("shelves")`,
        `export class ShelvesController {`,
        `  @Endpoint({ type: "Post", path: "stock", summary: "Stock a shelf" }) stock() {}`,
        `  @Endpoint({ type: "Delete", summary: "Empty every shelf" }) empty() {}`,
        `  @Endpoint({ type: "Put", path: "x", summary: "Not in the table" }) put() {}`,
        `  @Fetch(":id") @Audited() one() {}`,
        `}`,
      ].join("\n"),
    });
    expect(result.model.routes.map((r) => `${r.method} ${r.path} ${r.handler?.split("#")[1]}`)).toEqual([
      "POST /shelves/stock fn:ShelvesController.stock",
      "DELETE /shelves fn:ShelvesController.empty",
      "GET /shelves/:id fn:ShelvesController.one",
    ]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => f.location.line)).toEqual([6, 7, 9]);
  });
});
