import { describe, expect, it } from "vitest";
import { CallGraph } from "../../../src/lint/model/graph.js";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A client class keeping its breaker in a field and firing it from a method: `private readonly breaker = new
 * CircuitBreaker(async (q) => axios.get(url, { params: q }))` (or a breaker factory of the project,
 * `makeBreaker(async (q) => ...)`), then `return this.breaker.fire(q)`. Firing it runs the function it was made
 * around, so the route that calls the client's method reaches that request.
 */

const compose: Tree = {
  "docker-compose.yml": "services:\n  tariffs:\n    build: ./tariffs\n  fleet:\n    build: ./fleet\n  trips:\n    build: ./trips\n",
};

const backend = (name: string, path: string): Tree =>
  service(name, ["express"], { "index.js": `const express = require("express");\nconst app = express();\napp.get("${path}", (req, res) => res.json({}));\napp.listen(8080);\n` });

const clients = `import axios from "axios";
import CircuitBreaker from "opossum";

const makeBreaker = (fn) => new CircuitBreaker(fn, { timeout: 2500 });

export class TariffClient {
  private readonly breaker = new CircuitBreaker(async (q) => (await axios.get("http://tariffs:8080/v1/quotes", { params: q, timeout: 2000 })).data);

  async quote(q) {
    return this.breaker.fire(q);
  }
}

export class FleetClient {
  private readonly breaker = makeBreaker(async (q) => (await axios.get("http://fleet:8080/v1/cars/near", { params: q, timeout: 1500 })).data);

  async nearest(q) {
    try {
      return await this.breaker.fire(q);
    } catch {
      return [];
    }
  }
}
`;

const trips = (body: string): Tree =>
  service("trips", ["express", "axios", "opossum"], {
    "clients.ts": clients,
    "index.ts": `import express from "express";\nimport { TariffClient, FleetClient } from "./clients";\nconst tariffs = new TariffClient();\nconst fleet = new FleetClient();\nconst app = express();\napp.post("/v1/trips", async (req, res) => {\n${body}\n});\napp.listen(8080);\n`,
  });

const tree = (body: string): Tree => ({ ...compose, ...backend("tariffs", "/v1/quotes"), ...backend("fleet", "/v1/cars/near"), ...trips(body) });

const oneAfterAnother = "  const price = await tariffs.quote(req.body);\n  const cars = await fleet.nearest(req.body);\n  res.json({ price, cars });";
const together = "  const [price, cars] = await Promise.all([tariffs.quote(req.body), fleet.nearest(req.body)]);\n  res.json({ price, cars });";

ruleTester("sync-call-chain", {
  valid: [{ name: "two clients' member breakers fired side by side", files: tree(together) }],
  invalid: [
    {
      name: "two clients' member breakers fired one after the other",
      files: tree(oneAfterAnother),
      errors: [{ messageId: "sequential", file: "trips/index.ts", line: 6, data: { targets: "tariffs,fleet" } }],
    },
  ],
});

describe("a breaker a class keeps in a field", () => {
  it("links the route to the requests this.breaker.fire(...) runs, guarded by the breaker", () => {
    const { model, findings } = lintTree(tree(oneAfterAnother));
    const route = model.routes.find((r) => r.service === "trips")!;
    const reached = CallGraph.of(model).reachable(route.handler!).map(({ call }) => call.targetService);
    expect(reached).toEqual(["tariffs", "fleet"]);
    expect(model.calls.filter((c) => c.service === "trips").every((c) => c.guards?.breaker)).toBe(true);
    expect(findings.filter((f) => f.ruleId === "unprotected-call")).toEqual([]);
  });
});
