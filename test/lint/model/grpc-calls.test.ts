import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

/**
 * gRPC calls are calls of the model (client "grpc", url Service/Method): resolved to the service the
 * client's address names, else to the one service implementing the method, else listed with the reason;
 * the .proto says which stream.
 */

const grpcCalls = (result: LintResult) =>
  result.model.calls
    .filter((call) => call.client === "grpc")
    .map(({ service, url, targetService, targetRoute, resolution, grpc, awaited, location }) => ({ at: `${location.file}:${location.line}`, service, url, targetService, targetRoute, resolution, grpc: grpc!, awaited }));

const shopProto = `syntax = "proto3";
package shop;

// Orders. A commented-out rpc is no rpc: rpc Refund(RefundRequest) returns (Order);
service CheckoutService {
  rpc PlaceOrder(PlaceOrderRequest) returns (Order) {}
  rpc WatchOrders(WatchRequest) returns (stream Order);
  rpc UploadItems(stream Item) returns (Order);
  rpc Chat(stream Item) returns (stream Item);
}

service PaymentService {
  rpc Charge(ChargeRequest) returns (Receipt) {}
}

message PlaceOrderRequest { string user = 1; }
message WatchRequest { string user = 1; }
message Item { string sku = 1; }
message Order { string id = 1; }
message ChargeRequest { int64 amount = 1; }
message Receipt { string id = 1; }
`;

const load = `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/../../../proto/shop.proto")).shop;\n`;
const grpcDeps = ["@grpc/grpc-js", "@grpc/proto-loader"];

