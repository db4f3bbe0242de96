import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { type ExtractContext, propertyNamed, rootIdentifier } from "../context.js";
import { connection, dialectConnection, dialectOf, engineOfPackage, firstProperty, importedOptions, isModuleMember, objectLiteralOf, optionsConnection, push, unwrap, usesAny } from "./connection.js";

/**
 * SQL databases as their drivers and ORMs open them: pg (and Neon's drop-in),
 * postgres.js, pg-promise, slonik, mysql2 / mysql / mariadb, mssql, Knex, Sequelize,
 * TypeORM, MikroORM, Drizzle and Prisma's prisma.config.ts (schema.prisma is
 * read by extract/prisma.ts). A client that wraps a pool the code opened
 * itself (Drizzle, Kysely) is that pool's datastore, not a second one.
 */

const PG = ["pg", "pg-pool"];
const NEON = ["@neondatabase/serverless"];
const MYSQL = ["mysql2", "mysql2/promise", "mysql"];
const MARIADB = ["mariadb", "mariadb/callback"];
const MSSQL = ["mssql"];
const SEQUELIZE = ["sequelize", "@sequelize/core", "sequelize-typescript"];
const TYPEORM = ["typeorm"];
const MIKRO_ORM_PREFIX = "@mikro-orm/";

/** Every module whose calls this family looks at: a file importing none of them is passed over at once. */
const MODULES = ["pg", "pg-pool", "postgres", "pg-promise", "slonik", "@neondatabase/serverless", "@vercel/postgres", "mysql2", "mysql", "mariadb", "mssql", "knex", "sequelize", "@sequelize/core", "sequelize-typescript", "typeorm", "@mikro-orm", "drizzle-orm", "prisma/config"];

const DIALECT_KEYS = ["dialect", "type", "client", "driver"];

