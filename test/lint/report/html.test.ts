import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../src/lint/config.js";
import { lint } from "../../../src/lint/engine.js";
import { dotOf, dotString, graphDot, LARGE_GRAPH } from "../../../src/lint/report/graph-dot.js";
import { renderSvg, svgForHtml } from "../../../src/lint/report/graph-svg.js";
import { buildGraph } from "../../../src/lint/report/graph.js";
import { CLIENT_SCRIPT } from "../../../src/lint/report/html/client.js";
import { jsonForScript, reportData } from "../../../src/lint/report/html/data.js";
import { escapeHtml, htmlReport } from "../../../src/lint/report/html/page.js";
import { renderHtmlReport } from "../../../src/lint/report/html/render.js";
import { collectSnippets } from "../../../src/lint/report/html/snippets.js";
import { STYLE } from "../../../src/lint/report/html/style.js";
import type { LintResult, ServiceInfo } from "../../../src/lint/types.js";
import { tempDir } from "../../helpers/temp.js";
// @ts-expect-error: the bench's generator is plain JavaScript, without types.
import { writeSyntheticMonorepo } from "../bench/synthetic.mjs";

const SHOP = fileURLToPath(new URL("../../fixtures/lint/shop", import.meta.url));
const ctx = { cwd: SHOP, color: false, toolVersion: "0.1.0" };

/** A result with the given services and calls only, for shapes no fixture has. */
function resultOf(services: Partial<ServiceInfo>[], calls: [string, string][] = []): LintResult {
  const loc = { file: "a.ts", line: 1, column: 1 };
  return {
    root: "/repo",
    findings: [],
    diagnostics: [],
    rules: [],
    summary: "",
    model: {
      services: services.map((s) => ({ name: "x", root: "", sources: ["compose" as const], hosts: [], ports: [], env: {}, envSources: {}, location: loc, ...s })),
      libraries: [],
      routes: [],
      calls: calls.map(([from, to], i) => ({ id: `c${i}`, service: from, client: "fetch" as const, method: "GET", url: `http://${to}/v1/x`, targetService: to, awaited: true, parallel: false, location: { ...loc, line: i + 1 } })),
      datastores: [],
      tables: [],
      topics: [],
      imports: [],
      edges: {},
      fileService: {},
      stats: { filesParsed: 1, filesSkipped: 0 },
    },
  };
}

describe("[I] what each finding is about, in the picture (shop fixture)", () => {
  // Scanned in each test, not in the describe body: a scan at collection runs outside any test, and mutation testing
  // could not tell which test covers the code it reaches.
  const scan = () => {
    const result = lint({ cwd: SHOP, paths: ["."], config: defaultConfig(SHOP) });
    const graph = buildGraph(result);
    const names = (ids: string[]) => ids.map((id) => graph.nodes.find((n) => n.dom === id)?.id ?? graph.edges.find((e) => e.dom === id)).map((x) => (typeof x === "string" ? x : `${x!.from} -> ${x!.to}`)).sort();
    const linkOf = (pattern: RegExp) => graph.links[result.findings.findIndex((f) => pattern.test(f.message))]!;
    return { result, graph, names, linkOf };
  };

  it("a shared datastore: both services, the datastore and both connections", () => {
    const { names, linkOf } = scan();
    const link = linkOf(/connect to the same datastore/);
    expect(names(link.nodes)).toEqual(["datastore:postgres://db:5432/shop", "service:orders", "service:users"]);
    expect(names(link.edges)).toEqual(["service:orders -> datastore:postgres://db:5432/shop", "service:users -> datastore:postgres://db:5432/shop"]);
  });

  it("a call chain: its services and the calls its evidence passes through", () => {
    const { names, linkOf } = scan();
    const link = linkOf(/waits on a chain/);
    expect(names(link.nodes)).toEqual(["service:billing", "service:orders", "service:users"]);
    expect(names(link.edges)).toEqual(["service:orders -> service:users", "service:users -> service:billing"]);
  });

  it("an unversioned route: its service only", () => {
    const { names, linkOf } = scan();
    const link = linkOf(/no version segment/);
    expect(names(link.nodes)).toEqual(["service:orders"]);
    expect(link.edges).toEqual([]);
  });

  it("a suppressed finding is about nothing drawn", () => {
    const { result } = scan();
    const suppressed = { ...result, findings: result.findings.map((f) => ({ ...f, suppressed: { kind: "external" as const } })) };
    const quiet = buildGraph(suppressed);
    expect(quiet.links.every((l) => !l.nodes.length && !l.edges.length)).toBe(true);
    expect(quiet.nodes.some((n) => n.offending) || quiet.edges.some((e) => e.offending)).toBe(false);
  });
});