const checkoutServer = (body: string) =>
  service("services/checkout", grpcDeps, {
    "src/server.js": `${load}const payments = new shop.PaymentService(process.env.PAYMENT_ADDR, grpc.credentials.createInsecure());\nfunction placeOrder(call, callback) {\n${body}\n}\nconst server = new grpc.Server();\nserver.addService(shop.CheckoutService.service, { placeOrder, watchOrders: (call) => call.end() });\nserver.bindAsync("0.0.0.0:5050", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
  });
const paymentServer = (dir = "services/payment") =>
  service(dir, grpcDeps, {
    "src/server.js": `${load}const server = new grpc.Server();\nserver.addService(shop.PaymentService.service, {\n  charge: (call, callback) => callback(null, { id: "r1" }),\n});\nserver.bindAsync("0.0.0.0:5051", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
  });
const frontend = (handler: string, address = "process.env.CHECKOUT_ADDR") =>
  service("services/frontend", ["express", ...grpcDeps], {
    "src/server.js": `${load}const express = require("express");\nconst checkout = new shop.CheckoutService(${address}, grpc.credentials.createInsecure());\nconst app = express();\napp.post("/v1/checkout", (req, res) => {\n${handler}\n});\napp.listen(8080);\n`,
  });
const compose = (extra = "") => `services:\n  frontend:\n    build: ./services/frontend\n    environment:\n      CHECKOUT_ADDR: checkout:5050\n  checkout:\n    build: ./services/checkout\n    environment:\n      PAYMENT_ADDR: payment:5051\n  payment:\n    build: ./services/payment\n${extra}`;

const at = (file: string, line: number) => ({ file, line, column: 1 });

describe("gRPC calls in the model", () => {
  it("a @grpc/grpc-js stub call is a call to the service its address names, with the .proto's service, method and streaming kind", () => {
    const result = lintTree({
      "proto/shop.proto": shopProto,
      "docker-compose.yml": compose(),
      ...frontend(`  checkout.placeOrder({ user: req.body.user }, (err, order) => res.json(order));\n  checkout.watchOrders({ user: "u" }).on("data", () => {});`),
      ...checkoutServer(`  payments.charge({ amount: 1 }, (err, receipt) => callback(null, { receipt }));`),
      ...paymentServer(),
    });
    expect(grpcCalls(result)).toEqual([
      {
        at: "services/checkout/src/server.js:6",
        service: "checkout",
        url: "PaymentService/Charge",
        targetService: "payment",
        targetRoute: "payment GRPC /PaymentService/Charge",
        resolution: "address payment:5051: host payment (PAYMENT_ADDR=payment:5051 from docker-compose.yml (services.checkout.environment)); payment implements PaymentService/Charge",
        grpc: { service: "shop.PaymentService", method: "Charge", proto: at("proto/shop.proto", 13), address: "payment:5051" },
        awaited: false,
      },
      {
        at: "services/frontend/src/server.js:8",
        service: "frontend",
        url: "CheckoutService/PlaceOrder",
        targetService: "checkout",
        targetRoute: "checkout GRPC /CheckoutService/PlaceOrder",
        resolution: "address checkout:5050: host checkout (CHECKOUT_ADDR=checkout:5050 from docker-compose.yml (services.frontend.environment)); checkout implements CheckoutService/PlaceOrder",
        grpc: { service: "shop.CheckoutService", method: "PlaceOrder", proto: at("proto/shop.proto", 6), address: "checkout:5050" },
        awaited: false,
      },
      {
        at: "services/frontend/src/server.js:9",
        service: "frontend",
        url: "CheckoutService/WatchOrders",
        targetService: "checkout",
        targetRoute: "checkout GRPC /CheckoutService/WatchOrders",
        resolution:
          "address checkout:5050: host checkout (CHECKOUT_ADDR=checkout:5050 from docker-compose.yml (services.frontend.environment)); checkout implements CheckoutService/WatchOrders; a server-streaming call (proto/shop.proto:7)",
        grpc: { service: "shop.CheckoutService", method: "WatchOrders", streaming: "server", proto: at("proto/shop.proto", 7), address: "checkout:5050" },
        awaited: false,
      },
    ]);
    // A call is listed once, as a call: the requests are no longer topics; the handlers still are.
    expect(result.model.topics.filter((t) => t.system === "grpc").map((t) => `${t.service} ${t.role} ${t.topic}`)).toEqual([
      "checkout consume CheckoutService/PlaceOrder",
      "checkout consume CheckoutService/WatchOrders",
      "payment consume PaymentService/Charge",
    ]);
  });

  it("client-, server- and bidi-streaming methods are labelled; a method the .proto's service does not declare is no call", () => {
    const result = lintTree({
      "proto/shop.proto": shopProto,
      ...frontend(`  checkout.uploadItems((err, order) => res.json(order));\n  checkout.chat();\n  checkout.watchOrders({});\n  checkout.refund({});`),
      ...checkoutServer(`  callback(null, {});`),
    });
    expect(grpcCalls(result).map((call) => [call.at, call.url, call.grpc.streaming ?? "unary", call.targetService])).toEqual([
      ["services/frontend/src/server.js:8", "CheckoutService/UploadItems", "client", "checkout"],
      ["services/frontend/src/server.js:9", "CheckoutService/Chat", "bidi", "checkout"],
      ["services/frontend/src/server.js:10", "CheckoutService/WatchOrders", "server", "checkout"],
    ]);
  });

  it("unresolved: the address's env var has no value and no scanned service implements the method", () => {
    const result = lintTree({
      "proto/shop.proto": shopProto,
      ...frontend(`  checkout.placeOrder({}, (err, order) => res.json(order));`),
    });
    expect(grpcCalls(result).map((call) => [call.url, call.targetService, call.resolution])).toEqual([
      ["CheckoutService/PlaceOrder", undefined, "no scanned service implements CheckoutService/PlaceOrder (address ${CHECKOUT_ADDR}: CHECKOUT_ADDR is not set for this service)"],
    ]);
  });

  it("unresolved, and the caller itself implements the method (a server and a client in one package): the resolution says where", () => {
    const result = lintTree(
      service("demo", ["express", ...grpcDeps], {
        "src/server.js": `${load.replaceAll("../../../proto", "../proto")}const server = new grpc.Server();\nserver.addService(shop.CheckoutService.service, {\n  placeOrder: (call, callback) => callback(null, {}),\n});\nserver.bindAsync("0.0.0.0:5050", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
        "src/client.js": `${load.replaceAll("../../../proto", "../proto")}const express = require("express");\nconst checkout = new shop.CheckoutService("localhost:5050", grpc.credentials.createInsecure());\nconst app = express();\napp.post("/v1/checkout", (req, res) => checkout.placeOrder({}, (err, order) => res.json(order)));\napp.listen(8080);\n`,
        "proto/shop.proto": shopProto,
      }),
    );
    expect(grpcCalls(result).map((call) => [call.url, call.targetService, call.resolution])).toEqual([
      [
        "CheckoutService/PlaceOrder",
        undefined,
        "no other scanned service implements CheckoutService/PlaceOrder: demo itself does, at demo/src/server.js:6 (a server and a client that one package starts as two processes are read as one service) (address localhost:5050: host localhost is not a known service)",
      ],
    ]);
  });

  it("a service in a language arch-lint does not scan (a Go service built by compose) is the target its address names, with no handler", () => {
    const result = lintTree({
      "proto/shop.proto": shopProto,
      "docker-compose.yml": compose(),
      ...frontend(`  checkout.placeOrder({}, (err, order) => res.json(order));`),
      "services/checkout/go.mod": "module example.com/checkout\n",
      "services/checkout/main.go": "package main\n",
      "services/checkout/Dockerfile": "FROM golang:1.23\nCOPY . .\nRUN go build -o /app .\nENTRYPOINT [\"/app\"]\n",
    });
    expect(grpcCalls(result).map((call) => [call.url, call.targetService, call.targetRoute, call.resolution])).toEqual([
      [
        "CheckoutService/PlaceOrder",
        "checkout",
        undefined,
        "address checkout:5050: host checkout (CHECKOUT_ADDR=checkout:5050 from docker-compose.yml (services.frontend.environment)); checkout is written in go, which arch-lint does not scan, so its handler of CheckoutService/PlaceOrder is not known",
      ],
    ]);
  });

  it("a Kubernetes Service DNS name in the address reaches the Go service of that Deployment", () => {
    const deployment = (name: string, env = "") =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: server\n          image: ${name}\n${env}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 5050\n`;
    const result = lintTree({
      "proto/shop.proto": shopProto,
      "k8s/frontend.yaml": deployment("frontend", "          env:\n            - name: CHECKOUT_ADDR\n              value: dns:///checkoutservice.shop.svc.cluster.local:5050\n"),
      "k8s/checkout.yaml": deployment("checkoutservice"),
      ...frontend(`  checkout.placeOrder({}, (err, order) => res.json(order));`),
      "services/frontend/Dockerfile": "FROM node:22\nCOPY . .\nCMD node src/server.js\n",
      "services/checkoutservice/go.mod": "module example.com/checkout\n",
      "services/checkoutservice/Dockerfile": "FROM golang:1.23\nCOPY . .\nRUN go build -o /app .\nENTRYPOINT [\"/app\"]\n",
    });
    expect(grpcCalls(result).map((call) => [call.service, call.url, call.targetService, call.grpc.address, call.resolution])).toEqual([
      [
        "frontend",
        "CheckoutService/PlaceOrder",
        "checkoutservice",
        "dns:///checkoutservice.shop.svc.cluster.local:5050",
        "address dns:///checkoutservice.shop.svc.cluster.local:5050: host checkoutservice.shop.svc.cluster.local (a Kubernetes Service DNS name) (CHECKOUT_ADDR=dns:///checkoutservice.shop.svc.cluster.local:5050 from k8s/frontend.yaml (Deployment frontend)); checkoutservice is written in go, which arch-lint does not scan, so its handler of CheckoutService/PlaceOrder is not known",
      ],
    ]);
  });

  it("a method whose handler was not found goes to the one service that serves its gRPC service (a server answers every method of a service it registers)", () => {
    const result = lintTree({
      "proto/shop.proto": shopProto,
      ...frontend(`  checkout.placeOrder({}, (err, order) => res.json(order));`, "process.env.ORDERS_BACKEND"),
      ...service("services/checkout", grpcDeps, {
        "src/server.js": `${load}const server = new grpc.Server();\nserver.addService(shop.CheckoutService.service, { watchOrders: (call) => call.end(), ...legacyHandlers });\n`,
      }),
    });
    expect(grpcCalls(result).map((call) => [call.url, call.targetService, call.targetRoute, call.resolution])).toEqual([
      [
        "CheckoutService/PlaceOrder",
        "checkout",
        undefined,
        "checkout serves CheckoutService, though no handler of CheckoutService/PlaceOrder was found in it (address ${ORDERS_BACKEND}: ORDERS_BACKEND is not set for this service)",
      ],
    ]);
  });

  it("unresolved: two services implement the method and the address does not say which", () => {
    const result = lintTree({
      "proto/shop.proto": shopProto,
      ...frontend(`  checkout.placeOrder({}, (err, order) => res.json(order));`, "process.env.ORDERS_BACKEND"),
      ...checkoutServer(`  callback(null, {});`),
      ...service("services/checkout-next", grpcDeps, {
        "src/server.js": `${load}const server = new grpc.Server();\nserver.addService(shop.CheckoutService.service, { placeOrder: (call, cb) => cb(null, {}) });\n`,
      }),
    });
    expect(grpcCalls(result).map((call) => [call.url, call.targetService, call.resolution])).toEqual([
      [
        "CheckoutService/PlaceOrder",
        undefined,
        "CheckoutService/PlaceOrder is implemented by checkout and checkout-next, and the address does not say which (address ${ORDERS_BACKEND}: ORDERS_BACKEND is not set for this service)",
      ],
    ]);
  });

  it("a .proto the parser rejects is a diagnostic, and the calls to its services count as unary", () => {
    const result = lintTree({
      "proto/shop.proto": "syntax = \"proto3\";\nservice CheckoutService {\n  rpc PlaceOrder(\n}\n",
      ...frontend(`  checkout.placeOrder({}, (err, order) => res.json(order));`),
      ...checkoutServer(`  callback(null, {});`),
    });
    expect(result.diagnostics.filter((d) => d.file === "proto/shop.proto").map((d) => [d.kind, d.message])).toEqual([
      ["parse-error", "cannot read this .proto (illegal token '}' (line 4)); whether its gRPC methods stream is not known, so calls to them count as unary"],
    ]);
    expect(grpcCalls(result).map((call) => [call.url, call.targetService, call.grpc])).toEqual([["CheckoutService/PlaceOrder", "checkout", { service: "CheckoutService", method: "PlaceOrder", address: "${CHECKOUT_ADDR}" }]]);
  });
});

/** NestJS: the stub's client is registered under a token whose options give the address. */
const nest = ["@nestjs/common", "@nestjs/core", "@nestjs/microservices"];
const usersImpl = (dir: string) =>
  service(dir, nest, {
    "src/users.controller.ts": `import { Controller } from "@nestjs/common";\nimport { GrpcMethod } from "@nestjs/microservices";\n@Controller()\nexport class UsersController {\n  @GrpcMethod("UsersService", "FindOne")\n  findOne(data: { id: string }) {\n    return { id: data.id };\n  }\n}\n`,
  });
const gatewayController = `import { Controller, Get, Inject, Param } from "@nestjs/common";\nimport { ClientGrpc } from "@nestjs/microservices";\nimport { firstValueFrom } from "rxjs";\n@Controller("v1/users")\nexport class UsersController {\n  private users: any;\n  constructor(@Inject("USERS_PACKAGE") private readonly client: ClientGrpc) {}\n  onModuleInit() {\n    this.users = this.client.getService("UsersService");\n  }\n  @Get(":id")\n  async findOne(@Param("id") id: string) {\n    return await firstValueFrom(this.users.findOne({ id }));\n  }\n}\n`;

describe("NestJS ClientGrpc calls in the model", () => {
  it("the url of the ClientsModule registration the stub's client is injected by decides between two implementing services", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  gateway:\n    build: ./services/gateway\n    environment:\n      USERS_GRPC_URL: users-legacy:5000\n  users:\n    build: ./services/users\n  users-legacy:\n    build: ./services/users-legacy\n",
      ...service("services/gateway", nest, {
        "src/users.controller.ts": gatewayController,
        "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { UsersController } from "./users.controller";\n@Module({\n  imports: [ClientsModule.register([{ name: "USERS_PACKAGE", transport: Transport.GRPC, options: { package: "users", protoPath: "users.proto", url: process.env.USERS_GRPC_URL } }])],\n  controllers: [UsersController],\n})\nexport class AppModule {}\n`,
      }),
      ...usersImpl("services/users"),
      ...usersImpl("services/users-legacy"),
    });
    expect(grpcCalls(result)).toEqual([
      {
        at: "services/gateway/src/users.controller.ts:13",
        service: "gateway",
        url: "UsersService/FindOne",
        targetService: "users-legacy",
        targetRoute: "users-legacy GRPC /UsersService/FindOne",
        resolution: "address users-legacy:5000: host users-legacy (USERS_GRPC_URL=users-legacy:5000 from docker-compose.yml (services.gateway.environment)); users-legacy implements UsersService/FindOne",
        grpc: { service: "UsersService", method: "FindOne", address: "users-legacy:5000" },
        awaited: true,
      },
    ]);
  });

  it("ClientsModule.registerAsync with a useFactory reading ConfigService gives the address too", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  gateway:\n    build: ./services/gateway\n    environment:\n      USERS_GRPC_URL: users-legacy:5000\n  users:\n    build: ./services/users\n  users-legacy:\n    build: ./services/users-legacy\n",
      ...service("services/gateway", [...nest, "@nestjs/config"], {
        "src/users.controller.ts": gatewayController,
        "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { ConfigModule, ConfigService } from "@nestjs/config";\nimport { ClientsModule, Transport } from "@nestjs/microservices";\nimport { UsersController } from "./users.controller";\n@Module({\n  imports: [\n    ConfigModule.forRoot(),\n    ClientsModule.registerAsync([\n      {\n        name: "USERS_PACKAGE",\n        inject: [ConfigService],\n        useFactory: (config: ConfigService) => ({ transport: Transport.GRPC, options: { package: "users", protoPath: "users.proto", url: config.get("USERS_GRPC_URL") } }),\n      },\n    ]),\n  ],\n  controllers: [UsersController],\n})\nexport class AppModule {}\n`,
      }),
      ...usersImpl("services/users"),
      ...usersImpl("services/users-legacy"),
    });
    expect(grpcCalls(result).map((call) => [call.url, call.targetService, call.grpc.address])).toEqual([["UsersService/FindOne", "users-legacy", "users-legacy:5000"]]);
  });

  it("a service name written with its proto package (getService(\"acme.accounts.v2.UsersService\")) is the service a handler names bare", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  gateway:\n    build: ./services/gateway\n  users:\n    build: ./services/users\n",
      ...service("services/gateway", nest, {
        "src/users.controller.ts": gatewayController
          .replace('getService("UsersService")', 'getService("acme.accounts.v2.UsersService")')
          .replace('import { ClientGrpc } from "@nestjs/microservices";', 'import { Client, ClientGrpc, Transport } from "@nestjs/microservices";')
          .replace('  constructor(@Inject("USERS_PACKAGE") private readonly client: ClientGrpc) {}\n', '  @Client({ transport: Transport.GRPC, options: { package: "acme.accounts.v2", protoPath: "users.proto", url: process.env.ACCOUNTS_ADDR } })\n  private readonly client: ClientGrpc;\n'),
      }),
      ...usersImpl("services/users"),
    });
    expect(grpcCalls(result).map((call) => [call.url, call.targetService, call.targetRoute])).toEqual([
      ["acme.accounts.v2.UsersService/FindOne", "users", "users GRPC /UsersService/FindOne"],
    ]);
  });

  it("@Client({ transport: Transport.GRPC, options: { url } }) gives the address at once", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  gateway:\n    build: ./services/gateway\n  users:\n    build: ./services/users\n  users-legacy:\n    build: ./services/users-legacy\n",
      ...service("services/gateway", nest, {
        "src/users.controller.ts": gatewayController
          .replace('import { ClientGrpc } from "@nestjs/microservices";', 'import { Client, ClientGrpc, Transport } from "@nestjs/microservices";')
          .replace('  constructor(@Inject("USERS_PACKAGE") private readonly client: ClientGrpc) {}\n', '  @Client({ transport: Transport.GRPC, options: { package: "users", protoPath: "users.proto", url: "users:5000" } })\n  private readonly client: ClientGrpc;\n'),
      }),
      ...usersImpl("services/users"),
      ...usersImpl("services/users-legacy"),
    });
    expect(grpcCalls(result).map((call) => [call.url, call.targetService, call.targetRoute, call.grpc.address, call.resolution])).toEqual([
      ["UsersService/FindOne", "users", "users GRPC /UsersService/FindOne", "users:5000", "address users:5000: host users; users implements UsersService/FindOne"],
    ]);
  });
});

