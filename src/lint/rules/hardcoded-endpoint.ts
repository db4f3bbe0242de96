import { isIP } from "node:net";
import { posix } from "node:path";
import { TEST_DIRS, TEST_FILE } from "../discover/files.js";
import { defineRule, type RuleReport } from "../rule.js";
import type { ArchModel, LiteralHost, Location, ModelBroker, ModelCall, ServiceInfo } from "../types.js";
import { CallGraph } from "../model/graph.js";
import { DAPR_API_PATH, pathOfUrl } from "../model/dapr.js";

/**
 * The address of another service or of a datastore written into the code: an IP address, or a host name
 * that comes from neither the environment nor configuration. Services find each other by name through the
 * platform (Kubernetes or compose DNS, injected `*_URL` variables); a literal address pins one environment.
 */

export interface HardcodedEndpointOptions {
  allowFallbacks: boolean;
  allowHosts: string[];
}

/** The paths of health and readiness probes: `/health`, `/api/healthz`, `/readyz`, `/live` (not `/ping`, which services also ask of each other). */
const PROBE_PATH = /(^|\/)(health|healthz|healthcheck|ready|readyz|readiness|live|livez|liveness)\/?$/i;

/** Loopback names and addresses: fine in tests, nowhere else. */
const LOOPBACK = /^(localhost|[\w-]+\.localhost|127(\.\d{1,3}){3}|\[?::1\]?|0\.0\.0\.0|host\.docker\.internal)$/i;
/** Configuration a gateway reads its upstreams from (extract/express-gateway.ts): not code. */
const CONFIGURATION_FILE = /\.(ya?ml|json)$/i;

/**
 * Host names only a private network resolves: one label (a compose or Kubernetes Service name), Kubernetes
 * DNS, and the suffixes reserved or customary for internal names. A public name (`api.stripe.com`) called
 * over HTTP is a third party's published address, not one of the architecture's services.
 */
const INTERNAL_NAME = /^([\w-]+|.+\.(svc|svc\.cluster\.local|cluster\.local|internal|local|lan|intranet|corp|home\.arpa|consul))\.?$/i;

export function isTestFile(file: string): boolean {
  const parts = file.split("/");
  return TEST_FILE.test(posix.basename(file)) || parts.slice(0, -1).some((part) => TEST_DIRS.has(part));
}

/** A name that says test, seed or mock: one of these words between separators or at its ends. */
const TOOLING_WORD = /(^|[-_.])(test|tests|spec|e2e|smoke|seed|seeds|seeder|fixture|fixtures|mock|mocks)([-_.]|$)/i;

/**
 * Code a developer runs by hand against a local setup, where loopback is the point: tests, and files named so
 * (`keycloak-test.js`, `smoke_test.ts`, `seed.ts`), kept in a scripts or seeds folder, or in a folder of the service
 * named so (`tickets/nats-test/`, a package of its own that publishes a test event by hand). The service's own folder
 * (`serviceRoot`) and those above it name the service, not its tooling.
 */
function isLocalTooling(file: string, serviceRoot: string | undefined): boolean {
  // The whole file name: a word just before the extension is followed by its dot, which the pattern takes as a separator.
  if (isTestFile(file) || TOOLING_WORD.test(posix.basename(file))) return true;
  const folders = file.split("/").slice(0, -1);
  if (folders.some((part) => /^(scripts|seeds|seeders|seed|tools)$/i.test(part))) return true;
  const inside = serviceRoot === undefined ? [] : serviceRoot === "" ? folders : file.startsWith(`${serviceRoot}/`) ? folders.slice(serviceRoot.split("/").length) : [];
  return inside.some((part) => TOOLING_WORD.test(part));
}

