import { ts } from "../../ts.js";
import type { DatastoreFact, Engine, Value } from "../../types.js";
import { CONFIG_SPECIFIER, type ExtractContext, propertyKey, propertyNamed, propertyPath, staticText } from "../context.js";

/**
 * What every datastore family shares: reading a connection given as a URL or
 * as an options object, and naming the engine a dialect string stands for.
 * Identity (engine + host + port + database) is computed in the model, after
 * env resolution: here a connection is only taken apart into its pieces.
 */

export type ConnectionFact = Omit<DatastoreFact, "location">;

const DIALECTS: Record<string, Engine> = {
  pg: "postgres",
  postgres: "postgres",
  postgresql: "postgres",
  "better-sqlite": "sqlite",
  "better-sqlite3": "sqlite",
  sqlite: "sqlite",
  sqlite3: "sqlite",
  libsql: "sqlite",
  mysql: "mysql",
  mysql2: "mysql",
  mariadb: "mysql",
  mssql: "mssql",
  mongodb: "mongodb",
  mongo: "mongodb",
  cockroachdb: "postgres",
  // MikroORM's driver classes
  postgresqldriver: "postgres",
  mysqldriver: "mysql",
  mariadbdriver: "mysql",
  sqlitedriver: "sqlite",
  bettersqlitedriver: "sqlite",
  libsqldriver: "sqlite",
  mongodriver: "mongodb",
  mssqldriver: "mssql",
};

/** The engine a dialect, client or driver name stands for (`"pg"`, `"postgresql"`, `"mysql2"`, `PostgreSqlDriver`). */
export function engineOfDialect(text: string | undefined): Engine {
  // Own-property lookup only: a dialect named "constructor" is no engine.
  if (!text) return "unknown";
  const key = text.toLowerCase();
  return Object.hasOwn(DIALECTS, key) ? DIALECTS[key]! : "unknown";
}

export function push(ctx: ExtractContext, node: ts.Node, fact: ConnectionFact): void {
  ctx.facts.datastores.push({ ...fact, location: ctx.loc(node) });
}

/** `require("redis")` → "redis". */
export function requiredModule(expr: ts.Expression): string | undefined {
  const call = unwrap(expr);
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== "require" || call.arguments.length !== 1) return undefined;
  const [specifier] = call.arguments;
  return specifier && ts.isStringLiteralLike(specifier) ? specifier.text : undefined;
}

/** A member of one of these modules: imported (`createClient`, `redis.createClient`), or required in place (`require("redis").createClient`). */
export function isModuleMember(ctx: ExtractContext, expr: ts.Expression, modules: readonly string[], name: string): boolean {
  if (ctx.isMemberOf(expr, modules, name)) return true;
  return ts.isPropertyAccessExpression(expr) && expr.name.text === name && modules.includes(requiredModule(expr.expression) ?? "");
}

/** Does the file import one of these modules, or does this callee require one in place (`require("mysql").createConnection`)? */
export function usesAny(ctx: ExtractContext, callee: ts.Expression, modules: readonly string[]): boolean {
  if (ctx.importsAny(modules)) return true;
  return ts.isPropertyAccessExpression(callee) && modules.includes(requiredModule(callee.expression) ?? "");
}

/** Parentheses, `as`, `!`, `satisfies` and `await` say nothing about a value. */
export function unwrap(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current) || ts.isSatisfiesExpression(current) || ts.isAwaitExpression(current) || ts.isTypeAssertionExpression(current)) current = current.expression;
  return current;
}

/**
 * The object literal an expression stands for: written in place, or a const
 * of this file (`const options = { host }; new Pool(options)`), or a property of
 * one (`new Pool(config.db)`).
 */
export function objectLiteralOf(expr: ts.Expression | undefined, ctx: ExtractContext, depth = 0): ts.ObjectLiteralExpression | undefined {
  if (!expr || depth > 4) return undefined;
  const current = unwrap(expr);
  if (ts.isObjectLiteralExpression(current)) return current;
  if (ts.isIdentifier(current)) return objectLiteralOf(ctx.lookupLocal(current.text)?.expr, ctx, depth + 1);
  if (ts.isPropertyAccessExpression(current)) {
    const holder = objectLiteralOf(current.expression, ctx, depth + 1);
    return holder ? objectLiteralOf(propertyNamed(holder, current.name.text), ctx, depth + 1) : undefined;
  }
  // `knex(reportsDb())` of `const reportsDb = () => ({ … })`: a function with no parameters or locals of its own, whose
  // object reads the same names here as there (one with them is read in its own scope: madeOptions, by `connection`).
  if (ts.isCallExpression(current)) {
    const made = madeOptions(current, ctx);
    const body = made?.fn.body;
    return made && !made.fn.parameters.length && body && (!ts.isBlock(body) || body.statements.length === 1) ? made.options : undefined;
  }
  return undefined;
}