describe("gRPC through generated code (grpc-tools' _grpc_pb, ts-proto)", () => {
  it("an imported XClient class is a client of service X, and an imported XService definition (X plus Service) is served by addService", () => {
    const result = lintTree({
      "proto/shop.proto": shopProto,
      "docker-compose.yml": compose(),
      ...service("services/frontend", ["express", "@grpc/grpc-js"], {
        "src/server.ts": `import express from "express";\nimport { credentials } from "@grpc/grpc-js";\nimport { CheckoutServiceClient } from "./gen/shop";\nconst checkout = new CheckoutServiceClient(process.env.CHECKOUT_ADDR ?? "localhost:5050", credentials.createInsecure());\nconst app = express();\napp.post("/v1/checkout", (req, res) => {\n  checkout.placeOrder({ user: req.body.user }, (err, order) => res.json(order));\n});\napp.listen(8080);\n`,
      }),
      ...service("services/checkout", ["@grpc/grpc-js", "google-protobuf"], {
        "src/server.js": `const grpc = require("@grpc/grpc-js");\nconst services = require("./gen/shop_grpc_pb");\nconst payments = new services.PaymentServiceClient(process.env.PAYMENT_ADDR, grpc.credentials.createInsecure());\nconst impl = {\n  placeOrder(call, callback) {\n    payments.charge(call.request, (err, receipt) => callback(err, receipt));\n  },\n};\nconst server = new grpc.Server();\nserver.addService(services.CheckoutServiceService, impl);\n`,
      }),
      ...service("services/payment", ["@grpc/grpc-js"], {
        "src/server.ts": `import { Server, ServerCredentials } from "@grpc/grpc-js";\nimport { PaymentServiceService, type PaymentServiceServer } from "./gen/shop";\nconst paymentServer: PaymentServiceServer = {\n  charge: (call, callback) => callback(null, { id: "r1" }),\n};\nconst server = new Server();\nserver.addService(PaymentServiceService, paymentServer);\nserver.bindAsync("0.0.0.0:5051", ServerCredentials.createInsecure(), () => server.start());\n`,
      }),
    });
    expect(grpcCalls(result).map((call) => [call.at, call.url, call.targetService, call.targetRoute, call.grpc.service])).toEqual([
      ["services/checkout/src/server.js:6", "PaymentService/Charge", "payment", "payment GRPC /PaymentService/Charge", "shop.PaymentService"],
      ["services/frontend/src/server.ts:7", "CheckoutService/PlaceOrder", "checkout", "checkout GRPC /CheckoutService/PlaceOrder", "shop.CheckoutService"],
    ]);
    expect(result.findings.filter((f) => f.ruleId === "sync-call-chain").map((f) => f.data.services)).toEqual(["frontend,checkout,payment"]);
  });

  it("an instance of a class of the file (server.addService(def, new CheckoutServer())) implements the service with its methods", () => {
    const result = lintTree({
      "proto/shop.proto": shopProto,
      ...frontend(`  checkout.placeOrder({}, (err, order) => res.json(order));`),
      ...service("services/checkout", ["@grpc/grpc-js"], {
        "src/server.ts": `import { Server, credentials } from "@grpc/grpc-js";\nimport { CheckoutServiceService, PaymentServiceClient } from "./gen/shop";\nconst payments = new PaymentServiceClient("payment:5051", credentials.createInsecure());\nexport class CheckoutServer {\n  static create() {\n    return new CheckoutServer();\n  }\n  placeOrder(call: any, callback: any) {\n    payments.charge(call.request, (err: Error | null, receipt: unknown) => callback(err, receipt));\n  }\n}\nconst server = new Server();\nserver.addService(CheckoutServiceService, new CheckoutServer());\n`,
      }),
      ...service("services/payment", ["@grpc/grpc-js"], {
        "src/server.ts": `import { Server } from "@grpc/grpc-js";\nimport { PaymentServiceService } from "./gen/shop";\nconst server = new Server();\nserver.addService(PaymentServiceService, { charge: (call: any, callback: any) => callback(null, {}) });\n`,
      }),
    });
    expect(result.model.topics.filter((t) => t.service === "checkout").map((t) => [t.topic, t.role, t.inFunction])).toEqual([["CheckoutService/PlaceOrder", "consume", "services/checkout/src/server.ts#fn:CheckoutServer.placeOrder"]]);
    expect(result.findings.filter((f) => f.ruleId === "sync-call-chain").map((f) => f.data.services)).toEqual(["frontend,checkout,payment"]);
  });
});

