import { ts } from "../ts.js";
import type { TopicMemberFact } from "../types.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { instanceClassName } from "./context.js";
import { classOfTypedParameter } from "./bound-objects.js";

type ClassRef = NonNullable<TopicMemberFact["base"]>;

/**
 * `new PlaceOrder(ledger, announcer)` where what is passed is known to be an instance of a class of the project: a
 * parameter typed with one (`useFactory: (ledger: SqlLedger, announcer: KafkaAnnouncer) => new PlaceOrder(ledger,
 * announcer)`, a NestJS provider made by hand), a `new SqlLedger()` written there, or a local made so. A use case
 * written against ports (`constructor(private readonly ledger: Ledger)`, an interface two adapters implement) then runs
 * the methods of the adapters it is handed (model/constructed-members.ts). Only `new` of a class this file declares or
 * imports by name, and only when one argument at least is known.
 */
export const constructedWith: Extractor = {
  family: "constructed-with",
  newExpression(node, ctx) {
    if (!node.arguments?.length || !ts.isIdentifier(node.expression)) return;
    const cls = classRef(node.expression.text, ctx);
    if (!cls) return;
    const args = node.arguments.map((arg) => argumentClass(arg, ctx) ?? null);
    if (args.every((arg) => arg === null)) return;
    (ctx.facts.constructions ??= []).push({ cls, args });
  },
};

function classRef(name: string, ctx: ExtractContext): ClassRef | undefined {
  const imported = ctx.imports.get(name);
  if (imported) return imported.imported === "*" || imported.imported === "default" ? undefined : { specifier: imported.specifier, name: imported.imported };
  return ctx.topLevelClass(name) ? { local: name } : undefined;
}

/** The class of the project an argument is an instance of, when the code says so where it is passed. */
function argumentClass(arg: ts.Expression, ctx: ExtractContext): ClassRef | undefined {
  const made = instanceClassName(arg);
  if (made) return classRef(made, ctx);
  if (!ts.isIdentifier(arg)) return undefined;
  const typed = classOfTypedParameter(arg.text, ctx);
  if (typed) return classRef(typed, ctx);
  const init = ctx.lookupLocal(arg.text)?.expr;
  const local = init && instanceClassName(init);
  return local ? classRef(local, ctx) : undefined;
}