/**
 * An options object another module exports, as `{ specifier, name }` for the
 * model to read its properties from: `dataSourceOptions` imported by name,
 * `config.db` of a default import, `settings.database` of a namespace import.
 */
export function importedOptions(expr: ts.Expression | undefined, ctx: ExtractContext): { specifier: string; name: string } | undefined {
  if (!expr) return undefined;
  const inner = unwrap(expr);
  // getTypeOrmConfig(config): what an imported function returns (module-bindings.ts records `<name>.returns.<key>`).
  if (ts.isCallExpression(inner)) {
    const fn = importedOptions(inner.expression, ctx);
    return fn ? { ...fn, name: `${fn.name}.returns` } : undefined;
  }
  const path = propertyPath(inner);
  if (!path || path[0] === "this" || ctx.isShadowed(path[0]!)) return undefined;
  const [head, ...rest] = path;
  const imported = ctx.imports.get(head!);
  if (!imported || imported.specifier === "config") return undefined;
  if (imported.imported === "*") return rest.length ? { specifier: imported.specifier, name: rest.join(".") } : undefined;
  return { specifier: imported.specifier, name: [imported.imported, ...rest].join(".") };
}

/**
 * An options object with the objects it spreads read in (`new DataSource({ ...config, entities })` where
 * `const config = { type: "mysql", host: process.env.DB_HOST }`): one object whose properties are the ones
 * that win, as in JavaScript (a later property or spread over an earlier one). Only its properties are read,
 * so the merged object is a synthesized node around the written ones; an object with no spread is returned as is.
 */
export function withSpreads(obj: ts.ObjectLiteralExpression, ctx: ExtractContext, depth = 0): ts.ObjectLiteralExpression {
  if (!obj.properties.some(ts.isSpreadAssignment)) return obj;
  const winners: ts.ObjectLiteralExpression["properties"][number][] = [];
  const seen = new Set<string>();
  const add = (prop: ts.ObjectLiteralExpression["properties"][number]) => {
    const key = prop.name ? propertyKey(prop.name) : undefined;
    if (key === undefined || seen.has(key)) return;
    seen.add(key);
    winners.push(prop);
  };
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const prop = obj.properties[i]!;
    if (!ts.isSpreadAssignment(prop)) add(prop);
    else if (depth < 3) {
      const spread = objectLiteralOf(prop.expression, ctx);
      const inner = spread ? withSpreads(spread, ctx, depth + 1).properties : [];
      for (let j = inner.length - 1; j >= 0; j--) add(inner[j]!);
    }
  }
  return ts.factory.createObjectLiteralExpression(winners.reverse());
}

/**
 * The options object a function of this file builds, for a driver given its call (`createClient(cacheOptions())` where
 * `function cacheOptions() { return { url: \`redis://${HOST}:${PORT}\` } }`, or `const dbConfig = () => ({ host, port })`):
 * the function, in whose scope its properties are read, and the object it returns. Also through a constant holding that call.
 */
export function madeOptions(arg: ts.Expression, ctx: ExtractContext): { fn: ts.FunctionLikeDeclaration; options: ts.ObjectLiteralExpression } | undefined {
  let call = unwrap(arg);
  // `const baseOptions = buildOptions(); new Redis(baseOptions)`: the call the constant holds.
  if (ts.isIdentifier(call)) {
    const held = ctx.lookupLocal(call.text)?.expr;
    if (held && ts.isCallExpression(unwrap(held))) call = unwrap(held);
  }
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) return undefined;
  const name = call.expression.text;
  const local = ctx.lookupLocal(name)?.expr;
  const fn = local
    ? isFunctionNode(local) ? local : undefined
    : ctx.moduleFunctions.has(name) && !ctx.isShadowed(name)
      ? ctx.sf.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name)
      : undefined;
  const returned = fn && returnedExpression(fn);
  const options = returned && unwrap(returned);
  return fn && options && ts.isObjectLiteralExpression(options) ? { fn, options } : undefined;
}

