import { join } from "node:path";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";
import { maxServiceNameLength } from "../../src/scaffold/service-name.js";

/** The longest name the built-in template accepts ("orders-xxx…"): every identifier made from it must still work. */
export function longestServiceName(): string {
  const spec = loadTemplateSpec(join(import.meta.dirname, "../../templates/service"));
  return `orders-${"x".repeat(63)}`.slice(0, maxServiceNameLength(spec.serviceName));
}

/**
 * The option sets the built-in service template is checked with, from no
 * events at all to a service that publishes, consumes and calls others.
 * Flags are given as the CLI takes them (`--publishes a,b`).
 */
export interface OptionSet {
  label: string;
  name: string;
  flags: Record<string, string>;
  publishes: string[];
  consumes: string[];
  calls: string[];
  /** The version prefix of the business routes (--api-version). */
  apiVersion: string;
}

type Lists = Partial<Record<"publishes" | "consumes" | "calls", string[]>>;

const set = (label: string, name: string, lists: Lists, apiVersion?: string): OptionSet => {
  const flags: Record<string, string> = {};
  for (const [key, items] of Object.entries(lists)) flags[key] = items.join(",");
  if (apiVersion) flags.apiVersion = apiVersion;
  return { label, name, flags, publishes: lists.publishes ?? [], consumes: lists.consumes ?? [], calls: lists.calls ?? [], apiVersion: apiVersion ?? "v1" };
};

export const OPTION_SETS: OptionSet[] = [
  set("no events", "orders", {}),
  set("publishes only", "catalog", { publishes: ["catalog.item-added"] }),
  set("publishes and consumes, with the longest accepted name", longestServiceName(), { publishes: ["order.created", "order.cancelled"], consumes: ["inventory.reserved", "payment.failed"] }),
  set("calls other services", "checkout", { calls: ["inventory", "payment-gateway"], consumes: ["cart.checked-out"] }, "v2"),
];

const kebab = (key: string): string => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** The CLI arguments for a set: `--publishes a,b`, `--api-version v2` and so on. */
export const cliFlags = (options: OptionSet): string[] =>
  Object.entries(options.flags).flatMap(([key, value]) => [`--${kebab(key)}`, value]);
