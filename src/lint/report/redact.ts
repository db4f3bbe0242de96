import type { ArchModel, Diagnostic, Finding, ServiceInfo } from "../types.js";

/**
 * What arch-lint may print of a repository's environment. Reports, baselines and
 * --print-model end up in CI logs and pull requests, so environment values are
 * shown only where they are part of an address: a host, a port, a database (what
 * a reader needs to see why two services share a datastore). Passwords, tokens,
 * client ids, e-mail addresses and anything else are masked as `***`; `--print-model
 * --show-env` prints them for debugging. Pure: text and env maps in, text out.
 */

export const MASK = "***";

/** Env names whose values are an address, not a credential. */
const ADDRESS_NAME = /(^|_)(HOST|HOSTS|HOSTNAME|PORT|ADDR|ADDRESS|SERVER|SERVERS|BROKER|BROKERS|DB|DATABASE|DBNAME|DB_NAME|DATABASE_NAME|VHOST)$|^PG(HOST|PORT|DATABASE)$/i;

/** Env names whose values are never shown, whatever they look like. */
const SECRET_NAME = /pass|secret|token|api_?key|private|credential|client_?id|cookie|signature|salt|cert|auth_?key|access_?key/i;

/** A host, a port, a host:port list, a database name: nothing else is an address value. */
const ADDRESS_VALUE = /^[A-Za-z0-9_.\-[\]:,]{1,255}$/;

/** URL schemes whose path names a database, virtual host or index: part of the address. */
const DATASTORE_SCHEMES = /^(postgres(ql)?|mysql|mariadb|mongodb(\+srv)?|redis|rediss|mssql|sqlserver|amqps?|nats|kafka|elasticsearch|opensearch)$/i;