/** An options object written here, or one imported: the fact either way; undefined for anything else. */
export function optionsConnection(library: string, arg: ts.Expression | undefined, dialectKeys: readonly string[], ctx: ExtractContext, fallback: Engine = "unknown"): ConnectionFact | undefined {
  const made = arg && !objectLiteralOf(arg, ctx) ? madeOptions(arg, ctx) : undefined;
  if (made) return inScopeOf(made.fn, ctx, () => optionsConnection(library, made.options, dialectKeys, ctx, fallback));
  const written = objectLiteralOf(arg, ctx);
  const object = written && withSpreads(written, ctx);
  if (object) {
    const fact = dialectConnection(library, object, dialectKeys, ctx, fallback);
    // `{ debug: true, ...mikroOrmConfig }` with the config imported: what the object does not say itself, the imported one does.
    const spread = importedSpread(written, ctx);
    if (!spread) return fact;
    delete fact.driverEnv;
    return { ...fact, options: spread };
  }
  const options = importedOptions(arg, ctx) ?? configNamespace(arg, ctx);
  return options ? { engine: fallback, library, options } : undefined;
}

/** The last object another module exports that an options object spreads (`{ ...baseConfig, debug }`). */
function importedSpread(obj: ts.ObjectLiteralExpression, ctx: ExtractContext): { specifier: string; name: string } | undefined {
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const prop = obj.properties[i]!;
    if (!ts.isSpreadAssignment(prop)) continue;
    const imported = importedOptions(prop.expression, ctx) ?? configNamespace(prop.expression, ctx, true);
    if (imported) return imported;
  }
  return undefined;
}

/**
 * `config.get("database")`: a whole configuration namespace (registerAs("database", ...)) as the options; spread, also
 * through a local (`const options = config.get("typeorm"); return { ...options, synchronize }`).
 */
function configNamespace(arg: ts.Expression | undefined, ctx: ExtractContext, throughLocal = false): { specifier: string; name: string } | undefined {
  if (!arg || !(ts.isCallExpression(unwrap(arg)) || (throughLocal && ts.isIdentifier(unwrap(arg))))) return undefined;
  const value = ctx.value(arg);
  const only = value.parts.length === 1 ? value.parts[0] : undefined;
  return only?.kind === "import" && only.specifier === CONFIG_SPECIFIER ? { specifier: only.specifier, name: only.name } : undefined;
}

/** The first of these properties the object has. */
export function firstProperty(obj: ts.ObjectLiteralExpression, keys: readonly string[]): ts.Expression | undefined {
  for (const key of keys) {
    const found = propertyNamed(obj, key);
    if (found) return found;
  }
  return undefined;
}

const URL_KEYS = ["connectionString", "url", "uri", "clientUrl", "connectionUri"];
const HOST_KEYS = ["host", "hostname", "server"];
const DATABASE_KEYS = ["database", "db", "dbName", "databaseName"];

/**
 * A connection given as a string, or as an options object: `{ connectionString | url | uri }`,
 * `{ host, port, database }`, nested `{ connection: ... }` (knex) or `{ socket: { host, port } }`
 * (node-redis). Nothing at all means the driver reads its own environment (PGHOST, ...).
 */
export function connection(engine: Engine, library: string, arg: ts.Expression | undefined, ctx: ExtractContext, extra: Partial<ConnectionFact> = {}): ConnectionFact {
  const fact: ConnectionFact = { engine, library, ...extra };
  if (!arg) return { ...fact, driverEnv: true };
  const written = objectLiteralOf(arg, ctx);
  if (!written) {
    const made = madeOptions(arg, ctx);
    if (made) return inScopeOf(made.fn, ctx, () => connection(engine, library, made.options, ctx, extra));
    return { ...fact, url: ctx.value(arg) };
  }
  const obj = withSpreads(written, ctx);
  const url = firstProperty(obj, URL_KEYS);
  if (url) fact.url = ctx.value(url);
  // TypeORM's `replication: { master, slaves }` and Sequelize's `replication: { write, read }`: the primary the writes go to
  // is the service's database (the replicas copy it).
  const replication = !url && !firstProperty(obj, HOST_KEYS) ? propertyNamed(obj, "replication") : undefined;
  const replicated = replication && objectLiteralOf(replication, ctx);
  const primary = replicated && firstProperty(replicated, ["master", "write"]);
  const nested = primary ?? firstProperty(obj, ["connection", "socket"]);
  if (nested && !url) {
    const inner = connection(engine, library, nested, ctx, fact);
    const database = firstProperty(obj, DATABASE_KEYS);
    if (database && !inner.database) inner.database = ctx.value(database);
    return inner;
  }
  const host = firstProperty(obj, HOST_KEYS);
  const port = propertyNamed(obj, "port");
  const database = firstProperty(obj, DATABASE_KEYS);
  if (host) fact.host = ctx.value(host);
  if (port) fact.port = ctx.value(port);
  if (database) fact.database = ctx.value(database);
  if (!url && !host) fact.driverEnv = true;
  return fact;
}

