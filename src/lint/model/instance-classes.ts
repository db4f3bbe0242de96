import type { FileFacts } from "../types.js";
import { ModuleResolver, resolveExport } from "./resolve.js";

/**
 * The class an instance made at a module's top level belongs to: `instance:Routes` of `export default new Routes()`, or
 * `const:routes` of `const routes = new Routes(controller)` (the export's id in `file`). The class is the one declared in
 * that file, or the one it imports; undefined when the id is no instance or the class cannot be found.
 */
export function classOfInstance(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, file: string, id: string): { file: string; className: string } | undefined {
  const fileFacts = facts.get(file);
  const className = id.startsWith("instance:") ? id.slice("instance:".length) : id.startsWith("const:") ? fileFacts?.instanceClasses?.[id.slice("const:".length)] : undefined;
  if (!className || !fileFacts) return undefined;
  const imported = fileFacts.imports.find((fact) => fact.local === className);
  if (!imported) return { file, className };
  const target = resolver.resolve(file, imported.specifier);
  const found = target ? resolveExport(facts, resolver, target, imported.imported) : undefined;
  return found?.id.startsWith("class:") ? { file: found.file, className: found.id.slice("class:".length) } : undefined;
}
