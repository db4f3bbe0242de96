import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import validateNpmPackageName from "validate-npm-package-name";
import { Node, Project, type SourceFile } from "ts-morph";
import { planService } from "../../src/scaffold/plan.js";
import { snakeCase } from "../../src/scaffold/case.js";
import { checkServiceName } from "../../src/scaffold/service-name.js";
import { validateOptionValue, type Answers } from "../../src/scaffold/option-values.js";
import { loadTemplateSpec, type OptionSpec } from "../../src/scaffold/template-spec.js";
import type { VirtualTree } from "../../src/scaffold/virtual-tree.js";
import { longestServiceName } from "./option-sets.js";

/**
 * Every identifier the built-in template makes from the service name (and from
 * --consumes, whose dead-letter topics carry the name) is listed here from a
 * service rendered in memory with the longest name the CLI accepts, and checked
 * against the limit of the system that reads it: PostgreSQL cuts identifiers to
 * 63 bytes without a word, so two long names can become one table.
 */

const TEMPLATE = join(import.meta.dirname, "../../templates/service");
const spec = loadTemplateSpec(TEMPLATE);
const NAME = longestServiceName();

// Limits, with where they come from.
const POSTGRES_IDENTIFIER = 63; // NAMEDATALEN - 1: longer identifiers (tables, indexes, roles, databases, application_name) are cut
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/; // Kubernetes label and container names, compose services, hosts
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/; // Kubernetes Service names (and so the hosts they make)
const DNS_1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/; // other Kubernetes object names
const LABEL_VALUE = /^(?=.{0,63}$)(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const KAFKA_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
const COMPOSE_PROJECT = /^[a-z0-9][a-z0-9_-]*$/;
const IMAGE_NAME = /^(?=.{1,255}$)[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/; // distribution/reference
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** The longest item an option's validation accepts (searched up to 1,000 characters), built from `seed`. */
function longestAccepted(option: OptionSpec, seed: string): string {
  let longest = "";
  for (let length = 1; length <= 1000; length++) {
    const item = `${seed}${"x".repeat(1000)}`.slice(0, length);
    if (validateOptionValue(option, [item]) === undefined) longest = item;
  }
  return longest;
}
const option = (key: string): OptionSpec => {
  const found = spec.options.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`the template has no ${key} option`);
  return found;
};
const CONSUMED = longestAccepted(option("consumes"), "inventory.reserved.");

function render(name: string, answers: Answers): VirtualTree {
  return planService({ spec, name, answers: { port: 3000, description: "d", apiVersion: "v1", ...answers }, toolVersion: "0.0.0-test" });
}
const EVERYTHING: Answers = { publishes: ["order.created"], consumes: [CONSUMED], calls: ["inventory"] };

const text = (tree: VirtualTree, path: string): string => {
  const content = tree.readText(path);
  if (content === undefined) throw new Error(`${path} was not generated`);
  return content;
};
const escape = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface Identifier {
  what: string;
  value: string;
  /** What it must match, its length limit included. */
  rule: RegExp | ((value: string) => boolean);
  ruleName: string;
}

/** Every identifier made from the name, found in the rendered files. */
function derivedIdentifiers(tree: VirtualTree): Identifier[] {
  const found: Identifier[] = [];
  const add = (what: string, value: unknown, rule: Identifier["rule"], ruleName: string): void => {
    if (typeof value !== "string") throw new Error(`${what}: not found in the rendered service`);
    found.push({ what, value, rule, ruleName });
  };
  const fitsPostgres = (value: string): boolean => Buffer.byteLength(value) <= POSTGRES_IDENTIFIER;

  // PostgreSQL: every word that starts with the snake_case name, in any file (SQL, code, README, compose).
  const snake = snakeCase(NAME);
  const sqlNames = new Set<string>();
  for (const path of tree.paths()) {
    for (const match of text(tree, path).matchAll(new RegExp(`\\b${escape(snake)}\\w*`, "g"))) sqlNames.add(match[0]);
  }
  for (const value of sqlNames) add("PostgreSQL identifier", value, fitsPostgres, "at most 63 bytes");

  const compose = parseYaml(text(tree, "docker-compose.yml")) as { name: string; services: Record<string, { environment?: Record<string, string> }> };
  const postgres = compose.services.postgres?.environment ?? {};
  add("database (POSTGRES_DB)", postgres.POSTGRES_DB, (value) => fitsPostgres(value) && !value.startsWith("pg_"), "at most 63 bytes, no pg_ prefix");
  add("database role (POSTGRES_USER)", postgres.POSTGRES_USER, (value) => fitsPostgres(value) && !value.startsWith("pg_"), "at most 63 bytes, no pg_ prefix");
  add("application_name (SERVICE_NAME)", /SERVICE_NAME = "([^"]*)"/.exec(text(tree, "src/service.ts"))?.[1], fitsPostgres, "at most 63 bytes");

  // Advisory lock keys: hashed from text, so only their distinctness matters (checked below).
  add("advisory lock key (migrations)", /LOCK_NAME = "([^"]*)"/.exec(text(tree, "src/db/migrate.ts"))?.[1], /./, "any text");
  const claimKey = /pg_advisory_xact_lock\(hashtext\(\$1\)\)", \[`\$\{SERVICE_NAME\}(:[^`]*)`\]/.exec(text(tree, "src/outbox/relay.ts"))?.[1];
  add("advisory lock key (outbox claim)", claimKey === undefined ? undefined : `${NAME}${claimKey}`, /./, "any text");

  // docker compose: the project, and every service as a host on its network.
  add("compose project", compose.name, COMPOSE_PROJECT, "lowercase letters, digits, '-' and '_'");
  for (const service of Object.keys(compose.services)) add("compose service", service, DNS_1123_LABEL, "a DNS label (63)");

  // Kafka: every topic compose creates (the consumed and published ones, and the dead-letter topics <topic>.<name>.dlq).
  const topics = /for topic in (.*); do/.exec(text(tree, "docker-compose.yml"))?.[1]?.trim().split(/\s+/) ?? [];
  expect(topics).toContain(`${CONSUMED}.${NAME}.dlq`);
  for (const topic of topics) add("Kafka topic", topic, KAFKA_TOPIC, "at most 249 of [a-zA-Z0-9._-]");
  const env = envFile(text(tree, ".env.example"));
  add("Kafka client id (KAFKA_CLIENT_ID)", env.KAFKA_CLIENT_ID, /^[a-zA-Z0-9._-]+$/, "[a-zA-Z0-9._-]");
  add("Kafka consumer group (KAFKA_GROUP_ID)", env.KAFKA_GROUP_ID, /^[a-zA-Z0-9._-]+$/, "[a-zA-Z0-9._-]");

  // Kubernetes.
  for (const path of tree.paths().filter((p) => p.startsWith("k8s/") && p.endsWith(".yaml"))) {
    for (const document of parseAllDocuments(text(tree, path))) {
      const object = document.toJS() as K8sObject | null;
      if (!object?.kind || object.kind === "Kustomization") continue;
      const at = `${path} ${object.kind}`;
      const dnsLabelKinds = ["Service", "Deployment"]; // a Service name is a host; a Deployment's names its pods' hosts
      if (dnsLabelKinds.includes(object.kind)) add(`${at} name`, object.metadata.name, DNS_1035_LABEL, "a DNS-1035 label (63)");
      else add(`${at} name`, object.metadata.name, DNS_1123_SUBDOMAIN, "a DNS-1123 subdomain (253)");
      for (const [key, value] of labelsOf(object)) add(`${at} label ${key}`, value, LABEL_VALUE, "a label value (63)");
      for (const container of object.spec?.template?.spec?.containers ?? []) {
        add(`${at} container name`, container.name, DNS_1123_LABEL, "a DNS label (63)");
        add(`${at} image`, container.image?.split(":")[0], IMAGE_NAME, "an image name (255)");
        for (const source of container.envFrom ?? []) {
          add(`${at} envFrom`, (source.configMapRef ?? source.secretRef)?.name, DNS_1123_SUBDOMAIN, "a DNS-1123 subdomain (253)");
        }
      }
      if (object.spec?.scaleTargetRef) add(`${at} scaleTargetRef`, object.spec.scaleTargetRef.name, DNS_1035_LABEL, "a DNS-1035 label (63)");
      if (object.stringData?.DATABASE_URL) {
        add(`${at} database host (a Service)`, new URL(object.stringData.DATABASE_URL).hostname, DNS_1035_LABEL, "a DNS-1035 label (63)");
      }
    }
  }

  const packageName = (JSON.parse(text(tree, "package.json")) as { name: string }).name;
  add("npm package", packageName, (value) => value.length <= 214 && validateNpmPackageName(value).validForNewPackages, "a new npm package name (214)");
  for (const name of [...Object.keys(env), ...Object.keys(compose.services[NAME]?.environment ?? {})]) add("env var", name, ENV_NAME, "[A-Z_][A-Z0-9_]*");
  for (const path of tree.paths()) for (const segment of [NAME, ...path.split("/")]) add("file name", segment, (v) => Buffer.byteLength(v) <= 255, "at most 255 bytes");
  return found;
}

