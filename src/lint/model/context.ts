import type { FileFacts, ServiceInfo } from "../types.js";
import type { ModuleResolver } from "./resolve.js";

/** What every part of the model build reads: the facts, the resolver, which file is whose, each service's env. */
export interface Ctx {
  /** Where an env var of the file's service was set (compose file, .env). */
  sourceOf(name: string, file: string): string | undefined;
  facts: ReadonlyMap<string, FileFacts>;
  resolver: ModuleResolver;
  fileService: Record<string, string>;
  envOf(service: string | undefined): Record<string, string>;
  services: ServiceInfo[];
  serviceByName: ReadonlyMap<string, ServiceInfo>;
  /** Resolved `import.member` references: module → imported binding → member ("" for none) → global function id. */
  importedRefs: Map<string, Map<string, Map<string, string | undefined>>>;
  /** Services by lower-cased host name. */
  hosts: ReadonlyMap<string, ServiceInfo>;
}
