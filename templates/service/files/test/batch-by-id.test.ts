import { describe, expect, it } from "vitest";
import { batchById } from "../src/db/batch-by-id.ts";

interface Item {
  id: string;
  value: number;
}

/** A fetchMany over a fixed table that records every batch it was asked for. */
function table(rows: Item[]) {
  const batches: string[][] = [];
  const fetchMany = async (ids: string[]) => {
    batches.push(ids);
    return rows.filter((row) => ids.includes(row.id)).reverse(); // any order
  };
  return { batches, fetchMany };
}

describe("batchById", () => {
  it("answers concurrent reads with one query and gives each caller its own row", async () => {
    const { batches, fetchMany } = table([
      { id: "a", value: 1 },
      { id: "b", value: 2 },
    ]);
    const read = batchById(fetchMany);
    const results = await Promise.all([read("a"), read("b"), read("missing")]);
    expect(results).toEqual([{ id: "a", value: 1 }, { id: "b", value: 2 }, undefined]);
    expect(batches).toEqual([["a", "b", "missing"]]);
  });

  it("asks for an id once per batch however many callers want it", async () => {
    const { batches, fetchMany } = table([{ id: "a", value: 1 }]);
    const read = batchById(fetchMany);
    const results = await Promise.all(Array.from({ length: 5 }, () => read("a")));
    expect(results.every((row) => row?.value === 1)).toBe(true);
    expect(batches).toEqual([["a"]]);
  });

  it("keeps nothing between batches, so a later read sees later data", async () => {
    const rows: Item[] = [{ id: "a", value: 1 }];
    const { batches, fetchMany } = table(rows);
    const read = batchById(fetchMany);
    expect(await read("a")).toEqual({ id: "a", value: 1 });
    rows[0] = { id: "a", value: 2 };
    expect(await read("a")).toEqual({ id: "a", value: 2 });
    expect(batches).toHaveLength(2);
  });

  it("splits a large burst into batches of at most maxBatchSize", async () => {
    const { batches, fetchMany } = table([]);
    const read = batchById(fetchMany, { maxBatchSize: 3 });
    await Promise.all(["1", "2", "3", "4", "5"].map(read));
    expect(batches.map((batch) => batch.length)).toEqual([3, 2]);
  });

  it("fails every caller of a batch whose query fails, and recovers for the next", async () => {
    let fail = true;
    const read = batchById(async (ids) => {
      if (fail) throw new Error("connection lost");
      return ids.map((id) => ({ id, value: 0 }));
    });
    const settled = await Promise.allSettled([read("a"), read("b")]);
    expect(settled.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await read("a")).toEqual({ id: "a", value: 0 });
  });
});
