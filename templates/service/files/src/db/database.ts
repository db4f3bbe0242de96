import { mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { SERVICE_NAME } from "../service.ts";

/**
 * The one query interface of the service. Production talks to PostgreSQL
 * through a `pg` pool; without DATABASE_URL the same SQL runs on PGlite
 * (PostgreSQL compiled to WebAssembly) on disk for `npm run dev` or in memory
 * for tests. Every query is parameterised: values go in `params`, never into
 * the SQL text.
 */

export type Row = Record<string, unknown>;

export interface Queryable {
  /** Rows as the driver returns them; R describes them, it is not checked. */
  query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements (migrations). Takes no parameters, so never pass it user input. */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: "postgres" | "pglite";
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `work` on one connection while holding a session-level advisory lock,
   * so that only one replica at a time does it (migrations).
   */
  withAdvisoryLock<T>(lockName: string, work: (session: Queryable & Pick<Database, "transaction">) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string | undefined;
  poolMax: number;
  /** A folder, or memory:// to keep nothing. */
  pgliteDataDir: string;
  onPoolError?: (error: Error) => void;
}

const commitListeners = new Set<() => void>();

/**
 * Hears every transaction this process commits, right after COMMIT. The outbox
 * relay uses it to publish an event as soon as the row that holds it is
 * visible, instead of at its next poll. Returns the function that unsubscribes.
 */
export function onCommit(listener: () => void): () => void {
  commitListeners.add(listener);
  return () => commitListeners.delete(listener);
}

function notifyCommitted(): void {
  for (const listener of commitListeners) listener();
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolMax, options.onPoolError) : openPglite(options.pgliteDataDir);
}

/** Runs work between BEGIN and COMMIT on one connection; `onBroken` hears when even ROLLBACK failed. */
async function inTransaction<T>(session: Queryable, work: (tx: Queryable) => Promise<T>, onBroken?: () => void): Promise<T> {
  await session.exec("BEGIN");
  try {
    const result = await work(session);
    await session.exec("COMMIT");
    notifyCommitted();
    return result;
  } catch (error) {
    await session.exec("ROLLBACK").catch(() => onBroken?.());
    throw error;
  }
}

function openPostgres(url: string, max: number, onPoolError?: (error: Error) => void): Database {
  const pool = new pg.Pool({ connectionString: url, max, application_name: SERVICE_NAME, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its connection emits here; without a listener the process would crash.
  pool.on("error", (error) => onPoolError?.(error));
  const wrap = (client: pg.PoolClient | pg.Pool): Queryable => ({
    query: async <R extends object>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, [...params])).rows as R[],
    exec: async (sql: string) => {
      await client.query(sql);
    },
  });
  const withClient = async <T>(work: (client: pg.PoolClient, markBroken: () => void) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken = false;
    try {
      return await work(client, () => (broken = true));
    } finally {
      // A connection that could not even roll back is destroyed rather than returned to the pool.
      client.release(broken);
    }
  };
  return {
    kind: "postgres",
    ...wrap(pool),
    transaction: (work) => withClient((client, markBroken) => inTransaction(wrap(client), work, markBroken)),
    withAdvisoryLock: (lockName, work) =>
      withClient(async (client, markBroken) => {
        const session = wrap(client);
        await session.query("SELECT pg_advisory_lock(hashtext($1))", [lockName]);
        try {
          return await work({ ...session, transaction: (inner) => inTransaction(session, inner, markBroken) });
        } finally {
          await session.query("SELECT pg_advisory_unlock(hashtext($1))", [lockName]);
        }
      }),
    ping: async () => {
      await pool.query("SELECT 1");
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  // Loaded only when needed: production with DATABASE_URL never pays for the WebAssembly module.
  const { PGlite } = await import("@electric-sql/pglite");
  const inMemory = dataDir === "" || dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  return pgliteDatabase(await PGlite.create(inMemory ? undefined : dataDir));
}

/** The Database over a PGlite already open (the tests open theirs from a copy of a migrated database). */
export async function pgliteDatabase(db: PGlite): Promise<Database> {
  // Prepared statements (pglite-statements.ts) would otherwise be planned again on every call
  // whenever PostgreSQL's generic plan looks costlier on paper (as for `id = ANY($1)`), which
  // costs more than the query itself; on a development database one plan per statement is right.
  await db.exec("SET plan_cache_mode = force_generic_plan");
  type Pgq = Pick<typeof db, "query" | "exec">;
  const wrap = (q: Pgq): Queryable => ({
    query: async <R extends object>(sql: string, params: readonly unknown[] = []) => (await q.query<R>(sql, [...params])).rows,
    exec: async (sql: string) => {
      await q.exec(sql);
    },
  });
  const session = wrap(db);
  const { preparedStatements } = await import("./pglite-statements.ts");
  const prepared = preparedStatements(db);
  return {
    kind: "pglite",
    ...session,
    // Parameterised SQL is the service's own, repeated SQL; the rest (BEGIN, a ping) gains nothing from preparing.
    query: <R extends object>(sql: string, params: readonly unknown[] = []) => (params.length > 0 ? prepared<R>(sql, params) : session.query<R>(sql)),
    // PGlite is one connection: its transaction() queues every other query until it ends.
    transaction: async (work) => {
      const result = await db.transaction((tx) => work(wrap(tx)));
      notifyCommitted();
      return result;
    },
    withAdvisoryLock: async (lockName, work) => {
      await session.query("SELECT pg_advisory_lock(hashtext($1))", [lockName]);
      try {
        return await work({ ...session, transaction: (inner) => db.transaction((tx) => inner(wrap(tx))) });
      } finally {
        await session.query("SELECT pg_advisory_unlock(hashtext($1))", [lockName]);
      }
    },
    ping: async () => {
      await db.query("SELECT 1");
    },
    close: () => db.close(),
  };
}
