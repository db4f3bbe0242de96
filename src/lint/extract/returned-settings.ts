import type { FileFacts, FlowArg } from "../types.js";

/**
 * `export const config = getConfig()` where `getConfig()` of the same module builds its settings from the environment
 * and returns them (`const cartUrl = process.env.CART_URL || "localhost:50003"; return { cartUrl, port }`): the
 * constant's fields are the returned object's, so `config.cartUrl` in another module reads as that env lookup with its
 * default, as it would for `export const config = { cartUrl: process.env.CART_URL || … }`. A field the code already
 * set on the constant keeps its value; a field whose value depends on the call's arguments is not read.
 */
export function recordReturnedSettings(facts: FileFacts): void {
  if (!facts.moduleResults || !facts.flowReturns) return;
  for (const made of facts.moduleResults) {
    if (made.object !== undefined || made.args.length) continue;
    const returned = facts.flowReturns[`fn:${made.callee}`];
    if (returned?.kind !== "object") continue;
    for (const [field, value] of Object.entries(returned.fields)) setField(facts, `${made.name}.${field}`, value);
  }
}

function setField(facts: FileFacts, key: string, value: FlowArg | null): void {
  if (value?.kind !== "value" || key in facts.constants) return;
  if (value.value.parts.some((part) => part.kind === "unknown" && part.param !== undefined)) return;
  if (value.value.parts.every((part) => part.kind === "unknown")) return;
  facts.constants[key] = value.value;
}
