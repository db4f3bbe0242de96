import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * Client wrappers in a shared library keep each gRPC stub in a public member (`stub`), and the gateway calls through
 * them from elsewhere: a GraphQL resolver through the context its module fills (`ctx.rpc.billing.stub.charge(…)`) and
 * a resolver that is handed a wrapper (`this.ledger.stub.balance(…)`). Two wrappers keep a member of the same name:
 * the .proto that declares each one's service says which serves the method. Before, none of these calls was seen, and
 * the gateway passed unprotected-call with its calls to both services unguarded. The stub made by @nestcloud/grpc's
 * `@Service(name, options)` is read the same way.
 */

const proto = (pkg: string, service: string, rpc: string) => `syntax = "proto3";\npackage ${pkg};\nservice ${service} {\n  rpc ${rpc}(Req) returns (Res) {}\n}\nmessage Req { string id = 1; }\nmessage Res { string id = 1; }\n`;

const nest = ["@nestjs/common", "@nestjs/core", "@nestjs/microservices", "@nestjs/graphql", "rxjs"];

const server = (name: string, grpcService: string, rpc: string, port: number): Tree =>
  service(name, nest, {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { AppModule } from "./app.module";\nasync function start() {\n  const app = await NestFactory.createMicroservice(AppModule, { transport: Transport.GRPC, options: { package: "${name}", protoPath: "${name}.proto", url: "0.0.0.0:${port}" } });\n  await app.listen();\n}\nstart();\n`,
    "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { RpcController } from "./rpc.controller";\n@Module({ controllers: [RpcController] })\nexport class AppModule {}\n`,
    "src/rpc.controller.ts": `import { Controller } from "@nestjs/common";\nimport { GrpcMethod } from "@nestjs/microservices";\n@Controller()\nexport class RpcController {\n  @GrpcMethod("${grpcService}", "${rpc}")\n  handle(req: { id: string }) {\n    return { id: req.id };\n  }\n}\n`,
  });

const nestWrapper = (cls: string, grpcService: string, env: string) =>
  `import { Injectable, OnModuleInit } from "@nestjs/common";\nimport { Client, ClientGrpc, Transport } from "@nestjs/microservices";\n@Injectable()\nexport class ${cls} implements OnModuleInit {\n  @Client({ transport: Transport.GRPC, options: { package: "x", protoPath: "x.proto", url: process.env.${env} } })\n  private readonly client!: ClientGrpc;\n  public stub!: any;\n  onModuleInit() {\n    this.stub = this.client.getService<any>("${grpcService}");\n  }\n}\n`;

const cloudWrapper = (cls: string, grpcService: string) =>
  `import { Injectable } from "@nestjs/common";\nimport { GrpcClient, RpcClient, Service } from "@nestcloud/grpc";\n@Injectable()\nexport class ${cls} {\n  @RpcClient({ service: "x", package: "x", protoPath: "x.proto" })\n  private readonly client!: GrpcClient;\n  @Service("${grpcService}", { service: "x", package: "x", protoPath: "x.proto" })\n  public stub: any;\n}\n`;

const tree = (wrapper = nestWrapper, billingCall = "charge"): Tree => ({
  "proto/billing.proto": proto("billing", "BillingService", "Charge"),
  "proto/ledger.proto": proto("ledger", "LedgerService", "Balance"),
  "docker-compose.yml": "services:\n  gateway:\n    build: ./gateway\n    environment:\n      BILLING_ADDR: billing:7100\n      LEDGER_ADDR: ledger:7200\n  billing:\n    build: ./billing\n  ledger:\n    build: ./ledger\n",
  "libs/clients/package.json": { name: "@shop/clients", main: "src/index.ts" },
  "libs/clients/src/index.ts": `export * from "./billing-client";\nexport * from "./ledger-client";\n`,
  "libs/clients/src/billing-client.ts": wrapper("BillingClient", "BillingService", "BILLING_ADDR"),
  "libs/clients/src/ledger-client.ts": wrapper("LedgerClient", "LedgerService", "LEDGER_ADDR"),
  ...service("gateway", [...nest, "@shop/clients", "@nestcloud/grpc"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { GatewayModule } from "./gateway.module";\nasync function start() {\n  const app = await NestFactory.create(GatewayModule);\n  await app.listen(7000);\n}\nstart();\n`,
    "src/gateway.module.ts": `import { Module } from "@nestjs/common";\nimport { GraphQLModule } from "@nestjs/graphql";\nimport { BillingClient, LedgerClient } from "@shop/clients";\nimport { InvoiceResolver } from "./invoice.resolver";\n@Module({\n  imports: [GraphQLModule.forRootAsync({ inject: [BillingClient, LedgerClient], useFactory: (billing: BillingClient, ledger: LedgerClient) => ({ autoSchemaFile: true, context: ({ req }: any) => ({ req, rpc: { billing, ledger } }) }) })],\n  providers: [BillingClient, LedgerClient, InvoiceResolver],\n})\nexport class GatewayModule {}\n`,
    "src/invoice.resolver.ts": `import { Context, Mutation, Query, Resolver } from "@nestjs/graphql";\nimport { LedgerClient } from "@shop/clients";\nimport type { GatewayContext } from "./context";\n@Resolver()\nexport class InvoiceResolver {\n  constructor(private readonly ledger: LedgerClient) {}\n  @Mutation(() => String)\n  async pay(@Context() ctx: GatewayContext) {\n    return ctx.rpc.billing.stub.${billingCall}({ id: "1" }).toPromise();\n  }\n  @Query(() => String)\n  async balance() {\n    return this.ledger.stub.balance({ id: "1" }).toPromise();\n  }\n}\n`,
    "src/context.ts": `import type { BillingClient, LedgerClient } from "@shop/clients";\nexport interface GatewayContext {\n  rpc: { billing: BillingClient; ledger: LedgerClient };\n}\n`,
  }),
  ...server("billing", "BillingService", "Charge", 7100),
  ...server("ledger", "LedgerService", "Balance", 7200),
});

const calls = (t: Tree) =>
  lintTree(t, { only: "unprotected-call" })
    .model.calls.filter((call) => call.client === "grpc")
    .map((call) => `${call.location.file}:${call.location.line} ${call.url} → ${call.targetService ?? "?"}`)
    .sort();

describe("[U] gRPC stubs kept in a public member of a client wrapper, called from other classes", () => {
  it("calls through a GraphQL context and through an injected wrapper reach the service whose .proto has the method", () => {
    expect(calls(tree())).toEqual(["gateway/src/invoice.resolver.ts:13 LedgerService/Balance → ledger", "gateway/src/invoice.resolver.ts:9 BillingService/Charge → billing"]);
    const findings = lintTree(tree(), { only: "unprotected-call" }).findings.map((f) => `${f.data?.service} → ${f.data?.targetService}`);
    expect(findings.sort()).toEqual(["gateway → billing", "gateway → ledger"]);
  });

  it("a method no .proto declares for either stub is no call", () => {
    expect(calls(tree(nestWrapper, "refund"))).toEqual(["gateway/src/invoice.resolver.ts:13 LedgerService/Balance → ledger"]);
  });

  it("reads @nestcloud/grpc's @Service stubs the same way", () => {
    expect(calls(tree(cloudWrapper))).toEqual(["gateway/src/invoice.resolver.ts:13 LedgerService/Balance → ledger", "gateway/src/invoice.resolver.ts:9 BillingService/Charge → billing"]);
  });
});
