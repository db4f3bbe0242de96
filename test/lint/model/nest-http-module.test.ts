import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * NestJS gateways often give each feature module its own HttpService: `HttpModule.register({ baseURL })` in the
 * module's imports, and the module's providers call `this.http.get("/orders/1")` relative to that base.
 */

const nestApp = (dir: string, port: number, files: Record<string, string>) =>
  service(dir, ["@nestjs/common", "@nestjs/core", "@nestjs/axios", "rxjs"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nasync function start() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(${port});\n}\nstart();\n`,
    ...files,
  });

function shop(ordersModule: string): Tree {
  const tree: Tree = {
    "docker-compose.yml": `services:\n  gateway:\n    build: ./gateway\n    environment:\n      ORDERS_API: http://orders:3002\n  orders:\n    build: ./orders\n`,
    ...nestApp("gateway", 3000, {
      "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { OrdersModule } from "./orders/orders.module";\nimport { StockModule } from "./stock/stock.module";\n@Module({ imports: [OrdersModule, StockModule] })\nexport class AppModule {}\n`,
      "src/orders/orders.module.ts": ordersModule,
      "src/orders/orders.controller.ts": `import { Controller, Get, Param } from "@nestjs/common";\nimport { OrdersProxy } from "./orders.proxy";\n@Controller("v1/orders")\nexport class OrdersController {\n  constructor(private readonly proxy: OrdersProxy) {}\n  @Get(":id")\n  one(@Param("id") id: string) {\n    return this.proxy.find(id);\n  }\n}\n`,
      "src/orders/orders.proxy.ts": `import { Injectable } from "@nestjs/common";\nimport { HttpService } from "@nestjs/axios";\nimport { firstValueFrom } from "rxjs";\n@Injectable()\nexport class OrdersProxy {\n  constructor(private readonly http: HttpService) {}\n  async find(id: string) {\n    const reply = await firstValueFrom(this.http.get(\`/v1/orders/\${id}\`));\n    return reply.data;\n  }\n}\n`,
      "src/stock/stock.module.ts": `import { Module } from "@nestjs/common";\nimport { HttpModule } from "@nestjs/axios";\nimport { StockController } from "./stock.controller";\n@Module({ imports: [HttpModule.register({ baseURL: process.env.STOCK_SERVICE_URL })], controllers: [StockController] })\nexport class StockModule {}\n`,
      "src/stock/stock.controller.ts": `import { Controller, Get } from "@nestjs/common";\nimport { HttpService } from "@nestjs/axios";\nimport { lastValueFrom } from "rxjs";\n@Controller("v1/stock")\nexport class StockController {\n  constructor(private readonly httpService: HttpService) {}\n  @Get()\n  async levels() {\n    return (await lastValueFrom(this.httpService.get("/v1/levels"))).data;\n  }\n}\n`,
    }),
    ...nestApp("orders", 3002, {
      "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { OrdersController } from "./orders.controller";\n@Module({ controllers: [OrdersController] })\nexport class AppModule {}\n`,
      "src/orders.controller.ts": `import { Controller, Get, Param } from "@nestjs/common";\n@Controller("v1/orders")\nexport class OrdersController {\n  @Get(":id")\n  one(@Param("id") id: string) {\n    return { id };\n  }\n}\n`,
    }),
    ...nestApp("stock", 3003, {
      "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { LevelsController } from "./levels.controller";\n@Module({ controllers: [LevelsController] })\nexport class AppModule {}\n`,
      "src/levels.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("v1/levels")\nexport class LevelsController {\n  @Get()\n  all() {\n    return [];\n  }\n}\n`,
    }),
  };
  tree["stock/package.json"] = { name: "stock_service", main: "src/main.ts", dependencies: { "@nestjs/common": "*", "@nestjs/core": "*" } };
  return tree;
}

const targets = (tree: Tree) =>
  lintTree(tree)
    .model.calls.filter((call) => call.service === "gateway")
    .map((call) => `${call.method} ${call.url} -> ${call.targetRoute ?? call.targetService ?? call.resolution}`);

