import validateNpmPackageName from "validate-npm-package-name";
import { snakeCase } from "./case.js";
import { SQL_RESERVED_WORDS } from "./sql-reserved-words.js";

/**
 * A service name ends up as a folder, an npm package name, a Kubernetes object
 * name, a database name and table prefix, and an env-var prefix, so it must be
 * all of those at once: a DNS-1123 label (RFC 1123, as Kubernetes uses it) that
 * npm accepts, whose snake_case form PostgreSQL takes as a table and role name.
 * A template may tighten this (template.yaml `serviceName`, see NameRules).
 */
const DNS_1123_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS label's limit, and Kubernetes' for a label value and a Service name. */
export const MAX_SERVICE_NAME_LENGTH = 63;

/** What a template adds to the rules above, from template.yaml's `serviceName`. */
export interface NameRules {
  /** At most this many characters (below 63), because the template derives longer identifiers from the name. */
  maxLength?: number;
  /** Why, completing "at most N are allowed (...)". */
  maxLengthHint?: string;
  /** Names the template already uses for something of its own, which a service of that name would clash with. */
  taken?: string[];
  /** Why they are taken, completing `"postgres" is taken: ...`. */
  takenHint?: string;
}

export type NameCheck = { ok: true } | { ok: false; reason: string; suggestion?: string };

export const maxServiceNameLength = (rules: NameRules = {}): number => Math.min(rules.maxLength ?? MAX_SERVICE_NAME_LENGTH, MAX_SERVICE_NAME_LENGTH);

export function checkServiceName(name: string, rules: NameRules = {}): NameCheck {
  if (name.trim() === "") return { ok: false, reason: "the service name is empty" };
  const reason = nameProblem(name, rules);
  if (reason === undefined) return { ok: true };
  const suggestion = suggestServiceName(name, rules);
  return suggestion && suggestion !== name ? { ok: false, reason, suggestion } : { ok: false, reason };
}

/** What is wrong with a non-empty name, or undefined when nothing is. */
function nameProblem(name: string, rules: NameRules): string | undefined {
  const max = maxServiceNameLength(rules);
  if (name.length > max) {
    const why = max < MAX_SERVICE_NAME_LENGTH && rules.maxLengthHint ? ` (${rules.maxLengthHint})` : "";
    return `it is ${name.length} characters long; at most ${max} are allowed${why}`;
  }
  if (!DNS_1123_LABEL.test(name)) return "use lowercase letters, digits and '-', starting with a letter and not ending with '-'";
  const npm = validateNpmPackageName(name);
  if (!npm.validForNewPackages) {
    const why = [...(npm.errors ?? []), ...(npm.warnings ?? [])][0] ?? "npm refuses it";
    return `npm does not accept it as a package name (${why})`;
  }
  const table = snakeCase(name);
  if (SQL_RESERVED_WORDS.has(table)) return `"${table}" is a reserved word in SQL: its table would need quotes in every query`;
  // initdb and CREATE ROLE refuse pg_ role names, and an unqualified pg_ table name may resolve to the system catalog.
  if (table.startsWith("pg_")) return `its database role and tables would start with "pg_", a prefix PostgreSQL reserves for itself`;
  if (rules.taken?.includes(name)) return `"${name}" is taken: ${rules.takenHint ?? "the template uses it for something of its own"}`;
  return undefined;
}

/** The closest valid name, e.g. "Orders Service" -> "orders-service"; undefined when nothing sensible is left. */
export function suggestServiceName(raw: string, rules: NameRules = {}): string | undefined {
  const max = maxServiceNameLength(rules);
  const slug = shorten(slugify(raw), max);
  if (slug === "") return undefined;
  const unprefixed = slug.replace(/^pg-/, "postgres-");
  const candidates = [slug, unprefixed, `${unprefixed}-service`].map((candidate) => shorten(candidate, max));
  return candidates.find((candidate) => candidate !== "" && nameProblem(candidate, rules) === undefined);
}

function slugify(raw: string): string {
  return raw
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "");
}

/** Cuts a slug to `max` characters, after a whole word when that keeps at least half of it. */
function shorten(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const boundary = slug.slice(0, max + 1).lastIndexOf("-");
  return (boundary >= max / 2 ? slug.slice(0, boundary) : slug.slice(0, max)).replace(/-+$/, "");
}

export function describeNameProblem(name: string, check: Exclude<NameCheck, { ok: true }>): string {
  const shown = JSON.stringify(name);
  const hint = check.suggestion ? `; try "${check.suggestion}"` : "";
  return `invalid service name ${shown}: ${check.reason}${hint}`;
}

/** The name's rules in the words of `--help` and the README, e.g. "..., at most 45 characters". */
export function describeNameRules(rules: NameRules = {}): string {
  return `lowercase letters, digits and '-', starting with a letter, at most ${maxServiceNameLength(rules)} characters`;
}
