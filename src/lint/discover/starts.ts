import { posix } from "node:path";
import type { Location, ServiceInfo } from "../types.js";
import type { ImageArtifact } from "./artifacts.js";
import type { ComposeService } from "./compose.js";
import type { FileSet, ReadText } from "./files.js";
import type { K8sWorkload } from "./kubernetes.js";

/**
 * How a service is started, as its files say: its package.json scripts, the `CMD`, `ENTRYPOINT` and
 * `ENV NODE_OPTIONS` lines of the Dockerfiles that build it, its compose `command`, its Kubernetes containers'
 * `command` and `args`; and an operator's auto-instrumentation asked for by a pod annotation. Read as text,
 * never run: missing-tracing looks there for a tracing SDK loaded before the app (`--require`, `--import`).
 */

export interface StartInput {
  scripts?: Readonly<Record<string, string>>;
  /** The package.json holding `scripts`. */
  packageFile?: string;
  compose: readonly ComposeService[];
  artifacts: readonly ImageArtifact[];
  workloads: readonly K8sWorkload[];
  read: ReadText;
  fileSet: FileSet;
}

/** Annotations with which the OpenTelemetry Operator and Datadog's admission controller inject a Node.js tracer into the pod. */
const INJECTING_ANNOTATION = /^(instrumentation\.opentelemetry\.io\/inject-nodejs|admission\.datadoghq\.com\/js-lib\.version|admission\.datadoghq\.com\/(js|nodejs)-lib\.(version|custom-image))$/;

export function readStarts(service: ServiceInfo, input: StartInput): void {
  const starts: { command: string; script?: string; location: Location }[] = [];
  if (input.scripts && input.packageFile) {
    const text = input.read(input.packageFile) ?? "";
    for (const [name, command] of Object.entries(input.scripts)) {
      if (typeof command !== "string") continue;
      starts.push({ command, script: name, location: { file: input.packageFile, line: lineOf(text, new RegExp(`"${escape(name)}"\\s*:`)), column: 1 } });
    }
  }
  const dockerfiles = new Set<string>();
  const own = posix.join(service.root, "Dockerfile");
  if (input.fileSet.has(own)) dockerfiles.add(own);
  for (const entry of input.compose) {
    if (entry.command?.length) starts.push({ command: entry.command.join(" "), location: { file: entry.file, line: entry.line, column: 1 } });
    if (entry.context !== undefined) dockerfiles.add(posix.join(entry.context, entry.dockerfile ?? "Dockerfile"));
  }
  for (const artifact of input.artifacts) dockerfiles.add(artifact.dockerfile ?? posix.join(artifact.context, "Dockerfile"));
  for (const file of dockerfiles) {
    const text = input.fileSet.has(file) ? input.read(file) : undefined;
    if (text !== undefined) starts.push(...dockerfileStarts(file, text));
  }
  for (const workload of input.workloads) {
    for (const command of workload.commands ?? []) starts.push({ command, location: { file: workload.file, line: workload.line, column: 1 } });
    const annotation = Object.entries(workload.annotations ?? {}).find(([key, value]) => INJECTING_ANNOTATION.test(key) && value !== "false");
    if (annotation && !service.instrumentation) service.instrumentation = { how: `${workload.kind} ${workload.name} has the annotation ${annotation[0]}: "${annotation[1]}"`, location: { file: workload.file, line: workload.line, column: 1 } };
    const appId = workload.annotations?.["dapr.io/app-id"];
    if (appId && !service.daprAppId) service.daprAppId = { id: appId, location: { file: workload.file, line: workload.line, column: 1 } };
  }
  if (starts.length) service.starts = [...(service.starts ?? []), ...starts];
  if (!service.daprAppId) {
    for (const start of service.starts ?? []) {
      const id = daprAppIdOf(start.command);
      if (id) {
        service.daprAppId = { id, location: start.location };
        break;
      }
    }
  }
}

/** `dapr run --app-id orders -- npm start`, `./daprd -app-id orders`, `dapr run -a orders`: the app id a Dapr command gives. */
export function daprAppIdOf(command: string): string | undefined {
  if (!/\bdaprd?\b/.test(command)) return undefined;
  const match = /(?:^|\s)(?:--?app-id|-a)(?:=|\s+)["']?([A-Za-z0-9][\w.-]*)/.exec(command);
  return match?.[1];
}

/** `CMD`, `ENTRYPOINT` (shell or exec form) and `ENV NODE_OPTIONS` lines, with their line numbers. */
export function dockerfileStarts(file: string, text: string): { command: string; location: Location }[] {
  const found: { command: string; location: Location }[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const match = /^\s*(CMD|ENTRYPOINT|ENV)\s+(.*)$/i.exec(line);
    if (!match) return;
    const keyword = match[1]!.toUpperCase();
    let rest = match[2]!.trim();
    // A continued line: the instruction goes on below.
    for (let next = index + 1; rest.endsWith("\\") && next < lines.length; next++) rest = `${rest.slice(0, -1)} ${lines[next]!.trim()}`;
    if (keyword === "ENV" && !/\bNODE_OPTIONS\b/.test(rest)) return;
    found.push({ command: keyword === "ENV" ? rest : execForm(rest), location: { file, line: index + 1, column: 1 } });
  });
  return found;
}

function execForm(rest: string): string {
  if (!rest.startsWith("[")) return rest;
  try {
    const words = JSON.parse(rest) as unknown;
    return Array.isArray(words) ? words.map(String).join(" ") : rest;
  } catch {
    return rest;
  }
}

function lineOf(text: string, pattern: RegExp): number {
  const at = text.search(pattern);
  return at < 0 ? 1 : text.slice(0, at).split("\n").length;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