describe("gRPC clients another module makes", () => {
  it("a client exported by one module (also a workspace library's) and called in another is a call of the calling service, with the client's address", () => {
    const result = lintTree({
      "package.json": { name: "shop", private: true, workspaces: ["services/*", "libs/*"] },
      "proto/shop.proto": shopProto,
      "docker-compose.yml": compose(),
      "libs/clients/package.json": { name: "@shop/clients", main: "src/index.js", dependencies: { "@grpc/grpc-js": "*" } },
      "libs/clients/src/index.js": `const grpc = require("@grpc/grpc-js");\nconst { PaymentServiceClient } = require("./gen/shop_grpc_pb");\nconst payments = new PaymentServiceClient(process.env.PAYMENT_ADDR, grpc.credentials.createInsecure());\nmodule.exports = { payments };\n`,
      ...service("services/frontend", ["express", "@grpc/grpc-js"], {
        "src/clients.ts": `import { credentials } from "@grpc/grpc-js";\nimport { CheckoutServiceClient } from "./gen/shop";\nexport const checkout = new CheckoutServiceClient(process.env.CHECKOUT_ADDR ?? "localhost:5050", credentials.createInsecure());\n`,
        "src/server.ts": `import express from "express";\nimport { checkout } from "./clients";\nconst app = express();\napp.post("/v1/checkout", (req, res) => {\n  checkout.placeOrder({ user: req.body.user }, (err: Error | null, order: unknown) => res.json(order));\n});\n`,
      }),
      ...service("services/checkout", ["@grpc/grpc-js", "@shop/clients"], {
        "src/server.js": `const grpc = require("@grpc/grpc-js");\nconst { payments } = require("@shop/clients");\nconst { CheckoutServiceService } = require("./gen/shop_grpc_pb");\nconst server = new grpc.Server();\nserver.addService(CheckoutServiceService, {\n  placeOrder: (call, callback) => payments.charge(call.request, (err, receipt) => callback(err, receipt)),\n});\n`,
      }),
      ...paymentServer(),
    });
    expect(grpcCalls(result).map((call) => [call.at, call.service, call.url, call.targetService, call.resolution])).toEqual([
      [
        "services/checkout/src/server.js:6",
        "checkout",
        "PaymentService/Charge",
        "payment",
        "address payment:5051: host payment (PAYMENT_ADDR=payment:5051 from docker-compose.yml (services.checkout.environment)); payment implements PaymentService/Charge",
      ],
      [
        "services/frontend/src/server.ts:5",
        "frontend",
        "CheckoutService/PlaceOrder",
        "checkout",
        "address checkout:5050: host checkout (CHECKOUT_ADDR=checkout:5050 from docker-compose.yml (services.frontend.environment)); checkout implements CheckoutService/PlaceOrder",
      ],
    ]);
    expect(result.findings.filter((f) => f.ruleId === "sync-call-chain").map((f) => f.data.services)).toEqual(["frontend,checkout,payment"]);
  });
});

