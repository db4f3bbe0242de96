import { ruleTester } from "../helpers.js";
import { proxyFixture } from "../proxy-fixtures.js";

/**
 * A proxy route's forward is the edge's hop, not a call its handler makes (test/fixtures/lint/proxies): these
 * gateways forward without a timeout of their own, and that is not reported here. orders' own call is judged.
 */

ruleTester("unprotected-call", {
  valid: [
    { name: "reply-from forwarding without a timeout or breaker", files: proxyFixture("reply-from", "valid"), understood: { calls: ["gateway → orders", "orders → inventory"] } },
    { name: "express-http-proxy forwarding without a timeout", files: proxyFixture("express-http-proxy", "invalid"), understood: { calls: ["gateway → orders", "orders → inventory"] } },
  ],
  invalid: [
    {
      name: "a call an aggregation route of the edge makes is judged like any other",
      files: (() => {
        const tree = proxyFixture("reply-from", "aggregate");
        tree["services/gateway/src/server.ts"] = (tree["services/gateway/src/server.ts"] as string).replace("fetch(`${INVENTORY_URL}/v1/stock/${id}`, { signal: AbortSignal.timeout(2000) })", "fetch(`${INVENTORY_URL}/v1/stock/${id}`)");
        return tree;
      })(),
      errors: [{ messageId: "noGuard", file: "services/gateway/src/server.ts", line: 16, data: { service: "gateway", targetService: "inventory" } }],
    },
  ],
});
