import type { CallClient, FileFacts, Value } from "../types.js";
import type { Ctx } from "./context.js";
import { calleeFunction } from "./resolve.js";
import { filledIn } from "./filled-in.js";

/**
 * `const api = apiAdapter(BASE_URL)` at module level, then `api.get(path)` (HttpCallFact.made): the HTTP client the
 * function returns (`(baseURL) => axios.create({ baseURL })`, FileFacts.flowReturns), of this file or imported, with its
 * parameters filled in by what the call passes. Undefined when the constant holds no such client (the function returns
 * something else, or is not found): then the call is none.
 */
export function madeClient(ctx: Ctx, f: FileFacts, name: string): { client: CallClient; base?: Value; timeout?: true; file: string } | undefined {
  const made = f.moduleResults?.find((result) => result.name === name) ?? f.memberResults?.find((result) => result.name === name && result.callee !== "");
  if (!made) return undefined;
  const found = calleeFunction(ctx.facts, ctx.resolver, f, made.callee, made.object);
  if (!found) return undefined;
  const { file, id: fn } = found;
  const returned = ctx.facts.get(file)?.flowReturns?.[fn];
  if (returned?.kind !== "http") return undefined;
  return { client: returned.client, ...(returned.base ? { base: filledIn(returned.base, fn, made.args) } : {}), ...(returned.timeout ? { timeout: true as const } : {}), file };
}