describe("clients of the legacy grpc module's grpc.load", () => {
  it("classes destructured from a loaded package, a client exported in a module.exports object, an address read through `const { env } = process`", () => {
    const result = lintTree({
      "proto/shop.proto": shopProto,
      "docker-compose.yml": compose(),
      ...service("services/checkout", ["grpc"], {
        "src/clients.js": `const grpc = require("grpc");\nconst { env } = process;\nconst { PaymentService } = grpc.load(__dirname + "/../../../proto/shop.proto").shop;\nmodule.exports = {\n  payments: new PaymentService(env.PAYMENT_ADDR || "localhost:5051", grpc.credentials.createInsecure()),\n};\n`,
        "src/server.js": `const grpc = require("grpc");\nconst { payments } = require("./clients");\nconst shop = grpc.load(__dirname + "/../../../proto/shop.proto").shop;\nconst server = new grpc.Server();\nserver.addService(shop.CheckoutService.service, {\n  placeOrder(call, callback) {\n    payments.charge(call.request, (err, receipt) => callback(err, receipt));\n  },\n});\nserver.bind("0.0.0.0:5050", grpc.ServerCredentials.createInsecure());\n`,
      }),
      ...paymentServer(),
    });
    expect(grpcCalls(result).map((call) => [call.at, call.service, call.url, call.targetService, call.resolution])).toEqual([
      [
        "services/checkout/src/server.js:7",
        "checkout",
        "PaymentService/Charge",
        "payment",
        "address payment:5051: host payment (PAYMENT_ADDR=payment:5051 from docker-compose.yml (services.checkout.environment)); payment implements PaymentService/Charge",
      ],
    ]);
    expect(result.findings.filter((f) => f.ruleId === "unprotected-call").map((f) => `${f.location.file}:${f.location.line} ${f.data.targetService}`)).toEqual(["services/checkout/src/server.js:7 payment"]);
  });
});

