import type { ComposeService } from "../discover/compose.js";
import type { FileFacts, LibraryInfo, ServiceInfo } from "../types.js";
import type { FileUser } from "./ownership.js";
import type { ModuleResolver } from "./resolve.js";

/** What every part of the model build reads: the facts, the resolver, which file is whose, each service's env. */
export interface Ctx {
  /** Where an env var was set (compose file, .env), for the env `envOf` gave. */
  sourceOf(name: string, env: Record<string, string>): string | undefined;
  /** Whether the service whose env this is knows the variable only from an example file standing for its own env file (a deployment that sets it by name, from an example's value, is not that: a code default yields to it). */
  fromExample(name: string, env: Record<string, string>): boolean;
  /** The service whose env `envOf` gave this is (a library's value rendered for each service that uses it). */
  serviceOfEnv?(env: Record<string, string>): string | undefined;
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
  libraries: readonly LibraryInfo[];
  /** The services that use a file no service owns (a library's), each with the imports that lead there. */
  usersOf(file: string): readonly FileUser[];
  /** Other services whose files import this file of one service (see ownership.ts fileBorrowers). */
  borrowersOf(file: string): readonly FileUser[];
  /** Every docker compose entry, datastore containers included. */
  compose: readonly ComposeService[];
}
