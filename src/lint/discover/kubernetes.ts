import { posix } from "node:path";
import type { Diagnostic, Location } from "../types.js";
import { parseDotenv } from "./env.js";
import type { FileEntry, ReadText } from "./files.js";
import { chartOf, readHelmCharts, renderHelmTemplate, UNRESOLVED, type HelmChart } from "./helm.js";
import { isInfrastructureImage } from "./images.js";
import { yamlDocuments } from "./yaml.js";

/**
 * Kubernetes manifests: the workloads (Deployments, StatefulSets, DaemonSets,
 * ReplicaSets, bare Pods, Jobs, CronJobs, Argo Rollouts, OpenShift DeploymentConfigs, Knative Services:
 * name, containers, images, env and envFrom through ConfigMaps and Secrets,
 * sidecars' settings left out), and the Services that select them (their names
 * are the hosts other pods call). Which service a workload runs is decided in
 * deployments.ts. A Helm chart's templates are rendered first with the chart's
 * default values (helm.ts); what cannot be rendered is left out and said in a diagnostic.
 * A Secret committed to the repository (an example, a dev overlay) is read like
 * a ConfigMap: a DATABASE_URL often lives there. Values only feed the model;
 * reports show connection strings with their passwords hidden. Kustomize's
 * configMapGenerator and secretGenerator (literals and env files) make
 * ConfigMaps and Secrets the same way; the hash suffix kustomize adds is
 * rewritten in the references too, so the plain names match.
 */

const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** Kinds that run pods: Kubernetes' own, Argo Rollouts' Rollout and OpenShift's DeploymentConfig (same pod template). */
const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Rollout", "DeploymentConfig", "Pod"]);

/** A Knative Service is a workload whose own name is its host, not a core Service selecting pods. */
const isKnative = (doc: Doc): boolean => doc.kind === "Service" && typeof doc.apiVersion === "string" && doc.apiVersion.startsWith("serving.knative.dev/");

export interface K8sWorkload {
  /** Deployment, StatefulSet, DaemonSet, Job or CronJob. */
  kind: string;
  name: string;
  file: string;
  line: number;
  namespace?: string;
  labels: Record<string, string>;
  /** Container names and image names (without registry and tag). */
  names: string[];
  /** The images its containers run, as written. */
  images: string[];
  env: Record<string, string>;
  envSources: Record<string, string>;
  /**
   * Variables its containers take from a Secret or ConfigMap key whose value the repository does not hold (a Secret made
   * with `kubectl create secret --from-env-file=.env`): variable → `Secret env-config key MONGO_URI`. Workloads taking
   * one key get one value, whatever it is.
   */
  envRefs?: Record<string, string>;
  /** The `- name: KEY` line of each variable its containers set by value. */
  envLocations: Record<string, Location>;
  hosts: string[];
  ports: number[];
  /** What its containers run when the manifest says (`command` then `args`, joined with spaces). */
  commands?: string[];
  /** Annotations of the workload and of its pod template (an operator's auto-instrumentation is asked for there). */
  annotations?: Record<string, string>;
}

interface K8sService {
  name: string;
  namespace?: string;
  selector: Record<string, string>;
}

type Doc = Record<string, unknown>;

const asRecord = (value: unknown): Doc => (value && typeof value === "object" && !Array.isArray(value) ? (value as Doc) : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asStrings = (value: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value))) if (v !== null && v !== undefined && typeof v !== "object") out[k] = String(v);
  return out;
};

