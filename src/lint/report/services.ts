import { serviceSummaries, type ServiceSummary } from "../model/understood.js";
import type { LintResult } from "../types.js";
import { plural } from "./context.js";

/**
 * What was found per service, as the reports show it under the summary line. A
 * reader of a CI log wants to see at a glance which service came out empty: a
 * service with no route, no call and no datastore is usually one the scan did not
 * understand, not a healthy one.
 */

export function perService(result: LintResult): ServiceSummary[] {
  return serviceSummaries(result.model, result.diagnostics);
}

/** With one service the summary line already says it all. */
export function showsPerService(result: LintResult): boolean {
  return result.model.services.length > 1;
}

/** "3 routes, 2 calls (1 not resolved), 1 datastore, 0 topics; 1 thing not understood", or "not scanned (java)". */
export function describeService(service: ServiceSummary): string {
  // Its datastores come from its environment (DATABASE_URL, SPRING_DATASOURCE_URL …), not from its code.
  if (service.language) return `not scanned (${service.language})${service.datastores ? `; ${plural(service.datastores, "datastore")} named by its environment` : ""}`;
  const unresolved = (count: number) => (count ? ` (${count} not resolved)` : "");
  const counts = [
    `${plural(service.routes, "route")}${service.proxies ? ` (${service.proxies} ${service.proxies === 1 ? "proxy" : "proxies"}${service.edge ? ": the edge" : ""})` : ""}`,
    `${plural(service.calls, "call")}${unresolved(service.unresolvedCalls)}`,
    `${plural(service.datastores, "datastore")}${unresolved(service.unresolvedDatastores)}`,
    plural(service.topics, "topic"),
  ].join(", ");
  return `${counts}${service.notUnderstood ? `; ${plural(service.notUnderstood, "thing")} not understood` : ""}`;
}

/** One line per service, names aligned; at most `max`, then how many more. */
export function serviceLines(services: readonly ServiceSummary[], max: number): string[] {
  const shown = services.slice(0, max);
  const width = Math.max(...shown.map((s) => s.name.length));
  const lines = shown.map((s) => `${s.name.padEnd(width)}  ${describeService(s)}`);
  if (services.length > max) lines.push(`… and ${services.length - max} more services (see --format json)`);
  return lines;
}