describe("NestJS with ts-proto's generated code", () => {
  it("@UsersServiceControllerMethods() makes each method of the class a handler of UsersService, and getService(USERS_SERVICE_NAME) reads the generated constant", () => {
    const generated = `export const USERS_SERVICE_NAME = "UsersService";\nexport interface FindOneRequest { id: string }\nexport function UsersServiceControllerMethods() {\n  return function (constructor: Function) {};\n}\n`;
    const result = lintTree({
      ...service("services/gateway", nest, {
        "src/proto/users.ts": generated,
        "src/users.controller.ts": `import { Controller, Get, Inject, Param } from "@nestjs/common";\nimport { ClientGrpc } from "@nestjs/microservices";\nimport { USERS_SERVICE_NAME } from "./proto/users";\n@Controller("v1/users")\nexport class UsersController {\n  private users: any;\n  constructor(@Inject("USERS_PACKAGE") private readonly client: ClientGrpc) {}\n  onModuleInit() {\n    this.users = this.client.getService(USERS_SERVICE_NAME);\n  }\n  @Get(":id")\n  findOne(@Param("id") id: string) {\n    return this.users.findOne({ id });\n  }\n}\n`,
      }),
      ...service("services/users", ["@nestjs/common", "@nestjs/core"], {
        "src/proto/users.ts": generated,
        "src/users.controller.ts": `import { Controller } from "@nestjs/common";\nimport { FindOneRequest, UsersServiceControllerMethods } from "./proto/users";\n@Controller()\n@UsersServiceControllerMethods()\nexport class UsersController {\n  onModuleInit() {}\n  findOne(request: FindOneRequest) {\n    return { id: request.id };\n  }\n  private static helper() {}\n}\n`,
      }),
    });
    expect(result.model.topics.filter((t) => t.system === "grpc").map((t) => [t.service, t.role, t.topic, t.inFunction])).toEqual([
      ["users", "consume", "UsersService/FindOne", "services/users/src/users.controller.ts#fn:UsersController.findOne"],
    ]);
    expect(grpcCalls(result).map((call) => [call.at, call.url, call.targetService, call.targetRoute])).toEqual([
      ["services/gateway/src/users.controller.ts:13", "UsersService/FindOne", "users", "users GRPC /UsersService/FindOne"],
    ]);
  });
});

