import { parse, protocol, type PGlite } from "@electric-sql/pglite";

/**
 * PGlite's query() parses, plans and describes its SQL on every call, in six
 * round trips through the WebAssembly PostgreSQL. This runs the same SQL as a
 * named prepared statement instead: prepared and described once, then one
 * round trip per call (Bind + Execute + Sync), which halves what a query costs
 * in `npm run dev` and the tests. Values are serialised and rows parsed exactly
 * as query() does, with PGlite's own serializers and parsers.
 *
 * Only for statements outside a transaction: it waits for a running
 * transaction to end (PGlite's runExclusive), so it never runs inside one.
 */


interface Prepared {
  name: string;
  /** Parameter type oids, as PostgreSQL inferred them. */
  paramTypes: number[];
  /** The columns of its rows (absent for a statement that returns none), so that no call has to ask again. */
  rowDescription?: BackendMessage;
}

type BackendMessage = Parameters<typeof parse.parseResults>[0][number];

export type PreparedQuery = <R>(sql: string, params: readonly unknown[]) => Promise<R[]>;

/**
 * `maxStatements`: beyond this many distinct SQL texts, new ones run through
 * query(), so SQL built at run time cannot fill the session with statements.
 */
export function preparedStatements(db: PGlite, { maxStatements = 200 } = {}): PreparedQuery {
  const statements = new Map<string, Prepared>();

  const prepare = async (sql: string): Promise<Prepared> => {
    const name = `stmt_${statements.size}`;
    const { messages } = await db.execProtocol(concat(protocol.serialize.parse({ name, text: sql }), protocol.serialize.describe({ type: "S", name }), protocol.serialize.sync()));
    const parameters = messages.find((message) => message.name === "parameterDescription") as { dataTypeIDs: number[] } | undefined;
    const rowDescription = messages.find((message) => message.name === "rowDescription");
    const prepared = { name, paramTypes: parameters?.dataTypeIDs ?? [], rowDescription };
    statements.set(sql, prepared);
    return prepared;
  };

  return async <R>(sql: string, params: readonly unknown[]) => {
    if (!statements.has(sql) && statements.size >= maxStatements) return (await db.query<R>(sql, [...params])).rows;
    return db.runExclusive(async () => {
      const statement = statements.get(sql) ?? (await prepare(sql));
      const values = params.map((value, index) => {
        if (value === null || value === undefined) return null;
        const serialize = db.serializers[statement.paramTypes[index] ?? 0];
        return serialize ? serialize(value) : String(value);
      });
      const { messages } = await db.execProtocol(concat(protocol.serialize.bind({ statement: statement.name, values }), EXECUTE_AND_SYNC));
      const described = statement.rowDescription ? [statement.rowDescription, ...messages] : messages;
      return (parse.parseResults(described, db.parsers)[0]?.rows ?? []) as R[];
    });
  };
}

const EXECUTE_AND_SYNC = concat(protocol.serialize.execute({}), protocol.serialize.sync());

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
