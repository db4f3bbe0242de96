import { ts } from "../../ts.js";
import type { Engine } from "../../types.js";
import type { Extractor } from "../extractor.js";
import { type ExtractContext, propertyNamed } from "../context.js";
import { isPluginFrom } from "../proxies/common.js";
import { connection, objectLiteralOf, push, type ConnectionFact } from "./connection.js";
import { searchConnection } from "./search.js";

/**
 * Fastify's database plugins open the connection themselves when registered, and hang the client on the instance
 * (`fastify.pg`, `fastify.mongo`, `fastify.redis`): `app.register(require("@fastify/postgres"), { connectionString })`,
 * `register(fastifyMongo, { url, database })`, `register(fastifyRedis, { host, port })`. The options are the driver's
 * (pg's Pool, mysql2's pool, MongoClient's URL, ioredis's), so they are read as those drivers' are. A plugin handed a
 * client the code made itself (`{ client }`) opens nothing: that client's own construction is the datastore.
 */

const PLUGINS: { modules: readonly string[]; engine: Engine }[] = [
  { modules: ["@fastify/postgres", "fastify-postgres"], engine: "postgres" },
  { modules: ["@fastify/mysql", "fastify-mysql"], engine: "mysql" },
  { modules: ["@fastify/mongodb", "fastify-mongodb"], engine: "mongodb" },
  { modules: ["@fastify/redis", "fastify-redis"], engine: "redis" },
  { modules: ["@fastify/elasticsearch", "fastify-elasticsearch"], engine: "elasticsearch" },
];
const MODULES = PLUGINS.flatMap((plugin) => plugin.modules);

export const fastifyPluginDatastores: Extractor = {
  family: "datastores/fastify-plugins",
  modules: MODULES,
  callProperties: ["register"],
  call(node, ctx) {
    const [plugin, optionsArg] = node.arguments;
    if (!plugin) return;
    const found = PLUGINS.find((p) => isPluginFrom(plugin, p.modules, ctx));
    if (!found) return;
    const fact = pluginConnection(found.engine, found.modules[0]!, optionsArg, ctx);
    if (fact) push(ctx, node, fact);
  },
};

function pluginConnection(engine: Engine, library: string, optionsArg: ts.Expression | undefined, ctx: ExtractContext): ConnectionFact | undefined {
  const options = objectLiteralOf(optionsArg, ctx);
  // A client made elsewhere and handed over: that client is the datastore, counted where it is made.
  if (options && propertyNamed(options, "client")) return undefined;
  if (engine === "elasticsearch") return options ? searchConnection(engine, library, options, ctx) : undefined;
  // `register(fastifyRedis, { host, password })` etc.: the driver's options, or, given none, its defaults (the model's
  // localhost) for Redis and the environment (PGHOST …) for pg.
  const fact = connection(engine, library, optionsArg, ctx);
  if (engine === "redis" || engine === "mongodb") delete fact.driverEnv;
  return fact;
}
