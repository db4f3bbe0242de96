/**
 * What a careful reader says about one real-world-shaped fixture (test/fixtures/lint/real-world/<layout>):
 * the services and libraries a reader names, how many routes each service serves, which datastores
 * it opens, the topics it sends and handles, and the findings. It is what the code says, not what
 * arch-lint printed on the day the fixture was written.
 */
export interface RealWorldExpectation {
  /** The fixture folder under test/fixtures/lint/real-world. */
  layout: string;
  /** Which public layout it mirrors, in a sentence. */
  mirrors: string;
  services: ExpectedService[];
  libraries: { name: string; root: string }[];
  topics: ExpectedTopic[];
  findings: ExpectedFinding[];
  /**
   * What arch-lint says it could not understand (or could not read), by kind and service: a reader
   * expects a diagnostic for each thing the code does that the tool cannot follow, and none for the rest.
   */
  diagnostics: ExpectedDiagnostic[];
}

export interface ExpectedDiagnostic {
  kind: string;
  service?: string;
}

export interface ExpectedService {
  name: string;
  root: string;
  /** Set for a service arch-lint does not scan (java, go, nginx, ...). */
  language?: string;
  routes: number;
  /**
   * Each datastore the service opens, as its identity (engine://host:port/database), or
   * `<engine>: unresolved` when the code names an engine but the address cannot be known.
   */
  datastores: string[];
}

export interface ExpectedTopic {
  service: string;
  system: string;
  topic: string;
  role: "produce" | "consume";
}

export interface ExpectedFinding {
  rule: string;
  /** unversioned-route: the route's service; shared-database: the services, comma-separated, sorted. */
  services: string;
  /** file:line of the finding, relative to the fixture. */
  at: string;
  /** sync-call-chain: file:line of each evidence hop, in order (the route, each call on the way, each route reached). */
  hops?: string[];
}