interface K8sObject {
  kind?: string;
  metadata: { name?: string; labels?: Record<string, string> };
  spec?: {
    selector?: Record<string, string> & { matchLabels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: Array<{ name?: string; image?: string; envFrom?: Array<Record<string, { name?: string }>> }> } };
    scaleTargetRef?: { name?: string };
  };
  stringData?: Record<string, string>;
}

function labelsOf(object: K8sObject): Array<[string, string]> {
  const { matchLabels, ...serviceSelector } = object.spec?.selector ?? {};
  const maps = [object.metadata.labels, object.spec?.template?.metadata?.labels, matchLabels, object.kind === "Service" ? serviceSelector : undefined];
  return maps.flatMap((labels) => Object.entries(labels ?? {}));
}

/** Every NAME=value of an env file, commented-out examples included. */
function envFile(content: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of content.matchAll(/^#?\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)) out[match[1]!] = match[2]!;
  return out;
}

describe(`the identifiers made from the longest accepted name (${NAME.length} characters)`, () => {
  it("is the longest: one character more is refused", () => {
    expect(checkServiceName(NAME, spec.serviceName)).toEqual({ ok: true });
    expect(checkServiceName(`${NAME}x`, spec.serviceName).ok).toBe(false);
  });

  const tree = render(NAME, EVERYTHING);
  const identifiers = derivedIdentifiers(tree);

  it("each fits the limit of the system that reads it", () => {
    const broken = identifiers
      .filter(({ value, rule }) => !(typeof rule === "function" ? rule(value) : rule.test(value)))
      .map(({ what, value, ruleName }) => `${what} ${value} (${Buffer.byteLength(value)}) must be ${ruleName}`);
    expect(broken).toEqual([]);
  });

  it("finds every table and index the migrations create, and they stay distinct when PostgreSQL cuts them to 63 bytes", () => {
    const sql = tree.paths().filter((path) => path.endsWith(".sql") || path === "src/db/migrate.ts").map((path) => text(tree, path)).join("\n");
    const created = [...sql.matchAll(/CREATE (?:TABLE|INDEX) IF NOT EXISTS (\w+)/g)].map((match) => match[1]!);
    expect(created.length).toBeGreaterThanOrEqual(6);
    const found = new Set(identifiers.filter(({ what }) => what === "PostgreSQL identifier").map(({ value }) => value));
    for (const relation of created) expect(found, relation).toContain(relation);
    expect(new Set(created.map((relation) => Buffer.from(relation).subarray(0, POSTGRES_IDENTIFIER).toString())).size).toBe(created.length);
  });

  it("keeps names distinct where they share a namespace", () => {
    const distinct = (what: RegExp): string[] => identifiers.filter((id) => what.test(id.what)).map((id) => id.value);
    for (const group of [/^Kafka topic$/, /^advisory lock key/, /^compose service$/]) {
      const values = distinct(group);
      expect(new Set(values).size, String(group)).toBe(values.length);
    }
    const k8s = identifiers.filter(({ what }) => / name$/.test(what) && what.startsWith("k8s/") && !what.includes("container")).map(({ what, value }) => `${what.split(" ")[1]}/${value}`);
    expect(new Set(k8s).size).toBe(k8s.length);
  });
});

/**
 * Names that would clash with what the template names itself: a docker compose
 * service of its own (postgres, kafka, ...), or a function or type beside one
 * made from the name (create<Name> next to createTestDatabase). Candidates come
 * from the template: the patterns the name appears in, matched against what is
 * there for another name. Each must be refused, or render without a clash.
 */
describe("names the template uses for itself", () => {
  const PROBE = "zq-probe";
  const probeForms = ["ZqProbe", "zqProbe"];

  /** Local names declared at the top of each module: imports, functions, classes, types, variables. */
  function topLevelNames(file: SourceFile): string[] {
    const names: string[] = [];
    for (const declaration of file.getImportDeclarations()) {
      const named = declaration.getNamedImports().map((specifier) => (specifier.getAliasNode() ?? specifier.getNameNode()).getText());
      names.push(...named, ...[declaration.getDefaultImport(), declaration.getNamespaceImport()].flatMap((node) => (node ? [node.getText()] : [])));
    }
    for (const statement of file.getStatements()) {
      if (Node.isVariableStatement(statement)) names.push(...statement.getDeclarations().map((declaration) => declaration.getName()));
      else if (Node.isFunctionDeclaration(statement) || Node.isClassDeclaration(statement) || Node.isInterfaceDeclaration(statement) || Node.isTypeAliasDeclaration(statement) || Node.isEnumDeclaration(statement)) {
        const name = statement.getName();
        if (name) names.push(name);
      }
    }
    return names;
  }

  const project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true });
  function bindings(tree: VirtualTree): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const path of tree.paths().filter((p) => p.endsWith(".ts"))) {
      const file = project.createSourceFile(`/${path}`, text(tree, path), { overwrite: true });
      out.set(path, topLevelNames(file));
    }
    return out;
  }

  /** What keeps a service of this name from working: two bindings of one name in a module, or two compose services of one name. */
  function clashes(name: string): string[] {
    let tree: VirtualTree;
    try {
      tree = render(name, EVERYTHING);
    } catch (error) {
      return [`does not render: ${String(error)}`];
    }
    const found: string[] = [];
    for (const [path, names] of bindings(tree)) {
      const seen = new Set<string>();
      for (const binding of names) {
        if (seen.has(binding)) found.push(`${path}: ${binding} is declared twice`);
        seen.add(binding);
      }
    }
    try {
      parseYaml(text(tree, "docker-compose.yml"), { uniqueKeys: true });
    } catch (error) {
      found.push(`docker-compose.yml: ${String(error).split("\n")[0]}`);
    }
    return found;
  }

  function candidates(): string[] {
    const probe = bindings(render(PROBE, EVERYTHING));
    const patterns = new Set<string>();
    for (const names of probe.values()) {
      for (const binding of names) {
        for (const form of probeForms) {
          const at = binding.indexOf(form);
          if (at >= 0) patterns.add(`${binding.slice(0, at)}\u0000${binding.slice(at + form.length)}`);
        }
      }
    }
    const others = render("orders", EVERYTHING);
    const out = new Set<string>(Object.keys((parseYaml(text(others, "docker-compose.yml")) as { services: object }).services));
    for (const names of bindings(others).values()) {
      for (const binding of names) {
        for (const pattern of patterns) {
          const [prefix, suffix] = pattern.split("\u0000") as [string, string];
          if (!binding.startsWith(prefix) || !binding.endsWith(suffix) || binding.length <= prefix.length + suffix.length) continue;
          const middle = binding.slice(prefix.length, binding.length - suffix.length);
          if (/^[A-Za-z][A-Za-z0-9]*$/.test(middle)) out.add(middle.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase());
        }
      }
    }
    out.delete("orders");
    return [...out].sort();
  }

  const found = candidates();

  it("finds the candidates (the docker compose services at least)", () => {
    expect(found).toEqual(expect.arrayContaining(["postgres", "kafka", "jaeger"]));
  });

  it.each(found)("%s is refused, or works", (name) => {
    if (checkServiceName(name, spec.serviceName).ok) expect(clashes(name)).toEqual([]);
  });

  it("every name template.yaml marks as taken really clashes", () => {
    for (const name of spec.serviceName.taken ?? []) expect(clashes(name), name).not.toEqual([]);
  });

  it("a name that clashes with nothing renders clean (the check can pass)", () => {
    expect(clashes("orders")).toEqual([]);
  });
});
