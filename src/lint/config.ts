import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseDocument } from "yaml";
import { UsageError, errnoCode } from "../shared/errors.js";
import { RULES } from "./rules/index.js";
import { formatPath, suggest, validate, type JsonSchema } from "./schema.js";
import type { SeveritySetting } from "./types.js";

/**
 * arch-lint.config.yaml / .yml / .json: found from the target upward,
 * validated against the schema composed from the rules' option schemas
 * (committed as src/lint/arch-lint.schema.json for editors), errors
 * pointing at the key. Configuration is data only: nothing is executed.
 */

export const CONFIG_NAMES = ["arch-lint.config.yaml", "arch-lint.config.yml", "arch-lint.config.json"];

/** A configuration problem: exit code 2, rendered like a usage error (src/shared/errors.ts). */
export class ConfigError extends UsageError {}

export interface ServiceConfig {
  path?: string;
  hosts?: string[];
  env?: Record<string, string>;
  exclude?: boolean;
}

export interface RuleSetting {
  /** Undefined keeps the rule's default severity (`{ options: {...} }`). */
  severity?: SeveritySetting;
  options: Record<string, unknown>;
}

export interface LintConfig {
  /** The file it came from, for messages; undefined for the defaults. */
  file?: string;
  /** Folder relative paths in the config are resolved against. */
  dir: string;
  services: Record<string, ServiceConfig>;
  ignore: string[];
  env: Record<string, string>;
  rules: Record<string, RuleSetting>;
  maxFileSize: number;
  tests: boolean;
}

export const DEFAULT_MAX_FILE_SIZE = 1_000_000;

const SEVERITY: JsonSchema = { type: "string", enum: ["error", "warn", "off"], description: "error fails the run (exit code 1), warn is reported without failing it (unless --max-warnings is exceeded), off disables the rule." };

/** The config schema, composed from the rules' own option schemas. */
export function buildConfigSchema(): JsonSchema {
  const rules: Record<string, JsonSchema> = {};
  for (const rule of RULES) {
    const properties: Record<string, JsonSchema> = {};
    for (const [key, option] of Object.entries(rule.meta.options)) {
      properties[key] = { ...option, ...(option.items ? { items: { ...option.items } } : {}), default: (rule.meta.defaultOptions as Record<string, unknown>)[key] } as JsonSchema;
    }
    const options: JsonSchema = { type: "object", description: `Options of ${rule.meta.id}.`, properties, additionalProperties: false };
    rules[rule.meta.id] = {
      description: `${rule.meta.description} Default severity: ${rule.meta.defaultSeverity}.`,
      anyOf: [
        SEVERITY,
        { type: "array", description: "[severity, options]", prefixItems: [SEVERITY, options], minItems: 1, maxItems: 2 },
        { type: "object", description: "{ severity, options }", properties: { severity: SEVERITY, options }, additionalProperties: false },
      ],
    };
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://github.com/create-service/create-service/blob/main/src/lint/arch-lint.schema.json",
    title: "arch-lint configuration",
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string", description: "The JSON Schema of this file, for editor completion." },
      services: {
        type: "object",
        description: "Declare, rename, adjust or exclude services. Each key is a service name; every key must match a discovered service or give a path.",
        additionalProperties: {
          type: "object",
          additionalProperties: false,
          properties: {
            path: { type: "string", description: "Folder of the service, relative to this file. Declares a service there, or renames the one discovered there." },
            hosts: { type: "array", items: { type: "string" }, description: "Extra host names that reach this service (for resolving call URLs)." },
            env: { type: "object", additionalProperties: { type: "string" }, description: "Environment variables of this service, for resolving URLs and connection strings." },
            exclude: { type: "boolean", description: "Leave this service out of the scan." },
          },
        },
      },
      ignore: { type: "array", items: { type: "string" }, description: "Paths to skip, in .gitignore syntax, relative to this file. Each must match at least one file." },
      env: { type: "object", additionalProperties: { type: "string" }, description: "Environment variables for every service." },
      rules: { type: "object", description: "Severity and options per rule.", properties: rules, additionalProperties: false },
      maxFileSize: { type: "integer", minimum: 1, description: `Files larger than this many bytes are skipped with a diagnostic. Default: ${DEFAULT_MAX_FILE_SIZE}.` },
      tests: { type: "boolean", description: "Also scan test code (test/, tests/, __tests__/, e2e/, fixtures/, *.test.*, *.spec.*). Default: false." },
    },
  };
}

