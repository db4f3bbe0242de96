import { ts } from "../../ts.js";
import type { Engine } from "../../types.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { connection, objectLiteralOf, push, unwrap } from "./connection.js";

/**
 * Prisma's driver adapters (Prisma 6's `driverAdapters`, the only way Prisma 7 connects): `new PrismaPg({ connectionString })`
 * handed to `new PrismaClient({ adapter })`. The schema's datasource then names no URL (Prisma 7) or one the client
 * never reads: the adapter's options are the connection. An adapter that wraps a pool the code opened itself
 * (`new PrismaPg(pool)`, `new PrismaNeon(neonPool)`) is that pool's datastore, which its own driver's extractor recorded.
 */

const ADAPTERS: Readonly<Record<string, Engine>> = {
  "@prisma/adapter-pg": "postgres",
  "@prisma/adapter-pg-worker": "postgres",
  "@prisma/adapter-neon": "postgres",
  "@prisma/adapter-mariadb": "mysql",
  "@prisma/adapter-planetscale": "mysql",
  "@prisma/adapter-mssql": "mssql",
  "@prisma/adapter-better-sqlite3": "sqlite",
  "@prisma/adapter-libsql": "sqlite",
};
const MODULES = Object.keys(ADAPTERS);

export const prismaAdapterDatastores: Extractor = {
  family: "datastores/prisma-adapters",
  modules: MODULES,
  newExpression(node, ctx) {
    if (!ctx.importsAny(MODULES)) return;
    const imported = ctx.importOf(node.expression);
    const engine = imported && Object.hasOwn(ADAPTERS, imported.specifier) ? ADAPTERS[imported.specifier]! : undefined;
    if (!engine) return;
    const first = node.arguments?.[0];
    if (!first || wrapsClient(first, ctx)) return;
    push(ctx, node, connection(engine, "prisma", first, ctx));
  },
};

/** The argument is a client or pool made by a call (`new Pool(…)`, `createPool(…)`, a local holding one), not options or a URL. */
function wrapsClient(arg: ts.Expression, ctx: ExtractContext): boolean {
  if (objectLiteralOf(arg, ctx)) return false;
  const written = unwrap(arg);
  if (ts.isNewExpression(written)) return true;
  if (!ts.isIdentifier(written)) return false;
  const init = ctx.lookupLocal(written.text)?.expr;
  if (!init) return false;
  const inner = unwrap(init);
  return ts.isNewExpression(inner) || (ts.isCallExpression(inner) && ctx.envName(inner) === undefined);
}
