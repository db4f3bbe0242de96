import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import semver from "semver";
import { UsageError, errnoCode } from "../shared/errors.js";
import { validateOptionValue, type OptionValue } from "./option-values.js";
import { OPTION_TYPES, type IntegerOption, type OptionBase, type OptionSpec, type OptionType } from "./option-spec.js";
import { MAX_SERVICE_NAME_LENGTH, type NameRules } from "./service-name.js";
import { fillNamePlaceholders, hasPlaceholder } from "./name-placeholders.js";

/**
 * A template folder holds `template.yaml` (what the template asks for) and
 * `files/` (what it writes). The declaration in template.yaml is the single
 * source for flags, prompts, `--yes` defaults, validation and the manifest.
 */

export const TEMPLATE_SPEC_FILE = "template.yaml";
export const TEMPLATE_FILES_DIR = "files";

// The option declarations live in option-spec.ts, below both this parser and option-values.ts.
export { OPTION_TYPES } from "./option-spec.js";
export type { BooleanOption, ChoiceOption, IntegerOption, ListOption, OptionSpec, OptionType, StringOption } from "./option-spec.js";

export interface TemplateSpec {
  name: string;
  version: string;
  description: string;
  options: OptionSpec[];
  /** File names npm would drop or mangle when publishing, mapped to what they become (`_gitignore` -> `.gitignore`). */
  rename: Record<string, string>;
  /**
   * Files generated only when an option is set: glob (over template paths,
   * before rendering) -> option key, `a|b` for "when any of them is set", and
   * a leading `!` for the opposite ("only when none is set").
   * "Set" means true, a non-empty list or a non-empty string.
   */
  when: Array<{ glob: string; anyOf: string[]; negate: boolean }>;
  /** What the template adds to the rules of a service name (a shorter limit, names it uses itself). */
  serviceName: NameRules;
  /** Handlebars text printed under "Next steps" after a generation, rendered with the files' values. */
  nextSteps?: string;
  /** What each version changed, one line per change, newest version first; `create-service upgrade` prints them. */
  changelog: Array<{ version: string; changes: string[] }>;
  dir: string;
}

/** Flags and names the CLI owns; a template option may not take them. */
export const RESERVED_OPTION_KEYS = new Set([
  "name", "dir", "yes", "dryRun", "force", "skipInstall", "skipGit", "template", "tool", "json", "quiet",
  "version", "help", "debug", "color",
]);

const OPTION_KEY = /^[a-z][a-zA-Z0-9]*$/;
const DEFAULT_RENAME: Record<string, string> = { _gitignore: ".gitignore", _npmrc: ".npmrc" };

type Raw = Record<string, unknown>;
const isRecord = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value);

class SpecProblem extends Error {}

/** Reads and validates a template folder; every problem is one line naming the file and the key. */
export function loadTemplateSpec(dir: string, shownAs = dir): TemplateSpec {
  const specPath = join(dir, TEMPLATE_SPEC_FILE);
  assertTemplateFolder(dir, specPath, shownAs);
  // Read outside the parse below: a file we may not read is not invalid YAML (the CLI reports it as such).
  const text = readFileSync(specPath, "utf8");
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new UsageError(`${specPath}: not valid YAML (${reason}); fix the file or pass another --template`);
  }
  try {
    return { ...parseTemplateSpec(raw), dir };
  } catch (error) {
    if (error instanceof SpecProblem) throw new UsageError(`${specPath}: ${error.message}`);
    throw error;
  }
}

function assertTemplateFolder(dir: string, specPath: string, shownAs: string): void {
  const kind = statKind(dir);
  if (kind === "missing") throw new UsageError(`--template ${shownAs}: no such folder; pass the path of a folder that holds ${TEMPLATE_SPEC_FILE} and ${TEMPLATE_FILES_DIR}/`);
  if (kind !== "dir") throw new UsageError(`--template ${shownAs}: not a folder; pass the path of a folder that holds ${TEMPLATE_SPEC_FILE} and ${TEMPLATE_FILES_DIR}/`);
  if (statKind(specPath) !== "file") throw new UsageError(`--template ${shownAs}: no ${TEMPLATE_SPEC_FILE} in it; a template folder needs ${TEMPLATE_SPEC_FILE} (its options) and ${TEMPLATE_FILES_DIR}/ (its files)`);
  if (statKind(join(dir, TEMPLATE_FILES_DIR)) !== "dir") throw new UsageError(`--template ${shownAs}: no ${TEMPLATE_FILES_DIR}/ folder in it; put the files to generate under ${join(shownAs, TEMPLATE_FILES_DIR)}`);
}