/** The first config file from `start` upward. */
export function findConfigFile(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export function defaultConfig(dir: string): LintConfig {
  return { dir, services: {}, ignore: [], env: {}, rules: {}, maxFileSize: DEFAULT_MAX_FILE_SIZE, tests: false };
}

/** A parser's message on one line (V8's JSON errors quote the text, newlines included). */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, " ").trim();
}

export function loadConfigFile(file: string): LintConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const missing = errnoCode(error) === "ENOENT";
    throw new ConfigError(
      missing
        ? `config ${file}: no such file; pass the path of an existing config to --config, or write one with arch-lint init`
        : `cannot read config ${file} (${errnoCode(error) ?? (error as Error).message}); make it readable or pass another --config`,
    );
  }
  let data: unknown;
  if (file.endsWith(".json")) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`${file}: not valid JSON (${oneLine((error as Error).message)}); fix the file or pass another --config`);
    }
  } else {
    const doc = parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length) throw new ConfigError(`${file}: not valid YAML (${oneLine(doc.errors[0]!.message.split("\n")[0]!).replace(/:$/, "")}); fix the file or pass another --config`);
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  }
  return parseConfig(data, file);
}

export function parseConfig(data: unknown, file: string | undefined, dir = file ? dirname(file) : process.cwd()): LintConfig {
  const errors = validate(buildConfigSchema(), data);
  if (errors.length) {
    const where = file ?? "config";
    // One line, as every error: each problem names its key, so the fix is where it points.
    throw new ConfigError(`invalid config ${where}: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  }
  const raw = data as {
    services?: Record<string, ServiceConfig>;
    ignore?: string[];
    env?: Record<string, string>;
    rules?: Record<string, unknown>;
    maxFileSize?: number;
    tests?: boolean;
  };
  const rules: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(raw.rules ?? {})) rules[id] = normalizeRuleSetting(value);
  return {
    ...(file ? { file } : {}),
    dir,
    services: raw.services ?? {},
    ignore: raw.ignore ?? [],
    env: raw.env ?? {},
    rules,
    maxFileSize: raw.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    tests: raw.tests ?? false,
  };
}

function normalizeRuleSetting(value: unknown): RuleSetting {
  if (typeof value === "string") return { severity: value as SeveritySetting, options: {} };
  if (Array.isArray(value)) return { severity: value[0] as SeveritySetting, options: (value[1] as Record<string, unknown>) ?? {} };
  const object = value as { severity?: SeveritySetting; options?: Record<string, unknown> };
  return { ...(object.severity ? { severity: object.severity } : {}), options: object.options ?? {} };
}

/** `--rule id=off|warn|error`, checked like config keys. */
export function parseRuleFlag(flag: string): { id: string; severity: SeveritySetting } {
  const match = /^([\w-]+)=(off|warn|error)$/.exec(flag.trim());
  if (!match) throw new UsageError(`--rule ${flag}: expected <rule-id>=off|warn|error, e.g. --rule sync-call-chain=error`);
  const id = match[1]!;
  if (!RULES.some((rule) => rule.meta.id === id)) {
    const hint = suggest(id, RULES.map((r) => r.meta.id));
    throw new UsageError(`--rule ${flag}: no rule named "${id}"${hint ? `; did you mean "${hint}"?` : ""} (rules: ${RULES.map((r) => r.meta.id).join(", ")})`);
  }
  return { id, severity: match[2] as SeveritySetting };
}

export interface EffectiveRule {
  id: string;
  severity: SeveritySetting;
  options: Record<string, unknown>;
}

/** Defaults, then the config, then --rule flags. */
export function effectiveRules(config: LintConfig, flags: { id: string; severity: SeveritySetting }[]): EffectiveRule[] {
  return RULES.map((rule) => {
    const configured = config.rules[rule.meta.id];
    const flag = [...flags].reverse().find((f) => f.id === rule.meta.id);
    return {
      id: rule.meta.id,
      severity: flag?.severity ?? configured?.severity ?? rule.meta.defaultSeverity,
      options: { ...(rule.meta.defaultOptions as Record<string, unknown>), ...(configured?.options ?? {}) },
    };
  });
}

export { formatPath };
