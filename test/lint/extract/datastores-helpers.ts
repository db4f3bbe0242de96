import { facts } from "../helpers.js";
import type { DatastoreFact, Value } from "../../../src/lint/types.js";

/** A value as one line: text as is, `${NAME}` or `${NAME:-fallback}` for env, `{specifier#name}` for an import, `?` for the rest. */
export function show(value: Value): string {
  return value.parts
    .map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${${p.name}${p.fallback ? `:-${show(p.fallback)}` : ""}}` : p.kind === "import" ? `{${p.specifier}#${p.name}}` : "?"))
    .join("");
}

/** One line per connection: `engine/library url=... host=... port=... db=... dialect=... driverEnv @line`. */
export function describeStore(d: DatastoreFact): string {
  const fields: string[] = [`${d.engine}/${d.library}`];
  for (const key of ["url", "host", "port", "database", "dialect"] as const) {
    const value = d[key];
    if (value) fields.push(`${key === "database" ? "db" : key}=${show(value)}`);
  }
  if (d.options) fields.push(`options={${d.options.specifier}#${d.options.name}}`);
  if (d.driverEnv) fields.push("driverEnv");
  if (d.queue) fields.push("queue");
  return `${fields.join(" ")} @${d.location.line}`;
}

/** The connections one file opens, as `describeStore` lines. */
export function stores(code: string, file = "src/db.ts"): string[] {
  return facts(code, file).datastores.map(describeStore);
}
