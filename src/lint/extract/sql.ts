import { ts } from "ts-morph";
import type { Location, TableAccess, TableFact } from "../types.js";
import type { Extractor } from "./walk.js";
import { ExtractContext, propertyNamed, staticText } from "./context.js";

/**
 * Tables: what SQL strings read and write, what migrations create, and what
 * ORM models declare (TypeORM @Entity, Sequelize define/init, Drizzle
 * pgTable, Knex schema builder). Regular expressions over SQL text: good
 * enough to name tables, never meant to parse SQL.
 */

/** A path inside a migrations folder (or a *.migration.* file). */
export function isMigrationPath(file: string): boolean {
  return /(^|\/)(migrations?|migrate|db\/migrate)(\/|$)/i.test(file) || /\.migration\.[cm]?[jt]s$/.test(file);
}

const IDENT = String.raw`((?:"[^"]+"|\x60[^\x60]+\x60|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|\x60[^\x60]+\x60|[A-Za-z_][\w$]*))?)`;

const PATTERNS: [RegExp, TableAccess][] = [
  [new RegExp(String.raw`\bcreate\s+(?:unlogged\s+|temporary\s+|temp\s+)?table\s+(?:if\s+not\s+exists\s+)?${IDENT}`, "gi"), "create"],
  [new RegExp(String.raw`\binsert\s+into\s+${IDENT}`, "gi"), "write"],
  [new RegExp(String.raw`\bupdate\s+(?:only\s+)?${IDENT}\s+(?:as\s+\w+\s+|\w+\s+)?set\b`, "gi"), "write"],
  [new RegExp(String.raw`\bdelete\s+from\s+(?:only\s+)?${IDENT}`, "gi"), "write"],
  [new RegExp(String.raw`\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?${IDENT}`, "gi"), "write"],
  [new RegExp(String.raw`\btruncate\s+(?:table\s+)?${IDENT}`, "gi"), "write"],
  [new RegExp(String.raw`\bmerge\s+into\s+${IDENT}`, "gi"), "write"],
  [new RegExp(String.raw`\b(?:from|join)\s+(?:only\s+|lateral\s+)?${IDENT}(?!\s*\()`, "gi"), "read"],
];

/** Words that follow FROM or JOIN but are not tables. */
const NOT_TABLES = new Set(["select", "where", "unnest", "generate_series", "json_each", "jsonb_each", "dual", "lateral", "values", "set", "only", "the", "a", "an"]);

export function normalizeTable(raw: string): string {
  const name = raw.replace(/["`]/g, "").toLowerCase();
  return name.startsWith("public.") ? name.slice("public.".length) : name;
}

/** Tables named in one SQL text; `line` is the line of the text's start. */
export function tablesInSql(sql: string, file: string, line: number, migration: boolean): TableFact[] {
  const found = new Map<string, TableFact>();
  const deleteRanges: number[] = [];
  for (const [pattern, access] of PATTERNS) {
    pattern.lastIndex = 0;
    for (const match of sql.matchAll(pattern)) {
      const raw = match[1];
      if (!raw) continue;
      if (access === "write" && /^delete/i.test(match[0])) deleteRanges.push(match.index);
      // DELETE FROM x is a write, not also a read.
      if (access === "read" && /^from/i.test(match[0]) && deleteRanges.some((start) => match.index - start < 12 && match.index > start)) continue;
      const table = normalizeTable(raw);
      if (NOT_TABLES.has(table) || /^\$\d|^\?/.test(table)) continue;
      const offsetLine = line + sql.slice(0, match.index).split("\n").length - 1;
      const key = `${table}:${access}`;
      if (!found.has(key)) found.set(key, { table, access, migration: migration || access === "create", location: { file, line: offsetLine, column: 1 } });
    }
  }
  return [...found.values()];
}

/** A .sql file: every statement's tables; CREATE TABLE anywhere is an ownership claim. */
export function extractSqlFile(file: string, text: string): TableFact[] {
  const stripped = text.replace(/--[^\n]*/g, (comment) => " ".repeat(comment.length));
  return tablesInSql(stripped, file, 1, isMigrationPath(file));
}

function pushTable(ctx: ExtractContext, node: ts.Node, table: string | undefined, access: TableAccess): void {
  if (!table) return;
  const location: Location = ctx.loc(node);
  ctx.facts.tables.push({ table: normalizeTable(table), access, migration: access === "create" || isMigrationPath(ctx.file), location });
}

const KNEX_READ = new Set(["from", "table"]);
const KNEX_WRITE = new Set(["into"]);
const KNEX_SCHEMA = new Set(["createTable", "createTableIfNotExists", "createTableLike"]);
const ORM_TABLE_FUNCTIONS = new Set(["pgTable", "mysqlTable", "sqliteTable"]);

export const sql: Extractor = {
  family: "sql",
  callProperties: ["createTable", "createTableIfNotExists", "createTableLike", "pgTable", "mysqlTable", "sqliteTable", "define", "from", "table", "into"],
  callIdentifiers: true,
  sql(text, node, ctx) {
    const line = ctx.loc(node).line;
    for (const fact of tablesInSql(text, ctx.file, line, isMigrationPath(ctx.file))) ctx.facts.tables.push(fact);
  },
  call(node, ctx) {
    const callee = node.expression;
    const first = node.arguments[0];
    if (!first || !ts.isStringLiteralLike(first)) return;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (!name) return;
    if (KNEX_SCHEMA.has(name) && ts.isPropertyAccessExpression(callee)) {
      pushTable(ctx, node, first.text, "create");
      return;
    }
    if (ORM_TABLE_FUNCTIONS.has(name) && ctx.importsAny(["drizzle-orm"])) {
      pushTable(ctx, node, first.text, "write");
      return;
    }
    if (!ctx.importsAny(["knex"]) && !(ts.isIdentifier(callee) && /^(knex|db|trx)$/.test(callee.text))) {
      // sequelize.define("name", ...) declares a model
      if (name === "define" && ctx.importsAny(["sequelize", "@sequelize/core"])) pushTable(ctx, node, first.text, "write");
      return;
    }
    if (ts.isIdentifier(callee) && /^(knex|db|trx)$/.test(callee.text)) pushTable(ctx, node, first.text, "read");
    else if (KNEX_READ.has(name)) pushTable(ctx, node, first.text, "read");
    else if (KNEX_WRITE.has(name)) pushTable(ctx, node, first.text, "write");
  },
  classDeclaration(node, ctx) {
    const decorators = ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined;
    for (const decorator of decorators ?? []) {
      const expr = decorator.expression;
      if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || expr.expression.text !== "Entity") continue;
      const arg = expr.arguments[0];
      const named = arg && ts.isObjectLiteralExpression(arg) ? staticText(ctx.value(propertyNamed(arg, "name"))) : arg ? staticText(ctx.value(arg)) : undefined;
      pushTable(ctx, decorator, named ?? node.name?.text.toLowerCase(), "write");
    }
  },
};