function statKind(path: string): "missing" | "dir" | "file" | "other" {
  try {
    const stats = statSync(path);
    return stats.isDirectory() ? "dir" : stats.isFile() ? "file" : "other";
  } catch (error) {
    if (errnoCode(error) === "ENOENT" || errnoCode(error) === "ENOTDIR") return "missing";
    throw error;
  }
}

/** Pure: validates the parsed YAML. Exported for tests. */
export function parseTemplateSpec(raw: unknown): Omit<TemplateSpec, "dir"> {
  if (!isRecord(raw)) throw new SpecProblem("must be a mapping with name, version and options");
  const name = requireString(raw, "name", "name");
  const version = requireString(raw, "version", "version");
  const description = optionalString(raw, "description", "description") ?? "";
  const rawOptions = raw.options ?? {};
  if (!isRecord(rawOptions)) throw new SpecProblem("options: must be a mapping of option name to its declaration");
  const options = Object.entries(rawOptions).map(([key, value]) => parseOption(key, value));
  const rename = { ...DEFAULT_RENAME, ...parseRename(raw.rename) };
  const when = parseWhen(raw.when, new Set(options.map((option) => option.key)));
  const serviceName = parseServiceName(raw.serviceName);
  const nextSteps = optionalString(raw, "nextSteps", "nextSteps");
  const changelog = parseChangelog(raw.changelog);
  const known = new Set(["name", "version", "description", "serviceName", "options", "rename", "when", "nextSteps", "changelog"]);
  const unknown = Object.keys(raw).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new SpecProblem(`${unknown[0]}: unknown key; allowed are ${[...known].join(", ")}`);
  return { name, version, description, serviceName, options, rename, when, changelog, ...(nextSteps === undefined ? {} : { nextSteps }) };
}

function parseChangelog(raw: unknown): TemplateSpec["changelog"] {
  if (raw === undefined) return [];
  const shape = "changelog: must map each version (0.2.0) to its changes, one line each";
  if (!isRecord(raw)) throw new SpecProblem(shape);
  const entries = Object.entries(raw).map(([version, changes]) => {
    if (semver.valid(version) === null) throw new SpecProblem(`changelog.${version}: not a version such as 0.2.0`);
    const lines = typeof changes === "string" ? [changes] : changes;
    if (!Array.isArray(lines) || lines.length === 0 || lines.some((line) => typeof line !== "string" || line.trim() === "")) {
      throw new SpecProblem(`changelog.${version}: must be a line, or a list of lines, saying what changed`);
    }
    return { version, changes: lines as string[] };
  });
  return entries.sort((a, b) => semver.rcompare(a.version, b.version));
}

function parseServiceName(raw: unknown): NameRules {
  if (raw === undefined) return {};
  if (!isRecord(raw)) throw new SpecProblem("serviceName: must be a mapping (maxLength, maxLengthHint, taken, takenHint)");
  const allowed = ["maxLength", "maxLengthHint", "taken", "takenHint"];
  const stray = Object.keys(raw).find((key) => !allowed.includes(key));
  if (stray) throw new SpecProblem(`serviceName.${stray}: unknown key; allowed are ${allowed.join(", ")}`);
  const maxLength = optionalInteger(raw, "maxLength", "serviceName.maxLength");
  if (maxLength !== undefined && (maxLength < 1 || maxLength > MAX_SERVICE_NAME_LENGTH)) {
    throw new SpecProblem(`serviceName.maxLength: must be 1-${MAX_SERVICE_NAME_LENGTH} (a service name is a DNS label)`);
  }
  const taken = raw.taken;
  if (taken !== undefined && (!Array.isArray(taken) || !taken.every((item) => typeof item === "string" && item !== ""))) {
    throw new SpecProblem("serviceName.taken: must be a list of names");
  }
  const rules: NameRules = {
    maxLength,
    maxLengthHint: optionalString(raw, "maxLengthHint", "serviceName.maxLengthHint"),
    taken: taken as string[] | undefined,
    takenHint: optionalString(raw, "takenHint", "serviceName.takenHint"),
  };
  return Object.fromEntries(Object.entries(rules).filter(([, value]) => value !== undefined)) as NameRules;
}

