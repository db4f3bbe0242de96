import type { LintResult } from "../types.js";
import { buildGraph, edgeLabel, type ArchGraph, type GraphEdge, type GraphNode } from "./graph.js";

/**
 * The architecture as Graphviz DOT: what `arch-lint graph --format dot` prints and what
 * `--format svg` and the HTML report lay out (graph-svg.ts). Each node and edge carries an
 * `id` (`n3`, `e5`) and a `class` (its kind, `offending` when a finding is about it) that
 * Graphviz copies into the SVG, so the HTML report can style and highlight them.
 */

export const RED = "#d33";

const SHAPES = { service: "box", datastore: "cylinder", topic: "cds" } as const;
const FILLS = { service: "#e8f0fe", datastore: "#fff4e0", topic: "#eaf6ea" } as const;

/** A DOT string literal: backslashes and quotes escaped, so no name from the scanned code can end it or start an escape. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}

function attrs(list: (string | false | undefined)[]): string {
  const kept = list.filter((a): a is string => Boolean(a));
  return kept.length ? ` [${kept.join(", ")}]` : "";
}

function nodeLine(node: GraphNode, indent: string): string {
  return `${indent}${dotString(node.id)}${attrs([
    `id=${dotString(node.dom)}`,
    `class=${dotString(`${node.kind}${node.offending ? " offending" : ""}`)}`,
    `label=${dotString(node.label)}`,
    `shape=${SHAPES[node.kind]}`,
    `fillcolor=${dotString(FILLS[node.kind])}`,
    node.kind === "service" && 'style="rounded,filled"',
    node.offending && `color=${dotString(RED)}, fontcolor=${dotString(RED)}, penwidth=2`,
  ])};`;
}

function edgeLine(edge: GraphEdge, large: boolean): string {
  const asynchronous = edge.kind !== "call" && edge.kind !== "datastore";
  const text = edge.kind === "request" || edge.kind === "reply" ? edge.kind : edgeLabel(edge);
  return `  ${dotString(edge.from)} -> ${dotString(edge.to)}${attrs([
    `id=${dotString(edge.dom)}`,
    `class=${dotString(`${edge.kind}${edge.offending ? " offending" : ""}`)}`,
    // A label is a node of its own in dot's layers, which doubles a long chain's length: a large graph
    // places labels beside its edges after the layout instead (xlabel).
    text && `${large ? "xlabel" : "label"}=${dotString(text)}`,
    asynchronous && "style=dashed",
    edge.kind === "datastore" && "arrowhead=none",
    edge.offending && `color=${dotString(RED)}, fontcolor=${dotString(RED)}, penwidth=2`,
  ])};`;
}

/** The legend: one sample of each shape and line, in a box of its own. */
const LEGEND = [
  "  subgraph cluster_legend {",
  '    id="legend"; class="legend"; label="Legend"; fontsize=11; color="#999999"; style=rounded;',
  '    node [fontsize=10, style=filled, height=0.3];',
  '    edge [fontsize=9];',
  `    "legend:service" [id="legend-service", class="legend service", label="service", shape=box, style="rounded,filled", fillcolor="${FILLS.service}"];`,
  `    "legend:datastore" [id="legend-datastore", class="legend datastore", label="datastore", shape=cylinder, fillcolor="${FILLS.datastore}"];`,
  `    "legend:topic" [id="legend-topic", class="legend topic", label="topic (transport)", shape=cds, fillcolor="${FILLS.topic}"];`,
  `    "legend:finding" [id="legend-finding", class="legend service offending", label="a finding is about it", shape=box, style="rounded,filled", fillcolor="${FILLS.service}", color="${RED}", fontcolor="${RED}", penwidth=2];`,
  '    "legend:service" -> "legend:datastore" [id="legend-call", class="legend call", label="synchronous call: routes it hits"];',
  '    "legend:datastore" -> "legend:topic" [id="legend-uses", class="legend datastore", label="uses (library)", arrowhead=none];',
  '    "legend:topic" -> "legend:finding" [id="legend-async", class="legend produce", label="publishes / consumes", style=dashed];',
  "  }",
];

/** Above this many nodes (services, datastores, topics) the picture is drawn top to bottom with labels beside the edges (see dotOf). */
export const LARGE_GRAPH = 20;

export function dotOf(graph: Pick<ArchGraph, "nodes" | "edges">, options: { legend?: boolean } = {}): string {
  // Left to right reads best for a few services; dozens of them (50 in the bench repository, calling each
  // other in a ring) make dozens of layers: top to bottom, a page scrolls down them, and labels beside
  // the edges keep each layer thin.
  const large = graph.nodes.length > LARGE_GRAPH;
  const lines = [
    "digraph architecture {",
    `  graph [rankdir=${large ? "TB" : "LR"}, fontname="Helvetica", nodesep=0.3, ranksep=${large ? 0.6 : 1.1}, pad=0.3];`,
    // Wider margins than Graphviz's default: it measures text with Helvetica's widths, and a browser
    // without Helvetica draws it in a wider font (DejaVu Sans on Debian).
    '  node [fontname="Helvetica", fontsize=12, style=filled, color="#333333", margin="0.22,0.06"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555", fontcolor="#444444"];',
  ];
  const groups = new Map<string, GraphNode[]>();
  for (const node of graph.nodes) {
    if (!node.group) lines.push(nodeLine(node, "  "));
    else groups.set(node.group, [...(groups.get(node.group) ?? []), node]);
  }
  [...groups].forEach(([group, members], index) => {
    lines.push(`  subgraph cluster_${index} {`, `    id=${dotString(`g${index}`)}; class="group"; label=${dotString(group)}; fontsize=11; style="rounded,dashed"; color="#888888";`);
    for (const node of members) lines.push(nodeLine(node, "    "));
    lines.push("  }");
  });
  for (const edge of graph.edges) lines.push(edgeLine(edge, large));
  if (options.legend !== false && graph.nodes.length) lines.push(...LEGEND);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

export function graphDot(result: LintResult): string {
  return dotOf(buildGraph(result));
}
