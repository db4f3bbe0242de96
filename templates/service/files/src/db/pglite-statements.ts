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
 *
 * Each call also skips two costs of PGlite's generic path, each about a third
 * of what the WebAssembly PostgreSQL spends on a one-row read (6-7 µs against
 * 19 µs on 2 cores): its Bind serializer, replaced by bindExecuteSync below,
 * and its syncToFs, a lock round that does nothing for the file systems a Node
 * process uses (in memory, or the node file system, which writes through).
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
      const { messages } = await db.execProtocol(bindExecuteSync(statement.name, values), { syncToFs: false });
      const described = statement.rowDescription ? [statement.rowDescription, ...messages] : messages;
      return (parse.parseResults(described, db.parsers)[0]?.rows ?? []) as R[];
    });
  };
}

const EXECUTE_AND_SYNC = concat(protocol.serialize.execute({}), protocol.serialize.sync());
const utf8 = new TextEncoder();

/**
 * Bind (text parameters, text results, the unnamed portal), then Execute and Sync, as one
 * message of PostgreSQL's v3 protocol. Byte for byte what protocol.serialize.bind writes
 * for these values (test/pglite-statements.test.ts compares them), at a fraction of its cost.
 */
export function bindExecuteSync(statement: string, values: ReadonlyArray<string | null>): Uint8Array {
  const name = utf8.encode(statement);
  const encoded = values.map((value) => (value === null ? null : utf8.encode(value)));
  // Length field, portal "" and statement name (both NUL-terminated), then per value a format
  // code (0: text) and a length, and the counts before them.
  let length = 4 + 1 + name.length + 1 + 2 + 2 * encoded.length + 2 + 4 * encoded.length + 2;
  for (const value of encoded) length += value?.length ?? 0;
  const message = new Uint8Array(1 + length + EXECUTE_AND_SYNC.length);
  const view = new DataView(message.buffer);
  let at = 0;
  message[at++] = 0x42; // 'B'
  view.setInt32(at, length);
  at += 4;
  message[at++] = 0;
  message.set(name, at);
  at += name.length;
  message[at++] = 0;
  view.setInt16(at, encoded.length);
  at += 2 + 2 * encoded.length; // every format code 0 (text): the buffer is zeroed already
  view.setInt16(at, encoded.length);
  at += 2;
  for (const value of encoded) {
    view.setInt32(at, value === null ? -1 : value.length);
    at += 4;
    if (value) {
      message.set(value, at);
      at += value.length;
    }
  }
  view.setInt16(at, 0); // no result format codes: all text
  at += 2;
  message.set(EXECUTE_AND_SYNC, at);
  return message;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
