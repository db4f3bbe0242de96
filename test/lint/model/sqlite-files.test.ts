import { describe, expect, it } from "vitest";
import { sqliteFile } from "../../../src/lint/model/datastore-identity.js";
import { lintTree, service } from "../helpers.js";

const shared = (tree: Parameters<typeof lintTree>[0]) => lintTree(tree).findings.filter((f) => f.ruleId === "shared-database").map((f) => f.data);

const prismaSqlite = (dir: string, url: string) =>
  service(dir, ["express", "@prisma/client"], {
    "prisma/schema.prisma": `datasource db {\n  provider = "sqlite"\n  url      = "${url}"\n}\n\nmodel Note {\n  id Int @id\n}\n`,
    "src/server.ts": `import express from "express";\nimport { PrismaClient } from "@prisma/client";\nconst db = new PrismaClient();\nconst app = express();\napp.get("/v1/notes", async (_req, res) => res.json(await db.note.findMany()));\napp.listen(3000);\n`,
  });

describe("[U] which file a SQLite connection opens", () => {
  it("a relative path is read from the folder given, an absolute one as written, memory per owner", () => {
    expect(sqliteFile("file:./dev.db", "services/notes/prisma", "notes")).toBe("services/notes/prisma/dev.db");
    expect(sqliteFile("sqlite:data/app.sqlite", "services/tags", "tags")).toBe("services/tags/data/app.sqlite");
    expect(sqliteFile("file:/var/lib/app.db?mode=ro", "services/tags", "tags")).toBe("/var/lib/app.db");
    expect(sqliteFile("sqlite::memory:", "services/tags", "tags")).toBe(":memory: of tags");
  });

  it("two services whose Prisma schemas each name file:./dev.db keep two files: nothing is shared", () => {
    expect(shared({ ...prismaSqlite("services/notes", "file:./dev.db"), ...prismaSqlite("services/tags", "file:./dev.db") })).toEqual([]);
  });

  it("two services naming one absolute file share it", () => {
    expect(shared({ ...prismaSqlite("services/notes", "file:/data/app.db"), ...prismaSqlite("services/tags", "file:/data/app.db") })).toEqual([
      { services: "notes,tags", datastore: "sqlite://file//data/app.db" },
    ]);
  });
});