/** The engine a dialect expression names when the file alone says it; otherwise the value, for the model to render. */
export function dialectOf(expr: ts.Expression | undefined, ctx: ExtractContext): { engine: Engine; dialect?: Value } {
  if (!expr) return { engine: "unknown" };
  const value = ctx.value(expr);
  const text = staticText(value);
  if (text !== undefined) return { engine: engineOfDialect(text) };
  // A driver class (`driver: PostgreSqlDriver`) names the engine by itself.
  const unwrapped = unwrap(expr);
  if (ts.isIdentifier(unwrapped)) {
    const engine = engineOfDialect(unwrapped.text);
    if (engine !== "unknown") return { engine };
  }
  return value.parts.some((p) => p.kind !== "unknown") ? { engine: "unknown", dialect: value } : { engine: "unknown" };
}

/** A connection whose engine comes from a dialect-like property of the same options object. */
export function dialectConnection(library: string, obj: ts.ObjectLiteralExpression, dialectKeys: readonly string[], ctx: ExtractContext, fallback: Engine = "unknown"): ConnectionFact {
  const { engine, dialect } = dialectOf(firstProperty(obj, dialectKeys), ctx);
  return connection(engine === "unknown" ? fallback : engine, library, obj, ctx, dialect ? { dialect } : {});
}

/** The engine a package's name implies: `@mikro-orm/postgresql`, `drizzle-orm/node-postgres`, `@neondatabase/serverless`. */
export function engineOfPackage(specifier: string): Engine {
  if (/postgres|\/pg\b|-pg\b|neon|vercel/.test(specifier)) return "postgres";
  if (/mysql|mariadb|planetscale|tidb/.test(specifier)) return "mysql";
  if (/sqlite|libsql|\bd1\b|bun-sqlite|op-sqlite|expo/.test(specifier)) return "sqlite";
  if (/mongo/.test(specifier)) return "mongodb";
  if (/mssql/.test(specifier)) return "mssql";
  return "unknown";
}

/**
 * Runs `read` as if the walk were inside `fn`: its parameters shadow outer
 * names and its top-level consts are known. For options a factory returns
 * (`useFactory: (config) => { const uri = config.get("X"); return { uri }; }`),
 * read where the factory is passed, before the walk enters it.
 */
export function inScopeOf<T>(fn: ts.FunctionLikeDeclaration, ctx: ExtractContext, read: () => T): T {
  const params = new Map<string, number>();
  fn.parameters.forEach((parameter, index) => {
    if (ts.isIdentifier(parameter.name)) params.set(parameter.name.text, index);
  });
  const locals = new Map<string, ts.Expression>();
  if (fn.body && ts.isBlock(fn.body)) {
    for (const statement of fn.body.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const decl of statement.declarationList.declarations) if (ts.isIdentifier(decl.name) && decl.initializer) locals.set(decl.name.text, decl.initializer);
    }
  }
  ctx.frames.push({ params, locals, objects: new Map() });
  try {
    return read();
  } finally {
    ctx.frames.pop();
  }
}

/** What a function returns: its expression body, or the first `return x` of its body (not of functions nested in it). */
export function returnedExpression(fn: ts.Node): ts.Expression | undefined {
  if (!isFunctionNode(fn)) return undefined;
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return body;
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionNode(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression && !readsGlobalMemo(node.expression)) found = node.expression;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/**
 * `return globalThis.__settings` (or `global["__cfg"] as Settings`): a memo an earlier call kept on the global object.
 * What the function builds and returns below it is the value; the memo is only that value again.
 */
function readsGlobalMemo(expr: ts.Expression): boolean {
  let current = unwrap(expr);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrap(current.expression);
  return ts.isIdentifier(current) && (current.text === "globalThis" || current.text === "global") && current !== unwrap(expr);
}

export function isFunctionNode(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node);
}

/**
 * The options object a function returns, read in the function's scope:
 * `(config) => ({ uri: config.get("MONGO_URI") })`. `connect` turns it into a fact.
 */
export function fromReturnedOptions<T>(fn: ts.Node, ctx: ExtractContext, connect: (options: ts.Expression) => T): T | undefined {
  const returned = returnedExpression(fn);
  if (!returned || !isFunctionNode(fn)) return undefined;
  return inScopeOf(fn, ctx, () => connect(returned));
}
