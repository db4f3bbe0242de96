import { describe, expect, it } from "vitest";
import { stores } from "./datastores-helpers.js";

/** Prisma's driver adapters (extract/datastores/prisma-adapters.ts): the adapter's options are the connection. */
describe("[U] Prisma driver adapters", () => {
  it("PrismaPg given options or a URL opens PostgreSQL", () => {
    const code = `import { PrismaPg } from "@prisma/adapter-pg";\nimport { PrismaClient } from "./generated/prisma/client";\nconst adapter = new PrismaPg({ connectionString: process.env.LEDGER_DB });\nexport const db = new PrismaClient({ adapter });\n`;
    expect(stores(code)).toEqual(["postgres/prisma url=${LEDGER_DB} @3"]);
    expect(stores(`import { PrismaPg } from "@prisma/adapter-pg";\nexport const adapter = new PrismaPg(process.env.LEDGER_DB);\n`)).toEqual(["postgres/prisma url=${LEDGER_DB} @2"]);
  });

  it("each adapter package names its engine", () => {
    expect(stores(`import { PrismaMariaDb } from "@prisma/adapter-mariadb";\nexport const a = new PrismaMariaDb({ host: "shop-db", port: 3306, database: "shop" });\n`)).toEqual(["mysql/prisma host=shop-db port=3306 db=shop @2"]);
    expect(stores(`import { PrismaLibSQL } from "@prisma/adapter-libsql";\nexport const a = new PrismaLibSQL({ url: "file:./dev.db" });\n`)).toEqual(["sqlite/prisma url=file:./dev.db @2"]);
  });

  it("an adapter around a pool the code opened is that pool, not a second datastore", () => {
    const code = `import { Pool } from "pg";\nimport { PrismaPg } from "@prisma/adapter-pg";\nconst pool = new Pool({ connectionString: process.env.LEDGER_DB });\nexport const adapter = new PrismaPg(pool);\nexport const other = new PrismaPg(new Pool({ connectionString: process.env.LEDGER_DB }));\n`;
    expect(stores(code)).toEqual(["postgres/pg url=${LEDGER_DB} @3", "postgres/pg url=${LEDGER_DB} @5"]);
  });

  it("a class of that name from elsewhere opens nothing", () => {
    expect(stores(`import { PrismaPg } from "./fake-adapter";\nimport "@prisma/adapter-pg";\nexport const a = new PrismaPg({ connectionString: "postgres://x/y" });\n`)).toEqual([]);
  });
});
