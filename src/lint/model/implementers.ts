import type { FileFacts } from "../types.js";
import type { Ctx } from "./context.js";
import { inheritedMethod } from "./inheritance.js";

/**
 * The classes that implement an interface (`class Publisher implements IPublisher`), by where the interface is declared:
 * a member typed with the interface (`protected publisher: IPublisher`, handed a `new Publisher(...)` elsewhere) runs the
 * method of the one class of the scan that implements it. Built once per model, when first asked.
 */

type Index = Map<string, { file: string; className: string }[]>;

const cache = new WeakMap<Ctx, Index>();

function indexOf(ctx: Ctx): Index {
  let index = cache.get(ctx);
  if (index) return index;
  index = new Map();
  for (const f of ctx.facts.values()) {
    for (const [className, interfaces] of Object.entries(f.classImplements ?? {})) {
      for (const written of interfaces) {
        const file = "local" in written ? f.file : ctx.resolver.resolve(f.file, written.specifier);
        if (file === undefined) continue;
        const key = `${file}#${"local" in written ? written.local : written.name}`;
        const list = index.get(key) ?? [];
        list.push({ file: f.file, className });
        index.set(key, list);
      }
    }
  }
  cache.set(ctx, index);
  return index;
}

/**
 * `method` of the one class that implements the interface `name` declared in `file` and has (or inherits) that method:
 * its global function id. Undefined when no class, or more than one, does.
 */
export function implementerMethod(ctx: Ctx, file: string, name: string, method: string, hasFn: (target: FileFacts, id: string) => boolean): string | undefined {
  const found = new Set<string>();
  for (const implementer of indexOf(ctx).get(`${file}#${name}`) ?? []) {
    const facts = ctx.facts.get(implementer.file);
    if (!facts) continue;
    const id = hasFn(facts, `fn:${implementer.className}.${method}`) ? `${facts.file}#fn:${implementer.className}.${method}` : inheritedMethod(ctx.facts, ctx.resolver, facts.file, implementer.className, method, hasFn);
    if (id) found.add(id);
  }
  return found.size === 1 ? [...found][0] : undefined;
}
