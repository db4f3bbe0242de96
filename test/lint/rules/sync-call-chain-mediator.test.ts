import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A route handler that sends a command through a bus or mediator, whose handler class makes the calls: NestJS CQRS
 * (`this.commandBus.execute(new PlaceOrder(…))`, `@CommandHandler(PlaceOrder)`) and a mediatr-style `send` whose handler
 * is known by the type of its `handle` parameter. Events published on a bus run on their own: no link.
 */

const plain = (name: string, method: string, path: string, port: number): Tree =>
  service(`services/${name}`, ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.${method}("${path}", (req, res) => res.json({}));\napp.listen(${port});\n` });

const COMPOSE: Tree = {
  "docker-compose.yml": "services:\n  orders:\n    build: ./services/orders\n    environment:\n      STOCK_URL: http://stock:3001\n      BILLING_URL: http://billing:3002\n  stock:\n    build: ./services/stock\n  billing:\n    build: ./services/billing\n",
};

const HANDLER_CALLS = `    await axios.post(\`\${process.env.STOCK_URL}/v1/reservations\`, { sku: command.sku });\n    await axios.post(\`\${process.env.BILLING_URL}/v1/invoices\`, { sku: command.sku });\n    return { ok: true };`;

const nestCqrs = (send: string, handlerHead: string): Tree => ({
  ...service("services/orders", ["@nestjs/core", "@nestjs/common", "@nestjs/cqrs", "axios"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
    "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { CqrsModule } from "@nestjs/cqrs";\nimport { OrdersController } from "./orders.controller";\nimport { PlaceOrderHandler } from "./place-order.handler";\n@Module({ imports: [CqrsModule], controllers: [OrdersController], providers: [PlaceOrderHandler] })\nexport class AppModule {}\n`,
    "src/place-order.command.ts": `export class PlaceOrder {\n  constructor(public readonly sku: string) {}\n}\nexport class OrderPlaced {\n  constructor(public readonly sku: string) {}\n}\n`,
    "src/orders.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";\nimport { CommandBus, EventBus } from "@nestjs/cqrs";\nimport { PlaceOrder, OrderPlaced } from "./place-order.command";\n@Controller("v1/orders")\nexport class OrdersController {\n  constructor(private readonly commandBus: CommandBus, private readonly eventBus: EventBus) {}\n  @Post()\n  async place(@Body() body: { sku: string }) {\n    ${send}\n  }\n}\n`,
    "src/place-order.handler.ts": `import axios from "axios";\nimport { CommandHandler, ICommandHandler, EventsHandler } from "@nestjs/cqrs";\nimport { PlaceOrder, OrderPlaced } from "./place-order.command";\n${handlerHead} {\n  async execute(command: PlaceOrder) {\n${HANDLER_CALLS}\n  }\n}\n`,
  }),
  ...plain("stock", "post", "/v1/reservations", 3001),
  ...plain("billing", "post", "/v1/invoices", 3002),
  ...COMPOSE,
});

const mediatrStyle: Tree = {
  ...service("services/orders", ["express", "axios", "mediatr-ts"], {
    "src/server.ts": `import express from "express";\nimport { mediator } from "./mediator";\nimport { PlaceOrder } from "./place-order";\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  res.json(await mediator.send(new PlaceOrder(req.body.sku)));\n});\napp.listen(3000);\n`,
    "src/mediator.ts": `import { Mediator } from "mediatr-ts";\nexport const mediator = new Mediator();\n`,
    "src/place-order.ts": `import axios from "axios";\nexport class PlaceOrder {\n  constructor(public readonly sku: string) {}\n}\nexport class PlaceOrderHandler {\n  async handle(command: PlaceOrder) {\n${HANDLER_CALLS}\n  }\n}\n`,
  }),
  ...plain("stock", "post", "/v1/reservations", 3001),
  ...plain("billing", "post", "/v1/invoices", 3002),
  ...COMPOSE,
};

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "an event published on the bus runs on its own: its handler's calls are not the route's",
      files: nestCqrs("this.eventBus.publish(new OrderPlaced(body.sku));", "@EventsHandler(OrderPlaced)\nexport class PlaceOrderHandler"),
    },
  ],
  invalid: [
    {
      name: "NestJS CQRS: the route executes a command whose @CommandHandler awaits stock, then billing",
      files: nestCqrs("return this.commandBus.execute(new PlaceOrder(body.sku));", "@CommandHandler(PlaceOrder)\nexport class PlaceOrderHandler implements ICommandHandler<PlaceOrder>"),
      errors: [{ messageId: "sequential", file: "services/orders/src/orders.controller.ts", line: 7, data: { targets: "stock,billing" } }],
    },
    {
      name: "a mediator's send(new PlaceOrder()) runs the Handler class whose handle takes a PlaceOrder",
      files: mediatrStyle,
      errors: [{ messageId: "sequential", file: "services/orders/src/server.ts", line: 5, data: { targets: "stock,billing" } }],
    },
  ],
});
