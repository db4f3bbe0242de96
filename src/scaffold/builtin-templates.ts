import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "../shared/package-info.js";
import { UsageError } from "../shared/errors.js";

/**
 * The templates shipped under templates/: `--template <name>` picks one, the
 * interactive mode offers them, `--help` lists them. Anything else `--template`
 * is given is a template folder of the user's own.
 */

export interface BuiltinTemplate {
  name: string;
  /** One line for --help and the interactive choice. */
  summary: string;
}

export const BUILTIN_TEMPLATES: readonly BuiltinTemplate[] = [
  { name: "service", summary: "a service with its own database, events and HTTP clients" },
  { name: "gateway", summary: "an API gateway: routes /v1/<service>/* to services, checks JWTs once, limits rates" },
];

export const DEFAULT_TEMPLATE = "service";

export const builtinTemplateDir = (name: string): string => fileURLToPath(new URL(`templates/${name}`, PACKAGE_ROOT));

export interface TemplateChoice {
  dir: string;
  /** How the user wrote it, for messages about a folder of their own; undefined for a built-in template. */
  shownAs?: string;
}

/**
 * `--template` as the user wrote it: a built-in name, else a folder. A bare word that is neither
 * is a mistyped name far more often than a missing folder, so the message names both kinds.
 * A built-in name wins over a folder of the same name (`./gateway` picks the folder).
 */
export function chooseTemplate(value: string | undefined, cwd: string): TemplateChoice {
  const name = value ?? DEFAULT_TEMPLATE;
  if (BUILTIN_TEMPLATES.some((template) => template.name === name)) return { dir: builtinTemplateDir(name) };
  const looksLikePath = isAbsolute(name) || /[\\/]/.test(name) || name.startsWith(".");
  if (!looksLikePath && !existsSync(resolve(cwd, name))) {
    throw new UsageError(`--template ${name}: no built-in template or folder of that name; choose ${builtinNames()}, or pass the path of a template folder (template.yaml and files/)`);
  }
  return { dir: resolve(cwd, name), shownAs: name };
}

export const builtinNames = (): string => BUILTIN_TEMPLATES.map((template) => template.name).join(" or ");

/**
 * The built-in template a command line's flags belong to: the first flag that one built-in
 * template declares and the others do not (`--routes`: gateway; `--publishes`: service).
 * `flagsOf` gives each template's flags, so that this stays pure.
 */
export function impliedBuiltinTemplate(argv: readonly string[], flagsOf: (template: string) => readonly string[]): { template: string; flag: string } | undefined {
  const owners = new Map<string, string[]>();
  for (const { name } of BUILTIN_TEMPLATES) {
    for (const flag of flagsOf(name)) owners.set(flag, [...(owners.get(flag) ?? []), name]);
  }
  for (const arg of argv) {
    if (arg === "--") break;
    const flag = arg.split("=")[0]!;
    const templates = owners.get(flag);
    if (templates?.length === 1) return { template: templates[0]!, flag };
  }
  return undefined;
}
