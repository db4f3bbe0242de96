import { ts } from "../ts.js";
import type { WriteFact } from "../types.js";
import type { ExtractContext } from "./context.js";

/**
 * Writes through MikroORM, in a file that imports it (`@mikro-orm/core`, `@mikro-orm/postgresql`, `@mikro-orm/nestjs`…):
 * its unit of work changes rows when it is flushed (`em.flush()`, `em.persistAndFlush(order)`, `repo.removeAndFlush(x)`),
 * and the native and insert methods write at once (`em.nativeUpdate(Order, where, data)`, `repo.insert(row)`,
 * `em.upsert(Order, data)`). `persist(entity)` and `remove(entity)` only queue the entity for the next flush, yet they
 * are where the code says what it writes (`em.persist(new OutboxMessage(…))` beside the order it changes, flushed
 * together: an outbox row in the business write's transaction), so they count as writes of that entity too.
 *
 * MikroORM's names are common words (`flush` of a stream, `insert` of a list): only on a receiver named as MikroORM's
 * code names its entity manager or a repository (`em`, `this.em`, `entityManager`, `orm.em`, `this.orderRepository`).
 */
const MIKRO_ORM_MODULES = ["@mikro-orm", "mikro-orm"] as const;
/** Methods that write at once (or flush what was queued). */
const WRITES_NOW = new Set(["flush", "persistAndFlush", "removeAndFlush", "nativeInsert", "nativeUpdate", "nativeDelete", "insert", "insertMany", "upsert", "upsertMany"]);
/** Methods that queue an entity for the next flush. */
const QUEUES = new Set(["persist", "remove"]);
export const MIKRO_ORM_WRITES = [...WRITES_NOW, ...QUEUES];
/** `em`, `this.em`, `orm.em`, `entityManager`, `this.manager`, `repo`, `this.ordersRepository`. */
const RECEIVER = /^(em|orm|.*manager|repo|.*repository)$/i;

export function mikroOrmWrite(node: ts.CallExpression, method: string, receiver: ts.Expression, ctx: ExtractContext): Omit<WriteFact, "inFunction" | "location"> | undefined {
  if (!WRITES_NOW.has(method) && !QUEUES.has(method)) return undefined;
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
  if (!name || !RECEIVER.test(name) || !ctx.importsAny(MIKRO_ORM_MODULES)) return undefined;
  if (QUEUES.has(method) && node.arguments.length !== 1) return undefined;
  const target = entityOf(node.arguments[0], ctx) ?? (/repository$/i.test(name) || name === "repo" ? name : undefined);
  return { library: "mikro-orm", operation: method, ...(target ? { target } : {}) };
}

/**
 * The entity a call names: a class (`nativeUpdate(Order, …)`), one made in place (`persist(new Order(…))`) or held by a
 * local made so (`const row = new OutboxMessage(…); em.persist(row)`).
 */
function entityOf(arg: ts.Expression | undefined, ctx: ExtractContext): string | undefined {
  if (!arg) return undefined;
  let expr = arg;
  if (ts.isIdentifier(expr) && !/^[A-Z]/.test(expr.text)) {
    const held = ctx.lookupLocal(expr.text)?.expr;
    if (held) expr = held;
  }
  while (ts.isAwaitExpression(expr) || ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) expr = expr.expression;
  if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression)) return expr.expression.text;
  if (ts.isIdentifier(expr) && /^[A-Z]/.test(expr.text)) return expr.text;
  return undefined;
}
