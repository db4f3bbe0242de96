import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

/**
 * NestJS gRPC stubs reached the ways real gateways write them: a getter or a method without parameters that hands the
 * stub out (`get ledger() { return this.pick().getService(…) }`, `this.ledgerStub().balance()`), a stub set in
 * `onModuleInit` under a condition (`if (transport === "grpc") this.stub = …`), and a call made inside an arrow handed
 * to the service's own breaker wrapper (`this.breakers.fire("ledger", () => …)`, whose `getBreaker` makes
 * `new CircuitBreaker(action)`): guarded. A stub another class's function hands out for a name it is given is not
 * followed, and a diagnostic says so instead of a silent "no call".
 */

const ledgerProto = `syntax = "proto3";
package ledger;
service LedgerService {
  rpc Record(Entry) returns (Receipt) {}
  rpc Balance(Account) returns (Amount) {}
}
message Entry { string account = 1; }
message Receipt { string id = 1; }
message Account { string id = 1; }
message Amount { int64 cents = 1; }
`;

const nest = ["@nestjs/common", "@nestjs/core", "@nestjs/microservices", "rxjs"];

const ledgerServer = service("apps/ledger", nest, {
  "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { LedgerModule } from "./ledger.module";\nasync function start() {\n  const app = await NestFactory.createMicroservice(LedgerModule, { transport: Transport.GRPC, options: { package: "ledger", protoPath: "proto/ledger.proto", url: "0.0.0.0:7100" } });\n  await app.listen();\n}\nstart();\n`,
  "src/ledger.module.ts": `import { Module } from "@nestjs/common";\nimport { LedgerController } from "./ledger.controller";\n@Module({ controllers: [LedgerController] })\nexport class LedgerModule {}\n`,
  "src/ledger.controller.ts": `import { Controller } from "@nestjs/common";\nimport { GrpcMethod } from "@nestjs/microservices";\n@Controller()\nexport class LedgerController {\n  @GrpcMethod("LedgerService", "Record")\n  record(entry: { account: string }) { return { id: "r-" + entry.account }; }\n  @GrpcMethod("LedgerService", "Balance")\n  balance(account: { id: string }) { return { cents: 0 }; }\n}\n`,
});

const gatewayModule = `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { WalletController } from "./wallet.controller";\nimport { WalletService } from "./wallet.service";\nimport { Breakers } from "./breakers";\n@Module({\n  imports: [ClientsModule.register([{ name: "LEDGER", transport: Transport.GRPC, options: { package: "ledger", protoPath: "proto/ledger.proto", url: process.env.LEDGER_ADDR } }])],\n  controllers: [WalletController],\n  providers: [WalletService, Breakers],\n})\nexport class GatewayModule {}\n`;
const gatewayMain = `import { NestFactory } from "@nestjs/core";\nimport { GatewayModule } from "./gateway.module";\nasync function start() {\n  const app = await NestFactory.create(GatewayModule);\n  await app.listen(7000);\n}\nstart();\n`;

// The breaker wrapper: `fire` hands its `action` to `getBreaker`, which makes the opossum breaker around it.
const breakers = `import { Injectable } from "@nestjs/common";\nimport CircuitBreaker from "opossum";\n@Injectable()\nexport class Breakers {\n  private readonly made = new Map<string, CircuitBreaker>();\n  getBreaker(name: string, action: (...args: unknown[]) => Promise<unknown>): CircuitBreaker {\n    if (!this.made.has(name)) this.made.set(name, new CircuitBreaker(action, { timeout: 1500 }));\n    return this.made.get(name)!;\n  }\n  async fire(name: string, action: (...args: unknown[]) => Promise<unknown>, ...args: unknown[]) {\n    return this.getBreaker(name, action).fire(...args);\n  }\n}\n`;

const walletController = (call: string) =>
  `import { Controller, Get, Inject, Post } from "@nestjs/common";\nimport type { ClientGrpc } from "@nestjs/microservices";\nimport { firstValueFrom } from "rxjs";\nimport { WalletService } from "./wallet.service";\n@Controller("v1/wallet")\nexport class WalletController {\n  constructor(@Inject("LEDGER") private readonly clients: ClientGrpc[], private readonly wallet: WalletService) {}\n  get ledger() {\n    const pick = Math.floor(Math.random() * this.clients.length);\n    return this.clients[pick].getService<any>("LedgerService");\n  }\n  @Post("entries")\n  async add() {\n    return ${call};\n  }\n  @Get("balance")\n  async balance() {\n    return this.wallet.balance();\n  }\n  @Get("guarded-balance")\n  async guardedBalance() {\n    return this.wallet.guardedBalance();\n  }\n}\n`;