export const sqlDatastores: Extractor = {
  family: "datastores/sql",
  callProperties: ["connect", "createConnection", "createPool", "init", "initSync"],
  callIdentifiers: true,
  newExpression(node, ctx) {
    if (!ctx.importsAny(MODULES)) return;
    const callee = node.expression;
    const args = node.arguments ?? [];
    const first = args[0];
    // pg: new Pool(cfg), new Client(cfg), new pg.Pool(cfg); Neon's serverless driver has the same classes.
    if (ctx.isMemberOf(callee, PG, "Pool") || ctx.isImportFrom(callee, ["pg-pool"], ["default"])) return push(ctx, node, optionsConnection("pg", first, [], ctx, "postgres") ?? connection("postgres", "pg", first, ctx));
    if (ctx.isMemberOf(callee, PG, "Client")) return push(ctx, node, connection("postgres", "pg", first, ctx));
    if (ctx.isMemberOf(callee, NEON, "Pool") || ctx.isMemberOf(callee, NEON, "Client")) return push(ctx, node, connection("postgres", "neon", first, ctx));
    if (ctx.isMemberOf(callee, MSSQL, "ConnectionPool")) return push(ctx, node, connection("mssql", "mssql", first, ctx));
    if (ctx.isMemberOf(callee, TYPEORM, "DataSource")) {
      const fact = optionsConnection("typeorm", first, DIALECT_KEYS, ctx);
      if (fact) push(ctx, node, fact);
      return;
    }
    if (SEQUELIZE.some((module) => ctx.isMemberOf(callee, [module], "Sequelize")) || ctx.isImportFrom(callee, SEQUELIZE, ["default"])) return sequelize(node, args, ctx);
    // new MikroORM({ ... }): MikroORM 6's synchronous form of init, MikroORM 7's usual one.
    const mikro = mikroOrmModule(callee, ctx, true);
    if (mikro) {
      const fact = optionsConnection("mikro-orm", first, DIALECT_KEYS, ctx, engineOfPackage(mikro));
      if (fact) push(ctx, node, fact);
    }
  },
  moduleExport: configFileConnection,
  call(node, ctx) {
    if (!usesAny(ctx, node.expression, MODULES)) return;
    const callee = node.expression;
    const [first] = node.arguments;
    // postgres.js: postgres(url | options?, options?)
    if (ctx.isImportFrom(callee, ["postgres"], ["default"])) return push(ctx, node, connection("postgres", "postgres", first, ctx));
    // Neon's HTTP driver: neon(url)
    if (ctx.isImportFrom(callee, NEON, ["neon"])) return push(ctx, node, connection("postgres", "neon", first, ctx));
    if (ctx.isImportFrom(callee, ["@vercel/postgres"], ["createPool", "createClient"])) return push(ctx, node, connection("postgres", "@vercel/postgres", first, ctx));
    // slonik: createPool(connectionUri, options)
    if (ctx.isMemberOf(callee, ["slonik"], "createPool")) return push(ctx, node, connection("postgres", "slonik", first, ctx));
    // knex({ client: "pg", connection })
    if (ctx.isImportFrom(callee, ["knex"], ["default", "knex", "Knex"])) {
      // `knex(isProduction ? configs.production : configs.development)`: the environments' options of one config, read
      // from the first branch that names an object (they differ in pools and debug flags, seldom in the database).
      const written = first && unwrap(first);
      const branches = written && ts.isConditionalExpression(written) ? [written.whenTrue, written.whenFalse] : [first];
      const options = firstOf(branches, (branch) => objectLiteralOf(branch, ctx));
      const imported = options ? undefined : firstOf(branches, (branch) => importedOptions(branch, ctx));
      if (options) push(ctx, node, knexConnection(options, ctx));
      else if (imported) push(ctx, node, { engine: "unknown", library: "knex", options: imported });
      return;
    }
    if (ts.isIdentifier(callee) && callee.text === "drizzle") return drizzle(node, ctx);
    // mysql2 / mysql / mariadb: createPool / createConnection
    for (const name of ["createPool", "createConnection"]) {
      if (isModuleMember(ctx, callee, MYSQL, name)) return push(ctx, node, connection("mysql", "mysql2", first, ctx));
      if (isModuleMember(ctx, callee, MARIADB, name)) return push(ctx, node, connection("mysql", "mariadb", first, ctx));
    }
    // mssql: sql.connect(config | url)
    if (isModuleMember(ctx, callee, MSSQL, "connect")) return push(ctx, node, connection("mssql", "mssql", first, ctx));
    // TypeORM before 0.3: createConnection({ type, ... })
    if (ctx.isMemberOf(callee, TYPEORM, "createConnection")) {
      const fact = optionsConnection("typeorm", first, DIALECT_KEYS, ctx);
      if (fact) push(ctx, node, fact);
      return;
    }
    // MikroORM.init({ ... }) and defineConfig({ ... }) (mikro-orm.config.ts); MikroORM.init() alone reads that file.
    const mikro = mikroOrmModule(callee, ctx);
    if (mikro) {
      const fact = optionsConnection("mikro-orm", first, DIALECT_KEYS, ctx, engineOfPackage(mikro));
      if (fact) push(ctx, node, fact);
      return;
    }
    // prisma.config.ts (Prisma 7 keeps the URL there): defineConfig({ datasource: { url: env("DATABASE_URL") } })
    if (ctx.isImportFrom(callee, ["prisma/config"], ["defineConfig"])) {
      const config = objectLiteralOf(first, ctx);
      const datasource = config && objectLiteralOf(propertyNamed(config, "datasource"), ctx);
      const url = datasource && propertyNamed(datasource, "url");
      if (url) push(ctx, node, { engine: "unknown", library: "prisma", url: prismaEnv(url, ctx) ?? ctx.value(url) });
      return;
    }
    // pg-promise: const pgp = pgPromise(); const db = pgp(cn)
    if (ts.isIdentifier(callee) && first) {
      const init = ctx.lookupLocal(callee.text)?.expr;
      if (init && ts.isCallExpression(init) && ctx.isImportFrom(init.expression, ["pg-promise"])) push(ctx, node, connection("postgres", "pg-promise", first, ctx));
    }
  },
};

