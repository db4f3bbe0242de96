import type { ServiceInfo } from "../types.js";
import type { FileEntry, ReadText } from "./files.js";
import { yamlDocuments } from "./yaml.js";

/**
 * Dapr Resiliency resources (`apiVersion: dapr.io/v1alpha1`, `kind: Resiliency`): the timeouts and circuit breakers the
 * callers' sidecars apply to calls to an app (`spec.targets.apps.<app-id>`). A call made through the sidecar to that
 * app is guarded by them, though its own code sets no timeout (model/calls.ts). Read as text, only in YAML files that
 * name the kind.
 */
export function applyDaprResiliency(services: readonly ServiceInfo[], files: readonly FileEntry[], read: ReadText): void {
  for (const file of files) {
    if (file.kind !== "yaml") continue;
    const text = read(file.rel);
    if (!text || !text.includes("Resiliency") || !text.includes("dapr.io/")) continue;
    for (const { value, line } of yamlDocuments(text)) {
      const doc = record(value);
      if (doc.kind !== "Resiliency" || typeof doc.apiVersion !== "string" || !doc.apiVersion.startsWith("dapr.io/")) continue;
      const name = typeof record(doc.metadata).name === "string" ? (record(doc.metadata).name as string) : "resiliency";
      const location = { file: file.rel, line, column: 1 };
      for (const [appId, raw] of Object.entries(record(record(record(doc.spec).targets).apps))) {
        const target = record(raw);
        const timeout = typeof target.timeout === "string" ? target.timeout : undefined;
        const breaker = typeof target.circuitBreaker === "string" ? target.circuitBreaker : undefined;
        if (!timeout && !breaker) continue;
        const service = services.find((s) => s.daprAppId?.id === appId) ?? services.find((s) => s.name === appId || s.hosts.includes(appId));
        if (!service || service.daprResiliency) continue;
        service.daprResiliency = {
          ...(timeout ? { timeout: `the Dapr resiliency policy ${name}'s timeout ${timeout} (${file.rel}:${location.line})` } : {}),
          ...(breaker ? { breaker: true as const } : {}),
          location,
        };
      }
    }
  }
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
