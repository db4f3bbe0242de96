import type { FileFacts } from "../types.js";
import type { Ctx } from "./context.js";
import { inheritedMethod } from "./inheritance.js";
import { resolveExport } from "./resolve.js";

/**
 * The classes that implement an interface (`class Publisher implements IPublisher`), by where the interface is declared:
 * a member typed with the interface (`protected publisher: IPublisher`, handed a `new Publisher(...)` elsewhere) runs the
 * method of the one class of the scan that implements it. Built once per model, when first asked.
 *
 * An abstract class stands for an interface the same way (`export abstract class OrderRepository`, the port NestJS code
 * injects with `{ provide: OrderRepository, useClass: OrderRepositoryImpl }`): the classes that implement or extend it
 * are indexed under the file that declares it, which a barrel between them (`./interfaces`) does not change.
 */

type Index = Map<string, { file: string; className: string }[]>;

const cache = new WeakMap<Ctx, Index>();

function indexOf(ctx: Ctx): Index {
  let index = cache.get(ctx);
  if (index) return index;
  index = new Map();
  for (const f of ctx.facts.values()) {
    const add = (key: string, className: string) => {
      const list = index!.get(key) ?? [];
      if (!list.some((entry) => entry.file === f.file && entry.className === className)) list.push({ file: f.file, className });
      index!.set(key, list);
    };
    const written = Object.entries(f.classImplements ?? {}).flatMap(([className, interfaces]) => interfaces.map((w) => [className, w] as const));
    for (const [className, base] of Object.entries(f.classBases ?? {})) if (base) written.push([className, base]);
    for (const [className, w] of written) {
      const file = "local" in w ? f.file : ctx.resolver.resolve(f.file, w.specifier);
      if (file === undefined) continue;
      const name = "local" in w ? w.local : w.name;
      add(`${file}#${name}`, className);
      // Through a barrel: also under the file that declares the class (interfaces are no exports and stay as written).
      const declared = "local" in w ? undefined : resolveExport(ctx.facts, ctx.resolver, file, name);
      if (declared && declared.file !== file && declared.id.startsWith("class:")) add(`${declared.file}#${declared.id.slice("class:".length)}`, className);
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
