import type { LintResult } from "../../types.js";
import { displayPath, type ReportContext } from "../context.js";
import type { ArchGraph } from "../graph.js";
import { snippetKey, type Snippet } from "./snippets.js";

/**
 * What the HTML report's script renders the findings from, kept small: a long call chain repeats
 * the same files and hops in finding after finding (the 50-service bench repository has 150 findings
 * with 2,650 hops, but 500 distinct places), so files, hops and code snippets are listed once and
 * findings refer to them by index.
 */
export interface ReportData {
  /** Paths as the user sees them (relative to the current folder). */
  files: string[];
  /** [file index, line, message]; a finding's own location has an empty message. */
  hops: [number, number, string][];
  /** By `<file index>:<line>`: the first line's number, then the lines. */
  snippets: Record<string, [number, ...string[]]>;
  /** By SVG id: what a node of the picture is. */
  nodes: Record<string, { label: string; kind: string }>;
  findings: ReportFinding[];
  rules: Record<string, { description: string; docsUrl?: string }>;
}

export interface ReportFinding {
  rule: string;
  severity: "error" | "warn";
  message: string;
  /** Hop index of its location. */
  at: number;
  evidence: number[];
  /** SVG ids of the nodes and edges it is about. */
  nodes: string[];
  edges: string[];
  /** The services it is about, for the service filter. */
  services: string[];
}

export function reportData(result: LintResult, ctx: ReportContext, graph: ArchGraph, snippets: ReadonlyMap<string, Snippet>): ReportData {
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const hops: ReportData["hops"] = [];
  const hopIndex = new Map<string, number>();
  const shownSnippets: ReportData["snippets"] = {};
  const hop = (file: string, line: number, message: string): number => {
    let f = fileIndex.get(file);
    if (f === undefined) {
      f = files.push(displayPath(result, ctx, file)) - 1;
      fileIndex.set(file, f);
    }
    const key = `${f}\u0000${line}\u0000${message}`;
    let index = hopIndex.get(key);
    if (index === undefined) {
      index = hops.push([f, line, message]) - 1;
      hopIndex.set(key, index);
      const snippet = snippets.get(snippetKey(file, line));
      if (snippet) shownSnippets[`${f}:${line}`] = [snippet.start, ...snippet.lines];
    }
    return index;
  };
  const nodes = Object.fromEntries(graph.nodes.map((node) => [node.dom, { label: node.label, kind: node.kind }]));
  const findings: ReportFinding[] = [];
  result.findings.forEach((finding, index) => {
    if (finding.suppressed) return;
    const link = graph.links[index] ?? { nodes: [], edges: [] };
    const services = [...new Set(link.nodes.map((id) => nodes[id]).filter((node) => node?.kind === "service").map((node) => node!.label))].sort();
    const owner = result.model.fileService[finding.location.file];
    if (!services.length && owner) services.push(owner);
    findings.push({
      rule: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      at: hop(finding.location.file, finding.location.line, ""),
      evidence: finding.evidence.map((e) => hop(e.location.file, e.location.line, e.message)),
      nodes: link.nodes,
      edges: link.edges,
      services,
    });
  });
  const rules = Object.fromEntries(result.rules.map((rule) => [rule.id, { description: rule.description, ...(rule.docsUrl ? { docsUrl: rule.docsUrl } : {}) }]));
  return { files, hops, snippets: shownSnippets, nodes, findings, rules };
}

/**
 * JSON for a `<script type="application/json">` block: `<` written as `\u003c`, so no text from the
 * scanned code (`</script><script>…`) can end the block or open a tag; JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
