import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * The value flow follows a call through a parameter back to every caller, a few hops deep and a few variants per
 * hop; the bounds are per hop, so the paths multiply. A service whose request helper sits under layers of relays,
 * each relay called by every relay of the layer above, has WIDTH^LAYERS paths to its handler: the flow stops at a
 * budget of steps per call, keeps what it found, and says so.
 */

const WIDTH = 20;
const LAYERS = 4;

function relays(): string {
  const lines = ["export async function relay0_0(send, url) {", "  return send(url);", "}"];
  for (let layer = 1; layer < LAYERS; layer++) {
    for (let j = 0; j < WIDTH; j++) {
      const below = layer === 1 ? ["relay0_0"] : Array.from({ length: WIDTH }, (_, k) => `relay${layer - 1}_${k}`);
      lines.push(`export async function relay${layer}_${j}(send, url) {`, ...below.map((name) => `  await ${name}(send, url);`), "}");
    }
  }
  return `${lines.join("\n")}\n`;
}

function tree(): Tree {
  const top = Array.from({ length: WIDTH }, (_, j) => `    await relay${LAYERS - 1}_${j}(deps.send, \`\${deps.ordersUrl}/v1/orders\`);`).join("\n");
  return {
    "docker-compose.yml": "services:\n  hub:\n    build: ./hub\n    environment:\n      ORDERS_URL: http://orders:3000\n  orders:\n    build: ./orders\n",
    ...service("hub", ["express", "undici"], {
      "src/server.ts": `import express from "express";\nimport { request } from "undici";\nimport { mount } from "./routes";\n\nexport function createHub(settings: { send?: typeof request } = {}) {\n  const app = express();\n  const deps = { send: settings.send ?? request, ordersUrl: process.env.ORDERS_URL };\n  mount(app, deps);\n  return app;\n}\n\ncreateHub().listen(3000);\n`,
      "src/routes.ts": `import { ${Array.from({ length: WIDTH }, (_, j) => `relay${LAYERS - 1}_${j}`).join(", ")} } from "./relays";\n\nexport function mount(app, deps) {\n  app.get("/v1/sync", async (_req, res) => {\n${top}\n    res.json({ ok: true });\n  });\n}\n`,
      "src/relays.ts": relays(),
    }),
    ...service("orders", ["express"], {
      "src/server.ts": `import express from "express";\n\nconst app = express();\napp.get("/v1/orders", (_req, res) => res.json([]));\napp.listen(3000);\n`,
    }),
  };
}

describe("the value flow's budget of steps per call", () => {
  it("stops a call reached through too many callers, keeps the calls found so far and says where it stopped", () => {
    const result = lintTree(tree());
    const budget = result.diagnostics.filter((d) => d.message.includes("more callers than arch-lint follows"));
    expect(budget).toHaveLength(1);
    expect(budget[0]!.message).toMatch(/^hub: send\(…\) at hub\/src\/relays\.ts:2 is reached through more callers than arch-lint follows \(20000 steps\)/);
    const toOrders = result.model.calls.filter((call) => call.service === "hub" && call.targetService === "orders");
    expect(toOrders.length).toBeGreaterThan(0);
    expect(toOrders[0]!.url).toBe("http://orders:3000/v1/orders");
  }, 60_000);

  it("says nothing when the paths fit in the budget", () => {
    const small = tree();
    // One relay per layer: a single path.
    small["hub/src/relays.ts"] = (small["hub/src/relays.ts"] as string).replace(/ {2}await relay\d+_([1-9]\d*)\(send, url\);\n/g, "");
    small["hub/src/routes.ts"] = (small["hub/src/routes.ts"] as string).replace(/ {4}await relay\d+_([1-9]\d*)\(deps\.send, [^\n]*\n/g, "");
    const result = lintTree(small);
    expect(result.diagnostics.filter((d) => d.message.includes("more callers than arch-lint follows"))).toEqual([]);
    expect(result.model.calls.some((call) => call.service === "hub" && call.targetService === "orders")).toBe(true);
  }, 60_000);
});
