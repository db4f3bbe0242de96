import { ts } from "../ts.js";
import { armsAt } from "./arms.js";
import type { WriteFact } from "../types.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { isMigrationPath, normalizeTable } from "./sql.js";
import { BUILDER_CONTINUATIONS, builderWrite } from "./builder-writes.js";
import { MIKRO_ORM_WRITES, mikroOrmWrite } from "./mikro-orm-writes.js";
// A model is the project's own module, relative or through a path alias (`@/models/ticket` with tsconfig paths).
import { isProjectSpecifier } from "./routes.js";

/**
 * Writes to a service's own datastore made inside a function (what dual-write pairs with a publish):
 * SQL statements that change rows, knex, Prisma, TypeORM, Sequelize, mongoose, the MongoDB driver and MikroORM.
 * Syntax only: each ORM's methods count only where the file uses that ORM (imports it, or names the
 * receiver as that ORM's code does), because `create`, `update` and `save` mean many other things.
 */

const IDENT = String.raw`((?:"[^"]+"|\x60[^\x60]+\x60|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|\x60[^\x60]+\x60|[A-Za-z_][\w$]*))?)`;
const SQL_WRITE = new RegExp(
  String.raw`\b(?:(insert)\s+(?:ignore\s+)?into\s+${IDENT}|(update)\s+(?:only\s+)?${IDENT}\s+(?:as\s+\w+\s+|\w+\s+)?set\b|(delete)\s+from\s+(?:only\s+)?${IDENT}|(merge)\s+into\s+${IDENT}|(replace)\s+into\s+${IDENT})`,
  "i",
);

const KNEX_WRITES = new Set(["insert", "update", "del", "delete", "upsert"]);
const KNEX_ROOT = /^(knex|db|trx|tx|database|connection|pg|sql)$/i;
const KNEX_TABLE_METHODS = new Set(["table", "from", "into"]);
const PRISMA_WRITES = new Set(["create", "createMany", "update", "updateMany", "upsert", "delete", "deleteMany"]);
const TYPEORM_WRITES = new Set(["save", "insert", "update", "upsert", "delete", "remove", "softDelete", "softRemove"]);
const SEQUELIZE_WRITES = new Set(["create", "bulkCreate", "update", "destroy", "upsert"]);
/** What a Sequelize model instance writes with (`row.update(changes)`, `row.destroy()`); `save` is read with mongoose's below. */
const INSTANCE_WRITES = new Set(["update", "destroy", "increment", "decrement", "restore"]);
const MONGO_WRITES = new Set([
  "insertOne", "insertMany", "updateOne", "updateMany", "replaceOne", "deleteOne", "deleteMany", "bulkWrite",
  "findOneAndUpdate", "findOneAndReplace", "findOneAndDelete", "findByIdAndUpdate", "findByIdAndDelete", "findByIdAndRemove",
]);

/**
 * Redis commands that change a key (node-redis's camelCase and ioredis's lower case). Scripts (`eval`, `evalsha`) are
 * left out: what they do is in the script, and many only read or count.
 */
const REDIS_WRITES = new Set([
  "set", "setex", "setEx", "psetex", "setnx", "setNX", "mset", "mSet", "getset", "getSet", "getdel", "getDel", "del", "unlink",
  "hset", "hSet", "hmset", "hMSet", "hsetnx", "hSetNX", "hdel", "hDel", "hincrby", "hIncrBy",
  "incr", "incrby", "incrBy", "decr", "decrby", "decrBy", "append",
  "sadd", "sAdd", "srem", "sRem", "lpush", "lPush", "rpush", "rPush", "lpop", "lPop", "rpop", "rPop", "lrem", "lRem", "lset", "lSet",
  "zadd", "zAdd", "zrem", "zRem", "zincrby", "zIncrBy", "expire", "persist", "rename",
  // A Lua script or function, run for an atomic read-modify-write (a stock or seat reservation): read as a write.
  "eval", "evalsha", "evalSha", "evalSHA", "fcall", "fCall",
]);
const REDIS_MODULES = ["redis", "@redis/client", "ioredis"] as const;
/** What code names a Redis client it did not open in the file: `redis`, `redisClient`, `this.redis`, `ioRedis`. */
const REDIS_CLIENT_NAME = /redis/i;

