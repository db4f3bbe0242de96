import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite, protocol } from "@electric-sql/pglite";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bindExecuteSync, preparedStatements, type PreparedQuery } from "../src/db/pglite-statements.ts";
import { migratedSnapshot } from "./helpers.ts";

describe("PGlite prepared statements", () => {
  let db: PGlite;
  let prepared: PreparedQuery;

  // Each test gets a database of its own, a copy of this one (itself a copy of the migrated one):
  // a copy starts several times faster than a new database.
  let snapshot: File | Blob;
  beforeAll(async () => {
    const first = await PGlite.create({ loadDataDir: await migratedSnapshot() });
    await first.exec(
      "CREATE TABLE sample (id uuid PRIMARY KEY, label text, n int4, big int8, flag bool, tags text[], doc jsonb, at timestamptz NOT NULL DEFAULT now())",
    );
    snapshot = await first.dumpDataDir("none");
    await first.close();
  });

  beforeEach(async () => {
    db = await PGlite.create({ loadDataDir: snapshot });
    prepared = preparedStatements(db);
  });
  afterEach(() => db.close());

  const insert = "INSERT INTO sample (id, label, n, big, flag, tags, doc) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *";
  const row = ["01890000-0000-7000-8000-000000000001", "it's", 42, 9007199254740993n, true, ["a", "b,c"], { nested: [1, "two"] }];

  it("writes and reads every common type exactly as query() does", async () => {
    const written = await prepared(insert, row);
    const [viaQuery] = (await db.query("SELECT * FROM sample WHERE id = $1", [row[0]])).rows;
    const read = await prepared("SELECT * FROM sample WHERE id = $1", [row[0]]);
    expect(written).toEqual([viaQuery]);
    expect(read).toEqual([viaQuery]);
    expect(read[0]).toMatchObject({ label: "it's", n: 42, flag: true, tags: ["a", "b,c"], doc: { nested: [1, "two"] } });
  });

  it("passes null and arrays of uuids as parameters", async () => {
    await prepared(insert, ["01890000-0000-7000-8000-000000000002", null, null, null, null, null, null]);
    const rows = await prepared<{ label: string | null }>("SELECT label FROM sample WHERE id = ANY($1::uuid[])", [["01890000-0000-7000-8000-000000000002", "01890000-0000-7000-8000-000000000099"]]);
    expect(rows).toEqual([{ label: null }]);
  });

  it("fails a statement with PostgreSQL's error and goes on", async () => {
    await prepared(insert, row);
    await expect(prepared(insert, row)).rejects.toThrow(/duplicate key value violates unique constraint/);
    await expect(prepared("SELEC nonsense", [1])).rejects.toThrow(/syntax error/);
    await expect(prepared("SELEC nonsense", [1])).rejects.toThrow(/syntax error/);
    expect(await prepared("SELECT count(*)::int AS n FROM sample WHERE n = $1", [42])).toEqual([{ n: 1 }]);
  });

  it("never runs inside another caller's transaction", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.query(insert, row);
      await held;
      throw new Error("rolled back");
    });
    const counted = prepared<{ n: number }>("SELECT count(*)::int AS n FROM sample WHERE label = $1", ["it's"]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(transaction).rejects.toThrow("rolled back");
    // Had it run inside the transaction, it would have seen the uncommitted row.
    expect(await counted).toEqual([{ n: 0 }]);
  });

  it("writes the same Bind message as PGlite's own serializer", () => {
    const executeAndSync = [...protocol.serialize.execute({}), ...protocol.serialize.sync()];
    for (const values of [[], [null], ["", "it's", null, "ünïcødé ✓", "{01890000-0000-7000-8000-000000000001}"], ["x".repeat(70_000)]]) {
      const expected = [...protocol.serialize.bind({ statement: "stmt_3", values }), ...executeAndSync];
      expect([...bindExecuteSync("stmt_3", values)]).toEqual(expected);
    }
  });

  // Two starts of PGlite on disk: more room than the other tests need on a slow machine.
  it("keeps what it wrote in a database on disk across a restart", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "pglite-statements-"));
    try {
      const onDisk = await PGlite.create(dir, { loadDataDir: snapshot });
      await onDisk.exec("CREATE TABLE kept (id int PRIMARY KEY, label text)");
      await preparedStatements(onDisk)("INSERT INTO kept (id, label) VALUES ($1, $2)", [1, "still here"]);
      await onDisk.close();
      const reopened = await PGlite.create(dir);
      expect((await reopened.query("SELECT label FROM kept")).rows).toEqual([{ label: "still here" }]);
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("runs SQL beyond maxStatements through query(), with the same results", async () => {
    const few = preparedStatements(db, { maxStatements: 1 });
    await few(insert, row);
    expect(await few("SELECT label FROM sample WHERE id = $1", [row[0]])).toEqual([{ label: "it's" }]);
    const { rows } = await db.query<{ name: string }>("SELECT name FROM pg_prepared_statements");
    expect(rows).toHaveLength(1);
  });
});
