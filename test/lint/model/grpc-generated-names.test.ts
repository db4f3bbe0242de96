import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * ts-proto's NestJS output, generated at build time and not committed, imported as a namespace: the server's class
 * takes `@AccountsProto.AccountsServiceControllerMethods()`, the client asks for `AccountsProto.ACCOUNTS_SERVICE_NAME`.
 * The generator names that constant's value after the .proto service (`ACCOUNTS_SERVICE_NAME = "AccountsService"`),
 * so the call is `AccountsService/Lookup`, served by the class. Before, the server served nothing and the call stayed
 * `{AccountsProto.ACCOUNTS_SERVICE_NAME}/Lookup`, tied to no service.
 */

const nest = ["@nestjs/common", "@nestjs/core", "@nestjs/microservices", "rxjs"];

const tree = (decorator = "@AccountsProto.AccountsServiceControllerMethods()"): Tree => ({
  "docker-compose.yml": "services:\n  portal:\n    build: ./portal\n  accounts:\n    build: ./accounts\n",
  ...service("accounts", nest, {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { AccountsModule } from "./accounts.module";\nasync function start() {\n  const app = await NestFactory.createMicroservice(AccountsModule, { transport: Transport.GRPC, options: { package: "accounts", protoPath: "accounts.proto", url: "0.0.0.0:6100" } });\n  await app.listen();\n}\nstart();\n`,
    "src/accounts.module.ts": `import { Module } from "@nestjs/common";\nimport { AccountsController } from "./accounts.controller";\n@Module({ controllers: [AccountsController] })\nexport class AccountsModule {}\n`,
    "src/accounts.controller.ts": `import { Controller } from "@nestjs/common";\nimport { AccountsProto } from "@shop/generated";\n@Controller()\n${decorator}\nexport class AccountsController {\n  lookup(request: { id: string }) {\n    return { id: request.id };\n  }\n}\n`,
  }),
  ...service("portal", nest, {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { PortalModule } from "./portal.module";\nasync function start() {\n  const app = await NestFactory.create(PortalModule);\n  await app.listen(6000);\n}\nstart();\n`,
    "src/portal.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { PortalController } from "./portal.controller";\n@Module({\n  imports: [ClientsModule.register([{ name: "ACCOUNTS", transport: Transport.GRPC, options: { package: "accounts", protoPath: "accounts.proto", url: "accounts:6100" } }])],\n  controllers: [PortalController],\n})\nexport class PortalModule {}\n`,
    "src/portal.controller.ts": `import { Controller, Get, Inject, OnModuleInit, Param } from "@nestjs/common";\nimport type { ClientGrpc } from "@nestjs/microservices";\nimport { firstValueFrom } from "rxjs";\nimport { AccountsProto } from "@shop/generated";\n@Controller("v1/me")\nexport class PortalController implements OnModuleInit {\n  private accounts: AccountsProto.AccountsServiceClient;\n  constructor(@Inject("ACCOUNTS") private readonly client: ClientGrpc) {}\n  onModuleInit() {\n    this.accounts = this.client.getService<AccountsProto.AccountsServiceClient>(AccountsProto.ACCOUNTS_SERVICE_NAME);\n  }\n  @Get(":id")\n  async me(@Param("id") id: string) {\n    return firstValueFrom(this.accounts.lookup({ id }));\n  }\n}\n`,
  }),
});

const calls = (t: Tree) =>
  lintTree(t, { only: "unprotected-call" })
    .model.calls.filter((call) => call.client === "grpc")
    .map((call) => `${call.service} ${call.url} → ${call.targetRoute ?? "?"}`);

describe("[U] ts-proto's generated names, the generated module not committed", () => {
  it("the service-name constant is the .proto service's name, and the namespaced decorator serves its methods", () => {
    expect(calls(tree())).toEqual(["portal AccountsService/Lookup → accounts GRPC /AccountsService/Lookup"]);
  });

  it("a generated module that is committed, re-exported as a namespace through a barrel, gives the constant's own value", () => {
    const t = tree(`@GrpcMethod("AccountsDirectory", "Lookup")`);
    t["accounts/src/accounts.controller.ts"] = (t["accounts/src/accounts.controller.ts"] as string).replace(`import { AccountsProto } from "@shop/generated";`, `import { GrpcMethod } from "@nestjs/microservices";`).replace(`@Controller()\n@GrpcMethod("AccountsDirectory", "Lookup")\nexport class AccountsController {\n  lookup(`, `@Controller()\nexport class AccountsController {\n  @GrpcMethod("AccountsDirectory", "Lookup")\n  lookup(`);
    t["portal/src/portal.controller.ts"] = (t["portal/src/portal.controller.ts"] as string).replace(`from "@shop/generated"`, `from "./generated"`);
    t["portal/src/generated/index.ts"] = `export * from "./protos";\n`;
    t["portal/src/generated/protos.ts"] = `export * as AccountsProto from "./accounts";\n`;
    t["portal/src/generated/accounts.ts"] = `export const ACCOUNTS_SERVICE_NAME = "AccountsDirectory";\nexport interface AccountsServiceClient {\n  lookup(request: { id: string }): unknown;\n}\n`;
    expect(calls(t)).toEqual(["portal AccountsDirectory/Lookup → accounts GRPC /AccountsDirectory/Lookup"]);
  });

  it("a class without the generated decorator serves nothing, and the call stays unresolved", () => {
    expect(calls(tree(""))).toEqual(["portal AccountsService/Lookup → ?"]);
  });
});
