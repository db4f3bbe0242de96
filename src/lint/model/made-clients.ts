import type { CallClient, FileFacts, Value } from "../types.js";
import type { Ctx } from "./context.js";
import { resolveExport } from "./resolve.js";
import { filledIn } from "./filled-in.js";

/**
 * `const api = apiAdapter(BASE_URL)` at module level, then `api.get(path)` (HttpCallFact.made): the HTTP client the
 * function returns (`(baseURL) => axios.create({ baseURL })`, FileFacts.flowReturns), of this file or imported, with its
 * parameters filled in by what the call passes. Undefined when the constant holds no such client (the function returns
 * something else, or is not found): then the call is none.
 */
export function madeClient(ctx: Ctx, f: FileFacts, name: string): { client: CallClient; base?: Value; timeout?: true; file: string } | undefined {
  const made = f.moduleResults?.find((result) => result.name === name);
  if (!made) return undefined;
  let file = f.file;
  let fn = `fn:${made.callee}`;
  const binding = f.imports.find((i) => i.local === made.callee && i.imported !== "*");
  if (binding) {
    const target = ctx.resolver.resolve(f.file, binding.specifier);
    const exported = target ? resolveExport(ctx.facts, ctx.resolver, target, binding.imported) : undefined;
    if (!exported) return undefined;
    file = exported.file;
    fn = exported.id;
  }
  const returned = ctx.facts.get(file)?.flowReturns?.[fn];
  if (returned?.kind !== "http") return undefined;
  return { client: returned.client, ...(returned.base ? { base: filledIn(returned.base, fn, made.args) } : {}), ...(returned.timeout ? { timeout: true as const } : {}), file };
}