const KNEX_MODULES = ["knex"] as const;
// A schema's `output = "../node_modules/.prisma/client/orders"` (one client per service in a monorepo) is imported from there.
const PRISMA_MODULES = ["@prisma/client", ".prisma/client"] as const;
/** What code names a Prisma client: `prisma`, `this.prismaService` (NestJS's usual provider), `prismaClient`, `readPrisma`. */
const PRISMA_CLIENT_NAME = /prisma(service|client)?$/i;
const TYPEORM_MODULES = ["typeorm", "@nestjs/typeorm"] as const;
const SEQUELIZE_MODULES = ["sequelize", "sequelize-typescript", "@sequelize/core", "@nestjs/sequelize"] as const;
const MONGO_MODULES = ["mongoose", "mongodb", "@nestjs/mongoose", "@typegoose/typegoose"] as const;
/**
 * AdonisJS 5 imports the application's modules through the `App` alias its .adonisrc.json declares (`App/Models/User`, a
 * Lucid model): the project's own code, as a relative path or `#models/user` (AdonisJS 6) is.
 */
const ADONIS_APP_ALIAS = /^App\//;

/**
 * A models folder behind a tsconfig path alias of its own (`"@model/*": ["src/models/*"]`, imported as
 * `@model/ticket.model` or `@models/order`), one model file under any alias (`@app/orders/order.model`), or a file of
 * a models folder under an alias of the source root (`"@app/*": ["app/*"]`, imported as `@app/models/Message`): npm
 * packages are not named so, and the scan reads files one at a time, without the tsconfig that says so.
 */
const ALIASED_MODELS = /^@models?\/|^@[\w-]+\/(?:[\w.-]+\/)*[\w-]+\.(?:model|schema)(?:\.[cm]?[jt]s)?$|^@[\w-]+\/(?:[\w.-]+\/)*models?\/[\w.-]+$/i;

/** A module of the project's own code: relative, a usual path alias, AdonisJS 5's `App/…`, or an aliased models folder. */
function isOwnModule(specifier: string): boolean {
  return isProjectSpecifier(specifier) || ADONIS_APP_ALIAS.test(specifier) || ALIASED_MODELS.test(specifier);
}

/** A module named as one model's file: `./models/product.model`, `../order-model.js`. */
const ONE_MODEL_FILE = /[.-]model(\.[cm]?[jt]s)?$/i;
const MODEL_SPECIFIER = /(^@?|\/)models?(\.[cm]?[jt]s)?(\/|$)|[.-]model(\.[cm]?[jt]s)?$|[.-]schema(\.[cm]?[jt]s)?$/i;

