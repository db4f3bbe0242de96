import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { textValue, type ExtractContext } from "../context.js";
import { push } from "./connection.js";

/**
 * Encore.ts SQL databases: `new SQLDatabase("orders", { migrations })` declares the service's own PostgreSQL database,
 * which the Encore runtime provisions and connects to (no URL in the code or the environment); another service that
 * opens it by name, `SQLDatabase.named("orders")`, uses that same database. The model gives both the identity
 * `postgres://encore/<name>` (model/datastores.ts). A client made over its `connectionString` (knex, pg, drizzle) is
 * that database, not another connection.
 */

const SQLDB = ["encore.dev/storage/sqldb"];

export const encoreDatastores: Extractor = {
  family: "datastores/encore",
  modules: SQLDB,
  callProperties: ["named"],
  newExpression(node, ctx) {
    if (!isSqlDatabase(node.expression, ctx)) return;
    declared(node, node.arguments?.[0], ctx);
  },
  call(node, ctx) {
    const callee = node.expression;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "named" && isSqlDatabase(callee.expression, ctx)) declared(node, node.arguments[0], ctx);
  },
};

function isSqlDatabase(expr: ts.Expression, ctx: ExtractContext): boolean {
  return ctx.isImportFrom(expr, SQLDB, ["SQLDatabase"]) || ctx.isMemberOf(expr, SQLDB, "SQLDatabase");
}

function declared(node: ts.Node, name: ts.Expression | undefined, ctx: ExtractContext): void {
  if (!name || !ts.isStringLiteralLike(name)) return;
  push(ctx, node, { engine: "postgres", library: ENCORE_SQLDB, database: textValue(name.text) });
}

/** The library name the model knows an Encore database by. */
export const ENCORE_SQLDB = "encore.dev/storage/sqldb";
