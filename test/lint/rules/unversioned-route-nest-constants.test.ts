import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A NestJS gateway with URI versioning and no default version: each route's version comes from an enum another module
 * exports (`@Version(PARCELS_VERSION.V2)`), on the method or on the controller; one route sets none.
 */
const parcels = (list = ""): Tree =>
  service("services/parcels", ["@nestjs/core", "@nestjs/common"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { VersioningType } from "@nestjs/common";\nimport { ParcelsModule } from "./parcels.module";\nasync function start() {\n  const app = await NestFactory.create(ParcelsModule);\n  app.enableVersioning({ type: VersioningType.URI });\n  await app.listen(3000);\n}\nvoid start();\n`,
    "src/routes/paths.ts": `export enum PARCELS_PATH {\n  TRACK = "track/:code",\n  SEND = "send",\n}\nexport enum PARCELS_VERSION {\n  V1 = "1",\n  V2 = "2",\n}\n`,
    "src/parcels.controller.ts": `import { Controller, Get, Post, Version } from "@nestjs/common";\nimport { PARCELS_PATH, PARCELS_VERSION } from "./routes/paths";\n@Controller("parcels")\nexport class ParcelsController {\n  @Get(PARCELS_PATH.TRACK)\n  @Version(PARCELS_VERSION.V2)\n  track() {}\n  @Post(PARCELS_PATH.SEND)\n  @Version([PARCELS_VERSION.V1, PARCELS_VERSION.V2])\n  send() {}\n  @Get()${list}\n  list() {}\n}\n`,
    "src/lockers.controller.ts": `import { Controller, Get, Version } from "@nestjs/common";\nimport { PARCELS_VERSION } from "./routes/paths";\n@Controller("lockers")\n@Version(PARCELS_VERSION.V1)\nexport class LockersController {\n  @Get()\n  free() {}\n}\n`,
    "src/parcels.module.ts": `import { Module } from "@nestjs/common";\nimport { ParcelsController } from "./parcels.controller";\nimport { LockersController } from "./lockers.controller";\nimport { GatewayHealthController } from "./gateway-health.controller";\n@Module({ controllers: [ParcelsController, LockersController, GatewayHealthController] })\nexport class ParcelsModule {}\n`,
    "src/gateway-health.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("liveness")\nexport class GatewayHealthController {\n  @Get("report")\n  report() {\n    return { up: true };\n  }\n}\n`,
  });

/** The default version read from configuration at run time (`config.get(...)`): every route is versioned, by a version not known here. */
const configured: Tree = service("services/lockers", ["@nestjs/core", "@nestjs/common", "@nestjs/config"], {
  "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { VersioningType } from "@nestjs/common";\nimport { ConfigService } from "@nestjs/config";\nimport { LockersModule } from "./lockers.module";\nimport { Setting } from "./setting";\nasync function start() {\n  const app = await NestFactory.create(LockersModule);\n  const config = app.get(ConfigService);\n  const version = config.get<string>(Setting.API_VERSION);\n  app.enableVersioning({ type: VersioningType.URI, defaultVersion: version });\n  await app.listen(3000);\n}\nvoid start();\n`,
  "src/setting.ts": `export enum Setting {\n  API_VERSION = "API_VERSION",\n}\n`,
  "src/lockers.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("lockers")\nexport class LockersController {\n  @Get()\n  free() {}\n}\n`,
  "src/lockers.module.ts": `import { Module } from "@nestjs/common";\nimport { LockersController } from "./lockers.controller";\n@Module({ controllers: [LockersController] })\nexport class LockersModule {}\n`,
});

ruleTester("unversioned-route", {
  valid: [
    { name: "a default version read from configuration at run time: versioned, which version is not known", files: configured },
    { name: "every route given a version from an imported enum", files: parcels(`\n  @Version(PARCELS_VERSION.V1)`) },
  ],
  invalid: [
    {
      // Only the route with no version is served without one; a controller whose name ends in HealthController is a probe.
      name: "versions from an imported enum, on methods and on a controller, and one route with none",
      files: parcels(),
      errors: [{ messageId: "unversioned", file: "services/parcels/src/parcels.controller.ts", line: 11, data: { method: "GET", path: "/parcels" } }],
    },
  ],
});


describe("[I] a NestJS version the scan cannot read", () => {
  it("is an unknown segment where the version goes, not the text of a hole", () => {
    expect(lintTree(configured).model.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v{?}/lockers"]);
  });
});