export function readKubernetes(files: FileEntry[], read: ReadText, diagnostics: Diagnostic[] = []): K8sWorkload[] {
  const docs: { doc: Doc; file: string; line: number; renderedLine: number }[] = [];
  const texts = new Map<string, string>();
  const charts = helmChartsOf(files, read);
  /** Per rendered template, the template line of each rendered line. */
  const lineMaps = new Map<string, number[]>();
  /** Per chart, what its rendering left out: templates that did not parse, workloads without a name, values dropped. */
  const leftOut = new Map<HelmChart, Set<string>>();
  const chartOfFile = new Map<string, { chart: HelmChart; unresolved: string[] }>();
  for (const file of files) {
    if (file.kind !== "yaml") continue;
    let text = read(file.rel);
    const chart = charts.length && text?.includes("{{") ? chartOf(file.rel, charts) : undefined;
    if (chart && text) {
      let rendered;
      try {
        rendered = renderHelmTemplate(text, chart);
      } catch (error) {
        // The renderer is meant never to throw; if it does, one template is lost, never the scan.
        addTo(leftOut, chart, `${file.rel} (could not be rendered: ${(error as Error).message})`);
        continue;
      }
      text = rendered.text;
      lineMaps.set(file.rel, rendered.lines);
      chartOfFile.set(file.rel, { chart, unresolved: rendered.unresolved });
    }
    // A kustomization.yaml may leave out apiVersion and kind.
    const kustomization = KUSTOMIZATION_FILE.test(file.rel);
    if (!text || (!kustomization && (!text.includes("apiVersion") || !text.includes("kind")))) continue;
    for (const { value, line: renderedLine } of yamlDocuments(text)) {
      if (!value) {
        const helm = chartOfFile.get(file.rel);
        if (helm) addTo(leftOut, helm.chart, `${file.rel} (does not parse once rendered${helm.unresolved.length ? `: ${helm.unresolved[0]}` : ""})`);
        continue;
      }
      const doc = value;
      if (kustomization) doc.kind ??= "Kustomization";
      if (typeof doc.kind !== "string") continue;
      docs.push({ doc, file: file.rel, line: templateLine(lineMaps.get(file.rel), renderedLine), renderedLine });
      texts.set(file.rel, text);
    }
  }

  const configMaps = new Map<string, EnvSource>();
  const secrets = new Map<string, EnvSource>();
  const services: K8sService[] = [];
  for (const { doc, file } of docs) {
    if (doc.kind === "Kustomization") {
      for (const generated of generatedSources(doc, file, "configMapGenerator", read)) configMaps.set(generated.name, generated);
      for (const generated of generatedSources(doc, file, "secretGenerator", read)) secrets.set(generated.name, generated);
      continue;
    }
    const metadata = asRecord(doc.metadata);
    const name = typeof metadata.name === "string" ? metadata.name : undefined;
    if (!name) continue;
    if (doc.kind === "ConfigMap") configMaps.set(name, { data: asStrings(doc.data), label: `${file} (ConfigMap ${name})` });
    if (doc.kind === "Secret") secrets.set(name, { data: secretData(doc), label: `${file} (Secret ${name})` });
    if (doc.kind === "Service" && !isKnative(doc)) {
      const spec = asRecord(doc.spec);
      services.push({ name, ...(typeof metadata.namespace === "string" ? { namespace: metadata.namespace } : {}), selector: asStrings(spec.selector) });
    }
  }

  const workloads: K8sWorkload[] = [];
  for (const { doc, file, line, renderedLine } of docs) {
    if (typeof doc.kind !== "string" || !(WORKLOAD_KINDS.has(doc.kind) || isKnative(doc))) continue;
    const metadata = asRecord(doc.metadata);
    const name = typeof metadata.name === "string" ? metadata.name : undefined;
    if (!name) continue;
    const helm = chartOfFile.get(file);
    if (name.includes(UNRESOLVED)) {
      if (helm) addTo(leftOut, helm.chart, `a ${doc.kind} of ${file}:${line} (its name${helm.unresolved.length ? `, ${helm.unresolved[0]}` : " is not set by the values"})`);
      continue;
    }
    let spec = asRecord(doc.spec);
    if (doc.kind === "CronJob") spec = asRecord(asRecord(spec.jobTemplate).spec);
    // A bare Pod is its own template: its labels and containers are the pod's.
    const template = doc.kind === "Pod" ? { metadata: doc.metadata, spec: doc.spec } : asRecord(spec.template);
    const labels = asStrings(asRecord(template.metadata).labels);
    const podSpec = asRecord(template.spec);
    const workload: K8sWorkload = {
      kind: doc.kind,
      name,
      file,
      line,
      ...(typeof metadata.namespace === "string" ? { namespace: metadata.namespace } : {}),
      labels,
      names: [],
      images: [],
      env: {},
      envSources: {},
      envLocations: {},
      hosts: [],
      ports: [],
    };
    const annotations = { ...asStrings(metadata.annotations), ...asStrings(asRecord(template.metadata).annotations) };
    if (Object.keys(annotations).length) workload.annotations = annotations;
    const containers = asArray(podSpec.containers).map(asRecord);
    for (const container of containers) {
      if (typeof container.name === "string") workload.names.push(container.name);
      if (typeof container.image === "string") {
        workload.names.push(imageName(container.image));
        workload.images.push(container.image);
      }
      // A sidecar (a database proxy, a mesh or collector agent) beside the service's own container: its settings are not the service's.
      if (containers.length > 1 && typeof container.image === "string" && isInfrastructureImage(container.image)) continue;
      const command = [...asArray(container.command), ...asArray(container.args)].filter((word) => typeof word === "string" || typeof word === "number");
      if (command.length) (workload.commands ??= []).push(command.join(" "));
      for (const from of asArray(container.envFrom).map(asRecord)) {
        const source = lookup(configMaps, asRecord(from.configMapRef).name) ?? lookup(secrets, asRecord(from.secretRef).name);
        if (!source) continue;
        // `prefix` is prepended to every key, as Kubernetes does.
        const prefix = typeof from.prefix === "string" ? from.prefix : "";
        for (const [key, value] of Object.entries(source.data)) {
          workload.env[prefix + key] = value;
          workload.envSources[prefix + key] = source.label;
        }
      }
      for (const item of asArray(container.env).map(asRecord)) {
        if (typeof item.name !== "string") continue;
        if (item.value !== undefined && item.value !== null) {
          workload.env[item.name] = String(item.value);
          workload.envSources[item.name] = `${file} (${doc.kind} ${name})`;
          const at = envLine(texts.get(file) ?? "", renderedLine, item.name);
          if (at) workload.envLocations[item.name] = { file, line: templateLine(lineMaps.get(file), at), column: 1 };
          continue;
        }
        const valueFrom = asRecord(item.valueFrom);
        const configMapKey = asRecord(valueFrom.configMapKeyRef);
        const secretKey = asRecord(valueFrom.secretKeyRef);
        const [source, ref] = valueFrom.configMapKeyRef ? [lookup(configMaps, configMapKey.name), configMapKey] : [lookup(secrets, secretKey.name), secretKey];
        const value = source && typeof ref.key === "string" ? source.data[ref.key] : undefined;
        if (value !== undefined) {
          workload.env[item.name] = value;
          workload.envSources[item.name] = source!.label;
        } else if (typeof ref.name === "string" && typeof ref.key === "string" && !`${ref.name}${ref.key}`.includes(UNRESOLVED)) {
          const namespace = workload.namespace ? ` (namespace ${workload.namespace})` : "";
          (workload.envRefs ??= {})[item.name] = `${valueFrom.configMapKeyRef ? "ConfigMap" : "Secret"} ${ref.name}${namespace} key ${ref.key}`;
        }
      }
      for (const port of asArray(container.ports).map(asRecord)) {
        if (typeof port.containerPort === "number") workload.ports.push(port.containerPort);
      }
    }
    if (isKnative(doc)) {
      const ns = workload.namespace;
      workload.hosts.push(name, ...(ns ? [`${name}.${ns}`, `${name}.${ns}.svc`, `${name}.${ns}.svc.cluster.local`] : []));
    }
    // Services whose selector matches the pod labels: their names are how other pods reach it.
    for (const service of services) {
      const keys = Object.entries(service.selector);
      if (!keys.length || !keys.every(([k, v]) => labels[k] === v)) continue;
      const ns = service.namespace ?? workload.namespace;
      workload.hosts.push(service.name, ...(ns ? [`${service.name}.${ns}`, `${service.name}.${ns}.svc`, `${service.name}.${ns}.svc.cluster.local`] : []));
    }
    if (helm) {
      const dropped = withoutUnrendered(workload);
      if (dropped.length) addTo(leftOut, helm.chart, `${doc.kind} ${name}'s ${dropped.join(", ")}`);
    }
    workloads.push(workload);
  }
  for (const [chart, items] of leftOut) {
    const shown = [...items].slice(0, 4).join("; ");
    diagnostics.push({
      kind: "not-understood",
      file: chart.dir === "." ? "Chart.yaml" : `${chart.dir}/Chart.yaml`,
      line: 1,
      message: `Helm chart ${chart.name}: rendered with its default values, some of it could not be worked out and is left out: ${shown}${items.size > 4 ? `; and ${items.size - 4} more` : ""} (set them in the chart's values.yaml, or give the services' env in arch-lint's config)`,
    });
  }
  return workloads;
}

