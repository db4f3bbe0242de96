import { TRACING_MODULE } from "../extract/tracing.js";
import type { Location, ModelTracer } from "../types.js";
import type { Ctx } from "./context.js";

/**
 * The tracing SDKs each service loads in its code (extract/tracing.ts): from its own files, and from a library's
 * files for every service that imports them (with the imports that lead there). A module imported only for its
 * side effect (`import "@acme/observability"`, `import "./tracing"`) is followed to the files it resolves to, as
 * such an import brings no name the import graph of the model follows.
 */
export function buildTracers(ctx: Ctx): ModelTracer[] {
  const tracers: ModelTracer[] = [];
  for (const f of ctx.facts.values()) {
    if (!f.tracing) continue;
    const owner = ctx.fileService[f.file];
    const users = owner !== undefined ? [{ service: owner, via: [] as Location[] }] : ctx.usersOf(f.file);
    for (const user of users) {
      for (const { module, line } of f.tracing) {
        tracers.push({ service: user.service, module, location: { file: f.file, line, column: 1 }, ...(user.via.length ? { via: user.via } : {}) });
        if (owner === undefined || TRACING_MODULE.test(module)) continue;
        const behind = tracerBehind(ctx, f.file, module, 0);
        if (behind) tracers.push({ service: owner, module: behind.module, location: behind.location, via: [{ file: f.file, line, column: 1 }, ...behind.via] });
      }
    }
  }
  return tracers;
}

/** A known tracer the module loads, at most three side-effect imports away. */
function tracerBehind(ctx: Ctx, file: string, module: string, depth: number): { module: string; location: Location; via: Location[] } | undefined {
  const target = ctx.resolver.resolve(file, module);
  const facts = target ? ctx.facts.get(target) : undefined;
  if (!facts?.tracing || depth > 2) return undefined;
  for (const { module: inner, line } of facts.tracing) {
    if (TRACING_MODULE.test(inner)) return { module: inner, location: { file: facts.file, line, column: 1 }, via: [] };
  }
  for (const { module: inner, line } of facts.tracing) {
    const found = tracerBehind(ctx, facts.file, inner, depth + 1);
    if (found) return { ...found, via: [{ file: facts.file, line, column: 1 }, ...found.via] };
  }
  return undefined;
}
