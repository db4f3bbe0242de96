import type { Ctx } from "./context.js";

/**
 * Whether a NestJS guard lets a route through before it does anything (its `canActivate` opens with
 * `if (isPublic) return true` for a route marked `@Public()`, or `if (!secured) return true` for one not marked
 * `@Authorization(true)`): then the guard's calls are not made for that route, and the route's function has no edge
 * to it. `guard` is the resolved function id (`file#fn:AuthGuard.canActivate`); `marks` what the route's decorators
 * mark it with (extract/nest-metadata.ts).
 */
export function guardLetsThrough(ctx: Ctx, guard: string, marks: readonly string[] | undefined): boolean {
  const hash = guard.indexOf("#");
  const gate = hash > 0 ? ctx.facts.get(guard.slice(0, hash))?.nest.guardGates?.[guard.slice(hash + 1)] : undefined;
  if (!gate) return false;
  const keys = new Set<string>();
  for (const mark of marks ?? []) {
    keys.add(mark);
    for (const key of decoratorKeys(ctx).get(mark) ?? []) keys.add(key);
  }
  const marked = gate.keys.some((key) => keys.has(key));
  return gate.skipWhenSet ? marked : !marked;
}

const byCtx = new WeakMap<Ctx, Map<string, string[]>>();

/** The project's metadata decorators by name (`Public` → its key's names), from every file, built once per model. */
function decoratorKeys(ctx: Ctx): Map<string, string[]> {
  let found = byCtx.get(ctx);
  if (found) return found;
  found = new Map();
  for (const f of ctx.facts.values()) {
    for (const [name, keys] of Object.entries(f.nest.metadataDecorators ?? {})) found.set(name, [...(found.get(name) ?? []), ...keys]);
  }
  byCtx.set(ctx, found);
  return found;
}
