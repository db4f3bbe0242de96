import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/** The SQL drivers' own classes (extract/datastores/sql.ts), each as its package exports it. */
const stores = (code: string) => facts(code).datastores.map((d) => `${d.engine}/${d.library}${d.url ? ` url ${d.url.parts.map((p) => (p.kind === "env" ? `$${p.name}` : p.kind === "text" ? p.text : "?")).join("")}` : ""}${d.host ? " host" : ""}`);

describe("[U] SQL drivers' pools and clients", () => {
  it("pg-pool's default export is a pg pool", () => {
    expect(stores(`import Pool from "pg-pool";\nexport const pool = new Pool({ connectionString: process.env.LEDGER_DB });\n`)).toEqual(["postgres/pg url $LEDGER_DB"]);
  });

  it("Neon's serverless driver: its Pool and Client, named or through the namespace", () => {
    expect(stores(`import { Pool } from "@neondatabase/serverless";\nexport const pool = new Pool({ connectionString: process.env.NEON_URL });\n`)).toEqual(["postgres/neon url $NEON_URL"]);
    expect(stores(`import { Client } from "@neondatabase/serverless";\nexport const client = new Client(process.env.NEON_URL);\n`)).toEqual(["postgres/neon url $NEON_URL"]);
    expect(stores(`import * as neon from "@neondatabase/serverless";\nexport const client = new neon.Client(process.env.NEON_URL);\n`)).toEqual(["postgres/neon url $NEON_URL"]);
  });

  it("mssql's ConnectionPool", () => {
    expect(stores(`import sql from "mssql";\nexport const pool = new sql.ConnectionPool(process.env.MSSQL_URL);\n`)).toEqual(["mssql/mssql url $MSSQL_URL"]);
  });

  it("a class of the same name from another package opens nothing", () => {
    expect(stores(`import { Pool } from "generic-pool";\nimport { Client } from "undici";\nimport { ConnectionPool } from "./pool";\nimport pg from "pg";\nnew Pool({ max: 2 });\nnew Client("http://x");\nnew ConnectionPool({});\n`)).toEqual([]);
  });

  it("@vercel/postgres's createPool and createClient", () => {
    expect(stores(`import { createPool } from "@vercel/postgres";\nexport const pool = createPool({ connectionString: process.env.POSTGRES_URL });\n`)).toEqual(["postgres/@vercel/postgres url $POSTGRES_URL"]);
    expect(stores(`import { createClient } from "@vercel/postgres";\nexport const client = createClient({ connectionString: process.env.POSTGRES_URL });\n`)).toEqual(["postgres/@vercel/postgres url $POSTGRES_URL"]);
    expect(stores(`import { createClient } from "@vercel/kv";\nimport "@vercel/postgres";\nexport const kv = createClient({ url: process.env.KV_URL });\n`)).toEqual([]);
  });

  it("knex by each name it exports", () => {
    for (const name of ["knex", "Knex"]) {
      expect(stores(`import { ${name} as make } from "knex";\nexport const db = make({ client: "pg", connection: process.env.LEDGER_DB });\n`)).toEqual(["postgres/knex url $LEDGER_DB"]);
    }
  });
});
