import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import { describeTopic } from "./messaging-facts.js";

/** How a topic's name and its consumer's handler are read (extract/messaging/topic.ts). */
const topics = (code: string) => facts(code, "src/events.ts").topics.map((t) => `${describeTopic(t)}${t.inFunction ? ` in ${t.inFunction}` : ""}${t.handlerRef ? ` → ${t.handlerRef.object ? `${t.handlerRef.object}.` : ""}${t.handlerRef.name}` : ""}`);

describe("[U] topic names and consumer handlers", () => {
  it("this.subject inside a class that sets it is the class's own value", () => {
    expect(topics(`import nats from "nats";\nexport class OrderPublisher {\n  readonly subject = "orders.created";\n  constructor(private nc) {}\n  publish(order) {\n    this.nc.publish(this.subject, JSON.stringify(order));\n  }\n}\n`)).toEqual(["nats produce orders.created in fn:OrderPublisher.publish"]);
  });

  it("an object pattern keeps its numbers and booleans unquoted, its texts quoted", () => {
    expect(topics(`import { MessagePattern } from "@nestjs/microservices";\nexport class MathController {\n  @MessagePattern({ cmd: "sum", version: 2, strict: true, legacy: false })\n  sum(data) { return data; }\n}\n`)).toEqual(['? consume request-reply {"cmd":"sum","legacy":false,"strict":true,"version":2} in fn:MathController.sum']);
  });

  it("a consumer's handler: a member of an imported object, a function bound to a module constant", () => {
    expect(topics(`import amqp from "amqplib";\nimport handlers from "./handlers";\nconst onStock = async (msg) => {};\nexport async function start(ch) {\n  await ch.consume("orders", handlers.onOrder);\n  await ch.consume("stock", onStock);\n}\n`)).toEqual(["amqp consume orders → handlers.onOrder", "amqp consume stock in fn:onStock"]);
  });
});