/** `new Sequelize(url, options?)`, `new Sequelize(options)`, `new Sequelize(database, user, password?, options?)`. */
function sequelize(node: ts.NewExpression, args: readonly ts.Expression[], ctx: ExtractContext): void {
  const [first] = args;
  if (!first || args.some((arg) => readsJsonConfig(arg, ctx))) return;
  const firstOptions = objectLiteralOf(first, ctx);
  if (firstOptions) return push(ctx, node, dialectConnection("sequelize", firstOptions, DIALECT_KEYS, ctx));
  const options = args.length > 1 ? objectLiteralOf(args[args.length - 1], ctx) : undefined;
  const { engine, dialect } = dialectOf(options && propertyNamed(options, "dialect"), ctx);
  const extra = dialect ? { dialect } : {};
  // `new Sequelize(url, options)` whose options are not written here (a parameter, a spread) is still a URL and options.
  const firstIsUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(ctx.value(first).parts[0]?.kind === "text" ? (ctx.value(first).parts[0] as { text: string }).text : "");
  // Two arguments are a database and a user name only when the second reads as text (a literal, an env lookup, a config
  // value): options built elsewhere (`Object.assign({ dialect: "postgres" }, extra)`, a call) make the first the URL.
  const secondIsUser = args.length === 2 && !options && ctx.value(args[1]!).parts.every((part) => part.kind === "text" || part.kind === "env" || part.kind === "import");
  if (args.length >= 3 || (secondIsUser && !firstIsUrl)) {
    // database, user, password: the host and port are in the options (localhost when there are none).
    const fact = connection(engine, "sequelize", options, ctx, { ...extra, database: ctx.value(first) });
    delete fact.driverEnv;
    return push(ctx, node, fact);
  }
  // `new Sequelize(Config.mysql.options)`: an options object another module exports, read in the model like knex's.
  const imported = args.length === 1 && !firstIsUrl ? importedOptions(first, ctx) : undefined;
  if (imported) return push(ctx, node, { engine: "unknown", library: "sequelize", options: imported });
  push(ctx, node, connection(engine, "sequelize", first, ctx, extra));
}

/**
 * `config.database` where `const config = require(__dirname + "/../config/config.json")[env]`
 * (sequelize-cli's models/index.js), also as `process.env[config.use_env_variable]`:
 * the JSON file is the connection (extract/datastores/json-config.ts), not this call.
 */
function readsJsonConfig(arg: ts.Expression, ctx: ExtractContext): boolean {
  let current = unwrap(arg);
  if (ts.isElementAccessExpression(current) && ctx.isProcessEnv(current.expression)) current = current.argumentExpression;
  const root = rootIdentifier(current);
  let init = root && ctx.lookupLocal(root.text)?.expr;
  if (!init) return false;
  init = unwrap(init);
  if (ts.isElementAccessExpression(init)) init = unwrap(init.expression);
  if (!ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== "require") return false;
  return ctx.text(init).includes(".json");
}

function knexConnection(options: ts.ObjectLiteralExpression, ctx: ExtractContext, library = "knex") {
  const { engine, dialect } = dialectOf(firstProperty(options, ["client", "dialect"]), ctx);
  return connection(engine, library, propertyNamed(options, "connection"), ctx, dialect ? { dialect } : {});
}

/** The @mikro-orm package `MikroORM.init`, `MikroORM.initSync`, `defineConfig` or (`made`) `new MikroORM` comes from. */
function mikroOrmModule(callee: ts.Expression, ctx: ExtractContext, made = false): string | undefined {
  const fact = ctx.importOf(callee);
  if (!fact || !fact.specifier.startsWith(MIKRO_ORM_PREFIX)) return undefined;
  if (made) return ts.isIdentifier(callee) && fact.imported === "MikroORM" ? fact.specifier : undefined;
  if (ts.isIdentifier(callee) && fact.imported === "defineConfig") return fact.specifier;
  if (ts.isPropertyAccessExpression(callee) && /^init(Sync)?$/.test(callee.name.text) && ts.isIdentifier(callee.expression) && fact.imported === "MikroORM") return fact.specifier;
  return undefined;
}

/**
 * drizzle(url), drizzle({ connection }) open a connection of their own;
 * drizzle(pool), drizzle({ client: pool }) wrap one the code opened itself,
 * which its own driver's extractor already recorded: one datastore, not two.
 */
