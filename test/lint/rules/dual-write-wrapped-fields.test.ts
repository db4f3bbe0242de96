import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A controller class whose handlers are fields wrapped by an error-catching helper (`place = asyncHandler(async (req, res)
 * => …)`), routed through an instance other modules import (`router.post("/v1/orders", orders.place)`), and a service
 * handed an object holding its models (`new this.db.Order(data).save()`, `(await this.db.Basket.findOne(q)).save()`)
 * in a file that imports no ORM.
 */

const db = `import mongoose from "mongoose";\nexport const OrderModel = mongoose.model("Order", new mongoose.Schema({ total: Number }));\nexport const BasketModel = mongoose.model("Basket", new mongoose.Schema({ items: [String] }));\nexport class Db {\n  constructor(public readonly Order: typeof OrderModel, public readonly Basket: typeof BasketModel) {}\n}\nexport const db = new Db(OrderModel, BasketModel);\n`;
const bus = `import amqp from "amqplib";\nexport class Bus {\n  private channel?: amqp.Channel;\n  async open() {\n    this.channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();\n  }\n  tell(key: string, body: string) {\n    this.channel?.publish("orders", key, Buffer.from(body));\n  }\n}\nexport const bus = new Bus();\n`;
const orderService = (body: string) => `import { Db, db } from "./db";\nexport class OrderService {\n  constructor(private readonly db: Db) {}\n  async place(total: number) {\n${body}\n  }\n}\nexport const orderService = new OrderService(db);\n`;
const controller = (publish = true) => `import { Request, Response } from "express";\nimport { Bus, bus } from "./bus";\nimport { OrderService, orderService } from "./order.service";\nconst asyncHandler = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response) => fn(req, res).catch(() => res.status(500).end());\nexport class OrderController {\n  constructor(private readonly orders: OrderService, private readonly bus: Bus) {}\n  place = asyncHandler(async (req, res) => {\n    const order = await this.orders.place(req.body.total);\n${publish ? `    this.bus.tell("order.placed", JSON.stringify(order));\n` : ""}    res.status(201).json(order);\n  });\n}\nexport const orderController = new OrderController(orderService, bus);\n`;

function shop(serviceBody: string, publish = true): Tree {
  return {
    "docker-compose.yml": `services:\n  shop:\n    build: ./shop\n`,
    ...service("shop", ["express", "mongoose", "amqplib"], {
      "src/server.ts": `import express from "express";\nimport { orderController } from "./order.controller";\nconst app = express();\nconst router = express.Router();\nrouter.post("/v1/orders", orderController.place);\napp.use(router);\napp.listen(3000);\n`,
      "src/db.ts": db,
      "src/bus.ts": bus,
      "src/order.service.ts": orderService(serviceBody),
      "src/order.controller.ts": controller(publish),
    }),
  };
}

ruleTester("dual-write", {
  valid: [
    {
      name: "a wrapped field handler that saves through its service and publishes nothing",
      files: shop(`    const order = new this.db.Order({ total });\n    return order.save();`, false),
    },
  ],
  invalid: [
    {
      name: "a wrapped field handler whose service saves a new document of a held model, then publishes (acc26b)",
      files: shop(`    const order = new this.db.Order({ total });\n    return order.save();`),
      errors: [{ messageId: "dualWrite", data: { service: "shop", system: "amqp", target: "Order" } }],
    },
    {
      name: "a wrapped field handler whose service saves a document it found through a held model, then publishes (acc26b)",
      files: shop(`    const basket = await this.db.Basket.findOne({ total });\n    basket.items = [];\n    return basket.save();`),
      errors: [{ messageId: "dualWrite", data: { service: "shop", system: "amqp", target: "Basket" } }],
    },
  ],
});