/** `/v1/items/42?x=1` against `/v1/items/:id`: the route's static segments match, its parameters take any segment. */
function pathMatches(route: string, path: string): boolean {
  const a = route.split("?")[0]!.split("/").filter(Boolean);
  const b = path.split("?")[0]!.split("/").filter(Boolean);
  return a.length === b.length && a.every((segment, index) => /^[:{]|\{\?\}/.test(segment) || /^\{|\$\{/.test(b[index]!) || segment === b[index]);
}

function unbracketed(host: string): string {
  return host.replace(/^\[|\]$/g, "");
}

/** What kind of address the host is, for the message; undefined when it is none the rule judges for a call. */
function kindOf(host: string): "IP address" | "loopback address" | "host name" {
  if (LOOPBACK.test(host)) return "loopback address";
  if (isIP(unbracketed(host))) return "IP address";
  return "host name";
}

/** The variable the message suggests for a connection, by engine (the most common name). */
const CONNECTION_ENV: Partial<Record<string, string>> = { mongodb: "MONGODB_URI", redis: "REDIS_URL", elasticsearch: "ELASTICSEARCH_URL", opensearch: "OPENSEARCH_URL" };

/** `src/clients/flight.client.ts` → `flight`: a name for the variable when neither the target nor the host names one. */
function nameFromFile(file: string): string {
  const stem = posix.basename(file).split(".")[0]!;
  return /^(index|client|clients|api|http|https|service|services|server|app|main|config|constants|request|requests|fetch)$/i.test(stem) ? "target" : stem.replace(/([a-z0-9])([A-Z])/g, "$1_$2");
}

/** `users-service` → `USERS_SERVICE_URL`: the variable the message suggests. */
function envNameFor(name: string, suffix: string): string {
  return `${name.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_|_$/g, "")}_${suffix}`;
}

export default defineRule<HardcodedEndpointOptions>({
  meta: {
    id: "hardcoded-endpoint",
    description: "The address of another service or a datastore comes from the environment or configuration, never an IP address or host name written into the code.",
    defaultSeverity: "warn",
    options: {
      allowFallbacks: {
        type: "boolean",
        description: "Allow a literal address as the fallback of an environment lookup (process.env.CATALOGUE_URL ?? 'http://catalogue:8080') or of a parameter or option its callers fill (options.catalogueUrl ?? 'http://catalogue:8080'). Default: true.",
      },
      allowHosts: { type: "array", items: { type: "string" }, description: "Host names or IP addresses that may be written into the code (a fixed partner address, a sidecar on localhost). Default: none." },
    },
    defaultOptions: { allowFallbacks: true, allowHosts: [] },
  },
  check(model, options) {
    const reports: RuleReport[] = [];
    const allowed = new Set(options.allowHosts.map((host) => host.toLowerCase()));
    const byName = new Map<string, ServiceInfo>(model.services.map((service) => [service.name, service]));
    const hostsOfServices = new Set(model.services.flatMap((service) => service.hosts.map((host) => host.toLowerCase())));
    const seen = new Set<string>();

    const judged = (literal: LiteralHost | undefined, file: string, service: string | undefined): literal is LiteralHost => {
      if (!literal) return false;
      if (literal.origin === "fallback" && options.allowFallbacks) return false;
      const host = literal.host.toLowerCase();
      if (allowed.has(host) || allowed.has(unbracketed(host))) return false;
      return !(LOOPBACK.test(host) && isLocalTooling(literal.writtenIn ?? file, service === undefined ? undefined : byName.get(service)?.root));
    };
    const origin = (literal: LiteralHost, file: string): string => {
      const where = literal.writtenIn && literal.writtenIn !== file ? ` in ${literal.writtenIn}` : "";
      return literal.origin === "fallback" ? `written${where} as the fallback of ${literal.env}` : `written into the code${where}`;
    };

    // One finding per service, host, service reached and file the host is written in: the calls through one literal base
    // URL are one fix; two services at one loopback host on their own ports (localhost:4001, localhost:4002) are two.
    const callGroups = new Map<string, { calls: ModelCall[]; literal: LiteralHost }>();
    /** A loopback call to the calling service's own API (a gRPC method it implements, a route it serves): a self-test client, no other service's address. */
    const callsItself = (call: ModelCall): boolean => {
      // Resolved to another service (its port, on one host with the caller): that service's address, whatever routes the caller serves.
      if (call.targetService !== undefined && call.targetService !== call.service) return false;
      if (call.client === "grpc") return model.topics.some((t) => t.service === call.service && t.system === "grpc" && t.role === "consume" && t.topic.toLowerCase() === call.url.toLowerCase());
      const path = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/[^?#]*)?/i.exec(call.literalHost!.url)?.[1] ?? "";
      // A health probe on loopback (a container's HEALTHCHECK script asking `0.0.0.0:3000/api/health`): the service
      // checking itself, even when its health route comes from a module arch-lint does not read (@nestjs/terminus).
      if (call.targetService === undefined && PROBE_PATH.test(path)) return true;
      return model.routes.some((route) => route.service === call.service && route.method === call.method && pathMatches(route.path, path));
    };
    for (const made of model.calls) {
      // A library's call is made by each service that imports the library (`libs/connector` with its base URL written in).
      for (const call of made.service ? [made] : callersAmong(model, made).map((user) => ({ ...made, service: user }))) {
        const literal = call.literalHost;
        // Code no service owns (a browser front end, a script at the top): no service of the architecture makes the call.
        if (!call.service || !judged(literal, call.location.file, call.service)) continue;
        // A gateway's configuration file (express-gateway's serviceEndpoints) is the configuration the address should come from, not code.
        if (CONFIGURATION_FILE.test(literal.writtenIn ?? call.location.file)) continue;
        const host = literal.host.toLowerCase();
        if (LOOPBACK.test(host) && callsItself(call)) continue;
        // The caller's own Dapr sidecar (`localhost:3500/v1.0/invoke/orders/method/x`, `/v1.0/state/…`): the platform's address, which names the other app by its id.
        if (LOOPBACK.test(host) && (call.dapr || DAPR_API_PATH.test(pathOfUrl(literal.url)))) continue;
        // A public host name is a third party's address, unless it is the name of one of the repository's services.
        if (kindOf(host) === "host name" && !INTERNAL_NAME.test(host) && !hostsOfServices.has(host) && !call.targetService) continue;
        const key = `call|${call.service}|${host}|${literal.writtenIn ?? call.location.file}|${call.targetService ?? ""}`;
        const group = callGroups.get(key);
        if (group) {
          if (!group.calls.some((other) => other.location.line === call.location.line && other.location.file === call.location.file)) group.calls.push(call);
        } else callGroups.set(key, { calls: [call], literal });
      }
    }
    // A finding's key (its fingerprint) names the service reached only where one host and file reach several.
    const hostKey = (key: string) => key.slice(0, key.lastIndexOf("|"));
    const perHost = new Map<string, number>();
    for (const key of callGroups.keys()) perHost.set(hostKey(key), (perHost.get(hostKey(key)) ?? 0) + 1);
    for (const [groupKey, { calls, literal }] of callGroups) {
      const key = perHost.get(hostKey(groupKey))! > 1 ? groupKey : hostKey(groupKey);
      const call = calls[0]!;
      const kind = kindOf(literal.host.toLowerCase());
      const service = call.service;
      const target = calls.map((c) => c.targetService).find((name) => name && name !== call.service);
      const variable = envNameFor(target ?? (kind === "host name" ? literal.host.split(".")[0]! : nameFromFile(literal.writtenIn ?? call.location.file)), call.client === "grpc" ? "ADDR" : "URL");
      // A gateway's proxy forwards whatever it is asked, to an upstream: said as such.
      const what = (c: ModelCall) => (c.client === "grpc" ? `calls gRPC ${c.url} at ${c.literalHost!.url}` : c.proxy ? `forwards requests to ${c.literalHost!.url}` : `calls ${c.method} ${c.literalHost!.url}`);
      const more = calls.length > 1 ? ` (and ${calls.length - 1} more call${calls.length > 2 ? "s" : ""} with this host)` : "";
      reports.push({
        messageId: literal.origin === "fallback" ? "callFallback" : "call",
        message: `${service} ${what(call)}${target ? ` (${target})` : ""}${more} with the ${kind} ${literal.host} ${origin(literal, call.location.file)}; read the address from the environment (${variable}) or configuration`,
        data: { service: call.service, host: literal.host, url: literal.url, ...(target ? { target } : {}), calls: calls.length, variable },
        location: call.location,
        evidence: [
          ...calls.slice(0, 5).map((c) => ({ message: `${service} ${what(c)} through ${c.proxy?.library ?? c.client}${c.targetService && c.targetService !== c.service ? `, which reaches ${c.targetService}` : ""}`, location: c.location })),
          ...envHop(byName.get(call.service), variable),
        ],
        key,
      });
    }

    for (const store of model.datastores) {
      const literal = store.literalHost;
      if (!judged(literal, store.location.file, store.service) || byName.get(store.service)?.language) continue;
      const host = literal.host.toLowerCase();
      const key = `datastore|${store.service}|${host}|${store.location.file}|${literal.url}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const kind = kindOf(host);
      const variable = CONNECTION_ENV[store.engine] ?? "DATABASE_URL";
      reports.push({
        messageId: literal.origin === "fallback" ? "datastoreFallback" : "datastore",
        message: `${store.service} connects to ${store.engine === "unknown" ? "a datastore" : store.engine} at the ${kind} ${literal.host} ${origin(literal, store.location.file)}; read the connection from the environment (${variable}) or configuration`,
        data: { service: store.service, host: literal.host, engine: store.engine },
        location: store.location,
        evidence: [
          ...(store.via ?? []).map((hop, index) => ({ message: `${index === 0 ? store.service : "which"} imports ${(store.via![index + 1] ?? store.location).file}`, location: hop })),
          { message: `${store.service} opens ${store.engine === "unknown" ? "a datastore of an engine the code does not name" : store.engine} through ${store.library} at ${literal.url}`, location: store.location },
        ],
        key,
      });
    }
    // One finding per service, file and broker (and NestJS TCP client): the addresses of one list are one fix.
    const brokerGroups = new Map<string, { broker: ModelBroker; literals: LiteralHost[] }>();
    for (const broker of model.brokers ?? []) {
      const literal = broker.literalHost;
      if (!judged(literal, broker.location.file, broker.service) || byName.get(broker.service)?.language) continue;
      // Two TCP clients of one module reach two services: two addresses to move, so two findings.
      const key = `broker|${broker.service}|${broker.system}|${broker.location.file}${broker.peer ? `|${broker.peer}` : ""}`;
      const group = brokerGroups.get(key);
      if (!group) brokerGroups.set(key, { broker, literals: [literal] });
      else if (!group.literals.some((other) => other.host.toLowerCase() === literal.host.toLowerCase())) group.literals.push(literal);
    }
    for (const [key, { broker, literals }] of brokerGroups) {
      const literal = literals[0]!;
      // A NestJS TCP client's host is the other service's own address: named by its token where the code gives one.
      const peerName = broker.peer ?? (kindOf(literal.host.toLowerCase()) === "host name" ? literal.host.split(".")[0]! : undefined);
      const variable = broker.system === "tcp" ? envNameFor(peerName ?? "target", "HOST") : (BROKER_ENV[broker.system] ?? "BROKER_URL");
      const system = broker.system === "tcp" ? (broker.peer ? `the NestJS TCP microservice ${broker.peer}` : "a NestJS TCP microservice") : (BROKER_NAME[broker.system] ?? broker.system);
      const hosts = literals.map((l) => l.host);
      const at = hosts.length === 1 ? `the ${kindOf(literal.host.toLowerCase())} ${literal.host}` : `${hosts.slice(0, -1).join(", ")} and ${hosts[hosts.length - 1]}`;
      reports.push({
        messageId: literal.origin === "fallback" ? "brokerFallback" : "broker",
        message: `${broker.service} connects to ${system} at ${at} ${origin(literal, broker.location.file)}; read the address from the environment (${variable}) or configuration`,
        data: { service: broker.service, host: literal.host, hosts: hosts.join(","), system: broker.system, ...(broker.peer ? { peer: broker.peer } : {}) },
        location: broker.location,
        evidence: [
          ...(broker.via ?? []).map((hop, index) => ({ message: `${index === 0 ? broker.service : "which"} imports ${(broker.via![index + 1] ?? broker.location).file}`, location: hop })),
          { message: `${broker.service} connects to ${system} through ${broker.library} at ${literals.map((l) => l.url).join(", ")}`, location: broker.location },
          ...envHop(byName.get(broker.service), variable),
        ],
        key,
      });
    }
    return reports;
  },
});

/** The variable the message suggests for a broker's address, and the broker's name, by system. */
const BROKER_ENV: Partial<Record<string, string>> = { kafka: "KAFKA_BROKERS", amqp: "AMQP_URL", nats: "NATS_URL", "nats-streaming": "NATS_URL", mqtt: "MQTT_URL", redis: "REDIS_URL" };
const BROKER_NAME: Partial<Record<string, string>> = { kafka: "Kafka", amqp: "RabbitMQ", nats: "NATS", "nats-streaming": "NATS Streaming", mqtt: "an MQTT broker", redis: "Redis" };

/** Where the service's deployment would set the variable, when it already sets others: its compose entry or manifest. */
function envHop(service: ServiceInfo | undefined, variable: string): { message: string; location: Location }[] {
  const at = service?.envLocations && Object.values(service.envLocations)[0];
  return at ? [{ message: `the environment of ${service!.name} is set here: add ${variable}`, location: at }] : [];
}

/**
 * The services that make a library's call: of those that import the library, the ones whose code reaches the function
 * that makes it (a gateway injecting the library's payments connector, not its loans connector); all of them when the
 * call graph links none (the function reached in a way it does not follow).
 */
function callersAmong(model: ArchModel, call: ModelCall): string[] {
  const users = call.usedBy ?? [];
  if (!users.length || !call.inFunction) return users;
  const reaching = new Set<string>();
  for (const fn of CallGraph.of(model).callersOf(call.inFunction)) {
    const service = model.fileService[fn.slice(0, fn.indexOf("#"))];
    if (service !== undefined && users.includes(service)) reaching.add(service);
  }
  return reaching.size ? users.filter((user) => reaching.has(user)) : users;
}