function drizzle(node: ts.CallExpression, ctx: ExtractContext): void {
  const imported = ctx.imports.get("drizzle");
  if (!imported || !imported.specifier.startsWith("drizzle-orm/") || ctx.isShadowed("drizzle")) return;
  const engine = engineOfPackage(imported.specifier);
  const first = node.arguments[0];
  if (!first) return;
  const options = objectLiteralOf(first, ctx);
  if (options) {
    const opened = propertyNamed(options, "connection");
    if (opened) push(ctx, node, connection(engine, "drizzle", opened, ctx));
    return;
  }
  const arg = unwrap(first);
  if (ts.isIdentifier(arg)) {
    // A local that holds a URL (not a client made by a call) is a connection string.
    const init = ctx.lookupLocal(arg.text)?.expr;
    if (!init) return;
    const inner = unwrap(init);
    if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) {
      if (!ctx.envName(inner) && !isConfigRead(inner)) return;
    }
  } else if (ts.isNewExpression(arg) || (ts.isCallExpression(arg) && !isConfigRead(arg))) {
    // drizzle(new Pool(...)), drizzle(postgres(url)): the inner call is the connection.
    return;
  }
  push(ctx, node, connection(engine, "drizzle", first, ctx));
}

/** `config.get("X")`, `configService.getOrThrow("X")`: a value read from configuration, not a client. */
function isConfigRead(expr: ts.Expression): boolean {
  return ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && /^(get|getOrThrow)$/.test(expr.expression.name.text);
}

/** Prisma's `env("DATABASE_URL")` helper from prisma/config. */
function prismaEnv(expr: ts.Expression, ctx: ExtractContext) {
  const call = unwrap(expr);
  if (!ts.isCallExpression(call) || !ctx.isImportFrom(call.expression, ["prisma/config"], ["env"])) return undefined;
  const name = call.arguments[0];
  return name && ts.isStringLiteralLike(name) ? { parts: [{ kind: "env" as const, name: name.text }] } : undefined;
}

/**
 * Config files that open nothing themselves but say what a tool connects to:
 * a knexfile (`module.exports = { client, connection }`, or one such object per
 * environment), sutando.config (the knex-based Sutando ORM's, in the knexfile's shape, which its CLI and
 * `sutando.addConnection(config)` read), mikro-orm.config and ormconfig (`export default { type, ... }`).
 */
function configFileConnection(exported: ts.Expression, ctx: ExtractContext): void {
  const base = ctx.file.slice(ctx.file.lastIndexOf("/") + 1);
  if (!CONFIG_FILE.test(base)) return;
  const options = objectLiteralOf(exported, ctx);
  if (!options) return;
  if (/^(knexfile|sutando\.config)\.[cm]?[jt]s$/.test(base)) {
    const chosen = propertyNamed(options, "connection") ? options : (objectLiteralOf(propertyNamed(options, "production"), ctx) ?? objectLiteralOf(propertyNamed(options, "development"), ctx) ?? firstObjectProperty(options, ctx));
    if (chosen && propertyNamed(chosen, "connection")) push(ctx, exported, knexConnection(chosen, ctx, base.startsWith("sutando") ? "sutando" : "knex"));
    return;
  }
  if (/^(mikro-orm\.config|ormconfig)\.[cm]?[jt]s$/.test(base) && firstProperty(options, ["type", "driver", "dbName", "database", "clientUrl", "url", "host"])) {
    push(ctx, exported, dialectConnection(base.startsWith("mikro") ? "mikro-orm" : "typeorm", options, DIALECT_KEYS, ctx));
  }
}

const CONFIG_FILE = /^(knexfile|sutando\.config|mikro-orm\.config|ormconfig)\.[cm]?[jt]s$/;

function firstObjectProperty(obj: ts.ObjectLiteralExpression, ctx: ExtractContext): ts.ObjectLiteralExpression | undefined {
  for (const prop of obj.properties) {
    if (ts.isPropertyAssignment(prop)) {
      const inner = objectLiteralOf(prop.initializer, ctx);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The first branch's answer that is not undefined. */
function firstOf<T>(branches: readonly (ts.Expression | undefined)[], read: (branch: ts.Expression | undefined) => T | undefined): T | undefined {
  for (const branch of branches) {
    const found = read(branch);
    if (found !== undefined) return found;
  }
  return undefined;
}
