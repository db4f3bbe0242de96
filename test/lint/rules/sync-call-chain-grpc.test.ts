import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/** NestJS services talking gRPC: a stub call waits for the handler of the service that implements the method. */
const nest = ["@nestjs/common", "@nestjs/core", "@nestjs/microservices"];

const stubClass = (className: string, token: string, grpcService: string, member: string, method: string) =>
  `  private ${member}: any;\n  constructor(@Inject("${token}") private readonly client: ClientGrpc) {}\n  onModuleInit() {\n    this.${member} = this.client.getService("${grpcService}");\n  }\n`;

const gateway: Tree = service("services/gateway", nest, {
  "src/users.controller.ts": `import { Controller, Get, Inject, Param } from "@nestjs/common";\nimport { ClientGrpc } from "@nestjs/microservices";\n@Controller("v1/users")\nexport class UsersController {\n${stubClass("UsersController", "USERS", "UsersService", "users", "findOne")}  @Get(":id")\n  findOne(@Param("id") id: string) {\n    return this.users.findOne({ id });\n  }\n}\n`,
});

const users = (handlerBody: string): Tree =>
  service("services/users", nest, {
    "src/users.controller.ts": `import { Controller, Inject } from "@nestjs/common";\nimport { ClientGrpc, GrpcMethod } from "@nestjs/microservices";\n@Controller()\nexport class UsersController {\n${stubClass("UsersController", "ORDERS", "OrdersService", "orders", "listFor")}  @GrpcMethod("UsersService", "FindOne")\n  findOne(data: { id: string }) {\n${handlerBody}\n  }\n}\n`,
  });

const orders: Tree = service("services/orders", nest, {
  "src/orders.controller.ts": `import { Controller } from "@nestjs/common";\nimport { GrpcMethod } from "@nestjs/microservices";\n@Controller()\nexport class OrdersController {\n  @GrpcMethod("OrdersService", "ListFor")\n  listFor(data: { id: string }) {\n    return { orders: [] };\n  }\n}\n`,
});

ruleTester("sync-call-chain", {
  valid: [
    { name: "gateway → users over gRPC, users answers on its own", files: { ...gateway, ...users("    return { id: data.id };"), ...orders } },
    { name: "gateway → users → orders over gRPC within maxDepth 2", files: { ...gateway, ...users("    return this.orders.listFor({ id: data.id });"), ...orders }, options: { maxDepth: 2 } },
  ],
  invalid: [
    {
      name: "gateway → users → orders: unary gRPC calls are synchronous hops, resolved to the service whose @GrpcMethod implements them",
      files: { ...gateway, ...users("    return this.orders.listFor({ id: data.id });"), ...orders },
      errors: [{ messageId: "chain", file: "services/gateway/src/users.controller.ts", line: 12, hops: 5, data: { services: "gateway,users,orders", depth: 2 } }],
    },
  ],
});

/** The same over @grpc/grpc-js, services built from a .proto with @grpc/proto-loader. */
const protoLoad = `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/shop.proto")).shop;\n`;
const grpcJs: Tree = {
  ...service("services/frontend", ["express", "@grpc/grpc-js", "@grpc/proto-loader"], {
    "src/server.js": `${protoLoad}const express = require("express");\nconst checkout = new shop.CheckoutService(process.env.CHECKOUT_ADDR, grpc.credentials.createInsecure());\nconst app = express();\napp.post("/v1/checkout", (req, res) => {\n  checkout.placeOrder({ user: req.body.user }, (err, order) => res.json(order));\n});\n`,
  }),
  ...service("services/checkout", ["@grpc/grpc-js", "@grpc/proto-loader"], {
    "src/server.js": `${protoLoad}const payments = new shop.PaymentService("payment:50051", grpc.credentials.createInsecure());\nfunction placeOrder(call, callback) {\n  payments.charge({ amount: 1 }, (err, receipt) => callback(null, { receipt }));\n}\nconst server = new grpc.Server();\nserver.addService(shop.CheckoutService.service, { placeOrder });\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
  }),
  ...service("services/payment", ["@grpc/grpc-js", "@grpc/proto-loader"], {
    "src/server.js": `${protoLoad}const server = new grpc.Server();\nserver.addService(shop.PaymentService.service, {\n  charge: (call, callback) => callback(null, { id: "r1" }),\n});\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
  }),
};