function parseWhen(raw: unknown, keys: Set<string>): TemplateSpec["when"] {
  if (raw === undefined) return [];
  if (!isRecord(raw)) throw new SpecProblem("when: must map a file glob to the option that must be set (or !option)");
  return Object.entries(raw).map(([glob, condition]) => {
    if (typeof condition !== "string") throw new SpecProblem(`when.${glob}: must be an option name, a|b for any of several, or !name`);
    const negate = condition.startsWith("!");
    const anyOf = (negate ? condition.slice(1) : condition).split("|").map((key) => key.trim());
    const unknown = anyOf.find((key) => !keys.has(key));
    if (unknown !== undefined) throw new SpecProblem(`when.${glob}: "${unknown}" is not an option of this template`);
    return { glob, anyOf, negate };
  });
}

function parseRename(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (!isRecord(raw)) throw new SpecProblem("rename: must map template file names to output names");
  const out: Record<string, string> = {};
  for (const [from, to] of Object.entries(raw)) {
    if (typeof to !== "string" || to === "" || to.includes("/")) throw new SpecProblem(`rename.${from}: must be a plain file name`);
    out[from] = to;
  }
  return out;
}

const COMMON_KEYS = ["type", "description", "prompt", "default"];
const KEYS_BY_TYPE: Record<OptionType, string[]> = {
  string: ["pattern", "patternHint", "maxLength"],
  integer: ["min", "max"],
  boolean: [],
  choice: ["choices"],
  list: ["itemPattern", "itemHint", "itemMaxLength", "minItems"],
};

function parseOption(key: string, raw: unknown): OptionSpec {
  const at = `options.${key}`;
  if (!OPTION_KEY.test(key)) throw new SpecProblem(`${at}: option names are camelCase (letters and digits, starting with a lowercase letter)`);
  if (RESERVED_OPTION_KEYS.has(key)) throw new SpecProblem(`${at}: "${key}" is a create-service flag; give the option another name`);
  // Answers and flags live in plain objects, where "constructor" or "toString" would read an inherited function.
  if (key in Object.prototype) throw new SpecProblem(`${at}: "${key}" is a built-in JavaScript property name; give the option another name`);
  if (!isRecord(raw)) throw new SpecProblem(`${at}: must be a mapping with at least type and description`);
  const type = raw.type;
  if (typeof type !== "string" || !(OPTION_TYPES as readonly string[]).includes(type)) {
    throw new SpecProblem(`${at}.type: must be one of ${OPTION_TYPES.join(", ")}`);
  }
  const optionType = type as OptionType;
  const allowed = new Set([...COMMON_KEYS, ...KEYS_BY_TYPE[optionType]]);
  const stray = Object.keys(raw).find((k) => !allowed.has(k));
  if (stray) throw new SpecProblem(`${at}.${stray}: not a setting of a ${optionType} option; allowed are ${[...allowed].join(", ")}`);

  const base = {
    key,
    description: requireString(raw, "description", `${at}.description`),
    prompt: optionalString(raw, "prompt", `${at}.prompt`),
  };
  const option = buildOption(optionType, raw, base, at);
  if (option.default !== undefined) {
    const problem = defaultProblem(option);
    if (problem) throw new SpecProblem(`${at}.default: ${problem}`);
  }
  return option;
}

