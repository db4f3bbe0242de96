import { ts } from "../../ts.js";
import type { Engine, Value } from "../../types.js";
import type { Extractor } from "../extractor.js";
import { type ExtractContext, propertyKey, propertyNamed, unknownValue } from "../context.js";
import { connection, firstProperty, importedOptions, optionsConnection, fromReturnedOptions, isFunctionNode, objectLiteralOf, push, unwrap, type ConnectionFact } from "./connection.js";
import { searchConnection } from "./search.js";

/**
 * NestJS modules that open a datastore for the application:
 * `TypeOrmModule`, `SequelizeModule`, `MikroOrmModule`, `MongooseModule`,
 * `BullModule`, `RedisModule`, `CacheModule` with a Redis store and
 * `ElasticsearchModule`, each through `forRoot(options)` / `register(options)`,
 * `forRootAsync({ useFactory })` (the options the factory returns, read in its
 * scope: `config.get("MONGO_URI")` is the env var MONGO_URI), or `useClass`
 * pointing at an options factory class (its createTypeOrmOptions() etc.).
 */

interface NestDatastoreModule {
  className: string;
  /** The library and engine of a connection whose options arch-lint cannot read (no engine: it may open none). */
  library: string;
  engine?: Engine;
  /** The module's connections are a job queue's (see DatastoreFact.queue). */
  queue?: true;
  packages: readonly string[];
  /** The method of an options factory class (`useClass`) that returns the options. */
  factoryMethod: string;
  /** The connection an options object describes; undefined when it opens none (a client passed in). */
  fromOptions(options: ts.Expression, ctx: ExtractContext): ConnectionFact | undefined;
  /** forRoot's own arguments, when they are not one options object. */
  fromArgs?(args: readonly ts.Expression[], ctx: ExtractContext): ConnectionFact | undefined;
}

const DIALECT_KEYS = ["type", "dialect", "driver"];

function sqlOptions(library: string) {
  return (options: ts.Expression, ctx: ExtractContext): ConnectionFact => optionsConnection(library, options, DIALECT_KEYS, ctx) ?? { engine: "unknown", library, url: ctx.value(options) };
}

/** Redis options of a queue or client module: `{ redis | connection | config | options: url | { host, port, db } }` or the fields themselves. */
function redisOptions(library: string, keys: readonly string[]) {
  return (options: ts.Expression, ctx: ExtractContext): ConnectionFact | undefined => {
    const object = objectLiteralOf(options, ctx);
    if (!object) return undefined;
    const inner = firstProperty(object, keys);
    const target = inner ?? (firstProperty(object, ["url", "host"]) ? object : undefined);
    if (!target) return undefined;
    const nested = objectLiteralOf(target, ctx);
    if (!nested) {
      const value = ctx.value(target);
      return value.parts.some((part) => part.kind === "env" || part.kind === "text") ? { engine: "redis", library, url: value } : undefined;
    }
    const fact = connection("redis", library, nested, ctx);
    delete fact.driverEnv;
    return fact;
  };
}

const MODULES: readonly NestDatastoreModule[] = [
  { className: "TypeOrmModule", library: "typeorm", engine: "unknown", packages: ["@nestjs/typeorm"], factoryMethod: "createTypeOrmOptions", fromOptions: sqlOptions("typeorm") },
  { className: "SequelizeModule", library: "sequelize", engine: "unknown", packages: ["@nestjs/sequelize"], factoryMethod: "createSequelizeOptions", fromOptions: sqlOptions("sequelize") },
  { className: "MikroOrmModule", library: "mikro-orm", engine: "unknown", packages: ["@mikro-orm/nestjs"], factoryMethod: "createMikroOrmOptions", fromOptions: sqlOptions("mikro-orm") },
  {
    className: "MongooseModule",
    library: "mongoose",
    engine: "mongodb",
    packages: ["@nestjs/mongoose"],
    factoryMethod: "createMongooseOptions",
    fromOptions(options, ctx) {
      const object = objectLiteralOf(options, ctx);
      const fact = connection("mongodb", "mongoose", object ?? options, ctx);
      delete fact.driverEnv;
      return fact;
    },
    fromArgs([uri, options], ctx) {
      if (!uri) return undefined;
      const fact = connection("mongodb", "mongoose", uri, ctx);
      const dbName = objectLiteralOf(options, ctx);
      const database = dbName && propertyNamed(dbName, "dbName");
      if (database) fact.database = ctx.value(database);
      return fact;
    },
  },
  { className: "BullModule", library: "bull", engine: "redis", queue: true, packages: ["@nestjs/bull", "@nestjs/bullmq"], factoryMethod: "createSharedConfiguration", fromOptions: redisOptions("bull", ["redis", "connection"]) },
  { className: "RedisModule", library: "ioredis", engine: "redis", packages: ["@nestjs-modules/ioredis", "@liaoliaots/nestjs-redis", "nestjs-redis"], factoryMethod: "createRedisOptions", fromOptions: redisOptions("ioredis", ["config", "options"]) },
  {
    className: "CacheModule",
    library: "cache-manager",
    packages: ["@nestjs/cache-manager", "@nestjs/common"],
    factoryMethod: "createCacheOptions",
    fromOptions: cacheStore,
  },
  {
    className: "ElasticsearchModule",
    library: "@nestjs/elasticsearch",
    engine: "elasticsearch",
    packages: ["@nestjs/elasticsearch"],
    factoryMethod: "createElasticsearchOptions",
    fromOptions(options, ctx) {
      const object = objectLiteralOf(options, ctx);
      return object ? searchConnection("elasticsearch", "@nestjs/elasticsearch", object, ctx) : undefined;
    },
  },
];

