import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aggregate } from "../src/aggregate.ts";
import { downUpstream, startUpstream, type Upstream } from "./helpers.ts";

/** An aggregated route asks its services at once and answers with what came back. */

let orders: Upstream;
let inventory: Upstream;
beforeAll(async () => {
  orders = await startUpstream();
  inventory = await startUpstream();
});
afterAll(async () => {
  await orders.stop();
  await inventory.stop();
});

describe("aggregation", () => {
  it("asks every service concurrently, with the caller's identity, and combines the answers", async () => {
    const answer = await aggregate(
      [{ service: "orders", baseUrl: orders.url }, { service: "inventory", baseUrl: inventory.url }],
      "42",
      { "x-user-id": "user-1" },
      2_000,
    );
    expect(answer).toEqual({ id: "42", parts: { orders: { url: "/v1/orders/42", user: "user-1" }, inventory: { url: "/v1/inventory/42", user: "user-1" } }, warnings: [] });
  });

  it("returns the parts that answered, with a warning for one that is down or failing", async () => {
    inventory.answerWith(500);
    try {
      const down = await downUpstream();
      const answer = await aggregate(
        [{ service: "orders", baseUrl: orders.url }, { service: "inventory", baseUrl: inventory.url }, { service: "payments", baseUrl: down }],
        "7",
        {},
        2_000,
      );
      expect(answer.parts).toEqual({ orders: { url: "/v1/orders/7", user: null }, inventory: null, payments: null });
      expect(answer.warnings).toEqual(["inventory answered 500", "payments could not be reached"]);
    } finally {
      inventory.answerWith(200);
    }
  });
});
