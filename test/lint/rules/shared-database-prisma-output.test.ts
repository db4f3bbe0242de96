import { describe, expect, it } from "vitest";
import { extractPrisma } from "../../../src/lint/extract/prisma.js";
import { lintTree, ruleTester, type Tree } from "../helpers.js";

/**
 * A NestJS monorepo with two Prisma schemas kept apart from the apps (db/ledger/prisma/schema/schema.prisma and
 * db/archive/prisma/schema.prisma), each generating its client into a module of its own that a library imports:
 * `PrismaClient` from `@prisma/ledger-client` or from a relative folder, never from `@prisma/client`. Written for acc16a.
 */
const schema = (provider: string, variable: string, output: string) =>
  `generator client {\n  provider = "prisma-client-js"\n  output   = "${output}"\n}\n\ndatasource db {\n  provider = "${provider}"\n  url      = env("${variable}")\n}\n\nmodel Entry {\n  id Int @id\n}\n`;

const nestApp = (name: string, importLine: string): Tree => ({
  [`apps/${name}/src/main.ts`]: `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
  [`apps/${name}/src/app.module.ts`]: `import { Module } from "@nestjs/common";\n${importLine}\n@Module({ providers: [Store] })\nexport class AppModule {}\n`,
});

const tree = (extra: Tree = {}): Tree => ({
  "package.json": { name: "counting-house", private: true, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@prisma/client": "*" } },
  "nest-cli.json": {
    monorepo: true,
    projects: {
      tills: { type: "application", root: "apps/tills" },
      vault: { type: "application", root: "apps/vault" },
      clerk: { type: "application", root: "apps/clerk" },
      ledger: { type: "library", root: "libs/ledger" },
      archive: { type: "library", root: "libs/archive" },
    },
  },
  "tsconfig.json": { compilerOptions: { paths: { "@house/ledger": ["libs/ledger/src"], "@house/archive": ["libs/archive/src"] } } },
  // Prisma's folder of schema files: the datasource in one of them; the client written under the top's node_modules.
  "db/ledger/prisma/schema/schema.prisma": schema("postgresql", "LEDGER_URL", "../../../../node_modules/@prisma/ledger-client"),
  // A client written next to the library that imports it by a relative path.
  "db/archive/prisma/schema.prisma": schema("mongodb", "ARCHIVE_URL", "../../../libs/archive/generated/client"),
  "libs/ledger/src/index.ts": `import { PrismaClient } from "@prisma/ledger-client";\nexport class LedgerStore extends PrismaClient {}\n`,
  "libs/archive/src/index.ts": `import { PrismaClient } from "../generated/client";\nexport class ArchiveStore extends PrismaClient {}\n`,
  ...nestApp("tills", `import { LedgerStore as Store } from "@house/ledger";`),
  ...nestApp("vault", `import { LedgerStore as Store } from "@house/ledger";\nimport { ArchiveStore } from "@house/archive";\nexport const archive = ArchiveStore;`),
  ...nestApp("clerk", `import { ArchiveStore as Store } from "@house/archive";`),
  ...extra,
});

describe("[U] a Prisma client imported from where a schema's generator writes it is that schema's (acc16a)", () => {
  it("reads the generators' outputs from the repository's top; a generator without one writes nothing of its own", () => {
    expect(extractPrisma("db/ledger/prisma/schema/schema.prisma", schema("postgresql", "LEDGER_URL", "../../../../node_modules/@prisma/ledger-client")).prismaClientOutputs).toEqual(["node_modules/@prisma/ledger-client"]);
    expect(extractPrisma("prisma/schema.prisma", `generator client {\n  provider = "prisma-client-js"\n}\n`).prismaClientOutputs).toBeUndefined();
    // A path out of the repository names no module of it.
    expect(extractPrisma("prisma/schema.prisma", `generator client {\n  output = "../../elsewhere"\n}\n`).prismaClientOutputs).toBeUndefined();
  });

  it("each app uses the schemas of the clients it imports, one or two, wherever the schemas lie", () => {
    const { model } = lintTree(tree());
    expect(model.datastores.map((d) => [d.service, d.engine, d.location.file, d.via?.at(-1)?.file]).sort()).toEqual([
      ["clerk", "mongodb", "db/archive/prisma/schema.prisma", "libs/archive/src/index.ts"],
      ["tills", "postgres", "db/ledger/prisma/schema/schema.prisma", "libs/ledger/src/index.ts"],
      ["vault", "mongodb", "db/archive/prisma/schema.prisma", "libs/archive/src/index.ts"],
      ["vault", "postgres", "db/ledger/prisma/schema/schema.prisma", "libs/ledger/src/index.ts"],
    ]);
  });

  it("a service's .env is read with its own ${VAR} references expanded, as Prisma's loader does; one naming a variable nothing sets is no address", () => {
    const { model } = lintTree(
      tree({
        "apps/tills/.env": `LEDGER_HOST=ledger-db\nLEDGER_DB=tills\nLEDGER_URL="postgresql://clerk:secret@\${LEDGER_HOST}:5432/\${LEDGER_DB}"\n`,
        "apps/vault/.env": `LEDGER_URL="postgresql://clerk:secret@\${LEDGER_HOST}:5432/vault"\n`,
      }),
    );
    const ledger = (service: string) => model.datastores.find((d) => d.service === service && d.engine === "postgres")!;
    expect(ledger("tills").identity).toBe("postgres://ledger-db:5432/tills");
    expect([ledger("vault").identity, ledger("vault").missingEnv]).toEqual([undefined, ["LEDGER_URL"]]);
  });
});

ruleTester("shared-database", {
  valid: [
    {
      name: "two apps on one generated client whose URLs resolve to two databases: compared by address",
      files: tree({ "apps/tills/.env": "LEDGER_URL=postgresql://pg:5432/tills\n", "apps/vault/.env": "LEDGER_URL=postgresql://pg:5432/vault\n", "apps/clerk/.env": "ARCHIVE_URL=mongodb://mongo:27017/clerk\n" }),
    },
  ],
  invalid: [
    {
      name: "two apps whose clients one schema generates share its database",
      files: tree(),
      errors: [
        { messageId: "sharedSchema", data: { services: "tills,vault", datastore: "db/ledger/prisma/schema/schema.prisma" } },
        { messageId: "sharedSchema", data: { services: "clerk,vault", datastore: "db/archive/prisma/schema.prisma" } },
      ],
    },
  ],
});

describe("[I] Prisma's own output folders: `.prisma/<name>` and `.prisma/client` (acc17a)", () => {
  // Written for this test: two Nest apps, each generating its client from a schema under the top's prisma/<app>/.
  const apps: Tree = {
    "package.json": { name: "kiosk", private: true, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@prisma/client": "*" } },
    "nest-cli.json": { monorepo: true, projects: { counter: { type: "application", root: "apps/counter" }, stockroom: { type: "application", root: "apps/stockroom" } } },
    "prisma/counter/schema.prisma": schema("postgresql", "COUNTER_DB_URL", "../../node_modules/.prisma/client"),
    "prisma/stockroom/schema.prisma": schema("postgresql", "STOCKROOM_DB_URL", "../../node_modules/.prisma/stockroom"),
    "apps/counter/src/store.ts": `import { PrismaClient } from "@prisma/client";\nexport class Store extends PrismaClient {}\n`,
    "apps/stockroom/src/store.ts": `import { PrismaClient } from ".prisma/stockroom";\nexport class Store extends PrismaClient {}\n`,
    ...nestApp("counter", `import { Store } from "./store";`),
    ...nestApp("stockroom", `import { Store } from "./store";`),
  };

  it("a `.prisma/<name>` import is the package that schema's generator writes, and `@prisma/client` re-exports `.prisma/client`", () => {
    const { model } = lintTree(apps);
    expect(model.datastores.map((d) => [d.service, d.location.file, d.via?.at(-1)?.file]).sort()).toEqual([
      ["counter", "prisma/counter/schema.prisma", "apps/counter/src/store.ts"],
      ["stockroom", "prisma/stockroom/schema.prisma", "apps/stockroom/src/store.ts"],
    ]);
  });
});

describe("[I] a generated client imported through a tsconfig path alias is its schema's; a schema nobody's client comes from is said", () => {
  // Written for this test: two Nest apps, each with a schema at the top's prisma/ whose client is written beside it.
  const apps = (storeImport: string): Tree => ({
    "package.json": { name: "loft", private: true, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*", "@prisma/client": "*" } },
    "nest-cli.json": { monorepo: true, projects: { easel: { type: "application", root: "apps/easel" }, kiln: { type: "application", root: "apps/kiln" } } },
    "tsconfig.json": { compilerOptions: { baseUrl: "./", paths: { "@schemas/*": ["prisma/*"] } } },
    "prisma/easel.prisma": schema("postgresql", "EASEL_DB", "../prisma/@easel-client"),
    "prisma/kiln.prisma": schema("postgresql", "KILN_DB", "../prisma/@kiln-client"),
    ".env": "EASEL_DB=postgresql://pg:5432/easel\nKILN_DB=postgresql://pg:5432/kiln\n",
    "apps/easel/src/store.ts": `import { PrismaClient } from "@schemas/@easel-client";\nexport class Store extends PrismaClient {}\n`,
    "apps/kiln/src/store.ts": storeImport,
    ...nestApp("easel", `import { Store } from "./store";`),
    ...nestApp("kiln", `import { Store } from "./store";`),
  });

  it("each app opens the database of the schema whose output its alias names", () => {
    const { model, diagnostics } = lintTree(apps(`import { PrismaClient } from "@schemas/@kiln-client";\nexport class Store extends PrismaClient {}\n`));
    expect(model.datastores.map((d) => [d.service, d.identity, d.location.file]).sort()).toEqual([
      ["easel", "postgres://pg:5432/easel", "prisma/easel.prisma"],
      ["kiln", "postgres://pg:5432/kiln", "prisma/kiln.prisma"],
    ]);
    expect(diagnostics.filter((d) => d.message.includes("Prisma datasource"))).toEqual([]);
  });

  it("a schema whose client no service was tied to gets a diagnostic at its datasource", () => {
    const { model, diagnostics } = lintTree(apps(`import { PrismaClient } from "../../../generated/kiln";\nexport class Store extends PrismaClient {}\n`));
    expect(model.datastores.map((d) => d.service)).toEqual(["easel"]);
    expect(diagnostics.filter((d) => d.message.includes("Prisma datasource")).map((d) => [d.kind, d.file, d.line])).toEqual([["not-understood", "prisma/kiln.prisma", 6]]);
  });
});

describe("[I] a workspace's database package that passes @prisma/client on beside its schema", () => {
  // Written for this test: two workspace services import PrismaClient from a package of the workspace whose index
  // re-exports @prisma/client, and whose schema writes its client to that package's own node_modules/.prisma/client.
  const workspace = (index: string): Tree => ({
    "package.json": { name: "hives", private: true, workspaces: ["packages/*", "services/*"] },
    "packages/store/package.json": { name: "@hives/store", main: "src/index.ts", dependencies: { "@prisma/client": "*" } },
    "packages/store/prisma/schema.prisma": schema("postgresql", "HIVE_DB", "../node_modules/.prisma/client"),
    "packages/store/src/index.ts": index,
    ...Object.fromEntries(
      ["counter", "keeper"].flatMap((name, i) => [
        [`services/${name}/package.json`, { name, main: "src/main.ts", scripts: { start: "node dist/main.js" }, dependencies: { express: "*", "@hives/store": "*" } }],
        [`services/${name}/src/main.ts`, `import express from "express";\nimport { PrismaClient } from "@hives/store";\nconst db = new PrismaClient();\nconst app = express();\napp.get("/v1/${name}", async (req, res) => res.json(await db.entry.findMany()));\napp.listen(${3000 + i});\n`],
      ]),
    ),
  });

  it("each service that imports PrismaClient from it uses its schema: one database for both", () => {
    const { model, findings } = lintTree(workspace(`export * from "@prisma/client";\n`));
    expect(model.datastores.map((d) => [d.service, d.location.file]).sort()).toEqual([
      ["counter", "packages/store/prisma/schema.prisma"],
      ["keeper", "packages/store/prisma/schema.prisma"],
    ]);
    expect(findings.filter((f) => f.ruleId === "shared-database").map((f) => f.data?.services)).toEqual(["counter,keeper"]);
  });

  it("a package index that passes on something else is not read as the client", () => {
    const { model } = lintTree(workspace(`export * from "./helpers";\n`));
    expect(model.datastores).toEqual([]);
  });
});