const PACKAGES = MODULES.flatMap((module) => module.packages);
const BY_FACTORY_METHOD = new Map(MODULES.map((module) => [module.factoryMethod, module]));
const ROOT_METHODS = new Set(["forRoot", "register"]);
const ASYNC_METHODS = new Set(["forRootAsync", "registerAsync"]);

/** CacheModule.register({ store: redisStore, host, port }) or ({ store: await redisStore({ socket, url }) }): only a Redis store is a datastore. */
function cacheStore(options: ts.Expression, ctx: ExtractContext): ConnectionFact | undefined {
  const object = objectLiteralOf(options, ctx);
  const store = object && propertyNamed(object, "store");
  if (!store) return undefined;
  const inner = unwrap(store);
  const made = ts.isCallExpression(inner) ? inner : undefined;
  const storeName = made ? made.expression : inner;
  const module = ctx.importOf(storeName)?.specifier;
  if (!module || !/redis/.test(module)) return undefined;
  const fact = connection("redis", "cache-manager", made ? made.arguments[0] : object, ctx);
  delete fact.driverEnv;
  return fact;
}

function marked(module: NestDatastoreModule, fact: ConnectionFact): ConnectionFact {
  return module.queue ? { ...fact, queue: true } : fact;
}

function moduleOf(expr: ts.Expression, ctx: ExtractContext): NestDatastoreModule | undefined {
  if (!ts.isIdentifier(expr)) return undefined;
  const imported = ctx.imports.get(expr.text);
  if (!imported || ctx.isShadowed(expr.text)) return undefined;
  return MODULES.find((module) => module.className === imported.imported && module.packages.includes(imported.specifier)) ?? mongoUrlModule(imported.imported, imported.specifier);
}

/** An option named for a MongoDB address: `mongoUrl`, `mongoURI`, `mongodb_uri`, `mongoConnectionString`. */
const MONGO_URL_KEY = /^mongo(db)?[_-]?(url|uri|connection[_-]?string)$/i;

/**
 * Another package's Nest module configured with a MongoDB address (`EventSourcingModule.forRootAsync({ useFactory:
 * (config) => ({ mongoUrl: config.get("EVENTS_MONGO_URL") }) })`, an event store's): the option's name says what it
 * opens, whatever the package. No engine of its own: an options object without such a key, or a factory arch-lint
 * cannot read, opens nothing known (the module may take no database at all).
 */
function mongoUrlModule(className: string, specifier: string): NestDatastoreModule | undefined {
  if (!/Module$/.test(className) || specifier.startsWith(".") || specifier.startsWith("@nestjs/")) return undefined;
  return {
    className,
    library: specifier,
    packages: [specifier],
    factoryMethod: "",
    fromOptions(options, ctx) {
      const object = objectLiteralOf(options, ctx);
      const address = object?.properties.find((property) => property.name !== undefined && MONGO_URL_KEY.test(propertyKey(property.name) ?? ""));
      if (!address || !(ts.isPropertyAssignment(address) || ts.isShorthandPropertyAssignment(address))) return undefined;
      const fact = connection("mongodb", specifier, ts.isPropertyAssignment(address) ? address.initializer : address.name, ctx);
      delete fact.driverEnv;
      return fact;
    },
  };
}

