import { ts } from "../ts.js";
import type { DatastoreFact, Engine } from "../types.js";
import type { Extractor } from "./walk.js";
import { ExtractContext, propertyNamed, staticText } from "./context.js";

/**
 * Datastore connections: pg, postgres (postgres.js), pg-promise, TypeORM,
 * Knex, Sequelize, Drizzle, mysql2, mongoose, mongodb, redis, ioredis.
 * Prisma's datasource lives in schema.prisma (see extract/prisma.ts).
 * Identity (engine + host + port + database) is computed in the model,
 * after env resolution.
 */

const DIALECTS: Record<string, Engine> = {
  pg: "postgres",
  postgres: "postgres",
  postgresql: "postgres",
  "better-sqlite3": "sqlite",
  sqlite: "sqlite",
  sqlite3: "sqlite",
  mysql: "mysql",
  mysql2: "mysql",
  mariadb: "mysql",
  mssql: "mssql",
  mongodb: "mongodb",
  cockroachdb: "postgres",
};

function push(ctx: ExtractContext, node: ts.Node, fact: Omit<DatastoreFact, "location">): void {
  ctx.facts.datastores.push({ ...fact, location: ctx.loc(node) });
}

/** A connection given as a string or as `{ connectionString | url | host, port, database }`. */
function connection(engine: Engine, library: string, arg: ts.Expression | undefined, ctx: ExtractContext, extra: Partial<DatastoreFact> = {}): Omit<DatastoreFact, "location"> {
  const fact: Omit<DatastoreFact, "location"> = { engine, library, ...extra };
  if (!arg) return { ...fact, driverEnv: true };
  if (ts.isObjectLiteralExpression(arg)) {
    const url = propertyNamed(arg, "connectionString") ?? propertyNamed(arg, "url") ?? propertyNamed(arg, "uri");
    if (url) fact.url = ctx.value(url);
    const nested = propertyNamed(arg, "connection");
    if (nested) return connection(engine, library, nested, ctx, fact);
    const host = propertyNamed(arg, "host") ?? propertyNamed(arg, "hostname");
    const port = propertyNamed(arg, "port");
    const database = propertyNamed(arg, "database") ?? propertyNamed(arg, "db") ?? propertyNamed(arg, "dbName");
    if (host) fact.host = ctx.value(host);
    if (port) fact.port = ctx.value(port);
    if (database) fact.database = ctx.value(database);
    if (!url && !host) fact.driverEnv = true;
    return fact;
  }
  return { ...fact, url: ctx.value(arg) };
}

function engineFromDialect(expr: ts.Expression | undefined, ctx: ExtractContext): Engine {
  const text = expr ? staticText(ctx.value(expr)) : undefined;
  return (text && DIALECTS[text]) || "unknown";
}

