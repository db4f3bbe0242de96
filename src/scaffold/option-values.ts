import type { OptionSpec } from "./option-spec.js";
import { CASE_CONVERSIONS, kebabCase } from "./case.js";

/**
 * Turning raw text (a flag or a typed answer) into a checked option value.
 * Flags and prompts share these functions, so both say the same thing about
 * the same mistake.
 */

export type OptionValue = string | number | boolean | string[];
export type Answers = Record<string, OptionValue>;

export type Parsed = { ok: true; value: OptionValue } | { ok: false; problem: string };

export const flagName = (option: OptionSpec): string => `--${kebabCase(option.key)}`;

/** Parses what a user typed for an option; `problem` completes "invalid <flag> value: ...". */
export function parseOptionText(option: OptionSpec, text: string): Parsed {
  switch (option.type) {
    case "integer": {
      const trimmed = text.trim();
      if (!/^[+-]?\d+$/.test(trimmed)) return { ok: false, problem: `"${text}" is not a whole number` };
      const value = Number.parseInt(trimmed, 10);
      // Past 2^53 parseInt rounds, so the value written would not be the one typed.
      if (!Number.isSafeInteger(value)) return { ok: false, problem: `"${text}" is too large` };
      return checked(option, value);
    }
    case "boolean": {
      const normalized = text.trim().toLowerCase();
      if (["true", "yes", "y", "1"].includes(normalized)) return { ok: true, value: true };
      if (["false", "no", "n", "0"].includes(normalized)) return { ok: true, value: false };
      return { ok: false, problem: `"${text}" is not true or false` };
    }
    case "list":
      return checked(option, splitList(text));
    default:
      return checked(option, text);
  }
}

export function splitList(text: string): string[] {
  const items = text.split(",").map((item) => item.trim()).filter((item) => item !== "");
  return [...new Set(items)];
}

function checked(option: OptionSpec, value: OptionValue): Parsed {
  const problem = validateOptionValue(option, value);
  return problem ? { ok: false, problem } : { ok: true, value };
}

/** Returns what is wrong with a value, or undefined when it is fine. */
export function validateOptionValue(option: OptionSpec, value: OptionValue): string | undefined {
  switch (option.type) {
    case "string": {
      if (typeof value !== "string") return "must be text";
      if (/[\r\n\u0000]/.test(value)) return "must be a single line";
      if (option.maxLength !== undefined && value.length > option.maxLength) {
        return `is ${value.length} characters long; at most ${option.maxLength} are allowed`;
      }
      if (option.pattern && !new RegExp(option.pattern, "u").test(value)) {
        return `${JSON.stringify(value)} ${option.patternHint ?? `does not match /${option.pattern}/`}`;
      }
      return undefined;
    }
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) return "must be a whole number";
      const range = rangeText(option.min, option.max);
      if ((option.min !== undefined && value < option.min) || (option.max !== undefined && value > option.max)) {
        return `${value} is out of range; use ${range}`;
      }
      return undefined;
    }
    case "boolean":
      return typeof value === "boolean" ? undefined : "must be true or false";
    case "choice":
      return typeof value === "string" && option.choices.includes(value)
        ? undefined
        : `${JSON.stringify(value)} is not one of ${option.choices.join(", ")}`;
    case "list": {
      if (!Array.isArray(value)) return "must be a comma-separated list";
      if (option.minItems !== undefined && value.length < option.minItems) {
        return `needs at least ${option.minItems} item${option.minItems === 1 ? "" : "s"}, comma-separated`;
      }
      const max = option.itemMaxLength;
      const long = max === undefined ? undefined : value.find((item) => item.length > max);
      if (long !== undefined) {
        return `${quoteShort(long)} is ${long.length} characters long; ${option.itemHint ? `it ${option.itemHint}` : `at most ${max} are allowed`}`;
      }
      if (option.itemPattern) {
        const pattern = new RegExp(option.itemPattern, "u");
        const bad = value.find((item) => !pattern.test(item));
        if (bad !== undefined) return `${quoteShort(bad)} ${option.itemHint ?? `does not match /${option.itemPattern}/`}`;
      }
      return nameClash(value);
    }
  }
}

/**
 * Templates name files and identifiers after each item of a list (a handler
 * file per topic, a client class per service), through the case helpers. Two
 * items that one of them maps to the same name (order.created and
 * order-created both give order-created) would overwrite each other or not
 * compile, so they are refused here, as the user's clash, naming both.
 */
function nameClash(items: string[]): string | undefined {
  const seen = new Map<string, string>();
  for (const item of items) {
    const names = new Set([item, ...Object.values(CASE_CONVERSIONS).map((convert) => convert(item))]);
    for (const name of names) {
      const earlier = seen.get(name);
      if (earlier !== undefined && earlier !== item) {
        return `${quoteShort(earlier)} and ${quoteShort(item)} clash: both give ${JSON.stringify(name)} in the file and code names made from them; keep only one of them`;
      }
      seen.set(name, item);
    }
  }
  return undefined;
}

/** A value quoted for a one-line message: long ones are cut, since the line also says what is wrong. */
function quoteShort(value: string): string {
  return value.length > 40 ? `${JSON.stringify(value.slice(0, 20)).slice(0, -1)}…"` : JSON.stringify(value);
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min}-${max}`;
  if (min !== undefined) return `${min} or more`;
  if (max !== undefined) return `${max} or less`;
  return "any whole number";
}

/** How a value is shown back to the user (defaults in help and prompts, dry-run summaries). */
export function formatOptionValue(value: OptionValue): string {
  return Array.isArray(value) ? value.join(",") : String(value);
}
