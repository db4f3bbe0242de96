/**
 * What a template.yaml option declares, as types: template-spec.ts parses
 * these, option-values.ts checks values against them, and neither imports the
 * other for it.
 */

export const OPTION_TYPES = ["string", "integer", "boolean", "choice", "list"] as const;
export type OptionType = (typeof OPTION_TYPES)[number];

export interface OptionBase {
  /** camelCase key used in templates; the flag is its kebab-case form. */
  key: string;
  description: string;
  /** Question asked in interactive mode; options without one are never asked. */
  prompt?: string;
  /**
   * Value with `--yes` or when not asked. A string or integer default may be
   * computed from the name: `{{name}}`, `{{kebab name}}`, `{{portFor name}}`.
   */
  default?: unknown;
}
export interface StringOption extends OptionBase {
  type: "string";
  default?: string;
  pattern?: string;
  patternHint?: string;
  maxLength?: number;
}
export interface IntegerOption extends OptionBase {
  type: "integer";
  /** A number, or text such as `{{portFor name}}` that gives one for every name. */
  default?: number | string;
  min?: number;
  max?: number;
}
export interface BooleanOption extends OptionBase {
  type: "boolean";
  default?: boolean;
}
export interface ChoiceOption extends OptionBase {
  type: "choice";
  choices: string[];
  default?: string;
}
export interface ListOption extends OptionBase {
  type: "list";
  default?: string[];
  itemPattern?: string;
  itemHint?: string;
  /** The longest item accepted, in characters (e.g. Kafka's 249 for a topic). */
  itemMaxLength?: number;
  /** The fewest items accepted (a gateway routes to at least one service); without a default, the flag is then required. */
  minItems?: number;
}
export type OptionSpec = StringOption | IntegerOption | BooleanOption | ChoiceOption | ListOption;
