import type { Finding, LintResult } from "../types.js";
import { publicNamesOf, redactor } from "./redact.js";

/**
 * `arch-lint graph`: services, synchronous calls (labelled with the routes
 * they hit), datastores and who uses them, topics with producers and
 * consumers. Edges and datastores that a finding is about are highlighted.
 */

export type GraphFormat = "mermaid" | "dot";

interface Edge {
  from: string;
  to: string;
  /** request / reply: a NestJS `client.send` and the handler that answers it (request-reply over a broker or a socket). */
  kind: "call" | "datastore" | "produce" | "consume" | "request" | "reply";
  labels: string[];
  offending: boolean;
}

interface Node {
  id: string;
  label: string;
  kind: "service" | "datastore" | "topic";
  offending: boolean;
}

const MAX_LABELS = 3;

function key(kind: string, name: string): string {
  return `${kind}:${name}`;
}

/** Calls, datastores and publishes named in findings (by location), to highlight. */
function offendingLocations(findings: readonly Finding[]): Set<string> {
  const set = new Set<string>();
  for (const finding of findings) {
    if (finding.suppressed) continue;
    for (const hop of [finding.location, ...finding.evidence.map((e) => e.location)]) set.add(`${finding.ruleId}@${hop.file}:${hop.line}`);
  }
  return set;
}

export function buildGraph(result: LintResult): { nodes: Node[]; edges: Edge[] } {
  const { model } = result;
  const offending = offendingLocations(result.findings);
  const hit = (rule: string, file: string, line: number) => offending.has(`${rule}@${file}:${line}`);
  const nodes = new Map<string, Node>();
  const edges = new Map<string, Edge>();
  const addNode = (id: string, label: string, kind: Node["kind"]) => {
    if (!nodes.has(id)) nodes.set(id, { id, label, kind, offending: false });
    return nodes.get(id)!;
  };
  const addEdge = (from: string, to: string, kind: Edge["kind"], label: string | undefined, isOffending: boolean) => {
    const id = `${from}>${to}>${kind}`;
    const edge = edges.get(id) ?? { from, to, kind, labels: [], offending: false };
    if (label && !edge.labels.includes(label)) edge.labels.push(label);
    edge.offending ||= isOffending;
    edges.set(id, edge);
  };

  // A call's URL and a topic's name may hold env values (a token in a query): shown only as reports show them.
  const redact = redactor(model.services.map((service) => service.env), publicNamesOf(model.services));
  for (const service of model.services) addNode(key("service", service.name), service.name, "service");
  for (const call of model.calls) {
    if (!call.service || !call.targetService || call.targetService === call.service) continue;
    const route = call.targetRoute ? call.targetRoute.slice(call.targetService.length + 1) : `${call.method} ${redact.text(call.url).replace(/^[a-z]+:\/\/[^/]*/i, "") || "/"}`;
    addEdge(key("service", call.service), key("service", call.targetService), "call", route, hit("sync-call-chain", call.location.file, call.location.line));
  }
  for (const store of model.datastores) {
    const name = store.identity ?? `${store.engine} (${store.service}, unresolved)`;
    const node = addNode(key("datastore", name), name, "datastore");
    const isOffending = hit("shared-database", store.location.file, store.location.line);
    node.offending ||= isOffending;
    addEdge(key("service", store.service), node.id, "datastore", store.library, isOffending);
  }
  for (const topic of model.topics) {
    // One node per transport and name: a TCP pattern and a Kafka topic that share a name are two things.
    const node = addNode(key("topic", `${topic.system}:${topic.topic}`), `${redact.text(topic.topic)} (${topic.system})`, "topic");
    // A publish that is half of a dual write is drawn in red.
    if (topic.role === "produce") addEdge(key("service", topic.service), node.id, topic.requestReply ? "request" : "produce", undefined, hit("dual-write", topic.location.file, topic.location.line));
    else addEdge(node.id, key("service", topic.service), topic.requestReply ? "reply" : "consume", undefined, false);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

function label(edge: Edge): string {
  const shown = edge.labels.slice(0, MAX_LABELS);
  const more = edge.labels.length - shown.length;
  return [...shown, ...(more > 0 ? [`+${more} more`] : [])].join(", ");
}

export function graphMermaid(result: LintResult): string {
  const { nodes, edges } = buildGraph(result);
  const ids = new Map(nodes.map((node, index) => [node.id, `${node.kind === "service" ? "s" : node.kind === "datastore" ? "d" : "t"}${index}`]));
  const text = (s: string) => s.replace(/"/g, "#quot;");
  const lines = ["flowchart LR"];
  for (const node of nodes) {
    const id = ids.get(node.id)!;
    if (node.kind === "service") lines.push(`  ${id}["${text(node.label)}"]`);
    else if (node.kind === "datastore") lines.push(`  ${id}[("${text(node.label)}")]`);
    else lines.push(`  ${id}>"${text(node.label)}"]`);
  }
  const highlighted: number[] = [];
  edges.forEach((edge, index) => {
    const from = ids.get(edge.from)!;
    const to = ids.get(edge.to)!;
    const l = label(edge);
    if (edge.kind === "call") lines.push(`  ${from} -->${l ? `|"${text(l)}"|` : ""} ${to}`);
    else if (edge.kind === "datastore") lines.push(`  ${from} ---${l ? `|"${text(l)}"|` : ""} ${to}`);
    else lines.push(`  ${from} -. ${edge.kind} .-> ${to}`);
    if (edge.offending) highlighted.push(index);
  });
  if (highlighted.length) lines.push(`  linkStyle ${highlighted.join(",")} stroke:#d33,stroke-width:3px`);
  const offendingNodes = nodes.filter((n) => n.offending).map((n) => ids.get(n.id)!);
  if (offendingNodes.length) lines.push("  classDef offending stroke:#d33,stroke-width:3px", `  class ${offendingNodes.join(",")} offending`);
  return `${lines.join("\n")}\n`;
}

export function graphDot(result: LintResult): string {
  const { nodes, edges } = buildGraph(result);
  const q = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const shape = { service: "box", datastore: "cylinder", topic: "cds" } as const;
  const lines = ["digraph architecture {", "  rankdir=LR;", '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const node of nodes) lines.push(`  ${q(node.id)} [label=${q(node.label)}, shape=${shape[node.kind]}${node.offending ? ", color=red, penwidth=2" : ""}];`);
  for (const edge of edges) {
    const attrs = [
      ...(label(edge) ? [`label=${q(label(edge))}`] : []),
      ...(edge.kind === "produce" || edge.kind === "consume" ? ["style=dashed"] : []),
      ...(edge.kind === "request" || edge.kind === "reply" ? [`style=dashed, label=${q(edge.kind)}`] : []),
      ...(edge.kind === "datastore" ? ["arrowhead=none"] : []),
      ...(edge.offending ? ["color=red", "penwidth=2"] : []),
    ];
    lines.push(`  ${q(edge.from)} -> ${q(edge.to)}${attrs.length ? ` [${attrs.join(", ")}]` : ""};`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