describe("promisified grpc-js methods", () => {
  it("promisify(client.method).bind(client) made once, or promisify(client.method.bind(client))(req) at once, requests the rpc where it is called, awaited", () => {
    const result = lintTree({
      "proto/shop.proto": shopProto,
      "docker-compose.yml": compose(),
      ...service("services/frontend", ["express", ...grpcDeps], {
        "src/server.ts": `${load}import { promisify } from "node:util";\nimport express from "express";\nconst checkout = new shop.CheckoutService(process.env.CHECKOUT_ADDR, grpc.credentials.createInsecure());\nconst payments = new shop.PaymentService("payment:5051", grpc.credentials.createInsecure());\nconst placeOrder = promisify(checkout.placeOrder).bind(checkout);\nconst app = express();\napp.post("/v1/checkout", async (req, res) => {\n  const order = await placeOrder({ user: req.body.user });\n  const receipt = await promisify(payments.charge.bind(payments))({ amount: 1 });\n  res.json({ order, receipt });\n});\n`,
      }),
      ...checkoutServer(`  callback(null, {});`),
      ...paymentServer(),
    });
    expect(grpcCalls(result).map((call) => [call.at, call.url, call.targetService, call.awaited])).toEqual([
      ["services/frontend/src/server.ts:11", "CheckoutService/PlaceOrder", "checkout", true],
      ["services/frontend/src/server.ts:12", "PaymentService/Charge", "payment", true],
    ]);
    expect(result.findings.filter((f) => f.ruleId === "sync-call-chain").map((f) => [f.messageId, f.data.targets])).toEqual([["sequential", "checkout,payment"]]);
  });
});