const URL_FORM = /^(jdbc:)?([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#\s]*@)?([^/?#\s]*)([^?#\s]*)(\?[^#\s]*)?(#\S*)?$/i;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/;
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^@/?#\s]+@/gi;
const SECRET_QUERY = /([?&][^=&\s#]*(?:pass|secret|token|key|sig|signature|auth|client_?id|code|credential)[^=&\s#]*=)[^&\s#)]+/gi;
/** `NAME=value` as the model's resolution notes write an env var and its value. */
const ENV_NOTE = /\b([A-Z][A-Z0-9_]*)=([^\s)]+)/g;

const everywhere = (pattern: RegExp) => new RegExp(pattern.source, `${pattern.flags}g`);
const JWTS = everywhere(JWT);
const EMAILS = everywhere(EMAIL);

/**
 * A word that reads like a generated secret: a JWT, or a long run of letters and digits
 * without dots (a UUID, an API key). Host names (dots) and service names (few digits) are not.
 */
function looksLikeToken(text: string): boolean {
  if (JWT.test(text)) return true;
  if (!/^[A-Za-z0-9+=_-]{20,}$/.test(text)) return false;
  return (text.match(/\d/g)?.length ?? 0) >= 2 && /[A-Za-z]/.test(text);
}

/** A URL with only its address left: scheme, host and port, a datastore's database; credentials, queries and token-like path segments masked. */
export function addressOfUrl(url: string): string | undefined {
  const match = URL_FORM.exec(url.trim());
  if (!match) return undefined;
  const [, jdbc = "", scheme = "", host = "", path = "", query] = match;
  const credentials = /\/\/[^/?#\s]*@/.test(url) ? `${MASK}@` : "";
  const shownPath = DATASTORE_SCHEMES.test(scheme)
    ? path
    : path
        .split("/")
        .map((segment) => (looksLikeToken(segment) || EMAIL.test(segment) ? MASK : segment))
        .join("/");
  return `${jdbc}${scheme}://${credentials}${host}${shownPath}${query ? `?${MASK}` : ""}`;
}

/**
 * An env var's value as output may show it: a URL as its address (whatever its name: `SESSION_REDIS_URL`
 * and `EMAIL_SERVICE_URL` are addresses, and a URL's credentials are masked anyway), a host, port or
 * database as it is, anything else masked.
 */
export function shownEnvValue(name: string, value: string): string {
  const url = addressOfUrl(value);
  if (url !== undefined) return url;
  if (SECRET_NAME.test(name)) return MASK;
  if (ADDRESS_NAME.test(name) && ADDRESS_VALUE.test(value) && !JWT.test(value)) return value;
  // CATALOG_GRPC_URL=catalog.shop.svc.cluster.local:50051: a URL setting given as host:port, as gRPC addresses are.
  if (URL_NAME.test(name) && HOST_PORT.test(value) && !looksLikeToken(value)) return value;
  return MASK;
}

/** Env names of a URL setting (whose value is an address when it is one). */
const URL_NAME = /(^|_)(URL|URI|ENDPOINT)$/i;

/** `host:port`, the host a name (dotted or not) and the port a number. */
const HOST_PORT = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,253}[A-Za-z0-9])?:\d{1,5}$/;

/** What the model prints anyway and no env value can make secret: service names, package names and host names. */
export function publicNamesOf(services: readonly ServiceInfo[]): string[] {
  return services.flatMap((service) => [service.name, ...(service.packageName ? [service.packageName] : []), ...service.hosts]);
}

export interface Redactor {
  /** Free text (a message, a resolution note, a URL as far as it resolved) with every secret masked. */
  text(text: string): string;
}

/**
 * A redactor that also masks, wherever they appear, the values of the given environments
 * that are secret by their name or their look (a password in a URL, a token in a path).
 */
/**
 * The env values whose text is masked wherever it appears: a service's, less what only an example file gives. An example's
 * placeholders (`DB_PASSWORD=password`) are public text in the repository, and masking them would hide ordinary words
 * (`POST /auth/create-password`); they stay masked where they show as NAME=value.
 */
export function maskedEnv(service: Pick<ServiceInfo, "env" | "exampleEnv">): Record<string, string> {
  if (!service.exampleEnv?.length) return service.env;
  return Object.fromEntries(Object.entries(service.env).filter(([name]) => !service.exampleEnv!.includes(name)));
}

export function redactor(envs: Iterable<Record<string, string>>, publicNames: Iterable<string> = []): Redactor {
  // A client id is often the service's own name (KAFKA_CLIENT_ID=inventory): masking it everywhere would hide the
  // service in every finding that names it, so names the model already prints (services, hosts) are never secrets.
  const known = new Set([...publicNames].map((name) => name.toLowerCase()));
  const secrets = new Set<string>();
  for (const env of envs) {
    for (const [name, value] of Object.entries(env)) {
      // Short values would mask ordinary words; a short password shows up only as NAME=value or in a URL, masked there.
      // A URL is an address: its credentials and query are masked where it appears, the rest of it may show.
      if (value.length >= 8 && (SECRET_NAME.test(name) || looksLikeToken(value)) && addressOfUrl(value) === undefined && !known.has(value.toLowerCase())) secrets.add(value);
    }
  }
  const longestFirst = [...secrets].sort((a, b) => b.length - a.length);
  const text = (input: string): string => {
    let out = input;
    for (const secret of longestFirst) if (out.includes(secret)) out = out.split(secret).join(MASK);
    out = out.replace(ENV_NOTE, (all, name: string, value: string) => {
      const trailing = /[,;]$/.test(value) ? value.slice(-1) : "";
      const bare = trailing ? value.slice(0, -1) : value;
      return `${name}=${bare === MASK ? MASK : shownEnvValue(name, bare)}${trailing}`;
    });
    return out.replace(USERINFO, `$1${MASK}@`).replace(SECRET_QUERY, `$1${MASK}`).replace(JWTS, MASK).replace(EMAILS, MASK);
  };
  return { text };
}

/** Findings and diagnostics as every report and the baseline show them. The fingerprints stay: they hash keys, never text. */
export function redactFindings(findings: Finding[], diagnostics: Diagnostic[], redact: Redactor): { findings: Finding[]; diagnostics: Diagnostic[] } {
  return {
    findings: findings.map((finding) => ({
      ...finding,
      message: redact.text(finding.message),
      data: Object.fromEntries(Object.entries(finding.data).map(([key, value]) => [key, typeof value === "string" ? redact.text(value) : value])),
      evidence: finding.evidence.map((hop) => ({ ...hop, message: redact.text(hop.message) })),
    })),
    diagnostics: diagnostics.map((diagnostic) => ({ ...diagnostic, message: redact.text(diagnostic.message) })),
  };
}

/** The model as --print-model shows it without --show-env: env values by shownEnvValue, every URL and note through the redactor. */
export function redactModel(model: ArchModel, redact: Redactor = redactor(model.services.map(maskedEnv), publicNamesOf(model.services))): ArchModel {
  return {
    ...model,
    services: model.services.map((service) => ({
      ...service,
      env: Object.fromEntries(Object.entries(service.env).map(([name, value]) => [name, shownEnvValue(name, value)])),
      ...(service.starts ? { starts: service.starts.map((start) => ({ ...start, command: redact.text(start.command) })) } : {}),
    })),
    calls: model.calls.map((call) => ({
      ...call,
      url: redact.text(call.url),
      ...(call.resolution !== undefined ? { resolution: redact.text(call.resolution) } : {}),
      ...(call.grpc?.address !== undefined ? { grpc: { ...call.grpc, address: redact.text(call.grpc.address) } } : {}),
      ...(call.perService
        ? {
            perService: Object.fromEntries(
              Object.entries(call.perService).map(([service, target]) => [service, { ...target, url: redact.text(target.url), resolution: redact.text(target.resolution) }]),
            ),
          }
        : {}),
    })),
    routes: model.routes.map((route) => (route.proxy ? { ...route, proxy: { ...route.proxy, upstream: redact.text(route.proxy.upstream), resolution: redact.text(route.proxy.resolution) } } : route)),
    datastores: model.datastores.map((store) => ({ ...store, resolution: redact.text(store.resolution) })),
    topics: model.topics.map((topic) => ({ ...topic, topic: redact.text(topic.topic) })),
    ...(model.brokers ? { brokers: model.brokers.map((broker) => ({ ...broker, address: redact.text(broker.address) })) } : {}),
  };
}
