import validateNpmPackageName from "validate-npm-package-name";

/**
 * A service name ends up as a folder, an npm package name, a Kubernetes object
 * name, a database name and an env-var prefix, so it must be all of those at
 * once: a DNS-1123 label (RFC 1123, as Kubernetes uses it) that npm accepts.
 */
const DNS_1123_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LENGTH = 63;

export type NameCheck = { ok: true } | { ok: false; reason: string; suggestion?: string };

export function checkServiceName(name: string): NameCheck {
  const verdict = (reason: string): NameCheck => {
    const suggestion = suggestServiceName(name);
    return suggestion && suggestion !== name ? { ok: false, reason, suggestion } : { ok: false, reason };
  };
  if (name.trim() === "") return { ok: false, reason: "the service name is empty" };
  if (name.length > MAX_LENGTH) return verdict(`it is ${name.length} characters long; at most ${MAX_LENGTH} are allowed`);
  if (!DNS_1123_LABEL.test(name)) {
    return verdict("use lowercase letters, digits and '-', starting with a letter and not ending with '-'");
  }
  const npm = validateNpmPackageName(name);
  if (!npm.validForNewPackages) {
    const why = [...(npm.errors ?? []), ...(npm.warnings ?? [])][0] ?? "npm refuses it";
    return { ok: false, reason: `npm does not accept it as a package name (${why})` };
  }
  return { ok: true };
}

/** The closest valid name, e.g. "Orders Service" -> "orders-service"; undefined when nothing sensible is left. */
export function suggestServiceName(raw: string): string | undefined {
  const slug = raw
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, MAX_LENGTH)
    .replace(/-+$/, "");
  if (slug === "" || !DNS_1123_LABEL.test(slug)) return undefined;
  return validateNpmPackageName(slug).validForNewPackages ? slug : undefined;
}

export function describeNameProblem(name: string, check: Exclude<NameCheck, { ok: true }>): string {
  const shown = JSON.stringify(name);
  const hint = check.suggestion ? `; try "${check.suggestion}"` : "";
  return `invalid service name ${shown}: ${check.reason}${hint}`;
}
