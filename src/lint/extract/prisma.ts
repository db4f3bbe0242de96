import { posix } from "node:path";
import type { DatastoreFact, Engine, TableFact, Value } from "../types.js";

/**
 * schema.prisma: the datasource (provider + url, usually `env("DATABASE_URL")`)
 * and the models, which Prisma Migrate creates: the service owns those tables.
 * Read with regular expressions: the format is simple and never executed.
 */

const PROVIDERS: Record<string, Engine> = { postgresql: "postgres", postgres: "postgres", mysql: "mysql", mongodb: "mongodb", sqlite: "sqlite", sqlserver: "mssql", cockroachdb: "postgres" };

export function extractPrisma(file: string, text: string): { datastores: DatastoreFact[]; tables: TableFact[]; prismaClientOutputs?: string[] } {
  const datastores: DatastoreFact[] = [];
  const tables: TableFact[] = [];
  const lineOf = (index: number) => text.slice(0, index).split("\n").length;
  for (const match of text.matchAll(/datasource\s+\w+\s*\{([^}]*)\}/g)) {
    const body = match[1]!;
    const provider = /provider\s*=\s*"([^"]+)"/.exec(body)?.[1];
    // `url`, not `directUrl` or `shadowDatabaseUrl` (the migration tool's connections to the same server).
    const envUrl = /(?:^|\s)url\s*=\s*env\(\s*"([^"]+)"\s*\)/.exec(body)?.[1];
    const literalUrl = /(?:^|\s)url\s*=\s*"([^"]+)"/.exec(body)?.[1];
    const url: Value | undefined = envUrl ? { parts: [{ kind: "env", name: envUrl }] } : literalUrl ? { parts: [{ kind: "text", text: literalUrl }] } : undefined;
    // Prisma 7 keeps the URL in prisma.config.ts (read by extract/datastores/sql.ts): a datasource without one is that connection, not a second.
    if (!url) continue;
    datastores.push({
      engine: (provider && PROVIDERS[provider]) || "unknown",
      library: "prisma",
      url,
      location: { file, line: lineOf(match.index), column: 1 },
    });
  }
  for (const match of text.matchAll(/^\s*model\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const mapped = /@@map\(\s*(?:name:\s*)?"([^"]+)"\s*\)/.exec(match[2]!)?.[1];
    tables.push({ table: (mapped ?? match[1]!).toLowerCase(), access: "create", migration: true, location: { file, line: lineOf(match.index + match[0].indexOf("model")), column: 1 } });
  }
  const outputs = clientOutputs(file, text);
  return outputs.length ? { datastores, tables, prismaClientOutputs: outputs } : { datastores, tables };
}

/**
 * Where the schema's generators write its client (`output = "../node_modules/@prisma/orders-client"`), relative to the
 * schema's folder as Prisma reads it, from the repository's root. A monorepo with two schemas gives each client a
 * module of its own, and the code imports `PrismaClient` from there rather than from `@prisma/client`.
 */
function clientOutputs(file: string, text: string): string[] {
  const outputs: string[] = [];
  for (const match of text.matchAll(/generator\s+\w+\s*\{([^}]*)\}/g)) {
    const output = /(?:^|\s)output\s*=\s*"([^"]+)"/.exec(match[1]!)?.[1];
    if (output === undefined) continue;
    const joined = posix.normalize(posix.join(posix.dirname(file), output)).replace(/\/+$/, "");
    if (!joined.startsWith("..")) outputs.push(joined);
  }
  return outputs;
}
