import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * A helper given the HTTP function itself: `relay(request, url)` with undici's `request` (or the request library's)
 * passed by its own name. `request` is also the name handlers give the incoming request, which carries no function:
 * only an import of that name counts.
 */

function tree(handler: string, imports: string): Tree {
  return {
    "docker-compose.yml": "services:\n  hub:\n    build: ./hub\n    environment:\n      ORDERS_URL: http://orders:3000\n  orders:\n    build: ./orders\n",
    ...service("hub", ["express", "undici"], {
      "src/relay.ts": "export async function relay(send, url) {\n  return send(url);\n}\n",
      "src/server.ts": `import express from "express";\n${imports}import { relay } from "./relay";\n\nconst app = express();\napp.get("/v1/sync", ${handler});\napp.listen(3000);\n`,
    }),
    ...service("orders", ["express"], {
      "src/server.ts": `import express from "express";\n\nconst app = express();\napp.get("/v1/orders", (_req, res) => res.json([]));\napp.listen(3000);\n`,
    }),
  };
}

const callsToOrders = (files: Tree) =>
  lintTree(files)
    .model.calls.filter((call) => call.service === "hub" && call.targetService === "orders")
    .map((call) => ({ at: `${call.location.file}:${call.location.line}`, client: call.client, url: call.url }));

describe("an HTTP function named request, handed to a helper", () => {
  it("undici's request passed by name is the helper's client: hub calls orders", () => {
    const handler = "async (_req, res) => {\n  await relay(request, `${process.env.ORDERS_URL}/v1/orders`);\n  res.json({ ok: true });\n}";
    expect(callsToOrders(tree(handler, 'import { request } from "undici";\n'))).toEqual([{ at: "hub/src/server.ts:7", client: "undici", url: "http://orders:3000/v1/orders" }]);
  });

  it("a handler's own request parameter, shadowing the import, is no client", () => {
    const handler = "async (request, res) => {\n  await relay(request, `${process.env.ORDERS_URL}/v1/orders`);\n  res.json({ ok: true });\n}";
    expect(callsToOrders(tree(handler, 'import { request } from "undici";\n'))).toEqual([]);
  });

  it("without the import, request is only a name", () => {
    const handler = "async (_req, res) => {\n  const request = makeSender();\n  await relay(request, `${process.env.ORDERS_URL}/v1/orders`);\n  res.json({ ok: true });\n}";
    expect(callsToOrders(tree(handler, ""))).toEqual([]);
  });
});
