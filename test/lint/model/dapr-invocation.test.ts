import { describe, expect, it } from "vitest";
import { daprAppIdOf } from "../../../src/lint/discover/starts.js";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * Dapr service invocation: a service asks its own sidecar, on loopback, to call another app by its app id. The call
 * reaches the service with that app id (its pods' `dapr.io/app-id`, `dapr run --app-id`, a daprd sidecar beside it, else
 * the service of that name), at the path it asks for; the sidecar's loopback address is nobody's hard-coded endpoint.
 */

const express = (routes: string, extra = "") => `import express from "express";\n${extra}const app = express();\napp.use(express.json());\n${routes}app.listen(3000);\n`;

/** A storefront front door, a basket service and a stock service, wired through their sidecars three ways. */
function shop(): Tree {
  return {
    // storefront: the sidecar URL form, to app `basket`.
    ...service("services/storefront", ["express", "axios"], {
      "src/server.ts": express(
        `app.post("/v1/checkout", async (req, res) => {\n  const basket = await axios.post("http://localhost:3500/v1.0/invoke/basket/method/v1/baskets/close", req.body);\n  res.json(basket.data);\n});\n`,
        `import axios from "axios";\n`,
      ),
    }),
    // basket: the header form, to app `inventory`, which only stock's Deployment names.
    ...service("services/basket", ["express"], {
      "src/server.ts": express(
        `const sidecar = process.env.DAPR_HTTP_ENDPOINT ?? "http://localhost:3500";\napp.post("/v1/baskets/close", async (req, res) => {\n  const held = await fetch(\`\${sidecar}/v1/holds\`, { method: "POST", headers: { "dapr-app-id": "inventory" }, body: JSON.stringify(req.body) });\n  await fetch("http://localhost:3500/v1.0/state/baskets", { method: "POST", body: "[]" });\n  res.json(await held.json());\n});\n`,
      ),
    }),
    ...service("services/stock", ["express"], {
      "src/server.ts": express(`app.post("/v1/holds", (req, res) => res.status(201).json({ held: true }));\n`),
    }),
    // reports: the SDK, to app `basket` in the shop namespace.
    ...service("services/reports", ["express", "@dapr/dapr"], {
      "src/server.ts": express(
        `const dapr = new DaprClient({ daprHost: "127.0.0.1", daprPort: "3500" });\napp.get("/v1/reports/open-baskets", async (req, res) => {\n  res.json(await dapr.invoker.invoke("basket.shop", "/v1/baskets/close", HttpMethod.POST, {}));\n});\n`,
        `import { DaprClient, HttpMethod } from "@dapr/dapr";\n`,
      ),
    }),
    "k8s/stock.yaml": [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: stock",
      "spec:",
      "  template:",
      "    metadata:",
      "      annotations:",
      '        dapr.io/enabled: "true"',
      "        dapr.io/app-id: inventory",
      "    spec:",
      "      containers:",
      "        - name: stock",
      "          image: shop/stock",
      "",
    ].join("\n"),
  };
}

