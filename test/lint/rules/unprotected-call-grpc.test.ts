import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * unprotected-call on gRPC: a stub call waits for the callee as an HTTP call does. Its timeout is a deadline
 * (in the call options, or set by an interceptor on the client); NestJS stubs return an Observable that RxJS's
 * `timeout` bounds.
 */

const protoLoad = `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/shop.proto")).shop;\n`;
const proto = `syntax = "proto3";\npackage shop;\nservice PaymentService {\n  rpc Charge (ChargeRequest) returns (Receipt);\n  rpc Watch (ChargeRequest) returns (stream Receipt);\n}\nmessage ChargeRequest { int32 amount = 1; }\nmessage Receipt { string id = 1; }\n`;

/** An express checkout service whose POST /v1/checkout calls payment over gRPC; `call` is the line in the handler. */
const grpcShop = (call: string, before = "", checkoutFiles: Record<string, string> = {}): Tree => ({
  ...service("services/checkout", ["express", "@grpc/grpc-js", "@grpc/proto-loader"], {
    "src/server.js": `${protoLoad}const express = require("express");\n${before}const app = express();\napp.post("/v1/checkout", (req, res) => {\n${call}\n});\napp.listen(3000);\n`,
    "src/shop.proto": proto,
    ...checkoutFiles,
  }),
  ...service("services/payment", ["@grpc/grpc-js", "@grpc/proto-loader"], {
    "src/server.js": `${protoLoad}const server = new grpc.Server();\nserver.addService(shop.PaymentService.service, {\n  charge: (call, callback) => callback(null, { id: "r1" }),\n  watch: (call) => call.end(),\n});\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
    "src/shop.proto": proto,
  }),
});

const client = (options = "") => `const payments = new shop.PaymentService(process.env.PAYMENT_ADDR, grpc.credentials.createInsecure()${options});\n`;
const charge = (args: string) => `  payments.charge(${args}, (err, receipt) => res.json(receipt));`;
const understood = { calls: ["checkout → payment"] };

/** A NestJS gateway whose controller calls the users service through a ClientGrpc stub. */
const nest = ["@nestjs/common", "@nestjs/core", "@nestjs/microservices", "rxjs"];
const nestShop = (body: string): Tree => ({
  ...service("services/gateway", nest, {
    "src/users.controller.ts": `import { Controller, Get, Inject, Param } from "@nestjs/common";\nimport { ClientGrpc } from "@nestjs/microservices";\nimport { firstValueFrom, timeout, map } from "rxjs";\n@Controller("v1/users")\nexport class UsersController {\n  private users: any;\n  constructor(@Inject("USERS") private readonly client: ClientGrpc) {}\n  onModuleInit() {\n    this.users = this.client.getService("UsersService");\n  }\n  @Get(":id")\n  async findOne(@Param("id") id: string) {\n${body}\n  }\n}\n`,
  }),
  ...service("services/users", nest, {
    "src/users.controller.ts": `import { Controller } from "@nestjs/common";\nimport { GrpcMethod } from "@nestjs/microservices";\n@Controller()\nexport class UsersController {\n  @GrpcMethod("UsersService", "FindOne")\n  findOne(data: { id: string }) {\n    return { id: data.id };\n  }\n}\n`,
  }),
});

ruleTester("unprotected-call", {
  valid: [
    { name: "gRPC: a deadline in the call options", files: grpcShop(charge(`{ amount: 1 }, { deadline: Date.now() + 2000 }`), client()), understood },
    { name: "gRPC: a deadline in call options after the metadata, held in a constant", files: grpcShop(`  const options = { deadline: new Date(Date.now() + 2000) };\n${charge(`{ amount: 1 }, new grpc.Metadata(), options`)}`, client()), understood },
    {
      name: "gRPC: a client whose interceptor sets the deadline of every call",
      files: grpcShop(charge(`{ amount: 1 }`), `function withDeadline(options, nextCall) {\n  return new grpc.InterceptingCall(nextCall({ ...options, deadline: Date.now() + 2000 }));\n}\n${client(", { interceptors: [withDeadline] }")}`),
      understood,
    },
    {
      name: "gRPC: a client made in another module, called with a deadline",
      files: grpcShop(charge(`{ amount: 1 }, { deadline: Date.now() + 2000 }`), `const { payments } = require("./payments");\n`, {
        "src/payments.js": `${protoLoad}${client().replace("const payments", "exports.payments")}`,
      }),
      understood,
    },
    {
      name: "gRPC: opossum around the function that makes the call",
      files: grpcShop(`  breaker.fire(1).then((receipt) => res.json(receipt));`, `${client()}const CircuitBreaker = require("opossum");\nfunction chargeOnce(amount) {\n  return new Promise((resolve, reject) => payments.charge({ amount }, (err, r) => (err ? reject(err) : resolve(r))));\n}\nconst breaker = new CircuitBreaker(chargeOnce, { timeout: 3000 });\n`),
      understood,
    },
    { name: "gRPC: a server-streaming call is not judged (a stream stays open by design)", files: grpcShop(`  payments.watch({ amount: 1 }).on("data", (receipt) => res.write(receipt));`, client()), understood },
    { name: "NestJS ClientGrpc: an RxJS timeout piped onto the stub's Observable", files: nestShop(`    return firstValueFrom(this.users.findOne({ id }).pipe(timeout(3000)));`), understood: { calls: ["gateway → users"] } },
    { name: "NestJS ClientGrpc: the timeout after other operators", files: nestShop(`    return firstValueFrom(this.users.findOne({ id }).pipe(map((u: any) => u)).pipe(timeout({ each: 3000 })));`), understood: { calls: ["gateway → users"] } },
  ],
  invalid: [
    {
      name: "gRPC: a stub call with neither a deadline nor a breaker",
      files: grpcShop(charge(`{ amount: 1 }`), client()),
      errors: [{ messageId: "noGuard", file: "services/checkout/src/server.js", line: 8, hops: 2, data: { service: "checkout", targetService: "payment", missing: "timeout,breaker" } }],
    },
    {
      name: "gRPC: an interceptor that sets no deadline",
      files: grpcShop(charge(`{ amount: 1 }`), `function logCalls(options, nextCall) {\n  return new grpc.InterceptingCall(nextCall(options));\n}\n${client(", { interceptors: [logCalls] }")}`),
      errors: [{ messageId: "noGuard", line: 11 }],
    },
    {
      name: "gRPC: a client made in another module, called without a deadline",
      files: grpcShop(charge(`{ amount: 1 }`), `const { payments } = require("./payments");\n`, {
        "src/payments.js": `${protoLoad}${client().replace("const payments", "exports.payments")}`,
      }),
      errors: [{ messageId: "noGuard", line: 8 }],
    },
    {
      name: "gRPC with requireBoth: a deadline and no breaker",
      files: grpcShop(charge(`{ amount: 1 }, { deadline: Date.now() + 2000 }`), client()),
      options: { requireBoth: true },
      errors: [{ messageId: "noBreaker", data: { missing: "breaker" }, message: "checkout calls payment (GRPC PaymentService/Charge) while handling POST /v1/checkout with no circuit breaker: when payment is slow, these requests wait on it; give the call a deadline and put it behind a circuit breaker" }],
    },
    {
      name: "gRPC with requireBoth: opossum around the call and no deadline",
      files: grpcShop(`  breaker.fire(1).then((receipt) => res.json(receipt));`, `${client()}const CircuitBreaker = require("opossum");\nfunction chargeOnce(amount) {\n  return new Promise((resolve, reject) => payments.charge({ amount }, (err, r) => (err ? reject(err) : resolve(r))));\n}\nconst breaker = new CircuitBreaker(chargeOnce, { timeout: 3000 });\n`),
      options: { requireBoth: true },
      errors: [{ messageId: "noTimeout", data: { missing: "timeout" }, message: "checkout calls payment (GRPC PaymentService/Charge) while handling POST /v1/checkout with no deadline: when payment is slow, these requests wait on it; give the call a deadline and put it behind a circuit breaker" }],
    },
    {
      name: "NestJS ClientGrpc: a stub call awaited with no timeout",
      files: nestShop(`    return firstValueFrom(this.users.findOne({ id }));`),
      errors: [{ messageId: "noGuard", file: "services/gateway/src/users.controller.ts", line: 13, hops: 2, data: { service: "gateway", targetService: "users" } }],
    },
  ],
});

describe("unprotected-call on gRPC: the message", () => {
  it("names the missing deadline, and the evidence the handler and the call", () => {
    const result = lintTree(grpcShop(charge(`{ amount: 1 }`), client()));
    const [finding] = result.findings.filter((f) => f.ruleId === "unprotected-call");
    expect(finding?.message).toContain("checkout calls payment (GRPC PaymentService/Charge) while handling POST /v1/checkout with neither a deadline nor a circuit breaker");
    expect(finding?.message).toContain("give the call a deadline");
    expect(finding?.evidence.map((hop) => [hop.message, hop.location.line])).toEqual([
      ["checkout POST /v1/checkout is handled here", 7],
      ["calls payment: GRPC PaymentService/Charge, no deadline, no breaker", 8],
    ]);
  });

  it("puts the deadline among the call's guards in the model", () => {
    const result = lintTree(grpcShop(charge(`{ amount: 1 }, { deadline: Date.now() + 2000 }`), client()));
    expect(result.model.calls.map((call) => [call.url, call.guards])).toEqual([["PaymentService/Charge", { timeout: "a deadline option" }]]);
  });
});

/** NestJS HttpService calls return an Observable too: RxJS's timeout bounds them. */
describe("unprotected-call on NestJS HttpService with an RxJS timeout", () => {
  it("takes `.pipe(timeout(ms))` on the call for a timeout", () => {
    const files: Tree = {
      "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    environment:\n      PAYMENTS_URL: http://payments:3001\n  payments:\n    build: ./services/payments\n`,
      ...service("services/orders", ["@nestjs/core", "@nestjs/common", "@nestjs/axios", "rxjs"], {
        "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { OrdersModule } from "./orders.module";\nNestFactory.create(OrdersModule).then((app) => app.listen(3000));\n`,
        "src/orders.module.ts": `import { Module } from "@nestjs/common";\nimport { HttpModule } from "@nestjs/axios";\nimport { OrdersController } from "./orders.controller";\n@Module({ imports: [HttpModule], controllers: [OrdersController] })\nexport class OrdersModule {}\n`,
        "src/orders.controller.ts": `import { Controller, Post } from "@nestjs/common";\nimport { HttpService } from "@nestjs/axios";\nimport { firstValueFrom } from "rxjs";\nimport { timeout } from "rxjs/operators";\n@Controller("v1/orders")\nexport class OrdersController {\n  constructor(private readonly http: HttpService) {}\n  @Post()\n  async create() {\n    return firstValueFrom(this.http.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, {}).pipe(timeout(3000)));\n  }\n}\n`,
      }),
      ...service("services/payments", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/charges", (req, res) => res.json({}));\napp.listen(3001);\n`,
      }),
    };
    const result = lintTree(files);
    expect(result.model.calls.map((call) => [call.targetService, call.guards])).toEqual([["payments", { timeout: "an RxJS timeout" }]]);
    expect(result.findings.filter((f) => f.ruleId === "unprotected-call")).toEqual([]);
  });
});