ruleTester("sync-call-chain", {
  valid: [{ name: "@grpc/grpc-js: frontend → checkout → payment within maxDepth 2", files: grpcJs, options: { maxDepth: 2 } }],
  invalid: [
    {
      name: "@grpc/grpc-js: frontend → checkout → payment, unary calls on clients made from a .proto, to the services that addService them",
      files: grpcJs,
      errors: [{ messageId: "chain", file: "services/frontend/src/server.js", line: 8, hops: 5, data: { services: "frontend,checkout,payment", depth: 2 } }],
    },
  ],
});

/**
 * The same chain as TypeScript teams split it: the checkout method is another module's function, and checkout's
 * payment client is a member of an injectable class whose method the handler awaits.
 */
const grpcJsModules: Tree = {
  ...grpcJs,
  ...service("services/checkout", ["@grpc/grpc-js", "@grpc/proto-loader"], {
    "src/payments.ts": `import * as grpc from "@grpc/grpc-js";\nimport * as protoLoader from "@grpc/proto-loader";\nconst shop: any = grpc.loadPackageDefinition(protoLoader.loadSync("shop.proto")).shop;\nexport class Payments {\n  private readonly stub = new shop.PaymentService(process.env.PAYMENT_ADDR, grpc.credentials.createInsecure());\n  charge(amount: number) {\n    return new Promise((resolve, reject) => this.stub.charge({ amount }, (err: Error | null, r: unknown) => (err ? reject(err) : resolve(r))));\n  }\n}\n`,
    "src/place-order.ts": `import { Payments } from "./payments";\nconst payments = new Payments();\nexport async function placeOrder(call: any, callback: any) {\n  const receipt = await payments.charge(1);\n  callback(null, { receipt });\n}\n`,
    "src/server.ts": `import * as grpc from "@grpc/grpc-js";\nimport * as protoLoader from "@grpc/proto-loader";\nimport { placeOrder } from "./place-order";\nconst shop: any = grpc.loadPackageDefinition(protoLoader.loadSync("shop.proto")).shop;\nconst server = new grpc.Server();\nserver.addService(shop.CheckoutService.service, { placeOrder });\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
  }),
};
delete grpcJsModules["services/checkout/src/server.js"];

ruleTester("sync-call-chain", {
  valid: [{ name: "@grpc/grpc-js across modules: frontend → checkout → payment within maxDepth 2", files: grpcJsModules, options: { maxDepth: 2 } }],
  invalid: [
    {
      name: "@grpc/grpc-js across modules: an imported addService implementation, and a client kept as a class member (this.stub.charge)",
      files: grpcJsModules,
      errors: [{ messageId: "chain", file: "services/frontend/src/server.js", line: 8, hops: 7, data: { services: "frontend,checkout,payment", depth: 2 } }],
    },
  ],
});

/** With the .proto read: a streaming call is no synchronous hop (docs/rules/sync-call-chain.md). */
const streamingProto = `syntax = "proto3";\npackage shop;\nservice CheckoutService {\n  rpc PlaceOrder(Req) returns (Res);\n  rpc WatchOrders(Req) returns (stream Res);\n}\nservice PaymentService {\n  rpc Charge(Req) returns (Res);\n}\nmessage Req {}\nmessage Res {}\n`;
const withStreamingCall = {
  ...grpcJs,
  "services/frontend/src/shop.proto": streamingProto,
  "services/frontend/src/server.js": `${protoLoad}const express = require("express");\nconst checkout = new shop.CheckoutService(process.env.CHECKOUT_ADDR, grpc.credentials.createInsecure());\nconst app = express();\napp.get("/v1/orders/watch", (req, res) => {\n  checkout.watchOrders({ user: req.query.user }).on("data", (order) => res.write(JSON.stringify(order)));\n});\n`,
  "services/checkout/src/server.js": `${protoLoad}const payments = new shop.PaymentService("payment:50051", grpc.credentials.createInsecure());\nfunction watchOrders(call) {\n  payments.charge({ amount: 1 }, (err, receipt) => call.write({ receipt }));\n}\nconst server = new grpc.Server();\nserver.addService(shop.CheckoutService.service, { watchOrders });\n`,
};

ruleTester("sync-call-chain", {
  valid: [{ name: "a server-streaming call (the .proto says `returns (stream Res)`) is no hop: frontend watches checkout, whose handler calls payment", files: withStreamingCall }],
  invalid: [
    {
      name: "the same chain through a unary method of the same .proto is reported",
      files: { ...withStreamingCall, "services/frontend/src/server.js": withStreamingCall["services/frontend/src/server.js"].replace("checkout.watchOrders", "checkout.placeOrder"), "services/checkout/src/server.js": withStreamingCall["services/checkout/src/server.js"].replace(/watchOrders/g, "placeOrder") },
      errors: [{ messageId: "chain", file: "services/frontend/src/server.js", line: 8, hops: 5, data: { services: "frontend,checkout,payment", depth: 2 } }],
    },
  ],
});

/** A NestJS handler that awaits two stubs of two services, one after the other. */
const sequentialGateway: Tree = {
  ...service("services/gateway", nest, {
    "src/profile.controller.ts": `import { Controller, Get, Inject, Param } from "@nestjs/common";\nimport { ClientGrpc } from "@nestjs/microservices";\nimport { firstValueFrom } from "rxjs";\n@Controller("v1/profile")\nexport class ProfileController {\n${stubClass("ProfileController", "USERS", "UsersService", "users", "findOne")}  private orders: any;\n  @Get(":id")\n  async profile(@Param("id") id: string) {\n    this.orders = this.client.getService("OrdersService");\n    const user = await firstValueFrom(this.users.findOne({ id }));\n    const orders = await this.orders.listFor({ id }).toPromise();\n    return { user, orders };\n  }\n}\n`,
  }),
  ...users("    return { id: data.id };"),
  ...orders,
};

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "NestJS: the two gRPC calls awaited together (Promise.all) are not sequential",
      files: {
        ...sequentialGateway,
        "services/gateway/src/profile.controller.ts": (sequentialGateway["services/gateway/src/profile.controller.ts"] as string).replace(
          "    const user = await firstValueFrom(this.users.findOne({ id }));\n    const orders = await this.orders.listFor({ id }).toPromise();\n",
          "    const [user, orders] = await Promise.all([firstValueFrom(this.users.findOne({ id })), this.orders.listFor({ id }).toPromise()]);\n",
        ),
      },
    },
  ],
  invalid: [
    {
      name: "NestJS: a handler awaits gRPC stubs of users, then orders (firstValueFrom, toPromise): sequential",
      files: sequentialGateway,
      errors: [{ messageId: "sequential", file: "services/gateway/src/profile.controller.ts", line: 12, data: { service: "gateway", route: "GET /v1/profile/:id", targets: "users,orders" } }],
    },
  ],
});

/** A gRPC client made in a module of its own and imported where it is called (ESM named export, CommonJS module.exports). */
const importedClient = (clientModule: string, handlerModule: string): Tree => ({
  ...grpcJsModules,
  "services/checkout/src/payments.ts": clientModule,
  "services/checkout/src/place-order.ts": handlerModule,
});
const esmClient = importedClient(
  `import * as grpc from "@grpc/grpc-js";\nimport * as protoLoader from "@grpc/proto-loader";\nconst shop: any = grpc.loadPackageDefinition(protoLoader.loadSync("shop.proto")).shop;\nexport const payments = new shop.PaymentService(process.env.PAYMENT_ADDR, grpc.credentials.createInsecure());\n`,
  `import { payments } from "./payments";\nexport function placeOrder(call: any, callback: any) {\n  payments.charge({ amount: 1 }, (err: Error | null, receipt: unknown) => callback(err, { receipt }));\n  payments.close();\n}\n`,
);
const cjsClient = importedClient(
  `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync("shop.proto")).shop;\nconst client = new shop.PaymentService(process.env.PAYMENT_ADDR, grpc.credentials.createInsecure());\nmodule.exports = client;\n`,
  `const payments = require("./payments");\nexports.placeOrder = function placeOrder(call, callback) {\n  payments.charge({ amount: 1 }, (err, receipt) => callback(err, { receipt }));\n};\n`,
);

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "an imported object that is no gRPC client (a module exporting a plain object) makes no gRPC call",
      files: importedClient(
        `export const payments = { charge(x: unknown, cb: (e: null, r: unknown) => void) { cb(null, x); } };\n`,
        `import { payments } from "./payments";\nexport function placeOrder(call: any, callback: any) {\n  payments.charge({ amount: 1 }, (err: Error | null, receipt: unknown) => callback(err, { receipt }));\n}\n`,
      ),
    },
  ],
  invalid: [
    {
      name: "@grpc/grpc-js: a client exported by another module (export const payments = new shop.PaymentService(...)) is called where it is imported",
      files: esmClient,
      errors: [{ messageId: "chain", file: "services/frontend/src/server.js", line: 8, hops: 5, data: { services: "frontend,checkout,payment", depth: 2 } }],
    },
    {
      name: "@grpc/grpc-js: a client a CommonJS module exports (module.exports = client) is called where it is required",
      files: cjsClient,
      errors: [{ messageId: "chain", file: "services/frontend/src/server.js", line: 8, hops: 5, data: { services: "frontend,checkout,payment", depth: 2 } }],
    },
  ],
});

describe("an imported gRPC client's calls are calls of the model", () => {
  it("with the client's address, once per call, close() left out", () => {
    const { model } = lintTree({ ...esmClient, "services/checkout/.env": "PAYMENT_ADDR=payment:50051\n" });
    expect(model.calls.filter((c) => c.service === "checkout").map((c) => `${c.url} ${c.grpc?.address ?? "-"} → ${c.targetService}`)).toEqual(["PaymentService/Charge payment:50051 → payment"]);
  });
});

/**
 * Clients a loader of the project makes: `makeStub({ service, host })` builds `new pkg[service](host, credentials)` and
 * returns it; each module sets its client at module level with what it writes at the call. frontend's client lives in a
 * module of its own that the route's module imports; checkout's is called in the module that makes it.
 */
const stubLoader = `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nmodule.exports = function makeStub({ service, host, protoFile = "shop" }) {\n  const definition = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/" + protoFile + ".proto"));\n  const stub = new definition["shop"][service](host, grpc.credentials.createInsecure());\n  return stub;\n};\n`;
const madeByLoader = (checkoutClient: string): Tree => ({
  ...service("services/frontend", ["express", "@grpc/grpc-js", "@grpc/proto-loader"], {
    "src/lib/make-stub.js": stubLoader,
    "src/clients/checkout.js": `const makeStub = require("../lib/make-stub");\nconst checkout = makeStub(${checkoutClient});\nmodule.exports = checkout;\n`,
    "src/server.js": `const express = require("express");\nconst checkout = require("./clients/checkout");\nconst app = express();\napp.post("/v1/checkout", (req, res) => {\n  checkout.placeOrder({ user: req.body.user }, (err, order) => res.json(order));\n});\n`,
  }),
  ...service("services/checkout", ["@grpc/grpc-js", "@grpc/proto-loader"], {
    "src/make-stub.js": stubLoader,
    "src/server.js": `const grpc = require("@grpc/grpc-js");\nconst makeStub = require("./make-stub");\nconst payments = makeStub({ service: "PaymentService", host: "payment:50051" });\nfunction placeOrder(call, callback) {\n  payments.charge({ amount: 1 }, (err, receipt) => callback(null, { receipt }));\n}\nconst server = new grpc.Server();\nserver.addService(require("./definitions").CheckoutService.service, { placeOrder });\n`,
  }),
  ...service("services/payment", ["@grpc/grpc-js", "@grpc/proto-loader"], {
    "src/server.js": `${protoLoad}const server = new grpc.Server();\nserver.addService(shop.PaymentService.service, {\n  charge: (call, callback) => callback(null, { id: "r1" }),\n});\n`,
  }),
});

describe("sync-call-chain: gRPC clients a loader of the project makes", () => {
  it("frontend → checkout → payment through clients set at module level from the loader, in the calling module or one it imports", () => {
    const result = lintTree(madeByLoader(`{ service: "CheckoutService", host: "checkout:50051" }`), { only: "sync-call-chain" });
    expect(result.model.calls.map((c) => `${c.service} ${c.url} → ${c.targetService} (${c.grpc?.address})`).sort()).toEqual([
      "checkout PaymentService/Charge → payment (payment:50051)",
      "frontend CheckoutService/PlaceOrder → checkout (checkout:50051)",
    ]);
    expect(result.findings.map((f) => `${f.location.file}:${f.location.line} ${f.messageId} ${f.data?.services}`)).toEqual(["services/frontend/src/server.js:5 chain frontend,checkout,payment"]);
  });

  it("a loader called with a service name it is not written (a variable) makes no client: said in a diagnostic", () => {
    const result = lintTree(madeByLoader(`{ service: process.argv[2], host: "checkout:50051" }`), { only: "sync-call-chain" });
    expect(result.model.calls.map((c) => `${c.service} ${c.url}`)).toEqual(["checkout PaymentService/Charge"]);
    expect(result.diagnostics.filter((d) => d.message.includes("no gRPC call")).map((d) => d.message.split(", but")[0])).toEqual(["frontend imports @grpc/grpc-js at services/frontend/src/lib/make-stub.js:1"]);
  });
});
