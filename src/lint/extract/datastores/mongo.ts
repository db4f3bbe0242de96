import { ts } from "../../ts.js";
import type { DatastoreFact } from "../../types.js";
import type { Extractor } from "../extractor.js";
import { type ExtractContext, propertyNamed } from "../context.js";
import { connection, objectLiteralOf, requiredModule, unwrap, usesAny, type ConnectionFact } from "./connection.js";

/**
 * MongoDB as mongoose (and Typegoose, which re-exports it) and the official
 * driver open it: `mongoose.connect(url, { dbName })`, `createConnection`,
 * the same functions imported or destructured by name, `new MongoClient(url)`,
 * `MongoClient.connect(url)` (also as the module's own `connect`, the old driver's
 * `require("mongodb").connect(url)`), and the database a client then picks with
 * `client.db("name")`. NestJS's MongooseModule is in ./nest.ts.
 */

const MONGOOSE = ["mongoose"];
const TYPEGOOSE = ["@typegoose/typegoose"];
const MONGODB = ["mongodb"];
const MODULES = [...MONGOOSE, ...TYPEGOOSE, ...MONGODB];

/** The fact each `new MongoClient(...)` / `MongoClient.connect(...)` gave, so that `client.db("x")` can name its database. */
const clientFacts = new WeakMap<ts.Node, DatastoreFact>();
/** The facts of driver clients (MongoClient), as opposed to mongoose connections and the copies for a client's other databases. */
const driverClients = new WeakSet<DatastoreFact>();

function record(ctx: ExtractContext, node: ts.Node, fact: ConnectionFact): DatastoreFact {
  const full: DatastoreFact = { ...fact, location: ctx.loc(node) };
  ctx.facts.datastores.push(full);
  clientFacts.set(node, full);
  return full;
}

/** `url, { dbName }`: the options' dbName is the database whatever the URL's path says. */
function mongoConnection(library: string, url: ts.Expression | undefined, options: ts.Expression | undefined, ctx: ExtractContext): ConnectionFact {
  const fact = connection("mongodb", library, url, ctx);
  const object = objectLiteralOf(options, ctx);
  const dbName = object && propertyNamed(object, "dbName");
  if (dbName) fact.database = ctx.value(dbName);
  // Mongoose and the driver read no environment of their own: no URL is localhost, not a driver setting.
  delete fact.driverEnv;
  return fact;
}

function isMongoose(expr: ts.Expression, ctx: ExtractContext): boolean {
  return ctx.isImportFrom(expr, MONGOOSE, ["default", "*", "mongoose"]) || ctx.isImportFrom(expr, TYPEGOOSE, ["mongoose"]) || requiredModule(expr) === "mongoose";
}

function isMongoClient(expr: ts.Expression, ctx: ExtractContext): boolean {
  return ctx.isMemberOf(expr, MONGODB, "MongoClient");
}

/** The driver's module itself: `const mongo = require("mongodb"); mongo.connect(url)`, the 2.x and 3.x API that re-exports MongoClient.connect. */
function isMongodbModule(expr: ts.Expression, ctx: ExtractContext): boolean {
  return ctx.isImportFrom(expr, MONGODB, ["default", "*"]) || requiredModule(expr) === "mongodb";
}

export const mongoDatastores: Extractor = {
  family: "datastores/mongo",
  callProperties: ["connect", "createConnection", "db"],
  callIdentifiers: true,
  newExpression(node, ctx) {
    if (!ctx.importsAny(MODULES)) return;
    const [url, options] = node.arguments ?? [];
    if (isMongoClient(node.expression, ctx)) driverClients.add(record(ctx, node, mongoConnection("mongodb", url, options, ctx)));
    // new mongoose.Mongoose() opens nothing until its connect(): that call is what counts.
  },
  call(node, ctx) {
    const helper = packageHelper(node, ctx);
    if (helper) return void record(ctx, node, { ...mongoConnection(helper, node.arguments[0], undefined, ctx), helperOf: helper });
    if (!usesAny(ctx, node.expression, MODULES)) return;
    const callee = node.expression;
    const [url, options] = node.arguments;
    if (ts.isIdentifier(callee)) {
      // import { connect } from "mongoose"; const { createConnection } = mongoose
      const imported = ctx.imports.get(callee.text);
      if (!imported || ctx.isShadowed(callee.text) || !MONGOOSE.includes(imported.specifier)) return;
      if (imported.imported === "connect" || imported.imported === "createConnection") record(ctx, node, mongoConnection("mongoose", url, options, ctx));
      return;
    }
    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    if ((name === "connect" || name === "createConnection") && isMongoose(callee.expression, ctx)) return record(ctx, node, mongoConnection("mongoose", url, options, ctx));
    if (name === "connect" && (isMongoClient(callee.expression, ctx) || isMongodbModule(callee.expression, ctx))) return void driverClients.add(record(ctx, node, mongoConnection("mongodb", url, options, ctx)));
    if (name === "db" && url) databaseOfClient(node, callee.expression, url, ctx);
  },
};

/** A connecting helper named for MongoDB: `connectMongo`, `connectToMongoDB`, `initMongo`, `mongoConnect`. */
const MONGO_HELPER = /^(?:connect(?:To)?|init|open|setup)(?:Mongo|MongoDB|Mongoose)$|^(?:mongo|mongodb|mongoose)Connect(?:ion)?$/i;

/**
 * `connectMongo("mongodb+srv://…/orders")` with the helper imported from a package (a course's shared library): the
 * service opens MongoDB at that address, as `mongoose.connect` would, when the scan does not have the package (the model
 * drops the fact for one it has, whose helper is read where it is declared). The package's name is the library. A
 * literal of another scheme is some other store.
 */
function packageHelper(node: ts.CallExpression, ctx: ExtractContext): string | undefined {
  const callee = node.expression;
  if (!ts.isIdentifier(callee) || !MONGO_HELPER.test(callee.text) || ctx.isShadowed(callee.text)) return undefined;
  const imported = ctx.imports.get(callee.text);
  if (!imported || imported.specifier.startsWith(".") || MODULES.includes(imported.specifier)) return undefined;
  const url = node.arguments[0];
  if (!url) return undefined;
  const text = ts.isStringLiteralLike(url) ? url.text : undefined;
  if (text !== undefined && !/^mongodb(\+srv)?:\/\//.test(text)) return undefined;
  return imported.specifier;
}

/**
 * `client.db("users")` on a client this file opened: the client's database.
 * A client that picks several databases uses each of them.
 */
function databaseOfClient(node: ts.CallExpression, receiver: ts.Expression, name: ts.Expression, ctx: ExtractContext): void {
  const client = unwrap(receiver);
  const init = ts.isIdentifier(client) ? ctx.lookupLocal(client.text)?.expr : undefined;
  // A client reached some other way (a callback's parameter, `this.client`) is this file's only driver client, if it has one:
  // without its database the URL's (or the driver's default) would be taken, and two services on one server would look shared.
  const opened = (init && clientFacts.get(unwrap(init))) ?? onlyClient(ctx);
  if (!opened) return;
  const database = ctx.value(name);
  if (!opened.database) opened.database = database;
  else if (JSON.stringify(opened.database) !== JSON.stringify(database)) ctx.facts.datastores.push({ ...opened, database, location: ctx.loc(node) });
}

function onlyClient(ctx: ExtractContext): DatastoreFact | undefined {
  let found: DatastoreFact | undefined;
  for (const fact of ctx.facts.datastores) {
    if (!driverClients.has(fact)) continue;
    if (found) return undefined;
    found = fact;
  }
  return found;
}