export const datastores: Extractor = {
  family: "datastores",
  callProperties: ["connect", "createConnection", "createPool", "createClient"],
  callIdentifiers: true,
  newExpression(node, ctx) {
    const callee = node.expression;
    const args = node.arguments ?? [];
    const [first, second, , fourth] = args;
    // pg: new Pool(cfg), new Client(cfg), new pg.Pool(cfg)
    if (ctx.isMemberOf(callee, ["pg"], "Pool") || ctx.isMemberOf(callee, ["pg"], "Client")) {
      push(ctx, node, connection("postgres", "pg", first, ctx));
      return;
    }
    if (ctx.isMemberOf(callee, ["typeorm"], "DataSource")) {
      if (first && ts.isObjectLiteralExpression(first)) push(ctx, node, connection(engineFromDialect(propertyNamed(first, "type"), ctx), "typeorm", first, ctx));
      return;
    }
    if (ctx.isMemberOf(callee, ["sequelize", "@sequelize/core"], "Sequelize")) {
      if (first && ts.isObjectLiteralExpression(first)) {
        push(ctx, node, connection(engineFromDialect(propertyNamed(first, "dialect"), ctx), "sequelize", first, ctx));
      } else if (args.length >= 3) {
        // new Sequelize(database, user, password, { host, port, dialect })
        const opts = fourth && ts.isObjectLiteralExpression(fourth) ? fourth : undefined;
        const fact = connection(engineFromDialect(opts && propertyNamed(opts, "dialect"), ctx), "sequelize", opts, ctx, { database: ctx.value(first) });
        delete fact.driverEnv;
        push(ctx, node, fact);
      } else if (first) {
        const opts = second && ts.isObjectLiteralExpression(second) ? second : undefined;
        push(ctx, node, { ...connection(engineFromDialect(opts && propertyNamed(opts, "dialect"), ctx), "sequelize", first, ctx) });
      }
      return;
    }
    if (ctx.isMemberOf(callee, ["mongodb"], "MongoClient")) {
      push(ctx, node, connection("mongodb", "mongodb", first, ctx));
      return;
    }
    // ioredis: new Redis(url | port, host | { host, port, db })
    if (ctx.isImportFrom(callee, ["ioredis"]) || ctx.isMemberOf(callee, ["ioredis"], "Redis")) {
      if (first && (ts.isNumericLiteral(first) || (second && !ts.isObjectLiteralExpression(second)))) {
        push(ctx, node, { engine: "redis", library: "ioredis", port: ctx.value(first), ...(second ? { host: ctx.value(second) } : {}) });
      } else push(ctx, node, connection("redis", "ioredis", first, ctx, first ? {} : {}));
    }
  },
  call(node, ctx) {
    const callee = node.expression;
    const [first, second] = node.arguments;
    // postgres.js: postgres(url?, options?)
    if (ctx.isImportFrom(callee, ["postgres"], ["default"])) {
      push(ctx, node, first && !ts.isObjectLiteralExpression(first) ? connection("postgres", "postgres", first, ctx) : connection("postgres", "postgres", first ?? second, ctx));
      return;
    }
    // knex({ client: "pg", connection })
    if (ctx.isImportFrom(callee, ["knex"], ["default", "knex", "Knex"])) {
      if (first && ts.isObjectLiteralExpression(first)) push(ctx, node, connection(engineFromDialect(propertyNamed(first, "client"), ctx), "knex", propertyNamed(first, "connection"), ctx));
      return;
    }
    // drizzle(url) or drizzle({ connection }); drizzle(pool) adds nothing the pool did not say
    if (ts.isIdentifier(callee) && callee.text === "drizzle") {
      const imported = ctx.imports.get("drizzle");
      if (!imported || !imported.specifier.startsWith("drizzle-orm/")) return;
      const engine: Engine = /postgres|pg|neon|vercel/.test(imported.specifier) ? "postgres" : /mysql|planetscale/.test(imported.specifier) ? "mysql" : /sqlite|libsql|d1/.test(imported.specifier) ? "sqlite" : "unknown";
      if (first && ts.isIdentifier(first) && !ctx.lookupLocal(first.text)?.expr) return;
      if (first && ts.isObjectLiteralExpression(first) && !propertyNamed(first, "connection")) return;
      if (first) push(ctx, node, connection(engine, "drizzle", first, ctx));
      return;
    }
    // mysql2: createPool / createConnection
    if (ctx.isMemberOf(callee, ["mysql2", "mysql2/promise", "mysql"], "createPool") || ctx.isMemberOf(callee, ["mysql2", "mysql2/promise", "mysql"], "createConnection")) {
      push(ctx, node, connection("mysql", "mysql2", first, ctx));
      return;
    }
    // mongoose.connect(url), mongoose.createConnection(url)
    if (ctx.isMemberOf(callee, ["mongoose"], "connect") || ctx.isMemberOf(callee, ["mongoose"], "createConnection")) {
      push(ctx, node, connection("mongodb", "mongoose", first, ctx));
      return;
    }
    // redis: createClient({ url }) / createClient()
    if (ctx.isMemberOf(callee, ["redis", "@redis/client"], "createClient")) {
      push(ctx, node, first ? connection("redis", "redis", first, ctx) : { engine: "redis", library: "redis", driverEnv: false });
      return;
    }
    // TypeORM legacy: createConnection({ type, ... })
    if (ctx.isMemberOf(callee, ["typeorm"], "createConnection") && first && ts.isObjectLiteralExpression(first)) {
      push(ctx, node, connection(engineFromDialect(propertyNamed(first, "type"), ctx), "typeorm", first, ctx));
      return;
    }
    // pg-promise: const pgp = pgPromise(); const db = pgp(cn)
    if (ts.isIdentifier(callee) && first) {
      const local = ctx.lookupLocal(callee.text);
      const init = local?.expr;
      if (init && ts.isCallExpression(init) && ctx.isImportFrom(init.expression, ["pg-promise"])) push(ctx, node, connection("postgres", "pg-promise", first, ctx));
    }
  },
};
