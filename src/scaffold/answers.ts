import { UsageError } from "../shared/errors.js";
import type { OptionSpec, TemplateSpec } from "./template-spec.js";
import { flagName, parseOptionText, validateOptionValue, type Answers, type OptionValue } from "./option-values.js";
import { fillNamePlaceholders } from "./name-placeholders.js";

/**
 * Every option gets its value from one of three places, in this order: a flag
 * the user passed, an answer to a prompt (interactive mode only), or the
 * template's default. This is the only place that order is decided.
 */

/** Raw flag values as commander hands them over: text, or a boolean for boolean flags. */
export type GivenFlags = Record<string, string | boolean | undefined>;

/** Asks one question and returns a value that already passed validation. */
export type Ask = (option: OptionSpec, suggested: OptionValue | undefined) => Promise<OptionValue>;

export async function resolveAnswers(spec: TemplateSpec, serviceName: string, given: GivenFlags, ask?: Ask): Promise<Answers> {
  const answers: Answers = {};
  for (const option of spec.options) {
    const raw = given[option.key];
    if (raw !== undefined) {
      answers[option.key] = fromFlag(option, raw);
      continue;
    }
    const fallback = defaultValue(option, serviceName);
    if (ask && option.prompt) {
      answers[option.key] = await ask(option, fallback);
      continue;
    }
    if (fallback === undefined) {
      throw new UsageError(`missing ${flagName(option)}: this template needs it (${option.description}); pass ${flagName(option)} <value>`);
    }
    answers[option.key] = fallback;
  }
  return answers;
}

function fromFlag(option: OptionSpec, raw: string | boolean): OptionValue {
  if (typeof raw === "boolean") return raw;
  const parsed = parseOptionText(option, raw);
  if (!parsed.ok) throw new UsageError(`invalid ${flagName(option)} value: ${parsed.problem}`);
  return parsed.value;
}

/** The template's default with `{{name}}` (and `{{kebab name}}`, `{{portFor name}}`...) filled in; undefined when the option has none. */
export function defaultValue(option: OptionSpec, serviceName: string): OptionValue | undefined {
  if (option.default !== undefined) {
    const filled = typeof option.default === "string" ? fillNamePlaceholders(option.default, serviceName) : undefined;
    const value = filled === undefined
      ? (option.default as OptionValue)
      : option.type === "integer" && /^\d+$/.test(filled) ? Number(filled) : filled;
    const problem = validateOptionValue(option, value);
    if (problem) throw new UsageError(`template option ${option.key}: its default ${problem}; fix the template's template.yaml`);
    return value;
  }
  if (option.type === "boolean") return false;
  // A list that needs items has no empty default: without a flag it is asked for, or missing.
  if (option.type === "list") return option.minItems === undefined ? [] : undefined;
  return undefined;
}

/**
 * An upgrade keeps every recorded answer the new template still accepts; an
 * option that is new (or whose old answer it now refuses) is asked in a
 * terminal, else takes its default. Returns the answers and the keys not carried over.
 */
export async function carryAnswers(spec: TemplateSpec, serviceName: string, recorded: Answers, ask?: Ask): Promise<{ answers: Answers; fresh: string[] }> {
  const answers: Answers = {};
  const fresh: string[] = [];
  for (const option of spec.options) {
    const old = Object.hasOwn(recorded, option.key) ? recorded[option.key] : undefined;
    if (old !== undefined && validateOptionValue(option, old) === undefined) {
      answers[option.key] = old;
      continue;
    }
    fresh.push(option.key);
    const fallback = defaultValue(option, serviceName);
    if (ask && option.prompt) answers[option.key] = await ask(option, fallback);
    else if (fallback !== undefined) answers[option.key] = fallback;
    else throw new UsageError(`template option ${option.key} is new and has no default (${option.description}); run the upgrade in a terminal without --yes to answer it`);
  }
  return { answers, fresh };
}
