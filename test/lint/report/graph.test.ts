import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultConfig, parseConfig } from "../../../src/lint/config.js";
import { lint } from "../../../src/lint/engine.js";
import { starterConfig } from "../../../src/lint/init.js";
import { graphMermaid } from "../../../src/lint/report/graph.js";
import { graphDot } from "../../../src/lint/report/graph-dot.js";
import { parse } from "yaml";

const SHOP = fileURLToPath(new URL("../../fixtures/lint/shop", import.meta.url));

describe("[I] arch-lint graph and init on the shop fixture", () => {
  // Scanned in each test, not in the describe body: a scan at collection runs outside any test, and mutation testing
  // could not tell which test covers the code it reaches.
  const scan = () => lint({ cwd: SHOP, paths: ["."], config: defaultConfig(SHOP) });

  it("mermaid: services, calls labelled with routes, datastores, topics, what a finding is about in red", () => {
    const result = scan();
    expect(graphMermaid(result)).toBe(
      [
        "flowchart LR",
        '  s0["billing"]',
        '  s1["orders"]',
        '  s2["users"]',
        '  d3[("postgres://db:5432/billing")]',
        '  d4[("postgres://db:5432/shop")]',
        '  t5>"billing.account-viewed.v1 (kafka)"]',
        '  s1 -->|"GET /v1/users/:id"| s2',
        '  s2 -->|"GET /v1/accounts/:id"| s0',
        '  s0 ---|"pg"| d3',
        '  s1 ---|"pg"| d4',
        '  s2 ---|"postgres"| d4',
        "  s0 -. produce .-> t5",
        "  linkStyle 0,1,3,4 stroke:#d33,stroke-width:3px",
        "  classDef offending stroke:#d33,stroke-width:3px",
        "  class s0,s1,s2,d4 offending",
        "",
      ].join("\n"),
    );
  });

  it("dot: one node per service, datastore and topic, with ids and classes for the SVG; red what a finding is about; a legend", () => {
    const result = scan();
    const dot = graphDot(result);
    expect(dot).toMatch(/^digraph architecture \{/);
    expect(dot).toContain('"service:orders" -> "service:users" [id="e0", class="call offending", label="GET /v1/users/:id", color="#d33", fontcolor="#d33", penwidth=2];');
    expect(dot).toMatch(/"datastore:postgres:\/\/db:5432\/shop" \[id="n4", class="datastore offending", label="postgres:\/\/db:5432\/shop", shape=cylinder, [^\]]*color="#d33"/);
    expect(dot).toContain('"service:billing" -> "topic:kafka:billing.account-viewed.v1" [id="e5", class="produce", style=dashed];');
    expect(dot).toMatch(/"datastore:postgres:\/\/db:5432\/billing" \[id="n3", class="datastore", [^\]]*\];/);
    expect(dot).not.toMatch(/"datastore:postgres:\/\/db:5432\/billing" \[[^\]]*#d33/);
    expect(dot).toContain("subgraph cluster_legend {");
    // Three services read left to right; no compose project or namespace to tell apart, so no cluster.
    expect(dot).toContain("rankdir=LR");
    expect(dot).not.toMatch(/subgraph cluster_\d/);
  });

  it("init: a valid starter config listing each discovered service with its path", () => {
    const result = scan();
    const text = starterConfig(result.model.services);
    const data = parse(text) as { services: Record<string, { path: string }> };
    expect(data.services).toEqual({ billing: { path: "services/billing" }, orders: { path: "services/orders" }, users: { path: "services/users" } });
    const config = parseConfig(data, undefined, SHOP);
    expect(lint({ cwd: SHOP, paths: ["."], config }).findings.map((f) => f.fingerprint)).toEqual(result.findings.map((f) => f.fingerprint));
  });
});

describe("[U] graph labels and secrets", () => {
  it("a call's URL is shown as reports show it: no token from the environment in a label", () => {
    const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcmRlcnMifQ.c2lnbmF0dXJlLXRva2Vu";
    const loc = { file: "services/orders/src/a.ts", line: 1, column: 1 };
    const svc = (name: string, env: Record<string, string> = {}) => ({ name, root: `services/${name}`, sources: ["compose" as const], hosts: [name], ports: [], env, envSources: {}, location: loc });
    const result = {
      root: "/repo",
      findings: [],
      diagnostics: [],
      rules: [],
      summary: "",
      model: {
        services: [svc("orders", { API_TOKEN: token }), svc("users")],
        libraries: [],
        routes: [],
        calls: [{ id: "c", service: "orders", client: "fetch" as const, method: "GET", url: `http://users:3000/v2/export?access_token=${token}`, targetService: "users", awaited: true, parallel: false, location: loc }],
        datastores: [],
        tables: [],
        topics: [],
        imports: [],
        edges: {},
        fileService: {},
        stats: { filesParsed: 1, filesSkipped: 0 },
      },
    };
    const text = graphMermaid(result);
    expect(text).toContain('s0 -->|"GET /v2/export?access_token=***"| s1');
    expect(text).not.toContain(token);
  });
});
