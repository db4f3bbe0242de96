import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

// `app.setGlobalPrefix(configService.getOrThrow("app.apiPrefix"))`: the prefix the settings give (a `registerAs("app", …)`
// namespace reading API_PREFIX with a default), or the environment directly, is the prefix of every route.

const controller = `import { Controller, Get, Post } from "@nestjs/common";\n\n@Controller("tickets")\nexport class TicketsController {\n  @Get()\n  list() {\n    return [];\n  }\n\n  @Post("close")\n  close() {\n    return {};\n  }\n}\n`;
const settings = `import { registerAs } from "@nestjs/config";\n\nexport default registerAs("app", () => ({\n  port: parseInt(process.env.PORT ?? "3000", 10),\n  apiPrefix: process.env.API_PREFIX || "desk",\n}));\n`;

function tree(main: string, env = "", settingsFiles: Record<string, string> = { "src/app.config.ts": settings }) {
  return {
    ...service("desk", ["@nestjs/core", "@nestjs/common", "@nestjs/config"], {
      "src/main.ts": main,
      ...settingsFiles,
      "src/tickets.controller.ts": controller,
    }),
    "docker-compose.yml": `services:\n  desk:\n    build: ./desk\n${env}`,
  };
}

const paths = (main: string, env?: string, settingsFiles?: Record<string, string>) =>
  lintTree(tree(main, env, settingsFiles), { only: "unversioned-route" })
    .model.routes.map((route) => `${route.method} ${route.path}`)
    .sort();

const boot = (prefix: string) =>
  `import { NestFactory } from "@nestjs/core";\nimport { ConfigService } from "@nestjs/config";\nimport { AppModule } from "./app.module";\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  const configService = app.get(ConfigService);\n  app.setGlobalPrefix(${prefix});\n  await app.listen(3000);\n}\nbootstrap();\n`;

describe("[I] a NestJS global prefix read from the settings", () => {
  it("configService.getOrThrow(\"app.apiPrefix\") of a registerAs namespace: its default, or the deployment's value", () => {
    expect(paths(boot(`configService.getOrThrow("app.apiPrefix", { infer: true })`))).toEqual(["GET /desk/tickets", "POST /desk/tickets/close"]);
    expect(paths(boot(`configService.getOrThrow("app.apiPrefix", { infer: true })`), "    environment:\n      API_PREFIX: helpdesk\n")).toEqual(["GET /helpdesk/tickets", "POST /helpdesk/tickets/close"]);
  });

  it("process.env.API_PREFIX with a default; a prefix nothing sets is left out as before", () => {
    expect(paths(boot(`process.env.API_PREFIX ?? "desk"`))).toEqual(["GET /desk/tickets", "POST /desk/tickets/close"]);
    expect(paths(boot(`process.env.API_PREFIX`))).toEqual(["GET /tickets", "POST /tickets/close"]);
  });

  it("a namespace whose factory returns another module's settings object (`() => values.default`, a default or named import): that module's leaf", () => {
    const values = `export default {\n  port: parseInt(process.env.PORT ?? "3000", 10),\n  apiPrefix: process.env.API_PREFIX || "desk",\n};\nexport const named = { apiPrefix: "help" };\n`;
    const getPrefix = boot(`configService.getOrThrow("app.apiPrefix", { infer: true })`);
    const namespaced = { "src/config.values.ts": values, "src/app.config.ts": `import { registerAs } from "@nestjs/config";\nimport * as values from "./config.values";\nexport default registerAs("app", () => values.default);\n` };
    expect(paths(getPrefix, undefined, namespaced)).toEqual(["GET /desk/tickets", "POST /desk/tickets/close"]);
    const byDefault = { "src/config.values.ts": values, "src/app.config.ts": `import { registerAs } from "@nestjs/config";\nimport values from "./config.values";\nexport default registerAs("app", () => values);\n` };
    expect(paths(getPrefix, "    environment:\n      API_PREFIX: helpdesk\n", byDefault)).toEqual(["GET /helpdesk/tickets", "POST /helpdesk/tickets/close"]);
    const byName = { "src/config.values.ts": values, "src/app.config.ts": `import { registerAs } from "@nestjs/config";\nimport { named } from "./config.values";\nexport default registerAs("app", () => named);\n` };
    expect(paths(getPrefix, undefined, byName)).toEqual(["GET /help/tickets", "POST /help/tickets/close"]);
  });
});