describe("[U] the DOT the SVG is laid out from", () => {
  it("clusters per compose project when services run in two or more, none for one", () => {
    const two = resultOf([
      { name: "orders", composeProject: { folder: "shop", hosts: [] } },
      { name: "users", composeProject: { folder: "shop", hosts: [] } },
      { name: "billing", composeProject: { folder: "billing", hosts: [] } },
    ]);
    const dot = graphDot(two);
    expect(dot).toContain('label="compose project shop"');
    expect(dot).toContain('label="compose project billing"');
    expect(dot.match(/subgraph cluster_\d/g)).toHaveLength(2);
    const one = resultOf([
      { name: "orders", composeProject: { folder: "shop", hosts: [] } },
      { name: "users", composeProject: { folder: "shop", hosts: [] } },
    ]);
    expect(graphDot(one)).not.toMatch(/subgraph cluster_\d/);
  });

  it("clusters per Kubernetes namespace, read from the Service names", () => {
    const dot = graphDot(resultOf([
      { name: "orders", hosts: ["orders", "orders.shop.svc.cluster.local"] },
      { name: "ledger", hosts: ["ledger.finance.svc.cluster.local"] },
    ]));
    expect(dot).toContain('label="namespace shop"');
    expect(dot).toContain('label="namespace finance"');
  });

  it(`more than ${LARGE_GRAPH} nodes: top to bottom, labels beside the edges (a label node doubles a chain's length)`, () => {
    const names = Array.from({ length: LARGE_GRAPH + 1 }, (_, i) => `svc-${i}`);
    const large = graphDot(resultOf(names.map((name) => ({ name })), names.map((name, i) => [name, names[(i + 1) % names.length]!])));
    expect(large).toContain("rankdir=TB");
    expect(large).toMatch(/xlabel="GET \/v1\/x"/);
    const small = graphDot(resultOf(names.slice(0, 2).map((name) => ({ name })), [["svc-0", "svc-1"]]));
    expect(small).toContain("rankdir=LR");
    expect(small).toMatch(/[^x]label="GET \/v1\/x"/);
  });

  it("a string from the scanned code cannot end its DOT string", () => {
    expect(dotString('a"] ; x -> y [label="b\\')).toBe('"a\\"] ; x -> y [label=\\"b\\\\"');
    expect(dotString("two\nlines")).toBe('"two\\nlines"');
  });
});

describe("[I] the SVG, drawn by Graphviz in WebAssembly", () => {
  it("keeps the ids and classes, escapes names, and comes without prolog or comments for HTML", async () => {
    const hostile = '<img src=x onerror="alert(1)">--> <!--';
    const result = resultOf([{ name: "orders" }, { name: hostile }], [["orders", hostile]]);
    const svg = await renderSvg(dotOf(buildGraph(result)));
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('<g id="n0" class="node service">');
    expect(svg).toMatch(/<g id="e0" class="edge call">/);
    expect(svg).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(svg).not.toContain("<img");
    const inline = svgForHtml(svg);
    expect(inline).toMatch(/^<svg\s/);
    expect(inline).not.toMatch(/<!--|<\?xml|<!DOCTYPE|<svg[^>]*\s(width|height)=/);
    expect(inline).toContain("viewBox=");
    expect(inline).not.toContain("<img");
  });
});