/** The charts of the scan, read only when a Chart.yaml is there. */
function helmChartsOf(files: FileEntry[], read: ReadText): HelmChart[] {
  const chartFiles = files.filter((file) => file.kind === "yaml" && (file.rel === "Chart.yaml" || file.rel.endsWith("/Chart.yaml"))).map((file) => file.rel);
  if (!chartFiles.length) return [];
  const templates = files.filter((file) => (file.kind === "yaml" || file.kind === "helm-template") && /(^|\/)templates\//.test(file.rel)).map((file) => file.rel);
  return readHelmCharts(chartFiles, read, templates);
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

const templateLine = (lines: number[] | undefined, renderedLine: number): number => (lines ? (lines[renderedLine - 1] ?? renderedLine) : renderedLine);

/**
 * A rendered workload keeps only what rendered whole: an env value, image or host half made of unknowns would mislead.
 * Returns what was dropped (`env MONGO_URI, REDIS_URL`, `image`), for the chart's diagnostic.
 */
function withoutUnrendered(workload: K8sWorkload): string[] {
  const dropped: string[] = [];
  const env: string[] = [];
  for (const [key, value] of Object.entries(workload.env)) {
    if (!value.includes(UNRESOLVED)) continue;
    delete workload.env[key];
    delete workload.envSources[key];
    delete workload.envLocations[key];
    env.push(key);
  }
  if (env.length) dropped.push(`env ${env.length > 4 ? `${env.slice(0, 3).join(", ")} and ${env.length - 3} more` : env.join(", ")}`);
  const known = (text: string): boolean => !text.includes(UNRESOLVED);
  if (!workload.images.every(known)) dropped.push("image");
  workload.names = workload.names.filter(known);
  workload.images = workload.images.filter(known);
  workload.hosts = workload.hosts.filter(known);
  if (workload.commands && !workload.commands.every(known)) {
    dropped.push("command");
    workload.commands = workload.commands.filter(known);
  }
  for (const [key, value] of Object.entries(workload.labels)) if (!known(value)) delete workload.labels[key];
  return dropped;
}

/** The first `- name: KEY` line at or after the workload's `kind:` line. */
function envLine(text: string, from: number, key: string): number | undefined {
  const lines = text.split("\n");
  for (let i = from - 1; i < lines.length; i++) {
    const match = /^\s*-?\s*name:\s*["']?([^"'\s]+)["']?\s*$/.exec(lines[i]!);
    if (match?.[1] === key) return i + 1;
  }
  return undefined;
}

interface EnvSource {
  data: Record<string, string>;
  /** Where a value came from, for evidence: `deploy/orders.yaml (Secret orders-secrets)`. */
  label: string;
}

function lookup(sources: Map<string, EnvSource>, name: unknown): EnvSource | undefined {
  return typeof name === "string" ? sources.get(name) : undefined;
}

/**
 * A kustomization's generated ConfigMaps or Secrets: `literals` (KEY=value) and `envs` files
 * (dotenv, relative to the kustomization, read only when they are part of the scan).
 */
function generatedSources(doc: Doc, file: string, field: "configMapGenerator" | "secretGenerator", read: ReadText): (EnvSource & { name: string })[] {
  const result: (EnvSource & { name: string })[] = [];
  for (const generator of asArray(doc[field]).map(asRecord)) {
    if (typeof generator.name !== "string") continue;
    const data: Record<string, string> = {};
    const envFiles = [...asArray(generator.envs), generator.env].filter((path): path is string => typeof path === "string");
    for (const envFile of envFiles) {
      const text = read(posix.join(posix.dirname(file), envFile));
      if (text !== undefined) Object.assign(data, parseDotenv(text));
    }
    for (const literal of asArray(generator.literals).filter((item): item is string => typeof item === "string")) {
      const separator = literal.indexOf("=");
      if (separator > 0) data[literal.slice(0, separator)] = literal.slice(separator + 1);
    }
    result.push({ name: generator.name, data, label: `${file} (${field} ${generator.name})` });
  }
  return result;
}

const utf8 = new TextDecoder("utf-8");

/** A Secret's `stringData` as written, and its `data` decoded from base64 (values that are not UTF-8 text are left out). */
function secretData(doc: Doc): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [key, encoded] of Object.entries(asStrings(doc.data))) {
    const bytes = Buffer.from(encoded, "base64");
    const text = utf8.decode(bytes);
    if (bytes.length > 0 && !text.includes("\uFFFD")) data[key] = text;
  }
  // Kubernetes merges stringData over data.
  return { ...data, ...asStrings(doc.stringData) };
}

/** `ghcr.io/acme/orders:1.2.3` → `orders`. */
export function imageName(image: string): string {
  const withoutDigest = image.split("@")[0]!;
  const last = withoutDigest.split("/").pop() ?? withoutDigest;
  return last.replace(/:[^:]*$/, "");
}
