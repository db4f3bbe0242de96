import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * What model/value-flow.ts makes of an HTTP function and base URLs built by a factory (`makeDeps(options)`, in a
 * module of its own) and handed to the function that mounts the routes, whose handler calls a helper given the
 * function and a base, and the function itself: each call is made where the handler makes it, with the URL its
 * callers' values give (a field the caller does not pass takes the factory's fallback), the helper named.
 */

const plain = (name: string, method: string, path: string, port: number): Tree =>
  service(`services/${name}`, ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.${method}("${path}", (req, res) => res.json({}));\napp.listen(${port});\n` });

const FRONT = {
  "src/server.ts": [
    `import express from "express";`,
    `import { makeDeps } from "./deps";`,
    `import { mountRoutes } from "./routes";`,
    `export function start() {`,
    `  const app = express();`,
    `  const deps = makeDeps({ billingUrl: process.env.BILLING_URL });`,
    `  mountRoutes(app, deps);`,
    `  app.listen(8080);`,
    `}`,
    `start();`,
  ].join("\n"),
  "src/deps.ts": [
    `import { request } from "undici";`,
    `export function makeDeps(options) {`,
    `  return { send: options.send ?? request, billingUrl: options.billingUrl ?? "http://localhost:7101", shippingUrl: options.shippingUrl ?? "http://localhost:7102" };`,
    `}`,
  ].join("\n"),
  "src/routes.ts": [
    `import { charge } from "./helpers";`,
    `export function mountRoutes(app, deps) {`,
    `  app.post("/v1/checkout", async (req, res) => {`,
    `    await charge(deps.send, deps.billingUrl, { method: "POST" });`,
    `    await charge(deps.send, deps.shippingUrl, { method: "PUT" });`,
    `    const [a, b] = await Promise.all([deps.send(\`\${deps.billingUrl}/v1/ping\`), deps.send(\`\${deps.shippingUrl}/v1/ping\`)]);`,
    `    res.json({});`,
    `  });`,
    `}`,
  ].join("\n"),
  // Two calls made again at each of its call sites: one place, two ids.
  "src/helpers.ts": [`export async function charge(send, base, init) {`, `  await send(\`\${base}/v1/charges\`, init);`, `  return send(\`\${base}/v1/receipts\`, init);`, `}`].join("\n"),
};

const shop = (front: Record<string, string> = {}): Tree => ({
  ...service("services/front", ["express", "undici"], { ...FRONT, ...front }),
  ...plain("billing", "post", "/v1/charges", 7101),
  ...plain("shipping", "put", "/v1/charges", 7102),
  "docker-compose.yml": "services:\n  front:\n    build: ./services/front\n    environment:\n      BILLING_URL: http://billing:7101\n  billing:\n    build: ./services/billing\n  shipping:\n    build: ./services/shipping\n",
});

describe("[I] values a factory builds, through parameters and helpers (model/value-flow.ts)", () => {
  it("each call is made in the handler with its callers' values: the env where the caller passes it, the factory's fallback where it does not", () => {
    const { model } = lintTree(shop());
    const calls = model.calls.filter((c) => c.service === "front").map((c) => [c.id, c.madeFrom ?? "-", c.client, c.method, c.url, c.targetRoute ?? "-", c.inFunction, `${c.awaited} ${c.parallel}`, c.literalHost ? `${c.literalHost.origin} ${c.literalHost.env ?? "-"}` : "-", c.resolution]);
    expect(calls).toEqual([
      ["services/front/src/routes.ts:4:11", "services/front/src/helpers.ts:2:9", "undici", "POST", "http://billing:7101/v1/charges", "billing POST /v1/charges", "services/front/src/routes.ts#fn@L3C28", "true false", "fallback BILLING_URL", "host billing (BILLING_URL=http://billing:7101 from docker-compose.yml (services.front.environment)); made by charge() at services/front/src/helpers.ts:2"],
      ["services/front/src/routes.ts:5:11", "services/front/src/helpers.ts:2:9", "undici", "PUT", "http://localhost:7102/v1/charges", "shipping PUT /v1/charges", "services/front/src/routes.ts#fn@L3C28", "true false", "code -", "host localhost; made by charge() at services/front/src/helpers.ts:2"],
      ["services/front/src/routes.ts:4:11~2", "services/front/src/helpers.ts:3:10", "undici", "POST", "http://billing:7101/v1/receipts", "-", "services/front/src/routes.ts#fn@L3C28", "true false", "fallback BILLING_URL", "host billing (BILLING_URL=http://billing:7101 from docker-compose.yml (services.front.environment)); made by charge() at services/front/src/helpers.ts:3"],
      ["services/front/src/routes.ts:5:11~2", "services/front/src/helpers.ts:3:10", "undici", "PUT", "http://localhost:7102/v1/receipts", "-", "services/front/src/routes.ts#fn@L3C28", "true false", "code -", "host localhost; made by charge() at services/front/src/helpers.ts:3"],
      ["services/front/src/routes.ts:6:39", "-", "undici", "GET", "http://billing:7101/v1/ping", "-", "services/front/src/routes.ts#fn@L3C28", "false L6C26", "fallback BILLING_URL", "host billing (BILLING_URL=http://billing:7101 from docker-compose.yml (services.front.environment))"],
      ["services/front/src/routes.ts:6:80", "-", "undici", "GET", "http://localhost:7102/v1/ping", "-", "services/front/src/routes.ts#fn@L3C28", "false L6C26", "code -", "host localhost"],
    ]);
  });
});