const REPOSITORY_GETTER = /^get(Custom)?Repository$/;
/** `repo = dataSource.getRepository(Order)`, `private store: Repository<Parcel> = source.getRepository(Parcel)`, `this.repo = …`. */
const BOUND_REPOSITORY = /([A-Za-z_$][\w$]*)\s*(?::[^=;(]+)?=\s*(?:await\s+)?(?:[\w$]+\.)*get(?:Custom)?Repository\(/g;
/** `private shelves: Repository<Shelf>`, `store?: typeorm.MongoRepository<Book>`: a member or parameter typed as a TypeORM repository. */
const TYPED_REPOSITORY = /([A-Za-z_$][\w$]*)\s*[?!]?\s*:\s*(?:[\w$]+\.)*(?:Mongo|Tree)?Repository\s*</g;
/** `@InjectRepository(Shelf) private readonly shelves`: NestJS injects a repository whatever the member's type says. */
const INJECTED_REPOSITORY = /@InjectRepository\([^)]*\)\s*(?:(?:private|protected|public|readonly)\s+)*([A-Za-z_$][\w$]*)/g;
const boundRepositories = new WeakMap<ExtractContext, Set<string> | null>();

/**
 * The names this file binds to a TypeORM repository (`getRepository` is TypeORM's own word), or null when it binds
 * none: a file that takes its repositories from a DataSource another module makes need not import typeorm itself.
 * In a file that imports TypeORM, a member typed `Repository<…>` or injected by `@InjectRepository` is one too, what
 * ever its name (`repoPost`, `shelfStore`): names are what the other checks go by, and these say nothing.
 */
function repositoryNames(ctx: ExtractContext): Set<string> | null {
  let names = boundRepositories.get(ctx);
  if (names !== undefined) return names;
  const text = ctx.sf.text;
  names = null;
  if (text.includes("Repository(")) for (const match of text.matchAll(BOUND_REPOSITORY)) (names ??= new Set()).add(match[1]!);
  if ((text.includes("Repository<") || text.includes("@InjectRepository(")) && ctx.importsAny(TYPEORM_MODULES)) {
    for (const pattern of [TYPED_REPOSITORY, INJECTED_REPOSITORY]) for (const match of text.matchAll(pattern)) (names ??= new Set()).add(match[1]!);
  }
  boundRepositories.set(ctx, names);
  return names;
}

function push(ctx: ExtractContext, node: ts.Node, fact: Omit<WriteFact, "inFunction" | "location">): void {
  const inFunction = ctx.currentFunction();
  // A write outside any function runs once at start-up (a seed), never while handling a request.
  if (!inFunction || isMigrationPath(ctx.file)) return;
  const arms = armsAt(ctx);
  (ctx.facts.writes ??= []).push({ ...fact, ...(fact.target ? { target: fact.target } : {}), inFunction, ...(arms ? { arms } : {}), location: ctx.loc(node) });
}

/** `a.b.c` → "c"; `this.x` → "x"; an identifier → its text. */
function lastName(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return undefined;
}

function stringArg(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0];
  return first && ts.isStringLiteralLike(first) ? first.text : undefined;
}

/** The table of a knex chain (`knex("orders").where(...)`, `db.insert(row).into("orders")`, `trx.table("orders")`), if it names one. */
function knexTable(expr: ts.Expression, ctx: ExtractContext): string | undefined {
  let current: ts.Expression = expr;
  for (let depth = 0; depth < 12; depth++) {
    if (ts.isCallExpression(current)) {
      const callee = current.expression;
      const table = stringArg(current);
      const name = lastName(callee);
      if (table && name && (ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword))) {
        return KNEX_ROOT.test(name) || ctx.importsAny(KNEX_MODULES) ? table : undefined;
      }
      if (table && name && KNEX_TABLE_METHODS.has(name) && ts.isPropertyAccessExpression(callee)) {
        const root = lastName(rootOf(callee.expression));
        return (root && KNEX_ROOT.test(root)) || ctx.importsAny(KNEX_MODULES) ? table : undefined;
      }
      current = callee;
    } else if (ts.isPropertyAccessExpression(current)) current = current.expression;
    else return undefined;
  }
  return undefined;
}

function rootOf(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isPropertyAccessExpression(current) || ts.isCallExpression(current)) current = ts.isCallExpression(current) ? current.expression : current.expression;
  return current;
}

/** An identifier imported from a module that holds models (`./models`, `order.model`), or a capitalised one in a file of that ORM. */
function isModelIdentifier(expr: ts.Expression, ctx: ExtractContext, modules: readonly string[]): boolean {
  if (!ts.isIdentifier(expr)) return false;
  const imported = ctx.importOf(expr);
  const capital = /^[A-Z]/.test(expr.text);
  // `const { orderModel } = require("../model/order")`: a name the models module exports is a model whatever its case;
  // the whole module in lower case (`const orderModel = require("./models/orderModel")`) may be a module of functions.
  if (imported && isOwnModule(imported.specifier) && MODEL_SPECIFIER.test(imported.specifier) && (capital || (imported.imported !== "default" && imported.imported !== "*"))) return true;
  // `import productModel from "../models/product.model"`: a file named as one model (`<name>.model`) whose whole export
  // the code calls a model is one, whatever its case; a models folder's module in lower case still may be functions.
  if (imported && isProjectSpecifier(imported.specifier) && ONE_MODEL_FILE.test(imported.specifier) && /model$/i.test(expr.text)) return true;
  // `import orderModel from "@/models/order"` in a file that uses mongoose itself: a name that says it is a model.
  return (capital || /[a-z0-9]Model$/.test(expr.text)) && ctx.importsAny(modules);
}

