import type { ArchModel, Finding, LintResult, ServiceInfo } from "../types.js";
import { maskedEnv, publicNamesOf, redactor } from "./redact.js";

/**
 * `arch-lint graph`: services, synchronous calls (labelled with the routes
 * they hit), datastores and who uses them, topics with producers and
 * consumers. What a finding is about (its services, datastores and topics, and
 * the calls, connections and publishes its evidence passes through) is drawn
 * in red; the HTML report highlights one finding's share of it on a click.
 */

export type GraphFormat = "mermaid" | "dot" | "svg";

export interface GraphEdge {
  /** Its id in the SVG (`e3`): the HTML report's script finds it by that. */
  dom: string;
  from: string;
  to: string;
  /** request / reply: a NestJS `client.send` and the handler that answers it (request-reply over a broker or a socket). */
  kind: "call" | "datastore" | "produce" | "consume" | "request" | "reply";
  labels: string[];
  /** `file:line` of each call, connection or publish drawn as this edge: a finding's evidence passing there is about it. */
  sites: string[];
  offending: boolean;
}

export interface GraphNode {
  id: string;
  /** Its id in the SVG (`n3`). */
  dom: string;
  label: string;
  kind: "service" | "datastore" | "topic";
  /** The compose project or Kubernetes namespace it runs in, drawn as a cluster when there are two or more. */
  group?: string;
  offending: boolean;
}

/** What one finding is about, as ids of the SVG: its nodes, and the edges its evidence passes through (with their ends). */
export interface FindingLink {
  nodes: string[];
  edges: string[];
}

export interface ArchGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** One per finding of the result, in its order (empty for a suppressed finding: it is not drawn). */
  links: FindingLink[];
}

const MAX_LABELS = 3;

function key(kind: string, name: string): string {
  return `${kind}:${name}`;
}

const site = (file: string, line: number) => `${file}:${line}`;

/**
 * Where a service runs, for clusters: its compose project's folder, else the Kubernetes namespace
 * its Service names carry (`orders.shop.svc.cluster.local`).
 */
function groupOf(service: ServiceInfo): string | undefined {
  if (service.composeProject) return `compose project ${service.composeProject.folder || "."}`;
  for (const host of service.hosts) {
    const match = /^[^.]+\.([^.]+)\.svc\.cluster\.local$/.exec(host);
    if (match) return `namespace ${match[1]}`;
  }
  return undefined;
}

