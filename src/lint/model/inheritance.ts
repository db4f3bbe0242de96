import type { FileFacts } from "../types.js";
import { ModuleResolver, resolveExport } from "./resolve.js";

/**
 * A method a class inherits: `this.save()` in `class OrderService extends BaseService`, found as `BaseService.save`
 * in the file that declares BaseService (the same module, another module of the project, a library's), up the
 * chain of bases (four levels). The global function id, or undefined when no base defines it.
 */
export function inheritedMethod(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, file: string, className: string, method: string, hasFn: (target: FileFacts, id: string) => boolean): string | undefined {
  let at: { file: string; className: string } | undefined = { file, className };
  for (let depth = 0; depth < 4 && at; depth++) {
    at = baseOf(facts, resolver, at.file, at.className);
    const target = at && facts.get(at.file);
    if (target && hasFn(target, `fn:${at!.className}.${method}`)) return `${target.file}#fn:${at!.className}.${method}`;
  }
  return undefined;
}

export function baseOf(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, file: string, className: string): { file: string; className: string } | undefined {
  const base = facts.get(file)?.classBases?.[className];
  if (!base) return undefined;
  if ("local" in base) return { file, className: base.local };
  const target = resolver.resolve(file, base.specifier);
  if (!target) return undefined;
  const exported = resolveExport(facts, resolver, target, base.name);
  if (!exported) return { file: target, className: base.name };
  return { file: exported.file, className: exported.id.startsWith("class:") ? exported.id.slice("class:".length) : base.name };
}