/**
 * The model a document was made from, when the code says: `new Order(data)` written inline or held by a local
 * (`const doc = new Order(data); await doc.save()`), or a model the class keeps as a member (`new this.OutboxEvent(…)`,
 * set in its constructor). The name is the target, so that an outbox model's row is told from a business write.
 */
function createdModel(receiver: ts.Expression, ctx: ExtractContext): string | undefined {
  let created = unwrap(receiver);
  if (ts.isIdentifier(created)) {
    const held = ctx.lookupLocal(created.text)?.expr;
    if (held) created = unwrap(held);
  }
  if (!ts.isNewExpression(created)) return undefined;
  const made = created.expression;
  if (ts.isIdentifier(made)) return isModelIdentifier(made, ctx, [...MONGO_MODULES, ...SEQUELIZE_MODULES]) ? made.text : undefined;
  if (ts.isPropertyAccessExpression(made) && made.expression.kind === ts.SyntaxKind.ThisKeyword && /^[A-Z]/.test(made.name.text)) return made.name.text;
  // `new this.db.Order(data)`, `new models.Order(data)`: a model a holder object keeps (a class handed its models).
  if (ts.isPropertyAccessExpression(made) && /^[A-Z]/.test(made.name.text) && isModelHolder(made.expression)) return made.name.text;
  return undefined;
}

/** `this.db`, `db`, `this.models`: an object holding models by their class names (`this.db.Order`). */
function isModelHolder(expr: ts.Expression): boolean {
  const name = ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword ? expr.name.text : undefined;
  return name !== undefined && /^(db|database|models?|repo|store|orm|schemas?)$/i.test(name);
}

/** A local holding a client the file opens: `const kv = new Redis(url)`, `const kv = createClient({ url })`, `redis.createClient()`. */
function opensRedis(receiver: ts.Identifier, ctx: ExtractContext): boolean {
  const held = ctx.lookupLocal(receiver.text)?.expr;
  const made = held && unwrap(held);
  if (!made || !(ts.isNewExpression(made) || ts.isCallExpression(made))) return false;
  const callee = made.expression;
  const root = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
  return ctx.isImportFrom(root, REDIS_MODULES) || ctx.isImportFrom(callee, REDIS_MODULES);
}

/**
 * What finds one row of a model (Sequelize's `findOne`, `findByPk`; mongoose's `findById`; Lucid's `findOrFail`,
 * `findBy`, `findByOrFail`): the instance a local then holds.
 */
const FINDS_ONE = new Set(["findOne", "findByPk", "findById", "findOrFail", "findBy", "findByOrFail"]);
/** Lucid's static writes of a model besides `create` (AdonisJS): each creates or updates rows. */
const LUCID_WRITES = new Set(["createMany", "updateOrCreate", "firstOrCreate", "updateOrCreateMany", "fetchOrCreateMany"]);

/**
 * The model a local's row was found with: `const row = await Listing.findByPk(id)`, the model imported from the project's
 * models, or `await db.user.findByPk(id)` with `db` the models index sequelize-cli generates (`require("./models")`).
 */
function foundModel(receiver: ts.Identifier, ctx: ExtractContext): string | undefined {
  const held = ctx.lookupLocal(receiver.text)?.expr;
  const found = held && unwrap(held);
  if (!found || !ts.isCallExpression(found) || !ts.isPropertyAccessExpression(found.expression) || !FINDS_ONE.has(found.expression.name.text)) return undefined;
  const model = found.expression.expression;
  if (ts.isPropertyAccessExpression(model) && isModelsModule(model.expression, ctx)) return model.name.text;
  if (ts.isPropertyAccessExpression(model) && /^[A-Z]/.test(model.name.text) && isModelHolder(model.expression)) return model.name.text;
  return isModelIdentifier(model, ctx, [...MONGO_MODULES, ...SEQUELIZE_MODULES]) ? (model as ts.Identifier).text : undefined;
}

/** The model a query chain starts from: `User.query().where(…)`, the model imported from the project's models. */
function queriedModel(chain: ts.Expression, ctx: ExtractContext): string | undefined {
  let current = chain;
  for (let depth = 0; depth < 12 && ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression); depth++) {
    const callee: ts.PropertyAccessExpression = current.expression;
    if (callee.name.text === "query" && isModelIdentifier(callee.expression, ctx, [])) return (callee.expression as ts.Identifier).text;
    current = callee.expression;
  }
  return undefined;
}

