import { ts } from "../ts.js";
import type { WriteFact } from "../types.js";

/**
 * Writes of the SQL query builders whose chains say what they do by their shape, whatever the receiver is named and
 * whether or not the file imports the library (a handler imports `db` from the module that opened it):
 * Drizzle's `db.insert(orders).values(row)`, `db.update(orders).set(changes)`, `db.delete(orders).where(…)`, and
 * Kysely's `db.insertInto("orders").values(row)`, `db.updateTable("orders").set(…)`, `db.deleteFrom("orders").where(…)`.
 * `call` is the outer call of the chain (`.values`, `.set`, `.where`); its receiver is the call that names the table.
 */
const DRIZZLE: Record<string, { opener: string; operation: string }> = {
  values: { opener: "insert", operation: "insert" },
  set: { opener: "update", operation: "update" },
  where: { opener: "delete", operation: "delete" },
};
const KYSELY: Record<string, { opener: string; operation: string }> = {
  values: { opener: "insertInto", operation: "insert" },
  set: { opener: "updateTable", operation: "update" },
  where: { opener: "deleteFrom", operation: "delete" },
};

/** The chain's continuations that a builder write goes through: `.values`, `.set`, `.where`. */
export const BUILDER_CONTINUATIONS = Object.keys(DRIZZLE);

export function builderWrite(call: ts.CallExpression, method: string, receiver: ts.Expression): Omit<WriteFact, "inFunction" | "location"> | undefined {
  if (!ts.isCallExpression(receiver) || receiver.arguments.length !== 1 || !ts.isPropertyAccessExpression(receiver.expression)) return undefined;
  if (call.arguments.length === 0) return undefined;
  const opener = receiver.expression.name.text;
  const table = receiver.arguments[0]!;
  const drizzle = DRIZZLE[method];
  if (drizzle && opener === drizzle.opener && !ts.isStringLiteralLike(table)) {
    // A table object (`orders`, `schema.orders`); `.set(key, value)` of a Map or `.values()` of anything else never
    // comes right after an `insert(x)`/`update(x)` call taking one non-string argument with an argument of its own.
    const target = ts.isIdentifier(table) ? table.text : ts.isPropertyAccessExpression(table) ? table.name.text : undefined;
    if (!target) return undefined;
    return { library: "drizzle", operation: drizzle.operation, target };
  }
  const kysely = KYSELY[method];
  if (kysely && opener === kysely.opener && ts.isStringLiteralLike(table)) return { library: "kysely", operation: kysely.operation, target: table.text.split(/\s+as\s+/i)[0]!.trim() };
  return undefined;
}
