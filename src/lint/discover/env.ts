/**
 * Environment files and compose-style interpolation. Values are only ever
 * read as text; nothing is expanded through a shell.
 */

import { posix } from "node:path";

/** What a repository commits in place of an env file it keeps out of git. */
const EXAMPLE_ENV_FILES = [".env.example", ".env.sample", ".env-example", ".env_example", ".env-sample", ".env_sample", ".env.template", ".env.dist", "sample.env", "example.env", "env.example", "env.sample"];

/** Whether a file name is one of the example env files' usual names. */
export function isExampleEnvName(name: string): boolean {
  return EXAMPLE_ENV_FILES.includes(name);
}

/**
 * An example file's values, less the placeholders that say what to write rather than a value (`PROFILE_PORT='port'`,
 * `AUTH_ADDR='service name'`, `<your-host>`, `changeme`): with those dropped, a compose default (`${PROFILE_PORT:-8081}`)
 * or a code default applies, as it would once the placeholder is filled in. A made-up value shaped like a real one
 * (`your-clients-db.example.com`) stays: one per service, it still says the services' hosts differ.
 */
export function exampleValues(vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).filter(([name, value]) => !isPlaceholder(name, value)));
}

const PLACEHOLDER = /\s|^<.*>$|^\[.*\]$|^\{\{.*\}\}$|change[-_]?me|replace[-_]?me|^x{3,}$|^\.{3}$|^(todo|tbd|none|null)$/i;

function isPlaceholder(name: string, value: string): boolean {
  if (PLACEHOLDER.test(value.trim())) return true;
  // The variable's own last word as its value (`JWT_SECRET=secret`, `SSL_KEY_PATH=path`): a hint at what goes there.
  const last = name.split("_").pop()!.toLowerCase();
  return value.trim().toLowerCase() === last && !/^\d/.test(value);
}

/** The example env file committed in a folder, if any (the first of the usual names). */
export function exampleEnvFile(folder: string, exists: (rel: string) => boolean): string | undefined {
  return EXAMPLE_ENV_FILES.map((name) => posix.join(folder, name)).find(exists);
}

/**
 * Parses a .env file: KEY=VALUE lines, `export` prefixes, quotes, comments. Read by `docker compose` (its project `.env`
 * and `env_file` entries), values are interpolated as compose does (`expand` given: the variables already known): an
 * unquoted or double-quoted value's `$VAR` and `${VAR}` are the lines above it, else `expand`'s; a single-quoted value
 * is literal. dotenv reads the same file without expanding anything.
 */
export function parseDotenv(text: string, expand?: Readonly<Record<string, string>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const key = match[1]!;
    let value = match[2]!;
    const quote = value[0];
    const quoted = (quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0;
    if (quoted) {
      value = value.slice(1, value.lastIndexOf(quote));
      if (quote === '"') value = value.replace(/\\n/g, "\n");
    } else {
      value = value.replace(/\s+#.*$/, "").trim();
    }
    if (expand && !(quoted && quote === "'") && value.includes("$")) value = interpolate(value, { ...expand, ...result });
    result[key] = value;
  }
  return result;
}

/**
 * A service's own env file as its loaders read it: `${VAR}` references to variables the file sets earlier are expanded
 * (dotenv-expand, which Prisma and NestJS's `expandVariables` use), and a value still naming a variable nothing sets is
 * left out: it is no address whichever loader reads it (plain dotenv keeps the text `${PGHOST}`, the others an empty value).
 */
export function parseServiceDotenv(text: string): Record<string, string> {
  const parsed = parseDotenv(text, {});
  for (const [key, value] of Object.entries(parsed)) if (/\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(value)) delete parsed[key];
  return parsed;
}

/**
 * Compose interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`, `$$`.
 * Unknown variables without a default are left as `${VAR}` so the caller can tell.
 */
export function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, op, fallback, bare) => {
    if (whole === "$$") return "$";
    const name = (braced ?? bare) as string;
    const value = vars[name];
    if (op === ":-") return value !== undefined && value !== "" ? value : (fallback as string);
    if (op === "-") return value !== undefined ? value : (fallback as string);
    return value ?? `\${${name}}`;
  });
}

/** The variables a compose value interpolates (`${A}`, `${B:-x}`, `$C`). */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => (m[1] ?? m[2])!);
}

/** Compose `environment:` is a map or a list of "KEY=VALUE" (a bare KEY takes the host's value: unknown here). */
export function composeEnvironment(raw: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item !== "string") continue;
      const eq = item.indexOf("=");
      if (eq > 0) result[item.slice(0, eq)] = item.slice(eq + 1);
    }
  } else if (raw && typeof raw === "object") {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (value === null || value === undefined) continue;
      result[key] = String(value);
    }
  }
  return result;
}

/** The line of each key a .env file sets (the last one, as parseDotenv keeps the last value). */
export function dotenvLines(text: string): Record<string, number> {
  const lines: Record<string, number> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/.exec(raw);
    if (match) lines[match[1]!] = index + 1;
  });
  return lines;
}