describe("gRPC calls through a helper told the method's name", () => {
  // `const call = (method, req) => new Promise((ok, ko) => client[method](req, cb))`: the helper's request has no method
  // arch-lint can know; each call site that names the method as a literal makes that request, in the caller's function.
  const gateway = (files: Record<string, string>) => service("services/gateway", ["express", ...grpcDeps], files);
  const helper = `${load}const checkout = new shop.CheckoutService(process.env.CHECKOUT_ADDR, grpc.credentials.createInsecure());\nconst rpc = (method, request) =>\n  new Promise((resolve, reject) => {\n    checkout[method](request, (err, reply) => (err ? reject(err) : resolve(reply)));\n  });\nmodule.exports = { rpc };\n`;

  it("each call site with a literal method is a request to that rpc, without a deadline; the helper itself is none", () => {
    const result = lintTree({
      ...gateway({
        "src/rpc.js": helper,
        "src/server.js": `const express = require("express");\nconst { rpc } = require("./rpc");\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  res.json(await rpc("placeOrder", req.body));\n});\napp.get("/v1/orders/watch", async (req, res) => {\n  res.json(await rpc("watchOrders", req.query));\n});\napp.listen(8080);\n`,
      }),
      ...checkoutServer("  callback(null, {});"),
      ...paymentServer(),
      "proto/shop.proto": shopProto,
      "docker-compose.yml": compose().replace("frontend", "gateway").replace("./services/frontend", "./services/gateway"),
    });
    expect(grpcCalls(result).filter((c) => c.service === "gateway").map((c) => `${c.at} ${c.url} -> ${c.targetService} ${c.awaited} ${c.grpc.streaming ?? "unary"}`)).toEqual([
      "services/gateway/src/server.js:5 CheckoutService/PlaceOrder -> checkout true unary",
      "services/gateway/src/server.js:8 CheckoutService/WatchOrders -> checkout true server",
    ]);
    const unprotected = result.findings.filter((f) => f.ruleId === "unprotected-call" && f.data?.service === "gateway");
    expect(unprotected.map((f) => `${f.location.file}:${f.location.line}`)).toEqual(["services/gateway/src/server.js:5"]);
  });

  it("a helper told the client too (`invoke(client, method, req)`): each call site's module-level client and literal method, the address written where the client is made", () => {
    // Clients made by a loader of the module at its top level, handed to a helper of that module by the routes of another.
    const clients = `${load}const checkout = new shop.CheckoutService("checkout:5050", grpc.credentials.createInsecure());\nconst payment = new shop.PaymentService("localhost:5051", grpc.credentials.createInsecure());\nfunction invoke(client, method, request) {\n  return new Promise((resolve, reject) => client[method](request, (err, reply) => (err ? reject(err) : resolve(reply))));\n}\nmodule.exports = { checkout, payment, invoke };\n`;
    const result = lintTree({
      ...gateway({
        "src/clients.js": clients,
        "src/server.js": `const express = require("express");\nconst { checkout, payment, invoke } = require("./clients");\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  res.json(await invoke(checkout, "placeOrder", req.body));\n});\napp.post("/v1/refunds", async (req, res) => {\n  res.json(await invoke(payment, "charge", req.body));\n});\napp.get("/v1/nothing", async (req, res) => {\n  res.json(await invoke(req.body.client, "charge", {}));\n});\napp.listen(8080);\n`,
      }),
      ...checkoutServer("  callback(null, {});"),
      ...paymentServer(),
      "proto/shop.proto": shopProto,
    });
    expect(grpcCalls(result).filter((c) => c.service === "gateway").map((c) => `${c.at} ${c.url} -> ${c.targetService}`)).toEqual([
      "services/gateway/src/server.js:5 CheckoutService/PlaceOrder -> checkout",
      "services/gateway/src/server.js:8 PaymentService/Charge -> payment",
    ]);
    const hardcoded = result.findings.filter((f) => f.ruleId === "hardcoded-endpoint" && f.data?.service === "gateway");
    // One finding per address as written, where it is written (not one per file that calls the client).
    expect(hardcoded.map((f) => f.message)).toEqual([expect.stringContaining("checkout:5050"), expect.stringContaining("localhost:5051")]);
    expect(hardcoded.every((f) => f.message.includes("written into the code in services/gateway/src/clients.js"))).toBe(true);
  });
});
