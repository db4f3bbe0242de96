import type { MiddlewareStep } from "../types.js";
import type { Ctx } from "./context.js";
import { resolveExport } from "./resolve.js";

/**
 * A route's middleware step that names no function but a router another module exports (`import gate from "./gate"`,
 * then `router.put("/", gate, handler)`): the functions that router `use`s for every request (FileFacts.routerUses),
 * in the order it runs them, as `{ file, step }` for the caller to resolve like any step of that file. Empty when the
 * name is no such router (a package's middleware, a function the model could not find).
 */
export function routerUseSteps(ctx: Ctx, file: string, ref: { object?: string; name: string }): { file: string; step: MiddlewareStep }[] {
  if (ref.object) return [];
  const f = ctx.facts.get(file);
  const imported = f?.imports.find((i) => i.local === ref.name);
  const target = imported ? ctx.resolver.resolve(file, imported.specifier) : f?.routerUses?.[`var:${ref.name}`] ? file : undefined;
  if (!target) return [];
  const found = imported ? resolveExport(ctx.facts, ctx.resolver, target, imported.imported) : { file, id: `var:${ref.name}` };
  const steps = found ? ctx.facts.get(found.file)?.routerUses?.[found.id] : undefined;
  return steps ? steps.map((step) => ({ file: found!.file, step })) : [];
}

/** The functions of routerUseSteps, each resolved by `resolve` in its own file (call-graph.ts's resolveRef). */
export function routerUseTargets(ctx: Ctx, file: string, ref: { object?: string; name: string }, resolve: (file: string, ref: { object?: string; name: string }) => string | undefined): string[] {
  const out: string[] = [];
  for (const used of routerUseSteps(ctx, file, ref)) {
    const to = used.step.handler ? `${used.file}#${used.step.handler}` : used.step.handlerRef ? resolve(used.file, used.step.handlerRef) : undefined;
    if (to) out.push(to);
  }
  return out;
}