describe("[U] Dapr service invocation", () => {
  it("each form reaches the service its app id names, at the route it asks for", () => {
    const { model } = lintTree(shop(), { only: "sync-call-chain" });
    const calls = model.calls.filter((c) => c.dapr).map((c) => [c.service, c.client, c.dapr!.appId, c.targetService, c.targetRoute]);
    expect(calls).toEqual([
      ["basket", "fetch", "inventory", "stock", "stock POST /v1/holds"],
      ["reports", "dapr", "basket.shop", "basket", "basket POST /v1/baskets/close"],
      ["storefront", "axios", "basket", "basket", "basket POST /v1/baskets/close"],
    ]);
    const state = model.calls.find((c) => c.url.includes("/v1.0/state/"));
    expect(state?.dapr).toBeUndefined();
    const held = model.calls.find((c) => c.dapr?.appId === "inventory");
    expect(held?.resolution).toBe("the Dapr app id inventory through the sidecar (its app id, k8s/stock.yaml:2) (DAPR_HTTP_ENDPOINT unset, default http://localhost:3500)");
  });

  it("a chain through two sidecars is a chain, and each call without a timeout is unprotected", () => {
    const chain = lintTree(shop(), { only: "sync-call-chain" }).findings;
    expect(chain.map((f) => f.message.split(": ")[1])).toEqual([
      "reports GET /v1/reports/open-baskets → basket POST /v1/baskets/close → stock POST /v1/holds",
      "storefront POST /v1/checkout → basket POST /v1/baskets/close → stock POST /v1/holds",
    ]);
    const unprotected = lintTree(shop(), { only: "unprotected-call" }).findings.map((f) => f.message.split(" while ")[0]);
    expect(unprotected).toEqual([
      "basket calls stock (POST http://localhost:3500/v1/holds)",
      "reports calls basket (POST /v1.0/invoke/basket.shop/method/v1/baskets/close)",
      "storefront calls basket (POST http://localhost:3500/v1.0/invoke/basket/method/v1/baskets/close)",
    ]);
  });

  it("a Dapr Resiliency resource that gives an app a timeout or a breaker guards the calls made to it through the sidecars", () => {
    const tree = shop();
    tree["dapr/resiliency.yaml"] = [
      "apiVersion: dapr.io/v1alpha1",
      "kind: Resiliency",
      "metadata:",
      "  name: shop-policies",
      "spec:",
      "  policies:",
      "    timeouts:",
      "      fast: 2s",
      "    circuitBreakers:",
      "      guarded:",
      "        maxRequests: 1",
      "        trip: consecutiveFailures > 5",
      "  targets:",
      "    apps:",
      "      inventory:",
      "        timeout: fast",
      "      basket:",
      "        circuitBreaker: guarded",
      "",
    ].join("\n");
    const result = lintTree(tree, { only: "unprotected-call" });
    expect(result.findings).toEqual([]);
    const guards = result.model.calls.filter((c) => c.dapr).map((c) => [c.dapr!.appId, c.guards?.timeout, c.guards?.breaker]);
    expect(guards).toEqual([
      ["inventory", "the Dapr resiliency policy shop-policies's timeout fast (dapr/resiliency.yaml:2)", undefined],
      ["basket.shop", undefined, { file: "dapr/resiliency.yaml", line: 2, column: 1 }],
      ["basket", undefined, { file: "dapr/resiliency.yaml", line: 2, column: 1 }],
    ]);
    // Both asked for: the policy's breaker alone leaves basket's callers without a timeout.
    const both = lintTree(tree, { only: "unprotected-call", rules: { "unprotected-call": ["warn", { requireBoth: true }] } }).findings.map((f) => f.message.split(" while ")[0]);
    expect(both).toEqual(["basket calls stock (POST http://localhost:3500/v1/holds)", "reports calls basket (POST /v1.0/invoke/basket.shop/method/v1/baskets/close)", "storefront calls basket (POST http://localhost:3500/v1.0/invoke/basket/method/v1/baskets/close)"]);
  });

  it("the sidecar's loopback address is no hard-coded endpoint; another loopback call still is", () => {
    const tree = shop();
    tree["services/stock/src/audit.ts"] = `export const audit = () => fetch("http://localhost:4000/v1/audit", { method: "POST" });\n`;
    const findings = lintTree(tree, { only: "hardcoded-endpoint" }).findings;
    expect(findings.map((f) => [f.location.file, f.message.split(" with ")[0]])).toEqual([["services/stock/src/audit.ts", "stock calls POST http://localhost:4000/v1/audit"]]);
  });

  it("an app id no service has is said in the call's resolution", () => {
    const tree = shop();
    tree["services/storefront/src/server.ts"] = express(`app.get("/v1/x", async (req, res) => res.json(await fetch("http://localhost:3500/v1.0/invoke/ledger/method/v1/entries")));\n`);
    const call = lintTree(tree, { only: "sync-call-chain" }).model.calls.find((c) => c.service === "storefront");
    expect(call?.targetService).toBeUndefined();
    expect(call?.resolution).toBe("the Dapr app id ledger is no scanned service's (its deployment names it with the dapr.io/app-id annotation or dapr run --app-id)");
  });

  it("a publish through the sidecar (its HTTP API or the SDK) after a write in one handler is a dual write; the sidecar call stays no endpoint", () => {
    const ledger = (code: string, deps: string[], imports = "") =>
      service("services/ledger", ["express", "pg", ...deps], {
        "src/server.ts": express(`app.post("/v1/entries", async (req, res) => {\n  await pool.query("INSERT INTO entries (id, amount) VALUES ($1, $2)", [req.body.id, req.body.amount]);\n${code}\n  res.status(201).end();\n});\n`, `import { Pool } from "pg";\n${imports}const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`),
      });
    const http = lintTree(ledger(`  await fetch("http://localhost:3500/v1.0/publish/ledger-pubsub/entry-posted", { method: "POST", body: JSON.stringify(req.body) });`, []), { only: "dual-write" });
    expect(http.model.topics.map((t) => [t.system, t.topic, t.role])).toEqual([["dapr", "entry-posted", "produce"]]);
    expect(http.findings.map((f) => f.message)).toEqual([expect.stringContaining("entry-posted")]);
    const sdk = lintTree(ledger(`  await dapr.pubsub.publish("ledger-pubsub", "entry-posted", req.body);`, ["@dapr/dapr"], `import { DaprClient } from "@dapr/dapr";\nconst dapr = new DaprClient();\n`), { only: "dual-write" });
    expect(sdk.model.topics.map((t) => [t.system, t.topic, t.role])).toEqual([["dapr", "entry-posted", "produce"]]);
    expect(sdk.findings).toHaveLength(1);
  });

  it("app ids from the commands that start a sidecar", () => {
    expect(daprAppIdOf("dapr run --app-id checkout --app-protocol http --dapr-http-port 3500 -- npm run start")).toBe("checkout");
    expect(daprAppIdOf("./daprd -app-id order-processor -app-port 5001")).toBe("order-processor");
    expect(daprAppIdOf("dapr run -a pricing -- node index.js")).toBe("pricing");
    expect(daprAppIdOf("dapr run --app-id=ledger -- node .")).toBe("ledger");
    expect(daprAppIdOf("node server.js --app-id something")).toBeUndefined();
  });
});
