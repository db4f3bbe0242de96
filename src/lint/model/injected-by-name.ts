import type { Ctx } from "./context.js";

/**
 * A dependency a class is handed in its constructor and keeps (`constructor(facadeService) { this.facadeService =
 * facadeService }`), in JavaScript with no type and no import to say what it is: the object is made elsewhere
 * (`new FacadeController(new FacadeService())` in app.js). A reader takes `this.facadeService.getBookById()` for the
 * method of the class named after the member, `FacadeService`, when the service has exactly one class of that name
 * with that method. Asked only after the file's imports said nothing (model/call-graph.ts), and only for members
 * named like an injected dependency.
 */

/** Members named like what a constructor is handed: a service, client, repository, gateway ... */
const INJECTED_MEMBER = /(service|client|api|gateway|repository|repo|store|manager|provider|adapter)$/i;

/** The class a member's name says, as the member is written (`facadeService`, `_ordersRepo`): case and a leading `_` aside. */
function classKey(name: string): string {
  return name.replace(/^_+/, "").toLowerCase();
}

type ClassIndex = Map<string, { file: string; className: string }[]>;

const indexCache = new WeakMap<Ctx, Map<string, ClassIndex>>();

/** The classes of a service (by classKey), from its files' methods `fn:Class.method`: built once per service, when first asked. */
function classesOf(ctx: Ctx, service: string): ClassIndex {
  let byService = indexCache.get(ctx);
  if (!byService) indexCache.set(ctx, (byService = new Map()));
  let index = byService.get(service);
  if (index) return index;
  index = new Map();
  for (const f of ctx.facts.values()) {
    if (ctx.fileService[f.file] !== service) continue;
    const seen = new Set<string>();
    for (const fn of f.functions) {
      const dot = fn.id.indexOf(".");
      if (!fn.id.startsWith("fn:") || dot < 0 || dot !== fn.id.lastIndexOf(".")) continue;
      const className = fn.id.slice(3, dot);
      if (seen.has(className) || !/^[A-Z]/.test(className)) continue;
      seen.add(className);
      const key = classKey(className);
      const list = index.get(key) ?? [];
      list.push({ file: f.file, className });
      index.set(key, list);
    }
  }
  byService.set(service, index);
  return index;
}

/** `this.facadeService.getBookById` seen in `file`: the one method of the service's class named after the member, else undefined. */
export function methodOfClassNamedLikeMember(ctx: Ctx, file: string, object: string, method: string): string | undefined {
  if (!object.startsWith("this.")) return undefined;
  const member = object.slice("this.".length);
  if (member.includes(".") || !INJECTED_MEMBER.test(member)) return undefined;
  const service = ctx.fileService[file];
  if (service === undefined) return undefined;
  const classes = classesOf(ctx, service);
  const hasMethod = (c: { file: string; className: string }) => ctx.facts.get(c.file)?.functions.some((fn) => fn.id === `fn:${c.className}.${method}`);
  let found = (classes.get(classKey(member)) ?? []).filter(hasMethod);
  // `this.service.find()` on `constructor(service)`, handed `new UserService()`: a member named only by its kind is the
  // one class of that kind (`…Service`) that has the method.
  // Not when the file imports a class of that kind: its import said what the member is, whether or not it resolved.
  const kind = classKey(member);
  if (!found.length && GENERIC_MEMBER.test(kind) && !ctx.facts.get(file)?.imports.some((imported) => classKey(imported.local).endsWith(kind))) {
    found = [...classes].filter(([key]) => key !== kind && key.endsWith(kind)).flatMap(([, list]) => list).filter(hasMethod);
  }
  return found.length === 1 ? `${found[0]!.file}#fn:${found[0]!.className}.${method}` : undefined;
}

/** A member named by its kind alone: `this.service`, `this._repository`, `this.client`. */
const GENERIC_MEMBER = /^(service|client|api|gateway|repository|repo|store|manager|provider|adapter)$/;
