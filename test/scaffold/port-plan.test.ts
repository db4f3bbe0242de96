import { describe, expect, it } from "vitest";
import { PORT_PLAN_MAX, PORT_PLAN_MIN, portFor } from "../../src/scaffold/port-plan.js";

describe("portFor: a service's default port, from its name alone", () => {
  it("gives the ports the README quotes, on every machine", () => {
    expect(portFor("orders")).toBe(25387);
    expect(portFor("inventory")).toBe(23394);
  });

  it("stays in 20000-25999 and spreads names over the whole range", () => {
    const ports = Array.from({ length: 5000 }, (_, i) => portFor(`service-${i}`));
    expect(Math.min(...ports)).toBeGreaterThanOrEqual(PORT_PLAN_MIN);
    expect(Math.max(...ports)).toBeLessThanOrEqual(PORT_PLAN_MAX);
    expect([PORT_PLAN_MIN, PORT_PLAN_MAX]).toEqual([20000, 25999]);
    // Uniform enough that each sixth of the range gets its share (5000 / 6 = 833, give or take).
    const sixths = Array.from({ length: 6 }, (_, sixth) => ports.filter((port) => Math.floor((port - PORT_PLAN_MIN) / 1000) === sixth).length);
    for (const count of sixths) expect(count).toBeGreaterThan(700);
  });

  it("avoids the ports a service's neighbours take (databases, brokers, collectors) and the one Chrome refuses", () => {
    for (const taken of [3000, 3306, 3659, 4317, 4318, 5432, 9092, 16686, 26257, 27017, 29092]) {
      expect(taken < PORT_PLAN_MIN || taken > PORT_PLAN_MAX, String(taken)).toBe(true);
    }
    // Below the ephemeral ports of Linux (32768) and of macOS and Windows (49152).
    expect(PORT_PLAN_MAX).toBeLessThan(32768);
  });
});
