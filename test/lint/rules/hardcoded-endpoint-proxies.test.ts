import { ruleTester } from "../helpers.js";
import { proxyFixture } from "../proxy-fixtures.js";

/** A gateway's proxy target is an address like any other (test/fixtures/lint/proxies); the message says it forwards. */

ruleTester("hardcoded-endpoint", {
  valid: [{ name: "a proxy's upstream read from the environment, its fallback allowed", files: proxyFixture("reply-from", "valid") }],
  invalid: [
    {
      name: "a proxy's upstream fallback, with allowFallbacks off",
      files: proxyFixture("reply-from", "valid"),
      options: { allowFallbacks: false },
      errors: [
        {
          messageId: "callFallback",
          file: "services/gateway/src/server.ts",
          line: 8,
          data: { service: "gateway", host: "orders", target: "orders" },
          evidence: ["gateway forwards requests to http://orders:3000 through @fastify/reply-from, which reaches orders", "the environment of gateway is set here: add ORDERS_URL"],
        },
        { messageId: "callFallback", file: "services/orders/src/server.ts", data: { service: "orders", host: "inventory" } },
      ],
    },
  ],
});
