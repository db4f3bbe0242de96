import { describe, expect, it } from "vitest";
import { graphMermaid } from "../../../src/lint/report/graph.js";
import { lintTree } from "../helpers.js";
import { proxyFixture } from "../proxy-fixtures.js";

describe("[I] arch-lint graph of a gateway", () => {
  it("draws each proxy route as what it serves, to the service it forwards to", () => {
    const result = lintTree(proxyFixture("http-proxy-middleware", "valid"));
    const edges = graphMermaid(result)
      .split("\n")
      .filter((line) => line.includes("-->"));
    expect(edges).toEqual(['  s0 -->|"proxy ALL /api/orders/*"| s2', '  s0 -->|"proxy ALL /v1/stock/*"| s1', '  s2 -->|"GET /v1/stock/:id"| s1']);
  });

  it("draws the proxies of an upstream picked at run time to the services the gateway's environment names", () => {
    const result = lintTree(proxyFixture("reply-from", "loop"));
    const edges = graphMermaid(result)
      .split("\n")
      .filter((line) => line.includes("-->"));
    expect(edges).toEqual(['  s0 -->|"proxy ALL /v1/orders, proxy ALL /v1/orders/*"| s2', '  s0 -->|"proxy ALL /v1/inventory, proxy ALL /v1/inventory/*"| s1', '  s2 -->|"GET /v1/stock/:id"| s1']);
  });
});
