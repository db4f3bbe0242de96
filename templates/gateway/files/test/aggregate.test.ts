import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aggregate } from "../src/aggregate.ts";
import { ROUTES } from "../src/service.ts";
import { downUpstream, startGateway, startIdentityProvider, startUpstream, type Upstream } from "./helpers.ts";

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

  it("gives up on a part that is too slow, within its own timeout, and keeps the others", async () => {
    inventory.delay(1_000);
    try {
      const answer = await aggregate([{ service: "orders", baseUrl: orders.url }, { service: "inventory", baseUrl: inventory.url }], "9", {}, 200);
      expect(answer.parts).toEqual({ orders: { url: "/v1/orders/9", user: null }, inventory: null });
      expect(answer.warnings).toEqual(["inventory did not answer within 200 ms"]);
    } finally {
      inventory.delay(0);
    }
  });

  it("serves GET /v1/overview/:id through the gateway, asking the first two routed services with the caller's identity", async () => {
    const provider = await startIdentityProvider();
    const aggregated = ROUTES.slice(0, 2);
    const upstreams = Object.fromEntries(aggregated.map((service, index) => [service, (index === 0 ? orders : inventory).url]));
    const gateway = await startGateway(provider.jwksUrl, upstreams);
    try {
      const response = await fetch(`${gateway.url}/v1/overview/5`, { headers: { authorization: `Bearer ${await provider.sign()}` } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        id: "5",
        parts: Object.fromEntries(aggregated.map((service) => [service, { url: `/v1/${service}/5`, user: "user-1" }])),
        warnings: [],
      });
      expect((await fetch(`${gateway.url}/v1/overview/5`)).status).toBe(401);
    } finally {
      await gateway.stop();
      await provider.stop();
    }
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