const walletService = `import { Inject, Injectable, OnModuleInit } from "@nestjs/common";\nimport type { ClientGrpc } from "@nestjs/microservices";\nimport { firstValueFrom } from "rxjs";\nimport { Breakers } from "./breakers";\nconst ensure = <T>(stub: T | undefined, make: () => T): T => stub ?? make();\n@Injectable()\nexport class WalletService implements OnModuleInit {\n  private stub: any;\n  constructor(@Inject("LEDGER") private readonly client: ClientGrpc, private readonly breakers: Breakers) {}\n  onModuleInit() {\n    if (process.env.LEDGER_TRANSPORT !== "tcp") {\n      this.stub = this.client.getService<any>("LedgerService");\n    }\n  }\n  private ledgerStub() {\n    return ensure(this.stub, () => this.client.getService<any>("LedgerService"));\n  }\n  async balance() {\n    return firstValueFrom(this.ledgerStub().balance({ id: "a" }));\n  }\n  async guardedBalance() {\n    return this.breakers.fire("ledger", () => firstValueFrom(this.stub.balance({ id: "a" })));\n  }\n}\n`;

const shop = (call = `firstValueFrom(this.ledger.record({ account: "a" }))`): Tree => ({
  "proto/ledger.proto": ledgerProto,
  "docker-compose.yml": "services:\n  gateway:\n    build: ./apps/gateway\n    environment:\n      LEDGER_ADDR: ledger:7100\n  ledger:\n    build: ./apps/ledger\n",
  ...service("apps/gateway", [...nest, "opossum"], {
    "src/main.ts": gatewayMain,
    "src/gateway.module.ts": gatewayModule,
    "src/breakers.ts": breakers,
    "src/wallet.controller.ts": walletController(call),
    "src/wallet.service.ts": walletService,
  }),
  ...ledgerServer,
});

const grpcCalls = (result: LintResult) =>
  result.model.calls
    .filter((call) => call.client === "grpc")
    .map((call) => `${call.location.file}:${call.location.line} ${call.url} → ${call.targetService ?? "?"}${call.guards?.breaker ? " (breaker)" : ""}`)
    .sort();

const rules = { "unprotected-call": "warn", "sync-call-chain": "warn" } as const;

describe("[U] NestJS gRPC stubs handed out by getters and methods", () => {
  it("calls through a getter, a method that hands the stub out, and a stub set under a condition are calls to the service", () => {
    const result = lintTree(shop(), { rules });
    expect(grpcCalls(result)).toEqual([
      "apps/gateway/src/wallet.controller.ts:14 LedgerService/Record → ledger",
      "apps/gateway/src/wallet.service.ts:19 LedgerService/Balance → ledger",
      "apps/gateway/src/wallet.service.ts:22 LedgerService/Balance → ledger (breaker)",
    ]);
    expect(result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => /while handling (\S+ \S+)/.exec(f.message)?.[1]).sort()).toEqual(["GET /v1/wallet/balance", "POST /v1/wallet/entries"]);
    expect(result.diagnostics.filter((d) => d.message.includes("gRPC client"))).toEqual([]);
  });

  it("a stub another class's function hands out for a name it is given is not followed, and a diagnostic says so", () => {
    const tree = shop();
    // The stub comes from the wrapper's function of the service's name: `this.wallet.stubFor("LedgerService").record()`.
    tree["apps/gateway/src/wallet.service.ts"] = `import { Inject, Injectable, OnModuleInit } from "@nestjs/common";\nimport type { ClientGrpc } from "@nestjs/microservices";\n@Injectable()\nexport class WalletService implements OnModuleInit {\n  private stubs = new Map<string, any>();\n  constructor(@Inject("LEDGER") private readonly client: ClientGrpc) {}\n  onModuleInit() {}\n  stubFor(name: string) {\n    return this.client.getService<any>(name);\n  }\n}\n`;
    tree["apps/gateway/src/wallet.controller.ts"] = `import { Controller, Post } from "@nestjs/common";\nimport { firstValueFrom } from "rxjs";\nimport { WalletService } from "./wallet.service";\n@Controller("v1/wallet")\nexport class WalletController {\n  constructor(private readonly wallet: WalletService) {}\n  @Post("entries")\n  async add() {\n    return firstValueFrom(this.wallet.stubFor("LedgerService").record({ account: "a" }));\n  }\n}\n`;
    tree["apps/gateway/src/gateway.module.ts"] = gatewayModule.replace(", Breakers]", "]").replace(`import { Breakers } from "./breakers";\n`, "");
    delete tree["apps/gateway/src/breakers.ts"];
    const result = lintTree(tree, { rules });
    expect(grpcCalls(result)).toEqual([]);
    expect(result.diagnostics.filter((d) => d.message.includes("gRPC client")).map((d) => `${d.service}: ${d.file}:${d.line}`)).toEqual(["gateway: apps/gateway/src/gateway.module.ts:6"]);
  });
});
