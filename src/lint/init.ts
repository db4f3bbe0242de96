import { RULES } from "./rules/index.js";
import type { ServiceInfo } from "./types.js";

/**
 * `arch-lint init`: a starter config that lists the services it discovered,
 * with comments saying where each came from and what can be changed.
 */
export function starterConfig(services: readonly ServiceInfo[]): string {
  const lines = [
    "# arch-lint configuration. Reference: https://github.com/create-service/create-service/blob/main/docs/arch-lint.md",
    "# Editors complete and check this file through the schema below.",
    "$schema: ./node_modules/create-service/dist/lint/arch-lint.schema.json",
    "",
    "# The services arch-lint discovered. Rename one by changing its key (keep the path);",
    "# leave one out with `exclude: true`; add `hosts` (names other services call it by)",
    "# or `env` where a URL or a connection string did not resolve (see --print-model).",
  ];
  if (!services.length) lines.push("services: {}");
  else {
    lines.push("services:");
    for (const service of services) {
      lines.push(`  ${yamlKey(service.name)}:${` # found through ${service.sources.join(", ")}`}`, `    path: ${yamlString(service.root || ".")}`);
    }
  }
  lines.push("", "# Paths to skip, in .gitignore syntax (each must match a file).", "ignore: []", "", "rules:");
  for (const rule of RULES) {
    const options = Object.entries(rule.meta.defaultOptions as Record<string, unknown>);
    lines.push(`  # ${rule.meta.description}`);
    if (!options.length) lines.push(`  ${rule.meta.id}: ${rule.meta.defaultSeverity}`);
    else {
      lines.push(`  ${rule.meta.id}:`, `    severity: ${rule.meta.defaultSeverity}`, "    options:");
      for (const [key, value] of options) lines.push(`      ${key}: ${JSON.stringify(value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function yamlKey(name: string): string {
  return /^[a-z0-9][a-z0-9._-]*$/i.test(name) ? name : JSON.stringify(name);
}

function yamlString(text: string): string {
  return /^[\w./-]+$/.test(text) && !/^[.-]$/.test(text) ? text : JSON.stringify(text);
}
