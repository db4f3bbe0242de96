import { parseAllDocuments } from "yaml";
import type { FileEntry } from "./files.js";
import type { ReadText } from "./services.js";

/**
 * Kubernetes manifests: Deployments, StatefulSets and DaemonSets (name,
 * containers, images, env and envFrom through ConfigMaps), and the Services
 * that select them (their names are the hosts other pods call). Plain YAML
 * only: Helm templates (`{{ }}`) do not parse and are skipped quietly.
 */

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"]);

export interface K8sWorkload {
  name: string;
  file: string;
  line: number;
  namespace?: string;
  labels: Record<string, string>;
  /** Container names and image names (without registry and tag). */
  names: string[];
  env: Record<string, string>;
  envSources: Record<string, string>;
  hosts: string[];
  ports: number[];
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

export function readKubernetes(files: FileEntry[], read: ReadText): K8sWorkload[] {
  const docs: { doc: Doc; file: string; line: number }[] = [];
  for (const file of files) {
    if (file.kind !== "yaml") continue;
    const text = read(file.rel);
    if (!text || !text.includes("apiVersion") || !text.includes("kind")) continue;
    let parsed;
    try {
      parsed = parseAllDocuments(text, { uniqueKeys: false });
    } catch {
      continue;
    }
    for (const document of Array.isArray(parsed) ? parsed : [parsed]) {
      if (document.errors.length) continue;
      const doc = asRecord(document.toJS({ maxAliasCount: 100 }));
      if (typeof doc.kind !== "string") continue;
      const offset = document.range?.[0] ?? 0;
      const kindIndex = text.indexOf("kind:", offset);
      const line = text.slice(0, kindIndex >= 0 ? kindIndex : offset).split("\n").length;
      docs.push({ doc, file: file.rel, line });
    }
  }

  const configMaps = new Map<string, { data: Record<string, string>; file: string }>();
  const services: K8sService[] = [];
  for (const { doc, file } of docs) {
    const metadata = asRecord(doc.metadata);
    const name = typeof metadata.name === "string" ? metadata.name : undefined;
    if (!name) continue;
    if (doc.kind === "ConfigMap") configMaps.set(name, { data: asStrings(doc.data), file });
    if (doc.kind === "Service") {
      const spec = asRecord(doc.spec);
      services.push({ name, ...(typeof metadata.namespace === "string" ? { namespace: metadata.namespace } : {}), selector: asStrings(spec.selector) });
    }
  }

  const workloads: K8sWorkload[] = [];
  for (const { doc, file, line } of docs) {
    if (typeof doc.kind !== "string" || !WORKLOAD_KINDS.has(doc.kind)) continue;
    const metadata = asRecord(doc.metadata);
    const name = typeof metadata.name === "string" ? metadata.name : undefined;
    if (!name) continue;
    let spec = asRecord(doc.spec);
    if (doc.kind === "CronJob") spec = asRecord(asRecord(spec.jobTemplate).spec);
    const template = asRecord(spec.template);
    const labels = asStrings(asRecord(template.metadata).labels);
    const podSpec = asRecord(template.spec);
    const workload: K8sWorkload = {
      name,
      file,
      line,
      ...(typeof metadata.namespace === "string" ? { namespace: metadata.namespace } : {}),
      labels,
      names: [],
      env: {},
      envSources: {},
      hosts: [],
      ports: [],
    };
    for (const container of asArray(podSpec.containers).map(asRecord)) {
      if (typeof container.name === "string") workload.names.push(container.name);
      if (typeof container.image === "string") workload.names.push(imageName(container.image));
      for (const from of asArray(container.envFrom).map(asRecord)) {
        const ref = asRecord(from.configMapRef).name;
        const map = typeof ref === "string" ? configMaps.get(ref) : undefined;
        if (!map) continue;
        for (const [key, value] of Object.entries(map.data)) {
          workload.env[key] = value;
          workload.envSources[key] = `${map.file} (ConfigMap ${ref as string})`;
        }
      }
      for (const item of asArray(container.env).map(asRecord)) {
        if (typeof item.name !== "string") continue;
        if (item.value !== undefined && item.value !== null) {
          workload.env[item.name] = String(item.value);
          workload.envSources[item.name] = `${file} (${doc.kind} ${name})`;
          continue;
        }
        const ref = asRecord(asRecord(item.valueFrom).configMapKeyRef);
        const map = typeof ref.name === "string" ? configMaps.get(ref.name) : undefined;
        const value = map && typeof ref.key === "string" ? map.data[ref.key] : undefined;
        if (value !== undefined) {
          workload.env[item.name] = value;
          workload.envSources[item.name] = `${map!.file} (ConfigMap ${ref.name as string})`;
        }
      }
      for (const port of asArray(container.ports).map(asRecord)) {
        if (typeof port.containerPort === "number") workload.ports.push(port.containerPort);
      }
    }
    // Services whose selector matches the pod labels: their names are how other pods reach it.
    for (const service of services) {
      const keys = Object.entries(service.selector);
      if (!keys.length || !keys.every(([k, v]) => labels[k] === v)) continue;
      const ns = service.namespace ?? workload.namespace;
      workload.hosts.push(service.name, ...(ns ? [`${service.name}.${ns}`, `${service.name}.${ns}.svc`, `${service.name}.${ns}.svc.cluster.local`] : []));
    }
    workloads.push(workload);
  }
  return workloads;
}

/** `ghcr.io/acme/orders:1.2.3` → `orders`. */
export function imageName(image: string): string {
  const withoutDigest = image.split("@")[0]!;
  const last = withoutDigest.split("/").pop() ?? withoutDigest;
  return last.replace(/:[^:]*$/, "");
}