function unwrap(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isParenthesizedExpression(current) || ts.isAwaitExpression(current) || ts.isAsExpression(current)) current = current.expression;
  return current;
}

/** A repository of the project, as code names the member or local holding it: `this.orderRepository`, `ticketRepo`. */
const REPOSITORY_NAME = /repo(sitory)?$/i;
/** A repository's methods that hand back stored rows: `getById`, `findOne`, `getUserOrder`, `fetchLatest`, `load`. */
const FETCHES_ROWS = /^(get|find|fetch|load)([A-Z_]\w*)?$/;

/**
 * A document a repository of the project handed back (`const order = await this.orderRepository.getUserOrder(id)`, then
 * `order.status = "cancelled"; await order.save()`): a stored row that saves itself, in a file that names no ORM or model.
 */
function fetchedFromRepository(receiver: ts.Identifier, ctx: ExtractContext): boolean {
  const held = ctx.lookupLocal(receiver.text)?.expr;
  const call = held && unwrap(held);
  if (!call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || !FETCHES_ROWS.test(call.expression.name.text)) return false;
  const holder = lastName(call.expression.expression);
  return holder !== undefined && REPOSITORY_NAME.test(holder);
}

/** A class name the file imports from a module that holds models (`import { Connection } from "../models/connection.model"`). */
function isImportedModel(name: string, ctx: ExtractContext): boolean {
  return ctx.facts.imports.some((i) => i.local === name && isOwnModule(i.specifier) && MODEL_SPECIFIER.test(i.specifier));
}

/** An identifier imported (or required) from a module that holds models: `const db = require("../models")`. */
function isModelsModule(expr: ts.Expression, ctx: ExtractContext): boolean {
  if (!ts.isIdentifier(expr)) return false;
  const imported = ctx.importOf(expr);
  return Boolean(imported && isProjectSpecifier(imported.specifier) && MODEL_SPECIFIER.test(imported.specifier));
}

/** The file imports a model class from the project's models (`import { User } from "../models/user"`): its documents' save() writes. */
function importsAModel(ctx: ExtractContext): boolean {
  return ctx.facts.imports.some((i) => isOwnModule(i.specifier) && MODEL_SPECIFIER.test(i.specifier) && /^[A-Z]/.test(i.local));
}