export function buildGraph(result: LintResult): ArchGraph {
  const { model } = result;
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const addNode = (id: string, label: string, kind: GraphNode["kind"], group?: string) => {
    if (!nodes.has(id)) nodes.set(id, { id, dom: `n${nodes.size}`, label, kind, ...(group ? { group } : {}), offending: false });
    return nodes.get(id)!;
  };
  const addEdge = (from: string, to: string, kind: GraphEdge["kind"], label: string | undefined, at: string[]) => {
    const id = `${from}>${to}>${kind}`;
    const edge = edges.get(id) ?? { dom: `e${edges.size}`, from, to, kind, labels: [], sites: [], offending: false };
    if (label && !edge.labels.includes(label)) edge.labels.push(label);
    for (const s of at) if (!edge.sites.includes(s)) edge.sites.push(s);
    edges.set(id, edge);
  };

  // A call's URL and a topic's name may hold env values (a token in a query): shown only as reports show them.
  const redact = redactor(model.services.map(maskedEnv), publicNamesOf(model.services));
  const groups = new Map(model.services.map((service) => [service.name, groupOf(service)]));
  // A cluster for one group says nothing: drawn only when the services run in two or more.
  const clustered = new Set([...groups.values()].filter(Boolean)).size >= 2;
  const groupFor = (service: string) => (clustered ? groups.get(service) : undefined);
  for (const service of model.services) addNode(key("service", service.name), service.name, "service", groupFor(service.name));
  // A proxy route is drawn as what it serves, to each service it forwards to (its upstream may be picked at run time:
  // the route knows the services, its forward call may not).
  for (const route of model.routes) {
    const proxy = route.proxy;
    if (!proxy) continue;
    const at = [site(route.location.file, route.location.line), site(proxy.location.file, proxy.location.line)];
    for (const target of proxy.targetServices ?? []) {
      if (target !== route.service) addEdge(key("service", route.service), key("service", target), "call", `proxy ${route.method} ${route.path}`, at);
    }
  }
  for (const call of model.calls) {
    if (!call.service || !call.targetService || call.targetService === call.service || call.proxy) continue;
    const route = call.targetRoute ? call.targetRoute.slice(call.targetService.length + 1) : `${call.method} ${redact.text(call.url).replace(/^[a-z]+:\/\/[^/]*/i, "") || "/"}`;
    addEdge(key("service", call.service), key("service", call.targetService), "call", route, [site(call.location.file, call.location.line)]);
  }
  for (const store of model.datastores) {
    const name = store.identity ?? `${store.engine} (${store.service}, unresolved)`;
    // A datastore sits in its service's cluster only when it is a container of that compose project.
    const group = store.composeProject !== undefined ? groupFor(store.service) : undefined;
    const node = addNode(key("datastore", name), name, "datastore", group);
    const at = [store.location, ...(store.via ?? [])].map((l) => site(l.file, l.line));
    addEdge(key("service", store.service), node.id, "datastore", store.library, at);
  }
  for (const topic of model.topics) {
    // One node per transport and name: a TCP pattern and a Kafka topic that share a name are two things.
    const node = addNode(key("topic", `${topic.system}:${topic.topic}`), `${redact.text(topic.topic)} (${topic.system})`, "topic");
    const at = [site(topic.location.file, topic.location.line)];
    if (topic.role === "produce") addEdge(key("service", topic.service), node.id, topic.requestReply ? "request" : "produce", undefined, at);
    else addEdge(node.id, key("service", topic.service), topic.requestReply ? "reply" : "consume", undefined, at);
  }
  const graph = { nodes: [...nodes.values()], edges: [...edges.values()] };
  const index: GraphIndex = { byId: new Map(graph.nodes.map((node) => [node.id, node])), bySite: new Map() };
  for (const edge of graph.edges) for (const s of edge.sites) index.bySite.set(s, [...(index.bySite.get(s) ?? []), edge]);
  const links = result.findings.map((finding) => (finding.suppressed ? { nodes: [], edges: [] } : linkFinding(index, finding, model)));
  const red = { nodes: new Set(links.flatMap((l) => l.nodes)), edges: new Set(links.flatMap((l) => l.edges)) };
  for (const node of graph.nodes) node.offending = red.nodes.has(node.dom);
  for (const edge of graph.edges) edge.offending = red.edges.has(edge.dom);
  return { ...graph, links };
}

/** The graph's nodes by id and its edges by the `file:line` of each call, connection or publish they draw. */
interface GraphIndex {
  byId: ReadonlyMap<string, GraphNode>;
  bySite: Map<string, GraphEdge[]>;
}

/** Service names a rule puts in a finding's data (rules/*.ts): one, or a comma-separated list. */
const SERVICE_KEYS = ["service", "services", "owner", "targetService", "targets"];

/**
 * What a finding is about in the picture: the edges whose call, connection or publish its location or
 * evidence passes through (and their ends), the services, datastore and topic its data names, and,
 * when none of these is in the picture, the services its files belong to.
 */
function linkFinding({ byId, bySite }: GraphIndex, finding: Finding, model: ArchModel): FindingLink {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  const hops = [finding.location, ...finding.evidence.map((hop) => hop.location)];
  for (const hop of hops) {
    for (const edge of bySite.get(site(hop.file, hop.line)) ?? []) {
      edges.add(edge.dom);
      for (const end of [edge.from, edge.to]) nodes.add(byId.get(end)!.dom);
    }
  }
  const add = (id: string) => {
    const node = byId.get(id);
    if (node) nodes.add(node.dom);
  };
  for (const name of SERVICE_KEYS.flatMap((k) => String(finding.data[k] ?? "").split(",")).filter(Boolean)) add(key("service", name));
  if (finding.data.datastore) add(key("datastore", String(finding.data.datastore)));
  if (finding.data.topic && finding.data.system) add(key("topic", `${finding.data.system}:${finding.data.topic}`));
  if (!nodes.size) for (const hop of hops) add(key("service", model.fileService[hop.file] ?? ""));
  return { nodes: [...nodes], edges: [...edges] };
}

/** Up to three routes (or the library, for a datastore), then how many more. */
export function edgeLabel(edge: GraphEdge): string {
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
    const l = edgeLabel(edge);
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