function buildOption(type: OptionType, raw: Raw, base: Omit<OptionBase, "default">, at: string): OptionSpec {
  switch (type) {
    case "string":
      return {
        ...base, type,
        default: optionalString(raw, "default", `${at}.default`),
        pattern: optionalRegex(raw, "pattern", `${at}.pattern`),
        patternHint: optionalString(raw, "patternHint", `${at}.patternHint`),
        maxLength: optionalInteger(raw, "maxLength", `${at}.maxLength`),
      };
    case "integer": {
      const min = optionalInteger(raw, "min", `${at}.min`);
      const max = optionalInteger(raw, "max", `${at}.max`);
      if (min !== undefined && max !== undefined && min > max) throw new SpecProblem(`${at}.min: is above max (${max}), so no value would be accepted`);
      return { ...base, type, default: integerDefault(raw, `${at}.default`), min, max };
    }
    case "boolean": {
      if (raw.default !== undefined && typeof raw.default !== "boolean") throw new SpecProblem(`${at}.default: must be true or false`);
      return { ...base, type, default: raw.default as boolean | undefined };
    }
    case "choice": {
      const choices = raw.choices;
      if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => typeof c === "string")) {
        throw new SpecProblem(`${at}.choices: must be a non-empty list of strings`);
      }
      return { ...base, type, choices: choices as string[], default: optionalString(raw, "default", `${at}.default`) };
    }
    case "list": {
      const value = raw.default;
      if (value !== undefined && (!Array.isArray(value) || !value.every((v) => typeof v === "string"))) {
        throw new SpecProblem(`${at}.default: must be a list of strings`);
      }
      return {
        ...base, type,
        default: value as string[] | undefined,
        itemPattern: optionalRegex(raw, "itemPattern", `${at}.itemPattern`),
        itemHint: optionalString(raw, "itemHint", `${at}.itemHint`),
        itemMaxLength: optionalPositiveInteger(raw, "itemMaxLength", `${at}.itemMaxLength`),
        minItems: optionalPositiveInteger(raw, "minItems", `${at}.minItems`),
      };
    }
  }
}

/** A declared default must itself pass validation (a string default containing `{{` is checked after rendering). */
function defaultProblem(option: OptionSpec): string | undefined {
  if (option.type === "string" && typeof option.default === "string" && option.default.includes("{{")) return undefined;
  if (option.type === "integer" && typeof option.default === "string") return derivedIntegerProblem(option.default, option);
  if (option.type === "choice" && !option.choices.includes(option.default as string)) {
    return `must be one of the choices (${option.choices.join(", ")})`;
  }
  if (option.type === "integer" && typeof option.default === "number") {
    if (option.min !== undefined && option.default < option.min) return `is below min (${option.min})`;
    if (option.max !== undefined && option.default > option.max) return `is above max (${option.max})`;
  }
  // The rest (a string's pattern, maxLength and single line, a list's items) is what a flag must pass too.
  return validateOptionValue(option, option.default as OptionValue);
}

/** A derived integer default, tried on a sample name: it must give a whole number in range. */
function derivedIntegerProblem(text: string, option: IntegerOption): string | undefined {
  const sample = fillNamePlaceholders(text, "service");
  if (!/^\d+$/.test(sample)) return `${JSON.stringify(text)} gives ${JSON.stringify(sample)} for the name "service", not a whole number; use a number or "{{portFor name}}"`;
  const problem = validateOptionValue(option, Number(sample));
  return problem && `${JSON.stringify(text)} for the name "service": ${problem}`;
}

function integerDefault(raw: Raw, at: string): number | string | undefined {
  if (typeof raw.default === "string" && hasPlaceholder(raw.default)) return raw.default;
  return optionalInteger(raw, "default", at);
}

function requireString(raw: Raw, key: string, at: string): string {
  const value = raw[key];
  if (typeof value !== "string" || value.trim() === "") throw new SpecProblem(`${at}: required, and must be a non-empty string`);
  return value;
}

function optionalString(raw: Raw, key: string, at: string): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new SpecProblem(`${at}: must be a string`);
  return value;
}

function optionalInteger(raw: Raw, key: string, at: string): number | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw new SpecProblem(`${at}: must be a whole number`);
  return value;
}

function optionalPositiveInteger(raw: Raw, key: string, at: string): number | undefined {
  const value = optionalInteger(raw, key, at);
  if (value !== undefined && value < 1) throw new SpecProblem(`${at}: must be 1 or more`);
  return value;
}

function optionalRegex(raw: Raw, key: string, at: string): string | undefined {
  const value = optionalString(raw, key, at);
  if (value === undefined) return undefined;
  try {
    new RegExp(value, "u");
  } catch {
    throw new SpecProblem(`${at}: not a valid regular expression`);
  }
  return value;
}
