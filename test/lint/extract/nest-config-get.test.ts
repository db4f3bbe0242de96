import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * A NestJS app on the Fastify adapter reads its settings through `app.get(ConfigService)`: `configService.get("PORT",
 * 3000, { infer: true })` has a bare word first and options last, which fastify's shorthand for a route under a
 * prefix (`app.get("health", handler)`) also has. Options with no handler in them are no route. (acc31b)
 */
describe("[U] configService.get(name, default?, options) beside a Fastify Nest app", () => {
  it("makes no route", () => {
    const tree = service("booth", ["@nestjs/core", "@nestjs/common", "@nestjs/config", "@nestjs/platform-fastify", "fastify"], {
      "src/main.ts":
        `import { NestFactory } from "@nestjs/core";\nimport { ConfigService } from "@nestjs/config";\nimport { FastifyAdapter, NestFastifyApplication } from "@nestjs/platform-fastify";\nimport { AppModule } from "./app.module";\n` +
        `async function start() {\n  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());\n  const configService = app.get<ConfigService>(ConfigService);\n  const port = configService.get("PORT", 3000, { infer: true });\n  const mode = configService.get("NODE_ENV", { infer: true });\n  app.getHttpAdapter().getInstance().get("ping", async () => ({ mode }));\n  await app.listen(port, "0.0.0.0");\n}\nvoid start();\n`,
      "src/app.module.ts": `import { Module } from "@nestjs/common";\n@Module({})\nexport class AppModule {}\n`,
    });
    const paths = lintTree(tree, { only: "unversioned-route" }).model.routes.map((r) => `${r.method} ${r.path}`);
    expect(paths.filter((p) => /PORT|NODE_ENV/.test(p))).toEqual([]);
  });
});
