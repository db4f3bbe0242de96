import type { CallClient, Value } from "../types.js";
import type { Ctx } from "./context.js";

/** The one instance of a client a service makes, when it makes exactly one: its URL, where it is made, and its timeout. */
export interface MadeClient {
  base: Value;
  file: string;
  timeout?: true;
}

const cache = new WeakMap<Ctx, Map<string, MadeClient | "several" | "none">>();

/**
 * A call through a client a class is handed and keeps, typed with its library's class (`private gql: GraphQLClient`,
 * HttpCallFact.typedClient): the class does not say which instance it gets, but a service usually makes one
 * (`new GraphQLClient(config.inventoryUrl)` in its entry) and hands it down. With exactly one such instance made in
 * the service's files, that is the one; with several, or none, the call's URL stays unknown ("several" or "none").
 */
export function madeClientOf(ctx: Ctx, service: string, client: CallClient): MadeClient | "several" | "none" {
  let byKey = cache.get(ctx);
  if (!byKey) cache.set(ctx, (byKey = new Map()));
  const key = `${service}\u0000${client}`;
  const known = byKey.get(key);
  if (known) return known;
  const found = new Map<string, MadeClient>();
  for (const f of ctx.facts.values()) {
    if ((ctx.fileService[f.file] ?? "") !== service) continue;
    for (const made of Object.values(f.clients)) {
      if (made.client !== client || !made.base) continue;
      const id = JSON.stringify(made.base.parts);
      if (!found.has(id)) found.set(id, { base: made.base, file: f.file, ...(made.timeout ? { timeout: true as const } : {}) });
    }
  }
  const result = found.size === 1 ? [...found.values()][0]! : found.size ? "several" : "none";
  byKey.set(key, result);
  return result;
}