export const nestDatastores: Extractor = {
  family: "datastores/nest",
  callProperties: ["forRoot", "forRootAsync", "register", "registerAsync"],
  call(node, ctx) {
    // The known modules' packages, or a module told a MongoDB address by an option of that name (mongoUrlModule).
    if (!ctx.importsAny(PACKAGES) && !/mongo/i.test(ctx.text(node))) return;
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const module = moduleOf(callee.expression, ctx);
    if (!module) return;
    const method = callee.name.text;
    const args = node.arguments;
    if (ROOT_METHODS.has(method)) {
      const fact = module.fromArgs ? module.fromArgs(args, ctx) : args[0] ? module.fromOptions(args[0], ctx) : undefined;
      if (fact) push(ctx, node, marked(module, fact));
      return;
    }
    if (!ASYNC_METHODS.has(method)) return;
    const options = objectLiteralOf(args[0], ctx);
    if (!options) {
      // forRootAsync(getMongoConfig()): the async options an imported function returns, whose `useFactory`'s options
      // its own file records as `<name>.returns.<key>` (module-bindings.ts exportedOptionFactories). forRootAsync(
      // typeOrmAsyncConfig): an imported constant holding them, recorded as `<name>.useFactory.returns.<key>`.
      const inner = args[0] && unwrap(args[0]);
      const imported = inner && (ts.isCallExpression(inner) || ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) ? importedOptions(args[0], ctx) : undefined;
      const name = imported && !ts.isCallExpression(inner!) ? `${imported.name}.useFactory.returns` : imported?.name;
      if (imported && module.engine) push(ctx, node, marked(module, { engine: module.engine, library: module.library, options: { ...imported, name: name! } }));
      return;
    }
    // useClass / useExisting: the options factory class says (see classDeclaration); the model ties its connection to this use.
    const optionsClass = propertyNamed(options, "useClass") ?? propertyNamed(options, "useExisting");
    if (optionsClass) {
      const name = unwrap(optionsClass);
      if (ts.isIdentifier(name)) (ctx.facts.optionsClasses ??= []).push(name.text);
      return;
    }
    const factory = propertyNamed(options, "useFactory");
    if (!factory) return;
    const fn = factoryFunction(factory, ctx);
    const injected = fn ? injectedNamespaces(fn, options, ctx) : undefined;
    const read = () => (fn ? fromReturnedOptions(fn, ctx, (returned) => module.fromOptions(returned, ctx)) : undefined);
    const fact = injected ? ctx.withArguments(injected, read) : read();
    // useFactory: getTypeOrmConfig, imported: the options it returns, recorded by its own file.
    const imported = fact ? undefined : importedOptions(factory, ctx);
    if (fact) push(ctx, node, marked(module, fact));
    else if (imported && module.engine) push(ctx, node, marked(module, { engine: module.engine, library: module.library, options: { ...imported, name: `${imported.name}.returns` } }));
    // A factory arch-lint cannot read (imported, or returning what it computes) still opens a connection: an unresolved one, rather than nothing.
    else if (module.engine) push(ctx, node, marked(module, { engine: module.engine, library: module.library, url: unknownValue(ctx.text(factory).slice(0, 60)) }));
  },
  classDeclaration(node, ctx) {
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.name || !member.body) continue;
      const name = propertyKey(member.name);
      const module = name ? BY_FACTORY_METHOD.get(name) : undefined;
      if (!module) continue;
      const fact = fromReturnedOptions(member, ctx, (returned) => module.fromOptions(returned, ctx));
      if (fact) push(ctx, member, { ...marked(module, fact), ...(node.name ? { optionsClass: node.name.text } : {}) });
    }
  },
};

/** `useFactory: (config) => ({...})`, or the name of a function declared in this file. */
function factoryFunction(expr: ts.Expression, ctx: ExtractContext): ts.Node | undefined {
  const inner = unwrap(expr);
  if (isFunctionNode(inner)) return inner;
  if (!ts.isIdentifier(inner)) return undefined;
  const local = ctx.lookupLocal(inner.text)?.expr;
  if (local && isFunctionNode(unwrap(local))) return unwrap(local);
  for (const statement of ctx.sf.statements) if (ts.isFunctionDeclaration(statement) && statement.name?.text === inner.text) return statement;
  return undefined;
}

/**
 * `useFactory: (db: ConfigType<typeof dbConfig>) => ({ uri: db.uri }), inject: [dbConfig.KEY]`: each parameter whose
 * `inject` entry is a `registerAs` namespace's KEY stands for that namespace, so `db.uri` reads the leaf the namespace's
 * factory returns (nest-config.ts records it under the namespace's variable too).
 */
function injectedNamespaces(fn: ts.Node, options: ts.ObjectLiteralExpression, ctx: ExtractContext): Map<string, Value> | undefined {
  const inject = propertyNamed(options, "inject");
  const list = inject && unwrap(inject);
  if (!list || !ts.isArrayLiteralExpression(list) || !isFunctionNode(fn)) return undefined;
  const bound = new Map<string, Value>();
  (fn as ts.FunctionLikeDeclaration).parameters.forEach((parameter, index) => {
    const entry = list.elements[index];
    // `inject: [MongoConfigService]` of the project's own settings class (imported from a module of the repository, not a
    // package such as @nestjs/config): the parameter is its instance, so `settings.uri` reads the class's field or getter.
    if (ts.isIdentifier(parameter.name) && entry && ts.isIdentifier(entry) && /^[A-Z]/.test(entry.text)) {
      const held = ctx.value(entry);
      const only = held.parts.length === 1 ? held.parts[0] : undefined;
      if (only?.kind === "import" && only.specifier.startsWith(".") && !only.name.includes(".")) bound.set(parameter.name.text, { parts: [{ ...only, name: `${only.name}.prototype` }] });
      return;
    }
    if (!ts.isIdentifier(parameter.name) || !entry || !ts.isPropertyAccessExpression(entry) || entry.name.text !== "KEY" || !ts.isIdentifier(entry.expression)) return;
    const namespace = ctx.value(entry.expression);
    if (namespace.parts.length === 1 && namespace.parts[0]!.kind === "import") bound.set(parameter.name.text, namespace);
  });
  return bound.size ? bound : undefined;
}
