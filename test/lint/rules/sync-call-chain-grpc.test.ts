import { ruleTester, service, type Tree } from "../helpers.js";

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
