import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, type Tree } from "../helpers.js";

/**
 * A NestJS monorepo whose Prisma schema sits at the repository's top (prisma/schema.prisma, where `prisma generate` runs),
 * its client made by a library's PrismaService that the apps import through the library's barrel. Written for acc13c.
 */
const SCHEMA = `generator client {\n  provider = "prisma-client-js"\n}\n\ndatasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel Member {\n  id Int @id\n}\n\nmodel Shelf {\n  id Int @id\n}\n`;

const app = (name: string, module: string): Tree => ({
  [`apps/${name}/src/main.ts`]: `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
  [`apps/${name}/src/app.module.ts`]: module,
});

const USES_DATABASE = `import { Module } from "@nestjs/common";\nimport { DatabaseModule } from "@lib/common";\n@Module({ imports: [DatabaseModule] })\nexport class AppModule {}\n`;
/** An app that takes only a value object from the library's barrel: the barrel's database module is not its. */
const USES_VALUE = `import { Module } from "@nestjs/common";\nimport { RequestId } from "@lib/common";\nexport const id = RequestId.of("x");\n@Module({})\nexport class AppModule {}\n`;

const library: Tree = {
  "libs/common/src/index.ts": `export * from "./database/database.module";\nexport * from "./database/prisma.service";\nexport * from "./values/request-id";\nexport * from "./events/joined.event";\n`,
  "libs/common/src/database/database.module.ts": `import { Module } from "@nestjs/common";\nimport { PrismaService } from "./prisma.service";\n@Module({ providers: [PrismaService], exports: [PrismaService] })\nexport class DatabaseModule {}\n`,
  "libs/common/src/database/prisma.service.ts": `import { Injectable, OnModuleInit } from "@nestjs/common";\nimport { PrismaClient } from "@prisma/client";\n@Injectable()\nexport class PrismaService extends PrismaClient implements OnModuleInit {\n  async onModuleInit() {\n    await this.$connect();\n  }\n}\n`,
  "libs/common/src/values/request-id.ts": `export class RequestId {\n  static of(value: string) {\n    return new RequestId(value);\n  }\n  constructor(readonly value: string) {}\n}\n`,
  // A file of the library that imports the barrel for one name: it does not bring the whole barrel to whoever uses it.
  "libs/common/src/events/joined.event.ts": `import { RequestId } from "@lib/common";\nexport class JoinedEvent {\n  constructor(readonly requestId: RequestId) {}\n}\n`,
};

const monorepo = (apps: Record<string, string>, extra: Tree = {}): Tree => ({
  "package.json": { name: "library-hall", private: true, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@prisma/client": "*" } },
  "nest-cli.json": { monorepo: true, projects: Object.fromEntries([...Object.keys(apps).map((name) => [name, { type: "application", root: `apps/${name}`, sourceRoot: `apps/${name}/src` }]), ["common", { type: "library", root: "libs/common", sourceRoot: "libs/common/src" }]]) },
  "tsconfig.json": { compilerOptions: { paths: { "@lib/common": ["libs/common/src"] } } },
  "prisma/schema.prisma": SCHEMA,
  ...library,
  ...Object.assign({}, ...Object.entries(apps).map(([name, module]) => app(name, module))),
  ...extra,
});

describe("[U] a Prisma schema at the repository's top belongs to the services that make its client (acc13c)", () => {
  it("members and shelves make the client through the library; gate takes only a value object, and one library file importing the barrel for a name does not bring it the database module", () => {
    const { model, diagnostics } = lintTree(monorepo({ members: USES_DATABASE, shelves: USES_DATABASE, gate: `import { Module } from "@nestjs/common";\nimport { JoinedEvent } from "@lib/common";\nexport const e = new JoinedEvent({ value: "x" } as never);\n@Module({})\nexport class AppModule {}\n` }));
    expect(model.datastores.map((d) => [d.service, d.location.file, d.via?.at(-1)?.file])).toEqual([
      ["members", "prisma/schema.prisma", "libs/common/src/database/prisma.service.ts"],
      ["shelves", "prisma/schema.prisma", "libs/common/src/database/prisma.service.ts"],
    ]);
    // Found through the services: the library itself is not said to open nothing.
    expect(diagnostics.filter((d) => /\(a library\) imports @prisma\/client/.test(d.message))).toEqual([]);
  });

  it("a service with a schema of its own keeps it; the top one is for the others", () => {
    const { model } = lintTree(monorepo({ members: USES_DATABASE, shelves: USES_DATABASE }, { "apps/shelves/prisma/schema.prisma": SCHEMA.replace("DATABASE_URL", "SHELVES_DATABASE_URL") }));
    expect(model.datastores.map((d) => [d.service, d.location.file])).toEqual([
      ["shelves", "apps/shelves/prisma/schema.prisma"],
      ["members", "prisma/schema.prisma"],
    ]);
  });
});

ruleTester("shared-database", {
  valid: [
    {
      name: "one service makes the client of the top schema; the other takes only a value object from the same barrel",
      files: monorepo({ members: USES_DATABASE, gate: USES_VALUE }),
    },
    {
      name: "two services of one schema whose URLs resolve to two databases: compared by their addresses, not by the schema",
      files: monorepo({ members: USES_DATABASE, shelves: USES_DATABASE }, { "apps/members/.env": "DATABASE_URL=postgresql://pg:5432/members\n", "apps/shelves/.env": "DATABASE_URL=postgresql://pg:5432/shelves\n" }),
    },
  ],
  invalid: [
    {
      name: "two services connect through one Prisma schema whose URL no committed file sets: one migration history, one database",
      files: monorepo({ members: USES_DATABASE, shelves: USES_DATABASE, gate: USES_VALUE }),
      errors: [
        {
          messageId: "sharedSchema",
          file: "apps/shelves/src/app.module.ts",
          line: 2,
          data: { services: "members,shelves", datastore: "prisma/schema.prisma" },
          message: "members and shelves connect to the postgres database of one Prisma schema (prisma/schema.prisma:5): its one migration history makes one database for all of them, whatever DATABASE_URL holds",
        },
      ],
    },
    {
      name: "the URLs resolve to one database: the address says it, once",
      files: monorepo({ members: USES_DATABASE, shelves: USES_DATABASE }, { ".env": "DATABASE_URL=postgresql://pg:5432/hall\n" }),
      errors: [{ messageId: "sharedConnection", data: { services: "members,shelves", datastore: "postgres://pg:5432/hall" } }],
    },
  ],
});

describe("[U] a workspace's only Prisma schema kept in a library's folder makes every @prisma/client of it (acc21a)", () => {
  /** The schema moved into libs/models/src/prisma, generated from the root with `--schema`: no app is below its folder. */
  const inLibrary = (extra: Tree = {}): Tree => {
    const tree = monorepo({ members: USES_DATABASE, shelves: USES_DATABASE, gate: USES_VALUE }, extra);
    delete tree["prisma/schema.prisma"];
    tree["libs/models/src/prisma/schema.prisma"] = SCHEMA;
    (tree["package.json"] as { scripts?: Record<string, string> }).scripts = { migrate: "prisma migrate dev --schema ./libs/models/src/prisma/schema.prisma" };
    return tree;
  };

  it("members and shelves make the client through the common library: both use the schema; gate does not", () => {
    const { model, diagnostics } = lintTree(inLibrary());
    expect(model.datastores.map((d) => [d.service, d.location.file, d.via?.at(-1)?.file])).toEqual([
      ["members", "libs/models/src/prisma/schema.prisma", "libs/common/src/database/prisma.service.ts"],
      ["shelves", "libs/models/src/prisma/schema.prisma", "libs/common/src/database/prisma.service.ts"],
    ]);
    expect(diagnostics.filter((d) => d.message.includes("declares a Prisma datasource, but no service was found to use it"))).toEqual([]);
  });

  it("with a second schema that also generates into @prisma/client, which one a client is made from is not guessed", () => {
    const { model, diagnostics } = lintTree(inLibrary({ "tools/seed/prisma/schema.prisma": SCHEMA.replace("DATABASE_URL", "SEED_DATABASE_URL") }));
    expect(model.datastores).toEqual([]);
    expect(diagnostics.filter((d) => d.message.includes("declares a Prisma datasource, but no service was found to use it")).map((d) => d.file)).toEqual(["libs/models/src/prisma/schema.prisma", "tools/seed/prisma/schema.prisma"]);
  });
});
