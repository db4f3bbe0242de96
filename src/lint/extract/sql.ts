import { ts } from "../ts.js";
import type { Location, TableAccess, TableFact } from "../types.js";
import type { Extractor } from "./extractor.js";
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

/**
 * One pass over the text: each alternative names the statement, then the table
 * identifier follows. Left to right, so `DELETE FROM x` is a write and its FROM
 * is not seen again as a read.
 */
const TABLE_REF = new RegExp(
  String.raw`\b(?:(create)\s+(?:unlogged\s+|temporary\s+|temp\s+)?table\s+(?:if\s+not\s+exists\s+)?|(insert)\s+into\s+|(update)\s+(?:only\s+)?|(delete)\s+from\s+(?:only\s+)?|(alter)\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?|(truncate)\s+(?:table\s+)?|(merge)\s+into\s+|(from|join)\s+(?:only\s+|lateral\s+)?)${IDENT}`,
  "gi",
);
const UPDATE_SET = /^\s+(?:as\s+\w+\s+|\w+\s+)?set\b/i;

/** Words that follow FROM or JOIN but are not tables. */
const NOT_TABLES = new Set(["select", "where", "unnest", "generate_series", "json_each", "jsonb_each", "dual", "lateral", "values", "set", "only", "the", "a", "an"]);

export function normalizeTable(raw: string): string {
  const name = raw.replace(/["`]/g, "").toLowerCase();
  return name.startsWith("public.") ? name.slice("public.".length) : name;
}

/** Tables named in one SQL text; `line` is the line of the text's start. */
export function tablesInSql(sql: string, file: string, line: number, migration: boolean): TableFact[] {
  const found = new Map<string, TableFact>();
  TABLE_REF.lastIndex = 0;
  for (let match = TABLE_REF.exec(sql); match; match = TABLE_REF.exec(sql)) {
    const raw = match[9];
    if (!raw) continue;
    const end = match.index + match[0].length;
    let access: TableAccess;
    if (match[1]) access = "create";
    else if (match[8]) {
      // FROM f(...) / JOIN LATERAL fn(...) name functions, not tables.
      if (/^\s*\(/.test(sql.slice(end, end + 8))) continue;
      access = "read";
    } else if (match[3]) {
      if (!UPDATE_SET.test(sql.slice(end, end + 40))) continue;
      access = "write";
    } else access = "write";
    const table = normalizeTable(raw);
    if (NOT_TABLES.has(table) || /^\$\d|^\?/.test(table)) continue;
    const key = `${table}:${access}`;
    if (found.has(key)) continue;
    const offsetLine = line + countNewlines(sql, match.index);
    found.set(key, { table, access, migration: migration || access === "create", location: { file, line: offsetLine, column: 1 } });
  }
  return [...found.values()];
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) count++;
  return count;
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

/**
 * A Knex instance called with a table: `db("users")`, `knex("users")`, `trx("users")`, or the instance a helper hands
 * back, `this._db(trx)("users")`, `getDb()("users")` (a model's `_db(trx) { return trx || db; }`).
 */
function knexInstance(callee: ts.Expression): boolean {
  if (ts.isIdentifier(callee)) return KNEX_NAME.test(callee.text);
  if (!ts.isCallExpression(callee)) return false;
  const inner = callee.expression;
  const name = ts.isIdentifier(inner) ? inner.text : ts.isPropertyAccessExpression(inner) ? inner.name.text : undefined;
  return name !== undefined && KNEX_HELPER.test(name);
}
const KNEX_NAME = /^(knex|db|trx)$/;
const KNEX_HELPER = /^_?(knex|db|getDb|getKnex)$/;

export const sql: Extractor = {
  family: "sql",
  callProperties: ["createTable", "createTableIfNotExists", "createTableLike", "pgTable", "mysqlTable", "sqliteTable", "define", "from", "table", "into"],
  callIdentifiers: true,
  // `this._db(trx)("users")`: a table named to the Knex instance a helper returns.
  callOthers: true,
  sql(text, node, ctx) {
    const line = ctx.loc(node).line;
    for (const fact of tablesInSql(text, ctx.file, line, isMigrationPath(ctx.file))) ctx.facts.tables.push(fact);
  },
  call(node, ctx) {
    const callee = node.expression;
    const first = node.arguments[0];
    if (!first || !ts.isStringLiteralLike(first)) return;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (!name) {
      if (knexInstance(callee)) pushTable(ctx, node, first.text, "read");
      return;
    }
    if (KNEX_SCHEMA.has(name) && ts.isPropertyAccessExpression(callee)) {
      pushTable(ctx, node, first.text, "create");
      return;
    }
    if (ORM_TABLE_FUNCTIONS.has(name) && ctx.importsAny(["drizzle-orm"])) {
      pushTable(ctx, node, first.text, "write");
      return;
    }
    if (!ctx.importsAny(["knex"]) && !knexInstance(callee)) {
      // sequelize.define("name", ...) declares a model
      if (name === "define" && ctx.importsAny(["sequelize", "@sequelize/core"])) pushTable(ctx, node, first.text, "write");
      return;
    }
    if (knexInstance(callee)) pushTable(ctx, node, first.text, "read");
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
