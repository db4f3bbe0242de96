import DataLoader from "dataloader";

/**
 * Coalesces concurrent reads of single rows by id into one query per turn of
 * the event loop (the DataLoader pattern): under load, fifty requests for
 * fifty ids cost one `WHERE id = ANY($1)` instead of fifty round trips. That
 * matters most on PGlite, a single connection that runs one statement at a
 * time, and it spares a real server's pool too. Nothing is cached between
 * turns, so a read never returns older data than the query it joins.
 *
 * `fetchMany` gets the distinct ids of one batch and returns the rows that
 * exist, in any order; an id without a row resolves to undefined. Only for
 * reads outside a transaction: a transaction's reads must stay on its own
 * connection, in order.
 */
export function batchById<T extends { id: string }>(
  fetchMany: (ids: string[]) => Promise<T[]>,
  options: { maxBatchSize?: number } = {},
): (id: string) => Promise<T | undefined> {
  const loader = new DataLoader<string, T | undefined>(
    async (ids) => {
      const rows = await fetchMany([...new Set(ids)]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id));
    },
    {
      // A fresh batch every time: the loader lives as long as the process, and a cache would serve stale rows.
      cache: false,
      maxBatchSize: options.maxBatchSize ?? 100,
      // After the I/O callbacks of this turn, so that requests read from the sockets together share a batch
      // (DataLoader's default, the end of the current microtask queue, sees one request at a time).
      batchScheduleFn: (dispatch) => setImmediate(dispatch),
    },
  );
  return (id) => loader.load(id);
}
