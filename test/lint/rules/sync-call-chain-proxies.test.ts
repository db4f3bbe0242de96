import { ruleTester, type Tree } from "../helpers.js";
import { PROXY_FORMS, proxyFixture } from "../proxy-fixtures.js";

/**
 * The edge (test/fixtures/lint/proxies): a gateway forwarding to orders, which asks inventory while it answers, is
 * one hop between services (orders → inventory), not two: the proxy is the way in, not a call of a chain. An
 * aggregation route's calls are calls, each counted once, but the edge's hop is not counted in the depth.
 */

/** The backends with inventory asking a warehouse in turn: orders → inventory → warehouse. */
const deeper = (gateway: Tree): Tree => {
  const tree = { ...gateway };
  const extra = proxyFixture("deeper", ".");
  for (const [path, content] of Object.entries(extra)) if (path.startsWith("services/") || path === "docker-compose.yml") tree[path] = content;
  return tree;
};

/**
 * The reply-from gateway with routes of its own besides its proxy (so no edge), whose proxy route first asks
 * inventory, then forwards to orders: the forward is the way on, not a second service it awaits.
 */
const mixed = (): Tree => {
  const tree = proxyFixture("reply-from", "valid");
  const server = tree["services/gateway/src/server.ts"] as string;
  tree["services/gateway/src/server.ts"] = server
    .replace('app.get("/healthz"', 'app.get("/v1/carts", async () => []);\napp.post("/v1/carts", async () => ({}));\napp.get("/healthz"')
    .replace(
      'app.all("/v1/orders/*", (request, reply) => reply.from(request.url));',
      'app.all("/v1/orders/*", async (request, reply) => {\n  await fetch(`${process.env.INVENTORY_URL}/v1/stock/1`, { signal: AbortSignal.timeout(500) });\n  return reply.from(request.url);\n});',
    );
  return tree;
};

ruleTester("sync-call-chain", {
  valid: [
    ...PROXY_FORMS.map((form) => ({
      name: `${form}: gateway → orders → inventory is one hop`,
      files: proxyFixture(form, "valid"),
      // The forward and orders' own call, both resolved: the forward is in the model, as evidence.
      understood: { calls: form === "http-proxy-middleware" ? ["gateway → inventory", "gateway → orders", "orders → inventory"] : ["gateway → orders", "orders → inventory"] },
    })),
    {
      name: "a service that is no edge, whose route asks inventory and then forwards to orders: the forward is no step of a sequence",
      files: mixed(),
      understood: { calls: ["gateway → inventory", "gateway → orders", "orders → inventory"] },
    },
    {
      name: "an aggregation route of the edge asking orders and inventory at once: its hop is not counted",
      files: proxyFixture("reply-from", "aggregate"),
      understood: { calls: ["gateway → inventory", "gateway → orders", "gateway → orders", "orders → inventory"] },
    },
  ],
  invalid: [
    {
      name: "behind the edge, orders → inventory → warehouse is still two hops",
      files: deeper(proxyFixture("reply-from", "aggregate")),
      errors: [
        {
          messageId: "chain",
          file: "services/gateway/src/server.ts",
          line: 15,
          message:
            "GET /v1/overview/:id in gateway waits on a chain of 2 synchronous calls (more than 1, not counting the hop of the edge gateway): gateway GET /v1/overview/:id → orders GET /v1/orders/:id → inventory GET /v1/stock/:id → warehouse GET /v1/shelves/:id",
          data: { depth: 2, services: "gateway,orders,inventory,warehouse" },
        },
      ],
    },
  ],
});
