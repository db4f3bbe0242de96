import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";

/**
 * A NestJS main file that mounts middleware on the HTTP platform under the app (extract/nest-app.ts): through the app
 * (`app.use(…)`) or the instance its adapter hands out (`app.getHttpAdapter().getInstance()`). A gateway written so
 * forwards each path it filters; those routes are the platform's, outside Nest's global prefix.
 */

const main = (body: string, imports = "") =>
  [
    `import { NestFactory } from "@nestjs/core";`,
    `import { createProxyMiddleware } from "http-proxy-middleware";`,
    `import { GatewayModule } from "./gateway.module";`,
    imports,
    `async function start() {`,
    `  const app = await NestFactory.create(GatewayModule);`,
    body,
    `  await app.listen(4000);`,
    `}`,
    `start();`,
  ].join("\n");

const routes = (code: string) => facts(code, "src/main.ts").routes.map((r) => `${r.framework} ${r.method.toUpperCase()} ${r.path}`);

describe("[U] a NestJS app's HTTP platform", () => {
  it("app.use(proxy) on the app NestFactory made is a route per path the proxy filters, on Express", () => {
    expect(routes(main(`  app.use(createProxyMiddleware({ target: "http://ledger:5000", pathFilter: ["/ledger", "/balances"] }));`))).toEqual(["express ALL /ledger/*", "express ALL /balances/*"]);
  });

  it("the instance under the adapter, named or chained, is the same app", () => {
    const named = main([`  const platform = app.getHttpAdapter().getInstance();`, `  platform.use(createProxyMiddleware({ target: "http://ledger:5000", pathFilter: "/ledger" }));`].join("\n"));
    const chained = main(`  app.getHttpAdapter().getInstance().use("/ledger", createProxyMiddleware({ target: "http://ledger:5000" }));`);
    expect(routes(named)).toEqual(["express ALL /ledger/*"]);
    expect(routes(chained)).toEqual(["express ALL /ledger/*"]);
  });

  it("with a FastifyAdapter the platform is Fastify", () => {
    const code = main(`  app.getHttpAdapter().getInstance().get("/v1/ping", async () => "pong");`, `import { FastifyAdapter } from "@nestjs/platform-fastify";`).replace("NestFactory.create(GatewayModule)", "NestFactory.create(GatewayModule, new FastifyAdapter())");
    expect(routes(code)).toEqual(["fastify GET /v1/ping"]);
  });

  it("app.get(ConfigService) reads a provider: no route; a NestFactory of another package makes no app", () => {
    expect(routes(main(`  const config = app.get(ConfigService);\n  app.use(helmet());`))).toEqual([]);
    const other = main(`  app.use(createProxyMiddleware({ target: "http://ledger:5000", pathFilter: "/ledger" }));`).replace(`from "@nestjs/core"`, `from "./factory"`);
    expect(routes(other)).toEqual([]);
  });
});

describe("[I] a NestJS gateway forwarding through http-proxy-middleware", () => {
  const tree = {
    ...service("gateway", ["@nestjs/core", "@nestjs/common", "http-proxy-middleware"], {
      "src/main.ts": main(
        [
          `  app.setGlobalPrefix("api");`,
          `  app.getHttpAdapter().getInstance().use(createProxyMiddleware({ target: process.env.LEDGER_URL || "http://ledger:5000", pathFilter: ["/v1/ledger"] }));`,
        ].join("\n"),
      ),
      "src/gateway.module.ts": `import { Module } from "@nestjs/common";\nimport { StatusController } from "./status.controller";\n@Module({ controllers: [StatusController] })\nexport class GatewayModule {}\n`,
      "src/status.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("v1/status")\nexport class StatusController {\n  @Get()\n  show() { return { up: true }; }\n}\n`,
    }),
    ...service("ledger", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/ledger/:id", (req, res) => res.json({}));\napp.listen(5000);\n` }),
    "docker-compose.yml": "services:\n  gateway:\n    build: ./gateway\n  ledger:\n    build: ./ledger\n",
  };

  it("the proxy's routes are outside the global prefix, the controllers' under it, and the proxy reaches ledger", () => {
    const result = lintTree(tree, { only: "unversioned-route" });
    expect(result.model.routes.filter((r) => r.service === "gateway").map((r) => `${r.method} ${r.path}`).sort()).toEqual(["ALL /v1/ledger/*", "GET /api/v1/status"]);
    expect(result.model.calls.filter((c) => c.service === "gateway").map((c) => c.targetService)).toEqual(["ledger"]);
    expect(result.diagnostics.filter((d) => /proxy/.test(d.message))).toEqual([]);
  });
});