describe("[U] the HTML page", () => {
  const evil = "</script><script>alert(1)</script><img src=x onerror=alert(2)>";

  it("escapes text from the scanned code: summary, services, diagnostics, data", () => {
    const result = resultOf([{ name: evil }]);
    result.summary = `arch-lint understood 1 service (${evil})`;
    result.diagnostics.push({ kind: "not-understood", message: `cannot read ${evil}`, file: `src/${evil}.ts`, line: 3, service: evil });
    result.findings.push({ ruleId: "missing-tracing", severity: "warn", messageId: "m", message: evil, data: { service: evil }, location: { file: "a.ts", line: 1, column: 1 }, evidence: [{ message: evil, location: { file: `src/${evil}.ts`, line: 2, column: 1 } }], fingerprint: "f" });
    const graph = buildGraph(result);
    const html = htmlReport({ result, ctx: { ...ctx, cwd: "/repo" }, graph, svg: "<svg></svg>", snippets: new Map([["a.ts:1", { start: 1, lines: [evil] }]]) });
    // The only tags are the page's own: two scripts (the data block and the page's script), no img.
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain("<img");
    expect(html).toContain(escapeHtml(evil));
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const data = JSON.parse(json) as { findings: { message: string }[]; snippets: Record<string, string[]> };
    expect(data.findings[0]!.message).toBe(evil);
    expect(Object.values(data.snippets)[0]).toEqual([1, evil]);
  });

  it("a Content-Security-Policy that fetches nothing and runs only its own script and style, by hash", () => {
    const html = htmlReport({ result: resultOf([{ name: "orders" }]), ctx, graph: buildGraph(resultOf([{ name: "orders" }])), svg: "<svg></svg>", snippets: new Map() });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${hash(CLIENT_SCRIPT)}`);
    expect(csp).toContain(`style-src ${hash(STYLE)}`);
    expect(html).toContain(`<script>${CLIENT_SCRIPT}</script>`);
    expect(html).toContain(`<style>${STYLE}</style>`);
    // Nothing on the page points at the network (a rule's documentation link only exists when package.json names a repository).
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//);
    expect(CLIENT_SCRIPT).not.toMatch(/fetch\(|XMLHttpRequest|innerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });

  it("the data lists each file, hop and snippet once, however many findings pass through it", () => {
    const result = lint({ cwd: SHOP, paths: ["."], config: defaultConfig(SHOP) });
    const chain = result.findings.find((f) => f.ruleId === "sync-call-chain")!;
    const twice = { ...result, findings: [...result.findings, { ...chain, fingerprint: "copy" }] };
    const data = reportData(twice, ctx, buildGraph(twice), collectSnippets(twice.findings, () => "x"));
    expect(new Set(data.files).size).toBe(data.files.length);
    expect(new Set(data.hops.map((h) => JSON.stringify(h))).size).toBe(data.hops.length);
    const [first, copy] = data.findings.filter((f) => f.rule === "sync-call-chain");
    expect(copy!.evidence).toEqual(first!.evidence);
    expect(first!.services).toEqual(["billing", "orders", "users"]);
  });

  it("jsonForScript: no '<' survives, and JSON.parse reads the value back", () => {
    const value = { a: "</script><!-- \u2028", b: ["<"] };
    const text = jsonForScript(value);
    expect(text).not.toContain("<");
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("[I] snippets and the page of a real scan", () => {
  it("a few lines around each place a finding names, read through the CLI's reader", async () => {
    const result = lint({ cwd: SHOP, paths: ["."], config: defaultConfig(SHOP) });
    const files = new Map<string, string[]>();
    const sourceLine = (file: string, line: number) => {
      if (!files.has(file)) files.set(file, readFileSync(`${SHOP}/${file}`, "utf8").split("\n"));
      return files.get(file)![line - 1];
    };
    const snippets = collectSnippets(result.findings, sourceLine);
    const route = snippets.get("services/orders/src/server.ts:8")!;
    expect(route.start).toBe(6);
    expect(route.lines[2]).toContain("/stats");
    const html = await renderHtmlReport(result, { ...ctx, sourceLine });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<g id="n0" class="node service offending">');
    expect(html).toContain("arch-lint: 3 errors, 1 warning");
  });
});

describe("[I] the page of the 50-service bench repository", () => {
  it("stays under 1 MB (findings share their hops and snippets; the picture is most of it)", async () => {
    const repo = tempDir("arch-lint-html-size-");
    // The bench repository itself (10,000 files): its 100 call chains through 50 services are what fills the page.
    writeSyntheticMonorepo(repo, { services: 50, filesPerService: 200 });
    const result = lint({ cwd: repo, paths: ["."], config: defaultConfig(repo) });
    expect(result.model.services).toHaveLength(50);
    expect(result.findings.length).toBeGreaterThanOrEqual(100);
    const texts = new Map<string, string[]>();
    const sourceLine = (file: string, line: number) => {
      if (!texts.has(file)) texts.set(file, readFileSync(`${repo}/${file}`, "utf8").split("\n"));
      return texts.get(file)![line - 1];
    };
    const html = await renderHtmlReport(result, { cwd: repo, color: false, toolVersion: "0.1.0", sourceLine });
    expect(Buffer.byteLength(html)).toBeLessThan(1024 * 1024);
    expect(html.match(/<g id="n\d+" class="node service/g)).toHaveLength(50);
  }, 120_000);
});
