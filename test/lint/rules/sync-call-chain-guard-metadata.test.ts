import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * A NestJS guard that lets routes through by their metadata before it asks another service anything: the routes it
 * lets through make no call through it. Two shapes: a public mark that skips the check (`@Open()`, read with
 * getAllAndOverride), and a secured mark the check needs (`@Secured(true)`, read with reflector.get).
 */

const downstream: Tree = {
  ...service("services/sessions", ["express"], {
    "src/server.js": `const express = require("express");\nconst app = express();\napp.post("/v1/sessions/check", async (req, res) => {\n  const r = await fetch(\`\${process.env.PROFILES_URL}/v1/profiles/me\`);\n  res.json(await r.json());\n});\napp.listen(3000);\n`,
  }),
  ...service("services/profiles", ["express"], { "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/profiles/me", (req, res) => res.json({}));\napp.listen(3000);\n` }),
  "docker-compose.yml": `services:\n  desk:\n    build: ./services/desk\n    environment:\n      SESSIONS_URL: http://sessions:3000\n  sessions:\n    build: ./services/sessions\n    environment:\n      PROFILES_URL: http://profiles:3000\n  profiles:\n    build: ./services/profiles\n`,
};

const desk = (files: Record<string, string>): Tree => ({
  ...service("services/desk", ["@nestjs/core", "@nestjs/common"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { DeskModule } from "./desk.module";\nasync function bootstrap() {\n  const app = await NestFactory.create(DeskModule);\n  await app.listen(3000);\n}\nbootstrap();\n`,
    ...files,
  }),
  ...downstream,
});

const chains = (tree: Tree) =>
  lintTree(tree, { only: "sync-call-chain" })
    .findings.map((f) => f.message.split(" waits")[0])
    .sort();

describe("[I] NestJS guards that let routes through by metadata", () => {
  it("an app-wide guard opening with `if (open) return true` makes its call only for the routes not marked @Open()", () => {
    const tree = desk({
      "src/open.decorator.ts": `import { SetMetadata } from "@nestjs/common";\nexport const OPEN_ROUTE = "open-route";\nexport const Open = () => SetMetadata(OPEN_ROUTE, true);\n`,
      "src/session.guard.ts": `import { CanActivate, ExecutionContext, Injectable } from "@nestjs/common";\nimport { Reflector } from "@nestjs/core";\nimport { OPEN_ROUTE } from "./open.decorator";\n@Injectable()\nexport class SessionGuard implements CanActivate {\n  constructor(private readonly reflector: Reflector) {}\n  async canActivate(context: ExecutionContext): Promise<boolean> {\n    const open = this.reflector.getAllAndOverride<boolean>(OPEN_ROUTE, [context.getHandler(), context.getClass()]);\n    if (open) {\n      return true;\n    }\n    const r = await fetch(\`\${process.env.SESSIONS_URL}/v1/sessions/check\`, { method: "POST" });\n    return r.ok;\n  }\n}\n`,
      "src/tickets.controller.ts": `import { Controller, Get } from "@nestjs/common";\nimport { Open } from "./open.decorator";\n@Controller("v1/tickets")\nexport class TicketsController {\n  @Open()\n  @Get("faq")\n  faq() {\n    return [];\n  }\n  @Get()\n  list() {\n    return [];\n  }\n}\n`,
      "src/desk.module.ts": `import { Module } from "@nestjs/common";\nimport { APP_GUARD } from "@nestjs/core";\nimport { SessionGuard } from "./session.guard";\nimport { TicketsController } from "./tickets.controller";\n@Module({\n  controllers: [TicketsController],\n  providers: [{ provide: APP_GUARD, useClass: SessionGuard }],\n})\nexport class DeskModule {}\n`,
    });
    expect(chains(tree)).toEqual(["GET /v1/tickets in desk"]);
  });

  it("a controller's guard opening with `if (!secured) return true` makes its call only for routes marked @Secured(true)", () => {
    const tree = desk({
      "src/secured.ts": `import { SetMetadata } from "@nestjs/common";\nexport function Secured(on: boolean) {\n  return SetMetadata("secured", on);\n}\n`,
      "src/access.guard.ts": `import { CanActivate, ExecutionContext, Injectable } from "@nestjs/common";\nimport { Reflector } from "@nestjs/core";\n@Injectable()\nexport class AccessGuard implements CanActivate {\n  constructor(private readonly reflector: Reflector) {}\n  async canActivate(context: ExecutionContext): Promise<boolean> {\n    const secured = this.reflector.get<boolean>("secured", context.getHandler());\n    if (!secured) return true;\n    const r = await fetch(\`\${process.env.SESSIONS_URL}/v1/sessions/check\`, { method: "POST" });\n    return r.ok;\n  }\n}\n`,
      "src/tickets.controller.ts": `import { Controller, Get, Post, Delete, UseGuards } from "@nestjs/common";\nimport { AccessGuard } from "./access.guard";\nimport { Secured } from "./secured";\n@Controller("v1/tickets")\n@UseGuards(AccessGuard)\nexport class TicketsController {\n  @Get()\n  list() {\n    return [];\n  }\n  @Post()\n  @Secured(true)\n  open() {\n    return {};\n  }\n  @Delete(":id")\n  @Secured(false)\n  close() {\n    return {};\n  }\n}\n`,
      "src/desk.module.ts": `import { Module } from "@nestjs/common";\nimport { TicketsController } from "./tickets.controller";\n@Module({ controllers: [TicketsController] })\nexport class DeskModule {}\n`,
    });
    expect(chains(tree)).toEqual(["POST /v1/tickets in desk"]);
  });

  it("a guard that calls before reading the metadata makes its call for every route", () => {
    const tree = desk({
      "src/open.decorator.ts": `import { SetMetadata } from "@nestjs/common";\nexport const Open = () => SetMetadata("open-route", true);\n`,
      "src/session.guard.ts": `import { CanActivate, ExecutionContext, Injectable } from "@nestjs/common";\nimport { Reflector } from "@nestjs/core";\n@Injectable()\nexport class SessionGuard implements CanActivate {\n  constructor(private readonly reflector: Reflector) {}\n  async canActivate(context: ExecutionContext): Promise<boolean> {\n    const r = await fetch(\`\${process.env.SESSIONS_URL}/v1/sessions/check\`, { method: "POST" });\n    if (this.reflector.get("open-route", context.getHandler())) return true;\n    return r.ok;\n  }\n}\n`,
      "src/tickets.controller.ts": `import { Controller, Get, UseGuards } from "@nestjs/common";\nimport { Open } from "./open.decorator";\nimport { SessionGuard } from "./session.guard";\n@Controller("v1/tickets")\n@UseGuards(SessionGuard)\nexport class TicketsController {\n  @Open()\n  @Get("faq")\n  faq() {\n    return [];\n  }\n  @Get()\n  list() {\n    return [];\n  }\n}\n`,
      "src/desk.module.ts": `import { Module } from "@nestjs/common";\nimport { TicketsController } from "./tickets.controller";\n@Module({ controllers: [TicketsController] })\nexport class DeskModule {}\n`,
    });
    expect(chains(tree)).toEqual(["GET /v1/tickets in desk", "GET /v1/tickets/faq in desk"]);
  });
});
