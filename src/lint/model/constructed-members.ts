import type { FileFacts } from "../types.js";
import type { Ctx } from "./context.js";
import { resolveExport } from "./resolve.js";

/**
 * What a member written against a port holds, told by the code that makes the class: `constructor(private readonly
 * ledger: Ledger)` in a use case, made by `new PlaceOrder(ledger, announcer)` where `ledger` is typed `SqlLedger` (a
 * NestJS `useFactory` written by hand, a composition root) or is a `new SqlLedger()`. When every such `new` of the
 * class in the scan passes the same class at the member's place, that class is what the member holds, however many
 * classes implement the port (an in-memory adapter beside the database's). Built once per model, when first asked.
 */

type ClassKey = string;
type Ref = NonNullable<FileFacts["constructions"]>[number]["cls"];

const cache = new WeakMap<Ctx, Map<ClassKey, (ClassKey | null)[][]>>();

/** `file#Class` where the class a file names (declared there, imported, through barrels) is declared. */
function declaredKey(ctx: Ctx, file: string, ref: Ref): ClassKey | undefined {
  if ("local" in ref) return `${file}#${ref.local}`;
  const target = ctx.resolver.resolve(file, ref.specifier);
  const declared = target ? resolveExport(ctx.facts, ctx.resolver, target, ref.name) : undefined;
  return declared?.id.startsWith("class:") ? `${declared.file}#${declared.id.slice("class:".length)}` : undefined;
}

function indexOf(ctx: Ctx): Map<ClassKey, (ClassKey | null)[][]> {
  let index = cache.get(ctx);
  if (index) return index;
  index = new Map();
  for (const f of ctx.facts.values()) {
    for (const made of f.constructions ?? []) {
      const cls = declaredKey(ctx, f.file, made.cls);
      if (!cls) continue;
      const args = made.args.map((arg) => (arg ? (declaredKey(ctx, f.file, arg) ?? null) : null));
      index.set(cls, [...(index.get(cls) ?? []), args]);
    }
  }
  cache.set(ctx, index);
  return index;
}

/**
 * The class `member` of `className` (declared in `file`) holds by what every `new` of the class passes at its place:
 * undefined when the class is made nowhere with a known argument there, or made with different ones (or an unknown one).
 */
export function constructedMemberClass(ctx: Ctx, file: string, className: string, member: string): { file: string; className: string } | undefined {
  const position = ctx.facts.get(file)?.constructorMembers?.[className]?.indexOf(member) ?? -1;
  if (position < 0) return undefined;
  const made = indexOf(ctx).get(`${file}#${className}`);
  if (!made?.length) return undefined;
  const passed = new Set(made.map((args) => args[position] ?? null));
  const only = passed.size === 1 ? [...passed][0] : undefined;
  if (!only) return undefined;
  const hash = only.lastIndexOf("#");
  return { file: only.slice(0, hash), className: only.slice(hash + 1) };
}
