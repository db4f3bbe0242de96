import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { type ExtractContext, propertyNamed, staticText, withoutAssertions } from "../context.js";
import { connection, dialectOf, engineOfDialect, objectLiteralOf, push } from "./connection.js";

/**
 * Moleculer's database mixins open their datastore through an adapter in the service schema (or in a db mixin file
 * several services import): moleculer-db's `new MongoDBAdapter(url, opts?, dbName?)` (moleculer-db-adapter-mongo),
 * `new MongooseAdapter(url, opts?)` (-mongoose), `new SqlAdapter(url | database, user, password, { dialect, host, port })`
 * (-sequelize, the Sequelize constructor's arguments), and @moleculer/database's `adapter: { type: "MongoDB",
 * options: { uri, dbName } }` / `{ type: "Knex", options: { knex: { client, connection } } }`. The URL is resolved in
 * the model as any other datastore's.
 */

const MONGO = "moleculer-db-adapter-mongo";
const MONGOOSE = "moleculer-db-adapter-mongoose";
const SEQUELIZE = "moleculer-db-adapter-sequelize";
const DATABASE = "@moleculer/database";

export const moleculerDbDatastores: Extractor = {
  family: "datastores/moleculer-db",
  modules: [MONGO, MONGOOSE, SEQUELIZE, DATABASE],
  newExpression(node, ctx) {
    const callee = node.expression;
    const args = node.arguments ?? [];
    // Imported, required in place, or required into a local where it is used (`const MongoAdapter = require(…)` in an `if`).
    const local = ts.isIdentifier(callee) ? ctx.lookupLocal(callee.text)?.expr : undefined;
    const from = (module: string) => ctx.isImportFrom(callee, [module]) || isRequired(callee, module) || (local !== undefined && isRequired(local, module));
    if (from(MONGO)) return push(ctx, node, mongo("moleculer-db-adapter-mongo", args, ctx));
    if (from(MONGOOSE)) return push(ctx, node, mongo("moleculer-db-adapter-mongoose", args, ctx));
    if (from(SEQUELIZE)) return sequelize(node, args, ctx);
  },
  call(node, ctx) {
    // @moleculer/database: `DbService({ adapter: { type, options } })`, the mixin made with the adapter's options.
    if (!ctx.isImportFrom(node.expression, [DATABASE])) return;
    const options = objectLiteralOf(node.arguments[0], ctx);
    const adapter = options && propertyNamed(options, "adapter");
    const object = adapter && objectLiteralOf(adapter, ctx);
    if (!object) return;
    const type = propertyNamed(object, "type");
    const typeText = type && staticText(ctx.value(type));
    const adapterOptions = objectLiteralOf(propertyNamed(object, "options"), ctx);
    if (typeText === "MongoDB") {
      const fact = connection("mongodb", DATABASE, adapterOptions, ctx);
      const dbName = adapterOptions && propertyNamed(adapterOptions, "dbName");
      if (dbName) fact.database = ctx.value(dbName);
      delete fact.driverEnv;
      return push(ctx, node, fact);
    }
    if (typeText === "Knex" && adapterOptions) {
      const knex = objectLiteralOf(propertyNamed(adapterOptions, "knex"), ctx);
      if (!knex) return;
      const { engine, dialect } = dialectOf(propertyNamed(knex, "client"), ctx);
      return push(ctx, node, connection(engine, DATABASE, propertyNamed(knex, "connection"), ctx, dialect ? { dialect } : {}));
    }
  },
  callIdentifiers: true,
};

function isRequired(callee: ts.Expression, module: string): boolean {
  const value = withoutAssertions(callee);
  return ts.isCallExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === "require" && value.arguments.length === 1 && ts.isStringLiteral(value.arguments[0]!) && value.arguments[0].text === module;
}

/** `new MongoDBAdapter(url, options?, dbName?)`: the third argument (or the options' dbName) names the database. */
function mongo(library: string, args: readonly ts.Expression[], ctx: ExtractContext) {
  const fact = connection("mongodb", library, args[0], ctx);
  const options = objectLiteralOf(args[1], ctx);
  const dbName = args[2] ?? (options && propertyNamed(options, "dbName"));
  if (dbName) fact.database = ctx.value(dbName);
  delete fact.driverEnv;
  return fact;
}

/** The Sequelize constructor's arguments: `(url)`, `(url, options)`, `(database, user, password, options)`, `(options)`. */
function sequelize(node: ts.NewExpression, args: readonly ts.Expression[], ctx: ExtractContext): void {
  const [first] = args;
  if (!first) return;
  const firstOptions = objectLiteralOf(first, ctx);
  if (firstOptions) {
    const { engine, dialect } = dialectOf(propertyNamed(firstOptions, "dialect"), ctx);
    return push(ctx, node, connection(engine, SEQUELIZE, firstOptions, ctx, dialect ? { dialect } : {}));
  }
  const options = args.length > 1 ? objectLiteralOf(args[args.length - 1], ctx) : undefined;
  const { engine, dialect } = dialectOf(options && propertyNamed(options, "dialect"), ctx);
  const extra = dialect ? { dialect } : {};
  if (args.length >= 3) {
    const fact = connection(engine, SEQUELIZE, options, ctx, { ...extra, database: ctx.value(first) });
    delete fact.driverEnv;
    return push(ctx, node, fact);
  }
  const url = ctx.value(first);
  // `new SqlAdapter("sqlite://:memory:")`: the URL's scheme says the engine.
  const scheme = staticText(url)?.match(/^([a-z]+):/)?.[1];
  push(ctx, node, connection(scheme ? engineOfDialect(scheme) : engine, SEQUELIZE, first, ctx, extra));
}