/** `this.db` typed `DatabaseService` in the enclosing class: that class, as this file names it (an import, or its own). */
function fieldClient(expr: ts.Expression, ctx: ExtractContext): WriteFact["clientClass"] {
  if (!ts.isPropertyAccessExpression(expr) || expr.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const name = ctx.fieldClassOf(expr.name.text);
  if (!name) return undefined;
  const imported = ctx.imports.get(name);
  if (imported) return imported.imported === "*" ? undefined : { specifier: imported.specifier, name: imported.imported };
  return ctx.fileClass(name) ? { local: name } : undefined;
}

/** Which ORM a model's write goes through, when the file says ("model" when it only imports the model). */
function modelLibrary(ctx: ExtractContext): string {
  return ctx.importsAny(MONGO_MODULES) ? "mongoose" : ctx.importsAny(SEQUELIZE_MODULES) ? "sequelize" : "model";
}

export const writes: Extractor = {
  family: "writes",
  callProperties: [...new Set(["into", ...BUILDER_CONTINUATIONS, ...KNEX_WRITES, ...PRISMA_WRITES, ...TYPEORM_WRITES, ...SEQUELIZE_WRITES, ...INSTANCE_WRITES, ...MONGO_WRITES, ...REDIS_WRITES, ...MIKRO_ORM_WRITES, ...LUCID_WRITES])],
  sql(text, node, ctx) {
    const match = SQL_WRITE.exec(text);
    if (!match) return;
    const operation = (match[1] ?? match[3] ?? match[5] ?? match[7] ?? match[9])!.toUpperCase();
    const raw = match[2] ?? match[4] ?? match[6] ?? match[8] ?? match[10];
    push(ctx, node, { library: "sql", operation, ...(raw ? { target: normalizeTable(raw) } : {}) });
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const receiver = callee.expression;
    if (BUILDER_CONTINUATIONS.includes(method)) {
      const built = builderWrite(node, method, receiver);
      if (built) return push(ctx, node, { ...built, target: normalizeTable(built.target!) });
    }
    const mikro = mikroOrmWrite(node, method, receiver, ctx);
    if (mikro) return push(ctx, node, mikro);
    // db.insert(row).into("orders"): the table comes after the write
    if (method === "into" && ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression) && receiver.expression.name.text === "insert") {
      const table = stringArg(node);
      const root = lastName(rootOf(receiver.expression.expression));
      if (table && ((root && KNEX_ROOT.test(root)) || ctx.importsAny(KNEX_MODULES))) return push(ctx, node, { library: "knex", operation: "insert", target: normalizeTable(table) });
    }
    if (KNEX_WRITES.has(method)) {
      const table = knexTable(receiver, ctx);
      if (table) return push(ctx, node, { library: "knex", operation: method, target: normalizeTable(table) });
    }
    // prisma.order.create(...), this.prismaService.order.update(...), tx.order.create(...) in a Prisma file
    if (PRISMA_WRITES.has(method) && ts.isPropertyAccessExpression(receiver)) {
      const client = lastName(receiver.expression);
      if (client && (PRISMA_CLIENT_NAME.test(client) || (ctx.importsAny(PRISMA_MODULES) && /^(tx|trx|db|client)$/i.test(client)))) {
        return push(ctx, node, { library: "prisma", operation: method, target: receiver.name.text });
      }
      // this.databaseService.order.create(...): a field typed with a class of the project, a Prisma client only if that
      // class extends PrismaClient, which another module may say (confirmed in model/prisma-clients.ts).
      const clientClass = fieldClient(receiver.expression, ctx);
      if (clientClass) return push(ctx, node, { library: "prisma", operation: method, target: receiver.name.text, clientClass });
    }
    if (MONGO_WRITES.has(method)) {
      const name = lastName(receiver);
      if (ctx.importsAny(MONGO_MODULES) || isModelIdentifier(receiver, ctx, MONGO_MODULES) || (name && /(collection|model)$/i.test(name)) || /\.collection\(/.test(ctx.text(receiver))) {
        return push(ctx, node, { library: "mongodb", operation: method, ...(name ? { target: name } : {}) });
      }
    }
    if (TYPEORM_WRITES.has(method)) {
      // dataSource.getRepository(Order).save(order), repo.save(order), this.orderRepository.update(...), manager.insert(...)
      const name = lastName(receiver);
      const inline = ts.isCallExpression(receiver) && REPOSITORY_GETTER.test(lastName(receiver.expression) ?? "");
      const bound = inline ? null : repositoryNames(ctx);
      // `export const postRepo = AppDataSource.getRepository(Post)` in the data-source module, imported by a route file that
      // imports no ORM itself: a repository by its name and by coming from the project's own code. A module named for
      // repositories (`../repositories/order.repository`) holds the project's own repository code instead, whose methods
      // the call graph follows to the writes inside them.
      const from = ts.isIdentifier(receiver) ? ctx.imports.get(receiver.text)?.specifier : undefined;
      const importedRepo = from !== undefined && isProjectSpecifier(from) && !/repositor(y|ies)/i.test(from);
      const named = name !== undefined && (bound?.has(name) || ((bound || importedRepo || ctx.importsAny(TYPEORM_MODULES)) && /(repo|repository|manager)$/i.test(name)));
      if (inline || named) return push(ctx, node, { library: "typeorm", operation: method, ...(name ? { target: name } : {}) });
    }
    // db.orders.create(row) with db = require("../models") (sequelize-cli's models index)
    if (SEQUELIZE_WRITES.has(method) && ts.isPropertyAccessExpression(receiver) && isModelsModule(receiver.expression, ctx)) {
      return push(ctx, node, { library: modelLibrary(ctx), operation: method, target: receiver.name.text });
    }
    // this.orderModel.create(dto): a model injected by NestJS (@InjectModel) in a file that uses mongoose or Sequelize
    if (SEQUELIZE_WRITES.has(method) && ts.isPropertyAccessExpression(receiver) && /model$/i.test(receiver.name.text) && (ctx.importsAny(MONGO_MODULES) || ctx.importsAny(SEQUELIZE_MODULES))) {
      return push(ctx, node, { library: modelLibrary(ctx), operation: method, target: receiver.name.text });
    }
    if ((SEQUELIZE_WRITES.has(method) || LUCID_WRITES.has(method)) && isModelIdentifier(receiver, ctx, [...SEQUELIZE_MODULES, ...MONGO_MODULES])) {
      return push(ctx, node, { library: modelLibrary(ctx), operation: method, target: (receiver as ts.Identifier).text });
    }
    // Friend.query().where("id", id).update(changes), .delete(): Lucid's query builder of a model writes its rows.
    if ((method === "update" || method === "delete" || method === "del") && ts.isCallExpression(receiver)) {
      const model = queriedModel(receiver, ctx);
      if (model) return push(ctx, node, { library: modelLibrary(ctx), operation: method, target: model });
    }
    // row.update(changes), row.destroy() on a model instance the code declares as one (`(row: Connection, …) =>`,
    // `const row: Connection = …`): Sequelize's instance methods write the row.
    if (INSTANCE_WRITES.has(method) && ts.isIdentifier(receiver)) {
      const model = ctx.declaredClassOf(receiver.text);
      if (model && (isImportedModel(model, ctx) || (ctx.importsAny(SEQUELIZE_MODULES) && ctx.fileClass(model)))) {
        return push(ctx, node, { library: modelLibrary(ctx), operation: method, target: model });
      }
      // const listing = await Listing.findOne({ where: { id } }); await listing.update({ price }): a row the model found.
      const found = foundModel(receiver, ctx);
      if (found) return push(ctx, node, { library: modelLibrary(ctx), operation: method, target: found });
    }
    // const product = await Product.findById(id); await product.remove(): a document deletes itself (mongoose's
    // `remove()` before version 7, `deleteOne()` since), when the code shows it is one: found or made by its model.
    // Lucid's row deletes itself with `delete()` (`const user = await User.findOrFail(id); await user.delete()`).
    if ((method === "remove" || method === "deleteOne" || method === "delete") && node.arguments.length === 0 && ts.isIdentifier(receiver)) {
      const model = foundModel(receiver, ctx) ?? createdModel(receiver, ctx);
      if (model) return push(ctx, node, { library: modelLibrary(ctx), operation: method, target: model });
    }
    // redis.set(key, value), this.redisClient.hSet(...): a key written. dual-write counts it only for a service whose one
    // datastore is Redis (a cache's writes beside a database are not the service's state).
    if (REDIS_WRITES.has(method) && node.arguments.length > 0) {
      const client = lastName(receiver);
      if (client && (REDIS_CLIENT_NAME.test(client) || (ts.isIdentifier(receiver) && ctx.importsAny(REDIS_MODULES) && opensRedis(receiver, ctx)))) {
        return push(ctx, node, { library: "redis", operation: method });
      }
    }
    // doc.save(), new Order(data).save() where the file uses mongoose or sequelize models; `const user = await
    // db.user.findByPk(id); user.save()`, a row found through the models index, whose file need import neither.
    // `this.userRepo.save(user)` is a repository of the project handed a row (followed by the call graph to what it
    // writes), not a document saving itself.
    const handedToRepository = node.arguments.length === 1 && REPOSITORY_NAME.test(lastName(receiver) ?? "");
    if (method === "save" && node.arguments.length <= 1 && !handedToRepository && !ctx.importsAny(TYPEORM_MODULES)) {
      const model = createdModel(receiver, ctx) ?? (ts.isIdentifier(receiver) ? foundModel(receiver, ctx) : undefined);
      if (model || ctx.importsAny(MONGO_MODULES) || ctx.importsAny(SEQUELIZE_MODULES) || importsAModel(ctx) || (ts.isIdentifier(receiver) && fetchedFromRepository(receiver, ctx))) {
        return push(ctx, node, { library: modelLibrary(ctx), operation: "save", ...(model ? { target: model } : {}) });
      }
    }
  },
};
