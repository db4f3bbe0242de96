import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * Services that each keep a copy of one Prisma schema in their own folder (`<service>/prisma/schema.prisma`, the same
 * models in each), with DATABASE_URL set nowhere the scan can see: every copy maps the same tables, so the services use
 * one database whatever the variable holds. Services whose schemas share only a model or two (a read copy of another
 * service's entity) keep a database each. (acc31b)
 */

const schema = (models: string[]): string =>
  `generator client {\n  provider = "prisma-client-js"\n}\n\ndatasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\n` +
  models.map((m) => `model ${m} {\n  id String @id\n}\n`).join("\n");

function repo(schemas: Record<string, string[]>): Tree {
  const tree: Tree = {};
  let port = 4000;
  for (const [name, models] of Object.entries(schemas)) {
    Object.assign(
      tree,
      service(name, ["express", "@prisma/client"], {
        "prisma/schema.prisma": schema(models),
        "src/server.ts": `import express from "express";\nimport { PrismaClient } from "@prisma/client";\nconst db = new PrismaClient();\nconst app = express();\napp.get("/v1/${name}", async (_req, res) => res.json(await db.${models[0]!.toLowerCase()}.findMany()));\napp.listen(${port++});\n`,
      }),
    );
  }
  return tree;
}

ruleTester("shared-database", {
  valid: [
    {
      name: "schemas of their own, sharing one model (a read copy of the other service's entity)",
      files: repo({ tickets: ["Ticket", "Seat", "Venue"], orders: ["Order", "Ticket", "Refund"] }),
    },
  ],
  invalid: [
    {
      name: "three services, each with a copy of the workflow schema (one of them with a model fewer)",
      files: repo({ hooks: ["Flow", "Run", "RunOutbox", "Step", "Account"], relay: ["Flow", "Run", "RunOutbox", "Step", "Account"], runner: ["Flow", "Run", "RunOutbox", "Step"] }),
      errors: [{ messageId: "sharedSchema", data: { services: "hooks,relay,runner" } }],
    },
  ],
});
