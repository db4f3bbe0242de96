import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { pgliteDatabase } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";

/**
 * Runs once before the test files: migrates a new in-memory PGlite and saves it, so
 * that createTestDatabase() (test/helpers.ts) starts each test database as a copy of
 * it instead of creating and migrating a new one in every file.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** A file holding a migrated PGlite database (its data folder as a tarball). */
    migratedDatabase: string;
  }
}

let folder: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  folder = await mkdtemp(join(tmpdir(), "service-test-db-"));
  const pglite = await PGlite.create();
  try {
    await migrate(await pgliteDatabase(pglite));
    const file = join(folder, "migrated.tar");
    await writeFile(file, Buffer.from(await (await pglite.dumpDataDir("none")).arrayBuffer()));
    project.provide("migratedDatabase", file);
  } finally {
    await pglite.close();
  }
}

export async function teardown(): Promise<void> {
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
}
