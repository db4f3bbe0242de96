import { CASE_CONVERSIONS } from "./case.js";
import { PORT_PLAN_MAX, PORT_PLAN_MIN, portFor } from "./port-plan.js";

/**
 * What a template.yaml default may compute from the service name: `{{name}}`,
 * a case conversion of it (`{{kebab name}}`), or its derived port
 * (`{{portFor name}}`): the helpers the template's files use under the same
 * names, so a default and a file that mentions another service agree.
 */
const DERIVATIONS: Readonly<Record<string, (name: string) => string>> = {
  ...CASE_CONVERSIONS,
  portFor: (name) => String(portFor(name)),
};

const PLACEHOLDER = /\{\{\s*(?:([a-zA-Z]+)\s+)?name\s*\}\}/g;

/** Fills the name placeholders of a default; any other `{{...}}` is left as it is. */
export function fillNamePlaceholders(text: string, serviceName: string): string {
  return text.replace(PLACEHOLDER, (whole, helper: string | undefined) => {
    if (helper === undefined) return serviceName;
    return Object.hasOwn(DERIVATIONS, helper) ? DERIVATIONS[helper]!(serviceName) : whole;
  });
}

/** The same default as help shows it, before there is a name: `The <name> service`, `derived from <name>, 20000-25999`. */
export function describeNamePlaceholders(text: string): string {
  return text.replace(PLACEHOLDER, (whole, helper: string | undefined) => {
    if (helper === "portFor") return `derived from <name>, ${PORT_PLAN_MIN}-${PORT_PLAN_MAX}`;
    return helper === undefined || Object.hasOwn(DERIVATIONS, helper) ? "<name>" : whole;
  });
}

export const hasPlaceholder = (text: string): boolean => text.includes("{{");