describe("[U] NestJS HttpModule.register({ baseURL }): the module's providers and controllers call relative to it", () => {
  it("register and registerAsync with a factory; a package named stock_service is the STOCK_SERVICE_URL service", () => {
    expect(
      targets(
        shop(
          `import { Module } from "@nestjs/common";\nimport { HttpModule } from "@nestjs/axios";\nimport { ConfigService } from "@nestjs/config";\nimport { OrdersController } from "./orders.controller";\nimport { OrdersProxy } from "./orders.proxy";\n@Module({\n  imports: [HttpModule.registerAsync({ inject: [ConfigService], useFactory: (config: ConfigService) => ({ baseURL: config.get("ORDERS_API"), timeout: 5000 }) })],\n  controllers: [OrdersController],\n  providers: [OrdersProxy],\n})\nexport class OrdersModule {}\n`,
        ),
      ),
    ).toEqual(["GET http://orders:3002/v1/orders/{id} -> orders GET /v1/orders/:id", "GET ${STOCK_SERVICE_URL}/v1/levels -> stock_service GET /v1/levels"]);
  });

  it("the <NAME>_URL convention: USERS_SERVICE_URL names user_service, ACCOUNTS_SERVICE_URL the service in folder accounts-service", () => {
    const tree: Tree = {
      ...nestApp("gateway", 3000, {
        "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { HttpModule } from "@nestjs/axios";\nimport { ProfileController } from "./profile.controller";\n@Module({ imports: [HttpModule], controllers: [ProfileController] })\nexport class AppModule {}\n`,
        "src/profile.controller.ts": `import { Controller, Get } from "@nestjs/common";\nimport { HttpService } from "@nestjs/axios";\nimport { firstValueFrom } from "rxjs";\n@Controller("v1/profile")\nexport class ProfileController {\n  constructor(private readonly http: HttpService) {}\n  @Get()\n  async me() {\n    const user = await firstValueFrom(this.http.get(\`\${process.env.USERS_SERVICE_URL}/v1/users/me\`));\n    const account = await firstValueFrom(this.http.get(\`\${process.env.ACCOUNTS_SERVICE_URL}/v1/accounts/me\`));\n    return { user, account };\n  }\n}\n`,
      }),
      ...nestApp("user-service", 3005, {}),
      ...nestApp("accounts-service", 3008, {}),
    };
    tree["user-service/package.json"] = { name: "user_service", main: "src/main.ts", dependencies: { "@nestjs/common": "*", "@nestjs/core": "*" } };
    tree["accounts-service/package.json"] = { name: "user-management-service", main: "src/main.ts", dependencies: { "@nestjs/common": "*", "@nestjs/core": "*" } };
    expect(targets(tree)).toEqual(["GET ${USERS_SERVICE_URL}/v1/users/me -> user_service", "GET ${ACCOUNTS_SERVICE_URL}/v1/accounts/me -> user-management-service"]);
  });

  it("a base URL a constructor reads into a constant and then keeps in a field", () => {
    const tree = shop(`import { Module } from "@nestjs/common";\nimport { HttpModule } from "@nestjs/axios";\nimport { OrdersController } from "./orders.controller";\nimport { OrdersProxy } from "./orders.proxy";\n@Module({ imports: [HttpModule], controllers: [OrdersController], providers: [OrdersProxy] })\nexport class OrdersModule {}\n`);
    tree["gateway/src/orders/orders.proxy.ts"] = `import { Injectable } from "@nestjs/common";\nimport { HttpService } from "@nestjs/axios";\nimport { ConfigService } from "@nestjs/config";\nimport { firstValueFrom } from "rxjs";\n@Injectable()\nexport class OrdersProxy {\n  private readonly ordersUrl: string;\n  constructor(private readonly http: HttpService, private readonly configService: ConfigService) {\n    const fromEnv = this.configService.get<string>("ORDERS_API");\n    if (!fromEnv) throw new Error("ORDERS_API is not set");\n    this.ordersUrl = fromEnv;\n  }\n  async find(id: string) {\n    const url = \`\${this.ordersUrl}/v1/orders/\${id}\`;\n    return (await firstValueFrom(this.http.get(url))).data;\n  }\n}\n`;
    expect(targets(tree)[0]).toBe("GET http://orders:3002/v1/orders/{id} -> orders GET /v1/orders/:id");
  });

  it("localhost:3000 is the Nest app listening on process.env.PORT ?? 3000; an IP address with a port is the one service listening there", () => {
    const tree = shop(`import { Module } from "@nestjs/common";\nimport { HttpModule } from "@nestjs/axios";\nimport { OrdersController } from "./orders.controller";\nimport { OrdersProxy } from "./orders.proxy";\n@Module({ imports: [HttpModule], controllers: [OrdersController], providers: [OrdersProxy] })\nexport class OrdersModule {}\n`);
    tree["gateway/src/main.ts"] = `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nasync function start() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000, "0.0.0.0");\n}\nstart();\n`;
    tree["orders/src/orders.controller.ts"] = `import { Controller, Get, Param } from "@nestjs/common";\nimport { HttpService } from "@nestjs/axios";\nimport { firstValueFrom } from "rxjs";\n@Controller("v1/orders")\nexport class OrdersController {\n  constructor(private readonly http: HttpService) {}\n  @Get(":id")\n  async one(@Param("id") id: string) {\n    await firstValueFrom(this.http.post(\`http://localhost:3000/v1/stock/\${id}\`));\n    await firstValueFrom(this.http.get(\`http://10.20.30.40:3003/v1/levels\`));\n    await firstValueFrom(this.http.get(\`http://10.20.30.40:443/v1/levels\`));\n    return { id };\n  }\n}\n`;
    const calls = lintTree(tree).model.calls.filter((call) => call.service === "orders");
    expect(calls.map((call) => `${call.url} -> ${call.targetService ?? call.resolution}`)).toEqual([
      "http://localhost:3000/v1/stock/{id} -> gateway",
      "http://10.20.30.40:3003/v1/levels -> stock_service",
      "http://10.20.30.40:443/v1/levels -> host 10.20.30.40 is not a known service",
    ]);
  });

  it("a module without a base leaves the relative URL unresolved, and says so", () => {
    expect(targets(shop(`import { Module } from "@nestjs/common";\nimport { HttpModule } from "@nestjs/axios";\nimport { OrdersController } from "./orders.controller";\nimport { OrdersProxy } from "./orders.proxy";\n@Module({ imports: [HttpModule], controllers: [OrdersController], providers: [OrdersProxy] })\nexport class OrdersModule {}\n`))[0]).toBe(
      "GET /v1/orders/{id} -> the URL did not resolve to a host",
    );
  });
});

describe("[U] a base URL whose default is empty (acc23a)", () => {
  it("`process.env.USERS_SERVICE_URL || \"\"` names no address: the variable's name says which service, as with no default", () => {
    const tree: Tree = {
      ...service("gateway", ["express", "axios"], {
        "src/server.ts": `import express from "express";\nimport axios from "axios";\nconst usersBase = process.env.USERS_SERVICE_URL || "";\nexpress().get("/v1/me", async (req, res) => res.json((await axios.get(\`\${usersBase}/v1/users/me\`)).data)).listen(3000);\n`,
      }),
      ...service("users-service", ["express"], { "src/server.ts": `import express from "express";\nexpress().get("/v1/users/me", (req, res) => res.json({})).listen(3001);\n` }),
    };
    expect(lintTree(tree).model.calls.filter((call) => call.service === "gateway").map((call) => `${call.targetService ?? "-"} (${call.resolution})`)).toEqual(["users-service (USERS_SERVICE_URL (by the <NAME>_URL convention))"]);
  });
});
