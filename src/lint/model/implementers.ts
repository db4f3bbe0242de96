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
      // Through a barrel: also under the file that declares the class.
      const declared = "local" in w ? undefined : resolveExport(ctx.facts, ctx.resolver, file, name);
      if (declared && declared.file !== file && declared.id.startsWith("class:")) add(`${declared.file}#${declared.id.slice("class:".length)}`, className);
      // An interface is no export the facts record, so the file declaring it is not known: also under each file the
      // barrel passes the name on from (`export * from "./ports/ledger.port"`), where the code beside that file imports
      // it (`import { Ledger } from "../ports/ledger.port"` in a use case of the library whose barrel the adapter imports).
      else if (!declared && !("local" in w)) for (const from of reexportingFiles(ctx, file, name)) add(`${from.file}#${from.name}`, className);
    }
  }
  cache.set(ctx, index);
  return index;
}

/**
 * The files a barrel passes `name` on from, through `export *` or `export { name }` (a few levels deep), with the name
 * each gives it: each may be the one that declares it. Empty for a file that re-exports nothing.
 */
function reexportingFiles(ctx: Ctx, file: string, name: string): { file: string; name: string }[] {
  const out: { file: string; name: string }[] = [];
  const seen = new Set<string>([file]);
  const visit = (at: string, wanted: string, depth: number) => {
    if (depth > 4) return;
    for (const reexport of ctx.facts.get(at)?.reexports ?? []) {
      if (reexport.name !== wanted && reexport.name !== "*") continue;
      const target = ctx.resolver.resolve(at, reexport.specifier);
      if (!target || seen.has(target)) continue;
      seen.add(target);
      const there = reexport.name === "*" ? wanted : reexport.imported;
      out.push({ file: target, name: there });
      visit(target, there, depth + 1);
    }
  };
  visit(file, name, 0);
  return out;
}

/**
 * `method` of the one class that implements the interface `name` declared in `file` and has (or inherits) that method:
 * its global function id. An implementer that is itself abstract for that method (`abstract class IClient extends
 * IClientStatic {}`, the method still without a body) stands for its own implementers, which are looked at in turn.
 * When several classes provide different methods, a NestJS provider that binds one of them to the interface or to an
 * abstract class on the way (`{ provide: IClient, useClass: NatsClient }`) picks it. Undefined when no class, or more
 * than one, does.
 */
export function implementerMethod(ctx: Ctx, file: string, name: string, method: string, hasFn: (target: FileFacts, id: string) => boolean): string | undefined {
  const { found, tokens } = implementations(ctx, file, name, method, hasFn);
  if (found.size === 1) return [...found.keys()][0];
  if (found.size < 2) return undefined;
  const bound = boundClasses(ctx, tokens);
  const picked = [...found].filter(([, classes]) => [...classes].some((c) => bound.has(c)));
  return picked.length === 1 ? picked[0]![0] : undefined;
}

/** `method` of every class that implements the interface `name` declared in `file` (a loop over a list of them runs each). */
export function implementerMethods(ctx: Ctx, file: string, name: string, method: string, hasFn: (target: FileFacts, id: string) => boolean): string[] {
  return [...implementations(ctx, file, name, method, hasFn).found.keys()];
}

/** The methods the implementers provide (each with the classes providing it), and the abstract classes passed on the way. */
function implementations(ctx: Ctx, file: string, name: string, method: string, hasFn: (target: FileFacts, id: string) => boolean): { found: Map<string, Set<string>>; tokens: Set<string> } {
  const found = new Map<string, Set<string>>();
  const tokens = new Set<string>();
  const visited = new Set<string>();
  const visit = (key: string, depth: number) => {
    if (visited.has(key) || depth > 3) return;
    visited.add(key);
    tokens.add(key);
    for (const implementer of indexOf(ctx).get(key) ?? []) {
      const facts = ctx.facts.get(implementer.file);
      if (!facts) continue;
      const own = `fn:${implementer.className}.${method}`;
      const id = hasFn(facts, own) ? `${facts.file}#${own}` : inheritedMethod(ctx.facts, ctx.resolver, facts.file, implementer.className, method, hasFn);
      const classKey = `${implementer.file}#${implementer.className}`;
      if (id && !isBodiless(ctx, id)) found.set(id, (found.get(id) ?? new Set()).add(classKey));
      else visit(classKey, depth + 1);
    }
  };
  visit(`${file}#${name}`, 0);
  return { found, tokens };
}

/** A method declared without a body (`abstract publish(event): void`): what runs is an implementer's. */
function isBodiless(ctx: Ctx, id: string): boolean {
  const hash = id.indexOf("#");
  const fnId = id.slice(hash + 1);
  const fns = ctx.facts.get(id.slice(0, hash))?.functions.filter((fn) => fn.id === fnId) ?? [];
  return fns.length > 0 && fns.every((fn) => fn.bodiless);
}

const bindingsCache = new WeakMap<Ctx, Map<string, Set<string>>>();

/** The classes NestJS providers bind to any of these tokens (`file#Class` keys, where each class is declared). */
function boundClasses(ctx: Ctx, tokens: ReadonlySet<string>): Set<string> {
  let byToken = bindingsCache.get(ctx);
  if (!byToken) {
    byToken = new Map();
    for (const f of ctx.facts.values()) {
      for (const { token, impl } of f.classBindings ?? []) {
        const tokenKey = declaredKey(ctx, f.file, token);
        const implKey = declaredKey(ctx, f.file, impl);
        if (tokenKey && implKey) byToken.set(tokenKey, (byToken.get(tokenKey) ?? new Set()).add(implKey));
      }
    }
    bindingsCache.set(ctx, byToken);
  }
  const out = new Set<string>();
  for (const token of tokens) for (const impl of byToken.get(token) ?? []) out.add(impl);
  return out;
}

/** `file#Class` where a class a file names (declared there, or imported, through barrels) is declared. */
function declaredKey(ctx: Ctx, file: string, ref: NonNullable<FileFacts["classBindings"]>[number]["token"]): string | undefined {
  if ("local" in ref) return `${file}#${ref.local}`;
  const target = ctx.resolver.resolve(file, ref.specifier);
  if (!target) return undefined;
  const declared = resolveExport(ctx.facts, ctx.resolver, target, ref.name);
  return declared?.id.startsWith("class:") ? `${declared.file}#${declared.id.slice("class:".length)}` : `${target}#${ref.name}`;
}
